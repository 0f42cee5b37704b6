//! The simulated users. Each is a thread with its own HTTP connections and session, sent to one
//! server as a load balancer would; when its server does not answer (the connection fails, or
//! it answers 502/503/504 or 500 while the database is away), the user retries on the next
//! server after a short pause, as a load balancer with retries would, and every failed try is
//! counted. Sessions live in the database, so a session made on one server works on another.

use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::corpus::XorShift;

/// What a request was, for the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Login,
    Search,
    Matrix,
    ProjectList,
    ProjectPage,
    DocumentPage,
    ReportStart,
    ReportForm,
    DraftSave,
    ReportSubmit,
    ReportPage,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Search,
        Kind::Matrix,
        Kind::ProjectList,
        Kind::ProjectPage,
        Kind::DocumentPage,
        Kind::ReportForm,
        Kind::ReportPage,
        Kind::Login,
        Kind::ReportStart,
        Kind::DraftSave,
        Kind::ReportSubmit,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Login => "login (POST)",
            Kind::Search => "search page",
            Kind::Matrix => "matrix",
            Kind::ProjectList => "project list",
            Kind::ProjectPage => "project page",
            Kind::DocumentPage => "document page",
            Kind::ReportStart => "start a report (POST)",
            Kind::ReportForm => "report form",
            Kind::DraftSave => "draft autosave (POST)",
            Kind::ReportSubmit => "submit a report (POST)",
            Kind::ReportPage => "report page",
        }
    }

    /// A page a person waits for (the p99 target is for these).
    pub fn is_page(self) -> bool {
        matches!(
            self,
            Kind::Search
                | Kind::Matrix
                | Kind::ProjectList
                | Kind::ProjectPage
                | Kind::DocumentPage
                | Kind::ReportForm
                | Kind::ReportPage
        )
    }
}

/// One answered request.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub kind: Kind,
    pub latency: Duration,
    /// When it was sent, from the start of the load.
    pub at: Duration,
    /// Answered only after tries on a server that failed.
    pub retried: bool,
}

/// One try that failed (no answer, or a server error).
#[derive(Debug, Clone)]
pub struct Failure {
    pub kind: Kind,
    pub at: Duration,
    pub server: usize,
    pub what: String,
}

/// An answer that was not what the user expected (kept for the summary).
#[derive(Debug, Clone)]
pub struct Unexpected {
    pub kind: Kind,
    pub what: String,
}

/// What one report's user was told: the saves and the submission it got a success answer for.
#[derive(Debug, Clone, Default)]
pub struct ReportLedger {
    pub report_id: i64,
    /// The last acknowledged draft save: its revision and the number written into it.
    pub last_saved: Option<(i64, u32)>,
    /// The text of the submission that was acknowledged (its marker is unique).
    pub submitted: Option<String>,
    /// A submission was sent but its answer was lost (it may or may not have been stored).
    pub submit_unknown: bool,
}

/// What a user brings back.
#[derive(Debug, Default)]
pub struct UserLog {
    pub samples: Vec<Sample>,
    pub failures: Vec<Failure>,
    pub unexpected: Vec<Unexpected>,
    /// Requests that got no answer from any server within the retry budget.
    pub given_up: usize,
    pub reports: Vec<ReportLedger>,
}

/// What every user shares.
pub struct Shared {
    /// The servers' base URLs; a restarted server gets its old port back, so these stay.
    pub servers: RwLock<Vec<String>>,
    pub started: Instant,
    pub deadline: Instant,
    pub projects: Vec<String>,
    pub documents: Vec<i64>,
    pub queries: Vec<String>,
    /// Entries whose reports the reporters fill in, and a cursor into them.
    pub report_entries: Vec<String>,
    pub next_entry: AtomicUsize,
    pub password: String,
}

/// The kinds of user: readers search and read; reporters fill in and send reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Reader,
    Reporter,
}

pub struct User {
    pub n: usize,
    pub role: Role,
    pub username: String,
    server: usize,
    agent: ureq::Agent,
    cookie: String,
    csrf: String,
    rng: XorShift,
    log: UserLog,
    shared: Arc<Shared>,
}

/// How long a request is retried on the servers before the user gives up on it.
const RETRY_BUDGET: Duration = Duration::from_secs(30);

