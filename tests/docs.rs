//! The README and `docs/` tell users only what is true: the numbers and lists they read are
//! rebuilt here from the library (the embedded catalog, the upgrade table, the limits, the
//! codes, a real plan) and compared with the text; every relative link resolves; nothing
//! points outside the repository.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use mirantis_upgrade_planner::{
    Catalog, Format, Inventory, Planner, Product, Request, Target, Version,
    check::RULES,
    inventory::preflight,
    limits,
    render::render_plan,
    request::{ByProduct, parse_facts},
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// README.md and every Markdown file under docs/, as (path relative to the root, text).
fn pages() -> Vec<(String, String)> {
    let mut pages = vec![("README.md".to_owned(), read("README.md"))];
    let mut names: Vec<String> = fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            Path::new(name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
        })
        .collect();
    names.sort();
    for name in names {
        let path = format!("docs/{name}");
        let text = read(&path);
        pages.push((path, text));
    }
    pages
}

/// The text with every run of whitespace made one space, so that a sentence may wrap.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_says(path: &str, sentence: &str) {
    assert!(
        flat(&read(path)).contains(sentence),
        "{path} must say, word for word:\n{sentence}"
    );
}

/// The level of a Markdown heading line (`## Codes`: 2), 0 for any other line.
fn heading_level(line: &str) -> usize {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if hashes > 0 && line[hashes..].starts_with(' ') {
        hashes
    } else {
        0
    }
}

/// The lines of the section that starts with the heading `heading`, up to the next heading
/// of the same or a higher level (a `#` line inside a fenced block is no heading).
fn section<'t>(text: &'t str, heading: &str) -> Vec<&'t str> {
    let level = heading_level(heading);
    let mut lines = text.lines().skip_while(|line| *line != heading);
    assert!(lines.next().is_some(), "no heading '{heading}'");
    let mut fenced = false;
    let mut out = Vec::new();
    for line in lines {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        let level_here = heading_level(line);
        if !fenced && level_here > 0 && level_here <= level {
            break;
        }
        out.push(line);
    }
    out
}

/// The lines of the first fenced block of `language` in `lines`.
fn fenced<'t>(lines: &[&'t str], language: &str) -> Vec<&'t str> {
    let open = format!("```{language}");
    lines
        .iter()
        .skip_while(|line| **line != open)
        .skip(1)
        .take_while(|line| **line != "```")
        .copied()
        .collect()
}

