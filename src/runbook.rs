//! The runbook: the steps of each hop.

use crate::plan::{Hop, Phase, Step};

/// The steps of a plan, in execution order: for now one upgrade step per hop.
pub(crate) fn steps(hops: &[Hop]) -> Vec<Step> {
    hops.iter()
        .enumerate()
        .map(|(i, hop)| Step {
            id: format!("hop-{}/upgrade-{}", i + 1, hop.product),
            hop: i + 1,
            phase: Phase::Upgrade,
            title: format!(
                "Upgrade {} from {} to {} ({})",
                hop.product.full_name(),
                hop.from,
                hop.to,
                hop.rule
            ),
            command: None,
            rerun_safe: false,
            node: None,
        })
        .collect()
}
