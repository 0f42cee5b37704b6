//! The audit log in the words of the pages: «Endret tilskudd 2014 til «Fra leie til eie»:
//! Beløp 700 000 kr → 750 000 kr», never table and column names or raw values.

use crate::format;
use crate::knowledge::views::document_href;
use crate::portfolio::views::project_href;
use crate::shared::form::{options, Opt};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::reporting::{ReportKind, ReportState};
use husk_domain::{BudgetItem, DocumentType, GrantStatus, Kind, Status, Taxonomy};
use husk_store::audit::{AuditEntry, AuditNames};

/// What a table holds, as a noun the pages use («Endret tilskudd …»).
pub fn table_label(table: &str) -> &str {
    match table {
        "projects" => "oppføring",
        "grants" => "tilskudd",
        "organisations" => "mottaker",
        "project_themes" => "tema på oppføring",
        "project_target_groups" => "målgruppe på oppføring",
        "project_learning_tools" => "læringsverktøy på oppføring",
        "project_links" => "lenke til relatert arbeid",
        "documents" => "dokument",
        "document_projects" => "dokumentets oppføring",
        "document_organisations" => "dokumentets mottaker",
        "document_themes" => "tema på dokument",
        "document_target_groups" => "målgruppe på dokument",
        "users" => "bruker",
        "api_tokens" => "API-nøkkel",
        "report_templates" => "rapporteringsmal",
        "template_versions" => "malversjon",
        "reports" => "rapport",
        "report_versions" => "innsendt rapportversjon",
        "report_indicators" => "indikator fra rapport",
        "dialogue_meetings" => "dialogmøte om rapport",
        "regions" => "kontor (kodeliste)",
        "recipient_types" => "mottakertype (kodeliste)",
        "knowledge_themes" => "kunnskapstema (kodeliste)",
        "target_groups" => "målgruppe (kodeliste)",
        "learning_tool_categories" => "læringsverktøy (kodeliste)",
        "meta" => "innstilling",
        "programme_deliverables" => "leveranser fra program- og planfasen",
        "programme_measures" => "tiltak i programplan",
        "programme_measure_goals" => "mål for tiltak i programplan",
        "programme_checklist_marks" => "punkt i sjekklisten for programplan",
        "programme_measure_entries" => "registeroppføring for tiltak i programplan",
        other => other,
    }
}

