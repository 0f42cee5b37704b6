//! Common reporting: one template for every grant, the reports' answers and their checks, the
//! workflow from draft to published, and the obligations (what is owed, and by when).
//!
//! - [`template`]: [`TemplateDef`], sections of typed fields, edited as TOML;
//! - [`answers`]: [`Answers`] as typed, [`answers::validate`] (every problem at once),
//!   [`answers::diff`] between versions, and the report as Markdown for the knowledge base;
//! - [`dialogue`]: the dialogue meeting an adviser books and records on a report;
//! - [`workflow`]: [`ReportState`] and the allowed [`ReportAction`]s;
//! - [`review`]: what a return or an approval needs ([`review::check_review`]);
//! - [`schedule`]: [`schedule::obligations`] from a grant period, the one a report answers
//!   ([`schedule::obligation_for`]), and [`ObligationStatus`].

pub mod answers;
pub mod dialogue;
pub mod review;
pub mod schedule;
pub mod template;
pub mod workflow;

pub use answers::{Answer, Answers, Attachment};
pub use dialogue::{DialogueMeeting, DialogueMeetingInput};
pub use review::{ReviewComments, ReviewProblem};
pub use schedule::{Obligation, ObligationStatus, ReportKind};
pub use template::{FieldDef, FieldKind, FieldRole, Section, TemplateDef, TemplateError};
pub use workflow::{ReportAction, ReportState};
