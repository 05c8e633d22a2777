//! Reading the catalog JSON by hand, so that every error names its JSON path and value.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{
    Catalog, CatalogError, Compatibility, Confidence, Fact, Gate, MAX_CATALOG_BYTES,
    MAX_CATALOG_ENTRIES, MAX_ORDERED_GATES, MAX_RELEASES_PER_PRODUCT, Migration, Operation,
    Procedure, ProductReleases, Release,
};
use crate::date::Date;
use crate::json::{self, Document};
use crate::requirement::Requirement;
use crate::table::{RULES, RuleId, Verdict};
use crate::version::{Product, Version};

pub(super) fn load(text: &str) -> Result<Catalog, CatalogError> {
    json::check_size(Document::Catalog, text.len(), MAX_CATALOG_BYTES)?;
    let value = json::parse_value(Document::Catalog, text)?;
    let root = Obj::new(&value, String::new())?;
    root.allow(&[
        "schema_version",
        "products",
        "compatibility",
        "gates",
        "migrations",
        "facts",
        "version",
    ])?;
    if root.get("schema_version").is_none() {
        return Err(root.missing("schema_version"));
    }
    json::check_schema_version(Document::Catalog, &value, 1)?;
    let products = load_products(&root)?;
    let entries = ["compatibility", "gates", "migrations"]
        .iter()
        .filter_map(|key| root.get(key).and_then(Value::as_array).map(Vec::len))
        .sum::<usize>();
    if entries > MAX_CATALOG_ENTRIES {
        return Err(CatalogError::TooMany {
            path: "compatibility, gates and migrations".to_owned(),
            count: entries,
            limit: MAX_CATALOG_ENTRIES,
        });
    }
    let compatibility = root.list("compatibility", load_compatibility)?;
    let gates = root.list("gates", load_gate)?;
    let ordered = gates.iter().filter(|gate| gate.in_order).count();
    if ordered > MAX_ORDERED_GATES {
        return Err(CatalogError::TooMany {
            path: "gates with in_order".to_owned(),
            count: ordered,
            limit: MAX_ORDERED_GATES,
        });
    }
    let migrations = root.list("migrations", load_migration)?;
    let facts = load_facts(&root, &gates)?;
    Ok(Catalog {
        products,
        compatibility,
        gates,
        migrations,
        facts,
        version: root.optional("version", Node::owned_string)?,
        digest: crate::digest::json_digest(&value),
    })
}

