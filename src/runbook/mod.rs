//! The runbook: every hop becomes the exact, ordered steps an operator or an installer runs.
//!
//! The steps are data (`templates`): one set per procedure, picked by how the catalog says
//! each release line is operated ([`Procedure`]), never by the product name alone, plus
//! version-specific steps keyed by version ranges and the image repository of each release
//! range. This module only fills the templates' `%tokens%` with the hop's versions and the
//! site's values (or visible placeholders such as `<mke-url>`), and lists the placeholders
//! left. `lint` checks the data. Sources: the seed document (MSR install and upgrade),
//! `mirantis-facts.md` and the vendor pages each procedure names.
#![warn(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod lint;
mod templates;
mod tokens;

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::sync::Arc;
use std::sync::OnceLock;

pub(crate) use lint::lint_runbook;
use templates::{
    DESTROY, GENERIC_MIGRATION, IMAGES, JOIN, JOIN_NOTE, LOAD_CLIENT_BUNDLE, MANUAL_HOP,
    MCR_GROUPS, MCR_HOP_END, MCR_HOP_START, MCR_INSTALL, MCR_INSTALL_OFFLINE, MCR_OFFLINE_NOTE,
    MCR_PICK_BUILD, MCR_SET_CHANNEL, MKE_4_HOP, MKE_4_MIGRATION, MKE_AUTOMATED_NOTE, MKE_HOP,
    MKE_PHASED_NOTE, MMT_EXTRACT, MMT_EXTRACT_INPLACE, MSR_2_HOP, MSR_3_HELM_HOP, MSR_3_MIGRATION,
    MSR_3_OPERATOR_HOP, MSR_4_HOP, MSR_4_MIGRATION, MSR_INSTALL, MSR_UNINSTALL, PLACEHOLDERS, Role,
    Template, VERSION_NOTES, step,
};
use tokens::{Span, Token, Tokens};

use crate::catalog::{Catalog, Gate, Procedure};
use crate::classify::gates_guarding;
use crate::inventory::StorageBackend;
use crate::plan::{Artifact, ArtifactKind, Hop, MAX_PLAN_HOPS, Phase, Placeholder, Step};
use crate::request::{Request, State};
use crate::requirement::Requirement;
use crate::table::RuleId;
use crate::text::{Text, push_decimal};
use crate::version::{Product, Version};

/// The image of the RethinkDB shell the MSR 2.x metadata-store check runs (the seed's).
const RETHINKCLI: &str = "dockerhubenterprise/rethinkcli:v2.3.0";

/// The runbook's version ranges, parsed once: the image repository of each release range,
/// the version notes, and the ranges the builder itself tests (the phased 3.7 -> 3.8
/// upgrade, UCP backups that need the instance id). A range that does not parse matches
/// nothing; a test parses every one.
struct Ranges {
    images: Vec<(Requirement, &'static str)>,
    notes: Vec<(Option<Requirement>, Requirement, &'static Template)>,
    phased_from: Option<Requirement>,
    phased_to: Option<Requirement>,
    backup_needs_id: Option<Requirement>,
}

/// The ranges of the builder itself (see [`Ranges`]).
const PHASED_FROM: &str = "mke 3.7.*";
const PHASED_TO: &str = "mke 3.8.*";
const BACKUP_NEEDS_ID: &str = "mke <3.2.0";

fn ranges() -> &'static Ranges {
    static RANGES: OnceLock<Ranges> = OnceLock::new();
    RANGES.get_or_init(|| {
        let parse = |text: &str| Requirement::parse(text).ok();
        Ranges {
            images: IMAGES
                .iter()
                .filter_map(|(range, image)| Some((parse(range)?, *image)))
                .collect(),
            notes: VERSION_NOTES
                .iter()
                .filter_map(|note| {
                    let from = match note.from {
                        Some(from) => Some(parse(from)?),
                        None => None,
                    };
                    Some((from, parse(note.to)?, &note.template))
                })
                .collect(),
            phased_from: parse(PHASED_FROM),
            phased_to: parse(PHASED_TO),
            backup_needs_id: parse(BACKUP_NEEDS_ID),
        }
    })
}

/// The bootstrapper image repository of a release (`mirantis/dtr` for MSR 2.9.30).
pub(crate) fn image(product: Product, version: &Version) -> Option<&'static str> {
    ranges()
        .images
        .iter()
        .find(|(range, _)| in_range(Some(range), product, Some(version)))
        .map(|(_, image)| *image)
}

/// Whether a release of `product` falls in a range (`None`, the missing end of an install or
/// uninstall, falls in none).
fn in_range(range: Option<&Requirement>, product: Product, version: Option<&Version>) -> bool {
    let (Some(range), Some(version)) = (range, version) else {
        return false;
    };
    range.product() == product && range.matches(version)
}

fn or_placeholder<'v>(value: Option<&'v String>, placeholder: &'static str) -> Cow<'v, str> {
    value.map_or(Cow::Borrowed(placeholder), |v| Cow::Borrowed(v.as_str()))
}

