//! Plans supported upgrades of a Mirantis container platform: Mirantis Container Runtime
//! (MCR), Mirantis Kubernetes Engine (MKE) and Mirantis Secure Registry (MSR).
//!
//! The vendor's supported-upgrade table is data ([`RULES`]); a [`Catalog`] holds the releases,
//! the compatibility matrix, the gates and the migrations. [`Catalog::embedded`] is the default
//! Mirantis catalog, built from public sources, each entry with its source and confidence.
//!
//! ```
//! use mirantis_upgrade_planner::{Catalog, Product, RuleId, Version, check_hop};
//!
//! let catalog = Catalog::embedded();
//! let from = Version::parse("2.7.3")?;
//! let to = Version::parse("2.9.0")?;
//! let answer = check_hop(&catalog, Product::Msr, &from, &to, false)?;
//! assert!(!answer.supported);
//! assert_eq!(answer.rule, RuleId::SkipMinorVersion);
//! assert_eq!(
//!     answer.message,
//!     "msr 2.7.3 -> 2.9.0: not supported (skip-minor-version: skip minor version, \
//!      x.y.* -> x.y+2.*): upgrade to 2.8 first"
//! );
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
mod lint;
mod plan;
mod planner;
mod render;
mod requirement;
mod runbook;
mod search;
mod table;
mod version;

pub use catalog::{
    Catalog, CatalogError, Compatibility, Confidence, Gate, LookupError, MAX_CATALOG_BYTES,
    Migration, Release,
};
pub use classify::{
    CheckError, HopAssessment, HopCheck, HopProblem, assess_hop, check_hop, classify, verdict,
};
pub use date::{Date, DateError};
pub use lint::{LintCode, LintFinding, Severity, lint};
pub use plan::{
    Blocker, Explanation, Hop, Obstacle, PLAN_SCHEMA_VERSION, Phase, Plan, Policy, Refusal,
    Request, State, Step, Target, Warning, WarningCode,
};
pub use planner::{Planner, states_of};
pub use render::{Format, explanation_text, refusal_json, render_plan, render_refusal};
pub use requirement::{Requirement, RequirementError};
pub use table::{RULES, Rule, RuleId, UnknownRuleId, Verdict};
pub use version::{Line, Product, Version, VersionError};
