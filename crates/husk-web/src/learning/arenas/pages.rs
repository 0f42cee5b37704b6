//! The learning arenas' pages: the calendar per office, programme and network (upcoming and
//! past, by month) with its iCalendar feed, an arena's page, the arena form, and the agenda,
//! participants and materials forms of who runs the arena.

use super::views::{ArenaForm, ArenaPage, CalendarPage, FeedLinkPage, FormPage, ManageForms};
use crate::auth::Auth;
use crate::error::PageError;
use crate::paging::{PageNav, Paging};
use crate::query::{field, param};
use crate::shared::address::SiteAddress;
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, RawQuery};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::learning::arenas::{
    ical_feed, AgendaItemInput, ArenaFilter, ArenaInput, FeedEvent, ParticipantInput, When,
};
use husk_domain::{FieldErrors, Viewer};
use husk_store::learning::arenas::StoredArena;
use husk_store::reporting::today;
use husk_store::{IngestError, SaveError, Store, StoreError};

fn arena_id(raw: &str) -> Result<i64, PageError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(PageError::NotFound)
}

/// The calendar's filter from the query string, and the network as typed.
pub(crate) fn filter_of(query: Option<&str>) -> (ArenaFilter, String, When) {
    let text = |k: &str| {
        param(query, k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let raw_network = text("nettverk").unwrap_or_default();
    let filter = ArenaFilter {
        office: text("kontor"),
        programme: text("program"),
        // A network that is not a number matches no arena (rather than all of them).
        network: (!raw_network.is_empty()).then(|| raw_network.parse().unwrap_or(-1)),
    };
    let when = When::from_code(&param(query, "vis").unwrap_or_default());
    (filter, raw_network, when)
}

/// `GET /laeringsarenaer?kontor=..&program=..&nettverk=..&vis=kommende|tidligere|alle`.
pub async fn calendar(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_see_arena_calendar())?;
    calendar_page(&store, &auth, query.as_deref(), None).await
}

async fn calendar_page(
    store: &Store,
    auth: &Auth,
    query: Option<&str>,
    feed_url: Option<String>,
) -> Result<Response, PageError> {
    let (filter, raw_network, when) = filter_of(query);
    let arenas = store
        .read_as(&auth.viewer)
        .arenas(&filter, when, today())
        .await?;
    let choices = store.arena_choices().await?;
    let layout = layout(store, auth, "Læringsarenaer", Nav::Learning).await?;
    // The list pages (`?side=N`, 50 a page, the filters kept); the feed stays complete.
    let total = arenas.len();
    let paging = Paging::for_list(query, total);
    let mut page = CalendarPage::new(
        layout,
        store.taxonomy(),
        &choices,
        &filter,
        &raw_network,
        when,
        &arenas[paging.range(total)],
        auth.viewer.may_create_arenas(),
    );
    page.total = husk_domain::norwegian::count(total as i64, "arena", "arenaer");
    page.nav = PageNav::new("/laeringsarenaer", query, paging, total);
    page.feed_url = feed_url;
    render(StatusCode::OK, &page)
}

/// `POST /laeringsarenaer/kalenderlenke`: makes the user's calendar feed address (a new token;
/// the earlier address stops working) and shows it once.
pub async fn feed_link(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    body: Bytes,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_see_arena_calendar())?;
    let user = auth.user()?;
    let token = store.new_arena_feed_token(user.id).await?;
    let pairs = form_pairs(&body);
    let q = field(&pairs, "filter");
    let sep = if q.is_empty() { "" } else { "&" };
    let url = site.link(&format!("/laeringsarenaer.ics?{q}{sep}nokkel={token}"));
    let layout = layout(&store, &auth, "Kalenderadresse", Nav::Learning).await?;
    render(StatusCode::OK, &FeedLinkPage { layout, url })
}

