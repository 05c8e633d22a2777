//! Plans supported upgrades of a Mirantis container platform.
#![forbid(unsafe_code)]

mod catalog;
mod classify;
mod date;
mod lint;
mod requirement;
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
pub use requirement::{Requirement, RequirementError};
pub use table::{RULES, Rule, RuleId, UnknownRuleId, Verdict};
pub use version::{Line, Product, Version, VersionError};
