//! The CPV 2008 list shipped in `data/cpv/cpv-2008-en.tsv`.

use std::collections::HashMap;

use spp_domain::Cpv;

const CPV_TSV: &str = include_str!("../../../data/cpv/cpv-2008-en.tsv");

/// All CPV 2008 codes with their English labels.
#[derive(Debug, Clone)]
pub struct CpvList {
    /// Eight digits → (check digit, label).
    codes: HashMap<String, (char, String)>,
}

impl CpvList {
    /// The bundled list.
    pub fn bundled() -> CpvList {
        // The bundled file is checked by a test; a malformed line is skipped, not fatal.
        Self::parse(CPV_TSV).unwrap_or_else(|_| CpvList {
            codes: HashMap::new(),
        })
    }

    /// Parse `code<TAB>label_en` lines (header first); errors name the line.
    pub fn parse(tsv: &str) -> Result<CpvList, String> {
        let mut codes = HashMap::new();
        for (n, line) in tsv.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let (code, label) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: no tab", n + 1))?;
            let cpv = Cpv::parse(code).map_err(|e| format!("line {}: {e}", n + 1))?;
            let check = code
                .trim()
                .rsplit_once('-')
                .and_then(|(_, d)| d.chars().next())
                .ok_or_else(|| format!("line {}: no check digit in {code:?}", n + 1))?;
            codes.insert(cpv.as_str().to_string(), (check, label.trim().to_string()));
        }
        Ok(CpvList { codes })
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    pub fn contains(&self, cpv: &Cpv) -> bool {
        self.codes.contains_key(cpv.as_str())
    }

    /// English label of a code.
    pub fn label(&self, cpv: &Cpv) -> Option<&str> {
        self.codes.get(cpv.as_str()).map(|(_, l)| l.as_str())
    }

    /// The code with its check digit (`30213100-6`).
    pub fn with_check_digit(&self, cpv: &Cpv) -> Option<String> {
        self.codes
            .get(cpv.as_str())
            .map(|(d, _)| format!("{}-{d}", cpv.as_str()))
    }

    /// The nearest existing ancestor of a code (itself when it exists), walking up by
    /// zeroing digits from the right: `30213190` → `30213100` when the former is unknown.
    pub fn nearest_known(&self, cpv: &Cpv) -> Option<Cpv> {
        let digits = cpv.as_str();
        for keep in (2..=8).rev() {
            let candidate = format!("{}{}", &digits[..keep], "0".repeat(8 - keep));
            if let Ok(c) = Cpv::parse(&candidate) {
                if self.contains(&c) {
                    return Some(c);
                }
            }
        }
        None
    }
}
