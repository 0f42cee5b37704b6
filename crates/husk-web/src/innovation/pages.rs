//! The innovation pages: the list with seed 000's matrix and the channels that carried the
//! most adoptions into ordinary operation, an innovation's page, and the forms that record an
//! adoption, confirm one, and accept or reject a source Husk suggested. Who may do what is
//! `husk_domain::access`'s: everyone logged in reads, advisers record and decide suggestions,
//! the adopting organisation's recipient users confirm their own adoptions.

use super::svg;
use super::views::{
    adoption_options, edges, field_label, link_kinds, matrix, origin_text, AdoptionView,
    ChannelView, CurveRow, InnovationPage, InnovationRow, LinkView, ListPage, NextView,
    SuggestionView,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::learning::networks::views::FormView;
use crate::query::{field, param};
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::innovation::adoptions::AdoptionInput;
use husk_domain::innovation::Reference;
use husk_domain::FieldErrors;
use husk_store::innovation::StoredInnovation;
use husk_store::{SaveError, Store, StoreError};

type Pairs = Vec<(String, String)>;

/// The innovation as the viewer reads it (not found, or log in, when the viewer may not).
pub(super) async fn innovation_of(
    store: &Store,
    auth: &Auth,
    code: &str,
) -> Result<StoredInnovation, PageError> {
    found(auth, store.read_as(&auth.viewer).innovation(code).await)
}

fn saved_error(e: SaveError) -> PageError {
    match e {
        SaveError::Invalid(_) | SaveError::Store(StoreError::NotFound(_)) => PageError::NotFound,
        SaveError::Store(e) => e.into(),
    }
}

fn confirmation(query: Option<&str>) -> Option<String> {
    match param(query, "melding").as_deref() {
        Some("registrert") => Some("Overtakelsen er registrert.".into()),
        Some("bekreftet") => Some("Overtakelsen er bekreftet.".into()),
        Some("kilde") => Some("Kilden er lagt inn på overtakelsen.".into()),
        Some("avvist") => Some("Forslaget er avvist og blir ikke foreslått igjen.".into()),
        Some("opprettet") => Some("Innovasjonen er registrert.".into()),
        Some("endret") => Some("Endringene er lagret.".into()),
        Some("koblet") => Some("Koblingen er lagt til.".into()),
        Some("rettet") => Some("Overtakelsen er rettet.".into()),
        Some("fjernet") => Some("Koblingen er fjernet.".into()),
        _ => None,
    }
}

/// `GET /innovasjon`: every innovation, seed 000's matrix with them in it, and the channels.
pub async fn list(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_read_innovations())?;
    let reader = store.read_as(&auth.viewer);
    let all = reader.innovations().await?;
    let channels = reader.innovation_channels().await?;
    let (areas, rows) = matrix(&all);
    let page = ListPage {
        layout: layout(&store, &auth, "Innovasjon og spredning", Nav::Innovation).await?,
        total: husk_domain::norwegian::count(all.len() as i64, "innovasjon", "innovasjoner"),
        rows: all.iter().map(InnovationRow::new).collect(),
        areas,
        matrix: rows,
        channels: channels.iter().map(ChannelView::new).collect(),
        may_record: auth.viewer.may_record_innovation(),
    };
    render(StatusCode::OK, &page)
}

/// `GET /innovasjon/{code}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    page(
        &store,
        &auth,
        &n,
        StatusCode::OK,
        None,
        confirmation(query.as_deref()),
    )
    .await
}

async fn page(
    store: &Store,
    auth: &Auth,
    n: &StoredInnovation,
    status: StatusCode,
    form: Option<FormView>,
    message: Option<String>,
) -> Result<Response, PageError> {
    full_page(store, auth, n, status, form, None, message).await
}

/// The page again with the link form as typed and its errors.
pub(super) async fn page_with_link_form(
    store: &Store,
    auth: &Auth,
    n: &StoredInnovation,
    status: StatusCode,
    link_form: FormView,
) -> Result<Response, PageError> {
    full_page(store, auth, n, status, None, Some(link_form), None).await
}

fn link_form_view(code: &str) -> FormView {
    FormView::new(
        format!("/innovasjon/{code}/koblinger"),
        "kobling",
        Vec::new(),
        FieldErrors::new(),
        |_| "Feltet",
    )
}

