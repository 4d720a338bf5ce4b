//! The web face of Leerpunt.
