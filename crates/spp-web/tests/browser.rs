//! The pages in real headless Chromium, driven through chromedriver (WebDriver): load the
//! dashboard, apply a filter, follow a figure to its lots and on to a lot, switch language,
//! submit the LCC form. Screenshots go to target/screenshots/.

mod common;

use common::chrome::{browser, shot, text};
use fantoccini::Locator;

#[tokio::test]
async fn a_monitor_filters_follows_a_figure_switches_language_and_a_buyer_compares_offers() {
    let s = common::sqlite();
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = browser(profile.path()).await;

    c.goto(&s.url("/?lang=en")).await.unwrap();
    assert!(text(&c, "h1").await.contains("Monitoring"));
    shot(&c, "dashboard-en").await;

    // Apply a filter through the form.
    c.find(Locator::Id("f-year-from"))
        .await
        .unwrap()
        .send_keys("2023")
        .await
        .unwrap();
    c.find(Locator::Id("apply"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert!(url.as_str().contains("year_from=2023"), "{url}");
    assert!(text(&c, "#active-filters").await.contains("year_from=2023"));
    // One-click roll-up to Flanders keeps the year.
    c.find(Locator::Css("#regions a[href*='nuts=BE2']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert!(
        url.as_str().contains("nuts=BE2") && url.as_str().contains("year_from=2023"),
        "{url}"
    );
    shot(&c, "dashboard-filtered").await;

    // Follow the SPP-2 award figure to its lots, then to one lot.
    c.goto(&s.url("/?lang=en")).await.unwrap();
    let numerator = c
        .find(Locator::Css(
            "tr[data-indicator='SPP-2'][data-stage='award'][data-variant='count'] td.num a",
        ))
        .await
        .unwrap();
    let n = numerator.text().await.unwrap();
    numerator.click().await.unwrap();
    assert!(
        text(&c, "#figure-counts").await.contains(&n),
        "the lots page counts {n}"
    );
    shot(&c, "figure-lots").await;
    c.find(Locator::Css("a.lot-link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(text(&c, "#finding-table").await.contains("SPP-2"));
    shot(&c, "lot").await;

    // Switch language: the page and the next ones are in French.
    c.find(Locator::Css(".langs a[hreflang='fr']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let lang = c
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("fr"));
    c.goto(&s.url("/")).await.unwrap();
    assert_eq!(
        text(&c, "h1").await,
        "Suivi des marchés publics durables",
        "the choice is kept"
    );
    shot(&c, "dashboard-fr").await;

    // The LCC form with the Clean Vehicles preset.
    c.goto(&s.url("/lcc?preset=vehicle&lang=nl")).await.unwrap();
    c.find(Locator::Id("calculate"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let table = text(&c, "#lcc-table").await;
    assert!(
        table.contains("42.455") && table.contains("42.096"),
        "{table}"
    );
    assert!(c.find(Locator::Css("#lcc-result svg")).await.is_ok());
    shot(&c, "lcc-nl").await;

    c.goto(&s.url("/guide/groups/ict-end-user?lang=nl"))
        .await
        .unwrap();
    shot(&c, "guide-nl").await;
    c.close().await.unwrap();
}
