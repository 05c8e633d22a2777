//! Products and versions: the vocabulary every other layer speaks.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One of the three products of the platform, in upgrade order.
///
/// The derived ordering is the vendor's upgrade order: MCR, then MKE, then MSR.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Product {
    /// Mirantis Container Runtime, the engine on every node (formerly Docker Engine - Enterprise).
    #[serde(alias = "docker", alias = "engine")]
    Mcr,
    /// Mirantis Kubernetes Engine, the control plane (formerly Docker UCP).
    #[serde(alias = "ucp")]
    Mke,
    /// Mirantis Secure Registry, the image registry (formerly Docker Trusted Registry).
    #[serde(alias = "dtr")]
    Msr,
}

impl Product {
    /// All products, in the vendor's upgrade order.
    pub const ALL: [Product; 3] = [Product::Mcr, Product::Mke, Product::Msr];

    /// The short lowercase name used in catalogs and on the command line (`mke`).
    pub fn as_str(self) -> &'static str {
        match self {
            Product::Mcr => "mcr",
            Product::Mke => "mke",
            Product::Msr => "msr",
        }
    }

    /// The product's full name (`Mirantis Kubernetes Engine`).
    pub fn full_name(self) -> &'static str {
        match self {
            Product::Mcr => "Mirantis Container Runtime",
            Product::Mke => "Mirantis Kubernetes Engine",
            Product::Msr => "Mirantis Secure Registry",
        }
    }

    /// Parses a product's name or an old name operators still use: `mcr` (or `docker`,
    /// `engine`), `mke` (or `ucp`), `msr` (or `dtr`), in any case.
    ///
    /// # Errors
    ///
    /// [`VersionError::UnknownProduct`] for anything else (`mks`).
    pub fn from_name(name: &str) -> Result<Product, VersionError> {
        match name.to_ascii_lowercase().as_str() {
            "mcr" | "docker" | "engine" => Ok(Product::Mcr),
            "mke" | "ucp" => Ok(Product::Mke),
            "msr" | "dtr" => Ok(Product::Msr),
            _ => Err(VersionError::UnknownProduct {
                input: name.to_owned(),
            }),
        }
    }

    /// The product's position in [`Product::ALL`] (0, 1 or 2).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One value per product, indexed by [`Product`] itself: no index can be out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct PerProduct<T>(pub [T; 3]);

impl<T> PerProduct<T> {
    /// The value of each product, in [`Product::ALL`] order.
    pub(crate) fn from_fn(f: impl FnMut(Product) -> T) -> PerProduct<T> {
        PerProduct(Product::ALL.map(f))
    }

    /// The values, in [`Product::ALL`] order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }
}

impl<T> std::ops::Index<Product> for PerProduct<T> {
    type Output = T;
    fn index(&self, product: Product) -> &T {
        let [mcr, mke, msr] = &self.0;
        match product {
            Product::Mcr => mcr,
            Product::Mke => mke,
            Product::Msr => msr,
        }
    }
}

impl<T> std::ops::IndexMut<Product> for PerProduct<T> {
    fn index_mut(&mut self, product: Product) -> &mut T {
        let [mcr, mke, msr] = &mut self.0;
        match product {
            Product::Mcr => mcr,
            Product::Mke => mke,
            Product::Msr => msr,
        }
    }
}

impl FromStr for Product {
    type Err = VersionError;

    /// Parses `mcr`, `mke` or `msr` (exactly, lowercase).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Product::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| VersionError::UnknownProduct {
                input: s.to_owned(),
            })
    }
}

