//! The catalog file as serde reads it: one model that the loader deserializes and the JSON
//! Schema is generated from (`schema/catalog.json`), and its conversion to a [`Catalog`].
//!
//! Serde checks the shape (unknown and missing fields, JSON types, versions, requirements,
//! dates and words) and `serde_path_to_error` names the JSON path of what does not fit; the
//! conversion checks what a single value cannot show (duplicates, limits, entries that relate
//! requirements wrongly). Doc comments on the fields are the schema's descriptions; the
//! models derive `Serialize` only for the schema, which writes each optional field's default.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_path_to_error::Segment;

use super::{CatalogError, Confidence, Procedure};
use crate::date::Date;
use crate::requirement::Requirement;
use crate::table::{RULES, RuleId, Verdict};
use crate::version::{Product, Version, quoted};

/// The catalog file, `schema_version` 1 (docs/formats.md gives each field's meaning).
// Fields in this order: the order an unknown field's error lists them in.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Catalog")]
pub(crate) struct CatalogDocument {
    /// 1.
    pub(super) schema_version: u32,
    /// The releases per product.
    #[serde(deserialize_with = "required")]
    pub(super) products: BTreeMap<Key<Product>, Object<ProductDocument>>,
    /// "Whenever `when` is installed at a matching version, `requires` must be too."
    #[serde(default, deserialize_with = "nullable")]
    pub(super) compatibility: Vec<Object<CompatibilityDocument>>,
    /// Prerequisites on the state before a hop.
    #[serde(default, deserialize_with = "nullable")]
    pub(super) gates: Vec<Object<GateDocument>>,
    /// Moves that need a separate tool.
    #[serde(default, deserialize_with = "nullable")]
    pub(super) migrations: Vec<Object<MigrationDocument>>,
    /// The yes/no questions gates depend on, by name.
    #[serde(default, deserialize_with = "nullable")]
    pub(super) facts: BTreeMap<Key<FactName>, Object<FactDocument>>,
    /// The catalog's own version string.
    #[serde(default)]
    pub(super) version: Option<String>,
}

// The releases, verdict overrides and procedures of one product.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ProductDocument {
    /// Versions or release objects, in any order.
    #[serde(default, deserialize_with = "nullable")]
    pub(super) releases: Vec<ReleaseDocument>,
    /// Verdict overrides by rule id.
    #[serde(default, deserialize_with = "nullable")]
    pub(super) rules: BTreeMap<Key<RuleName>, Word<Verdict>>,
    /// How release lines are operated (the first match wins).
    #[serde(default, deserialize_with = "nullable")]
    pub(super) procedures: Vec<Object<OperationDocument>>,
}

// How the releases a requirement matches are operated.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct OperationDocument {
    /// The releases it covers.
    #[serde(deserialize_with = "required")]
    pub(super) releases: Requirement,
    /// One procedure, or the documented procedures in the order to offer them.
    #[serde(deserialize_with = "required")]
    pub(super) procedure: OneOrMany,
    /// The Helm chart reference (`helm`, `msr4-helm`).
    #[serde(default)]
    pub(super) chart: Option<String>,
    /// The vendor document of the procedure.
    #[serde(default)]
    pub(super) doc: Option<String>,
    #[serde(default)]
    pub(super) source: Option<String>,
}

// One procedure name, or a list of them. Read by hand (below): serde's untagged enums drop
// the error of each variant, and with it the path.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(Word<Procedure>),
    Many(Vec<Word<Procedure>>),
}

