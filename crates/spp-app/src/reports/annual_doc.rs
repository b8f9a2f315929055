//! The annual report as a document: the summary written from the figures, the tables and the
//! methods annex, in one language.

use spp_catalogue::Lang;

use super::annual::{
    definition, figure_name, AnnualReport, KeyValue, ShareRow, STABLE, THIN_COVERAGE,
};
use super::doc::{percent, Cell, Doc, Section, Table};
use super::register::PlaceRow;
use super::{colon, priority, tr};
use crate::App;

/// The summary sentence of one key figure.
pub fn sentence(kv: &KeyValue, year: i32, lang: Lang) -> String {
    let name = figure_name(&kv.figure, lang);
    let p = |v: Option<f64>| percent(lang, v);
    if kv.coverage.is_none_or(|c| c < THIN_COVERAGE) {
        let text = tr(
            lang,
            "de dekking ({c}) is te dun om iets te zeggen.",
            "la couverture ({c}) est trop faible pour conclure.",
            "coverage ({c}) is too thin to say.",
        );
        return format!(
            "{name}{}{}",
            colon(lang),
            text.replace("{c}", &p(kv.coverage))
        );
    }
    let Some(v) = kv.value else {
        return format!(
            "{name}{}{}",
            colon(lang),
            tr(lang, "geen gegevens.", "pas de données.", "no data.")
        );
    };
    let trend = match kv.previous {
        Some(prev) if v - prev > STABLE => tr(
            lang,
            "steeg van {a} naar {b}.",
            "a augmenté de {a} à {b}.",
            "rose from {a} to {b}.",
        ),
        Some(prev) if prev - v > STABLE => tr(
            lang,
            "daalde van {a} naar {b}.",
            "a diminué de {a} à {b}.",
            "fell from {a} to {b}.",
        ),
        Some(_) => tr(
            lang,
            "bleef stabiel op {b}.",
            "est resté stable à {b}.",
            "stayed at {b}.",
        ),
        None => tr(
            lang,
            "{b}; geen cijfer voor {y}.",
            "{b} ; pas de chiffre pour {y}.",
            "{b}; no figure for {y}.",
        ),
    };
    let mut s = format!(
        "{name}: {}",
        trend
            .replace("{a}", &p(kv.previous))
            .replace("{b}", &p(Some(v)))
            .replace("{y}", &(year - 1).to_string())
    );
    if let Some(t) = kv.figure.target.filter(|t| v < t / 2.0) {
        s.push(' ');
        s.push_str(
            &tr(
                lang,
                "Ver van het doel ({t}).",
                "Loin de l'objectif ({t}).",
                "Far from the target ({t}).",
            )
            .replace("{t}", &p(Some(t))),
        );
    }
    s
}

fn key_table(r: &AnnualReport, lang: Lang, rows: &[&KeyValue]) -> Table {
    Table {
        headers: vec![
            tr(lang, "Indicator", "Indicateur", "Indicator").into(),
            (r.year - 1).to_string(),
            r.year.to_string(),
            tr(lang, "Doel", "Objectif", "Target").into(),
            tr(lang, "Dekking", "Couverture", "Coverage").into(),
        ],
        rows: rows
            .iter()
            .map(|kv| {
                vec![
                    Cell::text(figure_name(&kv.figure, lang)),
                    Cell::Share(kv.previous),
                    Cell::Share(kv.value),
                    Cell::Share(kv.figure.target),
                    Cell::Share(kv.coverage),
                ]
            })
            .collect(),
    }
}

fn share_table(rows: &[ShareRow], lang: Lang, first: &str, name: impl Fn(&str) -> String) -> Table {
    Table {
        headers: vec![
            first.into(),
            tr(lang, "Percelen", "Lots", "Lots").into(),
            tr(lang, "Aandeel (aantal)", "Part (nombre)", "Share (count)").into(),
            tr(lang, "Aandeel (waarde)", "Part (valeur)", "Share (value)").into(),
        ],
        rows: rows
            .iter()
            .map(|s| {
                vec![
                    Cell::text(name(&s.key)),
                    Cell::Count(s.lots),
                    Cell::Share(s.count_share),
                    Cell::Share(s.value_share),
                ]
            })
            .collect(),
    }
}