/// The procedures a hop runs with: those of the target's line that the source's line shares
/// (MSR 3.0 -> 3.1 is a Helm upgrade even though 3.1 also runs with the Operator), or the
/// target's when they share none.
fn procedures<'c>(catalog: &'c Catalog, hop: &Hop) -> Cow<'c, [Procedure]> {
    let line_procedures = |version: &Version| match catalog.operation(hop.product, version) {
        Cow::Borrowed(operation) => Cow::Borrowed(operation.procedures.as_slice()),
        Cow::Owned(operation) => Cow::Owned(operation.procedures),
    };
    let Some(to) = &hop.to else {
        return Cow::Borrowed(&[]);
    };
    let target = line_procedures(to);
    let Some(from) = &hop.from else {
        return target;
    };
    let source = line_procedures(from);
    let shared = |p: &Procedure| source.contains(p);
    // Usually the lines share all of the target's procedures or none: borrowed, not copied.
    if target.iter().all(shared) || !target.iter().any(shared) {
        target
    } else {
        Cow::Owned(target.iter().copied().filter(shared).collect())
    }
}

/// The steps of an in-place hop with `procedure`.
fn upgrade_templates(procedure: Procedure) -> &'static [Template] {
    match procedure {
        Procedure::DtrCli => MSR_2_HOP,
        Procedure::UcpCli => MKE_HOP,
        Procedure::Packages => MCR_HOP_START,
        Procedure::Helm => MSR_3_HELM_HOP,
        Procedure::MsrOperator => MSR_3_OPERATOR_HOP,
        Procedure::Msr4Helm => MSR_4_HOP,
        Procedure::Mkectl => MKE_4_HOP,
        Procedure::Manual => MANUAL_HOP,
    }
}

/// The steps of a migration into a line operated with `procedure`: the migration's own tool.
fn migration_templates(product: Product, procedure: Procedure) -> &'static [Template] {
    match (product, procedure) {
        (Product::Msr, Procedure::Helm | Procedure::MsrOperator) => MSR_3_MIGRATION,
        (Product::Msr, Procedure::Msr4Helm) => MSR_4_MIGRATION,
        (Product::Mke, Procedure::Mkectl) => MKE_4_MIGRATION,
        _ => GENERIC_MIGRATION,
    }
}

/// A step being written: the same as a [`Step`], with each text where the runbook wrote it.
#[derive(Debug, Clone)]
struct Draft {
    id: Span,
    hop: usize,
    phase: Phase,
    title: Span,
    command: Option<Span>,
    rerun_safe: bool,
    node: Option<Span>,
    note: Option<Span>,
}

impl Draft {
    /// The step, its written texts sharing `buffer`.
    fn finish(self, buffer: &Arc<str>) -> Step {
        let text = |span: Span| match span {
            Span::Fixed(text) => Text::from(text),
            // Every span was written into the buffer, which is far below 4 GiB (the plan
            // limits), so it is always a span of it.
            Span::Written(range) => Text::shared(buffer, range).unwrap_or_default(),
        };
        Step {
            id: text(self.id),
            hop: self.hop,
            phase: self.phase,
            title: text(self.title),
            command: self.command.map(text),
            rerun_safe: self.rerun_safe,
            node: self.node.map(text),
            note: self.note.map(text),
        }
    }
}

/// Builds the steps and the artifacts of a plan.
pub(crate) struct Runbook<'a> {
    catalog: &'a Catalog,
    request: &'a Request,
    steps: Vec<Draft>,
    /// Every text the steps do not borrow from the templates, one after the other: a plan's
    /// hundreds of filled texts and ids cost one allocation, not one each.
    written: String,
    artifacts: Vec<Artifact>,
}

/// Room for a plan's written texts, per hop: the embedded worst case writes 38 KB for 18
/// hops, about 2 KB a hop; a site's node lists add to it.
const WRITTEN_PER_HOP: usize = 3072;

