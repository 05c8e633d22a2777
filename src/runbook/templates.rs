//! The runbook's data: the steps of each procedure, version-specific steps, image
//! repositories, node roles and the placeholders an operator fills in, and the steps and
//! texts the builder adds to them (an MCR hop's node groups, an install's or uninstall's
//! replicas, gate and procedure prechecks, storage backups, offline loads, plan-wide steps,
//! the names of artifacts, the values of tokens the request does not give). Nothing here
//! runs; `super` picks and fills the tokens (`%to%`), and the runbook lint (`super::lint`)
//! checks every template and text, which are all registered there.
//!
//! Every command is the vendor's (the source is named at each procedure); where the sources
//! give no command, the step has none and says what document to follow.

use crate::catalog::Procedure;
use crate::inventory::OsFamily;
use crate::plan::{ArtifactKind, Phase, Shell};
use crate::version::Product;

/// One step before its tokens are filled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Template {
    pub phase: Phase,
    /// The last part of the step id (`backup-msr`); unique within a hop.
    pub slug: &'static str,
    pub title: &'static str,
    pub command: Option<&'static str>,
    pub rerun_safe: bool,
    pub node: Option<Role>,
    pub note: Option<&'static str>,
    /// The vendor document the command or check follows (a URL, or a repository file at a
    /// commit); the lint requires one for every step with a command.
    pub source: Option<&'static str>,
    /// The environment variables the command reads (secrets are passed by name, never as
    /// argument values).
    pub env: &'static [&'static str],
    /// Whether an installer can carry the step out with no person at a terminal.
    pub mode: Mode,
    /// On a site without internet access, the step that takes this one's place: the same
    /// id and phase, with the replacement's title, command, node, source, environment, mode
    /// and note (this one's note where it has none). A step without one runs as written
    /// offline too, so it must fetch nothing (a test checks every offline plan).
    pub offline: Option<&'static Template>,
    /// On a site that pulls the hop's product's images from its own registry (the site's
    /// `mke_image_repo` or `msr_image_repo`, Launchpad's `imageRepo`), and is online, the step
    /// that takes this one's place, as `offline` does.
    pub mirrored: Option<&'static Template>,
    /// The shell its command is written for.
    pub shell: Shell,
}

/// Who carries a step out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// An installer runs the command, given the variables of `env`; a step with no command
    /// needs a person.
    Runs,
    /// Nothing to run: the step informs (an order to follow, a behaviour to know), so an
    /// installer passes it.
    Informs,
    /// A person must do it even though there is a command (it is interactive); the note says
    /// why.
    ByHand,
}

pub(crate) const fn step(phase: Phase, slug: &'static str, title: &'static str) -> Template {
    Template {
        phase,
        slug,
        title,
        command: None,
        rerun_safe: true,
        node: None,
        note: None,
        source: None,
        env: &[],
        mode: Mode::Runs,
        offline: None,
        mirrored: None,
        shell: Shell::Bash,
    }
}

impl Template {
    pub(crate) const fn command(mut self, command: &'static str) -> Template {
        self.command = Some(command);
        self
    }
    pub(crate) const fn node(mut self, node: Role) -> Template {
        self.node = Some(node);
        self
    }
    pub(crate) const fn title(mut self, title: &'static str) -> Template {
        self.title = title;
        self
    }
    pub(crate) const fn note(mut self, note: &'static str) -> Template {
        self.note = Some(note);
        self
    }
    pub(crate) const fn not_rerunnable(mut self) -> Template {
        self.rerun_safe = false;
        self
    }
    pub(crate) const fn source(mut self, source: &'static str) -> Template {
        self.source = Some(source);
        self
    }
    pub(crate) const fn env(mut self, env: &'static [&'static str]) -> Template {
        self.env = env;
        self
    }
    /// A step with nothing to run that an installer passes (see [`Mode::Informs`]).
    pub(crate) const fn informs(mut self) -> Template {
        self.mode = Mode::Informs;
        self
    }
    /// A step a person must do although it has a command (see [`Mode::ByHand`]).
    pub(crate) const fn by_hand(mut self) -> Template {
        self.mode = Mode::ByHand;
        self
    }
    /// The step that replaces this one offline (see [`Template::offline`]).
    pub(crate) const fn offline(mut self, replacement: &'static Template) -> Template {
        self.offline = Some(replacement);
        self
    }
    pub(crate) const fn mirrored(mut self, replacement: &'static Template) -> Template {
        self.mirrored = Some(replacement);
        self
    }
    /// A step whose command is PowerShell (a Windows node), not bash.
    pub(crate) const fn powershell(mut self) -> Template {
        self.shell = Shell::PowerShell;
        self
    }
    /// Whether an installer can carry the step out unattended.
    pub(crate) const fn unattended(&self) -> bool {
        match self.mode {
            Mode::Runs => self.command.is_some(),
            Mode::Informs => true,
            Mode::ByHand => false,
        }
    }
}

/// Where a step runs. With an inventory, the runbook names the real nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// One MKE manager (any).
    AnyManager,
    /// Every MKE manager, one at a time.
    EachManager,
    /// Every node with an MSR replica (or that will hold one), one at a time.
    EachMsrNode,
    /// Every MSR replica node (checks that may run in parallel).
    MsrNodes,
    /// One MSR replica node.
    AnMsrNode,
    /// The node of the replica the commands name (`%replica%`).
    ReplicaNode,
    /// Every MSR cache node.
    CacheNodes,
    /// Every MSR replica and cache node (where offline image bundles are loaded).
    MsrAndCacheNodes,
    /// The other workers, a few at a time.
    Workers,
    /// Every node of the cluster.
    EveryNode,
    /// The node that runs an MSR 2.x bootstrapper command.
    UpgradeNode,
    /// A machine with `kubectl` and `helm` pointed at the cluster that runs MSR 3 or 4.
    KubectlHost,
    /// The machine that holds the `mkectl` configuration of the cluster.
    MkectlHost,
    /// A step with a command and no node of its own: any machine with the Docker CLI and
    /// `curl` that reaches MKE and MSR.
    Workstation,
    /// A step with nothing to run (a decision, a setting in a web interface, a document).
    NoCommand,
}

impl Role {
    /// Every role.
    pub(crate) const ALL: [Role; 15] = [
        Role::AnyManager,
        Role::EachManager,
        Role::EachMsrNode,
        Role::MsrNodes,
        Role::AnMsrNode,
        Role::ReplicaNode,
        Role::CacheNodes,
        Role::MsrAndCacheNodes,
        Role::Workers,
        Role::EveryNode,
        Role::UpgradeNode,
        Role::KubectlHost,
        Role::MkectlHost,
        Role::Workstation,
        Role::NoCommand,
    ];

    /// The nodes the inventory names for the role (`%nodes%`, the names or the one node),
    /// with how to go through them.
    pub(crate) fn listed(self) -> &'static str {
        match self {
            Role::EachManager | Role::EachMsrNode => "%nodes% (one at a time)",
            Role::Workers => "%nodes% (a few at a time)",
            Role::AnyManager
            | Role::MsrNodes
            | Role::AnMsrNode
            | Role::ReplicaNode
            | Role::CacheNodes
            | Role::MsrAndCacheNodes
            | Role::EveryNode
            | Role::UpgradeNode
            | Role::KubectlHost
            | Role::MkectlHost
            | Role::Workstation
            | Role::NoCommand => "%nodes%",
        }
    }

    /// The role in words, when the inventory does not name the nodes.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Role::AnyManager => "an MKE manager",
            Role::EachManager => "each MKE manager, one at a time",
            Role::EachMsrNode => "each MSR node, one at a time",
            Role::MsrNodes => "each MSR replica node",
            Role::AnMsrNode => "an MSR replica node",
            Role::ReplicaNode => "the MSR replica node %replica%",
            Role::CacheNodes => "each MSR cache node",
            Role::MsrAndCacheNodes => "each MSR replica node and each MSR cache node",
            Role::Workers => "each worker, a few at a time",
            Role::EveryNode => "every node",
            Role::UpgradeNode => "the node that runs the MSR command",
            Role::KubectlHost => "a machine with kubectl and helm for the MSR cluster",
            Role::MkectlHost => "the machine that holds the mkectl configuration",
            Role::Workstation => {
                "any machine with the Docker CLI and curl that reaches MKE and MSR (a workstation will do)"
            }
            Role::NoCommand => {
                "no node: nothing to run here (a decision, a web interface or a document)"
            }
        }
    }
}

use Phase::{Backup, Post, Precheck, Prepare, Upgrade, Verify};

/// The placeholders commands may carry, with what the operator puts there. The runbook lint
/// checks that every `<name>` in the templates is one of them.
pub(crate) const PLACEHOLDERS: &[(&str, &str)] = &[
    (
        "<ucp-instance-id>",
        "the UCP instance id, which the id command of the installed UCP image prints (docker container run --rm -v /var/run/docker.sock:/var/run/docker.sock docker/ucp:<version> id)",
    ),
    (
        "<mke4-upgraded-config>",
        "a new file for the configuration mkectl upgrade writes (not the file the backup used)",
    ),
    (
        "<mke-url>",
        "the MKE URL with host and port (site value mke_url, flag --mke-url)",
    ),
    (
        "<msr-url>",
        "the MSR external URL (site value msr_url, flag --msr-url)",
    ),
    (
        "<target-msr-url>",
        "the URL of the new MSR a migration copies into (site value target_msr_url, flag --target-msr-url)",
    ),
    (
        "<mke-admin>",
        "the MKE administrator user name (site value admin_user, flag --admin)",
    ),
    (
        "<replica-id>",
        "the id of a healthy MSR replica (site value replica_id, flag --replica-id; docker ps --format '{{.Names}}' -f name=dtr-rethink | cut -f 3 -d '-')",
    ),
    (
        "<backup-dir>",
        "a directory for backups, off the cluster's disks (site value backup_dir, flag --backup-dir)",
    ),
    (
        "<msr-node>",
        "the MKE node that gets the first MSR replica (from the inventory)",
    ),
    ("<this-node>", "each node of the step's group in turn"),
    (
        "<namespace>",
        "an MSR namespace (organization or user) to push a test image to",
    ),
    (
        "<version-string>",
        "the package version of the MCR build, as the package manager lists it",
    ),
    (
        "<mcr-package-dir>",
        "the directory of the MCR packages: downloaded into on the machine with internet access, then copied to each node (scp -r puts it in the home directory of <user>), where the install reads it",
    ),
    (
        "<mcr-package-urls>",
        "the URLs of the docker-ee, docker-ee-cli and containerd.io packages of the MCR build for the nodes' OS, listed under https://repos.mirantis.com/<os>/ in channel stable-<channel> (the MCR install page of each OS names the path)",
    ),
    (
        "<mkectl-download-url>",
        "the download link of the mkectl release archive for the machine that runs mkectl, from the manual install of https://docs.mirantis.com/mke4/latest/getting-started/install-mke-4-cli/",
    ),
    (
        "<site-registry>",
        "the site's own registry (host and path) that the offline images and charts are pushed to, reachable from every node over HTTPS",
    ),
    (
        "<registry-ca-file>",
        "the CA certificate file of the site's registry",
    ),
    (
        "<offline-test-image>",
        "an image already on the machine that runs the check (docker image ls): it is pushed to MSR under a test name, so nothing comes from the internet",
    ),
    ("<user>", "a user that can copy files to the nodes"),
    (
        "<host>",
        "each machine whose steps read the file, in turn (the steps that read it say where they run)",
    ),
    ("<access-token>", "an MSR access token of an administrator"),
    (
        "<migration-dir>",
        "a directory with room for the exported MSR data",
    ),
    (
        "<client-bundle-dir>",
        "the unpacked MKE client bundle of the administrator (My Profile > Client Bundles in MKE)",
    ),
    ("<msr-release>", "the Helm release name of MSR (helm list)"),
    ("<msr-namespace>", "the Kubernetes namespace of MSR"),
    (
        "<msr-values-file>",
        "the Helm values file of the MSR deployment",
    ),
    (
        "<msr-api-deployment>",
        "the MSR API deployment (kubectl get deployments)",
    ),
    (
        "<msr-cr-manifest>",
        "the manifest of the MSR custom resource (cr-sample-manifest.yaml)",
    ),
    (
        "<cert-manager-version>",
        "the cert-manager chart version the MSR release notes ask for",
    ),
    (
        "<postgres-operator-version>",
        "the postgres-operator chart version (1.10.0 or later on Kubernetes 1.25 or later)",
    ),
    (
        "<mke4-hosts-file>",
        "the hosts.yaml of the cluster's nodes (address, port, user, keyPath)",
    ),
    (
        "<mke4-external-address>",
        "the external address (load balancer) of MKE 4",
    ),
    (
        "<mke4-config>",
        "the mkectl configuration file of the cluster (mke4.yaml)",
    ),
    ("<mke4-backup-name>", "a name for the MKE 4 backup"),
    (
        "<msr-chart>",
        "the Helm chart reference of the MSR release line (the catalog names none)",
    ),
    (
        "<chart-version>",
        "the Helm chart version of the target release (the catalog names none: see the release's chart list)",
    ),
    (
        "<name>",
        "the name of the MSR 3 installation (helm ls, or kubectl get msrs.msr.mirantis.com)",
    ),
    (
        "<msr-admin>",
        "the administrator user of the MSR 3 target (MSR_PASSWORD is its password)",
    ),
    (
        "<jobrunner-suffix>",
        "the suffix of the MSR jobrunner deployment (kubectl get deployments)",
    ),
    (
        "<gateway-https-node-port>",
        "the NodePort of the Gateway API for HTTPS, which the load balancer's listener port targets",
    ),
    (
        "<gateway-http-node-port>",
        "the NodePort of the Gateway API for HTTP",
    ),
    (
        "<mmt-version>",
        "the version of the Mirantis Migration Tool (the catalog names none)",
    ),
    (
        "<mcr-version>",
        "the MCR version installed (not installed when the plan starts)",
    ),
    (
        "<mke-version>",
        "the MKE version installed (not installed when the plan starts)",
    ),
    (
        "<msr-version>",
        "the MSR version installed (not installed when the plan starts)",
    ),
];

/// What in a command reads from a terminal: a prompt, a container attached to one, a
/// bootstrapper's interactive mode, curl asking for a password. An unattended step's command
/// has none (the runbook lint checks).
pub(crate) const TERMINAL_MARKERS: &[&str] = &[
    "read -",
    " -it ",
    " -ti ",
    " --tty",
    "--interactive",
    "curl -sk -u %admin% ",
];

