//! Decoding: [`Reader`] walks stored bytes, checking every length and value.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use spp_domain::{
    CodeList, Cpv, FlagKind, LotFlag, LotRecord, Money, RecordSource, SourceFormat, Winner,
};

use super::{CodecError, SetHeader, FIRST_FORMAT, FORMAT};

pub(super) struct Reader<'a> {
    buf: &'a [u8],
    pub(super) pos: usize,
    /// The id of the set being read, for messages.
    pub(super) notice: Option<String>,
}

/// Boxed, so that the many small results of the hot path stay two words wide.
type Res<T> = Result<T, Box<CodecError>>;

impl<'a> Reader<'a> {
    #[cold]
    pub(super) fn fail(&self, reason: impl Into<String>) -> Box<CodecError> {
        Box::new(CodecError {
            notice: self.notice.clone(),
            at: self.pos,
            reason: reason.into(),
        })
    }

    #[inline]
    pub(super) fn byte(&mut self) -> Res<u8> {
        let b = *self
            .buf
            .get(self.pos)
            .ok_or_else(|| self.fail("the record ends early"))?;
        self.pos += 1;
        Ok(b)
    }

    pub(super) fn u128(&mut self) -> Res<u128> {
        let mut v: u128 = 0;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            // The nineteenth byte may only hold the top two bits.
            if shift == 126 && b > 3 {
                return Err(self.fail("an integer is too large"));
            }
            v |= u128::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    #[inline]
    pub(super) fn u64(&mut self) -> Res<u64> {
        let mut v: u64 = 0;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            // The tenth byte may only hold the 64th bit.
            if shift == 63 && b > 1 {
                return Err(self.fail("an integer is too large"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    pub(super) fn u32(&mut self) -> Res<u32> {
        let v = self.u64()?;
        u32::try_from(v).map_err(|_| self.fail(format!("{v} does not fit 32 bits")))
    }

    pub(super) fn i64(&mut self) -> Res<i64> {
        let v = self.u64()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    pub(super) fn i32(&mut self) -> Res<i32> {
        let v = self.i64()?;
        i32::try_from(v).map_err(|_| self.fail(format!("{v} does not fit 32 bits")))
    }

    pub(super) fn len(&mut self) -> Res<usize> {
        let n = self.u64()?;
        // Every item takes at least one byte, so a count beyond the bytes left is corrupt.
        match usize::try_from(n) {
            Ok(n) if n <= self.buf.len() - self.pos => Ok(n),
            _ => Err(self.fail(format!("a length of {n} exceeds the record"))),
        }
    }

    pub(super) fn bool(&mut self) -> Res<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(self.fail(format!("{b} is not a boolean"))),
        }
    }

    #[inline]
    pub(super) fn str(&mut self) -> Res<&'a str> {
        let n = self.len()?;
        let bytes = &self.buf[self.pos..self.pos + n];
        let s = std::str::from_utf8(bytes).map_err(|_| self.fail("a text is not UTF-8"))?;
        self.pos += n;
        Ok(s)
    }

    pub(super) fn string(&mut self) -> Res<String> {
        self.str().map(str::to_string)
    }

    pub(super) fn opt<T>(&mut self, mut f: impl FnMut(&mut Self) -> Res<T>) -> Res<Option<T>> {
        match self.byte()? {
            0 => Ok(None),
            1 => f(self).map(Some),
            b => Err(self.fail(format!("{b} is not an option tag"))),
        }
    }

    pub(super) fn vec<T>(&mut self, mut f: impl FnMut(&mut Self) -> Res<T>) -> Res<Vec<T>> {
        let n = self.len()?;
        (0..n).map(|_| f(self)).collect()
    }

    pub(super) fn opt_string(&mut self) -> Res<Option<String>> {
        self.opt(Self::string)
    }

    pub(super) fn code<C: CodeList>(&mut self) -> Res<C> {
        match self.u64()? {
            0 => self.str().map(C::parse),
            n => usize::try_from(n - 1)
                .ok()
                .and_then(C::from_index)
                .ok_or_else(|| self.fail(format!("no code number {n} in list {}", C::LIST))),
        }
    }

    pub(super) fn date(&mut self) -> Res<Option<NaiveDate>> {
        self.opt(|r| {
            let days = r.i32()?;
            NaiveDate::from_num_days_from_ce_opt(days)
                .ok_or_else(|| r.fail(format!("day {days} is not a date")))
        })
    }

    pub(super) fn decimal(&mut self) -> Res<Decimal> {
        let z = self.u128()?;
        let mantissa = (z >> 1) as i128 ^ -((z & 1) as i128);
        let scale = self.u32()?;
        Decimal::try_from_i128_with_scale(mantissa, scale)
            .map_err(|e| self.fail(format!("not a decimal: {e}")))
    }

    pub(super) fn money(&mut self) -> Res<Option<Money>> {
        match self.byte()? {
            0 => Ok(None),
            1 => Ok(Some(Money::Amount {
                value: self.decimal()?,
                currency: self.opt_string()?,
            })),
            2 => Ok(Some(Money::Withheld)),
            b => Err(self.fail(format!("{b} is not a money tag"))),
        }
    }

    pub(super) fn flag_kind(&mut self) -> Res<FlagKind> {
        let s = self.str()?;
        FlagKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| self.fail(format!("{s:?} is not a flag kind")))
    }

    pub(super) fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader {
            buf,
            pos: 0,
            notice: None,
        }
    }

    pub(super) fn header(&mut self) -> Res<SetHeader<'a>> {
        let format = self.byte()?;
        if !(FIRST_FORMAT..=FORMAT).contains(&format) {
            return Err(self.fail(format!(
                "unknown record format {format} (expected {FIRST_FORMAT} to {FORMAT})"
            )));
        }
        let notice_id = self.str()?;
        self.notice = Some(notice_id.to_string());
        let version = self.i32()?;
        let count = self.u64()?;
        let body_len = self.len()?;
        // Every record takes more than one byte.
        let count = match usize::try_from(count) {
            Ok(n) if n <= body_len => n,
            _ => return Err(self.fail(format!("{count} records cannot fit {body_len} bytes"))),
        };
        let body_at = self.pos;
        let body = &self.buf[body_at..body_at + body_len];
        self.pos += body_len;
        Ok(SetHeader {
            format,
            notice_id,
            version,
            count,
            body,
            body_at,
        })
    }

