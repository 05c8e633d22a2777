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
