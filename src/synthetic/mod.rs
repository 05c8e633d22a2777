//! Synthetic catalogs shaped like the real one, at any size, for benchmarks, scale reports and
//! tests. Deterministic: the same size and seed give the same catalog.
//!
//! For `n` releases per product the generator lays out majors × minors × patches (about
//! 10 × 50 × 20 at `n` = 10,000), with compatibility bands (each MSR line requires a window of
//! 3 to 5 MKE lines, each MKE line a window of MCR lines), a gate every few MKE lines in the
//! style of MKE 3.9, about 1% blocked releases and one MSR migration into the newest major.
//!
//! ```
//! use mirantis_upgrade_planner::{Planner, synthetic};
//!
//! let catalog = synthetic::catalog(100, 7);
//! let request = synthetic::worst_case(&catalog);
//! let plan = Planner::new(catalog).plan(&request)?;
//! assert!(!plan.hops.is_empty());
//! # Ok::<(), mirantis_upgrade_planner::Refusal>(())
//! ```

pub mod requests;

use serde_json::{Value, json};

use crate::catalog::Catalog;
use crate::request::{Policy, Request, Target};
use crate::version::Product;

/// A small deterministic generator (`SplitMix64`): no dependency, same numbers everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// An index in `0..len` (`len` > 0).
    pub fn index(&mut self, len: usize) -> usize {
        let bound = u64::try_from(len).unwrap_or(u64::MAX);
        usize::try_from(self.below(bound)).unwrap_or(0)
    }
}

/// The layout of one product: majors, minors per major, patches per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// How many majors.
    pub majors: u64,
    /// How many lines each major has.
    pub minors: u64,
    /// How many releases each line has.
    pub patches: u64,
}

impl Shape {
    /// The shape for about `n` releases per product: 20 patches a line from 2,000 releases
    /// (10 below), and majors of up to 50 lines.
    pub fn for_size(n: u64) -> Shape {
        let patches = if n >= 2000 { 20 } else { 10 };
        let lines = (n / patches).max(2);
        let majors = lines.div_ceil(50);
        Shape {
            majors,
            minors: lines / majors,
            patches,
        }
    }

    /// The number of lines.
    pub fn lines(self) -> u64 {
        self.majors * self.minors
    }

    /// The `major.minor` of line `index` (majors count from 1).
    fn line(self, index: u64) -> (u64, u64) {
        (1 + index / self.minors, index % self.minors)
    }
}

fn line_text(shape: Shape, index: u64) -> String {
    let (major, minor) = shape.line(index.min(shape.lines() - 1));
    format!("{major}.{minor}")
}

/// A window of lines `[low, high]` of `product`, as a requirement.
fn window(product: &str, shape: Shape, low: u64, high: u64) -> String {
    format!(
        "{product} >={}, <={}",
        line_text(shape, low),
        line_text(shape, high)
    )
}

/// The synthetic catalog's JSON (`schema_version` 1) for `n` releases per product.
pub fn catalog_json(n: u64, seed: u64) -> String {
    let shape = Shape::for_size(n);
    let mut rng = Rng::new(seed);
    let mut products = serde_json::Map::new();
    for product in ["mcr", "mke", "msr"] {
        let mut releases = Vec::new();
        for line in 0..shape.lines() {
            let (major, minor) = shape.line(line);
            for patch in 0..shape.patches {
                let version = format!("{major}.{minor}.{patch}");
                // About 1% blocked, never the first release of the catalog.
                if line + patch > 0 && rng.below(100) == 0 {
                    releases
                        .push(json!({"version": version, "blocked": "synthetic: known bad build"}));
                } else {
                    releases.push(Value::String(version));
                }
            }
        }
        products.insert(product.to_owned(), json!({"releases": releases}));
    }
    let lines = shape.lines();
    let mut compatibility = Vec::new();
    for line in 0..lines {
        // MSR line i runs on MKE lines around i (a window of 3 to 5), MKE line i on MCR
        // lines around i: every product can advance if the others keep up.
        for (when, requires) in [("msr", "mke"), ("mke", "mcr")] {
            let below = 1 + rng.below(2);
            let above = 1 + rng.below(2);
            compatibility.push(json!({
                "when": format!("{when} {}", line_text(shape, line)),
                "requires": window(requires, shape, line.saturating_sub(below), line + above),
                "confidence": "high",
            }));
        }
    }
    let mut gates = Vec::new();
    for line in (7..lines).step_by(7) {
        // In the style of MKE 3.9: the previous line's last patches and a recent MCR first.
        let (major, minor) = shape.line(line - 1);
        let mcr = line_text(shape, line.saturating_sub(1));
        gates.push(json!({
            "to": format!("mke {}.*", line_text(shape, line)),
            "requires": [format!("mke >={major}.{minor}.{}", shape.patches / 2), format!("mcr >={mcr}")],
            "reason": "synthetic gate",
        }));
    }
    let mut migrations = Vec::new();
    if shape.majors > 1 {
        let newest = shape.majors;
        migrations.push(json!({
            "from": format!("msr {}.{}.*", newest - 1, shape.minors - 1),
            "to": format!("msr >={newest}.0.0"),
            "tool": "synthetic migration tool",
        }));
    }
    json!({
        "schema_version": 1,
        "products": products,
        "compatibility": compatibility,
        "gates": gates,
        "migrations": migrations,
    })
    .to_string()
}

