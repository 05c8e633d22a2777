//! The command line: its subcommands and flags, and clap's parsers for the library's words.

use std::path::PathBuf;
use std::str::FromStr;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use clap_complete::Shell;
use std::collections::BTreeMap;

use mirantis_upgrade_planner::{
    Format, Policy, Product, Request, Site, Target, Version,
    date::Date,
    inventory::{OsFamily, StorageBackend},
    validate::ValidationOptions,
    version::UnknownWord,
};

use crate::Failure;
use crate::input::{load_inventory, read_facts};

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
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Plan the supported upgrade path from the installed versions to the targets.
    Plan(Box<PlanArgs>),
    /// Where an interrupted plan stands, from the versions observed now (exit 1 when the
    /// cluster is off the plan; a fresh plan is then offered). The request flags replace the
    /// conditions the plan records.
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
        request: Box<RequestArgs>,
        #[command(flatten)]
        common: Common,
    },
    /// Plan removing MSR: a backup, then `destroy` once per replica.
    Uninstall {
        /// Installed versions: `mcr=...,mke=...,msr=...`.
        #[arg(long, value_name = "PRODUCT=VERSION,...")]
        from: String,
        #[command(flatten)]
        request: Box<RequestArgs>,
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
        #[arg(long, default_value_t = Format::Text, value_parser = one_of(&ANSWER_FORMATS, Format::as_str))]
        format: Format,
    },
    /// Check that a plan (JSON, as `plan --format json` prints it) is still a supported plan.
    /// The request flags replace the conditions the plan records.
    Validate {
        /// The plan file.
        file: PathBuf,
        #[command(flatten)]
        request: Box<RequestArgs>,
        #[command(flatten)]
        common: Answer,
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
        #[command(flatten)]
        request: Box<RequestArgs>,
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
        common: Answer,
    },
    /// Read another tool's description of a cluster and print it as an inventory (JSON).
    Import {
        #[command(subcommand)]
        source: ImportCommand,
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
    /// Print the shell completion script for `planner` (source it from the shell's startup
    /// file).
    Completions {
        /// The shell.
        shell: Shell,
    },
    /// Print the manual page of `planner`, or of one of its commands (roff: `planner man >
    /// planner.1; man ./planner.1`).
    Man {
        /// The command whose page to print (`plan`, `catalog lint`, ...); none for `planner`'s.
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

/// The formats of the answers that are a verdict, not a plan: text or JSON.
pub(crate) const ANSWER_FORMATS: [Format; 2] = [Format::Text, Format::Json];

/// The arguments of `plan`.
#[derive(clap::Args)]
pub(crate) struct PlanArgs {
    /// Installed versions: `mcr=20.10.13,mke=3.3.7,msr=2.8.5` (old names `docker`, `ucp`,
    /// `dtr` are accepted). With `--inventory` or `--launchpad`, the versions they record,
    /// each one given here replacing theirs.
    #[arg(
        long,
        value_name = "PRODUCT=VERSION,...",
        required_unless_present_any = ["request", "launchpad", "inventory"]
    )]
    pub(crate) from: Option<String>,
    /// Targets: an exact version, a line (`2.9`: its newest), a major version (`3`: the
    /// newest 3.x) or `latest`: `msr=latest,mke=3.9`. Old names: docker/engine, ucp, dtr.
    #[arg(
        long,
        value_name = "PRODUCT=TARGET,...",
        required_unless_present = "request"
    )]
    pub(crate) to: Option<String>,
    /// The whole request as JSON (see the README), from a file or `-` for standard input,
    /// instead of the request flags.
    #[arg(
        long,
        value_name = "FILE|-",
        conflicts_with_all = [
            "from", "to", "policy", "facts", "allow_migrations", "offline", "as_of", "inventory",
            "accept", "mke_url", "msr_url", "target_msr_url", "admin", "replica_id", "storage", "backup_dir", "os", "mke_image_repo", "msr_image_repo",
            "insecure_tls", "msr4_by_replication", "launchpad"
        ]
    )]
    pub(crate) request: Option<PathBuf>,
    /// A Launchpad config (`launchpad.yaml`): the installed versions, the hosts and the URLs
    /// it gives, as `--from` and `--inventory` would; explicit flags override it.
    #[arg(long, value_name = "FILE")]
    pub(crate) launchpad: Option<PathBuf>,
    /// Who performs the hops: `commands` (the vendor's commands, step by step) or
    /// `launchpad` (`launchpad apply` with the `--launchpad` config performs the MCR, MKE 3
    /// and MSR 2 hops; the plan's checks and backups stay around it).
    #[arg(long, value_name = "EXECUTOR", value_parser = PossibleValuesParser::new(["commands", "launchpad"]), requires = "launchpad")]
    pub(crate) executor: Option<String>,
    #[command(flatten)]
    pub(crate) conditions: RequestArgs,
    /// A catalog file to use instead of the embedded Mirantis catalog.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,
    /// Output format; `launchpad` prints the Launchpad configs to apply, one per hop
    /// Launchpad performs (needs `--launchpad`).
    #[arg(long, default_value = "text", value_parser = plan_format())]
    pub(crate) format: PlanFormat,
}

