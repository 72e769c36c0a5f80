-- The one-click unsubscribe address of a mailing (RFC 8058), sent as the
-- List-Unsubscribe header; NULL for single messages such as password resets.
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;
