-- Service directory (issue 6): services, service points, channels, opening
-- hours and the offer, modelled on the national service catalogue (PTV).
--
-- LEVELS of the offer (service_offers.level, service_standards.level,
-- offer_history.old_level/new_level), best -> worst:
--
--     walk_in_daily   (rank 1)  walk in any weekday the point is open
--     by_appointment  (rank 2)  on site, by appointment
--     weekly_days     (rank 3)  on site on some weekdays only (service_offers.weekdays)
--     remote_only     (rank 4)  only by phone, chat, video or e-service
--     not_offered     (rank 5)  not available at this point
--
-- Compare levels by service_levels.rank (lower is better): a point reaches the
-- county standard when rank(offer.level) <= rank(standard.level). A service
-- with no service_offers row at a point counts as not_offered.
--
-- Conventions used throughout:
--  * Texts per language in _fi/_sv/_en columns; '' means "not translated" and
--    readers fall back to Finnish.
--  * Language lists (languages columns) are ISO 639-1 codes, lower case,
--    comma-separated without spaces, e.g. 'fi,sv' or 'fi,sv,en'.
--  * Dates are ISO 8601 text 'YYYY-MM-DD' (local date in Europe/Helsinki);
--    times of day are minutes after local midnight (0..1440).
--  * Booleans are INTEGER 0/1. Times of change are Unix seconds (app_now()).
--  * Coordinates are WGS84 decimal degrees.

CREATE TABLE service_levels (
    code TEXT PRIMARY KEY,
    rank INTEGER NOT NULL UNIQUE          -- 1 best .. 5 worst
);
INSERT INTO service_levels (code, rank) VALUES
    ('walk_in_daily', 1), ('by_appointment', 2), ('weekly_days', 3),
    ('remote_only', 4), ('not_offered', 5);

-- Centre of each municipality (e.g. the town hall), for "nearest first".
CREATE TABLE municipality_centres (
    municipality_id @BIGINT@ PRIMARY KEY REFERENCES municipalities(id) ON DELETE CASCADE,
    lat DOUBLE PRECISION NOT NULL,
    lon DOUBLE PRECISION NOT NULL
);

-- PTV service classes (e.g. 'P3.1' health promotion); code is the PTV code.
CREATE TABLE service_classes (
    code TEXT PRIMARY KEY,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT ''
);

-- PTV target groups (e.g. 'KR1' citizens, 'KR1.2' families with children).
CREATE TABLE target_groups (
    code TEXT PRIMARY KEY,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT ''
);

CREATE TABLE services (
    id @ID@,
    code TEXT NOT NULL UNIQUE,            -- stable, URL-safe, e.g. 'family-counselling'
    ptv_id TEXT UNIQUE,                   -- PTV service UUID when known
    service_class TEXT REFERENCES service_classes(code) ON DELETE SET NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    summary_fi TEXT NOT NULL DEFAULT '',  -- one sentence, shown in search results
    summary_sv TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    description_fi TEXT NOT NULL DEFAULT '',  -- Markdown (md4c, raw HTML off)
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL
);

CREATE TABLE service_target_groups (
    service_id @BIGINT@ NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    target_group TEXT NOT NULL REFERENCES target_groups(code) ON DELETE CASCADE,
    PRIMARY KEY (service_id, target_group)
);

-- Keywords and synonyms staff maintain for search, per language. The term is
-- stored lower-cased in its base form ('perheneuvola', 'familjerådgivning',
-- 'kasvatusneuvola'); search matches inflected forms against it.
-- kind: 'keyword' (PTV keyword, exported) or 'synonym' (local, search only).
CREATE TABLE service_keywords (
    id @ID@,
    service_id @BIGINT@ NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
    term TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'synonym' CHECK (kind IN ('keyword', 'synonym')),
    created_at @BIGINT@ NOT NULL,
    created_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (service_id, lang, term)
);
CREATE INDEX service_keywords_term ON service_keywords(lang, term);

