//! The query-string parser of the knowledge-base search, shared by `/sok` and
//! `/api/v1/search`.
//!
//! Parameters (English names): `q`, `type`, `year_from`, `year_to`, `region`, `theme`,
//! `target_group`, `limit` and `exact` (`exact=1`: the words only as typed, no typo
//! tolerance). `type`, `region`, `theme` and `target_group` may be repeated (any
//! of the values matches). Empty values mean "not set". As in [`crate::filters`], a bad value
//! never fails the parse: it is reported in [`SearchFilters::errors`] (in Norwegian), left out
//! of the [`SearchQuery`], and kept in [`RawSearch`] so that the form can show it again.

use husk_domain::portfolio::parse_year;
use husk_domain::{DocumentType, FieldErrors, Taxonomy};
use husk_search::SearchQuery;

/// The most documents one search returns.
pub const MAX_LIMIT: usize = 100;

/// The parameters exactly as given (trimmed, empty values dropped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawSearch {
    pub q: String,
    pub types: Vec<String>,
    pub year_from: String,
    pub year_to: String,
    pub regions: Vec<String>,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
    pub limit: String,
    /// `exact=1`: no typo tolerance.
    pub exact: bool,
}

/// A parsed search: the query to run and what was wrong.
#[derive(Debug, Clone)]
pub struct SearchFilters {
    pub raw: RawSearch,
    pub query: SearchQuery,
    /// One error per bad parameter, in parameter order. The bad value is not applied.
    pub errors: FieldErrors,
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl RawSearch {
    /// Reads the parameters from a query string (without the `?`). Unknown parameters are
    /// ignored; for the single-valued ones the last non-empty value wins.
    pub fn from_query(query: Option<&str>) -> RawSearch {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
        let mut raw = RawSearch::default();
        for (key, value) in pairs {
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "q" => raw.q = value,
                "type" => push_unique(&mut raw.types, value),
                "year_from" => raw.year_from = value,
                "year_to" => raw.year_to = value,
                "region" => push_unique(&mut raw.regions, value),
                "theme" => push_unique(&mut raw.themes, value),
                "target_group" => push_unique(&mut raw.target_groups, value),
                "limit" => raw.limit = value,
                "exact" => raw.exact = matches!(value.as_str(), "1" | "true" | "ja" | "on"),
                _ => {}
            }
        }
        raw
    }

    /// The parameters as a query string, with `limit` replaced when given.
    pub fn query_string(&self, limit: Option<usize>) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        for t in &self.types {
            pairs.push(("type", t.clone()));
        }
        if !self.year_from.is_empty() {
            pairs.push(("year_from", self.year_from.clone()));
        }
        if !self.year_to.is_empty() {
            pairs.push(("year_to", self.year_to.clone()));
        }
        for r in &self.regions {
            pairs.push(("region", r.clone()));
        }
        for t in &self.themes {
            pairs.push(("theme", t.clone()));
        }
        for g in &self.target_groups {
            pairs.push(("target_group", g.clone()));
        }
        match limit {
            Some(l) => pairs.push(("limit", l.to_string())),
            None if !self.limit.is_empty() => pairs.push(("limit", self.limit.clone())),
            None => {}
        }
        if self.exact {
            pairs.push(("exact", "1".to_string()));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }

    /// The same search with other words, or with typo tolerance turned off or on, from the
    /// first page of results.
    pub fn with_text(&self, q: &str, exact: bool) -> RawSearch {
        RawSearch {
            q: q.to_string(),
            limit: String::new(),
            exact,
            ..self.clone()
        }
    }
}

/// Checks each value of a repeated code parameter against a code list.
/// `what` is what a bad value is not, for one value and for several («et av Husbankens
/// kontorer», «blant Husbankens kontorer»).
fn codes(
    values: &[String],
    field: &str,
    known: impl Fn(&str) -> bool,
    what: (&str, &str),
    expected: String,
    errors: &mut FieldErrors,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for v in values {
        if known(v) {
            out.push(v.clone());
        } else {
            bad.push(format!("«{v}»"));
        }
    }
    if !bad.is_empty() {
        errors.push(field, not_one_of(&bad, what, &expected));
    }
    out
}

/// «x» er ikke et kontor, «x» og «y» er ikke blant kontorene: the bad values, quoted, and what
/// to choose instead.
fn not_one_of(bad: &[String], what: (&str, &str), expected: &str) -> String {
    let noun = if bad.len() == 1 { what.0 } else { what.1 };
    format!(
        "{} er ikke {noun}. Velg {expected}.",
        husk_domain::norwegian::list(bad, "og")
    )
}

impl SearchFilters {
    /// Parses a query string; `default_limit` is the number of documents when `limit` is not
    /// given. Every search includes internal documents (there is no login yet).
    pub fn parse(query: Option<&str>, tax: &Taxonomy, default_limit: usize) -> SearchFilters {
        Self::from_raw(RawSearch::from_query(query), tax, default_limit)
    }

