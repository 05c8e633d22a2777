//! The supported-upgrade table: one test per seed row (on a hand-written catalog and on the
//! embedded one), catalog-relative succession, and per-product overrides.

mod common;

use common::{hand_catalog, v};
use mirantis_upgrade_planner::{
    Catalog, Product, Version,
    check::{CheckOptions, RULES, RuleId, Verdict, check_hop},
};

/// The table's row for a hop, as [`check_hop`] reports it.
fn classify(catalog: &Catalog, product: Product, from: &Version, to: &Version) -> Option<RuleId> {
    check_hop(catalog, product, from, to, &CheckOptions::default())
        .ok()
        .map(|check| check.row)
}

fn migrations(allow: bool) -> CheckOptions {
    CheckOptions::default().allow_migrations(allow)
}

/// Classifies a hop on a catalog and checks its row and whether it is allowed.
#[track_caller]
fn assert_row(
    catalog: &Catalog,
    product: Product,
    from: &str,
    to: &str,
    rule: RuleId,
    allowed: bool,
) {
    assert_eq!(
        classify(catalog, product, &v(from), &v(to)),
        Some(rule),
        "{product} {from} -> {to}"
    );
    let check = check_hop(catalog, product, &v(from), &v(to), &migrations(false)).unwrap();
    assert_eq!(check.rule, rule, "{}", check.message());
    assert_eq!(check.supported, allowed, "{}", check.message());
}

/// Checks one row on both catalogs: `hand` and `embedded` are `(product, from, to)`.
#[track_caller]
fn row(rule: RuleId, allowed: bool, hand: (Product, &str, &str), embedded: (Product, &str, &str)) {
    assert_row(&hand_catalog(), hand.0, hand.1, hand.2, rule, allowed);
    assert_row(
        &Catalog::embedded(),
        embedded.0,
        embedded.1,
        embedded.2,
        rule,
        allowed,
    );
}

use Product::{Mcr, Mke, Msr};

#[test]
fn patch_upgrade() {
    row(
        RuleId::PatchUpgrade,
        true,
        (Msr, "2.7.0", "2.7.1"),
        (Msr, "2.9.0", "2.9.1"),
    );
}

#[test]
fn skip_patch_version() {
    row(
        RuleId::SkipPatchVersion,
        true,
        (Msr, "2.7.0", "2.7.2"),
        (Msr, "2.9.0", "2.9.30"),
    );
}

#[test]
fn patch_downgrade() {
    row(
        RuleId::PatchDowngrade,
        false,
        (Msr, "2.7.2", "2.7.1"),
        (Msr, "2.9.30", "2.9.1"),
    );
}

#[test]
fn minor_upgrade() {
    row(
        RuleId::MinorUpgrade,
        true,
        (Msr, "2.7.1", "2.8.0"),
        (Msr, "2.8.5", "2.9.0"),
    );
}

#[test]
fn skip_minor_version() {
    row(
        RuleId::SkipMinorVersion,
        false,
        (Msr, "2.7.1", "2.9.0"),
        (Msr, "2.7.3", "2.9.0"),
    );
}

#[test]
fn minor_downgrade() {
    row(
        RuleId::MinorDowngrade,
        false,
        (Msr, "2.9.0", "2.8.5"),
        (Mke, "3.9.0", "3.8.12"),
    );
}

#[test]
fn skip_major_version() {
    row(
        RuleId::SkipMajorVersion,
        false,
        (Mcr, "19.03.14", "23.0.9"),
        (Mcr, "19.03.14", "23.0.1"),
    );
}

#[test]
fn major_downgrade() {
    row(
        RuleId::MajorDowngrade,
        false,
        (Mcr, "23.0.9", "20.10.13"),
        (Msr, "3.1.0", "2.9.30"),
    );
}

#[test]
fn major_upgrade() {
    row(
        RuleId::MajorUpgrade,
        true,
        (Mcr, "20.10.13", "23.0.9"),
        (Mcr, "25.0.18", "29.2.1"),
    );
}

