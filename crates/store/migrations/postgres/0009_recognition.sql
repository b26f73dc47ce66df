-- Recognition scoring: each campaign's rule that turns a unit's satisfaction index into points
-- of criterion 5 of "chính quyền thân thiện" (JSON, see domain::recognition::ScoringRule). A
-- campaign without a row is scored by the default rule.
CREATE TABLE campaign_scoring (
    campaign_id BIGINT PRIMARY KEY REFERENCES campaigns (id) DEFERRABLE INITIALLY IMMEDIATE,
    rule        TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
