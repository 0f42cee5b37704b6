//! The `husk` binary: the server and the command line.

mod cli;
mod mail;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
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
                "feil: kunne ikke starte: {}",
                husk_domain::norwegian::io_problem(&e)
            );
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("feil: {}", in_norwegian(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, "what failed: why", with the operating system's (English) file
/// errors in Norwegian.
fn in_norwegian(e: &anyhow::Error) -> String {
    e.chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => husk_domain::norwegian::io_problem(io),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}
