//! The plan: its hops, steps, artifacts, warnings and the conditions it was made under.
//! These are what leave the library (as values or as JSON), so every field is public and
//! documented, and the JSON shape is a contract (docs/formats.md).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalog::Confidence;
use crate::date::Date;
use crate::inventory::{Finding, Site};
use crate::request::{LaunchpadExecutor, Policy, Request, State};
use crate::requirement::Requirement;
use crate::table::RuleId;
pub use crate::text::Text;
use crate::version::{Product, Version};

mod load;

pub use load::{MAX_PLAN_BYTES, MAX_PLAN_HOPS, MAX_PLAN_STEPS, PlanError};

/// The schema version of the plan JSON this library writes.
pub const PLAN_SCHEMA_VERSION: u32 = 1;

/// One move of one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
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
#[non_exhaustive]
pub struct Step {
    /// Stable and unique within the plan (`hop-2/backup-msr`).
    pub id: Text,
    /// The hop it belongs to, from 1; 0 for plan-wide steps.
    pub hop: usize,
    /// When it happens.
    pub phase: Phase,
    // The texts of a step are `Text`s: most of a runbook is the templates' fixed text, which
    // a plan borrows, and the rest shares one buffer per plan (a plan has hundreds of
    // steps). Read them as `&str`.
    /// What to do, in words.
    pub title: Text,
    /// The exact command, where there is one; site-specific values are placeholders such as
    /// `<mke-url>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Text>,
    /// Whether running it again is safe.
    pub rerun_safe: bool,
    /// The node it runs on, where that matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<Text>,
    /// What the operator should know while doing it (why, what to expect, what if it fails).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Whether an installer can carry it out with no terminal and no prompt, given the
    /// environment variables of `env`: its command runs as printed, or it only informs. A
    /// step that needs a person (no command the vendor documents, or an interactive one) is
    /// `false`, and its note says why.
    #[serde(default)]
    pub unattended: bool,
    /// The environment variables its command reads (`MKE_PASSWORD`): secrets are passed by
    /// name, never as argument values, so set them in the environment that runs the command.
    #[serde(default)]
    pub env: Vec<String>,
    /// The vendor document its command or check follows: a URL, or a repository file at a
    /// commit. Every step with a command has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// The shell its command is written for: `bash` (the default, left out of the JSON) or
    /// `powershell` (a Windows node's MCR install).
    #[serde(default, skip_serializing_if = "Shell::is_bash")]
    pub shell: Shell,
}

/// The shell a step's command is written for.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Shell {
    /// A POSIX shell on a Linux node (bash).
    #[default]
    Bash,
    /// Windows PowerShell on a Windows node.
    #[serde(rename = "powershell")]
    PowerShell,
}

impl Shell {
    /// Whether it is bash (the default).
    pub fn is_bash(&self) -> bool {
        *self == Shell::Bash
    }
}

/// Something to download or mirror before the upgrade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Artifact {
    /// What kind of thing it is.
    pub kind: ArtifactKind,
    /// The image reference, package names with channel, or bundle file name.
    pub name: String,
    /// The hops that need it, from 1.
    pub hops: Vec<usize>,
    /// Where the vendor gives it: its download URL, or the vendor page that lists it (for a
    /// file the plan builds with the vendor's tools, the page of that command).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Offline: the lines that fetch it on a machine with internet access (they are also in
    /// the `plan/download-bundles` step). Absent where the sources give no command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download: Option<String>,
    /// Offline: the local file or directory the site's steps use it from, copied to the
    /// machines that read it. Absent for what its download pushes into the site's registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
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
    /// Operating-system packages from a Mirantis repository channel, a Helm chart or a
    /// binary such as mkectl.
    Package,
    /// A file carried into an offline site: images saved to load with `docker load`, or a
    /// vendor bundle.
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
    /// A target stops short of a newer release that only a migration reaches, and the
    /// request does not allow migrations.
    MigrationBeyondTarget,
    /// A product the request does not name is moved, because another product's target
    /// requires it.
    MovedNotNamed,
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
            WarningCode::MigrationBeyondTarget => "migration-beyond-target",
            WarningCode::MovedNotNamed => "moved-not-named",
        }
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A warning carried by a plan: its code and what it is about, as data. Its sentence (the
/// `Display` of a warning, and the `message` of the plan's JSON) is written by the render
/// layer; installers match on [`Warning::code`] and the fields of [`Warning::subject`].
///
/// Two warnings are equal when their codes and sentences are: a warning read back from a
/// plan file ([`WarningSubject::Recorded`]) equals the one that was written.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Warning {
    /// What it is about.
    pub code: WarningCode,
    /// The values it names.
    pub subject: WarningSubject,
}

