//! What goes wrong when loading a catalog or looking a version up in it, and the mistakes
//! that make a catalog unsafe to plan with.

use super::Catalog;
use crate::date::DateError;
use crate::json::JsonError;
use crate::requirement::RequirementError;
use crate::version::{Product, Version, VersionError, quoted};

/// An error from loading a catalog. Every message names the JSON path and the bad value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The text cannot be read as a catalog document at all: too large
    /// ([`MAX_CATALOG_BYTES`](super::MAX_CATALOG_BYTES)), too deep, not JSON, or an
    /// unsupported `schema_version`.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// A list is longer than its limit
    /// ([`MAX_RELEASES_PER_PRODUCT`](super::MAX_RELEASES_PER_PRODUCT),
    /// [`MAX_CATALOG_ENTRIES`](super::MAX_CATALOG_ENTRIES)).
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

pub(super) fn list(versions: &[Version]) -> String {
    if versions.is_empty() {
        return "none".to_owned();
    }
    versions
        .iter()
        .map(Version::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