#[test]
fn major_upgrade_skipping_minor_version() {
    assert_row(
        &hand_catalog(),
        Mcr,
        "23.0.9-1",
        "25.1.0",
        RuleId::MajorUpgradeSkippingMinorVersion,
        false,
    );
    // In the embedded catalog the only majors with two lines are reached by migration, which
    // takes precedence over the table: the row still classifies, the check names the migration.
    let embedded = Catalog::embedded();
    assert_eq!(
        classify(&embedded, Mke, &v("3.9.7"), &v("4.1.0")),
        Some(RuleId::MajorUpgradeSkippingMinorVersion)
    );
    let check = check_hop(&embedded, Mke, &v("3.9.7"), &v("4.1.0"), &migrations(false)).unwrap();
    assert_eq!(check.rule, RuleId::Migration);
    assert!(!check.supported);
}

#[test]
fn the_table_has_the_ten_seed_rows_with_their_verdicts() {
    let rows: Vec<(&str, Verdict)> = RULES.iter().map(|r| (r.id.as_str(), r.verdict)).collect();
    assert_eq!(
        rows,
        [
            ("patch-upgrade", Verdict::Supported),
            ("skip-patch-version", Verdict::Supported),
            ("patch-downgrade", Verdict::Refused),
            ("minor-upgrade", Verdict::Supported),
            ("skip-minor-version", Verdict::Refused),
            ("minor-downgrade", Verdict::Refused),
            ("skip-major-version", Verdict::Refused),
            ("major-downgrade", Verdict::Refused),
            ("major-upgrade", Verdict::Supported),
            ("major-upgrade-skipping-minor-version", Verdict::Refused),
        ]
    );
    assert!(
        RULES
            .iter()
            .all(|rule| rule.source.contains("msr/2.9/ops/upgrade"))
    );
}

#[test]
fn mcr_20_10_to_23_0_is_a_one_major_step() {
    let catalog = Catalog::embedded();
    assert_eq!(
        classify(&catalog, Mcr, &v("20.10.13"), &v("23.0.1")),
        Some(RuleId::MajorUpgrade)
    );
    assert_eq!(
        classify(&catalog, Mcr, &v("20.10.0"), &v("23.0.9-1")),
        Some(RuleId::MajorUpgrade)
    );
}

#[test]
fn mcr_19_03_to_23_0_skips_a_major() {
    let catalog = Catalog::embedded();
    assert_eq!(
        classify(&catalog, Mcr, &v("19.03.14"), &v("23.0.1")),
        Some(RuleId::SkipMajorVersion)
    );
    // 19 and 20 are majors of their own, and 20 is the next one.
    assert_eq!(
        classify(&catalog, Mcr, &v("19.03.14"), &v("20.10.0")),
        Some(RuleId::MajorUpgrade)
    );
}

#[test]
fn succession_follows_the_catalog_not_arithmetic() {
    // MSR 2.9 -> 2.10 is the next line even though 2.10 is "minor + 1" only by accident, and
    // MKE 3.5 -> 3.6 is a minor upgrade although the catalog lists no 3.5.1.
    let catalog = Catalog::embedded();
    assert_eq!(
        classify(&catalog, Msr, &v("2.9.30"), &v("2.10.0")),
        Some(RuleId::MinorUpgrade)
    );
    assert_eq!(
        classify(&catalog, Mke, &v("3.5.12"), &v("3.6.0")),
        Some(RuleId::MinorUpgrade)
    );
    // A catalog without line 2.8 makes 2.7 -> 2.9 a minor upgrade.
    let json = r#"{"schema_version": 1, "products": {"msr": {"releases": ["2.7.0", "2.9.0"]}}}"#;
    let sparse = Catalog::from_json(json).unwrap();
    assert_eq!(
        classify(&sparse, Msr, &v("2.7.0"), &v("2.9.0")),
        Some(RuleId::MinorUpgrade)
    );
}

