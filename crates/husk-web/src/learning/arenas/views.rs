//! The learning arenas' view models: the calendar (a list per month, upcoming or past, with
//! its filters and feed), an arena's page (with the agenda, participants and materials forms
//! for who runs it), and the arena form.

use crate::shared::form::{options, theme_check_groups, CheckGroup, Opt, SummaryItem};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::learning::arenas::{
    AgendaItemInput, ArenaFilter, ArenaInput, ParticipantInput, When,
};
use husk_domain::learning::ArenaKind;
use husk_domain::{FieldErrors, Taxonomy};
use husk_store::learning::arenas::{ArenaChoices, StoredArena};

/// Empty rows the agenda and participant forms offer after the filled ones.
pub const EMPTY_ROWS: usize = 3;

/// The label of a form field in the error summary.
pub fn label(field: &str) -> &'static str {
    match field {
        "tittel" => "Tittel",
        "type" => "Type",
        "fra" => "Dato",
        "til" => "Sluttdato",
        "sted" => "Sted",
        "arrangor" => "Arrangør",
        "kontor" => "Kontor",
        "program" => "Program",
        "nettverk" => "Nettverk",
        "temaer" => "Kunnskapstemaer",
        "beskrivelse" => "Beskrivelse",
        "file" => "Fil",
        f if f.ends_with("-tid") => "Tid",
        f if f.ends_with("-tittel") => "Punkt",
        f if f.ends_with("-hvem") => "Hvem",
        f if f.ends_with("-organisasjon") => "Organisasjon",
        f if f.ends_with("-antall") => "Antall",
        _ => "Skjemaet",
    }
}

fn summary(errors: &FieldErrors, prefix: &str) -> Vec<SummaryItem> {
    crate::shared::form::summary(errors, prefix, label)
}

/// One arena in the calendar.
pub struct ArenaRow {
    pub href: String,
    pub date: String,
    pub title: String,
    pub kind: String,
    pub place: String,
    pub belongs: String,
}

/// A month of the calendar.
pub struct MonthGroup {
    pub heading: String,
    pub anchor: String,
    pub rows: Vec<ArenaRow>,
}

/// Where an arena belongs, in words: office, programme, network.
fn belongs(a: &StoredArena) -> String {
    let mut parts = vec![a.office_name.clone()];
    if let Some(p) = &a.programme_title {
        parts.push(p.clone());
    }
    if let Some(n) = &a.network_name {
        parts.push(n.clone());
    }
    parts.join(" · ")
}

pub fn arena_row(a: &StoredArena) -> ArenaRow {
    ArenaRow {
        href: format!("/laeringsarenaer/{}", a.id),
        date: a.date.label(),
        title: a.title.clone(),
        kind: a.kind.label().to_string(),
        place: if a.place.is_empty() {
            "Ikke oppgitt".into()
        } else {
            a.place.clone()
        },
        belongs: belongs(a),
    }
}

/// The arenas grouped by month (by year where only the year is known), in the order given.
pub fn months(arenas: &[StoredArena]) -> Vec<MonthGroup> {
    let mut out: Vec<MonthGroup> = Vec::new();
    for a in arenas {
        let heading = a.date.month_heading();
        match out.last_mut() {
            Some(g) if g.heading == heading => g.rows.push(arena_row(a)),
            _ => out.push(MonthGroup {
                anchor: format!("maned-{}", out.len() + 1),
                heading,
                rows: vec![arena_row(a)],
            }),
        }
    }
    out
}

/// The calendar's query string for a filter and a choice of upcoming or past.
pub fn query(filter: &ArenaFilter, when: When) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(o) = &filter.office {
        pairs.push(("kontor", o.clone()));
    }
    if let Some(p) = &filter.programme {
        pairs.push(("program", p.clone()));
    }
    if let Some(n) = filter.network {
        pairs.push(("nettverk", n.to_string()));
    }
    if when != When::Upcoming {
        pairs.push(("vis", when.code().to_string()));
    }
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

