//! A programme's grants per municipality and year, and its totals per year for all programme
//! municipalities, including the money the source gives only as a total.
//!
//! The demo is seed 003's Table 1 (Møreforsking 2012, ch. 4.1): grants to the five evaluated
//! municipalities in 2009–2010 and expected grants in 2011–2012, and the totals for all
//! programme municipalities (4 595 000, 14 892 010, 17 478 000 and 24 500 000 kr). The part of
//! each total not itemised per municipality is the total minus the rows: the other
//! municipalities' and districts' grants, which the table does not break down.
//!
//! The report's text contradicts its own table for 2011: it says that «for 2011» Hamar got
//! 2,2 millioner, Bærum 1,5, Lørenskog 1,2, Lillehammer 800 000 and Moss 1,2 (the table's 2010
//! amounts), while the table gives 1 500 000 kr each as expected for 2011. Husk holds the table's
//! values and keeps the text's as a [`GrantConflict`] beside them, so a page can show both.

use super::nok;
use crate::portfolio::GrantStatus;
use crate::quality::{NoteKind, SourceNote, SourcedValue};
use serde::Serialize;

/// Table 1's rows: municipality, year, amount, status.
pub const UTVIKLINGSPROGRAM_OST_GRANTS_CSV: &str =
    include_str!("../../../../data/reference/utviklingsprogram_ost_grants.csv");
/// Table 1's totals for all programme municipalities.
pub const UTVIKLINGSPROGRAM_OST_TOTALS_CSV: &str =
    include_str!("../../../../data/reference/utviklingsprogram_ost_totals.csv");

/// Where Table 1 is.
pub const TABLE_1_SOURCE: &str = "Møreforsking 2012, kap. 4.1, tabell 1";
/// Where the text that contradicts it for 2011 is.
pub const TABLE_1_PROSE_SOURCE: &str =
    "Møreforsking 2012, kap. 4.1, teksten etter tabell 1 og fotnote 9";

/// What the text after Table 1 says was granted «for 2011» (seed 003, ch. 4.1): «For 2011 ble
/// det bevilget 2,2 millioner kroner til programarbeidet i Hamar, 1,5 millioner kroner til
/// Bærum, 1,2 millioner kroner til Lørenskog og 800.000 kroner til Lillehammer. Moss kommune
/// var også av de som fikk den høyeste tildelingen for 2011 med 1,2 millioner kroner.»
/// Footnote 9 adds that the money for 2011 was granted in the autumn of 2010.
const TABLE_1_PROSE_2011: [(&str, i64); 5] = [
    ("Bærum", 1_500_000),
    ("Hamar", 2_200_000),
    ("Lillehammer", 800_000),
    ("Lørenskog", 1_200_000),
    ("Moss", 1_200_000),
];

/// One municipality's grant in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantRow {
    pub municipality: String,
    pub year: i32,
    pub amount: i64,
    pub status: GrantStatus,
}

/// The programme's total for all its municipalities in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearTotal {
    pub year: i32,
    pub amount: i64,
    pub status: GrantStatus,
}

/// One year of the table: its total, the sum of the rows, and what is not itemised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearSummary {
    pub year: i32,
    /// `None` when the source gives no total for the year.
    pub total: Option<YearTotal>,
    /// The sum of the per-municipality rows.
    pub itemised: i64,
    /// The total minus the rows; `None` without a total.
    pub not_itemised: Option<i64>,
}

/// Two sources giving different values for one municipality's grant in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantConflict {
    pub municipality: String,
    pub year: i32,
    /// The value Husk holds (the table's) and where it is stated.
    pub held: SourcedValue,
    pub held_amount: i64,
    /// What the other source says.
    pub other: SourcedValue,
    pub other_amount: i64,
    /// Why Husk holds the value it holds, in a sentence or two.
    pub note: String,
}

impl GrantConflict {
    /// The field the conflict is about, as the pages name it: «Tilskudd 2011».
    pub fn field(&self) -> String {
        format!("Tilskudd {}", self.year)
    }

