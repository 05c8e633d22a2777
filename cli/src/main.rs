//! `planner`: the command-line front end of the `mirantis-upgrade-planner` library.
//!
//! Exit status: 0 success, 1 a well-formed request that is refused, 2 malformed input.
//! A refusal or an error prints once: to stderr, or with `--format json` as a JSON object on
//! stdout. Every answer is parsed and printed by the library; this file reads the command
//! line and files, and picks the stream and the exit status. No input makes it panic.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use mirantis_upgrade_planner::limits::{
    MAX_CATALOG_BYTES, MAX_INVENTORY_BYTES, MAX_PLAN_BYTES, MAX_REQUEST_BYTES,
};

use mirantis_upgrade_planner::{
    ByProduct, Catalog, CheckError, CheckOptions, Date, Format, Inventory, Plan, Planner, Policy,
    Product, Refusal, Request, RequestError, SchemaName, Site, StorageBackend, Target, UnknownWord,
    ValidationOptions, Version, check_hop, error_json, explanation_text, json_schema, lint,
    parse_facts, preflight, preflight_summary, render_check, render_findings, render_graph,
    render_lint, render_plan, render_refusal, render_resume, render_violations, upgrade_graph,
    validate, validation_summary,
};

/// clap's parser for one of a library type's values: clap lists their names in `--help` and
/// in its errors, the type's own `FromStr` reads the word.
fn one_of<T>(values: &[T], name: fn(T) -> &'static str) -> impl TypedValueParser<Value = T>
where
    T: FromStr<Err = UnknownWord> + Copy + Send + Sync + 'static,
{
    PossibleValuesParser::new(values.iter().map(|value| name(*value)))
        .try_map(|word| word.parse::<T>())
}

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
        #[arg(long, default_value_t = Format::Text, value_parser = one_of(&Format::ALL, Format::as_str))]
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
        #[arg(long, default_value_t = Format::Dot, value_parser = one_of(&Format::GRAPH, Format::as_str))]
        format: Format,
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
    #[arg(long, value_parser = one_of(&Policy::ALL, Policy::as_str))]
    policy: Option<Policy>,
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

#[derive(clap::Args, Clone)]
struct Common {
    /// A catalog file to use instead of the embedded Mirantis catalog.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, default_value_t = Format::Text, value_parser = one_of(&Format::ALL, Format::as_str))]
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
    #[arg(long, value_parser = one_of(&StorageBackend::ALL, StorageBackend::as_str))]
    storage: Option<StorageBackend>,
    /// Where backups are written.
    #[arg(long, value_name = "DIR")]
    backup_dir: Option<String>,
}

impl Conditions {
    /// The plan's recorded conditions, with the flags given as overrides.
    fn overrides(&self) -> Result<ValidationOptions, Failure> {
        Ok(ValidationOptions {
            facts: self.facts.as_deref().map(read_facts).transpose()?,
            allow_migrations: self.allow_migrations.then_some(true),
        })
    }
}

impl Command {
    /// The output format: JSON sends answers and errors to stdout as JSON objects.
    fn format(&self) -> Format {
        match self {
            Command::Plan(args) => args.common.format,
            Command::Resume { common, .. }
            | Command::Uninstall { common, .. }
            | Command::Validate { common, .. }
            | Command::Check { common, .. }
            | Command::Catalog {
                command: CatalogCommand::Lint { common },
            } => common.format,
            Command::Preflight { format, .. } | Command::Graph { format, .. } => *format,
            Command::Schema { .. } => Format::Text,
        }
    }
}

/// Why a command did not succeed: exit 1 (refused) or 2 (malformed input).
struct Failure {
    exit: u8,
    code: &'static str,
    message: String,
}

impl Failure {
    fn malformed(code: &'static str, message: impl std::fmt::Display) -> Failure {
        let message = message.to_string();
        Failure {
            exit: 2,
            code,
            message,
        }
    }

    /// A refusal: exit 2 for an input error (an unknown version), 1 otherwise.
    fn from_refusal(refusal: &Refusal) -> Failure {
        Failure {
            exit: if refusal.is_input_error() { 2 } else { 1 },
            code: refusal.code(),
            message: refusal.to_string(),
        }
    }
}

/// What a command prints: `stdout`, already in the chosen format, and `stderr`, why it
/// refused, printed only when the format is not JSON (the JSON answer says it already).
struct Output {
    exit: u8,
    stdout: String,
    stderr: Option<String>,
}

impl Output {
    fn success(stdout: String) -> Output {
        Output {
            exit: 0,
            stdout,
            stderr: None,
        }
    }

    /// Exit 1 with `summary` on stderr when there is one.
    fn refused_if(stdout: String, summary: Option<String>) -> Output {
        Output {
            exit: u8::from(summary.is_some()),
            stdout,
            stderr: summary.map(|line| format!("error: {line}\n")),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let json_wanted = wants_json(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error, json_wanted),
    };
    let json = cli.command.format() == Format::Json;
    match run(cli.command) {
        Ok(output) => {
            print!("{}", output.stdout);
            if let Some(error) = output.stderr.filter(|_| !json) {
                eprint!("{error}");
            }
            ExitCode::from(output.exit)
        }
        Err(failure) => report(&failure, json),
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

/// Prints a failure once: the library's JSON error object on stdout, or one line on stderr.
fn report(failure: &Failure, json: bool) -> ExitCode {
    if json {
        println!("{:#}", error_json(failure.code, &failure.message));
    } else {
        eprintln!("error: {}", failure.message);
    }
    ExitCode::from(failure.exit)
}

fn run(command: Command) -> Result<Output, Failure> {
    let format = command.format();
    match command {
        Command::Plan(args) => {
            let common = args.common.clone();
            let request = match &args.request {
                Some(path) => read_request(path)?,
                None => request_from_flags(*args)?,
            };
            plan(&request, &common)
        }
        Command::Resume {
            plan,
            from,
            done,
            conditions,
            common,
        } => resume(&plan, &from, done, &conditions, &common),
        Command::Preflight {
            inventory, upgrade, ..
        } => {
            let findings = preflight(&load_inventory(&inventory)?, upgrade);
            Ok(Output::refused_if(
                render_findings(&findings, format),
                preflight_summary(&findings),
            ))
        }
        Command::Uninstall {
            from,
            inventory,
            common,
        } => {
            let mut request = Request {
                from: read::<ByProduct<Version>>("--from", &from)?.0,
                ..Request::default()
            };
            request.inventory = inventory.as_deref().map(load_inventory).transpose()?;
            let planner = Planner::new(load_catalog(common.catalog.as_deref())?);
            let plan = planner
                .uninstall(&request)
                .map_err(|r| Failure::from_refusal(&r))?;
            Ok(Output::success(render_plan(&plan, format)))
        }
        Command::Validate {
            file,
            conditions,
            common,
        } => {
            let plan = load_plan(&file)?;
            let options = conditions.overrides()?;
            let catalog = load_catalog(common.catalog.as_deref())?;
            check_facts(&catalog, &options)?;
            let violations = validate(&plan, &catalog, &options);
            Ok(Output::refused_if(
                render_violations(&plan, &violations, format),
                validation_summary(&violations),
            ))
        }
        Command::Graph {
            product,
            from,
            to,
            allow_migrations,
            catalog,
            format,
        } => {
            let highlight = from.as_deref().zip(to.as_deref());
            graph(
                &product,
                highlight,
                allow_migrations,
                catalog.as_deref(),
                format,
            )
        }
        Command::Check {
            product,
            from,
            to,
            allow_migrations,
            common,
        } => check(&product, &from, &to, allow_migrations, &common),
        Command::Catalog {
            command: CatalogCommand::Lint { common },
        } => {
            // A catalog that is unsafe to plan on does not load: that is exit 2, with the
            // lint's message. What remains are gaps, reported as warnings.
            let catalog = load_catalog(common.catalog.as_deref())?;
            Ok(Output::success(render_lint(&lint(&catalog), format)))
        }
        Command::Schema { name } => {
            let schema = name
                .parse::<SchemaName>()
                .map_err(|e| Failure::malformed("usage", format!("schema: {e}")))?;
            Ok(Output::success(json_schema(schema)))
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

/// The bytes read from `path`, as text.
fn utf8(bytes: Vec<u8>, code: &'static str, what: &str, path: &Path) -> Result<String, Failure> {
    String::from_utf8(bytes)
        .map_err(|_| Failure::malformed(code, format!("{what} '{}': not UTF-8", path.display())))
}

fn load_inventory(path: &Path) -> Result<Inventory, Failure> {
    let bytes = read_limited(path, MAX_INVENTORY_BYTES, "bad-inventory", "inventory")?;
    Inventory::from_json(&utf8(bytes, "bad-inventory", "inventory", path)?).map_err(|error| {
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

fn load_plan(path: &Path) -> Result<Plan, Failure> {
    let bytes = read_limited(path, MAX_PLAN_BYTES, "bad-plan", "plan")?;
    Plan::from_json_bytes(&bytes).map_err(|error| {
        Failure::malformed("bad-plan", format!("plan '{}': {error}", path.display()))
    })
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
    Request::from_json(&utf8(bytes, "bad-request", "request", path)?).map_err(|error| {
        Failure::malformed(
            error.code(),
            format!("request '{}': {error}", path.display()),
        )
    })
}

/// Parses a flag's `mcr=20.10.13,mke=3.3.7` list ([`ByProduct`]); an error names the flag.
fn read<T: FromStr<Err = RequestError>>(flag: &str, text: &str) -> Result<T, Failure> {
    text.parse()
        .map_err(|e: RequestError| Failure::malformed(e.code(), format!("{flag}: {e}")))
}

fn read_facts(text: &str) -> Result<BTreeMap<String, bool>, Failure> {
    parse_facts(text).map_err(|e| Failure::malformed(e.code(), format!("--facts: {e}")))
}

/// A product by its name or an old name (`ucp`, `dtr`, `docker`, `engine`).
fn read_product(text: &str) -> Result<Product, Failure> {
    Product::from_name(text).map_err(|error| Failure::malformed("unknown-product", error))
}

fn read_version(text: &str) -> Result<Version, Failure> {
    Version::parse(text).map_err(|error| Failure::malformed("bad-version", error))
}

/// The facts given as overrides must be the catalog's.
fn check_facts(catalog: &Catalog, options: &ValidationOptions) -> Result<(), Failure> {
    catalog
        .check_facts(options.facts.iter().flat_map(BTreeMap::keys))
        .map_err(|e| Failure::malformed("unknown-fact", e))
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
    Ok(Request {
        from: read::<ByProduct<Version>>("--from", from.as_deref().unwrap_or_default())?.0,
        to: read::<ByProduct<Target>>("--to", to.as_deref().unwrap_or_default())?.0,
        policy: policy.unwrap_or_default(),
        facts: facts
            .as_deref()
            .map(read_facts)
            .transpose()?
            .unwrap_or_default(),
        allow_migrations,
        offline,
        as_of: as_of
            .map(|date| {
                Date::parse(&date).map_err(|e| Failure::malformed("usage", format!("--as-of: {e}")))
            })
            .transpose()?,
        site: Site {
            mke_url: site.mke_url,
            msr_url: site.msr_url,
            target_msr_url: site.target_msr_url,
            admin_user: site.admin,
            replica_id: site.replica_id,
            storage: site.storage,
            backup_dir: site.backup_dir,
            ..Site::default()
        },
        inventory: inventory.as_deref().map(load_inventory).transpose()?,
        accept: accept.into_iter().collect(),
    })
}

fn plan(request: &Request, common: &Common) -> Result<Output, Failure> {
    let planner = Planner::new(load_catalog(common.catalog.as_deref())?);
    match planner.plan(request) {
        Ok(plan) => Ok(Output::success(render_plan(&plan, common.format))),
        Err(refusal) if refusal.is_input_error() => Err(Failure::from_refusal(&refusal)),
        Err(refusal) => {
            let mut error = format!("error: {refusal}\n");
            if let Some(explanation) = refusal.explanation() {
                error.push_str(&explanation_text(explanation));
            }
            // The text goes to stderr; the other formats also draw the refusal on stdout.
            let stdout = match common.format {
                Format::Text => String::new(),
                other => render_refusal(&refusal, other),
            };
            Ok(Output {
                exit: 1,
                stdout,
                stderr: Some(error),
            })
        }
    }
}

fn resume(
    path: &Path,
    from: &str,
    done: Vec<String>,
    conditions: &Conditions,
    common: &Common,
) -> Result<Output, Failure> {
    let plan = load_plan(path)?;
    let observed = read::<ByProduct<Version>>("--from", from)?.0;
    let overrides = conditions.overrides()?;
    let planner = Planner::new(load_catalog(common.catalog.as_deref())?);
    check_facts(planner.catalog(), &overrides)?;
    let resume = planner
        .resume(&plan, &observed, &done.into_iter().collect(), &overrides)
        .map_err(|refusal| Failure::from_refusal(&refusal))?;
    // Off the plan, the rendering says so first (exit 1): not repeated on stderr.
    Ok(Output {
        exit: u8::from(!resume.on_plan),
        stdout: render_resume(&resume, &plan, common.format),
        stderr: None,
    })
}

/// A product's upgrade graph, with the hops of the plan `highlight` asks for drawn as chosen.
fn graph(
    product: &str,
    highlight: Option<(&str, &str)>,
    allow_migrations: bool,
    catalog: Option<&Path>,
    format: Format,
) -> Result<Output, Failure> {
    let product = read_product(product)?;
    let planner = Planner::new(load_catalog(catalog)?);
    let mut hops = Vec::new();
    if let Some((from, to)) = highlight {
        let request = Request {
            from: read::<ByProduct<Version>>("--from", from)?.0,
            to: read::<ByProduct<Target>>("--to", to)?.0,
            allow_migrations,
            ..Request::default()
        };
        hops = planner
            .plan(&request)
            .map_err(|r| Failure::from_refusal(&r))?
            .hops;
    }
    let graph = upgrade_graph(planner.catalog(), product);
    Ok(Output::success(render_graph(&graph, &hops, format)))
}

fn check(
    product: &str,
    from: &str,
    to: &str,
    allow_migrations: bool,
    common: &Common,
) -> Result<Output, Failure> {
    let product = read_product(product)?;
    let (from, to) = (read_version(from)?, read_version(to)?);
    let catalog = load_catalog(common.catalog.as_deref())?;
    let answer = check_hop(
        &catalog,
        product,
        &from,
        &to,
        &CheckOptions::default().allow_migrations(allow_migrations),
    )
    .map_err(|error| match error {
        CheckError::SameVersion { .. } => Failure {
            exit: 1,
            code: "same-version",
            message: error.to_string(),
        },
        _ => Failure::malformed("unknown-version", error),
    })?;
    // A supported hop is the answer (stdout); an unsupported one is a refusal (stderr).
    let rendered = render_check(&answer, common.format);
    Ok(if answer.supported || common.format == Format::Json {
        Output {
            exit: u8::from(!answer.supported),
            stdout: rendered,
            stderr: None,
        }
    } else {
        Output {
            exit: 1,
            stdout: String::new(),
            stderr: Some(format!("error: {rendered}")),
        }
    })
}
