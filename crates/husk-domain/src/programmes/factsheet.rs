//! A participant's fact sheet (*faktaark*): what Husbanken knows of one municipality's
//! participation in a programme on one page: its phase, the programme's goals, the plan's
//! measures with their status (late ones flagged), grants per year
//! with their sum, the co-financing rule per programme year, the reports of the participation's
//! entries with their status, and key indicators against the comparison group (the programme's
//! other participants' average, where they have a value for the same year).
//!
//! The store fills a [`FactSheet`] (as the viewer may read it); [`FactSheet::blocks`] lays it
//! out once as headings, facts, paragraphs and tables in Norwegian, which the web page, the PDF
//! (husk-files) and the command line's text ([`FactSheet::to_text`]) all show, so the three say
//! the same.

use super::definition::{EntryYear, GoalLevel};
use super::indicators::{Indicator, INDICATORS};
use super::phases::Phase;
use super::plans::{Measure, MeasureKind, MeasureState};
use super::{nok, Share};
use crate::norwegian::{count, format_date, group_thousands, list};
use crate::portfolio::GrantStatus;
use serde::Serialize;
use time::Date;

/// A goal of the programme, as the sheet lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactGoal {
    pub code: String,
    pub level: GoalLevel,
    pub text: String,
}

/// A sub-project or measure of the participant's plan with its status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactMeasure {
    pub title: String,
    pub kind: MeasureKind,
    pub state: MeasureState,
    /// The status as the pages write it («Startet», «Utsatt: Venter på budsjettet»).
    pub status: String,
    /// The goal codes it serves.
    pub goals: Vec<String>,
    #[serde(with = "super::iso")]
    pub end: Date,
    /// Its planned end has passed while it is neither done nor dropped.
    pub late: bool,
    /// Moved «ut i linje og inn i driften».
    pub in_ordinary_operation: bool,
}

impl FactMeasure {
    /// The sheet's line for a measure of the plan, late as of `today`.
    pub fn of(m: &Measure, today: Date) -> FactMeasure {
        FactMeasure {
            title: m.title.clone(),
            kind: m.kind,
            state: m.status.state(),
            status: m.status.label(),
            goals: m.goals.clone(),
            end: m.end,
            late: m.is_late(today),
            in_ordinary_operation: m.in_ordinary_operation,
        }
    }
}

/// One grant of the participant in one year, as the programme's grant table gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactGrant {
    pub year: i32,
    pub amount: i64,
    pub status: GrantStatus,
    pub source: String,
    /// Where another source gives another figure: what it says (empty when none does).
    pub disputed: String,
}

/// The municipality's own share of programme costs in one programme year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CofinancingYear {
    pub programme_year: u32,
    /// The calendar year (programme year 1 is the pool's year); `None` when the pool is not
    /// stated.
    pub year: Option<i32>,
    pub share: Share,
}

/// A report on one of the participation's entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactReport {
    pub id: i64,
    /// «Årsrapport 2026 – Boligsosialt utviklingsprogram – Asker».
    pub title: String,
    /// «Godkjent», «Sendt inn», ….
    pub state: String,
    #[serde(with = "super::iso")]
    pub due: Date,
}

/// The comparison group's value of an indicator in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Comparison {
    /// The average of the other municipalities' values.
    pub average: f64,
    /// How many municipalities have a value that year.
    pub municipalities: usize,
}

/// An indicator's latest value for the municipality, with the comparison group's that year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KeyIndicator {
    pub indicator: &'static Indicator,
    pub year: i32,
    pub value: f64,
    /// `None` when no other municipality of the group has a value that year (or there is no
    /// group, as on the municipality page).
    pub comparison: Option<Comparison>,
}

/// One indicator value of one municipality.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndicatorPoint<'a> {
    pub kommunenummer: &'a str,
    pub year: i32,
    pub indicator: &'static Indicator,
    pub value: f64,
}

