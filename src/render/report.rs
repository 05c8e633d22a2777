//! The reporters: every sentence about a refusal. The planner and the search hand over typed
//! data ([`Refusal`], [`Explanation`], [`Blocker`], [`Hint`]); this module writes the
//! `Display` of a refusal, the summary of an explanation, each blocker's message and each
//! hint's text, and the JSON shape of an explanation, with those sentences filled in.

use std::fmt;

use super::messages::Counted;

use serde::Serialize;

use crate::plan::{Warning, WarningJson, WarningSubject, WeakReleaseReason};
use crate::refusal::{Explanation, Hint, OtherProduct, Refusal, UnansweredFact};
use crate::request::{State, describe_state};
use crate::requirement::Requirement;
use crate::search::{Blocker, Obstacle};
use crate::version::{Product, Version};

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Downgrade { product, from, to } => write!(
                f,
                "{product} {to} is older than the installed {from}: downgrades are not supported"
            ),
            Refusal::MigrationRequired {
                product,
                from,
                to,
                tool,
            } => write!(
                f,
                "{product} {to} is not reachable by in-place upgrades from {from}: it needs a migration with {tool}; allow migrations to plan it (--allow-migrations, or \"allow_migrations\": true in a JSON request)"
            ),
            Refusal::BlockedTarget {
                product,
                version,
                reason,
            } => write!(f, "{product} {version} is blocked: {reason}"),
            Refusal::UnknownVersion(error) => fmt::Display::fmt(error, f),
            Refusal::NotInstalled { product } => write!(
                f,
                "{product} is not installed: add it to the current versions (only MSR can be installed by a plan)"
            ),
            Refusal::NoPath(explanation) => f.write_str(&explanation_summary(explanation)),
            Refusal::NotInstallable { target } => write!(
                f,
                "MSR {target} cannot be installed by this planner: only MSR 2.x installs with `docker run .../dtr install` on an MKE release that supports it (MSR 3 and 4 install with Helm or their operator)"
            ),
            Refusal::InstallIncompatible { msr, product, from } => write!(
                f,
                "msr {msr} cannot be installed: no {product} release from {from} on is compatible with it (downgrades are not supported)"
            ),
            Refusal::InstallGate {
                msr,
                requires,
                reason,
            } => write!(
                f,
                "msr {msr} cannot be installed: its gate '{requires}' does not hold before the install: {reason}"
            ),
            Refusal::UnknownFact(error) => fmt::Display::fmt(error, f),
            Refusal::UnansweredFact(facts) => f.write_str(&unanswered_message(facts)),
            Refusal::SearchLimit {
                explored,
                limit,
                furthest,
            } => write!(
                f,
                "the search stopped after exploring {explored} states (the limit is {limit}) without finding a supported path; the furthest state reached is {}; narrow the request (fewer products named, nearer targets) or raise the planner's search limit",
                describe_state(furthest)
            ),
            Refusal::UnknownStep { id, nearest } => write!(
                f,
                "step '{id}' is not in the plan; nearest step ids: {}",
                nearest.join(", ")
            ),
            Refusal::NeedsPerson { steps } => write!(
                f,
                "the plan is for an installer with no person at a terminal, but {} need{} a person: {}; run {} by hand, or plan without --unattended",
                Counted(steps.len(), "step"),
                if steps.len() == 1 { "s" } else { "" },
                steps
                    .iter()
                    .map(|step| format!("{} ({})", step.id, step.title))
                    .collect::<Vec<_>>()
                    .join("; "),
                if steps.len() == 1 { "it" } else { "them" },
            ),
            Refusal::UnsafeSiteValue { field, value } => write!(
                f,
                "site value {field} {value:?} is not one plain word: the runbook writes site values into its commands as they are, so use only letters, digits and . - _ : / @ + = , ~ % [ ] (no space, quote, $, ;, &, |, <, >, (, ), *, ?, !, #, backslash or braces)"
            ),
            Refusal::UnknownAcceptCode { code, nearest } => write!(
                f,
                "cannot accept '{code}': no preflight finding has that code (did you mean '{nearest}'?); the codes are: {}",
                crate::inventory::FINDING_CODES.join(", ")
            ),
            Refusal::Preflight { findings } => {
                let mut codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
                codes.dedup();
                write!(
                    f,
                    "preflight: {}; to plan anyway, accept {} by code: --accept {} (in a JSON request: \"accept\": [{}])",
                    findings
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                    if codes.len() == 1 { "it" } else { "them" },
                    codes.join(","),
                    codes
                        .iter()
                        .map(|code| format!("\"{code}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        }
    }
}

/// The wrapped errors are transparent: their message is the refusal's, and their source is
/// the refusal's source.
impl std::error::Error for Refusal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Refusal::UnknownVersion(error) => error.source(),
            Refusal::UnknownFact(error) => error.source(),
            _ => None,
        }
    }
}

