//! The one error type of the protocol library, so callers can tell an abort from a bug in their input.

/// Why a protocol step failed. Every variant aborts the computation: nothing is revealed after it.
#[derive(Debug, thiserror::Error)]
pub enum MpcError {
    /// The transport could not deliver or receive a message (a peer dropped out, a socket closed).
    #[error("transport: {0}")]
    Transport(String),
    /// A peer told us it aborted.
    #[error("node {node} aborted the computation: {reason}")]
    PeerAborted { node: usize, reason: String },
    /// A message belongs to another computation or another round.
    #[error("message from node {from} is bound to computation {got_comp:016x} round {got_round}, expected {want_comp:016x} round {want_round}")]
    WrongBinding {
        from: usize,
        got_comp: u64,
        got_round: u32,
        want_comp: u64,
        want_round: u32,
    },
    /// A message or an input could not be decoded, or had the wrong size.
    #[error("malformed data from {from}: {what}")]
    Malformed { from: String, what: String },
    /// The nodes disagree on what they received (an input party sent different data to different nodes).
    #[error("inconsistent inputs across nodes: {0}")]
    Inconsistent(String),
    /// The caller asked for something the protocol cannot do.
    #[error("invalid request: {0}")]
    Invalid(String),
}

impl MpcError {
    pub(crate) fn malformed(from: impl Into<String>, what: impl Into<String>) -> Self {
        MpcError::Malformed {
            from: from.into(),
            what: what.into(),
        }
    }
}
