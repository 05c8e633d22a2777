//! Launchpad's cluster config (`launchpad.yaml`, <https://github.com/Mirantis/launchpad>): the
//! hosts, their roles and the MCR, MKE and MSR versions it holds, read into the crate's
//! [`Inventory`] and installed versions; and the same text with only its version keys set to
//! another state, comments and everything else kept.
//!
//! Every API version Launchpad's own migrations accept is read
//! (`pkg/config/migration/*` at Launchpad commit `4f64206`): `launchpad.mirantis.com/v1beta1`
//! to `v1` (`engine`, `ucp`, `dtr`, role `dtr`, the host `address` at the top level) and
//! `launchpad.mirantis.com/mke/v1.1` to `v1.6` (`mcr` from v1.2, `ssh.address` from v1.3, the
//! MCR version in `mcr.channel` from v1.6: `stable-25.0.14`). A version written as a YAML
//! number (`version: 25.0`) is read as written. Fields the crate does not use are ignored,
//! never refused.
//!
//! The library parses the text it is given; reading the file is the caller's job (the
//! command line's `planner import launchpad FILE` and `plan --launchpad FILE`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::inventory::{
    Inventory, MkeInventory, MsrInventory, Node, OsFamily, Role, Service, StorageBackend,
};
use crate::request::LaunchpadExecutor;
use crate::table::RuleId;
use crate::version::{Product, Version, quoted};
use crate::yaml::{Yaml, YamlError};

mod edit;

/// The largest Launchpad config the reader accepts (as for an inventory).
pub const MAX_LAUNCHPAD_BYTES: usize = 4 * 1024 * 1024;

/// The `apiVersion` of a Launchpad config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `launchpad.mirantis.com/v1beta1`.
    V1Beta1,
    /// `launchpad.mirantis.com/v1beta2`.
    V1Beta2,
    /// `launchpad.mirantis.com/v1beta3`.
    V1Beta3,
    /// `launchpad.mirantis.com/v1` (kind `DockerEnterprise`).
    V1,
    /// `launchpad.mirantis.com/mke/v1.1`.
    Mke11,
    /// `launchpad.mirantis.com/mke/v1.2`.
    Mke12,
    /// `launchpad.mirantis.com/mke/v1.3`.
    Mke13,
    /// `launchpad.mirantis.com/mke/v1.4`.
    Mke14,
    /// `launchpad.mirantis.com/mke/v1.5`.
    Mke15,
    /// `launchpad.mirantis.com/mke/v1.6`.
    Mke16,
}

impl ApiVersion {
    /// Every API version, oldest first.
    pub const ALL: [ApiVersion; 10] = [
        ApiVersion::V1Beta1,
        ApiVersion::V1Beta2,
        ApiVersion::V1Beta3,
        ApiVersion::V1,
        ApiVersion::Mke11,
        ApiVersion::Mke12,
        ApiVersion::Mke13,
        ApiVersion::Mke14,
        ApiVersion::Mke15,
        ApiVersion::Mke16,
    ];

