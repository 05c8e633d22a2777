//! `planner`: the command-line front end of the library (DESIGN.md section 4).
//!
//! Exit status: 0 success, 1 a well-formed request that is refused, 2 malformed input.
//! A refusal or an error prints one line to stderr; with `--format json` the same object also
//! goes to stdout. No input makes it panic.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use mirantis_upgrade_planner::limits::{
    MAX_CATALOG_BYTES, MAX_INVENTORY_BYTES, MAX_PLAN_BYTES, MAX_REQUEST_BYTES,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;

use mirantis_upgrade_planner::{
    ByProduct, Catalog, CheckError, CheckOptions, Date, Format as RenderFormat, Inventory,
    LintFinding, Plan, Planner, Policy, Product, Refusal, Request, RequestError, SchemaName,
    Severity, Site, StorageBackend, Target, ValidationOptions, Version, check_hop, error_json,
    explanation_text, json_schema, lint, preflight, refusal_json, render_graph, render_plan,
    render_refusal, render_resume, upgrade_graph, validate,
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
    /// Plan the supported upgrade path from the installed versions to the targets.
    Plan(Box<PlanArgs>),
    /// Where an interrupted plan stands, from the versions observed now (exit 1 when the
    /// cluster is off the plan; a fresh plan is then offered).
    Resume {
        /// The plan file (as `plan --format json` prints it).
        plan: PathBuf,
        /// The versions observed now: `mcr=...,mke=...,msr=...`.
        #[arg(long, value_name = "PRODUCT=VERSION,...")]
        from: String,
        /// The ids of the steps already done: `plan/schedule,hop-1/backup-mke`.
        #[arg(long, value_name = "ID,...", value_delimiter = ',')]
        done: Vec<String>,
        #[command(flatten)]
        conditions: Conditions,
        #[command(flatten)]
        common: Common,
    },
    /// Plan removing MSR: a backup, then `destroy` once per replica.
    Uninstall {
        /// Installed versions: `mcr=...,mke=...,msr=...`.
        #[arg(long, value_name = "PRODUCT=VERSION,...")]
        from: String,
        /// The cluster inventory: the replica ids and their nodes.
        #[arg(long, value_name = "FILE")]
        inventory: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Check a cluster inventory against MSR's requirements (exit 1 on errors).
    Preflight {
        /// The cluster inventory (JSON, see the README).
        #[arg(long, value_name = "FILE")]
        inventory: PathBuf,
        /// Include the checks that matter before an MSR upgrade (Docker Content Trust).
        #[arg(long)]
        upgrade: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check that a plan (JSON, as `plan --format json` prints it) is still a supported plan.
    Validate {
        /// The plan file.
        file: PathBuf,
        #[command(flatten)]
        conditions: Conditions,
        #[command(flatten)]
        common: Common,
    },
    /// Draw a product's upgrade graph (lines, supported and refused hops).
    Graph {
        /// mcr, mke or msr.
        product: String,
        /// Highlight the hops of the plan from these versions (`mcr=...,mke=...,msr=...`).
        #[arg(long, value_name = "PRODUCT=VERSION,...", requires = "to")]
        from: Option<String>,
        /// ... to these targets.
        #[arg(long, value_name = "PRODUCT=TARGET,...", requires = "from")]
        to: Option<String>,
        /// Allow migrations in the highlighted plan.
        #[arg(long)]
        allow_migrations: bool,
        /// A catalog file to use instead of the embedded Mirantis catalog.
        #[arg(long, value_name = "FILE")]
        catalog: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Is a single hop of one product supported?
    Check {
        /// mcr, mke or msr (old names: docker/engine, ucp, dtr).
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
    /// Print the JSON Schema (draft 2020-12) of a format: request, plan, refusal, catalog or
    /// inventory (the files under `schema/`).
    Schema {
        /// request, plan, refusal, catalog or inventory.
        name: String,
    },
}

/// The arguments of `plan`.
#[derive(clap::Args)]
struct PlanArgs {
    /// Installed versions: `mcr=20.10.13,mke=3.3.7,msr=2.8.5` (old names `docker`, `ucp`,
    /// `dtr` are accepted).
    #[arg(
        long,
        value_name = "PRODUCT=VERSION,...",
        required_unless_present = "request"
    )]
    from: Option<String>,
    /// Targets: an exact version, a line (`2.9`: its newest), a major version (`3`: the
    /// newest 3.x) or `latest`: `msr=latest,mke=3.9`. Old names: docker/engine, ucp, dtr.
    #[arg(
        long,
        value_name = "PRODUCT=TARGET,...",
        required_unless_present = "request"
    )]
    to: Option<String>,
    /// The whole request as JSON (see the README), from a file or `-` for standard input,
    /// instead of the request flags.
    #[arg(
        long,
        value_name = "FILE|-",
        conflicts_with_all = [
            "from", "to", "policy", "facts", "allow_migrations", "offline", "as_of", "inventory",
            "accept", "mke_url", "msr_url", "target_msr_url", "admin", "replica_id", "storage", "backup_dir"
        ]
    )]
    request: Option<PathBuf>,
    /// How to choose among supported plans [default: recommended].
    #[arg(long, value_enum)]
    policy: Option<PolicyArg>,
    /// Facts for conditional gates: `metallb=true`.
    #[arg(long, value_name = "NAME=true|false,...")]
    facts: Option<String>,
    /// Allow migrations (MSR 2.9 -> 3.x, MKE 3.9 -> 4.x, ...) in the plan.
    #[arg(long)]
    allow_migrations: bool,
    /// Plan for a site without internet access (image bundles instead of pulls).
    #[arg(long)]
    offline: bool,
    /// The date to judge end-of-life against (the library never reads the clock).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    #[command(flatten)]
    site: SiteArgs,
    /// The cluster inventory (JSON, see the README): real node names and replica ids in
    /// the steps, its facts, and its preflight findings checked.
    #[arg(long, value_name = "FILE")]
    inventory: Option<PathBuf>,
    /// Accept a preflight error by its code (repeatable): the plan records it.
    #[arg(long, value_name = "CODE")]
    accept: Vec<String>,
    #[command(flatten)]
    common: Common,
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Report gaps in the catalog (an unsafe catalog does not load: exit 2).
    Lint {
        #[command(flatten)]
        common: Common,
    },
}

