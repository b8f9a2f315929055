//! Reading inputs: XML files, folders (recursive), TED daily packages (`.tar.gz`/`.tgz`),
//! `.zip` archives and OCDS JSON (`.json`, `.jsonl`, either gzipped: streamed one release or
//! line at a time by [`spp_ocds::split`]), one notice at a time, with guards against path tricks and decompression
//! bombs. Runs on its own thread and feeds a bounded channel.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::SyncSender;

use crate::{Cancel, Limits};

/// One thing read: a notice's bytes, or a reason it could not be read.
pub(crate) enum Input {
    Notice { source: String, bytes: Vec<u8> },
    Failed { source: String, reason: String },
}

impl Input {
    /// The file, or `archive!entry`.
    pub fn source(&self) -> &str {
        match self {
            Input::Notice { source, .. } | Input::Failed { source, .. } => source,
        }
    }
}

/// Counters shared with the progress display.
#[derive(Default)]
pub(crate) struct ReadCounters {
    pub files: AtomicU64,
    pub bytes: AtomicU64,
    pub skipped: AtomicU64,
}

/// The kind of input, from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xml,
    TarGz,
    Zip,
    /// OCDS: a JSON document (package, record, release) or JSON Lines, maybe gzipped.
    Json {
        lines: bool,
        gzip: bool,
    },
    Other,
}

fn kind(path: &Path) -> Kind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".xml") {
        Kind::Xml
    } else if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
        Kind::TarGz
    } else if name.ends_with(".zip") {
        Kind::Zip
    } else if let Some(json) = json_kind(&name) {
        json
    } else {
        Kind::Other
    }
}

fn json_kind(name: &str) -> Option<Kind> {
    let (stem, gzip) = match name.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => (name, false),
    };
    if stem.ends_with(".jsonl") || stem.ends_with(".ndjson") {
        Some(Kind::Json { lines: true, gzip })
    } else if stem.ends_with(".json") {
        Some(Kind::Json { lines: false, gzip })
    } else {
        None
    }
}

/// Reader state: where to send, what to count, which limits apply.
pub(crate) struct Reader<'a> {
    pub tx: SyncSender<Input>,
    pub counters: &'a ReadCounters,
    pub limits: Limits,
    /// Set when the run ends early: checked before each notice is sent.
    pub stop: &'a Cancel,
}

/// The run was stopped or the receiving side hung up: stop reading.
pub(crate) struct Stopped;

