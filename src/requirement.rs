//! Product requirements such as `mke >=3.6.0, <3.10.0`, evaluated with this crate's version
//! ordering (so `mcr 23.0.9-1` satisfies `mcr >=20.10.0, <26.0.0`, which `semver::VersionReq`'s
//! pre-release rule would not say of a SemVer pre-release).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::version::{Product, Version, VersionError, quoted};

/// A requirement on one product's version: `<product> <comparators>`.
///
/// Comparators are those of the `semver` crate, joined by commas and all required:
/// `=`, `>`, `>=`, `<`, `<=`, `~`, `^` and wildcards (`3.9.*`, `*`). Numbers may be zero-padded
/// (`19.03.*`). A bare `x.y` means `x.y.*` and a bare `x.y.z` means `=x.y.z`. A comparator with
/// fewer than three numbers compares only the numbers it names: `<3.9` admits no `3.9.0-rc1`.
///
/// ```
/// use mirantis_upgrade_planner::{Product, Version, requirement::Requirement};
///
/// let req: Requirement = "mcr >=20.10.0, <26.0.0".parse()?;
/// assert_eq!(req.product(), Product::Mcr);
/// assert!(req.matches(&"23.0.9-1".parse()?));
/// assert!(!req.matches(&"19.03.14".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Requirement {
    product: Product,
    /// Shared, like the text: typed explanations and warnings copy requirements, and a copy
    /// should cost no allocation.
    bounds: Arc<[Bound]>,
    text: Arc<str>,
}

/// One primitive test `version <op> pattern`; every comparator becomes zero, one or two.
#[derive(Debug, Clone)]
struct Bound {
    op: Op,
    pattern: Pattern,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
}

/// A version with one, two or three numbers; only the named numbers are compared.
#[derive(Debug, Clone)]
enum Pattern {
    Major(u64),
    Line(u64, u64),
    Full(Version),
}

impl Pattern {
    fn compare(&self, version: &Version) -> Ordering {
        match self {
            Pattern::Major(major) => version.major().cmp(major),
            Pattern::Line(major, minor) => {
                (version.major(), version.minor()).cmp(&(*major, *minor))
            }
            Pattern::Full(full) => version.cmp(full),
        }
    }
}

impl Bound {
    fn matches(&self, version: &Version) -> bool {
        let ordering = self.pattern.compare(version);
        match self.op {
            Op::Eq => ordering == Ordering::Equal,
            Op::Gt => ordering == Ordering::Greater,
            Op::Ge => ordering != Ordering::Less,
            Op::Lt => ordering == Ordering::Less,
            Op::Le => ordering != Ordering::Greater,
        }
    }
}

/// An error from parsing a [`Requirement`]. Every message quotes the whole requirement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequirementError {
    /// The first word is not `mcr`, `mke` or `msr`.
    #[error("requirement {}: unknown product {}; expected mcr, mke or msr", quoted(.input), quoted(.product))]
    UnknownProduct {
        /// The whole requirement.
        input: String,
        /// The first word.
        product: String,
    },
    /// Nothing follows the product name.
    #[error("requirement {}: no version comparator after the product", quoted(.input))]
    NoComparator {
        /// The whole requirement.
        input: String,
    },
    /// A comparator is empty or its version is malformed.
    #[error("requirement {}: comparator {} is not a version comparison", quoted(.input), quoted(.comparator))]
    BadComparator {
        /// The whole requirement.
        input: String,
        /// The comparator as written.
        comparator: String,
    },
    /// A comparator's version does not parse.
    #[error("requirement {}: comparator {}: {source}", quoted(.input), quoted(.comparator))]
    BadVersion {
        /// The whole requirement.
        input: String,
        /// The comparator as written.
        comparator: String,
        /// Why its version does not parse.
        source: VersionError,
    },
}

