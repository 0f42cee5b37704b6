//! Changing an innovation after it is recorded, and what carries it: the register entries,
//! documents, arenas and grants linked to it. The caller has checked
//! `may_record_innovation`; every write records the acting user for the audit log.

use super::sql;
use crate::{SaveError, Store, StoreError};
use husk_domain::innovation::{InnovationInput, LinkKind};
use husk_domain::FieldErrors;

fn invalid(field: &str, message: impl Into<String>) -> SaveError {
    let mut e = FieldErrors::new();
    e.push(field, message);
    SaveError::Invalid(e)
}

fn not_found(code: &str) -> SaveError {
    SaveError::Store(StoreError::NotFound(format!("innovasjonen «{code}»")))
}

impl Store {
    /// Changes an innovation's facts; its code stays (links and the API use it).
    pub async fn update_innovation(
        &self,
        code: &str,
        input: &InnovationInput,
    ) -> Result<(), SaveError> {
        let Some(row) = sql::innovation(&self.pool, code).await? else {
            return Err(not_found(code));
        };
        let input = InnovationInput {
            code: code.to_string(),
            ..input.clone()
        };
        let n = input.validate().map_err(SaveError::Invalid)?;
        if let Some(other) = sql::innovation_named(&self.pool, "", &n.name).await? {
            if other != row.0 {
                return Err(invalid(
                    "navn",
                    format!(
                        "Det finnes allerede en innovasjon som heter «{}». Velg et annet navn.",
                        n.name
                    ),
                ));
            }
        }
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        sql::update_innovation(
            &mut *tx,
            row.0,
            &sql::InnovationColumns::of(
                &n,
                sql::Written::by_user(self.actor().and_then(|a| a.user_id), &now),
            ),
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Links a register entry (by id), a document, an arena or a grant (by number) to an
    /// innovation. What is not in Husk is refused at its field; linking twice changes nothing.
    pub async fn link_innovation(
        &self,
        code: &str,
        kind: &str,
        target: &str,
    ) -> Result<(), SaveError> {
        let Some(row) = sql::innovation(&self.pool, code).await? else {
            return Err(not_found(code));
        };
        let Some(kind) = LinkKind::from_code(kind) else {
            return Err(invalid(
                "kobling_type",
                "Velg hva som bærer innovasjonen: et prosjekt, et dokument, en læringsarena eller et tilskudd.",
            ));
        };
        let target = target.trim();
        if target.is_empty() {
            return Err(invalid(
                "kobling_mal",
                match kind {
                    LinkKind::Entry => "Skriv prosjektets id, for eksempel vest-01.",
                    _ => "Skriv nummeret, slik det står i adressen til siden, for eksempel 12.",
                },
            ));
        }
        let mut long = FieldErrors::new();
        husk_domain::limits::check(
            &mut long,
            "kobling_mal",
            "Id eller nummer",
            target,
            husk_domain::limits::NAME,
        );
        if !long.is_empty() {
            return Err(SaveError::Invalid(long));
        }
        if !sql::link_target_exists(&self.pool, kind.code(), target).await? {
            return Err(invalid(
                "kobling_mal",
                match kind {
                    LinkKind::Entry => format!("Husk har ikke noe prosjekt med id «{target}»."),
                    LinkKind::Document => format!("Husk har ikke noe dokument nummer «{target}»."),
                    LinkKind::Arena => {
                        format!("Husk har ingen læringsarena nummer «{target}».")
                    }
                    LinkKind::Grant => format!("Husk har ikke noe tilskudd nummer «{target}»."),
                },
            ));
        }
        let mut tx = self.begin_write().await?;
        sql::insert_link(&mut *tx, row.0, kind.code(), target, "").await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Removes a link; one that is not there is not found.
    pub async fn unlink_innovation(
        &self,
        code: &str,
        kind: &str,
        target: &str,
    ) -> Result<(), SaveError> {
        let Some(row) = sql::innovation(&self.pool, code).await? else {
            return Err(not_found(code));
        };
        let mut tx = self.begin_write().await?;
        let gone = sql::delete_link(&mut *tx, row.0, kind, target).await?;
        if gone == 0 {
            return Err(SaveError::Store(StoreError::NotFound(format!(
                "koblingen {kind} {target}"
            ))));
        }
        Self::commit_write(tx).await?;
        Ok(())
    }
}
