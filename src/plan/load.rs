//! Reading a plan back from JSON, with bounded work: a plan may come from anywhere.

use serde_json::Value;

use super::{PLAN_SCHEMA_VERSION, Plan};
use crate::json::{self, Document, JsonError};

/// The largest plan file the loader reads.
pub const MAX_PLAN_BYTES: usize = 16 * 1024 * 1024;
/// The most hops a plan may have.
pub const MAX_PLAN_HOPS: usize = 10_000;
/// The most steps a plan may have.
pub const MAX_PLAN_STEPS: usize = 1_000_000;
/// An error from reading a plan: the input is not a plan this library can judge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The text cannot be read as a plan: too large ([`MAX_PLAN_BYTES`]), too deep, not
    /// JSON, an unsupported `schema_version`, or not the shape of a plan (a missing field, a
    /// wrong type, a bad version).
    #[error(transparent)]
    Json(#[from] JsonError),
    /// The plan has more hops or steps than the limits allow.
    #[error("plan has {count} {what}; the limit is {limit}")]
    TooMany {
        /// `hops` or `steps`.
        what: &'static str,
        /// How many it has.
        count: usize,
        /// The limit.
        limit: usize,
    },
}

impl Plan {
    /// Reads a plan from JSON, as `render_plan(.., Format::Json)` writes it. Unknown fields
    /// are ignored (newer writers may add some); everything the validator needs must be there.
    ///
    /// # Errors
    ///
    /// - [`PlanError::Json`] for text that is not JSON (`{`), too large or too deep, for
    ///   `{"schema_version": 2}` or no `schema_version`, and for a plan without `hops`, with
    ///   `"hops": 3`, or with a version such as `"2.x.0"`;
    /// - [`PlanError::TooMany`] over [`MAX_PLAN_HOPS`] or [`MAX_PLAN_STEPS`].
    pub fn from_json(text: &str) -> Result<Plan, PlanError> {
        json::check_size(Document::Plan, text.len(), MAX_PLAN_BYTES)?;
        let value = json::parse_value(Document::Plan, text)?;
        json::check_schema_version(Document::Plan, &value, u64::from(PLAN_SCHEMA_VERSION))?;
        for (what, limit) in [("hops", MAX_PLAN_HOPS), ("steps", MAX_PLAN_STEPS)] {
            if let Some(Value::Array(items)) = value.get(what) {
                if items.len() > limit {
                    return Err(PlanError::TooMany {
                        what,
                        count: items.len(),
                        limit,
                    });
                }
            }
        }
        Ok(json::parse_typed(Document::Plan, text)?)
    }

    /// Reads a plan from JSON bytes (which must be UTF-8).
    ///
    /// # Errors
    ///
    /// As [`Plan::from_json`]; bytes that are not UTF-8 give a [`JsonError::Syntax`].
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Plan, PlanError> {
        json::check_size(Document::Plan, bytes.len(), MAX_PLAN_BYTES)?;
        Plan::from_json(json::utf8(Document::Plan, bytes)?)
    }
}
