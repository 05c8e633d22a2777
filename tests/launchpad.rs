//! Launchpad's `launchpad.yaml`: every API version read into an inventory and installed
//! versions, the configs Launchpad's own repository holds (each fixture names its source),
//! hostile YAML, the configs written back per hop, and the round trip: import, plan,
//! `--format launchpad`, and each document read back gives the state after its hop.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use common::{fixture, v};
use mirantis_upgrade_planner::{
    Catalog, Phase, Plan, Planner, Product, Request, Step, Target, Version,
    check::RuleId,
    inventory::{Role, Service, Severity, StorageBackend, preflight},
    launchpad::{
        ApiVersion, Connection, HostRole, LaunchpadCheck, LaunchpadConfig, LaunchpadError,
        MAX_LAUNCHPAD_BYTES, Written, performs, refusal,
    },
    plan::Text,
    render::render_launchpad,
    validate::{ValidationOptions, validate},
    yaml::{MAX_YAML_DEPTH, MAX_YAML_NODES, YamlError},
};

fn text(name: &str) -> String {
    std::fs::read_to_string(fixture(&format!("launchpad/{name}"))).unwrap()
}

#[track_caller]
fn config(name: &str) -> LaunchpadConfig {
    LaunchpadConfig::parse(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[track_caller]
fn error(yaml: &str) -> LaunchpadError {
    match LaunchpadConfig::parse(yaml) {
        Ok(_) => panic!("read, but should not have:\n{yaml}"),
        Err(error) => error,
    }
}

fn state(items: &[(Product, &str)]) -> BTreeMap<Product, Version> {
    items.iter().map(|(p, text)| (*p, v(text))).collect()
}

fn no_overrides() -> BTreeMap<Product, Version> {
    BTreeMap::new()
}

const CLUSTERS: [(&str, ApiVersion); 7] = [
    ("cluster-v1.yaml", ApiVersion::V1),
    ("cluster-v1.1.yaml", ApiVersion::Mke11),
    ("cluster-v1.2.yaml", ApiVersion::Mke12),
    ("cluster-v1.3.yaml", ApiVersion::Mke13),
    ("cluster-v1.4.yaml", ApiVersion::Mke14),
    ("cluster-v1.5.yaml", ApiVersion::Mke15),
    ("cluster-v1.6.yaml", ApiVersion::Mke16),
];

#[test]
fn every_api_version_reads_to_the_same_inventory() {
    let expected_installed = state(&[
        (Product::Mcr, "23.0.9"),
        (Product::Mke, "3.7.15"),
        (Product::Msr, "2.9.21"),
    ]);
    let mut inventories = Vec::new();
    for (name, api) in CLUSTERS {
        let config = config(name);
        assert_eq!(config.api_version(), api, "{name}");
        let installed = config.installed(&no_overrides()).unwrap();
        assert_eq!(installed, expected_installed, "{name}");
        let inventory = config.inventory(&installed);
        let nodes: Vec<(&str, Option<&str>, Role, Vec<Service>)> = inventory
            .nodes
            .iter()
            .map(|n| {
                (
                    n.hostname.as_str(),
                    n.address.as_deref(),
                    n.role,
                    n.runs.iter().copied().collect(),
                )
            })
            .collect();
        assert_eq!(
            nodes,
            [
                (
                    "10.0.0.1",
                    Some("10.0.0.1"),
                    Role::Manager,
                    vec![Service::Mke]
                ),
                (
                    "10.0.0.2",
                    Some("10.0.0.2"),
                    Role::Manager,
                    vec![Service::Mke]
                ),
                (
                    "10.0.0.3",
                    Some("10.0.0.3"),
                    Role::Manager,
                    vec![Service::Mke]
                ),
                ("10.0.1.1", Some("10.0.1.1"), Role::Worker, vec![]),
                (
                    "10.0.2.1",
                    Some("10.0.2.1"),
                    Role::Worker,
                    vec![Service::MsrReplica]
                ),
                (
                    "10.0.2.2",
                    Some("10.0.2.2"),
                    Role::Worker,
                    vec![Service::MsrReplica]
                ),
                (
                    "10.0.2.3",
                    Some("10.0.2.3"),
                    Role::Worker,
                    vec![Service::MsrReplica]
                ),
            ],
            "{name}"
        );
        assert_eq!(inventory.installed, expected_installed);
        assert_eq!(
            inventory.mke.url.as_deref(),
            Some("mke.example.com"),
            "{name}"
        );
        assert_eq!(inventory.mke.admin.as_deref(), Some("admin"), "{name}");
        let msr = inventory.msr.as_ref().unwrap();
        assert_eq!(msr.url.as_deref(), Some("msr.example.com"), "{name}");
        assert_eq!(msr.storage, Some(StorageBackend::Nfs), "{name}");
        assert_eq!(msr.desired_replicas, Some(3), "{name}");
        // The import is an inventory like any other: it reads back through its own loader.
        let json = serde_json::to_string(&inventory).unwrap();
        assert_eq!(
            mirantis_upgrade_planner::Inventory::from_json(&json).unwrap(),
            inventory
        );
        inventories.push(inventory);
    }
    assert!(inventories.windows(2).all(|pair| pair[0] == pair[1]));
}

#[test]
fn version_keys_follow_the_api_version() {
    let paths: Vec<String> = ApiVersion::ALL
        .iter()
        .map(|api| {
            Product::ALL
                .iter()
                .map(|p| api.version_path(*p))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(
        paths,
        [
            "spec.engine.version spec.ucp.version spec.dtr.version",
            "spec.engine.version spec.ucp.version spec.dtr.version",
            "spec.engine.version spec.ucp.version spec.dtr.version",
            "spec.engine.version spec.ucp.version spec.dtr.version",
            "spec.engine.version spec.mke.version spec.msr.version",
            "spec.mcr.version spec.mke.version spec.msr.version",
            "spec.mcr.version spec.mke.version spec.msr.version",
            "spec.mcr.version spec.mke.version spec.msr.version",
            "spec.mcr.version spec.mke.version spec.msr.version",
            "spec.mcr.channel spec.mke.version spec.msr.version",
        ]
    );
}

#[test]
fn launchpads_v15_to_v16_migration_test_reads_the_same_either_side() {
    // The input and the output of Launchpad's TestVersionMigrationSimple.
    let expected = state(&[(Product::Mcr, "25.0.14"), (Product::Mke, "3.8.6")]);
    for name in ["migration-v1.5-simple.yaml", "migration-v1.6-simple.yaml"] {
        let config = config(name);
        assert_eq!(
            config.installed(&no_overrides()).unwrap(),
            expected,
            "{name}"
        );
        let inventory = config.inventory(&expected);
        assert!(inventory.nodes.is_empty() && inventory.msr.is_none());
        assert_eq!(inventory.mke.admin.as_deref(), Some("admin"));
        assert_eq!(
            inventory.mke.image_repo.as_deref(),
            Some("docker.io/mirantis")
        );
    }
}

#[test]
fn a_version_yaml_reads_as_a_number_is_not_exact() {
    // Launchpad's TestVersionMigrationDefault: `version: 25.0`, a float to YAML.
    let config = config("migration-v1.5-number.yaml");
    assert_eq!(
        config.written(Product::Mcr),
        Written::Inexact("25.0".to_owned())
    );
    assert_eq!(
        config.installed(&no_overrides()).unwrap_err().to_string(),
        "line 10: spec.mcr.version is '25.0', not an exact mcr version: pass --from mcr=VERSION"
    );
    let overrides = state(&[(Product::Mcr, "25.0.14")]);
    assert_eq!(
        config.installed(&overrides).unwrap(),
        state(&[(Product::Mcr, "25.0.14"), (Product::Mke, "3.8.6")])
    );
    // Written back, the number becomes the exact version, nothing else moves.
    let written = config
        .with_versions(&config.installed(&overrides).unwrap())
        .unwrap();
    assert_eq!(
        written,
        text("migration-v1.5-number.yaml").replace("version: 25.0\n", "version: 25.0.14\n")
    );
}

#[test]
fn a_channel_without_a_version_is_refused_until_from_gives_it() {
    let yaml = "apiVersion: launchpad.mirantis.com/mke/v1.6\nkind: mke\nspec:\n  mcr:\n    channel: stable\n  mke:\n    version: 3.8.6\n";
    let config = LaunchpadConfig::parse(yaml).unwrap();
    assert_eq!(
        config.installed(&no_overrides()).unwrap_err().to_string(),
        "line 5: spec.mcr.channel is 'stable', not an exact mcr version: pass --from mcr=VERSION"
    );
    let installed = config
        .installed(&state(&[(Product::Mcr, "25.0.14")]))
        .unwrap();
    // The channel is pinned to the version, its name kept (as Launchpad's v1.6 migration
    // writes `<channel>-<version>`).
    assert_eq!(
        config.with_versions(&installed).unwrap(),
        yaml.replace("channel: stable\n", "channel: stable-25.0.14\n")
    );
    // A line in the channel is no more exact than none.
    let line = yaml.replace("channel: stable\n", "channel: stable-25.0\n");
    assert_eq!(
        LaunchpadConfig::parse(&line).unwrap().written(Product::Mcr),
        Written::Inexact("stable-25.0".to_owned())
    );
    let exact = yaml.replace("channel: stable\n", "channel: stable-25.0.14\n");
    assert_eq!(
        LaunchpadConfig::parse(&exact)
            .unwrap()
            .written(Product::Mcr),
        Written::Exact(v("25.0.14"))
    );
}

#[test]
fn launchpads_v1beta1_test_config_reads_its_host_fields() {
    // TestMigrateFromV1Beta1: `sshPort`, `sshKeyPath`, `user` on the host, no engine version.
    let config = config("test-v1beta1.yaml");
    assert_eq!(config.api_version(), ApiVersion::V1Beta1);
    let host = &config.hosts()[0];
    assert_eq!(
        (host.address.as_str(), host.role, host.connection),
        ("1.2.3.4", HostRole::Manager, Connection::Ssh)
    );
    assert_eq!(host.port.as_deref(), Some("9022"));
    assert_eq!(host.user.as_deref(), Some("foofoo"));
    assert_eq!(host.key_path.as_deref(), Some("/path/to/nonexisting"));
    assert_eq!(
        config.installed(&no_overrides()).unwrap_err().to_string(),
        "spec.engine.version is missing: pass --from mcr=VERSION"
    );
    let installed = config
        .installed(&state(&[(Product::Mcr, "20.10.13")]))
        .unwrap();
    assert_eq!(
        installed,
        state(&[(Product::Mcr, "20.10.13"), (Product::Mke, "3.3.7")])
    );
    // No version key to replace: one is added as the first entry of `engine`.
    let written = config.with_versions(&installed).unwrap();
    assert_eq!(
        written,
        text("test-v1beta1.yaml").replace("  engine:\n", "  engine:\n    version: 20.10.13\n")
    );
    assert_eq!(
        config.mkectl_hosts(),
        "hosts:\n  - address: \"1.2.3.4\"\n    port: 9022\n    user: \"foofoo\"\n    keyPath: \"/path/to/nonexisting\"\n"
    );
}

#[test]
fn launchpads_v1_migration_test_gives_the_admin_from_the_install_flags() {
    // TestCredentialsMigration: `--admin-username "foo"` among ucp.installFlags.
    let config = config("migration-v1-credentials.yaml");
    assert_eq!(config.api_version(), ApiVersion::V1);
    assert_eq!(config.admin().as_deref(), Some("foo"));
}

#[test]
fn launchpads_v16_test_without_a_channel_asks_for_the_version() {
    // TestMissingMCRChannelFails: Launchpad refuses it; this tool asks for --from.
    let config = config("test-v1.6-no-channel.yaml");
    assert_eq!(
        config.installed(&no_overrides()).unwrap_err().to_string(),
        "spec.mcr.channel is missing: pass --from mcr=VERSION"
    );
    let installed = config
        .installed(&state(&[(Product::Mcr, "25.0.14")]))
        .unwrap();
    // No `mcr` section: one is added to `spec`, at its indentation.
    assert_eq!(
        config.with_versions(&installed).unwrap(),
        text("test-v1.6-no-channel.yaml")
            .replace("spec:\n", "spec:\n  mcr:\n    channel: stable-25.0.14\n")
    );
}

#[test]
fn launchpads_footloose_example_names_hosts_that_share_an_address_by_port() {
    // v1.1, anchors and aliases (`engineConfig: *linuxEngineConfig`), role msr, one address.
    let config = config("real-v1.1-footloose.yaml");
    assert_eq!(config.api_version(), ApiVersion::Mke11);
    let names: Vec<&str> = config.hosts().iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["127.0.0.1:9022", "127.0.0.1:9023"]);
    // No MCR nor MKE version in it: both are asked for at once.
    assert_eq!(config.written(Product::Mke), Written::Missing);
    assert_eq!(
        config.installed(&no_overrides()).unwrap_err().to_string(),
        "spec.engine.version is missing: pass --from mcr=VERSION,mke=VERSION"
    );
    let installed = config
        .installed(&state(&[
            (Product::Mcr, "20.10.13"),
            (Product::Mke, "3.3.7"),
        ]))
        .unwrap();
    assert_eq!(installed[&Product::Msr], v("2.3.4"));
    let inventory = config.inventory(&installed);
    assert_eq!(inventory.mke.admin.as_deref(), Some("admin"));
    // Launchpad's own fallbacks: the first manager, the first MSR host.
    assert_eq!(inventory.mke.url.as_deref(), Some("127.0.0.1"));
    assert_eq!(inventory.msr.unwrap().url.as_deref(), Some("127.0.0.1"));
}

#[test]
fn launchpads_smoke_test_configs_ask_for_the_versions_their_variables_hold() {
    // The refusal names the first key and every product `--from` must give, at once.
    for (name, api, line, pass) in [
        (
            "real-v1.2-msr.yaml",
            ApiVersion::Mke12,
            51,
            "mcr=VERSION,mke=VERSION,msr=VERSION",
        ),
        (
            "real-v1.2-local.yaml",
            ApiVersion::Mke12,
            26,
            "mcr=VERSION,mke=VERSION",
        ),
        (
            "real-v1.4-bastion.yaml",
            ApiVersion::Mke14,
            34,
            "mcr=VERSION,mke=VERSION",
        ),
    ] {
        let config = config(name);
        assert_eq!(config.api_version(), api, "{name}");
        assert_eq!(
            config.installed(&no_overrides()).unwrap_err().to_string(),
            format!(
                "line {line}: spec.mcr.version is '$MCR_VERSION', not an exact mcr version: pass --from {pass}"
            ),
            "{name}"
        );
        let mut overrides = state(&[(Product::Mcr, "23.0.9"), (Product::Mke, "3.7.15")]);
        if config.has_msr() {
            overrides.insert(Product::Msr, v("2.9.21"));
        }
        let installed = config.installed(&overrides).unwrap();
        assert_eq!(installed, overrides, "{name}");
        // Written back, the variables become the versions; all else is kept.
        let written = config.with_versions(&installed).unwrap();
        assert!(written.contains("version: 3.7.15\n") && !written.contains("$MKE_VERSION\n"));
        assert!(written.contains("$MKE_IMAGE_REPO"), "{name}");
    }
    let local = config("real-v1.2-local.yaml");
    let connections: Vec<Connection> = local.hosts().iter().map(|h| h.connection).collect();
    assert_eq!(connections, [Connection::Localhost, Connection::Ssh]);
    assert_eq!(local.hosts()[1].address, "$WORKER_IP");
    let msr = config("real-v1.2-msr.yaml");
    let names: Vec<&str> = msr.hosts().iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "127.0.0.1:9022",
            "127.0.0.1:9023",
            "127.0.0.1:9024",
            "127.0.0.1:9025"
        ]
    );
    let bastion = config("real-v1.4-bastion.yaml");
    assert_eq!(bastion.hosts()[0].address, "$MANAGER_IP");
}

#[test]
fn fields_the_tool_does_not_use_are_kept_never_refused() {
    let yaml = "apiVersion: launchpad.mirantis.com/mke/v1.6\nkind: mke\nfuture: {anything: [1, 2]}\nspec:\n  newSection: yes # kept\n  mcr:\n    channel: stable-25.0.14\n    someNewKnob: 3\n  mke:\n    version: 3.8.6\n  hosts:\n    - ssh: {address: 10.0.0.1}\n      role: manager\n      newHostField: x\n";
    let config = LaunchpadConfig::parse(yaml).unwrap();
    let written = config
        .with_versions(&state(&[
            (Product::Mcr, "25.0.15"),
            (Product::Mke, "3.8.7"),
        ]))
        .unwrap();
    assert_eq!(
        written,
        yaml.replace("stable-25.0.14", "stable-25.0.15")
            .replace("3.8.6", "3.8.7")
    );
}

#[test]
fn version_values_keep_their_quotes_anchors_and_aliases() {
    let yaml = "apiVersion: launchpad.mirantis.com/mke/v1.5\nkind: mke+msr\nspec:\n  mcr:\n    version: \"23.0.9\"   # double\n  mke:\n    version: &mke '3.7.15'\n  msr:\n    version: *mke\n  hosts:\n    - ssh: {address: a}\n      role: msr\n";
    let config = LaunchpadConfig::parse(yaml).unwrap();
    assert_eq!(config.written(Product::Msr), Written::Exact(v("3.7.15")));
    let written = config
        .with_versions(&state(&[
            (Product::Mcr, "25.0.14"),
            (Product::Mke, "3.8.12"),
            (Product::Msr, "2.9.30"),
        ]))
        .unwrap();
    assert_eq!(
        written,
        "apiVersion: launchpad.mirantis.com/mke/v1.5\nkind: mke+msr\nspec:\n  mcr:\n    version: \"25.0.14\"   # double\n  mke:\n    version: &mke '3.8.12'\n  msr:\n    version: 2.9.30\n  hosts:\n    - ssh: {address: a}\n      role: msr\n"
    );
}

/// An empty version (`version:`, as a user leaves it for `--from` to fill) is written after
/// its `:` (or its anchor), in a block and in a flow mapping, with a comment kept (the fuzzer
/// found it written before the `:`, as `version3.8.12:`, and glued to an anchor's name).
#[test]
fn an_empty_version_is_written_after_its_colon() {
    let cases = [
        ("    version:\n", "    version: 3.8.12\n"),
        ("    version: &v\n", "    version: &v 3.8.12\n"),
        (
            "    version:   # set me\n",
            "    version: 3.8.12   # set me\n",
        ),
        (
            "    {version: , adminUsername: admin}\n",
            "    {version: 3.8.12 , adminUsername: admin}\n",
        ),
    ];
    for (mke, expected) in cases {
        let mke = if mke.trim_start().starts_with('{') {
            format!("  mke: {}", mke.trim_start())
        } else {
            format!("  mke:\n{mke}")
        };
        let expected = if expected.trim_start().starts_with('{') {
            format!("  mke: {}", expected.trim_start())
        } else {
            format!("  mke:\n{expected}")
        };
        let head = "apiVersion: launchpad.mirantis.com/mke/v1.5\nkind: mke\nspec:\n  mcr:\n    version: 25.0.14\n";
        let yaml = format!("{head}{mke}");
        let config = LaunchpadConfig::parse(&yaml).unwrap();
        assert_eq!(
            config.written(Product::Mke),
            Written::Inexact(String::new())
        );
        let installed = state(&[(Product::Mcr, "25.0.14"), (Product::Mke, "3.8.12")]);
        let written = config.with_versions(&installed).unwrap();
        assert_eq!(written, format!("{head}{expected}"));
        let back = LaunchpadConfig::parse(&written).unwrap();
        assert_eq!(back.installed(&BTreeMap::new()).unwrap(), installed);
    }
}

#[test]
fn a_version_that_cannot_be_written_in_place_is_an_error() {
    let block = "apiVersion: launchpad.mirantis.com/mke/v1.5\nkind: mke\nspec:\n  mcr:\n    version: 25.0.14\n  mke:\n    version: |\n      3.8.6\n";
    let config = LaunchpadConfig::parse(block).unwrap();
    assert_eq!(
        config
            .with_versions(&state(&[
                (Product::Mcr, "25.0.14"),
                (Product::Mke, "3.8.7")
            ]))
            .unwrap_err()
            .to_string(),
        "spec.mke.version: cannot set the version here: the value is not a one-line scalar"
    );
    let flow = "apiVersion: launchpad.mirantis.com/mke/v1.5\nkind: mke\nspec:\n  mcr: {channel: stable}\n  mke:\n    version: 3.8.6\n";
    let config = LaunchpadConfig::parse(flow).unwrap();
    assert_eq!(
        config
            .with_versions(&state(&[
                (Product::Mcr, "25.0.14"),
                (Product::Mke, "3.8.6")
            ]))
            .unwrap_err()
            .to_string(),
        "spec.mcr.version: cannot set the version here: its section is not a block mapping"
    );
}

#[test]
fn malformed_configs_are_refused_naming_the_line() {
    let cases = [
        (
            "apiVersion: launchpad.mirantis.com/mke/v1.6\nspec:\n  mke: [unclosed\n",
            "malformed YAML at line 4, column 1: while parsing a flow sequence, expected ',' or ']'",
        ),
        (
            "- just\n- a list\n",
            "line 1: : the config is not a YAML mapping",
        ),
        ("kind: mke\n", "line 1: apiVersion: missing"),
        (
            "apiVersion: launchpad.mirantis.com/mke/v2.0\n",
            "line 1: apiVersion: 'launchpad.mirantis.com/mke/v2.0' is not one Launchpad reads; expected one of launchpad.mirantis.com/v1beta1, launchpad.mirantis.com/v1beta2, launchpad.mirantis.com/v1beta3, launchpad.mirantis.com/v1, launchpad.mirantis.com/mke/v1.1, launchpad.mirantis.com/mke/v1.2, launchpad.mirantis.com/mke/v1.3, launchpad.mirantis.com/mke/v1.4, launchpad.mirantis.com/mke/v1.5, launchpad.mirantis.com/mke/v1.6",
        ),
        (
            "apiVersion: launchpad.mirantis.com/mke/v1.6\nspec:\n  hosts:\n    - ssh: {address: a}\n      role: foobar\n",
            "line 5: spec.hosts[0].role: 'foobar' is not manager, worker or msr",
        ),
        (
            "apiVersion: launchpad.mirantis.com/mke/v1.6\nspec:\n  hosts:\n    - role: manager\n",
            "line 4: spec.hosts[0]: a host without an address (ssh.address, winRM.address or localhost)",
        ),
        (
            "apiVersion: launchpad.mirantis.com/mke/v1.6\nspec:\n  hosts:\n    - ssh: {address: a}\n      role: manager\n    - ssh: {address: a}\n      role: worker\n",
            "line 6: spec.hosts[1]: a second host at 'a:22'",
        ),
        (
            "apiVersion: launchpad.mirantis.com/mke/v1.6\n---\napiVersion: launchpad.mirantis.com/mke/v1.6\n",
            "malformed YAML at line 3, column 1: more than one YAML document; the file must hold one",
        ),
        ("", "malformed YAML at line 1, column 1: no YAML document"),
        (
            "a: *nowhere\n",
            "malformed YAML at line 1, column 4: while parsing node, found unknown anchor",
        ),
    ];
    for (yaml, message) in cases {
        assert_eq!(error(yaml).to_string(), message, "{yaml}");
    }
}

#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    // Nine levels of ten aliases each: a billion nodes once expanded, 100 lines of text.
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 10].join(", ");
        writeln!(yaml, "a{level}: &a{level} [{items}]").unwrap();
    }
    assert!(matches!(
        error(&yaml),
        LaunchpadError::Yaml(YamlError::TooLarge { limit, .. }) if limit == MAX_YAML_NODES
    ));
    assert_eq!(
        error(&yaml).to_string(),
        format!(
            "line 6: the YAML would expand through its aliases to more than {MAX_YAML_NODES} nodes"
        )
    );
}

