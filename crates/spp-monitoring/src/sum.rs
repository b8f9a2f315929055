//! A running Σ of `Decimal` amounts that ends exactly where adding them one by one with
//! `Decimal` ends (same value, same scale, same sign of zero), in `u64` arithmetic for the
//! usual case: non-negative amounts whose sum fits in 64 bits at the largest scale seen
//! (1.8 × 10^17 EUR at two decimals). Anything else switches to `Decimal` addition from the
//! exact state reached so far.
//!
//! `Decimal` addition keeps `a` when `b` is zero, gives `b` when `a` is zero, and otherwise
//! the exact sum at the larger scale when it fits in 96 bits; that is what `Exact` mirrors.
//! One exception makes the sum independent of the order of its amounts (the stored
//! aggregates of `cube` add and subtract in any order): a sum of zeros only is the zero of
//! the largest scale among them, not the last one added, and never negative.

use rust_decimal::Decimal;

/// 10^0 … 10^19 (the powers that fit in a `u64`).
const POWERS_10: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// Σ of amounts, equal to `Decimal` addition in order (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sum {
    /// The sum in the common case: `mantissa` (> 0) × 10^-`scale`; 0 outside it.
    mantissa: u64,
    scale: u32,
    /// The sum when `mantissa` is 0: zero (the last zero added) or, out of the common case,
    /// the `Decimal` sum.
    other: Decimal,
}

impl Default for Sum {
    fn default() -> Self {
        Sum {
            mantissa: 0,
            scale: 0,
            other: Decimal::ZERO,
        }
    }
}

impl Sum {
    /// The sum as a `Decimal`.
    pub fn value(&self) -> Decimal {
        if self.mantissa == 0 {
            self.other
        } else {
            exact(self.mantissa, self.scale)
        }
    }

    /// `self += amount`, as `Decimal` would.
    #[inline]
    pub fn add(&mut self, amount: &Decimal) {
        let a = amount.unpack();
        if self.mantissa != 0 && !a.negative && a.hi == 0 && a.scale <= self.scale {
            // The amount at the sum's scale (EUR amounts and converted ones have 0 or 2).
            let m = (u64::from(a.mid) << 32) | u64::from(a.lo);
            let sum = POWERS_10
                .get((self.scale - a.scale) as usize)
                .and_then(|power| m.checked_mul(*power))
                .and_then(|m| self.mantissa.checked_add(m));
            if let Some(sum) = sum {
                self.mantissa = sum;
                return;
            }
        }
        self.add_slow(amount);
    }

    /// `self += other`, as `Decimal` would.
    pub fn merge(&mut self, other: Sum) {
        self.add(&other.value());
    }

    fn add_slow(&mut self, amount: &Decimal) {
        let sum = if self.mantissa != 0 {
            if amount.is_zero() {
                return;
            }
            if let Some((mantissa, scale)) = add_exact(self.mantissa, self.scale, amount) {
                (self.mantissa, self.scale) = (mantissa, scale);
                return;
            }
            let mut sum = self.value();
            sum += amount;
            sum
        } else if self.other.is_zero() {
            if amount.is_zero() {
                // Zeros only: the one with the larger scale, never negative, whatever the
                // order (the one place where this differs from `Decimal`, which keeps the
                // last zero; so the sum does not depend on the order of its amounts).
                Decimal::new(0, amount.scale().max(self.other.scale()))
            } else {
                // 0 + amount is `amount`, its scale and sign included.
                *amount
            }
        } else {
            let mut sum = self.other;
            sum += amount;
            sum
        };
        *self = Sum::of(sum);
    }

    /// The sum `d`, in the common case when it is in it.
    fn of(d: Decimal) -> Sum {
        let u = d.unpack();
        let mantissa = (u64::from(u.mid) << 32) | u64::from(u.lo);
        if !u.negative && u.hi == 0 && mantissa != 0 {
            Sum {
                mantissa,
                scale: u.scale,
                other: Decimal::ZERO,
            }
        } else {
            Sum {
                mantissa: 0,
                scale: 0,
                other: d,
            }
        }
    }
}

