//! The public open-data pages: the grant search with facets and totals (`/apne-data`), a page
//! per municipality, recipient and programme with its grants and published results, the
//! knowledge matrix over published entries, and each list as CSV, XLSX or JSON. Every page is
//! made from `Store::open_data`, which holds only what the publication rules admit, so the
//! counts, facets and totals never include anything unpublished.

use crate::auth::Auth;
use crate::error::PageError;
use crate::format::{int, nok};
use crate::query::param_or_empty;
use crate::shared::form::{options, Opt};
use crate::shared::layout::{Layout, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use askama::Template;
use axum::extract::{Path, RawQuery};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use husk_domain::norwegian::count;
use husk_domain::open::{total_nok, Facets, Filter, OpenGrant, OpenRecipient, Scope};
use husk_domain::portfolio::{Kind, Status, YearRange};
use husk_domain::{Matrix, MatrixMeasure, ProjectFacts, Selection, Taxonomy};
use husk_files::open_grants::{write_open_grants, write_open_matrix, OpenGrantRecord};
use husk_files::FileFormat;
use husk_store::open::OpenData;
use std::collections::BTreeMap;

/// A grant in a list.
pub struct GrantView {
    pub year: i32,
    pub title: String,
    /// The entry's public page, when it is published with its entry.
    pub entry_href: Option<String>,
    pub recipient: String,
    pub recipient_href: Option<String>,
    pub municipality: Option<(String, String)>,
    pub scheme: String,
    pub amount: String,
    pub programme: Option<(String, String)>,
    pub themes: Vec<String>,
}

impl GrantView {
    fn new(g: &OpenGrant, tax: &Taxonomy) -> GrantView {
        GrantView {
            year: g.year,
            title: g.entry_title.clone(),
            entry_href: g
                .entry
                .as_ref()
                .map(|_| format!("/apne-data/tiltak/{}", g.entry_id)),
            recipient: g.recipient.name().to_string(),
            recipient_href: g
                .recipient_id()
                .map(|id| format!("/apne-data/mottakere/{id}")),
            municipality: g.kommunenummer.as_ref().map(|k| {
                (
                    format!("/apne-data/kommuner/{k}"),
                    g.municipality
                        .clone()
                        .unwrap_or_else(|| format!("Kommune {k}")),
                )
            }),
            scheme: g.scheme.label().to_string(),
            amount: nok(g.amount_nok),
            programme: g
                .programme
                .as_ref()
                .map(|(id, title)| (format!("/apne-data/programmer/{id}"), title.clone())),
            themes: g
                .entry
                .as_ref()
                .map(|e| {
                    e.themes
                        .iter()
                        .filter_map(|c| tax.theme(c).map(|t| t.name_nb.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// One row of a chart (by year or by office): the figures are text, the bar shows the sum.
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub sum: String,
    pub width: String,
}

/// The grants counted and summed per key, in the key's order.
fn bars<K: Ord>(
    grants: &[&OpenGrant],
    key: impl Fn(&OpenGrant) -> K,
    label: impl Fn(&K) -> String,
) -> Vec<Bar> {
    let mut groups: BTreeMap<K, (usize, i64)> = BTreeMap::new();
    for g in grants {
        let y = groups.entry(key(g)).or_default();
        y.0 += 1;
        y.1 += g.amount_nok;
    }
    let most = groups.values().map(|v| v.1).max().unwrap_or(0).max(1);
    groups
        .into_iter()
        .map(|(k, (n, sum))| Bar {
            label: label(&k),
            count: n,
            sum: nok(sum),
            width: format!("{:.1}%", sum as f64 * 100.0 / most as f64),
        })
        .collect()
}

pub struct IndicatorView {
    pub name: String,
    pub baseline: String,
    pub target: String,
    pub actual: String,
    pub period: String,
}

/// A published report with its indicator values.
pub struct ReportView {
    pub href: String,
    pub title: String,
    pub entry_title: String,
    pub indicators: Vec<IndicatorView>,
}

fn value(v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 => int(v as i64),
        Some(v) => format!("{v:.1}").replace('.', ","),
        None => "–".into(),
    }
}

fn reports_of(data: &OpenData, grants: &[&OpenGrant]) -> Vec<ReportView> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for g in grants {
        if seen.contains(&g.entry_id.as_str()) {
            continue;
        }
        seen.push(&g.entry_id);
        for r in data.reports.get(&g.entry_id).into_iter().flatten() {
            out.push(ReportView {
                href: format!("/rapporter/{}", r.id),
                title: r.title.clone(),
                entry_title: g.entry_title.clone(),
                indicators: r
                    .indicators
                    .iter()
                    .map(|i| IndicatorView {
                        name: if i.unit.is_empty() {
                            i.name.clone()
                        } else {
                            format!("{} ({})", i.name, i.unit)
                        },
                        baseline: value(i.baseline),
                        target: value(i.target),
                        actual: value(i.actual),
                        period: format!("{}–{}", i.period_start, i.period_end),
                    })
                    .collect(),
            });
        }
    }
    out
}

/// Published reports shown on one page of a grant list.
const REPORTS_PAGE: usize = 20;

/// The search form's fields with how many grants each value would give.
pub struct SearchForm {
    pub q: String,
    pub offices: Vec<Opt>,
    pub years: Vec<Opt>,
    pub municipalities: Vec<Opt>,
    pub recipient_types: Vec<Opt>,
    pub themes: Vec<Opt>,
    pub target_groups: Vec<Opt>,
    pub filtered: bool,
}

#[derive(Template)]
#[template(path = "open/grants.html")]
pub struct GrantsPage {
    pub layout: Layout,
    pub heading: String,
    pub lead: String,
    /// The page's place under «Åpne data» (None on the search page itself).
    pub crumb: Option<String>,
    pub search: Option<SearchForm>,
    /// The search narrows the list.
    pub filtered: bool,
    pub rules: Vec<String>,
    pub total: String,
    pub sum: String,
    pub years: Vec<Bar>,
    /// Per office, on the search page.
    pub offices: Vec<Bar>,
    /// The entry, on an entry's page.
    pub entry: Option<EntryFacts>,
    pub grants: Vec<GrantView>,
    pub nav: Option<crate::paging::PageNav>,
    /// The filter as a query string, for the downloads and the API.
    pub download_query: String,
    pub reports: Vec<ReportView>,
    /// The pages of a long list of reports (`?rapporter=N`).
    pub reports_nav: Option<crate::paging::PageNav>,
    pub may_set_publication: bool,
    /// The newest published good examples (href, title, summary), on the search page.
    pub examples: Vec<(String, String, String)>,
}

fn parse_filter(query: Option<&str>) -> Filter {
    let opt = |name: &str| Some(param_or_empty(query, name)).filter(|v| !v.trim().is_empty());
    Filter {
        query: param_or_empty(query, "q")
            .chars()
            .take(husk_domain::limits::FILTER_TEXT)
            .collect(),
        region: opt("kontor"),
        year: opt("ar").and_then(|y| y.trim().parse().ok()),
        kommunenummer: opt("kommune"),
        recipient_type: opt("mottakertype"),
        theme: opt("tema"),
        target_group: opt("malgruppe"),
        programme: opt("program"),
        recipient: opt("mottaker").and_then(|m| m.trim().parse().ok()),
        entry: opt("tiltak"),
    }
}

/// The filter as the query string the downloads and the API take.
fn filter_query(f: &Filter) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if !f.query.is_empty() {
        pairs.push(("q", f.query.clone()));
    }
    let fields: [(&str, Option<String>); 9] = [
        ("kontor", f.region.clone()),
        ("ar", f.year.map(|y| y.to_string())),
        ("kommune", f.kommunenummer.clone()),
        ("mottakertype", f.recipient_type.clone()),
        ("tema", f.theme.clone()),
        ("malgruppe", f.target_group.clone()),
        ("program", f.programme.clone()),
        ("mottaker", f.recipient.map(|r| r.to_string())),
        ("tiltak", f.entry.clone()),
    ];
    for (k, v) in fields {
        if let Some(v) = v {
            pairs.push((k, v));
        }
    }
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

fn counted(items: Vec<(String, String, usize)>, current: &str, empty: &str) -> Vec<Opt> {
    let labelled: Vec<(String, String)> = items
        .into_iter()
        .map(|(code, label, n)| (code, format!("{label} ({n})")))
        .collect();
    options(
        Some(empty),
        labelled.iter().map(|(c, l)| (c.as_str(), l.as_str())),
        current,
    )
}

fn search_form(
    data: &OpenData,
    filter: &Filter,
    query: Option<&str>,
    tax: &Taxonomy,
) -> SearchForm {
    let facets = Facets::of(&data.grants, filter);
    // One facet's options: each value with its label (the code where there is none) and how
    // many grants it gives, the value in the query chosen.
    let facet = |counts: &BTreeMap<String, usize>,
                 label: &dyn Fn(&str) -> Option<String>,
                 name: &str,
                 empty: &str| {
        let items = counts
            .iter()
            .map(|(code, n)| (code.clone(), label(code).unwrap_or(code.clone()), *n))
            .collect();
        counted(items, &param_or_empty(query, name), empty)
    };
    let names = data.municipality_names();
    let mut municipalities: Vec<(String, String, usize)> = facets
        .municipalities
        .iter()
        .map(|(k, n)| {
            let name = names.get(k.as_str()).map(|n| n.to_string());
            (
                k.clone(),
                name.unwrap_or_else(|| format!("Kommune {k}")),
                *n,
            )
        })
        .collect();
    municipalities.sort_by(|a, b| a.1.cmp(&b.1));
    // Newest year first.
    let years = counted(
        facets
            .years
            .iter()
            .rev()
            .map(|(y, n)| (y.to_string(), y.to_string(), *n))
            .collect(),
        &param_or_empty(query, "ar"),
        "Alle år",
    );
    SearchForm {
        q: filter.query.clone(),
        offices: facet(
            &facets.regions,
            &|c| tax.region(c).map(|r| r.office.clone()),
            "kontor",
            "Alle kontor",
        ),
        years,
        municipalities: counted(
            municipalities,
            &param_or_empty(query, "kommune"),
            "Alle kommuner",
        ),
        recipient_types: facet(
            &facets.recipient_types,
            &|c| tax.recipient_type(c).map(|r| r.name_nb.clone()),
            "mottakertype",
            "Alle mottakertyper",
        ),
        themes: facet(
            &facets.themes,
            &|c| tax.theme(c).map(|t| t.name_nb.clone()),
            "tema",
            "Alle tema",
        ),
        target_groups: facet(
            &facets.target_groups,
            &|c| tax.target_group(c).map(|t| t.name_nb.clone()),
            "malgruppe",
            "Alle målgrupper",
        ),
        filtered: !filter.is_empty(),
    }
}

/// What the rules publish, in words, for the page's lead.
fn rule_lines(data: &OpenData) -> Vec<String> {
    data.publication
        .rules
        .iter()
        .map(|r| {
            let what = match &r.scope {
                Scope::Scheme(b) => format!("Tilskudd over {}", b.label().to_lowercase()),
                Scope::Programme(id) => {
                    let title = data
                        .grants
                        .iter()
                        .find_map(|g| g.programme.as_ref().filter(|p| &p.0 == id))
                        .map(|p| p.1.clone())
                        .unwrap_or_else(|| id.clone());
                    format!("Tilskudd i programmet {title}")
                }
            };
            let mut extra = Vec::new();
            if r.entries {
                extra.push("med beskrivelse og tema");
            }
            if r.results {
                extra.push("resultater fra publiserte rapporter");
            }
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(", {}", husk_domain::norwegian::list(&extra, "og"))
            };
            format!("{what} fra {}{extra}", r.from_year)
        })
        .collect()
}

/// The three newest published good examples, as the public reads them.
async fn newest_examples(
    store: &husk_store::Store,
) -> Result<Vec<(String, String, String)>, PageError> {
    let public = husk_domain::Viewer::Public;
    let mut all = store
        .read_as(&public)
        .good_examples(&husk_domain::innovation::examples::LibraryFilter::default())
        .await?;
    all.sort_by(|a, b| b.published.cmp(&a.published).then(b.id.cmp(&a.id)));
    Ok(all
        .into_iter()
        .take(3)
        .map(|e| (format!("/gode-eksempler/{}", e.id), e.title, e.summary))
        .collect())
}

/// What one grant page is about: its address, its heading and lead, its place under «Åpne
/// data», and the search form (on `/apne-data`) or the entry's facts (on an entry's page).
struct Scoped {
    path: String,
    heading: String,
    lead: String,
    crumb: Option<String>,
    search: Option<SearchForm>,
    entry: Option<EntryFacts>,
}

impl Scoped {
    /// A page of one municipality, recipient or programme: named in the heading and the
    /// breadcrumbs, with no search form.
    fn part(path: String, name: String, lead: String) -> Scoped {
        Scoped {
            path,
            heading: name.clone(),
            lead,
            crumb: Some(name),
            search: None,
            entry: None,
        }
    }
}

async fn grants_page(
    store: &husk_store::Store,
    auth: &Auth,
    data: &OpenData,
    filter: &Filter,
    query: Option<&str>,
    scoped: Scoped,
) -> Result<Response, PageError> {
    let Scoped {
        path,
        heading,
        lead,
        crumb,
        search,
        entry,
    } = scoped;
    let path = path.as_str();
    let tax = store.taxonomy();
    let passing: Vec<&OpenGrant> = data.grants.iter().filter(|g| filter.admits(g)).collect();
    let paging = crate::paging::Paging::for_list(query, passing.len());
    let nav = crate::paging::PageNav::new(path, query, paging, passing.len());
    let mut all_reports = reports_of(data, &passing);
    let report_paging =
        crate::paging::Paging::for_param(query, "rapporter", all_reports.len(), REPORTS_PAGE);
    let reports_nav = crate::paging::PageNav::for_param(
        path,
        query,
        report_paging,
        all_reports.len(),
        "rapporter",
        "resultater",
    );
    let shown = report_paging.range(all_reports.len());
    let reports: Vec<ReportView> = all_reports.drain(shown).collect();
    let examples = if search.is_some() {
        newest_examples(store).await?
    } else {
        Vec::new()
    };
    let page = GrantsPage {
        layout: layout(store, auth, heading.clone(), Nav::Open).await?,
        heading,
        lead,
        crumb,
        filtered: search.as_ref().is_some_and(|s| s.filtered),
        offices: if search.is_some() {
            bars(&passing, |g| g.office.clone(), |o| o.clone())
        } else {
            Vec::new()
        },
        search,
        rules: rule_lines(data),
        total: count(passing.len() as i64, "tilskudd", "tilskudd"),
        sum: nok(total_nok(passing.iter().copied())),
        years: bars(&passing, |g| g.year, |y| y.to_string()),
        entry,
        grants: passing[paging.range(passing.len())]
            .iter()
            .map(|g| GrantView::new(g, tax))
            .collect(),
        nav,
        download_query: filter_query(filter),
        reports,
        reports_nav,
        may_set_publication: auth.viewer.may_set_publication(),
        examples,
    };
    render(StatusCode::OK, &page)
}

/// `GET /apne-data`: the public grant search.
pub async fn search(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let data = store.open_data().await?;
    let filter = parse_filter(query.as_deref());
    let form = search_form(&data, &filter, query.as_deref(), store.taxonomy());
    grants_page(
        &store,
        &auth,
        &data,
        &filter,
        query.as_deref(),
        Scoped {
            path: "/apne-data".into(),
            heading: "Åpne data om tilskudd".into(),
            lead: "Tilskuddene Husbanken har vedtatt til boligsosialt arbeid og valgt å publisere, med tiltakene de går til og resultatene mottakerne har publisert. Alle lister kan lastes ned, og dataene finnes også i standardene 360Giving og IATI.".into(),
            crumb: None,
            search: Some(form),
            entry: None,
        },
    )
    .await
}

/// `GET /apne-data/kommuner/{kommunenummer}`.
pub async fn municipality(
    Acting(store): Acting,
    auth: Auth,
    Path(k): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let data = store.open_data().await?;
    let name = data
        .municipality_names()
        .get(k.as_str())
        .map(|n| n.to_string())
        .ok_or(PageError::NotFound)?;
    let filter = Filter {
        kommunenummer: Some(k.clone()),
        ..Filter::default()
    };
    grants_page(
        &store,
        &auth,
        &data,
        &filter,
        query.as_deref(),
        Scoped::part(
            format!("/apne-data/kommuner/{k}"),
            name.clone(),
            format!("Publiserte tilskudd til mottakere i {name} (kommunenummer {k}), med resultater og rapporter mottakerne har publisert."),
        ),
    )
    .await
}

/// `GET /apne-data/mottakere/{id}`.
pub async fn recipient(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| PageError::NotFound)?;
    let data = store.open_data().await?;
    let name = data
        .grants
        .iter()
        .find(|g| g.recipient_id() == Some(id))
        .map(|g| g.recipient.name().to_string())
        .ok_or(PageError::NotFound)?;
    let filter = Filter {
        recipient: Some(id),
        ..Filter::default()
    };
    grants_page(
        &store,
        &auth,
        &data,
        &filter,
        query.as_deref(),
        Scoped::part(
            format!("/apne-data/mottakere/{id}"),
            name.clone(),
            format!("Publiserte tilskudd fra Husbanken til {name}, med resultater og rapporter fra tiltakene."),
        ),
    )
    .await
}

/// `GET /apne-data/programmer/{id}`.
pub async fn programme(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let data = store.open_data().await?;
    let title = data
        .grants
        .iter()
        .find_map(|g| g.programme.as_ref().filter(|p| p.0 == id))
        .map(|p| p.1.clone())
        .ok_or(PageError::NotFound)?;
    let description = data
        .programmes
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.entry.description.clone())
        .filter(|d| !d.is_empty());
    let filter = Filter {
        programme: Some(id.clone()),
        ..Filter::default()
    };
    grants_page(
        &store,
        &auth,
        &data,
        &filter,
        query.as_deref(),
        Scoped::part(
            format!("/apne-data/programmer/{id}"),
            title.clone(),
            description.unwrap_or_else(|| {
                format!(
                "Publiserte tilskudd i programmet {title}, med deltakernes tiltak og resultater."
            )
            }),
        ),
    )
    .await
}

/// What the public reads of a published entry.
pub struct EntryFacts {
    pub kind: String,
    pub period: String,
    pub status: String,
    pub office: String,
    pub recipient: String,
    pub recipient_href: Option<String>,
    pub municipality: Option<(String, String)>,
    pub programme: Option<(String, String)>,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
    /// Where the sources disagree (both values with their sources) or Husk inferred a value.
    pub notes: Vec<NoteView>,
}

pub struct NoteView {
    pub heading: String,
    pub value: String,
    pub other: Option<String>,
    pub note: String,
}

/// `GET /apne-data/tiltak/{id}`: a register entry published with its entry.
pub async fn entry(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let data = store.open_data().await?;
    let tax = store.taxonomy();
    let g = data
        .grants
        .iter()
        .find(|g| g.entry_id == id && g.entry.is_some())
        .ok_or(PageError::NotFound)?;
    let e = g.entry.as_ref().expect("found with its entry");
    let view = GrantView::new(g, tax);
    let facts = EntryFacts {
        kind: Kind::from_code(&e.kind)
            .map(|k| k.label().to_string())
            .unwrap_or_default(),
        period: match e.end_year {
            Some(end) if end != e.start_year => format!("{}–{end}", e.start_year),
            Some(_) => e.start_year.to_string(),
            None => format!("fra {}", e.start_year),
        },
        status: Status::from_code(&e.status)
            .map(|s| s.label().to_string())
            .unwrap_or_default(),
        office: g.office.clone(),
        recipient: view.recipient.clone(),
        recipient_href: view.recipient_href.clone(),
        municipality: view.municipality.clone(),
        programme: view.programme.clone(),
        themes: e
            .themes
            .iter()
            .filter_map(|c| tax.theme(c).map(|t| t.name_nb.clone()))
            .collect(),
        target_groups: e
            .target_groups
            .iter()
            .filter_map(|c| tax.target_group(c).map(|t| t.name_nb.clone()))
            .collect(),
        notes: store
            .open_source_notes(&data, &id)
            .await?
            .into_iter()
            .map(|n| NoteView {
                heading: match n.kind {
                    husk_domain::quality::NoteKind::Konflikt => {
                        format!("{}: kildene sier forskjellig", n.field)
                    }
                    husk_domain::quality::NoteKind::Utledet => {
                        format!("{}: utledet av Husk", n.field)
                    }
                },
                value: format!("{} ({})", n.value.value, n.value.source),
                other: n.other.map(|o| format!("{} ({})", o.value, o.source)),
                note: n.note,
            })
            .collect(),
    };
    let filter = Filter {
        entry: Some(id.clone()),
        ..Filter::default()
    };
    let lead = if e.description.trim().is_empty() {
        "Registeret har ingen beskrivelse av tiltaket.".to_string()
    } else {
        e.description.clone()
    };
    grants_page(
        &store,
        &auth,
        &data,
        &filter,
        query.as_deref(),
        Scoped {
            path: format!("/apne-data/tiltak/{id}"),
            heading: g.entry_title.clone(),
            lead,
            crumb: Some(g.entry_title.clone()),
            search: None,
            entry: Some(facts),
        },
    )
    .await
}

/// `GET /apne-data/last-ned/{file}`: a list as `tilskudd.csv`, `tilskudd.xlsx` or
/// `tilskudd.json`, with the same filter as the page.
pub async fn download(
    Acting(store): Acting,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (stem, format) = match file.rsplit_once('.') {
        Some((stem, "csv")) => (stem, FileFormat::Csv),
        Some((stem, "xlsx")) => (stem, FileFormat::Xlsx),
        Some((stem, "json")) => (stem, FileFormat::Json),
        _ => return Err(PageError::NotFound),
    };
    let data = store.open_data().await?;
    let tax = store.taxonomy();
    let written = match stem {
        "tilskudd" => {
            let filter = parse_filter(query.as_deref());
            let rows: Vec<OpenGrantRecord> = data
                .grants
                .iter()
                .filter(|g| filter.admits(g))
                .map(|g| OpenGrantRecord::of(g, tax))
                .collect();
            write_open_grants(&rows, format)
        }
        "kunnskapsmatrise" => {
            let m = open_matrix(&published_entries(&data), tax);
            let mut rows = Vec::new();
            for r in &m.rows {
                for (name, n) in m.column_names.iter().zip(&r.cells) {
                    rows.push(vec![r.name.clone(), name.clone(), n.to_string()]);
                }
                rows.push(vec![
                    r.name.clone(),
                    "Ukjent mottaker".into(),
                    r.unknown.to_string(),
                ]);
            }
            write_open_matrix(&rows, format)
        }
        _ => return Err(PageError::NotFound),
    };
    let bytes = written.map_err(|e| PageError::Internal(format!("open data file: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub struct MatrixRowView {
    pub theme: String,
    /// The group's heading, on the first row of each group.
    pub group: Option<String>,
    pub cells: Vec<i64>,
    pub unknown: i64,
    pub total: i64,
}

#[derive(Template)]
#[template(path = "open/matrix.html")]
pub struct MatrixPage {
    pub layout: Layout,
    pub columns: Vec<String>,
    pub rows: Vec<MatrixRowView>,
    pub column_totals: Vec<i64>,
    pub unknown_total: i64,
    pub entries: String,
}

/// The published entries as the matrix counts them: those a rule publishes with their entry.
fn published_entries(data: &OpenData) -> Vec<ProjectFacts> {
    let mut out: BTreeMap<&str, ProjectFacts> = BTreeMap::new();
    for g in &data.grants {
        let Some(e) = &g.entry else { continue };
        let facts = out.entry(&g.entry_id).or_insert_with(|| ProjectFacts {
            id: g.entry_id.clone(),
            kind: Kind::from_code(&e.kind).unwrap_or(Kind::Prosjekt),
            title: g.entry_title.clone(),
            description: e.description.clone(),
            region: g.region.clone(),
            recipient: match &g.recipient {
                OpenRecipient::Organisation { name, .. } => Some(name.clone()),
                OpenRecipient::Person | OpenRecipient::NotStated => None,
            },
            organisation_id: None,
            recipient_type: g.recipient_type.clone(),
            years: YearRange {
                start: e.start_year,
                end: e.end_year,
            },
            status: Status::from_code(&e.status).unwrap_or(Status::Avsluttet),
            themes: e.themes.clone(),
            target_groups: e.target_groups.clone(),
            grants: Vec::new(),
        });
        facts.grants.push((g.year, g.amount_nok, g.status));
    }
    out.into_values().collect()
}

/// Themes × recipient types over the entries published with their entry, as counts.
fn open_matrix(entries: &[ProjectFacts], tax: &Taxonomy) -> Matrix {
    Matrix::compute(
        tax,
        entries,
        &Selection::default(),
        MatrixMeasure::Count,
        0.0,
    )
}

/// `GET /apne-data/kunnskapsmatrise`: themes × recipient types over the published entries.
pub async fn matrix(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    let data = store.open_data().await?;
    let tax = store.taxonomy();
    let entries = published_entries(&data);
    let m = open_matrix(&entries, tax);
    let rows: Vec<MatrixRowView> = m
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| MatrixRowView {
            theme: r.name.clone(),
            group: (i == 0 || m.rows[i - 1].group != r.group).then(|| r.group.clone()),
            cells: r.cells.clone(),
            unknown: r.unknown,
            total: r.total,
        })
        .collect();
    let page = MatrixPage {
        layout: layout(
            &store,
            &auth,
            "Kunnskapsmatrisen over publiserte tiltak",
            Nav::Open,
        )
        .await?,
        columns: m
            .column_names
            .iter()
            .map(|c| crate::portfolio::views::soft_hyphens(c))
            .collect(),
        rows,
        column_totals: m.column_totals.clone(),
        unknown_total: m.unknown_total,
        entries: count(
            entries.len() as i64,
            "publisert tiltak",
            "publiserte tiltak",
        ),
    };
    render(StatusCode::OK, &page)
}
