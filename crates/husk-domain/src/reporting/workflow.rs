//! A report's life: draft → submitted → returned (with comments) → resubmitted → approved →
//! published. Transitions not in [`ReportState::after`] are refused with a reason.

use serde::{Deserialize, Serialize};

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportState {
    #[serde(rename = "utkast")]
    Draft,
    #[serde(rename = "sendt")]
    Submitted,
    #[serde(rename = "returnert")]
    Returned,
    #[serde(rename = "sendt-pa-nytt")]
    Resubmitted,
    #[serde(rename = "godkjent")]
    Approved,
    #[serde(rename = "publisert")]
    Published,
}

/// What someone does to a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportAction {
    /// The recipient (or an adviser on their behalf) sends the draft in.
    #[serde(rename = "send")]
    Submit,
    /// The adviser sends it back with comments.
    #[serde(rename = "returner")]
    Return,
    #[serde(rename = "godkjenn")]
    Approve,
    /// An approved report is made public.
    #[serde(rename = "publiser")]
    Publish,
}

impl ReportState {
    pub const ALL: &'static [ReportState] = &[
        ReportState::Draft,
        ReportState::Submitted,
        ReportState::Returned,
        ReportState::Resubmitted,
        ReportState::Approved,
        ReportState::Published,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportState::Draft => "utkast",
            ReportState::Submitted => "sendt",
            ReportState::Returned => "returnert",
            ReportState::Resubmitted => "sendt-pa-nytt",
            ReportState::Approved => "godkjent",
            ReportState::Published => "publisert",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportState::Draft => "Utkast",
            ReportState::Submitted => "Sendt inn",
            ReportState::Returned => "Returnert",
            ReportState::Resubmitted => "Sendt inn på nytt",
            ReportState::Approved => "Godkjent",
            ReportState::Published => "Publisert",
        }
    }

    pub fn from_code(s: &str) -> Option<ReportState> {
        ReportState::ALL
            .iter()
            .copied()
            .find(|r| r.code() == s.trim())
    }

    /// Whether the recipient's answers can still change (a draft, or returned for changes).
    pub fn is_editable(self) -> bool {
        matches!(self, ReportState::Draft | ReportState::Returned)
    }

    /// Whether the report waits for the adviser.
    pub fn awaits_review(self) -> bool {
        matches!(self, ReportState::Submitted | ReportState::Resubmitted)
    }

    /// Whether the report is approved (and so part of the knowledge base and the summaries).
    pub fn is_approved(self) -> bool {
        matches!(self, ReportState::Approved | ReportState::Published)
    }

    /// The state after `action`, or why the action is not possible now.
    pub fn after(self, action: ReportAction) -> Result<ReportState, String> {
        use ReportAction as A;
        use ReportState as S;
        match (self, action) {
            (S::Draft, A::Submit) => Ok(S::Submitted),
            (S::Returned, A::Submit) => Ok(S::Resubmitted),
            (S::Submitted | S::Resubmitted, A::Return) => Ok(S::Returned),
            (S::Submitted | S::Resubmitted, A::Approve) => Ok(S::Approved),
            (S::Approved, A::Publish) => Ok(S::Published),
            (state, action) => Err(format!(
                "En rapport med status «{}» kan ikke {}. {}",
                state.label().to_lowercase(),
                action.verb(),
                state.next_hint()
            )),
        }
    }

    fn next_hint(self) -> &'static str {
        match self {
            ReportState::Draft => "Den må først sendes inn.",
            ReportState::Submitted | ReportState::Resubmitted => {
                "Den venter på at rådgiveren returnerer eller godkjenner den."
            }
            ReportState::Returned => "Mottakeren må rette den og sende den inn på nytt.",
            ReportState::Approved => "Den kan bare publiseres.",
            ReportState::Published => "Den er publisert og kan ikke endres.",
        }
    }
}

impl ReportAction {
    pub const ALL: &'static [ReportAction] = &[
        ReportAction::Submit,
        ReportAction::Return,
        ReportAction::Approve,
        ReportAction::Publish,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportAction::Submit => "send",
            ReportAction::Return => "returner",
            ReportAction::Approve => "godkjenn",
            ReportAction::Publish => "publiser",
        }
    }

    pub fn from_code(s: &str) -> Option<ReportAction> {
        ReportAction::ALL
            .iter()
            .copied()
            .find(|a| a.code() == s.trim())
    }

    fn verb(self) -> &'static str {
        match self {
            ReportAction::Submit => "sendes inn",
            ReportAction::Return => "returneres",
            ReportAction::Approve => "godkjennes",
            ReportAction::Publish => "publiseres",
        }
    }

    /// Whether the action is the adviser's (review) rather than the recipient's.
    pub fn is_review(self) -> bool {
        !matches!(self, ReportAction::Submit)
    }
}

#[cfg(test)]
mod tests {
    use super::ReportAction::*;
    use super::ReportState::*;
    use super::*;

    #[test]
    fn the_happy_path_and_a_round_trip() {
        let s = Draft.after(Submit).unwrap();
        assert_eq!(s, Submitted);
        let s = s.after(Return).unwrap();
        assert_eq!(s, Returned);
        assert!(s.is_editable());
        let s = s.after(Submit).unwrap();
        assert_eq!(s, Resubmitted);
        let s = s.after(Approve).unwrap();
        assert_eq!(s.after(Publish), Ok(Published));
    }

    #[test]
    fn forbidden_transitions_say_why() {
        let forbidden = [
            (Draft, Approve),
            (Draft, Return),
            (Draft, Publish),
            (Submitted, Submit),
            (Submitted, Publish),
            (Returned, Approve),
            (Returned, Return),
            (Approved, Submit),
            (Approved, Return),
            (Published, Submit),
            (Published, Approve),
            (Published, Publish),
        ];
        for (state, action) in forbidden {
            let e = state.after(action).unwrap_err();
            assert!(e.starts_with("En rapport med status"), "{e}");
            assert!(e.ends_with('.'), "{e}");
        }
        assert!(Draft
            .after(Approve)
            .unwrap_err()
            .contains("må først sendes inn"));
        // Exactly the seven allowed transitions exist.
        let allowed = ReportState::ALL
            .iter()
            .flat_map(|s| ReportAction::ALL.iter().map(move |a| s.after(*a)))
            .filter(Result::is_ok)
            .count();
        assert_eq!(allowed, 7);
    }
}
