//! The innovation pages' view models: the list with seed 000's matrix and the channels, and an
//! innovation's page with its classification, origin, adoptions, graph, curve, Husk's
//! suggested sources and the municipalities likely to take it up next.

use super::svg;
use crate::learning::networks::views::FormView;
use crate::shared::form::{options, Opt};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::innovation::adoptions::{AdopterKind, Channel, Phase, SpreadType};
use husk_domain::innovation::diffusion::{Candidate, ChannelFigures, EdgeStatus};
use husk_domain::innovation::{Area, Dimension, Reference};
use husk_store::innovation::{Diffusion, StoredAdoption, StoredInnovation};

/// An innovation in the list.
pub struct InnovationRow {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub cell: String,
    pub origin: String,
    pub adoptions: usize,
    pub in_operation: usize,
}

impl InnovationRow {
    pub fn new(n: &StoredInnovation) -> Self {
        InnovationRow {
            href: format!("/innovasjon/{}", n.code),
            name: n.name.clone(),
            kind: n.kind.label().into(),
            cell: format!("{} · {}", n.dimension.label(), n.area.label()),
            origin: origin_text(n),
            adoptions: n.confirmed(),
            in_operation: n.in_operation(),
        }
    }
}

/// «Trondheim (Norge), 2008», «Aberdeen (Skottland)».
pub fn origin_text(n: &StoredInnovation) -> String {
    if n.origin_place.trim().is_empty() {
        return "Ikke oppgitt i rapportene".into();
    }
    let mut s = n.origin_place.clone();
    if !n.origin_country.is_empty() && n.origin_country != "Norge" {
        s.push_str(&format!(" ({})", n.origin_country));
    }
    if let Some(y) = n.origin_year {
        s.push_str(&format!(", {y}"));
    }
    s
}

/// A cell of seed 000's matrix with Husk's innovations in it.
pub struct MatrixCellView {
    pub examples: String,
    /// (href, name) of the innovations classified here.
    pub innovations: Vec<(String, String)>,
}

pub struct MatrixRowView {
    pub dimension: String,
    pub cells: Vec<MatrixCellView>,
}

