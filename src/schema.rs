//! JSON Schemas (draft 2020-12) of the formats this library reads and writes, generated with
//! `schemars` from the very types the loaders deserialize (and the refusal from the type it is
//! written from), so they cannot drift from the code: the request, the plan, the refusal
//! (error document), the catalog file and the inventory. They are
//! committed under `schema/` and printed by `planner schema NAME`; a test regenerates them
//! and validates the golden files against them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use crate::catalog::{CatalogDocument, UnknownFact};
use crate::date::Date;
use crate::plan::Plan;
use crate::refusal::{PersonStep, UnansweredFact};
use crate::render::ExplanationJson;
use crate::request::{RequestDocument, Target};
use crate::requirement::Requirement;
use crate::version::{Line, Product, Version};

/// The formats with a published schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SchemaName {
    /// The JSON request of `planner plan --request` ([`crate::Request::from_json`]).
    Request,
    /// The plan JSON (`planner plan --format json`).
    Plan,
    /// The error document of a refusal (`{"schema_version": 1, "error": {...}}`).
    Refusal,
    /// The catalog file (`schema_version` 1).
    Catalog,
    /// The cluster inventory file.
    Inventory,
}

impl SchemaName {
    /// Every schema, in the order above.
    pub const ALL: [SchemaName; 5] = [
        SchemaName::Request,
        SchemaName::Plan,
        SchemaName::Refusal,
        SchemaName::Catalog,
        SchemaName::Inventory,
    ];

    /// The name on the command line and of the file under `schema/` (`plan`).
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaName::Request => "request",
            SchemaName::Plan => "plan",
            SchemaName::Refusal => "refusal",
            SchemaName::Catalog => "catalog",
            SchemaName::Inventory => "inventory",
        }
    }

    /// The schema of that name (`plan`), if there is one.
    pub fn from_name(name: &str) -> Option<SchemaName> {
        SchemaName::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl std::str::FromStr for SchemaName {
    type Err = crate::version::UnknownWord;

    /// Parses a schema's name, as [`SchemaName::as_str`] writes it.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        crate::version::UnknownWord::find("name", text, &SchemaName::ALL, SchemaName::as_str)
    }
}

/// The JSON Schema of a format, as pretty-printed JSON with a final newline (the content of
/// `schema/<name>.json`).
pub fn json_schema(name: SchemaName) -> String {
    // What the library reads is described as it reads it; the refusal, which it only
    // writes, as it writes it (optional fields are those it may leave out).
    let reading = SchemaSettings::draft2020_12().into_generator();
    let writing = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let schema = match name {
        SchemaName::Request => reading.into_root_schema_for::<RequestDocument>(),
        SchemaName::Plan => reading.into_root_schema_for::<Plan>(),
        SchemaName::Refusal => writing.into_root_schema_for::<RefusalDocument>(),
        SchemaName::Catalog => reading.into_root_schema_for::<CatalogDocument>(),
        SchemaName::Inventory => reading.into_root_schema_for::<crate::inventory::Inventory>(),
    };
    crate::render::json(&schema)
}

/// A string that matches `pattern`, described for people.
fn text_schema(description: &str, pattern: &str) -> Schema {
    json_schema!({"type": "string", "pattern": pattern, "description": description})
}

const VERSION_PATTERN: &str = r"^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$";

impl JsonSchema for Version {
    fn schema_name() -> Cow<'static, str> {
        "Version".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        text_schema(
            "major.minor.patch, zero-padding kept (19.03.14), with an optional packaging revision (23.0.9-1) or pre-release (3.3.0-rc1)",
            VERSION_PATTERN,
        )
    }
}

impl JsonSchema for Line {
    fn schema_name() -> Cow<'static, str> {
        "Line".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        text_schema("a major.minor release line (2.9)", r"^[0-9]+\.[0-9]+$")
    }
}

impl JsonSchema for Target {
    fn schema_name() -> Cow<'static, str> {
        "Target".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        text_schema(
            "latest, a major version (3: its newest eligible release), a line (2.9: its newest eligible release) or an exact version (2.9.30)",
            r"^(latest|[0-9]+|[0-9]+\.[0-9]+|[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?)$",
        )
    }
}

impl JsonSchema for Requirement {
    fn schema_name() -> Cow<'static, str> {
        "Requirement".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        text_schema(
            "<product> <comparators>, as in the semver crate (mke >=3.6.0, <3.10.0; msr 2.9.*)",
            r"^(mcr|mke|msr) \S.*$",
        )
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
    }
}

/// The error document of a refusal or of malformed input.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "Refusal")]
#[allow(dead_code)]
struct RefusalDocument {
    /// 1.
    schema_version: u32,
    /// The error.
    error: ErrorBody,
}

#[derive(Serialize, JsonSchema)]
#[allow(dead_code)]
struct ErrorBody {
    /// The stable code (`no-path`, `unanswered-fact`, `unknown-fact`, `bad-version`, ...).
    code: String,
    /// One sentence naming the values.
    message: String,
    /// For `no-path`: the furthest states, what blocks each way forward, and hints.
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<ExplanationJson<'static>>,
    /// For `unanswered-fact`: each fact with its question and the gates that ask it.
    #[serde(skip_serializing_if = "Option::is_none")]
    facts: Option<Vec<UnansweredFact>>,
    /// For `unknown-fact`: the name, the nearest known fact and every known fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    unknown_fact: Option<UnknownFact>,
    /// For `search-limit`: how much the search explored and the furthest state.
    #[serde(skip_serializing_if = "Option::is_none")]
    search: Option<SearchReport>,
    /// For `needs-person`: the steps that need a person (id, title, note).
    #[serde(skip_serializing_if = "Option::is_none")]
    steps: Option<Vec<PersonStep>>,
}

#[derive(Serialize, JsonSchema)]
#[allow(dead_code)]
struct SearchReport {
    /// How many joint states the search generated.
    explored: usize,
    /// The planner's budget of states.
    limit: usize,
    /// The expanded state closest to the targets.
    furthest: BTreeMap<Product, Version>,
}
