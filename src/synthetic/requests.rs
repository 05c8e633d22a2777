//! Requests as users type them, for the property tests and the fuzz targets alike: the same
//! generator reads its choices from a seeded [`Rng`] or from a fuzzer's bytes ([`Bytes`]),
//! so a case either of them finds is a case the other can reach.
//!
//! It covers:
//! - current versions that the catalog lists, that it does not (newer than a line's newest,
//!   older than its oldest, between two releases), pre-releases, and (rarely) a line the
//!   catalog does not have, or no version at all for a product (not installed);
//! - targets as exact releases (listed or not), lines, majors and `latest`, or none;
//! - every fact of the catalog answered either way or left unanswered, and (rarely) a fact
//!   the catalog does not declare;
//! - both policies, migrations on and off, offline, unattended, a date for end-of-life
//!   warnings, site values, an inventory and accepted preflight codes.
//!
//! ```
//! use mirantis_upgrade_planner::{Catalog, Planner, synthetic::{Rng, requests}};
//!
//! let planner = Planner::new(Catalog::embedded());
//! let mut rng = Rng::new(7);
//! for _ in 0..20 {
//!     let request = requests::request(planner.catalog(), &mut rng);
//!     // A plan, a refusal or an input error: never a panic.
//!     let _ = planner.plan(&request);
//! }
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::Rng;
use crate::catalog::Catalog;
use crate::date::Date;
use crate::inventory::{
    Inventory, MkeInventory, MsrInventory, Node, OsFamily, Replica, Role, Service, StorageBackend,
};
use crate::request::{Policy, Request, Target};
use crate::version::{Line, Product, Version};

/// Where the generator's choices come from.
pub trait Choices {
    /// A number in `0..bound` (0 when `bound` is 0 or the choices have run out).
    fn below(&mut self, bound: usize) -> usize;

    /// A choice that is true about once in `n` times.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One of `items` (`None` when there are none).
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

impl Choices for Rng {
    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 { 0 } else { self.index(bound) }
    }
}

/// A fuzzer's bytes read as choices: one byte for a bound up to 256, two above. Once the
/// bytes run out every choice is 0, so any input gives a request.
#[derive(Debug, Clone)]
pub struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    /// Choices read from `bytes`.
    pub fn new(bytes: &'a [u8]) -> Bytes<'a> {
        Bytes(bytes)
    }

    fn byte(&mut self) -> usize {
        let Some((first, rest)) = self.0.split_first() else {
            return 0;
        };
        self.0 = rest;
        usize::from(*first)
    }
}

impl Choices for Bytes<'_> {
    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        let raw = if bound <= 256 {
            self.byte()
        } else {
            (self.byte() << 8) | self.byte()
        };
        raw % bound
    }
}

/// A request on `catalog`, as a user might type it.
pub fn request(catalog: &Catalog, choices: &mut impl Choices) -> Request {
    let mut request = Request::default();
    for product in Product::ALL {
        // MCR and MKE are nearly always there; MSR often is not.
        let absent = match product {
            Product::Msr => choices.one_in(4),
            _ => choices.one_in(12),
        };
        if !absent {
            if let Some(version) = current_version(catalog, product, choices) {
                request.from.insert(product, version);
            }
        }
        if let Some(target) = target(catalog, product, choices) {
            request.to.insert(product, target);
        }
    }
    for fact in catalog.facts() {
        match choices.below(3) {
            0 => {}
            answer => {
                request.facts.insert(fact.name.clone(), answer == 1);
            }
        }
    }
    if choices.one_in(20) {
        request.facts.insert("no-such-fact".to_owned(), true);
    }
    request.policy = if choices.one_in(2) {
        Policy::Recommended
    } else {
        Policy::Minimal
    };
    request.allow_migrations = choices.one_in(2);
    request.offline = choices.one_in(4);
    request.unattended = choices.one_in(6);
    if choices.one_in(3) {
        request.as_of = Date::new(2020 + u16::from(choices.one_in(2)) * 6, 6, 1);
    }
    if choices.one_in(3) {
        site_values(&mut request, choices);
    }
    if choices.one_in(4) {
        request.inventory = Some(inventory(catalog, choices));
    }
    for code in ["msr-node-ram", "msr-on-manager", "ports-closed"] {
        if choices.one_in(6) {
            request.accept.insert(code.to_owned());
        }
    }
    request
}

/// The catalog's releases of `product`.
fn releases(catalog: &Catalog, product: Product) -> Vec<&Version> {
    catalog
        .releases(product)
        .iter()
        .map(|r| &r.version)
        .collect()
}

