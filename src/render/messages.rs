//! The sentences of the smaller answers: a plan's violations, an inventory's preflight
//! findings, a catalog's lint findings, a single hop checked and an interrupted plan resumed.
//! The validator, the preflight, the lint, `check_hop` and the resume hand over typed subjects
//! ([`ViolationSubject`], [`FindingSubject`], [`LintSubject`], [`CheckSubject`],
//! [`ResumeSubject`]); this module writes their `Display` and their JSON, whose `message` is
//! that sentence.

use std::fmt;

use serde::Serialize;

use super::phase_name;
use crate::classify::{CheckSubject, GateNeed, HopCheck, HopProblem};
use crate::inventory::{Finding, FindingSubject, Severity};
use crate::launchpad::LaunchpadCheck;
use crate::lint::{LintCode, LintFinding, LintSubject};
use crate::plan::{CatalogIdentity, Hop, Plan, Step};
use crate::planner::{Resume, ResumeSubject};
use crate::request::describe_state;
use crate::requirement::Requirement;
use crate::table::RuleId;
use crate::text::Text;
use crate::validate::{Location, StepChange, Violation, ViolationCode, ViolationSubject};
use crate::version::{Product, Version};

/// A hop in words: `mke 3.7.15 -> 3.8.12` (`none` for a missing end).
struct HopText<'a>(&'a Hop);

impl fmt::Display for HopText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hop = self.0;
        write!(
            f,
            "{} {} -> {}",
            hop.product,
            hop.from_text(),
            hop.to_text()
        )
    }
}

/// Items joined by a separator.
fn joined<T: fmt::Display>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

/// Versions joined by `, `, as the catalog writes them.
fn versions_text(versions: &[Version]) -> String {
    versions
        .iter()
        .map(Version::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------
// Validation.

/// A catalog in words: its digest, and its version when it has one.
struct CatalogText<'a>(&'a CatalogIdentity);

impl fmt::Display for CatalogText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.version {
            Some(version) => write!(f, "{} (version {version})", self.0.digest),
            None => f.write_str(&self.0.digest),
        }
    }
}

/// A step's command, or its title when it has none.
struct CommandText<'a>(Option<&'a Text>, &'a Text);

impl fmt::Display for CommandText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(command) => write!(f, "{command}"),
            None => write!(f, "no command ({})", self.1),
        }
    }
}

impl fmt::Display for StepChange {
    /// What differs between the runbook's step and the plan's.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepChange::Details { expected, found } => write!(
                f,
                "its title, phase, node, note or source changed (expected '{expected}', found '{found}')"
            ),
            StepChange::Execution {
                expected_unattended,
                found_unattended,
                expected_env,
                found_env,
            } => write!(
                f,
                "who may run it changed: expected unattended {expected_unattended} reading [{}], found unattended {found_unattended} reading [{}]",
                expected_env.join(", "),
                found_env.join(", ")
            ),
            StepChange::Command {
                expected,
                found,
                expected_title,
                found_title,
            } => write!(
                f,
                "expected command: {}; found: {}",
                CommandText(expected.as_ref(), expected_title),
                CommandText(found.as_ref(), found_title)
            ),
        }
    }
}

/// A gate's requirement not met before a hop (`GateNotMet` and `UnansweredFact` share it).
fn gate_not_met(
    f: &mut fmt::Formatter<'_>,
    number: usize,
    hop: &Hop,
    requirement: &Requirement,
    now: Option<&Version>,
    reason: &str,
) -> fmt::Result {
    write!(
        f,
        "before hop {number} ({}), gate '{requirement}' does not hold ({} is {}): {reason}",
        HopText(hop),
        requirement.product(),
        now.map_or("not installed", Version::as_str)
    )
}

