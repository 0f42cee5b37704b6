//! A participant's page (`/programmer/{id}/deltakere/{participant}`): its phases, the
//! planning phase's deliverables (recorded by who may manage the participation), its plan with
//! measures by goal and the checklist a–k (updated also by the municipality's own recipient),
//! and its grants; its status meetings and co-financing in brief, with links to those pages,
//! its fact sheet, its municipality and its indicators; with the forms that change them and
//! the page that edits one measure.

use super::forms;
use super::views::{
    participant_href, CofinancingBrief, MeasureForm, MeasurePage, MeetingsBrief, ParticipantPage,
    Refused,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::programmes::plans::{LineClassification, MeasureInput};
use husk_domain::FieldErrors;
use husk_store::municipalities::MeetingSummary;
use husk_store::programmes::ParticipantDetail;
use husk_store::{SaveError, Store, StoreError};

pub(crate) fn participant_id(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

/// The participant as the viewer may read it (not found, or a login for the public).
pub(crate) async fn detail(
    store: &Store,
    auth: &Auth,
    id: &str,
    participant: &str,
) -> Result<ParticipantDetail, PageError> {
    let pid = participant_id(participant)?;
    found(auth, store.read_as(&auth.viewer).participant(id, pid).await)
}

/// The participant page an entry belongs to, as (href, text), when it is a participation's
/// entry or a line of a plan and the viewer may read the participation.
pub(crate) async fn place_link(
    store: &Store,
    auth: &Auth,
    entry: &str,
) -> Result<Option<(String, String)>, PageError> {
    let place = store.read_as(&auth.viewer).programme_place(entry).await?;
    Ok(place.map(|p| {
        let text = match p.line {
            Some(_) => format!("Planen til {} i {}", p.participant_name, p.programme_title),
            None => format!("{} i {}", p.participant_name, p.programme_title),
        };
        let href = match p.line {
            Some(_) => format!("{}#plan", p.participant_href()),
            None => p.participant_href(),
        };
        (href, text)
    }))
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The confirmation a redirect after a save asks the page to show.
fn confirmation(query: Option<&str>) -> Option<String> {
    match crate::query::param(query, "melding").as_deref() {
        Some("leveranser") => Some("Leveransene er lagret.".into()),
        Some("tiltak-lagt-til") => Some("Tiltaket er lagt til i planen.".into()),
        Some("tiltak-endret") => Some("Endringene i tiltaket er lagret.".into()),
        Some("sjekkliste") => Some("Sjekklisten er lagret.".into()),
        _ => None,
    }
}

/// Measures on one page of a participant's page.
const MEASURES_PAGE_SIZE: usize = 20;

async fn page(
    store: &Store,
    auth: &Auth,
    d: &ParticipantDetail,
    status: StatusCode,
    refused: Refused,
    message: Option<String>,
) -> Result<Response, PageError> {
    paged_page(store, auth, d, status, refused, message, None).await
}

/// [`page`] with the measures a page at a time (`?tiltak=N`, 20 a page, in the plan's order;
/// each goal's table shows the measures of that page).
async fn paged_page(
    store: &Store,
    auth: &Auth,
    d: &ParticipantDetail,
    status: StatusCode,
    refused: Refused,
    message: Option<String>,
    query: Option<&str>,
) -> Result<Response, PageError> {
    let scope = d.participant.scope();
    let title = if matches!(refused, Refused::Nothing) {
        d.participant.name.clone()
    } else {
        format!("Feil i skjemaet: {}", d.participant.name)
    };
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    let mut page = ParticipantPage::new(
        layout,
        d,
        auth.viewer.may_record_phase(scope),
        auth.viewer.may_manage_participation(scope),
        auth.viewer.may_update_participation_plan(scope),
        refused,
        message,
        today(),
    );
    let class = std::mem::take(&mut page.mform.class);
    page.mform.classify(store.taxonomy(), class);
    {
        use crate::paging::{PageNav, Paging};
        let total = d.plan.measures.len();
        let paging = Paging::for_param(query, "tiltak", total, MEASURES_PAGE_SIZE);
        let shown: Vec<&str> = d.plan.measures[paging.range(total)]
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        for g in &mut page.by_goal {
            g.measures.retain(|m| shown.contains(&m.id.as_str()));
        }
        page.by_goal.retain(|g| !g.measures.is_empty());
        page.measures_nav = PageNav::for_param(
            &participant_href(&d.programme.id, d.participant.id),
            query,
            paging,
            total,
            "tiltak",
            "plan",
        );
    }
    page.indicators = Some(
        super::indicators::participant_indicators(
            store,
            &auth.viewer,
            &d.programme,
            d.participant.id,
        )
        .await?,
    );
    let reader = store.read_as(&auth.viewer);
    let href = participant_href(&d.programme.id, d.participant.id);
    page.meetings = match reader
        .status_meetings(&d.programme.id, d.participant.id)
        .await
    {
        Ok(Some(m)) => Some(MeetingsBrief::new(
            format!("{href}/statusmoter"),
            &MeetingSummary::of(&m),
            today(),
        )),
        Ok(None) | Err(StoreError::Hidden) => None,
        Err(e) => return Err(e.into()),
    };
    // Only this participant's co-financing: the programme as read, with it alone.
    let mut one = d.programme.clone();
    one.participants.retain(|x| x.id == d.participant.id);
    page.cofinancing = reader
        .cofinancing(&one)
        .await?
        .participants
        .first()
        .map(|c| {
            CofinancingBrief::new(
                format!(
                    "/programmer/{}/egenfinansiering#egenfinansiering-{}",
                    d.programme.id, d.participant.id
                ),
                c,
            )
        });
    render(status, &page)
}

/// `GET /programmer/{id}/deltakere/{participant}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let d = detail(&store, &auth, &id, &participant).await?;
    paged_page(
        &store,
        &auth,
        &d,
        StatusCode::OK,
        Refused::Nothing,
        confirmation(query.as_deref()),
        query.as_deref(),
    )
    .await
}

fn saved(d: &ParticipantDetail, message: &str, anchor: &str) -> Response {
    Redirect::to(&format!(
        "{}?melding={message}#{anchor}",
        participant_href(&d.programme.id, d.participant.id)
    ))
    .into_response()
}

/// What a refused save shows: the page again with the form's values and errors (422), or the
/// store's own error.
async fn refused(
    store: &Store,
    auth: &Auth,
    d: &ParticipantDetail,
    e: SaveError,
    form: impl FnOnce(FieldErrors) -> Refused,
) -> Result<Response, PageError> {
    match e {
        SaveError::Invalid(errors) => {
            page(
                store,
                auth,
                d,
                StatusCode::UNPROCESSABLE_ENTITY,
                form(errors),
                None,
            )
            .await
        }
        SaveError::Store(StoreError::NotFound(_)) => Err(PageError::NotFound),
        SaveError::Store(e) => Err(e.into()),
    }
}

/// `POST /programmer/{id}/deltakere/{participant}/leveranser`: who may manage the
/// participation records the planning phase's deliverables.
pub async fn save_deliverables(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let d = detail(&store, &auth, &id, &participant).await?;
    auth.allow(auth.viewer.may_manage_participation(d.participant.scope()))?;
    let user = auth.user()?;
    let input = forms::deliverables(&form_pairs(&body));
    match store
        .record_deliverables(d.participant.id, &input, &user.name)
        .await
    {
        Ok(_) => Ok(saved(&d, "leveranser", "leveranser")),
        Err(e) => {
            refused(&store, &auth, &d, e, |errors| {
                Refused::Deliverables(input, errors)
            })
            .await
        }
    }
}

/// `POST /programmer/{id}/deltakere/{participant}/tiltak`: adds a measure to the plan.
pub async fn add_measure(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let d = detail(&store, &auth, &id, &participant).await?;
    auth.allow(
        auth.viewer
            .may_update_participation_plan(d.participant.scope()),
    )?;
    let user = auth.user()?;
    let pairs = form_pairs(&body);
    let input = forms::measure(&pairs);
    let class = forms::classification(&pairs);
    match store
        .save_classified_measure(d.participant.id, None, &input, &class, &user.name)
        .await
    {
        Ok(_) => Ok(saved(&d, "tiltak-lagt-til", "plan")),
        Err(e) => {
            refused(&store, &auth, &d, e, |errors| {
                Refused::Measure(input, class, errors)
            })
            .await
        }
    }
}

/// The themes and target groups of a line's register entry, as the edit form shows them
/// (none when it has no entry the viewer reads).
async fn line_classification(
    store: &Store,
    auth: &Auth,
    d: &ParticipantDetail,
    measure: &str,
) -> Result<LineClassification, PageError> {
    let Some(id) = d.line_entries.get(measure) else {
        return Ok(LineClassification::default());
    };
    let entry = match store.read_as(&auth.viewer).entry(id).await {
        Ok(Some(e)) => e,
        Ok(None) | Err(StoreError::Hidden) => return Ok(LineClassification::default()),
        Err(e) => return Err(e.into()),
    };
    let p = entry.detail().await?.project;
    Ok(LineClassification {
        themes: p.themes,
        target_groups: p.target_groups,
    })
}

async fn measure_page(
    store: &Store,
    auth: &Auth,
    d: &ParticipantDetail,
    measure: &str,
    status: StatusCode,
    values: Option<(MeasureInput, LineClassification)>,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let m = d
        .plan
        .measures
        .iter()
        .find(|m| m.id == measure)
        .ok_or(PageError::NotFound)?;
    let title = if errors.is_empty() {
        format!("Endre tiltak: {}", m.title)
    } else {
        format!("Feil i skjemaet: Endre tiltak: {}", m.title)
    };
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    let (values, class) = match values {
        Some(v) => v,
        None => (
            MeasureForm::values_of(m),
            line_classification(store, auth, d, measure).await?,
        ),
    };
    let mut page = MeasurePage::new(layout, d, m, values, errors);
    page.mform.classify(store.taxonomy(), class);
    render(status, &page)
}

/// `GET /programmer/{id}/deltakere/{participant}/tiltak/{measure}`: the form that edits one
/// measure.
pub async fn measure_form(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant, measure)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let d = detail(&store, &auth, &id, &participant).await?;
    auth.allow(
        auth.viewer
            .may_update_participation_plan(d.participant.scope()),
    )?;
    measure_page(
        &store,
        &auth,
        &d,
        &measure,
        StatusCode::OK,
        None,
        FieldErrors::new(),
    )
    .await
}

/// `POST /programmer/{id}/deltakere/{participant}/tiltak/{measure}`: saves the changes, or
/// shows the form again with what was typed.
pub async fn update_measure(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant, measure)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let d = detail(&store, &auth, &id, &participant).await?;
    auth.allow(
        auth.viewer
            .may_update_participation_plan(d.participant.scope()),
    )?;
    let user = auth.user()?;
    let mid: i64 = measure.parse().map_err(|_| PageError::NotFound)?;
    let pairs = form_pairs(&body);
    let input = forms::measure(&pairs);
    let class = forms::classification(&pairs);
    match store
        .save_classified_measure(d.participant.id, Some(mid), &input, &class, &user.name)
        .await
    {
        Ok(_) => Ok(saved(&d, "tiltak-endret", "plan")),
        Err(SaveError::Invalid(errors)) => {
            measure_page(
                &store,
                &auth,
                &d,
                &measure,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((input, class)),
                errors,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /programmer/{id}/deltakere/{participant}/sjekkliste`: the plan's ticks and comments.
pub async fn save_checklist(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let d = detail(&store, &auth, &id, &participant).await?;
    auth.allow(
        auth.viewer
            .may_update_participation_plan(d.participant.scope()),
    )?;
    let user = auth.user()?;
    let marks = forms::checklist(&form_pairs(&body));
    match store
        .save_checklist(d.participant.id, &marks, &user.name)
        .await
    {
        Ok(_) => Ok(saved(&d, "sjekkliste", "sjekkliste")),
        Err(e) => {
            refused(&store, &auth, &d, e, |errors| {
                Refused::Checklist(marks, errors)
            })
            .await
        }
    }
}
