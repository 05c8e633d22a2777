//! An independent plan validator. It re-derives everything from the catalog and the rules
//! and never calls the search, so a plan read back from JSON, edited by a person, or written
//! by another tool is judged on its own.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::catalog::{Catalog, Gate};
use crate::classify::{HopProblem, assess_hop, classify, gates_guarding};
use crate::inventory::Severity;
use crate::plan::{CatalogIdentity, Conditions, Hop, Phase, Plan, Step};
use crate::request::State;
use crate::requirement::Requirement;
use crate::runbook::Runbook;
use crate::table::RuleId;
use crate::text::Text;
use crate::version::{Product, Version};

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

/// What a [`Violation`] names: one variant per sentence. Hops are numbered from 1, step
/// indexes count from 0, as in [`Location`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViolationSubject {
    /// [`ViolationCode::CatalogChanged`]: the plan was made from another catalog.
    CatalogChanged {
        /// The catalog the plan records.
        recorded: CatalogIdentity,
        /// The catalog it is validated against.
        current: CatalogIdentity,
    },
    /// [`ViolationCode::StepMissing`]: a step the runbook derives is not in the plan.
    StepMissing {
        /// The step the runbook derives.
        step: Step,
    },
    /// [`ViolationCode::StepAdded`]: the plan has a step the runbook does not derive.
    StepAdded {
        /// The plan's step.
        step: Step,
    },
    /// [`ViolationCode::StepEdited`]: a step is not where the runbook puts it.
    StepOutOfPlace {
        /// The step's id.
        id: Text,
        /// The id of the step the runbook puts it before.
        before: Text,
    },
    /// [`ViolationCode::StepEdited`]: a step's content differs from the runbook's.
    StepEdited {
        /// The step's id.
        id: Text,
        /// What differs.
        change: StepChange,
    },
    /// [`ViolationCode::StepEditAccepted`]: a step the plan's `edited` list names differs from
    /// the runbook's.
    StepEditAccepted {
        /// The step's id.
        id: Text,
        /// What differs.
        change: StepChange,
    },
    /// [`ViolationCode::CompatibilityViolation`]: the state after a hop breaks an entry the
    /// start did not break.
    CompatibilityBroken {
        /// The hop's number.
        number: usize,
        /// The hop.
        hop: Hop,
        /// The entry's `when`.
        when: Requirement,
        /// The entry's `requires`.
        requires: Requirement,
        /// The state after the hop.
        state: State,
    },
    /// [`ViolationCode::PlanToMismatch`]: the plan's `to` is not where its hops end.
    PlanToMismatch {
        /// The plan's `to`.
        to: State,
        /// The state after the last hop.
        end: State,
    },
    /// [`ViolationCode::HopFromMismatch`]: a hop starts from another version than the
    /// product's at that point.
    HopFromMismatch {
        /// The hop's number.
        number: usize,
        /// The hop.
        hop: Hop,
        /// The product's version at that point.
        current: Version,
    },
    /// [`ViolationCode::HopFromMismatch`]: a hop moves a product that is not installed.
    NotInstalled {
        /// The hop's number.
        number: usize,
        /// The product.
        product: Product,
    },
    /// [`ViolationCode::UnknownVersion`]: a hop goes to a version the catalog does not list.
    UnknownVersion {
        /// The hop's number.
        number: usize,
        /// The product.
        product: Product,
        /// The hop's `to`.
        to: Version,
    },
    /// [`ViolationCode::PreReleaseStop`]: a hop stops on a pre-release that is not the
    /// product's last stop.
    PreReleaseStop {
        /// The hop's number.
        number: usize,
        /// The product.
        product: Product,
        /// The pre-release.
        to: Version,
    },
    /// [`ViolationCode::BlockedRelease`]: a hop installs a blocked release.
    BlockedInstall {
        /// The hop's number.
        number: usize,
        /// The product.
        product: Product,
        /// The release.
        to: Version,
        /// The catalog's reason.
        reason: String,
    },
    /// [`ViolationCode::RuleMismatch`]: a hop declares another rule than its own.
    RuleMismatch {
        /// The hop's number.
        number: usize,
        /// The hop, with its declared rule.
        hop: Hop,
        /// Its real rule.
        real: RuleId,
    },
    /// [`ViolationCode::EmptyHop`]: a hop moves a product to the version it is on.
    EmptyHop {
        /// The hop's number.
        number: usize,
        /// The product.
        product: Product,
        /// The version.
        from: Version,
    },
    /// [`ViolationCode::Downgrade`], [`ViolationCode::BlockedRelease`],
    /// [`ViolationCode::MigrationNotAllowed`] or [`ViolationCode::RuleRefused`]: the rules do
    /// not allow a hop.
    NotAllowed {
        /// The hop's number.
        number: usize,
        /// The hop.
        hop: Hop,
        /// The table's row for its versions, or [`RuleId::Migration`].
        rule: RuleId,
        /// Why it is not allowed.
        problem: HopProblem,
    },
    /// [`ViolationCode::GateOrder`]: the plan met a gate's requirements out of the order the
    /// gate lists.
    GateOrder {
        /// The hop's number.
        number: usize,
        /// The hop.
        hop: Hop,
        /// The gate's requirements, in their order.
        requires: Vec<Requirement>,
        /// The gate's reason.
        reason: String,
    },
    /// [`ViolationCode::GateNotMet`]: a gate's requirement does not hold before its hop.
    GateNotMet {
        /// The hop's number.
        number: usize,
        /// The hop.
        hop: Hop,
        /// The requirement.
        requirement: Requirement,
        /// The required product's version before the hop (`None`: not installed).
        now: Option<Version>,
        /// The gate's reason.
        reason: String,
    },
    /// [`ViolationCode::UnansweredFact`]: a gate on a fact does not hold before its hop, and
    /// the plan's conditions do not answer the fact.
    UnansweredFact {
        /// The hop's number.
        number: usize,
        /// The hop.
        hop: Hop,
        /// The requirement.
        requirement: Requirement,
        /// The required product's version before the hop (`None`: not installed).
        now: Option<Version>,
        /// The gate's reason.
        reason: String,
        /// The fact.
        fact: String,
    },
    /// [`ViolationCode::Order`]: a hop of a later product in the documented order needlessly
    /// precedes the next hop, of an earlier one.
    Order {
        /// The first hop's number (the second is the next).
        number: usize,
        /// The first hop.
        first: Hop,
        /// The second hop.
        second: Hop,
    },
    /// [`ViolationCode::DuplicateStepId`]: two steps share an id.
    DuplicateStepId {
        /// The id.
        id: Text,
        /// The index of the first step with it.
        first: usize,
        /// The index of this one.
        index: usize,
    },
    /// [`ViolationCode::DanglingStep`]: a step points at a hop the plan does not have.
    DanglingStep {
        /// The step's id.
        id: Text,
        /// The hop it points at.
        hop: usize,
        /// How many hops the plan has.
        hops: usize,
    },
    /// [`ViolationCode::MissingStep`]: a hop has no step of a phase.
    MissingStep {
        /// The hop's number.
        number: usize,
        /// The hop.
        hop: Hop,
        /// The phase: [`Phase::Backup`], [`Phase::Upgrade`] or [`Phase::Verify`].
        phase: Phase,
    },
    /// [`ViolationCode::MissingStep`]: a hop's steps are not in the order backup, upgrade,
    /// verify.
    StepsOutOfOrder {
        /// The hop's number.
        number: usize,
    },
}

