//! Background jobs: enqueue, claim (`FOR UPDATE SKIP LOCKED`: one worker per job, across
//! every instance), finish.

use deadpool_postgres::GenericClient;
use jiff::Timestamp;
use tokio_postgres::Row;

use crate::{ClaimedJob, JobEnd, JobRecord, JobStatus, NewJob, Result, StoreError};

pub(crate) async fn enqueue(client: &impl GenericClient, job: &NewJob, now: Timestamp) -> Result<Option<i64>> {
    let row = client
        .query_opt(
            "INSERT INTO jobs (kind, dedup_key, payload, status, run_at, created_at) VALUES ($1, $2, $3, 'queued', $4, $5)
             ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
            &[&job.kind, &job.dedup_key, &job.payload, &job.run_at.as_millisecond(), &now.as_millisecond()],
        )
        .await?;
    Ok(row.map(|r| r.get(0)))
}

/// Claims the next due job: queued and due, or running under a lease that has run out (its
/// worker died).
pub(crate) async fn claim(
    client: &impl GenericClient,
    worker: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> Result<Option<ClaimedJob>> {
    let row = client
        .query_opt(
            "UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2, attempts = attempts + 1
             WHERE id = (SELECT id FROM jobs
                         WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3)
                         ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING id, kind, payload, attempts",
            &[&worker, &lease_until.as_millisecond(), &now.as_millisecond()],
        )
        .await?;
    row.map(|r| {
        Ok(ClaimedJob { id: r.try_get(0)?, kind: r.try_get(1)?, payload: r.try_get(2)?, attempts: r.try_get(3)? })
    })
    .transpose()
}

pub(crate) async fn finish(
    client: &impl GenericClient,
    id: i64,
    worker: &str,
    end: &JobEnd,
    now: Timestamp,
) -> Result<()> {
    let changed = match end {
        JobEnd::Done { result } => {
            client
                .execute(
                    "UPDATE jobs SET status = 'done', result = $3, finished_at = $4, locked_until = NULL
                     WHERE id = $1 AND locked_by = $2 AND status = 'running'",
                    &[&id, &worker, result, &now.as_millisecond()],
                )
                .await?
        }
        JobEnd::Failed { error, retry_at: Some(at) } => {
            client
                .execute(
                    "UPDATE jobs SET status = 'queued', last_error = $3, run_at = $4, locked_until = NULL
                     WHERE id = $1 AND locked_by = $2 AND status = 'running'",
                    &[&id, &worker, error, &at.as_millisecond()],
                )
                .await?
        }
        JobEnd::Failed { error, retry_at: None } => {
            client
                .execute(
                    "UPDATE jobs SET status = 'failed', last_error = $3, finished_at = $4, locked_until = NULL
                     WHERE id = $1 AND locked_by = $2 AND status = 'running'",
                    &[&id, &worker, error, &now.as_millisecond()],
                )
                .await?
        }
    };
    if changed == 0 { Err(StoreError::Conflict(format!("job {id} is no longer held by {worker}"))) } else { Ok(()) }
}

fn record(r: &Row) -> Result<JobRecord> {
    let status: String = r.try_get(3)?;
    Ok(JobRecord {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        dedup_key: r.try_get(2)?,
        status: JobStatus::parse(&status).unwrap_or(JobStatus::Failed),
        attempts: r.try_get(4)?,
        locked_by: r.try_get(5)?,
        result: r.try_get(6)?,
        last_error: r.try_get(7)?,
    })
}

pub(crate) async fn recent(client: &impl GenericClient, limit: i64) -> Result<Vec<JobRecord>> {
    client
        .query(
            "SELECT id, kind, dedup_key, status, attempts, locked_by, result, last_error FROM jobs ORDER BY id DESC LIMIT $1",
            &[&limit],
        )
        .await?
        .iter()
        .map(record)
        .collect()
}
