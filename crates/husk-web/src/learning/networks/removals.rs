//! Removing a network's member, meeting or assignment, and a month of an office's
//! theme-of-the-month rotation: `GET …/fjern` asks first (a page saying what goes, or why it
//! cannot), `POST …/fjern` acts only with `bekreft=ja` (without it, it sends the browser to the
//! question), and the API's `DELETE`s. Who may is the domain's (`may_remove_from_network`,
//! `may_remove_theme_of_month`: as for changing them); when a removal is refused is the
//! domain's too (`member_removal_refused`, `meeting_removal_refused`). Each removal is a write
//! the audit log names the user of.

use super::api::network as api_network;
use super::pages::network_of;
use super::themes::{entry, office_of};
use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::shared::api::require;
use crate::shared::form::{confirmed, form_pairs};
use crate::shared::layout::{ConfirmPage, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::learning::networks::{meeting_removal_refused, member_removal_refused};
use husk_store::learning::networks::StoredNetwork;
use husk_store::learning::Removed;
use husk_store::{Store, StoreError};

/// Which of a network's parts is removed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Member,
    Meeting,
    Assignment,
}

impl Part {
    fn path(self) -> &'static str {
        match self {
            Part::Member => "medlemmer",
            Part::Meeting => "moter",
            Part::Assignment => "oppdrag",
        }
    }

    fn anchor(self) -> &'static str {
        self.path()
    }

    fn message(self) -> &'static str {
        match self {
            Part::Member => "medlem-fjernet",
            Part::Meeting => "mote-fjernet",
            Part::Assignment => "oppdrag-fjernet",
        }
    }
}

fn number(raw: &str) -> Option<i64> {
    raw.parse().ok()
}

/// What the confirmation says of the part, and why it cannot go (if so); `None` when the
/// network has no such part.
fn describe(
    n: &StoredNetwork,
    part: Part,
    id: i64,
) -> Option<(String, Vec<String>, Option<String>)> {
    match part {
        Part::Member => {
            let m = n.member(id)?;
            let count = n.assignments.iter().filter(|a| a.member_id == id).count();
            Some((
                format!("Fjerne {} fra {}?", m.name, n.name),
                vec![format!(
                    "{} ({}) tas ut av nettverkets medlemsliste. Fjerningen står i endringsloggen med hvem som gjorde den og når.",
                    m.name,
                    m.kind.label().to_lowercase()
                )],
                member_removal_refused(&m.name, count),
            ))
        }
        Part::Meeting => {
            let m = n.meeting(id)?;
            let due = n
                .assignments
                .iter()
                .filter(|a| a.due_meeting == Some(id))
                .count();
            let what = if m.topic.is_empty() {
                format!("Møtet {}", crate::format::date(m.date))
            } else {
                format!("Møtet {} om «{}»", crate::format::date(m.date), m.topic)
            };
            Some((
                format!("Fjerne møtet {}?", crate::format::date(m.date)),
                vec![format!(
                    "{what} tas ut av nettverkets møteliste, med notatene. Fjerningen står i endringsloggen med hvem som gjorde den og når."
                )],
                meeting_removal_refused(due),
            ))
        }
        Part::Assignment => {
            let a = n.assignment(id)?;
            let mut p = vec![format!("Oppdraget til {}: «{}».", a.member, a.text)];
            if a.report.is_some() {
                p.push("Det som er meldt tilbake på oppdraget, fjernes sammen med det.".into());
            }
            p.push("Fjerningen står i endringsloggen med hvem som gjorde den og når.".into());
            Some(("Fjerne oppdraget?".to_string(), p, None))
        }
    }
}

async fn confirm(
    store: Store,
    auth: Auth,
    id: String,
    part_id: String,
    part: Part,
) -> Result<Response, PageError> {
    let n = network_of(&store, &auth, &id).await?;
    auth.allow(auth.viewer.may_remove_from_network(n.scope()))?;
    let pid = number(&part_id).ok_or(PageError::NotFound)?;
    let (heading, paragraphs, refused) = describe(&n, part, pid).ok_or(PageError::NotFound)?;
    confirm_page(&store, &auth, &n, part, pid, heading, paragraphs, refused).await
}

