//! The columns of the register's file format (one row per lot; the contract's columns repeat
//! on each of its lots), with their headers in Dutch, French and English. Files may use any
//! of the three languages, or the column ids.

use spp_catalogue::Lang;

/// One column: its id (also the name of the input field it fills) and its headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub id: &'static str,
    pub nl: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
    /// Filled per contract (the same on every row of the contract) rather than per lot.
    pub contract_level: bool,
    pub required: bool,
}

impl Column {
    pub fn header(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

macro_rules! columns {
    ($($id:literal, $nl:literal, $fr:literal, $en:literal, $level:ident, $req:literal;)+) => {
        /// Every column, in file order.
        pub const COLUMNS: &[Column] = &[$(Column {
            id: $id, nl: $nl, fr: $fr, en: $en,
            contract_level: columns!(@level $level), required: $req,
        }),+];
    };
    (@level contract) => { true };
    (@level lot) => { false };
}

columns! {
    "entity", "Entiteit", "Entité", "Entity", contract, true;
    "reference", "Referentie", "Référence", "Reference", contract, true;
    "title", "Titel", "Titre", "Title", contract, true;
    "procedure", "Procedure", "Procédure", "Procedure", contract, true;
    "threshold", "Drempel (onder/boven)", "Seuil (sous/au-dessus)", "Threshold (below/above)", contract, false;
    "award_date", "Gunningsdatum", "Date d'attribution", "Award date", contract, false;
    "notice", "Publicatie (TED-nummer of procedure-id)", "Avis (numéro TED ou id de procédure)", "Notice (TED number or procedure id)", contract, false;
    "framework_ceiling", "Raamovereenkomst maximum (EUR excl. btw)", "Accord-cadre plafond (EUR HTVA)", "Framework ceiling (EUR excl. VAT)", contract, false;
    "lot", "Perceel", "Lot", "Lot", lot, false;
    "lot_title", "Titel perceel", "Titre du lot", "Lot title", lot, false;
    "cpv", "CPV", "CPV", "CPV", lot, true;
    "product_group", "Productgroep", "Groupe de produits", "Product group", lot, false;
    "estimated_value", "Geraamde waarde (EUR excl. btw)", "Valeur estimée (EUR HTVA)", "Estimated value (EUR excl. VAT)", lot, false;
    "awarded_value", "Gunningswaarde (EUR excl. btw)", "Valeur attribuée (EUR HTVA)", "Awarded value (EUR excl. VAT)", lot, false;
    "criteria", "Toegepaste criteria", "Critères appliqués", "Criteria applied", lot, false;
    "labels", "Labels", "Labels", "Labels", lot, false;
    "social_clause", "Sociale clausule", "Clause sociale", "Social clause", lot, false;
    "reserved", "Voorbehouden opdracht", "Marché réservé", "Reserved contract", lot, false;
    "supply_chain", "Ketenclausule", "Clause chaîne d'approvisionnement", "Supply-chain clause", lot, false;
    "circular", "Circulair model", "Modèle circulaire", "Circular model", lot, false;
    "innovation", "Innovatie", "Innovation", "Innovation", lot, false;
    "lcc_used", "Levenscycluskost gebruikt", "Coût du cycle de vie utilisé", "LCC used", lot, false;
    "winner_name", "Opdrachtnemer", "Adjudicataire", "Winner", lot, false;
    "winner_kbo", "KBO opdrachtnemer", "BCE adjudicataire", "Winner KBO/BCE", lot, false;
    "winner_sme", "Kmo", "PME", "SME", lot, false;
    "e_submission", "Elektronische indiening", "Dépôt électronique", "E-submission", lot, false;
}

/// The column a header names (any language or the id; case and surrounding spaces ignored).
pub fn find(header: &str) -> Option<&'static Column> {
    let h = header.trim().to_lowercase();
    COLUMNS.iter().find(|c| {
        [c.id, c.nl, c.fr, c.en]
            .iter()
            .any(|name| name.to_lowercase() == h)
    })
}

/// The column of an input field path (`lots[2].cpv` → `cpv`, `lots[0].reference` → `lot`).
pub fn of_field(field: &str) -> &'static str {
    let (in_lot, name) = match field.strip_prefix("lots[") {
        Some(rest) => (true, rest.split_once("].").map_or(rest, |(_, f)| f)),
        None => (false, field),
    };
    match (in_lot, name) {
        (true, "reference") => "lot",
        (true, "title") => "lot_title",
        (_, other) => COLUMNS
            .iter()
            .find(|c| c.id == other)
            .map_or("entity", |c| c.id),
    }
}

/// The lot index of an input field path (`lots[2].cpv` → 2).
pub fn lot_of_field(field: &str) -> Option<usize> {
    field.strip_prefix("lots[")?.split_once(']')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_every_language() {
        assert_eq!(
            find("Gunningswaarde (EUR excl. btw)").unwrap().id,
            "awarded_value"
        );
        assert_eq!(
            find(" valeur attribuée (eur htva) ").unwrap().id,
            "awarded_value"
        );
        assert_eq!(find("awarded_value").unwrap().id, "awarded_value");
        assert!(find("Colour").is_none());
        for c in COLUMNS {
            for l in Lang::ALL {
                assert_eq!(
                    find(c.header(l)).map(|f| f.id),
                    Some(c.id),
                    "{}",
                    c.header(l)
                );
            }
        }
    }

    #[test]
    fn fields_to_columns() {
        assert_eq!(of_field("lots[2].cpv"), "cpv");
        assert_eq!(lot_of_field("lots[2].cpv"), Some(2));
        assert_eq!(of_field("lots[0].reference"), "lot");
        assert_eq!(of_field("reference"), "reference");
        assert_eq!(of_field("award_date"), "award_date");
    }
}
