//! The catalog: releases per product, compatibility entries, gates and migrations.
//!
//! It is loaded from the JSON format documented in docs/formats.md (`schema_version` 1), and
//! [`Catalog::embedded`] returns the default Mirantis catalog compiled into the crate.

mod document;

pub(crate) use document::CatalogDocument;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::{Date, DateError};
use crate::json::{self, Document, JsonError};
use crate::requirement::{Requirement, RequirementError};
use crate::table::{RuleId, Verdict};
use crate::version::{Line, Product, Version, VersionError, quoted};

/// The default catalog, built from the public facts in `mirantis-facts.md`.
const EMBEDDED_JSON: &str = include_str!("../../catalog/mirantis.json");

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

    fn parse(text: &str) -> Option<Confidence> {
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

/// The releases of one product, sorted, with the line index built at load time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ProductReleases {
    releases: Vec<Release>,
    overrides: BTreeMap<RuleId, Verdict>,
    /// How release lines are operated, in file order (the first match wins).
    operations: Vec<Operation>,
    /// Lines in ascending order, each with the range of its releases in `releases`.
    lines: Vec<LineSpan>,
    /// The lines that count as steps of the table (not made only of pre-releases), sorted.
    counted: Vec<Line>,
    /// Each major of `counted`, with the index in `counted` of its first line.
    majors: Vec<(u64, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct LineSpan {
    line: Line,
    start: usize,
    end: usize,
    /// Whether the line has a release that is not a pre-release. Lines made only of
    /// pre-releases do not count as steps of the upgrade table.
    counts: bool,
}

impl ProductReleases {
    fn new(
        mut releases: Vec<Release>,
        overrides: BTreeMap<RuleId, Verdict>,
        operations: Vec<Operation>,
    ) -> Self {
        releases.sort_by(|a, b| a.version.cmp(&b.version));
        let mut lines: Vec<LineSpan> = Vec::new();
        for (index, release) in releases.iter().enumerate() {
            let line = release.version.line();
            match lines.last_mut() {
                Some(span) if span.line == line => span.end = index + 1,
                _ => lines.push(LineSpan {
                    line,
                    start: index,
                    end: index + 1,
                    counts: false,
                }),
            }
            let span = lines
                .last_mut()
                .expect("a span was just pushed or extended");
            span.counts |= !release.version.is_pre_release();
        }
        let counted: Vec<Line> = lines
            .iter()
            .filter(|s| s.counts)
            .map(|s| s.line.clone())
            .collect();
        let mut majors: Vec<(u64, usize)> = Vec::new();
        for (index, line) in counted.iter().enumerate() {
            if majors
                .last()
                .is_none_or(|(major, _)| *major != line.major())
            {
                majors.push((line.major(), index));
            }
        }
        ProductReleases {
            releases,
            overrides,
            operations,
            lines,
            counted,
            majors,
        }
    }
}

/// A loaded, indexed catalog.
///
/// Releases are kept sorted per product; lines are indexed so that "the next line" and "the
/// earliest line of the next major" are cheap questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    products: [ProductReleases; 3],
    compatibility: Vec<Compatibility>,
    gates: Vec<Gate>,
    migrations: Vec<Migration>,
    /// Declared facts and those only gates name, sorted by name.
    facts: Vec<Fact>,
    /// The catalog's own version string (`version` in the file), when it has one.
    version: Option<String>,
    /// `sha256:` of the canonical JSON the catalog was loaded from.
    digest: String,
}

/// The largest catalog file the loader reads.
pub const MAX_CATALOG_BYTES: usize = 16 * 1024 * 1024;
/// The most releases one product may list.
pub const MAX_RELEASES_PER_PRODUCT: usize = 100_000;
/// The most compatibility entries, gates and migrations a catalog may hold, together.
pub const MAX_CATALOG_ENTRIES: usize = 100_000;
/// The most gates whose requirements must come true in order (`in_order`).
pub const MAX_ORDERED_GATES: usize = 32;

/// An error from loading a catalog. Every message names the JSON path and the bad value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The text cannot be read as a catalog document at all: too large
    /// ([`MAX_CATALOG_BYTES`]), too deep, not JSON, or an unsupported `schema_version`.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// A list is longer than its limit ([`MAX_RELEASES_PER_PRODUCT`],
    /// [`MAX_CATALOG_ENTRIES`]).
    #[error("{path}: {count} entries; the limit is {limit}")]
    TooMany {
        /// Where.
        path: String,
        /// How many there are.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// An object has a field the format does not define.
    #[error("{path}: unknown field {}; expected {expected}", quoted(.field))]
    UnknownField {
        /// Where.
        path: String,
        /// The field.
        field: String,
        /// The fields allowed there.
        expected: String,
    },
    /// A required field is absent.
    #[error("{path}: missing field {}", quoted(.field))]
    MissingField {
        /// Where.
        path: String,
        /// The field.
        field: String,
    },
    /// A value has the wrong JSON type.
    #[error("{path}: expected {expected}, found {found}")]
    WrongType {
        /// Where.
        path: String,
        /// What the format wants there.
        expected: &'static str,
        /// What was there.
        found: &'static str,
    },
    /// A value is not one of the allowed words (product, confidence, rule id, verdict).
    #[error("{path}: unknown value {}; expected {expected}", quoted(.value))]
    UnknownValue {
        /// Where.
        path: String,
        /// The value.
        value: String,
        /// The allowed values.
        expected: String,
    },
    /// A product lists the same version twice.
    #[error("{path}: duplicate release {} (already at {first})", quoted(.version))]
    DuplicateRelease {
        /// Where the second one is.
        path: String,
        /// The version.
        version: String,
        /// Where the first one is.
        first: String,
    },
    /// A version does not parse.
    #[error("{path}: {source}")]
    BadVersion {
        /// Where.
        path: String,
        /// Why.
        source: VersionError,
    },
    /// A requirement does not parse.
    #[error("{path}: {source}")]
    BadRequirement {
        /// Where.
        path: String,
        /// Why.
        source: RequirementError,
    },
    /// A date does not parse.
    #[error("{path}: {source}")]
    BadDate {
        /// Where.
        path: String,
        /// Why.
        source: DateError,
    },
    /// The catalog loads but planning on it would be unsafe; the message is the lint's.
    #[error("{path}: {message} (lint {code})")]
    Unsafe {
        /// The lint code (`migration-overlaps-source`).
        code: &'static str,
        /// Where.
        path: String,
        /// What is wrong, naming the values.
        message: String,
    },
    /// An entry relates requirements in a way the format does not allow (a compatibility
    /// entry about one product only, a migration between two products, an empty gate).
    #[error("{path}: {problem}")]
    Inconsistent {
        /// Where.
        path: String,
        /// What is wrong, naming the values.
        problem: String,
    },
}

/// A mistake in a catalog that makes planning unsafe: the loader refuses such a catalog, and
/// the lint reports it as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnsafeEntry {
    pub code: &'static str,
    pub path: String,
    pub message: String,
}