/// `GET /laeringsarenaer.ics?…&nokkel=..`: the calendar as iCalendar, for the filter, with the
/// arenas whose day is known. A calendar program sends the user's feed token (`nokkel`); a
/// browser may use its session instead.
pub async fn ical(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let q = query.as_deref();
    let viewer =
        match param(q, "nokkel") {
            Some(token) => match store.arena_feed_user(&token).await? {
                Some(u) => Viewer::User(u),
                None => return Ok((
                    StatusCode::UNAUTHORIZED,
                    "Kalenderadressen er ikke gyldig lenger. Lag en ny på siden Læringsarenaer.",
                )
                    .into_response()),
            },
            None => auth.viewer.clone(),
        };
    if !viewer.may_see_arena_calendar() {
        return Ok((
            StatusCode::UNAUTHORIZED,
            "Kalenderen krever innlogging eller en personlig kalenderadresse.",
        )
            .into_response());
    }
    let (filter, _, _) = filter_of(q);
    let arenas = store
        .read_as(&viewer)
        .arenas(&filter, When::All, today())
        .await?;
    let events: Vec<FeedEvent<'_>> = arenas
        .iter()
        .map(|a| FeedEvent {
            id: a.id,
            title: &a.title,
            kind: a.kind,
            date: a.date,
            place: &a.place,
            organiser: &a.organiser,
            description: &a.description,
            url: Some(site.link(&format!("/laeringsarenaer/{}", a.id))),
        })
        .collect();
    let stamp = time::OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        stamp.year(),
        u8::from(stamp.month()),
        stamp.day(),
        stamp.hour(),
        stamp.minute(),
        stamp.second()
    );
    // The events' UIDs name the site's host (without scheme, port or path).
    let host_only = site
        .0
        .split("://")
        .nth(1)
        .and_then(|h| h.split(['/', ':']).next())
        .unwrap_or("husk")
        .to_string();
    let text = ical_feed("Læringsarenaer (Husk)", &events, &stamp, &host_only);
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"laeringsarenaer.ics\"",
            ),
        ],
        text,
    )
        .into_response())
}

/// The offices the viewer may put an arena under.
fn own_offices<'a>(store: &'a Store, viewer: &Viewer) -> Vec<&'a str> {
    store
        .taxonomy()
        .regions
        .iter()
        .map(|r| r.code.as_str())
        .filter(|c| viewer.may_manage_arena(c))
        .collect()
}

async fn form_page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    id: Option<i64>,
    values: ArenaInput,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let choices = store.arena_choices().await?;
    let (heading, action, back, submit) = match id {
        None => (
            "Ny læringsarena".to_string(),
            "/laeringsarenaer/ny".to_string(),
            "/laeringsarenaer".to_string(),
            "Lagre arenaen",
        ),
        Some(id) => (
            format!("Endre {}", values.tittel),
            format!("/laeringsarenaer/{id}/endre"),
            format!("/laeringsarenaer/{id}"),
            "Lagre endringene",
        ),
    };
    let title = if errors.is_empty() {
        heading.clone()
    } else {
        format!("Feil i skjemaet: {heading}")
    };
    let offices = own_offices(store, &auth.viewer);
    let form = ArenaForm::new(
        store.taxonomy(),
        &choices,
        action,
        submit,
        values,
        errors,
        &offices,
    );
    let layout = layout(store, auth, title, Nav::Learning).await?;
    render(
        status,
        &FormPage {
            layout,
            heading,
            back,
            form,
        },
    )
}

/// The arena form's values from its body.
fn arena_input(pairs: &[(String, String)]) -> ArenaInput {
    ArenaInput {
        tittel: field(pairs, "tittel").to_string(),
        kind: field(pairs, "type").to_string(),
        fra: field(pairs, "fra").to_string(),
        til: field(pairs, "til").to_string(),
        sted: field(pairs, "sted").to_string(),
        arrangor: field(pairs, "arrangor").to_string(),
        kontor: field(pairs, "kontor").to_string(),
        program: field(pairs, "program").to_string(),
        nettverk: field(pairs, "nettverk").to_string(),
        temaer: pairs
            .iter()
            .filter(|(k, _)| k == "temaer")
            .map(|(_, v)| v.clone())
            .collect(),
        beskrivelse: field(pairs, "beskrivelse").to_string(),
    }
}

/// `GET /laeringsarenaer/ny`: an adviser's office and a programme from `?program=` are filled
/// in.
pub async fn new_form(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_create_arenas())?;
    let values = ArenaInput {
        kontor: auth
            .viewer
            .user()
            .and_then(|u| u.role.region())
            .unwrap_or("")
            .to_string(),
        program: param(query.as_deref(), "program").unwrap_or_default(),
        ..Default::default()
    };
    form_page(
        &store,
        &auth,
        StatusCode::OK,
        None,
        values,
        FieldErrors::new(),
    )
    .await
}

/// `POST /laeringsarenaer/ny`.
pub async fn create(Acting(store): Acting, auth: Auth, body: Bytes) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_create_arenas())?;
    let values = arena_input(&form_pairs(&body));
    if !values.kontor.trim().is_empty() && !auth.viewer.may_manage_arena(values.kontor.trim()) {
        let mut errors = FieldErrors::new();
        errors.push(
            "kontor",
            "Du kan bare legge inn arenaer for ditt eget kontor. Velg kontoret ditt.",
        );
        return form_page(&store, &auth, StatusCode::FORBIDDEN, None, values, errors).await;
    }
    match store.save_arena(None, &values).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/laeringsarenaer/{id}?melding=lagret")).into_response())
        }
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                values,
                errors,
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// The arena as the viewer reads it, refused unless they may manage it.
async fn managed(store: &Store, auth: &Auth, id: i64) -> Result<StoredArena, PageError> {
    let a = found(auth, store.read_as(&auth.viewer).arena(id).await)?;
    auth.allow(auth.viewer.may_manage_arena(&a.office))?;
    Ok(a)
}

