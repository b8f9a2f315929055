//! A lot's page (`/notices/{id}/lots/{lot}`): its classification flags with their evidence,
//! how it counts in every indicator (the `explain` use case: the report's own code), and the
//! fields as published.

use axum::extract::{Path, State};
use maud::{html, Markup};
use spp_app::AppError;
use spp_domain::{CodeList, LotRecord, Money};

use super::labels::{self, yes_no};
use super::layout::{page, Section};
use crate::error::{OrPage, PageError};
use crate::i18n::codelists::{self, List};
use crate::i18n::{encode, Ui};
use crate::WebState;

pub async fn lot(
    State(s): State<WebState>,
    ui: Ui,
    Path((id, lot)): Path<(String, String)>,
) -> Result<Markup, PageError> {
    let explained = s.app.explain(&id, &s.policy).await.or_page(&ui)?;
    let record = explained
        .records
        .iter()
        .find(|r| r.lot_id == lot)
        .ok_or_else(|| AppError::NotFound(format!("notice {id} has no lot {lot}")))
        .or_page(&ui)?;
    let findings = explained
        .lots
        .iter()
        .find(|l| l.lot_id == lot)
        .map(|l| l.findings.as_slice())
        .unwrap_or(&[]);
    let title = format!(
        "{} {} — {} {}",
        ui.t("notice"),
        record.notice_id,
        ui.t("lot"),
        record.lot_id
    );
    Ok(page(
        &ui,
        Section::Explorer,
        &title,
        html! {
            p { a href=(format!("/notices/{}", encode(&record.notice_id))) { (ui.t("lots_of_notice")) } }
            h2 #flags { (ui.t("flags")) }
            @if record.flags.is_empty() { p { (ui.t("no_flags")) } }
            @else {
                table #flag-table {
                    thead { tr { th scope="col" { (ui.t("flag")) } th scope="col" { (ui.t("field")) } th scope="col" { (ui.t("evidence")) } } }
                    tbody { @for f in &record.flags { tr { td { (ui.t(&format!("flag_{}", f.kind.as_str()))) } td { code { (f.field) } } td { code { (f.evidence) } } } } }
                }
            }
            h2 #findings { (ui.t("findings")) }
            table #finding-table {
                thead { tr {
                    th scope="col" { (ui.t("indicator")) } th scope="col" { (ui.t("stage")) }
                    th scope="col" { (ui.t("denominator")) } th scope="col" { (ui.t("numerator")) } th scope="col" { (ui.t("why")) }
                } }
                tbody {
                    @for f in findings {
                        tr {
                            th scope="row" { (ui.t(&format!("ind_{}", f.indicator))) " (" (f.indicator) ")" }
                            td { (labels::stage(&ui, f.stage)) }
                            td { (yes_no(&ui, Some(f.in_denominator))) }
                            td { (yes_no(&ui, Some(f.in_numerator))) }
                            td { code { (f.reasons.join("; ")) } }
                        }
                    }
                }
            }
            h2 #fields { (ui.t("original_fields")) }
            (record_summary(&ui, s.app.catalogue(), record, true))
        },
    ))
}

fn money(ui: &Ui, m: Option<&Money>) -> Markup {
    match m {
        None => html! { span.muted { (ui.t("not_reported")) } },
        Some(Money::Withheld) => html! { (ui.t("withheld")) },
        Some(Money::Amount { value, currency }) => {
            html! { (labels::amount_of(ui, *value)) " " (currency.as_deref().unwrap_or("")) }
        }
    }
}

fn codes<T: CodeList>(ui: &Ui, list: List, values: &[T]) -> Markup {
    if values.is_empty() {
        return html! { span.muted { (ui.t("not_reported")) } };
    }
    html! {
        @for (i, v) in values.iter().enumerate() {
            @if i > 0 { "; " }
            (codelists::name(list, v.as_str(), ui.lang)) " " code { "(" (v.as_str()) ")" }
        }
    }
}

fn opt(ui: &Ui, v: Option<String>) -> Markup {
    match v {
        Some(v) => html! { (v) },
        None => html! { span.muted { (ui.t("not_reported")) } },
    }
}

/// A code with its label: `Openbaar (open)`, the code as code.
fn coded(ui: &Ui, list: List, c: Option<&str>) -> Markup {
    match c {
        Some(c) => html! { (codelists::name(list, c, ui.lang)) " " code { "(" (c) ")" } },
        None => html! { span.muted { (ui.t("not_reported")) } },
    }
}

