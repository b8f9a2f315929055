//! A policy report as a document in one language: a title, paragraphs and tables. The reports
//! build a [`Doc`]; the renderers here write it as a text table, XLSX or HTML, so every report
//! has the same formats and the same look.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;
use spp_catalogue::Lang;

use crate::error::{AppError, AppResult};

/// One cell: text, a count, an amount in EUR, a share (0–1) or days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Cell {
    Text(String),
    Count(u64),
    Eur(f64),
    Share(Option<f64>),
    Number(Option<f64>),
}

/// A table with its header row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A section: heading, paragraphs, an optional table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub table: Option<Table>,
}

/// A whole report in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    pub sections: Vec<Section>,
}

/// Thousands separated by a thin space, no decimals (EUR amounts, counts).
pub fn amount(v: f64) -> String {
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// A share as a percentage with one decimal, with the language's decimal sign.
pub fn percent(lang: Lang, v: Option<f64>) -> String {
    match v {
        Some(v) => {
            let s = format!("{:.1}", v * 100.0);
            let s = if lang == Lang::En {
                s
            } else {
                s.replace('.', ",")
            };
            format!("{s}\u{a0}%")
        }
        None => "–".to_string(),
    }
}

/// A plain number with one decimal.
pub fn number(lang: Lang, v: Option<f64>) -> String {
    match v {
        Some(v) => {
            let s = format!("{v:.1}");
            if lang == Lang::En {
                s
            } else {
                s.replace('.', ",")
            }
        }
        None => "–".to_string(),
    }
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn shown(&self, lang: Lang) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) => amount(*n as f64),
            Cell::Eur(v) => amount(*v),
            Cell::Share(v) => percent(lang, *v),
            Cell::Number(v) => number(lang, *v),
        }
    }
}

/// What an empty table says.
fn no_data(lang: Lang) -> &'static str {
    super::tr(lang, "Geen gegevens.", "Pas de données.", "No data.")
}

/// The text rendering: headings, paragraphs, aligned columns.
pub fn render_text(doc: &Doc) -> String {
    let mut out = format!("{}\n{}\n", doc.title, doc.subtitle);
    for s in &doc.sections {
        out.push_str(&format!("\n## {}\n", s.heading));
        for p in &s.paragraphs {
            out.push_str(&format!("{p}\n"));
        }
        match &s.table {
            Some(t) if t.rows.is_empty() => out.push_str(&format!("{}\n", no_data(doc.lang))),
            Some(t) => out.push_str(&text_table(doc.lang, t)),
            None => {}
        }
    }
    out
}

fn text_table(lang: Lang, t: &Table) -> String {
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.shown(lang)).collect())
        .collect();
    let width = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .chain(t.headers.get(i))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..t.headers.len()).map(width).collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&t.headers);
    for r in &rows {
        out.push_str(&line(r));
    }
    out
}

/// One worksheet per section with a table (numbers as numbers, shares as percentages).
pub fn render_xlsx(doc: &Doc) -> AppResult<Vec<u8>> {
    xlsx(doc).map_err(|e| AppError::Output(format!("cannot write the workbook: {e}")))
}

fn xlsx(doc: &Doc) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let num = Format::new().set_num_format("#,##0");
    let dec = Format::new().set_num_format("0.0");
    for (i, s) in doc.sections.iter().enumerate() {
        let Some(t) = &s.table else { continue };
        let sheet = book.add_worksheet();
        let name: String = format!("{} {}", i + 1, s.heading)
            .chars()
            .filter(|c| !"[]:*?/\\'".contains(*c))
            .take(31)
            .collect();
        sheet.set_name(name.trim())?;
        sheet.write_string_with_format(0, 0, &s.heading, &bold)?;
        for (c, h) in t.headers.iter().enumerate() {
            sheet.write_string_with_format(1, c as u16, h, &bold)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = (r + 2) as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => sheet.write_string(r, c, s)?,
                    Cell::Count(n) => sheet.write_number_with_format(r, c, *n as f64, &num)?,
                    Cell::Eur(v) => sheet.write_number_with_format(r, c, *v, &num)?,
                    Cell::Share(Some(v)) => sheet.write_number_with_format(r, c, *v, &pct)?,
                    Cell::Number(Some(v)) => sheet.write_number_with_format(r, c, *v, &dec)?,
                    Cell::Share(None) | Cell::Number(None) => sheet.write_string(r, c, "–")?,
                };
            }
        }
        sheet.autofit();
    }
    if doc.sections.iter().all(|s| s.table.is_none()) {
        book.add_worksheet().write_string(0, 0, &doc.title)?;
    }
    book.save_to_buffer()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#1a1a1a;font-size:11pt}\
h1{font-size:20pt;margin-bottom:0}p.sub{color:#555;margin-top:.2em}\
h2{font-size:14pt;border-bottom:2px solid #2e7d32;padding-bottom:2px;margin-top:1.6em;break-after:avoid}\
table{border-collapse:collapse;margin:.6em 0;font-size:9pt;break-inside:auto;max-width:100%}\
th,td{border:1px solid #ccc;padding:2px 4px;text-align:left}td.n{text-align:right;white-space:nowrap}\
td.t{min-width:10em}th{background:#e8f5e9;font-size:8pt;vertical-align:bottom}tr{break-inside:avoid}section.summary p{margin:.3em 0}\
@page{size:A4;margin:15mm}";

/// A standalone HTML page (also the source of the PDF).
pub fn render_html(doc: &Doc) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>\n<h1>{}</h1><p class=\"sub\">{}</p>\n",
        doc.lang.as_str(),
        esc(&doc.title),
        esc(&doc.title),
        esc(&doc.subtitle)
    );
    for (i, s) in doc.sections.iter().enumerate() {
        let class = if i == 0 { " class=\"summary\"" } else { "" };
        out.push_str(&format!("<section{class}><h2>{}</h2>\n", esc(&s.heading)));
        for p in &s.paragraphs {
            out.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
        if s.table.as_ref().is_some_and(|t| t.rows.is_empty()) {
            out.push_str(&format!("<p>{}</p>\n", no_data(doc.lang)));
        } else if let Some(t) = &s.table {
            out.push_str("<table><thead><tr>");
            for h in &t.headers {
                out.push_str(&format!("<th>{}</th>", esc(h)));
            }
            out.push_str("</tr></thead><tbody>\n");
            for row in &t.rows {
                out.push_str("<tr>");
                for c in row {
                    let class = if matches!(c, Cell::Text(_)) {
                        " class=\"t\""
                    } else {
                        " class=\"n\""
                    };
                    out.push_str(&format!("<td{class}>{}</td>", esc(&c.shown(doc.lang))));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody></table>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body></html>\n");
    out
}