impl Reader<'_> {
    /// Reads every path in order. Paths named on the command line are read whatever their
    /// extension (unknown ones as XML); inside folders only `.xml`, `.tar.gz`, `.tgz` and
    /// `.zip` files are read, in name order.
    pub fn read_all(&self, paths: &[PathBuf]) -> Result<(), Stopped> {
        for path in paths {
            if path.is_dir() {
                let walker = walkdir::WalkDir::new(path).sort_by_file_name();
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() => {
                            if kind(e.path()) != Kind::Other {
                                self.read_path(e.path())?;
                            } else {
                                self.counters.skipped.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        Ok(_) => {}
                        Err(err) => {
                            let source = err.path().map_or_else(
                                || path.display().to_string(),
                                |p| p.display().to_string(),
                            );
                            self.fail(source, format!("cannot read folder entry: {err}"))?;
                        }
                    }
                }
            } else {
                self.read_path(path)?;
            }
        }
        Ok(())
    }

    fn read_path(&self, path: &Path) -> Result<(), Stopped> {
        let source = path.display().to_string();
        self.counters.files.fetch_add(1, Ordering::Relaxed);
        let file = match File::open(path) {
            Ok(f) => f,
            Err(err) => return self.fail(source, format!("cannot open: {err}")),
        };
        match kind(path) {
            Kind::TarGz => self.read_tar_gz(&source, file),
            Kind::Zip => self.read_zip(&source, file),
            Kind::Json { lines, gzip } => self.read_json(&source, file, lines, gzip),
            Kind::Xml | Kind::Other => match read_file(file, self.limits.max_entry_bytes) {
                Ok(bytes) => self.send(source, bytes),
                Err(reason) => self.fail(source, reason),
            },
        }
    }

    fn read_tar_gz(&self, source: &str, file: File) -> Result<(), Stopped> {
        let compressed = CountingReader::new(BufReader::new(file));
        let compressed_count = compressed.count.clone();
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(compressed));
        let entries = match archive.entries() {
            Ok(e) => e,
            Err(err) => {
                return self.fail(source.to_string(), format!("not a tar.gz archive: {err}"))
            }
        };
        let mut total: u64 = 0;
        for entry in entries {
            let mut entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    return self.fail(source.to_string(), format!("archive is damaged: {err}"));
                }
            };
            let name = match entry.path() {
                Ok(p) => p.into_owned(),
                Err(err) => {
                    self.fail(
                        source.to_string(),
                        format!("entry with an unreadable name: {err}"),
                    )?;
                    continue;
                }
            };
            let entry_source = format!("{source}!{}", name.display());
            if !entry.header().entry_type().is_file() {
                continue;
            }
            if let Err(reason) = safe_entry_path(&name) {
                self.fail(entry_source, reason)?;
                continue;
            }
            if !in_archive(kind(&name)) {
                self.counters.skipped.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            let bytes = match read_limited(&mut entry, self.limits.max_entry_bytes) {
                Ok(b) => b,
                Err(reason) => {
                    // The stream may be unusable after a read error; stop this archive.
                    return self.fail(entry_source, reason);
                }
            };
            total += bytes.len() as u64;
            let packed = compressed_count.load(Ordering::Relaxed).max(1);
            if let Err(reason) = self.limits.check_totals(total, packed) {
                return self.fail(entry_source, reason);
            }
            self.send(entry_source, bytes)?;
        }
        Ok(())
    }

    fn read_zip(&self, source: &str, file: File) -> Result<(), Stopped> {
        let mut archive = match zip::ZipArchive::new(BufReader::new(file)) {
            Ok(a) => a,
            Err(err) => return self.fail(source.to_string(), format!("not a zip archive: {err}")),
        };
        let mut total: u64 = 0;
        let mut packed: u64 = 0;
        for i in 0..archive.len() {
            let mut entry = match archive.by_index(i) {
                Ok(e) => e,
                Err(err) => {
                    self.fail(
                        format!("{source}!#{i}"),
                        format!("damaged zip entry: {err}"),
                    )?;
                    continue;
                }
            };
            let raw_name = entry.name().to_string();
            let entry_source = format!("{source}!{raw_name}");
            if entry.is_dir() {
                continue;
            }
            if let Err(reason) = safe_entry_path(Path::new(&raw_name)) {
                self.fail(entry_source, reason)?;
                continue;
            }
            if !in_archive(kind(Path::new(&raw_name))) {
                self.counters.skipped.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            let declared = entry.size();
            let compressed = entry.compressed_size().max(1);
            if let Err(reason) = self.limits.check_entry(declared, compressed) {
                self.fail(entry_source, reason)?;
                continue;
            }
            let bytes = match read_limited(&mut entry, self.limits.max_entry_bytes) {
                Ok(b) => b,
                Err(reason) => {
                    self.fail(entry_source, reason)?;
                    continue;
                }
            };
            total += bytes.len() as u64;
            packed += compressed;
            if let Err(reason) = self.limits.check_totals(total, packed) {
                return self.fail(entry_source, reason);
            }
            self.send(entry_source, bytes)?;
        }
        Ok(())
    }

    /// An OCDS file, streamed: each release of a package (or each line) is sent on its own,
    /// so a file of any size is never held whole.
    /// A gzipped file is bounded as a whole like an archive ([`Limits::check_totals`]): a
    /// gzip bomb stops with an error naming the file and the limit.
    fn read_json(&self, source: &str, file: File, lines: bool, gzip: bool) -> Result<(), Stopped> {
        let reader: Box<dyn std::io::BufRead> = if gzip {
            let compressed = CountingReader::new(BufReader::new(file));
            let packed = compressed.count.clone();
            let expanded = flate2::read::MultiGzDecoder::new(compressed);
            Box::new(BufReader::new(Bounded {
                inner: expanded,
                total: 0,
                packed,
                limits: self.limits,
            }))
        } else {
            Box::new(BufReader::with_capacity(1 << 16, file))
        };
        let mut stopped = false;
        let mut send = |piece: Result<spp_ocds::split::Piece, spp_ocds::split::SplitError>| {
            let sent = match piece {
                Ok(p) => self.send(format!("{source}!{}", p.at), p.json),
                Err(e) => self.fail(source.to_string(), e.to_string()),
            };
            stopped = sent.is_err();
            if stopped {
                std::ops::ControlFlow::Break(())
            } else {
                std::ops::ControlFlow::Continue(())
            }
        };
        let limit = self.limits.max_entry_bytes;
        let read = if lines {
            spp_ocds::split::lines(reader, limit, &mut send)
        } else {
            spp_ocds::split::document(reader, limit, &mut send)
        };
        if stopped {
            return Err(Stopped);
        }
        match read {
            Ok(()) => Ok(()),
            Err(e) => self.fail(source.to_string(), format!("stopped reading: {e}")),
        }
    }

    fn send(&self, source: String, bytes: Vec<u8>) -> Result<(), Stopped> {
        if self.stop.is_cancelled() {
            return Err(Stopped);
        }
        self.counters
            .bytes
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.tx
            .send(Input::Notice { source, bytes })
            .map_err(|_| Stopped)
    }

    fn fail(&self, source: String, reason: String) -> Result<(), Stopped> {
        tracing::debug!(%source, %reason, "input failed");
        if self.stop.is_cancelled() {
            return Err(Stopped);
        }
        self.tx
            .send(Input::Failed { source, reason })
            .map_err(|_| Stopped)
    }
}

/// Entries of archives that are read: XML notices and (not gzipped) OCDS JSON, whole.
fn in_archive(kind: Kind) -> bool {
    matches!(kind, Kind::Xml | Kind::Json { gzip: false, .. })
}