    pub fn from_raw(raw: RawSearch, tax: &Taxonomy, default_limit: usize) -> SearchFilters {
        let mut errors = FieldErrors::new();
        let mut query = SearchQuery {
            text: raw.q.clone(),
            limit: default_limit,
            include_internal: true,
            exact: raw.exact,
            ..SearchQuery::default()
        };

        let mut types = Vec::new();
        let mut bad = Vec::new();
        for t in &raw.types {
            match DocumentType::parse(t) {
                Some(dt) => push_unique(&mut types, dt.code().to_string()),
                None => bad.push(format!("«{t}»")),
            }
        }
        if !bad.is_empty() {
            errors.push(
                "type",
                not_one_of(
                    &bad,
                    ("en dokumenttype", "dokumenttyper"),
                    &DocumentType::expected(),
                ),
            );
        }
        query.doc_types = types;

        if !raw.year_from.is_empty() {
            match parse_year(&raw.year_from) {
                Ok(y) => query.year_from = Some(y),
                Err(m) => errors.push("year_from", m),
            }
        }
        if !raw.year_to.is_empty() {
            match parse_year(&raw.year_to) {
                Ok(y) => match query.year_from {
                    Some(from) if y < from => errors.push(
                        "year_to",
                        format!("Til-året {y} er før fra-året {from}. Velg et til-år som er det samme som fra-året eller senere."),
                    ),
                    _ => query.year_to = Some(y),
                },
                Err(m) => errors.push("year_to", m),
            }
        }
        query.regions = codes(
            &raw.regions,
            "region",
            |c| tax.region(c).is_some(),
            ("et av Husbankens kontorer", "blant Husbankens kontorer"),
            Taxonomy::codes_of(&tax.regions),
            &mut errors,
        );
        query.themes = codes(
            &raw.themes,
            "theme",
            |c| tax.theme(c).is_some(),
            ("et kunnskapstema i Husk", "kunnskapstemaer i Husk"),
            Taxonomy::codes_of(&tax.themes),
            &mut errors,
        );
        query.target_groups = codes(
            &raw.target_groups,
            "target_group",
            |c| tax.target_group(c).is_some(),
            ("en målgruppe i Husk", "målgrupper i Husk"),
            Taxonomy::codes_of(&tax.target_groups),
            &mut errors,
        );
        if !raw.limit.is_empty() {
            match raw.limit.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => query.limit = n,
                _ => errors.push(
                    "limit",
                    format!(
                        "«{}» kan ikke brukes som antall treff. Skriv et helt tall fra 1 til {MAX_LIMIT}.",
                        raw.limit
                    ),
                ),
            }
        }
        SearchFilters { raw, query, errors }
    }

    /// The message for one parameter, if it was bad.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    /// Whether any filter (not the text) is in use.
    pub fn is_filtered(&self) -> bool {
        let q = &self.query;
        !q.doc_types.is_empty()
            || q.year_from.is_some()
            || q.year_to.is_some()
            || !q.regions.is_empty()
            || !q.themes.is_empty()
            || !q.target_groups.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> SearchFilters {
        SearchFilters::parse(Some(q), &Taxonomy::builtin(), 20)
    }

    #[test]
    fn repeated_values_are_collected_and_labels_become_codes() {
        let f = parse("q=housing+first&type=evaluering&type=FoU-rapport&type=evaluering&region=ost&region=vest&theme=kompetanseheving&year_from=2010&year_to=2014&limit=5");
        assert!(f.errors.is_empty(), "{}", f.errors);
        let q = &f.query;
        assert_eq!(q.text, "housing first");
        assert_eq!(q.doc_types, vec!["evaluering", "fou-rapport"]);
        assert_eq!(q.regions, vec!["ost", "vest"]);
        assert_eq!(q.themes, vec!["kompetanseheving"]);
        assert_eq!((q.year_from, q.year_to), (Some(2010), Some(2014)));
        assert_eq!(q.limit, 5);
        assert!(q.include_internal);
        assert!(f.is_filtered());
    }

    #[test]
    fn bad_values_are_reported_and_not_applied() {
        let f = parse("year_from=abc&type=roman&type=veileder&region=nord&limit=0&target_group=x");
        let fields: Vec<&str> = f.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["type", "year_from", "region", "target_group", "limit"]
        );
        assert!(f.error("year_from").unwrap().contains("abc"));
        assert!(f.error("type").unwrap().contains("«roman»"));
        assert_eq!(f.query.doc_types, vec!["veileder"]);
        assert_eq!(f.query.year_from, None);
        assert_eq!(f.query.limit, 20);
        assert_eq!(f.raw.year_from, "abc");
    }

    #[test]
    fn to_before_from_is_an_error() {
        let f = parse("year_from=2015&year_to=2012");
        assert!(f.error("year_to").unwrap().contains("før"));
        assert_eq!(f.query.year_to, None);
    }

    #[test]
    fn query_string_round_trips_with_a_new_limit() {
        let f =
            parse("q=leie til eie&type=evaluering&theme=kompetanseheving&theme=virkemiddelbruk");
        assert_eq!(
            f.raw.query_string(Some(40)),
            "q=leie+til+eie&type=evaluering&theme=kompetanseheving&theme=virkemiddelbruk&limit=40"
        );
        assert_eq!(
            RawSearch::from_query(Some(&f.raw.query_string(None))),
            f.raw
        );
    }
}