async fn full_page(
    store: &Store,
    auth: &Auth,
    n: &StoredInnovation,
    status: StatusCode,
    form: Option<FormView>,
    link_form: Option<FormView>,
    message: Option<String>,
) -> Result<Response, PageError> {
    let d = store.read_as(&auth.viewer).diffusion(n).await?;
    let link_form = auth
        .viewer
        .may_record_innovation()
        .then(|| link_form.unwrap_or_else(|| link_form_view(&n.code)));
    let example = store
        .read_as(&auth.viewer)
        .good_example_of("innovasjon", &n.code)
        .await?
        .map(|e| (format!("/gode-eksempler/{}", e.id), e.withdrawn));
    let r = Reference::builtin();
    let may_record = auth.viewer.may_record_innovation();
    let typology = r.typology(n.kind);
    let [spread_options, channel_options, phase_options, kind_options] =
        adoption_options(form.as_ref());
    let graph_desc = format!(
        "{}: {}. {} overtakelser er registrert; tabellen under grafen gir hver kant.",
        n.name,
        if n.origin_place.is_empty() {
            "hvor den begynte, er ikke oppgitt".to_string()
        } else {
            format!("begynte i {}", n.origin_place)
        },
        n.adoptions.len()
    );
    let curve_desc = match (d.curve.first(), d.curve.last()) {
        (Some(f), Some(l)) => format!(
            "Bekreftede overtakelser i alt per år fra {} til {}: {} til slutt. Tabellen under gir tallene.",
            f.year, l.year, l.cumulative
        ),
        _ => "Ingen daterte bekreftede overtakelser.".into(),
    };
    let links = n
        .links
        .iter()
        .map(|l| {
            let (href, label) = match l.kind.as_str() {
                "tilskudd" if l.entry.is_some() => (
                    format!("/prosjekter/{}", l.entry.as_deref().unwrap_or_default()),
                    format!("Tilskudd {}", l.target),
                ),
                "prosjekt" => (
                    format!("/prosjekter/{}", l.target),
                    format!("Oppføring {}", l.target),
                ),
                "dokument" => (
                    format!("/dokumenter/{}", l.target),
                    format!("Dokument {}", l.target),
                ),
                "arena" => (
                    format!("/arenaer/{}", l.target),
                    format!("Læringsarena {}", l.target),
                ),
                _ => (String::new(), format!("Tilskudd {}", l.target)),
            };
            let label = match &l.title {
                Some(t) => format!("{t} ({})", l.target),
                None => label,
            };
            LinkView {
                href,
                label,
                source: l.source.clone(),
                kind: l.kind.clone(),
                target: l.target.clone(),
            }
        })
        .collect();
    let p = InnovationPage {
        layout: layout(store, auth, &n.name, Nav::Innovation).await?,
        code: n.code.clone(),
        name: n.name.clone(),
        description: n.description.clone(),
        kind: n.kind.label().into(),
        kind_examples: typology.map(|t| t.examples_nb.clone()).unwrap_or_default(),
        growth_paths: typology
            .map(|t| t.growth_paths.replace(';', ", "))
            .unwrap_or_default(),
        dimension: n.dimension.label().into(),
        area: n.area.label().into(),
        cell_examples: r
            .cell(n.dimension, n.area)
            .map(|c| c.examples_nb.clone())
            .unwrap_or_default(),
        practice_model: n
            .practice_model
            .and_then(|m| r.practice_model(m))
            .map(|m| (m.name_nb.clone(), m.goal_nb.clone(), m.method_nb.clone())),
        radical: match n.radical {
            Some(true) => "Radikal".into(),
            Some(false) => "Inkrementell".into(),
            None => "Ikke oppgitt".into(),
        },
        financing: n.financing.clone(),
        origin: origin_text(n),
        source: n.source.clone(),
        husk_note: n.husk_note.clone(),
        links,
        adoptions: n
            .adoptions
            .iter()
            .map(|a| AdoptionView::new(a, auth.viewer.may_confirm_adoption(a.scope())))
            .collect(),
        graph_svg: svg::graph(&d.graph, &format!("Spredningen av {}", n.name), &graph_desc),
        edges: edges(&d),
        legend: husk_domain::innovation::adoptions::Channel::ALL
            .iter()
            .filter(|c| d.graph.edges.iter().any(|e| e.channel == **c))
            .map(|c| {
                ChannelView::new(&husk_domain::innovation::diffusion::ChannelFigures {
                    channel: *c,
                    adoptions: 0,
                    in_operation: 0,
                })
            })
            .collect(),
        curve_svg: svg::curve(
            &d.curve,
            &format!("Overtakelser av {} over tid", n.name),
            &curve_desc,
        ),
        curve: d
            .curve
            .iter()
            .map(|p| CurveRow {
                year: p.year,
                new: p.new,
                cumulative: p.cumulative,
                adopters: p.adopters.join(", "),
            })
            .collect(),
        undated: d.undated,
        suggestions: d
            .suggestions
            .iter()
            .map(|s| SuggestionView {
                adoption_id: s.adoption_id,
                adopter: s.adopter.clone(),
                source: s.source.clone(),
                confidence: s.confidence,
                reasons: s.reasons.clone(),
            })
            .collect(),
        next: d.likely_next.iter().map(NextView::new).collect(),
        may_record,
        link_kinds: link_kinds(link_form.as_ref()),
        disagreements: n.disagreements.clone(),
        link_form,
        example,
        may_publish: auth.viewer.may_publish_good_example(),
        csrf: auth.csrf.clone(),
        form: form.or_else(|| {
            may_record.then(|| {
                FormView::new(
                    format!("/innovasjon/{}/overtakelser", n.code),
                    "ny",
                    Vec::new(),
                    FieldErrors::new(),
                    field_label,
                )
            })
        }),
        spread_options,
        channel_options,
        phase_options,
        kind_options,
        message,
    };

    render(status, &p)
}

