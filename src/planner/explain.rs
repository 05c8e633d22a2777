//! The explanation of a request with no supported path, as data: the furthest states, what
//! stops each way forward from the furthest one, and typed hints. The sentences are written
//! by the render layer.

use crate::catalog::Catalog;
use crate::refusal::{Explanation, Hint, OtherProduct};
use crate::request::{Request, State};
use crate::search::{Blocker, DeadEnd, Obstacle};
use crate::version::{Product, Version};

/// Builds the explanation of an exhausted search from its dead end: the furthest states,
/// what blocks each way forward from the furthest one, and hints.
pub(super) fn explain(catalog: &Catalog, request: &Request, dead_end: DeadEnd) -> Explanation {
    let DeadEnd {
        furthest,
        blockers,
        held_unlisted,
    } = dead_end;
    let mut hints = unlisted_hints(request, &held_unlisted);
    for hint in hints_for_blockers(
        catalog,
        request,
        furthest.first().unwrap_or(&request.from),
        &blockers,
    ) {
        if !hints.contains(&hint) {
            hints.push(hint);
        }
    }
    if hints.is_empty() && !request.allow_migrations {
        hints.push(Hint::CheckCatalog);
    }
    Explanation {
        from: request.from.clone(),
        to: request.to.clone(),
        furthest,
        blockers: blockers.into_iter().map(|(blocker, _)| blocker).collect(),
        hints,
    }
}

/// What the products held on an unlisted version mean for the plan: they cannot move, so
/// only a listed, newer target lets them.
fn unlisted_hints(request: &Request, held: &[Product]) -> Vec<Hint> {
    held.iter()
        .filter_map(|product| {
            Some(Hint::UnlistedKept {
                product: *product,
                version: request.from.get(product)?.clone(),
                target: request.to.get(product)?.clone(),
            })
        })
        .collect()
}

/// What the operator can do about each blocker, without repeats.
fn hints_for_blockers(
    catalog: &Catalog,
    request: &Request,
    state: &State,
    blockers: &[(Blocker, Option<usize>)],
) -> Vec<Hint> {
    let mut hints: Vec<Hint> = Vec::new();
    for (blocker, entry) in blockers {
        let hint = match &blocker.obstacle {
            Obstacle::MigrationNotAllowed { tool } => Hint::AllowMigrations {
                product: blocker.product,
                tool: tool.clone(),
            },
            // Advise upgrading into a migration's source only when an upgrade can get there:
            // never a downgrade.
            Obstacle::NoMigration { sources } => match state.get(&blocker.product) {
                Some(current) if !source_ahead(catalog, blocker.product, current, sources) => {
                    Hint::MigrationSourcePassed {
                        product: blocker.product,
                        version: blocker.to.clone(),
                        sources: sources.clone(),
                        current: current.clone(),
                    }
                }
                _ => Hint::MigrateFrom {
                    product: blocker.product,
                    version: blocker.to.clone(),
                    sources: sources.clone(),
                },
            },
            Obstacle::Blocked { .. } => Hint::ChooseAnotherTarget {
                product: blocker.product,
                version: blocker.to.clone(),
            },
            Obstacle::Gate { reason, .. } | Obstacle::GateOrder { reason, .. } => Hint::Gate {
                reason: reason.clone(),
            },
            // The search names the entry that stops the hop by its index.
            Obstacle::Compatibility { when, requires } => {
                let Some(other) =
                    entry.and_then(|e| other_product(catalog, request, state, blocker.product, e))
                else {
                    continue;
                };
                Hint::Compatibility {
                    product: blocker.product,
                    entry: entry.unwrap_or_default(),
                    when: when.clone(),
                    requires: requires.clone(),
                    other,
                }
            }
            Obstacle::Rule { .. } => continue,
        };
        if !hints.contains(&hint) {
            hints.push(hint);
        }
    }
    hints
}

/// Whether a release of `product` that some migration source matches is at or past
/// `current` (so an upgrade can reach it).
fn source_ahead(
    catalog: &Catalog,
    product: Product,
    current: &Version,
    sources: &[crate::requirement::Requirement],
) -> bool {
    sources.iter().any(|source| source.matches(current))
        || catalog
            .releases(product)
            .iter()
            .any(|r| r.version > *current && sources.iter().any(|s| s.matches(&r.version)))
}

/// Where the other product of the compatibility entry at `entry` stands (`None` for an index
/// the catalog does not have), for a hop of
/// `product` that the entry stops: the entry's side that is not `product`'s is the range the
/// other product must be in.
fn other_product(
    catalog: &Catalog,
    request: &Request,
    state: &State,
    product: Product,
    entry: usize,
) -> Option<OtherProduct> {
    let entry = catalog.compatibility().get(entry)?;
    let range = if entry.when.product() == product {
        &entry.requires
    } else {
        &entry.when
    };
    let other = range.product();
    // Can the other product still get into the range, or is it already past it?
    let reachable = |now: &Version| {
        catalog
            .releases(other)
            .iter()
            .any(|r| r.version >= *now && range.matches(&r.version))
    };
    Some(match (request.to.get(&other), state.get(&other)) {
        (Some(target), Some(now)) if Some(now) == request.from.get(&other) => {
            OtherProduct::KeptAtTarget {
                product: other,
                target: target.clone(),
            }
        }
        (None, _) if !request.from.contains_key(&other) => {
            OtherProduct::NotInstalled { product: other }
        }
        (_, Some(now)) if !reachable(now) => OtherProduct::PastRange {
            product: other,
            version: now.clone(),
        },
        _ => OtherProduct::MoveIntoRange { product: other },
    })
}
