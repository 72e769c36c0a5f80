-- A notification remembers the space its subject belongs to (the idea's,
-- the consultation's, the space a statement or event concerns; NULL when
-- the subject is public, such as a group's own statement or an invitation),
-- so that the list and the daily digest show it only to someone who may see
-- that space when they are shown, not only when they were made: a person
-- who leaves a group, or a space whose audience narrows, takes its
-- notifications out of sight. They go with the space.
ALTER TABLE notifications ADD COLUMN space_id @BIGINT@ REFERENCES spaces(id) ON DELETE CASCADE;

-- The notifications made before this migration: their subject is in their
-- path, '/ideas/12#comment-40', '/consultations/3#c-summary', '/events/5',
-- '/groups/elderly-council/statements/7'. The id is the run of digits after
-- the prefix (ideas, consultations, events) or at the end (statements);
-- ltrim/rtrim with a set of characters work the same on both databases.
UPDATE notifications SET space_id = (SELECT i.space_id FROM ideas i WHERE i.id = CAST(NULLIF(
    substr(notifications.path, 8, length(notifications.path) - 7
           - length(ltrim(substr(notifications.path, 8), '0123456789'))), '') AS BIGINT))
WHERE path LIKE '/ideas/%';

UPDATE notifications SET space_id = (SELECT d.space_id FROM drafts d WHERE d.id = CAST(NULLIF(
    substr(notifications.path, 16, length(notifications.path) - 15
           - length(ltrim(substr(notifications.path, 16), '0123456789'))), '') AS BIGINT))
WHERE path LIKE '/consultations/%';

UPDATE notifications SET space_id = (SELECT e.space_id FROM events e WHERE e.id = CAST(NULLIF(
    substr(notifications.path, 9, length(notifications.path) - 8
           - length(ltrim(substr(notifications.path, 9), '0123456789'))), '') AS BIGINT))
WHERE path LIKE '/events/%';

UPDATE notifications SET space_id = (SELECT st.space_id FROM statements st WHERE st.id = CAST(NULLIF(
    substr(notifications.path, length(rtrim(notifications.path, '0123456789')) + 1), '') AS BIGINT))
WHERE path LIKE '/groups/%/statements/%';