impl fmt::Display for ViolationSubject {
    /// The violation's sentence, naming its values (what the JSON answer carries as
    /// `message`).
    #[expect(
        clippy::too_many_lines,
        reason = "one arm per sentence: the validator's sentences read best side by side"
    )]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViolationSubject::CatalogChanged { recorded, current } => write!(
                f,
                "the plan was made from catalog {}, and is validated against catalog {}",
                CatalogText(recorded),
                CatalogText(current)
            ),
            ViolationSubject::StepMissing { step } => {
                write!(f, "step '{}' ({}) is missing", step.id, step.title)?;
                match &step.command {
                    Some(command) => write!(f, "; its command is: {command}"),
                    None => Ok(()),
                }
            }
            ViolationSubject::StepAdded { step } => {
                write!(
                    f,
                    "step '{}' ({}) is not part of this plan",
                    step.id, step.title
                )?;
                match &step.command {
                    Some(command) => write!(f, "; it runs: {command}"),
                    None => Ok(()),
                }
            }
            ViolationSubject::NeedsPerson { id, title } => write!(
                f,
                "step '{id}' ({title}) needs a person, and the plan is to be run unattended: \
                 its note says why"
            ),
            ViolationSubject::StepOutOfPlace { id, before } => write!(
                f,
                "step '{id}' is out of its place: the runbook puts it before '{before}'"
            ),
            ViolationSubject::StepEdited { id, change } => {
                write!(f, "step '{id}' is edited: {change}")
            }
            ViolationSubject::StepEditAccepted { id, change } => write!(
                f,
                "step '{id}' was edited by the operator (accepted): {change}"
            ),
            ViolationSubject::CompatibilityBroken {
                number,
                hop,
                when,
                requires,
                state,
            } => write!(
                f,
                "after hop {number} ({}), '{when}' requires '{requires}', which the state {} breaks",
                HopText(hop),
                describe_state(state)
            ),
            ViolationSubject::PlanToMismatch { to, end } => write!(
                f,
                "the plan's 'to' is {}, but its hops end at {}",
                describe_state(to),
                describe_state(end)
            ),
            ViolationSubject::HopFromMismatch {
                number,
                hop,
                current,
            } => write!(
                f,
                "hop {number} starts {} from {}, but it is on {current} at that point",
                hop.product,
                hop.from_text()
            ),
            ViolationSubject::NotInstalled { number, product } => {
                write!(f, "hop {number} moves {product}, which is not installed")
            }
            ViolationSubject::UnknownVersion {
                number,
                product,
                to,
            } => write!(
                f,
                "hop {number} goes to {product} {to}, which the catalog does not list"
            ),
            ViolationSubject::PreReleaseStop {
                number,
                product,
                to,
            } => write!(
                f,
                "hop {number} stops on the pre-release {product} {to}; pre-releases are only targets"
            ),
            ViolationSubject::BlockedInstall {
                number,
                product,
                to,
                reason,
            } => write!(
                f,
                "hop {number} installs {product} {to}, which is blocked: {reason}"
            ),
            ViolationSubject::RuleMismatch { number, hop, real } => write!(
                f,
                "hop {number} ({}) declares rule {}, but it is {real}",
                HopText(hop),
                hop.rule
            ),
            ViolationSubject::EmptyHop {
                number,
                product,
                from,
            } => write!(f, "hop {number} moves {product} from {from} to itself"),
            ViolationSubject::NotAllowed {
                number,
                hop,
                rule,
                problem,
            } => write!(
                f,
                "hop {number} ({}, {rule}) is not allowed: {problem}",
                HopText(hop)
            ),
            ViolationSubject::GateOrder {
                number,
                hop,
                requires,
                reason,
            } => write!(
                f,
                "before hop {number} ({}), the plan met '{}' out of the documented order: {reason}",
                HopText(hop),
                joined(requires, "', then '")
            ),
            ViolationSubject::GateNotMet {
                number,
                hop,
                requirement,
                now,
                reason,
            } => gate_not_met(f, *number, hop, requirement, now.as_ref(), reason),
            ViolationSubject::UnansweredFact {
                number,
                hop,
                requirement,
                now,
                reason,
                fact,
            } => {
                gate_not_met(f, *number, hop, requirement, now.as_ref(), reason)?;
                write!(
                    f,
                    "; the gate applies when fact '{fact}' is true, and the plan's conditions do not answer it"
                )
            }
            ViolationSubject::Order {
                number,
                first,
                second,
            } => write!(
                f,
                "hop {number} ({}) does not need to precede hop {} ({}): the documented order is MCR, then MKE, then MSR",
                HopText(first),
                number.saturating_add(1),
                HopText(second)
            ),
            ViolationSubject::DuplicateStepId { id, first, index } => write!(
                f,
                "step id '{id}' is used by steps[{first}] and steps[{index}]"
            ),
            ViolationSubject::DanglingStep { id, hop, hops } => write!(
                f,
                "step '{id}' points at hop {hop}, but the plan has {}",
                Counted(*hops, "hop")
            ),
            ViolationSubject::MissingStep { number, hop, phase } => write!(
                f,
                "hop {number} ({}) has no {} step",
                HopText(hop),
                phase_name(*phase)
            ),
            ViolationSubject::StepsOutOfOrder { number } => write!(
                f,
                "hop {number}'s steps are not in the order backup, upgrade, verify"
            ),
        }
    }
}

