//! Plain data: the request, the plan, its hops, steps and warnings, and the refusal with its
//! explanation. These are what leave the library (as values or as JSON), so every field is
//! public and documented, and the JSON shape is a contract (see the README).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalog::{Fact, Gate, LookupError, UnknownFact};
use crate::date::Date;
use crate::inventory::{Finding, Inventory};
use crate::table::RuleId;
use crate::version::{Line, Product, Version};

/// The schema version of the plan JSON this library writes.
pub const PLAN_SCHEMA_VERSION: u32 = 1;

/// Where a product should end. Written, and read as JSON, as `latest`, a major version (`3`),
/// a line (`2.9`) or a version (`2.9.30`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Exactly this listed release (`2.9.30`); a pre-release only when named here.
    Exact(Version),
    /// The newest eligible release of this line (`2.9`).
    Line(Line),
    /// The newest eligible release of this major version (`3`: the newest 3.x).
    Major(u64),
    /// The newest eligible release in the catalog. A release that only a migration reaches
    /// counts only when the request allows migrations.
    Latest,
}

impl Target {
    /// Parses `latest`, a major version (`3`), a line (`2.9`) or a version (`2.9.30`).
    ///
    /// # Errors
    ///
    /// The [`crate::VersionError`] of the version parse, for `2.x` or `2.9.x`.
    pub fn parse(text: &str) -> Result<Target, crate::version::VersionError> {
        if text == "latest" {
            return Ok(Target::Latest);
        }
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(major) = text.parse() {
                return Ok(Target::Major(major));
            }
        }
        if text.matches('.').count() == 1 && !text.contains('-') {
            return Line::parse(text).map(Target::Line);
        }
        Version::parse(text).map(Target::Exact)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Exact(version) => write!(f, "{version}"),
            Target::Line(line) => write!(f, "{line}"),
            Target::Major(major) => write!(f, "{major}"),
            Target::Latest => f.write_str("latest"),
        }
    }
}

/// How to choose among the supported plans. A policy never changes whether a plan exists.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Fewest hops in total.
    Minimal,
    /// Fewest documented recommendations not followed, then fewest hops.
    #[default]
    Recommended,
}

impl Policy {
    /// The name as written on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Minimal => "minimal",
            Policy::Recommended => "recommended",
        }
    }
}

/// A planning question: where the cluster is, where it should go, and under which conditions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// The installed version of each installed product; a product absent here is not
    /// installed.
    pub from: BTreeMap<Product, Version>,
    /// Where each named product must end. Products not named may move only when the others
    /// require it, and then as little as possible.
    pub to: BTreeMap<Product, Target>,
    /// How to choose among supported plans.
    pub policy: Policy,
    /// Facts about the cluster that conditional gates ask for (`metallb`).
    pub facts: BTreeMap<String, bool>,
    /// Whether migrations (MSR 2.9 -> 3.x, MKE 3.9 -> 4.x, ...) may be part of the plan.
    pub allow_migrations: bool,
    /// The date to judge end-of-life against; `None` gives no EOL warnings.
    pub as_of: Option<Date>,
    /// Whether the site has no internet access: every image pull becomes a `docker load` of a
    /// bundle copied to each node, and the bundles to download come first.
    pub offline: bool,
    /// Site-specific values for the commands; absent ones stay visible placeholders.
    pub site: Site,
    /// The cluster's inventory, when known: its values fill what `site` leaves empty, its
    /// facts join `facts`, and its preflight findings are checked (errors refuse the plan).
    pub inventory: Option<Inventory>,
    /// The codes of preflight errors accepted by name (`msr-node-ram`); no blanket force.
    pub accept: BTreeSet<String>,
}

