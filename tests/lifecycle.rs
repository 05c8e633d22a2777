//! The cluster inventory, its preflight findings, plans made with it, and resuming an
//! interrupted plan.

mod common;

use std::collections::BTreeSet;

use common::fixture;
use common::scenarios::{embedded, minimal, overlay2, request};
use mirantis_upgrade_planner::{
    Format, Inventory, Phase, Plan, Planner, Product, Refusal, Request, Resume, Step, WarningCode,
    inventory::{Severity, preflight},
    render::{render_plan, render_resume},
    request::State,
    validate::ValidationOptions,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn inventory_json() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("inventory.json")).unwrap()).unwrap()
}

fn inventory(change: impl FnOnce(&mut Value)) -> Inventory {
    let mut json = inventory_json();
    change(&mut json);
    Inventory::from_json(&json.to_string()).unwrap()
}

/// The codes and nodes of the findings, as `code@node`.
fn findings(inventory: &Inventory, upgrading: bool) -> Vec<String> {
    preflight(inventory, upgrading)
        .iter()
        .map(|f| format!("{}@{}", f.code, f.node.as_deref().unwrap_or("cluster")))
        .collect()
}

#[test]
fn the_example_inventory_is_clean() {
    let inventory = inventory(|_| {});
    assert_eq!(findings(&inventory, true), Vec::<String>::new());
    assert_eq!(inventory.replicas().len(), 3);
    let site = inventory.site();
    assert_eq!(site.replica_id.as_deref(), Some("a1b2c3d4e5f6"));
    assert_eq!(site.nodes.unwrap().msr_nodes, ["dtr-1", "dtr-2", "dtr-3"]);
}

#[test]
fn each_node_finding_names_its_node() {
    let inventory = inventory(|json| {
        json["nodes"][3]["ram_gb"] = json!(8);
        json["nodes"][3]["vcpus"] = json!(1);
        json["nodes"][3]["free_disk_gb"] = json!(5);
        json["nodes"][4]["role"] = json!("manager");
        json["nodes"][5]["role"] = json!("none");
        json["nodes"][5]["fixed_hostname"] = json!(false);
        json["nodes"][5]["open_ports"] = json!([443]);
        json["nodes"][0]["runs"] = json!(["mke", "msr-cache"]);
    });
    assert_eq!(
        findings(&inventory, false),
        [
            "msr-on-manager@mgr-1",
            "msr-with-mke@mgr-1",
            "msr-node-ram@dtr-1",
            "msr-node-vcpus@dtr-1",
            "msr-node-disk@dtr-1",
            "msr-on-manager@dtr-2",
            "msr-node-not-worker@dtr-3",
            "hostname-not-fixed@dtr-3",
            "ports-closed@dtr-3",
        ]
    );
    let ram = &preflight(&inventory, false)[2];
    assert_eq!(
        ram.to_string(),
        "error[msr-node-ram] dtr-1: 8 GB of RAM; MSR needs 16 GB (MSR system requirements: 16 GB of RAM, 2 vCPUs and 10 GB of free disk on nodes running MSR)"
    );
}

#[test]
fn configured_ports_replace_80_and_443() {
    let inventory = inventory(|json| {
        json["msr"]["https_port"] = json!(8443);
    });
    assert_eq!(
        findings(&inventory, false),
        [
            "ports-closed@dtr-1",
            "ports-closed@dtr-2",
            "ports-closed@dtr-3"
        ]
    );
    assert!(
        preflight(&inventory, false)[0]
            .message()
            .starts_with("8443/tcp not open inbound")
    );
}

#[test]
fn cluster_findings() {
    let even = inventory(|json| {
        json["msr"]["replicas"].as_array_mut().unwrap().pop();
    });
    assert_eq!(
        findings(&even, false),
        ["replicas-even@cluster", "replicas-too-few@cluster"]
    );
    assert!(
        preflight(&even, false)
            .iter()
            .all(|f| f.severity == Severity::Warning)
    );
    let admins = inventory(|json| {
        json["mke"]["admins_can_deploy_on_managers_and_msr_nodes"] = json!(false);
    });
    let finding = &preflight(&admins, false)[0];
    assert_eq!(finding.code, "admins-cannot-deploy");
    assert!(
        finding
            .message()
            .contains("could not find any nodes on which the container could be created")
    );
    let trust = inventory(|json| {
        json["mke"]["content_trust"] = json!(true);
    });
    assert_eq!(
        findings(&trust, false),
        Vec::<String>::new(),
        "only before an MSR upgrade"
    );
    assert_eq!(findings(&trust, true), ["content-trust-on@cluster"]);
}

