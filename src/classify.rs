//! The rules layer: which row of the table a hop falls in, catalog-relatively, and whether a
//! single-product hop is allowed at all (table verdict, migrations, blocked releases).

use serde::Serialize;

use crate::catalog::{Catalog, Migration, Release, prefer_documented};
use crate::requirement::Requirement;
use crate::table::{RuleId, Verdict};
use crate::version::{Line, Product, Version};

/// Names the row of the supported-upgrade table that the hop `from -> to` falls in.
///
/// Successors are catalog-relative: "the next line" is the next `major.minor` line of the
/// product in the catalog, "the next major" the next major present. Lines made only of
/// pre-releases are not counted. Returns `None` when `from` and `to` are the same version.
///
/// This never looks at migrations or blocked releases; [`assess_hop`] does.
///
/// Complexity: O(log n + L) for n releases and L lines of the product.
pub(crate) fn classify(
    catalog: &Catalog,
    product: Product,
    from: &Version,
    to: &Version,
) -> Option<RuleId> {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let (from_line, to_line) = (from.line_key(), to.line_key());
    Some(match from.major().cmp(&to.major()) {
        Greater => RuleId::MajorDowngrade,
        Equal => match from_line.cmp(&to_line) {
            Greater => RuleId::MinorDowngrade,
            Equal => match from.cmp(to) {
                Equal => return None,
                Greater => RuleId::PatchDowngrade,
                Less if is_next_release(catalog, product, from, to) => RuleId::PatchUpgrade,
                Less => RuleId::SkipPatchVersion,
            },
            Less if lines_between(catalog, product, from_line, to_line) == 0 => {
                RuleId::MinorUpgrade
            }
            Less => RuleId::SkipMinorVersion,
        },
        Less => {
            if majors_between(catalog, product, from.major(), to.major()) > 0 {
                RuleId::SkipMajorVersion
            } else if earliest_line_of_major(catalog, product, to.major())
                .is_none_or(|earliest| to_line <= earliest.key())
            {
                RuleId::MajorUpgrade
            } else {
                RuleId::MajorUpgradeSkippingMinorVersion
            }
        }
    })
}

/// How many majors of the catalog's counted lines lie strictly between two majors.
fn majors_between(catalog: &Catalog, product: Product, low: u64, high: u64) -> usize {
    let majors = catalog.majors(product);
    let start = majors.partition_point(|(major, _)| *major <= low);
    let end = majors.partition_point(|(major, _)| *major < high);
    end.saturating_sub(start)
}

/// Whether `to` is the first listed release of the line after `from`.
fn is_next_release(catalog: &Catalog, product: Product, from: &Version, to: &Version) -> bool {
    catalog
        .line_releases_by_key(product, from.line_key())
        .iter()
        .find(|release| release.version > *from)
        .is_none_or(|next| next.version >= *to)
}

/// How many counted lines of the catalog lie strictly between two lines.
fn lines_between(catalog: &Catalog, product: Product, low: (u64, u64), high: (u64, u64)) -> usize {
    let lines = catalog.counted_lines(product);
    let start = lines.partition_point(|line| line.key() <= low);
    let end = lines.partition_point(|line| line.key() < high);
    end.saturating_sub(start)
}

/// The first counted line of a major.
fn earliest_line_of_major(catalog: &Catalog, product: Product, major: u64) -> Option<&Line> {
    let majors = catalog.majors(product);
    let index = majors.binary_search_by_key(&major, |(m, _)| *m).ok()?;
    let &(_, first) = majors.get(index)?;
    catalog.counted_lines(product).get(first)
}

/// The first counted line after `line`.
fn next_line<'c>(catalog: &'c Catalog, product: Product, line: &Line) -> Option<&'c Line> {
    let lines = catalog.counted_lines(product);
    lines.get(lines.partition_point(|l| l <= line))
}

/// The first line of the first major after `major`.
fn first_line_after_major(catalog: &Catalog, product: Product, major: u64) -> Option<&Line> {
    let majors = catalog.majors(product);
    let (_, first) = majors.get(majors.partition_point(|(m, _)| *m <= major))?;
    catalog.counted_lines(product).get(*first)
}

