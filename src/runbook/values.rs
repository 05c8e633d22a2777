//! The values that fill a hop's tokens: its versions, the site's values (or placeholders),
//! the images its commands run, its procedure's chart and document, and the nodes behind a
//! step's role. Every text here comes from `templates`.

use std::borrow::Cow;

use super::templates::{
    BUNDLE_DOWNLOAD, BUNDLE_DOWNLOAD_CHECKED, CHART_FILE, FALLBACKS, FETCH_TEST_IMAGE,
    LAUNCHPAD_DOES_MCR, LAUNCHPAD_DOES_MKE, LAUNCHPAD_DOES_MKE_PHASED, LAUNCHPAD_DOES_MSR,
    MKE_AUTOMATED_FLAGS, MKE_AUTOMATED_NOTE, MKE_IMAGE_NAME, MKE_PHASED_FLAGS, MKE_PHASED_NOTE,
    MMT_COPY_MODE, MMT_INPLACE_MODE, MMT_INSECURE_TLS, NO_SUPPORT_ENTRY, NODE_SEPARATOR, Role,
    SUPPORT_ENTRY, SUPPORT_ENTRY_SEPARATOR, SUPPORTED_BY, TEST_IMAGE, TEST_IMAGE_OFFLINE,
    TEST_IMAGE_OFFLINE_OTHER, UCP_BACKUP_ID, sources, version_placeholder,
};
use super::tokens::{Token, Tokens};
use super::{Runbook, image, in_range, procedures, ranges};
use crate::catalog::{Catalog, Migration, Procedure};
use crate::inventory::{Site, StorageBackend};
use crate::plan::Hop;
use crate::request::{Request, State};
use crate::table::RuleId;
use crate::version::{Product, Version};

fn or_placeholder<'v>(value: Option<&'v String>, placeholder: &'static str) -> Cow<'v, str> {
    value.map_or(Cow::Borrowed(placeholder), |v| Cow::Borrowed(v.as_str()))
}

/// The MKE 4 offline bundle of the hop's target: its name, the lines that download it and
/// the page that gives them, which changed with 4.1.1 (an architecture in the name, and a
/// checksum to check).
fn bundle_tokens(hop: &Hop, tokens: &mut Tokens<'_>) {
    // Only an MKE 4 target has a bundle (the MKE 3 -> 4 upgrade's included).
    if hop.product != Product::Mke || hop.to.as_ref().is_none_or(|to| to.major() != 4) {
        return;
    }
    let checked = in_range(
        ranges().bundle_with_checksum.as_ref(),
        hop.product,
        hop.to.as_ref(),
    );
    let (name, download, source) = if checked {
        (
            "mke_bundle_v%to%_amd64",
            BUNDLE_DOWNLOAD_CHECKED,
            sources::MKE_4_OFFLINE,
        )
    } else {
        (
            "mke_bundle_v%to%",
            BUNDLE_DOWNLOAD,
            sources::MKE_4_1_0_OFFLINE,
        )
    };
    let name = tokens.fill(name).into_owned();
    tokens.set(Token::MkeBundle, name);
    let download = tokens.fill(download).into_owned();
    tokens.set(Token::BundleDownload, download);
    tokens.set(Token::BundleSource, source);
}

/// The site's own registry for the images of the hop's product (`mke_image_repo`,
/// `msr_image_repo`), unless it is where the images come from anyway: Docker Hub's
/// `mirantis` or `docker` (Launchpad's defaults, `docker.io/mirantis`), or the repository of
/// the release's own image (`registry.mirantis.com/msr` for MSR 2.10). Launchpad treats only
/// another repository as custom (`IsCustomImageRepo`).
fn image_mirror<'s>(site: &'s Site, hop: &Hop) -> Option<&'s str> {
    let repo = match hop.product {
        Product::Mke => site.mke_image_repo.as_deref(),
        Product::Msr => site.msr_image_repo.as_deref(),
        Product::Mcr => None,
    }?;
    let bare = |repo: &'s str| {
        let repo = repo.trim_end_matches('/');
        repo.strip_prefix("docker.io/")
            .or_else(|| repo.strip_prefix("index.docker.io/"))
            .unwrap_or(repo)
    };
    let own = hop
        .to
        .as_ref()
        .and_then(|to| image(hop.product, to))
        .and_then(|image| image.rsplit_once('/'))
        .map(|(repository, _)| repository);
    let bare_repo = bare(repo);
    let default = ["mirantis", "docker"].contains(&bare_repo) || own == Some(bare_repo);
    (!default).then_some(repo)
}

