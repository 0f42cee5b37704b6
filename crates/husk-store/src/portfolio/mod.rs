//! The portfolio register in the database: reading, creating and editing programmes, projects,
//! measures and their grants, and the figures the start page shows.

pub mod import;
pub mod quality;
mod reads;
pub(crate) mod sql;

pub use reads::{EntryReader, RegisterReader};

use crate::{current_year, SaveError, Store, StoreError};
use husk_domain::portfolio::{Grant, Project, Recipient};
use husk_domain::{
    BudgetItem, FieldErrors, GrantInput, GrantStatus, Kind, Kommunenummer, Organisasjonsnummer,
    ProjectFacts, ProjectInput, Selection, Status, YearRange,
};
use serde::Serialize;
use sql::{CodeTable, GrantColumns, GrantRow, ProjectColumns, ProjectRow, RefRow};
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::Arc;

/// The tables [`ProjectFacts`] are read from: a change to any of them is a new version of the
/// register's facts.
pub(crate) const FACT_TABLES: [&str; 5] = [
    "projects",
    "organisations",
    "project_themes",
    "project_target_groups",
    "grants",
];

/// A grant as stored, with its row id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredGrant {
    pub id: i64,
    #[serde(flatten)]
    pub grant: Grant,
}

/// A short reference to another register entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectRef {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub region: String,
}

/// The entries a selection took, in list order, sharing the register's facts.
#[derive(Debug, Clone)]
pub struct Selected {
    facts: Arc<Vec<ProjectFacts>>,
    hits: Vec<usize>,
}

impl Selected {
    pub fn len(&self) -> usize {
        self.hits.len()
    }
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
    /// Keeps the entries `keep` says yes to.
    pub fn retain(&mut self, keep: impl Fn(&ProjectFacts) -> bool) {
        let facts = &self.facts;
        self.hits.retain(|i| keep(&facts[*i]));
    }
    pub fn iter(&self) -> impl Iterator<Item = &ProjectFacts> + '_ {
        self.hits.iter().map(|i| &self.facts[*i])
    }
    /// The entries at positions `range` of the selection, copied.
    pub fn page(&self, range: std::ops::Range<usize>) -> Vec<ProjectFacts> {
        self.hits[range]
            .iter()
            .map(|i| self.facts[*i].clone())
            .collect()
    }
}

/// The most children and related entries [`ProjectDetail`] lists.
pub const CHILDREN_SHOWN: usize = 100;

/// Everything the project page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectDetail {
    pub project: Project,
    pub grants: Vec<StoredGrant>,
    pub parent: Option<ProjectRef>,
    /// The first [`CHILDREN_SHOWN`] entries under this one, by id.
    pub children: Vec<ProjectRef>,
    /// All entries under this one (a national programme may have thousands).
    pub children_total: usize,
    /// Links entered on this entry and links other entries made to it.
    pub related: Vec<ProjectRef>,
    pub created_at: String,
    pub updated_at: String,
}

impl ProjectDetail {
    pub fn granted_nok(&self) -> i64 {
        self.grants
            .iter()
            .filter(|g| g.grant.status.is_granted())
            .map(|g| g.grant.amount_nok)
            .sum()
    }
    pub fn expected_nok(&self) -> i64 {
        self.grants
            .iter()
            .filter(|g| !g.grant.status.is_granted())
            .map(|g| g.grant.amount_nok)
            .sum()
    }
}

/// The grants of the entries under an entry (children, their children, …), added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DescendantGrants {
    /// How many entries are under it.
    pub entries: i64,
    pub granted_nok: i64,
    pub expected_nok: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearNok {
    pub year: i32,
    pub granted: i64,
    pub expected: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionFigure {
    pub code: String,
    pub name: String,
    pub projects: i64,
    pub granted: i64,
}

/// The key figures on the start page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyFigures {
    pub projects: i64,
    pub programmes: i64,
    pub measures: i64,
    pub recipients: i64,
    pub granted_total: i64,
    pub nok_by_year: Vec<YearNok>,
    pub by_region: Vec<RegionFigure>,
}

fn code_lists(rows: Vec<(String, String)>) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (id, code) in rows {
        map.entry(id).or_default().push(code);
    }
    map
}

fn parse_enum<T>(v: Option<T>, what: &str, raw: &str) -> Result<T, StoreError> {
    v.ok_or_else(|| StoreError::NotFound(format!("en gyldig {what} (databasen har «{raw}»)")))
}

