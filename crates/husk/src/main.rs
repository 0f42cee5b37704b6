//! The `husk` binary: the server and the command line.

mod backup;
mod cli;
mod mail;
mod scheduled;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return command_line_error(e),
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HUSK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!(
                "Feil: Husk fikk ikke startet: {}.",
                husk_domain::norwegian::io_problem(&e)
            );
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(code) => code,
        Err(e) => {
            // The technical detail (English, from the libraries) is for HUSK_LOG=debug.
            tracing::debug!("{e:?}");
            eprintln!("Feil: {}", in_norwegian(&e));
            ExitCode::FAILURE
        }
    }
}

/// Whether an error is one of Husk's own, whose message is Norwegian.
fn is_husks(e: &(dyn std::error::Error + 'static)) -> bool {
    e.is::<husk_store::StoreError>()
        || e.is::<husk_store::SaveError>()
        || e.is::<husk_store::ImportFailure>()
        || e.is::<husk_store::IngestError>()
        || e.is::<husk_store::import::ExportError>()
        || e.is::<husk_files::FilesError>()
        || e.is::<husk_store::demo::DemoError>()
        || e.is::<husk_store::reporting::TemplateSaveError>()
        || e.is::<husk_store::reporting::DraftError>()
        || e.is::<husk_store::reporting::ReviewError>()
        || e.is::<husk_search::SearchError>()
        || e.is::<husk_search::index::QueryError>()
        || e.is::<husk_search::ExtractError>()
        || e.is::<husk_domain::FieldErrors>()
}

/// The error and its causes as Norwegian sentences: what failed, then why. The operating
/// system's file errors are put in Norwegian; a library's own (English) message is left out
/// (it is logged with HUSK_LOG=debug), and a cause already told is not told again.
fn in_norwegian(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (i, cause) in e.chain().enumerate() {
        let text = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => husk_domain::norwegian::io_problem(io),
            None if i == 0 || is_husks(cause) => cause.to_string(),
            None => continue,
        };
        let text = text.trim().to_string();
        let core = text.trim_end_matches('.').to_lowercase();
        if text.is_empty() || parts.iter().any(|p| p.to_lowercase().contains(&core)) {
            continue;
        }
        parts.push(text);
    }
    let mut out = String::new();
    for part in parts {
        let clause = part.starts_with(|c: char| c.is_lowercase());
        if out.is_empty() {
            out = capitalised(&part);
        } else if clause {
            // "Husk fikk ikke lest X." + "filen finnes ikke" → "Husk fikk ikke lest X: filen finnes ikke."
            out = format!("{}: {part}", out.trim_end_matches('.'));
        } else {
            out = format!("{} {part}", ensure_full_stop(&out));
        }
    }
    ensure_full_stop(&out)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn ensure_full_stop(s: &str) -> String {
    if s.ends_with(['.', '?', '!', ':']) || s.ends_with('\n') {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// A mistake on the command line, said in Norwegian (clap's own messages are English); help
/// and version are printed as clap prints them.
fn command_line_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind as K;
    match e.kind() {
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            e.exit()
        }
        _ => {
            eprintln!("Feil: {}", cli::clap_in_norwegian(&e));
            eprintln!("Se «husk --help» for kommandoene og valgene Husk kjenner.");
            ExitCode::from(2)
        }
    }
}