/// Seed 000's Tabell 5.1 with the innovations Husk holds placed in it.
pub fn matrix(all: &[StoredInnovation]) -> (Vec<String>, Vec<MatrixRowView>) {
    let r = Reference::builtin();
    let areas: Vec<String> = Area::ALL.iter().map(|a| a.label().to_string()).collect();
    let rows = Dimension::ALL
        .iter()
        .map(|d| MatrixRowView {
            dimension: d.label().into(),
            cells: Area::ALL
                .iter()
                .map(|a| MatrixCellView {
                    examples: r
                        .cell(*d, *a)
                        .map(|c| c.examples_nb.clone())
                        .unwrap_or_default(),
                    innovations: all
                        .iter()
                        .filter(|n| n.dimension == *d && n.area == *a)
                        .map(|n| (format!("/innovasjon/{}", n.code), n.name.clone()))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    (areas, rows)
}

/// A channel's figures with its colour and letter.
pub struct ChannelView {
    pub label: String,
    pub colour: String,
    pub letter: String,
    pub adoptions: usize,
    pub in_operation: usize,
}

impl ChannelView {
    pub fn new(f: &ChannelFigures) -> Self {
        let (colour, letter) = svg::channel_style(f.channel);
        ChannelView {
            label: f.channel.label().into(),
            colour: colour.into(),
            letter: letter.into(),
            adoptions: f.adoptions,
            in_operation: f.in_operation,
        }
    }
}

#[derive(Template)]
#[template(path = "innovation/list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub rows: Vec<InnovationRow>,
    pub total: String,
    pub areas: Vec<String>,
    pub matrix: Vec<MatrixRowView>,
    pub channels: Vec<ChannelView>,
    pub may_record: bool,
}

/// An adoption on an innovation's page.
pub struct AdoptionView {
    pub id: i64,
    pub adopter: String,
    pub kommunenummer: String,
    pub from: String,
    pub year: String,
    pub spread: String,
    pub channel: String,
    pub phase: String,
    pub result: String,
    pub evidence: String,
    pub confirmed: bool,
    pub source: String,
    pub husk_note: String,
    /// The viewer may confirm it (it is not confirmed yet).
    pub may_confirm: bool,
    /// The viewer may correct it (confirmed or not).
    pub may_correct: bool,
}

impl AdoptionView {
    pub fn new(a: &StoredAdoption, may_confirm: bool) -> Self {
        AdoptionView {
            id: a.id,
            adopter: a.adopter.clone(),
            kommunenummer: a.kommunenummer.clone().unwrap_or_default(),
            from: a.from.clone().unwrap_or_default(),
            year: a.year.map(|y| y.label()).unwrap_or_default(),
            spread: a.spread.label().into(),
            channel: a.channel.label().into(),
            phase: a.phase.label().into(),
            result: a.result.clone(),
            evidence: a.evidence.clone(),
            confirmed: a.confirmed,
            source: a.source.clone(),
            husk_note: a.husk_note.clone(),
            may_confirm: may_confirm && !a.confirmed,
            may_correct: may_confirm,
        }
    }
}

/// An edge of the graph as its data table shows it.
pub struct EdgeView {
    pub from: String,
    pub to: String,
    pub channel: String,
    pub letter: String,
    pub spread: String,
    pub year: String,
    pub status: String,
    pub suggested: bool,
}

/// A suggested source with the forms that decide it.
pub struct SuggestionView {
    pub adoption_id: i64,
    pub adopter: String,
    pub source: String,
    pub confidence: u8,
    pub reasons: Vec<String>,
}

/// The year rows of the curve's table.
pub struct CurveRow {
    pub year: i32,
    pub new: usize,
    pub cumulative: usize,
    pub adopters: String,
}

pub struct NextView {
    pub name: String,
    pub kommunenummer: String,
    /// «i nettverket X: spør Hamar, Lillehammer».
    pub via: Vec<String>,
}

impl NextView {
    pub fn new(c: &Candidate) -> Self {
        NextView {
            name: c.name.clone(),
            kommunenummer: c.kommunenummer.clone().unwrap_or_default(),
            via: c
                .via
                .iter()
                .map(|v| {
                    format!(
                        "{} «{}»: spør {}",
                        v.kind.label(),
                        v.group,
                        v.ask.join(", ")
                    )
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "innovation/show.html")]
pub struct InnovationPage {
    pub layout: Layout,
    pub code: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub kind_examples: String,
    pub growth_paths: String,
    pub dimension: String,
    pub area: String,
    pub cell_examples: String,
    pub practice_model: Option<(String, String, String)>,
    pub radical: String,
    pub financing: String,
    pub origin: String,
    pub source: String,
    pub husk_note: String,
    /// (href, label, source) of the entries, documents, arenas and grants that carry it.
    pub links: Vec<LinkView>,
    pub adoptions: Vec<AdoptionView>,
    pub graph_svg: String,
    pub edges: Vec<EdgeView>,
    pub legend: Vec<ChannelView>,
    pub curve_svg: String,
    pub curve: Vec<CurveRow>,
    pub undated: usize,
    pub suggestions: Vec<SuggestionView>,
    pub next: Vec<NextView>,
    /// (href, withdrawn) of its good example, if it has one.
    pub example: Option<(String, bool)>,
    pub may_publish: bool,
    /// Adding a link (advisers), as typed when refused.
    pub link_form: Option<FormView>,
    pub link_kinds: Vec<Opt>,
    /// Where the reports disagree, both sides.
    pub disagreements: Vec<husk_store::innovation::Disagreement>,
    pub may_record: bool,
    pub csrf: String,
    pub form: Option<FormView>,
    pub spread_options: Vec<Opt>,
    pub channel_options: Vec<Opt>,
    pub phase_options: Vec<Opt>,
    pub kind_options: Vec<Opt>,
    pub message: Option<String>,
}

/// The options of the adoption form's selects, with what was typed selected.
pub fn adoption_options(form: Option<&FormView>) -> [Vec<Opt>; 4] {
    let v = |name: &str| form.map(|f| f.v(name).to_string()).unwrap_or_default();
    let opts = |items: Vec<(&'static str, &'static str)>, name: &str| {
        crate::shared::form::options(Some("Velg"), items, &v(name))
    };
    [
        opts(
            SpreadType::ALL
                .iter()
                .map(|s| (s.code(), s.label()))
                .collect(),
            "spredning",
        ),
        opts(
            Channel::ALL.iter().map(|s| (s.code(), s.label())).collect(),
            "kanal",
        ),
        opts(
            Phase::ALL.iter().map(|s| (s.code(), s.label())).collect(),
            "fase",
        ),
        crate::shared::form::options(
            None,
            AdopterKind::ALL
                .iter()
                .map(|s| (s.code(), s.label()))
                .collect::<Vec<_>>(),
            &{
                let k = v("adopter_type");
                if k.is_empty() {
                    "kommune".to_string()
                } else {
                    k
                }
            },
        ),
    ]
}

/// The graph's edges as its data table shows them.
pub fn edges(d: &Diffusion) -> Vec<EdgeView> {
    d.graph
        .edges
        .iter()
        .map(|e| {
            let (_, letter) = svg::channel_style(e.channel);
            EdgeView {
                from: e.from.clone(),
                to: e.to.clone(),
                channel: e.channel.label().into(),
                letter: letter.into(),
                spread: e.spread.label().into(),
                year: e
                    .year
                    .map(|y| y.label())
                    .unwrap_or_else(|| "ikke oppgitt".into()),
                status: match e.confidence {
                    Some(c) => format!("{} ({c} %)", e.status.label()),
                    None => e.status.label().into(),
                },
                suggested: e.status == EdgeStatus::Suggested,
            }
        })
        .collect()
}

/// The Norwegian label of a form field, for the error summary.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "adopter" => "Hvem",
        "adopter_type" => "Type",
        "kommunenummer" => "Kommunenummer",
        "fra" => "Tatt fra",
        "spredning" => "Spredningstype",
        "kanal" => "Kanal",
        "fase" => "Fase",
        "ar" => "År",
        "resultat" => "Resultat",
        "dokumentasjon" => "Dokumentasjon",
        _ => "Feltet",
    }
}

/// Something that carries the innovation, as its page lists it.
pub struct LinkView {
    /// Empty when Husk has no page for it.
    pub href: String,
    pub label: String,
    pub source: String,
    pub kind: String,
    pub target: String,
}

/// The kinds of link, for the form that adds one.
pub fn link_kinds(form: Option<&FormView>) -> Vec<Opt> {
    options(
        Some("Velg hva"),
        husk_domain::innovation::LinkKind::ALL
            .iter()
            .map(|k| (k.code(), k.label())),
        form.map(|f| f.v("kobling_type")).unwrap_or(""),
    )
}
