//! View models of the register's pages: the filter form, the project list, the project page
//! with its grants, the project form, the knowledge matrix and the import page (with the code
//! lists in [`import`] and data quality in [`quality`]). View models hold display-ready
//! strings (formatted numbers, Norwegian labels, links), so templates contain no rules.

use super::forms::{self, ProjectForm};
use crate::filters::Filters;
use crate::format;
use crate::knowledge::views::ProjectKnowledge;
use crate::reporting::views::ProjectReporting;
use crate::shared::form::{
    checks, options, summary, theme_check_groups, Check, CheckGroup, Opt, SummaryItem,
};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::portfolio::UNKNOWN_RECIPIENT_TYPE;
use husk_domain::taxonomy::ThemeKind;
use husk_domain::{
    BudgetItem, FieldErrors, GrantInput, GrantStatus, Kind, Matrix, MatrixMeasure, ProjectFacts,
    Status, Taxonomy,
};
use husk_store::portfolio::ProjectRef;
use husk_store::ProjectDetail;

mod import;
mod quality;
pub use import::*;
pub use quality::*;

// ---------------------------------------------------------------------------------------------
// Filter form (list and matrix)
// ---------------------------------------------------------------------------------------------

/// The filter form of the list and the matrix, filled in from the query string.
pub struct FilterForm {
    pub f: Filters,
    pub regions: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub target_groups: Vec<Opt>,
    pub themes: Vec<Opt>,
    pub recipient_types: Vec<Opt>,
    pub statuses: Vec<Opt>,
    pub summary: Vec<SummaryItem>,
}