#[test]
fn inventory_errors_are_exact() {
    let cases: [(Value, &str); 4] = [
        (
            json!({"schema_version": 2, "nodes": [], "mke": {"admins_can_deploy_on_managers_and_msr_nodes": true, "content_trust": false}}),
            "inventory: unsupported schema version 2; this library reads 1",
        ),
        (
            json!({"schema_version": 1, "nodes": [], "mke": {"admins_can_deploy_on_managers_and_msr_nodes": true, "content_trust": false}, "colour": 1}),
            "inventory: unknown field `colour`, expected one of `schema_version`, `installed`, `nodes`, `mke`, `msr`, `facts`, `offline`, `backup_dir` at line 1, column 120",
        ),
        (
            json!({"schema_version": 1, "nodes": [
            {"hostname": "a", "role": "worker", "ram_gb": 16, "vcpus": 2, "free_disk_gb": 10, "fixed_hostname": true},
            {"hostname": "a", "role": "worker", "ram_gb": 16, "vcpus": 2, "free_disk_gb": 10, "fixed_hostname": true}],
            "mke": {"admins_can_deploy_on_managers_and_msr_nodes": true, "content_trust": false}}),
            "inventory: two nodes are named 'a'",
        ),
        (
            json!({"schema_version": 1, "nodes": [], "mke": {"admins_can_deploy_on_managers_and_msr_nodes": true, "content_trust": false},
            "msr": {"replicas": [{"id": "abc", "node": "ghost"}]}}),
            "inventory: replica 'abc' runs on 'ghost', which is not in 'nodes'",
        ),
    ];
    for (json, message) in cases {
        assert_eq!(
            Inventory::from_json(&json.to_string())
                .unwrap_err()
                .to_string(),
            message
        );
    }
}

fn with_inventory(inventory: Inventory) -> Request {
    let mut request = minimal(request(
        "mcr=25.0.12,mke=3.8.11,msr=2.10.0",
        "mke=3.9.0,msr=2.10.3",
    ));
    request.inventory = Some(inventory);
    request
}

#[test]
fn an_unknown_fact_in_the_inventory_is_malformed_input() {
    let request = with_inventory(inventory(|json| json["facts"] = json!({"metalb": true})));
    let refusal = embedded().plan(&request).unwrap_err();
    assert_eq!(refusal.code(), "unknown-fact");
    assert!(refusal.is_input_error());
    assert!(
        refusal
            .to_string()
            .starts_with("unknown fact 'metalb' (did you mean 'metallb'?)"),
        "{refusal}"
    );
}

#[test]
fn a_plan_with_the_inventory_names_real_nodes_and_uses_its_facts() {
    let plan = embedded().plan(&with_inventory(inventory(|_| {}))).unwrap();
    // MetalLB comes from the inventory's facts: MKE goes through 3.8.12 first.
    assert_eq!(plan.hops[0].to_text(), "3.8.12");
    let step = |id: &str| plan.steps.iter().find(|s| s.id == id).unwrap();
    let msr_hop = plan
        .hops
        .iter()
        .position(|h| h.product == Product::Msr)
        .unwrap()
        + 1;
    assert_eq!(
        step(&format!("hop-{msr_hop}/check-time-drift"))
            .node
            .as_deref(),
        Some("dtr-1, dtr-2, dtr-3")
    );
    assert_eq!(
        step(&format!("hop-{msr_hop}/backup-image-storage"))
            .node
            .as_deref(),
        Some("dtr-1")
    );
    assert!(
        step(&format!("hop-{msr_hop}/backup-image-storage"))
            .command
            .as_deref()
            .unwrap()
            .contains("dtr-registry-nfs-a1b2c3d4e5f6")
    );
    assert!(
        step(&format!("hop-{msr_hop}/upgrade-msr"))
            .command
            .as_deref()
            .unwrap()
            .contains("--ucp-url mke.example.com:443")
    );
    assert_eq!(step("hop-1/backup-mke").node.as_deref(), Some("mgr-1"));
    assert!(
        plan.steps.iter().all(|s| !s.id.ends_with("upgrade-caches")),
        "the inventory has no cache"
    );
}

#[test]
fn preflight_errors_refuse_the_plan_unless_accepted() {
    let small = inventory(|json| {
        json["nodes"][3]["ram_gb"] = json!(8);
    });
    let refusal = embedded().plan(&with_inventory(small.clone())).unwrap_err();
    assert_eq!(refusal.code(), "preflight");
    let Refusal::Preflight { findings } = &refusal else {
        panic!("{refusal}")
    };
    assert_eq!(findings.len(), 1);
    assert_eq!(
        refusal.to_string(),
        "preflight: error[msr-node-ram] dtr-1: 8 GB of RAM; MSR needs 16 GB (MSR system requirements: 16 GB of RAM, 2 vCPUs and 10 GB of free disk on nodes running MSR); to plan anyway, accept it by code: --accept msr-node-ram (in a JSON request: \"accept\": [\"msr-node-ram\"])"
    );
    // A code no finding has is refused, naming the nearest; every finding's code is one of
    // the codes `accept` takes.
    let mut typo = with_inventory(small.clone());
    typo.accept = BTreeSet::from(["msr-node-rma".to_owned()]);
    let refusal = embedded().plan(&typo).unwrap_err();
    assert_eq!(
        (refusal.code(), refusal.is_input_error()),
        ("unknown-code", true)
    );
    assert!(
        refusal
            .to_string()
            .contains("(did you mean 'msr-node-ram'?)"),
        "{refusal}"
    );
    let mut everything = inventory_json();
    for node in everything["nodes"].as_array_mut().unwrap() {
        node["ram_gb"] = json!(1);
        node["vcpus"] = json!(1);
        node["free_disk_gb"] = json!(1);
        node["fixed_hostname"] = json!(false);
        node["role"] = json!("manager");
    }
    let everything = Inventory::from_json(&everything.to_string()).unwrap();
    for finding in preflight(&everything, true) {
        assert!(
            mirantis_upgrade_planner::inventory::FINDING_CODES.contains(&finding.code),
            "{}",
            finding.code
        );
    }
    let mut accepted = with_inventory(small);
    accepted.accept = BTreeSet::from(["msr-node-ram".to_owned()]);
    let plan = embedded().plan(&accepted).unwrap();
    assert_eq!(plan.accepted, ["msr-node-ram"]);
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.code == WarningCode::Preflight
                && w.to_string().starts_with("error[msr-node-ram] dtr-1"))
    );
}

