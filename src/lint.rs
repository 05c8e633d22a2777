//! Catalog lint: gaps and mistakes in a catalog that make plans weaker or impossible.

use std::fmt;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, Reversed};
use serde::Serialize;

use crate::catalog::{Catalog, Release};
use crate::classify::{newest_stop, reachable_lines};
use crate::requirement::Requirement;
use crate::version::{Line, Product, Version};

/// What a lint finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LintCode {
    /// Releases that no compatibility entry mentions.
    NoCompatibilityData,
    /// Releases from which no supported path (in-place hops and migrations) reaches the
    /// newest release of the product.
    NoPathToNewest,
    /// A requirement of an entry that matches no listed release.
    MatchesNoRelease,
    /// A migration whose source releases are not in the catalog.
    MigrationSourceMissing,
    /// A gate's `if_fact` names a fact the `facts` section does not declare: it gets a generic
    /// question, which operators may not understand.
    UndeclaredFact,
    /// A declared fact that no gate depends on: asking it changes nothing.
    UnusedFact,
    /// A runbook template carries a placeholder the runbook does not explain.
    UnknownPlaceholder,
    /// A runbook procedure lacks a backup, upgrade or verify step.
    MissingPhase,
    /// A release operated with a bootstrapper whose image repository is unknown.
    NoImage,
    /// A release operated with a Helm chart whose chart version the catalog does not give.
    NoChartVersion,
    /// A release line with no documented procedure: its hops carry no commands.
    NoProcedure,
    /// A runbook step with a command that names no vendor source (an error: the runbook
    /// prints no command without one).
    NoSource,
    /// A runbook step marked unattended whose command reads from a terminal (an error).
    NeedsTerminal,
    /// A runbook step's environment variable that its command does not read, or a variable
    /// it passes by name that the step does not declare (an error).
    UndeclaredEnv,
}

impl LintCode {
    /// The code as printed (`no-path-to-newest`).
    pub fn as_str(self) -> &'static str {
        match self {
            LintCode::NoCompatibilityData => "no-compatibility-data",
            LintCode::NoPathToNewest => "no-path-to-newest",
            LintCode::MatchesNoRelease => "matches-no-release",
            LintCode::MigrationSourceMissing => "migration-source-missing",
            LintCode::UndeclaredFact => "undeclared-fact",
            LintCode::UnusedFact => "unused-fact",
            LintCode::UnknownPlaceholder => "unknown-placeholder",
            LintCode::MissingPhase => "missing-phase",
            LintCode::NoImage => "no-image",
            LintCode::NoChartVersion => "no-chart-version",
            LintCode::NoProcedure => "no-procedure",
            LintCode::NoSource => "no-source",
            LintCode::NeedsTerminal => "needs-terminal",
            LintCode::UndeclaredEnv => "undeclared-env",
        }
    }

    /// Whether the finding is an error of the runbook's data rather than a gap in a catalog:
    /// `catalog lint` exits 1 while one remains.
    pub fn is_error(self) -> bool {
        matches!(
            self,
            LintCode::NoSource | LintCode::NeedsTerminal | LintCode::UndeclaredEnv
        )
    }
}

impl fmt::Display for LintCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lint finding: a gap in the data. Plans stay correct but may be weaker or refused.
/// What is wrong is data ([`LintFinding::subject`]); its sentence (the `Display` of the
/// subject, [`LintFinding::message`], and the `message` of the JSON answer) is written by the
/// render layer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LintFinding {
    /// What it is about.
    pub code: LintCode,
    /// Where in the catalog (`products.mke`, `compatibility[3].requires`).
    pub path: String,
    /// What is wrong: the values it names.
    pub subject: LintSubject,
}

