//! The dialogue meeting on a report: the recipient may ask for one in the report (the template's
//! field with role `dialogmote`), and the office's adviser books it (a date) and records it
//! (who attended, and notes). Seed 004 (Rambøll 2016, ch. 5.2.4) recommends that those who
//! report are given dialogue meetings, so that reporting also serves learning.

use crate::access::ProjectScope;
use crate::limits;
use crate::norwegian::parse_date;
use crate::validation::FieldErrors;
use crate::Viewer;
use time::Date;

/// Who attended a meeting: at most this many characters.
pub const ATTENDEES: usize = limits::ANSWER_CELL;

/// A dialogue meeting as typed in the adviser's form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DialogueMeetingInput {
    pub date: String,
    pub attendees: String,
    pub notes: String,
}

/// A booked dialogue meeting, and what was recorded of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogueMeeting {
    pub date: Date,
    /// Who attended (empty until the meeting is recorded, and for those who may only see the
    /// date).
    pub attendees: String,
    pub notes: String,
}

impl DialogueMeetingInput {
    /// Checks the form: a date is needed (booking); attendees and notes are recorded when the
    /// meeting has been held. Every problem is listed.
    pub fn validate(&self) -> Result<DialogueMeeting, FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = if self.date.trim().is_empty() {
            errors.push(
                "dato",
                "Skriv datoen for dialogmøtet som dd.mm.åååå, for eksempel 15.03.2027.",
            );
            None
        } else {
            match parse_date(&self.date) {
                Ok(d) => Some(d),
                Err(m) => {
                    errors.push("dato", format!("Sjekk «Dato for dialogmøtet». {m}"));
                    None
                }
            }
        };
        limits::check(
            &mut errors,
            "deltakere",
            "Deltakere",
            self.attendees.trim(),
            ATTENDEES,
        );
        limits::check(
            &mut errors,
            "referat",
            "Referat",
            self.notes.trim(),
            limits::ANSWER_TEXT,
        );
        match date {
            Some(date) if errors.is_empty() => Ok(DialogueMeeting {
                date,
                attendees: self.attendees.trim().to_string(),
                notes: self.notes.trim().to_string(),
            }),
            _ => Err(errors),
        }
    }
}

impl DialogueMeeting {
    /// The meeting as `viewer` may see it on a report of the entry `scope`: the office's staff
    /// see everything, the recipient only the booked date, anyone else nothing.
    pub fn visible_to(mut self, viewer: &Viewer, scope: ProjectScope<'_>) -> Option<Self> {
        if viewer.may_record_dialogue_meeting(scope) {
            return Some(self);
        }
        if viewer.may_see_dialogue_date(scope) {
            self.attendees.clear();
            self.notes.clear();
            return Some(self);
        }
        None
    }

    /// The form's values, for editing.
    pub fn input(&self) -> DialogueMeetingInput {
        DialogueMeetingInput {
            date: crate::norwegian::format_date(self.date),
            attendees: self.attendees.clone(),
            notes: self.notes.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_needs_a_readable_date_and_keeps_every_problem() {
        let e = DialogueMeetingInput::default().validate().unwrap_err();
        assert!(e.get("dato").unwrap().contains("dd.mm.åååå"));
        let e = DialogueMeetingInput {
            date: "31.02.2027".into(),
            attendees: "x".repeat(ATTENDEES + 1),
            notes: String::new(),
        }
        .validate()
        .unwrap_err();
        assert!(e
            .get("dato")
            .unwrap()
            .starts_with("Sjekk «Dato for dialogmøtet»"));
        assert!(e.get("deltakere").unwrap().contains("høyst 1 000 tegn"));
        let m = DialogueMeetingInput {
            date: "15.03.2027".into(),
            attendees: " Rådgiver, programleder ".into(),
            notes: "Gikk gjennom læringsdelen.".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(m.date, time::macros::date!(2027 - 03 - 15));
        assert_eq!(m.attendees, "Rådgiver, programleder");
    }
}
