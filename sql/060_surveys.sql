-- Surveys (issue 5): the builder's model and the respondents' answers.
-- Engineer F owns this file (060-064); results, exports and service-point
-- satisfaction (065-069) build on it. The C model is src/surveys/surveys.h.
--
-- Conventions: texts per language in _fi/_sv/_en columns, '' = missing
-- (the builder's completeness check lists them); booleans INTEGER 0/1;
-- times Unix seconds.
--
-- ANONYMITY. For a survey with anonymity 'anonymous' no row of responses or
-- answers holds, or can be joined to, the respondent's account or session:
-- responses.user_id stays NULL, submitted_at is rounded down to the day,
-- and "one answer per person" is kept in survey_answer_keys, which holds a
-- keyed hash (secret from settings 'survey_key') of survey id + user id and
-- nothing that leads to the response. Identified surveys store user_id.

CREATE TABLE surveys (
    id @ID@,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'survey' CHECK (kind IN ('survey', 'satisfaction')),
    title_fi TEXT NOT NULL DEFAULT '',
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    intro_fi TEXT NOT NULL DEFAULT '',       -- Markdown
    intro_sv TEXT NOT NULL DEFAULT '',
    intro_en TEXT NOT NULL DEFAULT '',
    -- who may answer: everyone (also without an account), registered
    -- (any account), group (approved members of group_id), staff (staff
    -- roles; limited by survey_municipalities when it has rows)
    audience TEXT NOT NULL DEFAULT 'everyone'
        CHECK (audience IN ('everyone', 'registered', 'group', 'staff')),
    group_id @BIGINT@ REFERENCES groups(id) ON DELETE SET NULL,
    anonymity TEXT NOT NULL DEFAULT 'anonymous' CHECK (anonymity IN ('anonymous', 'identified')),
    opens_at @BIGINT@,                       -- NULL: open when published
    closes_at @BIGINT@,                      -- NULL: until closed by hand
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
    results_public INTEGER NOT NULL DEFAULT 0,
    -- 1: the last page ends with optional background questions
    -- (municipality, respondent group) stored in responses for breakdowns
    ask_background INTEGER NOT NULL DEFAULT 1,
    service_point_id @BIGINT@ REFERENCES service_points(id) ON DELETE SET NULL,
    channel TEXT NOT NULL DEFAULT '',        -- satisfaction surveys: e.g. 'visit', 'phone', 'chat'
    created_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL
);
CREATE INDEX surveys_status ON surveys(status, created_at);

-- Staff-only surveys limited to staff of some municipalities (no rows: all).
CREATE TABLE survey_municipalities (
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    municipality_id @BIGINT@ NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    PRIMARY KEY (survey_id, municipality_id)
);

-- Pages in order. A page is shown only when its condition holds (condition
-- semantics as for questions below); every survey has at least one page.
CREATE TABLE survey_pages (
    id @ID@,
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title_fi TEXT NOT NULL DEFAULT '',       -- optional heading of the page
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    condition_question_id @BIGINT@,          -- NULL: always shown
    condition_option_id @BIGINT@             -- shown when that question's answer equals / contains this option
);
CREATE INDEX survey_pages_survey ON survey_pages(survey_id, position);

-- kind:
--   single   one option (radios), optional "other: ___"
--   multi    any options (checkboxes), optional "other: ___"
--   scale    value_int in scale_min..scale_max, end labels scale_*_label
--   nps      value_int 0..10 ("how likely to recommend")
--   yesno    value_int 1 = yes, 0 = no
--   text     one line, value_text
--   longtext several lines, value_text
--   matrix   rows = options with is_row = 1, columns = options with is_row = 0;
--            one answer row per matrix row: row_option_id + option_id
--   ranking  every option gets a distinct rank 1..n: option_id + rank
-- Condition: shown only when question condition_question_id (earlier in the
-- survey, single/multi/yesno) has the answer condition_option_id (single:
-- equals, multi: contains; yesno: option id 1 = yes, 0 = no).
CREATE TABLE survey_questions (
    id @ID@,
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    page_id @BIGINT@ NOT NULL REFERENCES survey_pages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('single', 'multi', 'scale', 'nps', 'yesno', 'text',
                                       'longtext', 'matrix', 'ranking')),
    required INTEGER NOT NULL DEFAULT 0,
    has_other INTEGER NOT NULL DEFAULT 0,
    text_fi TEXT NOT NULL DEFAULT '',
    text_sv TEXT NOT NULL DEFAULT '',
    text_en TEXT NOT NULL DEFAULT '',
    help_fi TEXT NOT NULL DEFAULT '',
    help_sv TEXT NOT NULL DEFAULT '',
    help_en TEXT NOT NULL DEFAULT '',
    scale_min INTEGER NOT NULL DEFAULT 1,
    scale_max INTEGER NOT NULL DEFAULT 5,
    scale_min_label_fi TEXT NOT NULL DEFAULT '',
    scale_min_label_sv TEXT NOT NULL DEFAULT '',
    scale_min_label_en TEXT NOT NULL DEFAULT '',
    scale_max_label_fi TEXT NOT NULL DEFAULT '',
    scale_max_label_sv TEXT NOT NULL DEFAULT '',
    scale_max_label_en TEXT NOT NULL DEFAULT '',
    condition_question_id @BIGINT@,
    condition_option_id @BIGINT@
);
CREATE INDEX survey_questions_page ON survey_questions(survey_id, page_id, position);

