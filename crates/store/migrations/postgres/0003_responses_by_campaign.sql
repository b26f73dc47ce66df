-- Responses are read by campaign (counts, recounts, exports), never by point: per-point
-- figures come from the tallies. An index on (campaign, point) took each new response at its
-- point's place, so every commit rewrote pages all over the index; on the campaign alone new
-- rows go to its end.
DROP INDEX responses_campaign_point;
CREATE INDEX responses_campaign ON responses (campaign_id);
