//! The joint-state search: a Dijkstra over (MCR, MKE, MSR) states, generated lazily.
//!
//! A state holds one slot per product: an index into the catalog's sorted releases, the
//! request's unlisted current version, or "not installed". From a state, each installed
//! product may hop to the newest allowed stop of each line it can reach (its own line, the
//! next line, the first line of the next major, a migration's lines) or to its exact target.
//! A hop is an edge when the table allows it, every gate on it holds in the state before, and
//! the state after breaks no compatibility entry that the start did not already break.
//!
//! Costs are `(recommendations not followed, hops)` for `recommended` and `hops` for
//! `minimal`, packed into one `u64`. Ties break by discovery order, which is deterministic.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;

use crate::catalog::{Catalog, Compatibility, Gate, Release};
use crate::classify::{HopProblem, assess_hop, gates_guarding, newest_stop, reachable_lines};
use crate::plan::{Blocker, Obstacle, Policy, Request};
use crate::table::RuleId;
use crate::version::{Product, Version};

/// One product's place in a state.
pub(crate) type Slot = u32;
/// The product is not installed.
pub(crate) const ABSENT: Slot = u32::MAX;
/// The product is on the request's current version, which the catalog does not list.
pub(crate) const UNLISTED: Slot = u32::MAX - 1;

/// A joint state: one slot per product, in [`Product::ALL`] order.
pub(crate) type Slots = [Slot; 3];

/// What the planner precomputes once per catalog.
#[derive(Debug)]
pub(crate) struct Index {
    /// For each compatibility entry, the release ranges its `when` and `requires` match.
    entries: Vec<EntryRanges>,
    /// For each product, the compatibility entries that mention it.
    entries_of: [Vec<usize>; 3],
    /// For each product and release, the newest allowed release of the same major (for the
    /// "be on the newest release of your major first" recommendation).
    newest_of_major: [Vec<Option<u32>>; 3],
}

#[derive(Debug)]
struct EntryRanges {
    when: Range<usize>,
    requires: Range<usize>,
}

fn versions(catalog: &Catalog, product: Product) -> Vec<Version> {
    catalog
        .releases(product)
        .iter()
        .map(|r| r.version.clone())
        .collect()
}

/// Whether a release may be a stop: not blocked and not a pre-release.
fn is_stop(release: &Release) -> bool {
    release.blocked.is_none() && !release.version.is_pre_release()
}

impl Index {
    pub(crate) fn new(catalog: &Catalog) -> Index {
        let sorted: [Vec<Version>; 3] = Product::ALL.map(|p| versions(catalog, p));
        let entries = catalog
            .compatibility()
            .iter()
            .map(|entry| EntryRanges {
                when: entry
                    .when
                    .index_range(&sorted[entry.when.product().index()]),
                requires: entry
                    .requires
                    .index_range(&sorted[entry.requires.product().index()]),
            })
            .collect();
        let entries_of = Product::ALL.map(|product| {
            catalog
                .compatibility()
                .iter()
                .enumerate()
                .filter(|(_, e)| e.when.product() == product || e.requires.product() == product)
                .map(|(i, _)| i)
                .collect()
        });
        let newest_of_major = Product::ALL.map(|product| {
            let releases = catalog.releases(product);
            let mut newest = vec![None; releases.len()];
            let mut best: Option<(u64, u32)> = None;
            for (i, release) in releases.iter().enumerate().rev() {
                let major = release.version.major();
                if best.is_none_or(|(m, _)| m != major) {
                    best = None;
                }
                if best.is_none() && is_stop(release) {
                    best = Some((major, slot(i)));
                }
                newest[i] = best.map(|(_, s)| s);
            }
            newest
        });
        Index {
            entries,
            entries_of,
            newest_of_major,
        }
    }
}

fn slot(index: usize) -> Slot {
    Slot::try_from(index).unwrap_or(UNLISTED)
}

/// A hop the search may take, with the recommendations it does not follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edge {
    pub product: Product,
    pub to: Slot,
    pub rule: RuleId,
    pub unfollowed: Vec<String>,
}

