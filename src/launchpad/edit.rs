//! Setting the version keys of a Launchpad config in its own text: each key's value is
//! replaced where it is written (a parser that gives positions makes that exact), so the
//! comments, the order, the quoting and every other byte stay as the user wrote them.

use std::collections::BTreeMap;

use super::{LaunchpadConfig, LaunchpadError};
use crate::version::{Product, Version};
use crate::yaml::{Kind, Style, Yaml};

/// One change: replace `start..end` with `text`.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

pub(super) fn with_versions(
    config: &LaunchpadConfig,
    state: &BTreeMap<Product, Version>,
) -> Result<String, LaunchpadError> {
    let yaml = &config.yaml;
    let source = config.text.as_str();
    let mut edits = Vec::new();
    for (&product, version) in state {
        // Launchpad ignores `spec.msr` without an MSR host: nothing to write.
        if product == Product::Msr && !config.has_msr() {
            continue;
        }
        let (section_key, key) = config.api.version_key(product);
        let path = config.api.version_path(product);
        let not_writable = |reason: &str| LaunchpadError::NotWritable {
            path: path.clone(),
            reason: reason.to_owned(),
        };
        let (value, section) = config.version_node(product);
        let current = value.and_then(|v| yaml.scalar(v));
        let wanted = if product == Product::Mcr && config.api.channel_holds_mcr() {
            // `stable-25.0.14`: the channel's name kept, the version after it set
            // (Launchpad's v1.5 to v1.6 migration writes `<channel>-<version>`).
            let channel = current
                .map(|c| c.split_once('-').map_or(c, |(name, _)| name))
                .filter(|name| !name.is_empty())
                .unwrap_or("stable");
            format!("{channel}-{version}")
        } else {
            version.as_str().to_owned()
        };
        if current == Some(wanted.as_str()) {
            continue;
        }
        if let Some(value) = value {
            edits.push(
                replace(yaml, source, value, &wanted)
                    .ok_or_else(|| not_writable("the value is not a one-line scalar"))?,
            );
            continue;
        }
        let line = format!("{key}: {wanted}");
        let edit = if let Some(section) = section {
            insert(yaml, source, section, &line, "")
                .ok_or_else(|| not_writable("its section is not a block mapping"))?
        } else {
            let spec = config
                .spec
                .ok_or_else(|| not_writable("the config has no spec mapping"))?;
            let block = format!("{section_key}:");
            insert(yaml, source, spec, &block, &line)
                .ok_or_else(|| not_writable("spec is not a block mapping"))?
        };
        edits.push(edit);
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.start));
    let mut text = source.to_owned();
    for edit in edits {
        if edit.start <= edit.end && edit.end <= text.len() {
            text.replace_range(edit.start..edit.end, &edit.text);
        }
    }
    Ok(text)
}

/// Replaces a scalar (or an alias) with `value`, in the scalar's own quoting.
fn replace(yaml: &Yaml, source: &str, node: usize, value: &str) -> Option<Edit> {
    let written = yaml.written(node)?;
    let style = match &written.kind {
        Kind::Scalar { style, .. } => *style,
        // `version: *v`: this key gets its own value; the anchor keeps its.
        Kind::Alias(_) => Style::Plain,
        Kind::Sequence(_) | Kind::Mapping(_) => return None,
    };
    let text = source.get(written.start..written.end)?;
    if text.contains('\n') {
        return None;
    }
    if text.is_empty() {
        return fill_empty(source, written.start, value);
    }
    // The span may start at the node's anchor (`&v`) or tag (`!!str`): keep them.
    let mut skipped: usize = 0;
    let mut rest = text;
    while rest.starts_with(['&', '!']) && !matches!(written.kind, Kind::Alias(_)) {
        let token = rest.find([' ', '\t']).unwrap_or(rest.len());
        let blanks = rest.get(token..).map_or(0, |r| {
            r.len()
                .saturating_sub(r.trim_start_matches([' ', '\t']).len())
        });
        let cut = token.saturating_add(blanks);
        skipped = skipped.saturating_add(cut);
        rest = rest.get(cut..)?;
    }
    let quoted = match style {
        Style::Plain => value.to_owned(),
        Style::Single => format!("'{value}'"),
        Style::Double => format!("\"{value}\""),
        Style::Block => return None,
    };
    let start = written.start.saturating_add(skipped);
    // An anchor or tag with no value after it (`version: &v`): the value goes one space on.
    let spaced = rest.is_empty() && !source.get(..start)?.ends_with([' ', '\t']);
    Some(Edit {
        start,
        end: written.end,
        text: if spaced { format!(" {quoted}") } else { quoted },
    })
}

/// Writes `value` where a key's value is empty (`version:`): the parser places an empty
/// scalar at the key's `:` or after it, so the value goes after the `:`, one space apart.
fn fill_empty(source: &str, at: usize, value: &str) -> Option<Edit> {
    let at = if source.get(at..)?.starts_with(':') {
        at.saturating_add(1)
    } else {
        at
    };
    let after_colon = source.get(..at)?.ends_with(':');
    Some(Edit {
        start: at,
        end: at,
        text: if after_colon {
            format!(" {value}")
        } else {
            value.to_owned()
        },
    })
}

/// Inserts `first` (and, indented below it, `second` when not empty) as the first entry of a
/// block mapping, at its first key's indentation.
fn insert(yaml: &Yaml, source: &str, mapping: usize, first: &str, second: &str) -> Option<Edit> {
    let node = yaml.node(mapping)?;
    if node.flow {
        return None;
    }
    let &(key, _) = yaml.pairs(mapping).first()?;
    let key = yaml.written(key)?;
    let line_start = source
        .get(..key.start)?
        .rfind('\n')
        .map_or(0, |i| i.saturating_add(1));
    let indent = source.get(line_start..key.start)?;
    if !indent.chars().all(|c| c == ' ') {
        return None;
    }
    let mut text = format!("{indent}{first}\n");
    if !second.is_empty() {
        text = format!("{text}{indent}  {second}\n");
    }
    Some(Edit {
        start: line_start,
        end: line_start,
        text,
    })
}
