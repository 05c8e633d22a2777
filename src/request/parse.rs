//! A request as data: the `mcr=20.10.13,mke=3.3.7` text operators type, and the JSON request
//! an installer in any language hands over (`planner plan --request FILE`). Both give the same
//! [`Request`] and so exactly the same plan.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{LaunchpadExecutor, Policy, Request, Target};
use crate::date::Date;
use crate::inventory::Site;
use crate::inventory::{Inventory, InventoryError};
use crate::json::{self, Document as JsonDocument, JsonError};
use crate::version::{Product, Version, VersionError, quoted};

/// The largest JSON request [`Request::from_json`] reads.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// One value per product, written `mcr=20.10.13,mke=3.3.7,msr=2.8.5`: the installed versions
/// (`ByProduct<Version>`) or the targets (`ByProduct<Target>`: `msr=latest,mke=3.9`).
///
/// Products may be named by their old names too: `docker` or `engine` for MCR, `ucp` for
/// MKE, `dtr` for MSR. Spaces around items are ignored.
///
/// ```
/// use mirantis_upgrade_planner::{Product, Target, Version, request::ByProduct};
///
/// let state: ByProduct<Version> = "mcr=20.10.13, ucp=3.3.7, dtr=2.8.5".parse()?;
/// assert_eq!(state.0[&Product::Mke].as_str(), "3.3.7");
/// assert_eq!(state.to_string(), "mcr=20.10.13,mke=3.3.7,msr=2.8.5");
/// let targets: ByProduct<Target> = "msr=latest".parse()?;
/// assert_eq!(targets.0[&Product::Msr], Target::Latest);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ByProduct<T>(pub BTreeMap<Product, T>);

impl<T> FromStr for ByProduct<T>
where
    T: FromStr<Err = VersionError>,
{
    type Err = RequestError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut map = BTreeMap::new();
        for item in text.split(',').map(str::trim) {
            let Some((name, value)) = item.split_once('=') else {
                return Err(RequestError::NotAPair {
                    item: item.to_owned(),
                });
            };
            let product = Product::from_name(name.trim()).map_err(RequestError::Product)?;
            let value = value
                .trim()
                .parse()
                .map_err(|source| RequestError::Value { product, source })?;
            if map.insert(product, value).is_some() {
                return Err(RequestError::Twice { product });
            }
        }
        Ok(ByProduct(map))
    }
}

impl<T: fmt::Display> fmt::Display for ByProduct<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (product, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{product}={value}")?;
        }
        Ok(())
    }
}

/// Parses facts written `metallb=true,calico-ebpf=false` (a bare `metallb` means true).
///
/// # Errors
///
/// [`RequestError::FactValue`] for a value other than `true` or `false`, and
/// [`RequestError::NotAPair`] for an item without a name. Whether the names are facts of the
/// catalog is the planner's question ([`crate::Catalog::check_facts`]).
pub fn parse_facts(text: &str) -> Result<BTreeMap<String, bool>, RequestError> {
    let mut facts = BTreeMap::new();
    for item in text.split(',').map(str::trim) {
        let (name, value) = item.split_once('=').unwrap_or((item, "true"));
        let name = name.trim();
        if name.is_empty() {
            return Err(RequestError::NotAPair {
                item: item.to_owned(),
            });
        }
        let answer = match value.trim() {
            "true" => true,
            "false" => false,
            other => {
                return Err(RequestError::FactValue {
                    name: name.to_owned(),
                    value: other.to_owned(),
                });
            }
        };
        facts.insert(name.to_owned(), answer);
    }
    Ok(facts)
}

/// An error from reading a request, in text or JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// An item is not `PRODUCT=VALUE` (or, for facts, has no name).
    #[error("{} is not PRODUCT=VALUE", quoted(.item))]
    NotAPair {
        /// The item.
        item: String,
    },
    /// A product name that is none of the products or their old names.
    #[error("{0}")]
    Product(VersionError),
    /// A product's value does not parse.
    #[error("{product}: {source}")]
    Value {
        /// The product.
        product: Product,
        /// Why.
        source: VersionError,
    },
    /// A product is given twice.
    #[error("{product} is given twice")]
    Twice {
        /// The product.
        product: Product,
    },
    /// A fact's answer is not `true` or `false`.
    #[error("fact {}: {} is not true or false", quoted(.name), quoted(.value))]
    FactValue {
        /// The fact.
        name: String,
        /// The value given.
        value: String,
    },
    /// The JSON request cannot be read: too large ([`MAX_REQUEST_BYTES`]), not JSON, or not
    /// the shape of a request (an unknown field, a bad version or target), with its line and
    /// column.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// The request's inventory is inconsistent.
    #[error("request: {0}")]
    Inventory(InventoryError),
}

