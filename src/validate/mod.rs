//! An independent plan validator. It re-derives everything from the catalog and the rules
//! and never calls the search, so a plan read back from JSON, edited by a person, or written
//! by another tool is judged on its own.

mod hops;
mod steps;
mod subject;

pub use subject::{StepChange, ViolationSubject};

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::date::Date;
use crate::inventory::{Inventory, Severity, Site};
use crate::plan::{Conditions, Plan};
use crate::request::Policy;

/// Overrides of the conditions a plan records (its `conditions`). The validator judges a plan
/// under the conditions it was made with; a field set here replaces the recorded one (for a
/// plan written before plans recorded their conditions, or to ask "is it valid if MetalLB is
/// in use?").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationOptions {
    /// Facts for conditional gates (`metallb`), in place of the recorded ones.
    pub facts: Option<BTreeMap<String, bool>>,
    /// Whether migrations are allowed, in place of the recorded answer.
    pub allow_migrations: Option<bool>,
    /// The policy, in place of the recorded one.
    pub policy: Option<Policy>,
    /// Whether the site is offline, in place of the recorded answer.
    pub offline: Option<bool>,
    /// The date end-of-life is judged against, in place of the recorded one.
    pub as_of: Option<Date>,
    /// Site values: each one given replaces the recorded one.
    pub site: Site,
    /// An inventory: its site values and facts replace the recorded ones where the fields
    /// above leave them (as a request's inventory does), and a fresh plan checks it.
    pub inventory: Option<Inventory>,
    /// Preflight codes a fresh plan accepts ([`crate::Request::accept`]).
    pub accept: BTreeSet<String>,
    /// Whether the plan is to be run by an installer with no person at a terminal
    /// ([`crate::Request::unattended`]): each step that needs a person is then a
    /// [`ViolationCode::NeedsPerson`] error, and a fresh plan (`resume` off the plan) is
    /// refused while one remains.
    pub unattended: bool,
}

impl ValidationOptions {
    /// The conditions a plan is judged under: its own, with these overrides.
    pub fn conditions_for(&self, plan: &Plan) -> Conditions {
        let mut conditions = plan.conditions.clone().unwrap_or_else(|| Conditions {
            policy: plan.policy,
            offline: plan.offline,
            ..Conditions::default()
        });
        if let Some(facts) = &self.facts {
            conditions.facts.clone_from(facts);
        }
        if let Some(allow) = self.allow_migrations {
            conditions.allow_migrations = allow;
        }
        if let Some(policy) = self.policy {
            conditions.policy = policy;
        }
        if let Some(offline) = self.offline {
            conditions.offline = offline;
        }
        if self.as_of.is_some() {
            conditions.as_of = self.as_of;
        }
        let mut site = self.site.clone();
        if let Some(inventory) = &self.inventory {
            site = site.filled_from(inventory.site());
            for (fact, value) in &inventory.facts {
                if self.facts.as_ref().is_none_or(|f| !f.contains_key(fact)) {
                    conditions.facts.insert(fact.clone(), *value);
                }
            }
            if self.offline.is_none() {
                conditions.offline |= inventory.offline;
            }
            conditions.inventory_digest = Some(inventory.digest());
        }
        conditions.site = site.filled_from(std::mem::take(&mut conditions.site));
        conditions
    }
}

/// What is wrong with a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ViolationCode {
    /// A hop's `from` is not the product's version at that point, or the product is not
    /// installed.
    HopFromMismatch,
    /// The plan's `to` does not match the state after the last hop.
    PlanToMismatch,
    /// A hop leads to a version the catalog does not list.
    UnknownVersion,
    /// A hop goes nowhere (`from` equals `to`).
    EmptyHop,
    /// A hop goes backwards.
    Downgrade,
    /// The table (or the catalog's override) refuses the hop.
    RuleRefused,
    /// The hop's declared `rule` is not the hop's real classification.
    RuleMismatch,
    /// A hop lands on a blocked release.
    BlockedRelease,
    /// A migration the request does not allow, or one that does not start here.
    MigrationNotAllowed,
    /// A pre-release used as an intermediate stop.
    PreReleaseStop,
    /// A gate's requirement does not hold before its hop.
    GateNotMet,
    /// A gate that applies when a fact is true does not hold before its hop, and the plan's
    /// conditions do not answer the fact.
    UnansweredFact,
    /// A gate's requirements hold before its hop, but the plan met them out of the order the
    /// gate lists (`in_order`: MKE 3.8.11, then MCR 25.0.12, then MKE 3.9).
    GateOrder,
    /// A state breaks a compatibility entry that the start did not break.
    CompatibilityViolation,
    /// A hop of a later product in the documented order (MCR, MKE, MSR) comes right before a
    /// hop of an earlier one that it does not depend on.
    Order,
    /// A hop lacks its backup, upgrade or verify steps, or they are out of order.
    MissingStep,
    /// Two steps share an id.
    DuplicateStepId,
    /// A step points at a hop that does not exist.
    DanglingStep,
    /// A step's content (command, title, phase, node, note) is not what the runbook derives
    /// for its hop under the plan's conditions, or it is out of its place.
    StepEdited,
    /// A step the runbook derives for the plan is not in it.
    StepMissing,
    /// The plan has a step the runbook does not derive for it.
    StepAdded,
    /// A warning: a step the plan's `edited` list names differs from the runbook's, as the
    /// operator intended.
    StepEditAccepted,
    /// A warning: the plan was made from another catalog (another digest) than the one it is
    /// validated against; everything else is judged against the latter.
    CatalogChanged,
    /// The plan is to be run unattended ([`ValidationOptions::unattended`]) and a step needs
    /// a person (its `unattended` is false).
    NeedsPerson,
}

