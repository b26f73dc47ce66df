//! The `hailong` binary as an operator uses it: import, campaigns, accounts, migrations.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

#[path = "cli/crash.rs"]
mod crash;

use hailong_store::Store;
use hailong_store::test_database::TestDatabase;

/// A deployment: a working folder and a fresh database (PostgreSQL when
/// `HAILONG_TEST_DATABASE_URL` is set, SQLite otherwise).
struct Deployment {
    dir: tempfile::TempDir,
    database: TestDatabase,
    runtime: tokio::runtime::Runtime,
}

impl Deployment {
    /// The Bắc Giang units and an open, always-on PKS05 campaign `pks05-2024` over them.
    fn seed_open_campaign(&self) {
        self.run(&["import", "units", &units_file()]);
        let created = self.run(&[
            "campaign",
            "create",
            "--code",
            "pks05-2024",
            "--name",
            "PKS05",
            "--instrument",
            "PKS05",
            "--always-on",
            "--under",
            "24",
            "--open",
        ]);
        assert!(created.status.success(), "{}", stderr(&created));
    }

    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let database = runtime.block_on(TestDatabase::from_env());
        Deployment { dir: tempfile::tempdir().unwrap(), database, runtime }
    }

    fn url(&self) -> String {
        self.database.url().to_config_string()
    }

    /// Runs `f` against the deployment's database through the store, as the server would.
    fn with_store<T>(&self, f: impl AsyncFnOnce(&Store) -> T) -> T {
        self.runtime.block_on(async {
            let store = self.database.open().await;
            let value = f(&store).await;
            store.close().await;
            value
        })
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, None)
    }

    fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hailong"))
            .args(args)
            .env("HAILONG_DATABASE_URL", self.url())
            .env("HAILONG_LOG", "warn")
            .env_remove("RUST_LOG")
            .current_dir(self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        }
        child.wait_with_output().unwrap()
    }

    fn write(&self, name: &str, contents: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path.display().to_string()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn units_file() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/units/bac-giang-2024.csv").display().to_string()
}

