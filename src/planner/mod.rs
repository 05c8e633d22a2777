//! The `Planner`: resolves a request against the catalog, runs the search, and turns its
//! result into a `Plan` or a `Refusal` with an explanation.

use crate::catalog::Catalog;
use crate::classify::gates_guarding;
use crate::inventory::Inventory;
use crate::plan::{CatalogIdentity, Conditions, Hop, PLAN_SCHEMA_VERSION, Plan, Route};
use crate::refusal::{PersonStep, Refusal, UnansweredFact};
use crate::request::{Request, State, Target};
use crate::runbook::Runbook;
use crate::search::{Answer, AnswerKind, DeadEnd, Finished, Index, Question, Search};
use crate::validate::{ValidationOptions, validate};
use crate::version::Product;

mod explain;
mod install;
mod resume;
mod targets;
mod warnings;

pub use resume::{Resume, ResumeSubject};
pub(crate) use warnings::preflight_warnings;

/// Plans upgrades against one catalog. Build it once; it answers any number of requests, from
/// any number of threads (it is `Send + Sync` and `plan` takes `&self`).
///
/// ```
/// use mirantis_upgrade_planner::{Catalog, Planner, Product, Request, Target, Version};
///
/// let planner = Planner::new(Catalog::embedded());
/// let mut request = Request::default();
/// request.from.insert(Product::Mke, Version::parse("3.3.7")?);
/// request.from.insert(Product::Msr, Version::parse("2.8.5")?);
/// request.to.insert(Product::Msr, Target::parse("2.9")?);
/// let plan = planner.plan(&request)?;
/// assert_eq!(plan.to[&Product::Msr].as_str(), "2.9.30");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Planner {
    catalog: Catalog,
    index: Index,
    /// The most joint states one search may generate.
    search_limit: usize,
}

/// The most joint states one search generates by default. Real catalogs come nowhere near it
/// (the embedded catalog's worst case generates a few hundred, a synthetic catalog of 10,000
/// releases per product a few thousand); a hostile catalog meets it in well under a second and
/// about 100 MB, and the planner refuses with [`Refusal::SearchLimit`].
pub const DEFAULT_SEARCH_LIMIT: usize = 500_000;

impl Planner {
    /// Indexes a catalog for planning.
    ///
    /// Complexity: O(C·log R) for C compatibility entries and R releases.
    pub fn new(catalog: Catalog) -> Planner {
        let index = Index::new(&catalog);
        Planner {
            catalog,
            index,
            search_limit: DEFAULT_SEARCH_LIMIT,
        }
    }

    /// The same planner with another budget of joint states per search (at least 1): an
    /// embedding program that must answer faster, or that trusts its catalog, sets its own.
    /// A search that runs out refuses with [`Refusal::SearchLimit`].
    #[must_use]
    pub fn with_search_limit(mut self, states: usize) -> Planner {
        self.search_limit = states.max(1);
        self
    }

    /// The budget of joint states per search ([`DEFAULT_SEARCH_LIMIT`] unless set).
    pub fn search_limit(&self) -> usize {
        self.search_limit
    }

    /// The catalog the planner answers from.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Finds the cheapest supported plan for a request.
    ///
    /// # Errors
    ///
    /// - [`Refusal::UnknownVersion`] for a current version whose line is not listed
    ///   (`mke=3.0.1`), or a target that is not listed (`msr=2.9.99`);
    /// - [`Refusal::NotInstalled`] for a target on a product absent from `from`;
    /// - [`Refusal::Downgrade`] for `msr` from `2.9.30` to `2.8.5`;
    /// - [`Refusal::BlockedTarget`] for a target the catalog blocks;
    /// - [`Refusal::MigrationRequired`] for `msr` from `2.9.30` to `3.1.14` without
    ///   `allow_migrations`;
    /// - [`Refusal::NoPath`] when no sequence of supported hops gets there, with an
    ///   [`Explanation`](crate::Explanation).
    pub fn plan(&self, request: &Request) -> Result<Plan, Refusal> {
        check_accept(request)?;
        let merged = with_inventory(request);
        let request = merged.as_ref().unwrap_or(request);
        if let Some(target) = install_target(request) {
            return self.install(request, target);
        }
        let (route, before) = self.search(request, true)?;
        self.finish_plan(request, route, &before)
    }

