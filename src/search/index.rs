//! What the planner precomputes once per catalog, so that a search step costs a few array
//! lookups: compatibility entries and gates by the releases they concern, each release's
//! candidate stops, and the line graph the search's heuristic walks.

use std::ops::Range;

use crate::catalog::{Catalog, Release, prefer_documented};
use crate::classify::{assess_hop, newest_stop, reachable_lines};
use crate::table::RuleId;
use crate::version::{Line, PerProduct, Product, Version};

/// One product's place in a state: an index into the catalog's sorted releases, or one of
/// the two sentinels below.
pub(crate) type Slot = u32;
/// The product is not installed.
pub(crate) const ABSENT: Slot = u32::MAX;
/// The product is on the request's current version, which the catalog does not list.
pub(crate) const UNLISTED: Slot = u32::MAX - 1;
/// A line index for releases on a line made only of pre-releases.
pub(crate) const NO_LINE: u32 = u32::MAX;

pub(crate) fn slot(index: usize) -> Slot {
    Slot::try_from(index).unwrap_or(UNLISTED)
}

/// Lists of items for each of `n` keys, stored flat (compressed sparse rows).
#[derive(Debug, Default)]
pub(crate) struct Rows<T> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T> Rows<T> {
    /// Builds the rows from the keys and the items of each, in key order.
    fn build<K>(
        keys: impl Iterator<Item = K>,
        mut items_of: impl FnMut(K, &mut Vec<T>),
    ) -> Rows<T> {
        let mut rows = Rows {
            offsets: vec![0],
            items: Vec::new(),
        };
        for key in keys {
            items_of(key, &mut rows.items);
            rows.offsets
                .push(u32::try_from(rows.items.len()).unwrap_or(u32::MAX));
        }
        rows
    }

    /// The items of `key` (empty for a key out of range).
    pub(crate) fn get(&self, key: usize) -> &[T] {
        let (Some(start), Some(end)) = (
            self.offsets.get(key),
            self.offsets.get(key.saturating_add(1)),
        ) else {
            return &[];
        };
        self.items
            .get(*start as usize..*end as usize)
            .unwrap_or(&[])
    }
}

/// A requirement resolved to the release range it matches.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub product: Product,
    pub range: Range<usize>,
}

/// A gate with its requirements resolved.
#[derive(Debug)]
pub(crate) struct GateIndex {
    pub requires: Vec<Resolved>,
}

/// The index of one product.
#[derive(Debug)]
pub(crate) struct ProductIndex {
    /// For each release: the compatibility entries whose `when` matches it.
    pub when_at: Rows<u32>,
    /// For each release: the gates whose `to` matches it.
    pub gates_at: Rows<u32>,
    /// For each release, without and with migrations allowed: the candidate stops (the
    /// newest allowed stop of every line one hop reaches), with their rule.
    pub stops: Stops,
    /// For each release: the index of its line in the catalog's counted lines.
    pub line_of: Vec<u32>,
    /// For each counted line: the lines one hop can come from. A relaxation of the real
    /// hops (any release of the line may be the source, any verdict), which is what makes
    /// the search's heuristic admissible.
    pub line_preds: Rows<u32>,
    /// For each release: the newest stop of its major (the "newest release of your major"
    /// recommendation), documented when one is.
    pub newest_of_major: Vec<Option<Slot>>,
    /// For each release: whether the search chooses it as a stop by default (see
    /// [`line_stop`]).
    pub preferred: Vec<bool>,
    /// For each release: what its compatibility entries require of each product, as the
    /// intersection of their ranges (`None`: no requirement on that product). A state with
    /// this release is compatible when every other product's slot lies in its range.
    pub needs: Vec<PerProduct<Option<Window>>>,
}

/// For each release, the candidate stops without and with migrations allowed.
#[derive(Debug)]
pub(crate) struct Stops {
    pub without_migrations: Rows<(Slot, RuleId)>,
    pub with_migrations: Rows<(Slot, RuleId)>,
}

impl Stops {
    /// The stops of each release when migrations are (or are not) allowed.
    pub(crate) fn allowing(&self, migrations: bool) -> &Rows<(Slot, RuleId)> {
        if migrations {
            &self.with_migrations
        } else {
            &self.without_migrations
        }
    }
}

/// A range of release indices `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub start: u32,
    pub end: u32,
}

impl Window {
    pub(crate) fn contains(self, slot: Slot) -> bool {
        self.start <= slot && slot < self.end
    }
}

