//! Data quality: the notes on an entry's page, and the page listing every finding and every
//! disagreement between sources (staff).

use crate::paging::{PageNav, Paging};
use crate::shared::layout::{Layout, Nav};
use askama::Template;
use husk_domain::quality::{Check, DataQuality, Finding, NoteKind, SourceNote};
use std::collections::HashMap;

/// A source note as shown: its field, what Husk did, and each value with its source.
#[derive(Debug, Clone)]
pub struct NoteView {
    pub project_id: String,
    pub project_title: String,
    pub project_href: String,
    pub field: String,
    pub note: String,
    /// (value, source): the first is the value Husk holds (or infers from).
    pub rows: Vec<(String, String)>,
    /// For the table's caption: «Periode: verdiene i kildene».
    pub caption: String,
}

impl NoteView {
    fn new(n: &SourceNote, title: &str) -> NoteView {
        let mut rows = vec![(n.value.value.clone(), n.value.source.clone())];
        if let Some(o) = &n.other {
            rows.push((o.value.clone(), o.source.clone()));
        }
        NoteView {
            project_id: n.project.clone(),
            project_title: title.to_string(),
            project_href: format!("/prosjekter/{}", n.project),
            field: n.field.clone(),
            note: n.note.clone(),
            caption: match n.kind {
                NoteKind::Konflikt => format!("{}: verdiene i kildene", n.field),
                NoteKind::Utledet => format!("{}: hva verdien bygger på", n.field),
            },
            rows,
        }
    }
}

/// What the entry's page says about its sources and its data.
#[derive(Debug, Clone, Default)]
pub struct EntryQuality {
    pub conflicts: Vec<NoteView>,
    pub inferred: Vec<NoteView>,
    /// What the checks found, as sentences.
    pub findings: Vec<String>,
    /// The overview of the whole register, for staff.
    pub overview_href: Option<String>,
}

impl EntryQuality {
    pub fn new(notes: &[SourceNote], findings: &[Finding], staff: bool) -> EntryQuality {
        let view = |kind| {
            notes
                .iter()
                .filter(|n| n.kind == kind)
                .map(|n| NoteView::new(n, ""))
                .collect()
        };
        EntryQuality {
            conflicts: view(NoteKind::Konflikt),
            inferred: view(NoteKind::Utledet),
            findings: findings.iter().map(|f| f.message.clone()).collect(),
            overview_href: staff.then(|| "/datakvalitet".to_string()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.conflicts.is_empty() && self.inferred.is_empty() && self.findings.is_empty()
    }

    /// Whether the value of a field in «Opplysninger» is inferred rather than stated.
    pub fn inferred_field(&self, field: &str) -> bool {
        self.inferred.iter().any(|n| n.field == field)
    }

    /// Whether the sources disagree about a field in «Opplysninger».
    pub fn conflicted_field(&self, field: &str) -> bool {
        self.conflicts.iter().any(|n| n.field == field)
    }
}

/// One entry a check found something on.
#[derive(Debug, Clone)]
pub struct FindingView {
    pub project_id: String,
    pub title: String,
    pub href: String,
    pub message: String,
}

/// One check and what it found.
#[derive(Debug, Clone)]
pub struct CheckGroup {
    pub anchor: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
    /// «2 funn», «Ingen funn».
    pub count: String,
    /// What the check found in all.
    pub total: usize,
    /// What it found on this page of the lists.
    pub findings: Vec<FindingView>,
}

#[derive(Template)]
#[template(path = "portfolio/data_quality.html")]
pub struct DataQualityPage {
    pub layout: Layout,
    /// «9 funn og 9 konflikter mellom kildene».
    pub summary: String,
    pub checks: Vec<CheckGroup>,
    /// The disagreements and inferred values on this page of the lists, and how many in all.
    pub conflicts: Vec<NoteView>,
    pub conflicts_total: usize,
    pub inferred: Vec<NoteView>,
    pub inferred_total: usize,
    /// The lists are paged together (`?side=N`): page N shows each list's Nth 50.
    pub nav: Option<crate::paging::PageNav>,
}

impl DataQualityPage {
    pub fn new(
        mut layout: Layout,
        q: &DataQuality,
        titles: &HashMap<String, String>,
        query: Option<&str>,
    ) -> Self {
        layout.nav = Nav::Projects;
        let longest = Check::ALL
            .iter()
            .map(|&c| q.of(c).count())
            .chain([q.conflicts.len(), q.inferred.len()])
            .max()
            .unwrap_or(0);
        let paging = Paging::for_list(query, longest);
        let title = |id: &str| titles.get(id).cloned().unwrap_or_else(|| id.to_string());
        let checks = Check::ALL
            .iter()
            .map(|&c| {
                let total = q.of(c).count();
                let range = paging.range(total);
                let findings: Vec<FindingView> = q
                    .of(c)
                    .skip(range.start)
                    .take(range.len())
                    .map(|f| FindingView {
                        project_id: f.project.clone(),
                        title: f.title.clone(),
                        href: format!("/prosjekter/{}", f.project),
                        message: f.message.clone(),
                    })
                    .collect();
                CheckGroup {
                    anchor: c.code(),
                    title: c.title(),
                    explanation: c.explanation(),
                    count: if total == 0 {
                        "Ingen funn".into()
                    } else {
                        husk_domain::norwegian::count(total as i64, "funn", "funn")
                    },
                    total,
                    findings,
                }
            })
            .collect();
        let notes = |list: &[SourceNote]| -> Vec<NoteView> {
            list[paging.range(list.len())]
                .iter()
                .map(|n| NoteView::new(n, &title(&n.project)))
                .collect()
        };
        DataQualityPage {
            layout,
            summary: format!(
                "Kontrollene fant {} i registeret. Kildene er uenige på {}, og {} bygger på verdier som er utledet, ikke oppgitt i kilden.",
                husk_domain::norwegian::count(q.findings.len() as i64, "funn", "funn"),
                husk_domain::norwegian::count(q.conflicts.len() as i64, "punkt", "punkter"),
                husk_domain::norwegian::count(q.inferred.len() as i64, "opplysning", "opplysninger"),
            ),
            checks,
            conflicts: notes(&q.conflicts),
            conflicts_total: q.conflicts.len(),
            inferred: notes(&q.inferred),
            inferred_total: q.inferred.len(),
            nav: PageNav::new("/datakvalitet", query, paging, longest).map(|mut nav| {
                nav.showing = format!(
                    "Side {} av {}. Hver liste viser {} om gangen.",
                    paging.page,
                    paging.pages(longest),
                    paging.per_page
                );
                nav
            }),
        }
    }
}
