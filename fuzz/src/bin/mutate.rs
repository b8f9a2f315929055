//! A libFuzzer-less mutation loop over a seed corpus: takes real notices, mutates them
//! (byte flips, truncation, splicing, tag/quote/entity insertion, duplication) and calls
//! `parse_notice` (or, for `.json` seeds, the OCDS reader) on each result, catching panics. Deterministic (seeded xorshift).
//!
//! Usage: mutate SEED_DIR[,SEED_DIR…] [ITERATIONS] [RNG_SEED]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

#[rustfmt::skip]
const SNIPPETS: &[&[u8]] = &[
    b"<", b">", b"</", b"/>", b"\"", b"'", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"&unknown;",
    b"<![CDATA[", b"]]>", b"<!--", b"-->", b"<?xml version=\"1.0\" encoding=\"latin1\"?>",
    b"<!DOCTYPE x [<!ENTITY a \"b\">]>", b"\xff\xfe", b"\xc3", b"\xe2\x82", b"-1", b"unpublished",
    b"<cbc:ID>", b"</cbc:ID>", b"<efac:NoticeResult>", b"<efac:LotResult>", b"xmlns:cbc=\"x\"",
    b"listName=\"cvd-scope\"", b"schemeName=\"Lot\"", b"currencyID=\"\"", b"2019-10-23+01:00",
    b"99999999999999999999999999999999", b"1e400", b"NaN", b"\0",
];

fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = v.len().max(1);
        match rng.below(8) {
            0 => {
                let i = rng.below(len);
                if i < v.len() {
                    v[i] ^= 1 << rng.below(8);
                }
            }
            1 => v.truncate(rng.below(len)),
            2 => {
                let s = SNIPPETS[rng.below(SNIPPETS.len())];
                let i = rng.below(v.len() + 1);
                v.splice(i..i, s.iter().copied());
            }
            3 => {
                let a = rng.below(len).min(v.len());
                let b = (a + rng.below(256)).min(v.len());
                v.drain(a..b);
            }
            4 => {
                let a = rng.below(len).min(v.len());
                let b = (a + rng.below(512)).min(v.len());
                let chunk = v[a..b].to_vec();
                let i = rng.below(v.len() + 1);
                v.splice(i..i, chunk);
            }
            5 if !other.is_empty() => {
                let cut = rng.below(v.len() + 1);
                let from = rng.below(other.len());
                v.truncate(cut);
                v.extend_from_slice(&other[from..]);
            }
            6 => {
                let i = rng.below(len);
                if i < v.len() {
                    v[i] = b"<>/\"'&=: \n"[rng.below(10)];
                }
            }
            _ => {
                let i = rng.below(len);
                if i < v.len() {
                    v[i] = rng.next() as u8;
                }
            }
        }
    }
    v
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "xml" || x == "json") {
                out.push(p);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: mutate SEED_DIR [ITERATIONS] [RNG_SEED]");
        std::process::exit(2);
    };
    let iterations: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_cafe);
    let mut paths = Vec::new();
    for d in dir.split(',') {
        files(Path::new(d), &mut paths);
    }
    paths.sort();
    let seeds: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    if seeds.is_empty() {
        eprintln!("no .xml seeds under {dir}");
        std::process::exit(2);
    }
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(seed | 1);
    let (mut ok, mut err, mut panics) = (0u64, 0u64, 0u64);
    let start = Instant::now();
    for i in 0..iterations {
        let a = &seeds[rng.below(seeds.len())];
        let b = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, a, b);
        // JSON seeds go to the OCDS reader, XML seeds to the eForms parser.
        let parsed = if a.first() == Some(&b'{') {
            catch_unwind(AssertUnwindSafe(|| spp_ocds::read_document(&input).is_ok()))
        } else {
            catch_unwind(AssertUnwindSafe(|| spp_eforms::parse_notice(&input).is_ok()))
        };
        match parsed {
            Ok(true) => ok += 1,
            Ok(false) => err += 1,
            Err(_) => {
                panics += 1;
                let path = format!("crash-{i}.xml");
                let _ = std::fs::write(&path, &input);
                eprintln!("PANIC on iteration {i}; input saved to {path}");
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{iterations} executions in {secs:.1} s ({:.0}/s) over {} seeds: {ok} parsed, {err} errors, {panics} panics",
        iterations as f64 / secs,
        seeds.len()
    );
    if panics > 0 {
        std::process::exit(1);
    }
}
