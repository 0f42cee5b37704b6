//! Innovation and its spread in the store, on the demo data (its programme and networks are
//! the channels Husk suggests sources from): the seeds' paths, the adoption rules as the store
//! applies them, suggested sources that count only once accepted, and who may come next.

use crate::common::{demo, viewer};
use husk_domain::innovation::adoptions::AdoptionInput;
use husk_domain::innovation::diffusion::EdgeStatus;
use husk_domain::innovation::examples::{GoodExampleInput, LibraryFilter};
use husk_domain::innovation::{Area, InnovationInput, InnovationKind, Reference};
use husk_domain::Viewer;
use husk_store::{SaveError, Store};

fn adoption(adopter: &str, knr: &str, from: &str, year: &str) -> AdoptionInput {
    AdoptionInput {
        adopter: adopter.into(),
        adopter_kind: "kommune".into(),
        kommunenummer: knr.into(),
        from: from.into(),
        spread: "adopsjon".into(),
        channel: "nettverk".into(),
        phase: "drift".into(),
        year: year.into(),
        confirmed: true,
        ..Default::default()
    }
}

/// A method that began in Kongsvinger in 2009; Hamar took it from Kongsvinger in 2010 and
/// Gjøvik took it up in 2012 from someone not recorded. All three are in region øst's
/// programme and the Innlandet network in the demo.
async fn history(store: &Store) -> (i64, i64) {
    store
        .create_innovation(&InnovationInput {
            code: "testmetode".into(),
            name: "Testmetode for kartlegging".into(),
            kind: "praksis".into(),
            dimension: "styring".into(),
            area: "oppfolging".into(),
            origin_place: "Kongsvinger".into(),
            origin_kommunenummer: "3401".into(),
            origin_year: "2009".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let hamar = store
        .record_adoption(
            "testmetode",
            &adoption("Hamar", "3403", "Kongsvinger", "2010"),
        )
        .await
        .unwrap();
    let gjovik = store
        .record_adoption("testmetode", &adoption("Gjøvik", "3407", "", "2012"))
        .await
        .unwrap();
    (hamar, gjovik)
}

#[tokio::test]
async fn the_demo_holds_the_seeds_paths_with_their_sources_classified_in_the_reference_matrix() {
    let (_dir, store) = demo().await;
    let reader = store.read_as(&Viewer::System);
    let all = reader.innovations().await.unwrap();
    assert!(all.len() >= 4, "{}", all.len());
    for n in &all {
        assert!(n.source.starts_with("Seed 00"), "{}: {}", n.code, n.source);
        for a in &n.adoptions {
            assert!(
                a.source.starts_with("Seed 00"),
                "{}: {}",
                a.adopter,
                a.source
            );
        }
        // Every classification is a cell of seed 000's table or says that the table has none.
        let _ = Reference::builtin().cell(n.dimension, n.area);
    }
    let leie = reader.innovation("leie-til-eie").await.unwrap().unwrap();
    // Where the reports disagree, Husk holds both statements, each with its source.
    assert_eq!(leie.disagreements.len(), 2);
    for d in &leie.disagreements {
        assert!(!d.first_says.is_empty() && !d.second_says.is_empty());
        assert!(d.first_source.starts_with("Seed 00") && d.second_source.starts_with("Seed 00"));
    }
    // The register entries that carry it, from seed 004's table of projects.
    let vest = leie.links.iter().find(|l| l.target == "vest-01").unwrap();
    assert_eq!(vest.title.as_deref(), Some("Fra leie til eie"));
    assert!(vest.source.starts_with("Seed 004"));
    // Loading the demo again adds nothing twice.
    store.load_demo().await.unwrap();
    let again = reader.innovation("leie-til-eie").await.unwrap().unwrap();
    assert_eq!(again.disagreements.len(), 2);
    assert_eq!(again.links.len(), leie.links.len());
    assert_eq!(again.adoptions.len(), leie.adoptions.len());
    // No report says where rent-to-own began: Husk does not say either.
    assert_eq!(leie.origin_place, "");
    let bergen = leie
        .adoptions
        .iter()
        .find(|a| a.adopter == "Bergen")
        .unwrap();
    assert_eq!(bergen.from.as_deref(), Some("Trondheim"));
    let foyer = all.iter().find(|n| n.origin_place == "Aberdeen").unwrap();
    assert_ne!(foyer.origin_country, "Norge");
    assert!(foyer.adoptions.iter().any(|a| a.adopter == "Bodø"));

    // The public reads none of it.
    assert!(store
        .read_as(&Viewer::Public)
        .innovations()
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .read_as(&Viewer::Public)
        .innovation("leie-til-eie")
        .await
        .is_err());
}

#[tokio::test]
async fn adoptions_follow_the_rules_and_keep_nothing_refused() {
    let (_dir, store) = demo().await;
    history(&store).await;
    // Before its source had it.
    let early = store
        .record_adoption("testmetode", &adoption("Elverum", "3420", "Hamar", "2008"))
        .await
        .unwrap_err();
    let SaveError::Invalid(e) = early else {
        panic!("{early:?}")
    };
    assert!(e.get("ar").unwrap().contains("2010"), "{e:?}");
    // The same municipality twice.
    let twice = store
        .record_adoption("testmetode", &adoption("Hamar kommune", "3403", "", "2011"))
        .await
        .unwrap_err();
    assert!(
        matches!(&twice, SaveError::Invalid(e) if e.get("adopter").is_some()),
        "{twice:?}"
    );
    // Confirmed without a municipality or a year.
    let bare = store
        .record_adoption("testmetode", &adoption("Elverum", "", "", ""))
        .await
        .unwrap_err();
    assert!(
        matches!(&bare, SaveError::Invalid(e) if e.get("kommunenummer").is_some() && e.get("ar").is_some()),
        "{bare:?}"
    );
    let n = store
        .read_as(&Viewer::System)
        .innovation("testmetode")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(n.adoptions.len(), 2, "nothing refused was stored");
    // Proposed, it may wait for its year.
    store
        .record_adoption(
            "testmetode",
            &AdoptionInput {
                confirmed: false,
                ..adoption("Elverum", "", "", "")
            },
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn suggested_sources_count_only_once_accepted_and_a_rejected_one_is_not_suggested_again() {
    let (_dir, store) = demo().await;
    let (_, gjovik) = history(&store).await;
    let reader = store.read_as(&Viewer::System);
    let n = reader.innovation("testmetode").await.unwrap().unwrap();
    let d = reader.diffusion(&n).await.unwrap();
    let mine: Vec<&str> = d
        .suggestions
        .iter()
        .filter(|s| s.adoption_id == gjovik)
        .map(|s| s.source.as_str())
        .collect();
    assert!(
        mine.contains(&"Hamar") && mine.contains(&"Kongsvinger"),
        "{mine:?}"
    );
    let hamar = d.suggestions.iter().find(|s| s.source == "Hamar").unwrap();
    assert!(
        hamar
            .reasons
            .iter()
            .any(|r| r.contains("Boligsosialt utviklingsprogram")),
        "{:?}",
        hamar.reasons
    );
    assert!(hamar.confidence > 0 && hamar.confidence < 100);
    // A suggestion is an edge of its own kind; the curve counts the adoptions only.
    assert_eq!(
        d.graph
            .edges
            .iter()
            .filter(|e| e.status == EdgeStatus::Confirmed)
            .count(),
        1
    );
    assert_eq!(d.curve.last().unwrap().cumulative, 2);

    // Likely next: members beside holders, with whom to ask; not those who have it.
    let next: Vec<&str> = d.likely_next.iter().map(|c| c.name.as_str()).collect();
    assert!(
        next.contains(&"Elverum") && next.contains(&"Lillehammer"),
        "{next:?}"
    );
    for has in ["Hamar", "Gjøvik", "Kongsvinger"] {
        assert!(!next.contains(&has), "{has} has it: {next:?}");
    }
    let elverum = d.likely_next.iter().find(|c| c.name == "Elverum").unwrap();
    assert!(elverum
        .via
        .iter()
        .any(|v| v.ask.iter().any(|a| a == "Hamar")));

    // Rejected: not suggested again (kept in the database, so for every server).
    store
        .decide_suggested_source("testmetode", gjovik, "Hamar", false)
        .await
        .unwrap();
    let d = reader.diffusion(&n).await.unwrap();
    assert!(!d.suggestions.iter().any(|s| s.source == "Hamar"));
    // Accepted: the adoption's source, a confirmed edge, and no more suggestions for it.
    store
        .decide_suggested_source("testmetode", gjovik, "Kongsvinger", true)
        .await
        .unwrap();
    let n = reader.innovation("testmetode").await.unwrap().unwrap();
    assert_eq!(
        n.adoption(gjovik).unwrap().from.as_deref(),
        Some("Kongsvinger")
    );
    let d = reader.diffusion(&n).await.unwrap();
    assert!(d.suggestions.iter().all(|s| s.adoption_id != gjovik));
    assert_eq!(
        d.graph
            .edges
            .iter()
            .filter(|e| e.status == EdgeStatus::Confirmed)
            .count(),
        2
    );
}

#[tokio::test]
async fn advisers_record_and_a_recipient_confirms_only_its_own_adoption() {
    let (_dir, store) = demo().await;
    let (_, gjovik) = history(&store).await;
    let adviser = viewer(&store, "demo-radgiver-ost").await;
    assert!(adviser.may_read_innovations() && adviser.may_record_innovation());
    let reader = viewer(&store, "demo-leser").await;
    assert!(reader.may_read_innovations() && !reader.may_record_innovation());
    assert!(!Viewer::Public.may_read_innovations());

    // Asker's adoption is linked to Asker kommune in the register by its kommunenummer.
    let asker = store
        .record_adoption(
            "testmetode",
            &AdoptionInput {
                confirmed: false,
                ..adoption("Asker", "3203", "", "2013")
            },
        )
        .await
        .unwrap();
    let n = store
        .read_as(&Viewer::System)
        .innovation("testmetode")
        .await
        .unwrap()
        .unwrap();
    let recipient = viewer(&store, "demo-mottaker-asker").await;
    assert!(!recipient.may_record_innovation());
    assert!(recipient.may_confirm_adoption(n.adoption(asker).unwrap().scope()));
    assert!(!recipient.may_confirm_adoption(n.adoption(gjovik).unwrap().scope()));
    assert!(!reader.may_confirm_adoption(n.adoption(asker).unwrap().scope()));
    assert!(adviser.may_confirm_adoption(n.adoption(gjovik).unwrap().scope()));
}

fn example(
    innovation: &str,
    title: &str,
    summary: &str,
    area: &str,
    groups: &[&str],
) -> GoodExampleInput {
    GoodExampleInput {
        innovation: innovation.into(),
        title: title.into(),
        summary: summary.into(),
        contact: "Hamar kommune, boligkontoret, postmottak@hamar.kommune.no".into(),
        evidence: "Sluttrapport til Husbanken 2013".into(),
        place: "Hamar kommune".into(),
        area: area.into(),
        kind: "praksis".into(),
        target_groups: groups.iter().map(|g| g.to_string()).collect(),
        ..Default::default()
    }
}

#[tokio::test]
async fn good_examples_are_public_without_what_is_internal_and_are_found_by_norwegian_words() {
    let (_dir, store) = demo().await;
    history(&store).await;
    // The demo publishes the seeds' Foyer and Housing First as good examples.
    let public = store.read_as(&Viewer::Public);
    let demo_examples = public
        .good_examples(&LibraryFilter::default())
        .await
        .unwrap();
    assert_eq!(demo_examples.len(), 2, "{demo_examples:?}");
    for e in &demo_examples {
        assert!(e.source.starts_with("Seed 00"), "{}", e.source);
        // The public is not told which innovation or entry is behind it.
        assert!(e.subject.is_none(), "{e:?}");
    }

    let id = store
        .publish_good_example(&example(
            "testmetode",
            "Kartlegging av boligbehov i bydelene",
            "Kommunen kartla hvem som bor dårlig, og fant flere barnefamilier enn ventet.",
            "oppfolging",
            &["barnefamilier"],
        ))
        .await
        .unwrap();
    // An innovation has one good example: publishing again is refused, naming the first.
    let again = store
        .publish_good_example(&example(
            "testmetode",
            "Igjen",
            "Igjen.",
            "oppfolging",
            &["unge"],
        ))
        .await
        .unwrap_err();
    match again {
        SaveError::Invalid(e) => assert!(e.get("gjelder").unwrap().contains(&id.to_string())),
        other => panic!("{other:?}"),
    }

    // Norwegian analysis: «boligbehovet» and «kartlegginger» find «boligbehov» and
    // «kartla»/«Kartlegging»; a word that is not there finds nothing.
    let search = |q: &str| LibraryFilter {
        query: q.into(),
        ..Default::default()
    };
    let found = public
        .good_examples(&search("kartlegging boligbehovet"))
        .await
        .unwrap();
    assert_eq!(found.iter().map(|e| e.id).collect::<Vec<_>>(), vec![id]);
    assert!(public
        .good_examples(&search("kartlegging trondheim"))
        .await
        .unwrap()
        .is_empty());
    // «barnefamilien» finds the compound's stem in the summary.
    assert_eq!(
        public
            .good_examples(&search("barnefamilien"))
            .await
            .unwrap()
            .len(),
        1
    );

    // Filters by area, kind and target group.
    let by = |area: Option<Area>, group: Option<&str>| LibraryFilter {
        area,
        target_group: group.map(str::to_string),
        ..Default::default()
    };
    let follow_up = public
        .good_examples(&by(Some(Area::FollowUp), None))
        .await
        .unwrap();
    assert!(follow_up.iter().any(|e| e.id == id));
    assert!(follow_up.iter().all(|e| e.area == Area::FollowUp));
    let families = public
        .good_examples(&by(None, Some("barnefamilier")))
        .await
        .unwrap();
    assert_eq!(families.iter().map(|e| e.id).collect::<Vec<_>>(), vec![id]);
    assert!(public
        .good_examples(&LibraryFilter {
            kind: Some(InnovationKind::Rule),
            ..Default::default()
        })
        .await
        .unwrap()
        .is_empty());

    // Logged in, the innovation behind it is named.
    let reader = viewer(&store, "demo-leser").await;
    let seen = store
        .read_as(&reader)
        .good_example(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.subject.unwrap().id, "testmetode");

    // Withdrawn, it is gone for the public and from the library, and kept for advisers.
    store.withdraw_good_example(id).await.unwrap();
    assert!(public.good_example(id).await.unwrap().is_none());
    assert!(public
        .good_examples(&search("kartlegging"))
        .await
        .unwrap()
        .is_empty());
    let adviser = viewer(&store, "demo-radgiver-ost").await;
    let kept = store
        .read_as(&adviser)
        .good_example(id)
        .await
        .unwrap()
        .unwrap();
    assert!(kept.withdrawn);
    assert_eq!(
        kept.summary,
        "Kommunen kartla hvem som bor dårlig, og fant flere barnefamilier enn ventet."
    );
    // Saving it again publishes it again.
    let subject = kept.subject.clone().unwrap();
    store
        .update_good_example(
            id,
            &GoodExampleInput {
                title: "Kartlegging av boligbehov".into(),
                ..kept.input(&subject)
            },
        )
        .await
        .unwrap();
    let back = public.good_example(id).await.unwrap().unwrap();
    assert_eq!(back.title, "Kartlegging av boligbehov");
    assert!(!back.withdrawn);
}

#[tokio::test]
async fn a_good_example_of_an_entry_needs_an_entry_that_exists() {
    let (_dir, store) = demo().await;
    let refused = store
        .publish_good_example(&GoodExampleInput {
            innovation: String::new(),
            entry: "finnes-ikke-99".into(),
            ..example("", "Tittel", "Sammendrag.", "etablering", &["unge"])
        })
        .await
        .unwrap_err();
    match refused {
        SaveError::Invalid(e) => assert!(e.get("gjelder").unwrap().contains("finnes-ikke-99")),
        other => panic!("{other:?}"),
    }
    let entry = store.projects().await.unwrap().into_iter().next().unwrap();
    let id = store
        .publish_good_example(&GoodExampleInput {
            innovation: String::new(),
            entry: entry.id.clone(),
            ..example("", "Et prosjekt", "Sammendrag.", "etablering", &["unge"])
        })
        .await
        .unwrap();
    let public = store
        .read_as(&Viewer::Public)
        .good_example(id)
        .await
        .unwrap()
        .unwrap();
    assert!(public.subject.is_none());
    let reader = viewer(&store, "demo-leser").await;
    let seen = store
        .read_as(&reader)
        .good_example(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.subject.unwrap().id, entry.id);
}

#[tokio::test]
async fn a_report_answer_naming_a_method_from_elsewhere_proposes_an_adoption_that_does_not_count() {
    use husk_domain::reporting::answers::{Answer, Answers};
    use husk_domain::reporting::ReportKind;
    let (_dir, store) = demo().await;
    let t = |s: &str| Answer::Text(s.into());
    let mut a = Answers::new();
    for (k, v) in [
        ("formal", "Færre utkastelser."),
        ("suksesskriterier", "Ingen mister boligen."),
        ("gjort_mot_plan", "Vi etablerte teamet."),
        ("status_framdrift", "som-planlagt"),
        ("endret_praksis", "Nytt tildelingsmøte."),
        ("annerledes", "Startet tidligere."),
        ("brukermedvirkning_grad", "3"),
        ("videreforing", "delvis"),
        ("tildelt", "500 000"),
        ("brukt", "400 000"),
        ("samtykke_publisering", "nei"),
        (
            "metode_opphav_hvor",
            "Vi har brukt egne skjemaer. Modellen for leie til eie har vi lært av Drammen, som vi møtte i nettverket.",
        ),
        // Named, but not as taken from anywhere: no proposal.
        ("laert", "Housing First kan bli aktuelt senere."),
    ] {
        a.insert(k.into(), t(v));
    }
    a.insert(
        "mal".into(),
        Answer::Rows(vec![vec!["Egen bolig".into(), "4".into(), "".into()]]),
    );
    a.insert(
        "kunnskapstema".into(),
        Answer::List(vec!["brukerrelaterte-metoder".into()]),
    );
    let channels_before = store
        .read_as(&Viewer::System)
        .innovation_channels()
        .await
        .unwrap();
    let mut report = None;
    for year in [2026, 2025, 2024] {
        match store
            .start_report("ost-eks-hf", ReportKind::HalfYear, year)
            .await
        {
            Ok(id) => {
                report = Some(id);
                break;
            }
            Err(e) => eprintln!("{year}: {e}"),
        }
    }
    let report = report.expect("a new report for Asker's entry");
    store.submit_report(report, &a, 0).await.unwrap();

    let reader = store.read_as(&Viewer::System);
    let leie = reader.innovation("leie-til-eie").await.unwrap().unwrap();
    let asker = leie
        .adoptions
        .iter()
        .find(|x| x.adopter == "Asker")
        .expect("Asker's answer proposes leie til eie");
    assert!(!asker.confirmed, "a proposal is not confirmed");
    assert_eq!(asker.from.as_deref(), Some("Drammen"));
    assert_eq!(asker.kommunenummer.as_deref(), Some("3203"));
    assert!(
        asker.evidence.contains("lært av Drammen"),
        "{}",
        asker.evidence
    );
    assert!(asker.husk_note.contains("Foreslått av Husk"));
    // «Housing First kan bli aktuelt senere» names it without taking it from anywhere.
    let hf = reader.innovation("housing-first").await.unwrap().unwrap();
    assert!(!hf
        .adoptions
        .iter()
        .any(|x| x.evidence.contains("aktuelt senere")));
    // The demo's example reports propose nothing: the demo holds only the seeds' paths.
    assert!(!hf.adoptions.iter().any(|x| x.adopter == "Asker"));
    // It counts nowhere until confirmed.
    assert_eq!(
        reader.innovation_channels().await.unwrap().len(),
        channels_before.len()
    );
    let total = |c: &[husk_domain::innovation::diffusion::ChannelFigures]| {
        c.iter().map(|f| f.adoptions).sum::<usize>()
    };
    assert_eq!(
        total(&reader.innovation_channels().await.unwrap()),
        total(&channels_before)
    );
}