/// The vendor documents the steps follow, named once (a step's `source`).
pub(crate) mod sources {
    /// The MSR 2.x upgrade procedure (the prechecks, backups and verifications it asks for).
    pub const MSR_2_UPGRADE: &str = "https://docs.mirantis.com/msr/2.9/ops/upgrade.html";
    /// The MSR 2.x install guide (system requirements, ports, the install and its checks): the
    /// vendor page the project's MSR install-and-upgrade rules come from.
    pub const MSR_2_INSTALL: &str =
        "https://docs.mirantis.com/docker-enterprise/v3.1/dockeree-products/msr/install-msr.html";
    /// The ports an MSR 2.x node opens.
    pub const MSR_2_PORTS: &str = "https://docs.mirantis.com/msr/2.9/ref-arch/networks.html";
    /// The MSR 2.x `backup` command, with `UCP_PASSWORD` read from the environment.
    pub const MSR_2_BACKUP_CLI: &str = "https://docs.mirantis.com/msr/2.9/cli-ref/backup/";
    /// The MSR 2.x `upgrade` command: every option has an environment variable
    /// (`--ucp-password`, `$UCP_PASSWORD`).
    pub const MSR_2_UPGRADE_CLI: &str = "https://docs.mirantis.com/msr/2.9/cli-ref/upgrade/";
    /// The MSR 2.x `install` command.
    pub const MSR_2_INSTALL_CLI: &str = "https://docs.mirantis.com/msr/2.9/cli-ref/install.html";
    /// The MSR 2.x backup guide (image storage).
    pub const MSR_2_CREATE_BACKUP: &str =
        "https://docs.mirantis.com/msr/2.9/ops/disaster-recovery/create-a-backup.html";
    /// Launchpad's MSR join, run without a terminal (`-i`, every flag given).
    pub const LAUNCHPAD_MSR_JOIN: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/product/mke/phase/join_msr_replicas.go";
    /// Launchpad's MSR removal (`destroy --replica-id`).
    pub const LAUNCHPAD_MSR_DESTROY: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/msr/msr.go";
    /// The MSR 2.x API's settings call (read-only mode), with an access token.
    pub const MSR_2_READ_ONLY: &str = "https://docs.mirantis.com/msr/2.9/ops/msr-configure/configure-external-storage/migrate-to-new-storage-backend.html";
    /// The swarm backup of a manager.
    pub const SWARM_BACKUP: &str =
        "https://docs.mirantis.com/mke/3.5/ops/disaster-recovery/back-up-swarm.html";
    /// The MKE backup procedure.
    pub const MKE_BACKUP: &str =
        "https://docs.mirantis.com/mke/3.8/ops/disaster-recovery/back-up-mke/backup-procedure.html";
    /// Launchpad's MKE upgrade: the bootstrapper with `-i` and `--id <swarm cluster id>`, no
    /// terminal and no prompt.
    pub const LAUNCHPAD_MKE_UPGRADE: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/product/mke/phase/upgrade_mke.go";
    /// Launchpad's `apply` command and its flags (`--config`, `--force`, `--confirm` off by
    /// default).
    pub const LAUNCHPAD_APPLY: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/cmd/apply.go";
    /// Launchpad's own upgrade checks (`validateMKEVersionJump`, `validateMSRVersionJump`).
    pub const LAUNCHPAD_VALIDATE_FACTS: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/product/mke/phase/validate_facts.go";
    /// Launchpad's MKE image pre-pull (`images --list`).
    pub const LAUNCHPAD_MKE_IMAGES: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/product/mke/phase/pull_mke_images.go";
    /// The MKE upgrade procedure (health, engines first, Interlock, rollback).
    pub const MKE_UPGRADE: &str = "https://docs.mirantis.com/mke/3.8/ops/upgrades-and-migrations/upgrade-mke/perform-upgrade.html";
    /// The MKE configuration file, read through the API with an auth token.
    pub const MKE_CONFIG_TOML: &str =
        "https://docs.mirantis.com/mke/3.4/ops/administer-cluster/mke-configuration-file.html";
    /// MCR on Ubuntu (apt, deb822 repository file) and its channel.
    pub const MCR_UBUNTU: &str = "https://docs.mirantis.com/mcr/25.0/install/mcr-linux/ubuntu.html";
    /// MCR on Oracle Linux with yum, a given build (`docker-ee-<version-string>`): the RHEL
    /// family's install.
    pub const MCR_YUM: &str = "https://docs.mirantis.com/mcr/current/qs-oracle/install-oracle.html";
    /// Launchpad's MCR install on Ubuntu: the deb822 repository file, the key, `apt-get`.
    pub const LAUNCHPAD_UBUNTU: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/configurer/ubuntu/ubuntu.go";
    /// Launchpad's MCR install on RHEL, CentOS, Rocky and Oracle Linux: the `docker-ee.repo`
    /// file it writes (`ol` read as `oraclelinux`).
    pub const LAUNCHPAD_EL: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/configurer/enterpriselinux/el.go";
    /// Launchpad's MCR install on SLES: `zypper removerepo`, `rpm --import`, `zypper
    /// addrepo`, then `zypper refresh && zypper -n install -y` (k0sproject/rig's SLES module,
    /// which launchpad runs).
    pub const LAUNCHPAD_SLES: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/configurer/sles/sles.go";
    /// Launchpad's MCR install on Windows: Mirantis's `install.ps1` with `DOWNLOAD_URL` and
    /// `CHANNEL`, a reboot on exit code 3010 or "Your machine needs to be rebooted".
    /// Launchpad's FIPS smoke test: MCR channel `stable-29.2.1/fips` (an Ubuntu 22.04 FIPS
    /// manager, a Windows worker, MKE 3.9.2), the one FIPS channel a Mirantis source names.
    pub const LAUNCHPAD_FIPS_SMOKE: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/test/smoke/smoke_test.go";
    pub const LAUNCHPAD_WINDOWS: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/configurer/windows.go";
    /// MCR on Windows Server (the page Microsoft's own install script names).
    pub const MCR_WINDOWS: &str = "https://docs.mirantis.com/mcr/20.10/install/mcr-windows.html";
    /// The MCR upgrade of a cluster's engines, node by node.
    pub const MCR_UPGRADE: &str = "https://docs.docker.com/ee/upgrade/";
    /// MCR 23.0's removal of storage drivers.
    pub const MCR_23_STORAGE: &str = "https://docs.mirantis.com/mcr/23.0/release-notes/23-0-1.html";
    /// The MSR 3.x upgrade with Helm.
    pub const MSR_3_HELM: &str =
        "https://docs.mirantis.com/msr/3.1/ops/upgrade/upgrade-kubernetes.html";
    /// The MSR 3.x `msr backup` command.
    pub const MSR_3_BACKUP: &str = "https://docs.mirantis.com/msr/3.1/cli-ref/backup.html";
    /// The MSR 3.1 upgrade with the MSR Operator.
    pub const MSR_3_OPERATOR: &str = "https://docs.mirantis.com/msr/3.1/ops/upgrade/upgrade-kubernetes/upgrade-kubernetes-operator.html";
    /// The MSR 4 upgrade with Helm.
    pub const MSR_4_HELM: &str =
        "https://docs.mirantis.com/msr/4.13/operations/upgrade/upgrade-helm/";
    /// The MSR 4 backup with Velero.
    pub const MSR_4_BACKUP: &str = "https://docs.mirantis.com/msr/latest/backup";
    /// An MKE 4 upgrade with `mkectl`.
    pub const MKE_4_UPGRADE: &str = "https://docs.mirantis.com/mke4/4.2.1/upgrades/upgrade-from-existing-mke4/perform-mke4-to-mke4-upgrade/";
    /// Installing `mkectl`.
    pub const MKECTL_INSTALL: &str =
        "https://docs.mirantis.com/mke4/latest/getting-started/install-mke-4-cli/";
    /// The MKE 3 to MKE 4 upgrade's summary (Swarm gone, MCR may be uninstalled).
    pub const MKE_4_FROM_3_SUMMARY: &str =
        "https://mirantis.github.io/mke-docs/docs/upgrade-from-mke-3";
    /// MKE 3 to MKE 4 with `mkectl upgrade`.
    pub const MKE_4_FROM_3: &str =
        "https://docs.mirantis.com/mke4/latest/upgrades/upgrade-from-mke-3x/";
    /// The MSR 2.9 to 3.x migration's prerequisites (read-only mode).
    pub const MMT_PREREQS: &str =
        "https://docs.mirantis.com/msr/current/migration-guide/migration-prereqs.html";
    /// MMT's extract stage.
    pub const MMT_EXTRACT: &str =
        "https://docs.mirantis.com/msr/2.9/migration-guide/step-by-step-migration/extract-data/";
    /// MMT's verify stage.
    pub const MMT_VERIFY: &str = "https://docs.mirantis.com/msr/current/migration-guide/step-by-step-migration/verify-the-source-config.html";
    /// MMT's estimate stage.
    pub const MMT_ESTIMATE: &str = "https://docs.mirantis.com/msr/current/migration-guide/step-by-step-migration/estimate-the-migration.html";
    /// MMT's transform stage (in the MMT Pod, `--fullname`).
    pub const MMT_TRANSFORM: &str = "https://docs.mirantis.com/msr/current/migration-guide/step-by-step-migration/transform-data-extract.html";
    /// MMT's restore stage, the eNZi registration and the restarts.
    pub const MMT_RESTORE: &str = "https://docs.mirantis.com/msr/2.9/migration-tool/step-by-step-migration/restore-data-extract.html";
    /// The MSR 4 migration tool: the A/B migration and its final sync.
    pub const MSR_4_TOOL: &str = "https://docs.mirantis.com/msr/latest/migration/tool-migration";
    /// The MSR 4 migration tool's settings (`config/config.env`).
    pub const MSR_4_TOOL_CONFIG: &str = "https://docs.mirantis.com/msr/latest/migration/tool-migration/configure-migration-settings";
    /// The MSR 4 migration tool's single-operation run (`poetry run migration --all`).
    pub const MSR_4_TOOL_RUN: &str =
        "https://docs.mirantis.com/msr/latest/migration/tool-migration/perform-tool-migration";
    /// What the MSR 4 migration does not carry.
    pub const MSR_4_TOOL_POST: &str =
        "https://docs.mirantis.com/msr/latest/migration/tool-migration/tool-configure-migration";
    /// MKE 4's CNI limits: only kube-proxy in iptables mode upgrades from MKE 3.
    pub const MKE_4_CNI_LIMITS: &str = "https://docs.mirantis.com/mke4/latest/configuration/container-network-interface/cni-limitations/";
    /// MKE 4's upgrade scenarios (load balancer, the Gateway API's `NodePort`s).
    pub const MKE_4_SCENARIOS: &str =
        "https://docs.mirantis.com/mke4/latest/upgrades/upgrade-scenarios/";
    /// The MSR 4 migration by replication.
    pub const MSR_4_MIGRATION: &str =
        "https://docs.mirantis.com/msr/4.13/migration/migrate-msr.html";
    /// `docker login --password-stdin`: the registry password from standard input.
    pub const DOCKER_LOGIN: &str = "https://docs.docker.com/reference/cli/docker/login/";
    /// Launchpad's MSR image pull: the bootstrapper's `images` operation lists every image of
    /// the release (`docker run -i --rm IMAGE images`).
    pub const LAUNCHPAD_MSR_IMAGES: &str = "https://github.com/Mirantis/launchpad/blob/4f642063e89d2aeb1e20cbc017657cb52fbc05a6/pkg/product/mke/phase/pull_msr_images.go";
    /// The MKE bootstrapper's `images --list`: every image MKE uses, without pulling.
    pub const MKE_CLI_IMAGES: &str =
        "https://docs.mirantis.com/mke/3.4/cli-ref/mke-cli-images.html";
    /// The vendor's offline image transfer: `docker save` on a connected machine, the files
    /// copied to each node, `docker load` there.
    pub const DOCKER_SAVE_LOAD: &str = "https://docs.mirantis.com/mke/3.3/ops/deploy-apps-swarm/interlock/deploy/interlock-offline-install.html";
    /// MCR packages of one version from the Mirantis repository's package directory
    /// (`https://repos.mirantis.com/<os>/<release>/<arch>/stable-<channel>/Packages/`).
    pub const MCR_PACKAGE_FILES: &str =
        "https://docs.mirantis.com/mcr/20.10/qs-oracle/install-oracle.html";
    /// The MSR 3 chart in Mirantis's OCI registry, with the chart version of each MSR 3.1
    /// release (helm repo commands fail: the `oci://` reference is used directly).
    pub const MSR_3_CHARTS: &str =
        "https://docs.mirantis.com/msr/3.0/install/install-online/run-install-command-online.html";
    /// The cert-manager chart repository the MSR Operator upgrade names.
    pub const JETSTACK_CHARTS: &str = "https://charts.jetstack.io";
    /// The Postgres Operator chart repository the MSR Operator upgrade names.
    pub const ZALANDO_CHARTS: &str =
        "https://opensource.zalando.com/postgres-operator/charts/postgres-operator/";
    /// MSR 3.1 offline: the images of each chart (`helm template ... | grep image:`) put into
    /// a registry the offline cluster reaches.
    pub const MSR_3_OFFLINE_REGISTRY: &str = "https://docs.mirantis.com/msr/3.1/install/install-kubernetes/install-operator/install-offline-operator/set-up-docker-registry-offline-operator.html";
    /// MSR 3.1 offline with the Operator: the custom resource names the offline registry
    /// (`spec.image.registry`).
    pub const MSR_3_OFFLINE_CR: &str = "https://docs.mirantis.com/msr/3.1/install/install-kubernetes/install-operator/install-offline-operator/create-cr-offline-operator.html";
    /// MKE 4 offline: the bundle's download URL and checksum, and its upload to a private
    /// registry.
    pub const MKE_4_OFFLINE: &str =
        "https://docs.mirantis.com/mke4/4.2.1/getting-started/offline-installation/";
    /// MKE 4.0 and 4.1.0 offline: the bundle without an architecture in its name, and no
    /// checksum.
    pub const MKE_4_1_0_OFFLINE: &str =
        "https://docs.mirantis.com/mke4k/4.1.0/getting-started/offline-installation";
    /// MKE 3 -> 4 offline: `--image-registry`, `--chart-registry` and their CA files.
    pub const MKE_4_FROM_3_OFFLINE: &str =
        "https://docs.mirantis.com/mke-docs/docs/upgrade-from-mke-3x/perform-migration";
    /// The DTR upgrade guide: offline image loads, and the 2.5 -> 2.6 metadata store
    /// migration job retriggered through the API.
    pub const DTR_UPGRADE: &str = "https://docs.docker.com/ee/dtr/admin/upgrade/";
}

pub(crate) const SWARM_BACKUP: Template = step(Backup, "backup-swarm", "Back up the swarm state on an MKE manager")
    .command(
        "ENGINE=$(docker version -f '{{.Server.Version}}')\n\
         sudo systemctl stop docker\n\
         sudo tar czvf \"%backup-dir%/swarm-${ENGINE}-$(hostname -s)-$(date +%s%z).tgz\" /var/lib/docker/swarm/\n\
         sudo systemctl start docker",
    )
    .node(Role::AnyManager)
    .source(sources::SWARM_BACKUP)
    .note("The engine on this manager stops while the swarm state is copied: do one manager at a time, never all of them.");

/// The MKE backup, always with the image of the MKE version installed now.
pub(crate) const MKE_BACKUP: Template = step(Backup, "backup-mke", "Back up MKE %mke% (users, teams and cluster configuration)")
    .command(
        "docker container run --rm --log-driver none --name ucp \\\n  \
         --volume /var/run/docker.sock:/var/run/docker.sock \\\n  \
         %mke-image-now%:%mke% backup%mke-backup-id% --passphrase \"$MKE_BACKUP_PASSPHRASE\" \\\n  \
         > %backup-dir%/mke-backup-%mke%-$(date +%Y%m%d%H%M%S).tar",
    )
    .node(Role::AnyManager)
    .source(sources::MKE_BACKUP)
    .env(&["MKE_BACKUP_PASSPHRASE"])
    .note("Run it with the image of the MKE version installed now. MKE_BACKUP_PASSPHRASE encrypts the backup; keep it: a restore needs it. The vendor documents the passphrase only as the --passphrase argument, so it stays out of the shell history but is an argument of the backup container while it runs (--rm removes the container). On hosts whose engine has SELinux enabled (\"selinux-enabled\": true in /etc/docker/daemon.json, typical on RHEL), add --security-opt label=disable to docker container run.");

/// The MSR 2.x metadata backup: the password comes from the environment, as the vendor
/// writes it, since the output goes to a file and a prompt would have nowhere to go.
pub(crate) const MSR_BACKUP: Template = step(Backup, "backup-msr", "Back up MSR %from% metadata")
    .command(
        "docker run -i --rm --log-driver none -e UCP_PASSWORD \\\n  \
         %msr-image-from%:%from% backup \\\n  \
         --ucp-url %mke-url% --ucp-username %admin% \\\n  \
         --ucp-ca \"$(curl -sk https://%mke-url%/ca)\" \\\n  \
         --existing-replica-id %replica% \\\n  \
         > %backup-dir%/dtr-metadata-%from%-backup-$(date +%Y%m%d%H%M%S).tar",
    )
    .source(sources::MSR_2_BACKUP_CLI)
    .env(&["UCP_PASSWORD"])
    .note("UCP_PASSWORD is the MKE administrator's password; -e passes it by name, so its value never appears in the command. Backs up configuration, repository metadata, access control, Notary data, scan results and certificates. Not image content (back it up separately), users and teams (in the MKE backup) or the vulnerability database.");

pub(crate) const MKE_HEALTH: &str = "curl -sk https://%mke-url%/_ping\ndocker node ls";

/// The seed's check of the metadata store is an interactive RethinkDB shell: it is a manual
/// step (no command an executor could run unattended), with the exact lines in its note.
/// Its command lines are indented by four blanks: the renderings print them as commands.
const MSR_VERIFY_METADATA_NOTE: &str = "Interactive, so by hand on an MSR replica node: find the replica id with\n\
     \x20   REPLICA_ID=$(docker inspect -f '{{.Name}}' $(docker ps -q -f name=dtr-rethink) | cut -f 3 -d '-')\n\
     open the shell with\n\
     \x20   docker run -it --rm --net dtr-ol -v dtr-ca-$REPLICA_ID:/ca dockerhubenterprise/rethinkcli:v2.3.0 $REPLICA_ID\n\
     and at its prompt run\n\
     \x20   r.db(\"rethinkdb\").table(\"current_issues\")\n\
     The query must return []. Offline, load the rethinkcli image first:\n\
     \x20   docker load -i rethinkcli-v2.3.0-image.tar";

/// Push and pull a test image; `%test-image%` is `alpine:latest` online and an image
/// already loaded offline, `%registry%` the registry under test.
pub(crate) const PUSH_PULL: &str = "printf '%s\\n' \"$MSR_PASSWORD\" | docker login %registry% --username %admin% --password-stdin\n\
     %fetch-test-image%docker tag %test-image% %registry%/<namespace>/upgrade-check:%to%\n\
     docker push %registry%/<namespace>/upgrade-check:%to%\n\
     docker pull %registry%/<namespace>/upgrade-check:%to%";

/// An in-place MSR 2.x hop (`dtr-cli`), in the seed's order: checks, backups, image,
/// upgrade, verification. Source: the seed; <https://docs.mirantis.com/msr/2.9/ops/upgrade.html>.
pub(crate) const MSR_2_HOP: &[Template] = &[
    step(Precheck, "check-mke-supported", "Check that MKE %mke% is supported by MSR %to%")
        .source(sources::MSR_2_UPGRADE)
        .command("docker inspect --format '{{.Config.Image}}' ucp-proxy")
        .node(Role::AnyManager)
        .note("%mke-support%"),
    step(Precheck, "check-time-drift", "Check that no MSR replica node shows time drift")
        .source(sources::MSR_2_UPGRADE)
        .command("timedatectl status | grep -i 'synchronized'\nsudo dmesg --ctime | tail -n 5")
        .node(Role::MsrNodes)
        .note("Compare the kernel log timestamps across the replica nodes; if they drift, synchronise the clocks (NTP) before going on."),
    step(Precheck, "check-disks", "Check that the local filesystems of the MSR nodes have no storage problems")
        .source(sources::MSR_2_UPGRADE)
        .command("df -h /var/lib/docker\nsudo dmesg --level=err,warn | grep -iE 'i/o error|filesystem' || echo 'no disk errors in the kernel log'")
        .node(Role::MsrNodes),
    step(Precheck, "check-content-trust", "Check that Docker Content Trust is disabled in MKE")
        .command(
            "AUTHTOKEN=$(jq -n --arg username '%admin%' '{username: $username, password: env.MKE_PASSWORD}' \\\n  \
             | curl -sk -d @- https://%mke-url%/auth/login | jq -r .auth_token)\n\
             printf 'Authorization: Bearer %s\\n' \"$AUTHTOKEN\" \\\n  \
             | curl -sk -H @- https://%mke-url%/api/ucp/config-toml | grep require_content_trust",
        )
        .source(sources::MKE_CONFIG_TOML)
        .env(&["MKE_PASSWORD"])
        .note("Expect require_content_trust = false (Admin Settings > Docker Content Trust in the web UI). jq builds the login request from MKE_PASSWORD, so the password is in no argument and any character survives; the token goes to curl on standard input."),
    step(Precheck, "check-ram", "Confirm at least 16 GB of RAM on the node that runs the upgrade")
        .source(sources::MSR_2_UPGRADE)
        .command("free -g | awk '/^Mem:/ {print $2 \" GiB total, \" $7 \" GiB available\"}'")
        .node(Role::UpgradeNode),
    MKE_BACKUP,
    MSR_BACKUP,
    SWARM_BACKUP,
    // The image-storage backup step is picked by the storage backend (`STORAGE_BACKUPS`).
    step(Prepare, "pull-msr-image", "Pull the MSR %to% image on the node that runs the upgrade")
        .offline(&LOAD_MSR_IMAGES)
        .mirrored(&PULL_MSR_IMAGES_MIRRORED)
        .source(sources::MSR_2_UPGRADE)
        .command("docker pull %msr-image%:%to%")
        .node(Role::UpgradeNode),
    step(Upgrade, "upgrade-msr", "Upgrade MSR from %from% to %to%")
        .command(
            "docker run -i --rm -e UCP_PASSWORD %msr-image%:%to% upgrade \\\n  \
             --existing-replica-id %replica% \\\n  \
             --ucp-url %mke-url% --ucp-username %admin% \\\n  \
             --ucp-ca \"$(curl -sk https://%mke-url%/ca)\"",
        )
        .node(Role::UpgradeNode)
        .source(sources::MSR_2_UPGRADE_CLI)
        .env(&["UCP_PASSWORD"])
        .note("Every value is given (UCP_PASSWORD from the environment, by name), so the command asks nothing and needs no terminal. It replaces every MSR container one replica at a time and migrates data; a few seconds of interruption may occur. If anything fails or the upgrade is interrupted, run the same command again: it resumes from the point of interruption. It can run from any node: MKE knows which workers hold replicas. For a large database add --max-wait 30m."),
    step(Verify, "verify-containers", "Check that every MSR container runs %to%")
        .source(sources::MSR_2_UPGRADE)
        .command("docker ps --filter name=dtr --format '{{.Names}} {{.Image}}'")
        .node(Role::MsrNodes),
    step(Verify, "verify-web-ui", "Check that the MSR web UI answers")
        .source(sources::MSR_2_UPGRADE)
        .command("curl -sk -o /dev/null -w '%{http_code}\\n' https://%msr-url%/_ping")
        .note("Expect 200, then open https://%msr-url% in a browser (use the FQDN with https://: MSR sends HSTS headers)."),
    step(Verify, "verify-push-pull", "Push and pull an image to and from MSR")
        .command(PUSH_PULL)
        .env(&["MSR_PASSWORD"])
        .source(sources::DOCKER_LOGIN),
    step(Verify, "verify-metadata-store", "By hand: check in the RethinkDB shell that the MSR metadata store has no current issues")
        .node(Role::AnMsrNode)
        .note(MSR_VERIFY_METADATA_NOTE),
    step(Post, "upgrade-caches", "Upgrade every MSR cache node to %to%, after the replicas")
        .node(Role::CacheNodes)
        .note("Caches that lag behind the replicas cause authentication errors and other strange behaviour. Skip this step if no cache is deployed."),
];

/// The image-storage backup of an MSR 2.x hop or uninstall, fitted to the storage backend:
/// without the backend, the command picks it from the volume that exists.
pub(crate) const STORAGE_BACKUP: Template = step(Backup, "backup-image-storage", "Back up the images stored by MSR")
    .command(
        "if [ -d /var/lib/docker/volumes/dtr-registry-nfs-%replica% ]; then\n\
         \x20 sudo tar -cf %backup-dir%/dtr-registry-nfs-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-nfs-%replica% .\n\
         else\n\
         \x20 sudo tar -cf %backup-dir%/dtr-registry-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-%replica% .\n\
         fi",
    )
    .node(Role::ReplicaNode)
    .note("The command backs up the NFS volume where there is one, else the local one; an object store (S3 and others) is backed up with its own tools instead.")
    .source(sources::MSR_2_CREATE_BACKUP);

/// The image-storage backup of a local filesystem volume.
pub(crate) const STORAGE_BACKUP_LOCAL: Template = step(Backup, "backup-image-storage", "Back up the images stored by MSR")
    .command("sudo tar -cf %backup-dir%/dtr-registry-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-%replica% .")
    .node(Role::ReplicaNode)
    .source(sources::MSR_2_CREATE_BACKUP);

/// The image-storage backup of an NFS volume.
pub(crate) const STORAGE_BACKUP_NFS: Template = step(Backup, "backup-image-storage", "Back up the images stored by MSR")
    .command("sudo tar -cf %backup-dir%/dtr-registry-nfs-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-nfs-%replica% .")
    .node(Role::ReplicaNode)
    .source(sources::MSR_2_CREATE_BACKUP);

/// The image-storage backup of an object store: with the store's own tools.
pub(crate) const STORAGE_BACKUP_OBJECT: Template = step(
    Backup,
    "backup-image-storage",
    "Back up the object store that holds the MSR images with its own tools (versioning or a snapshot)",
);

/// The image-storage backups, for the lint.
pub(crate) const STORAGE_BACKUPS: &[Template] = &[
    STORAGE_BACKUP,
    STORAGE_BACKUP_LOCAL,
    STORAGE_BACKUP_NFS,
    STORAGE_BACKUP_OBJECT,
];

/// An in-place MKE 3.x hop (`ucp-cli`). Source:
/// <https://docs.mirantis.com/mke/3.8/cli-ref/mke-cli-upgrade.html> and the upgrade guides.
pub(crate) const MKE_HOP: &[Template] = &[
    step(Precheck, "check-mke-health", "Check that MKE %from% and every node are healthy")
        .source(sources::MKE_UPGRADE)
        .command(MKE_HEALTH)
        .node(Role::AnyManager)
        .note("/_ping must answer OK on every manager and every node must be Ready."),
    step(Precheck, "check-mcr-versions", "Check that every node runs MCR %mcr% before upgrading MKE")
        .source(sources::MKE_UPGRADE)
        .command("docker node ls --format '{{.Hostname}} {{.EngineVersion}}'")
        .node(Role::AnyManager)
        .note("MCR should be on the most recent version before MKE is updated."),
    MKE_BACKUP,
    step(Prepare, "pull-mke-images", "Pull the MKE %to% images on every node")
        .offline(&LOAD_MKE_IMAGES)
        .mirrored(&PULL_MKE_IMAGES_MIRRORED)
        .source(sources::LAUNCHPAD_MKE_IMAGES)
        .command("docker pull %mke-image%:%to%\ndocker run --rm %mke-image%:%to% images --list | xargs -L 1 docker pull")
        .node(Role::EveryNode),
    step(Upgrade, "upgrade-mke", "Upgrade MKE from %from% to %to%")
        .command(
            "docker container run --rm -i --name ucp \\\n  \
             --volume /var/run/docker.sock:/var/run/docker.sock \\\n  \
             %mke-image%:%to% upgrade \\\n  \
             --id \"$(docker info --format '{{.Swarm.Cluster.ID}}')\"%upgrade-flags%",
        )
        .node(Role::AnyManager)
        .source(sources::LAUNCHPAD_MKE_UPGRADE)
        .not_rerunnable()
        .note("%upgrade-note%"),
    step(Verify, "verify-mke-version", "Check that MKE runs %to%")
        .source(sources::MKE_UPGRADE)
        .command("docker inspect --format '{{.Config.Image}}' ucp-proxy")
        .node(Role::AnyManager)
        .note("The image tag must be %to%."),
    step(Verify, "verify-mke-health", "Check that MKE %to% and every node are healthy")
        .source(sources::MKE_UPGRADE)
        .command(MKE_HEALTH)
        .node(Role::AnyManager),
];

