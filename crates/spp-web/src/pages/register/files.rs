//! Register files: the import page (upload a CSV or XLSX; "check" is a dry run that lists
//! every refused cell by row, column, value and reason, and after a check without errors a
//! button imports the same file, carried back in the page; "import" writes the whole file
//! or, with any error, nothing), the empty template in the reader's language, the export.

use std::path::Path;

use axum::extract::{Multipart, State};
use axum::response::Response;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use maud::{html, Markup};
use spp_app::register::import::ImportReport;
use spp_app::register::table::{self, FileFormat};
use spp_app::register::{export, ContractQuery};
use spp_app::AppError;

use super::{csrf_input, download};
use crate::error::{OrPage, PageError};
use crate::i18n::Ui;
use crate::pages::layout::{int, page, Section};
use crate::session::{Session, CSRF_FIELD};
use crate::WebState;

fn query(ui: &Ui, name: &str) -> Option<String> {
    ui.query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

fn format_of(ui: &Ui) -> Result<FileFormat, PageError> {
    FileFormat::parse(&query(ui, "format").unwrap_or_else(|| "csv".into())).or_page(ui)
}

fn ext(f: FileFormat) -> &'static str {
    match f {
        FileFormat::Csv => "csv",
        FileFormat::Xlsx => "xlsx",
    }
}

/// The empty import file with the headers in the reader's language.
pub async fn template(ui: Ui) -> Result<Response, PageError> {
    let format = format_of(&ui)?;
    let bytes = export::template(format, ui.lang).or_page(&ui)?;
    Ok(download(
        bytes,
        ext(format),
        &format!("spp-register-template-{}", ui.lang.as_str()),
    ))
}

/// The register (of one entity, or all) in the import format.
pub async fn export(
    State(s): State<WebState>,
    session: Session,
    ui: Ui,
) -> Result<Response, PageError> {
    let format = format_of(&ui)?;
    let q = ContractQuery {
        entity: query(&ui, "entity").filter(|e| !e.is_empty()),
        include_deleted: false,
    };
    let bytes = s
        .app
        .export_register(&session.actor, format, ui.lang, &q)
        .await
        .or_page(&ui)?;
    Ok(download(bytes, ext(format), "spp-register"))
}

pub async fn import_form(ui: Ui) -> Markup {
    import_page(&ui, None)
}

fn bad_upload(e: impl std::fmt::Display) -> AppError {
    AppError::bad_input("file", "", format!("the upload could not be read: {e}"))
}

/// What the upload carried.
#[derive(Default)]
struct Upload {
    csrf: Option<String>,
    check_only: bool,
    file: Option<(String, Vec<u8>)>,
    checked_name: Option<String>,
    checked: Option<Vec<u8>>,
}

