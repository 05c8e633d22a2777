//! The runbook: every hop becomes the exact, ordered steps an operator or an installer runs.
//!
//! Everything here is data: step templates per kind of hop, version-specific notes keyed by
//! version ranges, and the image repository of each release range. One builder fills the
//! templates' `%tokens%` with the hop's versions and the site's values (or visible
//! placeholders such as `<mke-url>`). Sources: the seed document (MSR install and upgrade) and
//! `mirantis-facts.md` (MKE and MCR upgrades, commands, version notes).

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use crate::catalog::{Catalog, Gate};
use crate::classify::gates_guarding;
use crate::plan::{Artifact, ArtifactKind, Hop, Phase, Request, State, Step, StorageBackend};
use crate::requirement::Requirement;
use crate::table::RuleId;
use crate::version::{Product, Version};

/// One step before its tokens are filled.
#[derive(Debug, Clone, Copy)]
struct Template {
    phase: Phase,
    /// The last part of the step id (`backup-msr`); unique within a hop.
    slug: &'static str,
    title: &'static str,
    command: Option<&'static str>,
    rerun_safe: bool,
    node: Option<&'static str>,
    note: Option<&'static str>,
}

const fn step(phase: Phase, slug: &'static str, title: &'static str) -> Template {
    Template {
        phase,
        slug,
        title,
        command: None,
        rerun_safe: true,
        node: None,
        note: None,
    }
}

impl Template {
    const fn command(mut self, command: &'static str) -> Template {
        self.command = Some(command);
        self
    }
    const fn node(mut self, node: &'static str) -> Template {
        self.node = Some(node);
        self
    }
    const fn note(mut self, note: &'static str) -> Template {
        self.note = Some(note);
        self
    }
    const fn not_rerunnable(mut self) -> Template {
        self.rerun_safe = false;
        self
    }
}

use Phase::{Backup, Post, Precheck, Prepare, Upgrade, Verify};

const MKE_MANAGER: &str = "an MKE manager";
const CACHE_NODES: &str = "each MSR cache node";

const SWARM_BACKUP: Template = step(Backup, "backup-swarm", "Back up the swarm state on an MKE manager")
    .command(
        "ENGINE=$(docker version -f '{{.Server.Version}}')\n\
         sudo systemctl stop docker\n\
         sudo tar czvf \"%backup-dir%/swarm-${ENGINE}-$(hostname -s)-$(date +%s%z).tgz\" /var/lib/docker/swarm/\n\
         sudo systemctl start docker",
    )
    .node(MKE_MANAGER)
    .note("The engine on this manager stops while the swarm state is copied: do one manager at a time, never all of them.");

const MKE_BACKUP: Template = step(Backup, "backup-mke", "Back up MKE %mke% (users, teams and cluster configuration)")
    .command(
        "docker container run --rm --interactive --name ucp --log-driver none \\\n  \
         --volume /var/run/docker.sock:/var/run/docker.sock \\\n  \
         %mke-image%:%mke% backup --passphrase \"<backup-passphrase>\" \\\n  \
         > %backup-dir%/mke-backup-%mke%-$(date +%Y%m%d%H%M%S).tar",
    )
    .node(MKE_MANAGER)
    .note("Run it with the image of the MKE version installed now. Keep the passphrase: a restore needs it.");

const MSR_BACKUP: Template = step(Backup, "backup-msr", "Back up MSR %from% metadata")
    .command(
        "docker run -i --rm --log-driver none %msr-image-from%:%from% backup \\\n  \
         --ucp-url %mke-url% --ucp-username %admin% \\\n  \
         --ucp-ca \"$(curl -sk https://%mke-url%/ca)\" \\\n  \
         --existing-replica-id %replica% \\\n  \
         > %backup-dir%/dtr-metadata-%from%-backup-$(date +%Y%m%d%H%M%S).tar",
    )
    .note("Backs up configuration, repository metadata, access control, Notary data, scan results and certificates. Not image content (back it up separately), users and teams (in the MKE backup) or the vulnerability database.");

const MKE_HEALTH: &str = "curl -sk https://%mke-url%/_ping\ndocker node ls";

const MSR_VERIFY_METADATA: &str = "REPLICA_ID=$(docker inspect -f '{{.Name}}' $(docker ps -q -f name=dtr-rethink) | cut -f 3 -d '-')\n\
     docker run -it --rm --net dtr-ol -v dtr-ca-$REPLICA_ID:/ca dockerhubenterprise/rethinkcli:v2.3.0 $REPLICA_ID\n\
     # at the rethinkcli prompt:\n\
     r.db(\"rethinkdb\").table(\"current_issues\")";

const MSR_PUSH_PULL: &str = "docker login %msr-url%\n\
     docker pull alpine:latest\n\
     docker tag alpine:latest %msr-url%/<namespace>/upgrade-check:%to%\n\
     docker push %msr-url%/<namespace>/upgrade-check:%to%\n\
     docker pull %msr-url%/<namespace>/upgrade-check:%to%";

