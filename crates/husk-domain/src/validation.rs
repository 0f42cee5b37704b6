//! Field-level validation errors, in Norwegian, for forms and imports alike.

use serde::Serialize;

/// One problem with one field: which field, and what is wrong and expected (Norwegian bokmål).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// All problems found with one record. Validation collects every error, never just the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// The message for a field, if it has one (for inline messages next to form fields).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }
    pub fn into_result<T>(self, ok: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(ok)
        } else {
            Err(self)
        }
    }
}

/// The name the pages give a field (`start_year` → «Startår»), for messages that list errors
/// away from the form; `None` for a field the message itself names (a report's answers).
pub fn field_label(field: &str) -> Option<&'static str> {
    Some(match field {
        "id" => "Id",
        "kind" => "Type",
        "title" => "Tittel",
        "description" => "Beskrivelse",
        "region" => "Kontor",
        "recipient" => "Mottaker",
        "recipient_type" => "Mottakertype",
        "orgnr" => "Organisasjonsnummer",
        "kommunenummer" => "Kommunenummer",
        "start_year" => "Startår",
        "end_year" => "Sluttår",
        "status" => "Status",
        "themes" => "Kunnskapstemaer",
        "target_groups" => "Målgrupper",
        "learning_tools" => "Læringsverktøy",
        "parent" => "Overordnet program",
        "related" => "Relatert arbeid",
        "project" => "Prosjekt",
        "projects" => "Prosjekter",
        "year" => "År",
        "amount_nok" => "Beløp",
        "budget_item" => "Budsjettpost",
        "note" => "Merknad",
        "doc_type" => "Dokumenttype",
        "authors" => "Forfattere",
        "publisher" => "Utgiver",
        "organisations" => "Organisasjoner",
        "username" => "Brukernavn",
        "name" => "Navn",
        "email" => "E-post",
        "role" => "Rolle",
        "organisation" => "Mottaker",
        "password" => "Passord",
        "comment" => "Kommentar",
        _ => return None,
    })
}

/// One line per problem: «Startår: «20x4» er ikke et årstall. Skriv …», with the field's
/// Norwegian name where the message does not name it itself.
impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match field_label(&e.field) {
                Some(label) => write!(f, "{label}: {}", e.message)?,
                None => f.write_str(&e.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}
