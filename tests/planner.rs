//! The joint planner: one scenario per situation, and refusals with their explanations.
//! (The golden plans are pinned in `tests/render.rs`.)

mod common;

use mirantis_upgrade_planner::{
    Catalog, Explanation, Format, Hint, Plan, Planner, Policy, Product, Refusal, Request, Target,
    WarningCode,
    plan::WarningSubject,
    refusal::{Obstacle, OtherProduct},
    render::{explanation_summary, refusal_json, render_refusal},
    requirement::Requirement,
};

use common::scenarios::{embedded, minimal, overlay2, request, scenario_catalog as scenarios};

#[track_caller]
fn plan(planner: &Planner, request: &Request) -> Plan {
    planner
        .plan(request)
        .unwrap_or_else(|refusal| panic!("refused: {refusal}"))
}

fn requirement(text: &str) -> Requirement {
    text.parse().unwrap()
}

/// The blockers' messages, as the render layer writes them (in the refusal's JSON).
fn blocker_messages(explanation: &Explanation) -> Vec<String> {
    let json = refusal_json(&Refusal::NoPath(Box::new(explanation.clone())));
    json["error"]["explanation"]["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["message"].as_str().unwrap().to_owned())
        .collect()
}

/// The hints' texts.
fn hint_texts(explanation: &Explanation) -> Vec<String> {
    explanation.hints.iter().map(ToString::to_string).collect()
}

/// The hops of a plan as `product from -> to (rule)`.
fn hops(plan: &Plan) -> Vec<String> {
    plan.hops
        .iter()
        .map(|h| {
            format!(
                "{} {} -> {} ({})",
                h.product,
                h.from_text(),
                h.to_text(),
                h.rule
            )
        })
        .collect()
}

fn warnings(plan: &Plan, code: WarningCode) -> Vec<String> {
    plan.warnings
        .iter()
        .filter(|w| w.code == code)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn msr_then_mke_then_msr_again_when_compatibility_demands_it() {
    let plan = plan(
        &scenarios(),
        &minimal(request(
            "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
            "mke=3.5,msr=2.10",
        )),
    );
    assert_eq!(
        hops(&plan),
        [
            "msr 2.8.5 -> 2.9.30 (minor-upgrade)",
            "mke 3.3.7 -> 3.4.7 (minor-upgrade)",
            "msr 2.9.30 -> 2.10.3 (minor-upgrade)",
            "mke 3.4.7 -> 3.5.12 (minor-upgrade)",
        ]
    );
    assert_eq!(
        plan.to[&Product::Mcr].as_str(),
        "20.10.13",
        "MCR is not named and need not move"
    );
}

#[test]
fn the_embedded_catalog_also_interleaves_msr_and_mke() {
    let mut request = minimal(request("mcr=20.10.13,mke=3.3.7,msr=2.8.5", "mke=3.9"));
    request
        .facts
        .insert("unsupported-storage-driver".to_owned(), false);
    let plan = plan(&embedded(), &request);
    let products: Vec<Product> = plan.hops.iter().map(|h| h.product).collect();
    let first_msr = products.iter().position(|p| *p == Product::Msr).unwrap();
    let last_msr = products.iter().rposition(|p| *p == Product::Msr).unwrap();
    assert!(
        products[first_msr..last_msr].contains(&Product::Mke),
        "{:?}",
        hops(&plan)
    );
    assert_eq!(
        hops(&plan).last().unwrap(),
        "mke 3.8.12 -> 3.9.7 (minor-upgrade)"
    );
}

#[test]
fn mke_3_9_gate_without_metallb() {
    let mut request = minimal(request("mcr=25.0.12,mke=3.8.11,msr=2.10.0", "mke=3.9.0"));
    request.facts.insert("metallb".to_owned(), false);
    let plan = plan(&embedded(), &request);
    assert_eq!(hops(&plan), ["mke 3.8.11 -> 3.9.0 (minor-upgrade)"]);
}

#[test]
fn a_gate_on_a_fact_nobody_answered_refuses_the_plan() {
    let request = minimal(request("mcr=25.0.12,mke=3.8.11,msr=2.10.0", "mke=3.9.0"));
    let refusal = embedded().plan(&request).unwrap_err();
    assert_eq!(refusal.code(), "unanswered-fact");
    assert!(!refusal.is_input_error(), "a well-formed request: exit 1");
    assert_eq!(
        refusal.to_string(),
        "the plan depends on facts nobody answered: 'metallb': Does the cluster use MetalLB? (clusters that use MetalLB must be on MKE 3.8.12 or later before upgrading to MKE 3.9); answer with --facts metallb=true or --facts metallb=false (in a JSON request: \"facts\": {\"metallb\": true} or false)"
    );
    let Refusal::UnansweredFact(facts) = &refusal else {
        panic!("{refusal:?}")
    };
    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].fact.name, "metallb");
    assert_eq!(facts[0].gates[0].requires[0].as_str(), "mke >=3.8.12");
    assert_eq!(
        embedded().route(&request).unwrap_err().code(),
        "unanswered-fact",
        "the fleet path asks too"
    );
}