/// What the planner precomputes once per catalog.
#[derive(Debug)]
pub(crate) struct Index {
    /// For each compatibility entry: the release ranges of its `when` and `requires`.
    pub when: Vec<Resolved>,
    pub requires: Vec<Resolved>,
    pub gates: Vec<GateIndex>,
    pub products: PerProduct<ProductIndex>,
    /// The gates whose requirements must come true in order, by their bit in
    /// [`super::Slots::broken`].
    pub ordered: Vec<usize>,
}

/// Whether a release may be a stop: not blocked and not a pre-release.
pub(crate) fn is_stop(release: &Release) -> bool {
    release.blocked.is_none() && !release.version.is_pre_release()
}

/// The stop a line offers by default: its newest documented stop, or its newest stop when
/// none is documented.
pub(crate) fn line_stop(
    catalog: &Catalog,
    product: Product,
    line_key: (u64, u64),
) -> Option<&Release> {
    prefer_documented(
        catalog
            .line_releases_by_key(product, line_key)
            .iter()
            .rev()
            .filter(|r| is_stop(r)),
    )
}

/// For each release, whether it is a stop the search chooses by default: a stop that is
/// documented, or one on a line with no documented stop.
fn preferred(catalog: &Catalog, product: Product) -> Vec<bool> {
    catalog
        .releases(product)
        .iter()
        .map(|release| {
            is_stop(release)
                && (release.is_documented()
                    || line_stop(catalog, product, release.version.line_key())
                        .is_some_and(|stop| !stop.is_documented()))
        })
        .collect()
}

fn versions(catalog: &Catalog, product: Product) -> Vec<Version> {
    catalog
        .releases(product)
        .iter()
        .map(|r| r.version.clone())
        .collect()
}

fn resolve(
    requirement: &crate::requirement::Requirement,
    sorted: &PerProduct<Vec<Version>>,
) -> Resolved {
    let product = requirement.product();
    Resolved {
        product,
        range: requirement.index_range(&sorted[product]),
    }
}

/// For each release of a product, the items whose range contains it.
///
/// Complexity: O(R + the total length of the ranges).
fn by_release(count: usize, ranges: impl Iterator<Item = Range<usize>>) -> Rows<u32> {
    let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); count];
    for (item, range) in ranges.enumerate() {
        let item = u32::try_from(item).unwrap_or(u32::MAX);
        for bucket in buckets.iter_mut().take(range.end).skip(range.start) {
            bucket.push(item);
        }
    }
    Rows::build(buckets.iter(), |bucket, items| {
        items.extend_from_slice(bucket);
    })
}

impl Index {
    /// Complexity: O(R·(E + L)) for R releases, E entries and gates, and L lines a hop can
    /// reach from a release (a handful, unless a catalog allows skipping lines).
    pub(crate) fn new(catalog: &Catalog) -> Index {
        let sorted = PerProduct::from_fn(|p| versions(catalog, p));
        let when: Vec<Resolved> = catalog
            .compatibility()
            .iter()
            .map(|e| resolve(&e.when, &sorted))
            .collect();
        let requires_list: Vec<Resolved> = catalog
            .compatibility()
            .iter()
            .map(|e| resolve(&e.requires, &sorted))
            .collect();
        let gates = catalog
            .gates()
            .iter()
            .map(|g| GateIndex {
                requires: g.requires.iter().map(|r| resolve(r, &sorted)).collect(),
            })
            .collect();
        let gate_to: Vec<Resolved> = catalog
            .gates()
            .iter()
            .map(|g| resolve(&g.to, &sorted))
            .collect();
        let products = PerProduct::from_fn(|product| {
            let count = sorted[product].len();
            let of = |list: &[Resolved]| {
                list.iter()
                    .map(|r| {
                        if r.product == product {
                            r.range.clone()
                        } else {
                            0..0
                        }
                    })
                    .collect::<Vec<_>>()
                    .into_iter()
            };
            ProductIndex {
                when_at: by_release(count, of(&when)),
                gates_at: by_release(count, of(&gate_to)),
                stops: Stops {
                    without_migrations: stops(catalog, product, false),
                    with_migrations: stops(catalog, product, true),
                },
                line_of: line_of(catalog, product),
                line_preds: line_preds(catalog, product),
                newest_of_major: newest_of_major(catalog, product),
                preferred: preferred(catalog, product),
                needs: needs(product, count, &when, &requires_list),
            }
        });
        let ordered = (catalog.gates().iter().enumerate())
            .filter(|(_, gate)| gate.in_order)
            .map(|(g, _)| g)
            .collect();
        Index {
            when,
            requires: requires_list,
            gates,
            products,
            ordered,
        }
    }
}