impl Violation {
    /// The violation's sentence, naming its values: the `Display` of its subject.
    pub fn message(&self) -> String {
        self.subject.to_string()
    }
}

/// A violation as the JSON answer of a validation has it.
#[derive(Serialize)]
struct ViolationJson {
    code: ViolationCode,
    severity: Severity,
    location: Location,
    message: String,
}

// The JSON carries the violation's sentence, so the validator's `Violation` is written here,
// where the sentence is.
impl Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ViolationJson {
            code: self.code,
            severity: self.severity,
            location: self.location,
            message: self.message(),
        }
        .serialize(serializer)
    }
}

// ---------------------------------------------------------------------------------------
// Preflight.

impl fmt::Display for FindingSubject {
    /// What is wrong, naming the values (what the JSON answer carries as `message`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindingSubject::MsrNodeRam { ram_gb } => {
                write!(f, "{ram_gb} GB of RAM; MSR needs 16 GB")
            }
            FindingSubject::MsrNodeVcpus { vcpus } => write!(f, "{vcpus} vCPUs; MSR needs 2"),
            FindingSubject::MsrNodeDisk { free_disk_gb } => {
                write!(f, "{free_disk_gb} GB of free disk; MSR needs 10 GB")
            }
            FindingSubject::MsrOnManager => f.write_str("MSR runs on an MKE manager"),
            FindingSubject::MsrNodeNotWorker => {
                f.write_str("MSR runs on a node MKE does not manage")
            }
            FindingSubject::MsrWithMke => f.write_str("MSR and MKE run on the same node"),
            FindingSubject::HostnameNotFixed => f.write_str("the hostname is not fixed"),
            FindingSubject::NotMeasured { fields } => write!(
                f,
                "the inventory does not give {}: check the requirement by hand",
                fields.join(", ")
            ),
            FindingSubject::PortsClosed { ports } => {
                let ports: Vec<String> = ports.iter().map(|p| format!("{p}/tcp")).collect();
                write!(f, "{} not open inbound", ports.join(" and "))
            }
            FindingSubject::ReplicasEven { replicas } => write!(
                f,
                "{replicas} replicas: an even number gains no fault tolerance over one fewer"
            ),
            FindingSubject::ReplicasTooFew { replicas } => write!(
                f,
                "{replicas} replicas with high availability asked for; use 3 or 5"
            ),
            FindingSubject::AdminsCannotDeploy => f.write_str(
                "administrators may not deploy on manager and MSR nodes: MSR install and backup would fail with: Error response from daemon: {\"message\":\"could not find any nodes on which the container could be created\"}",
            ),
            FindingSubject::ContentTrustOn => {
                f.write_str("Docker Content Trust is enforced in MKE")
            }
        }
    }
}

