//! Loading catalogs, the embedded Mirantis catalog, and the catalog lint.

mod common;

use common::{load_error, v};
use mirantis_upgrade_planner::{
    Catalog, CatalogError, Product, catalog::Confidence, json::JsonError, lint, lint::LintCode,
    requirement::Requirement,
};
use proptest::prelude::*;

const MINIMAL: &str = r#"{"schema_version": 1, "products": {"msr": {"releases": ["2.9.0"]}}}"#;

#[test]
fn a_minimal_catalog_loads() {
    let catalog = Catalog::from_json(MINIMAL).unwrap();
    assert_eq!(catalog.releases(Product::Msr).len(), 1);
    assert!(catalog.releases(Product::Mke).is_empty());
}

#[test]
fn releases_may_be_strings_or_objects_and_come_out_sorted() {
    let json = r#"{"schema_version": 1, "products": {"mcr": {"releases": [
        {"version": "23.0.9-1", "released": "2024-03-01", "eol": null, "blocked": null,
         "source": "https://example.test", "confidence": "medium", "note": "dash release"},
        "23.0.9", "19.03.14"]}}}"#;
    let catalog = Catalog::from_json(json).unwrap();
    let versions: Vec<&str> = catalog
        .releases(Product::Mcr)
        .iter()
        .map(|r| r.version.as_str())
        .collect();
    assert_eq!(versions, ["19.03.14", "23.0.9", "23.0.9-1"]);
    let dash = catalog.release(Product::Mcr, &v("23.0.9-1")).unwrap();
    assert_eq!(dash.confidence, Some(Confidence::Medium));
    assert_eq!(dash.released.unwrap().to_string(), "2024-03-01");
    assert_eq!(dash.note.as_deref(), Some("dash release"));
    assert_eq!(
        catalog
            .release(Product::Mcr, &v("19.3.14"))
            .unwrap()
            .version
            .as_str(),
        "19.03.14"
    );
}