fn unanswered_message(facts: &[UnansweredFact]) -> String {
    let questions: Vec<String> = facts
        .iter()
        .map(|unanswered| {
            let name = &unanswered.fact.name;
            let reasons: Vec<&str> = unanswered.gates.iter().map(|g| g.reason.as_str()).collect();
            let why = if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join("; "))
            };
            format!(
                "'{name}': {}{why}; answer with --facts {name}=true or --facts {name}=false (in a JSON request: \"facts\": {{\"{name}\": true}} or false)",
                unanswered.fact.question
            )
        })
        .collect();
    format!(
        "the plan depends on facts nobody answered: {}",
        questions.join(". ")
    )
}

/// The one-sentence summary of an explanation (the message of [`Refusal::NoPath`]): where
/// the request starts, its targets, and the furthest supported state.
pub fn explanation_summary(explanation: &Explanation) -> String {
    let targets: Vec<String> = explanation
        .to
        .iter()
        .map(|(p, t)| format!("{p} {t}"))
        .collect();
    format!(
        "no supported path from {} to {}; the furthest supported state is {}",
        describe_state(&explanation.from),
        targets.join(", "),
        explanation
            .furthest
            .first()
            .map_or_else(String::new, describe_state),
    )
}

/// The state the explanation's blockers are ways forward from: the first furthest state, or
/// the start when there is none.
fn blocked_state(explanation: &Explanation) -> &State {
    explanation.furthest.first().unwrap_or(&explanation.from)
}

/// One sentence for people on what stops a blocker of `explanation`.
pub(crate) fn blocker_message(explanation: &Explanation, blocker: &Blocker) -> String {
    let Blocker {
        product,
        from,
        to,
        obstacle,
        ..
    } = blocker;
    let state = blocked_state(explanation);
    let hop = format!("{product} {from} -> {to}");
    let installed = |p: Product| {
        state.get(&p).map_or_else(
            || format!("{p} is not installed"),
            |v: &Version| format!("{p} is {v}"),
        )
    };
    match obstacle {
        Obstacle::Rule { rule } => match rule.rule() {
            Some(row) => format!(
                "{hop}: the upgrade table refuses it ({rule}: {})",
                row.description
            ),
            None => format!("{hop}: refused by rule {rule}"),
        },
        Obstacle::MigrationNotAllowed { tool } => {
            format!("{hop}: this is a migration with {tool}, and migrations are not allowed")
        }
        Obstacle::NoMigration { sources } => format!(
            "{hop}: reached only by a migration, which starts from {}",
            joined(sources, " or ")
        ),
        Obstacle::Blocked { reason } => format!("{hop}: {product} {to} is blocked: {reason}"),
        Obstacle::Gate { requires, reason } => format!(
            "{hop}: gate '{requires}' is not met, and {}: {reason}",
            installed(requires.product())
        ),
        Obstacle::GateOrder { requires, reason } => format!(
            "{hop}: the plan met '{}' out of the documented order: {reason}",
            joined(requires, "', then '")
        ),
        Obstacle::Compatibility { when, requires } => {
            if when.product() == *product {
                format!(
                    "{hop}: '{when}' requires '{requires}', but {}",
                    installed(requires.product())
                )
            } else {
                format!(
                    "{hop}: {}, and '{when}' requires '{requires}', which {product} {to} is not",
                    installed(when.product())
                )
            }
        }
    }
}

fn joined<T: fmt::Display>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

