//! The stored form of a partial result: signed integer counts, exact sums and keyed counts,
//! laid out flat in the order [`Flatten`](super::flatten::Flatten) writes them. Adding two
//! flats and subtracting one again gives back the first exactly: every part is an integer
//! (amounts as integer mantissas per decimal scale), never a float.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::CubeError;
use crate::sum::Sum;

/// An exact, invertible Σ of non-negative amounts. [`Sum`] ends at the exact total at the
/// largest scale of the non-zero amounts (zero at the largest scale of the zeros when all
/// are zero); to give the same after a subtraction, the amounts are kept per scale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExactSum {
    /// By scale, ascending: (scale, non-zero amounts, zero amounts, Σ mantissas).
    parts: Vec<(u8, i64, i64, i128)>,
}

impl ExactSum {
    /// `self += sign × amount`, the amount counted as one.
    pub fn add_amount(&mut self, amount: Decimal, sign: i64) {
        let zero = amount.is_zero();
        if zero && amount.scale() == 0 {
            // Adding 0 is adding nothing (a `Sum` that saw only `0` is `Sum::default()`).
            return;
        }
        let scale = amount.scale() as u8;
        let part = (scale, i64::from(!zero), i64::from(zero), amount.mantissa());
        self.add_part(part, sign);
    }

    fn add_part(&mut self, (scale, nonzero, zeros, mantissa): (u8, i64, i64, i128), sign: i64) {
        let at = match self.parts.binary_search_by_key(&scale, |p| p.0) {
            Ok(at) => at,
            Err(at) => {
                self.parts.insert(at, (scale, 0, 0, 0));
                at
            }
        };
        if let Some(p) = self.parts.get_mut(at) {
            p.1 += sign * nonzero;
            p.2 += sign * zeros;
            p.3 += i128::from(sign) * mantissa;
        }
        self.parts.retain(|p| *p != (p.0, 0, 0, 0));
    }

    pub fn add(&mut self, other: &ExactSum, sign: i64) {
        for part in &other.parts {
            self.add_part(*part, sign);
        }
    }

    pub fn is_zero(&self) -> bool {
        self.parts.is_empty()
    }

    /// The total as [`Sum`] gives it; an error when it is out of `Decimal`'s exact range.
    pub fn value(&self) -> Result<Decimal, CubeError> {
        let top = self.parts.iter().filter(|p| p.1 != 0).map(|p| p.0).max();
        let Some(top) = top else {
            let scale = self.parts.iter().filter(|p| p.2 != 0).map(|p| p.0).max();
            return Ok(Decimal::new(0, u32::from(scale.unwrap_or(0))));
        };
        let mut total: i128 = 0;
        for (scale, _, _, mantissa) in self.parts.iter().filter(|p| p.3 != 0) {
            let power = top
                .checked_sub(*scale)
                .and_then(|d| 10i128.checked_pow(u32::from(d)));
            total = power
                .and_then(|p| mantissa.checked_mul(p))
                .and_then(|m| total.checked_add(m))
                .ok_or(CubeError::OutOfRange)?;
        }
        if total <= 0 || total >= 1i128 << 96 {
            return Err(CubeError::OutOfRange);
        }
        Decimal::try_from_i128_with_scale(total, u32::from(top)).map_err(|_| CubeError::OutOfRange)
    }
}

/// Counts, sums and keyed counts in writing order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flat {
    pub counts: Vec<i64>,
    pub sums: Vec<ExactSum>,
    pub maps: Vec<BTreeMap<String, i64>>,
}

impl Flat {
    // Writing (from a partial result).
    pub fn count(&mut self, n: u64) {
        self.counts.push(i64::try_from(n).unwrap_or(i64::MAX));
    }

    pub fn sum(&mut self, s: &Sum) {
        let mut exact = ExactSum::default();
        exact.add_amount(s.value(), 1);
        self.sums.push(exact);
    }

    pub fn map<K: AsRef<str>>(&mut self, m: &BTreeMap<K, u64>) {
        let map = m
            .iter()
            .map(|(k, n)| {
                (
                    k.as_ref().to_string(),
                    i64::try_from(*n).unwrap_or(i64::MAX),
                )
            })
            .collect();
        self.maps.push(map);
    }

