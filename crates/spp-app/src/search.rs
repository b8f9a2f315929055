//! Finding notices: by TED publication number (`00481682-2024`, also without the leading
//! zeros), notice id (BT-701, or its beginning), buyer name (any part, any case) or CPV code
//! (its beginning: `30`, `302131`, `30213100-6`).
//!
//! Search reads the current lot records; a publication number of an eForms notice is only
//! in the stored notice (OPP-010), so that search also reads the stored notices one by one.
//! Fine for the bundled sample and stores of tens of thousands of notices; a store of
//! millions would want the number as an indexed column (docs/WEB.md, "Limits").

use serde::Serialize;
use spp_domain::LotRecord;

use crate::error::{AppError, AppResult};
use crate::App;

/// What a search string was taken for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum SearchKind {
    PublicationNumber(String),
    Cpv(String),
    Text(String),
}

impl SearchKind {
    /// Reads a search string; an empty one is bad input.
    pub fn parse(raw: &str) -> AppResult<SearchKind> {
        let q = raw.trim();
        if q.is_empty() {
            return Err(AppError::bad_input(
                "q",
                raw,
                "empty search: give a TED publication number, notice id, buyer name or CPV code",
            ));
        }
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some((number, year)) = q.split_once('-') {
            if digits(number) && number.len() <= 8 && year.len() == 4 && digits(year) {
                return Ok(SearchKind::PublicationNumber(format!(
                    "{number:0>8}-{year}"
                )));
            }
            if digits(number) && number.len() == 8 && year.len() == 1 && digits(year) {
                return Ok(SearchKind::Cpv(number.to_string()));
            }
        }
        if digits(q) && (2..=8).contains(&q.len()) {
            return Ok(SearchKind::Cpv(q.to_string()));
        }
        Ok(SearchKind::Text(q.to_lowercase()))
    }
}

/// A notice found.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeHit {
    pub notice_id: String,
    pub notice_version: u32,
    /// The TED publication number when the search knows it.
    pub publication_number: Option<String>,
    pub form_type: Option<String>,
    pub format: Option<String>,
    pub buyer: Option<String>,
    pub year: Option<i32>,
    pub lots: usize,
    pub main_cpv: Option<String>,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub query: SearchKind,
    /// All matching notices (`hits` holds at most the limit).
    pub total: usize,
    pub hits: Vec<NoticeHit>,
}

impl App {
    /// Notices matching `raw`, by notice id, at most `limit` listed.
    pub async fn search(&self, raw: &str, limit: usize) -> AppResult<SearchResult> {
        let query = SearchKind::parse(raw)?;
        let records = self.store().current_records(&Default::default()).await?;
        let all: Vec<&LotRecord> = records.iter().collect();
        let mut hits = Vec::new();
        for notice in all.chunk_by(|a, b| a.notice_id == b.notice_id) {
            let first = notice[0];
            let found = match &query {
                SearchKind::PublicationNumber(n) => {
                    if &first.notice_id == n {
                        Some(Some(n.clone()))
                    } else {
                        self.publication_number(first)
                            .await?
                            .filter(|p| p == n)
                            .map(Some)
                    }
                }
                SearchKind::Cpv(prefix) => notice
                    .iter()
                    .any(|r| {
                        r.main_cpv
                            .as_ref()
                            .is_some_and(|c| c.as_str().starts_with(prefix.as_str()))
                    })
                    .then_some(None),
                SearchKind::Text(t) => (first.notice_id.to_lowercase().starts_with(t.as_str())
                    || notice.iter().any(|r| {
                        r.buyer_name
                            .as_ref()
                            .is_some_and(|b| b.to_lowercase().contains(t.as_str()))
                    }))
                .then_some(None),
            };
            if let Some(publication_number) = found {
                hits.push(hit(notice, publication_number));
            }
        }
        let total = hits.len();
        hits.truncate(limit);
        Ok(SearchResult { query, total, hits })
    }

    /// OPP-010 of an eForms notice, read from the stored notice; a TED XML notice's id is
    /// its publication number.
    async fn publication_number(&self, r: &LotRecord) -> AppResult<Option<String>> {
        if r.format == Some(spp_domain::SourceFormat::TedXml) {
            return Ok(Some(r.notice_id.clone()));
        }
        let notice = self.store().notice(&r.notice_id).await?;
        Ok(notice
            .and_then(|n| n.publication)
            .and_then(|p| p.number)
            .map(|n| normalise_number(&n)))
    }
}

/// `481682-2024` → `00481682-2024`.
pub fn normalise_number(raw: &str) -> String {
    match SearchKind::parse(raw) {
        Ok(SearchKind::PublicationNumber(n)) => n,
        _ => raw.trim().to_string(),
    }
}

fn hit(notice: &[&LotRecord], publication_number: Option<String>) -> NoticeHit {
    let first = notice[0];
    NoticeHit {
        notice_id: first.notice_id.clone(),
        notice_version: first.notice_version,
        publication_number,
        form_type: first.form_type.as_ref().map(|f| f.to_string()),
        format: first.format.map(|f| f.as_str().to_string()),
        buyer: first.buyer_name.clone().or_else(|| first.buyer_id.clone()),
        year: first.year,
        lots: notice.len(),
        main_cpv: first.main_cpv.as_ref().map(|c| c.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_strings_are_read_by_their_shape() {
        assert_eq!(
            SearchKind::parse(" 481682-2024 ").unwrap(),
            SearchKind::PublicationNumber("00481682-2024".into())
        );
        assert_eq!(
            SearchKind::parse("30213100-6").unwrap(),
            SearchKind::Cpv("30213100".into())
        );
        assert_eq!(
            SearchKind::parse("45").unwrap(),
            SearchKind::Cpv("45".into())
        );
        assert_eq!(
            SearchKind::parse("Stad Gent").unwrap(),
            SearchKind::Text("stad gent".into())
        );
        assert_eq!(
            SearchKind::parse("  ").unwrap_err().kind(),
            crate::ErrorKind::BadInput
        );
    }
}
