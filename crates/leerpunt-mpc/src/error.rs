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
    /// A check of the malicious-security layer failed: a node deviated from the protocol. `node`
    /// is the node this node has evidence against, or `None` when the failed check is a joint one
    /// that shows a deviation without showing who (see [`MpcError::Deviated`]'s display and the
    /// `check` module). `step` names the protocol step ("mul", "and", "reveal", "shuffle", …).
    #[error("{}", deviated(*node, step))]
    Deviated { node: Option<usize>, step: String },
    /// The caller asked for something the protocol cannot do.
    #[error("invalid request: {0}")]
    Invalid(String),
}

fn deviated(node: Option<usize>, step: &str) -> String {
    match node {
        Some(n) => format!("node {n} deviated in {step}"),
        None => format!("a node deviated in {step} (the check shows that one did, not which)"),
    }
}

impl MpcError {
    pub(crate) fn deviated(node: usize, step: &str) -> Self {
        MpcError::Deviated {
            node: Some(node),
            step: step.to_string(),
        }
    }

    pub(crate) fn deviated_unknown(step: &str) -> Self {
        MpcError::Deviated {
            node: None,
            step: step.to_string(),
        }
    }

    pub(crate) fn malformed(from: impl Into<String>, what: impl Into<String>) -> Self {
        MpcError::Malformed {
            from: from.into(),
            what: what.into(),
        }
    }
}