/// A hop Launchpad's `apply` performs (`--executor launchpad`): the version key of the config
/// set, then `launchpad apply`. They replace the hop's own prepare and upgrade steps
/// (Launchpad pulls the images, sets the MCR channel and runs the upgrade), between the
/// plan's prechecks and backups (Launchpad takes none) and its verifications. Sources:
/// Launchpad's `apply` (`cmd/apply.go`, `pkg/product/mke/apply.go`) and its phases.
pub(crate) const LAUNCHPAD_HOP: &[Template] = &[
    step(Prepare, "launchpad-config", "Set %launchpad-setting% in the Launchpad config %launchpad-config%")
        .informs()
        .note("Only this key changes; the other version keys stay as the previous hop left them. `planner plan --launchpad %launchpad-config% ... --format launchpad` prints this hop's config: your file with only its version keys set, comments kept."),
    LAUNCHPAD_APPLY,
];

/// The apply of [`LAUNCHPAD_HOP`].
pub(crate) const LAUNCHPAD_APPLY: Template = step(Upgrade, "launchpad-apply", "Run Launchpad: it upgrades %product% from %from% to %to%")
    .command("launchpad apply --config %launchpad-config%")
    .source(sources::LAUNCHPAD_APPLY)
    .note("%launchpad-does% Launchpad takes no backup: the backups above are the plan's. It asks nothing (--confirm is off), and run again after a failure it redoes only what is left.");

/// The apply of a hop Launchpad's own check refuses although the plan needs it: MKE or MSR
/// across two minor numbers where the catalog has no line between them.
pub(crate) const LAUNCHPAD_APPLY_FORCED: Template = step(Upgrade, "launchpad-apply", "Run Launchpad with --force: its own check refuses this hop, which the plan needs")
    .command("launchpad apply --force --config %launchpad-config%")
    .source(sources::LAUNCHPAD_VALIDATE_FACTS)
    .note("Launchpad's validateMKEVersionJump and validateMSRVersionJump (pkg/product/mke/phase/validate_facts.go) refuse a downgrade and a jump of more than one minor number within a major, and count %from% -> %to% as one; the upgrade table counts the catalog's release lines, and the catalog has none between them. --force turns Launchpad's refusal into a warning (cmd/apply.go: allow continuing where prerequisite checks fail); check the plan before you use it. %launchpad-does% Launchpad takes no backup: the backups above are the plan's.");

/// What Launchpad's `apply` does for a hop of each product (`%launchpad-does%`).
pub(crate) const LAUNCHPAD_DOES_MCR: &str = "Launchpad installs MCR from the channel on every host (pkg/product/mke/phase/upgrade_mcr.go): the managers one at a time with an MKE health check after them, then the MSR hosts one at a time, then the workers in batches (--concurrency); it does not drain the nodes, and skips hosts with mcrUpgradeSkip.";
pub(crate) const LAUNCHPAD_DOES_MKE: &str = "Launchpad pulls the images of the new MKE on every node and runs the MKE bootstrapper's upgrade on the swarm leader with --id and spec.mke.upgradeFlags (pkg/product/mke/phase/upgrade_mke.go).";
pub(crate) const LAUNCHPAD_DOES_MKE_PHASED: &str = "Launchpad pulls the images of the new MKE on every node and runs the MKE bootstrapper's upgrade on the swarm leader with --id and spec.mke.upgradeFlags (pkg/product/mke/phase/upgrade_mke.go). This hop uses the phased in-place method: add --manual-worker-upgrade to spec.mke.upgradeFlags for this apply, then upgrade the workers as the post step says.";
pub(crate) const LAUNCHPAD_DOES_MSR: &str = "Launchpad pulls the images of the new MSR and runs the MSR bootstrapper's upgrade with --existing-replica-id on an MSR host, then checks that MSR reports the new version (pkg/product/mke/phase/upgrade_msr.go).";

/// The note of the MKE upgrade command, automated or phased.
pub(crate) const MKE_AUTOMATED_NOTE: &str = "Managers are upgraded in place, then the workers, automatically. Do not schedule new workloads until the upgrade ends.";
pub(crate) const MKE_PHASED_NOTE: &str = "--manual-worker-upgrade: the managers are upgraded in place, the workers only when you upgrade them (the phased in-place method, next step). Do not schedule new workloads until the upgrade ends.";

/// An MCR hop (`packages`): node by node, managers first (one at a time), then the MSR
/// nodes, then workers. Source: <https://docs.docker.com/ee/upgrade/> and
/// <https://docs.mirantis.com/mcr/25.0/install/mcr-linux/ubuntu.html>.
pub(crate) const MCR_HOP_START: &[Template] = &[
    step(
        Precheck,
        "check-cluster-health",
        "Check that every node is Ready before touching the engines",
    )
    .source(sources::MCR_UPGRADE)
    .command(
        "docker node ls --format '{{.Hostname}} {{.Status}} {{.Availability}} {{.EngineVersion}}'",
    )
    .node(Role::AnyManager),
    SWARM_BACKUP,
];

/// An MCR hop on a cluster that runs MKE 4 (`NO_SWARM`): MKE 4 runs on k0s, not on MCR, and
/// the migration to it removed Swarm, so nothing drains or backs up Swarm; each node's
/// engine packages are updated in place. Sources: the MKE 3 to 4 upgrade summary ("MCR may
/// safely be uninstalled", <https://mirantis.github.io/mke-docs/docs/upgrade-from-mke-3>) and
/// the MCR install pages for the packages.
/// The group of the engine installs on a cluster without Swarm (`hop-N/upgrade-engines`), and
/// its nodes in words (`%what%`).
pub(crate) const MCR_ENGINES: &str = "engines";
pub(crate) const MCR_ENGINE_NODE: &str = "node";

pub(crate) const MCR_HOP_NO_SWARM: &[Template] = &[
    step(Precheck, "engine-outside-cluster", "MKE %mke% runs on k0s, not on MCR: MCR %from% -> %to% only updates each node's engine packages, with no Swarm step; the cluster's workloads do not run on it")
        .informs()
        .source(sources::MKE_4_FROM_3_SUMMARY)
        .note("After the upgrade to MKE 4 the vendor says MCR may safely be uninstalled; keep it only for what still uses the engine on the nodes."),
    step(Backup, "backup-mke", "Back up MKE %mke% with its mkectl before touching the engines")
        .source(sources::MKE_4_UPGRADE)
        .command("mkectl backup -f <mke4-config> --name <mke4-backup-name>.tar")
        .node(Role::MkectlHost)
        .note("Restarting an engine does not touch k0s, but a backup first costs little; only the mkectl version that creates a backup can restore it."),
    // The engines' installs are each node's family's (`Runbook::engine_installs`).
    step(Verify, "verify-engines", "Check that every node that keeps MCR runs %to%")
        .command("docker version --format '{{.Server.Version}}'")
        .node(Role::EveryNode)
        .source(sources::MCR_UBUNTU),
];

/// Points the node's package repository at the target channel (online sites only), one
/// template per family: the repository file launchpad writes, written again with the channel.
/// The catalog fact that says the engines run MCR's FIPS build.
pub(crate) const MCR_FIPS_FACT: &str = "mcr-fips";

/// The catalog facts the runbook reads (rather than a gate): the catalog lint counts them as
/// used.
pub(crate) const RUNBOOK_FACTS: &[&str] = &[MCR_FIPS_FACT];

/// On a FIPS cluster (fact `mcr-fips` answered yes), each MCR hop's step that keeps the FIPS
/// build: no vendor page gives a release's FIPS channel, so a person finds it and uses it in
/// place of the channel the repository, install and Launchpad steps name.
pub(crate) const MCR_FIPS_CHANNEL: Template = step(Precheck, "mcr-fips-channel", "This cluster runs the FIPS build of MCR (fact mcr-fips): the channel the steps of this hop name, stable-%channel%, is not a FIPS channel and would replace the FIPS engine; get the FIPS channel of MCR %to% from Mirantis and use it in their place")
    .source(sources::LAUNCHPAD_FIPS_SMOKE)
    .note("No vendor page gives the FIPS channel of an MCR release. The one FIPS channel a Mirantis source names is stable-29.2.1/fips, in a Launchpad smoke test (a test configuration): stable-, the full release version, then /fips. Confirm the form with Mirantis before using it in the repository, install or Launchpad `mcr.channel` settings.");

const MCR_SET_CHANNEL_TITLE: &str = "Point the Mirantis repository at channel stable-%channel%";

/// Ubuntu: the key and the deb822 file, as launchpad writes them.
pub(crate) const MCR_SET_CHANNEL_UBUNTU: Template = step(Prepare, "set-channel", MCR_SET_CHANNEL_TITLE)
    .command(
        "curl -fsSL https://repos.mirantis.com/ubuntu/gpg | sudo gpg --batch --yes --output /usr/share/keyrings/mirantis-archive-keyring.gpg --dearmor\n\
         . /etc/os-release\n\
         sudo tee /etc/apt/sources.list.d/mirantis.sources >/dev/null <<EOF\n\
         Types: deb\n\
         URIs: https://repos.mirantis.com/ubuntu\n\
         Suites: $VERSION_CODENAME\n\
         Architectures: amd64\n\
         Components: stable-%channel%\n\
         Signed-by: /usr/share/keyrings/mirantis-archive-keyring.gpg\n\
         EOF\n\
         sudo DEBIAN_FRONTEND=noninteractive apt-get update",
    )
    .node(Role::EveryNode)
    .note("Writes the repository file as launchpad does (the Mirantis Ubuntu install steps). Remove any older Mirantis entry of another channel from /etc/apt/sources.list.d first, or apt keeps both.")
    .source(sources::LAUNCHPAD_UBUNTU);

/// RHEL, CentOS, Rocky and Oracle Linux: the `docker-ee.repo` launchpad writes, under the
/// system's id in the repository (`ol` is `oraclelinux` there).
pub(crate) const MCR_SET_CHANNEL_EL: Template = step(Prepare, "set-channel", MCR_SET_CHANNEL_TITLE)
    .command(
        ". /etc/os-release\n\
         case \"$ID\" in ol) REPO_OS=oraclelinux ;; *) REPO_OS=\"$ID\" ;; esac\n\
         sudo tee /etc/yum.repos.d/docker-ee.repo >/dev/null <<EOF\n\
         [mirantis]\n\
         name=Mirantis Container Runtime\n\
         baseurl=https://repos.mirantis.com/$REPO_OS/\\$releasever/\\$basearch/stable-%channel%\n\
         enabled=1\n\
         gpgcheck=1\n\
         gpgkey=https://repos.mirantis.com/$REPO_OS/gpg\n\
         EOF",
    )
    .node(Role::EveryNode)
    .note("Writes /etc/yum.repos.d/docker-ee.repo as launchpad does: the repository of the node's system (rhel, centos, rocky, oraclelinux), its release and architecture, channel stable-%channel%.")
    .source(sources::LAUNCHPAD_EL);

/// SLES: the `mirantis` zypper repository removed and added again with the channel.
pub(crate) const MCR_SET_CHANNEL_SLES: Template = step(Prepare, "set-channel", MCR_SET_CHANNEL_TITLE)
    .command(
        "if sudo zypper repos | grep -qw mirantis; then sudo zypper -n removerepo mirantis; fi\n\
         sudo rpm --import https://repos.mirantis.com/sles/gpg\n\
         sudo zypper -n addrepo --refresh 'https://repos.mirantis.com/sles/$releasever_major/$basearch/stable-%channel%' mirantis",
    )
    .node(Role::EveryNode)
    .note("As launchpad does: the repository is removed and added again, so that it names channel stable-%channel%.")
    .source(sources::LAUNCHPAD_SLES);

/// Every set-channel template, for the lint.
pub(crate) const MCR_SET_CHANNELS: &[Template] = &[
    MCR_SET_CHANNEL_UBUNTU,
    MCR_SET_CHANNEL_EL,
    MCR_SET_CHANNEL_SLES,
];

/// The title of an MCR install on a node.
const MCR_INSTALL_TITLE: &str = "Install MCR %to% on the %what% <this-node> and restart its engine";

/// Ubuntu: the build from the channel with apt.
pub(crate) const MCR_INSTALL_UBUNTU: Template = step(Upgrade, "upgrade", MCR_INSTALL_TITLE)
    .command("sudo DEBIAN_FRONTEND=noninteractive apt-get install -y docker-ee=<version-string> docker-ee-cli=<version-string> containerd.io\nsudo systemctl restart docker")
    .not_rerunnable()
    .note("Fill <version-string> with the %to% build that `apt-cache madison docker-ee` lists.")
    .source(sources::MCR_UBUNTU);

/// RHEL, CentOS, Rocky, Oracle Linux: the build from the channel with yum (dnf on newer
/// releases answers to `yum`).
pub(crate) const MCR_INSTALL_EL: Template = step(Upgrade, "upgrade", MCR_INSTALL_TITLE)
    .command("sudo yum -y install docker-ee-<version-string> docker-ee-cli-<version-string> containerd.io\nsudo systemctl restart docker")
    .not_rerunnable()
    .note("Fill <version-string> with the %to% build that `yum list docker-ee --showduplicates` lists.")
    .source(sources::MCR_YUM);

/// SLES: the newest build of the channel with zypper, as launchpad installs it.
pub(crate) const MCR_INSTALL_SLES: Template = step(Upgrade, "upgrade", MCR_INSTALL_TITLE)
    .command("sudo zypper refresh && sudo zypper -n install -y containerd.io docker-ee\nsudo systemctl restart docker")
    .not_rerunnable()
    .note("Installs the newest build of channel stable-%channel%, as launchpad does; no vendor source gives a zypper command for one given build, so check that the channel's newest is %to% (`zypper info docker-ee`).")
    .source(sources::LAUNCHPAD_SLES);

/// Windows: Mirantis's installer with the repository and the channel, and the reboot it may
/// ask for, as launchpad runs it.
pub(crate) const MCR_INSTALL_WINDOWS: Template = step(Upgrade, "upgrade", MCR_INSTALL_TITLE)
    .command(
        "Invoke-WebRequest -UseBasicParsing -Uri https://get.mirantis.com/install.ps1 -OutFile install.ps1\n\
         $env:DOWNLOAD_URL = 'https://repos.mirantis.com'\n\
         $env:CHANNEL = 'stable-%channel%'\n\
         $out = powershell -ExecutionPolicy Bypass -NoProfile -NonInteractive -File .\\install.ps1 -Verbose 2>&1 | Out-String\n\
         Write-Output $out\n\
         if ($LASTEXITCODE -eq 3010 -or $out -match 'Your machine needs to be rebooted') { Restart-Computer -Force }",
    )
    .powershell()
    .not_rerunnable()
    .note("PowerShell, as an administrator. Installs the newest build of channel stable-%channel% (check that it is %to%); exit code 3010 or \"Your machine needs to be rebooted\" restarts the node, as launchpad does: wait until it is back before the check.")
    .source(sources::LAUNCHPAD_WINDOWS);

/// The offline title: the packages of the bundle.
const MCR_INSTALL_OFFLINE_NOTE: &str = "Offline: the packages of MCR %to% come from the bundle copied to <mcr-package-dir>; no repository is reached.";

/// Ubuntu, offline: the `.deb` files of the bundle with apt.
pub(crate) const MCR_INSTALL_UBUNTU_OFFLINE: Template = MCR_INSTALL_UBUNTU
    .command("sudo DEBIAN_FRONTEND=noninteractive apt-get install -y <mcr-package-dir>/containerd.io_*.deb <mcr-package-dir>/docker-ee*.deb\nsudo systemctl restart docker")
    .note(MCR_INSTALL_OFFLINE_NOTE);

/// The RHEL family, offline: the `.rpm` files of the bundle with yum.
pub(crate) const MCR_INSTALL_EL_OFFLINE: Template = MCR_INSTALL_EL
    .command("sudo yum -y install <mcr-package-dir>/containerd.io-*.rpm <mcr-package-dir>/docker-ee-*.rpm\nsudo systemctl restart docker")
    .note(MCR_INSTALL_OFFLINE_NOTE);

/// SLES, offline: the `.rpm` files of the bundle with zypper, as launchpad installs
/// packages (`zypper -n install -y`).
pub(crate) const MCR_INSTALL_SLES_OFFLINE: Template = MCR_INSTALL_SLES
    .command("sudo zypper -n install -y <mcr-package-dir>/containerd.io-*.rpm <mcr-package-dir>/docker-ee-*.rpm\nsudo systemctl restart docker")
    .note(MCR_INSTALL_OFFLINE_NOTE);

/// Windows, offline: no vendor source installs MCR on Windows without reaching a
/// repository, so a person follows the page.
pub(crate) const MCR_INSTALL_WINDOWS_OFFLINE: Template = step(Upgrade, "upgrade", MCR_INSTALL_TITLE)
    .not_rerunnable()
    .note("No vendor source gives an offline install of MCR on Windows (Mirantis's install.ps1 downloads from DOWNLOAD_URL): follow https://docs.mirantis.com/mcr/20.10/install/mcr-windows.html with the packages of the bundle, or point DOWNLOAD_URL at a mirror of https://repos.mirantis.com that the node reaches.")
    .source(sources::MCR_WINDOWS);

/// Every install template, for the lint.
pub(crate) const MCR_INSTALLS: &[Template] = &[
    MCR_INSTALL_UBUNTU,
    MCR_INSTALL_EL,
    MCR_INSTALL_SLES,
    MCR_INSTALL_WINDOWS,
    MCR_INSTALL_UBUNTU_OFFLINE,
    MCR_INSTALL_EL_OFFLINE,
    MCR_INSTALL_SLES_OFFLINE,
    MCR_INSTALL_WINDOWS_OFFLINE,
];

/// How MCR is installed on one family of operating systems.
pub(crate) struct McrSystem {
    /// The family's slug in step ids (`upgrade-workers-sles`).
    pub slug: &'static str,
    /// Its nodes in words (`%os%`).
    pub what: &'static str,
    /// The operating systems (the inventory's `os`, `--os`) it covers.
    pub systems: &'static [OsFamily],
    /// Whether MKE managers and MSR nodes may run it (Windows nodes are workers only).
    pub linux: bool,
    /// The step that points its repository at the channel; none where the install takes the
    /// channel itself (Windows).
    pub set_channel: Option<Template>,
    /// The install on one node, from the repository.
    pub install: Template,
    /// The install on one node, from the offline bundle's packages.
    pub install_offline: Template,
}

/// The families, in the order their steps are listed.
pub(crate) const MCR_SYSTEMS: [McrSystem; 4] = [
    McrSystem {
        slug: "ubuntu",
        what: "Ubuntu",
        systems: &[OsFamily::Ubuntu],
        linux: true,
        set_channel: Some(MCR_SET_CHANNEL_UBUNTU),
        install: MCR_INSTALL_UBUNTU,
        install_offline: MCR_INSTALL_UBUNTU_OFFLINE,
    },
    McrSystem {
        slug: "rhel-family",
        what: "RHEL, CentOS, Rocky or Oracle Linux",
        systems: &[
            OsFamily::Rhel,
            OsFamily::Centos,
            OsFamily::Rocky,
            OsFamily::Oracle,
        ],
        linux: true,
        set_channel: Some(MCR_SET_CHANNEL_EL),
        install: MCR_INSTALL_EL,
        install_offline: MCR_INSTALL_EL_OFFLINE,
    },
    McrSystem {
        slug: "sles",
        what: "SLES",
        systems: &[OsFamily::Sles],
        linux: true,
        set_channel: Some(MCR_SET_CHANNEL_SLES),
        install: MCR_INSTALL_SLES,
        install_offline: MCR_INSTALL_SLES_OFFLINE,
    },
    McrSystem {
        slug: "windows",
        what: "Windows",
        systems: &[OsFamily::Windows],
        linux: false,
        set_channel: None,
        install: MCR_INSTALL_WINDOWS,
        install_offline: MCR_INSTALL_WINDOWS_OFFLINE,
    },
];

/// Where a role's nodes run several families, the title of each family's step (`%title%` is
/// the step's own title).
pub(crate) const MCR_SYSTEM_TITLE: &str = "%os% nodes: %title%";
/// Where the system of some nodes is not known, each family's step is given with this title
/// in place of its own; a person runs it on the nodes that run that family.
pub(crate) const MCR_IF_SYSTEM_TITLE: &str = "Only on nodes that run %os%: %title%";
/// The note of such a step: why it needs a person.
pub(crate) const MCR_IF_SYSTEM_NOTE: &str = "The plan does not know which system these nodes run (give each node's `os` in the inventory, or --os): run this step only where `. /etc/os-release; echo $ID` names %os%, and the step for its family elsewhere. %note%";

