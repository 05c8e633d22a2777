//! The steps of each hop: its templates (by kind and procedure, with the version notes), the
//! node groups of an MCR hop, the replicas of an install or uninstall, the gates that guard
//! it and the choice among several procedures.

use std::borrow::Cow;

use super::templates::{
    CONFIRM_PROCEDURE, DESTROY_REPLICA, FALLBACKS, GATE_ANSWERED, GATE_CHECK, GATE_CHECK_IN_ORDER,
    GATE_SOURCE, GATE_UNANSWERED, JOIN_REPLICA, LAUNCHPAD_APPLY, LAUNCHPAD_APPLY_FORCED,
    LAUNCHPAD_HOP, LOAD_CLIENT_BUNDLE, MCR_ACTIVATE, MCR_DRAIN, MCR_ENGINE_NODE, MCR_ENGINES,
    MCR_FIPS_CHANNEL, MCR_FIPS_FACT, MCR_GROUPS, MCR_HOP_END, MCR_HOP_NO_SWARM, MCR_HOP_START,
    MCR_IF_SYSTEM_NOTE, MCR_IF_SYSTEM_TITLE, MCR_SYSTEM_TITLE, MCR_SYSTEMS, MMT_INPLACE,
    MSR_INSTALL, MSR_UNINSTALL, McrSystem, NODE_SEPARATOR, PROCEDURE_SEPARATOR,
    REQUIREMENT_SEPARATOR, Role, STORAGE_BACKUP, STORAGE_BACKUP_LOCAL, STORAGE_BACKUP_NFS,
    STORAGE_BACKUP_OBJECT, SWARM_BACKUP, Template, UNLISTED_REPLICA, procedure_name,
};
use super::tokens::{Token, Tokens};
use super::{Runbook, in_range, migration_templates, procedures, ranges, upgrade_templates};
use crate::catalog::{Gate, Procedure};
use crate::classify::gates_guarding;
use crate::inventory::{OsFamily, StorageBackend};
use crate::launchpad;
use crate::plan::{Hop, Phase};
use crate::request::State;
use crate::table::RuleId;
use crate::version::Product;

/// The nodes of a role that get one family's MCR step.
struct SystemPart {
    system: &'static McrSystem,
    /// The nodes (names joined), or none: the role's nodes in words.
    nodes: Option<String>,
    /// Whether they are known to run the family; if not, a person picks the step.
    known: bool,
}