impl fmt::Display for Finding {
    /// The finding's line: `error[msr-node-ram] dtr-1: 8 GB of RAM; MSR needs 16 GB (...)`,
    /// its severity, code, node, sentence and reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}[{}]", self.code)?;
        if let Some(node) = &self.node {
            write!(f, " {node}")?;
        }
        write!(f, ": {} ({})", self.subject, self.reason)
    }
}

impl Finding {
    /// What is wrong, naming the values: the `Display` of its subject.
    pub fn message(&self) -> String {
        self.subject.to_string()
    }
}

/// A finding as the JSON answer of a preflight has it.
#[derive(Serialize)]
struct FindingJson<'a> {
    severity: Severity,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    node: Option<&'a str>,
    message: String,
    reason: &'static str,
}

// The JSON carries the finding's sentence, so the inventory's `Finding` is written here,
// where the sentence is.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FindingJson {
            severity: self.severity,
            code: self.code,
            node: self.node.as_deref(),
            message: self.message(),
            reason: self.reason,
        }
        .serialize(serializer)
    }
}

// ---------------------------------------------------------------------------------------
// Lint.

impl fmt::Display for LintSubject {
    /// What is wrong, naming the values (what the JSON answer carries as `message`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LintSubject::NoCompatibilityData {
                product,
                line,
                versions,
            } => write!(
                f,
                "{product} {line}: no compatibility entry mentions {}",
                versions_text(versions)
            ),
            LintSubject::NoPathToNewest {
                product,
                line,
                versions,
                newest,
            } => write!(
                f,
                "{product} {line}: no supported path from {} reaches the newest release {newest}",
                versions_text(versions)
            ),
            LintSubject::MatchesNoRelease { requirement } => write!(
                f,
                "no listed {} release matches '{requirement}'",
                requirement.product()
            ),
            LintSubject::MigrationSourceMissing { requirement } => write!(
                f,
                "no listed {} release matches '{requirement}'; the migration's source line is missing",
                requirement.product()
            ),
            LintSubject::UndeclaredFact {
                fact,
                gates,
                question,
            } => write!(
                f,
                "fact '{fact}' is named by {gates} gate(s) but not declared in 'facts': operators are asked the generic question \"{question}\""
            ),
            LintSubject::UnusedFact { fact } => {
                write!(f, "fact '{fact}' is declared but no gate depends on it")
            }
            LintSubject::UnknownPlaceholder { name } => write!(
                f,
                "placeholder {name} is not in the runbook's list of placeholders"
            ),
            LintSubject::MissingPhase { set, phase } => {
                write!(f, "the {set} steps have no {phase} step")
            }
            LintSubject::NoImage { product, version } => write!(
                f,
                "{product} {version}: no image repository is known for its bootstrapper"
            ),
            LintSubject::NoChartVersion { product, version } => write!(
                f,
                "{product} {version}: its Helm chart version is not in the catalog; a hop to it carries <chart-version>"
            ),
            LintSubject::NoProcedure { product, line } => write!(
                f,
                "{product} {line}: no documented procedure: its hops carry no commands and point to the release's documentation"
            ),
            LintSubject::NoSource { step } => write!(
                f,
                "step {step} has a command but names no vendor source for it"
            ),
            LintSubject::NeedsTerminal { step, marker } => write!(
                f,
                "step {step} is marked unattended but its command reads from a terminal ({marker}); use the vendor's non-interactive form, or mark it by hand with the reason in its note"
            ),
            LintSubject::UndeclaredEnv {
                step,
                name,
                declared: true,
            } => write!(
                f,
                "step {step} declares the environment variable {name}, which its command does not read"
            ),
            LintSubject::UndeclaredEnv {
                step,
                name,
                declared: false,
            } => write!(
                f,
                "step {step} passes the environment variable {name} by name but does not declare it in env"
            ),
        }
    }
}