impl<'a> Runbook<'a> {
    /// The values of a hop's tokens; `state` is the state before it.
    pub(super) fn tokens<'h>(&self, hop: &'h Hop, state: &'h State) -> Tokens<'h>
    where
        'a: 'h,
    {
        let version = |p: Product| -> Cow<'h, str> {
            state.get(&p).map_or_else(
                || Cow::Borrowed(version_placeholder(p)),
                |v| Cow::Borrowed(v.as_str()),
            )
        };
        let ranges = ranges();
        let phased = in_range(ranges.phased_from.as_ref(), hop.product, hop.from.as_ref())
            && in_range(ranges.phased_to.as_ref(), hop.product, hop.to.as_ref());
        let mut tokens = Tokens::none();
        tokens.set(Token::From, hop.from_text());
        tokens.set(Token::To, hop.to_text());
        tokens.set(Token::Mke, version(Product::Mke));
        tokens.set(Token::Mcr, version(Product::Mcr));
        tokens.set(
            Token::Channel,
            hop.to.as_ref().map_or("", Version::line_text),
        );
        tokens.set(Token::Product, hop.product.as_str());
        tokens.set(Token::Tool, self.tool(hop));
        tokens.set(Token::ToolVersion, self.tool_version(hop));
        if hop.product == Product::Msr {
            tokens.set(Token::MkeSupport, self.support_note(hop, state));
        }
        let (flags, note) = if phased {
            (MKE_PHASED_FLAGS, MKE_PHASED_NOTE)
        } else {
            (MKE_AUTOMATED_FLAGS, MKE_AUTOMATED_NOTE)
        };
        tokens.set(Token::UpgradeFlags, flags);
        tokens.set(Token::UpgradeNote, note);
        bundle_tokens(hop, &mut tokens);
        self.site_tokens(hop, &mut tokens);
        self.launchpad_tokens(hop, phased, &mut tokens);
        self.image_tokens(hop, state, &mut tokens);
        self.procedure_tokens(hop, &mut tokens);
        tokens
    }

    /// The site's values, or visible placeholders.
    fn site_tokens<'h>(&self, hop: &Hop, tokens: &mut Tokens<'h>)
    where
        'a: 'h,
    {
        let request: &'a Request = self.request;
        let site = &request.site;
        let target = or_placeholder(site.target_msr_url.as_ref(), FALLBACKS.target_msr_url);
        let msr_url = or_placeholder(site.msr_url.as_ref(), FALLBACKS.msr_url);
        // A migration's checks run against the new registry.
        let registry = if hop.rule == RuleId::Migration {
            target.clone()
        } else {
            msr_url.clone()
        };
        tokens.set(
            Token::MkeUrl,
            or_placeholder(site.mke_url.as_ref(), FALLBACKS.mke_url),
        );
        tokens.set(Token::MsrUrl, msr_url);
        tokens.set(Token::TargetMsrUrl, target);
        tokens.set(Token::Registry, registry);
        tokens.set(
            Token::Admin,
            or_placeholder(site.admin_user.as_ref(), FALLBACKS.admin),
        );
        tokens.set(
            Token::Replica,
            or_placeholder(site.replica_id.as_ref(), FALLBACKS.replica),
        );
        tokens.set(
            Token::BackupDir,
            or_placeholder(site.backup_dir.as_ref(), FALLBACKS.backup_dir),
        );
        tokens.set(
            Token::SourceTls,
            if site.insecure_tls {
                MMT_INSECURE_TLS
            } else {
                ""
            },
        );
        tokens.set(
            Token::StorageMode,
            if site.storage == Some(StorageBackend::Object) {
                MMT_INPLACE_MODE
            } else {
                MMT_COPY_MODE
            },
        );
        if let Some(mirror) = image_mirror(site, hop) {
            tokens.set(Token::ImageMirror, mirror);
        }
        tokens.set(
            Token::FirstMsrNode,
            or_placeholder(
                site.nodes.as_ref().and_then(|n| n.msr_nodes.first()),
                FALLBACKS.first_msr_node,
            ),
        );
    }

    /// The Launchpad config, the key a hop sets in it and what Launchpad then does
    /// (`--executor launchpad`).
    fn launchpad_tokens<'h>(&self, hop: &Hop, phased: bool, tokens: &mut Tokens<'h>)
    where
        'a: 'h,
    {
        let Some(launchpad) = self.request.launchpad.as_ref() else {
            return;
        };
        tokens.set(Token::LaunchpadConfig, launchpad.config.as_str());
        if let Some(setting) = hop
            .to
            .as_ref()
            .and_then(|to| launchpad.setting(hop.product, to))
        {
            tokens.set(Token::LaunchpadSetting, setting);
        }
        let does = match hop.product {
            Product::Mcr => LAUNCHPAD_DOES_MCR,
            Product::Mke if phased => LAUNCHPAD_DOES_MKE_PHASED,
            Product::Mke => LAUNCHPAD_DOES_MKE,
            Product::Msr => LAUNCHPAD_DOES_MSR,
        };
        tokens.set(Token::LaunchpadDoes, does);
    }

    /// The images the commands run: each the repository of the version it runs (the
    /// installed MKE for backups, the target for an upgrade), and the test image of the
    /// push-and-pull check (one already loaded, offline).
    fn image_tokens(&self, hop: &Hop, state: &State, tokens: &mut Tokens<'_>) {
        let image_of = |product: Product, version: Option<&Version>, fallback: &'static str| {
            version.and_then(|v| image(product, v)).unwrap_or(fallback)
        };
        let mke_image_now = image_of(Product::Mke, state.get(&Product::Mke), FALLBACKS.mke_image);
        let mke_image = if hop.product == Product::Mke {
            image_of(Product::Mke, hop.to.as_ref(), FALLBACKS.mke_image)
        } else {
            mke_image_now
        };
        let msr_image = image_of(Product::Msr, hop.to.as_ref(), FALLBACKS.msr_image);
        tokens.set(Token::MsrImage, msr_image);
        // Offline, an MSR 2.x node has the bootstrapper it loaded; elsewhere (MSR 3 and 4, a
        // migration's new MSR) the operator names an image the machine already has.
        let bootstrapped = hop.rule != RuleId::Migration
            && procedures(self.catalog, hop).first() == Some(&Procedure::DtrCli);
        if self.request.offline {
            let offline = if bootstrapped {
                TEST_IMAGE_OFFLINE
            } else {
                TEST_IMAGE_OFFLINE_OTHER
            };
            let test_image = tokens.fill(offline);
            tokens.set(Token::TestImage, test_image);
            tokens.set(Token::FetchTestImage, "");
        } else {
            tokens.set(Token::TestImage, TEST_IMAGE);
            tokens.set(Token::FetchTestImage, FETCH_TEST_IMAGE);
        }
        tokens.set(Token::MkeImage, mke_image);
        tokens.set(Token::MkeImageNow, mke_image_now);
        // UCP before 3.2 backs up non-interactively only with the instance id.
        let needs_id = in_range(
            ranges().backup_needs_id.as_ref(),
            Product::Mke,
            state.get(&Product::Mke),
        );
        tokens.set(
            Token::MkeBackupId,
            if needs_id { UCP_BACKUP_ID } else { "" },
        );
        tokens.set(
            Token::InterlockRepo,
            mke_image.trim_end_matches(MKE_IMAGE_NAME),
        );
        tokens.set(
            Token::MsrImageFrom,
            image_of(Product::Msr, hop.from.as_ref(), FALLBACKS.msr_image),
        );
    }

    /// The tokens of the hop's procedure: its Helm chart and chart version, and the vendor
    /// document that steps without a command point to.
    fn procedure_tokens<'h>(&self, hop: &'h Hop, tokens: &mut Tokens<'h>)
    where
        'a: 'h,
    {
        let catalog: &'a Catalog = self.catalog;
        let Some(to) = hop.to.as_ref() else {
            tokens.set(Token::Chart, FALLBACKS.chart);
            tokens.set(Token::ChartVersion, FALLBACKS.chart_version);
            tokens.set(Token::Doc, FALLBACKS.doc);
            return;
        };
        // A line the catalog does not declare has no chart and no document of its own.
        let operation = catalog
            .operations(hop.product)
            .iter()
            .find(|op| op.releases.matches(to));
        let release = catalog.release(hop.product, to);
        let chart = operation
            .and_then(|op| op.chart.as_deref())
            .unwrap_or(FALLBACKS.chart);
        let chart_version = release
            .and_then(|r| r.helm_chart.as_deref())
            .unwrap_or(FALLBACKS.chart_version);
        let doc = operation
            .and_then(|op| op.doc.as_deref())
            .or_else(|| release.and_then(|r| r.source.as_deref()))
            .unwrap_or(FALLBACKS.doc);
        // `helm pull` names the file after the chart (the last part of its reference).
        let chart_name = chart.rsplit('/').next().unwrap_or(chart);
        let mut file = Tokens::of(Token::ChartName, chart_name);
        file.set(Token::ChartVersion, chart_version);
        tokens.set(Token::ChartFile, file.fill(CHART_FILE).into_owned());
        tokens.set(Token::Chart, chart);
        tokens.set(Token::ChartVersion, chart_version);
        tokens.set(Token::Doc, doc);
    }

    /// The migration a hop makes, if it makes one.
    fn migration(&self, hop: &Hop) -> Option<&'a Migration> {
        let catalog: &'a Catalog = self.catalog;
        catalog.migrations().iter().find(|m| {
            m.to.product() == hop.product
                && hop.to.as_ref().is_some_and(|v| m.to.matches(v))
                && hop.from.as_ref().is_some_and(|v| m.from.matches(v))
        })
    }

    /// The tool of the migration a hop makes (empty for in-place hops).
    fn tool(&self, hop: &Hop) -> &'a str {
        self.migration(hop).map_or("", |m| m.tool.as_str())
    }

    /// The version of the migration's tool the catalog pins, or a placeholder.
    pub(super) fn tool_version(&self, hop: &Hop) -> &'a str {
        self.migration(hop)
            .and_then(|m| m.tool_version.as_deref())
            .unwrap_or(FALLBACKS.tool_version)
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
            .map(|e| {
                let mut entry = Tokens::of(Token::When, e.when.to_string());
                entry.set(Token::Requires, e.requires.to_string());
                entry.fill(SUPPORT_ENTRY).into_owned()
            })
            .collect();
        let mke = state
            .get(&Product::Mke)
            .map_or(Cow::Borrowed(FALLBACKS.not_installed), |v| {
                Cow::Owned(v.to_string())
            });
        let mut note = Tokens::of(Token::Installed, mke);
        let template = if entries.is_empty() {
            note.set(Token::Product, hop.product.as_str());
            note.set(Token::To, hop.to_text());
            NO_SUPPORT_ENTRY
        } else {
            note.set(Token::Entries, entries.join(SUPPORT_ENTRY_SEPARATOR));
            SUPPORTED_BY
        };
        note.fill(template).into_owned()
    }

    /// The real nodes behind a step's role, when the request knows them: the value of
    /// `%nodes%` in the role's list ([`Role::listed`]).
    pub(super) fn node_names(&self, role: Role) -> Option<String> {
        self.node_list(role)
            .filter(|names| !names.is_empty())
            .map(|names| names.join(NODE_SEPARATOR))
    }

    /// The real nodes behind a step's role, when the request knows them (an empty list where
    /// the inventory has none of them).
    pub(super) fn node_list(&self, role: Role) -> Option<Vec<String>> {
        let site = &self.request.site;
        let nodes = site.nodes.as_ref()?;
        let first = |names: &[String]| names.first().cloned().into_iter().collect();
        Some(match role {
            Role::AnyManager => first(&nodes.managers),
            Role::EachManager => nodes.managers.clone(),
            Role::MsrNodes | Role::EachMsrNode => nodes.msr_nodes.clone(),
            Role::AnMsrNode | Role::UpgradeNode => first(&nodes.msr_nodes),
            Role::CacheNodes => nodes.caches.clone(),
            Role::MsrAndCacheNodes => nodes
                .msr_nodes
                .iter()
                .chain(&nodes.caches)
                .cloned()
                .collect(),
            Role::Workers => nodes.workers.clone(),
            Role::ReplicaNode => {
                let replica = site.replica_id.as_ref()?;
                site.replicas
                    .iter()
                    .find(|(id, _)| id == replica)
                    .map(|(_, node)| node.clone())
                    .into_iter()
                    .collect()
            }
            Role::EveryNode => nodes.every_node().map(str::to_owned).collect(),
            Role::KubectlHost | Role::MkectlHost | Role::Workstation | Role::NoCommand => {
                return None;
            }
        })
    }
}