fn project_from_row(
    r: ProjectRow,
    themes: &mut HashMap<String, Vec<String>>,
    groups: &mut HashMap<String, Vec<String>>,
    tools: &mut HashMap<String, Vec<String>>,
    links: &mut HashMap<String, Vec<String>>,
) -> Result<Project, StoreError> {
    let (
        id,
        kind,
        title,
        description,
        region,
        org,
        rtype,
        orgnr,
        kommunenummer,
        start,
        end,
        status,
        parent,
    ) = r;
    let recipient = if org.is_none() && rtype.is_none() {
        None
    } else {
        Some(Recipient {
            name: org.unwrap_or_default(),
            recipient_type: rtype,
            orgnr: orgnr.and_then(|o| Organisasjonsnummer::parse(&o).ok()),
            kommunenummer: kommunenummer.and_then(|k| Kommunenummer::parse(&k).ok()),
        })
    };
    Ok(Project {
        kind: parse_enum(Kind::from_code(&kind), "type", &kind)?,
        status: parse_enum(Status::from_code(&status), "status", &status)?,
        themes: themes.remove(&id).unwrap_or_default(),
        target_groups: groups.remove(&id).unwrap_or_default(),
        learning_tools: tools.remove(&id).unwrap_or_default(),
        related: links.remove(&id).unwrap_or_default(),
        id,
        title,
        description,
        region,
        recipient,
        years: YearRange {
            start: start as i32,
            end: end.map(|e| e as i32),
        },
        parent,
    })
}

fn grant_from_row(r: GrantRow) -> Result<StoredGrant, StoreError> {
    let (id, project, year, amount, item, status, note) = r;
    Ok(StoredGrant {
        id,
        grant: Grant {
            project,
            year: year as i32,
            amount_nok: amount,
            budget_item: parse_enum(BudgetItem::from_code(&item), "budsjettpost", &item)?,
            status: parse_enum(GrantStatus::from_code(&status), "tilskuddsstatus", &status)?,
            note,
        },
    })
}

fn refs_from_rows(rows: Vec<RefRow>) -> Result<Vec<ProjectRef>, StoreError> {
    rows.into_iter()
        .map(|(id, title, kind, region)| {
            Ok(ProjectRef {
                kind: parse_enum(Kind::from_code(&kind), "type", &kind)?,
                id,
                title,
                region,
            })
        })
        .collect()
}

fn grant_columns(g: &Grant) -> GrantColumns<'_> {
    GrantColumns {
        project_id: &g.project,
        year: g.year,
        amount_nok: g.amount_nok,
        budget_item: g.budget_item.code(),
        status: g.status.code(),
        note: &g.note,
    }
}

impl Store {
    /// Every register entry in full, ordered by id.
    pub async fn projects(&self) -> Result<Vec<Project>, StoreError> {
        let rows = sql::project_rows(&self.pool).await?;
        let mut themes = code_lists(sql::code_rows(&self.pool, CodeTable::Themes).await?);
        let mut groups = code_lists(sql::code_rows(&self.pool, CodeTable::TargetGroups).await?);
        let mut tools = code_lists(sql::code_rows(&self.pool, CodeTable::LearningTools).await?);
        let mut links = code_lists(sql::code_rows(&self.pool, CodeTable::Links).await?);
        rows.into_iter()
            .map(|r| project_from_row(r, &mut themes, &mut groups, &mut tools, &mut links))
            .collect()
    }

    /// Every grant, ordered by project, year and row id.
    pub async fn grants(&self) -> Result<Vec<StoredGrant>, StoreError> {
        sql::grant_rows(&self.pool)
            .await?
            .into_iter()
            .map(grant_from_row)
            .collect()
    }

    /// What lists and the matrix need of every entry, in list order (by office in taxonomy
    /// order, then id), shared: read from the database once per change of the register and
    /// kept, so that a list or the matrix over a large register does not read and
    /// sort every entry on every request. Whether the register changed is read from the audit
    /// log, which every write to it passes through, so no write path can leave the list stale.
    pub(crate) async fn register_facts(&self) -> Result<Arc<Vec<ProjectFacts>>, StoreError> {
        let version = self.register_version().await?;
        self.register_facts_at(version).await
    }

