//! Integration tests of the `leerpunt` binary and the whole application.
