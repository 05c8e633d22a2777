//! The naive baseline: a breadth-first search over the fully materialised joint (MCR, MKE,
//! MSR) graph. Every joint state of listed releases is a node; from each, every release of
//! every product is tried as a hop and checked against the rules (`synthetic::judge_hop`, itself tested
//! row by row), the gates and the compatibility entries, read straight from the catalog. No
//! pruning, no index. It is obviously correct and slow: the property tests use it as their
//! oracle, the benches and the scale report as the baseline.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use mirantis_upgrade_planner::synthetic::judge_hop;
use mirantis_upgrade_planner::{Catalog, Product, Request, Target, Version, catalog::Release};

/// What the baseline found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It finished: the fewest hops, or `None` when the targets cannot be reached.
    Finished {
        elapsed: Duration,
        hops: Option<usize>,
    },
    /// It ran out of its time budget (or the joint graph would not fit in memory).
    OutOfTime,
}

/// The most joint states the baseline materialises.
const MAX_STATES: usize = 200_000_000;

type State = [Option<usize>; 3];

struct Baseline<'a> {
    catalog: &'a Catalog,
    request: &'a Request,
    /// Per product: how many slots (its releases, or one "not installed" slot).
    sizes: [usize; 3],
    goals: [Option<usize>; 3],
}

/// The fewest hops from the request's versions to its targets, within `budget`.
pub fn fewest_hops(catalog: &Catalog, request: &Request, budget: Duration) -> Outcome {
    let started = Instant::now();
    let sizes = Product::ALL.map(|p| {
        if request.from.contains_key(&p) {
            catalog.releases(p).len()
        } else {
            1
        }
    });
    let Some(total) = sizes
        .iter()
        .try_fold(1usize, |acc, n| acc.checked_mul(*n))
        .filter(|t| *t <= MAX_STATES)
    else {
        return Outcome::OutOfTime;
    };
    let mut baseline = Baseline {
        catalog,
        request,
        sizes,
        goals: [None; 3],
    };
    let finished = |hops| Outcome::Finished {
        elapsed: started.elapsed(),
        hops,
    };
    let (Some(start), Some(goals)) = (baseline.start(), baseline.goals()) else {
        return finished(None);
    };
    baseline.goals = goals;
    baseline.search(start, total, started, budget)
}

