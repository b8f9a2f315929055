//! The Doffin notices of the shared corpus, as OCDS releases (derived by another project's
//! converter) and as the eForms XML they were derived from: every release is read, and the
//! facts spp counts agree between the two readings. A few pairs are copied in
//! `tests/fixtures/doffin/` (source and licence in its SOURCES.md) so one test always runs.

mod common;

use std::path::{Path, PathBuf};

/// `../shared/corpus` beside the clone (CI, /work/main), or beside the folder of worktrees.
fn corpus() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared/corpus", "../../../../shared/corpus"]
        .into_iter()
        .map(|rel| manifest.join(rel))
        .find(|dir| dir.join("ocds").is_dir())
}

fn ocds_notices(path: &Path) -> Vec<spp_domain::Notice> {
    let bytes = std::fs::read(path).unwrap();
    spp_ocds::read_document(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

/// `X_release_N.json` → `X.xml` in `eforms_dir`.
fn eforms_of(release: &Path, eforms_dir: &Path) -> Option<PathBuf> {
    let name = release.file_name()?.to_str()?;
    let base = name.rsplit_once("_release_")?.0;
    let xml = eforms_dir.join(format!("{base}.xml"));
    xml.exists().then_some(xml)
}

/// Reads every release in `ocds_dir`, compares with its eForms notice; returns (releases,
/// compared, differences).
fn compare_dir(ocds_dir: &Path, eforms_dir: &Path) -> (usize, usize, Vec<String>) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(ocds_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut releases, mut compared, mut diffs) = (0, 0, Vec::new());
    for file in files {
        let notices = ocds_notices(&file);
        releases += notices.len();
        let Some(xml) = eforms_of(&file, eforms_dir) else {
            continue;
        };
        let eforms = spp_eforms::parse_notice(&std::fs::read(&xml).unwrap()).unwrap();
        for n in &notices {
            assert_eq!(n.id, eforms.id, "{}", file.display());
            compared += 1;
            for d in common::differences(&eforms, n) {
                diffs.push(format!(
                    "{}: {d}",
                    file.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    (releases, compared, diffs)
}

#[test]
fn fixture_releases_agree_with_their_eforms_notices() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/doffin");
    let (releases, compared, diffs) = compare_dir(&dir.join("ocds"), &dir.join("eforms"));
    assert!(releases >= 5, "{releases}");
    assert_eq!(compared, releases);
    assert!(diffs.is_empty(), "{diffs:#?}");
}

#[test]
fn corpus_releases_all_read_and_agree_with_eforms() {
    let Some(corpus) = corpus() else {
        eprintln!(
            "SKIPPED: ../shared/corpus/ocds not found; the Doffin OCDS corpus test did not run"
        );
        return;
    };
    let ocds = corpus.join("ocds/bjornjorgensen-ted-and-doffin-to-ocds");
    let eforms = corpus.join("eforms-doffin-no/bjornjorgensen-ted-and-doffin-to-ocds");
    let (releases, compared, diffs) = compare_dir(&ocds, &eforms);
    assert_eq!(releases, 98);
    assert_eq!(compared, 98);
    // Where the derived releases lost or changed what the eForms notice says (the converter's
    // doing, checked by hand in both files); every other fact of every lot agrees.
    let known: [(&str, &str); 7] = [
        // 13 tenders settled by one contract, most without a value: eForms gives no total;
        // the converter kept one supplier and one tender's value.
        ("2024-110489_release_0.json", "awarded_value"),
        // Ten results with ten different winners; the converter gives ORG-0002 for all ten.
        (
            "ContractAwardNotice_can-social_2023-653024_release_0.json",
            "winners",
        ),
        // The converter appends the department (BT-16) to the winner's name.
        (
            "ContractAwardNotice_can-social_2024-111341_release_0.json",
            "winners",
        ),
        // BT-774 other, BT-775 other and BT-805 none without BT-06: the converter wrote only
        // `hasSustainability: true` with the goal `environmental` (read as BT-06 env-imp).
        ("ContractNotice_cn-desg_2024-101636_release_0.json", "bt06"),
        ("ContractNotice_cn-desg_2024-101636_release_0.json", "bt774"),
        ("ContractNotice_cn-desg_2024-101636_release_0.json", "bt775"),
        ("ContractNotice_cn-desg_2024-101636_release_0.json", "bt805"),
    ];
    let found: Vec<(String, String)> = diffs
        .iter()
        .map(|d| {
            let (file, rest) = d.split_once(": ").unwrap();
            let fact = rest.split(": ").nth(1).unwrap_or(rest);
            (file.to_string(), fact.to_string())
        })
        .collect();
    let expected: Vec<(String, String)> = known
        .iter()
        .map(|(f, k)| (f.to_string(), k.to_string()))
        .collect();
    assert_eq!(found, expected, "differences:\n{}", diffs.join("\n"));
}
