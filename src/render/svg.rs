//! SVG pictures drawn by the library itself, with no layout engine: a plan is a chain of
//! states (one box per state, top to bottom, each hop an arrow with its label), a refusal is
//! the furthest state with what blocks each way forward, and a product's upgrade graph is an
//! arc diagram (its lines in a column, each hop an arc on the right).
//!
//! Every text is XML-escaped: versions come from catalogs and requests, messages quote them.

use std::fmt::Write as _;
use std::num::Saturating;

use crate::graph::{GraphEdge, UpgradeGraph};
use crate::plan::Plan;
use crate::refusal::{Explanation, Refusal};
use crate::request::{State, describe_state};
use crate::version::Product;

/// A coordinate or a length, in pixels. Saturating: a picture too tall for a `u32` would be
/// cut off rather than panic (none comes near: a plan read back has at most 10,000 hops).
type Px = Saturating<u32>;

/// `n` pixels, or units of a length.
fn px(n: usize) -> Px {
    Saturating(u32::try_from(n).unwrap_or(u32::MAX))
}

const WIDTH: Px = Saturating(640);
const BOX_X: Px = Saturating(24);
const BOX_WIDTH: Px = Saturating(220);
const LINE_HEIGHT: Px = Saturating(18);
/// The vertical room an arrow between two boxes takes.
const GAP: Px = Saturating(48);
/// Characters per line of a wrapped message (at the 13 px font).
const WRAP: usize = 72;
const FONT: &str =
    "font-family=\"ui-monospace, SFMono-Regular, Menlo, monospace\" font-size=\"13\"";

/// Escapes text for an SVG text node or attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Splits a message at spaces into lines of at most [`WRAP`] characters (a longer word
/// keeps a line of its own).
fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        // The line, a space and the word.
        let width = line
            .chars()
            .count()
            .saturating_add(1)
            .saturating_add(word.chars().count());
        if !line.is_empty() && width > WRAP {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn open(out: &mut String, height: Px, title: &str) {
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(
        out,
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1f77b4\"/></marker></defs>"
    );
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
    );
}

/// Text lines starting at `(x, y)`, the first baseline one line down.
fn text_lines(out: &mut String, x: Px, y: Px, lines: &[(String, bool)], color: &str) {
    for (n, (line, bold)) in (1_usize..).zip(lines) {
        let weight = if *bold { " font-weight=\"bold\"" } else { "" };
        let _ = writeln!(
            out,
            "<text x=\"{x}\" y=\"{}\" {FONT} fill=\"{color}\"{weight}>{}</text>",
            y + LINE_HEIGHT * px(n),
            escape(line)
        );
    }
}

/// A state's box: one line per product, the product that just changed in bold.
fn state_box(
    out: &mut String,
    y: Px,
    state: &State,
    changed: Option<Product>,
    emphasis: bool,
) -> Px {
    let lines: Vec<(String, bool)> = Product::ALL
        .iter()
        .filter_map(|p| {
            state
                .get(p)
                .map(|v| (format!("{p} {v}"), changed == Some(*p)))
        })
        .collect();
    let height = LINE_HEIGHT * px(lines.len().max(1)) + Saturating(12);
    let stroke = if emphasis { 2.5 } else { 1.2 };
    let _ = writeln!(
        out,
        "<rect x=\"{BOX_X}\" y=\"{y}\" width=\"{BOX_WIDTH}\" height=\"{height}\" rx=\"8\" fill=\"#f4f8fc\" stroke=\"#1f77b4\" stroke-width=\"{stroke}\"/>"
    );
    text_lines(
        out,
        BOX_X + Saturating(12),
        y + Saturating(2),
        &lines,
        "#111111",
    );
    height
}

/// A plan: its states top to bottom, each hop an arrow labelled with its number, product,
/// versions and rule.
pub(super) fn plan_svg(plan: &Plan, states: &[State]) -> String {
    let box_height = |state: &State| LINE_HEIGHT * px(state.len().max(1)) + Saturating(12);
    let height = states.iter().map(box_height).sum::<Px>()
        + GAP * px(states.len().saturating_sub(1))
        + Saturating(48);
    let title = match (states.first(), states.last()) {
        (Some(from), Some(to)) => format!(
            "{}: {} to {}",
            super::plan_kind(plan),
            describe_state(from),
            describe_state(to)
        ),
        _ => super::plan_kind(plan).to_owned(),
    };
    let mut out = String::new();
    open(&mut out, height, &title);
    let mut y = Saturating(24);
    // State `i` is the state after hop `i` (numbered from 1), and hop `number` follows it.
    for ((i, number), state) in (0_usize..).zip(1_usize..).zip(states) {
        let changed = i
            .checked_sub(1)
            .and_then(|h| plan.hops.get(h))
            .map(|hop| hop.product);
        let last = number == states.len();
        y += state_box(&mut out, y, state, changed, i == 0 || last);
        let Some(hop) = plan.hops.get(i) else { break };
        let x = BOX_X + Saturating(BOX_WIDTH.0 / 2);
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#1f77b4\" stroke-width=\"2\" marker-end=\"url(#arrow)\"/>",
            y + Saturating(2),
            y + GAP - Saturating(4)
        );
        let label = format!(
            "{number}. {} {} \u{2192} {} ({})",
            hop.product,
            hop.from_text(),
            hop.to_text(),
            hop.rule
        );
        text_lines(
            &mut out,
            x + Saturating(14),
            y + Saturating(GAP.0 / 2) - Saturating(12),
            &[(label, false)],
            "#1f4e79",
        );
        y += GAP;
    }
    out.push_str("</svg>\n");
    out
}

