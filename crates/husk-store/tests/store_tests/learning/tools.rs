//! The learning area's tools in the store: the demo's catalogue from Tabell 5-1 with Husk's
//! guides, usage per office, versions made by each change and compared, reads as each kind of
//! viewer, and the ranking; on SQLite and (with `HUSK_TEST_POSTGRES`) PostgreSQL.

use husk_domain::learning::tools::{compare, SituationInput, ToolInput};
use husk_domain::Viewer;
use husk_store::{Actor, SaveError, StoreError};

#[tokio::test]
async fn the_toolbox_is_seeded_versioned_compared_and_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&dir.path().join("data"))
        .await
        .unwrap();
    // A second load leaves the toolbox as it was.
    store.load_demo().await.unwrap();
    let system = Viewer::System;
    let reader = store.read_as(&system);
    let tools = reader.tools().await.unwrap();
    assert_eq!(tools.len(), 63, "every tool of Tabell 5-1, once");
    assert_eq!(tools[0].tool.category, "fou", "in the taxonomy's order");

    // Usage: Husbanken.no is used by four offices; Diskusjonsforum by the strategy office only.
    let usages = reader.tool_usages().await.unwrap();
    assert_eq!(usages.len(), 71);
    let web = tools
        .iter()
        .find(|t| t.tool.name == "Husbanken.no")
        .unwrap();
    let mut offices: Vec<&str> = usages
        .iter()
        .filter(|u| u.tool_id == web.id)
        .map(|u| u.office.as_str())
        .collect();
    offices.sort();
    assert_eq!(offices, ["midt", "nasjonal", "sor", "vest"]);

    // Husk's guides: the learning network's is written and public, most are not written yet.
    let network = tools
        .iter()
        .find(|t| t.tool.name == "Læringsnettverk")
        .unwrap();
    assert!(network.tool.has_guide() && network.tool.public);
    assert_eq!(tools.iter().filter(|t| t.tool.has_guide()).count(), 6);
    let forum = tools
        .iter()
        .find(|t| t.tool.name == "Diskusjonsforum")
        .unwrap();
    assert!(!forum.tool.has_guide() && !forum.tool.public);

    // The public reads a published guide, not an unpublished one nor the list.
    let public = Viewer::Public;
    let anon = store.read_as(&public);
    assert!(anon.tool(network.id).await.unwrap().is_some());
    assert!(matches!(anon.tool(forum.id).await, Err(StoreError::Hidden)));
    assert!(matches!(anon.tools().await, Err(StoreError::Hidden)));
    assert!(matches!(
        anon.tool_versions(network.id).await,
        Err(StoreError::Hidden)
    ));

    // An adviser writes the forum's guide: version 2, by them; saving it unchanged makes none.
    let ost = store.acting_as(Actor::user(2, "radgiver-ost"));
    let mut input = forum.tool.input();
    input.purpose = "Et forum på intranettet der rådgivere spør hverandre.".into();
    input.steps = "Opprett en tråd\nInviter kollegene".into();
    input.needs = vec!["dele-erfaring".into()];
    assert!(ost.update_tool(forum.id, &input).await.unwrap());
    assert!(!ost.update_tool(forum.id, &input).await.unwrap());
    input.steps = "Opprett en tråd\nSkriv spørsmålet kort\nInviter kollegene".into();
    assert!(ost.update_tool(forum.id, &input).await.unwrap());
    let versions = reader.tool_versions(forum.id).await.unwrap().unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(versions[0].changed_by, "demo");
    assert_eq!(versions[2].changed_by, "radgiver-ost");
    let diff = compare(
        &versions[1].tool.guide_lines(),
        &versions[2].tool.guide_lines(),
    );
    let added: Vec<&str> = diff
        .iter()
        .filter(|d| d.change == "added")
        .map(|d| d.text.as_str())
        .collect();
    assert_eq!(added, ["Skriv spørsmålet kort"]);

    // A new tool: its name must be free and its examples must exist.
    let new = ToolInput {
        name: "læringsnettverk".into(),
        category: "organisatorisk".into(),
        direction: "eksternt".into(),
        examples: "prosjekt finnes-ikke".into(),
        ..ToolInput::default()
    };
    let Err(SaveError::Invalid(e)) = ost.create_tool(&new).await else {
        panic!("a taken name and a missing example are refused");
    };
    assert!(e.get("navn").unwrap().contains("finnes allerede"));
    assert!(e.get("eksempler").unwrap().contains("prosjekt finnes-ikke"));
    let id = ost
        .create_tool(&ToolInput {
            name: "Kollegaveiledning".into(),
            examples: "prosjekt ost-10".into(),
            ..new
        })
        .await
        .unwrap();
    assert_eq!(
        reader.tool_versions(id).await.unwrap().unwrap()[0].changed_by,
        "radgiver-ost"
    );

    // The ranking: starting a network puts the learning network first, with why.
    let s = SituationInput {
        need: "starte-nettverk".into(),
        partner: "kommuner".into(),
        direction: "eksternt".into(),
        effort: "mye".into(),
    }
    .validate()
    .unwrap();
    let ranked = reader.recommend(&s).await.unwrap();
    assert_eq!(ranked[0].name, "Læringsnettverk");
    assert!(
        ranked[0]
            .ranked
            .why
            .starts_with("Læringsnettverk passer til å starte et nettverk"),
        "{}",
        ranked[0].ranked.why
    );
    assert!(ranked.iter().all(|r| r.evaluation.is_none()));
    assert!(store.tool_evaluation_averages().await.unwrap().is_empty());
}

