//! `spp-synth`: writes a deterministic synthetic eForms corpus (for benchmarks and tests).
//!
//! Usage: `spp-synth TEMPLATE_DIR OUT COUNT [SEED]` — OUT ending in `.tar.gz` gives a
//! TED-style daily package, anything else a folder of XML files.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: spp-synth TEMPLATE_DIR OUT COUNT [SEED]");
        return ExitCode::from(2);
    }
    let (Ok(count), Ok(seed)) = (
        args[2].parse::<u64>(),
        args.get(3).map_or(Ok(1), |s| s.parse::<u64>()),
    ) else {
        eprintln!("spp-synth: COUNT and SEED must be whole numbers");
        return ExitCode::from(2);
    };
    let templates = match spp_ingest::synth::Templates::load(&PathBuf::from(&args[0])) {
        Ok(t) => t,
        Err(err) => {
            eprintln!("spp-synth: cannot load templates from {}: {err}", args[0]);
            return ExitCode::FAILURE;
        }
    };
    let out = PathBuf::from(&args[1]);
    let result = if args[1].ends_with(".tar.gz") {
        templates.write_tar_gz(&out, seed, count)
    } else {
        templates.write_dir(&out, seed, count).map(|_| ())
    };
    match result {
        Ok(()) => {
            eprintln!(
                "spp-synth: {count} notices from {} templates (seed {seed}) in {}",
                templates.len(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("spp-synth: cannot write {}: {err}", out.display());
            ExitCode::FAILURE
        }
    }
}