impl Upload {
    /// The file uploaded, else the one checked before.
    fn into_file(self) -> Option<(String, Vec<u8>)> {
        let checked = self.checked.filter(|b| !b.is_empty());
        self.file
            .or_else(|| checked.map(|b| (self.checked_name.unwrap_or_default(), b)))
    }
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, AppError> {
    let mut up = Upload::default();
    while let Some(f) = multipart.next_field().await.map_err(bad_upload)? {
        match f.name() {
            Some(CSRF_FIELD) => up.csrf = Some(f.text().await.map_err(bad_upload)?),
            Some("action") => up.check_only = f.text().await.map_err(bad_upload)? == "check",
            Some("file") => {
                let name = f.file_name().unwrap_or("upload").to_string();
                let bytes = f.bytes().await.map_err(bad_upload)?.to_vec();
                if !bytes.is_empty() {
                    up.file = Some((name, bytes));
                }
            }
            // A file checked before, sent back by the result page's "import" button.
            Some("checked_name") => up.checked_name = Some(f.text().await.map_err(bad_upload)?),
            Some("checked") => {
                let text = f.text().await.map_err(bad_upload)?;
                up.checked = Some(BASE64.decode(text.trim()).map_err(bad_upload)?);
            }
            _ => {}
        }
    }
    Ok(up)
}

/// Checks the CSRF token, reads the file, and imports it (or only checks it).
pub async fn import(
    State(s): State<WebState>,
    session: Session,
    ui: Ui,
    multipart: Multipart,
) -> Result<Markup, PageError> {
    let up = read_upload(multipart).await.or_page(&ui)?;
    session.check_csrf(&s, up.csrf.as_deref()).or_page(&ui)?;
    let check_only = up.check_only;
    let Some((name, bytes)) = up.into_file() else {
        return Err(AppError::bad_input(
            "file",
            "",
            "choose a .csv or .xlsx file",
        ))
        .or_page(&ui);
    };
    let path = Path::new(&name);
    let rows = FileFormat::of_path(path)
        .and_then(|f| table::decode(path, f, bytes.clone()))
        .or_page(&ui)?;
    let report = s
        .app
        .import_table(&session.actor, &rows, check_only)
        .await
        .or_page(&ui)?;
    let again = (check_only && report.errors.is_empty()).then_some(bytes.as_slice());
    Ok(import_page(&ui, Some((&name, &report, again))))
}

/// What was done with a file: its name, the report, and (after a check without errors) its
/// bytes, for the button that imports it without choosing it again.
type Done<'a> = (&'a str, &'a ImportReport, Option<&'a [u8]>);

fn import_page(ui: &Ui, done: Option<Done>) -> Markup {
    page(
        ui,
        Section::Register,
        ui.t("import_title"),
        html! {
            @if let Some((name, r, again)) = done {
                (report(ui, name, r))
                @if let Some(bytes) = again {
                    form method="post" action="/register/import" enctype="multipart/form-data" {
                        (csrf_input(ui))
                        input type="hidden" name="checked_name" value=(name);
                        input type="hidden" name="checked" value=(BASE64.encode(bytes));
                        button #import-checked type="submit" name="action" value="import" { (ui.t("import_checked_file")) }
                    }
                }
            }
            p { (ui.t("import_intro")) }
            p { (ui.t("template")) ": "
                a href="/register/template?format=csv" { "CSV" } " · "
                a href="/register/template?format=xlsx" { "XLSX" } }
            form method="post" action="/register/import" enctype="multipart/form-data" {
                (csrf_input(ui))
                p { label for="import-file" { (ui.t("import_file")) } br;
                    input #import-file type="file" name="file" accept=".csv,.xlsx" required; }
                p.buttons {
                    button #check type="submit" name="action" value="check" { (ui.t("import_check")) } " "
                    button #import type="submit" name="action" value="import" { (ui.t("import_do")) }
                }
            }
        },
    )
}

fn report(ui: &Ui, name: &str, r: &ImportReport) -> Markup {
    let n = |v: usize| int(ui, v as u64);
    let outcome = if r.written {
        "import_written"
    } else if !r.errors.is_empty() {
        "import_refused"
    } else {
        "import_checked"
    };
    html! {
        section #import-report {
            div class=(if r.errors.is_empty() { "notice" } else { "error" }) role="status" {
                p #import-outcome { strong { (ui.t(outcome)) } " " code { (name) } }
                @if r.errors.is_empty() { p { (n(r.rows)) " " (ui.t("rows_word")) ", " (n(r.contracts)) " " (ui.t("contracts_word")) ": "
                    (n(r.created)) " " (ui.t("import_created")) ", " (n(r.updated)) " " (ui.t("import_updated")) ", "
                    (n(r.unchanged)) " " (ui.t("import_unchanged")) } }
            }
            @if !r.errors.is_empty() {
                table #import-errors {
                    caption { (ui.t("import_errors")) }
                    thead { tr { th.num { (ui.t("row")) } th { (ui.t("column")) } th { (ui.t("value")) } th { (ui.t("reason")) } } }
                    tbody { @for e in &r.errors { tr {
                        td.num { (e.row) } td { (e.column) } td { code { (e.value) } } td lang="en" { (e.reason) }
                    } } }
                }
            }
        }
    }
}
