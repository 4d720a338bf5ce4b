//! Storage for Leerpunt.
