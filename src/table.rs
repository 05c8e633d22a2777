//! The vendor's supported-upgrade table, as data.
//!
//! Each row of the seed document's table ("Upgrade MSR") is one [`Rule`], with a stable id, the
//! pattern it describes, its default verdict and its source. The code that decides which row a
//! hop falls in lives in the `classify` module; nothing else encodes the table.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The stable id of a row of the supported-upgrade table, or of a migration hop.
///
/// Ids are the seed table's descriptions in kebab-case.
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
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RuleId {
    /// Same line, to the next release of the line.
    PatchUpgrade,
    /// Same line, to a newer release that is not the next one.
    SkipPatchVersion,
    /// Same line, to an older release.
    PatchDowngrade,
    /// Same major, to the next line.
    MinorUpgrade,
    /// Same major, two or more lines on.
    SkipMinorVersion,
    /// Same major, to an older line.
    MinorDowngrade,
    /// To the next major, on its earliest line.
    MajorUpgrade,
    /// To the next major, on a line that is not its earliest.
    MajorUpgradeSkippingMinorVersion,
    /// Two or more majors on.
    SkipMajorVersion,
    /// To an older major.
    MajorDowngrade,
    /// Not an in-place upgrade: a migration with a separate tool (not a row of the table).
    Migration,
    /// A first installation (not a row of the table).
    Install,
    /// Removing a product (not a row of the table).
    Uninstall,
}

impl RuleId {
    /// The id as written in catalogs and plans (`skip-minor-version`).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::PatchUpgrade => "patch-upgrade",
            RuleId::SkipPatchVersion => "skip-patch-version",
            RuleId::PatchDowngrade => "patch-downgrade",
            RuleId::MinorUpgrade => "minor-upgrade",
            RuleId::SkipMinorVersion => "skip-minor-version",
            RuleId::MinorDowngrade => "minor-downgrade",
            RuleId::MajorUpgrade => "major-upgrade",
            RuleId::MajorUpgradeSkippingMinorVersion => "major-upgrade-skipping-minor-version",
            RuleId::SkipMajorVersion => "skip-major-version",
            RuleId::MajorDowngrade => "major-downgrade",
            RuleId::Migration => "migration",
            RuleId::Install => "install",
            RuleId::Uninstall => "uninstall",
        }
    }

    /// Whether the row describes a downgrade.
    pub fn is_downgrade(self) -> bool {
        matches!(
            self,
            RuleId::PatchDowngrade | RuleId::MinorDowngrade | RuleId::MajorDowngrade
        )
    }

    /// The table row with this id; `None` for [`RuleId::Migration`], which is not a row.
    pub fn rule(self) -> Option<&'static Rule> {
        RULES.iter().find(|rule| rule.id == self)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a string that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule id {}", crate::version::quoted(.input))]
pub struct UnknownRuleId {
    /// The string given.
    pub input: String,
}

impl FromStr for RuleId {
    type Err = UnknownRuleId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RULES
            .iter()
            .map(|rule| rule.id)
            .chain([RuleId::Migration, RuleId::Install, RuleId::Uninstall])
            .find(|id| id.as_str() == s)
            .ok_or_else(|| UnknownRuleId {
                input: s.to_owned(),
            })
    }
}

/// Whether a kind of hop is supported.
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
pub enum Verdict {
    /// The vendor supports it.
    Supported,
    /// The vendor does not support it.
    Refused,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Supported => "supported",
            Verdict::Refused => "refused",
        })
    }
}

/// One row of the supported-upgrade table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The stable id.
    pub id: RuleId,
    /// The seed table's description.
    pub description: &'static str,
    /// The seed table's "From" pattern.
    pub from: &'static str,
    /// The seed table's "To" pattern.
    pub to: &'static str,
    /// The default verdict; a catalog may override it per product.
    pub verdict: Verdict,
    /// Where the row comes from.
    pub source: &'static str,
}

const SEED: &str = "Mirantis Secure Registry docs, Upgrade MSR, semantic versioning table \
                    (https://docs.mirantis.com/msr/2.9/ops/upgrade.html)";

/// The ten rows of the seed's supported-upgrade table, in the seed's order.
pub const RULES: [Rule; 10] = [
    row(
        RuleId::PatchUpgrade,
        "patch upgrade",
        "x.y.0",
        "x.y.1",
        Verdict::Supported,
    ),
    row(
        RuleId::SkipPatchVersion,
        "skip patch version",
        "x.y.0",
        "x.y.2",
        Verdict::Supported,
    ),
    row(
        RuleId::PatchDowngrade,
        "patch downgrade",
        "x.y.2",
        "x.y.1",
        Verdict::Refused,
    ),
    row(
        RuleId::MinorUpgrade,
        "minor upgrade",
        "x.y.*",
        "x.y+1.*",
        Verdict::Supported,
    ),
    row(
        RuleId::SkipMinorVersion,
        "skip minor version",
        "x.y.*",
        "x.y+2.*",
        Verdict::Refused,
    ),
    row(
        RuleId::MinorDowngrade,
        "minor downgrade",
        "x.y.*",
        "x.y-1.*",
        Verdict::Refused,
    ),
    row(
        RuleId::SkipMajorVersion,
        "skip major version",
        "x.*.*",
        "x+2.*.*",
        Verdict::Refused,
    ),
    row(
        RuleId::MajorDowngrade,
        "major downgrade",
        "x.*.*",
        "x-1.*.*",
        Verdict::Refused,
    ),
    row(
        RuleId::MajorUpgrade,
        "major upgrade",
        "x.y.z",
        "x+1.0.0",
        Verdict::Supported,
    ),
    row(
        RuleId::MajorUpgradeSkippingMinorVersion,
        "major upgrade skipping minor version",
        "x.y.z",
        "x+1.y+1.z",
        Verdict::Refused,
    ),
];

const fn row(
    id: RuleId,
    description: &'static str,
    from: &'static str,
    to: &'static str,
    verdict: Verdict,
) -> Rule {
    Rule {
        id,
        description,
        from,
        to,
        verdict,
        source: SEED,
    }
}
