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
        /// admin (other roles arrive with the administration work).
        #[arg(long, value_parser = ["admin"])]
        role: String,
        /// The unit whose subtree the account sees (not for admin).
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
        Ok((generate_password(), true))
    }
}

/// Four groups of five letters and digits from the OS random source (~99 bits), easy to copy.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    // Bytes at or above the largest multiple of the alphabet's size are dropped, so that every
    // character is equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut chars = Vec::with_capacity(20);
    while chars.len() < 20 {
        for byte in domain::signing::random_bytes::<32>() {
            if usize::from(byte) < limit && chars.len() < 20 {
                chars.push(ALPHABET[usize::from(byte) % ALPHABET.len()] as char);
            }
        }
    }
    chars.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}
