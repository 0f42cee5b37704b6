//! View models of the pages about the service itself, linked from every page's footer: the
//! accessibility statement, the privacy statement and how to get in touch.

use super::Layout;
use askama::Template;

/// When the accessibility and privacy statements were last gone through, shown on them.
pub const STATEMENTS_UPDATED: &str = "1. desember 2026";

/// `GET /tilgjengelighet`: the accessibility statement (*tilgjengelighetserklæring*).
#[derive(Template)]
#[template(path = "about_accessibility.html")]
pub struct AccessibilityPage {
    pub layout: Layout,
    pub updated: &'static str,
    /// How long a login lasts without activity, in hours.
    pub session_hours: u64,
}

/// `GET /personvern`: the privacy statement (*personvernerklæring*).
#[derive(Template)]
#[template(path = "about_privacy.html")]
pub struct PrivacyPage {
    pub layout: Layout,
    pub updated: &'static str,
    pub session_hours: u64,
}

/// `GET /kontakt`: whom to ask about what.
#[derive(Template)]
#[template(path = "about_contact.html")]
pub struct ContactPage {
    pub layout: Layout,
}
