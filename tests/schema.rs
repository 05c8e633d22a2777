//! The published JSON Schemas: generated from the types, committed under `schema/`, and
//! every golden plan, refusal, catalog, inventory and request validates against them.

mod common;

use std::path::PathBuf;

use common::scenarios;
use mirantis_upgrade_planner::{
    Catalog, Format, Inventory, Product, Refusal, Request, Version,
    inventory::preflight,
    render::{error_json, refusal_json, render_plan, render_refusal},
    schema::{SchemaName, json_schema},
};
use serde_json::Value;

fn schema_file(name: SchemaName) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(format!("{}.json", name.as_str()))
}

fn validator(name: SchemaName) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&json_schema(name)).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[track_caller]
fn assert_valid(name: SchemaName, what: &str, instance: &Value) {
    let errors: Vec<String> = validator(name)
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the {} schema: {errors:#?}",
        name.as_str()
    );
}

/// `UPDATE_SCHEMA=1 cargo test --test schema` rewrites the committed files; review the diff.
#[test]
fn the_committed_schemas_are_the_types() {
    for name in SchemaName::ALL {
        let generated = json_schema(name);
        let path = schema_file(name);
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SCHEMA=1)", path.display()));
        assert_eq!(
            generated,
            committed,
            "{} drifted from the types (UPDATE_SCHEMA=1 rewrites it)",
            path.display()
        );
        let schema: Value = serde_json::from_str(&generated).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert!(jsonschema::meta::is_valid(&schema), "{}", name.as_str());
    }
}

#[test]
fn every_golden_plan_and_scenario_plan_matches_the_plan_schema() {
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut checked = 0;
    for entry in std::fs::read_dir(golden).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            // A golden refusal is an error document.
            let name = if json.get("error").is_some() {
                SchemaName::Refusal
            } else {
                SchemaName::Plan
            };
            assert_valid(name, &path.display().to_string(), &json);
            checked += 1;
        }
    }
    assert!(checked >= 8, "{checked} golden plans");
    for scenario in scenarios::all() {
        match scenario.planner.plan(&scenario.request) {
            Ok(plan) => {
                let json: Value = serde_json::from_str(&render_plan(&plan, Format::Json)).unwrap();
                assert_valid(SchemaName::Plan, scenario.name, &json);
            }
            Err(refusal) => {
                let json: Value =
                    serde_json::from_str(&render_refusal(&refusal, Format::Json)).unwrap();
                assert_valid(SchemaName::Refusal, scenario.name, &json);
            }
        }
    }
}

#[test]
fn refusals_of_every_kind_match_the_refusal_schema() {
    let planner = scenarios::embedded();
    let refusals: Vec<Refusal> = [
        ("mcr=25.0.12,mke=3.8.11,msr=2.10.0", "mke=3.9.0", None),
        (
            "mcr=25.0.12,mke=3.8.11,msr=2.10.0",
            "mke=3.9.0",
            Some("metalb"),
        ),
        (
            "mcr=23.0.9,mke=3.3.7,msr=2.8.5",
            "mke=3.9",
            Some("unsupported-storage-driver"),
        ),
        ("mke=3.3.7,msr=2.9.30", "msr=2.8.5", None),
        ("mke=3.3.7,msr=2.9.30", "msr=2.9.99", None),
    ]
    .into_iter()
    .map(|(from, to, fact)| {
        let mut request = scenarios::request(from, to);
        if let Some(fact) = fact {
            request.facts.insert(fact.to_owned(), false);
        }
        planner.plan(&request).unwrap_err()
    })
    .chain(std::iter::once({
        // An MSR 2.9 patch for an installer: its interactive checks need a person.
        let mut request = scenarios::request("mcr=25.0.12,mke=3.8.12,msr=2.9.29", "msr=2.9.30");
        request.unattended = true;
        planner.plan(&request).unwrap_err()
    }))
    .collect();
    let codes: Vec<&str> = refusals.iter().map(Refusal::code).collect();
    assert_eq!(
        codes,
        [
            "unanswered-fact",
            "unknown-fact",
            "no-path",
            "downgrade",
            "unknown-version",
            "needs-person"
        ]
    );
    for refusal in &refusals {
        assert_valid(SchemaName::Refusal, refusal.code(), &refusal_json(refusal));
    }
}

/// Text that JSON must escape: quotes, backslashes, control characters, and the characters
/// that are valid JSON but not valid JavaScript or HTML inside a script.
const HOSTILE: &str = "a \"quote\", a \\ backslash, {\"json\": 1}\n\r\t\u{0}\u{7}\u{1b}\u{7f} \u{2028}\u{2029} </script> é 🦀";