/// The steps of each node of an MCR hop's groups, in order: drained from a manager, its
/// engine installed (on the group's nodes, by the family of their system: `MCR_SYSTEMS`) and checked (the group's check), reactivated from a
/// manager, then the next node. `%what%` is the group in words; a step's id is its slug and
/// the group's (`drain-managers`).
pub(crate) const MCR_DRAIN: Template = step(
    Upgrade,
    "drain",
    "Drain the %what% <this-node> (from a manager)",
)
.command("docker node update --availability drain <this-node>")
.node(Role::AnyManager)
.source(sources::MCR_UPGRADE);

pub(crate) const MCR_ACTIVATE: Template = step(
    Upgrade,
    "activate",
    "Reactivate the %what% <this-node> (from a manager), then go on with the next one",
)
.command("docker node update --availability active <this-node>")
.node(Role::AnyManager)
.source(sources::MCR_UPGRADE);

const MCR_CHECK_TITLE: &str = "Check the engine of the %what% <this-node>";

const MCR_CHECK_MANAGER: Template = step(Upgrade, "check", MCR_CHECK_TITLE)
    .command("docker version --format '{{.Server.Version}}'\ncurl -sk https://<this-node>/_ping")
    .node(Role::EachManager)
    .note(
        "The engine must report %to% and /_ping must answer OK before the next manager is drained.",
    )
    .source(sources::MCR_UPGRADE);

const MCR_CHECK_MSR_NODE: Template = step(Upgrade, "check", MCR_CHECK_TITLE)
    .command("docker version --format '{{.Server.Version}}'\ncurl -sk -o /dev/null -w '%{http_code}\\n' https://<this-node>/_ping")
    .node(Role::EachMsrNode)
    .note("The engine must report %to% (and a replica answer 200) before the next MSR node is drained.")
    .source(sources::MCR_UPGRADE);

const MCR_CHECK_WORKER: Template = step(Upgrade, "check", MCR_CHECK_TITLE)
    .command("docker version --format '{{.Server.Version}}'")
    .node(Role::Workers)
    .note("The engine must report %to%.")
    .source(sources::MCR_UPGRADE);

/// Every step of the node groups, for the lint.
pub(crate) const MCR_NODE_STEPS: &[Template] = &[
    MCR_DRAIN,
    MCR_CHECK_MANAGER,
    MCR_CHECK_MSR_NODE,
    MCR_CHECK_WORKER,
    MCR_ACTIVATE,
];

/// A group of nodes of an MCR hop, upgraded one node after the other with the steps above.
pub(crate) struct NodeGroup {
    /// The group's slug (`managers`).
    pub slug: &'static str,
    /// The group in words, for the titles (`MKE manager`).
    pub what: &'static str,
    /// Where its nodes are upgraded.
    pub role: Role,
    /// Only when MSR is installed or the inventory names MSR nodes.
    pub msr_only: bool,
    /// Whether its nodes may run Windows (workers only: managers and MSR nodes are Linux).
    pub windows: bool,
    /// What else to check on a node before the next is drained.
    pub check: Template,
}

/// The node groups of an MCR hop, in order: managers one at a time, then MSR nodes, then
/// workers (docs.docker.com/ee/upgrade and launchpad's MCR phase).
pub(crate) const MCR_GROUPS: [NodeGroup; 3] = [
    NodeGroup {
        slug: "managers",
        what: "MKE manager",
        role: Role::EachManager,
        msr_only: false,
        windows: false,
        check: MCR_CHECK_MANAGER,
    },
    NodeGroup {
        slug: "msr-nodes",
        what: "MSR node",
        role: Role::EachMsrNode,
        msr_only: true,
        windows: false,
        check: MCR_CHECK_MSR_NODE,
    },
    NodeGroup {
        slug: "workers",
        what: "worker",
        role: Role::Workers,
        msr_only: false,
        windows: true,
        check: MCR_CHECK_WORKER,
    },
];

pub(crate) const MCR_HOP_END: &[Template] = &[step(
    Verify,
    "verify-engines",
    "Check that every node runs MCR %to% and is Ready",
)
.source(sources::MCR_UPGRADE)
.command("docker node ls --format '{{.Hostname}} {{.Status}} {{.Availability}} {{.EngineVersion}}'")
.node(Role::AnyManager)];

/// The MSR 3 metadata backup, run in the MSR API pod (the `msr` CLI of 3.x).
const MSR_3_BACKUP: &str = "kubectl exec -i -n <msr-namespace> deployment.apps/<msr-api-deployment> -- msr backup - \\\n  > %backup-dir%/msr-metadata-%from%-backup-$(date +%Y%m%d%H%M%S).tar";

/// MSR 3 images live in a `PersistentVolume` or an object store that `msr backup` skips.
const MSR_3_STORAGE_BACKUP: Template = step(
    Backup,
    "backup-image-storage",
    "Back up the image storage of MSR %from% (its PersistentVolume or object store) with the storage's own tools",
);

/// The Helm values of the MSR release, kept before a Helm upgrade (MSR 3 and 4).
const HELM_SAVE_VALUES: Template = step(
    Prepare,
    "save-values",
    "Save the Helm values of the MSR release",
)
.source(sources::MSR_3_HELM)
.command("helm get values <msr-release> -n <msr-namespace> -o yaml > <msr-values-file>")
.node(Role::KubectlHost);

/// An MSR 3.x hop with its Helm chart (`helm`). Sources: the upgrade method table
/// <https://docs.mirantis.com/msr/3.1/ops/upgrade/upgrade-kubernetes.html>, the chart list
/// <https://docs.mirantis.com/msr/3.1/common/helm-chart-list.html>, the OCI registry note on
/// <https://docs.mirantis.com/msr/3.0/install/install-online/run-install-command-online.html>
/// and `msr backup` <https://docs.mirantis.com/msr/3.1/cli-ref/backup.html>.
pub(crate) const MSR_3_HELM_HOP: &[Template] = &[
    step(Precheck, "check-kubernetes", "Check that the Kubernetes cluster (MKE %mke%) supports MSR %to% and that kubectl and helm point at it")
        .source(sources::MSR_3_HELM)
        .command("kubectl version\nhelm list -n <msr-namespace>")
        .node(Role::KubectlHost)
        .note("MSR 3.1 runs on Kubernetes 1.24 to 1.27: compare the server version that kubectl version prints."),
    step(Backup, "backup-msr", "Back up the MSR %from% metadata")
        .source(sources::MSR_3_BACKUP)
        .command(MSR_3_BACKUP)
        .node(Role::KubectlHost)
        .note("msr backup saves configuration, image and chart metadata, not the images and charts themselves. From MSR 3.1.0 scheduled backups (System > Backups) are the recommended way."),
    MSR_3_STORAGE_BACKUP,
    HELM_SAVE_VALUES,
    step(Prepare, "dry-run", "Check the upgrade with a dry run")
        .offline(&MSR_3_DRY_RUN_OFFLINE)
        .source(sources::MSR_3_HELM)
        .command("helm upgrade <msr-release> %chart% --version %chart-version% \\\n  -n <msr-namespace> --values <msr-values-file> --dry-run")
        .node(Role::KubectlHost)
        .note("Mirantis serves the chart from an OCI registry: use the oci:// reference, not a chart repository (helm repo commands fail). Chart %chart-version% deploys MSR %to%."),
    step(Upgrade, "upgrade-msr", "Upgrade MSR from %from% to %to% with the Helm chart %chart-version%")
        .offline(&MSR_3_UPGRADE_OFFLINE)
        .source(sources::MSR_3_HELM)
        .command("helm upgrade <msr-release> %chart% --version %chart-version% \\\n  -n <msr-namespace> --values <msr-values-file> --timeout 20m0s")
        .node(Role::KubectlHost)
        .not_rerunnable(),
    step(Verify, "verify-pods", "Check that every MSR pod is running MSR %to%")
        .source(sources::MSR_3_HELM)
        .command("kubectl get pods -n <msr-namespace>\nhelm list -n <msr-namespace>")
        .node(Role::KubectlHost),
    step(Verify, "verify-push-pull", "Push and pull an image to and from MSR").command(PUSH_PULL)
        .env(&["MSR_PASSWORD"])
        .source(sources::DOCKER_LOGIN),
];

/// An MSR 3.1 hop with the MSR Operator (`msr-operator`). Source:
/// <https://docs.mirantis.com/msr/3.1/ops/upgrade/upgrade-kubernetes/upgrade-kubernetes-operator.html>
/// and <https://docs.mirantis.com/msr/3.1/common/postgres-operator-version.html>.
pub(crate) const MSR_3_OPERATOR_HOP: &[Template] = &[
    step(Precheck, "check-kubernetes", "Check that the Kubernetes cluster (MKE %mke%) supports MSR %to% and that the Postgres Operator is 1.10.0 or later on Kubernetes 1.25 or later")
        .source(sources::MSR_3_OPERATOR)
        .command("kubectl version\nhelm list -A | grep -E 'postgres-operator|cert-manager'")
        .node(Role::KubectlHost)
        .note("Compare the server version that kubectl version prints: MSR 3.1 runs on Kubernetes 1.24 to 1.27, and Postgres Operator 1.8.2 and earlier cannot run on Kubernetes 1.25 or later."),
    step(Backup, "backup-msr", "Back up the MSR %from% metadata")
        .source(sources::MSR_3_BACKUP)
        .command(MSR_3_BACKUP)
        .node(Role::KubectlHost)
        .note("msr backup saves configuration, image and chart metadata, not the images and charts themselves."),
    MSR_3_STORAGE_BACKUP,
    step(Prepare, "upgrade-cert-manager", "Upgrade cert-manager first, as Mirantis strongly recommends")
        .offline(&CERT_MANAGER_OFFLINE)
        .source(sources::MSR_3_OPERATOR)
        .command("helm upgrade cert-manager cert-manager \\\n  --repo https://charts.jetstack.io \\\n  --version <cert-manager-version> \\\n  --set installCRDs=true")
        .node(Role::KubectlHost),
    step(Prepare, "upgrade-postgres-operator", "Upgrade the Postgres Operator first, as Mirantis strongly recommends")
        .offline(&POSTGRES_OPERATOR_OFFLINE)
        .source(sources::MSR_3_OPERATOR)
        .command("helm upgrade postgres-operator postgres-operator \\\n  --repo https://opensource.zalando.com/postgres-operator/charts/postgres-operator/ \\\n  --version <postgres-operator-version> \\\n  --set configKubernetes.spilo_runasuser=101 \\\n  --set configKubernetes.spilo_runasgroup=103 \\\n  --set configKubernetes.spilo_fsgroup=103")
        .node(Role::KubectlHost),
    step(Upgrade, "set-image-tag", "Set the MSR version in the custom resource: spec.image.tag: %to% in <msr-cr-manifest>")
        .offline(&SET_IMAGE_TAG_OFFLINE)
        .node(Role::KubectlHost),
    step(Upgrade, "upgrade-msr", "Apply the custom resource: the MSR Operator upgrades MSR from %from% to %to%")
        .source(sources::MSR_3_OPERATOR)
        .command("kubectl apply -f <msr-cr-manifest>")
        .node(Role::KubectlHost),
    step(Verify, "verify-reconciled", "Wait until the Operator has reconciled the MSR and RethinkDB resources")
        .source(sources::MSR_3_OPERATOR)
        .command("kubectl get msrs.msr.mirantis.com\nkubectl get rethinkdbs.rethinkdb.com")
        .node(Role::KubectlHost)
        .note("Repeat until both report the resources ready at %to%."),
    step(Verify, "verify-push-pull", "Push and pull an image to and from MSR").command(PUSH_PULL)
        .env(&["MSR_PASSWORD"])
        .source(sources::DOCKER_LOGIN),
];

/// An MSR 4.x hop with its Helm chart (`msr4-helm`), whose version is the MSR version.
/// Sources: <https://docs.mirantis.com/msr/4.13/operations/upgrade/upgrade-helm/> and its patch
/// and minor/major pages; <https://docs.mirantis.com/msr/latest/backup> (Velero).
pub(crate) const MSR_4_HOP: &[Template] = &[
    step(Precheck, "check-prerequisites", "Check the prerequisites: Helm 3, cluster-admin rights, kubectl on the MSR namespace, and, for a highly available MSR, the external PostgreSQL and Redis running")
        .source(sources::MSR_4_HELM)
        .command("helm version\nkubectl auth can-i '*' '*' --all-namespaces\nhelm list -n <msr-namespace>")
        .node(Role::KubectlHost),
    step(Backup, "backup-msr", "Back up MSR %from% with Velero, the backup tool Mirantis supports for MSR 4")
        .node(Role::KubectlHost)
        .source(sources::MSR_4_BACKUP)
        .note("Set the registry read-only first, exclude Redis from the backup, and make the registry writable again once the backup has completed, as the MSR 4 backup guide describes: https://docs.mirantis.com/msr/latest/backup"),
    HELM_SAVE_VALUES,
    step(Prepare, "new-defaults", "Compare the values with the defaults of MSR %to%, keeping secretKey unchanged")
        .offline(&MSR_4_DEFAULTS_OFFLINE)
        .source(sources::MSR_4_HELM)
        .command("helm show values oci://registry.mirantis.com/harbor/helm/msr --version %to% > msr-values-new-defaults.yaml")
        .node(Role::KubectlHost)
        .note("Patch upgrades need no values changes; for a minor or major upgrade carry your settings into the new defaults. Changing secretKey after the first deployment breaks the decryption of stored credentials."),
    step(Upgrade, "upgrade-msr", "Upgrade MSR from %from% to %to% with its Helm chart")
        .offline(&MSR_4_UPGRADE_OFFLINE)
        .source(sources::MSR_4_HELM)
        .command("helm upgrade <msr-release> \\\n  oci://registry.mirantis.com/harbor/helm/msr \\\n  --version %to% \\\n  --namespace <msr-namespace> \\\n  --values <msr-values-file>")
        .node(Role::KubectlHost)
        .not_rerunnable(),
    step(Verify, "verify-pods", "Check that every MSR pod runs and the release is deployed at %to%")
        .source(sources::MSR_4_HELM)
        .command("kubectl get pods -n <msr-namespace>\nhelm list -n <msr-namespace>")
        .node(Role::KubectlHost),
    step(Verify, "verify-push-pull", "Push and pull an image to and from MSR").command(PUSH_PULL)
        .env(&["MSR_PASSWORD"])
        .source(sources::DOCKER_LOGIN),
];

/// An MKE 4.x hop with `mkectl` (`mkectl`). Sources:
/// <https://docs.mirantis.com/mke4/latest/reference/cli/mkectl_upgrade/> ("For MKE 4 minor/patch
/// upgrades"), <https://docs.mirantis.com/mke4/4.2.1/upgrades/upgrade-from-existing-mke4/perform-mke4-to-mke4-upgrade/>
/// and <https://docs.mirantis.com/mke4/latest/getting-started/install-mke-4-cli/>.
pub(crate) const MKE_4_HOP: &[Template] = &[
    step(Precheck, "check-nodes", "Check that every node of MKE %from% is Ready")
        .source(sources::MKE_4_UPGRADE)
        .command("kubectl get nodes")
        .node(Role::MkectlHost),
    step(Backup, "backup-mke", "Back up MKE %from% with the mkectl that installed it, before installing the new one")
        .source(sources::MKE_4_UPGRADE)
        .command("mkectl backup -f <mke4-config> --name <mke4-backup-name>.tar")
        .node(Role::MkectlHost)
        .note("Only the mkectl version that creates a backup can restore it."),
    step(Prepare, "install-mkectl", "Install mkectl %to%")
        .offline(&MKECTL_INSTALL_OFFLINE)
        .source(sources::MKECTL_INSTALL)
        .command("sudo MKECTL_VERSION=v%to% /bin/bash -c \"$(curl -fsSL https://raw.githubusercontent.com/MirantisContainers/mke-release/refs/heads/main/install.sh)\"")
        .node(Role::MkectlHost)
        .note("Use the mkectl version of the target release."),
    step(Upgrade, "upgrade-mke", "Upgrade MKE from %from% to %to%")
        .source(sources::MKE_4_UPGRADE)
        .command("mkectl upgrade -f <mke4-config> --upgrade-version %to% --config-out <mke4-upgraded-config>")
        .node(Role::MkectlHost)
        .not_rerunnable()
        .note("Registry settings cannot change during the upgrade. From MKE 4.1.2 or earlier to 4.1.5 or later, also give the Gateway API's NodePorts (--gateway-https-node-port <gateway-https-node-port> --gateway-http-node-port <gateway-http-node-port>) and, if it is not 443, the listener port (--gateway-listener-port), as https://docs.mirantis.com/mke4/latest/upgrades/upgrade-scenarios/ says. A failed upgrade rolls back automatically, without asking: the rollback interrupts all workloads on the cluster, resets and reboots every controller node and every worker (https://docs.mirantis.com/mke4/latest/upgrades/upgrade-from-existing-mke4/upgrade-rollbacks/)."),
    step(Verify, "verify-nodes", "Check that every node is Ready in MKE %to%")
        .source(sources::MKE_4_UPGRADE)
        .command("kubectl get nodes")
        .node(Role::MkectlHost),
];

/// A line whose procedure the sources do not give (`manual`): no command is invented; each
/// step names the vendor's document.
pub(crate) const MANUAL_HOP: &[Template] = &[
    step(Precheck, "read-procedure", "Read the vendor's upgrade procedure for %product% %from% -> %to%: %doc%")
        .note("The catalog knows no documented command for this release line; these steps say what to do, not how."),
    step(Backup, "backup", "Back up %product% %from% as its documentation describes: %doc%"),
    step(Upgrade, "upgrade", "Upgrade %product% from %from% to %to% as its documentation describes: %doc%")
        .not_rerunnable(),
    step(Verify, "verify", "Check that %product% runs %to% and is healthy, as its documentation describes: %doc%"),
];

/// An initial install of MSR 2.x, from the seed's "Step-by-step MSR installation".
pub(crate) const MSR_INSTALL: &[Template] = &[
    step(Precheck, "check-mke-supported", "Check that MKE %mke% supports MSR %to%")
        .source(sources::MSR_2_INSTALL)
        .command("docker inspect --format '{{.Config.Image}}' ucp-proxy")
        .node(Role::AnyManager)
        .note("%mke-support%"),
    MKE_BACKUP,
    step(Prepare, "pull-msr-image", "Pull the MSR %to% image on the node that runs the install")
        .offline(&LOAD_MSR_IMAGES)
        .mirrored(&PULL_MSR_IMAGES_MIRRORED)
        .source(sources::MSR_2_INSTALL)
        .command("docker pull %msr-image%:%to%")
        .node(Role::UpgradeNode),
    step(Prepare, "load-balancer-tcp", "If the load balancer in front of %msr-url% checks health over HTTP on port 80 or 443, switch it to TCP probes on a known open port until MSR is installed"),
    step(Upgrade, "install-msr", "Install MSR %to% on %first-msr-node%")
        .command(
            "docker run -i --rm -e UCP_PASSWORD %msr-image%:%to% install \\\n  \
             --dtr-external-url %msr-url% \\\n  \
             --ucp-node %first-msr-node% \\\n  \
             --ucp-username %admin% \\\n  \
             --ucp-url %mke-url% \\\n  \
             --ucp-ca \"$(curl -sk https://%mke-url%/ca)\"",
        )
        .node(Role::UpgradeNode)
        .source(sources::MSR_2_INSTALL_CLI)
        .env(&["UCP_PASSWORD"])
        .not_rerunnable()
        .note("Run it from any node with MCR: MSR lands on the worker named by --ucp-node, not on the node you run the command on. Pass --dtr-external-url with the port MKE should trust, so that MKE can pull from MSR."),
    step(Verify, "verify-install", "Check that MSR is installed and every replica runs: https://%mke-url%/manage/settings/dtr, and MSR listed under Shared Resources > Stacks")
        .source(sources::MSR_2_INSTALL)
        .command("curl -sk -o /dev/null -w '%{http_code}\\n' https://%msr-url%/_ping"),
    step(Verify, "verify-push-pull", "Push and pull an image to and from MSR").command(PUSH_PULL)
        .env(&["MSR_PASSWORD"])
        .source(sources::DOCKER_LOGIN),
    step(Post, "configure-tls-storage", "Configure the TLS certificates (System > General) and the storage backend (System > Storage)"),
    step(Post, "load-balancer-restore", "Set the load balancer's health probes back to the protocol and port you want"),
];

/// Before the joins: the seed's step 1, "Load your MKE user bundle".
pub(crate) const LOAD_CLIENT_BUNDLE: Template = step(
    Upgrade,
    "load-client-bundle",
    "Load the MKE client bundle of %admin% in the shell that runs the join commands",
)
.command("cd <client-bundle-dir> && eval \"$(<env.sh)\"")
.node(Role::UpgradeNode)
.note("The join commands talk to MKE through the bundle's certificates.")
.source(sources::MSR_2_INSTALL);

pub(crate) const JOIN: &str = "docker run -i --rm -e UCP_PASSWORD %msr-image%:%to% join \\\n  \
     --ucp-node %node% \\\n  \
     --existing-replica-id %replica% \\\n  \
     --ucp-url %mke-url% --ucp-username %admin% \\\n  \
     --ucp-ca \"$(curl -sk https://%mke-url%/ca)\"";
