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
    if let Some(result) = rsvg_accepts(output) {
        result.unwrap_or_else(|e| panic!("{name}: rsvg-convert rejected the output: {e}"));
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
            if let Some(result) = dot_accepts(output) {
                result.unwrap_or_else(|e| panic!("{name}: dot rejected the output: {e}\n{output}"));
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
    if dot_accepts("digraph g {}").is_none() {
        eprintln!("skipping the dot -Tsvg checks: Graphviz (dot) is not installed");
    }
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
    // The text lists the steps by hop: one that points past the last hop has no hop to go under.
    let mut dangling = json.clone();
    dangling["steps"][3]["hop"] = 99.into();
    let plan = Plan::from_json(&dangling.to_string()).unwrap();
    assert!(!render_plan(&plan, Format::Text).contains("Hop 99"));
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
