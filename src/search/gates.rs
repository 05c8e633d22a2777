//! Gates: which gates apply to the request (facts answered, or assumed), what of a gate is
//! unmet before a hop, and the ordered gates whose requirements a path brought about out of
//! their documented order.

use super::index::{Slot, UNLISTED};
use super::{Edge, Search, Slots};
use crate::version::Product;

/// What of a gate is unmet before a hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unmet {
    /// The requirement at this index does not hold.
    Requirement(usize),
    /// Every requirement holds, but the path brought them about out of the gate's order.
    Order,
}

impl Search<'_> {
    /// Whether gate `g` applies to this request, and whether that rests on a fact nobody
    /// answered (then it applies when [`Question::assume_unanswered`] says so).
    pub(super) fn gate_applies(&self, g: usize) -> (bool, bool) {
        self.gate_answers.get(g).copied().unwrap_or((true, false))
    }

    /// [`Search::gate_applies`] worked out from the request's facts (once per search: the
    /// search asks for every gate on every edge).
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    pub(super) fn answer_gate(&self, g: usize) -> (bool, bool) {
        let answer = self.catalog.gates()[g]
            .if_fact
            .as_deref()
            .map(|fact| self.question.facts.get(fact).copied());
        match answer {
            None => (true, false),
            Some(Some(answer)) => (answer, false),
            Some(None) => (self.question.assume_unanswered, true),
        }
    }

    /// What of a gate that applies to a hop of `product` to slot `to` is unmet in `state`,
    /// first gate first.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    pub(super) fn unmet_gate(
        &self,
        product: Product,
        to: Slot,
        state: &Slots,
    ) -> Option<(usize, Unmet)> {
        if to >= UNLISTED {
            return None;
        }
        let gates = self.catalog.gates();
        self.index.products[product]
            .gates_at
            .get(to as usize)
            .iter()
            .map(|g| *g as usize)
            .find_map(|g| {
                let (applies, unanswered) = self.gate_applies(g);
                if !applies && !unanswered {
                    return None;
                }
                let unmet = gates[g]
                    .requires
                    .iter()
                    .zip(&self.index.gates[g].requires)
                    .position(|(requirement, resolved)| {
                        !self.in_range(resolved, requirement, state)
                    })
                    .map(Unmet::Requirement)
                    .or_else(|| self.order_broken(g, state).then_some(Unmet::Order))?;
                if unanswered {
                    self.unanswered_decided.set(true);
                }
                applies.then_some((g, unmet))
            })
    }

    /// Whether the path to `state` broke the sequence of ordered gate `g`.
    pub(super) fn order_broken(&self, g: usize, state: &Slots) -> bool {
        self.index
            .ordered
            .iter()
            .position(|&o| o == g)
            .is_some_and(|bit| state.broken & (1 << bit) != 0)
    }

    /// The state after `edge` from `state`: the product's new slot, and the bits of the
    /// ordered gates whose sequence the hop breaks.
    pub(super) fn after(&self, state: &Slots, edge: &Edge) -> Slots {
        let mut next = *state;
        next[edge.product] = edge.to;
        next.broken |= self.breaks_order(state, &next, edge.product);
        next
    }

    /// The ordered gates whose sequence a hop of `product` from `before` to `after` breaks:
    /// it brings a requirement on `product` into its range while an earlier requirement of
    /// the gate does not hold.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    pub(super) fn breaks_order(&self, before: &Slots, after: &Slots, product: Product) -> u32 {
        let gates = self.catalog.gates();
        let mut bits = 0;
        for (bit, &g) in self.index.ordered.iter().enumerate() {
            if before.broken & (1 << bit) != 0 || !self.gate_applies(g).0 {
                continue;
            }
            let requires = || gates[g].requires.iter().zip(&self.index.gates[g].requires);
            let holds = |state: &Slots, (requirement, resolved)| {
                self.in_range(resolved, requirement, state)
            };
            let broken = requires().enumerate().skip(1).any(|(j, later)| {
                later.0.product() == product
                    && !holds(before, later)
                    && holds(after, later)
                    && requires().take(j).any(|earlier| !holds(before, earlier))
            });
            if broken {
                bits |= 1 << bit;
            }
        }
        bits
    }
}
