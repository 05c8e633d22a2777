//! Property tests: the planner against a brute-force oracle, policy independence of
//! feasibility, determinism, and serde round trips.

#[path = "../benches/baseline.rs"]
mod baseline;
mod common;

use std::time::Duration;

use common::strategies::{Case, case};
use mirantis_upgrade_planner::{
    Catalog, Format, Plan, Planner, Policy, Product, Refusal, Request, WarningCode,
    render::render_plan, synthetic,
};
use proptest::prelude::*;
use synthetic::Adversary;

/// The oracle: the naive baseline of the benches, a breadth-first search over every joint
/// state of listed releases, trying every hop (see `benches/baseline.rs`).
fn brute_force(catalog: &Catalog, request: &Request) -> Option<usize> {
    match baseline::fewest_hops(catalog, request, Duration::from_secs(60)) {
        baseline::Outcome::Finished { hops, .. } => hops,
        baseline::Outcome::OutOfTime => panic!("the oracle ran out of time on a small catalog"),
    }
}

fn plan_with(case: &Case, policy: Policy) -> Result<Plan, Refusal> {
    let mut request = case.request.clone();
    request.policy = policy;
    Planner::new(case.catalog()).plan(&request)
}

proptest! {
    // 400 cases by default; set PROPTEST_CASES for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400),
        ..ProptestConfig::default()
    })]

    /// Same feasibility and the same fewest hops as the brute force.
    #[test]
    fn planner_agrees_with_brute_force(case in case()) {
        let catalog = case.catalog();
        let oracle = brute_force(&catalog, &case.request);
        match plan_with(&case, Policy::Minimal) {
            Ok(plan) => prop_assert_eq!(Some(plan.hops.len()), oracle, "planner found {:?}", plan.hops),
            Err(Refusal::NoPath(explanation)) => prop_assert_eq!(oracle, None, "planner said: {}", mirantis_upgrade_planner::render::explanation_summary(&explanation)),
            Err(refusal) => {
                // Refused before the search (blocked target, migration not allowed): the
                // oracle must not reach the targets either.
                prop_assert_eq!(oracle, None, "planner refused: {}", refusal);
            }
        }
    }

    /// The recommended policy is optimal: the fewest recommendations not followed, then the
    /// fewest hops, as a Dijkstra over every joint state and every hop finds them.
    #[test]
    fn recommended_policy_agrees_with_brute_force(case in case()) {
        let catalog = case.catalog();
        let mut request = case.request.clone();
        request.policy = Policy::Recommended;
        let oracle = baseline::recommended_cost(&catalog, &request);
        match Planner::new(catalog).plan(&request) {
            Ok(plan) => {
                let unfollowed = plan
                    .warnings
                    .iter()
                    .filter(|w| w.code == WarningCode::RecommendationNotFollowed)
                    .count();
                let found = u32::try_from(unfollowed).ok().map(|u| (u, plan.hops.len()));
                prop_assert_eq!(found, oracle, "planner found {:?}", plan.hops);
            }
            Err(refusal) => prop_assert_eq!(oracle, None, "planner refused: {}", refusal),
        }
    }

    /// A fact the request leaves unanswered refuses the plan exactly when the two answers
    /// lead to different plans; otherwise the plan is the one both answers give.
    #[test]
    fn an_unanswered_fact_is_asked_only_when_the_answer_matters(case in case()) {
        let planner = Planner::new(case.catalog());
        let answered = |answer: bool| {
            let mut request = case.request.clone();
            request.facts.insert("f".to_owned(), answer);
            planner.route(&request).map(|route| route.hops)
        };
        let mut unanswered = case.request.clone();
        unanswered.facts.clear();
        let (yes, no) = (answered(true), answered(false));
        match planner.route(&unanswered) {
            Ok(route) => {
                prop_assert_eq!(Ok(&route.hops), yes.as_ref().map_err(|_| ()), "the answer true gives the same plan");
                prop_assert_eq!(Ok(&route.hops), no.as_ref().map_err(|_| ()), "the answer false gives the same plan");
            }
            Err(Refusal::UnansweredFact(facts)) => {
                prop_assert_eq!(facts.len(), 1);
                prop_assert_eq!(facts[0].fact.name.as_str(), "f");
                let same = match (&yes, &no) {
                    (Ok(a), Ok(b)) => a == b,
                    _ => false,
                };
                prop_assert!(!same, "asked although both answers plan {:?}", yes);
            }
            Err(refusal) => {
                prop_assert!(yes.is_err() && no.is_err(), "refused ({}) although an answer plans", refusal);
            }
        }
    }

    /// Under a small budget of states, the planner gives the oracle's answer or says that it
    /// ran out (never a wrong answer), and never explores much past its budget.
    #[test]
    fn a_small_budget_gives_the_right_answer_or_search_limit(case in case(), limit in 1usize..200) {
        let catalog = case.catalog();
        let oracle = brute_force(&catalog, &case.request);
        let planner = Planner::new(catalog).with_search_limit(limit);
        let mut request = case.request.clone();
        request.policy = Policy::Minimal;
        match planner.plan(&request) {
            Ok(plan) => prop_assert_eq!(Some(plan.hops.len()), oracle),
            Err(Refusal::SearchLimit { explored, limit: reported, furthest }) => {
                prop_assert_eq!(reported, limit);
                prop_assert!(explored <= limit + 64, "explored {} over {}", explored, limit);
                prop_assert!(!furthest.is_empty());
            }
            Err(refusal) => prop_assert_eq!(oracle, None, "refused: {}", refusal),
        }
    }

    /// A policy ranks plans; it never changes whether one exists.
    #[test]
    fn policy_never_changes_feasibility(case in case()) {
        let minimal = plan_with(&case, Policy::Minimal);
        let recommended = plan_with(&case, Policy::Recommended);
        prop_assert_eq!(minimal.is_ok(), recommended.is_ok());
        if let (Ok(minimal), Ok(recommended)) = (&minimal, &recommended) {
            prop_assert!(minimal.hops.len() <= recommended.hops.len());
            for product in case.request.to.keys() {
                prop_assert_eq!(&minimal.to[product], &recommended.to[product], "both reach the named targets");
            }
        }
    }

    /// The same request gives byte-identical JSON, and a plan's hops chain from `from` to `to`.
    #[test]
    fn output_is_deterministic_and_consistent(case in case()) {
        let first = plan_with(&case, Policy::Recommended);
        let second = plan_with(&case, Policy::Recommended);
        if let (Ok(first), Ok(second)) = (first, second) {
            prop_assert_eq!(render_plan(&first, Format::Json), render_plan(&second, Format::Json));
            let mut state = first.from.clone();
            for hop in &first.hops {
                prop_assert_eq!(state.get(&hop.product), hop.from.as_ref());
                state.insert(hop.product, hop.to.clone().unwrap());
            }
            prop_assert_eq!(state, first.to);
        }
    }

    /// A catalog serialised field by field loads back to the same releases.
    #[test]
    fn release_lists_round_trip(case in case()) {
        let catalog = case.catalog();
        for product in Product::ALL {
            let json = serde_json::to_string(&serde_json::json!({
                "schema_version": 1,
                "products": {product.as_str(): {"releases": catalog.releases(product)}},
            })).unwrap();
            let back = Catalog::from_json(&json).unwrap();
            prop_assert_eq!(back.releases(product), catalog.releases(product));
        }
    }
}

