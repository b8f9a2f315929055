//! Read every TED XML notice of the shared corpus (../shared/corpus/ted-xml) and check the
//! reader's totals against counts made independently here: a plain quick-xml event pass over
//! the first original-language form and the coded data, tracking element names by hand (no
//! tree, no namespace resolution, no code of the crate). Skips with a message when the corpus
//! is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;
use rust_decimal::Decimal;
use spp_domain::codelist::CompanySize;
use spp_domain::{Money, Notice};

/// `../shared` beside the clone (CI, /work/main), or beside the folder of worktrees.
fn corpus() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "../../../shared/corpus/ted-xml",
        "../../../../shared/corpus/ted-xml",
    ]
    .into_iter()
    .map(|rel| manifest.join(rel))
    .find(|dir| dir.is_dir())
}

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            xml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "xml") {
            out.push(p);
        }
    }
}

/// Totals over the corpus.
#[derive(Debug, Default, PartialEq, Eq)]
struct Facts {
    notices: usize,
    by_buyer_country: BTreeMap<String, usize>,
    lot_descriptions: usize,
    awarded_contracts: usize,
    contractors: usize,
    sme: usize,
    not_sme: usize,
    /// Σ awarded values in EUR, to the cent.
    eur_awarded: Decimal,
}

/// The reader's side. Countries are turned back into TED's two letters by their first two
/// letters where those agree (true for the countries of this corpus but GB/UK, GR/EL).
fn facts_from_notice(n: &Notice, f: &mut Facts) {
    f.notices += 1;
    let country = n
        .lead_buyer()
        .and_then(|b| b.country.clone())
        .unwrap_or_default();
    *f.by_buyer_country.entry(country).or_default() += 1;
    f.lot_descriptions += n.lots.len();
    let Some(r) = &n.result else { return };
    f.awarded_contracts += r.contracts.len();
    for party in &r.tendering_parties {
        for t in &party.tenderers {
            f.contractors += 1;
            match n
                .organisation(&t.organisation_id)
                .and_then(|o| o.size.clone())
            {
                Some(CompanySize::Sme) => f.sme += 1,
                Some(CompanySize::Large) => f.not_sme += 1,
                _ => {}
            }
        }
    }
    for t in &r.tenders {
        if let Some(Money::Amount { value, currency }) = &t.value {
            if currency.as_deref() == Some("EUR") {
                f.eur_awarded += *value;
            }
        }
    }
}

fn attr(e: &quick_xml::events::BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| String::from_utf8_lossy(&a.value).trim().to_string())
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    s.rsplit(':').next().unwrap_or_default().to_string()
}

/// Three-letter code of a TED two-letter country, from spp-domain's data file (the same ISO
/// table, read here on its own).
fn alpha3(code: &str) -> String {
    let code = match code {
        "UK" => "GB",
        "EL" => "GR",
        c => c,
    };
    let table = include_str!("../../spp-domain/data/iso-3166-1-alpha2-alpha3.tsv");
    table
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{code}\t")))
        .unwrap_or("")
        .to_string()
}

/// State of the event pass over one notice.
#[derive(Default)]
struct Pass {
    stack: Vec<String>,
    /// Depth of the first ORIGINAL form while inside it.
    form_depth: Option<usize>,
    form_done: bool,
    form_name: String,
    buyer_country: Option<String>,
    coded_country: Option<String>,
    descriptions: usize,
    /// LOT_NO of each lot description, and of each award (`None`: no LOT_NO).
    description_lots: Vec<String>,
    award_lots: Vec<Option<String>>,
    lot_no: Option<String>,
    annexes: usize,
    awarded: usize,
    /// Per award: (operators named, SME, NO_SME) of the award being read.
    contractors: usize,
    sme: usize,
    not_sme: usize,
    award_contractors: usize,
    modification_contractors: (usize, usize, usize),
    eur: Decimal,
    value_text: Option<(String, String)>,
    /// CURRENCY of the innermost COSTS_RANGE_AND_CURRENCY… element (defence forms).
    cost_currency: Option<String>,
    /// F20: the value after the modification (and whether in EUR), and the first award's
    /// value it replaces (and whether in EUR).
    value_after: Option<(Decimal, bool)>,
    first_award_value: Option<(Decimal, bool)>,
}

