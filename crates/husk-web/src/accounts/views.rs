//! View models of login, the user's own page, and administration (the index, users, and the
//! audit log in [`audit`]).

use crate::format;
use crate::shared::form::{options, Opt};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::{FieldErrors, Role, Taxonomy};
use husk_store::accounts::{ApiToken, User, UserInput};

mod audit;
pub use audit::*;

#[derive(Template)]
#[template(path = "accounts/login.html")]
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
#[template(path = "accounts/account.html")]
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
#[template(path = "accounts/admin_index.html")]
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
#[template(path = "accounts/admin_users.html")]
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
