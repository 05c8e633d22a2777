//! The catalog's data types: releases and their confidence, procedures, compatibility
//! entries, gates, facts and migrations.

use serde::Serialize;

use crate::date::Date;
use crate::requirement::Requirement;
use crate::version::{Product, Version, quoted};

/// How much a catalog entry can be trusted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// An official page states it directly.
    High,
    /// An official source states it indirectly (an example, a tool's default).
    Medium,
    /// A third-party source.
    Low,
    /// No source states it; it is the most plausible reading of the facts around it.
    Inferred,
}

impl Confidence {
    /// Whether a plan that relies on this entry should say so (`low` or `inferred`).
    pub fn is_weak(self) -> bool {
        matches!(self, Confidence::Low | Confidence::Inferred)
    }

    /// The word in the catalog (`low`).
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
            Confidence::Inferred => "inferred",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Confidence> {
        [
            Confidence::High,
            Confidence::Medium,
            Confidence::Low,
            Confidence::Inferred,
        ]
        .into_iter()
        .find(|confidence| confidence.as_str() == text)
    }
}

/// One release of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    /// The version, as the catalog writes it.
    pub version: Version,
    /// The release date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub released: Option<Date>,
    /// The end-of-life date of the release (usually that of its line), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eol: Option<Date>,
    /// Why the release must never be used as a stop or a target; `None` when it may be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<String>,
    /// Where the release is documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How much the entry can be trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Free text for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The version of the Helm chart that deploys this release (MSR 3.1.14: `1.1.18`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helm_chart: Option<String>,
}

impl Release {
    /// Whether an official source documents the release (confidence `high`, `medium` or not
    /// given). Defaults (stops, `latest`, line targets) prefer documented releases; a `low`
    /// or `inferred` one is chosen only when named exactly or when nothing else serves.
    pub fn is_documented(&self) -> bool {
        !self.confidence.is_some_and(Confidence::is_weak)
    }
}

/// The first documented release among candidates ordered by preference (newest first), or
/// the first candidate when none is documented.
pub(crate) fn prefer_documented<'c, I>(mut candidates: I) -> Option<&'c Release>
where
    I: Iterator<Item = &'c Release> + Clone,
{
    let first = candidates.clone().next();
    candidates.find(|release| release.is_documented()).or(first)
}

/// How a release line is operated: which tool upgrades it, and so which steps a hop runs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Procedure {
    /// The MSR 2.x (DTR) bootstrapper: `docker run .../dtr upgrade`.
    DtrCli,
    /// The MKE 3.x (UCP) bootstrapper: `docker run .../ucp upgrade`.
    UcpCli,
    /// Operating-system packages from a Mirantis repository channel (MCR).
    Packages,
    /// MSR 3.x with its Helm chart (`helm upgrade` with the chart version of the release).
    Helm,
    /// MSR 3.1 with the MSR Operator (`spec.image.tag` in the custom resource).
    MsrOperator,
    /// MSR 4.x (Harbor based) with its Helm chart, whose version is the release's.
    Msr4Helm,
    /// MKE 4.x (k0s based) with `mkectl`.
    Mkectl,
    /// No documented procedure is known: the steps carry no command and name the vendor's
    /// document to follow.
    Manual,
}

impl Procedure {
    /// Every procedure, as the catalog names them.
    pub const ALL: [Procedure; 8] = [
        Procedure::DtrCli,
        Procedure::UcpCli,
        Procedure::Packages,
        Procedure::Helm,
        Procedure::MsrOperator,
        Procedure::Msr4Helm,
        Procedure::Mkectl,
        Procedure::Manual,
    ];

