//! Runbook fidelity: each release line runs the procedure the catalog gives it, with the
//! vendor's exact commands, and a line without a documented procedure gets no invented one.

mod common;

use common::scenarios::{embedded, minimal, overlay2, request, with_fact};
use mirantis_upgrade_planner::{
    Catalog, Plan, Planner, Product, Request, Step,
    catalog::Procedure,
    inventory::OsFamily,
    lint,
    lint::{LintCode, LintFinding},
    plan::ArtifactKind,
};

#[track_caller]
fn plan(planner: &Planner, request: &Request) -> Plan {
    planner
        .plan(request)
        .unwrap_or_else(|refusal| panic!("refused: {refusal}"))
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
    step(plan, id).command.as_deref().unwrap_or("")
}

/// Every command of the plan, joined.
fn commands(plan: &Plan) -> String {
    plan.steps
        .iter()
        .filter_map(|s| s.command.as_deref())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_catalog_says_how_each_line_is_operated() {
    let catalog = Catalog::embedded();
    let procedures = |product, version: &str| {
        catalog
            .operation(product, &version.parse().unwrap())
            .procedures
            .clone()
    };
    assert_eq!(procedures(Product::Msr, "2.9.30"), [Procedure::DtrCli]);
    assert_eq!(procedures(Product::Msr, "3.0.3"), [Procedure::Helm]);
    assert_eq!(
        procedures(Product::Msr, "3.1.14"),
        [Procedure::MsrOperator, Procedure::Helm]
    );
    assert_eq!(procedures(Product::Msr, "4.13.2"), [Procedure::Msr4Helm]);
    assert_eq!(procedures(Product::Mke, "3.9.7"), [Procedure::UcpCli]);
    assert_eq!(procedures(Product::Mke, "4.2.1"), [Procedure::Mkectl]);
    assert_eq!(procedures(Product::Mcr, "25.0.12"), [Procedure::Packages]);
    assert_eq!(
        catalog
            .release(Product::Msr, &"3.1.14".parse().unwrap())
            .unwrap()
            .helm_chart
            .as_deref(),
        Some("1.1.18")
    );
    // A catalog that says nothing keeps the format's old meaning, and anything else is
    // manual.
    let bare = Catalog::from_json(
        r#"{"schema_version": 1, "products": {"msr": {"releases": ["2.9.0", "3.0.0"]}}}"#,
    )
    .unwrap();
    assert_eq!(
        bare.operation(Product::Msr, &"2.9.0".parse().unwrap())
            .procedures,
        [Procedure::DtrCli]
    );
    assert_eq!(
        bare.operation(Product::Msr, &"3.0.0".parse().unwrap())
            .procedures,
        [Procedure::Manual]
    );
}

#[test]
fn msr_3_1_patch_hop_uses_the_operator_or_the_helm_chart_never_the_dtr_cli() {
    let plan = plan(
        &embedded(),
        &minimal(request("mke=3.7.25,msr=3.1.8", "msr=3.1.14")),
    );
    let all = commands(&plan);
    assert!(!all.contains("dtr"), "no DTR bootstrapper: {all}");
    assert!(!all.contains("rethinkcli"));
    // The Operator, first: cert-manager and postgres-operator, then the custom resource.
    assert!(command(&plan, "hop-1/upgrade-cert-manager").starts_with(
        "helm upgrade cert-manager cert-manager \\\n  --repo https://charts.jetstack.io"
    ));
    assert!(
        command(&plan, "hop-1/upgrade-postgres-operator")
            .contains("--set configKubernetes.spilo_runasuser=101")
    );
    assert_eq!(
        step(&plan, "hop-1/set-image-tag").title,
        "Set the MSR version in the custom resource: spec.image.tag: 3.1.14 in <msr-cr-manifest>"
    );
    assert_eq!(
        command(&plan, "hop-1/upgrade-msr"),
        "kubectl apply -f <msr-cr-manifest>"
    );
    assert_eq!(
        command(&plan, "hop-1/verify-reconciled"),
        "kubectl get msrs.msr.mirantis.com\nkubectl get rethinkdbs.rethinkdb.com"
    );
    // One procedure's steps only, never both upgrades: a precheck names the other one.
    assert!(!all.contains("helm upgrade <msr-release>"), "{all}");
    let choice = step(&plan, "hop-1/confirm-procedure");
    assert_eq!(
        choice.title,
        "Confirm that msr 3.1.8 was deployed with the MSR Operator: the steps of this hop are for it"
    );
    assert!(choice.command.is_none());
    let note = choice.note.as_deref().unwrap();
    assert!(
        note.starts_with("If it was deployed with the Helm chart instead, do not run these steps"),
        "{note}"
    );
    assert!(
        note.contains("https://docs.mirantis.com/msr/3.1/ops/upgrade/upgrade-kubernetes.html"),
        "{note}"
    );
    // No MSR 2.x host checks for an MSR run on Kubernetes.
    assert!(
        plan.steps
            .iter()
            .all(|s| s.id != "plan/ports" && s.id != "plan/system-requirements")
    );
    assert!(
        !step(&plan, "hop-1/check-kubernetes")
            .note
            .as_deref()
            .unwrap()
            .contains("image tag")
    );
    assert_eq!(
        command(&plan, "hop-1/backup-msr"),
        "kubectl exec -i -n <msr-namespace> deployment.apps/<msr-api-deployment> -- msr backup - \\\n  > <backup-dir>/msr-metadata-3.1.8-backup-$(date +%Y%m%d%H%M%S).tar"
    );
    assert!(
        plan.artifacts.iter().any(
            |a| a.name == "oci://registry.mirantis.com/msr/helm/msr (Helm chart of msr 3.1.14)"
        )
    );
}

#[test]
fn msr_3_0_to_3_1_is_a_helm_upgrade_only() {
    let plan = plan(
        &embedded(),
        &minimal(request("mke=3.7.25,msr=3.0.3", "msr=3.1")),
    );
    assert!(command(&plan, "hop-1/upgrade-msr").starts_with(
        "helm upgrade <msr-release> oci://registry.mirantis.com/msr/helm/msr --version 1.1.18"
    ));
    assert!(
        plan.steps.iter().all(|s| !s.id.contains("msr-operator")),
        "3.0 runs with the Helm chart, so the Operator's steps do not apply"
    );
}

#[test]
fn msr_4_hop_upgrades_with_its_own_chart() {
    let plan = plan(&embedded(), &request("msr=4.13.0", "msr=4.13.2"));
    assert_eq!(
        command(&plan, "hop-1/upgrade-msr"),
        "helm upgrade <msr-release> \\\n  oci://registry.mirantis.com/harbor/helm/msr \\\n  --version 4.13.2 \\\n  --namespace <msr-namespace> \\\n  --values <msr-values-file>"
    );
    assert_eq!(
        command(&plan, "hop-1/new-defaults"),
        "helm show values oci://registry.mirantis.com/harbor/helm/msr --version 4.13.2 > msr-values-new-defaults.yaml"
    );
    assert!(step(&plan, "hop-1/backup-msr").title.contains("Velero"));
    assert!(!commands(&plan).contains("dtr"));
}

#[test]
fn mke_4_hop_upgrades_with_mkectl() {
    let plan = plan(&embedded(), &request("mke=4.1.5", "mke=4.2.1"));
    assert_eq!(
        command(&plan, "hop-1/upgrade-mke"),
        "mkectl upgrade --upgrade-version 4.2.1 --config-out <mke4-upgraded-config>"
    );
    assert_eq!(
        command(&plan, "hop-1/backup-mke"),
        "mkectl backup -f <mke4-config> --name <mke4-backup-name>.tar"
    );
    assert!(
        command(&plan, "hop-1/install-mkectl")
            .starts_with("sudo MKECTL_VERSION=v4.2.1 /bin/bash -c")
    );
    let all = commands(&plan);
    assert!(!all.contains("ucp"), "no UCP bootstrapper: {all}");
}

#[test]
fn mke_3_9_to_4_migrates_with_mkectl() {
    let mut request = with_fact(
        minimal(request("mcr=25.0.12,mke=3.9.7", "mke=4.2")),
        "calico-ebpf",
        false,
    );
    request.allow_migrations = true;
    let plan = plan(&embedded(), &request);
    assert_eq!(
        command(&plan, "hop-1/mkectl-upgrade"),
        "read -sp 'MKE password: ' MKE_PASSWORD; echo\nmkectl upgrade --hosts-path <mke4-hosts-file> \\\n  --mke3-admin-username <mke-admin> --mke3-admin-password \"$MKE_PASSWORD\" \\\n  --external-address <mke4-external-address> --config-out <mke4-config>"
    );
    assert!(command(&plan, "hop-1/dry-run").ends_with("--dry-run"));
    assert!(
        step(&plan, "hop-1/check-calico")
            .title
            .contains("calico_kdd = true")
    );
    assert!(command(&plan, "hop-1/backup-mke").contains("mirantis/ucp:3.9.7 backup"));
}

#[test]
fn the_msr_3_migration_reverts_read_only_and_checks_the_new_registry() {
    let mut request = minimal(request("mcr=23.0.9-1,mke=3.7.25,msr=2.9.30", "msr=3.1"));
    request.allow_migrations = true;
    request.site.msr_url = Some("dtr.example.com".to_owned());
    request.site.target_msr_url = Some("msr3.example.com".to_owned());
    let plan = plan(&embedded(), &request);
    assert_eq!(
        command(&plan, "hop-1/source-read-only"),
        "printf 'user = \"%s:%s\"\\n' '<mke-admin>' \"$MSR_TOKEN\" \\\n  | curl -sk -K - -X POST https://dtr.example.com/api/v0/meta/settings \\\n  -H 'Content-Type: application/json' -d '{\"readOnlyRegistry\": true}'"
    );
    assert_eq!(
        command(&plan, "hop-1/rollback-read-only"),
        "printf 'user = \"%s:%s\"\\n' '<mke-admin>' \"$MSR_TOKEN\" \\\n  | curl -sk -K - -X POST https://dtr.example.com/api/v0/meta/settings \\\n  -H 'Content-Type: application/json' -d '{\"readOnlyRegistry\": false}'"
    );
    let push_pull = command(&plan, "hop-1/verify-push-pull");
    assert!(
        push_pull.starts_with(
            "printf '%s\\n' \"$MSR_PASSWORD\" | docker login msr3.example.com --username <mke-admin> --password-stdin\n"
        ),
        "{push_pull}"
    );
    assert!(!push_pull.contains("dtr.example.com"));
    assert!(commands(&plan).contains("registry.mirantis.com/msr/mmt extract msr"));
}

#[test]
fn the_msr_4_migration_has_no_mmt() {
    let mut request = minimal(request("mcr=23.0.9-1,mke=3.8.12,msr=2.9.30", "msr=4.13"));
    request.allow_migrations = true;
    let plan = plan(&embedded(), &request);
    let all = commands(&plan);
    assert!(!all.contains("mmt"), "MMT is the 2.9 -> 3.x tool: {all}");
    assert!(plan.artifacts.iter().all(|a| !a.name.contains("mmt")));
    assert!(step(&plan, "hop-1/migrate").title.contains("provider DTR"));
    assert!(
        command(&plan, "hop-1/verify-push-pull")
            .contains("| docker login <target-msr-url> --username <mke-admin> --password-stdin")
    );
    find_rollback(&plan);
}

fn find_rollback(plan: &Plan) {
    assert!(
        command(plan, "hop-1/rollback-read-only").contains("\"readOnlyRegistry\": false"),
        "read-only is reverted as a rollback step"
    );
}

#[test]
fn every_image_is_the_repository_of_the_version_it_runs() {
    // UCP 3.2.4 lives under docker/ucp, 3.3.7 under mirantis/ucp.
    let plan = plan(
        &embedded(),
        &minimal(request("mcr=19.03.14,mke=3.2.4,msr=2.7.8", "mke=3.3")),
    );
    let hop = plan
        .hops
        .iter()
        .position(|h| h.product == Product::Mke)
        .unwrap()
        + 1;
    assert!(command(&plan, &format!("hop-{hop}/backup-mke")).contains("docker/ucp:3.2.4 backup"));
    assert!(
        command(&plan, &format!("hop-{hop}/upgrade-mke")).contains("mirantis/ucp:3.3.7 upgrade")
    );
    assert!(
        command(&plan, &format!("hop-{hop}/update-interlock"))
            .contains("mirantis/ucp-interlock:3.3.7")
    );
    // A docker/ucp-era target keeps its Interlock images under docker/.
    let old = plan_docker_era();
    assert!(command(&old, "hop-1/update-interlock").contains("docker/ucp-interlock:3.2.4"));
    assert!(command(&old, "hop-1/backup-mke").contains("docker/ucp:3.2.0 backup"));
}

fn plan_docker_era() -> Plan {
    plan(
        &embedded(),
        &minimal(request("mcr=19.03.14,mke=3.2.0,msr=2.7.0", "mke=3.2.4")),
    )
}

#[test]
fn secrets_come_from_the_environment_never_a_prompt_into_a_redirect() {
    let plan = plan(
        &embedded(),
        &minimal(request("mcr=25.0.12,mke=3.8.12,msr=2.9.29", "msr=2.9.30")),
    );
    assert_eq!(
        command(&plan, "hop-1/backup-msr"),
        "docker run -i --rm --log-driver none -e UCP_PASSWORD \\\n  mirantis/dtr:2.9.29 backup \\\n  --ucp-url <mke-url> --ucp-username <mke-admin> \\\n  --ucp-ca \"$(curl -sk https://<mke-url>/ca)\" \\\n  --existing-replica-id <replica-id> \\\n  > <backup-dir>/dtr-metadata-2.9.29-backup-$(date +%Y%m%d%H%M%S).tar"
    );
    assert_eq!(step(&plan, "hop-1/backup-msr").env, ["UCP_PASSWORD"]);
    assert!(step(&plan, "hop-1/backup-msr").unattended);
    // No password placeholder is left in any command, and no secret is spliced into one.
    let all = commands(&plan);
    assert!(!all.contains("<mke-password>"));
    assert!(!all.contains("UCP_PASSWORD="), "{all}");
    assert!(!all.contains("read -"), "{all}");
}

#[test]
fn an_install_with_an_inventory_upgrades_mcr_on_the_future_msr_nodes_and_loads_the_bundle() {
    let inventory = mirantis_upgrade_planner::Inventory::from_json(
        &std::fs::read_to_string(common::fixture("inventory.json")).unwrap(),
    )
    .unwrap();
    let mut request = overlay2(minimal(request("mcr=23.0.9-1,mke=3.7.25", "msr=2.10")));
    request.inventory = Some(inventory);
    request.accept.insert("msr-node-ram".to_owned());
    // One system for the nodes, so that each group has one install step (tests/os.rs).
    request.site.os = Some(OsFamily::Rocky);
    let plan = plan(&embedded(), &request);
    let mcr = plan
        .hops
        .iter()
        .position(|h| h.product == Product::Mcr)
        .unwrap()
        + 1;
    let msr_nodes = step(&plan, &format!("hop-{mcr}/upgrade-msr-nodes"));
    assert_eq!(
        msr_nodes.node.as_deref(),
        Some("dtr-1, dtr-2, dtr-3 (one at a time)")
    );
    let install = plan.hops.len();
    let ids: Vec<&str> = plan
        .steps
        .iter()
        .filter(|s| s.hop == install)
        .map(|s| s.id.as_str())
        .collect();
    let bundle = ids
        .iter()
        .position(|id| id.ends_with("/load-client-bundle"))
        .expect("the seed's step 1: load the MKE user bundle");
    let first_join = ids.iter().position(|id| id.contains("/join-")).unwrap();
    assert!(bundle < first_join, "{ids:?}");
    assert_eq!(
        command(&plan, &format!("hop-{install}/load-client-bundle")),
        "cd <client-bundle-dir> && eval \"$(<env.sh)\""
    );
}

#[test]
fn offline_fetches_nothing() {
    let mut request = overlay2(minimal(request(
        "mcr=20.10.13,mke=3.7.25,msr=2.9.30",
        "mcr=23.0,msr=2.10",
    )));
    request.offline = true;
    request.site.os = Some(OsFamily::Oracle);
    let plan = plan(&embedded(), &request);
    // The download step runs on a machine with internet access, before the site's steps.
    let all: String = plan
        .steps
        .iter()
        .filter(|s| s.id != "plan/download-bundles")
        .filter_map(|s| s.command.as_deref())
        .collect::<Vec<_>>()
        .join("\n");
    // Pulls come only from the site's own registry (the push-and-pull check).
    for line in all.lines().filter(|l| l.contains("docker pull")) {
        assert!(
            line.starts_with("docker pull <msr-url>/"),
            "offline pulls: {line}"
        );
    }
    for fetch in ["apt-get update", "yum -y install docker-ee-<", "alpine"] {
        assert!(!all.contains(fetch), "offline runs {fetch}: {all}");
    }
    assert!(plan.steps.iter().all(|s| s.id != "plan/mirror-artifacts"));
    // The MCR packages are downloaded into the directory the offline install reads.
    let packages = plan
        .artifacts
        .iter()
        .find(|a| a.kind == ArtifactKind::Package && a.name.starts_with("docker-ee"))
        .unwrap();
    assert_eq!(packages.file.as_deref(), Some("<mcr-package-dir>"));
    assert!(
        packages
            .download
            .as_deref()
            .unwrap()
            .contains("curl -fL --remote-name-all <mcr-package-urls>"),
        "{packages:?}"
    );
    assert!(
        plan.artifacts
            .iter()
            .any(|a| a.kind == ArtifactKind::Bundle && a.name == "msr-2.10.4-images.tar")
    );
    let mcr = plan
        .hops
        .iter()
        .position(|h| h.product == Product::Mcr)
        .unwrap()
        + 1;
    assert!(
        command(&plan, &format!("hop-{mcr}/upgrade-managers"))
            .contains("<mcr-package-dir>/docker-ee-*.rpm")
    );
    let msr = plan.hops.len();
    let push_pull = command(&plan, &format!("hop-{msr}/verify-push-pull"));
    assert!(
        push_pull.contains("docker tag registry.mirantis.com/msr/dtr:2.10.4 "),
        "the verify step tags an image already loaded: {push_pull}"
    );
}

#[test]
fn a_line_without_a_documented_procedure_gets_no_invented_command() {
    let json = r#"{"schema_version": 1, "products": {
        "msr": {"releases": [{"version": "5.0.0", "source": "https://docs.example.test/msr5"},
                             {"version": "5.0.1", "source": "https://docs.example.test/msr5"}]}}}"#;
    let planner = Planner::new(Catalog::from_json(json).unwrap());
    let plan = plan(&planner, &request("msr=5.0.0", "msr=5.0.1"));
    let hop: Vec<&Step> = plan.steps.iter().filter(|s| s.hop == 1).collect();
    assert!(hop.iter().all(|s| s.command.is_none()), "{hop:#?}");
    assert_eq!(
        hop[0].title,
        "Read the vendor's upgrade procedure for msr 5.0.0 -> 5.0.1: https://docs.example.test/msr5"
    );
    assert!(hop.iter().any(|s| s.id == "hop-1/upgrade"));
    let findings: Vec<String> = lint(planner.catalog())
        .iter()
        .filter(|f| f.code == LintCode::NoProcedure)
        .map(LintFinding::message)
        .collect();
    assert_eq!(
        findings,
        [
            "msr 5.0: no documented procedure: its hops carry no commands and point to the release's documentation"
        ]
    );
}

