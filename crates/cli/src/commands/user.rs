//! `hailong user add | reset-password`.

use std::io::BufRead;

use app::App;
use app::accounts::NewAccount;
use domain::accounts::Role;
use domain::units::UnitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a staff account. Without --password-stdin a strong password is generated and
    /// printed once.
    Add {
        #[arg(long)]
        username: String,
        /// admin (everything), organiser (runs campaigns in its subtree, sees responses),
        /// manager (aggregates of its subtree), clerk (data entry at its points), viewer.
        #[arg(long, value_parser = ["admin", "organiser", "manager", "clerk", "viewer"])]
        role: String,
        /// The unit whose subtree the account sees (every role but admin).
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// Full name shown in the interface.
        #[arg(long)]
        name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password and end the account's sessions.
    ResetPassword {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

pub async fn run(app: &App, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Add { username, role, unit, name, password_stdin } => {
            let role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("vai trò không hợp lệ: {role}"))?;
            let unit = unit.map(|u| UnitCode::parse(&u)).transpose().map_err(|e| anyhow::anyhow!("{e}"))?;
            let (password, generated) = password(password_stdin)?;
            app.add_user(NewAccount {
                username: username.clone(),
                display_name: name.unwrap_or_default(),
                password: password.clone(),
                role,
                unit,
            })
            .await?;
            println!("Đã tạo tài khoản {username} ({}).", role.as_str());
            if generated {
                println!("Mật khẩu (chỉ hiện một lần): {password}");
            }
        }
        Command::ResetPassword { username, password_stdin } => {
            let (password, generated) = password(password_stdin)?;
            app.reset_password(&username, password.clone()).await?;
            println!("Đã đặt lại mật khẩu cho {username}; mọi phiên đăng nhập cũ đã kết thúc.");
            if generated {
                println!("Mật khẩu mới (chỉ hiện một lần): {password}");
            }
        }
    }
    Ok(())
}

fn password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok((line.trim_end_matches(['\r', '\n']).to_owned(), false))
    } else {
        Ok((domain::accounts::generate_password(), true))
    }
}