/// The mistakes that make planning unsafe. A migration whose `to` also matches releases its
/// `from` matches would make a release both a migration's source and its target, so whether
/// a hop is a migration would depend on which end one looks from.
pub(crate) fn unsafe_entries(catalog: &Catalog) -> Vec<UnsafeEntry> {
    let mut found = Vec::new();
    for (i, migration) in catalog.migrations.iter().enumerate() {
        let overlap: Vec<&str> = catalog
            .releases(migration.from.product())
            .iter()
            .filter(|r| migration.from.matches(&r.version) && migration.family.matches(&r.version))
            .map(|r| r.version.as_str())
            .collect();
        if !overlap.is_empty() {
            found.push(UnsafeEntry {
                code: "migration-overlaps-source",
                path: format!("migrations[{i}]"),
                message: format!(
                    "'to' ({}) matches releases that 'from' ({}) also matches: {}; a migration must lead out of the releases it starts from",
                    migration.family,
                    migration.from,
                    overlap.join(", ")
                ),
            });
        }
    }
    found
}

/// An error from looking a version up in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LookupError {
    /// The version is not a listed release.
    #[error("{product} {} is not in the catalog; nearest listed: {}", quoted(.version.as_str()), list(.nearest))]
    UnknownVersion {
        /// The product.
        product: Product,
        /// The version asked for.
        version: Version,
        /// The listed releases closest to it (below and above).
        nearest: Vec<Version>,
    },
    /// No release of a major version (`msr=5`) is listed, or none that is neither a
    /// pre-release nor blocked.
    #[error("{product} {major}: no release of major version {major} is in the catalog; nearest listed: {}", list(.nearest))]
    UnknownMajor {
        /// The product.
        product: Product,
        /// The major version asked for.
        major: u64,
        /// The listed releases closest to it (below and above).
        nearest: Vec<Version>,
    },
    /// The version's `major.minor` line has no release in the catalog.
    #[error("{product} {}: line {} is not in the catalog; nearest listed: {}", quoted(.version.as_str()), .version.line(), list(.nearest))]
    UnknownLine {
        /// The product.
        product: Product,
        /// The version asked for.
        version: Version,
        /// The listed releases closest to it (below and above).
        nearest: Vec<Version>,
    },
}

