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

mod index;
mod obstacle;
mod viable;

use std::cell::{Cell, OnceCell, RefCell};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

pub(crate) use index::Index;
use index::{ABSENT, NO_LINE, Slot, UNLISTED, line_index, slot, stops_from};
pub(crate) use index::{is_stop, line_stop};
pub use obstacle::{Blocker, Obstacle};

use crate::catalog::{Catalog, Release, prefer_documented};
use crate::classify::{HopProblem, assess_hop, reachable_lines};
use crate::request::{Policy, State};
use crate::table::RuleId;
use crate::version::{Product, Version};

/// A joint state: one slot per product, in [`Product::ALL`] order (indexed by
/// [`Product::index`]), and, as bits, the ordered gates (`in_order`) whose sequence the path
/// to the state has broken: two paths to the same versions that differ there lead on
/// differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Slots {
    slots: [Slot; 3],
    broken: u32,
}

impl Slots {
    fn new(slots: [Slot; 3]) -> Slots {
        Slots { slots, broken: 0 }
    }
}

impl std::ops::Index<usize> for Slots {
    type Output = Slot;
    fn index(&self, product: usize) -> &Slot {
        &self.slots[product]
    }
}

impl std::ops::IndexMut<usize> for Slots {
    fn index_mut(&mut self, product: usize) -> &mut Slot {
        &mut self.slots[product]
    }
}

/// A hop target and its rule.
type Candidate = (Slot, RuleId);

/// What of a gate is unmet before a hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unmet {
    /// The requirement at this index does not hold.
    Requirement(usize),
    /// Every requirement holds, but the path brought them about out of the gate's order.
    Order,
}

/// The recommendations a hop does not follow, as bits.
const NOT_NEWEST_OF_MAJOR: u8 = 1;
const MCR_NOT_NEWEST: u8 = 2;

/// A hop the search may take.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    product: Product,
    to: Slot,
    rule: RuleId,
    /// The recommendations it does not follow ([`NOT_NEWEST_OF_MAJOR`], [`MCR_NOT_NEWEST`]).
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
    pub goals: [Option<&'a Version>; 3],
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
/// states.
#[derive(Debug)]
pub(crate) enum Answer<'c> {
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
}

/// The search for one request.
pub(crate) struct Search<'a> {
    catalog: &'a Catalog,
    index: &'a Index,
    question: Question<'a>,
    start: Slots,
    /// The slot each named product must end on.
    goals: [Option<Slot>; 3],
    start_violations: Vec<bool>,
    /// Per named product: the fewest hops from each counted line to the target's line in the
    /// relaxed line graph (`u32::MAX`: never).
    line_distance: [Option<Vec<u32>>; 3],
    /// Candidate stops from an unlisted start, computed once.
    unlisted_stops: [Vec<(Slot, RuleId)>; 3],
    /// Whether the start breaks any entry: then compatibility is checked entry by entry, as
    /// the exemptions are per entry.
    start_broken: bool,
    /// Per gate: whether it applies to this request, and whether that rests on an
    /// unanswered fact ([`Search::gate_applies`]).
    gate_answers: Vec<(bool, bool)>,
    /// Per product: whether its goal may be missing from the stops (an older patch than the
    /// newest of its line, or a pre-release), so that a hop straight to it must be tried.
    goal_off_stops: [bool; 3],
    /// The hop straight to each product's goal, by source slot, computed once per slot.
    goal_hops: [RefCell<FxHashMap<Slot, Option<Candidate>>>; 3],
    /// Set when such a gate was unmet on some hop the search looked at: then the answer may
    /// change the outcome, and the planner searches again under the other assumption.
    unanswered_decided: Cell<bool>,
    /// Which releases may be part of a plan at all (see [`viable`]): computed only for a
    /// search that the first, small budget did not settle, so that ordinary requests never
    /// pay for it.
    viability: OnceCell<viable::Viability>,
    /// The states a run that hit its limit had generated (for an explanation).
    explored: RefCell<Vec<Slots>>,
}