/// An in-place MSR 2.x hop, in the seed's order: checks, backups, image, upgrade, verification.
const MSR_2_HOP: &[Template] = &[
    step(Precheck, "check-mke-supported", "Check that MKE %mke% is supported by MSR %to%")
        .command("docker inspect --format '{{.Config.Image}}' ucp-proxy")
        .node(MKE_MANAGER)
        .note("%mke-support%"),
    step(Precheck, "check-time-drift", "Check that no MSR replica node shows time drift")
        .command("timedatectl status | grep -i 'synchronized'\nsudo dmesg --ctime | tail -n 5")
        .node("each MSR replica node")
        .note("Compare the kernel log timestamps across the replica nodes; if they drift, synchronise the clocks (NTP) before going on."),
    step(Precheck, "check-disks", "Check that the local filesystems of the MSR nodes have no storage problems")
        .command("df -h /var/lib/docker\nsudo dmesg --level=err,warn | grep -iE 'i/o error|filesystem' || echo 'no disk errors in the kernel log'")
        .node("each MSR replica node"),
    step(Precheck, "check-content-trust", "Check that Docker Content Trust is disabled in MKE")
        .command(
            "AUTHTOKEN=$(curl -sk -d '{\"username\":\"%admin%\",\"password\":\"<mke-password>\"}' https://%mke-url%/auth/login | sed -E 's/.*\"auth_token\":\"([^\"]*)\".*/\\1/')\n\
             curl -sk -H \"Authorization: Bearer $AUTHTOKEN\" https://%mke-url%/api/ucp/config-toml | grep require_content_trust",
        )
        .note("Expect require_content_trust = false (Admin Settings > Docker Content Trust in the web UI)."),
    step(Precheck, "check-ram", "Confirm at least 16 GB of RAM on the node that runs the upgrade")
        .command("free -g | awk '/^Mem:/ {print $2 \" GiB total, \" $7 \" GiB available\"}'")
        .node("the node that runs the upgrade command"),
    MKE_BACKUP,
    MSR_BACKUP,
    SWARM_BACKUP,
    // The image-storage backup step is built from the storage backend (`storage_backup`).
    step(Prepare, "pull-msr-image", "Pull the MSR %to% image on the node that runs the upgrade")
        .command("docker pull %msr-image%:%to%")
        .node("the node that runs the upgrade command"),
    step(Upgrade, "upgrade-msr", "Upgrade MSR from %from% to %to%")
        .command(
            "docker run -it --rm %msr-image%:%to% upgrade \\\n  \
             --existing-replica-id %replica% \\\n  \
             --ucp-url %mke-url% --ucp-username %admin% \\\n  \
             --ucp-ca \"$(curl -sk https://%mke-url%/ca)\"",
        )
        .note("The command replaces every MSR container one replica at a time and migrates data; a few seconds of interruption may occur. If anything fails or the upgrade is interrupted, run the same command again: it resumes from the point of interruption. It can run from any node: MKE knows which workers hold replicas. For a large database add --max-wait 30m."),
    step(Verify, "verify-containers", "Check that every MSR container runs %to%")
        .command("docker ps --filter name=dtr --format '{{.Names}} {{.Image}}'")
        .node("each MSR replica node"),
    step(Verify, "verify-web-ui", "Check that the MSR web UI answers")
        .command("curl -sk -o /dev/null -w '%{http_code}\\n' https://%msr-url%/_ping")
        .note("Expect 200, then open https://%msr-url% in a browser (use the FQDN with https://: MSR sends HSTS headers)."),
    step(Verify, "verify-push-pull", "Push and pull an image to and from MSR")
        .command(MSR_PUSH_PULL)
        .note("Offline sites: tag and push an image that is already loaded instead of pulling alpine."),
    step(Verify, "verify-metadata-store", "Check that the MSR metadata store has no current issues")
        .command(MSR_VERIFY_METADATA)
        .node("an MSR replica node")
        .note("The query must return []."),
    step(Post, "upgrade-caches", "Upgrade every MSR cache node to %to%, after the replicas")
        .node(CACHE_NODES)
        .note("Caches that lag behind the replicas cause authentication errors and other strange behaviour. Skip this step if no cache is deployed."),
];

/// An in-place MKE 3.x hop.
const MKE_HOP: &[Template] = &[
    step(Precheck, "check-mke-health", "Check that MKE %from% and every node are healthy")
        .command(MKE_HEALTH)
        .node(MKE_MANAGER)
        .note("/_ping must answer OK on every manager and every node must be Ready."),
    step(Precheck, "check-mcr-versions", "Check that every node runs MCR %mcr% before upgrading MKE")
        .command("docker node ls --format '{{.Hostname}} {{.EngineVersion}}'")
        .node(MKE_MANAGER)
        .note("MCR should be on the most recent version before MKE is updated."),
    MKE_BACKUP,
    step(Prepare, "pull-mke-images", "Pull the MKE %to% images on every node")
        .command("docker pull %mke-image%:%to%\ndocker run --rm %mke-image%:%to% images --list | xargs -L 1 docker pull")
        .node("every node"),
    step(Upgrade, "upgrade-mke", "Upgrade MKE from %from% to %to%")
        .command(
            "docker container run --rm -it --name ucp \\\n  \
             --volume /var/run/docker.sock:/var/run/docker.sock \\\n  \
             %mke-image%:%to% upgrade --interactive",
        )
        .node(MKE_MANAGER)
        .not_rerunnable()
        .note("Managers are upgraded in place. Add --manual-worker-upgrade to upgrade workers yourself (phased method). Do not schedule new workloads until the upgrade ends."),
    step(Verify, "verify-mke-version", "Check that MKE runs %to%")
        .command("docker inspect --format '{{.Config.Image}}' ucp-proxy")
        .node(MKE_MANAGER)
        .note("The image tag must be %to%."),
    step(Verify, "verify-mke-health", "Check that MKE %to% and every node are healthy")
        .command(MKE_HEALTH)
        .node(MKE_MANAGER),
];

/// An MCR hop: node by node, managers first (one at a time), then MSR nodes, then workers.
const MCR_HOP_START: &[Template] = &[
    step(Precheck, "check-cluster-health", "Check that every node is Ready before touching the engines")
        .command("docker node ls --format '{{.Hostname}} {{.Status}} {{.Availability}} {{.EngineVersion}}'")
        .node(MKE_MANAGER),
    SWARM_BACKUP,
    step(Prepare, "set-channel", "Point the Mirantis repository of every node at channel stable-%channel%")
        .command(
            "# RHEL, Rocky, Oracle Linux, CentOS:\n\
             sudo sed -i -E 's#stable-[0-9][0-9.]*#stable-%channel%#' /etc/yum.repos.d/docker-ee.repo\n\
             # Ubuntu:\n\
             sudo sed -i -E 's#^Components: .*#Components: stable-%channel%#' /etc/apt/sources.list.d/mirantis.sources && sudo apt-get update",
        )
        .node("every node"),
];

const MCR_INSTALL: &str = "docker node update --availability drain <this-node>\n\
     # RHEL family (yum/dnf):\n\
     sudo yum -y install docker-ee-<version-string> docker-ee-cli-<version-string> containerd.io\n\
     # Ubuntu (apt):\n\
     sudo apt-get install -y docker-ee=<version-string> docker-ee-cli=<version-string> containerd.io\n\
     sudo systemctl restart docker";

const MCR_PICK_BUILD: &str = "Pick the <version-string> of the %to% build from `yum list docker-ee --showduplicates` or `apt-cache madison docker-ee`.";

/// A group of nodes of an MCR hop: how to upgrade each node, and how to check it before the
/// next one is drained.
struct NodeGroup {
    /// Only when MSR is installed.
    msr_only: bool,
    install: Template,
    check: Template,
}

