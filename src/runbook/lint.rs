//! The runbook lint: the runbook's data checked against itself and against a catalog, so
//! that a template cannot carry a placeholder nobody explains, a procedure cannot lack its
//! backup, upgrade or verify step, and no listed release is without a way to run it.

use super::templates::{
    GENERIC_MIGRATION, MANUAL_HOP, MKE_4_MIGRATION, MMT_EXTRACT_INPLACE, MSR_3_MIGRATION,
    MSR_4_MIGRATION, MSR_INSTALL, MSR_UNINSTALL, PLACEHOLDERS, Template, VERSION_NOTES,
};
use super::{image, placeholder_names, upgrade_templates};
use crate::catalog::{Catalog, Procedure};
use crate::lint::{LintCode, LintFinding, LintSubject};
use crate::plan::Phase;
use crate::version::Product;

/// Every template set the runbook has, by name.
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

/// The runbook's findings on a catalog: placeholders nobody explains, procedures without a
/// backup, upgrade or verify step, releases whose bootstrapper image is unknown, and release
/// lines with no documented procedure.
pub(crate) fn lint_runbook(catalog: &Catalog) -> Vec<LintFinding> {
    let mut findings = Vec::new();
    let notes = VERSION_NOTES.iter().map(|n| ("version notes", n.template));
    let all = template_sets()
        .into_iter()
        .flat_map(|(name, set)| set.iter().map(move |t| (name, *t)))
        .chain(notes);
    for (set, template) in all {
        let texts = [Some(template.title), template.command, template.note];
        for name in texts.into_iter().flatten().flat_map(placeholder_names) {
            if !PLACEHOLDERS.iter().any(|(known, _)| *known == name) {
                findings.push(LintFinding {
                    code: LintCode::UnknownPlaceholder,
                    path: format!("runbook.{set}.{}", template.slug),
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
