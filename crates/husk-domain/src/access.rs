//! Who may do what: users' roles and the access rules every page, API call and CLI command
//! follows. The rules are here, in one place, so that handlers only ask ("may this viewer edit
//! this project?") and never decide.
//!
//! | role | reads | changes |
//! |---|---|---|
//! | admin | everything | everything, including users, templates and the audit log |
//! | rådgiver (office X) | everything internal | projects, grants, documents and reports of office X; reviews X's reports |
//! | mottaker (organisation O) | what is published, and O's own projects, reports and documents | the recipient's part of O's projects and reports |
//! | leser | everything internal | nothing |
//! | public (not logged in) | what is published: public documents and published reports | nothing |

use serde::{Deserialize, Serialize};

/// A user's role, with what it is tied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "lowercase")]
pub enum Role {
    Admin,
    /// An adviser at one of Husbanken's offices (a region code).
    Radgiver {
        region: String,
    },
    /// A grant recipient, tied to one organisation.
    Mottaker {
        organisation_id: i64,
    },
    Leser,
}

impl Role {
    /// The stable code stored in the database and used on the command line.
    pub fn code(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Radgiver { .. } => "radgiver",
            Role::Mottaker { .. } => "mottaker",
            Role::Leser => "leser",
        }
    }

    /// The Norwegian name shown to users.
    pub fn label(&self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Radgiver { .. } => "Rådgiver",
            Role::Mottaker { .. } => "Mottaker",
            Role::Leser => "Leser",
        }
    }

    /// What a user should write instead of an unknown role code.
    pub fn expected() -> &'static str {
        "admin, radgiver, mottaker eller leser"
    }

    /// Builds a role from its code and what it is tied to, or says what is missing.
    pub fn from_parts(
        code: &str,
        region: Option<&str>,
        organisation_id: Option<i64>,
    ) -> Result<Role, String> {
        match code.trim() {
            "admin" => Ok(Role::Admin),
            "leser" => Ok(Role::Leser),
            "radgiver" | "rådgiver" => match region.map(str::trim).filter(|r| !r.is_empty()) {
                Some(r) => Ok(Role::Radgiver {
                    region: r.to_string(),
                }),
                None => Err("en rådgiver må høre til et kontor; forventet et kontor (region)".into()),
            },
            "mottaker" => match organisation_id {
                Some(id) => Ok(Role::Mottaker {
                    organisation_id: id,
                }),
                None => Err(
                    "en mottaker må høre til en organisasjon; forventet navnet på en mottaker i registeret"
                        .into(),
                ),
            },
            other => Err(format!(
                "«{other}» er ikke en rolle; forventet {}",
                Role::expected()
            )),
        }
    }

    pub fn region(&self) -> Option<&str> {
        match self {
            Role::Radgiver { region } => Some(region),
            _ => None,
        }
    }

    pub fn organisation_id(&self) -> Option<i64> {
        match self {
            Role::Mottaker { organisation_id } => Some(*organisation_id),
            _ => None,
        }
    }
}

/// A logged-in user, as the access rules see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: Role,
}

/// Who is asking: nobody (the public) or a user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Viewer {
    #[default]
    Public,
    User(UserRef),
}

/// What the rules need to know of a register entry.
#[derive(Debug, Clone, Copy)]
pub struct ProjectScope<'a> {
    pub region: &'a str,
    /// The recipient organisation, if known.
    pub organisation_id: Option<i64>,
}

/// What the rules need to know of a document.
#[derive(Debug, Clone, Copy)]
pub struct DocumentScope<'a> {
    pub public: bool,
    pub region: Option<&'a str>,
    /// Organisations whose projects (or who themselves) the document is linked to.
    pub organisation_ids: &'a [i64],
}

impl Viewer {
    pub fn user(&self) -> Option<&UserRef> {
        match self {
            Viewer::User(u) => Some(u),
            Viewer::Public => None,
        }
    }

    pub fn is_logged_in(&self) -> bool {
        matches!(self, Viewer::User(_))
    }

    fn role(&self) -> Option<&Role> {
        self.user().map(|u| &u.role)
    }

    pub fn is_admin(&self) -> bool {
        matches!(self.role(), Some(Role::Admin))
    }

    /// Staff (admin, advisers, readers) read everything internal.
    pub fn reads_internal(&self) -> bool {
        matches!(
            self.role(),
            Some(Role::Admin | Role::Radgiver { .. } | Role::Leser)
        )
    }

    /// The organisation a recipient is tied to.
    pub fn organisation_id(&self) -> Option<i64> {
        self.role().and_then(Role::organisation_id)
    }

    /// The portfolio overview (the register as a whole, the matrix, key figures, exports).
    pub fn may_see_portfolio(&self) -> bool {
        self.reads_internal()
    }

    /// Whether the viewer may see a register entry at all.
    pub fn may_read_project(&self, p: ProjectScope<'_>) -> bool {
        self.reads_internal() || self.owns(p)
    }

    /// A recipient owns the entries whose recipient is its organisation.
    fn owns(&self, p: ProjectScope<'_>) -> bool {
        matches!((self.organisation_id(), p.organisation_id), (Some(a), Some(b)) if a == b)
    }

    /// Whether the viewer may change every field of an entry and its grants.
    pub fn may_edit_project(&self, p: ProjectScope<'_>) -> bool {
        match self.role() {
            Some(Role::Admin) => true,
            Some(Role::Radgiver { region }) => region == p.region,
            _ => false,
        }
    }

    /// Whether the viewer may change the recipient's part of an entry
    /// ([`RECIPIENT_PROJECT_FIELDS`]).
    pub fn may_edit_project_as_recipient(&self, p: ProjectScope<'_>) -> bool {
        self.may_edit_project(p) || self.owns(p)
    }

