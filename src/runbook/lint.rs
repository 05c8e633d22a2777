//! The runbook lint: the runbook's data checked against itself and against a catalog, so
//! that a template cannot carry a placeholder nobody explains, a procedure cannot lack its
//! backup, upgrade or verify step, and no listed release is without a way to run it.

use super::placeholders::placeholder_names;
use super::templates::{
    ARTIFACT_SETS, GENERIC_MIGRATION, HOP_CHECKS, LAUNCHPAD_APPLY_FORCED, LAUNCHPAD_HOP,
    MANUAL_HOP, MCR_FIPS_CHANNEL, MCR_HOP_END, MCR_HOP_NO_SWARM, MCR_INSTALLS, MCR_NODE_STEPS,
    MCR_SET_CHANNELS, MIRRORED_STEPS, MKE_4_MIGRATION, MMT_INPLACE, MSR_3_MIGRATION,
    MSR_4_MIGRATION, MSR_4_REPLICATION, MSR_HOST_CHECKS, MSR_INSTALL, MSR_UNINSTALL, OFFLINE_STEPS,
    PLACEHOLDERS, PLAN_STEPS, REPLICA_STEPS, Role, STORAGE_BACKUPS, TERMINAL_MARKERS, TEXTS,
    Template, VERSION_NOTES, procedure_name, version_placeholder,
};
use super::{image, upgrade_templates};
use crate::catalog::{Catalog, Procedure};
use crate::lint::{LintCode, LintFinding, LintSubject};
use crate::plan::Phase;
use crate::version::Product;

/// Every template set of a hop, by name: each has its backup, upgrade and verify steps, but
/// for those the lint names.
pub(super) fn template_sets() -> Vec<(&'static str, &'static [Template])> {
    let mut sets: Vec<(&'static str, &'static [Template])> = Procedure::ALL
        .into_iter()
        .map(|p| (p.as_str(), upgrade_templates(p)))
        .collect();
    sets.extend([
        ("msr-3-migration", MSR_3_MIGRATION),
        ("msr-4-migration", MSR_4_MIGRATION),
        ("mke-4-migration", MKE_4_MIGRATION),
        ("generic-migration", GENERIC_MIGRATION),
        ("msr-install", MSR_INSTALL),
        ("msr-uninstall", MSR_UNINSTALL),
        ("manual", MANUAL_HOP),
        ("msr-4-replication", MSR_4_REPLICATION),
        ("mmt-inplace", MMT_INPLACE),
        ("mcr-no-swarm", MCR_HOP_NO_SWARM),
    ]);
    sets
}

/// The steps the builder adds to a hop's templates or to the plan, by name.
fn part_sets() -> [(&'static str, &'static [Template]); 14] {
    [
        ("launchpad", LAUNCHPAD_HOP),
        (
            "launchpad-forced",
            std::slice::from_ref(&LAUNCHPAD_APPLY_FORCED),
        ),
        ("mcr-set-channel", MCR_SET_CHANNELS),
        ("mcr-fips", std::slice::from_ref(&MCR_FIPS_CHANNEL)),
        ("mcr-installs", MCR_INSTALLS),
        ("mcr-node-groups", MCR_NODE_STEPS),
        ("mcr-hop-end", MCR_HOP_END),
        ("storage-backups", STORAGE_BACKUPS),
        ("replicas", REPLICA_STEPS),
        ("hop-checks", HOP_CHECKS),
        ("offline", OFFLINE_STEPS),
        ("mirrored", MIRRORED_STEPS),
        ("plan", PLAN_STEPS),
        ("msr-host-checks", MSR_HOST_CHECKS),
    ]
}

