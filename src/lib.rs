//! Plans supported upgrades of a Mirantis container platform: Mirantis Container Runtime
//! (MCR), Mirantis Kubernetes Engine (MKE) and Mirantis Secure Registry (MSR).
//!
//! # The API at a glance
//!
//! | | |
//! |---|---|
//! | **Plan** | [`Planner::new`]`(`[`Catalog`]`)`, then [`Planner::plan`]`(&`[`Request`]`)` gives a [`Plan`] or a [`Refusal`]; [`Planner::route`] (hops only), [`Planner::uninstall`], [`Planner::resume`] |
//! | **Check** | [`validate`] a plan (read back with [`Plan::from_json`]) against a catalog; [`check_hop`] one hop with [`CheckOptions`]; [`lint`] a catalog; [`preflight`] an [`Inventory`] |
//! | **Render** | [`render_plan`], [`render_refusal`], [`render_resume`], [`render_graph`] in a [`Format`]; [`render_check`], [`render_violations`], [`render_lint`], [`render_findings`] for the other answers; [`refusal_json`], [`error_json`], [`explanation_summary`], [`explanation_text`]; [`json_schema`] of each document. Every sentence a person reads is written here |
//! | **Input** | [`Request`] (`from`, `to` as [`Target`]s, [`Policy`], facts, [`Site`], [`Inventory`]), read with [`Request::from_json`] or [`ByProduct`]/[`parse_facts`]; [`Catalog::embedded`] or [`Catalog::from_json`]; words parse with `FromStr` ([`Format`], [`Policy`], [`StorageBackend`], [`SchemaName`]: [`UnknownWord`]) |
//! | **Output** | [`Plan`]: [`Hop`]s, [`Step`]s by [`Phase`] (their texts are [`Text`]s, read as `&str`), [`Artifact`]s, [`Warning`]s (a [`WarningCode`] and a typed [`WarningSubject`]), [`Placeholder`]s, [`Conditions`]; [`Refusal`] with its [`Explanation`] ([`Blocker`]s with their [`Obstacle`], [`Hint`]s); [`HopCheck`] (a typed [`CheckSubject`]: [`HopProblem`], [`GateNeed`]s), [`Violation`] ([`ViolationSubject`], [`StepChange`]), [`LintFinding`] ([`LintSubject`]), [`Finding`] ([`FindingSubject`]), [`Resume`] ([`ResumeSubject`]) |
//! | **Data** | [`Product`], [`Version`], [`Line`], [`Date`], [`Requirement`]; the table [`RULES`] of [`Rule`]s by [`RuleId`]; catalog entries [`Release`], [`Compatibility`], [`Gate`], [`Migration`], [`Operation`], [`Fact`]; [`upgrade_graph`] |
//! | **Limits** | [`limits`]: every input size and the search budget ([`Planner::with_search_limit`]) |
//! | **Errors** | [`CatalogError`], [`PlanError`], [`InventoryError`], [`RequestError`] (sharing [`JsonError`]), [`CheckError`], [`LookupError`], [`VersionError`] |
//!
//! The vendor's supported-upgrade table is data ([`RULES`]); a [`Catalog`] holds the releases,
//! the compatibility matrix, the gates and the migrations. [`Catalog::embedded`] is the default
//! Mirantis catalog, built from public sources, each entry with its source and confidence.
//!
//! Build a [`Planner`] once, then ask it for plans. This is what an installer embeds (the
//! same program is `examples/embed.rs`):
//!
//! ```
//! use mirantis_upgrade_planner::{
//!     Catalog, Planner, Product, Refusal, Request, Target, Version, explanation_summary,
//! };
//!
//! let planner = Planner::new(Catalog::embedded());
//!
//! let mut request = Request::default();
//! request.from.insert(Product::Mcr, Version::parse("20.10.13")?);
//! request.from.insert(Product::Mke, Version::parse("3.3.7")?);
//! request.from.insert(Product::Msr, Version::parse("2.8.5")?);
//! request.to.insert(Product::Msr, Target::Latest);
//! // MCR 20.10 -> 23.0 is possible only where every node runs overlay2: the catalog asks.
//! request.facts.insert("unsupported-storage-driver".to_owned(), false);
//!
//! let outcome = planner.plan(&request);
//! match &outcome {
//!     Ok(plan) => {
//!         for (number, hop) in plan.hops.iter().enumerate() {
//!             println!("hop {}: {} {} -> {} ({})", number + 1, hop.product, hop.from_text(), hop.to_text(), hop.rule);
//!             for step in plan.steps.iter().filter(|step| step.hop == number + 1) {
//!                 println!("  [{:?}] {}", step.phase, step.title);
//!             }
//!         }
//!         assert_eq!(plan.to[&Product::Msr].as_str(), "2.10.4");
//!     }
//!     Err(Refusal::NoPath(explanation)) => {
//!         eprintln!("no supported path: {}", explanation_summary(explanation));
//!         for hint in &explanation.hints {
//!             eprintln!("  hint: {hint}");
//!         }
//!     }
//!     Err(Refusal::UnansweredFact(facts)) => {
//!         for unanswered in facts {
//!             eprintln!("please answer '{}': {}", unanswered.fact.name, unanswered.fact.question);
//!         }
//!     }
//!     Err(refusal) => eprintln!("refused ({}): {refusal}", refusal.code()),
//! }
//! # assert!(outcome.is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A single hop of one product can be checked against the table without a plan:
//!
//! ```
//! use mirantis_upgrade_planner::{Catalog, CheckOptions, Product, RuleId, Version, check_hop};
//!
//! let catalog = Catalog::embedded();
//! let (from, to) = (Version::parse("2.7.3")?, Version::parse("2.9.0")?);
//! let answer = check_hop(&catalog, Product::Msr, &from, &to, &CheckOptions::default())?;
//! assert!(!answer.supported);
//! assert_eq!(answer.rule, RuleId::SkipMinorVersion);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Scope
//!
//! The crate plans; it never executes anything, never touches the network and never reads
//! the clock (dates are inputs). It knows only what its catalog says: a release or a
//! compatibility fact missing from the catalog is missing from its answers, and the catalog
//! lint ([`lint`]) reports such gaps.
#![forbid(unsafe_code)]

