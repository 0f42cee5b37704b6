//! The indicator pages' view models: a participant's indicator against a comparison group
//! (chart and table), the small section for a participant's page, and the national
//! homelessness counts.

use super::chart::{number, LineChart, SeriesInput};
use crate::shared::form::{options, Opt};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::programmes::comparison::{ComparisonBasis, NationalCount};
use husk_domain::programmes::indicators::INDICATORS;
use husk_store::programmes::{ComparisonGroup, IndicatorComparison, Programme};

/// Reads the form's comparison value; `None` when it is not one.
pub fn parse_comparison(raw: &str) -> Option<(ComparisonBasis, Option<i64>)> {
    match raw.trim() {
        "" | "deltakere" => Some((ComparisonBasis::OtherParticipants, None)),
        "utenfor" => Some((ComparisonBasis::NonParticipants, None)),
        other => other
            .strip_prefix("gruppe-")
            .and_then(|id| id.parse().ok())
            .map(|id| (ComparisonBasis::Group, Some(id))),
    }
}

/// What the comparison line is called: «Andre deltakere (snitt)».
pub fn comparison_label(c: &IndicatorComparison) -> String {
    match (c.basis, &c.group) {
        (ComparisonBasis::OtherParticipants, _) => "Andre deltakere (snitt)".into(),
        (ComparisonBasis::NonParticipants, _) => "Kommuner utenfor programmet (snitt)".into(),
        (ComparisonBasis::Group, Some(g)) => format!("Gruppen «{}» (snitt)", g.name),
        (ComparisonBasis::Group, None) => "Ingen gruppe valgt".into(),
    }
}

/// One year of the table.
pub struct YearRow {
    pub year: i32,
    pub own: String,
    pub comparison: String,
    pub compared: String,
    pub period: String,
}

/// The averages before and after joining, for the table under the chart.
pub struct BeforeAfterView {
    pub joined: i32,
    pub own_before: String,
    pub own_after: String,
    pub comparison_before: String,
    pub comparison_after: String,
}

fn value(v: Option<f64>) -> String {
    v.map_or("ingen verdi".into(), number)
}

/// The chart, table and notes of one comparison, shared by the indicator page and the
/// participant's section.
pub struct ComparisonView {
    pub chart: Option<LineChart>,
    pub caption: String,
    pub own_label: String,
    pub comparison_label: String,
    pub unit: String,
    pub rows: Vec<YearRow>,
    pub before_after: Option<BeforeAfterView>,
    /// What the average is over, in a sentence.
    pub members: String,
    pub sources: String,
    /// Why there is nothing to show (empty when there is).
    pub empty: String,
}

