//! Parse every TED XML file under the given folders and print failures and warning counts:
//! `cargo run --release -p spp-ted --example sweep -- ../shared/corpus/ted-xml`
use std::collections::BTreeMap;

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        walk(std::path::Path::new(&arg), &mut files);
    }
    let (mut ok, mut failed, mut lots) = (0, 0, 0);
    let mut warnings: BTreeMap<String, usize> = BTreeMap::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("readable");
        match spp_ted::parse_notice(&bytes) {
            Ok(n) => {
                ok += 1;
                lots += n.lots.len();
                for w in n.warnings {
                    *warnings
                        .entry(w.message.chars().take(60).collect())
                        .or_default() += 1;
                }
            }
            Err(e) => {
                failed += 1;
                println!("{}: {e}", path.display());
            }
        }
    }
    println!("{ok} read, {failed} failed, {lots} lots");
    for (w, n) in warnings {
        println!("{n:6} {w}");
    }
}

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        walk(&e.path(), out);
    }
}
