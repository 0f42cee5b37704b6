//! View models of the reporting templates' administration: the list with every version, and
//! one template as TOML with a preview of its sections.

use crate::format;
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::reporting::TemplateError;
use husk_store::reporting::{StoredTemplate, TemplateSummary};

#[derive(Debug, Clone)]
pub struct TemplateVersionRow {
    pub version: i64,
    pub name: String,
    pub created: String,
    pub created_by: String,
    pub used_by: i64,
    pub href: String,
}

impl TemplateVersionRow {
    pub fn new(v: &StoredTemplate) -> TemplateVersionRow {
        TemplateVersionRow {
            version: v.version,
            name: v.def.name.clone(),
            created: format::timestamp(&v.created_at),
            created_by: v
                .created_by
                .clone()
                .unwrap_or_else(|| "Husk (innebygd)".into()),
            used_by: v.used_by,
            href: format!("/admin/maler/versjoner/{}", v.id),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TemplateRow {
    pub code: String,
    pub in_use: bool,
    pub edit_href: String,
    pub versions: Vec<TemplateVersionRow>,
}

impl TemplateRow {
    pub fn new(t: &TemplateSummary) -> TemplateRow {
        TemplateRow {
            code: t.code.clone(),
            in_use: t.in_use,
            edit_href: format!("/admin/maler/{}", t.template_id),
            versions: t.versions.iter().map(TemplateVersionRow::new).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "reporting/admin_templates.html")]
pub struct AdminTemplatesPage {
    pub layout: Layout,
    pub message: Option<String>,
    pub templates: Vec<TemplateRow>,
}

/// A section of a template, for the preview.
#[derive(Debug, Clone)]
pub struct PreviewSection {
    pub title: String,
    pub fields: Vec<(String, &'static str, bool)>,
}

pub fn preview(def: &husk_domain::reporting::TemplateDef) -> Vec<PreviewSection> {
    def.sections
        .iter()
        .map(|s| PreviewSection {
            title: s.title.clone(),
            fields: s
                .fields
                .iter()
                .map(|f| (f.label.clone(), f.kind.label(), f.required))
                .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "reporting/admin_template.html")]
pub struct AdminTemplatePage {
    pub layout: Layout,
    pub heading: String,
    /// The edit form's action; none when showing an old version.
    pub action: Option<String>,
    pub text: String,
    pub errors: Vec<TemplateError>,
    pub newest_used: i64,
    pub preview: Vec<PreviewSection>,
    pub kinds: Vec<(&'static str, &'static str)>,
}
