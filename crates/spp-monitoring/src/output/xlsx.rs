//! `--format xlsx`: a workbook with the sheets `indicators` (one row per indicator × group,
//! numbers as numbers, shares as percentages), `facts` and `definitions`.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::engine::Report;
use crate::error::MonitoringError;

use super::csv::HEADER;
use super::to_f64;

pub fn render(report: &Report) -> Result<Vec<u8>, MonitoringError> {
    build(report).map_err(|e| MonitoringError::output("xlsx", e))
}

fn build(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let amount = Format::new().set_num_format("#,##0.##");

    let sheet = book.add_worksheet();
    sheet.set_name("indicators")?;
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (i, row) in report.main_rows().enumerate() {
        let r = (i + 1) as u32;
        let m = &row.measure;
        sheet.write_string(r, 0, row.id)?;
        sheet.write_string(r, 1, row.meta.name)?;
        sheet.write_string(r, 2, row.group_by.map_or("all", |g| g.as_str()))?;
        sheet.write_string(r, 3, &row.group)?;
        sheet.write_string(r, 4, m.stage.as_str())?;
        sheet.write_string(r, 5, m.variant.as_str())?;
        sheet.write_string(r, 6, m.split.as_deref().unwrap_or(""))?;
        sheet.write_string(r, 7, m.unit)?;
        sheet.write_number_with_format(r, 8, to_f64(m.numerator), &amount)?;
        if let Some(d) = m.denominator {
            sheet.write_number_with_format(r, 9, to_f64(d), &amount)?;
        }
        if let Some(v) = m.value() {
            sheet.write_number_with_format(r, 10, v, &pct)?;
        }
        if let Some(c) = &m.coverage {
            if let Some(share) = c.share() {
                sheet.write_number_with_format(r, 11, share, &pct)?;
            }
            sheet.write_number(r, 12, c.reported as f64)?;
            sheet.write_number(r, 13, c.universe as f64)?;
        }
        sheet.write_number(r, 14, m.value_unknown as f64)?;
        let unconverted: Vec<String> = m
            .unconverted
            .iter()
            .map(|(c, n)| format!("{c}: {n}"))
            .collect();
        sheet.write_string(r, 15, unconverted.join("; "))?;
    }
    sheet.autofit();

    let facts = book.add_worksheet();
    facts.set_name("facts")?;
    facts.write_string_with_format(0, 0, "fact", &bold)?;
    facts.write_string_with_format(0, 1, "count", &bold)?;
    let f = &report.facts;
    let mut lines: Vec<(String, u64)> = vec![("notices".into(), f.notices)];
    for (form, n) in &f.notices_by_form_type {
        lines.push((format!("notices ({form})"), *n));
    }
    lines.extend([
        ("lots".to_string(), f.lots),
        ("lots_strategic_reported".into(), f.lots_strategic_reported),
        ("lots_env_imp".into(), f.lots_env_imp),
        ("lots_soc_obj".into(), f.lots_soc_obj),
        ("lots_inn_pur".into(), f.lots_inn_pur),
        ("lots_gpp_criteria".into(), f.lots_gpp_criteria),
        ("result_notices".into(), f.result_notices),
        ("winners".into(), f.winners),
        ("winners_sme".into(), f.winners_sme),
    ]);
    for (i, (name, n)) in lines.iter().enumerate() {
        facts.write_string((i + 1) as u32, 0, name)?;
        facts.write_number((i + 1) as u32, 1, *n as f64)?;
    }
    facts.autofit();

    let defs = book.add_worksheet();
    defs.set_name("definitions")?;
    for (col, name) in ["id", "name", "numerator", "denominator", "notes"]
        .iter()
        .enumerate()
    {
        defs.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (i, meta) in report.definitions.iter().enumerate() {
        let r = (i + 1) as u32;
        defs.write_string(r, 0, meta.id)?;
        defs.write_string(r, 1, meta.name)?;
        defs.write_string(r, 2, meta.numerator)?;
        defs.write_string(r, 3, meta.denominator)?;
        defs.write_string(r, 4, meta.notes)?;
    }
    book.save_to_buffer()
}