/// The synthetic catalog for `n` releases per product.
///
/// # Panics
///
/// Never: the generated JSON is valid by construction (a test loads every shape).
pub fn catalog(n: u64, seed: u64) -> Catalog {
    Catalog::from_json(&catalog_json(n, seed)).expect("synthetic catalogs are valid")
}

/// The worst-case request: from the oldest release of every product to the newest, with
/// migrations allowed, under the `minimal` policy, and every fact of the catalog answered
/// "no" (the answer under which the most hops are possible).
pub fn worst_case(catalog: &Catalog) -> Request {
    let mut request = Request {
        allow_migrations: true,
        policy: Policy::Minimal,
        facts: catalog
            .facts()
            .iter()
            .map(|fact| (fact.name.clone(), false))
            .collect(),
        ..Request::default()
    };
    for product in Product::ALL {
        if let Some(oldest) = catalog.releases(product).first() {
            request.from.insert(product, oldest.version.clone());
            request.to.insert(product, Target::Latest);
        }
    }
    request
}

/// `count` random current states of clusters (compatible or not), each asking for the newest
/// MSR: what a fleet tool plans after every catalog update.
pub fn fleet(catalog: &Catalog, count: usize, seed: u64) -> Vec<Request> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let mut request = Request {
                allow_migrations: true,
                ..Request::default()
            };
            // A cluster sits somewhere along the bands: pick one position for all three.
            let releases = catalog.releases(Product::Msr);
            let position = rng.index(releases.len());
            for product in Product::ALL {
                let releases = catalog.releases(product);
                let jitter = rng.index(3);
                let index = (position + jitter).min(releases.len().saturating_sub(1));
                if let Some(release) = releases.get(index) {
                    request.from.insert(product, release.version.clone());
                }
            }
            request.to.insert(Product::Msr, Target::Latest);
            request
        })
        .collect()
}

/// Families of catalogs built to make a joint search explore as much as it can: one minor
/// line per release, one major, `lines` lines per product, and a request from the oldest
/// releases to the newest. Used by the scale report, the benches and the property tests to
/// show that every request ends within the planner's budget with the right answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Adversary {
    /// Everything mutually compatible; a gate on the MSR target that no release meets.
    GateOnTarget,
    /// Everything mutually compatible but the final state: the newest MSR requires the
    /// oldest MKE line, and the request wants the newest MKE too.
    CompatibilityOnFinal,
    /// The newest MSR requires the newest MKE line, which a gate closes with an MCR no
    /// release meets: infeasible through a chain across two products (MSR named alone).
    Chain,
    /// Feasible: each MKE line needs MCR on the same or the next line, each MSR line MKE on
    /// the same or the next line, so the three products must interleave step by step.
    Interleaved,
    /// Infeasible only jointly: MCR may leave its first line only once MSR is on its newest,
    /// and MSR may reach its newest only once MCR is on its newest. No relaxation sees it;
    /// the search's budget is what stops it.
    Deadlock,
}

