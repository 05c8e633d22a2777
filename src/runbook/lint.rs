//! The runbook lint: the runbook's data checked against itself and against a catalog, so
//! that a template cannot carry a placeholder nobody explains, a procedure cannot lack its
//! backup, upgrade or verify step, and no listed release is without a way to run it.

use super::placeholders::placeholder_names;
use super::templates::{
    GENERIC_MIGRATION, HOP_CHECKS, IMAGE_LOADS, MANUAL_HOP, MCR_HOP_END, MCR_NODE_STEPS,
    MCR_SET_CHANNEL, MKE_4_MIGRATION, MMT_EXTRACT_INPLACE, MSR_3_MIGRATION, MSR_4_MIGRATION,
    MSR_HOST_CHECKS, MSR_INSTALL, MSR_UNINSTALL, PLACEHOLDERS, PLAN_STEPS, REPLICA_STEPS, Role,
    STORAGE_BACKUPS, TEXTS, Template, VERSION_NOTES, procedure_name, version_placeholder,
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
        (
            "mmt-extract-inplace",
            std::slice::from_ref(&MMT_EXTRACT_INPLACE),
        ),
    ]);
    sets
}

/// The steps the builder adds to a hop's templates or to the plan, by name.
fn part_sets() -> [(&'static str, &'static [Template]); 9] {
    [
        ("mcr-set-channel", std::slice::from_ref(&MCR_SET_CHANNEL)),
        ("mcr-node-groups", MCR_NODE_STEPS),
        ("mcr-hop-end", MCR_HOP_END),
        ("storage-backups", STORAGE_BACKUPS),
        ("replicas", REPLICA_STEPS),
        ("hop-checks", HOP_CHECKS),
        ("image-loads", IMAGE_LOADS),
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
        .flat_map(|(name, set)| set.iter().map(move |t| (name, t)))
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
    templates
        .chain(TEXTS.iter().map(|(name, text)| ("texts", *name, *text)))
        .chain(roles)
        .chain(procedures)
        .chain(versions)
        .collect()
}

/// The runbook's findings on a catalog: placeholders nobody explains, procedures without a
/// backup, upgrade or verify step, releases whose bootstrapper image is unknown, and release
/// lines with no documented procedure.
pub(crate) fn lint_runbook(catalog: &Catalog) -> Vec<LintFinding> {
    let mut findings = Vec::new();
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
        // MCR's node groups and the install's replica steps are added by the builder, and the
        // in-place extract replaces a step of msr-3-migration.
        if set == Procedure::Packages.as_str()
            || ["msr-install", "msr-uninstall", "mmt-extract-inplace"].contains(&set)
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
