//! The joint-state search: A* over (MCR, MKE, MSR) states, generated lazily.
//!
//! A state holds one slot per product (see [`index`]). From a state, each installed product
//! may hop to its precomputed candidate stops (the newest allowed stop of each line one hop
//! reaches) or to its exact target, never beyond the target. A hop is an edge when every gate
//! on it holds in the state before, and the state after breaks no compatibility entry that
//! the start did not already break.
//!
//! Costs are `(recommendations not followed, hops)` for `recommended` and `hops` for
//! `minimal`, packed into one `u64`. The heuristic is, per named product, the fewest hops
//! between its line and its target's line in a relaxed line graph: a lower bound on the
//! hops, so the search stays exact, and consistent, so each state is expanded once. Ties
//! break by discovery order, which is deterministic.
//!
//! The boundary with the planner is narrow and finished: the planner asks a [`Question`]
//! (installed versions, target versions already resolved, policy, facts, budget) and gets an
//! [`Answer`] in versions, rules and typed data ([`Finished`], [`DeadEnd`]); slots and edges
//! never leave this module.

mod astar;
mod compatibility;
mod dead_end;
mod edges;
mod gates;
mod index;
mod obstacle;
mod order;
mod recommend;
mod viable;

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use astar::Outcome;
pub(crate) use index::Index;
use index::{ABSENT, Slot, UNLISTED, stops_from};
pub(crate) use index::{is_stop, line_stop};
pub use obstacle::{Blocker, Obstacle};

use crate::catalog::{Catalog, Release};
use crate::request::{Policy, State};
use crate::table::RuleId;
use crate::version::{PerProduct, Product, Version};

/// A joint state: one slot per product, in [`Product::ALL`] order (indexed by
/// [`Product::index`]), and, as bits, the ordered gates (`in_order`) whose sequence the path
/// to the state has broken: two paths to the same versions that differ there lead on
/// differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Slots {
    slots: PerProduct<Slot>,
    broken: u32,
}

impl Slots {
    fn new(slots: [Slot; 3]) -> Slots {
        Slots {
            slots: PerProduct(slots),
            broken: 0,
        }
    }
}

impl std::ops::Index<Product> for Slots {
    type Output = Slot;
    fn index(&self, product: Product) -> &Slot {
        &self.slots[product]
    }
}

impl std::ops::IndexMut<Product> for Slots {
    fn index_mut(&mut self, product: Product) -> &mut Slot {
        &mut self.slots[product]
    }
}

/// A hop target and its rule.
type Candidate = (Slot, RuleId);

/// Where one product must end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    /// Not named in the targets: it may move as the others require.
    Free,
    /// Named: it must end on this listed release (its start, when it stays there).
    Release(Slot),
    /// Named, on a version the catalog does not list, and staying there: it never moves.
    /// No listed release stands for it, so it is never a hop target and never indexes the
    /// catalog's releases.
    StayUnlisted,
}

impl Goal {
    /// The listed release the product must end on, if any.
    fn release(self) -> Option<Slot> {
        match self {
            Goal::Release(slot) => Some(slot),
            Goal::Free | Goal::StayUnlisted => None,
        }
    }

    /// Whether the product is named in the targets.
    fn is_named(self) -> bool {
        self != Goal::Free
    }

    /// Whether a product at `slot` is where this goal wants it.
    fn is_met_by(self, slot: Slot) -> bool {
        match self {
            Goal::Free => true,
            Goal::Release(goal) => slot == goal,
            Goal::StayUnlisted => slot == UNLISTED,
        }
    }

    /// Whether a hop to the listed release `to` keeps the goal reachable: never beyond a
    /// release goal, never away from an unlisted one.
    fn allows_hop_to(self, to: Slot) -> bool {
        match self {
            Goal::Free => true,
            Goal::Release(goal) => to <= goal,
            Goal::StayUnlisted => false,
        }
    }
}

