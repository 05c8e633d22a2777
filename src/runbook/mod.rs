//! The runbook: every hop becomes the exact, ordered steps an operator or an installer runs.
//!
//! The steps are data (`templates`): one set per procedure, picked by how the catalog says
//! each release line is operated ([`Procedure`]), never by the product name alone, plus
//! version-specific steps keyed by version ranges, the image repository of each release
//! range, the steps the builder adds (node groups, replicas, gates, plan-wide steps) and the
//! names of artifacts. The code only picks templates and fills their `%tokens%` with the
//! hop's versions, the site's values (or visible placeholders such as `<mke-url>`) and lists
//! it computes (nodes, requirements, bundles), and lists the placeholders left: it holds no
//! step text. `lint` checks the data. Sources: the seed document (MSR install and upgrade),
//! `mirantis-facts.md` and the vendor pages each procedure names.
//!
//! The builder is cut along its seams: the steps of each hop (`hops`), the token values of a
//! hop (`values`), the artifacts (`artifacts`), the plan-wide steps (`plan_wide`) and the
//! placeholders the steps carry (`placeholders`).

mod artifacts;
mod hops;
mod lint;
mod placeholders;
mod plan_wide;
mod templates;
mod tokens;
mod values;

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::OnceLock;

pub(crate) use lint::lint_runbook;
pub(crate) use placeholders::placeholders;
pub(crate) use templates::RUNBOOK_FACTS;
use templates::{
    BACKUP_NEEDS_ID, BUNDLE_WITH_CHECKSUM, GENERIC_MIGRATION, IMAGES, MANUAL_HOP, MCR_HOP_START,
    MKE_4_HOP, MKE_4_MIGRATION, MKE_HOP, MSR_2_HOP, MSR_3_HELM_HOP, MSR_3_MIGRATION,
    MSR_3_OPERATOR_HOP, MSR_4_HOP, MSR_4_MIGRATION, MSR_4_REPLICATION, NO_SWARM, PHASED_FROM,
    PHASED_TO, Role, Template, VERSION_NOTES,
};
use tokens::{Span, Token, Tokens};

use crate::catalog::{Catalog, Procedure};
use crate::plan::{Artifact, Hop, MAX_PLAN_HOPS, Phase, Shell, Step};
use crate::request::{Request, State};
use crate::requirement::Requirement;
use crate::text::{Text, push_decimal};
use crate::version::{Product, Version};

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
    no_swarm: Option<Requirement>,
    bundle_with_checksum: Option<Requirement>,
}

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
            no_swarm: parse(NO_SWARM),
            bundle_with_checksum: parse(BUNDLE_WITH_CHECKSUM),
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

