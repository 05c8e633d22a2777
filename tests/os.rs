//! MCR hops by operating system: each family's repository and install commands, exactly as
//! printed, chosen per node from the inventory's `os` or the site's `--os`; each family's
//! form for a person where the system is not known; and the `os` words checked.

mod common;

use common::scenarios::{embedded, minimal, overlay2, request};
use mirantis_upgrade_planner::inventory::{InventoryError, OsFamily};
use mirantis_upgrade_planner::{Inventory, Plan, Refusal, Request, RequestError, Shell, Step};

#[track_caller]
fn plan(request: &Request) -> Plan {
    embedded()
        .plan(request)
        .unwrap_or_else(|refusal| panic!("refused: {refusal}"))
}

/// MCR 23.0 -> 25.0 on a cluster with MSR, every node on `os` (none: not known).
fn mcr_hop(os: Option<OsFamily>, offline: bool) -> Request {
    let mut request = minimal(request("mcr=23.0.9-1,mke=3.8.12,msr=2.9.30", "mcr=25.0"));
    request.site.os = os;
    request.offline = offline;
    request
}

#[track_caller]
fn step<'a>(plan: &'a Plan, id: &str) -> &'a Step {
    plan.steps.iter().find(|s| s.id == id).unwrap_or_else(|| {
        let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
        panic!("no step {id} in {ids:?}")
    })
}

#[track_caller]
fn command<'a>(plan: &'a Plan, id: &str) -> &'a str {
    step(plan, id).command.as_deref().unwrap()
}

/// The ids of the hop's MCR steps that depend on the system.
fn system_ids(plan: &Plan) -> Vec<&str> {
    plan.steps
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| {
            id.contains("/set-channel") || id.contains("/upgrade-m") || id.contains("/upgrade-w")
        })
        .collect()
}

const UBUNTU_CHANNEL: &str = "curl -fsSL https://repos.mirantis.com/ubuntu/gpg | sudo gpg --batch --yes --output /usr/share/keyrings/mirantis-archive-keyring.gpg --dearmor
. /etc/os-release
sudo tee /etc/apt/sources.list.d/mirantis.sources >/dev/null <<EOF
Types: deb
URIs: https://repos.mirantis.com/ubuntu
Suites: $VERSION_CODENAME
Architectures: amd64
Components: stable-25.0
Signed-by: /usr/share/keyrings/mirantis-archive-keyring.gpg
EOF
sudo DEBIAN_FRONTEND=noninteractive apt-get update";

const EL_CHANNEL: &str = r#". /etc/os-release
case "$ID" in ol) REPO_OS=oraclelinux ;; *) REPO_OS="$ID" ;; esac
sudo tee /etc/yum.repos.d/docker-ee.repo >/dev/null <<EOF
[mirantis]
name=Mirantis Container Runtime
baseurl=https://repos.mirantis.com/$REPO_OS/\$releasever/\$basearch/stable-25.0
enabled=1
gpgcheck=1
gpgkey=https://repos.mirantis.com/$REPO_OS/gpg
EOF"#;

const SLES_CHANNEL: &str = "if sudo zypper repos | grep -qw mirantis; then sudo zypper -n removerepo mirantis; fi
sudo rpm --import https://repos.mirantis.com/sles/gpg
sudo zypper -n addrepo --refresh 'https://repos.mirantis.com/sles/$releasever_major/$basearch/stable-25.0' mirantis";

const UBUNTU_INSTALL: &str = "sudo DEBIAN_FRONTEND=noninteractive apt-get install -y docker-ee=<version-string> docker-ee-cli=<version-string> containerd.io
sudo systemctl restart docker";
const EL_INSTALL: &str =
    "sudo yum -y install docker-ee-<version-string> docker-ee-cli-<version-string> containerd.io
sudo systemctl restart docker";
const SLES_INSTALL: &str =
    "sudo zypper refresh && sudo zypper -n install -y containerd.io docker-ee