/// The rows of the first table in `lines`, header and separator skipped, as trimmed cells.
fn table_rows(lines: &[&str]) -> Vec<Vec<String>> {
    lines
        .iter()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| {
            line.trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .collect()
}

/// The `code` spans of a table cell (`` `downgrade`, `rule-refused` ``).
fn codes_in(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn with_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[test]
fn the_catalog_counts_are_the_embedded_catalogs() {
    let catalog = Catalog::embedded();
    let sentence = format!(
        "The embedded catalog (version {}) lists {} MCR, {} MKE and {} MSR releases, {} \
         compatibility entries, {} gates, {} migrations and {} facts.",
        catalog.version().unwrap(),
        catalog.releases(Product::Mcr).len(),
        catalog.releases(Product::Mke).len(),
        catalog.releases(Product::Msr).len(),
        catalog.compatibility().len(),
        catalog.gates().len(),
        catalog.migrations().len(),
        catalog.facts().len(),
    );
    assert_says("README.md", &sentence);
    assert_says("docs/catalog.md", &sentence);
}

#[test]
fn the_facts_are_the_embedded_catalogs() {
    let catalog = Catalog::embedded();
    let names: Vec<String> = catalog
        .facts()
        .iter()
        .map(|fact| format!("`{}`", fact.name))
        .collect();
    let (last, rest) = names.split_last().unwrap();
    let sentence = format!("The catalog's facts are {} and {last}.", rest.join(", "));
    assert_says("README.md", &sentence);

    let text = read("docs/catalog.md");
    let rows = table_rows(&section(&text, "## Facts"));
    let expected: Vec<Vec<String>> = catalog
        .facts()
        .iter()
        .map(|fact| {
            vec![
                format!("`{}`", fact.name),
                fact.question.clone(),
                fact.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    assert_eq!(rows, expected, "docs/catalog.md's facts table");
}

#[test]
fn every_catalog_entry_names_its_source_and_confidence() {
    let catalog = Catalog::embedded();
    for product in Product::ALL {
        for release in catalog.releases(product) {
            assert!(
                release.source.is_some() && release.confidence.is_some(),
                "{release:?}"
            );
        }
        for operation in catalog.operations(product) {
            assert!(operation.source.is_some(), "{operation:?}");
        }
    }
    for entry in catalog.compatibility() {
        assert!(
            entry.source.is_some() && entry.confidence.is_some(),
            "{entry:?}"
        );
    }
    for gate in catalog.gates() {
        assert!(
            gate.source.is_some() && gate.confidence.is_some(),
            "{gate:?}"
        );
    }
    for migration in catalog.migrations() {
        assert!(
            migration.source.is_some() && migration.confidence.is_some(),
            "{migration:?}"
        );
    }
    for fact in catalog.facts() {
        assert!(fact.source.is_some(), "{fact:?}");
    }
}

/// The `--from`, `--to` and `--facts` of the README's main command, as a request.
fn main_command_request(readme: &str) -> Request {
    let command = readme
        .lines()
        .find(|line| line.starts_with("cargo run --release --bin planner -- plan "))
        .expect("the README's main command");
    let words: Vec<&str> = command.split_whitespace().collect();
    let value = |flag: &str| {
        let at = words.iter().position(|word| *word == flag).unwrap();
        words[at + 1]
    };
    Request {
        from: value("--from").parse::<ByProduct<Version>>().unwrap().0,
        to: value("--to").parse::<ByProduct<Target>>().unwrap().0,
        facts: parse_facts(value("--facts")).unwrap(),
        ..Request::default()
    }
}

#[test]
fn the_readme_has_two_commands_and_its_plan_is_what_the_main_one_prints() {
    let readme = read("README.md");
    let commands: Vec<&str> = fenced(&section(&readme, "## Two commands"), "sh")
        .into_iter()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(commands[1], "cargo test");

    let plan = Planner::new(Catalog::embedded())
        .plan(&main_command_request(&readme))
        .unwrap();
    let printed = render_plan(&plan, Format::Text);
    // The README's block is the plan abridged: its lines, in order, with `...` for the cuts.
    let mut rest = printed.lines();
    for line in fenced(&section(&readme, "## One plan"), "text") {
        if line.trim() == "..." {
            continue;
        }
        assert!(
            rest.any(|printed| printed == line),
            "the README's plan shows a line the planner does not print (or not in this order):\n{line}\n\nThe plan:\n{printed}"
        );
    }
    assert!(
        readme.lines().count() <= 250,
        "the README is for users: keep it short"
    );
}

#[test]
fn the_rules_table_is_the_upgrade_table() {
    let text = read("docs/rules.md");
    let rows = table_rows(&section(&text, "## The upgrade table"));
    let expected: Vec<Vec<String>> = RULES
        .iter()
        .map(|rule| {
            vec![
                format!("`{}`", rule.id),
                rule.description.to_owned(),
                format!("`{}`", rule.from),
                format!("`{}`", rule.to),
                rule.verdict.to_string(),
            ]
        })
        .collect();
    assert_eq!(rows, expected, "docs/rules.md's upgrade table");
}

#[test]
fn the_limits_are_the_librarys() {
    const MIB: usize = 1024 * 1024;
    assert_eq!(limits::MAX_CATALOG_BYTES, limits::MAX_PLAN_BYTES);
    assert_eq!(limits::MAX_CATALOG_BYTES, limits::MAX_REQUEST_BYTES);
    let sentence = format!(
        "Limits, each named in its error: catalog, plan and request files of at most {} MiB, \
         inventories of at most {} MiB, JSON nested at most {} levels, {} releases per product, \
         {} compatibility entries, gates and migrations together, {} ordered gates, {} hops and \
         {} steps per plan; a search generates at most {} joint states unless \
         `Planner::with_search_limit` sets another budget.",
        limits::MAX_CATALOG_BYTES / MIB,
        limits::MAX_INVENTORY_BYTES / MIB,
        limits::MAX_JSON_DEPTH,
        with_thousands(limits::MAX_RELEASES_PER_PRODUCT),
        with_thousands(limits::MAX_CATALOG_ENTRIES),
        limits::MAX_ORDERED_GATES,
        with_thousands(limits::MAX_PLAN_HOPS),
        with_thousands(limits::MAX_PLAN_STEPS),
        with_thousands(limits::DEFAULT_SEARCH_LIMIT),
    );
    assert_says("docs/formats.md", &sentence);
    let yaml = format!(
        "Launchpad configs (`launchpad.yaml`) are read up to {} MiB, YAML nested at most {} \
         levels, expanding through its aliases to at most {} nodes, with at most {} aliases.",
        limits::MAX_LAUNCHPAD_BYTES / MIB,
        limits::MAX_YAML_DEPTH,
        with_thousands(limits::MAX_YAML_NODES),
        with_thousands(limits::MAX_YAML_ALIASES),
    );
    assert_says("docs/formats.md", &yaml);
}

/// The codes the sources give to the variants of `kind` (`ViolationCode::Order => "order"`),
/// read from every file under `src/`.
fn source_codes(kind: &str) -> BTreeSet<String> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("src"), &mut files);
    let prefix = format!("{kind}::");
    let mut codes = BTreeSet::new();
    for file in files {
        for line in fs::read_to_string(&file).unwrap().lines() {
            let Some(variant) = line.find(&prefix) else {
                continue;
            };
            let Some(arrow) = line[variant..].find("=> \"") else {
                continue;
            };
            let literal = &line[variant + arrow + 4..];
            let code = &literal[..literal.find('"').unwrap()];
            if !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                codes.insert(code.to_owned());
            }
        }
    }
    assert!(!codes.is_empty(), "no codes found for {kind}");
    codes
}

/// The codes listed in the first column of the table under `heading` in docs/formats.md.
fn documented_codes(heading: &str) -> BTreeSet<String> {
    let text = read("docs/formats.md");
    table_rows(&section(&text, heading))
        .iter()
        .flat_map(|row| codes_in(&row[0]))
        .collect()
}

#[test]
fn every_code_is_documented_and_every_documented_code_exists() {
    let mut errors = source_codes("Refusal");
    errors.extend(source_codes("RequestError"));
    // Codes only the command line gives: `check` with the same version twice, and files that
    // are not a catalog, a plan or a Launchpad config.
    errors.extend(["same-version", "bad-catalog", "bad-plan", "bad-launchpad"].map(str::to_owned));
    assert_eq!(documented_codes("### Errors and refusals"), errors);
    assert_eq!(
        documented_codes("### Warnings"),
        source_codes("WarningCode")
    );
    assert_eq!(
        documented_codes("### Validation"),
        source_codes("ViolationCode")
    );
    assert_eq!(documented_codes("### Lint"), source_codes("LintCode"));
}

/// An inventory that breaks every preflight rule (node `bad`, just under each threshold)
/// next to one that meets them exactly (node `good`).
const BAD_INVENTORY: &str = r#"{"schema_version": 1,
  "nodes": [
    {"hostname": "bad", "role": "manager", "ram_gb": 15, "vcpus": 1, "free_disk_gb": 9,
     "fixed_hostname": false, "runs": ["mke", "msr-replica"], "open_ports": []},
    {"hostname": "stray", "role": "none", "ram_gb": 16, "vcpus": 2, "free_disk_gb": 10,
     "fixed_hostname": true, "runs": ["msr-cache"]},
    {"hostname": "good", "role": "worker", "ram_gb": 16, "vcpus": 2, "free_disk_gb": 10,
     "fixed_hostname": true, "runs": ["msr-replica"], "open_ports": [80, 443]},
    {"hostname": "unmeasured", "role": "worker", "runs": ["msr-cache"]}
  ],
  "mke": {"admins_can_deploy_on_managers_and_msr_nodes": false, "content_trust": true},
  "msr": {"replicas": [{"id": "a1b2c3d4e5f6", "node": "bad"}, {"id": "b2c3d4e5f6a1", "node": "good"}],
          "high_availability": true}}"#;

#[test]
fn the_preflight_table_lists_every_finding_with_its_severity() {
    let inventory = Inventory::from_json(BAD_INVENTORY).unwrap();
    let findings = preflight(&inventory, true);
    assert!(
        findings
            .iter()
            .all(|finding| finding.node.as_deref() != Some("good")),
        "the thresholds of docs/formats.md are met exactly by node 'good': {findings:#?}"
    );
    let found: BTreeSet<(String, String)> = findings
        .iter()
        .map(|finding| {
            let severity = serde_json::to_value(finding).unwrap()["severity"]
                .as_str()
                .unwrap()
                .to_owned();
            (finding.code.to_owned(), severity)
        })
        .collect();
    let text = read("docs/formats.md");
    let documented: BTreeSet<(String, String)> = table_rows(&section(&text, "### Preflight"))
        .iter()
        .flat_map(|row| {
            codes_in(&row[0])
                .into_iter()
                .map(|code| (code, row[1].clone()))
        })
        .collect();
    assert_eq!(documented, found);
}

#[test]
fn nothing_points_outside_the_repository() {
    for (path, text) in pages() {
        for outside in ["../shared", "shared/", "DESIGN.md", "STYLE.md"] {
            assert!(!text.contains(outside), "{path} mentions {outside}");
        }
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.eq_ignore_ascii_case("seed"));
        assert_eq!(words.count(), 0, "{path} uses the word 'seed'");
    }
}

