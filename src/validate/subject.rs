//! What a violation names: one variant per sentence, which render writes.

#[allow(unused_imports, reason = "named by the doc links")]
use super::{Location, Violation, ViolationCode};
use crate::classify::HopProblem;
use crate::plan::{CatalogIdentity, Hop, Phase, Step};
use crate::request::State;
use crate::requirement::Requirement;
use crate::table::RuleId;
use crate::text::Text;
use crate::version::{Product, Version};

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
    /// [`ViolationCode::NeedsPerson`]: a step needs a person, and the plan is to run
    /// unattended.
    NeedsPerson {
        /// The step's id.
        id: Text,
        /// The step's title.
        title: Text,
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
    /// The command is the same; the title, phase, node, note or source changed.
    Details {
        /// The runbook's title.
        expected: Text,
        /// The plan's title.
        found: Text,
    },
    /// The command is the same; whether an installer may run it unattended, or the
    /// environment variables it reads, changed.
    Execution {
        /// The runbook's `unattended`.
        expected_unattended: bool,
        /// The plan's `unattended`.
        found_unattended: bool,
        /// The runbook's `env`.
        expected_env: Vec<String>,
        /// The plan's `env`.
        found_env: Vec<String>,
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