#[test]
fn preflight_warnings_are_carried_into_the_plan() {
    let even = inventory(|json| {
        json["msr"]["replicas"].as_array_mut().unwrap().pop();
    });
    let plan = embedded().plan(&with_inventory(even)).unwrap();
    let preflight: Vec<String> = plan
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::Preflight)
        .map(ToString::to_string)
        .collect();
    assert_eq!(preflight.len(), 2);
    assert!(plan.accepted.is_empty());
}

fn multi_hop_plan() -> Plan {
    embedded()
        .plan(&request("mcr=23.0.9,mke=3.7.25,msr=2.9.30", "mke=3.9"))
        .unwrap()
}

/// The versions a cluster runs once the steps `done` (a prefix of the plan's steps) are
/// done: a hop's version moves once every step of its up to its upgrade phase is done.
fn observed_after(plan: &Plan, done: &[Step]) -> State {
    let upgraded = (1..=plan.hops.len())
        .take_while(|number| {
            plan.steps
                .iter()
                .filter(|s| s.hop == *number && s.phase <= Phase::Upgrade)
                .all(|s| done.iter().any(|d| d.id == s.id))
        })
        .count();
    plan.states()[upgraded].clone()
}

/// Marks the first `count` steps of `plan` done and resumes from the versions that gives:
/// exactly the other steps are left, in plan order, and nothing is superseded. Returns the
/// resume.
#[track_caller]
fn resume_after_prefix(planner: &Planner, plan: &Plan, count: usize) -> Resume {
    let (done, rest) = plan.steps.split_at(count);
    let observed = observed_after(plan, done);
    let ids: BTreeSet<String> = done.iter().map(|s| s.id.to_string()).collect();
    let resume = planner
        .resume(plan, &observed, &ids, &ValidationOptions::default())
        .unwrap();
    assert!(resume.on_plan, "{}", resume.message());
    let left: Vec<&str> = resume.remaining.iter().map(|s| s.id.as_str()).collect();
    let expected: Vec<&str> = rest.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(left, expected, "after {count} steps: {}", resume.message());
    assert!(resume.superseded.is_empty(), "{:?}", resume.superseded);
    // A hop is done when all its steps are.
    let hops_done = (1..=plan.hops.len())
        .take_while(|number| rest.iter().all(|s| s.hop != *number))
        .count();
    assert_eq!(resume.hops_done, hops_done);
    if rest.is_empty() {
        assert_eq!(resume.hop, None);
        assert!(resume.message().starts_with("the plan is complete"));
    } else if hops_done < plan.hops.len() {
        assert_eq!(resume.hop, Some(hops_done + 1));
        assert!(
            resume
                .message()
                .contains(&format!("{} left", plural(rest.len(), "step"))),
            "{}",
            resume.message()
        );
    }
    resume
}

