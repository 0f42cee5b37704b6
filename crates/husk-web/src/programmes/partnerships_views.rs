//! The agreements' view models: the list, an agreement with its dialogue meetings, and the
//! agreement form.

use crate::format;
use crate::paging::PageNav;
use crate::shared::form::{options, Opt, SummaryItem};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::norwegian::count;
use husk_domain::programmes::partnerships::{
    AgreementInput, AgreementKind, DialogueMeetingInput, PartyInput, PartyKind, Procurement,
};
use husk_domain::{FieldErrors, Taxonomy};
use husk_store::programmes::partnerships::StoredAgreement;
use time::Date;

/// Empty party rows the form offers beyond those typed.
pub const PARTY_ROWS: usize = 4;

fn office_name(code: &str, tax: &Taxonomy) -> String {
    tax.region(code)
        .map_or(code.to_string(), |r| r.name_nb.clone())
}

fn municipality(a: &StoredAgreement) -> String {
    match &a.municipality {
        Some(name) => format!("{name} ({})", a.kommunenummer),
        None => format!("Kommunenummer {}", a.kommunenummer),
    }
}

fn period(a: &StoredAgreement) -> String {
    match a.end {
        Some(end) => format!("{}–{}", format::date(a.start), format::date(end)),
        None => format!("Fra {}, uten sluttdato", format::date(a.start)),
    }
}

fn parties(a: &StoredAgreement) -> String {
    let names: Vec<String> = a
        .parties
        .iter()
        .map(|p| format!("{} ({})", p.name, p.kind.label().to_lowercase()))
        .collect();
    names.join(", ")
}

/// Whether the dialogue meeting is overdue, as a tag's text.
fn due_text(d: Date, today: Date) -> (String, bool) {
    (format::date(d), d < today)
}

/// One agreement in the list.
pub struct AgreementRow {
    pub href: String,
    pub title: String,
    pub municipality: String,
    pub kind: String,
    pub parties: String,
    pub period: String,
    pub next_dialogue: String,
    pub dialogue_late: bool,
    pub renegotiation: String,
}

impl AgreementRow {
    /// The agreement as a row of a list (the agreements' page, a municipality's page).
    pub fn new(a: &StoredAgreement, today: Date) -> AgreementRow {
        let (next_dialogue, dialogue_late) = due_text(a.next_dialogue_due, today);
        AgreementRow {
            href: format!("/avtaler/{}", a.id),
            title: a.title.clone(),
            municipality: municipality(a),
            kind: a.kind.label().to_string(),
            parties: parties(a),
            period: period(a),
            next_dialogue,
            dialogue_late,
            renegotiation: a.renegotiation.map_or("Ikke satt".into(), format::date),
        }
    }
}

#[derive(Template)]
#[template(path = "programmes/agreements.html")]
pub struct AgreementsPage {
    pub layout: Layout,
    pub rows: Vec<AgreementRow>,
    pub total: String,
    pub nav: Option<PageNav>,
    pub may_create: bool,
    /// A recipient sees its municipality's agreements only.
    pub own_only: bool,
}

impl AgreementsPage {
    pub fn new(
        layout: Layout,
        list: &[StoredAgreement],
        page: std::ops::Range<usize>,
        nav: Option<PageNav>,
        may_create: bool,
        own_only: bool,
        today: Date,
    ) -> AgreementsPage {
        AgreementsPage {
            layout,
            total: count(list.len() as i64, "avtale", "avtaler"),
            rows: list[page]
                .iter()
                .map(|a| AgreementRow::new(a, today))
                .collect(),
            nav,
            may_create,
            own_only,
        }
    }
}

/// One row of party fields.
pub struct PartyRow {
    pub n: usize,
    pub name: String,
    pub kinds: Vec<Opt>,
    pub name_error: Option<String>,
    pub kind_error: Option<String>,
}

#[derive(Template)]
#[template(path = "programmes/agreement_form.html")]
pub struct AgreementFormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub cancel: String,
    pub values: AgreementInput,
    pub offices: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub procurements: Vec<Opt>,
    pub parties: Vec<PartyRow>,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
}

fn agreement_label(field: &str) -> &'static str {
    match field {
        "kommunenummer" => "Kommunenummer",
        "kontor" => "Kontor",
        "tittel" => "Tittel",
        "type" => "Type avtale",
        "fra" => "Gjelder fra",
        "til" => "Gjelder til",
        "reforhandling" => "Reforhandling",
        "anskaffelse" => "Anskaffelse",
        "begrunnelse" => "Begrunnelse for unntaket",
        "merknad" => "Merknad",
        f if f.ends_with(".navn") => "Part",
        f if f.ends_with(".type") => "Type part",
        _ => "Skjemaet",
    }
}

