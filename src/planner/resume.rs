//! Resuming an interrupted plan: where the cluster is on the plan, what is left to do, and a
//! fresh plan when the cluster is not on the plan at all.

use std::collections::BTreeSet;

use super::Planner;
use crate::inventory::Severity;
use crate::plan::{Hop, Phase, Plan, Step};
use crate::refusal::Refusal;
use crate::request::{State, Target};
use crate::text::Text;
use crate::validate::{ValidationOptions, Violation};

/// Where an interrupted plan stands. Its paragraph for people (the `Display` of
/// [`Resume::subject`], [`Resume::message`], and the `message` of the JSON answer) is written
/// by the render layer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resume {
    /// Whether the observed versions are a state of the plan.
    pub on_plan: bool,
    /// The hops done: a hop is done when the observed versions are past it and none of its
    /// steps is left.
    pub hops_done: usize,
    /// The hop to do or finish next, from 1; `None` when the plan is complete or the cluster
    /// is off the plan.
    pub hop: Option<usize>,
    /// The steps left, in order: every step not marked done, except those `superseded`.
    pub remaining: Vec<Step>,
    /// The ids of the steps not marked done that can no longer be done: the steps up to the
    /// upgrade of a hop whose upgrade the observed versions show done.
    pub superseded: Vec<Text>,
    /// What the paragraph for people names.
    pub subject: ResumeSubject,
    /// Off the plan: a fresh plan from the observed versions to the plan's targets.
    pub fresh_plan: Option<Plan>,
}

/// What a [`Resume`] names: one variant per paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResumeSubject {
    /// The cluster is on the plan's last state and no step is left.
    Complete {
        /// The observed versions.
        observed: State,
    },
    /// The cluster is on a state of the plan before its end.
    Next {
        /// The observed versions.
        observed: State,
        /// The hops done.
        hops_done: usize,
        /// The plan's number of hops.
        hops: usize,
        /// The next hop's number, from 1.
        number: usize,
        /// The next hop.
        hop: Hop,
        /// Whether the next hop's upgrade is done already (the observed versions are past
        /// it), so that only its later steps are left.
        upgraded: bool,
        /// How many steps are left.
        steps_left: usize,
        /// The id of the next hop's last upgrade step, when all of them were marked done while
        /// the version has not moved (an interrupted upgrade).
        interrupted: Option<Text>,
        /// How many steps not marked done can no longer be done ([`Resume::superseded`]).
        superseded: usize,
    },
    /// The cluster is on the plan's last state, but steps are left (verify and post steps,
    /// plan-wide steps not marked done).
    Unfinished {
        /// The observed versions.
        observed: State,
        /// The plan's number of hops.
        hops: usize,
        /// How many steps are left.
        steps_left: usize,
    },
    /// The plan does not pass validation against the catalog: it is not resumed.
    InvalidPlan {
        /// The validator's errors.
        violations: Vec<Violation>,
    },
    /// The cluster is not on a state of the plan, and a fresh plan reaches the plan's `to`.
    OffPlan {
        /// The observed versions.
        observed: State,
        /// The plan's `to`.
        to: State,
        /// The fresh plan's number of hops.
        hops: usize,
    },
    /// The cluster is not on a state of the plan, and no fresh plan reaches the plan's `to`.
    OffPlanRefused {
        /// The observed versions.
        observed: State,
        /// The plan's `to`.
        to: State,
        /// Why no fresh plan reaches it.
        refusal: Refusal,
    },
}

