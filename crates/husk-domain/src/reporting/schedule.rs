//! Reporting obligations: which reports a programme, project or measure owes, for which period,
//! and by when.
//!
//! The rules (the same for every kind of entry, from the years of its grant period):
//! - a **half-year report** for January–June of every year of the period, due 31 August;
//! - an **annual report** for every year of the period but the last, due 1 March the next year;
//! - a **final report** for the whole period, due 31 March the year after the last year.
//!
//! An entry with no end year is still running: it owes half-year and annual reports up to and
//! including the current year, and no final report yet. Obligations due before reporting in Husk
//! started (`reporting_from`) are not counted: those reports were made outside Husk.

use crate::knowledge::DocumentType;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// The kinds of report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReportKind {
    #[serde(rename = "halvarsrapport")]
    HalfYear,
    #[serde(rename = "arsrapport")]
    Annual,
    #[serde(rename = "sluttrapport")]
    Final,
}

impl ReportKind {
    pub const ALL: &'static [ReportKind] =
        &[ReportKind::HalfYear, ReportKind::Annual, ReportKind::Final];

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::HalfYear => "halvarsrapport",
            ReportKind::Annual => "arsrapport",
            ReportKind::Final => "sluttrapport",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportKind::HalfYear => "Halvårsrapport",
            ReportKind::Annual => "Årsrapport",
            ReportKind::Final => "Sluttrapport",
        }
    }

    pub fn from_code(s: &str) -> Option<ReportKind> {
        ReportKind::ALL
            .iter()
            .copied()
            .find(|k| k.code() == s.trim())
    }

    pub fn expected() -> &'static str {
        "halvarsrapport, arsrapport eller sluttrapport"
    }

    /// The knowledge base's document type for an approved report of this kind.
    pub fn document_type(self) -> DocumentType {
        match self {
            ReportKind::HalfYear => DocumentType::Halvarsrapport,
            ReportKind::Annual => DocumentType::Arsrapport,
            ReportKind::Final => DocumentType::Sluttrapport,
        }
    }
}

/// One report an entry owes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Obligation {
    pub kind: ReportKind,
    /// The year the report is about (for a final report, the last year of the period).
    pub year: i32,
    pub period_start: Date,
    pub period_end: Date,
    pub due: Date,
}

impl Obligation {
    /// "Halvårsrapport 2026", "Sluttrapport 2024–2026".
    pub fn title(&self) -> String {
        match self.kind {
            ReportKind::Final if self.period_start.year() != self.year => format!(
                "{} {}–{}",
                self.kind.label(),
                self.period_start.year(),
                self.year
            ),
            _ => format!("{} {}", self.kind.label(), self.year),
        }
    }
}

/// The obligation of an entry (`entry` names it in the message) running from `start_year` to
/// `end_year` that a report of `kind` for `year` answers, as of `today`; or, when the entry owes
/// no such report, the error that lists the reports it does owe.
pub fn obligation_for(
    entry: &str,
    start_year: i32,
    end_year: Option<i32>,
    kind: ReportKind,
    year: i32,
    today: Date,
) -> Result<Obligation, crate::FieldErrors> {
    let all = obligations(start_year, end_year, today, Date::MIN);
    if let Some(o) = all.iter().find(|o| o.kind == kind && o.year == year) {
        return Ok(*o);
    }
    let mut e = crate::FieldErrors::new();
    e.push(
        "kind",
        format!(
            "«{entry}» skal ikke levere noen {} for {year}. Velg en av rapportene i rapporteringsplanen: {}.",
            kind.label().to_lowercase(),
            crate::norwegian::list(&all.iter().map(|o| o.title()).collect::<Vec<_>>(), "eller")
        ),
    );
    Err(e)
}

fn date(y: i32, m: Month, d: u8) -> Date {
    Date::from_calendar_date(y, m, d).expect("a valid calendar date")
}

