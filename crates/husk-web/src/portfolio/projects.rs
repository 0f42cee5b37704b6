//! The project list, the project page, and the forms to create and edit an entry.

use super::forms::ProjectForm;
use super::views::{
    EntryQuality, FilterForm, GrantFormView, ProjectFormPage, ProjectListPage, ProjectPage,
    UnderTotals,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::filters::Filters;
use crate::knowledge::similar::{accepted, merged, suggestions, SIMILAR_ON_PAGE};
use crate::knowledge::views::similar_views;
use crate::knowledge::views::{DocumentRow, ProjectKnowledge};
use crate::paging::{PageNav, Paging};
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::access::ProjectScope;
use husk_domain::{FieldErrors, GrantInput, Kind, ProjectFacts, Selection};
use husk_store::portfolio::EntryReader;
use husk_store::{SaveError, Store, StoreError};

/// `GET /prosjekter`: the filtered list.
pub async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let tax = store.taxonomy();
    let filters = Filters::parse(query.as_deref(), tax);
    auth.allow(auth.viewer.may_see_portfolio())?;
    let list = store
        .read_as(&auth.viewer)
        .register()?
        .select(&filters.selection)
        .await?;
    let (status, title) = if filters.errors.is_empty() {
        (StatusCode::OK, "Prosjekter")
    } else {
        (StatusCode::BAD_REQUEST, "Feil i filteret: Prosjekter")
    };
    let layout = layout(&store, &auth, title, Nav::Projects).await?;
    let paging = Paging::for_list(query.as_deref(), list.len());
    let rows = list.page(paging.range(list.len()));
    let mut page = ProjectListPage::new(
        layout,
        FilterForm::new(filters, tax),
        &rows,
        list.len(),
        tax,
    );
    page.nav = PageNav::new("/prosjekter", query.as_deref(), paging, list.len());
    page.may_create = auth.viewer.may_create_projects();
    render(status, &page)
}

/// The confirmation a redirect after a save asks the project page to show.
fn confirmation(query: Option<&str>) -> Option<&'static str> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    pairs
        .iter()
        .find(|(k, _)| k == "melding")
        .and_then(|(_, v)| match v.as_str() {
            "lagret" => Some("Prosjektet er lagret."),
            "tilskudd-lagret" => Some("Tilskuddet er lagret."),
            "tilskudd-slettet" => Some("Tilskuddet er slettet."),
            "klassifisering-lagret" => Some("Kunnskapstemaene og målgruppene er lagret."),
            "ingen-valgt" => Some("Du valgte ingen av forslagene, så ingenting er endret."),
            "rapport-startet" => Some("Rapporten er startet."),
            _ => None,
        })
}

/// Renders the project page, with a grant form that is empty or holds rejected input.
pub(crate) async fn project_page(
    store: &Store,
    auth: &Auth,
    id: &str,
    status: StatusCode,
    message: Option<&'static str>,
    grant_values: GrantInput,
    grant_errors: FieldErrors,
) -> Result<Response, PageError> {
    project_page_with(
        store,
        auth,
        id,
        status,
        message,
        grant_values,
        grant_errors,
        None,
    )
    .await
}

/// What the project page shows from the knowledge base: linked documents, similar work
/// elsewhere, and suggestions when the project has no themes.
async fn project_knowledge(
    store: &Store,
    entry: &EntryReader<'_>,
    detail: &husk_store::ProjectDetail,
    may_classify: bool,
    classify_error: Option<String>,
) -> Result<ProjectKnowledge, PageError> {
    let p = &detail.project;
    let tax = store.taxonomy();
    let documents = entry
        .documents()
        .await?
        .iter()
        .map(|d| DocumentRow::new(d, tax))
        .collect();
    let similar = similar_views(&entry.similar(SIMILAR_ON_PAGE).await?, tax);
    let suggestions = if p.themes.is_empty() && may_classify {
        let text = format!(
            "{}\n{}\n{}",
            p.title,
            p.description,
            p.recipient
                .as_ref()
                .map(|r| r.name.as_str())
                .unwrap_or_default()
        );
        let mut s = suggestions(
            store,
            format!("/prosjekter/{}/klassifisering", p.id),
            &text,
            true,
            p.target_groups.is_empty(),
        )
        .await?;
        if let Some(s) = s.as_mut() {
            s.error = classify_error;
        }
        s
    } else {
        None
    };
    Ok(ProjectKnowledge {
        documents,
        similar,
        suggestions,
    })
}

