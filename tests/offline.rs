//! Offline sites: nothing is fetched on the site, for every procedure kind. Every image,
//! chart, package and binary is an artifact with its own source and download lines, carried in
//! and used from a local file or the site's registry; the vendor's offline forms replace the
//! steps that would fetch; the push-and-pull check uses an image that exists.

mod common;

use common::scenarios;
use mirantis_upgrade_planner::plan::ArtifactKind;
use mirantis_upgrade_planner::{Plan, Request};

/// The step that runs on a machine with internet access, before anything on the site.
const DOWNLOAD: &str = "plan/download-bundles";

/// What in a command would reach the internet from the site: a URL whose host is not a
/// placeholder or one of the site's own values, a `docker pull` from anywhere but the site,
/// a chart repository, a download tool, a package index refresh, or a package installed by
/// name from a repository rather than from a file. One finding per offending line.
fn internet_findings(command: &str, site: &[&str]) -> Vec<String> {
    let own = |rest: &str| rest.starts_with('<') || site.iter().any(|s| rest.starts_with(s));
    let mut findings = Vec::new();
    for line in command.lines().map(str::trim) {
        if line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let remote_url = line
            .match_indices("://")
            .any(|(at, _)| !own(&line[at + 3..]));
        let pull_from_elsewhere = words
            .windows(3)
            .any(|w| w[0] == "docker" && w[1] == "pull" && !own(w[2]));
        let chart_repository = line.contains("helm repo") || line.contains("--repo ");
        let fetch_tool = words.contains(&"wget") || line.contains("helm pull");
        let index_refresh = [
            "apt-get update",
            "yum makecache",
            "dnf makecache",
            "zypper ref",
        ]
        .iter()
        .any(|p| line.contains(p));
        let by_name = ["apt-get", "apt", "yum", "dnf", "zypper"]
            .iter()
            .any(|tool| {
                let Some(at) = words.iter().position(|w| w == tool) else {
                    return false;
                };
                let rest = &words[at + 1..];
                let Some(install) = rest.iter().position(|w| *w == "install" || *w == "in") else {
                    return false;
                };
                rest[install + 1..]
                    .iter()
                    .any(|arg| !arg.starts_with('-') && !arg.contains('/') && *arg != "&&")
            });
        if remote_url
            || pull_from_elsewhere
            || chart_repository
            || fetch_tool
            || index_refresh
            || by_name
        {
            findings.push(line.to_owned());
        }
    }
    findings
}

/// The site's own URLs of a request: the only hosts an offline command may name.
fn site_values(request: &Request) -> Vec<String> {
    let site = &request.site;
    [&site.mke_url, &site.msr_url, &site.target_msr_url]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
}

/// What the plan's steps on the site would fetch, by step id.
fn plan_findings(plan: &Plan, request: &Request) -> Vec<(String, String)> {
    let site = site_values(request);
    let site: Vec<&str> = site.iter().map(String::as_str).collect();
    plan.steps
        .iter()
        .filter(|s| s.id != DOWNLOAD)
        .filter_map(|s| Some((s.id.as_str(), s.command.as_deref()?)))
        .flat_map(|(id, command)| {
            internet_findings(command, &site)
                .into_iter()
                .map(move |line| (id.to_owned(), line))
        })
        .collect()
}

/// The scenarios that each cover an offline procedure kind, with a step id only that kind
/// has.
const KINDS: &[(&str, &str)] = &[
    ("offline", "hop-1/upgrade-msr"),
    ("offline-ucp-cli", "hop-1/upgrade-mke"),
    ("offline-packages", "hop-1/upgrade-managers"),
    ("offline-helm", "hop-1/dry-run"),
    ("offline-msr-operator", "hop-1/upgrade-cert-manager"),
    ("offline-msr4-helm", "hop-1/new-defaults"),
    ("offline-mkectl", "hop-1/install-mkectl"),
    ("offline-mke-4-migration", "hop-1/mkectl-upgrade"),
    ("offline-msr-3-migration", "hop-1/pull-mmt"),
];