/// A version's `major.minor` as written (`19.03` stays zero-padded).
fn line_text(version: &Version) -> String {
    let mut parts = version.as_str().splitn(3, '.');
    let major = parts.next().unwrap_or("0");
    let minor = parts.next().unwrap_or("0");
    format!("{major}.{minor}")
}

fn parsed(text: &str) -> Option<Version> {
    Version::parse(text).ok()
}

/// An installed version: listed, unlisted around a listed line, a pre-release, or on a line
/// the catalog does not have.
fn current_version(
    catalog: &Catalog,
    product: Product,
    choices: &mut impl Choices,
) -> Option<Version> {
    let releases = releases(catalog, product);
    let base = *choices.pick(&releases)?;
    let line = line_text(base);
    let line_releases: Vec<&&Version> = releases
        .iter()
        .filter(|v| v.line() == base.line())
        .collect();
    match choices.below(10) {
        // Newer than every release of its line (`x.y.99`).
        0 => parsed(&format!("{line}.99")),
        // Older than the line's oldest (or a pre-release of `x.y.0` when that is listed).
        1 => match line_releases.first().map(|v| v.patch()) {
            Some(0) | None => parsed(&format!("{line}.0-rc1")),
            Some(patch) => parsed(&format!("{line}.{}", patch - 1)),
        },
        // Between two listed releases, when the line has a gap.
        2 => line_releases
            .windows(2)
            .find(|pair| pair[1].patch() > pair[0].patch() + 1)
            .and_then(|pair| parsed(&format!("{line}.{}", pair[0].patch() + 1)))
            .or_else(|| parsed(&format!("{line}.99"))),
        // A pre-release of a listed release.
        3 => parsed(&format!("{}.{}-rc1", line, base.patch())),
        // A line the catalog does not have: an input error.
        4 if choices.one_in(4) => parsed(&format!("{}.77.0", base.major())),
        _ => Some(base.clone()),
    }
}

/// A target: an exact release (listed or not), a line, a major, `latest`, or none.
fn target(catalog: &Catalog, product: Product, choices: &mut impl Choices) -> Option<Target> {
    let releases = releases(catalog, product);
    let release = *choices.pick(&releases)?;
    match choices.below(8) {
        0 | 1 => None,
        2 => Some(Target::Exact(release.clone())),
        3 => parsed(&format!("{}.99", line_text(release))).map(Target::Exact),
        4 => Line::parse(&line_text(release)).ok().map(Target::Line),
        5 => Some(Target::Major(release.major())),
        6 if choices.one_in(4) => Line::parse(&format!("{}.77", release.major()))
            .ok()
            .map(Target::Line),
        _ => Some(Target::Latest),
    }
}

/// Some of the site values an operator passes as flags.
fn site_values(request: &mut Request, choices: &mut impl Choices) {
    let site = &mut request.site;
    if choices.one_in(2) {
        site.mke_url = Some("mke.example.com:443".to_owned());
    }
    if choices.one_in(2) {
        site.msr_url = Some("msr.example.com".to_owned());
    }
    if choices.one_in(2) {
        site.admin_user = Some("admin".to_owned());
    }
    if choices.one_in(3) {
        site.replica_id = Some("a1b2c3d4e5f6".to_owned());
    }
    site.storage = choices
        .pick(&[None, Some(StorageBackend::Local), Some(StorageBackend::Nfs)])
        .copied()
        .flatten();
    if choices.one_in(2) {
        site.backup_dir = Some("/var/backups/mirantis".to_owned());
    }
    site.os = choices
        .pick(&[None, Some(OsFamily::Rhel), Some(OsFamily::Windows)])
        .copied()
        .flatten();
}

