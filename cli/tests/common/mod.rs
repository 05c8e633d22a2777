//! Helpers for the command-line tests: run the `planner` binary that this `cargo test` built.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `planner` binary of this crate, built by the same `cargo test` as these tests.
const PLANNER: &str = env!("CARGO_BIN_EXE_planner");

/// The workspace root: the library crate, whose fixtures and committed schemas the
/// command-line tests read.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ sits in the workspace")
        .to_path_buf()
}

/// The path of a file in the library's `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    workspace().join("tests/fixtures").join(name)
}

/// The output of one run of `planner`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn run(output: &Output) -> Run {
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `planner`.
pub fn planner(args: &[&str]) -> Run {
    let output = Command::new(PLANNER)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {PLANNER}: {e}"));
    run(&output)
}

/// Runs `planner` with these environment variables set.
pub fn planner_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(PLANNER)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {PLANNER}: {e}"));
    run(&output)
}

/// Runs `planner` with these environment variables removed, whatever the test's own
/// environment holds.
pub fn planner_without_env(args: &[&str], names: &[&str]) -> Run {
    let mut command = Command::new(PLANNER);
    command.args(args);
    for name in names {
        command.env_remove(name);
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {PLANNER}: {e}"));
    run(&output)
}

/// Runs `planner` with `input` on its standard input.
pub fn planner_with_stdin(args: &[&str], input: &str) -> Run {
    let mut child = Command::new(PLANNER)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {PLANNER}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    run(&child.wait_with_output().unwrap())
}
