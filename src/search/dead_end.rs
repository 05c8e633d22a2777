//! Why there is no path: the furthest states reached and what stops each way forward from the
//! furthest one, as catalog data.

use std::collections::BTreeSet;

use super::gates::Unmet;
use super::index::{UNLISTED, is_stop, slot};
use super::{Blocker, DeadEnd, Goal, Obstacle, Search, Slots};
use crate::catalog::prefer_documented;
use crate::classify::{HopProblem, assess_hop, reachable_lines};
use crate::request::State;
use crate::version::{Product, Version};

impl Search<'_> {
    /// Why there is no path, from the states reached (in discovery order): the furthest
    /// states (most targets met, then the most progress by release index, then the earliest
    /// found) and what blocks each way forward from the furthest one.
    pub(super) fn dead_end(&self, states: &[Slots]) -> DeadEnd {
        let score = |state: &Slots| {
            let mut met = 0u32;
            let mut progress = 0u64;
            for product in Product::ALL {
                let goal = self.goals[product];
                if goal.is_named() {
                    let slot = state[product];
                    met = met.saturating_add(u32::from(goal.is_met_by(slot)));
                    if slot < UNLISTED {
                        progress = progress.saturating_add(u64::from(slot));
                    }
                }
            }
            (met, progress)
        };
        let mut ranked: Vec<(usize, &Slots)> = states.iter().enumerate().collect();
        ranked.sort_by(|(i, a), (j, b)| score(b).cmp(&score(a)).then(i.cmp(j)));
        let furthest: Vec<State> = ranked
            .iter()
            .take(3)
            .map(|(_, s)| self.state_of(s))
            .collect();
        let best = ranked.first().map_or(self.start, |(_, s)| **s);

        let mut blockers: Vec<(Blocker, Option<usize>)> = Vec::new();
        let mut covered = BTreeSet::new();
        for product in Product::ALL {
            let at_goal = self.goals[product].is_met_by(best[product]);
            if !at_goal {
                covered.insert(product);
                blockers.extend(self.blockers(&best, product));
            }
        }
        // Products that block the named ones through compatibility or gates get their own
        // ways forward listed, so the reader sees why they could not move out of the way.
        let mentioned: BTreeSet<Product> = blockers
            .iter()
            .filter_map(|(b, _)| match &b.obstacle {
                Obstacle::Compatibility { when, requires } => {
                    Some(if when.product() == b.product {
                        requires.product()
                    } else {
                        when.product()
                    })
                }
                Obstacle::Gate { requires, .. } => Some(requires.product()),
                _ => None,
            })
            .collect();
        for product in mentioned.difference(&covered) {
            blockers.extend(self.blockers(&best, *product));
        }
        let held_unlisted = Product::ALL
            .into_iter()
            .filter(|p| self.goals[*p] == Goal::StayUnlisted)
            .collect();
        DeadEnd {
            furthest,
            blockers,
            held_unlisted,
        }
    }

    /// The ways forward of `product` from `state`, each with what stops it and, for a
    /// compatibility entry that stops it, the entry's index. Only the hops that fail are
    /// returned.
    pub(super) fn blockers(
        &self,
        state: &Slots,
        product: Product,
    ) -> Vec<(Blocker, Option<usize>)> {
        let slot_now = state[product];
        let Some(from) = self.version(product, slot_now) else {
            return Vec::new();
        };
        let goal = match self.goals[product] {
            Goal::Free => None,
            Goal::Release(slot) => self.version(product, slot),
            // Held on its unlisted version by the targets: it has no way forward to block.
            Goal::StayUnlisted => return Vec::new(),
        };
        let mut blockers = Vec::new();
        for line in reachable_lines(self.catalog, product, from) {
            let target = match goal.filter(|g| line.contains(g)) {
                Some(goal) => Some(goal),
                None => prefer_documented(
                    self.catalog
                        .line_releases(product, &line)
                        .iter()
                        .rev()
                        .filter(|r| is_stop(r) && goal.is_none_or(|g| r.version <= *g)),
                )
                .map(|r| &r.version),
            };
            let Some(to) = target.filter(|to| *to > from) else {
                continue;
            };
            if let Some((obstacle, entry)) = self.obstacle(state, product, from, to) {
                let blocker = Blocker {
                    product,
                    from: from.clone(),
                    to: to.clone(),
                    obstacle,
                };
                blockers.push((blocker, entry));
            }
        }
        blockers
    }

    /// What stops the hop `product: from -> to` from `state`, if anything, with the index of
    /// the compatibility entry when that is what stops it.
    pub(super) fn obstacle(
        &self,
        state: &Slots,
        product: Product,
        from: &Version,
        to: &Version,
    ) -> Option<(Obstacle, Option<usize>)> {
        let assessment = assess_hop(
            self.catalog,
            product,
            from,
            to,
            self.question.allow_migrations,
        )?;
        if let Some(problem) = assessment.problem {
            let obstacle = match problem {
                HopProblem::MigrationRequired { tool } => Obstacle::MigrationNotAllowed { tool },
                HopProblem::NoMigrationFrom { sources, .. } => Obstacle::NoMigration { sources },
                HopProblem::Blocked { reason } => Obstacle::Blocked { reason },
                _ => Obstacle::Rule {
                    rule: assessment.rule,
                },
            };
            return Some((obstacle, None));
        }
        let releases = self.catalog.releases(product);
        let to_slot = slot(releases.partition_point(|r| r.version < *to));
        if let Some((g, unmet)) = self.unmet_gate(product, to_slot, state) {
            let gate = self.catalog.gates().get(g)?;
            let obstacle = match unmet {
                Unmet::Requirement(r) => Obstacle::Gate {
                    requires: gate.requires.get(r)?.clone(),
                    reason: gate.reason.clone(),
                },
                Unmet::Order => Obstacle::GateOrder {
                    requires: gate.requires.clone(),
                    reason: gate.reason.clone(),
                },
            };
            return Some((obstacle, None));
        }
        let mut next = *state;
        next[product] = to_slot;
        let e = self.new_violation(product, &next)?;
        let entry = self.catalog.compatibility().get(e)?;
        let obstacle = Obstacle::Compatibility {
            when: entry.when.clone(),
            requires: entry.requires.clone(),
        };
        Some((obstacle, Some(e)))
    }
}
