//! `spp practice add/list/remove/history`: the good-practice fiches of the register.

use std::path::PathBuf;
use std::process::ExitCode;

use spp_app::auth::Actor;

use super::register::{open, DbArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a fiche to the register from its TOML file, or change the one with its id
    /// (format: docs/CATALOGUE.md, "Good practices").
    Add {
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the library (bundled fiches and the register's): id, product group, origin, title.
    List {
        /// Only the fiches of this product group.
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Delete a fiche of the register (soft); a bundled fiche it replaced shows again.
    Remove {
        id: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Every change of a register fiche, as JSON.
    History {
        id: String,
        #[command(flatten)]
        db: DbArg,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cli = Actor::cli();
    match args.command {
        Command::Add { file, db } => {
            let saved = open(&db, |app| async move {
                app.save_practice_file(&cli, &file).await
            })?;
            let what = saved.action.map_or("unchanged", |a| a.as_str());
            crate::out::line(&format!("good practice {}: {what}", saved.id))?;
        }
        Command::List { group, json, db } => {
            let list = open(
                &db,
                |app| async move { app.practices(group.as_deref()).await },
            )?;
            if json {
                crate::out::stdout((serde_json::to_string_pretty(&list)? + "\n").as_bytes())?;
            } else {
                for l in list {
                    let origin = serde_json::to_value(l.origin)?;
                    let p = l.practice;
                    let origin = origin.as_str().unwrap_or_default().to_string();
                    crate::out::line(&format!(
                        "{}\t{}\t{origin}\t{}",
                        p.id, p.product_group, p.title.en
                    ))?;
                }
            }
        }
        Command::Remove { id, db } => {
            open(
                &db,
                |app| async move { app.delete_practice(&cli, &id).await },
            )?;
            crate::out::line("removed")?;
        }
        Command::History { id, db } => {
            let h = open(
                &db,
                |app| async move { app.practice_history(&cli, &id).await },
            )?;
            crate::out::stdout((serde_json::to_string_pretty(&h)? + "\n").as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
