//! The corpus facts of the bundled sample (data/sample) must equal an independent count made
//! here straight from the XML with quick-xml (no spp parser, no derive): notices, lots,
//! BT-06 / BT-805 lots, result notices, winners through settled contracts, SME winners. The
//! sample's eForms notices are counted here; its TED XML notices by `spp-ted`'s recount.
//!
//! Conventions shared by both counts: latest version per notice id; a notice changed by a
//! change notice of at least its version is superseded; every current notice counts, also
//! one without lots (planning notices that describe parts), which adds no lot.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;
use spp_monitoring::Facts;

fn sample_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xml") && !is_ted_xml(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The sample's TED XML notices (`TED_EXPORT`) are recounted by `spp-ted`'s own independent
/// count (`crates/spp-ted/tests/corpus.rs`, `sample_matches_independent_counts`); this one
/// reads eForms.
fn is_ted_xml(path: &Path) -> bool {
    let head: Vec<u8> = std::fs::read(path).unwrap().into_iter().take(512).collect();
    String::from_utf8_lossy(&head).contains("<TED_EXPORT")
}

/// What the independent count reads from one file.
#[derive(Debug, Default)]
struct Counted {
    id: String,
    version: u32,
    form: String,
    changes: Option<(String, u32)>,
    /// Per lot: BT-06 codes, BT-805 codes.
    lots: Vec<(Vec<String>, Vec<String>)>,
    winners: BTreeSet<String>,
    sme_winners: BTreeSet<String>,
}

#[derive(Default)]
struct LotResult {
    status: Option<String>,
    contracts: Vec<String>,
    tenders: Vec<String>,
}

