use super::*;
use crate::error::ErrorKind;
use spp_domain::{Cpv, RecordSource};

fn catalogue() -> Catalogue {
    Catalogue::bundled().unwrap()
}

fn parse(pairs: &[(&str, &str)]) -> AppResult<Filter> {
    Filter::parse(pairs.iter().copied(), &catalogue())
}

fn record(country: &str, nuts: &str, group: Option<&str>, cpv: &str) -> LotRecord {
    let mut r = LotRecord::unreported(RecordSource::Notice, "N1", 1, "LOT-0001");
    r.buyer_country = Some(country.into());
    r.buyer_nuts = Some(nuts.into());
    r.buyer_name = Some("Stad Gent".into());
    r.product_group = group.map(str::to_string);
    r.main_cpv = Some(Cpv::parse(cpv).unwrap());
    r.procedure_type = Some(ProcedureType::Open);
    r.issue_date = NaiveDate::from_ymd_opt(2023, 5, 2);
    r.award_date = NaiveDate::from_ymd_opt(2024, 1, 15);
    r
}

#[test]
fn blank_values_mean_any_and_years_become_whole_days() {
    let f = parse(&[("country", ""), ("year_from", "2024"), ("year_to", "2024")]).unwrap();
    assert_eq!(f.from, NaiveDate::from_ymd_opt(2024, 1, 1));
    assert_eq!(f.to, NaiveDate::from_ymd_opt(2024, 12, 31));
    assert_eq!(f.country, None);
    assert_eq!(
        f.pairs(),
        vec![
            ("year_from", "2024".to_string()),
            ("year_to", "2024".to_string())
        ]
    );
}

#[test]
fn unknown_names_and_values_are_bad_input_that_say_what_is_accepted() {
    for (pairs, needle) in [
        (vec![("colour", "green")], "unknown filter"),
        (vec![("country", "Belgium")], "alpha-3"),
        (vec![("nuts", "B")], "NUTS"),
        (vec![("product_group", "spaceships")], "ict-end-user"),
        (vec![("procedure_type", "lottery")], "open"),
        (vec![("cpv_division", "3")], "two digits"),
        (vec![("from", "2024-13-01")], "YYYY-MM-DD"),
        (vec![("year_from", "24")], "between 1990"),
        (
            vec![("from", "2024-02-01"), ("to", "2024-01-01")],
            "ends before",
        ),
    ] {
        let err = parse(&pairs).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BadInput, "{pairs:?}");
        assert!(err.to_string().contains(needle), "{pairs:?}: {err}");
    }
}

#[test]
fn each_filter_selects_what_it_names() {
    let gent = record("BEL", "BE234", Some("ict-end-user"), "30213100");
    let cases: [(&[(&str, &str)], bool); 12] = [
        (&[], true),
        (&[("country", "bel")], true),
        (&[("country", "NLD")], false),
        (&[("nuts", "BE2")], true),
        (&[("nuts", "BE23")], true),
        (&[("nuts", "BE1")], false),
        (&[("buyer", "Stad Gent")], true),
        (&[("product_group", "vehicles")], false),
        (&[("procedure_type", "open")], true),
        (&[("cpv_division", "30")], true),
        // The stage date is the award date (2024), not the dispatch date (2023).
        (&[("year_from", "2024")], true),
        (&[("year_to", "2023")], false),
    ];
    for (pairs, expected) in cases {
        assert_eq!(parse(pairs).unwrap().matches(&gent), expected, "{pairs:?}");
    }
    let mut undated = gent.clone();
    undated.award_date = None;
    undated.issue_date = None;
    assert!(!parse(&[("year_from", "2000")]).unwrap().matches(&undated));
}

#[test]
fn only_date_filters_keep_notices_without_lots() {
    assert!(parse(&[]).unwrap().keeps_lotless_notices());
    assert!(parse(&[("year_from", "2020")])
        .unwrap()
        .keeps_lotless_notices());
    assert!(!parse(&[("nuts", "BE1")]).unwrap().keeps_lotless_notices());
}