#[test]
fn the_detector_finds_what_reaches_the_internet_and_passes_the_sites_own_urls() {
    let bad = [
        "docker pull mirantis/dtr:2.10.4",
        "docker pull alpine:latest",
        "sudo MKECTL_VERSION=v4.2.1 /bin/bash -c \"$(curl -fsSL https://raw.githubusercontent.com/x/install.sh)\"",
        "helm upgrade r oci://registry.mirantis.com/harbor/helm/msr --version 4.13.2",
        "helm show values oci://registry.mirantis.com/harbor/helm/msr --version 4.13.2",
        "helm upgrade cert-manager cert-manager --repo https://charts.jetstack.io",
        "helm repo add jetstack https://charts.jetstack.io",
        "helm pull oci://x/y --version 1",
        "wget <bundle-url> -O x.tar.gz",
        "sudo apt-get update",
        "sudo apt-get install -y docker-ee=<version-string> containerd.io",
        "  sudo yum -y install docker-ee-<version-string> containerd.io",
        "curl -sk https://example.com/ca",
    ];
    for line in bad {
        assert_eq!(internet_findings(line, &[]), [line.trim()], "{line}");
    }
    let good = [
        "docker load -i msr-2.10.4-images.tar",
        "docker pull <msr-url>/<namespace>/upgrade-check:2.10.4",
        "docker pull msr.example.com/ns/upgrade-check:1",
        "--ucp-ca \"$(curl -sk https://<mke-url>/ca)\"",
        "curl -sk https://mke.example.com:443/_ping",
        "helm upgrade <msr-release> ./msr-4.13.2.tgz --namespace <msr-namespace>",
        "  --image-registry <site-registry>/mke --chart-registry oci://<site-registry>/mke \\",
        "  sudo apt-get install -y <mcr-package-dir>/containerd.io_*.deb <mcr-package-dir>/docker-ee*.deb",
        "# a comment naming https://docs.mirantis.com",
    ];
    for line in good {
        assert_eq!(
            internet_findings(line, &["msr.example.com", "mke.example.com:443"]),
            Vec::<String>::new(),
            "{line}"
        );
    }
}

/// Every offline plan of the scenarios, and every scenario planned offline: no step on the
/// site fetches anything. The same scenarios planned online do fetch, each kind in its own
/// way, so the check cannot pass by finding nothing to look at.
#[test]
fn no_offline_plan_reaches_the_internet_and_each_kind_does_online() {
    let mut checked = 0;
    let mut commands = 0;
    for scenario in scenarios::all() {
        let mut request = scenario.request.clone();
        request.offline = true;
        let Ok(plan) = scenario.planner.plan(&request) else {
            continue;
        };
        checked += 1;
        commands += plan.steps.iter().filter(|s| s.command.is_some()).count();
        let findings = plan_findings(&plan, &request);
        assert!(findings.is_empty(), "{}: {findings:#?}", scenario.name);
        // Online, the kind's own scenario fetches.
        if KINDS.iter().any(|(name, _)| *name == scenario.name) {
            let mut online = request.clone();
            online.offline = false;
            let plan = scenario.planner.plan(&online).unwrap();
            assert!(
                !plan_findings(&plan, &online).is_empty(),
                "{}: online, the detector finds the fetches",
                scenario.name
            );
        }
    }
    assert!(checked >= 30, "offline plans checked: {checked}");
    assert!(commands >= 500, "commands checked: {commands}");
}

/// One offline scenario per procedure kind, each planned with its kind's steps.
#[test]
fn every_procedure_kind_has_an_offline_scenario() {
    let all = scenarios::all();
    for (name, id) in KINDS {
        let scenario = all
            .iter()
            .find(|s| s.name == *name)
            .unwrap_or_else(|| panic!("no scenario {name}"));
        assert!(scenario.request.offline, "{name} is offline");
        let plan = scenario.planner.plan(&scenario.request).unwrap();
        assert!(
            plan.steps.iter().any(|s| s.id == *id),
            "{name} has {id}: {:?}",
            plan.steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()
        );
        assert_eq!(plan.steps[0].id, DOWNLOAD, "{name}");
    }
}

