//! A report's answers: raw, exactly as typed (so a form never loses input), checked against the
//! template only when the report is submitted, and compared version by version.

use super::template::{FieldDef, FieldKind, FieldRole, TemplateDef, YES};
use crate::limits;
pub use crate::norwegian::{format_date, group_thousands, parse_date, parse_number};
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A file attached to a report, kept like a document's original file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
}

/// One field's answer, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// Text, number, amount, date, single choice or scale: one string.
    Text(String),
    /// The chosen options of a multiple choice.
    List(Vec<String>),
    /// A table's rows, each with one cell per column of the kind.
    Rows(Vec<Vec<String>>),
    Files(Vec<Attachment>),
}

impl Answer {
    pub fn text(&self) -> &str {
        match self {
            Answer::Text(t) => t,
            _ => "",
        }
    }

    pub fn list(&self) -> &[String] {
        match self {
            Answer::List(l) => l,
            _ => &[],
        }
    }

    pub fn rows(&self) -> &[Vec<String>] {
        match self {
            Answer::Rows(r) => r,
            _ => &[],
        }
    }

    pub fn files(&self) -> &[Attachment] {
        match self {
            Answer::Files(f) => f,
            _ => &[],
        }
    }

    /// Whether nothing is filled in.
    pub fn is_blank(&self) -> bool {
        match self {
            Answer::Text(t) => t.trim().is_empty(),
            Answer::List(l) => l.is_empty(),
            Answer::Rows(r) => r.iter().all(|row| row_is_blank(row)),
            Answer::Files(f) => f.is_empty(),
        }
    }
}

fn row_is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

/// All answers of a report, by field key.
pub type Answers = BTreeMap<String, Answer>;

/// The form field id of a field or of one table cell (`indikatorer.2.target`), as used in
/// error messages and comments.
pub fn cell_key(field: &str, row: usize, column: &str) -> String {
    format!("{field}.{row}.{column}")
}

/// Checks the answers against the template. `submit` adds the checks that only a submission
/// needs (required fields); a draft is only checked for malformed values. Every problem is
/// listed, keyed by field (or table cell, see [`cell_key`]).
pub fn validate(def: &TemplateDef, answers: &Answers, submit: bool) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for (_, f) in def.fields() {
        let answer = answers.get(&f.key);
        let blank = answer.is_none_or(Answer::is_blank);
        if blank {
            if submit && f.required {
                errors.push(&f.key, required_message(f));
            }
            continue;
        }
        let Some(answer) = answer else { continue };
        check_field(f, answer, submit, &mut errors);
    }
    errors
}

/// Checks that no answer is longer than [`limits`] allows: every text answer, table cell and
/// choice, and the number of table rows. Unlike [`validate`], this holds for every save, a
/// draft's too: an answer over a limit is not saved at all, so that neither the report nor the
/// audit log can be made to carry megabytes through one field. Every problem is listed.
pub fn check_limits(def: &TemplateDef, answers: &Answers) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for (key, answer) in answers {
        let field = def.field(key);
        let label = field.map_or(key.as_str(), |f| f.label.as_str());
        let kind = field.map_or(FieldKind::Text, |f| f.kind);
        match answer {
            Answer::Text(t) => {
                let max = if kind == FieldKind::Text {
                    limits::ANSWER_TEXT
                } else {
                    limits::ANSWER_CELL
                };
                limits::check(&mut errors, key, label, t, max);
            }
            Answer::List(items) => {
                if items.len() > limits::ANSWER_ROWS {
                    errors.push(
                        key,
                        format!(
                            "«{label}» har {} valg, men kan ha høyst {}.",
                            items.len(),
                            limits::ANSWER_ROWS
                        ),
                    );
                }
                for item in items {
                    limits::check(&mut errors, key, label, item, limits::ANSWER_CELL);
                }
            }
            Answer::Rows(rows) => {
                if rows.len() > limits::ANSWER_ROWS {
                    errors.push(
                        key,
                        format!(
                            "«{label}» har {} rader, men kan ha høyst {}.",
                            rows.len(),
                            limits::ANSWER_ROWS
                        ),
                    );
                }
                let columns = kind.columns();
                for (i, row) in rows.iter().enumerate().take(limits::ANSWER_ROWS) {
                    for (c, cell) in row.iter().enumerate() {
                        let chars = cell.chars().count();
                        if chars > limits::ANSWER_CELL {
                            let (column_key, column_label) =
                                columns.get(c).copied().unwrap_or(("celle", "Celle"));
                            errors.push(
                                cell_key(key, i + 1, column_key),
                                format!(
                                    "Rad {} i «{label}», kolonnen «{column_label}», har {} tegn, men kan ha høyst {} tegn. Forkort teksten.",
                                    i + 1,
                                    group_thousands(chars as i64),
                                    group_thousands(limits::ANSWER_CELL as i64)
                                ),
                            );
                        }
                    }
                }
            }
            Answer::Files(files) => {
                if files.len() > limits::ANSWER_ROWS {
                    errors.push(
                        key,
                        format!(
                            "«{label}» har {} vedlegg, men kan ha høyst {}.",
                            files.len(),
                            limits::ANSWER_ROWS
                        ),
                    );
                }
            }
        }
    }
    errors
}