#[test]
fn too_many_aliases_are_refused() {
    let mut yaml = String::from("a: &a x\nb: [");
    yaml.push_str(&vec!["*a"; 10_001].join(", "));
    yaml.push_str("]\n");
    assert_eq!(
        error(&yaml).to_string(),
        "line 2: the YAML holds more than 10000 aliases"
    );
}

#[test]
fn deep_nesting_is_refused_at_the_limit() {
    for (open, close) in [("[", "]"), ("{a: ", "}")] {
        let depth = 100_000;
        let yaml = format!("{}x{}", open.repeat(depth), close.repeat(depth));
        assert_eq!(
            error(&yaml).to_string(),
            format!("line 1: the YAML nests deeper than the limit of {MAX_YAML_DEPTH} levels")
        );
    }
    // Block style too.
    let mut yaml = String::new();
    for level in 0..200 {
        yaml.push_str(&" ".repeat(level));
        yaml.push_str("k:\n");
    }
    assert!(matches!(
        error(&yaml),
        LaunchpadError::Yaml(YamlError::TooDeep { .. })
    ));
    // At the limit it reads (and is then not a Launchpad config).
    let yaml = format!(
        "{}x{}",
        "[".repeat(MAX_YAML_DEPTH),
        "]".repeat(MAX_YAML_DEPTH)
    );
    assert_eq!(
        error(&yaml).to_string(),
        "line 1: : the config is not a YAML mapping"
    );
}

