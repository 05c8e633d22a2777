//! Plans arbitrary requests on arbitrary small catalogs under a small search budget: no panic,
//! no budget overrun, and a plan that the independent validator accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mirantis_upgrade_planner::{
    Catalog, Planner, Product, Refusal, Request, Target, ValidationOptions, Version, validate,
};
use serde_json::{Value, json};

/// The fuzzer's bytes, read as small numbers.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self, bound: u8) -> u8 {
        let Some((first, rest)) = self.0.split_first() else {
            return 0;
        };
        self.0 = rest;
        first % bound.max(1)
    }
}

const LIMIT: usize = 2_000;

fn catalog_json(bytes: &mut Bytes) -> Value {
    let lines = 2 + u64::from(bytes.next(6));
    let mut products = serde_json::Map::new();
    for product in ["mcr", "mke", "msr"] {
        let releases: Vec<Value> = (0..lines)
            .flat_map(|line| {
                let major = 1 + line / 3;
                let minor = line % 3;
                (0..2).map(move |patch| json!(format!("{major}.{minor}.{patch}")))
            })
            .collect();
        products.insert(product.to_owned(), json!({"releases": releases}));
    }
    let names = ["mcr", "mke", "msr"];
    let line = |n: u8| {
        let n = u64::from(n) % lines;
        format!("{}.{}", 1 + n / 3, n % 3)
    };
    let mut compatibility = Vec::new();
    for _ in 0..bytes.next(6) {
        let (when, requires) = (bytes.next(3), bytes.next(3));
        if when == requires {
            continue;
        }
        let (low, high) = (line(bytes.next(12)), line(bytes.next(12)));
        compatibility.push(json!({
            "when": format!("{} {}", names[usize::from(when)], line(bytes.next(12))),
            "requires": format!("{} >={low}.0, <={high}.9", names[usize::from(requires)]),
        }));
    }
    let mut gates = Vec::new();
    for _ in 0..bytes.next(4) {
        let mut gate = json!({
            "to": format!("{} {}.*", names[usize::from(bytes.next(3))], line(bytes.next(12))),
            "requires": [format!("{} >={}.{}", names[usize::from(bytes.next(3))], line(bytes.next(12)), bytes.next(2))],
            "reason": "fuzz",
            "in_order": bytes.next(2) == 0,
        });
        if bytes.next(3) == 0 {
            gate["if_fact"] = json!("f");
        }
        gates.push(gate);
    }
    json!({
        "schema_version": 1,
        "products": products,
        "compatibility": compatibility,
        "gates": gates,
        "facts": {"f": {"question": "fuzz?"}},
    })
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes(data);
    let Ok(catalog) = Catalog::from_json(&catalog_json(&mut bytes).to_string()) else {
        return;
    };
    let mut request = Request::default();
    for product in Product::ALL {
        let releases = catalog.releases(product);
        if releases.is_empty() || (product == Product::Msr && bytes.next(4) == 0) {
            continue;
        }
        let from: &Version = &releases[usize::from(bytes.next(255)) % releases.len()].version;
        request.from.insert(product, from.clone());
        match bytes.next(4) {
            0 => {}
            1 => {
                request.to.insert(product, Target::Latest);
            }
            _ => {
                let to = &releases[usize::from(bytes.next(255)) % releases.len()].version;
                request.to.insert(product, Target::Exact(to.clone()));
            }
        }
    }
    match bytes.next(3) {
        0 => {}
        answer => {
            request.facts.insert("f".to_owned(), answer == 1);
        }
    }
    request.allow_migrations = bytes.next(2) == 0;
    let planner = Planner::new(catalog).with_search_limit(LIMIT);
    match planner.plan(&request) {
        Ok(plan) => {
            let violations = validate(&plan, planner.catalog(), &ValidationOptions::default());
            assert!(violations.is_empty(), "{violations:#?}");
        }
        Err(Refusal::SearchLimit { explored, limit, .. }) => {
            assert_eq!(limit, LIMIT);
            // A search stops at the first expansion past the budget: at most one state's
            // successors over it.
            assert!(explored <= LIMIT + 64, "explored {explored}");
        }
        Err(_) => {}
    }
});