impl Adversary {
    /// Every family.
    pub const ALL: [Adversary; 5] = [
        Adversary::GateOnTarget,
        Adversary::CompatibilityOnFinal,
        Adversary::Chain,
        Adversary::Interleaved,
        Adversary::Deadlock,
    ];

    /// A short name for reports (`gate-on-target`).
    pub fn name(self) -> &'static str {
        match self {
            Adversary::GateOnTarget => "gate-on-target",
            Adversary::CompatibilityOnFinal => "compatibility-on-final",
            Adversary::Chain => "chain",
            Adversary::Interleaved => "interleaved",
            Adversary::Deadlock => "deadlock",
        }
    }

    /// Whether the family's request has a supported plan.
    pub fn feasible(self) -> bool {
        self == Adversary::Interleaved
    }

    /// The catalog JSON with `lines` lines per product (at least 2).
    pub fn catalog_json(self, lines: u64) -> String {
        let lines = lines.max(2);
        let last = lines - 1;
        let releases: Vec<String> = (0..lines).map(|i| format!("1.{i}.0")).collect();
        let product = json!({"releases": releases});
        let line = |product: &str, i: u64| format!("{product} 1.{i}.*");
        let mut compatibility = Vec::new();
        let mut gates = Vec::new();
        match self {
            Adversary::GateOnTarget => gates.push(json!({
                "to": line("msr", last), "requires": ["mcr >=2.0.0"], "reason": "adversarial",
            })),
            Adversary::CompatibilityOnFinal => compatibility.push(json!({
                "when": line("msr", last), "requires": line("mke", 0),
            })),
            Adversary::Chain => {
                compatibility
                    .push(json!({"when": line("msr", last), "requires": line("mke", last)}));
                gates.push(json!({
                    "to": line("mke", last), "requires": ["mcr >=2.0.0"], "reason": "adversarial",
                }));
            }
            Adversary::Interleaved => {
                for i in 0..lines {
                    let next = (i + 1).min(last);
                    for (when, requires) in [("mke", "mcr"), ("msr", "mke")] {
                        compatibility.push(json!({
                            "when": line(when, i),
                            "requires": format!("{requires} >=1.{i}.0, <=1.{next}.0"),
                        }));
                    }
                }
            }
            Adversary::Deadlock => {
                gates.push(json!({
                    "to": "mcr >=1.1.0", "requires": [format!("msr >=1.{last}.0")],
                    "reason": "adversarial",
                }));
                gates.push(json!({
                    "to": line("msr", last), "requires": [format!("mcr >=1.{last}.0")],
                    "reason": "adversarial",
                }));
            }
        }
        json!({
            "schema_version": 1,
            "products": {"mcr": product, "mke": product, "msr": product},
            "compatibility": compatibility,
            "gates": gates,
        })
        .to_string()
    }

    /// The catalog with `lines` lines per product.
    ///
    /// # Panics
    ///
    /// Never: the generated JSON is valid by construction (a test loads every family).
    pub fn catalog(self, lines: u64) -> Catalog {
        Catalog::from_json(&self.catalog_json(lines)).expect("adversarial catalogs are valid")
    }

    /// The family's request: from the oldest release of every product to the newest of
    /// each (of MSR alone for [`Adversary::Chain`]), under the `minimal` policy.
    pub fn request(self, catalog: &Catalog) -> Request {
        let mut request = Request {
            policy: Policy::Minimal,
            ..Request::default()
        };
        for product in Product::ALL {
            if let Some(oldest) = catalog.releases(product).first() {
                request.from.insert(product, oldest.version.clone());
                if self != Adversary::Chain || product == Product::Msr {
                    request.to.insert(product, Target::Latest);
                }
            }
        }
        request
    }
}

/// The table's judgement of one hop, as the search makes it: its rule, and whether it is
/// allowed (`None` when `from` equals `to`). Without `check::check_hop`'s catalog lookups,
/// gates and message, so that the naive baseline of the benches pays only for what the search
/// pays for.
pub fn judge_hop(
    catalog: &Catalog,
    product: Product,
    from: &crate::version::Version,
    to: &crate::version::Version,
    allow_migrations: bool,
) -> Option<(crate::table::RuleId, bool)> {
    crate::classify::assess_hop(catalog, product, from, to, allow_migrations)
        .map(|assessment| (assessment.rule, assessment.is_allowed()))
}