    /// Turns a route into a plan: the preflight check, the runbook, and, in debug builds, the
    /// validator. `before` holds the state before each hop.
    pub(crate) fn finish_plan(
        &self,
        request: &Request,
        mut route: Route,
        before: &[State],
    ) -> Result<Plan, Refusal> {
        check_site_values(request)?;
        let accepted = preflight_warnings(request, &mut route)?;
        let (steps, artifacts) = Runbook::new(&self.catalog, request).build(&route.hops, before);
        let placeholders = crate::runbook::placeholders(&steps);
        let plan = Plan {
            schema_version: PLAN_SCHEMA_VERSION,
            policy: route.policy,
            from: route.from,
            to: route.to,
            hops: route.hops,
            steps,
            warnings: route.warnings,
            artifacts,
            offline: request.offline,
            accepted,
            conditions: Some(self.conditions(request)),
            edited: Vec::new(),
            placeholders,
        };
        self.self_check(&plan);
        if request.unattended {
            let steps: Vec<PersonStep> = plan
                .needs_person()
                .into_iter()
                .map(|step| PersonStep {
                    id: step.id.to_string(),
                    title: step.title.to_string(),
                    note: step.note.as_ref().map(ToString::to_string),
                })
                .collect();
            if !steps.is_empty() {
                return Err(Refusal::NeedsPerson { steps });
            }
        }
        Ok(plan)
    }

    /// What a plan for `request` is made under (the request with its inventory folded in).
    fn conditions(&self, request: &Request) -> Conditions {
        Conditions {
            policy: request.policy,
            facts: request.facts.clone(),
            allow_migrations: request.allow_migrations,
            offline: request.offline,
            as_of: request.as_of,
            site: request.site.clone(),
            inventory_digest: request.inventory.as_ref().map(Inventory::digest),
            catalog: CatalogIdentity {
                digest: self.catalog.digest().to_owned(),
                version: self.catalog.version().map(str::to_owned),
            },
            launchpad: request.launchpad.clone(),
        }
    }

    /// Finds the cheapest supported route for a request: the hops and warnings of
    /// [`Planner::plan`], without the runbook. This is the fast path for fleet tools.
    ///
    /// # Errors
    ///
    /// As [`Planner::plan`].
    pub fn route(&self, request: &Request) -> Result<Route, Refusal> {
        let merged = with_inventory(request);
        let request = merged.as_ref().unwrap_or(request);
        if let Some(target) = install_target(request) {
            let plan = self.install(request, target)?;
            return Ok(Route {
                policy: plan.policy,
                from: plan.from,
                to: plan.to,
                hops: plan.hops,
                warnings: plan.warnings,
            });
        }
        let (mut route, _) = self.search(request, false)?;
        preflight_warnings(request, &mut route)?;
        Ok(route)
    }

    /// Runs the search; returns the route and, when `states` is set, the state before each
    /// hop (which the runbook needs and a route does not).
    ///
    /// A gate on a fact the request does not answer is first taken to apply. When such a gate
    /// decided some hop, the search runs again with it not applying: if both give the same
    /// route, the answer does not matter; otherwise the request must answer.
    fn search(&self, request: &Request, states: bool) -> Result<(Route, Vec<State>), Refusal> {
        self.catalog.check_facts(request.facts.keys())?;
        for (product, version) in &request.from {
            self.catalog.lookup_line(*product, version)?;
        }
        let goals = self.goals(request)?;
        let question = |assume_unanswered| Question {
            from: &request.from,
            goals,
            policy: request.policy,
            allow_migrations: request.allow_migrations,
            facts: &request.facts,
            assume_unanswered,
            limit: self.search_limit,
        };
        let conservative = Search::new(&self.catalog, &self.index, question(true)).answer();
        let unanswered_decided = conservative.unanswered_decided;
        let found = self.settled(conservative)?;
        if !unanswered_decided {
            return match found {
                Ok(finished) => Ok(self.assemble(request, finished, states)),
                Err(dead_end) => Err(no_path(&self.catalog, request, dead_end)),
            };
        }
        let permissive = Search::new(&self.catalog, &self.index, question(false)).answer();
        match (found, self.settled(permissive)?) {
            (Ok(finished), Ok(other)) if same_hops(&finished, &other) => {
                Ok(self.assemble(request, finished, states))
            }
            (Err(_), Err(dead_end)) => Err(no_path(&self.catalog, request, dead_end)),
            (found, other) => {
                let answers = [found.ok(), other.ok()];
                Err(self.unanswered(request, answers.iter().flatten()))
            }
        }
    }

