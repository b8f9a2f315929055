//! Property tests of the discounted model.

use proptest::prelude::*;
use rust_decimal::Decimal;
use spp_lcc::discount::{self, Timing};
use spp_lcc::evaluate_str;

/// Cents → decimal.
fn money(c: u32) -> Decimal {
    Decimal::new(i64::from(c), 2)
}

/// Basis points → fraction.
fn bp(b: u32) -> Decimal {
    Decimal::new(i64::from(b), 4)
}

#[derive(Debug, Clone)]
struct Case {
    n: u32,
    price: u32,
    litres: u32,
    fuel_price: u32,
    escalation_bp: u32,
    maintenance: u32,
    every: u32,
    replacement: u32,
    life: u32,
    disposal: u32,
    co2_g_per_l: u32,
}

fn case() -> impl Strategy<Value = Case> {
    (
        1u32..=25,
        0u32..10_000_000,
        0u32..5_000,
        0u32..500,
        0u32..500,
        0u32..500_000,
        1u32..=5,
        0u32..1_000_000,
        1u32..=10,
        0u32..100_000,
        0u32..4_000,
    )
        .prop_map(|t| Case {
            n: t.0,
            price: t.1,
            litres: t.2,
            fuel_price: t.3,
            escalation_bp: t.4,
            maintenance: t.5,
            every: t.6,
            replacement: t.7,
            life: t.8,
            disposal: t.9,
            co2_g_per_l: t.10,
        })
}

/// An evaluation with one offer; `rate_bp` is the real discount rate, `timing` one of
/// end/mid/beginning; `co2_price` None leaves emissions unpriced.
fn toml(c: &Case, rate_bp: u32, timing: &str, co2_price: Option<u32>) -> String {
    let mut t = format!(
        "[evaluation]\nstudy_period_years = {}\nbase_year = 2026\ndiscount_rate = {}\ntiming = \"{timing}\"\n\
         [[carriers]]\nid = \"fuel\"\nunit = \"l\"\nprice = {}\nescalation = {}\n\
         emissions = [{{ pollutant = \"co2\", kg_per_unit = {} }}]\n",
        c.n,
        bp(rate_bp),
        money(c.fuel_price),
        bp(c.escalation_bp),
        Decimal::new(i64::from(c.co2_g_per_l), 3),
    );
    if let Some(p) = co2_price {
        t += &format!(
            "[[externalities]]\npollutant = \"co2\"\nprice_per_tonne = {}\n",
            money(p)
        );
    }
    t += &format!(
        "[[offers]]\nid = \"O\"\nprice = {}\n\
         consumption = [{{ carrier = \"fuel\", per_year = {} }}]\n\
         maintenance = [{{ amount = {}, every_years = {} }}]\n\
         replacements = [{{ component = \"part\", cost = {}, life_years = {} }}]\n\
         end_of_life = {{ disposal_cost = {} }}\n",
        money(c.price),
        c.litres,
        money(c.maintenance),
        c.every,
        money(c.replacement),
        c.life,
        money(c.disposal),
    );
    t
}

/// The undiscounted total, computed independently of the crate's engine.
fn plain_sum(c: &Case) -> Decimal {
    let mut sum = money(c.price) + money(c.disposal);
    for t in 1..=c.n {
        let esc = discount::powi(Decimal::ONE + bp(c.escalation_bp), t - 1).unwrap();
        sum += Decimal::from(c.litres) * money(c.fuel_price) * esc;
        if t % c.every == 0 {
            sum += money(c.maintenance);
        }
        if t % c.life == 0 && t < c.n {
            sum += money(c.replacement);
        }
    }
    sum
}

fn close(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() <= Decimal::new(1, 12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn zero_rate_is_the_plain_sum(c in case(), timing in prop::sample::select(vec!["end", "mid", "beginning"])) {
        let r = evaluate_str(&toml(&c, 0, timing, None)).unwrap();
        let o = &r.offers[0];
        prop_assert!(close(o.internal_lcc, plain_sum(&c)), "{} vs {}", o.internal_lcc, plain_sum(&c));
        prop_assert_eq!(o.internal_lcc, o.societal_lcc);
    }

    #[test]
    fn higher_rate_never_raises_future_costs(
        c in case(), lo in 0u32..2_000, step in 0u32..2_000,
        timing in prop::sample::select(vec!["end", "mid", "beginning"]),
        co2 in prop::option::of(0u32..100_000),
    ) {
        let a = evaluate_str(&toml(&c, lo, timing, co2)).unwrap().offers.remove(0);
        let b = evaluate_str(&toml(&c, lo + step, timing, co2)).unwrap().offers.remove(0);
        let fut = |o: &spp_lcc::OfferResult| (o.internal_lcc - o.pv.acquisition, o.societal_lcc - o.pv.acquisition);
        let (ai, asoc) = fut(&a);
        let (bi, bsoc) = fut(&b);
        prop_assert!(bi <= ai + Decimal::new(1, 15), "internal {} > {}", bi, ai);
        prop_assert!(bsoc <= asoc + Decimal::new(1, 15), "societal {} > {}", bsoc, asoc);
    }

    #[test]
    fn adding_an_externality_never_lowers_societal_cost(c in case(), rate in 0u32..1_500, co2 in 0u32..100_000) {
        let without = evaluate_str(&toml(&c, rate, "end", None)).unwrap().offers.remove(0);
        let with = evaluate_str(&toml(&c, rate, "end", Some(co2))).unwrap().offers.remove(0);
        prop_assert!(with.societal_lcc >= without.societal_lcc);
        prop_assert_eq!(with.internal_lcc, without.internal_lcc);
        prop_assert!(with.societal_lcc >= with.internal_lcc);
    }

    #[test]
    fn closed_forms_agree_with_sums(a in 0u32..10_000_000, e in 0u32..800, d in 0u32..1_500, n in 1u32..40) {
        let (a, e, d) = (money(a), bp(e), bp(d));
        let mut sum = Decimal::ZERO;
        let mut plain = Decimal::ZERO;
        for t in 1..=n {
            let df = discount::discount_factor(d, t, Timing::End).unwrap();
            sum += a * discount::powi(Decimal::ONE + e, t - 1).unwrap() * df;
            plain += df;
        }
        let closed = discount::escalating_annuity(a, e, d, n).unwrap();
        prop_assert!((sum - closed).abs() <= Decimal::new(1, 9), "{} vs {}", sum, closed);
        prop_assert!((plain - discount::upv(d, n).unwrap()).abs() <= Decimal::new(1, 18));
        let k = discount::upv(d, n).unwrap() * discount::crf(d, n).unwrap();
        prop_assert!((k - Decimal::ONE).abs() <= Decimal::new(1, 18));
    }
}
