//! Plans supported upgrades of a Mirantis container platform: Mirantis Container Runtime
//! (MCR), Mirantis Kubernetes Engine (MKE) and Mirantis Secure Registry (MSR).
//!
//! # The API at a glance
//!
//! The root holds the core: a [`Planner`] built from a [`Catalog`] answers a [`Request`] with a
//! [`Plan`] (its [`Hop`]s, [`Step`]s by [`Phase`], [`Warning`]s) or a [`Refusal`] (with its
//! [`Explanation`] and [`Hint`]s); [`Product`], [`Version`], [`Target`], [`Policy`],
//! [`Inventory`], [`Site`], [`Format`], the errors, and [`lint()`]. The rest lives in modules:
//!
//! | module | what it holds |
//! |---|---|
//! | [`render`] | every sentence and every output: [`render::render_plan`], [`render::render_refusal`], [`render::render_resume`], [`render::render_graph`] in a [`Format`], and the renderers of checks, violations, lint and preflight findings |
//! | [`check`] | one hop against the vendor's upgrade table ([`check::check_hop`], [`check::RULES`]) |
//! | [`validate`] | the independent validator of a plan, perhaps read back and edited ([`validate::validate`]) |
//! | [`catalog`] | the catalog's data: releases, compatibility entries, gates, migrations, facts, procedures |
//! | [`plan`] | the plan's parts: artifacts, placeholders, conditions, typed warning subjects, [`plan::Route`] |
//! | [`request`] | targets, policies, [`request::ByProduct`] lists and facts, as the command line reads them |
//! | [`refusal`] | why there is no plan: blockers and their obstacles, hints, unanswered facts |
//! | [`inventory`] | the cluster inventory, its site values and the preflight checks ([`inventory::preflight`]) |
//! | [`resume`] | where an interrupted plan stands |
//! | [`mod@lint`], [`graph`] | catalog lint findings; a product's upgrade graph |
//! | [`version`], [`date`], [`requirement`] | versions, lines, products, dates and version requirements |
//! | [`schema`], [`json`] | the JSON Schemas of the documents; the JSON errors every loader shares |
//! | [`launchpad`], [`yaml`] | Launchpad's `launchpad.yaml` read into an inventory and installed versions, and written back with other versions; the bounded YAML reader under it |
//! | [`limits`] | every input size and the search budget ([`Planner::with_search_limit`]) |
//!
//! The vendor's supported-upgrade table is data ([`check::RULES`]); a [`Catalog`] holds the releases,
//! the compatibility matrix, the gates and the migrations. [`Catalog::embedded`] is the default
//! Mirantis catalog, built from public sources, each entry with its source and confidence.
//!
//! Build a [`Planner`] once, then ask it for plans. This is what an installer embeds (the
//! same program is `examples/embed.rs`):
//!
//! ```
//! use mirantis_upgrade_planner::render::explanation_summary;
//! use mirantis_upgrade_planner::{Catalog, Planner, Product, Refusal, Request, Target, Version};
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
//! use mirantis_upgrade_planner::check::{CheckOptions, RuleId, check_hop};
//! use mirantis_upgrade_planner::{Catalog, Product, Version};
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
//! lint ([`lint()`]) reports such gaps.
#![forbid(unsafe_code)]
// No input may make the library panic: no indexing, unwrap, expect, panic or unchecked
// arithmetic that input can reach. Where an invariant makes one safe, an `#[expect]` says
// which, in its reason.
#![warn(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

pub mod catalog;
mod classify;
pub mod date;
mod digest;
pub mod graph;
pub mod inventory;
pub mod json;
pub mod launchpad;
pub mod lint;
pub mod plan;
mod planner;
pub mod refusal;
pub mod render;
pub mod request;
pub mod requirement;
mod runbook;
pub mod schema;
mod search;
#[cfg(feature = "synthetic")]
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    reason = "test support behind the `synthetic` feature: generators of catalogs and requests whose sizes and indexes they choose themselves, never given user input"
)]
pub mod synthetic;
mod table;
mod text;
pub mod validate;
pub mod version;
pub mod yaml;

// The core, at the root: plan, refuse, explain.
pub use catalog::{Catalog, CatalogError};
pub use inventory::{Inventory, Site};
pub use plan::{Hop, Phase, Plan, PlanError, Shell, Step, Warning, WarningCode};
pub use planner::{Planner, Resume};
pub use refusal::{Explanation, Hint, Refusal};
pub use render::Format;
pub use request::{Policy, Request, RequestError, Target};
pub use version::{Product, Version, VersionError};

/// One hop of one product against the vendor's upgrade table, without a plan: the table
/// itself ([`RULES`](crate::check::RULES)) and [`check_hop`](crate::check::check_hop).
pub mod check {
    pub use crate::classify::{
        CheckError, CheckOptions, CheckSubject, GateNeed, HopCheck, HopProblem, check_hop,
    };
    pub use crate::table::{RULES, Rule, RuleId, UnknownRuleId, Verdict};
}

/// Where an interrupted plan stands ([`crate::Planner::resume`]).
pub mod resume {
    pub use crate::planner::{Resume, ResumeSubject};
}

/// Every bound the library puts on its input and its work, in one place. Each loader refuses
/// input over its limit with a typed error naming the size and the limit; the search refuses
/// with [`Refusal::SearchLimit`] when it generates more joint states than its budget.
pub mod limits {
    pub use crate::catalog::{
        MAX_CATALOG_BYTES, MAX_CATALOG_ENTRIES, MAX_ORDERED_GATES, MAX_RELEASES_PER_PRODUCT,
    };
    pub use crate::inventory::MAX_INVENTORY_BYTES;
    pub use crate::json::MAX_JSON_DEPTH;
    pub use crate::launchpad::MAX_LAUNCHPAD_BYTES;
    pub use crate::plan::{MAX_PLAN_BYTES, MAX_PLAN_HOPS, MAX_PLAN_STEPS};
    pub use crate::planner::DEFAULT_SEARCH_LIMIT;
    pub use crate::request::MAX_REQUEST_BYTES;
    pub use crate::yaml::{MAX_YAML_ALIASES, MAX_YAML_DEPTH, MAX_YAML_NODES};
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
pub fn lint(catalog: &Catalog) -> Vec<lint::LintFinding> {
    let mut findings = lint::lint_catalog(catalog);
    // A fact the runbook reads (not a gate) is used too.
    findings.retain(|finding| {
        !matches!(&finding.subject, lint::LintSubject::UnusedFact { fact }
            if runbook::RUNBOOK_FACTS.contains(&fact.as_str()))
    });
    findings.extend(runbook::lint_runbook(catalog));
    findings.sort_by_key(|finding| finding.code);
    findings
}

/// The README's Rust blocks, compiled and run as doc tests so that they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