-- Service points = PTV service location channels.
CREATE TABLE service_points (
    id @ID@,
    code TEXT NOT NULL UNIQUE,            -- stable, URL-safe, e.g. 'raasepori-sote'
    ptv_id TEXT UNIQUE,                   -- PTV channel UUID when known
    municipality_id @BIGINT@ NOT NULL REFERENCES municipalities(id),
    kind TEXT NOT NULL CHECK (kind IN ('sote_centre', 'health_station', 'family_centre', 'meeting_point')),
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    street_fi TEXT NOT NULL DEFAULT '',   -- visiting address
    street_sv TEXT NOT NULL DEFAULT '',
    street_en TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    post_office_fi TEXT NOT NULL DEFAULT '',
    post_office_sv TEXT NOT NULL DEFAULT '',
    post_office_en TEXT NOT NULL DEFAULT '',
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    directions_fi TEXT NOT NULL DEFAULT '',    -- how to get there (public transport, parking)
    directions_sv TEXT NOT NULL DEFAULT '',
    directions_en TEXT NOT NULL DEFAULT '',
    accessibility_fi TEXT NOT NULL DEFAULT '', -- free text accessibility details
    accessibility_sv TEXT NOT NULL DEFAULT '',
    accessibility_en TEXT NOT NULL DEFAULT '',
    step_free INTEGER,                    -- 0/1, NULL unknown
    accessible_toilet INTEGER,
    induction_loop INTEGER,
    accessible_parking INTEGER,
    languages TEXT NOT NULL DEFAULT 'fi', -- languages of service at the point
    email TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL
);
CREATE INDEX service_points_municipality ON service_points(municipality_id);

-- Other channels: phone, e-service, web page, chat, video. Linked to a
-- point, a service, or both (a service's phone line at one point); at least one.
CREATE TABLE service_channels (
    id @ID@,
    ptv_id TEXT UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'eservice', 'webpage', 'chat', 'video')),
    point_id @BIGINT@ REFERENCES service_points(id) ON DELETE CASCADE,
    service_id @BIGINT@ REFERENCES services(id) ON DELETE CASCADE,
    name_fi TEXT NOT NULL DEFAULT '',
    name_sv TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',       -- E.164, e.g. '+358191234567' (kind phone)
    url TEXT NOT NULL DEFAULT '',         -- https URL (eservice, webpage, chat, video)
    charge TEXT NOT NULL DEFAULT 'free' CHECK (charge IN ('free', 'local', 'other')),
    charge_info_fi TEXT NOT NULL DEFAULT '',   -- e.g. price per minute when charge = 'other'
    charge_info_sv TEXT NOT NULL DEFAULT '',
    charge_info_en TEXT NOT NULL DEFAULT '',
    hours_fi TEXT NOT NULL DEFAULT '',    -- hours as text; structured hours in opening_hours
    hours_sv TEXT NOT NULL DEFAULT '',
    hours_en TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT 'fi',
    sort_order INTEGER NOT NULL DEFAULT 0,
    CHECK (point_id IS NOT NULL OR service_id IS NOT NULL)
);
CREATE INDEX service_channels_point ON service_channels(point_id);
CREATE INDEX service_channels_service ON service_channels(service_id);

