//! The cluster inventory: the nodes, what runs on them, the MSR replicas and storage, the MKE
//! settings and the facts; and the preflight findings the seed's requirements give on it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::json::{self, Document, JsonError};
use crate::version::{Product, Version, quoted};

mod site;

pub(crate) use site::is_plain_word;
pub use site::{NodeNames, OsFamily, Site, StorageBackend};

/// The role of a node in the MKE cluster.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// An MKE manager.
    Manager,
    /// An MKE worker.
    Worker,
    /// A machine that MKE does not manage (a standalone engine).
    None,
}

/// What runs on a node.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Service {
    /// MKE itself (its manager components).
    Mke,
    /// An MSR replica.
    MsrReplica,
    /// An MSR cache.
    MsrCache,
}

/// One node of the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// The node's hostname, as MKE knows it (an inventory imported from a Launchpad config
    /// names each node by its address: Launchpad learns hostnames over SSH).
    pub hostname: String,
    /// The address tools reach it at (Launchpad's `ssh.address`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Its role in MKE.
    pub role: Role,
    /// Memory, in GB; absent when not measured (the preflight then says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ram_gb: Option<u32>,
    /// Virtual CPUs, when measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vcpus: Option<u32>,
    /// Free disk space, in GB, when measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_disk_gb: Option<u32>,
    /// Whether the hostname is fixed (MSR requires it), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_hostname: Option<bool>,
    /// What runs on it.
    #[serde(default)]
    pub runs: BTreeSet<Service>,
    /// The inbound TCP ports known to be open, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_ports: Option<BTreeSet<u16>>,
    /// Its operating system (`ubuntu`, `rhel`, `centos`, `rocky`, `oracle`, `sles`,
    /// `windows`), which decides the commands of an MCR hop on it; when absent, the site's
    /// `--os`, or else each family's commands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<OsFamily>,
}

/// An MSR replica.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Replica {
    /// The replica id (12 hexadecimal characters).
    pub id: String,
    /// The node it runs on.
    pub node: String,
}

/// The MSR part of an inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MsrInventory {
    /// The external URL of MSR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The replicas, if MSR is installed.
    #[serde(default)]
    pub replicas: Vec<Replica>,
    /// How many replicas an install should have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_replicas: Option<u32>,
    /// Whether high availability is asked for (3 or 5 replicas).
    #[serde(default)]
    pub high_availability: bool,
    /// The storage backend of the images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<StorageBackend>,
    /// The HTTP and HTTPS ports (80 and 443 unless configured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_port: Option<u16>,
    /// See `http_port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https_port: Option<u16>,
    /// The repository of MSR's images (Launchpad's `msr.imageRepo`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_repo: Option<String>,
}

/// The MKE part of an inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MkeInventory {
    /// The MKE URL with host and port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The administrator user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin: Option<String>,
    /// Whether administrators may deploy containers on manager and MSR nodes; absent when
    /// not known (the preflight then says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admins_can_deploy_on_managers_and_msr_nodes: Option<bool>,
    /// Whether Docker Content Trust is enforced, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_trust: Option<bool>,
    /// The repository of MKE's images (Launchpad's `mke.imageRepo`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_repo: Option<String>,
}

/// A cluster inventory (`schema_version` 1), as documented in docs/formats.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    /// Always 1.
    pub schema_version: u32,
    /// The versions installed when the inventory was taken (an import from a Launchpad
    /// config records them); `plan --launchpad` starts from them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<Product, String>")]
    pub installed: BTreeMap<Product, Version>,
    /// The nodes.
    pub nodes: Vec<Node>,
    /// MKE's settings.
    pub mke: MkeInventory,
    /// MSR's settings; absent when MSR is neither installed nor to be installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msr: Option<MsrInventory>,
    /// Facts for the gates (`metallb`, `aws-in-tree-cloud-provider`).
    #[serde(default)]
    pub facts: BTreeMap<String, bool>,
    /// Whether the site has no internet access.
    #[serde(default)]
    pub offline: bool,
    /// Where backups are written on the nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_dir: Option<String>,
}

/// An error from reading an inventory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InventoryError {
    /// The text cannot be read as an inventory: too large ([`MAX_INVENTORY_BYTES`]), not
    /// JSON or not its shape (a missing or unknown field, a wrong type), or an unsupported
    /// `schema_version`.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// Two nodes share a hostname, or a replica names a node the inventory does not list.
    #[error("inventory: {problem}")]
    Inconsistent {
        /// What is wrong, naming the values.
        problem: String,
    },
}

/// The largest inventory file the loader reads.
pub const MAX_INVENTORY_BYTES: usize = 4 * 1024 * 1024;

