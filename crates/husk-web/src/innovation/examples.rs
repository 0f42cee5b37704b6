//! Good examples (*gode eksempler*): the public library (`/gode-eksempler`) with search and
//! filters by area, kind and target group, an example's public page, the form advisers
//! publish and change one with, withdrawing one, and the same in the JSON API
//! (`/api/v1/good-examples`). The public reads only what the example says; who may read the
//! innovation or entry behind it also gets a link there (decided in the store with
//! `husk_domain::access`).

use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::learning::json::{invalid, Fields};
use crate::learning::networks::views::FormView;
use crate::query::{field, param, param_or_empty};
use crate::shared::api::require;
use crate::shared::form::{checks, form_pairs, options, Check, Opt};
use crate::shared::layout::{Layout, Nav};
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use husk_domain::innovation::examples::{GoodExampleInput, LibraryFilter};
use husk_domain::innovation::{Area, InnovationKind};
use husk_domain::taxonomy::Taxonomy;
use husk_domain::FieldErrors;
use husk_store::innovation::StoredGoodExample;
use husk_store::{SaveError, Store, StoreError};
use serde::Serialize;

type Pairs = Vec<(String, String)>;

/// The Norwegian label of a form field, for the error summary.
fn field_label(field: &str) -> &'static str {
    match field {
        "gjelder" => "Gjelder",
        "tittel" => "Tittel",
        "sammendrag" => "Sammendrag",
        "kontakt" => "Kontaktpunkt",
        "dokumentasjon" => "Dokumentasjon",
        "sted" => "Sted",
        "omrade" => "Område",
        "type" => "Type",
        "malgrupper" => "Målgrupper",
        _ => "Feltet",
    }
}

fn target_group_label(tax: &Taxonomy, code: &str) -> String {
    tax.target_group(code)
        .map(|t| t.name_nb.clone())
        .unwrap_or_else(|| code.to_string())
}

/// An example as a card in the library and as its own page.
pub struct ExampleView {
    pub id: i64,
    pub href: String,
    pub title: String,
    pub summary: String,
    pub contact: String,
    pub evidence: String,
    pub place: String,
    pub area: String,
    pub kind: String,
    pub target_groups: Vec<String>,
    pub published: String,
    pub updated: String,
    pub withdrawn: bool,
    pub source: String,
    pub husk_note: String,
    /// (href, label) of the innovation or entry, for who may read it.
    pub subject: Option<(String, String)>,
}

fn norwegian_date(iso: &str) -> String {
    match husk_domain::norwegian::parse_date(iso).ok() {
        Some(d) => husk_domain::norwegian::format_date(d),
        None => iso.to_string(),
    }
}

impl ExampleView {
    fn new(e: &StoredGoodExample, tax: &Taxonomy) -> ExampleView {
        ExampleView {
            id: e.id,
            href: format!("/gode-eksempler/{}", e.id),
            title: e.title.clone(),
            summary: e.summary.clone(),
            contact: e.contact.clone(),
            evidence: e.evidence.clone(),
            place: e.place.clone(),
            area: e.area.label().into(),
            kind: e.kind.label().into(),
            target_groups: e
                .target_groups
                .iter()
                .map(|c| target_group_label(tax, c))
                .collect(),
            published: norwegian_date(&e.published),
            updated: norwegian_date(&e.updated),
            withdrawn: e.withdrawn,
            source: e.source.clone(),
            husk_note: e.husk_note.clone(),
            subject: e.subject.as_ref().map(|s| {
                if s.kind == "innovasjon" {
                    (
                        format!("/innovasjon/{}", s.id),
                        format!("Innovasjonen {}", s.name),
                    )
                } else {
                    (
                        format!("/prosjekter/{}", s.id),
                        format!("Prosjektet {} ({})", s.name, s.id),
                    )
                }
            }),
        }
    }
}

#[derive(Template)]
#[template(path = "innovation/examples.html")]
pub struct LibraryPage {
    pub layout: Layout,
    pub q: String,
    pub areas: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub target_groups: Vec<Opt>,
    pub filtered: bool,
    pub total: String,
    pub examples: Vec<ExampleView>,
    pub may_publish: bool,
    /// The pages of a long list (`?side=N`).
    pub nav: Option<crate::paging::PageNav>,
    /// The query string for the JSON version of this list.
    pub api_query: String,
}

