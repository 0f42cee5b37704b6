//! The knowledge matrix (kunnskapsmatrise): knowledge themes × recipient types.
//!
//! Rows are the twelve theme codes (five outcome dimensions, then seven themes in their groups);
//! columns are the ten recipient types. A cell counts the selected entries that have the row's
//! theme and the column's recipient type. Each entry counts once per theme it has, and once in a
//! row's total, whatever else it has. Entries without a known recipient type count in the row
//! total and in the `unknown` column. The share of a row is its total over all selected entries;
//! a row whose share falls below the gap threshold is a gap: too little of the money went there.
//!
//! The same matrix can be weighted by granted NOK instead of counts.

use crate::portfolio::{ProjectFacts, Selection};
use crate::taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an entry's approved reports say it concerned: the knowledge themes and target groups
/// their reporters ticked (the template's fields with the roles `kunnskapstemaer` and
/// `malgrupper`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportedTags {
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
}

/// The entries as their reports classify them, for the matrix «fra rapporter»: every entry
/// whose approved reports tagged something, with the reported themes and target groups in
/// place of the register's own (the rest of its facts, such as its recipient type and grants,
/// as they are). Entries without tagged reports are left out.
pub fn classified_by_reports<'a>(
    facts: impl IntoIterator<Item = &'a ProjectFacts>,
    reported: &BTreeMap<String, ReportedTags>,
) -> Vec<ProjectFacts> {
    facts
        .into_iter()
        .filter_map(|p| {
            let tags = reported.get(&p.id)?;
            let mut p = p.clone();
            p.themes = tags.themes.clone();
            p.target_groups = tags.target_groups.clone();
            Some(p)
        })
        .collect()
}

/// What a cell adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatrixMeasure {
    /// Number of entries.
    #[default]
    Count,
    /// Granted NOK (decided or paid) in grant years within the selection's year range.
    Nok,
}

/// The default share below which a theme is marked as a gap.
pub const DEFAULT_GAP_THRESHOLD: f64 = 0.10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    pub theme: String,
    /// "outcome" or "theme".
    pub kind: String,
    /// The group heading ("Overordnede kunnskapstemaer", "Bolig og bomiljø", …).
    pub group: String,
    pub name: String,
    /// One value per column, in column order.
    pub cells: Vec<i64>,
    /// Entries (or NOK) with this theme and no known recipient type.
    pub unknown: i64,
    /// Entries with this theme, each once (or their NOK).
    pub total: i64,
    /// `total` over the matrix's grand total, 0.0 to 1.0.
    pub share: f64,
    pub gap: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    pub measure: MatrixMeasure,
    /// Recipient type codes, in column order.
    pub columns: Vec<String>,
    pub column_names: Vec<String>,
    pub rows: Vec<MatrixRow>,
    /// Entries (or NOK) per recipient type, each entry once whatever its themes.
    pub column_totals: Vec<i64>,
    pub unknown_total: i64,
    /// All selected entries (or all their NOK).
    pub total: i64,
    /// Selected entries that have no theme at all (they appear in no row).
    pub without_theme: i64,
    pub gap_threshold: f64,
    /// Theme codes whose share is below the threshold.
    pub gaps: Vec<String>,
}

/// The matrix as flat arrays: `cells[i][j]` is theme `themes[i]` × recipient type
/// `recipient_types[j]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixReport {
    pub measure: MatrixMeasure,
    pub themes: Vec<String>,
    pub recipient_types: Vec<String>,
    pub cells: Vec<Vec<i64>>,
    pub unknown_recipient: Vec<i64>,
    pub row_totals: Vec<i64>,
    pub column_totals: Vec<i64>,
    pub unknown_recipient_total: i64,
    pub total: i64,
    pub without_theme: i64,
    pub shares: Vec<f64>,
    pub gap_threshold: f64,
    pub gaps: Vec<String>,
}

