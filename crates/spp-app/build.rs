//! Packs the bundled sample (`data/sample`) into a gzipped tar in `OUT_DIR`, embedded in the
//! binary by `assets.rs`, so `spp report` and `spp serve` work from any directory on any
//! machine, not only inside a checkout.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let sample = manifest.join("../../data/sample");
    println!("cargo:rerun-if-changed={}", sample.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("sample.tar.gz");
    let file = BufWriter::new(File::create(&out).expect("OUT_DIR is writable"));
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&sample)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = relative(&sample, path);
        tar.append_path_with_name(path, Path::new("sample").join(name))
            .expect("the sample files are readable");
    }
    tar.into_inner()
        .and_then(|gz| gz.finish())
        .expect("the sample archive is written");
}

fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
