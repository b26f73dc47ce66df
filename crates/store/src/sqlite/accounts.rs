//! Users and their sessions.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use domain::accounts::Role;
use jiff::Timestamp;

use super::rows;
use super::units::is_unique_violation;
use crate::{NewSession, NewUser, Result, SessionRecord, StoreError, UserRecord};

const USER_COLUMNS: &str =
    "u.id, u.username, u.display_name, u.password_hash, u.role, u.unit_id, u.disabled_at IS NOT NULL";

fn user(r: &Row<'_>) -> deadpool_sqlite::rusqlite::Result<UserRecord> {
    Ok(UserRecord {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        password_hash: r.get(3)?,
        role: rows::role(r, 4)?,
        unit_id: r.get(5)?,
        disabled: r.get(6)?,
    })
}

pub(crate) fn create_user(tx: &Transaction<'_>, new: &NewUser, now: Timestamp) -> Result<i64> {
    tx.execute(
        "INSERT INTO users (username, display_name, password_hash, role, unit_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![new.username, new.display_name, new.password_hash, new.role.as_str(), new.unit_id, now.as_millisecond()],
    )
    .map_err(|e| {
        if is_unique_violation(&e) { StoreError::Conflict(format!("username {} is taken", new.username)) } else { e.into() }
    })?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn set_password(tx: &Transaction<'_>, username: &str, hash: &str) -> Result<()> {
    let changed = tx.execute("UPDATE users SET password_hash = ?2 WHERE username = ?1", params![username, hash])?;
    if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub(crate) fn by_username(conn: &Connection, username: &str) -> Result<Option<UserRecord>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([username], user).optional()?)
}

pub(crate) fn with_role(conn: &Connection, role: Role) -> Result<Vec<UserRecord>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.role = ?1 ORDER BY u.username");
    let mut stmt = conn.prepare(&sql)?;
    let users = stmt.query_map([role.as_str()], user)?;
    Ok(users.collect::<Result<_, _>>()?)
}

pub(crate) fn create_session(tx: &Transaction<'_>, s: &NewSession) -> Result<()> {
    // Expired sessions are cleared as new ones start, so the table does not grow forever.
    tx.execute("DELETE FROM sessions WHERE expires_at <= ?1", [s.created_at.as_millisecond()])?;
    tx.execute(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.id_hash, s.user_id, s.csrf_token, s.created_at.as_millisecond(), s.expires_at.as_millisecond()],
    )?;
    Ok(())
}

pub(crate) fn session(conn: &Connection, id_hash: &str, now: Timestamp) -> Result<Option<SessionRecord>> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = ?1 AND s.expires_at > ?2 AND u.disabled_at IS NULL"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id_hash, now.as_millisecond()], |r| {
            Ok(SessionRecord { user: user(r)?, csrf_token: r.get(7)?, expires_at: rows::timestamp(r, 8)? })
        })
        .optional()?)
}

pub(crate) fn delete_session(tx: &Transaction<'_>, id_hash: &str) -> Result<()> {
    tx.execute("DELETE FROM sessions WHERE id_hash = ?1", [id_hash])?;
    Ok(())
}

pub(crate) fn delete_sessions_of(tx: &Transaction<'_>, user_id: i64) -> Result<()> {
    tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])?;
    Ok(())
}

pub(crate) fn delete_expired_sessions(tx: &Transaction<'_>, now: Timestamp) -> Result<u64> {
    Ok(tx.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now.as_millisecond()])? as u64)
}

pub(crate) fn all(conn: &Connection) -> Result<Vec<UserRecord>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username");
    let mut stmt = conn.prepare(&sql)?;
    let users = stmt.query_map([], user)?;
    Ok(users.collect::<Result<_, _>>()?)
}

/// Disables (ending every session) or re-enables an account.
pub(crate) fn set_disabled(tx: &Transaction<'_>, username: &str, disabled_at: Option<Timestamp>) -> Result<()> {
    let changed = tx.execute(
        "UPDATE users SET disabled_at = ?2 WHERE username = ?1",
        params![username, disabled_at.map(Timestamp::as_millisecond)],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    if disabled_at.is_some() {
        tx.execute("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?1)", [username])?;
    }
    Ok(())
}

/// Sets a password hash and ends the user's sessions except `keep` (the one changing it).
pub(crate) fn change_password(tx: &Transaction<'_>, user_id: i64, hash: &str, keep: &str) -> Result<()> {
    tx.execute("UPDATE users SET password_hash = ?2 WHERE id = ?1", params![user_id, hash])?;
    tx.execute("DELETE FROM sessions WHERE user_id = ?1 AND id_hash <> ?2", params![user_id, keep])?;
    Ok(())
}
