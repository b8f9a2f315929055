//! `spp entity add/list/remove/map-buyer`: the entity tree from the command line.

use std::process::ExitCode;

use spp_app::auth::Actor;
use spp_register::EntityInput;

use super::register::{open, DbArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create an entity, or change the one with this code.
    Add {
        /// Short code used in files (`dep-omgeving`).
        code: String,
        #[arg(long)]
        name: String,
        /// federal, flemish, walloon, brussels, community, provincial, local, other.
        #[arg(long)]
        level: String,
        /// The policy domain (`Omgeving`).
        #[arg(long)]
        domain: String,
        /// KBO/BCE enterprise number.
        #[arg(long)]
        kbo: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the entities (level, domain, code, name).
    List {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Delete an entity (soft).
    Remove {
        code: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Count notices of a buyer as this entity's: by registration number (BT-501), else name.
    MapBuyer {
        code: String,
        #[arg(long)]
        registration_number: Option<String>,
        #[arg(long)]
        buyer_name: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cli = Actor::cli();
    match args.command {
        Command::Add {
            code,
            name,
            level,
            domain,
            kbo,
            db,
        } => {
            let input = EntityInput {
                code: code.clone(),
                name,
                level,
                policy_domain: domain,
                kbo,
            };
            let o = open(
                &db,
                |app| async move { app.save_entity(&cli, &input).await },
            )?;
            crate::out::line(&format!("entity {code}: {}", super::register::outcome(o)))?;
        }
        Command::List { json, db } => {
            let mut list = open(&db, |app| async move { app.entities(&cli).await })?;
            list.sort_by(|a, b| {
                let k = |e: &spp_store::register::StoredEntity| {
                    (
                        e.entity.level,
                        e.entity.policy_domain.clone(),
                        e.entity.code.clone(),
                    )
                };
                k(a).cmp(&k(b))
            });
            if json {
                crate::out::stdout((serde_json::to_string_pretty(&list)? + "\n").as_bytes())?;
            } else {
                for e in list {
                    let kbo = e
                        .entity
                        .kbo
                        .as_ref()
                        .map(|k| k.to_string())
                        .unwrap_or_default();
                    let e = e.entity;
                    crate::out::line(&format!(
                        "{}\t{}\t{}\t{}\t{kbo}",
                        e.level.as_str(),
                        e.policy_domain,
                        e.code,
                        e.name
                    ))?;
                }
            }
        }
        Command::Remove { code, db } => {
            open(
                &db,
                |app| async move { app.delete_entity(&cli, &code).await },
            )?;
            crate::out::line("removed")?;
        }
        Command::MapBuyer {
            code,
            registration_number,
            buyer_name,
            db,
        } => {
            open(&db, |app| async move {
                app.map_buyer(
                    &cli,
                    &code,
                    registration_number.as_deref(),
                    buyer_name.as_deref(),
                )
                .await
            })?;
            crate::out::line("mapped")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
