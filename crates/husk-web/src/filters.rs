//! The one query-string parser shared by the pages and the JSON API.
//!
//! Parameters (English names): `region`, `from`, `to`, `kind`, `target_group`, `programme_only`,
//! `theme`, `recipient_type`, `status`, `q`, and for the matrix `measure` and `gap_threshold`.
//! Empty values mean "not set". A bad value never fails the request: it is reported in
//! [`Filters::errors`] (field by field, in Norwegian), left out of the [`Selection`], and kept
//! in [`Filters::raw`] so that a form can show it again.

use husk_domain::matrix::DEFAULT_GAP_THRESHOLD;
use husk_domain::portfolio::{parse_year, UNKNOWN_RECIPIENT_TYPE};
use husk_domain::{limits, FieldErrors, Kind, MatrixMeasure, Selection, Status, Taxonomy};

/// The parameters exactly as given (trimmed), for filling in a filter form again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawFilters {
    pub region: String,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub target_group: String,
    pub programme_only: String,
    pub theme: String,
    pub recipient_type: String,
    pub status: String,
    pub q: String,
    pub measure: String,
    pub gap_threshold: String,
}

/// A parsed query string: what to select, how to weigh the matrix, and what was wrong.
#[derive(Debug, Clone)]
pub struct Filters {
    pub raw: RawFilters,
    pub selection: Selection,
    pub measure: MatrixMeasure,
    pub gap_threshold: f64,
    /// One error per bad parameter, in parameter order. The bad parameter is not applied.
    pub errors: FieldErrors,
}

/// The parameter names in the order errors are reported.
pub const PARAMS: [&str; 12] = [
    "region",
    "from",
    "to",
    "kind",
    "target_group",
    "programme_only",
    "theme",
    "recipient_type",
    "status",
    "q",
    "measure",
    "gap_threshold",
];

impl RawFilters {
    /// Reads the parameters from a query string (`a=1&b=2`, without the `?`). Unknown parameters
    /// are ignored; when a parameter is repeated the last non-empty value wins.
    pub fn from_query(query: Option<&str>) -> RawFilters {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
        let mut raw = RawFilters::default();
        for (key, value) in pairs {
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            let slot = match key.as_str() {
                "region" => &mut raw.region,
                "from" => &mut raw.from,
                "to" => &mut raw.to,
                "kind" => &mut raw.kind,
                "target_group" => &mut raw.target_group,
                "programme_only" => &mut raw.programme_only,
                "theme" => &mut raw.theme,
                "recipient_type" => &mut raw.recipient_type,
                "status" => &mut raw.status,
                "q" => &mut raw.q,
                "measure" => &mut raw.measure,
                "gap_threshold" => &mut raw.gap_threshold,
                _ => continue,
            };
            *slot = value;
        }
        raw
    }
}

fn flag(raw: &str) -> Result<bool, String> {
    match raw.to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "off" | "nei" => Ok(false),
        "1" | "true" | "on" | "ja" => Ok(true),
        other => Err(format!(
            "«{other}» passer ikke for «bare programkommuner». Bruk 1, true eller on, eller la verdien stå tom."
        )),
    }
}

fn threshold(raw: &str) -> Result<f64, String> {
    let bad = || {
        format!("«{raw}» kan ikke brukes som terskel. Skriv en andel mellom 0 og 1, for eksempel 0.1 for 10 %.")
    };
    let value: f64 = raw.replace(',', ".").parse().map_err(|_| bad())?;
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(bad())
    }
}

impl Filters {
    /// Parses a query string against the taxonomy.
    pub fn parse(query: Option<&str>, tax: &Taxonomy) -> Filters {
        Filters::from_raw(RawFilters::from_query(query), tax)
    }