    /// `self += sign × other`.
    pub fn add(&mut self, other: &Flat, sign: i64) {
        grow(&mut self.counts, other.counts.len());
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += sign * theirs;
        }
        grow(&mut self.sums, other.sums.len());
        for (mine, theirs) in self.sums.iter_mut().zip(&other.sums) {
            mine.add(theirs, sign);
        }
        grow(&mut self.maps, other.maps.len());
        for (mine, theirs) in self.maps.iter_mut().zip(&other.maps) {
            for (k, n) in theirs {
                let v = mine.entry(k.clone()).or_default();
                *v += sign * n;
                if *v == 0 {
                    mine.remove(k);
                }
            }
        }
    }

    /// Nothing counted.
    pub fn is_zero(&self) -> bool {
        self.counts.iter().all(|n| *n == 0)
            && self.sums.iter().all(ExactSum::is_zero)
            && self.maps.iter().all(BTreeMap::is_empty)
    }

    pub fn reader(&self) -> FlatReader<'_> {
        FlatReader {
            flat: self,
            counts: 0,
            sums: 0,
            maps: 0,
        }
    }

    /// Sparse bytes: only the parts that are not zero.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let counts: Vec<_> = self
            .counts
            .iter()
            .enumerate()
            .filter(|c| *c.1 != 0)
            .collect();
        put(out, counts.len() as u64);
        for (i, n) in counts {
            put(out, i as u64);
            put(out, zigzag(i128::from(*n)));
        }
        let sums: Vec<_> = self
            .sums
            .iter()
            .enumerate()
            .filter(|s| !s.1.is_zero())
            .collect();
        put(out, sums.len() as u64);
        for (i, s) in sums {
            put(out, i as u64);
            put(out, s.parts.len() as u64);
            for (scale, nonzero, zeros, mantissa) in &s.parts {
                put(out, u64::from(*scale));
                put(out, zigzag(i128::from(*nonzero)));
                put(out, zigzag(i128::from(*zeros)));
                put128(out, zigzag(*mantissa));
            }
        }
        let maps: Vec<_> = self
            .maps
            .iter()
            .enumerate()
            .filter(|m| !m.1.is_empty())
            .collect();
        put(out, maps.len() as u64);
        for (i, m) in maps {
            put(out, i as u64);
            put(out, m.len() as u64);
            for (k, n) in m {
                put(out, k.len() as u64);
                out.extend_from_slice(k.as_bytes());
                put(out, zigzag(i128::from(*n)));
            }
        }
    }

    /// Reads what [`Flat::encode`] wrote, from the start of `bytes`; returns the rest.
    pub fn decode(bytes: &[u8]) -> Result<(Flat, &[u8]), CubeError> {
        let mut r = Bytes(bytes);
        let mut flat = Flat::default();
        for _ in 0..r.len()? {
            let i = r.index()?;
            grow(&mut flat.counts, i + 1);
            flat.counts[i] = r.signed()?;
        }
        for _ in 0..r.len()? {
            let i = r.index()?;
            grow(&mut flat.sums, i + 1);
            let mut sum = ExactSum::default();
            for _ in 0..r.len()? {
                let scale = u8::try_from(r.get()?).map_err(|_| CubeError::corrupt("scale"))?;
                let part = (scale, r.signed()?, r.signed()?, unzigzag(r.get128()?));
                sum.parts.push(part);
            }
            flat.sums[i] = sum;
        }
        for _ in 0..r.len()? {
            let i = r.index()?;
            grow(&mut flat.maps, i + 1);
            let mut map = BTreeMap::new();
            for _ in 0..r.len()? {
                let len = r.len()?;
                let key = r.take(len)?;
                let key = String::from_utf8(key.to_vec()).map_err(|_| CubeError::corrupt("key"))?;
                map.insert(key, r.signed()?);
            }
            flat.maps[i] = map;
        }
        Ok((flat, r.0))
    }
}

/// A flat's non-zero parts: a cube read into memory keeps its cells so, and a report adds
/// only what each cell holds.
#[derive(Debug, Clone, Default)]
pub struct SparseFlat {
    counts: Vec<(usize, i64)>,
    sums: Vec<(usize, ExactSum)>,
    maps: Vec<(usize, BTreeMap<String, i64>)>,
}

impl From<&Flat> for SparseFlat {
    fn from(flat: &Flat) -> SparseFlat {
        SparseFlat {
            counts: flat
                .counts
                .iter()
                .copied()
                .enumerate()
                .filter(|c| c.1 != 0)
                .collect(),
            sums: flat
                .sums
                .iter()
                .cloned()
                .enumerate()
                .filter(|s| !s.1.is_zero())
                .collect(),
            maps: flat
                .maps
                .iter()
                .cloned()
                .enumerate()
                .filter(|m| !m.1.is_empty())
                .collect(),
        }
    }
}

impl Flat {
    /// `self += other`.
    pub fn add_sparse(&mut self, other: &SparseFlat) {
        if let Some((last, _)) = other.counts.last() {
            grow(&mut self.counts, last + 1);
        }
        for (i, n) in &other.counts {
            if let Some(mine) = self.counts.get_mut(*i) {
                *mine += n;
            }
        }
        if let Some((last, _)) = other.sums.last() {
            grow(&mut self.sums, last + 1);
        }
        for (i, sum) in &other.sums {
            if let Some(mine) = self.sums.get_mut(*i) {
                mine.add(sum, 1);
            }
        }
        if let Some((last, _)) = other.maps.last() {
            grow(&mut self.maps, last + 1);
        }
        for (i, map) in &other.maps {
            if let Some(mine) = self.maps.get_mut(*i) {
                for (k, n) in map {
                    let v = mine.entry(k.clone()).or_default();
                    *v += n;
                    if *v == 0 {
                        mine.remove(k);
                    }
                }
            }
        }
    }
}

