//! The site values that fill the commands' placeholders: given by the request, or read from
//! the inventory.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::version::UnknownWord;

/// Site-specific values that commands need. Each absent value is written as a placeholder
/// (`<mke-url>`) that the operator must replace.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Site {
    /// The MKE URL with host and port (`mke.example.com:443`); placeholder `<mke-url>`.
    pub mke_url: Option<String>,
    /// The MSR external URL (`msr.example.com`); placeholder `<msr-url>`.
    pub msr_url: Option<String>,
    /// The URL of the new MSR a migration copies into; placeholder `<target-msr-url>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_msr_url: Option<String>,
    /// The MKE administrator user name; placeholder `<mke-admin>`.
    pub admin_user: Option<String>,
    /// The id of a healthy MSR replica; placeholder `<replica-id>`.
    pub replica_id: Option<String>,
    /// Where MSR stores images; `None` gives the commands for both local and NFS storage.
    pub storage: Option<StorageBackend>,
    /// Where backups are written; placeholder `<backup-dir>`.
    pub backup_dir: Option<String>,
    /// The nodes by group; without them, steps describe the nodes ("each MKE manager").
    pub nodes: Option<NodeNames>,
    /// Every MSR replica, as (replica id, node).
    pub replicas: Vec<(String, String)>,
    /// The operating system of the nodes the inventory does not name one for (`--os`);
    /// without it and the inventory's, an MCR hop gives each family's commands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<OsFamily>,
    /// The site's own registry that MKE's images are pulled from (Launchpad's
    /// `spec.mke.imageRepo`, `registry.example.com/mirantis`): an MKE 3 hop pulls each image
    /// from it and tags it with the name MKE runs it by. Docker Hub's `mirantis` and `docker`
    /// are not a registry of the site's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mke_image_repo: Option<String>,
    /// The same for MSR 2's images (Launchpad's `spec.msr.imageRepo`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msr_image_repo: Option<String>,
    /// The registries' certificates are not trusted (self-signed): the migration tools get
    /// their insecure-TLS flags (`--source-insecure-tls`). Off by default: TLS is verified.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub insecure_tls: bool,
    /// Migrate to MSR 4 by image replication only instead of the vendor's migration tool
    /// (users, teams, permissions and mirroring policies then stay behind).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub msr4_by_replication: bool,
}

impl Site {
    /// These values, each one left empty taken from `other`.
    pub(crate) fn filled_from(mut self, other: Site) -> Site {
        self.mke_url = self.mke_url.or(other.mke_url);
        self.msr_url = self.msr_url.or(other.msr_url);
        self.target_msr_url = self.target_msr_url.or(other.target_msr_url);
        self.admin_user = self.admin_user.or(other.admin_user);
        self.replica_id = self.replica_id.or(other.replica_id);
        self.storage = self.storage.or(other.storage);
        self.backup_dir = self.backup_dir.or(other.backup_dir);
        self.mke_image_repo = self.mke_image_repo.or(other.mke_image_repo);
        self.msr_image_repo = self.msr_image_repo.or(other.msr_image_repo);
        self.os = self.os.or(other.os);
        self.insecure_tls |= other.insecure_tls;
        self.msr4_by_replication |= other.msr4_by_replication;
        self.nodes = self.nodes.or(other.nodes);
        if self.replicas.is_empty() {
            self.replicas = other.replicas;
        }
        self
    }
}

impl Site {
    /// The first value the runbook would write into a command that a shell would not read
    /// as one plain word, with its field: the commands carry site values as they are, so a
    /// space, a quote or a `;` in one would break the command or run something else.
    pub(crate) fn unsafe_value(&self) -> Option<(&'static str, &str)> {
        let single = [
            ("mke_url", &self.mke_url),
            ("msr_url", &self.msr_url),
            ("target_msr_url", &self.target_msr_url),
            ("admin_user", &self.admin_user),
            ("replica_id", &self.replica_id),
            ("backup_dir", &self.backup_dir),
            ("mke_image_repo", &self.mke_image_repo),
            ("msr_image_repo", &self.msr_image_repo),
        ];
        let nodes = self
            .nodes
            .iter()
            .flat_map(|nodes| nodes.every_node().map(|name| ("nodes", name)));
        let replicas = self
            .replicas
            .iter()
            .flat_map(|(id, node)| [("replicas", id.as_str()), ("replicas", node.as_str())]);
        single
            .into_iter()
            .filter_map(|(field, value)| Some((field, value.as_deref()?)))
            .chain(nodes)
            .chain(replicas)
            .find(|(_, value)| !is_plain_word(value))
    }
}

