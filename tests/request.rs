//! A request as data: the `mcr=...,mke=...` text, the JSON request, and their errors.

mod common;

use std::collections::BTreeMap;

use common::fixture;
use mirantis_upgrade_planner::{
    Policy, Product, Request, RequestError, Target, Version,
    inventory::StorageBackend,
    json::JsonError,
    request::{ByProduct, parse_facts},
};

#[test]
fn states_and_targets_parse_from_text_and_print_back() {
    let state: ByProduct<Version> = "mcr=20.10.13, mke=3.3.7,msr=2.8.5".parse().unwrap();
    assert_eq!(state.0.len(), 3);
    assert_eq!(state.0[&Product::Mcr].as_str(), "20.10.13");
    assert_eq!(state.to_string(), "mcr=20.10.13,mke=3.3.7,msr=2.8.5");
    let old: ByProduct<Version> = "Docker=20.10.13,UCP=3.3.7,dtr=2.8.5".parse().unwrap();
    assert_eq!(old, state, "old names, any case");
    let engine: ByProduct<Version> = "engine=23.0.9-1".parse().unwrap();
    assert_eq!(engine.0[&Product::Mcr].as_str(), "23.0.9-1");

    let targets: ByProduct<Target> = "msr=latest,mke=3.9,mcr=25.0.12".parse().unwrap();
    assert_eq!(targets.0[&Product::Msr], Target::Latest);
    assert_eq!(targets.0[&Product::Mke], Target::parse("3.9").unwrap());
    assert_eq!(
        targets.0[&Product::Mcr],
        Target::Exact(Version::parse("25.0.12").unwrap())
    );
    assert_eq!(targets.to_string(), "mcr=25.0.12,mke=3.9,msr=latest");
    let major: ByProduct<Target> = "msr=3".parse().unwrap();
    assert_eq!(major.0[&Product::Msr], Target::Major(3));
    assert_eq!(major.to_string(), "msr=3");
}

#[test]
fn text_errors_name_the_value() {
    let state = |text: &str| text.parse::<ByProduct<Version>>().unwrap_err().to_string();
    assert_eq!(state("mke"), "'mke' is not PRODUCT=VALUE");
    assert_eq!(state(""), "'' is not PRODUCT=VALUE");
    assert_eq!(
        state("mks=3.3.7"),
        "unknown product 'mks'; expected mcr, mke or msr"
    );
    assert_eq!(
        state("mke=3.x.7"),
        "mke: version '3.x.7': minor component 'x' is not a number"
    );
    assert_eq!(state("mke=3.3.7,ucp=3.3.8"), "mke is given twice");
    assert!(matches!(
        "mke=latest".parse::<ByProduct<Version>>(),
        Err(RequestError::Value {
            product: Product::Mke,
            ..
        })
    ));
    assert_eq!(
        "msr=2.x"
            .parse::<ByProduct<Target>>()
            .unwrap_err()
            .to_string(),
        "msr: version '2.x': minor component 'x' is not a number"
    );
}

#[test]
fn facts_parse_from_text() {
    assert_eq!(
        parse_facts("metallb=true, calico-ebpf=false,aws-in-tree-cloud-provider").unwrap(),
        BTreeMap::from([
            ("metallb".to_owned(), true),
            ("calico-ebpf".to_owned(), false),
            ("aws-in-tree-cloud-provider".to_owned(), true),
        ])
    );
    assert_eq!(
        parse_facts("metallb=yes").unwrap_err().to_string(),
        "fact 'metallb': 'yes' is not true or false"
    );
    assert_eq!(
        parse_facts("=true").unwrap_err().to_string(),
        "'=true' is not PRODUCT=VALUE"
    );
}