impl FilterForm {
    pub fn new(f: Filters, tax: &Taxonomy) -> FilterForm {
        let raw = &f.raw;
        let mut recipient_types: Vec<(&str, &str)> = tax
            .recipient_types
            .iter()
            .map(|r| (r.code.as_str(), r.name_nb.as_str()))
            .collect();
        recipient_types.push((UNKNOWN_RECIPIENT_TYPE, "Ukjent mottaker"));
        FilterForm {
            regions: options(
                Some("Alle kontor"),
                tax.regions
                    .iter()
                    .map(|r| (r.code.as_str(), r.name_nb.as_str())),
                &raw.region,
            ),
            kinds: options(
                Some("Alle typer"),
                Kind::ALL.iter().map(|k| (k.code(), k.label())),
                &raw.kind,
            ),
            target_groups: options(
                Some("Alle målgrupper"),
                tax.target_groups
                    .iter()
                    .map(|t| (t.code.as_str(), t.name_nb.as_str())),
                &raw.target_group,
            ),
            themes: options(
                Some("Alle temaer"),
                tax.themes
                    .iter()
                    .map(|t| (t.code.as_str(), t.name_nb.as_str())),
                &raw.theme,
            ),
            recipient_types: options(
                Some("Alle mottakertyper"),
                recipient_types,
                &raw.recipient_type,
            ),
            statuses: options(
                Some("Alle statuser"),
                Status::ALL.iter().map(|s| (s.code(), s.label())),
                &raw.status,
            ),
            summary: summary(&f.errors, "filter-", forms::filter_label),
            f,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.f.error(field)
    }

    pub fn programme_only_checked(&self) -> bool {
        self.f.selection.programme_only
            || (self.f.error("programme_only").is_some() && !self.f.raw.programme_only.is_empty())
    }

    pub fn measure_is_nok(&self) -> bool {
        self.f.measure == MatrixMeasure::Nok
    }

    /// The gap threshold as shown in its field: what the user typed, or the default.
    pub fn gap_threshold_value(&self) -> String {
        if self.f.raw.gap_threshold.is_empty() {
            format::threshold(self.f.gap_threshold)
        } else {
            self.f.raw.gap_threshold.clone()
        }
    }

    /// Hidden inputs that carry list filters the matrix form has no field for.
    pub fn matrix_hidden(&self) -> Vec<(&'static str, String)> {
        let s = &self.f.selection;
        let mut out = Vec::new();
        if let Some(t) = &s.theme {
            out.push(("theme", t.clone()));
        }
        if let Some(r) = &s.recipient_type {
            out.push(("recipient_type", r.clone()));
        }
        if let Some(st) = s.status {
            out.push(("status", st.code().to_string()));
        }
        if let Some(q) = &s.q {
            out.push(("q", q.clone()));
        }
        out
    }
}

/// A short Norwegian description of the filters in use ("Region vest, 2012–2014, …").
pub fn describe_selection(f: &Filters, tax: &Taxonomy) -> String {
    let s = &f.selection;
    let mut parts: Vec<String> = Vec::new();
    if let Some(r) = s.region.as_deref().and_then(|r| tax.region(r)) {
        parts.push(r.name_nb.clone());
    }
    match (s.from, s.to) {
        (Some(a), Some(b)) if a == b => parts.push(format!("år {a}")),
        (Some(a), Some(b)) => parts.push(format!("årene {a}–{b}")),
        (Some(a), None) => parts.push(format!("fra {a}")),
        (None, Some(b)) => parts.push(format!("til {b}")),
        (None, None) => {}
    }
    if let Some(k) = s.kind {
        parts.push(format!("type {}", k.label().to_lowercase()));
    }
    if let Some(t) = s.target_group.as_deref().and_then(|t| tax.target_group(t)) {
        parts.push(format!("målgruppe {}", t.name_nb.to_lowercase()));
    }
    if s.programme_only {
        parts.push("bare programkommuner".into());
    }
    if let Some(t) = s.theme.as_deref().and_then(|t| tax.theme(t)) {
        parts.push(format!("tema {}", t.name_nb.to_lowercase()));
    }
    if let Some(rt) = s.recipient_type.as_deref() {
        parts.push(format!(
            "mottakertype {}",
            recipient_type_name(tax, Some(rt))
        ));
    }
    if let Some(st) = s.status {
        parts.push(format!("status {}", st.label().to_lowercase()));
    }
    if let Some(q) = &s.q {
        parts.push(format!("søk «{q}»"));
    }
    parts.join(", ")
}

fn recipient_type_name(tax: &Taxonomy, code: Option<&str>) -> String {
    match code {
        None | Some(UNKNOWN_RECIPIENT_TYPE) => "Ukjent".to_string(),
        Some(c) => tax
            .recipient_type(c)
            .map(|r| r.name_nb.clone())
            .unwrap_or_else(|| c.to_string()),
    }
}

pub(crate) fn region_name(tax: &Taxonomy, code: &str) -> String {
    tax.region(code)
        .map(|r| r.name_nb.clone())
        .unwrap_or_else(|| code.to_string())
}

// ---------------------------------------------------------------------------------------------
// Project list
// ---------------------------------------------------------------------------------------------

pub struct ListRow {
    pub id: String,
    pub href: String,
    pub title: String,
    pub kind: &'static str,
    pub region: String,
    pub recipient: String,
    pub recipient_type: String,
    pub period: String,
    pub status: &'static str,
    pub granted: String,
}

#[derive(Template)]
#[template(path = "portfolio/projects.html")]
pub struct ProjectListPage {
    pub layout: Layout,
    pub form: FilterForm,
    pub count: String,
    pub count_is_one: bool,
    pub description: String,
    pub granted_note: bool,
    pub rows: Vec<ListRow>,
    /// Show the «Nytt prosjekt» button.
    pub may_create: bool,
    /// Links to the other pages of a list longer than one page.
    pub nav: Option<crate::paging::PageNav>,
}

impl ProjectListPage {
    /// One page of a list of `total` entries.
    pub fn new(
        layout: Layout,
        form: FilterForm,
        rows: &[ProjectFacts],
        total: usize,
        tax: &Taxonomy,
    ) -> ProjectListPage {
        let sel = &form.f.selection;
        let rows = rows
            .iter()
            .map(|p| ListRow {
                id: p.id.clone(),
                href: project_href(&p.id),
                title: p.title.clone(),
                kind: p.kind.label(),
                region: region_name(tax, &p.region),
                recipient: p.recipient.clone().unwrap_or_default(),
                recipient_type: recipient_type_name(tax, p.recipient_type.as_deref()),
                period: format::period(p.years.start, p.years.end),
                status: p.status.label(),
                granted: format::nok(p.granted_nok(sel.from, sel.to)),
            })
            .collect();
        ProjectListPage {
            may_create: false,
            nav: None,
            count: format::int(total as i64),
            count_is_one: total == 1,
            description: describe_selection(&form.f, tax),
            granted_note: sel.from.is_some() || sel.to.is_some(),
            layout,
            form,
            rows,
        }
    }
}

/// The address of a project page; ids are `[a-z0-9-]`, so they need no escaping.
pub fn project_href(id: &str) -> String {
    format!("/prosjekter/{id}")
}

// ---------------------------------------------------------------------------------------------
// Project page
// ---------------------------------------------------------------------------------------------

pub struct RefView {
    pub href: String,
    pub title: String,
    pub kind: &'static str,
}

impl RefView {
    fn new(r: &ProjectRef) -> RefView {
        RefView {
            href: project_href(&r.id),
            title: r.title.clone(),
            kind: r.kind.label(),
        }
    }
}

pub struct NamedGroup {
    pub name: String,
    pub items: Vec<String>,
}

/// The grants of the entries under a programme, beside its own.
#[derive(Debug, Clone)]
pub struct UnderTotals {
    /// "14 oppføringer under programmet".
    pub entries: String,
    pub granted: String,
    pub expected: String,
    pub granted_with_own: String,
    pub expected_with_own: String,
}

impl UnderTotals {
    pub fn new(d: &ProjectDetail, under: &husk_store::portfolio::DescendantGrants) -> Option<Self> {
        (under.entries > 0).then(|| UnderTotals {
            entries: format!(
                "{} under {}",
                husk_domain::norwegian::count(under.entries, "oppføring", "oppføringer"),
                if d.project.kind == husk_domain::Kind::Program {
                    "programmet"
                } else {
                    "denne"
                }
            ),
            granted: format::nok(under.granted_nok),
            expected: format::nok(under.expected_nok),
            granted_with_own: format::nok(under.granted_nok + d.granted_nok()),
            expected_with_own: format::nok(under.expected_nok + d.expected_nok()),
        })
    }
}

pub struct GrantRow {
    pub year: i32,
    pub amount: String,
    pub budget_item: &'static str,
    pub status: &'static str,
    pub note: String,
    pub edit_href: String,
    pub delete_href: String,
    /// Makes "Endre"/"Slett" distinct for screen readers: "tilskuddet for 2014 (750 000 kr)".
    pub what: String,
}

/// The grant form (on the project page for a new grant, or on its own page for an edit).
pub struct GrantFormView {
    pub action: String,
    pub submit: &'static str,
    pub values: GrantInput,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
    pub budget_items: Vec<Opt>,
    pub statuses: Vec<Opt>,
}

impl GrantFormView {
    pub fn new(
        action: String,
        submit: &'static str,
        values: GrantInput,
        errors: FieldErrors,
    ) -> GrantFormView {
        let budget_item = if values.budget_item.trim().is_empty() {
            BudgetItem::Post78.code().to_string()
        } else {
            values.budget_item.clone()
        };
        GrantFormView {
            action,
            submit,
            budget_items: options(
                None,
                BudgetItem::ALL.iter().map(|b| (b.code(), b.label())),
                &budget_item,
            ),
            statuses: options(
                Some("Velg status"),
                GrantStatus::ALL.iter().map(|s| (s.code(), s.label())),
                &values.status,
            ),
            summary: summary(&errors, "grant-", forms::grant_label),
            errors,
            values,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

#[derive(Template)]
#[template(path = "portfolio/project.html")]
pub struct ProjectPage {
    pub layout: Layout,
    pub message: Option<&'static str>,
    pub id: String,
    pub title: String,
    pub description: String,
    pub kind: &'static str,
    pub region: String,
    /// False for «Nasjonal pott», a budget pot with no responsible office stated.
    pub region_is_office: bool,
    pub recipient: String,
    pub recipient_type: String,
    pub orgnr: String,
    pub kommunenummer: String,
    pub period: String,
    pub status: &'static str,
    pub parent: Option<RefView>,
    pub children: Vec<RefView>,
    /// «og 1 234 til» when not every child is listed.
    pub children_more: String,
    pub related: Vec<RefView>,
    pub outcomes: Vec<String>,
    pub theme_groups: Vec<NamedGroup>,
    pub target_groups: Vec<String>,
    pub learning_tools: Vec<String>,
    pub grants: Vec<GrantRow>,
    pub granted_total: String,
    pub expected_total: String,
    /// For an entry with entries under it (a programme): what they were granted, and the sum
    /// with the entry's own grants.
    pub under: Option<UnderTotals>,
    pub edit_href: String,
    pub grant_form: GrantFormView,
    pub updated_at: String,
    /// Linked documents, similar work elsewhere and classification suggestions.
    pub knowledge: ProjectKnowledge,
    /// The viewer may change every field and the grants.
    pub may_edit: bool,
    /// The viewer (the recipient) may change the recipient's part.
    pub may_edit_limited: bool,
    /// The viewer publishes good examples (innovation area): the link to publish this one.
    pub may_publish_example: bool,
    /// Reports, obligations and indicators.
    pub reporting: Option<ProjectReporting>,
    /// Where the sources disagree, what is inferred, and what the checks found.
    pub quality: EntryQuality,
    /// A participation's or a plan line's participant page (href, text), for who reads it.
    pub programme_place: Option<(String, String)>,
}

impl ProjectPage {
    pub fn new(
        layout: Layout,
        d: &ProjectDetail,
        tax: &Taxonomy,
        message: Option<&'static str>,
        grant_form: GrantFormView,
        knowledge: ProjectKnowledge,
    ) -> ProjectPage {
        let p = &d.project;
        let r = p.recipient.as_ref();
        let mut outcomes = Vec::new();
        let mut theme_groups: Vec<NamedGroup> = Vec::new();
        // Taxonomy order, not the order the themes were entered in.
        for t in tax.themes.iter().filter(|t| p.themes.contains(&t.code)) {
            match t.kind {
                ThemeKind::Outcome => outcomes.push(t.name_nb.clone()),
                ThemeKind::Theme => match theme_groups.iter_mut().find(|g| g.name == t.group_nb) {
                    Some(g) => g.items.push(t.name_nb.clone()),
                    None => theme_groups.push(NamedGroup {
                        name: t.group_nb.clone(),
                        items: vec![t.name_nb.clone()],
                    }),
                },
            }
        }
        let grants = d
            .grants
            .iter()
            .map(|g| {
                let amount = format::nok(g.grant.amount_nok);
                GrantRow {
                    year: g.grant.year,
                    what: format!("tilskuddet for {} ({amount})", g.grant.year),
                    amount,
                    budget_item: g.grant.budget_item.label(),
                    status: g.grant.status.label(),
                    note: g.grant.note.clone(),
                    edit_href: format!("/prosjekter/{}/tilskudd/{}/rediger", p.id, g.id),
                    delete_href: format!("/prosjekter/{}/tilskudd/{}/slett", p.id, g.id),
                }
            })
            .collect();
        ProjectPage {
            programme_place: None,
            may_edit: false,
            may_edit_limited: false,
            may_publish_example: false,
            reporting: None,
            quality: EntryQuality::default(),
            layout,
            message,
            id: p.id.clone(),
            title: p.title.clone(),
            description: p.description.clone(),
            kind: p.kind.label(),
            region: region_name(tax, &p.region),
            region_is_office: tax.region(&p.region).is_none_or(|r| r.is_office()),
            recipient: r.map(|r| r.name.clone()).unwrap_or_default(),
            recipient_type: recipient_type_name(tax, r.and_then(|r| r.recipient_type.as_deref())),
            orgnr: r
                .and_then(|r| r.orgnr.as_ref())
                .map(|o| o.to_string())
                .unwrap_or_default(),
            kommunenummer: r
                .and_then(|r| r.kommunenummer.as_ref())
                .map(|k| k.to_string())
                .unwrap_or_default(),
            period: format::period(p.years.start, p.years.end),
            status: p.status.label(),
            parent: d.parent.as_ref().map(RefView::new),
            children: d.children.iter().map(RefView::new).collect(),
            children_more: if d.children_total > d.children.len() {
                format!(
                    "og {} til",
                    format::int((d.children_total - d.children.len()) as i64)
                )
            } else {
                String::new()
            },
            related: d.related.iter().map(RefView::new).collect(),
            outcomes,
            theme_groups,
            target_groups: tax
                .target_groups
                .iter()
                .filter(|t| p.target_groups.contains(&t.code))
                .map(|t| t.name_nb.clone())
                .collect(),
            learning_tools: tax
                .learning_tools
                .iter()
                .filter(|t| p.learning_tools.contains(&t.code))
                .map(|t| t.name_nb.clone())
                .collect(),
            grants,
            granted_total: format::nok(d.granted_nok()),
            expected_total: format::nok(d.expected_nok()),
            under: None,
            edit_href: format!("/prosjekter/{}/rediger", p.id),
            grant_form,
            updated_at: format::timestamp(&d.updated_at),
            knowledge,
        }
    }
}

#[derive(Template)]
#[template(path = "portfolio/grant_edit.html")]
pub struct GrantEditPage {
    pub layout: Layout,
    pub project_title: String,
    pub project_href: String,
    pub grant_form: GrantFormView,
}

// ---------------------------------------------------------------------------------------------
// Project form
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "portfolio/project_form.html")]
pub struct ProjectFormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub cancel_href: String,
    /// Empty on the create form; the entry's id (which cannot change) on the edit form.
    pub fixed_id: String,
    pub v: ProjectForm,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
    pub kinds: Vec<Opt>,
    pub regions: Vec<Opt>,
    pub recipient_types: Vec<Opt>,
    pub statuses: Vec<Opt>,
    pub parents: Vec<Opt>,
    /// The outcome dimensions first, then one group per theme group.
    pub theme_groups: Vec<CheckGroup>,
    pub target_groups: Vec<Check>,
    pub learning_tools: Vec<Check>,
    /// The recipient's form: only description, target groups and learning tools.
    pub limited: bool,
}

impl ProjectFormPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        heading: String,
        action: String,
        cancel_href: String,
        fixed_id: String,
        v: ProjectForm,
        errors: FieldErrors,
        programmes: &[ProjectFacts],
        tax: &Taxonomy,
    ) -> ProjectFormPage {
        let i = &v.input;
        let parents = options(
            Some("Ingen"),
            programmes
                .iter()
                .filter(|p| p.id != fixed_id)
                .map(|p| (p.id.as_str(), p.title.as_str())),
            &i.parent,
        );
        ProjectFormPage {
            limited: false,
            kinds: options(
                Some("Velg type"),
                Kind::ALL.iter().map(|k| (k.code(), k.label())),
                &i.kind,
            ),
            regions: options(
                Some("Velg kontor"),
                tax.regions
                    .iter()
                    .map(|r| (r.code.as_str(), r.name_nb.as_str())),
                &i.region,
            ),
            recipient_types: options(
                Some("Ukjent"),
                tax.recipient_types
                    .iter()
                    .map(|r| (r.code.as_str(), r.name_nb.as_str())),
                &i.recipient_type,
            ),
            statuses: options(
                Some("Utledes av årstallene"),
                Status::ALL.iter().map(|s| (s.code(), s.label())),
                &i.status,
            ),
            parents,
            theme_groups: theme_check_groups(tax, "field-themes-", &i.themes),
            target_groups: checks(
                "field-target_groups-",
                tax.target_groups
                    .iter()
                    .map(|t| (t.code.as_str(), t.name_nb.as_str())),
                &i.target_groups,
            ),
            learning_tools: checks(
                "field-learning_tools-",
                tax.learning_tools
                    .iter()
                    .map(|t| (t.code.as_str(), t.name_nb.as_str())),
                &i.learning_tools,
            ),
            summary: summary(&errors, "field-", forms::project_label),
            layout,
            heading,
            action,
            cancel_href,
            fixed_id,
            v,
            errors,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

// ---------------------------------------------------------------------------------------------
// Knowledge matrix
// ---------------------------------------------------------------------------------------------

pub struct ColumnHead {
    pub name: String,
}

pub struct CellView {
    pub text: String,
    pub href: String,
    /// `style` attribute value with the heat-map colour, or empty.
    pub style: String,
    pub theme: String,
    pub recipient_type: String,
}

pub struct RowView {
    pub theme: String,
    pub name: String,
    pub cells: Vec<CellView>,
    pub total: CellView,
    pub share: String,
    pub gap: bool,
}

pub struct GroupView {
    pub label: String,
    pub rows: Vec<RowView>,
}

#[derive(Template)]
#[template(path = "portfolio/matrix.html")]
pub struct MatrixPage {
    pub layout: Layout,
    pub form: FilterForm,
    pub caption: String,
    /// What the shares are of: «oppføringene» (every kind), «prosjektene» (one kind) or
    /// «tilskuddet».
    pub unit: &'static str,
    /// Whether cells count entries (not kroner).
    pub counts: bool,
    /// What is counted, singular and indefinite plural: «oppføring», «oppføringer», or one
    /// kind's words.
    pub noun_one: &'static str,
    pub noun: &'static str,
    pub description: String,
    pub columns: Vec<ColumnHead>,
    pub groups: Vec<GroupView>,
    pub column_totals: Vec<CellView>,
    pub total: String,
    pub total_href: String,
    pub threshold: String,
    pub gap_count: usize,
    pub without_theme: String,
    pub has_without_theme: bool,
    pub empty: bool,
    pub hidden: Vec<(&'static str, String)>,
    /// The register's classification beside the reports' («fra rapporter»).
    pub from_reports: ReportsComparison,
}

/// One line of the comparison: a theme or target group, counted in the register and in the
/// approved reports.
#[derive(Debug, Clone, Default)]
pub struct ComparisonRow {
    pub group: String,
    pub name: String,
    pub register: String,
    pub reports: String,
}

/// The selection's entries by theme and target group as the register classifies them and as
/// their approved reports do («fra rapporter»).
#[derive(Debug, Clone, Default)]
pub struct ReportsComparison {
    /// Selected entries whose approved reports tag themes or target groups.
    pub entries: i64,
    /// Selected entries in the register.
    pub register_entries: i64,
    pub themes: Vec<ComparisonRow>,
    pub target_groups: Vec<ComparisonRow>,
}

impl ReportsComparison {
    pub fn new(
        tax: &Taxonomy,
        register: &Matrix,
        reports: &Matrix,
        register_groups: &[(String, i64)],
        report_groups: &[(String, i64)],
    ) -> ReportsComparison {
        ReportsComparison {
            entries: reports.total,
            register_entries: register.total,
            themes: register
                .rows
                .iter()
                .zip(&reports.rows)
                .map(|(a, b)| ComparisonRow {
                    group: a.group.clone(),
                    name: a.name.clone(),
                    register: format::int(a.total),
                    reports: format::int(b.total),
                })
                .collect(),
            target_groups: register_groups
                .iter()
                .zip(report_groups)
                .map(|((code, a), (_, b))| ComparisonRow {
                    group: String::new(),
                    name: tax
                        .target_group(code)
                        .map(|g| g.name_nb.clone())
                        .unwrap_or_else(|| code.clone()),
                    register: format::int(*a),
                    reports: format::int(*b),
                })
                .collect(),
        }
    }

    /// "1 oppføring" / "3 oppføringer".
    pub fn entries_text(&self) -> String {
        husk_domain::norwegian::count(self.entries, "oppføring", "oppføringer")
    }

    pub fn register_entries_text(&self) -> String {
        husk_domain::norwegian::count(self.register_entries, "oppføring", "oppføringer")
    }
}

/// The heat-map background for `value` out of `max`: from a pale to a mid blue, always light
/// enough for the dark text colour used in the cells (contrast above 5:1).
pub fn heat_style(value: i64, max: i64) -> String {
    if value <= 0 || max <= 0 {
        return String::new();
    }
    const LOW: (f64, f64, f64) = (238.0, 244.0, 250.0);
    const HIGH: (f64, f64, f64) = (111.0, 163.0, 214.0);
    let t = (value as f64 / max as f64).clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    format!(
        "--heat: #{:02x}{:02x}{:02x}",
        mix(LOW.0, HIGH.0),
        mix(LOW.1, HIGH.1),
        mix(LOW.2, HIGH.2)
    )
}

/// Adds soft hyphens inside long compound words of column headings ("interesse­organisa­sjoner"),
/// so that the narrow matrix columns can break them where a Norwegian reader expects, and the
/// matrix fits a laptop screen.
pub fn soft_hyphens(text: &str) -> String {
    const PARTS: [&str; 5] = [
        "organisasjoner",
        "sektoren",
        "aktører",
        "personer",
        "stipend",
    ];
    text.split(' ')
        .map(|word| {
            if word.chars().count() < 12 {
                return word.to_string();
            }
            let mut out = word.to_string();
            for part in PARTS {
                if let Some(at) = word.find(part) {
                    if at > 0 {
                        out = format!("{}\u{ad}{}", &word[..at], &word[at..]);
                        break;
                    }
                }
            }
            // The longest part left is itself long: break it between its syllables too.
            out.replace("organisasjoner", "organisa\u{ad}sjoner")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl MatrixPage {
    pub fn new(layout: Layout, form: FilterForm, m: &Matrix, tax: &Taxonomy) -> MatrixPage {
        let f = &form.f;
        let show = |v: i64| format::int(v);
        let link = |v: i64, overrides: &[(&str, &str)]| {
            if v > 0 {
                format!("/prosjekter?{}", f.list_query(overrides))
            } else {
                String::new()
            }
        };
        let max = m.max_cell();
        let mut groups: Vec<GroupView> = Vec::new();
        for row in &m.rows {
            let mut cells: Vec<CellView> = m
                .columns
                .iter()
                .zip(&row.cells)
                .map(|(rt, v)| CellView {
                    text: show(*v),
                    href: link(*v, &[("theme", &row.theme), ("recipient_type", rt)]),
                    style: heat_style(*v, max),
                    theme: row.theme.clone(),
                    recipient_type: rt.clone(),
                })
                .collect();
            cells.push(CellView {
                text: show(row.unknown),
                href: link(
                    row.unknown,
                    &[
                        ("theme", &row.theme),
                        ("recipient_type", UNKNOWN_RECIPIENT_TYPE),
                    ],
                ),
                style: heat_style(row.unknown, max),
                theme: row.theme.clone(),
                recipient_type: UNKNOWN_RECIPIENT_TYPE.into(),
            });
            let view = RowView {
                theme: row.theme.clone(),
                name: row.name.clone(),
                cells,
                total: CellView {
                    text: show(row.total),
                    href: link(row.total, &[("theme", &row.theme)]),
                    style: String::new(),
                    theme: row.theme.clone(),
                    recipient_type: String::new(),
                },
                share: format::percent(row.share),
                gap: row.gap,
            };
            match groups.last_mut() {
                Some(g) if g.label == row.group => g.rows.push(view),
                _ => groups.push(GroupView {
                    label: row.group.clone(),
                    rows: vec![view],
                }),
            }
        }
        let mut column_totals: Vec<CellView> = m
            .columns
            .iter()
            .zip(&m.column_totals)
            .map(|(rt, v)| CellView {
                text: show(*v),
                href: link(*v, &[("recipient_type", rt)]),
                style: String::new(),
                theme: String::new(),
                recipient_type: rt.clone(),
            })
            .collect();
        column_totals.push(CellView {
            text: show(m.unknown_total),
            href: link(
                m.unknown_total,
                &[("recipient_type", UNKNOWN_RECIPIENT_TYPE)],
            ),
            style: String::new(),
            theme: String::new(),
            recipient_type: UNKNOWN_RECIPIENT_TYPE.into(),
        });
        let (noun_one, noun, noun_definite) =
            husk_domain::portfolio::entries_noun(f.selection.kind);
        let (caption, unit) = match m.measure {
            MatrixMeasure::Count => (
                format!("Antall {noun} per kunnskapstema og mottakertype"),
                noun_definite,
            ),
            MatrixMeasure::Nok => (
                "Tildelt tilskudd i kroner per kunnskapstema og mottakertype".to_string(),
                "tilskuddet",
            ),
        };
        MatrixPage {
            caption,
            unit,
            counts: m.measure == MatrixMeasure::Count,
            noun_one,
            noun,
            description: describe_selection(f, tax),
            columns: m
                .column_names
                .iter()
                .map(|n| ColumnHead {
                    name: soft_hyphens(n),
                })
                .collect(),
            groups,
            column_totals,
            total: show(m.total),
            total_href: link(m.total, &[]),
            threshold: format::percent(m.gap_threshold),
            gap_count: m.gaps.len(),
            without_theme: show(m.without_theme),
            has_without_theme: m.without_theme > 0,
            empty: m.total == 0,
            hidden: form.matrix_hidden(),
            from_reports: ReportsComparison::default(),
            layout,
            form,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

pub struct ImportDone {
    pub text: String,
}

#[derive(Template)]
#[template(path = "portfolio/import.html")]
pub struct ImportPage {
    pub layout: Layout,
    pub kind: String,
    pub dry_run: bool,
    /// A problem with the form itself (no file chosen, too large, …).
    pub form_errors: Vec<SummaryItem>,
    /// The file's errors, each exactly as `ImportError` displays it.
    pub file_errors: Vec<String>,
    pub file_name: String,
    pub done: Option<ImportDone>,
    pub project_columns: Vec<&'static str>,
    pub grant_columns: Vec<&'static str>,
}

impl ImportPage {
    pub fn new(layout: Layout) -> ImportPage {
        ImportPage {
            layout,
            kind: "prosjekter".into(),
            dry_run: false,
            form_errors: Vec::new(),
            file_errors: Vec::new(),
            file_name: String::new(),
            done: None,
            project_columns: husk_files::PROJECT_COLUMNS.to_vec(),
            grant_columns: husk_files::GRANT_COLUMNS.to_vec(),
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.form_errors
            .iter()
            .find(|e| e.target == format!("import-{field}"))
            .map(|e| e.message.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_compound_words_get_soft_hyphens() {
        assert_eq!(
            soft_hyphens("Fag- og interesseorganisasjoner"),
            "Fag- og interesse\u{ad}organisa\u{ad}sjoner"
        );
        assert_eq!(
            soft_hyphens("Andre organisasjoner og stiftelser"),
            "Andre organisa\u{ad}sjoner og stiftelser"
        );
        assert_eq!(
            soft_hyphens("UH-sektoren (inkl. instituttsektoren)"),
            "UH-sektoren (inkl. institutt\u{ad}sektoren)"
        );
        assert_eq!(soft_hyphens("Andre kommuner"), "Andre kommuner");
    }

    #[test]
    fn heat_colours_run_from_pale_to_mid_blue() {
        assert_eq!(heat_style(0, 10), "");
        assert_eq!(heat_style(10, 10), "--heat: #6fa3d6");
        assert_eq!(heat_style(1, 1_000_000), "--heat: #eef4fa");
    }
}
