//! The register facts of the policy reports on a hand-counted register (no notices), and the
//! scope by entity and by level, on SQLite and PostgreSQL.
//!
//! The fixture (award year 2024 unless said):
//!
//! | contract | entity (level, domain) | lots: EUR, essentials | framework | invoices received → paid |
//! |---|---|---|---|---|
//! | dep-a/R1, below | dep-a (federal, Finance) | 1000 all three; 3000 one only | 10 000, one call-off | 2024-01-10 → 01-25 (15 d); 2024-06-01 → 08-01 (61 d); 2023-12-01 → 12-05 |
//! | dep-b/R2, above | dep-b (federal, Mobility) | 5000 all three | 8 000, no call-off | 2024-09-01 → 09-20 (19 d) |
//! | vl-c/R3, below | vl-c (flemish, Omgeving) | 2000 all three | — | — |
//! | dep-a/R4, below, 2023 | dep-a | 700 all three | — | — |

use rust_decimal::Decimal;
use spp_register::{
    CallOffInput, ContractInput, EntityCode, EntityInput, GovernmentLevel, InvoiceInput, LotInput,
};

use super::register::{PlaceRow, RegisterFacts, RegisterScope};
use crate::auth::Actor;
use crate::test_db::TestApp;
use crate::{App, CataloguePolicy, Filter};

const ESSENTIALS: [&str; 3] = [
    "ict-ts-energy",
    "ict-ts-warranty-updates",
    "ict-cpc-end-of-life",
];

fn lot(value: &str, all_essentials: bool) -> LotInput {
    let n = if all_essentials { 3 } else { 1 };
    LotInput {
        reference: format!("L-{value}"),
        cpv: "30213100".into(),
        awarded_value: Some(value.into()),
        criteria: ESSENTIALS[..n].iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    }
}

fn invoice(reference: &str, received: &str, paid: &str) -> InvoiceInput {
    InvoiceInput {
        reference: reference.into(),
        amount: "100".into(),
        received: received.into(),
        paid: Some(paid.into()),
    }
}

fn contract(
    entity: &str,
    reference: &str,
    award: &str,
    threshold: &str,
    lots: Vec<LotInput>,
) -> ContractInput {
    ContractInput {
        entity: entity.into(),
        reference: reference.into(),
        title: "Laptops".into(),
        procedure: "open".into(),
        threshold: Some(threshold.into()),
        award_date: Some(award.into()),
        lots,
        ..Default::default()
    }
}

async fn fixture(app: &App) {
    let cli = Actor::cli();
    for (code, level, domain) in [
        ("dep-a", "federal", "Finance"),
        ("dep-b", "federal", "Mobility"),
        ("vl-c", "flemish", "Omgeving"),
    ] {
        let e = EntityInput {
            code: code.into(),
            name: format!("Entity {code}"),
            level: level.into(),
            policy_domain: domain.into(),
            kbo: None,
        };
        app.save_entity(&cli, &e).await.unwrap();
    }
    let r1 = ContractInput {
        framework_ceiling: Some("10000".into()),
        call_offs: vec![CallOffInput {
            reference: "C1".into(),
            date: "2024-05-01".into(),
            value: "2500".into(),
        }],
        invoices: vec![
            invoice("F1", "2024-01-10", "2024-01-25"),
            invoice("F2", "2024-06-01", "2024-08-01"),
            invoice("F3", "2023-12-01", "2023-12-05"),
        ],
        ..contract(
            "dep-a",
            "R1",
            "2024-03-01",
            "below",
            vec![lot("1000", true), lot("3000", false)],
        )
    };
    let r2 = ContractInput {
        framework_ceiling: Some("8000".into()),
        invoices: vec![invoice("F4", "2024-09-01", "2024-09-20")],
        ..contract(
            "dep-b",
            "R2",
            "2024-07-01",
            "above",
            vec![lot("5000", true)],
        )
    };
    let r3 = contract("vl-c", "R3", "2024-02-01", "below", vec![lot("2000", true)]);
    let r4 = contract("dep-a", "R4", "2023-05-01", "below", vec![lot("700", true)]);
    for c in [r1, r2, r3, r4] {
        app.save_contract(&cli, &c).await.unwrap();
    }
}