/// The candidate stops from a version: the newest allowed stop of every line a hop reaches.
pub(crate) fn stops_from(
    catalog: &Catalog,
    product: Product,
    from: &Version,
    allow: bool,
) -> Vec<(Slot, RuleId)> {
    let releases = catalog.releases(product);
    let mut stops: Vec<(Slot, RuleId)> = reachable_lines(catalog, product, from)
        .iter()
        .filter_map(|line| newest_stop(catalog, product, from, line, allow))
        .filter_map(|stop| {
            let rule = assess_hop(catalog, product, from, &stop.version, allow)?.rule;
            Some((
                slot(releases.partition_point(|r| r.version < stop.version)),
                rule,
            ))
        })
        .collect();
    stops.sort_unstable();
    stops.dedup_by_key(|(s, _)| *s);
    stops
}

fn stops(catalog: &Catalog, product: Product, allow: bool) -> Rows<(Slot, RuleId)> {
    let releases = catalog.releases(product);
    Rows::build(releases.iter(), |release, items| {
        items.extend(stops_from(catalog, product, &release.version, allow));
    })
}

/// The counted-line index of a version's line, or [`NO_LINE`].
pub(crate) fn line_index(catalog: &Catalog, product: Product, line: &Line) -> u32 {
    let lines = catalog.counted_lines(product);
    lines
        .binary_search(line)
        .ok()
        .and_then(|i| u32::try_from(i).ok())
        .unwrap_or(NO_LINE)
}

fn line_of(catalog: &Catalog, product: Product) -> Vec<u32> {
    catalog
        .releases(product)
        .iter()
        .map(|r| line_index(catalog, product, &r.version.line()))
        .collect()
}

/// For each counted line, the lines a single hop can come from, over every release of the
/// line as the source. It takes every line `reachable_lines` names, whether or not a hop
/// there is allowed: a superset of the real hops, which keeps the heuristic a lower bound.
fn line_preds(catalog: &Catalog, product: Product) -> Rows<u32> {
    let lines = catalog.counted_lines(product);
    let mut preds: Vec<Vec<u32>> = vec![Vec::new(); lines.len()];
    for (from_index, line) in lines.iter().enumerate() {
        let from = u32::try_from(from_index).unwrap_or(u32::MAX);
        for release in catalog.line_releases(product, line) {
            for target in reachable_lines(catalog, product, &release.version) {
                let index = line_index(catalog, product, &target);
                // NO_LINE is past the end of `preds`: such a line has no entry.
                if let Some(preds) = preds.get_mut(index as usize) {
                    if !preds.contains(&from) {
                        preds.push(from);
                    }
                }
            }
        }
    }
    Rows::build(preds.iter(), |preds, items| items.extend_from_slice(preds))
}

/// For each release of `product`, the intersection, per other product, of the ranges its
/// compatibility entries require.
///
/// Complexity: O(R + the total length of the entries' `when` ranges).
fn needs(
    product: Product,
    count: usize,
    when: &[Resolved],
    requires: &[Resolved],
) -> Vec<PerProduct<Option<Window>>> {
    let mut needs = vec![PerProduct::default(); count];
    for (when, requires) in when.iter().zip(requires) {
        if when.product != product {
            continue;
        }
        let window = Window {
            start: slot(requires.range.start),
            end: slot(requires.range.end),
        };
        for need in needs.iter_mut().take(when.range.end).skip(when.range.start) {
            let need: &mut Option<Window> = &mut need[requires.product];
            *need = Some(match *need {
                None => window,
                Some(w) => Window {
                    start: w.start.max(window.start),
                    end: w.end.min(window.end),
                },
            });
        }
    }
    needs
}

fn newest_of_major(catalog: &Catalog, product: Product) -> Vec<Option<Slot>> {
    let releases = catalog.releases(product);
    let preferred = preferred(catalog, product);
    let mut newest = vec![None; releases.len()];
    let mut best: Option<(u64, Slot)> = None;
    let each = releases.iter().zip(preferred).zip(&mut newest).enumerate();
    for (i, ((release, preferred), newest)) in each.rev() {
        let major = release.version.major();
        if best.is_some_and(|(m, _)| m != major) {
            best = None;
        }
        if best.is_none() && preferred {
            best = Some((major, slot(i)));
        }
        *newest = best.map(|(_, s)| s);
    }
    newest
}
