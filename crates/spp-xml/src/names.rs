//! Local names as small ids: an open-addressing table from the names a reader asks for to its
//! ids, and [`names!`](crate::names!) to declare such ids as an enum with its table.

/// Open-addressing table of known names, keyed by a hash of the length and three bytes: a
/// lookup is one or two probes and at most one full compare.
pub struct NameTable<T: Copy + 'static> {
    slots: Vec<Option<(&'static [u8], T)>>,
}

fn hash(name: &[u8], slots: usize) -> usize {
    let (Some(&first), Some(&last)) = (name.first(), name.last()) else {
        return 0;
    };
    let mid = name[name.len() / 2];
    let h = (name.len() as u32)
        .wrapping_mul(0x9E37_79B9)
        .wrapping_add(u32::from(first) << 16 | u32::from(mid) << 8 | u32::from(last))
        .wrapping_mul(0x85EB_CA6B);
    (h >> 22) as usize % slots
}

impl<T: Copy + 'static> NameTable<T> {
    /// A table of `known` names (at most a quarter full, at least 1,024 slots).
    pub fn new(known: &[(&'static str, T)]) -> NameTable<T> {
        let size = (known.len() * 4).next_power_of_two().max(1024);
        let mut slots = vec![None; size];
        for &(s, n) in known {
            let mut i = hash(s.as_bytes(), size);
            while slots[i].is_some() {
                i = (i + 1) % size;
            }
            slots[i] = Some((s.as_bytes(), n));
        }
        NameTable { slots }
    }

    /// The id of a local name (bytes as written, without prefix).
    pub fn get(&self, local: &[u8]) -> Option<T> {
        let size = self.slots.len();
        let mut i = hash(local, size);
        while let Some((s, n)) = self.slots[i] {
            if s == local {
                return Some(n);
            }
            i = (i + 1) % size;
        }
        None
    }
}

/// Declares the local names a reader asks for as an enum (variants spelled as the names),
/// plus `Other` for every other name, with `KNOWN` and `of(local) -> Self`.
#[macro_export]
macro_rules! names {
    ($(#[$meta:meta])* $vis:vis enum $ty:ident { $($name:ident)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(clippy::upper_case_acronyms, clippy::enum_variant_names, non_camel_case_types)]
        $vis enum $ty {
            $($name,)*
            /// Any name the reader never asks for.
            Other,
        }

        impl $ty {
            /// Every name with its id.
            pub const KNOWN: &'static [(&'static str, $ty)] = &[$((stringify!($name), $ty::$name),)*];

            /// The id of a local name (bytes as written, without prefix).
            pub fn of(local: &[u8]) -> $ty {
                static TABLE: ::std::sync::OnceLock<$crate::NameTable<$ty>> =
                    ::std::sync::OnceLock::new();
                TABLE
                    .get_or_init(|| $crate::NameTable::new($ty::KNOWN))
                    .get(local)
                    .unwrap_or($ty::Other)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::names! { enum Test { ID Name ContractNotice F03_2014 } }

    #[test]
    fn every_known_name_maps_to_itself() {
        for &(s, n) in Test::KNOWN {
            assert_eq!(Test::of(s.as_bytes()), n, "{s}");
        }
        assert_eq!(Test::of(b""), Test::Other);
        assert_eq!(Test::of(b"IDX"), Test::Other);
        assert_eq!(Test::of(b"Id"), Test::Other);
        assert_eq!(Test::of(&[b'x'; 500]), Test::Other);
    }

    #[test]
    fn large_tables_grow() {
        let names: Vec<&'static str> = (0..3000)
            .map(|i| &*Box::leak(format!("N{i}").into_boxed_str()))
            .collect();
        let known: Vec<(&'static str, usize)> =
            names.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        let t = super::NameTable::new(&known);
        for (s, i) in &known {
            assert_eq!(t.get(s.as_bytes()), Some(*i));
        }
        assert_eq!(t.get(b"N3000"), None);
    }
}