impl Baseline<'_> {
    fn releases(&self, product: Product) -> &[Release] {
        self.catalog.releases(product)
    }

    fn version(&self, product: Product, state: &State) -> Option<&Version> {
        state[product.index()].map(|i| &self.releases(product)[i].version)
    }

    fn start(&self) -> Option<State> {
        let mut start: State = [None; 3];
        for (product, version) in &self.request.from {
            start[product.index()] = Some(
                self.releases(*product)
                    .iter()
                    .position(|r| r.version == *version)?,
            );
        }
        Some(start)
    }

    /// The release each target names, resolved the simple way: exact, the newest release of
    /// the line, or the newest release; never a pre-release or a blocked release unless named.
    fn goals(&self) -> Option<[Option<usize>; 3]> {
        let mut goals = [None; 3];
        for (product, target) in &self.request.to {
            let current = self.request.from.get(product)?;
            let releases = self.releases(*product);
            let eligible = |r: &Release| {
                !r.version.is_pre_release()
                    && r.blocked.is_none()
                    && (self.request.allow_migrations
                        || !self.catalog.migrations().iter().any(|m| {
                            m.to.product() == *product
                                && m.to.matches(&r.version)
                                && !m.to.matches(current)
                        }))
            };
            let index = match target {
                Target::Exact(version) => releases.iter().position(|r| r.version == *version)?,
                Target::Line(line) => releases
                    .iter()
                    .rposition(|r| line.contains(&r.version) && eligible(r))?,
                Target::Major(major) => releases
                    .iter()
                    .rposition(|r| r.version.major() == *major && eligible(r))?,
                Target::Latest => releases.iter().rposition(eligible)?,
            };
            let now = releases.iter().position(|r| r.version == *current)?;
            // Already past a line or `latest` target: stay.
            goals[product.index()] = Some(if index < now && !matches!(target, Target::Exact(_)) {
                now
            } else {
                index
            });
        }
        Some(goals)
    }

    fn id(&self, state: &State) -> usize {
        state
            .iter()
            .zip(self.sizes)
            .fold(0, |id, (slot, size)| id * size + slot.unwrap_or(0))
    }

    /// Which compatibility entries a state breaks.
    fn broken(&self, state: &State) -> Vec<bool> {
        self.catalog
            .compatibility()
            .iter()
            .map(|e| {
                let when = self
                    .version(e.when.product(), state)
                    .is_some_and(|v| e.when.matches(v));
                let ok = self
                    .version(e.requires.product(), state)
                    .is_some_and(|v| e.requires.matches(v));
                when && !ok
            })
            .collect()
    }

    /// Whether moving `product` to release `to` from `state` is a supported hop.
    fn hop_allowed(&self, state: &State, product: Product, to: usize) -> bool {
        let Some(from) = self.version(product, state) else {
            return false;
        };
        let release = &self.releases(product)[to];
        let allowed = judge_hop(
            self.catalog,
            product,
            from,
            &release.version,
            self.request.allow_migrations,
        )
        .is_some_and(|(_, allowed)| allowed);
        let pre_release_stop =
            release.version.is_pre_release() && self.goals[product.index()] != Some(to);
        allowed
            && !pre_release_stop
            && self
                .catalog
                .gates()
                .iter()
                .filter(|g| g.to.product() == product && g.to.matches(&release.version))
                .filter(|g| g.if_fact.as_deref().is_none_or(|f| self.request.fact(f)))
                .all(|g| {
                    g.requires.iter().all(|r| {
                        self.version(r.product(), state)
                            .is_some_and(|v| r.matches(v))
                    })
                })
    }

    /// Breadth-first search over the materialised states.
    fn search(&self, start: State, total: usize, started: Instant, budget: Duration) -> Outcome {
        let mut distance: Vec<u32> = vec![u32::MAX; total];
        let start_broken = self.broken(&start);
        distance[self.id(&start)] = 0;
        let mut queue = VecDeque::from([start]);
        let mut visited = 0u64;
        while let Some(state) = queue.pop_front() {
            visited += 1;
            if visited % 1024 == 0 && started.elapsed() > budget {
                return Outcome::OutOfTime;
            }
            let here = distance[self.id(&state)];
            if self
                .goals
                .iter()
                .zip(&state)
                .all(|(g, slot)| g.is_none() || g == slot)
            {
                return Outcome::Finished {
                    elapsed: started.elapsed(),
                    hops: Some(here as usize),
                };
            }
            for product in Product::ALL
                .into_iter()
                .filter(|p| state[p.index()].is_some())
            {
                for to in 0..self.releases(product).len() {
                    let mut next = state;
                    next[product.index()] = Some(to);
                    let next_id = self.id(&next);
                    if distance[next_id] != u32::MAX || !self.hop_allowed(&state, product, to) {
                        continue;
                    }
                    let adds_violation = self
                        .broken(&next)
                        .iter()
                        .zip(&start_broken)
                        .any(|(now, before)| *now && !*before);
                    if !adds_violation {
                        distance[next_id] = here + 1;
                        queue.push_back(next);
                    }
                }
            }
        }
        Outcome::Finished {
            elapsed: started.elapsed(),
            hops: None,
        }
    }
}

/// What the recommended-policy oracle found: the fewest recommendations not followed, then
/// the fewest hops, or `None` when the targets cannot be reached.
pub type RecommendedCost = Option<(u32, usize)>;

/// The cheapest plan under the `recommended` policy, by Dijkstra over the materialised joint
/// states with every hop tried: the cost of a hop is one, plus one per documented
/// recommendation it does not follow, each decided here from its definition and the catalog:
///
/// - before a major hop, be on the newest release of the current major;
/// - before an MKE hop, MCR should be on the newest release that is compatible with both MKE
///   versions (adding no compatibility violation the start did not have).
///
/// "Newest release" means the newest stop: not a pre-release, not blocked, and documented
/// unless its line has no documented stop.
pub fn recommended_cost(catalog: &Catalog, request: &Request) -> RecommendedCost {
    let sizes = Product::ALL.map(|p| {
        if request.from.contains_key(&p) {
            catalog.releases(p).len()
        } else {
            1
        }
    });
    let total = sizes.iter().product::<usize>();
    let mut baseline = Baseline {
        catalog,
        request,
        sizes,
        goals: [None; 3],
    };
    let (start, goals) = (baseline.start()?, baseline.goals()?);
    baseline.goals = goals;
    baseline.dijkstra(start, total)
}

