//! Files of rows: CSV (`,` or `;` separated, as Belgian spreadsheets write them, UTF-8 with or
//! without BOM) and XLSX (the first sheet; calamine reads, rust_xlsxwriter writes).

use std::path::Path;

use calamine::{Data, Reader};

use crate::error::{AppError, AppResult};

/// A header row and the rows under it, as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The file formats of the register's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    pub fn parse(raw: &str) -> AppResult<FileFormat> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(FileFormat::Csv),
            "xlsx" => Ok(FileFormat::Xlsx),
            _ => Err(AppError::bad_input("format", raw, "csv or xlsx")),
        }
    }

    /// By the file's extension.
    pub fn of_path(path: &Path) -> AppResult<FileFormat> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        FileFormat::parse(ext).map_err(|_| AppError::BadFile {
            file: path.to_path_buf(),
            reason: "expected a .csv or .xlsx file".into(),
        })
    }
}

fn bad(path: &Path, reason: impl std::fmt::Display) -> AppError {
    AppError::BadFile {
        file: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Reads a table from `path` (format by extension).
pub fn read(path: &Path) -> AppResult<Table> {
    let format = FileFormat::of_path(path)?;
    let bytes = std::fs::read(path).map_err(|source| AppError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode(path, format, bytes)
}

/// Reads a table from the bytes of a file (an upload); `name` names it in errors.
pub fn decode(name: &Path, format: FileFormat, bytes: Vec<u8>) -> AppResult<Table> {
    match format {
        FileFormat::Csv => read_csv(&bytes).map_err(|e| bad(name, e)),
        FileFormat::Xlsx => read_xlsx(name, bytes),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 text ({e})"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("header row: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", i + 2))?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Table { headers, rows })
}

fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|t| t.date().to_string())
            .unwrap_or_else(|| d.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

fn read_xlsx(path: &Path, bytes: Vec<u8>) -> AppResult<Table> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| bad(path, e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad(path, "the workbook has no sheet"))?
        .map_err(|e| bad(path, e))?;
    let mut rows = range.rows().map(|r| r.iter().map(cell).collect::<Vec<_>>());
    let headers = rows.next().unwrap_or_default();
    Ok(Table {
        headers,
        rows: rows.collect(),
    })
}

/// The table as CSV (comma-separated, UTF-8).
pub fn to_csv(table: &Table) -> AppResult<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(format!("CSV: {e}"));
    w.write_record(&table.headers).map_err(fail)?;
    for r in &table.rows {
        w.write_record(r).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(format!("CSV: {e}")))
}

/// The table as an XLSX workbook of one sheet, every cell as text (CPV codes and KBO numbers
/// keep their leading zeros).
pub fn to_xlsx(table: &Table, sheet: &str) -> AppResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("XLSX: {e}"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(fail)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in table.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(fail)?;
        ws.set_column_width(c as u16, 18).map_err(fail)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}

/// Writes `table` to a file in `format`.
pub fn encode(table: &Table, format: FileFormat) -> AppResult<Vec<u8>> {
    match format {
        FileFormat::Csv => to_csv(table),
        FileFormat::Xlsx => to_xlsx(table, "register"),
    }
}
