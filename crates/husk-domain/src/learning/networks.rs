//! Learning networks and professional networks: members, learning agents, meetings and the
//! assignments members take on between meetings; the "theme of the month" rotation.
//!
//! Seed 004 (kap. 4.4 and 5.3) describes region Midt-Norge's national learning network, whose
//! members are municipalities, state agencies and a competence centre, two of them learning
//! agents (*læringsagenter*) that teach the others; seed 003 (kap. 4.2) the Østfold network of
//! four municipalities with its mandate and quarterly meetings. Seed 004 (kap. 6.2) proposes a
//! "månedens kunnskapstema" at every office, with the responsibility going round.
//!
//! Plain types and the forms' checks: every input type's `validate` lists every problem at its
//! field, in Norwegian, and the caller keeps what was typed.

use crate::ids::{Kommunenummer, Organisasjonsnummer};
use crate::learning::NetworkKind;
use crate::limits;
use crate::norwegian::{format_date, parse_date};
use crate::validation::FieldErrors;
use crate::Taxonomy;
use serde::{Deserialize, Serialize};
use time::Date;

code_enum!(
    /// What a network member is.
    MemberKind {
        Municipality = "kommune", "Kommune";
        Office = "kontor", "Husbankens kontor";
        StateAgency = "statlig", "Statlig etat";
        Organisation = "organisasjon", "Organisasjon";
    }
    expected "kommune, kontor, statlig eller organisasjon"
);

/// A network's own facts, as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Network {
    pub name: String,
    pub kind: NetworkKind,
    /// The office that runs it (a region code).
    pub office: String,
    /// The programme it belongs to, if any (a register id).
    pub programme_id: Option<String>,
    pub coordinator: String,
    pub mandate: String,
    pub about: String,
    pub meeting_rhythm: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Knowledge theme codes.
    pub themes: Vec<String>,
}

/// A network as typed in its form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkInput {
    pub name: String,
    pub kind: String,
    pub office: String,
    pub programme_id: String,
    pub coordinator: String,
    pub mandate: String,
    pub about: String,
    pub meeting_rhythm: String,
    pub start: String,
    pub end: String,
    pub themes: Vec<String>,
}

