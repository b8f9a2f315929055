//! Inline SVG charts: bars by year against a target line, n written on every bar, every bar a
//! link to the lots behind it. No script; the numbers are also in the tables beside them.

use maud::{html, Markup};

/// One bar.
pub struct Bar {
    pub label: String,
    /// The share, 0–1 (`None`: no denominator, drawn as an empty slot).
    pub share: Option<f64>,
    /// Written on the bar: the denominator.
    pub n: String,
    pub href: String,
    /// The share as text, for the tooltip and the screen reader.
    pub text: String,
}

/// Bars with a dashed target line; the scale is 0–`top` (1.0 = 100 %).
pub fn bars(title: &str, bars: &[Bar], target: f64, target_label: &str, top: f64) -> Markup {
    let (w, h, left, bottom, top_pad) = (640.0_f64, 240.0_f64, 44.0, 40.0, 16.0);
    let plot_h = h - bottom - top_pad;
    let slot = (w - left - 8.0) / bars.len().max(1) as f64;
    let bar_w = (slot * 0.7).min(60.0);
    let y = |v: f64| top_pad + plot_h * (1.0 - (v / top).clamp(0.0, 1.0));
    let ticks = [0.0, top / 2.0, top];
    html! {
        svg.chart viewBox=(format!("0 0 {w} {h}")) width=(w) height=(h) role="img" aria-label=(title) {
            title { (title) }
            @for t in ticks {
                line x1=(left) x2=(w - 4.0) y1=(y(t)) y2=(y(t)) stroke="#d0d0d0" {}
                text x=(left - 4.0) y=(y(t) + 4.0) text-anchor="end" font-size="11" fill="#333" { (format!("{:.0} %", t * 100.0)) }
            }
            @for (i, b) in bars.iter().enumerate() {
                @let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
                @let v = b.share.unwrap_or(0.0);
                a href=(b.href) {
                    rect x=(x) y=(y(v)) width=(bar_w) height=(y(0.0) - y(v)) fill="#2b6cb0" {
                        title { (b.label) ": " (b.text) " (n = " (b.n) ")" }
                    }
                    text x=(x + bar_w / 2.0) y=(y(v) - 3.0) text-anchor="middle" font-size="11" fill="#1a1a1a" { (b.text) }
                    text x=(x + bar_w / 2.0) y=(h - bottom + 14.0) text-anchor="middle" font-size="11" fill="#1a1a1a" { (b.label) }
                    text x=(x + bar_w / 2.0) y=(h - bottom + 28.0) text-anchor="middle" font-size="10" fill="#444" { "n=" (b.n) }
                }
            }
            line x1=(left) x2=(w - 4.0) y1=(y(target)) y2=(y(target)) stroke="#b00020" stroke-width="2" stroke-dasharray="6 4" {}
            text x=(w - 6.0) y=(y(target) - 4.0) text-anchor="end" font-size="11" fill="#b00020" { (target_label) }
        }
    }
}

/// One stacked bar: named parts with their colours.
pub struct Stack {
    pub label: String,
    pub parts: Vec<(String, f64)>,
    pub total_text: String,
}

const COLOURS: [&str; 6] = [
    "#2b6cb0", "#dd8452", "#55a868", "#8172b3", "#937860", "#c44e52",
];

/// Stacked bars (LCC cost parts per offer) with a legend; negative parts (residual value)
/// are drawn below zero.
pub fn stacked(title: &str, stacks: &[Stack], legend: &[String]) -> Markup {
    let (w, h, left, bottom, top_pad) = (720.0_f64, 280.0_f64, 70.0, 40.0, 16.0);
    let max = stacks
        .iter()
        .map(|s| {
            s.parts
                .iter()
                .filter(|p| p.1 > 0.0)
                .map(|p| p.1)
                .sum::<f64>()
        })
        .fold(1.0_f64, f64::max);
    let min = stacks
        .iter()
        .map(|s| {
            s.parts
                .iter()
                .filter(|p| p.1 < 0.0)
                .map(|p| p.1)
                .sum::<f64>()
        })
        .fold(0.0_f64, f64::min);
    let plot_h = h - bottom - top_pad;
    let y = |v: f64| top_pad + plot_h * (max - v) / (max - min);
    let slot = (w - left - 210.0) / stacks.len().max(1) as f64;
    let bar_w = (slot * 0.6).min(70.0);
    html! {
        svg.chart viewBox=(format!("0 0 {w} {h}")) width=(w) height=(h) role="img" aria-label=(title) {
            title { (title) }
            line x1=(left) x2=(w - 210.0) y1=(y(0.0)) y2=(y(0.0)) stroke="#333" {}
            text x=(left - 4.0) y=(y(max) + 4.0) text-anchor="end" font-size="11" { (format!("{max:.0}")) }
            text x=(left - 4.0) y=(y(0.0) + 4.0) text-anchor="end" font-size="11" { "0" }
            @for (i, s) in stacks.iter().enumerate() {
                @let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
                @let mut up = 0.0_f64;
                @let mut down = 0.0_f64;
                @for (j, (name, v)) in s.parts.iter().enumerate() {
                    @let (from, to) = if *v >= 0.0 { let f = up; up += v; (f, up) } else { let f = down; down += v; (down, f) };
                    rect x=(x) y=(y(to)) width=(bar_w) height=((y(from) - y(to)).max(0.0)) fill=(COLOURS[j % COLOURS.len()]) {
                        title { (s.label) " — " (name) ": " (format!("{v:.0}")) }
                    }
                }
                text x=(x + bar_w / 2.0) y=(y(up) - 4.0) text-anchor="middle" font-size="11" { (s.total_text) }
                text x=(x + bar_w / 2.0) y=(h - bottom + 16.0) text-anchor="middle" font-size="11" { (s.label) }
            }
            @for (j, name) in legend.iter().enumerate() {
                rect x=(w - 200.0) y=(top_pad + 18.0 * j as f64) width="12" height="12" fill=(COLOURS[j % COLOURS.len()]) {}
                text x=(w - 182.0) y=(top_pad + 10.0 + 18.0 * j as f64) font-size="11" { (name) }
            }
        }
    }
}
