//! The artifacts of a plan: the images, packages, charts, binaries and files each hop needs,
//! each with its source and, offline, the lines that fetch it beforehand and the file the
//! site's steps use it from. What they are is data (`templates`, [`ArtifactSpec`]); this
//! picks the set of a hop and fills it.

use super::templates::{
    ArtifactSpec, DOCUMENTED_ARTIFACTS, DTR_CLI_ARTIFACTS, FALLBACKS, MCR_ARTIFACTS,
    MKECTL_ARTIFACTS, MMT_ARTIFACTS, MSR_3_HELM_ARTIFACTS, MSR_4_ARTIFACTS, MSR_OPERATOR_ARTIFACTS,
    Needed, UCP_CLI_ARTIFACTS, UNNAMED_CHART,
};
use super::tokens::Token;
use super::{Runbook, image, procedures};
use crate::catalog::Procedure;
use crate::plan::{Artifact, ArtifactKind, Hop};
use crate::request::State;
use crate::table::RuleId;
use crate::version::Product;

/// The artifacts of a hop, by its product, rule and procedure.
fn artifact_set(product: Product, rule: RuleId, procedure: Procedure) -> &'static [ArtifactSpec] {
    match (product, rule, procedure) {
        (Product::Msr, RuleId::Migration, Procedure::Helm | Procedure::MsrOperator) => {
            MMT_ARTIFACTS
        }
        (_, _, Procedure::Mkectl) => MKECTL_ARTIFACTS,
        (_, _, Procedure::Packages) => MCR_ARTIFACTS,
        (_, _, Procedure::Msr4Helm) => MSR_4_ARTIFACTS,
        (_, _, Procedure::Helm) => MSR_3_HELM_ARTIFACTS,
        (_, _, Procedure::MsrOperator) => MSR_OPERATOR_ARTIFACTS,
        (_, RuleId::Migration, _) | (_, _, Procedure::Manual) => DOCUMENTED_ARTIFACTS,
        (_, _, Procedure::DtrCli) => DTR_CLI_ARTIFACTS,
        (_, _, Procedure::UcpCli) => UCP_CLI_ARTIFACTS,
    }
}

impl Runbook<'_> {
    /// Adds the artifacts of hop `hop_number` (`state` is the state before it; an artifact
    /// several hops need is listed once, with each hop), files to carry in first.
    pub(super) fn collect_artifacts(&mut self, hop_number: usize, hop: &Hop, state: &State) {
        let Some(to) = hop.to.as_ref() else { return };
        let offline = self.request.offline;
        let procedure = procedures(self.catalog, hop)
            .first()
            .copied()
            .unwrap_or(Procedure::Manual);
        let mut tokens = self.tokens(hop, state);
        tokens.set(
            Token::Image,
            image(hop.product, to).unwrap_or(FALLBACKS.msr_image),
        );
        if self.catalog.operation(hop.product, to).chart.is_none() {
            let unnamed = tokens.fill(UNNAMED_CHART).into_owned();
            tokens.set(Token::Chart, unnamed);
        }
        let wanted = |spec: &&ArtifactSpec| match spec.needed {
            Needed::Always => true,
            Needed::Online => !offline,
            Needed::Offline => offline,
        };
        for spec in artifact_set(hop.product, hop.rule, procedure)
            .iter()
            .filter(wanted)
        {
            let name = tokens.fill(spec.name);
            let existing = self
                .artifacts
                .iter_mut()
                .find(|a| a.kind == spec.kind && a.name == name);
            if let Some(artifact) = existing {
                artifact.hops.push(hop_number);
                continue;
            }
            let fill = |text: Option<&'static str>| {
                text.filter(|_| offline)
                    .map(|t| tokens.fill(t).into_owned())
            };
            self.artifacts.push(Artifact {
                kind: spec.kind,
                name: name.into_owned(),
                hops: vec![hop_number],
                source: Some(tokens.fill(spec.source).into_owned()),
                download: fill(spec.download),
                file: fill(spec.file),
            });
        }
        // What is carried into the site as a file comes first: it is fetched before anything
        // else (bundles, then the other files), then what goes into the site's registry.
        self.artifacts
            .sort_by_key(|a| (a.kind != ArtifactKind::Bundle, a.file.is_none()));
    }
}
