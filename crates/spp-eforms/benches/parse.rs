//! Parsing speed: `parse_notice` over a set of real notices, next to a bare quick-xml token
//! pass (no namespaces, no tree) over the same bytes, as a reference point (`parse_notice`
//! reads well-formed notices with its own scanner and uses quick-xml only for the rest).
//! Uses ../shared/corpus/eforms when present, else the test fixtures. Beside it, the same for
//! TED XML (`spp_ted::parse_notice` over ../shared/corpus/ted-xml, else spp-ted's fixtures),
//! throughput per byte so that the two formats compare per MB.
//! Run: `cargo bench -p spp-eforms --bench parse -- --measurement-time 5`

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quick_xml::events::Event;
use quick_xml::Reader;

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                xml_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "xml") {
                out.push(p);
            }
        }
    }
}

/// The files of `../shared/corpus/<corpus>` (beside the clone, or beside the folder of
/// worktrees), else of `fallback` (relative to this crate).
fn inputs(corpus: &str, fallback: &str) -> Vec<Vec<u8>> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|rel| manifest.join(rel).join(corpus))
        .find(|dir| dir.is_dir());
    let mut paths = Vec::new();
    match found {
        Some(dir) => xml_files(&dir, &mut paths),
        None => {
            eprintln!("../shared/corpus/{corpus} absent: benchmarking {fallback} instead");
            xml_files(&manifest.join(fallback), &mut paths);
        }
    }
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn token_pass(bytes: &[u8]) -> usize {
    let mut r = Reader::from_reader(bytes);
    let mut n = 0;
    loop {
        match r.read_event() {
            Ok(Event::Eof) | Err(_) => return n,
            Ok(_) => n += 1,
        }
    }
}

/// `parse` over `files` and a token pass over the same bytes, in group `name`.
fn group(c: &mut Criterion, name: &str, files: &[Vec<u8>], parse: fn(&[u8]) -> bool) {
    let total: usize = files.iter().map(Vec::len).sum();
    eprintln!("{name}: {} notices, {} bytes", files.len(), total);
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(total as u64));
    g.sample_size(10);
    g.bench_function("parse_notice", |b| {
        b.iter(|| files.iter().filter(|f| parse(f)).count())
    });
    g.bench_function("quick_xml_token_pass", |b| {
        b.iter(|| files.iter().map(|f| token_pass(f)).sum::<usize>())
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    let eforms = inputs("eforms", "tests/fixtures");
    group(c, "eforms", &eforms, |f| {
        spp_eforms::parse_notice(f).is_ok()
    });
    let ted = inputs("ted-xml", "../spp-ted/tests/fixtures");
    group(c, "ted_xml", &ted, |f| spp_ted::parse_notice(f).is_ok());
}

criterion_group!(benches, bench);
criterion_main!(benches);
