//! `leerpunt admin …`: accounts, roles and API tokens from the command line, for the first
//! administrator and for scripts. Every change is in the audit log with origin `cli`.

use std::io::Read;

use anyhow::Context;
use clap::Subcommand;
use leerpunt_core::access::{Role, Scope};
use leerpunt_store::{Origin, Store};

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account (confirmed: the operator vouches for the address).
    CreateUser {
        email: String,
        /// The person's name.
        #[arg(long, default_value = "")]
        name: String,
        /// Read the password from standard input (else a random one is made and printed).
        #[arg(long)]
        password_stdin: bool,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
        /// Make the account a knowledge broker.
        #[arg(long)]
        broker: bool,
    },
    /// Grant a role: editor (with --organisation), broker, admin or reviewer.
    Grant {
        email: String,
        role: String,
        /// The organisation code, for the editor role.
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Revoke a role granted with `grant`.
    Revoke {
        email: String,
        role: String,
        #[arg(long)]
        organisation: Option<String>,
    },
    /// List accounts with their roles.
    Users,
    /// API tokens.
    Token {
        #[command(subcommand)]
        what: TokenCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for an account and print it (it is shown only this once).
    Create {
        email: String,
        /// A scope: practices:write, practices:review, organisations:write (repeatable).
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// A name to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
    },
    /// Revoke a token by id.
    Revoke { email: String, id: i64 },
}

async fn user_id(store: &Store, email: &str) -> anyhow::Result<i64> {
    Ok(store
        .user_by_email(email)
        .await?
        .with_context(|| format!("no account with address {email}"))?
        .id)
}

fn role(s: &str) -> anyhow::Result<Role> {
    s.parse::<Role>().map_err(|e| anyhow::anyhow!("{e}"))
}

pub async fn run(store: &Store, command: AdminCommand) -> anyhow::Result<()> {
    let origin = Origin::cli();
    match command {
        AdminCommand::CreateUser {
            email,
            name,
            password_stdin,
            admin,
            broker,
        } => {
            let (password, generated) = if password_stdin {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .context("cannot read the password from standard input")?;
                (s.trim_end_matches(['\n', '\r']).to_owned(), false)
            } else {
                (leerpunt_store::random_token()[..24].to_owned(), true)
            };
            let user = store
                .create_user(&email, &password, &name, &origin)
                .await
                .with_context(|| format!("cannot create the account {email}"))?;
            store.confirm_user(user.id, &origin).await?;
            if admin {
                store.grant(user.id, Role::Admin, None, &origin).await?;
            }
            if broker {
                store.grant(user.id, Role::Broker, None, &origin).await?;
            }
            println!("Created account {} (id {}).", user.email, user.id);
            if generated {
                println!("Password (shown once): {password}");
            }
        }
        AdminCommand::Grant {
            email,
            role: r,
            organisation,
        } => {
            let id = user_id(store, &email).await?;
            store
                .grant(id, role(&r)?, organisation.as_deref(), &origin)
                .await
                .with_context(|| format!("cannot grant {r} to {email}"))?;
            println!("Granted {r} to {email}.");
        }
        AdminCommand::Revoke {
            email,
            role: r,
            organisation,
        } => {
            let id = user_id(store, &email).await?;
            store
                .revoke(id, role(&r)?, organisation.as_deref(), &origin)
                .await
                .with_context(|| format!("cannot revoke {r} from {email}"))?;
            println!("Revoked {r} from {email}.");
        }
        AdminCommand::Users => {
            for user in store.users().await? {
                let mut roles = Vec::new();
                if user.admin {
                    roles.push("admin".to_owned());
                }
                if user.broker {
                    roles.push("broker".to_owned());
                }
                if user.reviewer {
                    roles.push("reviewer".to_owned());
                }
                for code in store.editor_of_codes(user.id).await? {
                    roles.push(format!("editor {code}"));
                }
                println!(
                    "{}\t{}\t{}\t{}",
                    user.id,
                    user.email,
                    if user.confirmed {
                        "confirmed"
                    } else {
                        "unconfirmed"
                    },
                    roles.join(", ")
                );
            }
        }
        AdminCommand::Token { what } => match what {
            TokenCommand::Create {
                email,
                scopes,
                name,
            } => {
                let id = user_id(store, &email).await?;
                let scopes =
                    Scope::parse_list(&scopes.join(" ")).map_err(|e| anyhow::anyhow!("{e}"))?;
                let (secret, token) = store
                    .create_api_token(id, &name, &scopes, &origin)
                    .await
                    .context("cannot create the token")?;
                eprintln!(
                    "Token {} for {email} ({}); shown only once:",
                    token.id, token.scopes
                );
                println!("{secret}");
            }
            TokenCommand::Revoke { email, id } => {
                let user = user_id(store, &email).await?;
                store
                    .revoke_api_token(user, id, &origin)
                    .await
                    .with_context(|| format!("cannot revoke token {id}"))?;
                println!("Revoked token {id}.");
            }
        },
    }
    Ok(())
}