    pub fn from_raw(raw: RawFilters, tax: &Taxonomy) -> Filters {
        let mut errors = FieldErrors::new();
        let mut sel = Selection::default();
        let known = |s: &str| -> Option<String> { (!s.is_empty()).then(|| s.to_string()) };

        if let Some(region) = known(&raw.region) {
            if tax.region(&region).is_some() {
                sel.region = Some(region);
            } else {
                errors.push(
                    "region",
                    format!(
                        "«{region}» er ikke et av Husbankens kontorer. Velg {}.",
                        Taxonomy::codes_of(&tax.regions)
                    ),
                );
            }
        }
        if !raw.from.is_empty() {
            match parse_year(&raw.from) {
                Ok(y) => sel.from = Some(y),
                Err(m) => errors.push("from", m),
            }
        }
        if !raw.to.is_empty() {
            match parse_year(&raw.to) {
                Ok(y) => match sel.from {
                    Some(from) if y < from => errors.push(
                        "to",
                        format!("Til-året {y} er før fra-året {from}. Velg et til-år som er det samme som fra-året eller senere."),
                    ),
                    _ => sel.to = Some(y),
                },
                Err(m) => errors.push("to", m),
            }
        }
        if !raw.kind.is_empty() {
            match Kind::from_code(&raw.kind) {
                Some(k) => sel.kind = Some(k),
                None => errors.push(
                    "kind",
                    format!("«{}» er ikke en type. Velg {}.", raw.kind, Kind::expected()),
                ),
            }
        }
        if let Some(group) = known(&raw.target_group) {
            if tax.target_group(&group).is_some() {
                sel.target_group = Some(group);
            } else {
                errors.push(
                    "target_group",
                    format!(
                        "«{group}» er ikke en målgruppe i Husk. Velg {}.",
                        Taxonomy::codes_of(&tax.target_groups)
                    ),
                );
            }
        }
        match flag(&raw.programme_only) {
            Ok(b) => sel.programme_only = b,
            Err(m) => errors.push("programme_only", m),
        }
        if let Some(theme) = known(&raw.theme) {
            if tax.theme(&theme).is_some() {
                sel.theme = Some(theme);
            } else {
                errors.push(
                    "theme",
                    format!(
                        "«{theme}» er ikke et kunnskapstema i Husk. Velg {}.",
                        Taxonomy::codes_of(&tax.themes)
                    ),
                );
            }
        }
        if let Some(rt) = known(&raw.recipient_type) {
            if rt == UNKNOWN_RECIPIENT_TYPE || tax.recipient_type(&rt).is_some() {
                sel.recipient_type = Some(rt);
            } else {
                errors.push(
                    "recipient_type",
                    format!(
                        "«{rt}» er ikke en mottakertype i Husk. Velg {}. Bruk {UNKNOWN_RECIPIENT_TYPE} for oppføringer uten mottakertype.",
                        Taxonomy::codes_of(&tax.recipient_types)
                    ),
                );
            }
        }
        if !raw.status.is_empty() {
            match Status::from_code(&raw.status) {
                Some(s) => sel.status = Some(s),
                None => errors.push(
                    "status",
                    format!(
                        "«{}» er ikke en status. Velg {}.",
                        raw.status,
                        Status::expected()
                    ),
                ),
            }
        }
        if raw.q.chars().count() > limits::FILTER_TEXT {
            errors.push(
                "q",
                limits::too_long_message(
                    "Søk i tittel, beskrivelse og mottaker",
                    raw.q.chars().count(),
                    limits::FILTER_TEXT,
                ),
            );
        } else {
            sel.q = known(&raw.q);
        }

        let measure = match raw.measure.to_ascii_lowercase().as_str() {
            "" | "count" => MatrixMeasure::Count,
            "nok" => MatrixMeasure::Nok,
            _ => {
                errors.push(
                    "measure",
                    format!(
                        "«{}» er ikke et mål for matrisen. Velg count (antall oppføringer) eller nok (tilskudd i kroner).",
                        raw.measure
                    ),
                );
                MatrixMeasure::Count
            }
        };
        let gap_threshold = if raw.gap_threshold.is_empty() {
            DEFAULT_GAP_THRESHOLD
        } else {
            match threshold(&raw.gap_threshold) {
                Ok(t) => t,
                Err(m) => {
                    errors.push("gap_threshold", m);
                    DEFAULT_GAP_THRESHOLD
                }
            }
        };

        Filters {
            raw,
            selection: sel,
            measure,
            gap_threshold,
            errors,
        }
    }

    /// The message for one parameter, if it was bad.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    /// The query string (without `?`) of the valid list filters, with `overrides` replacing or
    /// adding parameters. Used for links from the matrix to the list.
    pub fn list_query(&self, overrides: &[(&str, &str)]) -> String {
        selection_query(&self.selection, overrides)
    }

