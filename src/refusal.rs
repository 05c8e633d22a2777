//! Why the library gives no plan: the [`Refusal`], and for a request with no supported path,
//! its [`Explanation`].

use serde::Serialize;

use crate::catalog::{Fact, Gate, LookupError, UnknownFact};
use crate::inventory::Finding;
use crate::request::{State, describe_state};
use crate::table::RuleId;
use crate::version::{Product, Version};

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
