//! The catalog model converted to a [`Catalog`]: the checks a single value cannot show
//! (duplicates, limits, entries that relate requirements wrongly, undeclared facts).

use std::collections::BTreeMap;

use super::document::{
    CatalogDocument, CompatibilityDocument, FactDocument, FactName, GateDocument, Key,
    MigrationDocument, Object, OneOrMany, ProductDocument, ReleaseDocument, RuleName, Word,
};
use super::{
    Catalog, CatalogError, Compatibility, Fact, Gate, MAX_CATALOG_ENTRIES, MAX_ORDERED_GATES,
    MAX_RELEASES_PER_PRODUCT, Migration, Operation, Procedure, ProductReleases, Release,
};
use crate::json::JsonError;
use crate::version::{PerProduct, Product, Version};

impl TryFrom<CatalogDocument> for Catalog {
    type Error = CatalogError;

    /// The catalog the model describes, after the checks no single value can show:
    /// duplicate releases, the limits, procedures about another product, entries that relate
    /// requirements wrongly. Its digest is left empty: it is that of the text, which
    /// [`Catalog::from_json`] has.
    fn try_from(document: CatalogDocument) -> Result<Catalog, CatalogError> {
        let CatalogDocument {
            schema_version,
            products: documents,
            compatibility,
            gates,
            migrations,
            facts,
            version,
        } = document;
        if schema_version != 1 {
            return Err(JsonError::UnsupportedSchema {
                document: crate::json::Document::Catalog,
                found: schema_version.to_string(),
            }
            .into());
        }
        let mut products = PerProduct([empty_product(), empty_product(), empty_product()]);
        for (Key(product), Object(document)) in documents {
            products[product] = product_releases(product, document)?;
        }
        let entries = compatibility
            .len()
            .saturating_add(gates.len())
            .saturating_add(migrations.len());
        if entries > MAX_CATALOG_ENTRIES {
            return Err(CatalogError::TooMany {
                path: "compatibility, gates and migrations".to_owned(),
                count: entries,
                limit: MAX_CATALOG_ENTRIES,
            });
        }
        let compatibility = compatibility
            .into_iter()
            .enumerate()
            .map(|(index, Object(entry))| compatibility_entry(index, entry))
            .collect::<Result<Vec<_>, _>>()?;
        let gates = gates
            .into_iter()
            .enumerate()
            .map(|(index, Object(entry))| gate(index, entry))
            .collect::<Result<Vec<_>, _>>()?;
        let ordered = gates.iter().filter(|gate| gate.in_order).count();
        if ordered > MAX_ORDERED_GATES {
            return Err(CatalogError::TooMany {
                path: "gates with in_order".to_owned(),
                count: ordered,
                limit: MAX_ORDERED_GATES,
            });
        }
        let migrations = migrations
            .into_iter()
            .enumerate()
            .map(|(index, Object(entry))| migration(index, entry))
            .collect::<Result<Vec<_>, _>>()?;
        let facts = all_facts(facts, &gates)?;
        Ok(Catalog {
            products,
            compatibility,
            gates,
            migrations,
            facts,
            version,
            digest: String::new(),
        })
    }
}

fn empty_product() -> ProductReleases {
    ProductReleases::new(Vec::new(), BTreeMap::new(), Vec::new())
}

