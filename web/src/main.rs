//! `mirantis-upgrade-planner-web`: serves the planner's page and API.
//!
//! `cargo run --release -p mirantis-upgrade-planner-web -- --listen 127.0.0.1:8080 [--catalog FILE]`

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use mirantis_upgrade_planner::{Catalog, limits::MAX_CATALOG_BYTES};
use mirantis_upgrade_planner_web::{App, router};

/// A local web page and HTTP API over the Mirantis upgrade planner.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// Where to listen; loopback unless told otherwise.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// A catalog file to plan with instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
}

fn app(catalog: Option<&PathBuf>) -> Result<App, String> {
    let Some(path) = catalog else {
        return Ok(App::embedded());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read catalog '{}': {e}", path.display()))?;
    if text.len() > MAX_CATALOG_BYTES {
        return Err(format!(
            "catalog '{}' is {} bytes; the limit is {MAX_CATALOG_BYTES}",
            path.display(),
            text.len()
        ));
    }
    let catalog =
        Catalog::from_json(&text).map_err(|e| format!("catalog '{}': {e}", path.display()))?;
    Ok(App::new(catalog, text))
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let app = match app(cli.catalog.as_ref()) {
        Ok(app) => app,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(cli.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", cli.listen);
            return ExitCode::from(2);
        }
    };
    eprintln!("planner: listening on http://{}", cli.listen);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
