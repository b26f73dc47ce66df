-- The foundation: the unit registry, QR tokens, instruments, campaigns, responses with their
-- tallies, and accounts with their sessions. Times are UTC milliseconds; days and validity
-- dates are 'YYYY-MM-DD' in Asia/Ho_Chi_Minh.

-- Values every instance must share, such as the key that signs QR and form tokens.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE units (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('province', 'district', 'commune', 'centre', 'service_point')),
    parent_id     INTEGER REFERENCES units (id),
    valid_from    TEXT,
    valid_to      TEXT,
    service_point INTEGER NOT NULL DEFAULT 0 CHECK (service_point IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
-- Codes are unique within one edition of the tree only (2025 reused 2024 commune codes).
CREATE UNIQUE INDEX units_code_period ON units (code, COALESCE(valid_from, ''));
CREATE INDEX units_parent ON units (parent_id);

-- The token printed in a service point's QR code. Rotating adds a token and revokes the old.
CREATE TABLE point_tokens (
    token      TEXT PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX point_tokens_unit ON point_tokens (unit_id);

CREATE TABLE instruments (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    definition TEXT NOT NULL,
    digest     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE campaigns (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    instrument_id INTEGER NOT NULL REFERENCES instruments (id),
    opens_at      INTEGER,
    closes_at     INTEGER,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'archived')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE campaign_points (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (campaign_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX campaign_points_unit ON campaign_points (unit_id);

-- One submitted form. client_id makes a retried or double-tapped submission count once.
CREATE TABLE responses (
    id            INTEGER PRIMARY KEY,
    client_id     TEXT NOT NULL UNIQUE,
    campaign_id   INTEGER NOT NULL REFERENCES campaigns (id),
    point_id      INTEGER NOT NULL REFERENCES units (id),
    instrument_id INTEGER NOT NULL REFERENCES instruments (id),
    channel       TEXT NOT NULL CHECK (channel IN ('qr', 'kiosk', 'paper', 'portal', 'interview')),
    lang          TEXT NOT NULL,
    submitted_at  INTEGER NOT NULL,
    day           TEXT NOT NULL,
    answers       TEXT NOT NULL
);
CREATE INDEX responses_campaign_point ON responses (campaign_id, point_id);

-- Counts kept up to date in the same transaction as each response, so reports never rescan.
CREATE TABLE tallies (
    campaign_id INTEGER NOT NULL,
    point_id    INTEGER NOT NULL,
    item        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, point_id, item, level)
) WITHOUT ROWID;

CREATE TABLE daily_counts (
    campaign_id INTEGER NOT NULL,
    point_id    INTEGER NOT NULL,
    day         TEXT NOT NULL,
    channel     TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, point_id, day, channel)
) WITHOUT ROWID;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'organiser', 'manager', 'clerk', 'viewer')),
    unit_id       INTEGER REFERENCES units (id),
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

-- Server-side sessions, so several instances share them. Only a keyed hash of the cookie
-- value is stored: a copy of this table does not let anyone sign in.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
