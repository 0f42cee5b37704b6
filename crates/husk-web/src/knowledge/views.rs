//! View models of the knowledge base: the search page, the document list, the document page,
//! the upload form, and the "similar work" and "suggestions" blocks shared by the document and
//! project pages.

use super::forms::{self, DocumentForm};
use super::search_filters::{self, RawSearch, SearchFilters};
use crate::format;
use crate::portfolio::views::region_name;
use crate::shared::form::{
    checks, options, summary, theme_check_groups, Check, CheckGroup, Opt, SummaryItem,
};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::knowledge::{passage_label, search_totals};
use husk_domain::{DocumentType, FieldErrors, Taxonomy};
use husk_search::similar::{ItemKey, Similar};
use husk_search::suggest::Suggestion;
use husk_search::{FacetCount, SearchResults};
use husk_store::{StoredDocument, StoredPassage};

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/// The address of a document page.
pub fn document_href(id: i64) -> String {
    format!("/dokumenter/{id}")
}

/// The address of one passage: the document page, scrolled to (and highlighting) the passage.
pub fn passage_href(id: i64, ordinal: u64) -> String {
    // The query names the passage for the server (which opens the part of a long document that
    // holds it); the fragment scrolls to it.
    format!("/dokumenter/{id}?avsnitt={ordinal}#avsnitt-{ordinal}")
}

/// Passages shown on one page of a document.
pub const PASSAGES_PER_PAGE: u32 = 200;

/// Which passages of a document a page shows, and links to the ones before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageWindow {
    /// Ordinal of the first passage shown.
    pub start: u32,
    /// Ordinal after the last passage shown.
    pub end: u32,
    /// "Viser avsnitt 201–400 av 75 000."
    pub summary: String,
    pub first: Option<PagerLink>,
    pub previous: Option<PagerLink>,
    pub next: Option<PagerLink>,
    pub last: Option<PagerLink>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagerLink {
    pub href: String,
    pub label: String,
}

impl PassageWindow {
    /// The window of a document with `total` passages: around passage `target` (an ordinal)
    /// when given, else from passage number `from` (counted from 1), else from the start.
    pub fn new(id: i64, total: u32, target: Option<u32>, from: Option<u32>) -> PassageWindow {
        let per = PASSAGES_PER_PAGE;
        let latest_start = total.saturating_sub(per);
        let start = match (target, from) {
            (Some(t), _) if t < total => t.saturating_sub(per / 2).min(latest_start),
            (_, Some(f)) => f.saturating_sub(1).min(total.saturating_sub(1)),
            _ => 0,
        };
        let end = (start + per).min(total);
        let link = |from: u32, label: String| PagerLink {
            href: format!("/dokumenter/{id}?fra={}#tekst", from + 1),
            label,
        };
        let range = |a: u32, b: u32| {
            format!(
                "{}–{}",
                crate::format::int(i64::from(a) + 1),
                crate::format::int(i64::from(b))
            )
        };
        let previous = (start > 0).then(|| {
            let from = start.saturating_sub(per);
            link(from, format!("Forrige: avsnitt {}", range(from, start)))
        });
        let next = (end < total).then(|| {
            let to = (end + per).min(total);
            link(end, format!("Neste: avsnitt {}", range(end, to)))
        });
        let first = (start > per).then(|| link(0, "Første avsnitt".to_string()));
        let last = (end + per < total).then(|| link(latest_start, "Siste avsnitt".to_string()));
        PassageWindow {
            start,
            end,
            summary: format!(
                "Viser avsnitt {} av {}.",
                range(start, end),
                crate::format::int(i64::from(total))
            ),
            first,
            previous,
            next,
            last,
        }
    }

    /// Whether the document has more passages than one page shows.
    pub fn is_partial(&self, total: u32) -> bool {
        self.start > 0 || self.end < total
    }
}

