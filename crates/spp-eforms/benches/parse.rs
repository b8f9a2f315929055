//! Parsing speed: `parse_notice` over a set of real notices, next to a bare quick-xml token
//! pass (no namespaces, no tree) over the same bytes, as a reference point (`parse_notice`
//! reads well-formed notices with its own scanner and uses quick-xml only for the rest).
//! Uses ../shared/corpus/eforms when present, else the test fixtures.
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

fn inputs() -> Vec<Vec<u8>> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest.join("../../../shared/corpus/eforms");
    let mut paths = Vec::new();
    if corpus.is_dir() {
        xml_files(&corpus, &mut paths);
    } else {
        eprintln!("../shared/corpus absent: benchmarking the test fixtures instead");
        xml_files(&manifest.join("tests/fixtures"), &mut paths);
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

fn bench(c: &mut Criterion) {
    let files = inputs();
    let total: usize = files.iter().map(Vec::len).sum();
    eprintln!("{} notices, {} bytes", files.len(), total);
    let mut g = c.benchmark_group("eforms");
    g.throughput(Throughput::Bytes(total as u64));
    g.sample_size(10);
    g.bench_function("parse_notice", |b| {
        b.iter(|| {
            files
                .iter()
                .filter(|f| spp_eforms::parse_notice(f).is_ok())
                .count()
        })
    });
    g.bench_function("quick_xml_token_pass", |b| {
        b.iter(|| files.iter().map(|f| token_pass(f)).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
