//! The independent plan validator: every plan the planner prints is valid, and every
//! tampered variant is rejected with the right code.

mod common;

use common::scenarios::{self, embedded, minimal, request, with_fact};
use common::strategies::case;
use mirantis_upgrade_planner::{
    Format, Location, Phase, Plan, PlanError, Planner, Policy, Product, Request, RuleId,
    ValidationOptions, Violation, ViolationCode, render_plan, validate,
};
use proptest::prelude::*;

fn options(request: &Request) -> ValidationOptions {
    ValidationOptions {
        facts: request.facts.clone(),
        allow_migrations: request.allow_migrations,
    }
}

fn codes(violations: &[Violation]) -> Vec<ViolationCode> {
    violations.iter().map(|v| v.code).collect()
}

/// A way of tampering with a plan, and the codes of which one must then be reported. The
/// function returns `None` when the tampering does not apply to this plan.
type Tamper = (
    &'static str,
    fn(&mut Plan) -> Option<()>,
    &'static [ViolationCode],
);

fn swap_hops(plan: &mut Plan) -> Option<()> {
    // Two hops of the same product: the second no longer starts where the first ended.
    let (i, j) = same_product_pair(plan)?;
    plan.hops.swap(i, j);
    Some(())
}

fn same_product_pair(plan: &Plan) -> Option<(usize, usize)> {
    (0..plan.hops.len()).find_map(|i| {
        (i + 1..plan.hops.len())
            .find(|j| plan.hops[*j].product == plan.hops[i].product)
            .map(|j| (i, j))
    })
}

fn drop_hop(plan: &mut Plan) -> Option<()> {
    plan.hops.first()?;
    plan.hops.remove(0);
    Some(())
}

fn reverse_hop(plan: &mut Plan) -> Option<()> {
    // The last upgrade hop (an install has no version to go back to).
    let hop = plan
        .hops
        .iter_mut()
        .rev()
        .find(|h| h.from.is_some() && h.to.is_some())?;
    std::mem::swap(&mut hop.from, &mut hop.to);
    Some(())
}

fn change_final_state(plan: &mut Plan) -> Option<()> {
    let hop = plan.hops.last()?.clone();
    match hop.from {
        Some(from) => plan.to.insert(hop.product, from),
        // An install: claim the product was never installed.
        None => plan.to.remove(&hop.product),
    };
    Some(())
}

fn change_rule(plan: &mut Plan) -> Option<()> {
    let hop = plan.hops.first_mut()?;
    hop.rule = if hop.rule == RuleId::PatchUpgrade {
        RuleId::MinorUpgrade
    } else {
        RuleId::PatchUpgrade
    };
    Some(())
}

fn remove_phase(plan: &mut Plan, phase: Phase) -> Option<()> {
    plan.hops.first()?;
    plan.steps
        .retain(|step| !(step.hop == 1 && step.phase == phase));
    Some(())
}

fn duplicate_step_id(plan: &mut Plan) -> Option<()> {
    let id = plan.steps.first()?.id.clone();
    plan.steps.get_mut(1)?.id = id;
    Some(())
}

use ViolationCode as V;

const TAMPERS: [Tamper; 8] = [
    ("swap two hops", swap_hops, &[V::HopFromMismatch]),
    // The product's next hop no longer starts where the state is, or, if it was the product's
    // last hop, the plan no longer ends at its `to`.
    (
        "drop a hop",
        drop_hop,
        &[V::HopFromMismatch, V::PlanToMismatch],
    ),
    ("reverse a hop", reverse_hop, &[V::Downgrade]),
    (
        "change the final state",
        change_final_state,
        &[V::PlanToMismatch],
    ),
    ("change a rule id", change_rule, &[V::RuleMismatch]),
    (
        "remove the backup steps of a hop",
        |p| remove_phase(p, Phase::Backup),
        &[V::MissingStep],
    ),
    (
        "remove the upgrade steps of a hop",
        |p| remove_phase(p, Phase::Upgrade),
        &[V::MissingStep],
    ),
    (
        "duplicate a step id",
        duplicate_step_id,
        &[V::DuplicateStepId],
    ),
];