#[test]
fn an_ordered_gate_refuses_a_plan_that_cannot_keep_its_order() {
    // MKE 1.1 needs MCR 2 first, but the gate wants MKE 1.1 before MCR 2.
    let json = r#"{"schema_version": 1,
        "products": {"mcr": {"releases": ["1.0.0", "2.0.0"]},
                     "mke": {"releases": ["1.0.0", "1.1.0", "1.2.0"]}},
        "compatibility": [{"when": "mke 1.1.*", "requires": "mcr 2.*"}],
        "gates": [{"to": "mke 1.2.*", "requires": ["mke >=1.1.0", "mcr >=2.0.0"],
                   "in_order": true, "reason": "MKE 1.1 first, then MCR 2, then MKE 1.2"}]
    }"#;
    let planner = Planner::new(Catalog::from_json(json).unwrap());
    let refusal = planner
        .plan(&request("mcr=1.0.0,mke=1.0.0", "mke=1.2.0"))
        .unwrap_err();
    let explanation = refusal.explanation().expect("no-path");
    let blocker = explanation
        .blockers
        .iter()
        .find(|b| b.product == Product::Mke)
        .unwrap();
    assert_eq!(
        blocker.obstacle,
        Obstacle::GateOrder {
            requires: vec![requirement("mke >=1.1.0"), requirement("mcr >=2.0.0")],
            reason: "MKE 1.1 first, then MCR 2, then MKE 1.2".to_owned()
        }
    );
    let index = explanation
        .blockers
        .iter()
        .position(|b| b.product == Product::Mke)
        .unwrap();
    assert_eq!(
        blocker_messages(explanation)[index],
        "mke 1.1.0 -> 1.2.0: the plan met 'mke >=1.1.0', then 'mcr >=2.0.0' out of the documented order: MKE 1.1 first, then MCR 2, then MKE 1.2"
    );
    // Without the order, the same catalog plans.
    let unordered =
        Planner::new(Catalog::from_json(&json.replace("\"in_order\": true,", "")).unwrap());
    assert_eq!(
        hops(&plan(
            &unordered,
            &request("mcr=1.0.0,mke=1.0.0", "mke=1.2.0")
        )),
        [
            "mcr 1.0.0 -> 2.0.0 (major-upgrade)",
            "mke 1.0.0 -> 1.1.0 (minor-upgrade)",
            "mke 1.1.0 -> 1.2.0 (minor-upgrade)"
        ]
    );
}

#[test]
fn mke_3_6_and_3_7_stay_below_mcr_24() {
    // "MCR 20.10.0 or later" is a documented floor; the upper limit is inferred.
    let refusal = embedded()
        .plan(&request("mcr=23.0.9-1,mke=3.6.8", "mke=3.6.8,mcr=29.2.1"))
        .unwrap_err();
    assert_eq!(refusal.code(), "no-path");
    let explanation = refusal.explanation().unwrap();
    assert!(
        explanation.blockers.iter().any(|b| b.obstacle
            == Obstacle::Compatibility {
                when: requirement("mke 3.6.*"),
                requires: requirement("mcr <24.0.0")
            }),
        "{:#?}",
        explanation.blockers
    );
    let plan = plan(
        &embedded(),
        &overlay2(request("mcr=20.10.13,mke=3.6.8", "mke=3.7")),
    );
    assert_eq!(
        hops(&plan),
        [
            "mcr 20.10.13 -> 23.0.9-1 (major-upgrade)",
            "mke 3.6.8 -> 3.7.25 (minor-upgrade)"
        ],
        "the recommended MCR is the newest below 24, not 29.2.1"
    );
    assert!(
        warnings(&plan, WarningCode::LowConfidence).contains(
            &"the plan relies on inferred compatibility data: 'mke 3.7.*' requires 'mcr <24.0.0'"
                .to_owned()
        )
    );
}

#[test]
fn documented_releases_are_preferred_and_weak_ones_say_why() {
    let planner = embedded();
    // The 25.0 line: 25.0.12 is documented, 25.0.14 to 25.0.18 come from a third party.
    let line = plan(
        &planner,
        &request("mcr=23.0.9-1,mke=3.8.12", "mcr=25.0,mke=3.8.12"),
    );
    assert_eq!(line.to[&Product::Mcr].as_str(), "25.0.12");
    assert!(
        warnings(&line, WarningCode::LowConfidence)
            .iter()
            .all(|w| !w.contains("25.0.1"))
    );
    let named = plan(
        &planner,
        &request("mcr=23.0.9-1,mke=3.8.12", "mcr=25.0.18,mke=3.8.12"),
    );
    assert_eq!(named.to[&Product::Mcr].as_str(), "25.0.18");
    assert!(
        warnings(&named, WarningCode::LowConfidence).contains(
            &"mcr 25.0.18 is known only from low-confidence sources; it is used because the request names it".to_owned()
        )
    );
    // MSR 3.1: 3.1.14 is documented, 3.1.18 only in a launchpad test.
    let mut migration = request("mcr=23.0.9-1,mke=3.7.25,msr=2.9.30", "msr=3.1");
    migration.allow_migrations = true;
    assert_eq!(
        plan(&planner, &migration).to[&Product::Msr].as_str(),
        "3.1.14"
    );
    // A line with no documented release still serves, and says why.
    let weak_line = plan(&planner, &request("mcr=20.10.13,mke=3.3.7", "mke=3.4"));
    assert_eq!(weak_line.to[&Product::Mke].as_str(), "3.4.7");
    assert!(
        warnings(&weak_line, WarningCode::LowConfidence).contains(
            &"mke 3.4.7 is known only from low-confidence sources; it is used because no documented release of its line serves this plan".to_owned()
        )
    );
}

