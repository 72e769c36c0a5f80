-- One attachment to a message (the .ics of an event with its confirmation):
-- name, MIME type and text content; NULL for plain messages.
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment TEXT;
