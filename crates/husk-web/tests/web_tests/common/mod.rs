//! The test harness shared by the HTTP tests: the real app on a random port over a fresh store
//! with the demo data and one test user per role, and sessions that log in through the login
//! form like a browser.
#![allow(dead_code)]

use husk_store::Store;
use reqwest::header::CONTENT_TYPE;
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::Value;

#[derive(Clone)]
pub struct App {
    pub base: String,
    /// Follows redirects, like a browser; sends this session's cookies.
    pub client: reqwest::Client,
    /// Does not follow redirects, to look at the 303s.
    pub raw: reqwest::Client,
    pub store: Store,
    /// The CSRF token the forms of this session carry.
    pub csrf: String,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

/// The password of every test user.
pub const PASSWORD: &str = "test-passord-123";

/// Test users: (username, role, office, organisation).
pub const USERS: &[(&str, &str, &str, &str)] = &[
    ("test-admin", "admin", "", ""),
    ("test-ost", "radgiver", "ost", ""),
    ("test-vest", "radgiver", "vest", ""),
    ("test-asker", "mottaker", "", "Asker kommune"),
    ("test-bergen", "mottaker", "", "Bergen kommune"),
    ("test-leser", "leser", "", ""),
];

fn clients(headers: reqwest::header::HeaderMap) -> (reqwest::Client, reqwest::Client) {
    (
        reqwest::Client::builder()
            .default_headers(headers.clone())
            .build()
            .expect("client"),
        reqwest::Client::builder()
            .default_headers(headers)
            .redirect(Policy::none())
            .build()
            .expect("client"),
    )
}

/// The value of a cookie in a response's `Set-Cookie` headers.
pub fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Starts the app over a fresh store with the demo data and the test users, logged in as
/// `test-admin`.
pub async fn start() -> App {
    start_with(husk_web::auth::WebConfig::default()).await
}

/// [`start`] with a chosen web configuration (trusted proxies, HTTPS).
pub async fn start_with(config: husk_web::auth::WebConfig) -> App {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = husk_store::testing::open_demo(dir.path())
        .await
        .expect("open a store with the demo data");
    for (username, role, region, org) in USERS {
        store
            .create_user(&husk_store::UserInput {
                username: username.to_string(),
                name: format!("Test {username}"),
                email: String::new(),
                role: role.to_string(),
                region: region.to_string(),
                organisation: org.to_string(),
                password: PASSWORD.to_string(),
            })
            .await
            .expect("test user");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("local addr");
    let app = husk_web::app_with_config(store.clone(), config);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    let (client, raw) = clients(Default::default());
    let public = App {
        base: format!("http://{addr}"),
        client,
        raw,
        store,
        csrf: String::new(),
        _dir: std::sync::Arc::new(dir),
    };
    public.login("test-admin").await
}

impl App {
    /// A second server on the same PostgreSQL database, with a data directory (and search
    /// index) of its own and the first one's kept files, catching its index up every half second as `husk serve` does every
    /// two; `None` on SQLite, where one database file serves one server. Its session is this
    /// one's (the same cookies).
    pub async fn second_server(&self) -> Option<App> {
        let db = husk_store::testing::database_for(self._dir.path())
            .await
            .expect("the test database")?;
        let dir = tempfile::tempdir().expect("tempdir");
        // Kept files on a directory both reach (`--files-dir`), the first server's.
        let store = Store::open_database(dir.path(), &db)
            .await
            .expect("a second store on the same database")
            .with_files_dir(self.store.files_dir());
        store.spawn_index_catch_up(std::time::Duration::from_millis(500));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let app = husk_web::app_with_config(store.clone(), Default::default());
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        Some(App {
            base: format!("http://{addr}"),
            store,
            _dir: std::sync::Arc::new(dir),
            ..self.clone()
        })
    }

    /// This session (its cookies) against another server.
    pub fn on(&self, server: &App) -> App {
        App {
            base: server.base.clone(),
            store: server.store.clone(),
            _dir: server._dir.clone(),
            ..self.clone()
        }
    }

    /// A browser that has visited the site once (it has the CSRF cookie) but is not logged in.
    pub async fn public(&self) -> App {
        let (_, raw) = clients(Default::default());
        let r = raw
            .get(self.url("/logg-inn"))
            .send()
            .await
            .expect("GET /logg-inn");
        let csrf = set_cookie(&r, "husk_csrf").expect("the login page sets the CSRF cookie");
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            format!("husk_csrf={csrf}").parse().unwrap(),
        );
        let (client, raw) = clients(headers);
        App {
            client,
            raw,
            csrf,
            ..self.clone()
        }
    }

    /// Logs in through the login form, as a browser would, and returns that session.
    pub async fn login(&self, username: &str) -> App {
        let anon = self.public().await;
        let r = anon
            .post_form(
                "/logg-inn",
                &[
                    ("username", username),
                    ("password", PASSWORD),
                    ("neste", "/"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login as {username}");
        let session = set_cookie(&r, "husk_session").expect("a session cookie");
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            format!("husk_csrf={}; husk_session={session}", anon.csrf)
                .parse()
                .unwrap(),
        );
        let (client, raw) = clients(headers);
        App {
            client,
            raw,
            csrf: anon.csrf.clone(),
            ..self.clone()
        }
    }
}

impl App {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self.client.get(self.url(path)).send().await.expect("GET");
        let status = r.status();
        (status, r.text().await.expect("body"))
    }

    pub async fn get_json(&self, path: &str) -> (StatusCode, Value) {
        let r = self.client.get(self.url(path)).send().await.expect("GET");
        let status = r.status();
        assert!(
            r.headers()[CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{path} is not JSON"
        );
        (status, r.json().await.expect("JSON body"))
    }

    /// POSTs a URL-encoded form (with this session's CSRF token) without following the
    /// redirect.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let mut fields: Vec<(&str, &str)> = vec![("_csrf", self.csrf.as_str())];
        fields.extend_from_slice(form);
        self.raw
            .post(self.url(path))
            .form(&fields)
            .send()
            .await
            .expect("POST")
    }

    /// POSTs a multipart form with text fields and one file.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> (StatusCode, String) {
        let r = self.send_multipart(&self.client, path, fields, file).await;
        let status = r.status();
        (status, r.text().await.expect("body"))
    }

    /// POSTs a multipart form without following the redirect.
    pub async fn post_multipart_raw(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> reqwest::Response {
        self.send_multipart(&self.raw, path, fields, file).await
    }

    pub async fn send_multipart(
        &self,
        client: &reqwest::Client,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> reqwest::Response {
        let boundary = "husk-test-boundary-7d3f9a";
        let mut body: Vec<u8> = Vec::new();
        let csrf = [("_csrf", self.csrf.as_str())];
        for (name, value) in csrf.iter().chain(fields) {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: text/csv\r\n\r\n",
                file.0
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.1);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        client
            .post(self.url(path))
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .expect("POST multipart")
    }

    /// GET without following redirects: the status and the `Location`, if any.
    pub async fn status_of(&self, path: &str) -> (StatusCode, String) {
        let r = self.raw.get(self.url(path)).send().await.expect("GET");
        let location = r
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (r.status(), location)
    }

    /// POSTs a URL-encoded form exactly as given (no CSRF token added).
    pub async fn post_form_bare(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.raw
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    /// POSTs a multipart form (with the CSRF token) with repeated text fields and any number of
    /// files `(field, file name, bytes)`, without following the redirect.
    pub async fn post_parts(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> reqwest::Response {
        let boundary = "husk-test-boundary-5c21e0";
        let mut body: Vec<u8> = Vec::new();
        let csrf = [("_csrf", self.csrf.as_str())];
        for (name, value) in csrf.iter().chain(fields) {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file_name, bytes) in files {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.raw
            .post(self.url(path))
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .expect("POST multipart")
    }
}

/// The id of the demo programme's participant `name` (region øst's development programme).
pub async fn participant_id(app: &App, name: &str) -> i64 {
    app.store
        .read_as(&husk_domain::Viewer::System)
        .programme("ost-utviklingsprogram")
        .await
        .expect("the programme")
        .expect("the demo programme")
        .participants
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no participant {name}"))
        .id
}
