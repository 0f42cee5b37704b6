//! Who may do what: users' roles and the access rules every page, API call and CLI command
//! follows. The rules are here, in one place, so that handlers only ask ("may this viewer edit
//! this project?") and never decide.
//!
//! | role | reads | changes |
//! |---|---|---|
//! | admin | everything | everything, including users, templates and the audit log |
//! | rådgiver (office X) | everything internal | projects, grants, documents and reports of office X; reviews X's reports |
//! | mottaker (organisation O) | the register, the matrix and similar work; every organisation's approved reports (the approved version, without the review); O's own reports with their history and O's own documents | the recipient's part of O's projects and reports |
//! | leser | everything internal | nothing |
//! | public (not logged in) | what is published: public documents and published reports | nothing |
//!
//! Municipalities are meant to learn from each other, so a logged-in recipient reads the
//! whole register and other organisations' approved work; what stays with the organisation
//! and Husbanken is drafts, reports under review, review comments and internal documents.
//! A draft that was never sent in is read only by those who may fill it in.

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
                None => Err("En rådgiver må høre til et kontor. Velg kontoret.".into()),
            },
            "mottaker" => match organisation_id {
                Some(id) => Ok(Role::Mottaker {
                    organisation_id: id,
                }),
                None => Err(
                    "En mottaker må høre til en organisasjon. Velg mottakeren fra registeret."
                        .into(),
                ),
            },
            other => Err(format!(
                "«{other}» er ikke en rolle. Velg en av disse: {}.",
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

/// Who is asking: nobody (the public), a user, or Husk itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Viewer {
    #[default]
    Public,
    User(UserRef),
    /// Husk's own command line and background work, run by whoever runs the server (and so
    /// holds the database): every right an administrator has, without being a user. The web
    /// never makes this viewer; a request is the public or a user.
    System,
}

/// The role [`Viewer::System`] has.
static SYSTEM_ROLE: Role = Role::Admin;

/// What the rules need to know of a register entry.
#[derive(Debug, Clone, Copy)]
pub struct ProjectScope<'a> {
    pub region: &'a str,
    /// The recipient organisation, if known.
    pub organisation_id: Option<i64>,
}

/// What the rules need to know of a report.
#[derive(Debug, Clone, Copy)]
pub struct ReportScope<'a> {
    pub project: ProjectScope<'a>,
    pub state: crate::reporting::ReportState,
    /// Whether any version was sent in (a draft that never was is its authors' own).
    pub ever_submitted: bool,
}

