//! Encoding: [`Writer`] appends the fields of a record to a byte vector.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use spp_domain::{CodeList, LotRecord, Money, RecordSource, SourceFormat, Winner};

pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub(super) fn u128(&mut self, mut v: u128) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub(super) fn i64(&mut self, v: i64) {
        self.u64(((v << 1) ^ (v >> 63)) as u64);
    }

    pub(super) fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }

    pub(super) fn bool(&mut self, v: bool) {
        self.0.push(u8::from(v));
    }

    pub(super) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    pub(super) fn opt<T>(&mut self, v: &Option<T>, mut f: impl FnMut(&mut Self, &T)) {
        match v {
            None => self.0.push(0),
            Some(x) => {
                self.0.push(1);
                f(self, x);
            }
        }
    }

    pub(super) fn vec<T>(&mut self, v: &[T], mut f: impl FnMut(&mut Self, &T)) {
        self.len(v.len());
        for x in v {
            f(self, x);
        }
    }

    pub(super) fn opt_str(&mut self, v: &Option<String>) {
        self.opt(v, |w, s| w.str(s));
    }

    /// A known code as 1 + its index in the list; an unknown one as 0 and its text.
    pub(super) fn code<C: CodeList>(&mut self, c: &C) {
        match c.index() {
            Some(i) => self.len(i + 1),
            None => {
                self.0.push(0);
                self.str(c.as_str());
            }
        }
    }

    pub(super) fn date(&mut self, d: &Option<NaiveDate>) {
        self.opt(d, |w, d| {
            w.i64(i64::from(chrono::Datelike::num_days_from_ce(d)))
        });
    }

    pub(super) fn decimal(&mut self, d: &Decimal) {
        let m = d.mantissa();
        self.u128(((m << 1) ^ (m >> 127)) as u128);
        self.u64(u64::from(d.scale()));
    }

    pub(super) fn money(&mut self, m: &Option<Money>) {
        match m {
            None => self.0.push(0),
            Some(Money::Amount { value, currency }) => {
                self.0.push(1);
                self.decimal(value);
                self.opt_str(currency);
            }
            Some(Money::Withheld) => self.0.push(2),
        }
    }

    pub(super) fn record(&mut self, r: &LotRecord) {
        let LotRecord {
            source,
            format,
            notice_id,
            notice_version,
            procedure_id,
            lot_id,
            form_type,
            subtype,
            issue_date,
            award_date,
            year,
            buyer_name,
            buyer_id,
            buyer_country,
            buyer_nuts,
            buyer_legal_type,
            buyer_count,
            procedure_type,
            lots_in_notice,
            nature,
            main_cpv,
            product_group,
            strategic,
            environmental,
            social,
            innovative,
            gpp_criteria,
            reserved,
            esubmission,
            award_criterion_types,
            framework,
            cvd_applies,
            vehicles_total,
            vehicles_clean,
            vehicles_zero_emission,
            estimated_value,
            awarded,
            awarded_value,
            awarded_value_partial,
            framework_ceiling,
            tenders_received,
            sme_tenders_received,
            esubmitted_tenders_received,
            winners,
            flags,
        } = r;
        self.0.push(match source {
            RecordSource::Notice => 0,
            RecordSource::Register => 1,
        });
        self.0.push(match format {
            None => 0,
            Some(SourceFormat::Eforms) => 1,
            Some(SourceFormat::TedXml) => 2,
            Some(SourceFormat::Ocds) => 3,
        });
        self.str(notice_id);
        self.u64(u64::from(*notice_version));
        self.opt_str(procedure_id);
        self.str(lot_id);
        self.opt(form_type, |w, c| w.code(c));
        self.opt_str(subtype);
        self.date(issue_date);
        self.date(award_date);
        self.opt(year, |w, y| w.i64(i64::from(*y)));
        self.opt_str(buyer_name);
        self.opt_str(buyer_id);
        self.opt_str(buyer_country);
        self.opt_str(buyer_nuts);
        self.opt(buyer_legal_type, |w, c| w.code(c));
        self.u64(u64::from(*buyer_count));
        self.opt(procedure_type, |w, c| w.code(c));
        self.u64(u64::from(*lots_in_notice));
        self.opt(nature, |w, c| w.code(c));
        self.opt(main_cpv, |w, c| w.str(c.as_str()));
        self.opt_str(product_group);
        self.vec(strategic, |w, c| w.code(c));
        self.vec(environmental, |w, c| w.code(c));
        self.vec(social, |w, c| w.code(c));
        self.vec(innovative, |w, c| w.code(c));
        self.vec(gpp_criteria, |w, c| w.code(c));
        self.vec(reserved, |w, c| w.code(c));
        self.opt(esubmission, |w, c| w.code(c));
        self.vec(award_criterion_types, |w, c| w.code(c));
        self.opt(framework, |w, c| w.code(c));
        self.opt(cvd_applies, |w, b| w.bool(*b));
        self.opt(vehicles_total, |w, v| w.u64(*v));
        self.opt(vehicles_clean, |w, v| w.u64(*v));
        self.opt(vehicles_zero_emission, |w, v| w.u64(*v));
        self.money(estimated_value);
        self.bool(*awarded);
        self.money(awarded_value);
        self.bool(*awarded_value_partial);
        self.money(framework_ceiling);
        self.opt(tenders_received, |w, v| w.u64(*v));
        self.opt(sme_tenders_received, |w, v| w.u64(*v));
        self.opt(esubmitted_tenders_received, |w, v| w.u64(*v));
        self.vec(winners, |w, x| w.winner(x));
        self.vec(flags, |w, f| {
            w.str(f.kind.as_str());
            w.str(&f.field);
            w.str(&f.evidence);
        });
    }

    pub(super) fn winner(&mut self, x: &Winner) {
        let Winner {
            organisation_id,
            name,
            company_id,
            country,
            size,
            leader,
            tender_value,
        } = x;
        self.str(organisation_id);
        self.opt_str(name);
        self.opt_str(company_id);
        self.opt_str(country);
        self.opt(size, |w, c| w.code(c));
        self.opt(leader, |w, b| w.bool(*b));
        self.opt(tender_value, |w, d| w.decimal(d));
    }
}