impl Baseline<'_> {
    /// Whether a release is a stop the recommendations point at.
    fn preferred_stop(&self, product: Product, index: usize) -> bool {
        let releases = self.releases(product);
        let stop = |r: &Release| !r.version.is_pre_release() && r.blocked.is_none();
        let release = &releases[index];
        let line_has_documented_stop = releases
            .iter()
            .any(|r| r.version.line() == release.version.line() && stop(r) && r.is_documented());
        stop(release) && (release.is_documented() || !line_has_documented_stop)
    }

    /// Whether MCR and MKE at these releases meet every entry between the two that the
    /// start did not already break (the recommendation is about the engine under MKE).
    fn mcr_fits_mke(&self, mcr: Option<usize>, mke: Option<usize>, start_broken: &[bool]) -> bool {
        let mut pair: State = [None; 3];
        pair[Product::Mcr.index()] = mcr;
        pair[Product::Mke.index()] = mke;
        let between = |e: &mirantis_upgrade_planner::catalog::Compatibility| {
            let products = [e.when.product(), e.requires.product()];
            products.contains(&Product::Mcr) && products.contains(&Product::Mke)
        };
        self.catalog
            .compatibility()
            .iter()
            .zip(self.broken(&pair))
            .zip(start_broken)
            .all(|((entry, broken), at_start)| !between(entry) || !broken || *at_start)
    }

    fn adds_violation(&self, state: &State, start_broken: &[bool]) -> bool {
        self.broken(state)
            .iter()
            .zip(start_broken)
            .any(|(now, before)| *now && !*before)
    }

    /// The recommendations that the hop of `product` to release `to` from `state` does not
    /// follow.
    fn unfollowed(&self, state: &State, product: Product, to: usize, start_broken: &[bool]) -> u32 {
        let Some(from_index) = state[product.index()] else {
            return 0;
        };
        let releases = self.releases(product);
        let from = &releases[from_index].version;
        let mut count = 0;
        let rule = judge_hop(self.catalog, product, from, &releases[to].version, true)
            .map(|(rule, _)| rule);
        if rule == Some(mirantis_upgrade_planner::check::RuleId::MajorUpgrade) {
            let newer_in_major = (from_index + 1..releases.len()).any(|i| {
                releases[i].version.major() == from.major() && self.preferred_stop(product, i)
            });
            count += u32::from(newer_in_major);
        }
        let runs_on_mcr = self.catalog.compatibility().iter().any(|e| {
            e.when.product() == Product::Mke
                && e.when.matches(&releases[to].version)
                && e.requires.product() == Product::Mcr
        });
        if product == Product::Mke
            && runs_on_mcr
            && rule != Some(mirantis_upgrade_planner::check::RuleId::Migration)
        {
            if let Some(mcr) = state[Product::Mcr.index()] {
                let mke_from = state[Product::Mke.index()];
                let better = (mcr + 1..self.releases(Product::Mcr).len()).any(|candidate| {
                    self.preferred_stop(Product::Mcr, candidate)
                        && [mke_from, Some(to)]
                            .iter()
                            .all(|mke| self.mcr_fits_mke(Some(candidate), *mke, start_broken))
                });
                count += u32::from(better);
            }
        }
        count
    }

    fn dijkstra(&self, start: State, total: usize) -> RecommendedCost {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let start_broken = self.broken(&start);
        let mut best: Vec<Option<(u32, usize)>> = vec![None; total];
        best[self.id(&start)] = Some((0, 0));
        let mut heap = BinaryHeap::from([Reverse(((0u32, 0usize), start))]);
        while let Some(Reverse((cost, state))) = heap.pop() {
            if best[self.id(&state)].is_some_and(|known| known < cost) {
                continue;
            }
            if self
                .goals
                .iter()
                .zip(&state)
                .all(|(g, slot)| g.is_none() || g == slot)
            {
                return Some(cost);
            }
            for product in Product::ALL
                .into_iter()
                .filter(|p| state[p.index()].is_some())
            {
                for to in 0..self.releases(product).len() {
                    let mut next = state;
                    next[product.index()] = Some(to);
                    if next == state
                        || !self.hop_allowed(&state, product, to)
                        || self.adds_violation(&next, &start_broken)
                    {
                        continue;
                    }
                    let unfollowed = self.unfollowed(&state, product, to, &start_broken);
                    let next_cost = (cost.0 + unfollowed, cost.1 + 1);
                    let id = self.id(&next);
                    if best[id].is_none_or(|known| next_cost < known) {
                        best[id] = Some(next_cost);
                        heap.push(Reverse((next_cost, next)));
                    }
                }
            }
        }
        None
    }
}