#[derive(Template)]
#[template(path = "innovation/example.html")]
pub struct ExamplePage {
    pub layout: Layout,
    pub e: ExampleView,
    pub may_publish: bool,
    pub csrf: String,
    pub message: Option<String>,
}

#[derive(Template)]
#[template(path = "innovation/example_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub heading: String,
    pub f: FormView,
    /// (href, label) of what it is about, when fixed (changing an example).
    pub fixed_subject: Option<(String, String)>,
    pub innovations: Vec<Opt>,
    pub areas: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub target_groups: Vec<Check>,
    pub cancel: String,
    /// For the fields whose error is the fieldset's.
    pub no_error: Option<&'static str>,
}

/// The filters as the query string gives them; unknown codes are ignored.
fn filter_of(query: Option<&str>) -> (LibraryFilter, String, String, String) {
    let area = param_or_empty(query, "omrade");
    let kind = param_or_empty(query, "type");
    let group = param_or_empty(query, "malgruppe");
    let q: String = param_or_empty(query, "q")
        .chars()
        .take(husk_domain::limits::FILTER_TEXT)
        .collect();
    (
        LibraryFilter {
            query: q,
            area: Area::from_code(&area),
            kind: InnovationKind::from_code(&kind),
            target_group: Some(group.clone()).filter(|g| !g.is_empty()),
        },
        area,
        kind,
        group,
    )
}

/// Select options with how many examples each would give, the other filters kept.
fn counted<'a>(
    all: impl IntoIterator<Item = (&'a str, &'a str)>,
    current: &str,
    count: impl Fn(&str) -> usize,
    empty: &str,
) -> Vec<Opt> {
    let items: Vec<(String, String)> = all
        .into_iter()
        .map(|(code, label)| (code.to_string(), format!("{label} ({})", count(code))))
        .collect();
    options(
        Some(empty),
        items.iter().map(|(c, l)| (c.as_str(), l.as_str())),
        current,
    )
}

/// `GET /gode-eksempler`: the public library.
pub async fn library(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (filter, area, kind, group) = filter_of(query.as_deref());
    let reader = store.read_as(&auth.viewer);
    // The text query alone, so that each filter's counts keep the others.
    let matching = reader
        .good_examples(&LibraryFilter {
            query: filter.query.clone(),
            ..LibraryFilter::default()
        })
        .await?;
    let tax = store.taxonomy();
    let passes = |f: &LibraryFilter| {
        matching
            .iter()
            .filter(|e| f.admits(e.area, e.kind, &e.target_groups))
            .count()
    };
    let areas = counted(
        Area::ALL.iter().map(|a| (a.code(), a.label())),
        &area,
        |c| {
            passes(&LibraryFilter {
                area: Area::from_code(c),
                ..filter.clone()
            })
        },
        "Alle områder",
    );
    let kinds = counted(
        InnovationKind::ALL.iter().map(|k| (k.code(), k.label())),
        &kind,
        |c| {
            passes(&LibraryFilter {
                kind: InnovationKind::from_code(c),
                ..filter.clone()
            })
        },
        "Alle typer",
    );
    let target_groups = counted(
        tax.target_groups
            .iter()
            .map(|t| (t.code.as_str(), t.name_nb.as_str())),
        &group,
        |c| {
            passes(&LibraryFilter {
                target_group: Some(c.to_string()),
                ..filter.clone()
            })
        },
        "Alle målgrupper",
    );
    let passing: Vec<&StoredGoodExample> = matching
        .iter()
        .filter(|e| filter.admits(e.area, e.kind, &e.target_groups))
        .collect();
    let paging = crate::paging::Paging::for_list(query.as_deref(), passing.len());
    let nav =
        crate::paging::PageNav::new("/gode-eksempler", query.as_deref(), paging, passing.len());
    let shown: Vec<ExampleView> = passing[paging.range(passing.len())]
        .iter()
        .map(|e| ExampleView::new(e, tax))
        .collect();
    let filtered = filter != LibraryFilter::default();
    let page = LibraryPage {
        layout: layout(&store, &auth, "Gode eksempler", Nav::Innovation).await?,
        total: husk_domain::norwegian::count(
            passing.len() as i64,
            "godt eksempel",
            "gode eksempler",
        ),
        nav,
        q: filter.query.clone(),
        areas,
        kinds,
        target_groups,
        filtered,
        examples: shown,
        may_publish: auth.viewer.may_publish_good_example(),
        api_query: query.unwrap_or_default(),
    };
    render(StatusCode::OK, &page)
}