impl Planner {
    /// Tells where the cluster stands on `plan`, given the versions observed now and the ids
    /// of the steps already done. Off the plan, it offers a fresh plan from the observed
    /// versions to the plan's `to`, under the conditions the plan records (facts, migrations,
    /// policy, site), with `overrides` applied.
    ///
    /// The plan is validated first (as `validate` does, under the same overrides): a plan
    /// with errors is answered with [`ResumeSubject::InvalidPlan`], never read for steps.
    ///
    /// A hop is done only when all its steps are done. The observed versions tell which
    /// hops' upgrades have happened; for those hops, the steps before the upgrade
    /// (precheck, backup, prepare, upgrade) that were not marked done can no longer be done
    /// and are reported as [`Resume::superseded`], while every other step not marked done
    /// (their verify and post steps, the plan-wide steps, every later hop's steps) is left, in
    /// plan order. So a plan whose steps were done in order, up to any step, resumes with
    /// exactly the steps after it.
    ///
    /// When every upgrade step of the next hop is marked done but its version has not
    /// moved, the upgrade was interrupted: an MSR hop resumes by running the same upgrade
    /// command again, as the MSR upgrade guide says, so its last upgrade step is listed again;
    /// other products' upgrade steps are not safe to re-run blindly, and the message says so.
    ///
    /// # Errors
    ///
    /// [`Refusal::UnknownStep`] for a done id that is not a step of the plan
    /// (`hop-9/upgrade-msr`), naming the nearest ids.
    pub fn resume(
        &self,
        plan: &Plan,
        observed: &State,
        done: &BTreeSet<String>,
        overrides: &ValidationOptions,
    ) -> Result<Resume, Refusal> {
        check_done(plan, done)?;
        let violations: Vec<Violation> = crate::validate::validate(plan, self.catalog(), overrides)
            .into_iter()
            .filter(|v| v.severity == Severity::Error)
            .collect();
        if !violations.is_empty() {
            return Ok(Resume {
                on_plan: false,
                hops_done: 0,
                hop: None,
                remaining: Vec::new(),
                superseded: Vec::new(),
                subject: ResumeSubject::InvalidPlan { violations },
                fresh_plan: None,
            });
        }
        let states = plan.states();
        let Some(upgraded) = states.iter().rposition(|state| state == observed) else {
            return Ok(self.off_plan(plan, observed, overrides));
        };
        // Hops are numbered from 1: the hop after the upgraded ones, when there is one.
        let next = upgraded.saturating_add(1);
        // Every upgrade step of the next hop marked done while its version has not moved:
        // the upgrade was interrupted, and its last upgrade step is the one to run again.
        let next_upgrades: Vec<&Step> = plan
            .steps
            .iter()
            .filter(|s| s.hop == next && s.phase == Phase::Upgrade)
            .collect();
        let interrupted = next_upgrades
            .last()
            .filter(|_| next_upgrades.iter().all(|s| done.contains(s.id.as_str())))
            .map(|step| step.id.clone());
        let moot = |s: &Step| s.hop != 0 && s.hop <= upgraded && s.phase <= Phase::Upgrade;
        let mut remaining = Vec::new();
        let mut superseded = Vec::new();
        for step in &plan.steps {
            let again = interrupted.as_ref() == Some(&step.id);
            if !again && done.contains(step.id.as_str()) {
                continue;
            }
            if !again && moot(step) {
                superseded.push(step.id.clone());
            } else {
                remaining.push(step.clone());
            }
        }
        // A hop is done when its upgrade happened and none of its steps is left.
        let hops_done = (1..=upgraded)
            .take_while(|number| remaining.iter().all(|s| s.hop != *number))
            .count();
        let subject = match plan.hops.get(hops_done) {
            None if remaining.is_empty() => ResumeSubject::Complete {
                observed: observed.clone(),
            },
            None => ResumeSubject::Unfinished {
                observed: observed.clone(),
                hops: plan.hops.len(),
                steps_left: remaining.len(),
            },
            Some(hop) => ResumeSubject::Next {
                observed: observed.clone(),
                hops_done,
                hops: plan.hops.len(),
                number: hops_done.saturating_add(1),
                hop: hop.clone(),
                upgraded: hops_done < upgraded,
                steps_left: remaining.len(),
                interrupted,
                superseded: superseded.len(),
            },
        };
        Ok(Resume {
            on_plan: true,
            hops_done,
            hop: (hops_done < plan.hops.len()).then(|| hops_done.saturating_add(1)),
            remaining,
            superseded,
            subject,
            fresh_plan: None,
        })
    }

    fn off_plan(&self, plan: &Plan, observed: &State, overrides: &ValidationOptions) -> Resume {
        let mut request = overrides.conditions_for(plan).request();
        request.from = observed.clone();
        request.to = plan
            .to
            .iter()
            .map(|(p, v)| (*p, Target::Exact(v.clone())))
            .collect();
        request.policy = overrides.policy.unwrap_or(plan.policy);
        request.inventory.clone_from(&overrides.inventory);
        request.accept.clone_from(&overrides.accept);
        request.unattended = overrides.unattended;
        let (observed, to) = (observed.clone(), plan.to.clone());
        let (subject, fresh_plan) = match self.plan(&request) {
            Ok(fresh) => (
                ResumeSubject::OffPlan {
                    observed,
                    to,
                    hops: fresh.hops.len(),
                },
                Some(fresh),
            ),
            Err(refusal) => (
                ResumeSubject::OffPlanRefused {
                    observed,
                    to,
                    refusal,
                },
                None,
            ),
        };
        Resume {
            on_plan: false,
            hops_done: 0,
            hop: None,
            remaining: Vec::new(),
            superseded: Vec::new(),
            subject,
            fresh_plan,
        }
    }
}

/// Refuses a done id that is not a step of the plan, naming the nearest ids.
fn check_done(plan: &Plan, done: &BTreeSet<String>) -> Result<(), Refusal> {
    let Some(unknown) = done
        .iter()
        .find(|id| !plan.steps.iter().any(|step| step.id == **id))
    else {
        return Ok(());
    };
    let ids: Vec<String> = plan.steps.iter().map(|step| step.id.to_string()).collect();
    Err(Refusal::UnknownStep {
        id: unknown.clone(),
        nearest: crate::catalog::nearest_names(unknown, &ids, 3),
    })
}
