//! The query string of `/plan` and `/api/plan` read into a [`Request`], and of
//! `/api/check` into its three values.
//!
//! Two spellings are accepted, so that the page works without JavaScript: the command line's
//! (`from=mcr=20.10.13,mke=3.3.7&to=msr=latest&facts=metallb=true`) and the form's, one field
//! per product and per fact (`from_mcr=20.10.13&to_msr=latest&fact_metallb=true`). Empty form
//! fields mean "not given".

use mirantis_upgrade_planner::{
    Policy, Product, Request, RequestError, Target, Version,
    date::Date,
    inventory::{OsFamily, StorageBackend},
    request::{ByProduct, parse_facts},
};

/// The longest query string read, in bytes: far above any real request (a few hundred).
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

/// Malformed input: the code and message of the JSON error object (HTTP 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The error's code, as the command line's (`bad-version`, `unknown-product`, `usage`).
    pub code: &'static str,
    /// One clear sentence naming the value.
    pub message: String,
}

impl InputError {
    fn usage(message: impl Into<String>) -> InputError {
        InputError {
            code: "usage",
            message: message.into(),
        }
    }

    fn request(parameter: &str, error: &RequestError) -> InputError {
        InputError {
            code: error.code(),
            message: format!("{parameter}: {error}"),
        }
    }
}

/// The decoded `name=value` pairs of a query string, in order.
///
/// # Errors
///
/// A query longer than [`MAX_QUERY_BYTES`], a `%` escape that is not two hex digits, or text
/// that is not UTF-8 once decoded.
pub fn pairs(query: &str) -> Result<Vec<(String, String)>, InputError> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(InputError::usage(format!(
            "the query string is {} bytes; the limit is {MAX_QUERY_BYTES}",
            query.len()
        )));
    }
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

/// Percent-decodes one component (`+` is a space, as HTML forms write it).
fn decode(text: &str) -> Result<String, InputError> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = tail.get(..2).and_then(|h| std::str::from_utf8(h).ok());
                let value = hex
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| {
                        InputError::usage(format!("bad percent escape in the query: '{text}'"))
                    })?;
                bytes.push(value);
                rest = tail.get(2..).unwrap_or_default();
                continue;
            }
            other => bytes.push(other),
        }
        rest = tail;
    }
    String::from_utf8(bytes)
        .map_err(|_| InputError::usage("the query string is not UTF-8 once decoded"))
}

/// A yes/no parameter: `true`, `on` (a checked checkbox) or `1`; `false`, `0` or empty.
fn flag(name: &str, value: &str) -> Result<bool, InputError> {
    match value {
        "true" | "on" | "1" => Ok(true),
        "false" | "0" | "" => Ok(false),
        other => Err(InputError::usage(format!(
            "{name}: '{other}' is not true or false"
        ))),
    }
}

/// The request a query string describes.
///
/// # Errors
///
/// An [`InputError`] naming the parameter and value: an unknown parameter, a malformed
/// version, target, fact, policy or date, or no installed version at all.
pub fn request(query: &str) -> Result<Request, InputError> {
    let mut request = Request::default();
    for (name, value) in pairs(query)? {
        let value = value.trim();
        match name.as_str() {
            "from" if !value.is_empty() => {
                let state: ByProduct<Version> =
                    value.parse().map_err(|e| InputError::request("from", &e))?;
                request.from.extend(state.0);
            }
            "to" if !value.is_empty() => {
                let targets: ByProduct<Target> =
                    value.parse().map_err(|e| InputError::request("to", &e))?;
                request.to.extend(targets.0);
            }
            "from" | "to" => {}
            "facts" => {
                let facts = parse_facts(value).map_err(|e| InputError::request("facts", &e))?;
                request.facts.extend(facts);
            }
            "policy" => {
                request.policy = match value {
                    "" | "recommended" => Policy::Recommended,
                    "minimal" => Policy::Minimal,
                    other => {
                        return Err(InputError::usage(format!(
                            "policy: '{other}' is not recommended or minimal"
                        )));
                    }
                }
            }
            "allow_migrations" => request.allow_migrations = flag(&name, value)?,
            "offline" => request.offline = flag(&name, value)?,
            "as_of" if value.is_empty() => {}
            "as_of" => {
                let date: Date = value.parse().map_err(|e| InputError {
                    code: "usage",
                    message: format!("as_of: {e}"),
                })?;
                request.as_of = Some(date);
            }
            "unattended" => request.unattended = flag(&name, value)?,
            "accept" => request.accept.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned),
            ),
            other if site_value(&mut request, other, value)? => {}
            other => per_field(&mut request, other, value)?,
        }
    }
    if request.from.is_empty() {
        return Err(InputError::usage(
            "from: no installed version given (from=mcr=...,mke=...,msr=...)",
        ));
    }
    Ok(request)
}

