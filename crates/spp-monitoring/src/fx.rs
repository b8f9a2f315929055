//! Conversion to EUR with the ECB euro reference rates shipped in `data/fx/eurofxref-hist.csv`
//! (embedded at build time). The rate used is the one of the given date, or of the last
//! earlier day the ECB published one; a currency without such a rate is not converted and is
//! reported by the caller, never guessed.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::MonitoringError;
use crate::keys::FastMap;

/// The ECB file spp ships.
const BUNDLED: &str = include_str!("../../../data/fx/eurofxref-hist.csv");

/// Where the bundled rates come from (stated in every report).
pub const SOURCE: &str =
    "ECB euro foreign exchange reference rates (eurofxref-hist), data/fx/eurofxref-hist.csv";

/// A dated table of reference rates (units of currency per 1 EUR).
#[derive(Debug, Clone)]
pub struct FxTable {
    /// Days in ascending order.
    dates: Vec<NaiveDate>,
    /// For each calendar day from the first to the last of `dates`: how many entries of
    /// `dates` are on or before it (empty when the span is implausibly long).
    upto_by_day: Vec<u32>,
    /// Per currency, one optional rate per entry of `dates`.
    rates: FastMap<String, Column>,
}

/// The rates of one currency.
#[derive(Debug, Clone)]
struct Column {
    rates: Vec<Option<Decimal>>,
    /// Per entry of `dates`: the index of the last entry at or before it with a rate.
    last_known: Vec<Option<u32>>,
}

/// Longest span of days indexed directly (≈ 270 years).
const MAX_INDEXED_DAYS: i64 = 100_000;

impl Column {
    fn new(rates: Vec<Option<Decimal>>) -> Column {
        let mut last = None;
        let last_known = rates
            .iter()
            .enumerate()
            .map(|(i, rate)| {
                if rate.is_some() {
                    last = u32::try_from(i).ok();
                }
                last
            })
            .collect();
        Column { rates, last_known }
    }
}

/// Why an amount could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FxMiss {
    /// The table has no column for this currency.
    UnknownCurrency(String),
    /// No rate on or before the date (too early, or `N/A` every day before it).
    NoRateBefore(String, NaiveDate),
}