impl LintFinding {
    /// What is wrong, naming the values: the `Display` of its subject.
    pub fn message(&self) -> String {
        self.subject.to_string()
    }
}

/// A lint finding as the JSON answer of a lint has it.
#[derive(Serialize)]
struct LintFindingJson<'a> {
    code: LintCode,
    path: &'a str,
    message: String,
}

// The JSON carries the finding's sentence, so the lint's `LintFinding` is written here, where
// the sentence is.
impl Serialize for LintFinding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        LintFindingJson {
            code: self.code,
            path: &self.path,
            message: self.message(),
        }
        .serialize(serializer)
    }
}

// ---------------------------------------------------------------------------------------
// A single hop checked.

impl fmt::Display for HopProblem {
    /// Why the hop is not allowed, as the end of a sentence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HopProblem::Downgrade => f.write_str("downgrades are not supported"),
            HopProblem::Refused { via: Some(line) } => write!(f, "upgrade to {line} first"),
            HopProblem::Refused { via: None } => {
                f.write_str("the catalog refuses this kind of hop")
            }
            HopProblem::MigrationRequired { tool } => {
                write!(
                    f,
                    "not an in-place upgrade: migrate with {tool} (allow migrations to plan it)"
                )
            }
            HopProblem::NoMigrationFrom { sources, tool } => write!(
                f,
                "reached only by migration with {tool}, which starts from {}",
                sources
                    .iter()
                    .map(Requirement::as_str)
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            HopProblem::Gate { reason } => write!(f, "gate not met: {reason}"),
            HopProblem::Blocked { reason } => write!(f, "the target is blocked: {reason}"),
        }
    }
}

impl fmt::Display for GateNeed {
    /// The requirement, and the fact it applies under: `mcr >=25.0.12 if metallb`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.if_fact {
            Some(fact) => write!(f, "{} if {fact}", self.requirement),
            None => write!(f, "{}", self.requirement),
        }
    }
}

/// A rule with its row of the table: `minor-upgrade: minor upgrade, x.y -> x.y+1` (the rule
/// alone when it has no row).
struct RuleText(RuleId);

impl fmt::Display for RuleText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = self.0;
        match rule.rule() {
            Some(row) => write!(f, "{rule}: {}, {} -> {}", row.description, row.from, row.to),
            None => write!(f, "{rule}"),
        }
    }
}

impl fmt::Display for HopCheck {
    /// The answer's sentence: the hop, its verdict and rule, and why or what else it needs
    /// (what the JSON answer carries as `message`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let HopCheck {
            product, from, to, ..
        } = self;
        let described = RuleText(self.rule);
        match &self.subject {
            CheckSubject::Supported { needs } => {
                write!(f, "{product} {from} -> {to}: supported ({described})")?;
                if !needs.is_empty() {
                    write!(
                        f,
                        "; before it the cluster also needs {}",
                        joined(needs, "; ")
                    )?;
                }
                Ok(())
            }
            CheckSubject::NotSupported { problem } => write!(
                f,
                "{product} {from} -> {to}: not supported ({described}): {problem}"
            ),
        }
    }
}

impl HopCheck {
    /// The answer's sentence: its `Display`.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// A check as its JSON answer has it.
#[derive(Serialize)]
struct HopCheckJson<'a> {
    product: Product,
    from: &'a Version,
    to: &'a Version,
    supported: bool,
    rule: RuleId,
    message: String,
}

// The JSON carries the answer's sentence, so `check_hop`'s `HopCheck` is written here, where
// the sentence is.
impl Serialize for HopCheck {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        HopCheckJson {
            product: self.product,
            from: &self.from,
            to: &self.to,
            supported: self.supported,
            rule: self.rule,
            message: self.message(),
        }
        .serialize(serializer)
    }
}

