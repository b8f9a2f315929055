//! The register's pages and API doing their job, on SQLite and PostgreSQL: the contract form
//! (a refused field shown next to it with the parser's reason, nothing saved; saved; the
//! contract page with lots, facts and history; edited from its stored values; soft-deleted),
//! the import page's check and import, the template in each language and the export, the
//! API's create/list/read/change/delete with field errors as JSON, and the register pages in
//! Dutch and French.

mod common;

use common::reg::{api, audit_rows_of, seed, Visitor, ADMIN, BUYER_A};
use common::{servers, Server};
use serde_json::json;

async fn form_round_trip(s: &Server) {
    seed(s);
    let mut v = Visitor::new(s);
    v.login(BUYER_A).await;
    let new = v.get("/register/new").await;
    assert_eq!(new.status, 200);
    assert!(
        new.body.contains("value=\"dep-a\" selected"),
        "a buyer of one entity gets it preselected"
    );
    let before = audit_rows_of(s, "dep-a/F-1");
    let mut fields = vec![
        ("entity", "dep-a"),
        ("reference", "F-1"),
        ("title", "Schoonmaak stadhuis"),
        ("procedure", "accepted-invoice"),
        ("threshold", "below"),
        ("award_date", "15/03/2025"),
        ("lots[0].reference", "1"),
        ("lots[0].cpv", "90910000"),
        ("lots[0].awarded_value", "1.234,567"),
        ("lots[0].winner_name", "Poets BV"),
        ("lots[0].winner_sme", "ja"),
        ("lots[0].circular", "take_back"),
        ("lots[1].cpv", ""),
        ("action", "save"),
    ];
    let refused = v.post("/register/contracts", &fields, true).await;
    assert_eq!(refused.status, 400);
    let err = refused
        .body
        .split("id=\"f-lots-0-awarded_value-error\"")
        .nth(1)
        .expect("the error next to the field");
    assert!(err.contains("decimals"), "{}", &err[..200.min(err.len())]);
    assert!(
        refused.body.contains("value=\"Poets BV\""),
        "what was typed is kept"
    );
    // Every refused field is marked at once, and listed at the top.
    let mut two = fields.clone();
    two[2] = ("title", "");
    let both = v.post("/register/contracts", &two, true).await;
    for id in ["f-lots-0-awarded_value-error", "f-title-error"] {
        assert!(both.body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(
        both.body.contains("href=\"#f-title\""),
        "the summary links to the field"
    );
    assert_eq!(audit_rows_of(s, "dep-a/F-1"), before, "nothing saved");
    fields[8] = ("lots[0].awarded_value", "1.234,56");
    let saved = v.post("/register/contracts", &fields, true).await;
    assert_eq!(
        (saved.status, saved.location.as_deref()),
        (303, Some("/register/contracts/dep-a/F-1")),
        "{}",
        saved.body
    );
    let page = v.get("/register/contracts/dep-a/F-1").await;
    assert_eq!(page.status, 200);
    for shown in [
        "Schoonmaak stadhuis",
        "Accepted invoice",
        "2025-03-15",
        "1,235 EUR",
        "Poets BV",
        "take-back",
        "created",
        BUYER_A,
    ] {
        assert!(page.body.contains(shown), "{shown} on the contract page");
    }
    // The edit form starts from the stored contract; a change is one more audit row.
    let edit = v.get("/register/contracts/dep-a/F-1/edit").await;
    assert!(
        edit.body.contains("value=\"1234.56\"")
            && edit.body.contains("value=\"take_back\" checked"),
        "prefilled"
    );
    let mut changed = fields.clone();
    changed[2] = ("title", "Schoonmaak stadhuis en bibliotheek");
    changed.push(("editing", "1"));
    assert_eq!(
        v.post("/register/contracts", &changed, true).await.status,
        303
    );
    let page = v.get("/register/contracts/dep-a/F-1").await;
    assert!(page.body.contains("en bibliotheek") && page.body.contains("changed"));
    // "Add a lot" renders the form again with one more lot and saves nothing.
    let mut more = changed.clone();
    more.retain(|(k, _)| *k != "action");
    more.push(("action", "add_lot"));
    let two = v.post("/register/contracts", &more, true).await;
    assert!(two.status == 200 && two.body.contains("id=\"lot-1\""));
    // Soft delete: gone from the list, the page says deleted, the history keeps all three.
    assert_eq!(
        v.post("/register/contracts/dep-a/F-1/delete", &[], true)
            .await
            .status,
        303
    );
    let list = v.get("/register?entity=dep-a").await;
    assert!(!list.body.contains("dep-a/F-1"));
    let page = v.get("/register/contracts/dep-a/F-1").await;
    assert!(page.body.contains("id=\"deleted\""));
    assert_eq!(audit_rows_of(s, "dep-a/F-1"), before + 3);
    assert_eq!(v.get("/register/contracts/dep-a/NOPE").await.status, 404);
}

#[tokio::test]
async fn the_contract_form_refuses_saves_edits_and_deletes() {
    for s in servers() {
        form_round_trip(s).await;
    }
}

async fn framework_and_invoices(s: &Server) {
    seed(s);
    let mut v = Visitor::new(s);
    v.login(ADMIN).await;
    v.get("/register/new").await;
    let mut fields = vec![
        ("entity", "dep-a"),
        ("reference", "FW-1"),
        ("title", "Raamovereenkomst papier"),
        ("procedure", "open"),
        ("lots[0].cpv", "30197630"),
        ("call_offs[0].reference", "B-1"),
        ("call_offs[0].date", "2025-02-01"),
        ("call_offs[0].value", "2500"),
        ("invoices[0].reference", "F-9"),
        ("invoices[0].amount", "2500"),
        ("invoices[0].received", "2025-03-01"),
        ("invoices[0].paid", "2025-04-15"),
        ("action", "save"),
    ];
    let refused = v.post("/register/contracts", &fields, true).await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("id=\"f-call_offs-error\"")
            && refused.body.contains("framework_ceiling"),
        "call-offs need a ceiling"
    );
    fields.push(("framework_ceiling", "10000"));
    let saved = v.post("/register/contracts", &fields, true).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = v.get("/register/contracts/dep-a/FW-1").await;
    let uptake = page.body.split("id=\"uptake\"").nth(1).unwrap();
    assert!(
        uptake.starts_with(">Uptake (call-offs / ceiling): 25.0"),
        "2500 of 10000: {}",
        &uptake[..60]
    );
    let invoices = page.body.split("id=\"invoice-table\"").nth(1).unwrap();
    assert!(invoices.contains(">45<"), "1 March to 15 April: 45 days");
    let edit = v.get("/register/contracts/dep-a/FW-1/edit").await;
    assert!(
        edit.body.contains("value=\"2025-04-15\"")
            && edit.body.contains("name=\"invoices[1].reference\""),
        "kept, with an empty row to add"
    );
}

#[tokio::test]
async fn call_offs_and_invoices_through_the_form() {
    for s in servers() {
        framework_and_invoices(s).await;
    }
}

async fn files(s: &Server) {
    seed(s);
    let mut v = Visitor::new(s);
    v.login(ADMIN).await;
    v.get("/register/import").await;
    let csrf = v.csrf.clone();
    let csv =
        "Entiteit;Referentie;Titel;Procedure;Perceel;CPV\ndep-a;IMP-1;Papier;open;1;30197630\n";
    let before = audit_rows_of(s, "dep-a/IMP-1");
    let check = v
        .upload("r.csv", csv.as_bytes(), "check", csrf.as_deref())
        .await;
    assert!(
        check.body.contains("Checked, nothing written") && check.body.contains("1 new"),
        "{}",
        check.body
    );
    assert_eq!(
        audit_rows_of(s, "dep-a/IMP-1"),
        before,
        "a check writes nothing"
    );
    // The checked file is imported by the result page's button, without choosing it again.
    assert!(check.body.contains("id=\"import-checked\""));
    let carried = check
        .body
        .split("name=\"checked\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let fields = [
        ("checked_name", "r.csv"),
        ("checked", carried.as_str()),
        ("action", "import"),
    ];
    let done = v.post_multipart("/register/import", &fields).await;
    assert!(
        done.body.contains("Imported:") && done.body.contains("r.csv"),
        "{}",
        done.body
    );
    let again = v
        .upload("r.csv", csv.as_bytes(), "import", csrf.as_deref())
        .await;
    assert!(again.body.contains("1 unchanged"), "idempotent");
    assert_eq!(audit_rows_of(s, "dep-a/IMP-1"), before + 1);
    // Larger than the server's default body limit (2 MiB): still taken, checked row by row.
    let mut big = String::from("Entity;Reference;Title;Procedure;Lot;CPV\n");
    let title = "Papier ".repeat(60);
    for i in 0..7000 {
        big.push_str(&format!("dep-a;BIG-{i};{title};open;1;30197630\n"));
    }
    assert!(big.len() > 3 << 20);
    let checked = v
        .upload("big.csv", big.as_bytes(), "check", csrf.as_deref())
        .await;
    assert!(
        checked.body.contains("7,000 new"),
        "{}",
        &checked.body[..checked.body.len().min(3000)]
    );
    let odd = v.upload("r.txt", b"x", "import", csrf.as_deref()).await;
    assert_eq!(odd.status, 400, "{}", odd.body);
    assert!(odd.body.contains(".csv or .xlsx"));
    for (lang, header) in [("nl", "Entiteit"), ("fr", "Entité"), ("en", "Entity")] {
        let t = v
            .get(&format!("/register/template?format=csv&lang={lang}"))
            .await;
        assert_eq!(t.status, 200);
        assert!(
            t.body.starts_with(header) || t.body.trim_start_matches('\u{feff}').starts_with(header),
            "{lang}: {}",
            t.body
        );
    }
    let xlsx = v
        .client
        .get(s.url("/register/template?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(&xlsx.bytes().await.unwrap()[..2], b"PK", "an XLSX file");
    let export = v
        .get("/register/export?format=csv&entity=dep-a&lang=en")
        .await;
    assert_eq!(export.status, 200);
    assert!(
        export.body.contains("IMP-1") && !export.body.contains("B-1"),
        "{}",
        export.body
    );
    let mut buyer = Visitor::new(s);
    buyer.login(BUYER_A).await;
    assert_eq!(
        buyer.get("/register/export?format=csv").await.status,
        403,
        "buyers do not export"
    );
}

#[tokio::test]
async fn import_checks_then_imports_and_files_download() {
    for s in servers() {
        files(s).await;
    }
}

async fn long_list(s: &Server) {
    seed(s);
    let mut v = Visitor::new(s);
    v.login(ADMIN).await;
    v.get("/register/import").await;
    let mut csv = String::from("Entity;Reference;Title;Procedure;CPV\n");
    for i in 0..501 {
        csv.push_str(&format!("dep-b;L-{i};Papier;open;30197630\n"));
    }
    let csrf = v.csrf.clone();
    let done = v
        .upload("long.csv", csv.as_bytes(), "import", csrf.as_deref())
        .await;
    assert!(done.body.contains("Imported:"), "{}", done.body);
    let list = v.get("/register?entity=dep-b").await;
    assert!(
        list.body.contains("id=\"list-cut\""),
        "the list is cut at 500"
    );
    assert!(
        list.body.contains("id=\"contract-count\">502<"),
        "the count is of all: 501 + B-1"
    );
    assert_eq!(
        list.body
            .matches("href=\"/register/contracts/dep-b/")
            .count(),
        500
    );
}

#[tokio::test]
async fn the_list_shows_500_contracts_and_counts_all() {
    for s in servers() {
        long_list(s).await;
    }
}

async fn api_crud(s: &Server) {
    seed(s);
    let mut v = Visitor::new(s);
    v.login(BUYER_A).await;
    let token = v.api_token().await;
    let t = Some(token.as_str());
    let mut body =
        serde_json::to_value(common::reg::contract("dep-a", "API/7", "Printers")).unwrap();
    let (status, saved) = api(s, "post", "/register/contracts", t, Some(&body)).await;
    assert_eq!(
        (status, saved["key"].as_str()),
        (200, Some("dep-a/API/7")),
        "{saved}"
    );
    let (_, list) = api(s, "get", "/register/contracts?entity=dep-a", t, None).await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["reference"] == "API/7"));
    let path = "/register/contracts/dep-a/API%2F7";
    let (status, one) = api(s, "get", path, t, None).await;
    assert_eq!(
        (status, one["title"].as_str()),
        (200, Some("Printers")),
        "{one}"
    );
    body["title"] = json!("Printers en scanners");
    let (status, put) = api(s, "put", path, t, Some(&body)).await;
    assert_eq!(
        (status, put["outcome"].as_str()),
        (200, Some("updated")),
        "{put}"
    );
    let (_, same) = api(s, "put", path, t, Some(&body)).await;
    assert_eq!(
        same["outcome"],
        json!("unchanged"),
        "the same contract again"
    );
    body["lots"][0]["cpv"] = json!("123");
    let (status, bad) = api(s, "put", path, t, Some(&body)).await;
    assert_eq!(
        (status, bad["parameter"].as_str()),
        (400, Some("lots[0].cpv")),
        "{bad}"
    );
    body["reference"] = json!("OTHER");
    let (status, bad) = api(s, "put", path, t, Some(&body)).await;
    assert_eq!(
        (status, bad["parameter"].as_str()),
        (400, Some("reference")),
        "{bad}"
    );
    let (status, _) = api(s, "post", "/register/contracts", t, None).await;
    assert_eq!(status, 400, "no body");
    let (status, gone) = api(s, "delete", path, t, None).await;
    assert_eq!(
        (status, gone["deleted"].as_str()),
        (200, Some("dep-a/API/7"))
    );
    let (_, one) = api(s, "get", path, t, None).await;
    assert_eq!(one["deleted"], json!(true));
    let (status, _) = api(s, "get", path, Some("not-a-token"), None).await;
    assert_eq!(status, 401);
    // A revoked token stops working.
    let page = v.get("/account/tokens").await;
    let hash = page
        .body
        .split("name=\"hash\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    assert_eq!(
        v.post("/account/tokens/revoke", &[("hash", &hash)], true)
            .await
            .status,
        303
    );
    let (status, _) = api(s, "get", "/register/contracts", t, None).await;
    assert_eq!(status, 401, "revoked");
}

#[tokio::test]
async fn the_api_creates_reads_changes_and_deletes_with_a_bearer_token() {
    for s in servers() {
        api_crud(s).await;
    }
}
