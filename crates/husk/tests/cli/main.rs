//! Runs the `husk` binary as a user would, against a real SQLite file in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod servers;

struct Husk {
    dir: tempfile::TempDir,
    /// The database, when the tests run on PostgreSQL (`HUSK_TEST_POSTGRES`).
    database: Option<String>,
}

impl Husk {
    fn new() -> Husk {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let database = std::thread::spawn(move || {
            tokio::runtime::Runtime::new()
                .unwrap()
                .block_on(husk_store::testing::database_for(&data))
                .expect("a test database")
        })
        .join()
        .unwrap()
        .map(|db| match db {
            husk_store::Database::Postgres(url) => url,
            husk_store::Database::SqliteFile(p) => format!("sqlite:{}", p.display()),
        });
        Husk { dir, database }
    }
    /// A data directory with the demo data, as `husk demo` leaves it (copied from one loaded
    /// once per test process: see `husk_store::testing::open_demo`).
    fn with_demo() -> Husk {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let database = std::thread::spawn(move || {
            tokio::runtime::Runtime::new().unwrap().block_on(async {
                let store = husk_store::testing::open_demo(&data)
                    .await
                    .expect("a copy of the demo data");
                store.close().await;
                husk_store::testing::database_for(&data)
                    .await
                    .expect("the test database")
            })
        })
        .join()
        .unwrap()
        .map(|db| match db {
            husk_store::Database::Postgres(url) => url,
            husk_store::Database::SqliteFile(p) => format!("sqlite:{}", p.display()),
        });
        Husk { dir, database }
    }
    /// The husk binary, on this test's data directory and database.
    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_husk"));
        c.arg("--data-dir").arg(self.data());
        if let Some(db) = &self.database {
            c.env("HUSK_DATABASE_URL", db);
        }
        c
    }
    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    fn run(&self, args: &[&str]) -> Output {
        self.command()
            .args(args)
            .output()
            .expect("the husk binary runs")
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "husk {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    /// Runs a command that must fail; returns its standard error.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "husk {args:?} should fail but printed:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }
    fn export(&self) -> String {
        self.ok(&["export", "projects", "--format", "csv"])
            + &self.ok(&["export", "grants", "--format", "csv"])
    }
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

fn index_of(list: &serde_json::Value, code: &str) -> usize {
    list.as_array()
        .unwrap()
        .iter()
        .position(|v| v == code)
        .unwrap()
}