#[allow(clippy::too_many_arguments)]
async fn project_page_with(
    store: &Store,
    auth: &Auth,
    id: &str,
    status: StatusCode,
    message: Option<&'static str>,
    grant_values: GrantInput,
    grant_errors: FieldErrors,
    classify_error: Option<String>,
) -> Result<Response, PageError> {
    let entry = found(auth, store.read_as(&auth.viewer).entry(id).await)?;
    let detail = entry.detail().await?;
    let scope = entry.scope();
    let may_edit = auth.viewer.may_edit_project(scope);
    let title = if classify_error.is_some() {
        format!("Feil i valget: {}", detail.project.title)
    } else if grant_errors.is_empty() {
        detail.project.title.clone()
    } else {
        format!("Feil i tilskuddet: {}", detail.project.title)
    };
    let knowledge = project_knowledge(store, &entry, &detail, may_edit, classify_error).await?;
    let layout = layout(store, auth, title, Nav::Projects).await?;
    let grant_form = GrantFormView::new(
        format!("/prosjekter/{id}/tilskudd"),
        "Legg til tilskudd",
        grant_values,
        grant_errors,
    );
    let mut page = ProjectPage::new(
        layout,
        &detail,
        store.taxonomy(),
        message,
        grant_form,
        knowledge,
    );
    page.may_edit = may_edit;
    page.may_edit_limited = !may_edit && auth.viewer.may_edit_project_as_recipient(scope);
    page.may_publish_example = auth.viewer.may_publish_good_example();
    if !detail.children.is_empty() {
        page.under = UnderTotals::new(&detail, &entry.descendant_grants().await?);
    }
    page.reporting =
        crate::reporting::reports::project_reporting(store, auth, &entry, &detail).await?;
    page.quality = EntryQuality::new(
        &entry.source_notes().await?,
        &entry.findings().await?,
        auth.viewer.may_see_data_quality(),
    );
    page.programme_place = crate::programmes::place_link(store, auth, id).await?;
    render(status, &page)
}

/// `GET /prosjekter/{id}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    project_page(
        &store,
        &auth,
        &id,
        StatusCode::OK,
        confirmation(query.as_deref()),
        GrantInput::default(),
        FieldErrors::new(),
    )
    .await
}

async fn programmes(store: &Store) -> Result<Vec<ProjectFacts>, StoreError> {
    store
        .list_projects(&Selection {
            kind: Some(Kind::Program),
            ..Default::default()
        })
        .await
}

async fn form_page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    existing: Option<(&str, &str)>,
    form: ProjectForm,
    errors: FieldErrors,
    limited: bool,
) -> Result<Response, PageError> {
    let (heading, action, cancel, fixed_id) = match existing {
        None => (
            "Nytt prosjekt".to_string(),
            "/prosjekter/ny".to_string(),
            "/prosjekter".to_string(),
            String::new(),
        ),
        Some((id, title)) => (
            format!("Endre «{title}»"),
            format!("/prosjekter/{id}/rediger"),
            format!("/prosjekter/{id}"),
            id.to_string(),
        ),
    };
    let title = if errors.is_empty() {
        heading.clone()
    } else {
        format!("Feil i skjemaet: {heading}")
    };
    let layout = layout(store, auth, title, Nav::Projects).await?;
    let programmes = programmes(store).await?;
    let mut page = ProjectFormPage::new(
        layout,
        heading,
        action,
        cancel,
        fixed_id,
        form,
        errors,
        &programmes,
        store.taxonomy(),
    );
    page.limited = limited;
    if let Some(region) = auth.viewer.user().and_then(|u| u.role.region()) {
        // An adviser creates entries for their own office.
        page.regions.retain(|o| o.value == region || o.selected);
    }
    render(status, &page)
}

/// `GET /prosjekter/ny`.
pub async fn new_form(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_create_projects())?;
    let mut form = ProjectForm::default();
    if let Some(region) = auth.viewer.user().and_then(|u| u.role.region()) {
        form.input.region = region.to_string();
    }
    form_page(
        &store,
        &auth,
        StatusCode::OK,
        None,
        form,
        FieldErrors::new(),
        false,
    )
    .await
}

fn saved(id: &str) -> Response {
    Redirect::to(&format!("/prosjekter/{id}?melding=lagret")).into_response()
}

/// The office and parent rules for a full edit (a recipient's limited edit changes neither):
/// moving an entry to another office needs the right to create entries there, and placing it
/// under a programme needs rights to the programme too.
async fn placement_errors(
    store: &Store,
    auth: &Auth,
    current_region: Option<&str>,
    input: &husk_domain::ProjectInput,
    current_parent: Option<&str>,
) -> Result<FieldErrors, PageError> {
    let mut errors = FieldErrors::new();
    let region = input.region.trim();
    if let Some(current) = current_region {
        let scope = ProjectScope {
            region: current,
            organisation_id: None,
        };
        if !region.is_empty() && region != current && !auth.viewer.may_move_project(scope, region) {
            errors.push(
                "region",
                "Du kan ikke flytte oppføringen til et annet kontor. Det kan bare en administrator gjøre.",
            );
        }
    }
    let parent = input.parent.trim();
    if !parent.is_empty() && Some(parent) != current_parent {
        let parent_entry = match store.read_as(&auth.viewer).entry(parent).await {
            Ok(found) => found,
            // A programme the viewer may not read is not theirs to place entries under.
            Err(StoreError::Hidden) => None,
            Err(e) => return Err(e.into()),
        };
        if let Some(parent_entry) = parent_entry {
            let child = ProjectScope {
                region: if region.is_empty() {
                    current_region.unwrap_or("")
                } else {
                    region
                },
                organisation_id: None,
            };
            if !auth.viewer.may_link_parent(child, parent_entry.scope()) {
                errors.push(
                    "parent",
                    format!("Du kan ikke legge oppføringen under «{parent}», fordi programmet hører til et annet kontor enn ditt. Velg et program ved ditt eget kontor."),
                );
            }
        }
    }
    Ok(errors)
}

