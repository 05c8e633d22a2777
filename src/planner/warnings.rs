//! A plan's warnings, as data: what the plan relies on that the reader should know
//! (unlisted versions, a start that breaks compatibility, recommendations not followed, end
//! of life, weak data, accepted preflight findings). Their sentences are written by the
//! render layer.

use crate::catalog::prefer_documented;
use crate::classify::{gates_guarding, migrations_entered};
use crate::inventory::{Finding, Severity, preflight};
use crate::plan::{Route, Warning, WarningSubject, WeakReleaseReason};
use crate::refusal::Refusal;
use crate::request::{Request, Target};
use crate::requirement::Requirement;
use crate::search::{Finished, FoundHop, Unfollowed};
use crate::version::{Product, Version};

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
            if is_untabled(hop) {
                warn(WarningSubject::UntabledHop {
                    product: hop.product,
                    from: hop.from.clone(),
                    to: hop.to.clone(),
                });
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
        warnings.extend(self.migrations_beyond(request, finished));
        warnings.extend(self.moved_not_named(request, finished));
        warnings
    }

    /// The targets that stop short of a newer release only a migration reaches, when the
    /// request does not allow migrations: the newest release within the target's scope
    /// (any for `latest`, its major or line for a major or line target; an exact version
    /// says where to stop) that a migration starting at or past where the plan leaves the
    /// product reaches.
    fn migrations_beyond(&self, request: &Request, finished: &Finished) -> Vec<Warning> {
        if request.allow_migrations {
            return Vec::new();
        }
        let mut warnings = Vec::new();
        for (product, target) in &request.to {
            let Some(reached) = finished.end.get(product) else {
                continue;
            };
            let in_scope = |version: &Version| match target {
                Target::Latest => true,
                Target::Major(major) => version.major() == *major,
                Target::Line(line) => line.contains(version),
                Target::Exact(_) => false,
            };
            let releases = self.catalog.releases(*product);
            // A migration whose source the product is on or can still upgrade into.
            let reachable_source = |from: &crate::requirement::Requirement| {
                from.matches(reached)
                    || releases
                        .iter()
                        .any(|r| r.version > *reached && from.matches(&r.version))
            };
            let beyond = releases.iter().rev().filter(|r| {
                !r.version.is_pre_release()
                    && r.blocked.is_none()
                    && r.version > *reached
                    && in_scope(&r.version)
                    && migrations_entered(&self.catalog, *product, reached, &r.version)
                        .any(|m| reachable_source(&m.from))
            });
            let Some(release) = prefer_documented(beyond) else {
                continue;
            };
            if let Some(migration) =
                migrations_entered(&self.catalog, *product, reached, &release.version)
                    .find(|m| reachable_source(&m.from))
            {
                warnings.push(Warning::new(WarningSubject::MigrationBeyondTarget {
                    product: *product,
                    reached: reached.clone(),
                    release: release.version.clone(),
                    tool: migration.tool.clone(),
                }));
            }
        }
        warnings
    }

    /// The products the request does not name that the plan moves, each with what forced
    /// it: the compatibility entries its installed version breaks once the others are where
    /// the plan leaves them, and the gates on it that the other products' hops need.
    fn moved_not_named(&self, request: &Request, finished: &Finished) -> Vec<Warning> {
        let mut warnings = Vec::new();
        for product in Product::ALL {
            if request.to.contains_key(&product) {
                continue;
            }
            let (Some(from), Some(to)) = (request.from.get(&product), finished.end.get(&product))
            else {
                continue;
            };
            if from == to {
                continue;
            }
            // The end state with this product still where it was.
            let mut kept = finished.end.clone();
            kept.insert(product, from.clone());
            let entries: Vec<_> = self
                .catalog
                .compatibility()
                .iter()
                .filter(|e| e.when.product() == product || e.requires.product() == product)
                .filter(|e| !e.holds(|p| kept.get(&p)))
                .map(|e| (e.when.clone(), e.requires.clone()))
                .collect();
            let mut gates = Vec::new();
            for hop in finished.hops.iter().filter(|h| h.product != product) {
                for gate in gates_guarding(&self.catalog, hop.product, &hop.to) {
                    let applies = gate
                        .if_fact
                        .as_ref()
                        .is_none_or(|fact| request.facts.get(fact) != Some(&false));
                    let on_it = gate
                        .requires
                        .iter()
                        .filter(|r| r.product() == product && !r.matches(from));
                    for requirement in on_it.filter(|_| applies) {
                        if !gates.contains(requirement) {
                            gates.push(requirement.clone());
                        }
                    }
                }
            }
            warnings.push(Warning::new(WarningSubject::MovedNotNamed {
                product,
                from: from.clone(),
                to: to.clone(),
                entries,
                gates,
            }));
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
/// Hops (from, to) that no vendor upgrade-path table lists. MKE 4.1 -> 4.2: the MKE 4 to
/// MKE 4+ upgrade page
/// (<https://docs.mirantis.com/mke4/latest/upgrades/upgrade-from-existing-mke4/perform-mke4-to-mke4-upgrade/>)
/// describes upgrades from an earlier MKE 4 release in general, and the last path table, MKE
/// 4k's (<https://docs.mirantis.com/mke4k/latest/upgrades/upgrading-an-mke4k-cluster/>), ends at
/// 4.1.5. Such a hop gets a `low-confidence` warning (and its runbook the precheck
/// `confirm-4-1-to-4-2`).
pub(crate) const UNTABLED_HOPS: &[(&str, &str)] = &[("mke 4.1.*", "mke >=4.2.0, <4.3.0")];

/// Whether `hop` is one of [`UNTABLED_HOPS`].
fn is_untabled(hop: &FoundHop) -> bool {
    UNTABLED_HOPS.iter().any(|(from, to)| {
        let (Ok(from), Ok(to)) = (Requirement::parse(from), Requirement::parse(to)) else {
            return false;
        };
        from.product() == hop.product
            && to.product() == hop.product
            && from.matches(&hop.from)
            && to.matches(&hop.to)
    })
}

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

#[cfg(test)]
mod tests {
    use super::UNTABLED_HOPS;
    use crate::requirement::Requirement;

    #[test]
    fn untabled_hops_parse() {
        for (from, to) in UNTABLED_HOPS {
            assert!(Requirement::parse(from).is_ok(), "{from}");
            assert!(Requirement::parse(to).is_ok(), "{to}");
        }
    }
}
