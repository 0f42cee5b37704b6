//! The programmes' pages: the list, a programme, its timeline, and the phase-transition form.

use super::views::{PhaseFormPage, ProgrammeListPage, ProgrammePage, TimelinePage};
use crate::auth::Auth;
use crate::error::PageError;
use crate::paging::{PageNav, Paging};
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::programmes::phases::Recorder;
use husk_domain::FieldErrors;
use husk_store::programmes::{Programme, TransitionInput};
use husk_store::{SaveError, Store, StoreError};

/// `GET /programmer?side=N`: the programmes the viewer may read, a page at a time.
pub async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.is_logged_in())?;
    let list = store.read_as(&auth.viewer).programmes().await?;
    let layout = layout(&store, &auth, "Programmer", Nav::Programmes).await?;
    let paging = Paging::for_list(query.as_deref(), list.len());
    let mut page = ProgrammeListPage::new(
        layout,
        &list[paging.range(list.len())],
        store.taxonomy(),
        !auth.viewer.may_read_all_programmes(),
    );
    page.total = list.len();
    page.nav = PageNav::new("/programmer", query.as_deref(), paging, list.len());
    render(StatusCode::OK, &page)
}

async fn programme(store: &Store, auth: &Auth, id: &str) -> Result<Programme, PageError> {
    found(auth, store.read_as(&auth.viewer).programme(id).await)
}

/// The confirmation a redirect after a save asks the page to show.
fn confirmation(query: Option<&str>) -> Option<String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    (get("melding").as_deref() == Some("fase-lagret")).then(|| match get("deltaker") {
        Some(name) => format!("Faseovergangen for {name} er registrert."),
        None => "Faseovergangen er registrert.".to_string(),
    })
}

/// `GET /programmer/{id}?side=N`: the participants table comes a page at a time.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let p = programme(&store, &auth, &id).await?;
    let layout = layout(&store, &auth, p.title.clone(), Nav::Programmes).await?;
    let total = p.participants.len();
    let paging = Paging::for_list(query.as_deref(), total);
    let mut page = ProgrammePage::new(
        layout,
        &p,
        store.taxonomy(),
        |x| auth.viewer.may_record_phase(x.scope()),
        confirmation(query.as_deref()),
    );
    page.participants = page.participants.drain(paging.range(total)).collect();
    page.may_edit = auth.viewer.may_edit_programme(&p.offices);
    page.coordinator = store
        .read_as(&auth.viewer)
        .programme_coordinator(&p)
        .await?;
    if page.message.is_none() {
        page.message = super::editing::confirmation(query.as_deref());
    }
    page.arenas = crate::learning::programme_arenas(&store, &auth, &p.id).await?;
    page.nav = PageNav::new(
        &format!("/programmer/{id}"),
        query.as_deref(),
        paging,
        total,
    );
    render(StatusCode::OK, &page)
}

/// The participants-table page (`side`) a participant is on, for a link back to its row.
fn page_of(p: &Programme, participant: i64) -> usize {
    p.participants
        .iter()
        .position(|x| x.id == participant)
        .map_or(1, |i| i / crate::paging::LIST_PAGE_SIZE + 1)
}

/// `GET /programmer/{id}/tidslinje`: every participant's phases, pool and planned end, and
/// who is late.
pub async fn timeline(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let p = programme(&store, &auth, &id).await?;
    let layout = layout(
        &store,
        &auth,
        format!("Tidslinje: {}", p.title),
        Nav::Programmes,
    )
    .await?;
    render(StatusCode::OK, &TimelinePage::new(layout, &p))
}

fn participant_id(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

async fn phase_page(
    store: &Store,
    auth: &Auth,
    id: &str,
    participant: &str,
    status: StatusCode,
    values: TransitionInput,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let p = programme(store, auth, id).await?;
    let pid = participant_id(participant)?;
    let x = p.participant(pid).ok_or(PageError::NotFound)?;
    auth.allow(auth.viewer.may_record_phase(x.scope()))?;
    let title = if errors.is_empty() {
        format!("Faseovergang: {}", x.name)
    } else {
        format!("Feil i skjemaet: Faseovergang: {}", x.name)
    };
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    let page = PhaseFormPage::new(layout, &p, x, values, errors, auth.viewer.is_admin());
    render(status, &page)
}

/// `GET /programmer/{id}/deltakere/{participant}/fase`: the form (advisers of the
/// participation's office, administrators).
pub async fn phase_form(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
) -> Result<Response, PageError> {
    phase_page(
        &store,
        &auth,
        &id,
        &participant,
        StatusCode::OK,
        TransitionInput::default(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /programmer/{id}/deltakere/{participant}/fase`: records the transition, or shows the
/// form again with what was typed and every problem at its field.
pub async fn record_phase(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let p = programme(&store, &auth, &id).await?;
    let pid = participant_id(&participant)?;
    let x = p.participant(pid).ok_or(PageError::NotFound)?;
    auth.allow(auth.viewer.may_record_phase(x.scope()))?;
    let Some(user) = auth.viewer.user() else {
        return Err(PageError::Forbidden);
    };
    let pairs = form_pairs(&body);
    let field = |k: &str| crate::query::field(&pairs, k).to_string();
    let input = TransitionInput {
        to: field("til"),
        date: field("dato"),
        reason: field("begrunnelse"),
        // Only an administrator's form has the field; nobody else's reason is read.
        override_reason: if auth.viewer.is_admin() {
            field("overstyring")
        } else {
            String::new()
        },
    };
    match store
        .record_phase_transition(pid, &input, Recorder::from(user))
        .await
    {
        Ok(_) => {
            let side = page_of(&p, pid).to_string();
            let mut pairs = vec![("melding", "fase-lagret"), ("deltaker", x.name.as_str())];
            if side != "1" {
                pairs.push(("side", side.as_str()));
            }
            let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
            Ok(Redirect::to(&format!("/programmer/{id}?{query}#deltaker-{pid}")).into_response())
        }
        Err(SaveError::Invalid(errors)) => {
            phase_page(
                &store,
                &auth,
                &id,
                &participant,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}
