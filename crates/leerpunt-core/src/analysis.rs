//! The result of a joint analysis as a stable JSON document (`format: 1`), written by the compute
//! nodes (`leerpunt-mpc`) and imported and shown by the app, which needs only these data types and
//! none of the protocol code. Fields are only ever added; a breaking change bumps `format`.
//!
//! ```json
//! { "format": 1, "computation_id": "debt-2026-q1", "title": "…", "parties": ["gemeente", "…"],
//!   "k": 10, "group_by": "neighbourhood",
//!   "groups": [ { "key": "BU03630001", "cells": [
//!       { "statistic": "households_per_party", "party": "gemeente", "value": 14.0 },
//!       { "statistic": "households_per_party", "party": "waterbedrijf", "suppressed": true },
//!       { "statistic": "histogram", "bin": { "from": 0, "to": 50000 }, "value": 12.0 } ] } ] }
//! ```

use serde::{Deserialize, Serialize};

/// The current format number.
pub const FORMAT: u32 = 1;

/// Everything a computation reveals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComputationResult {
    /// Format version of this document (currently 1).
    pub format: u32,
    pub computation_id: String,
    pub title: String,
    /// Input parties, in spec order.
    pub parties: Vec<String>,
    /// Cells counting fewer than `k` households/listings are suppressed.
    pub k: u64,
    /// Name of the grouping key (e.g. "neighbourhood").
    pub group_by: String,
    /// One entry per value of the grouping key's public domain, in domain order.
    pub groups: Vec<GroupResult>,
}

/// The cells of one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupResult {
    pub key: String,
    pub cells: Vec<Cell>,
}

/// The statistics a computation produces: the debt-signalling set, and the kinds of the
/// declarative language of [`crate::computation`] (whose cells also carry the statistic's name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    /// Households on one party's list (one cell per party).
    HouseholdsPerParty,
    /// Listings summed over all parties (a household on two lists counts twice).
    Listings,
    /// Sum of the arrears of all listings, in the input's unit (e.g. cents).
    TotalArrears,
    /// `total_arrears / listings`, rounded to two decimals; suppressed with `listings`.
    MeanArrears,
    /// Listings whose arrears fall in `bin`.
    Histogram,
    /// Households that appear on the lists of two or more parties.
    HouseholdsOnTwoOrMoreLists,
    /// The number of records.
    Count,
    /// The sum of a column.
    Sum,
    /// The mean of a column, rounded to two decimals.
    Mean,
    /// The population variance of a column, rounded to two decimals.
    Variance,
    /// The number of records at or above a threshold.
    AtLeast,
    /// The number of keys found at several parties.
    Overlap,
}

/// A histogram bin `[from, to)`; `to` is absent for the open last bin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bin {
    pub from: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<u64>,
}

/// One cell: a value, or `suppressed: true` (and no value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub statistic: Statistic,
    /// The name the spec gave the statistic (absent in the debt-signalling set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin: Option<Bin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
}

impl Cell {
    /// A cell with `value`, or suppressed when `value` is `None`.
    pub fn new(statistic: Statistic, value: Option<f64>) -> Self {
        Cell {
            statistic,
            name: None,
            party: None,
            bin: None,
            suppressed: value.is_none(),
            value,
        }
    }
}
