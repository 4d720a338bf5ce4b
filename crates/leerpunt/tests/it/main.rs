//! Integration tests of the `leerpunt` binary and the whole application, run as real processes.

mod accounts;
mod browser;
mod cli;
mod mpc;
mod support;