/// A tab of the calendar: upcoming, past, all.
pub struct Tab {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "learning/arenas/calendar.html")]
pub struct CalendarPage {
    pub layout: Layout,
    pub heading: String,
    pub offices: Vec<Opt>,
    pub programmes: Vec<Opt>,
    pub networks: Vec<Opt>,
    pub when: String,
    pub tabs: Vec<Tab>,
    /// This page's arenas by month (`?side=N`, 50 a page).
    pub months: Vec<MonthGroup>,
    pub nav: Option<crate::paging::PageNav>,
    /// How many arenas the selection has (on every page).
    pub total: String,
    pub empty: String,
    pub ics_href: String,
    pub api_href: String,
    pub may_create: bool,
    /// A feed address just made, with its token (shown once).
    pub feed_url: Option<String>,
    /// The filter the personal feed address gets.
    pub feed_filter: String,
    pub undated: usize,
}

impl CalendarPage {
    /// The filters have no errors (a value that matches nothing shows no arenas).
    pub fn no_err(&self) -> Option<&str> {
        None
    }

    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        tax: &Taxonomy,
        choices: &ArenaChoices,
        filter: &ArenaFilter,
        raw_network: &str,
        when: When,
        arenas: &[StoredArena],
        may_create: bool,
    ) -> CalendarPage {
        let q = query(filter, when);
        let tabs = [
            (When::Upcoming, "Kommende"),
            (When::Past, "Tidligere"),
            (When::All, "Alle"),
        ]
        .into_iter()
        .map(|(w, label)| Tab {
            href: format!("/laeringsarenaer?{}", query(filter, w)),
            label,
            current: w == when,
        })
        .collect();
        let what = match when {
            When::Upcoming => "Kommende læringsarenaer",
            When::Past => "Tidligere læringsarenaer",
            When::All => "Alle læringsarenaer",
        };
        let net_opts: Vec<(String, String)> = choices
            .networks
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone()))
            .collect();
        let feed_q = query(filter, When::All);
        CalendarPage {
            layout,
            heading: what.to_string(),
            offices: options(
                Some("Alle kontorer"),
                tax.regions
                    .iter()
                    .map(|r| (r.code.as_str(), r.name_nb.as_str())),
                filter.office.as_deref().unwrap_or(""),
            ),
            programmes: options(
                Some("Alle programmer"),
                choices
                    .programmes
                    .iter()
                    .map(|(id, t)| (id.as_str(), t.as_str())),
                filter.programme.as_deref().unwrap_or(""),
            ),
            networks: options(
                Some("Alle nettverk"),
                net_opts.iter().map(|(a, b)| (a.as_str(), b.as_str())),
                raw_network,
            ),
            when: when.code().to_string(),
            tabs,
            months: months(arenas),
            nav: None,
            total: husk_domain::norwegian::count(arenas.len() as i64, "arena", "arenaer"),
            empty: match when {
                When::Upcoming => "Ingen kommende læringsarenaer passer med utvalget.".into(),
                When::Past => "Ingen tidligere læringsarenaer passer med utvalget.".into(),
                When::All => "Ingen læringsarenaer passer med utvalget.".into(),
            },
            ics_href: format!("/laeringsarenaer.ics?{feed_q}"),
            api_href: format!("/api/v1/arenas?{q}"),
            may_create,
            feed_url: None,
            feed_filter: feed_q.clone(),
            undated: arenas
                .iter()
                .filter(|a| a.date.precision != husk_domain::learning::arenas::DatePrecision::Day)
                .count(),
        }
    }
}

/// The arena form's values, choices and problems.
pub struct ArenaForm {
    pub action: String,
    pub submit: &'static str,
    pub values: ArenaInput,
    pub kinds: Vec<Opt>,
    pub offices: Vec<Opt>,
    pub programmes: Vec<Opt>,
    pub networks: Vec<Opt>,
    pub themes: Vec<CheckGroup>,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
}

