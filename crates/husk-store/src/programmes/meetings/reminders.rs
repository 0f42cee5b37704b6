//! Reminders about programmes, beside the reports' ([`Store::pending_reminders`]): a status
//! meeting due within [`MEETING_REMINDER_DAYS`] (the next one planned, or half a year after the
//! last one held), an agreement's annual dialogue meeting due within
//! [`DIALOGUE_REMINDER_DAYS`], and its renegotiation date within
//! [`RENEGOTIATION_REMINDER_DAYS`]. They go to the advisers of the participation's office or
//! of the office that follows the agreement, each once per subject, due date and user.

use super::sql;
use crate::accounts::User;
use crate::{Store, StoreError};
use husk_domain::access::Role;
use husk_domain::norwegian::iso_date;
use husk_domain::programmes::meetings::MEETING_REMINDER_DAYS;
use husk_domain::programmes::partnerships::{
    within_days, DIALOGUE_REMINDER_DAYS, RENEGOTIATION_REMINDER_DAYS,
};
use std::collections::HashSet;
use time::Date;

/// What a programme reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeReminderKind {
    StatusMeeting,
    DialogueMeeting,
    Renegotiation,
}

/// A programme reminder to send to one user.
#[derive(Debug, Clone)]
pub struct ProgrammeReminder {
    pub kind: ProgrammeReminderKind,
    /// What it is about, as a sentence's subject: «Statusmøtet med Hamar (Boligsosialt
    /// utviklingsprogram)», «Dialogmøtet om «Samarbeidsavtale …» (Asker)».
    pub title: String,
    pub due: Date,
    /// The page in Husk, from the root: `/programmer/…/statusmoter`, `/avtaler/3`.
    pub path: String,
    pub user: User,
    /// The reminder's key: `statusmote-12`, `dialogmote-3`, `reforhandling-3`.
    subject: String,
}

/// The advisers of `office` with an e-mail address.
fn advisers<'u>(users: &'u [User], office: &'u str) -> impl Iterator<Item = &'u User> {
    users.iter().filter(move |u| {
        !u.disabled
            && !u.email.trim().is_empty()
            && matches!(&u.role, Role::Radgiver { region } if region == office)
    })
}

impl Store {
    /// The programme reminders due as of `today` that have not been sent to their user.
    pub async fn pending_programme_reminders(
        &self,
        today: Date,
    ) -> Result<Vec<ProgrammeReminder>, StoreError> {
        let users = self.users().await?;
        let sent: HashSet<(String, String, i64)> =
            sql::reminders_sent(&self.pool).await?.into_iter().collect();
        let mut out = Vec::new();
        let mut push =
            |kind, title: String, due: Date, path: String, subject: String, office: &str| {
                for u in advisers(&users, office) {
                    if sent.contains(&(subject.clone(), iso_date(due), u.id)) {
                        continue;
                    }
                    out.push(ProgrammeReminder {
                        kind,
                        title: title.clone(),
                        due,
                        path: path.clone(),
                        user: u.clone(),
                        subject: subject.clone(),
                    });
                }
            };
        for row in super::super::sql::programmes(&self.pool).await? {
            let Some(p) = self.programme_unfiltered(&row.0).await? else {
                continue;
            };
            for x in &p.participants {
                let meetings = self.meetings_of(x.id).await?;
                let Some(due) = super::next_due(&meetings) else {
                    continue;
                };
                if !within_days(today, due, MEETING_REMINDER_DAYS) {
                    continue;
                }
                push(
                    ProgrammeReminderKind::StatusMeeting,
                    format!("Statusmøtet med {} ({})", x.name, p.title),
                    due,
                    format!("/programmer/{}/deltakere/{}/statusmoter", p.id, x.id),
                    format!("statusmote-{}", x.id),
                    x.scope().region,
                );
            }
        }
        for a in self.agreements_unfiltered(None).await? {
            let place = a.municipality.clone().unwrap_or(a.kommunenummer.clone());
            let running = |d: Date| a.end.is_none_or(|end| d <= end);
            let due = a.next_dialogue_due;
            if running(due) && within_days(today, due, DIALOGUE_REMINDER_DAYS) {
                push(
                    ProgrammeReminderKind::DialogueMeeting,
                    format!("Dialogmøtet om «{}» ({place})", a.title),
                    due,
                    format!("/avtaler/{}", a.id),
                    format!("dialogmote-{}", a.id),
                    &a.office,
                );
            }
            if let Some(r) = a.renegotiation {
                if r >= today && within_days(today, r, RENEGOTIATION_REMINDER_DAYS) {
                    push(
                        ProgrammeReminderKind::Renegotiation,
                        format!("Reforhandlingen av «{}» ({place})", a.title),
                        r,
                        format!("/avtaler/{}", a.id),
                        format!("reforhandling-{}", a.id),
                        &a.office,
                    );
                }
            }
        }
        Ok(out)
    }

    /// Records that a programme reminder was sent; false if it had been sent already.
    pub async fn mark_programme_reminder_sent(
        &self,
        r: &ProgrammeReminder,
    ) -> Result<bool, StoreError> {
        let n = sql::insert_reminder(
            &self.pool,
            &r.subject,
            &iso_date(r.due),
            r.user.id,
            &crate::now_text(),
        )
        .await?;
        Ok(n == 1)
    }
}
