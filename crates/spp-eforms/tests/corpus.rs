//! Parse every eForms notice of the shared corpus (../shared/corpus/eforms*/) and check the
//! parser's totals against counts made independently here: a plain quick-xml event pass that
//! tracks local names by hand (no namespace resolution, no tree, no code of the crate).
//! Skips with a message when the corpus is absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;
use spp_domain::codelist::{GppCriteria, StrategicProcurement};
use spp_domain::Notice;

fn corpus_root() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    root.is_dir().then_some(root)
}

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            xml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "xml") {
            out.push(p);
        }
    }
}

/// Totals over a set of notices.
#[derive(Debug, Default, PartialEq, Eq)]
struct Facts {
    by_form_type: BTreeMap<String, usize>,
    lots: usize,
    lots_strategic_reported: usize,
    lots_env_imp: usize,
    lots_soc_obj: usize,
    lots_inn_pur: usize,
    lots_gpp_criteria: usize,
    lots_cvd_true: usize,
    lot_results: usize,
    tenders: usize,
    contracts: usize,
    tendering_parties: usize,
    organisations_with_size: usize,
}

fn facts_from_notice(n: &Notice, f: &mut Facts) {
    let form = n
        .form_type
        .as_ref()
        .map(|t| t.to_string())
        .unwrap_or_default();
    *f.by_form_type.entry(form).or_default() += 1;
    for lot in &n.lots {
        f.lots += 1;
        let sp = &lot.strategic.procurement;
        f.lots_strategic_reported += usize::from(!sp.is_empty());
        f.lots_env_imp += usize::from(sp.contains(&StrategicProcurement::EnvImp));
        f.lots_soc_obj += usize::from(sp.contains(&StrategicProcurement::SocObj));
        f.lots_inn_pur += usize::from(sp.contains(&StrategicProcurement::InnPur));
        f.lots_gpp_criteria += usize::from(
            lot.strategic
                .gpp_criteria
                .iter()
                .any(|g| *g != GppCriteria::None),
        );
        f.lots_cvd_true += usize::from(
            lot.clean_vehicles
                .as_ref()
                .is_some_and(|c| c.applies == Some(true)),
        );
    }
    if let Some(r) = &n.result {
        f.lot_results += r.lot_results.len();
        f.tenders += r.tenders.len();
        f.contracts += r.contracts.len();
        f.tendering_parties += r.tendering_parties.len();
    }
    f.organisations_with_size += n.organisations.iter().filter(|o| o.size.is_some()).count();
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    s.rsplit(':').next().unwrap_or_default().to_string()
}

#[derive(Default)]
struct LotState {
    scheme: Option<String>,
    bt06: BTreeSet<String>,
    gpp_not_none: bool,
    cvd_true: bool,
}