/// What `plan` prints: a rendering of the plan, or the Launchpad configs to apply.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlanFormat {
    /// One of the library's formats.
    Render(Format),
    /// `launchpad`: one Launchpad config per hop Launchpad performs.
    Launchpad,
}

impl PlanFormat {
    /// The format refusals and errors are printed in (`launchpad` prints them as text).
    pub(crate) fn render(self) -> Format {
        match self {
            PlanFormat::Render(format) => format,
            PlanFormat::Launchpad => Format::Text,
        }
    }
}

/// clap's parser for `plan --format`: the library's formats, then `launchpad`.
fn plan_format() -> impl TypedValueParser<Value = PlanFormat> {
    let names = Format::ALL
        .iter()
        .map(|format| format.as_str())
        .chain(["launchpad"]);
    PossibleValuesParser::new(names).try_map(|word| match word.as_str() {
        "launchpad" => Ok(PlanFormat::Launchpad),
        other => other.parse::<Format>().map(PlanFormat::Render),
    })
}

impl PlanArgs {
    /// The catalog and the format other commands share, for the rendering of the plan.
    pub(crate) fn common(&self) -> Common {
        Common {
            catalog: self.catalog.clone(),
            format: self.format.render(),
        }
    }
}

/// The tools `import` reads.
#[derive(Subcommand)]
pub(crate) enum ImportCommand {
    /// A Launchpad config (`launchpad.yaml`, every API version from v1beta1 to mke/v1.6):
    /// its hosts, roles, URLs and installed versions, as an inventory.
    Launchpad {
        /// The Launchpad config.
        file: PathBuf,
        /// Installed versions the config does not give exactly (`channel: stable`), or that
        /// override it: `mcr=25.0.14`.
        #[arg(long, value_name = "PRODUCT=VERSION,...")]
        from: Option<String>,
    },
}

#[derive(Subcommand)]
pub(crate) enum CatalogCommand {
    /// Report gaps in the catalog (an unsafe catalog does not load: exit 2).
    Lint {
        #[command(flatten)]
        common: Answer,
    },
}

/// The request flags every command that takes a request shares (`plan`, `graph`, `resume`,
/// `uninstall`, `validate`), with the same meaning everywhere: what the plan is made under.
/// For `resume` and `validate`, each flag given replaces what the plan file records.
#[derive(clap::Args, Default)]
pub(crate) struct RequestArgs {
    /// How to choose among supported plans [default: recommended].
    #[arg(long, value_parser = one_of(&Policy::ALL, Policy::as_str))]
    pub(crate) policy: Option<Policy>,
    /// Facts for conditional gates: `metallb=true,calico-ebpf=false`.
    #[arg(long, value_name = "NAME=true|false,...")]
    pub(crate) facts: Option<String>,
    /// Allow migrations (MSR 2.9 -> 3.x, MKE 3.9 -> 4.x, ...) in the plan.
    #[arg(long)]
    pub(crate) allow_migrations: bool,
    /// Plan for a site without internet access: every artifact downloaded first, nothing
    /// fetched on the site.
    #[arg(long)]
    pub(crate) offline: bool,
    /// The plan is run by an installer with no terminal: refuse (`needs-person`, exit 1),
    /// listing the steps that need a person, while any remains.
    #[arg(long)]
    pub(crate) unattended: bool,
    /// The date to judge end-of-life against (the library never reads the clock).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) as_of: Option<String>,
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// The cluster inventory (JSON, see the README): real node names and replica ids in
    /// the steps, its facts, and its preflight findings checked.
    #[arg(long, value_name = "FILE")]
    pub(crate) inventory: Option<PathBuf>,
    /// Accept preflight errors by their codes: `msr-node-ram,ports-closed` (repeatable): the
    /// plan records them.
    #[arg(long, value_name = "CODE,...", value_delimiter = ',')]
    pub(crate) accept: Vec<String>,
}

/// The catalog, and a format among all a plan renders in.
#[derive(clap::Args, Clone)]
pub(crate) struct Common {
    /// A catalog file to use instead of the embedded Mirantis catalog.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, default_value_t = Format::Text, value_parser = one_of(&Format::ALL, Format::as_str))]
    pub(crate) format: Format,
}

/// The catalog, and a format of a verdict: text or JSON.
#[derive(clap::Args, Clone)]
pub(crate) struct Answer {
    /// A catalog file to use instead of the embedded Mirantis catalog.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, default_value_t = Format::Text, value_parser = one_of(&ANSWER_FORMATS, Format::as_str))]
    pub(crate) format: Format,
}

