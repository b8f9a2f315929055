//! Why a document could not be read. Every message says what went wrong and where (line and
//! column, or an element path); callers add the file name.

use std::fmt;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte offset `offset` in `src` (clamped to the text).
    pub fn at(src: &str, offset: usize) -> Position {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &src[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }

    /// The position of a byte offset in bytes that may not be UTF-8.
    pub fn at_bytes(bytes: &[u8], offset: usize) -> Position {
        let offset = offset.min(bytes.len());
        let before = &bytes[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        Position {
            line,
            column: offset - line_start + 1,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Why [`crate::decode`] or [`crate::Doc::parse`] refused its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    #[error("file too large: {size} bytes (the limit is {limit} bytes)")]
    TooLarge { size: usize, limit: usize },
    #[error("empty input: no XML at all")]
    Empty,
    #[error("wrong encoding at {at}: {message}")]
    Encoding { at: Position, message: String },
    #[error("DOCTYPE declaration at {at}: DTDs and entity declarations are refused")]
    Doctype { at: Position },
    #[error("malformed XML at {at}{}: {message}", in_path(path))]
    Xml {
        at: Position,
        path: String,
        message: String,
    },
    #[error("truncated file: it ends at {at} inside {path}")]
    Truncated { at: Position, path: String },
    #[error("no root element: the document holds no XML element")]
    NoRoot,
    /// The input is not XML at all (what it looks like instead).
    #[error("not XML: {0}")]
    NotMarkup(String),
}

fn in_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" (in {path})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let src = "ab\ncdé\nf";
        assert_eq!(Position::at(src, 0), Position { line: 1, column: 1 });
        assert_eq!(Position::at(src, 3), Position { line: 2, column: 1 });
        // 'é' is two bytes: offset 7 is just after it, the 4th character of line 2.
        assert_eq!(Position::at(src, 7), Position { line: 2, column: 4 });
        assert_eq!(Position::at(src, 999), Position { line: 3, column: 2 });
        assert_eq!(
            Position::at_bytes(b"a\n\xffb", 3),
            Position { line: 2, column: 2 }
        );
    }
}
