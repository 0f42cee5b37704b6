//! Learning arenas: events of a kind ([`super::ArenaKind`]) with date, place, organiser, the
//! office that runs them, a programme or a network, knowledge themes, an agenda, participants
//! and materials; the calendar's filter and its iCalendar feed (RFC 5545).
//!
//! A date is as precise as its source: a day (or a span of days), a month or only a year
//! ([`DatePrecision`]). Husk never invents a day: an arena known only by its year is shown as
//! the year, sorts at the year's start, and is left out of the iCalendar feed, which has only
//! whole days.

use super::ArenaKind;
use crate::limits;
use crate::norwegian::{format_date, iso_date};
use crate::taxonomy::Taxonomy;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

code_enum!(
    /// How precise an arena's date is.
    DatePrecision {
        Day = "dag", "Dag";
        Month = "maned", "Måned";
        Year = "ar", "År";
    }
    expected "dag, maned eller ar"
);

/// The longest title, place and organiser.
pub const TITLE_MAX: usize = limits::PROJECT_TITLE;
/// The longest description.
pub const DESCRIPTION_MAX: usize = 5_000;
/// Agenda items and participant rows an arena may have.
pub const ROWS_MAX: usize = 100;

const MONTHS: [&str; 12] = [
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

/// When an arena is held: its first day (the first of the month or year when less precise),
/// the last day of a span of days, and how precise that is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArenaDate {
    pub start: Date,
    /// The last day, for an event over several days (only with [`DatePrecision::Day`]).
    pub end: Option<Date>,
    pub precision: DatePrecision,
}

/// In the API: ISO dates, the precision's code and the date as the pages show it.
impl Serialize for ArenaDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ArenaDate", 4)?;
        st.serialize_field("start", &iso_date(self.start))?;
        st.serialize_field("end", &self.end.map(iso_date))?;
        st.serialize_field("precision", self.precision.code())?;
        st.serialize_field("label", &self.label())?;
        st.end()
    }
}

impl ArenaDate {
    /// A single day.
    pub fn day(d: Date) -> ArenaDate {
        ArenaDate {
            start: d,
            end: None,
            precision: DatePrecision::Day,
        }
    }

    /// Only the year is known.
    pub fn year(y: i32) -> Option<ArenaDate> {
        Some(ArenaDate {
            start: Date::from_calendar_date(y, Month::January, 1).ok()?,
            end: None,
            precision: DatePrecision::Year,
        })
    }

    /// Only the month is known.
    pub fn month(y: i32, m: u8) -> Option<ArenaDate> {
        Some(ArenaDate {
            start: Date::from_calendar_date(y, Month::try_from(m).ok()?, 1).ok()?,
            end: None,
            precision: DatePrecision::Month,
        })
    }

    /// The last day the arena may fall on: the end of a span, the month or the year.
    pub fn last_day(&self) -> Date {
        match self.precision {
            DatePrecision::Day => self.end.unwrap_or(self.start),
            DatePrecision::Month => {
                let (y, m) = (self.start.year(), self.start.month());
                let next = if m == Month::December {
                    Date::from_calendar_date(y + 1, Month::January, 1)
                } else {
                    Date::from_calendar_date(y, m.next(), 1)
                };
                next.map(|d| d.previous_day().unwrap_or(d))
                    .unwrap_or(self.start)
            }
            DatePrecision::Year => Date::from_calendar_date(self.start.year(), Month::December, 31)
                .unwrap_or(self.start),
        }
    }

    /// Whether it may fall within `from`..=`to` (either open): its days, or the month or year
    /// the source gives, overlap the range.
    pub fn within(&self, from: Option<Date>, to: Option<Date>) -> bool {
        from.is_none_or(|f| self.last_day() >= f) && to.is_none_or(|t| self.start <= t)
    }

    /// Whether it is over before `today` (an arena known by month or year is over when that
    /// month or year is).
    pub fn is_past(&self, today: Date) -> bool {
        self.last_day() < today
    }

    /// As the pages show it: «13.09.2011», «13.09.2011–14.09.2011», «september 2011», «2011».
    pub fn label(&self) -> String {
        match self.precision {
            DatePrecision::Day => match self.end {
                Some(end) => format!("{}–{}", format_date(self.start), format_date(end)),
                None => format_date(self.start),
            },
            DatePrecision::Month => format!(
                "{} {}",
                MONTHS[usize::from(u8::from(self.start.month())) - 1],
                self.start.year()
            ),
            DatePrecision::Year => self.start.year().to_string(),
        }
    }

