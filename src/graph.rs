//! A product's upgrade graph between its lines, as plain data for pictures: which line a
//! single hop may reach, and which tempting hops the table refuses, with their rule.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::classify::assess_hop;
use crate::table::RuleId;
use crate::version::{Line, Product};

/// One edge of an [`UpgradeGraph`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GraphEdge {
    /// The line the hop leaves.
    pub from: Line,
    /// The line the hop lands on.
    pub to: Line,
    /// The row of the table, or `migration`.
    pub rule: RuleId,
    /// Whether the hop is allowed (migrations count as allowed here).
    pub supported: bool,
    /// The migration tool, for migration edges.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
}

/// The lines of a product and the hops between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UpgradeGraph {
    /// The product.
    pub product: Product,
    /// Its lines, oldest first.
    pub lines: Vec<Line>,
    /// Supported hops to the next line, to the first line of the next major and by
    /// migration; and refused hops that skip one line or one major, labelled with their rule.
    pub edges: Vec<GraphEdge>,
}

/// Builds the upgrade graph of a product from the catalog and the table.
///
/// Each line is represented by its newest release that is not a pre-release.
///
/// Complexity: O(L²) assessments for L lines, each O(log R + L).
pub fn upgrade_graph(catalog: &Catalog, product: Product) -> UpgradeGraph {
    let lines: Vec<Line> = catalog.lines(product).cloned().collect();
    let newest = |line: &Line| {
        catalog
            .line_releases(product, line)
            .iter()
            .rev()
            .find(|r| !r.version.is_pre_release())
            .map(|r| r.version.clone())
    };
    let mut edges = Vec::new();
    let mut rest = lines.as_slice();
    while let Some((from_line, later)) = rest.split_first() {
        rest = later;
        let Some(from) = newest(from_line) else {
            continue;
        };
        for to_line in later {
            let Some(to) = newest(to_line) else { continue };
            let Some(assessment) = assess_hop(catalog, product, &from, &to, true) else {
                continue;
            };
            let tool = (assessment.rule == RuleId::Migration).then(|| {
                catalog
                    .migrations()
                    .iter()
                    .find(|m| {
                        m.to.product() == product && m.to.matches(&to) && m.from.matches(&from)
                    })
                    .map_or_else(String::new, |m| m.tool.clone())
            });
            let interesting = assessment.is_allowed()
                || matches!(
                    assessment.rule,
                    RuleId::SkipMinorVersion
                        | RuleId::SkipMajorVersion
                        | RuleId::MajorUpgradeSkippingMinorVersion
                ) && skips_one(&lines, from_line, later, to_line);
            if interesting {
                edges.push(GraphEdge {
                    from: from_line.clone(),
                    to: to_line.clone(),
                    rule: assessment.rule,
                    supported: assessment.is_allowed(),
                    tool: tool.filter(|t| !t.is_empty()),
                });
            }
        }
    }
    UpgradeGraph {
        product,
        lines,
        edges,
    }
}

/// Whether a refused edge from `from_line` (followed by the lines `later`) skips exactly one
/// line or one major: the hops an operator is tempted to take. Longer skips would only
/// clutter the picture.
fn skips_one(lines: &[Line], from_line: &Line, later: &[Line], to: &Line) -> bool {
    if from_line.major() == to.major() {
        return later.get(1) == Some(to);
    }
    let majors: Vec<u64> = {
        let mut majors: Vec<u64> = later.iter().map(Line::major).collect();
        majors.dedup();
        majors
    };
    match majors.iter().position(|m| *m == to.major()) {
        Some(0) => lines.iter().filter(|l| l.major() == to.major()).nth(1) == Some(to),
        Some(1) => lines.iter().find(|l| l.major() == to.major()) == Some(to),
        _ => false,
    }
}