#[test]
fn the_plan_lists_the_placeholders_left() {
    let plan = plan(
        &embedded(),
        &minimal(request("mcr=25.0.12,mke=3.8.12,msr=2.9.29", "msr=2.9.30")),
    );
    let names: Vec<&str> = plan.placeholders.iter().map(|p| p.name.as_str()).collect();
    for name in [
        "<mke-url>",
        "<msr-url>",
        "<mke-admin>",
        "<replica-id>",
        "<backup-dir>",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let mke_url = plan
        .placeholders
        .iter()
        .find(|p| p.name == "<mke-url>")
        .unwrap();
    assert!(mke_url.meaning.contains("--mke-url"));
    assert!(mke_url.steps.iter().any(|id| id == "hop-1/upgrade-msr"));
    assert!(
        plan.placeholders.iter().all(|p| !p.meaning.is_empty()),
        "every placeholder is explained"
    );
    // Site values fill them: none is left for the URL once it is given.
    let mut request = minimal(request("mcr=25.0.12,mke=3.8.12,msr=2.9.29", "msr=2.9.30"));
    request.site.mke_url = Some("mke.example.com".to_owned());
    let filled = embedded().plan(&request).unwrap();
    assert!(filled.placeholders.iter().all(|p| p.name != "<mke-url>"));
    let text = mirantis_upgrade_planner::render::render_plan(
        &plan,
        mirantis_upgrade_planner::Format::Text,
    );
    assert!(text.contains("\nTo fill in (the commands carry these placeholders):\n"));
    assert!(text.contains("\n  <mke-url>: the MKE URL with host and port"));
    let markdown = mirantis_upgrade_planner::render::render_plan(
        &plan,
        mirantis_upgrade_planner::Format::Markdown,
    );
    assert!(markdown.contains("## To fill in"));
}

#[test]
fn the_runbook_lint_finds_nothing_wrong_in_its_own_data() {
    let findings = lint(&Catalog::embedded());
    for code in [
        LintCode::UnknownPlaceholder,
        LintCode::MissingPhase,
        LintCode::NoImage,
        LintCode::NoProcedure,
    ] {
        assert!(
            findings.iter().all(|f| f.code != code),
            "{code}: {findings:#?}"
        );
    }
}

#[test]
fn the_mmt_extract_follows_the_storage_backend() {
    let mut request = minimal(request("mcr=23.0.9-1,mke=3.7.25,msr=2.9.30", "msr=3.1"));
    request.allow_migrations = true;
    // Unknown backend: the command finds the Docker volume (NFS or local) and copies.
    let default = command(&plan(&embedded(), &request), "hop-1/mmt-extract").to_owned();
    assert!(default.starts_with("VOLUME=dtr-registry-<replica-id>\nif docker volume inspect dtr-registry-nfs-<replica-id> >/dev/null 2>&1; then VOLUME=dtr-registry-nfs-<replica-id>; fi\n"), "{default}");
    assert!(
        default.contains("--mount source=$VOLUME,target=/storage"),
        "{default}"
    );
    assert!(default.contains("--storage-mode copy"), "{default}");
    // An object store: in place, nothing mounted.
    request.site.storage = Some(mirantis_upgrade_planner::inventory::StorageBackend::Object);
    let object = plan(&embedded(), &request);
    let inplace = command(&object, "hop-1/mmt-extract");
    assert!(inplace.contains("--storage-mode inplace"), "{inplace}");
    assert!(!inplace.contains("--mount"), "{inplace}");
    assert!(
        step(&object, "hop-1/mmt-extract")
            .note
            .as_deref()
            .unwrap()
            .contains("same external storage")
    );
}

#[test]
fn the_msr_4_migration_goes_read_only_only_for_the_final_sync() {
    let mut request = minimal(request("mcr=23.0.9-1,mke=3.8.12,msr=2.9.30", "msr=4.13"));
    request.allow_migrations = true;
    let plan = plan(&embedded(), &request);
    let position = |id: &str| {
        plan.steps
            .iter()
            .position(|s| s.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    assert!(position("hop-1/migrate") < position("hop-1/source-read-only"));
    assert!(position("hop-1/source-read-only") < position("hop-1/final-sync"));
    assert!(position("hop-1/final-sync") < position("hop-1/verify-push-pull"));
}

#[test]
fn the_mke_4_migration_warns_that_swarm_does_not_survive() {
    let mut request = request("mcr=25.0.12,mke=3.9.7", "mke=4.2");
    request.allow_migrations = true;
    request.facts.insert("calico-ebpf".to_owned(), false);
    let plan = plan(&embedded(), &request);
    let swarm = step(&plan, "hop-1/swarm-workloads");
    assert!(
        swarm.title.contains("Swarm workloads no longer exist"),
        "{}",
        swarm.title
    );
    assert!(swarm.note.as_deref().unwrap().contains("https://docs.mirantis.com/mke4k/latest/upgrades/upgrade-from-mke-3x/upgrade-considerations/"));
}

#[test]
fn helm_values_are_saved_as_plain_yaml() {
    let plan = plan(&embedded(), &request("msr=4.13.1", "msr=4.13.2"));
    assert_eq!(
        command(&plan, "hop-1/save-values"),
        "helm get values <msr-release> -n <msr-namespace> -o yaml > <msr-values-file>"
    );
}

#[test]
fn ucp_before_3_2_backs_up_with_its_instance_id() {
    let plan = plan(
        &embedded(),
        &minimal(with_fact(
            request("mcr=19.03.14,mke=3.0.17,msr=2.5.17", "msr=2.6"),
            "manifest-lists",
            false,
        )),
    );
    let backup = command(&plan, "hop-1/backup-mke");
    assert!(
        backup.contains("docker/ucp:3.0.17 backup --id <ucp-instance-id> --passphrase"),
        "{backup}"
    );
    assert!(
        plan.placeholders
            .iter()
            .any(|p| p.name == "<ucp-instance-id>")
    );
    let note = step(&plan, "hop-1/backup-mke").note.as_deref().unwrap();
    assert!(note.contains("--security-opt label=disable"), "{note}");
}
