//! Golden tests on real TED XML notices of every form kind, copied into tests/fixtures
//! (sources and licences in tests/fixtures/SOURCES.md). Every expected value below was read
//! off the XML by hand (grep / reading), not produced by the parser.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use spp_domain::codelist::*;
use spp_domain::derive::lot_records;
use spp_domain::{Money, Notice, SourceFormat};

fn load(name: &str) -> Notice {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    spp_ted::parse_notice(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn eur(v: &str) -> Option<Money> {
    Some(Money::Amount {
        value: v.parse::<Decimal>().expect("decimal"),
        currency: Some("EUR".into()),
    })
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y%m%d").ok()
}

/// (file, form type from TD_DOCUMENT_TYPE, FORM (empty: none), DS_DATE_DISPATCH, buyer COUNTRY,
/// lots (forms without lot descriptions but F14: one),
/// awarded contracts (AWARDED_CONTRACT / operators named), contractors, SME, not SME)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    usize,
    usize,
    usize,
    usize,
    usize,
);

#[rustfmt::skip]
const OVERVIEW: &[Row] = &[
    ("014987-2018.xml", "dir-awa-pre", "F15", "20180110", Some("BEL"), 1, 1, 2, 0, 2),
    ("034396-2021.xml", "planning", "F07", "20210119", Some("BEL"), 1, 0, 0, 0, 0),
    ("034845-2021.xml", "competition", "F24", "20210118", Some("BEL"), 3, 0, 0, 0, 0),
    ("072634-2022.xml", "result", "F06", "20220204", Some("BEL"), 1, 1, 1, 0, 1),
    ("111492-2021.xml", "change", "F14", "20210301", Some("BEL"), 0, 0, 0, 0, 0),
    ("135100-2021.xml", "result", "F03", "20210315", Some("BEL"), 1, 1, 3, 0, 3),
    ("231371-2022.xml", "competition", "F23", "20220427", Some("BEL"), 1, 0, 0, 0, 0),
    ("308849-2021.xml", "planning", "F16", "20210614", Some("BEL"), 1, 0, 0, 0, 0),
    ("335303-2021.xml", "planning", "F08", "20210629", Some("BEL"), 1, 0, 0, 0, 0),
    ("344070-2021.xml", "competition", "F17", "20210702", Some("SWE"), 1, 0, 0, 0, 0),
    ("344711-2020.xml", "planning", "F01", "20200717", Some("BEL"), 1, 0, 0, 0, 0),
    ("379043-2021.xml", "competition", "F12", "20210721", Some("FRA"), 1, 0, 0, 0, 0),
    // OTH_NOT in free text, no buyer address: the coded country (ZM) stands for the buyer's.
    ("426046-2018.xml", "result", "", "20180926", Some("ZMB"), 0, 0, 0, 0, 0),
    // F20 names the contractor twice (the contract, and the modified contract): one winner.
    ("431009-2022.xml", "cont-modif", "F20", "20220801", Some("BEL"), 1, 1, 1, 0, 1),
    ("446053-2016.xml", "result", "F25", "20161214", Some("BEL"), 2, 0, 0, 0, 0),
    ("472262-2021.xml", "result", "F18", "20210914", Some("ESP"), 1, 0, 0, 0, 0),
    ("492913-2018.xml", "competition", "F22", "20181106", Some("BEL"), 1, 0, 0, 0, 0),
    ("524160-2017.xml", "planning", "F21", "20171222", Some("BEL"), 1, 0, 0, 0, 0),
    ("554724-2019.xml", "competition", "F02", "20191118", Some("BEL"), 3, 0, 0, 0, 0),
    ("557885-2019.xml", "result", "F13", "20191120", Some("BEL"), 1, 1, 1, 0, 1),
    ("578675-2020.xml", "competition", "F05", "20201125", Some("BEL"), 1, 0, 0, 0, 0),
    ("628673-2021.xml", "result", "T02", "20211203", Some("BEL"), 1, 1, 1, 0, 0),
    ("657975-2021.xml", "planning", "F04", "20211217", Some("BEL"), 2, 0, 0, 0, 0),
];

#[test]
fn every_form_kind_reads_its_overview() {
    for &(file, form, subtype, dispatch, country, lots, awarded, contractors, sme, not_sme) in
        OVERVIEW
    {
        let n = load(file);
        let id = file.trim_end_matches(".xml");
        assert_eq!(n.id, id, "{file}");
        assert_eq!(n.format, SourceFormat::TedXml, "{file}");
        assert_eq!(
            n.form_type.as_ref().map(|f| f.as_str()),
            Some(form),
            "{file}"
        );
        assert_eq!(
            n.subtype.as_deref(),
            Some(subtype).filter(|s| !s.is_empty()),
            "{file}"
        );
        assert_eq!(n.issue_date, date(dispatch), "{file}");
        assert_eq!(
            n.lead_buyer().and_then(|b| b.country.as_deref()),
            country,
            "{file}"
        );
        assert_eq!(n.lots.len(), lots, "{file}");
        let result = n.result.as_ref();
        assert_eq!(result.map_or(0, |r| r.contracts.len()), awarded, "{file}");
        let sizes: Vec<_> = result
            .into_iter()
            .flat_map(|r| &r.tendering_parties)
            .flat_map(|p| &p.tenderers)
            .map(|t| {
                n.organisation(&t.organisation_id)
                    .and_then(|o| o.size.clone())
            })
            .collect();
        assert_eq!(sizes.len(), contractors, "{file}");
        assert_eq!(
            sizes
                .iter()
                .filter(|s| **s == Some(CompanySize::Sme))
                .count(),
            sme,
            "{file}"
        );
        assert_eq!(
            sizes
                .iter()
                .filter(|s| **s == Some(CompanySize::Large))
                .count(),
            not_sme,
            "{file}"
        );
        assert!(n.warnings.is_empty(), "{file}: {:?}", n.warnings);
        // TED XML has no strategic-procurement codes: not reported, never "none".
        for r in lot_records(&n) {
            assert!(
                r.strategic.is_empty() && r.environmental.is_empty(),
                "{file}"
            );
            assert_eq!(r.cvd_applies, None, "{file}");
        }
    }
}

#[test]
fn consortium_award_with_values_dates_and_criteria() {
    let n = load("135100-2021.xml");
    assert_eq!(n.procedure.procedure_type, Some(ProcedureType::Restricted));
    assert_eq!(n.buyers[0].legal_type, Some(BuyerLegalType::EuInsBodAg));
    let lot = &n.lots[0];
    let kinds: Vec<_> = lot
        .award_criteria
        .iter()
        .map(|c| c.criterion_type.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            Some(AwardCriterionType::Quality),
            Some(AwardCriterionType::Price)
        ]
    );
    let r = &lot_records(&n)[0];
    assert_eq!(r.awarded_value, eur("1649000.00"));
    assert_eq!(r.award_date, NaiveDate::from_ymd_opt(2020, 11, 23));
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.tenders_received, Some(7));
    let names: Vec<_> = r
        .winners
        .iter()
        .map(|w| w.name.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "Eptisa, Servicios de Ingeniería, S. L.",
            "Corporación Mundial de la Mujer Colombia (CMMC)",
            "Fundación Ideas para la Paz (FIP)"
        ]
    );
}