sudo systemctl restart docker";
const WINDOWS_INSTALL: &str = r"Invoke-WebRequest -UseBasicParsing -Uri https://get.mirantis.com/install.ps1 -OutFile install.ps1
$env:DOWNLOAD_URL = 'https://repos.mirantis.com'
$env:CHANNEL = 'stable-25.0'
$out = powershell -ExecutionPolicy Bypass -NoProfile -NonInteractive -File .\install.ps1 -Verbose 2>&1 | Out-String
Write-Output $out
if ($LASTEXITCODE -eq 3010 -or $out -match 'Your machine needs to be rebooted') { Restart-Computer -Force }";

const UBUNTU_OFFLINE: &str = "sudo DEBIAN_FRONTEND=noninteractive apt-get install -y <mcr-package-dir>/containerd.io_*.deb <mcr-package-dir>/docker-ee*.deb
sudo systemctl restart docker";
const EL_OFFLINE: &str =
    "sudo yum -y install <mcr-package-dir>/containerd.io-*.rpm <mcr-package-dir>/docker-ee-*.rpm
sudo systemctl restart docker";
const SLES_OFFLINE: &str = "sudo zypper -n install -y <mcr-package-dir>/containerd.io-*.rpm <mcr-package-dir>/docker-ee-*.rpm
sudo systemctl restart docker";

const LAUNCHPAD: &str =
    "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/";

/// `--os` for every node: one set-channel and one install per group, the family's exact
/// commands, unattended and sourced.
#[test]
fn each_linux_family_gets_its_own_repository_and_install_commands() {
    let families = [
        (OsFamily::Ubuntu, UBUNTU_CHANNEL, UBUNTU_INSTALL),
        (OsFamily::Rhel, EL_CHANNEL, EL_INSTALL),
        (OsFamily::Centos, EL_CHANNEL, EL_INSTALL),
        (OsFamily::Rocky, EL_CHANNEL, EL_INSTALL),
        (OsFamily::Oracle, EL_CHANNEL, EL_INSTALL),
        (OsFamily::Sles, SLES_CHANNEL, SLES_INSTALL),
    ];
    for (os, channel, install) in families {
        let plan = plan(&mcr_hop(Some(os), false));
        assert_eq!(
            system_ids(&plan),
            [
                "hop-1/set-channel",
                "hop-1/upgrade-managers",
                "hop-1/upgrade-msr-nodes",
                "hop-1/upgrade-workers"
            ],
            "{os}"
        );
        assert_eq!(command(&plan, "hop-1/set-channel"), channel, "{os}");
        for group in ["managers", "msr-nodes", "workers"] {
            let upgrade = step(&plan, &format!("hop-1/upgrade-{group}"));
            assert_eq!(upgrade.command.as_deref(), Some(install), "{os} {group}");
            assert!(upgrade.unattended, "{os} {group}");
            assert_eq!(upgrade.shell, Shell::Bash);
        }
        // No step of the plan is a command that fails by design.
        for step in &plan.steps {
            let command = step.command.as_deref().unwrap_or_default();
            assert!(
                !command
                    .lines()
                    .any(|line| line.trim_end().ends_with("false")),
                "{os} {}: {command}",
                step.id
            );
        }
    }
    let sles = plan(&mcr_hop(Some(OsFamily::Sles), false));
    assert_eq!(
        step(&sles, "hop-1/upgrade-workers").source.as_deref(),
        Some(&*format!("{LAUNCHPAD}pkg/configurer/sles/sles.go"))
    );
    let rocky = plan(&mcr_hop(Some(OsFamily::Rocky), false));
    assert_eq!(
        step(&rocky, "hop-1/set-channel").source.as_deref(),
        Some(&*format!("{LAUNCHPAD}pkg/configurer/enterpriselinux/el.go"))
    );
    assert_eq!(
        step(&rocky, "hop-1/upgrade-workers").source.as_deref(),
        Some("https://docs.mirantis.com/mcr/current/qs-oracle/install-oracle.html")
    );
}

