//! Every output format renders every scenario; golden files pin the text, Markdown and JSON;
//! Graphviz accepts the DOT.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::scenarios;
use mirantis_upgrade_planner::{
    Catalog, Format, Plan, Product,
    graph::upgrade_graph,
    render::{render_graph, render_plan, render_refusal},
};

const FORMATS: [Format; 6] = [
    Format::Text,
    Format::Markdown,
    Format::Json,
    Format::Dot,
    Format::Mermaid,
    Format::Svg,
];

/// The SVG is one document whose every `<` opens a tag: a `<` from a message (`<23.0.0`)
/// must have been escaped.
#[track_caller]
fn check_svg(name: &str, output: &str) {
    assert!(
        output.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{name}"
    );
    assert!(output.ends_with("</svg>\n"), "{name}");
    assert_eq!(output.matches("<svg").count(), 1, "{name}");
    for (at, _) in output.match_indices('<') {
        let next = output[at + 1..].chars().next().unwrap_or(' ');
        assert!(
            next.is_ascii_alphabetic() || next == '/',
            "{name}: unescaped '<' at {at}: {}",
            &output[at..(at + 40).min(output.len())]
        );
    }
    assert_eq!(
        output.matches("<text").count(),
        output.matches("</text>").count(),
        "{name}"
    );
    match rsvg_accepts(output) {
        Some(result) => {
            result.unwrap_or_else(|e| panic!("{name}: rsvg-convert rejected the output: {e}"));
        }
        None => common::cannot_run(
            "the SVG checks with rsvg-convert: librsvg (Debian's librsvg2-bin) is not installed",
        ),
    }
}

/// Runs `program args` on the input; `None` when the program is not installed, else
/// whether it accepted the input (with its complaint when not).
fn accepts(program: &str, args: &[&str], input: &str) -> Option<Result<(), String>> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    Some(if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    })
}

/// Graphviz's verdict on DOT; `None` when it is not installed.
fn dot_accepts(input: &str) -> Option<Result<(), String>> {
    accepts("dot", &["-Tsvg"], input)
}

/// librsvg's verdict on SVG; `None` when it is not installed.
fn rsvg_accepts(input: &str) -> Option<Result<(), String>> {
    accepts("rsvg-convert", &[], input)
}

#[track_caller]
fn check_format(name: &str, format: Format, output: &str) {
    assert!(!output.trim().is_empty(), "{name} {format:?} is empty");
    match format {
        Format::Json => {
            let value: serde_json::Value =
                serde_json::from_str(output).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(value["schema_version"], 1, "{name}");
        }
        Format::Dot => {
            assert!(output.starts_with("digraph "), "{name}");
            match dot_accepts(output) {
                Some(result) => result
                    .unwrap_or_else(|e| panic!("{name}: dot rejected the output: {e}\n{output}")),
                None => common::cannot_run(
                    "the DOT checks with dot -Tsvg: Graphviz (Debian's graphviz) is not installed",
                ),
            }
        }
        Format::Mermaid => assert!(output.starts_with("flowchart LR\n"), "{name}"),
        Format::Svg => check_svg(name, output),
        Format::Markdown | Format::Text => {}
        _ => unreachable!(),
    }
}

#[test]
fn every_format_renders_every_scenario() {
    for scenario in scenarios::all() {
        for format in FORMATS {
            let output = match scenario.planner.plan(&scenario.request) {
                Ok(plan) => {
                    let output = render_plan(&plan, format);
                    if format == Format::Markdown && !plan.hops.is_empty() {
                        assert!(
                            output.contains("\n- [ ] **"),
                            "{}: checkboxes",
                            scenario.name
                        );
                    }
                    output
                }
                Err(refusal) => render_refusal(&refusal, format),
            };
            check_format(scenario.name, format, &output);
        }
    }
}