impl Runbook<'_> {
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
            RuleId::Migration => {
                migration_templates(hop.product, first, self.request.site.msr4_by_replication)
                    .iter()
                    .map(|t| self.mmt_stage(*t))
                    .collect()
            }
            _ => {
                // Several documented procedures (MSR 3.1: the Operator or the Helm chart): the
                // steps of the first only, never both (an executor would run both upgrades);
                // a precheck names the other (`procedure_choice`).
                let mut templates = upgrade_templates(first).to_vec();
                if first == Procedure::DtrCli {
                    let at = templates
                        .iter()
                        .position(|t| t.slug == SWARM_BACKUP.slug)
                        .map_or(0, |i| i.saturating_add(1));
                    templates.insert(at, self.storage_backup());
                }
                templates
            }
        };
        templates.extend(notes.map(|(_, _, note)| **note).filter(|n| {
            n.slug != "vulnerability-database" || hop.to.as_ref().is_some_and(|v| v.major() == 2)
        }));
        templates
    }

    /// The steps of one hop, sorted by phase (stable, so templates keep their order within a
    /// phase).
    pub(super) fn hop(&mut self, number: usize, hop: &Hop, state: &State) {
        let tokens = self.tokens(hop, state);
        let start = self.steps.len();
        let launchpad = self.launchpad_performs(hop);
        let packages = hop.product == Product::Mcr
            && hop.rule != RuleId::Migration
            && procedures(self.catalog, hop).first() == Some(&Procedure::Packages);
        // On a cluster without Swarm (MKE 4), the engines are updated with no Swarm step.
        let no_swarm = packages
            && in_range(
                ranges().no_swarm.as_ref(),
                Product::Mke,
                state.get(&Product::Mke),
            );
        let mcr_upgrade = packages && !no_swarm;
        // With an inventory, steps for nodes that do not exist (caches) are left out.
        let no_caches = self
            .request
            .site
            .nodes
            .as_ref()
            .is_some_and(|n| n.caches.is_empty());
        let mut templates = if no_swarm {
            let mut templates = MCR_HOP_NO_SWARM.to_vec();
            templates.extend(
                self.hop_templates(hop)
                    .into_iter()
                    .filter(|t| !MCR_HOP_START.iter().any(|s| s.slug == t.slug)),
            );
            templates
        } else {
            self.hop_templates(hop)
        };
        // Launchpad performs the hop: its config key and `launchpad apply` replace the hop's
        // own prepare and upgrade steps; the prechecks, backups and verifications stay.
        if let Some(apply) = launchpad {
            templates.retain(|t| !matches!(t.phase, Phase::Prepare | Phase::Upgrade));
            templates.extend(LAUNCHPAD_HOP.iter().map(|t| {
                if t.slug == LAUNCHPAD_APPLY.slug {
                    *apply
                } else {
                    *t
                }
            }));
        }
        for template in templates
            .iter()
            .filter(|t| !(no_caches && t.node == Some(Role::CacheNodes)))
        {
            self.push(number, template, &tokens);
        }
        // A FIPS cluster keeps its FIPS channel: a person finds it (no source gives it).
        if hop.product == Product::Mcr
            && hop.rule != RuleId::Migration
            && self.request.facts.get(MCR_FIPS_FACT) == Some(&true)
        {
            self.push(number, &MCR_FIPS_CHANNEL, &tokens);
        }
        // Launchpad sets the channel itself (from the config's `mcr` section).
        if hop.product == Product::Mcr
            && hop.rule != RuleId::Migration
            && !self.request.offline
            && launchpad.is_none()
        {
            self.set_channel(number, &tokens);
        }
        if no_swarm {
            self.engine_installs(number, &tokens);
        }
        if mcr_upgrade {
            // Launchpad goes node by node itself; the check of every engine stays.
            if launchpad.is_none() {
                self.mcr_groups(number, state, &tokens);
            }
            for template in MCR_HOP_END {
                self.push(number, template, &tokens);
            }
        }
        match hop.rule {
            RuleId::Install => self.replica_steps(number, &tokens, true),
            RuleId::Uninstall => self.replica_steps(number, &tokens, false),
            _ => {}
        }
        self.gate_checks(number, hop, state, &tokens);
        self.procedure_choice(number, hop, &tokens);
        // `start` was the number of steps before this hop's: never past the end.
        if let Some(steps) = self.steps.get_mut(start..) {
            steps.sort_by_key(|step| step.phase);
        }
    }

    /// With `--executor launchpad`, the apply step of a hop Launchpad performs: forced where
    /// Launchpad's own check would refuse it. `None` for a hop Launchpad does not perform.
    fn launchpad_performs(&self, hop: &Hop) -> Option<&'static Template> {
        self.request.launchpad.as_ref()?;
        let (Some(from), Some(to)) = (&hop.from, &hop.to) else {
            return None;
        };
        if !launchpad::performs(hop.product, from, to, hop.rule) {
            return None;
        }
        Some(match launchpad::refusal(hop.product, from, to) {
            Some(_) => &LAUNCHPAD_APPLY_FORCED,
            None => &LAUNCHPAD_APPLY,
        })
    }

    /// Where a release has several documented procedures (MSR 3.1: the MSR Operator or the
    /// Helm chart), a precheck that says which one the steps are for and what to do instead
    /// on a cluster deployed the other way.
    fn procedure_choice(&mut self, number: usize, hop: &Hop, tokens: &Tokens) {
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
        let others = others.join(PROCEDURE_SEPARATOR);
        // The line's sources name the page that lists every procedure.
        let doc = hop.to.as_ref().and_then(|to| {
            let operation = self.catalog.operation(hop.product, to);
            operation.source.clone().or_else(|| operation.doc.clone())
        });
        let tokens = tokens.with_each(&[
            (Token::Procedure, procedure_name(*first)),
            (Token::Others, &others),
            (Token::Doc, doc.as_deref().unwrap_or(FALLBACKS.upgrade_doc)),
        ]);
        self.push(number, &CONFIRM_PROCEDURE, &tokens);
    }

    /// A precheck for each gate that guards the hop, with the gate's reason and source: the
    /// plan meets it, and the operator confirms it on the cluster before going on. A gate on
    /// a fact the request leaves unanswered is shown only where it is not already met, as
    /// elsewhere the answer changes nothing.
    fn gate_checks(&mut self, number: usize, hop: &Hop, state: &State, tokens: &Tokens) {
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
            let requirements: Vec<String> = gate.requires.iter().map(ToString::to_string).collect();
            let requirements = requirements.join(REQUIREMENT_SEPARATOR);
            let condition = gate.if_fact.as_ref().map_or(Cow::Borrowed(""), |fact| {
                let template = if facts.contains_key(fact) {
                    GATE_ANSWERED
                } else {
                    GATE_UNANSWERED
                };
                Tokens::of(Token::Fact, fact.as_str()).fill(template)
            });
            let source = gate.source.as_ref().map_or(Cow::Borrowed(""), |source| {
                Tokens::of(Token::Source, source.as_str()).fill(GATE_SOURCE)
            });
            let template = if gate.in_order {
                &GATE_CHECK_IN_ORDER
            } else {
                &GATE_CHECK
            };
            let tokens = tokens.with_each(&[
                (Token::Requirements, &requirements),
                (Token::Reason, &gate.reason),
                (Token::Condition, &condition),
                (Token::Source, &source),
            ]);
            let index = index.to_string();
            let id = self.write_id(number, &[template.slug, "-", &index]);
            self.push_as(id, number, template, &tokens);
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
            let (id, node) = UNLISTED_REPLICA;
            vec![(tokens.fill(id).into_owned(), node.to_owned())]
        } else {
            site.replicas.clone()
        };
        if install {
            if nodes.len() > 1 {
                self.push(number, &LOAD_CLIENT_BUNDLE, tokens);
            }
            for node in nodes.iter().skip(1) {
                let tokens = tokens.with(Token::Node, node);
                let id = self.write_id(number, &[JOIN_REPLICA.slug, "-", node]);
                self.push_as(id, number, &JOIN_REPLICA, &tokens);
            }
        } else {
            for (replica, node) in replicas {
                let tokens =
                    tokens.with_each(&[(Token::Node, &node), (Token::ReplicaId, &replica)]);
                let id = self.write_id(number, &[DESTROY_REPLICA.slug, "-", &replica]);
                self.push_as(id, number, &DESTROY_REPLICA, &tokens);
                // The step runs on the replica's node.
                let node = self.write(&node);
                if let Some(last) = self.steps.last_mut() {
                    last.node = Some(node);
                }
            }
        }
    }

    /// The node groups of an MCR hop, each node in turn: drained from a manager, its engine
    /// upgraded with its system's install and checked, then reactivated from a manager. MSR
    /// nodes are a group of their own where MSR runs or the inventory names the nodes that
    /// will hold it.
    fn mcr_groups(&mut self, number: usize, state: &State, tokens: &Tokens) {
        let msr_nodes = state.contains_key(&Product::Msr)
            || self
                .request
                .site
                .nodes
                .as_ref()
                .is_some_and(|n| !n.msr_nodes.is_empty());
        let offline = self.request.offline;
        for group in MCR_GROUPS.iter().filter(|g| msr_nodes || !g.msr_only) {
            let tokens = tokens.with(Token::What, group.what);
            let id = self.write_id(number, &[MCR_DRAIN.slug, "-", group.slug]);
            self.push_as(id, number, &MCR_DRAIN, &tokens);
            let parts = self.system_parts(group.role, |_| group.windows);
            let install = |system: &McrSystem| {
                let install = if offline {
                    system.install_offline
                } else {
                    system.install
                };
                Some(install.node(group.role))
            };
            self.push_parts(number, &parts, &tokens, &[group.slug], install);
            for template in [group.check, MCR_ACTIVATE] {
                let id = self.write_id(number, &[template.slug, "-", group.slug]);
                self.push_as(id, number, &template, &tokens);
            }
        }
    }

    /// On a cluster without Swarm (MKE 4), each node's engine installed in place, by the
    /// family of its system: nothing to drain, no Swarm to check.
    fn engine_installs(&mut self, number: usize, tokens: &Tokens) {
        let offline = self.request.offline;
        let tokens = tokens.with(Token::What, MCR_ENGINE_NODE);
        let parts = self.system_parts(Role::EveryNode, |_| false);
        self.push_parts(number, &parts, &tokens, &[MCR_ENGINES], |system| {
            let install = if offline {
                system.install_offline
            } else {
                system.install
            };
            Some(install.node(Role::EveryNode))
        });
    }

    /// The step that points every node's repository at the hop's channel, by the family of
    /// each node's system (Windows nodes take the channel in their install).
    fn set_channel(&mut self, number: usize, tokens: &Tokens) {
        // Only workers may run Windows.
        let workers: Vec<String> = self
            .request
            .site
            .nodes
            .as_ref()
            .map(|nodes| nodes.workers.clone())
            .unwrap_or_default();
        let parts = self.system_parts(Role::EveryNode, |name| {
            name.is_some_and(|name| workers.iter().any(|w| w == name))
        });
        self.push_parts(number, &parts, tokens, &[], |system| system.set_channel);
    }

    /// Pushes one step per part: the family's template (`template`), its id the template's
    /// slug, then `-` and the `group` parts, then the family where the role's nodes run
    /// several or some are not known (`-sles`; `-if-sles` where a person picks the nodes).
    fn push_parts(
        &mut self,
        number: usize,
        parts: &[SystemPart],
        tokens: &Tokens,
        group: &[&str],
        template: impl Fn(&McrSystem) -> Option<Template>,
    ) {
        // The families with such a step (Windows has no repository step).
        let parts: Vec<(&SystemPart, Template)> = parts
            .iter()
            .filter_map(|part| Some((part, template(part.system)?)))
            .collect();
        let one = matches!(&*parts, [(part, _)] if part.known);
        for (part, template) in parts {
            let tokens = tokens.with(Token::Os, part.system.what);
            let mut slug = vec![template.slug];
            for word in group {
                slug.extend(["-", word]);
            }
            if !one {
                slug.extend(["-", if part.known { "" } else { "if-" }, part.system.slug]);
            }
            let id = self.write_id(number, &slug);
            let title = tokens.fill(template.title);
            let note = template.note.map(|note| tokens.fill(note));
            let tokens = tokens.with_each(&[
                (Token::Title, &title),
                (Token::Note, note.as_deref().unwrap_or_default()),
            ]);
            let template = match (one, part.known) {
                (true, _) => template,
                (false, true) => template.title(MCR_SYSTEM_TITLE),
                // A person picks the nodes: the step says which system it is for, and why.
                (false, false) => template
                    .title(MCR_IF_SYSTEM_TITLE)
                    .note(MCR_IF_SYSTEM_NOTE)
                    .by_hand(),
            };
            self.push_on(id, number, &template, &tokens, part.nodes.as_deref());
        }
    }

    /// The families of MCR install (`MCR_SYSTEMS`) a role's nodes run, each with its nodes:
    /// a node's own system (the inventory's `os`), else the site's (`--os`) where the node may
    /// run it (Windows only where `windows` says so for the node, or for the role's nodes in
    /// words when there is no inventory); the nodes of neither get every family they may run,
    /// for a person to pick.
    fn system_parts(&self, role: Role, windows: impl Fn(Option<&str>) -> bool) -> Vec<SystemPart> {
        let site = &self.request.site;
        let system_of = |os: OsFamily| MCR_SYSTEMS.iter().find(|s| s.systems.contains(&os));
        let fits = |system: &McrSystem, node: Option<&str>| system.linux || windows(node);
        let every = |nodes: Option<String>, windows: bool| {
            MCR_SYSTEMS
                .iter()
                .filter(|s| s.linux || windows)
                .map(|system| SystemPart {
                    system,
                    nodes: nodes.clone(),
                    known: false,
                })
                .collect::<Vec<_>>()
        };
        let default = |node: Option<&str>| {
            site.os
                .and_then(system_of)
                .filter(|system| fits(system, node))
        };
        let names = self.node_list(role).filter(|names| !names.is_empty());
        let Some(names) = names else {
            return match default(None) {
                Some(system) => vec![SystemPart {
                    system,
                    nodes: None,
                    known: true,
                }],
                None => every(None, windows(None)),
            };
        };
        let by_node = |name: &str| {
            let own = site
                .nodes
                .as_ref()
                .and_then(|nodes| nodes.os.get(name).copied());
            match own {
                Some(os) => system_of(os),
                None => default(Some(name)),
            }
        };
        let mut parts = Vec::new();
        for system in &MCR_SYSTEMS {
            let nodes: Vec<&str> = names
                .iter()
                .map(String::as_str)
                .filter(|name| by_node(name).is_some_and(|s| s.slug == system.slug))
                .collect();
            if !nodes.is_empty() {
                parts.push(SystemPart {
                    system,
                    nodes: Some(nodes.join(NODE_SEPARATOR)),
                    known: true,
                });
            }
        }
        let unknown: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|name| by_node(name).is_none())
            .collect();
        if !unknown.is_empty() {
            let windows = unknown.iter().any(|name| windows(Some(name)));
            parts.extend(every(Some(unknown.join(NODE_SEPARATOR)), windows));
        }
        parts
    }

    /// A source-side MMT stage fitted to the storage backend: in place for an object store,
    /// else a copy out of the backend's Docker volume (the command finds which one exists);
    /// any other template as it is.
    fn mmt_stage(&self, template: Template) -> Template {
        if self.request.site.storage != Some(StorageBackend::Object) {
            return template;
        }
        MMT_INPLACE
            .iter()
            .find(|t| t.slug == template.slug)
            .copied()
            .unwrap_or(template)
    }

    /// The image-storage backup, fitted to the backend.
    fn storage_backup(&self) -> Template {
        match self.request.site.storage {
            None => STORAGE_BACKUP,
            Some(StorageBackend::Local) => STORAGE_BACKUP_LOCAL,
            Some(StorageBackend::Nfs) => STORAGE_BACKUP_NFS,
            Some(StorageBackend::Object) => STORAGE_BACKUP_OBJECT,
        }
    }
}