/// An error from parsing a [`Version`], a [`Line`] or a [`Product`].
///
/// Every message names the offending input (cut to 80 characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VersionError {
    /// The input was empty.
    #[error("empty version")]
    Empty,
    /// The input did not have the expected number of dot-separated numbers.
    #[error("version {} has {}; expected {expected}", quoted(.input), components(*.found))]
    ComponentCount {
        /// The whole input.
        input: String,
        /// How many components were found.
        found: usize,
        /// What was expected, such as `major.minor.patch`.
        expected: &'static str,
    },
    /// A component was not a plain ASCII decimal number.
    #[error("version {}: {component} component {} is not a number", quoted(.input), quoted(.text))]
    NotANumber {
        /// The whole input.
        input: String,
        /// `major`, `minor`, `patch` or `revision`.
        component: &'static str,
        /// The component as written.
        text: String,
    },
    /// A component does not fit in 64 bits.
    #[error("version {}: {component} component is too large", quoted(.input))]
    Overflow {
        /// The whole input.
        input: String,
        /// `major`, `minor`, `patch` or `revision`.
        component: &'static str,
    },
    /// The text after `-` is neither a revision number nor a valid pre-release.
    #[error("version {}: {} is not a valid pre-release", quoted(.input), quoted(.suffix))]
    BadPrerelease {
        /// The whole input.
        input: String,
        /// The text after the first `-`.
        suffix: String,
    },
    /// The input names no product.
    #[error("unknown product {}; expected mcr, mke or msr", quoted(.input))]
    UnknownProduct {
        /// The whole input.
        input: String,
    },
    /// A target that is a word other than `latest` (`lastest`).
    #[error("target {} is not one of the forms a target takes{}; a target is a release (2.9.30), a line (2.9: its newest release), a major version (3: its newest release) or latest (the newest release)", quoted(.input), did_you_mean(*.nearest))]
    BadTarget {
        /// The whole input.
        input: String,
        /// The word it is near to (`latest`), when it is near one.
        nearest: Option<&'static str>,
    },
}

/// `1 numeric component`, `2 numeric components`.
fn components(found: usize) -> String {
    if found == 1 {
        "1 numeric component".to_owned()
    } else {
        format!("{found} numeric components")
    }
}

/// ` (did you mean 'latest'?)`, or nothing.
fn did_you_mean(nearest: Option<&str>) -> String {
    nearest.map_or_else(String::new, |word| format!(" (did you mean '{word}'?)"))
}

/// A word that is none of the words a setting accepts, such as `xml` for a [`crate::Format`]:
/// the error of the `FromStr` of [`crate::Format`], [`crate::Policy`], `inventory::StorageBackend` and
/// `schema::SchemaName`. It names the word given and lists every accepted word, in order.
///
/// ```
/// use mirantis_upgrade_planner::{Policy, version::UnknownWord};
///
/// let error: UnknownWord = "fastest".parse::<Policy>().unwrap_err();
/// assert_eq!(error.value, "fastest");
/// assert_eq!(error.to_string(), "unknown policy 'fastest'; expected recommended, minimal");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {}; expected {}", quoted(.value), .expected.join(", "))]
#[non_exhaustive]
pub struct UnknownWord {
    /// What the word was to name: `format`, `policy`, `storage backend`, `name`.
    pub what: &'static str,
    /// The word given.
    pub value: String,
    /// Every accepted word, in the order `--help` lists them.
    pub expected: Vec<&'static str>,
}

impl UnknownWord {
    /// Finds `value` among `words` by their `name`: the word's value, or the error that names
    /// `value` and lists the names.
    pub(crate) fn find<T: Copy>(
        what: &'static str,
        value: &str,
        words: &[T],
        name: fn(T) -> &'static str,
    ) -> Result<T, UnknownWord> {
        words
            .iter()
            .copied()
            .find(|word| name(*word) == value)
            .ok_or_else(|| UnknownWord {
                what,
                value: value.to_owned(),
                expected: words.iter().map(|word| name(*word)).collect(),
            })
    }
}

/// Quotes a value for an error message, cutting it to 80 characters so that hostile input
/// cannot flood a terminal or a log.
pub(crate) fn quoted(value: &str) -> String {
    const LIMIT: usize = 80;
    if value.chars().count() <= LIMIT {
        format!("'{value}'")
    } else {
        let cut: String = value.chars().take(LIMIT).collect();
        format!("'{cut}...'")
    }
}

