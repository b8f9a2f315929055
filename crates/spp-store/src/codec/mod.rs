//! The stored form of a notice's lot records: a compact binary encoding.
//!
//! `spp report` reads every current lot record, so this is the format that decides how fast a
//! report starts. JSON was twice the size and half the load time went into decoding it. The
//! layout is private to the store and versioned by its first byte:
//!
//! ```text
//! set     := FORMAT notice_id:str version:varint count:varint body_len:varint record{count}
//! (FORMAT 2 adds the source format, one byte after the record source)
//! record  := the LotRecord fields in declaration order
//! ```
//!
//! A set names its notice and version, so sets are self-contained and self-delimiting: the
//! store reads many of them concatenated in one value. [`read_headers`] walks such a value without
//! decoding any record (it skips `body_len` bytes); [`decode_body`] then decodes the records
//! of the sets that are wanted.
//!
//! Integers are LEB128 varints (signed ones zigzag-encoded first), strings are a varint
//! length and UTF-8 bytes, `Option<T>` is a 0/1 byte then `T`, vectors are a varint count then
//! their items, dates are days since 0001-01-01, decimals are mantissa plus scale, and a code-list
//! value is 1 + its position in the list's `CODES`, or 0 and the code as written for a code
//! the list does not know (so it survives). Because of those positions, any change to a code
//! list's order changes the layout: a test pins the lists, and [`FORMAT`] must then go up
//! (older stores are re-ingested). Decoding checks every length
//! and value and returns a [`CodecError`]; it never panics on any input.
//!
//! Both directions destructure [`LotRecord`] and [`Winner`] without `..`, so a new field
//! fails to compile until it is added here.

use spp_domain::LotRecord;

mod read;
mod write;

use read::Reader;
use write::Writer;

/// Version of the layout, stored as the first byte of every set. Layout 2 added the source
/// format after the record source; sets of layout 1 are still read (their notice records
/// are eForms), so stores need no rewrite.
const FORMAT: u8 = 2;
/// The oldest layout still read.
const FIRST_FORMAT: u8 = 1;

/// Why stored bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}byte {at}: {reason}", notice.as_ref().map(|n| format!("notice {n}, ")).unwrap_or_default())]
pub struct CodecError {
    /// The notice whose set was being read, when its header could be read.
    pub notice: Option<String>,
    pub at: usize,
    pub reason: String,
}

/// The lot records of one stored notice version.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordSet {
    /// BT-701.
    pub notice_id: String,
    /// BT-757 as a number.
    pub version: i32,
    pub records: Vec<LotRecord>,
}

/// Encodes one set.
pub fn encode_set(notice_id: &str, version: i32, records: &[LotRecord]) -> Vec<u8> {
    let mut body = Writer(Vec::with_capacity(records.len() * 256));
    for r in records {
        body.record(r);
    }
    let mut w = Writer(Vec::with_capacity(64 + body.0.len()));
    w.0.push(FORMAT);
    w.str(notice_id);
    w.i64(i64::from(version));
    w.len(records.len());
    w.len(body.0.len());
    w.0.extend_from_slice(&body.0);
    w.0
}

/// A set's header, borrowed from the stored bytes, with its still encoded records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetHeader<'a> {
    /// The layout version the set was written with.
    pub(super) format: u8,
    pub notice_id: &'a str,
    pub version: i32,
    /// Number of records in `body`.
    pub count: usize,
    pub(super) body: &'a [u8],
    /// Offset of `body` in the value it was read from, for messages.
    pub(super) body_at: usize,
}

/// Reads the headers of the sets concatenated in `bytes`, appending them to `out`, without
/// decoding any record.
pub fn read_headers<'a>(bytes: &'a [u8], out: &mut Vec<SetHeader<'a>>) -> Result<(), CodecError> {
    let mut r = Reader::new(bytes);
    while r.pos < bytes.len() {
        r.notice = None;
        out.push(r.header().map_err(|e| *e)?);
    }
    Ok(())
}

/// Decodes the records of one set, appending them to `out`.
pub fn decode_body(header: &SetHeader<'_>, out: &mut Vec<LotRecord>) -> Result<(), CodecError> {
    let mut r = Reader::new(header.body);
    let fail = |at: usize, reason: String| CodecError {
        notice: Some(header.notice_id.to_string()),
        at: header.body_at + at,
        reason,
    };
    out.reserve(header.count);
    for _ in 0..header.count {
        match r.record(header.format) {
            Ok(record) => out.push(record),
            Err(e) => return Err(fail(e.at, e.reason)),
        }
    }
    if r.pos != header.body.len() {
        let left = header.body.len() - r.pos;
        return Err(fail(r.pos, format!("{left} bytes left after the records")));
    }
    Ok(())
}

/// Decodes exactly one set.
pub fn decode_set(bytes: &[u8]) -> Result<RecordSet, CodecError> {
    let mut r = Reader::new(bytes);
    let header = r.header().map_err(|e| *e)?;
    if r.pos != bytes.len() {
        return Err(*r.fail(format!("{} bytes left after the set", bytes.len() - r.pos)));
    }
    let mut records = Vec::new();
    decode_body(&header, &mut records)?;
    Ok(RecordSet {
        notice_id: header.notice_id.to_string(),
        version: header.version,
        records,
    })
}

#[cfg(test)]
pub(crate) mod tests;
