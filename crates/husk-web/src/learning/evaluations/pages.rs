//! The staff's evaluation pages: an arena's form (made and managed by the advisers of the
//! arena's office: times, extra questions, the open link with its QR code, personal links;
//! read by all staff), the slide with the QR code, results per arena (hidden below five
//! answers, free text searchable) and over arenas (`/laering/evalueringer`).

use super::views::{
    average_text, average_width, window_message, ExtraRow, LinkRow, QuestionView, ResultsPage,
    SetupPage, SlidePage, SummaryPage, SummaryRow, Typed, YearRow, TEXTS_PAGE_SIZE,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::paging::{PageNav, Paging};
use crate::query::{field, param};
use crate::shared::address::SiteAddress;
use crate::shared::form::{form_pairs, options};
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::learning::evaluations::{
    core_questions, norwegian_local, question_removal_refused, ExtraQuestionInput, QuestionKind,
    Visibility, WindowInput,
};
use husk_domain::learning::ArenaKind;
use husk_domain::norwegian::count;
use husk_store::learning::evaluations::Evaluation;
use husk_store::{SaveError, Store, StoreError};

pub(super) fn number(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

pub(super) async fn evaluation_of(
    store: &Store,
    auth: &Auth,
    id: &str,
) -> Result<Evaluation, PageError> {
    let id = number(id)?;
    found(auth, store.read_as(&auth.viewer).evaluation(id).await)
}

fn confirmation(query: Option<&str>) -> Option<String> {
    match param(query, "melding").as_deref() {
        Some("opprettet") => {
            Some("Evalueringsskjemaet er laget. Lenken og QR-koden står under.".into())
        }
        Some("tider") => Some("Tidene er lagret.".into()),
        Some("sporsmal") => Some("Spørsmålet er lagret.".into()),
        Some("sporsmal-fjernet") => Some("Spørsmålet er fjernet fra skjemaet.".into()),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
async fn setup_page(
    store: &Store,
    auth: &Auth,
    e: &Evaluation,
    base: &str,
    status: StatusCode,
    typed: Typed,
    message: Option<String>,
    new_links: Option<Vec<String>>,
) -> Result<Response, PageError> {
    let may_manage = auth.viewer.may_manage_evaluation(&e.arena.office);
    let invalid = !typed.errors.is_empty();
    let title = format!(
        "{}Evaluering: {}",
        if invalid { "Feil i skjemaet: " } else { "" },
        e.arena.title
    );
    let layout = layout(store, auth, title, Nav::Learning).await?;
    let office = store
        .taxonomy()
        .regions
        .iter()
        .find(|r| r.code == e.arena.office)
        .map(|r| r.name_nb.clone())
        .unwrap_or_else(|| e.arena.office.clone());
    let mut page = SetupPage {
        layout,
        arena_id: e.arena.id,
        arena: e.arena.title.clone(),
        about: format!(
            "{} {}",
            e.arena.kind.label(),
            crate::format::date(e.arena.starts_on)
        ),
        office,
        may_manage,
        has_form: e.form.is_some(),
        state: String::new(),
        opens: String::new(),
        closes: String::new(),
        answered: String::new(),
        hidden_note: None,
        link: None,
        core: core_questions()
            .iter()
            .map(|q| (q.text.clone(), q.kind.label().to_string()))
            .collect(),
        extra: Vec::new(),
        links: Vec::new(),
        links_used: String::new(),
        extra_locked: false,
        typed,
        message,
    };
    if let Some(f) = &e.form {
        let opens = norwegian_local(f.window.opens);
        let closes = norwegian_local(f.window.closes);
        page.state = window_message(f.state, &opens, &closes)
            .unwrap_or_else(|| format!("Skjemaet er åpent og tar imot svar til {closes}."));
        page.opens = opens;
        page.closes = closes;
        page.answered = count(f.answered as i64, "svar", "svar");
        page.extra_locked = question_removal_refused(f.answered).is_some();
        page.hidden_note = Visibility::of(f.answered).message();
        if page.typed.which != "tider" {
            page.typed.opens = husk_domain::learning::evaluations::iso_local(f.window.opens);
            page.typed.closes = husk_domain::learning::evaluations::iso_local(f.window.closes);
        }
        if may_manage {
            page.link = Some(format!("{base}/evaluering/{}", f.token));
            let shown: Vec<(String, bool)> = match &new_links {
                Some(tokens) => tokens.iter().map(|t| (t.clone(), false)).collect(),
                None => f.links.iter().map(|l| (l.token.clone(), l.used)).collect(),
            };
            page.links = shown
                .into_iter()
                .enumerate()
                .map(|(i, (t, used))| LinkRow {
                    number: i + 1,
                    url: format!("{base}/evaluering/{t}"),
                    used,
                })
                .collect();
            page.links_used = format!(
                "{} av {} er brukt.",
                f.links.iter().filter(|l| l.used).count(),
                count(f.links.len() as i64, "personlig lenke", "personlige lenker")
            );
            page.extra = f
                .extra
                .iter()
                .map(|q| ExtraRow {
                    id: q.id,
                    which: format!("sporsmal-{}", q.id),
                    text_id: format!("sporsmal-{}-text", q.id),
                    value: if page.typed.which == format!("sporsmal-{}", q.id) {
                        page.typed.text.clone()
                    } else {
                        q.question.text.clone()
                    },
                    action: format!(
                        "/laeringsarenaer/{}/evaluering/sporsmal/{}",
                        e.arena.id, q.id
                    ),
                    remove_href: question_removal_refused(f.answered).is_none().then(|| {
                        format!(
                            "/laeringsarenaer/{}/evaluering/sporsmal/{}/fjern",
                            e.arena.id, q.id
                        )
                    }),
                    text: q.question.text.clone(),
                    scale: q.question.kind == QuestionKind::Scale,
                    required: q.question.required,
                })
                .collect();
        } else {
            page.extra = f
                .extra
                .iter()
                .map(|q| ExtraRow {
                    id: q.id,
                    which: format!("sporsmal-{}", q.id),
                    text_id: format!("sporsmal-{}-text", q.id),
                    value: if page.typed.which == format!("sporsmal-{}", q.id) {
                        page.typed.text.clone()
                    } else {
                        q.question.text.clone()
                    },
                    action: String::new(),
                    remove_href: None,
                    text: q.question.text.clone(),
                    scale: q.question.kind == QuestionKind::Scale,
                    required: q.question.required,
                })
                .collect();
        }
    }
    render(status, &page)
}

/// `GET /laeringsarenaer/{id}/evaluering`: the arena's evaluation form for staff.
pub async fn setup(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let e = evaluation_of(&store, &auth, &id).await?;
    let base = site.0.clone();
    setup_page(
        &store,
        &auth,
        &e,
        &base,
        StatusCode::OK,
        Typed::default(),
        confirmation(query.as_deref()),
        None,
    )
    .await
}

pub(super) async fn managed(store: &Store, auth: &Auth, id: &str) -> Result<Evaluation, PageError> {
    let e = evaluation_of(store, auth, id).await?;
    auth.allow(auth.viewer.may_manage_evaluation(&e.arena.office))?;
    Ok(e)
}

/// After a write: back to the setup page with a confirmation, or the page again with the
/// problems and what was typed.
#[allow(clippy::too_many_arguments)]
async fn after(
    store: &Store,
    auth: &Auth,
    id: &str,
    site: &SiteAddress,
    result: Result<(), SaveError>,
    message: &str,
    typed: Typed,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/laeringsarenaer/{id}/evaluering?melding={message}"
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            let e = evaluation_of(store, auth, id).await?;
            setup_page(
                store,
                auth,
                &e,
                &site.0,
                StatusCode::UNPROCESSABLE_ENTITY,
                Typed { errors, ..typed },
                None,
                None,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /laeringsarenaer/{id}/evaluering`: makes the arena's form (with the times given, or
/// the default ones).
pub async fn create(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let e = managed(&store, &auth, &id).await?;
    let pairs = form_pairs(&body);
    let input = WindowInput {
        opens: field(&pairs, "apner").to_string(),
        closes: field(&pairs, "stenger").to_string(),
    };
    let r = store.create_evaluation(e.arena.id, &input).await;
    let typed = Typed {
        opens: input.opens,
        closes: input.closes,
        which: "tider".into(),
        ..Typed::default()
    };
    after(&store, &auth, &id, &site, r, "opprettet", typed).await
}

/// `POST /laeringsarenaer/{id}/evaluering/tider`: when the form takes answers.
pub async fn set_window(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let e = managed(&store, &auth, &id).await?;
    let pairs = form_pairs(&body);
    let input = WindowInput {
        opens: field(&pairs, "apner").to_string(),
        closes: field(&pairs, "stenger").to_string(),
    };
    let r = store
        .set_evaluation_window(e.arena.id, &input)
        .await
        .map(|_| ());
    let typed = Typed {
        opens: input.opens,
        closes: input.closes,
        which: "tider".into(),
        ..Typed::default()
    };
    after(&store, &auth, &id, &site, r, "tider", typed).await
}

fn question_input(pairs: &[(String, String)]) -> ExtraQuestionInput {
    ExtraQuestionInput {
        kind: field(pairs, "type").to_string(),
        text: field(pairs, "tekst").to_string(),
        required: field(pairs, "obligatorisk") == "ja",
    }
}

/// `POST /laeringsarenaer/{id}/evaluering/sporsmal`: adds an extra question.
pub async fn add_question(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let e = managed(&store, &auth, &id).await?;
    let pairs = form_pairs(&body);
    let input = question_input(&pairs);
    let r = store
        .save_evaluation_question(e.arena.id, None, &input)
        .await
        .map(|_| ());
    let typed = Typed {
        which: "sporsmal".into(),
        kind: input.kind,
        text: input.text,
        required: input.required,
        ..Typed::default()
    };
    after(&store, &auth, &id, &site, r, "sporsmal", typed).await
}

/// `POST /laeringsarenaer/{id}/evaluering/sporsmal/{question}`: changes an extra question.
pub async fn edit_question(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    Path((id, question)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let e = managed(&store, &auth, &id).await?;
    let qid = number(&question)?;
    let pairs = form_pairs(&body);
    let input = question_input(&pairs);
    let r = store
        .save_evaluation_question(e.arena.id, Some(qid), &input)
        .await
        .map(|_| ());
    let typed = Typed {
        which: format!("sporsmal-{qid}"),
        kind: input.kind,
        text: input.text,
        required: input.required,
        ..Typed::default()
    };
    after(&store, &auth, &id, &site, r, "sporsmal", typed).await
}

/// `POST /laeringsarenaer/{id}/evaluering/lenker`: makes personal links and shows them.
pub async fn make_links(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let e = managed(&store, &auth, &id).await?;
    let pairs = form_pairs(&body);
    let n = field(&pairs, "antall").to_string();
    match store.make_personal_links(e.arena.id, &n).await {
        Ok(tokens) => {
            let e = evaluation_of(&store, &auth, &id).await?;
            let message = format!(
                "{} er laget. Del ut én lenke til hver deltaker; hver kan brukes én gang.",
                count(tokens.len() as i64, "personlig lenke", "personlige lenker")
            );
            setup_page(
                &store,
                &auth,
                &e,
                &site.0,
                StatusCode::OK,
                Typed::default(),
                Some(message),
                Some(tokens),
            )
            .await
        }
        Err(err) => {
            let typed = Typed {
                which: "lenker".into(),
                links: n,
                ..Typed::default()
            };
            after(&store, &auth, &id, &site, Err(err), "", typed).await
        }
    }
}

/// `GET /laeringsarenaer/{id}/evaluering/lysbilde`: the QR code and the link, large, for the
/// last slide of the arena's presentation.
pub async fn slide(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let e = managed(&store, &auth, &id).await?;
    let f = e.form.as_ref().ok_or(PageError::NotFound)?;
    let layout = layout(
        &store,
        &auth,
        format!("QR-kode: {}", e.arena.title),
        Nav::Learning,
    )
    .await?;
    render(
        StatusCode::OK,
        &SlidePage {
            layout,
            arena_id: e.arena.id,
            arena: e.arena.title.clone(),
            link: format!("{}/evaluering/{}", site.0.clone(), f.token),
            closes: norwegian_local(f.window.closes),
        },
    )
}

/// `GET /laeringsarenaer/{id}/evaluering/qr.svg`: the open link as a QR code (SVG).
pub async fn qr_svg(
    Acting(store): Acting,
    auth: Auth,
    site: SiteAddress,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let e = managed(&store, &auth, &id).await?;
    let f = e.form.as_ref().ok_or(PageError::NotFound)?;
    let link = format!("{}/evaluering/{}", site.0.clone(), f.token);
    let code = qrcode::QrCode::new(link.as_bytes())
        .map_err(|e| PageError::Internal(format!("QR-kode: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(320, 320)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}

/// `GET /laeringsarenaer/{id}/evaluering/resultater`: the arena's results (`?sok=` searches
/// the free text).
pub async fn results(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let aid = number(&id)?;
    let r = found(
        &auth,
        store.read_as(&auth.viewer).evaluation_results(aid).await,
    )?;
    let search = param(query.as_deref(), "sok").unwrap_or_default();
    let layout = layout(
        &store,
        &auth,
        format!("Resultater: {}", r.arena.title),
        Nav::Learning,
    )
    .await?;
    let mut questions: Vec<QuestionView> = r
        .results
        .as_ref()
        .map(|res| {
            res.questions
                .iter()
                .enumerate()
                .map(|(i, q)| QuestionView::new(i, q, &search))
                .collect()
        })
        .unwrap_or_default();
    let text_hits = questions.iter().map(|q| q.texts.len()).sum();
    // Each free-text question's answers a page (`?svar-{key}=N`), the search and the other
    // questions' pages kept in the links.
    let path = format!("/laeringsarenaer/{aid}/evaluering/resultater");
    let q = query.as_deref();
    for v in questions.iter_mut().filter(|v| !v.scale) {
        let name = format!("svar-{}", v.key);
        let total = v.texts.len();
        let paging = Paging::for_param(q, &name, total, TEXTS_PAGE_SIZE);
        v.texts_nav =
            PageNav::for_param(&path, q, paging, total, &name, &format!("{}-seksjon", v.id));
        v.texts = v.texts.drain(paging.range(total)).collect();
    }
    render(
        StatusCode::OK,
        &ResultsPage {
            layout,
            arena_id: r.arena.id,
            arena: r.arena.title.clone(),
            about: format!(
                "{} {}",
                r.arena.kind.label(),
                crate::format::date(r.arena.starts_on)
            ),
            answered: count(r.answered as i64, "svar", "svar"),
            hidden: r.visibility.message(),
            overall: r
                .results
                .as_ref()
                .and_then(|x| x.overall())
                .map(|x| average_text(Some(x))),
            questions,
            search,
            text_hits,
        },
    )
}

/// `GET /laering/evalueringer`: the core questions over arenas (`?type=` a kind of arena),
/// per arena and per year, and a search in the free text (`?sok=`).
pub async fn summary(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_read_evaluations())?;
    let kind_code = param(query.as_deref(), "type").unwrap_or_default();
    let kind = ArenaKind::from_code(&kind_code);
    let search = param(query.as_deref(), "sok").unwrap_or_default();
    let s = store
        .read_as(&auth.viewer)
        .evaluation_summary(kind, &search)
        .await?;
    let layout = layout(
        &store,
        &auth,
        "Evalueringer av læringsarenaer",
        Nav::Learning,
    )
    .await?;
    let kinds = options(
        Some("Alle typer"),
        ArenaKind::ALL.iter().map(|k| (k.code(), k.label())),
        kind.map(|k| k.code()).unwrap_or(""),
    );
    let q = query.as_deref();
    let arena_total = s.arenas.len();
    let paging = Paging::for_param(q, "arenaer", arena_total, crate::paging::LIST_PAGE_SIZE);
    let rows_nav = PageNav::for_param(
        "/laering/evalueringer",
        q,
        paging,
        arena_total,
        "arenaer",
        "per-arena",
    );
    let text_total = s.texts.len();
    let text_paging = Paging::for_param(q, "svar", text_total, TEXTS_PAGE_SIZE);
    let texts_nav = PageNav::for_param(
        "/laering/evalueringer",
        q,
        text_paging,
        text_total,
        "svar",
        "fritekst",
    );
    let rows = s.arenas[paging.range(arena_total)]
        .iter()
        .map(|a| SummaryRow {
            href: format!("/laeringsarenaer/{}/evaluering/resultater", a.arena.id),
            title: a.arena.title.clone(),
            kind: a.arena.kind.label().to_string(),
            date: crate::format::date(a.arena.starts_on),
            answered: a.answered,
            averages: a.averages.iter().map(|x| average_text(*x)).collect(),
            overall: average_text(a.overall),
            width: average_width(a.overall),
            hidden: a.overall.is_none(),
        })
        .collect();
    let years = s
        .years
        .iter()
        .map(|y| YearRow {
            year: y.year,
            arenas: y.arenas,
            answered: y.answered,
            averages: y.averages.iter().map(|x| average_text(*x)).collect(),
            overall: average_text(y.overall),
            width: average_width(y.overall),
        })
        .collect();
    render(
        StatusCode::OK,
        &SummaryPage {
            layout,
            kinds,
            kind_label: kind
                .map(|k| k.label().to_string())
                .unwrap_or_else(|| "alle typer".into()),
            questions: s
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| (i + 1, q.text.clone()))
                .collect(),
            rows,
            rows_nav,
            arena_total,
            years,
            search,
            texts: s.texts[text_paging.range(text_total)].to_vec(),
            texts_nav,
            text_total,
            min_answers: SummaryPage::MIN,
            no_error: None,
        },
    )
}