/// For each indicator the municipality `own` has a value of (in the order of
/// [`INDICATORS`]): its latest value, and the average of the municipalities in `group` (other
/// than `own`, each counted once however often it is named) that have a value for the same
/// indicator and year.
pub fn key_indicators(
    own: &str,
    group: &[&str],
    values: &[IndicatorPoint<'_>],
) -> Vec<KeyIndicator> {
    let mut others: Vec<&str> = group.iter().copied().filter(|k| *k != own).collect();
    others.sort_unstable();
    others.dedup();
    INDICATORS
        .iter()
        .filter_map(|ind| {
            let latest = values
                .iter()
                .filter(|v| v.kommunenummer == own && v.indicator.code == ind.code)
                .max_by_key(|v| v.year)?;
            let theirs: Vec<f64> = values
                .iter()
                .filter(|v| {
                    v.indicator.code == ind.code
                        && v.year == latest.year
                        && others.contains(&v.kommunenummer)
                })
                .map(|v| v.value)
                .collect();
            Some(KeyIndicator {
                indicator: latest.indicator,
                year: latest.year,
                value: latest.value,
                comparison: (!theirs.is_empty()).then(|| Comparison {
                    average: theirs.iter().sum::<f64>() / theirs.len() as f64,
                    municipalities: theirs.len(),
                }),
            })
        })
        .collect()
}

/// A value as the pages write it: a count in whole numbers with spaces between thousands
/// («1 430»), anything else with one decimal and a comma («3,4»).
pub fn indicator_value(indicator: &Indicator, value: f64) -> String {
    if indicator.count && value.fract() == 0.0 {
        group_thousands(value as i64)
    } else {
        decimal(value)
    }
}

/// One decimal with a decimal comma, the whole part grouped: «1 234,5».
pub fn decimal(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let tenths = tenths.abs();
    format!("{sign}{},{}", group_thousands(tenths / 10), tenths % 10)
}

/// The co-financing rule laid over a participant's programme years.
pub fn cofinancing_years(shares: &[Share], pool: EntryYear) -> Vec<CofinancingYear> {
    shares
        .iter()
        .enumerate()
        .map(|(i, share)| CofinancingYear {
            programme_year: i as u32 + 1,
            year: pool.year().map(|y| y + i as i32),
            share: *share,
        })
        .collect()
}

/// A participant's fact sheet, as one viewer may read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactSheet {
    pub programme_id: String,
    pub programme_title: String,
    pub participant_id: i64,
    /// «Bærum», «Oslo bydel Alna».
    pub participant: String,
    pub municipality: String,
    pub kommunenummer: Option<String>,
    pub phase: Option<Phase>,
    #[serde(with = "super::iso::option")]
    pub phase_since: Option<Date>,
    pub pool: EntryYear,
    #[serde(with = "super::iso::option")]
    pub planned_end: Option<Date>,
    /// What an inferred planned end is inferred from (empty when stated or not stated).
    pub planned_end_note: String,
    /// Why it is late today, in sentences (empty when it is not).
    pub late: Vec<String>,
    pub goals: Vec<FactGoal>,
    /// The plan's sub-projects and measures with their status, in the plan's order.
    pub measures: Vec<FactMeasure>,
    pub grants: Vec<FactGrant>,
    pub cofinancing: Vec<CofinancingYear>,
    pub reports: Vec<FactReport>,
    pub indicators: Vec<KeyIndicator>,
    /// How many other municipalities of the programme make up the comparison group.
    pub comparison_group: usize,
    /// Where the programme's facts are stated.
    pub source: String,
    #[serde(with = "super::iso")]
    pub made: Date,
}

/// A table cell: its text and, on the web page, where it links to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            href: None,
        }
    }
    pub fn link(text: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            href: Some(href.into()),
        }
    }
}

/// A table of the sheet, with a caption and column headings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    /// Which columns hold numbers (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<Cell>>,
    /// A sum row, if the table has one.
    pub footer: Option<Vec<Cell>>,
}