/// The sentence of a product moved though the request does not name it, with what forced it.
fn moved_not_named(
    f: &mut fmt::Formatter<'_>,
    product: Product,
    from: &Version,
    to: &Version,
    entries: &[(Requirement, Requirement)],
    gates: &[Requirement],
) -> fmt::Result {
    write!(
        f,
        "{product} is not named in the targets but moves from {from} to {to}"
    )?;
    let mut reasons: Vec<String> = entries
        .iter()
        .map(|(when, requires)| format!("'{when}' requires '{requires}'"))
        .collect();
    reasons.extend(gates.iter().map(|r| format!("a gate needs '{r}'")));
    if reasons.is_empty() {
        f.write_str(
            " on the way to the other targets: no compatibility entry or gate rules out its installed version at the end, so a state along the way or a recommendation of the policy moves it",
        )
    } else {
        write!(f, ", because {}", reasons.join("; "))
    }
}

/// A hint's text: what the operator can do, in one sentence.
impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hint::AllowMigrations { product, tool } => write!(
                f,
                "allow migrations to plan the {product} migration with {tool}"
            ),
            Hint::MigrateFrom {
                product,
                version,
                sources,
            } => write!(
                f,
                "the migration to {product} {version} starts from {}: upgrade to it first",
                joined(sources, " or ")
            ),
            Hint::MigrationSourcePassed {
                product,
                version,
                sources,
                current,
            } => write!(
                f,
                "the migration to {product} {version} starts from {}, and {product} {current} is already past it (downgrades are not supported): choose another target",
                joined(sources, " or ")
            ),
            Hint::ChooseAnotherTarget { product, version } => {
                write!(f, "{product} {version} is blocked: choose another target")
            }
            Hint::Gate { reason } => f.write_str(reason),
            Hint::Compatibility {
                product,
                when,
                requires,
                other,
                ..
            } => {
                if when.product() == *product {
                    write!(f, "'{when}' needs '{requires}'")?;
                } else {
                    write!(f, "'{when}' allows only '{requires}'")?;
                }
                match other {
                    OtherProduct::KeptAtTarget { product, target } => write!(
                        f,
                        ", and the request keeps {product} at {target}: choose a {product} target that allows it"
                    ),
                    OtherProduct::NotInstalled { product } => write!(
                        f,
                        ", and {product} is not installed: if it is, add its version to the installed versions ({product}=VERSION in --from, or \"from\": {{\"{product}\": \"VERSION\"}} in a JSON request); every node runs MCR, and MSR needs MKE"
                    ),
                    OtherProduct::PastRange { product, version } => write!(
                        f,
                        ", and {product} {version} is already past that range (downgrades are not supported): choose other targets"
                    ),
                    OtherProduct::MoveIntoRange { product } => {
                        write!(f, ": move {product} into that range first")
                    }
                }
            }
            Hint::UnlistedKept {
                product,
                version,
                target,
            } => write!(
                f,
                "{product} {version} is not in the catalog and the target {product}={target} keeps it there, so no hop may move {product}; to let it move, target a listed {product} release newer than {version}"
            ),
            Hint::CheckCatalog => f.write_str(
                "no supported hop leads closer to the targets; check the catalog for missing releases (planner catalog lint)",
            ),
        }
    }
}

/// The hints' texts, in order, each once (two hints can say the same thing).
pub(crate) fn hint_texts(explanation: &Explanation) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    for hint in &explanation.hints {
        let text = hint.to_string();
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    texts
}

/// Why there is no supported path, in terms a person can act on.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "Explanation")]
pub(crate) struct ExplanationJson<'a> {
    /// One sentence.
    summary: String,
    /// The furthest states the supported hops reach (closest to the targets first).
    furthest: &'a [State],
    /// Each way forward from the first furthest state, with what stops it.
    blockers: Vec<BlockerJson<'a>>,
    /// What the operator can do about it.
    hints: Vec<String>,
}

/// One way forward from a furthest state, and what stops it.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "Blocker")]
struct BlockerJson<'a> {
    /// The product that would move.
    product: Product,
    /// Its version now.
    from: &'a Version,
    /// The version it would move to.
    to: &'a Version,
    /// What stops it.
    obstacle: &'a Obstacle,
    /// One sentence for people.
    message: String,
}

