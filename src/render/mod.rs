//! Rendering plans, refusals and upgrade graphs: text for a terminal, Markdown for a runbook
//! or a ticket, JSON for tools, DOT and Mermaid for pictures, and SVG drawn here.

mod graph;
mod launchpad;
mod messages;
mod outputs;
mod report;
mod svg;

pub use graph::render_graph;
pub use launchpad::render_launchpad;

use messages::Counted;
pub(crate) use report::ExplanationJson;
pub use report::explanation_summary;
use report::{blocker_message, hint_texts};

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::Serialize;

use crate::catalog::UnknownFact;

use crate::plan::{Hop, Phase, Plan, Shell, Step};
use crate::planner::Resume;
use crate::refusal::{Explanation, PersonStep, Refusal, UnansweredFact};
use crate::request::{State, describe_state};
use crate::table::RuleId;
use crate::text::Text;

use crate::version::UnknownWord;

pub use outputs::{
    preflight_summary, render_check, render_findings, render_lint, render_violations,
    validation_summary,
};

/// An output format, named on the command line as [`Format::as_str`] writes it and read back
/// with [`str::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// A Markdown runbook with checkboxes.
    Markdown,
    /// The JSON contract (`schema_version` 1).
    Json,
    /// A Graphviz DOT picture.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// An SVG picture, drawn by the library (no Graphviz or JavaScript needed).
    Svg,
}

impl Format {
    /// Every format, in the order the command line lists them.
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Markdown,
        Format::Json,
        Format::Dot,
        Format::Mermaid,
        Format::Svg,
    ];

    /// The formats an upgrade graph has a drawing of its own in ([`render_graph`]), in the
    /// order the command line lists them: Markdown gives the same as text, so it is left out.
    pub const GRAPH: [Format; 5] = [
        Format::Dot,
        Format::Mermaid,
        Format::Svg,
        Format::Text,
        Format::Json,
    ];

    /// The name as written on the command line (`markdown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Mermaid => "mermaid",
            Format::Svg => "svg",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = UnknownWord;

    /// Parses `text`, `markdown`, `json`, `dot`, `mermaid` or `svg` (exactly, lowercase), as
    /// [`Format::as_str`] writes them.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        UnknownWord::find("format", text, &Format::ALL, Format::as_str)
    }
}

fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Precheck => "precheck",
        Phase::Backup => "backup",
        Phase::Prepare => "prepare",
        Phase::Upgrade => "upgrade",
        Phase::Verify => "verify",
        Phase::Post => "post",
    }
}

/// `value` as `serde_json`'s pretty JSON, with a trailing newline.
///
/// `serde_json` refuses few values (a map whose keys are not strings, a `Serialize` that
/// fails); none of the library's documents is one, but if one were, the answer would still be
/// JSON: the error object ([`error_json`], code `internal`) saying what failed.
pub(crate) fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|error| {
        let message = format!("the answer could not be written as JSON: {error}");
        crate::json::pretty(&error_json("internal", &message))
    });
    text.push('\n');
    text
}

/// An inventory as its JSON document (what `planner import launchpad` prints), with a
/// trailing newline.
pub fn render_inventory(inventory: &crate::inventory::Inventory) -> String {
    json(inventory)
}

/// Renders a plan in any format.
pub fn render_plan(plan: &Plan, format: Format) -> String {
    match format {
        Format::Json => json(plan),
        Format::Text => plan_text(plan),
        Format::Markdown => plan_markdown(plan),
        Format::Dot => plan_dot(plan),
        Format::Mermaid => plan_mermaid(plan),
        Format::Svg => svg::plan_svg(plan, &plan_states(plan)),
    }
}

