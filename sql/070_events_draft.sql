-- An event can be saved as a draft: staff see and edit it, residents do
-- not see it in lists, feeds or by address, and nobody can register.
ALTER TABLE events ADD COLUMN draft INTEGER NOT NULL DEFAULT 0;
