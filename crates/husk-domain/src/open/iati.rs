//! IATI 2.03 activities for the published programmes and projects.
//!
//! Each register entry whose grants are published with their entry is an activity; a published
//! programme is one too, with its participants' entries under it and their projects under those
//! (`hierarchy` 1, 2, 3, tied by `related-activity`). Husbanken is the reporting and funding
//! organisation, the recipient the implementing one (a private person unnamed). Budgets are the
//! grants per year, transactions the grants (a decision is a commitment, a payment a
//! disbursement), dated 1 January of their year since Husk holds the year only. Themes are
//! sectors in Husbanken's own vocabulary (99), the municipality a location by kommunenummer, and
//! results the indicator values of the entry's published reports, per report period.

use super::{OpenEntry, OpenGrant, OpenIndicator, OpenRecipient, Publication, FUNDER_NAME};
use crate::portfolio::GrantStatus;
use crate::taxonomy::Taxonomy;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::collections::BTreeMap;

/// A programme that is published with its entry, above the activities of its grants.
#[derive(Debug, Clone)]
pub struct OpenProgramme {
    pub id: String,
    pub title: String,
    pub entry: OpenEntry,
}

/// One activity as written.
#[derive(Debug, Clone)]
struct Activity<'a> {
    id: String,
    title: String,
    entry: OpenEntry,
    hierarchy: u8,
    parent: Option<String>,
    children: Vec<String>,
    grants: Vec<&'a OpenGrant>,
    results: &'a [OpenIndicator],
}

fn status_code(status: &str) -> &'static str {
    match status {
        "planlagt" => "1",
        "aktiv" => "2",
        "avbrutt" => "5",
        _ => "4",
    }
}

/// The activities of the published grants: one per entry published with its entry, under the
/// published programmes. `results` gives each entry's published indicator values.
fn activities<'a>(
    grants: &'a [OpenGrant],
    programmes: &[OpenProgramme],
    results: &'a BTreeMap<String, Vec<OpenIndicator>>,
) -> Vec<Activity<'a>> {
    static NONE: &[OpenIndicator] = &[];
    let mut by_entry: BTreeMap<&str, Vec<&OpenGrant>> = BTreeMap::new();
    for g in grants.iter().filter(|g| g.entry.is_some()) {
        by_entry.entry(g.entry_id.as_str()).or_default().push(g);
    }
    let programme_ids: Vec<&str> = programmes.iter().map(|p| p.id.as_str()).collect();
    let mut out: Vec<Activity> = Vec::new();
    for p in programmes {
        if by_entry.contains_key(p.id.as_str()) {
            continue;
        }
        out.push(Activity {
            id: p.id.clone(),
            title: p.title.clone(),
            entry: p.entry.clone(),
            hierarchy: 1,
            parent: None,
            children: Vec::new(),
            grants: Vec::new(),
            results: results.get(&p.id).map(Vec::as_slice).unwrap_or(NONE),
        });
    }
    for (entry_id, gs) in by_entry {
        let first = gs[0];
        let entry = first.entry.clone().expect("filtered above");
        let programme = first
            .programme
            .as_ref()
            .map(|p| p.0.as_str())
            .filter(|p| programme_ids.contains(p));
        let (hierarchy, parent) = match (programme, entry.parent.as_deref()) {
            (Some(p), _) if p == entry_id => (1, None),
            (Some(p), Some(parent)) if parent == p => (2, Some(p.to_string())),
            (Some(_), Some(parent)) => (3, Some(parent.to_string())),
            _ => (1, None),
        };
        out.push(Activity {
            id: entry_id.to_string(),
            title: first.entry_title.clone(),
            entry,
            hierarchy,
            parent,
            children: Vec::new(),
            grants: gs,
            results: results.get(entry_id).map(Vec::as_slice).unwrap_or(NONE),
        });
    }
    // A parent that is not itself published is not named.
    let ids: Vec<String> = out.iter().map(|a| a.id.clone()).collect();
    for a in out.iter_mut() {
        if a.parent.as_ref().is_some_and(|p| !ids.contains(p)) {
            a.parent = None;
            a.hierarchy = a.hierarchy.min(2);
        }
    }
    let links: Vec<(String, String)> = out
        .iter()
        .filter_map(|a| a.parent.clone().map(|p| (p, a.id.clone())))
        .collect();
    for (parent, child) in links {
        if let Some(p) = out.iter_mut().find(|a| a.id == parent) {
            p.children.push(child);
        }
    }
    out
}

struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            e.push_attribute((*k, *v));
        }
        self.w
            .write_event(Event::Start(e))
            .expect("writing to memory");
    }
    fn close(&mut self, name: &str) {
        self.w
            .write_event(Event::End(BytesEnd::new(name)))
            .expect("writing to memory");
    }
    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            e.push_attribute((*k, *v));
        }
        self.w
            .write_event(Event::Empty(e))
            .expect("writing to memory");
    }
    fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.w
            .write_event(Event::Text(BytesText::new(text)))
            .expect("writing to memory");
        self.close(name);
    }
    /// An element holding one Norwegian narrative.
    fn narrative(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text("narrative", &[("xml:lang", "nb")], text);
        self.close(name);
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Integer percentages that add up to 100 over `n` items.
fn shares(n: usize) -> Vec<u32> {
    if n == 0 {
        return Vec::new();
    }
    let base = 100 / n as u32;
    let extra = 100 % n as u32;
    (0..n as u32).map(|i| base + u32::from(i < extra)).collect()
}

/// The `iati-activities` document. `now` is the generation time (RFC 3339).
pub fn activities_xml(
    grants: &[OpenGrant],
    programmes: &[OpenProgramme],
    results: &BTreeMap<String, Vec<OpenIndicator>>,
    publication: &Publication,
    tax: &Taxonomy,
    now: &str,
) -> Vec<u8> {
    let org = publication.funder_id();
    let mut x = Xml {
        w: Writer::new_with_indent(Vec::new(), b' ', 2),
    };
    x.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .expect("writing to memory");
    x.open(
        "iati-activities",
        &[("version", "2.03"), ("generated-datetime", now)],
    );
    for a in activities(grants, programmes, results) {
        write_activity(&mut x, &a, &org, tax, now);
    }
    x.close("iati-activities");
    let mut out = x.w.into_inner();
    out.push(b'\n');
    out
}

fn write_activity(x: &mut Xml, a: &Activity<'_>, org: &str, tax: &Taxonomy, now: &str) {
    let hierarchy = a.hierarchy.to_string();
    x.open(
        "iati-activity",
        &[
            ("last-updated-datetime", now),
            ("xml:lang", "nb"),
            ("default-currency", "NOK"),
            ("hierarchy", &hierarchy),
        ],
    );
    x.text("iati-identifier", &[], &format!("{org}-{}", a.id));
    x.narrative(
        "reporting-org",
        &[("ref", org), ("type", "10")],
        FUNDER_NAME,
    );
    x.narrative("title", &[], &a.title);
    let description = if a.entry.description.trim().is_empty() {
        a.title.as_str()
    } else {
        a.entry.description.as_str()
    };
    x.narrative("description", &[("type", "1")], description);
    x.narrative(
        "participating-org",
        &[("ref", org), ("role", "1"), ("type", "10")],
        FUNDER_NAME,
    );
    if let Some(g) = a.grants.first() {
        match &g.recipient {
            OpenRecipient::Organisation { name, .. } => {
                let id = g.recipient.identifier(g.id);
                x.narrative("participating-org", &[("ref", &id), ("role", "4")], name)
            }
            OpenRecipient::Person | OpenRecipient::NotStated => {
                x.narrative("participating-org", &[("role", "4")], g.recipient.name())
            }
        }
    }
    x.empty("activity-status", &[("code", status_code(&a.entry.status))]);
    let start = format!("{}-01-01", a.entry.start_year);
    x.empty("activity-date", &[("type", "1"), ("iso-date", &start)]);
    if let Some(end) = a.entry.end_year {
        let end = format!("{end}-12-31");
        x.empty("activity-date", &[("type", "3"), ("iso-date", &end)]);
    }
    x.empty(
        "recipient-country",
        &[("code", "NO"), ("percentage", "100")],
    );
    if let Some(g) = a.grants.first() {
        if let (Some(k), OpenRecipient::Organisation { .. }) = (&g.kommunenummer, &g.recipient) {
            x.open("location", &[("ref", &format!("kommunenummer-{k}"))]);
            x.empty("location-reach", &[("code", "2")]);
            let name = g
                .municipality
                .clone()
                .unwrap_or_else(|| format!("Kommune {k}"));
            x.narrative("name", &[], &name);
            x.close("location");
        }
    }
    let themes: Vec<_> = a.entry.themes.iter().filter_map(|c| tax.theme(c)).collect();
    for (t, share) in themes.iter().zip(shares(themes.len())) {
        let share = share.to_string();
        x.narrative(
            "sector",
            &[
                ("vocabulary", "99"),
                ("code", &t.code),
                ("percentage", &share),
            ],
            &t.name_nb,
        );
    }
    let mut by_year: BTreeMap<i32, i64> = BTreeMap::new();
    for g in &a.grants {
        *by_year.entry(g.year).or_default() += g.amount_nok;
    }
    for (year, amount) in by_year {
        let start = format!("{year}-01-01");
        let end = format!("{year}-12-31");
        x.open("budget", &[("type", "1"), ("status", "2")]);
        x.empty("period-start", &[("iso-date", &start)]);
        x.empty("period-end", &[("iso-date", &end)]);
        x.text(
            "value",
            &[("currency", "NOK"), ("value-date", &start)],
            &amount.to_string(),
        );
        x.close("budget");
    }
    for g in &a.grants {
        let date = format!("{}-01-01", g.year);
        x.open("transaction", &[("ref", &g.identifier)]);
        let kind = if g.status == GrantStatus::Utbetalt {
            "3"
        } else {
            "2"
        };
        x.empty("transaction-type", &[("code", kind)]);
        x.empty("transaction-date", &[("iso-date", &date)]);
        x.text(
            "value",
            &[("currency", "NOK"), ("value-date", &date)],
            &g.amount_nok.to_string(),
        );
        x.narrative(
            "description",
            &[],
            &format!("{} ({}), {}", g.scheme.label(), g.status.label(), g.year),
        );
        x.narrative("provider-org", &[("ref", org)], FUNDER_NAME);
        match &g.recipient {
            OpenRecipient::Organisation { name, .. } => {
                let id = g.recipient.identifier(g.id);
                x.narrative("receiver-org", &[("ref", &id)], name)
            }
            OpenRecipient::Person | OpenRecipient::NotStated => {
                x.narrative("receiver-org", &[], g.recipient.name())
            }
        }
        x.close("transaction");
    }
    if let Some(p) = &a.parent {
        x.empty(
            "related-activity",
            &[("ref", &format!("{org}-{p}")), ("type", "1")],
        );
    }
    for c in &a.children {
        x.empty(
            "related-activity",
            &[("ref", &format!("{org}-{c}")), ("type", "2")],
        );
    }
    if !a.results.is_empty() {
        x.open("result", &[("type", "1")]);
        x.narrative("title", &[], "Resultater fra publiserte rapporter");
        for i in a.results {
            x.open("indicator", &[("measure", "1"), ("ascending", "1")]);
            let title = if i.unit.trim().is_empty() {
                i.name.clone()
            } else {
                format!("{} ({})", i.name, i.unit)
            };
            x.narrative("title", &[], &title);
            if let Some(b) = i.baseline {
                let year = i.period_start.get(..4).unwrap_or("").to_string();
                let value = number(b);
                x.empty("baseline", &[("year", &year), ("value", &value)]);
            }
            x.open("period", &[]);
            x.empty("period-start", &[("iso-date", &i.period_start)]);
            x.empty("period-end", &[("iso-date", &i.period_end)]);
            if let Some(t) = i.target {
                x.empty("target", &[("value", &number(t))]);
            }
            if let Some(v) = i.actual {
                x.empty("actual", &[("value", &number(v))]);
            }
            x.close("period");
            x.close("indicator");
        }
        x.close("result");
    }
    x.close("iati-activity");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_a_hundred() {
        assert_eq!(shares(3), vec![34, 33, 33]);
        assert_eq!(shares(1), vec![100]);
        assert_eq!(shares(7).iter().sum::<u32>(), 100);
    }

    #[test]
    fn numbers_are_written_without_needless_decimals() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(2.5), "2.5");
    }
}
