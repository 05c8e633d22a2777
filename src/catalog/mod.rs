//! The catalog: releases per product, compatibility entries, gates and migrations.
//!
//! It is loaded from the JSON format documented in docs/formats.md (`schema_version` 1), and
//! [`Catalog::embedded`] returns the default Mirantis catalog compiled into the crate.

mod convert;
mod document;
mod errors;
mod releases;
mod suggest;
mod types;

pub(crate) use document::CatalogDocument;
pub(crate) use errors::unsafe_entries;
pub use errors::{CatalogError, LookupError};
use releases::ProductReleases;
use suggest::nearest_name;
pub(crate) use suggest::{edit_distance, nearest_names};
pub(crate) use types::prefer_documented;
pub use types::{
    Compatibility, Confidence, Fact, Gate, Migration, Operation, Procedure, Release, UnknownFact,
};

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::json::{self, Document};
use crate::requirement::Requirement;
use crate::table::{RuleId, Verdict};
use crate::version::{Line, PerProduct, Product, Version};

/// The default catalog, built from the vendor's public documents (docs/catalog.md lists
/// them with their confidence).
const EMBEDDED_JSON: &str = include_str!("../../catalog/mirantis.json");

/// A loaded, indexed catalog.
///
/// Releases are kept sorted per product; lines are indexed so that "the next line" and "the
/// earliest line of the next major" are cheap questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    products: PerProduct<ProductReleases>,
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
        #[expect(
            clippy::expect_used,
            reason = "the embedded file is data compiled into the crate, and the test suite loads it"
        )]
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
    /// As [`Catalog::from_json`]; bytes that are not UTF-8 give a
    /// [`JsonError::Syntax`](crate::json::JsonError::Syntax).
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Catalog, CatalogError> {
        json::check_size(Document::Catalog, bytes.len(), MAX_CATALOG_BYTES)?;
        Catalog::from_json(json::utf8(Document::Catalog, bytes)?)
    }

    fn product(&self, product: Product) -> &ProductReleases {
        &self.products[product]
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
            .and_then(|index| releases.get(index))
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
        let (below, above) = releases.split_at(split.min(releases.len()));
        let below = below.iter().rev().take(2).rev();
        let above = above
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
            .ok()
            .and_then(|index| data.lines.get(index))
            .and_then(|span| data.releases.get(span.start..span.end))
            .unwrap_or(&[])
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
            .and_then(|index| self.facts.get(index))
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