/// Each artifact of an offline plan has its source and its download lines in the download
/// step; every file an offline step reads is an artifact's file, copied in by that step.
#[test]
fn every_artifact_is_downloaded_with_its_source_and_every_file_read_is_an_artifact() {
    for scenario in scenarios::all().into_iter().filter(|s| s.request.offline) {
        let plan = scenario.planner.plan(&scenario.request).unwrap();
        let download = plan.steps[0].command.as_deref().unwrap();
        assert!(!plan.artifacts.is_empty(), "{}", scenario.name);
        for artifact in &plan.artifacts {
            let source = artifact.source.as_deref().unwrap();
            assert!(
                source.starts_with("https://"),
                "{}: {} has a source: {source}",
                scenario.name,
                artifact.name
            );
            let header = format!("# {}: {source}", artifact.name);
            assert!(download.contains(&header), "{}: {header}", scenario.name);
            let lines = artifact.download.as_deref().unwrap_or_else(|| {
                panic!("{}: {} has download lines", scenario.name, artifact.name)
            });
            assert!(download.contains(lines), "{}: {lines}", scenario.name);
            if let Some(file) = &artifact.file {
                let copy = format!("scp -r {file} <user>@<host>:");
                assert!(download.contains(&copy), "{}: {copy}", scenario.name);
            }
        }
        let files: Vec<&str> = plan
            .artifacts
            .iter()
            .filter_map(|a| a.file.as_deref())
            .collect();
        for step in plan.steps.iter().skip(1) {
            let Some(command) = step.command.as_deref() else {
                continue;
            };
            for word in command.split_whitespace() {
                let read = word
                    .strip_prefix("./")
                    .or_else(|| command.contains(&format!("-i {word}")).then_some(word));
                if let Some(file) = read.filter(|f| {
                    std::path::Path::new(f)
                        .extension()
                        .is_some_and(|e| e == "tar" || e == "tgz")
                }) {
                    assert!(
                        files.contains(&file),
                        "{}: {} reads {file}, not downloaded: {files:?}",
                        scenario.name,
                        step.id
                    );
                }
            }
        }
    }
}

#[track_caller]
fn command<'p>(plan: &'p Plan, id: &str) -> &'p str {
    plan.steps
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no step {id}"))
        .command
        .as_deref()
        .unwrap_or_else(|| panic!("{id} has no command"))
}

#[track_caller]
fn scenario_plan(name: &str) -> Plan {
    let scenario = scenarios::all()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap();
    scenario.planner.plan(&scenario.request).unwrap()
}

/// The exact offline commands of the kinds that load saved images or files: MSR 2.x, MKE
/// 3.x, MCR and the MMT migration.
#[test]
fn offline_commands_of_the_image_and_package_kinds() {
    // dtr-cli: the MSR images are loaded from the file built with the bootstrapper's list,
    // and the push-and-pull check tags the loaded bootstrapper, an image that exists.
    let plan = scenario_plan("offline");
    assert_eq!(
        command(&plan, "hop-1/pull-msr-image"),
        "docker load -i msr-2.10.4-images.tar"
    );
    assert!(command(&plan, "hop-1/verify-push-pull").contains(
        "docker tag registry.mirantis.com/msr/dtr:2.10.4 <msr-url>/<namespace>/upgrade-check:2.10.4"
    ));
    assert!(command(&plan, DOWNLOAD).contains(concat!(
        "# msr-2.10.4-images.tar: https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/product/mke/phase/pull_msr_images.go\n",
        "docker pull registry.mirantis.com/msr/dtr:2.10.4\n",
        "docker run -i --rm registry.mirantis.com/msr/dtr:2.10.4 images | xargs -n 1 docker pull\n",
        "docker save -o msr-2.10.4-images.tar registry.mirantis.com/msr/dtr:2.10.4 $(docker run -i --rm registry.mirantis.com/msr/dtr:2.10.4 images)\n",
    )));
    // ucp-cli: the MKE images, from `images --list`, loaded on every node.
    let plan = scenario_plan("offline-ucp-cli");
    assert_eq!(
        command(&plan, "hop-1/pull-mke-images"),
        "docker load -i mke-3.8.12-images.tar"
    );
    assert!(command(&plan, DOWNLOAD).contains(
        "docker save -o mke-3.8.12-images.tar mirantis/ucp:3.8.12 $(docker run --rm mirantis/ucp:3.8.12 images --list)"
    ));
    // packages: the MCR packages downloaded into the directory the offline install reads.
    let plan = scenario_plan("offline-packages");
    assert!(command(&plan, DOWNLOAD).contains(concat!(
        "mkdir -p <mcr-package-dir>\n",
        "(cd <mcr-package-dir> && curl -fL --remote-name-all <mcr-package-urls>)"
    )));
    assert!(command(&plan, DOWNLOAD).contains("scp -r <mcr-package-dir> <user>@<host>:"));
    // The MSR 2.9 -> 3.x migration: MMT saved beforehand, loaded on the source and target;
    // no MSR image bundle on the MSR 2 replicas.
    let plan = scenario_plan("offline-msr-3-migration");
    assert_eq!(
        command(&plan, "hop-1/pull-mmt"),
        "docker load -i mmt-image.tar"
    );
    assert!(command(&plan, DOWNLOAD).contains(
        "docker pull registry.mirantis.com/msr/mmt:2.0.3\ndocker save -o mmt-image.tar registry.mirantis.com/msr/mmt:2.0.3"
    ));
    assert!(
        plan.artifacts
            .iter()
            .all(|a| !a.name.starts_with("msr-3.1")),
        "{:?}",
        plan.artifacts
    );
    assert!(
        !command(&plan, "hop-1/verify-push-pull").contains("mirantis/dtr:3"),
        "no MSR 2 image tagged with an MSR 3 version"
    );
}