/// The obligations of an entry running from `start_year` to `end_year` (open if `None`), as of
/// `today`, leaving out those due before `reporting_from`. In due-date order.
pub fn obligations(
    start_year: i32,
    end_year: Option<i32>,
    today: Date,
    reporting_from: Date,
) -> Vec<Obligation> {
    let last = end_year.unwrap_or_else(|| today.year().max(start_year));
    let mut out = Vec::new();
    for y in start_year..=last {
        out.push(Obligation {
            kind: ReportKind::HalfYear,
            year: y,
            period_start: date(y, Month::January, 1),
            period_end: date(y, Month::June, 30),
            due: date(y, Month::August, 31),
        });
        if y < last || end_year.is_none() {
            out.push(Obligation {
                kind: ReportKind::Annual,
                year: y,
                period_start: date(y, Month::January, 1),
                period_end: date(y, Month::December, 31),
                due: date(y + 1, Month::March, 1),
            });
        }
    }
    if let Some(end) = end_year {
        out.push(Obligation {
            kind: ReportKind::Final,
            year: end,
            period_start: date(start_year, Month::January, 1),
            period_end: date(end, Month::December, 31),
            due: date(end + 1, Month::March, 31),
        });
    }
    out.retain(|o| o.due >= reporting_from);
    out.sort_by_key(|o| (o.due, o.kind));
    out
}

/// How close an obligation's deadline must be to count as "due soon".
pub const DUE_SOON_DAYS: i64 = 30;

/// Where an obligation stands, from its report's state (if a report was started) and the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub enum ObligationStatus {
    /// Past its deadline and not submitted.
    #[serde(rename = "forsinket")]
    Overdue,
    /// Returned by the adviser for changes.
    #[serde(rename = "returnert")]
    Returned,
    /// Due within [`DUE_SOON_DAYS`].
    #[serde(rename = "snart-frist")]
    DueSoon,
    /// Submitted, waiting for the adviser.
    #[serde(rename = "til-vurdering")]
    AwaitingReview,
    #[serde(rename = "kommende")]
    Upcoming,
    #[serde(rename = "godkjent")]
    Approved,
    #[serde(rename = "publisert")]
    Published,
}