/// What a [`LintFinding`] names: one variant per sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LintSubject {
    /// [`LintCode::NoCompatibilityData`]: releases of a line no compatibility entry mentions.
    NoCompatibilityData {
        /// The product.
        product: Product,
        /// The line.
        line: Line,
        /// The releases, in catalog order.
        versions: Vec<Version>,
    },
    /// [`LintCode::NoPathToNewest`]: releases of a line from which no supported path reaches
    /// the newest release.
    NoPathToNewest {
        /// The product.
        product: Product,
        /// The line.
        line: Line,
        /// The releases, in catalog order.
        versions: Vec<Version>,
        /// The product's newest release.
        newest: Version,
    },
    /// [`LintCode::MatchesNoRelease`]: a requirement that matches no listed release.
    MatchesNoRelease {
        /// The requirement.
        requirement: Requirement,
    },
    /// [`LintCode::MigrationSourceMissing`]: a migration's `from` matches no listed release.
    MigrationSourceMissing {
        /// The migration's `from`.
        requirement: Requirement,
    },
    /// [`LintCode::UndeclaredFact`]: a fact gates name that `facts` does not declare.
    UndeclaredFact {
        /// The fact.
        fact: String,
        /// How many gates name it.
        gates: usize,
        /// The generic question operators are asked.
        question: String,
    },
    /// [`LintCode::UnusedFact`]: a declared fact no gate depends on.
    UnusedFact {
        /// The fact.
        fact: String,
    },
    /// [`LintCode::UnknownPlaceholder`]: a template's placeholder the runbook does not
    /// explain.
    UnknownPlaceholder {
        /// The placeholder, brackets included (`<mke-url>`).
        name: String,
    },
    /// [`LintCode::MissingPhase`]: a runbook procedure without a step of a phase.
    MissingPhase {
        /// The procedure's template set (`dtr-cli`, `msr-3-migration`).
        set: &'static str,
        /// The phase: `backup`, `upgrade` or `verify`.
        phase: &'static str,
    },
    /// [`LintCode::NoImage`]: a release operated with a bootstrapper whose image repository
    /// is unknown.
    NoImage {
        /// The product.
        product: Product,
        /// The release.
        version: Version,
    },
    /// [`LintCode::NoChartVersion`]: a release operated with Helm whose chart version the
    /// catalog does not give.
    NoChartVersion {
        /// The product.
        product: Product,
        /// The release.
        version: Version,
    },
    /// [`LintCode::NoProcedure`]: a release line with no documented procedure.
    NoProcedure {
        /// The product.
        product: Product,
        /// The line.
        line: Line,
    },
    /// [`LintCode::NoSource`]: a runbook step with a command and no source.
    NoSource {
        /// The step's template set and slug (`dtr-cli.backup-msr`).
        step: String,
    },
    /// [`LintCode::NeedsTerminal`]: an unattended step whose command reads from a terminal.
    NeedsTerminal {
        /// The step's template set and slug.
        step: String,
        /// What in the command needs the terminal (`read -sp`).
        marker: &'static str,
    },
    /// [`LintCode::UndeclaredEnv`]: an environment variable a step declares and its command
    /// does not read, or passes by name and does not declare.
    UndeclaredEnv {
        /// The step's template set and slug.
        step: String,
        /// The variable.
        name: String,
        /// Whether the step declares it (and the command does not read it).
        declared: bool,
    },
}

/// The catalog's own findings ([`crate::lint()`] adds the runbook's).
///
/// Complexity: O(R·(C + M) + E) for R releases, C compatibility entries, M migrations and
/// E candidate hops (a few per release).
pub(crate) fn lint_catalog(catalog: &Catalog) -> Vec<LintFinding> {
    let mut findings = Vec::new();
    no_compatibility_data(catalog, &mut findings);
    no_path_to_newest(catalog, &mut findings);
    matches_no_release(catalog, &mut findings);
    facts(catalog, &mut findings);
    findings.sort_by_key(|finding| finding.code);
    findings
}

fn warning(code: LintCode, path: String, subject: LintSubject) -> LintFinding {
    LintFinding {
        code,
        path,
        subject,
    }
}

/// Groups the versions of a product that fail `test` by line: `(line, [4.1.0, 4.1.1])`.
fn failing_by_line(
    catalog: &Catalog,
    product: Product,
    mut test: impl FnMut(usize, &Release) -> bool,
) -> Vec<(Line, Vec<Version>)> {
    let mut groups: Vec<(Line, Vec<Version>)> = Vec::new();
    for (index, release) in catalog.releases(product).iter().enumerate() {
        if !test(index, release) {
            continue;
        }
        let line = release.version.line();
        let version = release.version.clone();
        match groups.last_mut() {
            Some((last, versions)) if *last == line => versions.push(version),
            _ => groups.push((line, vec![version])),
        }
    }
    groups
}

fn no_compatibility_data(catalog: &Catalog, findings: &mut Vec<LintFinding>) {
    for product in Product::ALL {
        let groups = failing_by_line(catalog, product, |_, release| {
            let version = &release.version;
            !catalog.compatibility().iter().any(|entry| {
                [&entry.when, &entry.requires]
                    .iter()
                    .any(|req| req.product() == product && req.matches(version))
            })
        });
        for (line, versions) in groups {
            findings.push(warning(
                LintCode::NoCompatibilityData,
                format!("products.{product}"),
                LintSubject::NoCompatibilityData {
                    product,
                    line,
                    versions,
                },
            ));
        }
    }
}