#[test]
fn bilingual_veat_reads_the_first_original_form() {
    // Two ORIGINAL forms (FR and NL) of one notice: one lot, one award, two contractors.
    let n = load("014987-2018.xml");
    assert_eq!(n.language.as_deref(), Some("FRA"));
    assert_eq!(n.procedure.procedure_type, Some(ProcedureType::NegWoCall));
    let records = lot_records(&n);
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert!(r.awarded);
    assert_eq!(r.award_date, NaiveDate::from_ymd_opt(2017, 12, 8));
    assert_eq!(r.awarded_value, eur("20000000.00"));
    assert_eq!(r.winners.len(), 2);
}

#[test]
fn modification_value_after_and_corrigendum_link() {
    let n = load("431009-2022.xml");
    let r = &lot_records(&n)[0];
    assert_eq!(r.awarded_value, eur("17998200.00"));
    assert_eq!(r.award_date, NaiveDate::from_ymd_opt(2022, 6, 14));

    let c = load("111492-2021.xml");
    let change = c.change.as_ref().expect("a corrigendum is a change");
    assert_eq!(
        change.changed_notice, None,
        "a corrigendum supersedes nothing"
    );
    assert!(change.corrected_notice.is_some());
}

#[test]
fn transport_award_and_design_contest_winner() {
    let n = load("628673-2021.xml");
    assert_eq!(n.buyers[0].legal_type, Some(BuyerLegalType::Ra));
    let r = &lot_records(&n)[0];
    assert_eq!(r.awarded_value, eur("734272000.00"));
    assert_eq!(r.award_date, NaiveDate::from_ymd_opt(2020, 6, 11));

    let n = load("557885-2019.xml");
    let r = &lot_records(&n)[0];
    assert_eq!(r.winners[0].name.as_deref(), Some("Belfius Insurance"));
    assert_eq!(r.tenders_received, Some(1));
    assert_eq!(r.sme_tenders_received, Some(0));
    assert_eq!(r.award_date, NaiveDate::from_ymd_opt(2019, 11, 7));
}

