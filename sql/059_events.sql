-- Workshops and events (src/events/): an event with its texts in fi/sv/en,
-- time, place (a service point, a free address or an online link), capacity
-- and registration deadline; registrations with a waiting list.

CREATE TABLE events (
    id @ID@,
    space_id @BIGINT@ REFERENCES spaces(id) ON DELETE SET NULL,  -- NULL: county-wide, public
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    description_fi TEXT NOT NULL DEFAULT '',   -- Markdown
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    starts_at @BIGINT@ NOT NULL,
    ends_at @BIGINT@ NOT NULL,
    service_point_id @BIGINT@ REFERENCES service_points(id) ON DELETE SET NULL,
    address TEXT NOT NULL DEFAULT '',          -- free address when not at a service point
    online_url TEXT NOT NULL DEFAULT '',       -- https only
    accessibility_fi TEXT NOT NULL DEFAULT '',
    accessibility_sv TEXT NOT NULL DEFAULT '',
    accessibility_en TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL CHECK (capacity >= 1),
    registration_deadline @BIGINT@ NOT NULL,
    summary_fi TEXT NOT NULL DEFAULT '',       -- Markdown, written by staff after the event
    summary_sv TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    -- bumped by every registration and cancellation: the UPDATE locks the
    -- event's row, so places are counted and taken one at a time
    reg_version @BIGINT@ NOT NULL DEFAULT 0,
    created_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (registration_deadline <= starts_at)
);
CREATE INDEX events_starts ON events(starts_at, id);
CREATE INDEX events_space ON events(space_id, starts_at);

-- One place per registration. name, email and needs are personal data:
-- erased (NULL, '') some days after the event, the row stays for counts.
-- token: the random cancellation token. It is kept (not only a hash) because
-- the reminder and the waiting-list e-mails carry the same link again.
CREATE TABLE event_registrations (
    id @ID@,
    event_id @BIGINT@ NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    name TEXT,
    email TEXT,                                -- lower case
    needs TEXT NOT NULL DEFAULT '',            -- accessibility or dietary needs
    lang TEXT NOT NULL DEFAULT 'fi',
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    token TEXT NOT NULL UNIQUE,
    created_at @BIGINT@ NOT NULL,
    promoted_at @BIGINT@,
    cancelled_at @BIGINT@,
    reminded_at @BIGINT@,
    erased_at @BIGINT@
);
CREATE INDEX event_registrations_event ON event_registrations(event_id, status, id);
-- one active registration per address and event
CREATE UNIQUE INDEX event_registrations_once ON event_registrations(event_id, email)
    WHERE status <> 'cancelled';