#[test]
fn mke_3_9_migrates_to_mke_4_2_and_later_only() {
    let planner = embedded();
    let mut request = request("mcr=25.0.12,mke=3.9.7", "mke=4.2");
    request.allow_migrations = true;
    request.facts.insert("calico-ebpf".to_owned(), false);
    request
        .facts
        .insert("kube-proxy-not-iptables".to_owned(), false);
    assert_eq!(
        hops(&plan(&planner, &request)),
        ["mke 3.9.7 -> 4.2.1 (migration)"]
    );
    let mut to_4_1 = request.clone();
    to_4_1
        .to
        .insert(Product::Mke, Target::parse("4.1").unwrap());
    let refusal = planner.plan(&to_4_1).unwrap_err();
    assert_eq!(refusal.code(), "no-path");
    let blocker = &refusal.explanation().unwrap().blockers[0];
    assert_eq!(
        blocker.obstacle,
        Obstacle::NoMigration {
            sources: vec![requirement("mke >=3.7.15, <3.9.0")]
        },
        "4.1 is reached only from 3.7.15+ and 3.8"
    );
    // From MKE 3.8, 4.0 and 4.1 are reachable, and MKE 4.1 -> 4.2 is an upgrade.
    let mut from_3_8 = Request {
        from: request.from.clone(),
        ..request.clone()
    };
    from_3_8
        .from
        .insert(Product::Mke, "3.8.12".parse().unwrap());
    from_3_8
        .to
        .insert(Product::Mke, Target::parse("4.1.5").unwrap());
    assert_eq!(
        hops(&plan(&planner, &from_3_8)),
        ["mke 3.8.12 -> 4.1.5 (migration)"]
    );
    let mut within = request.clone();
    within.from.insert(Product::Mke, "4.1.5".parse().unwrap());
    within.allow_migrations = false;
    assert_eq!(
        hops(&plan(&planner, &within)),
        ["mke 4.1.5 -> 4.2.1 (minor-upgrade)"]
    );
    // Calico eBPF: no way into MKE 4.
    let mut ebpf = request.clone();
    ebpf.facts.insert("calico-ebpf".to_owned(), true);
    assert_eq!(planner.plan(&ebpf).unwrap_err().code(), "no-path");
    ebpf.facts.remove("calico-ebpf");
    assert_eq!(planner.plan(&ebpf).unwrap_err().code(), "unanswered-fact");
}

#[test]
fn a_major_version_target_means_its_newest_eligible_line() {
    let planner = embedded();
    let mut major = request("mcr=23.0.9-1,mke=3.7.25,msr=2.9.30", "msr=3");
    major.allow_migrations = true;
    let mut line = major.clone();
    line.to.insert(Product::Msr, Target::parse("3.1").unwrap());
    let by_major = plan(&planner, &major);
    assert_eq!(hops(&by_major), hops(&plan(&planner, &line)));
    assert!(
        hops(&by_major)
            .last()
            .unwrap()
            .starts_with("msr 2.9.30 -> 3.1.")
    );

    // Within the current major: the newest 2.x, no migration needed.
    let two = request("mcr=23.0.9-1,mke=3.7.25,msr=2.9.30", "msr=2");
    assert!(
        hops(&plan(&planner, &two))
            .last()
            .unwrap()
            .starts_with("msr 2.9.30 -> 2.10.")
    );
    // A 3.x target without migrations is the usual refusal, naming the tool.
    let mut no_migrations = major.clone();
    no_migrations.allow_migrations = false;
    assert_eq!(
        planner.plan(&no_migrations).unwrap_err().code(),
        "migration-required"
    );
    // Already on the newest 2.x: nothing to do.
    let newest = planner
        .catalog()
        .releases(Product::Msr)
        .iter()
        .rev()
        .find(|r| r.version.major() == 2 && r.blocked.is_none())
        .unwrap()
        .version
        .clone();
    let mut there = two.clone();
    there.from.insert(Product::Msr, newest);
    assert!(plan(&planner, &there).hops.is_empty());
    // A major with no release is an unknown version that says so.
    let unknown = request("mcr=23.0.9-1,mke=3.7.25,msr=2.9.30", "msr=7");
    let refusal = planner.plan(&unknown).unwrap_err();
    assert_eq!(refusal.code(), "unknown-version");
    assert!(
        refusal
            .to_string()
            .contains("no release of major version 7"),
        "{refusal}"
    );
}

#[test]
fn a_fact_whose_answer_changes_nothing_is_not_asked() {
    // Already on 3.8.12: the MetalLB gate holds whatever the answer.
    let request = minimal(request("mcr=25.0.12,mke=3.8.12,msr=2.10.0", "mke=3.9.0"));
    assert_eq!(
        hops(&plan(&embedded(), &request)),
        ["mke 3.8.12 -> 3.9.0 (minor-upgrade)"]
    );
}

#[test]
fn an_unknown_fact_is_malformed_input_naming_the_nearest() {
    let mut request = minimal(request("mcr=25.0.12,mke=3.8.11,msr=2.10.0", "mke=3.9.0"));
    request.facts.insert("metalb".to_owned(), true);
    let refusal = embedded().plan(&request).unwrap_err();
    assert_eq!(refusal.code(), "unknown-fact");
    assert!(refusal.is_input_error(), "malformed input: exit 2");
    assert_eq!(
        refusal.to_string(),
        "unknown fact 'metalb' (did you mean 'metallb'?); the catalog's facts are: aws-in-tree-cloud-provider, calico-ebpf, kube-proxy-not-iptables, manifest-lists, mcr-fips, metallb, unsupported-storage-driver"
    );
    let mut far = request.clone();
    far.facts.clear();
    far.facts.insert("kubernetes".to_owned(), true);
    assert_eq!(
        embedded().plan(&far).unwrap_err().to_string(),
        "unknown fact 'kubernetes'; the catalog's facts are: aws-in-tree-cloud-provider, calico-ebpf, kube-proxy-not-iptables, manifest-lists, mcr-fips, metallb, unsupported-storage-driver",
        "no suggestion when nothing is close"
    );
}

#[test]
fn mke_3_9_gate_with_metallb() {
    let mut request = minimal(request("mcr=25.0.12,mke=3.8.11,msr=2.10.0", "mke=3.9.0"));
    request.facts.insert("metallb".to_owned(), true);
    let plan = plan(&embedded(), &request);
    assert_eq!(
        hops(&plan),
        [
            "mke 3.8.11 -> 3.8.12 (patch-upgrade)",
            "mke 3.8.12 -> 3.9.0 (minor-upgrade)"
        ]
    );
    request.facts.insert("metallb".to_owned(), false);
    assert_eq!(
        embedded().plan(&request).unwrap().hops.len(),
        1,
        "a false fact does not trigger the gate"
    );
}