fn facts(catalog: &Catalog, findings: &mut Vec<LintFinding>) {
    for fact in catalog.facts() {
        let gates = catalog.gates_on_fact(&fact.name).count();
        if !fact.declared {
            findings.push(warning(
                LintCode::UndeclaredFact,
                format!("facts.{}", fact.name),
                LintSubject::UndeclaredFact {
                    fact: fact.name.clone(),
                    gates,
                    question: fact.question.clone(),
                },
            ));
        } else if gates == 0 {
            findings.push(warning(
                LintCode::UnusedFact,
                format!("facts.{}", fact.name),
                LintSubject::UnusedFact {
                    fact: fact.name.clone(),
                },
            ));
        }
    }
}

fn no_path_to_newest(catalog: &Catalog, findings: &mut Vec<LintFinding>) {
    for product in Product::ALL {
        let releases = catalog.releases(product);
        let Some((newest, newest_release)) = releases
            .iter()
            .enumerate()
            .rfind(|(_, r)| !r.version.is_pre_release() && r.blocked.is_none())
        else {
            continue;
        };
        let graph = upgrade_graph(catalog, product);
        let mut reaches = vec![false; releases.len()];
        let reversed = Reversed(&graph);
        let mut bfs = Bfs::new(reversed, NodeIndex::new(newest));
        // The graph has one node per release, so every node has its place in `reaches`.
        while let Some(node) = bfs.next(reversed) {
            if let Some(reached) = reaches.get_mut(node.index()) {
                *reached = true;
            }
        }
        let groups = failing_by_line(catalog, product, |index, release| {
            reaches.get(index) != Some(&true) && !release.version.is_pre_release()
        });
        for (line, versions) in groups {
            findings.push(warning(
                LintCode::NoPathToNewest,
                format!("products.{product}"),
                LintSubject::NoPathToNewest {
                    product,
                    line,
                    versions,
                    newest: newest_release.version.clone(),
                },
            ));
        }
    }
}

/// The product's upgrade graph: one node per release (node index = release index), an edge
/// for each hop the planner could take (to the newest allowed stop of each reachable line),
/// migrations included.
pub(crate) fn upgrade_graph(catalog: &Catalog, product: Product) -> DiGraph<(), ()> {
    let releases = catalog.releases(product);
    let mut graph = DiGraph::with_capacity(releases.len(), releases.len().saturating_mul(3));
    for _ in releases {
        graph.add_node(());
    }
    for (index, release) in releases.iter().enumerate() {
        for line in reachable_lines(catalog, product, &release.version) {
            if let Some(stop) = newest_stop(catalog, product, &release.version, &line, true) {
                // `stop` is one of `releases`, so `target` is its node; `add_edge` would panic
                // on a node the graph does not have.
                let target = releases.partition_point(|r| r.version < stop.version);
                if target < graph.node_count() {
                    graph.add_edge(NodeIndex::new(index), NodeIndex::new(target), ());
                }
            }
        }
    }
    graph
}

fn matches_no_release(catalog: &Catalog, findings: &mut Vec<LintFinding>) {
    let matches_any = |req: &Requirement| {
        catalog
            .releases(req.product())
            .iter()
            .any(|release| req.matches(&release.version))
    };
    let mut check = |code: LintCode, path: String, req: &Requirement| {
        if !matches_any(req) {
            let requirement = req.clone();
            let subject = if code == LintCode::MigrationSourceMissing {
                LintSubject::MigrationSourceMissing { requirement }
            } else {
                LintSubject::MatchesNoRelease { requirement }
            };
            findings.push(warning(code, path, subject));
        }
    };
    for (i, entry) in catalog.compatibility().iter().enumerate() {
        check(
            LintCode::MatchesNoRelease,
            format!("compatibility[{i}].when"),
            &entry.when,
        );
        check(
            LintCode::MatchesNoRelease,
            format!("compatibility[{i}].requires"),
            &entry.requires,
        );
    }
    for (i, gate) in catalog.gates().iter().enumerate() {
        check(
            LintCode::MatchesNoRelease,
            format!("gates[{i}].to"),
            &gate.to,
        );
        for (j, req) in gate.requires.iter().enumerate() {
            check(
                LintCode::MatchesNoRelease,
                format!("gates[{i}].requires[{j}]"),
                req,
            );
        }
    }
    for (i, migration) in catalog.migrations().iter().enumerate() {
        check(
            LintCode::MigrationSourceMissing,
            format!("migrations[{i}].from"),
            &migration.from,
        );
        check(
            LintCode::MatchesNoRelease,
            format!("migrations[{i}].to"),
            &migration.to,
        );
    }
}
