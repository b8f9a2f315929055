//! The dashboard: the filters, every indicator with numerator, denominator, share, coverage
//! and target (count and EUR variants, call and award stages), the trend by year against the
//! 100 % and 3 % targets, lots by year and source format, CPV divisions, and the values the
//! plausibility checks flagged. Every figure links to the lots behind it.

use axum::extract::State;
use maud::{html, Markup};
use spp_app::{Filter, ReportQuery};
use spp_monitoring::{GroupBy, Report, Row, Stage, Variant};

use super::charts::{self, Bar};
use super::filters::{self, href};
use super::labels;
use super::layout::{int, page, pct, Section};
use crate::error::{OrPage, PageError};
use crate::i18n::Ui;
use crate::WebState;

pub async fn handler(State(s): State<WebState>, ui: Ui) -> Result<Markup, PageError> {
    let filter = filters::parse(&s, &ui, &[]).or_page(&ui)?;
    let report = s
        .app
        .report(&query(filter.clone()), &s.policy)
        .await
        .or_page(&ui)?;
    Ok(render(&ui, &s, &filter, &report))
}

/// The report the dashboard shows: totals, and the breakdowns its charts and lists use.
/// No breakdown by buyer: the stored aggregates do not keep buyers, and a list of every buyer
/// of a large store is no use on a dashboard (the explorer finds a buyer by name).
pub fn query(filter: Filter) -> ReportQuery {
    ReportQuery {
        filter,
        extra_groupings: vec![GroupBy::Year, GroupBy::CpvDivision, GroupBy::Country],
        ..Default::default()
    }
}

fn render(ui: &Ui, s: &WebState, filter: &Filter, report: &Report) -> Markup {
    let body = html! {
        (filters::form(ui, s, filter, report, "/"))
        (facts(ui, report))
        @if report.facts.lots == 0 { p.warn { (ui.t("no_data")) } }
        h2 #indicators { (ui.t("indicators")) }
        (indicator_table(ui, filter, report))
        h2 #trend { (ui.t("trend")) }
        (trend(ui, filter, report, "SPP-2", Variant::Count, 1.0, "100 %", "trend_spp", 1.0))
        (trend(ui, filter, report, "INN-1", Variant::Value, 0.03, "3 %", "trend_inn", 0.10))
        h2 #history { (ui.t("lots_by_year_format")) }
        (history(ui, report))
        h2 #cpv { (ui.t("cpv_divisions")) }
        (cpv_divisions(ui, s, filter, report))
        h2 #implausible { (ui.t("implausible")) }
        (implausible(ui, report))
    };
    page(ui, Section::Dashboard, ui.t("dashboard_title"), body)
}

fn facts(ui: &Ui, r: &Report) -> Markup {
    let f = &r.facts;
    html! {
        p #facts {
            (ui.t("facts")) ": "
            strong { (int(ui, f.notices)) } " " (ui.t("notices")) ", "
            strong { (int(ui, f.lots)) } " " (ui.t("lots")) ", "
            strong { (int(ui, f.result_notices)) } " " (ui.t("result_notices")) ", "
            strong { (int(ui, f.winners)) } " " (ui.t("winners")) "."
        }
    }
}

/// The link to the lots behind a figure.
pub fn lots_href(filter: &Filter, id: &str, stage: Stage) -> String {
    href(
        "/lots",
        filter,
        &[("indicator", id), ("stage", labels::stage_code(stage))],
    )
}

fn indicator_table(ui: &Ui, filter: &Filter, report: &Report) -> Markup {
    html! {
        table #indicator-table {
            thead { tr {
                th scope="col" { (ui.t("indicator")) }
                th scope="col" { (ui.t("stage")) }
                th scope="col" { (ui.t("variant")) }
                th.num scope="col" { (ui.t("numerator")) }
                th.num scope="col" { (ui.t("denominator")) }
                th.num scope="col" { (ui.t("share")) }
                th.num scope="col" { (ui.t("coverage")) }
                th.num scope="col" { (ui.t("target")) }
                th scope="col" { (ui.t("show_lots")) }
            } }
            tbody {
                @for row in report.totals() { (indicator_row(ui, filter, row)) }
            }
        }
    }
}