/// One piece of the laid-out sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// A section's heading, with its anchor on the web page.
    Heading {
        id: String,
        text: String,
    },
    Paragraph(String),
    /// Label and value pairs.
    Facts(Vec<(String, String)>),
    Table(Table),
    /// Small print: sources, what is inferred.
    Note(String),
}

impl FactSheet {
    /// «Faktaark: Bærum».
    pub fn title(&self) -> String {
        format!("Faktaark: {}", self.participant)
    }

    /// «Gjennomføringsfase (fra 01.09.2011)» or «Ikke registrert».
    pub fn phase_label(&self) -> String {
        match (self.phase, self.phase_since) {
            (Some(p), Some(since)) => format!("{} (fra {})", p.label(), format_date(since)),
            (Some(p), None) => p.label().to_string(),
            _ => "Ikke registrert".into(),
        }
    }

    /// «4 tiltak: 1 planlagt, 2 startet og 1 gjennomført. 1 er forsinket, og 1 er tatt ut i
    /// linje og inn i driften.»
    pub fn measures_summary(&self) -> String {
        let states: Vec<String> = MeasureState::ALL
            .iter()
            .filter_map(|s| {
                let n = self.measures.iter().filter(|m| m.state == *s).count();
                (n > 0).then(|| format!("{n} {}", s.label().to_lowercase()))
            })
            .collect();
        let late = self.measures.iter().filter(|m| m.late).count();
        let operation = self
            .measures
            .iter()
            .filter(|m| m.in_ordinary_operation)
            .count();
        format!(
            "{}: {}. {} forsinket, og {} tatt ut i linje og inn i driften.",
            count(self.measures.len() as i64, "tiltak", "tiltak"),
            list(&states, "og"),
            if late == 0 {
                "Ingen er".to_string()
            } else {
                format!("{late} er")
            },
            if operation == 0 {
                "ingen er".to_string()
            } else {
                format!("{operation} er")
            }
        )
    }

    /// The grants' sum.
    pub fn grant_total(&self) -> i64 {
        self.grants.iter().map(|g| g.amount).sum()
    }

