//! Hardening, as an attacker would try it: forged requests of every content type on every
//! route, floods of logins, raced and spread password guesses, tokens that outlive a password,
//! redirects to other sites, the headers every answer carries, and what one organisation may
//! learn of another's reports.

use husk_domain::reporting::ReportKind;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Method, StatusCode};
use std::net::IpAddr;

use crate::common::*;

/// A value for each `{parameter}` of a route, so that every route is really reached.
async fn sample_path(app: &App, pattern: &str) -> String {
    let draft = app
        .store
        .start_report("ost-eks-hf", ReportKind::HalfYear, 2026)
        .await
        .unwrap_or(1);
    let mut out = String::new();
    for (i, part) in pattern.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let value = match part {
            "{id}" if pattern.starts_with("/rapporter") || pattern.contains("/reports/") => {
                draft.to_string()
            }
            "{id}" if pattern.contains("rosjekter") || pattern.contains("/projects/") => {
                "ost-up-asker".to_string()
            }
            "{id}" | "{grant_id}" | "{n}" => "1".to_string(),
            "{username}" => "test-ost".to_string(),
            "{action}" => "deaktiver".to_string(),
            "{sha}" => "0".repeat(64),
            p => p.to_string(),
        };
        out.push_str(&value);
    }
    out
}

/// A request body of each kind a browser or a script can send across sites, none with the
/// session's CSRF token (or with it where a check must not look).
fn forged_bodies() -> Vec<(&'static str, Option<String>, Vec<u8>)> {
    let b = "forged-boundary";
    vec![
        (
            "urlencoded without token",
            Some("application/x-www-form-urlencoded".into()),
            b"username=x&role=admin&password=abcdefghijkl".to_vec(),
        ),
        (
            "multipart without token",
            Some(format!("multipart/form-data; boundary={b}")),
            format!("--{b}\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n--{b}--\r\n").into_bytes(),
        ),
        (
            "multipart with a wrong token",
            Some(format!("multipart/form-data; boundary={b}")),
            format!("--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n--{b}--\r\n", "0".repeat(64)).into_bytes(),
        ),
        (
            "text/plain form",
            Some("text/plain".into()),
            b"_csrf=x&role=admin".to_vec(),
        ),
        (
            "JSON",
            Some("application/json".into()),
            br#"{"role":"admin"}"#.to_vec(),
        ),
        ("no body", None, Vec::new()),
    ]
}