/// Versions as the messages write them: `mcr 25.0.12, mke 3.9.7`.
fn describe(state: &State) -> String {
    state
        .iter()
        .map(|(product, version)| format!("{product} {version}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// At every phase boundary of every hop (after the last step of each phase), the resume lists
/// exactly the steps after it.
#[test]
fn resuming_at_every_phase_boundary_lists_exactly_the_steps_after_it() {
    let plan = multi_hop_plan();
    assert!(plan.hops.len() >= 4);
    let planner = embedded();
    let mut boundaries = vec![0];
    for (index, pair) in plan.steps.windows(2).enumerate() {
        if (pair[0].hop, pair[0].phase) != (pair[1].hop, pair[1].phase) {
            boundaries.push(index + 1);
        }
    }
    boundaries.push(plan.steps.len());
    assert!(boundaries.len() > 5 * plan.hops.len(), "{boundaries:?}");
    for count in boundaries {
        let resume = resume_after_prefix(&planner, &plan, count);
        let done = &plan.steps[..count];
        // Right after a hop's upgrade, the hop is upgraded but not finished.
        if let Some(last) = done
            .last()
            .filter(|s| s.phase == Phase::Upgrade && s.hop > 0)
        {
            assert_eq!(resume.hop, Some(last.hop));
            assert!(
                resume.message().contains(&format!(
                    "hop {} ({} {} -> {}) is upgraded but not finished",
                    last.hop,
                    plan.hops[last.hop - 1].product,
                    plan.hops[last.hop - 1].from_text(),
                    plan.hops[last.hop - 1].to_text()
                )),
                "{}",
                resume.message()
            );
        }
    }
}

/// The example: MKE upgraded to 3.4.7 and only `hop-1/upgrade-mke` marked done.
/// Hop 1's checks after the upgrade and the plan-wide steps come first; hop 1 is not done.
#[test]
fn a_hop_past_its_upgrade_keeps_its_verify_and_post_steps_and_the_plan_wide_ones() {
    let planner = embedded();
    let plan = planner
        .plan(&overlay2(request(
            "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
            "msr=latest",
        )))
        .unwrap();
    assert_eq!(plan.hops.len(), 6);
    let observed = request("mcr=20.10.13,mke=3.4.7,msr=2.8.5", "").from;
    let done: BTreeSet<String> = ["hop-1/upgrade-mke".to_owned()].into();
    let resume = planner
        .resume(&plan, &observed, &done, &ValidationOptions::default())
        .unwrap();
    assert_eq!((resume.hops_done, resume.hop), (0, Some(1)));
    let left: Vec<&str> = resume.remaining.iter().map(|s| s.id.as_str()).collect();
    let plan_wide = plan.steps.iter().filter(|s| s.hop == 0).count();
    assert!(
        left[..plan_wide].iter().all(|id| id.starts_with("plan/")),
        "{left:?}"
    );
    assert_eq!(
        left[plan_wide..plan_wide + 3],
        [
            "hop-1/verify-mke-version",
            "hop-1/verify-mke-health",
            "hop-1/update-interlock"
        ]
    );
    assert_eq!(left[plan_wide + 3], "hop-2/check-mke-supported");
    assert_eq!(left.len(), plan.steps.len() - 5);
    assert_eq!(
        resume.superseded,
        [
            "hop-1/check-mke-health",
            "hop-1/check-mcr-versions",
            "hop-1/backup-mke",
            "hop-1/pull-mke-images"
        ]
    );
    assert_eq!(
        resume.message(),
        format!(
            "the cluster runs mcr 20.10.13, mke 3.4.7, msr 2.8.5: 0 of 6 hops are done; hop 1 (mke 3.3.7 -> 3.4.7) is upgraded but not finished, {} steps left; 4 steps not marked done come before an upgrade the versions show done, so they are no longer to do",
            plan.steps.len() - 5
        )
    );
    // The text lists them, and says which steps are no longer to do.
    let text = render_resume(&resume, &plan, Format::Text);
    assert!(text.contains("(hop-1/verify-mke-health)"), "{text}");
    assert!(text.contains("No longer to do"), "{text}");
    // With hop 1 finished, the answer counts it done and moves to hop 2.
    let finished: BTreeSet<String> = plan
        .steps
        .iter()
        .filter(|s| s.hop <= 1)
        .map(|s| s.id.to_string())
        .collect();
    let resume = planner
        .resume(&plan, &observed, &finished, &ValidationOptions::default())
        .unwrap();
    assert_eq!((resume.hops_done, resume.hop), (1, Some(2)));
    assert!(
        resume
            .message()
            .contains(": 1 of 6 hops is done; next is hop 2 (msr 2.8.5 -> 2.9.30)"),
        "{}",
        resume.message()
    );
}

/// On the plan's last state with steps not marked done, the plan is not complete.
#[test]
fn the_last_state_with_steps_left_is_not_complete() {
    let planner = embedded();
    let plan = multi_hop_plan();
    let last = plan.states().last().unwrap().clone();
    let done: BTreeSet<String> = plan
        .steps
        .iter()
        .filter(|s| s.hop != 0)
        .map(|s| s.id.to_string())
        .collect();
    let resume = planner
        .resume(&plan, &last, &done, &ValidationOptions::default())
        .unwrap();
    let plan_wide = plan.steps.iter().filter(|s| s.hop == 0).count();
    assert_eq!(resume.remaining.len(), plan_wide);
    assert_eq!(resume.hops_done, plan.hops.len());
    assert_eq!(resume.hop, None);
    assert_eq!(
        resume.message(),
        format!(
            "the cluster runs {}, the plan's last state: {} hops upgraded, but {plan_wide} steps are not marked done",
            describe(&last),
            plan.hops.len()
        )
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// For any plan of the scenarios and any prefix of its steps marked done, the resume
    /// lists exactly the rest, in order.
    #[test]
    fn resume_after_any_prefix_lists_exactly_the_rest(index in 0usize..64, at in any::<prop::sample::Index>()) {
        let plans = scenario_plans();
        let (planner, plan) = &plans[index % plans.len()];
        resume_after_prefix(planner, plan, at.index(plan.steps.len() + 1));
    }

    /// The same on random catalogs.
    #[test]
    fn resume_after_any_prefix_of_a_generated_plan_lists_exactly_the_rest(case in common::strategies::case(), at in any::<prop::sample::Index>()) {
        let planner = Planner::new(case.catalog());
        if let Ok(plan) = planner.plan(&case.request) {
            resume_after_prefix(&planner, &plan, at.index(plan.steps.len() + 1));
        }
    }
}

/// Every plan the scenarios make (the refusals left out), once per test process.
fn scenario_plans() -> &'static [(Planner, Plan)] {
    static PLANS: std::sync::OnceLock<Vec<(Planner, Plan)>> = std::sync::OnceLock::new();
    PLANS.get_or_init(|| {
        common::scenarios::all()
            .into_iter()
            .filter_map(|s| {
                let plan = s.planner.plan(&s.request).ok()?;
                Some((s.planner, plan))
            })
            .collect()
    })
}

#[test]
fn resume_uses_the_recorded_conditions_and_refuses_unknown_step_ids() {
    let planner = embedded();
    let mut request = minimal(request("mcr=25.0.12,mke=3.8.10,msr=2.10.0", "mke=3.9.0"));
    request.facts.insert("metallb".to_owned(), true);
    let plan = planner.plan(&request).unwrap();
    // Off the plan, with no conditions given: the plan's own (MetalLB in use) decide the fresh
    // plan, which goes through 3.8.12.
    let mut observed = plan.from.clone();
    observed.insert(Product::Mke, "3.8.11".parse().unwrap());
    let resume = planner
        .resume(
            &plan,
            &observed,
            &BTreeSet::new(),
            &ValidationOptions::default(),
        )
        .unwrap();
    let fresh = resume.fresh_plan.expect("a fresh plan");
    assert_eq!(fresh.hops[0].to_text(), "3.8.12");
    assert!(
        fresh.conditions.as_ref().unwrap().facts["metallb"],
        "and records them"
    );

    let done: BTreeSet<String> =
        ["hop-1/backup-mke".to_owned(), "hop-1/bakup-mke".to_owned()].into();
    let refusal = planner
        .resume(&plan, &plan.from, &done, &ValidationOptions::default())
        .unwrap_err();
    assert_eq!(refusal.code(), "unknown-step");
    assert!(refusal.is_input_error());
    assert_eq!(
        refusal.to_string(),
        "step 'hop-1/bakup-mke' is not in the plan; nearest step ids: hop-1/backup-mke, hop-2/backup-mke, hop-1/upgrade-mke"
    );
}

#[test]
fn resume_prints_the_remaining_steps_with_their_commands() {
    let planner = embedded();
    let plan = planner
        .plan(&minimal(request(
            "mcr=25.0.12,mke=3.8.12,msr=2.9.29",
            "msr=2.9.30",
        )))
        .unwrap();
    let resume = planner
        .resume(
            &plan,
            &plan.from,
            &BTreeSet::new(),
            &ValidationOptions::default(),
        )
        .unwrap();
    let upgrade = plan
        .steps
        .iter()
        .find(|s| s.id == "hop-1/upgrade-msr")
        .unwrap();
    let first_line = upgrade.command.as_ref().unwrap().lines().next().unwrap();
    let text = render_resume(&resume, &plan, Format::Text);
    assert!(text.starts_with(&resume.message()));
    assert!(text.contains("(hop-1/upgrade-msr)"), "{text}");
    assert!(
        text.contains(&format!("      run:\n        {first_line}\n")),
        "{text}"
    );
    let markdown = render_resume(&resume, &plan, Format::Markdown);
    assert!(markdown.contains("- [ ] **Upgrade MSR from 2.9.29 to 2.9.30** `hop-1/upgrade-msr`"));
    assert!(markdown.contains(&format!("  {first_line}")));
    let json: Value = serde_json::from_str(&render_resume(&resume, &plan, Format::Json)).unwrap();
    assert!(
        json["remaining"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["command"] == upgrade.command.as_deref().unwrap())
    );
    let dot = render_resume(&resume, &plan, Format::Dot);
    assert!(dot.starts_with("digraph"), "{dot}");
}

#[test]
fn done_steps_are_skipped_and_an_interrupted_msr_upgrade_is_rerun() {
    let plan = multi_hop_plan();
    let states = plan.states();
    let msr = plan
        .hops
        .iter()
        .position(|h| h.product == Product::Msr)
        .unwrap();
    let hop = msr + 1;
    // Every step before the MSR hop is done, and that hop's steps up to its upgrade.
    let done: BTreeSet<String> = plan
        .steps
        .iter()
        .filter(|s| s.hop < hop || s.hop == hop && s.id != format!("hop-{hop}/verify-containers"))
        .filter(|s| {
            s.hop < hop
                || matches!(
                    s.phase,
                    mirantis_upgrade_planner::Phase::Precheck
                        | mirantis_upgrade_planner::Phase::Backup
                        | mirantis_upgrade_planner::Phase::Prepare
                        | mirantis_upgrade_planner::Phase::Upgrade
                )
        })
        .map(|s| s.id.to_string())
        .collect();
    let resume = embedded()
        .resume(&plan, &states[msr], &done, &ValidationOptions::default())
        .unwrap();
    assert_eq!(resume.hop, Some(hop));
    assert_eq!(
        resume.remaining[0].id,
        format!("hop-{hop}/upgrade-msr"),
        "the interrupted upgrade comes back first"
    );
    assert!(resume.message().ends_with(&format!(
        "step hop-{hop}/upgrade-msr was started but msr is still 2.9.30: run the same command again, it resumes from the point of interruption"
    )));
}

/// Resuming a plan a person edited (read back from JSON) gives an answer, never a panic:
/// steps pointing at hop 99, no hops, a hop to nowhere, an empty step id.
#[test]
fn resuming_a_hand_edited_plan_answers() {
    let planner = embedded();
    let base = multi_hop_plan();
    let json: Value = serde_json::from_str(&render_plan(&base, Format::Json)).unwrap();
    let edited = |edit: &dyn Fn(&mut Value)| {
        let mut edited = json.clone();
        edit(&mut edited);
        Plan::from_json(&edited.to_string()).unwrap()
    };
    let none = BTreeSet::new();
    let options = ValidationOptions::default();
    let plans = [
        edited(&|p| p["steps"][3]["hop"] = json!(99)),
        edited(&|p| p["steps"][3]["hop"] = json!(u64::MAX)),
        edited(&|p| p["hops"][1]["to"] = Value::Null),
        edited(&|p| p["hops"][0]["from"] = Value::Null),
        edited(&|p| p["steps"][3]["id"] = json!("")),
    ];
    // Each edit makes the plan invalid: it is answered as such, with the first error, and
    // no step is read from it.
    for plan in &plans {
        for state in &plan.states() {
            let resume = planner.resume(plan, state, &none, &options).unwrap();
            assert!(!resume.on_plan);
            assert!(resume.remaining.is_empty());
            assert!(
                resume
                    .message()
                    .starts_with("the plan is not resumed: it does not pass validation ("),
                "{}",
                resume.message()
            );
            for format in [Format::Text, Format::Dot, Format::Svg] {
                assert!(!render_resume(&resume, plan, format).is_empty());
            }
        }
    }
    // A step pointing past the last hop is not left to do: the plan is refused.
    let dangling = &plans[0];
    let resume = planner
        .resume(dangling, &dangling.states()[1], &none, &options)
        .unwrap();
    assert!(resume.message().contains("hop 99"), "{}", resume.message());
    // An empty id is a step of that plan only.
    let empty: BTreeSet<String> = [String::new()].into();
    assert!(
        planner
            .resume(&plans[4], &base.from, &empty, &options)
            .is_ok()
    );
    let refusal = planner
        .resume(&base, &base.from, &empty, &options)
        .unwrap_err();
    assert!(matches!(refusal, Refusal::UnknownStep { ref id, .. } if id.is_empty()));
    // No hops but steps of hops: not a plan to resume, never "complete".
    let no_hops = edited(&|p| p["hops"] = json!([]));
    let resume = planner
        .resume(&no_hops, &no_hops.from, &none, &options)
        .unwrap();
    assert!(!resume.on_plan);
    assert!(
        !resume.message().contains("complete"),
        "{}",
        resume.message()
    );
    // A resume rendered with another, shorter plan than its own.
    let done = base.hops.len() - 1;
    let late = planner
        .resume(&base, &base.states()[done], &none, &options)
        .unwrap();
    for format in [Format::Text, Format::Dot, Format::Mermaid, Format::Svg] {
        assert!(!render_resume(&late, &no_hops, format).is_empty());
    }
}

#[test]
fn a_state_off_the_plan_gets_a_fresh_plan() {
    let plan = multi_hop_plan();
    let mut observed = plan.from.clone();
    observed.insert(Product::Mke, "3.8.11".parse().unwrap());
    observed.insert(Product::Mcr, "25.0.12".parse().unwrap());
    // The plan's own conditions do not answer MetalLB (its route did not need it).
    let unanswered = embedded()
        .resume(
            &plan,
            &observed,
            &BTreeSet::new(),
            &ValidationOptions::default(),
        )
        .unwrap();
    assert!(
        unanswered.fresh_plan.is_none(),
        "from 3.8.11 the MetalLB answer decides the fresh plan"
    );
    assert!(
        unanswered
            .message()
            .ends_with("answer with --facts metallb=true or --facts metallb=false (in a JSON request: \"facts\": {\"metallb\": true} or false)"),
        "{}",
        unanswered.message()
    );
    let overrides = ValidationOptions {
        facts: Some([("metallb".to_owned(), false)].into()),
        ..ValidationOptions::default()
    };
    let resume = embedded()
        .resume(&plan, &observed, &BTreeSet::new(), &overrides)
        .unwrap();
    assert!(!resume.on_plan);
    let fresh = resume.fresh_plan.unwrap();
    assert_eq!(fresh.from, observed);
    assert_eq!(fresh.to, plan.to);
    assert_eq!(
        resume.subject.to_string(),
        format!(
            "the cluster runs mcr 25.0.12, mke 3.8.11, msr 2.9.30, which is not a state of the plan; a fresh plan from there to mcr 25.0.12, mke 3.9.7, msr 2.10.4 has {} hops",
            fresh.hops.len()
        )
    );
}

#[test]
fn an_install_plan_brings_mcr_and_mke_up_then_installs_msr() {
    let plan = embedded()
        .plan(&overlay2(minimal(request(
            "mcr=20.10.13,mke=3.3.7",
            "msr=latest",
        ))))
        .unwrap();
    // The seed's first step: the MSR host requirements, also before an install.
    for id in [
        "plan/system-requirements",
        "plan/ports",
        "plan/admin-can-deploy",
    ] {
        assert!(plan.steps.iter().any(|s| s.id == id), "{id}");
    }
    let last = plan.hops.last().unwrap();
    assert_eq!(
        (
            last.product,
            last.from.as_ref(),
            last.to_text(),
            last.rule.as_str()
        ),
        (Product::Msr, None, "2.10.4", "install")
    );
    // MKE goes to the most recent release MSR 2.10 allows, MCR to the most recent documented
    // one both allow (29.2.1 is known only from a test configuration: low confidence).
    assert_eq!(plan.to[&Product::Mke].as_str(), "3.9.7");
    assert_eq!(plan.to[&Product::Mcr].as_str(), "25.0.12");
    assert!(
        plan.hops[..plan.hops.len() - 1]
            .iter()
            .all(|h| h.product != Product::Msr)
    );
    let n = plan.hops.len();
    let step = |id: &str| {
        plan.steps
            .iter()
            .find(|s| s.id == format!("hop-{n}/{id}"))
            .unwrap_or_else(|| panic!("{id}"))
    };
    let install = step("install-msr").command.as_deref().unwrap();
    for flag in [
        "registry.mirantis.com/msr/dtr:2.10.4 install",
        "--dtr-external-url <msr-url>",
        "--ucp-node <msr-node>",
        "--ucp-username <mke-admin>",
        "--ucp-url <mke-url>",
    ] {
        assert!(install.contains(flag), "{flag}");
    }
    assert!(step("load-balancer-tcp").title.contains("TCP probes"));
    assert!(
        step("configure-tls-storage")
            .title
            .contains("System > Storage")
    );
    step("verify-push-pull");
    let json = mirantis_upgrade_planner::render::render_plan(
        &plan,
        mirantis_upgrade_planner::Format::Json,
    );
    assert!(json.contains("\"from\": null"));
    let back = Plan::from_json(&json).unwrap();
    assert_eq!(
        mirantis_upgrade_planner::validate::validate(
            &back,
            embedded().catalog(),
            &mirantis_upgrade_planner::validate::ValidationOptions {
                facts: Some([("unsupported-storage-driver".to_owned(), false)].into()),
                ..Default::default()
            }
        ),
        vec![]
    );
}

#[test]
fn an_install_joins_each_further_replica_and_loads_bundles_offline() {
    let mut request = minimal(request("mcr=25.0.18,mke=3.8.12", "msr=2.9"));
    request.inventory = Some(inventory(|_| {}));
    request.offline = true;
    let plan = embedded().plan(&request).unwrap();
    assert_eq!(
        plan.hops.len(),
        1,
        "MCR and MKE are already the newest MSR 2.9 allows"
    );
    let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"hop-1/join-dtr-2") && ids.contains(&"hop-1/join-dtr-3"));
    assert!(
        !ids.contains(&"hop-1/join-dtr-1"),
        "the first replica is the install"
    );
    let install = plan
        .steps
        .iter()
        .find(|s| s.id == "hop-1/install-msr")
        .unwrap();
    assert!(
        install
            .command
            .as_deref()
            .unwrap()
            .contains("--ucp-node dtr-1")
    );
    assert_eq!(plan.steps[0].id, "plan/download-bundles");
    let load = plan
        .steps
        .iter()
        .find(|s| s.id == "hop-1/pull-msr-image")
        .unwrap();
    assert_eq!(
        load.command.as_deref(),
        Some("docker load -i msr-2.9.30-images.tar")
    );
}

#[test]
fn msr_3_and_4_are_not_installed_by_a_plan() {
    let refusal = embedded()
        .plan(&request("mcr=25.0.18,mke=3.7.25", "msr=3.1"))
        .unwrap_err();
    assert_eq!(refusal.code(), "not-installable");
    assert_eq!(
        refusal.to_string(),
        "MSR 3.1 cannot be installed by this planner: only MSR 2.x installs with `docker run .../dtr install` on an MKE release that supports it (MSR 3 and 4 install with Helm or their operator)"
    );
}

/// A small catalog for installs: three products on lines 1.0 to 2.0, with `extra` entries.
fn install_catalog(extra: &Value) -> mirantis_upgrade_planner::Planner {
    let releases = json!(["1.0.0", "1.1.0", "2.0.0", "2.0.1"]);
    let mut catalog = json!({
        "schema_version": 1,
        "products": {
            "mcr": {"releases": releases},
            "mke": {"releases": releases},
            "msr": {"releases": releases},
        },
        "facts": {"f": {"question": "generated?"}},
    });
    for (key, value) in extra.as_object().unwrap() {
        catalog[key] = value.clone();
    }
    mirantis_upgrade_planner::Planner::new(
        mirantis_upgrade_planner::Catalog::from_json(&catalog.to_string()).unwrap(),
    )
}

/// Regression (found by the request generator): MSR 2.0 needs an MCR the cluster is already
/// past, and the request names `mcr=latest`; the install plan moved MCR past MSR's range and
/// installed MSR anyway (a plan the validator rejects).
#[test]
fn an_install_that_no_compatible_mcr_allows_is_refused() {
    let planner = install_catalog(&json!({
        "compatibility": [{"when": "msr 2.0", "requires": "mcr >=1.0.0, <=1.0.9"}],
    }));
    let refusal = planner
        .plan(&request(
            "mcr=1.1.0,mke=1.0.0",
            "mcr=latest,mke=latest,msr=2.0",
        ))
        .unwrap_err();
    assert_eq!(refusal.code(), "not-installable");
    assert_eq!(
        refusal.to_string(),
        "msr 2.0.1 cannot be installed: no mcr release from 1.1.0 on is compatible with it (downgrades are not supported)"
    );
}

/// Regression (found by the request generator's long run): MSR 2.0 needs MCR, which the
/// cluster does not run; the install plan installed MSR without it.
#[test]
fn an_install_that_needs_a_product_not_installed_is_refused() {
    let planner = install_catalog(&json!({
        "compatibility": [{"when": "msr 2.0", "requires": "mcr >=1.0.0, <=1.0.9"}],
    }));
    let refusal = planner
        .plan(&request("mke=1.0.0", "msr=latest"))
        .unwrap_err();
    assert_eq!(refusal.code(), "not-installed");
    assert_eq!(
        refusal.to_string(),
        "mcr is not installed: add it to the current versions (only MSR can be installed by a plan)"
    );
}

/// Regression (found by the request generator): a gate on the MSR line to install needs an
/// earlier MSR, which a first install never has; the plan installed it anyway.
#[test]
fn an_install_whose_gate_cannot_hold_is_refused_or_asks_its_fact() {
    let gate = |if_fact: Option<&str>| {
        let mut gate = json!({"to": "msr 2.0.*", "requires": ["msr >=1.1.0"], "reason": "upgrade from 1.1 first"});
        if let Some(fact) = if_fact {
            gate["if_fact"] = json!(fact);
        }
        install_catalog(&json!({"gates": [gate]}))
    };
    let refusal = gate(None)
        .plan(&request("mcr=1.0.0,mke=1.0.0", "msr=2.0"))
        .unwrap_err();
    assert_eq!(refusal.code(), "not-installable");
    assert_eq!(
        refusal.to_string(),
        "msr 2.0.1 cannot be installed: its gate 'msr >=1.1.0' does not hold before the install: upgrade from 1.1 first"
    );
    let planner = gate(Some("f"));
    let mut asked = request("mcr=1.0.0,mke=1.0.0", "msr=2.0");
    assert_eq!(planner.plan(&asked).unwrap_err().code(), "unanswered-fact");
    asked.facts.insert("f".to_owned(), false);
    let plan = planner.plan(&asked).unwrap();
    assert_eq!(plan.to[&Product::Msr].as_str(), "2.0.1");
    asked.facts.insert("f".to_owned(), true);
    assert_eq!(planner.plan(&asked).unwrap_err().code(), "not-installable");
}

#[test]
fn an_uninstall_destroys_each_replica() {
    let mut with_inventory = request_without_inventory();
    with_inventory.inventory = Some(inventory(|_| {}));
    let plan = embedded().uninstall(&with_inventory).unwrap();
    assert_eq!(plan.hops.len(), 1);
    assert_eq!(
        (plan.hops[0].to.as_ref(), plan.hops[0].rule.as_str()),
        (None, "uninstall")
    );
    assert!(!plan.to.contains_key(&Product::Msr));
    let destroys: Vec<(&str, &str)> = plan
        .steps
        .iter()
        .filter(|s| s.id.starts_with("hop-1/destroy-"))
        .map(|s| (s.id.as_str(), s.node.as_deref().unwrap()))
        .collect();
    assert_eq!(
        destroys,
        [
            ("hop-1/destroy-a1b2c3d4e5f6", "dtr-1"),
            ("hop-1/destroy-b2c3d4e5f6a1", "dtr-2"),
            ("hop-1/destroy-c3d4e5f6a1b2", "dtr-3")
        ]
    );
    assert!(plan.steps.iter().any(|s| {
        s.command.as_deref().is_some_and(|c| {
            c.contains("mirantis/dtr:2.9.30 destroy") && c.contains("--replica-id b2c3d4e5f6a1")
        })
    }));
    let backup = plan
        .steps
        .iter()
        .position(|s| s.id == "hop-1/backup-msr")
        .unwrap();
    let first_destroy = plan
        .steps
        .iter()
        .position(|s| s.id.starts_with("hop-1/destroy-"))
        .unwrap();
    assert!(backup < first_destroy);
    assert_eq!(
        mirantis_upgrade_planner::validate::validate(
            &plan,
            embedded().catalog(),
            &mirantis_upgrade_planner::validate::ValidationOptions::default()
        ),
        vec![]
    );
    // Without an inventory: one destroy on placeholders, to run once per replica.
    let bare = embedded().uninstall(&request_without_inventory()).unwrap();
    let destroy = bare
        .steps
        .iter()
        .find(|s| s.id.starts_with("hop-1/destroy-"))
        .unwrap();
    assert!(
        destroy
            .command
            .as_deref()
            .unwrap()
            .contains("--replica-id <replica-id>")
    );
    let refusal = embedded()
        .uninstall(&request("mcr=25.0.18,mke=3.8.12", ""))
        .unwrap_err();
    assert_eq!(refusal.code(), "not-installed");
}

fn request_without_inventory() -> Request {
    request("mcr=25.0.18,mke=3.8.12,msr=2.9.30", "")
}