impl<'a> Runbook<'a> {
    pub(crate) fn new(catalog: &'a Catalog, request: &'a Request) -> Runbook<'a> {
        Runbook {
            catalog,
            request,
            steps: Vec::new(),
            written: String::new(),
            artifacts: Vec::new(),
        }
    }

    /// The steps and artifacts of `hops`; `states[i]` is the state before hop `i`.
    pub(crate) fn build(mut self, hops: &[Hop], states: &[State]) -> (Vec<Step>, Vec<Artifact>) {
        self.written
            .reserve(WRITTEN_PER_HOP.saturating_mul(hops.len().min(MAX_PLAN_HOPS)));
        for (number, hop) in (1_usize..).zip(hops) {
            self.collect_artifacts(number, hop);
        }
        if !hops.is_empty() {
            self.plan_wide(hops, states);
        }
        for (number, (hop, state)) in (1_usize..).zip(hops.iter().zip(states)) {
            self.hop(number, hop, state);
        }
        let buffer: Arc<str> = Arc::from(self.written);
        let steps = self
            .steps
            .into_iter()
            .map(|draft| draft.finish(&buffer))
            .collect();
        (steps, self.artifacts)
    }

    /// Writes a text into the buffer.
    fn write(&mut self, text: &str) -> Span {
        let start = self.written.len();
        self.written.push_str(text);
        Span::Written(start..self.written.len())
    }

    /// Writes a formatted text into the buffer.
    fn write_fmt(&mut self, text: fmt::Arguments<'_>) -> Span {
        let start = self.written.len();
        // Writing into a `String` cannot fail.
        let _ = self.written.write_fmt(text);
        Span::Written(start..self.written.len())
    }

    /// Writes a step's id: `hop-2/backup-msr`, or `plan/schedule` for a plan-wide step; the
    /// slug is given in parts (`["drain-", "workers"]`). Built by hand rather than with
    /// `format!`: a plan has hundreds of steps, and formatting was a tenth of the runbook's
    /// time.
    fn write_id(&mut self, hop: usize, slug: &[&str]) -> Span {
        let start = self.written.len();
        if hop == 0 {
            self.written.push_str("plan/");
        } else {
            self.written.push_str("hop-");
            push_decimal(&mut self.written, u64::try_from(hop).unwrap_or(u64::MAX));
            self.written.push('/');
        }
        for part in slug {
            self.written.push_str(part);
        }
        Span::Written(start..self.written.len())
    }

    fn tokens<'h>(&self, hop: &'h Hop, state: &'h State) -> Tokens<'h>
    where
        'a: 'h,
    {
        let version = |p: Product| -> Cow<'h, str> {
            state.get(&p).map_or_else(
                || Cow::Owned(format!("<{p}-version>")),
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
        if hop.product == Product::Msr {
            tokens.set(Token::MkeSupport, self.support_note(hop, state));
        }
        tokens.set(
            Token::UpgradeFlags,
            if phased {
                " --manual-worker-upgrade"
            } else {
                ""
            },
        );
        tokens.set(
            Token::UpgradeNote,
            if phased {
                MKE_PHASED_NOTE
            } else {
                MKE_AUTOMATED_NOTE
            },
        );
        self.site_tokens(hop, &mut tokens);
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
        let target = or_placeholder(site.target_msr_url.as_ref(), "<target-msr-url>");
        let msr_url = or_placeholder(site.msr_url.as_ref(), "<msr-url>");
        // A migration's checks run against the new registry.
        let registry = if hop.rule == RuleId::Migration {
            target.clone()
        } else {
            msr_url.clone()
        };
        tokens.set(
            Token::MkeUrl,
            or_placeholder(site.mke_url.as_ref(), "<mke-url>"),
        );
        tokens.set(Token::MsrUrl, msr_url);
        tokens.set(Token::TargetMsrUrl, target);
        tokens.set(Token::Registry, registry);
        tokens.set(
            Token::Admin,
            or_placeholder(site.admin_user.as_ref(), "<mke-admin>"),
        );
        tokens.set(
            Token::Replica,
            or_placeholder(site.replica_id.as_ref(), "<replica-id>"),
        );
        tokens.set(
            Token::BackupDir,
            or_placeholder(site.backup_dir.as_ref(), "<backup-dir>"),
        );
        tokens.set(
            Token::FirstMsrNode,
            or_placeholder(
                site.nodes.as_ref().and_then(|n| n.msr_nodes.first()),
                "<msr-node>",
            ),
        );
    }

    /// The images the commands run: each the repository of the version it runs (the
    /// installed MKE for backups, the target for an upgrade), and the test image of the
    /// push-and-pull check (one already loaded, offline).
    fn image_tokens(&self, hop: &Hop, state: &State, tokens: &mut Tokens<'_>) {
        let image_of = |product: Product, version: Option<&Version>, fallback: &'static str| {
            version.and_then(|v| image(product, v)).unwrap_or(fallback)
        };
        let mke_image_now = image_of(Product::Mke, state.get(&Product::Mke), "mirantis/ucp");
        let mke_image = if hop.product == Product::Mke {
            image_of(Product::Mke, hop.to.as_ref(), "mirantis/ucp")
        } else {
            mke_image_now
        };
        let msr_image = image_of(Product::Msr, hop.to.as_ref(), "mirantis/dtr");
        if self.request.offline {
            tokens.set(Token::TestImage, format!("{msr_image}:{}", hop.to_text()));
            tokens.set(Token::FetchTestImage, "");
        } else {
            tokens.set(Token::TestImage, "alpine:latest");
            tokens.set(Token::FetchTestImage, "docker pull alpine:latest\n");
        }
        tokens.set(Token::MkeImage, mke_image);
        tokens.set(Token::MkeImageNow, mke_image_now);
        // UCP before 3.2 backs up non-interactively only with the instance id (the UCP 3.0
        // and 3.1 backup page: matsuand/docs.docker.jp ee/ucp/admin/backups-and-disaster-recovery.md).
        let needs_id = in_range(
            ranges().backup_needs_id.as_ref(),
            Product::Mke,
            state.get(&Product::Mke),
        );
        tokens.set(
            Token::MkeBackupId,
            if needs_id {
                " --id <ucp-instance-id>"
            } else {
                ""
            },
        );
        tokens.set(Token::InterlockRepo, mke_image.trim_end_matches("/ucp"));
        tokens.set(
            Token::MsrImageFrom,
            image_of(Product::Msr, hop.from.as_ref(), "mirantis/dtr"),
        );
        tokens.set(Token::MsrImage, msr_image);
    }

    /// The tokens of the hop's procedure: its Helm chart and chart version, and the vendor
    /// document that steps without a command point to.
    fn procedure_tokens<'h>(&self, hop: &'h Hop, tokens: &mut Tokens<'h>)
    where
        'a: 'h,
    {
        let catalog: &'a Catalog = self.catalog;
        let Some(to) = hop.to.as_ref() else {
            tokens.set(Token::Chart, "<msr-chart>");
            tokens.set(Token::ChartVersion, "<chart-version>");
            tokens.set(Token::Doc, "the vendor's documentation of this release");
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
            .unwrap_or("<msr-chart>");
        let chart_version = release
            .and_then(|r| r.helm_chart.as_deref())
            .unwrap_or("<chart-version>");
        let doc = operation
            .and_then(|op| op.doc.as_deref())
            .or_else(|| release.and_then(|r| r.source.as_deref()))
            .unwrap_or("the vendor's documentation of this release");
        tokens.set(Token::Chart, chart);
        tokens.set(Token::ChartVersion, chart_version);
        tokens.set(Token::Doc, doc);
    }

    /// The tool of the migration a hop makes (empty for in-place hops).
    fn tool(&self, hop: &Hop) -> &'a str {
        let catalog: &'a Catalog = self.catalog;
        catalog
            .migrations()
            .iter()
            .find(|m| {
                m.to.product() == hop.product
                    && hop.to.as_ref().is_some_and(|v| m.to.matches(v))
                    && hop.from.as_ref().is_some_and(|v| m.from.matches(v))
            })
            .map_or("", |m| m.tool.as_str())
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
                "The catalog has no compatibility entry for {} {} and MKE; MKE is {mke}.",
                hop.product,
                hop.to_text()
            )
        } else {
            format!(
                "The image tag shows the MKE version, which must be {mke}. Catalog: {}.",
                entries.join("; ")
            )
        }
    }

    /// The real nodes behind a step's role, when the request knows them.
    fn node_names(&self, role: Role) -> Option<String> {
        let site = &self.request.site;
        let nodes = site.nodes.as_ref()?;
        let list = |names: &[String], how: &str| {
            (!names.is_empty()).then(|| format!("{}{how}", names.join(", ")))
        };
        match role {
            Role::AnyManager => nodes.managers.first().cloned(),
            Role::EachManager => list(&nodes.managers, " (one at a time)"),
            Role::MsrNodes => list(&nodes.msr_nodes, ""),
            Role::EachMsrNode => list(&nodes.msr_nodes, " (one at a time)"),
            Role::AnMsrNode | Role::UpgradeNode => nodes.msr_nodes.first().cloned(),
            Role::CacheNodes => list(&nodes.caches, ""),
            Role::MsrAndCacheNodes => {
                let all: Vec<String> = nodes
                    .msr_nodes
                    .iter()
                    .chain(&nodes.caches)
                    .cloned()
                    .collect();
                list(&all, "")
            }
            Role::Workers => list(&nodes.workers, " (a few at a time)"),
            Role::ReplicaNode => {
                let replica = site.replica_id.as_ref()?;
                site.replicas
                    .iter()
                    .find(|(id, _)| id == replica)
                    .map(|(_, node)| node.clone())
            }
            Role::EveryNode => {
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
            Role::KubectlHost | Role::MkectlHost => None,
        }
    }

    fn push(&mut self, hop_number: usize, template: &Template, tokens: &Tokens) {
        let id = self.write_id(hop_number, &[template.slug]);
        self.push_as(id, hop_number, template, tokens);
    }

    /// Pushes a step with its own id rather than its template's slug.
    fn push_as(&mut self, id: Span, hop_number: usize, template: &Template, tokens: &Tokens) {
        let mut template = *template;
        let (title, command) = if self.request.offline && template.slug.starts_with("pull-") {
            // Offline: the images come from the bundle copied to each node, and every node
            // that runs a container of the new version needs them.
            let (bundle, role) = if template.slug == "pull-mke-images" {
                ("mke-%to%-images.tar.gz", Role::EveryNode)
            } else {
                ("msr-%to%-images.tar.gz", Role::MsrAndCacheNodes)
            };
            template.node = Some(role);
            let bundle = tokens.fill(bundle);
            (
                self.write_fmt(format_args!(
                    "Load the image bundle {bundle} on every node that needs it (offline)"
                )),
                Some(self.write_fmt(format_args!("docker load -i {bundle}"))),
            )
        } else {
            (
                tokens.fill_into(template.title, &mut self.written),
                template
                    .command
                    .map(|c| tokens.fill_into(c, &mut self.written)),
            )
        };
        let runs_on = template.node.map(|role| match self.node_names(role) {
            Some(names) => self.write(&names),
            None => tokens.fill_into(role.describe(), &mut self.written),
        });
        let note = template
            .note
            .map(|text| tokens.fill_into(text, &mut self.written));
        self.steps.push(Draft {
            id,
            hop: hop_number,
            phase: template.phase,
            title,
            command,
            rerun_safe: template.rerun_safe,
            node: runs_on,
            note,
        });
    }

    /// Pushes a step written here rather than from a template: a precheck without command.
    fn push_precheck(&mut self, id: Span, hop: usize, title: Span, note: Span) {
        self.steps.push(Draft {
            id,
            hop,
            phase: Phase::Precheck,
            title,
            command: None,
            rerun_safe: true,
            node: None,
            note: Some(note),
        });
    }

    /// The templates of a hop: by its kind (install, uninstall, migration) and, for an
    /// in-place hop, by the procedures of its release lines; then the version notes.
    fn hop_templates(&self, hop: &Hop) -> Vec<Template> {
        let notes = ranges().notes.iter().filter(|(from, to, _)| {
            in_range(Some(to), hop.product, hop.to.as_ref())
                && from
                    .as_ref()
                    .is_none_or(|from| in_range(Some(from), hop.product, hop.from.as_ref()))
        });
        let procedures = procedures(self.catalog, hop);
        let first = procedures.first().copied().unwrap_or(Procedure::Manual);
        let mut templates: Vec<Template> = match hop.rule {
            RuleId::Install => MSR_INSTALL.to_vec(),
            RuleId::Uninstall => {
                let mut templates = MSR_UNINSTALL.to_vec();
                templates.push(self.storage_backup());
                templates
            }
            RuleId::Migration => migration_templates(hop.product, first)
                .iter()
                .map(|t| {
                    if t.slug == MMT_EXTRACT.slug {
                        self.mmt_extract()
                    } else {
                        *t
                    }
                })
                .collect(),
            _ => {
                // Several documented procedures (MSR 3.1: the Operator or the Helm chart): the
                // steps of the first only, never both (an executor would run both upgrades);
                // a precheck names the other (`procedure_choice`).
                let mut templates = upgrade_templates(first).to_vec();
                if first == Procedure::DtrCli {
                    let at = templates
                        .iter()
                        .position(|t| t.slug == "backup-swarm")
                        .map_or(0, |i| i.saturating_add(1));
                    templates.insert(at, self.storage_backup());
                }
                templates
            }
        };
        templates.extend(notes.map(|(_, _, note)| **note).filter(|n| {
            n.slug != "vulnerability-database" || hop.to.as_ref().is_some_and(|v| v.major() == 2)
        }));
        if hop.product == Product::Mcr && hop.rule != RuleId::Migration && !self.request.offline {
            templates.push(MCR_SET_CHANNEL);
        }
        templates
    }

    /// The steps of one hop, sorted by phase (stable, so templates keep their order within a
    /// phase).
    fn hop(&mut self, number: usize, hop: &Hop, state: &State) {
        let tokens = self.tokens(hop, state);
        let start = self.steps.len();
        let mcr_upgrade = hop.product == Product::Mcr
            && hop.rule != RuleId::Migration
            && procedures(self.catalog, hop).first() == Some(&Procedure::Packages);
        // With an inventory, steps for nodes that do not exist (caches) are left out.
        let no_caches = self
            .request
            .site
            .nodes
            .as_ref()
            .is_some_and(|n| n.caches.is_empty());
        for template in self
            .hop_templates(hop)
            .iter()
            .filter(|t| !(no_caches && t.node == Some(Role::CacheNodes)))
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
        self.procedure_choice(number, hop);
        // `start` was the number of steps before this hop's: never past the end.
        if let Some(steps) = self.steps.get_mut(start..) {
            steps.sort_by_key(|step| step.phase);
        }
    }

    /// Where a release has several documented procedures (MSR 3.1: the MSR Operator or the
    /// Helm chart), a precheck that says which one the steps are for and what to do instead
    /// on a cluster deployed the other way.
    fn procedure_choice(&mut self, number: usize, hop: &Hop) {
        let in_place = !matches!(
            hop.rule,
            RuleId::Install | RuleId::Uninstall | RuleId::Migration
        );
        let procedures = procedures(self.catalog, hop);
        let [first, others @ ..] = &*procedures else {
            return;
        };
        if !in_place || others.is_empty() {
            return;
        }
        let others: Vec<&str> = others.iter().map(|p| procedure_name(*p)).collect();
        // The line's sources name the page that lists every procedure.
        let doc = hop
            .to
            .as_ref()
            .and_then(|to| {
                let operation = self.catalog.operation(hop.product, to);
                operation.source.clone().or_else(|| operation.doc.clone())
            })
            .unwrap_or_else(|| "the vendor's upgrade documentation".to_owned());
        let id = self.write_id(number, &["confirm-procedure"]);
        let title = self.write_fmt(format_args!(
            "Confirm that {} {} was deployed with {}: the steps of this hop are for it",
            hop.product,
            hop.from_text(),
            procedure_name(*first)
        ));
        let note = self.write_fmt(format_args!(
            "If it was deployed with {} instead, do not run these steps: upgrade it with that procedure as the vendor documents it ({doc}).",
            others.join(" or ")
        ));
        self.push_precheck(id, number, title, note);
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
        for (index, gate) in (1_usize..).zip(gates) {
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
            let id = self.write_fmt(format_args!("hop-{number}/gate-{index}"));
            let title = self.write_fmt(format_args!(
                "Confirm the documented prerequisite of {} {to}: {}{order}",
                hop.product,
                requires.join(", then ")
            ));
            let note = self.write_fmt(format_args!("{}.{condition}{source}", gate.reason));
            self.push_precheck(id, number, title, note);
        }
    }

    /// The per-replica steps of an install (the client bundle, then `join` for each replica
    /// after the first) or an uninstall (`destroy` once per replica), on the inventory's
    /// nodes and replica ids or on placeholders.
    fn replica_steps(&mut self, number: usize, tokens: &Tokens, install: bool) {
        let site = &self.request.site;
        let nodes: Vec<String> = site
            .nodes
            .as_ref()
            .map(|n| n.msr_nodes.clone())
            .unwrap_or_default();
        let replicas: Vec<(String, String)> = if site.replicas.is_empty() {
            vec![(
                tokens.fill("%replica%").into_owned(),
                "<msr-node>".to_owned(),
            )]
        } else {
            site.replicas.clone()
        };
        if install {
            if nodes.len() > 1 {
                self.push(number, &LOAD_CLIENT_BUNDLE, tokens);
            }
            for node in nodes.iter().skip(1) {
                let mut join = step(Phase::Upgrade, "", "").command(JOIN).note(JOIN_NOTE);
                join.title = "Join a replica on %node%";
                let tokens = tokens.with(Token::Node, node);
                let id = self.write_id(number, &["join-", node]);
                self.push_as(id, number, &join, &tokens);
            }
        } else {
            for (id, node) in replicas {
                let mut destroy = step(Phase::Upgrade, "", "")
                    .command(DESTROY)
                    .not_rerunnable();
                destroy.title = "Destroy replica %replica-id% on %node%";
                let with_node = tokens.with(Token::Node, &node);
                let tokens = with_node.with(Token::ReplicaId, &id);
                let id = self.write_id(number, &["destroy-", &id]);
                self.push_as(id, number, &destroy, &tokens);
                let node = self.write(&node);
                if let Some(last) = self.steps.last_mut() {
                    last.node = Some(node);
                }
            }
        }
    }

    /// The node groups of an MCR hop, each node in turn: drained from a manager, its engine
    /// upgraded and checked, then reactivated from a manager. MSR nodes are a group of their
    /// own where MSR runs or the inventory names the nodes that will hold it.
    fn mcr_groups(&mut self, number: usize, state: &State, tokens: &Tokens) {
        let msr_nodes = state.contains_key(&Product::Msr)
            || self
                .request
                .site
                .nodes
                .as_ref()
                .is_some_and(|n| !n.msr_nodes.is_empty());
        let (install, note) = if self.request.offline {
            (MCR_INSTALL_OFFLINE, MCR_OFFLINE_NOTE)
        } else {
            (MCR_INSTALL, MCR_PICK_BUILD)
        };
        for group in MCR_GROUPS.iter().filter(|g| msr_nodes || !g.msr_only) {
            let tokens = tokens.with(Token::What, group.what);
            let steps = [
                step(Phase::Upgrade, "", "Drain the %what% <this-node> (from a manager)")
                    .command("docker node update --availability drain <this-node>")
                    .node(Role::AnyManager),
                step(Phase::Upgrade, "", "Install MCR %to% on the %what% <this-node> and restart its engine")
                    .command(install)
                    .node(group.role)
                    .not_rerunnable()
                    .note(note),
                step(Phase::Upgrade, "", "Check the engine of the %what% <this-node>")
                    .command(group.check)
                    .node(group.role)
                    .note(group.check_note),
                step(Phase::Upgrade, "", "Reactivate the %what% <this-node> (from a manager), then go on with the next one")
                    .command("docker node update --availability active <this-node>")
                    .node(Role::AnyManager),
            ];
            for (template, action) in
                steps
                    .iter()
                    .zip(["drain-", "upgrade-", "check-", "activate-"])
            {
                let id = self.write_id(number, &[action, group.slug]);
                self.push_as(id, number, template, &tokens);
            }
        }
    }

    /// MMT's extract, fitted to the storage backend: in place for an object store, else a
    /// copy out of the backend's Docker volume (the command finds which one exists).
    fn mmt_extract(&self) -> Template {
        if self.request.site.storage == Some(StorageBackend::Object) {
            MMT_EXTRACT_INPLACE
        } else {
            MMT_EXTRACT
        }
    }

    /// The image-storage backup, fitted to the backend.
    fn storage_backup(&self) -> Template {
        // Without the backend, the command picks it from the volume that exists.
        const BOTH: &str = "if [ -d /var/lib/docker/volumes/dtr-registry-nfs-%replica% ]; then\n\
             \x20 sudo tar -cf %backup-dir%/dtr-registry-nfs-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-nfs-%replica% .\n\
             else\n\
             \x20 sudo tar -cf %backup-dir%/dtr-registry-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-%replica% .\n\
             fi";
        let base = step(
            Phase::Backup,
            "backup-image-storage",
            "Back up the images stored by MSR",
        )
        .node(Role::ReplicaNode);
        match self.request.site.storage {
            None => base.command(BOTH).note("The command backs up the NFS volume where there is one, else the local one; an object store (S3 and others) is backed up with its own tools instead."),
            Some(StorageBackend::Local) => base.command("sudo tar -cf %backup-dir%/dtr-registry-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-%replica% ."),
            Some(StorageBackend::Nfs) => base.command("sudo tar -cf %backup-dir%/dtr-registry-nfs-%replica%.tar -C /var/lib/docker/volumes/dtr-registry-nfs-%replica% ."),
            Some(StorageBackend::Object) => step(Phase::Backup, "backup-image-storage", "Back up the object store that holds the MSR images with its own tools (versioning or a snapshot)"),
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
        let procedure = procedures(self.catalog, hop)
            .first()
            .copied()
            .unwrap_or(Procedure::Manual);
        match (hop.product, hop.rule, procedure) {
            (Product::Msr, RuleId::Migration, Procedure::Helm | Procedure::MsrOperator) => add(
                ArtifactKind::Image,
                "registry.mirantis.com/msr/mmt".to_owned(),
            ),
            (_, _, Procedure::Mkectl) => {
                add(ArtifactKind::Package, format!("mkectl {to}"));
            }
            (_, _, Procedure::Packages) => {
                add(
                    ArtifactKind::Package,
                    format!(
                        "docker-ee, docker-ee-cli and containerd.io {to} from channel stable-{}",
                        to.line()
                    ),
                );
                if offline {
                    add(ArtifactKind::Bundle, format!("mcr-{to}-packages.tar.gz"));
                }
            }
            (_, _, Procedure::Helm | Procedure::MsrOperator | Procedure::Msr4Helm) => {
                let chart = self
                    .catalog
                    .operation(hop.product, &to)
                    .chart
                    .clone()
                    .unwrap_or_else(|| format!("{} {to} chart", hop.product));
                add(
                    ArtifactKind::Package,
                    format!("{chart} (Helm chart of {} {to})", hop.product),
                );
            }
            (product, RuleId::Migration, _) | (product, _, Procedure::Manual) => {
                add(
                    ArtifactKind::Package,
                    format!("{product} {to}: see its documentation"),
                );
            }
            (product, _, Procedure::DtrCli | Procedure::UcpCli) => {
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
                if procedure == Procedure::DtrCli {
                    // The metadata-store check runs the RethinkDB shell.
                    add(ArtifactKind::Image, RETHINKCLI.to_owned());
                    if offline {
                        add(
                            ArtifactKind::Bundle,
                            "rethinkcli-v2.3.0-image.tar.gz".to_owned(),
                        );
                    }
                }
            }
        }
        // Bundles first: they are what an offline site downloads before anything else.
        self.artifacts
            .sort_by_key(|a| a.kind != ArtifactKind::Bundle);
    }

    fn plan_wide(&mut self, hops: &[Hop], states: &[State]) {
        let empty = Tokens::none();
        let touches_msr = hops.iter().any(|h| h.product == Product::Msr);
        // The host checks are those of MSR run by its bootstrapper on MKE nodes (2.x): where
        // it runs at the start or is installed by the plan.
        let bootstrapped = |version: &Version| {
            self.catalog
                .operation(Product::Msr, version)
                .procedures
                .first()
                == Some(&Procedure::DtrCli)
        };
        let msr_hosts = states
            .first()
            .and_then(|s| s.get(&Product::Msr))
            .is_some_and(bootstrapped)
            || hops.iter().any(|h| {
                h.product == Product::Msr
                    && h.from.is_none()
                    && h.to.as_ref().is_some_and(bootstrapped)
            });
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
                .map(|b| format!("wget <bundle-url> -O {b}"))
                .chain(bundles.iter().map(|b| format!("scp {b} <user>@<host>:")))
                .collect::<Vec<_>>()
                .join("\n");
            let download = step(Phase::Precheck, "download-bundles", "Download the offline bundles on a machine with internet access and copy them to every node")
                .note("Each hop's image pull becomes a `docker load -i` of its bundle on the nodes, and each MCR hop installs its packages from the bundle: nothing is fetched on the site.");
            self.push_owned(download, Some(command));
        }
        let schedule = if touches_msr {
            step(
                Phase::Precheck,
                "schedule",
                "Schedule the work outside peak hours: a few seconds of interruption may occur while MSR is upgraded",
            )
        } else {
            step(
                Phase::Precheck,
                "schedule",
                "Schedule the work in a maintenance window outside peak hours",
            )
        };
        self.push(0, &schedule, &empty);
        if msr_hosts {
            self.push(0, &step(Phase::Precheck, "system-requirements", "Confirm the MSR system requirements on every MSR node: an MKE worker with a fixed hostname, 16 GB of RAM, 2 vCPUs and 10 GB of free disk")
                .command("hostnamectl --static\nnproc\nfree -g | awk '/^Mem:/ {print $2 \" GiB\"}'\ndf -h /var/lib/docker")
                .node(Role::MsrNodes), &empty);
            self.push(0, &step(Phase::Precheck, "ports", "Confirm ports 80/tcp and 443/tcp (or the configured ones) are open inbound on every MSR node")
                .command("sudo ss -ltnp '( sport = :80 or sport = :443 )'")
                .node(Role::MsrNodes), &empty);
            self.push(0, &step(Phase::Precheck, "admin-can-deploy", "Confirm that administrators may deploy containers on MKE manager nodes and MSR nodes (MKE Admin Settings)")
                .note("Otherwise MSR backups fail with: Error response from daemon: {\"message\":\"could not find any nodes on which the container could be created\"}"), &empty);
        }
        let order_step = step(Phase::Precheck, "upgrade-order", "Follow the hops in order: %order%")
            .note("MCR first, then MKE, then MSR, wherever compatibility allows; only upgrade MSR once the correlating MCR and MKE upgrades have completed.");
        let mut order_tokens = Tokens::none();
        order_tokens.set(Token::Order, order.join(" -> "));
        self.push(0, &order_step, &order_tokens);
        if !self.request.offline {
            self.mirror_step(hops);
        }
        let start = self.steps.iter().position(|s| s.hop == 0).unwrap_or(0);
        if let Some(steps) = self.steps.get_mut(start..) {
            steps.sort_by_key(|s| s.phase);
        }
    }

    /// Online: the images and packages to mirror, pulled where they can be.
    fn mirror_step(&mut self, hops: &[Hop]) {
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
            Phase::Prepare,
            "mirror-artifacts",
            "Mirror the images and packages this plan needs into your registry and package mirror",
        );
        let mirror_step = if hops.iter().any(|h| {
            h.product == Product::Mke
                && h.rule != RuleId::Migration
                && procedures(self.catalog, h).first() == Some(&Procedure::UcpCli)
        }) {
            mirror_step.note(
                "MKE images: also every image that `images --list` of the MKE bootstrapper prints.",
            )
        } else {
            mirror_step
        };
        if !mirror.is_empty() {
            self.push_owned(mirror_step, Some(mirror.join("\n")));
        }
    }

    fn push_owned(&mut self, template: Template, command: Option<String>) {
        self.push(0, &template, &Tokens::none());
        let command = command.map(|command| self.write(&command));
        if let Some(last) = self.steps.last_mut() {
            last.command = command;
        }
    }
}