/// Answers an arena's open form `n` times, every core scale question with `score`.
async fn answer(store: &husk_store::Store, arena: i64, n: usize, score: &str) {
    use husk_store::learning::evaluations::oslo_now;
    let form = store
        .read_as(&Viewer::System)
        .evaluation(arena)
        .await
        .unwrap()
        .unwrap()
        .form
        .unwrap();
    let answers: std::collections::BTreeMap<String, String> = [
        "nytte",
        "innhold",
        "erfaringsdeling",
        "gjennomforing",
        "bruk",
    ]
    .into_iter()
    .map(|k| (k.to_string(), score.to_string()))
    .collect();
    for i in 0..n {
        store
            .submit_evaluation(
                &form.token,
                Some(&format!("enhet-{arena}-{i:04}")),
                &format!("skjema-{arena}-{i:08}-nokkel"),
                &answers,
                oslo_now(),
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_tools_score_is_the_mean_of_its_arenas_shown_evaluations() {
    use husk_domain::learning::arenas::ArenaInput;
    use husk_domain::learning::evaluations::{iso_local, WindowInput};
    use husk_store::learning::evaluations::oslo_now;
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&dir.path().join("data"))
        .await
        .unwrap();
    let now = oslo_now();
    let window = WindowInput {
        opens: iso_local(now - time::Duration::days(1)),
        closes: iso_local(now + time::Duration::days(1)),
    };
    let mut arenas = Vec::new();
    for title in ["Fagdag A", "Fagdag B", "Fagdag C"] {
        let id = store
            .save_arena(
                None,
                &ArenaInput {
                    tittel: title.into(),
                    kind: "fagdag".into(),
                    fra: "10.03.2026".into(),
                    kontor: "ost".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        store.create_evaluation(id, &window).await.unwrap();
        arenas.push(id);
    }
    // A: five answers of 4; B: six of 2; C: four of 5 (hidden, so it counts nowhere).
    answer(&store, arenas[0], 5, "4").await;
    answer(&store, arenas[1], 6, "2").await;
    answer(&store, arenas[2], 4, "5").await;
    let tools = store.tool_names().await.unwrap();
    let (one, two, three) = (tools[0].0, tools[1].0, tools[2].0);
    // One used at A and B; two at B and C; three only at C.
    for (tool, arena) in [
        (one, arenas[0]),
        (one, arenas[1]),
        (two, arenas[1]),
        (two, arenas[2]),
        (three, arenas[2]),
    ] {
        store.link_tool_to_arena(tool, arena).await.unwrap();
    }
    let scores = store.tool_evaluation_averages().await.unwrap();
    assert_eq!(scores.get(&one), Some(&3.0), "the mean of 4 and 2");
    assert_eq!(
        scores.get(&two),
        Some(&2.0),
        "C's four answers are not shown"
    );
    assert_eq!(scores.get(&three), None);
    assert_eq!(scores.len(), 2);
}