/// `GET /laeringsarenaer/{id}/endre`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = arena_id(&id)?;
    let a = managed(&store, &auth, id).await?;
    form_page(
        &store,
        &auth,
        StatusCode::OK,
        Some(id),
        a.input(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /laeringsarenaer/{id}/endre`.
pub async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = arena_id(&id)?;
    managed(&store, &auth, id).await?;
    let values = arena_input(&form_pairs(&body));
    if !values.kontor.trim().is_empty() && !auth.viewer.may_manage_arena(values.kontor.trim()) {
        let mut errors = FieldErrors::new();
        errors.push(
            "kontor",
            "Du kan bare flytte arenaen til et kontor du selv er rådgiver ved.",
        );
        return form_page(
            &store,
            &auth,
            StatusCode::FORBIDDEN,
            Some(id),
            values,
            errors,
        )
        .await;
    }
    match store.save_arena(Some(id), &values).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/laeringsarenaer/{id}?melding=lagret")).into_response())
        }
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(id),
                values,
                errors,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

fn confirmation(query: Option<&str>) -> Option<String> {
    match param(query, "melding").as_deref() {
        Some("lagret") => Some("Arenaen er lagret.".into()),
        Some("program") => Some("Programmet er lagret.".into()),
        Some("deltakere") => Some("Deltakerne er lagret.".into()),
        Some("verktoy") => Some("Verktøyet er ført opp som brukt på arenaen.".into()),
        Some("verktoy-fjernet") => {
            Some("Verktøyet er ikke lenger ført opp som brukt på arenaen.".into())
        }
        Some("materiell-fjernet") => Some(
            "Materiellet er tatt av arenaen. Dokumentet ligger fortsatt i kunnskapsbasen.".into(),
        ),
        Some("materiell") => {
            Some("Materiellet er lagt i kunnskapsbasen og knyttet til arenaen.".into())
        }
        Some("materiell-fantes") => Some(
            "Filen fantes allerede i kunnskapsbasen; dokumentet er knyttet til arenaen.".into(),
        ),
        _ => None,
    }
}

async fn arena_page(
    store: &Store,
    auth: &Auth,
    a: &StoredArena,
    status: StatusCode,
    message: Option<String>,
    manage: Option<ManageForms>,
) -> Result<Response, PageError> {
    let manage = if auth.viewer.may_manage_arena(&a.office) {
        Some(manage.unwrap_or_else(|| ManageForms::new(a)))
    } else {
        None
    };
    let title = match &manage {
        Some(m)
            if !(m.agenda_errors.is_empty()
                && m.participant_errors.is_empty()
                && m.material_errors.is_empty()) =>
        {
            format!("Feil i skjemaet: {}", a.title)
        }
        _ => a.title.clone(),
    };
    let layout = layout(store, auth, title, Nav::Learning).await?;
    let mut page = ArenaPage::new(layout, store.taxonomy(), a, message, manage);
    page.tools = store
        .tools_at_arena(a.id)
        .await?
        .into_iter()
        .map(|(tool, name)| {
            (
                format!("/verktoykasse/{tool}"),
                name,
                format!("/laeringsarenaer/{}/verktoy/{tool}/fjern", a.id),
            )
        })
        .collect();
    if page.manage.is_some() {
        page.tool_choices = store
            .tool_names()
            .await?
            .into_iter()
            .filter(|(_, name)| !page.tools.iter().any(|(_, used, _)| used == name))
            .collect();
    }
    if auth.viewer.may_read_evaluations() {
        page.evaluation_href = Some(format!("/laeringsarenaer/{}/evaluering", a.id));
    }
    render(status, &page)
}

/// `GET /laeringsarenaer/{id}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let id = arena_id(&id)?;
    let a = found(&auth, store.read_as(&auth.viewer).arena(id).await)?;
    arena_page(
        &store,
        &auth,
        &a,
        StatusCode::OK,
        confirmation(query.as_deref()),
        None,
    )
    .await
}

/// The agenda rows of a form body (`tid`, `tittel`, `hvem` repeated in row order).
fn agenda_rows(pairs: &[(String, String)]) -> Vec<AgendaItemInput> {
    let col = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let (t, ti, h) = (col("tid"), col("tittel"), col("hvem"));
    let n = t.len().max(ti.len()).max(h.len());
    (0..n)
        .map(|i| AgendaItemInput {
            tid: t.get(i).cloned().unwrap_or_default(),
            tittel: ti.get(i).cloned().unwrap_or_default(),
            hvem: h.get(i).cloned().unwrap_or_default(),
        })
        .collect()
}

fn participant_rows(pairs: &[(String, String)]) -> Vec<ParticipantInput> {
    let col = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let (o, c) = (col("organisasjon"), col("antall"));
    (0..o.len().max(c.len()))
        .map(|i| ParticipantInput {
            organisasjon: o.get(i).cloned().unwrap_or_default(),
            antall: c.get(i).cloned().unwrap_or_default(),
        })
        .collect()
}

/// `POST /laeringsarenaer/{id}/program`: replaces the agenda.
pub async fn save_agenda(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = arena_id(&id)?;
    let a = managed(&store, &auth, id).await?;
    let rows = agenda_rows(&form_pairs(&body));
    match store.save_arena_agenda(id, &rows).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/laeringsarenaer/{id}?melding=program#program")).into_response(),
        ),
        Err(SaveError::Invalid(errors)) => {
            let forms = ManageForms::new(&a).with_agenda(&rows, errors);
            arena_page(
                &store,
                &auth,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(forms),
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /laeringsarenaer/{id}/deltakere`: replaces the participants.
pub async fn save_participants(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = arena_id(&id)?;
    let a = managed(&store, &auth, id).await?;
    let rows = participant_rows(&form_pairs(&body));
    match store.save_arena_participants(id, &rows).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/laeringsarenaer/{id}?melding=deltakere#deltakere"
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            let forms = ManageForms::new(&a).with_participants(&rows, errors);
            arena_page(
                &store,
                &auth,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(forms),
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /laeringsarenaer/{id}/verktoy` (`verktoy`: a tool's id): records that a tool from
/// the toolbox was used at the arena, for the toolbox's usage statistics and its evaluation
/// scores.
pub async fn add_tool(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = arena_id(&id)?;
    let a = managed(&store, &auth, id).await?;
    let chosen = form_pairs(&body)
        .into_iter()
        .find(|(k, _)| k == "verktoy")
        .and_then(|(_, v)| v.trim().parse::<i64>().ok());
    let known = store.tool_names().await?;
    match chosen.filter(|t| known.iter().any(|(k, _)| k == t)) {
        Some(tool) => {
            store.link_tool_to_arena(tool, id).await?;
            Ok(
                Redirect::to(&format!("/laeringsarenaer/{id}?melding=verktoy#verktoy"))
                    .into_response(),
            )
        }
        None => {
            arena_page(
                &store,
                &auth,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("Velg et verktøy fra verktøykassen i listen.".into()),
                None,
            )
            .await
        }
    }
}

/// `POST /laeringsarenaer/{id}/materiell` (multipart: `tittel`, `file`): the file goes into the
/// knowledge base as a document (through the same ingest as `/dokumenter/ny`: extracted,
/// split into passages and indexed for search), of the arena's office and programme, with its
/// themes, and is linked to the arena.
pub async fn upload_material(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let id = arena_id(&id)?;
    let a = managed(&store, &auth, id).await?;
    let up = super::materials::read(&store, &mut multipart).await?;
    let title = up.title.clone();
    let fail = |message: String, title: String| {
        let mut errors = FieldErrors::new();
        errors.push("file", message);
        ManageForms::new(&a).with_material(title, errors)
    };
    let errors = up.errors();
    if !errors.is_empty() {
        let forms = ManageForms::new(&a).with_material(title, errors);
        return arena_page(
            &store,
            &auth,
            &a,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some(forms),
        )
        .await;
    }
    let Some((tmp, name, _)) = up.file else {
        return Err(PageError::NotFound);
    };
    let result = store
        .add_arena_material_file(&a, &tmp.0, &name, &title)
        .await;
    drop(tmp);
    match result {
        Ok(done) => {
            let m = if done.duplicate {
                "materiell-fantes"
            } else {
                "materiell"
            };
            Ok(
                Redirect::to(&format!("/laeringsarenaer/{id}?melding={m}#materiell"))
                    .into_response(),
            )
        }
        Err(IngestError::Invalid(e)) => {
            let message = e
                .iter()
                .map(|x| x.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            let mut errors = FieldErrors::new();
            errors.push("tittel", message);
            let forms = ManageForms::new(&a).with_material(title, errors);
            arena_page(
                &store,
                &auth,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(forms),
            )
            .await
        }
        Err(IngestError::Extract(e)) => {
            let forms = fail(e.to_string(), title);
            arena_page(
                &store,
                &auth,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(forms),
            )
            .await
        }
        Err(e) => Err(PageError::Internal(format!("materiell: {e}"))),
    }
}