mod catalog;
mod classify;
mod date;
mod digest;
mod graph;
mod inventory;
mod json;
mod lint;
mod plan;
mod planner;
mod refusal;
mod render;
mod request;
mod requirement;
mod runbook;
mod schema;
mod search;
#[cfg(feature = "synthetic")]
pub mod synthetic;
mod table;
mod text;
mod validate;
mod version;

// The facade.
pub use catalog::Catalog;
pub use plan::Plan;
pub use planner::Planner;
pub use refusal::Refusal;
pub use render::{
    Format, error_json, explanation_summary, explanation_text, preflight_summary, refusal_json,
    render_check, render_findings, render_graph, render_lint, render_plan, render_refusal,
    render_resume, render_violations, validation_summary,
};
pub use request::Request;
pub use validate::validate;

// Versions and the rules.
pub use date::{Date, DateError};
pub use requirement::{Requirement, RequirementError};
pub use table::{RULES, Rule, RuleId, UnknownRuleId, Verdict};
pub use text::Text;
pub use version::{Line, Product, UnknownWord, Version, VersionError};

// The catalog's data.
pub use catalog::{
    CatalogError, Compatibility, Confidence, Fact, Gate, LookupError, Migration, Operation,
    Procedure, Release, UnknownFact,
};
pub use graph::{GraphEdge, UpgradeGraph, upgrade_graph};
pub use lint::{LintCode, LintFinding, LintSubject};

// Single hops.
pub use classify::{
    CheckError, CheckOptions, CheckSubject, GateNeed, HopCheck, HopProblem, check_hop,
};

// Requests, sites and inventories.
pub use inventory::{
    Finding, FindingSubject, Inventory, InventoryError, MkeInventory, MsrInventory, Node,
    NodeNames, Replica, Role, Service, Severity, Site, StorageBackend, preflight,
};
pub use request::{ByProduct, Policy, RequestError, State, Target, parse_facts};

// Plans, refusals and their checks.
pub use plan::{
    Artifact, ArtifactKind, CatalogIdentity, Conditions, Hop, PLAN_SCHEMA_VERSION, Phase,
    Placeholder, PlanError, Route, Step, Warning, WarningCode, WarningSubject, WeakReleaseReason,
};
pub use planner::{Resume, ResumeSubject};
pub use refusal::{Explanation, Hint, OtherProduct, UnansweredFact};
pub use search::{Blocker, Obstacle};
pub use validate::{
    Location, StepChange, ValidationOptions, Violation, ViolationCode, ViolationSubject,
};

// Documents.
pub use json::{Document, JsonError};
pub use schema::{SchemaName, json_schema};

/// Every bound the library puts on its input and its work, in one place. Each loader refuses
/// input over its limit with a typed error naming the size and the limit; the search refuses
/// with [`Refusal::SearchLimit`] when it generates more joint states than its budget.
pub mod limits {
    pub use crate::catalog::{
        MAX_CATALOG_BYTES, MAX_CATALOG_ENTRIES, MAX_ORDERED_GATES, MAX_RELEASES_PER_PRODUCT,
    };
    pub use crate::inventory::MAX_INVENTORY_BYTES;
    pub use crate::json::MAX_JSON_DEPTH;
    pub use crate::plan::{MAX_PLAN_BYTES, MAX_PLAN_HOPS, MAX_PLAN_STEPS};
    pub use crate::planner::DEFAULT_SEARCH_LIMIT;
    pub use crate::request::MAX_REQUEST_BYTES;
}

/// Lints a catalog, and the runbook's data against it. Findings come in a stable order: by
/// code, then by catalog position.
///
/// The mistakes that make planning unsafe are checked by the loader itself, which refuses
/// such a catalog with the lint's message ([`CatalogError::Unsafe`]); what is left for the
/// lint are gaps: data the plans lean on that is missing or weak (compatibility, paths to the
/// newest release, facts), and what the runbook needs to give every hop its commands (a
/// documented procedure per release line, bootstrapper images, Helm chart versions, known
/// placeholders, backup, upgrade and verify steps in every procedure).
pub fn lint(catalog: &Catalog) -> Vec<LintFinding> {
    let mut findings = lint::lint_catalog(catalog);
    findings.extend(runbook::lint_runbook(catalog));
    findings.sort_by_key(|finding| finding.code);
    findings
}

/// The README's Rust blocks, compiled and run as doc tests so that they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
