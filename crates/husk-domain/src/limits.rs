//! How long each text field may be. Every free-text field has a limit, checked in the domain's
//! validation, so that forms, the import and the API refuse the same things with the same
//! message; a page or a log can then never be made to carry megabytes through one field.
//!
//! Lengths are counted in characters, as a person counts them.

use crate::norwegian::group_thousands;
use crate::validation::FieldErrors;

/// Titles of programmes, projects and measures.
pub const PROJECT_TITLE: usize = 300;
/// Descriptions of register entries.
pub const DESCRIPTION: usize = 10_000;
/// Names of people and organisations (a recipient, a user, a document's organisations).
pub const NAME: usize = 200;
/// A grant's note.
pub const NOTE: usize = 1_000;
/// A document's title.
pub const DOCUMENT_TITLE: usize = 500;
/// A document's authors and publisher.
pub const DOCUMENT_CREDIT: usize = 500;
/// An e-mail address (the longest an address can be).
pub const EMAIL: usize = 254;
/// An API token's name.
pub const TOKEN_NAME: usize = 100;
/// A text answer in a report (about eight pages).
pub const ANSWER_TEXT: usize = 20_000;
/// One cell of a report's indicator or goal table.
pub const ANSWER_CELL: usize = 1_000;
/// Rows of a report's indicator or goal table.
pub const ANSWER_ROWS: usize = 100;
/// An adviser's comment on a report, in general or on one field.
pub const COMMENT: usize = 5_000;
/// A reporting template as TOML.
pub const TEMPLATE_TEXT: usize = 100_000;
/// Related entries of one register entry.
pub const RELATED: usize = 100;
/// The free-text filter of the project list.
pub const FILTER_TEXT: usize = 200;

/// The message for a text that is longer than `max`: names the field and the limit.
pub fn too_long_message(label: &str, chars: usize, max: usize) -> String {
    too_long_sentence(&format!("«{label}»"), chars, max)
}

/// [`too_long_message`] with the subject as given: «Kommentaren til «Avvik»».
pub fn too_long_sentence(subject: &str, chars: usize, max: usize) -> String {
    format!(
        "{subject} har {} tegn, men kan ha høyst {} tegn. Forkort teksten.",
        group_thousands(chars as i64),
        group_thousands(max as i64)
    )
}

/// Adds an error for `field` when `value` is longer than `max` characters. `label` is the
/// field's name as the pages show it.
pub fn check(errors: &mut FieldErrors, field: &str, label: &str, value: &str, max: usize) {
    // Counting characters is linear; a byte length within the limit is within it in characters.
    if value.len() <= max {
        return;
    }
    let chars = value.chars().count();
    if chars > max {
        errors.push(field, too_long_message(label, chars, max));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_refused_with_the_field_and_the_limit() {
        let mut e = FieldErrors::new();
        check(&mut e, "note", "Merknad", &"å".repeat(NOTE), NOTE);
        assert!(e.is_empty(), "exactly at the limit, counted in characters");
        check(&mut e, "note", "Merknad", &"a".repeat(1_234), NOTE);
        assert_eq!(
            e.get("note"),
            Some("«Merknad» har 1 234 tegn, men kan ha høyst 1 000 tegn. Forkort teksten.")
        );
    }
}