/// Every tamper that applies to `plan` is rejected with its code; returns how many applied.
fn assert_tampers_rejected(
    name: &str,
    plan: &Plan,
    planner: &Planner,
    options: &ValidationOptions,
) -> usize {
    let mut applied = 0;
    for (what, tamper, expected) in TAMPERS {
        let mut tampered = plan.clone();
        if tamper(&mut tampered).is_none() {
            continue;
        }
        applied += 1;
        let violations = validate(&tampered, planner.catalog(), options);
        assert!(
            codes(&violations)
                .iter()
                .any(|code| expected.contains(code)),
            "{name}: {what}: expected one of {expected:?}, got {violations:#?}"
        );
    }
    applied
}

#[test]
fn every_scenario_plan_is_valid_and_every_tampered_variant_is_not() {
    let mut applied = 0;
    for scenario in scenarios::all() {
        let Ok(plan) = scenario.planner.plan(&scenario.request) else {
            continue;
        };
        let options = options(&scenario.request);
        let violations = validate(&plan, scenario.planner.catalog(), &options);
        assert!(violations.is_empty(), "{}: {violations:#?}", scenario.name);
        // The plan also survives a trip through its JSON.
        let back = Plan::from_json(&render_plan(&plan, Format::Json)).unwrap();
        assert_eq!(back, plan, "{}", scenario.name);
        applied += assert_tampers_rejected(scenario.name, &plan, &scenario.planner, &options);
    }
    assert!(applied > 50, "the tampers applied {applied} times");
}

#[test]
fn a_raised_schema_version_is_not_a_plan() {
    let plan = embedded()
        .plan(&request("mke=3.3.7,msr=2.8.5", "msr=2.9"))
        .unwrap();
    let json = render_plan(&plan, Format::Json).replacen(
        "\"schema_version\": 1",
        "\"schema_version\": 2",
        1,
    );
    assert_eq!(
        Plan::from_json(&json).unwrap_err(),
        PlanError::UnsupportedSchema {
            found: "2".to_owned()
        }
    );
}

#[test]
fn violations_name_the_values() {
    let planner = embedded();
    let plan = planner
        .plan(&minimal(request(
            "mcr=23.0.9-1,mke=3.7.25,msr=2.9.30",
            "mke=3.8",
        )))
        .unwrap();
    let mut tampered = plan.clone();
    tampered.hops[0].rule = RuleId::SkipMinorVersion;
    tampered.hops[0].to = Some("3.9.0".parse().unwrap());
    tampered.to.insert(Product::Mke, "3.9.0".parse().unwrap());
    let violations = validate(&tampered, planner.catalog(), &no_metallb());
    let lines: Vec<String> = violations
        .iter()
        .map(|v| format!("{} {}: {}", v.code, v.location, v.message))
        .collect();
    assert_eq!(
        lines,
        [
            "rule-refused hop 1: hop 1 (mke 3.7.25 -> 3.9.0, skip-minor-version) is not allowed: upgrade to 3.8 first",
            "gate-not-met hop 1: before hop 1 (mke 3.7.25 -> 3.9.0), gate 'mke >=3.8.11' does not hold (mke is 3.7.25): MKE 3.9 cannot be reached from MKE 3.8.10 or earlier: upgrade MKE to 3.8.11 or later, then MCR to 25.0.12 or later, then MKE to 3.9",
            "gate-not-met hop 1: before hop 1 (mke 3.7.25 -> 3.9.0), gate 'mcr >=25.0.12' does not hold (mcr is 23.0.9-1): MKE 3.9 cannot be reached from MKE 3.8.10 or earlier: upgrade MKE to 3.8.11 or later, then MCR to 25.0.12 or later, then MKE to 3.9",
            "compatibility-violation hop 1: after hop 1 (mke 3.7.25 -> 3.9.0), 'mke 3.9.*' requires 'mcr >=25.0.12', which the state mcr 23.0.9-1, mke 3.9.0, msr 2.9.30 breaks",
            "compatibility-violation hop 1: after hop 1 (mke 3.7.25 -> 3.9.0), 'msr 2.9.*' requires 'mke >=3.3.0, <3.9.0', which the state mcr 23.0.9-1, mke 3.9.0, msr 2.9.30 breaks",
        ]
    );
    assert_eq!(violations[0].location, Location::Hop(1));
}

/// Validation options that answer the MetalLB question "no".
fn no_metallb() -> ValidationOptions {
    ValidationOptions {
        facts: [("metallb".to_owned(), false)].into(),
        ..ValidationOptions::default()
    }
}

