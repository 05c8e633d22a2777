//! The server on an ephemeral loopback port: every endpoint and status, hostile input, the
//! API's JSON equal to the golden plans the command line prints, and many concurrent
//! requests.

mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use mirantis_upgrade_planner::{Catalog, limits::MAX_REQUEST_BYTES};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use support::start_server;

/// The root crate's scenarios, so that the API is checked against the same golden files.
#[allow(dead_code)]
#[path = "../../tests/common/scenarios.rs"]
mod scenarios;

/// A fixture of the root crate's tests (the scenarios read their catalogs with it).
pub fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// One HTTP/1.1 exchange: the status, the content type and the body.
struct Answer {
    status: u16,
    content_type: String,
    /// The response's head, its header names lowercased.
    head: String,
    body: String,
}

async fn send(address: SocketAddr, method: &str, path: &str, body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // A server may answer (413) before reading a large body: ignore a reset while writing.
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let head = head
        .lines()
        .map(|line| match line.split_once(':') {
            Some((name, value)) => format!("{}:{value}", name.to_ascii_lowercase()),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    Answer {
        status,
        content_type,
        head,
        body: body.to_owned(),
    }
}

async fn get(address: SocketAddr, path: &str) -> Answer {
    send(address, "GET", path, b"").await
}

fn code(answer: &Answer) -> String {
    let json: serde_json::Value =
        serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body));
    json["error"]["code"].as_str().unwrap_or("").to_owned()
}

const DESIGN: &str =
    "from=mcr=20.10.13,mke=3.3.7,msr=2.8.5&to=msr=latest&facts=unsupported-storage-driver=false";

#[tokio::test(flavor = "multi_thread")]
async fn every_endpoint_answers_with_its_status() {
    let server = start_server().await;

    let form = get(server, "/").await;
    assert_eq!(form.status, 200);
    assert!(form.content_type.starts_with("text/html"));
    assert!(
        form.body
            .contains("<form id=\"plan-form\" method=\"get\" action=\"/plan\">")
    );
    for fact in Catalog::embedded().facts() {
        assert!(
            form.body.contains(&format!("name=\"fact_{}\"", fact.name)),
            "{}",
            fact.name
        );
    }
    assert!(
        form.body
            .contains("<option value=\"2.9.30\">2.9.30</option>")
    );

    let page = get(server, &format!("/plan?{DESIGN}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<ol id=\"hops\">"), "{}", page.body);
    assert!(
        page.body
            .contains("<li class=\"hop\">mke 3.3.7 \u{2192} 3.4.7 (minor-upgrade)</li>")
    );
    assert!(page.body.contains("<svg xmlns="), "the picture is inline");
    assert!(
        page.body
            .contains("href=\"/api/plan?from=mcr=20.10.13,mke=3.3.7,msr=2.8.5&amp;to=msr=latest")
    );

    // Regression: this request made the planner panic, and the page answered 500.
    let unlisted = get(
        server,
        "/plan?from=mcr=20.10.13,mke=3.3.99,msr=2.8.5&to=mke=3.3,msr=2.10",
    )
    .await;
    assert_eq!(unlisted.status, 422, "{}", unlisted.body);
    assert!(
        unlisted.body.contains("mke 3.3.99 is not in the catalog"),
        "{}",
        unlisted.body
    );

    let refused = get(
        server,
        "/plan?from=mcr=23.0.9-1,mke=3.3.7,msr=2.8.5&to=mke=3.4",
    )
    .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Refused (no-path)"));
    assert!(
        refused.body.contains("What you can do:"),
        "hints: {}",
        refused.body
    );

    let markdown = get(server, &format!("/plan.md?{DESIGN}")).await;
    assert_eq!(markdown.status, 200);
    assert!(markdown.content_type.starts_with("text/markdown"));
    assert!(markdown.body.contains("- [ ] **"), "checkboxes");

    let api = get(server, &format!("/api/plan?{DESIGN}")).await;
    assert_eq!(api.status, 200);
    assert_eq!(api.content_type, "application/json");
    let api_refused = get(
        server,
        "/api/plan?from=mcr=23.0.9-1,mke=3.3.7,msr=2.8.5&to=mke=3.4",
    )
    .await;
    assert_eq!(
        (api_refused.status, code(&api_refused)),
        (422, "no-path".to_owned())
    );
    let unanswered = get(
        server,
        "/api/plan?from=mcr=20.10.13,mke=3.3.7,msr=2.8.5&to=msr=latest",
    )
    .await;
    assert_eq!(
        (unanswered.status, code(&unanswered)),
        (422, "unanswered-fact".to_owned())
    );
    let unknown_fact = get(server, &format!("/api/plan?{DESIGN}&fact_metalb=true")).await;
    assert_eq!(
        (unknown_fact.status, code(&unknown_fact)),
        (400, "unknown-fact".to_owned())
    );

    let catalog = get(server, "/api/catalog").await;
    assert_eq!(catalog.status, 200);
    assert_eq!(catalog.body, Catalog::embedded_json());

    let check = get(server, "/api/check?product=dtr&from=2.7.3&to=2.9.0").await;
    assert_eq!(check.status, 200);
    let answer: serde_json::Value = serde_json::from_str(&check.body).unwrap();
    assert_eq!(answer["supported"], false);
    assert_eq!(answer["rule"], "skip-minor-version");
    let same = get(server, "/api/check?product=msr&from=2.9.0&to=2.9.0").await;
    assert_eq!((same.status, code(&same)), (422, "same-version".to_owned()));
    let missing = get(server, "/api/check?product=msr&from=2.9.0").await;
    assert_eq!((missing.status, code(&missing)), (400, "usage".to_owned()));

    let health = get(server, "/healthz").await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok\n"));
    assert_eq!(get(server, "/nowhere").await.status, 404);
}