/// `--os windows`: the workers run Mirantis's installer in PowerShell; managers and MSR nodes
/// run Linux, so theirs are each Linux family's steps for a person.
#[test]
fn windows_workers_run_the_vendors_installer_in_powershell() {
    let plan = plan(&mcr_hop(Some(OsFamily::Windows), false));
    let workers = step(&plan, "hop-1/upgrade-workers");
    assert_eq!(workers.command.as_deref(), Some(WINDOWS_INSTALL));
    assert_eq!(workers.shell, Shell::PowerShell);
    assert!(workers.unattended);
    assert_eq!(
        workers.source.as_deref(),
        Some(&*format!("{LAUNCHPAD}pkg/configurer/windows.go"))
    );
    assert_eq!(
        system_ids(&plan),
        [
            "hop-1/set-channel-if-ubuntu",
            "hop-1/set-channel-if-rhel-family",
            "hop-1/set-channel-if-sles",
            "hop-1/upgrade-managers-if-ubuntu",
            "hop-1/upgrade-managers-if-rhel-family",
            "hop-1/upgrade-managers-if-sles",
            "hop-1/upgrade-msr-nodes-if-ubuntu",
            "hop-1/upgrade-msr-nodes-if-rhel-family",
            "hop-1/upgrade-msr-nodes-if-sles",
            "hop-1/upgrade-workers",
        ]
    );
    let json = serde_json::to_value(&plan).unwrap();
    let workers = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "hop-1/upgrade-workers")
        .unwrap();
    assert_eq!(workers["shell"], "powershell");
}

/// Offline, each family installs the bundle's packages; Windows has no vendor source for
/// that, so its step has no command, needs a person and names the page.
#[test]
fn offline_installs_take_the_bundles_packages_for_each_family() {
    for (os, install) in [
        (OsFamily::Ubuntu, UBUNTU_OFFLINE),
        (OsFamily::Oracle, EL_OFFLINE),
        (OsFamily::Sles, SLES_OFFLINE),
    ] {
        let plan = plan(&mcr_hop(Some(os), true));
        assert_eq!(command(&plan, "hop-1/upgrade-managers"), install, "{os}");
        assert!(
            !plan.steps.iter().any(|s| s.id.contains("set-channel")),
            "{os}: offline, no repository is reached"
        );
    }
    let windows = plan(&mcr_hop(Some(OsFamily::Windows), true));
    let workers = step(&windows, "hop-1/upgrade-workers");
    assert_eq!(workers.command, None);
    assert!(!workers.unattended);
    let note = workers.note.as_deref().unwrap();
    assert!(
        note.starts_with("No vendor source gives an offline install of MCR on Windows")
            && note.contains("https://docs.mirantis.com/mcr/20.10/install/mcr-windows.html"),
        "{note}"
    );
}

