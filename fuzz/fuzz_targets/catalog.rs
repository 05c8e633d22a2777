//! Fuzzes the catalog loader, and the lint and planner on whatever loads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mirantis_upgrade_planner::{Catalog, Planner, Product, Request, Target, lint};

fuzz_target!(|data: &[u8]| {
    let Ok(catalog) = Catalog::from_json_bytes(data) else { return };
    let _ = lint(&catalog);
    // Plan from the oldest to the newest release of every product.
    let mut request = Request::default();
    for product in Product::ALL {
        if let Some(first) = catalog.releases(product).first() {
            request.from.insert(product, first.version.clone());
            request.to.insert(product, Target::Latest);
        }
    }
    request.allow_migrations = data.len() % 2 == 0;
    let _ = Planner::new(catalog).plan(&request);
});
