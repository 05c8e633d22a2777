//! The runbook: the steps of each kind of hop, site values, storage backends, offline sites
//! and version-specific steps.

mod common;

use common::scenarios::{self, embedded, minimal, overlay2, request};
use mirantis_upgrade_planner::{
    Catalog, Phase, Plan, Planner, Product, Request, Site, Step,
    inventory::{NodeNames, OsFamily, StorageBackend},
    plan::ArtifactKind,
};

#[track_caller]
fn plan(planner: &Planner, request: &Request) -> Plan {
    planner
        .plan(request)
        .unwrap_or_else(|refusal| panic!("refused: {refusal}"))
}

fn hop_steps(plan: &Plan, hop: usize) -> Vec<&Step> {
    plan.steps.iter().filter(|s| s.hop == hop).collect()
}

#[track_caller]
fn find<'a>(steps: &[&'a Step], id: &str) -> (usize, &'a Step) {
    let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    let index = ids
        .iter()
        .position(|s| *s == id)
        .unwrap_or_else(|| panic!("no step {id} in {ids:?}"));
    (index, steps[index])
}

fn command<'a>(steps: &[&'a Step], id: &str) -> &'a str {
    find(steps, id)
        .1
        .command
        .as_deref()
        .unwrap_or_else(|| panic!("{id} has no command"))
}

fn msr_patch_plan() -> Plan {
    plan(
        &embedded(),
        &minimal(request("mcr=25.0.18,mke=3.8.12,msr=2.9.29", "msr=2.9.30")),
    )
}

