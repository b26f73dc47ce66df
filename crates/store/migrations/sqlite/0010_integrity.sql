-- Integrity: what the limits on citizens' submissions count, and why responses are flagged.

-- One row per key a stored response counts under (its device at its point, its network at
-- its point, its point, its answer pattern from its network), kept only as long as the
-- longest window; keys are keyed hashes, never a raw address or cookie. Counting reads the
-- newest rows of one key, so the index leads with the key and ends with the time.
CREATE TABLE submission_marks (
    key         TEXT NOT NULL,
    at          INTEGER NOT NULL,
    response_id INTEGER NOT NULL
);
CREATE INDEX submission_marks_by_key ON submission_marks (key, at);
CREATE INDEX submission_marks_by_at ON submission_marks (at);

-- Why a response was flagged for review, written in the same transaction as the response (or,
-- for the start of a burst, with the response that revealed it). One row per reason. Campaign
-- and point are copied from the response so the monitor counts a campaign's flags per point
-- from this table's index alone.
CREATE TABLE response_flags (
    response_id INTEGER NOT NULL REFERENCES responses (id),
    campaign_id INTEGER NOT NULL,
    point_id    INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    PRIMARY KEY (response_id, reason)
);
CREATE INDEX response_flags_by_point ON response_flags (campaign_id, point_id, response_id);