/// Renders where an interrupted plan stands: the message and every remaining step with its
/// command (text, or a Markdown checklist), the whole answer as JSON, or, for DOT and
/// Mermaid, the picture of the remaining hops (off the plan: of the fresh plan).
pub fn render_resume(resume: &Resume, plan: &Plan, format: Format) -> String {
    match format {
        Format::Json => json(resume),
        Format::Text => {
            let mut out = format!("{}\n", resume.subject);
            if !resume.superseded.is_empty() {
                let _ = writeln!(
                    out,
                    "\nNo longer to do (not marked done, before an upgrade already done): {}",
                    resume
                        .superseded
                        .iter()
                        .map(Text::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if !resume.remaining.is_empty() {
                out.push_str("\nSteps left:\n");
            }
            for step in &resume.remaining {
                step_text(&mut out, step);
            }
            if let Some(fresh) = &resume.fresh_plan {
                out.push('\n');
                out.push_str(&plan_text(fresh));
            }
            out
        }
        Format::Markdown => {
            let mut out = format!(
                "# Resuming the plan\n\n{}\n\n",
                markdown_escape(&resume.subject.to_string())
            );
            if !resume.superseded.is_empty() {
                let _ = writeln!(
                    out,
                    "No longer to do (not marked done, before an upgrade already done): {}\n",
                    resume
                        .superseded
                        .iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            for step in &resume.remaining {
                step_markdown(&mut out, step);
            }
            if let Some(fresh) = &resume.fresh_plan {
                out.push('\n');
                out.push_str(&plan_markdown(fresh));
            }
            out
        }
        Format::Dot | Format::Mermaid | Format::Svg => match &resume.fresh_plan {
            Some(fresh) => render_plan(fresh, format),
            None => render_plan(&remaining_plan(resume, plan), format),
        },
    }
}

/// The part of `plan` that `resume` says is left, as a plan of its own.
fn remaining_plan(resume: &Resume, plan: &Plan) -> Plan {
    let done = resume.hops_done.min(plan.hops.len());
    let mut left = plan.clone();
    // A plan has a state after each of its hops, so the state after `done` hops is there.
    if let Some(from) = plan.states().into_iter().nth(done) {
        left.from = from;
    }
    left.hops = plan.hops.get(done..).unwrap_or_default().to_vec();
    left.steps.clone_from(&resume.remaining);
    left
}

/// Renders a refusal. JSON gives the error object `{"schema_version": 1, "error": {...}}`;
/// Markdown and text give the explanation as numbered prose; DOT and Mermaid draw the
/// furthest state and the blocked ways forward.
pub fn render_refusal(refusal: &Refusal, format: Format) -> String {
    match format {
        Format::Json => json(&refusal_json(refusal)),
        Format::Text | Format::Markdown => {
            let mut out = format!("Refused ({}): {refusal}\n", refusal.code());
            if let Some(explanation) = refusal.explanation() {
                out.push_str(&explanation_text(explanation));
            }
            out
        }
        Format::Dot | Format::Mermaid => refusal_picture(refusal, format),
        Format::Svg => svg::refusal_svg(refusal),
    }
}

/// The JSON error document of a refusal.
#[derive(Serialize)]
struct ErrorDocument<'a> {
    schema_version: u32,
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<ExplanationJson<'a>>,
    /// For `unanswered-fact`: each fact with its question and the gates that ask it.
    #[serde(skip_serializing_if = "Option::is_none")]
    facts: Option<&'a [UnansweredFact]>,
    /// For `unknown-fact`: the name, the nearest known fact and every known fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    unknown_fact: Option<&'a UnknownFact>,
    /// For `search-limit`: how much the search explored and the furthest state.
    #[serde(skip_serializing_if = "Option::is_none")]
    search: Option<SearchReport<'a>>,
    /// For `needs-person`: the steps that need a person (id, title, note).
    #[serde(skip_serializing_if = "Option::is_none")]
    steps: Option<&'a [PersonStep]>,
}

/// What a search that ran out of its budget explored.
#[derive(Serialize)]
struct SearchReport<'a> {
    explored: usize,
    limit: usize,
    furthest: &'a State,
}

impl<'a> From<&'a Refusal> for ErrorDocument<'a> {
    fn from(refusal: &'a Refusal) -> Self {
        ErrorDocument {
            schema_version: crate::plan::PLAN_SCHEMA_VERSION,
            error: ErrorBody {
                code: refusal.code(),
                message: refusal.to_string(),
                explanation: refusal.explanation().map(ExplanationJson::from),
                facts: match refusal {
                    Refusal::UnansweredFact(facts) => Some(facts),
                    _ => None,
                },
                unknown_fact: match refusal {
                    Refusal::UnknownFact(unknown) => Some(unknown),
                    _ => None,
                },
                search: match refusal {
                    Refusal::SearchLimit {
                        explored,
                        limit,
                        furthest,
                    } => Some(SearchReport {
                        explored: *explored,
                        limit: *limit,
                        furthest,
                    }),
                    _ => None,
                },
                steps: match refusal {
                    Refusal::NeedsPerson { steps } => Some(steps),
                    _ => None,
                },
            },
        }
    }
}

/// The JSON error object of a refusal, as a value.
pub fn refusal_json(refusal: &Refusal) -> serde_json::Value {
    // The document holds strings, numbers and maps keyed by product names, which serde_json
    // always accepts; were it refused, the refusal's code and message still make an object.
    serde_json::to_value(ErrorDocument::from(refusal))
        .unwrap_or_else(|_| error_json(refusal.code(), &refusal.to_string()))
}

/// The JSON error object of malformed input (a bad version, an unreadable catalog, a usage
/// error), in the same shape as a refusal's: `{"schema_version": 1, "error": {"code": "...",
/// "message": "..."}}`. Built by `serde_json`, so any text is escaped as JSON needs.
pub fn error_json(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({
        "schema_version": crate::plan::PLAN_SCHEMA_VERSION,
        "error": {
            "code": code,
            "message": message,
        },
    })
}

fn hop_line(hop: &Hop) -> String {
    format!(
        "{} {} -> {} ({})",
        hop.product,
        hop.from_text(),
        hop.to_text(),
        hop.rule
    )
}

fn plan_text(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (policy {}{})",
        plan_kind(plan),
        plan.policy.as_str(),
        if plan.offline { ", offline" } else { "" }
    );
    let _ = writeln!(out, "  from: {}", describe_state(&plan.from));
    let _ = writeln!(out, "  to:   {}", describe_state(&plan.to));
    if plan.hops.is_empty() {
        let _ = writeln!(out, "\nNothing to do: the cluster is already there.");
    } else {
        let _ = writeln!(out, "\nHops:");
        for (number, hop) in (1_usize..).zip(&plan.hops) {
            let _ = writeln!(out, "  {number}. {}", hop_line(hop));
        }
    }
    if !plan.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        for warning in &plan.warnings {
            let _ = writeln!(out, "  - [{}] {warning}", warning.code);
        }
    }
    if !plan.placeholders.is_empty() {
        let _ = writeln!(out, "\nTo fill in (the commands carry these placeholders):");
        for placeholder in &plan.placeholders {
            let _ = writeln!(
                out,
                "  {}: {} ({})",
                placeholder.name,
                placeholder.meaning,
                Counted(placeholder.steps.len(), "step")
            );
        }
    }
    for (number, hop, steps) in step_groups(plan) {
        match (number, hop) {
            (0, _) => out.push_str("\nBefore you start:\n"),
            (_, Some(hop)) => {
                let _ = writeln!(out, "\nHop {number}: {}", hop_line(hop));
            }
            (_, None) => {
                let _ = writeln!(out, "\nHop {number} (not one of the plan's hops):");
            }
        }
        for step in steps {
            step_text(&mut out, step);
        }
    }
    out
}

