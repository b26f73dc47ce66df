//! Staff accounts: argon2id password hashes, and server-side sessions stored in the database
//! so that several instances share them. The cookie holds a random id; the database holds
//! only a keyed hash of it.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use domain::accounts::{Role, check_new_password, parse_username};
use domain::signing::random_id;
use domain::text::clean_line;
use domain::units::UnitCode;
use std::net::IpAddr;

use jiff::{SignedDuration, Timestamp};
use store::{NewSession, NewUser, StoreError};

use crate::{App, AppError, Result};

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    /// The unit whose subtree the account sees; none for an admin.
    pub unit: Option<UnitCode>,
}

/// A signed-in user, as every staff page sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    /// The value every state-changing form of this session must carry.
    pub csrf_token: String,
    /// The stored hash of this session's id (so a password change can keep this session).
    pub(crate) session_hash: String,
}

/// A new session: the cookie value to hand to the browser, and who it is for.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub cookie: String,
    pub user: SessionUser,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong username or password, or a disabled account: the same answer for each, so the
    /// form does not reveal which accounts exist.
    #[error("sai tên đăng nhập hoặc mật khẩu")]
    Invalid,
    /// Too many recent failures for this account or from this client; try again after `until`.
    #[error("đăng nhập sai quá nhiều lần, hãy thử lại sau")]
    Throttled { until: Timestamp },
    #[error(transparent)]
    Internal(#[from] AppError),
}

async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::invalid(format!("không băm được mật khẩu: {e}")))
    })
    .await
    .map_err(|e| AppError::invalid(e.to_string()))?
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the username is unknown, so that answering takes as long
/// as for a real account.
fn decoy_hash() -> String {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY
        .get_or_init(|| {
            Argon2::default().hash_password(random_id().as_bytes()).map(|h| h.to_string()).unwrap_or_default()
        })
        .clone()
}

impl App {
    pub async fn add_user(&self, new: NewAccount) -> Result<i64> {
        let username = parse_username(&new.username).map_err(AppError::invalid)?;
        check_new_password(&new.password, &username).map_err(AppError::invalid)?;
        let display_name = clean_line(&new.display_name);
        let display_name = if display_name.is_empty() { username.clone() } else { display_name };
        let unit_id = match (&new.unit, new.role) {
            (None, Role::Admin) => None,
            (Some(_), Role::Admin) => {
                return Err(AppError::invalid("quản trị hệ thống xem toàn bộ cây đơn vị, không gán một đơn vị"));
            }
            (None, _) => return Err(AppError::invalid("tài khoản không phải quản trị cần một đơn vị (--unit MÃ)")),
            (Some(code), _) => Some(
                self.store()
                    .unit_by_code(code, self.today())
                    .await?
                    .ok_or_else(|| AppError::NotFound(format!("đơn vị mã {code}")))?
                    .id,
            ),
        };
        let password_hash = hash_password(new.password).await?;
        let user = NewUser { username: username.clone(), display_name, password_hash, role: new.role, unit_id };
        let id = self.store().create_user(user, self.now()).await.map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict(format!("tên đăng nhập \"{username}\" đã có")),
            e => e.into(),
        })?;
        tracing::info!(user = %username, role = new.role.as_str(), "added a user");
        Ok(id)
    }

    /// Sets a new password and ends every session of the account.
    pub async fn reset_password(&self, username: &str, password: String) -> Result<()> {
        let username = parse_username(username).map_err(AppError::invalid)?;
        check_new_password(&password, &username).map_err(AppError::invalid)?;
        let user = self
            .store()
            .user_by_username(&username)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("tài khoản \"{username}\"")))?;
        let hash = hash_password(password).await?;
        self.store().set_password(&username, hash).await?;
        self.store().delete_sessions_of(user.id).await?;
        tracing::info!(user = %username, "password reset");
        Ok(())
    }

    /// Checks a username and password and starts a session. Refused without checking while
    /// the account or the client (`client`: the peer address, hashed before use) is throttled.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<SignedIn, SignInError> {
        let username = parse_username(username).unwrap_or_default();
        let keys = self.attempt_keys(&username, client);
        if let Some(until) = self.paused_until(&keys).await? {
            tracing::info!(user = %username, "sign-in throttled");
            return Err(SignInError::Throttled { until });
        }
        let user = self.store().user_by_username(&username).await.map_err(AppError::from)?;
        let hash = user.as_ref().map_or_else(decoy_hash, |u| u.password_hash.clone());
        let matches = verify_password(password.to_owned(), hash).await;
        let user = match user {
            Some(user) if matches && !user.disabled => user,
            _ => {
                tracing::info!(user = %username, "sign-in refused");
                self.record_failure(&keys).await?;
                return Err(SignInError::Invalid);
            }
        };
        self.forget_failures(&keys).await?;
        let cookie = random_id();
        let now = self.now();
        let session = NewSession {
            id_hash: self.session_hash(&cookie),
            user_id: user.id,
            csrf_token: random_id(),
            created_at: now,
            expires_at: now + SignedDuration::from_hours(i64::from(self.config().session_hours)),
        };
        self.store().create_session(session.clone()).await.map_err(AppError::from)?;
        tracing::info!(user = %user.username, "signed in");
        Ok(SignedIn {
            cookie,
            user: SessionUser {
                id: user.id,
                username: user.username,
                display_name: user.display_name,
                role: user.role,
                unit_id: user.unit_id,
                csrf_token: session.csrf_token,
                session_hash: session.id_hash,
            },
        })
    }

    /// The user of a session cookie, if the session is live.
    pub async fn session(&self, cookie: &str) -> Result<Option<SessionUser>> {
        let session_hash = self.session_hash(cookie);
        let found = self.store().session(&session_hash, self.now()).await?;
        Ok(found.map(|s| SessionUser {
            session_hash,
            id: s.user.id,
            username: s.user.username,
            display_name: s.user.display_name,
            role: s.user.role,
            unit_id: s.user.unit_id,
            csrf_token: s.csrf_token,
        }))
    }

    /// Whether `password` is the account's current one.
    pub(crate) async fn password_matches(&self, username: &str, password: &str) -> Result<bool> {
        let user = self.store().user_by_username(username).await?;
        let hash = user.as_ref().map_or_else(decoy_hash, |u| u.password_hash.clone());
        Ok(verify_password(password.to_owned(), hash).await && user.is_some())
    }

    /// Sets a user's new password; their other sessions end, the current one goes on.
    pub(crate) async fn change_password(&self, user: &SessionUser, password: String) -> Result<()> {
        let hash = hash_password(password).await?;
        self.store().change_password(user.id, hash, user.session_hash.clone()).await?;
        tracing::info!(user = %user.username, "password changed");
        Ok(())
    }

    /// Disables (ending every session at once) or re-enables an account.
    pub async fn set_user_disabled(&self, username: &str, disabled: bool) -> Result<()> {
        let username = parse_username(username).map_err(AppError::invalid)?;
        let at = disabled.then(|| self.now());
        self.store().set_user_disabled(&username, at).await.map_err(|e| match e {
            StoreError::NotFound => AppError::NotFound(format!("tài khoản \"{username}\"")),
            e => e.into(),
        })?;
        tracing::info!(user = %username, disabled, "account status changed");
        Ok(())
    }

    pub async fn sign_out(&self, cookie: &str) -> Result<()> {
        Ok(self.store().delete_session(&self.session_hash(cookie)).await?)
    }

    fn session_hash(&self, cookie: &str) -> String {
        self.key().fingerprint(b"hailong/session/v1\0", cookie.as_bytes())
    }
}
