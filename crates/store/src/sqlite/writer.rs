//! The writer thread: the only connection that writes. Submissions queue here; whatever has
//! queued while the previous commit ran goes into the next transaction (group commit), so one
//! fsync covers many answers and `synchronous=FULL` costs little.
//!
//! Every caller waits for the commit that contains its write. If a batch fails, each request
//! of it is retried alone so that one bad write cannot fail its neighbours.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use deadpool_sqlite::rusqlite::types::Value;
use deadpool_sqlite::rusqlite::{
    Connection, OptionalExtension, Transaction, TransactionBehavior, params, params_from_iter,
};
use domain::campaigns::{CampaignStatus, Window};
use tokio::sync::{mpsc, oneshot};

use super::rows;
use crate::limits::LimitJudge;
use crate::stats::IngestStats;
use crate::{IngestOutcome, NewResponse, Result, StoreError, StoreStats};

/// Most responses committed in one transaction; larger queues are split.
const MAX_BATCH: usize = 2048;

/// Queued jobs before senders wait: enough for a burst, small enough to bound memory.
const QUEUE: usize = 8192;

type Reply<T> = oneshot::Sender<Result<T>>;

enum Job {
    Ingest { responses: Vec<NewResponse>, reply: Reply<Vec<IngestOutcome>> },
    Exec(Box<dyn FnOnce(&mut Connection) + Send>),
    Shutdown,
}

#[derive(Debug)]
pub(super) struct Writer {
    jobs: mpsc::Sender<Job>,
    thread: Mutex<Option<JoinHandle<()>>>,
    stats: Arc<IngestStats>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Job::Ingest { responses, .. } => write!(f, "Ingest({})", responses.len()),
            Job::Exec(_) => f.write_str("Exec"),
            Job::Shutdown => f.write_str("Shutdown"),
        }
    }
}

impl Writer {
    pub(super) fn start(conn: Connection) -> Writer {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let stats = Arc::new(IngestStats::default());
        let thread_stats = stats.clone();
        let thread = std::thread::Builder::new()
            .name("hailong-sqlite-writer".into())
            .spawn(move || run(conn, queue, &thread_stats))
            .expect("the writer thread starts");
        Writer { jobs, thread: Mutex::new(Some(thread)), stats }
    }

    pub(super) fn stats(&self) -> StoreStats {
        self.stats.snapshot(self.jobs.max_capacity() - self.jobs.capacity())
    }

    pub(super) async fn exec<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Job::Exec(Box::new(move |conn: &mut Connection| {
            let result = in_transaction(conn, f);
            let _ = reply.send(result);
        }));
        self.jobs.send(job).await.map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    pub(super) async fn ingest(&self, response: NewResponse) -> Result<IngestOutcome> {
        let mut outcomes = self.ingest_many(vec![response]).await?;
        outcomes.pop().ok_or_else(|| StoreError::Corrupt("the writer answered without an outcome".into()))
    }

    pub(super) async fn ingest_many(&self, responses: Vec<NewResponse>) -> Result<Vec<IngestOutcome>> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job::Ingest { responses, reply }).await.map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    /// Lets every queued job finish, then stops the thread.
    pub(super) async fn close(&self) {
        if self.jobs.send(Job::Shutdown).await.is_err() {
            return;
        }
        let handle = self.thread.lock().expect("the writer handle lock is never poisoned").take();
        if let Some(handle) = handle {
            let _ = tokio::task::spawn_blocking(move || handle.join()).await;
        }
    }
}

fn in_transaction<T>(conn: &mut Connection, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = catch_unwind(AssertUnwindSafe(|| f(&tx)))
        .map_err(|_| StoreError::Corrupt("a write panicked and was rolled back".into()))??;
    tx.commit()?;
    Ok(value)
}

fn run(mut conn: Connection, mut queue: mpsc::Receiver<Job>, stats: &IngestStats) {
    let mut next: Option<Job> = None;
    let mut folded_at = Instant::now();
    loop {
        let job = match next.take().or_else(|| queue.blocking_recv()) {
            Some(job) => job,
            None => break,
        };
        if folded_at.elapsed() >= FOLD_EVERY {
            fold(&mut conn);
            folded_at = Instant::now();
        }
        match job {
            Job::Shutdown => break,
            Job::Exec(f) => {
                if catch_unwind(AssertUnwindSafe(|| f(&mut conn))).is_err() {
                    tracing::error!("a write job panicked; its transaction was rolled back");
                }
            }
            Job::Ingest { responses, reply } => {
                let mut batch = vec![(responses, reply)];
                let mut size = batch[0].0.len();
                while size < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(Job::Ingest { responses, reply }) => {
                            size += responses.len();
                            batch.push((responses, reply));
                        }
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                commit_batch(&mut conn, batch, stats);
            }
        }
    }
    fold(&mut conn);
    tracing::debug!("the SQLite writer stopped");
}

