//! `hailong demo`: a server on an embedded SQLite database in a data folder, with the real
//! Bắc Giang 2024 unit tree, the three instruments, a PKS05 campaign over every point and
//! 50,000 generated answers. The folder is reused on the next run.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use app::accounts::NewAccount;
use app::demo::DemoOptions;
use app::{App, Clock, Config};
use domain::accounts::Role;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Folder for the demo database (created if missing, reused if present).
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Generated answers on first run.
    #[arg(long, default_value_t = 50_000)]
    responses: usize,
}

const ADMIN: &str = "admin";

/// Accounts of the other roles, each seeing its own part of the tree, sharing the admin's
/// password: (username, full name, role, unit code, what the unit is).
const STAFF: &[(&str, &str, Role, &str, &str)] = &[
    ("tochuc", "Sở Nội vụ (tổ chức khảo sát)", Role::Organiser, "24", "toàn tỉnh"),
    ("lanhdao.lucngan", "Lãnh đạo UBND huyện Lục Ngạn", Role::Manager, "219", "Huyện Lục Ngạn"),
    ("nhaplieu.tandinh", "Cán bộ một cửa xã Tân Dĩnh", Role::Clerk, "07432", "Xã Tân Dĩnh"),
    ("xem.tinh", "Văn phòng UBND tỉnh", Role::Viewer, "24", "toàn tỉnh"),
];

pub async fn run(args: Args) -> anyhow::Result<()> {
    crate::logging::init("warn,hailong=info");
    let started = Instant::now();
    let dir = args.data_dir.unwrap_or_else(default_dir);
    std::fs::create_dir_all(&dir)?;
    let public = public_url(args.addr);
    let config = Config {
        database_url: format!("sqlite://{}", dir.join("hailong.sqlite3").display()),
        addr: args.addr,
        public_url: Some(public.clone()),
        ..Config::default()
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| anyhow::anyhow!("không mở được cổng {}: {e} (thử --addr 127.0.0.1:8081)", args.addr))?;
    let app = App::start(config, Clock::system()).await?;
    let demo = app.seed_demo(DemoOptions { responses: args.responses, ..DemoOptions::default() }).await?;
    let password = admin_password(&app, &dir).await?;
    if demo.created {
        app.generate_field_work(&demo.campaign.code.to_string(), ADMIN, DemoOptions::default().seed).await?;
    }

    println!();
    println!("  Hài Lòng — bản trình diễn (demo)");
    println!("  ─────────────────────────────────");
    println!("  Địa chỉ:        {public}/");
    println!("  Dữ liệu:        {} ({})", dir.display(), if demo.created { "mới tạo" } else { "dùng lại" });
    println!("  Đợt khảo sát:   {} — {} phiếu", demo.campaign.name, demo.responses);
    println!();
    println!("  Phiếu khảo sát như người dân thấy khi quét mã QR:");
    for example in &demo.examples {
        println!("    cấp {:<6} {public}/q/{}   ({})", example.level, example.token, example.point);
    }
    println!("    mã QR:      {public}/q/{}/qr.svg", demo.examples.first().map_or("", |e| e.token.as_str()));
    println!();
    println!("  Đăng nhập quản trị: {public}/login");
    println!("    tên đăng nhập: {ADMIN}");
    match &password {
        Some(p) => println!("    mật khẩu:      {p}"),
        None => println!("    mật khẩu:      (đã đặt lại; dùng `hailong user reset-password {ADMIN}`)"),
    }
    println!("    các vai trò khác, cùng mật khẩu:");
    for (username, _, role, _, unit) in STAFF {
        println!("      {username:<18} {} — {unit}", role.label(domain::text::Lang::Vi));
    }
    println!();
    println!("  Sẵn sàng sau {:.1} s. Nhấn Ctrl+C để dừng.", started.elapsed().as_secs_f64());
    println!();
    super::serve::serve(app, listener).await
}

/// `$XDG_DATA_HOME/hailong/demo`, `~/.local/share/hailong/demo`, or `./hailong-data/demo`.
fn default_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("hailong-data"));
    base.join("hailong/demo")
}

/// The address printed in QR codes: a wildcard listen address is reached as localhost.
fn public_url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() { format!("http://127.0.0.1:{}", addr.port()) } else { format!("http://{addr}") }
}

/// Creates the demo admin on first run with a random password kept in the data folder, so a
/// reused demo can print it again.
async fn admin_password(app: &App, dir: &Path) -> anyhow::Result<Option<String>> {
    let file = dir.join("admin-password.txt");
    if app.store().user_by_username(ADMIN).await?.is_some() {
        return Ok(std::fs::read_to_string(&file).ok().map(|p| p.trim().to_owned()));
    }
    let password = domain::accounts::generate_password();
    app.add_user(NewAccount {
        username: ADMIN.into(),
        display_name: "Quản trị demo".into(),
        password: password.clone(),
        role: Role::Admin,
        unit: None,
    })
    .await?;
    for (username, name, role, unit, _) in STAFF {
        app.add_user(NewAccount {
            username: (*username).into(),
            display_name: (*name).into(),
            password: password.clone(),
            role: *role,
            unit: Some(domain::units::UnitCode::parse(unit).map_err(|e| anyhow::anyhow!("{e}"))?),
        })
        .await?;
    }
    write_private(&file, &password)?;
    Ok(Some(password))
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}
