//! Criterion benchmarks of the planner library. Each one says which real situation it
//! reproduces. Run with `cargo bench`; `cargo run --release --example scale` gives the
//! summary report.

#[path = "baseline.rs"]
mod baseline;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mirantis_upgrade_planner::synthetic::Adversary;
use mirantis_upgrade_planner::{
    Catalog, Format, Planner, Product, Version,
    check::{CheckOptions, check_hop},
    lint,
    render::render_plan,
    synthetic,
    validate::{ValidationOptions, validate},
};

/// An installer starting up: it parses and indexes the embedded catalog once.
fn load_embedded_catalog(c: &mut Criterion) {
    c.bench_function("load and index the embedded catalog", |b| {
        b.iter(|| Catalog::from_json(black_box(Catalog::embedded_json())).map(Planner::new));
    });
}

/// An operator on the oldest releases of everything asking for the newest of everything
/// (migrations allowed): the longest plan the embedded catalog has.
fn embedded_worst_case(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let request = synthetic::worst_case(&catalog);
    let planner = Planner::new(catalog);
    c.bench_function("embedded worst case: route", |b| {
        b.iter(|| planner.route(black_box(&request)));
    });
    c.bench_function("embedded worst case: plan with runbook", |b| {
        b.iter(|| planner.plan(black_box(&request)));
    });
    let plan = planner.plan(&request).expect("the worst case has a plan");
    c.bench_function("embedded worst case: plan JSON", |b| {
        b.iter(|| render_plan(black_box(&plan), Format::Json));
    });
}

/// A catalog made to make the joint search wander (issue 13's families): hundreds of lines
/// per product, the targets out of reach by a gate, a compatibility entry or a chain of them,
/// a feasible plan that must interleave the products, and a deadlock only the budget ends.
fn adversarial_catalogs(c: &mut Criterion) {
    let mut group = c.benchmark_group("adversarial");
    group.sample_size(10);
    for family in Adversary::ALL {
        for lines in [100, 1000] {
            let catalog = family.catalog(lines);
            let request = family.request(&catalog);
            let planner = Planner::new(catalog);
            group.bench_with_input(
                BenchmarkId::new(family.name(), lines),
                &request,
                |b, request| b.iter(|| planner.route(black_box(request))),
            );
        }
    }
    group.finish();
}

/// A vendor catalog grown to hundreds or thousands of releases per product: the worst-case
/// request on synthetic catalogs of 100, 1,000 and 10,000 releases per product.
fn synthetic_worst_case(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic worst case");
    group.sample_size(20);
    for n in [100, 1000, 10_000] {
        let catalog = synthetic::catalog(n, 42);
        let request = synthetic::worst_case(&catalog);
        let planner = Planner::new(catalog);
        group.bench_with_input(BenchmarkId::from_parameter(n), &request, |b, request| {
            b.iter(|| planner.route(black_box(request)));
        });
    }
    group.finish();
}

/// The naive baseline on the sizes where it finishes quickly, for the speedup ratio.
fn naive_baseline(c: &mut Criterion) {
    let mut group = c.benchmark_group("naive baseline");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for n in [10, 30] {
        let catalog = synthetic::catalog(n, 42);
        let request = synthetic::worst_case(&catalog);
        group.bench_with_input(BenchmarkId::from_parameter(n), &request, |b, request| {
            b.iter(|| baseline::fewest_hops(&catalog, black_box(request), Duration::from_secs(60)));
        });
    }
    group.finish();
}

/// A change-approval pipeline re-validating a stored long plan before it runs.
fn validate_long_plan(c: &mut Criterion) {
    let catalog = synthetic::catalog(1000, 42);
    let request = synthetic::worst_case(&catalog);
    let plan = Planner::new(catalog.clone())
        .plan(&request)
        .expect("the worst case has a plan");
    // The plan records its conditions (migrations allowed): no overrides needed.
    let options = ValidationOptions::default();
    c.bench_function(&format!("validate a {}-hop plan", plan.hops.len()), |b| {
        b.iter(|| validate(black_box(&plan), &catalog, &options));
    });
}

/// A fleet tool re-planning every cluster of a 10,000-cluster fleet after a catalog update.
fn fleet(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let requests = synthetic::fleet(&catalog, 10_000, 9);
    let planner = Planner::new(catalog);
    let mut group = c.benchmark_group("fleet");
    group.sample_size(10);
    group.bench_function("10,000 clusters", |b| {
        b.iter(|| requests.iter().filter(|r| planner.route(r).is_ok()).count());
    });
    group.finish();
}

/// A fleet tool asking "may this registry move from 2.8.5 to 2.9.30?" for every cluster.
fn check_one_hop(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let (from, to) = (
        Version::parse("2.8.5").unwrap(),
        Version::parse("2.9.30").unwrap(),
    );
    c.bench_function("check msr 2.8.5 -> 2.9.30", |b| {
        b.iter(|| {
            check_hop(
                &catalog,
                Product::Msr,
                black_box(&from),
                black_box(&to),
                &CheckOptions::default(),
            )
        });
    });
}

/// CI of a catalog repository: lint runs on every change to the catalog.
fn lint_embedded_catalog(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    c.bench_function("lint the embedded catalog", |b| {
        b.iter(|| lint(black_box(&catalog)));
    });
}

criterion_group!(
    benches,
    load_embedded_catalog,
    embedded_worst_case,
    synthetic_worst_case,
    adversarial_catalogs,
    naive_baseline,
    validate_long_plan,
    fleet,
    check_one_hop,
    lint_embedded_catalog
);
criterion_main!(benches);
