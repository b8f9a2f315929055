//! Contract parsing against the bundled catalogue.

use spp_catalogue::{Catalogue, Stage};

use crate::*;

fn catalogue() -> Catalogue {
    Catalogue::bundled().expect("bundled catalogue")
}

pub(crate) fn laptops() -> ContractInput {
    ContractInput {
        entity: "dep-omgeving".into(),
        reference: "2025/ICT/001".into(),
        title: "Laptops".into(),
        procedure: "open".into(),
        threshold: Some("above".into()),
        award_date: Some("2025-03-01".into()),
        notice: Some("123456-2025".into()),
        framework_ceiling: Some("500000".into()),
        lots: vec![LotInput {
            reference: "1".into(),
            cpv: "30213100-6".into(),
            estimated_value: Some("400000".into()),
            awarded_value: Some("380.000,00".into()),
            criteria: vec![
                "ict-ts-energy".into(),
                "ict-ts-warranty-updates".into(),
                "ict-ac-lcc@award".into(),
            ],
            labels: vec!["tco-certified".into()],
            social_clause: Some("ja".into()),
            supply_chain: Some("electronics_watch".into()),
            circular: vec!["take-back".into()],
            lcc_used: Some("yes".into()),
            winner_name: Some("Laptop NV".into()),
            winner_kbo: Some("0203.201.340".into()),
            winner_sme: Some("no".into()),
            e_submission: Some("yes".into()),
            ..Default::default()
        }],
        call_offs: vec![CallOffInput {
            reference: "B1".into(),
            date: "2025-04-01".into(),
            value: "125000".into(),
        }],
        invoices: vec![InvoiceInput {
            reference: "F1".into(),
            amount: "125000".into(),
            received: "2025-05-01".into(),
            paid: Some("2025-06-10".into()),
        }],
    }
}

#[test]
fn a_full_contract_parses() {
    let c = Contract::parse(&laptops(), &catalogue()).unwrap();
    let lot = &c.lots[0];
    assert_eq!(
        lot.product_group.as_deref(),
        Some("ict-end-user"),
        "found from the CPV"
    );
    assert_eq!(lot.awarded_value.unwrap().cents(), 38_000_000);
    assert_eq!(lot.criteria.len(), 3);
    assert_eq!(lot.criteria[0].stage, Stage::TechnicalSpecification);
    assert!(lot.criteria[0].essential);
    assert_eq!(lot.criteria[2].level, 2);
    assert_eq!(lot.winner.as_ref().unwrap().sme, Some(false));
    assert_eq!(c.framework_uptake(), Some(0.25));
    assert_eq!(c.invoices[0].payment_days(), Some(40));
    assert_eq!(c.year(), Some(2025));
    // ict-cpc-end-of-life is the one essential criterion not applied.
    assert_eq!(
        lot.missing_essentials(&catalogue()),
        Some(vec!["ict-cpc-end-of-life"])
    );
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<Contract>(&json).unwrap(), c);
}

type Change = Box<dyn Fn(&mut ContractInput)>;

#[test]
fn every_refusal_names_its_field() {
    let cat = catalogue();
    let cases: Vec<(&str, Change)> = vec![
        ("entity", Box::new(|c| c.entity = "Dep Omgeving!".into())),
        ("reference", Box::new(|c| c.reference = " ".into())),
        ("procedure", Box::new(|c| c.procedure = "lottery".into())),
        ("notice", Box::new(|c| c.notice = Some("S123".into()))),
        ("lots", Box::new(|c| c.lots.clear())),
        ("lots[0].cpv", Box::new(|c| c.lots[0].cpv = "3021".into())),
        (
            "lots[0].product_group",
            Box::new(|c| c.lots[0].product_group = Some("rockets".into())),
        ),
        (
            "lots[0].criteria",
            Box::new(|c| c.lots[0].criteria.push("veh-ts-co2".into())),
        ),
        (
            "lots[0].criteria",
            Box::new(|c| c.lots[0].criteria.push("ict-ac-lcc@later".into())),
        ),
        (
            "lots[0].labels",
            Box::new(|c| c.lots[0].labels.push("gold-star".into())),
        ),
        (
            "lots[0].awarded_value",
            Box::new(|c| c.lots[0].awarded_value = Some("-1".into())),
        ),
        (
            "lots[0].winner_kbo",
            Box::new(|c| c.lots[0].winner_kbo = Some("0203201341".into())),
        ),
        (
            "lots[0].social_clause",
            Box::new(|c| c.lots[0].social_clause = Some("perhaps".into())),
        ),
        (
            "invoices[0].paid",
            Box::new(|c| c.invoices[0].paid = Some("2025-04-01".into())),
        ),
        (
            "call_offs[0].value",
            Box::new(|c| c.call_offs[0].value = "x".into()),
        ),
        ("call_offs", Box::new(|c| c.framework_ceiling = None)),
        (
            "lots[1].reference",
            Box::new(|c| c.lots.push(c.lots[0].clone())),
        ),
    ];
    for (field, change) in cases {
        let mut input = laptops();
        change(&mut input);
        let e = Contract::parse(&input, &cat).unwrap_err();
        assert_eq!(e.field, field, "{e}");
        assert!(!e.reason.is_empty());
    }
}

#[test]
fn a_lot_outside_any_group_takes_no_criteria() {
    let cat = catalogue();
    let mut input = laptops();
    input.lots[0].cpv = "79110000-8".into(); // legal advisory services
    input.lots[0].criteria = vec![];
    let c = Contract::parse(&input, &cat).unwrap();
    assert_eq!(c.lots[0].product_group, None);
    assert_eq!(c.lots[0].missing_essentials(&cat), None);
    input.lots[0].criteria = vec!["ict-ts-energy".into()];
    let e = Contract::parse(&input, &cat).unwrap_err();
    assert!(e.reason.contains("not to the lot's group (none)"), "{e}");
}

#[test]
fn parse_all_gives_every_refusal_in_the_order_parse_meets_them() {
    let cat = catalogue();
    let mut input = laptops();
    input.title = String::new();
    input.award_date = Some("31/02/2025".into());
    input.lots[0].cpv = "123".into();
    input.call_offs = vec![crate::CallOffInput {
        reference: "A".into(),
        date: "2025-01-01".into(),
        value: "10".into(),
    }];
    input.framework_ceiling = None;
    let errors = Contract::parse_all(&input, &cat).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["lots[0].cpv", "call_offs", "title", "award_date"]);
    assert_eq!(Contract::parse(&input, &cat).unwrap_err(), errors[0]);
    assert_eq!(
        Contract::parse_all(&laptops(), &cat).unwrap(),
        Contract::parse(&laptops(), &cat).unwrap()
    );
}
