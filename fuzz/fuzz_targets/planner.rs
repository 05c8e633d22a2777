//! Plans requests from the shared generator (`synthetic::requests`, the one the property
//! tests use) on the embedded catalog and on small generated catalogs under a small search
//! budget: no panic, no budget overrun, a plan that the independent validator accepts, and
//! JSON that parses back.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mirantis_upgrade_planner::synthetic::requests::{self, Bytes, Choices};
use mirantis_upgrade_planner::{Catalog, Format, Planner, Refusal, render::{render_plan, render_refusal}, validate::{ValidationOptions, validate}};

const LIMIT: usize = 2_000;

fn embedded() -> &'static Planner {
    static PLANNER: OnceLock<Planner> = OnceLock::new();
    PLANNER.get_or_init(|| Planner::new(Catalog::embedded()))
}

fn check(planner: &Planner, limit: usize, choices: &mut Bytes) {
    let request = requests::request(planner.catalog(), choices);
    match planner.plan(&request) {
        Ok(plan) => {
            let violations = validate(&plan, planner.catalog(), &ValidationOptions::default());
            assert!(violations.is_empty(), "{violations:#?}");
            for format in Format::ALL {
                let _ = render_plan(&plan, format);
            }
            let json = render_plan(&plan, Format::Json);
            serde_json::from_str::<serde_json::Value>(&json).expect("plan JSON parses");
        }
        Err(refusal) => {
            if let Refusal::SearchLimit { explored, .. } = &refusal {
                // A search stops at the first expansion past the budget: at most one state's
                // successors over it.
                assert!(*explored <= limit + 64, "explored {explored}");
            }
            let json = render_refusal(&refusal, Format::Json);
            serde_json::from_str::<serde_json::Value>(&json).expect("refusal JSON parses");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut choices = Bytes::new(data);
    if choices.one_in(2) {
        check(embedded(), embedded().search_limit(), &mut choices);
        return;
    }
    let Ok(catalog) = Catalog::from_json(&requests::small_catalog_json(&mut choices)) else {
        return;
    };
    let planner = Planner::new(catalog).with_search_limit(LIMIT);
    check(&planner, LIMIT, &mut choices);
});
