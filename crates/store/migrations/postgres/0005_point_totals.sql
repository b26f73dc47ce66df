-- Responses per point of a campaign, folded from the daily journal with the daily counts.
-- A report needs one total per point; adding up the daily counts took a row per point, day
-- and channel (600,000 rows for the whole country over two months).
CREATE TABLE point_totals (
    campaign_id BIGINT NOT NULL,
    point_id    BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, point_id)
);

INSERT INTO point_totals (campaign_id, point_id, n)
    SELECT campaign_id, point_id, SUM(n) FROM daily_counts GROUP BY campaign_id, point_id;