/// The search for one request.
pub(crate) struct Search<'a> {
    catalog: &'a Catalog,
    index: &'a Index,
    request: &'a Request,
    pub start: Slots,
    /// The slot each named product must end on.
    pub goals: [Option<Slot>; 3],
    start_violations: Vec<bool>,
    /// Candidate hops of one product from one slot, before joint checks.
    candidates: HashMap<(Product, Slot), Vec<(Slot, RuleId)>>,
}

/// The outcome of an exhaustive or successful search.
pub(crate) enum Outcome {
    /// The hops of the cheapest plan, with the states before each.
    Found(Vec<(Slots, Edge)>),
    /// Every reachable state, in discovery order (the start first).
    Exhausted(Vec<Slots>),
}

impl<'a> Search<'a> {
    pub(crate) fn new(
        catalog: &'a Catalog,
        index: &'a Index,
        request: &'a Request,
        start: Slots,
        goals: [Option<Slot>; 3],
    ) -> Search<'a> {
        let mut search = Search {
            catalog,
            index,
            request,
            start,
            goals,
            start_violations: Vec::new(),
            candidates: HashMap::new(),
        };
        search.start_violations = (0..catalog.compatibility().len())
            .map(|e| !search.holds(e, &start))
            .collect();
        search
    }

    /// The catalog searched.
    pub(crate) fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    /// The version a slot stands for.
    pub(crate) fn version(&self, product: Product, slot: Slot) -> Option<&'a Version> {
        match slot {
            ABSENT => None,
            UNLISTED => self.request.from.get(&product),
            index => self
                .catalog
                .releases(product)
                .get(index as usize)
                .map(|r| &r.version),
        }
    }

    /// The compatibility entries the start already violates.
    pub(crate) fn start_violations(&self) -> impl Iterator<Item = &'a Compatibility> + '_ {
        self.catalog
            .compatibility()
            .iter()
            .zip(&self.start_violations)
            .filter(|(_, violated)| **violated)
            .map(|(entry, _)| entry)
    }

    fn in_range(
        &self,
        product: Product,
        slot: Slot,
        range: &Range<usize>,
        req: &crate::Requirement,
    ) -> bool {
        match slot {
            ABSENT => false,
            UNLISTED => self.version(product, slot).is_some_and(|v| req.matches(v)),
            index => range.contains(&(index as usize)),
        }
    }

    /// Whether compatibility entry `e` holds in `state`.
    pub(crate) fn holds(&self, e: usize, state: &Slots) -> bool {
        let entry = &self.catalog.compatibility()[e];
        let ranges = &self.index.entries[e];
        let (when, requires) = (entry.when.product(), entry.requires.product());
        !self.in_range(when, state[when.index()], &ranges.when, &entry.when)
            || self.in_range(
                requires,
                state[requires.index()],
                &ranges.requires,
                &entry.requires,
            )
    }

    /// The first entry mentioning `product` that `state` breaks and the start did not.
    fn new_violation(&self, product: Product, state: &Slots) -> Option<usize> {
        self.index.entries_of[product.index()]
            .iter()
            .copied()
            .find(|&e| !self.start_violations[e] && !self.holds(e, state))
    }

    fn state_matches(&self, req: &crate::Requirement, state: &Slots) -> bool {
        self.version(req.product(), state[req.product().index()])
            .is_some_and(|v| req.matches(v))
    }

    /// The gates on a hop of `product` to `to` that apply to this request.
    fn active_gates<'s>(
        &'s self,
        product: Product,
        to: &'s Version,
    ) -> impl Iterator<Item = &'a Gate> + 's {
        gates_guarding(self.catalog, product, to).filter(|gate| {
            gate.if_fact
                .as_deref()
                .is_none_or(|fact| self.request.fact(fact))
        })
    }

    /// The first unmet gate requirement on a hop, with its gate.
    fn unmet_gate(
        &self,
        product: Product,
        to: &Version,
        state: &Slots,
    ) -> Option<(&'a Gate, String)> {
        self.active_gates(product, to).find_map(|gate| {
            gate.requires
                .iter()
                .find(|req| !self.state_matches(req, state))
                .map(|req| (gate, req.to_string()))
        })
    }

    /// Candidate hops of one product from one slot: the newest allowed stop of every line it
    /// can reach, and its exact goal; none beyond the goal.
    fn candidates(&mut self, product: Product, from: Slot) -> Vec<(Slot, RuleId)> {
        if let Some(cached) = self.candidates.get(&(product, from)) {
            return cached.clone();
        }
        let Some(from_version) = self.version(product, from) else {
            return Vec::new();
        };
        let releases = self.catalog.releases(product);
        let goal = self.goals[product.index()];
        let allow = self.request.allow_migrations;
        let mut found: Vec<(Slot, RuleId)> = Vec::new();
        let mut push = |target: Slot| {
            if goal.is_some_and(|g| target > g) || found.iter().any(|(s, _)| *s == target) {
                return;
            }
            let version = &releases[target as usize].version;
            if let Some(a) = assess_hop(self.catalog, product, from_version, version, allow) {
                if a.is_allowed() {
                    found.push((target, a.rule));
                }
            }
        };
        for line in reachable_lines(self.catalog, product, from_version) {
            if let Some(g) = goal.filter(|g| line.contains(&releases[*g as usize].version)) {
                push(g);
            }
            if let Some(stop) = newest_stop(self.catalog, product, from_version, &line, allow) {
                push(slot(releases.partition_point(|r| r.version < stop.version)));
            }
        }
        found.sort_unstable();
        self.candidates.insert((product, from), found.clone());
        found
    }

    /// The hops allowed from `state`, in product order, then version order.
    pub(crate) fn edges(&mut self, state: &Slots) -> Vec<Edge> {
        let mut edges = Vec::new();
        for product in Product::ALL {
            for (to, rule) in self.candidates(product, state[product.index()]) {
                if let Some(edge) = self.edge(state, product, to, rule) {
                    edges.push(edge);
                }
            }
        }
        edges
    }

    /// Checks the joint conditions of one hop: gates before, compatibility after.
    pub(crate) fn edge(
        &self,
        state: &Slots,
        product: Product,
        to: Slot,
        rule: RuleId,
    ) -> Option<Edge> {
        let to_version = self.version(product, to)?;
        if self.unmet_gate(product, to_version, state).is_some() {
            return None;
        }
        let mut next = *state;
        next[product.index()] = to;
        if self.new_violation(product, &next).is_some() {
            return None;
        }
        let unfollowed = match self.request.policy {
            Policy::Minimal => Vec::new(),
            Policy::Recommended => self.unfollowed(state, product, to, rule),
        };
        Some(Edge {
            product,
            to,
            rule,
            unfollowed,
        })
    }

    /// The documented recommendations a hop does not follow, as sentences.
    fn unfollowed(&self, state: &Slots, product: Product, to: Slot, rule: RuleId) -> Vec<String> {
        let mut unfollowed = Vec::new();
        let from = state[product.index()];
        let from_version = self.version(product, from);
        let to_version = self.version(product, to);
        if let (RuleId::MajorUpgrade, Some(from_v), Some(to_v)) = (rule, from_version, to_version) {
            let newest = if from == UNLISTED {
                None
            } else {
                self.index.newest_of_major[product.index()][from as usize]
            };
            if let Some(newest) = newest.filter(|n| *n != from) {
                let newest_v = self.version(product, newest).map_or("", Version::as_str);
                unfollowed.push(format!(
                    "before the major upgrade {product} {from_v} -> {to_v}, be on {newest_v}, the newest release of {product} {} (strongly recommended)",
                    from_v.major()
                ));
            }
        }
        if product == Product::Mke {
            if let Some(message) = self.mcr_not_newest(state, to) {
                unfollowed.push(message);
            }
        }
        unfollowed
    }

    /// "MCR should be updated to the most recent version before installing or updating MKE":
    /// the newest MCR release compatible with the MKE versions before and after the hop.
    fn mcr_not_newest(&self, state: &Slots, mke_to: Slot) -> Option<String> {
        let mcr = state[Product::Mcr.index()];
        let mcr_version = self.version(Product::Mcr, mcr)?;
        let mut after = *state;
        after[Product::Mke.index()] = mke_to;
        let releases = self.catalog.releases(Product::Mcr);
        let compatible = |index: usize| {
            let mut before_state = *state;
            before_state[Product::Mcr.index()] = slot(index);
            let mut after_state = after;
            after_state[Product::Mcr.index()] = slot(index);
            self.new_violation(Product::Mcr, &before_state).is_none()
                && self.new_violation(Product::Mcr, &after_state).is_none()
        };
        let best = (0..releases.len())
            .rev()
            .take_while(|&i| releases[i].version > *mcr_version)
            .find(|&i| is_stop(&releases[i]) && compatible(i))?;
        let mke = |s: &Slots| {
            self.version(Product::Mke, s[Product::Mke.index()])
                .map_or("", Version::as_str)
        };
        Some(format!(
            "before mke {} -> {}, MCR should be on {}, the newest release compatible with both (it is on {mcr_version})",
            mke(state),
            mke(&after),
            releases[best].version
        ))
    }

    fn cost(&self, edge: &Edge) -> u64 {
        match self.request.policy {
            Policy::Minimal => 1,
            Policy::Recommended => ((edge.unfollowed.len() as u64) << 32) + 1,
        }
    }

    fn is_goal(&self, state: &Slots) -> bool {
        self.goals
            .iter()
            .zip(state)
            .all(|(goal, slot)| goal.is_none_or(|g| g == *slot))
    }

    /// Runs Dijkstra from the start.
    ///
    /// Complexity: O(S·E·(C + G) + S log S) for S reachable states with cost below the
    /// optimum, E candidate hops per state (a few per product), C compatibility entries and
    /// G gates per product.
    pub(crate) fn run(&mut self) -> Outcome {
        struct Node {
            state: Slots,
            cost: u64,
            prev: Option<(usize, Edge)>,
            done: bool,
        }
        let mut nodes = vec![Node {
            state: self.start,
            cost: 0,
            prev: None,
            done: false,
        }];
        let mut seen: HashMap<Slots, usize> = HashMap::from([(self.start, 0)]);
        let mut heap = BinaryHeap::from([Reverse((0u64, 0usize))]);
        while let Some(Reverse((cost, id))) = heap.pop() {
            if nodes[id].done || cost > nodes[id].cost {
                continue;
            }
            nodes[id].done = true;
            let state = nodes[id].state;
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
            for edge in self.edges(&state) {
                let mut next = state;
                next[edge.product.index()] = edge.to;
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
                    heap.push(Reverse((next_cost, next_id)));
                }
            }
        }
        Outcome::Exhausted(nodes.into_iter().map(|n| n.state).collect())
    }

    /// Reorders a found path so that, where two adjacent hops of different products could go
    /// either way, the earlier product in the documented order (MCR, MKE, MSR) goes first.
    /// The order is the vendor's rule, so it wins over the recommendations' cost; the hop
    /// count never changes. Each swap removes one inversion, so this ends.
    pub(crate) fn canonical_order(&self, mut path: Vec<(Slots, Edge)>) -> Vec<(Slots, Edge)> {
        let mut changed = true;
        while changed {
            changed = false;
            for i in 1..path.len() {
                let (before, first) = (&path[i - 1].0, &path[i - 1].1);
                let second = &path[i].1;
                if second.product >= first.product {
                    continue;
                }
                let Some(new_first) = self.edge(before, second.product, second.to, second.rule)
                else {
                    continue;
                };
                let mut middle = *before;
                middle[second.product.index()] = second.to;
                let Some(new_second) = self.edge(&middle, first.product, first.to, first.rule)
                else {
                    continue;
                };
                path[i - 1] = (*before, new_first);
                path[i] = (middle, new_second);
                changed = true;
            }
        }
        path
    }

    /// The ways forward of `product` from `state`, each with what stops it. Only the hops
    /// that fail are returned.
    pub(crate) fn blockers(&self, state: &Slots, product: Product) -> Vec<Blocker> {
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
                None => self
                    .catalog
                    .line_releases(product, &line)
                    .iter()
                    .rev()
                    .find(|r| is_stop(r) && goal.is_none_or(|g| r.version <= *g))
                    .map(|r| &r.version),
            };
            let Some(to) = target.filter(|to| *to > from) else {
                continue;
            };
            if let Some(obstacle) = self.obstacle(state, product, from, to) {
                let message = self.describe(state, product, from, to, &obstacle);
                blockers.push(Blocker {
                    product,
                    from: from.clone(),
                    to: to.clone(),
                    obstacle,
                    message,
                });
            }
        }
        blockers
    }

    /// What stops the hop `product: from -> to` from `state`, if anything.
    fn obstacle(
        &self,
        state: &Slots,
        product: Product,
        from: &Version,
        to: &Version,
    ) -> Option<Obstacle> {
        let assessment = assess_hop(
            self.catalog,
            product,
            from,
            to,
            self.request.allow_migrations,
        )?;
        if let Some(problem) = assessment.problem {
            return Some(match problem {
                HopProblem::MigrationRequired { tool } => Obstacle::MigrationNotAllowed { tool },
                HopProblem::NoMigrationFrom { sources, .. } => Obstacle::NoMigration { sources },
                HopProblem::Blocked { reason } => Obstacle::Blocked { reason },
                _ => Obstacle::Rule {
                    rule: assessment.rule,
                },
            });
        }
        if let Some((gate, requires)) = self.unmet_gate(product, to, state) {
            return Some(Obstacle::Gate {
                requires,
                reason: gate.reason.clone(),
            });
        }
        let releases = self.catalog.releases(product);
        let to_slot = slot(releases.partition_point(|r| r.version < *to));
        let mut next = *state;
        next[product.index()] = to_slot;
        self.new_violation(product, &next).map(|e| {
            let entry = &self.catalog.compatibility()[e];
            Obstacle::Compatibility {
                when: entry.when.to_string(),
                requires: entry.requires.to_string(),
            }
        })
    }

    fn describe(
        &self,
        state: &Slots,
        product: Product,
        from: &Version,
        to: &Version,
        obstacle: &Obstacle,
    ) -> String {
        let hop = format!("{product} {from} -> {to}");
        let installed = |p: Product| {
            self.version(p, state[p.index()]).map_or_else(
                || format!("{p} is not installed"),
                |v| format!("{p} is {v}"),
            )
        };
        match obstacle {
            Obstacle::Rule { rule } => match rule.rule() {
                Some(row) => format!(
                    "{hop}: the upgrade table refuses it ({rule}: {})",
                    row.description
                ),
                None => format!("{hop}: refused by rule {rule}"),
            },
            Obstacle::MigrationNotAllowed { tool } => {
                format!("{hop}: this is a migration with {tool}, and migrations are not allowed")
            }
            Obstacle::NoMigration { sources } => format!(
                "{hop}: reached only by a migration, which starts from {}",
                sources.join(" or ")
            ),
            Obstacle::Blocked { reason } => format!("{hop}: {product} {to} is blocked: {reason}"),
            Obstacle::Gate { requires, reason } => {
                let needed = requires
                    .split(' ')
                    .next()
                    .and_then(|p| p.parse::<Product>().ok());
                let now = needed
                    .map(|p| format!(", and {}", installed(p)))
                    .unwrap_or_default();
                format!("{hop}: gate '{requires}' is not met{now}: {reason}")
            }
            Obstacle::Compatibility { when, requires } => {
                let required = requires
                    .split(' ')
                    .next()
                    .and_then(|p| p.parse::<Product>().ok());
                let when_product = when
                    .split(' ')
                    .next()
                    .and_then(|p| p.parse::<Product>().ok());
                if when_product == Some(product) {
                    let now = required.map(installed).unwrap_or_default();
                    format!("{hop}: '{when}' requires '{requires}', but {now}")
                } else {
                    let holder = when_product.map(installed).unwrap_or_default();
                    format!(
                        "{hop}: {holder}, and '{when}' requires '{requires}', which {product} {to} is not"
                    )
                }
            }
        }
    }
}