/// An optional date field: `None` when empty, the date, or an error at `field`.
fn optional_date(e: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<Date> {
    if raw.trim().is_empty() {
        return None;
    }
    match parse_date(raw) {
        Ok(d) => Some(d),
        Err(m) => {
            e.push(field, format!("Sjekk «{label}». {m}"));
            None
        }
    }
}

/// A required date field.
fn required_date(
    e: &mut FieldErrors,
    field: &str,
    label: &str,
    raw: &str,
    what: &str,
) -> Option<Date> {
    if raw.trim().is_empty() {
        e.push(
            field,
            format!("Skriv {what} som dd.mm.åååå, for eksempel 15.03.2016."),
        );
        return None;
    }
    optional_date(e, field, label, raw)
}

impl NetworkInput {
    /// Checks the form against the taxonomy (the office and the themes).
    pub fn validate(&self, taxonomy: &Taxonomy) -> Result<Network, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = self.name.trim();
        if name.is_empty() {
            e.push("navn", "Skriv navnet på nettverket.");
        } else {
            limits::check(&mut e, "navn", "Navn", name, limits::NAME);
        }
        let kind = NetworkKind::from_code(&self.kind);
        if kind.is_none() {
            e.push(
                "type",
                "Velg om det er et læringsnettverk eller et fagnettverk.",
            );
        }
        let office = self.office.trim();
        if !taxonomy.region(office).is_some_and(|r| r.is_office()) {
            e.push("kontor", "Velg kontoret som driver nettverket.");
        }
        let programme = self.programme_id.trim();
        limits::check(&mut e, "program", "Program", programme, limits::NAME);
        limits::check(
            &mut e,
            "koordinator",
            "Koordinator",
            self.coordinator.trim(),
            limits::NAME,
        );
        limits::check(
            &mut e,
            "mandat",
            "Mandat",
            self.mandate.trim(),
            limits::DESCRIPTION,
        );
        limits::check(
            &mut e,
            "om",
            "Om nettverket",
            self.about.trim(),
            limits::DESCRIPTION,
        );
        limits::check(
            &mut e,
            "motefrekvens",
            "Møtefrekvens",
            self.meeting_rhythm.trim(),
            limits::NOTE,
        );
        let start = optional_date(&mut e, "fra", "Fra", &self.start);
        let end = optional_date(&mut e, "til", "Til", &self.end);
        if let (Some(s), Some(t)) = (start, end) {
            if t < s {
                e.push(
                    "til",
                    format!(
                        "Perioden slutter {} før den begynner {}. Skriv en sluttdato fra og med startdatoen.",
                        format_date(t),
                        format_date(s)
                    ),
                );
            }
        }
        let mut themes = Vec::new();
        for t in &self.themes {
            let t = t.trim();
            if t.is_empty() || themes.iter().any(|x| x == t) {
                continue;
            }
            if taxonomy.theme(t).is_none() {
                e.push(
                    "temaer",
                    format!("«{t}» er ikke et kunnskapstema. Velg blant temaene i listen."),
                );
            } else {
                themes.push(t.to_string());
            }
        }
        match kind {
            Some(kind) if e.is_empty() => Ok(Network {
                name: name.to_string(),
                kind,
                office: office.to_string(),
                programme_id: (!programme.is_empty()).then(|| programme.to_string()),
                coordinator: self.coordinator.trim().to_string(),
                mandate: self.mandate.trim().to_string(),
                about: self.about.trim().to_string(),
                meeting_rhythm: self.meeting_rhythm.trim().to_string(),
                start,
                end,
                themes,
            }),
            _ => Err(e),
        }
    }
}

/// A member as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub kind: MemberKind,
    pub name: String,
    pub kommunenummer: Option<String>,
    pub orgnr: Option<String>,
    /// Whether it is a learning agent: a member that teaches the others.
    pub learning_agent: bool,
}

/// A member as typed in its form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberInput {
    pub kind: String,
    pub name: String,
    pub kommunenummer: String,
    pub orgnr: String,
    pub learning_agent: bool,
}

impl MemberInput {
    /// Checks the form: a municipality needs its kommunenummer (so that its recipient users
    /// are found); an organisation number, when given, must be a valid one.
    pub fn validate(&self) -> Result<Member, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = MemberKind::from_code(&self.kind);
        if kind.is_none() {
            e.push(
                "medlemstype",
                "Velg hva medlemmet er: kommune, Husbankens kontor, statlig etat eller organisasjon.",
            );
        }
        let name = self.name.trim();
        if name.is_empty() {
            e.push("medlemsnavn", "Skriv navnet på medlemmet.");
        } else {
            limits::check(&mut e, "medlemsnavn", "Navn", name, limits::NAME);
        }
        let kommunenummer = if self.kommunenummer.trim().is_empty() {
            if kind == Some(MemberKind::Municipality) {
                e.push(
                    "kommunenummer",
                    "Skriv kommunenummeret til kommunen, fire sifre, for eksempel 3203.",
                );
            }
            None
        } else {
            match Kommunenummer::parse(&self.kommunenummer) {
                Ok(k) => Some(k.as_str().to_string()),
                Err(m) => {
                    e.push("kommunenummer", m);
                    None
                }
            }
        };
        let orgnr = if self.orgnr.trim().is_empty() {
            None
        } else {
            match Organisasjonsnummer::parse(&self.orgnr) {
                Ok(o) => Some(o.as_str().to_string()),
                Err(m) => {
                    e.push("orgnr", m);
                    None
                }
            }
        };
        match kind {
            Some(kind) if e.is_empty() => Ok(Member {
                kind,
                name: name.to_string(),
                kommunenummer,
                orgnr,
                learning_agent: self.learning_agent,
            }),
            _ => Err(e),
        }
    }
}

