//! The register in the real app, over HTTP, on a SQLite file and on PostgreSQL: login and
//! logout (cookie attributes, the same answer for an unknown user and a wrong password, the
//! rate limit's 429), CSRF on every form (none → 403, wrong → 403), every write route tried
//! through the form and the API as a buyer of another entity, as a monitor and anonymously
//! (none succeeds and the audit log does not grow), the contract form with its field errors,
//! the import page, the downloads, and the API's create/read/change/delete.

mod common;

use common::reg::{api, audit_rows, seed, Visitor, ADMIN, BUYER_A, MONITOR};
use common::{servers, Server};
use serde_json::json;

/// The form fields of a one-lot contract.
fn form_of<'a>(entity: &'a str, reference: &'a str, cpv: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("entity", entity),
        ("reference", reference),
        ("title", "Laptops"),
        ("procedure", "open"),
        ("lots[0].reference", "1"),
        ("lots[0].cpv", cpv),
        ("lots[0].awarded_value", "12.500,00"),
        ("lots[0].criteria", "ict-ts-energy"),
        ("lots[0].social_clause", "yes"),
        ("lots[0].winner_name", "Laptop NV"),
        ("lots[0].winner_sme", "no"),
        ("action", "save"),
    ]
}

const CSV_HEADER: &str = "Entity;Reference;Title;Procedure;Lot;CPV;Awarded value (EUR excl. VAT)\n";

fn cookie<'a>(a: &'a common::reg::Answer, name: &str) -> &'a str {
    a.cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {:?}", a.cookies))
}

async fn login_and_cookies(s: &Server) {
    let mut v = Visitor::new(s);
    let page = v.get("/login").await;
    assert_eq!(page.status, 200);
    let pre = cookie(&page, "spp_pre");
    assert!(
        pre.contains("HttpOnly") && pre.contains("SameSite=Strict") && !pre.contains("Secure"),
        "{pre}"
    );
    // Without and with a wrong CSRF token: 403, before the password is even looked at.
    let none = v
        .post(
            "/login",
            &[("email", ADMIN), ("password", common::reg::PASSWORD)],
            false,
        )
        .await;
    assert_eq!(none.status, 403, "{}", none.body);
    let wrong = v
        .post(
            "/login",
            &[
                ("email", ADMIN),
                ("password", common::reg::PASSWORD),
                ("csrf", "00ff"),
            ],
            false,
        )
        .await;
    assert_eq!(wrong.status, 403);
    // Unknown user and wrong password: the same 401 and the same words.
    v.get("/login").await;
    let bad_pw = v
        .post(
            "/login",
            &[("email", ADMIN), ("password", "not it at all")],
            true,
        )
        .await;
    let unknown = v
        .post(
            "/login",
            &[
                ("email", "nobody@example.be"),
                ("password", "whatever it is"),
            ],
            true,
        )
        .await;
    assert_eq!((bad_pw.status, unknown.status), (401, 401));
    let alert = |b: &str| {
        b.split("id=\"login-error\"")
            .nth(1)
            .map(|r| r.split("</div>").next().unwrap_or("").to_string())
    };
    assert_eq!(alert(&bad_pw.body), alert(&unknown.body));
    assert!(
        bad_pw.body.contains("Wrong e-mail address or password."),
        "{}",
        bad_pw.body
    );
    // The right password: a session cookie, HttpOnly, SameSite=Strict, 12 h.
    let ok = v
        .post(
            "/login",
            &[
                ("email", ADMIN),
                ("password", common::reg::PASSWORD),
                ("next", "/register"),
            ],
            true,
        )
        .await;
    assert_eq!(
        (ok.status, ok.location.as_deref()),
        (303, Some("/register"))
    );
    let session = cookie(&ok, "spp_session");
    for attr in ["HttpOnly", "SameSite=Strict", "Max-Age=43200", "Path=/"] {
        assert!(session.contains(attr), "{attr} in {session}");
    }
    assert!(!session.contains("Secure"), "plain HTTP: {session}");
    let list = v.get("/register").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains(ADMIN) && list.body.contains("administrator"),
        "the user in the header"
    );
    // A next that leaves the site is ignored.
    let mut w = Visitor::new(s);
    w.get("/login").await;
    let away = w
        .post(
            "/login",
            &[
                ("email", MONITOR),
                ("password", common::reg::PASSWORD),
                ("next", "//evil.example"),
            ],
            true,
        )
        .await;
    assert_eq!(away.location.as_deref(), Some("/register"));
    // Logout ends the session: the old cookie no longer opens the register.
    let old = v.cookies.clone();
    let out = v.post("/logout", &[], true).await;
    assert_eq!(out.status, 303);
    assert!(cookie(&out, "spp_session").contains("Max-Age=0"));
    v.cookies = old;
    let after = v.get("/register").await;
    assert_eq!(after.status, 401, "{}", after.body);
    assert!(after.body.contains("/login?next="), "a link to log in");
}

