//! Print a notice as JSON (development aid; `spp inspect` is the user-facing command).

fn main() {
    let summary = std::env::var_os("DUMP_WARNINGS").is_some();
    for path in std::env::args().skip(1) {
        match std::fs::read(&path) {
            Ok(bytes) => match spp_eforms::parse_notice(&bytes) {
                Ok(n) if summary => {
                    for w in &n.warnings {
                        println!("{path}\t{}\t{}", w.at, w.message);
                    }
                }
                Ok(n) => match serde_json::to_string_pretty(&n) {
                    Ok(json) => println!("{json}"),
                    Err(e) => eprintln!("{path}: {e}"),
                },
                Err(e) => eprintln!("{path}: {e}"),
            },
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
