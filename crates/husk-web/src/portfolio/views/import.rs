//! The code page of the import (`/import/koder`): every column and every code list.

use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::codes::{CodeList, Coded};
use husk_domain::Taxonomy;
use husk_files::columns::{self, Column};

/// A code list's heading and anchor.
pub struct CodeListRef {
    pub id: &'static str,
    pub title: &'static str,
}

pub struct ColumnView {
    pub label: &'static str,
    pub field: &'static str,
    pub required: bool,
    pub takes: String,
    pub list: Option<CodeListRef>,
}

pub struct ColumnTable {
    pub id: &'static str,
    pub title: &'static str,
    /// «prosjekter» in «Kolonnene i en fil med prosjekter».
    pub what: &'static str,
    pub columns: Vec<ColumnView>,
}

pub struct CodeListView {
    pub id: &'static str,
    pub title: &'static str,
    /// (label, code)
    pub codes: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "portfolio/import_codes.html")]
pub struct ImportCodesPage {
    pub layout: Layout,
    pub tables: Vec<ColumnTable>,
    pub lists: Vec<CodeListView>,
}

fn column_views(columns: &[Column]) -> Vec<ColumnView> {
    columns
        .iter()
        .map(|c| {
            let mut takes = c.takes.to_string();
            if c.list && c.codes.is_some() {
                takes.push_str(" Flere verdier skilles med semikolon.");
            }
            if let Some(max) = c.max_chars {
                takes.push_str(&format!(" Høyst {} tegn.", crate::format::int(max as i64)));
            }
            ColumnView {
                label: c.label,
                field: c.field,
                required: c.required,
                takes,
                list: c.codes.map(|coded| CodeListRef {
                    id: coded.slug(),
                    title: coded.title(),
                }),
            }
        })
        .collect()
}

impl ImportCodesPage {
    pub fn new(layout: Layout, tax: &Taxonomy) -> ImportCodesPage {
        ImportCodesPage {
            layout,
            tables: vec![
                ColumnTable {
                    id: "prosjekter",
                    title: "Prosjekter, programmer og tiltak",
                    what: "prosjekter",
                    columns: column_views(columns::PROJECTS),
                },
                ColumnTable {
                    id: "tilskudd",
                    title: "Tilskudd",
                    what: "tilskudd",
                    columns: column_views(columns::GRANTS),
                },
            ],
            lists: Coded::ALL
                .iter()
                .map(|coded| CodeListView {
                    id: coded.slug(),
                    title: coded.title(),
                    codes: CodeList::of(*coded, tax)
                        .codes
                        .iter()
                        .map(|c| (c.label.to_string(), c.code.to_string()))
                        .collect(),
                })
                .collect(),
        }
    }
}
