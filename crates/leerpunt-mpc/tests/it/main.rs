//! Integration tests of the protocol library: three nodes in threads over in-memory channels.

mod support;

mod cheating;
mod debt;
mod failures;
mod ops;
mod stats;
mod views;