/// A column's label, as the form or page that shows the value calls it.
fn column_label(table: &str, column: &str) -> String {
    let label = match (table, column) {
        ("projects", "region") => "Ansvarlig kontor",
        ("projects", "kind") => "Type",
        ("projects", "parent_id") => "Del av program",
        ("projects", "organisation_id") => "Mottaker",
        (_, "title") => "Tittel",
        (_, "description") => "Beskrivelse",
        (_, "region") => "Kontor",
        (_, "organisation_id") => "Mottaker",
        (_, "recipient_type") => "Mottakertype",
        (_, "start_year") => "Startår",
        (_, "end_year") => "Sluttår",
        ("reports" | "report_versions", "state" | "outcome") => "Status",
        ("reports", "kind") => "Rapport",
        ("dialogue_meetings", "meeting_date") => "Dato for dialogmøtet",
        ("dialogue_meetings", "attendees") => "Deltakere",
        ("dialogue_meetings", "notes") => "Referat",
        ("programme_deliverables", "pre_analysis") => "Foranalyse ferdig",
        ("programme_deliverables", "fact_sheet") => "Faktaark levert",
        ("programme_deliverables", "owner") => "Programeier",
        ("programme_deliverables", "steering_group") => "Styringsgruppe",
        ("programme_deliverables", "programme_group") => "Programgruppe",
        ("programme_deliverables", "programme_leader") => "Programleder",
        ("programme_deliverables", "has_activity_plan") => "Aktivitetsplan",
        ("programme_deliverables", "plan_adopted") => "Vedtatt politisk",
        ("programme_deliverables", "plan_adopted_by") => "Vedtatt av",
        ("programme_deliverables", "anchored_master_plan") => "Forankret i kommuneplanen",
        ("programme_deliverables", "anchored_economic_plan") => "Forankret i økonomiplanen",
        ("programme_deliverables", "anchored_budget") => "Forankret i budsjettet",
        ("programme_measures", "owner") => "Ansvarlig",
        ("programme_measures", "start_date") => "Start",
        ("programme_measures", "end_date") => "Planlagt slutt",
        ("programme_measures", "postponed_reason") => "Hvorfor utsatt",
        ("programme_measures", "in_ordinary_operation") => "Ut i linje og inn i driften",
        ("programme_measure_goals", "goal_code") => "Mål",
        ("programme_checklist_marks", "item") => "Punkt",
        ("programme_checklist_marks", "ticked") => "Oppfylt",
        ("programme_checklist_marks", "comment") => "Kommentar",
        (_, "participant_id") => "Deltaker i program",
        (_, "measure_id") => "Tiltak",
        (_, "updated_by") => "Endret av",
        (_, "updated_by_user") => "Endret av bruker",
        (_, "status") => "Status",
        (_, "kind") => "Type",
        (_, "created_at") => "Opprettet",
        (_, "updated_at") => "Sist endret",
        (_, "year") => "År",
        (_, "amount_nok") => "Beløp",
        (_, "budget_item") => "Budsjettpost",
        (_, "note") => "Merknad",
        (_, "project_id") => "Oppføring",
        (_, "related_id") => "Relatert arbeid",
        (_, "theme_code") => "Kunnskapstema",
        (_, "target_group_code") => "Målgruppe",
        (_, "tool_code") => "Læringsverktøy",
        (_, "position" | "sort") => "Rekkefølge",
        (_, "authors") => "Forfattere",
        (_, "publisher") => "Utgiver",
        (_, "doc_type") => "Dokumenttype",
        (_, "public") => "Offentlig",
        (_, "file_name") => "Filnavn",
        (_, "file_sha256") => "Filens sjekksum",
        (_, "file_size") => "Filstørrelse",
        (_, "content_type") => "Filtype",
        (_, "document_id") => "Dokument",
        (_, "username") => "Brukernavn",
        ("users", "name") => "Fullt navn",
        ("api_tokens", "name") => "Navn på nøkkelen",
        (_, "name") => "Navn",
        (_, "email") => "E-post",
        (_, "role") => "Rolle",
        (_, "password_hash") => "Passord",
        (_, "disabled") => "Deaktivert",
        (_, "password_changed_at") => "Passord endret",
        (_, "user_id") => "Bruker",
        (_, "token_hash") => "Nøkkel",
        (_, "last_used_at") => "Sist brukt",
        (_, "revoked_at") => "Tilbakekalt",
        (_, "code") => "Kode",
        (_, "in_use") => "I bruk for nye rapporter",
        (_, "template_id") => "Mal",
        (_, "version") => "Versjon",
        (_, "definition") => "Innhold",
        (_, "created_by") => "Laget av",
        (_, "period_start") => "Periode fra",
        (_, "period_end") => "Periode til",
        (_, "due_date") => "Frist",
        (_, "template_version_id") => "Malversjon",
        (_, "draft") => "Utkast",
        (_, "revision") => "Revisjon",
        (_, "draft_saved_at") => "Utkast lagret",
        (_, "draft_saved_by") => "Utkast lagret av",
        (_, "number") => "Versjon",
        (_, "answers") => "Svar",
        (_, "submitted_by") => "Sendt inn av",
        (_, "submitted_at") => "Sendt inn",
        (_, "reviewed_by") => "Vurdert av",
        (_, "reviewed_at") => "Vurdert",
        (_, "review_comment") => "Samlet kommentar",
        (_, "field_comments") => "Kommentarer til svarene",
        (_, "report_id") => "Rapport",
        (_, "version_id") => "Rapportversjon",
        (_, "unit") => "Enhet",
        (_, "baseline") => "Utgangsverdi",
        (_, "target") => "Mål",
        (_, "actual") => "Resultat",
        (_, "comment") => "Kommentar",
        (_, "orgnr") => "Organisasjonsnummer",
        (_, "kommunenummer") => "Kommunenummer",
        (_, "name_nb") => "Navn",
        (_, "summary_nb") => "Beskrivelse",
        (_, "group_nb") => "Gruppe",
        (_, other) => return other.replace('_', " "),
    };
    label.to_string()
}