/// Every text of the runbook's data, as (set, name, text): the title, command and note of
/// each template, the version notes, the other texts the builder fills (`TEXTS`), the roles
/// in words and as node lists, the procedures in words and the versions of products not
/// installed. The lint checks their placeholders, and a test their tokens.
pub(super) fn texts() -> Vec<(&'static str, &'static str, &'static str)> {
    let notes = VERSION_NOTES.iter().map(|n| ("version notes", &n.template));
    let templates = template_sets()
        .into_iter()
        .chain(part_sets())
        .flat_map(|(name, set)| set.iter().flat_map(move |t| with_replacements(name, t)))
        .chain(notes)
        .flat_map(|(set, t)| {
            [Some(t.title), t.command, t.note]
                .into_iter()
                .flatten()
                .map(move |text| (set, t.slug, text))
        });
    let roles = Role::ALL.into_iter().flat_map(|role| {
        [
            ("roles", "described", role.describe()),
            ("roles", "listed", role.listed()),
        ]
    });
    let procedures = Procedure::ALL
        .into_iter()
        .map(|p| ("procedures", p.as_str(), procedure_name(p)));
    let versions = Product::ALL
        .into_iter()
        .map(|p| ("versions", p.as_str(), version_placeholder(p)));
    let artifacts = ARTIFACT_SETS.iter().flat_map(|(set, specs)| {
        specs.iter().flat_map(move |spec| {
            [Some(spec.name), Some(spec.source), spec.download, spec.file]
                .into_iter()
                .flatten()
                .map(move |text| (*set, spec.name, text))
        })
    });
    templates
        .chain(artifacts)
        .chain(TEXTS.iter().map(|(name, text)| ("texts", *name, *text)))
        .chain(roles)
        .chain(procedures)
        .chain(versions)
        .collect()
}

/// A template and the steps that replace it (offline, or on a site with its own registry),
/// if any, with the set's name.
fn with_replacements(
    name: &'static str,
    template: &'static Template,
) -> impl Iterator<Item = (&'static str, &'static Template)> {
    std::iter::once((name, template))
        .chain(template.offline.map(|t| (name, t)))
        .chain(template.mirrored.map(|t| (name, t)))
}

/// Every template with its set's name: the hops' sets, the builder's parts, the version
/// notes, and each one's replacements.
fn all_templates() -> impl Iterator<Item = (&'static str, &'static Template)> {
    let notes = VERSION_NOTES
        .iter()
        .flat_map(|n| with_replacements("version-notes", &n.template));
    template_sets()
        .into_iter()
        .chain(part_sets())
        .flat_map(|(name, set)| set.iter().flat_map(move |t| with_replacements(name, t)))
        .chain(notes)
}

/// What an installer needs of each step (`template_findings`), for every template.
fn execution_findings() -> Vec<LintFinding> {
    all_templates()
        .flat_map(|(set, template)| template_findings(set, template))
        .collect()
}

/// What an installer needs of a step: a command names its vendor source, an unattended
/// command reads no terminal, and the environment variables a command reads are the ones the
/// step declares.
fn template_findings(set: &str, template: &Template) -> Vec<LintFinding> {
    let mut findings = Vec::new();
    let Some(command) = template.command else {
        return findings;
    };
    let step = format!("{set}.{}", template.slug);
    let mut report = |code, subject| {
        findings.push(LintFinding {
            code,
            path: format!("runbook.{step}"),
            subject,
        });
    };
    if template.source.is_none() {
        report(
            LintCode::NoSource,
            LintSubject::NoSource { step: step.clone() },
        );
    }
    if template.unattended()
        && let Some(marker) = TERMINAL_MARKERS.iter().find(|m| command.contains(**m))
    {
        report(
            LintCode::NeedsTerminal,
            LintSubject::NeedsTerminal {
                step: step.clone(),
                marker,
            },
        );
    }
    for name in template.env {
        if !reads_variable(command, name) {
            report(
                LintCode::UndeclaredEnv,
                LintSubject::UndeclaredEnv {
                    step: step.clone(),
                    name: (*name).to_owned(),
                    declared: true,
                },
            );
        }
    }
    for name in passed_by_name(command) {
        if !template.env.contains(&name) {
            report(
                LintCode::UndeclaredEnv,
                LintSubject::UndeclaredEnv {
                    step: step.clone(),
                    name: name.to_owned(),
                    declared: false,
                },
            );
        }
    }
    findings
}

