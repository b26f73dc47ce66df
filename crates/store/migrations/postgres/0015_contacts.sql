-- Contact details a citizen chose to leave for a reply: apart from the answers (never in
-- `responses.answers`, an export or a breakdown), written in the transaction that stores the
-- response, and deleted by the hourly job after `privacy.contact_retention_days`.
CREATE TABLE contacts (
    response_id BIGINT PRIMARY KEY REFERENCES responses (id),
    campaign_id BIGINT NOT NULL,
    point_id    BIGINT NOT NULL,
    name        TEXT,
    phone       TEXT,
    email       TEXT,
    created_at  BIGINT NOT NULL
);
-- The comments page reads a campaign's contacts; the purge deletes by age.
CREATE INDEX contacts_by_campaign ON contacts (campaign_id, response_id);
CREATE INDEX contacts_by_age ON contacts (created_at);
