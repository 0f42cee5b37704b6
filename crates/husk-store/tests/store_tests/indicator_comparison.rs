//! Comparison groups and a participant's indicators against them, and co-financing from the
//! own contribution reported in a participant's reports, on SQLite and (with
//! `HUSK_TEST_POSTGRES`) PostgreSQL.

use husk_domain::programmes::comparison::ComparisonBasis;
use husk_domain::programmes::indicators::Indicator;
use husk_domain::programmes::CofinancingOutcome;
use husk_domain::reporting::{Answer, Answers, ReportAction, ReportKind};
use husk_domain::Viewer;
use husk_store::programmes::{Programme, DEMO_PROGRAMME};
use husk_store::{Actor, ImportFailure, SaveError, Store};

async fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&dir.path().join("data"))
        .await
        .unwrap();
    (dir, store.acting_as(Actor::system("test")))
}

async fn programme(store: &Store) -> Programme {
    store
        .read_as(&Viewer::System)
        .programme(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap()
}

fn id_of(p: &Programme, name: &str) -> i64 {
    p.participants.iter().find(|x| x.name == name).unwrap().id
}

/// Homelessness per 1 000 inhabitants for Hamar (3403, pool 2009), two other participants
/// (Oslo 0301, Lillehammer 3405) and two municipalities outside the programme (Stavanger 1103,
/// Bergen 4601). Invented for the test.
const VALUES: &str = "kommunenummer;år;indikator;verdi
3403;2007;bostedslose-per-1000;2,0
3403;2008;bostedslose-per-1000;2,2
3403;2010;bostedslose-per-1000;1,6
3403;2011;bostedslose-per-1000;1,4
0301;2008;bostedslose-per-1000;3,0
0301;2010;bostedslose-per-1000;2,0
3405;2008;bostedslose-per-1000;1,0
1103;2007;bostedslose-per-1000;1,0
1103;2008;bostedslose-per-1000;1,2
1103;2010;bostedslose-per-1000;1,3
4601;2008;bostedslose-per-1000;1,8
4601;2010;bostedslose-per-1000;2,1
4601;2011;bostedslose-per-1000;2,3
";

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[tokio::test]
async fn a_participant_is_compared_with_the_others_a_group_and_the_municipalities_outside() {
    let (_dir, store) = demo().await;
    store
        .import_indicators("bostedslose.csv", VALUES.as_bytes(), false)
        .await
        .unwrap();
    let r = store
        .import_group(
            "Testgruppe",
            "gruppe.csv",
            b"kommunenummer;navn\n1103;Stavanger\n4601;Bergen\n3403;Hamar\n",
            false,
        )
        .await
        .unwrap();
    assert_eq!((r.new_group, r.added, r.removed), (true, 3, 0));
    let reader = store.read_as(&Viewer::System);
    let groups = reader.comparison_groups().await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(
        (groups[0].name.as_str(), groups[0].members),
        ("Testgruppe", 3)
    );

    let p = programme(&store).await;
    let hamar = id_of(&p, "Hamar");
    let per_1000 = Indicator::find("bostedslose-per-1000").unwrap();

    // The other participants: Oslo (one kommunenummer for its four districts) and Lillehammer.
    let others = reader
        .indicator_comparison(
            &p,
            hamar,
            per_1000,
            ComparisonBasis::OtherParticipants,
            None,
        )
        .await
        .unwrap()
        .unwrap();
    let y2008 = others.rows.iter().find(|r| r.year == 2008).unwrap();
    assert!(close(y2008.own, 2.2));
    assert!(close(y2008.comparison, 2.0), "(3,0 + 1,0) / 2");
    assert_eq!(y2008.compared, 2);
    let y2010 = others.rows.iter().find(|r| r.year == 2010).unwrap();
    assert!(close(y2010.comparison, 2.0));
    assert_eq!(y2010.compared, 1);
    assert_eq!(others.joined, Some(2009));
    assert_eq!(others.sources, ["bostedslose.csv"]);

    // A named group, without Hamar itself.
    let group = reader
        .indicator_comparison(
            &p,
            hamar,
            per_1000,
            ComparisonBasis::Group,
            Some(groups[0].id),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(group.members, 2);
    let y2008 = group.rows.iter().find(|r| r.year == 2008).unwrap();
    assert!(close(y2008.comparison, 1.5), "(1,2 + 1,8) / 2");

    // Outside the programme, before and after Hamar joined in 2009.
    let outside = reader
        .indicator_comparison(&p, hamar, per_1000, ComparisonBasis::NonParticipants, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(outside.members, 2, "Stavanger and Bergen");
    let years: Vec<(i32, Option<bool>)> = outside
        .rows
        .iter()
        .map(|r| (r.year, r.after_joining))
        .collect();
    assert_eq!(
        years,
        [
            (2007, Some(false)),
            (2008, Some(false)),
            (2010, Some(true)),
            (2011, Some(true))
        ]
    );
    let ba = outside.before_after.unwrap();
    assert!(close(ba.own_before, 2.1), "(2,0 + 2,2) / 2");
    assert!(close(ba.own_after, 1.5), "(1,6 + 1,4) / 2");
    // 2007: 1,0; 2008: 1,5 → 1,25. 2010: 1,7; 2011: 2,3 → 2,0.
    assert!(close(ba.comparison_before, 1.25));
    assert!(close(ba.comparison_after, 2.0));

    // A participant without values, with no stated pool: nothing before or after.
    let asker = reader
        .indicator_comparison(
            &p,
            id_of(&p, "Asker"),
            per_1000,
            ComparisonBasis::OtherParticipants,
            None,
        )
        .await
        .unwrap()
        .unwrap();
    assert!(asker.rows.iter().all(|r| r.own.is_none()));
    assert!(asker.before_after.is_none());
    assert_eq!(
        reader.indicators_with_values().await.unwrap(),
        [per_1000],
        "only the imported indicator"
    );
}

#[tokio::test]
async fn a_group_is_imported_all_or_nothing_and_a_new_list_replaces_its_members() {
    let (_dir, store) = demo().await;
    store
        .import_group(
            "ASSS (test)",
            "a.csv",
            b"kommunenummer\n0301\n4601\n",
            false,
        )
        .await
        .unwrap();
    let Err(ImportFailure::Invalid(errors)) = store
        .import_group(
            "ASSS (test)",
            "b.csv",
            b"kommunenummer\n0301\n46x1\n0301\n",
            false,
        )
        .await
    else {
        panic!("a bad list is refused");
    };
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4], "{errors:?}");
    let Err(ImportFailure::Invalid(errors)) = store
        .import_group(" ", "c.csv", b"kommunenummer\n0301\n", false)
        .await
    else {
        panic!("a group needs a name");
    };
    assert!(errors[0].message.contains("Navnet på gruppen mangler"));
    let groups = store
        .read_as(&Viewer::System)
        .comparison_groups()
        .await
        .unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members, 2, "nothing of the bad file was kept");

    let dry = store
        .import_group("ASSS (test)", "d.csv", b"kommunenummer\n0301\n5001\n", true)
        .await
        .unwrap();
    assert_eq!(
        (dry.added, dry.kept, dry.removed, dry.dry_run),
        (1, 1, 1, true)
    );
    let r = store
        .import_group(
            "ASSS (test)",
            "d.csv",
            b"kommunenummer\n0301\n5001\n1103\n",
            false,
        )
        .await
        .unwrap();
    assert_eq!((r.new_group, r.added, r.kept, r.removed), (false, 2, 1, 1));
    let groups = store
        .read_as(&Viewer::System)
        .comparison_groups()
        .await
        .unwrap();
    assert_eq!((groups[0].members, groups[0].source.as_str()), (3, "d.csv"));
}