impl FxTable {
    /// The table shipped with spp.
    pub fn bundled() -> &'static FxTable {
        static TABLE: std::sync::OnceLock<FxTable> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            // The bundled file is checked by the test suite; an unreadable one gives an
            // empty table (every non-EUR amount then reported as unconverted).
            FxTable::parse(BUNDLED, "data/fx/eurofxref-hist.csv").unwrap_or_else(|err| {
                tracing::error!("bundled ECB rates unreadable: {err}");
                FxTable {
                    dates: Vec::new(),
                    upto_by_day: Vec::new(),
                    rates: FastMap::default(),
                }
            })
        })
    }

    /// Parse an ECB `eurofxref-hist.csv` (header `Date,USD,JPY,…`, `N/A` for no rate).
    pub fn parse(text: &str, origin: &str) -> Result<FxTable, MonitoringError> {
        let mut lines = text.lines().enumerate();
        let header = lines
            .next()
            .map(|(_, l)| l)
            .ok_or_else(|| MonitoringError::fx(origin, 1, "empty file"))?;
        let mut columns = header.split(',');
        if columns.next().map(str::trim) != Some("Date") {
            return Err(MonitoringError::fx(
                origin,
                1,
                "first column must be `Date`",
            ));
        }
        let currencies: Vec<String> = columns.map(|c| c.trim().to_string()).collect();
        let mut rows: Vec<(NaiveDate, Vec<Option<Decimal>>)> = Vec::new();
        for (index, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let mut cells = line.split(',');
            let raw_date = cells.next().unwrap_or("").trim();
            let date = NaiveDate::parse_from_str(raw_date, "%Y-%m-%d").map_err(|_| {
                MonitoringError::fx(origin, index + 1, format!("bad date {raw_date:?}"))
            })?;
            let mut values = Vec::with_capacity(currencies.len());
            for (i, cell) in cells.take(currencies.len()).enumerate() {
                let cell = cell.trim();
                let rate = if cell.is_empty() || cell == "N/A" {
                    None
                } else {
                    let rate: Decimal = cell.parse().map_err(|_| {
                        MonitoringError::fx(
                            origin,
                            index + 1,
                            format!("bad rate {cell:?} for {}", currencies[i]),
                        )
                    })?;
                    (rate > Decimal::ZERO).then_some(rate)
                };
                values.push(rate);
            }
            values.resize(currencies.len(), None);
            rows.push((date, values));
        }
        rows.sort_by_key(|(d, _)| *d);
        let dates: Vec<NaiveDate> = rows.iter().map(|(d, _)| *d).collect();
        let mut rates: FastMap<String, Column> = FastMap::default();
        for (i, currency) in currencies.iter().enumerate() {
            if currency.is_empty() {
                continue;
            }
            rates.insert(
                currency.clone(),
                Column::new(
                    rows.iter()
                        .map(|(_, v)| v.get(i).copied().flatten())
                        .collect(),
                ),
            );
        }
        let upto_by_day = day_index(&dates);
        Ok(FxTable {
            dates,
            upto_by_day,
            rates,
        })
    }

    /// How many entries of `dates` are on or before `date`.
    fn upto(&self, date: NaiveDate) -> usize {
        let by_day = self.dates.first().and_then(|first| {
            let offset = usize::try_from((date - *first).num_days()).ok()?;
            self.upto_by_day.get(offset)
        });
        match by_day {
            Some(upto) => *upto as usize,
            None => self.dates.partition_point(|d| *d <= date),
        }
    }

    /// First and last day of the table.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((*self.dates.first()?, *self.dates.last()?))
    }

    /// The rate of `currency` on `date` or the last earlier day with one: (rate, its day).
    pub fn rate(&self, currency: &str, date: NaiveDate) -> Result<(Decimal, NaiveDate), FxMiss> {
        let column = self
            .rates
            .get(currency)
            .ok_or_else(|| FxMiss::UnknownCurrency(currency.to_string()))?;
        let upto = self.upto(date);
        upto.checked_sub(1)
            .and_then(|i| *column.last_known.get(i)?)
            .and_then(|i| {
                let i = i as usize;
                Some((column.rates.get(i).copied().flatten()?, *self.dates.get(i)?))
            })
            .ok_or_else(|| FxMiss::NoRateBefore(currency.to_string(), date))
    }

    /// `amount` in `currency` on `date`, in EUR (EUR amounts pass unchanged).
    pub fn to_eur(
        &self,
        amount: Decimal,
        currency: &str,
        date: NaiveDate,
    ) -> Result<Decimal, FxMiss> {
        let currency = currency.trim();
        if currency.eq_ignore_ascii_case("EUR") {
            return Ok(amount);
        }
        // Codes are upper case in notices; only allocate for the odd lower-case one.
        let (rate, _) = if currency.bytes().any(|b| b.is_ascii_lowercase()) {
            self.rate(&currency.to_ascii_uppercase(), date)?
        } else {
            self.rate(currency, date)?
        };
        Ok(round_cents(amount / rate))
    }
}

/// `d.round_dp(2)` (half to even), computed on the 96-bit mantissa in one `u128` division
/// instead of `Decimal`'s digit-group loops; the same result, scale and sign.
fn round_cents(d: Decimal) -> Decimal {
    let u = d.unpack();
    if u.scale <= 2 {
        return d;
    }
    let mantissa = (u128::from(u.hi) << 64) | (u128::from(u.mid) << 32) | u128::from(u.lo);
    // scale ≤ 28, so the divisor fits (10^26 < 2^128) and is even.
    let divisor = 10u128.pow(u.scale - 2);
    let (mut cents, rest) = (mantissa / divisor, mantissa % divisor);
    let half = divisor / 2;
    if rest > half || (rest == half && cents & 1 == 1) {
        cents += 1;
    }
    // cents ≤ mantissa / 10 + 1 < 2^96.
    Decimal::from_parts(
        cents as u32,
        (cents >> 32) as u32,
        (cents >> 64) as u32,
        u.negative,
        2,
    )
}