#[test]
fn mke_3_9_gate_moves_mcr_first() {
    let plan = plan(
        &embedded(),
        &minimal(request("mcr=23.0.9,mke=3.8.12,msr=2.10.0", "mke=3.9.0")),
    );
    assert_eq!(
        hops(&plan),
        [
            "mcr 23.0.9 -> 25.0.12 (major-upgrade)",
            "mke 3.8.12 -> 3.9.0 (minor-upgrade)"
        ],
        "25.0.12 is documented; 25.0.14 to 25.0.18 are known only from a third party"
    );
}

#[test]
fn recommended_policy_follows_the_documented_recommendations() {
    let request = request("mcr=23.0.9,mke=3.8.12,msr=2.10.0", "mke=3.9.0");
    let plan = plan(&embedded(), &request);
    assert_eq!(
        hops(&plan),
        [
            "mcr 23.0.9 -> 23.0.9-1 (patch-upgrade)",
            "mcr 23.0.9-1 -> 25.0.12 (major-upgrade)",
            "mke 3.8.12 -> 3.9.0 (minor-upgrade)",
        ],
        "be on the newest release of the major before a major hop"
    );
    assert!(warnings(&plan, WarningCode::RecommendationNotFollowed).is_empty());
    let minimal_plan = plan_minimal_of(&request);
    assert!(minimal_plan.hops.len() < plan.hops.len());
    assert_eq!(
        warnings(&minimal_plan, WarningCode::RecommendationNotFollowed),
        Vec::<&str>::new(),
        "minimal does not weigh recommendations, so it does not report them"
    );
}

fn plan_minimal_of(request: &Request) -> Plan {
    let mut request = request.clone();
    request.policy = Policy::Minimal;
    plan(&embedded(), &request)
}

#[test]
fn an_unfollowed_recommendation_is_a_warning() {
    // MCR is pinned by the request, so the recommendation cannot be followed.
    let plan = plan(
        &embedded(),
        &request("mcr=20.10.13,mke=3.6.8,msr=2.9.30", "mke=3.7,mcr=20.10.13"),
    );
    assert_eq!(hops(&plan), ["mke 3.6.8 -> 3.7.25 (minor-upgrade)"]);
    assert_eq!(
        warnings(&plan, WarningCode::RecommendationNotFollowed),
        [
            "before mke 3.6.8 -> 3.7.25, MCR should be on 23.0.9-1, the newest release compatible with both (it is on 20.10.13)"
        ]
    );
}

#[test]
fn a_product_not_named_moves_when_another_requires_it() {
    let plan = plan(
        &embedded(),
        &request("mcr=19.03.14,mke=3.2.8,msr=2.6.0", "mke=3.3"),
    );
    assert_eq!(
        hops(&plan),
        [
            "msr 2.6.0 -> 2.7.8 (minor-upgrade)",
            "mke 3.2.8 -> 3.3.7 (minor-upgrade)"
        ]
    );
}

#[test]
fn migrations_happen_only_when_allowed() {
    let mut request = request("mcr=20.10.13,mke=3.4.7,msr=2.10.3", "msr=3.1");
    let refusal = scenarios().plan(&request).unwrap_err();
    assert_eq!(refusal.code(), "migration-required");
    assert_eq!(
        refusal.to_string(),
        "msr 3.1.0 is not reachable by in-place upgrades from 2.10.3: it needs a migration with mmt; allow migrations to plan it (--allow-migrations, or \"allow_migrations\": true in a JSON request)"
    );
    request.allow_migrations = true;
    let plan = plan(&scenarios(), &request);
    assert_eq!(hops(&plan), ["msr 2.10.3 -> 3.1.0 (migration)"]);
}

#[test]
fn a_migration_gate_keeps_the_minimum_target() {
    let mut request = request("mcr=20.10.13,mke=3.4.7,msr=2.10.3", "msr=3.0.0");
    request.allow_migrations = true;
    let Err(Refusal::NoPath(explanation)) = scenarios().plan(&request) else {
        panic!("3.0.0 is below the migration tool's minimum target")
    };
    assert_eq!(
        blocker_messages(&explanation)[0],
        "msr 2.10.3 -> 3.0.0: gate 'msr >=3.0.0' is not met, and msr is 2.10.3: migrate to 3.0.3 or later"
    );
}

#[test]
fn latest_line_and_exact_targets() {
    let planner = embedded();
    let to = |target: &str| {
        plan(
            &planner,
            &overlay2(request("mcr=20.10.13,mke=3.3.7,msr=2.8.5", target)),
        )
        .to[&Product::Msr]
            .to_string()
    };
    assert_eq!(
        to("msr=latest"),
        "2.10.4",
        "3.x and 4.x need migrations, which are not allowed"
    );
    assert_eq!(to("msr=2.9"), "2.9.30");
    assert_eq!(to("msr=2.9.0"), "2.9.0");
    let mut with_migrations = overlay2(request("mcr=20.10.13,mke=3.3.7,msr=2.8.5", "msr=latest"));
    with_migrations.allow_migrations = true;
    assert_eq!(
        plan(&planner, &with_migrations).to[&Product::Msr].as_str(),
        "4.13.2"
    );
}

#[test]
fn a_pre_release_is_used_only_when_named() {
    let planner = embedded();
    let latest = plan(
        &planner,
        &request("mcr=19.03.14,mke=3.2.8,msr=2.7.8", "mke=3.3"),
    );
    assert_eq!(latest.to[&Product::Mke].as_str(), "3.3.7");
    let named = plan(
        &planner,
        &request("mcr=19.03.14,mke=3.2.8,msr=2.7.8", "mke=3.3.0-rc1"),
    );
    assert_eq!(hops(&named), ["mke 3.2.8 -> 3.3.0-rc1 (minor-upgrade)"]);
}