/// The budget of the first try, and of the exploration that explains a refusal proved
/// without searching. Every real request is settled well within it.
const QUICK_STATES: usize = 20_000;

/// The outcome of an exhaustive or successful search, in the search's own states.
enum Outcome {
    /// The hops of the cheapest plan, with the states before each.
    Found(Vec<(Slots, Edge)>),
    /// There is no path: the states reached, in discovery order (the start first; all of
    /// them, or as many as the budget allowed when the targets are provably out of reach).
    Exhausted(Vec<Slots>),
    /// The budget of states ran out before the search could tell.
    LimitReached {
        /// How many states it generated.
        explored: usize,
        /// The expanded state closest to the targets (by the heuristic).
        furthest: Slots,
    },
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
            start[product.index()] = slot_of(*product, version);
        }
        let goals = Product::ALL.map(|p| question.goals[p.index()].map(|v| slot_of(p, v)));
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
            line_distance: [None, None, None],
            unlisted_stops: [Vec::new(), Vec::new(), Vec::new()],
            goal_hops: Default::default(),
            goal_off_stops: [false; 3],
            start_broken: false,
            gate_answers: Vec::new(),
        };
        search.gate_answers = (0..catalog.gates().len())
            .map(|g| search.answer_gate(g))
            .collect();
        search.goal_off_stops = Product::ALL.map(|p| search.goal_is_off_stops(p));
        search.start_violations = (0..catalog.compatibility().len())
            .map(|e| !search.holds(e, &start))
            .collect();
        search.start_broken = search.start_violations.contains(&true);
        for product in Product::ALL {
            search.line_distance[product.index()] = search.distances_to_goal(product);
            if start[product.index()] == UNLISTED {
                if let Some(version) = question.from.get(&product) {
                    search.unlisted_stops[product.index()] =
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
            .filter_map(|p| self.version(p, slots[p.index()]).map(|v| (p, v.clone())))
            .collect()
    }

    /// Whether the product's slot lies in a resolved requirement's range.
    fn in_range(
        &self,
        resolved: &index::Resolved,
        requirement: &crate::Requirement,
        state: &Slots,
    ) -> bool {
        match state[resolved.product.index()] {
            ABSENT => false,
            UNLISTED => self
                .version(resolved.product, UNLISTED)
                .is_some_and(|v| requirement.matches(v)),
            slot => resolved.range.contains(&(slot as usize)),
        }
    }

    /// Whether compatibility entry `e` holds in `state`.
    fn holds(&self, e: usize, state: &Slots) -> bool {
        let entry = &self.catalog.compatibility()[e];
        !self.in_range(&self.index.when[e], &entry.when, state)
            || self.in_range(&self.index.requires[e], &entry.requires, state)
    }

    /// Calls `f` on each entry whose `when` matches a product's slot in `state`, until `f`
    /// returns true; returns whether it did. No allocation for listed releases.
    fn each_entry_when(
        &self,
        product: Product,
        state: &Slots,
        mut f: impl FnMut(usize) -> bool,
    ) -> bool {
        match state[product.index()] {
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
            slot => self.index.products[product.index()]
                .when_at
                .get(slot as usize)
                .iter()
                .any(|e| f(*e as usize)),
        }
    }

    /// The first entry that `state` breaks and the start did not, among those a change of
    /// `product` can affect: its own requirements, and the others' requirements on it.
    fn new_violation(&self, product: Product, state: &Slots) -> Option<usize> {
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
    fn compatible(&self, product: Product, next: &Slots) -> bool {
        if self.start_broken || next.slots.contains(&UNLISTED) {
            return self.new_violation(product, next).is_none();
        }
        let to = next[product.index()];
        let own = &self.index.products[product.index()].needs[to as usize];
        Product::ALL
            .into_iter()
            .filter(|q| *q != product)
            .all(|other| {
                let at = next[other.index()];
                let ours =
                    own[other.index()].is_none_or(|window| at != ABSENT && window.contains(at));
                let theirs = at == ABSENT
                    || self.index.products[other.index()].needs[at as usize][product.index()]
                        .is_none_or(|window| window.contains(to));
                ours && theirs
            })
    }

    /// Whether the last run met a gate on a fact the request does not answer that was unmet
    /// on some hop: only then can the answer change the outcome.
    pub(crate) fn unanswered_decided(&self) -> bool {
        self.unanswered_decided.get()
    }

    /// Whether gate `g` applies to this request, and whether that rests on a fact nobody
    /// answered (then it applies when [`Question::assume_unanswered`] says so).
    fn gate_applies(&self, g: usize) -> (bool, bool) {
        self.gate_answers.get(g).copied().unwrap_or((true, false))
    }

    /// [`Search::gate_applies`] worked out from the request's facts (once per search: the
    /// search asks for every gate on every edge).
    fn answer_gate(&self, g: usize) -> (bool, bool) {
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
    fn unmet_gate(&self, product: Product, to: Slot, state: &Slots) -> Option<(usize, Unmet)> {
        if to >= UNLISTED {
            return None;
        }
        let gates = self.catalog.gates();
        self.index.products[product.index()]
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
    fn order_broken(&self, g: usize, state: &Slots) -> bool {
        self.index
            .ordered
            .iter()
            .position(|&o| o == g)
            .is_some_and(|bit| state.broken & (1 << bit) != 0)
    }

    /// The state after `edge` from `state`: the product's new slot, and the bits of the
    /// ordered gates whose sequence the hop breaks.
    fn after(&self, state: &Slots, edge: &Edge) -> Slots {
        let mut next = *state;
        next[edge.product.index()] = edge.to;
        next.broken |= self.breaks_order(state, &next, edge.product);
        next
    }

    /// The ordered gates whose sequence a hop of `product` from `before` to `after` breaks:
    /// it brings a requirement on `product` into its range while an earlier requirement of
    /// the gate does not hold.
    fn breaks_order(&self, before: &Slots, after: &Slots, product: Product) -> u32 {
        let gates = self.catalog.gates();
        let mut bits = 0;
        for (bit, &g) in self.index.ordered.iter().enumerate() {
            if before.broken & (1 << bit) != 0 || !self.gate_applies(g).0 {
                continue;
            }
            let requires = &gates[g].requires;
            let holds = |state: &Slots, r: usize| {
                self.in_range(&self.index.gates[g].requires[r], &requires[r], state)
            };
            let broken = (1..requires.len()).any(|j| {
                requires[j].product() == product
                    && !holds(before, j)
                    && holds(after, j)
                    && (0..j).any(|i| !holds(before, i))
            });
            if broken {
                bits |= 1 << bit;
            }
        }
        bits
    }

    /// The precomputed candidate stops of one product from one slot.
    fn stops(&self, product: Product, from: Slot) -> &[(Slot, RuleId)] {
        match from {
            ABSENT => &[],
            UNLISTED => &self.unlisted_stops[product.index()],
            slot => self.index.products[product.index()].stops
                [usize::from(self.question.allow_migrations)]
            .get(slot as usize),
        }
    }

    /// The hop straight to a product's exact goal, when it is not one of the stops (an older
    /// patch of a line than its newest, or a named pre-release) and the table allows it.
    fn goal_hop(&self, product: Product, from: Slot) -> Option<(Slot, RuleId)> {
        if !self.goal_off_stops[product.index()] {
            return None;
        }
        *self.goal_hops[product.index()]
            .borrow_mut()
            .entry(from)
            .or_insert_with(|| self.find_goal_hop(product, from))
    }

    /// Whether a product's goal is something other than the newest stop of its line. The
    /// stops from any release already hold that one whenever a hop to it is allowed: they
    /// take the newest allowed stop of each line a hop reaches.
    fn goal_is_off_stops(&self, product: Product) -> bool {
        let Some(goal) = self.goals[product.index()] else {
            return false;
        };
        let Some(version) = self.version(product, goal) else {
            return false;
        };
        line_stop(self.catalog, product, version.line_key()).is_none_or(|r| r.version != *version)
    }

    fn find_goal_hop(&self, product: Product, from: Slot) -> Option<(Slot, RuleId)> {
        let goal = self.goals[product.index()]?;
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
    fn edges_into(&self, state: &Slots, edges: &mut Vec<Edge>) {
        edges.clear();
        for product in Product::ALL {
            let from = state[product.index()];
            let goal = self.goals[product.index()];
            // The stops up to the goal are sorted and below it, so the goal hop comes last
            // and the order stays sorted.
            let stops = self
                .stops(product, from)
                .iter()
                .copied()
                .filter(|(to, _)| goal.is_none_or(|g| *to <= g));
            for (to, rule) in stops.chain(self.goal_hop(product, from)) {
                if let Some(edge) = self.edge(state, product, to, rule) {
                    edges.push(edge);
                }
            }
        }
    }

    /// Checks the joint conditions of one hop: gates before, compatibility after.
    fn edge(&self, state: &Slots, product: Product, to: Slot, rule: RuleId) -> Option<Edge> {
        // Once computed, a release that can be part of no plan is not worth a state.
        if let Some(viability) = self.viability.get() {
            let viable = viability.viable[product.index()]
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
        next[product.index()] = to;
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

    /// The documented recommendations a hop does not follow.
    fn unfollowed(&self, state: &Slots, product: Product, to: Slot, rule: RuleId) -> u8 {
        let mut unfollowed = 0;
        if rule == RuleId::MajorUpgrade
            && self
                .newest_of_major(product, state[product.index()])
                .is_some()
        {
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
    fn newest_of_major(&self, product: Product, from: Slot) -> Option<Slot> {
        if from >= UNLISTED {
            return None;
        }
        // Only a newer one: a cluster on an undocumented release newer than the documented
        // ones is not asked to go back.
        self.index.products[product.index()].newest_of_major[from as usize].filter(|n| *n > from)
    }

    /// Whether the catalog ties the MKE release at `mke` to MCR: an entry of it requires MCR.
    fn runs_on_mcr(&self, mke: Slot) -> bool {
        let mut state = Slots::new([ABSENT; 3]);
        state[Product::Mke.index()] = mke;
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
    fn newest_compatible_mcr(&self, state: &Slots, mke_to: Slot) -> Option<Slot> {
        let current = self.version(Product::Mcr, state[Product::Mcr.index()])?;
        let mke_from = state[Product::Mke.index()];
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
        (0..top)
            .rev()
            .take_while(|&i| releases[i].version > *current)
            .find(|&i| self.index.products[Product::Mcr.index()].preferred[i] && fits(i))
            .map(slot)
    }

    /// Whether MCR at `mcr` and MKE at `mke` meet every entry between the two that the start
    /// did not already break.
    fn mcr_fits_mke(&self, mcr: Slot, mke: Slot) -> bool {
        let mut pair = Slots::new([ABSENT; 3]);
        pair[Product::Mcr.index()] = mcr;
        pair[Product::Mke.index()] = mke;
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
    fn mcr_upper_bound(&self, mke: Slot) -> usize {
        let mut top = self.catalog.releases(Product::Mcr).len();
        let mut state = Slots::new([ABSENT; 3]);
        state[Product::Mke.index()] = mke;
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
    fn unfollowed_of(&self, before: &Slots, edge: &Edge) -> Vec<Unfollowed> {
        let mut unfollowed = Vec::new();
        if edge.unfollowed == 0 {
            return unfollowed;
        }
        let from = before[edge.product.index()];
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
            let current = self.version(Product::Mcr, before[Product::Mcr.index()]);
            if let (Some(best), Some(current)) = (best, current) {
                unfollowed.push(Unfollowed::McrNotNewest {
                    best: best.clone(),
                    current: current.clone(),
                });
            }
        }
        unfollowed
    }

    fn cost(&self, edge: &Edge) -> u64 {
        match self.question.policy {
            Policy::Minimal => 1,
            Policy::Recommended => (u64::from(edge.unfollowed.count_ones()) << 32) + 1,
        }
    }

    fn is_goal(&self, state: &Slots) -> bool {
        self.goals
            .iter()
            .zip(&state.slots)
            .all(|(goal, slot)| goal.is_none_or(|g| g == *slot))
    }

    /// The fewest hops from each counted line of `product` to its goal's line, by a
    /// breadth-first search backwards over the relaxed line graph.
    fn distances_to_goal(&self, product: Product) -> Option<Vec<u32>> {
        let goal = self.version(product, self.goals[product.index()]?)?;
        let goal_line = line_index(self.catalog, product, &goal.line());
        if goal_line == NO_LINE {
            return None;
        }
        let preds = &self.index.products[product.index()].line_preds;
        let mut distance = vec![u32::MAX; self.catalog.counted_lines(product).len()];
        distance[goal_line as usize] = 0;
        let mut queue = VecDeque::from([goal_line]);
        while let Some(line) = queue.pop_front() {
            for &pred in preds.get(line as usize) {
                if distance[pred as usize] == u32::MAX {
                    distance[pred as usize] = distance[line as usize] + 1;
                    queue.push_back(pred);
                }
            }
        }
        Some(distance)
    }

    /// A lower bound on the hops left from `state`; `None` when a named product can never
    /// reach its target from there.
    fn heuristic(&self, state: &Slots) -> Option<u64> {
        let mut total = 0u64;
        for product in Product::ALL {
            let (Some(goal), Some(distance)) = (
                self.goals[product.index()],
                &self.line_distance[product.index()],
            ) else {
                continue;
            };
            let slot = state[product.index()];
            if slot == goal {
                continue;
            }
            let line = match slot {
                ABSENT => return None,
                UNLISTED => self
                    .version(product, slot)
                    .map_or(NO_LINE, |v| line_index(self.catalog, product, &v.line())),
                slot => self.index.products[product.index()].line_of[slot as usize],
            };
            if line == NO_LINE {
                total += 1;
                continue;
            }
            match distance[line as usize] {
                u32::MAX => return None,
                0 => total += 1,
                hops => total += u64::from(hops),
            }
        }
        Some(total)
    }

    /// Runs the search and finishes its answer: a found path in the documented product
    /// order with what its warnings need, the furthest states and blockers of a dead end, or
    /// the furthest state of a search that ran out of budget.
    pub(crate) fn answer(&self) -> Answer<'a> {
        match self.run() {
            Outcome::Found(path) => Answer::Found(self.finish(&self.canonical_order(path))),
            Outcome::Exhausted(reached) => Answer::NoPath(self.dead_end(&reached)),
            Outcome::LimitReached { explored, furthest } => Answer::Limit {
                explored,
                furthest: self.state_of(&furthest),
            },
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
                self.version(edge.product, before[edge.product.index()]),
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
            if self.goals[product.index()].is_none() {
                continue;
            }
            let moved = path.iter().any(|(_, edge)| edge.product == product);
            if let Some(r) = release(product, self.start[product.index()]).filter(|_| !moved) {
                releases.push((product, r));
            }
        }
        Finished {
            hops,
            end: self.state_of(&end),
            unlisted: Product::ALL
                .into_iter()
                .filter(|p| self.start[p.index()] == UNLISTED)
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

    /// Why there is no path, from the states reached (in discovery order): the furthest
    /// states (most targets met, then the most progress by release index, then the earliest
    /// found) and what blocks each way forward from the furthest one.
    fn dead_end(&self, states: &[Slots]) -> DeadEnd {
        let score = |state: &Slots| {
            let mut met = 0;
            let mut progress = 0u64;
            for product in Product::ALL {
                if let Some(goal) = self.goals[product.index()] {
                    let slot = state[product.index()];
                    met += u32::from(slot == goal);
                    if slot < UNLISTED {
                        progress += u64::from(slot);
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
            let at_goal = self.goals[product.index()].is_none_or(|g| g == best[product.index()]);
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
        DeadEnd { furthest, blockers }
    }

    /// Runs A* from the start.
    ///
    /// Complexity: O(S·E·k + S log S) for S states expanded (those whose cost plus heuristic
    /// is below the optimum: near the optimal path), E candidate hops per state (a few per
    /// product) and k the entries and gates that concern one release.
    ///
    /// It generates at most [`Question::limit`] states: past that it stops with
    /// [`Outcome::LimitReached`], so that no catalog can make it take unbounded time or
    /// memory.
    ///
    /// A first try on a small budget settles every real request. Past it, the search works
    /// out which releases can be part of a plan at all ([`viable`]): when the targets cannot
    /// be met, the states the first try reached explain the refusal; otherwise the search
    /// starts again, never entering a release that cannot be part of a plan.
    fn run(&self) -> Outcome {
        let first = self.astar(QUICK_STATES.min(self.question.limit));
        if !matches!(first, Outcome::LimitReached { .. }) {
            return first;
        }
        let viability = self.viability.get_or_init(|| self.viability());
        if !viability.feasible {
            return Outcome::Exhausted(self.explored.take());
        }
        if QUICK_STATES >= self.question.limit {
            return first;
        }
        self.astar(self.question.limit)
    }

    /// A* from the start over at most `limit` generated states.
    fn astar(&self, limit: usize) -> Outcome {
        struct Node {
            state: Slots,
            cost: u64,
            prev: Option<(usize, Edge)>,
            done: bool,
        }
        let Some(h0) = self.heuristic(&self.start) else {
            // A target out of its product's own reach: no plan, explain it.
            return Outcome::Exhausted(self.exhaust(limit.min(QUICK_STATES)));
        };
        // The expanded state with the smallest estimate left: the furthest, for a refusal.
        let mut furthest = (h0, self.start);
        // A* on a tight heuristic expands a few nodes per hop: size for that up front.
        let expected = usize::try_from(h0)
            .unwrap_or(0)
            .saturating_mul(8)
            .min(1 << 20)
            + 16;
        let mut nodes = Vec::with_capacity(expected);
        nodes.push(Node {
            state: self.start,
            cost: 0,
            prev: None,
            done: false,
        });
        let mut seen: FxHashMap<Slots, usize> =
            FxHashMap::with_capacity_and_hasher(expected, FxBuildHasher);
        seen.insert(self.start, 0);
        // Among equal estimates, the node with the most cost behind it goes first: with the
        // many equally short paths of a long upgrade, that walks one of them instead of all.
        let mut heap = BinaryHeap::from([Reverse((h0, u64::MAX, 0usize))]);
        let mut edges = Vec::new();
        while let Some(Reverse((_, _, id))) = heap.pop() {
            if nodes[id].done {
                continue;
            }
            nodes[id].done = true;
            let (state, cost) = (nodes[id].state, nodes[id].cost);
            if nodes.len() > limit {
                let explored = nodes.len();
                self.explored
                    .replace(nodes.into_iter().map(|node| node.state).collect());
                return Outcome::LimitReached {
                    explored,
                    furthest: furthest.1,
                };
            }
            if self.is_goal(&state) {
                let mut path = Vec::new();
                let mut at = id;
                while let Some((prev, edge)) = nodes[at].prev.take() {
                    path.push((nodes[prev].state, edge));
                    at = prev;
                }
                path.reverse();
                return Outcome::Found(path);
            }
            if let Some(h) = self.heuristic(&state).filter(|h| *h < furthest.0) {
                furthest = (h, state);
            }
            self.edges_into(&state, &mut edges);
            for edge in edges.drain(..) {
                let next = self.after(&state, &edge);
                let Some(h) = self.heuristic(&next) else {
                    continue;
                };
                let next_cost = cost + self.cost(&edge);
                let next_id = *seen.entry(next).or_insert_with(|| {
                    nodes.push(Node {
                        state: next,
                        cost: u64::MAX,
                        prev: None,
                        done: false,
                    });
                    nodes.len() - 1
                });
                if next_cost < nodes[next_id].cost {
                    nodes[next_id].cost = next_cost;
                    nodes[next_id].prev = Some((id, edge));
                    heap.push(Reverse((next_cost + h, u64::MAX - next_cost, next_id)));
                }
            }
        }
        // No path: the states the search reached are what the explanation looks at.
        Outcome::Exhausted(nodes.into_iter().map(|node| node.state).collect())
    }

    /// The states reachable from the start, in breadth-first order, at most
    /// [`Question::limit`] of them: what the explanation of a refusal looks at. Only runs when
    /// there is provably no path (a target out of its product's own reach).
    fn exhaust(&self, limit: usize) -> Vec<Slots> {
        let mut seen: FxHashSet<Slots> = FxHashSet::default();
        seen.insert(self.start);
        let mut states = vec![self.start];
        let mut next = 0;
        let mut edges = Vec::new();
        while let Some(&state) = states.get(next).filter(|_| states.len() < limit) {
            next += 1;
            self.edges_into(&state, &mut edges);
            for edge in edges.drain(..) {
                let after = self.after(&state, &edge);
                if seen.insert(after) {
                    states.push(after);
                }
            }
        }
        states
    }

    /// Reorders a found path so that, where two adjacent hops of different products could go
    /// either way, the earlier product in the documented order (MCR, MKE, MSR) goes first.
    /// The order is the vendor's rule, so it wins over the recommendations' cost; the hop
    /// count never changes. Each swap removes one inversion, so this ends.
    fn canonical_order(&self, mut path: Vec<(Slots, Edge)>) -> Vec<(Slots, Edge)> {
        let mut changed = true;
        while changed {
            changed = false;
            for i in 1..path.len() {
                if path[i].1.product >= path[i - 1].1.product {
                    continue;
                }
                if let Some(changes) = self.swap_changes(&path, i) {
                    let end = i - 1 + changes.len();
                    path.splice(i - 1..end, changes);
                    changed = true;
                }
            }
        }
        path
    }

    /// The hops from `i - 1` on, with hops `i - 1` and `i` swapped, up to where the path's
    /// states are the same again; `None` when a hop is then no longer allowed (a swap can
    /// break an ordered gate's sequence for a later hop). Once the state after the swapped
    /// pair is the one the path had there, ordered gates included, the rest is unchanged.
    fn swap_changes(&self, path: &[(Slots, Edge)], i: usize) -> Option<Vec<(Slots, Edge)>> {
        let mut changes = Vec::with_capacity(2);
        let mut state = path[i - 1].0;
        let pair = [&path[i].1, &path[i - 1].1];
        let rest = path[i + 1..].iter().map(|(_, edge)| edge);
        for (offset, edge) in pair.into_iter().chain(rest).enumerate() {
            if offset >= 2 && path[i - 1 + offset].0 == state {
                break;
            }
            let checked = self.edge(&state, edge.product, edge.to, edge.rule)?;
            let next = self.after(&state, &checked);
            changes.push((state, checked));
            state = next;
        }
        Some(changes)
    }

    /// The ways forward of `product` from `state`, each with what stops it and, for a
    /// compatibility entry that stops it, the entry's index. Only the hops that fail are
    /// returned.
    fn blockers(&self, state: &Slots, product: Product) -> Vec<(Blocker, Option<usize>)> {
        let slot_now = state[product.index()];
        let Some(from) = self.version(product, slot_now) else {
            return Vec::new();
        };
        let releases = self.catalog.releases(product);
        let goal = self.goals[product.index()].map(|g| &releases[g as usize].version);
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
    fn obstacle(
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
            let gate = &self.catalog.gates()[g];
            let obstacle = match unmet {
                Unmet::Requirement(r) => Obstacle::Gate {
                    requires: gate.requires[r].clone(),
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
        next[product.index()] = to_slot;
        self.new_violation(product, &next).map(|e| {
            let entry = &self.catalog.compatibility()[e];
            let obstacle = Obstacle::Compatibility {
                when: entry.when.clone(),
                requires: entry.requires.clone(),
            };
            (obstacle, Some(e))
        })
    }
}
