-- The comments page and the campaign report read only the responses with a written answer (a
-- JSON string value), about one in eight. Without an index of their own each reading scanned
-- every answer of the campaign (1.6 s for a million); this partial index holds only theirs, in
-- id order, so a page of them is one range. New entries go to the end of their campaign's
-- range, as in `responses_campaign`. The condition must stay word for word the one the queries
-- repeat (`store::comments::HAS_COMMENT`): the planner matches it as written.
CREATE INDEX responses_with_comment ON responses (campaign_id, id) WHERE answers LIKE '%":"%';