/// The site values, named as the request's JSON `site` names them (`admin` too, as the
/// command line's flag): `true` when `name` is one. An empty value is "not given".
fn site_value(request: &mut Request, name: &str, value: &str) -> Result<bool, InputError> {
    let text = (!value.is_empty()).then(|| value.to_owned());
    let site = &mut request.site;
    match name {
        "mke_url" => site.mke_url = text,
        "msr_url" => site.msr_url = text,
        "target_msr_url" => site.target_msr_url = text,
        "admin" | "admin_user" => site.admin_user = text,
        "replica_id" => site.replica_id = text,
        "backup_dir" => site.backup_dir = text,
        "mke_image_repo" => site.mke_image_repo = text,
        "msr_image_repo" => site.msr_image_repo = text,
        "os" if value.is_empty() => site.os = None,
        "os" => {
            site.os = Some(
                value
                    .parse::<OsFamily>()
                    .map_err(|e| InputError::usage(format!("os: {e}")))?,
            );
        }
        "storage" if value.is_empty() => site.storage = None,
        "storage" => {
            site.storage = Some(
                value
                    .parse::<StorageBackend>()
                    .map_err(|e| InputError::usage(format!("storage: {e}")))?,
            );
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The form's one-field-per-product and per-fact parameters.
fn per_field(request: &mut Request, name: &str, value: &str) -> Result<(), InputError> {
    let product = |text: &str| {
        Product::from_name(text).map_err(|e| InputError {
            code: "unknown-product",
            message: format!("{name}: {e}"),
        })
    };
    if let Some(fact) = name.strip_prefix("fact_") {
        match value {
            "" => {}
            "true" | "false" => {
                request.facts.insert(fact.to_owned(), value == "true");
            }
            other => {
                return Err(InputError::usage(format!(
                    "{name}: '{other}' is not true or false"
                )));
            }
        }
    } else if let Some(text) = name.strip_prefix("from_") {
        let product = product(text)?;
        if !value.is_empty() {
            let version = Version::parse(value).map_err(|e| InputError {
                code: "bad-version",
                message: format!("{name}: {e}"),
            })?;
            request.from.insert(product, version);
        }
    } else if let Some(text) = name.strip_prefix("to_") {
        let product = product(text)?;
        if !value.is_empty() {
            let target = Target::parse(value).map_err(|e| InputError {
                code: "bad-version",
                message: format!("{name}: {e}"),
            })?;
            request.to.insert(product, target);
        }
    } else {
        return Err(InputError::usage(format!("unknown parameter '{name}'")));
    }
    Ok(())
}

/// The `product`, `from` and `to` of `/api/check`, and whether migrations count.
///
/// # Errors
///
/// An unknown parameter or product, a malformed version, or a missing value.
pub fn check(query: &str) -> Result<(Product, Version, Version, bool), InputError> {
    let (mut product, mut from, mut to, mut migrations) = (None, None, None, false);
    for (name, value) in pairs(query)? {
        let version = |value: &str| {
            Version::parse(value).map_err(|e| InputError {
                code: "bad-version",
                message: format!("{name}: {e}"),
            })
        };
        match name.as_str() {
            "product" => {
                product = Some(Product::from_name(&value).map_err(|e| InputError {
                    code: "unknown-product",
                    message: format!("product: {e}"),
                })?);
            }
            "from" => from = Some(version(&value)?),
            "to" => to = Some(version(&value)?),
            "allow_migrations" => migrations = flag(&name, &value)?,
            other => return Err(InputError::usage(format!("unknown parameter '{other}'"))),
        }
    }
    match (product, from, to) {
        (Some(product), Some(from), Some(to)) => Ok((product, from, to, migrations)),
        _ => Err(InputError::usage(
            "check needs product, from and to (product=msr&from=2.8.5&to=2.9.30)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{pairs, request};
    use mirantis_upgrade_planner::{Policy, Product, Target};

    #[test]
    fn both_spellings_read_the_same_request() {
        let flags = request(
            "from=mcr%3D20.10.13%2Cmke%3D3.3.7&to=msr%3Dlatest&facts=metallb%3Dtrue&policy=minimal&allow_migrations=true",
        )
        .unwrap();
        let form = request(
            "from_mcr=20.10.13&from_mke=3.3.7&from_msr=&to_msr=latest&to_mke=&fact_metallb=true&fact_calico-ebpf=&policy=minimal&allow_migrations=on",
        )
        .unwrap();
        assert_eq!(flags, form);
        assert_eq!(form.to[&Product::Msr], Target::Latest);
        assert_eq!(form.policy, Policy::Minimal);
        assert!(form.allow_migrations);
        assert!(
            !form.from.contains_key(&Product::Msr),
            "an empty field is not given"
        );
    }

    #[test]
    fn malformed_queries_say_what_is_wrong() {
        let error = |query: &str| request(query).unwrap_err();
        assert_eq!(error("from_mke=3.x.0").code, "bad-version");
        assert_eq!(error("from=ucx%3D3.3.7").code, "unknown-product");
        assert_eq!(
            error("from_mke=3.3.7&frobnicate=1").message,
            "unknown parameter 'frobnicate'"
        );
        assert_eq!(error("to_msr=latest").code, "usage");
        assert!(error("from_mke=%zz").message.contains("percent escape"));
        assert!(error("from_mke=%ff").message.contains("UTF-8"));
        assert!(
            error("from_mke=3.3.7&offline=maybe")
                .message
                .contains("'maybe'")
        );
        assert!(pairs(&"a".repeat(super::MAX_QUERY_BYTES + 1)).is_err());
    }
}