fn place<'a>(rows: &'a [PlaceRow], grouping: &str, key: &str) -> &'a PlaceRow {
    rows.iter()
        .find(|r| r.grouping == grouping && r.key == key)
        .unwrap_or_else(|| panic!("no row {grouping} {key}"))
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

async fn facts_of_the_register(app: &App) {
    fixture(app).await;
    let (cli, policy) = (
        Actor::cli(),
        CataloguePolicy::bundled("flanders-essential").unwrap(),
    );
    let year = |y| RegisterScope {
        year: Some(y),
        ..RegisterScope::default()
    };

    let all = app
        .register_facts(&cli, &year(2024), &policy)
        .await
        .unwrap();
    assert_eq!(
        all.framework_uptake(2024),
        Some(0.5),
        "R1 called off, R2 not"
    );
    assert!(
        close(all.payments_on_time(2024), 2.0 / 3.0),
        "F1 and F4 of F1, F2, F4"
    );
    assert_eq!(all.framework_uptake(2023), None, "read for 2024 only");
    assert_eq!(
        all.below_threshold_value(2024, 2024),
        Some(Decimal::from(6000)),
        "R1 4000 + R3 2000"
    );
    assert_eq!(
        all.below_threshold_value(2023, 2024),
        Some(Decimal::from(6700))
    );
    assert_eq!(all.below_threshold_value(2020, 2022), None);
    let period = super::eu::Period {
        first: 2023,
        last: 2024,
    };
    let eu = app
        .eu_monitoring(period, Filter::default(), &policy, &all)
        .await
        .unwrap();
    assert_eq!(
        eu.below_threshold_eur,
        Some(Decimal::from(6700)),
        "art. 85(2)"
    );
    let rows = all.by_place();
    let federal = place(&rows, "level", "federal");
    assert_eq!(federal.lots, 3);
    assert!(close(federal.spp1_count, 2.0 / 3.0));
    assert!(close(federal.spp1_value, 6000.0 / 9000.0));
    let flemish = place(&rows, "level", "flemish");
    assert_eq!((flemish.lots, flemish.spp1_count), (1, Some(1.0)));
    assert!(close(
        place(&rows, "policy_domain", "Finance").spp1_count,
        0.5
    ));
    assert_eq!(place(&rows, "entity", "dep-b").spp1_count, Some(1.0));
    assert_eq!(
        rows.len(),
        2 + 3 + 3,
        "two levels, three domains, three entities"
    );

    let federal_only = RegisterScope {
        level: Some(GovernmentLevel::Federal),
        ..year(2024)
    };
    let fed = app
        .register_facts(&cli, &federal_only, &policy)
        .await
        .unwrap();
    assert_eq!(fed.framework_uptake(2024), Some(0.5));
    assert!(close(fed.payments_on_time(2024), 2.0 / 3.0));
    assert_eq!(
        fed.below_threshold_value(2024, 2024),
        Some(Decimal::from(4000))
    );
    assert!(fed
        .by_place()
        .iter()
        .all(|r| r.key != "flemish" && r.key != "vl-c"));
    assert_eq!(fed.entities(), ["Entity dep-a", "Entity dep-b"]);

    let b_only = RegisterScope {
        entity: Some(EntityCode::parse("entity", "dep-b").unwrap()),
        ..year(2024)
    };
    let b = app.register_facts(&cli, &b_only, &policy).await.unwrap();
    assert_eq!(
        (b.framework_uptake(2024), b.payments_on_time(2024)),
        (Some(0.0), Some(1.0))
    );
    assert_eq!(
        b.below_threshold_value(2023, 2024),
        None,
        "R2 is above the thresholds"
    );

    // The annual report takes them: no notices, so its notice figures are empty.
    let annual = app
        .annual(2024, &Filter::default(), &policy, &fed)
        .await
        .unwrap();
    assert_eq!((annual.framework_uptake, annual.award_lots), (Some(0.5), 0));
    assert_eq!(annual.by_place, fed.by_place());
    let nl = crate::reports::doc::render_text(&annual.doc(app, spp_catalogue::Lang::Nl));
    assert!(nl.contains("federaal") && nl.contains("50,0"), "{nl}");
}

#[tokio::test]
async fn register_facts_on_sqlite() {
    let t = TestApp::sqlite().await;
    facts_of_the_register(&t.app).await;
    t.close().await;
}

#[tokio::test]
async fn register_facts_on_postgres() {
    let Some(t) = TestApp::postgres("register_facts").await else {
        return;
    };
    facts_of_the_register(&t.app).await;
    t.close().await;
}