/// Malformed catalogs and the exact message each gives.
const LOAD_ERRORS: &[(&str, &str)] = &[
    (
        "{",
        "malformed JSON at line 1, column 1: EOF while parsing an object",
    ),
    ("[]", "catalog: expected an object, found an array"),
    (
        r#"{"products": {}}"#,
        "catalog: missing field 'schema_version'",
    ),
    (
        r#"{"schema_version": 2, "products": {}}"#,
        "schema_version: unsupported schema version '2'; this library reads 1",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "extra": 1}"#,
        "catalog: unknown field 'extra'; expected schema_version, products, compatibility, gates, migrations, facts, version",
    ),
    (
        r#"{"schema_version": 1}"#,
        "catalog: missing field 'products'",
    ),
    (
        r#"{"schema_version": 1, "products": {"dtr": {}}}"#,
        "products: unknown value 'dtr'; expected mcr, mke or msr",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"releases": "3.9.0"}}}"#,
        "products.mke.releases: expected an array, found a string",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"releases": ["3.8.0", "3.9.0", "3.9.1", "2.x.0"]}}}"#,
        "products.mke.releases[3]: version '2.x.0': minor component 'x' is not a number",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"releases": ["3.9.0", "3.9.00"]}}}"#,
        "products.mke.releases[1]: duplicate release '3.9.00' (already at products.mke.releases[0])",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"releases": [{"version": "3.9.0", "colour": "red"}]}}}"#,
        "products.mke.releases[0]: unknown field 'colour'; expected version, released, eol, blocked, source, confidence, note, helm_chart",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"releases": [{"eol": "2026-01-01"}]}}}"#,
        "products.mke.releases[0]: missing field 'version'",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"releases": [42]}}}"#,
        "products.mke.releases[0]: expected a version string or a release object, found a number",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"releases": [{"version": "3.9.0", "eol": "2026-02-30"}]}}}"#,
        "products.mke.releases[0].eol: date '2026-02-30' is not a calendar date written YYYY-MM-DD",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"releases": [{"version": "3.9.0", "confidence": "sure"}]}}}"#,
        "products.mke.releases[0].confidence: unknown value 'sure'; expected high, medium, low or inferred",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"rules": {"skip-everything": "supported"}}}}"#,
        "products.mke.rules: unknown value 'skip-everything'; expected patch-upgrade, skip-patch-version, patch-downgrade, minor-upgrade, skip-minor-version, minor-downgrade, skip-major-version, major-downgrade, major-upgrade, major-upgrade-skipping-minor-version",
    ),
    (
        r#"{"schema_version": 1, "products": {"mke": {"rules": {"skip-minor-version": "maybe"}}}}"#,
        "products.mke.rules.skip-minor-version: unknown value 'maybe'; expected supported or refused",
    ),
    (
        r#"{"schema_version": 1, "products": {"msr": {"procedures": [{"releases": "msr 3.1.*", "procedure": ["helm", "fly"]}]}}}"#,
        "products.msr.procedures[0].procedure[1]: unknown value 'fly'; expected dtr-cli, ucp-cli, packages, helm, msr-operator, msr4-helm, mkectl, manual",
    ),
    (
        r#"{"schema_version": 1, "products": {"msr": {"procedures": [{"releases": "mke 3.9.*", "procedure": "ucp-cli"}]}}}"#,
        "products.msr.procedures[0].releases: 'mke 3.9.*' is about mke, but the procedures of msr are listed here",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "compatibility": [{"when": "msr 2.10.*", "requires": "mkx >=3.6.0"}]}"#,
        "compatibility[0].requires: requirement 'mkx >=3.6.0': unknown product 'mkx'; expected mcr, mke or msr",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "compatibility": [{"when": "msr 2.10.*", "requires": "msr 2.9.*"}]}"#,
        "compatibility[0]: 'when' and 'requires' both name msr; a compatibility entry relates two products",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "compatibility": [{"when": "msr 2.10.*"}]}"#,
        "compatibility[0]: missing field 'requires'",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "compatibility": [["msr 2.10.*", "mke 3.8.*"]]}"#,
        "compatibility[0]: expected an object, found an array",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "gates": [{"to": "mke 3.9.*", "requires": [], "reason": "x"}]}"#,
        "gates[0].requires: a gate needs at least one requirement",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "gates": [{"to": "mke 3.9.*", "reason": "x"}]}"#,
        "gates[0]: missing field 'requires'",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "gates": [{"to": "mke 3.9.*", "requires": ["mke >=3.8.11"]}]}"#,
        "gates[0]: missing field 'reason'",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "gates": [{"to": "mke 3.9.*", "requires": ["mke >=3.8.11"], "reason": null}]}"#,
        "gates[0]: missing field 'reason'",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "gates": [{"to": "mke 3.9.*", "requires": ["mke >=3.8.11"], "reason": "r", "if_fact": true}]}"#,
        "gates[0].if_fact: expected a string, found a boolean",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "migrations": [{"from": "msr 2.9.*", "to": "mke 4.0.*", "tool": "t"}]}"#,
        "migrations[0]: 'from' names msr but 'to' names mke; a migration stays within one product",
    ),
    (
        r#"{"schema_version": 1, "products": {}, "migrations": [{"from": "msr 2.9.*", "to": "msr 3.*"}]}"#,
        "migrations[0]: missing field 'tool'",
    ),
];

#[test]
fn load_errors_name_the_json_path_and_the_value() {
    for (json, message) in LOAD_ERRORS {
        assert_eq!(load_error(json), *message, "{json}");
    }
}

#[test]
fn null_counts_as_absent_for_optional_fields() {
    let json = r#"{"schema_version": 1, "version": null, "products": {"msr": {"releases": ["2.9.0"],
        "rules": null, "procedures": null}, "mke": {"releases": null}},
        "compatibility": null, "gates": null, "migrations": null, "facts": null}"#;
    let catalog = Catalog::from_json(json).unwrap();
    assert_eq!(catalog.releases(Product::Msr).len(), 1);
    assert!(catalog.releases(Product::Mke).is_empty() && catalog.facts().is_empty());
}

