//! The language of a request and the texts of the pages. The language is, in this order:
//! `?lang=nl|fr|en`, the `spp_lang` cookie that a `?lang=` sets (so the switch sticks), the
//! best of `Accept-Language`, else English. Every UI text is a key in [`texts`]; code-list
//! labels (procedure types, countries, NUTS regions, strategic-procurement codes…) come from
//! the eForms SDK code lists in `data/codelists/` ([`codelists`]).

use axum::extract::{FromRequestParts, Request};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
pub use spp_catalogue::Lang;

pub mod codelists;
pub mod texts;
pub mod texts_register;

pub use texts::english_only;

const COOKIE_NAME: &str = "spp_lang";

/// What a page needs to know about its request: the language, and the path and query (for
/// the language switch and links that keep the filters).
#[derive(Debug, Clone)]
pub struct Ui {
    pub lang: Lang,
    pub path: String,
    /// The query without `lang`.
    pub query: Vec<(String, String)>,
    /// The logged-in user (e-mail, role), for the header.
    pub user: Option<(String, &'static str)>,
    /// The CSRF token of this request's forms (the header's logout button).
    pub csrf: Option<String>,
}

impl Ui {
    /// The UI text of `key` in the page's language.
    pub fn t(&self, key: &str) -> &'static str {
        texts::get(self.lang, key)
    }

    /// The current page in another language.
    pub fn in_lang(&self, lang: Lang) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.push(("lang", lang.as_str()));
        format!("{}?{}", self.path, encode_query(&pairs))
    }
}

/// `a=1&b=x%20y`.
pub fn encode_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a query component.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The `name=value` pairs of a raw query string, decoded.
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| {
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    })
    .unwrap_or_default()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The language of a request.
pub fn negotiate(parts: &Parts) -> Lang {
    let from_query = query_pairs(parts.uri.query())
        .into_iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(&v));
    from_query
        .or_else(|| cookie_lang(parts))
        .or_else(|| {
            parts
                .headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(accept_language)
        })
        .unwrap_or_default()
}

fn cookie_lang(parts: &Parts) -> Option<Lang> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE_NAME)
        .and_then(|(_, v)| Lang::parse(v))
}

/// The supported language with the highest `q` in an `Accept-Language` header
/// (`nl-BE,nl;q=0.9,en;q=0.8` → nl).
pub fn accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for item in header.split(',') {
        let mut parts = item.trim().split(';');
        let tag = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(lang) = Lang::parse(primary) {
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
    }
    best.map(|(_, l)| l)
}

impl<S: Send + Sync> FromRequestParts<S> for Ui {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let session = parts.extensions.get::<crate::session::Session>();
        Ok(Ui {
            user: session
                .and_then(|s| s.user())
                .map(|(e, r)| (e.to_string(), r)),
            csrf: session.and_then(|s| s.csrf.clone()),
            lang: negotiate(parts),
            path: parts.uri.path().to_string(),
            query: query_pairs(parts.uri.query())
                .into_iter()
                .filter(|(k, _)| k != "lang")
                .collect(),
        })
    }
}

/// A `?lang=` sets the `spp_lang` cookie, so the next pages keep the language.
pub async fn remember_language(req: Request, next: Next) -> Response {
    let chosen = query_pairs(req.uri().query())
        .into_iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(&v));
    let mut response = next.run(req).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{COOKIE_NAME}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.as_str()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, v);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_takes_the_best_supported_language() {
        assert_eq!(accept_language("nl-BE,nl;q=0.9,en;q=0.8"), Some(Lang::Nl));
        assert_eq!(accept_language("de-DE,fr;q=0.7,en;q=0.5"), Some(Lang::Fr));
        assert_eq!(accept_language("en;q=0.3, fr-BE;q=0.8"), Some(Lang::Fr));
        assert_eq!(accept_language("de, it"), None);
    }

    #[test]
    fn queries_decode_and_encode_round_trip() {
        let pairs = query_pairs(Some("buyer=Stad+Gent&nuts=BE2&x=%C3%A9t%C3%A9&bad=%zz"));
        assert_eq!(pairs[0], ("buyer".into(), "Stad Gent".into()));
        assert_eq!(pairs[2].1, "été");
        assert_eq!(pairs[3].1, "%zz");
        assert_eq!(
            encode_query(&[("buyer", "Stad Gent & co")]),
            "buyer=Stad%20Gent%20%26%20co"
        );
    }
}
