//! Decoding speed of the stored record layout: every lot record derived from the bundled
//! sample (data/sample), encoded as one set per notice and concatenated into one page, as
//! `Store::lot_records` reads it. Next to it, the JSON the layout replaced.
//! Run: `cargo bench -p spp-store --bench codec -- --measurement-time 5`

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use spp_domain::LotRecord;
use spp_store::codec;

/// The allocator the `spp` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

fn sample_records() -> Vec<Vec<LotRecord>> {
    let mut paths = Vec::new();
    xml_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample"),
        &mut paths,
    );
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| spp_eforms::parse_notice(&b).ok())
        .map(|n| spp_domain::derive::lot_records(&n))
        .collect()
}

fn bench(c: &mut Criterion) {
    let notices = sample_records();
    let count: usize = notices.iter().map(Vec::len).sum();
    let page: Vec<u8> = notices
        .iter()
        .enumerate()
        .flat_map(|(i, r)| codec::encode_set(&format!("N{i}"), 1, r))
        .collect();
    let json: Vec<String> = notices
        .iter()
        .flatten()
        .map(|r| serde_json::to_string(r).expect("json"))
        .collect();

    let mut group = c.benchmark_group(format!("{count} lot records"));
    group.throughput(Throughput::Elements(count as u64));
    group.bench_function("decode page", |b| {
        b.iter(|| {
            let mut headers = Vec::new();
            codec::read_headers(&page, &mut headers).expect("headers");
            let mut out = Vec::with_capacity(count);
            for h in &headers {
                codec::decode_body(h, &mut out).expect("body");
            }
            out
        })
    });
    let flat: Vec<LotRecord> = notices.iter().flatten().cloned().collect();
    group.bench_function("clone (allocation floor)", |b| b.iter(|| flat.clone()));
    group.bench_function("encode sets", |b| {
        b.iter(|| {
            notices
                .iter()
                .map(|r| codec::encode_set("N", 1, r).len())
                .sum::<usize>()
        })
    });
    group.bench_function("serde_json decode (before)", |b| {
        b.iter(|| {
            json.iter()
                .map(|s| serde_json::from_str::<LotRecord>(s).expect("json"))
                .collect::<Vec<_>>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