impl ArenaForm {
    pub fn new(
        tax: &Taxonomy,
        choices: &ArenaChoices,
        action: String,
        submit: &'static str,
        values: ArenaInput,
        errors: FieldErrors,
        offices: &[&str],
    ) -> ArenaForm {
        let net_opts: Vec<(String, String)> = choices
            .networks
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone()))
            .collect();
        ArenaForm {
            action,
            submit,
            kinds: options(
                Some("Velg type"),
                ArenaKind::ALL.iter().map(|k| (k.code(), k.label())),
                &values.kind,
            ),
            offices: options(
                Some("Velg kontor"),
                tax.regions
                    .iter()
                    .filter(|r| offices.contains(&r.code.as_str()))
                    .map(|r| (r.code.as_str(), r.name_nb.as_str())),
                &values.kontor,
            ),
            programmes: options(
                Some("Ingen"),
                choices
                    .programmes
                    .iter()
                    .map(|(id, t)| (id.as_str(), t.as_str())),
                &values.program,
            ),
            networks: options(
                Some("Ingen"),
                net_opts.iter().map(|(a, b)| (a.as_str(), b.as_str())),
                &values.nettverk,
            ),
            themes: theme_check_groups(tax, "tema-", &values.temaer),
            summary: summary(&errors, "arena-"),
            errors,
            values,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    /// For the theme groups, whose error is shown once above them.
    pub fn no_err(&self) -> Option<&str> {
        None
    }
}

#[derive(Template)]
#[template(path = "learning/arenas/form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub heading: String,
    pub back: String,
    pub form: ArenaForm,
}

/// One row of the agenda form.
pub struct AgendaRow {
    pub n: usize,
    pub time: String,
    pub title: String,
    pub who: String,
    pub time_err: Option<String>,
    pub title_err: Option<String>,
    pub who_err: Option<String>,
}

/// One row of the participants form.
pub struct ParticipantRow {
    pub n: usize,
    pub organisation: String,
    pub count: String,
    pub organisation_err: Option<String>,
    pub count_err: Option<String>,
}

/// The forms of an arena's page for who runs it, with what was typed and its problems.
pub struct ManageForms {
    pub agenda: Vec<AgendaRow>,
    pub agenda_errors: FieldErrors,
    pub agenda_summary: Vec<SummaryItem>,
    pub participants: Vec<ParticipantRow>,
    pub participant_errors: FieldErrors,
    pub participant_summary: Vec<SummaryItem>,
    pub material_title: String,
    pub material_errors: FieldErrors,
    pub material_summary: Vec<SummaryItem>,
}

impl ManageForms {
    pub fn new(a: &StoredArena) -> ManageForms {
        let agenda: Vec<AgendaItemInput> = a
            .agenda
            .iter()
            .map(|i| AgendaItemInput {
                tid: i.time.clone(),
                tittel: i.title.clone(),
                hvem: i.who.clone(),
            })
            .collect();
        let participants: Vec<ParticipantInput> = a
            .participants
            .iter()
            .map(|p| ParticipantInput {
                organisasjon: p.organisation.clone(),
                antall: p.count.map(|c| c.to_string()).unwrap_or_default(),
            })
            .collect();
        ManageForms {
            agenda: agenda_rows(&agenda),
            agenda_errors: FieldErrors::new(),
            agenda_summary: Vec::new(),
            participants: participant_rows(&participants),
            participant_errors: FieldErrors::new(),
            participant_summary: Vec::new(),
            material_title: String::new(),
            material_errors: FieldErrors::new(),
            material_summary: Vec::new(),
        }
    }

    pub fn with_agenda(mut self, rows: &[AgendaItemInput], errors: FieldErrors) -> ManageForms {
        self.agenda = agenda_rows(rows);
        for r in &mut self.agenda {
            let n = r.n;
            let e = |f: &str| errors.get(&format!("program-{n}-{f}")).map(str::to_string);
            r.time_err = e("tid");
            r.title_err = e("tittel");
            r.who_err = e("hvem");
        }
        self.agenda_summary = summary(&errors, "");
        self.agenda_errors = errors;
        self
    }

