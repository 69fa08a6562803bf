-- What the latest score of each contact says, as a digest (Scores.Score#digest): the score job compares a new
-- score with it instead of reading and parsing the latest score row. NULL when unknown (rows written before this,
-- or by a path that does not keep it): then the latest score row is read.
ALTER TABLE band_state ADD COLUMN score_digest TEXT;

-- The score job reads the engagements of a batch of contacts: from the contact, the link alone answers which
-- engagements, without a visit to the link table's rows.
DROP INDEX engagement_contacts_by_contact;
CREATE INDEX engagement_contacts_by_contact ON engagement_contacts (contact_id, type, engagement_id);