fn list(versions: &[Version]) -> String {
    if versions.is_empty() {
        return "none".to_owned();
    }
    versions
        .iter()
        .map(Version::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Catalog {
    /// The default Mirantis catalog, compiled into the crate from `catalog/mirantis.json`.
    ///
    /// It is parsed on each call (well under a millisecond); build it once and share it.
    ///
    /// # Panics
    ///
    /// Never in a released crate: the test suite loads the embedded file, so a broken one
    /// cannot ship.
    pub fn embedded() -> Catalog {
        // The embedded file is checked by the test suite; failing here is a build defect,
        // never an input error.
        Catalog::from_json(EMBEDDED_JSON).expect("the embedded catalog is valid")
    }

    /// The text of the embedded catalog, for tools that want to show or extend it.
    pub fn embedded_json() -> &'static str {
        EMBEDDED_JSON
    }

    /// Loads a catalog from JSON text.
    ///
    /// # Errors
    ///
    /// - [`CatalogError::Json`] for text that is not JSON (`{`), text over
    ///   [`MAX_CATALOG_BYTES`] or `{"schema_version": 2, ...}`;
    /// - [`CatalogError::UnknownField`] for `{"schema_version": 1, "product": {}}`;
    /// - [`CatalogError::MissingField`] for a release object without `version`;
    /// - [`CatalogError::WrongType`] for `"releases": "3.9.0"`;
    /// - [`CatalogError::UnknownValue`] for the product `"dtr"` or the confidence `"sure"`;
    /// - [`CatalogError::DuplicateRelease`] for `["3.9.0", "3.9.0"]`;
    /// - [`CatalogError::BadVersion`], [`CatalogError::BadRequirement`] and
    ///   [`CatalogError::BadDate`] for malformed values (`"2.x.0"`, `"mke >=3.x"`, `"2024-13-01"`);
    /// - [`CatalogError::Inconsistent`] for a compatibility entry whose `when` and `requires`
    ///   name the same product, a migration between two products or a gate with no
    ///   requirement;
    /// - [`CatalogError::Json`] for a document too large, too deep or not JSON, and
    ///   [`CatalogError::TooMany`] when a list is over its limit;
    /// - [`CatalogError::Unsafe`] for a catalog the lint finds unsafe to plan on, such as a
    ///   migration from `msr 2.9.*` to `msr >=2.9.0`.
    pub fn from_json(text: &str) -> Result<Catalog, CatalogError> {
        json::check_size(Document::Catalog, text.len(), MAX_CATALOG_BYTES)?;
        let value = json::parse_value(Document::Catalog, text)?;
        // An unsupported version is named before anything the format of version 1 refuses.
        if value.get("schema_version").is_some() {
            json::check_schema_version(Document::Catalog, &value, 1)?;
        }
        let mut catalog = Catalog::try_from(document::read(&value)?)?;
        catalog.digest = crate::digest::json_digest(&value);
        match unsafe_entries(&catalog).into_iter().next() {
            None => Ok(catalog),
            Some(entry) => Err(CatalogError::Unsafe {
                code: entry.code,
                path: entry.path,
                message: entry.message,
            }),
        }
    }

    /// Loads a catalog from JSON bytes (which must be UTF-8).
    ///
    /// # Errors
    ///
    /// As [`Catalog::from_json`]; bytes that are not UTF-8 give a [`JsonError::Syntax`].
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Catalog, CatalogError> {
        json::check_size(Document::Catalog, bytes.len(), MAX_CATALOG_BYTES)?;
        Catalog::from_json(json::utf8(Document::Catalog, bytes)?)
    }

    fn product(&self, product: Product) -> &ProductReleases {
        &self.products[product.index()]
    }

    /// The releases of a product, oldest first.
    pub fn releases(&self, product: Product) -> &[Release] {
        &self.product(product).releases
    }

    /// The listed release equal to `version` (`19.3.14` finds `19.03.14`).
    pub fn release(&self, product: Product, version: &Version) -> Option<&Release> {
        let releases = self.releases(product);
        releases
            .binary_search_by(|release| release.version.cmp(version))
            .ok()
            .map(|index| &releases[index])
    }

    /// The listed release equal to `version`.
    ///
    /// # Errors
    ///
    /// [`LookupError::UnknownVersion`] when it is not listed, naming the nearest releases.
    pub fn lookup(&self, product: Product, version: &Version) -> Result<&Release, LookupError> {
        self.release(product, version)
            .ok_or_else(|| LookupError::UnknownVersion {
                product,
                version: version.clone(),
                nearest: self.nearest(product, version),
            })
    }

    /// Checks that `version`'s line is in the catalog, as a current version must be.
    ///
    /// # Errors
    ///
    /// [`LookupError::UnknownLine`] when no release of its `major.minor` line is listed.
    pub fn lookup_line(&self, product: Product, version: &Version) -> Result<(), LookupError> {
        if self
            .line_releases_by_key(product, version.line_key())
            .is_empty()
        {
            Err(LookupError::UnknownLine {
                product,
                version: version.clone(),
                nearest: self.nearest(product, version),
            })
        } else {
            Ok(())
        }
    }

    /// The listed releases nearest to `version`: up to two below and two above.
    pub fn nearest(&self, product: Product, version: &Version) -> Vec<Version> {
        let releases = self.releases(product);
        let split = releases.partition_point(|release| release.version < *version);
        let below = releases[..split].iter().rev().take(2).rev();
        let above = releases[split..]
            .iter()
            .skip_while(|release| release.version == *version)
            .take(2);
        below.chain(above).map(|r| r.version.clone()).collect()
    }

    /// The lines of a product that count as steps of the upgrade table (those with at least
    /// one release that is not a pre-release), oldest first.
    pub fn lines(&self, product: Product) -> impl Iterator<Item = &Line> {
        self.product(product).counted.iter()
    }

    /// The counted lines of a product, sorted (see [`Catalog::lines`]); for binary searches.
    pub(crate) fn counted_lines(&self, product: Product) -> &[Line] {
        &self.product(product).counted
    }

    /// The majors of the counted lines, each with the index of its first line in
    /// [`Catalog::counted_lines`].
    pub(crate) fn majors(&self, product: Product) -> &[(u64, usize)] {
        &self.product(product).majors
    }

    /// The releases of one line, oldest first (empty when the line is not listed).
    pub fn line_releases(&self, product: Product, line: &Line) -> &[Release] {
        self.line_releases_by_key(product, line.key())
    }

    /// The releases of the line `(major, minor)`, oldest first.
    pub(crate) fn line_releases_by_key(&self, product: Product, key: (u64, u64)) -> &[Release] {
        let data = self.product(product);
        data.lines
            .binary_search_by(|span| span.line.key().cmp(&key))
            .map_or(&[], |index| {
                let span = &data.lines[index];
                &data.releases[span.start..span.end]
            })
    }

    /// The verdict of a table row for a product: the catalog's override, else the table's.
    pub fn verdict(&self, product: Product, rule: RuleId) -> Verdict {
        if let Some(verdict) = self.verdict_overrides(product).get(&rule) {
            return *verdict;
        }
        rule.rule().map_or(Verdict::Supported, |row| row.verdict)
    }

    /// The catalog's own verdicts for a product, overriding the table's defaults.
    pub fn verdict_overrides(&self, product: Product) -> &BTreeMap<RuleId, Verdict> {
        &self.product(product).overrides
    }

    /// The compatibility entries, in file order.
    pub fn compatibility(&self) -> &[Compatibility] {
        &self.compatibility
    }

    /// The gates, in file order.
    pub fn gates(&self) -> &[Gate] {
        &self.gates
    }

    /// The migrations, in file order.
    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    /// How releases of a product are operated, as the catalog declares it.
    pub fn operations(&self, product: Product) -> &[Operation] {
        &self.product(product).operations
    }

    /// How a release is operated: the first declaration whose range matches it, or, for a
    /// line the catalog says nothing about, what the format has always meant (MSR 2.x: the
    /// DTR bootstrapper, MKE 3.x: the UCP bootstrapper, MCR: packages) and otherwise
    /// [`Procedure::Manual`].
    pub fn operation(&self, product: Product, version: &Version) -> Cow<'_, Operation> {
        if let Some(declared) = self
            .operations(product)
            .iter()
            .find(|op| op.releases.matches(version))
        {
            return Cow::Borrowed(declared);
        }
        let procedure = match (product, version.major()) {
            (Product::Msr, 2) => Procedure::DtrCli,
            (Product::Mke, 3) => Procedure::UcpCli,
            (Product::Mcr, _) => Procedure::Packages,
            _ => Procedure::Manual,
        };
        let line = version.line();
        Cow::Owned(Operation {
            releases: Requirement::line(product, &line),
            procedures: vec![procedure],
            chart: None,
            doc: None,
            source: None,
        })
    }

    /// The catalog's own version string (the file's `version`), when it has one.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The digest of the catalog's content: `sha256:` and the hex SHA-256 of its JSON with
    /// object keys sorted and no whitespace. Spacing and key order do not change it; any
    /// change of content does. Plans record it, and the validator compares it.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The facts gates may depend on, sorted by name: those the `facts` section declares and
    /// those a gate's `if_fact` names without a declaration.
    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }

    /// The fact of that name.
    pub fn fact(&self, name: &str) -> Option<&Fact> {
        self.facts
            .binary_search_by(|fact| fact.name.as_str().cmp(name))
            .ok()
            .map(|index| &self.facts[index])
    }

    /// The gates that apply only when a fact is true.
    pub fn gates_on_fact<'c>(&'c self, name: &'c str) -> impl Iterator<Item = &'c Gate> + 'c {
        self.gates
            .iter()
            .filter(move |gate| gate.if_fact.as_deref() == Some(name))
    }

    /// Checks that every name is a fact of the catalog.
    ///
    /// # Errors
    ///
    /// [`UnknownFact`] for the first name that is not (`metalb`), naming the nearest known
    /// fact (`metallb`) and listing them all.
    pub fn check_facts<'n>(
        &self,
        names: impl IntoIterator<Item = &'n String>,
    ) -> Result<(), UnknownFact> {
        for name in names {
            if self.fact(name).is_none() {
                let known: Vec<String> = self.facts.iter().map(|f| f.name.clone()).collect();
                return Err(UnknownFact {
                    name: name.clone(),
                    nearest: nearest_name(name, &known),
                    known,
                });
            }
        }
        Ok(())
    }
}

/// The known name closest to `name` by edit distance, when it is close enough to be a typo
/// (at most a third of the longer name's length, and at least one edit).
fn nearest_name(name: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, candidate)| {
            *distance
                <= name
                    .chars()
                    .count()
                    .max(candidate.chars().count())
                    .div_ceil(3)
        })
        .min()
        .map(|(_, candidate)| candidate.clone())
}

/// Up to `count` known names closest to `name` by edit distance, closest first.
pub(crate) fn nearest_names(name: &str, known: &[String], count: usize) -> Vec<String> {
    let mut ranked: Vec<(usize, &String)> = known
        .iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .collect();
    ranked.sort();
    ranked
        .into_iter()
        .take(count)
        .map(|(_, candidate)| candidate.clone())
        .collect()
}

/// The Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
