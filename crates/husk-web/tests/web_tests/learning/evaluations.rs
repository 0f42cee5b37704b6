//! The learning area's evaluations over HTTP: an adviser makes an arena's form and sees its
//! link and QR code; participants answer without logging in, once per device and per personal
//! link, a double click stored once, bad answers refused per question with what was typed
//! kept; the form says when it opens and that it has closed; results and the API hide
//! everything below five answers; nobody but staff reads them.

use crate::common::*;
use husk_domain::learning::evaluations::iso_local;
use husk_domain::learning::ArenaKind;
use husk_store::learning::evaluations::oslo_now;
use reqwest::StatusCode;

/// The value of the first `attr="…"` after `marker` in `html`.
fn attr_after(html: &str, marker: &str, attr: &str) -> String {
    let from = html.find(marker).unwrap_or_else(|| {
        let main = html.find("<main").unwrap_or(0);
        panic!(
            "no {marker} in page: {}",
            &html[main..html.len().min(main + 1500)]
        )
    });
    let rest = &html[from..];
    let start = rest.find(&format!("{attr}=\"")).expect("attribute") + attr.len() + 2;
    rest[start..start + rest[start..].find('"').unwrap()].to_string()
}

/// A participant's browser: the CSRF cookie and, once the form is opened, its device cookie.
struct Participant {
    app: App,
    cookies: String,
}

impl Participant {
    async fn new(app: &App) -> Participant {
        let public = app.public().await;
        Participant {
            cookies: format!("husk_csrf={}", public.csrf),
            app: public,
        }
    }

    async fn open(&mut self, path: &str) -> (StatusCode, String) {
        let r = self
            .app
            .raw
            .get(self.app.url(path))
            .header("cookie", &self.cookies)
            .send()
            .await
            .unwrap();
        if let Some(d) = set_cookie(&r, "husk_evaluering") {
            self.cookies = format!("husk_csrf={}; husk_evaluering={d}", self.app.csrf);
        }
        (r.status(), r.text().await.unwrap())
    }

    async fn send(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut fields = vec![("_csrf", self.app.csrf.as_str())];
        fields.extend_from_slice(form);
        let r = self
            .app
            .raw
            .post(self.app.url(path))
            .header("cookie", &self.cookies)
            .form(&fields)
            .send()
            .await
            .unwrap();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default();
        (r.status(), location, r.text().await.unwrap())
    }
}

fn answers<'a>(key: &'a str, n: &'a str, best: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("skjema", key),
        ("nytte", n),
        ("innhold", n),
        ("erfaringsdeling", n),
        ("gjennomforing", n),
        ("bruk", n),
        ("best", best),
    ]
}

/// Opens the form, answers it, and gives the POST's status and location.
async fn answer(app: &App, path: &str, n: &str) -> (StatusCode, String) {
    let mut p = Participant::new(app).await;
    let (_, html) = p.open(path).await;
    let key = attr_after(&html, "name=\"skjema\"", "value");
    let (s, l, _) = p.send(path, &answers(&key, n, "")).await;
    (s, l)
}

