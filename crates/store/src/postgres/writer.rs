//! The ingest writer: submissions queue here, and everything queued while the previous
//! transaction ran goes into the next one as multi-row statements (group commit). Each
//! instance has one. Counts go to append-only journals, so instances never wait on each
//! other's row locks; about once a second one instance (an advisory lock decides) folds the
//! journals into the tallies.
//!
//! Every caller waits for the commit that contains its answer. If a batch fails, each request
//! of it is retried alone so that one bad answer cannot fail its neighbours.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use deadpool_postgres::Pool;
use domain::campaigns::{CampaignStatus, Window};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::rows;
use crate::limits::LimitJudge;
use crate::stats::IngestStats;
use crate::{IngestOutcome, NewResponse, Result, StoreError, StoreStats};

/// Most responses committed in one transaction; larger queues are split.
const MAX_BATCH: usize = 2048;
const QUEUE: usize = 8192;

type Reply = oneshot::Sender<Result<Vec<IngestOutcome>>>;

enum Job {
    Ingest { responses: Vec<NewResponse>, reply: Reply },
    Shutdown,
}

#[derive(Debug)]
pub(super) struct Writer {
    jobs: mpsc::Sender<Job>,
    task: Mutex<Option<JoinHandle<()>>>,
    stats: Arc<IngestStats>,
}

impl Writer {
    pub(super) fn start(pool: Pool) -> Writer {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let stats = Arc::new(IngestStats::default());
        let task = tokio::spawn(run(pool, queue, stats.clone()));
        Writer { jobs, task: Mutex::new(Some(task)), stats }
    }