#[test]
fn lines_of_only_pre_releases_do_not_count() {
    let json = r#"{"schema_version": 1, "products": {"mke": {"releases": ["3.3.7", "3.4.0-rc1", "3.5.0"]}}}"#;
    let catalog = Catalog::from_json(json).unwrap();
    assert_eq!(
        classify(&catalog, Mke, &v("3.3.7"), &v("3.5.0")),
        Some(RuleId::MinorUpgrade)
    );
}

#[test]
fn patch_upgrade_means_the_next_listed_release() {
    let catalog = Catalog::embedded();
    // 2.8.5 -> 2.8.13: the catalog lists nothing in between, so this is the next release.
    assert_eq!(
        classify(&catalog, Msr, &v("2.8.5"), &v("2.8.13")),
        Some(RuleId::PatchUpgrade)
    );
    assert_eq!(
        classify(&catalog, Mcr, &v("23.0.9"), &v("23.0.9-1")),
        Some(RuleId::PatchUpgrade)
    );
    assert_eq!(
        classify(&catalog, Msr, &v("2.8.4"), &v("2.8.13")),
        Some(RuleId::SkipPatchVersion)
    );
}

#[test]
fn same_version_is_not_a_hop() {
    let catalog = Catalog::embedded();
    assert_eq!(classify(&catalog, Msr, &v("2.9.0"), &v("2.9.0")), None);
    let error = check_hop(&catalog, Msr, &v("2.9.0"), &v("2.9.0"), &migrations(false)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "msr 2.9.0: from and to are the same version; there is nothing to upgrade"
    );
}

#[test]
fn a_catalog_may_override_a_products_verdicts() {
    let json = r#"{"schema_version": 1, "products": {
        "mcr": {"releases": ["20.10.0", "20.10.5", "20.10.9"], "rules": {"skip-patch-version": "refused"}},
        "mke": {"releases": ["3.3.0", "3.4.0", "3.5.0"], "rules": {"skip-minor-version": "supported"}}}}"#;
    let catalog = Catalog::from_json(json).unwrap();
    assert_eq!(
        catalog.verdict(Mcr, RuleId::SkipPatchVersion),
        Verdict::Refused
    );
    assert_eq!(
        catalog.verdict(Msr, RuleId::SkipPatchVersion),
        Verdict::Supported
    );
    let mcr = check_hop(
        &catalog,
        Mcr,
        &v("20.10.0"),
        &v("20.10.9"),
        &migrations(false),
    )
    .unwrap();
    assert!(!mcr.supported, "{}", mcr.message());
    let mke = check_hop(&catalog, Mke, &v("3.3.0"), &v("3.5.0"), &migrations(false)).unwrap();
    assert!(mke.supported, "{}", mke.message());
}

#[test]
fn refusals_say_what_to_do_first() {
    let catalog = Catalog::embedded();
    let cases = [
        (
            Msr,
            "2.7.3",
            "2.9.0",
            "msr 2.7.3 -> 2.9.0: not supported (skip-minor-version: skip minor version, x.y.* -> x.y+2.*): upgrade to 2.8 first",
        ),
        (
            Mcr,
            "19.03.14",
            "23.0.1",
            "mcr 19.03.14 -> 23.0.1: not supported (skip-major-version: skip major version, x.*.* -> x+2.*.*): upgrade to 20.10 first",
        ),
        (
            Msr,
            "2.9.30",
            "2.9.1",
            "msr 2.9.30 -> 2.9.1: not supported (patch-downgrade: patch downgrade, x.y.2 -> x.y.1): downgrades are not supported",
        ),
        (
            Msr,
            "2.9.30",
            "3.1.0",
            "msr 2.9.30 -> 3.1.0: not supported (migration): not an in-place upgrade: migrate with Mirantis Migration Tool (mmt) (allow migrations to plan it)",
        ),
        (
            Msr,
            "2.8.5",
            "3.1.0",
            "msr 2.8.5 -> 3.1.0: not supported (migration): reached only by migration with Mirantis Migration Tool (mmt), which starts from msr 2.9.*",
        ),
        (
            Mke,
            "3.8.10",
            "3.9.0",
            "mke 3.8.10 -> 3.9.0: not supported (minor-upgrade: minor upgrade, x.y.* -> x.y+1.*): gate not met: MKE 3.9 cannot be reached from MKE 3.8.10 or earlier: upgrade MKE to 3.8.11 or later, then MCR to 25.0.12 or later, then MKE to 3.9",
        ),
        (
            Mke,
            "3.8.11",
            "3.9.0",
            "mke 3.8.11 -> 3.9.0: supported (minor-upgrade: minor upgrade, x.y.* -> x.y+1.*); before it the cluster also needs mcr >=25.0.12; mke >=3.8.12 if metallb",
        ),
    ];
    for (product, from, to, message) in cases {
        assert_eq!(
            check_hop(&catalog, product, &v(from), &v(to), &migrations(false))
                .unwrap()
                .message(),
            message
        );
    }
}

