//! `/register/contracts/{entity}/{reference}`: a contract, its lots with their facts and
//! criteria, and its history from the audit log; the soft delete.

use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};
use spp_register::{Contract, Lot};
use spp_store::register::{AuditEntry, StoredContract};

use super::form::{code_name, procedure_name, yes_no_name};
use super::list::eur;
use super::{contract_href, csrf_input, see_other};
use crate::error::{OrPage, PageError};
use crate::i18n::Ui;
use crate::pages::layout::{page, pct, Section};
use crate::session::{Posted, Session};
use crate::WebState;

pub async fn handler(
    State(s): State<WebState>,
    Path((entity, reference)): Path<(String, String)>,
    session: Session,
    ui: Ui,
) -> Result<Markup, PageError> {
    let key = format!("{entity}/{reference}");
    let stored = s.app.contract(&session.actor, &key).await.or_page(&ui)?;
    let history = s
        .app
        .contract_history(&session.actor, &key)
        .await
        .or_page(&ui)?;
    Ok(render(&s, &ui, &stored, &history))
}

/// Soft-deletes the contract (CSRF first).
pub async fn delete(
    State(s): State<WebState>,
    Path((entity, reference)): Path<(String, String)>,
    p: Posted,
) -> Result<Response, PageError> {
    let key = format!("{entity}/{reference}");
    s.app
        .delete_contract(&p.session.actor, &key)
        .await
        .or_page(&p.ui)?;
    Ok(see_other("/register"))
}

fn render(s: &WebState, ui: &Ui, stored: &StoredContract, history: &[AuditEntry]) -> Markup {
    let c = &stored.contract;
    let key = stored.key();
    let title = format!("{} — {}", key, c.title);
    page(
        ui,
        Section::Register,
        &title,
        html! {
            @if stored.deleted { div.error role="status" { p #deleted { (ui.t("contract_deleted")) } } }
            (facts_of_contract(ui, c, stored))
            @if !stored.deleted {
                ul.actions {
                    li { a #edit href={ (contract_href(&key)) "/edit" } { (ui.t("edit")) } }
                    li { form.inline method="post" action={ (contract_href(&key)) "/delete" } {
                        (csrf_input(ui))
                        button #delete type="submit" { (ui.t("delete")) }
                    } }
                }
            }
            h2 { (ui.t("lots_heading")) }
            @for lot in &c.lots { (lot_section(s, ui, lot)) }
            (money_tables(ui, c))
            h2 { (ui.t("history")) }
            table #history {
                thead { tr { th { (ui.t("when")) } th { (ui.t("who")) } th { (ui.t("what")) } th { (ui.t("change")) } } }
                tbody { @for h in history { tr {
                    td { (h.at) } td { (h.actor) } td { (ui.t(&format!("audit_{}", h.action))) }
                    td { details { summary { (ui.t("before_after")) }
                        pre lang="en" { (pretty(&h.before)) "\n→\n" (pretty(&h.after)) } } }
                } } }
            }
        },
    )
}

fn pretty(v: &Option<serde_json::Value>) -> String {
    v.as_ref()
        .and_then(|v| serde_json::to_string_pretty(v).ok())
        .unwrap_or_else(|| "—".into())
}

/// Call-offs with the framework's uptake, invoices with their payment term.
fn money_tables(ui: &Ui, c: &Contract) -> Markup {
    html! {
        @if !c.call_offs.is_empty() {
            h2 { (ui.t("call_offs")) }
            p #uptake { (ui.t("uptake")) ": " (pct(ui, c.framework_uptake())) }
            table #call-off-table {
                thead { tr { th { (ui.t("call_off_reference")) } th { (ui.t("date")) } th.num { (ui.t("amount_eur")) } } }
                tbody { @for o in &c.call_offs { tr { td { (o.reference) } td { (o.date) } td.num { (eur(ui, Some(o.value))) } } } }
            }
        }
        @if !c.invoices.is_empty() {
            h2 { (ui.t("invoices")) }
            table #invoice-table {
                thead { tr { th { (ui.t("invoice_reference")) } th.num { (ui.t("amount_eur")) } th { (ui.t("invoice_received")) }
                    th { (ui.t("invoice_paid")) } th.num { (ui.t("payment_days")) } } }
                tbody { @for v in &c.invoices { tr {
                    td { (v.reference) } td.num { (eur(ui, Some(v.amount))) } td { (v.received) }
                    td { (v.paid.map(|d| d.to_string()).unwrap_or_else(|| "—".into())) }
                    td.num { (v.payment_days().map(|d| d.to_string()).unwrap_or_else(|| "—".into())) }
                } } }
            }
        }
    }
}

