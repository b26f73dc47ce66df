-- Nothing to do in SQLite: an index ends with the row's id, so `responses_campaign` already
-- holds a campaign's responses in id order. (PostgreSQL's does not; see
-- postgres/0018_responses_by_campaign_and_id.sql.)
SELECT 1;
