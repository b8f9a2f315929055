//! The LCC calculator: a form for 2–6 offers (`/lcc`, `?preset=vehicle` for the Clean
//! Vehicles preset), the result table and a stacked-cost chart (POST `/lcc`), the evaluation
//! as TOML to download (POST `/lcc` with `action=download`) and to upload (POST
//! `/lcc/upload`). The numbers come from `spp_app::lcc`, the engine of `spp lcc`.

use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::{html, Markup};
use rust_decimal::prelude::ToPrimitive;
use spp_app::{AppError, AppResult};
use spp_lcc::EvaluationResult;

use super::charts::{self, Stack};
use super::layout::{amount, page, Section};
use super::lcc_form::{LccForm, OfferForm, MAX_OFFERS, MIN_OFFERS};
use crate::error::{OrPage, PageError};
use crate::i18n::Ui;
use crate::WebState;

pub async fn form(ui: Ui) -> Markup {
    let get = |k: &str| {
        ui.query
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    let form = match get("preset") {
        Some("vehicle") => LccForm::vehicle_preset(),
        _ => LccForm::blank(
            get("offers")
                .and_then(|n| n.parse().ok())
                .unwrap_or(MIN_OFFERS),
        ),
    };
    render(&ui, &form, None, None)
}

pub async fn submit(
    ui: Ui,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = LccForm::from_pairs(&pairs);
    let toml = form.to_toml().or_page(&ui)?;
    if pairs.iter().any(|(k, v)| k == "action" && v == "download") {
        let headers = [
            (header::CONTENT_TYPE, "application/toml; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"spp-lcc.toml\"",
            ),
        ];
        return Ok((headers, toml).into_response());
    }
    let result = evaluate(&ui, &toml).or_page(&ui)?;
    Ok(render(&ui, &form, Some(&result), None).into_response())
}

pub async fn upload(
    State(_): State<WebState>,
    ui: Ui,
    mut multipart: Multipart,
) -> Result<Markup, PageError> {
    let mut text = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(bad_upload)
        .or_page(&ui)?
    {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(bad_upload).or_page(&ui)?;
            text = Some(
                String::from_utf8(bytes.to_vec())
                    .map_err(|_| AppError::bad_input("file", "", "not UTF-8 text"))
                    .or_page(&ui)?,
            );
        }
    }
    let text = text
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| AppError::bad_input("file", "", "no evaluation file was sent"))
        .or_page(&ui)?;
    let result = spp_app::lcc::evaluate_toml(&text, std::path::Path::new("the uploaded file"))
        .or_page(&ui)?;
    Ok(render(
        &ui,
        &LccForm::blank(result.offers.len()),
        Some(&result),
        Some(&text),
    ))
}

fn bad_upload(e: axum::extract::multipart::MultipartError) -> AppError {
    AppError::bad_input("file", "", format!("the upload could not be read: {e}"))
}

fn evaluate(ui: &Ui, toml: &str) -> AppResult<EvaluationResult> {
    spp_app::lcc::evaluate_toml(toml, std::path::Path::new(ui.t("the_form")))
}

fn field(ui: &Ui, id: &str, key: &str, value: &str, kind: &str) -> Markup {
    html! { label for=(id) { (ui.t(key)) input id=(id) name=(id) type=(kind) value=(value) inputmode=[(kind == "text" && key != "offer_name" && key != "eval_title" && key != "energy_unit").then_some("decimal")]; } }
}

fn offer_fields(ui: &Ui, i: usize, o: &OfferForm) -> Markup {
    let id = |n: &str| format!("o{i}_{n}");
    html! {
        fieldset.offer {
            legend { (ui.t("offer")) " " (i) }
            (field(ui, &id("name"), "offer_name", &o.name, "text"))
            (field(ui, &id("price"), "purchase_price", &o.price, "text"))
            (field(ui, &id("energy_unit"), "energy_unit", &o.energy_unit, "text"))
            (field(ui, &id("energy_price"), "energy_price", &o.energy_price, "text"))
            (field(ui, &id("co2_per_unit"), "co2_per_unit", &o.co2_per_unit, "text"))
            (field(ui, &id("energy_per_year"), "energy_per_year", &o.energy_per_year, "text"))
            (field(ui, &id("energy_per_km"), "energy_per_km", &o.energy_per_km, "text"))
            (field(ui, &id("maintenance"), "maintenance_per_year", &o.maintenance_per_year, "text"))
            (field(ui, &id("disposal"), "disposal_cost", &o.disposal_cost, "text"))
            (field(ui, &id("residual"), "residual_share", &o.residual_share_pct, "text"))
        }
    }
}

