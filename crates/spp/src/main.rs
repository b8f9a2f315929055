//! The `spp` command: a thin layer over the library crates. Each subcommand lives in its own
//! module under `cmd/` with its arguments and a `run` function.

use clap::{Parser, Subcommand};

mod cmd;
mod out;
mod signal;

/// mimalloc rather than the system allocator: a report builds and frees hundreds of thousands
/// of small strings, and glibc's allocator took about half of the time spent decoding stored
/// records (docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_e`, mimalloc.h, v3 as
/// bundled by libmimalloc-sys 0.1.49, which exports no constant for it). A test checks that
/// the option at this position has purge_delay's default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory in the process instead of handing it back to the OS after a delay, for a
/// short command that frees and allocates large amounts in turn (a report loads records,
/// frees their staging sets and allocates its tallies): memory handed back must be zeroed by
/// the kernel when touched again, which made a 100k report between 0.5 and 1.7 s; kept, it
/// runs in 0.42–0.49 s (docs/PERFORMANCE.md). Call before other threads start.
pub(crate) fn keep_freed_memory() {
    // SAFETY: sets a numeric option of the allocator; called from the main thread before any
    // other thread exists (mimalloc's option setters are not thread safe).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// spp — sustainable public procurement: guide, life-cycle cost, register and monitor.
#[derive(Debug, Parser)]
#[command(name = "spp", version, about, long_about = None)]
struct Cli {
    /// Log level filter (also RUST_LOG), e.g. `info`, `spp_store=debug`. Default `warn`;
    /// `spp serve` logs every request at `info`.
    #[arg(long, global = true, env = "SPP_LOG")]
    log: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse one eForms notice and print what spp understood, as JSON.
    Inspect(cmd::inspect::Args),
    /// Read notices (XML files, folders, .tar.gz, .zip, OCDS .json/.jsonl) into the database.
    Ingest(cmd::ingest::Args),
    /// Monitoring report: indicators against the targets (the main job; with no arguments it ingests the bundled sample first).
    Report(Box<cmd::report::Args>),
    /// Show, for one notice, which lots counted in which indicator and why.
    Explain(cmd::explain::Args),
    /// Export the lots in scope as OCDS (release package or JSON Lines) or Parquet files.
    Export(cmd::export::Args),
    /// Compare offers on life-cycle cost from an evaluation file (TOML).
    Lcc(cmd::lcc::Args),
    /// The criteria guide: product groups, their criteria and labels, the group of a CPV code.
    Guide(cmd::guide::Args),
    /// Serve the dashboard, notice explorer, guide, LCC calculator and JSON API over HTTP.
    Serve(cmd::serve::Args),
    /// Suggest catalogue criteria for the lots of a draft notice, and optionally add them to it.
    Suggest(cmd::suggest::Args),
    /// Users of the register and their roles (`spp user add` makes the first admin).
    User(cmd::user::Args),
    /// The entity tree (government level → policy domain → entity) and buyer mappings.
    Entity(cmd::entity::Args),
    /// The contract register: import, export, template, list, history.
    Register(cmd::register::Args),
    /// Good-practice fiches of the register: add, list, remove, history.
    Practice(cmd::practice::Args),
    /// Classify the stored notices again with the current catalogue.
    Reclassify(cmd::reclassify::Args),
    /// Compute the stored aggregates (what reports read) again from the current notices.
    RebuildAggregates(cmd::rebuild_aggregates::Args),
}

/// The log filter when neither `--log` nor `RUST_LOG` says: a server logs its requests.
fn default_log(cli: &Cli) -> String {
    match (&cli.log, &cli.command) {
        (Some(log), _) => log.clone(),
        (None, Some(Command::Serve(_))) => "warn,spp_web=info,tower_http=info".into(),
        (None, _) => "warn".into(),
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_log(&cli))),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Some(Command::Inspect(args)) => cmd::inspect::run(args),
        Some(Command::Ingest(args)) => cmd::ingest::run(args),
        Some(Command::Report(args)) => cmd::report::run(*args),
        Some(Command::Explain(args)) => cmd::explain::run(args),
        Some(Command::Export(args)) => cmd::export::run(args),
        Some(Command::Lcc(args)) => cmd::lcc::run(args),
        Some(Command::Guide(args)) => cmd::guide::run(args),
        Some(Command::Suggest(args)) => cmd::suggest::run(args),
        Some(Command::Serve(args)) => cmd::serve::run(args),
        Some(Command::User(args)) => cmd::user::run(args),
        Some(Command::Entity(args)) => cmd::entity::run(args),
        Some(Command::Register(args)) => cmd::register::run(args),
        Some(Command::Practice(args)) => cmd::practice::run(args),
        Some(Command::Reclassify(args)) => cmd::reclassify::run(args),
        Some(Command::RebuildAggregates(args)) => cmd::rebuild_aggregates::run(args),
        None => {
            eprintln!("spp: no command given; try `spp --help`");
            return std::process::ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        // `spp guide | head`: the reader has gone; nothing is wrong.
        Err(err) if out::is_broken_pipe(&err) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            out::note(&format!("spp: error: {}", out::message(&err)));
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    /// Position 15 of mimalloc's options is the purge delay: default 1000 (ms), and settable.
    #[test]
    fn purge_delay_option_position() {
        // SAFETY: reads an option; no other thread of this test touches the allocator options.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(default, 1000);
        // The neighbours have other defaults (use_numa_nodes 0, arena_eager_commit 2).
        let numa = unsafe { libmimalloc_sys::mi_option_get(16) };
        assert_eq!(numa, 0);
        super::keep_freed_memory();
        let kept = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(kept, -1);
    }
}
