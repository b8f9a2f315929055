//! The filter form shared by the dashboard and the lots pages: parsed with
//! `spp_app::Filter::parse` (an unknown value is a 400 naming the parameter and what it
//! accepts), echoed in the form, and kept in every link.

use maud::{html, Markup};
use spp_app::{AppResult, Filter};
use spp_domain::codelist::ProcedureType;
use spp_domain::CodeList;
use spp_monitoring::{GroupBy, Report};

use super::labels;
use crate::i18n::codelists::{self, List};
use crate::i18n::{encode_query, Ui};
use crate::WebState;

/// The filter of a request; `other` names the parameters that are not filters.
pub fn parse(s: &WebState, ui: &Ui, other: &[&str]) -> AppResult<Filter> {
    parse_pairs(s, &ui.query, other)
}

/// The filter of decoded query pairs, leaving out the parameters named in `other`.
pub fn parse_pairs(s: &WebState, pairs: &[(String, String)], other: &[&str]) -> AppResult<Filter> {
    let pairs = pairs
        .iter()
        .filter(|(k, _)| !other.contains(&k.as_str()) && k != "lang")
        .map(|(k, v)| (k.as_str(), v.as_str()));
    Filter::parse(pairs, s.app.catalogue())
}

/// `path?filter…&extra…`.
pub fn href(path: &str, filter: &Filter, extra: &[(&str, &str)]) -> String {
    let pairs = filter.pairs();
    let mut all: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend_from_slice(extra);
    if all.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", encode_query(&all))
    }
}

fn value<'a>(pairs: &'a [(&'static str, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| *k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The form, with the NUTS roll-up links (Belgium, Brussels BE1, Flanders BE2, Wallonia BE3).
pub fn form(ui: &Ui, s: &WebState, filter: &Filter, report: &Report, action: &str) -> Markup {
    let pairs = filter.pairs();
    let v = |name| value(&pairs, name);
    let groups_of = |by| {
        let mut keys: Vec<String> = report
            .rows_by(by)
            .filter(|r| r.id == "SPP-2" && r.group != spp_monitoring::group::UNKNOWN)
            .map(|r| r.group.clone())
            .collect();
        keys.dedup();
        keys
    };
    html! {
        form.filters method="get" action=(action) aria-label=(ui.t("filters")) {
            input type="hidden" name="lang" value=(ui.lang.as_str());
            label for="f-year-from" { (ui.t("year_from")) input #f-year-from type="number" name="year_from" min="1990" max="2100" value=(v("year_from")); }
            label for="f-year-to" { (ui.t("year_to")) input #f-year-to type="number" name="year_to" min="1990" max="2100" value=(v("year_to")); }
            label for="f-country" { (ui.t("country"))
                select #f-country name="country" {
                    option value="" { (ui.t("any")) }
                    @for c in groups_of(GroupBy::Country) {
                        option value=(c) selected[v("country") == c] { (codelists::name(List::Country, &c, ui.lang)) " (" (c) ")" }
                    }
                }
            }
            label for="f-nuts" { (ui.t("nuts")) input #f-nuts type="text" name="nuts" size="6" maxlength="5" pattern="[A-Za-z]{2}[A-Za-z0-9]{0,3}" value=(v("nuts")); }
            label for="f-buyer" { (ui.t("buyer"))
                input #f-buyer type="text" name="buyer" value=(v("buyer"));
            }
            label for="f-group" { (ui.t("product_group"))
                select #f-group name="product_group" {
                    option value="" { (ui.t("any")) }
                    @for g in s.app.catalogue().groups() {
                        option value=(g.id) selected[v("product_group") == g.id] { (g.name(ui.lang)) }
                    }
                }
            }
            label for="f-procedure" { (ui.t("procedure_type"))
                select #f-procedure name="procedure_type" {
                    option value="" { (ui.t("any")) }
                    @for code in ProcedureType::CODES {
                        option value=(code) selected[v("procedure_type") == *code] { (codelists::name(List::ProcedureType, code, ui.lang)) }
                    }
                }
            }
            label for="f-cpv" { (ui.t("cpv_division"))
                select #f-cpv name="cpv_division" {
                    option value="" { (ui.t("any")) }
                    @for d in groups_of(GroupBy::CpvDivision) {
                        option value=(d) selected[v("cpv_division") == d] { (d) " " (labels::cpv_division(ui, s, &d)) }
                    }
                    @if !v("cpv_division").is_empty() && !groups_of(GroupBy::CpvDivision).iter().any(|d| d == v("cpv_division")) {
                        option value=(v("cpv_division")) selected { (v("cpv_division")) }
                    }
                }
            }
            button type="submit" #apply { (ui.t("apply")) }
            a.button.secondary href=(action) { (ui.t("reset")) }
        }
        div.regions #regions {
            span { (ui.t("regions")) ": " }
            @for code in ["BE", "BE1", "BE2", "BE3"] {
                @let f = Filter { nuts: spp_app::filter::NutsPrefix::parse(code).ok(), ..filter.clone() };
                a.button.secondary href=(href(action, &f, &[])) aria-pressed=(if v("nuts") == code { "true" } else { "false" }) {
                    (ui.t(&format!("region_{code}"))) " (" (code) ")"
                }
            }
        }
        @if !filter.is_empty() {
            p #active-filters { (ui.t("active_filters")) ": "
                @for (k, val) in &pairs { code { (k) "=" (val) } " " }
            }
        }
    }
}
