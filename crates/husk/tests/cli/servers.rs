//! Several `husk serve` processes on one PostgreSQL database under load (issue 12), short
//! versions of `husk-bench load`'s fault runs: one server is killed with SIGKILL halfway, or
//! each is restarted in turn, while simulated users search, read, save drafts as they type
//! and send reports in, retrying on the other server when theirs does not answer. On SQLite
//! (one file, one server) there is nothing to run: these run in the PostgreSQL step of
//! `scripts/test`.

use husk_bench::load::{run_load, Fault, LoadFigures, LoadOptions, Postgres};
use std::time::Duration;

fn load(users: usize, seconds: u64, fault: Fault) -> Option<LoadFigures> {
    let Some(server) = husk_store::testing::postgres_server() else {
        eprintln!(
            "skipped: needs HUSK_TEST_POSTGRES (scripts/test runs it in its PostgreSQL pass)"
        );
        return None;
    };
    let mut printed = Vec::new();
    let figures = run_load(
        &LoadOptions {
            husk: env!("CARGO_BIN_EXE_husk").into(),
            postgres: Postgres::Server(server),
            servers: 2,
            users,
            duration: Duration::from_secs(seconds),
            fault,
        },
        &mut printed,
    )
    .expect("the load run");
    // What a person running it would read, in the test's output.
    eprintln!("{}", String::from_utf8_lossy(&printed));
    Some(figures)
}

/// What every run must show: reports were sent in and drafts saved (so the checks checked
/// something), none of it lost, nobody gave up, and no answer was other than expected.
fn assert_nothing_lost(f: &LoadFigures) {
    let c = &f.checks;
    assert!(
        c.submissions_acknowledged >= 5,
        "reports were sent in: {c:?}"
    );
    assert!(c.drafts_acknowledged >= 5, "drafts were saved: {c:?}");
    assert!(c.lost.is_empty(), "acknowledged writes lost: {:?}", c.lost);
    assert_eq!(c.submissions_stored_once, c.submissions_acknowledged);
    assert_eq!(c.drafts_kept, c.drafts_acknowledged);
    assert_eq!(f.given_up, 0, "every request was answered after retries");
    assert!(f.unexpected.is_empty(), "{:?}", f.unexpected);
}

#[test]
fn a_server_killed_under_load_loses_no_acknowledged_write_and_the_other_takes_its_work() {
    let Some(f) = load(24, 50, Fault::Kill) else {
        return;
    };
    assert_nothing_lost(&f);
    assert!(
        f.answered_after_fault > 100,
        "the surviving server kept serving: {} answers after the kill",
        f.answered_after_fault
    );
    assert!(
        f.failed_tries > 0 && f.answered_after_retry > 0,
        "users of the killed server were moved over"
    );
    let moved = f.lease_moved_after.expect("the lease moved");
    assert!(moved <= 30.0, "the lease moved after {moved:.1} s");
    assert_eq!(f.memory[0].1, None, "the killed server is gone");
}

#[test]
fn a_rolling_restart_loses_no_request_that_a_client_retries_and_no_write() {
    let Some(f) = load(16, 30, Fault::Rolling) else {
        return;
    };
    assert_nothing_lost(&f);
    assert!(f.answered_after_fault > 50, "{}", f.answered_after_fault);
    assert!(
        f.memory.iter().all(|(_, end)| end.is_some()),
        "both servers run again at the end"
    );
}

#[test]
fn servers_says_when_none_runs_and_names_a_wrong_format() {
    let husk = super::Husk::new();
    let out = husk.ok(&["servers"]);
    assert!(
        out.contains("Ingen tjenere kjører på denne databasen"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&husk.ok(&["servers", "--format", "json"])).unwrap();
    assert_eq!(json["servers"].as_array().map(Vec::len), Some(0));
    let err = husk.fails(&["servers", "--format", "xml"]);
    assert!(err.contains("xml") && err.contains("json"), "{err}");
}