    /// As the forms show it: the start as typed back («13.09.2011», «09.2011», «2011»).
    pub fn form_values(&self) -> (String, String) {
        let start = match self.precision {
            DatePrecision::Day => format_date(self.start),
            DatePrecision::Month => {
                format!("{:02}.{}", u8::from(self.start.month()), self.start.year())
            }
            DatePrecision::Year => self.start.year().to_string(),
        };
        (start, self.end.map(format_date).unwrap_or_default())
    }

    /// The month heading the calendar groups it under («september 2011», or «2011» when only
    /// the year is known).
    pub fn month_heading(&self) -> String {
        match self.precision {
            DatePrecision::Year => format!("{} (bare året er kjent)", self.start.year()),
            _ => format!(
                "{} {}",
                MONTHS[usize::from(u8::from(self.start.month())) - 1],
                self.start.year()
            ),
        }
    }
}

/// Reads the date fields of an arena: `from` is a day (`dd.mm.åååå` or `åååå-mm-dd`), a month
/// (`mm.åååå` or `åååå-mm`) or a year (`åååå`); `to` is empty or, after a day, the last day.
/// Errors are (field, Norwegian message), the fields `fra` and `til`.
pub fn parse_arena_date(from: &str, to: &str) -> Result<ArenaDate, Vec<(&'static str, String)>> {
    let (from, to) = (from.trim(), to.trim());
    let mut errors = Vec::new();
    if from.is_empty() {
        errors.push((
            "fra",
            "Skriv når arenaen holdes: en dato (dd.mm.åååå), en måned (mm.åååå) eller bare året (åååå).".to_string(),
        ));
        return Err(errors);
    }
    let start = match read_point(from) {
        Some(d) => d,
        None => {
            errors.push((
                "fra",
                format!("«{from}» er ikke en dato. Skriv datoen som dd.mm.åååå (for eksempel 13.09.2011), måneden som mm.åååå (09.2011) eller bare året (2011)."),
            ));
            return Err(errors);
        }
    };
    if to.is_empty() {
        return Ok(start);
    }
    if start.precision != DatePrecision::Day {
        errors.push((
            "til",
            "En sluttdato kan bare gis når startdatoen er en hel dato. Skriv startdatoen som dd.mm.åååå, eller la sluttdatoen stå tom.".to_string(),
        ));
        return Err(errors);
    }
    match crate::norwegian::parse_date(to) {
        Ok(end) if end < start.start => errors.push((
            "til",
            format!(
                "Sluttdatoen {} er før startdatoen {}. Skriv en sluttdato etter startdatoen, eller la den stå tom for en endagsarena.",
                format_date(end),
                format_date(start.start)
            ),
        )),
        Ok(end) if end == start.start => return Ok(start),
        Ok(end) => {
            return Ok(ArenaDate {
                end: Some(end),
                ..start
            })
        }
        Err(_) => errors.push((
            "til",
            format!("«{to}» er ikke en dato. Skriv sluttdatoen som dd.mm.åååå, for eksempel 14.09.2011, eller la den stå tom."),
        )),
    }
    Err(errors)
}

fn read_point(t: &str) -> Option<ArenaDate> {
    if let Ok(d) = crate::norwegian::parse_date(t) {
        return Some(ArenaDate::day(d));
    }
    let year = |s: &str| -> Option<i32> {
        (s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if let Some(y) = year(t) {
        return ArenaDate::year(y);
    }
    let (m, y) = if let Some((m, y)) = t.split_once('.') {
        (m, y)
    } else if let Some((y, m)) = t.split_once('-') {
        (m, y)
    } else {
        return None;
    };
    let m: u8 = (m.len() <= 2).then(|| m.parse().ok()).flatten()?;
    ArenaDate::month(year(y)?, m)
}

/// An arena as typed in the form or sent to the API (field names as the form's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArenaInput {
    pub tittel: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub fra: String,
    pub til: String,
    pub sted: String,
    pub arrangor: String,
    pub kontor: String,
    /// The programme's register entry id, or empty.
    pub program: String,
    /// The network's id, or empty.
    pub nettverk: String,
    pub temaer: Vec<String>,
    pub beskrivelse: String,
}

/// A checked arena (references to a programme and a network are checked by the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arena {
    pub title: String,
    pub kind: ArenaKind,
    pub date: ArenaDate,
    pub place: String,
    pub organiser: String,
    pub office: String,
    pub programme_id: Option<String>,
    pub network_id: Option<i64>,
    pub themes: Vec<String>,
    pub description: String,
}

