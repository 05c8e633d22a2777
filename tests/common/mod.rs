//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use mirantis_upgrade_planner::{Catalog, Version};

pub mod scenarios;
pub mod strategies;

/// Parses a version that the test knows is valid.
#[track_caller]
pub fn v(text: &str) -> Version {
    Version::parse(text).unwrap_or_else(|e| panic!("test version {text:?}: {e}"))
}

/// The hand-written catalog in `tests/fixtures/hand.json`.
pub fn hand_catalog() -> Catalog {
    Catalog::from_json(&std::fs::read_to_string(fixture("hand.json")).unwrap()).unwrap()
}

/// The path of a file in `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Loads a catalog and returns its error message, failing if it loads.
#[track_caller]
pub fn load_error(json: &str) -> String {
    match Catalog::from_json(json) {
        Ok(_) => panic!("catalog loaded but should not have:\n{json}"),
        Err(error) => error.to_string(),
    }
}

/// A check that cannot run on this machine (a tool is missing): it says so on the test's
/// output, written past libtest's capture so that a passing run shows it too, once per test
/// process and tool; under `CI=true`, where `.ci/run` installs every tool, it fails instead.
#[track_caller]
pub fn cannot_run(what: &str) {
    use std::io::Write as _;
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "CI=true, but {what}"
    );
    let mut said = SAID
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !said.iter().any(|s| s == what) {
        said.push(what.to_owned());
        let _ = writeln!(std::io::stderr().lock(), "NOT RUN: {what}");
    }
}