    /// [`Store::register_facts`] when the register's version is known.
    pub(crate) async fn register_facts_at(
        &self,
        version: i64,
    ) -> Result<Arc<Vec<ProjectFacts>>, StoreError> {
        if let Some((v, facts)) = self.facts.read().unwrap().as_ref() {
            if *v == version {
                return Ok(facts.clone());
            }
        }
        let facts = Arc::new(self.read_facts().await?);
        *self.facts.write().unwrap() = Some((version, facts.clone()));
        Ok(facts)
    }

    /// The newest audit-log entry about a table the facts are read from.
    async fn register_version(&self) -> Result<i64, StoreError> {
        self.audit_version(&FACT_TABLES).await
    }

    async fn read_facts(&self) -> Result<Vec<ProjectFacts>, StoreError> {
        let rows = sql::fact_rows(&self.pool).await?;
        let mut themes = code_lists(sql::code_rows(&self.pool, CodeTable::Themes).await?);
        let mut groups = code_lists(sql::code_rows(&self.pool, CodeTable::TargetGroups).await?);
        let mut grants: HashMap<String, Vec<(i32, i64, GrantStatus)>> = HashMap::new();
        for g in self.grants().await? {
            grants.entry(g.grant.project.clone()).or_default().push((
                g.grant.year,
                g.grant.amount_nok,
                g.grant.status,
            ));
        }
        let mut facts = rows
            .into_iter()
            .map(
                |(id, kind, title, description, region, org, org_id, rtype, start, end, status)| {
                    Ok(ProjectFacts {
                        kind: parse_enum(Kind::from_code(&kind), "type", &kind)?,
                        status: parse_enum(Status::from_code(&status), "status", &status)?,
                        themes: themes.remove(&id).unwrap_or_default(),
                        target_groups: groups.remove(&id).unwrap_or_default(),
                        grants: grants.remove(&id).unwrap_or_default(),
                        recipient: org.filter(|n| !n.is_empty()),
                        organisation_id: org_id,
                        recipient_type: rtype,
                        years: YearRange {
                            start: start as i32,
                            end: end.map(|e| e as i32),
                        },
                        id,
                        title,
                        description,
                        region,
                    })
                },
            )
            .collect::<Result<Vec<_>, StoreError>>()?;
        let order: HashMap<&str, usize> = self
            .taxonomy
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.as_str(), i))
            .collect();
        facts.sort_by_cached_key(|p| {
            (
                order.get(p.region.as_str()).copied().unwrap_or(usize::MAX),
                natural_key(&p.id),
            )
        });
        Ok(facts)
    }
    /// The entries a selection takes, ordered by office (taxonomy order) and id.
    pub async fn list_projects(
        &self,
        selection: &Selection,
    ) -> Result<Vec<ProjectFacts>, StoreError> {
        Ok(self
            .select_projects(selection)
            .await?
            .iter()
            .cloned()
            .collect())
    }

    /// [`Store::list_projects`] without copying the entries: for lists shown a page at a time.
    pub(crate) async fn select_projects(
        &self,
        selection: &Selection,
    ) -> Result<Selected, StoreError> {
        let facts = self.register_facts().await?;
        let hits = facts
            .iter()
            .enumerate()
            .filter(|(_, p)| selection.matches(p))
            .map(|(i, _)| i)
            .collect();
        Ok(Selected { facts, hits })
    }

    /// The office and recipient of an entry, for the access rules.
    pub(crate) async fn project_scope(
        &self,
        id: &str,
    ) -> Result<Option<(String, Option<i64>)>, StoreError> {
        Ok(sql::project_scope(&self.pool, id).await?)
    }

    /// The grants of every entry under `id` (its children and theirs), added up: what a
    /// programme's participants were granted.
    pub(crate) async fn descendant_grants(&self, id: &str) -> Result<DescendantGrants, StoreError> {
        let entries = sql::descendant_count(&self.pool, id).await?;
        let mut out = DescendantGrants {
            entries,
            ..Default::default()
        };
        for (status, amount) in sql::descendant_sums(&self.pool, id).await? {
            match GrantStatus::from_code(&status) {
                Some(s) if s.is_granted() => out.granted_nok += amount,
                _ => out.expected_nok += amount,
            }
        }
        Ok(out)
    }

    /// One entry with its grants, parent, children and related work.
    pub(crate) async fn project(&self, id: &str) -> Result<Option<ProjectDetail>, StoreError> {
        let Some(row) = sql::project_row(&self.pool, id).await? else {
            return Ok(None);
        };
        let one = |list: CodeTable| async move {
            Ok::<_, sqlx::Error>(code_lists(sql::code_rows_of(&self.pool, list, id).await?))
        };
        let mut themes = one(CodeTable::Themes).await?;
        let mut groups = one(CodeTable::TargetGroups).await?;
        let mut tools = one(CodeTable::LearningTools).await?;
        let mut links = one(CodeTable::Links).await?;
        let project = project_from_row(row, &mut themes, &mut groups, &mut tools, &mut links)?;

        let grants = sql::grant_rows_of(&self.pool, id)
            .await?
            .into_iter()
            .map(grant_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let parent = match &project.parent {
            Some(pid) => refs_from_rows(sql::project_ref(&self.pool, pid).await?)?.pop(),
            None => None,
        };
        let children = refs_from_rows(sql::children(&self.pool, id, CHILDREN_SHOWN as i64).await?)?;
        let children_total: i64 = if children.len() < CHILDREN_SHOWN {
            children.len() as i64
        } else {
            sql::children_count(&self.pool, id).await?
        };
        let related =
            refs_from_rows(sql::related(&self.pool, id, CHILDREN_SHOWN as i64 * 2).await?)?;
        let (created_at, updated_at) = sql::project_times(&self.pool, id).await?;
        Ok(Some(ProjectDetail {
            project,
            grants,
            parent,
            children,
            children_total: children_total as usize,
            related,
            created_at,
            updated_at,
        }))
    }

    /// Creates an entry from form input. The id is chosen (`region-NN`) when left empty.
    pub async fn create_project(&self, input: &ProjectInput) -> Result<String, SaveError> {
        let mut project = input
            .validate(&self.taxonomy, false, current_year())
            .map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        if project.id.is_empty() {
            let ids = sql::ids_of_region(&mut *tx, &project.region).await?;
            project.id = husk_domain::portfolio::next_id(&project.region, &ids);
        } else if sql::exists(&mut *tx, &project.id).await? {
            return Err(SaveError::Invalid(husk_domain::portfolio::id_taken(
                &project.id,
            )));
        }
        let errs = check_references(&mut tx, &project, &Pending::new()).await?;
        if !errs.is_empty() {
            return Err(SaveError::Invalid(errs));
        }
        write_project(&mut tx, &project, false).await?;
        write_links(&mut tx, &project).await?;
        Self::commit_write(tx).await?;
        self.invalidate_models();
        Ok(project.id)
    }

    /// Replaces an entry's fields with the form input. The id cannot change.
    pub async fn update_project(&self, id: &str, input: &ProjectInput) -> Result<(), SaveError> {
        let mut input = input.clone();
        input.id = id.to_string();
        let project = input
            .validate(&self.taxonomy, true, current_year())
            .map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        if !sql::exists(&mut *tx, id).await? {
            return Err(StoreError::NotFound(format!("prosjekt «{id}»")).into());
        }
        let errs = check_references(&mut tx, &project, &Pending::new()).await?;
        if !errs.is_empty() {
            return Err(SaveError::Invalid(errs));
        }
        write_project(&mut tx, &project, true).await?;
        write_links(&mut tx, &project).await?;
        Self::commit_write(tx).await?;
        self.invalidate_models();
        Ok(())
    }

    /// One grant by row id.
    pub(crate) async fn grant(&self, grant_id: i64) -> Result<Option<StoredGrant>, StoreError> {
        sql::grant_row(&self.pool, grant_id)
            .await?
            .map(grant_from_row)
            .transpose()
    }

    /// Adds a grant to an entry. The input's `project` field is ignored in favour of `project_id`.
    pub async fn add_grant(&self, project_id: &str, input: &GrantInput) -> Result<i64, SaveError> {
        let grant = self.valid_grant(project_id, input).await?;
        let mut tx = self.begin_write().await?;
        let id = sql::insert_grant(&mut *tx, &grant_columns(&grant)).await?;
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Changes a grant. The grant must belong to `project_id`.
    pub async fn update_grant(
        &self,
        project_id: &str,
        grant_id: i64,
        input: &GrantInput,
    ) -> Result<(), SaveError> {
        let grant = self.valid_grant(project_id, input).await?;
        let mut tx = self.begin_write().await?;
        let n = sql::update_grant(&mut *tx, grant_id, &grant_columns(&grant)).await?;
        if n == 0 {
            return Err(
                StoreError::NotFound(format!("tilskudd {grant_id} på «{project_id}»")).into(),
            );
        }
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Deletes a grant of `project_id`.
    pub async fn delete_grant(&self, project_id: &str, grant_id: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sql::delete_grant(&mut *tx, project_id, grant_id).await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!(
                "tilskudd {grant_id} på «{project_id}»"
            )));
        }
        Self::commit_write(tx).await?;
        Ok(())
    }

    async fn valid_grant(&self, project_id: &str, input: &GrantInput) -> Result<Grant, SaveError> {
        let input = GrantInput {
            project: project_id.to_string(),
            ..input.clone()
        };
        let grant = input.validate().map_err(SaveError::Invalid)?;
        let mut conn = self.pool.acquire().await?;
        if !sql::exists(&mut *conn, project_id).await? {
            return Err(StoreError::NotFound(format!("prosjekt «{project_id}»")).into());
        }
        Ok(grant)
    }

    /// The start page's key figures over the whole register.
    pub async fn key_figures(&self) -> Result<KeyFigures, StoreError> {
        let facts = self.register_facts().await?;
        let count = |k: Kind| facts.iter().filter(|p| p.kind == k).count() as i64;
        let recipients = sql::recipient_count(&self.pool).await?;
        let mut by_year: std::collections::BTreeMap<i32, YearNok> = Default::default();
        for (year, amount, status) in facts.iter().flat_map(|p| p.grants.iter()) {
            let e = by_year.entry(*year).or_insert(YearNok {
                year: *year,
                granted: 0,
                expected: 0,
            });
            if status.is_granted() {
                e.granted += amount;
            } else {
                e.expected += amount;
            }
        }
        let by_region = self
            .taxonomy
            .regions
            .iter()
            .map(|r| {
                let mine = facts.iter().filter(|p| p.region == r.code);
                RegionFigure {
                    code: r.code.clone(),
                    name: r.name_nb.clone(),
                    projects: mine.clone().count() as i64,
                    granted: mine.map(|p| p.granted_nok(None, None)).sum(),
                }
            })
            .collect();
        Ok(KeyFigures {
            projects: facts.len() as i64,
            programmes: count(Kind::Program),
            measures: count(Kind::Tiltak),
            recipients,
            granted_total: facts.iter().map(|p| p.granted_nok(None, None)).sum(),
            nok_by_year: by_year.into_values().collect(),
            by_region,
        })
    }
}