// A release: a version string, or an object with the version and what is known about it.
// Read by hand (below), for the same reason as `OneOrMany`.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
pub(super) enum ReleaseDocument {
    /// Just the version.
    Version(Version),
    /// The version and what is known about it.
    Release(ReleaseObject),
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ReleaseObject {
    #[serde(deserialize_with = "required")]
    pub(super) version: Version,
    #[serde(default)]
    pub(super) released: Option<Date>,
    #[serde(default)]
    pub(super) eol: Option<Date>,
    /// Why the release is never a stop or a target.
    #[serde(default)]
    pub(super) blocked: Option<String>,
    #[serde(default)]
    pub(super) source: Option<String>,
    #[serde(default)]
    pub(super) confidence: Option<Word<Confidence>>,
    #[serde(default)]
    pub(super) note: Option<String>,
    /// The version of the Helm chart that deploys the release.
    #[serde(default)]
    pub(super) helm_chart: Option<String>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct CompatibilityDocument {
    #[serde(deserialize_with = "required")]
    pub(super) when: Requirement,
    #[serde(deserialize_with = "required")]
    pub(super) requires: Requirement,
    #[serde(default)]
    pub(super) source: Option<String>,
    #[serde(default)]
    pub(super) confidence: Option<Word<Confidence>>,
    #[serde(default)]
    pub(super) note: Option<String>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct GateDocument {
    #[serde(deserialize_with = "required")]
    pub(super) to: Requirement,
    #[serde(deserialize_with = "required")]
    pub(super) requires: Vec<Requirement>,
    #[serde(default)]
    pub(super) if_fact: Option<Word<FactName>>,
    #[serde(default)]
    pub(super) in_order: Option<bool>,
    #[serde(deserialize_with = "required")]
    pub(super) reason: String,
    #[serde(default)]
    pub(super) source: Option<String>,
    #[serde(default)]
    pub(super) confidence: Option<Word<Confidence>>,
    #[serde(default)]
    pub(super) note: Option<String>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct MigrationDocument {
    #[serde(deserialize_with = "required")]
    pub(super) from: Requirement,
    #[serde(deserialize_with = "required")]
    pub(super) to: Requirement,
    #[serde(default)]
    pub(super) family: Option<Requirement>,
    #[serde(deserialize_with = "required")]
    pub(super) tool: String,
    #[serde(default)]
    pub(super) tool_version: Option<String>,
    #[serde(default)]
    pub(super) source: Option<String>,
    #[serde(default)]
    pub(super) confidence: Option<Word<Confidence>>,
    #[serde(default)]
    pub(super) note: Option<String>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct FactDocument {
    #[serde(deserialize_with = "required")]
    pub(super) question: String,
    #[serde(default)]
    pub(super) source: Option<String>,
    #[serde(default)]
    pub(super) note: Option<String>,
}

/// A required field: `null` reads as absent, so it is reported missing.
pub(super) fn required<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)?.ok_or_else(|| de::Error::custom(NULL_FIELD))
}

/// An optional list or map: `null` reads as absent, as for every optional field.
pub(super) fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

// A struct of the format, read from a JSON object only: serde's derive also takes an array
// of the fields in order, which the format does not allow.
#[derive(Serialize, JsonSchema)]
#[serde(transparent)]
pub(super) struct Object<T>(pub(super) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = Object<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }

        deserializer.deserialize_map(ObjectVisitor(PhantomData))
    }
}

impl<'de> Deserialize<'de> for ReleaseDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ReleaseVisitor;

        impl<'de> Visitor<'de> for ReleaseVisitor {
            type Value = ReleaseDocument;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a version string or a release object")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<ReleaseDocument, E> {
                Version::parse(text)
                    .map(ReleaseDocument::Version)
                    .map_err(E::custom)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ReleaseDocument, A::Error> {
                ReleaseObject::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ReleaseDocument::Release)
            }
        }

        deserializer.deserialize_any(ReleaseVisitor)
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProcedureVisitor;

        impl<'de> Visitor<'de> for ProcedureVisitor {
            type Value = OneOrMany;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<OneOrMany, E> {
                Word::parse(text).map(OneOrMany::One)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OneOrMany, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
        }

        deserializer.deserialize_any(ProcedureVisitor)
    }
}

/// A string from a closed list (a confidence, a procedure, a verdict, a product, a rule id)
/// or a fact name.
pub(super) trait Spelled: Sized {
    /// What the format accepts there, as an error lists it.
    fn expected() -> Cow<'static, str>;
    /// The value the text spells, if any.
    fn parse(text: &str) -> Option<Self>;
}

