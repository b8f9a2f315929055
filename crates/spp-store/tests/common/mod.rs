//! Fixtures and backends for the store test-suite.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use spp_domain::codelist::*;
use spp_domain::{
    Change, CodeList, Cpv, FlagKind, LotFlag, LotRecord, Money, Notice, Procedure, RecordSource,
    Winner,
};
use spp_store::test_support::TestDatabase;
use spp_store::Store;

/// A fresh store on a [`TestDatabase`] (a SQLite file in a temp dir, or a new schema on
/// `$SPP_TEST_POSTGRES_URL`), which it keeps alive.
pub struct TestDb {
    pub store: Store,
    /// The URL the store was opened with (for a second, raw connection).
    pub url: String,
    pub db: TestDatabase,
}

impl TestDb {
    async fn open(db: TestDatabase) -> TestDb {
        let store = Store::connect(&db.url)
            .await
            .unwrap_or_else(|e| panic!("open {}: {e}", db.url));
        TestDb {
            store,
            url: db.url.clone(),
            db,
        }
    }

    /// Closes the store and removes the file or schema.
    pub async fn cleanup(self) {
        self.store.close().await;
        self.db.remove().await;
    }
}

pub async fn sqlite() -> TestDb {
    TestDb::open(TestDatabase::sqlite()).await
}

/// `None` (and a message) when `$SPP_TEST_POSTGRES_URL` is unset.
pub async fn postgres(test: &str) -> Option<TestDb> {
    Some(TestDb::open(TestDatabase::postgres(test)?).await)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Runs one SQL statement on a second connection to the test database, behind the store's back.
pub async fn raw_execute(db: &TestDb, sql: &str) {
    if db.url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&db.url)
            .await
            .expect("raw sqlite");
        sqlx::query(sql).execute(&pool).await.expect("raw sql");
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(&db.url).await.expect("raw postgres");
        sqlx::query(sql).execute(&pool).await.expect("raw sql");
        pool.close().await;
    }
}

/// A notice with `lots` lots (only the fields the store reads need to be right).
pub fn notice(id: &str, version: &str, lots: usize) -> Notice {
    Notice {
        format: spp_domain::SourceFormat::Eforms,
        id: id.to_string(),
        version: version.to_string(),
        customization_id: Some("eforms-sdk-1.10".into()),
        procedure_id: Some(format!("proc-{id}")),
        notice_type: Some("can-standard".into()),
        form_type: Some(FormType::parse("result")),
        subtype: Some("29".into()),
        legal_basis: Some("32014L0024".into()),
        issue_date: Some(date(2024, 3, 5)),
        issue_time: Some("12:00:00+01:00".into()),
        language: Some("ENG".into()),
        publication: None,
        change: None,
        procedure: Procedure::default(),
        buyers: vec![],
        organisations: vec![],
        lots: (0..lots)
            .map(|i| spp_domain::Lot {
                id: format!("LOT-{:04}", i + 1),
                ..Default::default()
            })
            .collect(),
        result: None,
        warnings: vec![],
    }
}

/// A change notice `id` replacing `changed` (`<uuid>-<version>`).
pub fn change_notice(id: &str, changed: &str, lots: usize) -> Notice {
    let mut n = notice(id, "01", lots);
    n.form_type = Some(FormType::parse("change"));
    n.change = Some(Change {
        changed_notice: Some(changed.to_string()),
        reasons: vec![],
        corrected_notice: None,
    });
    n
}

/// Lot records of `n`, with every kind of field filled in record 0.
pub fn records(n: &Notice, country: &str, award: Option<NaiveDate>) -> Vec<LotRecord> {
    n.lots
        .iter()
        .enumerate()
        .map(|(i, lot)| {
            let full = i == 0;
            LotRecord {
                source: RecordSource::Notice,
                format: Some(spp_domain::SourceFormat::Eforms),
                notice_id: n.id.clone(),
                notice_version: n.version_number(),
                procedure_id: n.procedure_id.clone(),
                lot_id: lot.id.clone(),
                form_type: n.form_type.clone(),
                subtype: n.subtype.clone(),
                issue_date: n.issue_date,
                award_date: award,
                year: award.or(n.issue_date).map(|d| chrono::Datelike::year(&d)),
                buyer_name: Some("Ville de Namur".into()),
                buyer_id: Some("BE0207.341.367".into()),
                buyer_country: Some(country.to_string()),
                buyer_nuts: Some("BE352".into()),
                buyer_legal_type: Some(BuyerLegalType::parse("la")),
                buyer_count: 1,
                procedure_type: Some(ProcedureType::parse("open")),
                lots_in_notice: u32::try_from(n.lots.len()).unwrap_or(0),
                nature: Some(ContractNature::parse("supplies")),
                main_cpv: Some(Cpv::parse("30213100-6").expect("cpv")),
                product_group: full.then(|| "computers".to_string()),
                strategic: if full {
                    vec![StrategicProcurement::parse("env-imp")]
                } else {
                    vec![]
                },
                environmental: if full {
                    vec![EnvironmentalImpact::parse("circ-econ")]
                } else {
                    vec![]
                },
                social: vec![],
                innovative: vec![],
                gpp_criteria: if full {
                    vec![GppCriteria::parse("eu")]
                } else {
                    vec![]
                },
                reserved: vec![],
                esubmission: Some(ESubmission::parse("required")),
                award_criterion_types: vec![
                    AwardCriterionType::parse("price"),
                    AwardCriterionType::parse("quality"),
                ],
                framework: None,
                cvd_applies: full.then_some(false),
                vehicles_total: full.then_some(12),
                vehicles_clean: full.then_some(5),
                vehicles_zero_emission: full.then_some(2),
                estimated_value: Some(Money::Amount {
                    value: Decimal::new(12_345_050, 2),
                    currency: Some("EUR".into()),
                }),
                awarded: full,
                awarded_value: if full {
                    Some(Money::Amount {
                        value: Decimal::new(99_990, 1),
                        currency: Some("EUR".into()),
                    })
                } else {
                    Some(Money::Withheld)
                },
                awarded_value_partial: !full,
                framework_ceiling: None,
                tenders_received: Some(4),
                sme_tenders_received: full.then_some(2),
                esubmitted_tenders_received: None,
                winners: if full {
                    vec![Winner {
                        organisation_id: "ORG-0003".into(),
                        name: Some("Green IT SA".into()),
                        company_id: Some("BE0123456789".into()),
                        country: Some("BEL".into()),
                        size: Some(CompanySize::parse("sme")),
                        leader: Some(true),
                        tender_value: Some(Decimal::new(99_990, 1)),
                    }]
                } else {
                    vec![]
                },
                flags: if full {
                    vec![LotFlag {
                        kind: FlagKind::Green,
                        field: "BT-805".into(),
                        evidence: "eu".into(),
                    }]
                } else {
                    vec![]
                },
            }
        })
        .collect()
}
