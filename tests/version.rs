//! Versions, lines, products and dates.

mod common;

use common::v;
use mirantis_upgrade_planner::{Product, Version, date::Date, version::Line};
use proptest::prelude::*;

#[test]
fn zero_padded_calver_prints_back_as_written() {
    let version = v("19.03.14");
    assert_eq!(version.to_string(), "19.03.14");
    assert_eq!(
        (version.major(), version.minor(), version.patch()),
        (19, 3, 14)
    );
    assert_eq!(version.line().to_string(), "19.03");
    assert_eq!(version, v("19.3.14"), "equality compares numbers, not text");
}

#[test]
fn packaging_revision_orders_after_its_release() {
    let dash = v("23.0.9-1");
    assert_eq!(dash.revision(), Some(1));
    assert!(!dash.is_pre_release());
    assert!(v("23.0.9") < dash);
    assert!(dash < v("23.0.9-2"));
    assert!(dash < v("23.0.10"));
    assert_eq!(dash.to_string(), "23.0.9-1");
}

#[test]
fn pre_release_orders_before_its_release() {
    let rc = v("3.3.0-rc1");
    assert_eq!(rc.pre_release(), Some("rc1"));
    assert!(rc.is_pre_release());
    assert!(rc < v("3.3.0"));
    assert!(v("3.2.9") < rc);
    assert!(v("19.03.8-rc1") < v("19.03.8-rc3"));
    assert!(v("4.1.3-rc.1") < v("4.1.3-rc.2"));
}

#[test]
fn malformed_versions_are_rejected_with_a_message_naming_them() {
    let cases = [
        (
            "2.x.0",
            "version '2.x.0': minor component 'x' is not a number",
        ),
        (
            "1.2.3.4.5",
            "version '1.2.3.4.5' has 5 numeric components; expected major.minor.patch",
        ),
        (
            "99999999999999999999.0.0",
            "version '99999999999999999999.0.0': major component is too large",
        ),
        ("", "empty version"),
        (
            "١.٢.٣",
            "version '١.٢.٣': major component '١' is not a number",
        ),
        (
            "3.9",
            "version '3.9' has 2 numeric components; expected major.minor.patch",
        ),
        (
            " 1.2.3",
            "version ' 1.2.3': major component ' 1' is not a number",
        ),
        (
            "v1.2.3",
            "version 'v1.2.3': major component 'v1' is not a number",
        ),
        ("1..3", "version '1..3': minor component '' is not a number"),
        ("3.3.0-", "version '3.3.0-': '' is not a valid pre-release"),
        (
            "3.3.0-rc..1",
            "version '3.3.0-rc..1': 'rc..1' is not a valid pre-release",
        ),
        (
            "1.2.3+build",
            "version '1.2.3+build': patch component '3+build' is not a number",
        ),
        (
            "23.0.9-99999999999999999999",
            "version '23.0.9-99999999999999999999': revision component is too large",
        ),
    ];
    for (input, message) in cases {
        let error = Version::parse(input).expect_err(input);
        assert_eq!(error.to_string(), message, "input {input:?}");
    }
}

#[test]
fn long_input_is_cut_in_messages() {
    let long = "9".repeat(200);
    let message = Version::parse(&long).unwrap_err().to_string();
    assert_eq!(
        message,
        format!(
            "version '{}...' has 1 numeric component; expected major.minor.patch",
            "9".repeat(80)
        )
    );
}

/// A word for a target: `latest` is suggested when it is near, and the forms are listed.
#[test]
fn a_target_word_suggests_latest_and_lists_the_forms() {
    use mirantis_upgrade_planner::Target;
    let forms = "a target is a release (2.9.30), a line (2.9: its newest release), a major version (3: its newest release) or latest (the newest release)";
    for (input, suggestion) in [
        ("lastest", " (did you mean 'latest'?)"),
        ("Latest", " (did you mean 'latest'?)"),
        ("newest", " (did you mean 'latest'?)"),
        ("current-stable", ""),
    ] {
        assert_eq!(
            Target::parse(input).unwrap_err().to_string(),
            format!("target '{input}' is not one of the forms a target takes{suggestion}; {forms}")
        );
    }
    assert_eq!(Target::parse("latest").unwrap(), Target::Latest);
    assert_eq!(
        Version::parse("2.9").unwrap_err().to_string(),
        "version '2.9' has 2 numeric components; expected major.minor.patch"
    );
}

#[test]
fn lines_parse_and_compare_by_number() {
    let line = Line::parse("19.03").unwrap();
    assert_eq!(line.to_string(), "19.03");
    assert!(line.contains(&v("19.3.14")));
    assert!(Line::parse("2.9").unwrap() < Line::parse("2.10").unwrap());
    assert_eq!(
        Line::parse("2.9.1").unwrap_err().to_string(),
        "version '2.9.1' has 3 numeric components; expected major.minor"
    );
}

#[test]
fn products_parse_exactly() {
    assert_eq!("msr".parse::<Product>().unwrap(), Product::Msr);
    assert_eq!(
        "MSR".parse::<Product>().unwrap_err().to_string(),
        "unknown product 'MSR'; expected mcr, mke or msr"
    );
    assert!(
        Product::Mcr < Product::Mke && Product::Mke < Product::Msr,
        "upgrade order"
    );
}

#[test]
fn dates_are_real_calendar_dates() {
    assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "2024-1-05",
        "2024-01-32",
        "24-01-01",
        "2024/01/01",
    ] {
        assert_eq!(
            Date::parse(bad).unwrap_err().to_string(),
            format!("date '{bad}' is not a calendar date written YYYY-MM-DD")
        );
    }
    assert!(Date::parse("2026-03-24").unwrap() < Date::parse("2027-03-24").unwrap());
}

#[test]
fn serde_writes_versions_as_written() {
    let json = serde_json::to_string(&v("19.03.14")).unwrap();
    assert_eq!(json, "\"19.03.14\"");
    let back: Version = serde_json::from_str(&json).unwrap();
    assert_eq!(back.as_str(), "19.03.14");
    assert!(serde_json::from_str::<Version>("\"2.x.0\"").is_err());
}

fn any_version() -> impl Strategy<Value = Version> {
    let suffix = prop_oneof![
        Just(String::new()),
        (0u64..4).prop_map(|n| format!("-{n}")),
        prop_oneof![
            Just("rc1"),
            Just("rc.1"),
            Just("rc.2"),
            Just("beta"),
            Just("tp1")
        ]
        .prop_map(|s| format!("-{s}")),
    ];
    (0u64..4, 0u64..4, 0u64..4, any::<bool>(), suffix).prop_map(|(a, b, c, pad, suffix)| {
        let minor = if pad {
            format!("{b:02}")
        } else {
            b.to_string()
        };
        v(&format!("{a}.{minor}.{c}{suffix}"))
    })
}

proptest! {
    /// The ordering is total: antisymmetric, transitive, and consistent with equality.
    #[test]
    fn ordering_is_total(a in any_version(), b in any_version(), c in any_version()) {
        use std::cmp::Ordering::*;
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.cmp(&b) == Equal, a == b);
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
    }

    /// Whatever parses prints back exactly as written.
    #[test]
    fn display_round_trips(a in any_version()) {
        let back = v(&a.to_string());
        prop_assert_eq!(back.as_str(), a.as_str());
    }

    /// No string makes the parser panic.
    #[test]
    fn parser_never_panics(input in ".{0,40}") {
        let _ = Version::parse(&input);
        let _ = Line::parse(&input);
        let _ = Date::parse(&input);
    }
}