/// A hop the search may take.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    product: Product,
    to: Slot,
    rule: RuleId,
    /// The recommendations it does not follow, as bits ([`recommend`]).
    unfollowed: u8,
}

/// What the search is asked: the narrow part of a request it reads, with the targets already
/// resolved to versions by the planner.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Question<'a> {
    /// The installed versions (a version the catalog does not list is searched as a release
    /// of its line).
    pub from: &'a State,
    /// Per product, in [`Product::ALL`] order: the version it must end on (its current
    /// version when it is named but stays put), or `None` when it is not named.
    pub goals: PerProduct<Option<&'a Version>>,
    /// What a plan's cost counts.
    pub policy: Policy,
    /// Whether hops may migrate.
    pub allow_migrations: bool,
    /// The facts the request answers.
    pub facts: &'a BTreeMap<String, bool>,
    /// How a gate on a fact the request does not answer is treated: as applying (`true`, the
    /// conservative reading) or not.
    pub assume_unanswered: bool,
    /// The most states a run may generate.
    pub limit: usize,
}

/// The finished answer of a search: versions, rules and typed data, never the search's own
/// states, and everything the search decided on the way.
#[derive(Debug)]
pub(crate) struct Answer<'c> {
    /// What the search found.
    pub kind: AnswerKind<'c>,
    /// Whether a gate on a fact the request does not answer was unmet on some hop the search
    /// looked at: only then can the answer change the outcome, and the planner searches
    /// again under the other assumption.
    pub unanswered_decided: bool,
}

/// What a search found.
#[derive(Debug)]
pub(crate) enum AnswerKind<'c> {
    /// The cheapest plan.
    Found(Finished<'c>),
    /// There is no path.
    NoPath(DeadEnd),
    /// The budget of states ran out before the search could tell.
    Limit {
        /// How many states it generated.
        explored: usize,
        /// The expanded state closest to the targets (by the heuristic).
        furthest: State,
    },
}

/// One hop of a found plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundHop {
    pub product: Product,
    pub from: Version,
    pub to: Version,
    pub rule: RuleId,
    /// The documented recommendations it does not follow (only under
    /// [`Policy::Recommended`]).
    pub unfollowed: Vec<Unfollowed>,
}

/// A documented recommendation that a hop does not follow, with the versions its warning
/// names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unfollowed {
    /// A major upgrade from a release other than the newest of its major.
    NotNewestOfMajor {
        /// The newest release of the major the hop leaves.
        newest: Version,
    },
    /// An MKE upgrade while MCR is not on the newest release compatible with MKE before and
    /// after the hop.
    McrNotNewest {
        /// That newest compatible MCR release.
        best: Version,
        /// The MCR version before the hop.
        current: Version,
    },
}

/// The cheapest plan, finished: its hops in the documented product order and what its
/// warnings need.
#[derive(Debug)]
pub(crate) struct Finished<'c> {
    /// The hops, in order.
    pub hops: Vec<FoundHop>,
    /// The versions after the last hop.
    pub end: State,
    /// The products whose installed version the catalog does not list.
    pub unlisted: Vec<Product>,
    /// The compatibility entries (catalog indexes) that the start already breaks.
    pub start_broken: Vec<usize>,
    /// The compatibility entries (catalog indexes, sorted, without repeats) whose `when`
    /// holds in some state of the plan: at the start for every product, after each hop for
    /// the product that moved.
    pub relied: Vec<usize>,
    /// The release of every hop's target, then of each named product that did not move (an
    /// unlisted version has no release).
    pub releases: Vec<(Product, &'c Release)>,
}

