//! A product's upgrade graph in every format: supported and refused hops, the chosen path
//! highlighted.

use std::fmt::Write as _;

use super::{Format, dot_quote, json, mermaid_quote, svg};
use crate::graph::{GraphEdge, UpgradeGraph};
use crate::plan::Hop;
use crate::table::RuleId;
use crate::version::Line;

/// Renders a product's upgrade graph. Supported hops are solid, migrations dashed with their
/// tool, refused hops dotted and labelled with their rule. The hops of `highlight` (a plan's
/// hops of this product) are drawn bold; a hop within one line shows as a loop.
pub fn render_graph(graph: &UpgradeGraph, highlight: &[Hop], format: Format) -> String {
    let chosen: Vec<(String, String)> = highlight
        .iter()
        .filter(|hop| hop.product == graph.product)
        .filter_map(|hop| {
            Some((
                hop.from.as_ref()?.line().to_string(),
                hop.to.as_ref()?.line().to_string(),
            ))
        })
        .collect();
    match format {
        Format::Dot => graph_dot(graph, &chosen),
        Format::Mermaid => graph_mermaid(graph, &chosen),
        Format::Svg => svg::graph_svg(graph, |edge| is_chosen(&chosen, edge)),
        Format::Json => json(graph),
        Format::Text | Format::Markdown => graph_text(graph, &chosen),
    }
}

fn is_chosen(chosen: &[(String, String)], edge: &GraphEdge) -> bool {
    chosen
        .iter()
        .any(|(f, t)| f == edge.from.as_str() && t == edge.to.as_str())
}

fn line_id(line: &Line) -> String {
    format!("l{}_{}", line.major(), line.minor())
}

pub(super) fn edge_label(edge: &GraphEdge) -> String {
    match (&edge.tool, edge.supported) {
        (Some(tool), _) => format!("migration: {tool}"),
        (None, true) => edge.rule.to_string(),
        (None, false) => format!("refused: {}", edge.rule),
    }
}

fn graph_dot(graph: &UpgradeGraph, chosen: &[(String, String)]) -> String {
    let mut out = format!(
        "digraph {} {{\n  rankdir=LR;\n  node [shape=ellipse];\n",
        graph.product
    );
    for line in &graph.lines {
        let _ = writeln!(
            out,
            "  {} [label={}];",
            line_id(line),
            dot_quote(&format!("{} {line}", graph.product))
        );
    }
    for edge in &graph.edges {
        let style = match (edge.rule, edge.supported) {
            (_, false) => "style=dotted, color=gray",
            (RuleId::Migration, true) => "style=dashed",
            _ => "style=solid",
        };
        let bold = if is_chosen(chosen, edge) {
            ", color=\"#1f77b4\", penwidth=3"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, {style}{bold}];",
            line_id(&edge.from),
            line_id(&edge.to),
            dot_quote(&edge_label(edge))
        );
    }
    for (from, _) in chosen.iter().filter(|(f, t)| f == t) {
        if let Some(line) = graph.lines.iter().find(|l| l.as_str() == from) {
            let _ = writeln!(
                out,
                "  {0} -> {0} [label=\"patch\", color=\"#1f77b4\", penwidth=3];",
                line_id(line)
            );
        }
    }
    out.push_str("}\n");
    out
}

fn graph_mermaid(graph: &UpgradeGraph, chosen: &[(String, String)]) -> String {
    let mut out = String::from("flowchart LR\n");
    for line in &graph.lines {
        let _ = writeln!(
            out,
            "  {}[{}]",
            line_id(line),
            mermaid_quote(&format!("{} {line}", graph.product))
        );
    }
    for edge in &graph.edges {
        let arrow = match (edge.rule, edge.supported) {
            (_, false) => "-.-x",
            (RuleId::Migration, true) => "-.->",
            _ => "-->",
        };
        let _ = writeln!(
            out,
            "  {} {arrow}|{}| {}",
            line_id(&edge.from),
            mermaid_quote(&edge_label(edge)),
            line_id(&edge.to)
        );
    }
    for (index, edge) in graph.edges.iter().enumerate() {
        if is_chosen(chosen, edge) {
            let _ = writeln!(out, "  linkStyle {index} stroke:#1f77b4,stroke-width:3px");
        }
    }
    out
}

fn graph_text(graph: &UpgradeGraph, chosen: &[(String, String)]) -> String {
    let mut out = format!(
        "Upgrade graph of {} ({})\n",
        graph.product,
        super::messages::Counted(graph.lines.len(), "line")
    );
    for edge in &graph.edges {
        let mark = if is_chosen(chosen, edge) {
            " (this plan)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} -> {}: {}{mark}",
            edge.from,
            edge.to,
            edge_label(edge)
        );
    }
    out
}