/// How an edited step differs from the one the runbook derives.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StepChange {
    /// The command is the same; the title, phase, node or note changed.
    Details {
        /// The runbook's title.
        expected: Text,
        /// The plan's title.
        found: Text,
    },
    /// The command changed (or one of the two steps has none).
    Command {
        /// The runbook's command (`None`: its step has none).
        expected: Option<Text>,
        /// The plan's command (`None`: its step has none).
        found: Option<Text>,
        /// The runbook's title, which names a step without a command.
        expected_title: Text,
        /// The plan's title, which names a step without a command.
        found_title: Text,
    },
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
/// warns when the plan was made from another catalog.
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

    /// Warns when the plan names another catalog than this one.
    fn catalog_identity(&mut self, plan: &Plan) {
        let Some(recorded) = plan.conditions.as_ref().map(|c| &c.catalog) else {
            return;
        };
        if recorded.digest == self.catalog.digest() {
            return;
        }
        self.report(
            ViolationCode::CatalogChanged,
            Location::Plan,
            ViolationSubject::CatalogChanged {
                recorded: recorded.clone(),
                current: CatalogIdentity {
                    digest: self.catalog.digest().to_owned(),
                    version: self.catalog.version().map(str::to_owned),
                },
            },
        );
    }

    /// Derives the steps again from the hops and the conditions, and compares them with the
    /// plan's, id by id.
    fn step_content(&mut self, plan: &Plan, states: &[State]) {
        let request = self.conditions.request();
        // `walk` gives one state more than there are hops.
        let before = states.get(..plan.hops.len()).unwrap_or(states);
        let (expected, _) = Runbook::new(self.catalog, &request).build(&plan.hops, before);
        let found: BTreeMap<&str, (usize, &Step)> = plan
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| (step.id.as_str(), (i, step)))
            .collect();
        let wanted: BTreeSet<&str> = expected.iter().map(|s| s.id.as_str()).collect();
        let mut order: Vec<&str> = Vec::new();
        for step in &expected {
            let Some((index, actual)) = found.get(step.id.as_str()) else {
                self.report(
                    ViolationCode::StepMissing,
                    Location::Hop(step.hop),
                    ViolationSubject::StepMissing { step: step.clone() },
                );
                continue;
            };
            order.push(step.id.as_str());
            if *actual != step {
                self.edited(plan, *index, step, actual);
            }
        }
        for (index, step) in plan.steps.iter().enumerate() {
            if !wanted.contains(step.id.as_str()) {
                self.report(
                    ViolationCode::StepAdded,
                    Location::Step(index),
                    ViolationSubject::StepAdded { step: step.clone() },
                );
            }
        }
        let present: Vec<&str> = plan
            .steps
            .iter()
            .map(|s| s.id.as_str())
            .filter(|id| wanted.contains(id))
            .collect();
        if let Some((at, (there, id))) = present
            .iter()
            .zip(&order)
            .enumerate()
            .find(|(_, (there, expected))| there != expected)
        {
            let index = found.get(id).map_or(at, |(i, _)| *i);
            self.report(
                ViolationCode::StepEdited,
                Location::Step(index),
                ViolationSubject::StepOutOfPlace {
                    id: Text::from((*id).to_owned()),
                    before: Text::from((*there).to_owned()),
                },
            );
        }
    }

    /// Reports an edited step, or accepts it as a warning when the plan's `edited` names it.
    fn edited(&mut self, plan: &Plan, index: usize, expected: &Step, actual: &Step) {
        let change = if expected.command == actual.command {
            StepChange::Details {
                expected: expected.title.clone(),
                found: actual.title.clone(),
            }
        } else {
            StepChange::Command {
                expected: expected.command.clone(),
                found: actual.command.clone(),
                expected_title: expected.title.clone(),
                found_title: actual.title.clone(),
            }
        };
        let id = actual.id.clone();
        let (code, subject) = if plan.edited.iter().any(|edited| *edited == *actual.id) {
            (
                ViolationCode::StepEditAccepted,
                ViolationSubject::StepEditAccepted { id, change },
            )
        } else {
            (
                ViolationCode::StepEdited,
                ViolationSubject::StepEdited { id, change },
            )
        };
        self.report(code, Location::Step(index), subject);
    }

    /// The compatibility entries a state breaks, by index.
    fn broken(&self, state: &State) -> BTreeSet<usize> {
        self.catalog
            .compatibility()
            .iter()
            .enumerate()
            .filter(|(_, entry)| {
                let when = state
                    .get(&entry.when.product())
                    .is_some_and(|v| entry.when.matches(v));
                let ok = state
                    .get(&entry.requires.product())
                    .is_some_and(|v| entry.requires.matches(v));
                when && !ok
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Follows the hops from `plan.from`, checking each; returns the state before each hop and
    /// the final state.
    fn walk(&mut self, plan: &Plan) -> Vec<State> {
        let mut state = plan.from.clone();
        let start_broken = self.broken(&state);
        let mut states = vec![state.clone()];
        for (number, hop) in (1_usize..).zip(&plan.hops) {
            let later = plan.hops.get(number..).unwrap_or_default();
            let is_last_of_product = later.iter().all(|h| h.product != hop.product);
            self.hop(number, hop, &state, is_last_of_product);
            let before = state.clone();
            match &hop.to {
                Some(to) => state.insert(hop.product, to.clone()),
                None => state.remove(&hop.product),
            };
            let broken = self.orders_broken(hop.product, &before, &state);
            self.broken_orders.extend(broken);
            for e in self.broken(&state).difference(&start_broken) {
                // `broken` gives positions in this catalog's compatibility list.
                let Some(entry) = self.catalog.compatibility().get(*e) else {
                    continue;
                };
                let subject = ViolationSubject::CompatibilityBroken {
                    number,
                    hop: hop.clone(),
                    when: entry.when.clone(),
                    requires: entry.requires.clone(),
                    state: state.clone(),
                };
                self.report(
                    ViolationCode::CompatibilityViolation,
                    Location::Hop(number),
                    subject,
                );
            }
            states.push(state.clone());
        }
        if state != plan.to {
            self.report(
                ViolationCode::PlanToMismatch,
                Location::Plan,
                ViolationSubject::PlanToMismatch {
                    to: plan.to.clone(),
                    end: state.clone(),
                },
            );
        }
        states
    }

    fn hop(&mut self, number: usize, hop: &Hop, state: &State, is_last_of_product: bool) {
        let at = Location::Hop(number);
        match (state.get(&hop.product), &hop.from) {
            (Some(current), Some(from)) if current == from => {}
            (None, None) => {}
            (Some(current), _) => self.report(
                ViolationCode::HopFromMismatch,
                at,
                ViolationSubject::HopFromMismatch {
                    number,
                    hop: hop.clone(),
                    current: current.clone(),
                },
            ),
            (None, Some(_)) => self.report(
                ViolationCode::HopFromMismatch,
                at,
                ViolationSubject::NotInstalled {
                    number,
                    product: hop.product,
                },
            ),
        }
        let Some(to) = &hop.to else {
            // An uninstall: only its rule can be wrong.
            self.expect_rule(number, hop, RuleId::Uninstall);
            return;
        };
        if self.catalog.release(hop.product, to).is_none() {
            self.report(
                ViolationCode::UnknownVersion,
                at,
                ViolationSubject::UnknownVersion {
                    number,
                    product: hop.product,
                    to: to.clone(),
                },
            );
        }
        if to.is_pre_release() && !is_last_of_product {
            self.report(
                ViolationCode::PreReleaseStop,
                at,
                ViolationSubject::PreReleaseStop {
                    number,
                    product: hop.product,
                    to: to.clone(),
                },
            );
        }
        if let Some(from) = &hop.from {
            // A blocked target is reported by the table check, with the catalog's reason.
            self.table(number, hop, from, to);
        } else {
            self.expect_rule(number, hop, RuleId::Install);
            if let Some(reason) = self
                .catalog
                .release(hop.product, to)
                .and_then(|r| r.blocked.clone())
            {
                self.report(
                    ViolationCode::BlockedRelease,
                    at,
                    ViolationSubject::BlockedInstall {
                        number,
                        product: hop.product,
                        to: to.clone(),
                        reason,
                    },
                );
            }
        }
        self.gates(number, hop, to, state);
    }

    /// Reports a rule other than `expected` (for installs and uninstalls).
    fn expect_rule(&mut self, number: usize, hop: &Hop, expected: RuleId) {
        if hop.rule != expected {
            self.report(
                ViolationCode::RuleMismatch,
                Location::Hop(number),
                ViolationSubject::RuleMismatch {
                    number,
                    hop: hop.clone(),
                    real: expected,
                },
            );
        }
    }

    fn table(&mut self, number: usize, hop: &Hop, from: &Version, to: &Version) {
        let at = Location::Hop(number);
        let Some(assessment) = assess_hop(
            self.catalog,
            hop.product,
            from,
            to,
            self.conditions.allow_migrations,
        ) else {
            self.report(
                ViolationCode::EmptyHop,
                at,
                ViolationSubject::EmptyHop {
                    number,
                    product: hop.product,
                    from: from.clone(),
                },
            );
            return;
        };
        if assessment.rule != hop.rule {
            let real = assessment.rule;
            self.report(
                ViolationCode::RuleMismatch,
                at,
                ViolationSubject::RuleMismatch {
                    number,
                    hop: hop.clone(),
                    real,
                },
            );
        }
        let Some(problem) = assessment.problem else {
            return;
        };
        let code = match problem {
            HopProblem::Downgrade => ViolationCode::Downgrade,
            HopProblem::Blocked { .. } => ViolationCode::BlockedRelease,
            HopProblem::MigrationRequired { .. } | HopProblem::NoMigrationFrom { .. } => {
                ViolationCode::MigrationNotAllowed
            }
            _ => ViolationCode::RuleRefused,
        };
        let rule = classify(self.catalog, hop.product, from, to).unwrap_or(RuleId::Migration);
        self.report(
            code,
            at,
            ViolationSubject::NotAllowed {
                number,
                hop: hop.clone(),
                rule,
                problem,
            },
        );
    }

    /// Whether a gate applies under the options: always without `if_fact`; with one, when
    /// the fact is true, and also when nobody answered it (the conservative reading: a plan
    /// whose route the answer could change is not valid without the answer).
    fn gate_applies(&self, gate: &Gate) -> bool {
        gate.if_fact
            .as_ref()
            .is_none_or(|fact| self.conditions.facts.get(fact).copied().unwrap_or(true))
    }

    /// The ordered gates (by index) whose sequence a hop of `product` from `before` to
    /// `after` breaks: it brings a requirement on `product` into its range while an earlier
    /// requirement of the gate does not hold.
    fn orders_broken(&self, product: Product, before: &State, after: &State) -> BTreeSet<usize> {
        let holds = |state: &State, requirement: &crate::requirement::Requirement| {
            state
                .get(&requirement.product())
                .is_some_and(|v| requirement.matches(v))
        };
        self.catalog
            .gates()
            .iter()
            .enumerate()
            .filter(|(_, gate)| gate.in_order && self.gate_applies(gate))
            .filter(|(_, gate)| {
                let requires = &gate.requires;
                requires.iter().enumerate().skip(1).any(|(j, requirement)| {
                    requirement.product() == product
                        && !holds(before, requirement)
                        && holds(after, requirement)
                        && requires.iter().take(j).any(|r| !holds(before, r))
                })
            })
            .map(|(index, _)| index)
            .collect()
    }

    fn gates(&mut self, number: usize, hop: &Hop, to: &Version, state: &State) {
        let applicable: Vec<_> = gates_guarding(self.catalog, hop.product, to)
            .filter(|gate| self.gate_applies(gate))
            .collect();
        for gate in applicable {
            let index = self
                .catalog
                .gates()
                .iter()
                .position(|g| std::ptr::eq(g, gate));
            if index.is_some_and(|i| self.broken_orders.contains(&i)) {
                self.report(
                    ViolationCode::GateOrder,
                    Location::Hop(number),
                    ViolationSubject::GateOrder {
                        number,
                        hop: hop.clone(),
                        requires: gate.requires.clone(),
                        reason: gate.reason.clone(),
                    },
                );
            }
            for requirement in &gate.requires {
                let holds = state
                    .get(&requirement.product())
                    .is_some_and(|v| requirement.matches(v));
                if holds {
                    continue;
                }
                let now = state.get(&requirement.product()).cloned();
                let (hop, requirement, reason) =
                    (hop.clone(), requirement.clone(), gate.reason.clone());
                let (code, subject) = match &gate.if_fact {
                    Some(fact) if !self.conditions.facts.contains_key(fact) => (
                        ViolationCode::UnansweredFact,
                        ViolationSubject::UnansweredFact {
                            number,
                            hop,
                            requirement,
                            now,
                            reason,
                            fact: fact.clone(),
                        },
                    ),
                    _ => (
                        ViolationCode::GateNotMet,
                        ViolationSubject::GateNotMet {
                            number,
                            hop,
                            requirement,
                            now,
                            reason,
                        },
                    ),
                };
                self.report(code, Location::Hop(number), subject);
            }
        }
    }

    /// Whether a hop may be taken from a state: gates before, no new compatibility violation
    /// after (the table's verdict does not depend on the other products).
    fn fits(&self, hop: &Hop, before: &State, start_broken: &BTreeSet<usize>) -> bool {
        // Installs and uninstalls keep their place: the order check is for upgrades.
        let Some(to) = &hop.to else { return false };
        if hop.from.is_none() {
            return false;
        }
        let gates_hold = gates_guarding(self.catalog, hop.product, to)
            .filter(|gate| self.gate_applies(gate))
            .all(|gate| {
                gate.requires
                    .iter()
                    .all(|r| before.get(&r.product()).is_some_and(|v| r.matches(v)))
            });
        let mut after = before.clone();
        after.insert(hop.product, to.clone());
        gates_hold && self.broken(&after).is_subset(start_broken)
    }

    /// Adjacent hops of two products against the documented order (MCR, MKE, MSR) that could
    /// be swapped: the later product's hop does not depend on the earlier one's.
    fn order(&mut self, plan: &Plan, states: &[State]) {
        let Some(start) = states.first() else { return };
        let start_broken = self.broken(start);
        // Hop `i` and the next, with the state before hop `i` (`states` starts before hop 1).
        for (i, (pair, before)) in (1_usize..).zip(plan.hops.windows(2).zip(states)) {
            let [first, second] = pair else { continue };
            if second.product >= first.product {
                continue;
            }
            let Some(second_to) = &second.to else {
                continue;
            };
            let mut middle = before.clone();
            middle.insert(second.product, second_to.clone());
            // A swap that would break an ordered gate's sequence is not needless.
            let breaks_sequence = !self
                .orders_broken(second.product, before, &middle)
                .is_empty();
            if !breaks_sequence
                && self.fits(second, before, &start_broken)
                && self.fits(first, &middle, &start_broken)
            {
                self.report(
                    ViolationCode::Order,
                    Location::Hop(i),
                    ViolationSubject::Order {
                        number: i,
                        first: first.clone(),
                        second: second.clone(),
                    },
                );
            }
        }
    }

    fn steps(&mut self, plan: &Plan) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (index, step) in plan.steps.iter().enumerate() {
            if let Some(first) = seen.insert(step.id.as_str(), index) {
                self.report(
                    ViolationCode::DuplicateStepId,
                    Location::Step(index),
                    ViolationSubject::DuplicateStepId {
                        id: step.id.clone(),
                        first,
                        index,
                    },
                );
            }
            if step.hop > plan.hops.len() {
                self.report(
                    ViolationCode::DanglingStep,
                    Location::Step(index),
                    ViolationSubject::DanglingStep {
                        id: step.id.clone(),
                        hop: step.hop,
                        hops: plan.hops.len(),
                    },
                );
            }
        }
        for (number, hop) in (1_usize..).zip(&plan.hops) {
            let phases: Vec<(usize, Phase)> = plan
                .steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.hop == number)
                .map(|(i, s)| (i, s.phase))
                .collect();
            let last = |phase: Phase| {
                phases
                    .iter()
                    .filter(|(_, p)| *p == phase)
                    .map(|(i, _)| *i)
                    .max()
            };
            let first = |phase: Phase| {
                phases
                    .iter()
                    .filter(|(_, p)| *p == phase)
                    .map(|(i, _)| *i)
                    .min()
            };
            for phase in [Phase::Backup, Phase::Upgrade, Phase::Verify] {
                if first(phase).is_none() {
                    self.report(
                        ViolationCode::MissingStep,
                        Location::Hop(number),
                        ViolationSubject::MissingStep {
                            number,
                            hop: hop.clone(),
                            phase,
                        },
                    );
                }
            }
            let in_order = |a: Phase, b: Phase| match (last(a), first(b)) {
                (Some(a), Some(b)) => a < b,
                _ => true,
            };
            if !in_order(Phase::Backup, Phase::Upgrade) || !in_order(Phase::Upgrade, Phase::Verify)
            {
                self.report(
                    ViolationCode::MissingStep,
                    Location::Hop(number),
                    ViolationSubject::StepsOutOfOrder { number },
                );
            }
        }
    }
}