/// Columns that say nothing a reader of the log needs (bookkeeping that every change touches).
fn is_bookkeeping(column: &str) -> bool {
    matches!(
        column,
        "created_at"
            | "updated_at"
            | "updated_by"
            | "revision"
            | "draft_saved_at"
            | "draft_saved_by"
            | "position"
    )
}

/// A change's values as text on the page, with a link where the value is a record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditValue {
    pub text: String,
    pub href: Option<String>,
}

impl AuditValue {
    fn plain(text: impl Into<String>) -> AuditValue {
        AuditValue {
            text: text.into(),
            href: None,
        }
    }
}

/// One changed field: its label, the value before and after.
#[derive(Debug, Clone)]
pub struct AuditChange {
    pub label: String,
    pub before: AuditValue,
    pub after: AuditValue,
}

/// One change in the log, for the table.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    /// «Opprettet», «Endret» or «Slettet».
    pub action: &'static str,
    /// «tilskudd»
    pub what: String,
    /// The record by name («2014 til «Fra leie til eie»»), with a link where it has a page.
    pub subject: AuditValue,
    /// The id to filter the log by.
    pub record_href: String,
    pub changes: Vec<AuditChange>,
}

/// Who made a change, as a person reads it: the user's full name, or what acted.
pub fn actor_label(e: &AuditEntry) -> String {
    if let Some(name) = &e.actor_name {
        return name.clone();
    }
    match e.actor.as_str() {
        "system" => "Husk (systemet)".into(),
        "demo" => "Demodataene".into(),
        "kommandolinje" => "Kommandolinjen".into(),
        "påminnelser" => "Påminnelsene".into(),
        "offentlig" => "En besøkende uten innlogging".into(),
        // A user who has since been deleted: the username is all the log knows.
        other => other.to_string(),
    }
}

/// Turns log entries into rows that read like the pages.
pub struct AuditWords<'a> {
    pub names: &'a AuditNames,
    pub tax: &'a Taxonomy,
}

