//! A plan's warnings, as data: what the plan relies on that the reader should know
//! (unlisted versions, a start that breaks compatibility, recommendations not followed, end
//! of life, weak data, accepted preflight findings). Their sentences are written by the
//! render layer.

use crate::inventory::{Finding, Severity, preflight};
use crate::plan::{Route, Warning, WarningSubject, WeakReleaseReason};
use crate::refusal::Refusal;
use crate::request::{Request, Target};
use crate::search::{Finished, FoundHop, Unfollowed};
use crate::version::Product;

use super::Planner;

impl Planner {
    pub(super) fn warnings(&self, request: &Request, finished: &Finished) -> Vec<Warning> {
        let mut warnings = Vec::new();
        let mut warn = |subject| warnings.push(Warning::new(subject));
        // The search reports as unlisted only products the request starts from, and entries
        // by their index in this planner's catalog: the lookups below find every one.
        let unlisted = finished
            .unlisted
            .iter()
            .filter_map(|product| request.from.get_key_value(product));
        for (product, version) in unlisted {
            warn(WarningSubject::UnlistedVersion {
                product: *product,
                version: version.clone(),
            });
        }
        let compatibility = self.catalog.compatibility();
        let by_index = |e: &usize| compatibility.get(*e);
        for entry in finished.start_broken.iter().filter_map(by_index) {
            warn(WarningSubject::StartIncompatible {
                when: entry.when.clone(),
                requires: entry.requires.clone(),
            });
        }
        for hop in &finished.hops {
            for unfollowed in &hop.unfollowed {
                warn(unfollowed_subject(hop, unfollowed));
            }
        }
        for &(product, release) in &finished.releases {
            let version = &release.version;
            let past_eol = request
                .as_of
                .zip(release.eol)
                .filter(|(as_of, eol)| eol < as_of);
            if let Some((as_of, eol)) = past_eol {
                warn(WarningSubject::PastEol {
                    product,
                    version: version.clone(),
                    eol,
                    as_of,
                });
            }
            if let Some(confidence) = release.confidence.filter(|c| c.is_weak()) {
                let named =
                    matches!(request.to.get(&product), Some(Target::Exact(v)) if v == version);
                let reason = if named {
                    WeakReleaseReason::Named
                } else if request.from.get(&product) == Some(version) {
                    WeakReleaseReason::Installed
                } else {
                    WeakReleaseReason::NoDocumentedRelease
                };
                warn(WarningSubject::WeakRelease {
                    product,
                    version: version.clone(),
                    confidence,
                    reason,
                });
            }
        }
        for entry in finished.relied.iter().filter_map(by_index) {
            if let Some(confidence) = entry.confidence.filter(|c| c.is_weak()) {
                warn(WarningSubject::WeakEntry {
                    when: entry.when.clone(),
                    requires: entry.requires.clone(),
                    confidence,
                });
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
        route
            .warnings
            .push(Warning::new(WarningSubject::Preflight(finding)));
    }
    Ok(codes)
}

/// What a recommendation a hop does not follow names.
fn unfollowed_subject(hop: &FoundHop, unfollowed: &Unfollowed) -> WarningSubject {
    let (from, to) = (hop.from.clone(), hop.to.clone());
    match unfollowed {
        Unfollowed::NotNewestOfMajor { newest } => WarningSubject::NotNewestOfMajor {
            product: hop.product,
            from,
            to,
            newest: newest.clone(),
        },
        Unfollowed::McrNotNewest { best, current } => WarningSubject::McrNotNewest {
            from,
            to,
            best: best.clone(),
            current: current.clone(),
        },
    }
}
