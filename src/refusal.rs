//! Why the library gives no plan: the [`Refusal`], and for a request with no supported path,
//! its [`Explanation`].
//!
//! This module holds data only: every sentence about a refusal (its `Display`, the summary,
//! the blockers' messages and the hints' text) is written by the render layer.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Fact, Gate, LookupError, UnknownFact};
use crate::inventory::Finding;
use crate::request::{State, Target};
use crate::requirement::Requirement;
pub use crate::search::{Blocker, Obstacle};
use crate::version::{Product, Version};

/// A step of a plan that needs a person (`unattended: false`), as [`Refusal::NeedsPerson`]
/// names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct PersonStep {
    /// The step's id (`hop-2/verify-metadata-store`).
    pub id: String,
    /// What the step asks, in words.
    pub title: String,
    /// Why a person does it, where the step's note says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why there is no supported path, as data: what the request asked, how far the supported
/// hops get, what stops each way forward from there, and what the operator can do. The
/// sentences (`render::explanation_summary`, `render::explanation_text`) are written from it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation {
    /// The installed versions the request starts from.
    pub from: State,
    /// The request's targets.
    pub to: BTreeMap<Product, Target>,
    /// The furthest states the supported hops reach (closest to the targets first).
    pub furthest: Vec<State>,
    /// Each way forward from the first furthest state (from `from` when there is none), with
    /// what stops it.
    pub blockers: Vec<Blocker>,
    /// What the operator can do about it, without repeats.
    pub hints: Vec<Hint>,
}

/// One thing the operator can do about a request with no supported path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// Allow migrations, so that `product` can move by a migration with `tool`.
    AllowMigrations {
        /// The product that would migrate.
        product: Product,
        /// The migration's tool.
        tool: String,
    },
    /// The migration to `product` `version` starts only from `sources`: upgrade into one of
    /// them first.
    MigrateFrom {
        /// The product.
        product: Product,
        /// The version the migration would reach.
        version: Version,
        /// The versions the migrations start from.
        sources: Vec<Requirement>,
    },
    /// The migration to `product` `version` starts only from `sources`, and `product` is
    /// already past all of them (`current`): no upgrade leads there, since downgrades are not
    /// supported.
    MigrationSourcePassed {
        /// The product.
        product: Product,
        /// The version the migration would reach.
        version: Version,
        /// The versions the migrations start from.
        sources: Vec<Requirement>,
        /// Where the product is.
        current: Version,
    },
    /// `product` `version` is blocked in the catalog: choose another target.
    ChooseAnotherTarget {
        /// The product.
        product: Product,
        /// The blocked version.
        version: Version,
    },
    /// A gate stops the way: its reason says what to do.
    Gate {
        /// The gate's reason.
        reason: String,
    },
    /// A compatibility entry stops `product`, and what the other product of the entry can do
    /// about it.
    Compatibility {
        /// The product whose hop the entry stops.
        product: Product,
        /// The entry's position in the catalog's compatibility list
        /// ([`crate::Catalog::compatibility`]).
        entry: usize,
        /// The entry's `when`.
        when: Requirement,
        /// The entry's `requires`.
        requires: Requirement,
        /// Where the entry's other product stands.
        other: OtherProduct,
    },
    /// `product` is installed at `version`, which the catalog does not list, and its target
    /// keeps it there: the plan cannot move it, and only the entries that match `version`
    /// say what it allows of the other products.
    UnlistedKept {
        /// The product.
        product: Product,
        /// Its installed version, which the catalog does not list.
        version: Version,
        /// Its target in the request.
        target: Target,
    },
    /// No supported hop leads closer to the targets: the catalog may be missing releases.
    CheckCatalog,
}

/// Where the other product of a compatibility entry that stops a hop stands (the product of
/// the entry's side that the stopped product is not on).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtherProduct {
    /// The request names it at the version it is installed at, so it cannot move: choose
    /// another target for it.
    KeptAtTarget {
        /// The product.
        product: Product,
        /// Its target in the request.
        target: Target,
    },
    /// It is not installed.
    NotInstalled {
        /// The product.
        product: Product,
    },
    /// It is installed past the entry's range, and downgrades are not supported.
    PastRange {
        /// The product.
        product: Product,
        /// Its version in the furthest state.
        version: Version,
    },
    /// It can still move into the entry's range: move it there first.
    MoveIntoRange {
        /// The product.
        product: Product,
    },
}

/// A fact the plan depends on that the request does not answer, with the gates that ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct UnansweredFact {
    /// The fact, with its question.
    pub fact: Fact,
    /// The gates that apply when it is true and touch the plan.
    pub gates: Vec<Gate>,
}

