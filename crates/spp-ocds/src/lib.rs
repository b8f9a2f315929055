//! OCDS 1.1 → spp's domain [`Notice`] (and, in [`write`], back): release packages, record
//! packages (compiled releases, else embedded releases), single records and releases, JSON
//! Lines of any of these, with the lots and sustainability extensions. No I/O but readers
//! handed in; nothing panics on any input.
//!
//! - [`read_document`]: the bytes of one JSON document → one result per release;
//! - [`split`]: a large file, streamed, → one JSON document per release (or per line), so a
//!   package of a million releases is never held whole;
//! - [`looks_like_ocds`]: the sniff of the reader seam (top-level keys of the first object).

use serde::Deserialize;
use serde_json::value::RawValue;
use spp_domain::Notice;

mod awards;
pub mod codes;
pub mod facts;
mod model;
mod read;
pub mod split;
pub mod sustain;
pub mod write;

pub use read::VIRTUAL_LOT;

/// One release that could not be read, with where it was and which release it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {reason}", describe(.at, .ocid, .id))]
pub struct ReleaseError {
    /// Where in the document (`releases[3]`, `records[0].compiledRelease`, or empty).
    pub at: String,
    pub ocid: Option<String>,
    pub id: Option<String>,
    pub reason: String,
}

fn describe(at: &str, ocid: &Option<String>, id: &Option<String>) -> String {
    let mut s = String::from("release");
    if let Some(id) = id {
        s.push_str(&format!(" id {id:?}"));
    }
    if let Some(ocid) = ocid {
        s.push_str(&format!(" ocid {ocid:?}"));
    }
    if !at.is_empty() {
        s.push_str(&format!(" at {at}"));
    }
    s
}

/// A document that is not OCDS at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not OCDS: expected a release package (`releases`), a record package (`records`), a record (`compiledRelease`) or a release (`ocid`, `id`); the top-level keys are {0}")]
    NotOcds(String),
}

/// The top-level keys that make a JSON object OCDS.
const OCDS_KEYS: [&str; 6] = [
    "releases",
    "records",
    "compiledRelease",
    "ocid",
    "tag",
    "tender",
];

/// Every release of one JSON document (package, record, release, or an array of them), or
/// of several documents one after the other (JSON Lines).
pub fn read_document(bytes: &[u8]) -> Result<Vec<Result<Notice, ReleaseError>>, DocumentError> {
    let mut out = Vec::new();
    let stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Box<RawValue>>();
    let mut documents = 0usize;
    for (n, value) in stream.enumerate() {
        let value = value.map_err(|e| DocumentError::Json(e.to_string()))?;
        documents += 1;
        let at = if n == 0 {
            String::new()
        } else {
            format!("document {}", n + 1)
        };
        document(&value, &at, &mut out)?;
    }
    if documents == 0 {
        return Err(DocumentError::Json(
            "no JSON document (the file is empty)".into(),
        ));
    }
    Ok(out)
}

type Object<'a> = std::collections::BTreeMap<String, &'a RawValue>;

