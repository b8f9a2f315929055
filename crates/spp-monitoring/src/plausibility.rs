//! Plausibility checks: values and counts no monitor would count as published, flagged
//! instead of summed. One place for the rules (docs/INDICATORS.md, "Plausibility"):
//!
//! - **P-1 value ceiling**: a lot's estimated (BT-27) or awarded (Σ BT-720) value above
//!   EUR 10 billion ([`VALUE_CEILING_EUR`]);
//! - **P-2 far above the estimate**: an awarded value above EUR 1 million and more than 100
//!   times the lot's own estimate ([`AWARD_OVER_ESTIMATE`]);
//! - **P-3 vehicle bound**: more than 10,000 vehicles in one lot ([`VEHICLES_BOUND`]);
//! - **P-4 repeated count**: the same vehicle count of at least 100 in two or more lots of one
//!   notice (the notice's total copied into every lot; [`REPEATED_VEHICLES_MIN`]);
//! - **P-5 value per winner**: a framework lot whose winners all carry the same value, summed
//!   over two or more winning tenders to more than EUR 1 million (the framework's value given
//!   for each contractor, not spend).
//!
//! A flagged value is left out of value shares and spend, a flagged vehicle count out of
//! CVD-1, unless the report is asked to include them; either way the report lists them.
//!
//! P-1 to P-3 need the record alone; P-4 needs the other lots of the notice, so the checks of
//! a set of records are built once ([`NoticeChecks::of`]) and consulted per record.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;
use spp_domain::codelist::FrameworkAgreement;
use spp_domain::LotRecord;

/// P-1: the largest plausible value of one lot, in EUR.
pub const VALUE_CEILING_EUR: i64 = 10_000_000_000;
/// P-2: an awarded value this many times the lot's estimate is implausible …
pub const AWARD_OVER_ESTIMATE: i64 = 100;
/// … when it is also above this many EUR (small lots with unit-price estimates are left be).
pub const AWARD_OVER_ESTIMATE_MIN_EUR: i64 = 1_000_000;
/// P-3: the most vehicles one lot plausibly buys.
pub const VEHICLES_BOUND: u64 = 10_000;
/// P-4: a vehicle count this large, repeated in another lot of the notice, is implausible.
pub const REPEATED_VEHICLES_MIN: u64 = 100;

/// A plausibility rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub enum Rule {
    #[serde(rename = "P-1")]
    ValueCeiling,
    #[serde(rename = "P-2")]
    FarAboveEstimate,
    #[serde(rename = "P-3")]
    VehicleBound,
    #[serde(rename = "P-4")]
    RepeatedVehicles,
    #[serde(rename = "P-5")]
    ValuePerWinner,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::ValueCeiling,
        Rule::FarAboveEstimate,
        Rule::VehicleBound,
        Rule::RepeatedVehicles,
        Rule::ValuePerWinner,
    ];

    pub fn id(&self) -> &'static str {
        match self {
            Rule::ValueCeiling => "P-1",
            Rule::FarAboveEstimate => "P-2",
            Rule::VehicleBound => "P-3",
            Rule::RepeatedVehicles => "P-4",
            Rule::ValuePerWinner => "P-5",
        }
    }

    pub fn description(&self) -> &'static str {
        match self {
            Rule::ValueCeiling => "value of one lot above EUR 10 billion",
            Rule::FarAboveEstimate => {
                "awarded value above EUR 1 million and over 100 times the lot's estimate"
            }
            Rule::VehicleBound => "more than 10,000 vehicles in one lot",
            Rule::RepeatedVehicles => {
                "the same count of 100 or more vehicles in several lots of the notice"
            }
            Rule::ValuePerWinner => {
                "a framework lot's one value given for each of its winning tenders and summed"
            }
        }
    }

    /// Whether the rule flags a value (else a vehicle count).
    pub fn is_value(&self) -> bool {
        matches!(
            self,
            Rule::ValueCeiling | Rule::FarAboveEstimate | Rule::ValuePerWinner
        )
    }
}

/// The field a flag is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// BT-27 (call stage).
    EstimatedValue,
    /// Σ winning BT-720 (award stage).
    AwardedValue,
    /// OPT-156 for OPT-155 `vehicles`.
    Vehicles,
}

