//! Hand-built notices and lot records for the tests.
#![allow(dead_code)]

use spp_domain::{Cpv, LangText, Lot, LotRecord, Notice, Procedure, RecordSource, Text};

pub fn cpv(code: &str) -> Cpv {
    Cpv::parse(code).expect("test CPV")
}

pub fn text(lang: &str, s: &str) -> Text {
    Text(vec![LangText {
        lang: Some(lang.into()),
        text: s.into(),
    }])
}

pub fn notice(lots: Vec<Lot>) -> Notice {
    Notice {
        format: spp_domain::SourceFormat::Eforms,
        id: "00000000-0000-0000-0000-000000000001".into(),
        version: "01".into(),
        customization_id: Some("eforms-sdk-1.10".into()),
        procedure_id: None,
        notice_type: Some("cn-standard".into()),
        form_type: None,
        subtype: Some("16".into()),
        legal_basis: None,
        issue_date: None,
        issue_time: None,
        language: Some("ENG".into()),
        publication: None,
        change: None,
        procedure: Procedure::default(),
        buyers: vec![],
        organisations: vec![],
        lots,
        result: None,
        warnings: vec![],
    }
}

pub fn lot(id: &str, main_cpv: Option<&str>) -> Lot {
    Lot {
        id: id.into(),
        main_cpv: main_cpv.map(cpv),
        ..Lot::default()
    }
}

pub fn record(lot_id: &str) -> LotRecord {
    LotRecord {
        year: Some(2025),
        buyer_country: Some("BEL".into()),
        ..LotRecord::unreported(
            RecordSource::Notice,
            "00000000-0000-0000-0000-000000000001",
            1,
            lot_id,
        )
    }
}