#[test]
fn an_unlisted_current_version_is_planned_with_a_warning() {
    let plan = plan(
        &embedded(),
        &request("mcr=20.10.13,mke=3.3.6,msr=2.8.7", "msr=2.9"),
    );
    assert_eq!(plan.from[&Product::Msr].as_str(), "2.8.7");
    assert_eq!(hops(&plan)[0], "msr 2.8.7 -> 2.9.30 (minor-upgrade)");
    assert_eq!(
        warnings(&plan, WarningCode::UnlistedVersion),
        [
            "mke 3.3.6 is not listed in the catalog; its line 3.3 is, and the plan treats it as a release of that line",
            "msr 2.8.7 is not listed in the catalog; its line 2.8 is, and the plan treats it as a release of that line",
        ]
    );
}

/// Regression (issue: a request made the planner panic): MKE on 3.3.99, newer than every
/// listed 3.3 release, with the target `mke=3.3` keeping it there. The exhaustive search let
/// MKE hop away from its unlisted goal and then indexed the catalog with the sentinel.
#[test]
fn an_unlisted_version_kept_by_its_target_never_moves_and_is_explained() {
    let planner = embedded();
    let refusal = planner
        .plan(&request(
            "mcr=20.10.13,mke=3.3.99,msr=2.8.5",
            "mke=3.3,msr=2.10",
        ))
        .unwrap_err();
    let Refusal::NoPath(explanation) = &refusal else {
        panic!("expected no-path, got {refusal:?}");
    };
    for state in &explanation.furthest {
        assert_eq!(state[&Product::Mke].as_str(), "3.3.99", "{state:?}");
    }
    assert!(
        explanation
            .blockers
            .iter()
            .all(|b| b.product != Product::Mke),
        "{:?}",
        explanation.blockers
    );
    assert_eq!(
        explanation.hints[0],
        Hint::UnlistedKept {
            product: Product::Mke,
            version: common::v("3.3.99"),
            target: Target::Line("3.3".parse().unwrap()),
        }
    );
    assert_eq!(
        hint_texts(explanation),
        [
            "mke 3.3.99 is not in the catalog and the target mke=3.3 keeps it there, so no hop may move mke; to let it move, target a listed mke release newer than 3.3.99",
            "'msr 2.10.*' needs 'mke >=3.6.0, <3.10.0', and the request keeps mke at 3.3: choose a mke target that allows it",
        ]
    );
}

/// An unlisted version kept by its target still lets the others move where its own entries
/// allow: the plan has no hop of it.
#[test]
fn an_unlisted_version_kept_by_its_target_lets_the_others_move() {
    let plan = plan(
        &embedded(),
        &request("mcr=20.10.13,mke=3.3.99,msr=2.8.5", "mke=3.3,msr=2.9"),
    );
    assert_eq!(hops(&plan), ["msr 2.8.5 -> 2.9.30 (minor-upgrade)"]);
    assert_eq!(plan.to[&Product::Mke].as_str(), "3.3.99");
}

#[test]
fn a_cluster_on_a_blocked_release_can_leave_it() {
    let plan = plan(
        &scenarios(),
        &request("mcr=20.10.13,mke=3.3.7,msr=2.9.0", "msr=2.9"),
    );
    assert_eq!(hops(&plan), ["msr 2.9.0 -> 2.9.30 (skip-patch-version)"]);
}

#[test]
fn blocked_releases_are_never_stops_or_targets() {
    let refusal = scenarios()
        .plan(&request("mke=3.3.7,msr=2.8.5", "msr=2.9.0"))
        .unwrap_err();
    assert_eq!(refusal.code(), "blocked-target");
    assert_eq!(
        refusal.to_string(),
        "msr 2.9.0 is blocked: loses repository metadata on upgrade"
    );
    let plan = plan(&scenarios(), &request("mke=3.3.7,msr=2.8.5", "msr=2.9.1"));
    assert_eq!(hops(&plan), ["msr 2.8.5 -> 2.9.1 (minor-upgrade)"]);
}

#[test]
fn dead_end_explains_each_way_forward() {
    let Err(Refusal::NoPath(explanation)) = scenarios().plan(&request(
        "mcr=20.10.0,mke=3.3.7,msr=2.8.5",
        "mke=3.5,msr=2.8.5",
    )) else {
        panic!("MSR 2.8 allows MKE < 3.4 only, and MSR is pinned to 2.8.5")
    };
    assert_eq!(
        explanation_summary(&explanation),
        "no supported path from mcr 20.10.0, mke 3.3.7, msr 2.8.5 to mke 3.5, msr 2.8.5; the furthest supported state is mcr 20.10.0, mke 3.3.7, msr 2.8.5"
    );
    assert_eq!(
        blocker_messages(&explanation),
        [
            "mke 3.3.7 -> 3.4.7: msr is 2.8.5, and 'msr 2.8.*' requires 'mke <3.4', which mke 3.4.7 is not"
        ]
    );
    assert_eq!(
        explanation.blockers[0].obstacle,
        Obstacle::Compatibility {
            when: requirement("msr 2.8.*"),
            requires: requirement("mke <3.4")
        }
    );
    assert_eq!(
        hint_texts(&explanation),
        [
            "'msr 2.8.*' allows only 'mke <3.4', and the request keeps msr at 2.8.5: choose a msr target that allows it"
        ]
    );
}

