//! PDF from the report's HTML by headless Chromium (`--print-to-pdf`), in a fresh profile.

use std::path::Path;
use std::process::Command;

use crate::error::{AppError, AppResult};

/// The browsers tried, in order.
const BROWSERS: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// Prints `html` to PDF bytes.
pub fn html_to_pdf(html: &str) -> AppResult<Vec<u8>> {
    let dir =
        tempfile::tempdir().map_err(|e| AppError::Output(format!("no temporary folder: {e}")))?;
    let page = dir.path().join("report.html");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&page, html).map_err(|source| AppError::Io {
        path: page.clone(),
        source,
    })?;
    let mut last =
        String::from("no Chromium found (tried chromium, chromium-browser, google-chrome)");
    for browser in BROWSERS {
        match print(browser, &page, &pdf, dir.path()) {
            Ok(()) => {
                return std::fs::read(&pdf).map_err(|source| AppError::Io { path: pdf, source });
            }
            Err(e) => last = e,
        }
    }
    Err(AppError::Output(format!("cannot make the PDF: {last}")))
}

fn print(browser: &str, page: &Path, pdf: &Path, dir: &Path) -> Result<(), String> {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .map_err(|e| format!("{browser}: {e}"))?;
    if out.status.success() && pdf.exists() {
        Ok(())
    } else {
        Err(format!(
            "{browser} exited with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ))
    }
}