#[test]
fn msr_2_9_patch_hop_carries_every_item_of_the_seed() {
    let plan = msr_patch_plan();
    assert_eq!(plan.hops.len(), 1);
    let steps = hop_steps(&plan, 1);
    // The MKE version in use is supported by the target MSR.
    let (_, mke_check) = find(&steps, "hop-1/check-mke-supported");
    assert_eq!(
        mke_check.title,
        "Check that MKE 3.8.12 is supported by MSR 2.9.30"
    );
    assert!(
        mke_check
            .note
            .as_deref()
            .unwrap()
            .contains("'msr 2.9.*' requires 'mke >=3.3.0, <3.9.0'")
    );
    // Recent MKE and MSR backups, with the real backup commands.
    assert!(
        command(&steps, "hop-1/backup-mke").contains("mirantis/ucp:3.8.12 backup --passphrase")
    );
    assert!(command(&steps, "hop-1/backup-msr").contains("mirantis/dtr:2.9.29 backup"));
    assert!(command(&steps, "hop-1/backup-msr").contains("--existing-replica-id <replica-id>"));
    // The swarm-state backup, on an MKE manager.
    let (_, swarm) = find(&steps, "hop-1/backup-swarm");
    assert!(swarm.command.as_deref().unwrap().contains("sudo tar czvf \"<backup-dir>/swarm-${ENGINE}-$(hostname -s)-$(date +%s%z).tgz\" /var/lib/docker/swarm/"));
    assert_eq!(swarm.node.as_deref(), Some("an MKE manager"));
    // The image-storage backup, when no backend is given: the command picks the volume that
    // exists, so that only one tar runs.
    let storage = command(&steps, "hop-1/backup-image-storage");
    assert!(
        storage.starts_with("if [ -d /var/lib/docker/volumes/dtr-registry-nfs-<replica-id> ]; then\n  sudo tar -cf <backup-dir>/dtr-registry-nfs-<replica-id>.tar"),
        "{storage}"
    );
    assert!(storage.contains("\nelse\n  sudo tar -cf <backup-dir>/dtr-registry-<replica-id>.tar -C /var/lib/docker/volumes/dtr-registry-<replica-id> .\nfi"), "{storage}");
    // Time drift and disks.
    find(&steps, "hop-1/check-time-drift");
    find(&steps, "hop-1/check-disks");
    // Docker Content Trust disabled in MKE.
    assert!(command(&steps, "hop-1/check-content-trust").contains("require_content_trust"));
    // 16 GB of RAM on the node that runs the upgrade.
    let (_, ram) = find(&steps, "hop-1/check-ram");
    assert!(ram.title.contains("16 GB"));
    // The image pull with the right repository.
    assert_eq!(
        command(&steps, "hop-1/pull-msr-image"),
        "docker pull mirantis/dtr:2.9.30"
    );
    // upgrade with --existing-replica-id and the MKE flags, and the resume note.
    let (_, upgrade) = find(&steps, "hop-1/upgrade-msr");
    let upgrade_command = upgrade.command.as_deref().unwrap();
    // No terminal and no prompt: every value given, the password passed by name.
    assert!(
        upgrade_command
            .starts_with("docker run -i --rm -e UCP_PASSWORD mirantis/dtr:2.9.30 upgrade")
    );
    assert!(upgrade.unattended);
    assert_eq!(upgrade.env, ["UCP_PASSWORD"]);
    assert_eq!(
        upgrade.source.as_deref(),
        Some("https://docs.mirantis.com/msr/2.9/cli-ref/upgrade/")
    );
    for flag in [
        "--existing-replica-id <replica-id>",
        "--ucp-url <mke-url>",
        "--ucp-username <mke-admin>",
        "--ucp-ca",
    ] {
        assert!(upgrade_command.contains(flag), "{flag}");
    }
    assert!(upgrade.rerun_safe);
    assert!(
        upgrade
            .note
            .as_deref()
            .unwrap()
            .contains("run the same command again: it resumes from the point of interruption")
    );
    // Verification.
    assert!(command(&steps, "hop-1/verify-containers").starts_with("docker ps --filter name=dtr"));
    assert!(command(&steps, "hop-1/verify-web-ui").contains("https://<msr-url>/_ping"));
    let push_pull = command(&steps, "hop-1/verify-push-pull");
    assert!(push_pull.contains("docker push") && push_pull.contains("docker pull <msr-url>/"));
    // The seed's metadata-store check is an interactive shell: a manual step, its exact
    // lines in the note, and its image mirrored with the others.
    let (_, metadata) = find(&steps, "hop-1/verify-metadata-store");
    assert!(
        metadata.command.is_none(),
        "an executor cannot type into a shell"
    );
    assert!(metadata.title.starts_with("By hand:"));
    let note = metadata.note.as_deref().unwrap();
    assert!(
        note.contains("r.db(\"rethinkdb\").table(\"current_issues\")"),
        "{note}"
    );
    assert!(
        note.contains("dockerhubenterprise/rethinkcli:v2.3.0 $REPLICA_ID"),
        "{note}"
    );
    // Cache nodes after the replicas, and the vulnerability database.
    let (_, caches) = find(&steps, "hop-1/upgrade-caches");
    assert_eq!(caches.phase, Phase::Post);
    find(&steps, "hop-1/vulnerability-database");
}

#[test]
fn msr_hop_goes_backup_then_upgrade_then_verify() {
    let plan = msr_patch_plan();
    let steps = hop_steps(&plan, 1);
    let last = |phase| steps.iter().rposition(|s| s.phase == phase).unwrap();
    let first = |phase| steps.iter().position(|s| s.phase == phase).unwrap();
    assert!(last(Phase::Precheck) < first(Phase::Backup));
    assert!(last(Phase::Backup) < first(Phase::Prepare));
    assert!(last(Phase::Prepare) < first(Phase::Upgrade));
    assert!(last(Phase::Upgrade) < first(Phase::Verify));
    assert!(last(Phase::Verify) < first(Phase::Post));
    let phases: Vec<Phase> = steps.iter().map(|s| s.phase).collect();
    let mut sorted = phases.clone();
    sorted.sort();
    assert_eq!(phases, sorted);
}