/// One step as text: its heading line, then one line or block for each of its parts (where
/// it runs, the command, the note, whether it may be re-run), each written by its own
/// function so that a part can be added without touching the others.
/// What a plan does, as its title says: `Uninstall plan` when its hops only remove, else
/// `Upgrade plan`.
fn plan_kind(plan: &Plan) -> &'static str {
    if !plan.hops.is_empty() && plan.hops.iter().all(|hop| hop.rule == RuleId::Uninstall) {
        "Uninstall plan"
    } else {
        "Upgrade plan"
    }
}

fn step_text(out: &mut String, step: &Step) {
    let _ = writeln!(
        out,
        "  [{}] {} ({}){}",
        phase_name(step.phase),
        step.title,
        step.id,
        needs_person_mark(step)
    );
    if let Some(node) = &step.node {
        let _ = writeln!(out, "      on: {node}");
    }
    if !step.shell.is_bash() {
        let _ = writeln!(out, "      shell: {}", shell_name(step.shell));
    }
    if !step.env.is_empty() {
        let _ = writeln!(out, "      {}", env_sentence(step));
    }
    if let Some(command) = &step.command {
        command_text(out, command);
    }
    if let Some(note) = &step.note {
        note_text(out, note);
    }
    if !step.rerun_safe {
        let _ = writeln!(
            out,
            "      (not safe to re-run blindly: check the state first)"
        );
    }
    if let Some(source) = &step.source {
        let _ = writeln!(out, "      source: {source}");
    }
}