fn indicator_row(ui: &Ui, filter: &Filter, row: &Row) -> Markup {
    let m = &row.measure;
    let name = match &m.split {
        None => ui.t(&format!("ind_{}", row.id)).to_string(),
        Some(split) => format!(
            "{} — {}",
            ui.t(&format!("ind_{}", row.id)),
            ui.t(&format!("split_{split}"))
        ),
    };
    let lots = lots_href(filter, row.id, m.stage);
    html! {
        tr data-indicator=(row.id) data-stage=(labels::stage_code(m.stage)) data-variant=(m.variant.as_str()) {
            th scope="row" { (name) " " span.muted { "(" (row.id) ")" } }
            td { (labels::stage(ui, m.stage)) }
            td { (labels::unit(ui, m.unit)) }
            td.num { a href=(lots) { (labels::amount_of(ui, m.numerator)) } }
            td.num { @match m.denominator { Some(d) => a href=(lots) { (labels::amount_of(ui, d)) }, None => "—" } }
            td.num { strong { (pct(ui, m.value())) } }
            td.num { (pct(ui, m.coverage.as_ref().and_then(|c| c.share()))) }
            td.num { (pct(ui, row.meta.target.filter(|_| m.split.is_none()))) }
            td { a href=(lots) aria-label=(format!("{} — {}", ui.t("show_lots"), name)) { "→" } }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn trend(
    ui: &Ui,
    filter: &Filter,
    r: &Report,
    id: &str,
    variant: Variant,
    target: f64,
    target_label: &str,
    title_key: &str,
    min_top: f64,
) -> Markup {
    let rows: Vec<&Row> = r
        .rows_by(GroupBy::Year)
        .filter(|row| {
            row.id == id
                && row.measure.stage == Stage::Award
                && row.measure.variant == variant
                && row.measure.split.is_none()
        })
        .filter(|row| row.group != spp_monitoring::group::UNKNOWN)
        .collect();
    let bars: Vec<Bar> = rows
        .iter()
        .map(|row| {
            let year_filter = Filter {
                from: chrono::NaiveDate::from_ymd_opt(row.group.parse().unwrap_or(2000), 1, 1),
                to: chrono::NaiveDate::from_ymd_opt(row.group.parse().unwrap_or(2000), 12, 31),
                ..filter.clone()
            };
            Bar {
                label: row.group.clone(),
                share: row.measure.value(),
                n: row
                    .measure
                    .denominator
                    .map(|d| labels::amount_of(ui, d))
                    .unwrap_or_else(|| "0".into()),
                href: lots_href(&year_filter, id, Stage::Award),
                text: pct(ui, row.measure.value()),
            }
        })
        .collect();
    let top = bars
        .iter()
        .filter_map(|b| b.share)
        .fold(min_top, f64::max)
        .min(1.0);
    let n_key = if variant == Variant::Value {
        "chart_n_eur"
    } else {
        "chart_n"
    };
    html! {
        figure {
            @if bars.is_empty() { p.muted { (ui.t("no_data")) } }
            @else { (charts::bars(ui.t(title_key), &bars, target, target_label, top)) }
            figcaption { (ui.t(title_key)) ". " (ui.t(n_key)) "." }
        }
    }
}

fn history(ui: &Ui, r: &Report) -> Markup {
    let formats: std::collections::BTreeSet<&String> = r
        .lots_by_year_and_format
        .values()
        .flat_map(|m| m.keys())
        .collect();
    html! {
        table #history-table {
            thead { tr {
                th scope="col" { (ui.t("year")) }
                @for f in &formats { th.num scope="col" { (ui.t(&format!("format_{f}"))) } }
                th.num scope="col" { (ui.t("total")) }
            } }
            tbody {
                @for (year, by) in &r.lots_by_year_and_format {
                    tr {
                        th scope="row" { (labels::group_name(ui, year)) }
                        @for f in &formats { td.num { (int(ui, by.get(*f).copied().unwrap_or(0))) } }
                        td.num { (int(ui, by.values().sum())) }
                    }
                }
            }
        }
    }
}

fn cpv_divisions(ui: &Ui, s: &WebState, filter: &Filter, r: &Report) -> Markup {
    let rows: Vec<&Row> = r
        .rows_by(GroupBy::CpvDivision)
        .filter(|row| {
            row.id == "SPP-2"
                && row.measure.stage == Stage::Award
                && row.measure.variant == Variant::Count
        })
        .collect();
    html! {
        table #cpv-table {
            thead { tr {
                th scope="col" { (ui.t("division")) }
                th scope="col" { (ui.t("name")) }
                th.num scope="col" { (ui.t("lots")) }
                th.num scope="col" { (ui.t("ind_SPP-2")) " (" (ui.t("stage_award")) ")" }
            } }
            tbody {
                @for row in rows {
                    @let code = row.group.as_str();
                    @let lots = row.measure.coverage.as_ref().map_or(0, |c| c.universe);
                    tr {
                        th scope="row" {
                            @if code == spp_monitoring::group::UNKNOWN { (ui.t("unknown")) }
                            @else { a href=(href("/", &Filter { cpv_division: spp_app::filter::CpvDivision::parse(code).ok(), ..filter.clone() }, &[])) { (code) } }
                        }
                        td { (labels::cpv_division(ui, s, code)) }
                        td.num { (int(ui, lots)) }
                        td.num { a href=(lots_href(&Filter { cpv_division: spp_app::filter::CpvDivision::parse(code).ok(), ..filter.clone() }, "SPP-2", Stage::Award)) { (pct(ui, row.measure.value())) } " (n=" (labels::amount_of(ui, row.measure.denominator.unwrap_or_default())) ")" }
                    }
                }
            }
        }
    }
}

/// Flagged values listed on the page; all of them are in the JSON report.
const IMPLAUSIBLE_SHOWN: usize = 100;

fn implausible(ui: &Ui, r: &Report) -> Markup {
    html! {
        @if r.implausible.is_empty() { p { (ui.t("implausible_none")) } }
        @if r.implausible.len() > IMPLAUSIBLE_SHOWN {
            p { (ui.t("implausible_first")) " " (IMPLAUSIBLE_SHOWN) " / " (r.implausible.len()) " — "
                a href="/api/v1/indicators" { (ui.t("implausible_all")) } }
        }
        @if !r.implausible.is_empty() {
            table #implausible-table {
                thead { tr {
                    th scope="col" { (ui.t("notice")) }
                    th scope="col" { (ui.t("lot")) }
                    th scope="col" { (ui.t("field")) }
                    th.num scope="col" { (ui.t("value")) }
                    th scope="col" { (ui.t("rule")) }
                    th scope="col" { "" }
                } }
                tbody {
                    @for f in r.implausible.iter().take(IMPLAUSIBLE_SHOWN) {
                        @let rule = serde_json::to_value(f.rule).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                        tr {
                            td { a href=(format!("/notices/{}", crate::i18n::encode(&f.notice_id))) { (f.notice_id) } }
                            td { a href=(format!("/notices/{}/lots/{}", crate::i18n::encode(&f.notice_id), crate::i18n::encode(&f.lot_id))) { (f.lot_id) } }
                            td { code { (f.field.as_str()) } }
                            td.num { (labels::amount_of(ui, f.value)) }
                            td { (rule) " — " (ui.t(&format!("rule_{rule}"))) }
                            td { @if f.included { (ui.t("implausible_included")) } @else { (ui.t("implausible_left_out")) } }
                        }
                    }
                }
            }
        }
    }
}