impl Field {
    pub fn as_str(&self) -> &'static str {
        match self {
            Field::EstimatedValue => "estimated value (BT-27)",
            Field::AwardedValue => "awarded value (BT-720)",
            Field::Vehicles => "vehicles (OPT-156)",
        }
    }
}

/// One flagged value of one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub rule: Rule,
    pub field: Field,
    /// The value as counted would be: EUR for values, a count for vehicles.
    pub value: Decimal,
}

/// The checks that need the other lots of a notice (P-4), built once over a set of records:
/// the (notice, version, count) triples of large vehicle counts seen in two or more lots.
#[derive(Debug, Default, Clone)]
pub struct NoticeChecks<'a> {
    repeated: HashMap<(&'a str, u32, u64), u32>,
}

impl<'a> NoticeChecks<'a> {
    /// The checks over `records`, in any order (a notice's lots need not be consecutive).
    pub fn of<I>(records: I) -> NoticeChecks<'a>
    where
        I: IntoIterator<Item = &'a LotRecord>,
    {
        let mut repeated: HashMap<(&'a str, u32, u64), u32> = HashMap::new();
        for r in records {
            if let Some(n) = r.vehicles_total.filter(|n| *n >= REPEATED_VEHICLES_MIN) {
                *repeated
                    .entry((r.notice_id.as_str(), r.notice_version, n))
                    .or_default() += 1;
            }
        }
        repeated.retain(|_, lots| *lots > 1);
        NoticeChecks { repeated }
    }

    /// No notice context: P-4 never fires.
    pub fn none() -> NoticeChecks<'static> {
        NoticeChecks::default()
    }

    fn repeated(&self, r: &LotRecord) -> bool {
        r.vehicles_total.is_some_and(|n| {
            self.repeated
                .contains_key(&(r.notice_id.as_str(), r.notice_version, n))
        })
    }
}

/// The flags of one record. `value` is the value the indicators would count at the record's
/// stage (call: the estimate; award: the awarded value) in EUR; `estimate` the lot's own
/// estimate in EUR, wanted only for an awarded value above
/// [`AWARD_OVER_ESTIMATE_MIN_EUR`] (it is called for no other).
pub fn check(
    record: &LotRecord,
    value: Option<(Field, Decimal)>,
    estimate: impl FnOnce() -> Option<Decimal>,
    notice: &NoticeChecks,
) -> Vec<Flag> {
    let flags = match value {
        Some((field, value)) => value_rule(record, field, value, estimate)
            .map(|rule| Flag { rule, field, value })
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    vehicle_flags(record, notice, flags)
}

/// The value rule that flags `value` of `field`, the most specific first: P-5, P-1, P-2.
fn value_rule(
    record: &LotRecord,
    field: Field,
    value: Decimal,
    estimate: impl FnOnce() -> Option<Decimal>,
) -> Option<Rule> {
    let award = field == Field::AwardedValue;
    let large = value > Decimal::from(AWARD_OVER_ESTIMATE_MIN_EUR);
    if award && large && value_per_winner(record) {
        return Some(Rule::ValuePerWinner);
    }
    if value > Decimal::from(VALUE_CEILING_EUR) {
        return Some(Rule::ValueCeiling);
    }
    let far = award
        && large
        && estimate().is_some_and(|estimate| {
            estimate > Decimal::ZERO && value > estimate * Decimal::from(AWARD_OVER_ESTIMATE)
        });
    far.then_some(Rule::FarAboveEstimate)
}

/// P-5: a framework lot (BT-765 other than `none`), two or more winners that all carry the
/// same value `v`, and an awarded value that is `k × v` for some `k ≥ 2` (the Σ over `k`
/// tenders of one repeated value; a consortium's one tender gives `1 × v` and is not flagged).
fn value_per_winner(record: &LotRecord) -> bool {
    let framework = record
        .framework
        .as_ref()
        .is_some_and(|f| *f != FrameworkAgreement::None);
    let Some((total, _)) = record.awarded_value.as_ref().and_then(|m| m.known()) else {
        return false;
    };
    let mut values = record.winners.iter().map(|w| w.tender_value);
    let Some(Some(each)) = values.next() else {
        return false;
    };
    if !framework || record.winners.len() < 2 || values.any(|v| v != Some(each)) {
        return false;
    }
    each > Decimal::ZERO && total >= each * Decimal::TWO && (total % each).is_zero()
}

fn vehicle_flags(record: &LotRecord, notice: &NoticeChecks, mut flags: Vec<Flag>) -> Vec<Flag> {
    if let Some(n) = record.vehicles_total {
        let rule = if n > VEHICLES_BOUND {
            Some(Rule::VehicleBound)
        } else if notice.repeated(record) {
            Some(Rule::RepeatedVehicles)
        } else {
            None
        };
        if let Some(rule) = rule {
            flags.push(Flag {
                rule,
                field: Field::Vehicles,
                value: Decimal::from(n),
            });
        }
    }
    flags
}

/// A flagged lot as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FlaggedLot {
    pub notice_id: String,
    pub notice_version: u32,
    pub lot_id: String,
    pub rule: Rule,
    pub field: Field,
    pub value: Decimal,
    /// Whether the value was counted all the same (`--include-implausible`).
    pub included: bool,
}

