//! Users and their sessions.

use deadpool_postgres::GenericClient;
use domain::accounts::Role;
use jiff::Timestamp;
use tokio_postgres::Row;

use super::{Db, is_unique_violation, rows};
use crate::{NewSession, NewUser, Result, SessionRecord, StoreError, UserRecord};

const USER_COLUMNS: &str =
    "u.id, u.username, u.display_name, u.password_hash, u.role, u.unit_id, u.disabled_at IS NOT NULL";

fn user(r: &Row) -> Result<UserRecord> {
    Ok(UserRecord {
        id: r.try_get(0)?,
        username: r.try_get(1)?,
        display_name: r.try_get(2)?,
        password_hash: r.try_get(3)?,
        role: rows::role(r, 4)?,
        unit_id: r.try_get(5)?,
        disabled: r.try_get(6)?,
    })
}

pub(crate) async fn create_user(client: &impl GenericClient, new: &NewUser, now: Timestamp) -> Result<i64> {
    let row = client
        .query_one(
            "INSERT INTO users (username, display_name, password_hash, role, unit_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &new.username,
                &new.display_name,
                &new.password_hash,
                &new.role.as_str(),
                &new.unit_id,
                &now.as_millisecond(),
            ],
        )
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Conflict(format!("username {} is taken", new.username))
            } else {
                e.into()
            }
        })?;
    Ok(row.get(0))
}

pub(crate) async fn set_password(client: &impl GenericClient, username: &str, hash: &str) -> Result<()> {
    let changed =
        client.execute("UPDATE users SET password_hash = $2 WHERE username = $1", &[&username, &hash]).await?;
    if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub(crate) async fn by_username(client: &impl GenericClient, username: &str) -> Result<Option<UserRecord>> {
    let stmt = client.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1")).await?;
    client.query_opt(&stmt, &[&username]).await?.as_ref().map(user).transpose()
}

pub(crate) async fn with_role(client: &impl GenericClient, role: Role) -> Result<Vec<UserRecord>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.role = $1 ORDER BY u.username");
    client.query(&sql, &[&role.as_str()]).await?.iter().map(user).collect()
}

pub(crate) async fn create_session(db: &Db, s: &NewSession) -> Result<()> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    // Expired sessions are cleared as new ones start, so the table does not grow forever.
    tx.execute("DELETE FROM sessions WHERE expires_at <= $1", &[&s.created_at.as_millisecond()]).await?;
    tx.execute(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        &[&s.id_hash, &s.user_id, &s.csrf_token, &s.created_at.as_millisecond(), &s.expires_at.as_millisecond()],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn session(
    client: &impl GenericClient,
    id_hash: &str,
    now: Timestamp,
) -> Result<Option<SessionRecord>> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL"
    );
    let stmt = client.prepare_cached(&sql).await?;
    let Some(r) = client.query_opt(&stmt, &[&id_hash, &now.as_millisecond()]).await? else { return Ok(None) };
    Ok(Some(SessionRecord { user: user(&r)?, csrf_token: r.try_get(7)?, expires_at: rows::timestamp(&r, 8)? }))
}

pub(crate) async fn delete_session(client: &impl GenericClient, id_hash: &str) -> Result<()> {
    client.execute("DELETE FROM sessions WHERE id_hash = $1", &[&id_hash]).await?;
    Ok(())
}

pub(crate) async fn delete_sessions_of(client: &impl GenericClient, user_id: i64) -> Result<()> {
    client.execute("DELETE FROM sessions WHERE user_id = $1", &[&user_id]).await?;
    Ok(())
}

pub(crate) async fn delete_expired_sessions(client: &impl GenericClient, now: Timestamp) -> Result<u64> {
    Ok(client.execute("DELETE FROM sessions WHERE expires_at <= $1", &[&now.as_millisecond()]).await?)
}

pub(crate) async fn all(client: &impl GenericClient) -> Result<Vec<UserRecord>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username");
    client.query(&sql, &[]).await?.iter().map(user).collect()
}

/// Disables (ending every session) or re-enables an account.
pub(crate) async fn set_disabled(db: &Db, username: &str, disabled_at: Option<Timestamp>) -> Result<()> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let changed = tx
        .execute(
            "UPDATE users SET disabled_at = $2 WHERE username = $1",
            &[&username, &disabled_at.map(Timestamp::as_millisecond)],
        )
        .await?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    if disabled_at.is_some() {
        tx.execute("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)", &[&username])
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets a password hash and ends the user's sessions except `keep` (the one changing it).
pub(crate) async fn change_password(db: &Db, user_id: i64, hash: &str, keep: &str) -> Result<()> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    tx.execute("UPDATE users SET password_hash = $2 WHERE id = $1", &[&user_id, &hash]).await?;
    tx.execute("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2", &[&user_id, &keep]).await?;
    tx.commit().await?;
    Ok(())
}
