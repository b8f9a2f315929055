//! The contract register's domain: entities (government level → policy domain → entity),
//! users with roles and grants, and contracts with their lots and sustainability facts.
//!
//! Every type is parsed once at the boundary from an `…Input` of plain strings (what a form,
//! an import row or the JSON API gives) and is valid by construction afterwards; a refused
//! value is a [`FieldError`] naming the field, the value and the reason. Contract facts that
//! name the catalogue (product group, criteria, labels) are checked against it.

pub mod buyer;
pub mod contract;
pub mod entity;
pub mod error;
pub mod facts;
pub mod kbo;
pub mod lot;
pub mod money;
pub mod user;

pub use contract::{
    CallOff, CallOffInput, Contract, ContractInput, Invoice, InvoiceInput, LEGAL_PAYMENT_DAYS,
};
pub use entity::{Entity, EntityCode, EntityInput, GovernmentLevel};
pub use error::{FieldError, FieldResult};
pub use facts::{CircularModel, Innovation, NoticeLink, Procedure, SupplyChain, Threshold};
pub use kbo::Kbo;
pub use lot::{AppliedCriterion, Lot, LotInput, LotWinner};
pub use money::Eur;
pub use user::{Email, Password, Role, User, UserInput};

#[cfg(test)]
mod tests;
