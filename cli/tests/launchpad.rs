//! The Launchpad bridge on the command line: `planner import launchpad FILE`,
//! `plan --launchpad FILE`, `--format launchpad`, and their exit codes.

mod common;

use common::{fixture, planner, planner_with_env, planner_without_env};
use serde_json::Value;

fn lp(name: &str) -> String {
    fixture(&format!("launchpad/{name}"))
        .to_str()
        .unwrap()
        .to_owned()
}

fn temp_config(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("planner-lp-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("launchpad.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn import_prints_the_inventory_of_a_launchpad_config() {
    let run = planner(&["import", "launchpad", &lp("cluster-v1.yaml")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let inventory: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        inventory["installed"],
        serde_json::json!({"mcr": "23.0.9", "mke": "3.7.15", "msr": "2.9.21"})
    );
    assert_eq!(inventory["nodes"][4]["hostname"], "10.0.2.1");
    assert_eq!(inventory["nodes"][4]["role"], "worker");
    assert_eq!(
        inventory["nodes"][4]["runs"],
        serde_json::json!(["msr-replica"])
    );
    assert_eq!(inventory["mke"]["url"], "mke.example.com");
    assert_eq!(inventory["msr"]["url"], "msr.example.com");
    // It is an inventory: `plan --inventory` reads it.
    let path = temp_config("import", &run.stdout);
    let plan = planner(&[
        "plan",
        "--from",
        "mcr=23.0.9,mke=3.7.15,msr=2.9.21",
        "--to",
        "mke=3.8",
        "--inventory",
        &path,
    ]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
}

#[test]
fn a_config_without_an_exact_mcr_version_exits_2_asking_for_from() {
    let config = temp_config(
        "stable",
        "apiVersion: launchpad.mirantis.com/mke/v1.6\nkind: mke\nspec:\n  mcr:\n    channel: stable\n  mke:\n    version: 3.8.6\n  hosts:\n    - ssh: {address: 10.0.0.1}\n      role: manager\n",
    );
    for args in [
        vec!["import", "launchpad", &config],
        vec!["plan", "--launchpad", &config, "--to", "mke=3.9"],
    ] {
        let run = planner(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            format!(
                "error: launchpad config '{config}': line 5: spec.mcr.channel is 'stable', not an exact mcr version: pass --from mcr=VERSION\n"
            )
        );
    }
    let run = planner(&["import", "launchpad", &config, "--from", "mcr=25.0.14"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = planner(&[
        "plan",
        "--launchpad",
        &config,
        "--from",
        "mcr=25.0.14",
        "--to",
        "mke=3.8",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        plan["from"],
        serde_json::json!({"mcr": "25.0.14", "mke": "3.8.6"})
    );
}

#[test]
fn plan_from_a_launchpad_config_is_the_plan_of_the_flags_it_stands_for() {
    let from_config = planner(&[
        "plan",
        "--launchpad",
        &lp("cluster-v1.6.yaml"),
        "--to",
        "mke=3.9,msr=2.10",
        "--format",
        "json",
    ]);
    assert_eq!(from_config.code, 0, "{}", from_config.stderr);
    let import = planner(&["import", "launchpad", &lp("cluster-v1.6.yaml")]);
    let inventory = temp_config("flags", &import.stdout);
    let from_flags = planner(&[
        "plan",
        "--from",
        "mcr=23.0.9,mke=3.7.15,msr=2.9.21",
        "--to",
        "mke=3.9,msr=2.10",
        "--inventory",
        &inventory,
        "--format",
        "json",
    ]);
    assert_eq!(from_config.stdout, from_flags.stdout);
    // The imported inventory records the installed versions: `--from` may be left out, and
    // a version it gives replaces the recorded one.
    let from_inventory = planner(&[
        "plan",
        "--to",
        "mke=3.9,msr=2.10",
        "--inventory",
        &inventory,
        "--format",
        "json",
    ]);
    assert_eq!(from_inventory.code, 0, "{}", from_inventory.stderr);
    assert_eq!(from_inventory.stdout, from_flags.stdout);
    let overridden = planner(&[
        "plan",
        "--from",
        "mke=3.8.12",
        "--to",
        "mke=3.9",
        "--inventory",
        &inventory,
        "--format",
        "json",
    ]);
    assert_eq!(overridden.code, 0, "{}", overridden.stderr);
    let plan: Value = serde_json::from_str(&overridden.stdout).unwrap();
    assert_eq!(plan["from"]["mke"], "3.8.12");
    assert_eq!(plan["from"]["mcr"], "23.0.9");
    // An inventory that records no versions needs `--from`: a usage error that says so.
    let mut bare: Value = serde_json::from_str(&import.stdout).unwrap();
    bare.as_object_mut().unwrap().remove("installed");
    let bare = temp_config("bare", &bare.to_string());
    let run = planner(&["plan", "--to", "mke=3.9", "--inventory", &bare]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("--from: give the installed versions"),
        "{}",
        run.stderr
    );
    // Explicit flags override the file: --from and a site flag.
    let run = planner(&[
        "plan",
        "--launchpad",
        &lp("cluster-v1.6.yaml"),
        "--from",
        "mke=3.8.12",
        "--to",
        "mke=3.9",
        "--mke-url",
        "other.example.com",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan["from"]["mke"], "3.8.12");
    assert_eq!(plan["from"]["mcr"], "23.0.9");
    assert!(
        run.stdout.contains("other.example.com") && !run.stdout.contains("https://mke.example.com")
    );
}

#[test]
fn format_launchpad_prints_one_config_per_hop() {
    let run = planner(&[
        "plan",
        "--launchpad",
        &lp("cluster-v1.3.yaml"),
        "--to",
        "mke=3.9,msr=2.10",
        "--format",
        "launchpad",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().filter(|l| *l == "---").count(), 5);
    assert_eq!(
        run.stdout
            .matches("apiVersion: launchpad.mirantis.com/mke/v1.3")
            .count(),
        5
    );
    assert!(run.stdout.contains(&format!(
        "# Hop 5 of 5: mke 3.8.12 -> 3.9.7. Your config with spec.mcr.version (mcr 25.0.12), spec.mke.version (mke 3.9.7), spec.msr.version (msr 2.10.4) set; apply it with: launchpad apply --config {}\n",
        lp("cluster-v1.3.yaml")
    )));
    // MKE 3.7 -> 3.8 is phased: that apply, and only it, leaves the workers to the operator.
    let phased: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("--manual-worker-upgrade"))
        .collect();
    assert_eq!(phased.len(), 1, "{}", run.stdout);
    assert!(
        phased[0].starts_with("# This hop uses the phased in-place method")
            && phased[0].ends_with("as step hop-2/upgrade-workers-phased says"),
        "{}",
        phased[0]
    );
    let hop_2 = run
        .stdout
        .find("# Hop 2 of 5: mke 3.7.15 -> 3.8.12.")
        .unwrap();
    let hop_3 = run.stdout.find("# Hop 3 of 5").unwrap();
    let at = run.stdout.find(phased[0]).unwrap();
    assert!(hop_2 < at && at < hop_3);
}

#[test]
fn format_launchpad_needs_a_launchpad_config() {
    let run = planner(&[
        "plan",
        "--from",
        "mcr=23.0.9,mke=3.7.15",
        "--to",
        "mke=3.8",
        "--format",
        "launchpad",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --format launchpad needs --launchpad FILE: the configs are that file with other versions\n"
    );
    // A refusal is printed as text, exit 1.
    let run = planner(&[
        "plan",
        "--launchpad",
        &lp("cluster-v1.6.yaml"),
        "--to",
        "mke=3.6",
        "--format",
        "launchpad",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
}

#[test]
fn malformed_launchpad_configs_exit_2_naming_the_line() {
    let cases = [
        ("apiVersion: [\n", "malformed YAML at line 2, column 1"),
        ("a: &a [*a]\n", "malformed YAML at line 1"),
        (
            "apiVersion: launchpad.mirantis.com/mke/v1.6\nspec:\n  hosts:\n  - role: boss\n    ssh: {address: a}\n",
            "line 4: spec.hosts[0].role: 'boss' is not manager, worker or msr",
        ),
    ];
    for (text, message) in cases {
        let path = temp_config("bad", text);
        let run = planner(&["import", "launchpad", &path]);
        assert_eq!(run.code, 2, "{text}");
        assert!(
            run.stderr
                .starts_with(&format!("error: launchpad config '{path}': {message}")),
            "{}",
            run.stderr
        );
        let run = planner(&[
            "plan",
            "--launchpad",
            &path,
            "--to",
            "mke=3.9",
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 2);
        let error: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(error["error"]["code"], "bad-launchpad");
    }
    let run = planner(&["import", "launchpad", "/nonexistent/launchpad.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: cannot read launchpad config '/nonexistent/launchpad.yaml': ")
    );
}

#[test]
fn a_launchpad_config_over_the_limit_is_not_read() {
    let path = temp_config("huge", &format!("# {}\n", "x".repeat(4 * 1024 * 1024)));
    let run = planner(&["import", "launchpad", &path]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot read launchpad config '{path}': 4194307 bytes; the limit is 4194304 bytes\n"
        )
    );
}

#[test]
fn executor_launchpad_makes_launchpad_apply_perform_the_hops() {
    let config = lp("cluster-v1.5.yaml");
    let run = planner(&[
        "plan",
        "--launchpad",
        &config,
        "--to",
        "mke=3.8",
        "--executor",
        "launchpad",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan["conditions"]["launchpad"]["config"], config.as_str());
    assert_eq!(
        plan["conditions"]["launchpad"]["keys"]["mke"],
        "spec.mke.version"
    );
    let steps = plan["steps"].as_array().unwrap();
    let apply = steps
        .iter()
        .find(|s| s["id"] == "hop-1/launchpad-apply")
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert_eq!(
        apply["command"],
        format!("launchpad apply --config {config}")
    );
    assert_eq!(apply["unattended"], true);
    assert!(steps.iter().all(|s| s["id"] != "hop-1/upgrade-mke"));
    // The plan validates as it was made, its conditions included.
    let dir = std::env::temp_dir().join(format!("planner-lp-{}-exec", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan.json");
    std::fs::write(&path, &run.stdout).unwrap();
    let validate = planner(&["validate", path.to_str().unwrap()]);
    assert_eq!(validate.code, 0, "{}{}", validate.stdout, validate.stderr);
    // The executor needs the config.
    let run = planner(&[
        "plan",
        "--from",
        "mcr=23.0.9,mke=3.7.15",
        "--to",
        "mke=3.8",
        "--executor",
        "launchpad",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--launchpad <FILE>"), "{}", run.stderr);
}

/// A config whose images come from the site's own registry (`imageRepo`): the plan pulls
/// them from there, as Launchpad would, wherever the plan runs the pulls itself.
#[test]
fn a_configs_image_repository_is_where_the_plan_pulls_from() {
    let text = std::fs::read_to_string(lp("cluster-v1.6.yaml"))
        .unwrap()
        .replace(
            "    version: 3.7.15\n",
            "    version: 3.7.15\n    imageRepo: registry.example.com/mirantis\n",
        );
    assert!(text.contains("imageRepo"));
    let config = temp_config("image-repo", &text);
    let import = planner(&["import", "launchpad", &config]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    let inventory: Value = serde_json::from_str(&import.stdout).unwrap();
    assert_eq!(
        inventory["mke"]["image_repo"],
        "registry.example.com/mirantis"
    );
    let run = planner(&[
        "plan",
        "--launchpad",
        &config,
        "--to",
        "mke=3.7",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    let pull = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["id"]
                .as_str()
                .is_some_and(|id| id.ends_with("/pull-mke-images"))
        })
        .expect("an MKE hop pulls its images");
    assert!(
        pull["command"]
            .as_str()
            .unwrap()
            .starts_with("docker pull registry.example.com/mirantis/ucp:3.7."),
        "{pull}"
    );
    assert_eq!(
        plan["conditions"]["site"]["mke_image_repo"],
        "registry.example.com/mirantis"
    );
}

/// Launchpad expands the environment's variables in a config it loads, and so does the
/// import: Launchpad's own test config, whose versions, MKE URL and image repositories are
/// variables, plans with them set; the configs to apply keep the other variables as
/// written, and no value from the environment is written into them.
#[test]
fn a_configs_environment_variables_are_expanded_as_launchpad_does() {
    let config = lp("real-v1.2-msr.yaml");
    let env = [
        ("MKE_VERSION", "3.7.15"),
        ("MCR_VERSION", "23.0.9"),
        ("MSR_VERSION", "2.9.21"),
        ("MKE_MANAGER_IP", "10.9.8.7"),
        ("MKE_IMAGE_REPO", "docker.io/mirantis"),
        ("MSR_IMAGE_REPO", "registry.example.com/msr"),
        ("CLUSTER_NAME", "from-the-environment"),
    ];
    let import = planner_with_env(&["import", "launchpad", &config], &env);
    assert_eq!(import.code, 0, "{}", import.stderr);
    let inventory: Value = serde_json::from_str(&import.stdout).unwrap();
    assert_eq!(
        inventory["installed"],
        serde_json::json!({"mcr": "23.0.9", "mke": "3.7.15", "msr": "2.9.21"})
    );
    assert_eq!(inventory["mke"]["url"], "10.9.8.7");
    assert_eq!(inventory["msr"]["image_repo"], "registry.example.com/msr");
    let configs = planner_with_env(
        &[
            "plan",
            "--launchpad",
            &config,
            "--to",
            "msr=2.9",
            "--format",
            "launchpad",
        ],
        &env,
    );
    assert_eq!(configs.code, 0, "{}", configs.stderr);
    assert!(
        configs.stdout.contains("  name: $CLUSTER_NAME\n"),
        "{}",
        configs.stdout
    );
    assert!(configs.stdout.contains("    imageRepo: $MSR_IMAGE_REPO\n"));
    assert!(
        configs.stdout.contains("    version: 2.9.30\n"),
        "{}",
        configs.stdout
    );
    for value in [
        "from-the-environment",
        "10.9.8.7",
        "registry.example.com/msr",
    ] {
        assert!(
            !configs.stdout.contains(value),
            "{value} written into the configs"
        );
    }
    // Unset, a variable stays as written and is refused where it is used.
    let names: Vec<&str> = env.iter().map(|(name, _)| *name).collect();
    let unset = planner_without_env(&["plan", "--launchpad", &config, "--to", "msr=2.9"], &names);
    assert_eq!(unset.code, 2, "{}", unset.stdout);
    assert!(
        unset
            .stderr
            .contains("spec.mcr.version is '$MCR_VERSION', not an exact mcr version"),
        "{}",
        unset.stderr
    );
}