impl Warning {
    /// A warning about `subject`, with the code the subject has. (A recorded subject only
    /// comes from reading a plan file, with the code written there.)
    pub(crate) fn new(subject: WarningSubject) -> Warning {
        let code = match &subject {
            WarningSubject::UnlistedVersion { .. } => WarningCode::UnlistedVersion,
            WarningSubject::StartIncompatible { .. } => WarningCode::StartIncompatible,
            WarningSubject::NotNewestOfMajor { .. } | WarningSubject::McrNotNewest { .. } => {
                WarningCode::RecommendationNotFollowed
            }
            WarningSubject::PastEol { .. } => WarningCode::PastEol,
            WarningSubject::WeakRelease { .. }
            | WarningSubject::WeakEntry { .. }
            | WarningSubject::UntabledHop { .. } => WarningCode::LowConfidence,
            WarningSubject::Preflight(_) | WarningSubject::Recorded(_) => WarningCode::Preflight,
            WarningSubject::MigrationBeyondTarget { .. } => WarningCode::MigrationBeyondTarget,
            WarningSubject::MovedNotNamed { .. } => WarningCode::MovedNotNamed,
        };
        Warning { code, subject }
    }
}

/// What a [`Warning`] names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningSubject {
    /// A current version the catalog does not list (its line is): the plan treats it as a
    /// release of its line.
    UnlistedVersion {
        /// The product.
        product: Product,
        /// The installed version.
        version: Version,
    },
    /// The starting state already breaks a compatibility entry; the plan adds no new
    /// violation.
    StartIncompatible {
        /// The entry's `when`.
        when: Requirement,
        /// The entry's `requires`.
        requires: Requirement,
    },
    /// A major upgrade that does not start from the newest release of its major (the vendor
    /// strongly recommends it).
    NotNewestOfMajor {
        /// The product.
        product: Product,
        /// The hop's start.
        from: Version,
        /// The hop's end.
        to: Version,
        /// The newest release of `from`'s major.
        newest: Version,
    },
    /// An MKE hop made while MCR is not on the newest release compatible with both MKE
    /// versions.
    McrNotNewest {
        /// The MKE hop's start.
        from: Version,
        /// The MKE hop's end.
        to: Version,
        /// The newest MCR release compatible with both.
        best: Version,
        /// The MCR release installed.
        current: Version,
    },
    /// A stop or target past its end of life on the request's date.
    PastEol {
        /// The product.
        product: Product,
        /// The release.
        version: Version,
        /// Its end of life.
        eol: Date,
        /// The request's date.
        as_of: Date,
    },
    /// A release known only from low-confidence or inferred sources that the plan uses.
    WeakRelease {
        /// The product.
        product: Product,
        /// The release.
        version: Version,
        /// How weak its sources are.
        confidence: Confidence,
        /// Why the plan uses it anyway.
        reason: WeakReleaseReason,
    },
    /// A compatibility entry of low or inferred confidence that the plan relies on.
    WeakEntry {
        /// The entry's `when`.
        when: Requirement,
        /// The entry's `requires`.
        requires: Requirement,
        /// How weak its sources are.
        confidence: Confidence,
    },
    /// A hop that no vendor upgrade-path table lists (MKE 4.1 -> 4.2): it rests on a page
    /// that describes such upgrades only in general.
    UntabledHop {
        /// The product.
        product: Product,
        /// The hop's start.
        from: Version,
        /// The hop's end.
        to: Version,
    },
    /// A preflight finding on the inventory (a warning, or an error the request accepted).
    Preflight(Finding),
    /// The target of `product` (`latest`, a major or a line) ends on `reached`, while a
    /// newer release, `release`, exists that only a migration with `tool` reaches: the
    /// request does not allow migrations.
    MigrationBeyondTarget {
        /// The product.
        product: Product,
        /// Where the plan leaves it.
        reached: Version,
        /// The newest release a migration reaches.
        release: Version,
        /// The migration's tool.
        tool: String,
    },
    /// `product`, which the request does not name, moves from `from` to `to` because the
    /// other products' targets require it: the compatibility entries (`when`, `requires`)
    /// that its starting version breaks once they are there, and the gates' requirements on
    /// it that the plan's hops need.
    MovedNotNamed {
        /// The product.
        product: Product,
        /// Its installed version.
        from: Version,
        /// Where the plan leaves it.
        to: Version,
        /// The compatibility entries its installed version breaks at the plan's end.
        entries: Vec<(Requirement, Requirement)>,
        /// The gates' requirements on it, for hops of other products.
        gates: Vec<Requirement>,
    },
    /// A warning read back from a plan file: the sentence as the file has it.
    Recorded(String),
}