impl ComparisonView {
    pub fn new(c: &IndicatorComparison, id: &str) -> ComparisonView {
        let own_label = c.participant.clone();
        let cmp_label = comparison_label(c);
        let unit = c.indicator.unit.to_string();
        let caption = format!(
            "{} for {} og {}, per år",
            c.indicator.name,
            c.participant,
            cmp_label.to_lowercase_first()
        );
        let years: Vec<i32> = c.rows.iter().map(|r| r.year).collect();
        let empty = if c.kommunenummer.is_none() {
            format!(
                "Husk kjenner ikke kommunenummeret til {}, så deltakeren har ingen indikatorverdier.",
                c.participant
            )
        } else if c.rows.is_empty() {
            format!(
                "Husk har ingen verdier for «{}» for {} eller sammenligningsgruppen. Importer indikatorverdier med «husk import indicators FIL» (CSV eller XLSX med kolonnene kommunenummer, år, indikator og verdi).",
                c.indicator.name, c.participant
            )
        } else {
            String::new()
        };
        let chart = (!c.rows.is_empty()).then(|| {
            let first = years.first().copied().unwrap_or_default();
            let last = years.last().copied().unwrap_or_default();
            LineChart::new(
                id,
                format!("{}: {} og {}", c.indicator.name, c.participant, cmp_label.to_lowercase_first()),
                format!(
                    "Linjediagram over «{}» fra {first} til {last} for {} og {}.{} Tallene står i tabellen «{caption}».",
                    c.indicator.name,
                    c.participant,
                    cmp_label.to_lowercase_first(),
                    c.joined.map_or(String::new(), |j| format!(" En loddrett strek viser opptaket i programmet i {j}.")),
                ),
                c.indicator.unit,
                &years,
                &[
                    SeriesInput {
                        label: own_label.clone(),
                        values: c.rows.iter().map(|r| r.own).collect(),
                    },
                    SeriesInput {
                        label: cmp_label.clone(),
                        values: c.rows.iter().map(|r| r.comparison).collect(),
                    },
                ],
                c.joined.map(|j| (j, format!("Opptak {j}"))),
            )
        });
        let members = match (c.basis, &c.group) {
            (ComparisonBasis::Group, None) => "Velg en kommunegruppe. Importer grupper med «husk import group NAVN FIL».".into(),
            _ => format!(
                "Snittet er et vanlig gjennomsnitt av kommunene som har en verdi det året, av {} uten {} selv.",
                husk_domain::norwegian::count(c.members as i64, "kommune", "kommuner"),
                c.participant
            ),
        };
        ComparisonView {
            chart,
            caption,
            own_label,
            comparison_label: cmp_label,
            unit,
            rows: c
                .rows
                .iter()
                .map(|r| YearRow {
                    year: r.year,
                    own: value(r.own),
                    comparison: value(r.comparison),
                    compared: r.compared.to_string(),
                    period: match r.after_joining {
                        Some(true) => "etter opptak".into(),
                        Some(false) => "før opptak".into(),
                        None => "pulje ikke oppgitt".into(),
                    },
                })
                .collect(),
            before_after: c.before_after.map(|b| BeforeAfterView {
                joined: b.joined,
                own_before: value(b.own_before),
                own_after: value(b.own_after),
                comparison_before: value(b.comparison_before),
                comparison_after: value(b.comparison_after),
            }),
            members,
            sources: if c.sources.is_empty() {
                String::new()
            } else {
                format!("Kilde: importert fra {}.", c.sources.join(", "))
            },
            empty,
        }
    }
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for String {
    /// «Andre deltakere» → «andre deltakere»; «Gruppen «ASSS»» → «gruppen «ASSS»».
    fn to_lowercase_first(&self) -> String {
        let mut c = self.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "programmes/indicators.html")]
pub struct IndicatorPage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub participants: Vec<Opt>,
    pub indicators: Vec<Opt>,
    pub comparisons: Vec<Opt>,
    /// A problem with the chosen participant (or none).
    pub participant_error: Option<String>,
    pub comparison_error: Option<String>,
    /// The indicator is always one of the list (an unknown code falls back to the first).
    pub no_error: Option<String>,
    pub view: Option<ComparisonView>,
    /// Whether any indicator value is stored at all.
    pub any_values: bool,
    pub groups: usize,
    pub all_participants: bool,
    /// Whether the programme has a participant to choose.
    pub has_participants: bool,
}

/// What the indicator page was asked for.
pub struct IndicatorChoice {
    pub participant: String,
    pub indicator: String,
    pub comparison: String,
}

impl IndicatorPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        p: &Programme,
        choice: &IndicatorChoice,
        groups: &[ComparisonGroup],
        comparison: Option<&IndicatorComparison>,
        participant_error: Option<String>,
        comparison_error: Option<String>,
        any_values: bool,
    ) -> IndicatorPage {
        let participant_names: Vec<(String, String)> = p
            .participants
            .iter()
            .map(|x| (x.id.to_string(), x.name.clone()))
            .collect();
        let mut cmp: Vec<(String, String)> = vec![
            (
                "deltakere".into(),
                "Andre deltakere i programmet (snitt)".into(),
            ),
            (
                "utenfor".into(),
                "Kommuner utenfor programmet, før og etter opptak (snitt)".into(),
            ),
        ];
        cmp.extend(groups.iter().map(|g| {
            (
                format!("gruppe-{}", g.id),
                format!(
                    "Gruppen «{}» ({})",
                    g.name,
                    husk_domain::norwegian::count(g.members as i64, "kommune", "kommuner")
                ),
            )
        }));
        IndicatorPage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            participants: options(
                None,
                participant_names
                    .iter()
                    .map(|(v, l)| (v.as_str(), l.as_str())),
                &choice.participant,
            ),
            indicators: options(
                None,
                INDICATORS.iter().map(|i| (i.code, i.name)),
                &choice.indicator,
            ),
            comparisons: options(
                None,
                cmp.iter().map(|(v, l)| (v.as_str(), l.as_str())),
                &choice.comparison,
            ),
            participant_error,
            comparison_error,
            no_error: None,
            view: comparison.map(|c| ComparisonView::new(c, "indikatordiagram")),
            any_values,
            groups: groups.len(),
            all_participants: p.all_participants,
            has_participants: !p.participants.is_empty(),
        }
    }
}

/// A participant's key indicator against the other participants, for the participant's page
/// (the page embeds `programmes/indicator_macros.html`'s `participant_indicators`; made by
/// [`crate::programmes::indicators::participant_indicators`]).
pub struct ParticipantIndicators {
    pub heading: String,
    pub view: Option<ComparisonView>,
    /// The full indicator page for the participant.
    pub href: String,
    /// Why nothing is shown (empty when something is).
    pub empty: String,
}