    /// One record of a set written with layout `layout`. Layout 1 had no source format: its
    /// notice records were all eForms.
    pub(super) fn record(&mut self, layout: u8) -> Res<LotRecord> {
        let source = match self.byte()? {
            0 => RecordSource::Notice,
            1 => RecordSource::Register,
            b => return Err(self.fail(format!("{b} is not a record source"))),
        };
        let format = if layout == 1 {
            (source == RecordSource::Notice).then_some(SourceFormat::Eforms)
        } else {
            match self.byte()? {
                0 => None,
                1 => Some(SourceFormat::Eforms),
                2 => Some(SourceFormat::TedXml),
                3 => Some(SourceFormat::Ocds),
                b => return Err(self.fail(format!("{b} is not a source format"))),
            }
        };
        Ok(LotRecord {
            source,
            format,
            notice_id: self.string()?,
            notice_version: self.u32()?,
            procedure_id: self.opt_string()?,
            lot_id: self.string()?,
            form_type: self.opt(Self::code)?,
            subtype: self.opt_string()?,
            issue_date: self.date()?,
            award_date: self.date()?,
            year: self.opt(Self::i32)?,
            buyer_name: self.opt_string()?,
            buyer_id: self.opt_string()?,
            buyer_country: self.opt_string()?,
            buyer_nuts: self.opt_string()?,
            buyer_legal_type: self.opt(Self::code)?,
            buyer_count: self.u32()?,
            procedure_type: self.opt(Self::code)?,
            lots_in_notice: self.u32()?,
            nature: self.opt(Self::code)?,
            main_cpv: self.opt(|r| {
                let s = r.str()?;
                Cpv::parse(s).map_err(|e| r.fail(format!("bad CPV code: {}", e.0)))
            })?,
            product_group: self.opt_string()?,
            strategic: self.vec(Self::code)?,
            environmental: self.vec(Self::code)?,
            social: self.vec(Self::code)?,
            innovative: self.vec(Self::code)?,
            gpp_criteria: self.vec(Self::code)?,
            reserved: self.vec(Self::code)?,
            esubmission: self.opt(Self::code)?,
            award_criterion_types: self.vec(Self::code)?,
            framework: self.opt(Self::code)?,
            cvd_applies: self.opt(Self::bool)?,
            vehicles_total: self.opt(Self::u64)?,
            vehicles_clean: self.opt(Self::u64)?,
            vehicles_zero_emission: self.opt(Self::u64)?,
            estimated_value: self.money()?,
            awarded: self.bool()?,
            awarded_value: self.money()?,
            awarded_value_partial: self.bool()?,
            framework_ceiling: self.money()?,
            tenders_received: self.opt(Self::u64)?,
            sme_tenders_received: self.opt(Self::u64)?,
            esubmitted_tenders_received: self.opt(Self::u64)?,
            winners: self.vec(Self::winner)?,
            flags: self.vec(|r| {
                Ok(LotFlag {
                    kind: r.flag_kind()?,
                    field: r.string()?,
                    evidence: r.string()?,
                })
            })?,
        })
    }

    pub(super) fn winner(&mut self) -> Res<Winner> {
        Ok(Winner {
            organisation_id: self.string()?,
            name: self.opt_string()?,
            company_id: self.opt_string()?,
            country: self.opt_string()?,
            size: self.opt(Self::code)?,
            leader: self.opt(Self::bool)?,
            tender_value: self.opt(Self::decimal)?,
        })
    }
}