/// Why a plan uses a release of weak confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WeakReleaseReason {
    /// The request names it as a target.
    Named,
    /// The cluster runs it.
    Installed,
    /// No documented release of its line serves the plan.
    NoDocumentedRelease,
}

// A warning as the plan's JSON has it: `{"code": ..., "message": ...}`. The render layer
// writes it from a `Warning` (with the reporter's sentence); reading it back gives a
// `WarningSubject::Recorded`. Its doc comments are the JSON Schema's descriptions.
/// A warning carried by a plan.
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "Warning")]
pub(crate) struct WarningJson<'a> {
    /// What it is about.
    pub code: WarningCode,
    /// One sentence naming the values.
    pub message: Cow<'a, str>,
}

impl<'de> Deserialize<'de> for Warning {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Warning, D::Error> {
        let wire = WarningJson::deserialize(deserializer)?;
        Ok(Warning {
            code: wire.code,
            subject: WarningSubject::Recorded(wire.message.into_owned()),
        })
    }
}

impl schemars::JsonSchema for Warning {
    fn schema_name() -> Cow<'static, str> {
        WarningJson::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        WarningJson::json_schema(generator)
    }
}

/// A supported upgrade plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
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
#[non_exhaustive]
pub struct Placeholder {
    /// As it appears in the steps, brackets included (`<mke-url>`).
    pub name: Text,
    /// What to put there, and the site value or flag that fills it when there is one.
    pub meaning: Text,
    /// The ids of the steps that carry it.
    pub steps: Vec<Text>,
}

/// What a plan was made under, besides its hops: everything that decides its steps and its
/// validity, so that `validate` and `resume` judge the plan as it was made.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[non_exhaustive]
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
    /// The Launchpad config that performs the hops it can (`--executor launchpad`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launchpad: Option<LaunchpadExecutor>,
}

/// Which catalog a plan was made from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[non_exhaustive]
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
            launchpad: self.launchpad.clone(),
            ..Request::default()
        }
    }
}

/// The hops of a plan without its runbook: what a fleet tool needs to know about each cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
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

impl Plan {
    /// The state before the first hop and after each hop, for callers that walk a plan.
    pub fn states(&self) -> Vec<State> {
        let mut state = self.from.clone();
        let mut states = vec![state.clone()];
        for hop in &self.hops {
            match &hop.to {
                Some(to) => state.insert(hop.product, to.clone()),
                None => state.remove(&hop.product),
            };
            states.push(state.clone());
        }
        states
    }

    /// The steps an installer cannot carry out (`unattended: false`), in plan order: what
    /// `plan --unattended` refuses with (`needs-person`) while any remains.
    pub fn needs_person(&self) -> Vec<&Step> {
        self.steps.iter().filter(|step| !step.unattended).collect()
    }
}