fn example_id(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

/// `GET /gode-eksempler/{id}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let e = found(
        &auth,
        store
            .read_as(&auth.viewer)
            .good_example(example_id(&id)?)
            .await,
    )?;
    let message = match param(query.as_deref(), "melding").as_deref() {
        Some("publisert") => Some("Det gode eksempelet er publisert.".to_string()),
        Some("lagret") => Some("Endringene er lagret og publisert.".to_string()),
        Some("trukket") => Some(
            "Eksempelet er trukket tilbake og vises ikke lenger for offentligheten. Lagre det på nytt for å publisere det igjen."
                .to_string(),
        ),
        _ => None,
    };
    let page = ExamplePage {
        layout: layout(&store, &auth, e.title.clone(), Nav::Innovation).await?,
        e: ExampleView::new(&e, store.taxonomy()),
        may_publish: auth.viewer.may_publish_good_example(),
        csrf: auth.csrf.clone(),
        message,
    };
    render(StatusCode::OK, &page)
}

fn input_of(pairs: &Pairs) -> GoodExampleInput {
    GoodExampleInput {
        innovation: field(pairs, "innovasjon").into(),
        entry: field(pairs, "prosjekt").into(),
        title: field(pairs, "tittel").into(),
        summary: field(pairs, "sammendrag").into(),
        contact: field(pairs, "kontakt").into(),
        evidence: field(pairs, "dokumentasjon").into(),
        place: field(pairs, "sted").into(),
        area: field(pairs, "omrade").into(),
        kind: field(pairs, "type").into(),
        target_groups: pairs
            .iter()
            .filter(|(k, _)| k == "malgrupper")
            .map(|(_, v)| v.clone())
            .collect(),
    }
}

fn pairs_of(input: &GoodExampleInput) -> Pairs {
    let mut out: Pairs = [
        ("innovasjon", &input.innovation),
        ("prosjekt", &input.entry),
        ("tittel", &input.title),
        ("sammendrag", &input.summary),
        ("kontakt", &input.contact),
        ("dokumentasjon", &input.evidence),
        ("sted", &input.place),
        ("omrade", &input.area),
        ("type", &input.kind),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    out.extend(
        input
            .target_groups
            .iter()
            .map(|g| ("malgrupper".to_string(), g.clone())),
    );
    out
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    heading: &str,
    action: String,
    pairs: Pairs,
    errors: FieldErrors,
    fixed_subject: Option<(String, String)>,
    cancel: String,
) -> Result<Response, PageError> {
    let f = FormView::new(action, "eksempel", pairs, errors, field_label);
    let all = store.read_as(&auth.viewer).innovations().await?;
    let tax = store.taxonomy();
    let page = FormPage {
        layout: layout(store, auth, heading, Nav::Innovation).await?,
        heading: heading.to_string(),
        innovations: options(
            Some("Ingen: eksempelet gjelder et prosjekt"),
            all.iter().map(|n| (n.code.as_str(), n.name.as_str())),
            f.v("innovasjon"),
        ),
        areas: options(
            Some("Velg område"),
            Area::ALL.iter().map(|a| (a.code(), a.label())),
            f.v("omrade"),
        ),
        kinds: options(
            Some("Velg type"),
            InnovationKind::ALL.iter().map(|k| (k.code(), k.label())),
            f.v("type"),
        ),
        target_groups: checks(
            "eksempel-malgruppe-",
            tax.target_groups
                .iter()
                .map(|t| (t.code.as_str(), t.name_nb.as_str())),
            &f.all("malgrupper"),
        ),
        fixed_subject,
        cancel,
        no_error: None,
        f,
    };
    render(status, &page)
}

/// `GET /gode-eksempler/ny?innovasjon=CODE` or `?prosjekt=ID`: the form, filled in from the
/// innovation where one is given (its kind, area and origin).
pub async fn new_form(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_publish_good_example())?;
    let reader = store.read_as(&auth.viewer);
    let innovation = param_or_empty(query.as_deref(), "innovasjon");
    let entry = param_or_empty(query.as_deref(), "prosjekt");
    let mut input = GoodExampleInput {
        innovation: innovation.clone(),
        entry: entry.clone(),
        ..GoodExampleInput::default()
    };
    let mut cancel = "/gode-eksempler".to_string();
    if !innovation.is_empty() {
        if let Some(e) = reader.good_example_of("innovasjon", &innovation).await? {
            return Ok(Redirect::to(&format!("/gode-eksempler/{}/endre", e.id)).into_response());
        }
        if let Some(n) = reader.innovation(&innovation).await? {
            input.title = n.name.clone();
            input.area = n.area.code().into();
            input.kind = n.kind.code().into();
            input.place = n.origin_place.clone();
            cancel = format!("/innovasjon/{}", n.code);
        }
    } else if !entry.is_empty() {
        if let Some(e) = reader.good_example_of("prosjekt", &entry).await? {
            return Ok(Redirect::to(&format!("/gode-eksempler/{}/endre", e.id)).into_response());
        }
        cancel = format!("/prosjekter/{entry}");
    }
    form_page(
        &store,
        &auth,
        StatusCode::OK,
        "Publiser et godt eksempel",
        "/gode-eksempler".into(),
        pairs_of(&input),
        FieldErrors::new(),
        None,
        cancel,
    )
    .await
}