/// Whether a command reads an environment variable: `$NAME`, `${NAME}`, jq's `env.NAME` or
/// docker's `-e NAME`.
fn reads_variable(command: &str, name: &str) -> bool {
    [
        format!("${name}"),
        format!("${{{name}}}"),
        format!("env.{name}"),
        format!("-e {name}"),
    ]
    .iter()
    .any(|form| command.contains(form.as_str()))
}

/// The variables a command passes to a container by name (`-e UCP_PASSWORD`).
fn passed_by_name(command: &str) -> impl Iterator<Item = &str> {
    command.split(" -e ").skip(1).filter_map(|rest| {
        let name = rest.split_whitespace().next()?;
        (!name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'))
            .then_some(name)
    })
}

/// The runbook's findings on a catalog: placeholders nobody explains, procedures without a
/// backup, upgrade or verify step, releases whose bootstrapper image is unknown, and release
/// lines with no documented procedure.
pub(crate) fn lint_runbook(catalog: &Catalog) -> Vec<LintFinding> {
    let mut findings = execution_findings();
    for (set, slug, text) in texts() {
        for name in placeholder_names(text) {
            if !PLACEHOLDERS.iter().any(|(known, _)| *known == name) {
                findings.push(LintFinding {
                    code: LintCode::UnknownPlaceholder,
                    path: format!("runbook.{set}.{slug}"),
                    subject: LintSubject::UnknownPlaceholder {
                        name: name.to_owned(),
                    },
                });
            }
        }
    }
    for (set, templates) in template_sets() {
        // MCR's node groups and engine installs and the install's replica steps are added by
        // the builder, and the in-place stages replace steps of msr-3-migration.
        if set == Procedure::Packages.as_str()
            || [
                "msr-install",
                "msr-uninstall",
                "mmt-inplace",
                "mcr-no-swarm",
            ]
            .contains(&set)
        {
            continue;
        }
        for (phase, name) in [
            (Phase::Backup, "backup"),
            (Phase::Upgrade, "upgrade"),
            (Phase::Verify, "verify"),
        ] {
            if !templates.iter().any(|t| t.phase == phase) {
                findings.push(LintFinding {
                    code: LintCode::MissingPhase,
                    path: format!("runbook.{set}"),
                    subject: LintSubject::MissingPhase { set, phase: name },
                });
            }
        }
    }
    for product in Product::ALL {
        for release in catalog.releases(product) {
            let operation = catalog.operation(product, &release.version);
            let procedures = &operation.procedures;
            let bootstrapped = procedures
                .iter()
                .any(|p| matches!(p, Procedure::DtrCli | Procedure::UcpCli));
            if bootstrapped && image(product, &release.version).is_none() {
                findings.push(LintFinding {
                    code: LintCode::NoImage,
                    path: format!("products.{product}"),
                    subject: LintSubject::NoImage {
                        product,
                        version: release.version.clone(),
                    },
                });
            }
            let helm = procedures
                .iter()
                .any(|p| matches!(p, Procedure::Helm | Procedure::MsrOperator));
            if helm
                && procedures.contains(&Procedure::Helm)
                && release.helm_chart.is_none()
                && !release.version.is_pre_release()
            {
                findings.push(LintFinding {
                    code: LintCode::NoChartVersion,
                    path: format!("products.{product}"),
                    subject: LintSubject::NoChartVersion {
                        product,
                        version: release.version.clone(),
                    },
                });
            }
        }
        let mut seen: Vec<String> = Vec::new();
        for release in catalog.releases(product) {
            let line = release.version.line().to_string();
            if seen.contains(&line) {
                continue;
            }
            seen.push(line.clone());
            if catalog.operation(product, &release.version).procedures == [Procedure::Manual] {
                findings.push(LintFinding {
                    code: LintCode::NoProcedure,
                    path: format!("products.{product}.procedures"),
                    subject: LintSubject::NoProcedure {
                        product,
                        line: release.version.line(),
                    },
                });
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::{MIRRORED_STEPS, OFFLINE_STEPS, Template, all_templates, template_findings};
    use crate::lint::LintCode;
    use crate::plan::Phase;
    use crate::runbook::templates::step;

    fn codes(template: &super::Template) -> Vec<LintCode> {
        template_findings("test", template)
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn a_command_without_a_source_is_an_error() {
        let bare = step(Phase::Upgrade, "x", "X").command("docker ps");
        assert_eq!(codes(&bare), [LintCode::NoSource]);
        assert!(LintCode::NoSource.is_error());
        assert!(codes(&bare.source("https://docs.example/x")).is_empty());
        // A step with nothing to run needs no source.
        assert!(codes(&step(Phase::Post, "y", "Y")).is_empty());
    }

    #[test]
    fn an_unattended_command_reads_no_terminal() {
        let sourced = |command| {
            step(Phase::Upgrade, "x", "X")
                .command(command)
                .source("https://docs.example/x")
        };
        for command in [
            "read -sp 'password: ' P; echo",
            "docker run -it --rm image upgrade",
            "docker run --rm image upgrade --interactive",
            "curl -sk -u %admin% -X POST https://x",
        ] {
            assert_eq!(
                codes(&sourced(command)),
                [LintCode::NeedsTerminal],
                "{command}"
            );
            // Marked by hand (with its reason in the note), the same command is allowed.
            assert!(codes(&sourced(command).by_hand()).is_empty(), "{command}");
        }
        assert!(codes(&sourced("docker run -i --rm image upgrade")).is_empty());
    }

    #[test]
    fn environment_variables_are_declared_and_read() {
        let sourced = |command| {
            step(Phase::Upgrade, "x", "X")
                .command(command)
                .source("https://docs.example/x")
        };
        // Passed by name and declared; read as $NAME or jq's env.NAME.
        assert!(
            codes(&sourced("docker run -i -e UCP_PASSWORD image").env(&["UCP_PASSWORD"]))
                .is_empty()
        );
        assert!(codes(&sourced("printf '%s' \"$MSR_TOKEN\" | x").env(&["MSR_TOKEN"])).is_empty());
        assert!(codes(&sourced("jq -n '{p: env.MKE_PASSWORD}'").env(&["MKE_PASSWORD"])).is_empty());
        // Passed by name, not declared.
        assert_eq!(
            codes(&sourced("docker run -i -e UCP_PASSWORD image")),
            [LintCode::UndeclaredEnv]
        );
        // Declared, never read.
        assert_eq!(
            codes(&sourced("docker ps").env(&["MKE_PASSWORD"])),
            [LintCode::UndeclaredEnv]
        );
    }

    /// A step's replacement (offline, or on a site with its own registry) takes its place in
    /// the same phase (the hop's order stays), and every replacement step is some step's: the
    /// lists hold no dead data, and the lint reaches each one through the step it replaces.
    #[test]
    fn replacements_keep_the_phase_and_each_replaces_a_step() {
        type Pick = fn(&Template) -> Option<&'static Template>;
        let kinds: [(&str, Pick, &[Template]); 2] = [
            ("offline", |t| t.offline, OFFLINE_STEPS),
            ("mirrored", |t| t.mirrored, MIRRORED_STEPS),
        ];
        for (kind, pick, list) in kinds {
            let replaced: Vec<(&str, &str)> = all_templates()
                .filter_map(|(set, template)| {
                    let replacement = pick(template)?;
                    assert_eq!(
                        replacement.phase, template.phase,
                        "{set}.{}: replaced {kind} in another phase",
                        template.slug
                    );
                    Some((template.slug, replacement.title))
                })
                .collect();
            assert!(replaced.len() >= list.len(), "{kind}: {replaced:?}");
            for step in list {
                assert!(
                    replaced.iter().any(|(_, title)| *title == step.title),
                    "{kind}: {} replaces no step",
                    step.slug
                );
            }
        }
    }
}
