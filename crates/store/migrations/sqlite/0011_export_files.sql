-- Long exports run as background jobs: each row is one requested file of raw responses (CSV
-- or XLSX) of a campaign, written by whichever instance runs the job into the data folder,
-- with its progress for the exports page. The scope is the requester's when they asked, so
-- the file holds what they were allowed to see. Files are deleted when they expire; the row
-- stays (status 'expired') as the record of what was exported.
CREATE TABLE export_files (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES campaigns (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    scope_unit_id INTEGER REFERENCES units (id),
    format        TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired')),
    rows_total    INTEGER NOT NULL,
    rows_done     INTEGER NOT NULL DEFAULT 0,
    file_name     TEXT,
    bytes         INTEGER,
    error         TEXT,
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX export_files_by_user ON export_files (user_id, id);
CREATE INDEX export_files_by_expiry ON export_files (status, expires_at);
