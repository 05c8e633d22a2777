//! Where a request's targets lead: each named product's target (`latest`, a major, a line,
//! a version) resolved to the release the plan must end on, or a refusal (not installed,
//! unknown version, downgrade, blocked target, migration required).

use crate::catalog::{LookupError, Release, prefer_documented};
use crate::classify::migrations_entered;
use crate::refusal::Refusal;
use crate::request::{Request, Target};
use crate::search::line_stop;
use crate::version::{Line, PerProduct, Product, Version};

use super::Planner;

impl Planner {
    /// The version each named product must end on, in [`Product::ALL`] order: the release
    /// its target resolves to, or its current version when it is already there.
    pub(super) fn goals<'r>(
        &'r self,
        request: &'r Request,
    ) -> Result<PerProduct<Option<&'r Version>>, Refusal> {
        let mut goals = PerProduct::default();
        for (product, target) in &request.to {
            let Some(current) = request.from.get(product) else {
                return Err(Refusal::NotInstalled { product: *product });
            };
            let goal = self.resolve_target(request, *product, current, target)?;
            goals[*product] = Some(goal.map_or(current, |release| &release.version));
        }
        Ok(goals)
    }

    /// The release a line target names: the line's newest stop (or newest release); `None`
    /// when the product is already there or beyond on that line.
    fn line_release(
        &self,
        product: Product,
        current: &Version,
        line: &Line,
    ) -> Result<Option<&Release>, Refusal> {
        let releases = self.catalog.line_releases(product, line);
        let newest = line_stop(&self.catalog, product, line.key());
        match newest.or(releases.last()) {
            Some(release) if line.contains(current) && *current >= release.version => Ok(None),
            Some(release) => Ok(Some(release)),
            None => {
                let probe = Version::parse(&format!("{}.{}.0", line.major(), line.minor()))
                    .unwrap_or_else(|_| current.clone());
                Err(Refusal::UnknownVersion(LookupError::UnknownLine {
                    product,
                    nearest: self.catalog.nearest(product, &probe),
                    version: probe,
                }))
            }
        }
    }

    /// The newest line of a major version with a release that is neither a pre-release nor
    /// blocked (`msr=3`: the 3.x line to aim for).
    fn newest_line_of_major(&self, product: Product, major: u64) -> Result<Line, Refusal> {
        self.catalog
            .releases(product)
            .iter()
            .rev()
            .find(|r| {
                r.version.major() == major && !r.version.is_pre_release() && r.blocked.is_none()
            })
            .map(|r| r.version.line())
            .ok_or_else(|| {
                let nearest = Version::parse(&format!("{major}.0.0"))
                    .map(|probe| self.catalog.nearest(product, &probe))
                    .unwrap_or_default();
                Refusal::UnknownVersion(LookupError::UnknownMajor {
                    product,
                    major,
                    nearest,
                })
            })
    }

    /// The release a target names; `None` when the product is already there (or beyond, on
    /// the same line, for a line or `latest` target).
    fn resolve_target(
        &self,
        request: &Request,
        product: Product,
        current: &Version,
        target: &Target,
    ) -> Result<Option<&Release>, Refusal> {
        let allowed = |r: &&Release| {
            !r.version.is_pre_release()
                && r.blocked.is_none()
                && (request.allow_migrations
                    || migrations_entered(&self.catalog, product, current, &r.version)
                        .next()
                        .is_none())
        };
        let release = match target {
            Target::Exact(version) => self.catalog.lookup(product, version)?,
            Target::Line(line) => match self.line_release(product, current, line)? {
                Some(release) => release,
                None => return Ok(None),
            },
            // A major version means its newest line.
            Target::Major(major) => {
                let line = self.newest_line_of_major(product, *major)?;
                match self.line_release(product, current, &line)? {
                    Some(release) => release,
                    None => return Ok(None),
                }
            }
            Target::Latest => {
                match prefer_documented(self.catalog.releases(product).iter().rev().filter(allowed))
                {
                    Some(release) if release.version > *current => release,
                    _ => return Ok(None),
                }
            }
        };
        if release.version == *current {
            // Staying put is always possible, even on a release that is blocked as a target.
            return Ok(None);
        }
        if release.version < *current {
            return Err(Refusal::Downgrade {
                product,
                from: current.clone(),
                to: release.version.clone(),
            });
        }
        if let Some(reason) = &release.blocked {
            return Err(Refusal::BlockedTarget {
                product,
                version: release.version.clone(),
                reason: reason.clone(),
            });
        }
        if !request.allow_migrations {
            if let Some(migration) =
                migrations_entered(&self.catalog, product, current, &release.version).next()
            {
                return Err(Refusal::MigrationRequired {
                    product,
                    from: current.clone(),
                    to: release.version.clone(),
                    tool: migration.tool.clone(),
                });
            }
        }
        Ok(Some(release))
    }
}
