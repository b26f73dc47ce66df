//! `hailong points list [--under CODE] | rotate-token CODE`.

use app::App;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List service points with the survey address printed in their QR code (tab-separated).
    List {
        /// Only the points under this unit.
        #[arg(long, value_name = "CODE")]
        under: Option<String>,
    },
    /// Replace a point's QR token; its old posters stop working.
    RotateToken { code: String },
}

pub async fn run(app: &App, command: Command) -> anyhow::Result<()> {
    let base = app.config().public_base().unwrap_or("http://127.0.0.1:8080").to_owned();
    match command {
        Command::List { under } => {
            println!("code\tname\turl");
            for link in app.point_links(under.as_deref()).await? {
                println!("{}\t{}\t{base}/q/{}", link.point.code, link.point.name, link.token);
            }
        }
        Command::RotateToken { code } => {
            let token = app.rotate_point_token(&code).await?;
            println!("Mã QR mới của điểm {code}: {base}/q/{token}");
            println!("Mã QR cũ không còn dùng được; hãy in lại áp phích.");
        }
    }
    Ok(())
}