#[tokio::test]
async fn each_step_links_its_source_and_says_who_runs_it() {
    let server = start_server().await;
    let page = get(server, &format!("/plan?{DESIGN}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(
            "Source: <a class=\"source\" href=\"https://docs.mirantis.com/msr/2.9/cli-ref/upgrade/\" rel=\"noreferrer\">"
        ),
        "{}",
        page.body
    );
    assert!(page.body.contains("<strong>Needs a person</strong>"));
    assert!(
        page.body
            .contains("Set in the environment first: <code>UCP_PASSWORD</code>")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_and_hostile_input_gets_400_and_is_escaped() {
    let server = start_server().await;
    for (path, wanted) in [
        ("/api/plan?from=mke=3.x.0", "bad-version"),
        ("/api/plan?from=ucx=3.3.7", "unknown-product"),
        ("/api/plan?to=msr=latest", "usage"),
        ("/api/plan?from_mke=3.3.7&frobnicate=1", "usage"),
        ("/api/plan?from_mke=%zz", "usage"),
        ("/api/plan?from_mke=3.3.7&policy=fastest", "usage"),
        ("/api/plan?from=mke=3.99.0&to=mke=latest", "unknown-version"),
        ("/api/check?product=msr&from=2.x&to=2.9.0", "bad-version"),
    ] {
        let answer = get(server, path).await;
        assert_eq!(
            (answer.status, code(&answer)),
            (400, wanted.to_owned()),
            "{path}"
        );
    }
    // Markup in a value is shown, never interpreted.
    let page = get(server, "/plan?from_mke=%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(page.status, 400);
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    assert!(
        page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        page.body
    );
    // Size limits: the query string and the body.
    let long = get(
        server,
        &format!("/api/plan?from=mke=3.3.7&as_of={}", "9".repeat(9000)),
    )
    .await;
    assert_eq!(long.status, 400);
    assert!(code(&long) == "usage");
    let big = send(
        server,
        "POST",
        "/api/plan",
        &vec![b' '; MAX_REQUEST_BYTES + 1],
    )
    .await;
    assert_eq!(big.status, 413, "{}", big.body);
    assert_eq!(code(&big), "bad-request");
    let not_json = send(server, "POST", "/api/plan", b"{\"from\": ").await;
    assert_eq!(
        (not_json.status, code(&not_json)),
        (400, "bad-request".to_owned())
    );
    let binary = send(server, "POST", "/api/plan", &[0xff, 0xfe]).await;
    assert_eq!(
        (binary.status, code(&binary)),
        (400, "bad-request".to_owned())
    );
}

/// The API answers exactly what `planner plan --format json` prints: the golden files.
#[tokio::test(flavor = "multi_thread")]
async fn the_api_json_is_the_command_lines_for_the_golden_scenarios() {
    let server = start_server().await;
    let embedded = Catalog::embedded();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden");
    let mut compared = 0;
    for scenario in scenarios::all() {
        let file = golden.join(format!("{}.json", scenario.name));
        if !file.exists() || scenario.planner.catalog().digest() != embedded.digest() {
            continue;
        }
        let wanted = std::fs::read_to_string(&file).unwrap();
        let answer = send(
            server,
            "POST",
            "/api/plan",
            scenario.request.to_json().as_bytes(),
        )
        .await;
        assert_eq!(answer.body, wanted, "{}", scenario.name);
        let status = if wanted.contains("\"error\"") {
            422
        } else {
            200
        };
        assert_eq!(answer.status, status, "{}", scenario.name);
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} golden scenarios compared");
}

#[tokio::test(flavor = "multi_thread")]
async fn thousands_of_concurrent_requests_are_all_answered() {
    let server = start_server().await;
    let requests = 3_000;
    let work = async {
        // 128 in flight at a time: more would only measure the file-descriptor limit of
        // this one process, which holds both ends of every connection.
        let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(128));
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..requests {
            let permits = std::sync::Arc::clone(&permits);
            tasks.spawn(async move {
                let _permit = permits.acquire().await.unwrap();
                let path = if i % 3 == 0 {
                    "/healthz".to_owned()
                } else {
                    format!("/api/plan?{DESIGN}")
                };
                get(server, &path).await.status
            });
        }
        let mut ok = 0;
        while let Some(status) = tasks.join_next().await {
            ok += usize::from(status.unwrap() == 200);
        }
        ok
    };
    let ok = tokio::time::timeout(Duration::from_secs(120), work)
        .await
        .expect("3,000 requests answered within two minutes");
    assert_eq!(ok, requests);
}

/// The page for people without a terminal: site values on the form and in `GET /plan` fill
/// the commands, and the placeholders left are listed.
#[tokio::test(flavor = "multi_thread")]
async fn site_values_fill_the_page_and_the_placeholders_left_are_listed() {
    let server = start_server().await;
    let form = get(server, "/").await;
    for name in [
        "mke_url",
        "msr_url",
        "admin_user",
        "replica_id",
        "backup_dir",
        "mke_image_repo",
        "msr_image_repo",
        "storage",
        "os",
        "offline",
    ] {
        assert!(
            form.body.contains(&format!("name=\"{name}\"")),
            "the form has no {name}"
        );
    }
    assert!(
        !form.body.contains("<script>") && !form.body.contains("<style>"),
        "no inline code"
    );

    // Site values fill the commands; the placeholders left are listed.
    let filled = get(
        server,
        &format!("/plan?{DESIGN}&mke_url=mke.example.com&admin_user=ops&storage=nfs&backup_dir=%2Fbackups&offline=&msr_url="),
    )
    .await;
    assert_eq!(filled.status, 200, "{}", filled.body);
    assert!(
        filled.body.contains("https://mke.example.com/_ping"),
        "{}",
        filled.body
    );
    let left = filled
        .body
        .split("<ul id=\"placeholders\">")
        .nth(1)
        .unwrap();
    let left = left.split("</ul>").next().unwrap();
    assert!(left.contains("<code>&lt;msr-url&gt;</code>"), "{left}");
    for filled_in in ["mke-url", "mke-admin", "backup-dir"] {
        assert!(
            !left.contains(&format!("&lt;{filled_in}&gt;")),
            "{filled_in}: {left}"
        );
    }
    let api = get(
        server,
        &format!("/api/plan?{DESIGN}&mke_url=mke.example.com"),
    )
    .await;
    let plan: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(plan["conditions"]["site"]["mke_url"], "mke.example.com");
    let bad = get(server, &format!("/plan?{DESIGN}&storage=tape")).await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("storage: "), "{}", bad.body);
    // The nodes' system picks the MCR commands; an unknown one is refused, naming it.
    let sles = get(server, &format!("/api/plan?{DESIGN}&os=sles")).await;
    assert_eq!(sles.status, 200, "{}", sles.body);
    let plan: serde_json::Value = serde_json::from_str(&sles.body).unwrap();
    assert_eq!(plan["conditions"]["site"]["os"], "sles");
    assert!(
        sles.body
            .contains("zypper -n install -y containerd.io docker-ee")
    );
    assert!(!sles.body.contains("apt-get install"));
    let bad = get(server, &format!("/plan?{DESIGN}&os=debian")).await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.body
            .contains("os: unknown operating system &#39;debian&#39;; expected ubuntu"),
        "{}",
        bad.body
    );
}

