//! The frame of every page: language, header with the menu and the language switch, a skip
//! link, the footer.

use maud::{html, Markup, DOCTYPE};

use crate::i18n::{Lang, Ui};

/// The sections of the menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Explorer,
    Guide,
    Lcc,
    Register,
    None,
}

const MENU: [(Section, &str, &str); 5] = [
    (Section::Dashboard, "/", "nav_dashboard"),
    (Section::Explorer, "/notices", "nav_explorer"),
    (Section::Guide, "/guide", "nav_guide"),
    (Section::Lcc, "/lcc", "nav_lcc"),
    (Section::Register, "/register", "nav_register"),
];

/// A whole page.
pub fn page(ui: &Ui, section: Section, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(ui.lang.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — spp" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                a.skip href="#content" { (ui.t("skip")) }
                header {
                    a.site href="/" { (ui.t("site")) }
                    nav aria-label=(ui.t("nav_main")) {
                        ul {
                            @for (s, href, key) in MENU {
                                li { a href=(href) aria-current=[(s == section).then_some("page")] { (ui.t(key)) } }
                            }
                        }
                    }
                    (who(ui))
                    div.langs role="group" aria-label=(ui.t("language")) {
                        @for lang in Lang::ALL {
                            a href=(ui.in_lang(lang)) hreflang=(lang.as_str()) lang=(lang.as_str())
                                aria-current=[(lang == ui.lang).then_some("true")] { (lang_name(lang)) }
                        }
                    }
                }
                main id="content" tabindex="-1" {
                    h1 { (title) }
                    (body)
                }
                footer { (ui.t(if section == Section::Register { "footer_register" } else { "footer" })) " · " a href="/api/v1/openapi.json" { (ui.t("nav_api")) } }
            }
        }
    }
}

/// The logged-in user with the logout button, or the login link.
fn who(ui: &Ui) -> Markup {
    html! {
        div.who {
            @if let Some((email, role)) = &ui.user {
                span #who { (email) " (" (ui.t(&format!("role_{role}"))) ")" }
                " "
                form.inline method="post" action="/logout" {
                    input type="hidden" name="csrf" value=[ui.csrf.as_deref()];
                    button type="submit" #logout { (ui.t("logout")) }
                }
            } @else {
                a #login href="/login" { (ui.t("login")) }
            }
        }
    }
}

/// A language in its own name.
pub fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Nederlands",
        Lang::Fr => "Français",
        Lang::En => "English",
    }
}

/// A number with the reader's separators (1 234 567 / 1.234.567 / 1,234,567).
pub fn int(ui: &Ui, n: u64) -> String {
    let digits = n.to_string();
    let sep = match ui.lang {
        Lang::En => ",",
        Lang::Nl => ".",
        Lang::Fr => "\u{202f}",
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A share as a percentage with one decimal (`62.5 %`, `62,5 %`).
pub fn pct(ui: &Ui, share: Option<f64>) -> String {
    match share {
        None => "—".to_string(),
        Some(v) => {
            let s = format!("{:.1}\u{a0}%", v * 100.0);
            if ui.lang == Lang::En {
                s
            } else {
                s.replace('.', ",")
            }
        }
    }
}

/// A decimal amount rounded to whole units with separators.
pub fn amount(ui: &Ui, v: rust_decimal::Decimal) -> String {
    use rust_decimal::prelude::ToPrimitive;
    let rounded = v.round();
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{}", int(ui, rounded.abs().to_u64().unwrap_or(0)))
}