#[test]
fn dead_end_past_a_range_says_downgrades_are_impossible() {
    let Err(Refusal::NoPath(explanation)) =
        embedded().plan(&request("mcr=23.0.9,mke=3.3.7,msr=2.8.5", "mke=3.9"))
    else {
        panic!("MKE 3.4 needs MCR < 23 and MCR cannot go back")
    };
    assert_eq!(
        blocker_messages(&explanation)[0],
        "mke 3.3.7 -> 3.4.7: 'mke 3.4.*' requires 'mcr >=19.03.0, <23.0.0', but mcr is 23.0.9"
    );
    assert_eq!(
        hint_texts(&explanation),
        [
            "'mke 3.4.*' needs 'mcr >=19.03.0, <23.0.0', and mcr 23.0.9 is already past that range (downgrades are not supported): choose other targets"
        ]
    );
}

#[test]
fn refusals_before_the_search() {
    let planner = embedded();
    let refuse = |from: &str, to: &str| planner.plan(&request(from, to)).unwrap_err();
    let downgrade = refuse("mke=3.3.7,msr=2.9.30", "msr=2.8.5");
    assert_eq!(downgrade.code(), "downgrade");
    assert_eq!(
        downgrade.to_string(),
        "msr 2.8.5 is older than the installed 2.9.30: downgrades are not supported"
    );
    let unknown = refuse("mke=3.3.7,msr=2.9.30", "msr=2.9.99");
    assert!(unknown.is_input_error());
    assert_eq!(
        unknown.to_string(),
        "msr '2.9.99' is not in the catalog; nearest listed: 2.9.29, 2.9.30, 2.10.0, 2.10.3"
    );
    let unknown_line = refuse("mke=2.2.1,msr=2.9.30", "msr=2.10");
    assert_eq!(
        unknown_line.to_string(),
        "mke '2.2.1': line 2.2 is not in the catalog; nearest listed: 3.0.0, 3.0.1"
    );
    let not_installed = refuse("mke=3.3.7", "mcr=20.10");
    assert_eq!(not_installed.code(), "not-installed");
    assert_eq!(
        not_installed.to_string(),
        "mcr is not installed: add it to the current versions (only MSR can be installed by a plan)"
    );
    let target_line = refuse("mke=3.3.7,msr=2.9.30", "msr=2.11");
    assert_eq!(
        target_line.to_string(),
        "msr '2.11.0': line 2.11 is not in the catalog; nearest listed: 2.10.3, 2.10.4, 3.0.0, 3.0.3"
    );
}

#[test]
fn already_there_is_an_empty_plan() {
    let plan = plan(&embedded(), &request("mke=3.3.7,msr=2.9.30", "msr=2.9"));
    assert!(plan.hops.is_empty());
    assert!(plan.steps.is_empty());
}

#[test]
fn past_eol_warnings_use_the_requests_date() {
    let mut request = request("mcr=20.10.13,mke=3.3.7,msr=2.8.5", "msr=2.8");
    assert!(
        warnings(&plan(&embedded(), &request), WarningCode::PastEol).is_empty(),
        "no date, no EOL warning"
    );
    request.as_of = Some("2026-11-30".parse().unwrap());
    assert_eq!(
        warnings(&plan(&embedded(), &request), WarningCode::PastEol),
        ["msr 2.8.13 reached end of life on 2022-05-27 (as of 2026-11-30)"]
    );
    request.as_of = Some("2022-05-26".parse().unwrap());
    assert!(
        warnings(&plan(&embedded(), &request), WarningCode::PastEol).is_empty(),
        "the day before EOL is fine"
    );
}

#[test]
fn warnings_are_typed_data_and_read_back_as_recorded_sentences() {
    let mut request = request("mcr=20.10.13,mke=3.3.7,msr=2.8.5", "msr=2.8");
    request.as_of = Some("2026-11-30".parse().unwrap());
    let plan = plan(&embedded(), &request);
    let eol = plan
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::PastEol)
        .unwrap();
    let WarningSubject::PastEol {
        product,
        version,
        eol: date,
        as_of,
    } = &eol.subject
    else {
        panic!("a past-eol warning names its release and dates: {eol:?}");
    };
    assert_eq!(
        (
            *product,
            version.as_str(),
            date.to_string(),
            as_of.to_string()
        ),
        (
            Product::Msr,
            "2.8.13",
            "2022-05-27".to_owned(),
            "2026-11-30".to_owned()
        )
    );
    // The plan file carries the sentence; reading it back keeps it, as a recorded warning
    // equal to the typed one.
    let back = Plan::from_json(&mirantis_upgrade_planner::render::render_plan(
        &plan,
        Format::Json,
    ))
    .unwrap();
    let read = back
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::PastEol)
        .unwrap();
    assert!(matches!(&read.subject, WarningSubject::Recorded(text) if *text == eol.to_string()));
    assert_eq!(read, eol);
    assert_eq!(back, plan);
}

#[test]
fn low_confidence_data_is_reported() {
    let plan = plan(
        &scenarios(),
        &request("mcr=20.10.13,mke=3.3.7,msr=2.8.5", "msr=2.9"),
    );
    assert_eq!(
        warnings(&plan, WarningCode::LowConfidence),
        ["the plan relies on inferred compatibility data: 'msr 2.9.*' requires 'mke >=3.3, <3.5'"]
    );
}

#[test]
fn a_start_outside_the_matrix_is_a_warning_and_adds_no_violation() {
    let plan = plan(
        &scenarios(),
        &request("mcr=20.10.0,mke=3.4.7,msr=2.8.5", "msr=2.9"),
    );
    assert_eq!(
        warnings(&plan, WarningCode::StartIncompatible),
        [
            "the current state breaks compatibility: 'msr 2.8.*' requires 'mke <3.4'; the plan adds no new violation"
        ]
    );
    assert_eq!(hops(&plan), ["msr 2.8.5 -> 2.9.30 (minor-upgrade)"]);
}