pub(crate) const JOIN_NOTE: &str = "--existing-replica-id names a replica already in the cluster (Shared Resources > Stacks in MKE); --ucp-node names the node that gets the replica, not the MKE URL. Every value is given, so the command asks nothing.";
pub(crate) const DESTROY: &str = "docker run -i --rm -e UCP_PASSWORD %msr-image-from%:%from% destroy \\\n  \
     --replica-id %replica-id% \\\n  \
     --ucp-url %mke-url% --ucp-username %admin% \\\n  \
     --ucp-ca \"$(curl -sk https://%mke-url%/ca)\"";

/// A join of an install, once per MSR node after the first (`%node%`); its id is its slug
/// and the node's (`join-dtr-2`).
pub(crate) const JOIN_REPLICA: Template = step(Upgrade, "join", "Join a replica on %node%")
    .command(JOIN)
    .source(sources::LAUNCHPAD_MSR_JOIN)
    .env(&["UCP_PASSWORD"])
    .note(JOIN_NOTE);

/// A `destroy` of an uninstall, once per replica (`%replica-id%` on `%node%`, which is also
/// where it runs); its id is its slug and the replica's (`destroy-a1b2c3d4e5f6`).
pub(crate) const DESTROY_REPLICA: Template =
    step(Upgrade, "destroy", "Destroy replica %replica-id% on %node%")
        .command(DESTROY)
        .source(sources::LAUNCHPAD_MSR_DESTROY)
        .env(&["UCP_PASSWORD"])
        .not_rerunnable();

/// The replica an uninstall destroys when the site lists none: the site's replica id
/// (`%replica%`) on a node the operator names.
pub(crate) const UNLISTED_REPLICA: (&str, &str) = ("%replica%", "<msr-node>");

/// The per-replica steps of an install and an uninstall, for the lint.
pub(crate) const REPLICA_STEPS: &[Template] = &[LOAD_CLIENT_BUNDLE, JOIN_REPLICA, DESTROY_REPLICA];

/// Removing MSR: back up first, then `destroy` once per replica.
pub(crate) const MSR_UNINSTALL: &[Template] = &[
    step(
        Precheck,
        "confirm-removal",
        "Confirm that MSR %from% is to be removed: destroy deletes all data of each replica",
    ),
    MSR_BACKUP,
    step(
        Verify,
        "verify-removed",
        "Check that no MSR container is left",
    )
    .source(sources::LAUNCHPAD_MSR_DESTROY)
    .command("docker ps --filter name=dtr --format '{{.Names}}'")
    .node(Role::MsrNodes)
    .note("The command must print nothing."),
];

/// Any other migration in a catalog: the steps every migration needs, naming its tool.
pub(crate) const GENERIC_MIGRATION: &[Template] = &[
    step(
        Precheck,
        "read-migration-guide",
        "Read the migration guide of %tool% for %product% %from% -> %to%: %doc%",
    ),
    step(
        Backup,
        "backup-before-migration",
        "Back up %product% %from% with its documented backup procedure",
    ),
    step(
        Upgrade,
        "migrate",
        "Migrate %product% from %from% to %to% with %tool%",
    )
    .not_rerunnable(),
    step(
        Verify,
        "verify-migration",
        "Check that %product% runs %to% and is healthy",
    ),
];

/// Source read-only on, and its revert. Source:
/// <https://docs.mirantis.com/msr/current/migration-guide/migration-prereqs.html>.
pub(crate) const READ_ONLY_ON: &str = "printf 'user = \"%s:%s\"\\n' '%admin%' \"$MSR_TOKEN\" \\\n  \
     | curl -sk -K - -X POST https://%msr-url%/api/v0/meta/settings \\\n  \
     -H 'Content-Type: application/json' -d '{\"readOnlyRegistry\": true}'";
pub(crate) const READ_ONLY_OFF: &str = "printf 'user = \"%s:%s\"\\n' '%admin%' \"$MSR_TOKEN\" \\\n  \
     | curl -sk -K - -X POST https://%msr-url%/api/v0/meta/settings \\\n  \
     -H 'Content-Type: application/json' -d '{\"readOnlyRegistry\": false}'";

/// The MMT stages that run on the MSR 2.9 source (verify, estimate, extract), in copy mode:
/// the blobs leave the Docker volume of a filesystem backend (the only mode for volumes),
/// mounted at `/storage` (the volume of the backend when the site gives it, else the NFS
/// volume where one exists and the local one otherwise). The tool takes the MKE password
/// only as an argument (`--source-password`), so these steps need a person. Sources:
/// <https://docs.mirantis.com/msr/current/migration-guide/step-by-step-migration/verify-the-source-config.html>,
/// <https://docs.mirantis.com/msr/current/migration-guide/step-by-step-migration/estimate-the-migration.html>,
/// <https://docs.mirantis.com/msr/2.9/migration-guide/step-by-step-migration/extract-data/> and
/// <https://docs.mirantis.com/msr/2.9/migration-guide/select-storage-mode.html>.
pub(crate) const MMT_VERIFY: Template = step(Upgrade, "mmt-verify", "Migration stage 1 of 5: verify the configuration of the MSR %from% source")
    .command(
        "VOLUME=dtr-registry-%replica%\n\
         if docker volume inspect dtr-registry-nfs-%replica% >/dev/null 2>&1; then VOLUME=dtr-registry-nfs-%replica%; fi\n\
         docker run --rm -it -v <migration-dir>:/migration:Z \\\n  \
         --mount source=$VOLUME,target=/storage \\\n  \
         registry.mirantis.com/msr/mmt:%tool-version% verify msr \\\n  \
         --source-mke-url %mke-url% --source-username %admin% --source-password \"$MKE_PASSWORD\" \\\n  \
         --source-url %msr-url% --storage-mode copy%source-tls% /migration",
    )
    .node(Role::ReplicaNode)
    .env(&["MKE_PASSWORD"])
    .source(sources::MMT_VERIFY)
    .note(MMT_PASSWORD_NOTE)
    .by_hand();
pub(crate) const MMT_ESTIMATE: Template = step(Upgrade, "mmt-estimate", "Migration stage 2 of 5: estimate the images and metadata to migrate")
    .command(
        "VOLUME=dtr-registry-%replica%\n\
         if docker volume inspect dtr-registry-nfs-%replica% >/dev/null 2>&1; then VOLUME=dtr-registry-nfs-%replica%; fi\n\
         docker run --rm -it -v <migration-dir>:/migration:Z \\\n  \
         --mount source=$VOLUME,target=/storage \\\n  \
         registry.mirantis.com/msr/mmt:%tool-version% estimate msr \\\n  \
         --source-mke-url %mke-url% --source-username %admin% --source-password \"$MKE_PASSWORD\" \\\n  \
         --source-url %msr-url% --storage-mode copy%source-tls% /migration",
    )
    .node(Role::ReplicaNode)
    .env(&["MKE_PASSWORD"])
    .source(sources::MMT_ESTIMATE)
    .note(MMT_PASSWORD_NOTE)
    .by_hand();
pub(crate) const MMT_EXTRACT: Template = step(Upgrade, "mmt-extract", "Migration stage 3 of 5: extract the MSR %from% data")
    .command(
        "VOLUME=dtr-registry-%replica%\n\
         if docker volume inspect dtr-registry-nfs-%replica% >/dev/null 2>&1; then VOLUME=dtr-registry-nfs-%replica%; fi\n\
         docker run --rm -it -v <migration-dir>:/migration:Z \\\n  \
         --mount source=$VOLUME,target=/storage \\\n  \
         registry.mirantis.com/msr/mmt:%tool-version% extract msr \\\n  \
         --source-mke-url %mke-url% --source-username %admin% --source-password \"$MKE_PASSWORD\" \\\n  \
         --source-url %msr-url% --storage-mode copy%source-tls% /migration",
    )
    .node(Role::ReplicaNode)
    .env(&["MKE_PASSWORD"])
    .note("Copy mode, the only one for image storage in Docker volumes (local filesystem or NFS). An object store (S3 and others) migrates in place instead: give the storage backend (--storage object) for that command. The Mirantis Migration Tool takes the MKE password only as an argument (--source-password), so a person runs this step with MKE_PASSWORD exported, on a node nobody else can inspect.")
    .source(sources::MMT_EXTRACT)
    .by_hand();

/// The note of the source-side MMT stages, which take the password as an argument.
pub(crate) const MMT_PASSWORD_NOTE: &str = "The Mirantis Migration Tool takes the MKE password only as an argument (--source-password), so a person runs this step with MKE_PASSWORD exported, on a node nobody else can inspect. Copy mode, as for the extract; an object store (--storage object) runs it in place.";

/// The same three stages with the blobs left in an object store (`inplace`): the target
/// must use the same external storage.
pub(crate) const MMT_VERIFY_INPLACE: Template = step(Upgrade, "mmt-verify", "Migration stage 1 of 5: verify the configuration of the MSR %from% source")
    .command(
        "docker run --rm -it -v <migration-dir>:/migration:Z \\\n  \
         registry.mirantis.com/msr/mmt:%tool-version% verify msr \\\n  \
         --source-mke-url %mke-url% --source-username %admin% --source-password \"$MKE_PASSWORD\" \\\n  \
         --source-url %msr-url% --storage-mode inplace%source-tls% /migration",
    )
    .node(Role::ReplicaNode)
    .env(&["MKE_PASSWORD"])
    .source(sources::MMT_VERIFY)
    .note(MMT_PASSWORD_NOTE_INPLACE)
    .by_hand();
pub(crate) const MMT_ESTIMATE_INPLACE: Template = step(Upgrade, "mmt-estimate", "Migration stage 2 of 5: estimate the images and metadata to migrate")
    .command(
        "docker run --rm -it -v <migration-dir>:/migration:Z \\\n  \
         registry.mirantis.com/msr/mmt:%tool-version% estimate msr \\\n  \
         --source-mke-url %mke-url% --source-username %admin% --source-password \"$MKE_PASSWORD\" \\\n  \
         --source-url %msr-url% --storage-mode inplace%source-tls% /migration",
    )
    .node(Role::ReplicaNode)
    .env(&["MKE_PASSWORD"])
    .source(sources::MMT_ESTIMATE)
    .note(MMT_PASSWORD_NOTE_INPLACE)
    .by_hand();
pub(crate) const MMT_EXTRACT_INPLACE: Template = step(Upgrade, "mmt-extract", "Migration stage 3 of 5: extract the MSR %from% metadata (images stay in the object store)")
    .command(
        "docker run --rm -it -v <migration-dir>:/migration:Z \\\n  \
         registry.mirantis.com/msr/mmt:%tool-version% extract msr \\\n  \
         --source-mke-url %mke-url% --source-username %admin% --source-password \"$MKE_PASSWORD\" \\\n  \
         --source-url %msr-url% --storage-mode inplace%source-tls% /migration",
    )
    .node(Role::ReplicaNode)
    .env(&["MKE_PASSWORD"])
    .note("In place: the binary image data stays where it is, and MSR %to% must be configured with the same external storage as MSR %from%. The Mirantis Migration Tool takes the MKE password only as an argument (--source-password), so a person runs this step with MKE_PASSWORD exported, on a node nobody else can inspect.")
    .source(sources::MMT_EXTRACT)
    .by_hand();
pub(crate) const MMT_PASSWORD_NOTE_INPLACE: &str = "The Mirantis Migration Tool takes the MKE password only as an argument (--source-password), so a person runs this step with MKE_PASSWORD exported, on a node nobody else can inspect. In place: the target must use the same external storage as the source.";

/// The source-side stages and their in-place forms, by slug (`Runbook::mmt_stage`).
pub(crate) const MMT_INPLACE: &[Template] = &[
    MMT_VERIFY_INPLACE,
    MMT_ESTIMATE_INPLACE,
    MMT_EXTRACT_INPLACE,
];

/// MSR 2.9 -> 3.x with the Mirantis Migration Tool (MMT), stage by stage, into an MSR 3
/// on Kubernetes (Helm or Operator), the tool's image pinned to the catalog's version
/// (`%tool-version%`). Sources:
/// <https://docs.mirantis.com/msr/current/migration-guide/migration-prereqs.html>,
/// <https://docs.mirantis.com/msr/2.9/migration-guide/step-by-step-migration/> and the pages
/// of each stage; the target-side stages run in the MMT Pod of
/// <https://docs.mirantis.com/msr/2.9/migration-tool/kubernetes-migrations.html>.
pub(crate) const MSR_3_MIGRATION: &[Template] = &[
    step(Precheck, "check-target", "Install an active MSR %to% target system (3.0.3 or later) at %target-msr-url%")
        .source(sources::MMT_PREREQS)
        .note("The Mirantis Migration Tool migrates to MSR 3.0.3 or later, on Kubernetes (Helm or Operator) or Swarm; it does not migrate to 2.9 targets. These steps are for a Kubernetes target; an MSR 3.1 target on Swarm runs the docker run forms with --swarm of each stage's page instead."),
    step(Precheck, "check-credentials", "Have the MKE administrator credentials of the source at hand"),
    MKE_BACKUP,
    MSR_BACKUP,
    step(Prepare, "pull-mmt", "Pull the Mirantis Migration Tool %tool-version% on the source and the target")
        .offline(&LOAD_MMT)
        .source(sources::MMT_PREREQS)
        .command("docker pull registry.mirantis.com/msr/mmt:%tool-version%")
        .note("The stages use the same tool version on both sides; its features depend on the version (the single migrate command needs MMT 2.0.3 or later)."),
    step(Prepare, "target-namespace", "Make the namespace of the MSR %to% target the current one of kubectl")
        .source(sources::MMT_PREREQS)
        .command("kubectl config set-context --current --namespace=<msr-namespace>")
        .node(Role::KubectlHost),
    step(Prepare, "deploy-mmt-pod", "Deploy the MMT Pod (service account, role, role binding, PersistentVolumeClaim and Pod named mmt) on the target cluster, as https://docs.mirantis.com/msr/2.9/migration-tool/kubernetes-migrations.html describes, with its image at registry.mirantis.com/msr/mmt:%tool-version%")
        .node(Role::KubectlHost)
        .note("The transform and restore stages run in it; its migration volume must hold the extracted data (copy the migration directory into it)."),
    step(Prepare, "source-read-only", "Put the MSR %from% source into read-only mode")
        .command(READ_ONLY_ON)
        .source(sources::MSR_2_READ_ONLY)
        .env(&["MSR_TOKEN"])
        .note("MSR_TOKEN is an access token of the MSR administrator (Account Settings > Access Tokens), as in the vendor's API calls; curl reads the credentials from standard input (-K -), so they are in no argument. Expect HTTP 202. Pushes fail from now on; pulls keep working. The source stays read-only throughout the migration; the post steps make it writable again."),
    // The source-side stages are built from the storage backend (`Runbook::mmt_stage`).
    MMT_VERIFY,
    MMT_ESTIMATE,
    MMT_EXTRACT,
    step(Upgrade, "mmt-transform", "Migration stage 4 of 5: transform the extracted metadata for MSR %to%, in the MMT Pod")
        .source(sources::MMT_TRANSFORM)
        .command("kubectl exec mmt -- ./mmt transform metadata msr \\\n  --fullname <name> --storage-mode %storage-mode% /migration")
        .node(Role::KubectlHost)
        .note("<name> is the MSR 3 instance (helm ls, or kubectl get msrs.msr.mirantis.com for the Operator): every MMT command against MSR 3 needs --fullname. When the source and target administrator passwords differ, the vendor adds --enzipassword with the source password, an argument: a person then runs that form."),
    step(Upgrade, "mmt-restore", "Migration stage 5 of 5: restore the transformed data into MSR %to%, in the MMT Pod")
        .source(sources::MMT_RESTORE)
        .command("kubectl exec mmt -- ./mmt restore msr \\\n  --storage-mode %storage-mode% --fullname <name> /migration")
        .node(Role::KubectlHost)
        .not_rerunnable(),
    step(Upgrade, "register-auth", "Register MSR %to% with eNZi")
        .source(sources::MMT_RESTORE)
        .command("kubectl exec -it deployment/<name>-api -- \\\n  msr auth register --username <msr-admin> --password \"$MSR_PASSWORD\" \\\n  https://<name>-enzi:4443/enzi")
        .node(Role::KubectlHost)
        .env(&["MSR_PASSWORD"])
        .note("msr auth register takes the target administrator's password only as an argument, so a person runs it.")
        .by_hand(),
    step(Upgrade, "restart-services", "Restart the MSR %to% services that the restore changed")
        .source(sources::MMT_RESTORE)
        .command("kubectl -n <msr-namespace> rollout restart deployment \\\n  <name>-enzi-api <name>-api <name>-registry <name>-garant \\\n  <name>-jobrunner-<jobrunner-suffix>")
        .node(Role::KubectlHost),
    step(Verify, "verify-push-pull", "Push and pull an image to and from the new MSR %to%").command(PUSH_PULL)
        .env(&["MSR_PASSWORD"])
        .source(sources::DOCKER_LOGIN),
    step(Post, "vulnerability-database", "Re-download the vulnerability database on MSR %to%")
        .note("It is not part of any backup or migration."),
    step(Post, "source-read-write", "The migration is complete: switch readOnlyRegistry back to false on the MSR %from% source")
        .command(READ_ONLY_OFF)
        .source(sources::MMT_PREREQS)
        .env(&["MSR_TOKEN"])
        .note("The vendor: revert the value of readOnlyRegistry to false after the migration is complete."),
    step(Post, "rollback-read-only", "Rollback: if the migration fails or is abandoned, make the MSR %from% source writable again")
        .command(READ_ONLY_OFF)
        .source(sources::MMT_PREREQS)
        .env(&["MSR_TOKEN"])
        .note("Only when the migration stops before its end; the clients stay on the source."),
];

/// MSR 2.9/2.10/3.1 -> 4.x with the MSR 4 migration tool (`registry.mirantis.com/msrh/migrate`),
/// run "as a single comprehensive operation, which is the recommended path": an A/B copy
/// into a new MSR 4 that carries repositories as projects, team permissions, teams and
/// mirroring policies. Sources:
/// <https://docs.mirantis.com/msr/latest/migration/tool-migration>,
/// <https://docs.mirantis.com/msr/latest/migration/tool-migration/configure-migration-settings>,
/// <https://docs.mirantis.com/msr/latest/migration/tool-migration/perform-tool-migration> and
/// <https://docs.mirantis.com/msr/latest/migration/tool-migration/tool-configure-migration>.
pub(crate) const MSR_4_MIGRATION: &[Template] = &[
    step(Precheck, "check-target", "Deploy a new MSR %to% instance at %target-msr-url%, next to MSR %from%")
        .source(sources::MSR_4_TOOL)
        .note("MSR 4 is a different registry (Harbor based): the migration copies data from the source into a new instance (A/B), from RethinkDB to PostgreSQL. Team names and repository paths may change. MSR 4 has no Swarm: a source on Swarm moves its clients to the new instance."),
    step(Precheck, "read-changes", "Read what changes with MSR 4 (removed features, custom repository permissions, signing) before migrating: https://docs.mirantis.com/msr/latest/migration/tool-migration"),
    MKE_BACKUP,
    step(Backup, "backup-msr", "Back up MSR %from% with its own backup procedure")
        .note("For a 2.x source, its backup command; for a 3.x source, msr backup."),
    step(Prepare, "configure-migration", "Write config/config.env in the migration tool's working directory on a host that reaches both registries: the MSR %to% API and database, its secret key, the MSR %from% source at %msr-url% and its administrator, and the replication schedule")
        .source(sources::MSR_4_TOOL_CONFIG)
        .note("The file holds the passwords, so a person writes it as the configuration page describes; set the TLS verification values to True unless the registries' certificates are not trusted."),
    step(Prepare, "pull-migration-tool", "Pull the MSR 4 migration tool on the migration host")
        .offline(&LOAD_MSR_4_TOOL)
        .source(sources::MSR_4_TOOL_RUN)
        .command("docker pull registry.mirantis.com/msrh/migrate:latest")
        .note("The vendor's pages name only the latest tag."),
    step(Upgrade, "migrate", "Migrate MSR %from% into MSR %to% with the migration tool, in one operation: repositories as projects, team permissions, teams, poll and push mirroring policies, and the images by replication")
        .source(sources::MSR_4_TOOL_RUN)
        .command("docker run --rm \\\n  -v ./sql:/app/data/sql -v ./csv:/app/data/csv -v ./config:/app/config \\\n  --network host \\\n  registry.mirantis.com/msrh/migrate:latest poetry run migration --all")
        .not_rerunnable()
        .note("Run it in the directory that holds config/. The source stays writable meanwhile: the copy is non-disruptive until the final cutover."),
    step(Upgrade, "source-read-only", "For the final sync, put the MSR %from% source into read-only mode")
        .command(READ_ONLY_ON)
        .source(sources::MSR_2_READ_ONLY)
        .env(&["MSR_TOKEN"])
        .note("MSR_TOKEN is an access token of the MSR administrator (Account Settings > Access Tokens), as in the vendor's API calls; curl reads the credentials from standard input (-K -), so they are in no argument. Expect HTTP 202. Pushes to the source fail from now on; pulls keep working."),
    step(Upgrade, "final-sync", "Run the image migration once more, so that MSR %to% has everything MSR %from% holds, and check that the replication executions have finished without failures")
        .source(sources::MSR_4_TOOL),
    step(Verify, "verify-push-pull", "Push and pull an image to and from the new MSR %to%").command(PUSH_PULL)
        .env(&["MSR_PASSWORD"])
        .source(sources::DOCKER_LOGIN),
    step(Post, "post-migration", "Configure in MSR %to% what the migration does not carry: project visibility and permissions, replication rules, tag retention, scanning, audit logs, webhooks, pipelines and signing")
        .source(sources::MSR_4_TOOL_POST),
    step(Post, "switch-clients", "Point clients and pipelines at MSR %to%"),
    step(Post, "source-read-write", "The migration is complete: switch readOnlyRegistry back to false on the MSR %from% source")
        .command(READ_ONLY_OFF)
        .source(sources::MMT_PREREQS)
        .env(&["MSR_TOKEN"])
        .note("The vendor: revert the value of readOnlyRegistry to false after the migration is complete. Retire the source when nothing uses it."),
    step(Post, "rollback-read-only", "Rollback: if the migration is abandoned, make the MSR %from% source writable again")
        .command(READ_ONLY_OFF)
        .source(sources::MMT_PREREQS)
        .env(&["MSR_TOKEN"])
        .note("Only when the migration stops before its end; the clients stay on the source."),
];