/// `POST /gode-eksempler`: publishes one.
pub async fn publish(
    Acting(store): Acting,
    auth: Auth,
    body: Bytes,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_publish_good_example())?;
    let pairs = form_pairs(&body);
    match store.publish_good_example(&input_of(&pairs)).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/gode-eksempler/{id}?melding=publisert")).into_response())
        }
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                "Publiser et godt eksempel",
                "/gode-eksempler".into(),
                pairs,
                errors,
                None,
                "/gode-eksempler".into(),
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

async fn editable(store: &Store, auth: &Auth, id: &str) -> Result<StoredGoodExample, PageError> {
    auth.allow(auth.viewer.may_publish_good_example())?;
    let e = found(
        auth,
        store
            .read_as(&auth.viewer)
            .good_example(example_id(id)?)
            .await,
    )?;
    // Who publishes reads every innovation and entry.
    e.subject.as_ref().ok_or(PageError::NotFound)?;
    Ok(e)
}

fn subject_link(e: &StoredGoodExample, tax: &Taxonomy) -> Option<(String, String)> {
    ExampleView::new(e, tax).subject
}

/// `GET /gode-eksempler/{id}/endre`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let e = editable(&store, &auth, &id).await?;
    let subject = e.subject.clone().ok_or(PageError::NotFound)?;
    form_page(
        &store,
        &auth,
        StatusCode::OK,
        &format!("Endre «{}»", e.title),
        format!("/gode-eksempler/{}/endre", e.id),
        pairs_of(&e.input(&subject)),
        FieldErrors::new(),
        subject_link(&e, store.taxonomy()),
        format!("/gode-eksempler/{}", e.id),
    )
    .await
}

