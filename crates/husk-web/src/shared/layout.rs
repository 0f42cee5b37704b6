//! The frame every page shares: the main navigation, the header's menu, the layout's fields,
//! the error page and the page that asks before a destructive action (`templates/base.html`,
//! `error.html`, `confirm.html`).

use askama::Template;

/// Which main navigation item is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Projects,
    Programmes,
    /// The learning area (`/laering` and its parts).
    Learning,
    /// Innovation and its spread (`/innovasjon`).
    Innovation,
    /// The public open data (`/apne-data`).
    Open,
    Matrix,
    Reports,
    Search,
    Documents,
    Import,
    Admin,
    Account,
    None,
}

/// The header's menu: what the viewer may reach, and who is logged in.
#[derive(Debug, Clone, Default)]
pub struct Menu {
    /// (name, role) of the logged-in user.
    pub user: Option<(String, String)>,
    /// The CSRF token for the log-out form.
    pub csrf: String,
    /// The register and the matrix (staff).
    pub portfolio: bool,
    /// "Mine prosjekter" for a recipient.
    pub own_projects: bool,
    /// The reporting overview (staff and recipients).
    pub reports: bool,
    pub import: bool,
    /// Adding documents to the knowledge base.
    pub upload: bool,
    pub admin: bool,
    /// The data-quality overview (staff).
    pub data_quality: bool,
    /// The municipal programmes: staff read them all, a recipient its own participations.
    pub programmes: bool,
    /// The learning area (`/laering`): everyone logged in.
    pub learning: bool,
    /// Innovation and its spread (`/innovasjon`): everyone logged in.
    pub innovation: bool,
}

impl Menu {
    pub fn for_viewer(auth: &crate::auth::Auth) -> Menu {
        let v = &auth.viewer;
        Menu {
            user: v
                .user()
                .map(|u| (u.name.clone(), u.role.label().to_string())),
            csrf: auth.csrf.clone(),
            portfolio: v.may_see_portfolio(),
            own_projects: v.organisation_id().is_some(),
            reports: v.may_see_obligations(),
            import: v.may_import(),
            upload: v.may_upload_documents(),
            admin: v.may_administer(),
            data_quality: v.may_see_data_quality(),
            programmes: v.may_read_all_programmes() || v.organisation_id().is_some(),
            learning: v.is_logged_in(),
            innovation: v.may_read_innovations(),
        }
    }
}

/// What every page's frame needs.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The page's own title; the layout adds " – Husk".
    pub title: String,
    pub nav: Nav,
    /// Show the notice that the demo entries' classification is an example.
    pub demo_notice: bool,
    /// Use the wide page width (for the matrix).
    pub wide: bool,
    pub menu: Menu,
}

impl Layout {
    pub fn plain(title: impl Into<String>, nav: Nav) -> Layout {
        Layout {
            title: title.into(),
            nav,
            demo_notice: false,
            wide: false,
            menu: Menu::default(),
        }
    }

    /// `aria-current="page"` for the current navigation item.
    pub fn current(&self, item: &str) -> &'static str {
        let here = match self.nav {
            Nav::Home => "home",
            Nav::Projects => "projects",
            Nav::Programmes => "programmes",
            Nav::Learning => "learning",
            Nav::Innovation => "innovation",
            Nav::Open => "open",
            Nav::Matrix => "matrix",
            Nav::Reports => "reports",
            Nav::Search => "search",
            Nav::Documents => "documents",
            Nav::Import => "import",
            Nav::Admin => "admin",
            Nav::Account => "account",
            Nav::None => "",
        };
        if here == item {
            "page"
        } else {
            "false"
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub heading: &'static str,
    pub text: &'static str,
}

/// A page that asks before a destructive action: its form sends `bekreft=ja`, and the action
/// refuses to act without it. With no action, the page only explains why it cannot be done.
#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub layout: Layout,
    /// A breadcrumb back: (label, address).
    pub back: Option<(String, String)>,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub action: Option<String>,
    pub button: String,
    pub cancel_href: String,
}