impl Pass {
    fn inside(&self, name: &str) -> bool {
        self.stack.iter().any(|s| s == name)
    }
}

fn facts_from_stream(bytes: &[u8], f: &mut Facts) {
    let mut r = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut p = Pass::default();
    loop {
        let ev = r.read_event_into(&mut buf).expect("well-formed");
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = local(e.name().as_ref());
                let depth = p.stack.len();
                if depth == 2
                    && p.stack[1] == "FORM_SECTION"
                    && !p.form_done
                    && p.form_depth.is_none()
                    && attr(e, b"CATEGORY").as_deref() == Some("ORIGINAL")
                {
                    p.form_depth = Some(depth);
                    p.form_name = name.clone();
                }
                if name == "ISO_COUNTRY" && p.inside("NOTICE_DATA") {
                    p.coded_country = attr(e, b"VALUE");
                }
                if p.form_depth.is_some() {
                    let buyer_address = p.stack.last().is_some_and(|s| {
                        s == "ADDRESS_CONTRACTING_BODY" || s == "CA_CE_CONCESSIONAIRE_PROFILE"
                    });
                    if name == "COUNTRY" && buyer_address && p.buyer_country.is_none() {
                        p.buyer_country = attr(e, b"VALUE");
                    }
                    match name.as_str() {
                        "OBJECT_DESCR" => p.descriptions += 1,
                        n if n.starts_with("COSTS_RANGE_AND_CURRENCY") => {
                            p.cost_currency = attr(e, b"CURRENCY");
                        }
                        "VAL_TOTAL_AFTER" if matches!(ev, Event::Start(_)) => {
                            let currency = attr(e, b"CURRENCY").unwrap_or_default();
                            p.value_text = Some((format!("AFTER {currency}"), String::new()));
                        }
                        "ANNEX_B" | "F17_ANNEX_B" => p.annexes += 1,
                        "AWARDED_CONTRACT" => p.awarded += 1,
                        "AWARD_CONTRACT" => p.award_lots.push(None),
                        "LOT_NO" if matches!(ev, Event::Start(_)) => p.lot_no = Some(String::new()),
                        "AWARDED_PRIZE" | "AWARD_OF_CONTRACT" | "AWARD_OF_CONTRACT_DEFENCE" => {
                            p.award_contractors = 0;
                        }
                        "CONTRACTOR" | "WINNER" | "ECONOMIC_OPERATOR_NAME_ADDRESS" => {
                            if p.inside("MODIFICATIONS_CONTRACT") {
                                p.modification_contractors.0 += 1;
                            } else {
                                p.contractors += 1;
                                p.award_contractors += 1;
                            }
                        }
                        "SME" | "NO_SME" => {
                            let sme = name == "SME";
                            if p.inside("MODIFICATIONS_CONTRACT") {
                                if sme {
                                    p.modification_contractors.1 += 1;
                                } else {
                                    p.modification_contractors.2 += 1;
                                }
                            } else if sme {
                                p.sme += 1;
                            } else {
                                p.not_sme += 1;
                            }
                        }
                        "VAL_TOTAL" | "VALUE_COST" | "VAL_PRIZE" => {
                            let award_value = (name == "VAL_TOTAL"
                                && p.inside("AWARDED_CONTRACT")
                                && !p.inside("VAL_RANGE_TOTAL"))
                                || (name == "VAL_PRIZE"
                                    && p.inside("AWARDED_PRIZE")
                                    && p.award_contractors > 0)
                                // Defence forms: the final value (COSTS_RANGE_AND_CURRENCY…),
                                // not the initial estimate beside it.
                                || (name == "VALUE_COST"
                                    && p.stack.last().is_some_and(|s| {
                                        s.starts_with("COSTS_RANGE_AND_CURRENCY")
                                    })
                                    && p.stack
                                        .iter()
                                        .rev()
                                        .nth(1)
                                        .is_some_and(|s| s == "CONTRACT_VALUE_INFORMATION")
                                    && p.inside("AWARD_OF_CONTRACT_DEFENCE"));
                            // Defence forms put the currency on the enclosing element.
                            let currency = attr(e, b"CURRENCY").or(p.cost_currency.clone());
                            if award_value && matches!(ev, Event::Start(_)) {
                                // FMTVAL (when there) holds the amount as a plain number.
                                let text = attr(e, b"FMTVAL").unwrap_or_default();
                                p.value_text = Some((currency.unwrap_or_default(), text));
                            }
                        }
                        _ => {}
                    }
                }
                if matches!(ev, Event::Start(_)) {
                    p.stack.push(name);
                }
            }
            Event::Text(t) if p.lot_no.is_some() => {
                let text = t.unescape().unwrap_or_default().trim().to_string();
                let in_award = p
                    .stack
                    .iter()
                    .rev()
                    .nth(1)
                    .is_some_and(|s| s == "AWARD_CONTRACT");
                let in_lot = p
                    .stack
                    .iter()
                    .rev()
                    .nth(1)
                    .is_some_and(|s| s == "OBJECT_DESCR");
                if in_award {
                    if let Some(last) = p.award_lots.last_mut() {
                        *last = Some(text);
                    }
                } else if in_lot {
                    p.description_lots.push(text);
                }
                p.lot_no = None;
            }
            Event::Text(t) => {
                if let Some((_, text)) = p.value_text.as_mut() {
                    if text.is_empty() {
                        let raw = t.unescape().unwrap_or_default();
                        let plain: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
                        text.push_str(&plain.replace(',', "."));
                    }
                }
            }
            Event::End(_) => {
                let name = p.stack.pop().unwrap_or_default();
                // Only in the first original form: later ones (other languages) repeat it.
                if matches!(
                    name.as_str(),
                    "AWARDED_PRIZE" | "AWARD_OF_CONTRACT" | "AWARD_OF_CONTRACT_DEFENCE"
                ) && p.award_contractors > 0
                    && p.form_depth.is_some()
                {
                    p.awarded += 1;
                }
                if let Some((currency, text)) = p.value_text.take() {
                    let v: Option<Decimal> = text.trim().parse().ok();
                    p.value_text = None;
                    if let Some(v) = v {
                        match currency.strip_prefix("AFTER ") {
                            Some(cur) => p.value_after = Some((v, cur == "EUR")),
                            None => {
                                let eur = currency == "EUR";
                                p.first_award_value.get_or_insert((v, eur));
                                if eur {
                                    p.eur += v;
                                }
                            }
                        }
                    }
                }
                if p.form_depth == Some(p.stack.len()) {
                    p.form_depth = None;
                    p.form_done = true;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    f.notices += 1;
    let country = p
        .buyer_country
        .clone()
        .or(p.coded_country.clone())
        .unwrap_or_default();
    *f.by_buyer_country.entry(alpha3(&country)).or_default() += 1;
    let legacy =
        !(p.form_name.contains("_20") || p.form_name == "MOVE" || p.form_name == "OTH_NOT");
    f.lot_descriptions += if legacy {
        p.annexes.max(1)
    } else {
        p.descriptions + lots_added_for_awards(&p)
    };
    f.awarded_contracts += p.awarded;
    // F20 names the contractors again under the modification: they are the award's when the
    // award names none.
    let (mc, ms, mn) = p.modification_contractors;
    let (extra, extra_sme, extra_not) = if p.contractors == 0 && p.awarded > 0 {
        (mc, ms, mn)
    } else {
        (0, 0, 0)
    };
    f.contractors += p.contractors + extra;
    f.sme += p.sme + extra_sme;
    f.not_sme += p.not_sme + extra_not;
    // F20: the reader takes the value after the modification for the (first) award.
    if let Some((after, after_eur)) = p.value_after {
        if let Some((first, true)) = p.first_award_value {
            p.eur -= first;
        }
        if after_eur {
            p.eur += after;
        }
    }
    f.eur_awarded += p.eur;
}

/// The reader keeps an award whose lot it cannot find as a lot of its own: one whose `LOT_NO`
/// names no lot description (compared as numbers, a leading word such as `Lotto` dropped), or,
/// without `LOT_NO` in a notice of several lots, one past the last description. Awards of a
/// notice with a single lot description always belong to it.
fn lots_added_for_awards(p: &Pass) -> usize {
    fn number(s: &str) -> String {
        let last = s.split_whitespace().last().unwrap_or("").to_lowercase();
        if !last.is_empty() && last.chars().all(|c| c.is_ascii_digit()) {
            format!("{}", last.parse::<u128>().unwrap_or(u128::MAX))
        } else {
            s.trim().to_lowercase()
        }
    }
    if p.descriptions == 1 {
        return 0;
    }
    let mut known: Vec<String> = p.description_lots.iter().map(|s| number(s)).collect();
    let mut added = 0;
    for (i, lot) in p.award_lots.iter().enumerate() {
        let new = match lot {
            Some(no) => Some(number(no)).filter(|k| !known.contains(k)),
            None if i >= p.descriptions + added => Some(format!("#{}", known.len() + 1)),
            None => None,
        };
        if let Some(k) = new {
            known.push(k);
            added += 1;
        }
    }
    added
}

/// Files where the two counts differ by definition, with the reason (none today). The seven
/// once listed here were settled: four defence awards (`193118-2021`, `223767-2021`,
/// `363592-2021`, `455165-2021`) where this pass also summed the initial estimate
/// (`INITIAL_ESTIMATED_TOTAL_VALUE_CONTRACT`) beside the final value; a design-contest prize
/// without a winner (`575369-2021`), whose value the reader rightly does not count as awarded;
/// a notice of three original forms (`595544-2019`) whose later forms this pass counted
/// awards in; and an `OTH_NOT` in free text (`426046-2018`) that names no buyer address, now
/// read with the coded country as the buyer's, as this pass counts it.
const KNOWN_DIFFERENCES: &[&str] = &[];

/// Reads every file with the reader and recounts it with the event pass: the totals of both
/// sides, with the files that failed or differed (at most ten).
fn read_and_recount(files: &[PathBuf]) -> (Facts, Facts, Vec<String>) {
    let (mut parsed, mut streamed) = (Facts::default(), Facts::default());
    let mut problems = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).expect("readable");
        match spp_ted::parse_notice(&bytes) {
            Ok(n) => {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if KNOWN_DIFFERENCES.contains(&name) {
                    continue;
                }
                let (mut one_parsed, mut one_streamed) = (Facts::default(), Facts::default());
                facts_from_notice(&n, &mut one_parsed);
                facts_from_stream(&bytes, &mut one_streamed);
                if one_parsed != one_streamed && problems.len() < 10 {
                    problems.push(format!(
                        "{}:\n  {one_parsed:?}\n  {one_streamed:?}",
                        path.display()
                    ));
                }
                facts_from_notice(&n, &mut parsed);
                facts_from_stream(&bytes, &mut streamed);
            }
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    (parsed, streamed, problems)
}

#[test]
fn whole_corpus_reads_and_matches_independent_counts() {
    let Some(dir) = corpus() else {
        eprintln!("SKIPPED: ../shared/corpus/ted-xml not found; TED XML corpus test not run");
        return;
    };
    let mut files = Vec::new();
    xml_files(&dir, &mut files);
    files.sort();
    assert!(files.len() > 4000, "only {} files", files.len());
    let (parsed, streamed, problems) = read_and_recount(&files);
    eprintln!("TED XML corpus: {} files\nparsed: {parsed:#?}", files.len());
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(parsed, streamed);
    assert!(parsed
        .by_buyer_country
        .get("BEL")
        .is_some_and(|n| *n >= 100));
}

/// The bundled sample's TED XML notices (data/sample, always present) agree with the
/// independent count too, and hold what the sample is for: Belgian notices with winners.
#[test]
fn sample_matches_independent_counts() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample/op-ted-rdf-mapping-ted-xml");
    let mut files = Vec::new();
    xml_files(&dir, &mut files);
    assert_eq!(files.len(), 30, "the SOURCES.md selection");
    let (parsed, streamed, problems) = read_and_recount(&files);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(parsed, streamed);
    assert_eq!(parsed.by_buyer_country.get("BEL"), Some(&16));
    assert!(parsed.sme > 0 && parsed.not_sme > 0 && parsed.eur_awarded > Decimal::ZERO);
}