/// The anchors GitHub gives the headings of a Markdown text (`## The library's layers` ->
/// `the-librarys-layers`), outside fenced blocks.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut anchors = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        let level = heading_level(line);
        if fenced || level == 0 {
            continue;
        }
        let mut slug = String::new();
        for c in line[level..].trim().chars() {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                slug.extend(c.to_lowercase());
            } else if c == ' ' {
                slug.push('-');
            }
        }
        let mut unique = slug.clone();
        let mut n = 0;
        while anchors.contains(&unique) {
            n += 1;
            unique = format!("{slug}-{n}");
        }
        anchors.insert(unique);
    }
    anchors
}

/// The targets of the Markdown links and images of a text: `[text](target)`.
fn links(text: &str) -> Vec<String> {
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            rest.find(')').map(|end| rest[..end].to_owned())
        })
        .collect()
}

#[test]
fn every_relative_link_resolves() {
    let mut broken = String::new();
    for (path, text) in pages() {
        let dir = root().join(&path).parent().unwrap().to_path_buf();
        for link in links(&text) {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                root().join(&path)
            } else {
                dir.join(file)
            };
            if !target.exists() {
                let _ = writeln!(broken, "{path}: {link}: no such file");
            } else if !anchor.is_empty() {
                let target_text = fs::read_to_string(&target).unwrap_or_default();
                if !anchors(&target_text).contains(anchor) {
                    let _ = writeln!(broken, "{path}: {link}: no such heading");
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{broken}");
}

/// The README's crate count for the first build of `planner` is the number of packages that
/// build compiles: the command line's normal and build dependencies, as `cargo tree` lists them
/// from the lock file.
#[test]
fn the_first_build_crate_count_is_cargo_trees() {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["tree", "-q", "--locked", "--offline", "-e", "normal,build"])
        .args(["-p", "mirantis-upgrade-planner-cli", "--prefix", "none"])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let packages: BTreeSet<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some(format!("{} {}", words.next()?, words.next()?))
        })
        .collect();
    assert_says(
        "README.md",
        &format!(
            "From a fresh clone that build compiles {} crates,",
            packages.len()
        ),
    );
}