/// Why a single-product hop is not allowed. Its words (`Display`, the end of a sentence) are
/// written by the render layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum HopProblem {
    /// A downgrade; never supported.
    Downgrade,
    /// The table (or the catalog's override) refuses the row. `via` is the line to go
    /// through first, when there is one.
    Refused {
        /// The line to upgrade to first.
        via: Option<Line>,
    },
    /// The target is reached only by a migration, which the request did not allow.
    MigrationRequired {
        /// The tool that performs it.
        tool: String,
    },
    /// The target is reached only by a migration, and none starts from `from`.
    NoMigrationFrom {
        /// The versions the migrations into the target start from.
        sources: Vec<Requirement>,
        /// Their tools.
        tool: String,
    },
    /// A gate on the target is not met by `from` itself.
    Gate {
        /// The gate's reason.
        reason: String,
    },
    /// The target release is blocked in the catalog.
    Blocked {
        /// The catalog's reason.
        reason: String,
    },
}

/// The outcome of [`assess_hop`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HopAssessment {
    /// The row of the table, or [`RuleId::Migration`].
    pub rule: RuleId,
    /// `None` when the hop is allowed.
    pub problem: Option<HopProblem>,
}

impl HopAssessment {
    /// Whether the hop is allowed.
    pub fn is_allowed(&self) -> bool {
        self.problem.is_none()
    }
}

/// The migrations whose `to` the hop enters from outside (empty for in-place hops).
pub(crate) fn migrations_entered<'c>(
    catalog: &'c Catalog,
    product: Product,
    from: &Version,
    to: &Version,
) -> impl Iterator<Item = &'c Migration> {
    catalog.migrations().iter().filter(move |migration| {
        migration.to.product() == product
            && migration.family.matches(to)
            && !migration.family.matches(from)
    })
}

/// Decides whether a single-product hop is allowed, ignoring the rest of the cluster
/// (compatibility and gates are the planner's business).
///
/// In order: a downgrade is refused; a hop into a migration's target releases is a migration
/// (allowed only from the migration's sources and when `allow_migrations`); otherwise the
/// table row's verdict decides; last, a blocked target is refused. Returns `None` when `from`
/// equals `to`.
pub(crate) fn assess_hop(
    catalog: &Catalog,
    product: Product,
    from: &Version,
    to: &Version,
    allow_migrations: bool,
) -> Option<HopAssessment> {
    let rule = classify(catalog, product, from, to)?;
    let refuse = |rule, problem| {
        Some(HopAssessment {
            rule,
            problem: Some(problem),
        })
    };
    if rule.is_downgrade() {
        return refuse(rule, HopProblem::Downgrade);
    }
    let entered: Vec<&Migration> = migrations_entered(catalog, product, from, to).collect();
    let rule = match entered.first() {
        None => {
            if catalog.verdict(product, rule) == Verdict::Refused {
                return refuse(
                    rule,
                    HopProblem::Refused {
                        via: via_line(catalog, product, from, to, rule),
                    },
                );
            }
            rule
        }
        Some(first_entered) => {
            // The migrations that reach `to`; an entered family whose migrations all lead
            // elsewhere (MKE 3.9 into MKE 4 reaches only 4.2 and later) offers no way in.
            let reaching: Vec<&&Migration> = entered.iter().filter(|m| m.to.matches(to)).collect();
            let Some(migration) = reaching.iter().find(|m| m.from.matches(from)) else {
                let sources = if reaching.is_empty() {
                    entered.iter().collect()
                } else {
                    reaching
                };
                // The tool of the first source (`sources` is never empty: `entered` is not).
                let first = sources.first().map_or(first_entered, |m| *m);
                return refuse(
                    RuleId::Migration,
                    HopProblem::NoMigrationFrom {
                        sources: sources.iter().map(|m| m.from.clone()).collect(),
                        tool: first.tool.clone(),
                    },
                );
            };
            if !allow_migrations {
                return refuse(
                    RuleId::Migration,
                    HopProblem::MigrationRequired {
                        tool: migration.tool.clone(),
                    },
                );
            }
            RuleId::Migration
        }
    };
    if let Some(reason) = catalog.release(product, to).and_then(|r| r.blocked.clone()) {
        return refuse(rule, HopProblem::Blocked { reason });
    }
    Some(HopAssessment {
        rule,
        problem: None,
    })
}

