//! A local web page and HTTP API over `mirantis-upgrade-planner`.
//!
//! The library plans; this crate only reads HTTP requests into library requests and writes
//! the library's renderings back (the plan JSON is exactly what `planner plan --format json`
//! prints). It is the only part of the project that touches the network.
//!
//! | route | answers |
//! |---|---|
//! | `GET /` | the form |
//! | `GET /plan?...` | the plan as a page (422 with the explanation for a refusal, 400 for malformed input) |
//! | `GET /plan.md?...` | the same plan as Markdown |
//! | `GET /api/plan?...`, `POST /api/plan` | the plan JSON, or the error JSON with 422 (refusal) or 400 (malformed input) |
//! | `GET /api/catalog` | the catalog the server plans with |
//! | `GET /api/check?product=&from=&to=` | one hop checked, as `planner check --format json` |
//! | `GET /healthz` | `ok` |
//! | `GET /page.css`, `GET /page.js` | the page's style sheet and script |
//!
//! Every response carries `X-Content-Type-Options: nosniff`, a Content-Security-Policy that
//! allows only the page's own style sheet and script (no inline code, no framing) and
//! `Referrer-Policy: no-referrer`.

mod page;
pub mod query;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mirantis_upgrade_planner::{
    Catalog, Format, Plan, Planner, Refusal, Request,
    check::{CheckError, CheckOptions, check_hop},
    limits::MAX_REQUEST_BYTES,
    render::{error_json, refusal_json, render_check, render_plan, render_refusal},
};

use crate::query::InputError;

/// What the server plans with: the planner over its catalog, and the catalog's text for
/// `/api/catalog`.
pub struct App {
    planner: Planner,
    catalog_json: String,
}

impl App {
    /// A server over a catalog and its JSON text.
    pub fn new(catalog: Catalog, catalog_json: String) -> App {
        App {
            planner: Planner::new(catalog),
            catalog_json,
        }
    }

    /// A server over the embedded Mirantis catalog.
    pub fn embedded() -> App {
        App::new(Catalog::embedded(), Catalog::embedded_json().to_owned())
    }
}

/// Every route of the server.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/plan", get(plan_page))
        .route("/plan.md", get(plan_markdown))
        .route("/api/plan", get(api_plan_get).post(api_plan_post))
        .route("/api/catalog", get(api_catalog))
        .route("/api/check", get(api_check))
        .route("/healthz", get(|| async { "ok\n" }))
        .route(
            "/page.css",
            get(|| async { asset("text/css; charset=utf-8", page::STYLE) }),
        )
        .route(
            "/page.js",
            get(|| async { asset("text/javascript; charset=utf-8", page::SCRIPT) }),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(Arc::new(app))
}

/// The Content-Security-Policy of every response: the page's own style sheet and script, the
/// form posting to the server itself, no framing, nothing else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Adds the security headers to a response.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    response
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

type Shared = State<Arc<App>>;

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn json(status: StatusCode, value: &serde_json::Value) -> Response {
    // A `Value`'s alternate `Display` is serde_json's pretty writer, which cannot fail on a
    // `Value` (unlike `to_string_pretty(..).unwrap_or_default()`, no empty body either way).
    let mut text = format!("{value:#}");
    text.push('\n');
    json_text(status, text)
}