    /// Whether the viewer may create a register entry for `region`.
    pub fn may_create_project(&self, region: &str) -> bool {
        match self.role() {
            Some(Role::Admin) => true,
            Some(Role::Radgiver { region: r }) => r == region,
            _ => false,
        }
    }

    /// Whether the viewer may create register entries at all (for some office).
    pub fn may_create_projects(&self) -> bool {
        matches!(self.role(), Some(Role::Admin | Role::Radgiver { .. }))
    }

    /// Import of register files: admins, and advisers for their own office's rows.
    pub fn may_import(&self) -> bool {
        self.may_create_projects()
    }

    /// Whether the viewer may read a document and its file.
    pub fn may_read_document(&self, d: DocumentScope<'_>) -> bool {
        d.public
            || self.reads_internal()
            || self
                .organisation_id()
                .is_some_and(|o| d.organisation_ids.contains(&o))
    }

    /// Whether the viewer may add documents to the knowledge base.
    pub fn may_upload_documents(&self) -> bool {
        matches!(self.role(), Some(Role::Admin | Role::Radgiver { .. }))
    }

    /// Whether the viewer may change a document's classification.
    pub fn may_edit_document(&self, d: DocumentScope<'_>) -> bool {
        match self.role() {
            Some(Role::Admin) => true,
            Some(Role::Radgiver { region }) => d.region.is_none_or(|r| r == region),
            _ => false,
        }
    }

    /// Whether search should include internal documents (for recipients, their own are added
    /// by the store).
    pub fn searches_internal(&self) -> bool {
        self.reads_internal()
    }

    /// Users, templates and the audit log.
    pub fn may_administer(&self) -> bool {
        self.is_admin()
    }

    /// Whether the viewer may read a report on an entry: published reports are public; the rest
    /// follow the entry.
    pub fn may_read_report(&self, p: ProjectScope<'_>, published: bool) -> bool {
        published || self.may_read_project(p)
    }

    /// Whether the viewer may start, fill in and submit reports on an entry: its recipient,
    /// and the office's advisers on the recipient's behalf.
    pub fn may_fill_report(&self, p: ProjectScope<'_>) -> bool {
        self.may_edit_project_as_recipient(p)
    }

    /// Whether the viewer may return, approve and publish reports on an entry.
    pub fn may_review_report(&self, p: ProjectScope<'_>) -> bool {
        self.may_edit_project(p)
    }

    /// The overview of reporting obligations (due, overdue, submitted).
    pub fn may_see_obligations(&self) -> bool {
        self.reads_internal() || self.organisation_id().is_some()
    }
}

/// The fields of a register entry that a recipient may change; the rest is Husbanken's.
pub const RECIPIENT_PROJECT_FIELDS: &[&str] = &["description", "target_groups", "learning_tools"];

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> Viewer {
        Viewer::User(UserRef {
            id: 1,
            username: "u".into(),
            name: "U".into(),
            role,
        })
    }

    const OST_ASKER: ProjectScope = ProjectScope {
        region: "ost",
        organisation_id: Some(7),
    };

    #[test]
    fn advisers_edit_their_own_office_only() {
        let ost = user(Role::Radgiver {
            region: "ost".into(),
        });
        let vest = user(Role::Radgiver {
            region: "vest".into(),
        });
        assert!(ost.may_edit_project(OST_ASKER));
        assert!(!vest.may_edit_project(OST_ASKER));
        assert!(vest.may_read_project(OST_ASKER));
        assert!(vest.may_create_project("vest") && !vest.may_create_project("ost"));
    }

    #[test]
    fn recipients_see_and_change_only_their_own() {
        let asker = user(Role::Mottaker { organisation_id: 7 });
        let other = user(Role::Mottaker { organisation_id: 8 });
        assert!(asker.may_read_project(OST_ASKER));
        assert!(asker.may_edit_project_as_recipient(OST_ASKER));
        assert!(!asker.may_edit_project(OST_ASKER));
        assert!(!other.may_read_project(OST_ASKER));
        assert!(!other.may_edit_project_as_recipient(OST_ASKER));
        assert!(!asker.may_see_portfolio());
        let unknown = ProjectScope {
            region: "ost",
            organisation_id: None,
        };
        assert!(!asker.may_read_project(unknown));
    }

    #[test]
    fn readers_and_the_public() {
        let leser = user(Role::Leser);
        assert!(leser.may_read_project(OST_ASKER) && !leser.may_edit_project(OST_ASKER));
        assert!(!leser.may_upload_documents() && !leser.may_administer());
        let public = Viewer::Public;
        assert!(!public.may_read_project(OST_ASKER));
        let internal = DocumentScope {
            public: false,
            region: Some("ost"),
            organisation_ids: &[7],
        };
        let published = DocumentScope {
            public: true,
            ..internal
        };
        assert!(!public.may_read_document(internal));
        assert!(public.may_read_document(published));
        assert!(user(Role::Mottaker { organisation_id: 7 }).may_read_document(internal));
        assert!(!user(Role::Mottaker { organisation_id: 8 }).may_read_document(internal));
    }

    #[test]
    fn roles_from_parts_say_what_is_missing() {
        assert_eq!(Role::from_parts("admin", None, None), Ok(Role::Admin));
        assert!(Role::from_parts("radgiver", None, None)
            .unwrap_err()
            .contains("kontor"));
        assert!(Role::from_parts("mottaker", None, None)
            .unwrap_err()
            .contains("organisasjon"));
        assert!(Role::from_parts("sjef", None, None)
            .unwrap_err()
            .contains("forventet admin"));
    }
}
