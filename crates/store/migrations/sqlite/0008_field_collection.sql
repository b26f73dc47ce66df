-- Field collection: visitor counts (the base of the quota rule), the working groups' daily
-- field reports with their photos, paper slips entered by clerks (and a second clerk's check
-- entries), and counter kiosks enrolled to a point.

-- People served at a point on one campaign day, as the point's clerk counted them.
CREATE TABLE visitor_counts (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    point_id    INTEGER NOT NULL REFERENCES units (id),
    day         TEXT NOT NULL,
    visitors    INTEGER NOT NULL CHECK (visitors >= 0),
    entered_by  INTEGER REFERENCES users (id),
    entered_at  INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, point_id, day)
);

-- One report per point and day; filing again replaces the figures and notes.
CREATE TABLE field_reports (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    point_id    INTEGER NOT NULL REFERENCES units (id),
    day         TEXT NOT NULL,
    assisted    INTEGER NOT NULL CHECK (assisted >= 0),
    notes       TEXT NOT NULL,
    filed_by    INTEGER REFERENCES users (id),
    filed_at    INTEGER NOT NULL,
    UNIQUE (campaign_id, point_id, day)
);

-- Photos are kept in the database: backed up, copied and served by every instance alike.
CREATE TABLE field_photos (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES field_reports (id),
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    added_at     INTEGER NOT NULL
);
CREATE INDEX field_photos_report ON field_photos (report_id);

-- A pile of paper slips from one point and day, entered by one clerk.
CREATE TABLE paper_batches (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    point_id    INTEGER NOT NULL REFERENCES units (id),
    day         TEXT NOT NULL,
    clerk_id    INTEGER NOT NULL REFERENCES users (id),
    source      TEXT NOT NULL CHECK (source IN ('keyboard', 'import')),
    created_at  INTEGER NOT NULL
);

-- Which clerk entered which slip. Written in the transaction that stores the response; the
-- serial is unique per point, so a slip cannot be counted twice.
CREATE TABLE paper_slips (
    client_id   TEXT PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    point_id    INTEGER NOT NULL REFERENCES units (id),
    serial      TEXT NOT NULL,
    batch_id    INTEGER NOT NULL REFERENCES paper_batches (id),
    entered_by  INTEGER NOT NULL REFERENCES users (id),
    entered_at  INTEGER NOT NULL,
    UNIQUE (campaign_id, point_id, serial)
);

-- Double entry: a second clerk re-enters a sample of slips; these are compared, never counted.
CREATE TABLE paper_checks (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    point_id    INTEGER NOT NULL REFERENCES units (id),
    serial      TEXT NOT NULL,
    answers     TEXT NOT NULL,
    entered_by  INTEGER NOT NULL REFERENCES users (id),
    entered_at  INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, point_id, serial)
);

-- A counter tablet. The enrolment code and the device token are kept only as hashes; the
-- enrolment code works once, before it expires.
CREATE TABLE kiosks (
    id                   INTEGER PRIMARY KEY,
    point_id             INTEGER NOT NULL REFERENCES units (id),
    label                TEXT NOT NULL,
    idle_seconds         INTEGER NOT NULL,
    enrolment_hash       TEXT UNIQUE,
    enrolment_expires_at INTEGER,
    device_hash          TEXT UNIQUE,
    created_by           INTEGER REFERENCES users (id),
    created_at           INTEGER NOT NULL,
    enrolled_at          INTEGER,
    last_seen_at         INTEGER,
    queued               INTEGER NOT NULL DEFAULT 0,
    revoked_at           INTEGER
);
CREATE INDEX kiosks_point ON kiosks (point_id);