#[test]
fn a_dry_run_writes_nothing_and_a_real_import_writes_everything() {
    let d = Deployment::new();
    let dry = d.run(&["import", "units", &units_file(), "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("203 đơn vị mới"), "{}", stdout(&dry));
    assert!(stdout(&dry).contains("chưa ghi gì"));
    let list = d.run(&["points", "list"]);
    assert_eq!(stdout(&list).lines().count(), 1, "only the header: nothing was written");

    let real = d.run(&["import", "units", &units_file()]);
    assert!(real.status.success(), "{}", stderr(&real));
    assert!(stdout(&real).contains("Đã tạo 203 mã QR"));
    let again = d.run(&["import", "units", &units_file()]);
    assert!(stdout(&again).contains("0 đơn vị mới, 0 cập nhật, 203 không đổi"), "{}", stdout(&again));
    let list = stdout(&d.run(&["points", "list", "--under", "213"]));
    assert!(list.contains("07210\tPhường Hoàng Văn Thụ\thttp"), "{list}");
}

#[test]
fn a_broken_file_is_reported_by_line_and_nothing_is_written() {
    let d = Deployment::new();
    let file = d.write(
        "broken.csv",
        "code,name,level,parent_code\n24,Tỉnh Bắc Giang,province,\n213,,district,24\n07210,Phường Trần Phú,village,213\n07213,Phường Ngô Quyền,commune,999\n24,Tỉnh trùng,province,\n",
    );
    let out = d.run(&["import", "units", &file]);
    assert!(!out.status.success());
    let report = stderr(&out);
    for expected in [
        "dòng 3: cột name: tên đơn vị trống",
        "dòng 4: cột level: \"village\" không phải",
        "dòng 5: không tìm thấy đơn vị cấp trên mã 999",
        "dòng 6: mã 24 trùng với dòng 2",
        "không ghi gì vào cơ sở dữ liệu",
    ] {
        assert!(report.contains(expected), "missing {expected:?} in:\n{report}");
    }
    assert_eq!(stdout(&d.run(&["points", "list"])).lines().count(), 1, "nothing written");
    let missing = d.run(&["import", "units", "khong-co.csv"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("không đọc được"));
}

#[test]
fn campaigns_are_created_opened_and_closed() {
    let d = Deployment::new();
    d.run(&["import", "units", &units_file()]);
    let create = d.run(&[
        "campaign",
        "create",
        "--code",
        "pks05-2024",
        "--name",
        "Khảo sát PKS05 năm 2024",
        "--instrument",
        "PKS05",
        "--from",
        "2024-07-10",
        "--to",
        "2024-07-12",
        "--under",
        "24",
        "--exclude",
        "07210",
    ]);
    assert!(create.status.success(), "{}", stderr(&create));
    assert!(stdout(&create).contains("202 điểm tiếp nhận, trạng thái Bản nháp"), "{}", stdout(&create));
    let clash = d.run(&[
        "campaign",
        "create",
        "--code",
        "sipas-2024",
        "--name",
        "SIPAS",
        "--instrument",
        "SIPAS-MC@1",
        "--from",
        "2024-07-12",
        "--to",
        "2024-07-20",
        "--points",
        "07213",
    ]);
    assert!(!clash.status.success());
    assert!(stderr(&clash).contains("trùng thời gian với đợt khảo sát khác tại Phường Trần Phú"), "{}", stderr(&clash));
    let taken = d.run(&[
        "campaign",
        "create",
        "--code",
        "pks05-2024",
        "--name",
        "x",
        "--instrument",
        "PKS05",
        "--always-on",
        "--under",
        "24",
    ]);
    assert!(stderr(&taken).contains("đã được dùng"), "{}", stderr(&taken));
    assert!(d.run(&["campaign", "open", "pks05-2024"]).status.success());
    let list = stdout(&d.run(&["campaign", "list"]));
    assert!(list.contains("pks05-2024") && list.contains("open") && list.contains("2024-07-10 → 2024-07-12"), "{list}");
    assert!(d.run(&["campaign", "close", "pks05-2024"]).status.success());
    assert!(stdout(&d.run(&["campaign", "list"])).contains("closed"));
    let unknown = d.run(&["campaign", "open", "khong-co"]);
    assert!(stderr(&unknown).contains("không tìm thấy đợt khảo sát"));
    let bad = d.run(&[
        "campaign",
        "create",
        "--code",
        "x",
        "--name",
        "x",
        "--instrument",
        "PKS99",
        "--always-on",
        "--under",
        "24",
    ]);
    assert!(stderr(&bad).contains("không tìm thấy phiếu khảo sát PKS99"), "{}", stderr(&bad));
}

#[test]
fn accounts_get_argon2id_hashes_and_strong_passwords() {
    let d = Deployment::new();
    let weak =
        d.run_with_stdin(&["user", "add", "--username", "admin", "--role", "admin", "--password-stdin"], Some("123\n"));
    assert!(!weak.status.success());
    assert!(stderr(&weak).contains("ít nhất 10 ký tự"));
    let ok = d.run(&["user", "add", "--username", "admin", "--role", "admin"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("Mật khẩu (chỉ hiện một lần):"));
    let dup = d.run(&["user", "add", "--username", "admin", "--role", "admin"]);
    assert!(stderr(&dup).contains("đã có"));
    let reset =
        d.run_with_stdin(&["user", "reset-password", "admin", "--password-stdin"], Some("một mật khẩu đủ dài\n"));
    assert!(reset.status.success(), "{}", stderr(&reset));
    let hash = d.with_store(async |s| s.user_by_username("admin").await.unwrap().unwrap().password_hash);
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

#[test]
fn instruments_are_listed_shown_and_checked() {
    let d = Deployment::new();
    let list = stdout(&d.run(&["instruments", "list"]));
    for code in ["PKS05", "SIPAS-MC", "MC-11"] {
        assert!(list.contains(code), "{list}");
    }
    let shown = stdout(&d.run(&["instruments", "show", "SIPAS-MC@1"]));
    assert!(shown.contains("code = \"SIPAS-MC\"") && shown.contains("Tiếp cận dịch vụ"));
    let broken = d.write(
        "x.toml",
        "code = \"X\"\nversion = 1\nlanguages = [\"vi\"]\ntitle = { vi = \"X\" }\nscales = []\nsections = []\n",
    );
    let check = d.run(&["instruments", "check", &broken]);
    assert!(!check.status.success());
    assert!(stderr(&check).contains("phiếu cần ít nhất một câu hỏi đánh giá"), "{}", stderr(&check));
}

#[test]
fn migrate_reports_the_schema_and_config_prints_the_defaults() {
    let d = Deployment::new();
    let out = d.run(&["migrate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("0001 0001_foundation"));
    assert!(stdout(&out).contains("0002 0002_jobs"));
    let defaults = stdout(&d.run(&["config", "print-default"]));
    assert!(defaults.contains("database_url = \"sqlite://hailong.sqlite3\""));
    let bad = d.run(&["--database-url", "mysql://x", "migrate"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("sqlite://FILE or postgres://"), "{}", stderr(&bad));
}

#[test]
fn a_database_moves_between_backends_and_keeps_every_row() {
    let d = Deployment::new();
    d.seed_open_campaign();
    d.run(&["user", "add", "--username", "admin", "--role", "admin"]);

    // Into a new SQLite file, and (when PostgreSQL is configured) into a fresh schema.
    let file = d.dir.path().join("copy.sqlite3");
    let sqlite_copy = format!("sqlite://{}", file.display());
    let out = d.run(&["db", "copy", "--from", &d.url(), "--to", &sqlite_copy]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("Xong: số dòng của mọi bảng khớp nhau."), "{report}");
    assert!(
        report.lines().any(|l| l.starts_with("units") && l.split_whitespace().skip(1).all(|n| n == "203")),
        "{report}"
    );
    let again = d.run(&["db", "copy", "--from", &d.url(), "--to", &sqlite_copy]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("not empty"), "{}", stderr(&again));

    // The copy serves: the points are there with their tokens.
    let list = Command::new(env!("CARGO_BIN_EXE_hailong"))
        .args(["--database-url", &sqlite_copy, "points", "list", "--under", "213"])
        .env("HAILONG_LOG", "warn")
        .output()
        .unwrap();
    assert!(stdout(&list).contains("07210\tPhường Hoàng Văn Thụ"), "{}", stderr(&list));
}

#[test]
fn an_sqlite_backup_is_a_working_copy() {
    let d = Deployment::new();
    if d.database.backend() != "sqlite" {
        let out = d.run(&["backup", d.dir.path().join("b.sqlite3").to_str().unwrap()]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("pg_dump"), "PostgreSQL is backed up with pg_dump: {}", stderr(&out));
        return;
    }
    d.run(&["import", "units", &units_file()]);
    let file = d.dir.path().join("backup.sqlite3");
    let out = d.run(&["backup", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("đã kiểm tra toàn vẹn"));
    let exists = d.run(&["backup", file.to_str().unwrap()]);
    assert!(stderr(&exists).contains("already exists"), "{}", stderr(&exists));
    let restored = Command::new(env!("CARGO_BIN_EXE_hailong"))
        .args(["--database-url", &format!("sqlite://{}", file.display()), "points", "list"])
        .env("HAILONG_LOG", "warn")
        .output()
        .unwrap();
    assert_eq!(stdout(&restored).lines().count(), 204, "the header and 203 points");
}

/// PostgreSQL is backed up with `pg_dump` and restored with `pg_restore`, as
/// docs/DEPLOYMENT.md says; the restored database serves the same data.
#[test]
fn a_postgres_dump_restores_into_a_working_database() {
    let d = Deployment::new();
    let Ok(server) = std::env::var(hailong_store::test_database::ENV) else { return };
    d.seed_open_campaign();
    let schema = d
        .url()
        .split("search_path%3D")
        .nth(1)
        .map(|s| s.split('&').next().unwrap_or(s).to_owned())
        .expect("the test URL names its schema");
    let dump = d.dir.path().join("hailong.dump");
    let dumped =
        Command::new("pg_dump").args(["-Fc", "-n", &schema, "-f", dump.to_str().unwrap(), &server]).output().unwrap();
    assert!(dumped.status.success(), "pg_dump: {}", stderr(&dumped));

    // Restore into a new database on the same server.
    let database = format!("hl_restore_{}", &schema[8..]);
    let admin = |sql: &str| Command::new("psql").args([&server, "-v", "ON_ERROR_STOP=1", "-qc", sql]).output().unwrap();
    assert!(admin(&format!("CREATE DATABASE {database}")).status.success());
    let target = server.rsplit_once('/').map(|(base, _)| format!("{base}/{database}")).unwrap();
    let restored = Command::new("pg_restore").args(["-d", &target, dump.to_str().unwrap()]).output().unwrap();
    let listed = Command::new(env!("CARGO_BIN_EXE_hailong"))
        .args(["--database-url", &format!("{target}?options=-c%20search_path%3D{schema}"), "points", "list"])
        .env("HAILONG_LOG", "warn")
        .output()
        .unwrap();
    let campaigns = Command::new(env!("CARGO_BIN_EXE_hailong"))
        .args(["--database-url", &format!("{target}?options=-c%20search_path%3D{schema}"), "campaign", "list"])
        .env("HAILONG_LOG", "warn")
        .output()
        .unwrap();
    admin(&format!("DROP DATABASE {database} WITH (FORCE)"));
    assert!(restored.status.success(), "pg_restore: {}", stderr(&restored));
    assert_eq!(stdout(&listed).lines().count(), 204, "{}", stderr(&listed));
    assert!(stdout(&campaigns).contains("pks05-2024"));
}