/// The adoption form's fields as typed.
pub(super) fn adoption_input(pairs: &Pairs) -> AdoptionInput {
    AdoptionInput {
        adopter: field(pairs, "adopter").into(),
        adopter_kind: field(pairs, "adopter_type").into(),
        kommunenummer: field(pairs, "kommunenummer").into(),
        from: field(pairs, "fra").into(),
        spread: field(pairs, "spredning").into(),
        channel: field(pairs, "kanal").into(),
        phase: field(pairs, "fase").into(),
        year: field(pairs, "ar").into(),
        year_at_latest: field(pairs, "senest").into(),
        result: field(pairs, "resultat").into(),
        evidence: field(pairs, "dokumentasjon").into(),
        confirmed: !field(pairs, "bekreftet").is_empty(),
    }
}

/// `POST /innovasjon/{code}/overtakelser`: records an adoption (advisers).
pub async fn record(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    auth.allow(auth.viewer.may_record_innovation())?;
    let pairs = form_pairs(&body);
    match store
        .record_adoption(&n.code, &adoption_input(&pairs))
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!(
            "/innovasjon/{}?melding=registrert#overtakelse-{id}",
            n.code
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            let form = FormView::new(
                format!("/innovasjon/{}/overtakelser", n.code),
                "ny",
                pairs,
                errors,
                field_label,
            );
            page(
                &store,
                &auth,
                &n,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(form),
                None,
            )
            .await
        }
        Err(e) => Err(saved_error(e)),
    }
}

/// `POST /innovasjon/{code}/overtakelser/{id}/bekreft`: confirms an adoption as recorded
/// (advisers, and the adopting organisation's recipient users). One that lacks a
/// municipality or a year cannot be confirmed: the page says what is missing.
pub async fn confirm(
    Acting(store): Acting,
    auth: Auth,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    let id: i64 = id.parse().map_err(|_| PageError::NotFound)?;
    let a = n.adoption(id).ok_or(PageError::NotFound)?;
    auth.allow(auth.viewer.may_confirm_adoption(a.scope()))?;
    let input = AdoptionInput {
        confirmed: true,
        ..a.input()
    };
    match store.update_adoption(&n.code, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/innovasjon/{}?melding=bekreftet#overtakelse-{id}",
            n.code
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            let message = errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            page(
                &store,
                &auth,
                &n,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(format!("{} kan ikke bekreftes ennå. {message}", a.adopter)),
            )
            .await
        }
        Err(e) => Err(saved_error(e)),
    }
}

/// `POST /innovasjon/{code}/kilder`: accepts (`valg=godta`) or rejects (`valg=avvis`) a
/// source Husk suggested for an adoption (advisers).
pub async fn decide(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    auth.allow(auth.viewer.may_record_innovation())?;
    let pairs = form_pairs(&body);
    let id: i64 = field(&pairs, "overtakelse")
        .parse()
        .map_err(|_| PageError::NotFound)?;
    let source = field(&pairs, "kilde").to_string();
    let accept = match field(&pairs, "valg") {
        "godta" => true,
        "avvis" => false,
        _ => return Err(PageError::NotFound),
    };
    let d = store.read_as(&auth.viewer).diffusion(&n).await?;
    if !d
        .suggestions
        .iter()
        .any(|s| s.adoption_id == id && s.source == source)
    {
        // Only what Husk suggests now can be decided (a stale page gets the page again).
        return page(
            &store,
            &auth,
            &n,
            StatusCode::CONFLICT,
            None,
            Some("Forslaget finnes ikke lenger. Siden viser forslagene slik de er nå.".into()),
        )
        .await;
    }
    match store
        .decide_suggested_source(&n.code, id, &source, accept)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/innovasjon/{}?melding={}#overtakelse-{id}",
            n.code,
            if accept { "kilde" } else { "avvist" }
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            let message = errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            page(
                &store,
                &auth,
                &n,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(message),
            )
            .await
        }
        Err(e) => Err(saved_error(e)),
    }
}