#[test]
fn a_huge_config_is_refused_by_size() {
    let yaml = format!(
        "apiVersion: launchpad.mirantis.com/mke/v1.6\n# {}\n",
        "x".repeat(MAX_LAUNCHPAD_BYTES)
    );
    assert_eq!(
        error(&yaml).to_string(),
        format!(
            "the config is {} bytes; the limit is {MAX_LAUNCHPAD_BYTES} bytes",
            yaml.len()
        )
    );
}

/// Launchpad expands the environment's variables in every value of a config it loads
/// (`envsubst`): `$NAME`, `${NAME}`, `${NAME:-default}` (unset or empty), `${NAME-default}`
/// (unset); an unknown one, and any other form, stays as written, and the text is kept.
#[test]
fn environment_variables_in_values_are_expanded_as_launchpad_does() {
    let environment = |name: &str| match name {
        "MKE_VERSION" => Some("3.8.12".to_owned()),
        "HOST" => Some("10.0.0.9".to_owned()),
        "EMPTY" => Some(String::new()),
        _ => None,
    };
    let yaml = "apiVersion: launchpad.mirantis.com/mke/v1.6\n\
                kind: mke\n\
                spec:\n  \
                  hosts:\n    \
                    - ssh: {address: \"${HOST}\"}\n      \
                      role: manager\n    \
                    - ssh: {address: $HOST_2}\n      \
                      role: worker\n  \
                  mcr:\n    \
                    channel: stable-${MCR:-25.0.14}\n  \
                  mke:\n    \
                    version: $MKE_VERSION\n    \
                    adminUsername: ${EMPTY:-ops}${EMPTY-x}$$${NOT_SET:?no}\n";
    let config = LaunchpadConfig::parse_with_environment(yaml, &environment).unwrap();
    assert_eq!(config.text(), yaml, "the text is kept as written");
    assert_eq!(config.written(Product::Mke), Written::Exact(v("3.8.12")));
    assert_eq!(config.written(Product::Mcr), Written::Exact(v("25.0.14")));
    let addresses: Vec<&str> = config.hosts().iter().map(|h| h.address.as_str()).collect();
    assert_eq!(addresses, ["10.0.0.9", "$HOST_2"]);
    let inventory = config.inventory(&state(&[
        (Product::Mcr, "25.0.14"),
        (Product::Mke, "3.8.12"),
    ]));
    assert_eq!(inventory.mke.admin.as_deref(), Some("ops$$${NOT_SET:?no}"));
    // Without an environment, nothing is expanded: the version is not exact.
    let plain = LaunchpadConfig::parse(yaml).unwrap();
    assert_eq!(
        plain.written(Product::Mke),
        Written::Inexact("$MKE_VERSION".to_owned())
    );
}

