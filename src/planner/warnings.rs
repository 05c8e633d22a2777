//! The sentences of a plan's warnings: what the plan relies on that the reader should know
//! (unlisted versions, a start that breaks compatibility, recommendations not followed, end
//! of life, weak data, accepted preflight findings). They stay in the plan, which carries
//! each warning's message.

use crate::catalog::{Catalog, Confidence, Release};
use crate::inventory::{Finding, Severity, preflight};
use crate::plan::{Route, Warning, WarningCode};
use crate::refusal::Refusal;
use crate::request::{Request, Target};
use crate::search::{Edge, Search, Slot, Slots, UNLISTED};
use crate::version::Product;

use super::Planner;

/// For each compatibility entry of low or inferred confidence, the warning a plan that relies
/// on it carries.
pub(super) fn weak_entry_warnings(catalog: &Catalog) -> Vec<Option<String>> {
    catalog
        .compatibility()
        .iter()
        .map(|entry| {
            let confidence = match entry.confidence? {
                Confidence::Inferred => "inferred",
                Confidence::Low => "low",
                Confidence::High | Confidence::Medium => return None,
            };
            Some(format!(
                "the plan relies on {confidence} compatibility data: '{}' requires '{}'",
                entry.when, entry.requires
            ))
        })
        .collect()
}

impl Planner {
    pub(super) fn warnings(
        &self,
        request: &Request,
        search: &Search,
        path: &[(Slots, Edge)],
        states: &[Slots],
    ) -> Vec<Warning> {
        let mut warnings = Vec::new();
        let mut warn = |code, message: String| warnings.push(Warning { code, message });
        for product in Product::ALL {
            if search.start[product.index()] == UNLISTED {
                let version = &request.from[&product];
                warn(
                    WarningCode::UnlistedVersion,
                    format!(
                        "{product} {version} is not listed in the catalog; its line {} is, and the plan treats it as a release of that line",
                        version.line()
                    ),
                );
            }
        }
        for entry in search.start_violations() {
            warn(
                WarningCode::StartIncompatible,
                format!(
                    "the current state breaks compatibility: '{}' requires '{}'; the plan adds no new violation",
                    entry.when, entry.requires
                ),
            );
        }
        for (before, edge) in path {
            for message in search.unfollowed_messages(before, edge) {
                warn(WarningCode::RecommendationNotFollowed, message);
            }
        }
        for (product, release) in stops_and_targets(request, search, path) {
            let version = &release.version;
            let past_eol = request
                .as_of
                .zip(release.eol)
                .filter(|(as_of, eol)| eol < as_of);
            if let Some((as_of, eol)) = past_eol {
                warn(
                    WarningCode::PastEol,
                    format!("{product} {version} reached end of life on {eol} (as of {as_of})"),
                );
            }
            if let Some(confidence) = release.confidence.filter(|c| c.is_weak()) {
                let confidence = format!("{confidence:?}").to_lowercase();
                let named =
                    matches!(request.to.get(&product), Some(Target::Exact(v)) if v == version);
                let why = if named {
                    "the request names it"
                } else if request.from.get(&product) == Some(version) {
                    "the cluster runs it"
                } else {
                    "no documented release of its line serves this plan"
                };
                warn(
                    WarningCode::LowConfidence,
                    format!(
                        "{product} {version} is known only from {confidence}-confidence sources; it is used because {why}"
                    ),
                );
            }
        }
        // The entries whose `when` holds in some state of the plan: at the start, for every
        // product; after each hop, for the product that moved.
        let mut relied: Vec<usize> = Product::ALL
            .into_iter()
            .flat_map(|p| search.entries_when(p, &search.start))
            .collect();
        for (state, (_, edge)) in states[1..].iter().zip(path) {
            relied.extend(search.entries_when(edge.product, state));
        }
        relied.sort_unstable();
        relied.dedup();
        for e in relied {
            if let Some(message) = &self.weak_entry_warnings[e] {
                warn(WarningCode::LowConfidence, message.clone());
            }
        }
        warnings
    }
}

/// Checks the inventory's preflight findings against a route: errors the request did not
/// accept refuse it; warnings and accepted errors become the route's warnings. Returns the
/// accepted codes.
pub(crate) fn preflight_warnings(
    request: &Request,
    route: &mut Route,
) -> Result<Vec<String>, Refusal> {
    let Some(inventory) = &request.inventory else {
        return Ok(Vec::new());
    };
    let upgrading_msr = route.hops.iter().any(|hop| hop.product == Product::Msr);
    let findings = preflight(inventory, upgrading_msr);
    let (accepted, refused): (Vec<Finding>, Vec<Finding>) = findings
        .into_iter()
        .partition(|f| f.severity == Severity::Warning || request.accept.contains(f.code));
    if !refused.is_empty() {
        return Err(Refusal::Preflight { findings: refused });
    }
    let mut codes = Vec::new();
    for finding in accepted {
        if finding.severity == Severity::Error && !codes.contains(&finding.code.to_owned()) {
            codes.push(finding.code.to_owned());
        }
        route.warnings.push(Warning {
            code: WarningCode::Preflight,
            message: finding.to_string(),
        });
    }
    Ok(codes)
}

/// The release of every hop's target, then of each named product that did not move (an
/// unlisted version has no release). A product's hops only go up, so none repeats.
fn stops_and_targets<'c>(
    request: &Request,
    search: &Search<'c>,
    path: &[(Slots, Edge)],
) -> Vec<(Product, &'c Release)> {
    let release =
        |product: Product, slot: Slot| search.catalog().releases(product).get(slot as usize);
    let mut stops: Vec<(Product, &Release)> = path
        .iter()
        .filter_map(|(_, edge)| release(edge.product, edge.to).map(|r| (edge.product, r)))
        .collect();
    for product in request.to.keys() {
        let moved = path.iter().any(|(_, edge)| edge.product == *product);
        if let Some(r) = release(*product, search.start[product.index()]).filter(|_| !moved) {
            stops.push((*product, r));
        }
    }
    stops
}
