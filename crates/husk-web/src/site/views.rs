//! View models of the start page (staff: the register's key figures and the reporting
//! summary; recipients: their obligations and entries; the public: published reports) and of
//! the pages about the service itself, linked from every page's footer: the accessibility
//! statement, the privacy statement and how to get in touch.

use crate::format;
use crate::reporting::views::{ObligationView, PublishedRow, StaffReporting};
use crate::shared::layout::Layout;
use askama::Template;
use husk_store::portfolio::KeyFigures;

/// When the accessibility and privacy statements were last gone through, shown on them.
pub const STATEMENTS_UPDATED: &str = "1. desember 2026";

/// `GET /tilgjengelighet`: the accessibility statement (*tilgjengelighetserklæring*).
#[derive(Template)]
#[template(path = "site/about_accessibility.html")]
pub struct AccessibilityPage {
    pub layout: Layout,
    pub updated: &'static str,
    /// How long a login lasts without activity, in hours.
    pub session_hours: u64,
}

/// `GET /personvern`: the privacy statement (*personvernerklæring*).
#[derive(Template)]
#[template(path = "site/about_privacy.html")]
pub struct PrivacyPage {
    pub layout: Layout,
    pub updated: &'static str,
    pub session_hours: u64,
}

/// `GET /kontakt`: whom to ask about what.
#[derive(Template)]
#[template(path = "site/about_contact.html")]
pub struct ContactPage {
    pub layout: Layout,
}

// ---------------------------------------------------------------------------------------------
// Start pages
// ---------------------------------------------------------------------------------------------

pub struct YearRow {
    pub year: i32,
    pub granted: String,
    pub expected: String,
}

pub struct RegionBar {
    pub name: String,
    pub href: String,
    pub projects: String,
    pub projects_width: String,
    pub granted: String,
    pub granted_width: String,
}

#[derive(Template)]
#[template(path = "site/home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub projects: String,
    pub programmes: String,
    pub measures: String,
    pub recipients: String,
    pub granted_total: String,
    pub years: Vec<YearRow>,
    pub years_granted_total: String,
    pub years_expected_total: String,
    pub regions: Vec<RegionBar>,
    /// The reporting summary for staff.
    pub reporting: Option<StaffReporting>,
}

/// A bar's width as a CSS length: the share of `max`, with a sliver for any non-zero value.
fn bar_width(value: i64, max: i64) -> String {
    if value <= 0 || max <= 0 {
        return "0%".into();
    }
    let pct = (value as f64 / max as f64 * 100.0).max(1.0);
    format!("{pct:.1}%")
}

impl HomePage {
    pub fn new(layout: Layout, k: &KeyFigures) -> HomePage {
        let max_projects = k.by_region.iter().map(|r| r.projects).max().unwrap_or(0);
        let max_granted = k.by_region.iter().map(|r| r.granted).max().unwrap_or(0);
        HomePage {
            reporting: None,
            layout,
            projects: format::int(k.projects),
            programmes: format::int(k.programmes),
            measures: format::int(k.measures),
            recipients: format::int(k.recipients),
            granted_total: format::nok(k.granted_total),
            years: k
                .nok_by_year
                .iter()
                .map(|y| YearRow {
                    year: y.year,
                    granted: format::nok(y.granted),
                    expected: format::nok(y.expected),
                })
                .collect(),
            years_granted_total: format::nok(k.nok_by_year.iter().map(|y| y.granted).sum()),
            years_expected_total: format::nok(k.nok_by_year.iter().map(|y| y.expected).sum()),
            regions: k
                .by_region
                .iter()
                .map(|r| RegionBar {
                    name: r.name.clone(),
                    href: format!(
                        "/prosjekter?{}",
                        serde_urlencoded::to_string([("region", &r.code)]).unwrap_or_default()
                    ),
                    projects: format::int(r.projects),
                    projects_width: bar_width(r.projects, max_projects),
                    granted: format::nok(r.granted),
                    granted_width: bar_width(r.granted, max_granted),
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "site/home_public.html")]
pub struct PublicHomePage {
    pub layout: Layout,
    pub published: Vec<PublishedRow>,
    pub documents: String,
}

#[derive(Template)]
#[template(path = "site/home_recipient.html")]
pub struct RecipientHomePage {
    pub layout: Layout,
    pub organisation: String,
    pub reminders: Vec<ObligationView>,
    pub obligations: Vec<ObligationView>,
    pub projects: Vec<(String, String)>,
}