    pub fn with_participants(
        mut self,
        rows: &[ParticipantInput],
        errors: FieldErrors,
    ) -> ManageForms {
        self.participants = participant_rows(rows);
        for r in &mut self.participants {
            let n = r.n;
            let e = |f: &str| errors.get(&format!("deltaker-{n}-{f}")).map(str::to_string);
            r.organisation_err = e("organisasjon");
            r.count_err = e("antall");
        }
        self.participant_summary = summary(&errors, "");
        self.participant_errors = errors;
        self
    }

    pub fn with_material(mut self, title: String, errors: FieldErrors) -> ManageForms {
        self.material_title = title;
        self.material_summary = summary(&errors, "materiell-");
        self.material_errors = errors;
        self
    }

    pub fn material_err(&self, field: &str) -> Option<&str> {
        self.material_errors.get(field)
    }
}

fn agenda_rows(rows: &[AgendaItemInput]) -> Vec<AgendaRow> {
    // Rows keep their places (errors name rows by position); trailing empty rows are dropped.
    let last_filled = rows
        .iter()
        .rposition(|r| {
            !(r.tid.trim().is_empty() && r.tittel.trim().is_empty() && r.hvem.trim().is_empty())
        })
        .map(|p| p + 1)
        .unwrap_or(0);
    let mut out: Vec<AgendaRow> = rows[..last_filled]
        .iter()
        .enumerate()
        .map(|(i, r)| AgendaRow {
            n: i + 1,
            time: r.tid.clone(),
            title: r.tittel.clone(),
            who: r.hvem.clone(),
            time_err: None,
            title_err: None,
            who_err: None,
        })
        .collect();
    for _ in 0..EMPTY_ROWS {
        out.push(AgendaRow {
            n: out.len() + 1,
            time: String::new(),
            title: String::new(),
            who: String::new(),
            time_err: None,
            title_err: None,
            who_err: None,
        });
    }
    out
}

fn participant_rows(rows: &[ParticipantInput]) -> Vec<ParticipantRow> {
    let last_filled = rows
        .iter()
        .rposition(|r| !(r.organisasjon.trim().is_empty() && r.antall.trim().is_empty()))
        .map(|p| p + 1)
        .unwrap_or(0);
    let mut out: Vec<ParticipantRow> = rows[..last_filled]
        .iter()
        .enumerate()
        .map(|(i, r)| ParticipantRow {
            n: i + 1,
            organisation: r.organisasjon.clone(),
            count: r.antall.clone(),
            organisation_err: None,
            count_err: None,
        })
        .collect();
    for _ in 0..EMPTY_ROWS {
        out.push(ParticipantRow {
            n: out.len() + 1,
            organisation: String::new(),
            count: String::new(),
            organisation_err: None,
            count_err: None,
        });
    }
    out
}

/// One agenda item as shown.
pub struct AgendaView {
    pub time: String,
    pub title: String,
    pub who: String,
}

/// One participant row as shown.
pub struct ParticipantView {
    pub organisation: String,
    pub count: String,
}

/// One material as shown.
pub struct MaterialView {
    pub href: String,
    /// Where who runs the arena takes it off (asked first).
    pub remove_href: String,
    pub title: String,
    pub file_name: String,
}

#[derive(Template)]
#[template(path = "learning/arenas/arena.html")]
pub struct ArenaPage {
    pub layout: Layout,
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub date: String,
    pub precision_note: Option<String>,
    pub place: String,
    pub organiser: String,
    pub office: String,
    pub office_href: String,
    pub programme: Option<(String, String)>,
    pub network: Option<(String, String)>,
    pub themes: Vec<String>,
    pub description: String,
    pub source: String,
    pub agenda: Vec<AgendaView>,
    pub participants: Vec<ParticipantView>,
    pub participants_total: Option<String>,
    pub materials: Vec<MaterialView>,
    pub message: Option<String>,
    /// The forms, for who runs the arena.
    pub manage: Option<ManageForms>,
    /// (href, name, removal's href) of the toolbox's tools used at the arena (set by the
    /// handler).
    pub tools: Vec<(String, String, String)>,
    /// (id, name) of the tools that may be added, for who runs the arena (set by the handler).
    pub tool_choices: Vec<(i64, String)>,
    /// The arena's evaluation page, for staff (set by the handler).
    pub evaluation_href: Option<String>,
}

