//! Data quality: what the register's own facts contradict, and what its sources say about it.
//!
//! Two kinds of thing are shown to advisers (the data-quality page and `husk check`) and on the
//! entry's own page:
//!
//! - **Findings** ([`Finding`]), computed from the register every time: a grant in a year
//!   outside the entry's period, a period that starts before or ends after the period of the
//!   programme it belongs to, a recipient without a recipient type (the entry then stands under
//!   «Ukjent mottaker» in the knowledge matrix).
//! - **Source notes** ([`SourceNote`]), recorded with the data: where the sources disagree
//!   ([`NoteKind::Konflikt`], with both values and where each is stated) and where a value is
//!   inferred rather than stated ([`NoteKind::Utledet`]). Husk holds one value; the note says
//!   which sources it has and that the choice was not the sources' own.

use crate::portfolio::{ProjectFacts, YearRange};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One of the checks run over every entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Check {
    #[serde(rename = "tilskudd-utenfor-perioden")]
    GrantOutsidePeriod,
    #[serde(rename = "periode-utenfor-programmet")]
    PeriodOutsideParent,
    #[serde(rename = "mottaker-uten-type")]
    RecipientWithoutType,
}

impl Check {
    pub const ALL: [Check; 3] = [
        Check::GrantOutsidePeriod,
        Check::PeriodOutsideParent,
        Check::RecipientWithoutType,
    ];

    /// A stable code for files and the API (as serialised).
    pub fn code(self) -> &'static str {
        match self {
            Check::GrantOutsidePeriod => "tilskudd-utenfor-perioden",
            Check::PeriodOutsideParent => "periode-utenfor-programmet",
            Check::RecipientWithoutType => "mottaker-uten-type",
        }
    }

    /// The heading the check's findings are listed under.
    pub fn title(self) -> &'static str {
        match self {
            Check::GrantOutsidePeriod => "Tilskudd utenfor perioden",
            Check::PeriodOutsideParent => "Periode utenfor programmets periode",
            Check::RecipientWithoutType => "Mottaker uten mottakertype",
        }
    }

    /// What the check looks for, in a sentence.
    pub fn explanation(self) -> &'static str {
        match self {
            Check::GrantOutsidePeriod => {
                "Et tilskudd er ført på et år før oppføringen startet eller etter at den sluttet."
            }
            Check::PeriodOutsideParent => {
                "Oppføringen starter før eller slutter etter programmet den hører til."
            }
            Check::RecipientWithoutType => {
                "Mottakeren har ingen mottakertype, så oppføringen står under «Ukjent mottaker» i kunnskapsmatrisen."
            }
        }
    }
}

/// Something a check found on one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: Check,
    pub project: String,
    pub title: String,
    /// What is wrong, in a Norwegian sentence with the values involved.
    pub message: String,
}

/// The period of a programme an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParentPeriod<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub years: YearRange,
}

fn period(y: &YearRange) -> String {
    match y.end {
        Some(e) if e == y.start => y.start.to_string(),
        Some(e) => format!("{}–{e}", y.start),
        None => format!("{}– (pågår)", y.start),
    }
}

/// "1 500 000 kr".
fn nok(n: i64) -> String {
    format!("{} kr", crate::norwegian::group_thousands(n))
}

/// Runs every check on one entry; `parent` is the programme it belongs to, if any.
pub fn check_entry(p: &ProjectFacts, parent: Option<ParentPeriod<'_>>) -> Vec<Finding> {
    let mut out = Vec::new();
    let finding = |check, message| Finding {
        check,
        project: p.id.clone(),
        title: p.title.clone(),
        message,
    };
    let mut grants: Vec<&(i32, i64, crate::GrantStatus)> = p
        .grants
        .iter()
        .filter(|(year, _, _)| *year < p.years.start || p.years.end.is_some_and(|end| *year > end))
        .collect();
    grants.sort_by_key(|(year, _, _)| *year);
    for (year, amount, status) in grants {
        out.push(finding(
            Check::GrantOutsidePeriod,
            format!(
                "Tilskudd for {year} ({}, {}) ligger utenfor perioden {}.",
                nok(*amount),
                status.label().to_lowercase(),
                period(&p.years)
            ),
        ));
    }
    if let Some(parent) = parent {
        let starts_early = p.years.start < parent.years.start;
        let ends_late = match (p.years.end, parent.years.end) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(end), Some(parent_end)) => end > parent_end,
        };
        if starts_early || ends_late {
            out.push(finding(
                Check::PeriodOutsideParent,
                format!(
                    "Perioden {} går utenfor perioden {} til programmet «{}» ({}).",
                    period(&p.years),
                    period(&parent.years),
                    parent.title,
                    parent.id
                ),
            ));
        }
    }
    if let (Some(recipient), None) = (&p.recipient, &p.recipient_type) {
        out.push(finding(
            Check::RecipientWithoutType,
            format!("Mottakeren «{recipient}» har ingen mottakertype."),
        ));
    }
    out
}