/// An edit of a plan's JSON, by name.
type Edit = (&'static str, fn(&mut serde_json::Value));

/// A plan a person edited renders in every format: steps pointing at hop 99, no hops, a hop
/// to or from nowhere, placeholders and ids that are empty.
#[test]
fn hand_edited_plans_render_in_every_format() {
    let planner = scenarios::embedded();
    let base = planner
        .plan(&scenarios::minimal(scenarios::request(
            "mcr=23.0.9,mke=3.7.25,msr=2.9.30",
            "mke=3.9",
        )))
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&render_plan(&base, Format::Json)).unwrap();
    let edits: [Edit; 7] = [
        ("hop 99", |p| p["steps"][3]["hop"] = 99.into()),
        ("hop u64::MAX", |p| p["steps"][3]["hop"] = u64::MAX.into()),
        ("no hops", |p| p["hops"] = serde_json::json!([])),
        ("to null", |p| p["hops"][1]["to"] = serde_json::Value::Null),
        ("from null", |p| {
            p["hops"][0]["from"] = serde_json::Value::Null;
        }),
        ("empty id", |p| p["steps"][3]["id"] = "".into()),
        ("empty placeholder", |p| {
            p["placeholders"] = serde_json::json!([{"name": "", "meaning": "", "steps": [""]}]);
        }),
    ];
    for (name, edit) in edits {
        let mut edited = json.clone();
        edit(&mut edited);
        let plan = Plan::from_json(&edited.to_string()).unwrap();
        for format in FORMATS {
            check_format(name, format, &render_plan(&plan, format));
        }
        let graph = upgrade_graph(planner.catalog(), Product::Mke);
        check_svg(name, &render_graph(&graph, &plan.hops, Format::Svg));
    }
    // The text and the Markdown list every step: one that points past the last hop comes under
    // a heading that says so, never dropped.
    let mut dangling = json.clone();
    dangling["steps"][3]["hop"] = 99.into();
    let plan = Plan::from_json(&dangling.to_string()).unwrap();
    let id = plan.steps[3].id.to_string();
    let text = render_plan(&plan, Format::Text);
    assert!(
        text.contains("\nHop 99 (not one of the plan's hops):\n"),
        "{text}"
    );
    assert!(text.contains(&format!("({id})")), "{text}");
    let markdown = render_plan(&plan, Format::Markdown);
    assert!(
        markdown.contains("\n## Hop 99 (not one of the plan's hops)\n"),
        "{markdown}"
    );
    assert!(markdown.contains(&format!("`{id}`")), "{markdown}");
}

#[test]
fn product_graphs_render_in_every_format() {
    let catalog = Catalog::embedded();
    let plan = scenarios::embedded()
        .plan(&scenarios::overlay2(scenarios::request(
            "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
            "msr=latest",
        )))
        .unwrap();
    for product in Product::ALL {
        let graph = upgrade_graph(&catalog, product);
        for format in [Format::Dot, Format::Mermaid, Format::Svg] {
            check_format(
                product.as_str(),
                format,
                &render_graph(&graph, &plan.hops, format),
            );
        }
    }
    let msr = render_graph(
        &upgrade_graph(&catalog, Product::Msr),
        &plan.hops,
        Format::Dot,
    );
    assert!(
        msr.contains(
            "l2_7 -> l2_9 [label=\"refused: skip-minor-version\", style=dotted, color=gray];"
        ),
        "{msr}"
    );
    assert!(
        msr.contains(
            "l2_8 -> l2_9 [label=\"minor-upgrade\", style=solid, color=\"#1f77b4\", penwidth=3];"
        ),
        "the chosen hop is highlighted"
    );
    assert!(msr.contains(
        "l2_9 -> l3_0 [label=\"migration: Mirantis Migration Tool (mmt)\", style=dashed];"
    ));
    let mermaid = render_graph(
        &upgrade_graph(&catalog, Product::Msr),
        &plan.hops,
        Format::Mermaid,
    );
    assert!(mermaid.contains("  l2_7 -.-x|\"refused: skip-minor-version\"| l2_9\n"));
    assert!(mermaid.contains("linkStyle "));
}

