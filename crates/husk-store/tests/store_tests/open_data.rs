//! Open data in the store, on the demo data and both backends: the demo's rules, what they
//! admit (decided grants of the covered years, the programme's grants through its
//! participants), a private person never named, published reports only with their results
//! where a rule publishes results, and the rules saved and read back.

use crate::common::demo;
use husk_domain::open::{OpenRecipient, Publication, PublicationRule, Scope};
use husk_domain::portfolio::{BudgetItem, GrantStatus};
use husk_domain::Organisasjonsnummer;

#[tokio::test]
async fn the_rules_admit_only_decided_grants_of_the_covered_years_and_schemes() {
    let (_dir, store) = demo().await;
    let data = store.open_data().await.unwrap();
    assert_eq!(data.publication.rules.len(), 2, "the demo's two rules");
    assert!(!data.grants.is_empty());
    for g in &data.grants {
        assert!(g.status != GrantStatus::Forventet, "{g:?}");
        match &g.programme {
            Some((p, _)) if p == "ost-utviklingsprogram" => assert!(g.year >= 2009),
            _ => assert!(g.scheme == BudgetItem::Post78 && g.year >= 2011, "{g:?}"),
        }
    }
    // Bærum's programme grants for 2009 and 2010 are decided; 2011 and 2012 only expected.
    let baerum: Vec<i32> = data
        .grants
        .iter()
        .filter(|g| g.entry_id == "ost-up-baerum")
        .map(|g| g.year)
        .collect();
    assert_eq!(baerum, vec![2010, 2009]);
    let baerum = data
        .grants
        .iter()
        .find(|g| g.entry_id == "ost-up-baerum")
        .unwrap();
    assert_eq!(baerum.kommunenummer.as_deref(), Some("3201"));
    assert_eq!(baerum.municipality.as_deref(), Some("Bærum kommune"));
    // Tromsø's 2014 post 78 grant is before no rule's year and is published; Bergen's 2011 too.
    assert!(data
        .grants
        .iter()
        .any(|g| g.entry_id == "vest-01" && g.year == 2011));

    // The programmes a rule may name, and where the sources disagree about a published entry
    // (none for an entry that is not published).
    let programmes = store.publishable_programmes().await.unwrap();
    assert!(programmes
        .iter()
        .any(|(id, title)| id == "ost-utviklingsprogram"
            && title == "Boligsosialt utviklingsprogram"));
    let notes = store.open_source_notes(&data, "bodo-01").await.unwrap();
    assert!(notes.iter().any(|n| n.other.is_some()), "{notes:?}");
    assert!(store
        .open_source_notes(&data, "ost-01")
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_private_person_is_never_named_and_reports_need_publishing_and_a_results_rule() {
    let (_dir, store) = demo().await;
    let grants = "project,year,amount_nok,budget_item,status,note\n\
        midt-07,2015,50000,post78,tilsagn,\n\
        ost-eks-hf,2025,350000,post78,tilsagn,\n\
        ost-eks-program,2025,420000,post78,tilsagn,\n";
    store
        .import_grants("t.csv", grants.as_bytes(), false)
        .await
        .unwrap();
    let data = store.open_data().await.unwrap();
    let person = data
        .grants
        .iter()
        .find(|g| g.entry_id == "midt-07")
        .unwrap();
    assert_eq!(person.recipient, OpenRecipient::Person);
    assert_eq!(person.kommunenummer, None);
    assert!(
        person.entry.is_none(),
        "a private person's entry is not described"
    );
    // Asker's published half-year report with its indicators; the approved annual report,
    // which Asker has not published, is not there.
    let hf = &data.reports["ost-eks-hf"];
    assert_eq!(hf.len(), 1);
    assert!(hf[0]
        .indicators
        .iter()
        .any(|i| i.name == "Deltakere i egen bolig"
            && i.actual == Some(9.0)
            && i.target == Some(15.0)));
    assert!(!data.reports.contains_key("ost-eks-program"));
    // The feed dates the published report, and only that one.
    let times = store.published_report_times().await.unwrap();
    assert_eq!(times.len(), 1);
    assert!(times.contains_key(&hf[0].id));

    // Without a results rule, the published report is listed without its values.
    let mut p = store.publication().await.unwrap();
    for r in p.rules.iter_mut() {
        r.results = false;
    }
    store.save_publication(&p).await.unwrap();
    let data = store.open_data().await.unwrap();
    assert!(data.reports["ost-eks-hf"][0].indicators.is_empty());
}

#[tokio::test]
async fn the_rules_are_saved_replaced_and_read_back() {
    let (_dir, store) = demo().await;
    let p = Publication {
        rules: vec![PublicationRule {
            scope: Scope::Scheme(BudgetItem::Post21),
            from_year: 2015,
            entries: false,
            results: true,
        }],
        funder_orgnr: Some(Organisasjonsnummer::parse("123456785").unwrap()),
    };
    store.save_publication(&p).await.unwrap();
    assert_eq!(store.publication().await.unwrap(), p);
    // The demo has no post 21 grants: nothing is published now.
    assert!(store.open_data().await.unwrap().grants.is_empty());
    // Both standards need one grant or activity at least: there is no file to give.
    let data = store.open_data().await.unwrap();
    assert_eq!(data.threesixty_json(store.taxonomy(), "2026-12-04"), None);
    assert_eq!(
        data.iati_xml(store.taxonomy(), "2026-12-04T00:00:00Z"),
        None
    );
    store
        .save_publication(&Publication::default())
        .await
        .unwrap();
    assert_eq!(store.publication().await.unwrap(), Publication::default());
}
