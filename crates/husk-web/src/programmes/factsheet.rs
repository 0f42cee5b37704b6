//! A participant's fact sheet: the page (`/programmer/{id}/deltakere/{participant}/faktaark`,
//! which prints on A4) and the same sheet as a PDF made in-process (`…/faktaark.pdf`). Both
//! show `FactSheet::blocks`, so they say the same; the store decides what the viewer reads.

use crate::auth::Auth;
use crate::error::PageError;
use crate::format;
use crate::shared::layout::{Layout, Nav};
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use askama::Template;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use husk_domain::programmes::factsheet::{Block, Cell, FactSheet};
use husk_store::Store;

/// One cell as the page shows it.
pub struct CellView {
    pub text: String,
    pub href: Option<String>,
    pub numeric: bool,
}

/// A table of the sheet.
pub struct TableView {
    pub id: String,
    pub caption: String,
    /// (heading, numeric).
    pub headers: Vec<(String, bool)>,
    pub rows: Vec<Vec<CellView>>,
    pub footer: Option<Vec<CellView>>,
}

/// A section of the sheet: its heading and what is under it.
pub struct SectionView {
    pub id: String,
    pub heading: String,
    pub facts: Vec<(String, String)>,
    pub paragraphs: Vec<String>,
    pub tables: Vec<TableView>,
    pub notes: Vec<String>,
}

#[derive(Template)]
#[template(path = "programmes/factsheet.html")]
pub struct FactSheetPage {
    pub layout: Layout,
    pub title: String,
    pub programme_id: String,
    pub programme_title: String,
    pub participant: String,
    pub href: String,
    pub pdf_href: String,
    pub municipality_href: Option<String>,
    pub made: String,
    pub sections: Vec<SectionView>,
}

fn cells(row: &[Cell], numeric: &[bool]) -> Vec<CellView> {
    row.iter()
        .enumerate()
        .map(|(i, c)| CellView {
            text: c.text.clone(),
            href: c.href.clone(),
            numeric: numeric.get(i).copied().unwrap_or(false),
        })
        .collect()
}

impl FactSheetPage {
    pub fn new(layout: Layout, s: &FactSheet) -> FactSheetPage {
        let mut sections: Vec<SectionView> = Vec::new();
        for block in s.blocks() {
            if let Block::Heading { id, text } = &block {
                sections.push(SectionView {
                    id: id.clone(),
                    heading: text.clone(),
                    facts: Vec::new(),
                    paragraphs: Vec::new(),
                    tables: Vec::new(),
                    notes: Vec::new(),
                });
                continue;
            }
            let Some(section) = sections.last_mut() else {
                continue;
            };
            match block {
                Block::Heading { .. } => {}
                Block::Paragraph(p) => section.paragraphs.push(p),
                Block::Note(n) => section.notes.push(n),
                Block::Facts(f) => section.facts.extend(f),
                Block::Table(t) => {
                    let id = format!("{}-tabell-{}", section.id, section.tables.len() + 1);
                    section.tables.push(TableView {
                        id,
                        caption: t.caption.clone(),
                        headers: t
                            .headers
                            .iter()
                            .enumerate()
                            .map(|(i, h)| (h.clone(), t.numeric.get(i).copied().unwrap_or(false)))
                            .collect(),
                        rows: t.rows.iter().map(|r| cells(r, &t.numeric)).collect(),
                        footer: t.footer.as_ref().map(|r| cells(r, &t.numeric)),
                    });
                }
            }
        }
        FactSheetPage {
            layout,
            title: s.title(),
            programme_id: s.programme_id.clone(),
            programme_title: s.programme_title.clone(),
            participant: s.participant.clone(),
            href: format!(
                "/programmer/{}/deltakere/{}/faktaark",
                s.programme_id, s.participant_id
            ),
            pdf_href: format!(
                "/programmer/{}/deltakere/{}/faktaark.pdf",
                s.programme_id, s.participant_id
            ),
            municipality_href: s.kommunenummer.as_ref().map(|k| format!("/kommuner/{k}")),
            made: format::date(s.made),
            sections,
        }
    }
}

async fn sheet(
    store: &Store,
    auth: &Auth,
    id: &str,
    participant: &str,
) -> Result<FactSheet, PageError> {
    let pid: i64 = participant.parse().map_err(|_| PageError::NotFound)?;
    found(auth, store.read_as(&auth.viewer).fact_sheet(id, pid).await)
}

/// `GET /programmer/{id}/deltakere/{participant}/faktaark`.
pub async fn page(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = sheet(&store, &auth, &id, &participant).await?;
    let layout = layout(&store, &auth, s.title(), Nav::Programmes).await?;
    render(StatusCode::OK, &FactSheetPage::new(layout, &s))
}

/// `GET /programmer/{id}/deltakere/{participant}/faktaark.pdf`: the same sheet as a PDF,
/// downloaded as «faktaark-<participant>.pdf».
pub async fn pdf(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = sheet(&store, &auth, &id, &participant).await?;
    let bytes = husk_files::factsheet_pdf(&s)
        .map_err(|e| PageError::Internal(format!("faktaark som PDF: {e}")))?;
    let name = file_name(&s.participant);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"faktaark-{name}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A participant's name as a file name: ASCII letters, digits and hyphens («oslo-bydel-alna»,
/// «baerum»).
pub fn file_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push('o'),
            'å' => out.push_str("aa"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    out.trim_matches('-').to_string()
}