/// The sum of `mantissa × 10^-scale` (> 0) and the non-negative `amount` at the larger scale,
/// when it fits in 64 bits (then it is below `Decimal`'s 2^96, where `Decimal` is exact).
fn add_exact(mantissa: u64, scale: u32, amount: &Decimal) -> Option<(u64, u32)> {
    let a = amount.unpack();
    if a.negative || a.hi != 0 {
        return None;
    }
    let m = (u64::from(a.mid) << 32) | u64::from(a.lo);
    let (x, y, scale) = if a.scale > scale {
        let power = POWERS_10.get((a.scale - scale) as usize)?;
        (mantissa.checked_mul(*power)?, m, a.scale)
    } else {
        let power = POWERS_10.get((scale - a.scale) as usize)?;
        (mantissa, m.checked_mul(*power)?, scale)
    };
    Some((x.checked_add(y)?, scale))
}

fn exact(mantissa: u64, scale: u32) -> Decimal {
    // scale ≤ 28: it is the scale of an amount added.
    Decimal::from_parts(mantissa as u32, (mantissa >> 32) as u32, 0, false, scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// Adds in order both ways and compares value, scale and sign, via `Debug`.
    fn same(amounts: &[Decimal]) {
        let mut expected = Decimal::ZERO;
        let mut sum = Sum::default();
        for a in amounts {
            expected += a;
            sum.add(a);
            assert_eq!(
                format!("{:?}", sum.value()),
                format!("{expected:?}"),
                "{amounts:?}"
            );
            assert_eq!(sum.value().scale(), expected.scale());
            assert_eq!(sum.value().is_sign_negative(), expected.is_sign_negative());
        }
    }

    #[test]
    fn equals_decimal_addition_on_edge_cases() {
        same(&[d("1.50"), d("2"), d("0.125"), d("7")]);
        same(&[d("0.00"), d("3.1"), d("0.0000"), d("2")]);
        same(&[d("5"), d("-2.5"), d("1")]);
        same(&[d("0"), d("-1"), d("1")]);
        same(&[d("18446744073709551615"), d("1"), d("0.1")]);
        same(&[d("1844674407370955161.5"), d("0.01"), d("3")]);
        // Near and beyond 96 bits: Decimal rescales with rounding; the sum must follow.
        same(&[d("79228162514264337593543950"), d("0.01"), d("1.999")]);
        same(&[
            d("7922816251426433759354395033"),
            d("0.5"),
            d("0.5"),
            d("1.25"),
        ]);
        same(&[
            d("1.0000000000000000000000000001"),
            d("1"),
            d("39614081257132168796771975168"),
        ]);
    }

    #[test]
    fn zeros_only_end_at_the_largest_scale_in_any_order() {
        for order in [["0.00", "0.0", "-0.000"], ["-0.000", "0.00", "0.0"]] {
            let mut sum = Sum::default();
            order.iter().for_each(|z| sum.add(&d(z)));
            assert_eq!(format!("{:?}", sum.value()), "0.000");
            assert!(!sum.value().is_sign_negative());
        }
    }

    #[test]
    fn equals_decimal_addition_on_pseudo_random_amounts() {
        let mut x: u64 = 7;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        for _ in 0..200 {
            let amounts: Vec<Decimal> = (0..50)
                .map(|_| {
                    let scale = next(6) as u32;
                    let m = if next(10) == 0 {
                        0
                    } else {
                        next(1 << 30) as i64
                    };
                    Decimal::new(m * 1_000_000_000 + next(1000) as i64, scale)
                })
                .collect();
            same(&amounts);
            let mut a = Sum::default();
            let mut b = Sum::default();
            let (left, right) = amounts.split_at(amounts.len() / 3);
            left.iter().for_each(|v| a.add(v));
            right.iter().for_each(|v| b.add(v));
            a.merge(b);
            let whole: Decimal = amounts.iter().sum();
            assert_eq!(format!("{:?}", a.value()), format!("{whole:?}"));
        }
    }
}
