//! Hostile input: every loader and parser returns a clear error, bounded in work, and never
//! panics.

mod common;

use mirantis_upgrade_planner::limits::{
    MAX_CATALOG_ENTRIES, MAX_JSON_DEPTH, MAX_PLAN_BYTES, MAX_PLAN_HOPS, MAX_RELEASES_PER_PRODUCT,
};
use mirantis_upgrade_planner::{
    Catalog, CatalogError, Plan, PlanError, Target, Version,
    json::{Document, JsonError},
    requirement::Requirement,
};
use proptest::prelude::*;
use serde_json::{Value, json};

#[test]
fn nesting_deeper_than_the_limit_is_named() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(
        Catalog::from_json(&deep).unwrap_err(),
        CatalogError::Json(JsonError::TooDeep {
            document: Document::Catalog,
            limit: MAX_JSON_DEPTH
        })
    );
    assert_eq!(
        Catalog::from_json(&deep).unwrap_err().to_string(),
        "catalog nests deeper than the limit of 128 levels"
    );
    assert_eq!(
        Plan::from_json(&deep).unwrap_err(),
        PlanError::Json(JsonError::TooDeep {
            document: Document::Plan,
            limit: MAX_JSON_DEPTH
        })
    );
    assert_eq!(
        Plan::from_json(&deep).unwrap_err().to_string(),
        "plan nests deeper than the limit of 128 levels"
    );
}

#[test]
fn too_many_releases_is_named() {
    let releases: Vec<String> = (0..=MAX_RELEASES_PER_PRODUCT)
        .map(|i| format!("1.{}.{}", i / 1000, i % 1000))
        .collect();
    let catalog =
        json!({"schema_version": 1, "products": {"msr": {"releases": releases}}}).to_string();
    assert_eq!(
        Catalog::from_json(&catalog).unwrap_err().to_string(),
        "products.msr.releases: 100001 entries; the limit is 100000"
    );
}

#[test]
fn too_many_entries_is_named() {
    let entry = json!({"when": "msr 2.9.*", "requires": "mke 3.8.*"});
    let entries = vec![entry; MAX_CATALOG_ENTRIES + 1];
    let catalog =
        json!({"schema_version": 1, "products": {}, "compatibility": entries}).to_string();
    assert_eq!(
        Catalog::from_json(&catalog).unwrap_err().to_string(),
        "compatibility, gates and migrations: 100001 entries; the limit is 100000"
    );
}

#[test]
fn plan_limits_are_named() {
    let huge = " ".repeat(MAX_PLAN_BYTES + 1);
    assert_eq!(
        Plan::from_json(&huge).unwrap_err().to_string(),
        format!(
            "plan is {} bytes; the limit is {MAX_PLAN_BYTES} bytes",
            MAX_PLAN_BYTES + 1
        )
    );
    let hop = json!({"product": "msr", "from": "2.9.0", "to": "2.9.1", "rule": "patch-upgrade"});
    let plan = json!({"schema_version": 1, "policy": "minimal", "from": {}, "to": {}, "hops": vec![hop; MAX_PLAN_HOPS + 1]});
    assert_eq!(
        Plan::from_json(&plan.to_string()).unwrap_err().to_string(),
        "plan has 10001 hops; the limit is 10000"
    );
}

#[test]
fn an_unsafe_catalog_is_refused_with_the_lints_message() {
    let json = r#"{"schema_version": 1, "products": {"msr": {"releases": ["2.9.0", "2.10.0", "3.0.0"]}},
        "migrations": [{"from": "msr 2.9.*", "to": "msr >=2.9.0", "tool": "mmt"}]}"#;
    assert_eq!(
        Catalog::from_json(json).unwrap_err().to_string(),
        "migrations[0]: 'to' (msr >=2.9.0) matches releases that 'from' (msr 2.9.*) also matches: 2.9.0; a migration must lead out of the releases it starts from (lint migration-overlaps-source)"
    );
    let unknown = r#"{"schema_version": 1, "products": {}, "compatibility": [{"when": "msr 2.9.*", "requires": "dtr 2.9.*"}]}"#;
    assert_eq!(
        Catalog::from_json(unknown).unwrap_err().to_string(),
        "compatibility[0].requires: requirement 'dtr 2.9.*': unknown product 'dtr'; expected mcr, mke or msr"
    );
}

/// Arbitrary JSON values, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z0-9.=<>*, -]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("2.9.30"),
            Just("msr 2.9.*"),
            Just("mke >=3.8.11"),
            Just("patch-upgrade"),
            Just("backup")
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("schema_version"),
            Just("products"),
            Just("releases"),
            Just("mke"),
            Just("msr"),
            Just("mcr"),
            Just("version"),
            Just("compatibility"),
            Just("when"),
            Just("requires"),
            Just("gates"),
            Just("to"),
            Just("from"),
            Just("migrations"),
            Just("tool"),
            Just("hops"),
            Just("steps"),
            Just("policy"),
            Just("product"),
            Just("rule"),
            Just("id"),
            Just("hop"),
            Just("phase"),
            Just("title"),
            Just("x"),
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(keys.prop_map(str::to_owned), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn loaders_never_panic_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = Catalog::from_json_bytes(&bytes);
        let _ = Plan::from_json_bytes(&bytes);
    }

    #[test]
    fn loaders_never_panic_on_json(mut value in any_json(), schema in any::<bool>()) {
        if schema {
            if let Value::Object(map) = &mut value {
                map.insert("schema_version".to_owned(), json!(1));
            }
        }
        let text = value.to_string();
        let _ = Catalog::from_json(&text);
        let _ = Plan::from_json(&text);
    }

    #[test]
    fn parsers_never_panic(text in "\\PC{0,30}") {
        let _ = Version::parse(&text);
        let _ = Requirement::parse(&text);
        let _ = Target::parse(&text);
    }
}