impl Limits {
    /// A single zip entry's declared size and compression ratio.
    fn check_entry(&self, size: u64, compressed: u64) -> Result<(), String> {
        if size > self.max_entry_bytes {
            return Err(format!(
                "entry is {size} bytes, over the limit of {} bytes per notice",
                self.max_entry_bytes
            ));
        }
        if size > self.ratio_floor_bytes && size / compressed > self.max_ratio {
            return Err(format!(
                "entry expands {}x ({compressed} -> {size} bytes), over the limit of {}x: a decompression bomb?",
                size / compressed,
                self.max_ratio
            ));
        }
        Ok(())
    }

    /// Running totals of one archive or gzipped file: decompressed bytes and compressed
    /// bytes read.
    fn check_totals(&self, total: u64, packed: u64) -> Result<(), String> {
        if total > self.max_archive_bytes {
            return Err(format!(
                "expands to more than {} bytes (the limit per archive or gzipped file): stopped reading it",
                self.max_archive_bytes
            ));
        }
        if total > self.ratio_floor_bytes && total / packed.max(1) > self.max_ratio {
            return Err(format!(
                "expands {}x ({packed} -> {total} bytes so far), over the limit of {}x: a decompression bomb? stopped reading it",
                total / packed.max(1),
                self.max_ratio
            ));
        }
        Ok(())
    }
}

/// Archive entry names must be relative and stay inside the archive (no `..`, no root,
/// no drive letter).
fn safe_entry_path(name: &Path) -> Result<(), String> {
    let text = name.to_string_lossy();
    let drive = text.len() >= 2 && text.as_bytes()[1] == b':';
    if text.starts_with('/') || text.starts_with('\\') || drive {
        return Err(format!("unsafe path in archive (absolute): {text:?}"));
    }
    for c in name.components() {
        match c {
            Component::ParentDir => {
                return Err(format!(
                    "unsafe path in archive (goes up with ..): {text:?}"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!("unsafe path in archive (absolute): {text:?}"));
            }
            _ => {}
        }
    }
    if text.split(['/', '\\']).any(|part| part == "..") {
        return Err(format!(
            "unsafe path in archive (goes up with ..): {text:?}"
        ));
    }
    Ok(())
}

/// Reads a file of at most `limit` bytes into a buffer of its size (one read, no regrowth),
/// checking the limit first.
fn read_file(file: File, limit: u64) -> Result<Vec<u8>, String> {
    let size = file.metadata().map_or(0, |m| m.len());
    if size > limit {
        return Err(too_large(limit));
    }
    // One byte more than the size: a file that grew since is still read to its end (and
    // checked against the limit) without a second allocation in the common case.
    read_limited_into(file, limit, Vec::with_capacity(size as usize + 1))
}

/// Reads at most `limit` bytes; more is an error (the rest is not read).
fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, String> {
    read_limited_into(reader, limit, Vec::new())
}

fn read_limited_into(reader: impl Read, limit: u64, mut bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| format!("read error: {err}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn too_large(limit: u64) -> String {
    format!("larger than the limit of {limit} bytes per notice")
}

/// Counts the bytes read through it (the compressed side of a gzip stream).
struct CountingReader<R> {
    inner: R,
    count: std::sync::Arc<AtomicU64>,
}

impl<R> CountingReader<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            count: std::sync::Arc::default(),
        }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The decompressed side of a gzipped file, failing (an `InvalidData` read error) once the
/// file expands past the limits.
struct Bounded<R> {
    inner: R,
    total: u64,
    packed: std::sync::Arc<AtomicU64>,
    limits: Limits,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.total += n as u64;
        let packed = self.packed.load(Ordering::Relaxed);
        self.limits
            .check_totals(self.total, packed)
            .map_err(|reason| std::io::Error::new(std::io::ErrorKind::InvalidData, reason))?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_paths() {
        assert!(safe_entry_path(Path::new("2024/00001-2024.xml")).is_ok());
        assert!(safe_entry_path(Path::new("../etc/passwd.xml")).is_err());
        assert!(safe_entry_path(Path::new("a/../../b.xml")).is_err());
        assert!(safe_entry_path(Path::new("/etc/x.xml")).is_err());
        assert!(safe_entry_path(Path::new("C:\\x.xml")).is_err());
        assert!(safe_entry_path(Path::new("a\\..\\b.xml")).is_err());
    }

    #[test]
    fn limits() {
        let l = Limits::default();
        assert!(l.check_entry(50_000, 5_000).is_ok());
        // 100 MiB declared: over the per-notice limit.
        assert!(l.check_entry(100 << 20, 1 << 20).is_err());
        // 10 MiB from 1 KiB: ratio 10240x.
        let err = l.check_entry(10 << 20, 1 << 10).unwrap_err();
        assert!(err.contains("10240x"), "{err}");
        assert!(read_limited(&b"12345"[..], 5).is_ok());
        assert!(read_limited(&b"123456"[..], 5).is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.xml");
        std::fs::write(&path, b"<a/>").unwrap();
        assert_eq!(read_file(File::open(&path).unwrap(), 4).unwrap(), b"<a/>");
        let err = read_file(File::open(&path).unwrap(), 3).unwrap_err();
        assert!(err.contains("limit of 3 bytes"), "{err}");
    }
}