/// Site-specific values that commands need. Each absent value is written as a placeholder
/// (`<mke-url>`) that the operator must replace.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Site {
    /// The MKE URL with host and port (`mke.example.com:443`); placeholder `<mke-url>`.
    pub mke_url: Option<String>,
    /// The MSR external URL (`msr.example.com`); placeholder `<msr-url>`.
    pub msr_url: Option<String>,
    /// The URL of the new MSR a migration copies into; placeholder `<target-msr-url>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_msr_url: Option<String>,
    /// The MKE administrator user name; placeholder `<mke-admin>`.
    pub admin_user: Option<String>,
    /// The id of a healthy MSR replica; placeholder `<replica-id>`.
    pub replica_id: Option<String>,
    /// Where MSR stores images; `None` gives the commands for both local and NFS storage.
    pub storage: Option<StorageBackend>,
    /// Where backups are written; placeholder `<backup-dir>`.
    pub backup_dir: Option<String>,
    /// The nodes by group; without them, steps describe the nodes ("each MKE manager").
    pub nodes: Option<NodeNames>,
    /// Every MSR replica, as (replica id, node).
    pub replicas: Vec<(String, String)>,
}

/// The names of the nodes by group, for steps that go node by node.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct NodeNames {
    /// The MKE managers.
    pub managers: Vec<String>,
    /// The nodes with an MSR replica.
    pub msr_nodes: Vec<String>,
    /// The nodes with an MSR cache.
    pub caches: Vec<String>,
    /// The other workers.
    pub workers: Vec<String>,
}

/// Where MSR stores image layers, which decides how the image storage is backed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StorageBackend {
    /// A local filesystem volume on the replica (`dtr-registry-<replica-id>`).
    Local,
    /// An NFS store (`dtr-registry-nfs-<replica-id>`).
    Nfs,
    /// S3 or another object store: backed up with the store's own tools.
    Object,
}

impl Request {
    /// Whether a fact is set to true.
    pub fn fact(&self, name: &str) -> bool {
        self.facts.get(name).copied().unwrap_or(false)
    }
}

/// One move of one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Hop {
    /// The product that moves.
    pub product: Product,
    /// Its version before the hop; `null` for an install (rule `install`).
    pub from: Option<Version>,
    /// Its version after the hop; `null` for an uninstall (rule `uninstall`).
    pub to: Option<Version>,
    /// The row of the supported-upgrade table, `migration`, `install` or `uninstall`.
    pub rule: RuleId,
}

impl Hop {
    /// An upgrade (or migration) hop between two versions.
    pub fn upgrade(product: Product, from: Version, to: Version, rule: RuleId) -> Hop {
        Hop {
            product,
            from: Some(from),
            to: Some(to),
            rule,
        }
    }

    /// The version before the hop, or `none` for an install.
    pub fn from_text(&self) -> &str {
        self.from.as_ref().map_or("none", Version::as_str)
    }

    /// The version after the hop, or `none` for an uninstall.
    pub fn to_text(&self) -> &str {
        self.to.as_ref().map_or("none", Version::as_str)
    }
}

/// The phase of a step, in execution order within a hop.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Checks that must pass before anything changes.
    Precheck,
    /// Backups.
    Backup,
    /// Preparation that changes nothing yet (pulling images, draining nodes).
    Prepare,
    /// The change itself.
    Upgrade,
    /// Checks that the change worked.
    Verify,
    /// Work after the change (jobs to watch, caches to refresh).
    Post,
}

/// One thing an operator or an installer does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Step {
    /// Stable and unique within the plan (`hop-2/backup-msr`).
    pub id: String,
    /// The hop it belongs to, from 1; 0 for plan-wide steps.
    pub hop: usize,
    /// When it happens.
    pub phase: Phase,
    /// What to do, in words.
    pub title: String,
    /// The exact command, where there is one; site-specific values are placeholders such as
    /// `<mke-url>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Whether running it again is safe.
    pub rerun_safe: bool,
    /// The node it runs on, where that matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// What the operator should know while doing it (why, what to expect, what if it fails).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Something to download or mirror before the upgrade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Artifact {
    /// What kind of thing it is.
    pub kind: ArtifactKind,
    /// The image reference, package names with channel, or bundle file name.
    pub name: String,
    /// The hops that need it, from 1.
    pub hops: Vec<usize>,
}