/// Runs every check on every entry. `parent_of` maps an entry's id to its programme's id;
/// a parent that is not among `entries` is not checked against.
pub fn check_register(
    entries: &[ProjectFacts],
    parent_of: &HashMap<String, String>,
) -> Vec<Finding> {
    let by_id: HashMap<&str, &ProjectFacts> = entries.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut out: Vec<Finding> = entries
        .iter()
        .flat_map(|p| {
            let parent = parent_of
                .get(&p.id)
                .and_then(|id| by_id.get(id.as_str()))
                .map(|parent| ParentPeriod {
                    id: &parent.id,
                    title: &parent.title,
                    years: parent.years,
                });
            check_entry(p, parent)
        })
        .collect();
    // Stable: by check, then in the order the entries came (the register's list order).
    out.sort_by_key(|f| f.check);
    out
}

/// Whether a source note records a disagreement between sources or a value Husk inferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// The sources give different values.
    Konflikt,
    /// The value is not stated in the source; Husk's value is inferred.
    Utledet,
}

impl NoteKind {
    pub fn code(self) -> &'static str {
        match self {
            NoteKind::Konflikt => "konflikt",
            NoteKind::Utledet => "utledet",
        }
    }
    pub fn from_code(s: &str) -> Option<NoteKind> {
        match s.trim() {
            "konflikt" => Some(NoteKind::Konflikt),
            "utledet" => Some(NoteKind::Utledet),
            _ => None,
        }
    }
    /// What a note of this kind is called on the pages.
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Konflikt => "Kildene er uenige",
            NoteKind::Utledet => "Utledet, ikke oppgitt i kilden",
        }
    }
}

/// A value and where it is stated (report, chapter, table or page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcedValue {
    pub value: String,
    pub source: String,
}

/// What the sources say about one field of one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceNote {
    pub project: String,
    pub kind: NoteKind,
    /// The field the note is about, as the pages name it («Periode», «Mottaker», «Tilskudd 2011»).
    pub field: String,
    /// What Husk did and why, in a sentence or two.
    pub note: String,
    /// The value Husk holds (for an inferred value: what it is inferred from) and its source.
    pub value: SourcedValue,
    /// For a conflict: what the other source says.
    pub other: Option<SourcedValue>,
}

impl SourceNote {
    /// Checks a note as read from a file: a field, a source for every value, and a second value
    /// for a conflict. Every problem is a sentence naming the columns it is in.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.project.trim().is_empty() {
            problems.push(
                "Kolonnen project er tom. Skriv id-en til oppføringen merknaden gjelder."
                    .to_string(),
            );
        }
        if self.field.trim().is_empty() {
            problems.push(
                "Kolonnen field er tom. Skriv feltet merknaden gjelder, for eksempel Periode."
                    .to_string(),
            );
        }
        if self.value.value.trim().is_empty() || self.value.source.trim().is_empty() {
            problems.push(
                "Kolonnene value_a og source_a må begge fylles ut: verdien og kilden den står i."
                    .to_string(),
            );
        }
        match (&self.other, self.kind) {
            (None, NoteKind::Konflikt) => problems.push(
                "En konflikt trenger den andre kildens verdi og kilde i kolonnene value_b og source_b."
                    .to_string(),
            ),
            (Some(o), _) if o.value.trim().is_empty() || o.source.trim().is_empty() => problems
                .push(
                    "Kolonnene value_b og source_b må begge fylles ut eller begge stå tomme."
                        .to_string(),
                ),
            _ => {}
        }
        problems
    }
}

/// Everything the data-quality page lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DataQuality {
    /// What the checks found, by check.
    pub findings: Vec<Finding>,
    /// Recorded disagreements between sources.
    pub conflicts: Vec<SourceNote>,
    /// Recorded values that are inferred rather than stated.
    pub inferred: Vec<SourceNote>,
}

impl DataQuality {
    pub fn new(findings: Vec<Finding>, notes: Vec<SourceNote>) -> DataQuality {
        let (conflicts, inferred) = notes
            .into_iter()
            .partition(|n| n.kind == NoteKind::Konflikt);
        DataQuality {
            findings,
            conflicts,
            inferred,
        }
    }

