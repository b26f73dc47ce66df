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
use jiff::SignedDuration;
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

    pub async fn sign_in(&self, username: &str, password: &str) -> Result<SignedIn, SignInError> {
        let username = parse_username(username).unwrap_or_default();
        let user = self.store().user_by_username(&username).await.map_err(AppError::from)?;
        let hash = user.as_ref().map_or_else(decoy_hash, |u| u.password_hash.clone());
        let matches = verify_password(password.to_owned(), hash).await;
        let user = match user {
            Some(user) if matches && !user.disabled => user,
            _ => {
                tracing::info!(user = %username, "sign-in refused");
                return Err(SignInError::Invalid);
            }
        };
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
            },
        })
    }

    /// The user of a session cookie, if the session is live.
    pub async fn session(&self, cookie: &str) -> Result<Option<SessionUser>> {
        let found = self.store().session(&self.session_hash(cookie), self.now()).await?;
        Ok(found.map(|s| SessionUser {
            id: s.user.id,
            username: s.user.username,
            display_name: s.user.display_name,
            role: s.user.role,
            unit_id: s.user.unit_id,
            csrf_token: s.csrf_token,
        }))
    }

    pub async fn sign_out(&self, cookie: &str) -> Result<()> {
        Ok(self.store().delete_session(&self.session_hash(cookie)).await?)
    }

    fn session_hash(&self, cookie: &str) -> String {
        self.key().fingerprint(b"hailong/session/v1\0", cookie.as_bytes())
    }
}