/// A network meeting as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkMeeting {
    pub date: Date,
    pub place: String,
    pub topic: String,
    pub notes: String,
}

/// A network meeting as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkMeetingInput {
    pub date: String,
    pub place: String,
    pub topic: String,
    pub notes: String,
}

impl NetworkMeetingInput {
    pub fn validate(&self) -> Result<NetworkMeeting, FieldErrors> {
        let mut e = FieldErrors::new();
        let date = required_date(&mut e, "dato", "Dato", &self.date, "datoen for møtet");
        limits::check(&mut e, "sted", "Sted", self.place.trim(), limits::NAME);
        let topic = self.topic.trim();
        if topic.is_empty() {
            e.push("tema", "Skriv hva møtet handler om.");
        } else {
            limits::check(&mut e, "tema", "Tema", topic, limits::NOTE);
        }
        limits::check(
            &mut e,
            "notater",
            "Notater",
            self.notes.trim(),
            limits::ANSWER_TEXT,
        );
        match date {
            Some(date) if e.is_empty() => Ok(NetworkMeeting {
                date,
                place: self.place.trim().to_string(),
                topic: topic.to_string(),
                notes: self.notes.trim().to_string(),
            }),
            _ => Err(e),
        }
    }
}

/// Why a member cannot be removed from its network: it has taken on assignments (`assignments`
/// of them), whose history would go with it; they are removed first. `None`: it may go.
pub fn member_removal_refused(name: &str, assignments: usize) -> Option<String> {
    (assignments > 0).then(|| {
        format!(
            "{name} har tatt på seg {}. Fjern oppdragene først, så kan medlemmet fjernes.",
            crate::norwegian::count(assignments as i64, "oppdrag", "oppdrag")
        )
    })
}

/// Why a meeting cannot be removed: assignments are due at it (`due` of them), which would be
/// left without a deadline; they are moved to another meeting or a date, or removed, first.
pub fn meeting_removal_refused(due: usize) -> Option<String> {
    (due > 0).then(|| {
        format!(
            "{} har frist til dette møtet. Gi dem en annen frist eller fjern dem først, så kan møtet fjernes.",
            crate::norwegian::count(due as i64, "oppdrag", "oppdrag")
        )
    })
}

/// An assignment a member took on between meetings, as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub member_id: i64,
    pub text: String,
    /// The meeting it is to be reported at, if set.
    pub due_meeting: Option<i64>,
    pub due_date: Option<Date>,
}

/// An assignment as typed: the member and the meeting by their ids (from `<select>`s).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentInput {
    pub member: String,
    pub text: String,
    pub due_meeting: String,
    pub due_date: String,
}

impl AssignmentInput {
    /// Checks the form against the network's members and meetings (their ids): who took it
    /// on, what, and when it is due (a meeting, a date or both).
    pub fn validate(&self, members: &[i64], meetings: &[i64]) -> Result<Assignment, FieldErrors> {
        let mut e = FieldErrors::new();
        let member = self
            .member
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|m| members.contains(m));
        if member.is_none() {
            e.push(
                "medlem",
                "Velg medlemmet som tar på seg oppdraget, blant nettverkets medlemmer.",
            );
        }
        let text = self.text.trim();
        if text.is_empty() {
            e.push("oppdrag", "Skriv hva medlemmet skal gjøre til neste møte.");
        } else {
            limits::check(&mut e, "oppdrag", "Oppdrag", text, limits::NOTE);
        }
        let due_meeting = if self.due_meeting.trim().is_empty() {
            None
        } else {
            match self
                .due_meeting
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|m| meetings.contains(m))
            {
                Some(m) => Some(m),
                None => {
                    e.push(
                        "til_mote",
                        "Velg et av nettverkets møter, eller la feltet stå tomt og skriv en frist.",
                    );
                    None
                }
            }
        };
        let due_date = optional_date(&mut e, "frist", "Frist", &self.due_date);
        if due_meeting.is_none()
            && due_date.is_none()
            && self.due_meeting.trim().is_empty()
            && self.due_date.trim().is_empty()
        {
            e.push(
                "frist",
                "Velg møtet oppdraget skal meldes tilbake på, eller skriv en frist som dd.mm.åååå.",
            );
        }
        match member {
            Some(member_id) if e.is_empty() => Ok(Assignment {
                member_id,
                text: text.to_string(),
                due_meeting,
                due_date,
            }),
            _ => Err(e),
        }
    }
}

