//! Fuzzes the plan loader and the validator on the embedded catalog.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mirantis_upgrade_planner::{Catalog, Plan, validate::{ValidationOptions, validate}};

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::embedded)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(plan) = Plan::from_json_bytes(data) {
        let _ = validate(&plan, catalog(), &ValidationOptions::default());
    }
});
