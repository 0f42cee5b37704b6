//! `husk export 360giving|iati`: the open data as the public API gives it
//! (`/api/v1/open/360giving.json`, `/api/v1/open/iati-activities.xml`), from the same store
//! reads, so a file and a download never differ in what they publish.

use super::{write_file, Format};
use anyhow::Result;
use husk_store::Store;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub(super) async fn export(
    store: &Store,
    iati: bool,
    format: Format,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let (name, own) = if iati {
        ("IATI", "XML")
    } else {
        ("360Giving", "JSON")
    };
    if format == Format::Xlsx || (iati && format == Format::Json) {
        anyhow::bail!(
            "{name} skrives alltid som {own}. Ta bort --format, for eksempel: husk export {} -o fil.",
            if iati { "iati" } else { "360giving" }
        );
    }
    let now = time::OffsetDateTime::now_utc();
    let today = format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    );
    let data = store.open_data().await?;
    let bytes = if iati {
        let stamp = format!(
            "{today}T{:02}:{:02}:{:02}Z",
            now.hour(),
            now.minute(),
            now.second()
        );
        data.iati_xml(store.taxonomy(), &stamp)
    } else {
        data.threesixty_json(store.taxonomy(), &today)
    };
    let Some(bytes) = bytes else {
        anyhow::bail!("Husbanken har ikke publisert noen tilskudd med tiltak ennå, så det er ingenting å skrive i {name}. En administrator velger hva som publiseres på /admin/publisering.");
    };
    let published = data.grants.len();
    match output {
        Some(path) => {
            write_file(&path, &bytes)?;
            eprintln!(
                "Skrev {name} med {} til {}.",
                husk_domain::norwegian::count(
                    published as i64,
                    "publisert tilskudd",
                    "publiserte tilskudd"
                ),
                path.display()
            );
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}