impl Requirement {
    /// Parses `<product> <comparators>`, such as `msr 2.10.*` or `mke >=3.6.0, <3.10.0`.
    ///
    /// # Errors
    ///
    /// - [`RequirementError::UnknownProduct`] for `dtr 2.9.*`;
    /// - [`RequirementError::NoComparator`] for `mke`;
    /// - [`RequirementError::BadComparator`] for `mke >=` or `mke 3.*.1`;
    /// - [`RequirementError::BadVersion`] for `mke >=3.x` or `mke 3.9-rc1`.
    pub fn parse(input: &str) -> Result<Requirement, RequirementError> {
        let (product_text, rest) = input.split_once(' ').unwrap_or((input, ""));
        let product =
            product_text
                .parse::<Product>()
                .map_err(|_| RequirementError::UnknownProduct {
                    input: input.to_owned(),
                    product: product_text.to_owned(),
                })?;
        if rest.trim().is_empty() {
            return Err(RequirementError::NoComparator {
                input: input.to_owned(),
            });
        }
        let mut bounds = Vec::new();
        for comparator in rest.split(',') {
            parse_comparator(input, comparator.trim(), &mut bounds)?;
        }
        Ok(Requirement {
            product,
            bounds: bounds.into(),
            text: input.into(),
        })
    }

    /// The requirement matching every release of one line: `msr 2.9.*`.
    pub fn line(product: Product, line: &crate::version::Line) -> Requirement {
        Requirement {
            product,
            bounds: Arc::new([Bound {
                op: Op::Eq,
                pattern: Pattern::Line(line.major(), line.minor()),
            }]),
            text: format!("{product} {line}.*").into(),
        }
    }

    /// The product this requirement is about.
    pub fn product(&self) -> Product {
        self.product
    }

    /// Whether `version` (of [`Requirement::product`]) satisfies every comparator.
    pub fn matches(&self, version: &Version) -> bool {
        self.bounds.iter().all(|bound| bound.matches(version))
    }

    /// The requirement exactly as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The indices of `sorted` (ascending versions) that match, as one range.
    ///
    /// Every bound compares a prefix of the version, so it selects an interval of the sorted
    /// list, and so does their intersection: binary searches suffice.
    pub(crate) fn index_range(&self, sorted: &[Version]) -> std::ops::Range<usize> {
        let (mut low, mut high) = (0, sorted.len());
        for bound in self.bounds.iter() {
            let first_not_less =
                sorted.partition_point(|v| bound.pattern.compare(v) == Ordering::Less);
            let first_greater =
                sorted.partition_point(|v| bound.pattern.compare(v) != Ordering::Greater);
            let (start, end) = match bound.op {
                Op::Eq => (first_not_less, first_greater),
                Op::Gt => (first_greater, sorted.len()),
                Op::Ge => (first_not_less, sorted.len()),
                Op::Lt => (0, first_not_less),
                Op::Le => (0, first_greater),
            };
            low = low.max(start);
            high = high.min(end);
        }
        low..high.max(low)
    }
}

/// Parses one comparator and appends the bounds it stands for.
fn parse_comparator(
    input: &str,
    comparator: &str,
    bounds: &mut Vec<Bound>,
) -> Result<(), RequirementError> {
    let bad = || RequirementError::BadComparator {
        input: input.to_owned(),
        comparator: comparator.to_owned(),
    };
    let (operator, version_text) = split_operator(comparator);
    let version_text = version_text.trim_start();
    if version_text.is_empty() {
        return Err(bad());
    }
    let pattern = parse_pattern(version_text).map_err(|error| match error {
        PatternError::Shape => bad(),
        PatternError::Version(source) => RequirementError::BadVersion {
            input: input.to_owned(),
            comparator: comparator.to_owned(),
            source,
        },
    })?;
    let Some(pattern) = pattern else {
        // A bare wildcard: every version matches. Other operators on `*` make no sense.
        return if matches!(operator, "" | "=") {
            Ok(())
        } else {
            Err(bad())
        };
    };
    let bound = |op, pattern| Bound { op, pattern };
    match operator {
        "" | "=" => bounds.push(bound(Op::Eq, pattern)),
        ">" => bounds.push(bound(Op::Gt, pattern)),
        ">=" => bounds.push(bound(Op::Ge, pattern)),
        "<" => bounds.push(bound(Op::Lt, pattern)),
        "<=" => bounds.push(bound(Op::Le, pattern)),
        "~" => tilde(pattern, bounds),
        "^" => caret(pattern, bounds),
        _ => return Err(bad()),
    }
    Ok(())
}