/// `POST /prosjekter/ny`.
pub async fn create(Acting(store): Acting, auth: Auth, body: Bytes) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_create_projects())?;
    let form = ProjectForm::from_pairs(&form_pairs(&body));
    let region = form.input.region.trim();
    let placement = placement_errors(&store, &auth, None, &form.input, None).await?;
    let result = if !placement.is_empty() {
        Err(SaveError::Invalid(placement))
    } else if !region.is_empty() && !auth.viewer.may_create_project(region) {
        let mut e = FieldErrors::new();
        e.push(
            "region",
            format!(
                "Du kan bare opprette oppføringer for ditt eget kontor. Velg {}.",
                auth.viewer
                    .user()
                    .and_then(|u| u.role.region())
                    .unwrap_or("")
            ),
        );
        Err(SaveError::Invalid(e))
    } else {
        store.create_project(&form.input).await
    };
    match result {
        Ok(id) => Ok(saved(&id)),
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                form,
                errors,
                false,
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// The entry, and what the viewer may change of it: everything (false), the recipient's part
/// (true), or nothing (refused).
async fn edit_rights<'a>(
    store: &'a Store,
    auth: &'a Auth,
    id: &str,
) -> Result<(EntryReader<'a>, bool), PageError> {
    let entry = found(auth, store.read_as(&auth.viewer).entry(id).await)?;
    let scope = entry.scope();
    if auth.viewer.may_edit_project(scope) {
        Ok((entry, false))
    } else if auth.viewer.may_edit_project_as_recipient(scope) {
        Ok((entry, true))
    } else {
        Err(PageError::Forbidden)
    }
}

/// `GET /prosjekter/{id}/rediger`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (entry, limited) = edit_rights(&store, &auth, &id).await?;
    let detail = entry.detail().await?;
    let p = &detail.project;
    form_page(
        &store,
        &auth,
        StatusCode::OK,
        Some((&p.id, &p.title)),
        ProjectForm::from_input(p.to_input()),
        FieldErrors::new(),
        limited,
    )
    .await
}

/// `POST /prosjekter/{id}/rediger`.
pub async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let (entry, limited) = edit_rights(&store, &auth, &id).await?;
    let detail = entry.detail().await?;
    let mut form = ProjectForm::from_pairs(&form_pairs(&body));
    if limited {
        // A recipient changes only its part; everything else stays as stored.
        let mut input = detail.project.to_input();
        input.description = form.input.description.clone();
        input.target_groups = form.input.target_groups.clone();
        input.learning_tools = form.input.learning_tools.clone();
        form = ProjectForm::from_input(input);
    }
    let placement = if limited {
        FieldErrors::new()
    } else {
        placement_errors(
            &store,
            &auth,
            Some(&detail.project.region),
            &form.input,
            detail.project.parent.as_deref(),
        )
        .await?
    };
    let result = if placement.is_empty() {
        store.update_project(&id, &form.input).await
    } else {
        Err(SaveError::Invalid(placement))
    };
    match result {
        Ok(()) => Ok(saved(&id)),
        Err(SaveError::Invalid(errors)) => {
            let title = detail.project.title.as_str();
            form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((&id, title)),
                form,
                errors,
                limited,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /prosjekter/{id}/klassifisering`: adds the accepted themes and target groups to the
/// project, keeping everything else as it is.
pub async fn classify(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let (entry, limited) = edit_rights(&store, &auth, &id).await?;
    if limited {
        return Err(PageError::Forbidden);
    }
    let detail = entry.detail().await?;
    let pairs = form_pairs(&body);
    let themes = accepted(&pairs, "themes");
    let groups = accepted(&pairs, "target_groups");
    if themes.is_empty() && groups.is_empty() {
        return Ok(Redirect::to(&format!("/prosjekter/{id}?melding=ingen-valgt")).into_response());
    }
    let mut input = detail.project.to_input();
    input.themes = merged(&input.themes, &themes);
    input.target_groups = merged(&input.target_groups, &groups);
    match store.update_project(&id, &input).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/prosjekter/{id}?melding=klassifisering-lagret"))
                .into_response(),
        ),
        Err(SaveError::Invalid(errors)) => {
            let message = errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            project_page_with(
                &store,
                &auth,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                GrantInput::default(),
                FieldErrors::new(),
                Some(message),
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}