/// Neither an inventory `os` nor `--os`: each family's step, titled for its family, for a
/// person to pick (Windows only among the workers); `--unattended` refuses and names them.
#[test]
fn unknown_systems_get_each_familys_step_for_a_person() {
    let plan = plan(&mcr_hop(None, false));
    assert_eq!(
        system_ids(&plan),
        [
            "hop-1/set-channel-if-ubuntu",
            "hop-1/set-channel-if-rhel-family",
            "hop-1/set-channel-if-sles",
            "hop-1/upgrade-managers-if-ubuntu",
            "hop-1/upgrade-managers-if-rhel-family",
            "hop-1/upgrade-managers-if-sles",
            "hop-1/upgrade-msr-nodes-if-ubuntu",
            "hop-1/upgrade-msr-nodes-if-rhel-family",
            "hop-1/upgrade-msr-nodes-if-sles",
            "hop-1/upgrade-workers-if-ubuntu",
            "hop-1/upgrade-workers-if-rhel-family",
            "hop-1/upgrade-workers-if-sles",
            "hop-1/upgrade-workers-if-windows",
        ]
    );
    for (id, family, text) in [
        ("hop-1/set-channel-if-sles", "SLES", SLES_CHANNEL),
        ("hop-1/upgrade-workers-if-ubuntu", "Ubuntu", UBUNTU_INSTALL),
        (
            "hop-1/upgrade-managers-if-rhel-family",
            "RHEL, CentOS, Rocky or Oracle Linux",
            EL_INSTALL,
        ),
        (
            "hop-1/upgrade-workers-if-windows",
            "Windows",
            WINDOWS_INSTALL,
        ),
    ] {
        let step = step(&plan, id);
        assert_eq!(step.command.as_deref(), Some(text), "{id}");
        assert!(!step.unattended, "{id}");
        assert!(
            step.title
                .starts_with(&format!("Only on nodes that run {family}: ")),
            "{id}: {}",
            step.title
        );
        assert!(
            step.note
                .as_deref()
                .unwrap()
                .starts_with("The plan does not know which system these nodes run"),
            "{id}"
        );
    }
    assert_eq!(
        step(&plan, "hop-1/upgrade-workers-if-sles").title,
        "Only on nodes that run SLES: Install MCR 25.0.12 on the worker <this-node> and restart its engine"
    );
    let mut unattended = mcr_hop(None, false);
    unattended.unattended = true;
    let Err(Refusal::NeedsPerson { steps }) = embedded().plan(&unattended) else {
        panic!("an unattended plan with systems unknown is refused");
    };
    let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"hop-1/upgrade-workers-if-sles"), "{ids:?}");
    // With the system known, none of the hop's system steps needs a person (other steps of
    // the plan, such as MKE's admin settings, may).
    let mut known = mcr_hop(Some(OsFamily::Ubuntu), false);
    known.unattended = true;
    match embedded().plan(&known) {
        Ok(_) => {}
        Err(Refusal::NeedsPerson { steps }) => {
            let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
            assert!(
                !ids.iter()
                    .any(|id| id.contains("/set-channel") || id.contains("/upgrade-")),
                "{ids:?}"
            );
        }
        Err(other) => panic!("{other}"),
    }
}

/// An inventory of several systems: a group's nodes are split by family, each step naming
/// its nodes; a node without `os` takes `--os`, and without either gets each family's step.
#[test]
fn an_inventory_splits_each_group_by_the_systems_of_its_nodes() {
    let text = std::fs::read_to_string(common::fixture("inventory-mixed-os.json")).unwrap();
    let mut inventory = Inventory::from_json(&text).unwrap();
    let mut request = mcr_hop(None, false);
    request.inventory = Some(inventory.clone());
    let mixed = plan(&request);
    assert_eq!(
        system_ids(&mixed),
        [
            "hop-1/set-channel-ubuntu",
            "hop-1/set-channel-rhel-family",
            "hop-1/set-channel-sles",
            "hop-1/upgrade-managers",
            "hop-1/upgrade-msr-nodes",
            "hop-1/upgrade-workers-sles",
            "hop-1/upgrade-workers-windows",
        ]
    );
    let on = |plan: &Plan, id: &str| step(plan, id).node.as_deref().unwrap().to_owned();
    assert_eq!(
        on(&mixed, "hop-1/set-channel-ubuntu"),
        "mgr-1, mgr-2, mgr-3"
    );
    assert_eq!(
        on(&mixed, "hop-1/set-channel-rhel-family"),
        "dtr-1, dtr-2, dtr-3"
    );
    assert_eq!(on(&mixed, "hop-1/set-channel-sles"), "app-1");
    assert_eq!(
        on(&mixed, "hop-1/upgrade-workers-windows"),
        "win-1, win-2 (a few at a time)"
    );
    assert_eq!(command(&mixed, "hop-1/upgrade-msr-nodes"), EL_INSTALL);
    assert_eq!(command(&mixed, "hop-1/upgrade-workers-sles"), SLES_INSTALL);
    assert_eq!(
        step(&mixed, "hop-1/upgrade-workers-sles").title,
        "SLES nodes: Install MCR 25.0.12 on the worker <this-node> and restart its engine"
    );
    assert!(
        mixed
            .steps
            .iter()
            .all(|s| s.unattended || !s.id.contains("upgrade-"))
    );

    // app-1 without its `os`: each family's step on it alone, for a person.
    if let Some(node) = inventory.nodes.iter_mut().find(|n| n.hostname == "app-1") {
        node.os = None;
    }
    request.inventory = Some(inventory.clone());
    let unknown = plan(&request);
    for family in ["ubuntu", "rhel-family", "sles", "windows"] {
        let id = format!("hop-1/upgrade-workers-if-{family}");
        assert_eq!(on(&unknown, &id), "app-1 (a few at a time)");
        assert!(!step(&unknown, &id).unattended);
    }
    assert_eq!(
        on(&unknown, "hop-1/upgrade-workers-windows"),
        "win-1, win-2 (a few at a time)"
    );
    // `--os` fills it in.
    request.site.os = Some(OsFamily::Sles);
    let defaulted = plan(&request);
    assert_eq!(
        on(&defaulted, "hop-1/upgrade-workers-sles"),
        "app-1 (a few at a time)"
    );
    assert!(!defaulted.steps.iter().any(|s| s.id.contains("-if-")));
}

