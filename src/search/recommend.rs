//! The documented recommendations as costs: be on the newest release of a major before
//! leaving it, and have MCR on the newest release compatible with MKE before an MKE upgrade.

use super::index::{ABSENT, Slot, slot};
use super::{Edge, Search, Slots, Unfollowed};
use crate::request::Policy;
use crate::table::RuleId;
use crate::version::Product;

/// The recommendations a hop does not follow, as bits.
pub(super) const NOT_NEWEST_OF_MAJOR: u8 = 1;
pub(super) const MCR_NOT_NEWEST: u8 = 2;

impl Search<'_> {
    /// The documented recommendations a hop does not follow.
    pub(super) fn unfollowed(&self, state: &Slots, product: Product, to: Slot, rule: RuleId) -> u8 {
        let mut unfollowed = 0;
        if rule == RuleId::MajorUpgrade && self.newest_of_major(product, state[product]).is_some() {
            unfollowed |= NOT_NEWEST_OF_MAJOR;
        }
        // About MKE on MCR: only for an in-place MKE upgrade to a release that the catalog
        // ties to MCR (MKE 4 runs on k0s, and a migration is not "updating MKE").
        if product == Product::Mke
            && rule != RuleId::Migration
            && self.runs_on_mcr(to)
            && self.newest_compatible_mcr(state, to).is_some()
        {
            unfollowed |= MCR_NOT_NEWEST;
        }
        unfollowed
    }

    /// The newest (documented) release of the major of `from`, when it is newer than `from`.
    pub(super) fn newest_of_major(&self, product: Product, from: Slot) -> Option<Slot> {
        // Only a newer one: a cluster on an undocumented release newer than the documented
        // ones is not asked to go back. The sentinels are past the end: none.
        self.index.products[product]
            .newest_of_major
            .get(from as usize)
            .copied()
            .flatten()
            .filter(|n| *n > from)
    }

    /// Whether the catalog ties the MKE release at `mke` to MCR: an entry of it requires MCR.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    pub(super) fn runs_on_mcr(&self, mke: Slot) -> bool {
        let mut state = Slots::new([ABSENT; 3]);
        state[Product::Mke] = mke;
        let compatibility = self.catalog.compatibility();
        self.each_entry_when(Product::Mke, &state, |e| {
            compatibility[e].requires.product() == Product::Mcr
        })
    }

    /// "MCR should be updated to the most recent version before installing or updating MKE":
    /// the newest MCR release compatible with the MKE versions before and after the hop, when
    /// MCR is not on it yet. Only the entries between MCR and MKE count: the recommendation is
    /// about the engine under MKE, so moving MSR cannot make it hold or fail, and putting the
    /// hops in the documented product order never changes a plan's cost.
    pub(super) fn newest_compatible_mcr(&self, state: &Slots, mke_to: Slot) -> Option<Slot> {
        let current = self.version(Product::Mcr, state[Product::Mcr])?;
        let mke_from = state[Product::Mke];
        let releases = self.catalog.releases(Product::Mcr);
        let fits = |index: usize| {
            let candidate = slot(index);
            self.mcr_fits_mke(candidate, mke_from) && self.mcr_fits_mke(candidate, mke_to)
        };
        // MKE's requirements on MCR bound the candidates: start at the top of their
        // intersection instead of at the newest release.
        let top = self
            .mcr_upper_bound(mke_from)
            .min(self.mcr_upper_bound(mke_to));
        let preferred = &self.index.products[Product::Mcr].preferred;
        releases
            .iter()
            .zip(preferred)
            .enumerate()
            .take(top)
            .rev()
            .take_while(|(_, (release, _))| release.version > *current)
            .find(|(i, (_, preferred))| **preferred && fits(*i))
            .map(|(i, _)| slot(i))
    }

    /// Whether MCR at `mcr` and MKE at `mke` meet every entry between the two that the start
    /// did not already break.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    pub(super) fn mcr_fits_mke(&self, mcr: Slot, mke: Slot) -> bool {
        let mut pair = Slots::new([ABSENT; 3]);
        pair[Product::Mcr] = mcr;
        pair[Product::Mke] = mke;
        let compatibility = self.catalog.compatibility();
        let breaks = |e: usize, other: Product| {
            compatibility[e].requires.product() == other
                && !self.start_violations[e]
                && !self.holds(e, &pair)
        };
        !self.each_entry_when(Product::Mcr, &pair, |e| breaks(e, Product::Mke))
            && !self.each_entry_when(Product::Mke, &pair, |e| breaks(e, Product::Mcr))
    }

    /// One past the highest MCR release that MKE's requirements at `mke` allow.
    #[expect(
        clippy::indexing_slicing,
        reason = "entry and gate numbers come from this catalog's index, and every per-entry or per-gate table has one item for each"
    )]
    pub(super) fn mcr_upper_bound(&self, mke: Slot) -> usize {
        let mut top = self.catalog.releases(Product::Mcr).len();
        let mut state = Slots::new([ABSENT; 3]);
        state[Product::Mke] = mke;
        self.each_entry_when(Product::Mke, &state, |e| {
            let requires = &self.index.requires[e];
            if requires.product == Product::Mcr && !self.start_violations[e] {
                top = top.min(requires.range.end);
            }
            false
        });
        top
    }

    /// The recommendations an edge does not follow, with the versions their warnings name,
    /// from the state before.
    pub(super) fn unfollowed_of(&self, before: &Slots, edge: &Edge) -> Vec<Unfollowed> {
        let mut unfollowed = Vec::new();
        if edge.unfollowed == 0 {
            return unfollowed;
        }
        let from = before[edge.product];
        if self.version(edge.product, from).is_none()
            || self.version(edge.product, edge.to).is_none()
        {
            return unfollowed;
        }
        if edge.unfollowed & NOT_NEWEST_OF_MAJOR != 0 {
            if let Some(newest) = self
                .newest_of_major(edge.product, from)
                .and_then(|n| self.version(edge.product, n))
            {
                unfollowed.push(Unfollowed::NotNewestOfMajor {
                    newest: newest.clone(),
                });
            }
        }
        if edge.unfollowed & MCR_NOT_NEWEST != 0 {
            let best = self
                .newest_compatible_mcr(before, edge.to)
                .and_then(|s| self.version(Product::Mcr, s));
            let current = self.version(Product::Mcr, before[Product::Mcr]);
            if let (Some(best), Some(current)) = (best, current) {
                unfollowed.push(Unfollowed::McrNotNewest {
                    best: best.clone(),
                    current: current.clone(),
                });
            }
        }
        unfollowed
    }

    pub(super) fn cost(&self, edge: &Edge) -> u64 {
        match self.question.policy {
            Policy::Minimal => 1,
            // The recommendations not followed in the high half, one hop in the low half.
            Policy::Recommended => (u64::from(edge.unfollowed.count_ones()) << 32) | 1,
        }
    }
}