/// `POST /gode-eksempler/{id}/endre`: saves and publishes again.
pub async fn save(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let e = editable(&store, &auth, &id).await?;
    let pairs = form_pairs(&body);
    match store.update_good_example(e.id, &input_of(&pairs)).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/gode-eksempler/{}?melding=lagret", e.id)).into_response())
        }
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("Endre «{}»", e.title),
                format!("/gode-eksempler/{}/endre", e.id),
                pairs,
                errors,
                subject_link(&e, store.taxonomy()),
                format!("/gode-eksempler/{}", e.id),
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /gode-eksempler/{id}/trekk`: withdraws it from the public library.
pub async fn withdraw(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let e = editable(&store, &auth, &id).await?;
    match store.withdraw_good_example(e.id).await {
        Ok(()) | Err(StoreError::NotFound(_)) => {
            Ok(Redirect::to(&format!("/gode-eksempler/{}?melding=trukket", e.id)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct ListBody<'a> {
    count: usize,
    good_examples: &'a [StoredGoodExample],
    #[serde(flatten)]
    page: crate::paging::ApiPage,
}

/// `GET /api/v1/good-examples?q=&area=&kind=&target_group=`: the library, for everyone.
pub async fn api_list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let q = query.as_deref();
    let code = |name: &str| param_or_empty(q, name);
    let area = code("area");
    let kind = code("kind");
    let mut errors = FieldErrors::new();
    if !area.is_empty() && Area::from_code(&area).is_none() {
        errors.push(
            "area",
            format!("«{area}» er ikke et område. Bruk fremskaffelse, etablering eller oppfolging."),
        );
    }
    if !kind.is_empty() && InnovationKind::from_code(&kind).is_none() {
        errors.push(
            "kind",
            format!("«{kind}» er ikke en type. Bruk tjeneste, praksis, prosess, regulering eller organisasjonsform."),
        );
    }
    let group = code("target_group");
    if !group.is_empty() && store.taxonomy().target_group(&group).is_none() {
        errors.push(
            "target_group",
            format!("«{group}» er ikke en målgruppe. Se /api/v1/taxonomy."),
        );
    }
    if !errors.is_empty() {
        return Err(invalid(&errors));
    }
    let paging = crate::paging::Paging::for_api(q)?;
    let text: String = code("q")
        .chars()
        .take(husk_domain::limits::FILTER_TEXT)
        .collect();
    let filter = LibraryFilter {
        query: text,
        area: Area::from_code(&area),
        kind: InnovationKind::from_code(&kind),
        target_group: Some(group).filter(|g| !g.is_empty()),
    };
    let all = store.read_as(&auth.viewer).good_examples(&filter).await?;
    let shown = &all[paging.range(all.len())];
    Ok(Json(ListBody {
        count: shown.len(),
        good_examples: shown,
        page: crate::paging::ApiPage::new("/api/v1/good-examples", q, paging, all.len()),
    })
    .into_response())
}

/// `GET /api/v1/good-examples/{id}`.
pub async fn api_show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::not_found(format!("Fant ikke det gode eksempelet «{id}»."));
    let n: i64 = id.parse().map_err(|_| not_found())?;
    match store.read_as(&auth.viewer).good_example(n).await? {
        Some(e) => Ok(Json(e).into_response()),
        None => Err(not_found()),
    }
}

const EXAMPLE_FIELDS: &str = "et JSON-objekt med feltene innovation eller entry, title, summary, contact, evidence, place, area, kind og target_groups (en liste med koder)";

/// `POST /api/v1/good-examples`: publishes one, 201 with its id.
pub async fn api_publish(
    Acting(store): Acting,
    auth: Auth,
    body: Bytes,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_publish_good_example())?;
    let mut f = Fields::object(&body, EXAMPLE_FIELDS)?;
    let input = api_example_input(&mut f);
    f.done(|| None)?;
    match store.publish_good_example(&input).await {
        Ok(id) => Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))).into_response()),
        Err(SaveError::Invalid(errors)) => Err(invalid(&errors)),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

fn api_example_input(f: &mut Fields) -> GoodExampleInput {
    GoodExampleInput {
        innovation: f.text("innovation", "gjelder"),
        entry: f.text("entry", "gjelder"),
        title: f.text("title", "tittel"),
        summary: f.text("summary", "sammendrag"),
        contact: f.text("contact", "kontakt"),
        evidence: f.text("evidence", "dokumentasjon"),
        place: f.text("place", "sted"),
        area: f.text("area", "omrade"),
        kind: f.text("kind", "type"),
        target_groups: f.texts("target_groups", "malgrupper"),
    }
}

async fn api_editable(store: &Store, auth: &Auth, id: &str) -> Result<StoredGoodExample, ApiError> {
    require(auth, auth.viewer.may_publish_good_example())?;
    let not_found = || ApiError::not_found(format!("Fant ikke det gode eksempelet «{id}»."));
    let n: i64 = id.parse().map_err(|_| not_found())?;
    store
        .read_as(&auth.viewer)
        .good_example(n)
        .await?
        .filter(|e| e.subject.is_some())
        .ok_or_else(not_found)
}

/// `PUT /api/v1/good-examples/{id}`: the example as a whole (what it is about stays);
/// publishes a withdrawn one again.
pub async fn api_update(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let e = api_editable(&store, &auth, &id).await?;
    let mut f = Fields::object(&body, EXAMPLE_FIELDS)?;
    let input = api_example_input(&mut f);
    f.done(|| None)?;
    match store.update_good_example(e.id, &input).await {
        Ok(()) => {}
        Err(SaveError::Invalid(errors)) => return Err(invalid(&errors)),
        Err(SaveError::Store(StoreError::NotFound(_))) => {
            return Err(ApiError::not_found(format!(
                "Fant ikke det gode eksempelet «{id}»."
            )))
        }
        Err(SaveError::Store(e)) => return Err(e.into()),
    }
    let e = api_editable(&store, &auth, &id).await?;
    Ok(Json(e).into_response())
}

/// `POST /api/v1/good-examples/{id}/withdraw`: 204; it leaves the public library.
pub async fn api_withdraw(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let e = api_editable(&store, &auth, &id).await?;
    match store.withdraw_good_example(e.id).await {
        Ok(()) | Err(StoreError::NotFound(_)) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(e) => Err(e.into()),
    }
}
