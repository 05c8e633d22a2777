//! The planning question: where the cluster is ([`Request::from`]), where it should go
//! ([`Target`]), and under which conditions ([`Policy`], facts, site values, inventory).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::inventory::{Inventory, Site};
use crate::version::{Line, Product, UnknownWord, Version};

mod parse;

pub(crate) use parse::RequestDocument;
pub use parse::{ByProduct, MAX_REQUEST_BYTES, RequestError, parse_facts};

/// Where a product should end. Written, and read as JSON, as `latest`, a major version (`3`),
/// a line (`2.9`) or a version (`2.9.30`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Exactly this listed release (`2.9.30`); a pre-release only when named here.
    Exact(Version),
    /// The newest eligible release of this line (`2.9`).
    Line(Line),
    /// The newest eligible release of this major version (`3`: the newest 3.x).
    Major(u64),
    /// The newest eligible release in the catalog. A release that only a migration reaches
    /// counts only when the request allows migrations.
    Latest,
}

impl Target {
    /// Parses `latest`, a major version (`3`), a line (`2.9`) or a version (`2.9.30`).
    ///
    /// # Errors
    ///
    /// The [`crate::VersionError`] of the version parse, for `2.x` or `2.9.x`.
    pub fn parse(text: &str) -> Result<Target, crate::version::VersionError> {
        if text == "latest" {
            return Ok(Target::Latest);
        }
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(major) = text.parse() {
                return Ok(Target::Major(major));
            }
        }
        if !text.is_empty() && !text.starts_with(|c: char| c.is_ascii_digit()) {
            // A word, not a version: the only word a target takes is `latest`.
            let near = crate::catalog::edit_distance(&text.to_lowercase(), "latest") <= 3;
            return Err(crate::version::VersionError::BadTarget {
                input: text.to_owned(),
                nearest: near.then_some("latest"),
            });
        }
        if text.matches('.').count() == 1 && !text.contains('-') {
            return Line::parse(text).map(Target::Line);
        }
        Version::parse(text).map(Target::Exact)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Exact(version) => write!(f, "{version}"),
            Target::Line(line) => write!(f, "{line}"),
            Target::Major(major) => write!(f, "{major}"),
            Target::Latest => f.write_str("latest"),
        }
    }
}

/// How to choose among the supported plans. A policy never changes whether a plan exists.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
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
pub enum Policy {
    /// Fewest hops in total.
    Minimal,
    /// Fewest documented recommendations not followed, then fewest hops.
    #[default]
    Recommended,
}

impl Policy {
    /// Every policy, in the order the command line lists them (the default first).
    pub const ALL: [Policy; 2] = [Policy::Recommended, Policy::Minimal];

    /// The name as written on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Minimal => "minimal",
            Policy::Recommended => "recommended",
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Policy {
    type Err = UnknownWord;

    /// Parses `recommended` or `minimal` (exactly, lowercase), as [`Policy::as_str`] writes
    /// them.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        UnknownWord::find("policy", text, &Policy::ALL, Policy::as_str)
    }
}

/// A planning question: where the cluster is, where it should go, and under which conditions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// The installed version of each installed product; a product absent here is not
    /// installed.
    pub from: BTreeMap<Product, Version>,
    /// Where each named product must end. Products not named may move only when the others
    /// require it, and then as little as possible.
    pub to: BTreeMap<Product, Target>,
    /// How to choose among supported plans.
    pub policy: Policy,
    /// Facts about the cluster that conditional gates ask for (`metallb`).
    pub facts: BTreeMap<String, bool>,
    /// Whether migrations (MSR 2.9 -> 3.x, MKE 3.9 -> 4.x, ...) may be part of the plan.
    pub allow_migrations: bool,
    /// The date to judge end-of-life against; `None` gives no EOL warnings.
    pub as_of: Option<Date>,
    /// Whether the site has no internet access: every image pull becomes a `docker load` of a
    /// bundle copied to each node, and the bundles to download come first.
    pub offline: bool,
    /// Whether an installer runs the plan with no person at a terminal: the planner refuses
    /// with [`crate::Refusal::NeedsPerson`] while a step needs a person.
    pub unattended: bool,
    /// Site-specific values for the commands; absent ones stay visible placeholders.
    pub site: Site,
    /// The cluster's inventory, when known: its values fill what `site` leaves empty, its
    /// facts join `facts`, and its preflight findings are checked (errors refuse the plan).
    pub inventory: Option<Inventory>,
    /// The codes of preflight errors accepted by name (`msr-node-ram`); no blanket force.
    pub accept: BTreeSet<String>,
    /// `--executor launchpad`: Launchpad's `apply` performs the hops it can (MCR, MKE 3 and
    /// MSR 2 in place), from this config; `None`: the vendor's commands, step by step.
    pub launchpad: Option<LaunchpadExecutor>,
}

/// The Launchpad config that performs a plan's MCR, MKE 3 and MSR 2 hops
/// (`--executor launchpad`): each such hop becomes "set these keys, then run `launchpad
/// apply --config <file>`", with the plan's prechecks, backups and verifications around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct LaunchpadExecutor {
    /// The config as `launchpad apply --config` names it (`launchpad.yaml`).
    pub config: String,
    /// The key that holds each product's version in that config (`spec.mke.version`; from
    /// API version mke/v1.6, `spec.mcr.channel` for MCR).
    pub keys: BTreeMap<Product, String>,
    /// The MCR channel's name when the config writes the MCR version in the channel
    /// (`stable`, for `stable-25.0.14`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

impl LaunchpadExecutor {
    /// An executor from a config's name, its version keys and its MCR channel's name.
    pub fn new(
        config: String,
        keys: BTreeMap<Product, String>,
        channel: Option<String>,
    ) -> LaunchpadExecutor {
        LaunchpadExecutor {
            config,
            keys,
            channel,
        }
    }

    /// A product's key set to a version, as the config writes it: `spec.mke.version: 3.8.12`,
    /// `spec.mcr.channel: stable-25.0.14`.
    pub fn setting(&self, product: Product, version: &Version) -> Option<String> {
        let key = self.keys.get(&product)?;
        Some(match (&self.channel, product) {
            (Some(channel), Product::Mcr) => format!("{key}: {channel}-{version}"),
            _ => format!("{key}: {version}"),
        })
    }
}
impl Request {
    /// Whether a fact is set to true.
    pub fn fact(&self, name: &str) -> bool {
        self.facts.get(name).copied().unwrap_or(false)
    }
}

/// The installed versions of a cluster at one point of a plan.
pub type State = BTreeMap<Product, Version>;

/// A state in words: `mcr 20.10.13, mke 3.3.7, msr 2.8.5`.
pub(crate) fn describe_state(state: &State) -> String {
    state
        .iter()
        .map(|(p, v)| format!("{p} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}
