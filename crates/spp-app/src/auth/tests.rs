//! Authorization in one place, tried on both backends: every write as a buyer of another
//! entity and as a monitor fails and changes nothing; the same writes by an admin and by the
//! granted buyer succeed. Logins, sessions, API tokens and the rate limit.

use spp_register::{ContractInput, EntityInput, LotInput, Password, UserInput};

use super::*;
use crate::error::ErrorKind;
use crate::test_db::TestApp;

fn entity(code: &str) -> EntityInput {
    EntityInput {
        code: code.into(),
        name: format!("Entity {code}"),
        level: "flemish".into(),
        policy_domain: "Omgeving".into(),
        kbo: None,
    }
}

fn contract(entity: &str, reference: &str) -> ContractInput {
    ContractInput {
        entity: entity.into(),
        reference: reference.into(),
        title: "Cleaning".into(),
        procedure: "open".into(),
        lots: vec![LotInput {
            cpv: "90910000".into(),
            awarded_value: Some("1000".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn user(email: &str, role: &str, grants: &[&str]) -> UserInput {
    UserInput {
        email: email.into(),
        name: String::new(),
        role: role.into(),
        grants: grants.iter().map(|g| g.to_string()).collect(),
    }
}

const PASSWORD: &str = "a long enough password";

/// Entities a and b, one contract of each, an admin, a buyer of a, a monitor.
async fn seed(app: &App) -> (Actor, Actor, Actor) {
    let cli = Actor::cli();
    for e in ["dep-a", "dep-b"] {
        app.save_entity(&cli, &entity(e)).await.unwrap();
        app.save_contract(&cli, &contract(e, "1")).await.unwrap();
    }
    let pw = Password::parse(PASSWORD).unwrap();
    for u in [
        user("admin@x.be", "admin", &[]),
        user("buyer@x.be", "buyer", &["dep-a"]),
        user("monitor@x.be", "monitor", &[]),
    ] {
        app.save_user(&cli, &u, Some(&pw)).await.unwrap();
    }
    let limiter = RateLimiter::default();
    let mut actors = Vec::new();
    for e in ["admin@x.be", "buyer@x.be", "monitor@x.be"] {
        actors.push(
            app.login(&limiter, e, PASSWORD, "127.0.0.1")
                .await
                .unwrap()
                .actor,
        );
    }
    let monitor = actors.pop().unwrap();
    let buyer = actors.pop().unwrap();
    (actors.pop().unwrap(), buyer, monitor)
}

/// Every write use case, on entity b and on the shared tables.
async fn every_write(app: &App, actor: &Actor) -> Vec<(&'static str, AppResult<()>)> {
    let mut changed = contract("dep-b", "1");
    changed.title = "Changed".into();
    vec![
        (
            "create contract",
            app.save_contract(actor, &contract("dep-b", "2"))
                .await
                .map(drop),
        ),
        (
            "update contract",
            app.save_contract(actor, &changed).await.map(drop),
        ),
        (
            "delete contract",
            app.delete_contract(actor, "dep-b/1").await,
        ),
        (
            "create entity",
            app.save_entity(actor, &entity("dep-c")).await.map(drop),
        ),
        ("update entity", {
            let mut e = entity("dep-b");
            e.name = "Renamed".into();
            app.save_entity(actor, &e).await.map(drop)
        }),
        (
            "map buyer",
            app.map_buyer(actor, "dep-b", Some("0203201340"), None)
                .await,
        ),
        (
            "create user",
            app.save_user(actor, &user("new@x.be", "admin", &[]), None)
                .await
                .map(drop),
        ),
        (
            "grant self",
            app.save_user(
                actor,
                &user("buyer@x.be", "buyer", &["dep-a", "dep-b"]),
                None,
            )
            .await
            .map(drop),
        ),
        ("delete user", app.delete_user(actor, "admin@x.be").await),
        ("delete entity", app.delete_entity(actor, "dep-b").await),
    ]
}

async fn authorization(t: &TestApp) {
    let app = &t.app;
    let (admin, buyer, monitor) = seed(app).await;
    let before = app.audit_log(&admin).await.unwrap().len();
    for actor in [&buyer, &monitor, &Actor::Anonymous] {
        for (what, result) in every_write(app, actor).await {
            let err = result.expect_err(what);
            let kind = err.kind();
            assert!(
                matches!(kind, ErrorKind::Forbidden | ErrorKind::Unauthenticated),
                "{what} as {actor:?}: {err}"
            );
        }
    }
    assert_eq!(
        app.audit_log(&admin).await.unwrap().len(),
        before,
        "nothing written"
    );
    let b = app.contract(&monitor, "dep-b/1").await.unwrap();
    assert_eq!((b.version, b.contract.title.as_str()), (1, "Cleaning"));
    // The buyer writes its own entity; reading is open to every role.
    app.save_contract(&buyer, &contract("dep-a", "2"))
        .await
        .unwrap();
    app.delete_contract(&buyer, "dep-a/2").await.unwrap();
    assert_eq!(
        app.contracts(&buyer, &Default::default())
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(app
        .contracts(&Actor::Anonymous, &Default::default())
        .await
        .is_err());
    assert!(
        app.audit_log(&buyer).await.is_err(),
        "the log names users: not for buyers"
    );
    // The admin may do all of it.
    for (what, result) in every_write(app, &admin).await {
        result.unwrap_or_else(|e| panic!("{what} as admin: {e}"));
    }
    let history = app.contract_history(&monitor, "dep-b/1").await.unwrap();
    let actions: Vec<_> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["create", "update", "delete"]);
    assert_eq!(history[1].actor, "admin@x.be");
}

async fn logins(t: &TestApp) {
    let app = &t.app;
    let cli = Actor::cli();
    let pw = Password::parse(PASSWORD).unwrap();
    app.save_user(&cli, &user("u@x.be", "monitor", &[]), Some(&pw))
        .await
        .unwrap();
    let limits = Limits {
        window: std::time::Duration::from_secs(600),
        per_user: 3,
        per_ip: 100,
    };
    let limiter = RateLimiter::new(limits);
    let wrong = app
        .login(&limiter, "u@x.be", "not the password", "10.0.0.1")
        .await;
    assert_eq!(wrong.unwrap_err().kind(), ErrorKind::Unauthenticated);
    let unknown = app
        .login(&limiter, "nobody@x.be", PASSWORD, "10.0.0.1")
        .await
        .unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "wrong e-mail or password",
        "same answer as a wrong password"
    );
    let s = app
        .login(&limiter, " U@x.be ", PASSWORD, "10.0.0.1")
        .await
        .unwrap();
    assert!(
        matches!(app.session_actor(&s.token).await.unwrap(), Actor::User { ref email, .. } if email == "u@x.be")
    );
    let token = app.create_api_token(&s.actor, "ci").await.unwrap();
    assert!(matches!(
        app.token_actor(&token).await.unwrap(),
        Actor::User {
            role: Role::Monitor,
            ..
        }
    ));
    assert!(app.token_actor("forged").await.is_err());
    let listed = app.api_tokens(&s.actor).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].label.as_str(), listed[0].revoked), ("ci", false));
    assert!(!listed[0].hash.contains(&token), "listed by hash only");
    let other = app.create_api_token(&s.actor, "other").await.unwrap();
    assert!(
        app.revoke_api_token(&Actor::Anonymous, &listed[0].hash)
            .await
            .is_err(),
        "anonymous revokes nothing"
    );
    app.save_user(&cli, &user("other@x.be", "admin", &[]), Some(&pw))
        .await
        .unwrap();
    let other_user = app
        .login(&limiter, "other@x.be", PASSWORD, "10.0.0.9")
        .await
        .unwrap();
    let theirs = app
        .revoke_api_token(&other_user.actor, &listed[0].hash)
        .await;
    assert_eq!(
        theirs.unwrap_err().kind(),
        ErrorKind::NotFound,
        "only the owner revokes a token, not even an admin"
    );
    assert!(app.api_tokens(&other_user.actor).await.unwrap().is_empty());
    app.revoke_api_token(&s.actor, &token_hash(&other))
        .await
        .unwrap();
    assert!(app.token_actor(&other).await.is_err(), "revoked");
    assert!(
        app.revoke_api_token(&s.actor, &token_hash(&other))
            .await
            .is_err(),
        "a revoked token is not revoked twice"
    );
    assert!(app.token_actor(&token).await.is_ok(), "the other one lives");
    app.logout(&s.token).await.unwrap();
    assert!(app.session_actor(&s.token).await.is_err());
    for _ in 0..3 {
        let _ = app.login(&limiter, "u@x.be", "guess", "10.0.0.2").await;
    }
    let limited = app
        .login(&limiter, "u@x.be", PASSWORD, "10.0.0.3")
        .await
        .unwrap_err();
    assert_eq!(limited.kind(), ErrorKind::TooManyRequests, "{limited}");
    app.delete_user(&cli, "u@x.be").await.unwrap();
    assert!(
        app.token_actor(&token).await.is_err(),
        "tokens end with their user"
    );
}

#[tokio::test]
async fn on_sqlite() {
    let t = TestApp::sqlite().await;
    authorization(&t).await;
    logins(&t).await;
    t.close().await;
}

#[tokio::test]
async fn on_postgres() {
    let Some(t) = TestApp::postgres("auth").await else {
        return;
    };
    authorization(&t).await;
    logins(&t).await;
    t.close().await;
}
