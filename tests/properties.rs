//! Property tests: the planner against a brute-force oracle, policy independence of
//! feasibility, determinism, and serde round trips.

mod common;

use std::collections::{HashMap, VecDeque};

use common::strategies::{Case, case};
use mirantis_upgrade_planner::{
    Catalog, Format, Plan, Planner, Policy, Product, Refusal, Request, Target, assess_hop,
    render_plan,
};
use proptest::prelude::*;

type State = [Option<usize>; 3];

/// The oracle: a breadth-first search over every joint state of listed releases, trying every
/// hop of every product, checking the table (through `assess_hop`, itself tested row by row),
/// the gates and the compatibility entries directly from the catalog's public data. Returns
/// the fewest hops, or `None` when the targets cannot be reached.
fn brute_force(catalog: &Catalog, request: &Request) -> Option<usize> {
    let releases = |p: Product| catalog.releases(p);
    let version = |p: Product, i: Option<usize>| i.map(|i| &releases(p)[i].version);
    let index = |p: Product, v: &mirantis_upgrade_planner::Version| {
        releases(p).iter().position(|r| r.version == *v)
    };
    let mut start: State = [None; 3];
    for (p, v) in &request.from {
        start[p.index()] = index(*p, v);
    }
    let goal = |s: &State| {
        request.to.iter().all(|(p, t)| match t {
            Target::Exact(v) => version(*p, s[p.index()]) == Some(v),
            _ => unreachable!("the strategy uses exact targets"),
        })
    };
    let violated = |s: &State| -> Vec<bool> {
        catalog
            .compatibility()
            .iter()
            .map(|e| {
                let when = version(e.when.product(), s[e.when.product().index()])
                    .is_some_and(|v| e.when.matches(v));
                let ok = version(e.requires.product(), s[e.requires.product().index()])
                    .is_some_and(|v| e.requires.matches(v));
                when && !ok
            })
            .collect()
    };
    let start_violations = violated(&start);
    let mut distance: HashMap<State, usize> = HashMap::from([(start, 0)]);
    let mut queue = VecDeque::from([start]);
    while let Some(state) = queue.pop_front() {
        if goal(&state) {
            return Some(distance[&state]);
        }
        for product in Product::ALL {
            let Some(from) = version(product, state[product.index()]) else {
                continue;
            };
            for (j, release) in releases(product).iter().enumerate() {
                let allowed = assess_hop(
                    catalog,
                    product,
                    from,
                    &release.version,
                    request.allow_migrations,
                )
                .is_some_and(|a| a.is_allowed());
                let gates_hold = catalog
                    .gates()
                    .iter()
                    .filter(|g| g.to.product() == product && g.to.matches(&release.version))
                    .filter(|g| g.if_fact.as_deref().is_none_or(|f| request.fact(f)))
                    .all(|g| {
                        g.requires.iter().all(|r| {
                            version(r.product(), state[r.product().index()])
                                .is_some_and(|v| r.matches(v))
                        })
                    });
                if !allowed || !gates_hold {
                    continue;
                }
                let mut next = state;
                next[product.index()] = Some(j);
                let adds_violation = violated(&next)
                    .iter()
                    .zip(&start_violations)
                    .any(|(now, before)| *now && !*before);
                if !adds_violation && !distance.contains_key(&next) {
                    distance.insert(next, distance[&state] + 1);
                    queue.push_back(next);
                }
            }
        }
    }
    None
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
            Err(Refusal::NoPath(explanation)) => prop_assert_eq!(oracle, None, "planner said: {}", explanation.summary),
            Err(refusal) => {
                // Refused before the search (blocked target, migration not allowed): the
                // oracle must not reach the targets either.
                prop_assert_eq!(oracle, None, "planner refused: {}", refusal);
            }
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
                prop_assert_eq!(state.get(&hop.product), Some(&hop.from));
                state.insert(hop.product, hop.to.clone());
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