/// The node groups of an MCR hop, in order: managers one at a time, then MSR nodes, then
/// workers (docs.docker.com/ee/upgrade and launchpad's MCR phase).
const MCR_GROUPS: [NodeGroup; 3] = [
    NodeGroup {
        msr_only: false,
        install: step(Upgrade, "upgrade-managers", "Drain each MKE manager in turn, install MCR %to% and restart its engine")
            .command(MCR_INSTALL)
            .node("each MKE manager, one at a time")
            .not_rerunnable()
            .note(MCR_PICK_BUILD),
        check: step(Upgrade, "check-managers", "On each manager: check the engine version and MKE health, then reactivate it")
            .command("docker version --format '{{.Server.Version}}'\ncurl -sk https://<this-manager>/_ping\ndocker node update --availability active <this-node>")
            .node("each MKE manager, one at a time")
            .note("The engine must report %to% and /_ping must answer OK before the next manager is drained."),
    },
    NodeGroup {
        msr_only: true,
        install: step(Upgrade, "upgrade-msr-nodes", "Drain each MSR node in turn, install MCR %to% and restart its engine")
            .command(MCR_INSTALL)
            .node("each MSR node, one at a time")
            .not_rerunnable()
            .note(MCR_PICK_BUILD),
        check: step(Upgrade, "check-msr-nodes", "On each MSR node: check the engine version and the replica, then reactivate it")
            .command("docker version --format '{{.Server.Version}}'\ncurl -sk -o /dev/null -w '%{http_code}\\n' https://<this-node>/_ping\ndocker node update --availability active <this-node>")
            .node("each MSR node, one at a time")
            .note("The engine must report %to% and the replica must answer 200 before the next MSR node is drained."),
    },
    NodeGroup {
        msr_only: false,
        install: step(Upgrade, "upgrade-workers", "Drain the workers a few at a time, install MCR %to% and restart their engines")
            .command(MCR_INSTALL)
            .node("each worker, a few at a time")
            .not_rerunnable()
            .note(MCR_PICK_BUILD),
        check: step(Upgrade, "check-workers", "On each worker: check the engine version, then reactivate it")
            .command("docker version --format '{{.Server.Version}}'\ndocker node update --availability active <this-node>")
            .node("each worker, a few at a time"),
    },
];

const MCR_HOP_END: &[Template] = &[step(
    Verify,
    "verify-engines",
    "Check that every node runs MCR %to% and is Ready",
)
.command("docker node ls --format '{{.Hostname}} {{.Status}} {{.Availability}} {{.EngineVersion}}'")
.node(MKE_MANAGER)];

/// Migrations, keyed by the product and the releases they reach.
const MIGRATIONS: &[(&str, &[Template])] = &[
    ("msr >=3.0.0, <4.0.0", MSR_3_MIGRATION),
    ("msr >=4.0.0, <5.0.0", MSR_4_MIGRATION),
    ("mke >=4.0.0, <5.0.0", MKE_4_MIGRATION),
];

/// An initial install of MSR 2.x, from the seed's "Step-by-step MSR installation".
const MSR_INSTALL: &[Template] = &[
    step(Precheck, "check-mke-supported", "Check that MKE %mke% supports MSR %to%")
        .command("docker inspect --format '{{.Config.Image}}' ucp-proxy")
        .node(MKE_MANAGER)
        .note("%mke-support%"),
    MKE_BACKUP,
    step(Prepare, "pull-msr-image", "Pull the MSR %to% image on the node that runs the install")
        .command("docker pull %msr-image%:%to%")
        .node("the node that runs the install command"),
    step(Prepare, "load-balancer-tcp", "If the load balancer in front of %msr-url% checks health over HTTP on port 80 or 443, switch it to TCP probes on a known open port until MSR is installed"),
    step(Upgrade, "install-msr", "Install MSR %to% on %first-msr-node%")
        .command(
            "docker run -it --rm %msr-image%:%to% install \\\n  \
             --dtr-external-url %msr-url% \\\n  \
             --ucp-node %first-msr-node% \\\n  \
             --ucp-username %admin% \\\n  \
             --ucp-url %mke-url%",
        )
        .not_rerunnable()
        .note("Run it from any node with MCR: MSR lands on the worker named by --ucp-node, not on the node you run the command on. Pass --dtr-external-url with the port MKE should trust, so that MKE can pull from MSR."),
    step(Verify, "verify-install", "Check that MSR is installed and every replica runs: https://%mke-url%/manage/settings/dtr, and MSR listed under Shared Resources > Stacks")
        .command("curl -sk -o /dev/null -w '%{http_code}\\n' https://%msr-url%/_ping"),
    step(Verify, "verify-push-pull", "Push and pull an image to and from MSR").command(MSR_PUSH_PULL),
    step(Post, "configure-tls-storage", "Configure the TLS certificates (System > General) and the storage backend (System > Storage)"),
    step(Post, "load-balancer-restore", "Set the load balancer's health probes back to the protocol and port you want"),
];

const JOIN: &str =
    "docker run -it --rm %msr-image%:%to% join \\\n  --ucp-node %node% \\\n  --ucp-insecure-tls";
const JOIN_NOTE: &str = "The command asks for the id of a replica already in the cluster (Shared Resources > Stacks in MKE). --ucp-node names the node that gets the replica, not the MKE URL.";
const DESTROY: &str = "docker run -it --rm %msr-image-from%:%from% destroy \\\n  --ucp-insecure-tls \\\n  --replica-id %replica-id% \\\n  --ucp-url %mke-url% --ucp-username %admin%";

/// Removing MSR: back up first, then `destroy` once per replica.
const MSR_UNINSTALL: &[Template] = &[
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
    .command("docker ps --filter name=dtr --format '{{.Names}}'")
    .node("each MSR replica node")
    .note("The command must print nothing."),
];

