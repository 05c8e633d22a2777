//! Resuming an interrupted plan: where the cluster is on the plan, what is left to do, and a
//! fresh plan when the cluster is not on the plan at all.

use std::collections::BTreeSet;

use super::Planner;
use crate::plan::{Hop, Phase, Plan, Step};
use crate::refusal::Refusal;
use crate::request::{State, Target};
use crate::text::Text;
use crate::validate::ValidationOptions;

/// Where an interrupted plan stands. Its paragraph for people (the `Display` of
/// [`Resume::subject`], [`Resume::message`], and the `message` of the JSON answer) is written
/// by the render layer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resume {
    /// Whether the observed versions are a state of the plan.
    pub on_plan: bool,
    /// The hops already done (the observed state is the state after them).
    pub hops_done: usize,
    /// The hop to do or finish next, from 1; `None` when the plan is complete or the cluster
    /// is off the plan.
    pub hop: Option<usize>,
    /// The steps left, in order.
    pub remaining: Vec<Step>,
    /// What the paragraph for people names.
    pub subject: ResumeSubject,
    /// Off the plan: a fresh plan from the observed versions to the plan's targets.
    pub fresh_plan: Option<Plan>,
}

/// What a [`Resume`] names: one variant per paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResumeSubject {
    /// The cluster is on the plan's last state.
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
        /// How many steps are left.
        steps_left: usize,
        /// The id of the next hop's upgrade step that was marked done while the version has
        /// not moved (an interrupted upgrade), when there is one.
        interrupted: Option<Text>,
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
    /// An MSR hop whose upgrade step was started but whose version has not moved resumes by
    /// running the same upgrade command again, as the seed says; other products' upgrade
    /// steps are not safe to re-run blindly, and the message says so.
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
        let states = plan.states();
        let Some(hops_done) = states.iter().rposition(|state| state == observed) else {
            return Ok(self.off_plan(plan, observed, overrides));
        };
        // `states` has one state more than the plan has hops: no hop after the last state.
        let Some(hop) = plan.hops.get(hops_done) else {
            return Ok(Resume {
                on_plan: true,
                hops_done,
                hop: None,
                remaining: Vec::new(),
                subject: ResumeSubject::Complete {
                    observed: observed.clone(),
                },
                fresh_plan: None,
            });
        };
        // Hops are numbered from 1; `hops_done` is below the number of hops, so this is exact.
        let current = hops_done.saturating_add(1);
        // An upgrade step marked done while the version has not moved was interrupted.
        let interrupted: Vec<&Step> = plan
            .steps
            .iter()
            .filter(|s| {
                s.hop == current && s.phase == Phase::Upgrade && done.contains(s.id.as_str())
            })
            .collect();
        let remaining: Vec<Step> = plan
            .steps
            .iter()
            .filter(|s| (s.hop == 0 && hops_done == 0) || s.hop >= current)
            .filter(|s| !done.contains(s.id.as_str()) || interrupted.iter().any(|i| i.id == s.id))
            .cloned()
            .collect();
        let subject = ResumeSubject::Next {
            observed: observed.clone(),
            hops_done,
            hops: plan.hops.len(),
            number: current,
            hop: hop.clone(),
            steps_left: remaining.len(),
            interrupted: interrupted.first().map(|step| step.id.clone()),
        };
        Ok(Resume {
            on_plan: true,
            hops_done,
            hop: Some(current),
            remaining,
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
        request.policy = plan.policy;
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
