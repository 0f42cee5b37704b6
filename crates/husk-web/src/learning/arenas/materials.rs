//! An arena's material as uploaded (multipart: `tittel` and `file`), for the page
//! (`POST /laeringsarenaer/{id}/materiell`) and the API (`POST /api/v1/arenas/{id}/materials`):
//! the file is streamed to a temporary file under the data directory, at most
//! [`crate::MAX_DOCUMENT_BYTES`], and handed to [`husk_store::Store::add_arena_material_file`].

use crate::error::PageError;
use axum::extract::Multipart;
use husk_domain::FieldErrors;
use husk_store::Store;
use tokio::io::AsyncWriteExt;

/// Removes a temporary upload when dropped.
pub(super) struct TempFile(pub std::path::PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// What the form sent.
pub(super) struct Upload {
    pub title: String,
    /// The file, its name as sent (without folders) and its size.
    pub file: Option<(TempFile, String, u64)>,
    /// Why the upload cannot be used (cut off, too large, no file).
    pub problem: Option<String>,
}

impl Upload {
    /// The problem at the `file` field, if any.
    pub fn errors(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        match (&self.problem, &self.file) {
            (Some(p), _) => errors.push("file", p.clone()),
            (None, Some((_, name, size))) if !(name.is_empty() && *size == 0) => {}
            _ => errors.push(
                "file",
                format!(
                    "Ingen fil er valgt. Velg en fil: Husk leser {}.",
                    husk_search::extract::SUPPORTED
                ),
            ),
        }
        errors
    }
}

const CUT_OFF: &str = "Opplastingen ble avbrutt eller kom ikke fram i sin helhet. Prøv igjen.";

/// Reads the multipart body: `tittel` (at most 2 000 characters kept) and the first `file`.
pub(super) async fn read(store: &Store, multipart: &mut Multipart) -> Result<Upload, PageError> {
    let dir = store.files_dir().with_file_name("uploads");
    let mut up = Upload {
        title: String::new(),
        file: None,
        problem: None,
    };
    let internal = |e: std::io::Error| PageError::Internal(format!("materiell: {e}"));
    loop {
        let mut f = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                up.problem = Some(CUT_OFF.into());
                break;
            }
        };
        match f.name().unwrap_or("") {
            "tittel" => {
                let t = f.text().await.unwrap_or_default();
                up.title = t.chars().take(2_000).collect();
            }
            "file" if up.file.is_none() => {
                let name = f
                    .file_name()
                    .unwrap_or("")
                    .rsplit(['/', '\\'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                tokio::fs::create_dir_all(&dir).await.map_err(internal)?;
                let path = dir.join(format!(
                    "arena-{}.upload",
                    husk_store::accounts::random_hex(12)
                ));
                let tmp = TempFile(path.clone());
                let mut out = tokio::fs::File::create(&path).await.map_err(internal)?;
                let mut size: u64 = 0;
                loop {
                    match f.chunk().await {
                        Ok(Some(c)) => {
                            size += c.len() as u64;
                            if size > crate::MAX_DOCUMENT_BYTES as u64 {
                                up.problem = Some(format!(
                                    "Filen er for stor. Velg en fil på høyst {} MB.",
                                    crate::MAX_DOCUMENT_BYTES / (1024 * 1024)
                                ));
                                break;
                            }
                            out.write_all(&c).await.map_err(internal)?;
                        }
                        Ok(None) => break,
                        Err(_) => {
                            up.problem = Some(CUT_OFF.into());
                            break;
                        }
                    }
                }
                out.flush().await.map_err(internal)?;
                up.file = Some((tmp, name, size));
                if up.problem.is_some() {
                    break;
                }
            }
            _ => {}
        }
    }
    Ok(up)
}