/// How often journalled counts are folded into the tallies (when answers keep arriving):
/// often enough that each fold is short and does not hold answers up noticeably.
const FOLD_EVERY: Duration = Duration::from_millis(250);

fn fold(conn: &mut Connection) {
    let folded = in_transaction(conn, super::tallies::fold);
    if let Err(e) = folded {
        tracing::error!(error = %e, "folding the count journals failed; they are folded at the next try");
    }
}

fn commit_batch(conn: &mut Connection, batch: Vec<(Vec<NewResponse>, Reply<Vec<IngestOutcome>>)>, stats: &IngestStats) {
    let all: Vec<&NewResponse> = batch.iter().flat_map(|(r, _)| r.iter()).collect();
    let started = Instant::now();
    match catch_unwind(AssertUnwindSafe(|| store(conn, &all))) {
        Ok(Ok(mut outcomes)) => {
            stats.committed(&outcomes, started.elapsed().as_micros() as u64);
            for (responses, reply) in batch.into_iter().rev() {
                let mine = outcomes.split_off(outcomes.len() - responses.len());
                let _ = reply.send(Ok(mine));
            }
        }
        failed if batch.len() == 1 => {
            stats.failed();
            let error = match failed {
                Ok(Err(e)) => e,
                _ => StoreError::Corrupt("storing a response panicked and was rolled back".into()),
            };
            tracing::error!(error = %error, "storing responses failed");
            let (_, reply) = batch.into_iter().next().expect("one request");
            let _ = reply.send(Err(error));
        }
        _ => {
            stats.failed();
            tracing::warn!(requests = batch.len(), "a batch failed; retrying its requests one by one");
            for (responses, reply) in batch {
                let alone: Vec<&NewResponse> = responses.iter().collect();
                let started = Instant::now();
                let result = catch_unwind(AssertUnwindSafe(|| store(conn, &alone)))
                    .unwrap_or_else(|_| Err(StoreError::Corrupt("storing a response panicked".into())));
                match &result {
                    Ok(outcomes) => stats.committed(outcomes, started.elapsed().as_micros() as u64),
                    Err(error) => {
                        stats.failed();
                        tracing::error!(error = %error, "storing a response failed");
                    }
                }
                let _ = reply.send(result);
            }
        }
    }
}

fn is_stored(tx: &Transaction<'_>, client_id: &str) -> Result<bool> {
    let mut exists = tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM responses WHERE client_id = ?1)")?;
    Ok(exists.query_row([client_id], |r| r.get(0))?)
}

const INSERT_RESPONSE: &str = "INSERT INTO responses
    (client_id, campaign_id, point_id, instrument_id, channel, lang, submitted_at, day, answers, answered_at,
     comment_level, comments)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
    ON CONFLICT (client_id) DO NOTHING";

/// Journal rows go in by statements of this many rows (one statement per row cost more than
/// the rows themselves); the rest one by one.
const ROWS_PER_INSERT: usize = 32;

fn journal_insert(table: &str, columns: &str, rows: usize) -> String {
    let tuple = "(?, ?, ?, ?, ?)";
    format!("INSERT INTO {table} ({columns}) VALUES {}", vec![tuple; rows].join(", "))
}

/// Appends `rows` (five values each) to a journal table.
fn append_journal(tx: &Transaction<'_>, table: &str, columns: &str, rows: &[[Value; 5]]) -> Result<()> {
    let mut chunks = rows.chunks_exact(ROWS_PER_INSERT);
    if chunks.len() > 0 {
        let mut stmt = tx.prepare_cached(&journal_insert(table, columns, ROWS_PER_INSERT))?;
        for chunk in chunks.by_ref() {
            stmt.execute(params_from_iter(chunk.iter().flatten()))?;
        }
    }
    let mut one = tx.prepare_cached(&journal_insert(table, columns, 1))?;
    for row in chunks.remainder() {
        one.execute(params_from_iter(row.iter()))?;
    }
    Ok(())
}

