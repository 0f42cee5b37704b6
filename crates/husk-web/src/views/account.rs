//! View models of login, the user's own page, and administration (users, templates, the
//! audit log).

use super::{options, Layout, Opt};
use crate::format;
use askama::Template;
use husk_domain::reporting::TemplateError;
use husk_domain::{FieldErrors, Role, Taxonomy};
use husk_store::reporting::{StoredTemplate, TemplateSummary};
use husk_store::users::{ApiToken, User, UserInput};

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub layout: Layout,
    pub username: String,
    pub next: String,
    pub error: Option<String>,
    pub message: Option<String>,
}

/// An API token in the user's list.
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

impl TokenRow {
    pub fn new(t: &ApiToken) -> TokenRow {
        TokenRow {
            id: t.id,
            name: t.name.clone(),
            created: format::timestamp(&t.created_at),
            last_used: t
                .last_used_at
                .as_deref()
                .map(format::timestamp)
                .unwrap_or_else(|| "aldri".into()),
            revoked: t.revoked,
        }
    }
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub layout: Layout,
    pub username: String,
    pub name: String,
    pub role: String,
    pub tied_to: String,
    pub message: Option<String>,
    /// A new API token's secret, shown once.
    pub new_token: Option<String>,
    pub tokens: Vec<TokenRow>,
    pub token_name: String,
    pub token_error: Option<String>,
    pub password_errors: FieldErrors,
}

/// What a role is tied to, in words.
pub fn tied_to(u: &User, tax: &Taxonomy) -> String {
    match &u.role {
        Role::Radgiver { region } => tax
            .region(region)
            .map(|r| r.name_nb.clone())
            .unwrap_or_else(|| region.clone()),
        Role::Mottaker { .. } => u.organisation.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

#[derive(Template)]
#[template(path = "admin_index.html")]
pub struct AdminIndexPage {
    pub layout: Layout,
    pub users: usize,
    pub templates: usize,
}

#[derive(Debug, Clone)]
pub struct UserRow {
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub tied_to: String,
    pub disabled: bool,
    pub log_href: String,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
pub struct AdminUsersPage {
    pub layout: Layout,
    pub message: Option<String>,
    /// A password set by an admin (new user or reset), shown once.
    pub new_password: Option<(String, String)>,
    pub rows: Vec<UserRow>,
    pub form: UserInput,
    pub roles: Vec<Opt>,
    pub regions: Vec<Opt>,
    pub organisations: Vec<Opt>,
    pub errors: FieldErrors,
}

impl AdminUsersPage {
    pub fn new(
        layout: Layout,
        users: &[User],
        tax: &Taxonomy,
        organisations: &[(i64, String)],
        form: UserInput,
        errors: FieldErrors,
    ) -> AdminUsersPage {
        let roles = options(
            Some("Velg rolle"),
            [
                ("admin", "Administrator"),
                ("radgiver", "Rådgiver (ved et kontor)"),
                ("mottaker", "Mottaker (for en organisasjon)"),
                ("leser", "Leser"),
            ],
            &form.role,
        );
        let regions = options(
            Some("Ingen (bare for rådgivere)"),
            tax.regions
                .iter()
                .map(|r| (r.code.as_str(), r.name_nb.as_str())),
            &form.region,
        );
        let organisations = options(
            Some("Ingen (bare for mottakere)"),
            organisations.iter().map(|(_, n)| (n.as_str(), n.as_str())),
            &form.organisation,
        );
        AdminUsersPage {
            layout,
            message: None,
            new_password: None,
            rows: users
                .iter()
                .map(|u| UserRow {
                    username: u.username.clone(),
                    name: u.name.clone(),
                    email: u.email.clone(),
                    role: u.role.label().to_string(),
                    tied_to: tied_to(u, tax),
                    disabled: u.disabled,
                    log_href: format!("/admin/endringslogg?bruker={}", u.username),
                })
                .collect(),
            form,
            roles,
            regions,
            organisations,
            errors,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

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
#[template(path = "admin_templates.html")]
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
#[template(path = "admin_template.html")]
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
