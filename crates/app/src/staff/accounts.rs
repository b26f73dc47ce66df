//! Accounts as staff manage them: admins list, add, disable and reset accounts; every user
//! changes their own password. Each change is audited.

use domain::access::Permission;
use domain::accounts::{Role, check_new_password, generate_password};
use domain::units::{Unit, UnitCode};

use super::Staff;
use crate::accounts::NewAccount;
use crate::{AppError, Result};

/// An account as the accounts page lists it.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<Unit>,
    pub disabled: bool,
}

/// The "add an account" form.
#[derive(Debug, Clone)]
pub struct NewAccountForm {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<UnitCode>,
}

impl Staff {
    pub async fn accounts(&self) -> Result<Vec<AccountRow>> {
        self.require(Permission::ManageAccounts)?;
        let units = self.app().unit_tree().await?;
        let rows = self.app().store().users().await?;
        Ok(rows
            .into_iter()
            .map(|u| AccountRow {
                unit: u.unit_id.and_then(|id| units.iter().find(|unit| unit.id == id).cloned()),
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                role: u.role,
                disabled: u.disabled,
            })
            .collect())
    }

    /// Adds an account with a generated password, which is returned once to show.
    pub async fn add_account(&self, form: NewAccountForm) -> Result<String> {
        self.require(Permission::ManageAccounts)?;
        let password = generate_password();
        let username = form.username.clone();
        self.app()
            .add_user(NewAccount {
                username: form.username,
                display_name: form.display_name,
                password: password.clone(),
                role: form.role,
                unit: form.unit.clone(),
            })
            .await?;
        let unit = form.unit.map_or_else(|| "toàn hệ thống".to_owned(), |c| format!("đơn vị {c}"));
        self.audit("account.add", &username, format!("vai trò {}, {unit}", form.role.as_str())).await?;
        Ok(password)
    }

    /// Disables or re-enables an account; disabling ends its sessions at once.
    pub async fn set_account_disabled(&self, username: &str, disabled: bool) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        if username == self.user().username {
            return Err(AppError::invalid("không thể tự khoá tài khoản đang dùng"));
        }
        self.app().set_user_disabled(username, disabled).await?;
        let action = if disabled { "account.disable" } else { "account.enable" };
        self.audit(action, username, "").await
    }

    /// Sets a new generated password for another account and ends its sessions.
    pub async fn reset_account_password(&self, username: &str) -> Result<String> {
        self.require(Permission::ManageAccounts)?;
        let password = generate_password();
        self.app().reset_password(username, password.clone()).await?;
        self.audit("account.reset_password", username, "").await?;
        Ok(password)
    }

    /// Changes the signed-in user's own password after checking the current one. Every other
    /// session of the account ends; this one goes on.
    pub async fn change_own_password(&self, current: &str, new: &str, repeated: &str) -> Result<()> {
        if new != repeated {
            return Err(AppError::invalid("hai lần nhập mật khẩu mới không khớp"));
        }
        check_new_password(new, &self.user().username).map_err(AppError::invalid)?;
        if !self.app().password_matches(&self.user().username, current).await? {
            return Err(AppError::invalid("mật khẩu hiện tại không đúng"));
        }
        self.app().change_password(self.user(), new.to_owned()).await?;
        self.audit("account.change_password", &self.user().username, "").await
    }
}