// ---------------------------------------------------------------------------------------
// Resuming a plan.

impl fmt::Display for ResumeSubject {
    /// The paragraph for people (what the JSON answer carries as `message`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResumeSubject::Complete { observed } => write!(
                f,
                "the plan is complete: the cluster runs {}",
                describe_state(observed)
            ),
            ResumeSubject::Next { .. } => next_hop(self, f),
            ResumeSubject::Unfinished {
                observed,
                hops,
                steps_left,
            } => write!(
                f,
                "the cluster runs {}, the plan's last state: {} upgraded, but {} not marked done",
                describe_state(observed),
                Counted(*hops, "hop"),
                Counted(*steps_left, "step is"),
            ),
            ResumeSubject::InvalidPlan { violations } => {
                write!(
                    f,
                    "the plan is not resumed: it does not pass validation ({})",
                    Counted(violations.len(), "error")
                )?;
                if let Some(first) = violations.first() {
                    write!(
                        f,
                        "; {} [{}] {}: {}",
                        if violations.len() == 1 {
                            "it is"
                        } else {
                            "the first"
                        },
                        first.code,
                        first.location,
                        first.subject
                    )?;
                }
                Ok(())
            }
            ResumeSubject::OffPlan { observed, to, hops } => write!(
                f,
                "the cluster runs {}, which is not a state of the plan; a fresh plan from there to {} has {}",
                describe_state(observed),
                describe_state(to),
                Counted(*hops, "hop")
            ),
            ResumeSubject::OffPlanRefused {
                observed,
                to,
                refusal,
            } => write!(
                f,
                "the cluster runs {}, which is not a state of the plan, and no fresh plan reaches {}: {refusal}",
                describe_state(observed),
                describe_state(to)
            ),
        }
    }
}

/// The paragraph of [`ResumeSubject::Next`].
fn next_hop(subject: &ResumeSubject, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let ResumeSubject::Next {
        observed,
        hops_done,
        hops,
        number,
        hop,
        upgraded,
        steps_left,
        interrupted,
        superseded,
    } = subject
    else {
        return Ok(());
    };
    write!(
        f,
        "the cluster runs {}: {} done; ",
        describe_state(observed),
        of_hops(*hops_done, *hops)
    )?;
    if *upgraded {
        write!(
            f,
            "hop {number} ({}) is upgraded but not finished",
            HopText(hop)
        )?;
    } else {
        write!(f, "next is hop {number} ({})", HopText(hop))?;
    }
    write!(f, ", {} left", Counted(*steps_left, "step"))?;
    if *superseded > 0 {
        write!(
            f,
            "; {} not marked done {} before an upgrade the versions show done, so {} no longer to do",
            Counted(*superseded, "step"),
            if *superseded == 1 { "comes" } else { "come" },
            if *superseded == 1 {
                "it is"
            } else {
                "they are"
            },
        )?;
    }
    if let Some(step) = interrupted {
        let advice = if hop.product == Product::Msr {
            "run the same command again, it resumes from the point of interruption"
        } else {
            "find out what it left behind before running it again"
        };
        write!(
            f,
            "; step {step} was started but {} is still {}: {advice}",
            hop.product,
            hop.from_text()
        )?;
    }
    Ok(())
}

/// `n` things: `1 step`, `2 steps`, `2 preflight errors` (`word` is the singular; one that
/// ends with the verb, `step is`, becomes `steps are`).
pub(crate) struct Counted<'a>(pub(crate) usize, pub(crate) &'a str);

impl fmt::Display for Counted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Counted(count, word) = *self;
        if count == 1 {
            return write!(f, "1 {word}");
        }
        match word.strip_suffix(" is") {
            Some(noun) => write!(f, "{count} {noun}s are"),
            None => write!(f, "{count} {word}s"),
        }
    }
}

