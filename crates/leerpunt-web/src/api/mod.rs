//! The JSON API under `/api/v1`: the same store calls as the pages, returned as wire types.

pub mod agenda;
pub mod analyses;
pub mod challenges;
pub mod communities;
pub mod computations;
pub mod dashboard;
pub mod events;
pub mod helpdesk;
pub mod labs;
pub mod meetings;
pub mod network;
pub mod news;
pub mod openapi;
pub mod organisations;
pub mod practices;
pub mod search;
pub mod stepplan;
pub mod themes;
pub mod wire;
pub mod write;
pub mod zelfscan;
