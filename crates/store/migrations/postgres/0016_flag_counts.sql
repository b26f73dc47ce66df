-- Flagged and reviewed responses per point, for the live monitor. Counting them from
-- `response_flags` read every flag of a campaign on every refresh (a stuffed campaign holds
-- millions), so they are kept here instead, by triggers: flags are written by the ingest
-- writer, the code check and the anomaly job, decisions by the review, and a trigger keeps the
-- count right whichever of them writes (and when `db copy` inserts the rows elsewhere).
CREATE TABLE point_flag_counts (
    campaign_id BIGINT NOT NULL,
    point_id    BIGINT NOT NULL,
    -- Responses carrying at least one flag.
    flagged     BIGINT NOT NULL DEFAULT 0,
    -- Of those, responses an organiser decided on (accepted or excluded).
    reviewed    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, point_id)
);

-- Each flagged response once. Several instances write flags at the same time, and two of them
-- may flag one response for its first time together: the primary key makes the second insert
-- wait for the first and then skip, where "no other flag yet" would count it twice.
CREATE TABLE flagged_responses (
    response_id BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL,
    point_id    BIGINT NOT NULL
);

INSERT INTO flagged_responses (response_id, campaign_id, point_id)
SELECT DISTINCT response_id, campaign_id, point_id FROM response_flags;

INSERT INTO point_flag_counts (campaign_id, point_id, flagged, reviewed)
SELECT campaign_id, point_id, sum(flagged), sum(reviewed) FROM (
    SELECT campaign_id, point_id, count(*) AS flagged, 0 AS reviewed
    FROM flagged_responses GROUP BY campaign_id, point_id
    UNION ALL
    SELECT campaign_id, point_id, 0, count(*) FROM response_reviews GROUP BY campaign_id, point_id
) AS counts GROUP BY campaign_id, point_id;

-- Statement triggers with transition tables: one set-based statement per insert, however many
-- rows it wrote (the writer inserts a batch's flags at once, the review thousands of decisions).
CREATE FUNCTION note_flagged_responses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO flagged_responses (response_id, campaign_id, point_id)
    SELECT DISTINCT response_id, campaign_id, point_id FROM new_flags
    ON CONFLICT (response_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER point_flag_counts_flags AFTER INSERT ON response_flags
REFERENCING NEW TABLE AS new_flags FOR EACH STATEMENT EXECUTE FUNCTION note_flagged_responses();

CREATE FUNCTION count_flagged_responses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO point_flag_counts (campaign_id, point_id, flagged)
    SELECT campaign_id, point_id, count(*) FROM new_flagged GROUP BY campaign_id, point_id
    ON CONFLICT (campaign_id, point_id) DO UPDATE SET flagged = point_flag_counts.flagged + EXCLUDED.flagged;
    RETURN NULL;
END
$$;

CREATE TRIGGER point_flag_counts_flagged AFTER INSERT ON flagged_responses
REFERENCING NEW TABLE AS new_flagged FOR EACH STATEMENT EXECUTE FUNCTION count_flagged_responses();

-- A decision changing (accepted to excluded) updates its row, so only new and undone rows count.
CREATE FUNCTION count_decided_responses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO point_flag_counts (campaign_id, point_id, reviewed)
    SELECT campaign_id, point_id, count(*) FROM decided GROUP BY campaign_id, point_id
    ON CONFLICT (campaign_id, point_id) DO UPDATE SET reviewed = point_flag_counts.reviewed + EXCLUDED.reviewed;
    RETURN NULL;
END
$$;

CREATE TRIGGER point_flag_counts_decided AFTER INSERT ON response_reviews
REFERENCING NEW TABLE AS decided FOR EACH STATEMENT EXECUTE FUNCTION count_decided_responses();

CREATE FUNCTION count_undone_responses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE point_flag_counts p SET reviewed = p.reviewed - u.n
    FROM (SELECT campaign_id, point_id, count(*) AS n FROM undone GROUP BY campaign_id, point_id) AS u
    WHERE p.campaign_id = u.campaign_id AND p.point_id = u.point_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER point_flag_counts_undone AFTER DELETE ON response_reviews
REFERENCING OLD TABLE AS undone FOR EACH STATEMENT EXECUTE FUNCTION count_undone_responses();