/// Any other migration in a catalog: the steps every migration needs, naming its tool.
const GENERIC_MIGRATION: &[Template] = &[
    step(
        Precheck,
        "read-migration-guide",
        "Read the migration guide of %tool% for %product% %from% -> %to%",
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

const MSR_READ_ONLY: &str = "curl -sk -u %admin%:<mke-password> -X POST https://%msr-url%/api/v0/meta/settings \\\n  \
     -H 'Content-Type: application/json' -d '{\"readOnlyRegistry\": %read-only%}'";

const MSR_3_MIGRATION: &[Template] = &[
    step(Precheck, "check-target", "Install an active MSR %to% target system (3.0.3 or later)")
        .note("The Mirantis Migration Tool migrates to MSR 3.0.3 or later, on Kubernetes (Helm or Operator) or Swarm; it does not migrate to 2.9 targets."),
    step(Precheck, "check-credentials", "Have the MKE administrator credentials of the source at hand"),
    MKE_BACKUP,
    MSR_BACKUP,
    step(Prepare, "pull-mmt", "Pull the Mirantis Migration Tool on the source and the target")
        .command("docker pull registry.mirantis.com/msr/mmt"),
    step(Prepare, "source-read-only", "Put the MSR %from% source into read-only mode")
        .command(MSR_READ_ONLY)
        .note("Expect HTTP 202. Pushes fail from now on; pulls keep working."),
    step(Upgrade, "mmt-verify", "Migration stage 1 of 5: verify").note("Stages from a 2.9 source: verify, estimate, extract, transform, restore. With MMT 2.0.3 or later the single `migrate` command runs them in place."),
    step(Upgrade, "mmt-estimate", "Migration stage 2 of 5: estimate"),
    step(Upgrade, "mmt-extract", "Migration stage 3 of 5: extract the MSR %from% data")
        .command(
            "docker run --rm -it -v <migration-dir>:/migration:Z \\\n  \
             --mount source=dtr-registry-%replica%,target=/storage \\\n  \
             registry.mirantis.com/msr/mmt extract msr \\\n  \
             --source-mke-url %mke-url% --source-username %admin% --source-password <mke-password> \\\n  \
             --source-url %msr-url% --storage-mode copy --source-insecure-tls /migration",
        )
        .node("an MSR %from% replica node"),
    step(Upgrade, "mmt-transform", "Migration stage 4 of 5: transform"),
    step(Upgrade, "mmt-restore", "Migration stage 5 of 5: restore into MSR %to%"),
    step(Verify, "verify-push-pull", "Push and pull an image to and from MSR %to%").command(MSR_PUSH_PULL),
    step(Post, "register-auth", "Register the target's authentication and restart its services")
        .note("msr auth register against https://<name>-enzi:4443/enzi, then kubectl rollout restart of enzi-api, api, registry, garant and jobrunner."),
    step(Post, "vulnerability-database", "Re-download the vulnerability database on MSR %to%")
        .note("It is not part of any backup or migration."),
];

const MSR_4_MIGRATION: &[Template] = &[
    step(Precheck, "check-target", "Deploy a new MSR %to% instance next to MSR %from%")
        .note("MSR 4 is a different registry (Harbor based): the migration copies data from the source into a new instance (A/B), from RethinkDB to PostgreSQL. Team names and repository paths may change."),
    MKE_BACKUP,
    step(Backup, "backup-msr", "Back up MSR %from%")
        .note("For a 2.x source use its backup command; for a 3.x source, mirantis/msr backup or MMT."),
    step(Upgrade, "migrate", "Copy repositories, images and permissions from MSR %from% to MSR %to% with the migration tool")
        .note("Follow the MSR 4 migration guide for the tool's configuration."),
    step(Verify, "verify-push-pull", "Push and pull an image to and from MSR %to%").command(MSR_PUSH_PULL),
    step(Post, "switch-clients", "Point clients and pipelines at MSR %to%, then retire MSR %from%"),
];

const MKE_4_MIGRATION: &[Template] = &[
    step(Precheck, "check-calico", "Check that the cluster does not use Calico eBPF")
        .note("MKE 3 clusters with Calico eBPF cannot be upgraded to MKE 4."),
    step(Precheck, "check-mke-health", "Check that MKE %from% and every node are healthy")
        .command(MKE_HEALTH)
        .node(MKE_MANAGER),
    MKE_BACKUP,
    step(Upgrade, "mkectl-upgrade", "Upgrade the MKE %from% cluster to MKE %to% with mkectl upgrade")
        .node("the machine that holds the mkectl configuration")
        .not_rerunnable()
        .note("MKE 4 is k0s based: the upgrade converts the cluster. From MKE 4.2.0 only 3.9.x clusters can be upgraded."),
    step(Verify, "verify-nodes", "Check that every node is Ready in MKE %to%")
        .command("kubectl get nodes"),
];

/// A step that a version range calls for, on top of a hop's usual steps.
struct VersionNote {
    /// The hop's `from` must match (`None`: any).
    from: Option<&'static str>,
    /// The hop's `to` must match.
    to: &'static str,
    template: Template,
}

/// Version-specific steps, as data keyed by version ranges.
const VERSION_NOTES: &[VersionNote] = &[
    VersionNote {
        from: Some("mcr 20.10.*"),
        to: "mcr >=23.0.0",
        template: step(Precheck, "check-storage-driver", "Check the storage driver of every node: MCR 23.0 supports only overlay2 (btrfs on SLES) on a filesystem with d_type")
            .command("docker info --format '{{.Driver}}'\ndocker info | grep 'Supports d_type'")
            .node("every node")
            .note("Unsupported storage drivers were removed in 23.0: a node on another driver, or overlay2 without d_type, cannot be upgraded in place."),
    },
    VersionNote {
        from: Some("mke 3.7.*"),
        to: "mke 3.8.*",
        template: step(Precheck, "choose-method", "Choose the upgrade method: MKE 3.7 -> 3.8 may restart containers")
            .note("Kubernetes 1.31 changes the container hash, so the automated in-place upgrade can restart workloads; use the phased in-place (--manual-worker-upgrade) or the blue-green method."),
    },
    VersionNote {
        from: None,
        to: "mke >=3.7.0, <4.0.0",
        template: step(Precheck, "know-rollback", "Know the rollback behaviour of the MKE upgrade")
            .note("From MKE 3.7.0 a failed upgrade rolls back automatically; Ctrl-C triggers a rollback; with no progress for 20 minutes MKE rolls back."),
    },
    VersionNote {
        from: None,
        to: "mke >=3.0.0, <4.0.0",
        template: step(Post, "update-interlock", "If Interlock is customised, update its services by hand")
            .command(
                "docker service update --image mirantis/ucp-interlock:%to% ucp-interlock\n\
                 docker service update --image mirantis/ucp-interlock-extension:%to% ucp-interlock-extension\n\
                 docker service update --image mirantis/ucp-interlock-proxy:%to% ucp-interlock-proxy",
            )
            .node(MKE_MANAGER)
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
            .note("The seed requires it after every MSR upgrade; the database is in no backup either."),
    },
    VersionNote {
        from: None,
        to: "msr =2.7.0",
        template: step(Post, "vulnerability-update-jobs", "Watch the vuln_db_update jobs: they can fail on 2.7.0 (fixed in 2.7.1)"),
    },
];

/// The image repository of each release range; the first match wins (launchpad's rules and
/// the MSR 2.10 docs, `mirantis-facts.md` section 1).
const IMAGES: &[(&str, &str)] = &[
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

/// The requirement strings of the runbook's data, parsed once.
fn parsed(range: &'static str) -> Option<&'static Requirement> {
    static PARSED: OnceLock<HashMap<&'static str, Requirement>> = OnceLock::new();
    let all = PARSED.get_or_init(|| {
        let notes = VERSION_NOTES
            .iter()
            .flat_map(|n| n.from.into_iter().chain([n.to]));
        let images = IMAGES.iter().map(|(range, _)| *range);
        let migrations = MIGRATIONS.iter().map(|(range, _)| *range);
        notes
            .chain(images)
            .chain(migrations)
            .filter_map(|text| Requirement::parse(text).ok().map(|r| (text, r)))
            .collect()
    });
    all.get(range)
}

/// The bootstrapper image repository of a release (`mirantis/dtr` for MSR 2.9.30).
pub(crate) fn image(product: Product, version: &Version) -> Option<&'static str> {
    IMAGES.iter().find_map(|(range, image)| {
        let range = parsed(range)?;
        (range.product() == product && range.matches(version)).then_some(*image)
    })
}

/// Whether a release of `product` falls in a range of the runbook's data (`None`, the
/// missing end of an install or uninstall, falls in none).
fn matches(range: &'static str, product: Product, version: Option<&Version>) -> bool {
    let Some(version) = version else { return false };
    parsed(range).is_some_and(|range| range.product() == product && range.matches(version))
}

/// The values that fill a hop's templates.
struct Tokens(BTreeMap<&'static str, String>);

impl Tokens {
    /// A copy with one more token.
    fn with(&self, token: &'static str, value: &str) -> Tokens {
        let mut tokens = self.0.clone();
        tokens.insert(token, value.to_owned());
        Tokens(tokens)
    }

    /// The text with each `%token%` replaced by its value, in one pass: values are not
    /// scanned again, and a `%` that starts no known token (`date +%Y%m%d`) stays as written.
    fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(start) = rest.find('%') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let value = after
                .find('%')
                .and_then(|end| self.0.get(&after[..end]).map(|value| (end, value)));
            if let Some((end, value)) = value {
                out.push_str(value);
                rest = &after[end + 1..];
            } else {
                out.push('%');
                rest = after;
            }
        }
        out.push_str(rest);
        out
    }
}

fn or_placeholder(value: Option<&String>, placeholder: &str) -> String {
    value.cloned().unwrap_or_else(|| placeholder.to_owned())
}

/// Builds the steps and the artifacts of a plan.
pub(crate) struct Runbook<'a> {
    catalog: &'a Catalog,
    request: &'a Request,
    steps: Vec<Step>,
    artifacts: Vec<Artifact>,
}

impl<'a> Runbook<'a> {
    pub(crate) fn new(catalog: &'a Catalog, request: &'a Request) -> Runbook<'a> {
        Runbook {
            catalog,
            request,
            steps: Vec::new(),
            artifacts: Vec::new(),
        }
    }

    /// The steps and artifacts of `hops`; `states[i]` is the state before hop `i`.
    pub(crate) fn build(mut self, hops: &[Hop], states: &[State]) -> (Vec<Step>, Vec<Artifact>) {
        for (index, hop) in hops.iter().enumerate() {
            self.collect_artifacts(index + 1, hop);
        }
        if !hops.is_empty() {
            self.plan_wide(hops, states);
        }
        for (index, (hop, state)) in hops.iter().zip(states).enumerate() {
            self.hop(index + 1, hop, state);
        }
        (self.steps, self.artifacts)
    }

    fn tokens(&self, hop: &Hop, state: &State) -> Tokens {
        let site = &self.request.site;
        let version = |p: Product| {
            state
                .get(&p)
                .map_or_else(|| format!("<{p}-version>"), ToString::to_string)
        };
        let mke = state.get(&Product::Mke);
        let mut tokens = BTreeMap::from([
            ("from", hop.from_text().to_owned()),
            ("to", hop.to_text().to_owned()),
            ("mke", version(Product::Mke)),
            ("mcr", version(Product::Mcr)),
            (
                "channel",
                hop.to
                    .as_ref()
                    .map_or_else(String::new, |v| v.line().to_string()),
            ),
            (
                "mke-url",
                or_placeholder(site.mke_url.as_ref(), "<mke-url>"),
            ),
            (
                "msr-url",
                or_placeholder(site.msr_url.as_ref(), "<msr-url>"),
            ),
            (
                "admin",
                or_placeholder(site.admin_user.as_ref(), "<mke-admin>"),
            ),
            (
                "replica",
                or_placeholder(site.replica_id.as_ref(), "<replica-id>"),
            ),
            (
                "backup-dir",
                or_placeholder(site.backup_dir.as_ref(), "<backup-dir>"),
            ),
            (
                "mke-image",
                mke.and_then(|v| image(Product::Mke, v))
                    .unwrap_or("mirantis/ucp")
                    .to_owned(),
            ),
            ("read-only", "true".to_owned()),
            ("product", hop.product.to_string()),
            (
                "first-msr-node",
                site.nodes
                    .as_ref()
                    .and_then(|n| n.msr_nodes.first().cloned())
                    .unwrap_or_else(|| "<msr-node>".to_owned()),
            ),
            ("tool", self.tool(hop)),
            ("mke-support", self.support_note(hop, state)),
        ]);
        if hop.product == Product::Mke {
            tokens.insert(
                "mke-image",
                hop.to
                    .as_ref()
                    .and_then(|v| image(Product::Mke, v))
                    .unwrap_or("mirantis/ucp")
                    .to_owned(),
            );
        }
        tokens.insert(
            "msr-image",
            hop.to
                .as_ref()
                .and_then(|v| image(Product::Msr, v))
                .unwrap_or("mirantis/dtr")
                .to_owned(),
        );
        tokens.insert(
            "msr-image-from",
            hop.from
                .as_ref()
                .and_then(|v| image(Product::Msr, v))
                .unwrap_or("mirantis/dtr")
                .to_owned(),
        );
        Tokens(tokens)
    }

    /// The tool of the migration a hop makes (empty for in-place hops).
    fn tool(&self, hop: &Hop) -> String {
        self.catalog
            .migrations()
            .iter()
            .find(|m| {
                m.to.product() == hop.product
                    && hop.to.as_ref().is_some_and(|v| m.to.matches(v))
                    && hop.from.as_ref().is_some_and(|v| m.from.matches(v))
            })
            .map_or_else(String::new, |m| m.tool.clone())
    }

    /// Why the MKE in use supports the target MSR, from the catalog's compatibility entries.
    fn support_note(&self, hop: &Hop, state: &State) -> String {
        let entries: Vec<String> = self
            .catalog
            .compatibility()
            .iter()
            .filter(|e| {
                e.when.product() == hop.product
                    && hop.to.as_ref().is_some_and(|v| e.when.matches(v))
                    && e.requires.product() == Product::Mke
            })
            .map(|e| format!("'{}' requires '{}'", e.when, e.requires))
            .collect();
        let mke = state
            .get(&Product::Mke)
            .map_or_else(|| "not installed".to_owned(), ToString::to_string);
        if entries.is_empty() {
            format!(
                "The catalog has no compatibility entry for MSR {} and MKE; MKE is {mke}.",
                hop.to_text()
            )
        } else {
            format!(
                "The image tag shows the MKE version, which must be {mke}. Catalog: {}.",
                entries.join("; ")
            )
        }
    }

    /// The real nodes behind a step's node description, when the request knows them.
    fn node_names(&self, description: &str) -> Option<String> {
        let site = &self.request.site;
        let nodes = site.nodes.as_ref()?;
        let list = |names: &[String], how: &str| {
            (!names.is_empty()).then(|| format!("{}{how}", names.join(", ")))
        };
        match description {
            MKE_MANAGER => nodes.managers.first().cloned(),
            "each MKE manager, one at a time" => list(&nodes.managers, " (one at a time)"),
            "each MSR replica node" | "each MSR node" => list(&nodes.msr_nodes, ""),
            "each MSR node, one at a time" => list(&nodes.msr_nodes, " (one at a time)"),
            "an MSR replica node" | "an MSR %from% replica node" => {
                nodes.msr_nodes.first().cloned()
            }
            CACHE_NODES => list(&nodes.caches, ""),
            "each worker, a few at a time" => list(&nodes.workers, " (a few at a time)"),
            "the MSR replica node %replica%" => {
                let replica = site.replica_id.as_ref()?;
                site.replicas
                    .iter()
                    .find(|(id, _)| id == replica)
                    .map(|(_, node)| node.clone())
            }
            "every node" => {
                let all: Vec<String> = [
                    &nodes.managers,
                    &nodes.msr_nodes,
                    &nodes.caches,
                    &nodes.workers,
                ]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
                list(&all, "")
            }
            _ => None,
        }
    }

    fn push(&mut self, hop_number: usize, template: &Template, tokens: &Tokens) {
        let prefix = if hop_number == 0 {
            "plan".to_owned()
        } else {
            format!("hop-{hop_number}")
        };
        let mut command = template.command.map(|c| tokens.fill(c));
        let mut title = tokens.fill(template.title);
        if self.request.offline && template.slug.starts_with("pull-") {
            // Offline: the images come from the bundle copied to each node.
            let bundle = tokens.fill(if template.slug == "pull-mke-images" {
                "mke-%to%-images.tar.gz"
            } else {
                "msr-%to%-images.tar.gz"
            });
            title = format!("Load the image bundle {bundle} on every node that needs it (offline)");
            command = Some(format!("docker load -i {bundle}"));
        }
        self.steps.push(Step {
            id: format!("{prefix}/{}", template.slug),
            hop: hop_number,
            phase: template.phase,
            title,
            command,
            rerun_safe: template.rerun_safe,
            node: template
                .node
                .map(|n| self.node_names(n).unwrap_or_else(|| tokens.fill(n))),
            note: template.note.map(|n| tokens.fill(n)),
        });
    }

    /// The steps of one hop, sorted by phase (stable, so templates keep their order within a
    /// phase).
    fn hop(&mut self, number: usize, hop: &Hop, state: &State) {
        let tokens = self.tokens(hop, state);
        let start = self.steps.len();
        let notes = VERSION_NOTES.iter().filter(|n| {
            matches(n.to, hop.product, hop.to.as_ref())
                && n.from
                    .is_none_or(|from| matches(from, hop.product, hop.from.as_ref()))
        });
        let notes: Vec<Template> = notes.map(|n| n.template).collect();
        let templates: Vec<Template> = if hop.rule == RuleId::Install {
            MSR_INSTALL.to_vec()
        } else if hop.rule == RuleId::Uninstall {
            let mut templates = MSR_UNINSTALL.to_vec();
            templates.push(self.storage_backup());
            templates
        } else if hop.rule == RuleId::Migration {
            MIGRATIONS
                .iter()
                .find(|(range, _)| matches(range, hop.product, hop.to.as_ref()))
                .map_or_else(
                    || GENERIC_MIGRATION.to_vec(),
                    |(_, templates)| templates.to_vec(),
                )
        } else {
            match hop.product {
                Product::Msr => {
                    let mut templates = MSR_2_HOP.to_vec();
                    let storage = self.storage_backup();
                    let at = templates
                        .iter()
                        .position(|t| t.slug == "backup-swarm")
                        .map_or(0, |i| i + 1);
                    templates.insert(at, storage);
                    templates.extend(notes.iter().copied().filter(|n| {
                        n.slug != "vulnerability-database"
                            || hop.to.as_ref().is_some_and(|v| v.major() == 2)
                    }));
                    templates
                }
                Product::Mke => MKE_HOP
                    .iter()
                    .copied()
                    .chain(notes.iter().copied())
                    .collect(),
                Product::Mcr => {
                    let mut templates: Vec<Template> = MCR_HOP_START.to_vec();
                    templates.extend(notes.iter().copied());
                    templates
                }
            }
        };
        let mcr_upgrade = hop.product == Product::Mcr && hop.rule != RuleId::Migration;
        // With an inventory, steps for nodes that do not exist (caches) are left out.
        let no_caches = self
            .request
            .site
            .nodes
            .as_ref()
            .is_some_and(|n| n.caches.is_empty());
        for template in templates
            .iter()
            .filter(|t| !(no_caches && t.node == Some(CACHE_NODES)))
        {
            self.push(number, template, &tokens);
        }
        if mcr_upgrade {
            self.mcr_groups(number, state, &tokens);
            for template in MCR_HOP_END {
                self.push(number, template, &tokens);
            }
        }
        match hop.rule {
            RuleId::Install => self.replica_steps(number, &tokens, true),
            RuleId::Uninstall => self.replica_steps(number, &tokens, false),
            _ => {}
        }
        self.gate_checks(number, hop, state);
        self.steps[start..].sort_by_key(|step| step.phase);
    }

    /// A precheck for each gate that guards the hop, with the gate's reason and source: the
    /// plan meets it, and the operator confirms it on the cluster before going on. A gate on
    /// a fact the request leaves unanswered is shown only where it is not already met, as
    /// elsewhere the answer changes nothing.
    fn gate_checks(&mut self, number: usize, hop: &Hop, state: &State) {
        let Some(to) = &hop.to else { return };
        let facts = &self.request.facts;
        let met = |gate: &Gate| {
            gate.requires.iter().all(|r| {
                state
                    .get(&r.product())
                    .is_some_and(|version| r.matches(version))
            })
        };
        let gates = gates_guarding(self.catalog, hop.product, to).filter(|gate| {
            gate.if_fact
                .as_ref()
                .is_none_or(|fact| match facts.get(fact) {
                    Some(answer) => *answer,
                    None => !met(gate),
                })
        });
        for (index, gate) in gates.enumerate() {
            let requires: Vec<String> = gate.requires.iter().map(ToString::to_string).collect();
            let order = if gate.in_order { ", in this order" } else { "" };
            let condition = match &gate.if_fact {
                None => String::new(),
                Some(fact) if facts.contains_key(fact) => {
                    format!(" This applies because the request answers '{fact}' with true.")
                }
                Some(fact) => format!(
                    " This applies if '{fact}' is true; the request does not answer it, and the plan meets the gate either way."
                ),
            };
            let source = gate
                .source
                .as_ref()
                .map(|s| format!(" Source: {s}"))
                .unwrap_or_default();
            self.steps.push(Step {
                id: format!("hop-{number}/gate-{}", index + 1),
                hop: number,
                phase: Phase::Precheck,
                title: format!(
                    "Confirm the documented prerequisite of {} {to}: {}{order}",
                    hop.product,
                    requires.join(", then ")
                ),
                command: None,
                rerun_safe: true,
                node: None,
                note: Some(format!("{}.{condition}{source}", gate.reason)),
            });
        }
    }

    /// The per-replica steps of an install (`join` for each replica after the first) or an
    /// uninstall (`destroy` once per replica), on the inventory's nodes and replica ids or
    /// on placeholders.
    fn replica_steps(&mut self, number: usize, tokens: &Tokens, install: bool) {
        let site = &self.request.site;
        let nodes: Vec<String> = site
            .nodes
            .as_ref()
            .map(|n| n.msr_nodes.clone())
            .unwrap_or_default();
        let replicas: Vec<(String, String)> = if site.replicas.is_empty() {
            vec![(tokens.fill("%replica%"), "<msr-node>".to_owned())]
        } else {
            site.replicas.clone()
        };
        if install {
            for node in nodes.iter().skip(1) {
                let mut join = step(Upgrade, "", "").command(JOIN).note(JOIN_NOTE);
                join.title = "Join a replica on %node%";
                let tokens = tokens.with("node", node);
                self.push(number, &join, &tokens);
                let last = self.steps.len() - 1;
                self.steps[last].id = format!("hop-{number}/join-{node}");
            }
        } else {
            for (id, node) in replicas {
                let mut destroy = step(Upgrade, "", "").command(DESTROY).not_rerunnable();
                destroy.title = "Destroy replica %replica-id% on %node%";
                let tokens = tokens.with("node", &node).with("replica-id", &id);
                self.push(number, &destroy, &tokens);
                let last = self.steps.len() - 1;
                self.steps[last].id = format!("hop-{number}/destroy-{id}");
                self.steps[last].node = Some(node);
            }
        }
    }

    /// The node groups of an MCR hop: drain, install and restart, then check and reactivate.
    fn mcr_groups(&mut self, number: usize, state: &State, tokens: &Tokens) {
        let msr_installed = state.contains_key(&Product::Msr);
        for group in MCR_GROUPS.iter().filter(|g| msr_installed || !g.msr_only) {
            self.push(number, &group.install, tokens);
            self.push(number, &group.check, tokens);
        }
    }

    /// The image-storage backup, fitted to the backend.
    fn storage_backup(&self) -> Template {
        const BOTH: &str = "# If local filesystem:\n\
             sudo tar -cf %backup-dir%/dtr-registry-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-%replica% .\n\
             # If NFS store:\n\
             sudo tar -cf %backup-dir%/dtr-registry-nfs-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-nfs-%replica% .";
        let base = step(
            Backup,
            "backup-image-storage",
            "Back up the images stored by MSR",
        )
        .node("the MSR replica node %replica%");
        match self.request.site.storage {
            None => base.command(BOTH).note("Use the line for your storage backend; an object store (S3 and others) is backed up with its own tools."),
            Some(StorageBackend::Local) => base.command("sudo tar -cf %backup-dir%/dtr-registry-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-%replica% ."),
            Some(StorageBackend::Nfs) => base.command("sudo tar -cf %backup-dir%/dtr-registry-nfs-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-nfs-%replica% ."),
            Some(StorageBackend::Object) => step(Backup, "backup-image-storage", "Back up the object store that holds the MSR images with its own tools (versioning or a snapshot)"),
        }
    }

    fn collect_artifacts(&mut self, hop_number: usize, hop: &Hop) {
        let Some(to) = hop.to.clone() else { return };
        let mut add = |kind, name: String| match self
            .artifacts
            .iter_mut()
            .find(|a| a.kind == kind && a.name == name)
        {
            Some(artifact) => artifact.hops.push(hop_number),
            None => self.artifacts.push(Artifact {
                kind,
                name,
                hops: vec![hop_number],
            }),
        };
        let offline = self.request.offline;
        match (hop.product, hop.rule) {
            (Product::Mcr, _) => add(
                ArtifactKind::Package,
                format!(
                    "docker-ee, docker-ee-cli and containerd.io {to} from channel stable-{}",
                    to.line()
                ),
            ),
            (Product::Msr, RuleId::Migration) => add(
                ArtifactKind::Image,
                "registry.mirantis.com/msr/mmt".to_owned(),
            ),
            (product, RuleId::Migration) => add(
                ArtifactKind::Image,
                format!("{product} {to} installer (mkectl)"),
            ),
            (product, _) => {
                let image = image(product, &to).unwrap_or("mirantis/dtr");
                add(ArtifactKind::Image, format!("{image}:{to}"));
                if offline {
                    let name = if product == Product::Mke {
                        "mke"
                    } else {
                        "msr"
                    };
                    add(ArtifactKind::Bundle, format!("{name}-{to}-images.tar.gz"));
                }
            }
        }
        // Bundles first: they are what an offline site downloads before anything else.
        self.artifacts
            .sort_by_key(|a| a.kind != ArtifactKind::Bundle);
    }

    fn plan_wide(&mut self, hops: &[Hop], states: &[State]) {
        let empty = Tokens(BTreeMap::new());
        let touches_msr = hops.iter().any(|h| h.product == Product::Msr);
        let msr_installed = states
            .first()
            .is_some_and(|s| s.contains_key(&Product::Msr));
        let order: Vec<String> = hops
            .iter()
            .map(|h| format!("{} {}", h.product, h.to_text()))
            .collect();
        if self.request.offline {
            let bundles: Vec<String> = self
                .artifacts
                .iter()
                .filter(|a| a.kind == ArtifactKind::Bundle)
                .map(|a| a.name.clone())
                .collect();
            let command = bundles
                .iter()
                .map(|b| format!("wget <{}-url> -O {b}", b.trim_end_matches(".tar.gz")))
                .chain(bundles.iter().map(|b| format!("scp {b} <user>@<host>:")))
                .collect::<Vec<_>>()
                .join("\n");
            let download = step(Precheck, "download-bundles", "Download the offline image bundles on a machine with internet access and copy them to every node")
                .note("Each hop's image pull becomes a `docker load -i` of its bundle on the nodes.");
            self.push_owned(download, Some(command));
        }
        let schedule = if touches_msr {
            step(
                Precheck,
                "schedule",
                "Schedule the work outside peak hours: a few seconds of interruption may occur while MSR is upgraded",
            )
        } else {
            step(
                Precheck,
                "schedule",
                "Schedule the work in a maintenance window outside peak hours",
            )
        };
        self.push(0, &schedule, &empty);
        if msr_installed {
            self.push(0, &step(Precheck, "system-requirements", "Confirm the MSR system requirements on every MSR node: an MKE worker with a fixed hostname, 16 GB of RAM, 2 vCPUs and 10 GB of free disk")
                .command("hostnamectl --static\nnproc\nfree -g | awk '/^Mem:/ {print $2 \" GiB\"}'\ndf -h /var/lib/docker")
                .node("each MSR node"), &empty);
            self.push(0, &step(Precheck, "ports", "Confirm ports 80/tcp and 443/tcp (or the configured ones) are open inbound on every MSR node")
                .command("sudo ss -ltnp '( sport = :80 or sport = :443 )'")
                .node("each MSR node"), &empty);
            self.push(0, &step(Precheck, "admin-can-deploy", "Confirm that administrators may deploy containers on MKE manager nodes and MSR nodes (MKE Admin Settings)")
                .note("Otherwise MSR backups fail with: Error response from daemon: {\"message\":\"could not find any nodes on which the container could be created\"}"), &empty);
        }
        let order_step = step(Precheck, "upgrade-order", "Follow the hops in order: %order%")
            .note("MCR first, then MKE, then MSR, wherever compatibility allows; only upgrade MSR once the correlating MCR and MKE upgrades have completed.");
        let order_tokens = Tokens(BTreeMap::from([("order", order.join(" -> "))]));
        self.push(0, &order_step, &order_tokens);
        let mirror: Vec<String> = self
            .artifacts
            .iter()
            .filter(|a| a.kind != ArtifactKind::Bundle)
            .map(|a| match a.kind {
                ArtifactKind::Image if !a.name.contains(' ') => format!("docker pull {}", a.name),
                _ => format!("# {}", a.name),
            })
            .collect();
        let mirror_step = step(
            Prepare,
            "mirror-artifacts",
            "Mirror the images and packages this plan needs into your registry and package mirror",
        );
        let mirror_step = if hops
            .iter()
            .any(|h| h.product == Product::Mke && h.rule != RuleId::Migration)
        {
            mirror_step.note(
                "MKE images: also every image that `images --list` of the MKE bootstrapper prints.",
            )
        } else {
            mirror_step
        };
        if !mirror.is_empty() {
            self.push_owned(mirror_step, Some(mirror.join("\n")));
        }
        let start = self.steps.iter().position(|s| s.hop == 0).unwrap_or(0);
        self.steps[start..].sort_by_key(|s| s.phase);
    }

    fn push_owned(&mut self, template: Template, command: Option<String>) {
        self.push(0, &template, &Tokens(BTreeMap::new()));
        if let Some(last) = self.steps.last_mut() {
            last.command = command;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{IMAGES, MIGRATIONS, VERSION_NOTES, image};
    use crate::requirement::Requirement;
    use crate::version::{Product, Version};

    /// The runbook's data is written as requirement strings; a typo would silently match
    /// nothing, so every one must parse.
    #[test]
    fn every_version_range_in_the_runbook_data_parses() {
        let ranges = VERSION_NOTES
            .iter()
            .flat_map(|note| note.from.into_iter().chain([note.to]))
            .chain(IMAGES.iter().map(|(range, _)| *range))
            .chain(MIGRATIONS.iter().map(|(range, _)| *range));
        for range in ranges {
            assert!(Requirement::parse(range).is_ok(), "{range}");
        }
    }

    #[test]
    fn image_repositories_follow_launchpads_rules() {
        let cases = [
            (Product::Mke, "3.1.7", "docker/ucp"),
            (Product::Mke, "3.1.15", "mirantis/ucp"),
            (Product::Mke, "3.2.4", "docker/ucp"),
            (Product::Mke, "3.2.8", "mirantis/ucp"),
            (Product::Mke, "3.3.1", "docker/ucp"),
            (Product::Mke, "3.3.2", "mirantis/ucp"),
            (Product::Mke, "3.9.7", "mirantis/ucp"),
            (Product::Msr, "2.6.10", "docker/dtr"),
            (Product::Msr, "2.6.15", "mirantis/dtr"),
            (Product::Msr, "2.7.5", "docker/dtr"),
            (Product::Msr, "2.7.8", "mirantis/dtr"),
            (Product::Msr, "2.8.1", "docker/dtr"),
            (Product::Msr, "2.8.2", "mirantis/dtr"),
            (Product::Msr, "2.9.30", "mirantis/dtr"),
            (Product::Msr, "2.10.3", "registry.mirantis.com/msr/dtr"),
        ];
        for (product, version, expected) in cases {
            assert_eq!(
                image(product, &Version::parse(version).unwrap()),
                Some(expected),
                "{product} {version}"
            );
        }
    }
}