#[test]
fn demo_loads_idempotently_and_the_matrix_shows_the_register() {
    let h = Husk::new();
    h.ok(&["demo"]);
    let first = h.export();
    h.ok(&["demo"]);
    assert_eq!(
        h.export(),
        first,
        "loading the demo twice must change nothing"
    );

    let m = json(&h.ok(&["matrix", "--format", "json"]));
    assert_eq!(m["themes"].as_array().unwrap().len(), 12);
    assert_eq!(m["recipient_types"].as_array().unwrap().len(), 10);
    // 57 mapped entries, region øst's programme with its seven municipality entries,
    // Kommuneprogrammet and its big-city programme, the three example entries of the
    // reporting demo, and the 16 participations Husk makes entries for (11 in region øst's
    // programme, the big-city programme's 5 cities).
    assert_eq!(m["total"], 85);
    let gaps: Vec<&str> = m["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    // The review (2016, ch. 4.2): few entries on neighbourhood work, while about one in three
    // involved users.
    assert!(
        gaps.contains(&"bomiljo-omradeloft"),
        "the review found few entries on neighbourhood work: {gaps:?}"
    );
    assert!(
        !gaps.contains(&"brukermedvirkning"),
        "about one in three involved users: {gaps:?}"
    );
    let t = index_of(&m["themes"], "tildeling-bosetting");
    let c = index_of(&m["recipient_types"], "programkommune");
    assert!(m["cells"][t][c].as_i64().unwrap() >= 4);

    let vest = json(&h.ok(&["matrix", "--region", "vest", "--format", "json"]));
    assert_eq!(
        vest["total"], 11,
        "region vest has ten mapped entries and the example entry of the reporting demo"
    );
    let vest = json(&h.ok(&[
        "matrix", "--region", "vest", "--to", "2024", "--format", "json",
    ]));
    assert_eq!(vest["total"], 10, "the ten mapped entries of region vest");
    let years = json(&h.ok(&[
        "matrix", "--from", "2008", "--to", "2009", "--format", "json",
    ]));
    // Entries running in 2008–2009: vest-06, sor-05, sor-06, sor-10, midt-02 and the øst programme
    // with the four municipalities that joined in 2009, and the eleven participation entries
    // whose pool the source does not give: they carry the programme's period 2009–2017, which
    // their pages label as inferred («Utledet»).
    assert_eq!(years["total"], 21);
}

#[test]
fn matrix_prints_a_readable_table_and_csv() {
    let h = Husk::with_demo();
    let table = h.ok(&["matrix"]);
    assert!(
        table.contains("Brukerrelaterte metoder (oppfølging)"),
        "{table}"
    );
    assert!(
        table.contains("programkommune: Kommuner med formalisert samarbeid med Husbanken"),
        "{table}"
    );
    assert!(table.contains("hull"), "{table}");
    let csv = h.ok(&["matrix", "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("theme,name,programkommune,annen-kommune"),
        "{header}"
    );
    assert_eq!(
        csv.lines().count(),
        14,
        "header, 12 themes and a total line"
    );
    let nok = json(&h.ok(&["matrix", "--nok", "--format", "json"]));
    assert_eq!(nok["measure"], "nok");
    // Decided grants only: case grants 11 855 000, øst programme 2009–2010 decided 10 900 000.
    assert_eq!(nok["total"], 22_755_000);
}

#[test]
fn matrix_rejects_unknown_codes_with_the_expected_ones() {
    let h = Husk::new();
    let err = h.fails(&["matrix", "--region", "nord"]);
    assert!(
        err.contains("«nord» er ikke et av Husbankens kontorer. Velg ost, vest"),
        "{err}"
    );
    let err = h.fails(&["matrix", "--from", "2015", "--to", "2010"]);
    assert!(err.contains("--from 2015 er etter --to 2010"), "{err}");
}

const HEADER: &str = "id,kind,title,region,recipient,recipient_type,start_year,end_year,themes";

#[test]
fn import_creates_and_updates_entries_and_dry_run_writes_nothing() {
    let h = Husk::new();
    let f = h.file(
        "p.csv",
        format!("{HEADER}\nbodo-90,prosjekt,Bo trygt i Bodø,bodo,Bodø kommune,programkommune,2020,2022,brukermedvirkning\n"),
    );
    let out = h.ok(&["import", "projects", &f, "--dry-run"]);
    assert!(out.contains("Ingenting er lagret"), "{out}");
    assert!(!h.export().contains("bodo-90"));
    let out = h.ok(&["import", "projects", &f]);
    assert!(
        out.contains("Importert 1 rad: 1 oppføring lagt til og 0 endret."),
        "{out}"
    );
    assert!(h.export().contains("Bo trygt i Bodø"));
    let f2 = h.file(
        "p2.csv",
        format!("{HEADER}\nbodo-90,prosjekt,Bo trygt i Bodø og Rana,bodo,,,2020,2023,\n"),
    );
    let out = h.ok(&["import", "projects", &f2]);
    assert!(
        out.contains("Importert 1 rad: 0 oppføringer lagt til og 1 endret."),
        "{out}"
    );
    assert!(h.export().contains("Bo trygt i Bodø og Rana"));
}

/// Imports `content` (which must fail), checks each expected fragment is in the error output,
/// and that the register is exactly as before.
fn rejected(
    h: &Husk,
    what: &str,
    name: &str,
    content: impl AsRef<[u8]>,
    expected: &[&str],
) -> String {
    let before = h.export();
    let f = h.file(name, content);
    let err = h.fails(&["import", what, &f]);
    for e in expected {
        assert!(err.contains(e), "expected «{e}» in:\n{err}");
    }
    assert!(err.contains("så ingenting er importert."), "{err}");
    assert_eq!(
        h.export(),
        before,
        "a failed import must leave the register as it was"
    );
    err
}

#[test]
fn bad_project_files_are_rejected_whole_with_line_and_column() {
    let h = Husk::with_demo();
    // A good row before the bad one must not be written either.
    let good = "vest-90,prosjekt,Godt prosjekt,vest,,,2020,2021,";
    rejected(
        &h,
        "projects",
        "bad-number.csv",
        format!("{HEADER}\n{good}\nvest-91,prosjekt,Tittel,vest,,,20x4,,\n"),
        &["Linje 3, kolonne 7 (Startår): «20x4» er ikke et årstall. Skriv fire siffer, for eksempel 2015."],
    );
    rejected(&h, "projects", "unknown-code.csv", format!("{HEADER}\n{good}\nvest-91,prosjket,Tittel,nord,,,2015,,bomiljø\n"), &[
        "Linje 3, kolonne 2 (Type): «prosjket» er ikke en type. Mente du «Prosjekt»? Velg en av «Program», «Prosjekt» og «Tiltak». Alle gyldige verdier står på /import/koder.",
        "Linje 3, kolonne 4 (Ansvarlig kontor): «nord» er ikke et kontor.",
        "Linje 3, kolonne 9 (Kunnskapstemaer): «bomiljø» er ikke et kunnskapstema.",
    ]);
    rejected(
        &h,
        "projects",
        "duplicate.csv",
        // A duplicate id and a bad field on the same line: both are reported.
        format!("{HEADER}\n{good}\nvest-90,prosjekt,Igjen,vest,,,20x0,,\n"),
        &[
            "Linje 3, kolonne 1 (Id): Id-en «vest-90» står allerede på linje 2. Gi hver oppføring sin egen id.",
            "Linje 3, kolonne 7 (Startår): «20x0» er ikke et årstall",
        ],
    );
    rejected(
        &h,
        "projects",
        "missing.csv",
        "id,kind,title,region\nvest-90,prosjekt,Tittel,vest\n",
        &["start_year"],
    );
    rejected(
        &h,
        "projects",
        "tabs.csv",
        HEADER.replace(',', "\t") + "\n",
        &["tabulator"],
    );
    rejected(&h, "projects", "empty.csv", "", &["Filen er tom."]);
    rejected(
        &h,
        "projects",
        "latin1.csv",
        [
            HEADER.as_bytes(),
            b"\nbodo-90,prosjekt,Bod\xf8,bodo,,,2015,,\n",
        ]
        .concat(),
        &["Linje 2", "UTF-8"],
    );
    rejected(
        &h,
        "projects",
        "parent.csv",
        format!("{HEADER},parent\nvest-92,prosjekt,Tittel,vest,,,2015,,,vest-01\n"),
        &["Linje 2, kolonne 10 (Overordnet program): «vest-01» er et prosjekt, ikke et program, og det hører ikke inn under et program selv."],
    );
    rejected(
        &h,
        "projects",
        "orgnr.csv",
        "id,kind,title,region,start_year,orgnr\nvest-93,prosjekt,T,vest,2015,974760674\n",
        &["Linje 2, kolonne 6 (Organisasjonsnummer)", "kontrollsiffer"],
    );
}

#[test]
fn a_huge_file_is_refused_before_reading() {
    let h = Husk::new();
    let p = h.dir.path().join("huge.csv");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(60 * 1024 * 1024).unwrap();
    let err = h.fails(&["import", "projects", p.to_str().unwrap()]);
    assert!(
        err.contains("huge.csv er 60 MB, men Husk tar imot høyst 50 MB per import."),
        "{err}"
    );
}

#[test]
fn bad_grant_files_are_rejected_whole() {
    let h = Husk::with_demo();
    let header = "project,year,amount_nok,budget_item,status,note";
    rejected(&h, "grants", "g.csv", format!("{header}\nvest-01,2014,100000,post78,tilsagn,\nukjent-01,2014,100000,post78,tilsagn,\nvest-01,2015,\"1,5 mill\",post78,tildelt,\n"), &[
        "Linje 3, kolonne 1 (Prosjekt): Prosjektet «ukjent-01» finnes ikke i registeret.",
        "Linje 4, kolonne 3 (Beløp (kroner))",
        "Linje 4, kolonne 5 (Status): «tildelt» er ikke en tilskuddsstatus. Velg en av «Tilsagn», «Utbetalt» og «Forventet».",
    ]);
}

#[test]
fn semicolon_files_and_xlsx_import() {
    let h = Husk::new();
    let f = h.file("semi.csv", "id;kind;title;region;start_year;themes\nsor-90;tiltak;Fagdag om bomiljø;sor;2021;bomiljo-omradeloft;brukermedvirkning\n");
    // The list cell above is unquoted, so the row has one cell too many: a clear error.
    let err = h.fails(&["import", "projects", &f]);
    assert!(err.contains("Linje 2"), "{err}");
    let f = h.file("semi.csv", "id;kind;title;region;start_year;themes\nsor-90;tiltak;Fagdag om bomiljø;sor;2021;\"bomiljo-omradeloft;brukermedvirkning\"\n");
    h.ok(&["import", "projects", &f]);
    let m = json(&h.ok(&["matrix", "--format", "json"]));
    assert_eq!(
        m["row_totals"][index_of(&m["themes"], "bomiljo-omradeloft")],
        1
    );
}

#[test]
fn export_then_import_into_an_empty_data_dir_gives_the_same_register() {
    let h = Husk::with_demo();
    for format in ["csv", "xlsx"] {
        let projects = h.dir.path().join(format!("p.{format}"));
        let grants = h.dir.path().join(format!("g.{format}"));
        h.ok(&[
            "export",
            "projects",
            "--format",
            format,
            "-o",
            projects.to_str().unwrap(),
        ]);
        h.ok(&[
            "export",
            "grants",
            "--format",
            format,
            "-o",
            grants.to_str().unwrap(),
        ]);
        let fresh = Husk::new();
        fresh.ok(&["import", "projects", projects.to_str().unwrap()]);
        fresh.ok(&["import", "grants", grants.to_str().unwrap()]);
        assert_eq!(fresh.export(), h.export(), "round trip through {format}");
        assert_eq!(
            fresh.ok(&["matrix", "--format", "json"]),
            h.ok(&["matrix", "--format", "json"])
        );
    }
    let exported = json(&h.ok(&["export", "projects", "--format", "json"]));
    let list = exported.as_array().unwrap();
    assert_eq!(list.len(), 85);
    let sor04 = list.iter().find(|p| p["id"] == "sor-04").unwrap();
    assert_eq!(sor04["recipient"], "", "sor-04 has no stated recipient");
}

#[test]
fn data_dir_comes_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_husk"))
        .env("HUSK_DATA_DIR", dir.path())
        .args(["demo"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(Path::new(&dir.path().join("husk.sqlite")).exists());
}

impl Husk {
    /// Runs with `input` on standard input.
    fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write;
        let mut child = self
            .command()
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the husk binary runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
}

#[test]
fn search_speaks_like_the_search_page() {
    let h = Husk::with_demo();
    let query = "housing first";
    let text = h.ok(&["search", query]);
    let found = json(&h.ok(&["search", query, "--format", "json"]));
    let docs = found["documents"].as_array().unwrap();
    assert!(docs.len() >= 2, "{found}");

    // The totals in the web page's words.
    let passages = found["total_passages"].as_u64().unwrap();
    let documents = found["total_documents"].as_u64().unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "{} for «{query}»",
            husk_domain::knowledge::search_totals(
                passages as usize,
                documents as usize,
                found["query_terms"].as_u64().unwrap() as u32,
                found["min_matched_terms"].as_u64().unwrap() as u32,
            )
        )
    );
    assert!(first.contains(" avsnitt i "), "{first}");
    assert!(!text.contains("treff i"), "{text}");

    // Each document under its rank, with its title and its type's label, its passages
    // numbered from 1 as on the web, and its id said as an id.
    for (i, d) in docs.iter().enumerate() {
        let label = husk_domain::DocumentType::parse(d["doc_type"].as_str().unwrap())
            .unwrap()
            .label();
        let heading = format!("{}. {} ({label}", i + 1, d["title"].as_str().unwrap());
        let at = text
            .find(&format!("\n{heading}"))
            .unwrap_or_else(|| panic!("no line starting «{heading}» in:\n{text}"));
        let block = &text[at + 1..];
        let block = &block[..block.find("\n\n").unwrap_or(block.len())];
        for hit in d["hits"].as_array().unwrap() {
            let shown = hit["passage_id"].as_u64().unwrap() + 1;
            assert!(
                block.contains(&format!("\n   Avsnitt {shown}")),
                "passage {shown} in:\n{block}"
            );
        }
        assert!(
            block.ends_with(&format!("   Dokument-id {}", d["doc_id"])),
            "{block}"
        );
    }
    assert!(
        !text.contains(&format!("[{}]", docs[0]["doc_id"])),
        "no id in brackets where the rank is: {text}"
    );

    // A corrected word is said, and --exact searches the word as typed.
    let corrected = h.ok(&["search", "bostedslshet"]);
    assert!(
        corrected.contains(
            "Viser treff for «bostedsløshet». Søk bare etter «bostedslshet» med --exact."
        ),
        "{corrected}"
    );
    let exact = h.ok(&["search", "bostedslshet", "--exact"]);
    assert!(
        exact.starts_with("0 avsnitt i 0 dokumenter for «bostedslshet»"),
        "{exact}"
    );
    assert!(!exact.contains("Viser treff"), "{exact}");

    // Too long: refused with the same message as on the web.
    let long = "bolig ".repeat(100);
    let err = h.fails(&["search", &long]);
    assert!(
        err.contains("Søket er for langt. Det har 599 tegn, og et søk kan ha høyst 500."),
        "{err}"
    );
}

#[test]
fn users_are_added_listed_disabled_and_given_new_passwords() {
    let h = Husk::new();
    let out = h.ok(&["user", "list"]);
    assert!(out.contains("husk user add BRUKERNAVN --admin"), "{out}");
    // The first admin; the password is generated and printed once.
    let out = h.ok(&["user", "add", "kari", "--admin", "--name", "Kari Nordmann"]);
    assert!(out.contains("Brukeren kari er opprettet."));
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("Passord: "))
        .expect("a password");
    assert_eq!(password.len(), 19, "four groups of four: {password}");
    // A password from standard input is used and not printed.
    let out = h.run_with_stdin(
        &["user", "add", "ola", "--role", "leser", "--password-stdin"],
        "et-eget-passord\n",
    );
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("et-eget-passord"));

    // Every problem at once, in Norwegian, naming the option.
    let err = h.fails(&["user", "add", "Per Hansen", "--role", "radgiver"]);
    assert!(
        err.contains("Brukernavn: «per hansen» kan ikke brukes som brukernavn. Bruk 2–40 tegn"),
        "{err}"
    );
    assert!(
        err.contains("Kontor (--region): En rådgiver må høre til et kontor. Velg kontoret."),
        "{err}"
    );
    let err = h.fails(&["user", "add", "per", "--role", "sjef"]);
    assert!(
        err.contains(
            "«sjef» er ikke en rolle. Velg en av disse: admin, radgiver, mottaker eller leser."
        ),
        "{err}"
    );
    let err = h.fails(&[
        "user",
        "add",
        "per",
        "--role",
        "mottaker",
        "--organisation",
        "Asker kommune",
    ]);
    assert!(
        err.contains("Finner ikke mottakeren «Asker kommune» i registeret."),
        "{err}"
    );
    let err = h.fails(&[
        "user", "add", "per", "--role", "radgiver", "--region", "nord",
    ]);
    assert!(
        err.contains("«nord» er ikke et av Husbankens kontorer. Velg ett av dem:"),
        "{err}"
    );
    let out = h.run_with_stdin(&["user", "add", "per", "--password-stdin"], "kort\n");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Passordet er for kort. Bruk minst 10 tegn.")
    );

    h.ok(&["demo"]);
    h.ok(&[
        "user",
        "add",
        "asker",
        "--role",
        "mottaker",
        "--organisation",
        "Asker kommune",
    ]);
    let list = h.ok(&["user", "list"]);
    assert!(
        list.contains("asker") && list.contains("Asker kommune"),
        "{list}"
    );
    assert!(
        list.contains("demo-radgiver-ost") && list.contains("radgiver   ost"),
        "{list}"
    );

    h.ok(&["user", "disable", "ola"]);
    assert!(h
        .ok(&["user", "list"])
        .lines()
        .any(|l| l.starts_with("ola") && l.contains("(deaktivert)")));
    h.ok(&["user", "enable", "ola"]);
    let out = h.ok(&["user", "reset-password", "ola"]);
    assert!(out.contains("Passord: "));
    let err = h.fails(&["user", "disable", "finnes-ikke"]);
    assert!(err.contains("finnes-ikke"), "{err}");
}

