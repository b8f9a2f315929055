//! A lot record made ready for counting, once, before any indicator sees it: its stage, its
//! value in EUR at that stage, and the policy verdict (SPP-1). Every indicator folds the same
//! [`Prepared`] record, so conversions and policy checks run once per record.

use rust_decimal::Decimal;
use serde::Serialize;
use spp_domain::codelist::FormType;
use spp_domain::{LotRecord, Money};

use crate::fx::FxTable;
pub use crate::latest::latest_versions;
use crate::plausibility::{self, Field, Flag, NoticeChecks};

/// The stage of a notice: call-stage indicators read competition notices (dispatch year),
/// award-stage indicators read result notices (award-decision year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Call,
    Award,
}

impl Stage {
    pub const ALL: [Stage; 2] = [Stage::Call, Stage::Award];

    /// `competition` → call, `result` → award; other forms (planning, changes,
    /// modifications, …) feed the corpus facts only.
    pub fn of(form: Option<&FormType>) -> Option<Stage> {
        match form {
            Some(FormType::Competition) => Some(Stage::Call),
            Some(FormType::Result) => Some(Stage::Award),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Call => "call",
            Stage::Award => "award",
        }
    }
}

/// A value in EUR, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Eur {
    Known(Decimal),
    /// Not published, withheld (`-1`), or only partly known.
    Unknown,
    /// Published in a currency without an ECB rate for the date (or without a currency).
    Unconverted(String),
    /// Known but implausible (see [`plausibility`]), and left out of the figures.
    Implausible,
}

/// How the plausibility checks apply when records are prepared.
#[derive(Debug, Clone, Copy)]
pub struct Checks<'c, 'a> {
    /// The checks that need the other lots of a notice.
    pub notice: &'c NoticeChecks<'a>,
    /// Count flagged values all the same (`--include-implausible`); they are still listed.
    pub include: bool,
}

impl Checks<'static, 'static> {
    /// The record-level rules only, flagged values left out.
    pub fn record_only() -> Checks<'static, 'static> {
        static NONE: std::sync::OnceLock<NoticeChecks<'static>> = std::sync::OnceLock::new();
        Checks {
            notice: NONE.get_or_init(NoticeChecks::none),
            include: false,
        }
    }
}

/// What a configured policy says about one record (SPP-1). The policy itself lives in the
/// catalogue; the monitoring only needs this verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyOutcome {
    /// The record is outside the groups the policy covers.
    NotCovered,
    /// Covered; `met` when the record satisfies the policy, with the reasons (when asked).
    Covered { met: bool, reasons: Vec<String> },
}

/// A sustainability policy applied to records (e.g. "the product group's essential criteria").
pub trait PolicyCheck: Sync {
    /// The policy's name, stated in the report.
    fn name(&self) -> &str;
    /// The verdict on `record`; the reasons only when `explain` (a report over many records
    /// needs the verdicts alone, and formatting reasons was most of the policy's cost).
    fn evaluate(&self, record: &LotRecord, explain: bool) -> PolicyOutcome;
}

/// One record with what every indicator needs.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    pub record: &'a LotRecord,
    pub stage: Option<Stage>,
    /// Call stage: BT-27 estimated value; award stage: Σ winning BT-720 (never a ceiling).
    pub value: Eur,
    /// Award stage: the framework ceiling (BT-709/BT-660) in EUR, kept apart from spend.
    pub ceiling: Option<Eur>,
    /// SPP-1 verdict; `None` when no policy is configured.
    pub policy: Option<PolicyOutcome>,
    /// What the plausibility checks flagged (empty for almost every record).
    pub implausible: Vec<Flag>,
    /// Whether the vehicle counts are counted (CVD-1): false when flagged and not included.
    pub vehicles_counted: bool,
}

impl<'a> Prepared<'a> {
    /// `explain`: keep the policy's reasons (for `spp explain`). Applies the record-level
    /// plausibility rules and leaves flagged values out; [`Prepared::checked`] with the
    /// notice's [`NoticeChecks`] applies them all.
    pub fn new(
        record: &'a LotRecord,
        fx: &FxTable,
        policy: Option<&dyn PolicyCheck>,
        explain: bool,
    ) -> Self {
        Self::checked(record, fx, policy, explain, Checks::record_only())
    }

    /// [`Prepared::new`] with the plausibility checks given.
    pub fn checked(
        record: &'a LotRecord,
        fx: &FxTable,
        policy: Option<&dyn PolicyCheck>,
        explain: bool,
        checks: Checks,
    ) -> Self {
        let stage = Stage::of(record.form_type.as_ref());
        let (value, ceiling) = match stage {
            Some(Stage::Call) => (eur(record.estimated_value.as_ref(), record, fx), None),
            Some(Stage::Award) => {
                let value = if record.awarded_value_partial {
                    Eur::Unknown
                } else {
                    eur(record.awarded_value.as_ref(), record, fx)
                };
                let ceiling = record
                    .framework_ceiling
                    .as_ref()
                    .map(|m| eur(Some(m), record, fx));
                (value, ceiling)
            }
            None => (Eur::Unknown, None),
        };
        let counted = match (&value, stage) {
            (Eur::Known(v), Some(Stage::Call)) => Some((Field::EstimatedValue, *v)),
            (Eur::Known(v), Some(Stage::Award)) => Some((Field::AwardedValue, *v)),
            _ => None,
        };
        let estimate = || match eur(record.estimated_value.as_ref(), record, fx) {
            Eur::Known(v) => Some(v),
            _ => None,
        };
        let implausible = plausibility::check(record, counted, estimate, checks.notice);
        let mut value = value;
        let mut vehicles_counted = true;
        if !checks.include {
            if implausible.iter().any(|f| f.rule.is_value()) {
                value = Eur::Implausible;
            }
            vehicles_counted = implausible.iter().all(|f| f.rule.is_value());
        }
        Prepared {
            record,
            stage,
            value,
            ceiling,
            policy: policy.map(|p| p.evaluate(record, explain)),
            implausible,
            vehicles_counted,
        }
    }

    /// The EUR value when known.
    pub fn eur(&self) -> Option<Decimal> {
        match self.value {
            Eur::Known(v) => Some(v),
            _ => None,
        }
    }
}

/// Convert with the rate of the award date (else the dispatch date). Negative amounts are
/// the `-1` "withheld" marker and count as unknown.
fn eur(money: Option<&Money>, record: &LotRecord, fx: &FxTable) -> Eur {
    let Some((amount, currency)) = money.and_then(Money::known) else {
        return Eur::Unknown;
    };
    if amount < Decimal::ZERO {
        return Eur::Unknown;
    }
    let Some(currency) = currency.filter(|c| !c.trim().is_empty()) else {
        return Eur::Unconverted("(no currency)".into());
    };
    let Some(date) = record.award_date.or(record.issue_date) else {
        return if currency.eq_ignore_ascii_case("EUR") {
            Eur::Known(amount)
        } else {
            Eur::Unconverted(format!("{currency} (no date)"))
        };
    };
    match fx.to_eur(amount, currency, date) {
        Ok(v) => Eur::Known(v),
        Err(_) => Eur::Unconverted(currency.to_ascii_uppercase()),
    }
}