/// Expansion is bounded as the text is: values that the environment would blow up past the
/// limit are refused, naming the size.
#[test]
fn expanded_values_are_bounded_by_the_size_limit() {
    let big = "x".repeat(MAX_LAUNCHPAD_BYTES / 4);
    let environment = |name: &str| (name == "BIG").then(|| big.clone());
    let yaml = format!(
        "apiVersion: launchpad.mirantis.com/mke/v1.6\nkind: mke\nspec: [{}]\n",
        ["$BIG"; 8].join(", ")
    );
    let error = LaunchpadConfig::parse_with_environment(&yaml, &environment).unwrap_err();
    let LaunchpadError::ExpandedTooLarge { size, limit } = error else {
        panic!("{error:?}")
    };
    assert!(
        size > limit && limit == MAX_LAUNCHPAD_BYTES,
        "{size} {limit}"
    );
    assert!(
        error
            .to_string()
            .starts_with("the config's values come to ")
    );
}

#[test]
fn the_import_says_what_it_cannot_measure() {
    let config = config("cluster-v1.6.yaml");
    let inventory = config.inventory(&config.installed(&no_overrides()).unwrap());
    let findings: Vec<String> = preflight(&inventory, true)
        .iter()
        .map(|f| {
            assert_eq!(f.severity, Severity::Warning);
            format!(
                "{}@{}: {}",
                f.code,
                f.node.as_deref().unwrap_or("-"),
                f.subject
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            "not-measured@10.0.2.1: the inventory does not give ram_gb, vcpus, free_disk_gb, fixed_hostname: check the requirement by hand",
            "not-measured@10.0.2.2: the inventory does not give ram_gb, vcpus, free_disk_gb, fixed_hostname: check the requirement by hand",
            "not-measured@10.0.2.3: the inventory does not give ram_gb, vcpus, free_disk_gb, fixed_hostname: check the requirement by hand",
            "not-measured@-: the inventory does not give admins_can_deploy_on_managers_and_msr_nodes: check the requirement by hand",
            "not-measured@-: the inventory does not give content_trust: check the requirement by hand",
        ]
    );
}

#[test]
fn launchpad_performs_the_in_place_hops_of_mcr_mke_3_and_msr_2() {
    let cases = [
        (
            Product::Mcr,
            "23.0.9",
            "25.0.12",
            RuleId::MajorUpgrade,
            true,
        ),
        (Product::Mke, "3.7.15", "3.8.12", RuleId::MinorUpgrade, true),
        (Product::Mke, "3.9.7", "4.2.1", RuleId::Migration, false),
        (Product::Mke, "4.1.0", "4.2.1", RuleId::MinorUpgrade, false),
        (Product::Msr, "2.9.21", "2.10.4", RuleId::MinorUpgrade, true),
        (Product::Msr, "2.9.30", "3.1.0", RuleId::Migration, false),
        (Product::Msr, "3.0.0", "3.1.0", RuleId::MinorUpgrade, false),
    ];
    for (product, from, to, rule, expected) in cases {
        assert_eq!(
            performs(product, &v(from), &v(to), rule),
            expected,
            "{product} {from} -> {to}"
        );
    }
    // validate_facts.go: a downgrade or a skipped minor within a major; MCR unchecked.
    assert_eq!(
        refusal(Product::Mke, &v("3.7.15"), &v("3.9.7")),
        Some(LaunchpadCheck::MinorSkip)
    );
    assert_eq!(
        refusal(Product::Msr, &v("2.9.2"), &v("2.8.9")),
        Some(LaunchpadCheck::Downgrade)
    );
    assert_eq!(refusal(Product::Mke, &v("3.7.15"), &v("3.8.0")), None);
    assert_eq!(refusal(Product::Mcr, &v("20.10.13"), &v("25.0.12")), None);
}

/// The plan of the round trip: five hops, MCR twice, MKE twice, MSR once.
fn round_trip_plan(config: &LaunchpadConfig) -> Plan {
    let installed = config.installed(&no_overrides()).unwrap();
    let request = Request {
        from: installed.clone(),
        to: BTreeMap::from([
            (Product::Mke, Target::parse("3.9").unwrap()),
            (Product::Msr, Target::parse("2.10").unwrap()),
        ]),
        inventory: Some(config.inventory(&installed)),
        ..Request::default()
    };
    Planner::new(Catalog::embedded()).plan(&request).unwrap()
}

/// The documents of a `--format launchpad` stream: split at `---` lines, comment-only parts
/// dropped.
fn documents(stream: &str) -> Vec<String> {
    let mut documents = vec![String::new()];
    for line in stream.lines() {
        if line == "---" {
            documents.push(String::new());
        } else if let Some(last) = documents.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    documents
        .into_iter()
        .filter(|d| {
            d.lines()
                .any(|l| !l.trim().is_empty() && !l.starts_with('#'))
        })
        .collect()
}

#[test]
fn round_trip_each_config_read_back_is_the_state_after_its_hop() {
    for (name, _) in CLUSTERS {
        let config = config(name);
        let plan = round_trip_plan(&config);
        assert_eq!(plan.hops.len(), 5, "{name}");
        let stream = render_launchpad(&config, &plan, "launchpad.yaml").unwrap();
        let documents = documents(&stream);
        assert_eq!(documents.len(), plan.hops.len(), "{name}");
        let mut state = plan.from.clone();
        for (hop, document) in plan.hops.iter().zip(&documents) {
            state.insert(hop.product, hop.to.clone().unwrap());
            let back = LaunchpadConfig::parse(document).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                back.installed(&no_overrides()).unwrap(),
                state,
                "{name}: {hop:?}"
            );
            assert_eq!(back.inventory(&state), config.inventory(&state), "{name}");
            // Only version lines differ from the user's file; its comments are all there.
            let original = config.text();
            let changed = original
                .lines()
                .zip(
                    document
                        .lines()
                        .skip_while(|l| l.starts_with('#') && !original.starts_with('#')),
                )
                .filter(|(a, b)| a != b)
                .count();
            assert!(changed <= 3, "{name}: {changed} lines changed");
            let comments = |text: &str| text.lines().filter(|l| l.contains('#')).count();
            assert!(comments(document) >= comments(original), "{name}");
        }
        let headers: Vec<&str> = stream.lines().filter(|l| l.starts_with("# Hop ")).collect();
        assert_eq!(headers.len(), 5, "{name}");
    }
}

#[test]
fn the_headers_name_the_hop_the_keys_and_the_command() {
    let config = config("cluster-v1.6.yaml");
    let plan = round_trip_plan(&config);
    let stream = render_launchpad(&config, &plan, "prod.yaml").unwrap();
    let headers: Vec<&str> = stream.lines().filter(|l| l.starts_with("# Hop ")).collect();
    assert_eq!(
        headers,
        [
            "# Hop 1 of 5: mcr 23.0.9 -> 23.0.9-1. Your config with spec.mcr.channel (mcr 23.0.9-1) set; apply it with: launchpad apply --config prod.yaml",
            "# Hop 2 of 5: mke 3.7.15 -> 3.8.12. Your config with spec.mcr.channel (mcr 23.0.9-1), spec.mke.version (mke 3.8.12) set; apply it with: launchpad apply --config prod.yaml",
            "# Hop 3 of 5: mcr 23.0.9-1 -> 25.0.12. Your config with spec.mcr.channel (mcr 25.0.12), spec.mke.version (mke 3.8.12) set; apply it with: launchpad apply --config prod.yaml",
            "# Hop 4 of 5: msr 2.9.21 -> 2.10.4. Your config with spec.mcr.channel (mcr 25.0.12), spec.mke.version (mke 3.8.12), spec.msr.version (msr 2.10.4) set; apply it with: launchpad apply --config prod.yaml",
            "# Hop 5 of 5: mke 3.8.12 -> 3.9.7. Your config with spec.mcr.channel (mcr 25.0.12), spec.mke.version (mke 3.9.7), spec.msr.version (msr 2.10.4) set; apply it with: launchpad apply --config prod.yaml",
        ]
    );
}

#[test]
fn a_hop_launchpad_refuses_says_so() {
    // A plan read back and edited by a person: MKE 3.7 -> 3.9 in one hop.
    let config = config("cluster-v1.6.yaml");
    let plan = round_trip_plan(&config);
    let mut json: serde_json::Value = serde_json::to_value(&plan).unwrap();
    json["hops"] = serde_json::json!([{"product": "mke", "from": "3.7.15", "to": "3.9.7", "rule": "skip-minor-version"}]);
    let edited = Plan::from_json(&json.to_string()).unwrap();
    let stream = render_launchpad(&config, &edited, "prod.yaml").unwrap();
    assert!(stream.contains("# Launchpad's own check stops this hop (it refuses a jump of more than one minor line: validateMKEVersionJump and validateMSRVersionJump in pkg/product/mke/phase/validate_facts.go); the plan needs it: check the plan, then run launchpad apply --force --config prod.yaml\n"), "{stream}");
}

#[test]
fn an_mke_4_migration_gets_the_mkectl_hosts_file_and_no_config() {
    let yaml = text("cluster-v1.6.yaml")
        .replace("stable-23.0.9", "stable-25.0.12")
        .replace("version: 3.7.15", "version: 3.9.7")
        .replace("role: msr", "role: worker");
    let config = LaunchpadConfig::parse(&yaml).unwrap();
    let installed = config.installed(&no_overrides()).unwrap();
    let request = Request {
        from: installed,
        to: BTreeMap::from([(Product::Mke, Target::parse("4").unwrap())]),
        allow_migrations: true,
        facts: BTreeMap::from([
            ("calico-ebpf".to_owned(), false),
            ("kube-proxy-not-iptables".to_owned(), false),
        ]),
        ..Request::default()
    };
    let plan = Planner::new(Catalog::embedded()).plan(&request).unwrap();
    let stream = render_launchpad(&config, &plan, "prod.yaml").unwrap();
    let addresses = [
        "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.1.1", "10.0.2.1", "10.0.2.2", "10.0.2.3",
    ];
    let mut expected_hosts = String::new();
    for a in addresses {
        write!(
            expected_hosts,
            "  - address: \"{a}\"\n    port: 22\n    user: \"ubuntu\"\n    keyPath: \"~/.ssh/prod\"\n"
        )
        .unwrap();
    }
    assert_eq!(
        stream,
        format!(
            "# Hop 1 of 1: mke 3.9.7 -> 4.2.1 (migration) is not one Launchpad performs: follow the plan's steps for it; the configs below keep the versions Launchpad manages\n\
             # Hop 1 of 1: mke 3.9.7 -> 4.2.1: the hosts file for mkectl upgrade --hosts-path, from the same hosts (port 22 where the config names none)\n\
             ---\nhosts:\n{expected_hosts}\
             # None of the plan's 1 hops is one Launchpad performs: no config to apply\n"
        )
    );
}

/// The plan of the round trip, with `--executor launchpad` on a config named `prod.yaml`.
fn executor_plan(config: &LaunchpadConfig, request: Request) -> Plan {
    let request = Request {
        launchpad: Some(config.executor("prod.yaml".to_owned())),
        ..request
    };
    Planner::new(Catalog::embedded()).plan(&request).unwrap()
}

fn round_trip_request(config: &LaunchpadConfig) -> Request {
    let installed = config.installed(&no_overrides()).unwrap();
    Request {
        from: installed.clone(),
        to: BTreeMap::from([
            (Product::Mke, Target::parse("3.9").unwrap()),
            (Product::Msr, Target::parse("2.10").unwrap()),
        ]),
        inventory: Some(config.inventory(&installed)),
        ..Request::default()
    }
}

#[test]
fn the_launchpad_executor_applies_each_hop_launchpad_performs() {
    for (name, _) in CLUSTERS {
        let config = config(name);
        let plan = executor_plan(&config, round_trip_request(&config));
        assert_eq!(
            plan.conditions.as_ref().and_then(|c| c.launchpad.clone()),
            Some(config.executor("prod.yaml".to_owned()))
        );
        assert_eq!(plan.hops.len(), 5, "{name}");
        for (index, hop) in plan.hops.iter().enumerate() {
            let number = index + 1;
            let steps: Vec<&Step> = plan.steps.iter().filter(|s| s.hop == number).collect();
            let to = hop.to.as_ref().unwrap();
            let setting = config
                .executor("prod.yaml".to_owned())
                .setting(hop.product, to)
                .unwrap();
            let set = steps
                .iter()
                .find(|s| s.id.as_str() == format!("hop-{number}/launchpad-config"))
                .unwrap_or_else(|| panic!("{name}: hop {number} has no config step"));
            assert_eq!(set.phase, Phase::Prepare);
            assert_eq!(
                set.title.as_str(),
                format!("Set {setting} in the Launchpad config prod.yaml")
            );
            assert!(set.unattended);
            // The upgrade is Launchpad's apply, and nothing else.
            let upgrades: Vec<&str> = steps
                .iter()
                .filter(|s| s.phase == Phase::Upgrade)
                .map(|s| s.command.as_ref().map_or("", |c| c.as_str()))
                .collect();
            assert_eq!(
                upgrades,
                ["launchpad apply --config prod.yaml"],
                "{name}: hop {number}"
            );
            let apply = steps.iter().find(|s| s.phase == Phase::Upgrade).unwrap();
            assert!(apply.unattended && apply.env.is_empty());
            assert_eq!(
                apply.source.as_ref().map(Text::as_str),
                Some(
                    "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/cmd/apply.go"
                )
            );
            assert!(
                apply
                    .note
                    .as_ref()
                    .unwrap()
                    .as_str()
                    .contains("Launchpad takes no backup")
            );
            // Launchpad pulls the images and sets the channel itself: no prepare step of ours
            // is left but the config's.
            let prepares: Vec<&str> = steps
                .iter()
                .filter(|s| s.phase == Phase::Prepare)
                .map(|s| s.id.as_str())
                .collect();
            assert_eq!(
                prepares,
                [format!("hop-{number}/launchpad-config")],
                "{name}"
            );
            // The plan's own checks, backups and verifications stay around it.
            for phase in [Phase::Precheck, Phase::Backup, Phase::Verify] {
                assert!(
                    steps.iter().any(|s| s.phase == phase),
                    "{name}: hop {number} {phase:?}"
                );
            }
        }
        // The validator re-derives the steps from the plan's recorded conditions.
        let violations = validate(&plan, &Catalog::embedded(), &ValidationOptions::default());
        assert!(violations.is_empty(), "{name}: {violations:?}");
        let json = serde_json::to_string(&plan).unwrap();
        let back = Plan::from_json(&json).unwrap();
        assert!(validate(&back, &Catalog::embedded(), &ValidationOptions::default()).is_empty());
    }
}

#[test]
fn without_the_executor_the_hops_keep_the_vendors_commands() {
    let config = config("cluster-v1.6.yaml");
    let plan = round_trip_plan(&config);
    assert_eq!(
        plan.conditions.as_ref().and_then(|c| c.launchpad.clone()),
        None
    );
    assert!(
        plan.steps
            .iter()
            .all(|s| !s.id.as_str().contains("launchpad"))
    );
    assert!(
        plan.steps
            .iter()
            .any(|s| s.id.as_str() == "hop-2/upgrade-mke")
    );
}

#[test]
fn hops_launchpad_does_not_perform_keep_their_procedures() {
    let yaml = text("cluster-v1.6.yaml")
        .replace("stable-23.0.9", "stable-25.0.12")
        .replace("version: 3.7.15", "version: 3.9.7")
        .replace("role: msr", "role: worker");
    let config = LaunchpadConfig::parse(&yaml).unwrap();
    let request = Request {
        from: config.installed(&no_overrides()).unwrap(),
        to: BTreeMap::from([(Product::Mke, Target::parse("4").unwrap())]),
        allow_migrations: true,
        facts: BTreeMap::from([
            ("calico-ebpf".to_owned(), false),
            ("kube-proxy-not-iptables".to_owned(), false),
        ]),
        ..Request::default()
    };
    let plan = executor_plan(&config, request);
    assert_eq!(plan.hops[0].rule, RuleId::Migration);
    assert!(
        plan.steps
            .iter()
            .all(|s| !s.id.as_str().contains("launchpad"))
    );
    assert!(
        plan.steps
            .iter()
            .any(|s| s.id.as_str() == "hop-1/mkectl-upgrade")
    );
}

#[test]
fn a_hop_launchpads_check_refuses_is_applied_with_force_and_says_why() {
    // A catalog without MKE 3.8: 3.7 -> 3.9 is the next minor to the upgrade table, a jump of
    // two minor numbers to Launchpad's validateMKEVersionJump.
    let catalog = Catalog::from_json(
        r#"{"schema_version": 1, "products": {
            "mcr": {"releases": ["25.0.12"]},
            "mke": {"releases": ["3.7.15", "3.9.7"]},
            "msr": {"releases": ["2.9.30"]}}}"#,
    )
    .unwrap();
    let yaml = text("cluster-v1.6.yaml")
        .replace("stable-23.0.9", "stable-25.0.12")
        .replace("role: msr", "role: worker");
    let config = LaunchpadConfig::parse(&yaml).unwrap();
    let request = Request {
        from: config.installed(&no_overrides()).unwrap(),
        to: BTreeMap::from([(Product::Mke, Target::parse("3.9.7").unwrap())]),
        launchpad: Some(config.executor("prod.yaml".to_owned())),
        ..Request::default()
    };
    let plan = Planner::new(catalog).plan(&request).unwrap();
    assert_eq!(plan.hops.len(), 1);
    let apply = plan
        .steps
        .iter()
        .find(|s| s.id.as_str() == "hop-1/launchpad-apply")
        .unwrap();
    assert_eq!(
        apply.title.as_str(),
        "Run Launchpad with --force: its own check refuses this hop, which the plan needs"
    );
    assert_eq!(
        apply.command.as_ref().unwrap().as_str(),
        "launchpad apply --force --config prod.yaml"
    );
    assert_eq!(
        apply.source.as_ref().unwrap().as_str(),
        "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/product/mke/phase/validate_facts.go"
    );
    assert!(apply.note.as_ref().unwrap().as_str().starts_with(
        "Launchpad's validateMKEVersionJump and validateMSRVersionJump (pkg/product/mke/phase/validate_facts.go) refuse a downgrade and a jump of more than one minor number within a major, and count 3.7.15 -> 3.9.7 as one;"
    ));
}

