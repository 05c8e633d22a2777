//! The crate's modules form layers that depend only downwards (docs/architecture.md): a
//! module may name a module of a lower layer, never one of its own or a higher layer, so the
//! import graph has no cycle. The test reads the sources, so a new `crate::...` path that
//! goes up a layer fails here rather than in a reviewer's head.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Each top-level module of `src/` and its layer, lowest first. The drawing in
/// docs/architecture.md is this table.
const LAYERS: &[(&str, u32)] = &[
    ("version", 0),
    ("digest", 0),
    ("text", 0),
    ("date", 1),
    ("requirement", 1),
    ("table", 1),
    ("json", 1),
    ("yaml", 1),
    ("catalog", 2),
    ("inventory", 2),
    ("request", 3),
    ("launchpad", 4),
    ("classify", 3),
    ("lint", 4),
    ("graph", 4),
    ("search", 4),
    ("plan", 5),
    ("refusal", 5),
    ("runbook", 6),
    ("validate", 7),
    ("planner", 8),
    ("render", 9),
    ("schema", 10),
    ("synthetic", 10),
];

fn layer(module: &str) -> Option<u32> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, rank)| *rank)
}

/// The top-level modules a source text names through `crate::module`.
fn named_modules(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (index, _) in text.match_indices("crate::") {
        let rest = &text[index + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        // `crate::{a, b}` lists are not used in this crate; a lowercase name followed by
        // `::` is a module, anything else a re-exported item of the crate root.
        if !name.is_empty() && rest[name.len()..].starts_with("::") {
            names.push(name);
        }
    }
    names
}

fn sources(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// For each top-level module, the modules it names.
fn dependencies() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if module == "lib" {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let entry = graph.entry(module.clone()).or_default();
        for name in named_modules(&text) {
            if name != module {
                entry.insert(name, relative.display().to_string());
            }
        }
    }
    graph
}

#[test]
fn every_module_has_a_layer() {
    for module in dependencies().keys() {
        assert!(
            layer(module).is_some(),
            "src/{module} has no layer in tests/layers.rs (and the drawing in docs/architecture.md)"
        );
    }
}

#[test]
fn modules_depend_only_on_lower_layers() {
    let mut upward = Vec::new();
    for (module, names) in dependencies() {
        let Some(rank) = layer(&module) else { continue };
        for (name, file) in names {
            match layer(&name) {
                Some(other) if other < rank => {}
                Some(other) => upward.push(format!(
                    "{file}: {module} (layer {rank}) names {name} (layer {other})"
                )),
                None => upward.push(format!("{file}: names {name}, which has no layer")),
            }
        }
    }
    assert!(upward.is_empty(), "{}", upward.join("\n"));
}

#[test]
fn the_scan_sees_module_paths_and_not_root_items() {
    assert_eq!(
        named_modules(
            "use crate::catalog::{Catalog};\nlet x = crate::Version::parse(a); crate::json::parse(b)"
        ),
        vec!["catalog".to_owned(), "json".to_owned()]
    );
}