-- Regular opening hours: one row per period; several periods a day allowed.
-- weekday is ISO (1 Monday .. 7 Sunday). closes_min <= opens_min means the
-- period runs past midnight into the next day (e.g. 1200..480 = 20:00-08:00);
-- 0..1440 is the whole day. Rows with valid_from/valid_to (inclusive dates)
-- are a validity period (e.g. summer hours): on a date covered by any such
-- row of the same point/channel, only the rows of periods covering that date
-- apply; otherwise the open-ended rows (both NULL) apply.
-- Either point_id (visiting hours) or channel_id (e.g. phone hours) is set.
CREATE TABLE opening_hours (
    id @ID@,
    point_id @BIGINT@ REFERENCES service_points(id) ON DELETE CASCADE,
    channel_id @BIGINT@ REFERENCES service_channels(id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens_min INTEGER NOT NULL CHECK (opens_min BETWEEN 0 AND 1439),
    closes_min INTEGER NOT NULL CHECK (closes_min BETWEEN 0 AND 1440),
    valid_from TEXT,
    valid_to TEXT,
    CHECK (point_id IS NOT NULL OR channel_id IS NOT NULL)
);
CREATE INDEX opening_hours_point ON opening_hours(point_id);
CREATE INDEX opening_hours_channel ON opening_hours(channel_id);

-- Exceptional days and holidays (date_from..date_to inclusive; date_to NULL =
-- one day). closed = 1: closed all day. closed = 0: special hours replace the
-- regular hours on those days (several rows = several periods). A period
-- past midnight (closes_min <= opens_min) ends on the following morning.
CREATE TABLE opening_exceptions (
    id @ID@,
    point_id @BIGINT@ REFERENCES service_points(id) ON DELETE CASCADE,
    channel_id @BIGINT@ REFERENCES service_channels(id) ON DELETE CASCADE,
    date_from TEXT NOT NULL,
    date_to TEXT,
    closed INTEGER NOT NULL DEFAULT 1,
    opens_min INTEGER CHECK (opens_min BETWEEN 0 AND 1439),
    closes_min INTEGER CHECK (closes_min BETWEEN 0 AND 1440),
    note_fi TEXT NOT NULL DEFAULT '',     -- e.g. 'Itsenäisyyspäivä'
    note_sv TEXT NOT NULL DEFAULT '',
    note_en TEXT NOT NULL DEFAULT '',
    CHECK (point_id IS NOT NULL OR channel_id IS NOT NULL),
    CHECK (closed = 1 OR (opens_min IS NOT NULL AND closes_min IS NOT NULL))
);
CREATE INDEX opening_exceptions_point ON opening_exceptions(point_id, date_from);

-- The offer: which service is given at which point, how, and in which languages.
CREATE TABLE service_offers (
    service_id @BIGINT@ NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    point_id @BIGINT@ NOT NULL REFERENCES service_points(id) ON DELETE CASCADE,
    level TEXT NOT NULL REFERENCES service_levels(code),
    weekdays TEXT NOT NULL DEFAULT '',    -- level weekly_days: ISO weekdays, e.g. '2,4'
    languages TEXT NOT NULL DEFAULT 'fi', -- languages in which this service is given here
    note_fi TEXT NOT NULL DEFAULT '',
    note_sv TEXT NOT NULL DEFAULT '',
    note_en TEXT NOT NULL DEFAULT '',
    updated_at @BIGINT@ NOT NULL,
    updated_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (service_id, point_id)
);
CREATE INDEX service_offers_point ON service_offers(point_id);

-- County standard: the level every municipality should reach for a service
-- (at least one point in the municipality at this level or better).
-- languages: languages every bilingual municipality should offer it in.
CREATE TABLE service_standards (
    service_id @BIGINT@ PRIMARY KEY REFERENCES services(id) ON DELETE CASCADE,
    level TEXT NOT NULL REFERENCES service_levels(code),
    languages TEXT NOT NULL DEFAULT 'fi,sv',
    note_fi TEXT NOT NULL DEFAULT '',
    note_sv TEXT NOT NULL DEFAULT '',
    note_en TEXT NOT NULL DEFAULT '',
    updated_at @BIGINT@ NOT NULL,
    updated_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL
);

-- What changed in the offer. old_level NULL = the offer row was created;
-- new_level NULL = the offer row was removed.
CREATE TABLE offer_history (
    id @ID@,
    service_id @BIGINT@ NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    point_id @BIGINT@ NOT NULL REFERENCES service_points(id) ON DELETE CASCADE,
    old_level TEXT,
    new_level TEXT,
    old_languages TEXT,
    new_languages TEXT,
    note TEXT NOT NULL DEFAULT '',
    changed_at @BIGINT@ NOT NULL,
    changed_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX offer_history_offer ON offer_history(service_id, point_id, changed_at);
CREATE INDEX offer_history_time ON offer_history(changed_at);
