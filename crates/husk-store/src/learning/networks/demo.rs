//! The demo's networks: those seeds 003 and 004 describe, with only what they state
//! (`data/demo/learning_networks.toml`, which names each fact's source and what Husk added).

use super::sql;
use crate::{Store, StoreError};
use serde::Deserialize;

const NETWORKS: &str = include_str!("../../../../../data/demo/learning_networks.toml");

#[derive(Deserialize)]
struct File {
    network: Vec<DemoNetwork>,
}

#[derive(Deserialize)]
struct DemoNetwork {
    name: String,
    kind: String,
    office: String,
    #[serde(default)]
    programme: Option<String>,
    #[serde(default)]
    coordinator: String,
    #[serde(default)]
    mandate: String,
    #[serde(default)]
    about: String,
    #[serde(default)]
    meeting_rhythm: String,
    #[serde(default)]
    themes: Vec<String>,
    source: String,
    #[serde(default)]
    husk_note: String,
    #[serde(default)]
    members: Vec<DemoMember>,
}

#[derive(Deserialize)]
struct DemoMember {
    kind: String,
    name: String,
    #[serde(default)]
    kommunenummer: Option<String>,
    #[serde(default)]
    agent: bool,
    source: String,
    #[serde(default)]
    husk_note: String,
}

impl Store {
    /// Loads the networks the seeds describe (idempotent: a network whose name exists is left
    /// as it is).
    pub(crate) async fn load_demo_networks(&self) -> Result<(), StoreError> {
        let file: File = toml::from_str(NETWORKS).map_err(|e| {
            StoreError::NotFound(format!(
                "demonettverkene i learning_networks.toml ({})",
                e.message()
            ))
        })?;
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        for n in &file.network {
            if sql::network_named(&mut *tx, &n.name).await?.is_some() {
                continue;
            }
            let programme = match &n.programme {
                Some(p) if sql::programme_exists(&mut *tx, p).await? => Some(p.as_str()),
                _ => None,
            };
            let id = sql::insert_network(
                &mut *tx,
                &sql::NetworkColumns {
                    name: &n.name,
                    kind: &n.kind,
                    office: &n.office,
                    programme_id: programme,
                    coordinator: &n.coordinator,
                    mandate: n.mandate.trim(),
                    about: &n.about,
                    meeting_rhythm: &n.meeting_rhythm,
                    start: None,
                    end: None,
                    source: &n.source,
                    husk_note: &n.husk_note,
                    updated_by: None,
                    now: &now,
                },
            )
            .await?;
            for t in &n.themes {
                sql::insert_theme(&mut *tx, id, t).await?;
            }
            for m in &n.members {
                let org = sql::organisation_for_member(
                    &mut *tx,
                    &m.kind,
                    &m.name,
                    m.kommunenummer.as_deref(),
                    None,
                )
                .await?;
                sql::insert_member(
                    &mut *tx,
                    id,
                    &sql::MemberColumns {
                        kind: &m.kind,
                        name: &m.name,
                        kommunenummer: m.kommunenummer.as_deref(),
                        orgnr: None,
                        organisation_id: org,
                        learning_agent: m.agent,
                        source: &m.source,
                        husk_note: &m.husk_note,
                        updated_by: None,
                        now: &now,
                    },
                )
                .await?;
            }
        }
        Self::commit_write(tx).await?;
        Ok(())
    }
}
