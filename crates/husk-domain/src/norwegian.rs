//! Numbers and dates as Norwegians write and read them: "1 234,5", "15.03.2027".

/// Parses a number as Norwegians write it: "1 234,5", "1234.5", "-3".
pub fn parse_number(raw: &str) -> Result<f64, String> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| {
            format!(
                "«{}» er ikke et tall. Skriv et tall, for eksempel 12 eller 12,5.",
                raw.trim()
            )
        })
}

/// Parses a date written `dd.mm.åååå` or `åååå-mm-dd`.
pub fn parse_date(raw: &str) -> Result<time::Date, String> {
    let t = raw.trim();
    let bad =
        || format!("«{t}» er ikke en dato. Skriv datoen som dd.mm.åååå, for eksempel 15.03.2027.");
    let (y, m, d) = if let Some((d, rest)) = t.split_once('.') {
        let (m, y) = rest.split_once('.').ok_or_else(bad)?;
        (y, m, d)
    } else {
        let mut parts = t.splitn(3, '-');
        let y = parts.next().ok_or_else(bad)?;
        let m = parts.next().ok_or_else(bad)?;
        let d = parts.next().ok_or_else(bad)?;
        (y, m, d)
    };
    if y.len() != 4 {
        return Err(bad());
    }
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    let d: u8 = d.parse().map_err(|_| bad())?;
    let month = time::Month::try_from(m).map_err(|_| bad())?;
    time::Date::from_calendar_date(y, month, d).map_err(|_| bad())
}

/// What went wrong reading or writing a file, in Norwegian (the operating system's own
/// message is English): "No such file or directory" → "filen eller mappen finnes ikke".
pub fn io_problem(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "filen eller mappen finnes ikke".into(),
        K::PermissionDenied => "Husk har ikke lov til å lese eller skrive her".into(),
        K::AlreadyExists => "det finnes allerede en fil med det navnet".into(),
        K::IsADirectory => "det er en mappe, ikke en fil".into(),
        K::NotADirectory => "en del av stien er en fil, ikke en mappe".into(),
        K::StorageFull => "disken er full".into(),
        K::ReadOnlyFilesystem => "disken kan bare leses, ikke skrives til".into(),
        K::InvalidData => "innholdet kan ikke leses".into(),
        K::UnexpectedEof => "filen slutter før den skulle".into(),
        K::Interrupted | K::TimedOut => "lesingen ble avbrutt, så prøv igjen".into(),
        K::OutOfMemory => "maskinen har ikke nok minne".into(),
        K::AddrInUse => "adressen er allerede i bruk av et annet program".into(),
        K::AddrNotAvailable => "adressen finnes ikke på denne maskinen".into(),
        K::ConnectionRefused => "ingen svarer på adressen".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("operativsystemet meldte feil nr. {code}"),
            None => "en ukjent feil ved lesing eller skriving".into(),
        },
    }
}

/// Whether a file was being read or written, for [`file_problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAccess {
    Read,
    Write,
}

/// A file error as a Norwegian sentence that names the file: «Fant ikke filen /x/y.csv.»,
/// «Husk har ikke lov til å skrive til /x/y.xlsx.» (never the operating system's English).
pub fn file_problem(path: &str, access: FileAccess, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let writing = access == FileAccess::Write;
    match e.kind() {
        K::NotFound if writing => {
            format!("Fant ikke mappen som {path} skal skrives til. Opprett mappen, eller velg en annen.")
        }
        K::NotFound => format!("Fant ikke filen {path}. Sjekk navnet og mappen."),
        K::PermissionDenied if writing => {
            format!("Husk har ikke lov til å skrive til {path}. Velg en annen mappe.")
        }
        K::PermissionDenied => format!("Husk har ikke lov til å lese {path}."),
        K::IsADirectory => format!("{path} er en mappe, ikke en fil. Oppgi en fil."),
        K::NotADirectory => format!("En del av stien {path} er en fil, ikke en mappe."),
        K::StorageFull => format!("Disken er full, så {path} ble ikke skrevet."),
        K::ReadOnlyFilesystem => format!("Disken kan bare leses, så {path} ble ikke skrevet."),
        _ if writing => format!("Husk fikk ikke skrevet {path}: {}.", io_problem(e)),
        _ => format!("Husk fikk ikke lest {path}: {}.", io_problem(e)),
    }
}

/// The noun for a count: `one` for exactly one (or minus one), `many` otherwise ("0 rapporter").
pub fn plural<'a>(n: i64, one: &'a str, many: &'a str) -> &'a str {
    if n.abs() == 1 {
        one
    } else {
        many
    }
}