/// The shell a step's command is for, as the JSON writes it.
fn shell_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "bash",
        Shell::PowerShell => "powershell",
    }
}

/// The mark of a step an installer cannot run (`unattended: false`).
fn needs_person_mark(step: &Step) -> &'static str {
    if step.unattended {
        ""
    } else {
        " [needs a person]"
    }
}

/// The environment variables a step's command reads, in words.
fn env_sentence(step: &Step) -> String {
    format!(
        "set in the environment first (read by the command, never typed into it): {}",
        step.env.join(", ")
    )
}

/// A command as a block to copy as it is: no prompt before its lines, indented (the shell
/// ignores leading blanks, and no command of the runbook has a here-document).
fn command_text(out: &mut String, command: &str) {
    out.push_str("      run:\n");
    for line in command.lines() {
        let _ = writeln!(out, "        {line}");
    }
}

/// A note; its lines indented by four blanks are commands, printed as a block like a step's.
fn note_text(out: &mut String, note: &str) {
    let mut first = true;
    for part in note_parts(note) {
        match part {
            NotePart::Prose(line) if first => {
                let _ = writeln!(out, "      note: {line}");
            }
            NotePart::Prose(line) => {
                let _ = writeln!(out, "        {line}");
            }
            NotePart::Code(lines) => {
                for line in lines {
                    let _ = writeln!(out, "          {line}");
                }
            }
        }
        first = false;
    }
}

/// A part of a note: a line of prose, or the lines of a command (the note's lines indented
/// by four blanks, without them).
enum NotePart<'a> {
    Prose(&'a str),
    Code(Vec<&'a str>),
}

fn note_parts(note: &str) -> Vec<NotePart<'_>> {
    let mut parts: Vec<NotePart<'_>> = Vec::new();
    for line in note.lines() {
        match (line.strip_prefix("    "), parts.last_mut()) {
            (Some(code), Some(NotePart::Code(lines))) => lines.push(code),
            (Some(code), _) => parts.push(NotePart::Code(vec![code])),
            (None, _) => parts.push(NotePart::Prose(line)),
        }
    }
    parts
}

/// The steps grouped as the plan lists them, each group with its hop number (0: plan-wide)
/// and its hop, `None` for a number that is not one of the plan's hops (an edited plan): no
/// step is left out.
fn step_groups(plan: &Plan) -> Vec<(usize, Option<&Hop>, Vec<&Step>)> {
    let mut groups: Vec<(usize, Option<&Hop>, Vec<&Step>)> = Vec::new();
    for step in &plan.steps {
        match groups.last_mut() {
            Some((number, _, steps)) if *number == step.hop => steps.push(step),
            _ => {
                let hop = step
                    .hop
                    .checked_sub(1)
                    .and_then(|index| plan.hops.get(index));
                groups.push((step.hop, hop, vec![step]));
            }
        }
    }
    groups
}