#[test]
fn planner_and_public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Planner>();
    assert_send_sync::<Catalog>();
    assert_send_sync::<Plan>();
    assert_send_sync::<Request>();
    assert_send_sync::<Refusal>();
    assert_send_sync::<mirantis_upgrade_planner::Version>();
    assert_send_sync::<mirantis_upgrade_planner::requirement::Requirement>();
}

#[test]
fn one_planner_answers_many_threads() {
    let planner = embedded();
    let request = overlay2(request("mcr=20.10.13,mke=3.3.7,msr=2.8.5", "msr=latest"));
    let expected = plan(&planner, &request);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| assert_eq!(plan(&planner, &request), expected));
        }
    });
}

#[test]
fn a_compatibility_hint_names_its_catalog_entry() {
    let planner = scenarios();
    let Err(Refusal::NoPath(explanation)) = planner.plan(&request(
        "mcr=20.10.0,mke=3.3.7,msr=2.8.5",
        "mke=3.5,msr=2.8.5",
    )) else {
        panic!("MSR 2.8 allows MKE < 3.4 only, and MSR is pinned to 2.8.5")
    };
    let [
        Hint::Compatibility {
            product,
            entry,
            when,
            requires,
            other,
        },
    ] = explanation.hints.as_slice()
    else {
        panic!("one compatibility hint: {:#?}", explanation.hints)
    };
    assert_eq!(*product, Product::Mke);
    let named = &planner.catalog().compatibility()[*entry];
    assert_eq!(named.when, requirement("msr 2.8.*"));
    assert_eq!(named.requires, requirement("mke <3.4"));
    assert_eq!((when, requires), (&named.when, &named.requires));
    assert_eq!(
        *other,
        OtherProduct::KeptAtTarget {
            product: Product::Msr,
            target: Target::parse("2.8.5").unwrap()
        }
    );

    // The other product already past the entry's range.
    let planner = embedded();
    let Err(Refusal::NoPath(explanation)) =
        planner.plan(&request("mcr=23.0.9,mke=3.3.7,msr=2.8.5", "mke=3.9"))
    else {
        panic!("MKE 3.4 needs MCR < 23 and MCR cannot go back")
    };
    let Some(Hint::Compatibility { entry, other, .. }) = explanation.hints.first() else {
        panic!("a compatibility hint: {:#?}", explanation.hints)
    };
    let named = &planner.catalog().compatibility()[*entry];
    assert_eq!(named.when, requirement("mke 3.4.*"));
    assert_eq!(named.requires, requirement("mcr >=19.03.0, <23.0.0"));
    assert_eq!(
        *other,
        OtherProduct::PastRange {
            product: Product::Mcr,
            version: "23.0.9".parse().unwrap()
        }
    );
}

#[test]
fn a_no_path_refusal_reads_as_before() {
    // MKE 4.0 and 4.1 are reached only by the migration from MKE 3.7.15 to 3.8, not from
    // 3.9. The text is what the planner wrote before the explanation was typed, but for the
    // hint, which no longer advises going back from 3.9 to 3.8 (a downgrade).
    let mut request = request("mcr=25.0.12,mke=3.9.7", "mke=4.1");
    request.allow_migrations = true;
    request.facts.insert("calico-ebpf".to_owned(), false);
    request
        .facts
        .insert("kube-proxy-not-iptables".to_owned(), false);
    let refusal = embedded().plan(&request).unwrap_err();
    let explanation = refusal.explanation().unwrap();
    assert_eq!(
        explanation.hints,
        [Hint::MigrationSourcePassed {
            product: Product::Mke,
            version: explanation.blockers[0].to.clone(),
            sources: vec![requirement("mke >=3.7.15, <3.9.0")],
            current: "3.9.7".parse().unwrap(),
        }]
    );
    assert_eq!(refusal.to_string(), explanation_summary(explanation));
    assert_eq!(render_refusal(&refusal, Format::Text), TO_MKE_4_1_FROM_3_9);
}

const TO_MKE_4_1_FROM_3_9: &str = "Refused (no-path): no supported path from mcr 25.0.12, mke 3.9.7 to mke 4.1; the furthest supported state is mcr 25.0.12, mke 3.9.7

Furthest supported states:
  - mcr 25.0.12, mke 3.9.7
  - mcr 25.0.18, mke 3.9.7
  - mcr 29.2.1, mke 3.9.7

What stops each way forward:
  1. mke 3.9.7 -> 4.0.0: reached only by a migration, which starts from mke >=3.7.15, <3.9.0

What you can do:
  1. the migration to mke 4.0.0 starts from mke >=3.7.15, <3.9.0, and mke 3.9.7 is already past it (downgrades are not supported): choose another target
";