    /// A search's answer: a plan or a dead end; a search that ran out of its budget is a
    /// refusal of its own.
    fn settled<'c>(&self, answer: Answer<'c>) -> Result<Result<Finished<'c>, DeadEnd>, Refusal> {
        match answer.kind {
            AnswerKind::Found(finished) => Ok(Ok(finished)),
            AnswerKind::NoPath(dead_end) => Ok(Err(dead_end)),
            AnswerKind::Limit { explored, furthest } => Err(Refusal::SearchLimit {
                explored,
                limit: self.search_limit,
                furthest,
            }),
        }
    }

    /// The refusal for facts whose answer changes the plan: those whose gates are unmet
    /// before a hop of either route, or, when none is, every unanswered fact a gate on an
    /// installed product depends on.
    fn unanswered<'f, 'c: 'f>(
        &self,
        request: &Request,
        routes: impl Iterator<Item = &'f Finished<'c>>,
    ) -> Refusal {
        let unanswered = |gate: &&crate::catalog::Gate| {
            gate.if_fact
                .as_ref()
                .is_some_and(|fact| !request.facts.contains_key(fact))
        };
        let mut gates: Vec<&crate::catalog::Gate> = Vec::new();
        for finished in routes {
            // The state before each hop: the start, then each hop's target in turn.
            let mut before = request.from.clone();
            for hop in &finished.hops {
                let unmet = |gate: &&crate::catalog::Gate| {
                    !gate.requires.iter().all(|r| {
                        before
                            .get(&r.product())
                            .is_some_and(|version| r.matches(version))
                    })
                };
                gates.extend(
                    gates_guarding(&self.catalog, hop.product, &hop.to)
                        .filter(unanswered)
                        .filter(unmet),
                );
                before.insert(hop.product, hop.to.clone());
            }
        }
        if gates.is_empty() {
            gates = self
                .catalog
                .gates()
                .iter()
                .filter(|g| request.from.contains_key(&g.to.product()))
                .filter(unanswered)
                .collect();
        }
        self.unanswered_for(gates)
    }

    /// The refusal that asks the facts `gates` depend on.
    pub(super) fn unanswered_for(&self, gates: Vec<&crate::catalog::Gate>) -> Refusal {
        let mut facts: Vec<UnansweredFact> = Vec::new();
        for gate in gates {
            let Some(fact) = gate.if_fact.as_deref().and_then(|f| self.catalog.fact(f)) else {
                continue;
            };
            match facts.iter_mut().find(|u| u.fact.name == fact.name) {
                Some(entry) if entry.gates.contains(gate) => {}
                Some(entry) => entry.gates.push(gate.clone()),
                None => facts.push(UnansweredFact {
                    fact: fact.clone(),
                    gates: vec![gate.clone()],
                }),
            }
        }
        facts.sort_by(|a, b| a.fact.name.cmp(&b.fact.name));
        Refusal::UnansweredFact(facts)
    }

    /// The search with the states before each hop, for the lifecycle plans.
    pub(crate) fn search_route(&self, request: &Request) -> Result<(Route, Vec<State>), Refusal> {
        self.search(request, true)
    }

    /// In debug builds, every plan the planner returns goes through the independent
    /// validator, under the conditions the plan records: a violation is a planner bug (and
    /// so is a recorded condition that does not give back the same steps).
    pub(crate) fn self_check(&self, plan: &Plan) {
        if cfg!(debug_assertions) {
            let violations = validate(plan, &self.catalog, &ValidationOptions::default());
            assert!(
                violations.is_empty(),
                "the planner produced an invalid plan: {violations:#?}"
            );
        }
    }

    /// A finished search as a route, with, when `with_states` is set, the state before each
    /// hop (worked back from the end, so the versions are the catalog's, as in the hops).
    fn assemble(
        &self,
        request: &Request,
        finished: Finished,
        with_states: bool,
    ) -> (Route, Vec<State>) {
        let warnings = self.warnings(request, &finished);
        let before = if with_states {
            let mut state = finished.end.clone();
            let mut before: Vec<State> = finished
                .hops
                .iter()
                .rev()
                .map(|hop| {
                    state.insert(hop.product, hop.from.clone());
                    state.clone()
                })
                .collect();
            before.reverse();
            before
        } else {
            Vec::new()
        };
        let hops: Vec<Hop> = finished
            .hops
            .into_iter()
            .map(|hop| Hop::upgrade(hop.product, hop.from, hop.to, hop.rule))
            .collect();
        let route = Route {
            policy: request.policy,
            from: request.from.clone(),
            to: finished.end,
            hops,
            warnings,
        };
        (route, before)
    }
}