/// The exact offline commands of the kinds that install from charts and bundles: MSR 3
/// (Helm and Operator), MSR 4, MKE 4 and MKE 3 -> 4.
#[test]
fn offline_commands_of_the_chart_and_bundle_kinds() {
    // helm: the MSR 3 chart pulled beforehand, the upgrade from the file.
    let plan = scenario_plan("offline-helm");
    assert!(
        command(&plan, DOWNLOAD)
            .contains("helm pull oci://registry.mirantis.com/msr/helm/msr --version 1.1.18")
    );
    assert_eq!(
        command(&plan, "hop-1/upgrade-msr"),
        "helm upgrade <msr-release> ./msr-1.1.18.tgz \\\n  -n <msr-namespace> --values <msr-values-file> --timeout 20m0s"
    );
    // msr-operator: the prerequisites' charts pulled beforehand, upgraded from their files.
    let plan = scenario_plan("offline-msr-operator");
    assert!(command(&plan, DOWNLOAD).contains(
        "helm pull cert-manager --repo https://charts.jetstack.io --version <cert-manager-version>"
    ));
    assert_eq!(
        command(&plan, "hop-1/upgrade-cert-manager"),
        "helm upgrade cert-manager ./cert-manager-<cert-manager-version>.tgz \\\n  --set installCRDs=true"
    );
    assert!(
        command(&plan, "hop-1/upgrade-postgres-operator")
            .starts_with("helm upgrade postgres-operator ./postgres-operator-<postgres-operator-version>.tgz \\\n")
    );
    assert!(
        command(&plan, "hop-1/verify-push-pull")
            .contains("docker tag <offline-test-image> <msr-url>/<namespace>/upgrade-check:3.1.14")
    );
    // msr4-helm: the chart file for the defaults and the upgrade.
    let plan = scenario_plan("offline-msr4-helm");
    assert_eq!(
        command(&plan, "hop-1/new-defaults"),
        "helm show values ./msr-4.13.2.tgz > msr-values-new-defaults.yaml"
    );
    assert_eq!(
        command(&plan, "hop-1/upgrade-msr"),
        "helm upgrade <msr-release> \\\n  ./msr-4.13.2.tgz \\\n  --namespace <msr-namespace> \\\n  --values <msr-values-file>"
    );
    // mkectl: the binary and the MKE 4 bundle at the vendor's URL, with its checksum; the
    // install and the upload by hand, as the vendor's pages describe.
    let plan = scenario_plan("offline-mkectl");
    assert!(
        command(&plan, DOWNLOAD)
            .contains("curl -fL -o mkectl-v4.2.1.tar.gz <mkectl-download-url>\n")
    );
    assert!(command(&plan, DOWNLOAD).contains(concat!(
        "curl -fL -o mke_bundle_v4.2.1_amd64.tar.gz https://packages.mirantis.com/caas/mke_bundle_v4.2.1_amd64.tar.gz\n",
        "curl -fL -o mke_bundle_v4.2.1_amd64.tar.gz.sha256 https://github.com/MirantisContainers/mke-release/releases/download/v4.2.1/mke_bundle_v4.2.1_amd64_checksum.txt\n",
        "sha256sum -c mke_bundle_v4.2.1_amd64.tar.gz.sha256",
    )));
    let install = plan
        .steps
        .iter()
        .find(|s| s.id == "hop-1/install-mkectl")
        .unwrap();
    assert_eq!(install.command, None);
    assert!(!install.unattended);
    // The MKE 3 -> 4 upgrade: the vendor's offline registry flags and CA files.
    let plan = scenario_plan("offline-mke-4-migration");
    assert!(command(&plan, "hop-1/mkectl-upgrade").contains(concat!(
        "  --image-registry <site-registry>/mke --chart-registry oci://<site-registry>/mke \\\n",
        "  --image-registry-ca-file <registry-ca-file> --chart-registry-ca-file <registry-ca-file> \\\n",
        "  --config-out <mke4-config>"
    )));
    assert!(command(&plan, "hop-1/dry-run").contains("--image-registry <site-registry>/mke"));
}