/// The fields of a lot record as a definition list; `lot` adds the lot-level fields.
pub fn record_summary(ui: &Ui, cat: &spp_catalogue::Catalogue, r: &LotRecord, lot: bool) -> Markup {
    html! {
        dl.fields {
            dt { (ui.t("notice_id")) } dd { (r.notice_id) }
            dt { (ui.t("version")) } dd { (r.notice_version) }
            dt { (ui.t("source_format")) } dd { (r.format.map(|f| ui.t(&format!("format_{}", f.as_str()))).unwrap_or("")) }
            dt { (ui.t("form_type")) } dd { (coded(ui, List::FormType, r.form_type.as_ref().map(|f| f.as_str()))) }
            dt { (ui.t("procedure_id")) } dd { (opt(ui, r.procedure_id.clone())) }
            dt { (ui.t("procedure_type")) } dd { (coded(ui, List::ProcedureType, r.procedure_type.as_ref().map(|p| p.as_str()))) }
            dt { (ui.t("issue_date")) } dd { (opt(ui, r.issue_date.map(|d| d.to_string()))) }
            dt { (ui.t("award_date")) } dd { (opt(ui, r.award_date.map(|d| d.to_string()))) }
            dt { (ui.t("buyer")) } dd { (opt(ui, r.buyer_name.clone().or_else(|| r.buyer_id.clone()))) }
            dt { (ui.t("country")) } dd { (coded(ui, List::Country, r.buyer_country.as_deref())) }
            dt { (ui.t("nuts")) } dd { (opt(ui, r.buyer_nuts.clone())) }
            dt { (ui.t("buyer_legal_type")) } dd { (coded(ui, List::BuyerLegalType, r.buyer_legal_type.as_ref().map(|b| b.as_str()))) }
            @if lot {
                dt { (ui.t("lot")) } dd { (r.lot_id) }
                dt { (ui.t("contract_nature")) } dd { (coded(ui, List::ContractNature, r.nature.as_ref().map(|n| n.as_str()))) }
                dt { (ui.t("main_cpv")) } dd { (opt(ui, r.main_cpv.as_ref().map(|c| c.to_string()))) }
                dt { (ui.t("product_group")) } dd { (opt(ui, r.product_group.as_ref().map(|g| cat.group(g).map_or_else(|| g.clone(), |g| g.name(ui.lang).to_string())))) }
                dt { (ui.t("strategic")) } dd { (codes(ui, List::StrategicProcurement, &r.strategic)) }
                dt { (ui.t("environmental")) } dd { (codes(ui, List::EnvironmentalImpact, &r.environmental)) }
                dt { (ui.t("social")) } dd { (codes(ui, List::SocialObjective, &r.social)) }
                dt { (ui.t("innovative")) } dd { (codes(ui, List::InnovativeAcquisition, &r.innovative)) }
                dt { (ui.t("gpp_criteria")) } dd { (codes(ui, List::GppCriteria, &r.gpp_criteria)) }
                dt { (ui.t("reserved")) } dd { (codes(ui, List::ReservedProcurement, &r.reserved)) }
                dt { (ui.t("esubmission")) } dd { (coded(ui, List::ESubmission, r.esubmission.as_ref().map(|e| e.as_str()))) }
                dt { (ui.t("award_criteria")) } dd { (codes(ui, List::AwardCriterion, &r.award_criterion_types)) }
                dt { (ui.t("framework")) } dd { (coded(ui, List::FrameworkAgreement, r.framework.as_ref().map(|f| f.as_str()))) }
                dt { (ui.t("cvd_applies")) } dd { (yes_no(ui, r.cvd_applies)) }
                dt { (ui.t("vehicles")) } dd { (opt(ui, r.vehicles_total.map(|t| format!("{t} / {} / {}", r.vehicles_clean.unwrap_or(0), r.vehicles_zero_emission.unwrap_or(0))))) }
                dt { (ui.t("estimated_value")) } dd { (money(ui, r.estimated_value.as_ref())) }
                dt { (ui.t("awarded_value")) } dd { (money(ui, r.awarded_value.as_ref())) }
                dt { (ui.t("framework_ceiling")) } dd { (money(ui, r.framework_ceiling.as_ref())) }
                dt { (ui.t("tenders_received")) } dd { (opt(ui, r.tenders_received.map(|t| t.to_string()))) }
                dt { (ui.t("sme_tenders")) } dd { (opt(ui, r.sme_tenders_received.map(|t| t.to_string()))) }
                dt { (ui.t("winner_list")) } dd {
                    @if r.winners.is_empty() { span.muted { (ui.t("not_reported")) } }
                    @for w in &r.winners {
                        (w.name.as_deref().unwrap_or(&w.organisation_id))
                        " (" (w.size.as_ref().map(|s| codelists::name(List::OperatorSize, s.as_str(), ui.lang)).unwrap_or_else(|| ui.t("not_reported").to_string())) ") "
                    }
                }
            }
        }
    }
}
