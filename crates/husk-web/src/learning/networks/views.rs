//! The networks' view models: the list, a network's page (members, learning agents, meetings,
//! assignments with what members reported back, and the forms for who may use them), the
//! forms that add and change a network, a member, a meeting and an assignment, and an office's
//! "theme of the month" rotation.

use crate::format;
use crate::paging::{PageNav, Paging};
use crate::shared::form::{options, Opt, SummaryItem};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::learning::networks::{rotation_place, MemberKind, MonthTheme, RotationPlace};
use husk_domain::learning::NetworkKind;
use husk_domain::norwegian::count;
use husk_domain::{FieldErrors, Taxonomy};
use husk_store::learning::networks::{StoredNetwork, StoredThemeOfMonth};
use time::Date;

/// A form's values as typed (or as stored, for a change), its problems and where it posts.
#[derive(Debug, Clone, Default)]
pub struct FormView {
    pub action: String,
    /// The form's `id` prefix, so that two forms on a page have their own ids.
    pub prefix: String,
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
}

impl FormView {
    pub fn new(
        action: impl Into<String>,
        prefix: &str,
        values: Vec<(String, String)>,
        errors: FieldErrors,
        label: fn(&str) -> &'static str,
    ) -> FormView {
        let summary = errors
            .iter()
            .map(|e| SummaryItem {
                target: format!("{prefix}-{}", e.field),
                label: label(&e.field),
                message: e.message.clone(),
            })
            .collect();
        FormView {
            action: action.into(),
            prefix: prefix.to_string(),
            values,
            errors,
            summary,
        }
    }

    /// The value of a field as typed.
    pub fn v(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every value of a repeated field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.values
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn err(&self, name: &str) -> Option<&str> {
        self.errors.get(name)
    }

    pub fn checked(&self, name: &str) -> bool {
        !self.v(name).is_empty()
    }

    /// The ids that describe a field: its error and its hint.
    pub fn describedby(&self, name: &str, hint: &str) -> String {
        let id = self.id(name);
        let mut parts = Vec::new();
        if self.err(name).is_some() {
            parts.push(format!("{id}-feil"));
        }
        if !hint.is_empty() {
            parts.push(format!("{id}-hjelp"));
        }
        parts.join(" ")
    }

    /// The id of a field's input.
    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }
}

/// The Norwegian label of a form field, for the error summary.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "navn" => "Navn",
        "type" => "Type",
        "kontor" => "Kontor",
        "program" => "Program",
        "koordinator" => "Koordinator",
        "mandat" => "Mandat",
        "om" => "Om nettverket",
        "motefrekvens" => "Møtefrekvens",
        "fra" => "Fra",
        "til" => "Til",
        "temaer" => "Kunnskapstemaer",
        "medlemstype" => "Medlemstype",
        "medlemsnavn" => "Navn",
        "kommunenummer" => "Kommunenummer",
        "orgnr" => "Organisasjonsnummer",
        "dato" => "Dato",
        "sted" => "Sted",
        "tema" => "Tema",
        "notater" => "Notater",
        "medlem" => "Medlem",
        "oppdrag" => "Oppdrag",
        "til_mote" => "Meldes tilbake på møtet",
        "frist" => "Frist",
        "tilbakemelding" => "Tilbakemelding",
        "meldt_dato" => "Dato for tilbakemeldingen",
        "maned" => "Måned",
        "ansvarlig" => "Ansvarlig",
        "tema_tekst" => "Eget tema",
        "delt" => "Hva som ble delt",
        _ => "Skjemaet",
    }
}

/// One checkbox of the themes.
pub struct ThemeCheck {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// The offices as `<select>` options (the national pot is no office).
pub fn office_options(tax: &Taxonomy, empty: Option<&str>, current: &str) -> Vec<Opt> {
    options(
        empty,
        tax.regions
            .iter()
            .filter(|r| r.is_office())
            .map(|r| (r.code.as_str(), r.name_nb.as_str())),
        current,
    )
}

pub fn kind_options(empty: Option<&str>, current: &str) -> Vec<Opt> {
    options(
        empty,
        NetworkKind::ALL.iter().map(|k| (k.code(), k.label())),
        current,
    )
}

pub fn theme_name(tax: &Taxonomy, code: &str) -> String {
    tax.theme(code)
        .map(|t| t.name_nb.clone())
        .unwrap_or_else(|| code.to_string())
}

/// A network in the list.
pub struct NetworkRow {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub office: String,
    pub programme: String,
    pub members: String,
    pub agents: String,
}

impl NetworkRow {
    pub fn new(n: &StoredNetwork) -> NetworkRow {
        let agents: Vec<&str> = n.agents().map(|m| m.name.as_str()).collect();
        NetworkRow {
            href: format!("/nettverk/{}", n.id),
            name: n.name.clone(),
            kind: n.kind.label().to_string(),
            office: n.office_name.clone(),
            programme: n.programme_title.clone().unwrap_or_else(|| "Ingen".into()),
            members: if n.members.is_empty() {
                "Ikke registrert".into()
            } else {
                count(n.members.len() as i64, "medlem", "medlemmer")
            },
            agents: if agents.is_empty() {
                "Ingen".into()
            } else {
                agents.join(", ")
            },
        }
    }
}

#[derive(Template)]
#[template(path = "learning/networks/list.html")]
pub struct ListPage {
    pub layout: Layout,
    /// This page's networks (`?side=N`, 50 a page).
    pub rows: Vec<NetworkRow>,
    pub nav: Option<crate::paging::PageNav>,
    pub total: String,
    pub offices: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub programmes: Vec<Opt>,
    pub may_create: bool,
    pub filtered: bool,
}

impl ListPage {
    /// The filters have no errors to show.
    pub fn no_error(&self) -> Option<&str> {
        None
    }
}

/// A member on a network's page.
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub number: String,
    /// The register's organisation it is linked to.
    pub linked: String,
    pub agent: bool,
    pub source: String,
    pub husk_note: String,
    pub edit_href: String,
}