/// A procedure in words, for titles.
fn procedure_name(procedure: Procedure) -> &'static str {
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

/// The placeholders the steps still carry, each with what to put there and the steps that
/// use it, in order of first use.
pub(crate) fn placeholders(steps: &[Step]) -> Vec<Placeholder> {
    // Each placeholder found, with its name and the last step listed for it. A plan has a
    // score of distinct placeholders, so a linear search beats hashing every occurrence.
    let mut found: Vec<(&str, usize, Placeholder)> = Vec::new();
    for (number, step) in steps.iter().enumerate() {
        let texts = [
            Some(&step.title),
            step.command.as_ref(),
            step.node.as_ref(),
            step.note.as_ref(),
        ];
        for text in texts.into_iter().flatten() {
            let written = text.as_str();
            for span in placeholder_spans(written) {
                let Some(name) = written.get(span.clone()) else {
                    continue;
                };
                match found.iter_mut().find(|(known, ..)| *known == name) {
                    // Steps come in order: a step already listed is the last one.
                    Some((_, last, _)) if *last == number => {}
                    Some((_, last, placeholder)) => {
                        *last = number;
                        placeholder.steps.push(step.id.clone());
                    }
                    None => {
                        let mut new = placeholder(text.slice(span).unwrap_or_default());
                        new.steps.push(step.id.clone());
                        found.push((name, number, new));
                    }
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(_, _, placeholder)| placeholder)
        .collect()
}

/// A placeholder the steps carry, with its meaning (none for a name the runbook does not
/// know, which the runbook lint keeps out of the templates), and no steps yet.
fn placeholder(name: Text) -> Placeholder {
    let meaning = PLACEHOLDERS
        .iter()
        .find(|(known, _)| *known == &*name)
        .map_or_else(Text::default, |(_, meaning)| Text::from(*meaning));
    Placeholder {
        name,
        meaning,
        steps: Vec::new(),
    }
}

/// The `<name>` placeholders in a text: lowercase letters, digits and hyphens between angle
/// brackets (so `$(<env.sh)` and `< file` are not placeholders). The plan's text is mostly
/// prose without placeholders, so the `<`s are found with `memchr` (vectorised).
pub(crate) fn placeholder_names(text: &str) -> impl Iterator<Item = &str> {
    placeholder_spans(text).filter_map(|span| text.get(span))
}

/// The placeholders of [`placeholder_names`], as ranges of the text.
fn placeholder_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes).filter_map(move |start| {
        let (_, rest) = bytes.get(start..)?.split_first()?;
        // Names are short: a `>` further than this closes something else.
        let end = rest.iter().take(64).position(|b| *b == b'>')?;
        let name = rest.get(..end)?;
        let well_formed = name.first().is_some_and(u8::is_ascii_lowercase)
            && name
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-');
        // The `<`, the name and the `>`.
        let span_end = start.checked_add(end)?.checked_add(2)?;
        well_formed.then_some(start..span_end)
    })
}

#[cfg(test)]
mod tests {
    use super::{IMAGES, VERSION_NOTES, image, placeholder_names};
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
            .chain([super::PHASED_FROM, super::PHASED_TO, super::BACKUP_NEEDS_ID]);
        for range in ranges {
            assert!(Requirement::parse(range).is_ok(), "{range}");
        }
    }

    /// A `%name%` that is no token would be printed as written: every one in the runbook's
    /// data must be a token (single letters are `date` formats such as `%Y%m%d`).
    #[test]
    fn every_token_in_the_templates_is_known() {
        let sets = super::lint::template_sets();
        let templates = sets
            .iter()
            .flat_map(|(_, set)| set.iter())
            .chain(VERSION_NOTES.iter().map(|note| &note.template));
        for template in templates {
            for text in [Some(template.title), template.command, template.note]
                .into_iter()
                .flatten()
            {
                for name in text.split('%').skip(1).step_by(2) {
                    let word =
                        name.len() > 1 && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
                    assert!(
                        !word || super::Token::from_name(name).is_some(),
                        "{}: %{name}% is not a token",
                        template.slug
                    );
                }
            }
        }
    }

    #[test]
    fn placeholders_are_angle_bracketed_names() {
        let names: Vec<&str> =
            placeholder_names("cd <client-bundle-dir> && eval \"$(<env.sh)\" < file <Up> <a1-b>")
                .collect();
        assert_eq!(names, ["<client-bundle-dir>", "<a1-b>"]);
        // A `<` at the end, an unclosed one, and names next to multi-byte characters.
        for (text, expected) in [
            ("<", &[][..]),
            ("x <", &[]),
            ("<a", &[]),
            ("<>", &[]),
            ("<é>", &[]),
            ("é<a-b>é<c>", &["<a-b>", "<c>"]),
        ] {
            assert_eq!(
                placeholder_names(text).collect::<Vec<_>>(),
                expected,
                "{text}"
            );
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
