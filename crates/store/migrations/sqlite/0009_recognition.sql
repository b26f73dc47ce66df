-- Recognition scoring: each campaign's rule that turns a unit's satisfaction index into points
-- of criterion 5 of "chính quyền thân thiện" (JSON, see domain::recognition::ScoringRule). A
-- campaign without a row is scored by the default rule.
CREATE TABLE campaign_scoring (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id),
    rule        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
