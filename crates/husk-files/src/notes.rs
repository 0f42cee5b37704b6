//! The file of source notes (`data/demo/source_notes.csv`): where the sources disagree or a
//! value is inferred, one note a line. The store saves them ([`husk_domain::quality`] has the
//! notes' rules).

use husk_domain::quality::{NoteKind, SourceNote, SourcedValue};

/// Why a file of source notes was refused: every problem, named by line (nothing of it is
/// saved).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Kildemerknadene i {file} kunne ikke lagres. {problems}", problems = .problems.join(" "))]
pub struct NotesFileError {
    pub file: String,
    pub problems: Vec<String>,
}

#[derive(serde::Deserialize)]
struct NoteLine {
    project: String,
    kind: String,
    field: String,
    #[serde(default)]
    note: String,
    value_a: String,
    source_a: String,
    #[serde(default)]
    value_b: String,
    #[serde(default)]
    source_b: String,
}

/// Reads source notes from CSV (`project, kind, field, note, value_a, source_a, value_b,
/// source_b`), every problem named by line.
pub fn read_notes(file: &str, bytes: &[u8]) -> Result<Vec<SourceNote>, NotesFileError> {
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for (i, row) in csv::Reader::from_reader(bytes)
        .deserialize::<NoteLine>()
        .enumerate()
    {
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!(
                    "Linje {line} kan ikke leses ({}). Hver linje skal ha kolonnene project, kind, field, note, value_a, source_a, value_b og source_b.",
                    if e.is_io_error() { "filen kan ikke leses" } else { "feil antall kolonner eller ugyldig tekst" }
                ));
                continue;
            }
        };
        let Some(kind) = NoteKind::from_code(&row.kind) else {
            problems.push(format!(
                "Linje {line}, kolonne kind: «{}» er ikke en merknadstype. Skriv konflikt eller utledet.",
                row.kind
            ));
            continue;
        };
        let other = (!row.value_b.is_empty() || !row.source_b.is_empty()).then_some(SourcedValue {
            value: row.value_b,
            source: row.source_b,
        });
        let note = SourceNote {
            project: row.project,
            kind,
            field: row.field,
            note: row.note,
            value: SourcedValue {
                value: row.value_a,
                source: row.source_a,
            },
            other,
        };
        problems.extend(
            note.check()
                .into_iter()
                .map(|p| format!("Linje {line}: {p}")),
        );
        notes.push(note);
    }
    if problems.is_empty() {
        Ok(notes)
    } else {
        Err(NotesFileError {
            file: file.to_string(),
            problems,
        })
    }
}
