//! Streaming a large OCDS file into one JSON document per release, so memory holds one
//! release at a time: JSON Lines line by line; a package's `releases` or `records` array
//! element by element (serde's visitor over the reader, the other keys skipped); any other
//! document whole. Each piece goes to [`crate::read_document`].

use std::fmt;
use std::io::BufRead;
use std::ops::ControlFlow;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// One piece of a file: where it was and its JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// `line 7`, `releases[3]`, `records[0]` or `document`.
    pub at: String,
    pub json: Vec<u8>,
}

/// Why a file stopped being read (what was sent before stays sent).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("read error: {0}")]
    Io(String),
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("{at} is {size} bytes, over the limit of {limit} bytes per release")]
    TooLarge { at: String, size: u64, limit: u64 },
}

/// Sends each line of JSON Lines that is not blank; a line longer than `limit` is an error
/// for that line and reading goes on. `f` returning `Break` stops.
pub fn lines<R: BufRead>(
    mut reader: R,
    limit: u64,
    f: &mut dyn FnMut(Result<Piece, SplitError>) -> ControlFlow<()>,
) -> Result<(), SplitError> {
    let mut n = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        n += 1;
        let read = <&mut R as std::io::Read>::take(&mut reader, limit.saturating_add(2))
            .read_until(b'\n', &mut buf)
            .map_err(|e| SplitError::Io(e.to_string()))?;
        if read == 0 {
            return Ok(());
        }
        let at = format!("line {n}");
        if buf.len() as u64 > limit && buf.last() != Some(&b'\n') {
            let size = buf.len() as u64 + skip_line(&mut reader)?;
            if f(Err(SplitError::TooLarge { at, size, limit })).is_break() {
                return Ok(());
            }
            continue;
        }
        let Some(first) = buf.iter().find(|b| !b.is_ascii_whitespace()) else {
            continue;
        };
        let piece = if matches!(first, b'{' | b'[') {
            Ok(Piece {
                at,
                json: buf.clone(),
            })
        } else {
            Err(SplitError::Json(format!("{at} is not a JSON object")))
        };
        if f(piece).is_break() {
            return Ok(());
        }
    }
}

fn skip_line<R: BufRead>(reader: &mut R) -> Result<u64, SplitError> {
    let mut skipped = 0u64;
    loop {
        let chunk = reader
            .fill_buf()
            .map_err(|e| SplitError::Io(e.to_string()))?;
        if chunk.is_empty() {
            return Ok(skipped);
        }
        match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(skipped + i as u64);
            }
            None => {
                let len = chunk.len();
                reader.consume(len);
                skipped += len as u64;
            }
        }
    }
}

/// Sends each release (or record) of a package, or the whole document when it is not a
/// package. Invalid JSON ends the file with an error.
pub fn document<R: std::io::Read>(
    reader: R,
    limit: u64,
    f: &mut dyn FnMut(Result<Piece, SplitError>) -> ControlFlow<()>,
) -> Result<(), SplitError> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let top = Top { f, limit };
    match top.deserialize(&mut de) {
        Ok(()) => de.end().map_err(|e| SplitError::Json(e.to_string())),
        Err(e) if e.to_string() == STOPPED => Ok(()),
        Err(e) => Err(SplitError::Json(e.to_string())),
    }
}

const STOPPED: &str = "spp: stopped by the receiver";

struct Top<'f> {
    f: &'f mut dyn FnMut(Result<Piece, SplitError>) -> ControlFlow<()>,
    limit: u64,
}

impl Top<'_> {
    fn send<E: serde::de::Error>(&mut self, at: String, raw: &RawValue) -> Result<(), E> {
        let size = raw.get().len() as u64;
        let piece = if size > self.limit {
            Err(SplitError::TooLarge {
                at,
                size,
                limit: self.limit,
            })
        } else {
            Ok(Piece {
                at,
                json: raw.get().as_bytes().to_vec(),
            })
        };
        match (self.f)(piece) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => Err(E::custom(STOPPED)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OCDS package, record or release (a JSON object) or an array of them")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            self.send(format!("[{i}]"), &raw)?;
            i += 1;
        }
        Ok(())
    }

    /// A package's `releases`/`records` are sent one by one; the other keys are kept (they
    /// are small) and, when there was no such list, sent together as one document.
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut rest: Vec<(String, Box<RawValue>)> = Vec::new();
        let mut listed = false;
        let mut is_record_or_release = false;
        while let Some(key) = map.next_key::<String>()? {
            let list = (key == "releases" || key == "records") && !is_record_or_release;
            if list {
                listed = true;
                map.next_value_seed(List {
                    top: &mut self,
                    key: &key,
                })?;
            } else {
                is_record_or_release |= key == "ocid";
                rest.push((key, map.next_value::<Box<RawValue>>()?));
            }
        }
        if listed {
            return Ok(());
        }
        let mut json = String::from("{");
        for (i, (k, v)) in rest.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&serde_json::to_string(k).unwrap_or_default());
            json.push(':');
            json.push_str(v.get());
        }
        json.push('}');
        let raw = RawValue::from_string(json).map_err(serde::de::Error::custom)?;
        self.send("document".into(), &raw)
    }
}

