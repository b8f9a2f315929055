//! The library, register fiches (authorization, audit, replacement of a bundled fiche) and
//! the usage counters, on SQLite and PostgreSQL, against hand-counted expectations.

use std::path::Path;

use chrono::NaiveDate;
use spp_register::Role;

use super::usage::{parse_period, PageUse, UsageEvent, UsagePage};
use super::Origin;
use crate::auth::Actor;
use crate::error::ErrorKind;
use crate::test_db::TestApp;
use crate::App;

const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0";

fn user(role: Role) -> Actor {
    Actor::User {
        id: 7,
        email: format!("{}@example.be", role.as_str()),
        role,
        grants: Vec::new(),
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn hit<'a>(d: &str, page: UsagePage, subject: &'a str, event: UsageEvent) -> PageUse<'a> {
    PageUse {
        day: day(d),
        method: "GET",
        user_agent: Some(BROWSER),
        page,
        subject,
        event,
    }
}

/// The bundled Brussels fiche, changed: what a monitor would enter to replace it.
fn changed_brussels() -> String {
    let src = include_str!("../../../../data/good-practices/brussels-public-fleets.toml");
    src.replace("year = 2014", "year = 2015")
}

async fn register_fiches(app: &App) {
    let file = Path::new("brussels-public-fleets.toml");
    let src = changed_brussels();
    let refused = app
        .save_practice(&user(Role::Buyer), &src, file)
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Forbidden);
    let refused = app
        .save_practice(&Actor::Anonymous, &src, file)
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Unauthenticated);

    let monitor = user(Role::Monitor);
    let bad = src.replace("veh-ts-zero-emission", "veh-ts-jetpacks");
    let err = app.save_practice(&monitor, &bad, file).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadInput);
    let msg = err.to_string();
    assert!(
        msg.contains("brussels-public-fleets.toml") && msg.contains("field criteria"),
        "{msg}"
    );
    assert!(
        app.practice_history(&monitor, "brussels-public-fleets")
            .await
            .is_err(),
        "nothing written"
    );

    let saved = app.save_practice(&monitor, &src, file).await.unwrap();
    assert_eq!(saved.action.map(|a| a.as_str()), Some("create"));
    let again = app.save_practice(&monitor, &src, file).await.unwrap();
    assert!(again.action.is_none(), "unchanged");
    let listed = app.practice("brussels-public-fleets").await.unwrap();
    assert_eq!(
        (listed.origin, listed.practice.year),
        (Origin::Register, Some(2015))
    );
    let vehicles = app.practices(Some("vehicles")).await.unwrap();
    assert_eq!(vehicles.len(), 2, "replaced, not added");

    let updated = src.replace("year = 2015", "year = 2016");
    let saved = app.save_practice(&monitor, &updated, file).await.unwrap();
    assert_eq!(saved.action.map(|a| a.as_str()), Some("update"));
    let buyer = app
        .delete_practice(&user(Role::Buyer), "brussels-public-fleets")
        .await;
    assert_eq!(buyer.unwrap_err().kind(), ErrorKind::Forbidden);
    app.delete_practice(&monitor, "brussels-public-fleets")
        .await
        .unwrap();
    let back = app.practice("brussels-public-fleets").await.unwrap();
    assert_eq!(
        (back.origin, back.practice.year),
        (Origin::Bundled, Some(2014))
    );

    let history = app
        .practice_history(&monitor, "brussels-public-fleets")
        .await
        .unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["create", "update", "delete"]);
    assert!(history
        .iter()
        .all(|h| h.actor == "monitor@example.be" && h.subject_kind == "good_practice"));
    assert_eq!(history[1].before.as_ref().unwrap()["year"], 2015);
    assert_eq!(history[1].after.as_ref().unwrap()["year"], 2016);
}