/// A small inventory: managers, MSR replicas and workers of random sizes, sometimes too small
/// for MSR or on the wrong role, so that preflight findings come up.
fn inventory(catalog: &Catalog, choices: &mut impl Choices) -> Inventory {
    let mut nodes = Vec::new();
    let mut replicas = Vec::new();
    for i in 0..=choices.below(3) {
        nodes.push(node(
            format!("mgr-{i}"),
            Role::Manager,
            [Service::Mke],
            choices,
        ));
    }
    for i in 0..choices.below(4) {
        let role = if choices.one_in(8) {
            Role::Manager
        } else {
            Role::Worker
        };
        let hostname = format!("msr-{i}");
        replicas.push(Replica {
            id: format!("{i:012x}"),
            node: hostname.clone(),
        });
        nodes.push(node(hostname, role, [Service::MsrReplica], choices));
    }
    for i in 0..choices.below(3) {
        nodes.push(node(format!("app-{i}"), Role::Worker, [], choices));
    }
    let mut facts = BTreeMap::new();
    for fact in catalog.facts() {
        match choices.below(6) {
            0 => facts.insert(fact.name.clone(), true),
            1 => facts.insert(fact.name.clone(), false),
            _ => None,
        };
    }
    Inventory {
        schema_version: 1,
        installed: BTreeMap::new(),
        nodes,
        mke: MkeInventory {
            url: choices.one_in(2).then(|| "mke.example.com".to_owned()),
            admin: choices.one_in(2).then(|| "admin".to_owned()),
            admins_can_deploy_on_managers_and_msr_nodes: Some(choices.one_in(2)),
            content_trust: Some(choices.one_in(4)),
            image_repo: None,
        },
        msr: (!replicas.is_empty()).then(|| MsrInventory {
            url: choices.one_in(2).then(|| "msr.example.com".to_owned()),
            desired_replicas: None,
            high_availability: replicas.len() >= 3,
            storage: Some(StorageBackend::Nfs),
            http_port: None,
            https_port: None,
            image_repo: None,
            replicas,
        }),
        facts,
        offline: choices.one_in(4),
        backup_dir: None,
    }
}

fn node<const N: usize>(
    hostname: String,
    role: Role,
    runs: [Service; N],
    choices: &mut impl Choices,
) -> Node {
    Node {
        hostname,
        address: None,
        role,
        ram_gb: Some(*choices.pick(&[8, 16, 32]).unwrap_or(&16)),
        vcpus: Some(*choices.pick(&[2, 4, 8]).unwrap_or(&4)),
        free_disk_gb: Some(*choices.pick(&[10, 100, 500]).unwrap_or(&100)),
        fixed_hostname: Some(!choices.one_in(10)),
        runs: runs.into_iter().collect::<BTreeSet<_>>(),
        open_ports: choices
            .one_in(2)
            .then(|| [80, 443].into_iter().take(choices.below(3)).collect()),
        // Mostly known, sometimes not: MCR hops split their steps by the nodes' systems.
        os: choices
            .pick(&[
                None,
                Some(OsFamily::Ubuntu),
                Some(OsFamily::Rocky),
                Some(OsFamily::Sles),
            ])
            .copied()
            .flatten(),
    }
}

/// A small catalog of 2 to 7 lines a product (two patches each), with up to five
/// compatibility entries and three gates (some ordered, some on a fact) drawn from `choices`:
/// the shapes the embedded catalog has, small enough for the search to be exhaustive. May be
/// invalid (an entry on a line it does not have); the caller loads it like any catalog.
pub fn small_catalog_json(choices: &mut impl Choices) -> String {
    let lines = 2 + choices.below(6);
    let names = ["mcr", "mke", "msr"];
    let line = |n: usize| format!("{}.{}", 1 + (n % lines) / 3, (n % lines) % 3);
    let releases: Vec<Value> = (0..lines)
        .flat_map(|n| (0..2).map(move |patch| json!(format!("{}.{patch}", line(n)))))
        .collect();
    let products: serde_json::Map<String, Value> = names
        .iter()
        .map(|name| ((*name).to_owned(), json!({"releases": releases})))
        .collect();
    let mut compatibility = Vec::new();
    for _ in 0..choices.below(6) {
        let (when, requires) = (choices.below(3), choices.below(3));
        let (at, low, high) = (
            line(choices.below(12)),
            line(choices.below(12)),
            line(choices.below(12)),
        );
        if when != requires {
            compatibility.push(json!({
                "when": format!("{} {at}", names[when]),
                "requires": format!("{} >={low}.0, <={high}.9", names[requires]),
            }));
        }
    }
    let mut gates = Vec::new();
    for _ in 0..choices.below(4) {
        let (to, required) = (names[choices.below(3)], names[choices.below(3)]);
        let (at, floor, patch) = (
            line(choices.below(12)),
            line(choices.below(12)),
            choices.below(2),
        );
        let mut gate = json!({
            "to": format!("{to} {at}.*"),
            "requires": [format!("{required} >={floor}.{patch}")],
            "reason": "generated",
            "in_order": choices.one_in(2),
        });
        if choices.one_in(3) {
            gate["if_fact"] = json!("f");
        }
        gates.push(gate);
    }
    json!({
        "schema_version": 1,
        "products": products,
        "compatibility": compatibility,
        "gates": gates,
        "facts": {"f": {"question": "generated?"}},
    })
    .to_string()
}