/// MSR 2.x/3.1 -> 4.x by image replication only (a replication endpoint of provider DTR
/// and pull-based replication rules), when the request chooses it instead of the migration
/// tool: users, teams, permissions and mirroring policies stay behind. Source:
/// <https://docs.mirantis.com/msr/4.13/migration/migrate-msr.html>.
pub(crate) const MSR_4_REPLICATION: &[Template] = &[
    step(Precheck, "check-target", "Deploy a new MSR %to% instance at %target-msr-url%, next to MSR %from%")
        .note("MSR 4 is a different registry (Harbor based): the migration copies data from the source into a new instance (A/B), from RethinkDB to PostgreSQL. Team names and repository paths may change."),
    step(Precheck, "replication-only", "This plan copies images only, by replication, as the request chose: users, teams, permissions and mirroring policies are not carried; the vendor's recommended path is the migration tool")
        .informs()
        .source(sources::MSR_4_TOOL),
    MKE_BACKUP,
    step(Backup, "backup-msr", "Back up MSR %from% with its own backup procedure")
        .note("For a 2.x source, its backup command; for a 3.x source, msr backup."),
    step(Upgrade, "migrate", "Replicate repositories and images from MSR %from% into MSR %to%: a replication endpoint of provider DTR and pull-based replication rules")
        .source(sources::MSR_4_MIGRATION)
        .not_rerunnable()
        .note("The source stays writable meanwhile: the copy is non-disruptive until the final cutover, and running the replication again shrinks what is left to copy. Helm charts do not migrate automatically."),
    step(Upgrade, "source-read-only", "For the final sync, put the MSR %from% source into read-only mode")
        .command(READ_ONLY_ON)
        .source(sources::MSR_2_READ_ONLY)
        .env(&["MSR_TOKEN"])
        .note("MSR_TOKEN is an access token of the MSR administrator (Account Settings > Access Tokens), as in the vendor's API calls; curl reads the credentials from standard input (-K -), so they are in no argument. Expect HTTP 202. Pushes to the source fail from now on; pulls keep working."),
    step(Upgrade, "final-sync", "Run the replication rules once more, so that MSR %to% has everything MSR %from% holds")
        .note("Then check that the replication executions have finished without failures before switching clients."),
    step(Verify, "verify-push-pull", "Push and pull an image to and from the new MSR %to%").command(PUSH_PULL)
        .env(&["MSR_PASSWORD"])
        .source(sources::DOCKER_LOGIN),
    step(Post, "switch-clients", "Point clients and pipelines at MSR %to%"),
    step(Post, "source-read-write", "The migration is complete: switch readOnlyRegistry back to false on the MSR %from% source")
        .command(READ_ONLY_OFF)
        .source(sources::MMT_PREREQS)
        .env(&["MSR_TOKEN"])
        .note("The vendor: revert the value of readOnlyRegistry to false after the migration is complete. Retire the source when nothing uses it."),
    step(Post, "rollback-read-only", "Rollback: if the migration is abandoned, make the MSR %from% source writable again")
        .command(READ_ONLY_OFF)
        .source(sources::MMT_PREREQS)
        .env(&["MSR_TOKEN"])
        .note("Only when the migration stops before its end; the clients stay on the source."),
];

/// MKE 3 -> MKE 4 with `mkectl upgrade`. Sources:
/// <https://docs.mirantis.com/mke4/4.2.1/upgrades/upgrade-from-mke-3x/perform-mke3-to-mke4-upgrade/>,
/// <https://docs.mirantis.com/mke4/latest/upgrades/upgrade-from-mke-3x/>,
/// <https://docs.mirantis.com/mke4/latest/upgrades/upgrade-scenarios/>,
/// <https://docs.mirantis.com/mke4/latest/reference/cli/mkectl_upgrade/> and the MKE 4k
/// troubleshooting page (Calico KDD).
pub(crate) const MKE_4_MIGRATION: &[Template] = &[
    step(Precheck, "swarm-workloads", "Confirm that nothing on Swarm must survive: after the upgrade to MKE %to% Swarm workloads no longer exist and MKE 3 client bundles stop working")
        .note("The Swarm cluster and its artifacts are not part of the upgrade: back up every non-MKE component (on managers and workers) separately, and download new kubeconfig files afterwards. Sources: https://docs.mirantis.com/mke4k/latest/upgrades/upgrade-from-mke-3x/upgrade-considerations/ and https://mirantis.github.io/mke-docs/docs/upgrade-from-mke-3"),
    step(Precheck, "check-calico", "Check that the cluster does not use Calico with the eBPF data plane, and that Calico uses the KDD backend (calico_kdd = true in the MKE configuration)")
        .note("MKE 3 clusters with Calico eBPF cannot be upgraded to MKE 4. Without KDD the upgrade stops with: mke3 cluster is using etcdv3 and not kdd backend for calico. Switching to KDD cannot be undone."),
    step(Precheck, "check-kube-proxy", "Check that kube-proxy runs in iptables mode (kube_proxy_mode in the MKE configuration): only such clusters can be upgraded to MKE 4, not ipvs or nftables ones")
        .source(sources::MKE_4_CNI_LIMITS),
    step(Precheck, "check-mke-health", "Check that MKE %from% and every node are healthy")
        .source(sources::MKE_UPGRADE)
        .command(MKE_HEALTH)
        .node(Role::AnyManager),
    MKE_BACKUP,
    step(Prepare, "install-mkectl", "Install mkectl %to% on the machine that will hold the MKE 4 configuration")
        .offline(&MKECTL_INSTALL_OFFLINE)
        .source(sources::MKECTL_INSTALL)
        .command("sudo MKECTL_VERSION=v%to% /bin/bash -c \"$(curl -fsSL https://raw.githubusercontent.com/MirantisContainers/mke-release/refs/heads/main/install.sh)\"")
        .node(Role::MkectlHost),
    step(Prepare, "load-balancer", "Provision the load balancer of MKE %to%: its listener port (443, or the one appended to <mke4-external-address>) to the Gateway API's HTTPS NodePort <gateway-https-node-port>, as the upgrade scenario of the cluster's ingress says")
        .source(sources::MKE_4_SCENARIOS)
        .note("Choose the NodePorts (<gateway-https-node-port>, <gateway-http-node-port>) so that they conflict with no NodePort in use; they are mandatory for upgrades to MKE 4.1.5 or later, unless ingress-nginx is removed (--remove-ingress-nginx)."),
    step(Prepare, "dry-run", "Check the upgrade without changing anything")
        .offline(&MKE_3_TO_4_DRY_RUN_OFFLINE)
        .by_hand()
        .source(sources::MKE_4_FROM_3)
        .env(&["MKE_PASSWORD"])
        .command("mkectl upgrade --hosts-path <mke4-hosts-file> \\\n  \
                  --mke3-admin-username %admin% --mke3-admin-password \"$MKE_PASSWORD\" \\\n  \
                  --external-address <mke4-external-address> \\\n  \
                  --gateway-https-node-port <gateway-https-node-port> --gateway-http-node-port <gateway-http-node-port> \\\n  \
                  --dry-run")
        .node(Role::MkectlHost)
        .note(MKECTL_PASSWORD_NOTE),
    step(Upgrade, "mkectl-upgrade", "Upgrade the MKE %from% cluster to MKE %to%")
        .offline(&MKE_3_TO_4_UPGRADE_OFFLINE)
        .by_hand()
        .source(sources::MKE_4_FROM_3)
        .env(&["MKE_PASSWORD"])
        .command("mkectl upgrade --hosts-path <mke4-hosts-file> \\\n  \
                  --mke3-admin-username %admin% --mke3-admin-password \"$MKE_PASSWORD\" \\\n  \
                  --external-address <mke4-external-address> \\\n  \
                  --gateway-https-node-port <gateway-https-node-port> --gateway-http-node-port <gateway-http-node-port> \\\n  \
                  --config-out <mke4-config>")
        .node(Role::MkectlHost)
        .not_rerunnable()
        .note("MKE 4 is k0s based: the upgrade converts the cluster, removes Swarm and MKE 3, and writes the MKE 4 configuration to <mke4-config>; MCR may then be uninstalled. Workloads are unavailable during the upgrade; a failed upgrade rolls back to MKE 3. From MKE 4.2.0 only 3.9.x clusters can be upgraded. The vendor's Password Protection note asks to export the password rather than give it on the command line; see the dry run's note for why a person runs this step."),
    step(Verify, "verify-nodes", "Check that every node is Ready in MKE %to%")
        .source(sources::MKE_4_FROM_3)
        .command("kubectl get nodes")
        .node(Role::MkectlHost),
];

/// The note of the `mkectl upgrade` steps from MKE 3, which take the password.
pub(crate) const MKECTL_PASSWORD_NOTE: &str = "The vendor's Password Protection note (https://docs.mirantis.com/mke4/4.2.1/upgrades/upgrade-from-mke-3x/perform-mke3-to-mke4-upgrade/) says to export the passwords rather than type them, so that they stay out of the shell history and the process argument list: export the variable that page names and leave --mke3-admin-password out. The planner could not confirm that variable's name from its sources, so the command keeps the documented flag and a person runs it.";

/// A step that a version range calls for, on top of a hop's usual steps.
pub(crate) struct VersionNote {
    /// The hop's `from` must match (`None`: any).
    pub from: Option<&'static str>,
    /// The hop's `to` must match.
    pub to: &'static str,
    pub template: Template,
}

/// Version-specific steps, as data keyed by version ranges.
pub(crate) const VERSION_NOTES: &[VersionNote] = &[
    VersionNote {
        from: Some("msr 3.0.*"),
        to: "msr 3.1.*",
        template: step(Precheck, "confirm-3-0-to-3-1", "The vendor's pages disagree on MSR %from% -> %to%: the upgrade page lists 3.0.x -> 3.1.x as a Helm chart upgrade (these steps), while the MSR Operator page says to use the Mirantis Migration Tool to go from 3.0.x to 3.1.x; for a 3.1 deployed with the Operator, follow the Migration Tool instead")
            .source(sources::MSR_3_HELM)
            .note("The Operator page: https://docs.mirantis.com/msr/3.1/ops/upgrade/upgrade-kubernetes/upgrade-kubernetes-operator.html. The plan keeps the Helm chart upgrade, the upgrade page's method for a Helm-deployed MSR 3.0."),
    },
    VersionNote {
        from: Some("mke 4.1.*"),
        to: "mke >=4.2.0, <4.3.0",
        template: step(Precheck, "confirm-4-1-to-4-2", "No vendor upgrade-path table lists MKE %from% -> %to%: the MKE 4 to MKE 4+ upgrade page describes upgrades from an earlier MKE 4 release in general, and the last path table (MKE 4k) ends at 4.1.5; confirm the path with Mirantis before going on")
            .source(sources::MKE_4_UPGRADE)
            .note("The path tables: https://docs.mirantis.com/mke4k/latest/upgrades/upgrading-an-mke4k-cluster/ (4.1.0-4.1.3 -> 4.1.5)."),
    },
    VersionNote {
        from: Some("mcr 20.10.*"),
        to: "mcr >=23.0.0",
        template: step(Precheck, "check-storage-driver", "Check the storage driver of every node: MCR 23.0 supports only overlay2 (btrfs on SLES) on a filesystem with d_type")
            .source(sources::MCR_23_STORAGE)
            .command("docker info --format '{{.Driver}}'\ndocker info | grep 'Supports d_type'")
            .node(Role::EveryNode)
            .note("Unsupported storage drivers were removed in 23.0: a node on another driver, or overlay2 without d_type, cannot be upgraded in place."),
    },
    VersionNote {
        from: Some("mke 3.7.*"),
        to: "mke 3.8.*",
        template: step(Precheck, "choose-method", "MKE 3.7 -> 3.8 may restart containers: this plan uses the phased in-place method (--manual-worker-upgrade)")
            .informs()
            .source(sources::MKE_UPGRADE)
            .note("Kubernetes 1.31 changes the container hash, so the automated in-place upgrade can restart workloads; Mirantis advises the phased in-place or the blue-green method."),
    },
    VersionNote {
        from: Some("mke 3.7.*"),
        to: "mke 3.8.*",
        template: step(Post, "upgrade-workers-phased", "Upgrade the workers one by one, as the phased in-place method describes: https://docs.mirantis.com/mke/3.8/ops/upgrades-and-migrations/upgrade-mke/perform-upgrade.html")
            .node(Role::Workers)
            .not_rerunnable(),
    },
    VersionNote {
        from: None,
        to: "mke >=3.7.0, <4.0.0",
        template: step(Precheck, "know-rollback", "Know the rollback behaviour of the MKE upgrade")
            .informs()
            .source(sources::MKE_UPGRADE)
            .note("From MKE 3.7.0 a failed upgrade rolls back automatically; Ctrl-C triggers a rollback; with no progress for 20 minutes MKE rolls back."),
    },
    VersionNote {
        from: None,
        to: "mke >=3.0.0, <4.0.0",
        template: step(Post, "update-interlock", "If Interlock is customised, update its services by hand")
            .source(sources::MKE_UPGRADE)
            .command(
                "docker service update --image %interlock-repo%/ucp-interlock:%to% ucp-interlock\n\
                 docker service update --image %interlock-repo%/ucp-interlock-extension:%to% ucp-interlock-extension\n\
                 docker service update --image %interlock-repo%/ucp-interlock-proxy:%to% ucp-interlock-proxy",
            )
            .node(Role::AnyManager)
            .note("Skip this step when Interlock runs with the MKE defaults."),
    },
    VersionNote {
        from: Some("mke <3.9.0"),
        to: "mke 3.9.*",
        template: step(Post, "ingress-controller", "Re-enable the Ingress Controller if it was disabled, and plan the move to Envoy Gateway")
            .note("MKE 3.9.0 release notes."),
    },
    VersionNote {
        from: Some("msr 2.5.*"),
        to: "msr 2.6.*",
        template: step(Post, "watch-metadatastoremigration", "Watch the metadatastoremigration job until it succeeds (System > Job Logs)")
            .note("It migrates the blob links that online garbage collection needs; garbage collection is disabled while it runs; a failed job is retried twice."),
    },
    VersionNote {
        from: Some("msr 2.5.*"),
        to: "msr 2.6.*",
        template: step(Post, "retrigger-metadatastoremigration", "If all three attempts failed, retrigger the metadatastoremigration job")
            .source(sources::DTR_UPGRADE)
            .command(
                "curl https://%msr-url%/api/v0/jobs -X POST \\\n  \
                 -u %admin%:<access-token> -H 'Content-Type: application/json' \\\n  \
                 -d '{\"action\": \"metadatastoremigration\"}'",
            )
            .note("Or send the same request from the API page (Swagger UI) of the MSR web interface."),
    },
    VersionNote {
        from: None,
        to: "msr >=2.0.0, <3.0.0",
        template: step(Post, "vulnerability-database", "Re-download the vulnerability database (System > Security)")
            .note("The MSR upgrade guide requires it after every MSR upgrade (https://docs.mirantis.com/msr/2.9/ops/upgrade.html); the database is in no backup either."),
    },
    VersionNote {
        from: None,
        to: "msr =2.7.0",
        template: step(Post, "vulnerability-update-jobs", "Watch the vuln_db_update jobs: they can fail on 2.7.0 (fixed in 2.7.1)"),
    },
];

/// The image repository of each release range; the first match wins (launchpad's rules and
/// the MSR 2.10 docs, `mirantis-facts.md` section 1).
pub(crate) const IMAGES: &[(&str, &str)] = &[
    ("mke >=3.4.0, <4.0.0", "mirantis/ucp"),
    ("mke >=3.3.2, <3.4.0", "mirantis/ucp"),
    ("mke >=3.2.8, <3.3.0", "mirantis/ucp"),
    ("mke >=3.1.15, <3.2.0", "mirantis/ucp"),
    ("mke <3.4.0", "docker/ucp"),
    ("msr >=2.10.0, <3.0.0", "registry.mirantis.com/msr/dtr"),
    ("msr >=2.8.2, <2.10.0", "mirantis/dtr"),
    ("msr >=2.7.8, <2.8.0", "mirantis/dtr"),
    ("msr >=2.6.15, <2.7.0", "mirantis/dtr"),
    ("msr <2.10.0", "docker/dtr"),
];

/// The version ranges the builder itself tests: the phased MKE 3.7 -> 3.8 upgrade, and the
/// UCP releases whose backup needs the instance id (the UCP 3.0 and 3.1 backup page:
/// matsuand/docs.docker.jp ee/ucp/admin/backups-and-disaster-recovery.md).
pub(crate) const PHASED_FROM: &str = "mke 3.7.*";
pub(crate) const PHASED_TO: &str = "mke 3.8.*";
pub(crate) const BACKUP_NEEDS_ID: &str = "mke <3.2.0";
/// The MKE releases that run without Swarm (MKE 4 runs on k0s; the migration to it removes
/// Swarm): an MCR hop on such a cluster has no Swarm step.
pub(crate) const NO_SWARM: &str = "mke >=4.0.0";

/// The flags of the MKE upgrade command (`%upgrade-flags%`), automated or phased.
pub(crate) const MKE_AUTOMATED_FLAGS: &str = "";
pub(crate) const MKE_PHASED_FLAGS: &str = " --manual-worker-upgrade";

/// The instance id of a UCP backup (`%mke-backup-id%`), for the releases that need it.
pub(crate) const UCP_BACKUP_ID: &str = " --id <ucp-instance-id>";

/// The test image of the push-and-pull check (`%test-image%`) and the command that fetches
/// it (`%fetch-test-image%`): pulled online, and offline one of the target's own images,
/// already loaded from its bundle.
pub(crate) const TEST_IMAGE: &str = "alpine:latest";
pub(crate) const FETCH_TEST_IMAGE: &str = "docker pull alpine:latest\n";
pub(crate) const TEST_IMAGE_OFFLINE: &str = "%msr-image%:%to%";
/// Offline, where the check does not run on an MSR 2.x node that loaded the bootstrapper
/// (MSR 3 and 4 on Kubernetes, a migration's new MSR): an image the operator names.
pub(crate) const TEST_IMAGE_OFFLINE_OTHER: &str = "<offline-test-image>";

/// The image name of the MKE bootstrapper, which the Interlock images' repository
/// (`%interlock-repo%`) is the MKE image's without.
pub(crate) const MKE_IMAGE_NAME: &str = "/ucp";

/// What the runbook writes for a value that neither the request nor the catalog gives: a
/// placeholder the operator fills in, or words.
pub(crate) struct Fallbacks {
    pub mke_url: &'static str,
    pub msr_url: &'static str,
    pub target_msr_url: &'static str,
    pub admin: &'static str,
    pub replica: &'static str,
    pub backup_dir: &'static str,
    pub first_msr_node: &'static str,
    /// The MKE image repository when no range matches the version.
    pub mke_image: &'static str,
    /// The MSR image repository when no range matches the version.
    pub msr_image: &'static str,
    pub chart: &'static str,
    pub chart_version: &'static str,
    /// The document of a release that names none (`%doc%`).
    pub doc: &'static str,
    /// The document of a release line with several procedures that names none.
    pub upgrade_doc: &'static str,
    /// A product that the state before the hop does not have.
    pub not_installed: &'static str,
    /// The version of a migration tool the catalog does not pin (`%tool-version%`).
    pub tool_version: &'static str,
}

pub(crate) const FALLBACKS: Fallbacks = Fallbacks {
    mke_url: "<mke-url>",
    msr_url: "<msr-url>",
    target_msr_url: "<target-msr-url>",
    admin: "<mke-admin>",
    replica: "<replica-id>",
    backup_dir: "<backup-dir>",
    first_msr_node: "<msr-node>",
    mke_image: "mirantis/ucp",
    msr_image: "mirantis/dtr",
    chart: "<msr-chart>",
    chart_version: "<chart-version>",
    doc: "the vendor's documentation of this release",
    upgrade_doc: "the vendor's upgrade documentation",
    not_installed: "not installed",
    tool_version: "<mmt-version>",
};

/// The insecure-TLS flag of the MMT source stages, only when the site says the registries'
/// certificates are not trusted (`%source-tls%`).
pub(crate) const MMT_INSECURE_TLS: &str = " --source-insecure-tls";
/// MMT's storage modes (`%storage-mode%`): copy out of Docker volumes, in place for an
/// object store.
pub(crate) const MMT_COPY_MODE: &str = "copy";
pub(crate) const MMT_INPLACE_MODE: &str = "inplace";

