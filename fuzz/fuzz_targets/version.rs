//! Fuzzes the version, line and target parsers: any string gives a value or a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mirantis_upgrade_planner::{Target, Version, version::Line};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(version) = Version::parse(text) {
            // What parses prints back exactly and orders consistently with itself.
            assert_eq!(version.to_string(), text);
            assert_eq!(version.cmp(&version), std::cmp::Ordering::Equal);
            let _ = version.line();
        }
        let _ = Line::parse(text);
        let _ = Target::parse(text);
    }
});