#[tokio::test]
async fn login_logout_and_cookie_attributes() {
    for s in servers() {
        seed(s);
        login_and_cookies(s).await;
    }
}

#[tokio::test]
async fn the_login_rate_limit_answers_429_and_secure_cookies_behind_tls() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("limit.sqlite").display());
    let app = spp_app::App::open(&db).await.unwrap();
    let listener = spp_web::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let s = Server::at(format!("http://{}", listener.local_addr().unwrap()), db);
    let limits = spp_app::auth::Limits {
        window: std::time::Duration::from_secs(600),
        per_user: 3,
        per_ip: 50,
    };
    let state = spp_web::WebState::with_auth(app, limits, true).unwrap();
    tokio::spawn(spp_web::serve(listener, state, std::future::pending()));
    seed(&s);
    let mut v = Visitor::new(&s);
    let page = v.get("/login").await;
    assert!(
        cookie(&page, "spp_pre").contains("; Secure"),
        "--secure-cookies"
    );
    for _ in 0..3 {
        let a = v
            .post(
                "/login",
                &[("email", BUYER_A), ("password", "a wrong guess")],
                true,
            )
            .await;
        assert_eq!(a.status, 401);
    }
    let limited = v
        .post(
            "/login",
            &[("email", BUYER_A), ("password", common::reg::PASSWORD)],
            true,
        )
        .await;
    assert_eq!(
        limited.status, 429,
        "even the right password, once the limit is reached"
    );
    assert!(
        limited.body.contains("Too many failed logins"),
        "{}",
        limited.body
    );
    assert!(limited
        .cookies
        .iter()
        .all(|c| !c.starts_with("spp_session=")));
    let other = v
        .post(
            "/login",
            &[("email", ADMIN), ("password", common::reg::PASSWORD)],
            true,
        )
        .await;
    assert_eq!(other.status, 303, "another user is not limited");
    assert!(cookie(&other, "spp_session").contains("; Secure"));
}

/// Every write through a form, as `v`, with a valid CSRF token: the statuses.
async fn form_writes(v: &mut Visitor) -> Vec<(String, u16, String)> {
    v.get("/register/new").await;
    let mut out = Vec::new();
    let create = v
        .post(
            "/register/contracts",
            &form_of("dep-b", "X-1", "30213100-6"),
            true,
        )
        .await;
    out.push(("create".into(), create.status, create.body));
    let mut edit = form_of("dep-b", "B-1", "90910000");
    edit.push(("editing", "1"));
    let update = v.post("/register/contracts", &edit, true).await;
    out.push(("update".into(), update.status, update.body));
    let delete = v
        .post("/register/contracts/dep-b/B-1/delete", &[], true)
        .await;
    out.push(("delete".into(), delete.status, delete.body));
    let csv = format!("{CSV_HEADER}dep-b;B-2;Papier;open;1;30197630;100\n");
    let csrf = v.csrf.clone();
    let import = v
        .upload("r.csv", csv.as_bytes(), "import", csrf.as_deref())
        .await;
    out.push(("import".into(), import.status, import.body));
    out
}

