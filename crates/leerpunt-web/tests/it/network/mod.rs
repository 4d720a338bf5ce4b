//! The living network's areas: the help desk, the toolkit (FAQ, step plan), communities and
//! discussions, events, following and feeds, shared data labs and news, the brokers' meeting
//! log and report, the data-governance self-assessment, the rolling agenda with its independent
//! review, and idea challenges. Each area has its own tests and prepares its cells of the
//! authorisation matrix (`matrix.rs`).

mod agenda;
mod challenges;
mod communities;
mod dashboard;
mod events;
mod helpdesk;
mod labs;
mod map;
mod meetings;
mod news;
mod toolkit;
mod zelfscan;

use crate::matrix::AreaCell;
use crate::TestApp;

pub use agenda::cell as agenda_cell;

pub use challenges::cell as challenges_cell;
pub use communities::cell as community_cell;
pub use events::cell as event_cell;
pub use helpdesk::cell as helpdesk_cell;
pub use labs::cell as labs_cell;
pub use meetings::cell as meeting_cell;
pub use news::cell as news_cell;
pub use toolkit::cell as toolkit_cell;
pub use zelfscan::cell as zelfscan_cell;

/// What the area of `path` keeps for a cell, read back through the store.
pub async fn state(app: &TestApp, path: &str, cell: &AreaCell) -> String {
    if helpdesk::owns(path) {
        helpdesk::state(app, cell).await
    } else if communities::owns(path) {
        communities::state(app, cell).await
    } else if events::owns(path) {
        events::state(app, cell).await
    } else if meetings::owns(path) {
        meetings::state(app, cell).await
    } else if toolkit::owns(path) {
        toolkit::state(app, cell).await
    } else if labs::owns(path) {
        labs::state(app, cell).await
    } else if news::owns(path) {
        news::state(app, cell).await
    } else if zelfscan::owns(path) {
        zelfscan::state(app, cell).await
    } else if agenda::owns(path) {
        agenda::state(app, cell).await
    } else if challenges::owns(path) {
        challenges::state(app, cell).await
    } else if crate::computations::owns(path) {
        crate::computations::state(app, cell).await
    } else {
        String::new()
    }
}
