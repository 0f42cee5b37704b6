//! Adoptions proposed from report answers: a sentence of a submitted report that names a known
//! innovation as taken from elsewhere proposes that the reporting municipality or organisation
//! adopted it, for an adviser to confirm. Nothing proposed counts until confirmed.
//!
//! A sentence names a method as taken from elsewhere when it names the innovation and either
//! answers the template's question of where the methods came from, or says so itself («hentet
//! fra», «etter modell fra», «lært av», «inspirert av» …). Whom it was taken from is the known
//! place the sentence names after «fra» or «av», if any.

use serde::Serialize;

/// An innovation as the search knows it: its code and the names it goes by.
#[derive(Debug, Clone)]
pub struct KnownInnovation {
    pub code: String,
    /// Lower-case names: the name, the name before a parenthesis, the code as words.
    pub names: Vec<String>,
}

impl KnownInnovation {
    pub fn new(code: &str, name: &str) -> KnownInnovation {
        let mut names = vec![name.to_lowercase()];
        if let Some((head, _)) = name.split_once(" (") {
            names.push(head.trim().to_lowercase());
        }
        names.push(code.replace('-', " ").to_lowercase());
        names.retain(|n| n.chars().count() >= 4);
        names.sort();
        names.dedup();
        KnownInnovation {
            code: code.to_string(),
            names,
        }
    }
}

/// One answer to look in.
#[derive(Debug, Clone)]
pub struct AnswerText<'a> {
    pub field_label: &'a str,
    pub text: &'a str,
    /// The question itself asks where the methods came from.
    pub asks_origin: bool,
}

/// A proposed adoption found in an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    pub code: String,
    /// The known place named as where it came from.
    pub from: Option<String>,
    pub field_label: String,
    /// The sentence, as written.
    pub sentence: String,
}

/// Phrases that say a method was taken from elsewhere.
const CUES: &[&str] = &[
    "hentet",
    "hente ",
    "lært av",
    "lærte av",
    "lånt",
    "inspirert",
    "etter modell",
    "etter mønster",
    "modellen fra",
    "modell fra",
    "overført",
    "kopiert",
    "tatt etter",
    "tatt i bruk",
    "tok i bruk",
    "tilpasset",
    "importert",
];

fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next_is_space = chars.get(i + 1).is_none_or(|(_, n)| n.is_whitespace());
        if c == '\n' || (matches!(c, '.' | '!' | '?') && next_is_space) {
            let s = text[start..at + c.len_utf8()].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = at + c.len_utf8();
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Whether `needle` occurs in `hay` as whole words (both lower-case).
fn has_words(hay: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// The proposals in these answers. `places` are the places Husk knows (municipalities and
/// organisations as written); `adopter` is who reports, never its own source.
pub fn find(
    answers: &[AnswerText<'_>],
    known: &[KnownInnovation],
    places: &[String],
    adopter: &str,
) -> Vec<Found> {
    let adopter = adopter.to_lowercase();
    let mut out: Vec<Found> = Vec::new();
    for a in answers {
        for sentence in sentences(a.text) {
            let lower = sentence.to_lowercase();
            let cued = a.asks_origin || CUES.iter().any(|c| lower.contains(c));
            if !cued {
                continue;
            }
            for n in known {
                if out.iter().any(|f| f.code == n.code) {
                    continue;
                }
                if !n.names.iter().any(|name| has_words(&lower, name).is_some()) {
                    continue;
                }
                // The longest known place named after «fra» or «av».
                let from = places
                    .iter()
                    .filter(|p| {
                        let p = p.to_lowercase();
                        p != adopter
                            && !adopter.starts_with(&format!("{p} "))
                            && !p.starts_with(&format!("{adopter} "))
                            && ["fra ", "av "]
                                .iter()
                                .any(|w| has_words(&lower, &format!("{w}{p}")).is_some())
                    })
                    .max_by_key(|p| p.len())
                    .cloned();
                out.push(Found {
                    code: n.code.clone(),
                    from,
                    field_label: a.field_label.to_string(),
                    sentence: sentence.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<KnownInnovation> {
        vec![
            KnownInnovation::new("leie-til-eie", "Fra leie til eie"),
            KnownInnovation::new("foyer", "Foyer (boligsosial utviklingsarena for unge)"),
            KnownInnovation::new("housing-first", "Housing First"),
        ]
    }

    fn places() -> Vec<String> {
        [
            "Trondheim",
            "Trondheim kommune",
            "Bodø",
            "Aberdeen",
            "Bergen",
        ]
        .map(String::from)
        .to_vec()
    }

    fn answer(text: &str, asks_origin: bool) -> AnswerText<'_> {
        AnswerText {
            field_label: "Hvor har dere hentet metodene?",
            text,
            asks_origin,
        }
    }

    #[test]
    fn a_method_named_as_taken_from_elsewhere_is_proposed_with_its_source() {
        let found = find(
            &[answer(
                "Vi har jobbet mye med bostøtte. Modellen for leie til eie er hentet fra Trondheim kommune, og tilpasset våre boliger.",
                false,
            )],
            &known(),
            &places(),
            "Bergen",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "leie-til-eie");
        assert_eq!(found[0].from.as_deref(), Some("Trondheim kommune"));
        assert!(found[0].sentence.starts_with("Modellen for leie til eie"));
    }

    #[test]
    fn the_origin_question_needs_no_cue_and_a_bare_mention_elsewhere_is_not_an_adoption() {
        let asked = find(
            &[answer("Foyer, fra Aberdeen.", true)],
            &known(),
            &places(),
            "Bodø",
        );
        assert_eq!(asked[0].code, "foyer");
        assert_eq!(asked[0].from.as_deref(), Some("Aberdeen"));
        // Named without saying it was taken from anywhere: nothing.
        let bare = find(
            &[answer("Vi vurderer Housing First neste år.", false)],
            &known(),
            &places(),
            "Bodø",
        );
        assert!(bare.is_empty());
        // Part of another word is not the name.
        let part = find(
            &[answer("Vi har hentet ideer til foyerene våre.", false)],
            &known(),
            &places(),
            "Bodø",
        );
        assert!(part.is_empty());
    }

    #[test]
    fn the_reporter_is_never_its_own_source_and_an_unknown_source_stays_unknown() {
        let own = find(
            &[answer(
                "Housing First er tatt i bruk av Bergen selv.",
                false,
            )],
            &known(),
            &places(),
            "Bergen",
        );
        assert_eq!(own[0].from, None);
        let unknown = find(
            &[answer("Housing First er hentet fra Finland.", false)],
            &known(),
            &places(),
            "Bergen",
        );
        assert_eq!(unknown[0].from, None);
    }
}