#[test]
fn the_demo_prints_its_users_once() {
    let h = Husk::new();
    let out = h.ok(&["demo"]);
    for u in [
        "demo-admin",
        "demo-radgiver-ost",
        "demo-mottaker-asker",
        "demo-leser",
    ] {
        assert!(
            out.lines()
                .any(|l| l.contains(u) && l.contains("passord: ")),
            "{u} in\n{out}"
        );
    }
    let again = h.run(&["demo"]);
    assert!(again.status.success());
    assert!(!String::from_utf8_lossy(&again.stdout).contains("passord: "));
    assert!(String::from_utf8_lossy(&again.stderr).contains("finnes fra før"));
}

/// A minimal SMTP server that accepts every message and records it.
fn smtp_sink() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let store = messages.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let store = store.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let _ = stream.write_all(b"220 sink ESMTP\r\n");
                let mut data = String::new();
                let mut in_data = false;
                let mut line = String::new();
                while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                    if in_data {
                        if line == ".\r\n" {
                            in_data = false;
                            store.lock().unwrap().push(std::mem::take(&mut data));
                            let _ = stream.write_all(b"250 OK\r\n");
                        } else {
                            data.push_str(&line);
                        }
                    } else {
                        let cmd = line.to_ascii_uppercase();
                        let reply: &[u8] = if cmd.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if cmd.starts_with("DATA") {
                            in_data = true;
                            b"354 go ahead\r\n"
                        } else if cmd.starts_with("QUIT") {
                            let _ = stream.write_all(b"221 bye\r\n");
                            break;
                        } else {
                            b"250 OK\r\n"
                        };
                        let _ = stream.write_all(reply);
                    }
                    line.clear();
                }
            });
        }
    });
    (port, messages)
}

#[test]
fn reminders_are_e_mailed_once_to_the_recipients_users() {
    let h = Husk::with_demo();
    h.ok(&[
        "user",
        "add",
        "anne",
        "--role",
        "mottaker",
        "--organisation",
        "Asker kommune",
        "--email",
        "anne@asker.kommune.no",
        "--name",
        "Anne Asker",
    ]);
    // Without a relay, --dry-run lists what would be sent.
    let dry = h.ok(&["remind", "--dry-run"]);
    let due: Vec<&str> = dry
        .lines()
        .filter(|l| l.starts_with("anne <anne@asker.kommune.no>"))
        .collect();
    assert!(!due.is_empty(), "{dry}");
    assert!(due.iter().any(|l| l.contains("forsinket")), "{dry}");
    let err = h.fails(&["remind"]);
    assert!(err.contains("Oppgi den med --smtp"), "{err}");

    let (port, messages) = smtp_sink();
    let smtp = format!("smtp://127.0.0.1:{port}");
    let out = h.ok(&[
        "remind",
        "--smtp",
        &smtp,
        "--mail-from",
        "husk@husbanken.no",
        "--public-url",
        "https://husk.example.no",
    ]);
    assert!(
        out.contains(&format!(
            "{} sendt.",
            husk_domain::norwegian::count(due.len() as i64, "påminnelse", "påminnelser")
        )),
        "{out}"
    );
    let sent = messages.lock().unwrap().clone();
    assert_eq!(sent.len(), due.len());
    let all = sent.join("\n");
    assert!(
        all.contains("To: \"Anne Asker\" <anne@asker.kommune.no>")
            || all.contains("To: Anne Asker <anne@asker.kommune.no>"),
        "{all}"
    );
    assert!(
        all.contains("https://husk.example.no/"),
        "a link to Husk: {all}"
    );
    assert!(all.contains("Subject:"), "{all}");
    // Each reminder is sent once.
    let again = h.ok(&["remind", "--smtp", &smtp]);
    assert!(again.contains("0 påminnelser sendt."), "{again}");
    assert_eq!(messages.lock().unwrap().len(), due.len());
    let err = h.fails(&["remind", "--smtp", "http://x"]);
    assert!(err.contains("er ikke en SMTP-adresse"), "{err}");
}

/// A running `husk serve` on this data directory, stopped when dropped.
struct Server {
    child: std::process::Child,
    port: u16,
}