#[test]
fn plan_wide_steps_come_first() {
    let plan = msr_patch_plan();
    let ids: Vec<&str> = plan
        .steps
        .iter()
        .take_while(|s| s.hop == 0)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "plan/schedule",
            "plan/system-requirements",
            "plan/ports",
            "plan/admin-can-deploy",
            "plan/upgrade-order",
            "plan/mirror-artifacts"
        ]
    );
    let steps = hop_steps(&plan, 0);
    assert!(
        find(&steps, "plan/schedule")
            .1
            .title
            .contains("a few seconds of interruption")
    );
    assert!(command(&steps, "plan/ports").contains(":443"));
    assert!(
        find(&steps, "plan/admin-can-deploy")
            .1
            .note
            .as_deref()
            .unwrap()
            .contains("could not find any nodes on which the container could be created")
    );
    assert_eq!(
        command(&steps, "plan/mirror-artifacts"),
        "docker pull mirantis/dtr:2.9.30\ndocker pull dockerhubenterprise/rethinkcli:v2.3.0"
    );
    assert_eq!(plan.artifacts.len(), 2);
    assert_eq!(plan.artifacts[0].kind, ArtifactKind::Image);
    assert_eq!(plan.artifacts[0].name, "mirantis/dtr:2.9.30");
}

#[test]
fn image_repositories_follow_the_version() {
    let plan = plan(
        &embedded(),
        &minimal(request("mcr=25.0.18,mke=3.8.12,msr=2.9.30", "msr=2.10")),
    );
    let steps = hop_steps(&plan, 1);
    assert_eq!(
        command(&steps, "hop-1/pull-msr-image"),
        "docker pull registry.mirantis.com/msr/dtr:2.10.4"
    );
    assert!(command(&steps, "hop-1/backup-msr").contains("mirantis/dtr:2.9.30 backup"));
    let old = plan_of("mcr=19.03.14,mke=3.2.0,msr=2.7.0", "msr=2.7.3");
    assert_eq!(
        command(&hop_steps(&old, 1), "hop-1/pull-msr-image"),
        "docker pull docker/dtr:2.7.3"
    );
    let old_mke = plan_of("mcr=19.03.14,mke=3.2.0,msr=2.7.0", "mke=3.2.4");
    assert!(
        command(&hop_steps(&old_mke, 1), "hop-1/upgrade-mke").contains("docker/ucp:3.2.4 upgrade")
    );
}

fn plan_of(from: &str, to: &str) -> Plan {
    plan(&embedded(), &minimal(request(from, to)))
}

#[test]
fn site_values_replace_the_placeholders() {
    let mut request = minimal(request("mcr=25.0.18,mke=3.8.12,msr=2.9.29", "msr=2.9.30"));
    request.site = Site {
        mke_url: Some("mke.example.com:443".to_owned()),
        msr_url: Some("msr.example.com".to_owned()),
        admin_user: Some("ops".to_owned()),
        replica_id: Some("a1b2c3d4e5f6".to_owned()),
        storage: Some(StorageBackend::Nfs),
        backup_dir: Some("/srv/backups".to_owned()),
        ..Site::default()
    };
    let plan = plan(&embedded(), &request);
    let steps = hop_steps(&plan, 1);
    assert_eq!(
        command(&steps, "hop-1/upgrade-msr"),
        "docker run -i --rm -e UCP_PASSWORD mirantis/dtr:2.9.30 upgrade \\\n  --existing-replica-id a1b2c3d4e5f6 \\\n  --ucp-url mke.example.com:443 --ucp-username ops \\\n  --ucp-ca \"$(curl -sk https://mke.example.com:443/ca)\""
    );
    assert_eq!(
        command(&steps, "hop-1/backup-image-storage"),
        "sudo tar -cf /srv/backups/dtr-registry-nfs-a1b2c3d4e5f6.tar -C /var/lib/docker/volumes/dtr-registry-nfs-a1b2c3d4e5f6 ."
    );
    let text: String = plan
        .steps
        .iter()
        .filter_map(|s| s.command.clone())
        .collect();
    for placeholder in [
        "<mke-url>",
        "<msr-url>",
        "<mke-admin>",
        "<replica-id>",
        "<backup-dir>",
    ] {
        assert!(
            !text.contains(placeholder),
            "{placeholder} left in the commands"
        );
    }
}