impl ParticipantIndicators {
    /// From the comparison the store gave (`None`: no indicator has values yet).
    pub fn new(
        programme_id: &str,
        participant_id: i64,
        comparison: Option<&IndicatorComparison>,
    ) -> ParticipantIndicators {
        let href = match comparison {
            Some(c) => format!(
                "/programmer/{programme_id}/indikatorer?deltaker={participant_id}&indikator={}&sammenlign=deltakere",
                c.indicator.code
            ),
            None => format!("/programmer/{programme_id}/indikatorer?deltaker={participant_id}"),
        };
        ParticipantIndicators {
            heading: comparison.map_or("Indikatorer".into(), |c| {
                format!("Indikator: {}", c.indicator.name)
            }),
            view: comparison
                .map(|c| ComparisonView::new(c, &format!("deltaker-{participant_id}-indikator"))),
            href,
            empty: if comparison.is_none() {
                "Husk har ingen indikatorverdier ennå. Importer dem med «husk import indicators FIL» (CSV eller XLSX med kolonnene kommunenummer, år, indikator og verdi).".into()
            } else {
                String::new()
            },
        }
    }
}

/// One national count in the table.
pub struct NationalRow {
    pub year: i32,
    pub homeless: String,
    pub per_1000: String,
    pub change: String,
}

#[derive(Template)]
#[template(path = "programmes/national_homeless.html")]
pub struct NationalHomelessPage {
    pub layout: Layout,
    pub chart: LineChart,
    pub rows: Vec<NationalRow>,
    pub source: &'static str,
}

impl NationalHomelessPage {
    pub fn new(layout: Layout, counts: &[NationalCount]) -> NationalHomelessPage {
        let years: Vec<i32> = counts.iter().map(|c| c.year).collect();
        let first = years.first().copied().unwrap_or_default();
        let last = years.last().copied().unwrap_or_default();
        NationalHomelessPage {
            layout,
            chart: LineChart::new(
                "bostedslose-nasjonalt",
                format!("Bostedsløse i Norge {first}–{last}"),
                format!(
                    "Linjediagram over antall bostedsløse i Norge i kartleggingene fra {first} til {last}. Tallene står i tabellen «Bostedsløse i Norge, per kartlegging»."
                ),
                "antall personer",
                &years,
                &[SeriesInput {
                    label: "Bostedsløse i Norge".into(),
                    values: counts.iter().map(|c| Some(c.homeless as f64)).collect(),
                }],
                None,
            ),
            rows: counts
                .iter()
                .map(|c| NationalRow {
                    year: c.year,
                    homeless: number(c.homeless as f64),
                    per_1000: format!("{:.2}", c.per_1000).replace('.', ","),
                    change: c.change_vs_1996_percent.map_or("–".into(), |p| {
                        if p > 0 {
                            format!("+{p} %")
                        } else if p < 0 {
                            format!("−{} %", p.abs())
                        } else {
                            "0 %".into()
                        }
                    }),
                })
                .collect(),
            source: husk_domain::programmes::comparison::HOMELESS_COUNTS_SOURCE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use husk_domain::programmes::comparison::YearComparison;

    #[derive(Template)]
    #[template(
        source = "{% import \"programmes/indicator_macros.html\" as ind %}{% call ind::participant_indicators(section) %}",
        ext = "html"
    )]
    struct Section {
        section: ParticipantIndicators,
    }

    #[test]
    fn the_participants_section_has_a_chart_and_its_table_or_says_how_to_import() {
        let c = IndicatorComparison {
            participant_id: 7,
            participant: "Hamar".into(),
            kommunenummer: Some("3403".into()),
            indicator: husk_domain::programmes::indicators::Indicator::find("startlan").unwrap(),
            basis: ComparisonBasis::OtherParticipants,
            group: None,
            joined: Some(2009),
            members: 2,
            rows: vec![YearComparison {
                year: 2010,
                own: Some(12.0),
                comparison: Some(7.5),
                compared: 2,
                after_joining: Some(true),
            }],
            before_after: None,
            sources: vec!["startlan.csv".into()],
        };
        let html = Section {
            section: ParticipantIndicators::new("p", 7, Some(&c)),
        }
        .render()
        .unwrap();
        assert!(html.contains("<svg"), "{html}");
        assert!(html.contains("<caption id=\"deltaker-indikatortabell-caption\">Startlån for Hamar og andre deltakere (snitt), per år"), "{html}");
        assert!(
            html.contains("data-label=\"Andre deltakere (snitt)\">7,5</td>"),
            "{html}"
        );
        assert!(html.contains("href=\"/programmer/p/indikatorer?deltaker=7&#38;indikator=startlan&#38;sammenlign=deltakere\""), "{html}");
        let empty = Section {
            section: ParticipantIndicators::new("p", 7, None),
        }
        .render()
        .unwrap();
        assert!(empty.contains("husk import indicators"), "{empty}");
    }
}
