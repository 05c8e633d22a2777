//! Criterion benchmarks of the planner library.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mirantis_upgrade_planner::{Catalog, Product, Version, check_hop, lint};

/// An installer starting up: it parses and indexes the embedded catalog once.
fn load_embedded_catalog(c: &mut Criterion) {
    c.bench_function("load embedded catalog", |b| {
        b.iter(|| Catalog::from_json(black_box(Catalog::embedded_json())));
    });
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
                false,
            )
        });
    });
}

/// CI of a catalog repository: lint runs on every change to the catalog.
fn lint_embedded_catalog(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    c.bench_function("lint embedded catalog", |b| {
        b.iter(|| lint(black_box(&catalog)));
    });
}

criterion_group!(
    benches,
    load_embedded_catalog,
    check_one_hop,
    lint_embedded_catalog
);
criterion_main!(benches);
