//! The knowledge base: search (with type-ahead), the documents (list, upload, page with its
//! passages, the kept file, classification), similar work and classification suggestions on
//! document and project pages, and the knowledge base's part of the JSON API. Templates in
//! `templates/knowledge/`.

pub(crate) mod api;
pub(crate) mod documents;
pub(crate) mod forms;
pub(crate) mod search;
pub mod search_filters;
pub(crate) mod similar;
pub(crate) mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

use crate::MAX_DOCUMENT_UPLOAD_BYTES;

/// The knowledge base's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/sok", search::show),
            Route::get("/dokumenter", documents::list),
            Route::get("/dokumenter/ny", documents::new_form),
            Route::post("/dokumenter/ny", documents::upload).body_limit(MAX_DOCUMENT_UPLOAD_BYTES),
            Route::get("/dokumenter/{id}", documents::show),
            Route::get("/dokumenter/{id}/fil", documents::download),
            Route::post("/dokumenter/{id}/klassifisering", documents::classify),
        ],
        api: vec![
            Route::get("/search", api::search).doc(Doc::json("Søk i kunnskapsbasen med norsk språkanalyse: treff i avsnitt, dokumenter og fasetter.", "{query:string, total_passages:integer, total_documents:integer, query_terms:integer, min_matched_terms:integer, complete:boolean, corrected_query:string?, corrections:[object], hits:[{document_id:integer, title:string, passage_id:integer, heading:string?, snippet:string, snippet_text:string, highlights:array, score:number, public:boolean, href:string}], documents:[{doc_id:integer, title:string, doc_type:string, year:integer?, public:boolean, score:number, matching_passages:integer, hits:array}], facets:{doc_types:[object], years:[object], regions:[object], themes:[object], target_groups:[object]}}").query(&[("q", "Det du søker etter."), ("type", "Dokumenttype."), ("region", "Kontor."), ("theme", "Kunnskapstema."), ("target_group", "Målgruppe."), ("year_from", "Fra år."), ("year_to", "Til år."), ("limit", "Høyst så mange treff.")]).public()),
            Route::get("/search/suggest", api::suggest).doc(Doc::json("Forslag til søkeord mens du skriver.", "{query:string, suggestions:[string]}").query(&[("q", "Det som er skrevet så langt.")]).public()),
            Route::get("/documents", api::documents).doc(Doc::paged("Dokumentene i kunnskapsbasen du kan lese.", "documents", "{id:integer, meta:object, file_name:string, file_size:integer, content_type:string, passages:integer, project_refs:array, created_at:string, href:string, download:string}").public()),
            Route::get("/documents/{id}", api::document).doc(Doc::json("Ett dokument med metadata og avsnitt.", "{id:integer, meta:{title:string, authors:string, publisher:string, year:integer?, doc_type:string, region:string?, public:boolean, projects:[string], organisations:[string], themes:[string], target_groups:[string]}, file_name:string, file_size:integer, content_type:string, passages:[{ordinal:integer, heading:string?, text:string, char_start:integer}], project_refs:[{id:string, title:string, kind:string, region:string}], created_at:string, href:string, download:string, passages_total:integer, passages_offset:integer, passages_limit:integer, passages_next:string?}").query(&[("offset", "Første avsnitt."), ("limit", "Høyst så mange avsnitt.")]).public()),
            Route::get("/documents/{id}/similar", api::document_similar).doc(Doc::json("Lignende arbeid andre steder, for et dokument.", "{document:integer, similar:[{kind:string, id:any, title:string, region:string?, region_name:string?, score:number, text_score:number, theme_score:number, shared_themes:array, other_office:boolean, href:string}]}").public()),
            Route::get("/projects/{id}/similar", api::project_similar).doc(Doc::json("Lignende arbeid andre steder, for en oppføring.", "{project:string, similar:[{kind:string, id:any, title:string, region:string?, region_name:string?, score:number, text_score:number, theme_score:number, shared_themes:array, other_office:boolean, href:string}]}")),
        ],
    }
}