/// Whether a shell reads `value` as one word, as it is: not empty, and only letters, digits
/// and the characters of URLs, paths and user names that no shell treats specially
/// (`. - _ : / @ + = , ~ %`, and `[ ]` of an IPv6 address).
pub(crate) fn is_plain_word(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || ".-_:/@+=,~%[]".contains(c))
}

/// The names of the nodes by group, for steps that go node by node.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct NodeNames {
    /// The MKE managers.
    pub managers: Vec<String>,
    /// The nodes with an MSR replica.
    pub msr_nodes: Vec<String>,
    /// The nodes with an MSR cache.
    pub caches: Vec<String>,
    /// The other workers.
    pub workers: Vec<String>,
    /// The operating system of each node the inventory gives one for, by hostname.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub os: BTreeMap<String, OsFamily>,
}

impl NodeNames {
    /// Every node's name, group by group: managers, MSR nodes, caches, other workers.
    pub(crate) fn every_node(&self) -> impl Iterator<Item = &str> {
        [&self.managers, &self.msr_nodes, &self.caches, &self.workers]
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

/// Where MSR stores image layers, which decides how the image storage is backed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StorageBackend {
    /// A local filesystem volume on the replica (`dtr-registry-<replica-id>`).
    Local,
    /// An NFS store (`dtr-registry-nfs-<replica-id>`).
    Nfs,
    /// S3 or another object store: backed up with the store's own tools.
    Object,
}

impl StorageBackend {
    /// Every backend, in the order the command line lists them.
    pub const ALL: [StorageBackend; 3] = [
        StorageBackend::Local,
        StorageBackend::Nfs,
        StorageBackend::Object,
    ];

    /// The name as written on the command line and in JSON (`nfs`).
    pub fn as_str(self) -> &'static str {
        match self {
            StorageBackend::Local => "local",
            StorageBackend::Nfs => "nfs",
            StorageBackend::Object => "object",
        }
    }
}

impl fmt::Display for StorageBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StorageBackend {
    type Err = UnknownWord;

    /// Parses `local`, `nfs` or `object` (exactly, lowercase), as
    /// [`StorageBackend::as_str`] writes them.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        UnknownWord::find(
            "storage backend",
            text,
            &StorageBackend::ALL,
            StorageBackend::as_str,
        )
    }
}

/// The operating system of a node, which decides how its MCR packages are installed: the
/// Linux families that MCR and launchpad support, and Windows (workers only).
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
pub enum OsFamily {
    /// Ubuntu (apt).
    Ubuntu,
    /// Red Hat Enterprise Linux (yum/dnf).
    Rhel,
    /// CentOS (yum/dnf).
    Centos,
    /// Rocky Linux (yum/dnf).
    Rocky,
    /// Oracle Linux (yum/dnf).
    Oracle,
    /// SUSE Linux Enterprise Server (zypper).
    Sles,
    /// Windows Server (Mirantis's `install.ps1`).
    Windows,
}

impl OsFamily {
    /// Every operating system, in the order the command line lists them.
    pub const ALL: [OsFamily; 7] = [
        OsFamily::Ubuntu,
        OsFamily::Rhel,
        OsFamily::Centos,
        OsFamily::Rocky,
        OsFamily::Oracle,
        OsFamily::Sles,
        OsFamily::Windows,
    ];

    /// The name as written on the command line and in JSON (`sles`).
    pub fn as_str(self) -> &'static str {
        match self {
            OsFamily::Ubuntu => "ubuntu",
            OsFamily::Rhel => "rhel",
            OsFamily::Centos => "centos",
            OsFamily::Rocky => "rocky",
            OsFamily::Oracle => "oracle",
            OsFamily::Sles => "sles",
            OsFamily::Windows => "windows",
        }
    }
}

impl fmt::Display for OsFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OsFamily {
    type Err = UnknownWord;

    /// Parses one of the seven words [`OsFamily::as_str`] writes (exactly, lowercase).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        UnknownWord::find("operating system", text, &OsFamily::ALL, OsFamily::as_str)
    }
}