/// A refusal: the furthest supported state (or the message alone) and, below it, each way
/// forward with what blocks it.
pub(super) fn refusal_svg(refusal: &Refusal) -> String {
    let headline: Vec<(String, bool)> = wrap(&format!("Refused ({}): {refusal}", refusal.code()))
        .into_iter()
        .map(|line| (line, true))
        .collect();
    let blockers = refusal.explanation().map(blocker_lines).unwrap_or_default();
    let furthest = refusal.explanation().and_then(|e| e.furthest.first());
    let lines = |n: usize| LINE_HEIGHT * px(n);
    let height = Saturating(48)
        + lines(headline.len())
        + furthest.map_or(Saturating(0), |state| {
            lines(state.len()) + Saturating(12) + Saturating(16)
        })
        + blockers
            .iter()
            .map(|b| lines(b.len()) + Saturating(20))
            .sum::<Px>();
    let mut out = String::new();
    open(&mut out, height, &format!("Refused: {}", refusal.code()));
    text_lines(&mut out, BOX_X, Saturating(12), &headline, "#a40000");
    let mut y = Saturating(24) + lines(headline.len());
    if let Some(state) = furthest {
        y += state_box(&mut out, y, state, None, true) + Saturating(16);
    }
    for blocker in &blockers {
        let height = lines(blocker.len()) + Saturating(10);
        let _ = writeln!(
            out,
            "<rect x=\"{BOX_X}\" y=\"{y}\" width=\"{}\" height=\"{height}\" rx=\"6\" fill=\"#fff5f5\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>",
            WIDTH - Saturating(2) * BOX_X
        );
        text_lines(&mut out, BOX_X + Saturating(10), y, blocker, "#7a0000");
        y += height + Saturating(10);
    }
    out.push_str("</svg>\n");
    out
}

fn blocker_lines(explanation: &Explanation) -> Vec<Vec<(String, bool)>> {
    explanation
        .blockers
        .iter()
        .map(|blocker| {
            let mut lines = vec![(format!("{} {}", blocker.product, blocker.to), true)];
            lines.extend(
                wrap(&super::blocker_message(explanation, blocker))
                    .into_iter()
                    .map(|l| (l, false)),
            );
            lines
        })
        .collect()
}

/// A product's upgrade graph as an arc diagram: its lines top to bottom, each hop an arc on
/// the right from the line it leaves to the line it lands on. Supported hops are solid,
/// migrations dashed, refused hops dotted grey; the chosen ones are bold.
pub(super) fn graph_svg(graph: &UpgradeGraph, chosen: impl Fn(&GraphEdge) -> bool) -> String {
    const ROW: Px = Saturating(28);
    let row = |index: usize| Saturating(40) + ROW * px(index);
    let height = row(graph.lines.len()) + Saturating(24);
    let mut out = String::new();
    open(
        &mut out,
        height,
        &format!("Upgrade graph of {}", graph.product),
    );
    for (i, line) in graph.lines.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"{BOX_X}\" y=\"{}\" {FONT} fill=\"#111111\">{}</text>",
            row(i) + Saturating(4),
            escape(&format!("{} {line}", graph.product))
        );
    }
    let legend = [
        ("#1f77b4", "", "supported hop"),
        ("#9467bd", " stroke-dasharray=\"6 4\"", "migration"),
        ("#b0b0b0", " stroke-dasharray=\"2 3\"", "refused hop"),
    ];
    for (i, (color, dash, what)) in legend.into_iter().enumerate() {
        let y = Saturating(20) + Saturating(18) * px(i);
        let _ = writeln!(
            out,
            "<line x1=\"470\" y1=\"{y}\" x2=\"500\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/><text x=\"508\" y=\"{}\" {FONT} fill=\"#111111\">{what}</text>",
            y + Saturating(4)
        );
    }
    let position = |line: &crate::version::Line| graph.lines.iter().position(|l| l == line);
    for edge in &graph.edges {
        let (Some(from), Some(to)) = (position(&edge.from), position(&edge.to)) else {
            continue;
        };
        let (y1, y2) = (row(from), row(to));
        let x: Px = Saturating(140);
        let bulge = x + Saturating(16) + px(from.abs_diff(to)).min(Saturating(16)) * Saturating(24);
        let (color, dash) = match (&edge.tool, edge.supported) {
            (Some(_), _) => ("#9467bd", " stroke-dasharray=\"6 4\""),
            (None, true) => ("#1f77b4", ""),
            (None, false) => ("#b0b0b0", " stroke-dasharray=\"2 3\""),
        };
        let width = if chosen(edge) { 3.0 } else { 1.2 };
        let _ = writeln!(
            out,
            "<path d=\"M{x},{y1} C{bulge},{y1} {bulge},{y2} {x},{y2}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\"{dash}><title>{}</title></path>",
            escape(&format!(
                "{} -> {}: {}",
                edge.from,
                edge.to,
                super::graph::edge_label(edge)
            ))
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, wrap};

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn messages_wrap_at_spaces() {
        let long = "word ".repeat(40);
        let lines = wrap(&long);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= super::WRAP));
        assert_eq!(lines.join(" "), long.trim_end());
    }
}
