//! Rendering plans and refusals for people (text) and for tools (JSON).

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::plan::{Explanation, Plan, Refusal, State};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// The JSON contract (`schema_version` 1).
    Json,
}

fn state_line(state: &State) -> String {
    state
        .iter()
        .map(|(p, v)| format!("{p} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders a plan.
pub fn render_plan(plan: &Plan, format: Format) -> String {
    match format {
        Format::Json => pretty(&serde_json::to_value(plan).unwrap_or(Value::Null)),
        Format::Text => plan_text(plan),
    }
}

/// Renders a refusal; for JSON, the error object `{"schema_version": 1, "error": {...}}`.
pub fn render_refusal(refusal: &Refusal, format: Format) -> String {
    match format {
        Format::Json => pretty(&refusal_json(refusal)),
        Format::Text => refusal_text(refusal),
    }
}

/// The JSON error object of a refusal.
pub fn refusal_json(refusal: &Refusal) -> Value {
    let mut error = json!({"code": refusal.code(), "message": refusal.to_string()});
    if let Some(explanation) = refusal.explanation() {
        error["explanation"] = serde_json::to_value(explanation).unwrap_or(Value::Null);
    }
    json!({"schema_version": crate::plan::PLAN_SCHEMA_VERSION, "error": error})
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
}

fn plan_text(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Upgrade plan (policy {})", plan.policy.as_str());
    let _ = writeln!(out, "  from: {}", state_line(&plan.from));
    let _ = writeln!(out, "  to:   {}", state_line(&plan.to));
    if plan.hops.is_empty() {
        let _ = writeln!(out, "\nNothing to do: the cluster is already there.");
    } else {
        let _ = writeln!(out, "\nHops:");
        for (i, hop) in plan.hops.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {} {} -> {} ({})",
                i + 1,
                hop.product,
                hop.from,
                hop.to,
                hop.rule
            );
        }
    }
    if !plan.steps.is_empty() {
        let _ = writeln!(out, "\nSteps:");
        for step in &plan.steps {
            let _ = writeln!(out, "  [{}] {} ({:?})", step.id, step.title, step.phase);
            if let Some(command) = &step.command {
                for line in command.lines() {
                    let _ = writeln!(out, "      $ {line}");
                }
            }
        }
    }
    if !plan.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        for warning in &plan.warnings {
            let _ = writeln!(out, "  - [{}] {}", warning.code, warning.message);
        }
    }
    out
}

fn refusal_text(refusal: &Refusal) -> String {
    let mut out = format!("Refused ({}): {refusal}\n", refusal.code());
    if let Some(explanation) = refusal.explanation() {
        out.push_str(&explanation_text(explanation));
    }
    out
}

/// The explanation of a refusal as numbered prose, without the headline.
pub fn explanation_text(explanation: &Explanation) -> String {
    let mut out = String::new();
    if !explanation.furthest.is_empty() {
        let _ = writeln!(out, "\nFurthest supported states:");
        for state in &explanation.furthest {
            let _ = writeln!(out, "  - {}", state_line(state));
        }
    }
    if !explanation.blockers.is_empty() {
        let _ = writeln!(out, "\nWhat stops each way forward:");
        for (i, blocker) in explanation.blockers.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, blocker.message);
        }
    }
    if !explanation.hints.is_empty() {
        let _ = writeln!(out, "\nWhat you can do:");
        for (i, hint) in explanation.hints.iter().enumerate() {
            let _ = writeln!(out, "  {}. {hint}", i + 1);
        }
    }
    out
}