/// What a member reported back on an assignment, as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportBack {
    pub text: String,
    pub date: Date,
}

/// A report-back as typed; an empty date is `today`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportBackInput {
    pub text: String,
    pub date: String,
}

impl ReportBackInput {
    /// Checks the form: the text, and a date not after `today`.
    pub fn validate(&self, today: Date) -> Result<ReportBack, FieldErrors> {
        let mut e = FieldErrors::new();
        let text = self.text.trim();
        if text.is_empty() {
            e.push("tilbakemelding", "Skriv hva dere har gjort med oppdraget.");
        } else {
            limits::check(
                &mut e,
                "tilbakemelding",
                "Tilbakemelding",
                text,
                limits::ANSWER_TEXT,
            );
        }
        let date = if self.date.trim().is_empty() {
            Some(today)
        } else {
            optional_date(&mut e, "meldt_dato", "Dato", &self.date)
        };
        if let Some(d) = date {
            if d > today {
                e.push(
                    "meldt_dato",
                    format!(
                        "Datoen {} er etter i dag. Skriv datoen dere meldte tilbake, senest {}.",
                        format_date(d),
                        format_date(today)
                    ),
                );
            }
        }
        match date {
            Some(date) if e.is_empty() => Ok(ReportBack {
                text: text.to_string(),
                date,
            }),
            _ => Err(e),
        }
    }
}

/// A month, `åååå-mm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

const MONTH_NAMES: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

impl Month {
    pub fn of(d: Date) -> Month {
        Month {
            year: d.year(),
            month: d.month() as u8,
        }
    }

    /// Reads `åååå-mm`, `mm.åååå` or `mm/åååå`.
    pub fn parse(raw: &str) -> Result<Month, String> {
        let t = raw.trim();
        let bad =
            || format!("«{t}» er ikke en måned. Skriv måneden som åååå-mm, for eksempel 2026-09.");
        let (y, m) = if let Some((y, m)) = t.split_once('-') {
            (y, m)
        } else if let Some((m, y)) = t.split_once(['.', '/']) {
            (y, m)
        } else {
            return Err(bad());
        };
        if y.len() != 4 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }

    /// `2026-09`.
    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `september 2026`.
    pub fn label(self) -> String {
        format!("{} {}", MONTH_NAMES[(self.month - 1) as usize], self.year)
    }
}

/// The theme of a month: a knowledge theme of the taxonomy or a theme in the adviser's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum MonthTheme {
    Knowledge(String),
    Free(String),
}

/// A month's entry in an office's rotation, as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeOfMonth {
    pub month: Month,
    /// The adviser responsible that month (a name).
    pub adviser: String,
    pub theme: MonthTheme,
    /// When the theme was taken up, if set.
    pub date: Option<Date>,
    /// What was shared.
    pub shared: String,
}

/// A theme-of-the-month entry as typed: `theme_code` from the taxonomy's list, or
/// `theme_text` in the adviser's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeOfMonthInput {
    pub month: String,
    pub adviser: String,
    pub theme_code: String,
    pub theme_text: String,
    pub date: String,
    pub shared: String,
}