/// The planner and the naive baseline agree on the synthetic catalogs small enough for it.
#[test]
fn planner_agrees_with_the_baseline_on_small_synthetic_catalogs() {
    for (n, seed) in [(10, 1), (10, 2), (30, 3), (30, 4)] {
        let catalog = synthetic::catalog(n, seed);
        let request = synthetic::worst_case(&catalog);
        let planner = Planner::new(catalog.clone());
        let hops = planner.route(&request).map(|route| route.hops.len()).ok();
        assert_eq!(
            hops,
            brute_force(&catalog, &request),
            "n = {n}, seed = {seed}"
        );
        assert!(
            hops.is_some_and(|h| h > 0),
            "the worst case has a path at n = {n}"
        );
    }
}

/// Every adversarial family, at the sizes the oracle can check, gets the oracle's answer
/// under the default budget: a plan with its fewest hops, or `no-path`.
#[test]
fn adversarial_families_get_the_right_answer() {
    for family in Adversary::ALL {
        for lines in 2..=7 {
            let catalog = family.catalog(lines);
            let request = family.request(&catalog);
            let oracle = brute_force(&catalog, &request);
            assert_eq!(
                oracle.is_some(),
                family.feasible(),
                "{} at {lines}",
                family.name()
            );
            match Planner::new(catalog).plan(&request) {
                Ok(plan) => assert_eq!(Some(plan.hops.len()), oracle, "{}", family.name()),
                Err(Refusal::NoPath(_)) => assert_eq!(oracle, None, "{}", family.name()),
                Err(other) => panic!("{} at {lines}: {other}", family.name()),
            }
        }
    }
}

/// At sizes far past the oracle, the families that a relaxation proves infeasible are
/// refused with `no-path` without searching their joint states, the feasible one is planned,
/// and the one only the search can judge ends on its budget.
#[test]
fn adversarial_families_end_within_the_budget() {
    for family in Adversary::ALL {
        let catalog = family.catalog(300);
        let request = family.request(&catalog);
        let planner = Planner::new(catalog).with_search_limit(20_000);
        let answer = planner.route(&request).map(|route| route.hops.len());
        match family {
            Adversary::Interleaved => assert_eq!(answer.ok(), Some(3 * 299)),
            Adversary::Deadlock => match answer {
                Err(Refusal::SearchLimit {
                    explored,
                    limit,
                    furthest,
                }) => {
                    assert_eq!(limit, 20_000);
                    assert!(explored <= 20_000 + 64);
                    assert_eq!(furthest.len(), 3);
                }
                other => panic!("deadlock: {other:?}"),
            },
            _ => assert_eq!(
                answer.map_err(|refusal| refusal.code()),
                Err("no-path"),
                "{}",
                family.name()
            ),
        }
    }
}