impl<'a> From<&'a Explanation> for ExplanationJson<'a> {
    fn from(explanation: &'a Explanation) -> Self {
        ExplanationJson {
            summary: explanation_summary(explanation),
            furthest: &explanation.furthest,
            blockers: explanation
                .blockers
                .iter()
                .map(|blocker| BlockerJson {
                    product: blocker.product,
                    from: &blocker.from,
                    to: &blocker.to,
                    obstacle: &blocker.obstacle,
                    message: blocker_message(explanation, blocker),
                })
                .collect(),
            hints: hint_texts(explanation),
        }
    }
}

impl fmt::Display for Warning {
    /// The warning's sentence, naming its values (what the plan's JSON carries as `message`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.subject {
            WarningSubject::UnlistedVersion { product, version } => write!(
                f,
                "{product} {version} is not listed in the catalog; its line {} is, and the plan treats it as a release of that line",
                version.line()
            ),
            WarningSubject::StartIncompatible { when, requires } => write!(
                f,
                "the current state breaks compatibility: '{when}' requires '{requires}'; the plan adds no new violation"
            ),
            WarningSubject::NotNewestOfMajor {
                product,
                from,
                to,
                newest,
            } => write!(
                f,
                "before the major upgrade {product} {from} -> {to}, be on {newest}, the newest release of {product} {} (strongly recommended)",
                from.major()
            ),
            WarningSubject::McrNotNewest {
                from,
                to,
                best,
                current,
            } => write!(
                f,
                "before mke {from} -> {to}, MCR should be on {best}, the newest release compatible with both (it is on {current})"
            ),
            WarningSubject::PastEol {
                product,
                version,
                eol,
                as_of,
            } => write!(
                f,
                "{product} {version} reached end of life on {eol} (as of {as_of})"
            ),
            WarningSubject::WeakRelease {
                product,
                version,
                confidence,
                reason,
            } => {
                let why = match reason {
                    WeakReleaseReason::Named => "the request names it",
                    WeakReleaseReason::Installed => "the cluster runs it",
                    WeakReleaseReason::NoDocumentedRelease => {
                        "no documented release of its line serves this plan"
                    }
                };
                write!(
                    f,
                    "{product} {version} is known only from {}-confidence sources; it is used because {why}",
                    confidence.as_str()
                )
            }
            WarningSubject::WeakEntry {
                when,
                requires,
                confidence,
            } => write!(
                f,
                "the plan relies on {} compatibility data: '{when}' requires '{requires}'",
                confidence.as_str()
            ),
            WarningSubject::UntabledHop { product, from, to } => write!(
                f,
                "no vendor upgrade-path table lists {product} {from} -> {to}: the MKE 4 to MKE 4+ upgrade page describes upgrades from an earlier MKE 4 release only in general, and the last path table (MKE 4k) ends at 4.1.5, so this hop has low confidence; confirm the path with Mirantis"
            ),
            WarningSubject::Preflight(finding) => fmt::Display::fmt(finding, f),
            WarningSubject::Recorded(message) => f.write_str(message),
            WarningSubject::MigrationBeyondTarget {
                product,
                reached,
                release,
                tool,
            } => write!(
                f,
                "the target leaves {product} on {reached}, but {product} {release} is newer: only a migration ({tool}) reaches it, so plan again with --allow-migrations to go there"
            ),
            WarningSubject::MovedNotNamed {
                product,
                from,
                to,
                entries,
                gates,
            } => moved_not_named(f, *product, from, to, entries, gates),
        }
    }
}

// The plan's JSON carries a warning's sentence, so the plan layer's `Warning` is written
// here, where the sentence is.
impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WarningJson {
            code: self.code,
            message: self.to_string().into(),
        }
        .serialize(serializer)
    }
}

// Equal when the code and the sentence are: a warning read back from a plan file (recorded)
// equals the typed one it was written from.
impl PartialEq for Warning {
    fn eq(&self, other: &Warning) -> bool {
        self.code == other.code
            && (self.subject == other.subject || self.to_string() == other.to_string())
    }
}

impl Eq for Warning {}
