//! The contract form (`/register/new`, `/register/contracts/{…}/edit`, POST
//! `/register/contracts`): contract fields, one fieldset per lot with its CPV, product group,
//! values, the criteria of the lot's product group from the catalogue, labels, facts and
//! winner; the framework's call-offs and the invoices (an empty row to add one). Without
//! JavaScript: "add a lot" and "show the criteria of the group" are submit
//! buttons that render the form again without saving. A refused value is shown next to its
//! field with the `FieldError`'s reason.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use spp_app::register::import::contract_input;
use spp_app::AppError;
use spp_register::{
    CircularModel, Contract, ContractInput, FieldError, Innovation, LotInput, Procedure,
    SupplyChain, Threshold,
};
use spp_store::register::StoredEntity;

use super::form_criteria::{error_line, id_of as fid};
use super::form_input;
use super::{contract_href, csrf_input, see_other};
use crate::error::{OrPage, PageError};
use crate::i18n::codelists::{self, List};
use crate::i18n::Ui;
use crate::pages::layout::{page, Section};
use crate::session::{Posted, Session};
use crate::WebState;

/// The name of a procedure code in the reader's language.
pub fn procedure_name(ui: &Ui, p: Procedure) -> String {
    codelists::label(List::ProcedureType, p.as_str(), ui.lang)
        .map(str::to_string)
        .unwrap_or_else(|| ui.t(&format!("procedure_{}", p.as_str())).to_string())
}

/// The name of a register code (`threshold`, `supply_chain`, `circular`, `innovation`).
pub fn code_name(ui: &Ui, kind: &str, code: &str) -> String {
    ui.t(&format!("{kind}_{code}")).to_string()
}

/// Yes, no, or not reported.
pub fn yes_no_name(ui: &Ui, v: Option<bool>) -> &'static str {
    match v {
        Some(true) => ui.t("yes"),
        Some(false) => ui.t("no"),
        None => ui.t("not_reported"),
    }
}

/// What the form shows besides the input: the entities to pick from, whether the key is
/// fixed (editing), and the refused field.
struct View<'a> {
    entities: &'a [StoredEntity],
    editing: bool,
    /// Every refused field (empty: none).
    errors: &'a [FieldError],
}

pub async fn new(State(s): State<WebState>, session: Session, ui: Ui) -> Result<Markup, PageError> {
    let entities = s.app.entities(&session.actor).await.or_page(&ui)?;
    let mut input = ContractInput {
        lots: vec![LotInput::default()],
        ..Default::default()
    };
    if let spp_app::auth::Actor::User { grants, .. } = &session.actor {
        if let [only] = grants.as_slice() {
            input.entity = only.to_string();
        }
    }
    let view = View {
        entities: &entities,
        editing: false,
        errors: &[],
    };
    Ok(render(&s, &ui, &input, &view))
}

pub async fn edit(
    State(s): State<WebState>,
    Path((entity, reference)): Path<(String, String)>,
    session: Session,
    ui: Ui,
) -> Result<Markup, PageError> {
    let stored = s
        .app
        .contract(&session.actor, &format!("{entity}/{reference}"))
        .await
        .or_page(&ui)?;
    let entities = s.app.entities(&session.actor).await.or_page(&ui)?;
    let input = contract_input(&stored.contract);
    let view = View {
        entities: &entities,
        editing: true,
        errors: &[],
    };
    Ok(render(&s, &ui, &input, &view))
}

/// Saves the contract (CSRF first); `action=add_lot` or `refresh` only render the form again.
pub async fn submit(State(s): State<WebState>, p: Posted) -> Result<Response, PageError> {
    let mut input = form_input::parse(&p.pairs);
    let editing = p.field("editing") == Some("1");
    let action = p.field("action").unwrap_or("save").to_string();
    let (session, ui) = (p.session, p.ui);
    let errors = if action == "save" {
        match s.app.save_contract(&session.actor, &input).await {
            Ok(saved) => return Ok(see_other(&contract_href(&saved.key))),
            // The use case names the first refusal; the form marks them all.
            Err(AppError::Field(first)) => Contract::parse_all(&input, s.app.catalogue())
                .err()
                .unwrap_or_else(|| vec![first]),
            Err(e) => return Err(PageError::new(e, ui)),
        }
    } else {
        Vec::new()
    };
    if action == "add_lot" || input.lots.is_empty() {
        input.lots.push(LotInput::default());
    }
    let entities = s.app.entities(&session.actor).await.or_page(&ui)?;
    let view = View {
        entities: &entities,
        editing,
        errors: &errors,
    };
    let code = if !errors.is_empty() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((code, render(&s, &ui, &input, &view)).into_response())
}