/// Site values are written into the commands as given, never read again as tokens or
/// placeholders' names: a `%to%` and multi-byte text.
#[test]
fn odd_site_values_are_written_as_given() {
    let mut request = minimal(request("mcr=25.0.18,mke=3.8.12,msr=2.9.29", "msr=2.9.30"));
    request.site = Site {
        mke_url: Some("%to%".to_owned()),
        admin_user: Some("é%from%".to_owned()),
        replica_id: Some("%replica%".to_owned()),
        nodes: Some(NodeNames {
            managers: vec!["m%to%".to_owned()],
            workers: vec!["é".to_owned()],
            ..NodeNames::default()
        }),
        ..Site::default()
    };
    let plan = plan(&embedded(), &request);
    let steps = hop_steps(&plan, 1);
    assert_eq!(
        command(&steps, "hop-1/upgrade-msr"),
        "docker run -i --rm -e UCP_PASSWORD mirantis/dtr:2.9.30 upgrade \\\n  --existing-replica-id %replica% \\\n  --ucp-url %to% --ucp-username é%from% \\\n  --ucp-ca \"$(curl -sk https://%to%/ca)\""
    );
    // Every placeholder listed is a name between angle brackets that its steps carry.
    for placeholder in &plan.placeholders {
        let name = placeholder.name.as_str();
        assert!(
            name.len() > 2 && name.starts_with('<') && name.ends_with('>'),
            "{name}"
        );
        for id in &placeholder.steps {
            let step = plan.steps.iter().find(|s| s.id == *id).unwrap();
            let texts = [
                Some(&step.title),
                step.command.as_ref(),
                step.node.as_ref(),
                step.note.as_ref(),
            ];
            assert!(
                texts.into_iter().flatten().any(|t| t.contains(name)),
                "{name} in {id}"
            );
        }
    }
}

/// The commands carry site values unquoted, so a value a shell would not read as one plain
/// word (empty, a space, a quote, `;`, `$`, `<`...) is refused, naming its field and value,
/// wherever it comes from: a site field, a node or replica of the inventory, or the
/// Launchpad config's path.
#[test]
fn a_site_value_a_shell_would_split_or_run_is_refused_naming_it() {
    let base = || minimal(request("mcr=25.0.18,mke=3.8.12,msr=2.9.29", "msr=2.9.30"));
    let refused = |edit: &dyn Fn(&mut Request)| {
        let mut request = base();
        edit(&mut request);
        let refusal = embedded().plan(&request).unwrap_err();
        assert_eq!(refusal.code(), "bad-site-value", "{refusal}");
        assert!(refusal.is_input_error());
        refusal.to_string()
    };
    let message = refused(&|r| r.site.mke_url = Some("x; rm -rf / #".to_owned()));
    assert!(
        message.starts_with("site value mke_url \"x; rm -rf / #\" is not one plain word"),
        "{message}"
    );
    for value in [
        "",
        "/var/my backups",
        "a'b",
        "a\"b",
        "$(id)",
        "`id`",
        "a|b",
        "a&b",
        "<",
        ">",
        "a\nb",
        "a\\b",
        "*",
        "{a,b}",
    ] {
        let message = refused(&|r| r.site.backup_dir = Some(value.to_owned()));
        assert!(message.starts_with("site value backup_dir "), "{message}");
    }
    let message = refused(&|r| {
        r.site.nodes = Some(NodeNames {
            workers: vec!["ok".to_owned(), "two words".to_owned()],
            ..NodeNames::default()
        });
    });
    assert!(
        message.starts_with("site value nodes \"two words\""),
        "{message}"
    );
    let message = refused(&|r| r.site.replicas = vec![("abc".to_owned(), "n;1".to_owned())]);
    assert!(
        message.starts_with("site value replicas \"n;1\""),
        "{message}"
    );
    let message = refused(&|r| {
        r.launchpad = Some(mirantis_upgrade_planner::request::LaunchpadExecutor::new(
            "my cluster.yaml".to_owned(),
            std::collections::BTreeMap::new(),
            None,
        ));
    });
    assert!(
        message.starts_with("site value launchpad \"my cluster.yaml\""),
        "{message}"
    );
    // URLs, paths, user names and IPv6 addresses as sites write them pass.
    let mut request = base();
    request.site.mke_url = Some("https://[fd00::1]:443".to_owned());
    request.site.backup_dir = Some("/var/backups/mirantis-2026_12".to_owned());
    request.site.admin_user = Some("admin@corp.example.com".to_owned());
    assert!(embedded().plan(&request).is_ok());
}

