//! The hops of a plan: each state in turn, the table's verdict, gates, compatibility and
//! the documented product order.

use std::collections::BTreeSet;

use super::{Checker, Location, ViolationCode, ViolationSubject};
use crate::catalog::Gate;
use crate::classify::{HopProblem, assess_hop, classify, gates_guarding};
use crate::plan::{Hop, Plan};
use crate::request::State;
use crate::table::RuleId;
use crate::version::{Product, Version};

impl Checker<'_> {
    /// The compatibility entries a state breaks, by index.
    pub(super) fn broken(&self, state: &State) -> BTreeSet<usize> {
        self.catalog
            .compatibility()
            .iter()
            .enumerate()
            .filter(|(_, entry)| !entry.holds(|product| state.get(&product)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Follows the hops from `plan.from`, checking each; returns the state before each hop and
    /// the final state.
    pub(super) fn walk(&mut self, plan: &Plan) -> Vec<State> {
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

    pub(super) fn hop(
        &mut self,
        number: usize,
        hop: &Hop,
        state: &State,
        is_last_of_product: bool,
    ) {
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
    pub(super) fn expect_rule(&mut self, number: usize, hop: &Hop, expected: RuleId) {
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

    pub(super) fn table(&mut self, number: usize, hop: &Hop, from: &Version, to: &Version) {
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
    pub(super) fn gate_applies(&self, gate: &Gate) -> bool {
        gate.if_fact
            .as_ref()
            .is_none_or(|fact| self.conditions.facts.get(fact).copied().unwrap_or(true))
    }

    /// The ordered gates (by index) whose sequence a hop of `product` from `before` to
    /// `after` breaks: it brings a requirement on `product` into its range while an earlier
    /// requirement of the gate does not hold.
    pub(super) fn orders_broken(
        &self,
        product: Product,
        before: &State,
        after: &State,
    ) -> BTreeSet<usize> {
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

    pub(super) fn gates(&mut self, number: usize, hop: &Hop, to: &Version, state: &State) {
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
    pub(super) fn fits(&self, hop: &Hop, before: &State, start_broken: &BTreeSet<usize>) -> bool {
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
    pub(super) fn order(&mut self, plan: &Plan, states: &[State]) {
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
}