struct List<'t, 'f> {
    top: &'t mut Top<'f>,
    key: &'t str,
}

impl<'de> DeserializeSeed<'de> for List<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for List<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {}", self.key)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            // A one-element package, so the piece says what it is.
            let wrapped = format!("{{\"{}\":[{}]}}", self.key, raw.get());
            let raw = RawValue::from_string(wrapped).map_err(serde::de::Error::custom)?;
            self.top.send(format!("{}[{i}]", self.key), &raw)?;
            i += 1;
        }
        Ok(())
    }
}

/// The top-level keys of the first JSON object in `head` (of the file, of its first line,
/// or the first element of a top-level array), as far as `head` goes. A tiny scanner: it
/// tracks strings and nesting only.
pub fn top_level_keys(head: &[u8]) -> Vec<String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(start) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Vec::new();
    };
    let mut b = &head[start..];
    if b.first() == Some(&b'[') {
        b = &b[1..];
        match b.iter().position(|c| !c.is_ascii_whitespace()) {
            Some(i) if b[i] == b'{' => b = &b[i..],
            _ => return Vec::new(),
        }
    }
    if b.first() != Some(&b'{') {
        return Vec::new();
    }
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut expect_key = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' | b'[' => {
                depth += 1;
                expect_key = depth == 1 && b[i] == b'{';
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => expect_key = true,
            b'"' => {
                let end = string_end(b, i + 1);
                if expect_key && depth == 1 {
                    keys.push(String::from_utf8_lossy(&b[i + 1..end.min(b.len())]).into_owned());
                    expect_key = false;
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

/// The index of the closing quote of a string whose text starts at `from` (or the end).
fn string_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(
        run: impl FnOnce(
            &mut dyn FnMut(Result<Piece, SplitError>) -> ControlFlow<()>,
        ) -> Result<(), SplitError>,
    ) -> (Vec<String>, Result<(), SplitError>) {
        let mut got = Vec::new();
        let r = run(&mut |p| {
            got.push(match p {
                Ok(p) => format!("{} {}", p.at, String::from_utf8_lossy(&p.json)),
                Err(e) => format!("error {e}"),
            });
            ControlFlow::Continue(())
        });
        (got, r)
    }

    #[test]
    fn keys_of_the_first_object() {
        assert_eq!(
            top_level_keys(br#" {"uri":"x","releases":[{"ocid":1}], "a\"b":{"c":2}}"#),
            ["uri", "releases", r#"a\"b"#]
        );
        assert_eq!(top_level_keys(b"[{\"ocid\": 1}, {\"x\": 2}]"), ["ocid"]);
        assert_eq!(top_level_keys(b"{\"ocid\":\"a\"}\n{\"zzz\":1}\n"), ["ocid"]);
        assert_eq!(top_level_keys(b"{\"ocid\":\"trunc"), ["ocid"]);
        assert!(top_level_keys(b"[1,2]").is_empty());
        assert!(top_level_keys(b"<a/>").is_empty());
        assert!(top_level_keys(b"").is_empty());
    }

    #[test]
    fn packages_stream_release_by_release() {
        let doc = br#"{"uri":"u","releases":[{"id":"a"}, {"id":"b"}],"version":"1.1"}"#;
        let (got, r) = collect(|f| document(&doc[..], 1000, f));
        assert!(r.is_ok());
        assert_eq!(
            got,
            [
                r#"releases[0] {"releases":[{"id":"a"}]}"#,
                r#"releases[1] {"releases":[{"id":"b"}]}"#
            ]
        );
        let single = br#"{"ocid":"o","id":"a","tender":{"id":"t"}}"#;
        let (got, _) = collect(|f| document(&single[..], 1000, f));
        assert_eq!(
            got,
            [r#"document {"ocid":"o","id":"a","tender":{"id":"t"}}"#]
        );
        let record = br#"{"ocid":"o","releases":[{"url":"x"}],"compiledRelease":{"id":"c"}}"#;
        let (got, _) = collect(|f| document(&record[..], 1000, f));
        assert_eq!(got.len(), 1, "{got:?}");
        let (got, r) = collect(|f| document(&br#"{"releases":[{"id":"a"},"#[..], 1000, f));
        assert_eq!(got.len(), 1);
        assert!(matches!(r, Err(SplitError::Json(_))), "{r:?}");
        let (got, _) = collect(|f| document(&br#"{"releases":[{"id":"aaaaaaaa"}]}"#[..], 5, f));
        assert!(
            got[0].starts_with("error releases[0] is 32 bytes"),
            "{got:?}"
        );
    }

    #[test]
    fn lines_one_by_one() {
        let text = b"{\"id\":1}\n\n  \n{\"id\":2}\r\n{\"id\":\"toolongtoolong\"}\n{\"id\":3}";
        let (got, r) = collect(|f| lines(&text[..], 12, f));
        assert!(r.is_ok());
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].starts_with("line 1 {\"id\":1}"));
        assert!(got[1].starts_with("line 4 {\"id\":2}"));
        assert!(got[2].starts_with("error line 5 is 23 bytes"), "{got:?}");
        assert_eq!(got[3], "line 6 {\"id\":3}");
    }
}