/// Every JSON the library writes on an error path parses back as JSON, says what the error
/// says (the texts it carries unchanged), and matches the refusal schema: each kind of
/// refusal, with hostile text wherever a refusal carries text, and the error object of
/// malformed input.
#[test]
fn every_error_json_parses_back_with_its_text() {
    let planner = scenarios::embedded();
    let version = |text: &str| Version::parse(text).unwrap();
    let mut refusals = vec![
        Refusal::Downgrade {
            product: Product::Msr,
            from: version("2.9.1"),
            to: version("2.8.5"),
        },
        Refusal::MigrationRequired {
            product: Product::Msr,
            from: version("2.9.1"),
            to: version("3.0.0"),
            tool: HOSTILE.to_owned(),
        },
        Refusal::BlockedTarget {
            product: Product::Mke,
            version: version("3.7.0"),
            reason: HOSTILE.to_owned(),
        },
        Refusal::NotInstalled {
            product: Product::Msr,
        },
        Refusal::NotInstallable {
            target: HOSTILE.to_owned(),
        },
        Refusal::SearchLimit {
            explored: 10,
            limit: 10,
            furthest: [(Product::Mke, version("3.3.7"))].into_iter().collect(),
        },
        Refusal::UnknownStep {
            id: HOSTILE.to_owned(),
            nearest: vec![HOSTILE.to_owned(), "hop-1-upgrade".to_owned()],
        },
    ];
    let inventory = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inventory.json"),
    )
    .unwrap();
    refusals.push(Refusal::Preflight {
        findings: preflight(&Inventory::from_json(&inventory).unwrap(), true),
    });
    for (from, to, fact) in [
        ("mcr=25.0.12,mke=3.8.11,msr=2.10.0", "mke=3.9.0", None),
        (
            "mcr=25.0.12,mke=3.8.11,msr=2.10.0",
            "mke=3.9.0",
            Some(HOSTILE),
        ),
        (
            "mcr=23.0.9,mke=3.3.7,msr=2.8.5",
            "mke=3.9",
            Some("unsupported-storage-driver"),
        ),
        ("mke=3.3.7,msr=2.9.30", "msr=2.9.99", None),
    ] {
        let mut request = scenarios::request(from, to);
        if let Some(fact) = fact {
            request.facts.insert(fact.to_owned(), false);
        }
        refusals.push(planner.plan(&request).unwrap_err());
    }
    assert!(
        refusals.iter().any(
            |refusal| refusal.code() == "unknown-fact" && refusal.to_string().contains(HOSTILE)
        ),
        "the hostile fact name reaches a refusal's message"
    );
    for refusal in &refusals {
        let rendered = render_refusal(refusal, Format::Json);
        let parsed: Value = serde_json::from_str(&rendered)
            .unwrap_or_else(|e| panic!("{}: {e}\n{rendered}", refusal.code()));
        assert_eq!(parsed, refusal_json(refusal), "{}", refusal.code());
        assert_eq!(parsed["error"]["code"], refusal.code());
        assert_eq!(parsed["error"]["message"], refusal.to_string());
        assert_valid(SchemaName::Refusal, refusal.code(), &parsed);
    }

    let error = error_json(HOSTILE, HOSTILE);
    for text in [
        error.to_string(),
        serde_json::to_string_pretty(&error).unwrap(),
    ] {
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["schema_version"], 1);
        assert_eq!(parsed["error"]["code"], HOSTILE);
        assert_eq!(parsed["error"]["message"], HOSTILE);
        assert_valid(SchemaName::Refusal, "error_json", &parsed);
    }
}

#[test]
fn catalogs_inventories_and_requests_match_their_schemas() {
    let embedded: Value = serde_json::from_str(Catalog::embedded_json()).unwrap();
    assert_valid(SchemaName::Catalog, "the embedded catalog", &embedded);
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(common::fixture("scenarios.json")).unwrap())
            .unwrap();
    assert_valid(SchemaName::Catalog, "the scenario catalog", &fixture);

    let inventory_text = std::fs::read_to_string(common::fixture("inventory.json")).unwrap();
    let inventory: Value = serde_json::from_str(&inventory_text).unwrap();
    assert_valid(SchemaName::Inventory, "the example inventory", &inventory);

    let mut request = scenarios::request("mcr=25.0.12,mke=3.8.11,msr=2.10.0", "mke=3.9,msr=latest");
    request.facts.insert("metallb".to_owned(), true);
    request.as_of = Some("2026-11-30".parse().unwrap());
    request.inventory =
        Some(mirantis_upgrade_planner::Inventory::from_json(&inventory_text).unwrap());
    let json: Value = serde_json::from_str(&request.to_json()).unwrap();
    assert_valid(SchemaName::Request, "a full request", &json);
    assert_eq!(Request::from_json(&request.to_json()).unwrap(), request);
}

#[test]
fn the_schemas_reject_what_the_loaders_reject() {
    let plan: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/msr-patch.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut bad_version = plan.clone();
    bad_version["hops"][0]["to"] = Value::from("2.x.30");
    assert!(!validator(SchemaName::Plan).is_valid(&bad_version));
    let mut bad_phase = plan;
    bad_phase["steps"][0]["phase"] = Value::from("someday");
    assert!(!validator(SchemaName::Plan).is_valid(&bad_phase));

    let catalog = validator(SchemaName::Catalog);
    let unknown_field: Value =
        serde_json::from_str(r#"{"schema_version": 1, "products": {}, "extra": 1}"#).unwrap();
    assert!(!catalog.is_valid(&unknown_field));
    let bad_requirement: Value = serde_json::from_str(
        r#"{"schema_version": 1, "products": {}, "compatibility": [{"when": "dtr 2.9", "requires": "mke 3.8"}]}"#,
    )
    .unwrap();
    assert!(!catalog.is_valid(&bad_requirement));
    let request = validator(SchemaName::Request);
    let no_from: Value = serde_json::from_str(r#"{"to": {"msr": "latest"}}"#).unwrap();
    assert!(!request.is_valid(&no_from));
    let bad_target: Value =
        serde_json::from_str(r#"{"from": {"msr": "2.9.30"}, "to": {"msr": "newest"}}"#).unwrap();
    assert!(!request.is_valid(&bad_target));
}
