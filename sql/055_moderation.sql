-- Comments and moderation (src/comments/, src/moderation/): what a reporter
-- wrote besides the reason's category, and hiding a position's argument
-- (the stance still counts; only the text is replaced by the reason).
ALTER TABLE reports ADD COLUMN details TEXT NOT NULL DEFAULT '';
ALTER TABLE positions ADD COLUMN hidden_at @BIGINT@;
ALTER TABLE positions ADD COLUMN hidden_reason TEXT;
CREATE INDEX reports_target ON reports(target_type, target_id);
CREATE INDEX moderation_log_target ON moderation_log(target_type, target_id);
