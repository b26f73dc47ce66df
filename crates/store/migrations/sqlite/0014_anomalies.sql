-- Anomalies found afterwards (docs/INTEGRITY.md, "Anomalies found afterwards"): a background job
-- reads each campaign's new responses once, keeps its own hourly counts per point to know what
-- is usual there, and writes response_flags.

-- When a kiosk answer was given, by the tablet's clock (NULL for other channels): answers
-- queued during a network drop arrive together but were given minutes apart.
ALTER TABLE responses ADD COLUMN answered_at INTEGER;

-- How far the job has read each campaign's responses (by id), and when it last compared the
-- days with the visitor counts (counts entered later are compared on the next run).
CREATE TABLE anomaly_watermarks (
    campaign_id      INTEGER PRIMARY KEY REFERENCES campaigns (id),
    last_response_id INTEGER NOT NULL,
    visitors_checked INTEGER
);

-- Responses per point and hour (UTC hours since 1970; Vietnam's hours start with them), of
-- every channel but paper (slips carry a day, not an hour), counted once as the job reads them:
-- the point's history that a burst is judged against, without rescanning responses. The first
-- and last ids bound the hour's responses so flagging a whole hour reads only those.
CREATE TABLE anomaly_hours (
    campaign_id    INTEGER NOT NULL,
    point_id       INTEGER NOT NULL,
    hour           INTEGER NOT NULL,
    responses      INTEGER NOT NULL,
    straight_lined INTEGER NOT NULL,
    first_id       INTEGER NOT NULL,
    last_id        INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, point_id, hour)
);
CREATE INDEX anomaly_hours_by_hour ON anomaly_hours (campaign_id, hour);