/// A government level or the `(unmapped)` key in `lang` (entities and domains as entered).
fn place_name(grouping: &str, key: &str, lang: Lang) -> String {
    let level = |nl, fr, en| tr(lang, nl, fr, en).to_string();
    match (grouping, key) {
        (_, "(unmapped)") => level("(niet gekoppeld)", "(non rattaché)", "(unmapped)"),
        ("level", "federal") => level("federaal", "fédéral", "federal"),
        ("level", "flemish") => level("Vlaams", "flamand", "Flemish"),
        ("level", "walloon") => level("Waals", "wallon", "Walloon"),
        ("level", "brussels") => level("Brussels", "bruxellois", "Brussels"),
        ("level", "community") => level("gemeenschap", "communauté", "community"),
        ("level", "provincial") => level("provinciaal", "provincial", "provincial"),
        ("level", "local") => level("lokaal", "local", "local"),
        ("level", "other") => level("andere", "autre", "other"),
        _ => key.to_string(),
    }
}

/// Register and notices by level, policy domain and entity.
fn place_table(rows: &[PlaceRow], lang: Lang) -> Table {
    let grouping = |g: &str| match g {
        "level" => tr(
            lang,
            "bestuursniveau",
            "niveau de pouvoir",
            "government level",
        ),
        "policy_domain" => tr(lang, "beleidsdomein", "domaine politique", "policy domain"),
        _ => tr(lang, "entiteit", "entité", "entity"),
    };
    Table {
        headers: vec![
            tr(lang, "Indeling", "Regroupement", "Grouping").into(),
            tr(lang, "Naam", "Nom", "Name").into(),
            tr(lang, "Percelen", "Lots", "Lots").into(),
            "C-SPP-1 (n)".into(),
            "C-SPP-1 (EUR)".into(),
            "C-GPP".into(),
            "C-SOC".into(),
            "C-INN".into(),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(grouping(r.grouping)),
                    Cell::text(place_name(r.grouping, &r.key, lang)),
                    Cell::Count(r.lots),
                    Cell::Share(r.spp1_count),
                    Cell::Share(r.spp1_value),
                    Cell::Share(r.green),
                    Cell::Share(r.social),
                    Cell::Share(r.innovative),
                ]
            })
            .collect(),
    }
}

fn unknown(key: &str, lang: Lang) -> String {
    if key == "(unknown)" {
        tr(lang, "(onbekend)", "(inconnu)", "(unknown)").into()
    } else {
        key.to_string()
    }
}

fn methods(lang: Lang) -> Vec<String> {
    let mut out = vec![tr(lang,
        "Bron: de gepubliceerde aankondigingen (eForms en TED XML) in de databank; gunningsfase = aankondigingen van gegunde opdrachten, jaar van de gunningsbeslissing. De eenheid is het perceel. Waarden in EUR tegen de ECB-referentiekoers van de gunningsdatum. Een ontbrekend veld betekent 'niet gemeld', nooit 'neen': het perceel telt in de dekking, niet in de noemer. Dekking = aandeel van de percelen waarvoor het veld is ingevuld; onder 50 % noemt de samenvatting een cijfer te dun.",
        "Source : les avis publiés (eForms et TED XML) de la base de données ; phase d'attribution = avis d'attribution, année de la décision d'attribution. L'unité est le lot. Valeurs en EUR au taux de référence de la BCE à la date d'attribution. Un champ absent signifie « non déclaré », jamais « non » : le lot compte dans la couverture, pas dans le dénominateur. Couverture = part des lots dont le champ est rempli ; sous 50 %, le résumé juge le chiffre trop faible.",
        "Source: the published notices (eForms and TED XML) in the database; award stage = result notices, year of the award decision. The unit is the lot. Values in EUR at the ECB reference rate of the award date. A missing field means 'not reported', never 'no': the lot counts in coverage, not in the denominator. Coverage = share of lots where the field is filled in; below 50 % the summary calls a figure too thin.").to_string()];
    for id in [
        "SPP-2", "SPP-1", "INN-1", "GPP-1", "SOC-1", "SME-1", "SME-2", "EPR-1", "CMP-1",
    ] {
        out.push(format!("{id}: {}", definition(id, lang)));
    }
    out.push(priority::method(lang));
    out.push(tr(lang,
        "Registergegevens: percelen en raamovereenkomsten van contracten die in het jaar gegund zijn, facturen die in het jaar ontvangen zijn; betaald binnen 30 dagen (C-PAY); raamovereenkomsten met minstens één afroep (C-FWK). Per bestuursniveau, beleidsdomein en entiteit tellen de registerpercelen en de percelen van aankondigingen van gekoppelde aankopers samen, een gekoppeld contract één keer (C-*). Met --entity of --level telt het hele rapport alleen die entiteiten en de aankondigingen van hun aankopers.",
        "Données du registre : lots et accords-cadres des contrats attribués dans l'année, factures reçues dans l'année ; payées dans les 30 jours (C-PAY) ; accords-cadres avec au moins une commande (C-FWK). Par niveau de pouvoir, domaine politique et entité, les lots du registre et ceux des avis des acheteurs rattachés comptent ensemble, un contrat lié une seule fois (C-*). Avec --entity ou --level, tout le rapport ne compte que ces entités et les avis de leurs acheteurs.",
        "Register facts: lots and frameworks of contracts awarded in the year, invoices received in the year; paid within 30 days (C-PAY); frameworks with at least one call-off (C-FWK). By government level, policy domain and entity, register lots and the notice lots of mapped buyers count together, a linked contract once (C-*). With --entity or --level the whole report counts those entities and their buyers' notices only.").to_string());
    out
}