impl Server {
    fn start(husk: &Husk) -> Server {
        use std::io::BufRead;
        let mut child = husk
            .command()
            .args(["serve", "--addr", "127.0.0.1:0", "--insecure-cookies"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in «{line}»"));
        Server { child, port }
    }

    /// `GET path` as JSON.
    fn get(&self, path: &str) -> serde_json::Value {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {response}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

#[test]
fn ingest_while_the_server_runs_stores_the_documents_and_the_server_makes_them_searchable() {
    let husk = Husk::new();
    husk.ok(&["user", "list"]);
    let server = Server::start(&husk);
    let report = husk.file(
        "bostotte.md",
        "# Bostøtte i Bodø\n\nKommunen hjalp leietakere med å søke bostøtte, og færre \
         mistet boligen etter at veiledningen kom i gang på servicetorget.\n",
    );
    let empty = husk.file("tom.txt", "");

    // Without a terminal (output captured), every message is printed.
    let out = husk.run(&["ingest", &report, &empty, "--public"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "one file failed: {stdout}");
    assert!(
        stdout.contains("bostotte.md: lagret som dokument") && stdout.contains("Bostøtte i Bodø"),
        "{stdout}"
    );
    let reason = stderr
        .lines()
        .find(|l| l.starts_with("[2/2]") && l.contains("tom.txt"))
        .unwrap_or_else(|| panic!("no reason printed for tom.txt: {stderr}"));
    assert!(reason.len() > "[2/2] tom.txt: ".len() + 20, "{reason}");
    assert!(
        stderr.contains("1 dokument av 2 filer lagret i kunnskapsbasen")
            && stderr.contains("1 fil ble ikke lagt til")
            && stderr.contains("serveren som kjører"),
        "{stderr}"
    );

    // The running server picks the document up from the database.
    let mut found = 0;
    for _ in 0..120 {
        found = server.get("/api/v1/search?q=servicetorget")["total_passages"]
            .as_u64()
            .unwrap_or(0);
        if found > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    assert!(found > 0, "the server never indexed the document");
}

#[test]
fn search_prints_the_passage_as_written_with_the_matches_in_guillemets() {
    let husk = Husk::new();
    let a = husk.file(
        "a.txt",
        "Bo & bli\n\nO'Brien-modellen <pilot> ga «trygg» bolig & oppfølging i Tromsø.\n",
    );
    husk.ok(&["ingest", &a, "--title", "Bo & bli"]);
    let out = husk.ok(&["search", "oppfølging"]);
    assert!(
        out.contains("O'Brien-modellen <pilot> ga «trygg» bolig & «oppfølging» i Tromsø"),
        "{out}"
    );
    assert!(!out.contains("&#"), "no HTML entities: {out}");
    assert!(!out.contains("&amp;") && !out.contains("&lt;"), "{out}");
}

#[test]
fn ingest_without_a_server_indexes_at_once_and_says_how_many_were_stored() {
    let husk = Husk::new();
    let a = husk.file(
        "a.md",
        "# Startlån i Tromsø\n\nUnge familier fikk startlån til egen bolig.\n",
    );
    let b = husk.file(
        "b.md",
        "# Bostøtte i Bodø\n\nFærre mistet boligen etter veiledningen på servicetorget.\n",
    );
    let out = husk.ok(&["ingest", &a, &b]);
    assert!(
        out.contains("2 dokumenter av 2 filer lagret i kunnskapsbasen."),
        "{out}"
    );
    assert!(!out.contains("serveren"), "{out}");
    let again = husk.ok(&["ingest", &a]);
    assert!(
        again.contains("0 dokumenter av 1 fil lagret") && again.contains("1 fil fantes fra før"),
        "{again}"
    );
    let found = husk.ok(&["search", "servicetorget"]);
    assert!(found.contains("Bostøtte i Bodø"), "{found}");
}

#[test]
fn a_missing_file_is_reported_in_norwegian() {
    let h = Husk::new();
    let missing = h.data().with_file_name("finnes-ikke.csv");
    let err = h.fails(&["import", "projects", &missing.display().to_string()]);
    assert!(
        err.contains(&format!(
            "Fant ikke filen {}. Sjekk navnet og mappen.",
            missing.display()
        )),
        "{err}"
    );
    assert!(!err.contains("No such file"), "{err}");
}

#[test]
fn the_import_template_is_written_and_a_file_in_the_words_of_the_pages_imports() {
    let h = Husk::new();
    let path = h.dir.path().join("importmal.xlsx");
    let out = h.ok(&["import", "template", "-o", path.to_str().unwrap()]);
    assert!(
        out.contains("Importmalen for prosjekter er skrevet til"),
        "{out}"
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX file");
    // Untouched, its headings are understood; there are just no rows yet.
    let err = h.fails(&["import", "projects", path.to_str().unwrap()]);
    assert!(err.contains("bare overskriftslinjen"), "{err}");
    assert!(!err.contains("Husk kjenner ikke kolonnen"), "{err}");
    let grants = h.dir.path().join("tilskudd.xlsx");
    h.ok(&[
        "import",
        "template",
        "--grants",
        "-o",
        grants.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&grants).unwrap().starts_with(b"PK"));
    let err = h.fails(&["import", "template"]);
    assert!(err.contains("Oppgi hvor malen skal skrives"), "{err}");
    let err = h.fails(&["import", "projects"]);
    assert!(err.contains("Oppgi filen som skal importeres"), "{err}");

    let f = h.file(
        "norsk.csv",
        "Id;Type;Tittel;Ansvarlig kontor;Startår;Status;Kunnskapstemaer\n\
         ost-90;Prosjekt;Bo trygt;Region øst;2020;Pågår;Kompetanseheving\n",
    );
    let out = h.ok(&["import", "projects", &f]);
    assert!(out.contains("1 oppføring lagt til"), "{out}");
    let csv = h.ok(&["export", "projects", "--format", "csv"]);
    assert!(
        csv.contains("ost-90,prosjekt,Bo trygt,,ost,"),
        "codes in the export: {csv}"
    );
    let labelled = h.ok(&["export", "projects", "--format", "csv", "--labels"]);
    assert!(labelled.starts_with("Id,Type,Tittel,"), "{labelled}");
    assert!(
        labelled.contains("ost-90,Prosjekt,Bo trygt,,Region øst,"),
        "{labelled}"
    );
}

// ---------------------------------------------------------------------------------------------
// Every message a mistake can give, as a Norwegian sentence
// ---------------------------------------------------------------------------------------------

/// Every line of what Husk printed about a mistake is a Norwegian sentence: it begins with a
/// capital (or the place it names), ends with a full stop or a colon before a list, never has
/// the parser's «…; forventet …», no English from a library or the operating system, and the
/// singular after 1.
fn assert_norwegian_sentences(what: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{what}: no message at all");
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(fault) = husk_domain::norwegian::message_fault(line) {
            panic!("{what}: {fault}:\n{line}");
        }
        let first = line.chars().next().unwrap();
        assert!(
            first.is_uppercase() || first.is_ascii_digit() || "«[/".contains(first),
            "{what}: does not begin as a sentence:\n{line}"
        );
        assert!(
            line.ends_with(['.', '?', ':']),
            "{what}: does not end as a sentence:\n{line}"
        );
    }
}

#[test]
fn every_mistake_on_the_command_line_gets_norwegian_sentences() {
    let h = Husk::new();
    let bad_values = h.file(
        "verdier.csv",
        "id,kind,title,region,start_year,orgnr,kommunenummer,parent\n\
         vest-90,prosjket,,nord,20x0,123,0001,vest-90\n",
    );
    let one_cell = h.file("en-celle.csv", "id,kind,title,region,start_year\nvest-91\n");
    let bad_column = h.file(
        "kolonne.csv",
        "id,kind,titel,region,start_year\nvest-92,prosjekt,T,vest,2015\n",
    );
    let grants = h.file(
        "tilskudd.csv",
        "project,year,amount_nok,budget_item,status\nvest-99,2014,\"1,5 mill\",post99,tildelt\n",
    );
    let json_file = h.file("register.json", "[]");
    let text_as_xlsx = h.file("regneark.xlsx", "id,kind\n");
    let template = h.dir.path().join("mal.xlsx").display().to_string();
    h.ok(&["import", "template", "-o", &template]);
    let missing = h.dir.path().join("finnes-ikke.csv").display().to_string();
    let folder = h.dir.path().display().to_string();
    let nowhere = h.dir.path().join("mappe-som-mangler/ut.csv");
    let nowhere = nowhere.display().to_string();
    let empty_doc = h.file("tom.txt", "");
    let text_as_pdf = h.file("rapport.pdf", "Dette er ren tekst.\n");
    let note = h.file("notat.md", "# Bostøtte\n\nEt notat om bostøtte i Bodø.\n");
    let not_a_dir = h.file("datakatalog", "en fil");

    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("bad values", vec!["import", "projects", &bad_values]),
        ("one cell", vec!["import", "projects", &one_cell]),
        ("unknown column", vec!["import", "projects", &bad_column]),
        ("bad grants", vec!["import", "grants", &grants]),
        ("JSON", vec!["import", "projects", &json_file]),
        ("text as XLSX", vec!["import", "projects", &text_as_xlsx]),
        ("empty template", vec!["import", "projects", &template]),
        ("missing file", vec!["import", "projects", &missing]),
        ("a folder", vec!["import", "projects", &folder]),
        ("no file", vec!["import", "projects"]),
        (
            "export nowhere",
            vec!["export", "projects", "--format", "csv", "-o", &nowhere],
        ),
        ("unknown region", vec!["matrix", "--region", "nord"]),
        (
            "unknown target group",
            vec!["matrix", "--target-group", "x"],
        ),
        (
            "years backwards",
            vec!["matrix", "--from", "2015", "--to", "2010"],
        ),
        ("bad threshold", vec!["matrix", "--gap-threshold", "2"]),
        ("year not a number", vec!["matrix", "--from", "20x0"]),
        ("unknown kind", vec!["matrix", "--kind", "prosjket"]),
        (
            "unknown format",
            vec!["export", "projects", "--format", "pdf"],
        ),
        ("unknown command", vec!["importer", "projects"]),
        ("unknown option", vec!["matrix", "--regon", "ost"]),
        (
            "unknown document type",
            vec!["search", "bolig", "--type", "roman"],
        ),
        ("bad documents", vec!["ingest", &empty_doc, &text_as_pdf]),
        ("one bad document", vec!["ingest", "--type", "roman", &note]),
        (
            "bad user",
            vec!["user", "add", "Per Hansen", "--role", "radgiver"],
        ),
        ("no smtp", vec!["remind"]),
        (
            "bad smtp",
            vec!["remind", "--smtp", "smtp://localhost:port"],
        ),
        (
            "data dir is a file",
            vec!["--data-dir", &not_a_dir, "matrix"],
        ),
    ];
    for (what, args) in &cases {
        let err = h.fails(args);
        assert_norwegian_sentences(what, &err);
    }

    // The place and what to write are named.
    let err = h.fails(&["import", "projects", &bad_values]);
    for expected in [
        "Linje 2, kolonne 5 (Startår): «20x0» er ikke et årstall. Skriv fire siffer, for eksempel 2015.",
        "Linje 2, kolonne 3 (Tittel): Tittelen mangler. Skriv en tittel",
        "Linje 2, kolonne 6 (Organisasjonsnummer): «123» er ikke et organisasjonsnummer. Skriv 9 siffer",
        "Linje 2, kolonne 8 (Overordnet program): En oppføring kan ikke høre inn under seg selv.",
    ] {
        assert!(err.contains(expected), "«{expected}» in:\n{err}");
    }
    let err = h.fails(&["import", "projects", &one_cell]);
    assert!(
        err.contains("Linje 2: Linjen har 1 celle, men overskriftslinjen har 5. Hver linje skal ha 5 celler."),
        "{err}"
    );
    let err = h.fails(&["import", "projects", &missing]);
    assert!(
        err.contains(&format!("Fant ikke filen {missing}.")),
        "{err}"
    );
    let err = h.fails(&["matrix", "--from", "20x0"]);
    assert!(
        err.contains("«20x0» passer ikke for --from. Skriv et helt tall."),
        "{err}"
    );
    let err = h.fails(&["ingest", "--type", "roman", &note]);
    assert!(
        err.contains("Dokumenttype (--type): «roman» er ikke en dokumenttype. Velg fou-rapport,")
            && err.contains("1 fil ble ikke lagt til, og ingenting er lagret fra den."),
        "{err}"
    );

    // Counts of one take the singular in what Husk prints when all went well too.
    h.ok(&[
        "import",
        "projects",
        &h.file(
            "ett.csv",
            "id,kind,title,region,start_year,themes\nvest-90,prosjekt,Bo trygt,vest,2015,kompetanseheving\n",
        ),
    ]);
    let table = h.ok(&["matrix"]);
    let first = table.lines().next().unwrap();
    assert_eq!(
        first, "Kunnskapsmatrise: antall oppføringer (1 oppføring i utvalget)",
        "{table}"
    );
}

#[test]
fn check_lists_what_the_checks_find_and_fails_only_when_asked() {
    let h = Husk::new();
    // An empty register: nothing to find, and --strict passes.
    let out = h.ok(&["check", "--strict"]);
    assert!(out.contains("kontrollene fant ingenting"), "{out}");

    // A small fixed register with one problem of each kind, and one entry without any.
    let f = h.file(
        "p.csv",
        "id,kind,title,region,recipient,recipient_type,start_year,end_year,parent\n\
         vest-90,program,Boligsosialt program,vest,Bergen kommune,programkommune,2015,2018,\n\
         vest-91,prosjekt,Tidlig start,vest,Bergen kommune,programkommune,2014,2016,vest-90\n\
         vest-92,prosjekt,Frivillig bo-oppfølging,vest,Stiftelsen Bo,,2016,2017,\n\
         vest-93,prosjekt,Fra leie til eie,vest,Askøy kommune,annen-kommune,2015,2016,\n\
         vest-94,prosjekt,Alt i orden,vest,Askøy kommune,annen-kommune,2015,2016,vest-90\n",
    );
    h.ok(&["import", "projects", &f]);
    let g = h.file(
        "g.csv",
        "project,year,amount_nok,budget_item,status,note\n\
         vest-93,2015,400000,post78,tilsagn,\n\
         vest-93,2018,250000,post78,tilsagn,\n\
         vest-94,2016,100000,post78,utbetalt,\n",
    );
    h.ok(&["import", "grants", &g]);

    let out = h.ok(&["check"]);
    assert!(out.contains("kontrollene fant 3 funn"), "{out}");
    assert!(out.contains("Tilskudd utenfor perioden (1):"), "{out}");
    assert!(
        out.contains("vest-93  Fra leie til eie\n      Tilskudd for 2018 (250 000 kr, tilsagn) ligger utenfor perioden 2015–2016."),
        "{out}"
    );
    assert!(
        out.contains("Periode utenfor programmets periode (1):"),
        "{out}"
    );
    assert!(
        out.contains("Perioden 2014–2016 går utenfor perioden 2015–2018 til programmet «Boligsosialt program» (vest-90)."),
        "{out}"
    );
    assert!(out.contains("Mottaker uten mottakertype (1):"), "{out}");
    assert!(
        out.contains("Mottakeren «Stiftelsen Bo» har ingen mottakertype."),
        "{out}"
    );
    assert!(
        !out.contains("vest-94"),
        "an entry without problems is not listed: {out}"
    );

    // Exit code 1 only when asked, with the same report.
    let strict = h.run(&["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(String::from_utf8(strict.stdout).unwrap(), out);

    let j = json(&h.ok(&["check", "--format", "json"]));
    let checks: Vec<(&str, &str)> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["check"].as_str().unwrap(), f["project"].as_str().unwrap()))
        .collect();
    assert_eq!(
        checks,
        [
            ("tilskudd-utenfor-perioden", "vest-93"),
            ("periode-utenfor-programmet", "vest-91"),
            ("mottaker-uten-type", "vest-92"),
        ]
    );
}

#[test]
fn check_on_the_demo_shows_where_the_sources_disagree() {
    let h = Husk::with_demo();
    let out = h.ok(&["check"]);
    assert!(out.contains("Kildene er uenige (9):"), "{out}");
    assert!(
        out.contains("  sor-08  Periode: ")
            && out.contains("      2013–2015 – Rambøll 2016, kap. 4.2, tabell 4-1\n")
            && out.contains("      2014–2016 – Rambøll 2016, kap. 4.4, tabell 4-2"),
        "{out}"
    );
    assert!(out.contains("vises med --inferred"), "{out}");
    let all = h.ok(&["check", "--inferred"]);
    assert!(
        all.contains("  midt-08  Mottaker: Baldurfilm (privat bedrift)"),
        "{all}"
    );
}

/// `husk migrate` moves a SQLite installation into an empty PostgreSQL database, checks it,
/// refuses a second run, and the moved installation answers as the old one did. Runs in the
/// PostgreSQL pass of the tests (`HUSK_TEST_POSTGRES`).
#[test]
fn migrate_moves_an_installation_to_postgres_and_refuses_a_second_run() {
    if husk_store::testing::postgres_server().is_none() {
        eprintln!(
            "skipped: needs HUSK_TEST_POSTGRES (scripts/test runs it in its PostgreSQL pass)"
        );
        return;
    }
    let sqlite = tempfile::tempdir().unwrap();
    let husk = |dir: &Path, db: Option<&str>, args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_husk"));
        c.arg("--data-dir")
            .arg(dir)
            .args(args)
            .env_remove("HUSK_DATABASE_URL");
        if let Some(db) = db {
            c.env("HUSK_DATABASE_URL", db);
        }
        c.output().unwrap()
    };
    assert!(husk(sqlite.path(), None, &["demo"]).status.success());
    let before = husk(sqlite.path(), None, &["matrix", "--format", "csv"]);
    assert!(before.status.success());

    let target = Husk::new();
    let url = target.database.clone().expect("a PostgreSQL database");
    let from = format!("sqlite:{}", sqlite.path().join("husk.sqlite").display());
    let out = husk(
        sqlite.path(),
        None,
        &["migrate", "--from", &from, "--to", &url],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for table in [
        "projects",
        "grants",
        "report_versions",
        "audit_log",
        "users",
        "passages",
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{table} ")))
            .unwrap_or_else(|| panic!("{table} missing from:\n{text}"));
        assert!(line.ends_with("lik"), "{line}");
    }
    assert!(!text.contains("ULIK"), "{text}");
    assert!(text.contains("Antall rader og sjekksum er like"), "{text}");

    // The moved installation, with the same data directory (index and kept files), answers
    // as before.
    let after = husk(sqlite.path(), Some(&url), &["matrix", "--format", "csv"]);
    assert!(
        after.status.success(),
        "{}",
        String::from_utf8_lossy(&after.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&after.stdout),
        String::from_utf8_lossy(&before.stdout)
    );

    let again = husk(
        sqlite.path(),
        None,
        &["migrate", "--from", &from, "--to", &url],
    );
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("er ikke tom"), "{err}");
    assert!(err.contains("Lag en ny database"), "{err}");
}

#[test]
fn programme_list_and_show_print_the_demo_programme_and_refuse_an_unknown_id() {
    let h = Husk::new();
    let empty = h.ok(&["programme", "list"]);
    assert!(empty.contains("Ingen programmer er registrert"), "{empty}");
    h.ok(&["demo"]);
    let list = h.ok(&["programme", "list"]);
    assert!(list.contains("ost-utviklingsprogram  Boligsosialt utviklingsprogram"));
    assert!(list.contains("17 deltakere"));
    assert!(list.contains("nasjonal-storbyprogrammet  Storbyprogrammet (Storbyprogram, 2016–2020"));
    assert!(list.contains("nasjonal-kommuneprogrammet  Husbankens kommuneprogram Bolig for velferd (Kommuneprogram, 2016–2020"));
    let city = h.ok(&["programme", "show", "nasjonal-storbyprogrammet"]);
    for line in [
        "Budsjett: ikke oppgitt; til prosjektstøtte: ikke oppgitt",
        "Periode: Utledet: Kommuneprogrammets periode 2016–2020",
        "Ikke oppgitt i kilden.",
        "Drammen  kommunenr. 3301  pulje ikke oppgitt",
    ] {
        assert!(city.contains(line), "«{line}» in:\n{city}");
    }
    let listed = json(&h.ok(&["programme", "list", "--format", "json"]));
    assert_eq!(listed[0]["id"], "ost-utviklingsprogram");

    let text = h.ok(&["programme", "show", "ost-utviklingsprogram"]);
    for line in [
        "Budsjett: om lag 100 000 000 kr; til prosjektstøtte: om lag 92 000 000 kr",
        "Visjon [visjon]: Utvikling på kommunens premisser",
        "Lørenskog  kommunenr. 3222  pulje 2009",
        "Asker  kommunenr. 3203  pulje ikke oppgitt",
        "2010: totalt 14 892 010 kr, spesifisert per kommune 6 900 000 kr, ikke spesifisert 7 992 010 kr",
        "kildene er uenige: 2 200 000 kr, bevilget",
    ] {
        assert!(text.contains(line), "«{line}» in:\n{text}");
    }
    assert_eq!(text.matches("  Lørenskog  ").count(), 1);
    let shown = json(&h.ok(&[
        "programme",
        "show",
        "ost-utviklingsprogram",
        "--format",
        "json",
    ]));
    assert_eq!(shown["participants"].as_array().unwrap().len(), 17);
    assert_eq!(shown["years"][3]["not_itemised"], 17_000_000);

    let err = h.fails(&["programme", "show", "ost-utviklingsprogrammet"]);
    assert!(
        err.contains("Fant ikke programmet «ost-utviklingsprogrammet». Programmene er: ost-utviklingsprogram, nasjonal-kommuneprogrammet, nasjonal-storbyprogrammet."),
        "{err}"
    );
    let err = h.fails(&["programme", "show"]);
    assert!(
        !err.contains("error:") && !err.contains("Usage"),
        "clap's English: {err}"
    );
}

#[test]
fn programme_factsheet_prints_the_sheet_or_writes_its_pdf_and_says_what_is_wrong() {
    let h = Husk::with_demo();
    // A postponed measure in Bærum's plan (the pages and the API add them).
    let data = h.data();
    std::thread::spawn(move || {
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            let store = husk_store::testing::open(&data).await.unwrap();
            let p = store
                .read_as(&husk_domain::Viewer::System)
                .programme("ost-utviklingsprogram")
                .await
                .unwrap()
                .unwrap();
            let baerum = p.find_participant("3201").unwrap().id;
            store
                .acting_as(husk_store::Actor::system("test"))
                .add_measure(
                    baerum,
                    &husk_domain::programmes::plans::MeasureInput {
                        id: String::new(),
                        kind: "delprosjekt".into(),
                        title: "Bosetting av flyktninger".into(),
                        goals: vec!["resultat-2".into()],
                        owner: "Flyktningtjenesten".into(),
                        start: "01.01.2011".into(),
                        end: "31.12.2099".into(),
                        status: "utsatt".into(),
                        postponed_reason: "Venter på budsjettet.".into(),
                        in_ordinary_operation: false,
                    },
                    "Test",
                )
                .await
                .unwrap();
        })
    })
    .join()
    .unwrap();
    let text = h.ok(&[
        "programme",
        "factsheet",
        "ost-utviklingsprogram",
        "--participant",
        "3201",
    ]);
    for line in [
        "Faktaark: Bærum",
        "  Kommunenummer   3201",
        "  Fase            Ikke registrert",
        "\nTiltak\n1 tiltak: 1 utsatt. Ingen er forsinket, og ingen er tatt ut i linje og inn i driften.\n",
        "  Bosetting av flyktninger (delprosjekt)  Utsatt: Venter på budsjettet.  resultat-2  31.12.2099      nei",
        "  2010  1 500 000 kr  tilsagn",
        "  Sum   5 500 000 kr",
        "Husk har ingen indikatorverdier for kommunenummer 3201.",
    ] {
        assert!(text.contains(line), "«{line}» in:\n{text}");
    }
    // By name, in any case; the same sheet.
    let by_name = h.ok(&[
        "programme",
        "factsheet",
        "ost-utviklingsprogram",
        "--participant",
        "bærum",
    ]);
    assert_eq!(by_name, text);

    let pdf = h.dir.path().join("bærum.pdf");
    let out = h.run(&[
        "programme",
        "factsheet",
        "ost-utviklingsprogram",
        "--participant",
        "Oslo bydel Alna",
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains("Skrev faktaarket for Oslo bydel Alna til"),
        "{said}"
    );
    let extracted = husk_search::extract(&pdf, "bærum.pdf").unwrap();
    let text: String = extracted
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Faktaark: Oslo bydel Alna"), "{text}");

    for (args, wanted) in [
        (
            vec!["programme", "factsheet", "finnes-ikke", "--participant", "3201"],
            "Fant ikke programmet «finnes-ikke». Programmene er: ost-utviklingsprogram, nasjonal-kommuneprogrammet, nasjonal-storbyprogrammet.",
        ),
        (
            vec!["programme", "factsheet", "ost-utviklingsprogram", "--participant", "Tromsø"],
            "«Tromsø» er ikke en deltaker i programmet «ost-utviklingsprogram».",
        ),
        (
            vec!["programme", "factsheet", "ost-utviklingsprogram", "--participant", "0301"],
            "Kommunenummer 0301 har 4 deltakere i programmet: Oslo bydel Alna, Oslo bydel Bjerke, Oslo bydel Grorud og Oslo bydel Stovner.",
        ),
        (
            vec![
                "programme",
                "factsheet",
                "ost-utviklingsprogram",
                "--participant",
                "3201",
                "--pdf",
                "/finnes/ikke/faktaark.pdf",
            ],
            "/finnes/ikke/faktaark.pdf",
        ),
    ] {
        let err = h.fails(&args);
        assert!(err.contains(wanted), "{args:?}: {err}");
        assert_norwegian_sentences(&format!("{args:?}"), &err);
    }
    let err = h.fails(&["programme", "factsheet", "ost-utviklingsprogram"]);
    assert!(!err.contains("error:"), "clap's English: {err}");
}

#[test]
fn indicators_are_imported_all_or_nothing_with_the_place_of_every_mistake() {
    let h = Husk::new();
    let good = h.file(
        "indikatorer.csv",
        "kommunenummer;år;indikator;verdi\n0301;2012;bostedslose;1430\n3201;2012;startlan;\"1 234\"\n",
    );
    let out = h.ok(&["import", "indicators", &good]);
    assert!(out.contains("Importert 2 rader"), "{out}");
    assert!(out.contains("2 indikatorverdier lagt til"), "{out}");

    let bad = h.file(
        "feil.csv",
        "kommunenummer,year,indicator,value\n0301,2013,bostedslse,1400\n03x1,2013,startlan,12\n",
    );
    let err = h.fails(&["import", "indicators", &bad]);
    assert!(err.contains("Linje 2"), "{err}");
    assert!(err.contains("Mente du «bostedslose»?"), "{err}");
    assert!(err.contains("Linje 3"), "{err}");
    assert!(err.contains("«03x1» er ikke et kommunenummer"), "{err}");
    assert!(err.contains("ingenting er importert"), "{err}");
    // Nothing of the bad file was kept: the same good file again only changes nothing new.
    let again = h.ok(&["import", "indicators", &good, "--dry-run"]);
    assert!(
        again.contains("0 indikatorverdier lagt til og 2 endret"),
        "{again}"
    );

    let missing = h.fails(&["import", "indicators"]);
    assert!(missing.contains("Oppgi filen"), "{missing}");
}

#[test]
fn a_comparison_group_is_imported_all_or_nothing_with_the_line_of_every_mistake() {
    let h = Husk::new();
    let good = h.file("asss.csv", "kommunenummer;navn\n301;Oslo\n4601;Bergen\n");
    let out = h.ok(&["import", "group", "ASSS (test)", &good]);
    assert!(
        out.contains("Importert ny gruppe «ASSS (test)» med 2 kommuner."),
        "{out}"
    );

    let bad = h.file(
        "feil.csv",
        "kommunenummer,navn\n0301,Oslo\n46x1,Bergen\n0301,Oslo igjen\n",
    );
    let err = h.fails(&["import", "group", "ASSS (test)", &bad]);
    assert!(err.contains("Linje 3"), "{err}");
    assert!(err.contains("«46x1» er ikke et kommunenummer"), "{err}");
    assert!(err.contains("Linje 4"), "{err}");
    assert!(err.contains("står også på linje 2"), "{err}");
    assert!(err.contains("ingenting er importert"), "{err}");
    // Nothing of the bad file was kept: the good list again changes nothing.
    let again = h.ok(&["import", "group", "ASSS (test)", &good, "--dry-run"]);
    assert!(
        again.contains("0 lagt til, 2 beholdt og 0 tatt ut om filen importeres"),
        "{again}"
    );

    let missing = h.fails(&["import", "group", "ASSS"]);
    assert!(
        missing.contains("Oppgi navnet på gruppen og filen"),
        "{missing}"
    );
    let empty_name = h.fails(&["import", "group", " ", &good]);
    assert!(
        empty_name.contains("Navnet på gruppen mangler"),
        "{empty_name}"
    );
}

#[test]
fn programme_export_writes_the_overview_as_a_workbook() {
    use calamine::{Data, Reader};
    let h = Husk::with_demo();
    let file = h.dir.path().join("program.xlsx");
    let out = h.ok(&[
        "programme",
        "export",
        "ost-utviklingsprogram",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.contains("med 17 deltakere"), "{out}");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let participants = wb.worksheet_range("Deltakere").unwrap();
    assert_eq!(participants.height(), 18, "a header and 17 participants");
    let years = wb.worksheet_range("Tilskudd per år").unwrap();
    let row_2012: Vec<&Data> = years.rows().nth(4).unwrap().iter().collect();
    assert_eq!(row_2012[0], &Data::Float(2012.0));
    assert_eq!(row_2012[2], &Data::Float(17_000_000.0), "not itemised");
    assert_eq!(row_2012[3], &Data::Float(24_500_000.0), "total");
    let goals = wb.worksheet_range("Mål").unwrap();
    assert_eq!(goals.height(), 11, "a header and ten goals");

    let err = h.fails(&[
        "programme",
        "export",
        "finnes-ikke",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(err.contains("Fant ikke programmet «finnes-ikke»"), "{err}");
}

#[test]
fn reminders_tell_the_offices_advisers_of_a_status_meeting_coming_up_once() {
    let h = Husk::with_demo();
    h.ok(&[
        "user",
        "add",
        "ola",
        "--role",
        "radgiver",
        "--region",
        "ost",
        "--email",
        "ola@husbanken.no",
        "--name",
        "Ola Rådgiver",
    ]);
    // A status meeting with Hamar planned a week from today (the pages plan them).
    let data = h.data();
    let due = husk_store::reporting::today() + time::Duration::days(7);
    std::thread::spawn(move || {
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            let store = husk_store::testing::open(&data).await.unwrap();
            let p = store
                .read_as(&husk_domain::Viewer::System)
                .programme("ost-utviklingsprogram")
                .await
                .unwrap()
                .unwrap();
            let hamar = p
                .participants
                .iter()
                .find(|x| x.name == "Hamar")
                .unwrap()
                .id;
            store
                .acting_as(husk_store::Actor::system("test"))
                .plan_status_meeting(
                    hamar,
                    &husk_domain::programmes::meetings::MeetingPlanInput {
                        date: husk_domain::norwegian::iso_date(due),
                        attendees: String::new(),
                    },
                )
                .await
                .unwrap();
        })
    })
    .join()
    .unwrap();
    let when = husk_domain::norwegian::format_date(due);
    let dry = h.ok(&["remind", "--dry-run"]);
    let line = format!(
        "ola <ola@husbanken.no>: Statusmøtet med Hamar (Boligsosialt utviklingsprogram) ({when})"
    );
    assert!(dry.contains(&line), "{dry}");

    let (port, messages) = smtp_sink();
    let smtp = format!("smtp://127.0.0.1:{port}");
    let out = h.ok(&[
        "remind",
        "--smtp",
        &smtp,
        "--public-url",
        "https://husk.example.no",
    ]);
    assert!(out.contains(&line), "{out}");
    let sent = messages.lock().unwrap().clone();
    let mail = sent
        .iter()
        .find(|m| m.contains("ola@husbanken.no"))
        .expect("the adviser's e-mail");
    assert!(
        mail.contains("/statusmoter"),
        "a link to the meetings: {mail}"
    );
    assert!(mail.contains(&format!("har frist {when}")), "{mail}");
    // Sent once.
    let again = h.ok(&["remind", "--smtp", &smtp]);
    assert!(!again.contains("ola@husbanken.no"), "{again}");
}

#[test]
fn a_backup_is_restored_into_an_empty_installation_and_refused_in_a_full_one() {
    let husk = Husk::with_demo();
    let file = husk.dir.path().join("kopi.zip");
    let file = file.to_str().unwrap();
    let out = husk.ok(&["backup", file]);
    assert!(out.contains("Skrev sikkerhetskopien"), "{out}");
    assert!(out.contains("7 bevarte filer"), "{out}");

    let other = Husk::new();
    let out = other.ok(&["restore", file]);
    assert!(
        out.contains("Antall rader og sjekksum stemmer for hver tabell"),
        "{out}"
    );
    assert_eq!(other.export(), husk.export(), "the register is the same");
    let found = other.ok(&["search", "bostedsløse"]);
    assert!(
        found.contains("dokumenter for «bostedsløse»"),
        "the index is rebuilt: {found}"
    );
    assert!(other.ok(&["user", "list"]).contains("demo-radgiver-ost"));

    // A second restore would overwrite: refused, unless forced.
    let e = other.fails(&["restore", file]);
    assert!(
        e.contains("Installasjonen har allerede data (85 oppføringer"),
        "{e}"
    );
    assert!(e.contains("--force"), "{e}");
    other.ok(&["restore", "--force", file]);
    assert_eq!(other.export(), husk.export());

    // Not a backup at all.
    let junk = other.file("notat.zip", "ikke en zip-fil");
    let e = other.fails(&["restore", &junk]);
    assert!(
        e.contains("notat.zip er ikke en sikkerhetskopi fra Husk: den er ikke en zip-fil"),
        "{e}"
    );
    let e = other.fails(&["restore", "finnes-ikke.zip"]);
    assert!(e.contains("finnes-ikke.zip"), "{e}");

    // Kept files on a directory of their own (shared by several servers): restored there.
    let third = Husk::new();
    let shared = third.dir.path().join("delt");
    let shared = shared.to_str().unwrap();
    third.ok(&["--files-dir", shared, "restore", file]);
    let kept = std::fs::read_dir(shared).unwrap().count();
    assert_eq!(kept, 7, "the demo's kept files are in --files-dir");
    assert!(!third.data().join("files").exists());
}

/// An arena in region øst with an evaluation form and `n` answers, made through the store as
/// the pages and the link would make them; its number.
fn evaluated_arena(h: &Husk, title: &str, n: usize) -> i64 {
    use husk_domain::learning::evaluations::{parse_local_time, WindowInput};
    let data = h.data();
    let title = title.to_string();
    std::thread::spawn(move || {
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            let store = husk_store::testing::open(&data).await.unwrap();
            let arena = store
                .save_arena(
                    None,
                    &husk_domain::learning::arenas::ArenaInput {
                        tittel: title,
                        kind: "programsamling".into(),
                        fra: "01.03.2027".into(),
                        kontor: "ost".into(),
                        ..Default::default()
                    },
                )
                .await
                .unwrap();
            store
                .create_evaluation(
                    arena,
                    &WindowInput {
                        opens: "01.03.2027 08:00".into(),
                        closes: "15.03.2027 12:00".into(),
                    },
                )
                .await
                .unwrap();
            let token = store
                .read_as(&husk_domain::Viewer::System)
                .evaluation(arena)
                .await
                .unwrap()
                .unwrap()
                .form
                .unwrap()
                .token;
            let during = parse_local_time("05.03.2027 10:00").unwrap();
            for i in 0..n {
                let mut answers: std::collections::BTreeMap<String, String> = [
                    "nytte",
                    "innhold",
                    "erfaringsdeling",
                    "gjennomforing",
                    "bruk",
                ]
                .iter()
                .map(|k| (k.to_string(), (4 + i % 2).to_string()))
                .collect();
                answers.insert("best".into(), format!("Svar nummer {}", i + 1));
                store
                    .submit_evaluation(
                        &token,
                        Some(&format!("{arena:032x}{i:032x}")),
                        &format!("skjema-{arena:08}-{i:024}"),
                        &answers,
                        during,
                    )
                    .await
                    .unwrap();
            }
            store.close().await;
            arena
        })
    })
    .join()
    .unwrap()
}

#[test]
fn tool_commands_list_show_and_rank_as_the_api_does_and_refuse_bad_options() {
    let h = Husk::with_demo();
    let all = json(&h.ok(&["tool", "list", "--format", "json"]));
    let digital = json(&h.ok(&["tool", "list", "--category", "digital", "--format", "json"]));
    let digital = digital.as_array().unwrap();
    assert!(!digital.is_empty());
    assert!(digital.len() < all.as_array().unwrap().len());
    assert!(digital.iter().all(|t| t["category"] == "digital"));
    let text = h.ok(&["tool", "list"]);
    assert!(text.contains("Digitale verktøy:"), "{text}");
    assert!(
        text.contains("Kunnskapingsmøter (Både internt og eksternt): brukes av Region Midt-Norge"),
        "{text}"
    );
    let err = h.fails(&["tool", "list", "--category", "kaffe"]);
    assert!(
        err.contains("Valget --category: «kaffe» er ikke en kategori Husk kjenner. Velg fou,"),
        "{err}"
    );

    let id = all
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Kunnskapingsmøter")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let shown = h.ok(&["tool", "show", &id]);
    for line in [
        "Kunnskapingsmøter (verktøy ",
        "Versjoner: 1",
        "Brukes av: Region Midt-Norge",
        "Evaluering: ingen viste evalueringer",
        "Hva det er til:",
    ] {
        assert!(shown.contains(line), "«{line}» in:\n{shown}");
    }
    let shown = json(&h.ok(&["tool", "show", &id, "--format", "json"]));
    assert_eq!(shown["versions"], 1);
    assert_eq!(shown["used_by"], serde_json::json!(["midt"]));
    assert!(shown["evaluation"].is_null());
    let err = h.fails(&["tool", "show", "99999"]);
    assert!(
        err.contains("Fant ikke verktøy 99999. Se «husk tool list»"),
        "{err}"
    );
    let err = h.fails(&["tool", "show", "kaffe"]);
    assert!(
        err.contains("«kaffe» er ikke et nummer på et verktøy"),
        "{err}"
    );

    // The same ranking as GET /api/v1/tools/recommend: the store's, with its sentences.
    let ranked = json(&h.ok(&[
        "tool",
        "recommend",
        "--need",
        "ta-forskning-i-bruk",
        "--partner",
        "forskning",
        "--format",
        "json",
    ]));
    assert_eq!(ranked["need"], "ta-forskning-i-bruk");
    let tools = ranked["tools"].as_array().unwrap();
    assert!(tools.len() > 1);
    assert!(tools
        .iter()
        .all(|t| t["why"].as_str().unwrap().ends_with('.')));
    let kunnskaping = tools
        .iter()
        .position(|t| t["name"] == "Kunnskapingsmøter")
        .expect("its guide names the need and the partner");
    let text = h.ok(&[
        "tool",
        "recommend",
        "--need",
        "ta-forskning-i-bruk",
        "--partner",
        "forskning",
    ]);
    assert!(
        text.contains(&format!(
            "{:>3}. Kunnskapingsmøter (Prosessuelle verktøy, verktøy {id}): {}",
            kunnskaping + 1,
            tools[kunnskaping]["why"].as_str().unwrap()
        )),
        "{text}"
    );
    // English and Norwegian words for the direction rank alike.
    assert_eq!(
        h.ok(&[
            "tool",
            "recommend",
            "--need",
            "dele-erfaring",
            "--direction",
            "internal"
        ]),
        h.ok(&[
            "tool",
            "recommend",
            "--need",
            "dele-erfaring",
            "--direction",
            "internt"
        ])
    );
    let err = h.fails(&["tool", "recommend", "--need", "kaffe", "--time", "evig"]);
    assert!(
        err.contains("Valget --need: «kaffe» er ikke et behov Husk kjenner. Skriv dele-erfaring,"),
        "{err}"
    );
    assert!(
        err.contains("Valget --time: «evig» er ikke en mengde tid Husk kjenner. Skriv lite, middels eller mye"),
        "{err}"
    );
}

#[test]
fn network_and_arena_commands_show_the_demo_and_filter_by_office_programme_network_and_dates() {
    let h = Husk::with_demo();
    let list = json(&h.ok(&["network", "list", "--format", "json"]));
    let midt = list
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["office"] == "midt")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let text = h.ok(&["network", "list"]);
    assert!(
        text.contains(&format!("{midt}  Nasjonalt læringsnettverk i Midt-Norge")),
        "{text}"
    );
    let shown = h.ok(&["network", "show", &midt]);
    for line in [
        "Type: Læringsnettverk",
        "Stjørdal (kommune, kommunenr. 5035)  læringsagent",
        "Læringsagenter: Stjørdal og Kristiansund",
        "Møter (0):",
        "Åpne oppdrag (0):",
    ] {
        assert!(shown.contains(line), "«{line}» in:\n{shown}");
    }
    let err = h.fails(&["network", "show", "999"]);
    assert!(
        err.contains("Fant ikke nettverk 999. Se «husk network list»"),
        "{err}"
    );

    let all = json(&h.ok(&["arena", "list", "--format", "json"]));
    let all = all.as_array().unwrap();
    assert!(!all.is_empty());
    let ost = json(&h.ok(&["arena", "list", "--office", "ost", "--format", "json"]));
    assert!(ost.as_array().unwrap().iter().all(|a| a["office"] == "ost"));
    assert!(ost.as_array().unwrap().len() < all.len());
    let programme = json(&h.ok(&[
        "arena",
        "list",
        "--programme",
        "ost-utviklingsprogram",
        "--format",
        "json",
    ]));
    assert!(!programme.as_array().unwrap().is_empty());
    assert!(programme
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["programme_id"] == "ost-utviklingsprogram"));
    // An arena the source dates to 2011 only is within 2011, not within 2012.
    let in_2011 = json(&h.ok(&[
        "arena",
        "list",
        "--from",
        "2011-01-01",
        "--to",
        "31.12.2011",
        "--format",
        "json",
    ]));
    let in_2011 = in_2011.as_array().unwrap();
    assert!(!in_2011.is_empty());
    assert!(in_2011.len() < all.len());
    let first = in_2011[0]["id"].as_i64().unwrap().to_string();
    let shown = h.ok(&["arena", "show", &first]);
    assert!(
        shown.contains(&format!("(læringsarena {first})")),
        "{shown}"
    );
    assert!(shown.contains("Materiell:"), "{shown}");
    let in_2012 = h.ok(&[
        "arena",
        "list",
        "--from",
        "2012-01-01",
        "--to",
        "2012-12-31",
    ]);
    assert!(
        !in_2012
            .lines()
            .any(|l| l.starts_with(&format!("{first}  "))),
        "{in_2012}"
    );

