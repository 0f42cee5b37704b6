//! The report form: its fields read into answers (table cells named `field.row.column`,
//! attachments kept or new), the multipart body with its attachments, and where «Legg til rad»
//! leads.

use super::views::{field_id, MAX_BLANK_ROWS};
use crate::error::PageError;
use axum::extract::Multipart;
use axum::http::StatusCode;
use husk_domain::reporting::answers;
use husk_domain::reporting::{Answer, Answers, Attachment, FieldKind, TemplateDef};
use husk_store::Store;
use std::collections::{BTreeMap, HashMap};

/// The largest attachment a report takes.
pub const MAX_ATTACHMENT_BYTES: usize = 25 * 1024 * 1024;

/// Reads the answers from the form's fields. Table cells are named `field.row.column`;
/// attachments kept from before are listed as `field.keep` (their SHA-256), new ones come in
/// `new_files`.
pub(crate) fn answers_from_form(
    def: &TemplateDef,
    pairs: &[(String, String)],
    existing: &Answers,
    new_files: &HashMap<String, Vec<Attachment>>,
) -> Answers {
    let mut out = Answers::new();
    let values = |key: &str| -> Vec<&str> {
        pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    for (_, f) in def.fields() {
        let answer = match f.kind {
            FieldKind::MultiChoice => Answer::List(
                values(&f.key)
                    .into_iter()
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect(),
            ),
            FieldKind::Indicators | FieldKind::Goals => {
                let columns = f.kind.columns();
                let prefix = format!("{}.", f.key);
                let mut rows: BTreeMap<usize, Vec<String>> = BTreeMap::new();
                for (k, v) in pairs {
                    let Some(rest) = k.strip_prefix(&prefix) else {
                        continue;
                    };
                    let Some((row, col)) = rest.split_once('.') else {
                        continue;
                    };
                    let (Ok(row), Some(c)) = (
                        row.parse::<usize>(),
                        columns.iter().position(|(ck, _)| *ck == col),
                    ) else {
                        continue;
                    };
                    let cells = rows
                        .entry(row)
                        .or_insert_with(|| vec![String::new(); columns.len()]);
                    cells[c] = v.clone();
                }
                Answer::Rows(
                    rows.into_values()
                        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                        .collect(),
                )
            }
            FieldKind::Attachments => {
                let keep = values(&format!("{}.keep", f.key));
                let mut files: Vec<Attachment> = existing
                    .get(&f.key)
                    .map(|a| a.files().to_vec())
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| keep.contains(&a.sha256.as_str()))
                    .collect();
                for n in new_files.get(&f.key).into_iter().flatten() {
                    if !files.iter().any(|a| a.sha256 == n.sha256) {
                        files.push(n.clone());
                    }
                }
                Answer::Files(files)
            }
            _ => Answer::Text(
                values(&f.key)
                    .last()
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            ),
        };
        if !answer.is_blank() {
            out.insert(f.key.clone(), answer);
        }
    }
    out
}

/// Where «Legg til rad» in table field `key` leads after the draft is saved: the form again
/// with one more blank row than were left blank, at the new row.
pub(crate) fn add_row_target(
    id: i64,
    def: &TemplateDef,
    key: &str,
    pairs: &[(String, String)],
    saved: &Answers,
) -> Option<String> {
    let f = def.field(key).filter(|f| f.kind.is_table())?;
    let prefix = format!("{key}.");
    // Rows sent with every cell blank are still blank; rows with text are kept as answers.
    let mut sent: BTreeMap<&str, bool> = BTreeMap::new();
    for (k, v) in pairs {
        if let Some((row, _)) = k.strip_prefix(&prefix).and_then(|r| r.split_once('.')) {
            *sent.entry(row).or_insert(false) |= !v.trim().is_empty();
        }
    }
    let still_blank = sent.values().filter(|filled| !**filled).count();
    let blank = (still_blank + 1).clamp(1, MAX_BLANK_ROWS);
    let filled = saved
        .get(key)
        .map(|a| {
            a.rows()
                .iter()
                .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                .count()
        })
        .unwrap_or(0);
    let first_column = f.kind.columns().first().map(|(c, _)| *c).unwrap_or("name");
    let new_row = field_id(&answers::cell_key(key, filled + blank, first_column));
    Some(format!(
        "/rapporter/{id}/rediger?melding=rad&{}#{new_row}",
        serde_urlencoded::to_string([("rad", key), ("tomme", &blank.to_string())])
            .unwrap_or_default()
    ))
}

