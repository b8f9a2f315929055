//! A synthetic corpus for benchmarks and crash tests: real eForms notices used as templates,
//! rewritten with new notice and procedure ids and varied dates, countries, CPV codes,
//! organisation names and amounts. Deterministic: notice `i` of seed `s` is always the same
//! bytes, whatever order or machine generates it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The template notices.
pub struct Templates {
    notices: Vec<String>,
    cpvs: Vec<String>,
}

/// EU/EEA countries (ISO 3166-1 alpha-3) buyers are spread over.
const COUNTRIES: &[&str] = &[
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE", "NOR",
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The notice id of notice `index` of `seed` (a version-4-shaped UUID).
pub fn notice_id(seed: u64, index: u64) -> String {
    let mut rng = Rng(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F) ^ 0x1D);
    uuid(&mut rng)
}

fn uuid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next(), rng.next());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

impl Templates {
    /// Loads every `.xml` under `dir` that has a BT-701 notice id (in name order).
    pub fn load(dir: &Path) -> io::Result<Templates> {
        let mut notices = Vec::new();
        let mut cpvs = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(io::Error::other)?;
            let is_xml = entry.path().extension().is_some_and(|e| e == "xml");
            if !entry.file_type().is_file() || !is_xml {
                continue;
            }
            let text = std::fs::read_to_string(entry.path())?;
            if !text.contains("schemeName=\"notice-id\">") {
                continue;
            }
            replace_after(&text, "listName=\"cpv\">", |code| {
                if code.len() == 8 && code.bytes().all(|b| b.is_ascii_digit()) {
                    cpvs.push(code.to_string());
                }
                code.to_string()
            });
            notices.push(text);
        }
        cpvs.sort();
        cpvs.dedup();
        if notices.is_empty() {
            return Err(io::Error::other(format!(
                "no eForms notices under {}",
                dir.display()
            )));
        }
        Ok(Templates { notices, cpvs })
    }

    pub fn len(&self) -> usize {
        self.notices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.notices.is_empty()
    }

    /// Notice `index` of `seed`: its file name and bytes.
    pub fn generate(&self, seed: u64, index: u64) -> (String, Vec<u8>) {
        let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ index);
        let template = &self.notices[rng.below(self.notices.len() as u64) as usize];
        let id = notice_id(seed, index);
        let mut xml = replace_after(template, "schemeName=\"notice-id\">", |_| id.clone());
        let procedure = uuid(&mut rng);
        xml = replace_after(&xml, "<cbc:ContractFolderID>", |_| procedure.clone());
        // A change notice names an earlier synthetic notice.
        let changed = notice_id(seed, index.saturating_sub(1 + rng.below(50)));
        xml = replace_after(&xml, "<efbc:ChangedNoticeIdentifier>", |old| {
            let version = old.rsplit_once('-').map_or("01", |(_, v)| v);
            format!("{changed}-{version}")
        });
        let country = COUNTRIES[rng.below(COUNTRIES.len() as u64) as usize];
        xml = replace_after(&xml, "listName=\"country\">", |_| country.to_string());
        let mut cpv_rng = Rng(rng.next());
        if !self.cpvs.is_empty() {
            xml = replace_after(&xml, "listName=\"cpv\">", |_| {
                self.cpvs[cpv_rng.below(self.cpvs.len() as u64) as usize].clone()
            });
        }
        let suffix = rng.below(2_000);
        xml = replace_after(&xml, "<cbc:Name languageID=", |name| {
            format!("{name} {suffix}")
        });
        let factor = 0.5 + rng.below(1_500) as f64 / 1_000.0;
        xml = replace_after(&xml, "currencyID=\"EUR\">", |amount| {
            match amount.parse::<f64>() {
                Ok(v) if v > 0.0 => format!("{:.2}", v * factor),
                _ => amount.to_string(),
            }
        });
        let shift = rng.below(4) as i32 - 2;
        xml = shift_years(&xml, shift);
        (format!("{index:08}-synth.xml"), xml.into_bytes())
    }

    /// Writes notices `0..count` as files into `dir` (created), returning the paths' folder.
    pub fn write_dir(&self, dir: &Path, seed: u64, count: u64) -> io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        for i in 0..count {
            let (name, bytes) = self.generate(seed, i);
            std::fs::write(dir.join(name), bytes)?;
        }
        Ok(dir.to_path_buf())
    }

    /// Writes notices `0..count` into a TED-style daily package (`.tar.gz`).
    pub fn write_tar_gz(&self, path: &Path, seed: u64, count: u64) -> io::Result<()> {
        let file = std::fs::File::create(path)?;
        let gz =
            flate2::write::GzEncoder::new(io::BufWriter::new(file), flate2::Compression::fast());
        let mut tar = tar::Builder::new(gz);
        for i in 0..count {
            let (name, bytes) = self.generate(seed, i);
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, format!("synth/{name}"), bytes.as_slice())?;
        }
        tar.into_inner()?.finish()?.flush()
    }
}

/// Replaces the text that follows each `marker` up to the next `<` with `f(old)`.
fn replace_after(text: &str, marker: &str, mut f: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(pos) = rest.find(marker) {
        let start = pos + marker.len();
        // For an attribute marker (`languageID=`), skip to the end of the start tag.
        let value_start = if marker.ends_with('=') {
            match rest[start..].find('>') {
                Some(gt) => start + gt + 1,
                None => break,
            }
        } else {
            start
        };
        let Some(len) = rest[value_start..].find('<') else {
            break;
        };
        out.push_str(&rest[..value_start]);
        out.push_str(&f(&rest[value_start..value_start + len]));
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

/// Moves every element date (`>YYYY-MM-DD`) by `shift` years (29 February becomes the 28th).
fn shift_years(text: &str, shift: i32) -> String {
    if shift == 0 {
        return text.to_string();
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i + 11 <= b.len() {
        let d = |k: usize| b[i + k].is_ascii_digit();
        if b[i] == b'>'
            && d(1)
            && d(2)
            && d(3)
            && d(4)
            && b[i + 5] == b'-'
            && d(6)
            && d(7)
            && b[i + 8] == b'-'
            && d(9)
            && d(10)
        {
            if let Ok(year) = text[i + 1..i + 5].parse::<i32>() {
                out.push_str(&text[last..i + 1]);
                out.push_str(&format!("{:04}", year + shift));
                if &text[i + 5..i + 11] == "-02-29" {
                    out.push_str("-02-28");
                } else {
                    out.push_str(&text[i + 5..i + 11]);
                }
                last = i + 11;
                i += 11;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_and_shifting() {
        let xml = r#"<a><cbc:ID schemeName="notice-id">old</cbc:ID><cbc:Name languageID="FRA">Ville</cbc:Name><d>2024-02-29+01:00</d></a>"#;
        let out = replace_after(xml, "schemeName=\"notice-id\">", |_| "new".into());
        assert!(out.contains(">new</cbc:ID>"));
        let out = replace_after(&out, "<cbc:Name languageID=", |n| format!("{n} 7"));
        assert!(out.contains(">Ville 7</cbc:Name>"));
        assert_eq!(
            shift_years(&out, -1),
            out.replace("2024-02-29", "2023-02-28")
        );
    }

    #[test]
    fn ids_are_uuids_and_deterministic() {
        let a = notice_id(42, 7);
        assert_eq!(a, notice_id(42, 7));
        assert_ne!(a, notice_id(42, 8));
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
    }
}
