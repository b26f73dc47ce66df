-- Exports, breakdown recounts and the anomaly job read a campaign's responses a page at a
-- time (`campaign_id = $1 AND id > $2 ORDER BY id LIMIT n`). With only the campaign in the
-- index, PostgreSQL either walked the primary key past every other campaign's rows or fetched
-- all the campaign's remaining rows and sorted them, once per page. With the id after the
-- campaign each page is one ordered range of the index; new rows still go to the end of their
-- campaign's range, so ingest writes the same pages as before.
CREATE INDEX responses_campaign_id ON responses (campaign_id, id);
DROP INDEX responses_campaign;