impl AuditWords<'_> {
    fn project(&self, id: &str) -> AuditValue {
        AuditValue {
            text: self
                .names
                .projects
                .get(id)
                .map(|t| format!("«{t}»"))
                .unwrap_or_else(|| format!("oppføringen {id}")),
            href: self
                .names
                .projects
                .contains_key(id)
                .then(|| project_href(id)),
        }
    }

    fn document(&self, id: &str) -> AuditValue {
        match (self.names.documents.get(id), id.parse::<i64>()) {
            (Some(t), Ok(n)) => AuditValue {
                text: format!("«{t}»"),
                href: Some(document_href(n)),
            },
            _ => AuditValue::plain(format!("dokument nr. {id} (slettet)")),
        }
    }

    fn report(&self, id: &str) -> AuditValue {
        match self.names.reports.get(id) {
            Some((kind, year, project)) => {
                let kind = ReportKind::from_code(kind)
                    .map(|k| k.label())
                    .unwrap_or("Rapport");
                let title = self
                    .names
                    .projects
                    .get(project)
                    .cloned()
                    .unwrap_or_else(|| project.clone());
                AuditValue {
                    text: format!("{kind} {year} for «{title}»"),
                    href: Some(format!("/rapporter/{id}")),
                }
            }
            None => AuditValue::plain(format!("rapport nr. {id} (slettet)")),
        }
    }

    fn user(&self, id: &str) -> AuditValue {
        AuditValue::plain(
            self.names
                .users
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("bruker nr. {id} (slettet)")),
        )
    }

    /// A value of a column in words: labels for codes, names for ids, ja/nei, kroner, times.
    fn value(&self, table: &str, column: &str, raw: &Option<String>) -> AuditValue {
        let Some(v) = raw.as_deref() else {
            return AuditValue::plain("");
        };
        if v.is_empty() {
            return AuditValue::plain("(tomt)");
        }
        let code = |label: Option<&str>| AuditValue::plain(label.unwrap_or(v).to_string());
        match column {
            "public" | "disabled" | "in_use" => AuditValue::plain(match v {
                "1" | "true" => "ja",
                "0" | "false" => "nei",
                other => other,
            }),
            "amount_nok" => AuditValue::plain(
                v.parse::<i64>()
                    .map(format::nok)
                    .unwrap_or_else(|_| v.to_string()),
            ),
            "file_size" => AuditValue::plain(
                v.parse::<i64>()
                    .map(format::bytes)
                    .unwrap_or_else(|_| v.to_string()),
            ),
            "created_at"
            | "updated_at"
            | "password_changed_at"
            | "last_used_at"
            | "revoked_at"
            | "submitted_at"
            | "reviewed_at"
            | "draft_saved_at" => AuditValue::plain(format::timestamp(v)),
            "period_start" | "period_end" | "due_date" => AuditValue::plain(
                husk_domain::norwegian::parse_date(v)
                    .map(format::date)
                    .unwrap_or_else(|_| v.to_string()),
            ),
            "region" => code(self.tax.region(v).map(|r| r.name_nb.as_str())),
            "recipient_type" => code(self.tax.recipient_type(v).map(|r| r.name_nb.as_str())),
            "theme_code" => code(self.tax.theme(v).map(|t| t.name_nb.as_str())),
            "target_group_code" => code(self.tax.target_group(v).map(|t| t.name_nb.as_str())),
            "tool_code" => code(self.tax.learning_tool(v).map(|t| t.name_nb.as_str())),
            "budget_item" => code(BudgetItem::from_code(v).map(|b| b.label())),
            "doc_type" => code(DocumentType::parse(v).map(|t| t.label())),
            "role" => code(match v {
                "admin" => Some("Administrator"),
                "radgiver" => Some("Rådgiver"),
                "mottaker" => Some("Mottaker"),
                "leser" => Some("Leser"),
                _ => None,
            }),
            "kind" if table == "projects" => code(Kind::from_code(v).map(|k| k.label())),
            "kind" if table == "reports" => code(ReportKind::from_code(v).map(|k| k.label())),
            "status" if table == "grants" => code(GrantStatus::from_code(v).map(|s| s.label())),
            "status" if table == "projects" => code(Status::from_code(v).map(|s| s.label())),
            "state" | "outcome" => code(ReportState::from_code(v).map(|s| s.label()).or(match v {
                "returnert" => Some("Returnert"),
                "godkjent" => Some("Godkjent"),
                _ => None,
            })),
            "project_id" | "parent_id" | "related_id" => self.project(v),
            "document_id" => self.document(v),
            "report_id" => self.report(v),
            "version_id" => match self.names.report_versions.get(v) {
                Some((report, n)) => AuditValue {
                    text: format!("versjon {n} av {}", self.report(report).text),
                    href: Some(format!("/rapporter/{report}/versjoner/{n}")),
                },
                None => AuditValue::plain(format!("versjon nr. {v}")),
            },
            "organisation_id" => AuditValue::plain(
                self.names
                    .organisations
                    .get(v)
                    .cloned()
                    .unwrap_or_else(|| format!("mottaker nr. {v}")),
            ),
            "user_id" | "created_by" | "draft_saved_by" | "submitted_by" | "reviewed_by" => {
                self.user(v)
            }
            "template_version_id" => match self.names.template_versions.get(v) {
                Some((name, n)) => AuditValue {
                    text: format!("«{name}», versjon {n}"),
                    href: Some(format!("/admin/maler/versjoner/{v}")),
                },
                None => AuditValue::plain(format!("malversjon nr. {v}")),
            },
            // Whole answers and template definitions are long JSON: say that they changed.
            "draft" | "answers" | "definition" | "field_comments" => {
                AuditValue::plain("(lagret; se rapporten eller malen)")
            }
            _ => {
                let short = if v.chars().count() > 300 {
                    format!("{}…", v.chars().take(300).collect::<String>())
                } else {
                    v.to_string()
                };
                AuditValue::plain(short)
            }
        }
    }

    /// The record a change is about, by name.
    fn subject(&self, e: &AuditEntry) -> AuditValue {
        let first = e.record_id.split('/').next().unwrap_or("");
        // A deleted record's name is in its old values.
        let old = |column: &str| {
            e.changes
                .iter()
                .find(|(c, _, _)| c == column)
                .and_then(|(_, before, after)| after.clone().or(before.clone()))
        };
        match e.table.as_str() {
            "projects"
            | "project_themes"
            | "project_target_groups"
            | "project_learning_tools"
            | "project_links" => match self.names.projects.get(first) {
                Some(_) => self.project(first),
                None => AuditValue::plain(match old("title") {
                    Some(t) => format!("«{t}» ({first}, slettet)"),
                    None => format!("oppføringen {first}"),
                }),
            },
            "grants" => match self.names.grants.get(first) {
                Some((project, year)) => {
                    let p = self.project(project);
                    AuditValue {
                        text: format!("{year} til {}", p.text),
                        href: p.href.map(|h| format!("{h}#tilskudd")),
                    }
                }
                None => {
                    let year = old("year").unwrap_or_default();
                    let p = old("project_id")
                        .map(|p| self.project(&p).text)
                        .unwrap_or_default();
                    AuditValue::plain(format!("{year} til {p} (slettet)"))
                }
            },
            "documents"
            | "document_projects"
            | "document_organisations"
            | "document_themes"
            | "document_target_groups" => match self.names.documents.get(first) {
                Some(_) => self.document(first),
                None => AuditValue::plain(match old("title") {
                    Some(t) => format!("«{t}» (slettet)"),
                    None => format!("dokument nr. {first}"),
                }),
            },
            "reports" | "dialogue_meetings" => self.report(first),
            "report_versions" => self.value(&e.table, "version_id", &Some(first.to_string())),
            "report_indicators" => old("name")
                .map(|n| AuditValue::plain(format!("«{n}»")))
                .unwrap_or_default(),
            "users" => match self.names.users.get(first) {
                Some(n) => AuditValue::plain(n.clone()),
                None => AuditValue::plain(
                    old("name")
                        .or(old("username"))
                        .unwrap_or_else(|| format!("bruker nr. {first}")),
                ),
            },
            "organisations" => AuditValue::plain(
                self.names
                    .organisations
                    .get(first)
                    .cloned()
                    .or(old("name"))
                    .unwrap_or_default(),
            ),
            "template_versions" => self.value(&e.table, "template_version_id", &Some(first.into())),
            "api_tokens" => old("name")
                .map(|n| AuditValue::plain(format!("«{n}»")))
                .unwrap_or_default(),
            _ => AuditValue::plain(e.record_id.clone()),
        }
    }

    pub fn row(&self, e: &AuditEntry) -> AuditRow {
        let (action, show_before, show_after) = match e.action.as_str() {
            "insert" => ("Opprettet", false, true),
            "update" => ("Endret", true, true),
            _ => ("Slettet", true, false),
        };
        AuditRow {
            at: format::timestamp(&e.at),
            actor: actor_label(e),
            action,
            what: table_label(&e.table).to_string(),
            subject: self.subject(e),
            record_href: format!(
                "/admin/endringslogg?{}",
                serde_urlencoded::to_string([(
                    "post",
                    e.record_id.split('/').next().unwrap_or("")
                )])
                .unwrap_or_default()
            ),
            changes: e
                .changes
                .iter()
                .filter(|(c, _, _)| !is_bookkeeping(c))
                .map(|(c, before, after)| AuditChange {
                    label: column_label(&e.table, c),
                    before: if show_before {
                        self.value(&e.table, c, before)
                    } else {
                        AuditValue::default()
                    },
                    after: if show_after {
                        self.value(&e.table, c, after)
                    } else {
                        AuditValue::default()
                    },
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/admin_audit.html")]
pub struct AuditPage {
    pub layout: Layout,
    pub actor: String,
    pub record: String,
    pub tables: Vec<Opt>,
    pub rows: Vec<AuditRow>,
    pub older_href: Option<String>,
}

/// The table filter's options, by what each table holds.
pub fn table_options(tables: &[String], selected: &str) -> Vec<Opt> {
    let mut labelled: Vec<(&str, String)> = tables
        .iter()
        .map(|t| {
            let label = table_label(t);
            let mut chars = label.chars();
            let capital = chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default();
            (t.as_str(), capital)
        })
        .collect();
    labelled.sort_by(|a, b| a.1.cmp(&b.1));
    options(
        Some("Alle slags endringer"),
        labelled.iter().map(|(v, l)| (*v, l.as_str())),
        selected,
    )
}