impl AnnualReport {
    /// The opening sentence: how many lots, and how many figures rose, fell, are far from
    /// target or too thin to say.
    pub fn lead(&self, lang: Lang) -> String {
        let thin = |k: &&KeyValue| k.coverage.is_none_or(|c| c < THIN_COVERAGE);
        let solid: Vec<&KeyValue> = self.key.iter().filter(|k| !thin(k)).collect();
        let moved = |up: bool| {
            solid
                .iter()
                .filter(|k| match (k.value, k.previous) {
                    (Some(v), Some(p)) => {
                        if up {
                            v - p > STABLE
                        } else {
                            p - v > STABLE
                        }
                    }
                    _ => false,
                })
                .count()
        };
        let far = solid
            .iter()
            .filter(|k| matches!((k.value, k.figure.target), (Some(v), Some(t)) if v < t / 2.0))
            .count();
        tr(lang,
            "In {y} telden {n} gegunde percelen. Van de {k} kerncijfers stegen er {up}, daalden er {down}, liggen er {far} ver van hun doel en is bij {thin} de dekking te dun om iets te zeggen.",
            "En {y}, {n} lots attribués ont été comptés. Sur les {k} chiffres clés, {up} ont augmenté, {down} ont diminué, {far} sont loin de leur objectif et pour {thin} la couverture est trop faible pour conclure.",
            "In {y}, {n} awarded lots were counted. Of the {k} key figures {up} rose, {down} fell, {far} are far from their target and for {thin} coverage is too thin to say.")
            .replace("{y}", &self.year.to_string())
            .replace("{n}", &super::doc::amount(self.award_lots as f64))
            .replace("{k}", &self.key.len().to_string())
            .replace("{up}", &moved(true).to_string())
            .replace("{down}", &moved(false).to_string())
            .replace("{far}", &far.to_string())
            .replace("{thin}", &(self.key.len() - solid.len()).to_string())
    }