/// What to do about a required field left empty, as a sentence that names the field.
fn required_message(f: &FieldDef) -> String {
    let label = &f.label;
    match f.kind {
        FieldKind::Goals => format!("Fyll ut «{label}»: skriv minst ett mål og vurder det."),
        FieldKind::Indicators => format!("Fyll ut «{label}»: skriv minst én indikator."),
        FieldKind::MultiChoice => {
            format!("Svar på «{label}». Kryss av for minst ett av alternativene.")
        }
        FieldKind::Choice | FieldKind::Scale => {
            format!("Svar på «{label}». Velg ett av alternativene.")
        }
        FieldKind::Attachments => format!("Legg ved minst én fil under «{label}»."),
        _ => format!("Svar på «{label}». Feltet må fylles ut."),
    }
}

/// A malformed answer: names the field, then says what is wrong and what to write.
fn check_message(f: &FieldDef, problem: &str) -> String {
    format!("Sjekk «{}». {problem}", f.label)
}

fn check_field(f: &FieldDef, answer: &Answer, submit: bool, errors: &mut FieldErrors) {
    match f.kind {
        FieldKind::Text => {}
        FieldKind::Number => {
            if let Err(m) = parse_number(answer.text()) {
                errors.push(&f.key, check_message(f, &m));
            }
        }
        FieldKind::Nok => {
            if let Err(m) = crate::portfolio::parse_nok(answer.text()) {
                errors.push(&f.key, check_message(f, &m));
            }
        }
        FieldKind::Date => {
            if let Err(m) = parse_date(answer.text()) {
                errors.push(&f.key, check_message(f, &m));
            }
        }
        FieldKind::Choice => {
            let v = answer.text().trim();
            if !f.options.iter().any(|o| o.value == v) {
                errors.push(
                    &f.key,
                    check_message(
                        f,
                        &format!(
                            "«{v}» er ikke et av alternativene. Velg blant {}.",
                            options_list(f)
                        ),
                    ),
                );
            }
        }
        FieldKind::MultiChoice => {
            for v in answer.list() {
                if !f.options.iter().any(|o| &o.value == v) {
                    errors.push(
                        &f.key,
                        check_message(
                            f,
                            &format!(
                                "«{v}» er ikke et av alternativene. Velg blant {}.",
                                options_list(f)
                            ),
                        ),
                    );
                }
            }
        }
        FieldKind::Scale => {
            if let Err(m) = parse_scale(answer.text()) {
                errors.push(&f.key, check_message(f, &m));
            }
        }
        FieldKind::Indicators | FieldKind::Goals => check_rows(f, answer.rows(), submit, errors),
        FieldKind::Attachments => {}
    }
}

