//! One story per aggregate, told through the `Store` API: units → instrument → campaign →
//! responses → tallies → results → copy. Every story runs on SQLite, and on PostgreSQL too
//! when `HAILONG_TEST_DATABASE_URL` is set; each on a fresh database.

use std::sync::Arc;

use domain::answers::{Answer, Answers};
use domain::campaigns::{CampaignCode, CampaignStatus, Channel, Refusal, Window};
use domain::instruments::Instrument;
use domain::integrity::FlagReason;
use domain::quota::QuotaRule;
use domain::tally;
use domain::text::Lang;
use domain::units::import::{ImportOptions, RawUnitRow, plan};
use hailong_store::test_database::TestDatabase;
use hailong_store::{
    CampaignEdit, CommentCount, CommentQuery, IngestOutcome, MIGRATIONS, NewCampaign, NewFlag, NewResponse, Store,
};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2024-07-10T03:00:00Z".parse().unwrap()
}

fn row(line: usize, code: &str, name: &str, level: &str, parent: &str) -> RawUnitRow {
    RawUnitRow {
        line,
        code: code.into(),
        name: name.into(),
        level: level.into(),
        parent_code: parent.into(),
        ..Default::default()
    }
}

fn pks05() -> Arc<Instrument> {
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../instruments/pks05.toml")).unwrap();
    Arc::new(Instrument::from_toml(&source).unwrap())
}

async fn seeded(store: &Store) -> (i64, Vec<i64>, Arc<Instrument>) {
    let rows = vec![
        row(2, "24", "Tỉnh Bắc Giang", "province", ""),
        row(3, "213", "Thành phố Bắc Giang", "district", "24"),
        row(4, "07210", "Phường Trần Phú", "commune", "213"),
        row(5, "07213", "Phường Ngô Quyền", "commune", "213"),
    ];
    let existing = store.existing_units().await.unwrap();
    let plan = plan(&rows, ImportOptions::default(), &existing).unwrap();
    let key = store.signing_key().await.unwrap();
    let summary = store.apply_unit_import(plan, key, now()).await.unwrap();
    assert_eq!((summary.inserted, summary.tokens_created), (4, 4));

    let instrument = pks05();
    let instrument_id = store.sync_instrument(instrument.clone(), now()).await.unwrap().id();
    let root = store.unit_by_code(&code("24"), now_day()).await.unwrap().unwrap();
    let points: Vec<i64> = store.service_points_under(root.id, now_day()).await.unwrap().iter().map(|u| u.id).collect();
    assert_eq!(points.len(), 4);
    let campaign = store
        .create_campaign(
            NewCampaign {
                code: CampaignCode::parse("pks05-2024").unwrap(),
                name: "PKS05 năm 2024".into(),
                instrument_id,
                window: Window::local_days(now_day(), now_day().tomorrow().unwrap()).unwrap(),
                status: CampaignStatus::Open,
                points: points.clone(),
                quota: QuotaRule { tolerance_pct: 40, ..QuotaRule::default() },
            },
            now(),
        )
        .await
        .unwrap();
    assert_eq!(store.campaign_quota(campaign.id).await.unwrap().tolerance_pct, 40);
    let edit =
        CampaignEdit { name: "PKS05 năm 2024 (sửa)".into(), window: campaign.window, quota: QuotaRule::default() };
    store.update_campaign(campaign.id, edit, now()).await.unwrap();
    assert_eq!(store.campaign_quota(campaign.id).await.unwrap(), QuotaRule::default());
    assert_eq!(store.campaign(campaign.id).await.unwrap().unwrap().name, "PKS05 năm 2024 (sửa)");
    (campaign.id, points, instrument)
}

fn now_day() -> jiff::civil::Date {
    domain::time::local_day(now())
}

fn code(text: &str) -> domain::units::UnitCode {
    domain::units::UnitCode::parse(text).unwrap()
}