async fn counters(app: &App) {
    let ict = "ict-end-user";
    let fiche = "flanders-ict-due-diligence";
    let (guide, practice) = (UsagePage::Guide, UsagePage::Practice);
    let (view, download) = (UsageEvent::View, UsageEvent::Download);
    // Counted by hand: March: guide ict 3 views, 2 downloads; fiche 2 views, 1 download;
    // vehicles guide 1 view. April: guide ict 1 view.
    let counted = [
        hit("2026-03-01", guide, ict, view),
        hit("2026-03-01", guide, ict, view),
        hit("2026-03-31", guide, ict, view),
        hit("2026-03-02", guide, ict, download),
        hit("2026-03-02", guide, ict, download),
        hit("2026-03-05", practice, fiche, view),
        hit("2026-03-06", practice, fiche, view),
        hit("2026-03-06", practice, fiche, download),
        hit("2026-03-07", guide, "vehicles", view),
        hit("2026-04-01", guide, ict, view),
    ];
    for u in &counted {
        assert!(app.record_use(u).await.unwrap(), "{u:?}");
    }
    let not_counted = [
        PageUse {
            method: "HEAD",
            ..hit("2026-03-01", guide, ict, view)
        },
        PageUse {
            user_agent: None,
            ..hit("2026-03-01", guide, ict, view)
        },
        PageUse {
            user_agent: Some("  "),
            ..hit("2026-03-01", guide, ict, view)
        },
        PageUse {
            user_agent: Some("Googlebot/2.1"),
            ..hit("2026-03-01", guide, ict, view)
        },
        PageUse {
            user_agent: Some("curl/8.5.0"),
            ..hit("2026-03-01", practice, fiche, view)
        },
        PageUse {
            user_agent: Some("Mozilla/5.0 HeadlessChrome/130.0"),
            ..hit("2026-03-01", guide, ict, download)
        },
        hit("2026-03-01", guide, "spaceships", view),
        hit("2026-03-01", practice, "no-such-fiche", view),
    ];
    for u in &not_counted {
        assert!(!app.record_use(u).await.unwrap(), "{u:?}");
    }

    let (from, to) = parse_period("2026-03").unwrap();
    let march = app.usage_report(from, to).await.unwrap();
    let g = march.groups.iter().find(|g| g.group == ict).unwrap();
    assert_eq!(
        (
            g.guide_views,
            g.guide_downloads,
            g.fiche_views,
            g.fiche_downloads
        ),
        (3, 2, 2, 1)
    );
    let f = g.fiches.iter().find(|f| f.id == fiche).unwrap();
    assert_eq!((f.views, f.downloads), (2, 1));
    assert_eq!(
        g.fiches.len(),
        3,
        "every ict fiche of the library, zeros included"
    );
    assert!(g
        .fiches
        .iter()
        .filter(|f| f.id != fiche)
        .all(|f| f.views + f.downloads == 0));
    let v = march.groups.iter().find(|g| g.group == "vehicles").unwrap();
    assert_eq!((v.guide_views, v.fiche_views), (1, 0));
    assert_eq!((march.total_views, march.total_downloads), (6, 3));
    assert_eq!(march.groups.len(), app.catalogue().groups().len());

    let (from, to) = parse_period("2026").unwrap();
    let year = app.usage_report(from, to).await.unwrap();
    let g = year.groups.iter().find(|g| g.group == ict).unwrap();
    assert_eq!(g.guide_views, 4);
    let (from, to) = parse_period("2026-04-02..2026-12-31").unwrap();
    assert_eq!(app.usage_report(from, to).await.unwrap().total_views, 0);

    // Concurrent requests for one page and day all count.
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move {
                app.record_use(&hit(
                    "2026-05-01",
                    UsagePage::Guide,
                    "paper",
                    UsageEvent::View,
                ))
                .await
            })
        })
        .collect();
    for t in tasks {
        assert!(t.await.unwrap().unwrap());
    }
    let (from, to) = parse_period("2026-05").unwrap();
    let may = app.usage_report(from, to).await.unwrap();
    assert_eq!(
        may.groups
            .iter()
            .find(|g| g.group == "paper")
            .unwrap()
            .guide_views,
        20
    );
}

#[tokio::test]
async fn register_fiches_on_sqlite() {
    let t = TestApp::sqlite().await;
    register_fiches(&t.app).await;
    t.close().await;
}

#[tokio::test]
async fn register_fiches_on_postgres() {
    let Some(t) = TestApp::postgres("practices_register").await else {
        return;
    };
    register_fiches(&t.app).await;
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_counters_on_sqlite() {
    let t = TestApp::sqlite().await;
    counters(&t.app).await;
    t.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_counters_on_postgres() {
    let Some(t) = TestApp::postgres("practices_usage").await else {
        return;
    };
    counters(&t.app).await;
    t.close().await;
}

#[test]
fn periods_parse_or_say_why_not() {
    assert_eq!(
        parse_period("2024-02").unwrap(),
        (day("2024-02-01"), day("2024-02-29"))
    );
    assert_eq!(
        parse_period("2025").unwrap(),
        (day("2025-01-01"), day("2025-12-31"))
    );
    assert_eq!(
        parse_period("2025-01-10..2025-01-12").unwrap(),
        (day("2025-01-10"), day("2025-01-12"))
    );
    for bad in ["2025-13", "soon", "2025-02-01..2025-01-01"] {
        assert_eq!(
            parse_period(bad).unwrap_err().kind(),
            ErrorKind::BadInput,
            "{bad}"
        );
    }
}