#[allow(clippy::too_many_arguments)]
async fn confirm_page(
    store: &Store,
    auth: &Auth,
    n: &StoredNetwork,
    part: Part,
    pid: i64,
    heading: String,
    mut paragraphs: Vec<String>,
    refused: Option<String>,
) -> Result<Response, PageError> {
    let network_href = format!("/nettverk/{}", n.id);
    let status = if refused.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let action = match refused {
        Some(why) => {
            paragraphs = vec![why];
            None
        }
        None => Some(format!("{network_href}/{}/{pid}/fjern", part.path())),
    };
    render(
        status,
        &ConfirmPage {
            layout: layout(store, auth, heading.clone(), Nav::Learning).await?,
            back: Some((n.name.clone(), network_href.clone())),
            heading,
            paragraphs,
            action,
            button: "Fjern".into(),
            cancel_href: format!("{network_href}#{}", part.anchor()),
        },
    )
}

async fn remove(
    store: Store,
    auth: Auth,
    id: String,
    part_id: String,
    body: Bytes,
    part: Part,
) -> Result<Response, PageError> {
    let n = network_of(&store, &auth, &id).await?;
    auth.allow(auth.viewer.may_remove_from_network(n.scope()))?;
    let pid = number(&part_id).ok_or(PageError::NotFound)?;
    let (heading, paragraphs, _) = describe(&n, part, pid).ok_or(PageError::NotFound)?;
    if !confirmed(&form_pairs(&body)) {
        return Ok(
            Redirect::to(&format!("/nettverk/{}/{}/{pid}/fjern", n.id, part.path()))
                .into_response(),
        );
    }
    match removal(&store, n.id, part, pid).await {
        Ok(Removed::Removed) => Ok(Redirect::to(&format!(
            "/nettverk/{}?melding={}#{}",
            n.id,
            part.message(),
            part.anchor()
        ))
        .into_response()),
        Ok(Removed::Refused(why)) => {
            confirm_page(&store, &auth, &n, part, pid, heading, paragraphs, Some(why)).await
        }
        Err(StoreError::NotFound(_)) => Err(PageError::NotFound),
        Err(e) => Err(e.into()),
    }
}

async fn removal(store: &Store, network: i64, part: Part, id: i64) -> Result<Removed, StoreError> {
    match part {
        Part::Member => store.remove_member(network, id).await,
        Part::Meeting => store.remove_network_meeting(network, id).await,
        Part::Assignment => store.remove_assignment(network, id).await,
    }
}

/// `GET /nettverk/{id}/medlemmer/{member}/fjern`.
pub async fn confirm_member(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
) -> Result<Response, PageError> {
    confirm(store, auth, id, m, Part::Member).await
}

/// `POST /nettverk/{id}/medlemmer/{member}/fjern`.
pub async fn remove_member(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    remove(store, auth, id, m, body, Part::Member).await
}

/// `GET /nettverk/{id}/moter/{meeting}/fjern`.
pub async fn confirm_meeting(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
) -> Result<Response, PageError> {
    confirm(store, auth, id, m, Part::Meeting).await
}

/// `POST /nettverk/{id}/moter/{meeting}/fjern`.
pub async fn remove_meeting(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    remove(store, auth, id, m, body, Part::Meeting).await
}

/// `GET /nettverk/{id}/oppdrag/{assignment}/fjern`.
pub async fn confirm_assignment(
    Acting(store): Acting,
    auth: Auth,
    Path((id, a)): Path<(String, String)>,
) -> Result<Response, PageError> {
    confirm(store, auth, id, a, Part::Assignment).await
}

