//! Static files served by the binary: the NL Design System CSS and Cytoscape.js (from npm, embedded
//! at build time) and our own.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "utrecht-tokens.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!(concat!(env!("OUT_DIR"), "/utrecht-tokens.css")),
    },
    Asset {
        name: "utrecht-components.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!(concat!(env!("OUT_DIR"), "/utrecht-components.css")),
    },
    Asset {
        name: "leerpunt.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/leerpunt.css"),
    },
    Asset {
        name: "search.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/search.js"),
    },
    Asset {
        name: "cytoscape.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!(concat!(env!("OUT_DIR"), "/cytoscape.min.js")),
    },
    Asset {
        name: "network.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/network.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../assets/favicon.svg"),
    },
];

/// A version string for cache-busting asset URLs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `GET /assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Result<Response, AppError> {
    let asset = ASSETS
        .iter()
        .find(|a| a.name == name)
        .ok_or_else(|| AppError::NotFound(format!("asset {name}")))?;
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        asset.bytes,
    )
        .into_response())
}
