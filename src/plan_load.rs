//! Reading a plan back from JSON, with bounded work: a plan may come from anywhere.

use serde_json::Value;

use crate::plan::{PLAN_SCHEMA_VERSION, Plan};

/// The largest plan file the loader reads.
pub const MAX_PLAN_BYTES: usize = 16 * 1024 * 1024;
/// The most hops a plan may have.
pub const MAX_PLAN_HOPS: usize = 10_000;
/// The most steps a plan may have.
pub const MAX_PLAN_STEPS: usize = 1_000_000;
/// The deepest JSON nesting the loaders accept (`serde_json`'s recursion limit).
pub const MAX_JSON_DEPTH: usize = 128;

/// An error from reading a plan: the input is not a plan this library can judge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The text is not JSON.
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The input is larger than [`MAX_PLAN_BYTES`].
    #[error("plan is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// The size given.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The JSON nests deeper than [`MAX_JSON_DEPTH`].
    #[error("plan nests deeper than the limit of {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// `schema_version` is missing or not 1.
    #[error("schema_version: unsupported plan schema version {found}; this library reads 1")]
    UnsupportedSchema {
        /// The value found, as JSON text (`missing` when absent).
        found: String,
    },
    /// The JSON does not have the shape of a plan (a missing field, a wrong type, a bad
    /// version).
    #[error("not a plan: {message} at line {line}, column {column}")]
    Shape {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What does not fit.
        message: String,
    },
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

/// Splits `serde_json`'s " at line L column C" suffix off a message.
pub(crate) fn strip_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message,
    }
}

/// Whether a `serde_json` error is its nesting limit.
pub(crate) fn is_too_deep(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("recursion limit exceeded")
}

impl Plan {
    /// Reads a plan from JSON, as `render_plan(.., Format::Json)` writes it. Unknown fields
    /// are ignored (newer writers may add some); everything the validator needs must be there.
    ///
    /// # Errors
    ///
    /// - [`PlanError::Syntax`] for text that is not JSON (`{`);
    /// - [`PlanError::TooLarge`], [`PlanError::TooDeep`] and [`PlanError::TooMany`] when a
    ///   limit is hit;
    /// - [`PlanError::UnsupportedSchema`] for `{"schema_version": 2}` or no `schema_version`;
    /// - [`PlanError::Shape`] for a plan without `hops`, with `"hops": 3`, or with a version
    ///   such as `"2.x.0"`.
    pub fn from_json(text: &str) -> Result<Plan, PlanError> {
        if text.len() > MAX_PLAN_BYTES {
            return Err(PlanError::TooLarge {
                size: text.len(),
                limit: MAX_PLAN_BYTES,
            });
        }
        let value: Value = serde_json::from_str(text).map_err(|error| {
            if is_too_deep(&error) {
                PlanError::TooDeep {
                    limit: MAX_JSON_DEPTH,
                }
            } else {
                PlanError::Syntax {
                    line: error.line(),
                    column: error.column(),
                    message: strip_position(&error),
                }
            }
        })?;
        match value.get("schema_version") {
            Some(Value::Number(n)) if n.as_u64() == Some(u64::from(PLAN_SCHEMA_VERSION)) => {}
            Some(other) => {
                return Err(PlanError::UnsupportedSchema {
                    found: other.to_string(),
                });
            }
            None => {
                return Err(PlanError::UnsupportedSchema {
                    found: "missing".to_owned(),
                });
            }
        }
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
        serde_json::from_str(text).map_err(|error| PlanError::Shape {
            line: error.line(),
            column: error.column(),
            message: strip_position(&error),
        })
    }

    /// Reads a plan from JSON bytes (which must be UTF-8).
    ///
    /// # Errors
    ///
    /// As [`Plan::from_json`]; bytes that are not UTF-8 give [`PlanError::Syntax`].
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Plan, PlanError> {
        if bytes.len() > MAX_PLAN_BYTES {
            return Err(PlanError::TooLarge {
                size: bytes.len(),
                limit: MAX_PLAN_BYTES,
            });
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Plan::from_json(text),
            Err(error) => {
                let (line, column) = crate::catalog::position_of(&bytes[..error.valid_up_to()]);
                Err(PlanError::Syntax {
                    line,
                    column,
                    message: "invalid UTF-8".to_owned(),
                })
            }
        }
    }
}