#[tokio::test]
async fn every_unsafe_request_without_the_token_is_refused_on_every_route() {
    let app = start().await;
    // The admin's session: a valid CSRF cookie is sent, but no token in the request.
    let admin = app.login("test-admin").await;
    let before = app
        .store
        .audit_log(&Default::default())
        .await
        .unwrap()
        .len();
    let users_before = app.store.users().await.unwrap();
    let mut wrong = Vec::new();
    let paths = husk_web::route_paths();
    assert!(paths.len() > 40, "the app's routes: {paths:?}");
    for pattern in &paths {
        let path = sample_path(&app, pattern).await;
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            for (what, content_type, body) in forged_bodies() {
                let mut req = admin.raw.request(method.clone(), app.url(&path));
                if let Some(ct) = &content_type {
                    req = req.header(CONTENT_TYPE, ct.as_str());
                }
                let r = req.body(body).send().await.unwrap();
                if r.status() != StatusCode::FORBIDDEN {
                    wrong.push(format!("{method} {path} ({what}): {}", r.status()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "not refused:\n{}", wrong.join("\n"));
    // The refusals changed nothing at all.
    let after = app
        .store
        .audit_log(&Default::default())
        .await
        .unwrap()
        .len();
    assert_eq!(before, after, "the audit log grew");
    let users_after = app.store.users().await.unwrap();
    assert_eq!(users_before.len(), users_after.len());
    assert!(users_after.iter().all(|u| !u.disabled));
}

#[tokio::test]
async fn the_token_in_a_later_multipart_field_does_not_count() {
    let app = start().await;
    let admin = app.login("test-admin").await;
    let b = "late-boundary";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nprojects\r\n--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n--{b}--\r\n",
        admin.csrf
    );
    let r = admin
        .raw
        .post(app.url("/import"))
        .header(CONTENT_TYPE, format!("multipart/form-data; boundary={b}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The form as the page sends it (token first) gets through to the import's own checks.
    let r = admin
        .post_parts("/import", &[("kind", "prosjekter")], &[])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn requests_the_browser_marks_as_from_another_site_are_refused_even_with_the_token() {
    let app = start().await;
    let admin = app.login("test-admin").await;
    let form = [
        ("_csrf", admin.csrf.as_str()),
        ("name", "Fra en annen side"),
    ];
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let r = admin
            .raw
            .post(app.url("/min-side/nokler"))
            .header(header, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{header}: {value}");
    }
    // The same form from the site itself goes through.
    let own_origin = app.base.clone();
    let r = admin
        .raw
        .post(app.url("/min-side/nokler"))
        .header("origin", own_origin)
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    // Made, and the page it redirects to shows it once.
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let user = app.store.user_by_name("test-admin").await.unwrap().unwrap();
    let tokens = app.store.api_tokens(user.id).await.unwrap();
    assert_eq!(tokens.len(), 1, "only the same-site request made a token");
}

#[tokio::test]
async fn a_login_without_the_csrf_cookie_is_refused_and_a_login_renews_the_cookie() {
    let app = start().await;
    // A cross-site multipart login (the browser has no Husk cookie yet): refused.
    let b = "login-boundary";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\ntest-ost\r\n--{b}\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{PASSWORD}\r\n--{b}--\r\n"
    );
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url("/logg-inn"))
        .header(CONTENT_TYPE, format!("multipart/form-data; boundary={b}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(set_cookie(&r, "husk_session").is_none());
    // A real login sets a new CSRF token.
    let anon = app.public().await;
    let r = anon
        .post_form(
            "/logg-inn",
            &[("username", "test-ost"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let renewed = set_cookie(&r, "husk_csrf").expect("a new CSRF cookie at login");
    assert_eq!(renewed.len(), 64);
    assert_ne!(renewed, anon.csrf);
}

#[tokio::test]
async fn a_flood_of_logins_is_bounded_and_told_to_retry() {
    let app = start().await;
    let anon = app.public().await;
    let mut tasks = Vec::new();
    for i in 0..256 {
        let anon = anon.clone();
        tasks.push(tokio::spawn(async move {
            let name = format!("ukjent-{i}");
            anon.post_form(
                "/logg-inn",
                &[("username", &name), ("password", "gjetning")],
            )
            .await
        }));
    }
    let mut busy = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::TOO_MANY_REQUESTS => {
                busy += 1;
                let retry = r
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .expect("429 says when to retry");
                assert!(retry.to_str().unwrap().parse::<u64>().unwrap() >= 1);
                assert!(r.text().await.unwrap().contains("Vent noen sekunder"));
            }
            other => panic!("unexpected answer {other}"),
        }
    }
    assert!(busy > 0, "some of 256 parallel logins must be told to wait");
    // The server's own accounting: never more password checks at once than its limit, so
    // Argon2's memory (19 MiB each) stays bounded.
    let peak = app.store.password_checks_peak();
    let limit = app.store.password_checks_limit();
    assert!(peak >= 1 && peak <= limit, "peak {peak}, limit {limit}");
    assert!(limit <= 4);
}

#[tokio::test]
async fn parallel_guesses_cannot_race_past_the_lock_out() {
    let app = start().await;
    let anon = app.public().await;
    let mut tasks = Vec::new();
    for _ in 0..59 {
        let anon = anon.clone();
        tasks.push(tokio::spawn(async move {
            anon.post_form(
                "/logg-inn",
                &[("username", "test-ost"), ("password", "gjetning")],
            )
            .await
            .status()
        }));
    }
    let mut checked = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected answer {other}"),
        }
    }
    assert!(
        checked <= 5,
        "{checked} guesses were checked, at most 5 may be"
    );
    // The right password after the guesses does not get in from this address.
    let r = anon
        .post_form(
            "/logg-inn",
            &[("username", "test-ost"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn login_from(app: &App, address: &str, username: &str, password: &str) -> StatusCode {
    let anon = app.public().await;
    anon.raw
        .post(app.url("/logg-inn"))
        .header("x-forwarded-for", address)
        .form(&[
            ("_csrf", anon.csrf.as_str()),
            ("username", username),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_a_trusted_proxy() {
    // No trusted proxy: X-Forwarded-For is ignored, so rotating it spreads nothing.
    let app = start().await;
    for i in 0..5 {
        let s = login_from(&app, &format!("10.0.0.{i}"), "test-ost", "feil").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    let s = login_from(&app, "10.0.0.99", "test-ost", PASSWORD).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn five_guesses_from_elsewhere_do_not_lock_the_owner_out() {
    let localhost: IpAddr = "127.0.0.1".parse().unwrap();
    let app = start_with(husk_web::auth::WebConfig {
        trusted_proxies: vec![localhost],
        ..Default::default()
    })
    .await;
    // The owner has logged in from their office before.
    assert_eq!(
        login_from(&app, "192.0.2.10", "test-ost", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
    // Someone elsewhere guesses five times: locked there...
    for _ in 0..5 {
        assert_eq!(
            login_from(&app, "203.0.113.7", "test-ost", "feil").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login_from(&app, "203.0.113.7", "test-ost", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...but the owner still logs in from their own address, and from a new one.
    assert_eq!(
        login_from(&app, "192.0.2.10", "test-ost", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        login_from(&app, "198.51.100.3", "test-ost", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
    // A guess spread over many addresses: after 50 failures the username is closed to
    // addresses it was never used from, and stays open where the owner logged in before.
    for i in 0..50 {
        login_from(&app, &format!("203.0.114.{i}"), "test-ost", "feil").await;
    }
    assert_eq!(
        login_from(&app, "203.0.115.1", "test-ost", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login_from(&app, "192.0.2.10", "test-ost", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

async fn new_token(user: &App) -> String {
    let r = user
        .post_form("/min-side/nokler", &[("name", "Uttrekk")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    user.get("/min-side")
        .await
        .1
        .split("data-secret=\"token\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the new token is shown")
        .to_string()
}

async fn token_works(app: &App, token: &str) -> bool {
    reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        == StatusCode::OK
}

#[tokio::test]
async fn api_tokens_end_with_a_password_reset_and_a_password_change() {
    let app = start().await;
    let asker = app.login("test-asker").await;
    let token = new_token(&asker).await;
    assert!(token_works(&app, &token).await);
    // An administrator gives the user a new password: the token ends with the sessions.
    let r = app
        .post_form(
            "/admin/brukere/test-asker/nytt-passord",
            &[("bekreft", "ja")],
        )
        .await;
    assert!(r.status().is_success() || r.status().is_redirection());
    assert!(!token_works(&app, &token).await);

    let leser = app.login("test-leser").await;
    let token = new_token(&leser).await;
    let new_password = "et-helt-nytt-passord";
    let r = leser
        .post_form(
            "/min-side/passord",
            &[
                ("current", PASSWORD),
                ("new", new_password),
                ("repeat", new_password),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(!token_works(&app, &token).await);
}

#[tokio::test]
async fn after_login_the_browser_goes_only_to_a_page_on_this_site() {
    let app = start().await;
    for (next, expected) in [
        ("/rapporter", "/rapporter"),
        ("/\t/evil.example/", "/"),
        ("/\n/evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("/rapporter\r\nSet-Cookie: x=1", "/"),
        ("https://evil.example/", "/"),
    ] {
        let anon = app.public().await;
        let r = anon
            .post_form(
                "/logg-inn",
                &[
                    ("username", "test-ost"),
                    ("password", PASSWORD),
                    ("neste", next),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "neste={next:?}");
        assert_eq!(r.headers()[LOCATION], expected, "neste={next:?}");
    }
    // The login page with such a `neste`, already logged in: no 500, no other site.
    let ost = app.login("test-ost").await;
    for query in [
        "neste=%2F%09%2Fevil.example%2F",
        "neste=%2Fa%0D%0ASet-Cookie:x",
    ] {
        let (status, location) = ost.status_of(&format!("/logg-inn?{query}")).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{query}");
        assert_eq!(location, "/", "{query}");
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_no_cookie_is_cached() {
    let app = start().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // A first visit: the CSRF cookie is set, so the page must not be stored by any cache.
    let r = client.get(app.url("/")).send().await.unwrap();
    let h = r.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("referrer-policy"));
    assert!(!h.contains_key("strict-transport-security"));
    assert!(h.contains_key("set-cookie"));
    let cache = h["cache-control"].to_str().unwrap();
    assert!(
        cache.contains("no-store") && cache.contains("private"),
        "{cache}"
    );
    // Static files are cacheable and set no cookie.
    for path in ["/static/husk.css", "/static/husk.js", "/healthz"] {
        let r = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(!r.headers().contains_key("set-cookie"), "{path}");
        assert!(
            r.headers().contains_key("content-security-policy"),
            "{path}"
        );
    }
    // Served over HTTPS: HSTS.
    let https = start_with(husk_web::auth::WebConfig {
        https: true,
        ..Default::default()
    })
    .await;
    let r = client.get(https.url("/")).send().await.unwrap();
    assert!(r.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("max-age="));
}

#[tokio::test]
async fn advisers_cannot_move_entries_to_other_offices_or_under_their_programmes() {
    let app = start().await;
    let ost = app.login("test-ost").await;
    let detail = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project("ost-eks-hf")
        .await
        .unwrap()
        .unwrap();
    let mut input = detail.project.to_input();
    // To another office.
    input.region = "vest".into();
    let r = ost
        .post_form("/prosjekter/ost-eks-hf/rediger", &project_form(&input))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("annet kontor"));
    // Under region vest's programme.
    let mut input = detail.project.to_input();
    input.parent = "vest-eks-program".into();
    let vest_programme = husk_domain::ProjectInput {
        id: "vest-eks-program".into(),
        kind: "program".into(),
        title: "Vests program".into(),
        region: "vest".into(),
        start_year: "2025".into(),
        ..Default::default()
    };
    app.store.create_project(&vest_programme).await.unwrap();
    let r = ost
        .post_form("/prosjekter/ost-eks-hf/rediger", &project_form(&input))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("annet kontor"));
    let after = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project("ost-eks-hf")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.project.region, "ost");
    assert_eq!(after.project.parent, detail.project.parent);
    // An office-limited import may not do it either.
    let vest = app.login("test-vest").await;
    let csv =
        "id,kind,title,region,start_year,parent\nvest-ny,prosjekt,Nytt,vest,2025,ost-eks-program\n";
    let (status, body) = vest
        .post_multipart(
            "/import",
            &[("kind", "prosjekter")],
            ("p.csv", csv.as_bytes()),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("annet kontor"), "{body}");
}

fn project_form(p: &husk_domain::ProjectInput) -> Vec<(&str, &str)> {
    let mut f = vec![
        ("kind", p.kind.as_str()),
        ("title", p.title.as_str()),
        ("description", p.description.as_str()),
        ("region", p.region.as_str()),
        ("recipient", p.recipient.as_str()),
        ("recipient_type", p.recipient_type.as_str()),
        ("orgnr", p.orgnr.as_str()),
        ("kommunenummer", p.kommunenummer.as_str()),
        ("start_year", p.start_year.as_str()),
        ("end_year", p.end_year.as_str()),
        ("status", p.status.as_str()),
        ("parent", p.parent.as_str()),
    ];
    for t in &p.themes {
        f.push(("themes", t));
    }
    for t in &p.target_groups {
        f.push(("target_groups", t));
    }
    f
}

#[tokio::test]
async fn outsiders_read_the_approved_report_without_its_review() {
    let app = start().await;
    let published = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .entry("ost-eks-hf")
        .await
        .unwrap()
        .unwrap()
        .reports()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.state == husk_domain::reporting::ReportState::Published)
        .unwrap();
    let full = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .report(published.id)
        .await
        .unwrap()
        .unwrap();
    let reviewer = full
        .versions
        .iter()
        .find_map(|v| v.reviewed_by.clone())
        .expect("the demo report was reviewed");
    let public = app.public().await;
    for viewer in [&public, &app.login("test-bergen").await] {
        let (status, json) = viewer
            .get_json(&format!("/api/v1/reports/{}", published.id))
            .await;
        assert_eq!(status, StatusCode::OK);
        let text = json.to_string();
        assert!(!text.contains(&reviewer), "the reviewer is named: {text}");
        let versions = json["versions"].as_array().unwrap();
        assert_eq!(versions.len(), 1, "only the approved version");
        assert!(versions[0]["review_comment"].as_str().unwrap().is_empty());
        assert!(versions[0]["field_comments"]
            .as_object()
            .unwrap()
            .is_empty());
        let (_, page) = viewer.get(&format!("/rapporter/{}", published.id)).await;
        assert!(!page.contains(&reviewer));
    }
    // Asker (its own report) and staff see the history.
    let (_, json) = app
        .login("test-asker")
        .await
        .get_json(&format!("/api/v1/reports/{}", published.id))
        .await;
    assert!(json["versions"].as_array().unwrap().len() > 1);
}

#[tokio::test]
async fn the_annual_summary_holds_only_what_the_viewer_may_read() {
    let app = start().await;
    // A report on an entry under the programme, not yet sent in.
    app.store
        .start_report("ost-eks-hf", ReportKind::Annual, 2025)
        .await
        .unwrap();
    let pending: Vec<_> = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .entry("ost-eks-hf")
        .await
        .unwrap()
        .unwrap()
        .reports()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.year == 2025 && !r.state.is_approved())
        .collect();
    assert!(
        !pending.is_empty(),
        "the demo has a report under way in 2025"
    );
    let summary = "/prosjekter/ost-eks-program/arssammendrag?ar=2025";
    let (_, own) = app.login("test-asker").await.get(summary).await;
    let (_, other) = app.login("test-bergen").await.get(summary).await;
    for r in &pending {
        let href = format!("/rapporter/{}\"", r.id);
        assert!(own.contains(&href), "Asker sees its own report under way");
        assert!(
            !other.contains(&href),
            "Bergen must not see Asker's report under way"
        );
    }
    // The workbook follows the same rule.
    let bergen = app.login("test-bergen").await;
    let r = bergen
        .client
        .get(app.url("/prosjekter/ost-eks-program/arssammendrag.xlsx?ar=2025"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let text = xlsx_text(&bytes);
    for r in &pending {
        assert!(!text.contains(&r.title()), "{}", r.title());
    }
}

/// Every string in a workbook (its shared strings), for checking what it holds.
fn xlsx_text(bytes: &[u8]) -> String {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = String::new();
    for name in wb.sheet_names().to_vec() {
        if let Ok(range) = wb.worksheet_range(&name) {
            for row in range.rows() {
                for cell in row {
                    out.push_str(&cell.to_string());
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn nothing_is_kept_of_a_forged_report_upload() {
    let app = start().await;
    let asker = app.login("test-asker").await;
    let draft = app
        .store
        .start_report("ost-eks-hf", ReportKind::HalfYear, 2026)
        .await
        .unwrap();
    let uploads = app.store.files_dir().with_file_name("uploads");
    let count = |dir: &std::path::Path| std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    let (kept, uploaded) = (count(&app.store.files_dir()), count(&uploads));
    let mut forged = asker.clone();
    forged.csrf = String::new();
    let r = forged
        .post_parts(
            &format!("/rapporter/{draft}/rediger"),
            &[("action", "lagre")],
            &[("laert.new", "vedlegg.txt", b"fra en annen side")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(count(&app.store.files_dir()), kept);
    assert_eq!(count(&uploads), uploaded);
}

/// Follows every link on every page a user can reach from the start page (up to `limit`
/// pages) and returns the links that do not answer 200.
async fn broken_links(user: &App, limit: usize) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = std::collections::VecDeque::from(["/".to_string()]);
    let mut broken = Vec::new();
    let mut visited = 0;
    while let Some(path) = queue.pop_front() {
        if visited == limit {
            break;
        }
        visited += 1;
        let r = user.raw.get(user.url(&path)).send().await.unwrap();
        let status = r.status();
        if status != StatusCode::OK {
            broken.push(format!("{path}: {status}"));
            continue;
        }
        let is_html = r
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if !is_html {
            continue;
        }
        let html = r.text().await.unwrap();
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            let href = href.replace("&amp;", "&");
            let href = href.split('#').next().unwrap_or("").to_string();
            if !href.starts_with('/') || href.starts_with("//") || href.starts_with("/static/") {
                continue;
            }
            if seen.insert(href.clone()) {
                queue.push_back(href);
            }
        }
    }
    broken
}

#[tokio::test]
async fn every_link_a_user_is_shown_can_be_followed() {
    let app = start().await;
    // A draft of Asker's that was never sent in: listed, but a link only for its authors.
    let draft = app
        .store
        .start_report("ost-eks-hf", ReportKind::HalfYear, 2026)
        .await
        .unwrap();
    let (_, list) = app.login("test-vest").await.get("/rapporter").await;
    assert!(!list.contains(&format!("/rapporter/{draft}\"")));
    let (_, list) = app.login("test-ost").await.get("/rapporter").await;
    assert!(list.contains(&format!("/rapporter/{draft}\"")));
    for user in ["test-bergen", "test-asker", "test-vest", "test-leser"] {
        let session = app.login(user).await;
        let broken = broken_links(&session, 400).await;
        assert!(
            broken.is_empty(),
            "{user} is shown links it cannot follow:\n{}",
            broken.join("\n")
        );
    }
    // And it does reach the others' work: the matrix, another municipality's entry and its
    // approved report.
    let bergen = app.login("test-bergen").await;
    assert_eq!(bergen.get("/kunnskapsmatrise").await.0, StatusCode::OK);
    let (status, page) = bergen.get("/prosjekter/ost-eks-program").await;
    assert_eq!(status, StatusCode::OK);
    let approved = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .entry("ost-eks-program")
        .await
        .unwrap()
        .unwrap()
        .reports()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.state.is_approved())
        .unwrap();
    assert!(page.contains(&format!("/rapporter/{}", approved.id)));
}