impl ObligationStatus {
    pub const ALL: &'static [ObligationStatus] = &[
        ObligationStatus::Overdue,
        ObligationStatus::Returned,
        ObligationStatus::DueSoon,
        ObligationStatus::AwaitingReview,
        ObligationStatus::Upcoming,
        ObligationStatus::Approved,
        ObligationStatus::Published,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ObligationStatus::Overdue => "forsinket",
            ObligationStatus::Returned => "returnert",
            ObligationStatus::DueSoon => "snart-frist",
            ObligationStatus::AwaitingReview => "til-vurdering",
            ObligationStatus::Upcoming => "kommende",
            ObligationStatus::Approved => "godkjent",
            ObligationStatus::Published => "publisert",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ObligationStatus::Overdue => "Forsinket",
            ObligationStatus::Returned => "Returnert for retting",
            ObligationStatus::DueSoon => "Frist snart",
            ObligationStatus::AwaitingReview => "Sendt inn, til vurdering",
            ObligationStatus::Upcoming => "Kommende",
            ObligationStatus::Approved => "Godkjent",
            ObligationStatus::Published => "Publisert",
        }
    }

    pub fn from_code(s: &str) -> Option<ObligationStatus> {
        ObligationStatus::ALL
            .iter()
            .copied()
            .find(|x| x.code() == s.trim())
    }

    /// Whether the recipient has something to do (shown as a reminder).
    pub fn needs_recipient(self) -> bool {
        matches!(
            self,
            ObligationStatus::Overdue | ObligationStatus::Returned | ObligationStatus::DueSoon
        )
    }

    /// Whether the report has been sent in (whatever the adviser did next).
    pub fn is_submitted(self) -> bool {
        matches!(
            self,
            ObligationStatus::AwaitingReview
                | ObligationStatus::Approved
                | ObligationStatus::Published
        )
    }

    /// The status of an obligation due `due`, whose report is in `state` (None: not started).
    pub fn of(due: Date, state: Option<super::ReportState>, today: Date) -> ObligationStatus {
        use super::ReportState as S;
        match state {
            Some(S::Submitted | S::Resubmitted) => ObligationStatus::AwaitingReview,
            Some(S::Approved) => ObligationStatus::Approved,
            Some(S::Published) => ObligationStatus::Published,
            Some(S::Returned) => ObligationStatus::Returned,
            Some(S::Draft) | None => {
                if due < today {
                    ObligationStatus::Overdue
                } else if (due - today).whole_days() <= DUE_SOON_DAYS {
                    ObligationStatus::DueSoon
                } else {
                    ObligationStatus::Upcoming
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reporting::ReportState;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), day).unwrap()
    }

    #[test]
    fn a_report_is_started_only_for_an_obligation_the_entry_has() {
        let o = obligation_for(
            "vest-01",
            2025,
            Some(2026),
            ReportKind::Annual,
            2025,
            d(2026, 1, 5),
        )
        .unwrap();
        assert_eq!(
            (o.kind, o.year, o.due),
            (ReportKind::Annual, 2025, d(2026, 3, 1))
        );
        let e = obligation_for(
            "vest-01",
            2025,
            Some(2026),
            ReportKind::Annual,
            2030,
            d(2026, 1, 5),
        )
        .unwrap_err();
        let m = e.get("kind").unwrap();
        assert!(
            m.starts_with("«vest-01» skal ikke levere noen årsrapport for 2030."),
            "{m}"
        );
        assert!(m.ends_with("eller Sluttrapport 2025–2026."), "{m}");
    }

    #[test]
    fn a_two_year_project_owes_two_half_year_reports_one_annual_and_a_final() {
        let o = obligations(2025, Some(2026), d(2026, 11, 26), d(2000, 1, 1));
        let list: Vec<(ReportKind, i32, Date)> =
            o.iter().map(|o| (o.kind, o.year, o.due)).collect();
        assert_eq!(
            list,
            vec![
                (ReportKind::HalfYear, 2025, d(2025, 8, 31)),
                (ReportKind::Annual, 2025, d(2026, 3, 1)),
                (ReportKind::HalfYear, 2026, d(2026, 8, 31)),
                (ReportKind::Final, 2026, d(2027, 3, 31)),
            ]
        );
        assert_eq!(o[3].title(), "Sluttrapport 2025–2026");
        assert_eq!(o[0].title(), "Halvårsrapport 2025");
        assert_eq!(o[3].period_start, d(2025, 1, 1));
    }

    #[test]
    fn a_running_entry_owes_reports_up_to_this_year_and_no_final_report() {
        let o = obligations(2026, None, d(2026, 11, 26), d(2000, 1, 1));
        let kinds: Vec<ReportKind> = o.iter().map(|o| o.kind).collect();
        assert_eq!(kinds, vec![ReportKind::HalfYear, ReportKind::Annual]);
    }

    #[test]
    fn obligations_from_before_reporting_in_husk_are_left_out() {
        let o = obligations(2012, Some(2015), d(2026, 11, 26), d(2026, 1, 1));
        assert!(o.is_empty(), "{o:?}");
        let o = obligations(2024, Some(2026), d(2026, 11, 26), d(2026, 1, 1));
        assert_eq!(
            o.len(),
            3,
            "annual 2025 (due 1.3.2026), half-year 2026, final"
        );
    }

    #[test]
    fn status_from_state_and_date() {
        let today = d(2026, 11, 26);
        use ObligationStatus as O;
        assert_eq!(O::of(d(2026, 8, 31), None, today), O::Overdue);
        assert_eq!(
            O::of(d(2026, 8, 31), Some(ReportState::Draft), today),
            O::Overdue
        );
        assert_eq!(O::of(d(2026, 12, 20), None, today), O::DueSoon);
        assert_eq!(O::of(d(2026, 12, 27), None, today), O::Upcoming);
        assert_eq!(
            O::of(d(2026, 8, 31), Some(ReportState::Submitted), today),
            O::AwaitingReview
        );
        assert_eq!(
            O::of(d(2026, 8, 31), Some(ReportState::Returned), today),
            O::Returned
        );
        assert!(O::Returned.needs_recipient() && !O::Approved.needs_recipient());
    }
}