fn json_text(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// The HTTP status of a refusal: malformed input (an unknown version or fact) is 400, a
/// well-formed request with no supported plan is 422.
fn refusal_status(refusal: &Refusal) -> StatusCode {
    if refusal.is_input_error() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// Plans off the async threads: a plan takes microseconds on real catalogs, but up to the
/// search budget on a hostile one. `Err` is a response already: the refusal's, or a 500 if
/// the planning task could not finish (it does not panic, so only at shutdown).
async fn plan_request(app: &Arc<App>, request: Request) -> Result<Result<Plan, Refusal>, Response> {
    let app = Arc::clone(app);
    tokio::task::spawn_blocking(move || app.planner.plan(&request))
        .await
        .map_err(|_| {
            json(
                StatusCode::INTERNAL_SERVER_ERROR,
                &error_json("internal", "the planning task did not finish"),
            )
        })
}

async fn index(State(app): Shared) -> Response {
    html(StatusCode::OK, page::form(app.planner.catalog()))
}

async fn plan_page(State(app): Shared, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let request = match query::request(&query) {
        Ok(request) => request,
        Err(error) => {
            return html(
                StatusCode::BAD_REQUEST,
                page::error(error.code, &error.message),
            );
        }
    };
    match plan_request(&app, request).await {
        Ok(Ok(plan)) => html(StatusCode::OK, page::plan(&plan, &query)),
        Ok(Err(refusal)) => html(refusal_status(&refusal), page::refusal(&refusal, &query)),
        Err(response) => response,
    }
}

async fn plan_markdown(State(app): Shared, RawQuery(query): RawQuery) -> Response {
    let text = |status, body: String| {
        (
            status,
            [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
            body,
        )
            .into_response()
    };
    let request = match query::request(&query.unwrap_or_default()) {
        Ok(request) => request,
        Err(error) => {
            return text(
                StatusCode::BAD_REQUEST,
                format!("error: {}\n", error.message),
            );
        }
    };
    match plan_request(&app, request).await {
        Ok(Ok(plan)) => text(StatusCode::OK, render_plan(&plan, Format::Markdown)),
        Ok(Err(refusal)) => text(
            refusal_status(&refusal),
            render_refusal(&refusal, Format::Markdown),
        ),
        Err(response) => response,
    }
}

/// The plan JSON, or the error JSON with its status.
async fn api_answer(app: &Arc<App>, request: Result<Request, InputError>) -> Response {
    let request = match request {
        Ok(request) => request,
        Err(error) => {
            return json(
                StatusCode::BAD_REQUEST,
                &error_json(error.code, &error.message),
            );
        }
    };
    match plan_request(app, request).await {
        Ok(Ok(plan)) => json_text(StatusCode::OK, render_plan(&plan, Format::Json)),
        Ok(Err(refusal)) => json(refusal_status(&refusal), &refusal_json(&refusal)),
        Err(response) => response,
    }
}

async fn api_plan_get(State(app): Shared, RawQuery(query): RawQuery) -> Response {
    api_answer(&app, query::request(&query.unwrap_or_default())).await
}

/// The JSON request of `planner plan --request`.
async fn api_plan_post(State(app): Shared, body: Result<Bytes, BytesRejection>) -> Response {
    let request = match body {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => Request::from_json(text).map_err(|error| InputError {
                code: error.code(),
                message: error.to_string(),
            }),
            Err(_) => Err(InputError {
                code: "bad-request",
                message: "the request body is not UTF-8".to_owned(),
            }),
        },
        Err(rejection) => {
            let status = rejection.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!("the request body is larger than the limit of {MAX_REQUEST_BYTES} bytes")
            } else {
                rejection.body_text()
            };
            return json(status, &error_json("bad-request", &message));
        }
    };
    api_answer(&app, request).await
}

async fn api_catalog(State(app): Shared) -> Response {
    json_text(StatusCode::OK, app.catalog_json.clone())
}

async fn api_check(State(app): Shared, RawQuery(query): RawQuery) -> Response {
    let (product, from, to, migrations) = match query::check(&query.unwrap_or_default()) {
        Ok(values) => values,
        Err(error) => {
            return json(
                StatusCode::BAD_REQUEST,
                &error_json(error.code, &error.message),
            );
        }
    };
    match check_hop(
        app.planner.catalog(),
        product,
        &from,
        &to,
        &CheckOptions::default().allow_migrations(migrations),
    ) {
        Ok(answer) => json_text(StatusCode::OK, render_check(&answer, Format::Json)),
        Err(error @ CheckError::SameVersion { .. }) => json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &error_json("same-version", &error.to_string()),
        ),
        Err(error) => json(
            StatusCode::BAD_REQUEST,
            &error_json("unknown-version", &error.to_string()),
        ),
    }
}

async fn not_found() -> Response {
    json(
        StatusCode::NOT_FOUND,
        &error_json(
            "not-found",
            "no such page: see / for the form and /api/plan for the API",
        ),
    )
}