#[test]
fn the_storage_backup_fits_the_backend() {
    let backup = |storage| {
        let mut request = minimal(request("mcr=25.0.18,mke=3.8.12,msr=2.9.29", "msr=2.9.30"));
        request.site.storage = storage;
        let plan = plan(&embedded(), &request);
        let (_, step) = find(&hop_steps(&plan, 1), "hop-1/backup-image-storage");
        (step.title.clone(), step.command.clone())
    };
    let (_, local) = backup(Some(StorageBackend::Local));
    assert_eq!(
        local.as_deref(),
        Some(
            "sudo tar -cf <backup-dir>/dtr-registry-<replica-id>.tar -C /var/lib/docker/volumes/dtr-registry-<replica-id> ."
        )
    );
    let (title, object) = backup(Some(StorageBackend::Object));
    assert_eq!(object, None);
    assert!(title.contains("object store"));
}

#[test]
fn offline_sites_load_bundles_that_are_listed_first() {
    let mut request = minimal(request("mcr=25.0.18,mke=3.8.12,msr=2.9.29", "msr=2.10"));
    request.offline = true;
    let plan = plan(&embedded(), &request);
    assert!(plan.offline);
    assert_eq!(plan.steps[0].id, "plan/download-bundles");
    assert!(
        plan.steps[0]
            .command
            .as_deref()
            .unwrap()
            .contains("docker save -o msr-2.10.4-images.tar registry.mirantis.com/msr/dtr:2.10.4")
    );
    assert_eq!(plan.artifacts[0].kind, ArtifactKind::Bundle);
    assert_eq!(plan.artifacts[0].name, "msr-2.10.4-images.tar");
    let (_, load) = find(&hop_steps(&plan, 1), "hop-1/pull-msr-image");
    assert_eq!(
        load.command.as_deref(),
        Some("docker load -i msr-2.10.4-images.tar")
    );
    // Every replica and cache replaces its containers: the images go on each of them.
    assert_eq!(
        load.node.as_deref(),
        Some("each MSR replica node and each MSR cache node")
    );
    assert!(
        plan.artifacts
            .iter()
            .any(|a| a.kind == ArtifactKind::Bundle && a.name == "rethinkcli-v2.3.0-image.tar"),
        "the metadata-store check's image is bundled too"
    );
    let online = plan_of("mcr=25.0.18,mke=3.8.12,msr=2.9.29", "msr=2.10");
    assert!(
        online
            .artifacts
            .iter()
            .all(|a| a.kind != ArtifactKind::Bundle)
    );
    assert!(
        online
            .steps
            .iter()
            .all(|s| !s.command.as_deref().unwrap_or("").contains("docker load"))
    );
}

#[test]
fn mke_hop_has_backup_upgrade_and_health_checks() {
    let plan = plan_of("mcr=25.0.18,mke=3.7.25,msr=2.9.30", "mke=3.8");
    let steps = hop_steps(&plan, 1);
    assert!(
        command(&steps, "hop-1/backup-mke").contains("mirantis/ucp:3.7.25 backup --passphrase")
    );
    assert_eq!(
        command(&steps, "hop-1/upgrade-mke"),
        "docker container run --rm -i --name ucp \\\n  --volume /var/run/docker.sock:/var/run/docker.sock \\\n  mirantis/ucp:3.8.12 upgrade \\\n  --id \"$(docker info --format '{{.Swarm.Cluster.ID}}')\" --manual-worker-upgrade",
        "3.7 -> 3.8: the phased method that the precheck recommends"
    );
    find(&steps, "hop-1/upgrade-workers-phased");
    assert!(!find(&steps, "hop-1/upgrade-mke").1.rerun_safe);
    assert!(command(&steps, "hop-1/check-mke-health").contains("/_ping"));
    assert!(command(&steps, "hop-1/verify-mke-health").contains("/_ping"));
    assert!(
        find(&steps, "hop-1/choose-method")
            .1
            .note
            .as_deref()
            .unwrap()
            .contains("Kubernetes 1.31")
    );
    assert!(command(&steps, "hop-1/update-interlock").contains("mirantis/ucp-interlock:3.8.12"));
    assert!(
        find(&steps, "hop-1/know-rollback")
            .1
            .note
            .as_deref()
            .unwrap()
            .contains("20 minutes")
    );
}