/// Online, images inside a saved file are listed to mirror instead; offline, the file is.
#[test]
fn an_image_in_a_saved_file_is_listed_by_its_file_offline_and_by_itself_online() {
    let offline = scenario_plan("offline");
    let kinds_offline: Vec<(ArtifactKind, &str)> = offline
        .artifacts
        .iter()
        .map(|a| (a.kind, a.name.as_str()))
        .collect();
    assert!(kinds_offline.contains(&(ArtifactKind::Bundle, "msr-2.10.4-images.tar")));
    assert!(
        !kinds_offline.contains(&(ArtifactKind::Image, "registry.mirantis.com/msr/dtr:2.10.4"))
    );
    let scenario = scenarios::all()
        .into_iter()
        .find(|s| s.name == "offline")
        .unwrap();
    let mut request = scenario.request.clone();
    request.offline = false;
    let online = scenario.planner.plan(&request).unwrap();
    assert!(
        online
            .artifacts
            .iter()
            .any(|a| a.kind == ArtifactKind::Image
                && a.name == "registry.mirantis.com/msr/dtr:2.10.4")
    );
    assert!(
        online
            .artifacts
            .iter()
            .all(|a| a.kind != ArtifactKind::Bundle
                && a.download.is_none()
                && a.file.is_none()
                && a.source.is_some())
    );
}

/// The MKE 4 bundle is named and checked as the offline installation page of the target's
/// release says: from 4.1.1 on, `mke_bundle_v<to>_amd64.tar.gz` with its checksum from the
/// mke-release repository; before, `mke_bundle_v<to>.tar.gz` and no checksum (the 4.1.0
/// page gives none).
#[test]
fn the_mke_4_bundle_is_named_as_its_releases_page_names_it() {
    let bundle = |from: &str, to: &str| {
        let mut request = scenarios::minimal(scenarios::request(from, to));
        request.offline = true;
        let plan = scenarios::embedded()
            .plan(&request)
            .unwrap_or_else(|refusal| panic!("{refusal}"));
        plan.artifacts
            .into_iter()
            .find(|a| a.kind == ArtifactKind::Bundle && a.name.starts_with("mke_bundle_v"))
            .expect("an offline MKE 4 hop downloads its bundle")
    };
    let old = bundle("mcr=25.0.12,mke=4.0.0", "mke=4.1.0");
    assert_eq!(old.name, "mke_bundle_v4.1.0.tar.gz");
    assert_eq!(
        old.download.as_deref(),
        Some(
            "curl -fL -o mke_bundle_v4.1.0.tar.gz https://packages.mirantis.com/caas/mke_bundle_v4.1.0.tar.gz"
        )
    );
    assert_eq!(
        old.source.as_deref(),
        Some("https://docs.mirantis.com/mke4k/4.1.0/getting-started/offline-installation")
    );
    let new = bundle("mcr=25.0.12,mke=4.1.2", "mke=4.1.5");
    assert_eq!(new.name, "mke_bundle_v4.1.5_amd64.tar.gz");
    assert_eq!(
        new.download.as_deref(),
        Some(
            "curl -fL -o mke_bundle_v4.1.5_amd64.tar.gz https://packages.mirantis.com/caas/mke_bundle_v4.1.5_amd64.tar.gz\n\
             curl -fL -o mke_bundle_v4.1.5_amd64.tar.gz.sha256 https://github.com/MirantisContainers/mke-release/releases/download/v4.1.5/mke_bundle_v4.1.5_amd64_checksum.txt\n\
             sha256sum -c mke_bundle_v4.1.5_amd64.tar.gz.sha256"
        )
    );
    assert_eq!(new.file.as_deref(), Some("mke_bundle_v4.1.5_amd64.tar.gz"));
}
