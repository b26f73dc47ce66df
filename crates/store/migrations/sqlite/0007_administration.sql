-- Administration: the audit log, sign-in throttling shared by every instance, unit lineage
-- (merges and splits), and each campaign's quota rule.

-- Every change made by a staff user and every read or export of raw responses. The name,
-- role and scope are copied so an entry keeps saying who it was after the account changes.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    user_id       INTEGER REFERENCES users (id),
    username      TEXT NOT NULL,
    role          TEXT NOT NULL,
    scope_unit_id INTEGER REFERENCES units (id),
    action        TEXT NOT NULL,
    target        TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user_at ON audit_log (user_id, at);

-- Failed sign-ins, keyed by account ("user:NAME") or by a keyed daily hash of the client
-- address ("client:HASH"; never the address itself). Rows older than the window are purged.
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);

-- A merge (several predecessors, one successor) or a split (one predecessor, several
-- successors) taking effect on a day: results before it can be shown under the new units.
CREATE TABLE unit_lineage (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    effective      TEXT NOT NULL,
    predecessor_id INTEGER NOT NULL REFERENCES units (id),
    successor_id   INTEGER NOT NULL REFERENCES units (id),
    created_at     INTEGER NOT NULL,
    UNIQUE (predecessor_id, successor_id)
);
CREATE INDEX unit_lineage_successor ON unit_lineage (successor_id);

-- The quota rule (PKS05 by default): responses within tolerance_pct % or min_forms forms of
-- the visitors served, and at least busy_min_forms at points serving busy_visitors or more.
ALTER TABLE campaigns ADD COLUMN quota_tolerance_pct INTEGER NOT NULL DEFAULT 50;
ALTER TABLE campaigns ADD COLUMN quota_min_forms INTEGER NOT NULL DEFAULT 10;
ALTER TABLE campaigns ADD COLUMN quota_busy_visitors INTEGER NOT NULL DEFAULT 100;
ALTER TABLE campaigns ADD COLUMN quota_busy_min_forms INTEGER NOT NULL DEFAULT 20;