    /// The `apiVersion` as written.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1Beta1 => "launchpad.mirantis.com/v1beta1",
            ApiVersion::V1Beta2 => "launchpad.mirantis.com/v1beta2",
            ApiVersion::V1Beta3 => "launchpad.mirantis.com/v1beta3",
            ApiVersion::V1 => "launchpad.mirantis.com/v1",
            ApiVersion::Mke11 => "launchpad.mirantis.com/mke/v1.1",
            ApiVersion::Mke12 => "launchpad.mirantis.com/mke/v1.2",
            ApiVersion::Mke13 => "launchpad.mirantis.com/mke/v1.3",
            ApiVersion::Mke14 => "launchpad.mirantis.com/mke/v1.4",
            ApiVersion::Mke15 => "launchpad.mirantis.com/mke/v1.5",
            ApiVersion::Mke16 => "launchpad.mirantis.com/mke/v1.6",
        }
    }

    /// The `spec` section and key that hold a product's version (`mcr`, `channel`).
    pub fn version_key(self, product: Product) -> (&'static str, &'static str) {
        let before_mke = self <= ApiVersion::V1;
        match product {
            Product::Mcr if self <= ApiVersion::Mke11 => ("engine", "version"),
            Product::Mcr if self >= ApiVersion::Mke16 => ("mcr", "channel"),
            Product::Mcr => ("mcr", "version"),
            Product::Mke if before_mke => ("ucp", "version"),
            Product::Mke => ("mke", "version"),
            Product::Msr if before_mke => ("dtr", "version"),
            Product::Msr => ("msr", "version"),
        }
    }

    /// The path of a product's version key (`spec.mcr.channel`).
    pub fn version_path(self, product: Product) -> String {
        let (section, key) = self.version_key(product);
        format!("spec.{section}.{key}")
    }

    /// Whether the MCR version is written in the channel (`stable-25.0.14`).
    fn channel_holds_mcr(self) -> bool {
        self >= ApiVersion::Mke16
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The role of a Launchpad host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum HostRole {
    /// `manager`: an MKE manager.
    Manager,
    /// `worker`: an MKE worker.
    Worker,
    /// `msr` (`dtr` before v1.1): a worker that runs an MSR replica.
    Msr,
}

/// How Launchpad reaches a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Connection {
    /// SSH (`ssh:`, or the host's own `address` before v1.3).
    Ssh,
    /// `WinRM` (`winRM:`): a Windows host.
    WinRm,
    /// The machine Launchpad runs on (`localhost`).
    Localhost,
}

/// One host of a Launchpad config.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LaunchpadHost {
    /// The node name in the inventory: the address, or `address:port` when hosts share an
    /// address.
    pub name: String,
    /// The address Launchpad connects to.
    pub address: String,
    /// The host's role.
    pub role: HostRole,
    /// How Launchpad reaches it.
    pub connection: Connection,
    /// The SSH or `WinRM` port, as written.
    pub port: Option<String>,
    /// The SSH or `WinRM` user, as written.
    pub user: Option<String>,
    /// The SSH key, as written.
    pub key_path: Option<String>,
}

/// A version key as the config writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// An exact version (`3.8.6`, or the version in `stable-25.0.14`).
    Exact(Version),
    /// Something else: a line (`25.0`), a channel without a version (`stable`), an
    /// environment variable Launchpad expands (`$MKE_VERSION`).
    Inexact(String),
    /// No such key.
    Missing,
}

/// An error from reading a Launchpad config, or from writing versions into it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LaunchpadError {
    /// The text is larger than [`MAX_LAUNCHPAD_BYTES`].
    #[error("the config is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// The size given.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The values, with their environment variables expanded, come to more than
    /// [`MAX_LAUNCHPAD_BYTES`].
    #[error(
        "the config's values come to {size} bytes with their environment variables expanded; the limit is {limit} bytes"
    )]
    ExpandedTooLarge {
        /// The size they reached.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The text is not YAML, or too deep, or an alias bomb.
    #[error(transparent)]
    Yaml(#[from] YamlError),
    /// A field the crate reads has a value it cannot use.
    #[error("line {line}: {path}: {problem}")]
    Field {
        /// The field's path (`spec.hosts[2].role`).
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong, naming the value.
        problem: String,
    },
    /// A product's version is not exact: a line, a channel, a variable, or missing.
    #[error("{}", inexact(*.product, .path, *.line, .found.as_deref(), .needed))]
    Inexact {
        /// The product.
        product: Product,
        /// The key's path (`spec.mcr.channel`).
        path: String,
        /// Its line, when the key is there.
        line: Option<usize>,
        /// What the key holds; `None` when it is missing.
        found: Option<String>,
        /// Every product whose version `--from` must give (this one first).
        needed: Vec<Product>,
    },
    /// A version cannot be written where the config keeps it.
    #[error("{path}: cannot set the version here: {reason}")]
    NotWritable {
        /// The key's path.
        path: String,
        /// Why (a flow mapping, a block scalar).
        reason: String,
    },
}

fn inexact(
    product: Product,
    path: &str,
    line: Option<usize>,
    found: Option<&str>,
    needed: &[Product],
) -> String {
    let at = line
        .map(|line| format!("line {line}: "))
        .unwrap_or_default();
    let pass: Vec<String> = needed.iter().map(|p| format!("{p}=VERSION")).collect();
    let pass = pass.join(",");
    match found {
        Some(found) => format!(
            "{at}{path} is {}, not an exact {product} version: pass --from {pass}",
            quoted(found)
        ),
        None => format!("{at}{path} is missing: pass --from {pass}"),
    }
}

/// A Launchpad config: its text, and what the crate reads from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchpadConfig {
    text: String,
    yaml: Yaml,
    api: ApiVersion,
    spec: Option<usize>,
    hosts: Vec<LaunchpadHost>,
}