fn column_label(ui: &Ui, id: &str) -> &'static str {
    spp_app::register::columns::COLUMNS
        .iter()
        .find(|c| c.id == id)
        .map_or("", |c| c.header(ui.lang))
}

fn text_input(
    ui: &Ui,
    view: &View,
    name: &str,
    label: &str,
    value: &str,
    readonly: bool,
) -> Markup {
    let bad = view.errors.iter().any(|e| e.field == name);
    html! {
        div.field {
            label for=(fid(name)) { (label) } br;
            input id=(fid(name)) name=(name) value=(value) readonly[readonly]
                aria-invalid=[bad.then_some("true")]
                aria-describedby=[bad.then(|| format!("{}-error", fid(name)))];
            (error_line(ui, view.errors, name))
        }
    }
}

/// A `<select>` of `(value, text)` with a blank first option.
fn select(
    ui: &Ui,
    view: &View,
    name: &str,
    label: &str,
    value: &str,
    blank: &str,
    options: &[(String, String)],
) -> Markup {
    html! {
        div.field {
            label for=(fid(name)) { (label) } br;
            select id=(fid(name)) name=(name) aria-invalid=[view.errors.iter().any(|e| e.field == name).then_some("true")] {
                option value="" { (blank) }
                @for (v, t) in options { option value=(v) selected[v == value] { (t) } }
            }
            (error_line(ui, view.errors, name))
        }
    }
}

fn yes_no(ui: &Ui, view: &View, name: &str, label: &str, value: Option<&str>) -> Markup {
    let v = match spp_register::facts::yes_no(name, value) {
        Ok(Some(true)) => "yes",
        Ok(Some(false)) => "no",
        _ => value.unwrap_or(""),
    };
    let options = [
        ("yes".to_string(), ui.t("yes").to_string()),
        ("no".to_string(), ui.t("no").to_string()),
    ];
    select(ui, view, name, label, v, ui.t("not_reported"), &options)
}

fn codes<T: Copy>(
    ui: &Ui,
    kind: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), code_name(ui, kind, code(*v))))
        .collect()
}

fn render(s: &WebState, ui: &Ui, input: &ContractInput, view: &View) -> Markup {
    let title = if view.editing {
        ui.t("contract_edit")
    } else {
        ui.t("contract_new")
    };
    let entities: Vec<(String, String)> = view
        .entities
        .iter()
        .map(|e| {
            (
                e.entity.code.to_string(),
                format!("{} ({})", e.entity.name, e.entity.code),
            )
        })
        .collect();
    let procedures: Vec<(String, String)> = Procedure::ALL
        .iter()
        .map(|p| (p.as_str().to_string(), procedure_name(ui, *p)))
        .collect();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    page(
        ui,
        Section::Register,
        title,
        html! {
            @if !view.errors.is_empty() {
                div.error #form-error role="alert" {
                    p { strong { (ui.t("contract_not_saved")) } }
                    ul { @for e in view.errors {
                        li { a href={ "#" (fid(&e.field)) } { code { (e.field) } } ": " span lang="en" { (e.reason) } }
                    } }
                }
            }
            form.contract method="post" action="/register/contracts" {
                (csrf_input(ui))
                input type="hidden" name="editing" value=(if view.editing { "1" } else { "0" });
                fieldset {
                    legend { (ui.t("contract")) }
                    @if view.editing {
                        (text_input(ui, view, "entity", column_label(ui, "entity"), &input.entity, true))
                    } @else {
                        (select(ui, view, "entity", column_label(ui, "entity"), &input.entity, ui.t("choose"), &entities))
                    }
                    (text_input(ui, view, "reference", column_label(ui, "reference"), &input.reference, view.editing))
                    (text_input(ui, view, "title", column_label(ui, "title"), &input.title, false))
                    (select(ui, view, "procedure", column_label(ui, "procedure"), &input.procedure, ui.t("choose"), &procedures))
                    (select(ui, view, "threshold", ui.t("threshold"), &opt(&input.threshold), ui.t("not_reported"),
                        &codes(ui, "threshold", Threshold::ALL, |t| t.as_str())))
                    (text_input(ui, view, "award_date", column_label(ui, "award_date"), &opt(&input.award_date), false))
                    (text_input(ui, view, "notice", column_label(ui, "notice"), &opt(&input.notice), false))
                    (text_input(ui, view, "framework_ceiling", column_label(ui, "framework_ceiling"), &opt(&input.framework_ceiling), false))
                    (error_line(ui, view.errors, "lots"))
                    (error_line(ui, view.errors, "call_offs"))
                }
                @for (i, lot) in input.lots.iter().enumerate() { (lot_fields(s, ui, view, i, lot)) }
                (money_rows(ui, view, input))
                p.buttons {
                    button #add-lot type="submit" name="action" value="add_lot" { (ui.t("lot_add")) } " "
                    button #save type="submit" name="action" value="save" { (ui.t("save")) }
                }
            }
        },
    )
}

