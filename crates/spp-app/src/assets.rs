//! Data that ships inside the binary. The catalogue, the policies, the CPV list and the ECB
//! rates are embedded by their own crates; the bundled sample notices (`data/sample`, 13 MB of
//! XML, about 1 MB packed) are embedded here by `build.rs`, so the main job runs from any
//! directory on any machine.

use std::path::{Path, PathBuf};

use crate::error::{AppError, AppResult};

/// The bundled sample as a gzipped tar (entries `sample/<folder>/<notice>.xml`).
pub static SAMPLE_TAR_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sample.tar.gz"));

/// The file name the sample gets when it is written out for the ingest; it appears in the
/// ingest's messages (`spp-bundled-sample.tar.gz!sample/…`).
pub const SAMPLE_FILE_NAME: &str = "spp-bundled-sample.tar.gz";

/// The bundled sample written to a temporary directory, removed when dropped.
pub struct SampleArchive {
    dir: tempfile::TempDir,
}

impl SampleArchive {
    /// Writes the embedded archive out.
    pub fn write() -> AppResult<SampleArchive> {
        let dir = tempfile::Builder::new()
            .prefix("spp-sample-")
            .tempdir()
            .map_err(|source| AppError::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        let path = dir.path().join(SAMPLE_FILE_NAME);
        std::fs::write(&path, SAMPLE_TAR_GZ).map_err(|source| AppError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(SampleArchive { dir })
    }

    /// The archive's path, to hand to the ingest.
    pub fn path(&self) -> PathBuf {
        self.dir.path().join(SAMPLE_FILE_NAME)
    }

    /// The directory holding it.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_sample_is_a_gzip_of_every_sample_notice() {
        assert_eq!(&SAMPLE_TAR_GZ[..2], &[0x1f, 0x8b], "gzip magic");
        let archive = SampleArchive::write().unwrap();
        let bytes = std::fs::read(archive.path()).unwrap();
        assert_eq!(bytes.len(), SAMPLE_TAR_GZ.len());
        let on_disk = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
        let xml_on_disk = walk_xml(&on_disk);
        let gz = flate2_reader(&bytes);
        assert_eq!(gz, xml_on_disk, "same XML files, same sizes");
        assert!(gz.len() > 300, "the sample has about 320 notices");
    }

    fn walk_xml(dir: &Path) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let entry = entry.unwrap();
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "xml") {
                    let rel = path
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .to_string();
                    out.push((format!("sample/{rel}"), entry.metadata().unwrap().len()));
                }
            }
        }
        out.sort();
        out
    }

    /// Lists the XML entries of the archive with a minimal ustar reader over the gunzipped
    /// bytes, independent of the `tar` crate that wrote them.
    fn flate2_reader(gz: &[u8]) -> Vec<(String, u64)> {
        let tar = gunzip(gz);
        let mut out = Vec::new();
        let mut at = 0;
        while at + 512 <= tar.len() {
            let header = &tar[at..at + 512];
            if header.iter().all(|b| *b == 0) {
                break;
            }
            let name = cstr(&header[0..100]);
            let prefix = cstr(&header[345..500]);
            let size = u64::from_str_radix(cstr(&header[124..136]).trim(), 8).unwrap();
            let full = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}/{name}")
            };
            if full.ends_with(".xml") {
                out.push((full, size));
            }
            at += 512 + (size as usize).div_ceil(512) * 512;
        }
        out.sort();
        out
    }

    fn cstr(b: &[u8]) -> &str {
        let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
        std::str::from_utf8(&b[..end]).unwrap()
    }

    fn gunzip(gz: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_end(&mut out)
            .unwrap();
        out
    }
}