/// Golden renderings of a few plans, compared byte for byte with `tests/golden/NAME.EXT`.
/// `UPDATE_GOLDEN=1 cargo test --test render` rewrites them; review the diff.
#[test]
fn golden_text_markdown_and_json() {
    let wanted = [
        "design-example",
        "interleaved",
        "gate-with-metallb",
        "embedded-migration",
        "msr-patch",
        "mcr-major",
        "mcr-ubuntu",
        "mcr-rhel-family",
        "mcr-sles",
        "mcr-windows",
        "offline",
        "dead-end",
        "install",
        // One per procedure: MSR 3 (Operator and Helm), MSR 4, MKE 4, MKE 3 -> 4, MSR -> 4,
        // and the DTR 2.5 -> 2.6 post steps.
        "msr-3-operator",
        "msr-4-helm",
        "mke-4-mkectl",
        "mke-4-migration",
        "msr-4-migration",
        "dtr-2-5",
        // Offline, one per procedure kind (`offline` is MSR 2.x's) and a migration each way.
        "offline-ucp-cli",
        "offline-packages",
        "offline-helm",
        "offline-msr-operator",
        "offline-msr4-helm",
        "offline-mkectl",
        "offline-mke-4-migration",
        "offline-msr-3-migration",
    ];
    for scenario in scenarios::all()
        .into_iter()
        .filter(|s| wanted.contains(&s.name))
    {
        for (format, extension) in [
            (Format::Text, "txt"),
            (Format::Markdown, "md"),
            (Format::Json, "json"),
        ] {
            let output = match scenario.planner.plan(&scenario.request) {
                Ok(plan) => render_plan(&plan, format),
                Err(refusal) => render_refusal(&refusal, format),
            };
            let path = common::fixture("../golden").join(format!("{}.{extension}", scenario.name));
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::write(&path, &output).unwrap();
            }
            let golden = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
            assert_eq!(output, golden, "golden {} changed", path.display());
        }
    }
}

#[test]
fn svg_draws_each_state_and_hop_and_escapes_messages() {
    let plan = scenarios::embedded()
        .plan(&scenarios::overlay2(scenarios::request(
            "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
            "msr=latest",
        )))
        .unwrap();
    let svg = render_plan(&plan, Format::Svg);
    // One box per state (the background is the other rect).
    assert_eq!(
        svg.matches("<rect x=").count(),
        plan.hops.len() + 1,
        "{svg}"
    );
    for (i, hop) in plan.hops.iter().enumerate() {
        let label = format!(
            "{}. {} {} \u{2192} {} ({})",
            i + 1,
            hop.product,
            hop.from_text(),
            hop.to_text(),
            hop.rule
        );
        assert!(svg.contains(&label), "{label}");
    }
    // The product a hop changed is bold in the state after it.
    let last = plan.hops.last().unwrap();
    assert!(svg.contains(&format!(
        "font-weight=\"bold\">{} {}</text>",
        last.product,
        last.to_text()
    )));

    let refusal = scenarios::embedded()
        .plan(&scenarios::request(
            "mcr=23.0.9-1,mke=3.3.7,msr=2.8.5",
            "mke=3.4",
        ))
        .unwrap_err();
    let svg = render_refusal(&refusal, Format::Svg);
    check_svg("refusal", &svg);
    assert!(
        svg.contains("&lt;23.0.0"),
        "the requirement's '<' is escaped: {svg}"
    );
    assert!(svg.contains("Refused (no-path)"), "{svg}");
}

/// What a `CommonMark` parser with GFM tables (GitHub's and GitLab's reading) makes of a
/// Markdown text: its text as a reader sees it, its code blocks, its table rows' cell counts,
/// and any HTML it found (which those sites would swallow or strip).
struct Rendered {
    /// Inline text and code spans, each block on its own line.
    text: String,
    /// The content of each code block.
    blocks: Vec<String>,
    /// The number of cells of each table row, the header first, per table.
    tables: Vec<Vec<usize>>,
    /// Raw HTML, block or inline.
    html: Vec<String>,
}

impl Rendered {
    fn of(markdown: &str) -> Rendered {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
        let mut rendered = Rendered {
            text: String::new(),
            blocks: Vec::new(),
            tables: Vec::new(),
            html: Vec::new(),
        };
        let mut block: Option<String> = None;
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => block = Some(String::new()),
                Event::End(TagEnd::CodeBlock) => {
                    rendered.blocks.extend(block.take());
                }
                Event::Text(text) => match &mut block {
                    Some(block) => block.push_str(&text),
                    None => rendered.text.push_str(&text),
                },
                Event::Code(code) => rendered.text.push_str(&code),
                Event::SoftBreak | Event::HardBreak => rendered.text.push(' '),
                Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
                ) => rendered.text.push('\n'),
                Event::Html(html) | Event::InlineHtml(html) => rendered.html.push(html.to_string()),
                Event::Start(Tag::Table(_)) => rendered.tables.push(Vec::new()),
                Event::Start(Tag::TableHead | Tag::TableRow) => {
                    if let Some(table) = rendered.tables.last_mut() {
                        table.push(0);
                    }
                }
                Event::Start(Tag::TableCell) => {
                    if let Some(count) = rendered.tables.last_mut().and_then(|t| t.last_mut()) {
                        *count += 1;
                    }
                }
                _ => {}
            }
        }
        rendered
    }
}