/// A well-formed request that the library refuses, or input it cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// A target is older than the installed version.
    Downgrade {
        /// The product.
        product: Product,
        /// The installed version.
        from: Version,
        /// The target.
        to: Version,
    },
    /// The target is reached only by a migration, which the request does not allow.
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
    BlockedTarget {
        /// The product.
        product: Product,
        /// The target.
        version: Version,
        /// The catalog's reason.
        reason: String,
    },
    /// A version is not in the catalog.
    UnknownVersion(LookupError),
    /// A target names a product that is not installed.
    NotInstalled {
        /// The product.
        product: Product,
    },
    /// No sequence of supported hops reaches the targets.
    NoPath(Box<Explanation>),
    /// The target cannot be installed by a plan: MSR 3 and 4 install with Helm or their
    /// operator, and a target that no MKE release supports cannot be installed either.
    NotInstallable {
        /// The target as asked.
        target: String,
    },
    /// MSR `msr` installs by plan, but no release of `product` from its installed version
    /// `from` on is compatible with it (and with the others' versions before the install).
    InstallIncompatible {
        /// The MSR release to install.
        msr: Version,
        /// The product that cannot be brought to a compatible release.
        product: Product,
        /// Its installed version.
        from: Version,
    },
    /// MSR `msr` installs by plan, but a gate on it does not hold in the state before the
    /// install (a gate that needs an earlier MSR never holds for a first install).
    InstallGate {
        /// The MSR release to install.
        msr: Version,
        /// The gate's requirement that does not hold.
        requires: Requirement,
        /// The gate's reason.
        reason: String,
    },
    /// A fact name the catalog does not declare (in the request's facts or the inventory's).
    UnknownFact(UnknownFact),
    /// The plan depends on facts nobody answered: the answers lead to different plans.
    UnansweredFact(Vec<UnansweredFact>),
    /// The search generated its whole budget of joint states without telling whether a path
    /// exists (a catalog whose products can wander through very many combinations).
    SearchLimit {
        /// How many joint states it generated.
        explored: usize,
        /// The budget ([`crate::Planner::search_limit`]).
        limit: usize,
        /// The expanded state closest to the targets.
        furthest: State,
    },
    /// A step id (a `--done` of `resume`) that the plan does not have.
    UnknownStep {
        /// The id given.
        id: String,
        /// The plan's ids closest to it.
        nearest: Vec<String>,
    },
    /// A code to accept (`accept`, `--accept`) that no preflight finding has.
    UnknownAcceptCode {
        /// The code given.
        code: String,
        /// The known code nearest to it.
        nearest: String,
    },
    /// The inventory has preflight errors that the request did not accept.
    Preflight {
        /// The unaccepted errors.
        findings: Vec<Finding>,
    },
    /// A site value (given, or read from the inventory or the Launchpad config) that a shell
    /// would not read as one plain word: the commands carry site values as they are, so a
    /// space, a quote or a `;` would break a command or run another one.
    UnsafeSiteValue {
        /// Where it is: the site field (`backup_dir`, `nodes`, `replicas`) or `launchpad`.
        field: &'static str,
        /// The value as given.
        value: String,
    },
    /// The request is for an installer with no person at a terminal, and these steps of the
    /// plan need a person (`unattended: false`), in plan order.
    NeedsPerson {
        /// The steps.
        steps: Vec<PersonStep>,
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
            Refusal::NeedsPerson { .. } => "needs-person",
            Refusal::NotInstallable { .. }
            | Refusal::InstallIncompatible { .. }
            | Refusal::InstallGate { .. } => "not-installable",
            Refusal::UnknownFact(_) => "unknown-fact",
            Refusal::UnansweredFact(_) => "unanswered-fact",
            Refusal::UnknownStep { .. } => "unknown-step",
            Refusal::UnknownAcceptCode { .. } => "unknown-code",
            Refusal::UnsafeSiteValue { .. } => "bad-site-value",
            Refusal::SearchLimit { .. } => "search-limit",
        }
    }

    /// Whether the refusal is about malformed input (an unknown version) rather than a
    /// well-formed request that has no supported answer.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            Refusal::UnknownVersion(_)
                | Refusal::UnknownFact(_)
                | Refusal::UnknownStep { .. }
                | Refusal::UnknownAcceptCode { .. }
                | Refusal::UnsafeSiteValue { .. }
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

impl From<LookupError> for Refusal {
    fn from(error: LookupError) -> Refusal {
        Refusal::UnknownVersion(error)
    }
}

impl From<UnknownFact> for Refusal {
    fn from(error: UnknownFact) -> Refusal {
        Refusal::UnknownFact(error)
    }
}
