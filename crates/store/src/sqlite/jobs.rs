//! Background jobs: enqueue, claim (the writer thread makes the claim atomic), finish.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use jiff::Timestamp;

use crate::{ClaimedJob, JobEnd, JobRecord, JobStatus, NewJob, Result, StoreError};

pub(crate) fn enqueue(tx: &Transaction<'_>, job: &NewJob, now: Timestamp) -> Result<Option<i64>> {
    let inserted = tx.execute(
        "INSERT INTO jobs (kind, dedup_key, payload, status, run_at, created_at) VALUES (?1, ?2, ?3, 'queued', ?4, ?5)
         ON CONFLICT (dedup_key) DO NOTHING",
        params![job.kind, job.dedup_key, job.payload, job.run_at.as_millisecond(), now.as_millisecond()],
    )?;
    Ok((inserted == 1).then(|| tx.last_insert_rowid()))
}

/// Claims the next due job: queued and due, or running under a lease that has run out (its
/// worker died).
pub(crate) fn claim(
    tx: &Transaction<'_>,
    worker: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> Result<Option<ClaimedJob>> {
    Ok(tx
        .query_row(
            "UPDATE jobs SET status = 'running', locked_by = ?1, locked_until = ?2, attempts = attempts + 1
             WHERE id = (SELECT id FROM jobs
                         WHERE (status = 'queued' AND run_at <= ?3) OR (status = 'running' AND locked_until < ?3)
                         ORDER BY run_at, id LIMIT 1)
             RETURNING id, kind, payload, attempts",
            params![worker, lease_until.as_millisecond(), now.as_millisecond()],
            |r| Ok(ClaimedJob { id: r.get(0)?, kind: r.get(1)?, payload: r.get(2)?, attempts: r.get(3)? }),
        )
        .optional()?)
}

pub(crate) fn finish(tx: &Transaction<'_>, id: i64, worker: &str, end: &JobEnd, now: Timestamp) -> Result<()> {
    let changed = match end {
        JobEnd::Done { result } => tx.execute(
            "UPDATE jobs SET status = 'done', result = ?3, finished_at = ?4, locked_until = NULL
             WHERE id = ?1 AND locked_by = ?2 AND status = 'running'",
            params![id, worker, result, now.as_millisecond()],
        )?,
        JobEnd::Failed { error, retry_at: Some(at) } => tx.execute(
            "UPDATE jobs SET status = 'queued', last_error = ?3, run_at = ?4, locked_until = NULL
             WHERE id = ?1 AND locked_by = ?2 AND status = 'running'",
            params![id, worker, error, at.as_millisecond()],
        )?,
        JobEnd::Failed { error, retry_at: None } => tx.execute(
            "UPDATE jobs SET status = 'failed', last_error = ?3, finished_at = ?4, locked_until = NULL
             WHERE id = ?1 AND locked_by = ?2 AND status = 'running'",
            params![id, worker, error, now.as_millisecond()],
        )?,
    };
    if changed == 0 { Err(StoreError::Conflict(format!("job {id} is no longer held by {worker}"))) } else { Ok(()) }
}

fn record(r: &Row<'_>) -> deadpool_sqlite::rusqlite::Result<JobRecord> {
    let status: String = r.get(3)?;
    Ok(JobRecord {
        id: r.get(0)?,
        kind: r.get(1)?,
        dedup_key: r.get(2)?,
        status: JobStatus::parse(&status).unwrap_or(JobStatus::Failed),
        attempts: r.get(4)?,
        locked_by: r.get(5)?,
        result: r.get(6)?,
        last_error: r.get(7)?,
    })
}

pub(crate) fn recent(conn: &Connection, limit: i64) -> Result<Vec<JobRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, dedup_key, status, attempts, locked_by, result, last_error FROM jobs ORDER BY id DESC LIMIT ?1",
    )?;
    let found = stmt.query_map([limit], record)?;
    Ok(found.collect::<Result<_, _>>()?)
}