#[test]
fn an_override_of_a_product_the_cluster_does_not_run_is_not_written() {
    // The input the fuzz target stopped on: Launchpad's TestMissingMCRChannelFails, with
    // `--from` giving MSR too. The request has MSR; the config, without an MSR host, gets no
    // `msr` section (Launchpad would ignore it).
    let config = config("test-v1.6-no-channel.yaml");
    let overrides = state(&[
        (Product::Mcr, "25.0.14"),
        (Product::Mke, "3.8.12"),
        (Product::Msr, "2.9.30"),
    ]);
    let installed = config.installed(&overrides).unwrap();
    assert_eq!(installed, overrides);
    let written = config.with_versions(&installed).unwrap();
    assert!(!written.contains("msr"), "{written}");
    let back = LaunchpadConfig::parse(&written).unwrap();
    assert_eq!(
        back.installed(&no_overrides()).unwrap(),
        state(&[(Product::Mcr, "25.0.14"), (Product::Mke, "3.8.12")])
    );
}

#[test]
fn the_launchpad_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<LaunchpadConfig>();
    assert_send_sync::<LaunchpadError>();
    assert_send_sync::<YamlError>();
    assert_send_sync::<mirantis_upgrade_planner::request::LaunchpadExecutor>();
}

#[test]
fn a_winrm_host_is_a_windows_node_and_stays_out_of_the_mkectl_hosts() {
    // Launchpad's TestMigrateFromV1Beta2 host, as a worker next to an SSH manager.
    let yaml = "apiVersion: launchpad.mirantis.com/mke/v1.6\nkind: mke\nspec:\n  mcr:\n    channel: stable-25.0.14\n  mke:\n    version: 3.8.6\n  hosts:\n    - ssh: {address: 10.0.0.1, user: root}\n      role: manager\n    - winRM: {address: 10.0.0.9, user: foo, password: foo}\n      role: worker\n";
    let config = LaunchpadConfig::parse(yaml).unwrap();
    let inventory = config.inventory(&config.installed(&no_overrides()).unwrap());
    let systems: Vec<Option<mirantis_upgrade_planner::inventory::OsFamily>> =
        inventory.nodes.iter().map(|n| n.os).collect();
    assert_eq!(
        systems,
        [
            None,
            Some(mirantis_upgrade_planner::inventory::OsFamily::Windows)
        ]
    );
    assert_eq!(
        config.mkectl_hosts(),
        "hosts:\n  - address: \"10.0.0.1\"\n    port: 22\n    user: \"root\"\n  # 10.0.0.9 (Windows, WinRM) is left out: MKE 4 runs on Linux nodes only\n"
    );
}