impl ThemeOfMonthInput {
    pub fn validate(&self, taxonomy: &Taxonomy) -> Result<ThemeOfMonth, FieldErrors> {
        let mut e = FieldErrors::new();
        let month = if self.month.trim().is_empty() {
            e.push("maned", "Skriv måneden som åååå-mm, for eksempel 2026-09.");
            None
        } else {
            match Month::parse(&self.month) {
                Ok(m) => Some(m),
                Err(m) => {
                    e.push("maned", m);
                    None
                }
            }
        };
        let adviser = self.adviser.trim();
        if adviser.is_empty() {
            e.push("ansvarlig", "Skriv hvem som har ansvaret denne måneden.");
        } else {
            limits::check(&mut e, "ansvarlig", "Ansvarlig", adviser, limits::NAME);
        }
        let code = self.theme_code.trim();
        let text = self.theme_text.trim();
        let theme = if !code.is_empty() {
            if taxonomy.theme(code).is_some() {
                if !text.is_empty() {
                    e.push(
                        "tema_tekst",
                        "Velg et kunnskapstema eller skriv et eget tema, ikke begge.",
                    );
                }
                Some(MonthTheme::Knowledge(code.to_string()))
            } else {
                e.push(
                    "tema",
                    format!("«{code}» er ikke et kunnskapstema. Velg blant temaene i listen."),
                );
                None
            }
        } else if !text.is_empty() {
            limits::check(&mut e, "tema_tekst", "Eget tema", text, limits::NAME);
            Some(MonthTheme::Free(text.to_string()))
        } else {
            e.push(
                "tema",
                "Velg et kunnskapstema, eller skriv et eget tema i feltet under.",
            );
            None
        };
        let date = optional_date(&mut e, "dato", "Dato", &self.date);
        if let (Some(d), Some(m)) = (date, month) {
            if Month::of(d) != m {
                e.push(
                    "dato",
                    format!(
                        "Datoen {} er ikke i {}. Skriv en dato i måneden temaet gjelder.",
                        format_date(d),
                        m.label()
                    ),
                );
            }
        }
        limits::check(
            &mut e,
            "delt",
            "Hva som ble delt",
            self.shared.trim(),
            limits::ANSWER_TEXT,
        );
        match (month, theme) {
            (Some(month), Some(theme)) if e.is_empty() => Ok(ThemeOfMonth {
                month,
                adviser: adviser.to_string(),
                theme,
                date,
                shared: self.shared.trim().to_string(),
            }),
            _ => Err(e),
        }
    }
}

/// Where a month stands in the rotation, seen from `today`'s month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RotationPlace {
    Past,
    Current,
    Upcoming,
}

