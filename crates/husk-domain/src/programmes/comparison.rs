//! Comparing a participant's indicator over time with a comparison group, and the national
//! homelessness counts.
//!
//! A comparison group is one of:
//!
//! - the programme's **other participants** (every other kommunenummer among them: Oslo's
//!   districts share 0301, so a district is not compared with Oslo's other districts);
//! - a **named group** of municipalities imported as a list of kommunenummer (ASSS, a KOSTRA
//!   group), without the participant itself;
//! - the municipalities **not in the programme** that have values for the indicator.
//!
//! For each year the comparison is the plain average of the group's municipalities that have a
//! value that year (how many is kept beside it: the average of two municipalities is not that
//! of forty). Before and after joining: the years before the participant's pool year, and the
//! pool year and later.

use crate::validation::FieldErrors;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

code_enum! {
    /// What a participant is compared with.
    ComparisonBasis {
        OtherParticipants = "deltakere", "Andre deltakere i programmet";
        Group = "gruppe", "En navngitt kommunegruppe";
        NonParticipants = "utenfor", "Kommuner som ikke er med i programmet";
    } expected "«deltakere», «gruppe» eller «utenfor»"
}

/// The municipalities a participant (by its kommunenummer) is compared with.
///
/// - `programme`: the kommunenummer of every participant of the programme;
/// - `group`: the named group's members (for [`ComparisonBasis::Group`]);
/// - `with_values`: every municipality with a value for the indicator.
pub fn members(
    basis: ComparisonBasis,
    own: &str,
    programme: &BTreeSet<String>,
    group: &BTreeSet<String>,
    with_values: &BTreeSet<String>,
) -> BTreeSet<String> {
    let source = match basis {
        ComparisonBasis::OtherParticipants => programme,
        ComparisonBasis::Group => group,
        ComparisonBasis::NonParticipants => {
            return with_values
                .iter()
                .filter(|k| !programme.contains(*k) && k.as_str() != own)
                .cloned()
                .collect()
        }
    };
    source
        .iter()
        .filter(|k| k.as_str() != own)
        .cloned()
        .collect()
}

/// One year of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearComparison {
    pub year: i32,
    /// The participant's own value (`None` when it has none that year).
    pub own: Option<f64>,
    /// The group's average (`None` when no member has a value that year).
    pub comparison: Option<f64>,
    /// How many of the group's municipalities have a value that year.
    pub compared: usize,
    /// Whether the year is the pool year or later (`None` when the pool year is not known).
    pub after_joining: Option<bool>,
}

/// The participant's values against the average of `members`, year by year: every year where
/// the participant or a member has a value, in order.
pub fn compare(
    own: &str,
    members: &BTreeSet<String>,
    values: &[(String, i32, f64)],
    joined: Option<i32>,
) -> Vec<YearComparison> {
    let mut years: BTreeMap<i32, (Option<f64>, f64, usize)> = BTreeMap::new();
    for (k, year, value) in values {
        if k == own {
            years.entry(*year).or_insert((None, 0.0, 0)).0 = Some(*value);
        } else if members.contains(k) {
            let e = years.entry(*year).or_insert((None, 0.0, 0));
            e.1 += value;
            e.2 += 1;
        }
    }
    years
        .into_iter()
        .map(|(year, (own, sum, n))| YearComparison {
            year,
            own,
            comparison: (n > 0).then(|| sum / n as f64),
            compared: n,
            after_joining: joined.map(|j| year >= j),
        })
        .collect()
}

/// Averages over the years before joining and from the pool year on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BeforeAfter {
    pub joined: i32,
    pub own_before: Option<f64>,
    pub own_after: Option<f64>,
    pub comparison_before: Option<f64>,
    pub comparison_after: Option<f64>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The participant's and the group's average value before and after it joined; `None` when
/// the pool year is not known.
pub fn before_after(rows: &[YearComparison], joined: Option<i32>) -> Option<BeforeAfter> {
    let joined = joined?;
    let part = |after: bool, own: bool| {
        mean(
            rows.iter()
                .filter(|r| (r.year >= joined) == after)
                .filter_map(|r| if own { r.own } else { r.comparison }),
        )
    };
    Some(BeforeAfter {
        joined,
        own_before: part(false, true),
        own_after: part(true, true),
        comparison_before: part(false, false),
        comparison_after: part(true, false),
    })
}

/// Checks the name of a comparison group: given, at most [`crate::limits::NAME`] characters,
/// on one line. Gives the name trimmed.
pub fn check_group_name(raw: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = raw.trim();
    if name.is_empty() {
        e.push(
            "navn",
            "Navnet på gruppen mangler. Skriv for eksempel «ASSS» eller «KOSTRA-gruppe 13».",
        );
    } else if name.chars().any(char::is_control) {
        e.push(
            "navn",
            "Navnet på gruppen kan ikke ha linjeskift eller tabulatorer. Skriv det på én linje.",
        );
    }
    crate::limits::check(
        &mut e,
        "navn",
        "Navnet på gruppen",
        name,
        crate::limits::NAME,
    );
    if e.is_empty() {
        Ok(name.to_string())
    } else {
        Err(e)
    }
}

/// One row of a comparison group's file as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupMemberInput {
    pub kommunenummer: String,
    /// The municipality's name (optional).
    pub name: String,
}

/// A checked member of a comparison group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupMember {
    pub kommunenummer: crate::ids::Kommunenummer,
    pub name: String,
}

