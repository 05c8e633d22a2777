//! Requests as users type them (`synthetic::requests`, the generator the fuzz targets share):
//! every one ends in a plan, a refusal or an input error, never a panic; every plan
//! validates; every JSON the library writes for it parses back.
//!
//! A CI-sized run by default; `PROPTEST_CASES=200000 cargo test --release --test generated`
//! for a long one.

mod common;

use mirantis_upgrade_planner::synthetic::requests::{self, Bytes, Choices};
use mirantis_upgrade_planner::synthetic::{Adversary, Rng};
use mirantis_upgrade_planner::{
    Catalog, Format, Plan, Planner, Refusal, Request,
    render::{render_plan, render_refusal},
    validate::{ValidationOptions, validate},
};
use proptest::prelude::*;

/// The embedded catalog's planner, built once.
fn embedded() -> &'static Planner {
    static PLANNER: std::sync::OnceLock<Planner> = std::sync::OnceLock::new();
    PLANNER.get_or_init(|| Planner::new(Catalog::embedded()))
}

/// Parses a JSON text the library wrote, failing the case with the text when it is not JSON.
fn parses(what: &str, text: &str) -> Result<serde_json::Value, TestCaseError> {
    serde_json::from_str(text).map_err(|e| TestCaseError::fail(format!("{what}: {e}\n{text}")))
}

/// Everything a front end does with the answer to `request`: a plan is validated, rendered in
/// every format, its JSON parsed and read back; a refusal is rendered as text and as JSON.
fn answer_holds(planner: &Planner, request: &Request) -> Result<(), TestCaseError> {
    let answer = planner.plan(request);
    if request.unattended {
        unattended_holds(planner, request, &answer)?;
    }
    match answer {
        Ok(plan) => plan_holds(planner, &plan),
        Err(refusal) => refusal_holds(&refusal),
    }
}

/// An unattended request gets a plan whose every step runs unattended, or `needs-person`
/// naming exactly the steps of the attended plan that need a person, in order.
fn unattended_holds(
    planner: &Planner,
    request: &Request,
    answer: &Result<Plan, Refusal>,
) -> Result<(), TestCaseError> {
    let attended = Request {
        unattended: false,
        ..request.clone()
    };
    match answer {
        Ok(plan) => prop_assert!(plan.needs_person().is_empty()),
        Err(Refusal::NeedsPerson { steps }) => {
            let plan = planner
                .plan(&attended)
                .map_err(|e| TestCaseError::fail(format!("attended: {e}")))?;
            let expected: Vec<&str> = plan.needs_person().iter().map(|s| s.id.as_str()).collect();
            let refused: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
            prop_assert_eq!(refused, expected);
        }
        // Any other refusal is the attended request's too.
        Err(refusal) => {
            let other = planner.plan(&attended).err().map(|r| r.code());
            prop_assert_eq!(other, Some(refusal.code()));
        }
    }
    Ok(())
}

fn plan_holds(planner: &Planner, plan: &Plan) -> Result<(), TestCaseError> {
    let violations = validate(plan, planner.catalog(), &ValidationOptions::default());
    prop_assert!(violations.is_empty(), "{violations:#?}");
    for format in Format::ALL {
        let text = render_plan(plan, format);
        prop_assert!(!text.is_empty(), "{format:?}");
    }
    let json = render_plan(plan, Format::Json);
    parses("plan", &json)?;
    let back = Plan::from_json(&json).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    prop_assert_eq!(render_plan(&back, Format::Json), json);
    Ok(())
}

fn refusal_holds(refusal: &Refusal) -> Result<(), TestCaseError> {
    let document = parses("refusal", &render_refusal(refusal, Format::Json))?;
    prop_assert!(document["error"]["code"].is_string(), "{document}");
    prop_assert!(!render_refusal(refusal, Format::Text).is_empty());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    /// On the embedded catalog, from the bytes a fuzzer would give.
    #[test]
    fn embedded_requests_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let request = requests::request(embedded().catalog(), &mut Bytes::new(&bytes));
        answer_holds(embedded(), &request)?;
    }

    /// On small generated catalogs (gates, ordered gates, gates on a fact, compatibility
    /// entries) under a small budget.
    #[test]
    fn small_catalog_requests_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        let mut choices = Bytes::new(&bytes);
        let Ok(catalog) = Catalog::from_json(&requests::small_catalog_json(&mut choices)) else {
            return Ok(());
        };
        let planner = Planner::new(catalog).with_search_limit(2_000);
        let request = requests::request(planner.catalog(), &mut choices);
        answer_holds(&planner, &request)?;
    }
}

/// The same generator from a seed: the sequence the scale report and a long run use.
#[test]
fn seeded_requests_never_panic() {
    let mut rng = Rng::new(26);
    for _ in 0..300 {
        let request = requests::request(embedded().catalog(), &mut rng);
        answer_holds(embedded(), &request).unwrap();
    }
}

/// Requests on the adversarial families: the search's budget, not a panic, ends them.
#[test]
fn adversarial_catalog_requests_never_panic() {
    let mut rng = Rng::new(27);
    for family in Adversary::ALL {
        let planner = Planner::new(family.catalog(12)).with_search_limit(5_000);
        for _ in 0..40 {
            let request = requests::request(planner.catalog(), &mut rng);
            answer_holds(&planner, &request).unwrap();
        }
    }
}

/// The generator reaches each kind of version and target it promises (so the properties
/// above are about what users type, not a narrow corner of it).
#[test]
fn the_generator_covers_what_users_type() {
    let catalog = embedded().catalog();
    let listed = |request: &Request| {
        request.from.iter().all(|(product, version)| {
            catalog
                .releases(*product)
                .iter()
                .any(|r| r.version == *version)
        })
    };
    let mut rng = Rng::new(1);
    let generated: Vec<Request> = (0..2_000)
        .map(|_| requests::request(catalog, &mut rng))
        .collect();
    let count = |f: &dyn Fn(&Request) -> bool| generated.iter().filter(|r| f(r)).count();
    let kinds: [(&str, usize); 9] = [
        ("all listed", count(&listed)),
        ("some unlisted", count(&|r| !listed(r))),
        (
            "a pre-release",
            count(&|r| {
                r.from
                    .values()
                    .any(mirantis_upgrade_planner::Version::is_pre_release)
            }),
        ),
        (
            "an x.y.99",
            count(&|r| r.from.values().any(|v| v.patch() == 99)),
        ),
        (
            "a line target",
            count(&|r| {
                r.to.values()
                    .any(|t| matches!(t, mirantis_upgrade_planner::Target::Line(_)))
            }),
        ),
        (
            "a major target",
            count(&|r| {
                r.to.values()
                    .any(|t| matches!(t, mirantis_upgrade_planner::Target::Major(_)))
            }),
        ),
        (
            "latest",
            count(&|r| {
                r.to.values()
                    .any(|t| *t == mirantis_upgrade_planner::Target::Latest)
            }),
        ),
        ("an inventory", count(&|r| r.inventory.is_some())),
        ("offline", count(&|r| r.offline)),
    ];
    for (kind, n) in kinds {
        assert!(n >= 20, "only {n} of 2000 requests have {kind}");
    }
    // Bytes that run out still give a request.
    let mut empty = Bytes::new(&[]);
    assert_eq!(empty.below(10), 0);
    let _ = requests::request(catalog, &mut empty);
}
