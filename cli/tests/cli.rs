//! The `planner` binary's command-line contract.

mod common;

use common::{fixture, planner, planner_with_stdin, workspace};
use serde_json::Value;

/// `check` answers each seed row: (product, from, to, rule, supported), on the embedded
/// catalog and on the hand-written one.
const EMBEDDED_ROWS: [(&str, &str, &str, &str, bool); 10] = [
    ("msr", "2.9.0", "2.9.1", "patch-upgrade", true),
    ("msr", "2.9.0", "2.9.30", "skip-patch-version", true),
    ("msr", "2.9.30", "2.9.1", "patch-downgrade", false),
    ("msr", "2.8.5", "2.9.0", "minor-upgrade", true),
    ("msr", "2.7.3", "2.9.0", "skip-minor-version", false),
    ("mke", "3.9.0", "3.8.12", "minor-downgrade", false),
    ("mcr", "19.03.14", "23.0.1", "skip-major-version", false),
    ("msr", "3.1.0", "2.9.30", "major-downgrade", false),
    ("mcr", "20.10.13", "23.0.1", "major-upgrade", true),
    ("mke", "3.9.7", "4.1.0", "migration", false),
];

const HAND_ROWS: [(&str, &str, &str, &str, bool); 10] = [
    ("msr", "2.7.0", "2.7.1", "patch-upgrade", true),
    ("msr", "2.7.0", "2.7.2", "skip-patch-version", true),
    ("msr", "2.7.2", "2.7.1", "patch-downgrade", false),
    ("msr", "2.7.1", "2.8.0", "minor-upgrade", true),
    ("msr", "2.7.1", "2.9.0", "skip-minor-version", false),
    ("msr", "2.9.0", "2.8.5", "minor-downgrade", false),
    ("mcr", "19.03.14", "23.0.9", "skip-major-version", false),
    ("mcr", "23.0.9", "20.10.13", "major-downgrade", false),
    ("mcr", "20.10.13", "23.0.9", "major-upgrade", true),
    (
        "mcr",
        "23.0.9-1",
        "25.1.0",
        "major-upgrade-skipping-minor-version",
        false,
    ),
];

#[track_caller]
fn assert_rows(rows: &[(&str, &str, &str, &str, bool)], catalog: &[&str]) {
    for (product, from, to, rule, supported) in rows {
        let mut args = vec!["check", product, from, to, "--format", "json"];
        args.extend_from_slice(catalog);
        let run = planner(&args);
        let json: Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
        assert_eq!(json["rule"], *rule, "{args:?}");
        assert_eq!(json["supported"], *supported, "{args:?}");
        assert_eq!(json["product"], *product);
        assert_eq!(json["from"], *from);
        assert_eq!(json["to"], *to);
        assert!(
            json["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{product} {from} -> {to}: "))
        );
        assert_eq!(run.code, i32::from(!*supported), "{args:?}");
        assert_eq!(run.stderr, "", "with --format json, only stdout: {args:?}");
    }
}

#[test]
fn check_answers_every_seed_row_on_the_embedded_catalog() {
    assert_rows(&EMBEDDED_ROWS, &[]);
}

#[test]
fn check_answers_every_seed_row_on_a_hand_written_catalog() {
    let path = fixture("hand.json");
    assert_rows(&HAND_ROWS, &["--catalog", path.to_str().unwrap()]);
}

#[test]
fn check_text_output_is_one_sentence() {
    let run = planner(&["check", "msr", "2.7.3", "2.9.0"]);
    assert_eq!(run.code, 1);
    let message = "msr 2.7.3 -> 2.9.0: not supported (skip-minor-version: skip minor version, x.y.* -> x.y+2.*): upgrade to 2.8 first";
    assert_eq!(run.stdout, "", "a refusal is printed once, on stderr");
    assert_eq!(run.stderr, format!("error: {message}\n"));
    let supported = planner(&["check", "msr", "2.8.5", "2.9.0"]);
    assert_eq!(supported.code, 0);
    assert!(
        supported
            .stdout
            .starts_with("msr 2.8.5 -> 2.9.0: supported"),
        "{}",
        supported.stdout
    );
    assert_eq!(supported.stderr, "");
}

