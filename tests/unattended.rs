//! Runbooks an installer can run as printed: every step says whether it runs with no person
//! at a terminal, secrets come from the environment by name, every command names its vendor
//! source, and `unattended` requests refuse while a step needs a person.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::scenarios::{embedded, minimal, request};
use mirantis_upgrade_planner::{
    Plan, Refusal, Request, Shell, Step,
    validate::{Location, ValidationOptions, ViolationCode, validate},
};

#[track_caller]
fn plan(request: &Request) -> Plan {
    embedded()
        .plan(request)
        .unwrap_or_else(|refusal| panic!("refused: {refusal}"))
}

/// An MSR 2.9 patch hop: its metadata-store check is an interactive shell, its cache nodes and
/// vulnerability database are upgraded by hand.
fn msr_patch() -> Request {
    minimal(request("mcr=25.0.12,mke=3.8.12,msr=2.9.29", "msr=2.9.30"))
}

/// An MKE 4 patch hop with mkectl: every step runs as printed.
fn mke_4_patch() -> Request {
    minimal(request("mcr=25.0.12,mke=4.1.2", "mke=4.1.5"))
}

/// The golden plans (JSON), each with its file name.
fn golden_plans() -> Vec<(String, Plan)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut plans: Vec<(String, Plan)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            // Some goldens are refusals, not plans.
            let plan = Plan::from_json(&text).ok()?;
            Some((path.file_name()?.to_string_lossy().into_owned(), plan))
        })
        .collect();
    plans.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        plans.len() >= 10,
        "the golden plans are read: {}",
        plans.len()
    );
    plans
}

#[test]
fn an_unattended_request_refuses_while_a_step_needs_a_person() {
    let expected = [
        "plan/admin-can-deploy",
        "hop-1/verify-metadata-store",
        "hop-1/upgrade-caches",
        "hop-1/vulnerability-database",
    ];
    // Without the flag the plan is made, and says which steps need a person.
    let attended = plan(&msr_patch());
    let ids: Vec<&str> = attended
        .needs_person()
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids, expected);
    // With it, the planner refuses and lists the same steps, in plan order.
    let mut unattended = msr_patch();
    unattended.unattended = true;
    let refusal = embedded().plan(&unattended).unwrap_err();
    assert_eq!(refusal.code(), "needs-person");
    let Refusal::NeedsPerson { steps } = &refusal else {
        panic!("{refusal:?}")
    };
    let refused: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(refused, expected);
    let message = refusal.to_string();
    assert!(message.contains("4 steps need a person"), "{message}");
    assert!(message.contains("hop-1/verify-metadata-store"), "{message}");
    // The interactive check says why in its note.
    assert!(steps[1].note.as_deref().unwrap().contains("Interactive"));
}

/// `validate --unattended` judges a plan an installer is to run: each step that needs a
/// person is an error at its index, and the same plan is valid for a person.
#[test]
fn validating_for_an_installer_reports_each_step_that_needs_a_person() {
    let planner = embedded();
    let plan = plan(&msr_patch());
    let attended = validate(&plan, planner.catalog(), &ValidationOptions::default());
    assert_eq!(attended, vec![]);
    let options = ValidationOptions {
        unattended: true,
        ..ValidationOptions::default()
    };
    let violations = validate(&plan, planner.catalog(), &options);
    let expected: Vec<Location> = plan
        .steps
        .iter()
        .enumerate()
        .filter(|(_, step)| !step.unattended)
        .map(|(index, _)| Location::Step(index))
        .collect();
    assert_eq!(expected.len(), 4);
    assert!(
        violations
            .iter()
            .all(|v| v.code == ViolationCode::NeedsPerson),
        "{violations:?}"
    );
    let found: Vec<Location> = violations.iter().map(|v| v.location).collect();
    assert_eq!(found, expected);
    let message = violations[1].message();
    assert!(
        message.starts_with("step 'hop-1/verify-metadata-store' (")
            && message.contains("needs a person, and the plan is to be run unattended"),
        "{message}"
    );
    // A plan every step of which runs as printed is valid for an installer too.
    let runs = self::plan(&mke_4_patch());
    assert_eq!(validate(&runs, planner.catalog(), &options), vec![]);
}

