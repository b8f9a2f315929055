//! A register contract: one procurement of one entity, with its lots, framework call-offs
//! and invoices.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use spp_catalogue::Catalogue;

use crate::entity::EntityCode;
use crate::error::{opt, text, FieldError, FieldResult};
use crate::facts::{date, NoticeLink, Procedure, Threshold};
use crate::lot::{Lot, LotInput};
use crate::money::Eur;

/// The legal payment term in Belgian public procurement (Royal Decree of 14 January 2013,
/// art. 127 and 160): 30 days from the end of the verification.
pub const LEGAL_PAYMENT_DAYS: i64 = 30;

/// A call-off (order) under a framework agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallOff {
    pub reference: String,
    pub date: NaiveDate,
    pub value: Eur,
}

/// An invoice of the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub reference: String,
    pub amount: Eur,
    pub received: NaiveDate,
    /// `None`: not paid yet.
    pub paid: Option<NaiveDate>,
}

impl Invoice {
    /// Days from receipt to payment (`None` while unpaid).
    pub fn payment_days(&self) -> Option<i64> {
        self.paid.map(|p| (p - self.received).num_days())
    }
}

/// A contract as entered: valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub entity: EntityCode,
    /// The entity's own reference (its file number); unique per entity.
    pub reference: String,
    pub title: String,
    pub procedure: Procedure,
    pub threshold: Option<Threshold>,
    pub award_date: Option<NaiveDate>,
    pub notice: Option<NoticeLink>,
    /// A framework agreement's maximum value; its call-offs count against it.
    pub framework_ceiling: Option<Eur>,
    pub lots: Vec<Lot>,
    pub call_offs: Vec<CallOff>,
    pub invoices: Vec<Invoice>,
}

/// A call-off as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallOffInput {
    pub reference: String,
    pub date: String,
    pub value: String,
}

/// An invoice as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceInput {
    pub reference: String,
    pub amount: String,
    pub received: String,
    pub paid: Option<String>,
}

/// A contract as typed in a form, an import row group or the JSON API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractInput {
    pub entity: String,
    pub reference: String,
    pub title: String,
    pub procedure: String,
    pub threshold: Option<String>,
    pub award_date: Option<String>,
    pub notice: Option<String>,
    pub framework_ceiling: Option<String>,
    pub lots: Vec<LotInput>,
    pub call_offs: Vec<CallOffInput>,
    pub invoices: Vec<InvoiceInput>,
}

impl Contract {
    /// Parses every field; the first refused one is the error, named by its path
    /// (`lots[1].cpv`, `invoices[0].paid`).
    pub fn parse(input: &ContractInput, catalogue: &Catalogue) -> FieldResult<Contract> {
        Contract::parse_all(input, catalogue).map_err(|mut errors| errors.remove(0))
    }