fn facts_of_contract(ui: &Ui, c: &Contract, stored: &StoredContract) -> Markup {
    let opt = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    html! {
        dl.facts #contract-facts {
            dt { (ui.t("entity")) } dd { code { (c.entity) } }
            dt { (ui.t("reference")) } dd { (c.reference) }
            dt { (ui.t("procedure_type")) } dd { (procedure_name(ui, c.procedure)) }
            dt { (ui.t("threshold")) } dd { (opt(c.threshold.map(|t| code_name(ui, "threshold", t.as_str())))) }
            dt { (ui.t("award_date")) } dd { (opt(c.award_date.map(|d| d.to_string()))) }
            dt { (ui.t("notice_link")) } dd { @match &c.notice { Some(n) => code { (n.as_str()) }, None => "—" } }
            dt { (ui.t("framework_ceiling")) } dd { (eur(ui, c.framework_ceiling)) }
            dt { (ui.t("awarded_value")) } dd { (eur(ui, c.awarded_value())) }
            dt { (ui.t("version")) } dd { (stored.version) " · " (stored.updated_at) }
        }
    }
}

fn lot_section(s: &WebState, ui: &Ui, lot: &Lot) -> Markup {
    let catalogue = s.app.catalogue();
    let group = lot
        .product_group
        .as_deref()
        .and_then(|g| catalogue.group(g));
    let yn = |b: Option<bool>| yes_no_name(ui, b);
    let list = |v: Vec<String>| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join(", ")
        }
    };
    html! {
        section.lot {
            h3 { (ui.t("lot")) " " (lot.reference) @if let Some(t) = &lot.title { " — " (t) } }
            dl.facts {
                dt { "CPV" } dd { code { (lot.cpv.as_str()) } }
                dt { (ui.t("product_group")) } dd { @match group { Some(g) => (g.name(ui.lang)), None => "—" } }
                dt { (ui.t("estimated_value")) } dd { (eur(ui, lot.estimated_value)) }
                dt { (ui.t("awarded_value")) } dd { (eur(ui, lot.awarded_value)) }
                dt { (ui.t("labels")) } dd { (list(lot.labels.clone())) }
                dt { (ui.t("social_clause")) } dd { (yn(lot.social_clause)) }
                dt { (ui.t("reserved_contract")) } dd { (yn(lot.reserved)) }
                dt { (ui.t("supply_chain")) } dd { (list(lot.supply_chain.iter().map(|v| code_name(ui, "supply_chain", v.as_str())).collect())) }
                dt { (ui.t("circular")) } dd { (list(lot.circular.iter().map(|v| code_name(ui, "circular", v.as_str())).collect())) }
                dt { (ui.t("innovation")) } dd { (list(lot.innovation.iter().map(|v| code_name(ui, "innovation", v.as_str())).collect())) }
                dt { (ui.t("lcc_used")) } dd { (yn(lot.lcc_used)) }
                dt { (ui.t("winner")) } dd { @match &lot.winner {
                    Some(w) => { (w.name) @if let Some(k) = &w.kbo { " (" code { (k.to_string()) } ")" } " · " (ui.t("sme")) ": " (yn(w.sme)) }
                    None => "—",
                } }
                dt { (ui.t("e_submission")) } dd { (yn(lot.e_submission)) }
            }
            @if lot.criteria.is_empty() { p { (ui.t("criteria_none")) } } @else {
                table.criteria {
                    thead { tr { th { (ui.t("criterion")) } th { (ui.t("stage")) } th.num { (ui.t("level")) } th { (ui.t("essential_heading")) } } }
                    tbody { @for a in &lot.criteria {
                        @let title = catalogue.criterion(&a.id).map(|(_, c)| c.title.get(ui.lang).to_string());
                        tr {
                            td { (title.unwrap_or_default()) " " code { (a.id) } }
                            td { (a.stage.label(ui.lang)) } td.num { (a.level) }
                            td { (yes_no_name(ui, Some(a.essential))) }
                        }
                    } }
                }
            }
            @if let Some(missing) = lot.missing_essentials(catalogue).filter(|m| !m.is_empty()) {
                p.warning { (ui.t("essentials_missing")) ": " @for (i, m) in missing.iter().enumerate() { @if i > 0 { ", " } code { (m) } } }
            }
        }
    }
}