#[test]
fn an_unattended_request_plans_when_every_step_runs_as_printed() {
    let mut request = mke_4_patch();
    request.unattended = true;
    let plan = plan(&request);
    assert!(plan.needs_person().is_empty());
    assert!(plan.steps.iter().all(|s| s.unattended));
    // A step that only informs (the order to follow) is passed, not run.
    let order = plan
        .steps
        .iter()
        .find(|s| s.id == "plan/upgrade-order")
        .unwrap();
    assert!(order.command.is_none() && order.unattended);
}

#[test]
fn a_step_with_no_command_needs_a_person_unless_it_only_informs() {
    let plan = plan(&msr_patch());
    for step in &plan.steps {
        if step.command.is_none() && step.unattended {
            // The steps that inform: the order, the schedule, a method or a behaviour to
            // know, a gate the plan already meets.
            let informs = [
                "schedule",
                "upgrade-order",
                "choose-method",
                "know-rollback",
            ]
            .iter()
            .any(|slug| step.id.ends_with(slug))
                || step.id.contains("/gate-");
            assert!(informs, "{} has no command but is unattended", step.id);
        }
    }
}

/// What in a command would read from a terminal or splice a secret into an argument.
const TERMINAL_READS: [&str; 6] = [
    "read -",
    " -it ",
    " -ti ",
    "--interactive",
    "curl -sk -u ",
    "/dev/tty",
];
const SPLICED_SECRETS: [&str; 5] = [
    "PASSWORD=$",
    "--password \"$",
    "--ucp-password",
    "\\\"password\\\"",
    "--source-password",
];

#[test]
fn no_unattended_command_of_a_golden_plan_reads_a_terminal_or_splices_a_secret() {
    for (file, plan) in golden_plans() {
        for step in plan.steps.iter().filter(|s| s.unattended) {
            let Some(command) = step.command.as_deref() else {
                continue;
            };
            for marker in TERMINAL_READS.iter().chain(&SPLICED_SECRETS) {
                assert!(
                    !command.contains(marker),
                    "{file} {}: {marker:?} in {command}",
                    step.id
                );
            }
            // Every variable the step names is read by its command, by name.
            for name in &step.env {
                assert!(
                    command.contains(&format!("${name}"))
                        || command.contains(&format!("-e {name}"))
                        || command.contains(&format!("env.{name}")),
                    "{file} {}: {name} is not read by {command}",
                    step.id
                );
            }
        }
    }
}

#[test]
fn every_command_of_a_golden_plan_names_its_vendor_source() {
    for (file, plan) in golden_plans() {
        for step in plan.steps.iter().filter(|s| s.command.is_some()) {
            let source = step
                .source
                .as_deref()
                .unwrap_or_else(|| panic!("{file} {}: a command without a source", step.id));
            assert!(
                source.starts_with("https://docs.mirantis.com/")
                    || source.starts_with("https://docs.docker.com/")
                    || source.starts_with("https://github.com/Mirantis/"),
                "{file} {}: {source} is not a vendor document",
                step.id
            );
        }
    }
}