impl ArenaInput {
    /// Checks every field and gives every problem at once.
    pub fn validate(&self, tax: &Taxonomy) -> Result<Arena, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = self.tittel.trim();
        if title.is_empty() {
            errors.push(
                "tittel",
                "Skriv en tittel, for eksempel «Programsamling høsten 2011».",
            );
        }
        limits::check(&mut errors, "tittel", "Tittelen", title, TITLE_MAX);
        let kind = ArenaKind::from_code(&self.kind);
        if kind.is_none() {
            let msg = if self.kind.trim().is_empty() {
                "Velg hva slags arena det er.".to_string()
            } else {
                format!(
                    "«{}» er ikke en type arena. Velg en av typene i listen.",
                    self.kind.trim()
                )
            };
            errors.push("type", msg);
        }
        let date = match parse_arena_date(&self.fra, &self.til) {
            Ok(d) => Some(d),
            Err(es) => {
                for (f, m) in es {
                    errors.push(f, m);
                }
                None
            }
        };
        limits::check(&mut errors, "sted", "Stedet", self.sted.trim(), TITLE_MAX);
        limits::check(
            &mut errors,
            "arrangor",
            "Arrangøren",
            self.arrangor.trim(),
            TITLE_MAX,
        );
        limits::check(
            &mut errors,
            "beskrivelse",
            "Beskrivelsen",
            self.beskrivelse.trim(),
            DESCRIPTION_MAX,
        );
        let office = self.kontor.trim();
        if office.is_empty() {
            errors.push("kontor", "Velg kontoret som har ansvaret for arenaen.");
        } else if !tax.regions.iter().any(|r| r.code == office) {
            errors.push(
                "kontor",
                format!("«{office}» er ikke et kontor. Velg et kontor i listen."),
            );
        }
        let network_id = match self.nettverk.trim() {
            "" => None,
            n => match n.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.push(
                        "nettverk",
                        format!("«{n}» er ikke et nettverk. Velg et nettverk i listen."),
                    );
                    None
                }
            },
        };
        let mut themes = Vec::new();
        for t in self
            .temaer
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            if !tax.themes.iter().any(|x| x.code == t) {
                errors.push(
                    "temaer",
                    format!("«{t}» er ikke et kunnskapstema. Velg blant temaene i listen."),
                );
            } else if !themes.iter().any(|x| x == t) {
                themes.push(t.to_string());
            }
        }
        let programme = self.program.trim();
        match (kind, date) {
            (Some(kind), Some(date)) if errors.is_empty() => Ok(Arena {
                title: title.to_string(),
                kind,
                date,
                place: self.sted.trim().to_string(),
                organiser: self.arrangor.trim().to_string(),
                office: office.to_string(),
                programme_id: (!programme.is_empty()).then(|| programme.to_string()),
                network_id,
                themes,
                description: self.beskrivelse.trim().to_string(),
            }),
            _ => Err(errors),
        }
    }
}

/// One agenda item as typed: a time (`tt:mm`, or empty), a title and who has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgendaItemInput {
    pub tid: String,
    pub tittel: String,
    pub hvem: String,
}

/// A checked agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// `tt:mm`, or empty when not given.
    pub time: String,
    pub title: String,
    pub who: String,
}

/// One participant row as typed: an organisation and how many came from it (may be empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParticipantInput {
    pub organisasjon: String,
    pub antall: String,
}

/// A checked participant row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArenaParticipant {
    pub organisation: String,
    /// `None` when the count is not known.
    pub count: Option<i64>,
}