/// The line a refused hop should go through first.
fn via_line(
    catalog: &Catalog,
    product: Product,
    from: &Version,
    to: &Version,
    rule: RuleId,
) -> Option<Line> {
    match rule {
        RuleId::SkipMinorVersion => next_line(catalog, product, &from.line()).cloned(),
        RuleId::SkipMajorVersion => first_line_after_major(catalog, product, from.major()).cloned(),
        RuleId::MajorUpgradeSkippingMinorVersion => {
            earliest_line_of_major(catalog, product, to.major()).cloned()
        }
        _ => None,
    }
}

/// The newest release of `line` that a hop from `from` may stop on: allowed, not blocked and
/// not a pre-release, and documented when any such release is (see
/// [`Release::is_documented`]). This is the planner's choice of stop on every line.
pub(crate) fn newest_stop<'c>(
    catalog: &'c Catalog,
    product: Product,
    from: &Version,
    line: &Line,
    allow_migrations: bool,
) -> Option<&'c Release> {
    let allowed = catalog
        .line_releases(product, line)
        .iter()
        .rev()
        .filter(|release| !release.version.is_pre_release() && release.version > *from)
        .filter(|release| {
            assess_hop(catalog, product, from, &release.version, allow_migrations)
                .is_some_and(|a| a.is_allowed())
        });
    prefer_documented(allowed)
}

/// The lines a single hop from `from` can land on: its own line, the next line, the earliest
/// line of the next major, and every line a migration from `from` reaches. When the catalog
/// makes a skipping row supported for the product, every later line. The list may hold lines
/// that no allowed hop reaches: [`newest_stop`] decides.
pub(crate) fn reachable_lines(catalog: &Catalog, product: Product, from: &Version) -> Vec<Line> {
    let from_line = from.line();
    let mut lines = vec![from_line.clone()];
    let skips = [
        RuleId::SkipMinorVersion,
        RuleId::SkipMajorVersion,
        RuleId::MajorUpgradeSkippingMinorVersion,
    ];
    if skips
        .iter()
        .any(|rule| catalog.verdict(product, *rule) == Verdict::Supported)
    {
        let counted = catalog.counted_lines(product);
        lines.extend(
            counted
                .iter()
                .skip(counted.partition_point(|l| *l <= from_line))
                .cloned(),
        );
    } else {
        if let Some(next) =
            next_line(catalog, product, &from_line).filter(|l| l.major() == from.major())
        {
            lines.push(next.clone());
        }
        if let Some(next_major) = first_line_after_major(catalog, product, from.major()) {
            lines.push(next_major.clone());
        }
    }
    for migration in catalog.migrations() {
        if migration.from.product() != product || !migration.from.matches(from) {
            continue;
        }
        for line in catalog.lines(product) {
            let line_matches = catalog
                .line_releases(product, line)
                .iter()
                .any(|release| migration.to.matches(&release.version));
            if line_matches && !lines.contains(line) {
                lines.push(line.clone());
            }
        }
    }
    lines.sort();
    lines
}

/// The answer to "is this single-product hop supported?", as `planner check` prints it. Its
/// sentence (its `Display`, [`HopCheck::message`], and the `message` of the JSON answer) is
/// written by the render layer from these fields.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HopCheck {
    /// The product.
    pub product: Product,
    /// The version moved from (as the catalog writes it when listed).
    pub from: Version,
    /// The version moved to (as the catalog writes it).
    pub to: Version,
    /// Whether the hop is allowed.
    pub supported: bool,
    /// The row of the table, or `migration` when a migration decides the hop.
    pub rule: RuleId,
    /// The table's row for the two versions, even when a migration decides the hop (MKE
    /// 3.9.7 -> 4.1.0 is `major-upgrade-skipping-minor-version` in the table, and its `rule`
    /// is `migration`).
    pub row: RuleId,
    /// The verdict's values.
    pub subject: CheckSubject,
}

/// What a [`HopCheck`] says beyond its versions and rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckSubject {
    /// The hop is supported; `needs` are what the gates on its target ask of the rest of the
    /// cluster (other products, or facts) before it.
    Supported {
        /// The gates' requirements that the hopping product's version alone does not decide.
        needs: Vec<GateNeed>,
    },
    /// The hop is not supported.
    NotSupported {
        /// Why.
        problem: HopProblem,
    },
}

/// A requirement a gate puts on a hop that [`check_hop`] cannot decide from the hop alone.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GateNeed {
    /// The requirement.
    pub requirement: Requirement,
    /// The fact the gate applies under, when it has one.
    pub if_fact: Option<String>,
}

