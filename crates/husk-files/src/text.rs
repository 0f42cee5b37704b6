//! Small helpers for the files' messages and cells: Norwegian lists and numbers, shortened
//! values, spreadsheet column letters, numbers as cell text.

/// "a, b og c".
pub(crate) fn norwegian_list<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} {conjunction} {}",
            init.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// 200000 → "200 000".
pub(crate) fn fmt_count(n: usize) -> String {
    let digits = n.to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|g| std::str::from_utf8(g).unwrap_or_default())
        .collect();
    groups.join(" ")
}

/// 52428801 → "50,0 MB" (1 MB = 1024 × 1024 byte).
pub(crate) fn fmt_megabytes(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10 + 512 * 1024) / (1024 * 1024);
    format!("{},{} MB", tenths / 10, tenths % 10)
}

/// At most `max` characters, with "…" when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// Excel's name for a column index from 0 ("A", "Z", "AA", "XFD").
pub(crate) fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Whole numbers without a decimal part ("2015", not "2015.0").
pub(crate) fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A cell value Excel can hold exactly as a number and that reads back as the same text.
pub(crate) fn whole_number(s: &str) -> Option<f64> {
    let n: i64 = s.parse().ok()?;
    (n.to_string() == s && n.unsigned_abs() < (1u64 << 53)).then_some(n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MAX_IMPORT_BYTES;

    #[test]
    fn column_names_follow_the_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(16_383), "XFD");
    }

    #[test]
    fn number_helpers() {
        assert_eq!(fmt_count(200_000), "200 000");
        assert_eq!(fmt_count(1_234_567), "1 234 567");
        assert_eq!(fmt_count(12), "12");
        assert_eq!(fmt_megabytes(MAX_IMPORT_BYTES), "50,0 MB");
        assert_eq!(float_text(2015.0), "2015");
        assert_eq!(float_text(-3.0), "-3");
        assert_eq!(float_text(2.25), "2.25");
        assert_eq!(whole_number("2015"), Some(2015.0));
        assert_eq!(whole_number("02015"), None);
        assert_eq!(whole_number("1 500"), None);
    }
}