    /// Whether any list filter is in use.
    pub fn is_filtered(&self) -> bool {
        self.selection != Selection::default()
    }
}

/// A query string for `/prosjekter` that selects what `sel` selects, with `overrides` applied.
pub fn selection_query(sel: &Selection, overrides: &[(&str, &str)]) -> String {
    let from = sel.from.map(|y| y.to_string());
    let to = sel.to.map(|y| y.to_string());
    let set: [(&str, Option<&str>); 10] = [
        ("region", sel.region.as_deref()),
        ("from", from.as_deref()),
        ("to", to.as_deref()),
        ("kind", sel.kind.map(|k| k.code())),
        ("target_group", sel.target_group.as_deref()),
        ("programme_only", sel.programme_only.then_some("1")),
        ("theme", sel.theme.as_deref()),
        ("recipient_type", sel.recipient_type.as_deref()),
        ("status", sel.status.map(|s| s.code())),
        ("q", sel.q.as_deref()),
    ];
    let mut pairs: Vec<(&str, &str)> = set
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    for (k, v) in overrides {
        match pairs.iter_mut().find(|(key, _)| key == k) {
            Some(pair) => pair.1 = v,
            None => pairs.push((k, v)),
        }
    }
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Filters {
        Filters::parse(Some(q), &Taxonomy::builtin())
    }

    #[test]
    fn empty_values_mean_not_set() {
        let f = parse("region=&from=&to=&kind=&programme_only=&q=+&measure=&gap_threshold=");
        assert!(f.errors.is_empty(), "{}", f.errors);
        assert_eq!(f.selection, Selection::default());
        assert_eq!(f.measure, MatrixMeasure::Count);
        assert_eq!(f.gap_threshold, DEFAULT_GAP_THRESHOLD);
    }

    #[test]
    fn valid_values_select() {
        let f = parse("region=vest&from=2012&to=2014&kind=prosjekt&programme_only=on&theme=tildeling-bosetting&recipient_type=ukjent&status=avsluttet&q=bolig&measure=nok&gap_threshold=0,2");
        assert!(f.errors.is_empty(), "{}", f.errors);
        let s = &f.selection;
        assert_eq!(s.region.as_deref(), Some("vest"));
        assert_eq!((s.from, s.to), (Some(2012), Some(2014)));
        assert_eq!(s.kind, Some(Kind::Prosjekt));
        assert!(s.programme_only);
        assert_eq!(s.recipient_type.as_deref(), Some("ukjent"));
        assert_eq!(s.status, Some(Status::Avsluttet));
        assert_eq!(s.q.as_deref(), Some("bolig"));
        assert_eq!(f.measure, MatrixMeasure::Nok);
        assert!((f.gap_threshold - 0.2).abs() < 1e-9);
    }

    #[test]
    fn bad_values_are_reported_kept_and_not_applied() {
        let f = parse(
            "from=abc&region=nord&to=1800&measure=sum&gap_threshold=2&programme_only=kanskje",
        );
        let fields: Vec<&str> = f.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "region",
                "from",
                "to",
                "programme_only",
                "measure",
                "gap_threshold"
            ]
        );
        assert!(f.error("from").unwrap().contains("«abc»"));
        assert_eq!(f.raw.from, "abc");
        assert_eq!(f.raw.region, "nord");
        assert_eq!(f.selection, Selection::default());
    }

    #[test]
    fn to_before_from_is_an_error() {
        let f = parse("from=2015&to=2012");
        assert!(f.error("to").unwrap().contains("før"));
        assert_eq!(f.selection.from, Some(2015));
        assert_eq!(f.selection.to, None);
    }

    #[test]
    fn list_links_carry_the_filters_and_overrides() {
        let f = parse("region=vest&programme_only=1&theme=kompetanseheving&measure=nok");
        assert_eq!(
            f.list_query(&[
                ("theme", "tildeling-bosetting"),
                ("recipient_type", "programkommune")
            ]),
            "region=vest&programme_only=1&theme=tildeling-bosetting&recipient_type=programkommune"
        );
        assert_eq!(parse("q=leie til eie").list_query(&[]), "q=leie+til+eie");
    }
}