fn plan_markdown(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", plan_kind(plan));
    let _ = writeln!(out, "- **From:** {}", describe_state(&plan.from));
    let _ = writeln!(out, "- **To:** {}", describe_state(&plan.to));
    let _ = writeln!(
        out,
        "- **Policy:** {}{}",
        plan.policy.as_str(),
        if plan.offline { " (offline site)" } else { "" }
    );
    if plan.hops.is_empty() && plan.steps.is_empty() {
        let _ = writeln!(out, "\nNothing to do: the cluster is already there.");
        return out;
    }
    if !plan.hops.is_empty() {
        let _ = writeln!(
            out,
            "\n## Hops\n\n| # | product | from | to | rule |\n|---|---|---|---|---|"
        );
    }
    for (number, hop) in (1_usize..).zip(&plan.hops) {
        let _ = writeln!(
            out,
            "| {number} | {} | {} | {} | {} |",
            cell(hop.product.as_str()),
            cell(hop.from_text()),
            cell(hop.to_text()),
            code_cell(hop.rule.as_str())
        );
    }
    if !plan.warnings.is_empty() {
        let _ = writeln!(out, "\n## Warnings\n");
        for warning in &plan.warnings {
            let _ = writeln!(
                out,
                "- **{}**: {}",
                warning.code,
                markdown_escape(&warning.to_string())
            );
        }
    }
    if !plan.placeholders.is_empty() {
        let _ = writeln!(
            out,
            "\n## To fill in\n\nThe commands carry these placeholders:\n\n| placeholder | what to put there | steps |\n|---|---|---|"
        );
        for placeholder in &plan.placeholders {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                code_cell(&placeholder.name),
                cell(&placeholder.meaning),
                placeholder.steps.len()
            );
        }
    }
    for (number, hop, steps) in step_groups(plan) {
        match (number, hop) {
            (0, _) => out.push_str("\n## Before you start\n"),
            (_, Some(hop)) => {
                let _ = writeln!(
                    out,
                    "\n## Hop {number}: {} {} → {} (`{}`)",
                    hop.product.full_name(),
                    markdown_escape(hop.from_text()),
                    markdown_escape(hop.to_text()),
                    hop.rule
                );
            }
            (_, None) => {
                let _ = writeln!(out, "\n## Hop {number} (not one of the plan's hops)");
            }
        }
        let mut phase = None;
        for step in steps {
            if phase != Some(step.phase) {
                phase = Some(step.phase);
                let _ = writeln!(out, "\n### {}\n", capitalised(phase_name(step.phase)));
            }
            step_markdown(&mut out, step);
        }
    }
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// One step as a Markdown checklist item: its heading line, then one part per line or block
/// (where it runs, the note, whether it may be re-run, the command), each written by its own
/// function so that a part can be added without touching the others.
fn step_markdown(out: &mut String, step: &Step) {
    let _ = writeln!(
        out,
        "- [ ] **{}** {}{}",
        markdown_escape(&step.title),
        code_span(&step.id),
        needs_person_mark(step)
    );
    if let Some(node) = &step.node {
        let _ = writeln!(out, "  - on: {}", markdown_escape(node));
    }
    if !step.env.is_empty() {
        let _ = writeln!(out, "  - {}", env_sentence(step));
    }
    if let Some(source) = &step.source {
        let _ = writeln!(out, "  - source: <{source}>");
    }
    if let Some(note) = &step.note {
        note_markdown(out, note);
    }
    if !step.rerun_safe {
        let _ = writeln!(out, "  - not safe to re-run blindly: check the state first");
    }
    if let Some(command) = &step.command {
        fenced(out, command, step.shell);
    }
}

/// A note as a sub-item; its command lines (indented by four blanks) as fenced blocks.
fn note_markdown(out: &mut String, note: &str) {
    let mut first = true;
    for part in note_parts(note) {
        match part {
            NotePart::Prose(line) if first => {
                let _ = writeln!(out, "  - {}", markdown_escape(line));
            }
            NotePart::Prose(line) => {
                let _ = writeln!(out, "\n    {}", markdown_escape(line));
            }
            NotePart::Code(lines) => {
                let text = lines.join("\n");
                let fence = fence_for(&text);
                let _ = writeln!(out, "\n    {fence}sh");
                for line in &lines {
                    let _ = writeln!(out, "    {line}");
                }
                let _ = writeln!(out, "    {fence}\n");
            }
        }
        first = false;
    }
}

