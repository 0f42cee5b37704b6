//! The Atom feed (RFC 4287) of newly published reports and good examples, newest first.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// The most entries a feed holds (the newest).
pub const FEED_ENTRIES: usize = 50;

/// One entry of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// A stable `tag:` URI.
    pub id: String,
    pub title: String,
    /// The page's address (absolute, or relative to the feed).
    pub href: String,
    /// RFC 3339.
    pub updated: String,
    pub summary: String,
}

/// A database time stamp (`YYYY-MM-DD HH:MM:SS`, UTC) or a date as RFC 3339.
pub fn rfc3339(stamp: &str) -> String {
    let stamp = stamp.trim();
    match stamp.len() {
        10 => format!("{stamp}T00:00:00Z"),
        _ => format!("{}Z", stamp.replacen(' ', "T", 1).trim_end_matches('Z')),
    }
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, attrs: &[(&str, &str)], value: &str) {
    let mut e = BytesStart::new(name);
    for a in attrs {
        e.push_attribute(*a);
    }
    w.write_event(Event::Start(e)).expect("writing to memory");
    w.write_event(Event::Text(BytesText::new(value)))
        .expect("writing to memory");
    w.write_event(Event::End(BytesEnd::new(name)))
        .expect("writing to memory");
}

fn link(w: &mut Writer<Vec<u8>>, attrs: &[(&str, &str)]) {
    let mut e = BytesStart::new("link");
    for a in attrs {
        e.push_attribute(*a);
    }
    w.write_event(Event::Empty(e)).expect("writing to memory");
}

/// The feed of the [`FEED_ENTRIES`] newest entries, newest first; `self_href` is the feed's own address and
/// `now` stands for `updated` when there are no entries.
pub fn feed(mut entries: Vec<FeedEntry>, self_href: &str, now: &str) -> Vec<u8> {
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
    entries.truncate(FEED_ENTRIES);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .expect("writing to memory");
    let mut root = BytesStart::new("feed");
    root.push_attribute(("xmlns", "http://www.w3.org/2005/Atom"));
    root.push_attribute(("xml:lang", "nb"));
    w.write_event(Event::Start(root))
        .expect("writing to memory");
    text(
        &mut w,
        "id",
        &[],
        "tag:husk.husbanken.no,2026:apne-data/nytt",
    );
    text(
        &mut w,
        "title",
        &[],
        "Husk: nye publiserte rapporter og gode eksempler",
    );
    let updated = entries
        .first()
        .map(|e| e.updated.clone())
        .unwrap_or_else(|| now.to_string());
    text(&mut w, "updated", &[], &updated);
    w.write_event(Event::Start(BytesStart::new("author")))
        .expect("writing to memory");
    text(&mut w, "name", &[], super::FUNDER_NAME);
    w.write_event(Event::End(BytesEnd::new("author")))
        .expect("writing to memory");
    link(&mut w, &[("rel", "self"), ("href", self_href)]);
    for e in &entries {
        w.write_event(Event::Start(BytesStart::new("entry")))
            .expect("writing to memory");
        text(&mut w, "id", &[], &e.id);
        text(&mut w, "title", &[], &e.title);
        text(&mut w, "updated", &[], &e.updated);
        link(&mut w, &[("rel", "alternate"), ("href", &e.href)]);
        if !e.summary.is_empty() {
            text(&mut w, "summary", &[], &e.summary);
        }
        w.write_event(Event::End(BytesEnd::new("entry")))
            .expect("writing to memory");
    }
    w.write_event(Event::End(BytesEnd::new("feed")))
        .expect("writing to memory");
    let mut out = w.into_inner();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_newest_first_and_text_is_escaped() {
        let e = |id: &str, updated: &str| FeedEntry {
            id: id.into(),
            title: "Rapport <1> & «2»".into(),
            href: "/rapporter/1".into(),
            updated: updated.into(),
            summary: String::new(),
        };
        let xml = String::from_utf8(feed(
            vec![
                e("a", "2025-01-01T00:00:00Z"),
                e("b", "2026-02-01T00:00:00Z"),
            ],
            "/apne-data/nytt.atom",
            "2026-12-04T00:00:00Z",
        ))
        .unwrap();
        assert!(xml.find("<id>b</id>").unwrap() < xml.find("<id>a</id>").unwrap());
        assert!(xml.contains("Rapport &lt;1&gt; &amp; «2»"));
        assert!(xml.contains("<updated>2026-02-01T00:00:00Z</updated>"));
        assert_eq!(rfc3339("2026-12-04 07:08:03"), "2026-12-04T07:08:03Z");
        let many: Vec<FeedEntry> = (0..60)
            .map(|i| e(&format!("e{i}"), &format!("2026-01-01T00:00:{i:02}Z")))
            .collect();
        let xml = String::from_utf8(feed(many, "/f", "2026-12-04T00:00:00Z")).unwrap();
        assert_eq!(xml.matches("<entry>").count(), FEED_ENTRIES);
        assert!(xml.contains("<id>e59</id>") && !xml.contains("<id>e9</id>"));
        assert_eq!(rfc3339("2026-12-04"), "2026-12-04T00:00:00Z");
    }
}
