//! `spp-token-pass`: the floor for ingest speed (docs/PERFORMANCE.md) — read every XML file
//! under the given paths and run a bare quick-xml token pass over its bytes (no namespaces,
//! no tree, nothing kept), on as many threads as `spp ingest` parses with. Prints one line.
//!
//! Usage: `spp-token-pass [--threads N] PATH...`

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use quick_xml::events::Event;
use quick_xml::Reader;

fn xml_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            xml_files(&p, out);
        }
    } else if path.extension().is_some_and(|x| x == "xml") {
        out.push(path.to_path_buf());
    }
}

/// Events in `bytes` (a malformed file ends its pass at the error).
fn token_pass(bytes: &[u8]) -> usize {
    let mut reader = Reader::from_reader(bytes);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return events,
            Ok(_) => events += 1,
        }
    }
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    if let Some(i) = args.iter().position(|a| a == "--threads") {
        match args.get(i + 1).and_then(|n| n.parse().ok()) {
            Some(n) => threads = n,
            None => {
                eprintln!("spp-token-pass: --threads needs a number");
                return ExitCode::FAILURE;
            }
        }
        args.drain(i..i + 2);
    }
    if args.is_empty() {
        eprintln!("usage: spp-token-pass [--threads N] PATH...");
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    let mut files = Vec::new();
    for a in &args {
        xml_files(Path::new(a), &mut files);
    }
    let next = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    let events = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                if let Ok(b) = std::fs::read(path) {
                    bytes.fetch_add(b.len(), Ordering::Relaxed);
                    events.fetch_add(token_pass(&b), Ordering::Relaxed);
                }
            });
        }
    });
    let secs = started.elapsed().as_secs_f64();
    let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
    println!(
        "token-pass: {} files, {mb:.1} MB, {} events, {threads} threads in {secs:.3} s = {:.0} notices/s, {:.0} MB/s",
        files.len(),
        events.load(Ordering::Relaxed),
        files.len() as f64 / secs,
        mb / secs
    );
    ExitCode::SUCCESS
}