impl Matrix {
    /// Builds the matrix over `projects` narrowed by `selection`.
    pub fn compute<'a>(
        tax: &Taxonomy,
        projects: impl IntoIterator<Item = &'a ProjectFacts>,
        selection: &Selection,
        measure: MatrixMeasure,
        gap_threshold: f64,
    ) -> Matrix {
        let columns: Vec<String> = tax.recipient_types.iter().map(|r| r.code.clone()).collect();
        let mut rows: Vec<MatrixRow> = tax
            .themes
            .iter()
            .map(|t| MatrixRow {
                theme: t.code.clone(),
                kind: t.kind.as_str().into(),
                group: t.group_label().into(),
                name: t.name_nb.clone(),
                cells: vec![0; columns.len()],
                unknown: 0,
                total: 0,
                share: 0.0,
                gap: false,
            })
            .collect();
        let mut column_totals = vec![0; columns.len()];
        let (mut unknown_total, mut total, mut without_theme) = (0, 0, 0);

        for p in projects.into_iter().filter(|p| selection.matches(p)) {
            let weight = match measure {
                MatrixMeasure::Count => 1,
                MatrixMeasure::Nok => p.granted_nok(selection.from, selection.to),
            };
            total += weight;
            let col = p
                .recipient_type
                .as_ref()
                .and_then(|rt| columns.iter().position(|c| c == rt));
            match col {
                Some(c) => column_totals[c] += weight,
                None => unknown_total += weight,
            }
            let mut seen: Vec<&str> = Vec::new();
            for theme in &p.themes {
                if seen.contains(&theme.as_str()) {
                    continue;
                }
                seen.push(theme);
                if let Some(row) = rows.iter_mut().find(|r| &r.theme == theme) {
                    row.total += weight;
                    match col {
                        Some(c) => row.cells[c] += weight,
                        None => row.unknown += weight,
                    }
                }
            }
            if seen.is_empty() {
                without_theme += weight;
            }
        }

        let mut gaps = Vec::new();
        for row in &mut rows {
            row.share = if total > 0 {
                row.total as f64 / total as f64
            } else {
                0.0
            };
            row.gap = total > 0 && row.share < gap_threshold;
            if row.gap {
                gaps.push(row.theme.clone());
            }
        }
        Matrix {
            measure,
            column_names: tax
                .recipient_types
                .iter()
                .map(|r| r.name_nb.clone())
                .collect(),
            columns,
            rows,
            column_totals,
            unknown_total,
            total,
            without_theme,
            gap_threshold,
            gaps,
        }
    }

    /// The matrix in the flat shape the JSON API and `husk matrix --format json` return.
    pub fn report(&self) -> MatrixReport {
        MatrixReport {
            measure: self.measure,
            themes: self.rows.iter().map(|r| r.theme.clone()).collect(),
            recipient_types: self.columns.clone(),
            cells: self.rows.iter().map(|r| r.cells.clone()).collect(),
            unknown_recipient: self.rows.iter().map(|r| r.unknown).collect(),
            row_totals: self.rows.iter().map(|r| r.total).collect(),
            column_totals: self.column_totals.clone(),
            unknown_recipient_total: self.unknown_total,
            total: self.total,
            without_theme: self.without_theme,
            shares: self.rows.iter().map(|r| r.share).collect(),
            gap_threshold: self.gap_threshold,
            gaps: self.gaps.clone(),
        }
    }

    /// The largest cell value, for scaling heat-map shading.
    pub fn max_cell(&self) -> i64 {
        self.rows
            .iter()
            .flat_map(|r| r.cells.iter().copied().chain([r.unknown]))
            .max()
            .unwrap_or(0)
    }
}