/// The kind of an [`Artifact`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ArtifactKind {
    /// A container image (`mirantis/ucp:3.8.12`).
    Image,
    /// Operating-system packages from a Mirantis repository channel.
    Package,
    /// An offline bundle to copy to each node and `docker load`.
    Bundle,
}

/// What a plan warns about.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WarningCode {
    /// A current version is not listed in the catalog (its line is).
    UnlistedVersion,
    /// The starting state already violates compatibility entries.
    StartIncompatible,
    /// A documented recommendation was not followed.
    RecommendationNotFollowed,
    /// A stop or the target is past its end of life on the request's date.
    PastEol,
    /// The plan relies on low-confidence or inferred compatibility data.
    LowConfidence,
    /// A preflight finding on the inventory (a warning, or an accepted error).
    Preflight,
}

impl WarningCode {
    /// The code as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::UnlistedVersion => "unlisted-version",
            WarningCode::StartIncompatible => "start-incompatible",
            WarningCode::RecommendationNotFollowed => "recommendation-not-followed",
            WarningCode::PastEol => "past-eol",
            WarningCode::LowConfidence => "low-confidence",
            WarningCode::Preflight => "preflight",
        }
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A warning carried by a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Warning {
    /// What it is about.
    pub code: WarningCode,
    /// One sentence naming the values.
    pub message: String,
}

/// A supported upgrade plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Plan {
    /// [`PLAN_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The policy that chose it.
    pub policy: Policy,
    /// The installed versions.
    pub from: BTreeMap<Product, Version>,
    /// The versions after the last hop.
    pub to: BTreeMap<Product, Version>,
    /// The hops, in execution order.
    pub hops: Vec<Hop>,
    /// The steps, in execution order.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// What the operator should know.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// The images, packages and (offline) bundles to mirror before starting.
    #[serde(default)]
    pub artifacts: Vec<Artifact>,
    /// Whether the plan is for a site without internet access.
    #[serde(default)]
    pub offline: bool,
    /// The codes of the preflight errors the request accepted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<String>,
    /// What the plan was made under. Absent only in plans written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Conditions>,
    /// The ids of steps an operator edited on purpose: the validator accepts their changed
    /// content and shows each as a warning. Written by the operator, never by the planner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edited: Vec<String>,
    /// What the operator still has to fill in: each `<placeholder>` the steps carry, what to
    /// put there, and the steps that use it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<Placeholder>,
}

/// A value the steps leave for the operator to fill in (`<mke-url>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Placeholder {
    /// As it appears in the steps, brackets included (`<mke-url>`).
    pub name: String,
    /// What to put there, and the site value or flag that fills it when there is one.
    pub meaning: String,
    /// The ids of the steps that carry it.
    pub steps: Vec<String>,
}

/// What a plan was made under, besides its hops: everything that decides its steps and its
/// validity, so that `validate` and `resume` judge the plan as it was made.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Conditions {
    /// The policy that chose the plan.
    pub policy: Policy,
    /// The facts as the request (and its inventory) answered them.
    pub facts: BTreeMap<String, bool>,
    /// Whether migrations were allowed.
    pub allow_migrations: bool,
    /// Whether the plan is for a site without internet access.
    pub offline: bool,
    /// The date end-of-life was judged against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// The site values the commands were filled with (the inventory's included).
    pub site: Site,
    /// The digest of the inventory the plan used, when it used one (see
    /// [`crate::Catalog::digest`] for the form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inventory_digest: Option<String>,
    /// The catalog the plan was made from.
    pub catalog: CatalogIdentity,
}

/// Which catalog a plan was made from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct CatalogIdentity {
    /// [`crate::Catalog::digest`].
    pub digest: String,
    /// [`crate::Catalog::version`], when the catalog has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl Conditions {
    /// The request fields that decide a plan's steps, as these conditions recorded them.
    pub(crate) fn request(&self) -> Request {
        Request {
            policy: self.policy,
            facts: self.facts.clone(),
            allow_migrations: self.allow_migrations,
            offline: self.offline,
            as_of: self.as_of,
            site: self.site.clone(),
            ..Request::default()
        }
    }
}