#[test]
fn each_check_reports_its_code() {
    let planner = embedded();
    let base = planner
        .plan(&with_fact(
            minimal(request("mcr=23.0.9,mke=3.8.11,msr=2.10.0", "mke=3.9.0")),
            "metallb",
            false,
        ))
        .unwrap();
    let check = |change: &dyn Fn(&mut Plan), options: &ValidationOptions| {
        let mut plan = base.clone();
        change(&mut plan);
        codes(&validate(&plan, planner.catalog(), options))
    };
    let none = no_metallb();
    // The plan: mcr 23.0.9 -> 25.0.12, then mke 3.8.11 -> 3.9.0.
    assert_eq!(check(&|_| {}, &none), []);
    // MetalLB makes the 3.9 gate need 3.8.12, which the plan did not plan for.
    let metallb = ValidationOptions {
        facts: [("metallb".to_owned(), true)].into(),
        ..ValidationOptions::default()
    };
    assert_eq!(check(&|_| {}, &metallb), [ViolationCode::GateNotMet]);
    // Nobody answered: the gate's answer would change the plan, so it is not valid as is.
    assert_eq!(
        check(&|_| {}, &ValidationOptions::default()),
        [ViolationCode::UnansweredFact]
    );
    // MKE first: the gate wants MCR 25.0.12 and MKE 3.9 needs it too.
    assert!(check(&|p| p.hops.swap(0, 1), &none).contains(&ViolationCode::GateNotMet));
    // A step that points nowhere.
    assert_eq!(
        check(&|p| p.steps[0].hop = 9, &none),
        [ViolationCode::DanglingStep]
    );
    // A verify step moved before the upgrade.
    let verify_first = |p: &mut Plan| {
        let verify = p
            .steps
            .iter()
            .position(|s| s.hop == 1 && s.phase == Phase::Verify)
            .unwrap();
        let step = p.steps.remove(verify);
        let upgrade = p
            .steps
            .iter()
            .position(|s| s.hop == 1 && s.phase == Phase::Upgrade)
            .unwrap();
        p.steps.insert(upgrade, step);
    };
    assert_eq!(check(&verify_first, &none), [ViolationCode::MissingStep]);
    // A hop to an unlisted version, and a hop that goes nowhere.
    assert!(
        check(&|p| p.hops[0].to = Some("25.0.99".parse().unwrap()), &none)
            .contains(&ViolationCode::UnknownVersion)
    );
    assert!(
        check(&|p| p.hops[0].to = p.hops[0].from.clone(), &none).contains(&ViolationCode::EmptyHop)
    );
}

#[test]
fn the_mke_3_9_sequence_is_checked() {
    // The vendor's order: MKE to 3.8.11 or later, then MCR to 25.0.12 or later, then MKE 3.9.
    let planner = embedded();
    let plan = planner
        .plan(&with_fact(
            minimal(request("mcr=23.0.9,mke=3.8.10,msr=2.10.0", "mke=3.9.0")),
            "metallb",
            false,
        ))
        .unwrap();
    let hops: Vec<String> = plan
        .hops
        .iter()
        .map(|h| format!("{} {} -> {}", h.product, h.from_text(), h.to_text()))
        .collect();
    assert_eq!(
        hops,
        [
            "mke 3.8.10 -> 3.8.12",
            "mcr 23.0.9 -> 25.0.12",
            "mke 3.8.12 -> 3.9.0"
        ],
        "MKE first here, although MCR otherwise goes first"
    );
    assert_eq!(validate(&plan, planner.catalog(), &no_metallb()), vec![]);
    let mut mcr_first = plan.clone();
    mcr_first.hops.swap(0, 1);
    let violations = validate(&mcr_first, planner.catalog(), &no_metallb());
    assert_eq!(codes(&violations), [ViolationCode::GateOrder]);
    assert_eq!(
        violations[0].message,
        "before hop 3 (mke 3.8.12 -> 3.9.0), the plan met 'mke >=3.8.11', then 'mcr >=25.0.12' out of the documented order: MKE 3.9 cannot be reached from MKE 3.8.10 or earlier: upgrade MKE to 3.8.11 or later, then MCR to 25.0.12 or later, then MKE to 3.9"
    );
    // MCR already there before MKE moves: nothing to order.
    let already = planner
        .plan(&with_fact(
            minimal(request("mcr=25.0.12,mke=3.8.10,msr=2.10.0", "mke=3.9.0")),
            "metallb",
            false,
        ))
        .unwrap();
    assert_eq!(already.hops.len(), 2);
}