#[test]
fn bytes_that_are_not_utf8_are_a_syntax_error() {
    let error = Catalog::from_json_bytes(b"{\n  \"a\xff\": 1}").unwrap_err();
    assert_eq!(
        error.to_string(),
        "malformed JSON at line 2, column 5: invalid UTF-8"
    );
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let huge = vec![b' '; mirantis_upgrade_planner::limits::MAX_CATALOG_BYTES + 1];
    let error = Catalog::from_json_bytes(&huge).unwrap_err();
    assert!(matches!(
        error,
        CatalogError::Json(JsonError::TooLarge { .. })
    ));
    assert_eq!(
        error.to_string(),
        format!(
            "catalog is {} bytes; the limit is {} bytes",
            huge.len(),
            huge.len() - 1
        )
    );
}

#[test]
fn embedded_catalog_holds_every_release_of_the_facts() {
    let catalog = Catalog::embedded();
    let count = |p| catalog.releases(p).len();
    assert_eq!(
        (
            count(Product::Mcr),
            count(Product::Mke),
            count(Product::Msr)
        ),
        (16, 73, 103)
    );
    for (product, version) in [
        (Product::Mcr, "19.03.14"),
        (Product::Mcr, "23.0.9-1"),
        (Product::Mcr, "29.2.1"),
        (Product::Mke, "3.3.0-rc1"),
        (Product::Mke, "3.9.7"),
        (Product::Mke, "4.1.3-rc.1"),
        (Product::Mke, "4.1.5"),
        (Product::Mke, "4.2.1"),
        (Product::Msr, "2.6.0"),
        (Product::Msr, "2.9.30"),
        (Product::Msr, "2.10.3"),
        (Product::Msr, "2.10.4"),
        (Product::Msr, "3.0.4"),
        (Product::Msr, "4.13.2"),
    ] {
        let release = catalog.lookup(product, &v(version)).unwrap();
        assert!(release.source.is_some(), "{product} {version} has a source");
        assert!(
            release.confidence.is_some(),
            "{product} {version} has a confidence"
        );
    }
    let msr_2_9 = catalog.release(Product::Msr, &v("2.9.30")).unwrap();
    assert_eq!(
        msr_2_9.eol.unwrap().to_string(),
        "2027-03-24",
        "the newest of three published EOL dates"
    );
    assert_eq!(
        catalog
            .release(Product::Mke, &v("3.9.0"))
            .unwrap()
            .released
            .unwrap()
            .to_string(),
        "2026-03-24"
    );
}

