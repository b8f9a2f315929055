//! The register in real headless Chromium: log in, enter a contract through the form (a
//! refused CPV code shown next to its field, then the criteria of the lot's product group
//! picked), import a file with one bad row (the error shown, nothing written), import it
//! fixed, and see the register's count on the register page and the register lots of the
//! figures page (register and notices together) change. Screenshots go to
//! target/screenshots/register-*.png.

mod common;

use common::chrome::{browser, click, click_and_wait, shot, text};
use common::reg::{seed, ADMIN, PASSWORD};
use fantoccini::{Client, Locator};

async fn fill(c: &Client, id: &str, value: &str) {
    let e = c
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|_| panic!("#{id}"));
    e.clear().await.unwrap();
    e.send_keys(value).await.unwrap();
}

/// A whole number shown in `css` on the page at `path`.
async fn number(c: &Client, url: &str, css: &str) -> u64 {
    c.goto(url).await.unwrap();
    text(c, css).await.replace([',', '.'], "").parse().unwrap()
}

/// The register's contracts (the register page) and its lots counted with the notices (the
/// figures page).
async fn count(c: &Client, base: &str) -> u64 {
    number(c, &format!("{base}/register"), "#contract-count").await
}

async fn register_lots(c: &Client, base: &str) -> u64 {
    number(c, &format!("{base}/register/figures"), "#register-lots").await
}

const HEADER: &str =
    "Entity;Reference;Title;Procedure;Lot;CPV;Awarded value (EUR excl. VAT);Social clause\n";

/// Writes a two-contract file whose second value is `value` and imports it on the page.
async fn import(c: &Client, page: &str, file: &std::path::Path, value: &str) {
    let rows = format!(
        "{HEADER}dep-a;WEB-2;Papier;open;1;30197630;1000;ja\n\
         dep-a;WEB-3;Schoonmaak;open;1;90910000;{value};nee\n"
    );
    std::fs::write(file, rows).unwrap();
    c.goto(page).await.unwrap();
    c.find(Locator::Id("import-file"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    click_and_wait(c, "#import").await;
}

#[tokio::test]
async fn a_buyer_logs_in_enters_a_contract_and_imports_a_file_with_an_error_row() {
    let s = common::sqlite();
    seed(s);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = browser(profile.path()).await;

    // Log in through the form.
    c.goto(&s.url("/register?lang=en")).await.unwrap();
    click_and_wait(&c, "#login-link").await;
    fill(&c, "email", ADMIN).await;
    fill(&c, "password", PASSWORD).await;
    click_and_wait(&c, "#login-submit").await;
    assert!(text(&c, "#who").await.contains(ADMIN));
    let lots_before = register_lots(&c, &s.base).await;
    let before = count(&c, &s.base).await;

    // Enter a contract: a wrong CPV code is refused next to its field, nothing is saved.
    click_and_wait(&c, "#new-contract").await;
    click(&c, "#f-entity option[value='dep-a']").await;
    fill(&c, "f-reference", "WEB-1").await;
    fill(&c, "f-title", "Laptops voor de administratie").await;
    click(&c, "#f-procedure option[value='open']").await;
    fill(&c, "f-lots-0-cpv", "3021310").await;
    fill(&c, "f-lots-0-awarded_value", "12.500,00").await;
    click_and_wait(&c, "#save").await;
    let error = text(&c, "#f-lots-0-cpv-error").await;
    assert!(error.contains("CPV code is 8 digits"), "{error}");
    shot(&c, "register-form-error").await;
    // Fixed; then the criteria of the CPV code's product group are offered and one is picked.
    fill(&c, "f-lots-0-cpv", "30213100-6").await;
    click_and_wait(&c, "#f-lots-0-criteria button[value='refresh']").await;
    assert!(
        text(&c, "#f-lots-0-criteria").await.contains("ict"),
        "the group's criteria"
    );
    click(&c, "#f-lots-0-criteria input[value^='ict-ts-energy']").await;
    click(&c, "#f-lots-0-social_clause option[value='yes']").await;
    fill(&c, "f-lots-0-winner_name", "Laptop NV").await;
    shot(&c, "register-form").await;
    click_and_wait(&c, "#save").await;
    assert!(text(&c, "h1").await.contains("dep-a/WEB-1"));
    assert!(
        text(&c, "#history").await.contains(ADMIN),
        "the history names who"
    );
    assert!(text(&c, ".criteria").await.contains("ict-ts-energy"));
    shot(&c, "register-contract").await;
    assert_eq!(count(&c, &s.base).await, before + 1);

    // Import a file with one bad row: the error is shown, nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("register.csv");
    import(&c, &s.url("/register/import"), &bad, "twee").await;
    let errors = text(&c, "#import-errors").await;
    assert!(
        errors.contains('3') && errors.contains("twee"),
        "row 3, its value: {errors}"
    );
    assert!(text(&c, "#import-outcome")
        .await
        .contains("Nothing was imported"));
    shot(&c, "register-import-errors").await;
    assert_eq!(count(&c, &s.base).await, before + 1, "nothing written");

    // Fixed and imported: two more contracts.
    import(&c, &s.url("/register/import"), &bad, "2000").await;
    assert!(text(&c, "#import-outcome").await.contains("Imported"));
    assert_eq!(count(&c, &s.base).await, before + 3);
    assert_eq!(
        register_lots(&c, &s.base).await,
        lots_before + 3,
        "the figures of register and notices count the three new lots"
    );
    shot(&c, "register-figures").await;
    shot(&c, "register-list").await;
    c.close().await.unwrap();
}