/// A command as a fenced block inside the step's list item, with a fence longer than any
/// run of backticks in it.
fn fenced(out: &mut String, command: &str, shell: Shell) {
    let fence = fence_for(command);
    let language = match shell {
        Shell::Bash => "sh",
        Shell::PowerShell => "powershell",
    };
    let _ = writeln!(out, "\n  {fence}{language}");
    for line in command.lines() {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "  {fence}\n");
}

/// Three backticks, or one more than the longest run of backticks in `text`.
fn fence_for(text: &str) -> String {
    let longest = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    "`".repeat(longest.saturating_add(1).max(3))
}

/// `text` as a code span, with delimiters longer than any run of backticks in it.
fn code_span(text: &str) -> String {
    let longest = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let ticks = "`".repeat(longest.saturating_add(1));
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Plain text for Markdown: every character a Markdown reader (GitHub's, GitLab's) could read as markup
/// (emphasis, links, HTML tags such as `<this-node>`, entities, table pipes, a line break)
/// is escaped with a backslash, so that the text renders as written. Code spans the text
/// already has (between single backticks, as notes write commands) are kept, with their
/// pipes escaped (a GFM table cell needs that even inside code).
pub(crate) fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let (plain, from_tick) = rest.split_at(open);
        escape_plain(&mut out, plain);
        let after = from_tick.get(1..).unwrap_or_default();
        match after.find('`') {
            Some(close) if close > 0 => {
                let code = after.get(..close).unwrap_or_default();
                out.push('`');
                out.push_str(&code.replace('|', "\\|"));
                out.push('`');
                rest = after.get(close.saturating_add(1)..).unwrap_or_default();
            }
            _ => {
                out.push_str("\\`");
                rest = after;
            }
        }
    }
    escape_plain(&mut out, rest);
    out
}

fn escape_plain(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '<' | '>' | '[' | ']' | '&' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
}

/// A GFM table cell of plain text.
fn cell(text: &str) -> String {
    markdown_escape(text)
}

/// A GFM table cell holding `text` as code, its pipes escaped.
fn code_cell(text: &str) -> String {
    code_span(text).replace('|', "\\|")
}

/// Quotes a label for DOT.
fn dot_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Quotes a label for Mermaid (which has no escape for `"` but accepts `#quot;`).
fn mermaid_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "#quot;"))
}

/// The states a plan passes through, the start first.
fn plan_states(plan: &Plan) -> Vec<State> {
    plan.states()
}

fn plan_dot(plan: &Plan) -> String {
    let mut out =
        String::from("digraph plan {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for (i, state) in plan_states(plan).iter().enumerate() {
        let style = if i == 0 || i == plan.hops.len() {
            ", style=\"rounded,bold\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  s{i} [label={}{style}];",
            dot_quote(&describe_state(state).replace(", ", "\n"))
        );
    }
    // Hop `number` goes from state `number - 1` to state `number`.
    for ((i, number), hop) in (0_usize..).zip(1_usize..).zip(&plan.hops) {
        let label = format!(
            "{number}. {} {} -> {}\n{}",
            hop.product,
            hop.from_text(),
            hop.to_text(),
            hop.rule
        );
        let _ = writeln!(
            out,
            "  s{i} -> s{number} [label={}, color=\"#1f77b4\", penwidth=2];",
            dot_quote(&label)
        );
    }
    out.push_str("}\n");
    out
}

fn plan_mermaid(plan: &Plan) -> String {
    let mut out = String::from("flowchart LR\n");
    for (i, state) in plan_states(plan).iter().enumerate() {
        let _ = writeln!(
            out,
            "  s{i}[{}]",
            mermaid_quote(&describe_state(state).replace(", ", "<br/>"))
        );
    }
    for ((i, number), hop) in (0_usize..).zip(1_usize..).zip(&plan.hops) {
        let label = format!(
            "{number}. {} {} → {} ({})",
            hop.product,
            hop.from_text(),
            hop.to_text(),
            hop.rule
        );
        let _ = writeln!(out, "  s{i} ==>|{}| s{number}", mermaid_quote(&label));
    }
    out
}