/// Why there is no path: the furthest states reached and what stops each way forward from
/// the furthest one.
#[derive(Debug)]
pub(crate) struct DeadEnd {
    /// The furthest states reached (most targets met, then most progress), at most three,
    /// the furthest first.
    pub furthest: Vec<State>,
    /// Each way forward that fails from the furthest state, for the products not at their
    /// target and the products that block them, with the index of the compatibility entry
    /// when that is what stops it.
    pub blockers: Vec<(Blocker, Option<usize>)>,
    /// The named products held on a version the catalog does not list: their target is
    /// where they are, so they never moved.
    pub held_unlisted: Vec<Product>,
}

/// The search for one request.
pub(crate) struct Search<'a> {
    catalog: &'a Catalog,
    index: &'a Index,
    question: Question<'a>,
    start: Slots,
    /// Where each product must end.
    goals: PerProduct<Goal>,
    start_violations: Vec<bool>,
    /// Per named product: the fewest hops from each counted line to the target's line in the
    /// relaxed line graph (`u32::MAX`: never).
    line_distance: PerProduct<Option<Vec<u32>>>,
    /// Candidate stops from an unlisted start, computed once.
    unlisted_stops: PerProduct<Vec<(Slot, RuleId)>>,
    /// Whether the start breaks any entry: then compatibility is checked entry by entry, as
    /// the exemptions are per entry.
    start_broken: bool,
    /// Per gate: whether it applies to this request, and whether that rests on an
    /// unanswered fact ([`Search::gate_applies`]).
    gate_answers: Vec<(bool, bool)>,
    /// Per product: whether its goal may be missing from the stops (an older patch than the
    /// newest of its line, or a pre-release), so that a hop straight to it must be tried.
    goal_off_stops: PerProduct<bool>,
    /// The hop straight to each product's goal, by source slot, computed once per slot.
    goal_hops: PerProduct<RefCell<FxHashMap<Slot, Option<Candidate>>>>,
    /// Set when such a gate was unmet on some hop the search looked at; returned in the
    /// [`Answer`].
    unanswered_decided: Cell<bool>,
    /// Which releases may be part of a plan at all (see [`viable`]): computed only for a
    /// search that the first, small budget did not settle, so that ordinary requests never
    /// pay for it.
    viability: OnceCell<viable::Viability>,
    /// The states a run that hit its limit had generated (for an explanation).
    explored: RefCell<Vec<Slots>>,
}

