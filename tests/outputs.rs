//! The library renders the answers of `check`, `validate`, `catalog lint` and `preflight`
//! (the command line only picks the stream): their JSON shapes and their text lines, written
//! from the typed subjects the answers carry.

use std::collections::BTreeSet;

use mirantis_upgrade_planner::{
    Catalog, Format, Inventory, Planner, Product, Request, Target, Version,
    check::{CheckOptions, CheckSubject, HopProblem, check_hop},
    inventory::{FindingSubject, preflight},
    lint,
    lint::LintSubject,
    render::{
        preflight_summary, render_check, render_findings, render_lint, render_resume,
        render_violations, validation_summary,
    },
    request::ByProduct,
    resume::ResumeSubject,
    validate::{ValidationOptions, ViolationCode, ViolationSubject, validate},
};
use serde_json::Value;

fn v(text: &str) -> Version {
    Version::parse(text).unwrap()
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// The check of MSR 2.7.3 -> 2.9.0 (a skipped minor line) on the embedded catalog.
fn msr_minor_skip() -> mirantis_upgrade_planner::check::HopCheck {
    check_hop(
        &Catalog::embedded(),
        Product::Msr,
        &v("2.7.3"),
        &v("2.9.0"),
        &CheckOptions::default(),
    )
    .unwrap()
}

#[test]
fn a_check_is_an_object_or_one_line() {
    let answer = msr_minor_skip();
    let json = parse(&render_check(&answer, Format::Json));
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["product", "from", "to", "supported", "rule", "message"]
    );
    assert_eq!(json["supported"], false);
    assert_eq!(json["rule"], "skip-minor-version");
    for format in [Format::Text, Format::Markdown] {
        assert_eq!(
            render_check(&answer, format),
            format!("{}\n", answer.message())
        );
    }
}

#[test]
fn a_valid_plan_says_so_and_a_broken_one_lists_its_errors() {
    let planner = Planner::new(Catalog::embedded());
    let request = Request {
        from: "mcr=20.10.13,mke=3.3.7,msr=2.8.5"
            .parse::<ByProduct<Version>>()
            .unwrap()
            .0,
        to: "msr=2.9".parse::<ByProduct<Target>>().unwrap().0,
        ..Request::default()
    };
    let mut plan = planner.plan(&request).unwrap();
    let options = ValidationOptions::default();
    let violations = validate(&plan, planner.catalog(), &options);
    assert_eq!(validation_summary(&violations), None);
    let text = render_violations(&plan, &violations, Format::Text);
    assert!(
        text.ends_with(&format!("valid: 1 hop, {} steps\n", plan.steps.len())),
        "{text}"
    );
    assert_eq!(
        parse(&render_violations(&plan, &violations, Format::Json))["valid"],
        true
    );

    plan.hops.clear();
    let violations = validate(&plan, planner.catalog(), &options);
    let summary = validation_summary(&violations).unwrap();
    assert!(summary.starts_with("the plan has ") && summary.ends_with(" violations"));
    let text = render_violations(&plan, &violations, Format::Text);
    assert!(
        text.lines().any(|line| line.starts_with("invalid[")),
        "{text}"
    );
    assert!(!text.contains("valid: "), "{text}");
    let json = parse(&render_violations(&plan, &violations, Format::Json));
    assert_eq!(json["valid"], false);
    assert_eq!(
        json["violations"].as_array().unwrap().len(),
        violations.len()
    );
}

#[test]
fn lint_findings_end_with_their_count() {
    let findings = lint(&Catalog::embedded());
    let text = render_lint(&findings, Format::Text);
    assert_eq!(text.lines().count(), findings.len() + 1);
    // The embedded catalog's findings are all gaps (warnings): the runbook's data has no
    // error (a command without its source, a prompt in an unattended step).
    assert!(findings.iter().all(|f| !f.code.is_error()), "{text}");
    assert!(text.ends_with(&format!("0 errors, {} warnings\n", findings.len())));
    let json = parse(&render_lint(&findings, Format::Json));
    assert_eq!(json["warnings"], findings.len());
    assert_eq!(json["errors"], 0);
    assert_eq!(json["findings"].as_array().unwrap().len(), findings.len());
}