/// What follows the patch number. The variant order is the version order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Suffix {
    /// `3.3.0-rc1`: before the release.
    Pre(semver::Prerelease),
    /// `3.3.0`.
    Release,
    /// `23.0.9-1`: an MCR packaging revision, after the release it rebuilds.
    Revision(u64),
}

/// A release number of any product: `major.minor.patch`, optionally followed by a packaging
/// revision (`23.0.9-1`) or a pre-release (`3.3.0-rc1`).
///
/// Zero-padded numbers (`19.03.14`, MCR's old CalVer) are accepted and the text is kept exactly
/// as written for display. Equality and ordering look at the numbers only, so `19.03.14` and
/// `19.3.14` are the same version. The ordering is total:
/// pre-releases < the release < its revisions, and pre-releases compare as in SemVer.
///
/// ```
/// use mirantis_upgrade_planner::Version;
///
/// let calver: Version = "19.03.14".parse()?;
/// assert_eq!(calver.to_string(), "19.03.14");
/// let base: Version = "23.0.9".parse()?;
/// let dash: Version = "23.0.9-1".parse()?;
/// let rc: Version = "3.3.0-rc1".parse()?;
/// assert!(base < dash);
/// assert!(rc < "3.3.0".parse()?);
/// # Ok::<(), mirantis_upgrade_planner::VersionError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    suffix: Suffix,
    /// Shared, so that the many copies a plan makes of a version cost no allocation.
    text: Arc<str>,
}

impl Version {
    /// Parses a version.
    ///
    /// # Errors
    ///
    /// - [`VersionError::Empty`] for `""`;
    /// - [`VersionError::ComponentCount`] for `1.2.3.4.5` or `3.9`;
    /// - [`VersionError::NotANumber`] for `2.x.0`, ` 1.2.3` or non-ASCII digits;
    /// - [`VersionError::Overflow`] for `99999999999999999999.0.0`;
    /// - [`VersionError::BadPrerelease`] for `3.3.0-rc..1`.
    pub fn parse(input: &str) -> Result<Version, VersionError> {
        if input.is_empty() {
            return Err(VersionError::Empty);
        }
        let (numbers, suffix_text) = match input.split_once('-') {
            Some((numbers, suffix)) => (numbers, Some(suffix)),
            None => (input, None),
        };
        let parts: Vec<&str> = numbers.split('.').collect();
        let [major, minor, patch] = parts[..] else {
            return Err(VersionError::ComponentCount {
                input: input.to_owned(),
                found: parts.len(),
                expected: "major.minor.patch",
            });
        };
        let major = parse_number(input, "major", major)?;
        let minor = parse_number(input, "minor", minor)?;
        let patch = parse_number(input, "patch", patch)?;
        let suffix = match suffix_text {
            None => Suffix::Release,
            Some(text) => parse_suffix(input, text)?,
        };
        Ok(Version {
            major,
            minor,
            patch,
            suffix,
            text: input.into(),
        })
    }

    /// The major number (`23` in `23.0.9-1`).
    pub fn major(&self) -> u64 {
        self.major
    }

    /// The minor number (`3` in `19.03.14`).
    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// The patch number (`9` in `23.0.9-1`).
    pub fn patch(&self) -> u64 {
        self.patch
    }

    /// The packaging revision (`Some(1)` for `23.0.9-1`).
    pub fn revision(&self) -> Option<u64> {
        match self.suffix {
            Suffix::Revision(n) => Some(n),
            _ => None,
        }
    }

    /// The pre-release label (`Some("rc1")` for `3.3.0-rc1`).
    pub fn pre_release(&self) -> Option<&str> {
        match &self.suffix {
            Suffix::Pre(pre) => Some(pre.as_str()),
            _ => None,
        }
    }

    /// Whether this is a pre-release (`3.3.0-rc1`).
    pub fn is_pre_release(&self) -> bool {
        matches!(self.suffix, Suffix::Pre(_))
    }

