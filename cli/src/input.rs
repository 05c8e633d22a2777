//! What the command line reads: its files (with their size limits) and its flag values, into
//! the library's types.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;
use std::str::FromStr;

use mirantis_upgrade_planner::launchpad::LaunchpadConfig;
use mirantis_upgrade_planner::limits::{
    MAX_CATALOG_BYTES, MAX_INVENTORY_BYTES, MAX_LAUNCHPAD_BYTES, MAX_PLAN_BYTES, MAX_REQUEST_BYTES,
};
use mirantis_upgrade_planner::{
    Catalog, Inventory, Plan, Product, Request, RequestError, Target, Version,
    request::{ByProduct, parse_facts},
};

use crate::Failure;
use crate::args::PlanArgs;

/// Reads a file of at most `limit` bytes.
fn read_limited(
    path: &Path,
    limit: usize,
    code: &'static str,
    what: &str,
) -> Result<Vec<u8>, Failure> {
    let shown = path.display();
    let cannot_read = |reason: String| {
        Failure::malformed(code, format!("cannot read {what} '{shown}': {reason}"))
    };
    let size = std::fs::metadata(path)
        .map_err(|e| cannot_read(e.to_string()))?
        .len();
    if size > limit as u64 {
        return Err(cannot_read(format!(
            "{size} bytes; the limit is {limit} bytes"
        )));
    }
    std::fs::read(path).map_err(|e| cannot_read(e.to_string()))
}

/// The bytes read from `path`, as text.
fn utf8(bytes: Vec<u8>, code: &'static str, what: &str, path: &Path) -> Result<String, Failure> {
    String::from_utf8(bytes)
        .map_err(|_| Failure::malformed(code, format!("{what} '{}': not UTF-8", path.display())))
}

pub(crate) fn load_inventory(path: &Path) -> Result<Inventory, Failure> {
    let bytes = read_limited(path, MAX_INVENTORY_BYTES, "bad-inventory", "inventory")?;
    Inventory::from_json(&utf8(bytes, "bad-inventory", "inventory", path)?).map_err(|error| {
        Failure::malformed(
            "bad-inventory",
            format!("inventory '{}': {error}", path.display()),
        )
    })
}

/// Reads a Launchpad config (`launchpad.yaml`).
pub(crate) fn load_launchpad(path: &Path) -> Result<LaunchpadConfig, Failure> {
    let what = "launchpad config";
    let bytes = read_limited(path, MAX_LAUNCHPAD_BYTES, "bad-launchpad", what)?;
    // Launchpad expands the environment's variables in a config it loads; so does the import.
    let environment = |name: &str| std::env::var(name).ok();
    LaunchpadConfig::parse_with_environment(
        &utf8(bytes, "bad-launchpad", what, path)?,
        &environment,
    )
    .map_err(|error| launchpad_error(path, error))
}

/// A Launchpad config's error, naming the file (exit 2).
pub(crate) fn launchpad_error(path: &Path, error: impl std::fmt::Display) -> Failure {
    Failure::malformed(
        "bad-launchpad",
        format!("launchpad config '{}': {error}", path.display()),
    )
}

/// The installed versions and the inventory of a Launchpad config, `--from` overriding
/// its versions.
pub(crate) fn launchpad_state(
    path: &Path,
    config: &LaunchpadConfig,
    from: Option<&str>,
) -> Result<(BTreeMap<Product, Version>, Inventory), Failure> {
    let overrides = match from {
        Some(text) => read::<ByProduct<Version>>("--from", text)?.0,
        None => BTreeMap::new(),
    };
    let installed = config
        .installed(&overrides)
        .map_err(|error| launchpad_error(path, error))?;
    let inventory = config.inventory(&installed);
    Ok((installed, inventory))
}

pub(crate) fn load_catalog(path: Option<&Path>) -> Result<Catalog, Failure> {
    let Some(path) = path else {
        return Ok(Catalog::embedded());
    };
    let bytes = read_limited(path, MAX_CATALOG_BYTES, "bad-catalog", "catalog")?;
    Catalog::from_json_bytes(&bytes).map_err(|error| {
        Failure::malformed(
            "bad-catalog",
            format!("catalog '{}': {error}", path.display()),
        )
    })
}

