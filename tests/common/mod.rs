//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

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

/// The output of one run of the `planner` example.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the `planner` example that `cargo test` builds next to the test binaries.
pub fn planner(args: &[&str]) -> Run {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let path = dir
        .join("examples")
        .join(format!("planner{}", std::env::consts::EXE_SUFFIX));
    let output = Command::new(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()));
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
