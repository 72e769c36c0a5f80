-- The header's "Notifications (N)" counts one person's unread notifications
-- on every page a signed-in person loads: a partial index keeps it to the
-- unread rows of that person only.
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;