    /// The sheet laid out in sections, in Norwegian.
    pub fn blocks(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let heading = |id: &str, text: &str| Block::Heading {
            id: id.into(),
            text: text.into(),
        };

        out.push(heading("fakta", "Deltakelsen"));
        let mut facts = vec![
            ("Program".to_string(), self.programme_title.clone()),
            ("Deltaker".to_string(), self.participant.clone()),
            (
                "Kommunenummer".to_string(),
                self.kommunenummer
                    .clone()
                    .unwrap_or_else(|| "ikke oppgitt".into()),
            ),
            ("Fase".to_string(), self.phase_label()),
            ("Pulje".to_string(), self.pool.label()),
            (
                "Planlagt slutt".to_string(),
                match self.planned_end {
                    Some(d) if self.planned_end_note.is_empty() => format_date(d),
                    Some(d) => format!("{} ({})", format_date(d), self.planned_end_note),
                    None => "ikke oppgitt".into(),
                },
            ),
        ];
        if !self.late.is_empty() {
            facts.push(("Forsinket".to_string(), self.late.join(" ")));
        }
        out.push(Block::Facts(facts));

        out.push(heading("mal", "Programmets mål"));
        if self.goals.is_empty() {
            out.push(Block::Paragraph(
                "Programmet har ingen mål registrert.".into(),
            ));
        } else {
            out.push(Block::Table(Table {
                caption: "Målene, med koden tiltak og rapporter viser til".into(),
                headers: vec!["Kode".into(), "Nivå".into(), "Mål".into()],
                numeric: vec![false, false, false],
                rows: self
                    .goals
                    .iter()
                    .map(|g| {
                        vec![
                            Cell::text(&g.code),
                            Cell::text(g.level.label()),
                            Cell::text(&g.text),
                        ]
                    })
                    .collect(),
                footer: None,
            }));
        }

        out.push(heading("tiltak", "Tiltak"));
        if self.measures.is_empty() {
            out.push(Block::Paragraph(
                "Planen har ingen delprosjekter eller tiltak registrert.".into(),
            ));
        } else {
            out.push(Block::Paragraph(self.measures_summary()));
            out.push(Block::Table(Table {
                caption: "Delprosjektene og tiltakene i planen med status".into(),
                headers: vec![
                    "Tiltak".into(),
                    "Status".into(),
                    "Mål".into(),
                    "Planlagt slutt".into(),
                    "I drift".into(),
                ],
                numeric: vec![false, false, false, false, false],
                rows: self
                    .measures
                    .iter()
                    .map(|m| {
                        vec![
                            Cell::text(match m.kind {
                                MeasureKind::Subproject => format!("{} (delprosjekt)", m.title),
                                MeasureKind::Measure => m.title.clone(),
                            }),
                            Cell::text(if m.late {
                                format!("{} – forsinket", m.status)
                            } else {
                                m.status.clone()
                            }),
                            Cell::text(m.goals.join(", ")),
                            Cell::text(format_date(m.end)),
                            Cell::text(if m.in_ordinary_operation { "ja" } else { "nei" }),
                        ]
                    })
                    .collect(),
                footer: None,
            }));
            out.push(Block::Note(
                "Forsinket: planlagt slutt er passert, og tiltaket er verken gjennomført eller avbrutt. I drift: tatt ut i linje og inn i kommunens ordinære drift. Målene er kodene i tabellen over.".into(),
            ));
        }

        out.push(heading("tilskudd", "Tilskudd"));
        if self.grants.is_empty() {
            out.push(Block::Paragraph(
                "Programmets tilskuddstabell har ingen rader for denne deltakeren.".into(),
            ));
        } else {
            out.push(Block::Table(Table {
                caption: format!("Tilskudd til {} per år", self.participant),
                headers: vec!["År".into(), "Beløp".into(), "Status".into()],
                numeric: vec![false, true, false],
                rows: self
                    .grants
                    .iter()
                    .map(|g| {
                        let status = g.status.label().to_lowercase();
                        vec![
                            Cell::text(g.year.to_string()),
                            Cell::text(nok(g.amount)),
                            Cell::text(if g.disputed.is_empty() {
                                status
                            } else {
                                format!("{status} (kildene er uenige)")
                            }),
                        ]
                    })
                    .collect(),
                footer: Some(vec![
                    Cell::text("Sum"),
                    Cell::text(nok(self.grant_total())),
                    Cell::text(""),
                ]),
            }));
            for g in self.grants.iter().filter(|g| !g.disputed.is_empty()) {
                out.push(Block::Note(format!("{}: {}", g.year, g.disputed)));
            }
            let mut sources: Vec<&str> = self.grants.iter().map(|g| g.source.as_str()).collect();
            sources.dedup();
            out.push(Block::Note(format!("Kilde: {}.", sources.join("; "))));
        }

        out.push(heading("egenfinansiering", "Egenfinansiering"));
        if self.cofinancing.is_empty() {
            out.push(Block::Paragraph(
                "Programmet har ingen regel for egenfinansiering registrert.".into(),
            ));
        } else {
            out.push(Block::Paragraph(
                "Kommunens egen andel av programkostnadene stiger med programåret. Programår 1 er puljens år.".into(),
            ));
            out.push(Block::Table(Table {
                caption: "Kommunens andel av programkostnadene per programår".into(),
                headers: vec!["Programår".into(), "År".into(), "Kommunens andel".into()],
                numeric: vec![false, false, true],
                rows: self
                    .cofinancing
                    .iter()
                    .map(|c| {
                        vec![
                            Cell::text(c.programme_year.to_string()),
                            Cell::text(
                                c.year
                                    .map_or("ikke oppgitt (puljen er ikke oppgitt)".into(), |y| {
                                        y.to_string()
                                    }),
                            ),
                            Cell::text(c.share.label()),
                        ]
                    })
                    .collect(),
                footer: None,
            }));
        }

        out.push(heading("rapporter", "Rapporter"));
        if self.reports.is_empty() {
            out.push(Block::Paragraph(
                "Deltakelsens oppføringer har ingen rapporter du har tilgang til.".into(),
            ));
        } else {
            out.push(Block::Table(Table {
                caption: "Rapportene på deltakelsens oppføringer".into(),
                headers: vec!["Rapport".into(), "Status".into(), "Frist".into()],
                numeric: vec![false, false, false],
                rows: self
                    .reports
                    .iter()
                    .map(|r| {
                        vec![
                            Cell::link(&r.title, format!("/rapporter/{}", r.id)),
                            Cell::text(&r.state),
                            Cell::text(format_date(r.due)),
                        ]
                    })
                    .collect(),
                footer: None,
            }));
        }

        out.push(heading("indikatorer", "Nøkkelindikatorer"));
        match &self.kommunenummer {
            None => out.push(Block::Paragraph(
                "Kommunenummeret er ikke oppgitt, så Husk kan ikke finne indikatorene.".into(),
            )),
            Some(k) if self.indicators.is_empty() => out.push(Block::Paragraph(format!(
                "Husk har ingen indikatorverdier for kommunenummer {k}."
            ))),
            Some(_) => {
                out.push(Block::Table(Table {
                    caption: "Siste verdi for hver indikator, mot snittet for programmets andre deltakere samme år".into(),
                    headers: vec![
                        "Indikator".into(),
                        "År".into(),
                        "Verdi".into(),
                        "Snitt for de andre deltakerne".into(),
                    ],
                    numeric: vec![false, false, true, true],
                    rows: self
                        .indicators
                        .iter()
                        .map(|k| {
                            vec![
                                Cell::text(format!("{} ({})", k.indicator.name, k.indicator.unit)),
                                Cell::text(k.year.to_string()),
                                Cell::text(indicator_value(k.indicator, k.value)),
                                Cell::text(k.comparison.map_or(
                                    "ingen verdier".to_string(),
                                    |c| {
                                        format!(
                                            "{} ({})",
                                            decimal(c.average),
                                            count(c.municipalities as i64, "kommune", "kommuner")
                                        )
                                    },
                                )),
                            ]
                        })
                        .collect(),
                    footer: None,
                }));
                out.push(Block::Note(format!(
                    "Sammenligningsgruppen er programmets {} med kommunenummer; snittet tar med dem som har en verdi samme år. Verdiene er importerte indikatortabeller.",
                    count(self.comparison_group as i64, "andre kommune", "andre kommuner")
                )));
            }
        }

        out.push(Block::Note(format!(
            "Kilde for programmet: {}. Laget av Husk {}.",
            self.source,
            format_date(self.made)
        )));
        out
    }

