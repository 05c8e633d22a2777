//! The scale report: how planning cost grows with the catalog, against a naive baseline.
//!
//! `cargo run --release --example scale -- --json` prints one JSON object (medians over
//! several runs, in microseconds); without `--json`, the same as a table.

#[path = "../benches/baseline.rs"]
mod baseline;

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use clap::Parser;
use mirantis_upgrade_planner::synthetic::{self, Adversary};
use mirantis_upgrade_planner::{Catalog, Format, Planner, render::render_plan};
use serde_json::{Value, json};

#[derive(Parser)]
#[command(about = "Measures planning cost on the embedded and synthetic catalogs")]
struct Cli {
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Sizes (releases per product) of the synthetic catalogs.
    #[arg(long, value_delimiter = ',', default_value = "10,30,100,1000,10000")]
    sizes: Vec<u64>,
    /// Runs per measurement; the median is reported.
    #[arg(long, default_value_t = 15)]
    runs: usize,
    /// Clusters in the fleet measurement.
    #[arg(long, default_value_t = 10_000)]
    clusters: usize,
    /// Lines per product of the adversarial catalogs.
    #[arg(long, value_delimiter = ',', default_value = "100,300,1000")]
    adversarial_lines: Vec<u64>,
}

/// The median time of `runs` runs of `f`, in microseconds.
fn median_us(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e6
}

/// Resets the peak resident memory of this process to its current size (Linux), so that the
/// next [`peak_rss_mb`] measures what comes after.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory of this process so far, in MB (Linux; `null` elsewhere).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let cli = Cli::parse();
    let report = json!({
        "embedded": embedded(cli.runs),
        "synthetic": cli.sizes.iter().map(|n| synthetic_size(*n, cli.runs)).collect::<Vec<_>>(),
        "fleet": fleet(cli.clusters, cli.runs.min(7)),
        "adversarial": adversarial(&cli.adversarial_lines, cli.runs.min(5)),
        "machine": machine(),
    });
    if cli.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        print!("{}", table(&report));
    }
}

fn embedded(runs: usize) -> Value {
    let load_us = median_us(runs, || {
        black_box(Catalog::from_json(Catalog::embedded_json()).ok());
    });
    let catalog = Catalog::embedded();
    let releases = json!({
        "mcr": catalog.releases(mirantis_upgrade_planner::Product::Mcr).len(),
        "mke": catalog.releases(mirantis_upgrade_planner::Product::Mke).len(),
        "msr": catalog.releases(mirantis_upgrade_planner::Product::Msr).len(),
    });
    let request = synthetic::worst_case(&catalog);
    let planner = Planner::new(catalog);
    let hops = planner.route(&request).map(|r| r.hops.len()).ok();
    let inner = 100;
    let route_us = median_us(runs, || {
        for _ in 0..inner {
            black_box(planner.route(&request).ok());
        }
    }) / f64::from(inner);
    let plan_us = median_us(runs, || {
        for _ in 0..inner {
            black_box(planner.plan(&request).ok());
        }
    }) / f64::from(inner);
    let plan = planner.plan(&request).ok();
    let json_us = median_us(runs, || {
        for _ in 0..inner {
            if let Some(plan) = &plan {
                black_box(render_plan(plan, Format::Json));
            }
        }
    }) / f64::from(inner);
    json!({"catalog_load_us": round(load_us), "worst_plan_us": round(route_us), "worst_plan_with_runbook_us": round(plan_us),
           "worst_plan_json_us": round(json_us), "steps": plan.as_ref().map(|p| p.steps.len()),
           "hops": hops, "releases": releases})
}

fn synthetic_size(n: u64, runs: usize) -> Value {
    let catalog = synthetic::catalog(n, 42);
    let request = synthetic::worst_case(&catalog);
    let baseline_catalog = catalog.clone();
    let started = Instant::now();
    let planner = Planner::new(catalog);
    let index_ms = started.elapsed().as_secs_f64() * 1e3;
    let route = planner.route(&request);
    let hops = route.as_ref().map(|r| r.hops.len()).ok();
    let plan_us = median_us(runs, || {
        black_box(planner.route(&request).ok());
    });
    // The naive baseline only where it finishes within its budget.
    let baseline = baseline::fewest_hops(&baseline_catalog, &request, Duration::from_secs(10));
    let baseline_us = match baseline {
        baseline::Outcome::Finished {
            elapsed,
            hops: baseline_hops,
        } => {
            assert_eq!(
                baseline_hops, hops,
                "the baseline and the planner disagree at n = {n}"
            );
            Some(round(elapsed.as_secs_f64() * 1e6))
        }
        baseline::Outcome::OutOfTime => None,
    };
    json!({"releases_per_product": n, "plan_us": round(plan_us), "baseline_us": baseline_us, "hops": hops,
           "speedup": baseline_us.map(|b| round(b / plan_us)), "peak_rss_mb": peak_rss_mb().map(round),
           "planner_new_ms": round(index_ms)})
}