    for (args, says) in [
        (
            vec!["arena", "list", "--from", "2011-13-01"],
            "Valget --from: «2011-13-01» er ikke en dato. Skriv datoen som åååå-mm-dd eller dd.mm.åååå",
        ),
        (
            vec!["arena", "list", "--from", "2012-01-01", "--to", "2011-01-01"],
            "Valget --to: 01.01.2011 er før --from 01.01.2012.",
        ),
        (
            vec!["arena", "list", "--office", "oslo"],
            "Valget --office: «oslo» er ikke et kontor Husk kjenner. Skriv ost,",
        ),
        (
            vec!["arena", "list", "--programme", "finnes-ikke"],
            "Valget --programme: fant ikke programmet «finnes-ikke». Programmene er:",
        ),
        (
            vec!["arena", "list", "--network", "999"],
            "Valget --network: fant ikke nettverk 999.",
        ),
        (vec!["arena", "show", "999999"], "Fant ikke læringsarena 999999."),
    ] {
        let err = h.fails(&args);
        assert!(err.contains(says), "{args:?}: «{says}» in:\n{err}");
    }
}

#[test]
fn evaluation_results_are_hidden_below_five_answers_and_shown_from_five() {
    let h = Husk::with_demo();
    let few = evaluated_arena(&h, "Programsamling med fire svar", 4);
    let five = evaluated_arena(&h, "Programsamling med fem svar", 5);
    let text = h.ok(&["evaluation", "results", &few.to_string()]);
    assert!(text.contains("Svar: 4"), "{text}");
    assert!(
        text.contains("Resultatene vises når minst 5 har svart, så ingen kan kjennes igjen. Det trengs 1 svar til."),
        "{text}"
    );
    assert!(
        !text.contains("Svar nummer"),
        "no free text while hidden:\n{text}"
    );
    let hidden = json(&h.ok(&[
        "evaluation",
        "results",
        &few.to_string(),
        "--format",
        "json",
    ]));
    assert_eq!(hidden["visibility"]["state"], "hidden");
    assert!(hidden["results"].is_null());

    let text = h.ok(&["evaluation", "results", &five.to_string()]);
    assert!(text.contains("Svar: 5"), "{text}");
    // Answers 4, 5, 4, 5, 4 to every core scale question: 4,40.
    assert!(
        text.contains("Fordeling: 1: 0, 2: 0, 3: 0, 4: 3, 5: 2"),
        "{text}"
    );
    assert!(text.contains("Snitt: 4,40"), "{text}");
    assert!(text.contains("«Svar nummer 5»"), "{text}");
    let shown = json(&h.ok(&[
        "evaluation",
        "results",
        &five.to_string(),
        "--format",
        "json",
    ]));
    assert_eq!(shown["visibility"]["state"], "shown");
    assert_eq!(shown["results"]["answered"], 5);

    let demo_arena = json(&h.ok(&["arena", "list", "--format", "json"]))[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let err = h.fails(&["evaluation", "results", &demo_arena]);
    assert!(err.contains("har ikke noe evalueringsskjema ennå"), "{err}");
    let err = h.fails(&["evaluation", "results", "999999"]);
    assert!(err.contains("Fant ikke læringsarena 999999."), "{err}");
    let err = h.fails(&["evaluation", "results", "femte"]);
    assert!(
        err.contains("«femte» er ikke et nummer på en læringsarena"),
        "{err}"
    );
}

#[test]
fn serve_refuses_a_public_address_it_cannot_put_in_links() {
    let h = Husk::new();
    for (raw, why) in [
        (
            "husk.example.no",
            "den må begynne med https:// eller http://",
        ),
        ("https://husk.example.no/?a=1", "den kan ikke ha ? eller #"),
    ] {
        let err = h.fails(&["serve", "--addr", "127.0.0.1:0", "--public-url", raw]);
        assert!(
            err.contains(&format!(
                "Valget --public-url (HUSK_PUBLIC_URL): «{raw}» er ikke en adresse Husk kan bruke i lenker: {why}."
            )),
            "{err}"
        );
    }
}

#[test]
fn innovation_commands_show_the_seeds_paths_and_name_the_codes_for_an_unknown_one() {
    let h = Husk::with_demo();
    let list = h.ok(&["innovation", "list"]);
    assert!(list.contains("leie-til-eie  Fra leie til eie"), "{list}");
    let all = json(&h.ok(&["innovation", "list", "--format", "json"]));
    assert!(all.as_array().unwrap().len() >= 4);
    let shown = h.ok(&["innovation", "show", "leie-til-eie"]);
    for line in [
        "Begynte i: ikke oppgitt",
        "Kilde: Seed 00",
        "Bergen",
        "Der rapportene sier forskjellig:",
        "Skien: gjennomført eller i gang",
    ] {
        assert!(shown.contains(line), "«{line}» in:\n{shown}");
    }
    let shown = json(&h.ok(&["innovation", "show", "LEIE-TIL-EIE", "--format", "json"]));
    assert_eq!(shown["innovation"]["code"], "leie-til-eie");
    assert!(shown["diffusion"]["graph"]["edges"].is_array());
    let err = h.fails(&["innovation", "show", "finnes-ikke"]);
    assert!(
        err.contains("Fant ikke innovasjonen «finnes-ikke»") && err.contains("leie-til-eie"),
        "{err}"
    );
}

#[test]
fn export_writes_the_open_data_as_the_api_gives_it_and_refuses_a_format_it_cannot_write() {
    let h = Husk::with_demo();
    let out = h.dir.path().join("360.json");
    let said = h.run(&["export", "360giving", "-o", out.to_str().unwrap()]);
    assert!(said.status.success());
    let message = String::from_utf8_lossy(&said.stderr);
    assert!(message.contains("publiserte tilskudd til"), "{message}");
    let package = json(&std::fs::read_to_string(&out).unwrap());
    let grants = package["grants"].as_array().unwrap();
    assert!(grants.len() > 10);
    assert!(grants.iter().all(|g| g["id"]
        .as_str()
        .unwrap()
        .starts_with("360G-husbanken-tilskudd-")
        && g["currency"] == "NOK"));
    // Expected grants are not decisions and are not published.
    assert!(!grants.iter().any(|g| g["awardDate"] == "2011-01-01"
        && g["recipientOrganization"][0]["name"] == "Bærum kommune"));

    let xml = h.ok(&["export", "iati"]);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("<iati-activities version=\"2.03\""));
    assert!(xml.contains("<iati-identifier>360G-husbanken-ost-utviklingsprogram</iati-identifier>"));

    let err = h.fails(&["export", "iati", "--format", "xlsx"]);
    assert!(err.contains("IATI skrives alltid som XML"), "{err}");
    let err = h.fails(&["export", "360giving", "-o", "/finnes-ikke/mappe/360.json"]);
    assert!(err.contains("/finnes-ikke/mappe/360.json"), "{err}");
}
