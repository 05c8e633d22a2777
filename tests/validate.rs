//! The independent plan validator: every plan the planner prints is valid, and every
//! tampered variant is rejected with the right code.

mod common;

use std::collections::BTreeMap;

use common::scenarios::{self, embedded, minimal, request, with_fact};
use common::strategies::case;
use mirantis_upgrade_planner::{
    Format, Phase, Plan, PlanError, Planner, Policy, Product, Request,
    check::RuleId,
    inventory::Severity,
    json::{Document, JsonError},
    render::render_plan,
    validate::{Location, ValidationOptions, Violation, ViolationCode, validate},
};
use proptest::prelude::*;

fn options(request: &Request) -> ValidationOptions {
    ValidationOptions {
        facts: Some(request.facts.clone()),
        allow_migrations: Some(request.allow_migrations),
        ..ValidationOptions::default()
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

/// A way of tampering with a plan's steps (returning the index it touched, `None` when it
/// does not apply), and the one code it must give.
type StepTamper = (&'static str, fn(&mut Plan) -> Option<usize>, ViolationCode);

/// Edits a backup command, as someone skipping a backup would.
fn skip_a_backup(plan: &mut Plan) -> Option<usize> {
    let index = plan
        .steps
        .iter()
        .position(|s| s.phase == Phase::Backup && s.command.is_some())?;
    plan.steps[index].command = Some("echo skipped".into());
    Some(index)
}

/// Appends a step the runbook never writes.
fn append_a_step(plan: &mut Plan) -> Option<usize> {
    let mut step = plan.steps.last()?.clone();
    step.id = format!("hop-{}/cleanup", step.hop).into();
    step.phase = Phase::Post;
    step.title = "Clean up".into();
    step.command = Some("sudo rm -rf /var/lib/docker".into());
    plan.steps.push(step);
    Some(plan.steps.len() - 1)
}

/// Removes a step that is not the only one of its hop and phase (so the plan keeps its
/// backup, upgrade and verify steps).
fn remove_a_step(plan: &mut Plan) -> Option<usize> {
    let index = plan.steps.iter().position(|step| {
        plan.steps
            .iter()
            .filter(|other| other.hop == step.hop && other.phase == step.phase)
            .count()
            > 1
    })?;
    plan.steps.remove(index);
    Some(index)
}

#[test]
fn step_content_is_derived_again_on_every_scenario() {
    let step_tampers: [StepTamper; 3] = [
        (
            "edit a backup command",
            skip_a_backup,
            ViolationCode::StepEdited,
        ),
        ("append a step", append_a_step, ViolationCode::StepAdded),
        ("remove a step", remove_a_step, ViolationCode::StepMissing),
    ];
    let mut applied = 0;
    for scenario in scenarios::all() {
        let Ok(plan) = scenario.planner.plan(&scenario.request) else {
            continue;
        };
        let catalog = scenario.planner.catalog();
        for (what, tamper, code) in step_tampers {
            let mut tampered = plan.clone();
            if tamper(&mut tampered).is_none() {
                continue;
            }
            applied += 1;
            // Through JSON, as a plan file travels.
            let tampered = Plan::from_json(&render_plan(&tampered, Format::Json)).unwrap();
            let violations = validate(&tampered, catalog, &ValidationOptions::default());
            assert_eq!(codes(&violations), [code], "{}: {what}", scenario.name);
        }
    }
    assert!(applied >= 60, "the step tampers applied {applied} times");
}

#[test]
fn step_violations_name_the_step_and_both_commands() {
    let planner = embedded();
    let plan = planner
        .plan(&minimal(request(
            "mcr=25.0.12,mke=3.8.12,msr=2.9.29",
            "msr=2.9.30",
        )))
        .unwrap();
    let mut skipped = plan.clone();
    let index = skip_a_backup(&mut skipped).unwrap();
    let id = skipped.steps[index].id.clone();
    let expected = plan.steps[index].command.clone().unwrap();
    let violations = validate(&skipped, planner.catalog(), &ValidationOptions::default());
    assert_eq!(
        violations[0].message(),
        format!("step '{id}' is edited: expected command: {expected}; found: echo skipped")
    );
    assert_eq!(violations[0].location, Location::Step(index));

    // An edit the operator names in `edited` is accepted, as a warning.
    skipped.edited.push(id.to_string());
    let violations = validate(&skipped, planner.catalog(), &ValidationOptions::default());
    assert_eq!(codes(&violations), [ViolationCode::StepEditAccepted]);
    assert_eq!(violations[0].severity, Severity::Warning);
    assert!(violations[0].message().starts_with(&format!(
        "step '{id}' was edited by the operator (accepted)"
    )));
    // Naming one step accepts that step only.
    let mut two = skipped.clone();
    let other = two
        .steps
        .iter()
        .rposition(|s| s.phase == Phase::Backup && s.command.is_some() && s.id != id)
        .unwrap();
    two.steps[other].command = Some("true".into());
    assert_eq!(
        codes(&validate(
            &two,
            planner.catalog(),
            &ValidationOptions::default()
        )),
        [ViolationCode::StepEditAccepted, ViolationCode::StepEdited]
    );

    let mut added = plan.clone();
    append_a_step(&mut added).unwrap();
    let violations = validate(&added, planner.catalog(), &ValidationOptions::default());
    assert!(
        violations[0]
            .message()
            .ends_with("is not part of this plan; it runs: sudo rm -rf /var/lib/docker"),
        "{}",
        violations[0].message()
    );

    // Steps in another order.
    let mut moved = plan.clone();
    let last = moved.steps.len() - 1;
    moved.steps.swap(last - 1, last);
    assert_eq!(
        codes(&validate(
            &moved,
            planner.catalog(),
            &ValidationOptions::default()
        )),
        [ViolationCode::StepEdited]
    );
}

#[test]
fn a_plan_from_another_catalog_is_reported() {
    let planner = embedded();
    let plan = planner
        .plan(&minimal(request(
            "mcr=25.0.12,mke=3.8.12,msr=2.9.29",
            "msr=2.9.30",
        )))
        .unwrap();
    let conditions = plan.conditions.as_ref().unwrap();
    assert_eq!(conditions.catalog.digest, planner.catalog().digest());
    let mut edited: serde_json::Value =
        serde_json::from_str(mirantis_upgrade_planner::Catalog::embedded_json()).unwrap();
    edited["version"] = serde_json::json!("2026-12-04");
    let other = mirantis_upgrade_planner::Catalog::from_json(&edited.to_string()).unwrap();
    let violations = validate(&plan, &other, &ValidationOptions::default());
    assert_eq!(codes(&violations), [ViolationCode::CatalogChanged]);
    assert_eq!(
        violations[0].severity,
        Severity::Warning,
        "the rest is judged anyway"
    );
    assert_eq!(
        violations[0].message(),
        format!(
            "the plan was made from catalog {} (version 2026-12-03), and is validated against catalog {} (version 2026-12-04)",
            planner.catalog().digest(),
            other.digest()
        )
    );
    // Spacing and key order do not change the digest.
    let respaced = mirantis_upgrade_planner::Catalog::from_json(
        &serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(
                mirantis_upgrade_planner::Catalog::embedded_json(),
            )
            .unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(respaced.digest(), planner.catalog().digest());
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
        PlanError::Json(JsonError::UnsupportedSchema {
            document: Document::Plan,
            found: "2".to_owned()
        })
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
        .map(|v| format!("{} {}: {}", v.code, v.location, v.message()))
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
        facts: Some([("metallb".to_owned(), false)].into()),
        ..ValidationOptions::default()
    }
}

/// The MKE 3.8.11 -> 3.9.0 plan (MetalLB not in use) that the validator's tests edit.
fn mke_3_9_plan(planner: &mirantis_upgrade_planner::Planner) -> Plan {
    planner
        .plan(&with_fact(
            minimal(request("mcr=23.0.9,mke=3.8.11,msr=2.10.0", "mke=3.9.0")),
            "metallb",
            false,
        ))
        .unwrap()
}

#[test]
fn each_check_reports_its_code() {
    let planner = embedded();
    let base = mke_3_9_plan(&planner);
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
        facts: Some([("metallb".to_owned(), true)].into()),
        ..ValidationOptions::default()
    };
    assert_eq!(check(&|_| {}, &metallb), [ViolationCode::GateNotMet]);
    // Nobody answered: the gate's answer would change the plan, so it is not valid as is.
    let unanswered = ValidationOptions {
        facts: Some(BTreeMap::new()),
        ..ValidationOptions::default()
    };
    assert_eq!(check(&|_| {}, &unanswered), [ViolationCode::UnansweredFact]);
    // Without overrides, the plan's own recorded answer (metallb=false) is used.
    assert_eq!(check(&|_| {}, &ValidationOptions::default()), []);
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

/// A plan read back from JSON after a person edited it: what the validator says about each
/// edit (the edits a panic audit worries about: hop numbers out of range, no hops, a hop
/// going nowhere or coming from nowhere, empty names).
#[test]
fn hand_edited_plans_read_back_get_violations() {
    let planner = embedded();
    let base = mke_3_9_plan(&planner);
    let json: serde_json::Value = serde_json::from_str(&render_plan(&base, Format::Json)).unwrap();
    let check = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut edited = json.clone();
        edit(&mut edited);
        let plan = Plan::from_json(&edited.to_string()).unwrap();
        validate(&plan, planner.catalog(), &ValidationOptions::default())
            .iter()
            .map(|v| (v.code, v.location))
            .collect::<Vec<_>>()
    };
    assert_eq!(check(&|_| {}), []);
    // A step pointing at hop 99, or at the largest hop number JSON can carry.
    for hop in [serde_json::json!(99), serde_json::json!(u64::MAX)] {
        assert_eq!(
            check(&|p| p["steps"][3]["hop"] = hop.clone()),
            [(ViolationCode::DanglingStep, Location::Step(3))]
        );
    }
    // No hops: the plan does not reach its `to`, and every hop step dangles.
    let no_hops = check(&|p| p["hops"] = serde_json::json!([]));
    assert_eq!(no_hops[0], (ViolationCode::PlanToMismatch, Location::Plan));
    assert!(
        no_hops[1..]
            .iter()
            .all(|(code, _)| *code == ViolationCode::DanglingStep),
        "{no_hops:?}"
    );
    // A hop to nowhere is an uninstall, with the wrong rule, and MSR loses its MKE.
    assert_eq!(
        check(&|p| p["hops"][1]["to"] = serde_json::Value::Null),
        [
            (ViolationCode::RuleMismatch, Location::Hop(2)),
            (ViolationCode::CompatibilityViolation, Location::Hop(2)),
            (ViolationCode::PlanToMismatch, Location::Plan),
        ]
    );
    // A hop from nowhere is an install of a product that is installed.
    assert_eq!(
        check(&|p| p["hops"][0]["from"] = serde_json::Value::Null),
        [
            (ViolationCode::HopFromMismatch, Location::Hop(1)),
            (ViolationCode::RuleMismatch, Location::Hop(1)),
        ]
    );
    // Both: a hop that neither starts nor ends anywhere.
    assert!(
        !check(&|p| {
            p["hops"][0]["from"] = serde_json::Value::Null;
            p["hops"][0]["to"] = serde_json::Value::Null;
        })
        .is_empty()
    );
    // An empty step id is a step of no plan, and the step it replaced is missing.
    assert_eq!(
        check(&|p| p["steps"][3]["id"] = serde_json::json!("")),
        [
            (ViolationCode::StepMissing, Location::Hop(0)),
            (ViolationCode::StepAdded, Location::Step(3)),
        ]
    );
    // The placeholder list is the runbook's summary, not checked: an empty name is kept.
    assert_eq!(
        check(&|p| {
            p["placeholders"] =
                serde_json::json!([{"name": "", "meaning": "", "steps": ["hop-99/x"]}]);
        }),
        []
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
        violations[0].message(),
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
    assert_eq!(
        validate(&migration, planner.catalog(), &ValidationOptions::default()),
        vec![],
        "the plan records that migrations were allowed"
    );
    let not_allowed = ValidationOptions {
        allow_migrations: Some(false),
        ..ValidationOptions::default()
    };
    let refused = validate(&migration, planner.catalog(), &not_allowed);
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

/// An installer trusts `unattended`, `env` and `source`: a plan whose steps say otherwise than
/// the runbook is an edited plan, and the violation says what changed.
#[test]
fn a_step_whose_execution_or_source_was_edited_is_reported() {
    let planner = embedded();
    let base = mke_3_9_plan(&planner);
    let json: serde_json::Value = serde_json::from_str(&render_plan(&base, Format::Json)).unwrap();
    let index = base
        .steps
        .iter()
        .position(|s| !s.env.is_empty())
        .expect("a step reads a variable");
    let violations = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut edited = json.clone();
        edit(&mut edited);
        let plan = Plan::from_json(&edited.to_string()).unwrap();
        validate(&plan, planner.catalog(), &ValidationOptions::default())
    };
    let flipped = violations(&|p| {
        p["steps"][index]["unattended"] = serde_json::json!(false);
        p["steps"][index]["env"] = serde_json::json!([]);
    });
    assert_eq!(flipped.len(), 1, "{flipped:?}");
    assert_eq!(flipped[0].code, ViolationCode::StepEdited);
    let message = flipped[0].subject.to_string();
    assert!(
        message.contains("who may run it changed: expected unattended true reading ["),
        "{message}"
    );
    let resourced = violations(&|p| {
        p["steps"][index]["source"] = serde_json::json!("https://example.com/elsewhere");
    });
    assert_eq!(resourced.len(), 1, "{resourced:?}");
    assert!(
        resourced[0]
            .subject
            .to_string()
            .contains("or source changed")
    );
}