impl ArenaPage {
    pub fn new(
        layout: Layout,
        tax: &Taxonomy,
        a: &StoredArena,
        message: Option<String>,
        manage: Option<ManageForms>,
    ) -> ArenaPage {
        use husk_domain::learning::arenas::DatePrecision;
        let known: Vec<i64> = a.participants.iter().filter_map(|p| p.count).collect();
        ArenaPage {
            id: a.id,
            title: a.title.clone(),
            kind: a.kind.label().to_string(),
            date: a.date.label(),
            precision_note: match a.date.precision {
                DatePrecision::Day => None,
                DatePrecision::Month => Some("Bare måneden er kjent.".into()),
                DatePrecision::Year => Some("Bare året er kjent.".into()),
            },
            place: a.place.clone(),
            organiser: a.organiser.clone(),
            office: a.office_name.clone(),
            office_href: format!("/laeringsarenaer?kontor={}&vis=alle", a.office),
            programme: a.programme_id.as_ref().map(|p| {
                (
                    format!("/programmer/{p}"),
                    a.programme_title.clone().unwrap_or_else(|| p.clone()),
                )
            }),
            network: a.network_id.map(|n| {
                (
                    format!("/laeringsarenaer?nettverk={n}&vis=alle"),
                    a.network_name.clone().unwrap_or_else(|| n.to_string()),
                )
            }),
            themes: a
                .themes
                .iter()
                .map(|t| {
                    tax.themes
                        .iter()
                        .find(|x| &x.code == t)
                        .map(|x| x.name_nb.clone())
                        .unwrap_or_else(|| t.clone())
                })
                .collect(),
            description: a.description.clone(),
            source: a.source.clone(),
            agenda: a
                .agenda
                .iter()
                .map(|i| AgendaView {
                    time: if i.time.is_empty() {
                        "Ikke oppgitt".into()
                    } else {
                        i.time.clone()
                    },
                    title: i.title.clone(),
                    who: if i.who.is_empty() {
                        "Ikke oppgitt".into()
                    } else {
                        i.who.clone()
                    },
                })
                .collect(),
            participants: a
                .participants
                .iter()
                .map(|p| ParticipantView {
                    organisation: p.organisation.clone(),
                    count: p
                        .count
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "Ikke oppgitt".into()),
                })
                .collect(),
            participants_total: (!known.is_empty()).then(|| {
                let sum: i64 = known.iter().sum();
                if known.len() == a.participants.len() {
                    husk_domain::norwegian::count(sum, "deltaker", "deltakere")
                } else {
                    format!(
                        "Minst {} (antallet er ikke oppgitt for alle organisasjonene)",
                        husk_domain::norwegian::count(sum, "deltaker", "deltakere")
                    )
                }
            }),
            materials: a
                .materials
                .iter()
                .map(|m| MaterialView {
                    href: format!("/dokumenter/{}", m.document_id),
                    remove_href: format!(
                        "/laeringsarenaer/{}/materiell/{}/fjern",
                        a.id, m.document_id
                    ),
                    title: m.title.clone(),
                    file_name: m.file_name.clone(),
                })
                .collect(),
            message,
            manage,
            tools: Vec::new(),
            tool_choices: Vec::new(),
            evaluation_href: None,
            layout,
        }
    }
}

#[derive(Template)]
#[template(path = "learning/arenas/feed_link.html")]
pub struct FeedLinkPage {
    pub layout: Layout,
    pub url: String,
}