/// The version of a product the state before a hop does not have (`%mke%` of an MKE that
/// is not installed).
pub(crate) fn version_placeholder(product: Product) -> &'static str {
    match product {
        Product::Mcr => "<mcr-version>",
        Product::Mke => "<mke-version>",
        Product::Msr => "<msr-version>",
    }
}

/// Why the MKE in use supports the target MSR (`%mke-support%`): the catalog's
/// compatibility entries (`%entries%`, each a [`SUPPORT_ENTRY`]) and the MKE installed
/// (`%installed%`), or the absence of any entry.
pub(crate) const SUPPORTED_BY: &str =
    "The image tag shows the MKE version, which must be %installed%. Catalog: %entries%.";
pub(crate) const NO_SUPPORT_ENTRY: &str =
    "The catalog has no compatibility entry for %product% %to% and MKE; MKE is %installed%.";
pub(crate) const SUPPORT_ENTRY: &str = "'%when%' requires '%requires%'";
pub(crate) const SUPPORT_ENTRY_SEPARATOR: &str = "; ";

/// Separates the names of a node list (`%nodes%`).
pub(crate) const NODE_SEPARATOR: &str = ", ";

/// A procedure in words, for titles (`%procedure%`, `%others%`).
pub(crate) fn procedure_name(procedure: Procedure) -> &'static str {
    match procedure {
        Procedure::DtrCli => "the DTR bootstrapper",
        Procedure::UcpCli => "the UCP bootstrapper",
        Procedure::Packages => "packages",
        Procedure::Helm => "the Helm chart",
        Procedure::MsrOperator => "the MSR Operator",
        Procedure::Msr4Helm => "the MSR 4 Helm chart",
        Procedure::Mkectl => "mkectl",
        Procedure::Manual => "no documented procedure",
    }
}

/// Where a release line has several documented procedures (MSR 3.1: the MSR Operator or the
/// Helm chart), the hop's steps are those of the first (`%procedure%`), and this precheck
/// names the others (`%others%`) and the line's document (`%doc%`).
pub(crate) const CONFIRM_PROCEDURE: Template = step(Precheck, "confirm-procedure", "Confirm that %product% %from% was deployed with %procedure%: the steps of this hop are for it")
    .note("If it was deployed with %others% instead, do not run these steps: upgrade it with that procedure as the vendor documents it (%doc%).");

/// Separates the other procedures (`%others%`).
pub(crate) const PROCEDURE_SEPARATOR: &str = " or ";

/// A precheck for a gate that guards the hop (`%requirements%`, in order or not), with its
/// reason, why it applies (`%condition%`: empty, [`GATE_ANSWERED`] or [`GATE_UNANSWERED`])
/// and its source (`%source%`: empty or [`GATE_SOURCE`]). Its id is its slug and the gate's
/// number in the hop (`gate-1`).
pub(crate) const GATE_CHECK: Template = step(
    Precheck,
    "gate",
    "Confirm the documented prerequisite of %product% %to%: %requirements%",
)
.informs()
.note(GATE_CHECK_NOTE);
pub(crate) const GATE_CHECK_IN_ORDER: Template = step(
    Precheck,
    "gate",
    "Confirm the documented prerequisite of %product% %to%: %requirements%, in this order",
)
.informs()
.note(GATE_CHECK_NOTE);
const GATE_CHECK_NOTE: &str = "%reason%.%condition%%source%";
pub(crate) const GATE_ANSWERED: &str =
    " This applies because the request answers '%fact%' with true.";
pub(crate) const GATE_UNANSWERED: &str = " This applies if '%fact%' is true; the request does not answer it, and the plan meets the gate either way.";
pub(crate) const GATE_SOURCE: &str = " Source: %source%";

/// Separates a gate's requirements (`%requirements%`).
pub(crate) const REQUIREMENT_SEPARATOR: &str = ", then ";

/// The prechecks a hop may get on top of its templates, for the lint.
pub(crate) const HOP_CHECKS: &[Template] = &[CONFIRM_PROCEDURE, GATE_CHECK, GATE_CHECK_IN_ORDER];

/// Offline, the MKE images come from a file built on a machine with internet access (the
/// bootstrapper's `images --list`, then `docker save`) and loaded on every node: the
/// replacement of `pull-mke-images` ([`Template::offline`]).
pub(crate) const LOAD_MKE_IMAGES: Template = step(
    Prepare,
    "load-mke-images",
    "Load the MKE %to% images from mke-%to%-images.tar on every node (offline)",
)
.command("docker load -i mke-%to%-images.tar")
.node(Role::EveryNode)
.source(sources::DOCKER_SAVE_LOAD)
.note("plan/download-bundles built the file on a machine with internet access and copied it here: nothing is pulled.");

/// With the site's own registry for MKE's images (Launchpad's `spec.mke.imageRepo`): every
/// node pulls the bootstrapper and each image it lists from there, and tags each with the name
/// MKE runs it by, so the upgrade pulls nothing from Docker Hub. Launchpad does the same
/// (`AllToRepository`, then `RetagAllToRepository`): the replacement of `pull-mke-images`
/// ([`Template::mirrored`]).
pub(crate) const PULL_MKE_IMAGES_MIRRORED: Template = step(
    Prepare,
    "pull-mke-images",
    "Pull the MKE %to% images from %image-mirror% on every node, tagged as MKE names them",
)
.command(
    "docker pull %image-mirror%/ucp:%to%\n\
     docker tag %image-mirror%/ucp:%to% %mke-image%:%to%\n\
     docker run --rm %mke-image%:%to% images --list | \\\n  \
     xargs -n 1 sh -c 'docker pull \"%image-mirror%/${0##*/}\" && docker tag \"%image-mirror%/${0##*/}\" \"$0\"'",
)
.node(Role::EveryNode)
.source(sources::LAUNCHPAD_MKE_IMAGES)
.note("The site's registry %image-mirror% holds MKE's images (Launchpad's spec.mke.imageRepo): each image the bootstrapper lists is pulled from it and tagged with the name MKE runs it by, as Launchpad does. xargs pulls and tags each listed image in turn, and the step fails if the registry lacks one.");

/// With the site's own registry for MSR's images (Launchpad's `spec.msr.imageRepo`): every
/// node that runs or will run an MSR container pulls the bootstrapper and each image it lists
/// from there, tagged as MSR names them, as Launchpad does on the MSR hosts: the replacement
/// of `pull-msr-image` ([`Template::mirrored`]).
pub(crate) const PULL_MSR_IMAGES_MIRRORED: Template = step(
    Prepare,
    "pull-msr-image",
    "Pull the MSR %to% images from %image-mirror% on every MSR replica and cache node, tagged as MSR names them",
)
.command(
    "docker pull %image-mirror%/dtr:%to%\n\
     docker tag %image-mirror%/dtr:%to% %msr-image%:%to%\n\
     docker run -i --rm %msr-image%:%to% images | \\\n  \
     xargs -n 1 sh -c 'docker pull \"%image-mirror%/${0##*/}\" && docker tag \"%image-mirror%/${0##*/}\" \"$0\"'",
)
.node(Role::MsrAndCacheNodes)
.source(sources::LAUNCHPAD_MSR_IMAGES)
.note("The site's registry %image-mirror% holds MSR's images (Launchpad's spec.msr.imageRepo): every replica and cache replaces its containers, so each pulls the images the bootstrapper lists from it, tagged with the names MSR runs them by, as Launchpad does. xargs pulls and tags each listed image in turn, and the step fails if the registry lacks one.");

/// Offline, the MSR 2.x images (the bootstrapper's `images` list, saved on a machine with
/// internet access) loaded on every node that runs or will run an MSR container.
pub(crate) const LOAD_MSR_IMAGES: Template = step(
    Prepare,
    "load-msr-images",
    "Load the MSR %to% images from msr-%to%-images.tar on every MSR replica and cache node (offline)",
)
.command("docker load -i msr-%to%-images.tar")
.node(Role::MsrAndCacheNodes)
.source(sources::DTR_UPGRADE)
.note("Every replica and cache replaces its containers, so each needs the images. plan/download-bundles built the file on a machine with internet access and copied it here: nothing is pulled.");

/// Offline, MMT loaded from its saved image where the vendor pulls it: on the source and
/// the target systems.
/// Offline, the MSR 4 migration tool's image comes from the file plan/download-bundles saved.
pub(crate) const LOAD_MSR_4_TOOL: Template = step(
    Prepare,
    "pull-migration-tool",
    "Load the MSR 4 migration tool from msr-migrate-image.tar on the migration host (offline)",
)
.command("docker load -i msr-migrate-image.tar")
.source(sources::MSR_4_TOOL_RUN)
.note("The vendor pulls the tool's image on the migration host; offline, the image that plan/download-bundles saved is loaded instead.");

pub(crate) const LOAD_MMT: Template = step(
    Prepare,
    "load-mmt",
    "Load the Mirantis Migration Tool from mmt-image.tar on the source and the target systems (offline)",
)
.command("docker load -i mmt-image.tar")
.source(sources::MMT_PREREQS)
.note("The vendor pulls the MMT image on both the source and the target systems; offline, the image that plan/download-bundles saved is loaded on each of them instead.");

/// Offline forms of the MSR 3.x Helm hop: the chart is the file `helm pull` saved.
pub(crate) const MSR_3_DRY_RUN_OFFLINE: Template = step(
    Prepare,
    "dry-run",
    "Check the upgrade with a dry run, from the chart file %chart-file%",
)
.source(sources::MSR_3_HELM)
.command("helm upgrade <msr-release> ./%chart-file% \\\n  -n <msr-namespace> --values <msr-values-file> --dry-run")
.node(Role::KubectlHost)
.note(MSR_3_CHART_OFFLINE_NOTE);
pub(crate) const MSR_3_UPGRADE_OFFLINE: Template = step(
    Upgrade,
    "upgrade-msr",
    "Upgrade MSR from %from% to %to% with the Helm chart file %chart-file%",
)
.source(sources::MSR_3_HELM)
.command("helm upgrade <msr-release> ./%chart-file% \\\n  -n <msr-namespace> --values <msr-values-file> --timeout 20m0s")
.node(Role::KubectlHost)
.not_rerunnable()
.note(MSR_3_CHART_OFFLINE_NOTE);
const MSR_3_CHART_OFFLINE_NOTE: &str = "Offline: the chart is the file helm pull saved in plan/download-bundles (chart %chart-version% deploys MSR %to%), and the images come from the site's registry <site-registry>, where that step pushed them: the values file must name it, as in the vendor's offline Helm install (https://docs.mirantis.com/msr/3.1/install/install-kubernetes/install-helm.html).";

/// Offline forms of the MSR Operator hop's prerequisites: their charts pulled beforehand.
pub(crate) const CERT_MANAGER_OFFLINE: Template = step(
    Prepare,
    "upgrade-cert-manager",
    "Upgrade cert-manager first, as Mirantis strongly recommends, from the chart file cert-manager-<cert-manager-version>.tgz",
)
.source(sources::MSR_3_OPERATOR)
.command("helm upgrade cert-manager ./cert-manager-<cert-manager-version>.tgz \\\n  --set installCRDs=true")
.node(Role::KubectlHost)
.note(PREREQUISITE_OFFLINE_NOTE);
pub(crate) const POSTGRES_OPERATOR_OFFLINE: Template = step(
    Prepare,
    "upgrade-postgres-operator",
    "Upgrade the Postgres Operator first, as Mirantis strongly recommends, from the chart file postgres-operator-<postgres-operator-version>.tgz",
)
.source(sources::MSR_3_OPERATOR)
.command("helm upgrade postgres-operator ./postgres-operator-<postgres-operator-version>.tgz \\\n  --set configKubernetes.spilo_runasuser=101 \\\n  --set configKubernetes.spilo_runasgroup=103 \\\n  --set configKubernetes.spilo_fsgroup=103")
.node(Role::KubectlHost)
.note(PREREQUISITE_OFFLINE_NOTE);
const PREREQUISITE_OFFLINE_NOTE: &str = "Offline: the chart is the file helm pull saved in plan/download-bundles, and its images come from the site's registry <site-registry>, where that step pushed them (the vendor's offline prerequisites: https://docs.mirantis.com/msr/3.1/install/install-kubernetes/install-operator/install-offline-operator/prerequisites-offline-operator.html).";
pub(crate) const SET_IMAGE_TAG_OFFLINE: Template = step(
    Upgrade,
    "set-image-tag",
    "Set the MSR version and the site's registry in the custom resource: spec.image.tag: %to% and spec.image.registry: <site-registry> in <msr-cr-manifest>",
)
.node(Role::KubectlHost)
.source(sources::MSR_3_OFFLINE_CR)
.note("Offline, the custom resource names the registry the Operator pulls the MSR images from, as the vendor's offline install does.");

/// Offline forms of the MSR 4 Helm hop: the chart is the file `helm pull` saved.
pub(crate) const MSR_4_DEFAULTS_OFFLINE: Template = step(
    Prepare,
    "new-defaults",
    "Compare the values with the defaults of MSR %to% (from the chart file %chart-file%), keeping secretKey unchanged",
)
.source(sources::MSR_4_HELM)
.command("helm show values ./%chart-file% > msr-values-new-defaults.yaml")
.node(Role::KubectlHost);
pub(crate) const MSR_4_UPGRADE_OFFLINE: Template = step(
    Upgrade,
    "upgrade-msr",
    "Upgrade MSR from %from% to %to% with its Helm chart file %chart-file%",
)
.source(sources::MSR_4_HELM)
.command("helm upgrade <msr-release> \\\n  ./%chart-file% \\\n  --namespace <msr-namespace> \\\n  --values <msr-values-file>")
.node(Role::KubectlHost)
.not_rerunnable()
.note("Offline: the chart is the file helm pull saved in plan/download-bundles, and the images come from the site's registry <site-registry>, where that step pushed them; the values file must name it. The MSR 4 upgrade pages give no offline form of their own: set the image registry as the site's install did.");

/// Offline, mkectl and the MKE 4 bundle: the vendor's pages give the manual install and the
/// upload of the bundle to a private registry (skopeo), not commands this plan can print.
pub(crate) const MKECTL_INSTALL_OFFLINE: Template = step(
    Prepare,
    "install-mkectl",
    "By hand: install mkectl %to% from mkectl-v%to%.tar.gz, and upload the MKE %to% bundle %mke-bundle%.tar.gz into the site's registry <site-registry>",
)
.node(Role::MkectlHost)
.source(sources::MKE_4_OFFLINE)
.note("Both files were downloaded and copied here by plan/download-bundles. Install mkectl with the manual steps of https://docs.mirantis.com/mke4/latest/getting-started/install-mke-4-cli/ (the install script fetches from the internet) and check that mkectl version prints v%to%; push the bundle's images and charts into an OCI registry that every node reaches over HTTPS, with skopeo 1.17.0 or later, as https://docs.mirantis.com/mke4/4.2.1/getting-started/offline-installation/ describes. The plan's sources do not give those commands word for word, so a person follows the two pages.");

/// Offline forms of the MKE 3 -> 4 upgrade: the registry flags and CA files the vendor adds
/// for an offline upgrade.
pub(crate) const MKE_3_TO_4_DRY_RUN_OFFLINE: Template = step(
    Prepare,
    "dry-run",
    "Check the upgrade without changing anything, against the site's registry",
)
.by_hand()
.source(sources::MKE_4_FROM_3_OFFLINE)
.env(&["MKE_PASSWORD"])
.command("mkectl upgrade --hosts-path <mke4-hosts-file> \\\n  \
          --mke3-admin-username %admin% --mke3-admin-password \"$MKE_PASSWORD\" \\\n  \
          --external-address <mke4-external-address> \\\n  \
          --gateway-https-node-port <gateway-https-node-port> --gateway-http-node-port <gateway-http-node-port> \\\n  \
          --image-registry <site-registry>/mke --chart-registry oci://<site-registry>/mke \\\n  \
          --image-registry-ca-file <registry-ca-file> --chart-registry-ca-file <registry-ca-file> \\\n  \
          --dry-run")
.node(Role::MkectlHost)
.note(MKE_3_TO_4_OFFLINE_NOTE);
pub(crate) const MKE_3_TO_4_UPGRADE_OFFLINE: Template = step(
    Upgrade,
    "mkectl-upgrade",
    "Upgrade the MKE %from% cluster to MKE %to%, from the site's registry",
)
.by_hand()
.source(sources::MKE_4_FROM_3_OFFLINE)
.env(&["MKE_PASSWORD"])
.command("mkectl upgrade --hosts-path <mke4-hosts-file> \\\n  \
          --mke3-admin-username %admin% --mke3-admin-password \"$MKE_PASSWORD\" \\\n  \
          --external-address <mke4-external-address> \\\n  \
          --gateway-https-node-port <gateway-https-node-port> --gateway-http-node-port <gateway-http-node-port> \\\n  \
          --image-registry <site-registry>/mke --chart-registry oci://<site-registry>/mke \\\n  \
          --image-registry-ca-file <registry-ca-file> --chart-registry-ca-file <registry-ca-file> \\\n  \
          --config-out <mke4-config>")
.node(Role::MkectlHost)
.not_rerunnable()
.note(MKE_3_TO_4_OFFLINE_NOTE);
const MKE_3_TO_4_OFFLINE_NOTE: &str = "Offline, as the vendor's offline upgrade adds: the images and charts come from the site's registry, where the MKE %to% bundle was uploaded, trusted through its CA file (https://docs.mirantis.com/mke-docs/docs/upgrade-from-mke-3x/perform-migration; the flags' forms: https://docs.mirantis.com/mke4/4.2.1/upgrades/upgrade-from-mke-3x/perform-mke3-to-mke4-upgrade/). By hand: mkectl takes the MKE 3 password only as the --mke3-admin-password argument, as the online step's note says.";

/// Every step that replaces another offline, for the lint (which also reaches them through
/// [`Template::offline`]).
/// The steps that replace a pull on a site with its own registry ([`Template::mirrored`]).
pub(crate) const MIRRORED_STEPS: &[Template] =
    &[PULL_MKE_IMAGES_MIRRORED, PULL_MSR_IMAGES_MIRRORED];

pub(crate) const OFFLINE_STEPS: &[Template] = &[
    LOAD_MKE_IMAGES,
    LOAD_MSR_IMAGES,
    LOAD_MMT,
    LOAD_MSR_4_TOOL,
    MSR_3_DRY_RUN_OFFLINE,
    MSR_3_UPGRADE_OFFLINE,
    CERT_MANAGER_OFFLINE,
    POSTGRES_OPERATOR_OFFLINE,
    SET_IMAGE_TAG_OFFLINE,
    MSR_4_DEFAULTS_OFFLINE,
    MSR_4_UPGRADE_OFFLINE,
    MKECTL_INSTALL_OFFLINE,
    MKE_3_TO_4_DRY_RUN_OFFLINE,
    MKE_3_TO_4_UPGRADE_OFFLINE,
];

/// When a plan lists an artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needed {
    /// Online and offline.
    Always,
    /// Only online: offline, another artifact holds it (an image inside a saved file).
    Online,
    /// Only offline.
    Offline,
}

/// An artifact a hop needs, before its tokens are filled: what it is, where the vendor gives
/// it and, offline, how it is fetched beforehand and where the site's steps use it from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ArtifactSpec {
    pub kind: ArtifactKind,
    /// The image reference, package names, chart or file name.
    pub name: &'static str,
    pub needed: Needed,
    /// Where the vendor gives it: its download URL, or the vendor page that lists it (or,
    /// for a command built from the vendor's tools, the page of that command).
    pub source: &'static str,
    /// Offline: the lines that fetch it on a machine with internet access (in the plan's
    /// download step). `None`: the sources give no command, and a person fetches it.
    pub download: Option<&'static str>,
    /// Offline: the local file or directory the site's steps read, copied to the machines
    /// that use it. `None` for what the download pushes into the site's registry.
    pub file: Option<&'static str>,
}

pub(crate) const fn artifact(
    kind: ArtifactKind,
    name: &'static str,
    source: &'static str,
) -> ArtifactSpec {
    ArtifactSpec {
        kind,
        name,
        needed: Needed::Always,
        source,
        download: None,
        file: None,
    }
}

impl ArtifactSpec {
    pub(crate) const fn online(mut self) -> ArtifactSpec {
        self.needed = Needed::Online;
        self
    }
    pub(crate) const fn offline_only(mut self) -> ArtifactSpec {
        self.needed = Needed::Offline;
        self
    }
    pub(crate) const fn download(mut self, lines: &'static str) -> ArtifactSpec {
        self.download = Some(lines);
        self
    }
    pub(crate) const fn file(mut self, file: &'static str) -> ArtifactSpec {
        self.file = Some(file);
        self
    }
}

