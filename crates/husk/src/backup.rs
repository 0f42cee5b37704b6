//! `husk backup FILE` and `husk restore FILE [--force]`: the command line over
//! `husk_store::backup`, printing what was written or restored and checked.

use anyhow::Result;
use husk_domain::norwegian::count;
use husk_store::backend::Database;
use std::path::Path;
use std::process::ExitCode;

pub async fn backup(files: &Path, database: &Database, file: &Path) -> Result<ExitCode> {
    let m = husk_store::backup::backup(files, database, file).await?;
    let bytes: u64 = m.files.iter().map(|f| f.bytes).sum();
    println!(
        "Skrev sikkerhetskopien {}: {} i {} fra {} (skjemaversjon {}) og {} ({}).",
        file.display(),
        count(m.rows() as i64, "rad", "rader"),
        count(m.tables.len() as i64, "tabell", "tabeller"),
        database.display(),
        m.schema_version,
        count(m.files.len() as i64, "bevart fil", "bevarte filer"),
        husk_web::format::bytes(bytes as i64),
    );
    println!("Søkeindeksen er ikke med: den bygges opp igjen fra dokumentene ved gjenoppretting.");
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(
    data_dir: &Path,
    files: &Path,
    database: &Database,
    file: &Path,
    force: bool,
) -> Result<ExitCode> {
    let r = husk_store::backup::restore(data_dir, files, database, file, force).await?;
    println!(
        "Gjenopprettet {} i {} og {} fra {} (tatt {}) i {}.",
        count(r.manifest.rows() as i64, "rad", "rader"),
        count(r.tables_checked as i64, "tabell", "tabeller"),
        count(r.files_checked as i64, "bevart fil", "bevarte filer"),
        file.display(),
        r.manifest.created_at,
        database.display(),
    );
    println!(
        "Antall rader og sjekksum stemmer for hver tabell, og hver fil har sjekksummen i kopien. Søkeindeksen bygges opp igjen når Husk starter."
    );
    Ok(ExitCode::SUCCESS)
}