#[test]
fn mke_3_9_carries_its_notes_and_3_6_does_not_get_3_8_caveats() {
    let to_3_9 = plan_of("mcr=25.0.18,mke=3.8.12,msr=2.10.0", "mke=3.9");
    find(&hop_steps(&to_3_9, 1), "hop-1/ingress-controller");
    let to_3_6 = plan_of("mcr=23.0.9,mke=3.5.12,msr=2.9.30", "mke=3.6");
    let ids: Vec<&str> = to_3_6.steps.iter().map(|s| s.id.as_str()).collect();
    assert!(!ids.iter().any(|id| id.ends_with("choose-method")
        || id.ends_with("ingress-controller")
        || id.ends_with("know-rollback")));
}

#[test]
fn mcr_hop_goes_node_by_node() {
    let mut request = overlay2(minimal(request(
        "mcr=20.10.13,mke=3.7.25,msr=2.9.30",
        "mcr=23.0",
    )));
    // One system for every node (`--os`): one step of each kind (tests/os.rs has the others).
    request.site.os = Some(OsFamily::Ubuntu);
    let plan = plan(&embedded(), &request);
    let steps = hop_steps(&plan, 1);
    let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "hop-1/check-cluster-health",
            "hop-1/check-storage-driver",
            "hop-1/backup-swarm",
            "hop-1/set-channel",
            "hop-1/drain-managers",
            "hop-1/upgrade-managers",
            "hop-1/check-managers",
            "hop-1/activate-managers",
            "hop-1/drain-msr-nodes",
            "hop-1/upgrade-msr-nodes",
            "hop-1/check-msr-nodes",
            "hop-1/activate-msr-nodes",
            "hop-1/drain-workers",
            "hop-1/upgrade-workers",
            "hop-1/check-workers",
            "hop-1/activate-workers",
            "hop-1/verify-engines",
        ]
    );
    let channel = command(&steps, "hop-1/set-channel");
    assert!(
        channel.contains("Components: stable-23.0\n") && !channel.contains("false"),
        "{channel}"
    );
    assert_eq!(
        command(&steps, "hop-1/upgrade-managers"),
        "sudo DEBIAN_FRONTEND=noninteractive apt-get install -y docker-ee=<version-string> docker-ee-cli=<version-string> containerd.io\nsudo systemctl restart docker"
    );
    // Draining and reactivating are manager commands: they run on a manager.
    for group in ["managers", "msr-nodes", "workers"] {
        let (_, drain) = find(&steps, &format!("hop-1/drain-{group}"));
        assert_eq!(drain.node.as_deref(), Some("an MKE manager"), "{group}");
        assert_eq!(
            drain.command.as_deref(),
            Some("docker node update --availability drain <this-node>")
        );
        let (_, activate) = find(&steps, &format!("hop-1/activate-{group}"));
        assert_eq!(activate.node.as_deref(), Some("an MKE manager"), "{group}");
        assert_eq!(
            activate.command.as_deref(),
            Some("docker node update --availability active <this-node>")
        );
        assert!(!command(&steps, &format!("hop-1/upgrade-{group}")).contains("docker node update"));
    }
    assert_eq!(
        find(&steps, "hop-1/upgrade-managers").1.node.as_deref(),
        Some("each MKE manager, one at a time")
    );
    assert!(
        command(&steps, "hop-1/check-storage-driver")
            .contains("docker info --format '{{.Driver}}'")
    );
    // No storage-driver check from 23.0 on, and no MSR-node group without MSR.
    let later = plan_of("mcr=23.0.9,mke=3.8.12", "mcr=25.0");
    let ids: Vec<&str> = later.steps.iter().map(|s| s.id.as_str()).collect();
    assert!(!ids.contains(&"hop-1/check-storage-driver"));
    assert!(!ids.contains(&"hop-1/upgrade-msr-nodes"));
    assert!(command(&hop_steps(&later, 1), "hop-1/set-channel-if-sles").contains("stable-25.0"));
}

