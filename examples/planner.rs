//! `planner`: the command-line front end of the library (DESIGN.md section 4).
//!
//! Exit status: 0 success, 1 a well-formed request that is refused, 2 malformed input.
//! A refusal or an error prints one line to stderr; with `--format json` the same object also
//! goes to stdout. No input makes it panic.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use mirantis_upgrade_planner::{
    Catalog, CheckError, LintFinding, MAX_CATALOG_BYTES, Product, Severity, Version, check_hop,
    lint,
};
use serde_json::{Value, json};

#[derive(Parser)]
#[command(
    name = "planner",
    version,
    about = "Plans supported Mirantis MCR/MKE/MSR upgrades"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Is a single hop of one product supported?
    Check {
        /// mcr, mke or msr.
        product: String,
        /// The installed version.
        from: String,
        /// The version to move to.
        to: String,
        /// Count migrations (MSR 2.9 -> 3.x, MKE 3.9 -> 4.x, ...) as supported hops.
        #[arg(long)]
        allow_migrations: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Work on the catalog itself.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Report gaps and mistakes in the catalog (exit 1 only for errors).
    Lint {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(clap::Args)]
struct Common {
    /// A catalog file to use instead of the embedded Mirantis catalog.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Why a command did not succeed: exit 1 (refused) or 2 (malformed input).
struct Failure {
    exit: u8,
    code: &'static str,
    message: String,
}

impl Failure {
    fn malformed(code: &'static str, message: impl std::fmt::Display) -> Failure {
        Failure {
            exit: 2,
            code,
            message: message.to_string(),
        }
    }

    fn refused(code: &'static str, message: impl std::fmt::Display) -> Failure {
        Failure {
            exit: 1,
            code,
            message: message.to_string(),
        }
    }
}

/// What a successful or refused command prints.
struct Output {
    exit: u8,
    text: String,
    json: Value,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let json_wanted = wants_json(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error, json_wanted),
    };
    let format = match &cli.command {
        Command::Check { common, .. }
        | Command::Catalog {
            command: CatalogCommand::Lint { common },
        } => common.format,
    };
    match run(cli.command) {
        Ok(output) => {
            match format {
                Format::Text => print!("{}", output.text),
                Format::Json => println!("{}", pretty(&output.json)),
            }
            ExitCode::from(output.exit)
        }
        Err(failure) => report(&failure, format == Format::Json),
    }
}

/// Finds `--format json` before clap has parsed anything, so that usage errors can be JSON too.
fn wants_json(args: &[String]) -> bool {
    args.windows(2)
        .any(|pair| pair[0] == "--format" && pair[1] == "json")
        || args.iter().any(|arg| arg == "--format=json")
}

fn usage_error(error: &clap::Error, json_wanted: bool) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        print!("{error}");
        return ExitCode::SUCCESS;
    }
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        eprint!("{error}");
        return ExitCode::from(2);
    }
    let rendered = error.to_string();
    let first = rendered.lines().next().unwrap_or("invalid arguments");
    let message = first.strip_prefix("error: ").unwrap_or(first);
    report(&Failure::malformed("usage", message), json_wanted)
}

fn report(failure: &Failure, json: bool) -> ExitCode {
    eprintln!("error: {}", failure.message);
    if json {
        let object = json!({
            "schema_version": 1,
            "error": {"code": failure.code, "message": failure.message},
        });
        println!("{}", pretty(&object));
    }
    ExitCode::from(failure.exit)
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn run(command: Command) -> Result<Output, Failure> {
    match command {
        Command::Check {
            product,
            from,
            to,
            allow_migrations,
            common,
        } => check(&product, &from, &to, allow_migrations, &common),
        Command::Catalog {
            command: CatalogCommand::Lint { common },
        } => catalog_lint(&common),
    }
}

fn load_catalog(path: Option<&Path>) -> Result<Catalog, Failure> {
    let Some(path) = path else {
        return Ok(Catalog::embedded());
    };
    let shown = path.display();
    let cannot_read = |reason: String| {
        Failure::malformed(
            "bad-catalog",
            format!("cannot read catalog '{shown}': {reason}"),
        )
    };
    let size = std::fs::metadata(path)
        .map_err(|e| cannot_read(e.to_string()))?
        .len();
    if size > MAX_CATALOG_BYTES as u64 {
        return Err(cannot_read(format!(
            "{size} bytes; the limit is {MAX_CATALOG_BYTES} bytes"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| cannot_read(e.to_string()))?;
    Catalog::from_json_bytes(&bytes)
        .map_err(|error| Failure::malformed("bad-catalog", format!("catalog '{shown}': {error}")))
}

fn parse_product(text: &str) -> Result<Product, Failure> {
    text.parse()
        .map_err(|error| Failure::malformed("unknown-product", error))
}

fn parse_version(text: &str) -> Result<Version, Failure> {
    Version::parse(text).map_err(|error| Failure::malformed("bad-version", error))
}

fn check(
    product: &str,
    from: &str,
    to: &str,
    allow_migrations: bool,
    common: &Common,
) -> Result<Output, Failure> {
    let product = parse_product(product)?;
    let (from, to) = (parse_version(from)?, parse_version(to)?);
    let catalog = load_catalog(common.catalog.as_deref())?;
    let answer =
        check_hop(&catalog, product, &from, &to, allow_migrations).map_err(
            |error| match error {
                CheckError::SameVersion { .. } => Failure::refused("same-version", error),
                _ => Failure::malformed("unknown-version", error),
            },
        )?;
    if !answer.supported {
        eprintln!("error: {}", answer.message);
    }
    Ok(Output {
        exit: u8::from(!answer.supported),
        text: format!("{}\n", answer.message),
        json: serde_json::to_value(&answer).unwrap_or(Value::Null),
    })
}

fn catalog_lint(common: &Common) -> Result<Output, Failure> {
    let catalog = load_catalog(common.catalog.as_deref())?;
    let findings = lint(&catalog);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let summary = format!("{errors} errors, {warnings} warnings\n");
    let text: String = findings.iter().map(finding_line).chain([summary]).collect();
    if errors > 0 {
        eprintln!("error: the catalog has {errors} lint errors");
    }
    Ok(Output {
        exit: u8::from(errors > 0),
        text,
        json: json!({"errors": errors, "warnings": warnings, "findings": findings}),
    })
}

fn finding_line(finding: &LintFinding) -> String {
    let severity = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "{severity}[{}] {}: {}\n",
        finding.code, finding.path, finding.message
    )
}