#[test]
fn embedded_catalog_has_sourced_compatibility_gates_and_migrations() {
    let catalog = Catalog::embedded();
    for entry in catalog.compatibility() {
        assert!(
            entry.source.is_some(),
            "{} -> {} has a source",
            entry.when,
            entry.requires
        );
        if entry.confidence == Some(Confidence::Inferred) {
            assert!(
                entry.note.is_some(),
                "inferred entry {} explains itself",
                entry.when
            );
        }
    }
    let documented = catalog
        .compatibility()
        .iter()
        .find(|e| e.when.as_str() == "msr 2.10.*" && e.requires.product() == Product::Mke)
        .unwrap();
    assert_eq!(documented.requires.as_str(), "mke >=3.6.0, <3.10.0");
    assert_eq!(documented.confidence, Some(Confidence::High));

    let gates: Vec<(&str, Vec<&str>, Option<&str>)> = catalog
        .gates()
        .iter()
        .filter(|g| g.to.product() == Product::Mke)
        .map(|g| {
            (
                g.to.as_str(),
                g.requires.iter().map(Requirement::as_str).collect(),
                g.if_fact.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        gates,
        [
            ("mke 3.9.*", vec!["mke >=3.8.11", "mcr >=25.0.12"], None),
            ("mke 3.9.*", vec!["mke >=3.8.12"], Some("metallb")),
            (
                "mke >=3.7.0, <3.7.12",
                vec!["mke >=3.7.12"],
                Some("aws-in-tree-cloud-provider")
            ),
            (
                "mke >=4.0.0, <5.0.0",
                vec!["mke >=4.0.0"],
                Some("calico-ebpf")
            ),
            (
                "mke >=4.0.0, <5.0.0",
                vec!["mke >=4.0.0"],
                Some("kube-proxy-not-iptables")
            ),
        ]
    );
    // The Migration Tool's version is catalog data: the runbook pins its image to it.
    let mmt = catalog
        .migrations()
        .iter()
        .find(|m| m.from.as_str() == "msr 2.9.*" && m.to.as_str() == "msr >=3.0.0, <4.0.0")
        .unwrap();
    assert_eq!(mmt.tool_version.as_deref(), Some("2.0.3"));
    let migrations: Vec<(&str, &str, &str)> = catalog
        .migrations()
        .iter()
        .map(|m| (m.from.as_str(), m.to.as_str(), m.family.as_str()))
        .collect();
    assert!(migrations.contains(&("msr 2.9.*", "msr >=3.0.0, <4.0.0", "msr >=3.0.0, <4.0.0")));
    assert!(migrations.contains(&("msr 3.1.*", "msr >=4.0.0, <5.0.0", "msr >=4.0.0, <5.0.0")));
    assert!(
        migrations.contains(&("mke 3.9.*", "mke >=4.2.0, <5.0.0", "mke >=4.0.0, <5.0.0")),
        "MKE 3.9 migrates to 4.2 and later only"
    );
}

#[test]
fn embedded_catalog_labels_say_what_the_sources_say() {
    let catalog = Catalog::embedded();
    let entries = |when: &str| -> Vec<(String, Option<Confidence>)> {
        catalog
            .compatibility()
            .iter()
            .filter(|e| e.when.as_str() == when && e.requires.product() == Product::Mcr)
            .map(|e| (e.requires.as_str().to_owned(), e.confidence))
            .collect()
    };
    // The documented floors keep their label; the upper limits are inferred, with a note.
    for (line, floor, ceiling) in [
        ("mke 3.6.*", "mcr >=20.10.0", "mcr <24.0.0"),
        ("mke 3.7.*", "mcr >=20.10.0", "mcr <24.0.0"),
        ("mke 3.8.*", "mcr >=23.0.1", "mcr <26.0.0"),
        ("mke 3.9.*", "mcr >=25.0.12", "mcr <30.0.0"),
    ] {
        assert_eq!(
            entries(line),
            [
                (floor.to_owned(), Some(Confidence::High)),
                (ceiling.to_owned(), Some(Confidence::Inferred))
            ],
            "{line}"
        );
    }
    assert_eq!(
        entries("mke 3.3.*"),
        [(
            "mcr >=19.03.0, <23.0.0".to_owned(),
            Some(Confidence::Inferred)
        )],
        "the MKE 3.3 window is wider than the pairings the sources show"
    );
    assert!(
        catalog
            .compatibility()
            .iter()
            .all(|e| e.when.as_str() != "msr 3.0.*"),
        "MSR 3.0 is not tied to MKE"
    );
    let msr_4_from = |from: &str| {
        catalog
            .migrations()
            .iter()
            .find(|m| m.from.as_str() == from && m.to.as_str() == "msr >=4.0.0, <5.0.0")
            .and_then(|m| m.confidence)
    };
    assert_eq!(msr_4_from("msr 2.9.*"), Some(Confidence::High));
    assert_eq!(msr_4_from("msr 2.10.*"), Some(Confidence::Medium));
    let early_mke_4 = catalog
        .migrations()
        .iter()
        .find(|m| m.to.as_str() == "mke >=4.0.0, <4.2.0")
        .unwrap();
    assert_eq!(early_mke_4.confidence, Some(Confidence::Medium));
    assert!(
        catalog
            .release(Product::Mke, &v("4.1.3"))
            .unwrap()
            .blocked
            .is_some(),
        "Mirantis does not support upgrades to MKE 4.1.3"
    );
}

#[test]
fn embedded_catalog_declares_its_facts() {
    let catalog = Catalog::embedded();
    let facts: Vec<(&str, &str, bool)> = catalog
        .facts()
        .iter()
        .map(|f| (f.name.as_str(), f.question.as_str(), f.declared))
        .collect();
    assert_eq!(
        facts,
        [
            (
                "aws-in-tree-cloud-provider",
                "Does the cluster use the AWS in-tree cloud provider?",
                true
            ),
            (
                "calico-ebpf",
                "Does the cluster run Calico with the eBPF data plane?",
                true
            ),
            (
                "kube-proxy-not-iptables",
                "Does kube-proxy run in a mode other than iptables (ipvs, nftables or userspace; kube_proxy_mode in the MKE configuration)?",
                true
            ),
            (
                "manifest-lists",
                "Are manifest lists enabled on any MSR (DTR) repository?",
                true
            ),
            (
                "mcr-fips",
                "Do the engines run the FIPS build of MCR (a FIPS channel such as stable-29.2.1/fips)?",
                true
            ),
            ("metallb", "Does the cluster use MetalLB?", true),
            (
                "unsupported-storage-driver",
                "Does any node run a storage driver other than overlay2 (btrfs on SLES), or overlay2 on a file system without d_type (docker info shows it)?",
                true
            ),
        ]
    );
    // Each fact guards one gate, but `mcr-fips`, which the runbook reads (its FIPS channel
    // step), and which the lint therefore does not report as unused.
    for fact in catalog.facts() {
        assert!(fact.source.is_some(), "{} has a source", fact.name);
        let gates = usize::from(fact.name != "mcr-fips");
        assert_eq!(
            catalog.gates_on_fact(&fact.name).count(),
            gates,
            "{}",
            fact.name
        );
    }
    assert!(
        !lint(&catalog)
            .iter()
            .any(|finding| finding.code.to_string() == "unused-fact"),
        "a fact the runbook reads is used"
    );
}

#[test]
fn facts_are_declared_or_implied_by_gates_and_checked_by_name() {
    let json = r#"{"schema_version": 1,
        "products": {"mke": {"releases": ["3.8.0", "3.9.0"]}},
        "facts": {"metallb": {"question": "Does the cluster use MetalLB?", "source": "s"},
                  "spare": {"question": "Unused?"}},
        "gates": [{"to": "mke 3.9.*", "requires": ["mke >=3.8.0"], "if_fact": "metallb", "reason": "r"},
                  {"to": "mke 3.9.*", "requires": ["mke >=3.8.0"], "if_fact": "ipv6", "reason": "r"}]
    }"#;
    let catalog = Catalog::from_json(json).unwrap();
    let names: Vec<(&str, bool)> = catalog
        .facts()
        .iter()
        .map(|f| (f.name.as_str(), f.declared))
        .collect();
    assert_eq!(names, [("ipv6", false), ("metallb", true), ("spare", true)]);
    assert_eq!(
        catalog.fact("ipv6").unwrap().question,
        "Does the condition 'ipv6' hold for this cluster?",
        "an undeclared fact gets a generic question"
    );
    let known = |names: &[&str]| {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        catalog.check_facts(&names).map_err(|e| e.to_string())
    };
    assert_eq!(known(&["metallb", "ipv6"]), Ok(()));
    assert_eq!(
        known(&["metallb", "metalb"]),
        Err("unknown fact 'metalb' (did you mean 'metallb'?); the catalog's facts are: ipv6, metallb, spare".to_owned())
    );
    assert_eq!(
        known(&["IPv6"]),
        Err("unknown fact 'IPv6' (did you mean 'ipv6'?); the catalog's facts are: ipv6, metallb, spare".to_owned())
    );
    let lines: Vec<String> = lint(&catalog)
        .iter()
        .filter(|f| matches!(f.code, LintCode::UndeclaredFact | LintCode::UnusedFact))
        .map(|f| format!("{} {}: {}", f.code, f.path, f.message()))
        .collect();
    assert_eq!(
        lines,
        [
            "undeclared-fact facts.ipv6: fact 'ipv6' is named by 1 gate(s) but not declared in 'facts': operators are asked the generic question \"Does the condition 'ipv6' hold for this cluster?\"",
            "unused-fact facts.spare: fact 'spare' is declared but no gate depends on it",
        ]
    );
}

#[test]
fn malformed_facts_name_the_json_path() {
    for (json, message) in [
        (
            r#"{"schema_version": 1, "products": {}, "facts": {"Metal LB": {"question": "q"}}}"#,
            "facts: unknown value 'Metal LB'; expected a fact name of lowercase letters, digits and hyphens",
        ),
        (
            r#"{"schema_version": 1, "products": {}, "facts": {"metallb": {}}}"#,
            "facts.metallb: missing field 'question'",
        ),
        (
            r#"{"schema_version": 1, "products": {}, "facts": {"metallb": {"question": "q", "answer": true}}}"#,
            "facts.metallb: unknown field 'answer'; expected question, source, note",
        ),
        (
            r#"{"schema_version": 1, "products": {}, "facts": []}"#,
            "facts: expected an object, found an array",
        ),
        (
            r#"{"schema_version": 1, "products": {"mke": {"releases": ["3.9.0"]}}, "gates": [{"to": "mke 3.9.*", "requires": ["mke >=3.8.0"], "if_fact": "-x", "reason": "r"}]}"#,
            "gates[0].if_fact: unknown value '-x'; expected a fact name of lowercase letters, digits and hyphens",
        ),
        (
            r#"{"schema_version": 1, "products": {}, "migrations": [{"from": "mke 3.9.*", "to": "mke 4.*", "family": "msr 4.*", "tool": "t"}]}"#,
            "migrations[0].family: 'family' names msr but 'to' names mke; a migration stays within one product",
        ),
    ] {
        assert_eq!(
            Catalog::from_json(json).unwrap_err().to_string(),
            message,
            "{json}"
        );
    }
}

#[test]
fn embedded_catalog_round_trips_through_serde() {
    let catalog = Catalog::embedded();
    let release = catalog.release(Product::Msr, &v("2.9.18")).unwrap();
    let json = serde_json::to_value(release).unwrap();
    assert_eq!(json["version"], "2.9.18");
    assert_eq!(json["released"], "2024-05-06");
    assert_eq!(json["confidence"], "high");
}

#[test]
fn embedded_catalog_lint_has_no_errors_and_names_its_gaps() {
    let findings = lint(&Catalog::embedded());
    let messages: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f.code, f.message()))
        .collect();
    assert_eq!(
        messages,
        [
            "no-compatibility-data mke 4.0: no compatibility entry mentions 4.0.0",
            "no-compatibility-data mke 4.1: no compatibility entry mentions 4.1.0, 4.1.1, 4.1.2, 4.1.3-rc.1, 4.1.3, 4.1.5",
            "no-compatibility-data mke 4.2: no compatibility entry mentions 4.2.0, 4.2.1",
            "no-compatibility-data msr 3.0: no compatibility entry mentions 3.0.0, 3.0.3, 3.0.4, 3.0.7, 3.0.8, 3.0.9, 3.0.10, 3.0.11, 3.0.12",
            "no-compatibility-data msr 4.13: no compatibility entry mentions 4.13.0, 4.13.1, 4.13.2",
            "no-chart-version msr 3.0.0: its Helm chart version is not in the catalog; a hop to it carries <chart-version>",
            "no-chart-version msr 3.0.3: its Helm chart version is not in the catalog; a hop to it carries <chart-version>",
            "no-chart-version msr 3.0.4: its Helm chart version is not in the catalog; a hop to it carries <chart-version>",
            "no-chart-version msr 3.1.18: its Helm chart version is not in the catalog; a hop to it carries <chart-version>",
        ],
        "true gaps: MKE 4 runs on k0s, not MCR, and MSR 3.0 and 4 run on any Kubernetes; the chart list stops at 3.1.14 and omits 3.0"
    );
}

