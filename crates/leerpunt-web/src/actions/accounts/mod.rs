//! Accounts, split by concern: sign-up and confirmation, signing in and out, password reset, the
//! settings of one's own account, and the mail these send (with its rate rule).

pub mod mail;
pub mod reset;
pub mod sessions;
pub mod settings;
pub mod signup;