/// A `latest`, major or line target that stops short of a newer release only a migration
/// reaches says so, naming the release and `--allow-migrations`; with migrations allowed it
/// goes there and the warning is gone.
#[test]
fn a_target_says_which_newer_release_only_a_migration_reaches() {
    let planner = embedded();
    let mut request = request("mcr=25.0.12,mke=3.9.7", "mke=latest");
    let nothing = plan(&planner, &request);
    assert!(nothing.hops.is_empty());
    assert_eq!(
        warnings(&nothing, WarningCode::MigrationBeyondTarget),
        [
            "the target leaves mke on 3.9.7, but mke 4.2.1 is newer: only a migration (mkectl upgrade) reaches it, so plan again with --allow-migrations to go there"
        ]
    );
    assert!(nothing.warnings.iter().any(|w| matches!(
        &w.subject,
        WarningSubject::MigrationBeyondTarget { product: Product::Mke, release, .. }
            if release.as_str() == "4.2.1"
    )));
    // A line, major or exact target says where to stop: MKE 4 is outside all of these.
    for (to, expected) in [("mke=3.9", 0), ("mke=3", 0), ("mke=3.9.7", 0)] {
        let line = plan(&planner, &super_request(&request, to));
        assert_eq!(
            warnings(&line, WarningCode::MigrationBeyondTarget).len(),
            expected,
            "{to}"
        );
    }
    request.allow_migrations = true;
    request.facts.insert("calico-ebpf".to_owned(), false);
    request
        .facts
        .insert("kube-proxy-not-iptables".to_owned(), false);
    let migrated = plan(&planner, &request);
    assert_eq!(hops(&migrated), ["mke 3.9.7 -> 4.2.1 (migration)"]);
    assert!(warnings(&migrated, WarningCode::MigrationBeyondTarget).is_empty());
    // From MSR 2.10 the newest release a migration reaches is MSR 4 (MMT starts from 2.9
    // only, which 2.10 is past).
    let msr = plan(
        &planner,
        &request_for("mcr=25.0.12,mke=3.9.7,msr=2.10.4", "msr=latest"),
    );
    assert_eq!(
        warnings(&msr, WarningCode::MigrationBeyondTarget),
        [
            "the target leaves msr on 2.10.4, but msr 4.13.2 is newer: only a migration (MSR 4 migration tool) reaches it, so plan again with --allow-migrations to go there"
        ]
    );
}

fn request_for(from: &str, to: &str) -> Request {
    request(from, to)
}

fn super_request(base: &Request, to: &str) -> Request {
    let (product, target) = to.split_once('=').unwrap();
    let mut request = base.clone();
    request.to.clear();
    request.to.insert(
        product.parse::<Product>().unwrap(),
        Target::parse(target).unwrap(),
    );
    request
}

/// A product the request does not name but the plan moves gets a warning naming what forced
/// it: MKE 4 takes MSR 2.9 out of its compatibility window, so MSR migrates too.
#[test]
fn a_product_moved_though_not_named_says_why() {
    let mut request = request("mcr=23.0.9,mke=3.7.5,msr=2.9.20", "mke=4");
    request.allow_migrations = true;
    for fact in [
        "calico-ebpf",
        "kube-proxy-not-iptables",
        "unsupported-storage-driver",
    ] {
        request.facts.insert(fact.to_owned(), false);
    }
    let plan = plan(&embedded(), &request);
    assert_eq!(plan.to[&Product::Msr].as_str(), "3.0.12");
    let moved = warnings(&plan, WarningCode::MovedNotNamed);
    assert!(
        moved.contains(&"msr is not named in the targets but moves from 2.9.20 to 3.0.12, because 'msr 2.9.*' requires 'mke >=3.3.0, <3.9.0'".to_owned()),
        "{moved:?}"
    );
    // A named product gets none.
    assert!(!moved.iter().any(|w| w.starts_with("mke ")), "{moved:?}");
    // A gate on an unnamed product is named as such: MKE 3.9 needs MCR 25.0.12 first.
    let gated = plan_for_gate();
    let moved = warnings(&gated, WarningCode::MovedNotNamed);
    assert!(
        moved
            .iter()
            .any(|w| w.starts_with("mcr ") && w.contains("a gate needs 'mcr >=25.0.12'")),
        "{moved:?}"
    );
}

fn plan_for_gate() -> Plan {
    plan(
        &embedded(),
        &minimal(request("mcr=23.0.9-1,mke=3.8.12", "mke=3.9")),
    )
}

/// No hint advises a downgrade: from MSR 2.10, the MMT migration (from 2.9 only) is out of
/// reach, and the hint says so instead of "upgrade to 2.9 first".
#[test]
fn no_hint_advises_a_downgrade() {
    let mut request = request("mcr=25.0.12,mke=3.9.7,msr=2.10.4", "msr=3");
    request.allow_migrations = true;
    let refusal = embedded().plan(&request).unwrap_err();
    let explanation = refusal.explanation().unwrap();
    assert!(
        !explanation
            .hints
            .iter()
            .any(|h| matches!(h, Hint::MigrateFrom { .. })),
        "{:?}",
        explanation.hints
    );
    assert_eq!(
        hint_texts(explanation),
        [
            "the migration to msr 3.0.12 starts from msr 2.9.*, and msr 2.10.4 is already past it (downgrades are not supported): choose another target"
        ]
    );
}

/// No vendor path table covers MKE 4.1 -> 4.2: the hop carries a `low-confidence` warning
/// (besides its runbook precheck), while a hop a path table lists (4.1.0 -> 4.1.5) and a
/// patch hop within 4.2 carry none.
#[test]
fn an_mke_4_1_to_4_2_hop_warns_that_no_path_table_covers_it() {
    let untabled = |plan: &Plan| -> Vec<WarningSubject> {
        plan.warnings
            .iter()
            .filter(|w| matches!(w.subject, WarningSubject::UntabledHop { .. }))
            .map(|w| w.subject.clone())
            .collect()
    };
    let across = plan(&embedded(), &request("mke=4.1.5", "mke=4.2.1"));
    assert_eq!(
        untabled(&across),
        [WarningSubject::UntabledHop {
            product: Product::Mke,
            from: "4.1.5".parse().unwrap(),
            to: "4.2.1".parse().unwrap(),
        }]
    );
    let low = warnings(&across, WarningCode::LowConfidence);
    assert!(
        low.iter()
            .any(|w| w.starts_with("no vendor upgrade-path table lists mke 4.1.5 -> 4.2.1")),
        "{low:?}"
    );
    for (from, to) in [("mke=4.1.0", "mke=4.1.5"), ("mke=4.2.0", "mke=4.2.1")] {
        let within = plan(&embedded(), &request(from, to));
        assert_eq!(untabled(&within), [], "{from} -> {to}");
    }
}
