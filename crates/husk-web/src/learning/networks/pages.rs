//! The networks' pages: the list with its filters, a network's page, and the forms that add
//! and change a network, its members, meetings and assignments, and a member's report-back.
//! Who may do what is `husk_domain::access`'s: advisers run their office's networks, members'
//! recipient users report back on their own assignments, staff read every network.

use super::views::{
    field_label, kind_options, meeting_options, member_options, office_options, EditPage, FormView,
    ListPage, NetworkFormPage, NetworkPage, NetworkRow, ThemeCheck,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::paging::{PageNav, Paging};
use crate::query::{field, param};
use crate::shared::form::{form_pairs, options};
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::learning::networks::{
    AssignmentInput, MemberInput, NetworkInput, NetworkMeetingInput, ReportBackInput,
};
use husk_domain::learning::NetworkKind;
use husk_domain::FieldErrors;
use husk_store::learning::networks::{NetworkFilter, StoredNetwork};
use husk_store::reporting::today;
use husk_store::{SaveError, Store, StoreError};

type Pairs = Vec<(String, String)>;

fn number(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

/// The network as the viewer reads it (not found, or log in, when the viewer may not).
pub(super) async fn network_of(
    store: &Store,
    auth: &Auth,
    id: &str,
) -> Result<StoredNetwork, PageError> {
    let id = number(id)?;
    found(auth, store.read_as(&auth.viewer).network(id).await)
}

fn saved_error(e: SaveError) -> PageError {
    match e {
        SaveError::Invalid(_) | SaveError::Store(StoreError::NotFound(_)) => PageError::NotFound,
        SaveError::Store(e) => e.into(),
    }
}

fn confirmation(query: Option<&str>) -> Option<String> {
    match param(query, "melding").as_deref() {
        Some("opprettet") => Some("Nettverket er opprettet.".into()),
        Some("endret") => Some("Endringene er lagret.".into()),
        Some("medlem") => Some("Medlemmet er lagt til.".into()),
        Some("mote") => Some("Møtet er registrert.".into()),
        Some("oppdrag") => Some("Oppdraget er registrert.".into()),
        Some("tilbakemelding") => Some("Tilbakemeldingen er lagret.".into()),
        Some("medlem-fjernet") => Some("Medlemmet er fjernet fra nettverket.".into()),
        Some("mote-fjernet") => Some("Møtet er fjernet.".into()),
        Some("oppdrag-fjernet") => Some("Oppdraget er fjernet.".into()),
        _ => None,
    }
}

/// `GET /nettverk`: the networks the viewer reads, filtered by office, kind and programme.
pub async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_list_networks())?;
    let q = query.as_deref();
    let filter = NetworkFilter {
        office: param(q, "kontor").unwrap_or_default(),
        kind: param(q, "type").unwrap_or_default(),
        programme: param(q, "program").unwrap_or_default(),
    };
    let networks = store.read_as(&auth.viewer).networks(&filter).await?;
    let programmes = store.network_programmes().await?;
    let tax = store.taxonomy();
    let count = networks.len();
    let paging = Paging::for_list(q, count);
    let page = ListPage {
        layout: layout(&store, &auth, "Nettverk", Nav::Learning).await?,
        total: husk_domain::norwegian::count(count as i64, "nettverk", "nettverk"),
        rows: networks[paging.range(count)]
            .iter()
            .map(NetworkRow::new)
            .collect(),
        nav: PageNav::new("/nettverk", q, paging, count),
        offices: office_options(tax, Some("Alle kontor"), &filter.office),
        kinds: kind_options(Some("Alle typer"), &filter.kind),
        programmes: options(
            Some("Alle programmer"),
            programmes.iter().map(|(a, b)| (a.as_str(), b.as_str())),
            &filter.programme,
        ),
        may_create: may_create_any(store.taxonomy(), &auth),
        filtered: !(filter.office.is_empty()
            && filter.kind.is_empty()
            && filter.programme.is_empty()),
    };
    render(StatusCode::OK, &page)
}

/// Whether the viewer may create a network for some office.
pub(crate) fn may_create_any(tax: &husk_domain::Taxonomy, auth: &Auth) -> bool {
    tax.regions
        .iter()
        .any(|r| r.is_office() && auth.viewer.may_create_network(&r.code))
}

