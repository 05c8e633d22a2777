//! The plan-wide steps (`plan/...`): the offline bundles to fetch, when to do the work, the
//! MSR host checks, the order of the hops and the artifacts to mirror.

use super::templates::{
    ARTIFACT_BY_HAND, ARTIFACT_COPY, ARTIFACT_HEADER, COMMAND_LINES, DOWNLOAD_BUNDLES,
    DOWNLOAD_BUNDLES_BY_HAND, MIRROR, MIRROR_COMMENT, MIRROR_MKE, MIRROR_PULL, MSR_HOST_CHECKS,
    ORDER_ITEM, ORDER_SEPARATOR, SCHEDULE, SCHEDULE_MSR, UPGRADE_ORDER,
};
use super::tokens::{Token, Tokens};
use super::{Runbook, procedures};
use crate::catalog::Procedure;
use crate::plan::{ArtifactKind, Hop};
use crate::request::State;
use crate::table::RuleId;
use crate::version::{Product, Version};

impl Runbook<'_> {
    /// The plan-wide steps of `hops` (`states[i]` is the state before hop `i`), sorted by
    /// phase; the artifacts are already collected.
    pub(super) fn plan_wide(&mut self, hops: &[Hop], states: &[State]) {
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
            .map(|h| {
                let mut item = Tokens::of(Token::Product, h.product.as_str());
                item.set(Token::To, h.to_text());
                item.fill(ORDER_ITEM).into_owned()
            })
            .collect();
        if self.request.offline {
            self.download_step();
        }
        let schedule = if touches_msr { SCHEDULE_MSR } else { SCHEDULE };
        self.push(0, &schedule, &empty);
        if msr_hosts {
            for check in MSR_HOST_CHECKS {
                self.push(0, check, &empty);
            }
        }
        let order = order.join(ORDER_SEPARATOR);
        self.push(0, &UPGRADE_ORDER, &empty.with(Token::Order, &order));
        if !self.request.offline {
            self.mirror_step(hops);
        }
        let start = self.steps.iter().position(|s| s.hop == 0).unwrap_or(0);
        if let Some(steps) = self.steps.get_mut(start..) {
            steps.sort_by_key(|s| s.phase);
        }
    }

    /// Offline: every artifact fetched beforehand, each under a line that names its source,
    /// then each file copied to the machines that use it. An artifact no command fetches
    /// makes the step one for a person.
    fn download_step(&mut self) {
        let mut lines: Vec<String> = Vec::new();
        let mut by_hand = false;
        for artifact in &self.artifacts {
            let mut tokens = Tokens::of(Token::Artifact, artifact.name.as_str());
            tokens.set(
                Token::Source,
                artifact.source.as_deref().unwrap_or_default(),
            );
            if let Some(download) = &artifact.download {
                lines.push(tokens.fill(ARTIFACT_HEADER).into_owned());
                lines.push(download.clone());
            } else {
                by_hand = true;
                lines.push(tokens.fill(ARTIFACT_BY_HAND).into_owned());
            }
        }
        lines.extend(self.artifacts.iter().filter_map(|a| {
            let file = a.file.as_deref()?;
            Some(
                Tokens::of(Token::Artifact, file)
                    .fill(ARTIFACT_COPY)
                    .into_owned(),
            )
        }));
        let commands = lines.join(COMMAND_LINES);
        let template = if by_hand {
            &DOWNLOAD_BUNDLES_BY_HAND
        } else {
            &DOWNLOAD_BUNDLES
        };
        self.push(0, template, &Tokens::of(Token::Commands, commands));
    }

    /// Online: the images and packages to mirror, pulled where they can be.
    fn mirror_step(&mut self, hops: &[Hop]) {
        let lines: Vec<String> = self
            .artifacts
            .iter()
            .filter(|a| a.kind != ArtifactKind::Bundle)
            .map(|a| {
                let line = match a.kind {
                    ArtifactKind::Image if !a.name.contains(' ') => MIRROR_PULL,
                    _ => MIRROR_COMMENT,
                };
                Tokens::of(Token::Artifact, a.name.as_str())
                    .fill(line)
                    .into_owned()
            })
            .collect();
        let mke_bootstrapper = hops.iter().any(|h| {
            h.product == Product::Mke
                && h.rule != RuleId::Migration
                && procedures(self.catalog, h).first() == Some(&Procedure::UcpCli)
        });
        let mirror = if mke_bootstrapper { MIRROR_MKE } else { MIRROR };
        if !lines.is_empty() {
            let commands = lines.join(COMMAND_LINES);
            self.push(0, &mirror, &Tokens::of(Token::Commands, commands));
        }
    }
}
