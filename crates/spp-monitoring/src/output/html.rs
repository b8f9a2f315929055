//! `--format html`: one self-contained page (inline CSS, inline SVG drawn here, no script,
//! no network): headline figures against the targets, shares over time, by country and by
//! CPV division, every indicator, the definitions and the coverage warnings.

use std::fmt::Write as _;

use crate::engine::{Report, Row};
use crate::group::{GroupBy, UNKNOWN};
use crate::measure::Variant;
use crate::prepared::Stage;

use super::{headlines, implausible_rows, number, percent, row_label, warnings, IMPLAUSIBLE_HEAD};

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#1b1b1b;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{padding:.25rem .5rem;border-bottom:1px solid #e3e3e3;text-align:right}
th:first-child,td:first-child,td.text{text-align:left}.cards{display:flex;flex-wrap:wrap;gap:1rem}
.card{border:1px solid #ccc;border-radius:.4rem;padding:.8rem 1rem;min-width:14rem}.card .v{font-size:1.8rem;font-weight:600}
.muted{color:#666;font-size:.85rem}.warn li{margin:.3rem 0}svg.chart{width:100%;height:auto;margin:1rem 0;font-size:11px}
.bar0{fill:#2e7d32}.bar1{fill:#1565c0}.bar2{fill:#ef6c00}.target{stroke:#c62828;stroke-width:1.5;stroke-dasharray:5 3}
.axis{stroke:#999}.legend rect{stroke:none}";

/// Colours of the series, by class.
const SERIES: [&str; 3] = ["bar0", "bar1", "bar2"];

pub fn render(report: &Report) -> String {
    let mut h = String::new();
    let f = &report.facts;
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>spp monitoring report</title><style>{CSS}</style></head><body>"
    );
    let _ = write!(
        h,
        "<h1>spp monitoring report</h1><p class=\"muted\">{} notices, {} lots. SPP-1 policy: {}. Amounts in EUR at the {} (last rate {}).</p>",
        f.notices,
        f.lots,
        esc(report.policy.as_deref().unwrap_or("none")),
        esc(report.fx.source),
        report.fx.last_date.map_or("none".into(), |d| d.to_string())
    );

    h.push_str("<h2>Headline</h2><div class=\"cards\">");
    for row in headlines(report) {
        let m = &row.measure;
        let _ = write!(
            h,
            "<div class=\"card headline\" data-id=\"{}\"><div>{} {} <span class=\"muted\">({}, {})</span></div><div class=\"v\">{}</div><div class=\"muted\">{}{} / {} {}; coverage {}</div></div>",
            row.id,
            row.id,
            esc(row.meta.name),
            m.stage.as_str(),
            m.variant.as_str(),
            percent(m.value()),
            row.meta
                .target
                .map_or(String::new(), |t| format!("target {} · ", percent(Some(t)))),
            number(m.numerator),
            m.denominator.map_or("—".into(), number),
            m.unit,
            percent(m.coverage.as_ref().and_then(|c| c.share()))
        );
    }
    h.push_str("</div>");

    h.push_str("<h2>Shares over time</h2>");
    h.push_str(&year_chart(report));
    h.push_str("<h2>By buyer country</h2>");
    h.push_str(&hbar_chart(
        report,
        GroupBy::Country,
        "SPP-2",
        "chart-country",
        "declared strategic procurement, award stage, share of lots with BT-06 reported",
    ));
    h.push_str("<h2>By CPV division</h2>");
    h.push_str(&hbar_chart(
        report,
        GroupBy::CpvDivision,
        "GPP-1",
        "chart-cpv",
        "green procurement (declared), award stage, share of lots with BT-06 reported",
    ));

    let warnings = warnings(report);
    h.push_str("<h2>Coverage warnings</h2><ul class=\"warn\">");
    if warnings.is_empty() {
        h.push_str("<li>none</li>");
    }
    for w in warnings {
        let _ = write!(h, "<li>{}</li>", esc(&w));
    }
    h.push_str("</ul>");

    h.push_str("<h2>Corpus facts</h2><table id=\"facts\"><tr><th>fact</th><th>count</th></tr>");
    let mut facts: Vec<(String, u64)> = vec![("notices".into(), f.notices)];
    facts.extend(
        f.notices_by_form_type
            .iter()
            .map(|(k, v)| (format!("notices ({k})"), *v)),
    );
    facts.extend([
        ("lots".to_string(), f.lots),
        ("lots with BT-06 reported".into(), f.lots_strategic_reported),
        ("lots env-imp".into(), f.lots_env_imp),
        ("lots soc-obj".into(), f.lots_soc_obj),
        ("lots inn-pur".into(), f.lots_inn_pur),
        ("lots with BT-805 criteria".into(), f.lots_gpp_criteria),
        ("result notices".into(), f.result_notices),
        ("winners".into(), f.winners),
        ("SME winners".into(), f.winners_sme),
    ]);
    for (k, v) in facts {
        let _ = write!(h, "<tr><td>{}</td><td>{v}</td></tr>", esc(&k));
    }
    h.push_str("</table><h2>Lots by year and format</h2><table id=\"history\"><tr><th>year</th><th>lots by format</th></tr>");
    for (year, formats) in &report.lots_by_year_and_format {
        let parts: Vec<String> = formats.iter().map(|(f, n)| format!("{f} {n}")).collect();
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(year),
            esc(&parts.join(", "))
        );
    }
    h.push_str("</table>");

    let flagged = implausible_rows(report);
    if !flagged.is_empty() {
        h.push_str("<h2>Implausible values</h2><table id=\"implausible\"><tr>");
        for head in IMPLAUSIBLE_HEAD {
            let _ = write!(h, "<th>{head}</th>");
        }
        h.push_str("</tr>");
        for row in flagged {
            h.push_str("<tr>");
            for cell in row {
                let _ = write!(h, "<td>{}</td>", esc(&cell));
            }
            h.push_str("</tr>");
        }
        h.push_str("</table>");
    }

    h.push_str("<h2>Indicators</h2><table id=\"indicators\"><tr><th>indicator</th><th>group</th><th>numerator</th><th>denominator</th><th>value</th><th>coverage</th></tr>");
    for row in report.main_rows() {
        indicator_row(&mut h, row);
    }
    h.push_str("</table>");

    h.push_str("<h2>Definitions</h2><table id=\"definitions\"><tr><th>id</th><th>name</th><th>numerator</th><th>denominator</th><th>notes</th></tr>");
    for meta in &report.definitions {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
            meta.id,
            esc(meta.name),
            esc(meta.numerator),
            esc(meta.denominator),
            esc(meta.notes)
        );
    }
    h.push_str("</table><p class=\"muted\">Unknown is not no: a lot that does not report a field is outside that ratio's denominator and lowers its coverage. Call stage = competition notices by dispatch year; award stage = result notices by award year. Framework ceilings are never added to spend.</p></body></html>\n");
    h
}

fn indicator_row(h: &mut String, row: &Row) {
    let m = &row.measure;
    let _ = write!(
        h,
        "<tr class=\"indicator\" data-id=\"{}\"><td>{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        row.id,
        esc(&row_label(row)),
        esc(&row.group),
        number(m.numerator),
        m.denominator.map_or("—".into(), number),
        percent(m.value()),
        percent(m.coverage.as_ref().and_then(|c| c.share()))
    );
}

/// Grouped vertical bars per year (SPP-2, GPP-1 award count; INN-1 award value) with the
/// 100 % and 3 % targets as dashed lines.
fn year_chart(report: &Report) -> String {
    let series: [(&str, Variant, &str); 3] = [
        ("SPP-2", Variant::Count, "SPP-2 declared strategic (lots)"),
        ("GPP-1", Variant::Count, "GPP-1 green (lots)"),
        ("INN-1", Variant::Value, "INN-1 innovative (EUR)"),
    ];
    let mut years: Vec<&str> = report
        .rows_by(GroupBy::Year)
        .map(|r| r.group.as_str())
        .filter(|g| *g != UNKNOWN)
        .collect();
    years.dedup();
    let (w, h, left, top, bottom) = (720.0, 300.0, 50.0, 30.0, 40.0);
    let plot_h = h - top - bottom;
    let mut s = format!(
        "<svg class=\"chart\" id=\"chart-year\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"shares over time against the targets\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    axis(&mut s, left, top, w, plot_h);
    if years.is_empty() {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\">no dated records</text>",
            left + 10.0,
            top + 20.0
        );
    }
    // The bars stop before a right margin that holds the target labels.
    let labels = 120.0;
    let slot = (w - left - labels) / years.len().max(1) as f64;
    let bar = (slot * 0.8 / series.len() as f64).min(40.0);
    for (i, year) in years.iter().enumerate() {
        let x0 = left + slot * i as f64 + slot * 0.1;
        for (j, (id, variant, _)) in series.iter().enumerate() {
            let value = report
                .rows_by(GroupBy::Year)
                .find(|r| {
                    r.group == *year
                        && r.id == *id
                        && r.measure.stage == Stage::Award
                        && r.measure.variant == *variant
                        && r.measure.split.is_none()
                })
                .and_then(|r| r.measure.value());
            if let Some(v) = value {
                let bh = plot_h * v.clamp(0.0, 1.0);
                let _ = write!(
                    s,
                    "<rect class=\"bar {}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{} {}: {}</title></rect>",
                    SERIES[j],
                    x0 + bar * j as f64,
                    top + plot_h - bh,
                    bar,
                    bh,
                    id,
                    year,
                    percent(Some(v))
                );
            }
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x0 + bar * series.len() as f64 / 2.0,
            h - bottom + 16.0,
            esc(year)
        );
    }
    for (target, label) in [(1.0, "SPP target 100 %"), (0.03, "INN target 3 %")] {
        let y = top + plot_h * (1.0 - target);
        let _ = write!(
            s,
            "<line class=\"target\" x1=\"{left}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"start\" fill=\"#c62828\">{label}</text>",
            w - labels,
            w - labels + 4.0,
            y + 4.0
        );
    }
    s.push_str("<g class=\"legend\">");
    for (j, (_, _, label)) in series.iter().enumerate() {
        let x = left + 10.0 + 190.0 * j as f64;
        let _ = write!(
            s,
            "<rect class=\"{}\" x=\"{x}\" y=\"6\" width=\"10\" height=\"10\"/><text x=\"{}\" y=\"15\">{}</text>",
            SERIES[j],
            x + 14.0,
            esc(label)
        );
    }
    s.push_str("</g></svg>");
    s
}

/// Horizontal bars of one indicator (award stage, count) per group, largest denominators first.
fn hbar_chart(report: &Report, by: GroupBy, id: &str, svg_id: &str, caption: &str) -> String {
    let mut items: Vec<(&str, f64, f64)> = report
        .rows_by(by)
        .filter(|r| {
            r.id == id
                && r.measure.stage == Stage::Award
                && r.measure.variant == Variant::Count
                && r.measure.split.is_none()
        })
        .filter_map(|r| {
            let den = super::to_f64(r.measure.denominator?);
            Some((r.group.as_str(), r.measure.value()?, den))
        })
        .collect();
    items.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)));
    items.truncate(15);
    let (w, row_h, left) = (720.0, 20.0, 170.0);
    let h = 30.0 + row_h * items.len().max(1) as f64;
    let mut s = format!(
        "<svg class=\"chart\" id=\"{svg_id}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\"><text x=\"0\" y=\"14\">{} — {}</text>",
        esc(caption),
        id,
        esc(caption)
    );
    if items.is_empty() {
        let _ = write!(
            s,
            "<text x=\"0\" y=\"40\">no {id} data at the award stage</text>"
        );
    }
    let plot_w = w - left - 70.0;
    for (i, (group, value, den)) in items.iter().enumerate() {
        let y = 24.0 + row_h * i as f64;
        let bw = plot_w * value.clamp(0.0, 1.0);
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{} (n={})</text><rect class=\"bar bar0\" x=\"{left}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\"><title>{}: {}</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            left - 6.0,
            y + 13.0,
            esc(group),
            den,
            row_h - 6.0,
            esc(group),
            percent(Some(*value)),
            left + bw + 4.0,
            y + 13.0,
            percent(Some(*value))
        );
    }
    let _ = write!(
        s,
        "<line class=\"target\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"20\" y2=\"{:.1}\"/>",
        left + plot_w,
        left + plot_w,
        h
    );
    s.push_str("</svg>");
    s
}

fn axis(s: &mut String, left: f64, top: f64, w: f64, plot_h: f64) {
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let y = top + plot_h * (1.0 - tick);
        let _ = write!(
            s,
            "<line class=\"axis\" x1=\"{left}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke-opacity=\"0.3\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{:.0} %</text>",
            w - 10.0,
            left - 4.0,
            y + 4.0,
            tick * 100.0
        );
    }
}

/// Escape text for HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
