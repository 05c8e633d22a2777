//! The steps of a plan: their ids, phases and order, and their content derived again from
//! the runbook (edited, missing or added steps), and the catalog the plan was made from.

use std::collections::{BTreeMap, BTreeSet};

use super::{Checker, Location, StepChange, ViolationCode, ViolationSubject};
use crate::plan::{CatalogIdentity, Phase, Plan, Step};
use crate::request::State;
use crate::runbook::Runbook;
use crate::text::Text;

impl Checker<'_> {
    /// Warns when the plan names another catalog than this one.
    pub(super) fn catalog_identity(&mut self, plan: &Plan) {
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
    pub(super) fn step_content(&mut self, plan: &Plan, states: &[State]) {
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

    /// Reports each step an installer cannot run unattended, for a plan that is to be.
    pub(super) fn needs_person(&mut self, plan: &Plan) {
        for (index, step) in plan.steps.iter().enumerate() {
            if !step.unattended {
                self.report(
                    ViolationCode::NeedsPerson,
                    Location::Step(index),
                    ViolationSubject::NeedsPerson {
                        id: step.id.clone(),
                        title: step.title.clone(),
                    },
                );
            }
        }
    }

    /// Reports an edited step, or accepts it as a warning when the plan's `edited` names it.
    pub(super) fn edited(&mut self, plan: &Plan, index: usize, expected: &Step, actual: &Step) {
        let change = if expected.command == actual.command
            && (expected.unattended != actual.unattended || expected.env != actual.env)
        {
            StepChange::Execution {
                expected_unattended: expected.unattended,
                found_unattended: actual.unattended,
                expected_env: expected.env.clone(),
                found_env: actual.env.clone(),
            }
        } else if expected.command == actual.command {
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

    pub(super) fn steps(&mut self, plan: &Plan) {
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
