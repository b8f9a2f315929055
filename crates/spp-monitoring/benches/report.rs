//! Computing every indicator over 200 000 synthetic lot records (deterministic mix of
//! stages, strategic codes, values in EUR and other currencies, winners, vehicles), without
//! grouping and grouped by country.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;
use spp_domain::codelist::*;
use spp_domain::{LotRecord, Money, RecordSource, Winner};
use spp_monitoring::{compute, FxTable, GroupBy, Options};

const N: usize = 200_000;

/// A small deterministic generator (no extra dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn records() -> Vec<LotRecord> {
    let mut g = Lcg(42);
    let countries = ["BEL", "NLD", "DEU", "FRA", "POL", "ITA", "ESP", "SWE"];
    let currencies = ["EUR", "EUR", "EUR", "PLN", "SEK", "USD"];
    let strategic = [
        vec![],
        vec![StrategicProcurement::None],
        vec![StrategicProcurement::EnvImp],
        vec![StrategicProcurement::SocObj],
        vec![StrategicProcurement::InnPur],
    ];
    (0..N)
        .map(|i| {
            let notice = i / 3;
            let result = notice % 2 == 0;
            let day = NaiveDate::from_ymd_opt(
                2020 + (notice % 6) as i32,
                1 + (notice % 12) as u32,
                1 + (notice % 28) as u32,
            )
            .unwrap_or_default();
            let value = Money::Amount {
                value: Decimal::from(1_000 + g.next(5_000_000)),
                currency: Some(currencies[g.next(6) as usize].to_string()),
            };
            let size = ["micro", "small", "medium", "large", "sme"][g.next(5) as usize];
            LotRecord {
                source: RecordSource::Notice,
                format: Some(spp_domain::SourceFormat::Eforms),
                notice_id: format!("N{notice}"),
                notice_version: 1,
                procedure_id: Some(format!("P{notice}")),
                lot_id: format!("LOT-{:04}", i % 3),
                form_type: Some(if result {
                    FormType::Result
                } else {
                    FormType::Competition
                }),
                subtype: None,
                issue_date: Some(day),
                award_date: result.then_some(day),
                year: Some(2020 + (notice % 6) as i32),
                buyer_name: Some(format!("Buyer {}", notice % 500)),
                buyer_id: None,
                buyer_country: Some(countries[notice % countries.len()].to_string()),
                buyer_nuts: None,
                buyer_legal_type: None,
                buyer_count: 1,
                procedure_type: Some(ProcedureType::Open),
                lots_in_notice: 3,
                nature: None,
                main_cpv: None,
                product_group: Some(["computers", "cleaning", "food"][g.next(3) as usize].into()),
                strategic: strategic[g.next(5) as usize].clone(),
                environmental: vec![],
                social: vec![],
                innovative: vec![],
                gpp_criteria: if g.next(4) == 0 {
                    vec![GppCriteria::National]
                } else {
                    vec![]
                },
                reserved: vec![],
                esubmission: Some(ESubmission::Required),
                award_criterion_types: vec![AwardCriterionType::Price],
                framework: None,
                cvd_applies: Some(g.next(10) == 0),
                vehicles_total: Some(10),
                vehicles_clean: Some(g.next(10)),
                vehicles_zero_emission: Some(0),
                estimated_value: (!result).then(|| value.clone()),
                awarded: result,
                awarded_value: result.then_some(value),
                awarded_value_partial: false,
                framework_ceiling: None,
                tenders_received: Some(1 + g.next(6)),
                sme_tenders_received: Some(g.next(2)),
                esubmitted_tenders_received: None,
                winners: if result {
                    vec![Winner {
                        organisation_id: format!("ORG-{}", g.next(4)),
                        name: None,
                        company_id: None,
                        country: None,
                        size: Some(CompanySize::parse(size)),
                        leader: None,
                        tender_value: None,
                    }]
                } else {
                    vec![]
                },
                flags: vec![],
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let records = records();
    let fx = FxTable::bundled();
    let mut group = c.benchmark_group("report_200k");
    group.sample_size(10);
    group.bench_function("all_indicators", |b| {
        b.iter(|| {
            compute(
                black_box(&records),
                &Options {
                    group_by: None,
                    extra_groupings: vec![],
                    policy: None,
                    fx,
                    include_implausible: false,
                },
            )
        })
    });
    group.bench_function("all_indicators_by_country", |b| {
        b.iter(|| {
            compute(
                black_box(&records),
                &Options {
                    group_by: Some(GroupBy::Country),
                    extra_groupings: vec![],
                    policy: None,
                    fx,
                    include_implausible: false,
                },
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
