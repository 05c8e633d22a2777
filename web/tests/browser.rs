//! The page in a real browser: headless Chromium driven over WebDriver (chromedriver) opens
//! the form, fills it in, submits it and reads the hops from the plan page, then saves a
//! screenshot.
//!
//! It needs Debian's `chromium` and `chromium-driver` packages. Without them it says so and
//! passes, unless `PLANNER_BROWSER_TEST=require` (set by `.ci/run`, which installs them).

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use mirantis_upgrade_planner::{ByProduct, Catalog, Planner, Request, Target, Version};
use mirantis_upgrade_planner_web::{App, router};
use serde_json::json;
use tokio::net::TcpListener;

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

async fn start_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router(App::embedded()))
            .await
            .unwrap();
    });
    address
}

#[tokio::test(flavor = "multi_thread")]
async fn the_form_plans_in_a_real_browser() {
    let required = std::env::var("PLANNER_BROWSER_TEST").is_ok_and(|v| v == "require");
    if !installed("chromedriver") || !installed("chromium") {
        assert!(
            !required,
            "PLANNER_BROWSER_TEST=require, but chromium or chromedriver is not installed"
        );
        eprintln!("skipping the browser test: install chromium and chromium-driver to run it");
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
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"]}),
    );
    // chromedriver takes a moment to listen.
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(connected) => {
                client = Some(connected);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let client = client.expect("a WebDriver session with headless Chromium");

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
    client
        .find(Locator::Id("fact_unsupported-storage-driver_false"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Id("submit"))
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
    // The hops the library plans for the same request, in order.
    let mut request = Request::default();
    request.from = "mcr=20.10.13,mke=3.3.7,msr=2.8.5"
        .parse::<ByProduct<Version>>()
        .unwrap()
        .0;
    request.to = "msr=latest".parse::<ByProduct<Target>>().unwrap().0;
    request
        .facts
        .insert("unsupported-storage-driver".to_owned(), false);
    let plan = Planner::new(Catalog::embedded()).plan(&request).unwrap();
    let wanted: Vec<String> = plan
        .hops
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
        .collect();
    assert!(wanted.len() > 3, "a path of several hops: {wanted:?}");
    assert_eq!(hops, wanted);
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/plan");
    assert!(url.query().unwrap_or("").contains("from_mke=3.3.7"));
    // The picture is there, drawn by the library.
    assert!(client.find(Locator::Css("#picture svg")).await.is_ok());

    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("planner-page.png");
    std::fs::write(&path, &png).unwrap();
    eprintln!("screenshot: {}", path.display());
    client.close().await.unwrap();
}
