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

/// The `planner` example that `cargo test` builds next to the test binaries.
fn planner_path() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples")
        .join(format!("planner{}", std::env::consts::EXE_SUFFIX))
}

fn run(output: &std::process::Output) -> Run {
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the `planner` example.
pub fn planner(args: &[&str]) -> Run {
    let path = planner_path();
    let output = Command::new(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()));
    run(&output)
}

/// Runs the `planner` example with `input` on its standard input.
pub fn planner_with_stdin(args: &[&str], input: &str) -> Run {
    use std::io::Write as _;
    let path = planner_path();
    let mut child = Command::new(&path)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    run(&child.wait_with_output().unwrap())
}
