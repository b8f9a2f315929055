//! The register's test data and an HTTP client that logs in like a browser: two entities
//! (dep-a, dep-b), a contract of dep-b, an admin, a buyer of dep-a and a monitor, seeded once
//! per server through the use cases as the command line; cookies and CSRF tokens handled by
//! hand so the tests see every header.

use std::collections::HashSet;
use std::sync::Mutex;

use spp_app::auth::Actor;
use spp_app::App;
use spp_register::{ContractInput, EntityInput, LotInput, Password, UserInput};

use super::Server;

pub const PASSWORD: &str = "correct horse battery staple";
pub const ADMIN: &str = "admin@example.be";
pub const BUYER_A: &str = "buyer-a@example.be";
pub const MONITOR: &str = "monitor@example.be";

pub fn contract(entity: &str, reference: &str, title: &str) -> ContractInput {
    ContractInput {
        entity: entity.into(),
        reference: reference.into(),
        title: title.into(),
        procedure: "open".into(),
        lots: vec![LotInput {
            cpv: "90910000".into(),
            awarded_value: Some("1000".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// Runs `f` with an app over the server's database, on a runtime of its own.
pub fn with_app<T: Send + 'static>(
    s: &Server,
    f: impl FnOnce(App) -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>
        + Send
        + 'static,
) -> T {
    let db = s.db.clone();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let app = App::open(&db).await.expect("open");
                let out = f(app.clone()).await;
                app.close().await;
                out
            })
    })
    .join()
    .expect("the app thread")
}

/// Seeds the server's database once.
pub fn seed(s: &Server) {
    static DONE: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    let mut done = DONE.lock().unwrap_or_else(|p| p.into_inner());
    if !done.get_or_insert_with(HashSet::new).insert(s.db.clone()) {
        return;
    }
    with_app(s, |app| {
        Box::pin(async move {
            let cli = Actor::cli();
            for code in ["dep-a", "dep-b"] {
                let e = EntityInput {
                    code: code.into(),
                    name: format!("Departement {code}"),
                    level: "flemish".into(),
                    policy_domain: "Omgeving".into(),
                    kbo: None,
                };
                app.save_entity(&cli, &e).await.unwrap();
            }
            app.save_contract(&cli, &contract("dep-b", "B-1", "Schoonmaak"))
                .await
                .unwrap();
            let pw = Password::parse(PASSWORD).unwrap();
            for (email, role, grants) in [
                (ADMIN, "admin", vec![]),
                (BUYER_A, "buyer", vec!["dep-a".to_string()]),
                (MONITOR, "monitor", vec![]),
            ] {
                let u = UserInput {
                    email: email.into(),
                    name: String::new(),
                    role: role.into(),
                    grants,
                };
                app.save_user(&cli, &u, Some(&pw)).await.unwrap();
            }
        })
    });
}

/// How many audit rows the register holds.
pub fn audit_rows(s: &Server) -> usize {
    audit_rows_of(s, "")
}

/// How many audit rows name a subject starting with `prefix` (`dep-a/F-`), for tests that
/// share a server with others writing at the same time.
pub fn audit_rows_of(s: &Server, prefix: &str) -> usize {
    let prefix = prefix.to_string();
    with_app(s, move |app| {
        Box::pin(async move {
            let log = app.audit_log(&Actor::cli()).await.unwrap();
            log.iter()
                .filter(|e| e.subject.starts_with(&prefix))
                .count()
        })
    })
}

/// A response: status, the `Set-Cookie` headers, `Location`, the body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub cookies: Vec<String>,
    pub location: Option<String>,
    pub body: String,
}

/// A browser without JavaScript: keeps the session and pre-session cookies, reads the CSRF
/// token from the last page.
pub struct Visitor {
    pub base: String,
    pub client: reqwest::Client,
    pub cookies: Vec<(String, String)>,
    pub csrf: Option<String>,
}

impl Visitor {
    pub fn new(s: &Server) -> Visitor {
        Visitor {
            base: s.base.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
            csrf: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn answer(&mut self, resp: reqwest::Response) -> Answer {
        let status = resp.status().as_u16();
        let cookies: Vec<String> = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect();
        for c in &cookies {
            let (pair, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !attrs.contains("Max-Age=0") {
                self.cookies.push((k.to_string(), v.to_string()));
            }
        }
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp.text().await.unwrap();
        if let Some(t) = body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        {
            self.csrf = Some(t.to_string());
        }
        Answer {
            status,
            cookies,
            location,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        let req = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header());
        let resp = req.header("accept-language", "en").send().await.unwrap();
        self.answer(resp).await
    }

    /// POST a form; `csrf` true adds this visitor's token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)], csrf: bool) -> Answer {
        let mut form: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if csrf {
            form.push(("csrf".into(), self.csrf.clone().unwrap_or_default()));
        }
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", spp_web::i18n::encode(k), spp_web::i18n::encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept-language", "en")
            .body(body)
            .send()
            .await
            .unwrap();
        self.answer(resp).await
    }

    /// POST a file to the import page.
    pub async fn upload(
        &mut self,
        name: &str,
        bytes: &[u8],
        action: &str,
        csrf: Option<&str>,
    ) -> Answer {
        let mut form = reqwest::multipart::Form::new().text("action", action.to_string());
        if let Some(t) = csrf {
            form = form.text("csrf", t.to_string());
        }
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
        let resp = self
            .client
            .post(format!("{}/register/import", self.base))
            .header("cookie", self.cookie_header())
            .header("accept-language", "en")
            .multipart(form.part("file", part))
            .send()
            .await
            .unwrap();
        self.answer(resp).await
    }

    /// POST text fields as multipart (with this visitor's CSRF token).
    pub async fn post_multipart(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let csrf = self.csrf.clone().unwrap_or_default();
        let mut form = reqwest::multipart::Form::new().text("csrf", csrf);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("accept-language", "en")
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.answer(resp).await
    }

    /// Logs in through the form; panics unless it worked.
    pub async fn login(&mut self, email: &str) -> Answer {
        self.get("/login").await;
        let a = self
            .post("/login", &[("email", email), ("password", PASSWORD)], true)
            .await;
        assert_eq!(a.status, 303, "login of {email}: {}", a.body);
        self.get("/register").await;
        a
    }

    /// A logged-in user's new API token, made through the tokens page.
    pub async fn api_token(&mut self) -> String {
        self.get("/account/tokens").await;
        let a = self
            .post("/account/tokens", &[("label", "tests")], true)
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        a.body
            .split("id=\"new-token\">")
            .nth(1)
            .and_then(|r| r.split('<').next())
            .expect("the new token on the page")
            .to_string()
    }
}

/// A JSON API call with an optional bearer token: status and body.
pub async fn api(
    s: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> (u16, serde_json::Value) {
    let client = reqwest::Client::new();
    let url = s.url(&format!("/api/v1{path}"));
    let mut req = match method {
        "post" => client.post(url),
        "put" => client.put(url),
        "delete" => client.delete(url),
        _ => client.get(url),
    };
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}