#[test]
fn lint_reports_each_kind_of_gap() {
    let json = r#"{"schema_version": 1,
        "products": {
            "mke": {"releases": ["3.8.0", "3.9.0"]},
            "msr": {"releases": ["2.8.0", "2.9.0", "3.0.0"]}
        },
        "compatibility": [
            {"when": "msr 2.9.*", "requires": "mke 3.8.*"},
            {"when": "msr 2.7.*", "requires": "mke 3.8.*"}
        ],
        "gates": [{"to": "mke 3.9.*", "requires": ["mcr >=25.0.12"], "reason": "r"}],
        "migrations": [{"from": "msr 2.6.*", "to": "msr 3.*", "tool": "mmt"}]
    }"#;
    let findings = lint(&Catalog::from_json(json).unwrap());
    let lines: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}: {}", f.code, f.path, f.message()))
        .collect();
    assert_eq!(
        lines,
        [
            "no-compatibility-data products.mke: mke 3.9: no compatibility entry mentions 3.9.0",
            "no-compatibility-data products.msr: msr 2.8: no compatibility entry mentions 2.8.0",
            "no-compatibility-data products.msr: msr 3.0: no compatibility entry mentions 3.0.0",
            "no-path-to-newest products.msr: msr 2.8: no supported path from 2.8.0 reaches the newest release 3.0.0",
            "no-path-to-newest products.msr: msr 2.9: no supported path from 2.9.0 reaches the newest release 3.0.0",
            "matches-no-release compatibility[1].when: no listed msr release matches 'msr 2.7.*'",
            "matches-no-release gates[0].requires[0]: no listed mcr release matches 'mcr >=25.0.12'",
            "migration-source-missing migrations[0].from: no listed msr release matches 'msr 2.6.*'; the migration's source line is missing",
            "no-procedure products.msr.procedures: msr 3.0: no documented procedure: its hops carry no commands and point to the release's documentation",
        ]
    );
    assert!(
        findings
            .iter()
            .any(|f| f.code == LintCode::MigrationSourceMissing)
    );
}