/// The plan records the systems in its conditions, so the validator derives the same steps;
/// a plan whose recorded system is changed no longer matches its steps.
#[test]
fn the_validator_derives_the_same_steps_from_the_recorded_systems() {
    use mirantis_upgrade_planner::validate::{ValidationOptions, validate};
    let catalog = embedded();
    let plan = plan(&overlay2(mcr_hop(Some(OsFamily::Sles), false)));
    let json: serde_json::Value = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["conditions"]["site"]["os"], "sles");
    let options = ValidationOptions::default();
    assert!(validate(&plan, catalog.catalog(), &options).is_empty());
    let mut changed = json.clone();
    changed["conditions"]["site"]["os"] = "ubuntu".into();
    let changed = Plan::from_json(&changed.to_string()).unwrap();
    assert!(!validate(&changed, catalog.catalog(), &options).is_empty());
    // `validate --os` overrides the recorded system like any site value.
    let mut ubuntu = ValidationOptions::default();
    ubuntu.site.os = Some(OsFamily::Ubuntu);
    assert!(!validate(&plan, catalog.catalog(), &ubuntu).is_empty());
    let mut sles = ValidationOptions::default();
    sles.site.os = Some(OsFamily::Sles);
    assert!(validate(&plan, catalog.catalog(), &sles).is_empty());
}

/// The `os` words are checked: a word outside the seven is a typed error naming it and the
/// words, in the inventory, the request and the parser.
#[test]
fn an_unknown_os_word_is_a_clear_error() {
    let words = "ubuntu, rhel, centos, rocky, oracle, sles, windows";
    let error = "debian".parse::<OsFamily>().unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("unknown operating system 'debian'; expected {words}")
    );
    for os in OsFamily::ALL {
        assert_eq!(os.as_str().parse::<OsFamily>(), Ok(os));
    }
    assert!("Ubuntu".parse::<OsFamily>().is_err());

    let text = std::fs::read_to_string(common::fixture("inventory-mixed-os.json"))
        .unwrap()
        .replace("\"os\": \"sles\"", "\"os\": \"debian\"");
    let Err(InventoryError::Json(error)) = Inventory::from_json(&text) else {
        panic!("an unknown os is refused");
    };
    let message = error.to_string();
    assert!(
        message.contains("debian") && message.contains("windows"),
        "{message}"
    );

    let request = r#"{"from": {"mcr": "23.0.9-1"}, "to": {"mcr": "25.0"}, "site": {"os": "suse"}}"#;
    let Err(RequestError::Json(error)) = Request::from_json(request) else {
        panic!("an unknown os is refused");
    };
    let message = error.to_string();
    assert!(
        message.contains("suse") && message.contains("sles"),
        "{message}"
    );
}

