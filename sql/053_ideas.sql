-- Ideas and positions (src/ideas/): the arguments on an idea page are the
-- newest positions of the idea that carry one.
CREATE INDEX positions_idea_recent ON positions(idea_id, updated_at, id);