fn split_operator(comparator: &str) -> (&str, &str) {
    let end = comparator
        .find(|c: char| !matches!(c, '=' | '>' | '<' | '~' | '^'))
        .unwrap_or(comparator.len());
    comparator.split_at(end)
}

/// `~x.y.z` is `>=x.y.z` within `x.y`; `~x.y` and `~x` are wildcards.
fn tilde(pattern: Pattern, bounds: &mut Vec<Bound>) {
    if let Pattern::Full(full) = &pattern {
        let line = Pattern::Line(full.major(), full.minor());
        bounds.push(Bound {
            op: Op::Eq,
            pattern: line,
        });
        bounds.push(Bound {
            op: Op::Ge,
            pattern,
        });
    } else {
        bounds.push(Bound {
            op: Op::Eq,
            pattern,
        });
    }
}

/// `^x.y.z` is `>=x.y.z` below the next change of the leftmost non-zero number, as in SemVer.
fn caret(pattern: Pattern, bounds: &mut Vec<Bound>) {
    let (major, minor) = match &pattern {
        Pattern::Major(major) => (*major, None),
        Pattern::Line(major, minor) => (*major, Some(*minor)),
        Pattern::Full(full) => (full.major(), Some(full.minor())),
    };
    let same = match (major, minor) {
        (0, Some(0)) if matches!(pattern, Pattern::Full(_)) => {
            bounds.push(Bound {
                op: Op::Eq,
                pattern,
            });
            return;
        }
        (0, Some(minor)) => Pattern::Line(0, minor),
        _ => Pattern::Major(major),
    };
    bounds.push(Bound {
        op: Op::Eq,
        pattern: same,
    });
    bounds.push(Bound {
        op: Op::Ge,
        pattern,
    });
}

enum PatternError {
    Shape,
    Version(VersionError),
}

/// Parses `3`, `3.9`, `3.9.*`, `3.9.1-rc1` or `*`; `None` means "any version".
fn parse_pattern(text: &str) -> Result<Option<Pattern>, PatternError> {
    let is_wildcard = |part: &str| matches!(part, "*" | "x" | "X");
    let parts: Vec<&str> = text.split('.').collect();
    let named = parts.iter().take_while(|part| !is_wildcard(part)).count();
    if parts.len() > 3 || !parts.iter().skip(named).all(|part| is_wildcard(part)) {
        return Err(PatternError::Shape);
    }
    if named == 3 {
        return Version::parse(text)
            .map(|v| Some(Pattern::Full(v)))
            .map_err(PatternError::Version);
    }
    // A partial version names two numbers at most and has no suffix: parse it as a line.
    let numbers = parts
        .iter()
        .take(named)
        .copied()
        .collect::<Vec<_>>()
        .join(".");
    let padded = match named {
        0 => return Ok(None),
        1 => format!("{numbers}.0"),
        _ => numbers,
    };
    let line = crate::version::Line::parse(&padded).map_err(|error| {
        // Name the text as the user wrote it, not the padded form.
        PatternError::Version(match error {
            VersionError::NotANumber {
                component,
                text: part,
                ..
            } => VersionError::NotANumber {
                input: text.to_owned(),
                component,
                text: part,
            },
            VersionError::Overflow { component, .. } => VersionError::Overflow {
                input: text.to_owned(),
                component,
            },
            other => other,
        })
    })?;
    Ok(Some(if named == 1 {
        Pattern::Major(line.major())
    } else {
        Pattern::Line(line.major(), line.minor())
    }))
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Requirement {
    type Err = RequirementError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Requirement::parse(s)
    }
}

impl PartialEq for Requirement {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Requirement {}

impl Serialize for Requirement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Requirement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Requirement::parse(&text).map_err(serde::de::Error::custom)
    }
}