fn empty_forms(n: &StoredNetwork, may_manage: bool) -> [Option<FormView>; 3] {
    if !may_manage {
        return [None, None, None];
    }
    let base = format!("/nettverk/{}", n.id);
    [
        Some(FormView::new(
            format!("{base}/medlemmer"),
            "medlem",
            vec![],
            FieldErrors::new(),
            field_label,
        )),
        Some(FormView::new(
            format!("{base}/moter"),
            "mote",
            vec![],
            FieldErrors::new(),
            field_label,
        )),
        Some(FormView::new(
            format!("{base}/oppdrag"),
            "oppdrag",
            vec![],
            FieldErrors::new(),
            field_label,
        )),
    ]
}

#[allow(clippy::too_many_arguments)]
async fn network_page(
    store: &Store,
    auth: &Auth,
    n: &StoredNetwork,
    status: StatusCode,
    forms: Option<[Option<FormView>; 3]>,
    report: Option<(i64, Pairs, FieldErrors)>,
    message: Option<String>,
) -> Result<Response, PageError> {
    let may_manage = auth.viewer.may_manage_network(n.scope());
    let forms = forms.unwrap_or_else(|| empty_forms(n, may_manage));
    let may_report = |a: &husk_store::learning::networks::StoredAssignment| {
        auth.viewer.may_report_back(n.assignment_scope(a))
    };
    let invalid = forms.iter().flatten().any(|f| !f.errors.is_empty())
        || report.as_ref().is_some_and(|(_, _, e)| !e.is_empty());
    let title = if invalid {
        format!("Feil i skjemaet: {}", n.name)
    } else {
        n.name.clone()
    };
    let layout = layout(store, auth, title, Nav::Learning).await?;
    let page = NetworkPage::new(
        layout,
        store.taxonomy(),
        n,
        may_manage,
        &may_report,
        forms,
        report,
        message,
    );
    render(status, &page)
}

/// `GET /nettverk/{id}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let n = network_of(&store, &auth, &id).await?;
    network_page(
        &store,
        &auth,
        &n,
        StatusCode::OK,
        None,
        None,
        confirmation(query.as_deref()),
    )
    .await
}

fn network_input(pairs: &Pairs) -> NetworkInput {
    NetworkInput {
        name: field(pairs, "navn").into(),
        kind: field(pairs, "type").into(),
        office: field(pairs, "kontor").into(),
        programme_id: field(pairs, "program").into(),
        coordinator: field(pairs, "koordinator").into(),
        mandate: field(pairs, "mandat").into(),
        about: field(pairs, "om").into(),
        meeting_rhythm: field(pairs, "motefrekvens").into(),
        start: field(pairs, "fra").into(),
        end: field(pairs, "til").into(),
        themes: pairs
            .iter()
            .filter(|(k, _)| k == "temaer")
            .map(|(_, v)| v.clone())
            .collect(),
    }
}

fn network_values(n: &StoredNetwork) -> Pairs {
    let mut v: Pairs = vec![
        ("navn".into(), n.name.clone()),
        ("type".into(), n.kind.code().into()),
        ("kontor".into(), n.office.clone()),
        ("program".into(), n.programme_id.clone().unwrap_or_default()),
        ("koordinator".into(), n.coordinator.clone()),
        ("mandat".into(), n.mandate.clone()),
        ("om".into(), n.about.clone()),
        ("motefrekvens".into(), n.meeting_rhythm.clone()),
        (
            "fra".into(),
            n.start.map(crate::format::date).unwrap_or_default(),
        ),
        (
            "til".into(),
            n.end.map(crate::format::date).unwrap_or_default(),
        ),
    ];
    v.extend(n.themes.iter().map(|t| ("temaer".to_string(), t.clone())));
    v
}

async fn network_form(
    store: &Store,
    auth: &Auth,
    existing: Option<&StoredNetwork>,
    values: Pairs,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (heading, action, back, button) = match existing {
        Some(n) => (
            format!("Endre {}", n.name),
            format!("/nettverk/{}/endre", n.id),
            Some((n.name.clone(), format!("/nettverk/{}", n.id))),
            "Lagre endringene",
        ),
        None => (
            "Nytt nettverk".to_string(),
            "/nettverk/ny".to_string(),
            None,
            "Opprett nettverket",
        ),
    };
    let form = FormView::new(action, "nettverk", values, errors, field_label);
    let title = if form.errors.is_empty() {
        heading.clone()
    } else {
        format!("Feil i skjemaet: {heading}")
    };
    let programmes = store.network_programmes().await?;
    let tax = store.taxonomy();
    let ticked = form.all("temaer");
    let page = NetworkFormPage {
        layout: layout(store, auth, title, Nav::Learning).await?,
        heading,
        back,
        kinds: kind_options(Some("Velg"), form.v("type")),
        offices: office_options(tax, Some("Velg kontor"), form.v("kontor")),
        programmes: options(
            Some("Ingen"),
            programmes.iter().map(|(a, b)| (a.as_str(), b.as_str())),
            form.v("program"),
        ),
        themes: tax
            .themes
            .iter()
            .map(|t| ThemeCheck {
                id: format!("nettverk-tema-{}", t.code),
                value: t.code.clone(),
                label: t.name_nb.clone(),
                checked: ticked.iter().any(|x| x == &t.code),
            })
            .collect(),
        form,
        button: button.into(),
    };
    render(status, &page)
}

