//! Fuzzes the requirement parser and matcher.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mirantis_upgrade_planner::{Version, requirement::Requirement};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first line is a requirement, the rest versions to match against it.
    let mut lines = text.lines();
    let Some(requirement) = lines.next() else { return };
    if let Ok(requirement) = Requirement::parse(requirement) {
        assert_eq!(requirement.to_string(), text.lines().next().unwrap_or_default());
        for line in lines {
            if let Ok(version) = Version::parse(line) {
                let _ = requirement.matches(&version);
            }
        }
    }
});
