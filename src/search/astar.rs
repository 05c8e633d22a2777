//! The search proper: A* over joint states with the line-distance heuristic, the exhaustive
//! exploration that explains a refusal proved without searching, and the budget.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::index::{ABSENT, NO_LINE, UNLISTED, line_index};
use super::{Edge, Search, Slots};
use crate::version::Product;

/// The budget of the first try, and of the exploration that explains a refusal proved
/// without searching. Every real request is settled well within it.
pub(super) const QUICK_STATES: usize = 20_000;

/// The outcome of an exhaustive or successful search, in the search's own states.
pub(super) enum Outcome {
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

impl Search<'_> {
    pub(super) fn is_goal(&self, state: &Slots) -> bool {
        self.goals
            .iter()
            .zip(state.slots.iter())
            .all(|(goal, slot)| goal.is_met_by(*slot))
    }

    /// The fewest hops from each counted line of `product` to its goal's line, by a
    /// breadth-first search backwards over the relaxed line graph.
    pub(super) fn distances_to_goal(&self, product: Product) -> Option<Vec<u32>> {
        let goal = self.version(product, self.goals[product].release()?)?;
        let goal_line = line_index(self.catalog, product, &goal.line());
        let preds = &self.index.products[product].line_preds;
        let mut distance = vec![u32::MAX; self.catalog.counted_lines(product).len()];
        // NO_LINE (a line of pre-releases only) is past the end: no distances.
        *distance.get_mut(goal_line as usize)? = 0;
        let mut queue = VecDeque::from([(goal_line, 0u32)]);
        while let Some((line, hops)) = queue.pop_front() {
            for &pred in preds.get(line as usize) {
                if let Some(unset) = distance.get_mut(pred as usize).filter(|d| **d == u32::MAX) {
                    *unset = hops.saturating_add(1);
                    queue.push_back((pred, *unset));
                }
            }
        }
        Some(distance)
    }

    /// A lower bound on the hops left from `state`; `None` when a named product can never
    /// reach its target from there.
    pub(super) fn heuristic(&self, state: &Slots) -> Option<u64> {
        let mut total = 0u64;
        for product in Product::ALL {
            let (Some(goal), Some(distance)) =
                (self.goals[product].release(), &self.line_distance[product])
            else {
                continue;
            };
            let slot = state[product];
            if slot == goal {
                continue;
            }
            let line = match slot {
                ABSENT => return None,
                UNLISTED => self
                    .version(product, slot)
                    .map_or(NO_LINE, |v| line_index(self.catalog, product, &v.line())),
                slot => self.index.products[product]
                    .line_of
                    .get(slot as usize)
                    .copied()
                    .unwrap_or(NO_LINE),
            };
            // A line of pre-releases only (NO_LINE, past the end) is at least one hop away.
            let hops = match distance.get(line as usize).copied() {
                None | Some(0) => 1,
                Some(u32::MAX) => return None,
                Some(hops) => hops,
            };
            total = total.saturating_add(u64::from(hops));
        }
        Some(total)
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
    pub(super) fn run(&self) -> Outcome {
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
    pub(super) fn astar(&self, limit: usize) -> Outcome {
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
            .saturating_add(16);
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
        let mut heap = BinaryHeap::from([Reverse((h0, Reverse(0u64), 0usize))]);
        let mut edges = Vec::new();
        // Node ids are positions in `nodes`, handed out as nodes are pushed and never removed:
        // every lookup below finds its node.
        while let Some(Reverse((_, _, id))) = heap.pop() {
            let Some(node) = nodes.get_mut(id).filter(|node| !node.done) else {
                continue;
            };
            node.done = true;
            let (state, cost) = (node.state, node.cost);
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
                while let Some((prev, edge)) = nodes.get_mut(at).and_then(|n| n.prev.take()) {
                    if let Some(before) = nodes.get(prev) {
                        path.push((before.state, edge));
                    }
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
                let next_cost = cost.saturating_add(self.cost(&edge));
                let next_id = *seen.entry(next).or_insert_with(|| {
                    nodes.push(Node {
                        state: next,
                        cost: u64::MAX,
                        prev: None,
                        done: false,
                    });
                    nodes.len().saturating_sub(1)
                });
                if let Some(node) = nodes.get_mut(next_id).filter(|n| next_cost < n.cost) {
                    node.cost = next_cost;
                    node.prev = Some((id, edge));
                    let estimate = next_cost.saturating_add(h);
                    heap.push(Reverse((estimate, Reverse(next_cost), next_id)));
                }
            }
        }
        // No path: the states the search reached are what the explanation looks at.
        Outcome::Exhausted(nodes.into_iter().map(|node| node.state).collect())
    }

    /// The states reachable from the start, in breadth-first order, at most
    /// [`Question::limit`] of them: what the explanation of a refusal looks at. Only runs when
    /// there is provably no path (a target out of its product's own reach).
    pub(super) fn exhaust(&self, limit: usize) -> Vec<Slots> {
        let mut seen: FxHashSet<Slots> = FxHashSet::default();
        seen.insert(self.start);
        let mut states = vec![self.start];
        let mut next = 0;
        let mut edges = Vec::new();
        while let Some(&state) = states.get(next).filter(|_| states.len() < limit) {
            next = next.saturating_add(1);
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
}