async fn nobody_writes_another_entity(s: &Server) {
    seed(s);
    let before = audit_rows(s);
    for who in [Some(BUYER_A), Some(MONITOR), None] {
        let mut v = Visitor::new(s);
        match who {
            Some(email) => {
                v.login(email).await;
            }
            None => {
                v.get("/login").await; // a valid pre-session CSRF token: the use case refuses
            }
        }
        let expected = if who.is_some() { 403 } else { 401 };
        for (what, status, body) in form_writes(&mut v).await {
            if what == "import" {
                // The import page answers with the refused rows; nothing is written.
                match who {
                    Some(_) => assert!(
                        body.contains("id=\"import-errors\"")
                            && body.contains("may not write contracts of dep-b"),
                        "{what} as {who:?}: {body}"
                    ),
                    None => assert_eq!(status, 401, "{what} anonymous"),
                }
            } else {
                assert_eq!(status, expected, "{what} as {who:?} on {}: {body}", s.db);
            }
        }
        let token = match who {
            Some(_) => Some(v.api_token().await),
            None => None,
        };
        let body = serde_json::to_value(common::reg::contract("dep-b", "X-2", "API")).unwrap();
        let calls = [
            ("post", "/register/contracts".to_string(), Some(&body)),
            (
                "put",
                "/register/contracts/dep-b/B-1".to_string(),
                Some(&body),
            ),
            ("delete", "/register/contracts/dep-b/B-1".to_string(), None),
        ];
        for (method, path, b) in calls {
            let b = b.map(|b| {
                let mut b = b.clone();
                if method == "put" {
                    b["reference"] = json!("B-1");
                }
                b
            });
            let (status, answer) = api(s, method, &path, token.as_deref(), b.as_ref()).await;
            assert_eq!(status, expected, "API {method} {path} as {who:?}: {answer}");
            assert_eq!(answer["status"], json!(expected));
        }
    }
    assert_eq!(
        audit_rows(s),
        before,
        "the audit log did not grow on {}",
        s.db
    );
    // The same writes by the buyer of dep-a on dep-a do succeed (the refusals above are not
    // a broken route).
    let mut v = Visitor::new(s);
    v.login(BUYER_A).await;
    let ok = v
        .post(
            "/register/contracts",
            &form_of("dep-a", "A-OWN", "30213100-6"),
            true,
        )
        .await;
    assert_eq!(
        (ok.status, ok.location.as_deref()),
        (303, Some("/register/contracts/dep-a/A-OWN")),
        "{}",
        ok.body
    );
    let token = v.api_token().await;
    let body = serde_json::to_value(common::reg::contract("dep-a", "A-API", "API")).unwrap();
    let (status, saved) = api(s, "post", "/register/contracts", Some(&token), Some(&body)).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(audit_rows(s), before + 2, "one audit row per write");
}

#[tokio::test]
async fn no_write_succeeds_for_another_entity_a_monitor_or_anonymous() {
    for s in servers() {
        nobody_writes_another_entity(s).await;
    }
}

async fn csrf_everywhere(s: &Server) {
    seed(s);
    let mut v = Visitor::new(s);
    v.login(ADMIN).await;
    let before = audit_rows(s);
    let posts: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/register/contracts", form_of("dep-a", "C-1", "30213100-6")),
        ("/register/contracts/dep-b/B-1/delete", vec![]),
        ("/account/tokens", vec![("label", "x")]),
        ("/account/tokens/revoke", vec![("hash", "sha256:00")]),
        ("/logout", vec![]),
        (
            "/login",
            vec![("email", ADMIN), ("password", common::reg::PASSWORD)],
        ),
    ];
    for (path, fields) in &posts {
        let none = v.post(path, fields, false).await;
        assert_eq!(none.status, 403, "{path} without CSRF: {}", none.body);
        let mut wrong = fields.clone();
        wrong.push(("csrf", "0123456789abcdef"));
        let bad = v.post(path, &wrong, false).await;
        assert_eq!(bad.status, 403, "{path} with a wrong CSRF token");
    }
    let csv = format!("{CSV_HEADER}dep-a;C-2;Papier;open;1;30197630;100\n");
    assert_eq!(
        v.upload("r.csv", csv.as_bytes(), "import", None)
            .await
            .status,
        403
    );
    assert_eq!(
        v.upload("r.csv", csv.as_bytes(), "import", Some("00"))
            .await
            .status,
        403
    );
    // Another session's token is wrong for this one.
    let mut other = Visitor::new(s);
    other.login(MONITOR).await;
    let foreign = other.csrf.clone().unwrap();
    let mut fields = form_of("dep-a", "C-3", "30213100-6");
    fields.push(("csrf", &foreign));
    assert_eq!(
        v.post("/register/contracts", &fields, false).await.status,
        403
    );
    assert_eq!(audit_rows(s), before, "nothing written");
    assert_eq!(v.get("/register").await.status, 200, "still logged in");
}

#[tokio::test]
async fn every_form_post_needs_the_sessions_csrf_token() {
    for s in servers() {
        csrf_everywhere(s).await;
    }
}
