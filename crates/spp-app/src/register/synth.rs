//! A synthetic register for benchmarks: entities across the government levels and contracts
//! with one to three lots, catalogue criteria, labels, winners and values, as an import file.
//! Deterministic (a fixed linear congruential generator), so runs compare.

use spp_catalogue::{Catalogue, Lang};
use spp_register::EntityInput;

use super::columns::COLUMNS;
use super::table::Table;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const LEVELS: [(&str, &str); 5] = [
    ("flemish", "Omgeving"),
    ("federal", "FOD Financiën"),
    ("walloon", "Mobilité"),
    ("brussels", "Leefmilieu"),
    ("local", "Stad"),
];

/// `n` entities, `syn-000` …
pub fn entities(n: usize) -> Vec<EntityInput> {
    (0..n)
        .map(|i| {
            let (level, domain) = LEVELS[i % LEVELS.len()];
            EntityInput {
                code: format!("syn-{i:03}"),
                name: format!("Synthetic entity {i}"),
                level: level.into(),
                policy_domain: domain.into(),
                kbo: None,
            }
        })
        .collect()
}

/// `contracts` contracts spread over `entities` entities, one row per lot, English headers.
pub fn register(catalogue: &Catalogue, entities: usize, contracts: usize) -> Table {
    let mut rng = Lcg(42);
    let groups = catalogue.groups();
    let col = |id: &str| COLUMNS.iter().position(|c| c.id == id).unwrap_or(0);
    let mut rows = Vec::with_capacity(contracts * 2);
    for i in 0..contracts {
        let entity = format!("syn-{:03}", i % entities.max(1));
        let procedure = ["open", "restricted", "neg-wo-call", "accepted-invoice"][rng.below(4)];
        let date = format!(
            "202{}-{:02}-{:02}",
            3 + rng.below(3),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        for lot in 0..1 + rng.below(3) {
            let g = &groups[rng.below(groups.len())];
            let mut row = vec![String::new(); COLUMNS.len()];
            row[col("entity")] = entity.clone();
            row[col("reference")] = format!("S-{i:06}");
            row[col("title")] = format!("Synthetic contract {i}");
            row[col("procedure")] = procedure.into();
            row[col("award_date")] = date.clone();
            row[col("lot")] = (lot + 1).to_string();
            row[col("cpv")] = format!("{:0<8}", g.cpv.first().map_or("30000000", |c| c.as_str()));
            row[col("product_group")] = g.id.clone();
            row[col("awarded_value")] =
                format!("{}.{:02}", 1_000 + rng.below(900_000), rng.below(100));
            let picked: Vec<&str> = g
                .criteria
                .iter()
                .filter(|_| rng.below(3) > 0)
                .map(|c| c.id.as_str())
                .collect();
            row[col("criteria")] = picked.join(";");
            row[col("social_clause")] = ["yes", "no", ""][rng.below(3)].into();
            row[col("lcc_used")] = ["yes", "no"][rng.below(2)].into();
            row[col("winner_name")] = format!("Supplier {}", rng.below(5_000));
            row[col("winner_sme")] = ["yes", "no", ""][rng.below(3)].into();
            row[col("e_submission")] = ["yes", "no"][rng.below(2)].into();
            rows.push(row);
        }
    }
    Table {
        headers: COLUMNS
            .iter()
            .map(|c| c.header(Lang::En).to_string())
            .collect(),
        rows,
    }
}