/// The independent count: one event pass, local names compared by hand.
fn facts_from_stream(bytes: &[u8], f: &mut Facts) {
    let mut r = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut lot: Option<LotState> = None;
    // (listName of the code element being read, its text so far)
    let mut code: Option<(String, String)> = None;
    loop {
        let ev = r.read_event_into(&mut buf).expect("well-formed");
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = local(e.name().as_ref());
                let list = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == b"listName")
                    .map(|a| String::from_utf8_lossy(&a.value).trim().to_string());
                let scheme = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == b"schemeName")
                    .map(|a| String::from_utf8_lossy(&a.value).trim().to_string());
                let depth = stack.len();
                if depth == 1 && name == "NoticeTypeCode" {
                    *f.by_form_type
                        .entry(list.clone().unwrap_or_default())
                        .or_default() += 1;
                }
                if depth == 1 && name == "ProcurementProjectLot" {
                    lot = Some(LotState::default());
                }
                if depth == 2 && name == "ID" && stack[1] == "ProcurementProjectLot" {
                    if let Some(l) = lot.as_mut() {
                        l.scheme = scheme;
                    }
                }
                let in_lot_project = depth == 4
                    && stack[1] == "ProcurementProjectLot"
                    && stack[2] == "ProcurementProject"
                    && stack[3] == "ProcurementAdditionalType"
                    && name == "ProcurementTypeCode";
                let cvd = name == "ApplicableLegalBasis"
                    && list.as_deref() == Some("cvd-scope")
                    && stack.get(1).is_some_and(|s| s == "ProcurementProjectLot");
                if in_lot_project || cvd {
                    code = Some((list.unwrap_or_default(), String::new()));
                }
                if depth >= 1 && stack[depth - 1] == "NoticeResult" {
                    match name.as_str() {
                        "LotResult" => f.lot_results += 1,
                        "LotTender" => f.tenders += 1,
                        "SettledContract" => f.contracts += 1,
                        "TenderingParty" => f.tendering_parties += 1,
                        _ => {}
                    }
                }
                if name == "CompanySizeCode" && depth >= 1 && stack[depth - 1] == "Company" {
                    code = Some(("size".into(), String::new()));
                }
                if matches!(ev, Event::Start(_)) {
                    stack.push(name);
                }
            }
            Event::Text(t) => {
                if let Some((_, text)) = code.as_mut() {
                    text.push_str(&t.unescape().unwrap_or_default());
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                if let Some((list, text)) = code.take() {
                    let text = text.trim();
                    if let Some(l) = lot.as_mut() {
                        match list.as_str() {
                            "strategic-procurement" if !text.is_empty() => {
                                l.bt06.insert(text.to_string());
                            }
                            "gpp-criteria" if !text.is_empty() && text != "none" => {
                                l.gpp_not_none = true
                            }
                            "cvd-scope" if text == "true" => l.cvd_true = true,
                            _ => {}
                        }
                    }
                    if list == "size" && !text.is_empty() && text != "unpublished" {
                        f.organisations_with_size += 1;
                    }
                }
                if stack.len() == 1 && name == "ProcurementProjectLot" {
                    if let Some(l) = lot.take() {
                        if matches!(l.scheme.as_deref(), None | Some("Lot")) {
                            f.lots += 1;
                            f.lots_strategic_reported += usize::from(!l.bt06.is_empty());
                            f.lots_env_imp += usize::from(l.bt06.contains("env-imp"));
                            f.lots_soc_obj += usize::from(l.bt06.contains("soc-obj"));
                            f.lots_inn_pur += usize::from(l.bt06.contains("inn-pur"));
                            f.lots_gpp_criteria += usize::from(l.gpp_not_none);
                            f.lots_cvd_true += usize::from(l.cvd_true);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
}

#[test]
fn whole_corpus_parses_and_matches_independent_counts() {
    let Some(root) = corpus_root() else {
        eprintln!("SKIPPED: ../shared/corpus not found; corpus test not run");
        return;
    };
    let mut files = Vec::new();
    for dir in ["eforms", "eforms-sdk-examples", "eforms-doffin-no"] {
        xml_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(
        files.len() > 1000,
        "only {} corpus files found",
        files.len()
    );

    let mut parsed = Facts::default();
    let mut streamed = Facts::default();
    let mut failures = Vec::new();
    let mut ids = BTreeSet::new();
    let mut sdk_versions = BTreeSet::new();
    let mut subtypes = BTreeSet::new();
    let mut warnings = 0;
    for path in &files {
        let bytes = std::fs::read(path).expect("readable corpus file");
        match spp_eforms::parse_notice(&bytes) {
            Ok(n) => {
                facts_from_notice(&n, &mut parsed);
                facts_from_stream(&bytes, &mut streamed);
                warnings += n.warnings.len();
                ids.insert((n.id.clone(), n.version.clone()));
                if let Some(c) = &n.customization_id {
                    sdk_versions.insert(c.split('#').next().unwrap_or_default().to_string());
                }
                if path.to_string_lossy().contains("eforms-sdk-examples") {
                    subtypes.extend(n.subtype.clone());
                }
            }
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    eprintln!(
        "corpus: {} files, {} failures, {} warnings, {} distinct (id, version)\nparsed: {parsed:#?}",
        files.len(),
        failures.len(),
        warnings,
        ids.len()
    );
    // The SDK's INVALID_* examples are all well-formed, so nothing may fail.
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(parsed, streamed);
    // Every SDK version 1.3..1.15 except those with no notices in the corpus, and all 51
    // subtypes among the SDK examples.
    for v in [
        "1.3", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.15",
    ] {
        assert!(sdk_versions.contains(&format!("eforms-sdk-{v}")), "no {v}");
    }
    assert_eq!(subtypes.len(), 51, "{subtypes:?}");
    // Sanity against the corpus description (SOURCES.md): lot results in ~490 notices etc.
    assert!(parsed.lots_gpp_criteria > 0 && parsed.lots_cvd_true > 0);
}