/// A meeting on a network's page.
pub struct MeetingView {
    pub id: i64,
    pub date: String,
    pub place: String,
    pub topic: String,
    pub notes: String,
    pub edit_href: String,
}

/// An assignment on a network's page, with the report-back form for who may use it.
pub struct AssignmentView {
    pub anchor: String,
    pub member: String,
    pub text: String,
    pub due: String,
    pub report: Option<(String, String)>,
    pub edit_href: Option<String>,
    pub report_form: Option<FormView>,
}

#[derive(Template)]
#[template(path = "learning/networks/network.html")]
pub struct NetworkPage {
    pub layout: Layout,
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub office: String,
    pub programme: Option<(String, String)>,
    pub coordinator: String,
    pub period: String,
    pub themes: Vec<String>,
    pub meeting_rhythm: String,
    pub about: String,
    pub mandate: Vec<String>,
    pub source: String,
    pub husk_note: String,
    pub members: Vec<MemberView>,
    pub agents: Vec<String>,
    pub meetings: Vec<MeetingView>,
    pub assignments: Vec<AssignmentView>,
    pub may_manage: bool,
    pub member_form: Option<FormView>,
    pub member_kinds: Vec<Opt>,
    pub meeting_form: Option<FormView>,
    pub assignment_form: Option<FormView>,
    pub member_options: Vec<Opt>,
    pub meeting_options: Vec<Opt>,
    pub message: Option<String>,
}