pub(crate) fn load_plan(path: &Path) -> Result<Plan, Failure> {
    let bytes = read_limited(path, MAX_PLAN_BYTES, "bad-plan", "plan")?;
    Plan::from_json_bytes(&bytes).map_err(|error| {
        Failure::malformed("bad-plan", format!("plan '{}': {error}", path.display()))
    })
}

/// Reads a JSON request from a file, or from standard input for `-`.
pub(crate) fn read_request(path: &Path) -> Result<Request, Failure> {
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_REQUEST_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Failure::malformed("bad-request", format!("cannot read standard input: {e}"))
            })?;
        bytes
    } else {
        read_limited(path, MAX_REQUEST_BYTES, "bad-request", "request")?
    };
    Request::from_json(&utf8(bytes, "bad-request", "request", path)?).map_err(|error| {
        Failure::malformed(
            error.code(),
            format!("request '{}': {error}", path.display()),
        )
    })
}

/// Parses a flag's `mcr=20.10.13,mke=3.3.7` list ([`ByProduct`]); an error names the flag.
pub(crate) fn read<T: FromStr<Err = RequestError>>(flag: &str, text: &str) -> Result<T, Failure> {
    text.parse()
        .map_err(|e: RequestError| Failure::malformed(e.code(), format!("{flag}: {e}")))
}

pub(crate) fn read_facts(text: &str) -> Result<BTreeMap<String, bool>, Failure> {
    parse_facts(text).map_err(|e| Failure::malformed(e.code(), format!("--facts: {e}")))
}

/// A product by its name or an old name (`ucp`, `dtr`, `docker`, `engine`).
pub(crate) fn read_product(text: &str) -> Result<Product, Failure> {
    Product::from_name(text).map_err(|error| Failure::malformed("unknown-product", error))
}

pub(crate) fn read_version(text: &str) -> Result<Version, Failure> {
    Version::parse(text).map_err(|error| Failure::malformed("bad-version", error))
}

/// The installed versions of a request whose inventory records them (`installed`, as
/// `planner import launchpad` writes), each version `--from` gives replacing the recorded
/// one. Without either, the planner would have nothing to start from: a usage error.
fn installed_from_inventory(request: &Request) -> Result<BTreeMap<Product, Version>, Failure> {
    let mut from = request
        .inventory
        .as_ref()
        .map(|inventory| inventory.installed.clone())
        .unwrap_or_default();
    from.extend(request.from.iter().map(|(p, v)| (*p, v.clone())));
    if from.is_empty() {
        return Err(Failure::malformed(
            "usage",
            "--from: give the installed versions (`--from mcr=VERSION,mke=VERSION`); the \
             inventory records none (`installed`, which `planner import launchpad` writes)",
        ));
    }
    Ok(from)
}

/// The request the flags of `plan` describe (with `--launchpad`, the config's versions and
/// inventory where the flags give none), and the Launchpad config when one was given.
pub(crate) fn request_from_flags(
    args: &PlanArgs,
) -> Result<(Request, Option<LaunchpadConfig>), Failure> {
    let from = match args.from.as_deref() {
        Some(from) => read::<ByProduct<Version>>("--from", from)?.0,
        None => BTreeMap::new(),
    };
    let to = read::<ByProduct<Target>>("--to", args.to.as_deref().unwrap_or_default())?.0;
    let mut request = args.conditions.request(from, to)?;
    let Some(path) = args.launchpad.as_deref() else {
        request.from = installed_from_inventory(&request)?;
        return Ok((request, None));
    };
    let config = load_launchpad(path)?;
    let (installed, inventory) = launchpad_state(path, &config, args.from.as_deref())?;
    request.from = installed;
    request.inventory = request.inventory.or(Some(inventory));
    if args.executor.as_deref() == Some("launchpad") {
        request.launchpad = Some(config.executor(path.display().to_string()));
    }
    Ok((request, Some(config)))
}