#[test]
fn preflight_findings_count_errors_and_warnings() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inventory.json"),
    )
    .unwrap();
    let findings = preflight(&Inventory::from_json(&text).unwrap(), true);
    let errors = findings
        .iter()
        .filter(|f| f.severity == mirantis_upgrade_planner::inventory::Severity::Error)
        .count();
    let rendered = render_findings(&findings, Format::Text);
    assert!(rendered.ends_with(&format!(
        "{errors} errors, {} warnings\n",
        findings.len() - errors
    )));
    assert_eq!(preflight_summary(&findings).is_some(), errors > 0);
    let json = parse(&render_findings(&findings, Format::Json));
    assert_eq!(json["errors"], errors);
    assert_eq!(json["findings"].as_array().unwrap().len(), findings.len());
}

// Each answer's subject carries, as data, the values its sentence names; the sentence is the
// subject's `Display`, and the JSON's `message` is that sentence.

#[test]
fn subjects_of_a_check_a_lint_and_a_preflight_carry_their_values() {
    let catalog = Catalog::embedded();

    let check = msr_minor_skip();
    let CheckSubject::NotSupported {
        problem: HopProblem::Refused { via: Some(via) },
    } = &check.subject
    else {
        panic!("{check:?}");
    };
    assert_eq!(via.to_string(), "2.8");
    assert!(check.message().ends_with(": upgrade to 2.8 first"));
    assert_eq!(
        parse(&render_check(&check, Format::Json))["message"],
        check.message()
    );

    let findings = lint(&catalog);
    let LintSubject::NoCompatibilityData {
        product,
        line,
        versions,
    } = &findings[0].subject
    else {
        panic!("{:?}", findings[0]);
    };
    assert_eq!(
        (*product, line.to_string()),
        (Product::Mke, "4.0".to_owned())
    );
    assert_eq!(versions, &[v("4.0.0")]);
    assert_eq!(
        parse(&render_lint(&findings, Format::Json))["findings"][0]["message"],
        findings[0].message()
    );

    let mut inventory: Value = parse(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inventory.json"),
        )
        .unwrap(),
    );
    inventory["nodes"][3]["ram_gb"] = 8.into();
    let findings = preflight(
        &Inventory::from_json(&inventory.to_string()).unwrap(),
        false,
    );
    assert_eq!(
        findings[0].subject,
        FindingSubject::MsrNodeRam { ram_gb: 8 }
    );
    assert_eq!(findings[0].message(), "8 GB of RAM; MSR needs 16 GB");
    assert_eq!(
        parse(&render_findings(&findings, Format::Json))["findings"][0]["message"],
        findings[0].message()
    );
}

#[test]
fn subjects_of_a_resume_and_a_validation_carry_their_values() {
    let planner = Planner::new(Catalog::embedded());
    let request = Request {
        from: "mcr=20.10.13,mke=3.3.7,msr=2.8.5"
            .parse::<ByProduct<Version>>()
            .unwrap()
            .0,
        to: "msr=2.9".parse::<ByProduct<Target>>().unwrap().0,
        ..Request::default()
    };
    let plan = planner.plan(&request).unwrap();
    let every_step: BTreeSet<String> = plan.steps.iter().map(|s| s.id.to_string()).collect();
    let resume = planner
        .resume(&plan, &plan.to, &every_step, &ValidationOptions::default())
        .unwrap();
    assert_eq!(
        resume.subject,
        ResumeSubject::Complete {
            observed: plan.to.clone()
        }
    );
    assert_eq!(
        parse(&render_resume(&resume, &plan, Format::Json))["message"],
        resume.message()
    );

    let mut broken = plan.clone();
    broken.hops.clear();
    let violations = validate(&broken, planner.catalog(), &ValidationOptions::default());
    let mismatch = violations
        .iter()
        .find(|v| v.code == ViolationCode::PlanToMismatch)
        .unwrap();
    assert_eq!(
        mismatch.subject,
        ViolationSubject::PlanToMismatch {
            to: plan.to.clone(),
            end: plan.from.clone()
        }
    );
    let json = parse(&render_violations(&broken, &violations, Format::Json));
    assert_eq!(
        json["violations"][0]["message"],
        violations[0].subject.to_string()
    );
}
