//! The "theme of the month" rotation per office (seed 004, kap. 6.2: «Månedens
//! kunnskapstema», two hours a month at every office, with the responsibility going round):
//! the rotation's page with this month, the months ahead and those past, and the form that
//! adds a month and changes one, for the office's advisers and administrators.

use super::views::{field_label, month_theme_options, FormView, ThemeFormPage, ThemesPage};
use crate::auth::Auth;
use crate::error::PageError;
use crate::query::{field, param};
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{hidden, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::learning::networks::{MonthTheme, ThemeOfMonthInput};
use husk_domain::FieldErrors;
use husk_store::learning::networks::StoredThemeOfMonth;
use husk_store::reporting::today;
use husk_store::{SaveError, Store, StoreError};

type Pairs = Vec<(String, String)>;

/// The office code, if it is one of Husbanken's offices.
pub(super) fn office_of(store: &Store, office: &str) -> Result<String, PageError> {
    store
        .taxonomy()
        .region(office)
        .filter(|r| r.is_office())
        .map(|r| r.code.clone())
        .ok_or(PageError::NotFound)
}

async fn rotation(
    store: &Store,
    auth: &Auth,
    office: &str,
) -> Result<Vec<StoredThemeOfMonth>, PageError> {
    match store
        .read_as(&auth.viewer)
        .themes_of_month(Some(office))
        .await
    {
        Ok(t) => Ok(t),
        Err(StoreError::Hidden) => Err(hidden(auth)),
        Err(e) => Err(e.into()),
    }
}

fn input(pairs: &Pairs) -> ThemeOfMonthInput {
    ThemeOfMonthInput {
        month: field(pairs, "maned").into(),
        adviser: field(pairs, "ansvarlig").into(),
        theme_code: field(pairs, "tema").into(),
        theme_text: field(pairs, "tema_tekst").into(),
        date: field(pairs, "dato").into(),
        shared: field(pairs, "delt").into(),
    }
}

async fn page(
    store: &Store,
    auth: &Auth,
    office: &str,
    form: Option<FormView>,
    status: StatusCode,
    message: Option<String>,
    query: Option<&str>,
) -> Result<Response, PageError> {
    let entries = rotation(store, auth, office).await?;
    let may_edit = auth.viewer.may_edit_theme_of_month(office);
    let form = if may_edit {
        Some(form.unwrap_or_else(|| {
            FormView::new(
                format!("/manedens-tema/{office}"),
                "manedstema",
                vec![],
                FieldErrors::new(),
                field_label,
            )
        }))
    } else {
        None
    };
    let tax = store.taxonomy();
    let name = tax
        .region(office)
        .map(|r| r.name_nb.clone())
        .unwrap_or_default();
    let invalid = form.as_ref().is_some_and(|f| !f.errors.is_empty());
    let title = if invalid {
        format!("Feil i skjemaet: Månedens tema, {name}")
    } else {
        format!("Månedens tema, {name}")
    };
    let p = ThemesPage::new(
        layout(store, auth, title, Nav::Learning).await?,
        tax,
        office,
        &entries,
        may_edit,
        form,
        today(),
        message,
        query,
    );
    render(status, &p)
}

/// `GET /manedens-tema`: the viewer's own office's rotation, or the first office's.
pub async fn own(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    auth.allow(auth.viewer.is_logged_in())?;
    let office = auth
        .viewer
        .user()
        .and_then(|u| u.role.region())
        .map(str::to_string)
        .or_else(|| {
            store
                .taxonomy()
                .regions
                .iter()
                .find(|r| r.is_office())
                .map(|r| r.code.clone())
        })
        .unwrap_or_default();
    Ok(Redirect::to(&format!("/manedens-tema/{office}")).into_response())
}

/// `GET /manedens-tema/{office}`: the rotation, past and upcoming.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(office): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let office = office_of(&store, &office)?;
    let message = match param(query.as_deref(), "melding").as_deref() {
        Some("lagt-til") => Some("Måneden er lagt til i rotasjonen.".to_string()),
        Some("endret") => Some("Endringene er lagret.".to_string()),
        Some("fjernet") => Some("Måneden er fjernet fra rotasjonen.".to_string()),
        _ => None,
    };
    page(
        &store,
        &auth,
        &office,
        None,
        StatusCode::OK,
        message,
        query.as_deref(),
    )
    .await
}

/// `POST /manedens-tema/{office}`: adds a month (the office's advisers, administrators).
pub async fn add(
    Acting(store): Acting,
    auth: Auth,
    Path(office): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let office = office_of(&store, &office)?;
    rotation(&store, &auth, &office).await?;
    auth.allow(auth.viewer.may_edit_theme_of_month(&office))?;
    let pairs = form_pairs(&body);
    match store
        .save_theme_of_month(&office, None, &input(&pairs))
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!(
            "/manedens-tema/{office}?melding=lagt-til#maned-{id}"
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            let form = FormView::new(
                format!("/manedens-tema/{office}"),
                "manedstema",
                pairs,
                errors,
                field_label,
            );
            page(
                &store,
                &auth,
                &office,
                Some(form),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                None,
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

async fn form_page(
    store: &Store,
    auth: &Auth,
    office: &str,
    id: i64,
    values: Pairs,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let tax = store.taxonomy();
    let name = tax
        .region(office)
        .map(|r| r.name_nb.clone())
        .unwrap_or_default();
    let form = FormView::new(
        format!("/manedens-tema/{office}/{id}"),
        "manedstema",
        values,
        errors,
        field_label,
    );
    let title = if form.errors.is_empty() {
        format!("Endre månedens tema, {name}")
    } else {
        format!("Feil i skjemaet: Endre månedens tema, {name}")
    };
    let p = ThemeFormPage {
        layout: layout(store, auth, title, Nav::Learning).await?,
        office: office.to_string(),
        office_name: name,
        theme_options: month_theme_options(tax, form.v("tema")),
        form,
    };
    render(status, &p)
}

pub(super) async fn entry(
    store: &Store,
    auth: &Auth,
    office: &str,
    id: &str,
) -> Result<StoredThemeOfMonth, PageError> {
    let id: i64 = id.parse().map_err(|_| PageError::NotFound)?;
    rotation(store, auth, office)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(PageError::NotFound)
}

/// `GET /manedens-tema/{office}/{id}`: the form that changes a month.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path((office, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let office = office_of(&store, &office)?;
    let t = entry(&store, &auth, &office, &id).await?;
    auth.allow(auth.viewer.may_edit_theme_of_month(&office))?;
    let s = |k: &str, v: String| (k.to_string(), v);
    let (code, text) = match &t.theme {
        MonthTheme::Knowledge(c) => (c.clone(), String::new()),
        MonthTheme::Free(x) => (String::new(), x.clone()),
    };
    let values = vec![
        s("maned", t.month.code()),
        s("ansvarlig", t.adviser.clone()),
        s("tema", code),
        s("tema_tekst", text),
        s("dato", t.date.map(crate::format::date).unwrap_or_default()),
        s("delt", t.shared.clone()),
    ];
    form_page(
        &store,
        &auth,
        &office,
        t.id,
        values,
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /manedens-tema/{office}/{id}`.
pub async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path((office, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let office = office_of(&store, &office)?;
    let t = entry(&store, &auth, &office, &id).await?;
    auth.allow(auth.viewer.may_edit_theme_of_month(&office))?;
    let pairs = form_pairs(&body);
    match store
        .save_theme_of_month(&office, Some(t.id), &input(&pairs))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/manedens-tema/{office}?melding=endret#maned-{}",
            t.id
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                &office,
                t.id,
                pairs,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}
