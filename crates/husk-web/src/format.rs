//! Norwegian number formatting for pages: "12 345 678 kr", "23 %".

/// An integer with spaces between groups of three digits: `12345678` → "12 345 678".
pub fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('−');
    }
    let first_group = digits.len() % 3;
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && i % 3 == first_group {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// An amount in whole kroner: `12345678` → "12 345 678 kr".
pub fn nok(n: i64) -> String {
    format!("{} kr", int(n))
}

/// A share from 0.0 to 1.0 as a whole percent: `0.234` → "23 %".
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return "0 %".into();
    }
    let p = (share * 100.0).round() as i64;
    if p == 0 && share > 0.0 {
        "under 1 %".into()
    } else {
        format!("{p} %")
    }
}

/// A file size in Norwegian units: `532` → "532 byte", `48_213` → "47 kB", `1_572_864` →
/// "1,5 MB".
pub fn bytes(n: i64) -> String {
    const KB: f64 = 1024.0;
    let v = n.max(0) as f64;
    if v < KB {
        format!("{} byte", n.max(0))
    } else if v < KB * KB {
        format!("{} kB", (v / KB).round() as i64)
    } else if v < KB * KB * KB {
        format!("{:.1} MB", v / (KB * KB)).replace('.', ",")
    } else {
        format!("{:.1} GB", v / (KB * KB * KB)).replace('.', ",")
    }
}

/// A share threshold as the user would write it in the form: `0.1` → "0.1".
pub fn threshold(t: f64) -> String {
    let s = format!("{t:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A date the Norwegian way: "15.03.2027".
pub fn date(d: time::Date) -> String {
    husk_domain::norwegian::format_date(d)
}

/// A period of years: "2011–2013", "2015" or "2015–" (still running).
pub fn period(start: i32, end: Option<i32>) -> String {
    match end {
        Some(e) if e == start => start.to_string(),
        Some(e) => format!("{start}–{e}"),
        None => format!("{start}–"),
    }
}

/// A database timestamp ("2026-03-01 14:05:09", UTC) in Norwegian local time (Europe/Oslo, with
/// summer time): "01.03.2026 kl. 15:05"; anything else is shown as it is.
pub fn timestamp(ts: &str) -> String {
    match oslo(ts) {
        Some(local) => format!(
            "{:02}.{:02}.{:04} kl. {:02}:{:02}",
            local.day(),
            local.month(),
            local.year(),
            local.hour(),
            local.minute()
        ),
        None => ts.to_string(),
    }
}

/// A UTC timestamp as SQLite writes it ("2026-03-01 14:05:09", also with a `T` or fractional
/// seconds) in Europe/Oslo.
fn oslo(ts: &str) -> Option<jiff::ZonedDateTime> {
    let ts = ts.trim();
    let head = ts.get(..19).unwrap_or(ts).replacen(' ', "T", 1);
    let civil: jiff::civil::DateTime = head.parse().ok()?;
    let utc = civil.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok()?;
    utc.in_tz("Europe/Oslo").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_with_spaces() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1000), "1 000");
        assert_eq!(int(12_345_678), "12 345 678");
        assert_eq!(int(-1500), "−1 500");
        assert_eq!(nok(750_000), "750 000 kr");
    }

    #[test]
    fn percents_are_whole() {
        assert_eq!(percent(0.234), "23 %");
        assert_eq!(percent(0.0), "0 %");
        assert_eq!(percent(0.004), "under 1 %");
        assert_eq!(percent(1.0), "100 %");
    }

    #[test]
    fn thresholds_and_periods() {
        assert_eq!(threshold(0.1), "0.1");
        assert_eq!(threshold(0.125), "0.125");
        assert_eq!(threshold(0.0), "0");
        assert_eq!(threshold(1.0), "1");
        assert_eq!(period(2011, Some(2013)), "2011–2013");
        assert_eq!(period(2015, Some(2015)), "2015");
        assert_eq!(period(2015, None), "2015–");
        assert_eq!(timestamp("i går"), "i går");
    }

    #[test]
    fn times_are_shown_in_norwegian_local_time() {
        // Winter: UTC+1.
        assert_eq!(timestamp("2026-03-01 14:05:09"), "01.03.2026 kl. 15:05");
        // Summer: UTC+2, also across midnight.
        assert_eq!(timestamp("2026-07-14 22:30:00"), "15.07.2026 kl. 00:30");
        // The night summer time starts (29 March 2026, 01:00 UTC) and ends (25 October, 01:00 UTC).
        assert_eq!(timestamp("2026-03-29 00:59:00"), "29.03.2026 kl. 01:59");
        assert_eq!(timestamp("2026-03-29 01:00:00"), "29.03.2026 kl. 03:00");
        assert_eq!(timestamp("2026-10-25 00:59:00"), "25.10.2026 kl. 02:59");
        assert_eq!(timestamp("2026-10-25 01:00:00"), "25.10.2026 kl. 02:00");
        assert_eq!(
            timestamp("2026-01-05T08:00:00.123Z"),
            "05.01.2026 kl. 09:00"
        );
    }

    #[test]
    fn file_sizes() {
        assert_eq!(bytes(532), "532 byte");
        assert_eq!(bytes(48_213), "47 kB");
        assert_eq!(bytes(1_572_864), "1,5 MB");
        assert_eq!(bytes(110 * 1024 * 1024), "110,0 MB");
    }
}

/// A search excerpt as HTML: the text escaped, the words that matched in `<mark>`.
pub fn marked_html(snippet: &husk_search::Snippet) -> String {
    let mut html = String::with_capacity(snippet.text.len() + 16 * snippet.highlights.len());
    for (piece, matched) in snippet.pieces() {
        if matched {
            html.push_str("<mark>");
        }
        for c in piece.chars() {
            match c {
                '&' => html.push_str("&amp;"),
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '"' => html.push_str("&quot;"),
                '\'' => html.push_str("&#39;"),
                c => html.push(c),
            }
        }
        if matched {
            html.push_str("</mark>");
        }
    }
    html
}

#[cfg(test)]
mod marked_tests {
    #[test]
    fn a_snippet_is_escaped_and_its_matches_marked() {
        let s = husk_search::Snippet {
            text: "<b>bolig</b> & «bo»".into(),
            highlights: std::iter::once(3..8).collect(),
        };
        assert_eq!(
            super::marked_html(&s),
            "&lt;b&gt;<mark>bolig</mark>&lt;/b&gt; &amp; «bo»"
        );
    }
}