fn document(
    raw: &RawValue,
    at: &str,
    out: &mut Vec<Result<Notice, ReleaseError>>,
) -> Result<(), DocumentError> {
    let text = raw.get().trim_start();
    if text.starts_with('[') {
        let items: Vec<&RawValue> =
            serde_json::from_str(raw.get()).map_err(|e| DocumentError::Json(e.to_string()))?;
        for (i, item) in items.into_iter().enumerate() {
            document(item, &format!("{at}[{i}]"), out)?;
        }
        return Ok(());
    }
    let object: Object<'_> = serde_json::from_str(raw.get())
        .map_err(|_| DocumentError::NotOcds("none (not a JSON object)".into()))?;
    if let Some(list) = object
        .get("releases")
        .filter(|_| !object.contains_key("ocid"))
    {
        each(list, &join(at, "releases"), out, |r, at, out| {
            out.push(release(r, at))
        });
    } else if let Some(list) = object.get("records") {
        each(list, &join(at, "records"), out, record);
    } else if object.contains_key("compiledRelease") || object.contains_key("releases") {
        record(raw, at, out);
    } else if OCDS_KEYS.iter().any(|k| object.contains_key(*k)) || object.contains_key("id") {
        out.push(release(raw, at));
    } else {
        let keys: Vec<&str> = object.keys().map(String::as_str).take(12).collect();
        return Err(DocumentError::NotOcds(if keys.is_empty() {
            "none (an empty object)".into()
        } else {
            keys.join(", ")
        }));
    }
    Ok(())
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// Calls `f` for each element of the JSON array `list`; anything else is one error.
fn each(
    list: &RawValue,
    at: &str,
    out: &mut Vec<Result<Notice, ReleaseError>>,
    f: impl Fn(&RawValue, &str, &mut Vec<Result<Notice, ReleaseError>>),
) {
    match serde_json::from_str::<Option<Vec<&RawValue>>>(list.get()) {
        Ok(items) => {
            for (i, item) in items.unwrap_or_default().into_iter().enumerate() {
                f(item, &format!("{at}[{i}]"), out);
            }
        }
        Err(e) => out.push(Err(failure(at, None, format!("not a list: {e}")))),
    }
}

/// A record: its compiled release, else each embedded release (linked releases, which are
/// only URLs, cannot be read).
fn record(raw: &RawValue, at: &str, out: &mut Vec<Result<Notice, ReleaseError>>) {
    #[derive(Deserialize)]
    struct Record<'a> {
        #[serde(borrow, rename = "compiledRelease")]
        compiled: Option<&'a RawValue>,
        #[serde(borrow, default)]
        releases: Option<Vec<&'a RawValue>>,
        ocid: Option<serde_json::Value>,
    }
    let rec: Record<'_> = match serde_json::from_str(raw.get()) {
        Ok(r) => r,
        Err(e) => return out.push(Err(failure(at, None, format!("not a record: {e}")))),
    };
    if let Some(compiled) = rec.compiled {
        return out.push(release(compiled, &join(at, "compiledRelease")));
    }
    let embedded: Vec<&RawValue> = rec
        .releases
        .unwrap_or_default()
        .into_iter()
        .filter(|r| !is_linked(r))
        .collect();
    if embedded.is_empty() {
        let ocid = rec
            .ocid
            .map(|o| o.as_str().map_or(o.to_string(), str::to_string));
        return out.push(Err(failure(
            at,
            ocid,
            "a record with neither a compiledRelease nor embedded releases (linked releases are only URLs)".into(),
        )));
    }
    for (i, r) in embedded.into_iter().enumerate() {
        out.push(release(r, &format!("{}[{i}]", join(at, "releases"))));
    }
}

/// A linked release: `{"url": …, "date": …, "tag": …}` without an id.
fn is_linked(raw: &RawValue) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        url: Option<serde_json::Value>,
        id: Option<serde_json::Value>,
    }
    serde_json::from_str::<Probe>(raw.get()).is_ok_and(|p| p.url.is_some() && p.id.is_none())
}

fn failure(at: &str, ocid: Option<String>, reason: String) -> ReleaseError {
    ReleaseError {
        at: at.to_string(),
        ocid,
        id: None,
        reason,
    }
}

/// One release → a notice, or why not (naming its ocid and id when they can be read).
fn release(raw: &RawValue, at: &str) -> Result<Notice, ReleaseError> {
    let named = |reason: String| {
        #[derive(Deserialize, Default)]
        struct Ident {
            ocid: Option<serde_json::Value>,
            id: Option<serde_json::Value>,
        }
        let ident: Ident = serde_json::from_str(raw.get()).unwrap_or_default();
        let text = |v: Option<serde_json::Value>| {
            v.filter(|v| !v.is_null())
                .map(|v| v.as_str().map_or(v.to_string(), str::to_string))
        };
        ReleaseError {
            at: at.to_string(),
            ocid: text(ident.ocid),
            id: text(ident.id),
            reason,
        }
    };
    let parsed: model::Release =
        serde_json::from_str(raw.get()).map_err(|e| named(e.to_string()))?;
    read::notice(parsed).map_err(named)
}

/// Whether `head` (the start of a file) is an OCDS JSON document or JSON Lines of them: the
/// first object (of the file, of its first line, or of a top-level array) has a top-level
/// key of OCDS's.
pub fn looks_like_ocds(head: &[u8]) -> bool {
    split::top_level_keys(head)
        .iter()
        .any(|k| OCDS_KEYS.contains(&k.as_str()))
}
