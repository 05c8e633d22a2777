//! What every JSON loader shares: the size and depth limits, and one error shape for the
//! ways a document fails before its own format is checked (too large, too deep, not JSON,
//! an unsupported `schema_version`, the wrong shape). The catalog, plan, inventory and
//! request loaders wrap [`JsonError`] in their own error types.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

/// The deepest JSON nesting the loaders accept (`serde_json`'s recursion limit).
pub const MAX_JSON_DEPTH: usize = 128;

/// The kind of document a loader reads, named in its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Document {
    /// A catalog.
    Catalog,
    /// A plan file.
    Plan,
    /// A cluster inventory.
    Inventory,
    /// A JSON request.
    Request,
}

impl Document {
    /// The document's name as errors write it (`plan`).
    pub fn as_str(self) -> &'static str {
        match self {
            Document::Catalog => "catalog",
            Document::Plan => "plan",
            Document::Inventory => "inventory",
            Document::Request => "request",
        }
    }

    /// How a shape error starts: a plan file that does not fit is "not a plan".
    fn shape_prefix(self) -> &'static str {
        match self {
            Document::Plan => "not a plan",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document that cannot be read at all, before its own format is checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JsonError {
    /// The input is larger than its loader reads.
    #[error("{document} is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// The document.
        document: Document,
        /// The size given.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The JSON nests deeper than [`MAX_JSON_DEPTH`].
    #[error("{document} nests deeper than the limit of {limit} levels")]
    TooDeep {
        /// The document.
        document: Document,
        /// The limit.
        limit: usize,
    },
    /// The text is not JSON (or the bytes are not UTF-8).
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// The document.
        document: Document,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// `schema_version` is missing or not one this library reads.
    #[error("{}", unsupported_schema(*.document, .found))]
    UnsupportedSchema {
        /// The document.
        document: Document,
        /// The value found, as JSON text (`missing` when absent).
        found: String,
    },
    /// The JSON does not have the document's shape (a missing or unknown field, a wrong
    /// type, a bad version), where the typed reader found it.
    #[error("{}: {message} at line {line}, column {column}", .document.shape_prefix())]
    Shape {
        /// The document.
        document: Document,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What does not fit.
        message: String,
    },
}

fn unsupported_schema(document: Document, found: &str) -> String {
    match document {
        // The catalog loader names JSON paths first, and quotes values.
        Document::Catalog => format!(
            "schema_version: unsupported schema version {}; this library reads 1",
            crate::version::quoted(found)
        ),
        Document::Plan => {
            format!("schema_version: unsupported plan schema version {found}; this library reads 1")
        }
        other => format!("{other}: unsupported schema version {found}; this library reads 1"),
    }
}

/// Refuses text over `limit` bytes.
pub(crate) fn check_size(document: Document, size: usize, limit: usize) -> Result<(), JsonError> {
    if size > limit {
        return Err(JsonError::TooLarge {
            document,
            size,
            limit,
        });
    }
    Ok(())
}

/// Parses text into an untyped value: syntax and depth errors only.
pub(crate) fn parse_value(document: Document, text: &str) -> Result<Value, JsonError> {
    serde_json::from_str(text).map_err(|error| {
        if is_too_deep(&error) {
            JsonError::TooDeep {
                document,
                limit: MAX_JSON_DEPTH,
            }
        } else {
            JsonError::Syntax {
                document,
                line: error.line(),
                column: error.column(),
                message: strip_position(&error),
            }
        }
    })
}

/// Reads text into a typed document; every failure is a shape error with its position.
pub(crate) fn parse_typed<T: DeserializeOwned>(
    document: Document,
    text: &str,
) -> Result<T, JsonError> {
    serde_json::from_str(text).map_err(|error| JsonError::Shape {
        document,
        line: error.line(),
        column: error.column(),
        message: strip_position(&error),
    })
}

/// Checks that `schema_version` is `expected`.
pub(crate) fn check_schema_version(
    document: Document,
    value: &Value,
    expected: u64,
) -> Result<(), JsonError> {
    match value.get("schema_version") {
        Some(Value::Number(n)) if n.as_u64() == Some(expected) => Ok(()),
        Some(other) => Err(JsonError::UnsupportedSchema {
            document,
            found: other.to_string(),
        }),
        None => Err(JsonError::UnsupportedSchema {
            document,
            found: "missing".to_owned(),
        }),
    }
}

/// The text of UTF-8 bytes, or a syntax error at the first invalid byte.
pub(crate) fn utf8(document: Document, bytes: &[u8]) -> Result<&str, JsonError> {
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = bytes.get(..error.valid_up_to()).unwrap_or(bytes);
        let (line, column) = position_of(valid);
        JsonError::Syntax {
            document,
            line,
            column,
            message: "invalid UTF-8".to_owned(),
        }
    })
}

/// The 1-based line and column just after `bytes`.
pub(crate) fn position_of(bytes: &[u8]) -> (usize, usize) {
    let line = bytes.split(|&b| b == b'\n').count();
    let line_start = bytes
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i.saturating_add(1));
    let column = bytes.len().saturating_sub(line_start).saturating_add(1);
    (line, column)
}

/// Splits `serde_json`'s " at line L column C" suffix off a message.
fn strip_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message,
    }
}

/// Whether a `serde_json` error is its nesting limit.
fn is_too_deep(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("recursion limit exceeded")
}

/// A value as `serde_json`'s pretty JSON (what `serde_json::to_string_pretty` gives). The
/// alternate `Display` of a `Value` is `serde_json::to_writer_pretty`, which cannot fail on
/// a `Value`: its keys are strings, its numbers finite, and a `String` takes every write.
pub(crate) fn pretty(value: &Value) -> String {
    format!("{value:#}")
}
