//! The leerpunt binary.
fn main() {}