fn t(s: &str) -> Answer {
    Answer::Text(s.into())
}

/// A complete annual report with the economy part's figures.
fn report(own_contribution: &str) -> Answers {
    let mut a = Answers::new();
    a.insert("gjort_mot_plan".into(), t("Vi fulgte programplanen."));
    a.insert("status_framdrift".into(), t("som-planlagt"));
    a.insert(
        "mal".into(),
        Answer::Rows(vec![vec!["Egen bolig".into(), "4".into(), "".into()]]),
    );
    a.insert(
        "indikatorer".into(),
        Answer::Rows(vec![vec![
            "Bosatte".into(),
            "personer".into(),
            "0".into(),
            "10".into(),
            "7".into(),
            "".into(),
        ]]),
    );
    a.insert("laert".into(), t("Samarbeid med NAV virker."));
    a.insert("endret_praksis".into(), t("Nytt tildelingsmøte."));
    a.insert("annerledes".into(), t("Startet tidligere."));
    a.insert("brukermedvirkning_grad".into(), t("3"));
    a.insert("tildelt".into(), t("1 500 000"));
    a.insert("brukt".into(), t("1 400 000"));
    a.insert("egeninnsats".into(), t(own_contribution));
    a.insert("formal".into(), t("Færre bostedsløse."));
    a.insert("suksesskriterier".into(), t("Færre bostedsløse."));
    a.insert(
        "kunnskapstema".into(),
        Answer::List(vec!["brukerrelaterte-metoder".into()]),
    );
    a.insert("videreforing".into(), t("ja"));
    a.insert("samtykke_publisering".into(), t("nei"));
    a
}

