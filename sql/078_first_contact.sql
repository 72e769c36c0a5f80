-- First contact (issue 11): self-assessment questionnaires as FHIR R4
-- Questionnaire resources, the anonymous assessments residents make with
-- them, and callback requests that hand a resident over to a professional.

-- One questionnaire residents know by its need ("mental health and
-- substance use"); its versions hold the FHIR resources.
CREATE TABLE questionnaires (
    id @ID@,
    slug TEXT NOT NULL UNIQUE,                -- URL name, e.g. 'mental-health'
    service_id @BIGINT@ REFERENCES services(id) ON DELETE SET NULL,  -- where its outcomes lead
    sort_order INTEGER NOT NULL DEFAULT 0,
    published_version_id @BIGINT@,            -- what residents answer; NULL: not published
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL
);

CREATE TABLE questionnaire_versions (
    id @ID@,
    questionnaire_id @BIGINT@ NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,                 -- 1, 2, ... within the questionnaire
    url TEXT NOT NULL DEFAULT '',             -- the resource's canonical url
    fhir_version TEXT NOT NULL DEFAULT '',    -- the resource's own version element
    name TEXT NOT NULL DEFAULT '',
    title_fi TEXT NOT NULL DEFAULT '',
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,                     -- FHIR status: draft, active, retired
    resource TEXT NOT NULL,                   -- the FHIR JSON as imported (byte order mark removed)
    created_at @BIGINT@ NOT NULL,
    created_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (questionnaire_id, version)
);
CREATE INDEX questionnaire_versions_url ON questionnaire_versions(url);

-- An assessment is anonymous: the answers, score, outcome, version,
-- municipality if given and time; no account, address, agent or cookie.
CREATE TABLE assessments (
    id @ID@,
    questionnaire_id @BIGINT@ NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
    version_id @BIGINT@ NOT NULL REFERENCES questionnaire_versions(id) ON DELETE CASCADE,
    municipality_id @BIGINT@ REFERENCES municipalities(id) ON DELETE SET NULL,
    lang TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('form', 'fhir')),
    answers TEXT NOT NULL,                    -- JSON {linkId: [values]} of the enabled items only
    score DOUBLE PRECISION NOT NULL,
    urgency TEXT NOT NULL CHECK (urgency IN ('emergency', 'urgent', 'days', 'routine', 'selfcare')),
    rule_index INTEGER NOT NULL,
    receipt_hash TEXT UNIQUE,                 -- SHA-256 of the resident's receipt token, which opens the outcome again
    handed_over INTEGER NOT NULL DEFAULT 0,   -- a callback was requested from it
    week_start @BIGINT@ NOT NULL,             -- Monday 00:00 Helsinki time of created_at, for reports
    created_at @BIGINT@ NOT NULL
);
CREATE INDEX assessments_report ON assessments(questionnaire_id, week_start, municipality_id, urgency);
-- the receipts still to forget: the purge reads only these
CREATE INDEX assessments_receipts ON assessments(created_at) WHERE receipt_hash IS NOT NULL;

-- A resident's request to be called back, with the answers that led to it.
CREATE TABLE callback_requests (
    id @ID@,
    reference TEXT NOT NULL UNIQUE,           -- shown to the resident, e.g. 'SA-7K3M-9QXD'
    assessment_id @BIGINT@ REFERENCES assessments(id) ON DELETE SET NULL,
    service_id @BIGINT@ REFERENCES services(id) ON DELETE SET NULL,
    municipality_id @BIGINT@ NOT NULL REFERENCES municipalities(id),
    urgency TEXT NOT NULL CHECK (urgency IN ('urgent', 'days', 'routine', 'selfcare')),
    phone TEXT,                               -- erased callback retention days after closing
    email TEXT,                               -- for the confirmation only; erased likewise
    message TEXT,                             -- erased likewise
    preferred_lang TEXT NOT NULL CHECK (preferred_lang IN ('fi', 'sv', 'en')),
    time_windows TEXT NOT NULL DEFAULT '',    -- 'morning,afternoon,evening' subset
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'claimed', 'retry', 'rescheduled', 'closed')),
    result TEXT CHECK (result IN ('reached', 'no_answer', 'rescheduled', 'referred')),
    referred_service_id @BIGINT@ REFERENCES services(id) ON DELETE SET NULL,
    claimed_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    claimed_at @BIGINT@,
    first_call_at @BIGINT@,                   -- the first call attempt, for the time-to-call report
    next_call_at @BIGINT@,                    -- when rescheduled
    due_at @BIGINT@ NOT NULL,                 -- created_at + the urgency's target to claim
    closed_at @BIGINT@,
    erased_at @BIGINT@,
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL
);
CREATE INDEX callback_requests_queue ON callback_requests(status, municipality_id, due_at);
CREATE INDEX callback_requests_closed ON callback_requests(closed_at);

-- What staff did with a request: calls, results, internal notes.
CREATE TABLE callback_events (
    id @ID@,
    callback_id @BIGINT@ NOT NULL REFERENCES callback_requests(id) ON DELETE CASCADE,
    user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL CHECK (action IN ('claim', 'call', 'note', 'release')),
    result TEXT,
    note TEXT,                                -- internal; erased with the request's personal data
    created_at @BIGINT@ NOT NULL
);
CREATE INDEX callback_events_request ON callback_events(callback_id, created_at);
