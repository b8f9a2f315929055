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
        let lots = input
            .lots
            .iter()
            .enumerate()
            .map(|(i, l)| Lot::parse(l, catalogue).map_err(|e| e.under(&format!("lots[{i}]"))))
            .collect::<FieldResult<Vec<_>>>()?;
        if lots.is_empty() {
            return Err(FieldError::new(
                "lots",
                "",
                "a contract has at least one lot",
            ));
        }
        for (i, l) in lots.iter().enumerate() {
            if lots[..i].iter().any(|o| o.reference == l.reference) {
                return Err(FieldError::new(
                    format!("lots[{i}].reference"),
                    &l.reference,
                    "two lots with the same reference",
                ));
            }
        }
        let framework_ceiling = opt(&input.framework_ceiling, |v| {
            Eur::parse("framework_ceiling", v)
        })?;
        let call_offs = call_offs(&input.call_offs)?;
        if !call_offs.is_empty() && framework_ceiling.is_none() {
            return Err(FieldError::new(
                "call_offs",
                format!("{} call-offs", call_offs.len()),
                "call-offs need a framework agreement (framework_ceiling)",
            ));
        }
        Ok(Contract {
            entity: EntityCode::parse("entity", &input.entity)?,
            reference: text("reference", &input.reference, 100)?,
            title: text("title", &input.title, 500)?,
            procedure: Procedure::parse("procedure", &input.procedure)?,
            threshold: opt(&input.threshold, |v| Threshold::parse("threshold", v))?,
            award_date: date("award_date", input.award_date.as_deref())?,
            notice: opt(&input.notice, |v| NoticeLink::parse("notice", v))?,
            framework_ceiling,
            lots,
            call_offs,
            invoices: invoices(&input.invoices)?,
        })
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
