//! The meeting log's use cases: reading and writing the log, marking a follow-up done and
//! counting the report of a year or quarter. Only brokers and admins (and their tokens with the
//! meetings scope) may do any of it, reads included: the log holds non-public meetings.

use leerpunt_core::access::{Action, Target};
use leerpunt_core::meetings::{self, Meeting, NewMeeting, Period, Report};
use leerpunt_core::paging::PageRequest;
use leerpunt_store::MeetingFilter;

use super::Caller;
use crate::error::AppError;
use crate::AppState;

/// The most meetings one CSV download of the log holds.
pub const MAX_EXPORT: i64 = 100_000;

fn require(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::ManageMeetingLog, Target::None)
}

/// Today as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The current year (UTC), the report's default.
pub fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

/// A page of the log, the total, and the years that have meetings.
pub async fn log(
    app: &AppState,
    caller: &Caller,
    filter: &MeetingFilter,
    page: PageRequest,
) -> Result<(Vec<Meeting>, i64, Vec<i32>), AppError> {
    require(caller)?;
    let (list, total) = app
        .store
        .meetings(filter, i64::from(page.per_page), page.offset())
        .await?;
    Ok((list, total, app.store.meeting_years().await?))
}

/// Every meeting the filter matches (for the CSV download), newest first.
pub async fn export(
    app: &AppState,
    caller: &Caller,
    filter: &MeetingFilter,
) -> Result<Vec<Meeting>, AppError> {
    require(caller)?;
    Ok(app.store.meetings(filter, MAX_EXPORT, 0).await?.0)
}

/// One meeting.
pub async fn meeting(app: &AppState, caller: &Caller, id: i64) -> Result<Meeting, AppError> {
    require(caller)?;
    Ok(app.store.meeting(id).await?)
}

/// Logs a meeting. The store checks it whole (fields and references) in its transaction.
pub async fn create(
    app: &AppState,
    caller: &Caller,
    input: NewMeeting,
) -> Result<Meeting, AppError> {
    require(caller)?;
    let author = caller.user.as_ref().map(|u| u.id);
    Ok(app
        .store
        .create_meeting(&input, author, &caller.origin())
        .await?)
}

/// Replaces what is logged of a meeting.
pub async fn update(
    app: &AppState,
    caller: &Caller,
    id: i64,
    input: NewMeeting,
) -> Result<Meeting, AppError> {
    require(caller)?;
    Ok(app
        .store
        .update_meeting(id, &input, &caller.origin())
        .await?)
}

/// Marks a follow-up done, today unless a date is given.
pub async fn done(
    app: &AppState,
    caller: &Caller,
    id: i64,
    follow_up: i64,
    date: Option<String>,
) -> Result<Meeting, AppError> {
    require(caller)?;
    let date = date
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(today);
    Ok(app
        .store
        .follow_up_done(id, follow_up, &date, &caller.origin())
        .await?)
}

/// The report of a period.
pub async fn report(app: &AppState, caller: &Caller, period: Period) -> Result<Report, AppError> {
    require(caller)?;
    let log = app.store.meetings_for_report(&period).await?;
    Ok(meetings::report(period, &log))
}
