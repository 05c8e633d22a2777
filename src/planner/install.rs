//! Installing and uninstalling MSR: an install plan brings MCR and MKE to the most recent
//! versions the target MSR allows, as the seed requires before an initial install, then
//! installs MSR; an uninstall plan destroys every replica.

use super::Planner;
use crate::catalog::{Compatibility, Release, prefer_documented};
use crate::classify::{gates_guarding, migrations_entered};
use crate::plan::{Hop, Plan, Route};
use crate::refusal::Refusal;
use crate::request::{Request, State, Target};
use crate::search::is_stop;
use crate::table::RuleId;
use crate::version::{Product, Version};

impl Planner {
    /// The MSR release an install targets: exact, the newest stop of a line, or the newest
    /// stop that installs with the MSR 2.x bootstrapper (`docker run .../dtr install`).
    pub(crate) fn install_target(&self, target: &Target) -> Result<&Release, Refusal> {
        let releases = self.catalog().releases(Product::Msr);
        let installable = |r: &&Release| is_stop(r) && self.installable(&r.version);
        let release = match target {
            Target::Exact(version) => self.catalog().lookup(Product::Msr, version)?,
            Target::Line(line) => prefer_documented(
                self.catalog()
                    .line_releases(Product::Msr, line)
                    .iter()
                    .rev()
                    .filter(installable),
            )
            .ok_or_else(|| not_installable(line.as_str()))?,
            Target::Major(major) => prefer_documented(
                releases
                    .iter()
                    .rev()
                    .filter(|r| r.version.major() == *major)
                    .filter(installable),
            )
            .ok_or_else(|| not_installable(&major.to_string()))?,
            Target::Latest => prefer_documented(releases.iter().rev().filter(installable))
                .ok_or_else(|| not_installable("latest"))?,
        };
        if !self.installable(&release.version) {
            return Err(not_installable(release.version.as_str()));
        }
        if let Some(reason) = &release.blocked {
            return Err(Refusal::BlockedTarget {
                product: Product::Msr,
                version: release.version.clone(),
                reason: reason.clone(),
            });
        }
        Ok(release)
    }

    /// Whether a plan can install this MSR release: the catalog operates its line with a
    /// procedure that installs by plan (the MSR 2.x bootstrapper). The runbook lint checks
    /// that every such release has a bootstrapper image.
    fn installable(&self, version: &Version) -> bool {
        self.catalog()
            .operation(Product::Msr, version)
            .procedures
            .iter()
            .any(|procedure| procedure.installs_by_plan())
    }

    /// The newest stop of `product` from `current` on that a state with `others` accepts:
    /// compatible in both directions with the products already decided.
    fn newest_compatible(
        &self,
        product: Product,
        current: &Version,
        others: &[(Product, &Version)],
        allow: bool,
    ) -> Option<Version> {
        let catalog = self.catalog();
        let fits = |candidate: &Version| {
            catalog.compatibility().iter().all(|entry| {
                let version_of = |p: Product| {
                    if p == product {
                        Some(candidate)
                    } else {
                        others.iter().find(|(o, _)| *o == p).map(|(_, v)| *v)
                    }
                };
                // Only the entries between this product and one already decided: the others
                // are chosen afterwards, to fit.
                let (when, requires) = (
                    version_of(entry.when.product()),
                    version_of(entry.requires.product()),
                );
                let involves =
                    entry.when.product() == product || entry.requires.product() == product;
                let (Some(when), Some(requires)) = (when, requires) else {
                    return true;
                };
                !involves || !entry.when.matches(when) || entry.requires.matches(requires)
            })
        };
        let candidates = catalog
            .releases(product)
            .iter()
            .rev()
            .filter(|r| is_stop(r) && r.version >= *current)
            .filter(|r| {
                allow
                    || migrations_entered(catalog, product, current, &r.version)
                        .next()
                        .is_none()
            })
            .filter(|r| fits(&r.version));
        prefer_documented(candidates).map(|r| r.version.clone())
    }

