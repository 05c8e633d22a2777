//! Resuming an interrupted plan: where the cluster is on the plan, what is left to do, and a
//! fresh plan when the cluster is not on the plan at all.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;

use super::Planner;
use crate::plan::{Phase, Plan, Step};
use crate::refusal::Refusal;
use crate::request::{State, Target, describe_state};
use crate::validate::ValidationOptions;
use crate::version::Product;

/// Where an interrupted plan stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// One paragraph for people.
    pub message: String,
    /// Off the plan: a fresh plan from the observed versions to the plan's targets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fresh_plan: Option<Plan>,
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
                message: format!(
                    "the plan is complete: the cluster runs {}",
                    describe_state(observed)
                ),
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
        let mut message = format!(
            "the cluster runs {}: {hops_done} of {} hops are done; next is hop {current} ({} {} -> {}), {} steps left",
            describe_state(observed),
            plan.hops.len(),
            hop.product,
            hop.from_text(),
            hop.to_text(),
            remaining.len()
        );
        if let Some(step) = interrupted.first() {
            let advice = if hop.product == Product::Msr {
                "run the same command again, it resumes from the point of interruption"
            } else {
                "find out what it left behind before running it again"
            };
            let _ = write!(
                message,
                "; step {} was started but {} is still {}: {advice}",
                step.id,
                hop.product,
                hop.from_text()
            );
        }
        Ok(Resume {
            on_plan: true,
            hops_done,
            hop: Some(current),
            remaining,
            message,
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
        let fresh = self.plan(&request);
        let message = match &fresh {
            Ok(fresh) => format!(
                "the cluster runs {}, which is not a state of the plan; a fresh plan from there to {} has {} hops",
                describe_state(observed),
                describe_state(&plan.to),
                fresh.hops.len()
            ),
            Err(refusal) => format!(
                "the cluster runs {}, which is not a state of the plan, and no fresh plan reaches {}: {refusal}",
                describe_state(observed),
                describe_state(&plan.to)
            ),
        };
        Resume {
            on_plan: false,
            hops_done: 0,
            hop: None,
            remaining: Vec::new(),
            message,
            fresh_plan: fresh.ok(),
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