impl AgreementFormPage {
    /// `offices` are the offices the viewer may choose.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        heading: String,
        action: String,
        cancel: String,
        values: AgreementInput,
        errors: FieldErrors,
        offices: &[&str],
        tax: &Taxonomy,
    ) -> AgreementFormPage {
        // The rows typed come first, so that the errors' row numbers are the rows' numbers.
        let mut rows: Vec<PartyInput> = values
            .parties
            .iter()
            .filter(|p| !(p.name.trim().is_empty() && p.kind.trim().is_empty()))
            .cloned()
            .collect();
        let wanted = (rows.len() + 1).max(PARTY_ROWS);
        while rows.len() < wanted {
            rows.push(PartyInput::default());
        }
        let parties = rows
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let n = i + 1;
                PartyRow {
                    n,
                    name: p.name.clone(),
                    kinds: options(
                        Some("Velg type"),
                        PartyKind::ALL.iter().map(|k| (k.code(), k.label())),
                        &p.kind,
                    ),
                    name_error: errors.get(&format!("part.{n}.navn")).map(str::to_string),
                    kind_error: errors.get(&format!("part.{n}.type")).map(str::to_string),
                }
            })
            .collect();
        let names: Vec<(String, String)> = offices
            .iter()
            .map(|c| (c.to_string(), office_name(c, tax)))
            .collect();
        let summary = errors
            .iter()
            .map(|e| SummaryItem {
                target: format!("avtale-{}", e.field.replace('.', "-")),
                label: agreement_label(&e.field),
                message: e.message.clone(),
            })
            .collect();
        AgreementFormPage {
            layout,
            heading,
            action,
            cancel,
            offices: options(
                Some("Velg kontor"),
                names.iter().map(|(c, n)| (c.as_str(), n.as_str())),
                &values.office,
            ),
            kinds: options(
                Some("Velg type avtale"),
                AgreementKind::ALL.iter().map(|k| (k.code(), k.label())),
                &values.kind,
            ),
            procurements: options(
                Some("Velg anskaffelse"),
                Procurement::ALL.iter().map(|k| (k.code(), k.label())),
                &values.procurement,
            ),
            parties,
            values,
            errors,
            summary,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// One held dialogue meeting.
pub struct DialogueRow {
    pub date: String,
    pub attendees: String,
    pub notes: String,
}

/// The dialogue meeting form.
pub struct DialogueForm {
    pub action: String,
    pub values: DialogueMeetingInput,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
}

impl DialogueForm {
    pub fn new(action: String, values: DialogueMeetingInput, errors: FieldErrors) -> DialogueForm {
        let summary = errors
            .iter()
            .map(|e| SummaryItem {
                target: format!("dialog-{}", e.field),
                label: match e.field.as_str() {
                    "dato" => "Dato",
                    "deltakere" => "Deltakere",
                    "referat" => "Referat",
                    _ => "Skjemaet",
                },
                message: e.message.clone(),
            })
            .collect();
        DialogueForm {
            action,
            values,
            errors,
            summary,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

#[derive(Template)]
#[template(path = "programmes/agreement.html")]
pub struct AgreementPage {
    pub layout: Layout,
    pub title: String,
    pub municipality: String,
    pub office: String,
    pub kind: String,
    pub parties: Vec<(String, String)>,
    pub period: String,
    pub renegotiation: String,
    pub procurement: String,
    pub procurement_reason: String,
    pub notes: Vec<String>,
    pub next_dialogue: String,
    pub dialogue_late: bool,
    pub dialogues: Vec<DialogueRow>,
    pub edit_href: Option<String>,
    pub form: Option<DialogueForm>,
    pub message: Option<String>,
}

impl AgreementPage {
    pub fn new(
        layout: Layout,
        a: &StoredAgreement,
        tax: &Taxonomy,
        may_manage: bool,
        form: Option<DialogueForm>,
        today: Date,
        message: Option<String>,
    ) -> AgreementPage {
        let (next_dialogue, dialogue_late) = due_text(a.next_dialogue_due, today);
        AgreementPage {
            layout,
            title: a.title.clone(),
            municipality: municipality(a),
            office: office_name(&a.office, tax),
            kind: a.kind.label().to_string(),
            parties: a
                .parties
                .iter()
                .map(|p| (p.name.clone(), p.kind.label().to_string()))
                .collect(),
            period: period(a),
            renegotiation: a.renegotiation.map_or("Ikke satt".into(), format::date),
            procurement: a.procurement.label().to_string(),
            procurement_reason: a.procurement_reason.clone(),
            notes: a
                .notes
                .split("\n\n")
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            next_dialogue,
            dialogue_late,
            dialogues: a
                .dialogue_meetings
                .iter()
                .rev()
                .map(|d| DialogueRow {
                    date: format::date(d.date),
                    attendees: d.attendees.clone(),
                    notes: d.notes.clone(),
                })
                .collect(),
            edit_href: may_manage.then(|| format!("/avtaler/{}/endre", a.id)),
            form: if may_manage {
                Some(form.unwrap_or_else(|| {
                    DialogueForm::new(
                        format!("/avtaler/{}/dialogmoter", a.id),
                        DialogueMeetingInput::default(),
                        FieldErrors::new(),
                    )
                }))
            } else {
                None
            },
            message,
        }
    }
}