/// What the rules need to know of a municipality's agreement with other actors
/// ([`crate::programmes::partnerships`]): the office that follows it and the organisations that
/// are the municipality (those registered with its kommunenummer, and the recipients of its
/// programme participations).
#[derive(Debug, Clone, Copy)]
pub struct AgreementScope<'a> {
    pub office: &'a str,
    pub municipality_organisations: &'a [i64],
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
            Viewer::Public | Viewer::System => None,
        }
    }

    /// A user, or Husk itself: not the public.
    pub fn is_logged_in(&self) -> bool {
        matches!(self, Viewer::User(_) | Viewer::System)
    }

    fn role(&self) -> Option<&Role> {
        match self {
            Viewer::User(u) => Some(&u.role),
            Viewer::System => Some(&SYSTEM_ROLE),
            Viewer::Public => None,
        }
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

    /// The portfolio overview (the register as a whole, the matrix, key figures, exports):
    /// everyone logged in, so that municipalities see each other's work.
    pub fn may_see_portfolio(&self) -> bool {
        self.is_logged_in()
    }

    /// Whether the viewer may see a register entry at all: everyone logged in.
    pub fn may_read_project(&self, _p: ProjectScope<'_>) -> bool {
        self.is_logged_in()
    }

    /// Whether the viewer sees an entry's internal side: the reports in progress, their
    /// history and review comments, internal documents. Staff, and the entry's own recipient.
    pub fn is_insider(&self, p: ProjectScope<'_>) -> bool {
        self.reads_internal() || self.owns_entry(p)
    }

    /// Whether an entry is the viewer's own: a recipient owns the entries whose recipient is
    /// its organisation, told by the organisation's id, never by its name (two organisations
    /// may be written alike). Staff and the public own none.
    pub fn owns_entry(&self, p: ProjectScope<'_>) -> bool {
        matches!((self.organisation_id(), p.organisation_id), (Some(a), Some(b)) if a == b)
    }

    /// Whether an entry's reporting obligations (due, overdue, submitted) are in the viewer's
    /// lists: the reporting overview, the start page and the API's `reports`. Staff see every
    /// entry's; a recipient its own entries'.
    pub fn sees_obligations_of(&self, p: ProjectScope<'_>) -> bool {
        self.reads_internal() || self.owns_entry(p)
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
        self.may_edit_project(p) || self.owns_entry(p)
    }

    /// Whether the viewer may place an entry under a parent (a programme): rights to change
    /// both, so that nobody hangs their entry under another office's programme, or another
    /// office's entry under theirs.
    pub fn may_link_parent(&self, child: ProjectScope<'_>, parent: ProjectScope<'_>) -> bool {
        self.may_edit_project(child) && self.may_edit_project(parent)
    }

    /// Whether the viewer may move an entry from one office to another: rights to create
    /// entries at the new office as well as to change the entry.
    pub fn may_move_project(&self, p: ProjectScope<'_>, to_region: &str) -> bool {
        self.may_edit_project(p) && self.may_create_project(to_region)
    }

    /// Whether the viewer reads every municipal programme with every participant: staff
    /// (advisers, leaders, administrators).
    pub fn may_read_all_programmes(&self) -> bool {
        self.reads_internal()
    }

    /// Whether the viewer reads one municipality's participation in a programme: staff, and
    /// the participation's own recipient.
    pub fn may_read_participation(&self, p: ProjectScope<'_>) -> bool {
        self.reads_internal() || self.owns_entry(p)
    }

    /// Whether the viewer may record a participant's move to another phase: who may change
    /// the participation (its office's advisers, administrators).
    pub fn may_record_phase(&self, p: ProjectScope<'_>) -> bool {
        self.may_edit_project(p)
    }

    /// Whether the viewer may change what Husbanken keeps of a participation: its planning
    /// deliverables, status meetings (date, attendees, minutes, actions) and the
    /// municipality's agreements (its office's advisers, administrators).
    pub fn may_manage_participation(&self, p: ProjectScope<'_>) -> bool {
        self.may_edit_project(p)
    }

    /// Whether the viewer may update a participation's own plan: its measures, the checklist
    /// and the progress of actions agreed at status meetings (who may manage it, and the
    /// participating municipality's own recipient users).
    pub fn may_update_participation_plan(&self, p: ProjectScope<'_>) -> bool {
        self.may_manage_participation(p) || self.owns_entry(p)
    }

    /// Whether the viewer may change a programme's own settings (its co-financing rule): the
    /// advisers of an owning office, administrators.
    pub fn may_configure_programme(&self, offices: &[String]) -> bool {
        match self.role() {
            Some(Role::Admin) => true,
            Some(Role::Radgiver { region }) => offices.iter().any(|o| o == region),
            _ => false,
        }
    }

    /// Whether the viewer reads a municipality's agreement: staff, and the municipality's own
    /// recipient users.
    pub fn may_read_agreement(&self, a: AgreementScope<'_>) -> bool {
        self.reads_internal()
            || self
                .organisation_id()
                .is_some_and(|o| a.municipality_organisations.contains(&o))
    }

    /// Whether the viewer may create or change an agreement and record its dialogue
    /// meetings: the advisers of the office that follows it, and administrators.
    pub fn may_manage_agreement(&self, a: AgreementScope<'_>) -> bool {
        self.may_manage_participation(ProjectScope {
            region: a.office,
            organisation_id: None,
        })
    }

    /// Whether the viewer may create or change an agreement for `office`: its advisers and
    /// administrators.
    pub fn may_create_agreement(&self, office: &str) -> bool {
        self.may_create_project(office)
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

    /// What Husk publishes as open data: which grant schemes and programmes, from which year,
    /// with which entries and results (`husk_domain::open`), and Husbanken's organisation
    /// number in the exports.
    pub fn may_set_publication(&self) -> bool {
        self.is_admin()
    }

    /// Whether the viewer may read a report: published reports are public; approved ones are
    /// read by everyone logged in; the rest by staff and the entry's own recipient, except a
    /// draft never sent in, which only those who may fill it in read.
    pub fn may_read_report(&self, r: ReportScope<'_>) -> bool {
        use crate::reporting::ReportState;
        match r.state {
            ReportState::Published => true,
            ReportState::Approved => self.is_logged_in(),
            ReportState::Draft if !r.ever_submitted => self.may_fill_report(r.project),
            _ => self.is_insider(r.project),
        }
    }

    /// Whether the viewer sees a report's history: every version, who reviewed it and the
    /// review comments. Outsiders who may read it see the approved version only.
    pub fn may_read_report_history(&self, r: ReportScope<'_>) -> bool {
        self.may_read_report(r) && self.is_insider(r.project)
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

    /// Whether the viewer may book a dialogue meeting on a report of an entry and record it
    /// (who attended, notes): the office's staff, who review the entry's reports.
    pub fn may_record_dialogue_meeting(&self, p: ProjectScope<'_>) -> bool {
        self.may_review_report(p)
    }

    /// Whether the viewer sees the date of a booked dialogue meeting (and nothing more of it):
    /// those who fill in the entry's reports, and the staff who record it.
    pub fn may_see_dialogue_date(&self, p: ProjectScope<'_>) -> bool {
        self.may_record_dialogue_meeting(p) || self.may_fill_report(p)
    }

    /// The overview of reporting obligations (due, overdue, submitted).
    pub fn may_see_obligations(&self) -> bool {
        self.reads_internal() || self.organisation_id().is_some()
    }

    /// The data-quality overview (every entry's findings and the sources' disagreements):
    /// staff. An entry's own notes are on its page for everyone who reads it.
    pub fn may_see_data_quality(&self) -> bool {
        self.reads_internal()
    }

    /// Whether the viewer may edit a programme (type, budget, period, coordinator, goals) and
    /// add, change or remove its participants: the advisers of an owning office,
    /// administrators.
    pub fn may_edit_programme(&self, offices: &[String]) -> bool {
        self.may_configure_programme(offices)
    }

    /// Whether the viewer may hand a programme to another office (change its owning
    /// offices): administrators only.
    pub fn may_change_programme_offices(&self) -> bool {
        self.is_admin()
    }

    /// Whether the viewer reaches the learning area's lists of networks at all (the public
    /// sees none; a recipient sees those its organisation is a member of).
    pub fn may_list_networks(&self) -> bool {
        self.is_logged_in()
    }

    /// Whether the viewer reads a learning network: staff read all; a recipient user reads
    /// the networks its organisation is a member of; the public none.
    pub fn may_read_network(&self, n: NetworkScope<'_>) -> bool {
        self.reads_internal()
            || self
                .organisation_id()
                .is_some_and(|o| n.member_organisations.contains(&o))
    }

    /// Whether the viewer runs a network (its facts, members, meetings and assignments): the
    /// advisers of the office that runs it, and administrators.
    pub fn may_manage_network(&self, n: NetworkScope<'_>) -> bool {
        self.may_create_network(n.office)
    }

    /// Whether the viewer may create a network run by `office` (or move one there).
    pub fn may_create_network(&self, office: &str) -> bool {
        match self.role() {
            Some(Role::Admin) => true,
            Some(Role::Radgiver { region }) => region == office,
            _ => false,
        }
    }

    /// Whether the viewer may report back on an assignment: who runs the network, and the
    /// recipient users of the member that took the assignment on (not the other members).
    pub fn may_report_back(&self, a: AssignmentScope<'_>) -> bool {
        self.may_manage_network(a.network)
            || matches!(
                (self.organisation_id(), a.member_organisation),
                (Some(v), Some(m)) if v == m
            )
    }

    /// Whether the viewer removes a network's member, meeting or assignment: as for changing
    /// them, who runs the network.
    pub fn may_remove_from_network(&self, n: NetworkScope<'_>) -> bool {
        self.may_manage_network(n)
    }

    /// Whether the viewer reads an office's "theme of the month" rotation: staff.
    pub fn may_read_theme_of_month(&self) -> bool {
        self.reads_internal()
    }

    /// Whether the viewer adds and changes the rotation of `office`: its advisers and
    /// administrators.
    pub fn may_edit_theme_of_month(&self, office: &str) -> bool {
        self.may_create_network(office)
    }
}

// Removals in the learning area follow the rules for changing the same thing.
impl Viewer {
    /// Whether the viewer removes an entry of `office`'s theme-of-the-month rotation: who may
    /// change it.
    pub fn may_remove_theme_of_month(&self, office: &str) -> bool {
        self.may_edit_theme_of_month(office)
    }

    /// Whether the viewer removes a material or a toolbox tool's link from an arena of
    /// `office`: who may change the arena.
    pub fn may_remove_from_arena(&self, office: &str) -> bool {
        self.may_manage_arena(office)
    }

    /// Whether the viewer removes an extra question from the evaluation form of an arena of
    /// `office`: who may set the form up.
    pub fn may_remove_evaluation_question(&self, office: &str) -> bool {
        self.may_manage_evaluation(office)
    }
}

/// The fields of a register entry that a recipient may change; the rest is Husbanken's.
pub const RECIPIENT_PROJECT_FIELDS: &[&str] = &["description", "target_groups", "learning_tools"];

/// What the rules need to know of a learning network: the office that runs it and the
/// organisations that are its members (recipients in the register, by id).
#[derive(Debug, Clone, Copy)]
pub struct NetworkScope<'a> {
    pub office: &'a str,
    pub member_organisations: &'a [i64],
}

/// What the rules need to know of an assignment in a network: the network, and the
/// organisation of the member that took it on (if the member is one in the register).
#[derive(Debug, Clone, Copy)]
pub struct AssignmentScope<'a> {
    pub network: NetworkScope<'a>,
    pub member_organisation: Option<i64>,
}

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
    fn agreements_are_read_by_staff_and_the_municipality_and_managed_by_its_office() {
        let a = AgreementScope {
            office: "ost",
            municipality_organisations: &[7, 9],
        };
        let ost = user(Role::Radgiver {
            region: "ost".into(),
        });
        let vest = user(Role::Radgiver {
            region: "vest".into(),
        });
        let own = user(Role::Mottaker { organisation_id: 9 });
        let other = user(Role::Mottaker { organisation_id: 8 });
        assert!(ost.may_manage_agreement(a) && ost.may_read_agreement(a));
        assert!(ost.may_create_agreement("ost") && !ost.may_create_agreement("vest"));
        assert!(vest.may_read_agreement(a) && !vest.may_manage_agreement(a));
        assert!(user(Role::Leser).may_read_agreement(a));
        assert!(!user(Role::Leser).may_manage_agreement(a));
        assert!(user(Role::Admin).may_manage_agreement(a));
        assert!(own.may_read_agreement(a) && !own.may_manage_agreement(a));
        assert!(!other.may_read_agreement(a));
        assert!(!Viewer::Public.may_read_agreement(a));
    }

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
        assert!(!other.may_edit_project_as_recipient(OST_ASKER));
        // Municipalities learn from each other: the register and the matrix are open to them.
        assert!(other.may_read_project(OST_ASKER));
        assert!(asker.may_see_portfolio());
        assert!(asker.is_insider(OST_ASKER) && !other.is_insider(OST_ASKER));
    }

    #[test]
    fn an_entry_is_a_recipients_own_by_the_organisations_id_not_its_name() {
        // Two organisations with the same name are still two organisations: the viewer
        // carries the id only, and the entry's recipient is compared by id.
        let asker = user(Role::Mottaker { organisation_id: 7 });
        let namesake = user(Role::Mottaker { organisation_id: 8 });
        assert!(asker.owns_entry(OST_ASKER) && asker.sees_obligations_of(OST_ASKER));
        assert!(!namesake.owns_entry(OST_ASKER) && !namesake.sees_obligations_of(OST_ASKER));
        // An entry without a known recipient is nobody's own.
        let unknown = ProjectScope {
            region: "ost",
            organisation_id: None,
        };
        assert!(!asker.owns_entry(unknown) && !asker.sees_obligations_of(unknown));
        // Staff see every entry's obligations but own none; the public neither.
        let leser = user(Role::Leser);
        assert!(leser.sees_obligations_of(OST_ASKER) && !leser.owns_entry(OST_ASKER));
        assert!(!Viewer::Public.sees_obligations_of(OST_ASKER));
        assert!(!Viewer::Public.owns_entry(OST_ASKER));
    }

    #[test]
    fn reports_of_others_are_read_once_approved_and_without_their_review() {
        use crate::reporting::ReportState;
        let asker = user(Role::Mottaker { organisation_id: 7 });
        let other = user(Role::Mottaker { organisation_id: 8 });
        let vest = user(Role::Radgiver {
            region: "vest".into(),
        });
        let ost = user(Role::Radgiver {
            region: "ost".into(),
        });
        let report = |state, ever_submitted| ReportScope {
            project: OST_ASKER,
            state,
            ever_submitted,
        };
        for state in [
            ReportState::Submitted,
            ReportState::Returned,
            ReportState::Resubmitted,
        ] {
            let r = report(state, true);
            assert!(asker.may_read_report(r) && asker.may_read_report_history(r));
            assert!(!other.may_read_report(r), "{state:?}");
            assert!(vest.may_read_report(r) && vest.may_read_report_history(r));
        }
        let approved = report(ReportState::Approved, true);
        assert!(other.may_read_report(approved) && !other.may_read_report_history(approved));
        assert!(!Viewer::Public.may_read_report(approved));
        let published = report(ReportState::Published, true);
        assert!(Viewer::Public.may_read_report(published));
        assert!(!Viewer::Public.may_read_report_history(published));
        // A draft never sent in is its authors' own: the recipient and the office's advisers.
        let fresh = report(ReportState::Draft, false);
        assert!(asker.may_read_report(fresh) && ost.may_read_report(fresh));
        assert!(!vest.may_read_report(fresh) && !user(Role::Leser).may_read_report(fresh));
        assert!(!other.may_read_report(fresh));
    }

    #[test]
    fn parents_and_offices_need_rights_on_both_sides() {
        let ost = user(Role::Radgiver {
            region: "ost".into(),
        });
        let vest_programme = ProjectScope {
            region: "vest",
            organisation_id: None,
        };
        assert!(!ost.may_link_parent(OST_ASKER, vest_programme));
        assert!(!ost.may_link_parent(vest_programme, OST_ASKER));
        assert!(ost.may_link_parent(OST_ASKER, OST_ASKER));
        assert!(!ost.may_move_project(OST_ASKER, "vest"));
        assert!(user(Role::Admin).may_move_project(OST_ASKER, "vest"));
    }

    #[test]
    fn readers_and_the_public() {
        let leser = user(Role::Leser);
        assert!(leser.may_read_project(OST_ASKER) && !leser.may_edit_project(OST_ASKER));
        assert!(!leser.may_upload_documents() && !leser.may_administer());
        let public = Viewer::Public;
        assert!(!public.may_read_project(OST_ASKER) && !public.may_see_portfolio());
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
    fn the_data_quality_overview_is_for_staff() {
        let ost = user(Role::Radgiver {
            region: "ost".into(),
        });
        assert!(ost.may_see_data_quality());
        assert!(user(Role::Admin).may_see_data_quality());
        assert!(user(Role::Leser).may_see_data_quality());
        assert!(!user(Role::Mottaker { organisation_id: 7 }).may_see_data_quality());
        assert!(!Viewer::Public.may_see_data_quality());
    }

    #[test]
    fn the_system_reads_and_changes_everything_as_an_administrator_does() {
        let system = Viewer::System;
        assert!(system.is_logged_in() && system.user().is_none());
        assert!(system.reads_internal() && system.may_administer());
        assert!(system.may_edit_project(OST_ASKER) && !system.owns_entry(OST_ASKER));
        let internal = DocumentScope {
            public: false,
            region: Some("ost"),
            organisation_ids: &[7],
        };
        assert!(system.may_read_document(internal));
        let fresh = ReportScope {
            project: OST_ASKER,
            state: crate::reporting::ReportState::Draft,
            ever_submitted: false,
        };
        assert!(system.may_read_report(fresh) && system.may_read_report_history(fresh));
    }

    #[test]
    fn a_participations_plan_is_updated_by_its_office_and_its_own_municipality() {
        let ost = user(Role::Radgiver {
            region: "ost".into(),
        });
        let vest = user(Role::Radgiver {
            region: "vest".into(),
        });
        let asker = user(Role::Mottaker { organisation_id: 7 });
        let other = user(Role::Mottaker { organisation_id: 8 });
        let leser = user(Role::Leser);
        assert!(ost.may_manage_participation(OST_ASKER));
        assert!(ost.may_update_participation_plan(OST_ASKER));
        assert!(!vest.may_manage_participation(OST_ASKER));
        assert!(!vest.may_update_participation_plan(OST_ASKER));
        // The municipality updates its own plan but not what Husbanken records of it.
        assert!(asker.may_update_participation_plan(OST_ASKER));
        assert!(!asker.may_manage_participation(OST_ASKER));
        assert!(!other.may_update_participation_plan(OST_ASKER));
        // Leaders read everything and change nothing.
        assert!(leser.may_read_participation(OST_ASKER));
        assert!(!leser.may_update_participation_plan(OST_ASKER));
        assert!(!Viewer::Public.may_update_participation_plan(OST_ASKER));
        assert!(user(Role::Admin).may_manage_participation(OST_ASKER));
    }

    #[test]
    fn a_programmes_rule_is_set_by_its_owning_offices_and_administrators() {
        let offices = ["ost".to_string()];
        assert!(user(Role::Radgiver {
            region: "ost".into()
        })
        .may_configure_programme(&offices));
        assert!(!user(Role::Radgiver {
            region: "vest".into()
        })
        .may_configure_programme(&offices));
        assert!(user(Role::Admin).may_configure_programme(&offices));
        assert!(!user(Role::Leser).may_configure_programme(&offices));
        assert!(!user(Role::Mottaker { organisation_id: 7 }).may_configure_programme(&offices));
        assert!(!Viewer::Public.may_configure_programme(&offices));
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
            .contains("Velg en av disse: admin"));
    }

    #[test]
    fn networks_are_run_by_their_office_read_by_staff_and_their_members() {
        let n = NetworkScope {
            office: "midt",
            member_organisations: &[7, 9],
        };
        let midt = user(Role::Radgiver {
            region: "midt".into(),
        });
        let ost = user(Role::Radgiver {
            region: "ost".into(),
        });
        let member = user(Role::Mottaker { organisation_id: 7 });
        let other_member = user(Role::Mottaker { organisation_id: 9 });
        let outsider = user(Role::Mottaker { organisation_id: 8 });
        assert!(midt.may_manage_network(n) && midt.may_read_network(n));
        assert!(ost.may_read_network(n) && !ost.may_manage_network(n));
        assert!(user(Role::Leser).may_read_network(n) && !user(Role::Leser).may_manage_network(n));
        assert!(user(Role::Admin).may_manage_network(n));
        assert!(member.may_read_network(n) && !member.may_manage_network(n));
        assert!(!outsider.may_read_network(n) && outsider.may_list_networks());
        assert!(!Viewer::Public.may_read_network(n) && !Viewer::Public.may_list_networks());
        let a = AssignmentScope {
            network: n,
            member_organisation: Some(7),
        };
        assert!(member.may_report_back(a) && midt.may_report_back(a));
        assert!(!other_member.may_report_back(a) && !ost.may_report_back(a));
        assert!(midt.may_edit_theme_of_month("midt") && !midt.may_edit_theme_of_month("ost"));
        assert!(ost.may_read_theme_of_month() && !member.may_read_theme_of_month());
    }
}