impl LaunchpadConfig {
    /// Reads a Launchpad config.
    ///
    /// # Errors
    ///
    /// - [`LaunchpadError::TooLarge`] for text over [`MAX_LAUNCHPAD_BYTES`];
    /// - [`LaunchpadError::Yaml`] for malformed YAML, two documents, nesting over
    ///   [`crate::yaml::MAX_YAML_DEPTH`] or an alias bomb;
    /// - [`LaunchpadError::Field`] for an unknown `apiVersion`, a host without an address,
    ///   an unknown role (`role: foobar`), or two hosts at one address and port.
    pub fn parse(text: &str) -> Result<LaunchpadConfig, LaunchpadError> {
        LaunchpadConfig::parse_with_environment(text, &|_| None)
    }

    /// Reads a Launchpad config as Launchpad loads it: each environment variable in its
    /// values (`$MKE_VERSION`, `${MSR_HOST}`, `${NAME:-default}`) replaced by `lookup(name)`
    /// (the command line passes the process environment; the library reads none). A
    /// variable `lookup` does not know stays as written, and is then refused where it is
    /// used (a version is not exact; a site value is not one word). The text is kept as
    /// written: `--format launchpad` edits it, variables and all.
    ///
    /// # Errors
    ///
    /// As [`LaunchpadConfig::parse`], and [`LaunchpadError::ExpandedTooLarge`] when the
    /// values, once expanded, pass [`MAX_LAUNCHPAD_BYTES`].
    pub fn parse_with_environment(
        text: &str,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<LaunchpadConfig, LaunchpadError> {
        if text.len() > MAX_LAUNCHPAD_BYTES {
            return Err(LaunchpadError::TooLarge {
                size: text.len(),
                limit: MAX_LAUNCHPAD_BYTES,
            });
        }
        let mut yaml = Yaml::parse(text)?;
        yaml.expand_variables(lookup, MAX_LAUNCHPAD_BYTES)
            .map_err(|size| LaunchpadError::ExpandedTooLarge {
                size,
                limit: MAX_LAUNCHPAD_BYTES,
            })?;
        let root = yaml.root();
        if !yaml.is_mapping(root) {
            return Err(field(
                &yaml,
                root,
                "",
                "the config is not a YAML mapping".to_owned(),
            ));
        }
        let api = match yaml.get(root, "apiVersion") {
            None => return Err(field(&yaml, root, "apiVersion", "missing".to_owned())),
            Some(node) => {
                let text = yaml.scalar(node).unwrap_or_default();
                ApiVersion::ALL
                    .into_iter()
                    .find(|api| api.as_str() == text)
                    .ok_or_else(|| {
                        let known: Vec<&str> =
                            ApiVersion::ALL.iter().map(|api| api.as_str()).collect();
                        field(
                            &yaml,
                            node,
                            "apiVersion",
                            format!(
                                "{} is not one Launchpad reads; expected one of {}",
                                quoted(text),
                                known.join(", ")
                            ),
                        )
                    })?
            }
        };
        let spec = yaml.get(root, "spec").filter(|&spec| yaml.is_mapping(spec));
        let hosts = match spec.and_then(|spec| yaml.get(spec, "hosts")) {
            Some(hosts) => read_hosts(&yaml, api, hosts)?,
            None => Vec::new(),
        };
        Ok(LaunchpadConfig {
            text: text.to_owned(),
            yaml,
            api,
            spec,
            hosts,
        })
    }

    /// The config's API version.
    pub fn api_version(&self) -> ApiVersion {
        self.api
    }

    /// The text the config was read from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The hosts, in the config's order.
    pub fn hosts(&self) -> &[LaunchpadHost] {
        &self.hosts
    }

    /// Whether MSR is part of the cluster: some host has the `msr` (or `dtr`) role. Launchpad
    /// ignores `spec.msr` without such a host (`pkg/product/mke/config/cluster_spec.go`).
    pub fn has_msr(&self) -> bool {
        self.hosts.iter().any(|host| host.role == HostRole::Msr)
    }

    /// The products the cluster runs: MCR and MKE, and MSR when a host runs it.
    pub fn products(&self) -> Vec<Product> {
        let mut products = vec![Product::Mcr, Product::Mke];
        if self.has_msr() {
            products.push(Product::Msr);
        }
        products
    }

    /// The value node of a product's version key, and the mapping it is (or belongs) in.
    fn version_node(&self, product: Product) -> (Option<usize>, Option<usize>) {
        let (section, key) = self.api.version_key(product);
        let section = self.spec.and_then(|spec| self.yaml.get(spec, section));
        let value = section
            .filter(|&s| self.yaml.is_mapping(s))
            .and_then(|s| self.yaml.get(s, key));
        (value, section)
    }

    /// How the config writes a product's version.
    pub fn written(&self, product: Product) -> Written {
        let Some(node) = self.version_node(product).0 else {
            return Written::Missing;
        };
        let Some(text) = self.yaml.scalar(node) else {
            return Written::Inexact(String::new());
        };
        let exact = if product == Product::Mcr && self.api.channel_holds_mcr() {
            text.split_once('-')
                .and_then(|(_, version)| Version::parse(version).ok())
        } else {
            Version::parse(text).ok()
        };
        exact.map_or_else(|| Written::Inexact(text.to_owned()), Written::Exact)
    }

    /// The installed versions: the config's, with `overrides` (`--from`) taking precedence
    /// and filling what the config does not give exactly.
    ///
    /// # Errors
    ///
    /// [`LaunchpadError::Inexact`] for a product of the cluster whose version the config does
    /// not give exactly (`channel: stable`, `version: 25.0`, `version: $MKE_VERSION`, no
    /// key) and `overrides` does not give either; the message says to pass `--from`.
    pub fn installed(
        &self,
        overrides: &BTreeMap<Product, Version>,
    ) -> Result<BTreeMap<Product, Version>, LaunchpadError> {
        let mut state = BTreeMap::new();
        let mut first: Option<LaunchpadError> = None;
        let mut needed = Vec::new();
        for product in self.products() {
            if let Some(version) = overrides.get(&product) {
                state.insert(product, version.clone());
                continue;
            }
            let node = self.version_node(product).0;
            let line = node.and_then(|n| self.yaml.written(n)).map(|n| n.line);
            let path = self.api.version_path(product);
            let found = match self.written(product) {
                Written::Exact(version) => {
                    state.insert(product, version);
                    continue;
                }
                Written::Inexact(found) => Some(found),
                Written::Missing => None,
            };
            needed.push(product);
            first.get_or_insert(LaunchpadError::Inexact {
                product,
                path,
                line: found.as_ref().and(line),
                found,
                needed: Vec::new(),
            });
        }
        if let Some(mut error) = first {
            if let LaunchpadError::Inexact { needed: all, .. } = &mut error {
                *all = needed;
            }
            return Err(error);
        }
        for (product, version) in overrides {
            state.entry(*product).or_insert_with(|| version.clone());
        }
        Ok(state)
    }

    /// The inventory of the cluster the config describes, with `installed` recorded.
    ///
    /// Each host becomes a node named by its address (`address:port` where hosts share an
    /// address), with its role: a `msr` host is a worker that runs an MSR replica. The MKE
    /// URL and the MSR URL are the ones Launchpad itself derives
    /// (`ClusterSpec.MKEURL` and `MSRURL` in `pkg/product/mke/config/cluster_spec.go`): MSR's
    /// `--ucp-url`, else MKE's `--san` (with `--controller-port`), else the first manager;
    /// MSR's `--dtr-external-url`, else the first MSR host (with `--replica-https-port`). The
    /// admin is `mke.adminUsername` or an `--admin-username` flag. What the config cannot
    /// tell (memory, CPUs, disk, replica ids, Docker Content Trust) stays absent.
    pub fn inventory(&self, installed: &BTreeMap<Product, Version>) -> Inventory {
        let nodes = self
            .hosts
            .iter()
            .map(|host| {
                let (role, runs) = match host.role {
                    HostRole::Manager => (Role::Manager, BTreeSet::from([Service::Mke])),
                    HostRole::Worker => (Role::Worker, BTreeSet::new()),
                    HostRole::Msr => (Role::Worker, BTreeSet::from([Service::MsrReplica])),
                };
                Node {
                    hostname: host.name.clone(),
                    address: Some(host.address.clone()),
                    role,
                    ram_gb: None,
                    vcpus: None,
                    free_disk_gb: None,
                    fixed_hostname: None,
                    runs,
                    open_ports: None,
                    // A WinRM host is Windows; Launchpad learns the others' systems over SSH.
                    os: (host.connection == Connection::WinRm).then_some(OsFamily::Windows),
                }
            })
            .collect();
        let msr_hosts = self
            .hosts
            .iter()
            .filter(|host| host.role == HostRole::Msr)
            .count();
        let msr = self.has_msr().then(|| {
            let flag = |name| self.flag(Product::Msr, "installFlags", name);
            MsrInventory {
                url: self.msr_url(),
                replicas: Vec::new(),
                desired_replicas: u32::try_from(msr_hosts).ok(),
                high_availability: false,
                storage: flag("--nfs-storage-url").map(|_| StorageBackend::Nfs),
                http_port: flag("--replica-http-port").and_then(|p| p.parse().ok()),
                https_port: flag("--replica-https-port").and_then(|p| p.parse().ok()),
                image_repo: self.string(Product::Msr, "imageRepo"),
            }
        });
        Inventory {
            schema_version: 1,
            installed: installed.clone(),
            nodes,
            mke: MkeInventory {
                url: self.mke_url(),
                admin: self.admin(),
                admins_can_deploy_on_managers_and_msr_nodes: None,
                content_trust: None,
                image_repo: self.string(Product::Mke, "imageRepo"),
            },
            msr,
            facts: BTreeMap::new(),
            offline: false,
            backup_dir: None,
        }
    }

    /// A string field of a product's section (`spec.mke.imageRepo`).
    fn string(&self, product: Product, key: &str) -> Option<String> {
        let section = self.version_node(product).1?;
        let value = self.yaml.get(section, key)?;
        self.yaml.scalar(value).map(str::to_owned)
    }

    /// The value of a flag in a product's flag list (`--san`), read as Launchpad's
    /// `Flags.GetValue` does (`pkg/product/common/config/flags.go`): `--flag=value` or
    /// `--flag value`, one pair of quotes removed.
    fn flag(&self, product: Product, list: &str, name: &str) -> Option<String> {
        let section = self.version_node(product).1?;
        let flags = self.yaml.items(self.yaml.get(section, list)?)?;
        flags.iter().find_map(|&item| {
            let text = self.yaml.scalar(item)?;
            let rest = text.strip_prefix(name)?;
            let value = rest.strip_prefix(['=', ' '])?;
            let value = value.trim();
            let unquoted = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            Some(unquoted.to_owned())
        })
    }

    /// The MKE URL as Launchpad derives it, as `host[:port]`.
    pub fn mke_url(&self) -> Option<String> {
        if let Some(url) = self.flag(Product::Msr, "installFlags", "--ucp-url") {
            return Some(host_and_port(&url));
        }
        let address = self
            .flag(Product::Mke, "installFlags", "--san")
            .or_else(|| {
                self.hosts
                    .iter()
                    .find(|host| host.role == HostRole::Manager)
                    .map(|host| host.address.clone())
            })?;
        Some(
            match self.flag(Product::Mke, "installFlags", "--controller-port") {
                Some(port) => format!("{address}:{port}"),
                None => address,
            },
        )
    }

    /// The MSR URL as Launchpad derives it, as `host[:port]`; `None` without MSR.
    pub fn msr_url(&self) -> Option<String> {
        if !self.has_msr() {
            return None;
        }
        if let Some(url) = self.flag(Product::Msr, "installFlags", "--dtr-external-url") {
            return Some(host_and_port(&url));
        }
        let address = self
            .hosts
            .iter()
            .find(|host| host.role == HostRole::Msr)
            .map(|host| host.address.clone())?;
        Some(
            match self.flag(Product::Msr, "installFlags", "--replica-https-port") {
                Some(port) => format!("{address}:{port}"),
                None => address,
            },
        )
    }

    /// The MKE administrator: `mke.adminUsername`, else an `--admin-username` install or
    /// upgrade flag (as `pkg/product/mke/config/mke_config.go` reads them), else MSR's
    /// `--ucp-username` (v1, `pkg/config/migration/v1/v1.go`).
    pub fn admin(&self) -> Option<String> {
        self.string(Product::Mke, "adminUsername")
            .or_else(|| self.flag(Product::Mke, "installFlags", "--admin-username"))
            .or_else(|| self.flag(Product::Mke, "upgradeFlags", "--admin-username"))
            .or_else(|| self.flag(Product::Msr, "installFlags", "--ucp-username"))
    }

    /// The config's text with every product's version key set to `state`'s version (see
    /// the module `edit`): only those keys change, and a key that already holds the version
    /// is left byte for byte.
    ///
    /// # Errors
    ///
    /// [`LaunchpadError::NotWritable`] where a key cannot be written in place: the value is a
    /// block scalar, or the key is missing from a flow mapping (`mcr: {channel: stable}`),
    /// or the config has no `spec` mapping.
    pub fn with_versions(
        &self,
        state: &BTreeMap<Product, Version>,
    ) -> Result<String, LaunchpadError> {
        edit::with_versions(self, state)
    }

    /// The executor that makes Launchpad's `apply` perform the hops it can
    /// (`--executor launchpad`), with this config named `name` in its commands.
    pub fn executor(&self, name: String) -> LaunchpadExecutor {
        let keys = Product::ALL
            .into_iter()
            .map(|product| (product, self.api.version_path(product)))
            .collect();
        let channel = self.api.channel_holds_mcr().then(|| {
            let current = self
                .version_node(Product::Mcr)
                .0
                .and_then(|n| self.yaml.scalar(n));
            current
                .map(|c| c.split_once('-').map_or(c, |(name, _)| name))
                .filter(|name| !name.is_empty())
                .unwrap_or("stable")
                .to_owned()
        });
        LaunchpadExecutor::new(name, keys, channel)
    }

    /// The hosts file `mkectl upgrade --hosts-path` reads, from the config's hosts: one entry
    /// per SSH host with its `address`, `port`, `user` and `keyPath` (the format of
    /// <https://docs.mirantis.com/mke-docs/docs/migrate-from-mke-3/>). Windows hosts, which
    /// MKE 4 does not run on, are left out with a comment; the machine Launchpad runs on is
    /// written as `127.0.0.1`.
    pub fn mkectl_hosts(&self) -> String {
        let mut out = String::from("hosts:\n");
        for host in &self.hosts {
            // Writing to a `String` cannot fail.
            let _ = mkectl_host(&mut out, host);
        }
        out
    }
}

/// One host of the `mkectl` hosts file.
fn mkectl_host(out: &mut String, host: &LaunchpadHost) -> fmt::Result {
    use fmt::Write as _;
    if host.connection == Connection::WinRm {
        return writeln!(
            out,
            "  # {} (Windows, WinRM) is left out: MKE 4 runs on Linux nodes only",
            host.address
        );
    }
    let address = match host.connection {
        Connection::Localhost => "127.0.0.1",
        _ => host.address.as_str(),
    };
    writeln!(out, "  - address: {}", yaml_string(address))?;
    writeln!(out, "    port: {}", host.port.as_deref().unwrap_or("22"))?;
    if let Some(user) = &host.user {
        writeln!(out, "    user: {}", yaml_string(user))?;
    }
    if let Some(key) = &host.key_path {
        writeln!(out, "    keyPath: {}", yaml_string(key))?;
    }
    Ok(())
}

/// A string as a YAML double-quoted scalar.
pub(crate) fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                use fmt::Write as _;
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `https://msr.example.com:8443/` as `msr.example.com:8443`.
fn host_and_port(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

fn field(yaml: &Yaml, node: usize, path: &str, problem: String) -> LaunchpadError {
    LaunchpadError::Field {
        path: path.to_owned(),
        line: yaml.written(node).map_or(1, |n| n.line),
        problem,
    }
}

/// Reads `spec.hosts`.
fn read_hosts(
    yaml: &Yaml,
    api: ApiVersion,
    hosts: usize,
) -> Result<Vec<LaunchpadHost>, LaunchpadError> {
    let Some(items) = yaml.items(hosts) else {
        return Err(field(yaml, hosts, "spec.hosts", "not a list".to_owned()));
    };
    let mut read = Vec::with_capacity(items.len());
    for (index, &host) in items.iter().enumerate() {
        let path = format!("spec.hosts[{index}]");
        read.push(read_host(yaml, api, host, &path)?);
    }
    name_hosts(yaml, items, &mut read)?;
    Ok(read)
}

fn read_host(
    yaml: &Yaml,
    api: ApiVersion,
    host: usize,
    path: &str,
) -> Result<LaunchpadHost, LaunchpadError> {
    if !yaml.is_mapping(host) {
        return Err(field(yaml, host, path, "not a mapping".to_owned()));
    }
    let text = |map: Option<usize>, key: &str| {
        map.and_then(|m| yaml.get(m, key))
            .and_then(|v| yaml.scalar(v))
            .map(str::to_owned)
    };
    let role = match yaml.get(host, "role") {
        None => {
            return Err(field(
                yaml,
                host,
                &format!("{path}.role"),
                "missing".to_owned(),
            ));
        }
        Some(node) => match yaml.scalar(node).unwrap_or_default() {
            "manager" => HostRole::Manager,
            "worker" => HostRole::Worker,
            "msr" | "dtr" => HostRole::Msr,
            other => {
                return Err(field(
                    yaml,
                    node,
                    &format!("{path}.role"),
                    format!("{} is not manager, worker or msr", quoted(other)),
                ));
            }
        },
    };
    let ssh = yaml.get(host, "ssh").filter(|&n| yaml.is_mapping(n));
    let winrm = yaml.get(host, "winRM").filter(|&n| yaml.is_mapping(n));
    // v1.2 and before: `localhost: true`; from v1.3: `localhost: {enabled: true}`.
    let localhost = yaml.get(host, "localhost").is_some_and(|node| {
        let flag = if yaml.is_mapping(node) {
            yaml.get(node, "enabled").and_then(|n| yaml.scalar(n))
        } else {
            yaml.scalar(node)
        };
        flag.is_some_and(is_true)
    });
    let top = text(Some(host), "address");
    let (connection, section) = if winrm.is_some() && ssh.is_none() {
        (Connection::WinRm, winrm)
    } else {
        (Connection::Ssh, ssh)
    };
    let nested = text(section, "address");
    // Launchpad reads the top-level address up to v1.2 and moves it under `ssh` (or
    // `winRM`) from v1.3 (`pkg/config/migration/v12/v12.go`).
    let address = if api <= ApiVersion::Mke12 {
        top.or(nested)
    } else {
        nested.or(top)
    };
    let (connection, address) = match (address, localhost) {
        (_, true) => (Connection::Localhost, "localhost".to_owned()),
        (Some(address), false) => (connection, address),
        (None, false) => {
            return Err(field(
                yaml,
                host,
                path,
                "a host without an address (ssh.address, winRM.address or localhost)".to_owned(),
            ));
        }
    };
    // v1beta1 wrote `sshPort`, `sshKeyPath` and `user` on the host itself.
    let port = text(section, "port").or_else(|| text(Some(host), "sshPort"));
    let user = text(section, "user").or_else(|| text(Some(host), "user"));
    let key_path = text(section, "keyPath").or_else(|| text(Some(host), "sshKeyPath"));
    Ok(LaunchpadHost {
        name: address.clone(),
        address,
        role,
        connection,
        port,
        user,
        key_path,
    })
}

/// Names each host by its address, or `address:port` where hosts share an address.
fn name_hosts(
    yaml: &Yaml,
    items: &[usize],
    hosts: &mut [LaunchpadHost],
) -> Result<(), LaunchpadError> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for host in hosts.iter() {
        let seen = count.entry(host.address.clone()).or_default();
        *seen = seen.saturating_add(1);
    }
    let mut seen = BTreeSet::new();
    for (index, host) in hosts.iter_mut().enumerate() {
        if count.get(&host.address).copied().unwrap_or(0) > 1 {
            host.name = format!("{}:{}", host.address, host.port.as_deref().unwrap_or("22"));
        }
        if !seen.insert(host.name.clone()) {
            let node = items.get(index).copied().unwrap_or(0);
            return Err(field(
                yaml,
                node,
                &format!("spec.hosts[{index}]"),
                format!("a second host at {}", quoted(&host.name)),
            ));
        }
    }
    Ok(())
}

/// A YAML 1.1 true, as Launchpad's parser reads it.
fn is_true(text: &str) -> bool {
    matches!(
        text,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y"
    )
}

/// Whether Launchpad's `apply` performs a hop of `product` from `from` to `to` under `rule`:
/// an in-place upgrade of MCR, of MKE 3 or of MSR 2 (`pkg/product/mke/phase/upgrade_mcr.go`,
/// `upgrade_mke.go`, `upgrade_msr.go`). Migrations, installs, MKE 4 and MSR 3 and 4 are not
/// Launchpad's.
pub fn performs(product: Product, from: &Version, to: &Version, rule: RuleId) -> bool {
    if matches!(
        rule,
        RuleId::Migration | RuleId::Install | RuleId::Uninstall
    ) {
        return false;
    }
    match product {
        Product::Mcr => true,
        Product::Mke => from.major() == 3 && to.major() == 3,
        Product::Msr => from.major() == 2 && to.major() == 2,
    }
}

/// Why Launchpad's `apply` would refuse a hop it performs, as `validateMKEVersionJump` and
/// `validateMSRVersionJump` in `pkg/product/mke/phase/validate_facts.go` judge it: a
/// [`LaunchpadCheck::Downgrade`], or a [`LaunchpadCheck::MinorSkip`] (more than one minor
/// line within a major). MCR has no such check. `None` when it lets the hop through.
pub fn refusal(product: Product, from: &Version, to: &Version) -> Option<LaunchpadCheck> {
    if product == Product::Mcr {
        return None;
    }
    if from > to {
        return Some(LaunchpadCheck::Downgrade);
    }
    (from.major() == to.major() && to.minor() > from.minor().saturating_add(1))
        .then_some(LaunchpadCheck::MinorSkip)
}

/// A check of Launchpad's `apply` that refuses a hop (`launchpad apply --force` turns it into
/// a warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LaunchpadCheck {
    /// "can't downgrade".
    Downgrade,
    /// "can't upgrade ... directly ... need to upgrade to x.y first".
    MinorSkip,
}