    /// The `(major, minor)` numbers of the line, for comparisons that need no text.
    pub(crate) fn line_key(&self) -> (u64, u64) {
        (self.major, self.minor)
    }

    /// The `major.minor` line this version belongs to, written as the version writes it.
    pub fn line(&self) -> Line {
        Line {
            major: self.major,
            minor: self.minor,
            text: self.line_text().into(),
        }
    }

    /// The text of [`Version::line`] (`19.03` of `19.03.14`), borrowed.
    pub(crate) fn line_text(&self) -> &str {
        let second_dot = self
            .text
            .match_indices('.')
            .nth(1)
            .map_or(self.text.len(), |(i, _)| i);
        &self.text[..second_dot]
    }

    /// The version exactly as written (`19.03.14`).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

fn parse_number(input: &str, component: &'static str, text: &str) -> Result<u64, VersionError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(VersionError::NotANumber {
            input: input.to_owned(),
            component,
            text: text.to_owned(),
        });
    }
    // Only digits remain, so the one possible failure is overflow.
    text.parse().map_err(|_| VersionError::Overflow {
        input: input.to_owned(),
        component,
    })
}

fn parse_suffix(input: &str, text: &str) -> Result<Suffix, VersionError> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return parse_number(input, "revision", text).map(Suffix::Revision);
    }
    match semver::Prerelease::new(text) {
        Ok(pre) if !pre.is_empty() => Ok(Suffix::Pre(pre)),
        _ => Err(VersionError::BadPrerelease {
            input: input.to_owned(),
            suffix: text.to_owned(),
        }),
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch, &self.suffix).cmp(&(
            other.major,
            other.minor,
            other.patch,
            &other.suffix,
        ))
    }
}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.major, self.minor, self.patch, &self.suffix).hash(state);
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Version {
    type Err = VersionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Version::parse(s)
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Version::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A `major.minor` release line of a product (`2.9`, `19.03`).
///
/// Like [`Version`], it keeps the text as written and compares by numbers.
#[derive(Debug, Clone)]
pub struct Line {
    major: u64,
    minor: u64,
    text: Box<str>,
}

impl Line {
    /// Parses `major.minor`.
    ///
    /// # Errors
    ///
    /// [`VersionError::Empty`] for `""`, [`VersionError::ComponentCount`] for `2` or `2.9.1`,
    /// [`VersionError::NotANumber`] for `2.x` and [`VersionError::Overflow`] for a number that
    /// does not fit in 64 bits.
    pub fn parse(input: &str) -> Result<Line, VersionError> {
        if input.is_empty() {
            return Err(VersionError::Empty);
        }
        let parts: Vec<&str> = input.split('.').collect();
        let [major, minor] = parts[..] else {
            return Err(VersionError::ComponentCount {
                input: input.to_owned(),
                found: parts.len(),
                expected: "major.minor",
            });
        };
        Ok(Line {
            major: parse_number(input, "major", major)?,
            minor: parse_number(input, "minor", minor)?,
            text: input.into(),
        })
    }

    /// The major number.
    pub fn major(&self) -> u64 {
        self.major
    }

    /// The minor number.
    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// The `(major, minor)` numbers, for comparisons that need no text.
    pub(crate) fn key(&self) -> (u64, u64) {
        (self.major, self.minor)
    }

    /// Whether `version` belongs to this line.
    pub fn contains(&self, version: &Version) -> bool {
        version.major == self.major && version.minor == self.minor
    }

    /// The line as written (`19.03`).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Line {
    fn eq(&self, other: &Self) -> bool {
        (self.major, self.minor) == (other.major, other.minor)
    }
}

impl Eq for Line {}

impl PartialOrd for Line {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Line {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor).cmp(&(other.major, other.minor))
    }
}

impl Hash for Line {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.major, self.minor).hash(state);
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Line {
    type Err = VersionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Line::parse(s)
    }
}

impl Serialize for Line {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}
