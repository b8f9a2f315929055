//! `--format table`: a readable terminal summary, headline indicators first.

use std::fmt::Write as _;

use crate::engine::{Report, Row};
use crate::measure::Variant;
use crate::prepared::Stage;

use super::{headlines, implausible_rows, number, percent, row_label, warnings, IMPLAUSIBLE_HEAD};

/// The columns of the grouped view: (indicator, stage, variant).
const GROUP_COLUMNS: [(&str, Stage, Variant); 7] = [
    ("SPP-2", Stage::Call, Variant::Count),
    ("SPP-2", Stage::Award, Variant::Count),
    ("GPP-1", Stage::Award, Variant::Count),
    ("INN-1", Stage::Award, Variant::Value),
    ("SME-1", Stage::Award, Variant::Count),
    ("CMP-1", Stage::Award, Variant::Count),
    ("SPD-1", Stage::Award, Variant::Value),
];

pub fn render(report: &Report) -> String {
    let mut s = String::new();
    let f = &report.facts;
    let _ = writeln!(
        s,
        "spp monitoring report — {} notices, {} lots",
        number(f.notices.into()),
        number(f.lots.into())
    );
    let _ = writeln!(
        s,
        "policy (SPP-1): {}; EUR conversion: {} (last rate {})",
        report.policy.as_deref().unwrap_or("none"),
        report.fx.source,
        report
            .fx
            .last_date
            .map_or("none".to_string(), |d| d.to_string())
    );

    let _ = writeln!(s, "\nHEADLINE");
    for row in headlines(report) {
        let m = &row.measure;
        let target = row
            .meta
            .target
            .map_or(String::new(), |t| format!("target {}", percent(Some(t))));
        let _ = writeln!(
            s,
            "  {:<56} {:>8}  {:<16} {} / {} {}; coverage {}",
            format!(
                "{} {} ({}, {})",
                row.id,
                row.meta.name,
                m.stage.as_str(),
                m.unit
            ),
            percent(m.value()),
            target,
            number(m.numerator),
            m.denominator.map_or("—".into(), number),
            m.unit,
            percent(m.coverage.as_ref().and_then(|c| c.share())),
        );
    }

    let _ = writeln!(s, "\nCORPUS FACTS");
    let forms: Vec<String> = f
        .notices_by_form_type
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(s, "  notices {} ({})", f.notices, forms.join(", "));
    let _ = writeln!(
        s,
        "  lots {}; BT-06 reported {}; env-imp {}; soc-obj {}; inn-pur {}; BT-805 criteria {}",
        f.lots,
        f.lots_strategic_reported,
        f.lots_env_imp,
        f.lots_soc_obj,
        f.lots_inn_pur,
        f.lots_gpp_criteria
    );
    let _ = writeln!(
        s,
        "  result notices {}; winners {}; SME winners {}",
        f.result_notices, f.winners, f.winners_sme
    );

    let _ = writeln!(s, "\nLOTS BY YEAR AND FORMAT");
    for (year, formats) in &report.lots_by_year_and_format {
        let parts: Vec<String> = formats.iter().map(|(f, n)| format!("{f} {n}")).collect();
        let _ = writeln!(s, "  {year:<10} {}", parts.join(", "));
    }

    let _ = writeln!(s, "\nINDICATORS (all)");
    let _ = writeln!(
        s,
        "  {:<34} {:>16} {:>16} {:>9} {:>9}",
        "indicator", "numerator", "denominator", "value", "coverage"
    );
    for row in report.totals() {
        write_row(&mut s, row);
    }

    if let Some(by) = report.group_by {
        let _ = writeln!(s, "\nBY {}", by.as_str().to_uppercase());
        let _ = write!(s, "  {:<28}", by.as_str());
        for (id, stage, variant) in GROUP_COLUMNS {
            let head = format!("{id} {}{}", &stage.as_str()[..1], &variant.as_str()[..1]);
            let _ = write!(s, " {head:>12}");
        }
        let _ = writeln!(s);
        let mut groups: Vec<&str> = report.rows_by(by).map(|r| r.group.as_str()).collect();
        groups.dedup();
        for group in groups {
            let _ = write!(s, "  {:<28}", truncate(group, 28));
            for (id, stage, variant) in GROUP_COLUMNS {
                let cell = report
                    .find(id, group, stage, variant, None)
                    .map(|r| {
                        if r.measure.denominator.is_none() {
                            number(r.measure.numerator)
                        } else {
                            percent(r.measure.value())
                        }
                    })
                    .unwrap_or_default();
                let _ = write!(s, " {cell:>12}");
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(
            s,
            "  (a = award stage, c = call stage; c = count, v = EUR value; SPD-1 in EUR)"
        );
    }

    let flagged = implausible_rows(report);
    if !flagged.is_empty() {
        let _ = writeln!(s, "\nIMPLAUSIBLE VALUES");
        let _ = writeln!(s, "  {}", IMPLAUSIBLE_HEAD.join(" | "));
        for row in flagged {
            let _ = writeln!(s, "  {}", row.join(" | "));
        }
    }

    let warnings = warnings(report);
    if !warnings.is_empty() {
        let _ = writeln!(s, "\nCOVERAGE AND DATA WARNINGS");
        for w in warnings {
            let _ = writeln!(s, "  - {w}");
        }
    }
    s
}

fn write_row(s: &mut String, row: &Row) {
    let m = &row.measure;
    let _ = writeln!(
        s,
        "  {:<34} {:>16} {:>16} {:>9} {:>9}",
        row_label(row),
        number(m.numerator),
        m.denominator.map_or("—".into(), number),
        percent(m.value()),
        percent(m.coverage.as_ref().and_then(|c| c.share())),
    );
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