/// The steps of a migration into a line operated with `procedure`: the migration's own tool
/// (for MSR 4, image replication instead when the site chose it).
fn migration_templates(
    product: Product,
    procedure: Procedure,
    msr4_by_replication: bool,
) -> &'static [Template] {
    match (product, procedure) {
        (Product::Msr, Procedure::Helm | Procedure::MsrOperator) => MSR_3_MIGRATION,
        (Product::Msr, Procedure::Msr4Helm) if msr4_by_replication => MSR_4_REPLICATION,
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
    unattended: bool,
    env: &'static [&'static str],
    source: Option<&'static str>,
    shell: Shell,
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
            unattended: self.unattended,
            env: self.env.iter().map(|name| (*name).to_owned()).collect(),
            source: self.source.map(Text::from),
            shell: self.shell,
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
        for (number, (hop, state)) in (1_usize..).zip(hops.iter().zip(states)) {
            self.collect_artifacts(number, hop, state);
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

    /// Writes a step's id: `hop-2/backup-msr`, or `plan/schedule` for a plan-wide step; the
    /// slug is given in parts (`["drain", "-", "workers"]`). Built by hand rather than with
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

    /// Pushes a step of hop `hop_number` (0: the plan) with its template's slug as id.
    fn push(&mut self, hop_number: usize, template: &Template, tokens: &Tokens) {
        let id = self.write_id(hop_number, &[template.slug]);
        self.push_as(id, hop_number, template, tokens);
    }

    /// Pushes a step with its own id rather than its template's slug.
    fn push_as(&mut self, id: Span, hop_number: usize, template: &Template, tokens: &Tokens) {
        self.push_on(id, hop_number, template, tokens, None);
    }

    /// Pushes a step with its own id, on the given nodes (names joined) where the step is for
    /// some of its role's nodes only.
    fn push_on(
        &mut self,
        id: Span,
        hop_number: usize,
        template: &Template,
        tokens: &Tokens,
        nodes: Option<&str>,
    ) {
        // Offline, a step that would fetch something gives way to the one its template names
        // (`Template::offline`): same id and phase, the replacement's text and command. On a
        // site with its own registry for the hop's images, a pull gives way likewise
        // (`Template::mirrored`).
        let mirrored = tokens.get(Token::ImageMirror).is_some();
        let source = match (template.offline, template.mirrored) {
            (Some(replacement), _) if self.request.offline => replacement,
            (_, Some(replacement)) if mirrored && !self.request.offline => replacement,
            _ => template,
        };
        let title = tokens.fill_into(source.title, &mut self.written);
        let command = source
            .command
            .map(|c| tokens.fill_into(c, &mut self.written));
        // Every step says where it runs: one without a node of its own runs on any machine
        // that reaches the cluster, or, with nothing to run, on none.
        let role = source.node.unwrap_or(if source.command.is_some() {
            Role::Workstation
        } else {
            Role::NoCommand
        });
        let names = nodes.map(str::to_owned).or_else(|| self.node_names(role));
        let runs_on = Some(role).map(|role| match names.as_deref() {
            Some(names) => {
                Tokens::of(Token::Nodes, names).fill_into(role.listed(), &mut self.written)
            }
            None => tokens.fill_into(role.describe(), &mut self.written),
        });
        let note = source
            .note
            .or(template.note)
            .map(|text| tokens.fill_into(text, &mut self.written));
        self.steps.push(Draft {
            id,
            hop: hop_number,
            phase: template.phase,
            title,
            command,
            rerun_safe: source.rerun_safe,
            node: runs_on,
            note,
            unattended: source.unattended(),
            env: source.env,
            source: source.source.or(template.source),
            shell: source.shell,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::templates::{
        BACKUP_NEEDS_ID, BUNDLE_WITH_CHECKSUM, IMAGES, PHASED_FROM, PHASED_TO, VERSION_NOTES,
    };
    use super::{Token, image, lint};
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
            .chain([
                PHASED_FROM,
                PHASED_TO,
                BACKUP_NEEDS_ID,
                BUNDLE_WITH_CHECKSUM,
            ]);
        for range in ranges {
            assert!(Requirement::parse(range).is_ok(), "{range}");
        }
    }

    /// A `%name%` that is no token would be printed as written: every one in the runbook's
    /// data must be a token (single letters are `date` formats such as `%Y%m%d`).
    #[test]
    fn every_token_in_the_templates_is_known() {
        for (set, slug, text) in lint::texts() {
            for name in text.split('%').skip(1).step_by(2) {
                let word =
                    name.len() > 1 && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
                assert!(
                    !word || Token::from_name(name).is_some(),
                    "{set}.{slug}: %{name}% is not a token"
                );
            }
        }
    }

    /// The step texts are the templates' data: the code that fills them writes no command.
    /// Every string literal of the other files of the runbook is checked for the start of a
    /// shell command.
    #[test]
    fn the_code_that_fills_the_templates_holds_no_command() {
        let files = [
            ("mod.rs", include_str!("mod.rs")),
            ("hops.rs", include_str!("hops.rs")),
            ("values.rs", include_str!("values.rs")),
            ("artifacts.rs", include_str!("artifacts.rs")),
            ("plan_wide.rs", include_str!("plan_wide.rs")),
            ("placeholders.rs", include_str!("placeholders.rs")),
            ("tokens.rs", include_str!("tokens.rs")),
            ("lint.rs", include_str!("lint.rs")),
        ];
        let programs = [
            "docker", "curl", "sudo", "kubectl", "helm", "mkectl", "wget", "scp",
        ];
        for (file, source) in files {
            // A file's own tests may write commands: they are test data, not runbook text.
            let code = source.split("#[cfg(test)]").next().unwrap_or(source);
            for literal in string_literals(code) {
                for line in literal.lines() {
                    // A program with arguments (`docker pull`), not the program's name.
                    let mut words = line.split_whitespace();
                    let command = words.next().filter(|_| words.next().is_some());
                    assert!(
                        command.is_none_or(|program| !programs.contains(&program)),
                        "{file}: a command in the code: {literal:?}"
                    );
                }
            }
        }
        // The check finds what it looks for, and not in comments.
        let sample = concat!("let x = \"", "docker", " pull", "\"; // \"", "sudo", " x\"");
        assert_eq!(string_literals(sample), [concat!("docker", " pull")]);
    }

    /// The string literals of Rust source, comments left out (enough for the runbook's
    /// files: no raw strings, and a `'"'` is a character).
    fn string_literals(source: &str) -> Vec<String> {
        let mut literals = Vec::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '/' if chars.peek() == Some(&'/') => {
                    chars.by_ref().take_while(|c| *c != '\n').for_each(drop);
                }
                '\'' => {
                    // A character literal (`'"'`, `'\''`) or a lifetime (`'a`).
                    let rest: String = chars.clone().take(3).collect();
                    if rest.starts_with('\\') {
                        chars.by_ref().take_while(|c| *c != '\'').for_each(drop);
                        chars.next_if_eq(&'\'');
                    } else if rest.chars().nth(1) == Some('\'') {
                        chars.nth(1);
                    }
                }
                '"' => {
                    let mut literal = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                if let Some(next) = chars.next() {
                                    literal.push(if next == 'n' { '\n' } else { next });
                                }
                            }
                            '"' => break,
                            c => literal.push(c),
                        }
                    }
                    literals.push(literal);
                }
                _ => {}
            }
        }
        literals
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