#[test]
fn a_json_request_reads_every_field() {
    let inventory = std::fs::read_to_string(fixture("inventory.json")).unwrap();
    let text = format!(
        r#"{{
        "from": {{"mcr": "25.0.12", "ucp": "3.8.11", "msr": "2.10.0"}},
        "to": {{"mke": "3.9", "msr": "latest"}},
        "policy": "minimal",
        "facts": {{"metallb": true}},
        "allow_migrations": true,
        "offline": true,
        "as_of": "2026-11-30",
        "site": {{"mke_url": "mke.example.com", "storage": "nfs", "backup_dir": "/backups"}},
        "inventory": {inventory},
        "accept": ["msr-node-ram"]
    }}"#
    );
    let request = Request::from_json(&text).unwrap();
    assert_eq!(request.from[&Product::Mke].as_str(), "3.8.11");
    assert_eq!(request.to[&Product::Mke], Target::parse("3.9").unwrap());
    assert_eq!(request.policy, Policy::Minimal);
    assert!(request.facts["metallb"]);
    assert!(request.allow_migrations && request.offline);
    assert_eq!(request.as_of.unwrap().to_string(), "2026-11-30");
    assert_eq!(request.site.storage, Some(StorageBackend::Nfs));
    assert_eq!(request.site.backup_dir.as_deref(), Some("/backups"));
    assert!(request.inventory.is_some());
    assert!(request.accept.contains("msr-node-ram"));
    // And back: the JSON form reads to the same request.
    assert_eq!(Request::from_json(&request.to_json()).unwrap(), request);
    // Only `from` is required.
    let bare = Request::from_json(r#"{"from": {"mke": "3.3.7"}}"#).unwrap();
    assert_eq!(bare.policy, Policy::Recommended);
    assert!(bare.to.is_empty());
}

#[test]
fn json_request_errors_say_where() {
    let error = |text: &str| Request::from_json(text).unwrap_err().to_string();
    assert_eq!(
        error(r#"{"from": {"mke": "3.3.7"}, "too": {}}"#),
        "request: unknown field `too`, expected one of `from`, `to`, `policy`, `facts`, `allow_migrations`, `offline`, `unattended`, `as_of`, `site`, `inventory`, `accept`, `launchpad` at line 1, column 32"
    );
    assert_eq!(
        error(r#"{"to": {"mke": "3.9"}}"#),
        "request: missing field `from` at line 1, column 22"
    );
    assert_eq!(
        error(r#"{"from": {"mke": "3.x"}}"#),
        "request: version '3.x' has 2 numeric components; expected major.minor.patch at line 1, column 23"
    );
    assert_eq!(
        error(r#"{"from": {"mks": "3.3.7"}}"#),
        "request: unknown variant `mks`, expected one of `docker`, `engine`, `mcr`, `mke`, `ucp`, `dtr`, `msr` at line 1, column 15"
    );
    assert_eq!(
        error(r#"{"from": {"mke": "3.3.7"}, "policy": "fastest"}"#),
        "request: unknown variant `fastest`, expected `minimal` or `recommended` at line 1, column 46"
    );
    assert_eq!(
        error(
            r#"{"from": {"mke": "3.3.7"}, "inventory": {"schema_version": 2, "nodes": [], "mke": {"admins_can_deploy_on_managers_and_msr_nodes": true, "content_trust": false}}}"#
        ),
        "request: inventory: unsupported schema version 2; this library reads 1"
    );
    assert_eq!(
        error("["),
        "request: EOF while parsing a list at line 1, column 1"
    );
    let huge = format!(
        r#"{{"from": {{"mke": "3.3.7"}}, "accept": ["{}"]}}"#,
        "x".repeat(17 * 1024 * 1024)
    );
    assert!(matches!(
        Request::from_json(&huge),
        Err(RequestError::Json(JsonError::TooLarge { .. }))
    ));
}

#[test]
fn targets_are_written_as_text_in_json() {
    let targets = [
        Target::Latest,
        Target::Major(3),
        Target::parse("2.9").unwrap(),
        Target::parse("2.9.30").unwrap(),
    ];
    let json = serde_json::to_string(&targets).unwrap();
    assert_eq!(json, r#"["latest","3","2.9","2.9.30"]"#);
    let back: Vec<Target> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, targets);
}