    /// The findings of one check.
    pub fn of(&self, check: Check) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.check == check)
    }

    /// Whether anything needs an adviser's eye: a finding or a disagreement between sources.
    pub fn has_problems(&self) -> bool {
        !self.findings.is_empty() || !self.conflicts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::{GrantStatus, Kind, Status};

    fn entry(id: &str, years: (i32, Option<i32>), grants: &[(i32, i64)]) -> ProjectFacts {
        ProjectFacts {
            id: id.into(),
            kind: Kind::Prosjekt,
            title: format!("Tittel {id}"),
            description: String::new(),
            region: "bodo".into(),
            recipient: Some("Bodø kommune".into()),
            organisation_id: None,
            recipient_type: Some("programkommune".into()),
            years: YearRange {
                start: years.0,
                end: years.1,
            },
            status: Status::Avsluttet,
            themes: vec![],
            target_groups: vec![],
            grants: grants
                .iter()
                .map(|(y, a)| (*y, *a, GrantStatus::Tilsagn))
                .collect(),
        }
    }

    /// A small fixed register: one entry of each kind of problem, and entries without any.
    fn register() -> (Vec<ProjectFacts>, HashMap<String, String>) {
        let mut no_type = entry("vest-01", (2011, Some(2013)), &[(2012, 1)]);
        no_type.recipient_type = None;
        let mut no_recipient = entry("sor-04", (2011, Some(2013)), &[]);
        no_recipient.recipient = None;
        no_recipient.recipient_type = None;
        let mut programme = entry("ost-program", (2009, Some(2017)), &[]);
        programme.kind = Kind::Program;
        let mut open = entry("ost-open", (2020, None), &[(2019, 5), (2030, 6)]);
        open.kind = Kind::Program;
        let entries = vec![
            entry(
                "bodo-01",
                (2014, Some(2015)),
                &[(2014, 700_000), (2015, 845_000), (2017, 230_000)],
            ),
            entry("ost-10", (2014, Some(2014)), &[(2015, 1_500_000)]),
            entry("fine", (2011, Some(2013)), &[(2011, 1), (2013, 2)]),
            no_type,
            no_recipient,
            programme,
            entry("ost-inside", (2009, Some(2012)), &[]),
            entry("ost-early", (2008, Some(2012)), &[]),
            entry("ost-late", (2015, None), &[]),
            open,
            entry("under-open", (2021, Some(2040)), &[]),
        ];
        let parents = [
            ("ost-inside", "ost-program"),
            ("ost-early", "ost-program"),
            ("ost-late", "ost-program"),
            ("under-open", "ost-open"),
            ("fine", "missing-parent"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        (entries, parents)
    }

    fn found(findings: &[Finding], check: Check) -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f.check == check)
            .map(|f| f.project.as_str())
            .collect()
    }

    #[test]
    fn grants_outside_the_period_are_found_with_their_year_and_amount() {
        let (entries, parents) = register();
        let f = check_register(&entries, &parents);
        assert_eq!(
            found(&f, Check::GrantOutsidePeriod),
            ["bodo-01", "ost-10", "ost-open"],
            "a grant in the period's first or last year is inside it; an open period has no end"
        );
        let foyer = f.iter().find(|f| f.project == "bodo-01").unwrap();
        assert_eq!(
            foyer.message,
            "Tilskudd for 2017 (230 000 kr, tilsagn) ligger utenfor perioden 2014–2015."
        );
        let ost10 = f.iter().find(|f| f.project == "ost-10").unwrap();
        assert_eq!(
            ost10.message,
            "Tilskudd for 2015 (1 500 000 kr, tilsagn) ligger utenfor perioden 2014."
        );
        let open: Vec<_> = f.iter().filter(|f| f.project == "ost-open").collect();
        assert_eq!(open.len(), 1, "only the grant before the start: {open:?}");
        assert!(open[0].message.contains("2019"), "{}", open[0].message);
    }

    #[test]
    fn periods_that_leave_the_programmes_period_are_found() {
        let (entries, parents) = register();
        let f = check_register(&entries, &parents);
        assert_eq!(
            found(&f, Check::PeriodOutsideParent),
            ["ost-early", "ost-late"],
            "an entry still running under a programme that ended goes beyond it; one inside an \
             open programme does not"
        );
        let early = f.iter().find(|f| f.project == "ost-early").unwrap();
        assert_eq!(
            early.message,
            "Perioden 2008–2012 går utenfor perioden 2009–2017 til programmet «Tittel ost-program» (ost-program)."
        );
    }

    #[test]
    fn a_recipient_without_a_type_is_found_but_a_missing_recipient_is_not() {
        let (entries, parents) = register();
        let f = check_register(&entries, &parents);
        assert_eq!(found(&f, Check::RecipientWithoutType), ["vest-01"]);
        assert_eq!(
            f.iter().find(|f| f.project == "vest-01").unwrap().message,
            "Mottakeren «Bodø kommune» har ingen mottakertype."
        );
        assert_eq!(f.len(), 6, "{f:#?}");
    }

    #[test]
    fn a_note_from_a_file_names_every_missing_part() {
        let note = SourceNote {
            project: "sor-08".into(),
            kind: NoteKind::Konflikt,
            field: "Periode".into(),
            note: String::new(),
            value: SourcedValue {
                value: "2013–2015".into(),
                source: String::new(),
            },
            other: None,
        };
        let problems = note.check();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("Kolonnene value_a og source_a"));
        assert!(problems[1].contains("den andre kildens verdi"));
        assert!(problems.iter().all(|p| p.ends_with('.')), "{problems:?}");
        let inferred = SourceNote {
            kind: NoteKind::Utledet,
            value: SourcedValue {
                value: "2015".into(),
                source: "Rambøll 2016, tabell 4-1".into(),
            },
            ..note
        };
        assert!(inferred.check().is_empty());
    }
}