fn count_file(path: &Path) -> Counted {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = Reader::from_str(&text);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<(String, HashMap<String, String>)> = Vec::new();
    let mut c = Counted::default();
    let mut lot: Option<(bool, Vec<String>, Vec<String>)> = None;
    let mut lot_results: Vec<LotResult> = Vec::new();
    let mut tender_party: BTreeMap<String, String> = BTreeMap::new();
    let mut contract_tenders: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut party_orgs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut org_size: BTreeMap<String, String> = BTreeMap::new();
    let (mut cur_tender, mut cur_contract, mut cur_party, mut cur_org) =
        (String::new(), String::new(), String::new(), String::new());
    let mut pending_size: Option<String> = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                let attrs: HashMap<String, String> = e
                    .attributes()
                    .filter_map(Result::ok)
                    .map(|a| {
                        (
                            String::from_utf8_lossy(a.key.local_name().as_ref()).to_string(),
                            a.decode_and_unescape_value(reader.decoder())
                                .unwrap()
                                .to_string(),
                        )
                    })
                    .collect();
                if name == "ProcurementProjectLot" && stack.len() == 1 {
                    lot = Some((true, Vec::new(), Vec::new()));
                }
                if name == "LotResult" && stack.last().is_some_and(|s| s.0 == "NoticeResult") {
                    lot_results.push(LotResult::default());
                }
                if name == "ID" && stack.len() == 2 && stack[1].0 == "ProcurementProjectLot" {
                    if let Some(l) = lot.as_mut() {
                        l.0 = attrs.get("schemeName").is_none_or(|s| s == "Lot");
                    }
                }
                stack.push((name, attrs));
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                stack.pop();
                if name == "Company" {
                    if let Some(size) = pending_size.take() {
                        org_size.insert(cur_org.clone(), size);
                    }
                    cur_org.clear();
                }
                if name == "ProcurementProjectLot" && stack.len() == 1 {
                    if let Some((is_lot, sp, gpp)) = lot.take() {
                        if is_lot {
                            c.lots.push((sp, gpp));
                        }
                    }
                }
            }
            Event::Text(t) => {
                let text = t.unescape().unwrap().trim().to_string();
                let names: Vec<&str> = stack.iter().map(|s| s.0.as_str()).collect();
                let ends = |tail: &[&str]| names.ends_with(tail);
                let attr = |k: &str| stack.last().and_then(|s| s.1.get(k)).cloned();
                if names.len() == 2 && names[1] == "ID" {
                    c.id = text;
                } else if names.len() == 2 && names[1] == "VersionID" {
                    c.version = text.parse().unwrap_or(0);
                } else if names.len() == 2 && names[1] == "NoticeTypeCode" {
                    c.form = attr("listName").unwrap_or_default();
                } else if ends(&["ChangedNoticeIdentifier"]) {
                    if let Some((id, v)) = text.rsplit_once('-') {
                        c.changes = Some((id.to_string(), v.parse().unwrap_or(0)));
                    }
                } else if names.len() >= 3
                    && names[1] == "ProcurementProjectLot"
                    && ends(&["ProcurementTypeCode"])
                {
                    if let Some(l) = lot.as_mut() {
                        match attr("listName").as_deref() {
                            Some("strategic-procurement") => l.1.push(text),
                            Some("gpp-criteria") => l.2.push(text),
                            _ => {}
                        }
                    }
                } else if ends(&["NoticeResult", "LotResult", "TenderResultCode"]) {
                    if let Some(r) = lot_results.last_mut() {
                        r.status = Some(text);
                    }
                } else if ends(&["NoticeResult", "LotResult", "SettledContract", "ID"]) {
                    if let Some(r) = lot_results.last_mut() {
                        r.contracts.push(text);
                    }
                } else if ends(&["NoticeResult", "LotResult", "LotTender", "ID"]) {
                    if let Some(r) = lot_results.last_mut() {
                        r.tenders.push(text);
                    }
                } else if ends(&["NoticeResult", "LotTender", "ID"]) {
                    cur_tender = text;
                } else if ends(&["NoticeResult", "LotTender", "TenderingParty", "ID"]) {
                    tender_party.insert(cur_tender.clone(), text);
                } else if ends(&["NoticeResult", "SettledContract", "ID"]) {
                    cur_contract = text;
                    contract_tenders.entry(cur_contract.clone()).or_default();
                } else if ends(&["NoticeResult", "SettledContract", "LotTender", "ID"]) {
                    contract_tenders
                        .entry(cur_contract.clone())
                        .or_default()
                        .push(text);
                } else if ends(&["NoticeResult", "TenderingParty", "ID"]) {
                    cur_party = text;
                } else if ends(&["NoticeResult", "TenderingParty", "Tenderer", "ID"]) {
                    party_orgs.entry(cur_party.clone()).or_default().push(text);
                } else if ends(&["Organization", "Company", "PartyIdentification", "ID"]) {
                    cur_org = text;
                } else if ends(&["Organization", "Company", "CompanySizeCode"]) {
                    // The size may come before the id inside the company: keep it until the end.
                    pending_size = Some(text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if c.form == "result" {
        // Winning tenders: referenced by a settled contract that a lot result with a
        // winner (not clos-nw / open-nw) points to, directly or through a listed tender.
        let mut winning: BTreeSet<&str> = BTreeSet::new();
        for r in &lot_results {
            if matches!(r.status.as_deref(), Some("clos-nw" | "open-nw")) {
                continue;
            }
            for (contract, tenders) in &contract_tenders {
                if r.contracts.contains(contract) || tenders.iter().any(|t| r.tenders.contains(t)) {
                    winning.extend(tenders.iter().map(String::as_str));
                }
            }
        }
        if lot_results.is_empty() {
            winning.extend(contract_tenders.values().flatten().map(String::as_str));
        }
        for tender in winning {
            let Some(party) = tender_party.get(tender) else {
                continue;
            };
            for org in party_orgs.get(party).into_iter().flatten() {
                c.winners.insert(org.clone());
                if matches!(
                    org_size.get(org).map(String::as_str),
                    Some("micro" | "small" | "medium" | "sme")
                ) {
                    c.sme_winners.insert(org.clone());
                }
            }
        }
    }
    c
}

fn independent_facts(files: &[PathBuf]) -> Facts {
    let mut latest: BTreeMap<String, Counted> = BTreeMap::new();
    for f in files {
        let c = count_file(f);
        if latest.get(&c.id).is_none_or(|old| old.version < c.version) {
            latest.insert(c.id.clone(), c);
        }
    }
    let superseded: BTreeSet<String> = latest
        .values()
        .filter_map(|c| c.changes.as_ref().map(|ch| (c.id.clone(), ch.clone())))
        .filter(|(own, (changed, v))| {
            own != changed && latest.get(changed).is_some_and(|n| *v >= n.version)
        })
        .map(|(_, (changed, _))| changed)
        .collect();
    let mut f = Facts::default();
    for c in latest.values() {
        if superseded.contains(&c.id) {
            continue;
        }
        f.notices += 1;
        *f.notices_by_form_type.entry(c.form.clone()).or_default() += 1;
        for (sp, gpp) in &c.lots {
            f.lots += 1;
            f.lots_strategic_reported += u64::from(!sp.is_empty());
            f.lots_env_imp += u64::from(sp.iter().any(|s| s == "env-imp"));
            f.lots_soc_obj += u64::from(sp.iter().any(|s| s == "soc-obj"));
            f.lots_inn_pur += u64::from(sp.iter().any(|s| s == "inn-pur"));
            f.lots_gpp_criteria += u64::from(gpp.iter().any(|g| g != "none"));
        }
        f.result_notices += u64::from(c.form == "result");
        f.winners += c.winners.len() as u64;
        f.winners_sme += c.sme_winners.len() as u64;
    }
    f
}

/// Facts through the spp pipeline: spp-eforms parse → derive → the monitoring's Facts.
fn pipeline_facts(files: &[PathBuf]) -> Facts {
    let notices: Vec<_> = files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).unwrap();
            spp_eforms::parse_notice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", f.display()))
        })
        .collect();
    Facts::of_notices(&notices)
}

#[test]
fn sample_facts_equal_an_independent_xml_count() {
    let files = sample_files();
    assert!(files.len() > 300, "the sample has {} notices", files.len());
    let independent = independent_facts(&files);
    let pipeline = pipeline_facts(&files);
    assert_eq!(pipeline, independent);
    // The sample is what the brief asks for: result notices, BT-06, BT-805, winners.
    assert!(independent.result_notices >= 100);
    assert!(independent.lots_env_imp > 0 && independent.lots_gpp_criteria > 0);
    assert!(independent.winners_sme > 0);
}
