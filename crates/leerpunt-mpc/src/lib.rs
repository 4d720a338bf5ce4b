//! Secure multiparty computation protocols for joint analysis, as a library with no sockets, files or clock.

/// The version of the protocol library.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