/// `POST /nettverk/{id}/oppdrag/{assignment}/fjern`.
pub async fn remove_assignment(
    Acting(store): Acting,
    auth: Auth,
    Path((id, a)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    remove(store, auth, id, a, body, Part::Assignment).await
}

/// `GET /manedens-tema/{office}/{id}/fjern`.
pub async fn confirm_theme(
    Acting(store): Acting,
    auth: Auth,
    Path((office, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let office = office_of(&store, &office)?;
    let entry = entry(&store, &auth, &office, &id).await?;
    auth.allow(auth.viewer.may_remove_theme_of_month(&office))?;
    let id = entry.id;
    let tax = store.taxonomy();
    let name = tax
        .region(&office)
        .map(|r| r.name_nb.clone())
        .unwrap_or_default();
    let theme = super::views::MonthView::new(tax, &entry, false).theme;
    let heading = format!("Fjerne månedens tema for {}?", entry.month.label());
    let back = format!("/manedens-tema/{office}");
    render(
        StatusCode::OK,
        &ConfirmPage {
            layout: layout(&store, &auth, heading.clone(), Nav::Learning).await?,
            back: Some((format!("Månedens tema, {name}"), back.clone())),
            heading,
            paragraphs: vec![
                format!(
                    "Temaet for {} ({}, ansvarlig: {}) tas ut av rotasjonen til {name}.",
                    entry.month.label(),
                    theme,
                    entry.adviser
                ),
                "Fjerningen står i endringsloggen med hvem som gjorde den og når.".into(),
            ],
            action: Some(format!("{back}/{id}/fjern")),
            button: "Fjern".into(),
            cancel_href: back,
        },
    )
}

/// `POST /manedens-tema/{office}/{id}/fjern`.
pub async fn remove_theme(
    Acting(store): Acting,
    auth: Auth,
    Path((office, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let office = office_of(&store, &office)?;
    let id = entry(&store, &auth, &office, &id).await?.id;
    auth.allow(auth.viewer.may_remove_theme_of_month(&office))?;
    if !confirmed(&form_pairs(&body)) {
        return Ok(Redirect::to(&format!("/manedens-tema/{office}/{id}/fjern")).into_response());
    }
    match store.remove_theme_of_month(&office, id).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/manedens-tema/{office}?melding=fjernet")).into_response())
        }
        Err(StoreError::NotFound(_)) => Err(PageError::NotFound),
        Err(e) => Err(e.into()),
    }
}

async fn api_remove(
    store: Store,
    auth: Auth,
    id: String,
    part_id: String,
    part: Part,
) -> Result<Response, ApiError> {
    let n = api_network(&store, &auth, &id).await?;
    require(&auth, auth.viewer.may_remove_from_network(n.scope()))?;
    let what = match part {
        Part::Member => "medlem",
        Part::Meeting => "møte",
        Part::Assignment => "oppdrag",
    };
    let not_found = || ApiError::not_found(format!("Fant ikke {what} «{part_id}» i nettverket."));
    let pid = number(&part_id).ok_or_else(not_found)?;
    match removal(&store, n.id, part, pid).await {
        Ok(Removed::Removed) => Ok(StatusCode::NO_CONTENT.into_response()),
        Ok(Removed::Refused(why)) => Err(crate::learning::refused(why)),
        Err(StoreError::NotFound(_)) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}

/// `DELETE /api/v1/networks/{id}/members/{member}`: 204; 409 while it has assignments.
pub async fn api_remove_member(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    api_remove(store, auth, id, m, Part::Member).await
}

/// `DELETE /api/v1/networks/{id}/meetings/{meeting}`: 204; 409 while assignments are due at it.
pub async fn api_remove_meeting(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    api_remove(store, auth, id, m, Part::Meeting).await
}

/// `DELETE /api/v1/networks/{id}/assignments/{assignment}`: 204.
pub async fn api_remove_assignment(
    Acting(store): Acting,
    auth: Auth,
    Path((id, a)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    api_remove(store, auth, id, a, Part::Assignment).await
}

/// `DELETE /api/v1/themes-of-month/{office}/{id}`: 204.
pub async fn api_remove_theme(
    Acting(store): Acting,
    auth: Auth,
    Path((office, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_remove_theme_of_month(&office))?;
    let not_found =
        || ApiError::not_found(format!("Fant ikke månedens tema «{id}» for «{office}»."));
    let n = number(&id).ok_or_else(not_found)?;
    match store.remove_theme_of_month(&office, n).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(StoreError::NotFound(_)) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}
