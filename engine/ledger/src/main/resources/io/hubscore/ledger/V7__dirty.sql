-- Which contacts wait to be scored: a row each in a table of their own. Kept as a flag in the contact's row, every
-- scored batch rewrote its contacts' rows (hundreds of bytes of properties each) to clear it, and a model change
-- rewrote the whole table to set it. Only live contacts are marked.
CREATE TABLE dirty_contacts (
    contact_id      INTEGER PRIMARY KEY
);
INSERT INTO dirty_contacts (contact_id) SELECT id FROM contacts WHERE dirty = 1 AND archived = 0;
DROP INDEX contacts_dirty;
ALTER TABLE contacts DROP COLUMN dirty;
