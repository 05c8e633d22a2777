//! The sentences of a plan's warnings: what the plan relies on that the reader should know
//! (unlisted versions, a start that breaks compatibility, recommendations not followed, end
//! of life, weak data, accepted preflight findings). They stay in the plan, which carries
//! each warning's message.

use crate::catalog::{Catalog, Confidence};
use crate::inventory::{Finding, Severity, preflight};
use crate::plan::{Route, Warning, WarningCode};
use crate::refusal::Refusal;
use crate::request::{Request, Target};
use crate::search::{Finished, FoundHop, Unfollowed};
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
    pub(super) fn warnings(&self, request: &Request, finished: &Finished) -> Vec<Warning> {
        let mut warnings = Vec::new();
        let mut warn = |code, message: String| warnings.push(Warning { code, message });
        for product in &finished.unlisted {
            let version = &request.from[product];
            warn(
                WarningCode::UnlistedVersion,
                format!(
                    "{product} {version} is not listed in the catalog; its line {} is, and the plan treats it as a release of that line",
                    version.line()
                ),
            );
        }
        let compatibility = self.catalog.compatibility();
        for entry in finished.start_broken.iter().map(|e| &compatibility[*e]) {
            warn(
                WarningCode::StartIncompatible,
                format!(
                    "the current state breaks compatibility: '{}' requires '{}'; the plan adds no new violation",
                    entry.when, entry.requires
                ),
            );
        }
        for hop in &finished.hops {
            for unfollowed in &hop.unfollowed {
                warn(
                    WarningCode::RecommendationNotFollowed,
                    unfollowed_message(hop, unfollowed),
                );
            }
        }
        for &(product, release) in &finished.releases {
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
        for &e in &finished.relied {
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

/// The sentence of a recommendation a hop does not follow.
fn unfollowed_message(hop: &FoundHop, unfollowed: &Unfollowed) -> String {
    let (product, from, to) = (hop.product, &hop.from, &hop.to);
    match unfollowed {
        Unfollowed::NotNewestOfMajor { newest } => format!(
            "before the major upgrade {product} {from} -> {to}, be on {newest}, the newest release of {product} {} (strongly recommended)",
            from.major()
        ),
        Unfollowed::McrNotNewest { best, current } => format!(
            "before mke {from} -> {to}, MCR should be on {best}, the newest release compatible with both (it is on {current})"
        ),
    }
}