/// The `facts` section, plus the facts gates name without declaring them, sorted by name.
fn load_facts(root: &Obj, gates: &[Gate]) -> Result<Vec<Fact>, CatalogError> {
    let mut facts: BTreeMap<String, Fact> = BTreeMap::new();
    if let Some(node) = root.get_node("facts") {
        let section = node.object()?;
        if section.map.len() > MAX_CATALOG_ENTRIES {
            return Err(CatalogError::TooMany {
                path: "facts".to_owned(),
                count: section.map.len(),
                limit: MAX_CATALOG_ENTRIES,
            });
        }
        for (name, value) in section.map {
            let path = join(&section.path, name);
            check_fact_name(name, &section.path_or_root())?;
            let obj = Node { value, path }.object()?;
            obj.allow(&["question", "source", "note"])?;
            let fact = Fact {
                name: name.clone(),
                question: obj.required("question")?.owned_string()?,
                source: obj.optional("source", Node::owned_string)?,
                note: obj.optional("note", Node::owned_string)?,
                declared: true,
            };
            facts.insert(name.clone(), fact);
        }
    }
    for (index, gate) in gates.iter().enumerate() {
        let Some(name) = &gate.if_fact else { continue };
        check_fact_name(name, &format!("gates[{index}].if_fact"))?;
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

/// Fact names are what requests and command lines spell: lowercase ASCII letters, digits and
/// inner hyphens (`aws-in-tree-cloud-provider`).
fn check_fact_name(name: &str, path: &str) -> Result<(), CatalogError> {
    let well_formed = !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if well_formed {
        Ok(())
    } else {
        Err(CatalogError::UnknownValue {
            path: path.to_owned(),
            value: name.to_owned(),
            expected: "a fact name of lowercase letters, digits and hyphens".to_owned(),
        })
    }
}

fn load_products(root: &Obj) -> Result<[ProductReleases; 3], CatalogError> {
    let products = root.required("products")?.object()?;
    let mut loaded: [Option<ProductReleases>; 3] = [None, None, None];
    for (name, value) in products.map {
        let path = join(&products.path, name);
        let product = name
            .parse::<Product>()
            .map_err(|_| CatalogError::UnknownValue {
                path: products.path_or_root(),
                value: name.clone(),
                expected: "mcr, mke or msr".to_owned(),
            })?;
        let node = Node { value, path };
        loaded[product.index()] = Some(load_product(&node.object()?)?);
    }
    let [mcr, mke, msr] = loaded;
    Ok([
        mcr.unwrap_or_else(empty_product),
        mke.unwrap_or_else(empty_product),
        msr.unwrap_or_else(empty_product),
    ])
}

fn empty_product() -> ProductReleases {
    ProductReleases::new(Vec::new(), BTreeMap::new(), Vec::new())
}

fn load_product(obj: &Obj) -> Result<ProductReleases, CatalogError> {
    obj.allow(&["releases", "rules", "procedures"])?;
    if let Some(Value::Array(items)) = obj.get("releases") {
        if items.len() > MAX_RELEASES_PER_PRODUCT {
            return Err(CatalogError::TooMany {
                path: format!("{}.releases", obj.path),
                count: items.len(),
                limit: MAX_RELEASES_PER_PRODUCT,
            });
        }
    }
    let releases = obj.list("releases", load_release)?;
    let mut seen: BTreeMap<&Version, usize> = BTreeMap::new();
    for (index, release) in releases.iter().enumerate() {
        if let Some(first) = seen.insert(&release.version, index) {
            return Err(CatalogError::DuplicateRelease {
                path: format!("{}.releases[{index}]", obj.path),
                version: release.version.to_string(),
                first: format!("{}.releases[{first}]", obj.path),
            });
        }
    }
    let overrides = match obj.get_node("rules") {
        None => BTreeMap::new(),
        Some(node) => load_overrides(&node.object()?)?,
    };
    let operations = obj.list("procedures", load_operation)?;
    if let Some((index, op)) = operations
        .iter()
        .enumerate()
        .find(|(_, op)| op.releases.product() != product_of(&obj.path))
    {
        return Err(CatalogError::Inconsistent {
            path: format!("{}.procedures[{index}].releases", obj.path),
            problem: format!(
                "'{}' is about {}, but the procedures of {} are listed here",
                op.releases,
                op.releases.product(),
                product_of(&obj.path)
            ),
        });
    }
    Ok(ProductReleases::new(releases, overrides, operations))
}

/// The product whose object is at `path` (`products.msr`).
fn product_of(path: &str) -> Product {
    path.rsplit('.')
        .next()
        .and_then(|name| name.parse().ok())
        .unwrap_or(Product::Msr)
}

fn load_operation(node: &Node) -> Result<Operation, CatalogError> {
    let obj = node.object()?;
    obj.allow(&["releases", "procedure", "chart", "doc", "source"])?;
    let procedure_node = obj.required("procedure")?;
    let names: Vec<Node> = match procedure_node.value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, value)| Node {
                value,
                path: format!("{}[{i}]", procedure_node.path),
            })
            .collect(),
        _ => vec![Node {
            value: procedure_node.value,
            path: procedure_node.path.clone(),
        }],
    };
    let procedures = names
        .iter()
        .map(|name| {
            let text = name.string()?;
            Procedure::parse(text).ok_or_else(|| CatalogError::UnknownValue {
                path: display_path(&name.path),
                value: text.to_owned(),
                expected: Procedure::ALL.map(Procedure::as_str).join(", "),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if procedures.is_empty() {
        return Err(CatalogError::Inconsistent {
            path: procedure_node.path,
            problem: "at least one procedure is needed".to_owned(),
        });
    }
    Ok(Operation {
        releases: obj.required("releases")?.requirement()?,
        procedures,
        chart: obj.optional("chart", Node::owned_string)?,
        doc: obj.optional("doc", Node::owned_string)?,
        source: obj.optional("source", Node::owned_string)?,
    })
}

fn load_overrides(obj: &Obj) -> Result<BTreeMap<RuleId, Verdict>, CatalogError> {
    let mut overrides = BTreeMap::new();
    for (key, value) in obj.map {
        let rule = RULES
            .iter()
            .map(|rule| rule.id)
            .find(|id| id.as_str() == key)
            .ok_or_else(|| CatalogError::UnknownValue {
                path: obj.path_or_root(),
                value: key.clone(),
                expected: RULES
                    .iter()
                    .map(|rule| rule.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let node = Node {
            value,
            path: join(&obj.path, key),
        };
        let verdict = match node.string()? {
            "supported" => Verdict::Supported,
            "refused" => Verdict::Refused,
            other => {
                return Err(CatalogError::UnknownValue {
                    path: node.path,
                    value: other.to_owned(),
                    expected: "supported or refused".to_owned(),
                });
            }
        };
        overrides.insert(rule, verdict);
    }
    Ok(overrides)
}

fn load_release(node: &Node) -> Result<Release, CatalogError> {
    if let Value::String(_) = node.value {
        return Ok(Release {
            version: node.version()?,
            released: None,
            eol: None,
            blocked: None,
            source: None,
            confidence: None,
            note: None,
            helm_chart: None,
        });
    }
    if !node.value.is_object() {
        return Err(node.wrong_type("a version string or a release object"));
    }
    let obj = node.object()?;
    obj.allow(&[
        "version",
        "released",
        "eol",
        "blocked",
        "source",
        "confidence",
        "note",
        "helm_chart",
    ])?;
    Ok(Release {
        version: obj.required("version")?.version()?,
        released: obj.optional("released", Node::date)?,
        eol: obj.optional("eol", Node::date)?,
        blocked: obj.optional("blocked", Node::owned_string)?,
        source: obj.optional("source", Node::owned_string)?,
        confidence: obj.optional("confidence", Node::confidence)?,
        note: obj.optional("note", Node::owned_string)?,
        helm_chart: obj.optional("helm_chart", Node::owned_string)?,
    })
}

fn load_compatibility(node: &Node) -> Result<Compatibility, CatalogError> {
    let obj = node.object()?;
    obj.allow(&["when", "requires", "source", "confidence", "note"])?;
    let when = obj.required("when")?.requirement()?;
    let requires = obj.required("requires")?.requirement()?;
    if when.product() == requires.product() {
        return Err(CatalogError::Inconsistent {
            path: node.path.clone(),
            problem: format!(
                "'when' and 'requires' both name {}; a compatibility entry relates two products",
                when.product()
            ),
        });
    }
    Ok(Compatibility {
        when,
        requires,
        source: obj.optional("source", Node::owned_string)?,
        confidence: obj.optional("confidence", Node::confidence)?,
        note: obj.optional("note", Node::owned_string)?,
    })
}

fn load_gate(node: &Node) -> Result<Gate, CatalogError> {
    let obj = node.object()?;
    obj.allow(&[
        "to",
        "requires",
        "if_fact",
        "in_order",
        "reason",
        "source",
        "confidence",
        "note",
    ])?;
    let requires = obj.list("requires", Node::requirement)?;
    if requires.is_empty() {
        return Err(CatalogError::Inconsistent {
            path: join(&node.path, "requires"),
            problem: "a gate needs at least one requirement".to_owned(),
        });
    }
    Ok(Gate {
        to: obj.required("to")?.requirement()?,
        requires,
        if_fact: obj.optional("if_fact", Node::owned_string)?,
        in_order: obj.optional("in_order", Node::boolean)?.unwrap_or(false),
        reason: obj.required("reason")?.owned_string()?,
        source: obj.optional("source", Node::owned_string)?,
        confidence: obj.optional("confidence", Node::confidence)?,
        note: obj.optional("note", Node::owned_string)?,
    })
}

fn load_migration(node: &Node) -> Result<Migration, CatalogError> {
    let obj = node.object()?;
    obj.allow(&[
        "from",
        "to",
        "family",
        "tool",
        "source",
        "confidence",
        "note",
    ])?;
    let from = obj.required("from")?.requirement()?;
    let to = obj.required("to")?.requirement()?;
    let family = obj.optional("family", Node::requirement)?;
    if let Some(family) = family.as_ref().filter(|f| f.product() != to.product()) {
        return Err(CatalogError::Inconsistent {
            path: join(&node.path, "family"),
            problem: format!(
                "'family' names {} but 'to' names {}; a migration stays within one product",
                family.product(),
                to.product()
            ),
        });
    }
    if from.product() != to.product() {
        return Err(CatalogError::Inconsistent {
            path: node.path.clone(),
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
        tool: obj.required("tool")?.owned_string()?,
        source: obj.optional("source", Node::owned_string)?,
        confidence: obj.optional("confidence", Node::confidence)?,
        note: obj.optional("note", Node::owned_string)?,
    })
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A JSON value and the path that leads to it.
struct Node<'a> {
    value: &'a Value,
    path: String,
}

/// A JSON object and the path that leads to it.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Node<'a> {
    fn wrong_type(&self, expected: &'static str) -> CatalogError {
        CatalogError::WrongType {
            path: display_path(&self.path),
            expected,
            found: type_name(self.value),
        }
    }

    fn object(&self) -> Result<Obj<'a>, CatalogError> {
        Obj::new(self.value, self.path.clone())
    }

    fn string(&self) -> Result<&'a str, CatalogError> {
        self.value
            .as_str()
            .ok_or_else(|| self.wrong_type("a string"))
    }

    fn boolean(&self) -> Result<bool, CatalogError> {
        self.value
            .as_bool()
            .ok_or_else(|| self.wrong_type("a boolean"))
    }

    fn owned_string(&self) -> Result<String, CatalogError> {
        self.string().map(str::to_owned)
    }

    fn version(&self) -> Result<Version, CatalogError> {
        Version::parse(self.string()?).map_err(|source| CatalogError::BadVersion {
            path: display_path(&self.path),
            source,
        })
    }

    fn requirement(&self) -> Result<Requirement, CatalogError> {
        Requirement::parse(self.string()?).map_err(|source| CatalogError::BadRequirement {
            path: display_path(&self.path),
            source,
        })
    }

    fn date(&self) -> Result<Date, CatalogError> {
        Date::parse(self.string()?).map_err(|source| CatalogError::BadDate {
            path: display_path(&self.path),
            source,
        })
    }

    fn confidence(&self) -> Result<Confidence, CatalogError> {
        let text = self.string()?;
        Confidence::parse(text).ok_or_else(|| CatalogError::UnknownValue {
            path: display_path(&self.path),
            value: text.to_owned(),
            expected: "high, medium, low or inferred".to_owned(),
        })
    }
}

fn display_path(path: &str) -> String {
    if path.is_empty() {
        "catalog".to_owned()
    } else {
        path.to_owned()
    }
}

impl<'a> Obj<'a> {
    fn new(value: &'a Value, path: String) -> Result<Obj<'a>, CatalogError> {
        match value {
            Value::Object(map) => Ok(Obj { map, path }),
            other => Err(CatalogError::WrongType {
                path: display_path(&path),
                expected: "an object",
                found: type_name(other),
            }),
        }
    }

    fn path_or_root(&self) -> String {
        display_path(&self.path)
    }

    /// Rejects any field not in `allowed`.
    fn allow(&self, allowed: &[&str]) -> Result<(), CatalogError> {
        match self.map.keys().find(|key| !allowed.contains(&key.as_str())) {
            None => Ok(()),
            Some(field) => Err(CatalogError::UnknownField {
                path: self.path_or_root(),
                field: field.clone(),
                expected: allowed.join(", "),
            }),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// The field as a node; an explicit `null` counts as absent.
    fn get_node(&self, key: &str) -> Option<Node<'a>> {
        self.map
            .get(key)
            .filter(|value| !value.is_null())
            .map(|value| Node {
                value,
                path: join(&self.path, key),
            })
    }

    fn missing(&self, key: &str) -> CatalogError {
        CatalogError::MissingField {
            path: self.path_or_root(),
            field: key.to_owned(),
        }
    }

    fn required(&self, key: &str) -> Result<Node<'a>, CatalogError> {
        self.get_node(key).ok_or_else(|| self.missing(key))
    }

    fn optional<T>(
        &self,
        key: &str,
        read: impl Fn(&Node<'a>) -> Result<T, CatalogError>,
    ) -> Result<Option<T>, CatalogError> {
        self.get_node(key).map(|node| read(&node)).transpose()
    }

    /// An optional array field, each element read by `read`; absent means empty.
    fn list<T>(
        &self,
        key: &str,
        read: impl Fn(&Node<'a>) -> Result<T, CatalogError>,
    ) -> Result<Vec<T>, CatalogError> {
        let Some(node) = self.get_node(key) else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = node.value else {
            return Err(node.wrong_type("an array"));
        };
        items
            .iter()
            .enumerate()
            .map(|(index, value)| {
                read(&Node {
                    value,
                    path: format!("{}[{index}]", node.path),
                })
            })
            .collect()
    }
}
