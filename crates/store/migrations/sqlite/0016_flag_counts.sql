-- Flagged and reviewed responses per point, for the live monitor. Counting them from
-- `response_flags` read every flag of a campaign on every refresh (a stuffed campaign holds
-- millions), so they are kept here instead, by triggers: flags are written by the ingest
-- writer, the code check and the anomaly job, decisions by the review, and a trigger keeps the
-- count right whichever of them writes (and when `db copy` inserts the rows elsewhere).
CREATE TABLE point_flag_counts (
    campaign_id INTEGER NOT NULL,
    point_id    INTEGER NOT NULL,
    -- Responses carrying at least one flag.
    flagged     INTEGER NOT NULL DEFAULT 0,
    -- Of those, responses an organiser decided on (accepted or excluded).
    reviewed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, point_id)
) WITHOUT ROWID;

INSERT INTO point_flag_counts (campaign_id, point_id, flagged, reviewed)
SELECT campaign_id, point_id, sum(flagged), sum(reviewed) FROM (
    SELECT campaign_id, point_id, count(DISTINCT response_id) AS flagged, 0 AS reviewed
    FROM response_flags GROUP BY campaign_id, point_id
    UNION ALL
    SELECT campaign_id, point_id, 0, count(*) FROM response_reviews GROUP BY campaign_id, point_id
) GROUP BY campaign_id, point_id;

-- A response counts when its first flag is written. One writer at a time (SQLite's lock) makes
-- "no other flag yet" exact.
CREATE TRIGGER point_flag_counts_flagged AFTER INSERT ON response_flags
WHEN NOT EXISTS (SELECT 1 FROM response_flags WHERE response_id = NEW.response_id AND reason <> NEW.reason)
BEGIN
    INSERT INTO point_flag_counts (campaign_id, point_id, flagged) VALUES (NEW.campaign_id, NEW.point_id, 1)
    ON CONFLICT (campaign_id, point_id) DO UPDATE SET flagged = flagged + 1;
END;

-- A decision changing (accepted to excluded) updates its row, so only new and undone rows count.
CREATE TRIGGER point_flag_counts_decided AFTER INSERT ON response_reviews
BEGIN
    INSERT INTO point_flag_counts (campaign_id, point_id, reviewed) VALUES (NEW.campaign_id, NEW.point_id, 1)
    ON CONFLICT (campaign_id, point_id) DO UPDATE SET reviewed = reviewed + 1;
END;

CREATE TRIGGER point_flag_counts_undone AFTER DELETE ON response_reviews
BEGIN
    UPDATE point_flag_counts SET reviewed = reviewed - 1
    WHERE campaign_id = OLD.campaign_id AND point_id = OLD.point_id;
END;