/// The hops of a plan without its runbook: what a fleet tool needs to know about each cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The policy that chose it.
    pub policy: Policy,
    /// The installed versions.
    pub from: BTreeMap<Product, Version>,
    /// The versions after the last hop.
    pub to: BTreeMap<Product, Version>,
    /// The hops, in execution order.
    pub hops: Vec<Hop>,
    /// What the operator should know.
    pub warnings: Vec<Warning>,
}

/// The installed versions of a cluster at one point of a plan.
pub type State = BTreeMap<Product, Version>;

/// A state in words: `mcr 20.10.13, mke 3.3.7, msr 2.8.5`.
pub(crate) fn describe_state(state: &State) -> String {
    state
        .iter()
        .map(|(p, v)| format!("{p} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What stops one way forward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Obstacle {
    /// The supported-upgrade table refuses the hop.
    Rule {
        /// The row.
        rule: RuleId,
    },
    /// A migration would be needed and the request does not allow migrations.
    MigrationNotAllowed {
        /// The tool.
        tool: String,
    },
    /// The target is reached only by migration, and no migration starts here.
    NoMigration {
        /// The versions the migrations start from.
        sources: Vec<String>,
    },
    /// The target release is blocked.
    Blocked {
        /// The catalog's reason.
        reason: String,
    },
    /// A gate's requirement is not met before the hop.
    Gate {
        /// The unmet requirement.
        requires: String,
        /// The gate's reason.
        reason: String,
    },
    /// A gate's requirements hold, but the plan brought them about out of the order the gate
    /// lists them in (`in_order`).
    GateOrder {
        /// The gate's requirements, in the order they must come true.
        requires: Vec<String>,
        /// The gate's reason.
        reason: String,
    },
    /// The hop would break a compatibility entry that the start did not break.
    Compatibility {
        /// The entry's `when`.
        when: String,
        /// The entry's `requires`.
        requires: String,
    },
}

/// One way forward from a furthest state, and what stops it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Blocker {
    /// The product that would move.
    pub product: Product,
    /// Its version now.
    pub from: Version,
    /// The version it would move to.
    pub to: Version,
    /// What stops it.
    pub obstacle: Obstacle,
    /// One sentence for people.
    pub message: String,
}

/// Why there is no supported path, in terms a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Explanation {
    /// One sentence.
    pub summary: String,
    /// The furthest states the supported hops reach (closest to the targets first).
    pub furthest: Vec<State>,
    /// Each way forward from the first furthest state, with what stops it.
    pub blockers: Vec<Blocker>,
    /// What the operator can do about it.
    pub hints: Vec<String>,
}

/// A fact the plan depends on that the request does not answer, with the gates that ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct UnansweredFact {
    /// The fact, with its question.
    pub fact: Fact,
    /// The gates that apply when it is true and touch the plan.
    pub gates: Vec<Gate>,
}

fn unanswered_message(facts: &[UnansweredFact]) -> String {
    let questions: Vec<String> = facts
        .iter()
        .map(|unanswered| {
            let name = &unanswered.fact.name;
            let reasons: Vec<&str> = unanswered.gates.iter().map(|g| g.reason.as_str()).collect();
            let why = if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join("; "))
            };
            format!(
                "'{name}': {}{why}; answer with --facts {name}=true or --facts {name}=false",
                unanswered.fact.question
            )
        })
        .collect();
    format!(
        "the plan depends on facts nobody answered: {}",
        questions.join(". ")
    )
}

