//! HTTP tests of the good-practice pages and of the counters behind them, on the real app
//! over SQLite and PostgreSQL: the section on a group's guide page, a fiche's page and its
//! download in NL/FR/EN, 404 for an unknown fiche, and which requests are counted.

mod common;

use common::servers;
use spp_app::guide::practice_render::Labels;
use spp_catalogue::Lang;

const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0";

async fn fetch(method: reqwest::Method, url: &str, agent: Option<&str>) -> (u16, String, String) {
    let client = reqwest::Client::new();
    let mut req = client.request(method, url);
    if let Some(a) = agent {
        req = req.header("User-Agent", a);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let disposition = resp
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, disposition, resp.text().await.unwrap_or_default())
}

async fn browse(url: &str) -> (u16, String, String) {
    fetch(reqwest::Method::GET, url, Some(BROWSER)).await
}

/// The English labels of the fiche that differ from the translation in `lang`.
fn english_labels(lang: Lang) -> Vec<&'static str> {
    let (en, other) = (Labels::of(Lang::En), Labels::of(lang));
    [
        (en.buyer, other.buyer),
        (en.done, other.done),
        (en.criteria, other.criteria),
        (en.result, other.result),
        (en.no_result, other.no_result),
        (en.languages, other.languages),
        (en.download, other.download),
        (en.empty, other.empty),
        ("Good practices", ""),
    ]
    .into_iter()
    .filter(|(e, o)| e != o)
    .map(|(e, _)| e)
    .collect()
}

#[tokio::test]
async fn fiches_show_with_their_group_in_three_languages_and_count_their_use() {
    for s in servers() {
        let (status, _, nl) = browse(&s.url("/guide/groups/vehicles?lang=nl")).await;
        assert_eq!(status, 200, "{}", s.db);
        assert!(nl.contains("Goede praktijken"), "{nl}");
        assert!(nl.contains("/guide/practices/brussels-public-fleets?lang=nl"));
        assert!(nl.contains("/guide/practices/flanders-service-vehicles?lang=nl"));
        for e in english_labels(Lang::Nl) {
            assert!(!nl.contains(e), "English {e:?} on the Dutch page");
        }
        let (status, _, index) = browse(&s.url("/guide?lang=nl")).await;
        assert_eq!(status, 200);
        assert!(
            index.contains("Goede praktijken</th>"),
            "a column of the groups table"
        );
        let (status, _, empty) = browse(&s.url("/guide/groups/paper?lang=fr")).await;
        assert_eq!(status, 200);
        assert!(empty.contains(Labels::of(Lang::Fr).empty), "{empty}");

        let (status, _, fr) =
            browse(&s.url("/guide/practices/brussels-public-fleets?lang=fr")).await;
        assert_eq!(status, 200);
        for want in [
            "Ce qui a été fait",
            "Ecoscore",
            "veh-ts-zero-emission",
            "https://leefmilieu.brussels",
            "La source ne mentionne aucun résultat.",
        ] {
            assert!(fr.contains(want), "{want:?} not on the French fiche page");
        }
        for e in english_labels(Lang::Fr) {
            assert!(!fr.contains(e), "English {e:?} on the French page");
        }
        let (status, _, en) =
            browse(&s.url("/guide/practices/sweden-notebook-durability?lang=en")).await;
        assert_eq!(status, 200);
        assert!(
            en.contains("IEC 60068") && en.contains("ict-ac-durability"),
            "{en}"
        );

        let (status, _, _) = browse(&s.url("/guide/practices/no-such-fiche")).await;
        assert_eq!(status, 404);

        let (status, disposition, md) =
            browse(&s.url("/guide/practices/brussels-public-fleets/fiche.md?lang=en")).await;
        assert_eq!(status, 200);
        assert!(
            disposition.contains("attachment")
                && disposition.contains("brussels-public-fleets-en.md")
        );
        assert!(md.starts_with("# Brussels public fleets"), "{md}");
        let (status, _, group_md) = browse(&s.url("/guide/groups/vehicles/fiche.md?lang=nl")).await;
        assert_eq!(status, 200);
        assert!(group_md.contains("## Goede praktijken"), "{group_md}");

        // Not counted: HEAD, robots, scripts without a browser name.
        let page = s.url("/guide/groups/vehicles");
        assert_eq!(
            fetch(reqwest::Method::HEAD, &page, Some(BROWSER)).await.0,
            200
        );
        assert_eq!(
            fetch(reqwest::Method::GET, &page, Some("Googlebot/2.1"))
                .await
                .0,
            200
        );
        assert_eq!(fetch(reqwest::Method::GET, &page, None).await.0, 200);

        let today = chrono::Utc::now().date_naive();
        let app = spp_app::App::open(&s.db).await.unwrap();
        let r = app.usage_report(today, today).await.unwrap();
        app.close().await;
        let g = |id: &str| r.groups.iter().find(|g| g.group == id).unwrap();
        let v = g("vehicles");
        assert_eq!((v.guide_views, v.guide_downloads), (1, 1), "{}", s.db);
        let f = v
            .fiches
            .iter()
            .find(|f| f.id == "brussels-public-fleets")
            .unwrap();
        assert_eq!((f.views, f.downloads), (1, 1));
        assert_eq!(g("paper").guide_views, 1);
        let ict = g("ict-end-user");
        assert_eq!((ict.guide_views, ict.fiche_views), (0, 1));
    }
}