/// The options as a Norwegian list: "A, B eller C".
fn options_list(f: &FieldDef) -> String {
    let labels: Vec<String> = f.options.iter().map(|o| format!("«{}»", o.label)).collect();
    match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} eller {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A scale answer: a whole number 1–5.
pub fn parse_scale(raw: &str) -> Result<u8, String> {
    match raw.trim().parse::<u8>() {
        Ok(v @ 1..=5) => Ok(v),
        _ => Err(format!(
            "«{}» er ikke en verdi på skalaen. Velg et helt tall fra 1 til 5.",
            raw.trim()
        )),
    }
}

fn check_rows(f: &FieldDef, rows: &[Vec<String>], submit: bool, errors: &mut FieldErrors) {
    let columns = f.kind.columns();
    for (i, row) in rows.iter().enumerate() {
        if row_is_blank(row) {
            continue;
        }
        let n = i + 1;
        let cell = |c: usize| row.get(c).map(|s| s.trim()).unwrap_or("");
        let first = columns[0];
        if cell(0).is_empty() {
            errors.push(
                cell_key(&f.key, n, first.0),
                format!(
                    "Rad {n} i «{}» mangler {}. Skriv den, eller tøm resten av raden.",
                    f.label,
                    first.1.to_lowercase()
                ),
            );
        }
        match f.kind {
            FieldKind::Indicators => {
                for (c, (key, label)) in columns.iter().enumerate().skip(2).take(3) {
                    let v = cell(c);
                    if !v.is_empty() {
                        if let Err(m) = parse_number(v) {
                            errors.push(
                                cell_key(&f.key, n, key),
                                format!(
                                    "Sjekk {} i rad {n} av «{}». {m}",
                                    label.to_lowercase(),
                                    f.label
                                ),
                            );
                        }
                    } else if submit && *key == "actual" {
                        errors.push(
                            cell_key(&f.key, n, key),
                            format!(
                                "Rad {n} i «{}» mangler resultat. Skriv et tall for perioden.",
                                f.label
                            ),
                        );
                    }
                }
            }
            FieldKind::Goals => {
                let v = cell(1);
                if v.is_empty() {
                    if submit {
                        errors.push(
                            cell_key(&f.key, n, "assessment"),
                            format!(
                                "Rad {n} i «{}» mangler vurdering. Velg et helt tall fra 1 til 5.",
                                f.label
                            ),
                        );
                    }
                } else if let Err(m) = parse_scale(v) {
                    errors.push(
                        cell_key(&f.key, n, "assessment"),
                        format!("Sjekk vurderingen i rad {n} av «{}». {m}", f.label),
                    );
                }
            }
            _ => {}
        }
    }
}

/// An answer as text for reading (the report page, versions, the knowledge base).
pub fn display(f: &FieldDef, answer: Option<&Answer>) -> String {
    let Some(a) = answer.filter(|a| !a.is_blank()) else {
        return String::new();
    };
    match f.kind {
        FieldKind::Choice => {
            let v = a.text().trim();
            f.options
                .iter()
                .find(|o| o.value == v)
                .map_or(v.to_string(), |o| o.label.clone())
        }
        FieldKind::MultiChoice => a
            .list()
            .iter()
            .map(|v| {
                f.options
                    .iter()
                    .find(|o| &o.value == v)
                    .map_or(v.clone(), |o| o.label.clone())
            })
            .collect::<Vec<_>>()
            .join(", "),
        FieldKind::Nok => match crate::portfolio::parse_nok(a.text()) {
            Ok(n) => format!("{} kr", group_thousands(n)),
            Err(_) => a.text().trim().to_string(),
        },
        FieldKind::Number => {
            let t = a.text().trim();
            if f.unit.is_empty() {
                t.to_string()
            } else {
                format!("{t} {}", f.unit)
            }
        }
        FieldKind::Date => match parse_date(a.text()) {
            Ok(d) => format_date(d),
            Err(_) => a.text().trim().to_string(),
        },
        FieldKind::Scale => {
            let t = a.text().trim();
            format!("{t} av 5")
        }
        FieldKind::Indicators | FieldKind::Goals => {
            let columns = f.kind.columns();
            a.rows()
                .iter()
                .filter(|r| !row_is_blank(r))
                .map(|r| {
                    columns
                        .iter()
                        .enumerate()
                        .filter_map(|(i, (_, label))| {
                            let v = r.get(i).map(|s| s.trim()).unwrap_or("");
                            (!v.is_empty()).then(|| format!("{label}: {v}"))
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        FieldKind::Attachments => a
            .files()
            .iter()
            .map(|f| f.name.clone())
            .collect::<Vec<_>>()
            .join(", "),
        FieldKind::Text => a.text().trim().to_string(),
    }
}

/// One field that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub key: String,
    pub label: String,
    pub section: String,
    pub before: String,
    pub after: String,
}

/// The fields whose answers differ between `before` and `after`, in template order, as text.
pub fn diff(def: &TemplateDef, before: &Answers, after: &Answers) -> Vec<FieldChange> {
    def.fields()
        .filter_map(|(s, f)| {
            let b = display(f, before.get(&f.key));
            let a = display(f, after.get(&f.key));
            (a != b).then(|| FieldChange {
                key: f.key.clone(),
                label: f.label.clone(),
                section: s.title.clone(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// An indicator row as data (numbers parsed; a cell that is not a number is `None`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub name: String,
    pub unit: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub comment: String,
}

/// The indicator rows of a report, for storing as data.
pub fn indicators(def: &TemplateDef, answers: &Answers) -> Vec<IndicatorValue> {
    let Some(f) = def.indicator_field() else {
        return Vec::new();
    };
    let Some(a) = answers.get(&f.key) else {
        return Vec::new();
    };
    a.rows()
        .iter()
        .filter(|r| !row_is_blank(r) && !r[0].trim().is_empty())
        .map(|r| {
            let cell = |i: usize| r.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
            let num = |i: usize| parse_number(&cell(i)).ok();
            IndicatorValue {
                name: cell(0),
                unit: cell(1),
                baseline: num(2),
                target: num(3),
                actual: num(4),
                comment: cell(5),
            }
        })
        .collect()
}

/// A goal row with the recipient's own assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalAssessment {
    pub goal: String,
    pub assessment: Option<u8>,
    pub comment: String,
}

/// The goal rows of a report.
pub fn goals(def: &TemplateDef, answers: &Answers) -> Vec<GoalAssessment> {
    def.fields()
        .map(|(_, f)| f)
        .filter(|f| f.kind == FieldKind::Goals)
        .filter_map(|f| answers.get(&f.key))
        .flat_map(|a| a.rows().iter())
        .filter(|r| !row_is_blank(r))
        .map(|r| {
            let cell = |i: usize| r.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
            GoalAssessment {
                goal: cell(0),
                assessment: parse_scale(&cell(1)).ok(),
                comment: cell(2),
            }
        })
        .collect()
}

/// The codes the reporter ticked in the fields with `role` (themes or target groups), each
/// once, in the order of the template's options. Values that are not options are left out.
pub fn tagged(def: &TemplateDef, answers: &Answers, role: FieldRole) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in def
        .fields()
        .map(|(_, f)| f)
        .filter(|f| f.role == Some(role))
    {
        let chosen = answers.get(&f.key).map(Answer::list).unwrap_or(&[]);
        for o in &f.options {
            if chosen.contains(&o.value) && !out.contains(&o.value) {
                out.push(o.value.clone());
            }
        }
    }
    out
}

/// Whether the answer of the field with `role` (a choice) is yes.
fn says_yes(def: &TemplateDef, answers: &Answers, role: FieldRole) -> bool {
    def.field_with_role(role)
        .and_then(|f| answers.get(&f.key))
        .is_some_and(|a| a.text().trim() == YES)
}

/// Whether the recipient consents to publishing the public summary.
pub fn consents_to_publish(def: &TemplateDef, answers: &Answers) -> bool {
    says_yes(def, answers, FieldRole::PublishConsent)
}

/// Whether the recipient asks for a dialogue meeting about the report.
pub fn requests_dialogue(def: &TemplateDef, answers: &Answers) -> bool {
    says_yes(def, answers, FieldRole::DialogueRequest)
}

/// The public summary, if the recipient wrote one and consents to publishing it.
pub fn public_summary(def: &TemplateDef, answers: &Answers) -> Option<String> {
    if !consents_to_publish(def, answers) {
        return None;
    }
    def.field_with_role(FieldRole::PublicSummary)
        .and_then(|f| answers.get(&f.key))
        .map(|a| a.text().trim().to_string())
        .filter(|t| !t.is_empty())
}

/// The answers as they may be shown outside the recipient and the office: without the public
/// summary unless the recipient consents to publishing it. The knowledge base and readers from
/// outside see these.
pub fn without_unconsented_summary(def: &TemplateDef, answers: &Answers) -> Answers {
    let mut out = answers.clone();
    if !consents_to_publish(def, answers) {
        for f in def
            .fields()
            .map(|(_, f)| f)
            .filter(|f| f.role == Some(FieldRole::PublicSummary))
        {
            out.remove(&f.key);
        }
    }
    out
}

/// The report as Markdown: a heading per section and per field, then the answer. This is the
/// text the knowledge base indexes, so each learning answer becomes its own passage.
pub fn to_markdown(def: &TemplateDef, title: &str, answers: &Answers) -> String {
    let mut out = format!("# {title}\n\n");
    for s in &def.sections {
        let filled: Vec<(&FieldDef, String)> = s
            .fields
            .iter()
            .map(|f| (f, display(f, answers.get(&f.key))))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        if filled.is_empty() {
            continue;
        }
        out.push_str(&format!("## {}\n\n", s.title));
        for (f, text) in filled {
            out.push_str(&format!("### {}\n\n", f.label));
            for line in text.lines() {
                out.push_str(line.trim_end());
                out.push_str("\n\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Answer {
        Answer::Text(s.into())
    }

    fn complete() -> Answers {
        let mut a = Answers::new();
        a.insert("gjort_mot_plan".into(), t("Vi kartla behovet."));
        a.insert("status_framdrift".into(), t("som-planlagt"));
        a.insert(
            "mal".into(),
            Answer::Rows(vec![vec![
                "Færre bostedsløse".into(),
                "4".into(),
                "Gode tall".into(),
            ]]),
        );
        a.insert("laert".into(), t("Oppfølging i bolig virker."));
        a.insert("endret_praksis".into(), t("Nytt tildelingsråd."));
        a.insert("annerledes".into(), t("Startet tidligere."));
        a.insert("brukermedvirkning_grad".into(), t("3"));
        a.insert("tildelt".into(), t("500 000"));
        a.insert("brukt".into(), t("450000"));
        // Asked from version 2 of the default template.
        a.insert(
            "formal".into(),
            t("Færre bostedsløse, mål 2 i handlingsplanen."),
        );
        a.insert(
            "suksesskriterier".into(),
            t("Alle deltakerne bor i egen bolig."),
        );
        a.insert(
            "kunnskapstema".into(),
            Answer::List(vec!["tildeling-bosetting".into()]),
        );
        a.insert("videreforing".into(), t("delvis"));
        a.insert("samtykke_publisering".into(), t("nei"));
        a
    }

    #[test]
    fn themes_and_target_groups_come_from_the_fields_with_those_roles() {
        let def = TemplateDef::default_template();
        let mut a = complete();
        a.insert(
            "overordnede_tema".into(),
            Answer::List(vec!["brukermedvirkning".into()]),
        );
        a.insert(
            "kunnskapstema".into(),
            // Out of the template's order, with a value that is not an option.
            Answer::List(vec![
                "bomiljo-omradeloft".into(),
                "tildeling-bosetting".into(),
                "noe-annet".into(),
            ]),
        );
        a.insert(
            "malgrupper".into(),
            Answer::List(vec!["unge".into(), "bostedslos".into()]),
        );
        assert_eq!(
            tagged(&def, &a, FieldRole::Themes),
            [
                "brukermedvirkning",
                "tildeling-bosetting",
                "bomiljo-omradeloft"
            ]
        );
        assert_eq!(
            tagged(&def, &a, FieldRole::TargetGroups),
            ["bostedslos", "unge"]
        );
        // Version 1 asked for neither.
        let v1 = TemplateDef::default_template_v1();
        assert!(tagged(&v1, &a, FieldRole::Themes).is_empty());
    }

    #[test]
    fn the_public_summary_is_kept_only_with_consent() {
        let def = TemplateDef::default_template();
        let mut a = complete();
        a.insert("offentlig_sammendrag".into(), t("Vi bosatte ni personer."));
        a.insert("samtykke_publisering".into(), t("nei"));
        assert_eq!(public_summary(&def, &a), None);
        let shown = without_unconsented_summary(&def, &a);
        assert!(!shown.contains_key("offentlig_sammendrag"));
        assert!(!to_markdown(&def, "R", &shown).contains("Vi bosatte ni"));
        assert_eq!(shown.get("laert"), a.get("laert"), "the rest stays");
        a.insert("samtykke_publisering".into(), t("ja"));
        assert_eq!(
            public_summary(&def, &a).as_deref(),
            Some("Vi bosatte ni personer.")
        );
        assert_eq!(without_unconsented_summary(&def, &a), a);
    }

    #[test]
    fn a_dialogue_meeting_is_requested_by_answering_yes() {
        let def = TemplateDef::default_template();
        let mut a = complete();
        assert!(!requests_dialogue(&def, &a));
        a.insert("dialogmote".into(), t("nei"));
        assert!(!requests_dialogue(&def, &a));
        a.insert("dialogmote".into(), t("ja"));
        assert!(requests_dialogue(&def, &a));
        assert!(!requests_dialogue(&TemplateDef::default_template_v1(), &a));
    }

    #[test]
    fn answers_over_the_limits_are_named_with_field_row_and_column() {
        let def = TemplateDef::default_template();
        assert!(check_limits(&def, &complete()).is_empty());
        let mut a = complete();
        a.insert("laert".into(), t(&"a".repeat(limits::ANSWER_TEXT + 1)));
        a.insert("tildelt".into(), t(&"9".repeat(limits::ANSWER_CELL + 1)));
        a.insert(
            "mal".into(),
            Answer::Rows(vec![
                vec!["Mål".into(), "4".into(), "".into()],
                vec![
                    "Mål".into(),
                    "4".into(),
                    "b".repeat(limits::ANSWER_CELL + 1),
                ],
            ]),
        );
        a.insert(
            "indikatorer".into(),
            Answer::Rows(vec![vec!["x".into()]; limits::ANSWER_ROWS + 1]),
        );
        let e = check_limits(&def, &a);
        assert!(e
            .get("laert")
            .unwrap()
            .contains("har 20 001 tegn, men kan ha høyst 20 000 tegn"));
        assert!(e.get("tildelt").unwrap().contains("høyst 1 000 tegn"));
        assert!(
            e.get("mal.2.comment").unwrap().starts_with("Rad 2 i «"),
            "{e}"
        );
        assert!(e
            .get("indikatorer")
            .unwrap()
            .contains("har 101 rader, men kan ha høyst 100"));
    }

    #[test]
    fn a_complete_report_passes_and_a_blank_one_lists_every_required_field() {
        let def = TemplateDef::default_template();
        assert!(
            validate(&def, &complete(), true).is_empty(),
            "{}",
            validate(&def, &complete(), true)
        );
        let errs = validate(&def, &Answers::new(), true);
        let required = def.fields().filter(|(_, f)| f.required).count();
        assert_eq!(errs.len(), required, "{errs}");
        // A draft may be blank.
        assert!(validate(&def, &Answers::new(), false).is_empty());
    }

    #[test]
    fn malformed_values_are_named_even_in_a_draft() {
        let def = TemplateDef::default_template();
        let mut a = Answers::new();
        a.insert("tildelt".into(), t("fem hundre"));
        a.insert("neste_milepael".into(), t("31.02.2027"));
        a.insert("brukermedvirkning_grad".into(), t("7"));
        a.insert("arsverk".into(), t("1,5"));
        a.insert(
            "indikatorer".into(),
            Answer::Rows(vec![
                vec![
                    "Bosatte".into(),
                    "husstander".into(),
                    "10".into(),
                    "tjue".into(),
                    "".into(),
                    "".into(),
                ],
                vec![
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                ],
                vec![
                    "".into(),
                    "".into(),
                    "1".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                ],
            ]),
        );
        let errs = validate(&def, &a, false);
        assert!(
            errs.get("tildelt").unwrap().contains("kroner")
                || errs.get("tildelt").unwrap().contains("beløp"),
            "{errs}"
        );
        assert!(
            errs.get("neste_milepael").unwrap().contains("dd.mm.åååå"),
            "{errs}"
        );
        assert!(
            errs.get("brukermedvirkning_grad")
                .unwrap()
                .contains("1 til 5"),
            "{errs}"
        );
        assert!(errs.get("arsverk").is_none(), "1,5 is a number: {errs}");
        assert!(
            errs.get("indikatorer.1.target")
                .unwrap()
                .contains("Sjekk mål i rad 1 av «Indikatorer»"),
            "{errs}"
        );
        assert!(
            errs.get("indikatorer.1.actual").is_none(),
            "no required checks in a draft"
        );
        assert!(
            errs.get("indikatorer.3.name")
                .unwrap()
                .contains("Rad 3 i «Indikatorer» mangler indikator"),
            "{errs}"
        );
        assert!(
            errs.get("indikatorer.2.name").is_none(),
            "blank rows are ignored"
        );
        // On submission the missing result is named too.
        let errs = validate(&def, &a, true);
        assert!(
            errs.get("indikatorer.1.actual")
                .unwrap()
                .contains("mangler resultat"),
            "{errs}"
        );
    }

    #[test]
    fn a_missing_answer_is_a_sentence_that_names_the_question() {
        let def = TemplateDef::default_template();
        let errs = validate(&def, &Answers::new(), true);
        assert_eq!(
            errs.get("status_framdrift"),
            Some("Svar på «Hvordan er framdriften samlet sett?». Velg ett av alternativene.")
        );
        for e in errs.iter() {
            assert!(!e.message.contains("forventet"), "{}", e.message);
            assert!(e.message.ends_with('.'), "{}", e.message);
        }
    }

    #[test]
    fn diff_lists_changed_fields_as_text() {
        let def = TemplateDef::default_template();
        let before = complete();
        let mut after = complete();
        after.insert("brukt".into(), t("480 000"));
        after.insert(
            "spredning_kanaler".into(),
            Answer::List(vec!["fagdag".into()]),
        );
        let d = diff(&def, &before, &after);
        let keys: Vec<&str> = d.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["spredning_kanaler", "brukt"]);
        assert_eq!(d[1].before, "450 000 kr");
        assert_eq!(d[1].after, "480 000 kr");
        assert_eq!(d[0].after, "Fagdag eller konferanse");
    }

    #[test]
    fn indicators_goals_and_markdown() {
        let def = TemplateDef::default_template();
        let mut a = complete();
        a.insert(
            "indikatorer".into(),
            Answer::Rows(vec![vec![
                "Bosatte".into(),
                "husstander".into(),
                "10".into(),
                "20".into(),
                "18,0".into(),
                "".into(),
            ]]),
        );
        let ind = indicators(&def, &a);
        assert_eq!(ind.len(), 1);
        assert_eq!(
            (ind[0].baseline, ind[0].target, ind[0].actual),
            (Some(10.0), Some(20.0), Some(18.0))
        );
        assert_eq!(goals(&def, &a)[0].assessment, Some(4));
        let md = to_markdown(&def, "Årsrapport 2026", &a);
        assert!(md.starts_with("# Årsrapport 2026\n"));
        assert!(
            md.contains("## Læring\n\n### Hva har dere lært?\n\nOppfølging i bolig virker."),
            "{md}"
        );
        assert!(
            !md.contains("Avvik fra planen"),
            "blank fields are left out"
        );
    }
}