fn product_releases(
    product: Product,
    document: ProductDocument,
) -> Result<ProductReleases, CatalogError> {
    let path = format!("products.{product}");
    if document.releases.len() > MAX_RELEASES_PER_PRODUCT {
        return Err(CatalogError::TooMany {
            path: format!("{path}.releases"),
            count: document.releases.len(),
            limit: MAX_RELEASES_PER_PRODUCT,
        });
    }
    let releases: Vec<Release> = document.releases.into_iter().map(release).collect();
    let mut seen: BTreeMap<&Version, usize> = BTreeMap::new();
    for (index, release) in releases.iter().enumerate() {
        if let Some(first) = seen.insert(&release.version, index) {
            return Err(CatalogError::DuplicateRelease {
                path: format!("{path}.releases[{index}]"),
                version: release.version.to_string(),
                first: format!("{path}.releases[{first}]"),
            });
        }
    }
    let overrides = document
        .rules
        .into_iter()
        .map(|(Key(RuleName(rule)), Word(verdict))| (rule, verdict))
        .collect();
    let operations = document
        .procedures
        .into_iter()
        .enumerate()
        .map(|(index, Object(operation))| {
            let procedures: Vec<Procedure> = match operation.procedure {
                OneOrMany::One(Word(procedure)) => vec![procedure],
                OneOrMany::Many(words) => words.into_iter().map(|Word(p)| p).collect(),
            };
            if procedures.is_empty() {
                return Err(CatalogError::Inconsistent {
                    path: format!("{path}.procedures[{index}].procedure"),
                    problem: "at least one procedure is needed".to_owned(),
                });
            }
            Ok(Operation {
                releases: operation.releases,
                procedures,
                chart: operation.chart,
                doc: operation.doc,
                source: operation.source,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some((index, operation)) = operations
        .iter()
        .enumerate()
        .find(|(_, operation)| operation.releases.product() != product)
    {
        return Err(CatalogError::Inconsistent {
            path: format!("{path}.procedures[{index}].releases"),
            problem: format!(
                "'{}' is about {}, but the procedures of {product} are listed here",
                operation.releases,
                operation.releases.product(),
            ),
        });
    }
    Ok(ProductReleases::new(releases, overrides, operations))
}

fn release(document: ReleaseDocument) -> Release {
    match document {
        ReleaseDocument::Version(version) => Release {
            version,
            released: None,
            eol: None,
            blocked: None,
            source: None,
            confidence: None,
            note: None,
            helm_chart: None,
        },
        ReleaseDocument::Release(object) => Release {
            version: object.version,
            released: object.released,
            eol: object.eol,
            blocked: object.blocked,
            source: object.source,
            confidence: object.confidence.map(|Word(confidence)| confidence),
            note: object.note,
            helm_chart: object.helm_chart,
        },
    }
}

fn compatibility_entry(
    index: usize,
    entry: CompatibilityDocument,
) -> Result<Compatibility, CatalogError> {
    if entry.when.product() == entry.requires.product() {
        return Err(CatalogError::Inconsistent {
            path: format!("compatibility[{index}]"),
            problem: format!(
                "'when' and 'requires' both name {}; a compatibility entry relates two products",
                entry.when.product()
            ),
        });
    }
    Ok(Compatibility {
        when: entry.when,
        requires: entry.requires,
        source: entry.source,
        confidence: entry.confidence.map(|Word(confidence)| confidence),
        note: entry.note,
    })
}

fn gate(index: usize, entry: GateDocument) -> Result<Gate, CatalogError> {
    if entry.requires.is_empty() {
        return Err(CatalogError::Inconsistent {
            path: format!("gates[{index}].requires"),
            problem: "a gate needs at least one requirement".to_owned(),
        });
    }
    Ok(Gate {
        to: entry.to,
        requires: entry.requires,
        if_fact: entry.if_fact.map(|Word(FactName(name))| name),
        in_order: entry.in_order.unwrap_or(false),
        reason: entry.reason,
        source: entry.source,
        confidence: entry.confidence.map(|Word(confidence)| confidence),
        note: entry.note,
    })
}

fn migration(index: usize, entry: MigrationDocument) -> Result<Migration, CatalogError> {
    let MigrationDocument {
        from,
        to,
        family,
        tool,
        tool_version,
        source,
        confidence,
        note,
    } = entry;
    if let Some(family) = family.as_ref().filter(|f| f.product() != to.product()) {
        return Err(CatalogError::Inconsistent {
            path: format!("migrations[{index}].family"),
            problem: format!(
                "'family' names {} but 'to' names {}; a migration stays within one product",
                family.product(),
                to.product()
            ),
        });
    }
    if from.product() != to.product() {
        return Err(CatalogError::Inconsistent {
            path: format!("migrations[{index}]"),
            problem: format!(
                "'from' names {} but 'to' names {}; a migration stays within one product",
                from.product(),
                to.product()
            ),
        });
    }
    Ok(Migration {
        from,
        family: family.unwrap_or_else(|| to.clone()),
        to,
        tool,
        tool_version,
        source,
        confidence: confidence.map(|Word(confidence)| confidence),
        note,
    })
}

/// The `facts` section, plus the facts gates name without declaring them, sorted by name.
fn all_facts(
    declared: BTreeMap<Key<FactName>, Object<FactDocument>>,
    gates: &[Gate],
) -> Result<Vec<Fact>, CatalogError> {
    if declared.len() > MAX_CATALOG_ENTRIES {
        return Err(CatalogError::TooMany {
            path: "facts".to_owned(),
            count: declared.len(),
            limit: MAX_CATALOG_ENTRIES,
        });
    }
    let mut facts: BTreeMap<String, Fact> = declared
        .into_iter()
        .map(|(Key(FactName(name)), Object(fact))| {
            let fact = Fact {
                name: name.clone(),
                question: fact.question,
                source: fact.source,
                note: fact.note,
                declared: true,
            };
            (name, fact)
        })
        .collect();
    for gate in gates {
        let Some(name) = &gate.if_fact else { continue };
        facts.entry(name.clone()).or_insert_with(|| Fact {
            name: name.clone(),
            question: format!("Does the condition '{name}' hold for this cluster?"),
            source: gate.source.clone(),
            note: None,
            declared: false,
        });
    }
    Ok(facts.into_values().collect())
}
