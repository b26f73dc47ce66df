-- Verified responses: one-time codes printed on a receipt or queue ticket, or dossier codes
-- (mã hồ sơ) imported from the one-stop software. A response carrying a valid unused code of
-- its campaign and point is verified, and the code is used; one rating per code.

-- Whether a campaign's form asks for a code. A campaign without a row does not.
CREATE TABLE campaign_verification (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id),
    enabled     INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- A set of codes generated or imported at once, by whom.
CREATE TABLE verification_batches (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX verification_batches_by_campaign ON verification_batches (campaign_id, id);

-- Codes are normalised (no spaces or dashes, capitals) and unique within a campaign, so a
-- code of another point is recognised as such. `used_by` is set once, by the writer, in the
-- transaction that stores the response.
CREATE TABLE verification_codes (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    point_id    INTEGER NOT NULL REFERENCES units (id),
    batch_id    INTEGER NOT NULL REFERENCES verification_batches (id),
    code        TEXT NOT NULL,
    used_by     INTEGER REFERENCES responses (id),
    used_at     INTEGER,
    UNIQUE (campaign_id, code)
);
CREATE INDEX verification_codes_by_point ON verification_codes (campaign_id, point_id);
CREATE INDEX verification_codes_by_batch ON verification_codes (batch_id, id);

-- Which responses are verified, by which code. Campaign and point are copied so the codes page
-- counts verified responses per point from this table's index alone.
CREATE TABLE response_verifications (
    response_id INTEGER PRIMARY KEY REFERENCES responses (id),
    code_id     INTEGER NOT NULL UNIQUE REFERENCES verification_codes (id),
    campaign_id INTEGER NOT NULL,
    point_id    INTEGER NOT NULL
);
CREATE INDEX response_verifications_by_point ON response_verifications (campaign_id, point_id);

-- The tallies and daily counts of verified responses only, kept by the writer in the same
-- transaction (verified responses are few, so an upsert per count is cheap), so a "verified
-- only" view reads like the full one without rescanning responses.
CREATE TABLE verified_tallies (
    campaign_id INTEGER NOT NULL,
    point_id    INTEGER NOT NULL,
    item        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, point_id, item, level)
);
CREATE TABLE verified_daily (
    campaign_id INTEGER NOT NULL,
    point_id    INTEGER NOT NULL,
    day         TEXT NOT NULL,
    channel     TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, point_id, day, channel)
);
