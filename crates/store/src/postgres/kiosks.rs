//! Counter kiosks: enrolment, heartbeats, revocation.

use deadpool_postgres::GenericClient;
use jiff::Timestamp;
use tokio_postgres::Row;

use crate::{KioskRecord, NewKiosk, Result};

const COLUMNS: &str =
    "id, point_id, label, idle_seconds, enrolment_expires_at, enrolled_at, last_seen_at, queued, revoked_at";

fn instant(row: &Row, idx: usize) -> Result<Option<Timestamp>> {
    Ok(row.try_get::<_, Option<i64>>(idx)?.and_then(|ms| Timestamp::from_millisecond(ms).ok()))
}

fn kiosk(r: &Row) -> Result<KioskRecord> {
    Ok(KioskRecord {
        id: r.try_get(0)?,
        point_id: r.try_get(1)?,
        label: r.try_get(2)?,
        idle_seconds: r.try_get(3)?,
        enrolment_expires_at: instant(r, 4)?,
        enrolled_at: instant(r, 5)?,
        last_seen_at: instant(r, 6)?,
        queued: r.try_get(7)?,
        revoked_at: instant(r, 8)?,
    })
}

pub(crate) async fn create(client: &impl GenericClient, new: &NewKiosk, now: Timestamp) -> Result<i64> {
    Ok(client
        .query_one(
            "INSERT INTO kiosks (point_id, label, idle_seconds, enrolment_hash, enrolment_expires_at, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                &new.point_id,
                &new.label,
                &new.idle_seconds,
                &new.enrolment_hash,
                &new.enrolment_expires_at.as_millisecond(),
                &new.created_by,
                &now.as_millisecond(),
            ],
        )
        .await?
        .try_get(0)?)
}

pub(crate) async fn enrol(
    client: &impl GenericClient,
    enrolment: &str,
    device: &str,
    now: Timestamp,
) -> Result<Option<KioskRecord>> {
    let sql = format!(
        "UPDATE kiosks SET enrolment_hash = NULL, enrolment_expires_at = NULL, device_hash = $2,
             enrolled_at = $3, last_seen_at = $3
         WHERE enrolment_hash = $1 AND enrolment_expires_at > $3 AND revoked_at IS NULL
         RETURNING {COLUMNS}"
    );
    client.query_opt(&sql, &[&enrolment, &device, &now.as_millisecond()]).await?.as_ref().map(kiosk).transpose()
}

pub(crate) async fn by_device(client: &impl GenericClient, device: &str) -> Result<Option<KioskRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM kiosks WHERE device_hash = $1 AND revoked_at IS NULL");
    client.query_opt(&sql, &[&device]).await?.as_ref().map(kiosk).transpose()
}

pub(crate) async fn heartbeat(client: &impl GenericClient, id: i64, queued: i64, now: Timestamp) -> Result<()> {
    client
        .execute(
            "UPDATE kiosks SET last_seen_at = $2, queued = $3 WHERE id = $1",
            &[&id, &now.as_millisecond(), &queued],
        )
        .await?;
    Ok(())
}

pub(crate) async fn all(client: &impl GenericClient) -> Result<Vec<KioskRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM kiosks ORDER BY id DESC");
    client.query(&sql, &[]).await?.iter().map(kiosk).collect()
}

pub(crate) async fn revoke(client: &impl GenericClient, id: i64, now: Timestamp) -> Result<()> {
    client
        .execute(
            "UPDATE kiosks SET revoked_at = $2, device_hash = NULL, enrolment_hash = NULL
             WHERE id = $1 AND revoked_at IS NULL",
            &[&id, &now.as_millisecond()],
        )
        .await?;
    Ok(())
}
