//! Compatibility: whether a state meets the catalog's compatibility entries, and which entry
//! a hop would newly break. Listed releases are checked against the index's precomputed
//! windows; an unlisted version or a start that already breaks entries, entry by entry.

use super::index::{self, ABSENT, Slot, UNLISTED};
use super::{Search, Slots};
use crate::version::Product;

impl Search<'_> {
    /// Whether the product's slot lies in a resolved requirement's range.
    pub(super) fn in_range(
        &self,
        resolved: &index::Resolved,
        requirement: &crate::requirement::Requirement,
        state: &Slots,
    ) -> bool {
        match state[resolved.product] {
            ABSENT => false,
            UNLISTED => self
                .version(resolved.product, UNLISTED)
                .is_some_and(|v| requirement.matches(v)),
            slot => resolved.range.contains(&(slot as usize)),
        }
    }

    /// Whether compatibility entry `e` holds in `state`.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    pub(super) fn holds(&self, e: usize, state: &Slots) -> bool {
        let entry = &self.catalog.compatibility()[e];
        !self.in_range(&self.index.when[e], &entry.when, state)
            || self.in_range(&self.index.requires[e], &entry.requires, state)
    }

    /// Calls `f` on each entry whose `when` matches a product's slot in `state`, until `f`
    /// returns true; returns whether it did. No allocation for listed releases.
    pub(super) fn each_entry_when(
        &self,
        product: Product,
        state: &Slots,
        mut f: impl FnMut(usize) -> bool,
    ) -> bool {
        match state[product] {
            ABSENT => false,
            UNLISTED => {
                let version = self.version(product, UNLISTED);
                self.catalog
                    .compatibility()
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| {
                        e.when.product() == product && version.is_some_and(|v| e.when.matches(v))
                    })
                    .any(|(i, _)| f(i))
            }
            slot => self.index.products[product]
                .when_at
                .get(slot as usize)
                .iter()
                .any(|e| f(*e as usize)),
        }
    }

    /// The first entry that `state` breaks and the start did not, among those a change of
    /// `product` can affect: its own requirements, and the others' requirements on it.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    pub(super) fn new_violation(&self, product: Product, state: &Slots) -> Option<usize> {
        let compatibility = self.catalog.compatibility();
        let mut found: Option<usize> = None;
        let mut consider = |e: usize| {
            if !self.start_violations[e] && !self.holds(e, state) {
                found = Some(found.map_or(e, |f| f.min(e)));
            }
            false
        };
        self.each_entry_when(product, state, &mut consider);
        for other in Product::ALL {
            if other != product {
                self.each_entry_when(other, state, |e| {
                    compatibility[e].requires.product() == product && consider(e)
                });
            }
        }
        found
    }

    /// Whether `next`, reached by moving `product`, breaks no entry the start did not. With a
    /// compatible start and listed releases this is four range checks on the precomputed
    /// `needs`; otherwise entry by entry.
    pub(super) fn compatible(&self, product: Product, next: &Slots) -> bool {
        if self.start_broken || next.slots.0.contains(&UNLISTED) {
            return self.new_violation(product, next).is_none();
        }
        let to = next[product];
        let needs =
            |product: Product, slot: Slot| self.index.products[product].needs.get(slot as usize);
        let Some(own) = needs(product, to) else {
            // Not a listed release (the caller never asks this): check entry by entry.
            return self.new_violation(product, next).is_none();
        };
        Product::ALL
            .into_iter()
            .filter(|q| *q != product)
            .all(|other| {
                let at = next[other];
                let ours = own[other].is_none_or(|window| at != ABSENT && window.contains(at));
                // An absent product (past the end) requires nothing.
                let theirs = needs(other, at)
                    .is_none_or(|needs| needs[product].is_none_or(|window| window.contains(to)));
                ours && theirs
            })
    }
}