fn refusal_picture(refusal: &Refusal, format: Format) -> String {
    let Some(explanation) = refusal.explanation() else {
        return match format {
            Format::Dot => format!(
                "digraph refusal {{\n  r [shape=box, label={}];\n}}\n",
                dot_quote(&refusal.to_string())
            ),
            _ => format!(
                "flowchart LR\n  r[{}]\n",
                mermaid_quote(&refusal.to_string())
            ),
        };
    };
    let furthest = explanation
        .furthest
        .first()
        .map(describe_state)
        .unwrap_or_default();
    let mut out = match format {
        Format::Dot => format!(
            "digraph refusal {{\n  rankdir=LR;\n  s [shape=box, style=rounded, label={}];\n",
            dot_quote(&furthest.replace(", ", "\n"))
        ),
        _ => format!(
            "flowchart LR\n  s[{}]\n",
            mermaid_quote(&furthest.replace(", ", "<br/>"))
        ),
    };
    for (i, blocker) in explanation.blockers.iter().enumerate() {
        let target = format!("{} {}", blocker.product, blocker.to);
        let _ = match format {
            Format::Dot => writeln!(
                out,
                "  b{i} [shape=box, style=dashed, label={}];\n  s -> b{i} [style=dashed, color=red, label={}];",
                dot_quote(&target),
                dot_quote(&blocker_message(explanation, blocker))
            ),
            _ => writeln!(
                out,
                "  b{i}[{}]\n  s -.-x|{}| b{i}",
                mermaid_quote(&target),
                mermaid_quote(&blocker_message(explanation, blocker))
            ),
        };
    }
    if format == Format::Dot {
        out.push_str("}\n");
    }
    out
}

/// The explanation of a refusal as numbered prose, without the headline.
pub fn explanation_text(explanation: &Explanation) -> String {
    let mut out = String::new();
    if !explanation.furthest.is_empty() {
        let _ = writeln!(out, "\nFurthest supported states:");
        for state in &explanation.furthest {
            let _ = writeln!(out, "  - {}", describe_state(state));
        }
    }
    if !explanation.blockers.is_empty() {
        let _ = writeln!(out, "\nWhat stops each way forward:");
        for (number, blocker) in (1_usize..).zip(&explanation.blockers) {
            let _ = writeln!(out, "  {number}. {}", blocker_message(explanation, blocker));
        }
    }
    let hints = hint_texts(explanation);
    if !hints.is_empty() {
        let _ = writeln!(out, "\nWhat you can do:");
        for (number, hint) in (1_usize..).zip(&hints) {
            let _ = writeln!(out, "  {number}. {hint}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;
    use serde::ser::Error as _;
    use serde_json::Value;

    use super::json;

    /// A value whose `Serialize` fails, with a message that JSON must escape.
    struct Failing;

    impl Serialize for Failing {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(S::Error::custom("a \"quote\", a \\ and\na newline\u{0}"))
        }
    }

    /// What `serde_json` refuses still comes out as JSON: the error object, its message
    /// escaped, parsed back here.
    #[test]
    fn a_value_serde_json_refuses_is_written_as_the_error_object() {
        let tuple_keys = BTreeMap::from([((1, 2), "x")]);
        for (text, says) in [
            (json(&Failing), "a \"quote\", a \\ and\na newline\u{0}"),
            (json(&tuple_keys), "key must be a string"),
        ] {
            assert!(text.ends_with('\n'));
            let parsed: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
            assert_eq!(parsed["schema_version"], 1);
            assert_eq!(parsed["error"]["code"], "internal");
            let message = parsed["error"]["message"].as_str().unwrap();
            assert!(
                message.starts_with("the answer could not be written as JSON: ")
                    && message.contains(says),
                "{message}"
            );
        }
    }

    /// Everything else is exactly `serde_json::to_string_pretty` and a newline.
    #[test]
    fn json_is_serde_jsons_pretty_form_and_a_newline() {
        let value = serde_json::json!({"b": [1, 2.5, null], "a": {"x": "é\u{1}"}, "c": []});
        assert_eq!(
            json(&value),
            format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
        );
        assert_eq!(
            crate::json::pretty(&value),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