/// Checks an agenda; empty rows are left out. Errors at `program-N-felt` (N from 1).
pub fn validate_agenda(rows: &[AgendaItemInput]) -> Result<Vec<AgendaItem>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let n = i + 1;
        let (time, title, who) = (r.tid.trim(), r.tittel.trim(), r.hvem.trim());
        if time.is_empty() && title.is_empty() && who.is_empty() {
            continue;
        }
        if !time.is_empty() && parse_time(time).is_none() {
            errors.push(
                format!("program-{n}-tid"),
                format!("«{time}» er ikke et klokkeslett (punkt {n}). Skriv tt:mm, for eksempel 09:30, eller la feltet stå tomt."),
            );
        }
        if title.is_empty() {
            errors.push(
                format!("program-{n}-tittel"),
                format!("Skriv hva punkt {n} i programmet handler om."),
            );
        }
        limits::check(
            &mut errors,
            &format!("program-{n}-tittel"),
            "Punktet",
            title,
            TITLE_MAX,
        );
        limits::check(
            &mut errors,
            &format!("program-{n}-hvem"),
            "Hvem",
            who,
            TITLE_MAX,
        );
        out.push(AgendaItem {
            time: parse_time(time).unwrap_or_default(),
            title: title.to_string(),
            who: who.to_string(),
        });
    }
    if out.len() > ROWS_MAX {
        errors.push(
            "program",
            format!("Programmet kan ha høyst {ROWS_MAX} punkter."),
        );
    }
    errors.into_result(out)
}

/// Reads `tt:mm` or `tt.mm` (or `t:mm`) as `tt:mm`.
pub fn parse_time(t: &str) -> Option<String> {
    let (h, m) = t.trim().split_once([':', '.'])?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && t.trim().len() <= 5).then(|| format!("{h:02}:{m:02}"))
}

/// Checks the participant rows; empty rows are left out. Errors at `deltaker-N-felt`.
pub fn validate_participants(
    rows: &[ParticipantInput],
) -> Result<Vec<ArenaParticipant>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let n = i + 1;
        let (org, count) = (r.organisasjon.trim(), r.antall.trim());
        if org.is_empty() && count.is_empty() {
            continue;
        }
        if org.is_empty() {
            errors.push(
                format!("deltaker-{n}-organisasjon"),
                format!("Skriv hvilken organisasjon deltakerne i rad {n} kom fra."),
            );
        }
        limits::check(
            &mut errors,
            &format!("deltaker-{n}-organisasjon"),
            "Organisasjonen",
            org,
            limits::NAME,
        );
        let parsed = if count.is_empty() {
            None
        } else {
            match count.parse::<i64>() {
                Ok(c) if (1..=100_000).contains(&c) => Some(c),
                _ => {
                    errors.push(
                        format!("deltaker-{n}-antall"),
                        format!("«{count}» er ikke et antall (rad {n}). Skriv et helt tall fra 1 og oppover, eller la feltet stå tomt når antallet ikke er kjent."),
                    );
                    None
                }
            }
        };
        if !org.is_empty() && out.iter().any(|p: &ArenaParticipant| p.organisation == org) {
            errors.push(
                format!("deltaker-{n}-organisasjon"),
                format!("«{org}» står allerede i listen. Skriv hver organisasjon én gang."),
            );
        }
        out.push(ArenaParticipant {
            organisation: org.to_string(),
            count: parsed,
        });
    }
    if out.len() > ROWS_MAX {
        errors.push(
            "deltakere",
            format!("Listen kan ha høyst {ROWS_MAX} organisasjoner."),
        );
    }
    errors.into_result(out)
}

/// Which arenas a calendar shows: by office, programme and network, and upcoming or past.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArenaFilter {
    pub office: Option<String>,
    pub programme: Option<String>,
    pub network: Option<i64>,
}

/// Upcoming or past, relative to a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Upcoming,
    Past,
    All,
}

impl When {
    pub fn from_code(s: &str) -> When {
        match s.trim() {
            "tidligere" => When::Past,
            "alle" => When::All,
            _ => When::Upcoming,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            When::Upcoming => "kommende",
            When::Past => "tidligere",
            When::All => "alle",
        }
    }

    pub fn admits(self, d: &ArenaDate, today: Date) -> bool {
        match self {
            When::Upcoming => !d.is_past(today),
            When::Past => d.is_past(today),
            When::All => true,
        }
    }
}

/// What the iCalendar feed needs of one arena.
#[derive(Debug, Clone)]
pub struct FeedEvent<'a> {
    pub id: i64,
    pub title: &'a str,
    pub kind: ArenaKind,
    pub date: ArenaDate,
    pub place: &'a str,
    pub organiser: &'a str,
    pub description: &'a str,
    /// The arena page's absolute address, if known.
    pub url: Option<String>,
}