impl Inventory {
    /// The digest of the inventory's content (`sha256:` of its canonical JSON), which a plan
    /// made with it records.
    pub fn digest(&self) -> String {
        crate::digest::json_digest(&serde_json::to_value(self).unwrap_or(serde_json::Value::Null))
    }

    /// Reads an inventory from JSON.
    ///
    /// # Errors
    ///
    /// - [`InventoryError::Json`] for malformed JSON, a missing or unknown field, a wrong
    ///   type (`"ram_gb": "16"`), text over [`MAX_INVENTORY_BYTES`] or `"schema_version": 2`;
    /// - [`InventoryError::Inconsistent`] for two nodes named alike, or a replica on a node
    ///   that is not listed.
    pub fn from_json(text: &str) -> Result<Inventory, InventoryError> {
        json::check_size(Document::Inventory, text.len(), MAX_INVENTORY_BYTES)?;
        let inventory: Inventory = json::parse_typed(Document::Inventory, text)?;
        if inventory.schema_version != 1 {
            return Err(JsonError::UnsupportedSchema {
                document: Document::Inventory,
                found: inventory.schema_version.to_string(),
            }
            .into());
        }
        inventory.check()?;
        Ok(inventory)
    }

    fn check(&self) -> Result<(), InventoryError> {
        let mut names = BTreeSet::new();
        for node in &self.nodes {
            if !names.insert(node.hostname.as_str()) {
                return Err(InventoryError::Inconsistent {
                    problem: format!("two nodes are named {}", quoted(&node.hostname)),
                });
            }
        }
        for replica in self.replicas() {
            if !names.contains(replica.node.as_str()) {
                return Err(InventoryError::Inconsistent {
                    problem: format!(
                        "replica {} runs on {}, which is not in 'nodes'",
                        quoted(&replica.id),
                        quoted(&replica.node)
                    ),
                });
            }
        }
        Ok(())
    }

    /// The MSR replicas (none when MSR is absent).
    pub fn replicas(&self) -> &[Replica] {
        self.msr.as_ref().map_or(&[], |msr| &msr.replicas)
    }

    /// The node of a hostname.
    pub fn node(&self, hostname: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.hostname == hostname)
    }

    /// The hostnames of the nodes with a role, in inventory order.
    pub fn hostnames(&self, role: Role) -> Vec<&str> {
        self.nodes
            .iter()
            .filter(|n| n.role == role)
            .map(|n| n.hostname.as_str())
            .collect()
    }

    /// The hostnames of the nodes that run a service.
    pub fn running(&self, service: Service) -> Vec<&str> {
        self.nodes
            .iter()
            .filter(|n| n.runs.contains(&service))
            .map(|n| n.hostname.as_str())
            .collect()
    }

    /// The site values the runbook's commands need.
    pub fn site(&self) -> Site {
        let msr = self.msr.as_ref();
        Site {
            mke_url: self.mke.url.clone(),
            msr_url: msr.and_then(|m| m.url.clone()),
            admin_user: self.mke.admin.clone(),
            replica_id: self.replicas().first().map(|r| r.id.clone()),
            storage: msr.and_then(|m| m.storage),
            backup_dir: self.backup_dir.clone(),
            mke_image_repo: self.mke.image_repo.clone(),
            msr_image_repo: msr.and_then(|m| m.image_repo.clone()),
            target_msr_url: None,
            insecure_tls: false,
            msr4_by_replication: false,
            nodes: Some(NodeNames {
                managers: self
                    .hostnames(Role::Manager)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                msr_nodes: self
                    .running(Service::MsrReplica)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                caches: self
                    .running(Service::MsrCache)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                workers: self
                    .nodes
                    .iter()
                    .filter(|n| n.role == Role::Worker && !n.runs.contains(&Service::MsrReplica))
                    .map(|n| n.hostname.clone())
                    .collect(),
                os: self
                    .nodes
                    .iter()
                    .filter_map(|n| Some((n.hostname.clone(), n.os?)))
                    .collect(),
            }),
            replicas: self
                .replicas()
                .iter()
                .map(|r| (r.id.clone(), r.node.clone()))
                .collect(),
            os: None,
        }
    }
}

/// How serious a preflight finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Carried into the plan as a warning.
    Warning,
    /// Blocks a plan unless accepted by name.
    Error,
}

/// One preflight finding: what is wrong is data ([`Finding::subject`]); its sentence (the
/// `Display` of the subject, [`Finding::message`], and the `message` of the JSON answer) and
/// the finding's line (its `Display`) are written by the render layer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// A stable code to accept it by (`msr-node-ram`).
    pub code: &'static str,
    /// The node it concerns, when one.
    pub node: Option<String>,
    /// What is wrong: the values it names.
    pub subject: FindingSubject,
    /// The requirement of the MSR installation guide behind it.
    pub reason: &'static str,
}