/// The conditions a plan is made under: the facts for conditional gates, and whether
/// migrations are allowed.
#[derive(clap::Args)]
struct Conditions {
    /// Facts for conditional gates: `metallb=true`.
    #[arg(long, value_name = "NAME=true|false,...")]
    facts: Option<String>,
    /// Allow migrations (MSR 2.9 -> 3.x, MKE 3.9 -> 4.x, ...).
    #[arg(long)]
    allow_migrations: bool,
}

impl Conditions {
    fn facts(&self) -> Result<BTreeMap<String, bool>, Failure> {
        self.facts
            .as_deref()
            .map(parse_facts)
            .transpose()
            .map(Option::unwrap_or_default)
    }
}

#[derive(clap::Args, Clone)]
struct Common {
    /// A catalog file to use instead of the embedded Mirantis catalog.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Site values for the runbook's commands; absent ones stay placeholders such as `<mke-url>`.
#[derive(clap::Args)]
struct SiteArgs {
    /// The MKE URL with host and port.
    #[arg(long, value_name = "HOST[:PORT]")]
    mke_url: Option<String>,
    /// The MSR external URL.
    #[arg(long, value_name = "HOST[:PORT]")]
    msr_url: Option<String>,
    /// The URL of the registry a migration moves images to (MSR 3.x or 4.x).
    #[arg(long, value_name = "HOST[:PORT]")]
    target_msr_url: Option<String>,
    /// The MKE administrator user.
    #[arg(long, value_name = "USER")]
    admin: Option<String>,
    /// The id of a healthy MSR replica.
    #[arg(long, value_name = "ID")]
    replica_id: Option<String>,
    /// Where MSR stores images (decides the image-storage backup).
    #[arg(long, value_enum)]
    storage: Option<StorageArg>,
    /// Where backups are written.
    #[arg(long, value_name = "DIR")]
    backup_dir: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StorageArg {
    Local,
    Nfs,
    Object,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
    Svg,
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PolicyArg {
    Recommended,
    Minimal,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
    Dot,
    Mermaid,
    Svg,
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

    /// A refusal: exit 2 for an input error (an unknown version), 1 otherwise.
    fn from_refusal(refusal: &Refusal) -> Failure {
        if refusal.is_input_error() {
            Failure::malformed(refusal.code(), refusal)
        } else {
            Failure::refused(refusal.code(), refusal)
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

/// What a successful or refused command prints: `text` (stdout) and `error` (stderr) in the
/// text formats, only `json` (stdout) with `--format json`, so nothing is printed twice.
struct Output {
    exit: u8,
    text: String,
    json: Value,
    /// Why the command refused, for stderr.
    error: Option<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let json_wanted = wants_json(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error, json_wanted),
    };
    let format = match &cli.command {
        Command::Plan(args) => args.common.format,
        Command::Resume { common, .. }
        | Command::Uninstall { common, .. }
        | Command::Validate { common, .. }
        | Command::Check { common, .. }
        | Command::Catalog {
            command: CatalogCommand::Lint { common },
        } => common.format,
        Command::Preflight { format, .. } => *format,
        Command::Schema { .. } => Format::Text,
        Command::Graph { format, .. } => match format {
            GraphFormat::Json => Format::Json,
            _ => Format::Text,
        },
    };
    match run(cli.command) {
        Ok(output) => {
            if format == Format::Json {
                println!("{}", pretty(&output.json));
            } else {
                print!("{}", output.text);
                if let Some(error) = &output.error {
                    eprint!("{error}");
                }
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
    if !json_wanted || error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // clap's own text, intact: the error, its tips and the usage.
        eprint!("{error}");
        return ExitCode::from(2);
    }
    let message = usage_message(&error.to_string());
    report(&Failure::malformed("usage", message), json_wanted)
}

/// clap's error as one line for the JSON error object: the error and its tips, without the
/// usage (`the following required arguments were not provided: --to <PRODUCT=TARGET,...>`).
fn usage_message(rendered: &str) -> String {
    let before_usage = rendered.split("\nUsage:").next().unwrap_or(rendered);
    let mut lines = before_usage
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let mut message = first.strip_prefix("error: ").unwrap_or(first).to_owned();
    for line in lines {
        message.push_str(if message.ends_with(':') { " " } else { "; " });
        message.push_str(line);
    }
    message
}

fn report(failure: &Failure, json: bool) -> ExitCode {
    if json {
        println!("{}", pretty(&error_json(failure.code, &failure.message)));
    } else {
        eprintln!("error: {}", failure.message);
    }
    ExitCode::from(failure.exit)
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn run(command: Command) -> Result<Output, Failure> {
    match command {
        Command::Plan(args) => plan_command(*args),
        Command::Resume {
            plan,
            from,
            done,
            conditions,
            common,
        } => resume(&plan, &from, done, &conditions, &common),
        Command::Preflight {
            inventory,
            upgrade,
            format: _,
        } => preflight_command(&inventory, upgrade),
        Command::Uninstall {
            from,
            inventory,
            common,
        } => {
            let mut request = Request {
                from: parse_from(&from)?,
                ..Request::default()
            };
            if let Some(path) = inventory {
                request.inventory = Some(load_inventory(&path)?);
            }
            let planner = Planner::new(load_catalog(common.catalog.as_deref())?);
            let plan = planner
                .uninstall(&request)
                .map_err(|r| Failure::from_refusal(&r))?;
            Ok(plan_output(&plan, common.format))
        }
        Command::Validate {
            file,
            conditions,
            common,
        } => {
            // The plan's recorded conditions, with the flags given as overrides.
            let options = ValidationOptions {
                facts: conditions
                    .facts
                    .is_some()
                    .then(|| conditions.facts())
                    .transpose()?,
                allow_migrations: conditions.allow_migrations.then_some(true),
            };
            validate_file(&file, &options, &common)
        }
        Command::Graph {
            product,
            from,
            to,
            allow_migrations,
            catalog,
            format,
        } => graph(
            &product,
            from.as_deref().zip(to.as_deref()),
            allow_migrations,
            catalog.as_deref(),
            format,
        ),
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
        Command::Schema { name } => {
            let schema = SchemaName::from_name(&name).ok_or_else(|| {
                Failure::malformed(
                    "usage",
                    format!(
                        "schema: unknown name '{name}'; expected {}",
                        SchemaName::ALL.map(SchemaName::as_str).join(", ")
                    ),
                )
            })?;
            Ok(Output {
                exit: 0,
                text: json_schema(schema),
                json: Value::Null,
                error: None,
            })
        }
    }
}

fn load_inventory(path: &Path) -> Result<Inventory, Failure> {
    let bytes = read_limited(path, MAX_INVENTORY_BYTES, "bad-inventory", "inventory")?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::malformed(
            "bad-inventory",
            format!("inventory '{}': not UTF-8", path.display()),
        )
    })?;
    Inventory::from_json(&text).map_err(|error| {
        Failure::malformed(
            "bad-inventory",
            format!("inventory '{}': {error}", path.display()),
        )
    })
}

fn load_catalog(path: Option<&Path>) -> Result<Catalog, Failure> {
    let Some(path) = path else {
        return Ok(Catalog::embedded());
    };
    let bytes = read_limited(path, MAX_CATALOG_BYTES, "bad-catalog", "catalog")?;
    Catalog::from_json_bytes(&bytes).map_err(|error| {
        Failure::malformed(
            "bad-catalog",
            format!("catalog '{}': {error}", path.display()),
        )
    })
}

/// Parses `mcr=20.10.13,mke=3.3.7` into products and values, refusing repeats.
/// A request-text error, with the flag it came from and its code.
fn request_failure(flag: &str, error: &RequestError) -> Failure {
    Failure::malformed(error.code(), format!("{flag}: {error}"))
}

/// Parses `--from`: installed versions.
fn parse_from(text: &str) -> Result<BTreeMap<Product, Version>, Failure> {
    text.parse::<ByProduct<Version>>()
        .map(|state| state.0)
        .map_err(|e| request_failure("--from", &e))
}

/// Parses `--to`: exact versions, lines, major versions or `latest`.
fn parse_to(text: &str) -> Result<BTreeMap<Product, Target>, Failure> {
    text.parse::<ByProduct<Target>>()
        .map(|targets| targets.0)
        .map_err(|e| request_failure("--to", &e))
}

fn parse_facts(text: &str) -> Result<BTreeMap<String, bool>, Failure> {
    mirantis_upgrade_planner::parse_facts(text).map_err(|e| request_failure("--facts", &e))
}

fn plan_command(args: PlanArgs) -> Result<Output, Failure> {
    let common = args.common.clone();
    let request = match &args.request {
        Some(path) => read_request(path)?,
        None => request_from_flags(args)?,
    };
    plan(&request, &common)
}

/// Reads a JSON request from a file, or from standard input for `-`.
fn read_request(path: &Path) -> Result<Request, Failure> {
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_REQUEST_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Failure::malformed("bad-request", format!("cannot read standard input: {e}"))
            })?;
        bytes
    } else {
        read_limited(path, MAX_REQUEST_BYTES, "bad-request", "request")?
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::malformed(
            "bad-request",
            format!("request '{}': not UTF-8", path.display()),
        )
    })?;
    Request::from_json(&text).map_err(|error| {
        Failure::malformed(
            error.code(),
            format!("request '{}': {error}", path.display()),
        )
    })
}

/// The request the flags describe.
fn request_from_flags(args: PlanArgs) -> Result<Request, Failure> {
    let PlanArgs {
        from,
        to,
        policy,
        facts,
        allow_migrations,
        offline,
        as_of,
        site,
        inventory,
        accept,
        ..
    } = args;
    let mut request = Request {
        from: parse_from(from.as_deref().unwrap_or_default())?,
        to: parse_to(to.as_deref().unwrap_or_default())?,
        policy: match policy {
            Some(PolicyArg::Minimal) => Policy::Minimal,
            Some(PolicyArg::Recommended) | None => Policy::Recommended,
        },
        allow_migrations,
        offline,
        site: Site {
            mke_url: site.mke_url,
            msr_url: site.msr_url,
            target_msr_url: site.target_msr_url,
            admin_user: site.admin,
            replica_id: site.replica_id,
            storage: site.storage.map(|s| match s {
                StorageArg::Local => StorageBackend::Local,
                StorageArg::Nfs => StorageBackend::Nfs,
                StorageArg::Object => StorageBackend::Object,
            }),
            backup_dir: site.backup_dir,
            ..Site::default()
        },
        ..Request::default()
    };
    if let Some(facts) = facts {
        request.facts = parse_facts(&facts)?;
    }
    if let Some(path) = inventory {
        request.inventory = Some(load_inventory(&path)?);
    }
    request.accept = accept.into_iter().collect();
    if let Some(date) = as_of {
        request.as_of = Some(
            Date::parse(&date).map_err(|e| Failure::malformed("usage", format!("--as-of: {e}")))?,
        );
    }
    Ok(request)
}

fn render_format(format: Format) -> RenderFormat {
    match format {
        Format::Text => RenderFormat::Text,
        Format::Markdown => RenderFormat::Markdown,
        Format::Json => RenderFormat::Json,
        Format::Dot => RenderFormat::Dot,
        Format::Mermaid => RenderFormat::Mermaid,
        Format::Svg => RenderFormat::Svg,
    }
}

/// What a printed plan looks like, in the chosen format.
fn plan_output(plan: &Plan, format: Format) -> Output {
    Output {
        exit: 0,
        text: render_plan(plan, render_format(format)),
        json: serde_json::to_value(plan).unwrap_or(Value::Null),
        error: None,
    }
}

fn plan(request: &Request, common: &Common) -> Result<Output, Failure> {
    let catalog = load_catalog(common.catalog.as_deref())?;
    let planner = Planner::new(catalog);
    match planner.plan(request) {
        Ok(plan) => Ok(plan_output(&plan, common.format)),
        Err(refusal) if refusal.is_input_error() => Err(Failure::from_refusal(&refusal)),
        Err(refusal) => {
            let mut error = format!("error: {refusal}\n");
            if let Some(explanation) = refusal.explanation() {
                error.push_str(&explanation_text(explanation));
            }
            // The text goes to stderr; the other formats also draw the refusal on stdout.
            let picture = match common.format {
                Format::Text | Format::Json => String::new(),
                other => render_refusal(&refusal, render_format(other)),
            };
            Ok(Output {
                exit: 1,
                text: picture,
                json: refusal_json(&refusal),
                error: Some(error),
            })
        }
    }
}

/// Reads a file of at most `limit` bytes.
fn read_limited(
    path: &Path,
    limit: usize,
    code: &'static str,
    what: &str,
) -> Result<Vec<u8>, Failure> {
    let shown = path.display();
    let cannot_read = |reason: String| {
        Failure::malformed(code, format!("cannot read {what} '{shown}': {reason}"))
    };
    let size = std::fs::metadata(path)
        .map_err(|e| cannot_read(e.to_string()))?
        .len();
    if size > limit as u64 {
        return Err(cannot_read(format!(
            "{size} bytes; the limit is {limit} bytes"
        )));
    }
    std::fs::read(path).map_err(|e| cannot_read(e.to_string()))
}

fn resume(
    path: &Path,
    from: &str,
    done: Vec<String>,
    conditions: &Conditions,
    common: &Common,
) -> Result<Output, Failure> {
    let bytes = read_limited(path, MAX_PLAN_BYTES, "bad-plan", "plan")?;
    let plan = Plan::from_json_bytes(&bytes).map_err(|error| {
        Failure::malformed("bad-plan", format!("plan '{}': {error}", path.display()))
    })?;
    let observed = parse_from(from)?;
    // The plan's recorded conditions, with the flags given as overrides.
    let overrides = ValidationOptions {
        facts: conditions
            .facts
            .is_some()
            .then(|| conditions.facts())
            .transpose()?,
        allow_migrations: conditions.allow_migrations.then_some(true),
    };
    let planner = Planner::new(load_catalog(common.catalog.as_deref())?);
    planner
        .catalog()
        .check_facts(overrides.facts.iter().flat_map(BTreeMap::keys))
        .map_err(|e| Failure::malformed("unknown-fact", e))?;
    let resume = planner
        .resume(&plan, &observed, &done.into_iter().collect(), &overrides)
        .map_err(|refusal| Failure::from_refusal(&refusal))?;
    // Off the plan, the rendering says so first (exit 1): not repeated on stderr.
    Ok(Output {
        exit: u8::from(!resume.on_plan),
        text: render_resume(&resume, &plan, render_format(common.format)),
        json: serde_json::to_value(&resume).unwrap_or(Value::Null),
        error: None,
    })
}

fn preflight_command(path: &Path, upgrade: bool) -> Result<Output, Failure> {
    let inventory = load_inventory(path)?;
    let findings = preflight(&inventory, upgrade);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let mut text = String::new();
    for finding in &findings {
        let _ = writeln!(text, "{finding}");
    }
    let _ = writeln!(
        text,
        "{errors} errors, {} warnings",
        findings.len() - errors
    );
    Ok(Output {
        exit: u8::from(errors > 0),
        text,
        json: json!({"errors": errors, "findings": findings}),
        error: (errors > 0)
            .then(|| format!("error: the inventory has {errors} preflight errors\n")),
    })
}

fn validate_file(
    path: &Path,
    options: &ValidationOptions,
    common: &Common,
) -> Result<Output, Failure> {
    let bytes = read_limited(path, MAX_PLAN_BYTES, "bad-plan", "plan")?;
    let plan = Plan::from_json_bytes(&bytes).map_err(|error| {
        Failure::malformed("bad-plan", format!("plan '{}': {error}", path.display()))
    })?;
    let catalog = load_catalog(common.catalog.as_deref())?;
    catalog
        .check_facts(options.facts.iter().flat_map(BTreeMap::keys))
        .map_err(|e| Failure::malformed("unknown-fact", e))?;
    let violations = validate(&plan, &catalog, options);
    let errors = violations
        .iter()
        .filter(|v| v.severity == Severity::Error)
        .count();
    let mut text = String::new();
    for v in violations
        .iter()
        .filter(|v| v.severity == Severity::Warning)
    {
        let _ = writeln!(text, "warning[{}] {}: {}", v.code, v.location, v.message);
    }
    if errors == 0 {
        let _ = writeln!(
            text,
            "valid: {} hops, {} steps",
            plan.hops.len(),
            plan.steps.len()
        );
    } else {
        for v in violations.iter().filter(|v| v.severity == Severity::Error) {
            let _ = writeln!(text, "invalid[{}] {}: {}", v.code, v.location, v.message);
        }
    }
    Ok(Output {
        exit: u8::from(errors > 0),
        text,
        json: json!({"valid": errors == 0, "violations": violations}),
        error: (errors > 0).then(|| format!("error: the plan has {errors} violations\n")),
    })
}

fn graph(
    product: &str,
    highlight: Option<(&str, &str)>,
    allow_migrations: bool,
    catalog: Option<&Path>,
    format: GraphFormat,
) -> Result<Output, Failure> {
    let product = parse_product(product)?;
    let planner = Planner::new(load_catalog(catalog)?);
    let mut hops = Vec::new();
    if let Some((from, to)) = highlight {
        let request = Request {
            from: parse_from(from)?,
            to: parse_to(to)?,
            allow_migrations,
            ..Request::default()
        };
        hops = planner
            .plan(&request)
            .map_err(|r| Failure::from_refusal(&r))?
            .hops;
    }
    let graph = upgrade_graph(planner.catalog(), product);
    let format = match format {
        GraphFormat::Dot => RenderFormat::Dot,
        GraphFormat::Mermaid => RenderFormat::Mermaid,
        GraphFormat::Svg => RenderFormat::Svg,
        GraphFormat::Text => RenderFormat::Text,
        GraphFormat::Json => RenderFormat::Json,
    };
    Ok(Output {
        exit: 0,
        text: render_graph(&graph, &hops, format),
        json: serde_json::to_value(&graph).unwrap_or(Value::Null),
        error: None,
    })
}

/// A product by its name or an old name (`ucp`, `dtr`, `docker`, `engine`).
fn parse_product(text: &str) -> Result<Product, Failure> {
    Product::from_name(text).map_err(|error| Failure::malformed("unknown-product", error))
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
    let answer = check_hop(
        &catalog,
        product,
        &from,
        &to,
        &CheckOptions::default().allow_migrations(allow_migrations),
    )
    .map_err(|error| match error {
        CheckError::SameVersion { .. } => Failure::refused("same-version", error),
        _ => Failure::malformed("unknown-version", error),
    })?;
    // A supported hop is the answer (stdout); an unsupported one is a refusal (stderr).
    let line = format!("{}\n", answer.message);
    let (text, error) = if answer.supported {
        (line, None)
    } else {
        (String::new(), Some(format!("error: {line}")))
    };
    Ok(Output {
        exit: u8::from(!answer.supported),
        text,
        json: serde_json::to_value(&answer).unwrap_or(Value::Null),
        error,
    })
}

fn catalog_lint(common: &Common) -> Result<Output, Failure> {
    // A catalog that is unsafe to plan on does not load: that is exit 2, with the lint's
    // message. What remains are gaps, reported as warnings.
    let catalog = load_catalog(common.catalog.as_deref())?;
    let findings = lint(&catalog);
    let summary = format!("{} warnings\n", findings.len());
    let text: String = findings.iter().map(finding_line).chain([summary]).collect();
    Ok(Output {
        exit: 0,
        text,
        json: json!({"warnings": findings.len(), "findings": findings}),
        error: None,
    })
}

fn finding_line(finding: &LintFinding) -> String {
    format!(
        "warning[{}] {}: {}\n",
        finding.code, finding.path, finding.message
    )
}