/// Sorts "vest-2" before "vest-10".
fn natural_key(id: &str) -> (String, u64, String) {
    let digits_at = id
        .rfind(|c: char| !c.is_ascii_digit())
        .map(|i| i + 1)
        .unwrap_or(0);
    match id[digits_at..].parse::<u64>() {
        Ok(n) => (id[..digits_at].to_string(), n, String::new()),
        Err(_) => (id.to_string(), 0, String::new()),
    }
}

/// Entries being imported in one transaction: id → (kind, parent as typed).
pub(crate) type Pending = HashMap<String, (Kind, Option<String>)>;

/// An entry's kind, from `pending` or the database.
async fn kind_in(
    conn: &mut AnyConnection,
    id: &str,
    pending: &Pending,
) -> Result<Option<(Kind, Option<String>)>, sqlx::Error> {
    if let Some(k) = pending.get(id) {
        return Ok(Some(k.clone()));
    }
    let Some(kind) = sql::kind_of(&mut *conn, id).await? else {
        return Ok(None);
    };
    let parent = sql::parent_of(&mut *conn, id).await?.flatten();
    Ok(Kind::from_code(&kind).map(|k| (k, parent)))
}

/// Checks the entry's place in the register ([`husk_domain::portfolio::reference_errors`]:
/// what may sit under its parent, and under it) and that related entries exist, in the
/// database or among `pending` (entries being imported in the same transaction).
pub(crate) async fn check_references(
    conn: &mut AnyConnection,
    p: &Project,
    pending: &Pending,
) -> Result<FieldErrors, sqlx::Error> {
    let parent = match &p.parent {
        Some(parent) => match kind_in(&mut *conn, parent, pending).await? {
            Some((kind, grandparent)) => {
                let parent_kind = match grandparent {
                    Some(g) => kind_in(&mut *conn, &g, pending).await?.map(|(k, _)| k),
                    None => None,
                };
                Some(husk_domain::portfolio::ParentFacts { kind, parent_kind })
            }
            None => None,
        },
        None => None,
    };
    let children = if p.id.is_empty() {
        0
    } else {
        sql::children_count(&mut *conn, &p.id).await? as usize
    };
    let mut missing = Vec::new();
    for r in &p.related {
        if !pending.contains_key(r) && !sql::exists(&mut *conn, r).await? {
            missing.push(r.clone());
        }
    }
    Ok(husk_domain::portfolio::reference_errors(
        p, parent, children, &missing,
    ))
}