/// The golden Markdown runbooks render on GitHub and GitLab as written: no text is read as
/// HTML (a `<this-node>` would vanish), every table row has its header's cells (a `|` in a
/// cell would split it), every placeholder, title and note line is visible, and every command
/// is a code block of its own, intact.
#[test]
fn golden_markdown_renders_as_written_on_github_and_gitlab() {
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut checked = 0;
    for entry in std::fs::read_dir(&golden).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let markdown = std::fs::read_to_string(&path).unwrap();
        let rendered = Rendered::of(&markdown);
        assert!(
            rendered.html.is_empty(),
            "{name}: read as HTML: {:?}",
            rendered.html
        );
        for table in &rendered.tables {
            assert!(table.len() > 1, "{name}: a table without rows");
            assert!(
                table.iter().all(|cells| *cells == table[0]),
                "{name}: rows {table:?}"
            );
        }
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap())
                .unwrap();
        let Some(steps) = json["steps"].as_array() else {
            continue;
        };
        let text = &rendered.text;
        for placeholder in json["placeholders"].as_array().unwrap() {
            let placeholder = placeholder["name"].as_str().unwrap();
            assert!(
                text.contains(placeholder),
                "{name}: placeholder {placeholder}"
            );
        }
        for step in steps {
            let id = step["id"].as_str().unwrap();
            let title = step["title"].as_str().unwrap();
            assert!(
                text.contains(&format!("{title} {id}")),
                "{name}: title of {id}: {title}"
            );
            if let Some(node) = step["node"].as_str() {
                assert!(
                    text.contains(&format!("on: {node}\n")),
                    "{name}: node of {id}: {node}"
                );
            }
            if let Some(command) = step["command"].as_str() {
                assert!(
                    rendered
                        .blocks
                        .iter()
                        .any(|b| b.trim_end_matches('\n') == command),
                    "{name}: the command of {id} is not a code block of its own:\n{command}"
                );
            }
            for line in step["note"].as_str().unwrap_or_default().lines() {
                let shown = match line.strip_prefix("    ") {
                    Some(code) => rendered.blocks.iter().any(|b| b.lines().any(|l| l == code)),
                    // Backquoted words are code spans, shown without their backquotes.
                    None if line.matches('`').count() % 2 == 0 => {
                        text.contains(&line.replace('`', ""))
                    }
                    None => text.contains(line),
                };
                assert!(shown, "{name}: the note of {id} lost: {line}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 14, "only {checked} golden runbooks");
}

/// Text that pastes: every command is a block with no prompt before its lines, the warnings
/// and the placeholders come before the runbook, every step says where it runs, and no
/// output speaks of "the seed" (an operator knows the vendor's documents, not our sources).
#[test]
fn text_runbooks_paste_and_say_where_every_step_runs() {
    for scenario in scenarios::all() {
        let name = scenario.name;
        let Ok(plan) = scenario.planner.plan(&scenario.request) else {
            continue;
        };
        let text = render_plan(&plan, Format::Text);
        for step in &plan.steps {
            assert!(
                step.node.is_some(),
                "{name}: {} says not where it runs",
                step.id
            );
            if let Some(command) = &step.command {
                let block: String = command
                    .lines()
                    .flat_map(|l| ["        ", l, "\n"])
                    .collect();
                assert!(
                    text.contains(&format!("      run:\n{block}")),
                    "{name}: {} is not one block:\n{text}",
                    step.id
                );
            }
        }
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("$ ")),
            "{name}"
        );
        let runbook = text
            .find("\nBefore you start:\n")
            .or_else(|| text.find("\nHop 1: "))
            .unwrap_or(text.len());
        for heading in [
            "\nWarnings:\n",
            "\nTo fill in (the commands carry these placeholders):\n",
        ] {
            if let Some(at) = text.find(heading) {
                assert!(at < runbook, "{name}: {heading:?} after the runbook");
            }
        }
        assert_eq!(
            plan.warnings.is_empty(),
            !text.contains("\nWarnings:\n"),
            "{name}"
        );
        for format in FORMATS {
            let output = render_plan(&plan, format).to_lowercase();
            assert!(!output.contains("seed"), "{name}: 'seed' in {format}");
        }
    }
}
