//! The releases of one product, sorted, with the line index built at load time.

use std::collections::BTreeMap;

use super::{Operation, Release};
use crate::table::{RuleId, Verdict};
use crate::version::Line;

/// The releases of one product, sorted, with the line index built at load time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ProductReleases {
    pub(super) releases: Vec<Release>,
    pub(super) overrides: BTreeMap<RuleId, Verdict>,
    /// How release lines are operated, in file order (the first match wins).
    pub(super) operations: Vec<Operation>,
    /// Lines in ascending order, each with the range of its releases in `releases`.
    pub(super) lines: Vec<LineSpan>,
    /// The lines that count as steps of the table (not made only of pre-releases), sorted.
    pub(super) counted: Vec<Line>,
    /// Each major of `counted`, with the index in `counted` of its first line.
    pub(super) majors: Vec<(u64, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LineSpan {
    pub(super) line: Line,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Whether the line has a release that is not a pre-release. Lines made only of
    /// pre-releases do not count as steps of the upgrade table.
    pub(super) counts: bool,
}

impl ProductReleases {
    pub(super) fn new(
        mut releases: Vec<Release>,
        overrides: BTreeMap<RuleId, Verdict>,
        operations: Vec<Operation>,
    ) -> Self {
        releases.sort_by(|a, b| a.version.cmp(&b.version));
        let mut lines: Vec<LineSpan> = Vec::new();
        for (index, release) in releases.iter().enumerate() {
            let line = release.version.line();
            let end = index.saturating_add(1);
            let counts = !release.version.is_pre_release();
            match lines.last_mut() {
                Some(span) if span.line == line => {
                    span.end = end;
                    span.counts |= counts;
                }
                _ => lines.push(LineSpan {
                    line,
                    start: index,
                    end,
                    counts,
                }),
            }
        }
        let counted: Vec<Line> = lines
            .iter()
            .filter(|s| s.counts)
            .map(|s| s.line.clone())
            .collect();
        let mut majors: Vec<(u64, usize)> = Vec::new();
        for (index, line) in counted.iter().enumerate() {
            if majors
                .last()
                .is_none_or(|(major, _)| *major != line.major())
            {
                majors.push((line.major(), index));
            }
        }
        ProductReleases {
            releases,
            overrides,
            operations,
            lines,
            counted,
            majors,
        }
    }
}
