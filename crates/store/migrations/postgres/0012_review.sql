-- Review of flagged responses: an organiser's decision per response, and the counts of the
-- responses excluded, so counted results are the tallies minus these without a rescan.

-- One row per response an organiser decided on (a response without a row is pending, if it
-- has flags). Campaign and point are copied from the response so the review queue and the
-- excluded counts read this table by its index alone.
CREATE TABLE response_reviews (
    response_id BIGINT PRIMARY KEY REFERENCES responses (id),
    campaign_id BIGINT NOT NULL,
    point_id    BIGINT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('accepted', 'excluded')),
    note        TEXT NOT NULL,
    decided_by  BIGINT NOT NULL REFERENCES users (id),
    decided_at  BIGINT NOT NULL
);
CREATE INDEX response_reviews_by_point ON response_reviews (campaign_id, point_id, decision);

-- What the excluded responses add to `tallies` and `daily_counts` (and so to `point_totals`),
-- changed in the same transaction as the decisions. Counted figures are the kept counts minus
-- these.
CREATE TABLE excluded_tallies (
    campaign_id BIGINT NOT NULL,
    point_id    BIGINT NOT NULL,
    item        TEXT NOT NULL,
    level       BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, point_id, item, level)
);

CREATE TABLE excluded_daily (
    campaign_id BIGINT NOT NULL,
    point_id    BIGINT NOT NULL,
    day         TEXT NOT NULL,
    channel     TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, point_id, day, channel)
);

-- Which responses an export file holds (the view it was asked for).
ALTER TABLE export_files ADD COLUMN view TEXT NOT NULL DEFAULT 'counted' CHECK (view IN ('counted', 'all'));