impl NetworkPage {
    /// The page. `forms` holds the manager's forms (member, meeting, assignment) as typed, and
    /// `report` a report-back form as typed (assignment id, values, errors).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        tax: &Taxonomy,
        n: &StoredNetwork,
        may_manage: bool,
        may_report: &dyn Fn(&husk_store::learning::networks::StoredAssignment) -> bool,
        forms: [Option<FormView>; 3],
        report: Option<(i64, Vec<(String, String)>, FieldErrors)>,
        message: Option<String>,
    ) -> NetworkPage {
        let base = format!("/nettverk/{}", n.id);
        let [member_form, meeting_form, assignment_form] = forms;
        let assignment_values = assignment_form
            .as_ref()
            .map(|f| (f.v("medlem").to_string(), f.v("til_mote").to_string()))
            .unwrap_or_default();
        NetworkPage {
            layout,
            id: n.id,
            name: n.name.clone(),
            kind: n.kind.label().to_string(),
            office: n.office_name.clone(),
            programme: n
                .programme_id
                .clone()
                .map(|p| (p.clone(), n.programme_title.clone().unwrap_or(p))),
            coordinator: if n.coordinator.is_empty() {
                "Ikke oppgitt".into()
            } else {
                n.coordinator.clone()
            },
            period: match (n.start, n.end) {
                (Some(s), Some(e)) => format!("{}–{}", format::date(s), format::date(e)),
                (Some(s), None) => format!("Fra {}", format::date(s)),
                (None, Some(e)) => format!("Til {}", format::date(e)),
                (None, None) => "Ikke oppgitt".into(),
            },
            themes: n.themes.iter().map(|t| theme_name(tax, t)).collect(),
            meeting_rhythm: if n.meeting_rhythm.is_empty() {
                "Ikke oppgitt".into()
            } else {
                n.meeting_rhythm.clone()
            },
            about: n.about.clone(),
            mandate: n
                .mandate
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            source: n.source.clone(),
            husk_note: n.husk_note.clone(),
            members: n
                .members
                .iter()
                .map(|m| MemberView {
                    id: m.id,
                    name: m.name.clone(),
                    kind: m.kind.label().to_string(),
                    number: match (&m.kommunenummer, &m.orgnr) {
                        (Some(k), _) => format!("Kommunenr. {k}"),
                        (None, Some(o)) => format!("Org.nr. {o}"),
                        (None, None) => "Ikke oppgitt".into(),
                    },
                    linked: m.organisation_name.clone().unwrap_or_default(),
                    agent: m.learning_agent,
                    source: if m.source.is_empty() {
                        "Registrert i Husk".into()
                    } else {
                        m.source.clone()
                    },
                    husk_note: m.husk_note.clone(),
                    edit_href: format!("{base}/medlemmer/{}", m.id),
                })
                .collect(),
            agents: n.agents().map(|m| m.name.clone()).collect(),
            meetings: n
                .meetings
                .iter()
                .map(|m| MeetingView {
                    id: m.id,
                    date: format::date(m.date),
                    place: if m.place.is_empty() {
                        "Ikke oppgitt".into()
                    } else {
                        m.place.clone()
                    },
                    topic: m.topic.clone(),
                    notes: m.notes.clone(),
                    edit_href: format!("{base}/moter/{}", m.id),
                })
                .collect(),
            assignments: n
                .assignments
                .iter()
                .map(|a| {
                    let due = match (a.due_meeting_date, a.due_date) {
                        (Some(m), Some(d)) => {
                            format!("Møtet {} (frist {})", format::date(m), format::date(d))
                        }
                        (Some(m), None) => format!("Møtet {}", format::date(m)),
                        (None, Some(d)) => format::date(d),
                        (None, None) => "Ikke satt".into(),
                    };
                    let report_form = may_report(a).then(|| {
                        let (values, errors) = match &report {
                            Some((id, v, e)) if *id == a.id => (v.clone(), e.clone()),
                            _ => (
                                a.report
                                    .as_ref()
                                    .map(|r| {
                                        vec![
                                            ("tilbakemelding".to_string(), r.text.clone()),
                                            ("meldt_dato".to_string(), format::date(r.date)),
                                        ]
                                    })
                                    .unwrap_or_default(),
                                FieldErrors::new(),
                            ),
                        };
                        FormView::new(
                            format!("{base}/oppdrag/{}/tilbakemelding", a.id),
                            &format!("tilbakemelding-{}", a.id),
                            values,
                            errors,
                            field_label,
                        )
                    });
                    AssignmentView {
                        anchor: format!("oppdrag-{}", a.id),
                        member: a.member.clone(),
                        text: a.text.clone(),
                        due,
                        report: a
                            .report
                            .as_ref()
                            .map(|r| (r.text.clone(), format::date(r.date))),
                        edit_href: may_manage.then(|| format!("{base}/oppdrag/{}", a.id)),
                        report_form,
                    }
                })
                .collect(),
            may_manage,
            member_kinds: options(
                Some("Velg"),
                MemberKind::ALL.iter().map(|k| (k.code(), k.label())),
                member_form
                    .as_ref()
                    .map(|f| f.v("medlemstype"))
                    .unwrap_or(""),
            ),
            member_form,
            meeting_form,
            member_options: member_options(n, &assignment_values.0),
            meeting_options: meeting_options(n, &assignment_values.1),
            assignment_form,
            message,
        }
    }
}

pub fn member_options(n: &StoredNetwork, current: &str) -> Vec<Opt> {
    let names: Vec<(String, String)> = n
        .members
        .iter()
        .map(|m| (m.id.to_string(), m.name.clone()))
        .collect();
    options(
        Some("Velg medlem"),
        names.iter().map(|(a, b)| (a.as_str(), b.as_str())),
        current,
    )
}

pub fn meeting_options(n: &StoredNetwork, current: &str) -> Vec<Opt> {
    let items: Vec<(String, String)> = n
        .meetings
        .iter()
        .map(|m| {
            (
                m.id.to_string(),
                format!("{}: {}", format::date(m.date), m.topic),
            )
        })
        .collect();
    options(
        Some("Ikke satt"),
        items.iter().map(|(a, b)| (a.as_str(), b.as_str())),
        current,
    )
}

/// The form that adds or changes a network.
#[derive(Template)]
#[template(path = "learning/networks/network_form.html")]
pub struct NetworkFormPage {
    pub layout: Layout,
    pub heading: String,
    pub back: Option<(String, String)>,
    pub form: FormView,
    pub kinds: Vec<Opt>,
    pub offices: Vec<Opt>,
    pub programmes: Vec<Opt>,
    pub themes: Vec<ThemeCheck>,
    pub button: String,
}

