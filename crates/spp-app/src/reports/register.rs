//! What the policy reports need from a contract register, as a trait a register fills in
//! later. [`NoRegister`] is the register-less answer: every fact is absent, and the reports
//! say "no register data" instead of a figure.

use rust_decimal::Decimal;

/// The register's facts for a period (years inclusive).
pub trait RegisterFacts: Sync {
    /// Art. 85(2) of Directive 2014/24/EU: the estimated total value of procurement below the
    /// EU thresholds, in EUR.
    fn below_threshold_value(&self, first_year: i32, last_year: i32) -> Option<Decimal>;
    /// Share of contracts called off existing framework agreements.
    fn framework_uptake(&self, year: i32) -> Option<f64>;
    /// Share of invoices paid within the legal term.
    fn payments_on_time(&self, year: i32) -> Option<f64>;
    /// Entities (buyers) and policy domains the register knows, for the per-entity tables.
    fn entities(&self) -> Vec<String>;
}

/// No register: nothing is known.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRegister;

impl RegisterFacts for NoRegister {
    fn below_threshold_value(&self, _: i32, _: i32) -> Option<Decimal> {
        None
    }
    fn framework_uptake(&self, _: i32) -> Option<f64> {
        None
    }
    fn payments_on_time(&self, _: i32) -> Option<f64> {
        None
    }
    fn entities(&self) -> Vec<String> {
        Vec::new()
    }
}