#[test]
fn metadatastoremigration_follows_msr_2_5_to_2_6() {
    let json = r#"{"schema_version": 1, "products": {
        "mke": {"releases": ["3.0.0"]}, "msr": {"releases": ["2.5.3", "2.6.0"]}}}"#;
    let planner = Planner::new(Catalog::from_json(json).unwrap());
    let upgrade = plan(&planner, &request("mke=3.0.0,msr=2.5.3", "msr=2.6.0"));
    let steps = hop_steps(&upgrade, 1);
    let (_, watch) = find(&steps, "hop-1/watch-metadatastoremigration");
    assert_eq!(watch.phase, Phase::Post);
    assert!(
        watch
            .note
            .as_deref()
            .unwrap()
            .contains("garbage collection is disabled while it runs")
    );
    let retrigger = command(&steps, "hop-1/retrigger-metadatastoremigration");
    assert!(
        retrigger.contains("/api/v0/jobs -X POST")
            && retrigger.contains("{\"action\": \"metadatastoremigration\"}")
    );
    let patch = plan(&planner, &request("mke=3.0.0,msr=2.5.3", "msr=2.5.3"));
    assert!(patch.steps.is_empty());
}

#[test]
fn msr_migration_hop_has_the_tools_stages_and_prerequisites() {
    let mut request = minimal(request("mcr=25.0.18,mke=3.7.25,msr=2.9.30", "msr=3.1"));
    request.allow_migrations = true;
    let plan = plan(&embedded(), &request);
    let number = plan
        .hops
        .iter()
        .position(|h| h.product == Product::Msr)
        .unwrap()
        + 1;
    let steps = hop_steps(&plan, number);
    let prefix = format!("hop-{number}/");
    let id = |slug: &str| format!("{prefix}{slug}");
    assert!(
        find(&steps, &id("check-target"))
            .1
            .note
            .as_deref()
            .unwrap()
            .contains("3.0.3 or later")
    );
    assert!(command(&steps, &id("source-read-only")).contains("{\"readOnlyRegistry\": true}"));
    assert!(command(&steps, &id("pull-mmt")).contains("registry.mirantis.com/msr/mmt"));
    for stage in [
        "mmt-verify",
        "mmt-estimate",
        "mmt-extract",
        "mmt-transform",
        "mmt-restore",
    ] {
        find(&steps, &id(stage));
    }
    assert!(command(&steps, &id("mmt-extract")).contains("extract msr"));
    assert!(
        plan.artifacts
            .iter()
            .any(|a| a.name == "registry.mirantis.com/msr/mmt:2.0.3")
    );
}

#[test]
fn every_scenario_plan_has_backup_upgrade_and_verify_per_hop_and_unique_ids() {
    for scenario in scenarios::all() {
        let Ok(plan) = scenario.planner.plan(&scenario.request) else {
            continue;
        };
        let mut ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "{}: step ids are unique", scenario.name);
        for number in 1..=plan.hops.len() {
            let phases: Vec<Phase> = hop_steps(&plan, number).iter().map(|s| s.phase).collect();
            let position = |phase| phases.iter().position(|p| *p == phase);
            let (backup, upgrade, verify) = (
                position(Phase::Backup),
                position(Phase::Upgrade),
                position(Phase::Verify),
            );
            assert!(
                backup.is_some() && upgrade.is_some() && verify.is_some(),
                "{} hop {number}: {phases:?}",
                scenario.name
            );
            assert!(
                backup < upgrade && upgrade < verify,
                "{} hop {number}: {phases:?}",
                scenario.name
            );
        }
        assert!(
            plan.steps.iter().all(|s| s.hop <= plan.hops.len()),
            "{}",
            scenario.name
        );
    }
}