    /// The conflict as a source note on the register entry `project` (the municipality's
    /// participation), for the data-quality page and the entry's page.
    pub fn source_note(&self, project: &str) -> SourceNote {
        SourceNote {
            project: project.to_string(),
            kind: NoteKind::Konflikt,
            field: self.field(),
            note: self.note.clone(),
            value: self.held.clone(),
            other: Some(self.other.clone()),
        }
    }
}

/// Grants per municipality and year, the totals, and where the sources disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantTable {
    pub rows: Vec<GrantRow>,
    pub totals: Vec<YearTotal>,
    pub conflicts: Vec<GrantConflict>,
}

/// Reads a status as the reference files write it: `tildelt` (granted; held as a grant
/// decision, *tilsagn*), `forventet`, or one of [`GrantStatus`]'s codes.
fn status(raw: &str) -> Option<GrantStatus> {
    match raw.trim() {
        "tildelt" => Some(GrantStatus::Tilsagn),
        other => GrantStatus::from_code(other),
    }
}

fn amount(raw: &str) -> Result<i64, String> {
    crate::portfolio::parse_nok(raw)
}

fn year(raw: &str) -> Result<i32, String> {
    crate::portfolio::parse_year(raw)
}

/// Reads a CSV with the headings `headings`, giving each record with its line number, or a
/// message for a file that is not such a CSV.
fn records(
    name: &str,
    text: &str,
    headings: &[&str],
) -> Result<Vec<(u64, csv::StringRecord)>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let found: Vec<String> = reader
        .headers()
        .map_err(|_| {
            vec![format!(
                "{name}: Første linje kan ikke leses som overskrifter."
            )]
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if found != headings {
        return Err(vec![format!(
            "{name}: Overskriftene skal være {}, men er {}.",
            headings.join(","),
            found.join(",")
        )]);
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                if r.len() != headings.len() {
                    errors.push(format!(
                        "{name}, linje {line}: Linjen har {} kolonner, men skal ha {}.",
                        r.len(),
                        headings.len()
                    ));
                } else {
                    out.push((line, r));
                }
            }
            Err(_) => errors.push(format!(
                "{name}: En linje kan ikke leses. Sjekk anførselstegnene."
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

impl GrantTable {
    /// Seed 003's Table 1 with the text's contradicting 2011 figures, from the files compiled
    /// in. The files are checked by this module's tests, so this cannot fail in a built binary.
    pub fn utviklingsprogram_ost() -> GrantTable {
        let mut table = GrantTable::from_csv(
            UTVIKLINGSPROGRAM_OST_GRANTS_CSV,
            UTVIKLINGSPROGRAM_OST_TOTALS_CSV,
        )
        .unwrap_or_else(|e| panic!("Table 1's reference files are malformed: {e:?}"));
        table.conflicts = TABLE_1_PROSE_2011
            .iter()
            .filter_map(|(municipality, prose)| {
                let row = table.row(municipality, 2011)?;
                let same = *prose == row.amount;
                Some(GrantConflict {
                    municipality: municipality.to_string(),
                    year: 2011,
                    held: SourcedValue {
                        value: format!("{}, {}", nok(row.amount), row.status.label().to_lowercase()),
                        source: TABLE_1_SOURCE.into(),
                    },
                    held_amount: row.amount,
                    other: SourcedValue {
                        value: format!("{}, bevilget", nok(*prose)),
                        source: TABLE_1_PROSE_SOURCE.into(),
                    },
                    other_amount: *prose,
                    note: format!(
                        "Teksten gir for 2011 de beløpene tabellen fører for 2010, og kaller dem bevilget; fotnote 9 sier at pengene for 2011 ble bevilget høsten 2010.{} Husk følger tabellen.",
                        if same {
                            format!(" For {municipality} er beløpet det samme, men ikke status.")
                        } else {
                            String::new()
                        }
                    ),
                })
            })
            .collect();
        table
    }

    /// Reads the rows (`municipality,year,amount_nok,status`) and the totals
    /// (`year,all_programme_municipalities_nok,status`). Every problem is listed, by file and
    /// line: a bad number or year, an unknown status, a municipality twice in a year, a year
    /// twice among the totals, or rows that add up to more than the year's total.
    pub fn from_csv(rows_csv: &str, totals_csv: &str) -> Result<GrantTable, Vec<String>> {
        let mut errors = Vec::new();
        let mut rows: Vec<GrantRow> = Vec::new();
        let mut totals: Vec<YearTotal> = Vec::new();
        let rows_name = "Tilskuddsfilen";
        let totals_name = "Totalfilen";
        let bad_status = |file: &str, line: u64, raw: &str| {
            format!(
                "{file}, linje {line}: «{raw}» er ikke en status. Skriv tildelt, {}.",
                GrantStatus::expected()
            )
        };
        match records(
            rows_name,
            rows_csv,
            &["municipality", "year", "amount_nok", "status"],
        ) {
            Err(e) => errors.extend(e),
            Ok(records) => {
                for (line, r) in records {
                    let municipality = r[0].trim().to_string();
                    if municipality.is_empty() {
                        errors.push(format!(
                            "{rows_name}, linje {line}: Kommunen mangler. Skriv kommunens navn."
                        ));
                    }
                    let y = year(&r[1]).map_err(|m| format!("{rows_name}, linje {line}: {m}"));
                    let a = amount(&r[2]).map_err(|m| format!("{rows_name}, linje {line}: {m}"));
                    let s = status(&r[3]).ok_or_else(|| bad_status(rows_name, line, r[3].trim()));
                    match (y, a, s) {
                        (Ok(year), Ok(amount), Ok(status)) => {
                            if rows
                                .iter()
                                .any(|g| g.municipality == municipality && g.year == year)
                            {
                                errors.push(format!(
                                    "{rows_name}, linje {line}: {municipality} har allerede et tilskudd for {year}. Slå radene sammen til én."
                                ));
                            }
                            rows.push(GrantRow {
                                municipality,
                                year,
                                amount,
                                status,
                            });
                        }
                        (y, a, s) => {
                            errors.extend(y.err());
                            errors.extend(a.err());
                            errors.extend(s.err());
                        }
                    }
                }
            }
        }
        match records(
            totals_name,
            totals_csv,
            &["year", "all_programme_municipalities_nok", "status"],
        ) {
            Err(e) => errors.extend(e),
            Ok(records) => {
                for (line, r) in records {
                    let y = year(&r[0]).map_err(|m| format!("{totals_name}, linje {line}: {m}"));
                    let a = amount(&r[1]).map_err(|m| format!("{totals_name}, linje {line}: {m}"));
                    let s = status(&r[2]).ok_or_else(|| bad_status(totals_name, line, r[2].trim()));
                    match (y, a, s) {
                        (Ok(year), Ok(amount), Ok(status)) => {
                            if totals.iter().any(|t| t.year == year) {
                                errors.push(format!(
                                    "{totals_name}, linje {line}: {year} har allerede en total. Behold én linje per år."
                                ));
                            }
                            totals.push(YearTotal {
                                year,
                                amount,
                                status,
                            });
                        }
                        (y, a, s) => {
                            errors.extend(y.err());
                            errors.extend(a.err());
                            errors.extend(s.err());
                        }
                    }
                }
            }
        }
        let table = GrantTable {
            rows,
            totals,
            conflicts: Vec::new(),
        };
        for s in table.years() {
            if let Some(not_itemised) = s.not_itemised.filter(|n| *n < 0) {
                errors.push(format!(
                    "Tilskuddene per kommune i {} er til sammen {}, {} mer enn totalen for alle programkommunene ({}).",
                    s.year,
                    nok(s.itemised),
                    nok(-not_itemised),
                    nok(s.total.map_or(0, |t| t.amount))
                ));
            }
        }
        if errors.is_empty() {
            Ok(table)
        } else {
            Err(errors)
        }
    }

    /// One municipality's grant in one year.
    pub fn row(&self, municipality: &str, year: i32) -> Option<&GrantRow> {
        self.rows
            .iter()
            .find(|r| r.municipality == municipality && r.year == year)
    }

    /// The municipalities with rows, in the file's order.
    pub fn municipalities(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.municipality.as_str()) {
                out.push(&r.municipality);
            }
        }
        out
    }

    /// The total for all programme municipalities in `year`.
    pub fn total(&self, year: i32) -> Option<&YearTotal> {
        self.totals.iter().find(|t| t.year == year)
    }

    /// The sum of the per-municipality rows in `year`.
    pub fn itemised(&self, year: i32) -> i64 {
        self.rows
            .iter()
            .filter(|r| r.year == year)
            .map(|r| r.amount)
            .sum()
    }

    /// The part of `year`'s total not itemised per municipality; `None` without a total.
    pub fn not_itemised(&self, year: i32) -> Option<i64> {
        self.total(year).map(|t| t.amount - self.itemised(year))
    }

    /// Every year with rows or a total, in order, with its total, rows and the rest.
    pub fn years(&self) -> Vec<YearSummary> {
        let mut years: Vec<i32> = self
            .rows
            .iter()
            .map(|r| r.year)
            .chain(self.totals.iter().map(|t| t.year))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
            .into_iter()
            .map(|year| YearSummary {
                year,
                total: self.total(year).copied(),
                itemised: self.itemised(year),
                not_itemised: self.not_itemised(year),
            })
            .collect()
    }

    /// The conflicts about one municipality's grant in one year.
    pub fn conflicts_for(&self, municipality: &str, year: i32) -> Vec<&GrantConflict> {
        self.conflicts
            .iter()
            .filter(|c| c.municipality == municipality && c.year == year)
            .collect()
    }

    /// Whether any source disagrees about a grant in `year`: a page showing that year's
    /// figures says so.
    pub fn year_has_conflicts(&self, year: i32) -> bool {
        self.conflicts.iter().any(|c| c.year == year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_1_gives_the_totals_the_issue_names() {
        let t = GrantTable::utviklingsprogram_ost();
        let totals: Vec<(i32, i64, GrantStatus)> = t
            .totals
            .iter()
            .map(|t| (t.year, t.amount, t.status))
            .collect();
        assert_eq!(
            totals,
            [
                (2009, 4_595_000, GrantStatus::Tilsagn),
                (2010, 14_892_010, GrantStatus::Tilsagn),
                (2011, 17_478_000, GrantStatus::Forventet),
                (2012, 24_500_000, GrantStatus::Forventet),
            ]
        );
    }

    #[test]
    fn table_1_has_the_five_municipalities_rows_and_moss_from_2010() {
        let t = GrantTable::utviklingsprogram_ost();
        assert_eq!(
            t.municipalities(),
            ["Bærum", "Hamar", "Lillehammer", "Lørenskog", "Moss"]
        );
        assert_eq!(t.rows.len(), 19);
        assert_eq!(t.row("Hamar", 2010).unwrap().amount, 2_200_000);
        assert_eq!(t.row("Lillehammer", 2010).unwrap().amount, 800_000);
        assert_eq!(t.row("Moss", 2009), None, "Moss entered in 2010");
        assert_eq!(t.row("Moss", 2012).unwrap().status, GrantStatus::Forventet);
    }

    #[test]
    fn the_part_of_each_total_not_itemised_per_municipality() {
        let t = GrantTable::utviklingsprogram_ost();
        let years: Vec<(i32, i64, Option<i64>)> = t
            .years()
            .iter()
            .map(|y| (y.year, y.itemised, y.not_itemised))
            .collect();
        assert_eq!(
            years,
            [
                (2009, 4_000_000, Some(595_000)),
                (2010, 6_900_000, Some(7_992_010)),
                (2011, 7_500_000, Some(9_978_000)),
                (2012, 7_500_000, Some(17_000_000)),
            ]
        );
    }

    #[test]
    fn the_2011_figures_carry_the_texts_contradiction_with_both_sources() {
        let t = GrantTable::utviklingsprogram_ost();
        assert!(t.year_has_conflicts(2011));
        assert!(!t.year_has_conflicts(2010) && !t.year_has_conflicts(2012));
        assert_eq!(t.conflicts.len(), 5);
        let hamar = t.conflicts_for("Hamar", 2011)[0];
        assert_eq!(hamar.held_amount, 1_500_000);
        assert_eq!(hamar.other_amount, 2_200_000);
        assert_eq!(hamar.held.value, "1 500 000 kr, forventet");
        assert_eq!(hamar.held.source, "Møreforsking 2012, kap. 4.1, tabell 1");
        assert_eq!(hamar.other.value, "2 200 000 kr, bevilget");
        assert!(hamar.other.source.contains("fotnote 9"));
        let baerum = t.conflicts_for("Bærum", 2011)[0];
        assert_eq!(baerum.held_amount, baerum.other_amount);
        assert!(baerum
            .note
            .contains("For Bærum er beløpet det samme, men ikke status."));
        let note = hamar.source_note("ost-up-hamar");
        assert!(note.check().is_empty(), "{:?}", note.check());
        assert_eq!(note.field, "Tilskudd 2011");
        assert_eq!(note.kind, NoteKind::Konflikt);
    }

    #[test]
    fn the_notes_are_those_the_demo_loads() {
        // The demo's source notes record the same conflicts by hand: they must say the same.
        let demo = include_str!("../../../../data/demo/source_notes.csv");
        let t = GrantTable::utviklingsprogram_ost();
        for (municipality, project) in [
            ("Bærum", "ost-up-baerum"),
            ("Hamar", "ost-up-hamar"),
            ("Lillehammer", "ost-up-lillehammer"),
            ("Lørenskog", "ost-up-lorenskog"),
            ("Moss", "ost-up-moss"),
        ] {
            let n = t.conflicts_for(municipality, 2011)[0].source_note(project);
            let other = n.other.as_ref().unwrap();
            let line = format!(
                "{project},konflikt,{},\"{}\",\"{}\",\"{}\",\"{}\",\"{}\"",
                n.field, n.note, n.value.value, n.value.source, other.value, other.source
            );
            assert!(
                demo.lines().any(|l| l == line),
                "not in the demo notes:\n{line}"
            );
        }
    }

    #[test]
    fn bad_files_are_refused_with_every_problem_by_line() {
        let rows = "municipality,year,amount_nok,status\n\
                    Hamar,2009,1000000,tildelt\n\
                    Hamar,2009,5,tildelt\n\
                    Moss,20x0,1 200 000,bevilget\n\
                    ,2010,1.5,forventet\n";
        let totals = "year,all_programme_municipalities_nok,status\n\
                      2009,1000000,tildelt\n\
                      2009,2,tildelt\n";
        let e = GrantTable::from_csv(rows, totals).unwrap_err();
        let all = e.join("\n");
        for expected in [
            "Tilskuddsfilen, linje 3: Hamar har allerede et tilskudd for 2009.",
            "Tilskuddsfilen, linje 4: «20x0» er ikke et årstall.",
            "Tilskuddsfilen, linje 4: «bevilget» er ikke en status.",
            "Tilskuddsfilen, linje 5: Kommunen mangler.",
            "Tilskuddsfilen, linje 5: «1.5» er ikke et helt kronebeløp.",
            "Totalfilen, linje 3: 2009 har allerede en total.",
            "Tilskuddene per kommune i 2009 er til sammen 1 000 005 kr, 5 kr mer enn totalen for alle programkommunene (1 000 000 kr).",
        ] {
            assert!(all.contains(expected), "missing «{expected}» in:\n{all}");
        }
        for m in &e {
            assert_eq!(crate::norwegian::message_fault(m), None, "{m}");
        }
        let e = GrantTable::from_csv("kommune;år\n", totals).unwrap_err();
        assert!(e[0].starts_with(
            "Tilskuddsfilen: Overskriftene skal være municipality,year,amount_nok,status"
        ));
    }
}
