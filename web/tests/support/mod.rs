//! What the web tests share: a server over the embedded catalog on an ephemeral loopback port.

use std::net::SocketAddr;

use mirantis_upgrade_planner_web::{App, router};
use tokio::net::TcpListener;

/// Starts the server on `127.0.0.1:0` and returns where it listens.
pub async fn start_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router(App::embedded()))
            .await
            .unwrap();
    });
    address
}