impl FlaggedLot {
    pub fn new(record: &LotRecord, flag: &Flag, included: bool) -> FlaggedLot {
        FlaggedLot {
            notice_id: record.notice_id.clone(),
            notice_version: record.notice_version,
            lot_id: record.lot_id.clone(),
            rule: flag.rule,
            field: flag.field,
            value: flag.value,
            included,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use spp_domain::RecordSource;

    fn lot(notice: &str, lot: &str, vehicles: Option<u64>) -> LotRecord {
        let mut r = LotRecord::unreported(RecordSource::Notice, notice, 1, lot);
        r.vehicles_total = vehicles;
        r
    }

    fn rules(flags: &[Flag]) -> Vec<Rule> {
        flags.iter().map(|f| f.rule).collect()
    }

    fn est(v: Option<Decimal>) -> impl FnOnce() -> Option<Decimal> {
        move || v
    }

    #[test]
    fn value_ceiling_and_only_above_it() {
        let r = lot("n", "L1", None);
        let none = NoticeChecks::none();
        let at = Some((Field::EstimatedValue, dec!(10000000000)));
        assert!(check(&r, at, est(None), &none).is_empty());
        let above = Some((Field::EstimatedValue, dec!(10000000000.01)));
        let flags = check(&r, above, est(None), &none);
        assert_eq!(rules(&flags), [Rule::ValueCeiling]);
        assert_eq!(flags[0].field, Field::EstimatedValue);
        let flags = check(
            &r,
            Some((Field::AwardedValue, dec!(2e10))),
            est(None),
            &none,
        );
        assert_eq!(flags[0].field, Field::AwardedValue);
        assert_eq!(flags[0].value, dec!(2e10));
    }

    #[test]
    fn award_far_above_its_estimate() {
        let r = lot("n", "L1", None);
        let none = NoticeChecks::none();
        let award = |v| Some((Field::AwardedValue, v));
        // 100× exactly is not "more than 100 times".
        assert!(check(&r, award(dec!(2000000)), est(Some(dec!(20000))), &none).is_empty());
        let flags = check(&r, award(dec!(2000001)), est(Some(dec!(20000))), &none);
        assert_eq!(rules(&flags), [Rule::FarAboveEstimate]);
        // Small awards are left be, whatever the ratio, and the estimate is not even asked.
        let asked = std::cell::Cell::new(false);
        let small = check(
            &r,
            award(dec!(1000000)),
            || {
                asked.set(true);
                Some(dec!(1))
            },
            &none,
        );
        assert!(small.is_empty() && !asked.get());
        // No estimate, or an estimate of zero: nothing to compare with.
        assert!(check(&r, award(dec!(5e9)), est(None), &none).is_empty());
        assert!(check(&r, award(dec!(5e9)), est(Some(dec!(0))), &none).is_empty());
        // Above the ceiling it is P-1 only; an estimate is never compared with itself.
        let flags = check(&r, award(dec!(2e10)), est(Some(dec!(1))), &none);
        assert_eq!(rules(&flags), [Rule::ValueCeiling]);
        let call = Some((Field::EstimatedValue, dec!(5e9)));
        assert!(check(&r, call, est(Some(dec!(1))), &none).is_empty());
    }

    #[test]
    fn vehicle_bound_and_repeated_counts() {
        let records = [
            lot("a", "L1", Some(77_763)),
            lot("a", "L2", Some(77_763)),
            lot("b", "L1", Some(250)),
            lot("c", "L1", Some(250)),
            lot("d", "L1", Some(400)),
            lot("d", "L2", Some(400)),
            lot("d", "L3", Some(12)),
            lot("e", "L1", Some(99)),
            lot("e", "L2", Some(99)),
            lot("f", "L1", Some(10_000)),
        ];
        let checks = NoticeChecks::of(records.iter());
        let got: Vec<Vec<Rule>> = records
            .iter()
            .map(|r| rules(&check(r, None, est(None), &checks)))
            .collect();
        use Rule::*;
        assert_eq!(
            got,
            [
                vec![VehicleBound],
                vec![VehicleBound],
                // The same count in two different notices is no repetition.
                vec![],
                vec![],
                vec![RepeatedVehicles],
                vec![RepeatedVehicles],
                vec![],
                // Below 100: small identical lots are common.
                vec![],
                vec![],
                // The bound itself is plausible.
                vec![],
            ]
        );
        // Without the notice context only the bound applies.
        let alone = check(&records[4], None, est(None), &NoticeChecks::none());
        assert!(alone.is_empty());
    }

    #[test]
    fn one_framework_value_per_winner() {
        let none = NoticeChecks::none();
        let framework = |winners: &[Option<i64>], total: i64| {
            let mut r = lot("n", "L1", None);
            r.framework = Some(FrameworkAgreement::WithoutReopening);
            r.awarded_value = Some(spp_domain::Money::Amount {
                value: Decimal::from(total),
                currency: Some("GBP".into()),
            });
            r.winners = winners
                .iter()
                .enumerate()
                .map(|(i, v)| spp_domain::Winner {
                    organisation_id: format!("ORG-{i}"),
                    name: None,
                    company_id: None,
                    country: None,
                    size: None,
                    leader: None,
                    tender_value: v.map(Decimal::from),
                })
                .collect();
            r
        };
        let award = |total: i64| Some((Field::AwardedValue, Decimal::from(total)));
        let seven = [Some(1_500_000_000); 7];
        let r = framework(&seven, 10_500_000_000);
        assert_eq!(
            rules(&check(&r, award(9_000_000_000), est(None), &none)),
            [Rule::ValuePerWinner]
        );
        // A consortium: two members of one tender share its value, summed once.
        let r = framework(&[Some(3_000_000), Some(3_000_000)], 3_000_000);
        assert!(check(&r, award(3_000_000), est(None), &none).is_empty());
        // Different values, or one unknown: real separate awards.
        let r = framework(&[Some(2_000_000), Some(3_000_000)], 5_000_000);
        assert!(check(&r, award(5_000_000), est(None), &none).is_empty());
        let r = framework(&[Some(2_000_000), None], 4_000_000);
        assert!(check(&r, award(4_000_000), est(None), &none).is_empty());
        // Not a framework, or small: left be.
        let mut r = framework(&[Some(2_000_000), Some(2_000_000)], 4_000_000);
        r.framework = Some(FrameworkAgreement::None);
        assert!(check(&r, award(4_000_000), est(None), &none).is_empty());
        let r = framework(&[Some(400_000), Some(400_000)], 800_000);
        assert!(check(&r, award(800_000), est(None), &none).is_empty());
    }

    #[test]
    fn repeated_counts_are_per_version() {
        let mut v2 = lot("d", "L2", Some(400));
        v2.notice_version = 2;
        let records = [lot("d", "L1", Some(400)), v2];
        let checks = NoticeChecks::of(records.iter());
        assert!(check(&records[0], None, est(None), &checks).is_empty());
    }
}
