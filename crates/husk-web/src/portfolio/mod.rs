//! The portfolio: the register of entries (list, page, form, classification), grants, the
//! knowledge matrix, import of register files (with the code lists and templates), data
//! quality, and the register's part of the JSON API (entries, matrix, taxonomy, exports).
//! Templates in `templates/portfolio/`.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod grants;
pub(crate) mod import;
pub(crate) mod matrix;
pub(crate) mod projects;
pub(crate) mod quality;
pub(crate) mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// A register entry in a list.
const PROJECT_ITEM: &str = "{id:string, kind:string, title:string, description:string, region:string, recipient:string?, recipient_type:string?, start_year:integer, end_year:integer?, status:string, themes:[string], target_groups:[string], granted_nok:integer}";
/// The downloads' formats.
const TABLE_FILES: &[&str] = &[
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/json",
];
/// The register's filter.
const SELECTION: &[(&str, &str)] = &[
    ("q", "Ord i tittel eller beskrivelse."),
    ("region", "Kontorets kode."),
    ("from", "Fra år."),
    ("to", "Til år."),
    ("kind", "program, prosjekt eller tiltak."),
    ("theme", "Kunnskapstemaets kode."),
    ("target_group", "Målgruppens kode."),
    ("recipient_type", "Mottakertypens kode."),
    ("status", "planlagt, aktiv, avsluttet eller avbrutt."),
    ("programme_only", "Bare programkommuner (1)."),
];
use crate::MAX_UPLOAD_BYTES;

/// The portfolio's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/prosjekter", projects::list),
            Route::get("/prosjekter/ny", projects::new_form),
            Route::post("/prosjekter/ny", projects::create),
            Route::get("/prosjekter/{id}", projects::show),
            Route::get("/prosjekter/{id}/rediger", projects::edit_form),
            Route::post("/prosjekter/{id}/rediger", projects::update),
            Route::post("/prosjekter/{id}/klassifisering", projects::classify),
            Route::post("/prosjekter/{id}/tilskudd", grants::add),
            Route::get(
                "/prosjekter/{id}/tilskudd/{grant_id}/rediger",
                grants::edit_form,
            ),
            Route::post(
                "/prosjekter/{id}/tilskudd/{grant_id}/rediger",
                grants::update,
            ),
            Route::get(
                "/prosjekter/{id}/tilskudd/{grant_id}/slett",
                grants::confirm_delete,
            ),
            Route::post("/prosjekter/{id}/tilskudd/{grant_id}/slett", grants::delete),
            Route::get("/kunnskapsmatrise", matrix::show),
            Route::get("/datakvalitet", quality::show),
            Route::get("/import", import::form),
            Route::post("/import", import::upload).body_limit(MAX_UPLOAD_BYTES),
            Route::get("/import/koder", import::codes),
            Route::get("/import/mal/prosjekter.xlsx", import::project_template),
            Route::get("/import/mal/tilskudd.xlsx", import::grant_template),
        ],
        api: vec![
            Route::get("/projects", api::projects).doc(Doc::paged("Oppføringene i registeret som passer filteret.", "projects", PROJECT_ITEM).query(&[("q", "Ord i tittel eller beskrivelse."), ("region", "Kontorets kode."), ("from", "Fra år."), ("to", "Til år."), ("kind", "program, prosjekt eller tiltak."), ("theme", "Kunnskapstemaets kode."), ("target_group", "Målgruppens kode."), ("recipient_type", "Mottakertypens kode."), ("status", "planlagt, aktiv, avsluttet eller avbrutt."), ("page", "Siden (fra 1)."), ("per_page", "Hvor mange per side (standard 100, høyst 500).")])),
            Route::get("/projects/{id}", api::project).doc(Doc::json("Én oppføring med tilskudd, overordnet program, underliggende og relaterte oppføringer.", "{project:{id:string, kind:string, title:string, description:string, region:string, recipient:{name:string, recipient_type:string?, orgnr:string?, kommunenummer:string?}?, years:{start:integer, end:integer?}, status:string, themes:[string], target_groups:[string], learning_tools:[string], parent:string?, related:[string]}, grants:[{id:integer, project:string, year:integer, amount_nok:integer, budget_item:string, status:string, note:string}], parent:object?, children:[object], children_total:integer, related:[object], created_at:string, updated_at:string}")),
            Route::get("/matrix", api::matrix).doc(Doc::json("Kunnskapsmatrisen (tema × mottakertype) over oppføringene som passer filteret, som antall eller kroner.", "{measure:string, themes:[string], recipient_types:[string], cells:[[integer]], unknown_recipient:[integer], row_totals:[integer], column_totals:[integer], unknown_recipient_total:integer, total:integer, without_theme:integer, shares:[number], gap_threshold:number, gaps:[string], filters:object}").query(SELECTION)),
            Route::get("/taxonomy", api::taxonomy).doc(Doc::json("Kodelistene: kontorer, mottakertyper, kunnskapstema, målgrupper og læringsverktøy.", "{regions:[{code:string, name_nb:string, office:string}], recipient_types:[{code:string, name_nb:string, name_en:string, summary_nb:string}], themes:[{code:string, kind:string, group_code:string, group_nb:string, name_nb:string, name_en:string, summary_nb:string}], target_groups:[{code:string, name_nb:string, name_en:string}], learning_tools:[{code:string, name_nb:string, name_en:string, summary_nb:string}]}").public()),
            Route::get("/export/projects", api::export_projects).doc(Doc::file("Registeret som CSV, XLSX eller JSON, slik importen leser det igjen.", TABLE_FILES).query(&[("format", "csv (standard), xlsx eller json."), ("labels", "1 gir norske kolonnenavn og etiketter.")])),
            Route::get("/export/grants", api::export_grants).doc(Doc::file("Tilskuddene som CSV, XLSX eller JSON, slik importen leser dem igjen.", TABLE_FILES).query(&[("format", "csv (standard), xlsx eller json."), ("labels", "1 gir norske kolonnenavn og etiketter.")])),
        ],
    }
}
