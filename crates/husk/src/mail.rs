//! E-mail reminders about reports, status meetings, agreements' dialogue meetings and
//! renegotiations: which reminders are due is the store's business
//! ([`Store::pending_reminders`], [`Store::pending_programme_reminders`]); this module writes
//! them in Norwegian and hands them to an SMTP relay.
//!
//! Husk talks plain SMTP to a relay it trusts (typically the mail server on the same host or in
//! the same network, which forwards with TLS); `smtp://host:port`, with optional
//! `smtp://user:password@host:port`.

use anyhow::{bail, Context, Result};
use husk_store::programmes::meetings::reminders::{ProgrammeReminder, ProgrammeReminderKind};
use husk_store::reporting::Reminder;
use husk_store::{Store, User};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Where and how reminders are sent.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The address users open Husk at, for links ("https://husk.example.no").
    base_url: String,
}

impl Mailer {
    /// `smtp` is `smtp://[user:password@]host[:port]`.
    pub fn new(smtp: &str, from: &str, base_url: &str) -> Result<Mailer> {
        let Some(rest) = smtp.strip_prefix("smtp://") else {
            bail!("«{smtp}» er ikke en SMTP-adresse. Skriv smtp://vert:port, for eksempel smtp://localhost:25.");
        };
        let (auth, hostport) = match rest.rsplit_once('@') {
            Some((a, h)) => (Some(a), h),
            None => (None, rest),
        };
        let hostport = hostport.trim_end_matches('/');
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>().map_err(|_| {
                    anyhow::anyhow!(
                        "«{p}» i «{smtp}» er ikke et portnummer. Skriv et tall, for eksempel 25."
                    )
                })?,
            ),
            None => (hostport, 25),
        };
        if host.is_empty() {
            bail!("«{smtp}» mangler vertsnavn. Skriv smtp://vert:port, for eksempel smtp://localhost:25.");
        }
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port);
        if let Some(auth) = auth {
            let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
            builder = builder.credentials(Credentials::new(user.to_string(), password.to_string()));
        }
        let from: Mailbox = from.parse().map_err(|_| {
            anyhow::anyhow!(
                "«{from}» er ikke en avsenderadresse. Skriv en e-postadresse, for eksempel husk@husbanken.no."
            )
        })?;
        Ok(Mailer {
            transport: builder.build(),
            from,
            base_url: base_url.trim_end_matches('/').to_string(),
        })
    }

    fn message(&self, r: &Reminder) -> Result<Message> {
        let o = &r.obligation;
        let due = format!(
            "{:02}.{:02}.{}",
            o.due.day(),
            u8::from(o.due.month()),
            o.due.year()
        );
        let what = match o.status {
            husk_domain::reporting::ObligationStatus::Overdue => {
                format!("er forsinket (fristen var {due})")
            }
            husk_domain::reporting::ObligationStatus::Returned => {
                "er returnert for retting".to_string()
            }
            _ => format!("har frist {due}"),
        };
        let subject = format!("Husk: {} for {} {what}", o.title, o.project_title);
        let link = match o.report_id {
            Some(id) => format!("{}/rapporter/{id}", self.base_url),
            None => format!("{}/prosjekter/{}", self.base_url, o.project_id),
        };
        let body = format!(
            "Hei {name},\n\n{title} for «{project}» {what}.\n\nRapporten fylles ut i Husk: {link}\n\nDette er en automatisk påminnelse fra Husk, Husbankens kunnskaps- og rapporteringsløsning. Du får én påminnelse når fristen nærmer seg, én hvis rapporten blir forsinket, og én hvis den blir returnert.\n",
            name = r.user.name,
            title = o.title,
            project = o.project_title,
        );
        let to = self.mailbox(&r.user)?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .context("Husk fikk ikke laget e-posten.")
    }

    /// The e-mail about a status meeting, a dialogue meeting or a renegotiation.
    fn programme_message(&self, r: &ProgrammeReminder, today: time::Date) -> Result<Message> {
        let due = husk_domain::norwegian::format_date(r.due);
        let passed = r.due < today;
        let (what, lead) = match r.kind {
            ProgrammeReminderKind::StatusMeeting => (
                if passed {
                    format!("skulle vært holdt innen {due}")
                } else {
                    format!("har frist {due}")
                },
                "Statusmøtene holdes hvert halvår. Husk lager dagsordenen fra fasen, de åpne oppfølgingspunktene og rapportene som skal leveres",
            ),
            ProgrammeReminderKind::DialogueMeeting => (
                if passed {
                    format!("skulle vært holdt innen {due}")
                } else {
                    format!("har frist {due}")
                },
                "Avtalen har et dialogmøte mellom partene hvert år",
            ),
            ProgrammeReminderKind::Renegotiation => (
                format!("er {due}"),
                "Forbered reforhandlingen med partene i god tid",
            ),
        };
        let subject = format!("Husk: {} {what}", r.title);
        let link = format!("{}{}", self.base_url, r.path);
        let body = format!(
            "Hei {name},\n\n{title} {what}. {lead}.\n\nSe det i Husk: {link}\n\nDette er en automatisk påminnelse fra Husk, Husbankens kunnskaps- og rapporteringsløsning. Du får én påminnelse per frist.\n",
            name = r.user.name,
            title = r.title,
        );
        let to = self.mailbox(&r.user)?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .context("Husk fikk ikke laget e-posten.")
    }

    fn mailbox(&self, user: &User) -> Result<Mailbox> {
        format!("{} <{}>", user.name, user.email.trim())
            .parse()
            .or_else(|_| user.email.trim().parse())
            .map_err(|_| {
                anyhow::anyhow!(
                    "E-postadressen til {} («{}») er ikke en e-postadresse Husk kan sende til. Rett den på brukersiden.",
                    user.username,
                    user.email
                )
            })
    }

    /// Sends every pending reminder once (marking each as sent). Returns one line per
    /// reminder, for the log; with `dry_run` nothing is sent or marked.
    pub async fn send_reminders(
        &self,
        store: &Store,
        today: time::Date,
        dry_run: bool,
    ) -> Result<Vec<String>> {
        let mut lines = Vec::new();
        for r in store.pending_reminders(today).await? {
            let line = format!(
                "{} <{}>: {} for {} ({})",
                r.user.username,
                r.user.email,
                r.obligation.title,
                r.obligation.project_title,
                r.obligation.status.label().to_lowercase()
            );
            if !dry_run {
                let message = self.message(&r)?;
                self.transport.send(message).await.with_context(|| {
                    format!("Husk fikk ikke sendt påminnelsen til {}.", r.user.email)
                })?;
                store.mark_reminder_sent(&r.obligation, r.user.id).await?;
            }
            lines.push(line);
        }
        for r in store.pending_programme_reminders(today).await? {
            let line = format!(
                "{} <{}>: {} ({})",
                r.user.username,
                r.user.email,
                r.title,
                husk_domain::norwegian::format_date(r.due)
            );
            if !dry_run {
                let message = self.programme_message(&r, today)?;
                self.transport.send(message).await.with_context(|| {
                    format!("Husk fikk ikke sendt påminnelsen til {}.", r.user.email)
                })?;
                store.mark_programme_reminder_sent(&r).await?;
            }
            lines.push(line);
        }
        Ok(lines)
    }
}
