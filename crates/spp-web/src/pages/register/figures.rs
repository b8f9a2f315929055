//! `/register/figures`: the indicators over the register and the published notices together
//! (`App::register_report`, docs/INDICATORS.md "Register and notices"): how many lots came
//! from where, and per indicator the numerator, the denominator by source, the share and the
//! coverage, for the whole selection. `spp register report --source both` prints the same
//! numbers with every grouping.

use axum::extract::State;
use maud::{html, Markup};
use spp_app::register::monitor::{RegisterReport, Sources};

use crate::error::{OrPage, PageError};
use crate::i18n::Ui;
use crate::pages::layout::{int, page, pct, Section};
use crate::session::Session;
use crate::WebState;

pub async fn handler(
    State(s): State<WebState>,
    session: Session,
    ui: Ui,
) -> Result<Markup, PageError> {
    let report = s
        .app
        .register_report(&session.actor, Sources::Both, &s.policy)
        .await
        .or_page(&ui)?;
    Ok(render(&ui, &report))
}

fn render(ui: &Ui, r: &RegisterReport) -> Markup {
    let n = |v: u64| int(ui, v);
    page(
        ui,
        Section::Register,
        ui.t("figures_title"),
        html! {
            p { (ui.t("figures_intro")) " " code { (r.policy) } }
            dl.facts #figure-sources {
                dt { (ui.t("lots_register")) } dd #register-lots { (n(r.register_lots)) }
                dt { (ui.t("lots_notices")) } dd #notice-lots { (n(r.notice_lots)) }
                dt { (ui.t("lots_linked")) } dd #linked-lots { (n(r.linked_lots)) }
                dt { (ui.t("lots_unmapped")) } dd #unmapped-lots { (n(r.unmapped_notice_lots)) }
            }
            table #combined {
                thead { tr {
                    th { (ui.t("indicator")) } th.num { (ui.t("numerator")) } th.num { (ui.t("denominator")) }
                    th.num { (ui.t("share")) } th.num { (ui.t("coverage")) }
                    th.num { (ui.t("from_register")) } th.num { (ui.t("from_notices")) } th.num { (ui.t("from_both")) }
                } }
                tbody { @for row in r.rows.iter().filter(|row| row.group_by == "all") {
                    tr data-indicator=(row.id) {
                        td { code { (row.id) } } td.num { (n(row.met)) } td.num { (n(row.reported)) }
                        td.num { (pct(ui, row.share())) }
                        td.num { (pct(ui, (row.all > 0).then(|| row.reported as f64 / row.all as f64))) }
                        td.num { (n(row.from_register)) } td.num { (n(row.from_notices)) } td.num { (n(row.from_both)) }
                    }
                } }
            }
        },
    )
}
