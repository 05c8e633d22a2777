//! The page in a real browser: headless Chromium driven over `WebDriver` (`chromedriver`) opens
//! the form, fills it in (a site value, but not the question the plan depends on), submits
//! it, answers the question the page then asks, and reads the hops and the placeholders left
//! from the plan page, then saves a screenshot.
//!
//! It needs Debian's `chromium` and `chromium-driver` packages. Without them it says so on the
//! test output (even when it passes) and passes, unless `CI=true` or
//! `PLANNER_BROWSER_TEST=require` (set by `.ci/run`, which installs them): then it fails.

mod support;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use mirantis_upgrade_planner::{Catalog, Planner, Request, Target, Version, request::ByProduct};
use serde_json::json;
use tokio::net::TcpListener;

use support::start_server;

/// Stops chromedriver however the test ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

async fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// A `WebDriver` session with headless Chromium (chromedriver takes a moment to listen).
async fn connect(port: u16) -> fantoccini::Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"]}),
    );
    for _ in 0..50 {
        if let Ok(client) = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            return client;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("no WebDriver session with headless Chromium on port {port}");
}

/// Fills the form as a person would, the MKE URL among the site values but the storage
/// question left unanswered, and submits it.
async fn fill_and_submit(client: &fantoccini::Client, server: SocketAddr) {
    client.goto(&format!("http://{server}/")).await.unwrap();
    for (product, version) in [("mcr", "20.10.13"), ("mke", "3.3.7"), ("msr", "2.8.5")] {
        client
            .find(Locator::Css(&format!("select[name=from_{product}]")))
            .await
            .unwrap()
            .select_by_value(version)
            .await
            .unwrap();
    }
    let target = client.find(Locator::Id("to_msr")).await.unwrap();
    target.clear().await.unwrap();
    target.send_keys("latest").await.unwrap();
    let url = client.find(Locator::Id("mke_url")).await.unwrap();
    url.send_keys("mke.example.com:443").await.unwrap();
    let submit = client.find(Locator::Id("submit")).await.unwrap();
    submit.click().await.unwrap();
}

/// The hops the library plans for the same request, as the page writes them.
fn wanted_hops() -> Vec<String> {
    let request = Request {
        from: "mcr=20.10.13,mke=3.3.7,msr=2.8.5"
            .parse::<ByProduct<Version>>()
            .unwrap()
            .0,
        to: "msr=latest".parse::<ByProduct<Target>>().unwrap().0,
        facts: [("unsupported-storage-driver".to_owned(), false)].into(),
        ..Request::default()
    };
    let plan = Planner::new(Catalog::embedded()).plan(&request).unwrap();
    plan.hops
        .iter()
        .map(|hop| {
            format!(
                "{} {} \u{2192} {} ({})",
                hop.product,
                hop.from_text(),
                hop.to_text(),
                hop.rule
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_form_plans_in_a_real_browser() {
    let required = std::env::var("PLANNER_BROWSER_TEST").is_ok_and(|v| v == "require")
        || std::env::var("CI").is_ok_and(|v| v == "true");
    if !installed("chromedriver") || !installed("chromium") {
        assert!(
            !required,
            "CI=true or PLANNER_BROWSER_TEST=require, but chromium or chromedriver is not installed"
        );
        // Past libtest's capture, so that a passing run shows it too.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr().lock(),
            b"NOT RUN: the browser test: install Debian's chromium and chromium-driver to run it\n",
        );
        return;
    }
    let port = free_port().await;
    let _driver = Driver(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let server = start_server().await;
    let client = connect(port).await;
    fill_and_submit(&client, server).await;

    // The plan depends on a question nobody answered: the page asks it, as a yes/no control.
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id("question"))
        .await
        .unwrap();
    let no = Locator::Id("answer_unsupported-storage-driver_false");
    client.find(no).await.unwrap().click().await.unwrap();
    client
        .find(Locator::Id("replan"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#hops"))
        .await
        .unwrap();
    let mut hops = Vec::new();
    for item in client.find_all(Locator::Css("#hops li")).await.unwrap() {
        hops.push(item.text().await.unwrap());
    }
    let wanted = wanted_hops();
    assert!(wanted.len() > 3, "a path of several hops: {wanted:?}");
    assert_eq!(hops, wanted);
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/plan");
    let query = url.query().unwrap_or("");
    assert!(query.contains("from_mke=3.3.7"), "{query}");
    assert!(
        query.contains("fact_unsupported-storage-driver=false"),
        "{query}"
    );
    // The site value filled the commands: the placeholders left do not include it.
    let left = client
        .find(Locator::Id("placeholders"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(left.contains("<backup-dir>"), "{left}");
    assert!(!left.contains("<mke-url>"), "{left}");
    let page = client.source().await.unwrap();
    assert!(
        page.contains("https://mke.example.com:443/_ping"),
        "the runbook uses the URL"
    );
    // The picture is there, drawn by the library.
    assert!(client.find(Locator::Css("#picture svg")).await.is_ok());

    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("planner-page.png");
    std::fs::write(&path, &png).unwrap();
    eprintln!("screenshot: {}", path.display());
    client.close().await.unwrap();
}