/// A command with its placeholders (`<mke-url>`) filled with a dummy word, as an installer
/// fills them.
fn filled(command: &str) -> String {
    let mut out = String::new();
    let mut rest = command;
    while let Some(start) = rest.find('<') {
        let (before, after) = rest.split_at(start);
        out.push_str(before);
        match after.find('>') {
            Some(end)
                if after[1..end]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') =>
            {
                out.push_str("dummy");
                rest = &after[end + 1..];
            }
            // A redirection (`< file`, `<(`) or a comparison, not a placeholder.
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `bash -n` on a script: its syntax errors, or none.
fn bash_syntax(script: &str) -> Result<(), String> {
    let mut child = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash runs (the test needs it on PATH)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Whether a step's command is bash, which `bash -n` checks: every step but those the plan
/// marks `"shell": "powershell"` (a Windows node's MCR install), which are checked by
/// `windows_steps_and_only_they_are_powershell`.
fn is_bash(step: &Step) -> bool {
    step.shell == Shell::Bash
}

#[test]
fn every_unattended_command_of_the_golden_plans_is_valid_bash() {
    // The check itself finds what it looks for.
    assert!(bash_syntax("if true; then echo").is_err());
    assert!(bash_syntax(&filled("curl -sk https://<mke-url>/_ping")).is_ok());
    assert_eq!(filled("a <b-1> < c"), "a dummy < c");
    let mut checked = 0;
    for (file, plan) in golden_plans() {
        for step in plan.steps.iter().filter(|s| s.unattended && is_bash(s)) {
            let Some(command) = step.command.as_deref() else {
                continue;
            };
            if let Err(error) = bash_syntax(&filled(command)) {
                panic!("{file} {}: bash -n: {error}\n{command}", step.id);
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} commands checked");
}

/// The one rule that keeps a command from `bash -n`: the plan says it is PowerShell. Those
/// steps are exactly the Windows nodes' installs, they are not valid bash (so the rule is
/// needed, not a way around a bash error), and every other golden command is bash.
#[test]
fn windows_steps_and_only_they_are_powershell() {
    let mut powershell = Vec::new();
    for (file, plan) in golden_plans() {
        for step in plan.steps.iter().filter(|s| !is_bash(s)) {
            assert_eq!(step.shell, Shell::PowerShell);
            assert!(
                step.id.contains("windows") || step.title.contains("Windows"),
                "{file} {}: PowerShell on a step that is not for Windows nodes",
                step.id
            );
            let command = step.command.as_deref().unwrap();
            assert!(command.contains("install.ps1"), "{file} {}", step.id);
            assert!(bash_syntax(&filled(command)).is_err(), "{file} {}", step.id);
            powershell.push(format!("{file} {}", step.id));
        }
        for step in plan.steps.iter().filter(|s| is_bash(s)) {
            let command = step.command.as_deref().unwrap_or_default();
            assert!(
                !command.contains("install.ps1") && !command.contains("$env:"),
                "{file} {}: a PowerShell command marked bash",
                step.id
            );
        }
    }
    assert!(
        powershell.contains(&"mcr-windows.json hop-1/upgrade-workers-windows".to_owned()),
        "{powershell:?}"
    );
    // The JSON writes the shell only where it is not bash.
    let (_, plan) = golden_plans()
        .into_iter()
        .find(|(file, _)| file == "mcr-windows.json")
        .unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    for step in json["steps"].as_array().unwrap() {
        let windows = step["id"] == "hop-1/upgrade-workers-windows";
        assert_eq!(step.get("shell").is_some(), windows, "{step}");
        if windows {
            assert_eq!(step["shell"], "powershell");
        }
    }
}

#[test]
fn the_json_plan_carries_the_new_fields_for_every_step() {
    let plan = plan(&msr_patch());
    let json: serde_json::Value = serde_json::to_value(&plan).unwrap();
    for step in json["steps"].as_array().unwrap() {
        assert!(step["unattended"].is_boolean(), "{step}");
        assert!(step["env"].is_array(), "{step}");
        if step.get("command").is_some() {
            assert!(step["source"].is_string(), "{step}");
        }
    }
    let backup = plan
        .steps
        .iter()
        .find(|s| s.id == "hop-1/backup-mke")
        .cloned()
        .unwrap();
    assert_eq!(backup.env, ["MKE_BACKUP_PASSPHRASE"]);
    assert!(
        backup
            .command
            .as_deref()
            .unwrap()
            .contains("--passphrase \"$MKE_BACKUP_PASSPHRASE\"")
    );
}

/// A site that pulls MKE's and MSR's images from its own registry (Launchpad's `imageRepo`)
/// gets pull steps that take each image from there and tag it as the product names it, as
/// Launchpad does; Docker Hub's repositories and a release's own are no registry of the
/// site's; offline, the bundles are loaded instead; and the plan validates.
#[test]
fn a_site_registry_replaces_the_pulls_from_docker_hub() {
    let mirrored = |mke: Option<&str>, msr: Option<&str>, offline: bool| {
        let mut request = minimal(request(
            "mcr=25.0.12,mke=3.8.11,msr=2.9.29",
            "mke=3.8.12,msr=2.9.30",
        ));
        request.site.mke_image_repo = mke.map(str::to_owned);
        request.site.msr_image_repo = msr.map(str::to_owned);
        request.offline = offline;
        plan(&request)
    };
    let step = |plan: &Plan, id: &str| -> Step {
        plan.steps
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    let registry = "registry.example.com/mirantis";
    let plan = mirrored(Some(registry), Some(registry), false);
    let mke = step(&plan, "hop-1/pull-mke-images");
    assert_eq!(
        mke.command.as_deref().unwrap(),
        "docker pull registry.example.com/mirantis/ucp:3.8.12\n\
         docker tag registry.example.com/mirantis/ucp:3.8.12 mirantis/ucp:3.8.12\n\
         docker run --rm mirantis/ucp:3.8.12 images --list | \\\n  \
         xargs -n 1 sh -c 'docker pull \"registry.example.com/mirantis/${0##*/}\" && docker tag \"registry.example.com/mirantis/${0##*/}\" \"$0\"'"
    );
    assert!(
        mke.title
            .contains("from registry.example.com/mirantis on every node")
    );
    assert!(mke.unattended && mke.env.is_empty());
    assert!(
        mke.source
            .as_deref()
            .unwrap()
            .ends_with("pull_mke_images.go")
    );
    let msr = step(&plan, "hop-2/pull-msr-image");
    assert_eq!(
        msr.command.as_deref().unwrap(),
        "docker pull registry.example.com/mirantis/dtr:2.9.30\n\
         docker tag registry.example.com/mirantis/dtr:2.9.30 mirantis/dtr:2.9.30\n\
         docker run -i --rm mirantis/dtr:2.9.30 images | \\\n  \
         xargs -n 1 sh -c 'docker pull \"registry.example.com/mirantis/${0##*/}\" && docker tag \"registry.example.com/mirantis/${0##*/}\" \"$0\"'"
    );
    assert_eq!(
        msr.node.as_deref(),
        Some("each MSR replica node and each MSR cache node")
    );
    for step in [&mke, &msr] {
        bash_syntax(step.command.as_deref().unwrap()).unwrap();
    }
    let options = mirantis_upgrade_planner::validate::ValidationOptions::default();
    assert_eq!(validate(&plan, embedded().catalog(), &options), vec![]);
    // The upgrades run the images by the names they were tagged with.
    assert!(
        step(&plan, "hop-1/upgrade-mke")
            .command
            .unwrap()
            .contains(" mirantis/ucp:3.8.12 upgrade")
    );
    // Docker Hub's repositories are where the images come from anyway.
    let hub = mirrored(Some("docker.io/mirantis"), Some("mirantis"), false);
    let from_hub = mirrored(None, None, false);
    for id in ["hop-1/pull-mke-images", "hop-2/pull-msr-image"] {
        assert_eq!(step(&hub, id), step(&from_hub, id), "{id}");
        assert!(!step(&from_hub, id).title.contains(" from "), "{id}");
    }
    // Only the product whose registry is given is pulled from it.
    let mke_only = mirrored(Some(registry), None, false);
    assert_eq!(step(&mke_only, "hop-1/pull-mke-images"), mke);
    assert_eq!(
        step(&mke_only, "hop-2/pull-msr-image"),
        step(&from_hub, "hop-2/pull-msr-image")
    );
    // Offline, the bundles carried in are loaded: nothing is pulled, from any registry.
    let offline = mirrored(Some(registry), Some(registry), true);
    assert!(
        step(&offline, "hop-1/pull-mke-images")
            .command
            .unwrap()
            .starts_with("docker load -i ")
    );
}

/// MSR 2.10's images come from registry.mirantis.com/msr: that repository is its own, not a
/// site registry.
#[test]
fn a_releases_own_repository_is_not_a_site_registry() {
    let mut request = minimal(request("mcr=25.0.12,mke=3.8.12,msr=2.10.3", "msr=2.10.4"));
    let plain = plan(&request).steps;
    request.site.msr_image_repo = Some("registry.mirantis.com/msr".to_owned());
    assert_eq!(plan(&request).steps, plain);
    request.site.msr_image_repo = Some("registry.example.com/msr".to_owned());
    let mirrored = plan(&request);
    let pull = mirrored
        .steps
        .iter()
        .find(|s| s.id == "hop-1/pull-msr-image")
        .unwrap();
    assert!(
        pull.command.as_deref().unwrap().starts_with(
            "docker pull registry.example.com/msr/dtr:2.10.4\ndocker tag registry.example.com/msr/dtr:2.10.4 registry.mirantis.com/msr/dtr:2.10.4\n"
        ),
        "{:?}",
        pull.command
    );
}
