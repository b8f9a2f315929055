//! Hand-counted fixture for the combined indicators.

use rust_decimal::Decimal;
use spp_domain::codelist::*;
use spp_domain::{CodeList, FlagKind, LotFlag, LotRecord, RecordSource, Winner};

use super::*;

fn item(keys: [&str; 4], source: Source, value: i64, facts: &[Option<bool>]) -> Item {
    Item {
        keys: keys.map(str::to_string),
        source,
        value: Some(Decimal::from(value)),
        met_value: None,
        facts: facts.to_vec(),
    }
}

fn row<'a>(rows: &'a [CombinedRow], id: &str, by: &str, group: &str) -> &'a CombinedRow {
    rows.iter()
        .find(|r| r.id == id && r.group_by == by && r.group == group)
        .unwrap_or_else(|| panic!("no row {id} {by} {group}"))
}

#[test]
fn hand_counted() {
    let a = ["dep-a", "Omgeving", "flemish", "ict-end-user"];
    let a_paper = ["dep-a", "Omgeving", "flemish", "paper"];
    let b = ["stad-b", "Stad", "local", "vehicles"];
    let items = [
        item(a, Source::Register, 100, &[Some(true), Some(true)]),
        item(a_paper, Source::Register, 50, &[Some(false), Some(false)]),
        item(b, Source::Notice, 200, &[None, Some(true)]),
        item(a, Source::Both, 300, &[Some(true), Some(true)]),
    ];
    let rows = compute(&["C-SPP-1", "C-GPP"], &items);
    // C-SPP-1: lots 1, 2, 4 are covered; 1 and 4 meet the rule.
    let all = row(&rows, "C-SPP-1", "all", "all");
    assert_eq!((all.all, all.reported, all.met), (4, 3, 2));
    assert_eq!(
        (all.value_reported, all.value_met),
        (Decimal::from(450), Decimal::from(400))
    );
    assert_eq!(
        (all.from_register, all.from_notices, all.from_both),
        (2, 0, 1)
    );
    assert_eq!(all.coverage(), Some(0.75));
    assert_eq!(all.share(), Some(2.0 / 3.0));
    // C-GPP: every lot reports; 1, 3 and 4 are green: 600 of 650.
    let gpp = row(&rows, "C-GPP", "all", "all");
    assert_eq!((gpp.reported, gpp.met, gpp.from_notices), (4, 3, 1));
    assert_eq!(gpp.value_share(), Some(600.0 / 650.0));
    let ent_b = row(&rows, "C-SPP-1", "entity", "stad-b");
    assert_eq!((ent_b.all, ent_b.reported, ent_b.share()), (1, 0, None));
    let ict = row(&rows, "C-SPP-1", "product_group", "ict-end-user");
    assert_eq!(
        (ict.all, ict.met, ict.value_met),
        (2, 2, Decimal::from(400))
    );
    let flemish = row(&rows, "C-GPP", "level", "flemish");
    assert_eq!((flemish.reported, flemish.met), (3, 2));
    // 2 indicators × (1 all + 2 entities + 2 domains + 2 levels + 3 groups) rows.
    assert_eq!(rows.len(), 2 * 10);
}

#[test]
fn a_framework_counts_its_call_offs() {
    let mut f = item(["e", "d", "l", "g"], Source::Register, 1000, &[Some(true)]);
    f.met_value = Some(Decimal::from(250));
    let rows = compute(&["C-FWK"], &[f]);
    assert_eq!(rows[0].value_share(), Some(0.25));
}

struct Everything;
impl PolicyCheck for Everything {
    fn name(&self) -> &str {
        "everything"
    }
    fn evaluate(&self, r: &LotRecord, _: bool) -> PolicyOutcome {
        match r.product_group.as_deref() {
            Some(_) => PolicyOutcome::Covered {
                met: flag(r, FlagKind::Green),
                reasons: vec![],
            },
            None => PolicyOutcome::NotCovered,
        }
    }
}

#[test]
fn facts_of_a_notice_lot() {
    let mut r = LotRecord::unreported(RecordSource::Notice, "n1", 1, "LOT-0001");
    assert_eq!(
        notice_facts(&r, &Everything),
        vec![None; 8],
        "nothing reported"
    );
    r.product_group = Some("paper".into());
    r.strategic = vec![StrategicProcurement::parse("env-imp")];
    r.flags.push(LotFlag {
        kind: FlagKind::Green,
        field: "BT-06".into(),
        evidence: "env-imp".into(),
    });
    r.esubmission = Some(ESubmission::parse("allowed"));
    r.winners.push(Winner {
        organisation_id: "ORG-1".into(),
        name: None,
        company_id: None,
        country: None,
        size: Some(CompanySize::parse("small")),
        leader: None,
        tender_value: None,
    });
    let f = notice_facts(&r, &Everything);
    assert_eq!(
        f,
        [
            Some(true),
            Some(true),
            Some(false),
            Some(false),
            Some(false),
            None,
            Some(true),
            Some(false)
        ]
    );
    let merged = merge_facts(&[
        f,
        vec![None, Some(false), Some(true), None, None, None, None, None],
    ]);
    assert_eq!(merged[1..3], [Some(true), Some(true)]);
    assert_eq!(merged[5], None);
}
