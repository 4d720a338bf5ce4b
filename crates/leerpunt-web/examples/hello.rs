//! The reference for the web benchmark: a bare axum route that answers "hello", served the same
//! way as Leerpunt (multi-threaded tokio runtime), so `bench/web/run.sh` can report every route as
//! a share of what the framework alone does on this machine.

use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8099".to_owned());
    let app = Router::new().route("/", get(|| async { "hello" }));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await
}
