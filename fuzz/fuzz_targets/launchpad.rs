//! Fuzzes the Launchpad config importer (and the bounded YAML reader under it): no input may
//! make it panic; on whatever it reads, the inventory is made, and the versions written back
//! into the text read back as the versions written. Its environment has a version (`$V`), a
//! large value (`$BIG`, to reach the expansion bound) and nothing else.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use mirantis_upgrade_planner::launchpad::LaunchpadConfig;
use mirantis_upgrade_planner::{Product, Version};

fn environment(name: &str) -> Option<String> {
    match name {
        "V" => Some("3.8.12".to_owned()),
        "BIG" => Some("x".repeat(64 * 1024)),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(config) = LaunchpadConfig::parse_with_environment(text, &environment) else {
        return;
    };
    let overrides: BTreeMap<Product, Version> = [
        (Product::Mcr, "25.0.14"),
        (Product::Mke, "3.8.12"),
        (Product::Msr, "2.9.30"),
    ]
    .into_iter()
    .filter_map(|(product, version)| Some((product, Version::parse(version).ok()?)))
    .collect();
    let _ = config.installed(&BTreeMap::new());
    let Ok(installed) = config.installed(&overrides) else { return };
    let _ = config.inventory(&installed);
    let _ = config.mkectl_hosts();
    let Ok(written) = config.with_versions(&installed) else { return };
    let back = LaunchpadConfig::parse_with_environment(&written, &environment)
        .unwrap_or_else(|e| panic!("the written config does not read back: {e}\n{written}"));
    // What the config holds: the overrides of products the cluster does not run (MSR without
    // an MSR host) are the request's, not the file's.
    let products = config.products();
    let expected: BTreeMap<Product, Version> = installed
        .into_iter()
        .filter(|(product, _)| products.contains(product))
        .collect();
    let read = back.installed(&BTreeMap::new());
    assert_eq!(read.as_ref().ok(), Some(&expected), "{written}");
});