/// A well-formed request that the library refuses, or input it cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// A target is older than the installed version.
    #[error("{product} {to} is older than the installed {from}: downgrades are not supported")]
    Downgrade {
        /// The product.
        product: Product,
        /// The installed version.
        from: Version,
        /// The target.
        to: Version,
    },
    /// The target is reached only by a migration, which the request does not allow.
    #[error(
        "{product} {to} is not reachable by in-place upgrades from {from}: it needs a migration with {tool}; allow migrations to plan it"
    )]
    MigrationRequired {
        /// The product.
        product: Product,
        /// The installed version.
        from: Version,
        /// The target.
        to: Version,
        /// The tool that performs the migration.
        tool: String,
    },
    /// The target release is blocked in the catalog.
    #[error("{product} {version} is blocked: {reason}")]
    BlockedTarget {
        /// The product.
        product: Product,
        /// The target.
        version: Version,
        /// The catalog's reason.
        reason: String,
    },
    /// A version is not in the catalog.
    #[error(transparent)]
    UnknownVersion(#[from] LookupError),
    /// A target names a product that is not installed.
    #[error(
        "{product} is not installed: add it to the current versions (only MSR can be installed by a plan)"
    )]
    NotInstalled {
        /// The product.
        product: Product,
    },
    /// No sequence of supported hops reaches the targets.
    #[error("{}", .0.summary)]
    NoPath(Box<Explanation>),
    /// The target cannot be installed by a plan: MSR 3 and 4 install with Helm or their
    /// operator, and a target that no MKE release supports cannot be installed either.
    #[error(
        "MSR {target} cannot be installed by this planner: only MSR 2.x installs with `docker run .../dtr install` on an MKE release that supports it (MSR 3 and 4 install with Helm or their operator)"
    )]
    NotInstallable {
        /// The target as asked.
        target: String,
    },
    /// A fact name the catalog does not declare (in the request's facts or the inventory's).
    #[error(transparent)]
    UnknownFact(#[from] UnknownFact),
    /// The plan depends on facts nobody answered: the answers lead to different plans.
    #[error("{}", unanswered_message(.0))]
    UnansweredFact(Vec<UnansweredFact>),
    /// The search generated its whole budget of joint states without telling whether a path
    /// exists (a catalog whose products can wander through very many combinations).
    #[error(
        "the search stopped after exploring {explored} states (the limit is {limit}) without finding a supported path; the furthest state reached is {}; narrow the request (fewer products named, nearer targets) or raise the planner's search limit",
        describe_state(.furthest)
    )]
    SearchLimit {
        /// How many joint states it generated.
        explored: usize,
        /// The budget ([`crate::Planner::search_limit`]).
        limit: usize,
        /// The expanded state closest to the targets.
        furthest: State,
    },
    /// A step id (a `--done` of `resume`) that the plan does not have.
    #[error("step '{id}' is not in the plan; nearest step ids: {}", .nearest.join(", "))]
    UnknownStep {
        /// The id given.
        id: String,
        /// The plan's ids closest to it.
        nearest: Vec<String>,
    },
    /// The inventory has preflight errors that the request did not accept.
    #[error("preflight: {}", findings.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Preflight {
        /// The unaccepted errors.
        findings: Vec<Finding>,
    },
}

impl Refusal {
    /// The stable code of the refusal, as in the JSON error object (`no-path`).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Downgrade { .. } => "downgrade",
            Refusal::MigrationRequired { .. } => "migration-required",
            Refusal::BlockedTarget { .. } => "blocked-target",
            Refusal::UnknownVersion(_) => "unknown-version",
            Refusal::NotInstalled { .. } => "not-installed",
            Refusal::NoPath(_) => "no-path",
            Refusal::Preflight { .. } => "preflight",
            Refusal::NotInstallable { .. } => "not-installable",
            Refusal::UnknownFact(_) => "unknown-fact",
            Refusal::UnansweredFact(_) => "unanswered-fact",
            Refusal::UnknownStep { .. } => "unknown-step",
            Refusal::SearchLimit { .. } => "search-limit",
        }
    }

    /// Whether the refusal is about malformed input (an unknown version) rather than a
    /// well-formed request that has no supported answer.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            Refusal::UnknownVersion(_) | Refusal::UnknownFact(_) | Refusal::UnknownStep { .. }
        )
    }

    /// The explanation, for [`Refusal::NoPath`].
    pub fn explanation(&self) -> Option<&Explanation> {
        match self {
            Refusal::NoPath(explanation) => Some(explanation),
            _ => None,
        }
    }
}
