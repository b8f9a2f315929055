//! Import and export on real files: row errors, all-or-nothing, dry run, idempotent
//! re-import, an export that imports back unchanged (CSV and XLSX), the templates.

use spp_catalogue::Lang;
use spp_register::EntityInput;

use super::table::{self, FileFormat};
use crate::auth::Actor;
use crate::test_db::TestApp;

const GOOD: &str = "\
Entiteit;Referentie;Titel;Procedure;Gunningsdatum;Perceel;CPV;Gunningswaarde (EUR excl. btw);Toegepaste criteria;Sociale clausule;Kmo
dep-a;2025-001;Laptops;open;2025-03-01;1;30213100;380.000,00;ict-ts-energy;ja;nee
dep-a;2025-001;Laptops;open;2025-03-01;2;30232110;12000;;;ja
dep-a;2025-002;Schoonmaak;aanvaarde factuur;01/04/2025;;90910000;25000;;nee;
";

async fn seeded() -> TestApp {
    let t = TestApp::sqlite().await;
    let e = EntityInput {
        code: "dep-a".into(),
        name: "A".into(),
        level: "flemish".into(),
        policy_domain: "Omgeving".into(),
        kbo: None,
    };
    t.app.save_entity(&Actor::cli(), &e).await.unwrap();
    t
}

fn file(dir: &tempfile::TempDir, name: &str, body: &[u8]) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, body).unwrap();
    p
}

#[tokio::test]
async fn import_is_idempotent_and_exports_round_trip() {
    let t = seeded().await;
    let (app, cli) = (&t.app, Actor::cli());
    let dir = tempfile::tempdir().unwrap();
    let csv = file(&dir, "r.csv", GOOD.as_bytes());
    let dry = app.import_register(&cli, &csv, true).await.unwrap();
    assert_eq!(
        (dry.rows, dry.contracts, dry.created, dry.written),
        (3, 2, 2, false)
    );
    assert!(
        app.contracts(&cli, &Default::default())
            .await
            .unwrap()
            .is_empty(),
        "dry run"
    );
    let first = app.import_register(&cli, &csv, false).await.unwrap();
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    assert_eq!((first.created, first.written), (2, true));
    let again = app.import_register(&cli, &csv, false).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    let stored = app.contracts(&cli, &Default::default()).await.unwrap();
    assert_eq!(stored[0].contract.lots.len(), 2);
    assert_eq!(
        stored[0].contract.lots[0].awarded_value.unwrap().cents(),
        38_000_000
    );
    assert_eq!(stored[1].contract.lots[0].social_clause, Some(false));
    for s in &stored {
        let input = super::import::contract_input(&s.contract);
        let back = spp_register::Contract::parse(&input, app.catalogue()).unwrap();
        assert_eq!(
            back, s.contract,
            "an edit form starts from the stored contract"
        );
    }
    for format in [FileFormat::Csv, FileFormat::Xlsx] {
        let bytes = app
            .export_register(&cli, format, Lang::Fr, &Default::default())
            .await
            .unwrap();
        let ext = if format == FileFormat::Csv {
            "csv"
        } else {
            "xlsx"
        };
        let path = file(&dir, &format!("export.{ext}"), &bytes);
        let back = app.import_register(&cli, &path, false).await.unwrap();
        assert!(back.errors.is_empty(), "{ext}: {:?}", back.errors);
        assert_eq!((back.contracts, back.unchanged), (2, 2), "{ext}");
    }
    let history = app.contract_history(&cli, "dep-a/2025-001").await.unwrap();
    assert_eq!(history.len(), 1, "only the create");
    t.close().await;
}

#[tokio::test]
async fn one_bad_row_refuses_the_whole_file() {
    let t = seeded().await;
    let (app, cli) = (&t.app, Actor::cli());
    let dir = tempfile::tempdir().unwrap();
    let bad = GOOD
        .replace("30232110;12000", "3023;12000")
        .replace("01/04/2025", "31/02/2025")
        + "dep-zz;9;X;open;;;30213100;1;;;\n";
    let path = file(&dir, "bad.csv", bad.as_bytes());
    let r = app.import_register(&cli, &path, false).await.unwrap();
    assert!(!r.written);
    let seen: Vec<_> = r
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (3, "CPV", "3023"),
            (4, "Gunningsdatum", "31/02/2025"),
            (5, "Entiteit", "dep-zz")
        ],
        "{:?}",
        r.errors
    );
    assert!(r.errors[0].reason.contains("8 digits"), "{}", r.errors[0]);
    assert!(
        app.contracts(&cli, &Default::default())
            .await
            .unwrap()
            .is_empty(),
        "nothing written"
    );
    let header = file(&dir, "h.csv", b"Entity,Reference,Colour\n");
    let r = app.import_register(&cli, &header, false).await.unwrap();
    let reasons: Vec<_> = r.errors.iter().map(|e| e.reason.as_str()).collect();
    assert!(reasons[0].starts_with("unknown column"), "{reasons:?}");
    assert!(reasons.contains(&"required column missing"));
    let csv_err = app
        .import_register(&cli, &file(&dir, "x.csv", &[0xff, 0xfe, 0]), false)
        .await;
    assert!(csv_err.unwrap_err().to_string().contains("not UTF-8"));
    let xlsx_err = app
        .import_register(&cli, &file(&dir, "x.xlsx", b"not a zip"), false)
        .await;
    assert!(xlsx_err.unwrap_err().to_string().contains("x.xlsx"));
    t.close().await;
}

#[test]
fn templates_in_three_languages() {
    for (lang, first) in [
        (Lang::Nl, "Entiteit"),
        (Lang::Fr, "Entité"),
        (Lang::En, "Entity"),
    ] {
        let csv = super::export::template(FileFormat::Csv, lang).unwrap();
        assert!(String::from_utf8(csv).unwrap().starts_with(first));
        let xlsx = super::export::template(FileFormat::Xlsx, lang).unwrap();
        let t = table::decode("t.xlsx".as_ref(), FileFormat::Xlsx, xlsx).unwrap();
        assert_eq!(t.headers[0], first);
        assert!(t.rows.is_empty());
    }
}