    /// The sheet as plain text, for the command line.
    pub fn to_text(&self) -> String {
        let mut s = format!("{}\n{}\n", self.title(), self.programme_title);
        for block in self.blocks() {
            match block {
                Block::Heading { text, .. } => s.push_str(&format!("\n{text}\n")),
                Block::Paragraph(p) | Block::Note(p) => s.push_str(&format!("{p}\n")),
                Block::Facts(facts) => {
                    let w = facts
                        .iter()
                        .map(|(l, _)| l.chars().count())
                        .max()
                        .unwrap_or(0);
                    for (l, v) in facts {
                        s.push_str(&format!("  {l:w$}  {v}\n"));
                    }
                }
                Block::Table(t) => {
                    let mut rows: Vec<Vec<String>> = vec![t.headers.clone()];
                    rows.extend(
                        t.rows
                            .iter()
                            .map(|r| r.iter().map(|c| c.text.clone()).collect()),
                    );
                    if let Some(f) = &t.footer {
                        rows.push(f.iter().map(|c| c.text.clone()).collect());
                    }
                    let widths: Vec<usize> = (0..t.headers.len())
                        .map(|i| {
                            rows.iter()
                                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                                .max()
                                .unwrap_or(0)
                        })
                        .collect();
                    for r in rows {
                        let cells: Vec<String> = r
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let w = widths[i];
                                if t.numeric.get(i).copied().unwrap_or(false) {
                                    format!("{c:>w$}")
                                } else {
                                    format!("{c:w$}")
                                }
                            })
                            .collect();
                        s.push_str(&format!("  {}\n", cells.join("  ").trim_end()));
                    }
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn ind(code: &str) -> &'static Indicator {
        Indicator::find(code).unwrap()
    }

    fn point(k: &'static str, year: i32, code: &str, value: f64) -> IndicatorPoint<'static> {
        IndicatorPoint {
            kommunenummer: k,
            year,
            indicator: ind(code),
            value,
        }
    }

    #[test]
    fn key_indicators_take_the_latest_year_and_the_others_average_that_year() {
        let values = [
            point("3201", 2011, "startlan", 100.0),
            point("3201", 2012, "startlan", 120.0),
            point("3203", 2012, "startlan", 80.0),
            point("3203", 2011, "startlan", 999.0),
            point("3403", 2012, "startlan", 41.0),
            point("9999", 2012, "startlan", 5000.0),
            point("3201", 2010, "bostedslose", 12.0),
        ];
        let group = ["3201", "3203", "3403", "3403", "3405"];
        let k = key_indicators("3201", &group, &values);
        assert_eq!(k.len(), 2);
        assert_eq!(k[0].indicator.code, "startlan");
        assert_eq!(k[0].year, 2012);
        assert_eq!(k[0].value, 120.0);
        let c = k[0].comparison.unwrap();
        assert_eq!(c.municipalities, 2, "3403 once, 9999 is not in the group");
        assert_eq!(decimal(c.average), "60,5");
        assert_eq!(k[1].indicator.code, "bostedslose");
        assert_eq!(k[1].comparison, None, "nobody else has 2010");
        assert!(key_indicators("0301", &group, &values).is_empty());
    }

    #[test]
    fn values_are_written_the_norwegian_way() {
        assert_eq!(indicator_value(ind("bostedslose"), 1430.0), "1 430");
        assert_eq!(
            indicator_value(ind("kommunale-boliger-per-1000"), 20.25),
            "20,3"
        );
        assert_eq!(decimal(-0.04), "0,0");
        assert_eq!(decimal(1234.56), "1 234,6");
    }

    fn sheet() -> FactSheet {
        FactSheet {
            programme_id: "p".into(),
            programme_title: "Boligsosialt utviklingsprogram".into(),
            participant_id: 1,
            participant: "Bærum".into(),
            municipality: "Bærum".into(),
            kommunenummer: Some("3201".into()),
            phase: Some(Phase::Implementation),
            phase_since: Some(date!(2011 - 09 - 01)),
            pool: EntryYear::Year(2009),
            planned_end: None,
            planned_end_note: String::new(),
            late: Vec::new(),
            goals: Vec::new(),
            measures: Vec::new(),
            grants: vec![
                FactGrant {
                    year: 2009,
                    amount: 1_000_000,
                    status: GrantStatus::Utbetalt,
                    source: "Tabell 1".into(),
                    disputed: String::new(),
                },
                FactGrant {
                    year: 2010,
                    amount: 1_500_000,
                    status: GrantStatus::Utbetalt,
                    source: "Tabell 1".into(),
                    disputed: "Teksten sier 1 400 000 kr.".into(),
                },
            ],
            cofinancing: cofinancing_years(
                &[
                    Share::from_basis_points(0).unwrap(),
                    Share::from_basis_points(3000).unwrap(),
                ],
                EntryYear::Year(2009),
            ),
            reports: Vec::new(),
            indicators: Vec::new(),
            comparison_group: 0,
            source: "Møreforsking 2012".into(),
            made: date!(2026 - 12 - 02),
        }
    }

    #[test]
    fn the_sheet_lays_out_grants_with_their_sum_and_the_rule_by_year() {
        let s = sheet();
        let text = s.to_text();
        assert!(text.starts_with("Faktaark: Bærum\n"), "{text}");
        assert!(
            text.contains("Gjennomføringsfase (fra 01.09.2011)"),
            "{text}"
        );
        assert!(text.contains("2 500 000 kr"), "{text}");
        assert!(text.contains("(kildene er uenige)"), "{text}");
        assert!(text.contains("2010: Teksten sier 1 400 000 kr."), "{text}");
        assert!(
            text.lines()
                .any(|l| l.starts_with("  2 ") && l.contains(" 2010 ") && l.ends_with(" 30 %")),
            "programme year 2 is 2010 at 30 %: {text}"
        );
        assert!(
            text.contains("\nTiltak\nPlanen har ingen delprosjekter eller tiltak registrert.\n"),
            "no measures, the section says so: {text}"
        );
        assert!(text.contains("Husk har ingen indikatorverdier for kommunenummer 3201."));
        let mut s = s;
        let goals = super::super::ProgrammeDefinition::utviklingsprogram_ost().goals;
        let measure = |title: &str, kind: &str, end: &str, status: &str, reason: &str| {
            super::super::plans::MeasureInput {
                id: String::new(),
                kind: kind.into(),
                title: title.into(),
                goals: vec!["resultat-1".into(), "kunnskapsrettet".into()],
                owner: "Boligkontoret".into(),
                start: "01.01.2010".into(),
                end: end.into(),
                status: status.into(),
                postponed_reason: reason.into(),
                in_ordinary_operation: status == "gjennomfort",
            }
            .validate(&goals)
            .unwrap()
        };
        let today = date!(2012 - 06 - 01);
        s.measures = [
            measure("Boligkartlegging", "tiltak", "31.12.2011", "startet", ""),
            measure(
                "Boligkontor",
                "delprosjekt",
                "31.12.2011",
                "gjennomfort",
                "",
            ),
            measure(
                "Startlån til unge",
                "tiltak",
                "31.12.2013",
                "utsatt",
                "Venter på budsjettet.",
            ),
        ]
        .iter()
        .map(|m| FactMeasure::of(m, today))
        .collect();
        let text = s.to_text();
        assert!(text.contains("\nTiltak\n3 tiltak: 1 startet, 1 utsatt og 1 gjennomført. 1 er forsinket, og 1 er tatt ut i linje og inn i driften.\n"), "{text}");
        let row = |start: &str| {
            text.lines()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("{start} in {text}"))
                .split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            row("  Boligkartlegging"),
            [
                "Boligkartlegging",
                "Startet – forsinket",
                "kunnskapsrettet, resultat-1",
                "31.12.2011",
                "nei"
            ]
        );
        assert_eq!(
            row("  Boligkontor"),
            [
                "Boligkontor (delprosjekt)",
                "Gjennomført",
                "kunnskapsrettet, resultat-1",
                "31.12.2011",
                "ja"
            ],
            "a done measure is not late"
        );
        assert_eq!(row("  Startlån")[1], "Utsatt: Venter på budsjettet.");
        s.pool = EntryYear::NotStated;
        s.cofinancing = cofinancing_years(&[Share::from_basis_points(0).unwrap()], s.pool);
        let text = s.to_text();
        assert!(text.contains("\nTiltak\n"), "{text}");
        assert!(
            text.contains("ikke oppgitt (puljen er ikke oppgitt)"),
            "{text}"
        );
    }
}