    /// The name in the catalog (`dtr-cli`).
    pub fn as_str(self) -> &'static str {
        match self {
            Procedure::DtrCli => "dtr-cli",
            Procedure::UcpCli => "ucp-cli",
            Procedure::Packages => "packages",
            Procedure::Helm => "helm",
            Procedure::MsrOperator => "msr-operator",
            Procedure::Msr4Helm => "msr4-helm",
            Procedure::Mkectl => "mkectl",
            Procedure::Manual => "manual",
        }
    }

    /// Whether a plan can install a release operated this way: only the MSR 2.x
    /// bootstrapper installs with one command (`docker run .../dtr install`); MSR 3 and 4
    /// install with Helm or their operator, outside a plan.
    pub fn installs_by_plan(self) -> bool {
        self == Procedure::DtrCli
    }

    pub(crate) fn parse(text: &str) -> Option<Procedure> {
        Procedure::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// How the releases a requirement matches are operated (`products.<p>.procedures[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// The releases it covers (`msr >=3.1.0, <3.2.0`).
    pub releases: Requirement,
    /// The documented procedures, in the order to offer them (MSR 3.1: the Operator and the
    /// Helm chart).
    pub procedures: Vec<Procedure>,
    /// The Helm chart reference, for `helm` and `msr4-helm`
    /// (`oci://registry.mirantis.com/msr/helm/msr`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chart: Option<String>,
    /// The vendor document of the procedure, which steps without a command point to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Where the procedure is documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// "Whenever `when` is installed at a matching version, `requires` must be installed at a
/// matching version."
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compatibility {
    /// The product and versions the entry is about (`msr 2.10.*`).
    pub when: Requirement,
    /// What they need of another product (`mke >=3.6.0, <3.10.0`).
    pub requires: Requirement,
    /// Where it is documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How much the entry can be trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Free text for people (for an inferred entry: what it rests on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Compatibility {
    /// Whether the entry holds where `installed` gives each product's version (`None`: not
    /// installed): the `when` product is not at a matching version, or the `requires` product
    /// is.
    pub fn holds<'v>(&self, installed: impl Fn(Product) -> Option<&'v Version>) -> bool {
        !installed(self.when.product()).is_some_and(|v| self.when.matches(v))
            || installed(self.requires.product()).is_some_and(|v| self.requires.matches(v))
    }
}

/// A prerequisite on the state *before* a hop to a matching release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Gate {
    /// The releases the gate guards (`mke 3.9.*`).
    pub to: Requirement,
    /// What the state must satisfy before the hop (`mke >=3.8.11`, `mcr >=25.0.12`).
    pub requires: Vec<Requirement>,
    /// The gate applies only when the request sets this fact to true (`metallb`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub if_fact: Option<String>,
    /// The requirements must come true in the order listed (the vendor's sequence for MKE
    /// 3.9: MKE 3.8.11 first, then MCR 25.0.12, then MKE 3.9): a plan that brings a later
    /// requirement's product into its range while an earlier requirement does not hold may
    /// not take the gated hop afterwards.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_order: bool,
    /// Why, in words an operator can act on.
    pub reason: String,
    /// Where it is documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How much the entry can be trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Free text for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A yes/no question about the cluster that conditional gates depend on (`metallb`).
///
/// Facts are a closed vocabulary: a request, an inventory or a validation that names a fact
/// the catalog does not know is malformed input ([`UnknownFact`]). A fact that a gate's
/// `if_fact` names without a declaration in the catalog's `facts` section is declared
/// implicitly, with a generic question (the lint reports it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Fact {
    /// The name used in requests and inventories (`metallb`).
    pub name: String,
    /// The question as an operator reads it ("Does the cluster use MetalLB?").
    pub question: String,
    /// Where the condition is documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free text for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Whether the catalog declares it (`false`: only a gate's `if_fact` names it).
    pub declared: bool,
}

/// A fact name that the catalog does not declare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, schemars::JsonSchema)]
#[error("unknown fact {}{}; the catalog's facts are: {}", quoted(.name), .nearest.as_ref().map(|n| format!(" (did you mean '{n}'?)")).unwrap_or_default(), if .known.is_empty() { "none".to_owned() } else { .known.join(", ") })]
pub struct UnknownFact {
    /// The name given.
    pub name: String,
    /// The known fact closest to it, when one is close.
    pub nearest: Option<String>,
    /// Every fact the catalog knows, sorted.
    pub known: Vec<String>,
}

/// A move between releases that is not an in-place upgrade and needs a separate tool.
///
/// A hop that enters the releases `family` matches (by default those `to` matches) from a
/// release it does not match is a migration: it is possible only from a release that `from`
/// matches, only to a release that `to` matches, and only when the request allows
/// migrations. Hops between two releases of the family are ordinary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Migration {
    /// The releases the migration starts from (`msr 2.9.*`).
    pub from: Requirement,
    /// The releases it reaches (`msr >=3.0.0, <4.0.0`).
    pub to: Requirement,
    /// The releases the migration moves the product into (`mke >=4.0.0, <5.0.0`): a hop into
    /// them from outside them is a migration, and hops within them are ordinary upgrades.
    /// It is `to` unless the catalog says otherwise (a migration that reaches only part of a
    /// family, such as MKE 3.9 to MKE 4.2 and later, while MKE 4.1 to 4.2 is an upgrade).
    pub family: Requirement,
    /// The tool that performs it.
    pub tool: String,
    /// The version of the tool the runbook pins (`2.0.3`: the image tag of the Mirantis
    /// Migration Tool); without it, the commands carry a placeholder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    /// Where it is documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How much the entry can be trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Free text for people (stages, prerequisites).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
