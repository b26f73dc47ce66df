//! `hailong import units FILE [--dry-run]`: all-or-nothing, with a line-numbered report.

use std::path::PathBuf;

use app::App;
use domain::text::Lang;
use domain::units::Validity;
use domain::units::import::ImportOptions;
use jiff::civil::Date;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import units from a CSV file with columns code,name,level,parent_code
    /// [,valid_from,valid_to,service_point].
    Units(UnitsArgs),
}

#[derive(Debug, clap::Args)]
pub struct UnitsArgs {
    /// The CSV file (UTF-8), e.g. data/units/bac-giang-2024.csv.
    file: PathBuf,
    /// Check the file and show what would change, without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// First day the units are valid (for rows without valid_from), e.g. 2025-07-01.
    #[arg(long, value_name = "YYYY-MM-DD")]
    valid_from: Option<Date>,
    /// Last day the units are valid (for rows without valid_to), e.g. 2025-06-30.
    #[arg(long, value_name = "YYYY-MM-DD")]
    valid_to: Option<Date>,
    /// Do not make provinces, districts and communes their own service point.
    #[arg(long)]
    no_auto_points: bool,
}

pub async fn run(app: &App, command: Command) -> anyhow::Result<()> {
    let Command::Units(args) = command;
    let bytes =
        std::fs::read(&args.file).map_err(|e| anyhow::anyhow!("không đọc được {}: {e}", args.file.display()))?;
    let options = ImportOptions {
        validity: Validity { from: args.valid_from, to: args.valid_to },
        units_are_service_points: !args.no_auto_points,
    };
    match app.import_units(&bytes, options, args.dry_run).await {
        Ok(import) => {
            let plan = &import.plan;
            let verb =
                if import.written.is_some() { "Đã nhập" } else { "Kiểm tra xong (chưa ghi gì, --dry-run)" };
            println!(
                "{verb} {}: {} đơn vị mới, {} cập nhật, {} không đổi; {} điểm tiếp nhận.",
                args.file.display(),
                plan.inserted(),
                plan.updated(),
                plan.unchanged(),
                plan.service_points()
            );
            if let Some(written) = import.written {
                println!("Đã tạo {} mã QR cho điểm tiếp nhận mới.", written.tokens_created);
            }
            Ok(())
        }
        Err(e) => {
            eprintln!("{}", e.report(Lang::Vi));
            anyhow::bail!("tệp {} có lỗi; không ghi gì vào cơ sở dữ liệu", args.file.display())
        }
    }
}