    /// The report as a document in `lang`.
    pub fn doc(&self, app: &App, lang: Lang) -> Doc {
        let all: Vec<&KeyValue> = self.key.iter().collect();
        let participation: Vec<&KeyValue> = self
            .key
            .iter()
            .filter(|k| matches!(k.figure.id, "SME-1" | "SME-2" | "EPR-1"))
            .collect();
        let no_register = tr(
            lang,
            "geen registergegevens",
            "pas de données du registre",
            "no register data",
        );
        let register =
            |v: Option<f64>| v.map_or_else(|| no_register.to_string(), |v| percent(lang, Some(v)));
        let sections = vec![
            Section {
                heading: tr(lang, "Samenvatting", "Résumé", "Summary").into(),
                paragraphs: std::iter::once(self.lead(lang))
                    .chain(self.key.iter().map(|k| sentence(k, self.year, lang)))
                    .collect(),
                table: None,
            },
            Section {
                heading: tr(
                    lang,
                    "Kerncijfers tegenover de doelen van 100 % en 3 %",
                    "Chiffres clés face aux objectifs de 100 % et 3 %",
                    "Key figures against the 100 % and 3 % targets",
                )
                .into(),
                paragraphs: Vec::new(),
                table: Some(key_table(self, lang, &all)),
            },
            Section {
                heading: tr(
                    lang,
                    "Per aankoper (SPP-2)",
                    "Par acheteur (SPP-2)",
                    "By buyer (SPP-2)",
                )
                .into(),
                paragraphs: Vec::new(),
                table: Some(share_table(
                    &self.by_buyer[..self.by_buyer.len().min(20)],
                    lang,
                    tr(lang, "Aankoper", "Acheteur", "Buyer"),
                    |k| unknown(k, lang),
                )),
            },
            Section {
                heading: tr(
                    lang,
                    "Per productgroep (SPP-1)",
                    "Par groupe de produits (SPP-1)",
                    "By product group (SPP-1)",
                )
                .into(),
                paragraphs: Vec::new(),
                table: Some(share_table(
                    &self.by_group,
                    lang,
                    tr(lang, "Productgroep", "Groupe de produits", "Product group"),
                    |k| {
                        if k == "(unknown)" {
                            unknown(k, lang)
                        } else {
                            app.group_name(k, lang)
                        }
                    },
                )),
            },
            Section {
                heading: tr(
                    lang,
                    "Kmo-deelname en e-procurement",
                    "Participation des PME et marchés électroniques",
                    "SME participation and e-procurement",
                )
                .into(),
                paragraphs: Vec::new(),
                table: Some(key_table(self, lang, &participation)),
            },
            Section {
                heading: tr(
                    lang,
                    "Prioriteitenlijst",
                    "Liste de priorité",
                    "Priority list",
                )
                .into(),
                paragraphs: vec![priority::method(lang)],
                // The ten first groups that had lots in the year.
                table: Some(priority::table(
                    app,
                    &self
                        .priority
                        .overall
                        .iter()
                        .filter(|r| r.lots > 0)
                        .take(10)
                        .cloned()
                        .collect::<Vec<_>>(),
                    lang,
                )),
            },
            Section {
                heading: tr(
                    lang,
                    "Uit het contractregister",
                    "Du registre des contrats",
                    "From the contract register",
                )
                .into(),
                paragraphs: vec![
                    format!(
                        "{}{}{}.",
                        tr(
                            lang,
                            "Gebruik van raamovereenkomsten",
                            "Recours aux accords-cadres",
                            "Framework uptake"
                        ),
                        colon(lang),
                        register(self.framework_uptake)
                    ),
                    format!(
                        "{}{}{}.",
                        tr(
                            lang,
                            "Betalingen binnen de termijn",
                            "Paiements dans le délai",
                            "Payments on time"
                        ),
                        colon(lang),
                        register(self.payments_on_time)
                    ),
                    format!(
                        "{}{}{}.",
                        tr(
                            lang,
                            "Per entiteit en beleidsdomein (contractregister en aankondigingen, C-*)",
                            "Par entité et domaine politique (registre et avis, C-*)",
                            "By entity and policy domain (register and notices, C-*)"
                        ),
                        colon(lang),
                        if self.by_place.is_empty() {
                            no_register
                        } else {
                            tr(lang, "zie de tabel", "voir le tableau", "see the table")
                        }
                    ),
                ],
                table: (!self.by_place.is_empty()).then(|| place_table(&self.by_place, lang)),
            },
            Section {
                heading: tr(
                    lang,
                    "Bijlage: methode",
                    "Annexe : méthode",
                    "Annex: methods",
                )
                .into(),
                paragraphs: methods(lang),
                table: None,
            },
        ];
        Doc {
            lang,
            title: format!(
                "{} {}",
                tr(
                    lang,
                    "Voortgangsrapport duurzame overheidsopdrachten",
                    "Rapport d'avancement des marchés publics durables",
                    "Sustainable public procurement progress report"
                ),
                self.year
            ),
            subtitle: format!(
                "{}{}{}",
                tr(lang, "Beleid", "Politique", "Policy"),
                colon(lang),
                self.policy
            ),
            sections,
        }
    }
}
