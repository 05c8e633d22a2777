//! Infeasibility found before the joint search: which releases could ever be part of a
//! supported plan, looking at one product at a time.
//!
//! A release is *viable* when its product can reach it from the start by its own hops, every
//! gate on it can be met by viable releases of the products it names, and every
//! compatibility entry on it (that the start does not already break) can be met by a viable
//! release of the product it requires. Viability is computed as a greatest fixpoint: start
//! from every reachable release and strike out releases until nothing changes. Every release
//! of every state of a supported plan stays viable (each is reachable, and its gates and
//! entries are met by releases of that same plan), so a target that is not viable, or
//! targets that break an entry between themselves, prove that there is no plan without
//! searching the joint states; and the search never needs to enter a release that is not
//! viable.
//!
//! Complexity: O(I·(R + Σ entries and gates per release)) for I rounds (a few: each strikes
//! out at least one release) and R releases.

use std::collections::VecDeque;
use std::ops::Range;

use super::index::Resolved;
use super::{ABSENT, Goal, Search, Slot, UNLISTED};
use crate::version::{PerProduct, Product};

/// What the analysis found.
#[derive(Debug, Default)]
pub(crate) struct Viability {
    /// Per product, per release: whether it may be part of a plan.
    pub viable: PerProduct<Vec<bool>>,
    /// Whether the targets can still be met: every named target is viable, and the targets
    /// break no entry between themselves.
    pub feasible: bool,
}

impl Search<'_> {
    /// Computes the viable releases and whether the targets may be met.
    pub(crate) fn viability(&self) -> Viability {
        let mut viable = PerProduct::from_fn(|p| self.reachable(p));
        loop {
            let counts = PerProduct::from_fn(|p| prefix_counts(&viable[p]));
            let mut changed = false;
            for product in Product::ALL {
                for (r, is_viable) in viable[product].iter_mut().enumerate() {
                    if *is_viable
                        && Some(r) != self.start_index(product)
                        && !(self.gates_can_hold(product, r, &counts)
                            && self.entries_can_hold(product, r, &counts))
                    {
                        *is_viable = false;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let counts = PerProduct::from_fn(|p| prefix_counts(&viable[p]));
        let feasible = Product::ALL
            .into_iter()
            .all(|product| match self.goals[product] {
                Goal::Free | Goal::StayUnlisted => true,
                Goal::Release(goal) if goal == self.start[product] => true,
                Goal::Release(goal) => {
                    let goal = goal as usize;
                    viable[product].get(goal).copied().unwrap_or(false)
                        && self.entries_hold_between_goals(product, goal)
                        && self.entries_can_hold(product, goal, &counts)
                }
            });
        Viability { viable, feasible }
    }

    /// The index of the product's start release, when it is a listed release.
    fn start_index(&self, product: Product) -> Option<usize> {
        match self.start[product] {
            ABSENT | UNLISTED => None,
            slot => Some(slot as usize),
        }
    }

    /// The releases the product reaches from its start by its own hops (stops and the hop
    /// straight to its goal, never beyond the goal), whatever the other products do.
    fn reachable(&self, product: Product) -> Vec<bool> {
        let count = self.catalog.releases(product).len();
        let mut seen = vec![false; count];
        let start = self.start[product];
        if start == ABSENT {
            return seen;
        }
        let goal = self.goals[product];
        let mut queue: VecDeque<Slot> = VecDeque::from([start]);
        if let Some(seen) = self.start_index(product).and_then(|i| seen.get_mut(i)) {
            *seen = true;
        }
        while let Some(from) = queue.pop_front() {
            let hops = self.stops(product, from).iter().copied();
            for (to, _) in hops.chain(self.goal_hop(product, from)) {
                if !goal.allows_hop_to(to) {
                    continue;
                }
                if let Some(slot) = seen.get_mut(to as usize).filter(|s| !**s) {
                    *slot = true;
                    queue.push_back(to);
                }
            }
        }
        seen
    }

    /// Whether some viable release of `resolved`'s product lies in its range (or the
    /// product's unlisted start matches the requirement).
    fn can_be_in(
        &self,
        resolved: &Resolved,
        requirement: &crate::requirement::Requirement,
        counts: &PerProduct<Vec<u32>>,
    ) -> bool {
        let product = resolved.product;
        match self.start[product] {
            ABSENT => false,
            UNLISTED
                if self
                    .version(product, UNLISTED)
                    .is_some_and(|v| requirement.matches(v)) =>
            {
                true
            }
            _ => any_in(&counts[product], &resolved.range),
        }
    }

    /// Whether every gate on release `r` of `product` can be met by viable releases.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    fn gates_can_hold(&self, product: Product, r: usize, counts: &PerProduct<Vec<u32>>) -> bool {
        let gates = self.catalog.gates();
        self.index.products[product]
            .gates_at
            .get(r)
            .iter()
            .map(|g| *g as usize)
            .all(|g| {
                let (applies, unanswered) = self.gate_applies(g);
                let holds = !applies
                    || gates[g]
                        .requires
                        .iter()
                        .zip(&self.index.gates[g].requires)
                        .all(|(requirement, resolved)| {
                            self.can_be_in(resolved, requirement, counts)
                        });
                if !holds && unanswered {
                    // The answer may change the outcome: the planner asks or searches again.
                    self.unanswered_decided.set(true);
                }
                holds
            })
    }

    /// Whether every entry on release `r` of `product` (that the start does not break) can be
    /// met by a viable release of the product it requires.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    fn entries_can_hold(&self, product: Product, r: usize, counts: &PerProduct<Vec<u32>>) -> bool {
        let compatibility = self.catalog.compatibility();
        self.index.products[product]
            .when_at
            .get(r)
            .iter()
            .map(|e| *e as usize)
            .filter(|e| !self.start_violations[*e])
            .all(|e| self.can_be_in(&self.index.requires[e], &compatibility[e].requires, counts))
    }

    /// Whether the named targets meet the entries between themselves: the goal of `product`
    /// at `goal`, against the goal of each other named product.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    fn entries_hold_between_goals(&self, product: Product, goal: usize) -> bool {
        let compatibility = self.catalog.compatibility();
        self.index.products[product]
            .when_at
            .get(goal)
            .iter()
            .map(|e| *e as usize)
            .filter(|e| !self.start_violations[*e])
            .all(|e| {
                let required = self.index.requires[e].product;
                match self.goals[required] {
                    Goal::Free => true,
                    Goal::StayUnlisted => self
                        .version(required, UNLISTED)
                        .is_some_and(|v| compatibility[e].requires.matches(v)),
                    Goal::Release(ABSENT) => false,
                    Goal::Release(slot) => self.index.requires[e].range.contains(&(slot as usize)),
                }
            })
    }
}

/// `counts[i]` is the number of viable releases below index `i`.
fn prefix_counts(viable: &[bool]) -> Vec<u32> {
    let mut total = 0u32;
    let mut counts = vec![0];
    counts.extend(viable.iter().map(|v| {
        total = total.saturating_add(u32::from(*v));
        total
    }));
    counts
}

fn any_in(counts: &[u32], range: &Range<usize>) -> bool {
    let end = range.end.min(counts.len().saturating_sub(1));
    let start = range.start.min(end);
    counts.get(end) > counts.get(start)
}
