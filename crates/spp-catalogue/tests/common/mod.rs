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
        source: RecordSource::Notice,
        format: Some(spp_domain::SourceFormat::Eforms),
        notice_id: "00000000-0000-0000-0000-000000000001".into(),
        notice_version: 1,
        procedure_id: None,
        lot_id: lot_id.into(),
        form_type: None,
        subtype: None,
        issue_date: None,
        award_date: None,
        year: Some(2025),
        buyer_name: None,
        buyer_id: None,
        buyer_country: Some("BEL".into()),
        buyer_nuts: None,
        buyer_legal_type: None,
        buyer_count: 1,
        procedure_type: None,
        lots_in_notice: 1,
        nature: None,
        main_cpv: None,
        product_group: None,
        strategic: vec![],
        environmental: vec![],
        social: vec![],
        innovative: vec![],
        gpp_criteria: vec![],
        reserved: vec![],
        esubmission: None,
        award_criterion_types: vec![],
        framework: None,
        cvd_applies: None,
        vehicles_total: None,
        vehicles_clean: None,
        vehicles_zero_emission: None,
        estimated_value: None,
        awarded: false,
        awarded_value: None,
        awarded_value_partial: false,
        framework_ceiling: None,
        tenders_received: None,
        sme_tenders_received: None,
        esubmitted_tenders_received: None,
        winners: vec![],
        flags: vec![],
    }
}