/// What the rules need to know of a learning arena ([`crate::learning::arenas`]): the office
/// that runs it, and the organisations taking part in its programme (those of the programme's
/// participants' register entries; empty when the arena has no programme).
#[derive(Debug, Clone, Copy)]
pub struct ArenaScope<'a> {
    pub office: &'a str,
    pub programme_organisations: &'a [i64],
}

// Learning arenas (issue 11).
impl Viewer {
    /// Whether the viewer reads a learning arena (with its agenda, participants and
    /// materials): staff read all; a recipient the arenas of programmes its organisation takes
    /// part in; the public none.
    pub fn may_read_arena(&self, a: ArenaScope<'_>) -> bool {
        self.reads_internal()
            || self
                .organisation_id()
                .is_some_and(|o| a.programme_organisations.contains(&o))
    }

    /// Whether the viewer may create or change an arena of `office` (its agenda, participants
    /// and materials too): the office's advisers and administrators.
    pub fn may_manage_arena(&self, office: &str) -> bool {
        self.may_create_project(office)
    }

    /// Whether the viewer may create arenas at all (for some office).
    pub fn may_create_arenas(&self) -> bool {
        self.may_create_projects()
    }

    /// Whether the viewer has an arena calendar (and its iCalendar feed): staff, and recipients
    /// (who see their programmes' arenas in it).
    pub fn may_see_arena_calendar(&self) -> bool {
        self.reads_internal() || self.organisation_id().is_some()
    }
}

