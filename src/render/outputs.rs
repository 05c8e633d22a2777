//! The answers to the smaller questions, as `planner` prints them: a single hop checked, a
//! plan validated, a catalog linted and an inventory preflighted. JSON gives the answer as an
//! object; every other format gives lines for a terminal.

use std::fmt::Write as _;

use serde::Serialize;

use super::messages::Counted;
use super::{Format, json};
use crate::classify::HopCheck;
use crate::inventory::{Finding, Severity};
use crate::lint::LintFinding;
use crate::plan::Plan;
use crate::validate::Violation;

/// Renders the answer of `check::check_hop`: JSON gives
/// `{"product", "from", "to", "supported", "rule", "message"}`; the other formats give the
/// message as one line.
pub fn render_check(check: &HopCheck, format: Format) -> String {
    match format {
        Format::Json => json(check),
        _ => format!("{check}\n"),
    }
}

/// The JSON answer of a validation.
#[derive(Serialize)]
struct Validation<'a> {
    valid: bool,
    violations: &'a [Violation],
}

/// Renders what [`crate::validate`] found in `plan`: JSON gives
/// `{"valid": ..., "violations": [...]}`; the other formats give one line per warning, then
/// `valid: N hops, M steps` or one line per error.
pub fn render_violations(plan: &Plan, violations: &[Violation], format: Format) -> String {
    let is_error = |v: &&Violation| v.severity == Severity::Error;
    if format == Format::Json {
        return json(&Validation {
            valid: !violations.iter().any(|v| is_error(&v)),
            violations,
        });
    }
    let mut text = String::new();
    for v in violations.iter().filter(|v| !is_error(v)) {
        let _ = writeln!(text, "warning[{}] {}: {}", v.code, v.location, v.subject);
    }
    let mut errors = violations.iter().filter(is_error).peekable();
    if errors.peek().is_none() {
        let _ = writeln!(
            text,
            "valid: {}, {}",
            Counted(plan.hops.len(), "hop"),
            Counted(plan.steps.len(), "step")
        );
    }
    for v in errors {
        let _ = writeln!(text, "invalid[{}] {}: {}", v.code, v.location, v.subject);
    }
    text
}

/// Why a validation refuses the plan, in one line (`the plan has 3 violations`, counting the
/// errors); `None` when the plan is valid.
pub fn validation_summary(violations: &[Violation]) -> Option<String> {
    let errors = violations
        .iter()
        .filter(|v| v.severity == Severity::Error)
        .count();
    (errors > 0).then(|| format!("the plan has {}", Counted(errors, "violation")))
}

/// The JSON answer of a lint.
#[derive(Serialize)]
struct Lint<'a> {
    warnings: usize,
    errors: usize,
    findings: &'a [LintFinding],
}

/// Renders what [`crate::lint()`] found: JSON gives `{"warnings": N, "errors": N,
/// "findings": [...]}`; the other formats give one line per finding, then the counts.
pub fn render_lint(findings: &[LintFinding], format: Format) -> String {
    let errors = findings.iter().filter(|f| f.code.is_error()).count();
    let warnings = findings.len().saturating_sub(errors);
    if format == Format::Json {
        return json(&Lint {
            warnings,
            errors,
            findings,
        });
    }
    let mut text = String::new();
    for finding in findings {
        let level = if finding.code.is_error() {
            "error"
        } else {
            "warning"
        };
        let _ = writeln!(
            text,
            "{level}[{}] {}: {}",
            finding.code, finding.path, finding.subject
        );
    }
    // The same closing line as a preflight's: errors first.
    let _ = writeln!(
        text,
        "{}, {}",
        Counted(errors, "error"),
        Counted(warnings, "warning")
    );
    text
}

/// The JSON answer of a preflight.
#[derive(Serialize)]
struct Preflight<'a> {
    errors: usize,
    findings: &'a [Finding],
}

fn error_count(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}

/// Renders what [`crate::inventory::preflight`] found: JSON gives `{"errors": N, "findings": [...]}`; the
/// other formats give one line per finding, then `N errors, M warnings`.
pub fn render_findings(findings: &[Finding], format: Format) -> String {
    let errors = error_count(findings);
    if format == Format::Json {
        return json(&Preflight { errors, findings });
    }
    let mut text = String::new();
    for finding in findings {
        let _ = writeln!(text, "{finding}");
    }
    let _ = writeln!(
        text,
        "{}, {}",
        Counted(errors, "error"),
        Counted(findings.len().saturating_sub(errors), "warning")
    );
    text
}

/// Why a preflight refuses the inventory, in one line (`the inventory has 2 preflight
/// errors`); `None` when no finding is an error.
pub fn preflight_summary(findings: &[Finding]) -> Option<String> {
    let errors = error_count(findings);
    (errors > 0).then(|| format!("the inventory has {}", Counted(errors, "preflight error")))
}