impl Spelled for Confidence {
    fn expected() -> Cow<'static, str> {
        "high, medium, low or inferred".into()
    }
    fn parse(text: &str) -> Option<Self> {
        Confidence::parse(text)
    }
}

impl Spelled for Procedure {
    fn expected() -> Cow<'static, str> {
        Procedure::ALL.map(Procedure::as_str).join(", ").into()
    }
    fn parse(text: &str) -> Option<Self> {
        Procedure::parse(text)
    }
}

impl Spelled for Verdict {
    fn expected() -> Cow<'static, str> {
        "supported or refused".into()
    }
    fn parse(text: &str) -> Option<Self> {
        match text {
            "supported" => Some(Verdict::Supported),
            "refused" => Some(Verdict::Refused),
            _ => None,
        }
    }
}

impl Spelled for Product {
    fn expected() -> Cow<'static, str> {
        "mcr, mke or msr".into()
    }
    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

// A row of the upgrade table, the only rule ids a catalog may override (not `migration`,
// `install` or `uninstall`).
#[derive(PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(transparent)]
pub(super) struct RuleName(pub(super) RuleId);

impl Spelled for RuleName {
    fn expected() -> Cow<'static, str> {
        RULES
            .iter()
            .map(|rule| rule.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
            .into()
    }
    fn parse(text: &str) -> Option<Self> {
        RULES
            .iter()
            .map(|rule| rule.id)
            .find(|id| id.as_str() == text)
            .map(RuleName)
    }
}

// A fact name, as requests and command lines spell it: lowercase ASCII letters, digits and
// inner hyphens (`aws-in-tree-cloud-provider`).
#[derive(PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(transparent)]
pub(super) struct FactName(pub(super) String);

impl Spelled for FactName {
    fn expected() -> Cow<'static, str> {
        "a fact name of lowercase letters, digits and hyphens".into()
    }
    fn parse(text: &str) -> Option<Self> {
        let well_formed = !text.is_empty()
            && !text.starts_with('-')
            && !text.ends_with('-')
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        well_formed.then(|| FactName(text.to_owned()))
    }
}

// A spelled value (`"confidence": "high"`).
#[derive(PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(transparent)]
pub(super) struct Word<W>(pub(super) W);

// A spelled object key (`"products": {"mke": ...}`).
#[derive(PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(transparent)]
pub(super) struct Key<W>(pub(super) W);

// How serde carries, as text, the errors that `shape_error` reads back: a word that is not
// one of the format's (a key's error is told from a value's, since its path is that of the
// object), and a required field set to `null` (see `required`).
pub(super) const UNKNOWN_VALUE: &str = "unknown value ";
pub(super) const UNKNOWN_KEY: &str = "unknown key ";
pub(super) const EXPECTED: &str = "; expected ";
pub(super) const NULL_FIELD: &str = "null in a required field";

impl<W: Spelled> Word<W> {
    fn parse<E: de::Error>(text: &str) -> Result<Self, E> {
        W::parse(text).map(Word).ok_or_else(|| {
            E::custom(format_args!(
                "{UNKNOWN_VALUE}{}{EXPECTED}{}",
                quoted(text),
                W::expected()
            ))
        })
    }
}

impl<'de, W: Spelled> Deserialize<'de> for Word<W> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Word::parse(&String::deserialize(deserializer)?)
    }
}

impl<'de, W: Spelled> Deserialize<'de> for Key<W> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        W::parse(&text).map(Key).ok_or_else(|| {
            de::Error::custom(format_args!(
                "{UNKNOWN_KEY}{}{EXPECTED}{}",
                quoted(&text),
                W::expected()
            ))
        })
    }
}

/// Reads the catalog model from parsed JSON; an error names the JSON path and the value.
pub(super) fn read(value: &Value) -> Result<CatalogDocument, CatalogError> {
    serde_path_to_error::deserialize::<_, Object<CatalogDocument>>(value)
        .map(|Object(document)| document)
        .map_err(|error| {
            let segments: Vec<&Segment> = error.path().iter().collect();
            shape_error(value, &segments, &error.inner().to_string())
        })
}