fn render(
    ui: &Ui,
    f: &LccForm,
    result: Option<&EvaluationResult>,
    uploaded: Option<&str>,
) -> Markup {
    let lang = ui.lang.as_str();
    page(
        ui,
        Section::Lcc,
        ui.t("lcc_title"),
        html! {
            p { (ui.t("lcc_intro")) }
            p.noprint {
                a.button.secondary href=(format!("/lcc?preset=vehicle&lang={lang}")) #preset-vehicle { (ui.t("preset_vehicle")) } " "
                a.button.secondary href=(format!("/lcc?lang={lang}")) { (ui.t("preset_blank")) } " "
                (ui.t("offers_count")) ": "
                @for n in MIN_OFFERS..=MAX_OFFERS { a href=(format!("/lcc?offers={n}&lang={lang}")) aria-current=[(n == f.offers.len()).then_some("true")] { (n) } " " }
            }
            @if let Some(r) = result { (result_view(ui, r)) }
            form #lcc-form method="post" action=(format!("/lcc?lang={lang}")) {
                input type="hidden" name="offers" value=(f.offers.len());
                fieldset.lcc-settings {
                    legend { (ui.t("settings")) }
                    (field(ui, "title", "eval_title", &f.title, "text"))
                    (field(ui, "years", "study_years", &f.years, "number"))
                    (field(ui, "discount", "discount_rate", &f.discount_pct, "text"))
                    (field(ui, "co2_price", "co2_price", &f.co2_price, "text"))
                    (field(ui, "energy_escalation", "energy_escalation", &f.energy_escalation_pct, "text"))
                    (field(ui, "km_per_year", "km_per_year", &f.km_per_year, "text"))
                    label for="vehicle_category" { (ui.t("vehicle_category"))
                        select #vehicle_category name="vehicle_category" {
                            option value="" { (ui.t("none")) }
                            @for c in ["M1", "M2", "M3", "N1", "N2", "N3"] { option value=(c) selected[f.vehicle_category == c] { (c) } }
                        }
                    }
                }
                div.offer-grid { @for (i, o) in f.offers.iter().enumerate() { (offer_fields(ui, i + 1, o)) } }
                p {
                    button type="submit" name="action" value="calculate" #calculate { (ui.t("calculate")) } " "
                    button.secondary type="submit" name="action" value="download" { (ui.t("download_toml")) }
                }
            }
            form.noprint #upload-form method="post" action=(format!("/lcc/upload?lang={lang}")) enctype="multipart/form-data" {
                label for="file" { (ui.t("upload_toml")) " " input #file type="file" name="file" accept=".toml,text/plain"; }
                " " button.secondary type="submit" { (ui.t("upload")) }
            }
            @if let Some(t) = uploaded { details { summary { "TOML" } pre { (t) } } }
        },
    )
}

/// One decimal with the reader's decimal mark.
fn decimal_1(ui: &Ui, v: rust_decimal::Decimal) -> String {
    let s = v.round_dp(1).to_string();
    if ui.lang == crate::i18n::Lang::En {
        s
    } else {
        s.replace('.', ",")
    }
}

fn eur(ui: &Ui, v: rust_decimal::Decimal) -> String {
    amount(ui, v)
}

fn result_view(ui: &Ui, r: &EvaluationResult) -> Markup {
    let other = |o: &spp_lcc::OfferResult| o.pv.consumables + o.pv.replacements;
    let stacks: Vec<Stack> = r
        .offers
        .iter()
        .map(|o| Stack {
            label: o.name.clone().unwrap_or_else(|| o.id.clone()),
            parts: vec![
                (
                    ui.t("acquisition").to_string(),
                    o.pv.acquisition.to_f64().unwrap_or(0.0),
                ),
                (
                    ui.t("energy").to_string(),
                    o.pv.energy.to_f64().unwrap_or(0.0),
                ),
                (
                    ui.t("maintenance").to_string(),
                    o.pv.maintenance.to_f64().unwrap_or(0.0),
                ),
                (
                    ui.t("other_costs").to_string(),
                    other(o).to_f64().unwrap_or(0.0),
                ),
                (
                    ui.t("end_of_life").to_string(),
                    (o.pv.disposal + o.pv.residual_value)
                        .to_f64()
                        .unwrap_or(0.0),
                ),
                (
                    ui.t("externalities").to_string(),
                    o.pv.externalities.to_f64().unwrap_or(0.0),
                ),
            ],
            total_text: eur(ui, o.societal_lcc),
        })
        .collect();
    let legend: Vec<String> = stacks
        .first()
        .map(|s| s.parts.iter().map(|p| p.0.clone()).collect())
        .unwrap_or_default();
    html! {
        section #lcc-result {
            h2 { (ui.t("result")) @if let Some(t) = &r.title { ": " (t) } }
            table #lcc-table {
                thead { tr {
                    th scope="col" { (ui.t("offer")) }
                    th.num scope="col" { (ui.t("acquisition")) } th.num scope="col" { (ui.t("energy")) }
                    th.num scope="col" { (ui.t("maintenance")) } th.num scope="col" { (ui.t("other_costs")) }
                    th.num scope="col" { (ui.t("end_of_life")) } th.num scope="col" { (ui.t("externalities")) }
                    th.num scope="col" { (ui.t("internal_lcc")) } th.num scope="col" { (ui.t("societal_lcc")) }
                    th.num scope="col" { (ui.t("rank")) } th.num scope="col" { (ui.t("points")) }
                } }
                tbody {
                    @for o in &r.offers {
                        tr {
                            th scope="row" { (o.name.clone().unwrap_or_else(|| o.id.clone())) }
                            td.num { (eur(ui, o.pv.acquisition)) } td.num { (eur(ui, o.pv.energy)) }
                            td.num { (eur(ui, o.pv.maintenance)) } td.num { (eur(ui, other(o))) }
                            td.num { (eur(ui, o.pv.disposal + o.pv.residual_value)) } td.num { (eur(ui, o.pv.externalities)) }
                            td.num { (eur(ui, o.internal_lcc)) } td.num { strong { (eur(ui, o.societal_lcc)) } }
                            td.num { (o.rank_societal) }
                            td.num { (o.score.map(|p| decimal_1(ui, p)).unwrap_or_else(|| "—".into())) }
                        }
                    }
                }
            }
            (charts::stacked(ui.t("chart_lcc"), &stacks, &legend))
        }
    }
}
