//! `hailong campaign create | open | close | list`.

use app::App;
use app::campaigns::{CampaignSpec, PointScope, WindowSpec};
use domain::text::Lang;
use domain::units::UnitCode;
use jiff::civil::Date;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create a campaign (a draft unless --open).
    Create(CreateArgs),
    /// Open a campaign: it takes answers while its window runs.
    Open { code: String },
    /// Close a campaign: it takes no more answers.
    Close { code: String },
    /// List campaigns.
    List,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("when").required(true).args(["from", "always_on"])))]
#[command(group(clap::ArgGroup::new("where").required(true).args(["under", "points"])))]
pub struct CreateArgs {
    /// Short code used in addresses, e.g. pks05-2024.
    #[arg(long)]
    code: String,
    /// Name shown to staff, e.g. "Khảo sát PKS05 năm 2024".
    #[arg(long)]
    name: String,
    /// Questionnaire: PKS05 (newest version) or PKS05@1.
    #[arg(long)]
    instrument: String,
    /// First day, in Vietnam's time (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "to")]
    from: Option<Date>,
    /// Last day, inclusive.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "from")]
    to: Option<Date>,
    /// A continuous survey with no end, between campaigns.
    #[arg(long)]
    always_on: bool,
    /// Every service point under these units (comma-separated codes), e.g. 24.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    under: Vec<String>,
    /// Exactly these service points (comma-separated codes).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    points: Vec<String>,
    /// Leave out these service points (comma-separated codes).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    exclude: Vec<String>,
    /// Open the campaign at once.
    #[arg(long)]
    open: bool,
}

fn codes(raw: &[String]) -> anyhow::Result<Vec<UnitCode>> {
    raw.iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| UnitCode::parse(c).map_err(|e| anyhow::anyhow!("mã \"{c}\": {e}")))
        .collect()
}

pub async fn run(app: &App, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Create(args) => {
            let window = match (args.from, args.to) {
                (Some(first), Some(last)) => WindowSpec::Days { first, last },
                _ => WindowSpec::AlwaysOn,
            };
            let scope = if args.points.is_empty() {
                PointScope::Subtrees(codes(&args.under)?)
            } else {
                PointScope::Points(codes(&args.points)?)
            };
            let spec = CampaignSpec {
                code: args.code,
                name: args.name,
                instrument: args.instrument,
                window,
                scope,
                exclude: codes(&args.exclude)?,
                open: args.open,
                quota: domain::quota::QuotaRule::default(),
            };
            let created = app.create_campaign(spec).await?;
            let c = &created.campaign;
            println!(
                "Đã tạo đợt khảo sát {} \"{}\": {} điểm tiếp nhận, trạng thái {}.",
                c.code,
                c.name,
                created.points.len(),
                c.status.label(Lang::Vi)
            );
            if !args.open {
                println!("Mở đợt khảo sát: hailong campaign open {}", c.code);
            }
        }
        Command::Open { code } => {
            let c = app.open_campaign(&code).await?;
            println!("Đã mở đợt khảo sát {} \"{}\".", c.code, c.name);
        }
        Command::Close { code } => {
            let c = app.close_campaign(&code).await?;
            println!("Đã đóng đợt khảo sát {} \"{}\".", c.code, c.name);
        }
        Command::List => {
            let all = app.campaigns().await?;
            if all.is_empty() {
                println!("Chưa có đợt khảo sát nào.");
            }
            for s in all {
                let (first, last) = s.campaign.window.local_first_last();
                let window = match (first, last) {
                    (Some(f), Some(l)) => format!("{f} → {l}"),
                    _ => "thường xuyên".into(),
                };
                println!(
                    "{:<20} {:<10} {}@{:<3} {:<25} {:>5} điểm {:>8} phiếu  {}",
                    s.campaign.code.as_str(),
                    s.campaign.status.as_str(),
                    s.instrument_code,
                    s.instrument_version,
                    window,
                    s.points,
                    s.responses,
                    s.campaign.name
                );
            }
        }
    }
    Ok(())
}