/// The artifacts of an MSR 2.x hop or install (`dtr-cli`). Offline the images are saved
/// into one file with the bootstrapper's own list (launchpad's `images` call).
pub(crate) const DTR_CLI_ARTIFACTS: &[ArtifactSpec] = &[
    artifact(ArtifactKind::Image, "%image%:%to%", sources::MSR_2_UPGRADE).online(),
    artifact(ArtifactKind::Bundle, "msr-%to%-images.tar", sources::LAUNCHPAD_MSR_IMAGES)
        .offline_only()
        .download("docker pull %image%:%to%\n\
                   docker run -i --rm %image%:%to% images | xargs -n 1 docker pull\n\
                   docker save -o msr-%to%-images.tar %image%:%to% $(docker run -i --rm %image%:%to% images)")
        .file("msr-%to%-images.tar"),
    // The metadata-store check runs the RethinkDB shell.
    artifact(ArtifactKind::Image, RETHINKCLI_IMAGE, sources::MSR_2_UPGRADE).online(),
    artifact(ArtifactKind::Bundle, "rethinkcli-v2.3.0-image.tar", sources::DOCKER_SAVE_LOAD)
        .offline_only()
        .download("docker pull dockerhubenterprise/rethinkcli:v2.3.0\n\
                   docker save -o rethinkcli-v2.3.0-image.tar dockerhubenterprise/rethinkcli:v2.3.0")
        .file("rethinkcli-v2.3.0-image.tar"),
];

/// The artifacts of an MKE 3.x hop (`ucp-cli`): offline, the bootstrapper's `images --list`
/// saved into one file.
pub(crate) const UCP_CLI_ARTIFACTS: &[ArtifactSpec] = &[
    artifact(ArtifactKind::Image, "%image%:%to%", sources::LAUNCHPAD_MKE_IMAGES).online(),
    artifact(ArtifactKind::Bundle, "mke-%to%-images.tar", sources::MKE_CLI_IMAGES)
        .offline_only()
        .download("docker pull %image%:%to%\n\
                   docker run --rm %image%:%to% images --list | xargs -L 1 docker pull\n\
                   docker save -o mke-%to%-images.tar %image%:%to% $(docker run --rm %image%:%to% images --list)")
        .file("mke-%to%-images.tar"),
];

/// The artifacts of an MCR hop (`packages`): the packages of the node's OS from the
/// Mirantis repository, downloaded into a directory the offline install reads.
pub(crate) const MCR_ARTIFACTS: &[ArtifactSpec] = &[artifact(
    ArtifactKind::Package,
    MCR_PACKAGES,
    sources::MCR_PACKAGE_FILES,
)
.download("mkdir -p <mcr-package-dir>\n(cd <mcr-package-dir> && curl -fL --remote-name-all <mcr-package-urls>)")
.file("<mcr-package-dir>")];

/// The chart of an MSR 3.x hop, pulled into a file (`helm pull oci://... --version`, as
/// `helm pull` documents it) from the OCI registry the vendor names with its chart versions.
const MSR_CHART: ArtifactSpec = artifact(ArtifactKind::Package, HELM_CHART, sources::MSR_3_CHARTS)
    .download("helm pull %chart% --version %chart-version%")
    .file("%chart-file%");
/// The chart of an MSR 4 hop, likewise (the MSR 4 Helm upgrade names it).
const MSR_4_CHART: ArtifactSpec = artifact(ArtifactKind::Package, HELM_CHART, sources::MSR_4_HELM)
    .download("helm pull %chart% --version %chart-version%")
    .file("%chart-file%");

/// The artifacts of an MSR 3.x Helm hop (`helm`): the chart, and its images pushed into the
/// site's registry.
pub(crate) const MSR_3_HELM_ARTIFACTS: &[ArtifactSpec] = &[
    MSR_CHART,
    artifact(ArtifactKind::Image, "the images of %chart-file% (MSR %to%), into <site-registry>", sources::MSR_3_OFFLINE_REGISTRY)
        .offline_only()
        .download(concat!(
            "helm template msr ./%chart-file% --api-versions=acid.zalan.do/v1 --api-versions=cert-manager.io/v1 \\\n  | awk '$1 == \"image:\" {gsub(/\"/, \"\", $2); print $2}' | sort -u > msr-%to%-images.txt\n",
            "for image in $(cat msr-%to%-images.txt); do\n",
            "  docker pull \"$image\" && docker tag \"$image\" \"<site-registry>/${image#*/}\" && docker push \"<site-registry>/${image#*/}\"\n",
            "done"
        )),
];

/// The artifacts of an MSR 3.1 hop with the MSR Operator (`msr-operator`): the MSR chart (for
/// its image list), cert-manager's and the Postgres Operator's charts, and their images pushed
/// into the site's registry.
pub(crate) const MSR_OPERATOR_ARTIFACTS: &[ArtifactSpec] = &[
    MSR_CHART,
    artifact(ArtifactKind::Package, "cert-manager <cert-manager-version> (Helm chart)", sources::JETSTACK_CHARTS)
        .download("helm pull cert-manager --repo https://charts.jetstack.io --version <cert-manager-version>")
        .file("cert-manager-<cert-manager-version>.tgz"),
    artifact(ArtifactKind::Package, "postgres-operator <postgres-operator-version> (Helm chart)", sources::ZALANDO_CHARTS)
        .download("helm pull postgres-operator --repo https://opensource.zalando.com/postgres-operator/charts/postgres-operator/ --version <postgres-operator-version>")
        .file("postgres-operator-<postgres-operator-version>.tgz"),
    artifact(ArtifactKind::Image, "the images of MSR %to%, cert-manager and the Postgres Operator, into <site-registry>", sources::MSR_3_OFFLINE_REGISTRY)
        .offline_only()
        .download(concat!(
            "{ helm template msr ./%chart-file% --api-versions=acid.zalan.do/v1 --api-versions=cert-manager.io/v1\n",
            "  helm template cert-manager ./cert-manager-<cert-manager-version>.tgz\n",
            "  helm template postgres-operator ./postgres-operator-<postgres-operator-version>.tgz; } \\\n",
            "  | awk '$1 == \"image:\" {gsub(/\"/, \"\", $2); print $2}' | sort -u > msr-%to%-images.txt\n",
            "for image in $(cat msr-%to%-images.txt); do\n",
            "  docker pull \"$image\" && docker tag \"$image\" \"<site-registry>/${image#*/}\" && docker push \"<site-registry>/${image#*/}\"\n",
            "done"
        )),
];

/// The artifacts of an MSR 4 hop or migration (`msr4-helm`): the chart and its images.
pub(crate) const MSR_4_ARTIFACTS: &[ArtifactSpec] = &[
    MSR_4_CHART,
    artifact(ArtifactKind::Image, "the images of %chart-file% (MSR %to%), into <site-registry>", sources::MSR_4_HELM)
        .offline_only()
        .download(concat!(
            "helm template msr ./%chart-file% \\\n  | awk '$1 == \"image:\" {gsub(/\"/, \"\", $2); print $2}' | sort -u > msr-%to%-images.txt\n",
            "for image in $(cat msr-%to%-images.txt); do\n",
            "  docker pull \"$image\" && docker tag \"$image\" \"<site-registry>/${image#*/}\" && docker push \"<site-registry>/${image#*/}\"\n",
            "done"
        )),
];

/// The MKE 4 releases whose offline bundle is `mke_bundle_v<to>_amd64.tar.gz`, with a
/// checksum file in the mke-release repository (the offline installation pages from 4.1.1 on;
/// the 4.1.0 page names `mke_bundle_v<to>.tar.gz` and gives no checksum).
pub(crate) const BUNDLE_WITH_CHECKSUM: &str = "mke >=4.1.1";

/// The MKE 4 bundle's download, as the offline installation page from 4.1.1 on gives it: the
/// bundle, then its checksum, checked (`%mke-bundle%` is `mke_bundle_v<to>_amd64`).
pub(crate) const BUNDLE_DOWNLOAD_CHECKED: &str = "curl -fL -o %mke-bundle%.tar.gz https://packages.mirantis.com/caas/%mke-bundle%.tar.gz\n\
     curl -fL -o %mke-bundle%.tar.gz.sha256 https://github.com/MirantisContainers/mke-release/releases/download/v%to%/%mke-bundle%_checksum.txt\n\
     sha256sum -c %mke-bundle%.tar.gz.sha256";

/// The MKE 4 bundle's download before 4.1.1: the page gives the bundle and no checksum.
pub(crate) const BUNDLE_DOWNLOAD: &str =
    "curl -fL -o %mke-bundle%.tar.gz https://packages.mirantis.com/caas/%mke-bundle%.tar.gz";

/// The artifacts of an MKE 4 hop or an MKE 3 -> 4 upgrade (`mkectl`): mkectl itself and,
/// offline, the MKE 4 bundle with its checksum, at the URL the vendor gives.
pub(crate) const MKECTL_ARTIFACTS: &[ArtifactSpec] = &[
    artifact(
        ArtifactKind::Package,
        "mkectl %to%",
        sources::MKECTL_INSTALL,
    )
    .download("curl -fL -o mkectl-v%to%.tar.gz <mkectl-download-url>")
    .file("mkectl-v%to%.tar.gz"),
    artifact(
        ArtifactKind::Bundle,
        "%mke-bundle%.tar.gz",
        "%bundle-source%",
    )
    .offline_only()
    .download("%bundle-download%")
    .file("%mke-bundle%.tar.gz"),
];

/// The artifacts of an MSR 2.9 -> 3.x migration (MMT): its image, saved offline.
pub(crate) const MMT_ARTIFACTS: &[ArtifactSpec] = &[
    artifact(ArtifactKind::Image, MMT_IMAGE, sources::MMT_PREREQS).online(),
    artifact(ArtifactKind::Bundle, "mmt-image.tar", sources::MMT_PREREQS)
        .offline_only()
        .download("docker pull registry.mirantis.com/msr/mmt:%tool-version%\ndocker save -o mmt-image.tar registry.mirantis.com/msr/mmt:%tool-version%")
        .file("mmt-image.tar"),
];

/// The MSR 4 migration tool's image: pulled online, loaded from its saved file offline.
pub(crate) const MSR_4_TOOL_ARTIFACTS: &[ArtifactSpec] = &[
    artifact(ArtifactKind::Image, MSR_4_TOOL_IMAGE, sources::MSR_4_TOOL_RUN).online(),
    artifact(ArtifactKind::Bundle, MSR_4_TOOL_FILE, sources::MSR_4_TOOL_RUN)
        .offline_only()
        .download("docker pull registry.mirantis.com/msrh/migrate:latest\ndocker save -o msr-migrate-image.tar registry.mirantis.com/msrh/migrate:latest")
        .file(MSR_4_TOOL_FILE),
];
/// The MSR 4 migration tool's image (the vendor's pages name only the latest tag) and the file
/// it is saved to offline.
pub(crate) const MSR_4_TOOL_IMAGE: &str = "registry.mirantis.com/msrh/migrate:latest";
pub(crate) const MSR_4_TOOL_FILE: &str = "msr-migrate-image.tar";

/// The artifacts of a hop with no documented procedure: what its document names.
pub(crate) const DOCUMENTED_ARTIFACTS: &[ArtifactSpec] =
    &[artifact(ArtifactKind::Package, DOCUMENTED_PACKAGE, "%doc%")];

/// Every artifact set, for the lint.
pub(crate) const ARTIFACT_SETS: &[(&str, &[ArtifactSpec])] = &[
    ("dtr-cli", DTR_CLI_ARTIFACTS),
    ("ucp-cli", UCP_CLI_ARTIFACTS),
    ("packages", MCR_ARTIFACTS),
    ("helm", MSR_3_HELM_ARTIFACTS),
    ("msr-operator", MSR_OPERATOR_ARTIFACTS),
    ("msr4-helm", MSR_4_ARTIFACTS),
    ("mkectl", MKECTL_ARTIFACTS),
    ("mmt", MMT_ARTIFACTS),
    ("msr-4-tool", MSR_4_TOOL_ARTIFACTS),
    ("documented", DOCUMENTED_ARTIFACTS),
];

/// The names the artifacts are built from (`%to%` the target, `%channel%` its line,
/// `%product%`, `%chart%` the Helm chart, `%image%` the bootstrapper's repository).
pub(crate) const MMT_IMAGE: &str = "registry.mirantis.com/msr/mmt:%tool-version%";
pub(crate) const MCR_PACKAGES: &str =
    "docker-ee, docker-ee-cli and containerd.io %to% from channel stable-%channel%";
pub(crate) const HELM_CHART: &str = "%chart% (Helm chart of %product% %to%)";
/// The chart of a line whose operation names none.
pub(crate) const UNNAMED_CHART: &str = "%product% %to% chart";
/// The file `helm pull` writes: the chart's name and version (`msr-1.1.18.tgz`).
pub(crate) const CHART_FILE: &str = "%chart-name%-%chart-version%.tgz";
pub(crate) const DOCUMENTED_PACKAGE: &str = "%product% %to%: see its documentation";
/// The image of the RethinkDB shell the MSR 2.x metadata-store check runs (the seed's).
pub(crate) const RETHINKCLI_IMAGE: &str = "dockerhubenterprise/rethinkcli:v2.3.0";

/// Offline: every artifact fetched on a machine with internet access, then the files copied
/// to the machines that use them (`%commands%`: for each artifact an [`ARTIFACT_HEADER`] and
/// its download lines, or an [`ARTIFACT_BY_HAND`] line where the sources give none; then an
/// [`ARTIFACT_COPY`] line for each file). With an artifact no command fetches, the step needs
/// a person ([`DOWNLOAD_BUNDLES_BY_HAND`]).
pub(crate) const DOWNLOAD_BUNDLES: Template = step(Precheck, "download-bundles", "Download every artifact of this plan on a machine with internet access, then copy the files to the machines that use them")
    .command("%commands%")
    .note("Each artifact's lines name its source. Run the download lines on a machine with internet access (the lines that push images need that machine to reach the site's registry, as in the vendor's offline installs), carry the files into the site, then copy each one to the machines whose steps read it. On the site nothing is fetched: images are loaded from these files or pulled from the site's registry, and charts, binaries and packages are used from these files.")
    .source(sources::DOCKER_SAVE_LOAD);
pub(crate) const DOWNLOAD_BUNDLES_BY_HAND: Template = DOWNLOAD_BUNDLES.by_hand();
pub(crate) const ARTIFACT_HEADER: &str = "# %artifact%: %source%";
pub(crate) const ARTIFACT_BY_HAND: &str =
    "# %artifact%: the sources give no download command; get it as %source% describes";
pub(crate) const ARTIFACT_COPY: &str = "scp -r %artifact% <user>@<host>:";

/// Separates the lines of a command assembled from a list (`%commands%`).
pub(crate) const COMMAND_LINES: &str = "\n";

/// When to do the work: a plan that touches MSR warns of its interruption.
pub(crate) const SCHEDULE: Template = step(
    Precheck,
    "schedule",
    "Schedule the work in a maintenance window outside peak hours",
)
.informs();
pub(crate) const SCHEDULE_MSR: Template = step(
    Precheck,
    "schedule",
    "Schedule the work outside peak hours: a few seconds of interruption may occur while MSR is upgraded",
)
.informs();

/// The host checks of MSR run by its bootstrapper on MKE nodes (2.x), where it runs at the
/// start of the plan or is installed by it.
pub(crate) const MSR_HOST_CHECKS: &[Template] = &[
    step(Precheck, "system-requirements", "Confirm the MSR system requirements on every MSR node: an MKE worker with a fixed hostname, 16 GB of RAM, 2 vCPUs and 10 GB of free disk")
        .source(sources::MSR_2_INSTALL)
        .command("hostnamectl --static\nnproc\nfree -g | awk '/^Mem:/ {print $2 \" GiB\"}'\ndf -h /var/lib/docker")
        .node(Role::MsrNodes),
    step(Precheck, "ports", "Confirm ports 80/tcp and 443/tcp (or the configured ones) are open inbound on every MSR node")
        .source(sources::MSR_2_PORTS)
        .command("sudo ss -ltnp '( sport = :80 or sport = :443 )'")
        .node(Role::MsrNodes),
    step(Precheck, "admin-can-deploy", "Confirm that administrators may deploy containers on MKE manager nodes and MSR nodes (MKE Admin Settings)")
        .note("Otherwise MSR backups fail with: Error response from daemon: {\"message\":\"could not find any nodes on which the container could be created\"}"),
];

/// The hops in order (`%order%`: each an [`ORDER_ITEM`]).
pub(crate) const UPGRADE_ORDER: Template = step(Precheck, "upgrade-order", "Follow the hops in order: %order%")
    .informs()
    .note("MCR first, then MKE, then MSR, wherever compatibility allows; only upgrade MSR once the correlating MCR and MKE upgrades have completed.");
pub(crate) const ORDER_ITEM: &str = "%product% %to%";
pub(crate) const ORDER_SEPARATOR: &str = " -> ";

/// Online: the images and packages to mirror (`%commands%`: a [`MIRROR_PULL`] line for each
/// image, a [`MIRROR_COMMENT`] line for anything else), with a note on the MKE images where a
/// hop runs the MKE bootstrapper.
pub(crate) const MIRROR: Template = step(
    Prepare,
    "mirror-artifacts",
    "Mirror the images and packages this plan needs into your registry and package mirror",
)
.command("%commands%")
.source(sources::LAUNCHPAD_MKE_IMAGES);
pub(crate) const MIRROR_MKE: Template = MIRROR
    .note("MKE images: also every image that `images --list` of the MKE bootstrapper prints.");
pub(crate) const MIRROR_PULL: &str = "docker pull %artifact%";
pub(crate) const MIRROR_COMMENT: &str = "# %artifact%";

/// The plan-wide steps, for the lint.
pub(crate) const PLAN_STEPS: &[Template] = &[
    DOWNLOAD_BUNDLES,
    DOWNLOAD_BUNDLES_BY_HAND,
    SCHEDULE,
    SCHEDULE_MSR,
    UPGRADE_ORDER,
    MIRROR,
    MIRROR_MKE,
];

/// Every text above that is not in a template, by name: the runbook lint and the token test
/// read them with the templates.
pub(crate) const TEXTS: &[(&str, &str)] = &[
    ("bundle-download-checked", BUNDLE_DOWNLOAD_CHECKED),
    ("bundle-download", BUNDLE_DOWNLOAD),
    ("launchpad-does-mcr", LAUNCHPAD_DOES_MCR),
    ("launchpad-does-mke", LAUNCHPAD_DOES_MKE),
    ("launchpad-does-mke-phased", LAUNCHPAD_DOES_MKE_PHASED),
    ("launchpad-does-msr", LAUNCHPAD_DOES_MSR),
    ("mke-automated-flags", MKE_AUTOMATED_FLAGS),
    ("mcr-system-title", MCR_SYSTEM_TITLE),
    ("mcr-if-system-title", MCR_IF_SYSTEM_TITLE),
    ("mcr-if-system-note", MCR_IF_SYSTEM_NOTE),
    ("mke-phased-flags", MKE_PHASED_FLAGS),
    ("mke-automated-note", MKE_AUTOMATED_NOTE),
    ("mke-phased-note", MKE_PHASED_NOTE),
    ("ucp-backup-id", UCP_BACKUP_ID),
    ("test-image", TEST_IMAGE),
    ("fetch-test-image", FETCH_TEST_IMAGE),
    ("test-image-offline", TEST_IMAGE_OFFLINE),
    ("mke-image-name", MKE_IMAGE_NAME),
    ("fallback.mke-url", FALLBACKS.mke_url),
    ("fallback.msr-url", FALLBACKS.msr_url),
    ("fallback.target-msr-url", FALLBACKS.target_msr_url),
    ("fallback.admin", FALLBACKS.admin),
    ("fallback.replica", FALLBACKS.replica),
    ("fallback.backup-dir", FALLBACKS.backup_dir),
    ("fallback.first-msr-node", FALLBACKS.first_msr_node),
    ("fallback.mke-image", FALLBACKS.mke_image),
    ("fallback.msr-image", FALLBACKS.msr_image),
    ("fallback.chart", FALLBACKS.chart),
    ("fallback.chart-version", FALLBACKS.chart_version),
    ("fallback.doc", FALLBACKS.doc),
    ("fallback.upgrade-doc", FALLBACKS.upgrade_doc),
    ("fallback.not-installed", FALLBACKS.not_installed),
    ("fallback.tool-version", FALLBACKS.tool_version),
    ("mmt-insecure-tls", MMT_INSECURE_TLS),
    ("mmt-copy-mode", MMT_COPY_MODE),
    ("mmt-inplace-mode", MMT_INPLACE_MODE),
    ("supported-by", SUPPORTED_BY),
    ("no-support-entry", NO_SUPPORT_ENTRY),
    ("support-entry", SUPPORT_ENTRY),
    ("support-entry-separator", SUPPORT_ENTRY_SEPARATOR),
    ("node-separator", NODE_SEPARATOR),
    ("procedure-separator", PROCEDURE_SEPARATOR),
    ("gate-answered", GATE_ANSWERED),
    ("gate-unanswered", GATE_UNANSWERED),
    ("gate-source", GATE_SOURCE),
    ("requirement-separator", REQUIREMENT_SEPARATOR),
    ("unlisted-replica.id", UNLISTED_REPLICA.0),
    ("unlisted-replica.node", UNLISTED_REPLICA.1),
    ("test-image-offline-other", TEST_IMAGE_OFFLINE_OTHER),
    ("artifact.unnamed-chart", UNNAMED_CHART),
    ("artifact.chart-file", CHART_FILE),
    ("artifact-header", ARTIFACT_HEADER),
    ("artifact-by-hand", ARTIFACT_BY_HAND),
    ("artifact-copy", ARTIFACT_COPY),
    ("command-lines", COMMAND_LINES),
    ("order-item", ORDER_ITEM),
    ("order-separator", ORDER_SEPARATOR),
    ("mirror-pull", MIRROR_PULL),
    ("mirror-comment", MIRROR_COMMENT),
];