/// `1 of 6 hops is`, `2 of 6 hops are`, `0 of 1 hop is`.
fn of_hops(done: usize, hops: usize) -> String {
    format!(
        "{done} of {} {}",
        Counted(hops, "hop"),
        if done == 1 || hops == 1 { "is" } else { "are" }
    )
}

impl Resume {
    /// The paragraph for people: the `Display` of its subject.
    pub fn message(&self) -> String {
        self.subject.to_string()
    }
}

/// A resume as its JSON answer has it.
#[derive(Serialize)]
struct ResumeJson<'a> {
    on_plan: bool,
    hops_done: usize,
    hop: Option<usize>,
    remaining: &'a [Step],
    superseded: &'a [Text],
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fresh_plan: Option<&'a Plan>,
}

// The JSON carries the paragraph, so the planner's `Resume` is written here, where the
// paragraph is.
impl Serialize for Resume {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ResumeJson {
            on_plan: self.on_plan,
            hops_done: self.hops_done,
            hop: self.hop,
            remaining: &self.remaining,
            superseded: &self.superseded,
            message: self.message(),
            fresh_plan: self.fresh_plan.as_ref(),
        }
        .serialize(serializer)
    }
}

// ---------------------------------------------------------------------------------------
// Launchpad configs (`--format launchpad`).

/// The comment that heads the config of a hop Launchpad performs: the hop, the keys set, the
/// command, and Launchpad's own refusal of it when its checks would refuse.
pub(crate) fn launchpad_header(
    number: usize,
    total: usize,
    hop: &Hop,
    keys: &str,
    config: &str,
    check: Option<LaunchpadCheck>,
) -> String {
    let mut out = format!(
        "# Hop {number} of {total}: {}. Your config with {keys} set; apply it with: launchpad apply --config {config}\n",
        HopText(hop)
    );
    if let Some(check) = check {
        let why = match check {
            LaunchpadCheck::Downgrade => "it refuses a downgrade",
            LaunchpadCheck::MinorSkip => "it refuses a jump of more than one minor line",
        };
        out = format!(
            "{out}# Launchpad's own check stops this hop ({why}: validateMKEVersionJump and validateMSRVersionJump in pkg/product/mke/phase/validate_facts.go); the plan needs it: check the plan, then run launchpad apply --force --config {config}\n"
        );
    }
    out
}

/// The comment for a hop whose workers the plan upgrades by hand (the phased in-place
/// method): Launchpad passes `spec.mke.upgradeFlags` to the MKE bootstrapper's upgrade.
pub(crate) fn launchpad_phased(number: usize) -> String {
    format!(
        "# This hop uses the phased in-place method: for this apply only, add --manual-worker-upgrade to spec.mke.upgradeFlags (Launchpad passes them to the MKE upgrade: pkg/product/mke/phase/upgrade_mke.go), then upgrade the workers as step hop-{number}/upgrade-workers-phased says\n"
    )
}

/// The comment for a hop Launchpad does not perform, in the stream of configs.
pub(crate) fn launchpad_not_performed(number: usize, total: usize, hop: &Hop) -> String {
    format!(
        "# Hop {number} of {total}: {} ({}) is not one Launchpad performs: follow the plan's steps for it; the configs below keep the versions Launchpad manages\n",
        HopText(hop),
        hop.rule
    )
}

/// The comment that heads the hosts file of an MKE 3 to 4 migration.
pub(crate) fn launchpad_mkectl_hosts(number: usize, total: usize, hop: &Hop) -> String {
    format!(
        "# Hop {number} of {total}: {}: the hosts file for mkectl upgrade --hosts-path, from the same hosts (port 22 where the config names none)\n",
        HopText(hop)
    )
}

/// The comment of a plan with no hop Launchpad performs.
pub(crate) fn launchpad_nothing(total: usize) -> String {
    format!("# None of the plan's {total} hops is one Launchpad performs: no config to apply\n")
}
