//! The learning area on the command line: the toolbox (`husk tool`), networks (`husk
//! network`), learning arenas (`husk arena`) and evaluation results (`husk evaluation`). Each
//! command reads through the store as `Viewer::System` and prints text or JSON; the rules
//! (the ranking, the date range, results hidden below five answers) are the domain's and the
//! store's, as the pages and the API use them.

use super::{open, CheckFormat, Place};
use anyhow::{anyhow, Result};
use clap::Subcommand;
use husk_domain::learning::arenas::{ArenaFilter, When};
use husk_domain::learning::evaluations::Visibility;
use husk_domain::learning::tools::{office_name, offices_using, SituationInput, Usage};
use husk_domain::norwegian::{count, list, parse_date};
use husk_domain::{Taxonomy, Viewer};
use husk_store::learning::networks::NetworkFilter;
use husk_store::reporting::today;
use husk_store::{Reader, Store};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub(super) enum ToolCommand {
    /// List the toolbox's tools, by category.
    List {
        /// Only this category (fou, prosessuell, organisatorisk, strukturell or digital).
        #[arg(long)]
        category: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Show one tool: its guide, how many versions it has, the offices that use it and its
    /// score in evaluations.
    Show {
        /// The tool's number (see «husk tool list»).
        id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Rank the tools for a situation, each with one sentence why (as the chooser and
    /// GET /api/v1/tools/recommend).
    Recommend {
        /// What the tool is for: dele-erfaring, ta-forskning-i-bruk, endre-rutine, na-brukerne
        /// or starte-nettverk.
        #[arg(long)]
        need: String,
        /// Whom it is used with: kommuner, kontor, statlige, frivillige, forskning or brukere.
        #[arg(long)]
        partner: Option<String>,
        /// Within Husbanken or with others: internt (internal) or eksternt (external).
        #[arg(long)]
        direction: Option<String>,
        /// The time and resources available: lite, middels or mye.
        #[arg(long)]
        time: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum NetworkCommand {
    /// List the learning and professional networks.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Show one network: members, learning agents, meetings and open assignments.
    Show {
        /// The network's number (see «husk network list»).
        id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum ArenaCommand {
    /// List learning arenas, oldest first, by office, programme, network and dates.
    List {
        /// The office's code (for example ost or midt).
        #[arg(long)]
        office: Option<String>,
        /// The programme's id in the register (for example ost-utviklingsprogram).
        #[arg(long)]
        programme: Option<String>,
        /// The network's number (see «husk network list»).
        #[arg(long)]
        network: Option<String>,
        /// Arenas on or after this day (åååå-mm-dd or dd.mm.åååå).
        #[arg(long)]
        from: Option<String>,
        /// Arenas on or before this day (åååå-mm-dd or dd.mm.åååå).
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Show one arena: facts, agenda, participants and materials.
    Show {
        /// The arena's number (see «husk arena list»).
        id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum EvaluationCommand {
    /// An arena's evaluation results, as the staff's results page shows them (hidden until
    /// at least five have answered).
    Results {
        /// The arena's number (see «husk arena list»).
        arena_id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
}

fn print(out: &str) -> Result<ExitCode> {
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut out = serde_json::to_string_pretty(value)?;
    out.push('\n');
    Ok(out)
}

/// A number given for `what` (its `command` lists them), or an error saying what is expected.
fn number(raw: &str, what: &str, command: &str) -> Result<i64> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            anyhow!(
                "«{}» er ikke et nummer på {what}. Skriv nummeret, slik «{command}» viser det.",
                raw.trim()
            )
        })
}

fn category_codes(tax: &Taxonomy) -> Vec<String> {
    tax.learning_tools.iter().map(|c| c.code.clone()).collect()
}

fn category_name(code: &str, tax: &Taxonomy) -> String {
    tax.learning_tool(code)
        .map_or(code.to_string(), |c| c.name_nb.clone())
}

fn all_offices(tax: &Taxonomy) -> Vec<&str> {
    tax.regions.iter().map(|r| r.code.as_str()).collect()
}

fn decimal(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

#[derive(Serialize)]
struct ToolItem<'a> {
    #[serde(flatten)]
    tool: &'a husk_store::learning::tools::StoredTool,
    has_guide: bool,
    used_by: Vec<String>,
}

pub(super) async fn tool(place: &Place, c: ToolCommand) -> Result<ExitCode> {
    let store = open(place).await?;
    let reader = store.read_as(&Viewer::System);
    let tax = store.taxonomy();
    match c {
        ToolCommand::List { category, format } => {
            let category = category.map(|c| c.trim().to_string());
            if let Some(c) = &category {
                let known = category_codes(tax);
                if !known.contains(c) {
                    anyhow::bail!(
                        "Valget --category: «{c}» er ikke en kategori Husk kjenner. Velg {}.",
                        list(&known, "eller")
                    );
                }
            }
            let tools = reader.tools().await?;
            let usages = reader.tool_usages().await?;
            let offices = all_offices(tax);
            let items: Vec<ToolItem<'_>> = tools
                .iter()
                .filter(|t| category.as_ref().is_none_or(|c| &t.tool.category == c))
                .map(|t| ToolItem {
                    tool: t,
                    has_guide: t.tool.has_guide(),
                    used_by: offices_using(&usages, t.id, &offices),
                })
                .collect();
            if format == CheckFormat::Json {
                return print(&json(&items)?);
            }
            if items.is_empty() {
                return print("Ingen verktøy er registrert. Last demodataene med «husk demo».\n");
            }
            let mut out = String::new();
            let mut current = "";
            for i in &items {
                if i.tool.tool.category != current {
                    current = &i.tool.tool.category;
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(&format!("{}:\n", category_name(current, tax)));
                }
                let names: Vec<String> = i.used_by.iter().map(|o| office_name(o, tax)).collect();
                out.push_str(&format!(
                    "  {}  {} ({}{}){}\n",
                    i.tool.id,
                    i.tool.tool.name,
                    i.tool.tool.direction.label(),
                    if i.has_guide { "" } else { ", uten veiledning" },
                    if names.is_empty() {
                        String::new()
                    } else {
                        format!(": brukes av {}", list(&names, "og"))
                    }
                ));
            }
            print(&out)
        }
        ToolCommand::Show { id, format } => {
            let n = number(&id, "et verktøy", "husk tool list")?;
            let Some(t) = reader.tool(n).await? else {
                anyhow::bail!(
                    "Fant ikke verktøy {n}. Se «husk tool list» for verktøyene og numrene deres."
                );
            };
            let versions = reader.tool_versions(n).await?.unwrap_or_default();
            let usages: Vec<Usage> = reader.tool_usages().await?;
            let used_by = offices_using(&usages, n, &all_offices(tax));
            let score = store.tool_evaluation_averages().await?.get(&n).copied();
            if format == CheckFormat::Json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    tool: &'a husk_store::learning::tools::StoredTool,
                    versions: usize,
                    used_by: Vec<String>,
                    /// The average score of the evaluations of arenas where it was used.
                    evaluation: Option<f64>,
                }
                return print(&json(&Shown {
                    tool: &t,
                    versions: versions.len(),
                    used_by,
                    evaluation: score,
                })?);
            }
            print(&tool_text(&t, versions.len(), &used_by, score, tax))
        }
        ToolCommand::Recommend {
            need,
            partner,
            direction,
            time,
            format,
        } => {
            // The API's words, and the English ones the help names.
            let direction = direction.map(|d| match d.trim() {
                "internal" => "internt".to_string(),
                "external" => "eksternt".to_string(),
                other => other.to_string(),
            });
            let input = SituationInput {
                need,
                partner: partner.unwrap_or_default(),
                direction: direction.unwrap_or_default(),
                effort: time.unwrap_or_default(),
            };
            let s = input.validate().map_err(|e| {
                let lines: Vec<String> = e
                    .iter()
                    .map(|x| {
                        let option = match x.field.as_str() {
                            "effort" => "--time",
                            "need" => "--need",
                            "partner" => "--partner",
                            "direction" => "--direction",
                            other => other,
                        };
                        format!("Valget {option}: {}", x.message)
                    })
                    .collect();
                anyhow!("{}", lines.join("\n"))
            })?;
            let tools = reader.recommend(&s).await?;
            if format == CheckFormat::Json {
                #[derive(Serialize)]
                struct Body<T> {
                    need: &'static str,
                    partner: Option<&'static str>,
                    direction: Option<&'static str>,
                    effort: Option<&'static str>,
                    tools: T,
                }
                return print(&json(&Body {
                    need: s.need.code(),
                    partner: s.partner.map(|p| p.code()),
                    direction: s.direction.map(|d| d.code()),
                    effort: s.effort.map(|e| e.code()),
                    tools: &tools,
                })?);
            }
            if tools.is_empty() {
                return print("Ingen verktøy passer til situasjonen. Prøv uten --direction eller --partner.\n");
            }
            let mut out = format!("Verktøy for å {}:\n", s.need.phrase());
            for (i, r) in tools.iter().enumerate() {
                out.push_str(&format!(
                    "{:>3}. {} ({}, verktøy {}): {}{}\n",
                    i + 1,
                    r.name,
                    category_name(&r.category, tax),
                    r.ranked.id,
                    r.ranked.why,
                    r.evaluation
                        .map(|e| format!(" Evaluering: {} av 5.", decimal(e)))
                        .unwrap_or_default()
                ));
            }
            print(&out)
        }
    }
}

fn tool_text(
    t: &husk_store::learning::tools::StoredTool,
    versions: usize,
    used_by: &[String],
    score: Option<f64>,
    tax: &Taxonomy,
) -> String {
    let g = &t.tool;
    let mut out = format!(
        "{} (verktøy {})\nKategori: {}\nBruk: {}\n",
        g.name,
        t.id,
        category_name(&g.category, tax),
        g.direction.label()
    );
    if let Some(e) = g.effort {
        out.push_str(&format!("Tid og ressurser: {}\n", e.label()));
    }
    if !g.needs.is_empty() {
        let v: Vec<&str> = g.needs.iter().map(|n| n.label()).collect();
        out.push_str(&format!("Behov: {}\n", v.join(", ")));
    }
    if !g.partners.is_empty() {
        let v: Vec<&str> = g.partners.iter().map(|n| n.label()).collect();
        out.push_str(&format!("Passer med: {}\n", v.join(", ")));
    }
    out.push_str(&format!(
        "Publisert for alle: {}\nVersjoner: {}\n",
        if g.public { "ja" } else { "nei" },
        versions
    ));
    let names: Vec<String> = used_by.iter().map(|o| office_name(o, tax)).collect();
    out.push_str(&format!(
        "Brukes av: {}\n",
        if names.is_empty() {
            "ingen kontor har oppgitt det".to_string()
        } else {
            list(&names, "og")
        }
    ));
    out.push_str(&format!(
        "Evaluering: {}\n",
        score.map_or(
            "ingen viste evalueringer av arenaer der verktøyet ble brukt".to_string(),
            |s| format!(
                "{} av 5 (snitt av evalueringene der verktøyet ble brukt)",
                decimal(s)
            )
        )
    ));
    if !g.has_guide() {
        out.push_str("\nVerktøyet har ingen veiledning ennå.\n");
        return out;
    }
    out.push_str(&format!(
        "\n{}.\n",
        husk_domain::learning::tools::GUIDE_LABEL
    ));
    for (label, text) in [
        ("Hva det er til", &g.purpose),
        ("Når det er et godt valg", &g.good_when),
        ("Når det ikke er det", &g.not_when),
        ("Steg for steg", &g.steps),
        ("Tid og ressurser", &g.time_resources),
        ("Fallgruver", &g.pitfalls),
    ] {
        if text.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("\n{label}:\n"));
        for line in text.trim().lines() {
            out.push_str(&format!("  {}\n", line.trim_end()));
        }
    }
    if !g.examples.is_empty() {
        out.push_str("\nEksempler:\n");
        for x in &g.examples {
            out.push_str(&format!("  {} ({})\n", x.line(), x.href()));
        }
    }
    out
}

/// The network `raw` names, or an error naming what is expected.
async fn known_network(
    reader: &Reader<'_>,
    raw: &str,
    option: &str,
) -> Result<husk_store::learning::networks::StoredNetwork> {
    let n = number(raw, "et nettverk", "husk network list").map_err(|e| anyhow!("{option}{e}"))?;
    reader.network(n).await?.ok_or_else(|| {
        let found = if option.is_empty() { "Fant" } else { "fant" };
        anyhow!("{option}{found} ikke nettverk {n}. Se «husk network list» for nettverkene og numrene deres.")
    })
}

pub(super) async fn network(place: &Place, c: NetworkCommand) -> Result<ExitCode> {
    let store = open(place).await?;
    let reader = store.read_as(&Viewer::System);
    match c {
        NetworkCommand::List { format } => {
            let list = reader.networks(&NetworkFilter::default()).await?;
            if format == CheckFormat::Json {
                return print(&json(&list)?);
            }
            if list.is_empty() {
                return print("Ingen nettverk er registrert. Last demodataene med «husk demo».\n");
            }
            let mut out = String::new();
            for n in &list {
                out.push_str(&format!(
                    "{}  {} ({}, {}, {}{})\n",
                    n.id,
                    n.name,
                    n.kind.label(),
                    n.office_name,
                    count(n.members.len() as i64, "medlem", "medlemmer"),
                    n.programme_title
                        .as_ref()
                        .map(|p| format!(", {p}"))
                        .unwrap_or_default()
                ));
            }
            print(&out)
        }
        NetworkCommand::Show { id, format } => {
            let n = known_network(&reader, &id, "").await?;
            if format == CheckFormat::Json {
                return print(&json(&n)?);
            }
            print(&network_text(&n))
        }
    }
}

fn network_text(n: &husk_store::learning::networks::StoredNetwork) -> String {
    use husk_web::format::date;
    let mut out = format!(
        "{} (nettverk {})\nType: {}\nKontor: {}\n",
        n.name,
        n.id,
        n.kind.label(),
        n.office_name
    );
    if let Some(p) = &n.programme_title {
        out.push_str(&format!("Program: {p}\n"));
    }
    for (label, v) in [
        ("Koordinator", &n.coordinator),
        ("Mandat", &n.mandate),
        ("Om nettverket", &n.about),
        ("Møterytme", &n.meeting_rhythm),
    ] {
        if !v.trim().is_empty() {
            out.push_str(&format!("{label}: {}\n", v.trim()));
        }
    }
    if n.start.is_some() || n.end.is_some() {
        out.push_str(&format!(
            "Periode: {}–{}\n",
            n.start.map(date).unwrap_or_default(),
            n.end.map(date).unwrap_or_default()
        ));
    }
    if !n.source.is_empty() {
        out.push_str(&format!("Kilde: {}\n", n.source));
    }
    if !n.husk_note.is_empty() {
        out.push_str(&format!("Merknad fra Husk: {}\n", n.husk_note));
    }
    out.push_str(&format!("\nMedlemmer ({}):\n", n.members.len()));
    if n.members.is_empty() {
        out.push_str("  Ingen er registrert.\n");
    }
    for m in &n.members {
        out.push_str(&format!(
            "  {}  {} ({}{}){}\n",
            m.id,
            m.name,
            m.kind.label().to_lowercase(),
            m.kommunenummer
                .as_ref()
                .map(|k| format!(", kommunenr. {k}"))
                .unwrap_or_default(),
            if m.learning_agent {
                "  læringsagent"
            } else {
                ""
            }
        ));
    }
    let agents: Vec<String> = n.agents().map(|m| m.name.clone()).collect();
    out.push_str(&format!(
        "\nLæringsagenter: {}\n",
        if agents.is_empty() {
            "ingen er registrert".to_string()
        } else {
            list(&agents, "og")
        }
    ));
    out.push_str(&format!("\nMøter ({}):\n", n.meetings.len()));
    if n.meetings.is_empty() {
        out.push_str("  Ingen er registrert.\n");
    }
    for m in &n.meetings {
        out.push_str(&format!(
            "  {}  {}{}\n",
            date(m.date),
            m.topic,
            if m.place.is_empty() {
                String::new()
            } else {
                format!(" ({})", m.place)
            }
        ));
    }
    let open: Vec<_> = n
        .assignments
        .iter()
        .filter(|a| a.report.is_none())
        .collect();
    out.push_str(&format!("\nÅpne oppdrag ({}):\n", open.len()));
    if open.is_empty() {
        out.push_str("  Ingen oppdrag venter på tilbakemelding.\n");
    }
    for a in open {
        let due = a.due_meeting_date.or(a.due_date);
        out.push_str(&format!(
            "  {}: {}{}\n",
            a.member,
            a.text,
            due.map(|d| format!(" (frist {})", date(d)))
                .unwrap_or_default()
        ));
    }
    out
}

fn date_option(raw: Option<&str>, option: &str) -> Result<Option<time::Date>> {
    match raw.map(str::trim) {
        None => Ok(None),
        Some(raw) => parse_date(raw).map(Some).map_err(|_| {
            anyhow!(
                "Valget {option}: «{raw}» er ikke en dato. Skriv datoen som åååå-mm-dd eller dd.mm.åååå, for eksempel 2011-09-13."
            )
        }),
    }
}

pub(super) async fn arena(place: &Place, c: ArenaCommand) -> Result<ExitCode> {
    let store = open(place).await?;
    let reader = store.read_as(&Viewer::System);
    match c {
        ArenaCommand::List {
            office,
            programme,
            network,
            from,
            to,
            format,
        } => {
            let filter = arena_filter(&store, &reader, office, programme, network).await?;
            let from = date_option(from.as_deref(), "--from")?;
            let to = date_option(to.as_deref(), "--to")?;
            if let (Some(f), Some(t)) = (from, to) {
                if t < f {
                    anyhow::bail!(
                        "Valget --to: {} er før --from {}. Skriv en sluttdato som er lik eller etter startdatoen.",
                        husk_web::format::date(t),
                        husk_web::format::date(f)
                    );
                }
            }
            let arenas: Vec<_> = reader
                .arenas(&filter, When::All, today())
                .await?
                .into_iter()
                .filter(|a| a.date.within(from, to))
                .collect();
            if format == CheckFormat::Json {
                return print(&json(&arenas)?);
            }
            if arenas.is_empty() {
                return print("Ingen læringsarenaer passer til valgene.\n");
            }
            let mut out = String::new();
            for a in &arenas {
                out.push_str(&format!(
                    "{}  {}  {} ({}, {}{})\n",
                    a.id,
                    a.date.label(),
                    a.title,
                    a.kind.label(),
                    a.office_name,
                    a.place
                        .trim()
                        .is_empty()
                        .then(String::new)
                        .unwrap_or_else(|| format!(", {}", a.place.trim()))
                ));
            }
            print(&out)
        }
        ArenaCommand::Show { id, format } => {
            let n = number(&id, "en læringsarena", "husk arena list")?;
            let Some(a) = reader.arena(n).await? else {
                anyhow::bail!(
                    "Fant ikke læringsarena {n}. Se «husk arena list» for arenaene og numrene deres."
                );
            };
            if format == CheckFormat::Json {
                return print(&json(&a)?);
            }
            print(&arena_text(&a, store.taxonomy()))
        }
    }
}

async fn arena_filter(
    store: &Store,
    reader: &Reader<'_>,
    office: Option<String>,
    programme: Option<String>,
    network: Option<String>,
) -> Result<ArenaFilter> {
    let mut filter = ArenaFilter::default();
    if let Some(o) = office.map(|o| o.trim().to_string()) {
        let offices: Vec<String> = store
            .taxonomy()
            .regions
            .iter()
            .filter(|r| r.is_office())
            .map(|r| r.code.clone())
            .collect();
        if !offices.contains(&o) {
            anyhow::bail!(
                "Valget --office: «{o}» er ikke et kontor Husk kjenner. Skriv {}.",
                list(&offices, "eller")
            );
        }
        filter.office = Some(o);
    }
    if let Some(p) = programme.map(|p| p.trim().to_string()) {
        if reader.programme(&p).await?.is_none() {
            let known: Vec<String> = reader
                .programmes()
                .await?
                .into_iter()
                .map(|p| p.id)
                .collect();
            anyhow::bail!(
                "Valget --programme: fant ikke programmet «{p}». {}",
                if known.is_empty() {
                    "Det finnes ingen programmer ennå.".to_string()
                } else {
                    format!("Programmene er: {}.", known.join(", "))
                }
            );
        }
        filter.programme = Some(p);
    }
    if let Some(n) = network {
        filter.network = Some(known_network(reader, &n, "Valget --network: ").await?.id);
    }
    Ok(filter)
}

fn arena_text(a: &husk_store::learning::arenas::StoredArena, tax: &Taxonomy) -> String {
    let mut out = format!(
        "{} (læringsarena {})\nType: {}\nDato: {}\nKontor: {}\n",
        a.title,
        a.id,
        a.kind.label(),
        a.date.label(),
        a.office_name
    );
    for (label, v) in [("Sted", &a.place), ("Arrangør", &a.organiser)] {
        if !v.trim().is_empty() {
            out.push_str(&format!("{label}: {}\n", v.trim()));
        }
    }
    if let Some(p) = &a.programme_title {
        out.push_str(&format!("Program: {p}\n"));
    }
    if let Some(n) = &a.network_name {
        out.push_str(&format!("Nettverk: {n}\n"));
    }
    if !a.themes.is_empty() {
        let names: Vec<String> = a
            .themes
            .iter()
            .map(|t| tax.theme(t).map_or(t.clone(), |x| x.name_nb.clone()))
            .collect();
        out.push_str(&format!("Kunnskapstemaer: {}\n", names.join(", ")));
    }
    if !a.description.trim().is_empty() {
        out.push_str(&format!("Om arenaen: {}\n", a.description.trim()));
    }
    if !a.source.is_empty() {
        out.push_str(&format!("Kilde: {}\n", a.source));
    }
    out.push_str("\nProgram:\n");
    if a.agenda.is_empty() {
        out.push_str("  Ikke registrert.\n");
    }
    for i in &a.agenda {
        out.push_str(&format!(
            "  {}{}{}\n",
            if i.time.is_empty() {
                String::new()
            } else {
                format!("{}  ", i.time)
            },
            i.title,
            if i.who.is_empty() {
                String::new()
            } else {
                format!(" ({})", i.who)
            }
        ));
    }
    out.push_str("\nDeltakere:\n");
    if a.participants.is_empty() {
        out.push_str("  Ikke registrert.\n");
    }
    for p in &a.participants {
        out.push_str(&format!(
            "  {}: {}\n",
            p.organisation,
            p.count
                .map(|c| c.to_string())
                .unwrap_or_else(|| "antall ikke oppgitt".into())
        ));
    }
    out.push_str("\nMateriell:\n");
    if a.materials.is_empty() {
        out.push_str("  Ikke lagt inn.\n");
    }
    for m in &a.materials {
        out.push_str(&format!(
            "  dokument {}: {} ({})\n",
            m.document_id, m.title, m.file_name
        ));
    }
    out
}

pub(super) async fn evaluation(place: &Place, c: EvaluationCommand) -> Result<ExitCode> {
    let store = open(place).await?;
    let reader = store.read_as(&Viewer::System);
    let EvaluationCommand::Results { arena_id, format } = c;
    let n = number(&arena_id, "en læringsarena", "husk arena list")?;
    let Some(r) = reader.evaluation_results(n).await? else {
        if reader.arena(n).await?.is_none() {
            anyhow::bail!(
                "Fant ikke læringsarena {n}. Se «husk arena list» for arenaene og numrene deres."
            );
        }
        anyhow::bail!(
            "Læringsarena {n} har ikke noe evalueringsskjema ennå. Det lages på arenaens side under «Evaluering»."
        );
    };
    if format == CheckFormat::Json {
        return print(&json(&r)?);
    }
    let mut out = format!(
        "Evaluering: {} ({} {})\nSvar: {}\n",
        r.arena.title,
        r.arena.kind.label(),
        husk_web::format::date(r.arena.starts_on),
        r.answered
    );
    match (&r.visibility, &r.results) {
        (Visibility::Shown, Some(results)) => {
            if let Some(o) = results.overall() {
                out.push_str(&format!(
                    "Samlet snitt for kjernespørsmålene: {} av 5\n",
                    decimal(o)
                ));
            }
            for (i, q) in results.questions.iter().enumerate() {
                out.push_str(&format!(
                    "\n{}. {}{}\n   Svar: {}\n",
                    i + 1,
                    q.text,
                    if q.core { " (kjernespørsmål)" } else { "" },
                    q.answered
                ));
                if let Some(d) = q.distribution {
                    let parts: Vec<String> = d
                        .iter()
                        .enumerate()
                        .map(|(k, c)| format!("{}: {c}", k + 1))
                        .collect();
                    out.push_str(&format!(
                        "   Fordeling: {}\n   Snitt: {}\n",
                        parts.join(", "),
                        q.average.map(decimal).unwrap_or_else(|| "–".into())
                    ));
                }
                for t in &q.texts {
                    out.push_str(&format!("   «{}»\n", t.trim()));
                }
            }
        }
        (v, _) => {
            out.push_str(&format!("{}\n", v.message().unwrap_or_default()));
        }
    }
    print(&out)
}