/// The iCalendar (RFC 5545) text of a feed: one all-day `VEVENT` per arena whose day is known
/// (DTEND is the day after the last, as the standard's all-day events have it); arenas known
/// only by month or year are left out. `stamp` is the feed's time (UTC, `YYYYMMDDTHHMMSSZ`),
/// `host` makes the UIDs unique.
pub fn ical_feed(name: &str, events: &[FeedEvent<'_>], stamp: &str, host: &str) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Husbanken//Husk læringsarenaer//NO".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", ical_text(name)),
    ];
    for e in events {
        if e.date.precision != DatePrecision::Day {
            continue;
        }
        let end = e
            .date
            .end
            .unwrap_or(e.date.start)
            .next_day()
            .unwrap_or(e.date.start);
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:arena-{}@{}", e.id, ical_text(host)));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", ical_date(e.date.start)));
        lines.push(format!("DTEND;VALUE=DATE:{}", ical_date(end)));
        lines.push(format!(
            "SUMMARY:{}",
            ical_text(&format!("{} ({})", e.title, e.kind.label()))
        ));
        if !e.place.is_empty() {
            lines.push(format!("LOCATION:{}", ical_text(e.place)));
        }
        let mut desc = String::new();
        if !e.organiser.is_empty() {
            desc.push_str(&format!("Arrangør: {}\n", e.organiser));
        }
        desc.push_str(e.description);
        if !desc.trim().is_empty() {
            lines.push(format!("DESCRIPTION:{}", ical_text(desc.trim())));
        }
        if let Some(url) = &e.url {
            lines.push(format!("URL:{url}"));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in lines {
        fold(&l, &mut out);
    }
    out
}

fn ical_date(d: Date) -> String {
    iso_date(d).replace('-', "")
}