/// Evaluations of learning arenas (issue 11): answered by anyone holding the link, without
/// logging in; managed by the advisers of the arena's office; results read by staff.
impl Viewer {
    /// Whether the viewer may set up an arena's evaluation form (times, extra questions,
    /// personal links) and see its link: the advisers of the arena's office, administrators.
    pub fn may_manage_evaluation(&self, arena_office: &str) -> bool {
        self.may_create_project(arena_office)
    }

    /// Whether the viewer reads evaluations: the form's link and answer count, the results
    /// (from five answers on) and their free text: staff.
    pub fn may_read_evaluations(&self) -> bool {
        self.reads_internal()
    }
}

/// What the rules need to know of an adoption of an innovation: the register's organisation
/// that adopted it, if it is one.
#[derive(Debug, Clone, Copy)]
pub struct AdoptionScope {
    pub organisation_id: Option<i64>,
}

// Innovation and its spread (issue 13).
impl Viewer {
    /// Whether the viewer reads innovations, their adoptions and how they spread: everyone
    /// logged in, so that municipalities see who took up what from whom (the public sees only
    /// published good examples).
    pub fn may_read_innovations(&self) -> bool {
        self.is_logged_in()
    }

    /// Whether the viewer records innovations and adoptions and decides Husk's suggested
    /// sources: advisers at any office and administrators.
    pub fn may_record_innovation(&self) -> bool {
        matches!(self.role(), Some(Role::Admin | Role::Radgiver { .. }))
    }

    /// Whether the viewer publishes, changes and withdraws good examples: who records
    /// innovations. Everyone, the public too, reads the published ones.
    pub fn may_publish_good_example(&self) -> bool {
        self.may_record_innovation()
    }

    /// Whether the viewer confirms or corrects an adoption: who records them, and the
    /// recipient users of the organisation that adopted (their own adoptions only).
    pub fn may_confirm_adoption(&self, a: AdoptionScope) -> bool {
        self.may_record_innovation()
            || matches!(
                (self.organisation_id(), a.organisation_id),
                (Some(v), Some(o)) if v == o
            )
    }
}
