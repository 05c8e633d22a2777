//! Each command, run through the library: what it prints, and on which stream.

use std::collections::BTreeMap;
use std::path::Path;

use mirantis_upgrade_planner::{
    Catalog, Format, Planner, Request, Target, Version,
    check::{CheckError, CheckOptions, check_hop},
    graph::upgrade_graph,
    inventory::preflight,
    launchpad::LaunchpadConfig,
    lint,
    render::{
        explanation_text, preflight_summary, render_check, render_findings, render_graph,
        render_inventory, render_launchpad, render_lint, render_plan, render_refusal,
        render_resume, render_violations, validation_summary,
    },
    request::ByProduct,
    schema::{SchemaName, json_schema},
    validate::{ValidationOptions, validate},
};

use clap::CommandFactory as _;
use clap_complete::Shell;

use crate::args::{
    Answer, CatalogCommand, Cli, Command, Common, ImportCommand, PlanArgs, PlanFormat, RequestArgs,
};
use crate::input::{
    launchpad_error, launchpad_state, load_catalog, load_inventory, load_launchpad, load_plan,
    read, read_product, read_request, read_version, request_from_flags,
};
use crate::{Failure, Output};

/// Runs a command: what it prints and its exit status, or why it failed.
pub(crate) fn run(command: Command) -> Result<Output, Failure> {
    let format = command.format();
    match command {
        Command::Plan(args) => plan_command(&args),
        Command::Import {
            source: ImportCommand::Launchpad { file, from },
        } => {
            let config = load_launchpad(&file)?;
            let (_, inventory) = launchpad_state(&file, &config, from.as_deref())?;
            Ok(Output::success(render_inventory(&inventory)))
        }
        Command::Resume {
            plan,
            from,
            done,
            request,
            common,
        } => resume(&plan, &from, done, &request, &common),
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
            request,
            common,
        } => {
            let request = request.request(
                read::<ByProduct<Version>>("--from", &from)?.0,
                BTreeMap::new(),
            )?;
            let planner = Planner::new(load_catalog(common.catalog.as_deref())?);
            let plan = planner
                .uninstall(&request)
                .map_err(|r| Failure::from_refusal(&r))?;
            Ok(Output::success(render_plan(&plan, format)))
        }
        Command::Validate {
            file,
            request,
            common,
        } => {
            let plan = load_plan(&file)?;
            let options = request.overrides()?;
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
            request,
            catalog,
            format,
        } => {
            let highlight = from.as_deref().zip(to.as_deref());
            graph(&product, highlight, &request, catalog.as_deref(), format)
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
        } => catalog_lint(&common, format),
        Command::Schema { name } => {
            let schema = name
                .parse::<SchemaName>()
                .map_err(|e| Failure::malformed("usage", format!("schema: {e}")))?;
            Ok(Output::success(json_schema(schema)))
        }
        Command::Completions { shell } => Ok(completions(shell)),
        Command::Man { command } => man(&command),
    }
}

/// `catalog lint`: a catalog that is unsafe to plan on does not load (exit 2, with the lint's
/// message); what remains are gaps, reported as warnings, and errors of the runbook's data (a
/// command without its source), which exit 1.
fn catalog_lint(common: &Answer, format: Format) -> Result<Output, Failure> {
    let catalog = load_catalog(common.catalog.as_deref())?;
    let findings = lint(&catalog);
    let mut output = Output::success(render_lint(&findings, format));
    if findings.iter().any(|f| f.code.is_error()) {
        output.exit = 1;
    }
    Ok(output)
}

/// The facts given as overrides must be the catalog's.
fn check_facts(catalog: &Catalog, options: &ValidationOptions) -> Result<(), Failure> {
    catalog
        .check_facts(options.facts.iter().flat_map(BTreeMap::keys))
        .map_err(|e| Failure::malformed("unknown-fact", e))
}

/// `plan`: from the flags, a JSON request or a Launchpad config; the plan in a format, or the
/// Launchpad configs to apply.
fn plan_command(args: &PlanArgs) -> Result<Output, Failure> {
    let common = args.common();
    let unattended = args.conditions.unattended;
    let (mut request, launchpad) = match &args.request {
        Some(path) => (read_request(path)?, None),
        None => request_from_flags(args)?,
    };
    // The flag adds to the request document's own `unattended`.
    request.unattended |= unattended;
    if args.format != PlanFormat::Launchpad {
        return plan(&request, &common);
    }
    let (Some(config), Some(path)) = (launchpad, args.launchpad.as_deref()) else {
        return Err(Failure::malformed(
            "usage",
            "--format launchpad needs --launchpad FILE: the configs are that file with other versions",
        ));
    };
    launchpad_configs(&request, &common, &config, &path.display().to_string())
}

/// `plan --format launchpad`: the configs to apply, or the refusal as text.
fn launchpad_configs(
    request: &Request,
    common: &Common,
    config: &LaunchpadConfig,
    name: &str,
) -> Result<Output, Failure> {
    let planner = Planner::new(load_catalog(common.catalog.as_deref())?);
    match planner.plan(request) {
        Ok(plan) => render_launchpad(config, &plan, name)
            .map(Output::success)
            .map_err(|error| launchpad_error(Path::new(name), error)),
        Err(_) => plan(request, common),
    }
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
    request: &RequestArgs,
    common: &Common,
) -> Result<Output, Failure> {
    let plan = load_plan(path)?;
    let observed = read::<ByProduct<Version>>("--from", from)?.0;
    let overrides = request.overrides()?;
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
    flags: &RequestArgs,
    catalog: Option<&Path>,
    format: Format,
) -> Result<Output, Failure> {
    let product = read_product(product)?;
    let planner = Planner::new(load_catalog(catalog)?);
    let mut hops = Vec::new();
    if let Some((from, to)) = highlight {
        let request = flags.request(
            read::<ByProduct<Version>>("--from", from)?.0,
            read::<ByProduct<Target>>("--to", to)?.0,
        )?;
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
    common: &Answer,
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

/// The completion script of `planner` for `shell`.
fn completions(shell: Shell) -> Output {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "planner", &mut script);
    Output::success(String::from_utf8_lossy(&script).into_owned())
}

/// The manual page of `planner`, or of the command at `path` (`["catalog", "lint"]`): the
/// page that `planner-catalog-lint(1)` in its parent's page refers to.
fn man(path: &[String]) -> Result<Output, Failure> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    for name in path {
        let Some(sub) = command.find_subcommand(name).cloned() else {
            let known: Vec<&str> = command
                .get_subcommands()
                .map(clap::Command::get_name)
                .collect();
            return Err(Failure::malformed(
                "usage",
                format!(
                    "man: unknown command '{name}'; expected {}",
                    known.join(", ")
                ),
            ));
        };
        command = sub;
    }
    let mut page = Vec::new();
    // Every page's footer names the program and its version, a command's page too.
    clap_mangen::Man::new(command)
        .source(format!("planner {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .map_err(|e| Failure::malformed("usage", format!("man: {e}")))?;
    Ok(Output::success(String::from_utf8_lossy(&page).into_owned()))
}