/// What a preflight [`Finding`] names: one variant per sentence, named after its code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FindingSubject {
    /// `msr-node-ram`: a node running MSR has less than 16 GB of RAM.
    MsrNodeRam {
        /// The node's memory, in GB.
        ram_gb: u32,
    },
    /// `msr-node-vcpus`: a node running MSR has fewer than 2 vCPUs.
    MsrNodeVcpus {
        /// The node's virtual CPUs.
        vcpus: u32,
    },
    /// `msr-node-disk`: a node running MSR has less than 10 GB of free disk.
    MsrNodeDisk {
        /// The node's free disk space, in GB.
        free_disk_gb: u32,
    },
    /// `msr-on-manager`: MSR runs on an MKE manager.
    MsrOnManager,
    /// `msr-node-not-worker`: MSR runs on a node MKE does not manage.
    MsrNodeNotWorker,
    /// `msr-with-mke`: MSR and MKE run on the same node.
    MsrWithMke,
    /// `hostname-not-fixed`: the node's hostname is not fixed.
    HostnameNotFixed,
    /// `ports-closed`: MSR's ports are not open inbound on the node.
    PortsClosed {
        /// The closed TCP ports, HTTP first.
        ports: Vec<u16>,
    },
    /// `replicas-even`: an even number of MSR replicas.
    ReplicasEven {
        /// The number of replicas (desired, or present).
        replicas: usize,
    },
    /// `replicas-too-few`: fewer than 3 replicas with high availability asked for.
    ReplicasTooFew {
        /// The number of replicas (desired, or present).
        replicas: usize,
    },
    /// `admins-cannot-deploy`: administrators may not deploy on manager and MSR nodes.
    AdminsCannotDeploy,
    /// `content-trust-on`: Docker Content Trust is enforced in MKE.
    ContentTrustOn,
    /// `not-measured`: the inventory does not give values a requirement is checked on (an
    /// inventory imported from a Launchpad config knows no RAM, CPUs or disk).
    NotMeasured {
        /// The inventory fields that are absent (`ram_gb`).
        fields: Vec<&'static str>,
    },
}

const REQUIREMENTS: &str =
    "MSR system requirements: 16 GB of RAM, 2 vCPUs and 10 GB of free disk on nodes running MSR";
const WORKER_ONLY: &str = "MSR and MKE must not be installed on the same node; install MSR on worker nodes managed by MKE";
const FIXED_HOSTNAME: &str = "all MSR nodes must have a fixed hostname";
const REPLICAS: &str = "for high availability, set 3 or 5 MSR replicas";
const ADMINS: &str =
    "administrators must be able to deploy containers on MKE manager nodes or nodes running MSR";
const CONTENT_TRUST: &str = "before an MSR upgrade, Docker Content Trust in MKE must be disabled";
const PORTS: &str =
    "ports 80/tcp and 443/tcp (or the configured ones) must be open inbound on MSR nodes";

/// The code of every preflight finding ([`Finding::code`]), the words `accept` takes.
pub const FINDING_CODES: [&str; 12] = [
    "msr-node-ram",
    "msr-node-vcpus",
    "msr-node-disk",
    "msr-on-manager",
    "msr-node-not-worker",
    "msr-with-mke",
    "hostname-not-fixed",
    "ports-closed",
    "replicas-even",
    "replicas-too-few",
    "admins-cannot-deploy",
    "content-trust-on",
];

/// The preflight findings of an inventory. `upgrading_msr` adds the checks that only matter
/// before an MSR upgrade (Docker Content Trust).
pub fn preflight(inventory: &Inventory, upgrading_msr: bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    for node in &inventory.nodes {
        node_findings(inventory, node, &mut findings);
    }
    cluster_findings(inventory, upgrading_msr, &mut findings);
    findings
}

fn finding(
    severity: Severity,
    code: &'static str,
    node: Option<&str>,
    subject: FindingSubject,
    reason: &'static str,
) -> Finding {
    Finding {
        severity,
        code,
        node: node.map(str::to_owned),
        subject,
        reason,
    }
}

