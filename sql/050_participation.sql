-- Participation community, the shared core: groups (councils, working groups),
-- spaces with phases, audiences and participation policies, ideas, positions,
-- comments, follows, notifications, reports and account blocks.
-- Features add their own tables in later migrations (051-059).

CREATE TABLE groups (
    id @ID@,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'working_group'
        CHECK (kind IN ('council', 'working_group')),
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    description_fi TEXT NOT NULL DEFAULT '',
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    join_policy TEXT NOT NULL DEFAULT 'request'
        CHECK (join_policy IN ('invitation', 'request')),
    created_at @BIGINT@ NOT NULL
);

-- status: 'invited' (waits for the person), 'requested' (waits for a chair
-- or staff), 'member'. role 'chair' may approve and invite.
CREATE TABLE group_members (
    group_id @BIGINT@ NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id @BIGINT@ NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'chair')),
    status TEXT NOT NULL CHECK (status IN ('invited', 'requested', 'member')),
    created_at @BIGINT@ NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id, status);

-- audience: who may see the space at all. policy_*: who may do what
-- ('nobody', 'anyone' = also without an account, 'registered').
CREATE TABLE spaces (
    id @ID@,
    slug TEXT NOT NULL UNIQUE,
    theme_id @BIGINT@ REFERENCES themes(id) ON DELETE SET NULL,
    project_id @BIGINT@ REFERENCES projects(id) ON DELETE SET NULL,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    description_fi TEXT NOT NULL DEFAULT '',
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT 'everyone'
        CHECK (audience IN ('everyone', 'registered', 'group', 'staff')),
    group_id @BIGINT@ REFERENCES groups(id) ON DELETE SET NULL,
    policy_idea TEXT NOT NULL DEFAULT 'registered' CHECK (policy_idea IN ('nobody', 'anyone', 'registered')),
    policy_position TEXT NOT NULL DEFAULT 'registered' CHECK (policy_position IN ('nobody', 'anyone', 'registered')),
    policy_comment TEXT NOT NULL DEFAULT 'registered' CHECK (policy_comment IN ('nobody', 'anyone', 'registered')),
    published INTEGER NOT NULL DEFAULT 1,
    created_at @BIGINT@ NOT NULL
);

-- Phases follow each other by starts_at; the current one is the latest that
-- has started and not ended. allow_*: what the phase permits (the space's
-- policy says who).
CREATE TABLE space_phases (
    id @ID@,
    space_id @BIGINT@ NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('collecting', 'evaluating', 'decided', 'closed')),
    starts_at @BIGINT@ NOT NULL,
    ends_at @BIGINT@,                   -- NULL: open-ended
    allow_ideas INTEGER NOT NULL DEFAULT 0,
    allow_positions INTEGER NOT NULL DEFAULT 0,
    allow_comments INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX space_phases_space ON space_phases(space_id, starts_at);

CREATE TABLE space_moderators (
    space_id @BIGINT@ NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    user_id @BIGINT@ NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (space_id, user_id)
);

-- status is the county's official answer; answer_* its text.
CREATE TABLE ideas (
    id @ID@,
    space_id @BIGINT@ NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    author_name TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'fi',
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    municipality_id @BIGINT@ REFERENCES municipalities(id) ON DELETE SET NULL,
    service_point_id @BIGINT@ REFERENCES service_points(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'considering', 'accepted', 'rejected', 'implemented')),
    answer_text TEXT NOT NULL DEFAULT '',
    answer_project_id @BIGINT@ REFERENCES projects(id) ON DELETE SET NULL,
    answered_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    answered_at @BIGINT@,
    -- counters kept in the same transaction as the rows they count
    support_count @BIGINT@ NOT NULL DEFAULT 0,      -- positions 'for' (registered + anonymous)
    against_count @BIGINT@ NOT NULL DEFAULT 0,
    neutral_count @BIGINT@ NOT NULL DEFAULT 0,
    anonymous_count @BIGINT@ NOT NULL DEFAULT 0,    -- of the three, those without an account
    comment_count @BIGINT@ NOT NULL DEFAULT 0,      -- visible comments
    hidden_at @BIGINT@,
    hidden_reason TEXT,
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL
);
CREATE INDEX ideas_space_new ON ideas(space_id, created_at, id);
CREATE INDEX ideas_space_support ON ideas(space_id, support_count, id);
CREATE INDEX ideas_space_discussed ON ideas(space_id, comment_count, id);

-- One position per person and idea: user_id for accounts, anon_key (a keyed
-- hash of a random browser token, never an IP address) for people without.
CREATE TABLE positions (
    id @ID@,
    idea_id @BIGINT@ NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    user_id @BIGINT@ REFERENCES users(id) ON DELETE CASCADE,
    anon_key TEXT,
    stance TEXT NOT NULL CHECK (stance IN ('for', 'against', 'neutral')),
    argument TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'fi',
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL,
    CHECK ((user_id IS NULL) <> (anon_key IS NULL))
);
CREATE UNIQUE INDEX positions_user ON positions(idea_id, user_id);
CREATE UNIQUE INDEX positions_anon ON positions(idea_id, anon_key);