#[test]
fn malformed_input_exits_2_with_one_clear_error() {
    let cases: [(&[&str], &str, &str); 7] = [
        (
            &["check", "msr", "2.x.0", "2.9.0"],
            "bad-version",
            "error: version '2.x.0': minor component 'x' is not a number",
        ),
        (
            &["check", "dtx", "2.8.0", "2.9.0"],
            "unknown-product",
            "error: unknown product 'dtx'; expected mcr, mke or msr",
        ),
        (
            &["check", "msr", "2.8.0", "2.9.99"],
            "unknown-version",
            "error: msr '2.9.99' is not in the catalog; nearest listed: 2.9.29, 2.9.30, 2.10.0, 2.10.3",
        ),
        (
            &["check", "msr", "2.8.0"],
            "usage",
            "error: the following required arguments were not provided:",
        ),
        (
            &["check", "msr", "2.8.0", "2.9.0", "--bogus"],
            "usage",
            "error: unexpected argument '--bogus' found",
        ),
        (
            &[
                "check",
                "msr",
                "2.8.0",
                "2.9.0",
                "--catalog",
                "/nonexistent/catalog.json",
            ],
            "bad-catalog",
            "error: cannot read catalog '/nonexistent/catalog.json': No such file or directory (os error 2)",
        ),
        (
            &["frobnicate"],
            "usage",
            "error: unrecognized subcommand 'frobnicate'",
        ),
    ];
    for (args, code, line) in cases {
        let run = planner(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        if code == "usage" {
            // clap's error intact: the error first, then its usage.
            assert!(run.stderr.starts_with(line), "{args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains("\nUsage: planner"),
                "{args:?}: {}",
                run.stderr
            );
        } else {
            assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
            assert_eq!(run.stderr.trim_end(), line, "{args:?}");
        }
        let mut json_args = args.to_vec();
        json_args.extend_from_slice(&["--format", "json"]);
        let json_run = planner(&json_args);
        assert_eq!(
            json_run.stderr, "",
            "with --format json, only stdout: {args:?}"
        );
        let json: Value = serde_json::from_str(&json_run.stdout).unwrap();
        assert_eq!(json["schema_version"], 1);
        assert_eq!(json["error"]["code"], code, "{args:?}");
        let message = format!("error: {}", json["error"]["message"].as_str().unwrap());
        assert!(message.starts_with(line), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
}

#[test]
fn a_bad_catalog_file_is_named_with_its_json_path() {
    let dir = std::env::temp_dir().join(format!("planner-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(
        &path,
        r#"{"schema_version": 1, "products": {"mke": {"releases": ["3.9.0", "3.9"]}}}"#,
    )
    .unwrap();
    let run = planner(&["catalog", "lint", "--catalog", path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "error: catalog '{}': products.mke.releases[1]: version '3.9' has 2 numeric components; expected major.minor.patch",
            path.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn catalog_lint_reports_warnings_and_exits_0() {
    let run = planner(&["catalog", "lint"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "warning[no-compatibility-data] products.mke: mke 4.0: no compatibility entry mentions 4.0.0\n\
         warning[no-compatibility-data] products.mke: mke 4.1: no compatibility entry mentions 4.1.0, 4.1.1, 4.1.2, 4.1.3-rc.1, 4.1.3, 4.1.5\n\
         warning[no-compatibility-data] products.mke: mke 4.2: no compatibility entry mentions 4.2.0, 4.2.1\n\
         warning[no-compatibility-data] products.msr: msr 3.0: no compatibility entry mentions 3.0.0, 3.0.3, 3.0.4, 3.0.7, 3.0.8, 3.0.9, 3.0.10, 3.0.11, 3.0.12\n\
         warning[no-compatibility-data] products.msr: msr 4.13: no compatibility entry mentions 4.13.0, 4.13.1, 4.13.2\n\
         warning[no-chart-version] products.msr: msr 3.0.0: its Helm chart version is not in the catalog; a hop to it carries <chart-version>\n\
         warning[no-chart-version] products.msr: msr 3.0.3: its Helm chart version is not in the catalog; a hop to it carries <chart-version>\n\
         warning[no-chart-version] products.msr: msr 3.0.4: its Helm chart version is not in the catalog; a hop to it carries <chart-version>\n\
         warning[no-chart-version] products.msr: msr 3.1.18: its Helm chart version is not in the catalog; a hop to it carries <chart-version>\n\
         0 errors, 9 warnings\n"
    );
    let json: Value =
        serde_json::from_str(&planner(&["catalog", "lint", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["warnings"], 9);
    assert_eq!(json["errors"], 0);
    assert_eq!(json["findings"][0]["code"], "no-compatibility-data");
}

#[test]
fn help_exits_0() {
    let run = planner(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("check"));
}

#[test]
fn no_argument_soup_makes_it_panic() {
    let words = [
        "check",
        "catalog",
        "lint",
        "msr",
        "mke",
        "mcr",
        "2.9.0",
        "",
        "-",
        "--format",
        "json",
        "x",
        "--catalog",
        "\u{7f}",
        "99999999999999999999.0.0",
        "١.٢.٣",
        "--allow-migrations",
    ];
    // A deterministic walk over short combinations.
    for a in 0..words.len() {
        for b in 0..words.len() {
            let args = [
                "check",
                words[a],
                words[b],
                "2.9.0",
                words[(a + b) % words.len()],
            ];
            let run = planner(&args);
            assert!(
                [0, 1, 2].contains(&run.code),
                "{args:?} exited {}: {}",
                run.code,
                run.stderr
            );
            assert!(!run.stderr.contains("panicked"), "{args:?}");
        }
    }
}

#[test]
fn plan_prints_the_design_example_as_json() {
    let run = planner(&[
        "plan",
        "--from",
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "--to",
        "msr=latest",
        "--facts",
        "unsupported-storage-driver=false",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["policy"], "recommended");
    assert_eq!(json["from"]["msr"], "2.8.5");
    assert_eq!(json["to"]["msr"], "2.10.4");
    assert_eq!(json["hops"][0]["product"], "mke");
    assert_eq!(json["hops"][0]["rule"], "minor-upgrade");
    assert_eq!(json["steps"][0]["hop"], 0, "plan-wide steps come first");
    assert_eq!(json["steps"][0]["id"], "plan/schedule");
    let first_hop_step = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["hop"] == 1)
        .unwrap();
    assert_eq!(first_hop_step["id"], "hop-1/check-mke-health");
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "policy",
            "from",
            "to",
            "hops",
            "steps",
            "warnings",
            "artifacts",
            "offline",
            "conditions",
            "placeholders"
        ]
    );
    let conditions = &json["conditions"];
    assert_eq!(conditions["policy"], "recommended");
    assert_eq!(conditions["facts"]["unsupported-storage-driver"], false);
    assert_eq!(conditions["allow_migrations"], false);
    assert_eq!(conditions["offline"], false);
    assert!(
        conditions["catalog"]["digest"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert_eq!(conditions["catalog"]["version"], "2026-12-03");
}

#[test]
fn plan_text_lists_the_hops() {
    let run = planner(&[
        "plan",
        "--from",
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "--to",
        "msr=2.9",
        "--policy",
        "minimal",
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("Upgrade plan (policy minimal)\n  from: mcr 20.10.13, mke 3.3.7, msr 2.8.5\n  to:   mcr 20.10.13, mke 3.3.7, msr 2.9.30\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("  1. msr 2.8.5 -> 2.9.30 (minor-upgrade)\n")
    );
}

#[test]
fn plan_refusal_exits_1_with_the_explanation() {
    let args = [
        "plan",
        "--from",
        "mcr=23.0.9,mke=3.3.7,msr=2.8.5",
        "--to",
        "mke=3.9",
    ];
    let run = planner(&args);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let first = run.stderr.lines().next().unwrap();
    assert_eq!(
        first,
        "error: no supported path from mcr 23.0.9, mke 3.3.7, msr 2.8.5 to mke 3.9; the furthest supported state is mcr 23.0.9, mke 3.3.7, msr 2.8.5"
    );
    assert!(run.stderr.contains("What stops each way forward:\n  1. mke 3.3.7 -> 3.4.7: 'mke 3.4.*' requires 'mcr >=19.03.0, <23.0.0', but mcr is 23.0.9\n"));
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let run = planner(&json_args);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["error"]["code"], "no-path");
    assert_eq!(
        json["error"]["explanation"]["blockers"][0]["obstacle"]["kind"],
        "compatibility"
    );
    assert_eq!(json["error"]["explanation"]["furthest"][0]["mcr"], "23.0.9");
}

#[test]
fn plan_refusals_and_input_errors_have_their_codes() {
    let cases: [(&[&str], i32, &str); 7] = [
        (
            &[
                "plan",
                "--from",
                "mke=3.3.7,msr=2.9.30",
                "--to",
                "msr=2.8.5",
            ],
            1,
            "downgrade",
        ),
        (
            &["plan", "--from", "mke=3.9.7,msr=2.9.30", "--to", "msr=3.1"],
            1,
            "migration-required",
        ),
        (
            &["plan", "--from", "mke=3.3.7", "--to", "mcr=20.10"],
            1,
            "not-installed",
        ),
        (
            &[
                "plan",
                "--from",
                "mke=3.3.7,msr=2.9.30",
                "--to",
                "msr=2.9.99",
            ],
            2,
            "unknown-version",
        ),
        (
            &["plan", "--from", "mke=3.3.7,mke=3.4.7", "--to", "mke=3.5"],
            2,
            "usage",
        ),
        (
            &[
                "plan",
                "--from",
                "mke=3.3.7",
                "--to",
                "mke=3.4",
                "--facts",
                "metallb=yes",
            ],
            2,
            "usage",
        ),
        (
            &[
                "plan",
                "--from",
                "mke=3.3.7",
                "--to",
                "mke=3.4",
                "--as-of",
                "2026-13-01",
            ],
            2,
            "usage",
        ),
    ];
    for (args, code, error) in cases {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let run = planner(&args);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(json["error"]["code"], error, "{args:?}");
        assert_eq!(run.stderr, "", "with --format json, only stdout: {args:?}");
    }
}

/// Writes `text` to a fresh temporary file and returns its path.
fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("planner-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan.json");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn facts_are_asked_and_checked_by_name() {
    let base = [
        "plan",
        "--from",
        "mcr=25.0.12,mke=3.8.11,msr=2.10.0",
        "--to",
        "mke=3.9.0",
    ];
    let typo = planner(&[&base[..], &["--facts", "metalb=true"]].concat());
    assert_eq!(typo.code, 2, "an unknown fact is malformed input");
    assert_eq!(
        typo.stderr.trim_end(),
        "error: unknown fact 'metalb' (did you mean 'metallb'?); the catalog's facts are: aws-in-tree-cloud-provider, calico-ebpf, kube-proxy-not-iptables, manifest-lists, mcr-fips, metallb, unsupported-storage-driver"
    );
    let json: Value = serde_json::from_str(
        &planner(&[&base[..], &["--facts", "metalb=true", "--format", "json"]].concat()).stdout,
    )
    .unwrap();
    assert_eq!(json["error"]["code"], "unknown-fact");

    let unanswered = planner(&base);
    assert_eq!(
        unanswered.code, 1,
        "a well-formed request the planner refuses"
    );
    assert_eq!(
        unanswered.stderr.trim_end(),
        "error: the plan depends on facts nobody answered: 'metallb': Does the cluster use MetalLB? (clusters that use MetalLB must be on MKE 3.8.12 or later before upgrading to MKE 3.9); answer with --facts metallb=true or --facts metallb=false (in a JSON request: \"facts\": {\"metallb\": true} or false)"
    );
    assert_eq!(unanswered.stdout, "", "printed once, on stderr");
    let json: Value =
        serde_json::from_str(&planner(&[&base[..], &["--format", "json"]].concat()).stdout)
            .unwrap();
    assert_eq!(json["error"]["code"], "unanswered-fact");
    assert_eq!(json["error"]["facts"][0]["fact"]["name"], "metallb");
    assert_eq!(
        json["error"]["facts"][0]["fact"]["question"],
        "Does the cluster use MetalLB?"
    );
    assert_eq!(
        json["error"]["facts"][0]["gates"][0]["requires"][0],
        "mke >=3.8.12"
    );

    for answer in ["metallb=true", "metallb=false"] {
        let run = planner(&[&base[..], &["--facts", answer, "--format", "json"]].concat());
        assert_eq!(run.code, 0, "{answer}: {}", run.stderr);
    }

    let plan = temp_file(
        "facts",
        &planner(&[&base[..], &["--facts", "metallb=true", "--format", "json"]].concat()).stdout,
    );
    for command in ["validate", "resume"] {
        let mut args = vec![command, plan.to_str().unwrap(), "--facts", "metalb=true"];
        if command == "resume" {
            args.extend(["--from", "mcr=25.0.12,mke=3.8.11,msr=2.10.0"]);
        }
        let run = planner(&args);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("error: unknown fact 'metalb'"),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn old_product_names_are_read_as_the_new_ones() {
    let check = planner(&["check", "dtr", "2.8.0", "2.9.0"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.starts_with("msr 2.8.0 -> 2.9.0: supported"),
        "{}",
        check.stdout
    );
    let old = planner(&[
        "plan",
        "--from",
        "docker=25.0.12,ucp=3.8.12,dtr=2.9.29",
        "--to",
        "dtr=2.9.30",
        "--format",
        "json",
    ]);
    let new = planner(&[
        "plan",
        "--from",
        "mcr=25.0.12,mke=3.8.12,msr=2.9.29",
        "--to",
        "msr=2.9.30",
        "--format",
        "json",
    ]);
    assert_eq!(old.code, 0, "{}", old.stderr);
    assert_eq!(old.stdout, new.stdout);
}

#[test]
fn a_json_request_gives_exactly_the_plan_of_the_flags() {
    let flags = planner(&[
        "plan",
        "--from",
        "mcr=25.0.12,mke=3.8.11,msr=2.10.0",
        "--to",
        "mke=3.9.0",
        "--facts",
        "metallb=true",
        "--policy",
        "minimal",
        "--offline",
        "--as-of",
        "2026-11-30",
        "--mke-url",
        "mke.example.com",
        "--storage",
        "nfs",
        "--format",
        "json",
    ]);
    assert_eq!(flags.code, 0, "{}", flags.stderr);
    let request = r#"{
        "from": {"mcr": "25.0.12", "mke": "3.8.11", "msr": "2.10.0"},
        "to": {"mke": "3.9.0"},
        "policy": "minimal",
        "facts": {"metallb": true},
        "offline": true,
        "as_of": "2026-11-30",
        "site": {"mke_url": "mke.example.com", "storage": "nfs"}
    }"#;
    let path = temp_file("request", request);
    let from_file = planner(&[
        "plan",
        "--request",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(from_file.code, 0, "{}", from_file.stderr);
    assert_eq!(from_file.stdout, flags.stdout);
    let from_stdin = planner_with_stdin(&["plan", "--request", "-", "--format", "json"], request);
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    assert_eq!(from_stdin.stdout, flags.stdout);

    let unknown_field = temp_file("bad-request", r#"{"from": {"mke": "3.8.11"}, "too": {}}"#);
    let run = planner(&["plan", "--request", unknown_field.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown field `too`"), "{}", run.stderr);
    let json: Value = serde_json::from_str(
        &planner(&[
            "plan",
            "--request",
            unknown_field.to_str().unwrap(),
            "--format",
            "json",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(json["error"]["code"], "bad-request");
    let both = planner(&[
        "plan",
        "--request",
        path.to_str().unwrap(),
        "--from",
        "mke=3.8.11",
    ]);
    assert_eq!(both.code, 2, "--request replaces the request flags");
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
}

#[test]
fn validate_overrides_conditions_and_checks_step_content() {
    // Flags override the recorded conditions: a plan made without MetalLB is not valid with it.
    let printed = planner(&[
        "plan",
        "--format",
        "json",
        "--from",
        "mcr=25.0.12,mke=3.8.11,msr=2.10.0",
        "--to",
        "mke=3.9.0",
        "--facts",
        "metallb=false",
    ]);
    let path = temp_file("override", &printed.stdout);
    let run = planner(&[
        "validate",
        path.to_str().unwrap(),
        "--facts",
        "metallb=true",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.starts_with("invalid[gate-not-met] hop 1:"),
        "{}",
        run.stdout
    );
    // An edited command: exit 1 naming the step; accepted by naming it in `edited`: a warning.
    let mut plan: Value = serde_json::from_str(&printed.stdout).unwrap();
    let backup = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["id"] == "hop-1/backup-mke")
        .unwrap();
    plan["steps"][backup]["command"] = Value::from("echo skipped");
    let edited = temp_file("edited", &plan.to_string());
    let run = planner(&["validate", edited.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with("invalid[step-edited] steps["),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("found: echo skipped"), "{}", run.stdout);
    plan["edited"] = serde_json::json!(["hop-1/backup-mke"]);
    let accepted = temp_file("accepted", &plan.to_string());
    let run = planner(&["validate", accepted.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("warning[step-edit-accepted] steps["),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\nvalid: 1 hop, "), "{}", run.stdout);
}

/// `--unattended` means the same for `validate` as for `plan`: a plan with steps that need a
/// person is not one an installer can run (exit 1, each step named), though it is valid.
#[test]
fn validate_unattended_names_each_step_that_needs_a_person() {
    let printed = planner(&[
        "plan",
        "--format",
        "json",
        "--from",
        "mcr=25.0.12,mke=3.8.12,msr=2.9.29",
        "--to",
        "msr=2.9.30",
    ]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let path = temp_file("needs-person", &printed.stdout);
    let attended = planner(&["validate", path.to_str().unwrap()]);
    assert_eq!(attended.code, 0, "{}", attended.stdout);
    let run = planner(&["validate", path.to_str().unwrap(), "--unattended"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let named: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.starts_with("invalid[needs-person] steps["))
        .collect();
    assert_eq!(named.len(), 4, "{}", run.stdout);
    assert!(
        named[1].contains("step 'hop-1/verify-metadata-store'"),
        "{}",
        run.stdout
    );
}

#[test]
fn validate_accepts_what_plan_prints_and_rejects_tampering() {
    let cases: [(&[&str], &[&str]); 3] = [
        (
            &[
                "--from",
                "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
                "--to",
                "msr=latest",
                "--facts",
                "unsupported-storage-driver=false",
            ],
            &[],
        ),
        (
            &[
                "--from",
                "mcr=25.0.12,mke=3.8.11,msr=2.10.0",
                "--to",
                "mke=3.9.0",
                "--facts",
                "metallb=true",
            ],
            &[],
        ),
        (
            &[
                "--from",
                "mcr=23.0.9-1,mke=3.7.25,msr=2.9.30",
                "--to",
                "msr=3.1",
                "--allow-migrations",
            ],
            &[],
        ),
    ];
    for (index, (plan_args, validate_args)) in cases.iter().enumerate() {
        let mut args = vec!["plan", "--format", "json"];
        args.extend_from_slice(plan_args);
        let printed = planner(&args);
        assert_eq!(printed.code, 0, "{}", printed.stderr);
        let path = temp_file(&format!("ok{index}"), &printed.stdout);
        let mut args = vec!["validate", path.to_str().unwrap()];
        args.extend_from_slice(validate_args);
        let run = planner(&args);
        assert_eq!(
            run.code, 0,
            "the plan's own conditions suffice: {args:?}: {}{}",
            run.stdout, run.stderr
        );
        assert!(run.stdout.starts_with("valid: "));
    }

    // A tampered rule id: exit 1, the code and the hop named.
    let printed = planner(&[
        "plan",
        "--format",
        "json",
        "--from",
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "--to",
        "msr=2.9",
    ])
    .stdout;
    let tampered = printed.replacen(
        "\"rule\": \"minor-upgrade\"",
        "\"rule\": \"skip-minor-version\"",
        1,
    );
    let path = temp_file("bad", &tampered);
    let run = planner(&["validate", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["violations"][0]["code"], "rule-mismatch");
    assert_eq!(json["violations"][0]["location"]["hop"], 1);
    assert_eq!(run.stderr, "", "with --format json, only stdout");
    let text = planner(&["validate", path.to_str().unwrap()]);
    assert_eq!(text.code, 1);
    assert!(
        text.stdout.contains("invalid[rule-mismatch]"),
        "{}",
        text.stdout
    );
    assert_eq!(text.stderr, "error: the plan has 1 violation\n");
}

#[test]
fn validate_exits_2_for_what_is_not_a_plan() {
    for (name, text, message) in [
        (
            "json",
            "not json",
            "malformed JSON at line 1, column 2: expected ident",
        ),
        (
            "schema",
            "{\"schema_version\": 7}",
            "schema_version: unsupported plan schema version 7; this library reads 1",
        ),
        (
            "types",
            "{\"schema_version\": 1, \"hops\": 3}",
            "not a plan: invalid type: integer `3`, expected a sequence at line 1, column 31",
        ),
    ] {
        let path = temp_file(name, text);
        let run = planner(&["validate", path.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{name}");
        assert_eq!(
            run.stderr,
            format!("error: plan '{}': {message}\n", path.display()),
            "{name}"
        );
    }
    let run = planner(&["validate", "/nonexistent/plan.json", "--format", "json"]);
    assert_eq!(run.code, 2);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["error"]["code"], "bad-plan");
}

#[test]
fn preflight_and_resume_exit_codes() {
    let inventory = fixture("inventory.json");
    let inventory = inventory.to_str().unwrap();
    let run = planner(&["preflight", "--inventory", inventory]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "0 errors, 0 warnings\n")
    );
    let bad = temp_file(
        "inventory-bad",
        &std::fs::read_to_string(fixture("inventory.json"))
            .unwrap()
            .replace("\"ram_gb\": 32", "\"ram_gb\": 8"),
    );
    let run = planner(&[
        "preflight",
        "--inventory",
        bad.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["errors"], 3);
    assert_eq!(json["findings"][0]["code"], "msr-node-ram");
    let refused = planner(&[
        "plan",
        "--from",
        "mcr=25.0.18,mke=3.8.12,msr=2.9.29",
        "--to",
        "msr=2.9.30",
        "--inventory",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .stderr
            .starts_with("error: preflight: error[msr-node-ram] dtr-1")
    );
    let accepted = planner(&[
        "plan",
        "--from",
        "mcr=25.0.18,mke=3.8.12,msr=2.9.29",
        "--to",
        "msr=2.9.30",
        "--inventory",
        bad.to_str().unwrap(),
        "--accept",
        "msr-node-ram",
        "--format",
        "json",
    ]);
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);
    let json: Value = serde_json::from_str(&accepted.stdout).unwrap();
    assert_eq!(json["accepted"][0], "msr-node-ram");

    let printed = planner(&[
        "plan",
        "--format",
        "json",
        "--from",
        "mcr=23.0.9,mke=3.7.25,msr=2.9.30",
        "--to",
        "mke=3.9",
    ])
    .stdout;
    let plan = temp_file("resume", &printed);
    let on = planner(&[
        "resume",
        plan.to_str().unwrap(),
        "--from",
        "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
    ]);
    assert_eq!(on.code, 0);
    // Past two upgrades with no step marked done: hop 1 is upgraded but not finished.
    assert!(on.stdout.starts_with("the cluster runs mcr 23.0.9-1, mke 3.8.12, msr 2.9.30: 0 of 5 hops are done; hop 1 (mcr 23.0.9 -> 23.0.9-1) is upgraded but not finished, "), "{}", on.stdout);
    let off = planner(&[
        "resume",
        plan.to_str().unwrap(),
        "--from",
        "mcr=25.0.12,mke=3.8.11,msr=2.9.30",
        "--facts",
        "metallb=false",
        "--format",
        "json",
    ]);
    assert_eq!(off.code, 1);

    let json: Value = serde_json::from_str(&off.stdout).unwrap();
    assert_eq!(json["on_plan"], false);
    assert_eq!(json["fresh_plan"]["to"]["mke"], "3.9.7");
}

#[test]
fn resume_refuses_unknown_step_ids_and_prints_commands() {
    let printed = planner(&[
        "plan",
        "--format",
        "json",
        "--from",
        "mcr=23.0.9,mke=3.7.25,msr=2.9.30",
        "--to",
        "mke=3.9",
        "--os",
        "ubuntu",
    ])
    .stdout;
    let plan = temp_file("resume-steps", &printed);
    let unknown = planner(&[
        "resume",
        plan.to_str().unwrap(),
        "--from",
        "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
        "--done",
        "hop-3/upgrad-managers",
    ]);
    assert_eq!(unknown.code, 2, "an unknown step id is malformed input");
    assert!(
        unknown
            .stderr
            .starts_with("error: step 'hop-3/upgrad-managers' is not in the plan; nearest step ids: hop-3/upgrade-managers"),
        "{}",
        unknown.stderr
    );
    let markdown = planner(&[
        "resume",
        plan.to_str().unwrap(),
        "--from",
        "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
        "--format",
        "markdown",
    ]);
    assert_eq!(markdown.code, 0);
    assert!(markdown.stdout.starts_with("# Resuming the plan"));
    assert!(markdown.stdout.contains("```sh"), "commands are printed");
}

#[test]
fn schema_prints_the_committed_schemas() {
    for name in ["request", "plan", "refusal", "catalog", "inventory"] {
        let run = planner(&["schema", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let committed =
            std::fs::read_to_string(workspace().join("schema").join(format!("{name}.json")))
                .unwrap();
        assert_eq!(run.stdout, committed, "{name}");
    }
    let unknown = planner(&["schema", "plans"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(
        unknown.stderr.trim_end(),
        "error: schema: unknown name 'plans'; expected request, plan, refusal, catalog, inventory"
    );
}

#[test]
fn the_target_registry_of_a_migration_comes_from_its_flag() {
    let run = planner(&[
        "plan",
        "--from",
        "mcr=23.0.9-1,mke=3.7.25,msr=2.9.30",
        "--to",
        "msr=3.1",
        "--allow-migrations",
        "--policy",
        "minimal",
        "--target-msr-url",
        "msr3.example.com",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    let push_pull = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|step| step["id"] == "hop-1/verify-push-pull")
        .expect("the migration checks the new registry");
    assert!(
        push_pull["command"]
            .as_str()
            .unwrap()
            .contains("| docker login msr3.example.com --username <mke-admin> --password-stdin"),
        "{push_pull}"
    );
    let placeholders = plan["placeholders"].to_string();
    assert!(!placeholders.contains("<target-msr-url>"), "{placeholders}");

    let both = planner(&[
        "plan",
        "--request",
        "-",
        "--target-msr-url",
        "msr3.example.com",
    ]);
    assert_eq!(both.code, 2, "--request carries the site itself");
}

#[test]
fn usage_errors_keep_clap_tips_and_say_what_is_missing() {
    let typo = planner(&["plna"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr
            .contains("tip: a similar subcommand exists: 'plan'"),
        "{}",
        typo.stderr
    );
    let missing = planner(&["plan", "--from", "mke=3.8.11", "--format", "json"]);
    assert_eq!(missing.code, 2);
    let json: Value = serde_json::from_str(&missing.stdout).unwrap();
    assert_eq!(
        json["error"]["message"],
        "the following required arguments were not provided: --to <PRODUCT=TARGET,...>"
    );
    let text = planner(&["plan", "--from", "mke=3.8.11"]);
    assert!(
        text.stderr.contains("--to <PRODUCT=TARGET,...>"),
        "{}",
        text.stderr
    );
}

#[test]
fn a_major_version_target_and_old_names_on_the_command_line() {
    let run = planner(&[
        "plan",
        "--from",
        "docker=23.0.9-1,ucp=3.7.25,dtr=2.9.30",
        "--to",
        "dtr=3",
        "--allow-migrations",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        plan["to"]["msr"].as_str().unwrap().starts_with("3.1."),
        "{}",
        plan["to"]
    );
    let help = planner(&["plan", "--help"]);
    assert!(
        help.stdout.contains("docker/engine, ucp, dtr"),
        "{}",
        help.stdout
    );
}

#[test]
fn plans_and_refusals_draw_as_svg() {
    let run = planner(&[
        "plan",
        "--from",
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "--to",
        "msr=2.9",
        "--format",
        "svg",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("<svg xmlns="), "{}", run.stdout);
    assert!(
        run.stdout.contains("msr 2.8.5 \u{2192} 2.9.30"),
        "{}",
        run.stdout
    );
    let refused = planner(&[
        "plan",
        "--from",
        "mcr=23.0.9-1,mke=3.3.7,msr=2.8.5",
        "--to",
        "mke=3.4",
        "--format",
        "svg",
    ]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stdout.starts_with("<svg xmlns="),
        "the picture on stdout"
    );
    assert!(
        refused.stderr.starts_with("error: no supported path"),
        "{}",
        refused.stderr
    );
    let graph = planner(&["graph", "msr", "--format", "svg"]);
    assert_eq!(graph.code, 0, "{}", graph.stderr);
    assert!(graph.stdout.contains("msr 2.9"), "{}", graph.stdout);
}

#[test]
fn completions_are_printed_for_each_shell() {
    let bash = planner(&["completions", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert_eq!(bash.stderr, "");
    assert!(bash.stdout.contains("_planner()"), "{}", bash.stdout);
    assert!(bash.stdout.contains("complete -F _planner"));
    for command in ["plan", "resume", "check", "catalog", "completions", "man"] {
        assert!(bash.stdout.contains(command), "bash completes {command}");
    }
    assert!(bash.stdout.contains("--allow-migrations"), "and the flags");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let run = planner(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("planner"), "{shell}");
        assert!(run.stdout.contains("plan"), "{shell}");
    }
    let unknown = planner(&["completions", "tcsh"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(unknown.stdout, "");
    assert!(
        unknown
            .stderr
            .starts_with("error: invalid value 'tcsh' for '<SHELL>'"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn man_prints_the_manual_pages() {
    let page = planner(&["man"]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert_eq!(page.stderr, "");
    let lines: Vec<&str> = page.stdout.lines().collect();
    assert!(
        lines.iter().any(|line| line.starts_with(".TH planner 1 ")),
        "{}",
        page.stdout
    );
    assert!(lines.contains(&".SH SUBCOMMANDS"));
    assert!(lines.contains(&"planner\\-plan(1)"), "{}", page.stdout);
    assert!(
        page.stdout
            .contains("Plans supported Mirantis MCR/MKE/MSR upgrades")
    );
    assert!(!lines.contains(&"planner\\-help(1)"), "no page to refer to");

    // The pages the first one refers to.
    let plan = planner(&["man", "plan"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(
        plan.stdout.contains(".TH planner-plan 1 "),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("\\-\\-allow\\-migrations"));
    let lint = planner(&["man", "catalog", "lint"]);
    assert_eq!(lint.code, 0, "{}", lint.stderr);
    assert!(lint.stdout.contains(".TH planner-catalog-lint 1 "));

    let unknown = planner(&["man", "plna"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(unknown.stdout, "");
    assert_eq!(
        unknown.stderr,
        "error: man: unknown command 'plna'; expected plan, resume, uninstall, preflight, \
         validate, graph, check, import, catalog, schema, completions, man\n"
    );
}

/// Every command that takes a request takes the same request flags, with the same meaning.
#[test]
fn every_command_that_takes_a_request_has_the_same_request_flags() {
    let flags = [
        "--policy",
        "--facts",
        "--allow-migrations",
        "--offline",
        "--unattended",
        "--as-of",
        "--mke-url",
        "--msr-url",
        "--target-msr-url",
        "--admin",
        "--replica-id",
        "--storage",
        "--backup-dir",
        "--inventory",
        "--accept",
    ];
    for command in ["plan", "graph", "resume", "uninstall", "validate"] {
        let help = planner(&[command, "--help"]).stdout;
        for flag in flags {
            assert!(
                help.contains(&format!("  {flag} ")),
                "{command} has no {flag}:\n{help}"
            );
        }
    }
}

/// `graph` asks a fact as `plan` does, and takes its answer with the same flag.
#[test]
fn graph_takes_the_facts_it_asks_for() {
    let args = [
        "graph",
        "msr",
        "--from",
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "--to",
        "msr=latest",
        "--format",
        "text",
    ];
    let asked = planner(&args);
    assert_eq!(asked.code, 1, "{}", asked.stderr);
    assert!(
        asked
            .stderr
            .contains("--facts unsupported-storage-driver=false"),
        "{}",
        asked.stderr
    );
    let mut answered = args.to_vec();
    answered.extend(["--facts", "unsupported-storage-driver=false"]);
    let run = planner(&answered);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Upgrade graph of msr"),
        "{}",
        run.stdout
    );
}

/// `--accept` takes a comma list, refuses a code no finding has (exit 2, naming the nearest),
/// and a preflight refusal says how to accept.
#[test]
fn accept_takes_lists_refuses_unknown_codes_and_is_offered() {
    let bad = temp_file(
        "inventory-accept",
        &std::fs::read_to_string(fixture("inventory.json"))
            .unwrap()
            .replace("\"ram_gb\": 32", "\"ram_gb\": 8"),
    );
    let base = [
        "plan",
        "--from",
        "mcr=25.0.18,mke=3.8.12,msr=2.9.29",
        "--to",
        "msr=2.9.30",
        "--inventory",
        bad.to_str().unwrap(),
    ];
    let refused = planner(&base);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains(
            "to plan anyway, accept it by code: --accept msr-node-ram (in a JSON request: \"accept\": [\"msr-node-ram\"])"
        ),
        "{}",
        refused.stderr
    );
    let mut list = base.to_vec();
    list.extend(["--accept", "msr-node-ram,ports-closed", "--format", "json"]);
    let run = planner(&list);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["accepted"], serde_json::json!(["msr-node-ram"]));
    let mut unknown = base.to_vec();
    unknown.extend(["--accept", "msr-node-ram,msr-node-rma"]);
    let run = planner(&unknown);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: cannot accept 'msr-node-rma': no preflight finding has that code (did you mean 'msr-node-ram'?); the codes are: msr-node-ram, "
        ),
        "{}",
        run.stderr
    );
}

/// Each command offers only the formats it renders: clap refuses the others (exit 2).
#[test]
fn each_command_offers_only_the_formats_it_renders() {
    let plan = temp_file(
        "formats-plan",
        &planner(&[
            "plan",
            "--from",
            "mcr=25.0.18,mke=3.8.12,msr=2.9.29",
            "--to",
            "msr=2.9.30",
            "--format",
            "json",
        ])
        .stdout,
    );
    let inventory = fixture("inventory.json");
    let verdicts: [Vec<&str>; 4] = [
        vec!["check", "msr", "2.8.5", "2.9.0"],
        vec!["validate", plan.to_str().unwrap()],
        vec!["preflight", "--inventory", inventory.to_str().unwrap()],
        vec!["catalog", "lint"],
    ];
    for args in verdicts {
        for format in ["svg", "mermaid", "dot", "markdown"] {
            let mut with = args.clone();
            with.extend(["--format", format]);
            let run = planner(&with);
            assert_eq!(run.code, 2, "{with:?}: {}", run.stdout);
            assert!(
                run.stderr
                    .contains(&format!("invalid value '{format}' for '--format <FORMAT>'"))
                    && run.stderr.contains("[possible values: text, json]"),
                "{with:?}: {}",
                run.stderr
            );
        }
        let mut json = args.clone();
        json.extend(["--format", "json"]);
        assert!(planner(&json).stdout.starts_with('{'), "{json:?}");
    }
    let graph = planner(&["graph", "msr", "--format", "markdown"]);
    assert_eq!(graph.code, 2);
}

/// Errors that help: a word for a target is checked against `latest` and the forms are
/// listed; counts agree in number; a product missing from `--from` is answered with how to
/// add it; `uninstall` is titled as one and takes the site flags.
#[test]
fn errors_suggest_and_count_right() {
    let run = planner(&[
        "plan",
        "--from",
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "--to",
        "msr=lastest",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --to: msr: target 'lastest' is not one of the forms a target takes (did you mean 'latest'?); a target is a release (2.9.30), a line (2.9: its newest release), a major version (3: its newest release) or latest (the newest release)\n"
    );
    let run = planner(&["check", "msr", "2", "2.9.0"]);
    assert!(
        run.stderr.contains("has 1 numeric component;"),
        "{}",
        run.stderr
    );
    let run = planner(&["plan", "--from", "ucp=3.3.7", "--to", "ucp=3.4"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "and mcr is not installed: if it is, add its version to the installed versions (mcr=VERSION in --from"
        ),
        "{}",
        run.stderr
    );
    let run = planner(&[
        "uninstall",
        "--from",
        "mcr=25.0.18,mke=3.8.12,msr=2.9.30",
        "--mke-url",
        "mke.example.com",
        "--format",
        "markdown",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("# Uninstall plan\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("mke.example.com"), "{}", run.stdout);
    assert!(!run.stdout.contains("<mke-url>"), "{}", run.stdout);
}

/// `resume` takes the request flags as overrides: site values fill the fresh plan's commands.
#[test]
fn resume_takes_the_site_flags_for_a_fresh_plan() {
    let plan = temp_file(
        "resume-site",
        &planner(&[
            "plan",
            "--from",
            "mcr=25.0.18,mke=3.8.12,msr=2.9.29",
            "--to",
            "msr=2.9.30",
            "--format",
            "json",
        ])
        .stdout,
    );
    let run = planner(&[
        "resume",
        plan.to_str().unwrap(),
        "--from",
        "mcr=25.0.18,mke=3.8.12,msr=2.9.28",
        "--msr-url",
        "msr.example.com",
    ]);
    assert_eq!(run.code, 1, "off the plan: {}", run.stderr);
    assert!(run.stdout.contains("msr.example.com"), "{}", run.stdout);
}

#[test]
fn unattended_refuses_with_needs_person_listing_the_steps() {
    let args = [
        "plan",
        "--from",
        "mcr=25.0.12,mke=3.8.12,msr=2.9.29",
        "--to",
        "msr=2.9.30",
        "--unattended",
    ];
    let run = planner(&args);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("4 steps need a person"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hop-1/verify-metadata-store"),
        "{}",
        run.stderr
    );
    let json = planner(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(json.code, 1);
    let error: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(error["error"]["code"], "needs-person");
    assert_eq!(
        error["error"]["steps"][1]["id"],
        "hop-1/verify-metadata-store"
    );
    // Without the flag the plan is printed, and marks those steps.
    let attended = planner(&args[..5]);
    assert_eq!(attended.code, 0, "{}", attended.stderr);
    assert!(
        attended
            .stdout
            .contains("(hop-1/verify-metadata-store) [needs a person]")
    );
    // A plan whose every step runs as printed passes.
    let mke4 = planner(&[
        "plan",
        "--from",
        "mcr=25.0.12,mke=4.1.2",
        "--to",
        "mke=4.1.5",
        "--unattended",
    ]);
    assert_eq!(mke4.code, 0, "{}", mke4.stderr);
}

#[test]
fn os_picks_the_mcr_commands_and_an_unknown_word_exits_2() {
    let args = |os: &str| {
        [
            "plan",
            "--from",
            "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
            "--to",
            "mcr=25.0",
            "--policy",
            "minimal",
            "--os",
            os,
        ]
        .map(str::to_owned)
    };
    let sles = args("sles");
    let run = planner(&sles.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "\n        sudo zypper refresh && sudo zypper -n install -y containerd.io docker-ee\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("apt-get"), "{}", run.stdout);
    let debian = args("debian");
    let run = planner(&debian.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("invalid value 'debian' for '--os <OS>'")
            && run
                .stderr
                .contains("[possible values: ubuntu, rhel, centos, rocky, oracle, sles, windows]"),
        "{}",
        run.stderr
    );
    // An inventory node's unknown `os` is malformed input too.
    let text = std::fs::read_to_string(fixture("inventory.json"))
        .unwrap()
        .replace(
            "\"runs\": [\"mke\"]}",
            "\"runs\": [\"mke\"], \"os\": \"debian\"}",
        );
    let path = temp_file("os-inventory", &text);
    let run = planner(&[
        "plan",
        "--from",
        "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
        "--to",
        "mcr=25.0",
        "--inventory",
        path.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("debian"), "{}", run.stderr);
}
