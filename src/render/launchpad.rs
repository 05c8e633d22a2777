//! `--format launchpad`: the Launchpad configs to apply, one YAML document per hop that
//! Launchpad's `apply` performs, each the user's own config with only its version keys set to
//! the state after the hop; and, for an MKE 3 to 4 migration, the hosts file `mkectl upgrade
//! --hosts-path` reads.

use std::collections::BTreeMap;

use super::messages::{
    launchpad_header, launchpad_mkectl_hosts, launchpad_not_performed, launchpad_nothing,
    launchpad_phased,
};
use crate::launchpad::{LaunchpadConfig, LaunchpadError, Written, performs, refusal};
use crate::plan::Plan;
use crate::table::RuleId;
use crate::version::{Product, Version};

/// The configs to apply for `plan`, made from `config` (the file `config_name` names, as the
/// `launchpad apply --config` of each header writes it). Documents are separated by `---`;
/// each starts with a comment naming its hop. A hop Launchpad does not perform (a migration,
/// MKE 4, MSR 3 or 4) gets a comment instead; the configs after it keep the versions
/// Launchpad manages.
///
/// # Errors
///
/// [`LaunchpadError::NotWritable`] when a version key cannot be written in place (see
/// [`LaunchpadConfig::with_versions`]).
pub fn render_launchpad(
    config: &LaunchpadConfig,
    plan: &Plan,
    config_name: &str,
) -> Result<String, LaunchpadError> {
    let total = plan.hops.len();
    let mut managed = plan.from.clone();
    let mut out = String::new();
    let mut documents = 0_usize;
    let needs_marker = !starts_with_marker(config.text());
    for (index, hop) in plan.hops.iter().enumerate() {
        let number = index.saturating_add(1);
        let (Some(from), Some(to)) = (&hop.from, &hop.to) else {
            out.push_str(&launchpad_not_performed(number, total, hop));
            continue;
        };
        if !performs(hop.product, from, to, hop.rule) {
            out.push_str(&launchpad_not_performed(number, total, hop));
            if hop.product == Product::Mke && hop.rule == RuleId::Migration && to.major() == 4 {
                out.push_str(&launchpad_mkectl_hosts(number, total, hop));
                out.push_str("---\n");
                out.push_str(&config.mkectl_hosts());
            }
            continue;
        }
        managed.insert(hop.product, to.clone());
        let text = config.with_versions(&managed)?;
        let keys = keys(config, &managed);
        out.push_str(&launchpad_header(
            number,
            total,
            hop,
            &keys,
            config_name,
            refusal(hop.product, from, to),
        ));
        if upgrades_workers_by_hand(plan, number) {
            out.push_str(&launchpad_phased(number));
        }
        if needs_marker {
            out.push_str("---\n");
        }
        out.push_str(&text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
        documents = documents.saturating_add(1);
    }
    if documents == 0 {
        out.push_str(&launchpad_nothing(total));
    }
    Ok(out)
}

/// Whether the plan upgrades hop `number`'s workers by hand (the phased in-place method of
/// MKE 3.7 -> 3.8, its `upgrade-workers-phased` step): Launchpad's apply must then leave them
/// to the operator.
fn upgrades_workers_by_hand(plan: &Plan, number: usize) -> bool {
    plan.steps
        .iter()
        .any(|step| step.hop == number && step.id.ends_with("/upgrade-workers-phased"))
}

/// The version keys where a config of `state` differs from the user's:
/// `spec.mke.version (mke 3.8.12)`.
fn keys(config: &LaunchpadConfig, state: &BTreeMap<Product, Version>) -> String {
    config
        .products()
        .into_iter()
        .filter_map(|product| {
            let version = state.get(&product)?;
            if config.written(product) == Written::Exact(version.clone()) {
                return None;
            }
            let path = config.api_version().version_path(product);
            Some(format!("{path} ({product} {version})"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a YAML text opens with a document marker (`---`) or a directive (`%YAML`) before
/// any content, so that it needs no separator of ours.
fn starts_with_marker(text: &str) -> bool {
    text.lines()
        .map(str::trim_end)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .is_some_and(|line| line == "---" || line.starts_with("--- ") || line.starts_with('%'))
}
