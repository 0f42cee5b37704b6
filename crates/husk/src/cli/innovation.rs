//! Innovation and its spread on the command line (`husk innovation list|show CODE`). Reads
//! through the store as `Viewer::System` and prints text or JSON; the graph, the suggested
//! sources and the "likely next" list are the domain's, as the pages and the API show them.

use super::{open, CheckFormat, Place};
use anyhow::{anyhow, Result};
use clap::Subcommand;
use husk_domain::norwegian::count;
use husk_domain::Viewer;
use std::io::Write;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub(super) enum InnovationCommand {
    /// List the innovations with where they began and how many took them up.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Show one innovation: classification, origin, adoptions, Husk's suggested sources and
    /// who may take it up next.
    Show {
        /// The innovation's code (see «husk innovation list»), for example leie-til-eie.
        code: String,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
}

fn print(out: &str) -> Result<ExitCode> {
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn innovation(place: &Place, c: InnovationCommand) -> Result<ExitCode> {
    let store = open(place).await?;
    let reader = store.read_as(&Viewer::System);
    match c {
        InnovationCommand::List { format } => {
            let list = reader.innovations().await?;
            if format == CheckFormat::Json {
                return print(&(serde_json::to_string_pretty(&list)? + "\n"));
            }
            if list.is_empty() {
                return print(
                    "Ingen innovasjoner er registrert. Last demodataene med «husk demo».\n",
                );
            }
            let mut out = String::new();
            for n in &list {
                out.push_str(&format!(
                    "{}  {} ({}; begynte i {}; {}, {} i ordinær drift)\n",
                    n.code,
                    n.name,
                    n.kind.label(),
                    if n.origin_place.is_empty() {
                        "ikke oppgitt"
                    } else {
                        &n.origin_place
                    },
                    count(
                        n.confirmed() as i64,
                        "bekreftet overtakelse",
                        "bekreftede overtakelser"
                    ),
                    n.in_operation()
                ));
            }
            print(&out)
        }
        InnovationCommand::Show { code, format } => {
            let code = code.trim().to_lowercase();
            let Some(n) = reader.innovation(&code).await? else {
                let known: Vec<String> = reader
                    .innovations()
                    .await?
                    .into_iter()
                    .map(|n| n.code)
                    .collect();
                return Err(anyhow!(
                    "Fant ikke innovasjonen «{code}». {}",
                    if known.is_empty() {
                        "Ingen innovasjoner er registrert; last demodataene med «husk demo»."
                            .to_string()
                    } else {
                        format!("Kjente koder: {}.", known.join(", "))
                    }
                ));
            };
            let d = reader.diffusion(&n).await?;
            if format == CheckFormat::Json {
                let body = serde_json::json!({ "innovation": n, "diffusion": d });
                return print(&(serde_json::to_string_pretty(&body)? + "\n"));
            }
            let mut out = format!(
                "{} ({})\nType: {}\nInnovasjonsmatrisen: {} · {}\nBegynte i: {}{}{}\n",
                n.name,
                n.code,
                n.kind.label(),
                n.dimension.label(),
                n.area.label(),
                if n.origin_place.is_empty() {
                    "ikke oppgitt"
                } else {
                    &n.origin_place
                },
                if n.origin_country.is_empty() || n.origin_country == "Norge" {
                    String::new()
                } else {
                    format!(" ({})", n.origin_country)
                },
                n.origin_year.map(|y| format!(", {y}")).unwrap_or_default()
            );
            if let Some(m) = n.practice_model {
                out.push_str(&format!("Praksismodell: {}\n", m.label()));
            }
            if !n.source.is_empty() {
                out.push_str(&format!("Kilde: {}\n", n.source));
            }
            if !n.husk_note.is_empty() {
                out.push_str(&format!("Lagt til av Husk: {}\n", n.husk_note));
            }
            if !n.disagreements.is_empty() {
                out.push_str("\nDer rapportene sier forskjellig:\n");
                for d in &n.disagreements {
                    out.push_str(&format!(
                        "  {}\n    – {} ({})\n    – {} ({})\n",
                        d.about, d.first_says, d.first_source, d.second_says, d.second_source
                    ));
                    if !d.husk_note.is_empty() {
                        out.push_str(&format!("    Lagt til av Husk: {}\n", d.husk_note));
                    }
                }
            }
            out.push_str(&format!("\nOvertakelser ({}):\n", n.adoptions.len()));
            for a in &n.adoptions {
                out.push_str(&format!(
                    "  {} {}: {}, {}, {}, fra {} [{}]\n",
                    a.year
                        .map(|y| y.label())
                        .unwrap_or_else(|| "år ikke oppgitt".into()),
                    a.adopter,
                    a.spread.label(),
                    a.channel.label(),
                    a.phase.label(),
                    a.from.as_deref().unwrap_or("ukjent"),
                    if a.confirmed {
                        "bekreftet"
                    } else {
                        "foreslått"
                    }
                ));
            }
            if !d.suggestions.is_empty() {
                out.push_str(
                    "\nMulige kilder (forslag fra Husk, teller ikke før de er godtatt):\n",
                );
                for s in &d.suggestions {
                    out.push_str(&format!(
                        "  {} fra {} ({} %): {}\n",
                        s.adopter,
                        s.source,
                        s.confidence,
                        s.reasons.join(" ")
                    ));
                }
            }
            if !d.likely_next.is_empty() {
                out.push_str("\nKan ta den i bruk neste gang (beregnet av Husk):\n");
                for c in &d.likely_next {
                    let via: Vec<String> = c
                        .via
                        .iter()
                        .map(|v| {
                            format!(
                                "{} «{}», spør {}",
                                v.kind.label(),
                                v.group,
                                v.ask.join(", ")
                            )
                        })
                        .collect();
                    out.push_str(&format!("  {}: {}\n", c.name, via.join("; ")));
                }
            }
            print(&out)
        }
    }
}