/// The bundled sample notices and the fixture register on SQLite, and the notice lots.
async fn sample_and_fixture() -> (TestApp, Vec<spp_domain::LotRecord>) {
    let t = TestApp::sqlite().await;
    t.app.ingest_sample().await.unwrap();
    fixture(&t.app).await;
    let records = t
        .app
        .store()
        .lot_records(&Default::default())
        .await
        .unwrap();
    (t, records)
}

#[tokio::test]
async fn notices_are_kept_when_their_buyer_is_mapped_into_the_scope() {
    let (t, records) = sample_and_fixture().await;
    let (app, cli) = (&t.app, Actor::cli());
    let named = records
        .iter()
        .find(|r| r.buyer_name.is_some())
        .expect("a named buyer");
    let other = records
        .iter()
        .find(|r| {
            r.buyer_name.is_some()
                && r.buyer_name != named.buyer_name
                && r.buyer_id != named.buyer_id
        })
        .expect("another buyer");
    app.map_buyer(&cli, "vl-c", None, named.buyer_name.as_deref())
        .await
        .unwrap();
    let policy = CataloguePolicy::bundled("flanders-essential").unwrap();
    let flemish = RegisterScope {
        level: Some(GovernmentLevel::Flemish),
        ..RegisterScope::default()
    };
    let facts = app.register_facts(&cli, &flemish, &policy).await.unwrap();
    assert!(facts.keeps_notice(named));
    assert!(!facts.keeps_notice(other));
    let all = app
        .register_facts(&cli, &RegisterScope::default(), &policy)
        .await
        .unwrap();
    assert!(all.keeps_notice(other), "no scope: every notice");
    t.close().await;
}

/// An annual report narrowed to a level counts the same notice lots as one filtered on the
/// only buyer mapped to that level.
#[tokio::test]
async fn an_annual_report_of_a_level_counts_the_notices_of_its_mapped_buyers() {
    use spp_domain::codelist::FormType;
    use spp_monitoring::GroupBy;
    let (t, records) = sample_and_fixture().await;
    let (app, cli) = (&t.app, Actor::cli());
    let result = |r: &&spp_domain::LotRecord| r.form_type == Some(FormType::Result);
    let named = records
        .iter()
        .filter(result)
        .find(|r| r.buyer_name.is_some() && r.award_date.is_some())
        .expect("an awarded lot of a named buyer");
    let year = chrono::Datelike::year(&named.award_date.unwrap());
    app.map_buyer(&cli, "vl-c", None, named.buyer_name.as_deref())
        .await
        .unwrap();
    let policy = CataloguePolicy::bundled("flanders-essential").unwrap();
    let flemish = RegisterScope {
        level: Some(GovernmentLevel::Flemish),
        year: Some(year),
        ..RegisterScope::default()
    };
    let facts = app.register_facts(&cli, &flemish, &policy).await.unwrap();
    let scoped = app
        .annual(year, &Filter::default(), &policy, &facts)
        .await
        .unwrap();
    let buyer = Filter {
        buyer: Some(GroupBy::Buyer.key(named)),
        ..Filter::default()
    };
    let filtered = app
        .annual(year, &buyer, &policy, &super::register::NoRegister)
        .await
        .unwrap();
    assert!(scoped.award_lots > 0);
    assert_eq!(scoped.award_lots, filtered.award_lots);
    let json = |r: &super::annual::AnnualReport| serde_json::to_string(&r.key).unwrap();
    assert_eq!(json(&scoped), json(&filtered), "the same key figures");
    let everything = app
        .annual(
            year,
            &Filter::default(),
            &policy,
            &super::register::NoRegister,
        )
        .await
        .unwrap();
    assert!(
        everything.award_lots > scoped.award_lots,
        "other buyers are out"
    );
    // The notice lots of the mapped buyer show under the Flemish level, in their year (R3,
    // awarded in 2024, only when that is the year).
    let notice_lots = records
        .iter()
        .filter(|r| r.awarded && r.year == Some(year) && r.buyer_name == named.buyer_name)
        .count();
    let r3 = usize::from(year == 2024);
    let rows = facts.by_place();
    assert_eq!(
        place(&rows, "level", "flemish").lots as usize,
        notice_lots + r3
    );
    t.close().await;
}