#[test]
fn defence_award_without_operator_is_not_awarded() {
    let n = load("472262-2021.xml");
    assert_eq!(n.legal_basis.as_deref(), Some("32009L0081"));
    let r = &lot_records(&n)[0];
    assert!(!r.awarded && r.winners.is_empty());
    assert_eq!(r.tenders_received, Some(0));
}

#[test]
fn the_fast_reader_reads_every_fixture_like_the_exact_one() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "xml") {
            let text = std::fs::read_to_string(&path).expect("UTF-8");
            let fast = spp_xml::Doc::<Probe>::parse_fast(&text).expect("fast path");
            let exact = spp_xml::Doc::<Probe>::parse_exact(&text).expect("exact");
            assert_eq!(fast.dump(), exact.dump(), "{}", path.display());
        }
    }
}

/// A vocabulary for comparing the readers: names by their length (enough to tell apart).
struct Probe;

impl spp_xml::Vocabulary for Probe {
    type Ns = bool;
    type Name = usize;
    type Attr = ();
    const OTHER_NS: bool = false;
    const OTHER_NAME: usize = 0;
    fn namespace(uri: &[u8]) -> bool {
        !uri.is_empty()
    }
    fn name(local: &[u8]) -> usize {
        local.len()
    }
    fn attr(key: &[u8]) -> Option<()> {
        (key == b"CODE").then_some(())
    }
    fn prefix(_: bool) -> &'static str {
        ""
    }
}

/// Cut, spliced and damaged fixtures give a notice or an error, never a panic.
#[test]
fn mutated_fixtures_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .expect("fixtures")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "xml"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    let snippets: [&[u8]; 10] = [
        b"<",
        b">",
        b"&amp;",
        b"<AWARD_CONTRACT>",
        b"</OBJECT_DESCR>",
        b"<LOT_NO>",
        b" CURRENCY=\"EUR\"",
        b"<VAL_TOTAL>-1",
        b"\xff",
        b"<DAY>99</DAY>",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let mut read = 0;
    for _ in 0..600 {
        let mut v = seeds[next(seeds.len())].clone();
        for _ in 0..1 + next(3) {
            let at = next(v.len() + 1);
            match next(3) {
                0 => v.truncate(at),
                1 => drop(v.drain(at..(at + next(60)).min(v.len()))),
                _ => drop(v.splice(at..at, snippets[next(snippets.len())].iter().copied())),
            }
        }
        read += usize::from(spp_ted::parse_notice(&v).is_ok());
    }
    assert!(read > 0, "some mutations stay readable");
}