/// What the report form sent.
#[derive(Default)]
pub(crate) struct ReportForm {
    pub revision: i64,
    pub action: String,
    pub pairs: Vec<(String, String)>,
    pub files: HashMap<String, Vec<Attachment>>,
    /// (field, message) for an attachment that could not be taken.
    pub file_error: Option<(String, String)>,
}

pub(crate) async fn read_report_form(
    store: &Store,
    mut multipart: Multipart,
) -> Result<ReportForm, PageError> {
    let mut form = ReportForm::default();
    let dir = store.files_dir().with_file_name("uploads");
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                form.file_error = Some((
                    String::new(),
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        "Skjemaet med vedlegg er for stort. Hvert vedlegg kan være på høyst 25 MB."
                            .into()
                    } else {
                        "Innsendingen ble avbrutt. Prøv igjen.".into()
                    },
                ));
                break;
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if let Some(key) = name.strip_suffix(".new") {
            let file_name = field
                .file_name()
                .unwrap_or("")
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            let mut bytes: Vec<u8> = Vec::new();
            let mut too_large = false;
            while let Ok(Some(chunk)) = field.chunk().await {
                if bytes.len() + chunk.len() > MAX_ATTACHMENT_BYTES {
                    too_large = true;
                    break;
                }
                bytes.extend_from_slice(&chunk);
            }
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            if too_large {
                form.file_error = Some((
                    key.to_string(),
                    format!("«{file_name}» er for stor. Et vedlegg kan være på høyst 25 MB."),
                ));
                continue;
            }
            if bytes.is_empty() {
                form.file_error = Some((
                    key.to_string(),
                    format!("«{file_name}» er tom. Velg en fil med innhold."),
                ));
                continue;
            }
            let (sha, size) = store
                .keep_bytes(&dir, &bytes)
                .await
                .map_err(|e| PageError::Internal(format!("vedlegg: {e}")))?;
            form.files
                .entry(key.to_string())
                .or_default()
                .push(Attachment {
                    content_type: husk_store::knowledge::content_type_for(&file_name).to_string(),
                    name: file_name,
                    sha256: sha,
                    size: size as i64,
                });
            continue;
        }
        let value = match field.text().await {
            Ok(v) => v,
            Err(_) => continue,
        };
        match name.as_str() {
            // Checked by `auth::authenticate` before any attachment was read.
            "_csrf" => {}
            "revision" => form.revision = value.trim().parse().unwrap_or(-1),
            "action" => form.action = value,
            _ => form.pairs.push((name, value)),
        }
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn form_fields_become_answers() {
        let def = TemplateDef::default_template();
        let existing: Answers = [(
            "vedlegg".to_string(),
            Answer::Files(vec![
                Attachment {
                    name: "a.pdf".into(),
                    sha256: "aa".into(),
                    size: 1,
                    content_type: "application/pdf".into(),
                },
                Attachment {
                    name: "b.pdf".into(),
                    sha256: "bb".into(),
                    size: 1,
                    content_type: "application/pdf".into(),
                },
            ]),
        )]
        .into_iter()
        .collect();
        let form = pairs(&[
            ("gjort_mot_plan", "Kartla behovet"),
            ("spredning_kanaler", "fagdag"),
            ("spredning_kanaler", "nettverk"),
            ("indikatorer.2.name", "Bosatte"),
            ("indikatorer.2.actual", "18"),
            ("indikatorer.1.name", "Fagdager"),
            ("indikatorer.3.name", ""),
            ("vedlegg.keep", "bb"),
            ("vedlegg.keep", "zz"),
        ]);
        let a = answers_from_form(&def, &form, &existing, &HashMap::new());
        assert_eq!(a["gjort_mot_plan"].text(), "Kartla behovet");
        assert_eq!(a["spredning_kanaler"].list(), ["fagdag", "nettverk"]);
        let rows = a["indikatorer"].rows();
        assert_eq!(rows.len(), 2, "blank rows are dropped");
        assert_eq!(rows[0][0], "Fagdager", "rows keep their order");
        assert_eq!(rows[1][4], "18");
        let files: Vec<&str> = a["vedlegg"]
            .files()
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(files, ["b.pdf"], "only kept files that were there before");
        assert!(!a.contains_key("avvik"));
    }
}
