//! The artifacts of a plan: the images, packages and offline bundles each hop needs, named by
//! the templates.

use super::templates::{
    BOOTSTRAPPER_IMAGE, DOCUMENTED_PACKAGE, FALLBACKS, HELM_CHART, MCR_BUNDLE, MCR_PACKAGES,
    MKE_IMAGE_BUNDLE, MKECTL_PACKAGE, MMT_IMAGE, MSR_IMAGE_BUNDLE, RETHINKCLI_BUNDLE,
    RETHINKCLI_IMAGE, UNNAMED_CHART,
};
use super::tokens::{Token, Tokens};
use super::{Runbook, image, procedures};
use crate::catalog::Procedure;
use crate::plan::{Artifact, ArtifactKind, Hop};
use crate::table::RuleId;
use crate::version::Product;

impl Runbook<'_> {
    /// Adds the artifacts of hop `hop_number` (an artifact several hops need is listed once,
    /// with each hop), bundles first.
    pub(super) fn collect_artifacts(&mut self, hop_number: usize, hop: &Hop) {
        let Some(to) = hop.to.as_ref() else { return };
        let mut tokens = Tokens::of(Token::To, hop.to_text());
        tokens.set(Token::Channel, to.line_text());
        tokens.set(Token::Product, hop.product.as_str());
        tokens.set(Token::ToolVersion, self.tool_version(hop));
        let offline = self.request.offline;
        let procedure = procedures(self.catalog, hop)
            .first()
            .copied()
            .unwrap_or(Procedure::Manual);
        // The names, by kind, before they are added.
        let mut names: Vec<(ArtifactKind, &'static str)> = Vec::new();
        match (hop.product, hop.rule, procedure) {
            (Product::Msr, RuleId::Migration, Procedure::Helm | Procedure::MsrOperator) => {
                names.push((ArtifactKind::Image, MMT_IMAGE));
            }
            (_, _, Procedure::Mkectl) => names.push((ArtifactKind::Package, MKECTL_PACKAGE)),
            (_, _, Procedure::Packages) => {
                names.push((ArtifactKind::Package, MCR_PACKAGES));
                if offline {
                    names.push((ArtifactKind::Bundle, MCR_BUNDLE));
                }
            }
            (_, _, Procedure::Helm | Procedure::MsrOperator | Procedure::Msr4Helm) => {
                let chart = self
                    .catalog
                    .operation(hop.product, to)
                    .chart
                    .clone()
                    .unwrap_or_else(|| tokens.fill(UNNAMED_CHART).into_owned());
                tokens.set(Token::Chart, chart);
                names.push((ArtifactKind::Package, HELM_CHART));
            }
            (_, RuleId::Migration, _) | (_, _, Procedure::Manual) => {
                names.push((ArtifactKind::Package, DOCUMENTED_PACKAGE));
            }
            (product, _, Procedure::DtrCli | Procedure::UcpCli) => {
                tokens.set(
                    Token::Image,
                    image(product, to).unwrap_or(FALLBACKS.msr_image),
                );
                names.push((ArtifactKind::Image, BOOTSTRAPPER_IMAGE));
                if offline {
                    let bundle = if product == Product::Mke {
                        MKE_IMAGE_BUNDLE
                    } else {
                        MSR_IMAGE_BUNDLE
                    };
                    names.push((ArtifactKind::Bundle, bundle));
                }
                if procedure == Procedure::DtrCli {
                    // The metadata-store check runs the RethinkDB shell.
                    names.push((ArtifactKind::Image, RETHINKCLI_IMAGE));
                    if offline {
                        names.push((ArtifactKind::Bundle, RETHINKCLI_BUNDLE));
                    }
                }
            }
        }
        for (kind, name) in names {
            let name = tokens.fill(name);
            match self
                .artifacts
                .iter_mut()
                .find(|a| a.kind == kind && a.name == name)
            {
                Some(artifact) => artifact.hops.push(hop_number),
                None => self.artifacts.push(Artifact {
                    kind,
                    name: name.into_owned(),
                    hops: vec![hop_number],
                }),
            }
        }
        // Bundles first: they are what an offline site downloads before anything else.
        self.artifacts
            .sort_by_key(|a| a.kind != ArtifactKind::Bundle);
    }
}