fn grow<T: Default + Clone>(v: &mut Vec<T>, len: usize) {
    if v.len() < len {
        v.resize(len, T::default());
    }
}

/// Reads a flat in the order it was written; parts never written read as zero.
pub struct FlatReader<'a> {
    flat: &'a Flat,
    counts: usize,
    sums: usize,
    maps: usize,
}

impl FlatReader<'_> {
    pub fn count(&mut self) -> Result<u64, CubeError> {
        let n = self.flat.counts.get(self.counts).copied().unwrap_or(0);
        self.counts += 1;
        u64::try_from(n).map_err(|_| CubeError::Negative)
    }

    pub fn sum(&mut self) -> Result<Sum, CubeError> {
        let value = match self.flat.sums.get(self.sums) {
            Some(s) => s.value()?,
            None => Decimal::ZERO,
        };
        self.sums += 1;
        let mut sum = Sum::default();
        sum.add(&value);
        Ok(sum)
    }

    pub fn map(&mut self) -> Result<BTreeMap<String, u64>, CubeError> {
        let empty = BTreeMap::new();
        let map = self.flat.maps.get(self.maps).unwrap_or(&empty);
        self.maps += 1;
        map.iter()
            .map(|(k, n)| {
                Ok((
                    k.clone(),
                    u64::try_from(*n).map_err(|_| CubeError::Negative)?,
                ))
            })
            .collect()
    }
}

fn zigzag(n: i128) -> u128 {
    ((n << 1) ^ (n >> 127)) as u128
}

fn unzigzag(n: u128) -> i128 {
    ((n >> 1) as i128) ^ -((n & 1) as i128)
}

fn put(out: &mut Vec<u8>, n: impl Into<u128>) {
    put128(out, n.into());
}

fn put128(out: &mut Vec<u8>, mut n: u128) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn get128(&mut self) -> Result<u128, CubeError> {
        let mut n: u128 = 0;
        for shift in (0..128).step_by(7) {
            let (&byte, rest) = self.0.split_first().ok_or(CubeError::corrupt("end"))?;
            self.0 = rest;
            n |= u128::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(CubeError::corrupt("varint"))
    }

    fn get(&mut self) -> Result<u64, CubeError> {
        u64::try_from(self.get128()?).map_err(|_| CubeError::corrupt("varint"))
    }

    fn signed(&mut self) -> Result<i64, CubeError> {
        i64::try_from(unzigzag(self.get128()?)).map_err(|_| CubeError::corrupt("count"))
    }

    /// A length or index, bounded so that no input makes a huge allocation.
    fn len(&mut self) -> Result<usize, CubeError> {
        let n = self.get()?;
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= 1 << 20)
            .ok_or(CubeError::corrupt("length"))
    }

    fn index(&mut self) -> Result<usize, CubeError> {
        self.len()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CubeError> {
        if n > self.0.len() {
            return Err(CubeError::corrupt("end"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn sums_subtract_back_to_the_scale_of_what_remains() {
        let mut s = ExactSum::default();
        s.add_amount(d("1.5"), 1);
        s.add_amount(d("2.125"), 1);
        s.add_amount(d("0.0000"), 1);
        assert_eq!(format!("{:?}", s.value().unwrap()), "3.625");
        s.add_amount(d("2.125"), -1);
        assert_eq!(format!("{:?}", s.value().unwrap()), "1.5");
        s.add_amount(d("1.5"), -1);
        assert_eq!(format!("{:?}", s.value().unwrap()), "0.0000");
        s.add_amount(d("0.0000"), -1);
        assert!(s.is_zero());
    }

    #[test]
    fn flats_round_trip_and_invert() {
        let mut a = Flat::default();
        a.count(3);
        a.count(0);
        let mut sum = Sum::default();
        sum.add(&d("12.30"));
        a.sum(&sum);
        a.map(&BTreeMap::from([("GBP".to_string(), 2u64)]));
        let mut bytes = Vec::new();
        a.encode(&mut bytes);
        let (back, rest) = Flat::decode(&bytes).unwrap();
        assert!(rest.is_empty());
        let mut r = back.reader();
        assert_eq!((r.count().unwrap(), r.count().unwrap()), (3, 0));
        assert_eq!(format!("{:?}", r.sum().unwrap().value()), "12.30");
        assert_eq!(r.map().unwrap().get("GBP"), Some(&2));
        let mut b = back.clone();
        b.add(&a, 1);
        b.add(&a, -1);
        b.add(&a, -1);
        assert!(b.is_zero());
        assert!(Flat::decode(&[0x80]).is_err());
    }
}