/// Whether `month` is past, this month or upcoming on `today`.
pub fn rotation_place(month: Month, today: Date) -> RotationPlace {
    let now = Month::of(today);
    match month.cmp(&now) {
        std::cmp::Ordering::Less => RotationPlace::Past,
        std::cmp::Ordering::Equal => RotationPlace::Current,
        std::cmp::Ordering::Greater => RotationPlace::Upcoming,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_member_with_assignments_and_a_meeting_with_assignments_due_stay() {
        assert_eq!(member_removal_refused("Asker", 0), None);
        assert_eq!(
            member_removal_refused("Asker", 2).as_deref(),
            Some("Asker har tatt på seg 2 oppdrag. Fjern oppdragene først, så kan medlemmet fjernes.")
        );
        assert_eq!(meeting_removal_refused(0), None);
        assert!(meeting_removal_refused(1)
            .unwrap()
            .starts_with("1 oppdrag har frist til dette møtet"));
    }

    #[test]
    fn a_network_needs_a_name_a_kind_and_an_office_and_says_what_is_wrong() {
        let t = Taxonomy::builtin();
        let bad = NetworkInput {
            name: " ".into(),
            kind: "klubb".into(),
            office: "nasjonal".into(),
            start: "01.06.2016".into(),
            end: "01.01.2016".into(),
            themes: vec!["boligbygging".into()],
            ..Default::default()
        };
        let e = bad.validate(&t).unwrap_err();
        for field in ["navn", "type", "kontor", "til", "temaer"] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
        let ok = NetworkInput {
            name: "Østfoldnettverket".into(),
            kind: "laeringsnettverk".into(),
            office: "ost".into(),
            themes: vec!["samarbeid-sektorer".into(), "samarbeid-sektorer".into()],
            ..Default::default()
        }
        .validate(&t)
        .unwrap();
        assert_eq!(ok.themes, vec!["samarbeid-sektorer".to_string()]);
        assert_eq!(ok.programme_id, None);
    }

    #[test]
    fn a_municipality_member_needs_its_kommunenummer() {
        let e = MemberInput {
            kind: "kommune".into(),
            name: "Stjørdal".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.get("kommunenummer").is_some());
        let m = MemberInput {
            kind: "kommune".into(),
            name: "Stjørdal".into(),
            kommunenummer: "5035".into(),
            learning_agent: true,
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert!(m.learning_agent && m.kommunenummer.as_deref() == Some("5035"));
        let e = MemberInput {
            kind: "statlig".into(),
            name: "IMDi Midt-Norge".into(),
            orgnr: "123".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.get("orgnr").is_some());
    }

    #[test]
    fn an_assignment_belongs_to_a_member_and_is_due_at_a_meeting_or_a_date() {
        let input = AssignmentInput {
            member: "7".into(),
            text: "Del kartleggingsskjemaet".into(),
            due_meeting: "".into(),
            due_date: "".into(),
        };
        assert!(input
            .validate(&[7], &[3])
            .unwrap_err()
            .get("frist")
            .is_some());
        let other = AssignmentInput {
            member: "8".into(),
            due_meeting: "3".into(),
            ..input.clone()
        };
        assert!(other
            .validate(&[7], &[3])
            .unwrap_err()
            .get("medlem")
            .is_some());
        let ok = AssignmentInput {
            due_meeting: "3".into(),
            ..input
        }
        .validate(&[7], &[3])
        .unwrap();
        assert_eq!(ok.due_meeting, Some(3));
    }

    #[test]
    fn a_report_back_is_not_dated_after_today() {
        let today = date!(2026 - 03 - 10);
        let e = ReportBackInput {
            text: "Gjort".into(),
            date: "11.03.2026".into(),
        }
        .validate(today)
        .unwrap_err();
        assert!(e.get("meldt_dato").unwrap().contains("etter i dag"));
        let r = ReportBackInput {
            text: "Gjort".into(),
            date: "".into(),
        }
        .validate(today)
        .unwrap();
        assert_eq!(r.date, today);
    }

    #[test]
    fn the_theme_of_the_month_is_a_knowledge_theme_or_free_text_dated_within_its_month() {
        let t = Taxonomy::builtin();
        let base = ThemeOfMonthInput {
            month: "2026-09".into(),
            adviser: "Kari".into(),
            theme_code: "brukerrelaterte-metoder".into(),
            ..Default::default()
        };
        let ok = base.validate(&t).unwrap();
        assert_eq!(ok.month.label(), "september 2026");
        let free = ThemeOfMonthInput {
            theme_code: "".into(),
            theme_text: "Housing First i små kommuner".into(),
            month: "09.2026".into(),
            ..base.clone()
        }
        .validate(&t)
        .unwrap();
        assert_eq!(
            free.theme,
            MonthTheme::Free("Housing First i små kommuner".into())
        );
        let e = ThemeOfMonthInput {
            date: "01.10.2026".into(),
            ..base.clone()
        }
        .validate(&t)
        .unwrap_err();
        assert!(e.get("dato").unwrap().contains("september 2026"));
        let e = ThemeOfMonthInput {
            month: "2026-13".into(),
            theme_code: "".into(),
            ..base
        }
        .validate(&t)
        .unwrap_err();
        assert!(e.get("maned").is_some() && e.get("tema").is_some());
        assert_eq!(
            rotation_place(Month::parse("2026-02").unwrap(), date!(2026 - 03 - 01)),
            RotationPlace::Past
        );
        assert_eq!(
            rotation_place(Month::parse("2026-03").unwrap(), date!(2026 - 03 - 31)),
            RotationPlace::Current
        );
    }
}