impl<'a> Search<'a> {
    /// A search for `question`; the planner has checked that every installed version's line
    /// is listed.
    pub(crate) fn new(
        catalog: &'a Catalog,
        index: &'a Index,
        question: Question<'a>,
    ) -> Search<'a> {
        let slot_of = |product: Product, version: &Version| {
            catalog
                .releases(product)
                .binary_search_by(|r| r.version.cmp(version))
                .ok()
                .and_then(|i| Slot::try_from(i).ok())
                .unwrap_or(UNLISTED)
        };
        let mut start = Slots::new([ABSENT; 3]);
        for (product, version) in question.from {
            start[*product] = slot_of(*product, version);
        }
        let goals = PerProduct::from_fn(|p| match question.goals[p] {
            None => Goal::Free,
            Some(version) => match slot_of(p, version) {
                UNLISTED => Goal::StayUnlisted,
                slot => Goal::Release(slot),
            },
        });
        let mut search = Search {
            viability: OnceCell::new(),
            explored: RefCell::default(),
            unanswered_decided: Cell::new(false),
            catalog,
            index,
            question,
            start,
            goals,
            start_violations: Vec::new(),
            line_distance: PerProduct::default(),
            unlisted_stops: PerProduct::default(),
            goal_hops: PerProduct::default(),
            goal_off_stops: PerProduct::default(),
            start_broken: false,
            gate_answers: Vec::new(),
        };
        search.gate_answers = (0..catalog.gates().len())
            .map(|g| search.answer_gate(g))
            .collect();
        search.goal_off_stops = PerProduct::from_fn(|p| search.goal_is_off_stops(p));
        search.start_violations = (0..catalog.compatibility().len())
            .map(|e| !search.holds(e, &start))
            .collect();
        search.start_broken = search.start_violations.contains(&true);
        for product in Product::ALL {
            search.line_distance[product] = search.distances_to_goal(product);
            if start[product] == UNLISTED {
                if let Some(version) = question.from.get(&product) {
                    search.unlisted_stops[product] =
                        stops_from(catalog, product, version, question.allow_migrations);
                }
            }
        }
        search
    }

    /// The version a slot stands for.
    fn version(&self, product: Product, slot: Slot) -> Option<&'a Version> {
        match slot {
            ABSENT => None,
            UNLISTED => self.question.from.get(&product),
            index => self
                .catalog
                .releases(product)
                .get(index as usize)
                .map(|r| &r.version),
        }
    }

    /// The versions of a state.
    fn state_of(&self, slots: &Slots) -> State {
        Product::ALL
            .into_iter()
            .filter_map(|p| self.version(p, slots[p]).map(|v| (p, v.clone())))
            .collect()
    }

    /// Runs the search and finishes its answer: a found path in the documented product
    /// order with what its warnings need, the furthest states and blockers of a dead end, or
    /// the furthest state of a search that ran out of budget.
    /// The search is spent: nothing is read from it afterwards.
    pub(crate) fn answer(self) -> Answer<'a> {
        let kind = match self.run() {
            Outcome::Found(path) => AnswerKind::Found(self.finish(&self.canonical_order(path))),
            Outcome::Exhausted(reached) => AnswerKind::NoPath(self.dead_end(&reached)),
            Outcome::LimitReached { explored, furthest } => AnswerKind::Limit {
                explored,
                furthest: self.state_of(&furthest),
            },
        };
        Answer {
            kind,
            unanswered_decided: self.unanswered_decided.get(),
        }
    }

    /// A found path (in its final order) as versions, with what its warnings need.
    fn finish(&self, path: &[(Slots, Edge)]) -> Finished<'a> {
        // The entries whose `when` holds in some state of the plan: at the start, for every
        // product; after each hop, for the product that moved.
        let mut relied = Vec::new();
        let mut rely = |e: usize| {
            relied.push(e);
            false
        };
        for product in Product::ALL {
            self.each_entry_when(product, &self.start, &mut rely);
        }
        let mut hops = Vec::with_capacity(path.len());
        let mut end = self.start;
        for (before, edge) in path {
            let after = self.after(before, edge);
            self.each_entry_when(edge.product, &after, &mut rely);
            end = after;
            let versions = (
                self.version(edge.product, before[edge.product]),
                self.version(edge.product, edge.to),
            );
            if let (Some(from), Some(to)) = versions {
                hops.push(FoundHop {
                    product: edge.product,
                    from: from.clone(),
                    to: to.clone(),
                    rule: edge.rule,
                    unfollowed: self.unfollowed_of(before, edge),
                });
            }
        }
        relied.sort_unstable();
        relied.dedup();
        let release =
            |product: Product, slot: Slot| self.catalog.releases(product).get(slot as usize);
        let mut releases: Vec<(Product, &'a Release)> = path
            .iter()
            .filter_map(|(_, edge)| release(edge.product, edge.to).map(|r| (edge.product, r)))
            .collect();
        for product in Product::ALL {
            if !self.goals[product].is_named() {
                continue;
            }
            let moved = path.iter().any(|(_, edge)| edge.product == product);
            if let Some(r) = release(product, self.start[product]).filter(|_| !moved) {
                releases.push((product, r));
            }
        }
        Finished {
            hops,
            end: self.state_of(&end),
            unlisted: Product::ALL
                .into_iter()
                .filter(|p| self.start[*p] == UNLISTED)
                .collect(),
            start_broken: self
                .start_violations
                .iter()
                .enumerate()
                .filter(|(_, violated)| **violated)
                .map(|(e, _)| e)
                .collect(),
            relied,
            releases,
        }
    }
}