/// `GET /nettverk/ny`: the form for a new network (advisers, administrators).
pub async fn new_form(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    auth.allow(may_create_any(store.taxonomy(), &auth))?;
    let office = auth
        .viewer
        .user()
        .and_then(|u| u.role.region())
        .unwrap_or_default()
        .to_string();
    let values = vec![
        ("kontor".into(), office),
        ("type".into(), NetworkKind::Learning.code().into()),
    ];
    network_form(
        &store,
        &auth,
        None,
        values,
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /nettverk/ny`.
pub async fn create(Acting(store): Acting, auth: Auth, body: Bytes) -> Result<Response, PageError> {
    auth.allow(may_create_any(store.taxonomy(), &auth))?;
    let pairs = form_pairs(&body);
    let input = network_input(&pairs);
    let mut errors = FieldErrors::new();
    if !input.office.trim().is_empty() && !auth.viewer.may_create_network(input.office.trim()) {
        errors.push(
            "kontor",
            "Du kan bare opprette nettverk for ditt eget kontor. Velg kontoret ditt.",
        );
    }
    let result = if errors.is_empty() {
        store.create_network(&input).await
    } else {
        Err(SaveError::Invalid(errors))
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/nettverk/{id}?melding=opprettet")).into_response()),
        Err(SaveError::Invalid(errors)) => {
            network_form(
                &store,
                &auth,
                None,
                pairs,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(saved_error(e)),
    }
}

/// `GET /nettverk/{id}/endre`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let n = network_of(&store, &auth, &id).await?;
    auth.allow(auth.viewer.may_manage_network(n.scope()))?;
    network_form(
        &store,
        &auth,
        Some(&n),
        network_values(&n),
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /nettverk/{id}/endre`.
pub async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let n = network_of(&store, &auth, &id).await?;
    auth.allow(auth.viewer.may_manage_network(n.scope()))?;
    let pairs = form_pairs(&body);
    let input = network_input(&pairs);
    let mut errors = FieldErrors::new();
    let office = input.office.trim();
    if office != n.office && !office.is_empty() && !auth.viewer.may_create_network(office) {
        errors.push(
            "kontor",
            "Du kan ikke flytte nettverket til et annet kontor. Velg ditt eget kontor.",
        );
    }
    let result = if errors.is_empty() {
        store.update_network(n.id, &input).await
    } else {
        Err(SaveError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/nettverk/{}?melding=endret", n.id)).into_response()),
        Err(SaveError::Invalid(errors)) => {
            network_form(
                &store,
                &auth,
                Some(&n),
                pairs,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(saved_error(e)),
    }
}

fn member_input(pairs: &Pairs) -> MemberInput {
    MemberInput {
        kind: field(pairs, "medlemstype").into(),
        name: field(pairs, "medlemsnavn").into(),
        kommunenummer: field(pairs, "kommunenummer").into(),
        orgnr: field(pairs, "orgnr").into(),
        learning_agent: !field(pairs, "laeringsagent").is_empty(),
    }
}

fn meeting_input(pairs: &Pairs) -> NetworkMeetingInput {
    NetworkMeetingInput {
        date: field(pairs, "dato").into(),
        place: field(pairs, "sted").into(),
        topic: field(pairs, "tema").into(),
        notes: field(pairs, "notater").into(),
    }
}

fn assignment_input(pairs: &Pairs) -> AssignmentInput {
    AssignmentInput {
        member: field(pairs, "medlem").into(),
        text: field(pairs, "oppdrag").into(),
        due_meeting: field(pairs, "til_mote").into(),
        due_date: field(pairs, "frist").into(),
    }
}

/// Which of a network's parts a form adds or changes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
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

    fn prefix(self) -> &'static str {
        match self {
            Part::Member => "medlem",
            Part::Meeting => "mote",
            Part::Assignment => "oppdrag",
        }
    }

    fn index(self) -> usize {
        match self {
            Part::Member => 0,
            Part::Meeting => 1,
            Part::Assignment => 2,
        }
    }

    fn message(self) -> &'static str {
        match self {
            Part::Member => "medlem",
            Part::Meeting => "mote",
            Part::Assignment => "oppdrag",
        }
    }

    fn exists(self, n: &StoredNetwork, id: i64) -> bool {
        match self {
            Part::Member => n.member(id).is_some(),
            Part::Meeting => n.meeting(id).is_some(),
            Part::Assignment => n.assignment(id).is_some(),
        }
    }
}

async fn save_part(
    store: &Store,
    n: &StoredNetwork,
    part: Part,
    id: Option<i64>,
    pairs: &Pairs,
) -> Result<i64, SaveError> {
    match part {
        Part::Member => store.save_member(n.id, id, &member_input(pairs)).await,
        Part::Meeting => {
            store
                .save_network_meeting(n.id, id, &meeting_input(pairs))
                .await
        }
        Part::Assignment => store.save_assignment(n, id, &assignment_input(pairs)).await,
    }
}

/// `POST /nettverk/{id}/medlemmer`, `/moter`, `/oppdrag`: adds a member, a meeting or an
/// assignment; a bad value shows the network's page again with the form as typed.
pub(super) async fn add_part(
    store: Store,
    auth: Auth,
    id: String,
    body: Bytes,
    part: Part,
) -> Result<Response, PageError> {
    let n = network_of(&store, &auth, &id).await?;
    auth.allow(auth.viewer.may_manage_network(n.scope()))?;
    let pairs = form_pairs(&body);
    match save_part(&store, &n, part, None, &pairs).await {
        Ok(new) => Ok(Redirect::to(&format!(
            "/nettverk/{}?melding={}#{}-{new}",
            n.id,
            part.message(),
            part.prefix()
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            let mut forms = empty_forms(&n, true);
            forms[part.index()] = Some(FormView::new(
                format!("/nettverk/{}/{}", n.id, part.path()),
                part.prefix(),
                pairs,
                errors,
                field_label,
            ));
            network_page(
                &store,
                &auth,
                &n,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(forms),
                None,
                None,
            )
            .await
        }
        Err(e) => Err(saved_error(e)),
    }
}

pub async fn add_member(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    add_part(store, auth, id, body, Part::Member).await
}

pub async fn add_meeting(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    add_part(store, auth, id, body, Part::Meeting).await
}

pub async fn add_assignment(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    add_part(store, auth, id, body, Part::Assignment).await
}

/// A part's stored values, as its form shows them.
fn part_values(n: &StoredNetwork, part: Part, id: i64) -> Pairs {
    let s = |k: &str, v: String| (k.to_string(), v);
    match part {
        Part::Member => n
            .member(id)
            .map(|m| {
                vec![
                    s("medlemstype", m.kind.code().into()),
                    s("medlemsnavn", m.name.clone()),
                    s("kommunenummer", m.kommunenummer.clone().unwrap_or_default()),
                    s("orgnr", m.orgnr.clone().unwrap_or_default()),
                    s(
                        "laeringsagent",
                        if m.learning_agent { "ja" } else { "" }.into(),
                    ),
                ]
            })
            .unwrap_or_default(),
        Part::Meeting => n
            .meeting(id)
            .map(|m| {
                vec![
                    s("dato", crate::format::date(m.date)),
                    s("sted", m.place.clone()),
                    s("tema", m.topic.clone()),
                    s("notater", m.notes.clone()),
                ]
            })
            .unwrap_or_default(),
        Part::Assignment => n
            .assignment(id)
            .map(|a| {
                vec![
                    s("medlem", a.member_id.to_string()),
                    s("oppdrag", a.text.clone()),
                    s(
                        "til_mote",
                        a.due_meeting.map(|m| m.to_string()).unwrap_or_default(),
                    ),
                    s(
                        "frist",
                        a.due_date.map(crate::format::date).unwrap_or_default(),
                    ),
                ]
            })
            .unwrap_or_default(),
    }
}

async fn edit_page(
    store: &Store,
    auth: &Auth,
    n: &StoredNetwork,
    part: Part,
    id: i64,
    values: Pairs,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let heading = match part {
        Part::Member => "Endre medlem",
        Part::Meeting => "Endre møte",
        Part::Assignment => "Endre oppdrag",
    }
    .to_string();
    let form = FormView::new(
        format!("/nettverk/{}/{}/{id}", n.id, part.path()),
        part.prefix(),
        values,
        errors,
        field_label,
    );
    let title = if form.errors.is_empty() {
        format!("{heading}: {}", n.name)
    } else {
        format!("Feil i skjemaet: {heading}: {}", n.name)
    };
    let page = EditPage {
        layout: layout(store, auth, title, Nav::Learning).await?,
        network: n.name.clone(),
        network_href: format!("/nettverk/{}", n.id),
        heading,
        what: part.prefix(),
        member_kinds: options(
            Some("Velg"),
            husk_domain::learning::networks::MemberKind::ALL
                .iter()
                .map(|k| (k.code(), k.label())),
            form.v("medlemstype"),
        ),
        member_options: member_options(n, form.v("medlem")),
        meeting_options: meeting_options(n, form.v("til_mote")),
        form,
    };
    render(status, &page)
}

/// `GET /nettverk/{id}/{medlemmer|moter|oppdrag}/{part}`: the form that changes one.
pub(super) async fn part_form(
    store: Store,
    auth: Auth,
    id: String,
    part_id: String,
    part: Part,
) -> Result<Response, PageError> {
    let n = network_of(&store, &auth, &id).await?;
    let pid = number(&part_id)?;
    if !part.exists(&n, pid) {
        return Err(PageError::NotFound);
    }
    auth.allow(auth.viewer.may_manage_network(n.scope()))?;
    let values = part_values(&n, part, pid);
    edit_page(
        &store,
        &auth,
        &n,
        part,
        pid,
        values,
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /nettverk/{id}/{medlemmer|moter|oppdrag}/{part}`: changes one.
pub(super) async fn update_part(
    store: Store,
    auth: Auth,
    id: String,
    part_id: String,
    body: Bytes,
    part: Part,
) -> Result<Response, PageError> {
    let n = network_of(&store, &auth, &id).await?;
    let pid = number(&part_id)?;
    if !part.exists(&n, pid) {
        return Err(PageError::NotFound);
    }
    auth.allow(auth.viewer.may_manage_network(n.scope()))?;
    let pairs = form_pairs(&body);
    match save_part(&store, &n, part, Some(pid), &pairs).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/nettverk/{}?melding=endret#{}-{pid}",
            n.id,
            part.prefix()
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            edit_page(
                &store,
                &auth,
                &n,
                part,
                pid,
                pairs,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(saved_error(e)),
    }
}

pub async fn member_form(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
) -> Result<Response, PageError> {
    part_form(store, auth, id, m, Part::Member).await
}

pub async fn update_member(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    update_part(store, auth, id, m, body, Part::Member).await
}

pub async fn meeting_form(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
) -> Result<Response, PageError> {
    part_form(store, auth, id, m, Part::Meeting).await
}

pub async fn update_meeting(
    Acting(store): Acting,
    auth: Auth,
    Path((id, m)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    update_part(store, auth, id, m, body, Part::Meeting).await
}

pub async fn assignment_form(
    Acting(store): Acting,
    auth: Auth,
    Path((id, a)): Path<(String, String)>,
) -> Result<Response, PageError> {
    part_form(store, auth, id, a, Part::Assignment).await
}

pub async fn update_assignment(
    Acting(store): Acting,
    auth: Auth,
    Path((id, a)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    update_part(store, auth, id, a, body, Part::Assignment).await
}

/// `POST /nettverk/{id}/oppdrag/{assignment}/tilbakemelding`: what the member reported back
/// (the member's own recipient users and who runs the network).
pub async fn report_back(
    Acting(store): Acting,
    auth: Auth,
    Path((id, a)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let n = network_of(&store, &auth, &id).await?;
    let aid = number(&a)?;
    let assignment = n.assignment(aid).ok_or(PageError::NotFound)?;
    auth.allow(auth.viewer.may_report_back(n.assignment_scope(assignment)))?;
    let pairs = form_pairs(&body);
    let input = ReportBackInput {
        text: field(&pairs, "tilbakemelding").into(),
        date: field(&pairs, "meldt_dato").into(),
    };
    match store.report_back(aid, &input, today()).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/nettverk/{}?melding=tilbakemelding#oppdrag-{aid}",
            n.id
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            network_page(
                &store,
                &auth,
                &n,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some((aid, pairs, errors)),
                None,
            )
            .await
        }
        Err(e) => Err(saved_error(e)),
    }
}
