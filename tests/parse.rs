//! The word lists the command line reads: every accepted word round-trips through `as_str`,
//! `Display` and `FromStr`, and an unknown word gives [`UnknownWord`], naming the word and
//! listing the accepted ones.

use std::fmt::Display;
use std::str::FromStr;

use mirantis_upgrade_planner::{
    Format, Policy,
    inventory::{OsFamily, StorageBackend},
    schema::SchemaName,
    version::UnknownWord,
};

/// Every value of `all` parses back from its name and displays as it; `unknown` is refused
/// with an error that names it and lists `expected`.
#[track_caller]
fn assert_words<T>(
    all: &[T],
    name: fn(T) -> &'static str,
    what: &str,
    expected: &[&str],
    unknown: &str,
) where
    T: Copy + PartialEq + std::fmt::Debug + FromStr<Err = UnknownWord>,
{
    let names: Vec<&str> = all.iter().map(|value| name(*value)).collect();
    assert_eq!(names, expected);
    for value in all {
        assert_eq!(name(*value).parse::<T>(), Ok(*value));
    }
    let error = unknown.parse::<T>().unwrap_err();
    assert_eq!(error.what, what);
    assert_eq!(error.value, unknown);
    assert_eq!(error.expected, expected);
    assert_eq!(
        error.to_string(),
        format!(
            "unknown {what} '{unknown}'; expected {}",
            expected.join(", ")
        )
    );
}

#[track_caller]
fn assert_displays_as_str<T: Copy + Display>(all: &[T], name: fn(T) -> &'static str) {
    for value in all {
        assert_eq!(value.to_string(), name(*value));
    }
}

#[test]
fn formats_parse_from_their_names() {
    assert_words(
        &Format::ALL,
        Format::as_str,
        "format",
        &["text", "markdown", "json", "dot", "mermaid", "svg"],
        "xml",
    );
    assert_displays_as_str(&Format::ALL, Format::as_str);
    // The names are exact: no other case, no spaces.
    for word in ["JSON", " json", "Text", ""] {
        assert_eq!(word.parse::<Format>().unwrap_err().value, word);
    }
}

#[test]
fn graph_formats_are_formats_in_the_command_line_order() {
    let names: Vec<&str> = Format::GRAPH.iter().map(|f| f.as_str()).collect();
    assert_eq!(names, ["dot", "mermaid", "svg", "text", "json"]);
    assert!(Format::GRAPH.iter().all(|f| Format::ALL.contains(f)));
}

#[test]
fn policies_parse_from_their_names() {
    assert_words(
        &Policy::ALL,
        Policy::as_str,
        "policy",
        &["recommended", "minimal"],
        "fastest",
    );
    assert_displays_as_str(&Policy::ALL, Policy::as_str);
    assert_eq!(Policy::ALL[0], Policy::default());
}

#[test]
fn operating_systems_parse_from_their_names() {
    assert_words(
        &OsFamily::ALL,
        OsFamily::as_str,
        "operating system",
        &[
            "ubuntu", "rhel", "centos", "rocky", "oracle", "sles", "windows",
        ],
        "debian",
    );
    assert_displays_as_str(&OsFamily::ALL, OsFamily::as_str);
    // The names are the JSON names too.
    for os in OsFamily::ALL {
        assert_eq!(
            serde_json::to_value(os).unwrap(),
            serde_json::Value::from(os.as_str())
        );
    }
}

#[test]
fn storage_backends_parse_from_their_names() {
    assert_words(
        &StorageBackend::ALL,
        StorageBackend::as_str,
        "storage backend",
        &["local", "nfs", "object"],
        "s3",
    );
    assert_displays_as_str(&StorageBackend::ALL, StorageBackend::as_str);
    // The names are the JSON names too.
    for backend in StorageBackend::ALL {
        assert_eq!(
            serde_json::to_value(backend).unwrap(),
            serde_json::Value::from(backend.as_str())
        );
    }
}

#[test]
fn schema_names_parse_from_their_names() {
    assert_words(
        &SchemaName::ALL,
        SchemaName::as_str,
        "name",
        &["request", "plan", "refusal", "catalog", "inventory"],
        "nope",
    );
}

#[test]
fn an_unknown_word_is_cut_in_the_message() {
    let long = "x".repeat(500);
    let error = long.parse::<Format>().unwrap_err();
    assert_eq!(error.value, long);
    let message = error.to_string();
    assert!(message.len() < 200, "{message}");
    assert!(message.ends_with("...'; expected text, markdown, json, dot, mermaid, svg"));
}
