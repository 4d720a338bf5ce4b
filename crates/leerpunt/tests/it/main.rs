//! Integration tests of the `leerpunt` binary and the whole application, run as real processes.

mod accounts;
mod architecture;
mod browser;
mod cli;
mod computations;
mod events;
mod mpc;
mod scale;
mod support;