/// Refuses a code to accept that no preflight finding has, naming the nearest.
fn check_accept(request: &Request) -> Result<(), Refusal> {
    let known: Vec<String> = crate::inventory::FINDING_CODES
        .iter()
        .map(|code| (*code).to_owned())
        .collect();
    match request.accept.iter().find(|code| !known.contains(code)) {
        None => Ok(()),
        Some(code) => Err(Refusal::UnknownAcceptCode {
            code: code.clone(),
            nearest: crate::catalog::nearest_names(code, &known, 1)
                .pop()
                .unwrap_or_default(),
        }),
    }
}

/// Refuses a site value (the request's, or the inventory's folded in) or a Launchpad config
/// path that the commands could not carry as one word ([`Refusal::UnsafeSiteValue`]).
fn check_site_values(request: &Request) -> Result<(), Refusal> {
    let launchpad = request
        .launchpad
        .as_ref()
        .map(|launchpad| ("launchpad", launchpad.config.as_str()));
    let unsafe_value = request
        .site
        .unsafe_value()
        .or(launchpad.filter(|(_, path)| !crate::inventory::is_plain_word(path)));
    match unsafe_value {
        Some((field, value)) => Err(Refusal::UnsafeSiteValue {
            field,
            value: value.to_owned(),
        }),
        None => Ok(()),
    }
}

/// The request with its inventory folded in: site values the request leaves empty, facts the
/// request does not set, the offline flag. `None` when there is no inventory.
pub(crate) fn with_inventory(request: &Request) -> Option<Request> {
    let inventory = request.inventory.as_ref()?;
    let mut merged = request.clone();
    merged.site = std::mem::take(&mut merged.site).filled_from(inventory.site());
    for (fact, value) in &inventory.facts {
        merged.facts.entry(fact.clone()).or_insert(*value);
    }
    merged.offline |= inventory.offline;
    Some(merged)
}

/// The MSR target of a request that installs MSR (named in `to`, absent from `from`).
fn install_target(request: &Request) -> Option<&Target> {
    request
        .to
        .get(&Product::Msr)
        .filter(|_| !request.from.contains_key(&Product::Msr))
}

/// Whether two plans make the same hops (the same products to the same versions).
fn same_hops(a: &Finished, b: &Finished) -> bool {
    a.hops.len() == b.hops.len()
        && a.hops
            .iter()
            .zip(&b.hops)
            .all(|(x, y)| x.product == y.product && x.to == y.to)
}

fn no_path(catalog: &Catalog, request: &Request, dead_end: DeadEnd) -> Refusal {
    Refusal::NoPath(Box::new(explain::explain(catalog, request, dead_end)))
}