/// The page that changes one member, meeting or assignment.
#[derive(Template)]
#[template(path = "learning/networks/edit.html")]
pub struct EditPage {
    pub layout: Layout,
    pub network: String,
    pub network_href: String,
    pub heading: String,
    /// `medlem`, `mote` or `oppdrag`.
    pub what: &'static str,
    pub form: FormView,
    pub member_kinds: Vec<Opt>,
    pub member_options: Vec<Opt>,
    pub meeting_options: Vec<Opt>,
}

/// One month in an office's rotation.
pub struct MonthView {
    pub id: i64,
    pub month: String,
    pub adviser: String,
    pub theme: String,
    pub theme_kind: String,
    pub date: String,
    pub shared: String,
    pub source: String,
    pub edit_href: Option<String>,
}

impl MonthView {
    pub fn new(tax: &Taxonomy, t: &StoredThemeOfMonth, may_edit: bool) -> MonthView {
        let (theme, theme_kind) = match &t.theme {
            MonthTheme::Knowledge(c) => (theme_name(tax, c), "Kunnskapstema".to_string()),
            MonthTheme::Free(s) => (s.clone(), "Eget tema".to_string()),
        };
        MonthView {
            id: t.id,
            month: capitalised(&t.month.label()),
            adviser: t.adviser.clone(),
            theme,
            theme_kind,
            date: t
                .date
                .map(format::date)
                .unwrap_or_else(|| "Ikke satt".into()),
            shared: if t.shared.is_empty() {
                "Ikke registrert".into()
            } else {
                t.shared.clone()
            },
            source: t.source.clone(),
            edit_href: may_edit.then(|| format!("/manedens-tema/{}/{}", t.office, t.id)),
        }
    }
}

pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The theme options of the theme-of-the-month form.
pub fn month_theme_options(tax: &Taxonomy, current: &str) -> Vec<Opt> {
    options(
        Some("Eget tema (skriv det under)"),
        tax.themes
            .iter()
            .map(|t| (t.code.as_str(), t.name_nb.as_str())),
        current,
    )
}

#[derive(Template)]
#[template(path = "learning/networks/themes.html")]
pub struct ThemesPage {
    pub layout: Layout,
    pub office: String,
    pub office_name: String,
    pub offices: Vec<(String, String, bool)>,
    pub current: Option<MonthView>,
    /// This page's months ahead (`?kommende=N`) and months past, newest first
    /// (`?tidligere=N`), [`MONTHS_PAGE_SIZE`] a page each.
    pub upcoming: Vec<MonthView>,
    pub upcoming_nav: Option<crate::paging::PageNav>,
    pub past: Vec<MonthView>,
    pub past_nav: Option<crate::paging::PageNav>,
    pub form: Option<FormView>,
    pub theme_options: Vec<Opt>,
    pub message: Option<String>,
}

/// Months of the rotation on one page of its lists (a year).
pub const MONTHS_PAGE_SIZE: usize = 12;

impl ThemesPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        tax: &Taxonomy,
        office: &str,
        entries: &[StoredThemeOfMonth],
        may_edit: bool,
        form: Option<FormView>,
        today: Date,
        message: Option<String>,
        query: Option<&str>,
    ) -> ThemesPage {
        let mut current = None;
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        for t in entries {
            let v = MonthView::new(tax, t, may_edit);
            match rotation_place(t.month, today) {
                RotationPlace::Current => current = Some(v),
                RotationPlace::Upcoming => upcoming.push(v),
                RotationPlace::Past => past.push(v),
            }
        }
        past.reverse();
        let path = format!("/manedens-tema/{office}");
        let page_of = |list: &mut Vec<MonthView>, name: &str| {
            let total = list.len();
            let paging = Paging::for_param(query, name, total, MONTHS_PAGE_SIZE);
            *list = list.drain(paging.range(total)).collect();
            PageNav::for_param(&path, query, paging, total, name, name)
        };
        let upcoming_nav = page_of(&mut upcoming, "kommende");
        let past_nav = page_of(&mut past, "tidligere");
        let theme_options =
            month_theme_options(tax, form.as_ref().map(|f| f.v("tema")).unwrap_or(""));
        ThemesPage {
            layout,
            office: office.to_string(),
            office_name: tax
                .region(office)
                .map(|r| r.name_nb.clone())
                .unwrap_or_else(|| office.to_string()),
            offices: tax
                .regions
                .iter()
                .filter(|r| r.is_office())
                .map(|r| {
                    (
                        format!("/manedens-tema/{}", r.code),
                        r.name_nb.clone(),
                        r.code == office,
                    )
                })
                .collect(),
            current,
            upcoming,
            upcoming_nav,
            past,
            past_nav,
            form,
            theme_options,
            message,
        }
    }
}

/// The page that changes one month of the rotation.
#[derive(Template)]
#[template(path = "learning/networks/theme_form.html")]
pub struct ThemeFormPage {
    pub layout: Layout,
    pub office: String,
    pub office_name: String,
    pub form: FormView,
    pub theme_options: Vec<Opt>,
}