-- Comments on anything commentable: target_type 'idea' or 'section'
-- (a consultation's draft section). parent_id: two levels at most.
CREATE TABLE comments (
    id @ID@,
    target_type TEXT NOT NULL CHECK (target_type IN ('idea', 'section')),
    target_id @BIGINT@ NOT NULL,
    parent_id @BIGINT@ REFERENCES comments(id) ON DELETE CASCADE,
    user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    author_name TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'fi',
    body TEXT NOT NULL,
    support_count @BIGINT@ NOT NULL DEFAULT 0,
    edited_at @BIGINT@,
    hidden_at @BIGINT@,
    hidden_reason TEXT,
    created_at @BIGINT@ NOT NULL
);
CREATE INDEX comments_target ON comments(target_type, target_id, created_at, id);
CREATE INDEX comments_parent ON comments(parent_id);

CREATE TABLE comment_supports (
    comment_id @BIGINT@ NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    user_id @BIGINT@ NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at @BIGINT@ NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

-- target_type: 'space', 'idea', 'draft', 'group', 'event'.
CREATE TABLE follows (
    user_id @BIGINT@ NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    target_type TEXT NOT NULL,
    target_id @BIGINT@ NOT NULL,
    created_at @BIGINT@ NOT NULL,
    PRIMARY KEY (user_id, target_type, target_id)
);
CREATE INDEX follows_target ON follows(target_type, target_id);

-- In-app notifications, rendered in the reader's language from kind + title.
-- kind: 'answer', 'status', 'reply', 'comment', 'statement', 'summary', 'event'.
-- path: a URL without the language prefix, e.g. '/ideas/12#comment-40'.
CREATE TABLE notifications (
    id @ID@,
    user_id @BIGINT@ NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    path TEXT NOT NULL,
    created_at @BIGINT@ NOT NULL,
    read_at @BIGINT@,
    digested_at @BIGINT@
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
CREATE INDEX notifications_digest ON notifications(digested_at, user_id);

-- Daily e-mail digest is opt-in; unsubscribe_token (random) makes the
-- one-click link work without signing in.
CREATE TABLE notification_settings (
    user_id @BIGINT@ PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    daily_digest INTEGER NOT NULL DEFAULT 0,
    unsubscribe_token TEXT NOT NULL UNIQUE,
    last_digest_at @BIGINT@
);

-- Reports by anyone (reporter_user_id NULL without an account: nothing else
-- about the reporter is kept). target_type 'idea', 'comment', 'position', 'statement'.
CREATE TABLE reports (
    id @ID@,
    target_type TEXT NOT NULL,
    target_id @BIGINT@ NOT NULL,
    reason TEXT NOT NULL,
    reporter_user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL,
    resolved_at @BIGINT@,
    resolved_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    resolution TEXT                      -- 'hidden', 'kept'
);
CREATE INDEX reports_open ON reports(resolved_at, created_at);

-- Every moderator action, shown to moderators and admins.
CREATE TABLE moderation_log (
    id @ID@,
    moderator_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,                -- 'hide', 'restore', 'block', 'unblock', 'dismiss'
    target_type TEXT NOT NULL,
    target_id @BIGINT@ NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at @BIGINT@ NOT NULL
);
CREATE INDEX moderation_log_time ON moderation_log(created_at);

CREATE TABLE account_blocks (
    id @ID@,
    user_id @BIGINT@ NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    blocked_until @BIGINT@ NOT NULL,
    reason TEXT NOT NULL,
    blocked_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL,
    lifted_at @BIGINT@
);
CREATE INDEX account_blocks_user ON account_blocks(user_id, blocked_until);

-- Consultations on draft plans: a draft split into sections that residents
-- comment on (comments.target_type = 'section'); staff publish a summary of
-- what changed. Open between opens_at and closes_at; readable after.
CREATE TABLE drafts (
    id @ID@,
    space_id @BIGINT@ NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    intro_fi TEXT NOT NULL DEFAULT '',
    intro_sv TEXT NOT NULL DEFAULT '',
    intro_en TEXT NOT NULL DEFAULT '',
    opens_at @BIGINT@ NOT NULL,
    closes_at @BIGINT@ NOT NULL,
    summary_fi TEXT NOT NULL DEFAULT '',     -- what changed because of the comments
    summary_sv TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    summary_published_at @BIGINT@,
    created_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL
);
CREATE INDEX drafts_space ON drafts(space_id, opens_at);

CREATE TABLE draft_sections (
    id @ID@,
    draft_id @BIGINT@ NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    heading_fi TEXT NOT NULL,
    heading_sv TEXT NOT NULL DEFAULT '',
    heading_en TEXT NOT NULL DEFAULT '',
    body_fi TEXT NOT NULL DEFAULT '',
    body_sv TEXT NOT NULL DEFAULT '',
    body_en TEXT NOT NULL DEFAULT '',
    comment_count @BIGINT@ NOT NULL DEFAULT 0
);
CREATE INDEX draft_sections_draft ON draft_sections(draft_id, position);
