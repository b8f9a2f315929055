//! `spp user add --role admin --email … [--password-stdin]`: users from the command line (the
//! first admin is made this way); `spp user list`, `spp user remove`.

use std::io::Read as _;
use std::process::ExitCode;

use spp_app::auth::Actor;
use spp_register::{Password, UserInput};

use super::register::{open, DbArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create a user, or change the one with this e-mail.
    Add {
        #[arg(long)]
        email: String,
        /// admin, monitor or buyer.
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "")]
        name: String,
        /// Entities a buyer may write (codes; repeat or separate with commas).
        #[arg(long, value_delimiter = ',')]
        grant: Vec<String>,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the users.
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Delete a user (soft: kept in the audit log); its sessions and tokens end.
    Remove {
        email: String,
        #[command(flatten)]
        db: DbArg,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cli = Actor::cli();
    match args.command {
        Command::Add {
            email,
            role,
            name,
            grant,
            password_stdin,
            db,
        } => {
            let password = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                Some(Password::parse(s.lines().next().unwrap_or(""))?)
            } else {
                None
            };
            let shown = email.trim().to_lowercase();
            let input = UserInput {
                email,
                name,
                role,
                grants: grant,
            };
            let outcome = open(&db, |app| async move {
                app.save_user(&cli, &input, password.as_ref()).await
            })?;
            crate::out::line(&format!(
                "user {shown}: {}",
                super::register::outcome(outcome)
            ))?;
        }
        Command::List { db } => {
            let users = open(&db, |app| async move { app.users(&cli).await })?;
            for u in users {
                let grants: Vec<_> = u.user.grants.iter().map(|g| g.as_str()).collect();
                crate::out::line(&format!(
                    "{}\t{}\t{}",
                    u.user.email.as_str(),
                    u.user.role.as_str(),
                    grants.join(",")
                ))?;
            }
        }
        Command::Remove { email, db } => {
            open(
                &db,
                |app| async move { app.delete_user(&cli, &email).await },
            )?;
            crate::out::line("removed")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