#[tokio::test]
async fn a_reported_own_contribution_below_the_share_is_a_shortfall_and_the_rule_can_change() {
    let (_dir, store) = demo().await;
    // Hamar's annual report for 2011 (programme year 3, 40 %): grant 1 500 000 kr, own
    // contribution 600 000 kr → 40 % of 2 100 000 kr is 840 000 kr, 240 000 kr short.
    let id = store
        .start_report("ost-up-hamar", ReportKind::Annual, 2011)
        .await
        .unwrap();
    store
        .submit_report(id, &report("600 000"), 0)
        .await
        .unwrap();
    // A draft for 2012 is not counted.
    let draft = store
        .start_report("ost-up-hamar", ReportKind::HalfYear, 2012)
        .await
        .unwrap();
    store
        .save_draft(draft, &report("9 000 000"), 0)
        .await
        .unwrap();

    let p = programme(&store).await;
    let reader = store.read_as(&Viewer::System);
    let c = reader.cofinancing(&p).await.unwrap();
    let hamar = c
        .participants
        .iter()
        .find(|x| x.participant == "Hamar")
        .unwrap();
    assert_eq!(hamar.entry_year, Some(2009));
    let y2011 = hamar.years.iter().find(|y| y.year == 2011).unwrap();
    assert_eq!(y2011.programme_year, Some(3));
    assert_eq!(y2011.reported, Some(600_000));
    assert_eq!(y2011.programme_costs, 2_100_000);
    assert_eq!(y2011.required, Some(840_000));
    let CofinancingOutcome::Shortfall(s) = y2011.outcome else {
        panic!("a shortfall: {:?}", y2011.outcome);
    };
    assert_eq!(s.amount, 240_000);
    assert!(y2011.needs_attention());
    // 2012: only a draft, so nothing reported; half of the 1 500 000 kr grant is owed at least.
    let y2012 = hamar.years.iter().find(|y| y.year == 2012).unwrap();
    assert_eq!(y2012.outcome, CofinancingOutcome::NotReported);
    assert_eq!(y2012.required, Some(750_000));
    assert_eq!(hamar.reports.len(), 1, "the draft is not counted");
    // Asker's pool is not stated: no year can be checked.
    let asker = c
        .participants
        .iter()
        .find(|x| x.participant == "Asker")
        .unwrap();
    assert!(asker.entry_year.is_none() && asker.years.is_empty());

    // Approved, the approved version's figure counts.
    store
        .review_report(id, ReportAction::Approve, "", &Default::default())
        .await
        .unwrap();
    let c = reader.cofinancing(&programme(&store).await).await.unwrap();
    let hamar = c
        .participants
        .iter()
        .find(|x| x.participant == "Hamar")
        .unwrap();
    assert_eq!(
        hamar
            .years
            .iter()
            .find(|y| y.year == 2011)
            .unwrap()
            .reported,
        Some(600_000)
    );

    // The rule is the programme's own: with 25 % in year 3 the same report is enough.
    let fields: Vec<String> = ["0", "20", "25", "30"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    store
        .set_cofinancing_rule(DEMO_PROGRAMME, &fields)
        .await
        .unwrap();
    let p = programme(&store).await;
    let shares: Vec<u32> = p.cofinancing.iter().map(|s| s.basis_points()).collect();
    assert_eq!(shares, [0, 2000, 2500, 3000]);
    let c = reader.cofinancing(&p).await.unwrap();
    let hamar = c
        .participants
        .iter()
        .find(|x| x.participant == "Hamar")
        .unwrap();
    let y2011 = hamar.years.iter().find(|y| y.year == 2011).unwrap();
    assert_eq!(y2011.outcome, CofinancingOutcome::Met { surplus: 75_000 });

    let bad: Vec<String> = ["0", "", "200"].iter().map(|s| s.to_string()).collect();
    let Err(SaveError::Invalid(e)) = store.set_cofinancing_rule(DEMO_PROGRAMME, &bad).await else {
        panic!("a bad rule is refused");
    };
    assert!(e.get("andel-2").is_some() && e.get("andel-3").is_some());
    assert_eq!(programme(&store).await.cofinancing.len(), 4, "unchanged");
}