fn response(campaign: i64, point: i64, instrument: &Instrument, client: &str, level: u8) -> NewResponse {
    let mut answers = Answers::default();
    for item in ["c1", "c2", "c3", "c4", "chung"] {
        answers.0.insert(item.into(), Answer::Level(level));
    }
    answers.0.insert("y_kien".into(), Answer::Text("Cán bộ nhiệt tình".into()));
    NewResponse {
        client_id: client.into(),
        campaign_id: campaign,
        point_id: point,
        instrument_id: 1,
        channel: Channel::Qr,
        lang: Lang::Vi,
        issued_at: now(),
        submitted_at: now(),
        comment_level: instrument.comment_level(&answers),
        deltas: tally::deltas(instrument, &answers),
        paper: None,
        integrity: Default::default(),
        verification: None,
        contact: None,
        answers,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_stored_once_and_tallied_in_the_same_commit() {
    for db in TestDatabase::every_backend().await {
        let store = db.open().await;
        responses_are_stored_once_and_tallied_in_the_same_commit_on(&store).await;
        store.close().await;
    }
}

async fn responses_are_stored_once_and_tallied_in_the_same_commit_on(store: &Store) {
    let (campaign, points, instrument) = seeded(store).await;

    let first = store.ingest(response(campaign, points[0], &instrument, "a", 5)).await.unwrap();
    let again = store.ingest(response(campaign, points[0], &instrument, "a", 1)).await.unwrap();
    assert_eq!((first, again), (IngestOutcome::Stored, IngestOutcome::AlreadyStored));

    let tallies = store.tallies(campaign, domain::results::View::All).await.unwrap();
    assert_eq!(tallies.len(), 5, "five rated items, one level each");
    assert!(tallies.iter().all(|t| t.level == 5 && t.n == 1));
    assert_eq!(store.recount(campaign).await.unwrap(), tallies);
    let stored = store.response_by_client_id("a").await.unwrap().unwrap();
    assert_eq!(stored.answers.text("y_kien"), Some("Cán bộ nhiệt tình"));
}

/// Responses stored before migration 0020 have no comment level or count; its backfill gives
/// them what the writer now stores with each response, so the comments page ranks old and new
/// alike: the unhappiest first, an unanswered overall question last.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_stored_before_their_ranking_are_ranked_by_the_migration() {
    for db in TestDatabase::every_backend().await {
        let store = db.open().await;
        comments_stored_before_their_ranking_are_ranked_by_the_migration_on(&db, &store).await;
        store.close().await;
    }
}

async fn comments_stored_before_their_ranking_are_ranked_by_the_migration_on(db: &TestDatabase, store: &Store) {
    let (campaign, points, instrument) = seeded(store).await;
    for (client, level) in [("a", 4), ("b", 2), ("c", 5)] {
        store.ingest(response(campaign, points[0], &instrument, client, level)).await.unwrap();
    }
    let mut unrated = response(campaign, points[1], &instrument, "d", 3);
    unrated.answers.0.remove("chung");
    unrated.answers.0.insert("gioi_tinh".into(), Answer::Level(1));
    unrated.comment_level = instrument.comment_level(&unrated.answers);
    let mut silent = response(campaign, points[1], &instrument, "e", 1);
    silent.answers.0.remove("y_kien");
    for response in [unrated, silent] {
        store.ingest(response).await.unwrap();
    }
    let query = CommentQuery::default();
    let ranked = async || {
        let first = store.first_commented(campaign, &query, 10).await.unwrap();
        let counts = store.comment_counts(campaign, &query).await.unwrap();
        (first.into_iter().map(|r| r.client_id).collect::<Vec<_>>(), counts)
    };
    let stored = ranked().await;
    let by_level = |level: Option<u8>| CommentCount { level, comments: 1 };
    assert_eq!(stored.0, ["b", "a", "c", "d"]);
    assert_eq!(stored.1, [None, Some(2), Some(4), Some(5)].map(by_level));
    let one_point = CommentQuery { points: Some(vec![points[1]]), ..CommentQuery::default() };
    let at_one_point = store.first_commented(campaign, &one_point, 10).await.unwrap();
    assert_eq!(at_one_point.iter().map(|r| r.client_id.as_str()).collect::<Vec<_>>(), ["d"]);
    assert_eq!(store.comment_counts(campaign, &one_point).await.unwrap(), [by_level(None)]);

    db.execute_raw("UPDATE responses SET comment_level = NULL, comments = 0").await;
    assert_eq!(ranked().await, (Vec::new(), Vec::new()), "as before the migration");
    let migration = MIGRATIONS.iter().find(|m| m.name == "0020_comments_ranked").unwrap();
    let sql = if db.backend() == "sqlite" { migration.sqlite } else { migration.postgres };
    let backfill = sql.split(";\n").find(|statement| statement.contains("UPDATE responses")).unwrap();
    db.execute_raw(backfill).await;
    assert_eq!(ranked().await, stored);

    // Without an overall question the lowest rating ranks; a number that answers no rating
    // item (a choice, such as a gender) does not. The definition is edited in place only to
    // reach that branch of the backfill.
    let without_overall = if db.backend() == "sqlite" {
        "UPDATE instruments SET definition = json_remove(definition, '$.overall')"
    } else {
        "UPDATE instruments SET definition = (definition::jsonb - 'overall')::TEXT"
    };
    db.execute_raw(&format!("{without_overall}; UPDATE responses SET comment_level = NULL, comments = 0")).await;
    db.execute_raw(backfill).await;
    let (order, counts) = ranked().await;
    assert_eq!(order, ["b", "d", "a", "c"]);
    assert_eq!(counts, [Some(2), Some(3), Some(4), Some(5)].map(by_level));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_submissions_are_all_stored_exactly_once() {
    for db in TestDatabase::every_backend().await {
        let store = db.open().await;
        concurrent_submissions_are_all_stored_exactly_once_on(&store).await;
        store.close().await;
    }
}

async fn concurrent_submissions_are_all_stored_exactly_once_on(store: &Store) {
    let (campaign, points, instrument) = seeded(store).await;
    let mut tasks = Vec::new();
    for i in 0..400 {
        let store = store.clone();
        let r = response(campaign, points[i % points.len()], &instrument, &format!("c{}", i % 200), (i % 5 + 1) as u8);
        tasks.push(tokio::spawn(async move { store.ingest(r).await.unwrap() }));
    }
    let mut stored = 0;
    for t in tasks {
        if t.await.unwrap() == IngestOutcome::Stored {
            stored += 1;
        }
    }
    assert_eq!(stored, 200);
    assert_eq!(store.response_count(campaign).await.unwrap(), 200);
    assert_eq!(
        store.recount(campaign).await.unwrap(),
        store.tallies(campaign, domain::results::View::All).await.unwrap()
    );
    let daily: i64 = store.daily_counts(campaign, domain::results::View::All).await.unwrap().iter().map(|d| d.n).sum();
    assert_eq!(daily, 200);
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_campaigns_store_nothing() {
    for db in TestDatabase::every_backend().await {
        let store = db.open().await;
        closed_campaigns_store_nothing_on(&store).await;
        store.close().await;
    }
}

async fn closed_campaigns_store_nothing_on(store: &Store) {
    let (campaign, points, instrument) = seeded(store).await;
    store.set_campaign_status(campaign, CampaignStatus::Closed, now()).await.unwrap();
    let outcome = store.ingest(response(campaign, points[0], &instrument, "late", 4)).await.unwrap();
    assert_eq!(outcome, IngestOutcome::Refused(Refusal::NotOpen(CampaignStatus::Closed)));
    assert_eq!(store.response_count(campaign).await.unwrap(), 0);
    assert!(store.tallies(campaign, domain::results::View::All).await.unwrap().is_empty());
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_active_campaign_is_found_by_point_and_time() {
    for db in TestDatabase::every_backend().await {
        let store = db.open().await;
        the_active_campaign_is_found_by_point_and_time_on(&store).await;
        store.close().await;
    }
}

async fn the_active_campaign_is_found_by_point_and_time_on(store: &Store) {
    let (campaign, points, _) = seeded(store).await;
    let found = store.active_campaign(points[1], now()).await.unwrap().unwrap();
    assert_eq!(found.id, campaign);
    let later: Timestamp = "2024-08-01T00:00:00Z".parse().unwrap();
    assert!(store.active_campaign(points[1], later).await.unwrap().is_none());
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frozen_instruments_cannot_change() {
    for db in TestDatabase::every_backend().await {
        let store = db.open().await;
        frozen_instruments_cannot_change_on(&store).await;
        store.close().await;
    }
}

async fn frozen_instruments_cannot_change_on(store: &Store) {
    let (campaign, points, instrument) = seeded(store).await;
    store.ingest(response(campaign, points[0], &instrument, "x", 3)).await.unwrap();
    let mut def = instrument.def().clone();
    def.title.vi.push_str(" (sửa)");
    let changed = Arc::new(Instrument::new(def).unwrap());
    let err = store.sync_instrument(changed, now()).await.unwrap_err();
    assert!(matches!(err, hailong_store::StoreError::Frozen { .. }), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_enqueued_once_and_claimed_by_one_worker() {
    for db in TestDatabase::every_backend().await {
        // Two stores on one database: two instances of the server.
        let (first, second) = (db.open().await, db.open().await);
        let job = |key: &str| hailong_store::NewJob {
            kind: "purge_sessions".into(),
            dedup_key: Some(key.into()),
            payload: "{}".into(),
            run_at: now(),
        };
        assert!(first.enqueue_job(job("purge:2024-07-10T10"), now()).await.unwrap().is_some());
        assert!(second.enqueue_job(job("purge:2024-07-10T10"), now()).await.unwrap().is_none(), "{}", db.backend());

        let lease = now() + jiff::SignedDuration::from_mins(5);
        let (a, b) = tokio::join!(first.claim_job("a", now(), lease), second.claim_job("b", now(), lease));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a.is_some() != b.is_some(), "exactly one worker claims it on {}", db.backend());
        let (claimed, owner, other) = if let Some(j) = a { (j, "a", "b") } else { (b.unwrap(), "b", "a") };
        assert_eq!(claimed.attempts, 1);
        let done = hailong_store::JobEnd::Done { result: "0 sessions".into() };
        assert!(first.finish_job(claimed.id, other, done.clone(), now()).await.is_err(), "only the owner finishes");
        first.finish_job(claimed.id, owner, done, now()).await.unwrap();
        assert!(second.claim_job("b", now(), lease).await.unwrap().is_none());
        let jobs = second.recent_jobs(10).await.unwrap();
        assert_eq!(jobs[0].status, hailong_store::JobStatus::Done);
        assert_eq!(jobs[0].attempts, 1);

        // A worker that dies leaves its lease to run out; another takes the job over.
        first.enqueue_job(job("purge:2024-07-10T11"), now()).await.unwrap();
        let held = first.claim_job("a", now(), lease).await.unwrap().unwrap();
        assert!(second.claim_job("b", now(), lease).await.unwrap().is_none());
        let later = lease + jiff::SignedDuration::from_secs(1);
        let taken = second.claim_job("b", later, later + jiff::SignedDuration::from_mins(5)).await.unwrap().unwrap();
        assert_eq!((taken.id, taken.attempts), (held.id, 2));
        first.close().await;
        second.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_copies_whole_between_backends() {
    for source_db in TestDatabase::every_backend().await {
        let source = source_db.open().await;
        let (campaign, points, instrument) = seeded(&source).await;
        let batch: Vec<NewResponse> = (0..500)
            .map(|i| {
                let mut r =
                    response(campaign, points[i % points.len()], &instrument, &format!("copy-{i}"), (i % 5 + 1) as u8);
                // Every seventh answer flagged twice: the kept counts follow the flags across.
                if i % 7 == 0 {
                    r.integrity.flags = [FlagReason::Honeypot, FlagReason::TooFast]
                        .map(|reason| NewFlag { reason, detail: String::new() })
                        .into();
                }
                r
            })
            .collect();
        source.ingest_many(batch).await.unwrap();
        let flagged = source.flag_counts_by_point(campaign).await.unwrap();
        assert_eq!(flagged.iter().map(|p| p.flagged).sum::<i64>(), 72, "flagged responses, each once");

        for target_db in TestDatabase::every_backend().await {
            let target = target_db.open().await;
            let report = source.copy_to(&target).await.unwrap();
            let responses = report.iter().find(|c| c.table == "responses").unwrap();
            assert_eq!((responses.source, responses.target), (500, 500));
            assert!(report.iter().all(|c| c.source == c.target));
            if let Some(rows) = target_db.planner_rows("responses").await {
                assert_eq!(rows, 500.0, "PostgreSQL's planner knows what was copied");
                // Analysed empty, a table would look free to scan to plans cached before it grows.
                let reviews = target_db.planner_rows("response_reviews").await;
                assert_eq!(reviews, Some(-1.0), "an empty table is left unanalysed");
            }
            assert_eq!(
                target.tallies(campaign, domain::results::View::All).await.unwrap(),
                source.tallies(campaign, domain::results::View::All).await.unwrap()
            );
            assert_eq!(
                target.recount(campaign).await.unwrap(),
                source.tallies(campaign, domain::results::View::All).await.unwrap()
            );
            let mut copied = target.flag_counts_by_point(campaign).await.unwrap();
            copied.sort_by_key(|p| p.point_id);
            let mut expected = flagged.clone();
            expected.sort_by_key(|p| p.point_id);
            assert_eq!(copied, expected, "the triggers count the copied flags again");
            assert_eq!(target.signing_key().await.unwrap().as_bytes(), source.signing_key().await.unwrap().as_bytes());
            // The copy goes on working: new rows get new ids.
            let more = response(campaign, points[0], &instrument, "after-copy", 4);
            assert_eq!(target.ingest(more).await.unwrap(), IngestOutcome::Stored);
            let err = source.copy_to(&target).await.unwrap_err();
            assert!(err.to_string().contains("not empty"), "{err}");
            target.close().await;
        }
        source.close().await;
    }
}

#[tokio::test]
async fn an_sqlite_backup_is_a_working_database() {
    let db = TestDatabase::sqlite();
    let store = db.open().await;
    let (campaign, points, instrument) = seeded(&store).await;
    store.ingest(response(campaign, points[0], &instrument, "backed-up", 5)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.sqlite3");
    store.backup_to(&file).await.unwrap();
    assert!(store.backup_to(&file).await.is_err(), "an existing file is never overwritten");
    let restored =
        hailong_store::Store::open(&hailong_store::DatabaseUrl::sqlite(&file), &Default::default()).await.unwrap();
    assert_eq!(restored.response_count(campaign).await.unwrap(), 1);
    assert_eq!(
        restored.tallies(campaign, domain::results::View::All).await.unwrap(),
        store.tallies(campaign, domain::results::View::All).await.unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journalled_counts_fold_into_the_tallies_without_changing_them() {
    for db in TestDatabase::every_backend().await {
        let store = db.open().await;
        let (campaign, points, instrument) = seeded(&store).await;
        let batch: Vec<NewResponse> = (0..300)
            .map(|i| response(campaign, points[i % points.len()], &instrument, &format!("j-{i}"), (i % 5 + 1) as u8))
            .collect();
        store.ingest_many(batch).await.unwrap();
        let before = store.tallies(campaign, domain::results::View::All).await.unwrap();
        let days_before = store.daily_counts(campaign, domain::results::View::All).await.unwrap();
        let totals_before = store.point_totals(campaign, domain::results::View::All).await.unwrap();
        assert_eq!(totals_before.iter().map(|(_, n)| n).sum::<i64>(), 300);
        let whole_days = || store.daily_totals(campaign, domain::results::View::All, None);
        let days_of_points = || store.daily_totals(campaign, domain::results::View::All, Some(points.clone()));
        let day_totals_before = whole_days().await.unwrap();
        assert_eq!(day_totals_before.iter().map(|(_, n)| n).sum::<i64>(), 300);
        assert_eq!(days_of_points().await.unwrap(), day_totals_before, "every point is the whole campaign");
        store.fold_counts().await.unwrap();
        assert_eq!(store.point_totals(campaign, domain::results::View::All).await.unwrap(), totals_before);
        assert_eq!(whole_days().await.unwrap(), day_totals_before, "kept per day on {}", db.backend());
        assert_eq!(days_of_points().await.unwrap(), day_totals_before);
        let journal = |counts: Vec<(&str, i64)>| {
            counts.into_iter().filter(|(t, _)| t.ends_with("_journal")).map(|(_, n)| n).sum::<i64>()
        };
        assert_eq!(journal(store.table_counts().await.unwrap()), 0, "the journals are empty on {}", db.backend());
        assert_eq!(store.tallies(campaign, domain::results::View::All).await.unwrap(), before);
        assert_eq!(store.daily_counts(campaign, domain::results::View::All).await.unwrap(), days_before);
        // New answers journal again and add up with the folded ones.
        store.ingest(response(campaign, points[0], &instrument, "after-fold", 5)).await.unwrap();
        assert_eq!(
            store.recount(campaign).await.unwrap(),
            store.tallies(campaign, domain::results::View::All).await.unwrap()
        );
        store.fold_counts().await.unwrap();
        assert_eq!(
            store.recount(campaign).await.unwrap(),
            store.tallies(campaign, domain::results::View::All).await.unwrap()
        );
        assert_eq!(whole_days().await.unwrap().iter().map(|(_, n)| n).sum::<i64>(), 301);
        assert_eq!(days_of_points().await.unwrap(), whole_days().await.unwrap());
        store.close().await;
    }
}
