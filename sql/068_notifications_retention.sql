-- Notifications are deleted a year after they were made (the server's hourly
-- notifications_purge_expired); this index keeps that from reading them all.
CREATE INDEX notifications_created ON notifications(created_at);
