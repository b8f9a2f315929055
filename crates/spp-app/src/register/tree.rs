//! Where register entities and notice buyers sit in the entity tree (code, policy domain,
//! government level), and the part of it a report covers ([`RegisterScope`]).

use std::collections::HashMap;

use spp_domain::LotRecord;
use spp_register::buyer::{name_key, registration_key};
use spp_register::{EntityCode, GovernmentLevel};
use spp_store::register::{BuyerMapping, StoredEntity};

/// Where an entity sits in the tree: code, policy domain, level.
pub(crate) type Place = (String, String, String);

/// The part of the register (and of the notices mapped to it) a report counts; empty: all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterScope {
    /// Only this entity.
    pub entity: Option<EntityCode>,
    /// Only entities of this government level.
    pub level: Option<GovernmentLevel>,
    /// Only this year: lots and frameworks of contracts awarded in it (by award date),
    /// invoices received in it, notice lots of that year (`LotRecord::year`).
    pub year: Option<i32>,
}

impl RegisterScope {
    /// Whether the scope names entities (then notice lots of unmapped buyers are out).
    pub fn narrows(&self) -> bool {
        self.entity.is_some() || self.level.is_some()
    }

    /// Whether an entity at `place` is in scope (`None`: no entity known).
    pub(crate) fn keeps(&self, place: Option<&Place>) -> bool {
        match place {
            None => !self.narrows(),
            Some((code, _, level)) => {
                self.entity.as_ref().is_none_or(|e| e.as_str() == code)
                    && self.level.is_none_or(|l| l.as_str() == level)
            }
        }
    }

    pub(crate) fn in_year(&self, year: Option<i32>) -> bool {
        self.year.is_none_or(|y| year == Some(y))
    }
}

/// The entity tree of the register and the notice buyers mapped to it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tree {
    by_code: HashMap<String, Place>,
    by_registration: HashMap<String, Place>,
    by_name: HashMap<String, Place>,
}

impl Tree {
    pub(crate) fn new(entities: &[StoredEntity], mappings: &[BuyerMapping]) -> Tree {
        let places: HashMap<i64, Place> = entities
            .iter()
            .map(|e| {
                let place = (
                    e.entity.code.to_string(),
                    e.entity.policy_domain.clone(),
                    e.entity.level.as_str().to_string(),
                );
                (e.id, place)
            })
            .collect();
        let mut tree = Tree {
            by_code: places.values().map(|p| (p.0.clone(), p.clone())).collect(),
            ..Tree::default()
        };
        for m in mappings {
            let Some(p) = places.get(&m.entity_id) else {
                continue;
            };
            if let Some(r) = &m.registration_number {
                tree.by_registration.insert(r.clone(), p.clone());
            }
            if let Some(n) = &m.buyer_name {
                tree.by_name.insert(n.clone(), p.clone());
            }
        }
        tree
    }

    /// The place of a register entity by its code.
    pub(crate) fn place_of_entity(&self, code: &str) -> Option<&Place> {
        self.by_code.get(code)
    }

    /// The place of a notice lot's buyer: by its registration number (BT-501), else its name.
    pub(crate) fn place_of_buyer(&self, r: &LotRecord) -> Option<&Place> {
        r.buyer_id
            .as_deref()
            .and_then(registration_key)
            .and_then(|k| self.by_registration.get(&k))
            .or_else(|| {
                r.buyer_name
                    .as_deref()
                    .and_then(name_key)
                    .and_then(|k| self.by_name.get(&k))
            })
    }
}