/// Each adversarial family at each size: the answer, the median time and the peak memory.
fn adversarial(sizes: &[u64], runs: usize) -> Value {
    let mut rows = Vec::new();
    for family in Adversary::ALL {
        for &lines in sizes {
            let catalog = family.catalog(lines);
            let request = family.request(&catalog);
            let planner = Planner::new(catalog);
            reset_peak_rss();
            let answer = match planner.route(&request) {
                Ok(route) => format!("plan, {} hops", route.hops.len()),
                Err(refusal) => refusal.code().to_owned(),
            };
            let peak = peak_rss_mb();
            let us = median_us(runs, || {
                black_box(planner.route(&request).ok());
            });
            rows.push(
                json!({"family": family.name(), "lines": lines, "answer": answer,
                             "ms": round(us / 1e3), "peak_rss_mb": peak.map(round)}),
            );
        }
    }
    Value::Array(rows)
}

fn fleet(clusters: usize, runs: usize) -> Value {
    let catalog = Catalog::embedded();
    let requests = synthetic::fleet(&catalog, clusters, 9);
    let planner = Planner::new(catalog);
    let mut routed = 0u32;
    let pass_us = median_us(runs, || {
        routed = requests
            .iter()
            .map(|r| u32::from(planner.route(r).is_ok()))
            .sum();
    });
    let clusters_f = f64::from(u32::try_from(clusters).unwrap_or(u32::MAX));
    json!({"clusters": clusters, "planned": routed, "plans_per_sec": round(clusters_f / (pass_us / 1e6)), "threads": 1})
}

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        });
    json!({"cpu": cpu, "cores": std::thread::available_parallelism().map(usize::from).ok()})
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn table(report: &Value) -> String {
    let mut out = String::new();
    let e = &report["embedded"];
    let _ = write!(
        out,
        "embedded catalog: load {} us, worst-case plan {} us ({} hops; {} us with the runbook of {} steps; its JSON {} us)\n\n",
        e["catalog_load_us"],
        e["worst_plan_us"],
        e["hops"],
        e["worst_plan_with_runbook_us"],
        e["steps"],
        e["worst_plan_json_us"]
    );
    out.push_str("releases/product   plan (us)   baseline (us)   speedup   hops   peak RSS (MB)   Planner::new (ms)\n");
    for row in report["synthetic"].as_array().into_iter().flatten() {
        let show = |v: &Value| {
            if v.is_null() {
                "-".to_owned()
            } else {
                v.to_string()
            }
        };
        let _ = writeln!(
            out,
            "{:>16}   {:>9}   {:>13}   {:>7}   {:>4}   {:>13}   {:>17}",
            show(&row["releases_per_product"]),
            show(&row["plan_us"]),
            show(&row["baseline_us"]),
            show(&row["speedup"]),
            show(&row["hops"]),
            show(&row["peak_rss_mb"]),
            show(&row["planner_new_ms"]),
        );
    }
    let f = &report["fleet"];
    let _ = write!(
        out,
        "\nfleet: {} clusters, {} plans/s on one thread\n",
        f["clusters"], f["plans_per_sec"]
    );
    out.push_str(
        "\nadversarial family        lines   answer                 time (ms)   peak RSS (MB)\n",
    );
    for row in report["adversarial"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "{:<24}  {:>5}   {:<20}   {:>9}   {:>13}",
            row["family"].as_str().unwrap_or(""),
            // `Value` ignores widths: format the numbers as text first.
            row["lines"].to_string(),
            row["answer"].as_str().unwrap_or(""),
            row["ms"].to_string(),
            row["peak_rss_mb"].to_string(),
        );
    }
    out
}