    /// Parses every field and gives all the refusals (in the order [`Contract::parse`] would
    /// meet them: each lot's first, then the contract's fields), so a form can mark every
    /// refused field at once. Never an empty `Err`.
    pub fn parse_all(
        input: &ContractInput,
        catalogue: &Catalogue,
    ) -> Result<Contract, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut lots = Vec::with_capacity(input.lots.len());
        for (i, l) in input.lots.iter().enumerate() {
            let parsed = Lot::parse(l, catalogue).map_err(|e| e.under(&format!("lots[{i}]")));
            lots.extend(keep(&mut errors, parsed));
        }
        if input.lots.is_empty() {
            errors.push(FieldError::new(
                "lots",
                "",
                "a contract has at least one lot",
            ));
        }
        if errors.is_empty() {
            for (i, l) in lots.iter().enumerate() {
                if lots[..i].iter().any(|o| o.reference == l.reference) {
                    errors.push(FieldError::new(
                        format!("lots[{i}].reference"),
                        &l.reference,
                        "two lots with the same reference",
                    ));
                }
            }
        }
        let framework_ceiling = opt(&input.framework_ceiling, |v| {
            Eur::parse("framework_ceiling", v)
        });
        let call_offs = keep(&mut errors, call_offs(&input.call_offs));
        if let (Ok(None), Some(c)) = (&framework_ceiling, &call_offs) {
            if !c.is_empty() {
                errors.push(FieldError::new(
                    "call_offs",
                    format!("{} call-offs", c.len()),
                    "call-offs need a framework agreement (framework_ceiling)",
                ));
            }
        }
        let framework_ceiling = keep(&mut errors, framework_ceiling);
        let entity = keep(&mut errors, EntityCode::parse("entity", &input.entity));
        let reference = keep(&mut errors, text("reference", &input.reference, 100));
        let title = keep(&mut errors, text("title", &input.title, 500));
        let procedure = keep(&mut errors, Procedure::parse("procedure", &input.procedure));
        let threshold = keep(
            &mut errors,
            opt(&input.threshold, |v| Threshold::parse("threshold", v)),
        );
        let award_date = keep(&mut errors, date("award_date", input.award_date.as_deref()));
        let notice = keep(
            &mut errors,
            opt(&input.notice, |v| NoticeLink::parse("notice", v)),
        );
        let invoices = keep(&mut errors, invoices(&input.invoices));
        // Every value is there exactly when no refusal was added.
        let contract = (|| {
            Some(Contract {
                entity: entity?,
                reference: reference?,
                title: title?,
                procedure: procedure?,
                threshold: threshold?,
                award_date: award_date?,
                notice: notice?,
                framework_ceiling: framework_ceiling?,
                lots,
                call_offs: call_offs?,
                invoices: invoices?,
            })
        })();
        match contract {
            Some(c) if errors.is_empty() => Ok(c),
            _ => Err(errors),
        }
    }

    /// Σ awarded value of the lots, when every lot's is known.
    pub fn awarded_value(&self) -> Option<Eur> {
        let cents: Option<i64> = self
            .lots
            .iter()
            .map(|l| l.awarded_value.map(|v| v.cents()))
            .sum();
        cents.and_then(|c| Eur::from_cents("awarded_value", c).ok())
    }

    /// Uptake of a framework: Σ call-offs / ceiling (`None` without a ceiling or a zero one).
    pub fn framework_uptake(&self) -> Option<f64> {
        let ceiling = self.framework_ceiling?.cents();
        let called: i64 = self.call_offs.iter().map(|c| c.value.cents()).sum();
        (ceiling > 0).then(|| called as f64 / ceiling as f64)
    }

    /// The year the contract is counted in: its award year.
    pub fn year(&self) -> Option<i32> {
        use chrono::Datelike;
        self.award_date.map(|d| d.year())
    }
}

/// The value of `r`, or `None` with its refusal added to `errors`.
fn keep<T>(errors: &mut Vec<FieldError>, r: FieldResult<T>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

fn call_offs(raw: &[CallOffInput]) -> FieldResult<Vec<CallOff>> {
    raw.iter()
        .enumerate()
        .map(|(i, c)| {
            let at = format!("call_offs[{i}]");
            Ok(CallOff {
                reference: text("reference", &c.reference, 100).map_err(|e| e.under(&at))?,
                date: date("date", Some(&c.date))
                    .and_then(|d| d.ok_or_else(|| FieldError::new("date", "", "is required")))
                    .map_err(|e| e.under(&at))?,
                value: Eur::parse("value", &c.value).map_err(|e| e.under(&at))?,
            })
        })
        .collect()
}

fn invoices(raw: &[InvoiceInput]) -> FieldResult<Vec<Invoice>> {
    raw.iter()
        .enumerate()
        .map(|(i, v)| {
            let at = format!("invoices[{i}]");
            let received = date("received", Some(&v.received))
                .and_then(|d| d.ok_or_else(|| FieldError::new("received", "", "is required")))
                .map_err(|e| e.under(&at))?;
            let paid = date("paid", v.paid.as_deref()).map_err(|e| e.under(&at))?;
            if paid.is_some_and(|p| p < received) {
                return Err(FieldError::new(
                    format!("{at}.paid"),
                    v.paid.clone().unwrap_or_default(),
                    "paid before it was received",
                ));
            }
            Ok(Invoice {
                reference: text("reference", &v.reference, 100).map_err(|e| e.under(&at))?,
                amount: Eur::parse("amount", &v.amount).map_err(|e| e.under(&at))?,
                received,
                paid,
            })
        })
        .collect()
}