impl RequestError {
    /// The error's code in a JSON error object: `unknown-product`, `bad-version`, `usage`
    /// (a malformed `PRODUCT=VALUE` list or fact), `bad-request` (a JSON request too large or
    /// malformed) or `bad-inventory`.
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::Product(_) => "unknown-product",
            RequestError::Value { .. } => "bad-version",
            RequestError::NotAPair { .. }
            | RequestError::Twice { .. }
            | RequestError::FactValue { .. } => "usage",
            RequestError::Json(_) => "bad-request",
            RequestError::Inventory(_) => "bad-inventory",
        }
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Target::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl FromStr for Target {
    type Err = VersionError;

    /// As [`Target::parse`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Target::parse(text)
    }
}

/// The JSON request, field for field as [`crate::Request::from_json`] reads it.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Request")]
pub(crate) struct RequestDocument {
    /// The installed version of each installed product.
    from: BTreeMap<Product, Version>,
    /// Where each named product must end.
    #[serde(default)]
    to: BTreeMap<Product, Target>,
    /// How to choose among supported plans.
    #[serde(default)]
    policy: Policy,
    /// Answers to the catalog's questions (`metallb`).
    #[serde(default)]
    facts: BTreeMap<String, bool>,
    /// Whether migrations may be part of the plan.
    #[serde(default)]
    allow_migrations: bool,
    /// Whether the site has no internet access.
    #[serde(default)]
    offline: bool,
    /// Whether an installer runs the plan with no person: refuse (`needs-person`) while a
    /// step needs one.
    #[serde(default)]
    unattended: bool,
    /// The date to judge end-of-life against.
    #[serde(default)]
    as_of: Option<Date>,
    /// Site values for the commands.
    #[serde(default)]
    site: Site,
    /// The cluster inventory (its own schema).
    // A document of its own: the conversion reads it with `Inventory::from_json`, its limits
    // and its errors.
    #[serde(default)]
    #[schemars(with = "Option<Inventory>")]
    inventory: Option<serde_json::Value>,
    /// Preflight error codes accepted by name.
    #[serde(default)]
    accept: Vec<String>,
    /// The Launchpad config that performs the hops it can (`--executor launchpad`).
    #[serde(default)]
    launchpad: Option<LaunchpadExecutor>,
}

impl TryFrom<RequestDocument> for Request {
    type Error = RequestError;

    /// The request, with its inventory read by [`Inventory::from_json`].
    fn try_from(document: RequestDocument) -> Result<Request, RequestError> {
        let inventory = document
            .inventory
            .map(|value| Inventory::from_json(&value.to_string()))
            .transpose()
            .map_err(RequestError::Inventory)?;
        Ok(Request {
            from: document.from,
            to: document.to,
            policy: document.policy,
            facts: document.facts,
            allow_migrations: document.allow_migrations,
            as_of: document.as_of,
            offline: document.offline,
            unattended: document.unattended,
            site: document.site,
            inventory,
            accept: document.accept.into_iter().collect(),
            launchpad: document.launchpad,
        })
    }
}

impl Request {
    /// Reads a request from its JSON form:
    /// `{"from": {"mcr": "20.10.13", "mke": "3.3.7", "msr": "2.8.5"}, "to": {"msr": "latest"},
    /// "policy": "recommended", "facts": {"metallb": false}, "allow_migrations": false,
    /// "offline": false, "unattended": false, "as_of": "2026-11-30", "site": {...}, "inventory": {...}, "accept": []}`.
    /// Only `from` is required; products may be named by their old names (`ucp`, `dtr`).
    ///
    /// # Errors
    ///
    /// [`RequestError::Json`] over [`MAX_REQUEST_BYTES`], for text
    /// that is not JSON, an unknown field, or a bad version, target, date or policy (with its
    /// line and column); [`RequestError::Inventory`] for an inventory its own loader refuses.
    pub fn from_json(text: &str) -> Result<Request, RequestError> {
        json::check_size(JsonDocument::Request, text.len(), MAX_REQUEST_BYTES)?;
        let document: RequestDocument = json::parse_typed(JsonDocument::Request, text)?;
        Request::try_from(document)
    }

    /// The request as its JSON form ([`Request::from_json`] reads it back).
    pub fn to_json(&self) -> String {
        let mut value = serde_json::json!({
            "from": self.from,
            "to": self.to,
            "policy": self.policy,
            "facts": self.facts,
            "allow_migrations": self.allow_migrations,
            "offline": self.offline,
            "unattended": self.unattended,
            "site": self.site,
            "accept": self.accept,
        });
        if let Some(object) = value.as_object_mut() {
            if let Some(as_of) = self.as_of {
                object.insert("as_of".to_owned(), serde_json::json!(as_of));
            }
            if let Some(inventory) = &self.inventory {
                object.insert("inventory".to_owned(), serde_json::json!(inventory));
            }
        }
        crate::json::pretty(&value)
    }
}