/// Site values for the runbook's commands; absent ones stay placeholders such as `<mke-url>`.
#[derive(clap::Args, Default)]
pub(crate) struct SiteArgs {
    /// The MKE URL with host and port.
    #[arg(long, value_name = "HOST[:PORT]")]
    pub(crate) mke_url: Option<String>,
    /// The MSR external URL.
    #[arg(long, value_name = "HOST[:PORT]")]
    pub(crate) msr_url: Option<String>,
    /// The URL of the registry a migration moves images to (MSR 3.x or 4.x).
    #[arg(long, value_name = "HOST[:PORT]")]
    pub(crate) target_msr_url: Option<String>,
    /// The MKE administrator user.
    #[arg(long, value_name = "USER")]
    pub(crate) admin: Option<String>,
    /// The id of a healthy MSR replica.
    #[arg(long, value_name = "ID")]
    pub(crate) replica_id: Option<String>,
    /// Where MSR stores images (decides the image-storage backup).
    #[arg(long, value_parser = one_of(&StorageBackend::ALL, StorageBackend::as_str))]
    pub(crate) storage: Option<StorageBackend>,
    /// Where backups are written.
    #[arg(long, value_name = "DIR")]
    pub(crate) backup_dir: Option<String>,
    /// The site's own registry for MKE's images (Launchpad's `spec.mke.imageRepo`): MKE 3
    /// hops pull from it and tag the images as MKE names them.
    #[arg(long, value_name = "REGISTRY/REPO")]
    pub(crate) mke_image_repo: Option<String>,
    /// The site's own registry for MSR 2's images (Launchpad's `spec.msr.imageRepo`).
    #[arg(long, value_name = "REGISTRY/REPO")]
    pub(crate) msr_image_repo: Option<String>,
    /// The operating system of the nodes the inventory gives none for (decides an MCR hop's
    /// commands; without it, each family's are given).
    #[arg(long, value_parser = one_of(&OsFamily::ALL, OsFamily::as_str))]
    pub(crate) os: Option<OsFamily>,
    /// The registries' certificates are not trusted: give the migration tools their
    /// insecure-TLS flags (TLS is verified otherwise).
    #[arg(long)]
    pub(crate) insecure_tls: bool,
    /// Migrate to MSR 4 by image replication only, instead of the vendor's migration tool
    /// (users, teams, permissions and mirroring policies stay behind).
    #[arg(long)]
    pub(crate) msr4_by_replication: bool,
}

impl SiteArgs {
    pub(crate) fn site(&self) -> Site {
        Site {
            mke_url: self.mke_url.clone(),
            msr_url: self.msr_url.clone(),
            target_msr_url: self.target_msr_url.clone(),
            admin_user: self.admin.clone(),
            replica_id: self.replica_id.clone(),
            storage: self.storage,
            backup_dir: self.backup_dir.clone(),
            mke_image_repo: self.mke_image_repo.clone(),
            msr_image_repo: self.msr_image_repo.clone(),
            os: self.os,
            insecure_tls: self.insecure_tls,
            msr4_by_replication: self.msr4_by_replication,
            ..Site::default()
        }
    }
}

impl RequestArgs {
    /// The request these flags describe, for `from` and `to`.
    pub(crate) fn request(
        &self,
        from: BTreeMap<Product, Version>,
        to: BTreeMap<Product, Target>,
    ) -> Result<Request, Failure> {
        Ok(Request {
            from,
            to,
            policy: self.policy.unwrap_or_default(),
            facts: self
                .facts
                .as_deref()
                .map(read_facts)
                .transpose()?
                .unwrap_or_default(),
            allow_migrations: self.allow_migrations,
            offline: self.offline,
            unattended: self.unattended,
            as_of: self.as_of()?,
            site: self.site.site(),
            inventory: self.inventory.as_deref().map(load_inventory).transpose()?,
            accept: self.accept.iter().cloned().collect(),
            launchpad: None,
        })
    }

    /// The plan's recorded conditions, with the flags given as overrides.
    pub(crate) fn overrides(&self) -> Result<ValidationOptions, Failure> {
        Ok(ValidationOptions {
            facts: self.facts.as_deref().map(read_facts).transpose()?,
            allow_migrations: self.allow_migrations.then_some(true),
            policy: self.policy,
            offline: self.offline.then_some(true),
            as_of: self.as_of()?,
            site: self.site.site(),
            inventory: self.inventory.as_deref().map(load_inventory).transpose()?,
            accept: self.accept.iter().cloned().collect(),
            unattended: self.unattended,
        })
    }

    fn as_of(&self) -> Result<Option<Date>, Failure> {
        self.as_of
            .as_deref()
            .map(|date| {
                Date::parse(date).map_err(|e| Failure::malformed("usage", format!("--as-of: {e}")))
            })
            .transpose()
    }
}

impl Command {
    /// The output format: JSON sends answers and errors to stdout as JSON objects.
    pub(crate) fn format(&self) -> Format {
        match self {
            Command::Plan(args) => args.format.render(),
            Command::Resume { common, .. } | Command::Uninstall { common, .. } => common.format,
            Command::Validate { common, .. }
            | Command::Check { common, .. }
            | Command::Catalog {
                command: CatalogCommand::Lint { common },
            } => common.format,
            Command::Preflight { format, .. } | Command::Graph { format, .. } => *format,
            Command::Import { .. }
            | Command::Schema { .. }
            | Command::Completions { .. }
            | Command::Man { .. } => Format::Text,
        }
    }
}