CREATE TABLE survey_options (
    id @ID@,
    question_id @BIGINT@ NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    is_row INTEGER NOT NULL DEFAULT 0,       -- matrix rows; 0: options / matrix columns
    text_fi TEXT NOT NULL DEFAULT '',
    text_sv TEXT NOT NULL DEFAULT '',
    text_en TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_options_question ON survey_options(question_id, is_row, position);

-- One row per submitted answer sheet. lang: the language answered in.
-- respondent_group: 'resident', 'client', 'family', 'staff' or '' (not told).
-- user_id: identified surveys only. completed: 1 once submitted (drafts are
-- kept elsewhere, so all rows are complete today; the column lets results
-- count partial answers later).
CREATE TABLE responses (
    id @ID@,
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    submitted_at @BIGINT@ NOT NULL,
    lang TEXT NOT NULL DEFAULT 'fi',
    municipality_id @BIGINT@ REFERENCES municipalities(id) ON DELETE SET NULL,
    service_point_id @BIGINT@ REFERENCES service_points(id) ON DELETE SET NULL,
    channel TEXT NOT NULL DEFAULT '',
    respondent_group TEXT NOT NULL DEFAULT '',
    user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    completed INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX responses_survey ON responses(survey_id, completed, municipality_id);
CREATE INDEX responses_survey_time ON responses(survey_id, submitted_at);
CREATE INDEX responses_user ON responses(survey_id, user_id);

-- One row per answered item (see survey_questions for what each kind keeps).
-- "Other: ___" of single/multi: option_id NULL, value_text the text.
-- text_approved: free text shown in public results only when 1 (staff
-- moderate it); survey_id repeated so results group without a join.
CREATE TABLE answers (
    id @ID@,
    response_id @BIGINT@ NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    question_id @BIGINT@ NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
    option_id @BIGINT@,
    row_option_id @BIGINT@,
    value_int @BIGINT@,
    value_text TEXT,
    rank INTEGER,
    text_approved INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX answers_question ON answers(question_id, option_id, row_option_id);
CREATE INDEX answers_question_value ON answers(question_id, value_int);
CREATE INDEX answers_response ON answers(response_id);

-- One answer per person for anonymous surveys: key_hash = keyed BLAKE2b of
-- survey id and user id (settings 'survey_key'). No time, no response link.
CREATE TABLE survey_answer_keys (
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL,
    PRIMARY KEY (survey_id, key_hash)
);

-- One-time form tokens already used: the same answer form posted twice
-- (or twenty times at once) makes one response. token_hash is the hash of
-- a random token issued with the form; nothing links it to the response.
CREATE TABLE survey_used_tokens (
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    PRIMARY KEY (survey_id, token_hash)
);

-- Answers in progress (multi-page surveys, "save and continue later").
-- draft_key: for signed-in people a keyed hash of survey id + user id
-- (another domain than survey_answer_keys), otherwise the hash of the
-- form's random token. data: JSON object field name -> [values].
-- Deleted when the answer is submitted; never joined to responses.
CREATE TABLE survey_drafts (
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    draft_key TEXT NOT NULL,
    page INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at @BIGINT@ NOT NULL,
    PRIMARY KEY (survey_id, draft_key)
);