proptest! {
    /// Arbitrary bytes never make the loader panic.
    #[test]
    fn loader_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Catalog::from_json_bytes(&bytes);
    }

    /// Catalog-shaped JSON with arbitrary values never makes the loader panic.
    #[test]
    fn loader_never_panics_on_shaped_json(
        version in "[0-9a-z.*-]{0,12}",
        req in "(mcr|mke|msr|x) [<>=~^*., 0-9-]{0,12}",
        key in "(version|released|eol|blocked|when|requires|to|from|tool|reason|x)",
    ) {
        let json = format!(r#"{{"schema_version": 1, "products": {{"msr": {{"releases": ["{version}", {{"{key}": "{version}"}}]}}}},
            "compatibility": [{{"when": "{req}", "requires": "{req}"}}],
            "gates": [{{"to": "{req}", "requires": ["{req}"], "reason": "r"}}],
            "migrations": [{{"from": "{req}", "to": "{req}", "tool": "t"}}]}}"#);
        let _ = Catalog::from_json(&json);
    }
}

/// The digests a plan records (`conditions.catalog.digest`, `conditions.inventory_digest`),
/// pinned to the values the library gave before SHA-256 came from the `sha2` crate: plans
/// made before keep validating only while these stay the same.
#[test]
fn the_catalog_and_inventory_digests_are_pinned() {
    assert_eq!(
        Catalog::embedded().digest(),
        "sha256:0ccb12e6ccab4710ae8e4cad56a273f878adf2720039f3a810055323d1c9af84"
    );
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inventory.json");
    let inventory =
        mirantis_upgrade_planner::Inventory::from_json(&std::fs::read_to_string(path).unwrap())
            .unwrap();
    assert_eq!(
        inventory.digest(),
        "sha256:703bf90be488e86988698fd7d313df1048c43255439a52e92dce0ad6bee131f3"
    );
}
