//! The combined report over the bundled sample notices and a register: a contract linked to
//! a published notice counts once, with the register's facts; buyers mapped to entities are
//! counted under them; the other notice lots stay under `(unmapped)`.

use spp_register::{ContractInput, EntityInput, InvoiceInput, LotInput};

use super::monitor::Sources;
use crate::auth::Actor;
use crate::test_db::TestApp;
use crate::CataloguePolicy;

fn row<'a>(
    r: &'a super::monitor::RegisterReport,
    id: &str,
    by: &str,
    group: &str,
) -> &'a spp_monitoring::combined::CombinedRow {
    r.rows
        .iter()
        .find(|x| x.id == id && x.group_by == by && x.group == group)
        .unwrap_or_else(|| panic!("no row {id} {by} {group}"))
}

#[tokio::test]
async fn linked_contracts_count_once_with_register_facts() {
    let t = TestApp::sqlite().await;
    let (app, cli) = (&t.app, Actor::cli());
    app.ingest_sample().await.unwrap();
    let records = app.store().lot_records(&Default::default()).await.unwrap();
    let awarded: Vec<_> = records.iter().filter(|r| r.awarded).collect();
    let linked = awarded
        .iter()
        .find(|r| r.procedure_id.is_some())
        .expect("an awarded eForms lot");
    let procedure = linked.procedure_id.clone().unwrap();
    let same_procedure = awarded
        .iter()
        .filter(|r| r.procedure_id.as_ref() == Some(&procedure))
        .count();
    let entity = EntityInput {
        code: "dep-a".into(),
        name: "A".into(),
        level: "federal".into(),
        policy_domain: "Finance".into(),
        kbo: None,
    };
    app.save_entity(&cli, &entity).await.unwrap();
    let contract = ContractInput {
        entity: "dep-a".into(),
        reference: "R1".into(),
        title: "Laptops".into(),
        procedure: "open".into(),
        notice: Some(procedure.clone()),
        lots: vec![LotInput {
            cpv: "30213100".into(),
            awarded_value: Some("1000".into()),
            criteria: vec![
                "ict-ts-energy".into(),
                "ict-ts-warranty-updates".into(),
                "ict-cpc-end-of-life".into(),
            ],
            e_submission: Some("yes".into()),
            ..Default::default()
        }],
        invoices: vec![
            InvoiceInput {
                reference: "F1".into(),
                amount: "600".into(),
                received: "2025-01-01".into(),
                paid: Some("2025-01-31".into()),
            },
            InvoiceInput {
                reference: "F2".into(),
                amount: "400".into(),
                received: "2025-01-01".into(),
                paid: Some("2025-02-15".into()),
            },
            InvoiceInput {
                reference: "F3".into(),
                amount: "100".into(),
                received: "2025-03-01".into(),
                paid: None,
            },
        ],
        ..Default::default()
    };
    app.save_contract(&cli, &contract).await.unwrap();
    let unlinked = ContractInput {
        reference: "R2".into(),
        notice: None,
        invoices: vec![],
        ..contract.clone()
    };
    app.save_contract(&cli, &unlinked).await.unwrap();
    let policy = CataloguePolicy::bundled("flanders-essential").unwrap();

    let both = app
        .register_report(&cli, Sources::Both, &policy)
        .await
        .unwrap();
    assert_eq!((both.register_lots, both.linked_lots), (1, 1));
    assert_eq!(
        both.notice_lots as usize,
        awarded.len() - same_procedure,
        "the linked notice's lots are not counted again"
    );
    let notices = app
        .register_report(&cli, Sources::Notices, &policy)
        .await
        .unwrap();
    assert_eq!(notices.notice_lots as usize, awarded.len());
    assert_eq!(
        notices.unmapped_notice_lots, notices.notice_lots,
        "no buyer mapped"
    );
    let register = app
        .register_report(&cli, Sources::Register, &policy)
        .await
        .unwrap();
    assert_eq!(
        (
            register.register_lots,
            register.linked_lots,
            register.notice_lots
        ),
        (2, 0, 0)
    );

    // SPP-1 for dep-a: both lots apply the three essential ICT criteria; 2000 EUR.
    let spp1 = row(&both, "C-SPP-1", "entity", "dep-a");
    assert_eq!(
        (spp1.reported, spp1.met, spp1.from_register, spp1.from_both),
        (2, 2, 1, 1)
    );
    assert_eq!(spp1.value_met, rust_decimal::Decimal::from(2000));
    let epr = row(&both, "C-EPR", "entity", "dep-a");
    assert_eq!(
        (epr.reported, epr.met),
        (2, 2),
        "register facts override the notice's"
    );
    // Payment: F1 in 30 days, F2 in 45; F3 unpaid is not reported.
    let pay = row(&both, "C-PAY", "entity", "dep-a");
    assert_eq!((pay.all, pay.reported, pay.met), (3, 2, 1));
    assert_eq!(pay.value_share(), Some(0.6));
    let all = row(&both, "C-GPP", "all", "all");
    assert_eq!(
        all.all,
        both.register_lots + both.linked_lots + both.notice_lots
    );
    t.close().await;
}