/// An error from [`check_hop`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckError {
    /// A version is not in the catalog (`from` needs its line listed, `to` must be listed).
    #[error(transparent)]
    Lookup(#[from] crate::catalog::LookupError),
    /// `from` and `to` are the same version.
    #[error("{product} {version}: from and to are the same version; there is nothing to upgrade")]
    SameVersion {
        /// The product.
        product: Product,
        /// The version.
        version: Version,
    },
}

/// How [`check_hop`] judges a hop.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions {
    /// Whether a hop that is a migration (MSR 2.9 -> 3.x) counts as supported.
    pub allow_migrations: bool,
}

impl CheckOptions {
    /// The same options, with migrations allowed or not.
    #[must_use]
    pub fn allow_migrations(mut self, allow: bool) -> CheckOptions {
        self.allow_migrations = allow;
        self
    }
}

/// Checks one hop of one product against the table, the migrations and the blocked releases.
///
/// `from` may be a release the catalog does not list, as long as its line is listed; `to`
/// must be listed. Versions in the answer are written as the catalog writes them.
///
/// # Errors
///
/// - [`CheckError::Lookup`] for `to` = `2.9.99` when the catalog does not list it, or `from` =
///   `1.0.0` when line `1.0` has no release;
/// - [`CheckError::SameVersion`] for `2.9.0 -> 2.9.0`.
pub fn check_hop(
    catalog: &Catalog,
    product: Product,
    from: &Version,
    to: &Version,
    options: &CheckOptions,
) -> Result<HopCheck, CheckError> {
    let allow_migrations = options.allow_migrations;
    catalog.lookup_line(product, from)?;
    let to = catalog.lookup(product, to)?.version.clone();
    let from = catalog
        .release(product, from)
        .map_or_else(|| from.clone(), |release| release.version.clone());
    let assessment =
        assess_hop(catalog, product, &from, &to, allow_migrations).ok_or_else(|| {
            CheckError::SameVersion {
                product,
                version: from.clone(),
            }
        })?;
    let rule = assessment.rule;
    let (mut problem, conditions) = (
        assessment.problem,
        gate_conditions(catalog, product, &from, &to),
    );
    if problem.is_none() {
        problem = conditions.failed.map(|reason| HopProblem::Gate { reason });
    }
    let supported = problem.is_none();
    let subject = match problem {
        None => CheckSubject::Supported {
            needs: conditions.elsewhere,
        },
        Some(problem) => CheckSubject::NotSupported { problem },
    };
    let row = classify(catalog, product, &from, &to).unwrap_or(rule);
    Ok(HopCheck {
        product,
        from,
        to,
        supported,
        rule,
        row,
        subject,
    })
}

/// What the gates on a single hop say when only the hopping product's version is known.
struct GateConditions {
    /// The reason of the first unconditional gate that `from` alone fails.
    failed: Option<String>,
    /// The requirements that depend on other products or on facts, for the message.
    elsewhere: Vec<GateNeed>,
}

fn gate_conditions(
    catalog: &Catalog,
    product: Product,
    from: &Version,
    to: &Version,
) -> GateConditions {
    let mut conditions = GateConditions {
        failed: None,
        elsewhere: Vec::new(),
    };
    for gate in gates_guarding(catalog, product, to) {
        let (own, other): (Vec<_>, Vec<_>) = gate
            .requires
            .iter()
            .partition(|req| req.product() == product);
        let own_fails = own.iter().any(|req| !req.matches(from));
        match &gate.if_fact {
            None if own_fails => {
                conditions.failed.get_or_insert_with(|| gate.reason.clone());
            }
            None => conditions
                .elsewhere
                .extend(other.iter().map(|req| GateNeed {
                    requirement: (*req).clone(),
                    if_fact: None,
                })),
            Some(fact) => conditions.elsewhere.extend(
                gate.requires
                    .iter()
                    .filter(|req| req.product() != product || !req.matches(from))
                    .map(|req| GateNeed {
                        requirement: req.clone(),
                        if_fact: Some(fact.clone()),
                    }),
            ),
        }
    }
    conditions
}

/// The gates whose `to` matches a hop of `product` to `to`, whatever the facts.
pub(crate) fn gates_guarding<'c>(
    catalog: &'c Catalog,
    product: Product,
    to: &Version,
) -> impl Iterator<Item = &'c crate::catalog::Gate> {
    catalog
        .gates()
        .iter()
        .filter(move |gate| gate.to.product() == product && gate.to.matches(to))
}