/// Stores responses and their count deltas in one transaction. Deltas are summed in memory
/// first and appended to the journals (one row per point, item and level of the batch);
/// `fold` adds them to the tallies later.
fn store(conn: &mut Connection, responses: &[&NewResponse]) -> Result<Vec<IngestOutcome>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut outcomes = Vec::with_capacity(responses.len());
    let mut tallies: HashMap<(i64, i64, &str, u8), i64> = HashMap::new();
    let mut daily: HashMap<(i64, i64, String, &'static str), i64> = HashMap::new();
    let mut gates: HashMap<i64, (CampaignStatus, Window)> = HashMap::new();
    let wanted = LimitJudge::wanted(responses);
    let counts = super::integrity::counts(&tx, &wanted)?;
    let mut limits = LimitJudge::new(wanted, counts);
    {
        let mut insert = tx.prepare_cached(INSERT_RESPONSE)?;
        for response in responses {
            let (status, window) = match gates.get(&response.campaign_id) {
                Some(gate) => *gate,
                None => {
                    let gate = campaign_gate(&tx, response.campaign_id)?.ok_or(StoreError::NotFound)?;
                    gates.insert(response.campaign_id, gate);
                    gate
                }
            };
            // A retry of an answer stored before (in time, below the limits) is not refused: it
            // was recorded.
            if let Err(refusal) = response.gate(status, &window) {
                let stored = is_stored(&tx, &response.client_id)?;
                outcomes.push(if stored { IngestOutcome::AlreadyStored } else { IngestOutcome::Refused(refusal) });
                continue;
            }
            let Some(judged) = limits.judge(response) else {
                let stored = is_stored(&tx, &response.client_id)?;
                outcomes.push(if stored { IngestOutcome::AlreadyStored } else { IngestOutcome::Limited });
                continue;
            };
            let day = domain::time::local_day(response.submitted_at).to_string();
            let inserted = insert.execute(params![
                response.client_id,
                response.campaign_id,
                response.point_id,
                response.instrument_id,
                response.channel.as_str(),
                response.lang.code(),
                response.submitted_at.as_millisecond(),
                day,
                response.answers.to_json(),
                response.answered_at(),
                response.comment_level,
                response.comments(),
            ])?;
            if inserted == 0 {
                outcomes.push(IngestOutcome::AlreadyStored);
                continue;
            }
            // Taken at once: the rows written next (slip, marks, flags) move `last_insert_rowid`.
            let id = tx.last_insert_rowid();
            if let Some(slip) = &response.paper {
                super::paper::record_slip(&tx, &response.client_id, response.campaign_id, response.point_id, slip)?;
            }
            limits.stored(&judged);
            if !judged.is_empty() {
                super::integrity::record(&tx, id, response, &judged)?;
            }
            for delta in &response.deltas {
                *tallies
                    .entry((response.campaign_id, response.point_id, delta.item.as_str(), delta.level))
                    .or_default() += 1;
            }
            *daily.entry((response.campaign_id, response.point_id, day, response.channel.as_str())).or_default() += 1;
            if let Some(code) = &response.verification {
                super::verification::claim(&tx, id, response, code)?;
            }
            if let Some(contact) = &response.contact {
                super::contacts::record(&tx, id, response, contact)?;
            }
            outcomes.push(IngestOutcome::Stored);
        }
    }
    {
        let rows: Vec<[Value; 5]> = tallies
            .iter()
            .map(|((campaign, point, item, level), n)| {
                [
                    Value::Integer(*campaign),
                    Value::Integer(*point),
                    Value::Text((*item).to_owned()),
                    Value::Integer(i64::from(*level)),
                    Value::Integer(*n),
                ]
            })
            .collect();
        append_journal(&tx, "tally_journal", "campaign_id, point_id, item, level, n", &rows)?;
        let rows: Vec<[Value; 5]> = daily
            .iter()
            .map(|((campaign, point, day, channel), n)| {
                [
                    Value::Integer(*campaign),
                    Value::Integer(*point),
                    Value::Text(day.clone()),
                    Value::Text((*channel).to_owned()),
                    Value::Integer(*n),
                ]
            })
            .collect();
        append_journal(&tx, "daily_journal", "campaign_id, point_id, day, channel, n", &rows)?;
    }
    tx.commit()?;
    Ok(outcomes)
}

fn campaign_gate(tx: &Transaction<'_>, campaign: i64) -> Result<Option<(CampaignStatus, Window)>> {
    let mut stmt = tx.prepare_cached("SELECT status, opens_at, closes_at FROM campaigns WHERE id = ?1")?;
    Ok(stmt.query_row([campaign], |r| Ok((rows::status(r, 0)?, rows::window(r, 1, 2)?))).optional()?)
}