/// Escapes a TEXT value (RFC 5545 3.3.11).
fn ical_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a character, ending each with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// Unfolds iCalendar text into its content lines (for reading a feed back).
pub fn ical_unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split("\r\n") {
        if let Some(rest) = raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')) {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !raw.is_empty() {
            lines.push(raw.to_string());
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_date_range_takes_an_arena_whose_month_or_year_overlaps_it() {
        let m = parse_arena_date("09.2011", "").unwrap();
        assert!(m.within(Some(date!(2011 - 09 - 30)), None));
        assert!(!m.within(Some(date!(2011 - 10 - 01)), None));
        assert!(m.within(None, Some(date!(2011 - 09 - 01))));
        assert!(!m.within(None, Some(date!(2011 - 08 - 31))));
        let span = parse_arena_date("13.09.2011", "14.09.2011").unwrap();
        assert!(span.within(Some(date!(2011 - 09 - 14)), Some(date!(2011 - 09 - 20))));
        assert!(!span.within(Some(date!(2011 - 09 - 15)), None));
        assert!(span.within(None, None));
    }

    #[test]
    fn dates_keep_the_precision_they_were_given_and_say_what_is_wrong() {
        let d = parse_arena_date("13.09.2011", "").unwrap();
        assert_eq!(d.label(), "13.09.2011");
        let span = parse_arena_date("2011-09-13", "14.09.2011").unwrap();
        assert_eq!(span.label(), "13.09.2011–14.09.2011");
        let m = parse_arena_date("09.2011", "").unwrap();
        assert_eq!(
            (m.precision, m.label()),
            (DatePrecision::Month, "september 2011".into())
        );
        assert_eq!(m.last_day(), date!(2011 - 09 - 30));
        let y = parse_arena_date("2011", "").unwrap();
        assert_eq!(
            (y.precision, y.label()),
            (DatePrecision::Year, "2011".into())
        );
        assert!(!y.is_past(date!(2011 - 12 - 31)));
        assert!(y.is_past(date!(2012 - 01 - 01)));
        let e = parse_arena_date("31.02.2011", "").unwrap_err();
        assert_eq!(e[0].0, "fra");
        assert!(
            e[0].1.contains("«31.02.2011» er ikke en dato"),
            "{}",
            e[0].1
        );
        let e = parse_arena_date("14.09.2011", "13.09.2011").unwrap_err();
        assert_eq!(e[0].0, "til");
        assert!(e[0].1.contains("før startdatoen"));
        let e = parse_arena_date("2011", "13.09.2011").unwrap_err();
        assert!(e[0].1.contains("hel dato"));
    }

    #[test]
    fn an_arena_is_checked_field_by_field() {
        let tax = Taxonomy::builtin();
        let bad = ArenaInput {
            tittel: " ".into(),
            kind: "middag".into(),
            fra: "i fjor".into(),
            kontor: "mars".into(),
            temaer: vec!["ukjent".into()],
            ..Default::default()
        };
        let e = bad.validate(&tax).unwrap_err();
        for f in ["tittel", "type", "fra", "kontor", "temaer"] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
        let ok = ArenaInput {
            tittel: "Fagdag om bosetting".into(),
            kind: "fagdag".into(),
            fra: "2015".into(),
            kontor: "bodo".into(),
            temaer: vec!["tildeling-bosetting".into()],
            ..Default::default()
        }
        .validate(&tax)
        .unwrap();
        assert_eq!(ok.kind, ArenaKind::ProfessionalDay);
        assert_eq!(ok.date.precision, DatePrecision::Year);
    }

    #[test]
    fn agenda_and_participants_skip_empty_rows_and_name_the_bad_one() {
        let a = validate_agenda(&[
            AgendaItemInput {
                tid: "9.30".into(),
                tittel: "Velkommen".into(),
                hvem: "Husbanken".into(),
            },
            AgendaItemInput::default(),
            AgendaItemInput {
                tid: "25:00".into(),
                tittel: "".into(),
                hvem: "".into(),
            },
        ])
        .unwrap_err();
        assert!(a.get("program-3-tid").is_some() && a.get("program-3-tittel").is_some());
        assert_eq!(parse_time("9.30").as_deref(), Some("09:30"));
        let p = validate_participants(&[
            ParticipantInput {
                organisasjon: "Hamar kommune".into(),
                antall: "".into(),
            },
            ParticipantInput {
                organisasjon: "Moss kommune".into(),
                antall: "tre".into(),
            },
        ])
        .unwrap_err();
        assert!(p.get("deltaker-2-antall").unwrap().contains("«tre»"));
    }

    #[test]
    fn the_feed_has_all_day_events_for_known_days_only_and_reads_back() {
        let long = "Programsamling med en svært lang tittel, som må brytes; og ha komma";
        let events = [
            FeedEvent {
                id: 1,
                title: long,
                kind: ArenaKind::ProgrammeGathering,
                date: parse_arena_date("13.09.2011", "14.09.2011").unwrap(),
                place: "Hamar",
                organiser: "Husbanken region øst",
                description: "",
                url: None,
            },
            FeedEvent {
                id: 2,
                title: "Studietur",
                kind: ArenaKind::StudyTrip,
                date: ArenaDate::year(2011).unwrap(),
                place: "Danmark",
                organiser: "",
                description: "",
                url: None,
            },
        ];
        let text = ical_feed("Læringsarenaer", &events, "20261202T120000Z", "husk.test");
        assert!(text.lines().all(|l| l.trim_end_matches('\r').len() <= 75));
        let lines = ical_unfold(&text);
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20110913".to_string()));
        assert!(lines.contains(&"DTEND;VALUE=DATE:20110915".to_string()));
        assert!(lines.iter().any(|l| l.starts_with(
            "SUMMARY:Programsamling med en svært lang tittel\\, som må brytes\\; og ha komma"
        )));
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1);
    }

    #[test]
    fn advisers_run_their_office_staff_read_all_and_recipients_their_programmes() {
        use crate::access::{ArenaScope, Role, UserRef, Viewer};
        let user = |role| {
            Viewer::User(UserRef {
                id: 1,
                username: "u".into(),
                name: "U".into(),
                role,
            })
        };
        let a = ArenaScope {
            office: "ost",
            programme_organisations: &[7],
        };
        let ost = user(Role::Radgiver {
            region: "ost".into(),
        });
        let vest = user(Role::Radgiver {
            region: "vest".into(),
        });
        assert!(ost.may_manage_arena(a.office) && !vest.may_manage_arena(a.office));
        assert!(vest.may_read_arena(a) && user(Role::Leser).may_read_arena(a));
        assert!(!user(Role::Leser).may_manage_arena(a.office));
        assert!(user(Role::Mottaker { organisation_id: 7 }).may_read_arena(a));
        assert!(!user(Role::Mottaker { organisation_id: 8 }).may_read_arena(a));
        assert!(!Viewer::Public.may_read_arena(a) && !Viewer::Public.may_see_arena_calendar());
    }
}