/// The Norwegian label of a document type code (the code itself if unknown).
pub fn doc_type_label(code: &str) -> String {
    DocumentType::parse(code)
        .map(|t| t.label().to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The public/internal marker (a `ds-tag`).
#[derive(Debug, Clone)]
pub struct Visibility {
    pub label: &'static str,
    pub color: &'static str,
}

impl Visibility {
    pub fn new(public: bool) -> Visibility {
        if public {
            Visibility {
                label: "Offentlig",
                color: "success",
            }
        } else {
            Visibility {
                label: "Intern",
                color: "warning",
            }
        }
    }
}

fn theme_names(tax: &Taxonomy, codes: &[String]) -> Vec<String> {
    // Taxonomy order, not the order the codes were given in.
    tax.themes
        .iter()
        .filter(|t| codes.contains(&t.code))
        .map(|t| t.name_nb.clone())
        .collect()
}

fn target_group_names(tax: &Taxonomy, codes: &[String]) -> Vec<String> {
    tax.target_groups
        .iter()
        .filter(|t| codes.contains(&t.code))
        .map(|t| t.name_nb.clone())
        .collect()
}

/// One row of a document table.
#[derive(Debug, Clone)]
pub struct DocumentRow {
    pub id: i64,
    pub href: String,
    pub title: String,
    pub doc_type: &'static str,
    pub year: String,
    pub office: String,
    pub passages: String,
    pub visibility: Visibility,
}

impl DocumentRow {
    pub fn new(d: &StoredDocument, tax: &Taxonomy) -> DocumentRow {
        DocumentRow {
            id: d.id,
            href: document_href(d.id),
            title: d.meta.title.clone(),
            doc_type: d.meta.doc_type.label(),
            year: d.meta.year.map(|y| y.to_string()).unwrap_or_default(),
            office: d
                .meta
                .region
                .as_deref()
                .map(|r| region_name(tax, r))
                .unwrap_or_default(),
            passages: format::int(d.passages),
            visibility: Visibility::new(d.meta.public),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Similar work elsewhere
// ---------------------------------------------------------------------------------------------

/// One similar project or document.
#[derive(Debug, Clone)]
pub struct SimilarView {
    pub title: String,
    pub href: String,
    /// "Prosjekt" or "Dokument".
    pub kind: &'static str,
    pub office: String,
    pub shared_themes: Vec<String>,
    pub other_office: bool,
}

/// The similar items for display: other offices first, best first within each group.
pub fn similar_views(list: &[Similar], tax: &Taxonomy) -> Vec<SimilarView> {
    let mut sorted: Vec<&Similar> = list.iter().collect();
    sorted.sort_by_key(|s| !s.other_office);
    sorted
        .into_iter()
        .map(|s| {
            let (href, kind) = match &s.key {
                ItemKey::Project(id) => (crate::portfolio::views::project_href(id), "Prosjekt"),
                ItemKey::Document(id) => (document_href(*id as i64), "Dokument"),
            };
            SimilarView {
                title: s.title.clone(),
                href,
                kind,
                office: s
                    .region
                    .as_deref()
                    .map(|r| region_name(tax, r))
                    .unwrap_or_else(|| "Ikke oppgitt".into()),
                shared_themes: theme_names(tax, &s.shared_themes),
                other_office: s.other_office,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Classification suggestions
// ---------------------------------------------------------------------------------------------

/// One suggested code, as a checkbox that starts unticked.
#[derive(Debug, Clone)]
pub struct SuggestionItem {
    pub id: String,
    pub value: String,
    pub label: String,
    pub confidence: String,
}

/// "Forslag til tema og målgrupper": suggestions the user accepts (ticks) or rejects (leaves).
#[derive(Debug, Clone)]
pub struct SuggestionsView {
    /// Where the form posts to.
    pub action: String,
    /// Whether theme suggestions were asked for (the item has no themes).
    pub for_themes: bool,
    /// Whether target group suggestions were asked for (the item has no target groups).
    pub for_target_groups: bool,
    pub themes: Vec<SuggestionItem>,
    pub target_groups: Vec<SuggestionItem>,
    /// Why the last choice could not be saved.
    pub error: Option<String>,
}

impl SuggestionsView {
    pub fn new(
        action: String,
        tax: &Taxonomy,
        themes: Option<&[Suggestion]>,
        target_groups: Option<&[Suggestion]>,
    ) -> SuggestionsView {
        let item = |prefix: &str, s: &Suggestion, name: Option<String>| SuggestionItem {
            id: format!("{prefix}{}", s.code),
            value: s.code.clone(),
            label: name.unwrap_or_else(|| s.code.clone()),
            confidence: format::percent(f64::from(s.confidence)),
        };
        SuggestionsView {
            action,
            for_themes: themes.is_some(),
            for_target_groups: target_groups.is_some(),
            themes: themes
                .unwrap_or_default()
                .iter()
                .map(|s| {
                    let name = tax.theme(&s.code).map(|t| t.name_nb.clone());
                    item("forslag-tema-", s, name)
                })
                .collect(),
            target_groups: target_groups
                .unwrap_or_default()
                .iter()
                .map(|s| {
                    let name = tax.target_group(&s.code).map(|t| t.name_nb.clone());
                    item("forslag-malgruppe-", s, name)
                })
                .collect(),
            error: None,
        }
    }

    /// Whether there is anything to choose.
    pub fn has_any(&self) -> bool {
        !self.themes.is_empty() || !self.target_groups.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// Project page additions
// ---------------------------------------------------------------------------------------------

/// What the project page shows from the knowledge base.
#[derive(Debug, Clone, Default)]
pub struct ProjectKnowledge {
    pub documents: Vec<DocumentRow>,
    pub similar: Vec<SimilarView>,
    /// Shown when the project has no themes.
    pub suggestions: Option<SuggestionsView>,
}

// ---------------------------------------------------------------------------------------------
// Document list
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "knowledge/documents.html")]
pub struct DocumentListPage {
    pub layout: Layout,
    pub count: String,
    pub rows: Vec<DocumentRow>,
    pub may_upload: bool,
}

impl DocumentListPage {
    pub fn new(layout: Layout, docs: &[StoredDocument], tax: &Taxonomy) -> DocumentListPage {
        DocumentListPage {
            layout,
            may_upload: false,
            count: format::int(docs.len() as i64),
            rows: docs.iter().map(|d| DocumentRow::new(d, tax)).collect(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Document page
// ---------------------------------------------------------------------------------------------

/// One passage of the document page.
#[derive(Debug, Clone)]
pub struct PassageView {
    /// The element id, `avsnitt-{ordinal}`: the target of links from the search.
    pub anchor: String,
    /// The passage's number for people (ordinal + 1).
    pub number: u64,
    pub heading: Option<String>,
    /// Whether the heading differs from the previous passage's (then it is a real heading).
    pub heading_is_new: bool,
    pub text: String,
}

/// A linked project.
#[derive(Debug, Clone)]
pub struct LinkView {
    pub href: String,
    pub title: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "knowledge/document.html")]
pub struct DocumentPage {
    pub layout: Layout,
    pub message: Option<String>,
    pub id: i64,
    pub title: String,
    pub authors: String,
    pub publisher: String,
    pub year: String,
    pub doc_type: &'static str,
    pub office: String,
    pub visibility: Visibility,
    pub projects: Vec<LinkView>,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
    pub file_name: String,
    pub file_size: String,
    pub download_href: String,
    pub passage_count: String,
    pub created_at: String,
    pub passages: Vec<PassageView>,
    /// Set when the document has more passages than one page shows.
    pub window: Option<PassageWindow>,
    pub similar: Vec<SimilarView>,
    pub suggestions: Option<SuggestionsView>,
}

impl DocumentPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        d: &StoredDocument,
        passages: &[StoredPassage],
        tax: &Taxonomy,
        message: Option<String>,
        similar: Vec<SimilarView>,
        suggestions: Option<SuggestionsView>,
    ) -> DocumentPage {
        let m = &d.meta;
        let mut previous: Option<&str> = None;
        let passages = passages
            .iter()
            .map(|p| {
                let heading_is_new = p.heading.is_some() && p.heading.as_deref() != previous;
                previous = p.heading.as_deref();
                PassageView {
                    anchor: format!("avsnitt-{}", p.ordinal),
                    number: u64::from(p.ordinal) + 1,
                    heading: p.heading.clone(),
                    heading_is_new,
                    text: p.text.clone(),
                }
            })
            .collect();
        DocumentPage {
            layout,
            message,
            id: d.id,
            title: m.title.clone(),
            authors: m.authors.clone(),
            publisher: m.publisher.clone(),
            year: m.year.map(|y| y.to_string()).unwrap_or_default(),
            doc_type: m.doc_type.label(),
            office: m
                .region
                .as_deref()
                .map(|r| region_name(tax, r))
                .unwrap_or_default(),
            visibility: Visibility::new(m.public),
            projects: d
                .project_refs
                .iter()
                .map(|p| LinkView {
                    href: crate::portfolio::views::project_href(&p.id),
                    title: p.title.clone(),
                    note: format!("{}, {}", p.kind.label(), region_name(tax, &p.region)),
                })
                .collect(),
            themes: theme_names(tax, &m.themes),
            target_groups: target_group_names(tax, &m.target_groups),
            file_name: d.file_name.clone(),
            file_size: format::bytes(d.file_size),
            download_href: format!("/dokumenter/{}/fil", d.id),
            passage_count: format::int(d.passages),
            window: None,
            created_at: format::timestamp(&d.created_at),
            passages,
            similar,
            suggestions,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Upload form
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "knowledge/document_form.html")]
pub struct DocumentFormPage {
    pub layout: Layout,
    pub v: DocumentForm,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
    /// Whether the form comes back after a failed upload (the file must be chosen again).
    pub resubmit: bool,
    pub doc_types: Vec<Opt>,
    pub regions: Vec<Opt>,
    pub public: bool,
    pub theme_groups: Vec<CheckGroup>,
    pub target_groups: Vec<Check>,
    pub max_size: String,
}

impl DocumentFormPage {
    pub fn new(
        layout: Layout,
        v: DocumentForm,
        errors: FieldErrors,
        tax: &Taxonomy,
        max_bytes: usize,
    ) -> DocumentFormPage {
        DocumentFormPage {
            layout,
            summary: summary(&errors, "doc-", forms::document_label),
            resubmit: !errors.is_empty(),
            // No type is chosen for the user: it must be a choice.
            doc_types: options(
                Some("Velg dokumenttype"),
                DocumentType::ALL.iter().map(|t| (t.code(), t.label())),
                v.doc_type.trim(),
            ),
            regions: options(
                Some("Ingen bestemt kontor"),
                tax.regions
                    .iter()
                    .map(|r| (r.code.as_str(), r.name_nb.as_str())),
                &v.region,
            ),
            public: v.is_public(),
            theme_groups: theme_check_groups(tax, "doc-themes-", &v.themes),
            target_groups: checks(
                "doc-target_groups-",
                tax.target_groups
                    .iter()
                    .map(|t| (t.code.as_str(), t.name_nb.as_str())),
                &v.target_groups,
            ),
            max_size: format!("{} MB", max_bytes / (1024 * 1024)),
            v,
            errors,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

// ---------------------------------------------------------------------------------------------
// Search page
// ---------------------------------------------------------------------------------------------

/// One checkbox of a facet.
#[derive(Debug, Clone)]
pub struct FacetItem {
    pub id: String,
    pub value: String,
    pub label: String,
    pub count: String,
    pub checked: bool,
}

/// A facet: a group of checkboxes with counts.
#[derive(Debug, Clone)]
pub struct FacetGroup {
    /// The fieldset's id (the error summary links to it).
    pub id: String,
    pub legend: &'static str,
    /// The query parameter.
    pub name: &'static str,
    pub items: Vec<FacetItem>,
    pub error: Option<String>,
}

/// One passage in the results.
#[derive(Debug, Clone)]
pub struct ResultHit {
    pub href: String,
    /// "Avsnitt N" and the heading path, if any.
    pub label: String,
    /// Escaped here ([`format::marked_html`]), with the matched words in `<mark>`.
    pub snippet_html: String,
}

/// One document in the results, with its best passages.
#[derive(Debug, Clone)]
pub struct ResultDoc {
    pub id: u64,
    pub href: String,
    pub title: String,
    pub doc_type: String,
    pub year: String,
    pub visibility: Visibility,
    pub matching: String,
    pub matching_is_one: bool,
    pub hits: Vec<ResultHit>,
}

/// What the search did to the words typed: searched a correction instead, or as well.
#[derive(Debug, Clone)]
pub struct CorrectionNotice {
    /// «Viser treff for» or «Viser også treff for».
    pub lead: &'static str,
    /// The corrected words.
    pub searched: String,
    /// The words as typed, and the same search without typo tolerance.
    pub typed: String,
    pub exact_href: String,
}

/// An example search on the help text.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: &'static str,
    pub href: String,
}

#[derive(Template)]
#[template(path = "knowledge/search.html")]
pub struct SearchPage {
    pub layout: Layout,
    /// For staff, while the search index is catching up with the database: what is not
    /// searchable yet.
    pub index_notice: Option<String>,
    pub q: String,
    /// Why the words were not searched (too long, too many words), shown at the field.
    pub q_error: Option<String>,
    /// Whether words were given (otherwise the help text and the document list are shown).
    pub has_query: bool,
    pub summary: Vec<SummaryItem>,
    pub summary_heading: &'static str,
    /// Some filter was bad (the filter panel opens to show it).
    pub filter_errors: bool,
    /// `exact=1`, kept in the form so that the filters keep it.
    pub exact: bool,
    /// On an exact search: the same search with typo tolerance.
    pub tolerant_href: Option<String>,
    pub correction: Option<CorrectionNotice>,
    /// The search ran out of work and stopped early.
    pub incomplete: bool,
    pub facets: Vec<FacetGroup>,
    pub year_from: Vec<Opt>,
    pub year_to: Vec<Opt>,
    pub year_from_err: Option<String>,
    pub year_to_err: Option<String>,
    pub total_passages: String,
    pub total_documents: String,
    /// «168 avsnitt i 5 dokumenter med alle søkeordene», as the command line says it too.
    pub totals: String,
    pub shown_documents: usize,
    pub total_documents_count: usize,
    pub documents: Vec<ResultDoc>,
    pub more_href: Option<String>,
    pub examples: Vec<Example>,
    pub filtered: bool,
    /// The same words without any filter.
    pub clear_href: String,
}

fn facet_group(
    id: &str,
    legend: &'static str,
    name: &'static str,
    counts: &[FacetCount],
    label: impl Fn(&str) -> String,
    f: &SearchFilters,
) -> FacetGroup {
    FacetGroup {
        id: format!("sok-{name}"),
        legend,
        name,
        items: counts
            .iter()
            .map(|c| FacetItem {
                id: format!("sok-{id}-{}", c.value),
                value: c.value.clone(),
                label: label(&c.value),
                count: format::int(c.count as i64),
                checked: c.selected,
            })
            .collect(),
        error: f.error(name).map(str::to_string),
    }
}

/// The options of a year select: the years found (with counts, oldest first), the chosen year
/// even if nothing matches it, and a bad value as typed.
fn year_options(years: &[FacetCount], chosen: Option<i32>, raw: &str) -> Vec<Opt> {
    let mut list: Vec<(String, String)> = years
        .iter()
        .map(|y| {
            (
                y.value.clone(),
                format!("{} ({})", y.value, format::int(y.count as i64)),
            )
        })
        .collect();
    if let Some(c) = chosen {
        let c = c.to_string();
        if !list.iter().any(|(v, _)| *v == c) {
            list.push((c.clone(), format!("{c} (0)")));
        }
    }
    list.sort();
    options(
        Some("Alle år"),
        list.iter().map(|(v, l)| (v.as_str(), l.as_str())),
        raw,
    )
}

/// The notice staff see on the search page while the index catches up.
pub fn index_notice(status: &husk_store::IndexStatus) -> Option<String> {
    if !status.catching_up {
        return None;
    }
    Some(match status.pending_documents {
        0 => "Søkeindeksen oppdateres nå. Treffene kan mangle de nyeste endringene; last siden \
              på nytt om litt."
            .to_string(),
        1 => "Søkeindeksen oppdateres nå: 1 dokument er ikke søkbart ennå. Treffene kan derfor \
              mangle noe; last siden på nytt om litt."
            .to_string(),
        n => format!(
            "Søkeindeksen oppdateres nå: {n} dokumenter er ikke søkbare ennå. Treffene kan \
             derfor mangle noe; last siden på nytt om litt."
        ),
    })
}

impl SearchPage {
    pub fn new(
        layout: Layout,
        f: &SearchFilters,
        results: &SearchResults,
        tax: &Taxonomy,
        page_step: usize,
    ) -> SearchPage {
        let has_query = !f.query.text.trim().is_empty();
        let facets = &results.facets;
        let region_label = |c: &str| region_name(tax, c);
        let theme_label = |c: &str| {
            tax.theme(c)
                .map(|t| t.name_nb.clone())
                .unwrap_or_else(|| c.to_string())
        };
        let group_label = |c: &str| {
            tax.target_group(c)
                .map(|t| t.name_nb.clone())
                .unwrap_or_else(|| c.to_string())
        };
        let documents: Vec<ResultDoc> = results
            .documents
            .iter()
            .map(|d| {
                let id = d.doc_id as i64;
                ResultDoc {
                    id: d.doc_id,
                    href: document_href(id),
                    title: d.title.clone(),
                    doc_type: doc_type_label(&d.doc_type),
                    year: d.year.map(|y| y.to_string()).unwrap_or_default(),
                    visibility: Visibility::new(d.public),
                    matching: format::int(d.matching_passages as i64),
                    matching_is_one: d.matching_passages == 1,
                    hits: d
                        .hits
                        .iter()
                        .map(|h| ResultHit {
                            href: passage_href(id, h.passage_id),
                            label: passage_label(h.passage_id, h.heading.as_deref()),
                            snippet_html: format::marked_html(&h.snippet),
                        })
                        .collect(),
                }
            })
            .collect();
        let more_href = (results.total_documents > documents.len()
            && f.query.limit < search_filters::MAX_LIMIT)
            .then(|| {
                let next = (f.query.limit + page_step).min(search_filters::MAX_LIMIT);
                format!("/sok?{}#resultater", f.raw.query_string(Some(next)))
            });
        let examples = ["housing first oppfølging rus", "leie til eie startlån"]
            .into_iter()
            .map(|text| Example {
                text,
                href: format!(
                    "/sok?{}",
                    serde_urlencoded::to_string([("q", text)]).unwrap_or_default()
                ),
            })
            .collect();
        let q_error = f.error("q").map(str::to_string);
        let search_href = |raw: RawSearch| format!("/sok?{}#resultater", raw.query_string(None));
        let correction = if f.raw.exact {
            None
        } else if let Some(searched) = &results.corrected_text {
            Some(CorrectionNotice {
                lead: "Viser treff for",
                searched: searched.clone(),
                typed: f.raw.q.clone(),
                exact_href: search_href(f.raw.with_text(&f.raw.q, true)),
            })
        } else if !results.corrections.is_empty() {
            Some(CorrectionNotice {
                lead: "Viser også treff for",
                searched: results
                    .corrections
                    .iter()
                    .map(|c| c.matched.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                typed: f.raw.q.clone(),
                exact_href: search_href(f.raw.with_text(&f.raw.q, true)),
            })
        } else {
            None
        };
        SearchPage {
            layout,
            index_notice: None,
            q: f.raw.q.clone(),
            summary_heading: if q_error.is_some() {
                "Søket kunne ikke gjøres."
            } else {
                "Noen filtre kunne ikke brukes. Resultatene vises uten dem."
            },
            filter_errors: f.errors.iter().any(|e| e.field != "q"),
            q_error,
            has_query,
            exact: f.raw.exact,
            tolerant_href: f
                .raw
                .exact
                .then(|| search_href(f.raw.with_text(&f.raw.q, false))),
            correction,
            incomplete: !results.complete,
            summary: summary(&f.errors, "sok-", forms::search_label),
            facets: vec![
                facet_group(
                    "type",
                    "Dokumenttype",
                    "type",
                    &facets.doc_types,
                    doc_type_label,
                    f,
                ),
                facet_group(
                    "region",
                    "Kontor",
                    "region",
                    &facets.regions,
                    region_label,
                    f,
                ),
                facet_group("theme", "Tema", "theme", &facets.themes, theme_label, f),
                facet_group(
                    "target_group",
                    "Målgruppe",
                    "target_group",
                    &facets.target_groups,
                    group_label,
                    f,
                ),
            ],
            year_from: year_options(&facets.years, f.query.year_from, &f.raw.year_from),
            year_to: year_options(&facets.years, f.query.year_to, &f.raw.year_to),
            year_from_err: f.error("year_from").map(str::to_string),
            year_to_err: f.error("year_to").map(str::to_string),
            total_passages: format::int(results.total_passages as i64),
            total_documents: format::int(results.total_documents as i64),
            totals: search_totals(
                results.total_passages,
                results.total_documents,
                results.query_terms,
                results.min_matched_terms,
            ),
            shown_documents: documents.len(),
            total_documents_count: results.total_documents,
            documents,
            more_href,
            examples,
            filtered: f.is_filtered(),
            clear_href: if f.raw.q.is_empty() {
                "/sok".to_string()
            } else {
                format!(
                    "/sok?{}",
                    RawSearch::default()
                        .with_text(&f.raw.q, f.raw.exact)
                        .query_string(None)
                )
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::layout::Nav;

    /// A search that ran out of work says so above its results (the search crate's own tests
    /// make one run out; the web app's budget is too large to reach with the demo data).
    #[test]
    fn an_incomplete_search_says_the_list_may_be_incomplete() {
        let tax = Taxonomy::builtin();
        let f = SearchFilters::parse(Some("q=bolig+kommune"), &tax, 20);
        let mut results = SearchResults::nothing();
        let page = |results: &SearchResults| {
            SearchPage::new(Layout::plain("Søk", Nav::Search), &f, results, &tax, 20)
                .render()
                .unwrap()
        };
        assert!(!page(&results).contains("id=\"ufullstendig\""));
        results.complete = false;
        let html = page(&results);
        let at = html.find("id=\"ufullstendig\"").expect("the notice");
        assert!(html[at..].contains("listen kan være ufullstendig og tallene for lave"));
    }
}