impl GroupMemberInput {
    /// The checked member, or every problem at its field (`kommunenummer`, `name`).
    pub fn validate(&self) -> Result<GroupMember, FieldErrors> {
        let mut e = FieldErrors::new();
        let k = super::indicators::kommunenummer_cell(&self.kommunenummer)
            .map_err(|m| e.push("kommunenummer", m))
            .ok();
        let name = self.name.trim();
        crate::limits::check(&mut e, "name", "Navn", name, crate::limits::NAME);
        match k {
            Some(kommunenummer) if e.is_empty() => Ok(GroupMember {
                kommunenummer,
                name: name.to_string(),
            }),
            _ => Err(e),
        }
    }
}

/// The national homelessness counts (seed 000, Tabell 2.1), compiled in.
pub const HOMELESS_COUNTS_CSV: &str =
    include_str!("../../../../data/reference/homeless_counts.csv");

/// Where the national counts come from.
pub const HOMELESS_COUNTS_SOURCE: &str = "Innovasjon og styring i boligsosialt arbeid (forprosjekt for Husbanken, 2014), tabell 2.1, etter Dyb og Johannessen 2013, tabell 2.1";

/// One national count of homeless people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalCount {
    pub year: i32,
    pub homeless: i64,
    /// Per 1 000 inhabitants, as the table gives it (two decimals).
    pub per_1000: f64,
    /// Change from 1996 in per cent (`None` for 1996 itself).
    pub change_vs_1996_percent: Option<i32>,
}

/// The national counts, oldest first.
pub fn national_homeless_counts() -> Vec<NationalCount> {
    #[derive(serde::Deserialize)]
    struct Row {
        year: i32,
        homeless: i64,
        per_1000_inhabitants: f64,
        change_vs_1996_pct: Option<i32>,
    }
    let mut rows: Vec<NationalCount> = csv::Reader::from_reader(HOMELESS_COUNTS_CSV.as_bytes())
        .deserialize::<Row>()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("homeless_counts.csv is malformed: {e}"));
            NationalCount {
                year: r.year,
                homeless: r.homeless,
                per_1000: r.per_1000_inhabitants,
                change_vs_1996_percent: r.change_vs_1996_pct,
            }
        })
        .collect();
    rows.sort_by_key(|r| r.year);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn v(k: &str, year: i32, value: f64) -> (String, i32, f64) {
        (k.to_string(), year, value)
    }

    #[test]
    fn the_group_never_holds_the_participant_and_outsiders_are_outside_the_programme() {
        let programme = set(&["0301", "3403", "3222"]);
        let group = set(&["0301", "4601", "5001"]);
        let with_values = set(&["0301", "3403", "1103", "4601"]);
        assert_eq!(
            members(
                ComparisonBasis::OtherParticipants,
                "3403",
                &programme,
                &group,
                &with_values
            ),
            set(&["0301", "3222"])
        );
        assert_eq!(
            members(
                ComparisonBasis::Group,
                "0301",
                &programme,
                &group,
                &with_values
            ),
            set(&["4601", "5001"])
        );
        assert_eq!(
            members(
                ComparisonBasis::NonParticipants,
                "3403",
                &programme,
                &group,
                &with_values
            ),
            set(&["1103", "4601"])
        );
    }

    #[test]
    fn each_year_averages_the_members_with_a_value_and_counts_them() {
        let values = [
            v("3403", 2008, 10.0),
            v("3403", 2010, 14.0),
            v("1103", 2008, 4.0),
            v("4601", 2008, 8.0),
            v("4601", 2010, 9.0),
            v("9999", 2010, 1000.0),
        ];
        let rows = compare("3403", &set(&["1103", "4601"]), &values, Some(2009));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].year, 2008);
        assert_eq!(rows[0].own, Some(10.0));
        assert_eq!(rows[0].comparison, Some(6.0));
        assert_eq!(rows[0].compared, 2);
        assert_eq!(rows[0].after_joining, Some(false));
        assert_eq!(rows[1].comparison, Some(9.0), "9999 is not in the group");
        assert_eq!(rows[1].compared, 1);
        assert_eq!(rows[1].after_joining, Some(true));

        let ba = before_after(&rows, Some(2009)).unwrap();
        assert_eq!(ba.own_before, Some(10.0));
        assert_eq!(ba.own_after, Some(14.0));
        assert_eq!(ba.comparison_before, Some(6.0));
        assert_eq!(ba.comparison_after, Some(9.0));
        assert_eq!(before_after(&rows, None), None);

        let nobody = compare("3403", &BTreeSet::new(), &values, None);
        assert_eq!(nobody[1].comparison, None);
        assert_eq!(nobody[1].after_joining, None);
    }

    #[test]
    fn a_group_name_is_given_on_one_line_within_its_limit() {
        assert_eq!(check_group_name("  ASSS ").unwrap(), "ASSS");
        assert!(check_group_name(" ")
            .unwrap_err()
            .get("navn")
            .unwrap()
            .contains("mangler"));
        assert!(check_group_name("a\nb").is_err());
        assert!(check_group_name(&"x".repeat(201))
            .unwrap_err()
            .get("navn")
            .unwrap()
            .contains("høyst 200 tegn"));
    }

    #[test]
    fn the_national_counts_are_seed_000s_table() {
        let rows = national_homeless_counts();
        let years: Vec<i32> = rows.iter().map(|r| r.year).collect();
        assert_eq!(years, [1996, 2003, 2005, 2008, 2012]);
        assert_eq!(rows[0].homeless, 6200);
        assert_eq!(rows[0].change_vs_1996_percent, None);
        assert_eq!(rows[4].homeless, 6259);
        assert_eq!(rows[4].per_1000, 1.26);
        assert_eq!(rows[4].change_vs_1996_percent, Some(1));
    }
}