enum Answer {
    Ok {
        status: u16,
        location: String,
        body: String,
    },
}

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn form(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn multipart(boundary: &str, pairs: &[(&str, String)]) -> Vec<u8> {
    let mut body = String::new();
    for (k, v) in pairs {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    body.into_bytes()
}

enum Body {
    None,
    Form(String),
    Multipart(Vec<u8>),
}

impl User {
    pub fn new(n: usize, role: Role, username: String, shared: Arc<Shared>) -> User {
        let servers = shared.servers.read().expect("servers").len();
        User {
            n,
            role,
            username,
            server: n % servers.max(1),
            agent: ureq::Agent::config_builder()
                .max_redirects(0)
                .http_status_as_error(false)
                .max_idle_connections(2)
                .max_idle_connections_per_host(2)
                .timeout_global(Some(Duration::from_secs(20)))
                .build()
                .into(),
            cookie: String::new(),
            csrf: String::new(),
            rng: XorShift::new(0x6c6f_6164 ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
            log: UserLog::default(),
            shared,
        }
    }

    fn past_deadline(&self) -> bool {
        Instant::now() >= self.shared.deadline
    }

    /// Sleeps between `min` and `max` milliseconds (a person reading or typing), never past
    /// the deadline.
    fn think(&mut self, min: u64, max: u64) {
        let ms = min + self.rng.below((max - min + 1) as usize) as u64;
        let until = (Instant::now() + Duration::from_millis(ms)).min(self.shared.deadline);
        std::thread::sleep(until.saturating_duration_since(Instant::now()));
    }

    /// Sends a request to this user's server, retrying on the next ones while they fail.
    fn send(&mut self, kind: Kind, method: &str, path: &str, body: Body) -> Option<Answer> {
        let first_try = Instant::now();
        let mut retried = false;
        loop {
            let base = {
                let servers = self.shared.servers.read().expect("servers");
                servers[self.server % servers.len()].clone()
            };
            let url = format!("{base}{path}");
            let sent = Instant::now();
            let at = sent.duration_since(self.shared.started);
            let result = match (&body, method) {
                (Body::None, _) => self.agent.get(&url).header("cookie", &self.cookie).call(),
                (Body::Form(f), _) => self
                    .agent
                    .post(&url)
                    .header("cookie", &self.cookie)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .send(f.as_bytes()),
                (Body::Multipart(m), _) => self
                    .agent
                    .post(&url)
                    .header("cookie", &self.cookie)
                    .header(
                        "content-type",
                        "multipart/form-data; boundary=husk-last-grense",
                    )
                    .send(&m[..]),
            };
            let failed = match result {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let location = r
                        .headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string();
                    for c in r.headers().get_all("set-cookie") {
                        if let Some(v) = c.to_str().ok().and_then(|v| v.split(';').next()) {
                            self.set_cookie(v);
                        }
                    }
                    let mut text = String::new();
                    let read = r.into_body().as_reader().read_to_string(&mut text);
                    if matches!(status, 500 | 502 | 503 | 504) || read.is_err() {
                        Some(format!("HTTP {status}"))
                    } else {
                        self.log.samples.push(Sample {
                            kind,
                            latency: sent.elapsed(),
                            at,
                            retried,
                        });
                        return Some(Answer::Ok {
                            status,
                            location,
                            body: text,
                        });
                    }
                }
                Err(e) => Some(e.to_string()),
            };
            if let Some(what) = failed {
                self.log.failures.push(Failure {
                    kind,
                    at,
                    server: self.server,
                    what,
                });
                retried = true;
                if first_try.elapsed() > RETRY_BUDGET {
                    self.log.given_up += 1;
                    return None;
                }
                // The load balancer's next server, after a short pause.
                let servers = self.shared.servers.read().expect("servers").len();
                self.server = (self.server + 1) % servers;
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }

    fn set_cookie(&mut self, pair: &str) {
        let Some((name, value)) = pair.split_once('=') else {
            return;
        };
        if name == "husk_csrf" {
            self.csrf = value.to_string();
        }
        let mut kept: Vec<String> = self
            .cookie
            .split("; ")
            .filter(|c| !c.is_empty() && !c.starts_with(&format!("{name}=")))
            .map(str::to_string)
            .collect();
        if !value.is_empty() {
            kept.push(format!("{name}={value}"));
        }
        self.cookie = kept.join("; ");
    }

    fn unexpected(&mut self, kind: Kind, what: String) {
        self.log.unexpected.push(Unexpected { kind, what });
    }

    fn get(&mut self, kind: Kind, path: &str) -> Option<(u16, String)> {
        match self.send(kind, "GET", path, Body::None)? {
            Answer::Ok { status, body, .. } => {
                if status != 200 {
                    self.unexpected(kind, format!("GET {path}: HTTP {status}"));
                }
                Some((status, body))
            }
        }
    }

    /// Logs in through the login form, as a browser does.
    fn login(&mut self) -> bool {
        if self.get(Kind::Login, "/logg-inn").is_none() {
            return false;
        }
        let body = form(&[
            ("_csrf", self.csrf.clone()),
            ("username", self.username.clone()),
            ("password", self.shared.password.clone()),
            ("neste", "/".to_string()),
        ]);
        match self.send(Kind::Login, "POST", "/logg-inn", Body::Form(body)) {
            Some(Answer::Ok { status, .. })
                if status == 303 && self.cookie.contains("husk_session=") =>
            {
                true
            }
            Some(Answer::Ok { status, .. }) => {
                self.unexpected(Kind::Login, format!("login answered HTTP {status}"));
                false
            }
            None => false,
        }
    }

    /// Runs until the deadline and gives back what happened.
    pub fn run(mut self) -> UserLog {
        // Users arrive over the first seconds, not all at once.
        let ramp = (self.n as u64 * 50).min(10_000);
        std::thread::sleep(Duration::from_millis(ramp));
        while !self.past_deadline() && !self.login() {
            self.think(500, 1500);
        }
        while !self.past_deadline() {
            match self.role {
                Role::Reader => self.read_something(),
                Role::Reporter => self.fill_in_a_report(),
            }
        }
        self.log
    }

    fn read_something(&mut self) {
        let roll = self.rng.below(100);
        let shared = self.shared.clone();
        match roll {
            0..=29 => {
                let q = self.rng.pick(&shared.queries).clone();
                self.get(Kind::Search, &format!("/sok?q={}", encode(&q)));
            }
            30..=44 => {
                self.get(Kind::Matrix, "/kunnskapsmatrise");
            }
            45..=64 => {
                let filters = [
                    "/prosjekter",
                    "/prosjekter?kontor=ost",
                    "/prosjekter?kontor=vest&type=prosjekt",
                    "/prosjekter?tema=brukermedvirkning",
                ];
                let path = *self.rng.pick(&filters);
                self.get(Kind::ProjectList, path);
            }
            65..=89 => {
                let p = self.rng.pick(&shared.projects).clone();
                self.get(Kind::ProjectPage, &format!("/prosjekter/{p}"));
            }
            _ => {
                let d = *self.rng.pick(&shared.documents);
                self.get(Kind::DocumentPage, &format!("/dokumenter/{d}"));
            }
        }
        self.think(1000, 3000);
    }

    /// Starts the next free report, saves its draft as the user types, sends it in and opens
    /// it.
    fn fill_in_a_report(&mut self) {
        let i = self.shared.next_entry.fetch_add(1, Ordering::Relaxed);
        let entries = &self.shared.report_entries;
        // Each entry has ten obligations (2026–2030); one reporter takes one obligation.
        let Some(entry) = entries.get(i / 10).cloned() else {
            self.unexpected(Kind::ReportStart, "no report left to fill in".into());
            self.think(5000, 5000);
            return;
        };
        let (kind, year) = obligation(i % 10);
        let body = form(&[
            ("_csrf", self.csrf.clone()),
            ("kind", kind.to_string()),
            ("year", year.to_string()),
        ]);
        let Some(Answer::Ok {
            status, location, ..
        }) = self.send(
            Kind::ReportStart,
            "POST",
            &format!("/prosjekter/{entry}/rapporter"),
            Body::Form(body),
        )
        else {
            return;
        };
        let Some(id) = (status == 303)
            .then(|| {
                location
                    .trim_start_matches("/rapporter/")
                    .trim_end_matches("/rediger")
                    .parse::<i64>()
                    .ok()
            })
            .flatten()
        else {
            self.unexpected(
                Kind::ReportStart,
                format!("starting a report answered HTTP {status} {location}"),
            );
            self.think(1000, 2000);
            return;
        };
        let mut ledger = ReportLedger {
            report_id: id,
            ..ReportLedger::default()
        };
        let mut revision = match self.form_revision(id) {
            Some(r) => r,
            None => {
                self.log.reports.push(ledger);
                return;
            }
        };
        // Typing: a save every second or so, each with a little more text.
        let saves = 4 + self.rng.below(8) as u32;
        let mut text = String::new();
        for n in 1..=saves {
            if self.past_deadline() {
                break;
            }
            self.think(600, 1600);
            text = format!(
                "Lagring {n} av rapport {id}. {}",
                "Teamet har fulgt opp leietakerne og skaffet flere boliger. ".repeat(n as usize)
            );
            let body = form(&[
                ("_csrf", self.csrf.clone()),
                ("revision", revision.to_string()),
                ("gjort_mot_plan", text.clone()),
            ]);
            match self.send(
                Kind::DraftSave,
                "POST",
                &format!("/rapporter/{id}/utkast"),
                Body::Form(body),
            ) {
                Some(Answer::Ok {
                    status: 200, body, ..
                }) => {
                    match serde_json::from_str::<serde_json::Value>(&body)
                        .ok()
                        .and_then(|v| v["revision"].as_i64())
                    {
                        Some(r) => {
                            revision = r;
                            ledger.last_saved = Some((r, n));
                        }
                        None => self.unexpected(Kind::DraftSave, format!("no revision in {body}")),
                    }
                }
                Some(Answer::Ok { status: 409, .. }) => {
                    // A try whose answer was lost did save: read the revision again.
                    match self.form_revision(id) {
                        Some(r) => revision = r,
                        None => break,
                    }
                }
                Some(Answer::Ok { status, body, .. }) => {
                    self.unexpected(Kind::DraftSave, format!("HTTP {status}: {body}"));
                }
                None => {}
            }
        }
        if self.past_deadline() {
            self.log.reports.push(ledger);
            return;
        }
        self.think(500, 1500);
        let marker = format!("Innsending {}-{id}-{}", self.username, self.n);
        let mut fields: Vec<(&str, String)> = vec![
            ("_csrf", self.csrf.clone()),
            ("revision", revision.to_string()),
            ("action", "send".into()),
            ("gjort_mot_plan", text.clone()),
            ("laert", marker.clone()),
        ];
        fields.extend(COMPLETE.iter().map(|(k, v)| (*k, v.to_string())));
        for attempt in 0..3 {
            if attempt > 0 {
                match self.form_revision(id) {
                    Some(r) => fields[1].1 = r.to_string(),
                    None => break,
                }
            }
            match self.send(
                Kind::ReportSubmit,
                "POST",
                &format!("/rapporter/{id}/rediger"),
                Body::Multipart(multipart("husk-last-grense", &fields)),
            ) {
                Some(Answer::Ok {
                    status: 303,
                    location,
                    ..
                }) if location.ends_with("?melding=sendt") => {
                    ledger.submitted = Some(marker.clone());
                    break;
                }
                Some(Answer::Ok {
                    status: 303,
                    location,
                    ..
                }) if location == format!("/rapporter/{id}") => {
                    // Not editable any more: a try whose answer was lost sent it in.
                    ledger.submit_unknown = true;
                    break;
                }
                Some(Answer::Ok { status: 409, .. }) => continue,
                Some(Answer::Ok { status, body, .. }) => {
                    let start = body.find("Rett opp").unwrap_or(0);
                    self.unexpected(
                        Kind::ReportSubmit,
                        format!(
                            "HTTP {status}: {}",
                            body.get(start..start + 300).unwrap_or("")
                        ),
                    );
                    break;
                }
                None => {
                    ledger.submit_unknown = true;
                    break;
                }
            }
        }
        self.log.reports.push(ledger);
        self.get(Kind::ReportPage, &format!("/rapporter/{id}"));
        self.think(1000, 3000);
    }

    /// Opens the report's form and reads the revision in it.
    fn form_revision(&mut self, id: i64) -> Option<i64> {
        let (status, page) = self.get(Kind::ReportForm, &format!("/rapporter/{id}/rediger"))?;
        if status != 200 {
            return None;
        }
        let at = page.find("name=\"revision\" value=\"")? + "name=\"revision\" value=\"".len();
        page[at..].split('"').next()?.parse().ok()
    }
}

/// The n-th (0–9) obligation of an entry running 2026–2030.
fn obligation(n: usize) -> (&'static str, i32) {
    match n {
        0..=4 => ("halvarsrapport", 2026 + n as i32),
        5..=8 => ("arsrapport", 2026 + (n - 5) as i32),
        _ => ("sluttrapport", 2030),
    }
}

/// The rest of a complete report (the default template, version 2), as form fields.
const COMPLETE: &[(&str, &str)] = &[
    ("status_framdrift", "som-planlagt"),
    ("mal.1.goal", "Egen bolig for deltakerne"),
    ("mal.1.assessment", "4"),
    ("mal.1.comment", "Ti av tolv bor i egen bolig"),
    ("indikatorer.1.name", "Deltakere i egen bolig"),
    ("indikatorer.1.unit", "personer"),
    ("indikatorer.1.baseline", "0"),
    ("indikatorer.1.target", "12"),
    ("indikatorer.1.actual", "10"),
    ("endret_praksis", "Teamet deltar i tildelingsmøtet."),
    ("annerledes", "Vi ville skaffet boliger tidligere."),
    ("brukermedvirkning_grad", "4"),
    ("spredning_kanaler", "fagdag"),
    ("tildelt", "500 000"),
    ("brukt", "420 000"),
    ("formal", "Færre utkastelser."),
    ("suksesskriterier", "Ingen deltakere mister boligen."),
    ("kunnskapstema", "brukerrelaterte-metoder"),
    ("malgrupper", "bostedslos"),
    ("videreforing", "delvis"),
    ("samtykke_publisering", "nei"),
];
