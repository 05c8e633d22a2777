//! `planner`: the command-line front end of the `mirantis-upgrade-planner` library.
//!
//! Exit status: 0 success, 1 a well-formed request that is refused, 2 malformed input.
//! A refusal or an error prints once: to stderr, or with `--format json` as a JSON object on
//! stdout. Every answer is parsed and printed by the library; this crate reads the command
//! line (`args`) and files (`input`), runs the command (`commands`), and picks the stream and
//! the exit status (here). No input makes it panic.

mod args;
mod commands;
mod input;

use std::process::ExitCode;

use clap::Parser as _;
use mirantis_upgrade_planner::{Format, Refusal, render::error_json};

use crate::args::Cli;
use crate::commands::run;

/// Why a command did not succeed: exit 1 (refused) or 2 (malformed input).
pub(crate) struct Failure {
    pub(crate) exit: u8,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn malformed(code: &'static str, message: impl std::fmt::Display) -> Failure {
        let message = message.to_string();
        Failure {
            exit: 2,
            code,
            message,
        }
    }

    /// A refusal: exit 2 for an input error (an unknown version), 1 otherwise.
    pub(crate) fn from_refusal(refusal: &Refusal) -> Failure {
        Failure {
            exit: if refusal.is_input_error() { 2 } else { 1 },
            code: refusal.code(),
            message: refusal.to_string(),
        }
    }
}

/// What a command prints: `stdout`, already in the chosen format, and `stderr`, why it
/// refused, printed only when the format is not JSON (the JSON answer says it already).
pub(crate) struct Output {
    pub(crate) exit: u8,
    pub(crate) stdout: String,
    pub(crate) stderr: Option<String>,
}

impl Output {
    pub(crate) fn success(stdout: String) -> Output {
        Output {
            exit: 0,
            stdout,
            stderr: None,
        }
    }

    /// Exit 1 with `summary` on stderr when there is one.
    pub(crate) fn refused_if(stdout: String, summary: Option<String>) -> Output {
        Output {
            exit: u8::from(summary.is_some()),
            stdout,
            stderr: summary.map(|line| format!("error: {line}\n")),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let json_wanted = wants_json(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error, json_wanted),
    };
    let json = cli.command.format() == Format::Json;
    match run(cli.command) {
        Ok(output) => {
            print!("{}", output.stdout);
            if let Some(error) = output.stderr.filter(|_| !json) {
                eprint!("{error}");
            }
            ExitCode::from(output.exit)
        }
        Err(failure) => report(&failure, json),
    }
}

/// Finds `--format json` before clap has parsed anything, so that usage errors can be JSON too.
fn wants_json(args: &[String]) -> bool {
    args.windows(2)
        .any(|pair| pair[0] == "--format" && pair[1] == "json")
        || args.iter().any(|arg| arg == "--format=json")
}

fn usage_error(error: &clap::Error, json_wanted: bool) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        print!("{error}");
        return ExitCode::SUCCESS;
    }
    if !json_wanted || error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // clap's own text, intact: the error, its tips and the usage.
        eprint!("{error}");
        return ExitCode::from(2);
    }
    let message = usage_message(&error.to_string());
    report(&Failure::malformed("usage", message), json_wanted)
}

/// clap's error as one line for the JSON error object: the error and its tips, without the
/// usage (`the following required arguments were not provided: --to <PRODUCT=TARGET,...>`).
fn usage_message(rendered: &str) -> String {
    let before_usage = rendered.split("\nUsage:").next().unwrap_or(rendered);
    let mut lines = before_usage
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let mut message = first.strip_prefix("error: ").unwrap_or(first).to_owned();
    for line in lines {
        message.push_str(if message.ends_with(':') { " " } else { "; " });
        message.push_str(line);
    }
    message
}

/// Prints a failure once: the library's JSON error object on stdout, or one line on stderr.
fn report(failure: &Failure, json: bool) -> ExitCode {
    if json {
        println!("{:#}", error_json(failure.code, &failure.message));
    } else {
        eprintln!("error: {}", failure.message);
    }
    ExitCode::from(failure.exit)
}
