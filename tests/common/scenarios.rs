//! The planner scenarios, shared by the planner, runbook and render tests: one per situation.

use std::collections::BTreeMap;

use mirantis_upgrade_planner::{
    Catalog, Inventory, Planner, Policy, Request, Target, Version, request::ByProduct,
};

use super::fixture;

/// A named request against a catalog.
pub struct Scenario {
    pub name: &'static str,
    pub planner: Planner,
    pub request: Request,
}

pub fn embedded() -> Planner {
    Planner::new(Catalog::embedded())
}

pub fn scenario_catalog() -> Planner {
    Planner::new(
        Catalog::from_json(&std::fs::read_to_string(fixture("scenarios.json")).unwrap()).unwrap(),
    )
}

/// Builds a request from `mke=3.3.7,msr=2.8.5`-style lists, with the library's parser (an
/// empty `to` names no target).
pub fn request(from: &str, to: &str) -> Request {
    Request {
        from: from.parse::<ByProduct<Version>>().unwrap().0,
        to: if to.is_empty() {
            BTreeMap::new()
        } else {
            to.parse::<ByProduct<Target>>().unwrap().0
        },
        ..Request::default()
    }
}

/// The request with a fact answered.
pub fn with_fact(mut request: Request, fact: &str, answer: bool) -> Request {
    request.facts.insert(fact.to_owned(), answer);
    request
}

/// The request with the MCR 20.10 -> 23.0 storage-driver question answered "no": every node
/// runs overlay2.
pub fn overlay2(request: Request) -> Request {
    with_fact(request, "unsupported-storage-driver", false)
}

pub fn minimal(mut request: Request) -> Request {
    request.policy = Policy::Minimal;
    request
}

/// Which catalog a scenario plans on.
#[derive(Clone, Copy)]
enum On {
    Embedded,
    Fixture,
}