/// The framework's call-offs and the invoices, one row each and an empty one to add.
fn money_rows(ui: &Ui, view: &View, input: &ContractInput) -> Markup {
    let blank_call_off = spp_register::CallOffInput::default();
    let blank_invoice = spp_register::InvoiceInput::default();
    let call_offs = input
        .call_offs
        .iter()
        .chain(std::iter::once(&blank_call_off));
    let invoices = input.invoices.iter().chain(std::iter::once(&blank_invoice));
    html! {
        fieldset.rows #call-offs {
            legend { (ui.t("call_offs")) }
            @for (i, c) in call_offs.enumerate() {
                @let n = |f: &str| format!("call_offs[{i}].{f}");
                div.row {
                    (text_input(ui, view, &n("reference"), ui.t("call_off_reference"), &c.reference, false))
                    (text_input(ui, view, &n("date"), ui.t("date"), &c.date, false))
                    (text_input(ui, view, &n("value"), ui.t("amount_eur"), &c.value, false))
                }
            }
        }
        fieldset.rows #invoices {
            legend { (ui.t("invoices")) }
            @for (i, v) in invoices.enumerate() {
                @let n = |f: &str| format!("invoices[{i}].{f}");
                div.row {
                    (text_input(ui, view, &n("reference"), ui.t("invoice_reference"), &v.reference, false))
                    (text_input(ui, view, &n("amount"), ui.t("amount_eur"), &v.amount, false))
                    (text_input(ui, view, &n("received"), ui.t("invoice_received"), &v.received, false))
                    (text_input(ui, view, &n("paid"), ui.t("invoice_paid"), v.paid.as_deref().unwrap_or(""), false))
                }
            }
        }
    }
}

fn lot_fields(s: &WebState, ui: &Ui, view: &View, i: usize, lot: &LotInput) -> Markup {
    let catalogue = s.app.catalogue();
    let n = |f: &str| format!("lots[{i}].{f}");
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let groups: Vec<(String, String)> = catalogue
        .groups()
        .iter()
        .map(|g| (g.id.clone(), g.name(ui.lang).to_string()))
        .collect();
    html! {
        fieldset.lot id={ "lot-" (i) } {
            legend { (ui.t("lot")) " " (i + 1) }
            (text_input(ui, view, &n("reference"), column_label(ui, "lot"), &lot.reference, false))
            (text_input(ui, view, &n("title"), column_label(ui, "lot_title"), &opt(&lot.title), false))
            (text_input(ui, view, &n("cpv"), column_label(ui, "cpv"), &lot.cpv, false))
            (select(ui, view, &n("product_group"), ui.t("product_group"), &opt(&lot.product_group), ui.t("group_from_cpv"), &groups))
            (text_input(ui, view, &n("estimated_value"), column_label(ui, "estimated_value"), &opt(&lot.estimated_value), false))
            (text_input(ui, view, &n("awarded_value"), column_label(ui, "awarded_value"), &opt(&lot.awarded_value), false))
            (super::form_criteria::criteria(s, ui, i, lot, view.errors))
            (super::form_criteria::labels(s, ui, i, lot, view.errors))
            (yes_no(ui, view, &n("social_clause"), column_label(ui, "social_clause"), lot.social_clause.as_deref()))
            (yes_no(ui, view, &n("reserved"), column_label(ui, "reserved"), lot.reserved.as_deref()))
            (select(ui, view, &n("supply_chain"), column_label(ui, "supply_chain"), &opt(&lot.supply_chain), ui.t("not_reported"),
                &codes(ui, "supply_chain", SupplyChain::ALL, |c| c.as_str())))
            (super::form_criteria::circular(ui, i, lot, view.errors, &codes(ui, "circular", CircularModel::ALL, |c| c.as_str())))
            (select(ui, view, &n("innovation"), column_label(ui, "innovation"), &opt(&lot.innovation), ui.t("not_reported"),
                &codes(ui, "innovation", Innovation::ALL, |c| c.as_str())))
            (yes_no(ui, view, &n("lcc_used"), column_label(ui, "lcc_used"), lot.lcc_used.as_deref()))
            (text_input(ui, view, &n("winner_name"), column_label(ui, "winner_name"), &opt(&lot.winner_name), false))
            (text_input(ui, view, &n("winner_kbo"), column_label(ui, "winner_kbo"), &opt(&lot.winner_kbo), false))
            (yes_no(ui, view, &n("winner_sme"), column_label(ui, "winner_sme"), lot.winner_sme.as_deref()))
            (yes_no(ui, view, &n("e_submission"), column_label(ui, "e_submission"), lot.e_submission.as_deref()))
        }
    }
}