#[test]
fn migrations_are_hops_only_when_allowed() {
    let catalog = Catalog::embedded();
    let refused = check_hop(
        &catalog,
        Msr,
        &v("2.9.30"),
        &v("3.1.14"),
        &migrations(false),
    )
    .unwrap();
    assert_eq!(refused.rule, RuleId::Migration);
    assert!(!refused.supported);
    let allowed = check_hop(&catalog, Msr, &v("2.9.30"), &v("3.1.14"), &migrations(true)).unwrap();
    assert_eq!(allowed.rule, RuleId::Migration);
    assert!(allowed.supported);
    // Inside the migration's target releases, hops are ordinary upgrades again.
    let in_place = check_hop(&catalog, Msr, &v("3.0.3"), &v("3.1.14"), &migrations(false)).unwrap();
    assert_eq!(in_place.rule, RuleId::MinorUpgrade);
    assert!(in_place.supported);
}

#[test]
fn blocked_targets_are_refused_but_can_be_left() {
    let json = r#"{"schema_version": 1, "products": {"msr": {"releases": [
        "2.9.0", {"version": "2.9.1", "blocked": "data loss on upgrade"}, "2.9.2"]}}}"#;
    let catalog = Catalog::from_json(json).unwrap();
    let into = check_hop(&catalog, Msr, &v("2.9.0"), &v("2.9.1"), &migrations(false)).unwrap();
    assert!(!into.supported);
    assert_eq!(
        into.message(),
        "msr 2.9.0 -> 2.9.1: not supported (patch-upgrade: patch upgrade, x.y.0 -> x.y.1): the target is blocked: data loss on upgrade"
    );
    assert!(
        check_hop(&catalog, Msr, &v("2.9.1"), &v("2.9.2"), &migrations(false))
            .unwrap()
            .supported
    );
}

#[test]
fn unlisted_versions_are_named_with_their_neighbours() {
    let catalog = Catalog::embedded();
    let error =
        check_hop(&catalog, Msr, &v("2.9.0"), &v("2.9.99"), &migrations(false)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "msr '2.9.99' is not in the catalog; nearest listed: 2.9.29, 2.9.30, 2.10.0, 2.10.3"
    );
    let error = check_hop(&catalog, Mke, &v("2.2.1"), &v("3.1.0"), &migrations(false)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "mke '2.2.1': line 2.2 is not in the catalog; nearest listed: 3.0.0, 3.0.1"
    );
    // An unlisted current version on a listed line is fine.
    assert!(
        check_hop(
            &catalog,
            Msr,
            &v("2.9.31"),
            &v("2.10.0"),
            &migrations(false)
        )
        .unwrap()
        .supported
    );
}

#[test]
fn rule_ids_parse_and_name_unknown_ones() {
    assert_eq!(
        "skip-minor-version".parse::<RuleId>().unwrap(),
        RuleId::SkipMinorVersion
    );
    assert_eq!("migration".parse::<RuleId>().unwrap(), RuleId::Migration);
    assert_eq!(
        "skip-everything".parse::<RuleId>().unwrap_err().to_string(),
        "unknown rule id 'skip-everything'"
    );
}
