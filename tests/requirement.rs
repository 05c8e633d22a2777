//! Product requirements.

mod common;

use common::v;
use mirantis_upgrade_planner::{Product, requirement::Requirement};
use proptest::prelude::*;

#[track_caller]
fn req(text: &str) -> Requirement {
    Requirement::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

#[track_caller]
fn assert_matches(text: &str, yes: &[&str], no: &[&str]) {
    let requirement = req(text);
    for version in yes {
        assert!(
            requirement.matches(&v(version)),
            "{text} should match {version}"
        );
    }
    for version in no {
        assert!(
            !requirement.matches(&v(version)),
            "{text} should not match {version}"
        );
    }
}

#[test]
fn bare_line_means_the_whole_line() {
    assert_matches(
        "msr 2.9",
        &["2.9.0", "2.9.30", "2.9.0-rc1"],
        &["2.10.0", "2.8.5", "3.9.0"],
    );
    assert_matches("msr 2.9.*", &["2.9.0", "2.9.30"], &["2.10.0"]);
    assert_matches("mcr 19.03.*", &["19.03.14", "19.3.8"], &["20.10.0"]);
}

#[test]
fn bare_full_version_means_exactly_that() {
    assert_matches(
        "mke 3.8.11",
        &["3.8.11"],
        &["3.8.12", "3.8.10", "3.8.11-rc1"],
    );
    assert_matches("mcr =23.0.9", &["23.0.9"], &["23.0.9-1"]);
}

#[test]
fn revisions_and_pre_releases_use_the_crate_ordering() {
    assert_matches(
        "mcr >=20.10.0, <26.0.0",
        &["23.0.9-1", "20.10.0", "25.0.18"],
        &["19.03.14", "26.0.0"],
    );
    assert_matches("mke >=3.3.0", &["3.3.0", "3.4.0-rc1"], &["3.3.0-rc1"]);
    assert_matches("mcr >23.0.9", &["23.0.9-1"], &["23.0.9"]);
}

#[test]
fn partial_bounds_compare_only_the_numbers_they_name() {
    assert_matches("mke <3.9", &["3.8.99"], &["3.9.0-rc1", "3.9.0"]);
    assert_matches("mke <=3.8", &["3.8.99"], &["3.9.0"]);
    assert_matches("mke >3.8", &["3.9.0"], &["3.8.99"]);
    assert_matches("mke >=4", &["4.0.0-rc1", "4.1.0"], &["3.9.7"]);
}

#[test]
fn tilde_caret_and_wildcards_follow_semver() {
    assert_matches("msr ~2.9.5", &["2.9.5", "2.9.30"], &["2.9.4", "2.10.0"]);
    assert_matches("msr ^2.9.5", &["2.9.5", "2.10.0"], &["3.0.0", "2.9.4"]);
    assert_matches("msr ^0.3.1", &["0.3.1", "0.3.9"], &["0.4.0"]);
    assert_matches("msr ^0.0.3", &["0.0.3"], &["0.0.4"]);
    assert_matches("msr *", &["0.0.1", "4.13.2"], &[]);
    assert_matches("msr 3.*", &["3.0.0", "3.1.14"], &["4.0.0"]);
}

#[test]
fn requirement_keeps_its_product_and_text() {
    let requirement = req("mke >=3.6.0, <3.10.0");
    assert_eq!(requirement.product(), Product::Mke);
    assert_eq!(requirement.to_string(), "mke >=3.6.0, <3.10.0");
}

#[test]
fn malformed_requirements_name_the_requirement() {
    let cases = [
        (
            "dtr 2.9.*",
            "requirement 'dtr 2.9.*': unknown product 'dtr'; expected mcr, mke or msr",
        ),
        (
            "mke",
            "requirement 'mke': no version comparator after the product",
        ),
        (
            "mke >=",
            "requirement 'mke >=': comparator '>=' is not a version comparison",
        ),
        (
            "mke 3.*.1",
            "requirement 'mke 3.*.1': comparator '3.*.1' is not a version comparison",
        ),
        (
            "mke >=3.0.0,",
            "requirement 'mke >=3.0.0,': comparator '' is not a version comparison",
        ),
        (
            "mke >=3.y",
            "requirement 'mke >=3.y': comparator '>=3.y': version '3.y': minor component 'y' is not a number",
        ),
        (
            "mke 3.9-rc1",
            "requirement 'mke 3.9-rc1': comparator '3.9-rc1': version '3.9-rc1': minor component '9-rc1' is not a number",
        ),
        (
            "mke =>3.0.0",
            "requirement 'mke =>3.0.0': comparator '=>3.0.0' is not a version comparison",
        ),
        (
            "mke >*",
            "requirement 'mke >*': comparator '>*' is not a version comparison",
        ),
        (
            "mke 1.2.3.4",
            "requirement 'mke 1.2.3.4': comparator '1.2.3.4' is not a version comparison",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(
            Requirement::parse(input).unwrap_err().to_string(),
            message,
            "{input}"
        );
    }
}

proptest! {
    #[test]
    fn parser_never_panics(input in "(mcr|mke|msr|x)? ?[<>=~^*., 0-9a-z-]{0,24}") {
        let _ = Requirement::parse(&input);
    }
}