#[test]
fn order_migration_blocked_and_pre_release_checks() {
    // Two independent hops in the wrong order.
    let planner = embedded();
    let plan = planner
        .plan(&minimal(request(
            "mcr=23.0.9,mke=3.7.10,msr=2.9.30",
            "mke=3.7.25,mcr=23.0.9-1",
        )))
        .unwrap();
    assert_eq!(
        plan.hops.iter().map(|h| h.product).collect::<Vec<_>>(),
        [Product::Mcr, Product::Mke]
    );
    let mut swapped = plan.clone();
    swapped.hops.swap(0, 1);
    assert_eq!(
        codes(&validate(
            &swapped,
            planner.catalog(),
            &ValidationOptions::default()
        )),
        [ViolationCode::Order]
    );

    // A migration validated without the permission.
    let mut with_migration = request("mcr=23.0.9-1,mke=3.7.25,msr=2.9.30", "msr=3.1");
    with_migration.allow_migrations = true;
    with_migration.policy = Policy::Minimal;
    let migration = planner.plan(&with_migration).unwrap();
    let refused = validate(&migration, planner.catalog(), &ValidationOptions::default());
    assert_eq!(codes(&refused), [ViolationCode::MigrationNotAllowed]);

    // A blocked release, and a pre-release used as a stop.
    let scenarios = scenarios::scenario_catalog();
    let plan = scenarios
        .plan(&request("mke=3.3.7,msr=2.8.5", "msr=2.9.1"))
        .unwrap();
    let mut blocked = plan.clone();
    blocked.hops[0].to = Some("2.9.0".parse().unwrap());
    blocked.to.insert(Product::Msr, "2.9.0".parse().unwrap());
    assert!(
        codes(&validate(
            &blocked,
            scenarios.catalog(),
            &ValidationOptions::default()
        ))
        .contains(&ViolationCode::BlockedRelease)
    );
    let pre = planner
        .plan(&request(
            "mcr=19.03.14,mke=3.2.8,msr=2.7.8",
            "mke=3.3.0-rc1",
        ))
        .unwrap();
    let mut stop = pre.clone();
    let mut next = stop.hops[0].clone();
    next.from = next.to.clone();
    next.to = Some("3.3.7".parse().unwrap());
    next.rule = RuleId::PatchUpgrade;
    stop.hops.push(next);
    stop.to.insert(Product::Mke, "3.3.7".parse().unwrap());
    assert!(
        codes(&validate(
            &stop,
            planner.catalog(),
            &ValidationOptions::default()
        ))
        .contains(&ViolationCode::PreReleaseStop)
    );
}

#[test]
fn plan_loader_errors_are_exact() {
    let cases: [(&str, &str); 6] = [
        (
            "{",
            "malformed JSON at line 1, column 1: EOF while parsing an object",
        ),
        (
            "[]",
            "schema_version: unsupported plan schema version missing; this library reads 1",
        ),
        (
            "{\"schema_version\": \"1\"}",
            "schema_version: unsupported plan schema version \"1\"; this library reads 1",
        ),
        (
            "{\"schema_version\": 1}",
            "not a plan: missing field `policy` at line 1, column 21",
        ),
        (
            "{\"schema_version\": 1, \"policy\": \"minimal\", \"from\": {}, \"to\": {}, \"hops\": 3}",
            "not a plan: invalid type: integer `3`, expected a sequence at line 1, column 74",
        ),
        (
            "{\"schema_version\": 1, \"policy\": \"minimal\", \"from\": {\"msr\": \"2.x.0\"}, \"to\": {}, \"hops\": []}",
            "not a plan: version '2.x.0': minor component 'x' is not a number at line 1, column 67",
        ),
    ];
    for (json, message) in cases {
        assert_eq!(
            Plan::from_json(json).unwrap_err().to_string(),
            message,
            "{json}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// On random catalogs: every plan validates and every applicable tamper is rejected.
    #[test]
    fn random_plans_validate_and_tampered_ones_do_not(case in case()) {
        let planner = Planner::new(case.catalog());
        if let Ok(plan) = planner.plan(&case.request) {
            let options = options(&case.request);
            prop_assert_eq!(validate(&plan, planner.catalog(), &options), vec![]);
            assert_tampers_rejected("random", &plan, &planner, &options);
        }
    }
}
