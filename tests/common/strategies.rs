//! Proptest strategies shared by the property tests: small random catalogs shaped like the
//! real one, and requests against them.

use std::collections::BTreeMap;

use mirantis_upgrade_planner::{Catalog, Policy, Product, Request, Target, Version};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A random catalog and a request against it.
#[derive(Debug, Clone)]
pub struct Case {
    pub catalog_json: String,
    pub request: Request,
}

impl Case {
    pub fn catalog(&self) -> Catalog {
        Catalog::from_json(&self.catalog_json).expect("generated catalogs are valid")
    }
}

/// The lines of one product: `(major, minor, patches, blocked patches)`.
fn product_lines() -> impl Strategy<Value = Vec<(u64, u64, u64, Vec<bool>)>> {
    proptest::collection::vec(
        (
            1u64..4,
            0u64..3,
            proptest::collection::vec(prop::bool::weighted(0.1), 1..4),
        ),
        1..5,
    )
    .prop_map(|lines| {
        let mut lines: Vec<(u64, u64, u64, Vec<bool>)> = lines
            .into_iter()
            .map(|(major, minor, blocked)| (major, minor, blocked.len() as u64, blocked))
            .collect();
        lines.sort_by_key(|(major, minor, _, _)| (*major, *minor));
        lines.dedup_by_key(|(major, minor, _, _)| (*major, *minor));
        lines
    })
}

fn product_name(index: usize) -> &'static str {
    ["mcr", "mke", "msr"][index]
}

fn line_req(product: usize, (major, minor): (u64, u64)) -> String {
    format!("{} {major}.{minor}", product_name(product))
}

/// A random small catalog with line-granular compatibility, lower-bound gates, maybe a
/// migration and maybe verdict overrides, and a request of exact targets.
pub fn case() -> impl Strategy<Value = Case> {
    let products = [product_lines(), product_lines(), product_lines()];
    (
        products,
        proptest::collection::vec(
            (
                0usize..3,
                0usize..3,
                0usize..8,
                0usize..8,
                0usize..8,
                0usize..8,
            ),
            0..5,
        ),
        proptest::collection::vec(
            (
                0usize..3,
                0usize..3,
                0usize..8,
                0usize..8,
                0u64..3,
                any::<bool>(),
            ),
            0..3,
        ),
        proptest::option::of((0usize..3, 0usize..8)),
        (any::<bool>(), any::<bool>()),
        (
            any::<[u16; 3]>(),
            any::<[u16; 3]>(),
            any::<[bool; 3]>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(|(lines, compat, gates, migration, overrides, request)| {
            build(&lines, &compat, &gates, migration, overrides, request)
        })
}

#[allow(clippy::type_complexity)]
fn build(
    lines: &[Vec<(u64, u64, u64, Vec<bool>)>; 3],
    compat: &[(usize, usize, usize, usize, usize, usize)],
    gates: &[(usize, usize, usize, usize, u64, bool)],
    migration: Option<(usize, usize)>,
    (skip_minor_ok, skip_patch_refused): (bool, bool),
    (from_pick, to_pick, named, msr_absent, allow_migrations, fact): (
        [u16; 3],
        [u16; 3],
        [bool; 3],
        bool,
        bool,
        bool,
    ),
) -> Case {
    let line_of = |p: usize, i: usize| {
        let (major, minor, _, _) = lines[p][i % lines[p].len()];
        (major, minor)
    };
    let mut products = serde_json::Map::new();
    let mut versions: [Vec<Version>; 3] = Default::default();
    for p in 0..3 {
        let mut releases = Vec::new();
        for (major, minor, _, blocked) in &lines[p] {
            for (patch, is_blocked) in blocked.iter().enumerate() {
                let version = format!("{major}.{minor}.{patch}");
                versions[p].push(Version::parse(&version).unwrap());
                if *is_blocked {
                    releases.push(json!({"version": version, "blocked": "generated"}));
                } else {
                    releases.push(json!(version));
                }
            }
        }
        let mut product = json!({"releases": releases});
        if p == 1 && skip_minor_ok {
            product["rules"] = json!({"skip-minor-version": "supported"});
        }
        if p == 2 && skip_patch_refused {
            product["rules"] = json!({"skip-patch-version": "refused"});
        }
        products.insert(product_name(p).to_owned(), product);
    }
    let compatibility: Vec<Value> = compat
        .iter()
        .filter(|(when, requires, ..)| when != requires)
        .map(|&(when, requires, w, lo, hi, _)| {
            let (lo, hi) = (line_of(requires, lo), line_of(requires, hi));
            let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
            json!({
                "when": line_req(when, line_of(when, w)),
                "requires": format!("{} >={}.{}, <={}.{}", product_name(requires), lo.0, lo.1, hi.0, hi.1),
            })
        })
        .collect();
    let gates: Vec<Value> = gates
        .iter()
        .map(|&(to, needs, t, n, patch, conditional)| {
            let (major, minor) = line_of(needs, n);
            let mut gate = json!({
                "to": format!("{}.*", line_req(to, line_of(to, t))),
                "requires": [format!("{} >={major}.{minor}.{patch}", product_name(needs))],
                "reason": "generated gate",
            });
            if conditional {
                gate["if_fact"] = json!("f");
            }
            gate
        })
        .collect();
    let migrations: Vec<Value> = migration
        .into_iter()
        .filter_map(|(p, l)| {
            let (major, minor) = line_of(p, l);
            let later = lines[p].iter().any(|(m, ..)| *m > major);
            later.then(|| {
                json!({"from": line_req(p, (major, minor)), "to": format!("{} >={}.0", product_name(p), major + 1), "tool": "generated tool"})
            })
        })
        .collect();
    let catalog = json!({
        "schema_version": 1,
        "products": products,
        "compatibility": compatibility,
        "gates": gates,
        "migrations": migrations,
        "facts": {"f": {"question": "Is the generated condition true?"}},
    });
    let mut request = Request {
        allow_migrations,
        policy: Policy::Minimal,
        facts: BTreeMap::from([("f".to_owned(), fact)]),
        ..Request::default()
    };
    for (p, product) in Product::ALL.into_iter().enumerate() {
        if p == 2 && msr_absent {
            continue;
        }
        let all = &versions[p];
        let from = usize::from(from_pick[p]) % all.len();
        request.from.insert(product, all[from].clone());
        // At least MKE is named, so that there is something to plan; targets lean towards
        // the newest releases, where the interesting paths are.
        if named[p] || p == 1 {
            let span = all.len() - from;
            let to = from + (usize::from(to_pick[p]) % span).max(span / 2);
            request.to.insert(product, Target::Exact(all[to].clone()));
        }
    }
    Case {
        catalog_json: serde_json::to_string(&catalog).unwrap(),
        request,
    }
}