impl ViolationCode {
    /// The code as written in JSON (`rule-mismatch`).
    pub fn as_str(self) -> &'static str {
        match self {
            ViolationCode::HopFromMismatch => "hop-from-mismatch",
            ViolationCode::PlanToMismatch => "plan-to-mismatch",
            ViolationCode::UnknownVersion => "unknown-version",
            ViolationCode::EmptyHop => "empty-hop",
            ViolationCode::Downgrade => "downgrade",
            ViolationCode::RuleRefused => "rule-refused",
            ViolationCode::RuleMismatch => "rule-mismatch",
            ViolationCode::BlockedRelease => "blocked-release",
            ViolationCode::MigrationNotAllowed => "migration-not-allowed",
            ViolationCode::PreReleaseStop => "pre-release-stop",
            ViolationCode::GateNotMet => "gate-not-met",
            ViolationCode::UnansweredFact => "unanswered-fact",
            ViolationCode::GateOrder => "gate-order",
            ViolationCode::CompatibilityViolation => "compatibility-violation",
            ViolationCode::Order => "order",
            ViolationCode::MissingStep => "missing-step",
            ViolationCode::DuplicateStepId => "duplicate-step-id",
            ViolationCode::DanglingStep => "dangling-step",
            ViolationCode::StepEdited => "step-edited",
            ViolationCode::StepMissing => "step-missing",
            ViolationCode::StepAdded => "step-added",
            ViolationCode::StepEditAccepted => "step-edit-accepted",
            ViolationCode::CatalogChanged => "catalog-changed",
            ViolationCode::NeedsPerson => "needs-person",
        }
    }

    /// How serious it is: everything is an error, except an edit the plan's `edited` list
    /// accepts and a changed catalog, which are warnings.
    pub fn severity(self) -> Severity {
        match self {
            ViolationCode::StepEditAccepted | ViolationCode::CatalogChanged => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for ViolationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// The plan as a whole (`from`, `to`).
    Plan,
    /// A hop, numbered from 1 as in `steps[].hop`.
    Hop(usize),
    /// A step, by its index in `steps` (from 0).
    Step(usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Plan => f.write_str("plan"),
            Location::Hop(n) => write!(f, "hop {n}"),
            Location::Step(i) => write!(f, "steps[{i}]"),
        }
    }
}

/// One thing wrong with a plan: its code, where it is, and what it is about, as data. Its
/// sentence (the `Display` of [`Violation::subject`], [`Violation::message`], and the
/// `message` of the JSON answer) is written by the render layer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// What is wrong.
    pub code: ViolationCode,
    /// [`ViolationCode::severity`]: a plan is valid when no violation is an error.
    pub severity: Severity,
    /// Where.
    pub location: Location,
    /// The values it names.
    pub subject: ViolationSubject,
}

/// Validates a plan against a catalog, under the conditions the plan records (with the
/// overrides of `options`). Returns every violation, in plan order; the plan is a supported
/// plan when none is an error ([`Violation::severity`]).
///
/// It checks that each hop starts where the previous state left its product and that `from`
/// and `to` agree with the hops; that each hop is allowed by the table, is no downgrade, lands
/// on no blocked release, is a migration only when allowed, and declares its real rule; that
/// every gate holds before its hop and no state adds a compatibility violation the start did
/// not have; that no hop of a later product precedes, needlessly, a hop of an earlier one; and
/// that every hop has backup, upgrade and verify steps in that order, with unique step ids
/// that point at existing hops. When all of that holds, it derives the steps again from the
/// runbook (never from the search) and reports each step edited, missing or added; an edit
/// is accepted, as a warning, only for a step id the plan's `edited` list names. It also
/// warns when the plan was made from another catalog. With `options.unattended`, each step
/// that needs a person is an error.
///
/// Complexity: O(H·(C + G) + S) for H hops, C compatibility entries, G gates and S steps,
/// plus the runbook's cost of deriving the steps.
pub fn validate(plan: &Plan, catalog: &Catalog, options: &ValidationOptions) -> Vec<Violation> {
    let conditions = options.conditions_for(plan);
    let mut checker = Checker {
        catalog,
        conditions: &conditions,
        violations: Vec::new(),
        broken_orders: BTreeSet::new(),
    };
    checker.catalog_identity(plan);
    let states = checker.walk(plan);
    checker.order(plan, &states);
    checker.steps(plan);
    let clean = checker
        .violations
        .iter()
        .all(|v| v.severity == Severity::Warning);
    if clean {
        checker.step_content(plan, &states);
    }
    if options.unattended {
        checker.needs_person(plan);
    }
    checker.violations
}

struct Checker<'a> {
    catalog: &'a Catalog,
    conditions: &'a Conditions,
    violations: Vec<Violation>,
    /// The ordered gates (by index) whose sequence the hops so far have broken.
    broken_orders: BTreeSet<usize>,
}

impl Checker<'_> {
    fn report(&mut self, code: ViolationCode, location: Location, subject: ViolationSubject) {
        self.violations.push(Violation {
            code,
            severity: code.severity(),
            location,
            subject,
        });
    }
}
