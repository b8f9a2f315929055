//! The `spp` command: a thin layer over the library crates. Each subcommand lives in its own
//! module under `cmd/` with its arguments and a `run` function.

use clap::{Parser, Subcommand};

mod cmd;

/// mimalloc rather than the system allocator: a report builds and frees hundreds of thousands
/// of small strings, and glibc's allocator took about half of the time spent decoding stored
/// records (docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// spp — sustainable public procurement: guide, life-cycle cost, register and monitor.
#[derive(Debug, Parser)]
#[command(name = "spp", version, about, long_about = None)]
struct Cli {
    /// Log level filter (also RUST_LOG), e.g. `info`, `spp_store=debug`.
    #[arg(long, global = true, default_value = "warn", env = "SPP_LOG")]
    log: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse one eForms notice and print what spp understood, as JSON.
    Inspect(cmd::inspect::Args),
    /// Read notices (XML files, folders, .tar.gz, .zip) into the database.
    Ingest(cmd::ingest::Args),
    /// Monitoring report: indicators against the targets (the main job; with no arguments it ingests the bundled sample first).
    Report(cmd::report::Args),
    /// Show, for one notice, which lots counted in which indicator and why.
    Explain(cmd::explain::Args),
    /// Compare offers on life-cycle cost from an evaluation file (TOML).
    Lcc(cmd::lcc::Args),
    /// The criteria guide: product groups, their criteria and labels, the group of a CPV code.
    Guide(cmd::guide::Args),
    /// Suggest catalogue criteria for the lots of a draft notice, and optionally add them to it.
    Suggest(cmd::suggest::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&cli.log)),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Some(Command::Inspect(args)) => cmd::inspect::run(args),
        Some(Command::Ingest(args)) => cmd::ingest::run(args),
        Some(Command::Report(args)) => cmd::report::run(args),
        Some(Command::Explain(args)) => cmd::explain::run(args),
        Some(Command::Lcc(args)) => cmd::lcc::run(args),
        Some(Command::Guide(args)) => cmd::guide::run(args),
        Some(Command::Suggest(args)) => cmd::suggest::run(args),
        None => {
            eprintln!("spp: no command given; try `spp --help`");
            return std::process::ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("spp: error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
