//! The reader for every input [`crate::scan`] gives up on: quick-xml's `Reader` (with end
//! names checked), whose errors become located [`XmlError`]s.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::build::{borrow, not_utf8, Builder};
use crate::error::{Position, XmlError};
use crate::tree::{Doc, Vocabulary};

pub fn parse<V: Vocabulary>(src: &str) -> Result<Doc<'_, V>, XmlError> {
    let mut reader = Reader::from_str(src);
    reader.config_mut().check_end_names = true;
    let mut out = Builder::new(src);
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(quick_xml::Error::Syntax(e))
                if !matches!(e, quick_xml::errors::SyntaxError::InvalidBangMarkup) =>
            {
                // Every other syntax error means the input ended inside a construct.
                return Err(XmlError::Truncated {
                    at: Position::at(src, src.len()),
                    path: format!("{} ({e})", out.path()),
                });
            }
            Err(e) => {
                return Err(XmlError::Xml {
                    at: Position::at(src, reader.error_position() as usize),
                    path: out.path(),
                    message: e.to_string(),
                });
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let content = borrow(src, e).ok_or_else(|| not_utf8(src, before))?;
                let name = e.name().into_inner();
                let colon = name.iter().position(|&c| c == b':');
                let empty = matches!(event, Event::Empty(_));
                // `NsReader` reports namespace errors at the last error position.
                let ns_error_at = reader.error_position() as usize;
                out.start(content, name.len(), colon, before, empty, ns_error_at)?;
            }
            Event::End(_) => out.end(),
            Event::Text(t) => {
                let raw = borrow(src, &t).ok_or_else(|| not_utf8(src, before))?;
                out.text(raw, before, raw.contains('&'))?;
            }
            Event::CData(c) => {
                let raw = borrow(src, &c).ok_or_else(|| not_utf8(src, before))?;
                out.cdata(raw);
            }
            Event::DocType(_) => {
                return Err(XmlError::Doctype {
                    at: Position::at(src, before),
                })
            }
            Event::Decl(d) => out.decl(&d, before)?,
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => return out.finish(),
        }
    }
}
