//! The adviser's review of a submitted report: return (with comments) or approve.

use super::{ReportAction, TemplateDef};
use crate::{limits, FieldErrors};
use std::collections::BTreeMap;

/// A review's comments as they are kept: the general comment trimmed, and the field comments
/// trimmed, without empty ones.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewComments {
    pub comment: String,
    pub fields: BTreeMap<String, String>,
}

/// Why a review was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewProblem {
    /// The action is not a review (only a return or an approval is).
    NotAReview(String),
    /// The comments are too long, or a return has none; every problem at once.
    Invalid(FieldErrors),
}

/// Only a return or an approval is a review.
pub fn check_action(action: ReportAction) -> Result<(), ReviewProblem> {
    if matches!(action, ReportAction::Return | ReportAction::Approve) {
        Ok(())
    } else {
        Err(ReviewProblem::NotAReview(
            "Bare retur og godkjenning er vurderinger. Velg returner eller godkjenn.".into(),
        ))
    }
}

/// Checks a review of a report on the template `def`: the action must be a review
/// ([`check_action`]), every comment must be within [`limits::COMMENT`] (a field comment is
/// named by its field's label), and a return needs a comment, general or on a field. Gives the
/// comments as they are kept.
pub fn check_review(
    def: &TemplateDef,
    action: ReportAction,
    comment: &str,
    field_comments: &BTreeMap<String, String>,
) -> Result<ReviewComments, ReviewProblem> {
    check_action(action)?;
    let fields: BTreeMap<String, String> = field_comments
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect();
    let comment = comment.trim();
    let mut too_long = FieldErrors::new();
    limits::check(
        &mut too_long,
        "comment",
        "Kommentar",
        comment,
        limits::COMMENT,
    );
    for (key, text) in &fields {
        let chars = text.chars().count();
        if chars > limits::COMMENT {
            let label = def.field(key).map_or(key.as_str(), |f| f.label.as_str());
            too_long.push(
                format!("kommentar.{key}"),
                limits::too_long_sentence(
                    &format!("Kommentaren til «{label}»"),
                    chars,
                    limits::COMMENT,
                ),
            );
        }
    }
    if !too_long.is_empty() {
        return Err(ReviewProblem::Invalid(too_long));
    }
    if action == ReportAction::Return && comment.is_empty() && fields.is_empty() {
        let mut e = FieldErrors::new();
        e.push(
            "comment",
            "En retur må ha en kommentar. Skriv en samlet kommentar, eller kommenter feltene som må rettes.",
        );
        return Err(ReviewProblem::Invalid(e));
    }
    Ok(ReviewComments {
        comment: comment.to_string(),
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> TemplateDef {
        TemplateDef::default_template()
    }

    fn comments(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_return_needs_a_comment_general_or_on_a_field() {
        let none = check_review(&def(), ReportAction::Return, "  ", &comments(&[("x", " ")]));
        let Err(ReviewProblem::Invalid(e)) = none else {
            panic!("a return without a comment was accepted");
        };
        assert!(e
            .get("comment")
            .unwrap()
            .starts_with("En retur må ha en kommentar"));
        let general = check_review(
            &def(),
            ReportAction::Return,
            " Rett tallene. ",
            &comments(&[]),
        );
        assert_eq!(general.unwrap().comment, "Rett tallene.");
        let on_a_field = check_review(
            &def(),
            ReportAction::Return,
            "",
            &comments(&[("a", " Mangler tall. "), ("b", "  ")]),
        )
        .unwrap();
        assert_eq!(on_a_field.fields, comments(&[("a", "Mangler tall.")]));
        // An approval needs none.
        assert!(check_review(&def(), ReportAction::Approve, "", &comments(&[])).is_ok());
    }

    #[test]
    fn comments_over_the_limit_are_refused_by_field() {
        let long = "x".repeat(limits::COMMENT + 1);
        let Err(ReviewProblem::Invalid(e)) = check_review(
            &def(),
            ReportAction::Approve,
            &long,
            &comments(&[("ukjent", &long)]),
        ) else {
            panic!("too long comments were accepted");
        };
        assert!(e.get("comment").is_some());
        assert!(e
            .get("kommentar.ukjent")
            .unwrap()
            .starts_with("Kommentaren til «ukjent»"));
    }

    #[test]
    fn only_a_return_or_an_approval_is_a_review() {
        for action in [ReportAction::Submit, ReportAction::Publish] {
            assert!(matches!(
                check_review(&def(), action, "Fint.", &comments(&[])),
                Err(ReviewProblem::NotAReview(_))
            ));
        }
    }
}