    pub(super) fn stats(&self) -> StoreStats {
        self.stats.snapshot(self.jobs.max_capacity() - self.jobs.capacity())
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

    /// Lets every queued submission commit, then stops.
    pub(super) async fn close(&self) {
        if self.jobs.send(Job::Shutdown).await.is_err() {
            return;
        }
        let task = self.task.lock().expect("the writer handle lock is never poisoned").take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}

async fn run(pool: Pool, mut queue: mpsc::Receiver<Job>, stats: Arc<IngestStats>) {
    let mut folded_at = Instant::now();
    let mut vacuumed_at = Instant::now();
    let mut folded_since_vacuum = false;
    while let Some(job) = queue.recv().await {
        if folded_at.elapsed() >= FOLD_EVERY {
            match super::tallies::fold(&pool).await {
                Ok(folded) => folded_since_vacuum |= folded,
                Err(e) => {
                    tracing::error!(error = %e, "folding the count journals failed; they are folded at the next try")
                }
            }
            folded_at = Instant::now();
        }
        if folded_since_vacuum && vacuumed_at.elapsed() >= VACUUM_EVERY {
            if let Err(e) = super::tallies::vacuum(&pool).await {
                tracing::warn!(error = %e, "vacuuming the count journals failed");
            }
            vacuumed_at = Instant::now();
            folded_since_vacuum = false;
        }
        let Job::Ingest { responses, reply } = job else { break };
        let mut batch = vec![(responses, reply)];
        let mut size = batch[0].0.len();
        let mut stop = false;
        while size < MAX_BATCH {
            match queue.try_recv() {
                Ok(Job::Ingest { responses, reply }) => {
                    size += responses.len();
                    batch.push((responses, reply));
                }
                Ok(Job::Shutdown) => {
                    stop = true;
                    break;
                }
                Err(_) => break,
            }
        }
        commit_batch(&pool, batch, &stats).await;
        if stop {
            break;
        }
    }
    match super::tallies::fold(&pool).await {
        Ok(true) => {
            let _ = super::tallies::vacuum(&pool).await;
        }
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, "folding the count journals at shutdown failed"),
    }
    tracing::debug!("the PostgreSQL writer stopped");
}

/// How often the instance that folds also vacuums the journals, so reads do not walk the
/// folds' deleted rows.
const VACUUM_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// How often journalled counts are folded into the tallies (when answers keep arriving):
/// often enough that each fold is short.
const FOLD_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

async fn commit_batch(pool: &Pool, batch: Vec<(Vec<NewResponse>, Reply)>, stats: &IngestStats) {
    let all: Vec<&NewResponse> = batch.iter().flat_map(|(r, _)| r.iter()).collect();
    let started = Instant::now();
    match store(pool, &all).await {
        Ok(mut outcomes) => {
            stats.committed(&outcomes, started.elapsed().as_micros() as u64);
            for (responses, reply) in batch.into_iter().rev() {
                let mine = outcomes.split_off(outcomes.len() - responses.len());
                let _ = reply.send(Ok(mine));
            }
        }
        Err(error) if batch.len() == 1 => {
            stats.failed();
            tracing::error!(error = %error, "storing responses failed");
            let (_, reply) = batch.into_iter().next().expect("one request");
            let _ = reply.send(Err(error));
        }
        Err(error) => {
            stats.failed();
            tracing::warn!(error = %error, requests = batch.len(), "a batch failed; retrying its requests one by one");
            for (responses, reply) in batch {
                let alone: Vec<&NewResponse> = responses.iter().collect();
                let started = Instant::now();
                let result = store(pool, &alone).await;
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

/// Stores responses and their tally deltas in one transaction.
async fn store(pool: &Pool, responses: &[&NewResponse]) -> Result<Vec<IngestOutcome>> {
    let mut client = pool.get().await.map_err(|e| StoreError::Pool(e.to_string()))?;
    let tx = client.transaction().await?;

    // FOR SHARE: closing a campaign waits for this commit, and answers after the close see it.
    let campaign_ids: Vec<i64> = responses.iter().map(|r| r.campaign_id).collect::<HashSet<_>>().into_iter().collect();
    let mut gates: HashMap<i64, (CampaignStatus, Window)> = HashMap::new();
    for row in tx
        .query("SELECT id, status, opens_at, closes_at FROM campaigns WHERE id = ANY($1) FOR SHARE", &[&campaign_ids])
        .await?
    {
        gates.insert(row.try_get(0)?, (rows::status(&row, 1)?, rows::window(&row, 2, 3)?));
    }

    // Limits are judged here, in order, against the marks committed before (the batch's points
    // locked, so instances take turns) and those of the batch. A response counts for the rest
    // of the batch once judged, before its insert: a duplicate in one batch counts twice.
    let limited: Vec<i64> = responses.iter().filter(|r| !r.integrity.limits.is_empty()).map(|r| r.point_id).collect();
    if !limited.is_empty() {
        super::integrity::lock_points(&tx, limited).await?;
    }
    let wanted = LimitJudge::wanted(responses);
    let counts = super::integrity::counts(&tx, &wanted).await?;
    let mut limits = LimitJudge::new(wanted, counts);
    let mut verdicts = Vec::with_capacity(responses.len());
    for r in responses {
        let (status, window) = gates.get(&r.campaign_id).ok_or(StoreError::NotFound)?;
        let verdict = match r.gate(*status, window) {
            Err(refusal) => Err(IngestOutcome::Refused(refusal)),
            Ok(()) => match limits.judge(r) {
                Some(judged) => {
                    limits.stored(&judged);
                    Ok(judged)
                }
                None => Err(IngestOutcome::Limited),
            },
        };
        verdicts.push(verdict);
    }
    // A retry of an answer stored before (in time, below the limits) is not refused: it was
    // recorded.
    let refused_ids: Vec<&str> =
        responses.iter().zip(&verdicts).filter(|(_, v)| v.is_err()).map(|(r, _)| r.client_id.as_str()).collect();
    let stored_before: HashSet<String> = if refused_ids.is_empty() {
        HashSet::new()
    } else {
        tx.query("SELECT client_id FROM responses WHERE client_id = ANY($1)", &[&refused_ids])
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect()
    };

    let accepted: Vec<&NewResponse> =
        responses.iter().zip(&verdicts).filter(|(_, v)| v.is_ok()).map(|(r, _)| *r).collect();
    let inserted: HashMap<String, i64> =
        if accepted.is_empty() { HashMap::new() } else { insert(&tx, &accepted).await? };

    let mut outcomes = Vec::with_capacity(responses.len());
    let mut claimed = HashSet::new();
    let mut claims = Vec::new();
    let mut contacts = Vec::new();
    let mut marked = Vec::new();
    let mut tallies: BTreeMap<(i64, i64, &str, i64), i64> = BTreeMap::new();
    let mut daily: BTreeMap<(i64, i64, String, &'static str), i64> = BTreeMap::new();
    for (r, verdict) in responses.iter().zip(verdicts) {
        match verdict {
            Err(_) if stored_before.contains(&r.client_id) => outcomes.push(IngestOutcome::AlreadyStored),
            Err(refused) => outcomes.push(refused),
            // The first of several copies in one batch is the one stored.
            Ok(judged) if inserted.contains_key(&r.client_id) && claimed.insert(r.client_id.as_str()) => {
                if let Some(slip) = &r.paper {
                    super::paper::record_slip(&tx, &r.client_id, r.campaign_id, r.point_id, slip).await?;
                }
                if !judged.is_empty() {
                    marked.push((inserted[&r.client_id], *r, judged));
                }
                for delta in &r.deltas {
                    *tallies
                        .entry((r.campaign_id, r.point_id, delta.item.as_str(), i64::from(delta.level)))
                        .or_default() += 1;
                }
                let day = domain::time::local_day(r.submitted_at).to_string();
                *daily.entry((r.campaign_id, r.point_id, day, r.channel.as_str())).or_default() += 1;
                if r.verification.is_some() {
                    claims.push((inserted[&r.client_id], *r));
                }
                if r.contact.is_some() {
                    contacts.push((inserted[&r.client_id], *r));
                }
                outcomes.push(IngestOutcome::Stored);
            }
            Ok(_) => outcomes.push(IngestOutcome::AlreadyStored),
        }
    }
    super::integrity::record(&tx, &marked).await?;
    journal_tallies(&tx, &tallies).await?;
    journal_daily(&tx, &daily).await?;
    super::verification::claim_all(&tx, &mut claims).await?;
    super::contacts::record_all(&tx, &contacts).await?;
    tx.commit().await?;
    Ok(outcomes)
}

/// One multi-row insert; returns the ids of the client ids actually inserted (not seen before).
async fn insert(tx: &deadpool_postgres::Transaction<'_>, rs: &[&NewResponse]) -> Result<HashMap<String, i64>> {
    let client_ids: Vec<&str> = rs.iter().map(|r| r.client_id.as_str()).collect();
    let campaigns: Vec<i64> = rs.iter().map(|r| r.campaign_id).collect();
    let points: Vec<i64> = rs.iter().map(|r| r.point_id).collect();
    let instruments: Vec<i64> = rs.iter().map(|r| r.instrument_id).collect();
    let channels: Vec<&str> = rs.iter().map(|r| r.channel.as_str()).collect();
    let langs: Vec<&str> = rs.iter().map(|r| r.lang.code()).collect();
    let submitted: Vec<i64> = rs.iter().map(|r| r.submitted_at.as_millisecond()).collect();
    let days: Vec<String> = rs.iter().map(|r| domain::time::local_day(r.submitted_at).to_string()).collect();
    let answers: Vec<String> = rs.iter().map(|r| r.answers.to_json()).collect();
    let answered: Vec<Option<i64>> = rs.iter().map(|r| r.answered_at()).collect();
    let levels: Vec<Option<i64>> = rs.iter().map(|r| r.comment_level.map(i64::from)).collect();
    let comments: Vec<i64> = rs.iter().map(|r| r.comments()).collect();
    let stmt = tx
        .prepare_cached(
            "INSERT INTO responses (client_id, campaign_id, point_id, instrument_id, channel, lang, submitted_at, day, answers,
                                    answered_at, comment_level, comments)
             SELECT * FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[], $4::BIGINT[], $5::TEXT[], $6::TEXT[],
                                  $7::BIGINT[], $8::TEXT[], $9::TEXT[], $10::BIGINT[], $11::BIGINT[], $12::BIGINT[])
             ON CONFLICT (client_id) DO NOTHING
             RETURNING client_id, id",
        )
        .await?;
    let rows = tx
        .query(
            &stmt,
            &[
                &client_ids,
                &campaigns,
                &points,
                &instruments,
                &channels,
                &langs,
                &submitted,
                &days,
                &answers,
                &answered,
                &levels,
                &comments,
            ],
        )
        .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

async fn journal_tallies(
    tx: &deadpool_postgres::Transaction<'_>,
    tallies: &BTreeMap<(i64, i64, &str, i64), i64>,
) -> Result<()> {
    if tallies.is_empty() {
        return Ok(());
    }
    let (mut campaigns, mut points, mut items, mut levels, mut ns) = (vec![], vec![], vec![], vec![], vec![]);
    for ((campaign, point, item, level), n) in tallies {
        campaigns.push(*campaign);
        points.push(*point);
        items.push(*item);
        levels.push(*level);
        ns.push(*n);
    }
    let stmt = tx
        .prepare_cached(
            "INSERT INTO tally_journal (campaign_id, point_id, item, level, n)
             SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::BIGINT[], $5::BIGINT[])",
        )
        .await?;
    tx.execute(&stmt, &[&campaigns, &points, &items, &levels, &ns]).await?;
    Ok(())
}

async fn journal_daily(
    tx: &deadpool_postgres::Transaction<'_>,
    daily: &BTreeMap<(i64, i64, String, &'static str), i64>,
) -> Result<()> {
    if daily.is_empty() {
        return Ok(());
    }
    let (mut campaigns, mut points, mut days, mut channels, mut ns) = (vec![], vec![], vec![], vec![], vec![]);
    for ((campaign, point, day, channel), n) in daily {
        campaigns.push(*campaign);
        points.push(*point);
        days.push(day.as_str());
        channels.push(*channel);
        ns.push(*n);
    }
    let stmt = tx
        .prepare_cached(
            "INSERT INTO daily_journal (campaign_id, point_id, day, channel, n)
             SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::BIGINT[])",
        )
        .await?;
    tx.execute(&stmt, &[&campaigns, &points, &days, &channels, &ns]).await?;
    Ok(())
}