    /// Plans an initial install of MSR: MCR and MKE first to the most recent versions the
    /// target allows, then the install.
    pub(crate) fn install(&self, request: &Request, target: &Target) -> Result<Plan, Refusal> {
        let msr = self.install_target(target)?.version.clone();
        let mut upgrade = request.clone();
        upgrade.to.remove(&Product::Msr);
        let mke_now = request
            .from
            .get(&Product::Mke)
            .ok_or(Refusal::NotInstalled {
                product: Product::Mke,
            })?;
        let incompatible = |product: Product, from: &Version| Refusal::InstallIncompatible {
            msr: msr.clone(),
            product,
            from: from.clone(),
        };
        let mke = self
            .newest_compatible(
                Product::Mke,
                mke_now,
                &[(Product::Msr, &msr)],
                request.allow_migrations,
            )
            .ok_or_else(|| incompatible(Product::Mke, mke_now))?;
        upgrade.to.insert(Product::Mke, Target::Exact(mke.clone()));
        if let Some(mcr_now) = request.from.get(&Product::Mcr) {
            // MCR goes where MSR and MKE both allow, whatever the request named for it: a
            // target beyond that would leave the install breaking a compatibility entry.
            let others = [(Product::Mke, &mke), (Product::Msr, &msr)];
            let mcr = self
                .newest_compatible(Product::Mcr, mcr_now, &others, request.allow_migrations)
                .ok_or_else(|| incompatible(Product::Mcr, mcr_now))?;
            upgrade.to.insert(Product::Mcr, Target::Exact(mcr));
        }
        let (mut route, mut before) = self.search_route(&upgrade)?;
        self.install_gates_hold(request, &msr, &route.to)?;
        self.install_fits(request, &msr, &route.to)?;
        before.push(route.to.clone());
        route.hops.push(Hop {
            product: Product::Msr,
            from: None,
            to: Some(msr.clone()),
            rule: RuleId::Install,
        });
        route.to.insert(Product::Msr, msr);
        self.finish_plan(request, route, &before)
    }

    /// Refuses an install of `msr` from `state` when a gate on it that applies does not
    /// hold there; when the gate rests on a fact nobody answered, the refusal asks for it.
    fn install_gates_hold(
        &self,
        request: &Request,
        msr: &Version,
        state: &State,
    ) -> Result<(), Refusal> {
        for gate in gates_guarding(self.catalog(), Product::Msr, msr) {
            let answer = gate.if_fact.as_ref().map(|f| request.facts.get(f).copied());
            if answer == Some(Some(false)) {
                continue;
            }
            let unmet = gate.requires.iter().find(|r| {
                !state
                    .get(&r.product())
                    .is_some_and(|version| r.matches(version))
            });
            let Some(requires) = unmet else { continue };
            if answer == Some(None) {
                return Err(self.unanswered_for(vec![gate]));
            }
            return Err(Refusal::InstallGate {
                msr: msr.clone(),
                requires: requires.clone(),
                reason: gate.reason.clone(),
            });
        }
        Ok(())
    }

    /// Refuses an install of `msr` onto `state` that would break a compatibility entry
    /// between MSR and another product: that product is not installed, or cannot be brought
    /// to a release the entry allows.
    fn install_fits(&self, request: &Request, msr: &Version, state: &State) -> Result<(), Refusal> {
        let mut after = state.clone();
        after.insert(Product::Msr, msr.clone());
        let holds = |entry: &Compatibility, state: &State| entry.holds(|p| state.get(&p));
        // Only an entry the install newly breaks: one the start already breaks stays exempt,
        // as everywhere in a plan.
        let broken = self
            .catalog()
            .compatibility()
            .iter()
            .find(|entry| holds(entry, &request.from) && !holds(entry, &after));
        let Some(entry) = broken else {
            return Ok(());
        };
        let other = if entry.when.product() == Product::Msr {
            entry.requires.product()
        } else {
            entry.when.product()
        };
        Err(match request.from.get(&other) {
            None => Refusal::NotInstalled { product: other },
            Some(from) => Refusal::InstallIncompatible {
                msr: msr.clone(),
                product: other,
                from: from.clone(),
            },
        })
    }

    /// Plans removing MSR: a backup, then `destroy` once per replica.
    ///
    /// # Errors
    ///
    /// [`Refusal::NotInstalled`] when the request's `from` has no MSR;
    /// [`Refusal::UnknownVersion`] when its line is not in the catalog.
    pub fn uninstall(&self, request: &Request) -> Result<Plan, Refusal> {
        let msr = request
            .from
            .get(&Product::Msr)
            .ok_or(Refusal::NotInstalled {
                product: Product::Msr,
            })?;
        self.catalog().lookup_line(Product::Msr, msr)?;
        let merged = super::with_inventory(request);
        let request = merged.as_ref().unwrap_or(request);
        let hop = Hop {
            product: Product::Msr,
            from: Some(msr.clone()),
            to: None,
            rule: RuleId::Uninstall,
        };
        let mut to = request.from.clone();
        to.remove(&Product::Msr);
        let route = Route {
            policy: request.policy,
            from: request.from.clone(),
            to,
            hops: vec![hop],
            warnings: Vec::new(),
        };
        self.finish_plan(request, route, std::slice::from_ref(&request.from))
    }
}

fn not_installable(what: &str) -> Refusal {
    Refusal::NotInstallable {
        target: what.to_owned(),
    }
}