/// The findings about one node that runs MSR (a replica or a cache).
fn node_findings(inventory: &Inventory, node: &Node, findings: &mut Vec<Finding>) {
    let runs_msr =
        node.runs.contains(&Service::MsrReplica) || node.runs.contains(&Service::MsrCache);
    if !runs_msr {
        return;
    }
    let name = Some(node.hostname.as_str());
    let mut find = |code, subject, reason| {
        findings.push(finding(Severity::Error, code, name, subject, reason));
    };
    if let Some(ram_gb) = node.ram_gb.filter(|&gb| gb < 16) {
        find(
            "msr-node-ram",
            FindingSubject::MsrNodeRam { ram_gb },
            REQUIREMENTS,
        );
    }
    if let Some(vcpus) = node.vcpus.filter(|&n| n < 2) {
        find(
            "msr-node-vcpus",
            FindingSubject::MsrNodeVcpus { vcpus },
            REQUIREMENTS,
        );
    }
    if let Some(free_disk_gb) = node.free_disk_gb.filter(|&gb| gb < 10) {
        find(
            "msr-node-disk",
            FindingSubject::MsrNodeDisk { free_disk_gb },
            REQUIREMENTS,
        );
    }
    match node.role {
        Role::Manager => find("msr-on-manager", FindingSubject::MsrOnManager, WORKER_ONLY),
        Role::None => find(
            "msr-node-not-worker",
            FindingSubject::MsrNodeNotWorker,
            WORKER_ONLY,
        ),
        Role::Worker => {}
    }
    if node.runs.contains(&Service::Mke) {
        find("msr-with-mke", FindingSubject::MsrWithMke, WORKER_ONLY);
    }
    if node.fixed_hostname == Some(false) {
        find(
            "hostname-not-fixed",
            FindingSubject::HostnameNotFixed,
            FIXED_HOSTNAME,
        );
    }
    if let Some(open) = &node.open_ports {
        let msr = inventory.msr.as_ref();
        let ports = [
            msr.and_then(|m| m.http_port).unwrap_or(80),
            msr.and_then(|m| m.https_port).unwrap_or(443),
        ];
        let closed: Vec<u16> = ports.into_iter().filter(|p| !open.contains(p)).collect();
        if !closed.is_empty() {
            find(
                "ports-closed",
                FindingSubject::PortsClosed { ports: closed },
                PORTS,
            );
        }
    }
    let unknown: Vec<&'static str> = [
        ("ram_gb", node.ram_gb.is_none()),
        ("vcpus", node.vcpus.is_none()),
        ("free_disk_gb", node.free_disk_gb.is_none()),
        ("fixed_hostname", node.fixed_hostname.is_none()),
    ]
    .into_iter()
    .filter_map(|(field, missing)| missing.then_some(field))
    .collect();
    if !unknown.is_empty() {
        findings.push(finding(
            Severity::Warning,
            "not-measured",
            name,
            FindingSubject::NotMeasured { fields: unknown },
            REQUIREMENTS,
        ));
    }
}

/// The findings about the cluster as a whole.
fn cluster_findings(inventory: &Inventory, upgrading_msr: bool, findings: &mut Vec<Finding>) {
    let msr = inventory.msr.as_ref();
    let replicas = inventory.replicas().len();
    let wanted = msr
        .and_then(|m| m.desired_replicas)
        .map_or(replicas, |n| n as usize);
    if wanted > 0 && wanted % 2 == 0 {
        findings.push(finding(
            Severity::Warning,
            "replicas-even",
            None,
            FindingSubject::ReplicasEven { replicas: wanted },
            REPLICAS,
        ));
    }
    if msr.is_some_and(|m| m.high_availability) && wanted < 3 {
        findings.push(finding(
            Severity::Warning,
            "replicas-too-few",
            None,
            FindingSubject::ReplicasTooFew { replicas: wanted },
            REPLICAS,
        ));
    }
    let admins = inventory.mke.admins_can_deploy_on_managers_and_msr_nodes;
    if msr.is_some() && admins == Some(false) {
        findings.push(finding(
            Severity::Error,
            "admins-cannot-deploy",
            None,
            FindingSubject::AdminsCannotDeploy,
            ADMINS,
        ));
    }
    if msr.is_some() && admins.is_none() {
        findings.push(finding(
            Severity::Warning,
            "not-measured",
            None,
            FindingSubject::NotMeasured {
                fields: vec!["admins_can_deploy_on_managers_and_msr_nodes"],
            },
            ADMINS,
        ));
    }
    if upgrading_msr && inventory.mke.content_trust == Some(true) {
        findings.push(finding(
            Severity::Error,
            "content-trust-on",
            None,
            FindingSubject::ContentTrustOn,
            CONTENT_TRUST,
        ));
    }
    if upgrading_msr && inventory.mke.content_trust.is_none() {
        findings.push(finding(
            Severity::Warning,
            "not-measured",
            None,
            FindingSubject::NotMeasured {
                fields: vec!["content_trust"],
            },
            CONTENT_TRUST,
        ));
    }
}