#[tokio::test]
async fn participants_answer_without_login_and_staff_see_results_from_five_answers() {
    let admin = start().await;
    let arena = admin
        .store
        .save_arena(
            None,
            &husk_domain::learning::arenas::ArenaInput {
                tittel: "Programsamling våren".into(),
                kind: ArenaKind::ProgrammeGathering.code().into(),
                fra: "10.03.2026".into(),
                kontor: "ost".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let setup = format!("/laeringsarenaer/{arena}/evaluering");
    let ost = admin.login("test-ost").await;
    let vest = admin.login("test-vest").await;
    let leser = admin.login("test-leser").await;
    let asker = admin.login("test-asker").await;

    // Only the office's advisers (and admins) make the form; recipients and the public see
    // nothing of it.
    let (s, page) = ost.get(&setup).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Lag skjemaet"));
    let now = oslo_now();
    let yesterday = iso_local(now - time::Duration::days(1));
    let tomorrow = iso_local(now + time::Duration::days(1));
    let r = vest
        .post_form(&setup, &[("apner", &yesterday), ("stenger", &tomorrow)])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(asker.get(&setup).await.0, StatusCode::NOT_FOUND);
    assert!(admin
        .public()
        .await
        .status_of(&setup)
        .await
        .1
        .contains("/logg-inn"));
    let r = ost
        .post_form(&setup, &[("apner", "i morgen"), ("stenger", &tomorrow)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Åpner: «i morgen» er ikke et tidspunkt"));
    assert!(page.contains("value=\"i morgen\""), "what was typed stays");
    let r = ost
        .post_form(&setup, &[("apner", &yesterday), ("stenger", &tomorrow)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The adviser sees the link and its QR code; a reader sees the form's state, not the link.
    let (_, page) = ost.get(&setup).await;
    let link = attr_after(&page, "id=\"apen-lenke\"", "href");
    let path = link[link.find("/evaluering/").unwrap()..].to_string();
    assert!(
        path.len() >= "/evaluering/".len() + 32,
        "an unguessable token: {path}"
    );
    let qr = ost
        .raw
        .get(ost.url(&format!("{setup}/qr.svg")))
        .send()
        .await
        .unwrap();
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await.unwrap().contains("<svg"));
    let (s, page) = leser.get(&setup).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Skjemaet er åpent") && !page.contains(&path));
    let (_, api) = ost
        .get_json(&format!("/api/v1/arenas/{arena}/evaluation"))
        .await;
    assert!(api["form"]["link"].as_str().unwrap().ends_with(&path));
    assert_eq!(api["form"]["answered"], 0);
    let (_, api) = leser
        .get_json(&format!("/api/v1/arenas/{arena}/evaluation"))
        .await;
    assert!(api["form"]["link"].is_null());
    assert_eq!(
        asker
            .get_json(&format!("/api/v1/arenas/{arena}/evaluation"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // A participant without login: bad answers are refused per question, what was typed stays.
    let mut p = Participant::new(&admin).await;
    let (s, html) = p.open(&path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        p.cookies.contains("husk_evaluering="),
        "the device gets its cookie"
    );
    let key = attr_after(&html, "name=\"skjema\"", "value");
    let mut bad = answers(&key, "4", "Møtet med NAV");
    bad[1] = ("nytte", "9");
    bad.retain(|(k, _)| *k != "bruk");
    let (s, _, html) = p.send(&path, &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("«9» er ikke et svar på «I hvilken grad var samlingen nyttig for arbeidet ditt?». Velg et tall fra 1 til 5."));
    assert!(html
        .contains("Svar på «I hvilken grad kommer du til å bruke noe du lærte, i eget arbeid?»"));
    assert!(
        html.contains(">Møtet med NAV</textarea>"),
        "the text typed stays"
    );
    assert!(html.contains("id=\"sporsmal-innhold-4\" name=\"innhold\" value=\"4\" checked"));

    // A double click stores one answer; the same device cannot answer again.
    let good = answers(&key, "4", "Møtet med NAV");
    let (s1, l1, _) = p.send(&path, &good).await;
    let (s2, l2, _) = p.send(&path, &good).await;
    assert_eq!((s1, s2), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    assert_eq!(l1, format!("{path}/takk"));
    assert_eq!(l1, l2);
    let (_, thanks) = p.open(&l1).await;
    assert!(thanks.contains("Takk for svaret"));
    let (_, html) = p.open(&path).await;
    assert!(html.contains("Du har allerede svart"));
    let (s, _, _) = p
        .send(&path, &answers("ny-noekkel-0000000000000000", "2", ""))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    // One answer: results are hidden, on the page and in the API, saying how many are needed.
    let results = format!("{setup}/resultater");
    let (_, page) = leser.get(&results).await;
    assert!(page.contains("Det trengs 4 svar til."));
    assert!(!page.contains("Møtet med NAV"));
    let (_, api) = leser
        .get_json(&format!("/api/v1/arenas/{arena}/evaluation/results"))
        .await;
    assert_eq!(api["visibility"]["state"], "hidden");
    assert_eq!(api["visibility"]["missing"], 4);
    assert!(api["results"].is_null());

    // Personal links: each answers once.
    let r = ost
        .post_form(&format!("{setup}/lenker"), &[("antall", "2")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("2 personlige lenker er laget"));
    let personal: Vec<String> = page
        .match_indices("data-label=\"Lenke\" class=\"evaluation-link\">")
        .map(|(i, m)| {
            let s = &page[i + m.len()..];
            let url = &s[..s.find('<').unwrap()];
            url[url.find("/evaluering/").unwrap()..].to_string()
        })
        .collect();
    assert_eq!(personal.len(), 2);
    for link in &personal {
        assert_eq!(answer(&admin, link, "5").await.0, StatusCode::SEE_OTHER);
    }
    let mut again = Participant::new(&admin).await;
    let (_, html) = again.open(&personal[0]).await;
    assert!(html.contains("Denne lenken er allerede brukt"));
    let (s, _, _) = again
        .send(
            &personal[0],
            &answers("nok-en-noekkel-000000000000000", "1", ""),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    // Two more devices make five: results are shown.
    for n in ["2", "4"] {
        assert_eq!(answer(&admin, &path, n).await.0, StatusCode::SEE_OTHER);
    }
    let (_, api) = leser
        .get_json(&format!("/api/v1/arenas/{arena}/evaluation/results"))
        .await;
    assert_eq!(api["answered"], 5);
    assert_eq!(
        api["results"]["questions"][0]["distribution"],
        serde_json::json!([0, 1, 0, 2, 2])
    );
    assert_eq!(api["results"]["questions"][0]["average"], 4.0);
    let (_, page) = leser.get(&format!("{results}?sok=nav")).await;
    assert!(page.contains("1 fritekstsvar inneholder «nav»"));
    assert!(page.contains("<li>Møtet med NAV</li>"));
    assert_eq!(asker.get(&results).await.0, StatusCode::NOT_FOUND);

    // Over arenas of the kind.
    let (s, api) = leser
        .get_json("/api/v1/evaluations/summary?kind=programsamling")
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(api["arenas"][0]["answered"], 5);
    assert_eq!(api["arenas"][0]["overall"], 4.0);
    assert_eq!(
        leser
            .get_json("/api/v1/evaluations/summary?kind=middag")
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
    let (s, page) = leser.get("/laering/evalueringer?type=programsamling").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Programsamling våren"));
    assert_eq!(
        asker.get("/laering/evalueringer").await.0,
        StatusCode::FORBIDDEN
    );

    // Nothing about the senders is kept with the answers: no address, browser or time.
    for row in admin
        .store
        .stored_evaluation_answer_columns(arena)
        .await
        .unwrap()
    {
        let names: Vec<&str> = row.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(names, ["id", "arena_id", "submission", "answers"]);
        assert!(row
            .iter()
            .all(|(_, v)| !v.contains("127.0.0.1") && !v.contains("reqwest")));
    }

    // Before opening and after closing the page says so, with the times.
    let later = iso_local(now + time::Duration::days(2));
    let r = ost
        .post_form(
            &format!("{setup}/tider"),
            &[("apner", &tomorrow), ("stenger", &later)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut q = Participant::new(&admin).await;
    let (_, html) = q.open(&path).await;
    assert!(html.contains("Skjemaet er ikke åpnet ennå. Det åpner"));
    assert!(!html.contains("id=\"evalueringsskjema\""));
    let (s, _, _) = q
        .send(&path, &answers("en-helt-ny-noekkel-00000000000", "3", ""))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let before = iso_local(now - time::Duration::days(2));
    ost.post_form(
        &format!("{setup}/tider"),
        &[("apner", &before), ("stenger", &yesterday)],
    )
    .await;
    let (_, html) = q.open(&path).await;
    assert!(html.contains("Skjemaet er stengt. Det tok imot svar fra"));
    let (_, api) = leser
        .get_json(&format!("/api/v1/arenas/{arena}/evaluation"))
        .await;
    assert_eq!(api["form"]["state"], "closed");
    assert_eq!(api["form"]["answered"], 5);
    assert_eq!(
        q.open("/evaluering/0123456789abcdef0123456789abcdef0123456789abcdef")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

/// An arena of region øst with an evaluation form (the default window); its number.
async fn arena_with_form(app: &App, title: &str) -> i64 {
    let arena = app
        .store
        .save_arena(
            None,
            &husk_domain::learning::arenas::ArenaInput {
                tittel: title.into(),
                kind: ArenaKind::ProgrammeGathering.code().into(),
                fra: "10.03.2026".into(),
                kontor: "ost".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.store
        .create_evaluation(arena, &Default::default())
        .await
        .unwrap();
    arena
}

/// GET `path` with the given `Host` header: the status and the body.
async fn get_with_host(app: &App, path: &str, host: &str) -> (StatusCode, String) {
    let r = app
        .raw
        .get(app.url(path))
        .header("host", host)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The QR code Husk draws for `link`, to compare the served one with.
fn qr_of(link: &str) -> String {
    qrcode::QrCode::new(link.as_bytes())
        .unwrap()
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(320, 320)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build()
}

#[tokio::test]
async fn the_evaluation_link_and_qr_code_use_the_public_address_and_never_a_forged_host() {
    let app = start_with(husk_web::auth::WebConfig {
        public_url: Some(husk_web::auth::PublicUrl::parse("https://husk.example.no/").unwrap()),
        ..Default::default()
    })
    .await;
    let arena = arena_with_form(&app, "Programsamling med offentlig adresse").await;
    let ost = app.login("test-ost").await;
    let setup = format!("/laeringsarenaer/{arena}/evaluering");
    let (s, page) = get_with_host(&ost, &setup, "attacker.example").await;
    assert_eq!(s, StatusCode::OK);
    let link = attr_after(&page, "id=\"apen-lenke\"", "href");
    assert!(
        link.starts_with("https://husk.example.no/evaluering/"),
        "{link}"
    );
    let (_, slide) = get_with_host(&ost, &format!("{setup}/lysbilde"), "attacker.example").await;
    assert!(
        slide.contains(&format!("href=\"{link}\"")),
        "the slide shows the link"
    );
    assert!(!slide.contains("attacker.example"));
    let (_, qr) = get_with_host(&ost, &format!("{setup}/qr.svg"), "attacker.example").await;
    assert_eq!(qr, qr_of(&link), "the QR code holds the public link");
    let r = ost
        .raw
        .get(ost.url(&format!("/api/v1/arenas/{arena}/evaluation")))
        .header("host", "attacker.example")
        .send()
        .await
        .unwrap();
    let api: serde_json::Value = r.json().await.unwrap();
    assert_eq!(api["form"]["link"], link.as_str());
    // The calendar address too.
    let r = ost
        .post_form("/laeringsarenaer/kalenderlenke", &[("filter", "")])
        .await;
    let page = r.text().await.unwrap();
    assert!(
        page.contains("https://husk.example.no/laeringsarenaer.ics?nokkel=kal_"),
        "{page}"
    );

    // Without a public address: the Host the browser sent, when it is a plain host[:port].
    let app = start().await;
    let arena = arena_with_form(&app, "Programsamling uten offentlig adresse").await;
    let ost = app.login("test-ost").await;
    let setup = format!("/laeringsarenaer/{arena}/evaluering");
    let (_, page) = get_with_host(&ost, &setup, "husk.test:8443").await;
    let link = attr_after(&page, "id=\"apen-lenke\"", "href");
    assert!(
        link.starts_with("https://husk.test:8443/evaluering/"),
        "{link}"
    );
    let token = &link["https://husk.test:8443".len()..];
    for forged in [
        "attacker.example/phish?x=",
        "user@attacker.example",
        "attacker.example:99999",
        "attacker.example:80:81",
    ] {
        let (s, page) = get_with_host(&ost, &setup, forged).await;
        assert_eq!(s, StatusCode::OK, "{forged}");
        let link = attr_after(&page, "id=\"apen-lenke\"", "href");
        assert_eq!(link, format!("http://localhost{token}"), "{forged}");
        let (_, qr) = get_with_host(&ost, &format!("{setup}/qr.svg"), forged).await;
        assert_eq!(qr, qr_of(&link), "{forged}");
    }
}