/// The site's registries fill the plan as the command line's flags do, and a value the
/// commands could not carry as one word is refused (400), naming it.
#[tokio::test(flavor = "multi_thread")]
async fn site_registries_are_taken_and_unsafe_site_values_refused() {
    let server = start_server().await;
    let bad = get(
        server,
        &format!("/api/plan?{DESIGN}&backup_dir=%2Fmy%20backups"),
    )
    .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    let error: serde_json::Value = serde_json::from_str(&bad.body).unwrap();
    assert_eq!(error["error"]["code"], "bad-site-value");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("site value backup_dir \"/my backups\""),
        "{}",
        bad.body
    );
    let mirrored = get(
        server,
        &format!("/api/plan?{DESIGN}&mke_image_repo=registry.example.com%2Fmirantis"),
    )
    .await;
    assert_eq!(mirrored.status, 200, "{}", mirrored.body);
    let plan: serde_json::Value = serde_json::from_str(&mirrored.body).unwrap();
    assert_eq!(
        plan["conditions"]["site"]["mke_image_repo"],
        "registry.example.com/mirantis"
    );
}

/// A question nobody answered is asked on the page as a yes/no control, the rest of the
/// request kept; answered, the page plans.
#[tokio::test(flavor = "multi_thread")]
async fn an_unanswered_fact_is_asked_on_the_page() {
    let server = start_server().await;
    let unanswered = "from_mcr=20.10.13&from_mke=3.3.7&from_msr=2.8.5&to_msr=latest&mke_url=mke.example.com&fact_unsupported-storage-driver=";
    let asked = get(server, &format!("/plan?{unanswered}")).await;
    assert_eq!(asked.status, 422);
    assert!(
        asked
            .body
            .contains("<form id=\"answer-form\" method=\"get\" action=\"/plan\">"),
        "{}",
        asked.body
    );
    for kept in [
        "<input type=\"hidden\" name=\"from_mke\" value=\"3.3.7\">",
        "<input type=\"hidden\" name=\"mke_url\" value=\"mke.example.com\">",
    ] {
        assert!(asked.body.contains(kept), "{kept}: {}", asked.body);
    }
    assert!(
        !asked
            .body
            .contains("name=\"fact_unsupported-storage-driver\" value=\"\""),
        "the empty answer is not kept"
    );
    assert!(asked.body.contains("id=\"answer_unsupported-storage-driver_false\" name=\"fact_unsupported-storage-driver\" value=\"false\""));
    assert!(
        !asked.body.contains("--facts"),
        "no command-line advice on the page"
    );
    let answered = get(server, &format!("/plan?{unanswered}false")).await;
    assert_eq!(answered.status, 200, "{}", answered.body);
}