/// Windows is for workers only: `--os windows` makes the inventory's workers Windows, never
/// its managers or MSR nodes; and Windows nodes have no repository step, so Linux nodes of
/// one family keep a single one.
#[test]
fn windows_is_a_workers_system_and_has_no_repository_step() {
    let text = std::fs::read_to_string(common::fixture("inventory.json")).unwrap();
    let mut inventory = Inventory::from_json(&text).unwrap();
    let mut request = mcr_hop(Some(OsFamily::Windows), false);
    request.inventory = Some(inventory.clone());
    let windows = plan(&request);
    let on = |plan: &Plan, id: &str| step(plan, id).node.as_deref().unwrap().to_owned();
    assert_eq!(
        on(&windows, "hop-1/upgrade-workers"),
        "app-1, app-2 (a few at a time)"
    );
    assert_eq!(command(&windows, "hop-1/upgrade-workers"), WINDOWS_INSTALL);
    for family in ["ubuntu", "rhel-family", "sles"] {
        assert_eq!(
            on(&windows, &format!("hop-1/set-channel-if-{family}")),
            "mgr-1, mgr-2, mgr-3, dtr-1, dtr-2, dtr-3"
        );
        assert_eq!(
            on(&windows, &format!("hop-1/upgrade-managers-if-{family}")),
            "mgr-1, mgr-2, mgr-3 (one at a time)"
        );
    }
    assert!(!windows.steps.iter().any(|s| s.id.ends_with("-if-windows")));

    for node in &mut inventory.nodes {
        node.os = Some(if node.hostname.starts_with("app-") {
            OsFamily::Windows
        } else {
            OsFamily::Ubuntu
        });
    }
    request.site.os = None;
    request.inventory = Some(inventory);
    let mixed = plan(&request);
    assert_eq!(
        system_ids(&mixed),
        [
            "hop-1/set-channel",
            "hop-1/upgrade-managers",
            "hop-1/upgrade-msr-nodes",
            "hop-1/upgrade-workers"
        ]
    );
    assert_eq!(
        on(&mixed, "hop-1/set-channel"),
        "mgr-1, mgr-2, mgr-3, dtr-1, dtr-2, dtr-3"
    );
    assert_eq!(command(&mixed, "hop-1/set-channel"), UBUNTU_CHANNEL);
    assert_eq!(
        step(&mixed, "hop-1/upgrade-workers").shell,
        Shell::PowerShell
    );
}

/// A FIPS cluster (fact `mcr-fips` answered yes) keeps its FIPS build: no vendor page gives a
/// release's FIPS channel, so each MCR hop gets a precheck that needs a person, naming the
/// non-FIPS channel the steps use and the one FIPS channel a Mirantis source names; an
/// unattended plan is refused on it. Answered no, or not at all, the hop has no such step.
#[test]
fn a_fips_cluster_gets_a_person_to_keep_the_fips_channel() {
    let mut fips = mcr_hop(Some(OsFamily::Ubuntu), false);
    fips.facts.insert("mcr-fips".to_owned(), true);
    let plan = plan(&fips);
    let keep = step(&plan, "hop-1/mcr-fips-channel");
    assert_eq!(
        keep.title,
        "This cluster runs the FIPS build of MCR (fact mcr-fips): the channel the steps of this hop name, stable-25.0, is not a FIPS channel and would replace the FIPS engine; get the FIPS channel of MCR 25.0.12 from Mirantis and use it in their place"
    );
    assert!(keep.command.is_none());
    assert!(!keep.unattended);
    assert!(
        keep.note
            .as_deref()
            .is_some_and(|note| note.contains("stable-29.2.1/fips")),
        "{:?}",
        keep.note
    );
    // It comes before the repository step it corrects.
    let position = |id: &str| plan.steps.iter().position(|s| s.id == id).unwrap();
    assert!(position("hop-1/mcr-fips-channel") < position("hop-1/set-channel"));
    let mut unattended = fips.clone();
    unattended.unattended = true;
    let Err(Refusal::NeedsPerson { steps }) = embedded().plan(&unattended) else {
        panic!("an unattended plan for a FIPS cluster is refused");
    };
    assert!(
        steps.iter().any(|s| s.id == "hop-1/mcr-fips-channel"),
        "{steps:?}"
    );
    for answer in [Some(false), None] {
        let mut other = mcr_hop(Some(OsFamily::Ubuntu), false);
        if let Some(answer) = answer {
            other.facts.insert("mcr-fips".to_owned(), answer);
        }
        let without = self::plan(&other);
        assert!(
            !without
                .steps
                .iter()
                .any(|s| s.id.ends_with("/mcr-fips-channel")),
            "{answer:?}"
        );
    }
}