/// The typed error for serde's `message` about the value at `segments`. Serde carries errors
/// as text: its own (missing and unknown fields, JSON types) are read back by their fixed
/// wording, a word's and a `null` field's by the constants above, and a version, requirement
/// or date is parsed again, which gives the same error as a value.
pub(super) fn shape_error(root: &Value, segments: &[&Segment], message: &str) -> CatalogError {
    let path = path_text(segments);
    // The value at the path, and the key it ends with: the field of a missing or unknown
    // field's error, the spelled key of a key's.
    let node = segments
        .iter()
        .try_fold(root, |node, segment| match segment {
            Segment::Seq { index } => node.get(index),
            Segment::Map { key } => node.get(key.as_str()),
            _ => None,
        });
    let (parent, key) = match segments.split_last() {
        Some((Segment::Map { key }, parent)) => (path_text(parent), key.clone()),
        _ => (path.clone(), String::new()),
    };
    let text = node.and_then(Value::as_str).unwrap_or_default();
    let after = |prefix: &str, separator: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.rsplit_once(separator))
            .map(|(_, expected)| expected.to_owned())
    };
    if let Some(field) = backticked(message, "missing field ") {
        CatalogError::MissingField {
            path,
            field: field.to_owned(),
        }
    } else if message == NULL_FIELD {
        CatalogError::MissingField {
            path: parent,
            field: key,
        }
    } else if let Some(fields) = after("unknown field ", ", expected ") {
        // "one of `a`, `b`, `c`"; field names have no backticks.
        CatalogError::UnknownField {
            path: parent,
            field: key,
            expected: fields.trim_start_matches("one of ").replace('`', ""),
        }
    } else if let Some(expected) = after("invalid type: ", ", expected ")
        .as_deref()
        .and_then(json_type)
    {
        CatalogError::WrongType {
            path,
            expected,
            found: node.map_or("null", type_name),
        }
    } else if let Some(expected) = after(UNKNOWN_KEY, EXPECTED) {
        CatalogError::UnknownValue {
            path: parent,
            value: key,
            expected,
        }
    } else if let Some(expected) = after(UNKNOWN_VALUE, EXPECTED) {
        CatalogError::UnknownValue {
            path,
            value: text.to_owned(),
            expected,
        }
    } else {
        let same = |error: &dyn fmt::Display| error.to_string() == message;
        match (
            Version::parse(text),
            Requirement::parse(text),
            Date::parse(text),
        ) {
            (Err(source), _, _) if same(&source) => CatalogError::BadVersion { path, source },
            (_, Err(source), _) if same(&source) => CatalogError::BadRequirement { path, source },
            (_, _, Err(source)) if same(&source) => CatalogError::BadDate { path, source },
            // No type of the model fails otherwise; kept so that no input can panic.
            _ => CatalogError::Inconsistent {
                path,
                problem: message.to_owned(),
            },
        }
    }
}

/// `products.mke.releases[3]`; `catalog` for the document itself.
pub(super) fn path_text(segments: &[&Segment]) -> String {
    let mut path = String::new();
    for segment in segments {
        if !path.is_empty() && !matches!(segment, Segment::Seq { .. }) {
            path.push('.');
        }
        path.push_str(&segment.to_string());
    }
    if path.is_empty() {
        "catalog".to_owned()
    } else {
        path
    }
}

/// The name in serde's "<prefix>`name`...".
pub(super) fn backticked<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split_once('`').map(|(name, _)| name)
}

/// The format's word for what serde expected.
pub(super) fn json_type(expected: &str) -> Option<&'static str> {
    Some(match expected {
        "a sequence" => "an array",
        "a map" | "an object" => "an object",
        "a string" => "a string",
        "a boolean" => "a boolean",
        "a version string or a release object" => "a version string or a release object",
        _ => return None,
    })
}

pub(super) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
