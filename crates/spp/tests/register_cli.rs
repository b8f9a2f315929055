//! The register's commands end to end on a SQLite file: the first admin from standard input,
//! an entity, an import refused for one bad row (nothing written), the same file fixed and
//! imported, imported again unchanged, the history, an export and the combined report.

use std::io::Write as _;
use std::process::{Command, Stdio};

fn spp(db: &str, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spp"))
        .args(args)
        .env("SPP_DB", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run spp");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

#[test]
fn register_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("r.sqlite").display());
    let db = db.as_str();
    let (code, out, err) = spp(
        db,
        &[
            "user",
            "add",
            "--role",
            "admin",
            "--email",
            "Admin@Example.be",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "user admin@example.be: created");
    let (code, _, err) = spp(
        db,
        &[
            "user",
            "add",
            "--role",
            "admin",
            "--email",
            "x@example.be",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert_ne!(code, 0);
    assert!(err.contains("at least 12 characters"), "{err}");
    let (code, out, _) = spp(
        db,
        &[
            "entity",
            "add",
            "dep-a",
            "--name",
            "Departement A",
            "--level",
            "vlaams",
            "--domain",
            "Omgeving",
            "--kbo",
            "0203.201.340",
        ],
        None,
    );
    assert_eq!((code, out.trim()), (0, "entity dep-a: created"));

    let csv = dir.path().join("r.csv");
    let body = "Entity;Reference;Title;Procedure;Lot;CPV;Awarded value (EUR excl. VAT)\n\
                dep-a;2025-1;Laptops;open;1;30213100;1000\n\
                dep-a;2025-2;Paper;open;1;30197630;lots\n";
    std::fs::write(&csv, body).unwrap();
    let path = csv.to_str().unwrap();
    let (code, out, _) = spp(db, &["register", "import", path], None);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "row 3, column \"Awarded value (EUR excl. VAT)\": not an amount (got \"lots\")"
        ),
        "{out}"
    );
    assert!(out.contains("refused, nothing written"), "{out}");
    let (_, out, _) = spp(db, &["register", "list"], None);
    assert_eq!(out, "", "nothing written");
    std::fs::write(&csv, body.replace(";lots", ";50")).unwrap();
    let (code, out, _) = spp(db, &["register", "import", path], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 new, 0 changed, 0 unchanged"), "{out}");
    let (_, out, _) = spp(db, &["register", "import", path], None);
    assert!(out.contains("0 new, 0 changed, 2 unchanged"), "{out}");
    let (_, out, _) = spp(db, &["register", "history", "dep-a/2025-1"], None);
    let history: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["action"], "create");
    let xlsx = dir.path().join("e.xlsx");
    let (code, _, err) = spp(
        db,
        &[
            "register",
            "export",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let (code, out, _) = spp(
        db,
        &["register", "report", "--source", "register", "--json"],
        None,
    );
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["register_lots"], 2);
}