/// The API's refusal names the JSON field to set; the 413 states the limit.
#[tokio::test(flavor = "multi_thread")]
async fn the_apis_refusals_name_the_json_field_and_the_limit() {
    let server = start_server().await;
    let api = get(
        server,
        "/api/plan?from=mcr=20.10.13,mke=3.3.7,msr=2.8.5&to=msr=latest",
    )
    .await;
    assert_eq!(
        (api.status, code(&api)),
        (422, "unanswered-fact".to_owned())
    );
    assert!(
        api.body.contains(
            r#"in a JSON request: \"facts\": {\"unsupported-storage-driver\": true} or false"#
        ),
        "{}",
        api.body
    );

    // The 413 states the limit.
    let big = send(
        server,
        "POST",
        "/api/plan",
        &vec![b' '; MAX_REQUEST_BYTES + 1],
    )
    .await;
    assert_eq!(big.status, 413);
    let json: serde_json::Value = serde_json::from_str(&big.body).unwrap();
    assert_eq!(
        json["error"]["message"],
        format!("the request body is larger than the limit of {MAX_REQUEST_BYTES} bytes")
    );
}

/// Every response carries the security headers; the style and script are files.
#[tokio::test(flavor = "multi_thread")]
async fn every_response_carries_the_security_headers() {
    let server = start_server().await;
    let form = get(server, "/").await;
    let filled = get(server, &format!("/plan?{DESIGN}")).await;
    let asked = get(
        server,
        "/plan?from_mke=3.3.7&from_mcr=20.10.13&from_msr=2.8.5&to_msr=latest",
    )
    .await;
    assert_eq!(asked.status, 422);
    let api = get(server, "/api/plan?from=mke=3.3.7").await;
    let big = send(
        server,
        "POST",
        "/api/plan",
        &vec![b' '; MAX_REQUEST_BYTES + 1],
    )
    .await;
    let css = get(server, "/page.css").await;
    assert!(css.content_type.starts_with("text/css"));
    let js = get(server, "/page.js").await;
    assert!(js.content_type.starts_with("text/javascript"));
    let check = get(server, "/api/check?product=msr&from=2.8.5&to=2.9.30").await;
    assert_eq!(check.status, 200);
    let answers = [
        form,
        filled,
        asked,
        api,
        big,
        css,
        js,
        check,
        get(server, "/healthz").await,
        get(server, "/nowhere").await,
        get(server, "/plan.md?from=mke=3.3.7").await,
        get(server, "/api/catalog").await,
    ];
    for answer in &answers {
        for header in [
            "x-content-type-options: nosniff".to_owned(),
            format!(
                "content-security-policy: {}",
                mirantis_upgrade_planner_web::CONTENT_SECURITY_POLICY
            ),
            "referrer-policy: no-referrer".to_owned(),
        ] {
            assert!(
                answer.head.lines().any(|l| l == header),
                "{header} missing ({}):\n{}",
                answer.status,
                answer.head
            );
        }
    }
    assert!(
        mirantis_upgrade_planner_web::CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'")
    );
    assert!(
        mirantis_upgrade_planner_web::CONTENT_SECURITY_POLICY
            .contains("script-src 'self'; style-src 'self'")
    );
}