/// One entry in full as `conn` sees it (inside a write transaction: with what it wrote).
pub(crate) async fn project_in(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<Project>, StoreError> {
    let Some(row) = sql::project_row(&mut *conn, id).await? else {
        return Ok(None);
    };
    let mut lists = Vec::new();
    for list in [
        CodeTable::Themes,
        CodeTable::TargetGroups,
        CodeTable::LearningTools,
        CodeTable::Links,
    ] {
        lists.push(code_lists(sql::code_rows_of(&mut *conn, list, id).await?));
    }
    let [mut themes, mut groups, mut tools, mut links]: [HashMap<String, Vec<String>>; 4] =
        lists.try_into().expect("four lists");
    project_from_row(row, &mut themes, &mut groups, &mut tools, &mut links).map(Some)
}

/// The organisation of a recipient, added if new. Known numbers are kept unless new ones are
/// given; the latest recipient type wins.
async fn organisation_id(
    conn: &mut AnyConnection,
    r: &Recipient,
) -> Result<Option<i64>, sqlx::Error> {
    if r.name.is_empty() {
        return Ok(None);
    }
    let orgnr = r.orgnr.as_ref().map(|o| o.to_string());
    let knr = r.kommunenummer.as_ref().map(|k| k.to_string());
    match sql::organisation_by_name(&mut *conn, &r.name).await? {
        Some((id, old_orgnr, old_knr)) => {
            sql::update_organisation(
                &mut *conn,
                id,
                orgnr.or(old_orgnr),
                knr.or(old_knr),
                &r.recipient_type,
            )
            .await?;
            Ok(Some(id))
        }
        None => Ok(Some(
            sql::insert_organisation(&mut *conn, &r.name, orgnr, knr, &r.recipient_type).await?,
        )),
    }
}

/// Inserts or replaces the entry's own row and code lists (not its parent or links, which may
/// point at entries written later in the same transaction: see [`write_links`]).
pub(crate) async fn write_project(
    conn: &mut AnyConnection,
    p: &Project,
    replace: bool,
) -> Result<(), sqlx::Error> {
    let org = match &p.recipient {
        Some(r) => organisation_id(conn, r).await?,
        None => None,
    };
    let rtype = p.recipient.as_ref().and_then(|r| r.recipient_type.clone());
    let columns = ProjectColumns {
        id: &p.id,
        kind: p.kind.code(),
        title: &p.title,
        description: &p.description,
        region: &p.region,
        organisation_id: org,
        recipient_type: &rtype,
        start_year: p.years.start,
        end_year: p.years.end,
        status: p.status.code(),
    };
    if replace {
        sql::update_project(&mut *conn, &columns, &crate::now_text()).await?;
        for list in CodeTable::FIELDS {
            sql::delete_codes(&mut *conn, list, &p.id).await?;
        }
    } else {
        sql::insert_project(&mut *conn, &columns).await?;
    }
    for (list, codes) in
        CodeTable::FIELDS
            .into_iter()
            .zip([&p.themes, &p.target_groups, &p.learning_tools])
    {
        sql::insert_codes(conn, list, &p.id, codes).await?;
    }
    Ok(())
}

/// Sets the entry's parent and replaces its links to related work.
pub(crate) async fn write_links(conn: &mut AnyConnection, p: &Project) -> Result<(), sqlx::Error> {
    sql::set_parent(&mut *conn, &p.id, &p.parent).await?;
    sql::delete_codes(&mut *conn, CodeTable::Links, &p.id).await?;
    sql::insert_codes(conn, CodeTable::Links, &p.id, &p.related).await
}

/// Inserts a grant, or replaces the amount and note of the grant with the same project, year,
/// budget item and status. Returns true when a grant was created.
pub(crate) async fn upsert_grant(conn: &mut AnyConnection, g: &Grant) -> Result<bool, sqlx::Error> {
    let columns = grant_columns(g);
    match sql::same_grant(&mut *conn, &columns).await? {
        Some(id) => {
            sql::set_grant_amount(&mut *conn, id, g.amount_nok, &g.note).await?;
            Ok(false)
        }
        None => {
            sql::insert_grant(&mut *conn, &columns).await?;
            Ok(true)
        }
    }
}