/// A count with its noun, the digits grouped: "1 rapport", "2 rapporter", "12 345 avsnitt".
/// Every place that prints a count before a noun uses this.
pub fn count(n: i64, one: &str, many: &str) -> String {
    format!("{} {}", group_thousands(n), plural(n, one, many))
}

/// Items as a Norwegian list: "a, b og c" with `conjunction` "og", "a, b eller c" with "eller".
pub fn list<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} {conjunction} {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// Formats a date the Norwegian way (`15.03.2027`).
pub fn format_date(d: time::Date) -> String {
    format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year())
}

/// A date as ISO 8601 (`2027-03-15`), for files, the database and the API.
pub fn iso_date(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Groups the digits of a whole number in threes with spaces ("1 234 567"), as Norwegians write.
pub fn group_thousands(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Plural nouns that must not follow the count 1 («1 prosjekter»), see [`message_fault`].
const PLURALS: &[&str] = &[
    "prosjekter",
    "rapporter",
    "eksempelrapporter",
    "filer",
    "linjer",
    "sider",
    "celler",
    "rader",
    "dokumenter",
    "oppføringer",
    "kolonner",
    "påminnelser",
    "brukere",
    "nye",
];

/// English words from libraries and the operating system that must not reach a user's message.
const ENGLISH: &[&str] = &[
    "expected",
    "invalid",
    "no such file",
    "unclosed",
    "error",
    "unknown",
    "missing",
    "usage",
    "permission denied",
    "failed",
    "found",
    "duplicate",
];

/// What keeps `message` from reading as a Norwegian sentence of Husk's, if anything: the
/// parser's «…; forventet …», English from a library, or a plural after the count 1. The tests
/// of every entry point (CLI, pages, API) hold their messages to this.
pub fn message_fault(message: &str) -> Option<String> {
    if message.contains("; forventet") {
        return Some("parser style «; forventet»".into());
    }
    let lower = message.to_lowercase();
    if let Some(english) = ENGLISH.iter().find(|e| lower.contains(**e)) {
        return Some(format!("English «{english}»"));
    }
    let words: Vec<&str> = message.split_whitespace().collect();
    words.windows(2).enumerate().find_map(|(i, pair)| {
        let after_digits = i > 0 && words[i - 1].chars().all(|c| c.is_ascii_digit());
        let noun = pair[1].trim_matches(|c: char| !c.is_alphabetic());
        (pair[0].trim_start_matches('(') == "1" && !after_digits && PLURALS.contains(&noun))
            .then(|| format!("plural after one: «1 {noun}»"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_errors_are_norwegian() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_problem(&e), "filen eller mappen finnes ikke");
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(io_problem(&e), "filen eller mappen finnes ikke");
        assert_eq!(
            file_problem("/x/y.csv", FileAccess::Read, &e),
            "Fant ikke filen /x/y.csv. Sjekk navnet og mappen."
        );
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(
            file_problem("/x/y.xlsx", FileAccess::Write, &e),
            "Husk har ikke lov til å skrive til /x/y.xlsx. Velg en annen mappe."
        );
    }

    #[test]
    fn counts_take_the_right_noun() {
        assert_eq!(count(1, "rapport", "rapporter"), "1 rapport");
        assert_eq!(count(2, "rapport", "rapporter"), "2 rapporter");
        assert_eq!(count(0, "fil", "filer"), "0 filer");
        assert_eq!(count(1, "fil", "filer"), "1 fil");
        assert_eq!(count(12_345, "avsnitt", "avsnitt"), "12 345 avsnitt");
        assert_eq!(plural(1, "ny", "nye"), "ny");
        assert_eq!(list(&["a", "b", "c"], "eller"), "a, b eller c");
        assert_eq!(list(&["a"], "og"), "a");
    }

    #[test]
    fn numbers_and_dates_the_norwegian_way() {
        assert_eq!(parse_number("1 234,5"), Ok(1234.5));
        assert_eq!(parse_number("-3"), Ok(-3.0));
        assert!(parse_number("12 %").is_err());
        assert_eq!(format_date(parse_date("2027-03-15").unwrap()), "15.03.2027");
        assert_eq!(format_date(parse_date("5.3.2027").unwrap()), "05.03.2027");
        assert!(parse_date("15.03.27").is_err());
        assert_eq!(group_thousands(1234567), "1 234 567");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(parse_date("5.3.2027").unwrap()), "2027-03-05");
    }

    #[test]
    fn message_faults_are_named() {
        assert_eq!(super::message_fault("Linje 4: 2 rader er lagt til."), None);
        assert_eq!(super::message_fault("Det er 21 prosjekter."), None);
        assert!(super::message_fault("1 rapporter mangler.").is_some());
        assert!(super::message_fault("tittel mangler; forventet en tittel").is_some());
        assert!(super::message_fault("No such file or directory").is_some());
    }
}