/// A scenario as data: `(name, catalog, from, to, options)`; options are words among
/// `minimal`, `migrations` and `offline`, facts as `name=true` or `name=false`, the site's
/// system as `os:NAME` and an inventory of the fixtures as `inventory:FILE`.
const SCENARIOS: &[(&str, On, &str, &str, &str)] = &[
    (
        "design-example",
        On::Embedded,
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "msr=latest",
        "unsupported-storage-driver=false",
    ),
    (
        "interleaved",
        On::Fixture,
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "mke=3.5,msr=2.10",
        "minimal",
    ),
    (
        "embedded-interleaved",
        On::Embedded,
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "mke=3.9",
        "minimal unsupported-storage-driver=false",
    ),
    (
        "gate-without-metallb",
        On::Embedded,
        "mcr=25.0.12,mke=3.8.11,msr=2.10.0",
        "mke=3.9.0",
        "minimal metallb=false",
    ),
    (
        "gate-with-metallb",
        On::Embedded,
        "mcr=25.0.12,mke=3.8.11,msr=2.10.0",
        "mke=3.9.0",
        "minimal metallb=true",
    ),
    (
        "gate-moves-mcr",
        On::Embedded,
        "mcr=23.0.9,mke=3.8.12,msr=2.10.0",
        "mke=3.9.0",
        "minimal",
    ),
    (
        "recommended",
        On::Embedded,
        "mcr=23.0.9,mke=3.8.12,msr=2.10.0",
        "mke=3.9.0",
        "",
    ),
    (
        "unnamed-moves",
        On::Embedded,
        "mcr=19.03.14,mke=3.2.8,msr=2.6.0",
        "mke=3.3",
        "",
    ),
    (
        "migration-refused",
        On::Fixture,
        "mcr=20.10.13,mke=3.4.7,msr=2.10.3",
        "msr=3.1",
        "",
    ),
    (
        "migration-allowed",
        On::Fixture,
        "mcr=20.10.13,mke=3.4.7,msr=2.10.3",
        "msr=3.1",
        "migrations",
    ),
    (
        "embedded-migration",
        On::Embedded,
        "mcr=23.0.9-1,mke=3.7.25,msr=2.9.30",
        "msr=3.1",
        "minimal migrations",
    ),
    (
        "mke-4-migration",
        On::Embedded,
        "mcr=25.0.12,mke=3.9.7",
        "mke=4.2",
        "minimal migrations calico-ebpf=false",
    ),
    (
        "mke-4-1-from-3-9",
        On::Embedded,
        "mcr=25.0.12,mke=3.9.7",
        "mke=4.1",
        "minimal migrations calico-ebpf=false",
    ),
    (
        "latest",
        On::Embedded,
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "msr=latest",
        "unsupported-storage-driver=false",
    ),
    (
        "line",
        On::Embedded,
        "mcr=20.10.13,mke=3.3.7,msr=2.8.5",
        "msr=2.9",
        "",
    ),
    (
        "unlisted",
        On::Embedded,
        "mcr=20.10.13,mke=3.3.6,msr=2.8.7",
        "msr=2.9",
        "",
    ),
    (
        "leave-blocked",
        On::Fixture,
        "mcr=20.10.13,mke=3.3.7,msr=2.9.0",
        "msr=2.9",
        "",
    ),
    (
        "blocked-target",
        On::Fixture,
        "mke=3.3.7,msr=2.8.5",
        "msr=2.9.0",
        "",
    ),
    (
        "dead-end",
        On::Fixture,
        "mcr=20.10.0,mke=3.3.7,msr=2.8.5",
        "mke=3.5,msr=2.8.5",
        "",
    ),
    (
        "dead-end-downgrade",
        On::Embedded,
        "mcr=23.0.9,mke=3.3.7,msr=2.8.5",
        "mke=3.9",
        "",
    ),
    (
        "msr-patch",
        On::Embedded,
        "mcr=25.0.18,mke=3.8.12,msr=2.9.29",
        "msr=2.9.30",
        "minimal",
    ),
    (
        "mcr-major",
        On::Embedded,
        "mcr=20.10.13,mke=3.7.25,msr=2.9.30",
        "mcr=23.0",
        "minimal unsupported-storage-driver=false",
    ),
    (
        "mke-3-7-to-3-8",
        On::Embedded,
        "mcr=23.0.9-1,mke=3.7.25,msr=2.9.30",
        "mke=3.8",
        "minimal",
    ),
    (
        "offline",
        On::Embedded,
        "mcr=25.0.18,mke=3.8.12,msr=2.9.29",
        "msr=2.10",
        "minimal offline",
    ),
    (
        "already-there",
        On::Embedded,
        "mke=3.3.7,msr=2.9.30",
        "msr=2.9",
        "",
    ),
    (
        "install",
        On::Embedded,
        "mcr=20.10.13,mke=3.3.7",
        "msr=latest",
        "minimal unsupported-storage-driver=false",
    ),
    (
        "msr-3-operator",
        On::Embedded,
        "mke=3.7.25,msr=3.1.8",
        "msr=3.1.14",
        "minimal",
    ),
    (
        "msr-4-helm",
        On::Embedded,
        "msr=4.13.0",
        "msr=4.13.2",
        "minimal",
    ),
    (
        "mke-4-mkectl",
        On::Embedded,
        "mke=4.1.5",
        "mke=4.2.1",
        "minimal",
    ),
    (
        "msr-4-migration",
        On::Embedded,
        "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
        "msr=4.13",
        "minimal migrations",
    ),
    (
        "dtr-2-5",
        On::Embedded,
        "mcr=19.03.14,mke=3.0.17,msr=2.5.17",
        "msr=2.6",
        "minimal manifest-lists=false",
    ),
    // Offline, one per procedure kind (the MSR 2.x one is `offline`): nothing is fetched on
    // the site.
    (
        "offline-ucp-cli",
        On::Embedded,
        "mcr=23.0.9-1,mke=3.7.25,msr=2.9.30",
        "mke=3.8",
        "minimal offline",
    ),
    (
        "offline-packages",
        On::Embedded,
        "mcr=20.10.13,mke=3.7.25,msr=2.9.30",
        "mcr=23.0",
        "minimal offline os:ubuntu unsupported-storage-driver=false",
    ),
    (
        "offline-helm",
        On::Embedded,
        "mke=3.7.25,msr=3.0.12",
        "msr=3.1.14",
        "minimal offline",
    ),
    (
        "offline-msr-operator",
        On::Embedded,
        "mke=3.7.25,msr=3.1.8",
        "msr=3.1.14",
        "minimal offline",
    ),
    (
        "offline-msr4-helm",
        On::Embedded,
        "msr=4.13.0",
        "msr=4.13.2",
        "minimal offline",
    ),
    (
        "offline-mkectl",
        On::Embedded,
        "mke=4.1.5",
        "mke=4.2.1",
        "minimal offline",
    ),
    (
        "offline-mke-4-migration",
        On::Embedded,
        "mcr=25.0.12,mke=3.9.7",
        "mke=4.2",
        "minimal migrations offline calico-ebpf=false",
    ),
    (
        "offline-msr-3-migration",
        On::Embedded,
        "mcr=23.0.9-1,mke=3.7.25,msr=2.9.30",
        "msr=3.1",
        "minimal migrations offline",
    ),
    // An MCR hop for each family of systems: one for every node (`--os`), and an inventory
    // whose nodes run several (Windows workers among them). `mcr-major` is the form for
    // nodes of unknown systems.
    (
        "mcr-ubuntu",
        On::Embedded,
        "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
        "mcr=25.0",
        "minimal os:ubuntu",
    ),
    (
        "mcr-rhel-family",
        On::Embedded,
        "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
        "mcr=25.0",
        "minimal os:rocky",
    ),
    (
        "mcr-sles",
        On::Embedded,
        "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
        "mcr=25.0",
        "minimal os:sles",
    ),
    (
        "mcr-windows",
        On::Embedded,
        "mcr=23.0.9-1,mke=3.8.12,msr=2.9.30",
        "mcr=25.0",
        "minimal inventory:inventory-mixed-os.json",
    ),
    (
        "install-offline",
        On::Embedded,
        "mcr=25.0.18,mke=3.8.12",
        "msr=2.9",
        "minimal offline",
    ),
];

/// Every scenario of the planner tests, plans and refusals alike.
pub fn all() -> Vec<Scenario> {
    SCENARIOS
        .iter()
        .map(|&(name, on, from, to, options)| {
            let mut request = request(from, to);
            let options: Vec<&str> = options.split_whitespace().collect();
            if options.contains(&"minimal") {
                request.policy = Policy::Minimal;
            }
            request.allow_migrations = options.contains(&"migrations");
            request.offline = options.contains(&"offline");
            for (fact, answer) in options.iter().filter_map(|o| o.split_once('=')) {
                request.facts.insert(fact.to_owned(), answer == "true");
            }
            for (key, value) in options.iter().filter_map(|o| o.split_once(':')) {
                match key {
                    "os" => request.site.os = Some(value.parse().unwrap()),
                    "inventory" => {
                        let text = std::fs::read_to_string(fixture(value)).unwrap();
                        request.inventory = Some(Inventory::from_json(&text).unwrap());
                    }
                    _ => panic!("scenario {name}: unknown option {key}"),
                }
            }
            let planner = match on {
                On::Embedded => embedded(),
                On::Fixture => scenario_catalog(),
            };
            Scenario {
                name,
                planner,
                request,
            }
        })
        .collect()
}
