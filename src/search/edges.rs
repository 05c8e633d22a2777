//! The hops from a state: each product's precomputed stops and the hop straight to its goal,
//! never beyond the goal, kept when the gates before hold and the state after breaks no entry
//! the start did not break.

use super::index::{ABSENT, Slot, UNLISTED, line_stop};
use super::{Edge, Search, Slots};
use crate::classify::assess_hop;
use crate::request::Policy;
use crate::table::RuleId;
use crate::version::Product;

impl Search<'_> {
    /// The precomputed candidate stops of one product from one slot.
    pub(super) fn stops(&self, product: Product, from: Slot) -> &[(Slot, RuleId)] {
        match from {
            ABSENT => &[],
            UNLISTED => &self.unlisted_stops[product],
            slot => self.index.products[product]
                .stops
                .allowing(self.question.allow_migrations)
                .get(slot as usize),
        }
    }

    /// The hop straight to a product's exact goal, when it is not one of the stops (an older
    /// patch of a line than its newest, or a named pre-release) and the table allows it.
    pub(super) fn goal_hop(&self, product: Product, from: Slot) -> Option<(Slot, RuleId)> {
        if !self.goal_off_stops[product] {
            return None;
        }
        *self.goal_hops[product]
            .borrow_mut()
            .entry(from)
            .or_insert_with(|| self.find_goal_hop(product, from))
    }

    /// Whether a product's goal is something other than the newest stop of its line. The
    /// stops from any release already hold that one whenever a hop to it is allowed: they
    /// take the newest allowed stop of each line a hop reaches.
    pub(super) fn goal_is_off_stops(&self, product: Product) -> bool {
        let Some(goal) = self.goals[product].release() else {
            return false;
        };
        let Some(version) = self.version(product, goal) else {
            return false;
        };
        line_stop(self.catalog, product, version.line_key()).is_none_or(|r| r.version != *version)
    }

    pub(super) fn find_goal_hop(&self, product: Product, from: Slot) -> Option<(Slot, RuleId)> {
        let goal = self.goals[product].release()?;
        if goal == from || self.stops(product, from).iter().any(|(s, _)| *s == goal) {
            return None;
        }
        let (from_version, goal_version) =
            (self.version(product, from)?, self.version(product, goal)?);
        let assessment = assess_hop(
            self.catalog,
            product,
            from_version,
            goal_version,
            self.question.allow_migrations,
        )?;
        assessment.is_allowed().then_some((goal, assessment.rule))
    }

    /// The hops allowed from `state`, in product order, then version order: each product's
    /// stops and its goal, none beyond the goal; into a buffer the caller reuses.
    pub(super) fn edges_into(&self, state: &Slots, edges: &mut Vec<Edge>) {
        edges.clear();
        for product in Product::ALL {
            let from = state[product];
            let goal = self.goals[product];
            // The stops up to the goal are sorted and below it, so the goal hop comes last
            // and the order stays sorted.
            let stops = self
                .stops(product, from)
                .iter()
                .copied()
                .filter(|(to, _)| goal.allows_hop_to(*to));
            for (to, rule) in stops.chain(self.goal_hop(product, from)) {
                if let Some(edge) = self.edge(state, product, to, rule) {
                    edges.push(edge);
                }
            }
        }
    }

    /// Checks the joint conditions of one hop: gates before, compatibility after.
    pub(super) fn edge(
        &self,
        state: &Slots,
        product: Product,
        to: Slot,
        rule: RuleId,
    ) -> Option<Edge> {
        // Once computed, a release that can be part of no plan is not worth a state.
        if let Some(viability) = self.viability.get() {
            let viable = viability.viable[product]
                .get(to as usize)
                .copied()
                .unwrap_or(true);
            if !viable {
                return None;
            }
        }
        if self.unmet_gate(product, to, state).is_some() {
            return None;
        }
        let mut next = *state;
        next[product] = to;
        if !self.compatible(product, &next) {
            return None;
        }
        let unfollowed = match self.question.policy {
            Policy::Minimal => 0,
            Policy::Recommended => self.unfollowed(state, product, to, rule),
        };
        Some(Edge {
            product,
            to,
            rule,
            unfollowed,
        })
    }
}