/// How many of the selected entries have each target group, in the taxonomy's order, as
/// (code, count). Each entry counts once per target group it has.
pub fn target_group_counts<'a>(
    tax: &Taxonomy,
    projects: impl IntoIterator<Item = &'a ProjectFacts>,
    selection: &Selection,
) -> Vec<(String, i64)> {
    let mut counts: Vec<(String, i64)> = tax
        .target_groups
        .iter()
        .map(|g| (g.code.clone(), 0))
        .collect();
    for p in projects.into_iter().filter(|p| selection.matches(p)) {
        for (code, n) in counts.iter_mut() {
            if p.target_groups.contains(code) {
                *n += 1;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::{GrantStatus, Kind, Status, YearRange};

    fn p(id: &str, rt: Option<&str>, years: (i32, i32), themes: &[&str], nok: i64) -> ProjectFacts {
        ProjectFacts {
            id: id.into(),
            kind: Kind::Prosjekt,
            title: id.into(),
            description: String::new(),
            region: "vest".into(),
            recipient: None,
            organisation_id: None,
            recipient_type: rt.map(Into::into),
            years: YearRange {
                start: years.0,
                end: Some(years.1),
            },
            status: Status::Avsluttet,
            themes: themes.iter().map(|s| s.to_string()).collect(),
            target_groups: vec![],
            grants: vec![(years.0, nok, GrantStatus::Tilsagn)],
        }
    }

    fn row<'m>(m: &'m Matrix, theme: &str) -> &'m MatrixRow {
        m.rows.iter().find(|r| r.theme == theme).unwrap()
    }
    fn col(m: &Matrix, rt: &str) -> usize {
        m.columns.iter().position(|c| c == rt).unwrap()
    }

    fn sample() -> Vec<ProjectFacts> {
        vec![
            p(
                "a",
                Some("programkommune"),
                (2011, 2013),
                &["tildeling-bosetting", "virkemiddelbruk"],
                1000,
            ),
            // A duplicated theme must still count once.
            p(
                "b",
                Some("programkommune"),
                (2014, 2015),
                &["tildeling-bosetting", "tildeling-bosetting"],
                500,
            ),
            p(
                "c",
                Some("uh-sektor"),
                (2015, 2015),
                &["kompetanseheving"],
                200,
            ),
            p("d", None, (2012, 2013), &["tildeling-bosetting"], 300),
            p("e", Some("annen-org"), (2009, 2009), &[], 50),
        ]
    }

    #[test]
    fn cells_count_projects_once_per_theme_and_row_totals_once_per_project() {
        let tax = Taxonomy::builtin();
        let m = Matrix::compute(
            &tax,
            &sample(),
            &Selection::default(),
            MatrixMeasure::Count,
            0.1,
        );
        assert_eq!(m.columns.len(), 10);
        assert_eq!(m.rows.len(), 12);
        let tb = row(&m, "tildeling-bosetting");
        assert_eq!(tb.cells[col(&m, "programkommune")], 2);
        assert_eq!(tb.unknown, 1);
        assert_eq!(tb.total, 3);
        assert_eq!(row(&m, "virkemiddelbruk").total, 1);
        assert_eq!(m.total, 5);
        assert_eq!(m.column_totals[col(&m, "programkommune")], 2);
        assert_eq!(
            m.column_totals[col(&m, "annen-org")],
            1,
            "a project without themes still counts in its column"
        );
        assert_eq!(m.unknown_total, 1);
        assert_eq!(m.without_theme, 1);
        assert!((tb.share - 0.6).abs() < 1e-9);
    }

    #[test]
    fn themes_below_the_threshold_are_gaps() {
        let tax = Taxonomy::builtin();
        let m = Matrix::compute(
            &tax,
            &sample(),
            &Selection::default(),
            MatrixMeasure::Count,
            0.25,
        );
        // 1 of 5 = 0.2 for virkemiddelbruk and kompetanseheving; 0 for the rest but tildeling.
        assert!(m.gaps.contains(&"virkemiddelbruk".to_string()));
        assert!(m.gaps.contains(&"brukermedvirkning".to_string()));
        assert!(!m.gaps.contains(&"tildeling-bosetting".to_string()));
        assert_eq!(m.gaps.len(), 11);
    }

    #[test]
    fn year_filter_takes_projects_whose_period_overlaps() {
        let tax = Taxonomy::builtin();
        let sel = Selection {
            from: Some(2013),
            to: Some(2014),
            ..Default::default()
        };
        let m = Matrix::compute(&tax, &sample(), &sel, MatrixMeasure::Count, 0.1);
        // a (2011–2013), b (2014–2015) and d (2012–2013) overlap; c (2015) and e (2009) do not.
        assert_eq!(m.total, 3);
        assert_eq!(row(&m, "tildeling-bosetting").total, 3);
        assert_eq!(row(&m, "kompetanseheving").total, 0);
    }

    #[test]
    fn nok_weighting_sums_granted_amounts() {
        let tax = Taxonomy::builtin();
        let m = Matrix::compute(
            &tax,
            &sample(),
            &Selection::default(),
            MatrixMeasure::Nok,
            0.1,
        );
        let tb = row(&m, "tildeling-bosetting");
        assert_eq!(tb.cells[col(&m, "programkommune")], 1500);
        assert_eq!(tb.total, 1800);
        assert_eq!(m.total, 2050);
    }

    #[test]
    fn the_matrix_from_reports_counts_what_the_reports_tagged() {
        let tax = Taxonomy::builtin();
        let mut reported = BTreeMap::new();
        // Entry a is tagged otherwise by its reports than in the register; c has no reports.
        reported.insert(
            "a".to_string(),
            ReportedTags {
                themes: vec!["brukermedvirkning".into(), "bomiljo-omradeloft".into()],
                target_groups: vec!["unge".into()],
            },
        );
        reported.insert(
            "e".to_string(),
            ReportedTags {
                themes: vec!["bomiljo-omradeloft".into()],
                target_groups: vec![],
            },
        );
        let sample = sample();
        let facts = classified_by_reports(&sample, &reported);
        assert_eq!(facts.len(), 2);
        let m = Matrix::compute(
            &tax,
            &facts,
            &Selection::default(),
            MatrixMeasure::Count,
            0.1,
        );
        assert_eq!(m.total, 2);
        assert_eq!(row(&m, "bomiljo-omradeloft").total, 2);
        assert_eq!(
            row(&m, "brukermedvirkning").cells[col(&m, "programkommune")],
            1
        );
        assert_eq!(
            row(&m, "tildeling-bosetting").total,
            0,
            "the register's own themes are not used"
        );
        // The register's matrix is unchanged.
        let own = Matrix::compute(
            &tax,
            &sample,
            &Selection::default(),
            MatrixMeasure::Count,
            0.1,
        );
        assert_eq!(row(&own, "tildeling-bosetting").total, 3);
    }

    #[test]
    fn empty_selection_marks_no_gaps() {
        let tax = Taxonomy::builtin();
        let m = Matrix::compute(&tax, &[], &Selection::default(), MatrixMeasure::Count, 0.1);
        assert_eq!(m.total, 0);
        assert!(m.gaps.is_empty());
    }
}