/// For each day from the first to the last of `dates` (ascending), how many are on or before it.
fn day_index(dates: &[NaiveDate]) -> Vec<u32> {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return Vec::new();
    };
    let span = (*last - *first).num_days();
    if !(0..MAX_INDEXED_DAYS).contains(&span) {
        return Vec::new();
    }
    let mut upto = 0;
    first
        .iter_days()
        .take_while(|day| day <= last)
        .map(|day| {
            while dates.get(upto).is_some_and(|d| *d <= day) {
                upto += 1;
            }
            u32::try_from(upto).unwrap_or(u32::MAX)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn bundled_table_reads_and_ends_on_its_last_date() {
        let table = FxTable::bundled();
        let (first, last) = table.span().unwrap();
        assert_eq!(first, day("1999-01-04"));
        assert_eq!(last, day("2026-10-30"));
        // 2026-10-30: USD 1.1172 per EUR.
        assert_eq!(table.rate("USD", last).unwrap(), (dec!(1.1172), last));
    }

    #[test]
    fn weekend_uses_last_earlier_business_day() {
        let csv = "Date,USD,SEK,\n2024-03-04,1.0850,11.20,\n2024-03-01,1.0830,N/A,\n";
        let table = FxTable::parse(csv, "t").unwrap();
        // Saturday 2 March → Friday 1 March.
        assert_eq!(
            table.rate("USD", day("2024-03-02")).unwrap(),
            (dec!(1.0830), day("2024-03-01"))
        );
        // 108.30 USD on 2 March = 100 EUR.
        assert_eq!(
            table.to_eur(dec!(108.30), "usd", day("2024-03-02")),
            Ok(dec!(100.00))
        );
        // SEK has no rate on or before 1 March: reported, not guessed.
        assert_eq!(
            table.to_eur(dec!(1), "SEK", day("2024-03-01")),
            Err(FxMiss::NoRateBefore("SEK".into(), day("2024-03-01")))
        );
        assert_eq!(
            table.to_eur(dec!(1), "XYZ", day("2024-03-04")),
            Err(FxMiss::UnknownCurrency("XYZ".into()))
        );
        assert_eq!(table.to_eur(dec!(7), "EUR", day("1990-01-01")), Ok(dec!(7)));
    }

    #[test]
    fn round_cents_equals_round_dp() {
        let mut x: u64 = 11;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let mut cases: Vec<Decimal> = [
            "0",
            "-0.000",
            "1.005",
            "1.015",
            "1.025",
            "-1.025",
            "2.5",
            "0.125",
            "0.135",
            "0.004",
            "-0.005",
            "79228162514264337593543950.335",
            "7.9228162514264337593543950335",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        for _ in 0..20_000 {
            let amount = Decimal::new(next(1 << 40) as i64, next(4) as u32);
            let rate = Decimal::new(1 + next(1 << 30) as i64, next(6) as u32);
            cases.push(amount / rate);
            cases.push(Decimal::new(next(1 << 50) as i64 * 5, 1 + next(20) as u32));
        }
        for d in cases {
            let (mine, theirs) = (round_cents(d), d.round_dp(2));
            assert_eq!(format!("{mine:?}"), format!("{theirs:?}"), "{d:?}");
            assert_eq!(mine.is_sign_negative(), theirs.is_sign_negative(), "{d:?}");
        }
    }

    /// The day index gives the same rate as a search over the dates.
    #[test]
    fn rate_by_day_equals_a_search() {
        let table = FxTable::bundled();
        let mut day = NaiveDate::from_ymd_opt(1998, 12, 1).unwrap();
        while day < NaiveDate::from_ymd_opt(2027, 2, 1).unwrap() {
            for currency in ["USD", "PLN", "ISK", "CYP", "RUB", "XYZ"] {
                let expected = table.rates.get(currency).and_then(|column| {
                    let upto = table.dates.partition_point(|d| *d <= day);
                    (0..upto)
                        .rev()
                        .find_map(|i| column.rates[i].map(|r| (r, table.dates[i])))
                });
                assert_eq!(table.rate(currency, day).ok(), expected, "{currency} {day}");
            }
            day += chrono::Duration::days(3);
        }
    }

    #[test]
    fn bad_rows_name_the_file_and_line() {
        let err = FxTable::parse("Date,USD\n2024-13-01,1\n", "rates.csv").unwrap_err();
        assert_eq!(err.to_string(), "rates.csv line 2: bad date \"2024-13-01\"");
    }
}
