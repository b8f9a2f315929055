//! Every page in Dutch and in French, from the real app: no English UI text leaks into them
//! (table headers, indicator, theme and level names, code-list labels), no text is missing,
//! and every form field has a label.

mod common;

use common::{get, sqlite};

/// The visible text of a page: tags removed, and left out what is not UI text: `<code>`
/// (field codes and the evidence as published), elements marked `lang` (the names of the
/// languages in the switch, the use case's own message on error pages), `<style>`.
fn visible_text(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut skip_depth: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        if skip_depth.is_empty() {
            out.push_str(&rest[..start]);
            out.push(' ');
        }
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start + 1..end - 1];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if tag.starts_with('/') {
            if skip_depth.last() == Some(&name) {
                skip_depth.pop();
            }
        } else if !tag.ends_with('/') && !["input", "meta", "link", "br"].contains(&name.as_str()) {
            let marked = tag.contains(" lang=\"") || name == "code" || name == "style";
            if marked || !skip_depth.is_empty() {
                skip_depth.push(name);
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

fn contains_phrase(text: &str, phrase: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(phrase).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + phrase.len()).copied();
        let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
        !word(before) && !word(after)
    })
}

fn labelled(html: &str) -> Vec<String> {
    let mut missing = Vec::new();
    for chunk in html.split('<').skip(1) {
        let tag = chunk.split('>').next().unwrap_or("");
        let is_field =
            tag.starts_with("input ") || tag.starts_with("select ") || tag.starts_with("textarea ");
        if !is_field || tag.contains("type=\"hidden\"") {
            continue;
        }
        let id = tag.split("id=\"").nth(1).and_then(|r| r.split('"').next());
        let ok = tag.contains("aria-label=")
            || id.is_some_and(|id| html.contains(&format!("<label for=\"{id}\"")));
        if !ok {
            missing.push(tag.to_string());
        }
    }
    missing
}

#[tokio::test]
async fn dutch_and_french_pages_have_no_english_ui_text_and_every_field_has_a_label() {
    let s = sqlite();
    let (_, _, found) = get(&s.url("/notices?q=00599533-2024"), None).await;
    let id = found
        .split("class=\"notice-link\" href=\"/notices/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let (_, _, notice) = get(&s.url(&format!("/notices/{id}")), None).await;
    let lot = notice
        .split("class=\"lot-link\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let pages = [
        "/".to_string(),
        "/?nuts=BE2".into(),
        "/lots?indicator=SPP-2&stage=award".into(),
        "/lots?indicator=CVD-1&stage=award".into(),
        "/notices".into(),
        "/notices?q=00599533-2024".into(),
        format!("/notices/{id}"),
        lot,
        "/guide".into(),
        "/guide/groups/ict-end-user".into(),
        "/guide/groups/vehicles".into(),
        "/guide/labels".into(),
        "/guide/practices/brussels-public-fleets".into(),
        "/guide/practices/sweden-notebook-durability".into(),
        "/guide/cpv?code=30213100".into(),
        "/lcc".into(),
        "/lcc?preset=vehicle".into(),
        "/no-such-page".into(),
        "/?country=XX".into(),
        // The register, logged in as an admin (below).
        "/login".into(),
        "/register".into(),
        "/register/new".into(),
        "/register/contracts/dep-b/B-1".into(),
        "/register/contracts/dep-b/B-1/edit".into(),
        "/register/import".into(),
        "/register/figures".into(),
        "/account/tokens".into(),
    ];
    common::reg::seed(s);
    let mut admin = common::reg::Visitor::new(s);
    admin.login(common::reg::ADMIN).await;
    let mut english: Vec<&str> = spp_web::i18n::english_only();
    english.extend(spp_web::i18n::codelists::english_only_labels());
    english.retain(|e| e.len() > 3);
    let mut problems = Vec::new();
    for lang in ["nl", "fr"] {
        for path in &pages {
            let sep = if path.contains('?') { '&' } else { '?' };
            let (status, html) = if path.starts_with("/register") || path.starts_with("/account") {
                let a = admin.get(&format!("{path}{sep}lang={lang}")).await;
                (a.status, a.body)
            } else {
                let (status, _, html) = get(&s.url(&format!("{path}{sep}lang={lang}")), None).await;
                (status, html)
            };
            assert!(
                status == 200 || status == 400 || status == 404,
                "{path}: {status}"
            );
            assert!(
                html.contains(&format!("<html lang=\"{lang}\"")),
                "{path} in {lang}"
            );
            let text = visible_text(&html);
            assert!(
                !text.contains(spp_web::i18n::texts::MISSING),
                "{path} {lang}: a text is missing"
            );
            for e in &english {
                if contains_phrase(&text, e) {
                    problems.push(format!("{lang} {path}: English {e:?}"));
                }
            }
            for field in labelled(&html) {
                problems.push(format!("{lang} {path}: no label for <{field}>"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
