//! Secure multiparty computation protocols for joint analysis, as a library with no sockets, files or clock.
//!
//! Three compute nodes hold replicated 2-out-of-3 secret shares (Araki et al., CCS 2016) over
//! Z_2^64 (arithmetic), over Z_2^64 with XOR/AND (binary, 64 bits in parallel), over the
//! ristretto255 scalar field and over the ristretto255 group. Input parties share their data
//! with [`input`], the nodes run [`stats::compute`] (the statistics language of a spec), [`debt::compute`] (or the building blocks in [`ops`]) over any
//! [`Transport`] the caller supplies, and only agreed outputs are revealed. See
//! the joint-analysis section of the repository's `ARCHITECTURE.md` for the design, the invariants
//! and the references.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod check;
pub mod codec;
pub mod debt;
pub mod elem;
mod error;
pub mod input;
pub mod ops;
pub mod prg;
pub mod pseudonym;
/// The result document, defined in `leerpunt-core` so that readers need not depend on the protocols.
pub use leerpunt_core::analysis as result;
pub mod session;
pub mod shuffle;
pub mod stats;

pub use elem::{Gf2, Group, Ring};
pub use error::MpcError;
pub use result::ComputationResult;
pub use session::{Fault, Message, Rep, Session, Transport};

/// The version of the protocol library.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The number of compute nodes; the protocols are written for exactly three.
pub const NODES: usize = 3;
