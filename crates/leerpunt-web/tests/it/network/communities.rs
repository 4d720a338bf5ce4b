//! Communities and their discussions: membership, topics, threaded replies, edits, mentions, moderation and reports.

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who};

/// Whether a route of the matrix belongs to this area.
pub fn owns(_path: &str) -> bool {
    false
}

/// Prepares the matrix cell of `path` for `who`: None when the path is not this area's.
pub async fn cell(
    _app: &TestApp,
    _path: &str,
    _who: Who,
    _user: Option<&TestUser>,
) -> Option<AreaCell> {
    None
}

/// What this area keeps for a cell.
pub async fn state(_app: &TestApp, _cell: &AreaCell) -> String {
    String::new()
}
