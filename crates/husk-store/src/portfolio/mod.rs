//! The portfolio register in the database: reading, creating and editing programmes, projects,
//! measures and their grants, and the figures the start page shows.

pub mod import;
pub mod quality;

use crate::{current_year, SaveError, Store, StoreError};
use husk_domain::portfolio::{Grant, Project, Recipient};
use husk_domain::{
    BudgetItem, FieldErrors, GrantInput, GrantStatus, Kind, Kommunenummer, Organisasjonsnummer,
    ProjectFacts, ProjectInput, Selection, Status, YearRange,
};
use serde::Serialize;
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use std::sync::Arc;

/// The tables [`ProjectFacts`] are read from: a change to any of them is a new version of the
/// register's facts.
const FACT_TABLES: [&str; 5] = [
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

type ProjectRow = (
    String,         // id
    String,         // kind
    String,         // title
    String,         // description
    String,         // region
    Option<String>, // organisation name
    Option<String>, // recipient_type
    Option<String>, // orgnr
    Option<String>, // kommunenummer
    i64,            // start_year
    Option<i64>,    // end_year
    String,         // status
    Option<String>, // parent_id
);

const PROJECT_SELECT: &str =
    "SELECT p.id, p.kind, p.title, p.description, p.region, o.name, p.recipient_type,
    o.orgnr, o.kommunenummer, p.start_year, p.end_year, p.status, p.parent_id
    FROM projects p LEFT JOIN organisations o ON o.id = p.organisation_id";

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

fn grant_from_row(
    r: (i64, String, i64, i64, String, String, String),
) -> Result<StoredGrant, StoreError> {
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

const GRANT_SELECT: &str =
    "SELECT id, project_id, year, amount_nok, budget_item, status, note FROM grants";

impl Store {
    /// Every register entry in full, ordered by id.
    pub async fn projects(&self) -> Result<Vec<Project>, StoreError> {
        let rows: Vec<ProjectRow> = sqlx::query_as(&format!("{PROJECT_SELECT} ORDER BY p.id"))
            .fetch_all(&self.pool)
            .await?;
        let mut themes = code_lists(
            sqlx::query_as(
                "SELECT project_id, theme_code FROM project_themes ORDER BY project_id, position",
            )
            .fetch_all(&self.pool)
            .await?,
        );
        let mut groups = code_lists(
            sqlx::query_as("SELECT project_id, target_group_code FROM project_target_groups ORDER BY project_id, position")
                .fetch_all(&self.pool)
                .await?,
        );
        let mut tools = code_lists(
            sqlx::query_as("SELECT project_id, tool_code FROM project_learning_tools ORDER BY project_id, position")
                .fetch_all(&self.pool)
                .await?,
        );
        let mut links = code_lists(
            sqlx::query_as(
                "SELECT project_id, related_id FROM project_links ORDER BY project_id, position",
            )
            .fetch_all(&self.pool)
            .await?,
        );
        rows.into_iter()
            .map(|r| project_from_row(r, &mut themes, &mut groups, &mut tools, &mut links))
            .collect()
    }

    /// Every grant, ordered by project, year and row id.
    pub async fn grants(&self) -> Result<Vec<StoredGrant>, StoreError> {
        let rows = sqlx::query_as(&format!("{GRANT_SELECT} ORDER BY project_id, year, id"))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(grant_from_row).collect()
    }

    /// What lists and the matrix need of every entry, in list order (by office in taxonomy
    /// order, then id).
    pub async fn project_facts(&self) -> Result<Vec<ProjectFacts>, StoreError> {
        Ok(self.register_facts().await?.as_ref().clone())
    }

    /// [`Store::project_facts`], shared: read from the database once per change of the
    /// register and kept, so that a list or the matrix over a large register does not read and
    /// sort every entry on every request. Whether the register changed is read from the audit
    /// log, which every write to it passes through, so no write path can leave the list stale.
    pub async fn register_facts(&self) -> Result<Arc<Vec<ProjectFacts>>, StoreError> {
        let version = self.register_version().await?;
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

    /// The newest audit-log entry about any of `tables`: every write to them passes through
    /// the log, so what was read at this version is still right while it stays the same.
    pub(crate) async fn audit_version(&self, tables: &[&str]) -> Result<i64, StoreError> {
        let parts: Vec<String> = tables
            .iter()
            .map(|t| format!("SELECT MAX(id) AS m FROM audit_log WHERE table_name = '{t}'"))
            .collect();
        let sql = format!(
            "SELECT COALESCE(MAX(m), 0) FROM ({}) AS versions",
            parts.join(" UNION ALL ")
        );
        Ok(sqlx::query_scalar(&sql).fetch_one(&self.pool).await?)
    }

    async fn read_facts(&self) -> Result<Vec<ProjectFacts>, StoreError> {
        type FactRow = (
            String,         // id
            String,         // kind
            String,         // title
            String,         // description
            String,         // region
            Option<String>, // organisation name
            Option<i64>,    // organisation id
            Option<String>, // recipient_type
            i64,            // start_year
            Option<i64>,    // end_year
            String,         // status
        );
        let rows: Vec<FactRow> = sqlx::query_as(
            "SELECT p.id, p.kind, p.title, p.description, p.region, o.name, p.organisation_id,
                    p.recipient_type,
                    p.start_year, p.end_year, p.status
             FROM projects p LEFT JOIN organisations o ON o.id = p.organisation_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut themes = code_lists(
            sqlx::query_as(
                "SELECT project_id, theme_code FROM project_themes ORDER BY project_id, position",
            )
            .fetch_all(&self.pool)
            .await?,
        );
        let mut groups = code_lists(
            sqlx::query_as("SELECT project_id, target_group_code FROM project_target_groups ORDER BY project_id, position")
                .fetch_all(&self.pool)
                .await?,
        );
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
    pub async fn select_projects(&self, selection: &Selection) -> Result<Selected, StoreError> {
        let facts = self.register_facts().await?;
        let hits = facts
            .iter()
            .enumerate()
            .filter(|(_, p)| selection.matches(p))
            .map(|(i, _)| i)
            .collect();
        Ok(Selected { facts, hits })
    }

    /// The grants of every entry under `id` (its children and theirs), added up: what a
    /// programme's participants were granted.
    pub async fn descendant_grants(&self, id: &str) -> Result<DescendantGrants, StoreError> {
        const UNDER: &str = "WITH RECURSIVE under(id) AS (
                SELECT id FROM projects WHERE parent_id = $1
                UNION SELECT p.id FROM projects p JOIN under u ON p.parent_id = u.id)";
        let entries: i64 = sqlx::query_scalar(&format!("{UNDER} SELECT COUNT(*) FROM under"))
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "{UNDER} SELECT g.status, CAST(SUM(g.amount_nok) AS BIGINT) FROM grants g JOIN under u ON u.id = g.project_id GROUP BY g.status"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = DescendantGrants {
            entries,
            ..Default::default()
        };
        for (status, amount) in rows {
            match GrantStatus::from_code(&status) {
                Some(s) if s.is_granted() => out.granted_nok += amount,
                _ => out.expected_nok += amount,
            }
        }
        Ok(out)
    }

    /// One entry with its grants, parent, children and related work.
    pub async fn project(&self, id: &str) -> Result<Option<ProjectDetail>, StoreError> {
        let row: Option<ProjectRow> = sqlx::query_as(&format!("{PROJECT_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let one = |sql: &'static str| {
            let pool = self.pool.clone();
            let id = id.to_string();
            async move {
                let codes: Vec<(String, String)> =
                    sqlx::query_as(sql).bind(&id).fetch_all(&pool).await?;
                Ok::<_, sqlx::Error>(code_lists(codes))
            }
        };
        let mut themes = one("SELECT project_id, theme_code FROM project_themes WHERE project_id = $1 ORDER BY position").await?;
        let mut groups = one("SELECT project_id, target_group_code FROM project_target_groups WHERE project_id = $1 ORDER BY position").await?;
        let mut tools = one("SELECT project_id, tool_code FROM project_learning_tools WHERE project_id = $1 ORDER BY position").await?;
        let mut links = one("SELECT project_id, related_id FROM project_links WHERE project_id = $1 ORDER BY position").await?;
        let project = project_from_row(row, &mut themes, &mut groups, &mut tools, &mut links)?;

        let grants = sqlx::query_as(&format!(
            "{GRANT_SELECT} WHERE project_id = $1 ORDER BY year, id"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(grant_from_row)
        .collect::<Result<Vec<_>, _>>()?;
        let refs =
            |rows: Vec<(String, String, String, String)>| -> Result<Vec<ProjectRef>, StoreError> {
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
            };
        let parent = match &project.parent {
            Some(pid) => refs(
                sqlx::query_as("SELECT id, title, kind, region FROM projects WHERE id = $1")
                    .bind(pid)
                    .fetch_all(&self.pool)
                    .await?,
            )?
            .pop(),
            None => None,
        };
        let children = refs(
            sqlx::query_as(
                "SELECT id, title, kind, region FROM projects WHERE parent_id = $1 ORDER BY id LIMIT $2",
            )
            .bind(id)
            .bind(CHILDREN_SHOWN as i64)
            .fetch_all(&self.pool)
            .await?,
        )?;
        let children_total: i64 = if children.len() < CHILDREN_SHOWN {
            children.len() as i64
        } else {
            sqlx::query_scalar("SELECT COUNT(*) FROM projects WHERE parent_id = $1")
                .bind(id)
                .fetch_one(&self.pool)
                .await?
        };
        let related = refs(
            sqlx::query_as(
                "SELECT p.id, p.title, p.kind, p.region FROM project_links l JOIN projects p ON p.id = l.related_id
                   WHERE l.project_id = $1
                 UNION
                 SELECT p.id, p.title, p.kind, p.region FROM project_links l JOIN projects p ON p.id = l.project_id
                   WHERE l.related_id = $1
                 ORDER BY 1 LIMIT $2",
            )
            .bind(id)
            .bind(CHILDREN_SHOWN as i64 * 2)
            .fetch_all(&self.pool)
            .await?,
        )?;
        let (created_at, updated_at): (String, String) =
            sqlx::query_as("SELECT created_at, updated_at FROM projects WHERE id = $1")
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
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
            project.id = next_id(&mut tx, &project.region).await?;
        } else if exists(&mut tx, &project.id).await? {
            let mut e = FieldErrors::new();
            e.push(
                "id",
                format!(
                    "Id-en «{}» er allerede i bruk. Skriv en ny id, eller la feltet stå tomt, så velger Husk en.",
                    project.id
                ),
            );
            return Err(SaveError::Invalid(e));
        }
        let known = HashMap::new();
        let errs = check_references(&mut tx, &project, &known).await?;
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
        if !exists(&mut tx, id).await? {
            return Err(StoreError::NotFound(format!("prosjekt «{id}»")).into());
        }
        let errs = check_references(&mut tx, &project, &HashMap::new()).await?;
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
    pub async fn grant(&self, grant_id: i64) -> Result<Option<StoredGrant>, StoreError> {
        let row = sqlx::query_as(&format!("{GRANT_SELECT} WHERE id = $1"))
            .bind(grant_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(grant_from_row).transpose()
    }

    /// Adds a grant to an entry. The input's `project` field is ignored in favour of `project_id`.
    pub async fn add_grant(&self, project_id: &str, input: &GrantInput) -> Result<i64, SaveError> {
        let grant = self.valid_grant(project_id, input).await?;
        let mut tx = self.begin_write().await?;
        let id = sqlx::query_scalar(
            "INSERT INTO grants (project_id, year, amount_nok, budget_item, status, note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&grant.project)
        .bind(grant.year)
        .bind(grant.amount_nok)
        .bind(grant.budget_item.code())
        .bind(grant.status.code())
        .bind(&grant.note)
        .fetch_one(&mut *tx)
        .await?;
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
        let n = sqlx::query(
            "UPDATE grants SET year = $1, amount_nok = $2, budget_item = $3, status = $4, note = $5 WHERE id = $6 AND project_id = $7",
        )
        .bind(grant.year)
        .bind(grant.amount_nok)
        .bind(grant.budget_item.code())
        .bind(grant.status.code())
        .bind(&grant.note)
        .bind(grant_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
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
        let n = sqlx::query("DELETE FROM grants WHERE id = $1 AND project_id = $2")
            .bind(grant_id)
            .bind(project_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
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
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM projects WHERE id = $1")
            .bind(project_id)
            .fetch_optional(&mut *conn)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound(format!("prosjekt «{project_id}»")).into());
        }
        Ok(grant)
    }

    /// The start page's key figures over the whole register.
    pub async fn key_figures(&self) -> Result<KeyFigures, StoreError> {
        let facts = self.register_facts().await?;
        let count = |k: Kind| facts.iter().filter(|p| p.kind == k).count() as i64;
        let recipients: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT organisation_id) FROM projects WHERE organisation_id IS NOT NULL",
        )
        .fetch_one(&self.pool)
        .await?;
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

pub(crate) async fn exists(tx: &mut Transaction<'_, Any>, id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM projects WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(found.is_some())
}

async fn next_id(tx: &mut Transaction<'_, Any>, region: &str) -> Result<String, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM projects WHERE id LIKE $1 || '-%'")
        .bind(region)
        .fetch_all(&mut **tx)
        .await?;
    let prefix = format!("{region}-");
    let max = ids
        .iter()
        .filter_map(|id| id.strip_prefix(&prefix).and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    Ok(format!("{region}-{:02}", max + 1))
}

/// Checks that the parent is a programme and that related entries exist, in the database or
/// among `pending` (id → kind of entries being imported in the same transaction).
pub(crate) async fn check_references(
    tx: &mut Transaction<'_, Any>,
    p: &Project,
    pending: &HashMap<String, Kind>,
) -> Result<FieldErrors, sqlx::Error> {
    let mut e = FieldErrors::new();
    if let Some(parent) = &p.parent {
        let kind = match pending.get(parent) {
            Some(k) => Some(k.code().to_string()),
            None => {
                sqlx::query_scalar::<_, String>("SELECT kind FROM projects WHERE id = $1")
                    .bind(parent)
                    .fetch_optional(&mut **tx)
                    .await?
            }
        };
        match kind.as_deref() {
            None => e.push("parent", format!("Programmet «{parent}» finnes ikke i registeret. Skriv id-en til et program som finnes.")),
            Some("program") => {}
            Some(other) => e.push("parent", format!("«{parent}» er et {other}, ikke et program. Skriv id-en til et program.")),
        }
    }
    let mut missing = Vec::new();
    for r in &p.related {
        if !pending.contains_key(r) && !exists(tx, r).await? {
            missing.push(format!("«{r}»"));
        }
    }
    if !missing.is_empty() {
        e.push(
            "related",
            format!(
                "{} {} finnes ikke i registeret. Skriv id-ene til oppføringer som finnes.",
                if missing.len() == 1 {
                    "Oppføringen"
                } else {
                    "Oppføringene"
                },
                husk_domain::norwegian::list(&missing, "og"),
            ),
        );
    }
    Ok(e)
}

async fn organisation_id(
    tx: &mut Transaction<'_, Any>,
    r: &Recipient,
) -> Result<Option<i64>, sqlx::Error> {
    if r.name.is_empty() {
        return Ok(None);
    }
    let existing: Option<(i64, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, orgnr, kommunenummer FROM organisations WHERE name = $1")
            .bind(&r.name)
            .fetch_optional(&mut **tx)
            .await?;
    let orgnr = r.orgnr.as_ref().map(|o| o.to_string());
    let knr = r.kommunenummer.as_ref().map(|k| k.to_string());
    match existing {
        Some((id, old_orgnr, old_knr)) => {
            // Keep known numbers unless new ones are given; the latest recipient type wins.
            sqlx::query("UPDATE organisations SET orgnr = $1, kommunenummer = $2, recipient_type = COALESCE($3, recipient_type) WHERE id = $4")
                .bind(orgnr.or(old_orgnr))
                .bind(knr.or(old_knr))
                .bind(&r.recipient_type)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok(Some(id))
        }
        None => Ok(Some(
            sqlx::query_scalar("INSERT INTO organisations (name, orgnr, kommunenummer, recipient_type) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(&r.name)
                .bind(orgnr)
                .bind(knr)
                .bind(&r.recipient_type)
                .fetch_one(&mut **tx)
                .await?,
        )),
    }
}

/// Inserts or replaces the entry's own row and code lists (not its parent or links, which may
/// point at entries written later in the same transaction: see [`write_links`]).
pub(crate) async fn write_project(
    tx: &mut Transaction<'_, Any>,
    p: &Project,
    replace: bool,
) -> Result<(), sqlx::Error> {
    let org = match &p.recipient {
        Some(r) => organisation_id(tx, r).await?,
        None => None,
    };
    let rtype = p.recipient.as_ref().and_then(|r| r.recipient_type.clone());
    if replace {
        sqlx::query(
            "UPDATE projects SET kind = $1, title = $2, description = $3, region = $4, organisation_id = $5, recipient_type = $6,
             start_year = $7, end_year = $8, status = $9, updated_at = $11 WHERE id = $10",
        )
        .bind(p.kind.code())
        .bind(&p.title)
        .bind(&p.description)
        .bind(&p.region)
        .bind(org)
        .bind(&rtype)
        .bind(p.years.start)
        .bind(p.years.end)
        .bind(p.status.code())
        .bind(&p.id)
        .bind(crate::now_text())
        .execute(&mut **tx)
        .await?;
        for table in [
            "project_themes",
            "project_target_groups",
            "project_learning_tools",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE project_id = $1"))
                .bind(&p.id)
                .execute(&mut **tx)
                .await?;
        }
    } else {
        sqlx::query(
            "INSERT INTO projects (id, kind, title, description, region, organisation_id, recipient_type, start_year, end_year, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&p.id)
        .bind(p.kind.code())
        .bind(&p.title)
        .bind(&p.description)
        .bind(&p.region)
        .bind(org)
        .bind(&rtype)
        .bind(p.years.start)
        .bind(p.years.end)
        .bind(p.status.code())
        .execute(&mut **tx)
        .await?;
    }
    for (table, col, list) in [
        ("project_themes", "theme_code", &p.themes),
        (
            "project_target_groups",
            "target_group_code",
            &p.target_groups,
        ),
        ("project_learning_tools", "tool_code", &p.learning_tools),
    ] {
        for (i, code) in list.iter().enumerate() {
            sqlx::query(&format!(
                "INSERT INTO {table} (project_id, {col}, position) VALUES ($1, $2, $3)"
            ))
            .bind(&p.id)
            .bind(code)
            .bind(i as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Sets the entry's parent and replaces its links to related work.
pub(crate) async fn write_links(
    tx: &mut Transaction<'_, Any>,
    p: &Project,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE projects SET parent_id = $1 WHERE id = $2")
        .bind(&p.parent)
        .bind(&p.id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM project_links WHERE project_id = $1")
        .bind(&p.id)
        .execute(&mut **tx)
        .await?;
    for (i, r) in p.related.iter().enumerate() {
        sqlx::query(
            "INSERT INTO project_links (project_id, related_id, position) VALUES ($1, $2, $3)",
        )
        .bind(&p.id)
        .bind(r)
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Inserts a grant, or replaces the amount and note of the grant with the same project, year,
/// budget item and status. Returns true when a grant was created.
pub(crate) async fn upsert_grant(
    tx: &mut Transaction<'_, Any>,
    g: &Grant,
) -> Result<bool, sqlx::Error> {
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM grants WHERE project_id = $1 AND year = $2 AND budget_item = $3 AND status = $4",
    )
    .bind(&g.project)
    .bind(g.year)
    .bind(g.budget_item.code())
    .bind(g.status.code())
    .fetch_optional(&mut **tx)
    .await?;
    match existing {
        Some(id) => {
            sqlx::query("UPDATE grants SET amount_nok = $1, note = $2 WHERE id = $3")
                .bind(g.amount_nok)
                .bind(&g.note)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok(false)
        }
        None => {
            sqlx::query("INSERT INTO grants (project_id, year, amount_nok, budget_item, status, note) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&g.project)
                .bind(g.year)
                .bind(g.amount_nok)
                .bind(g.budget_item.code())
                .bind(g.status.code())
                .bind(&g.note)
                .execute(&mut **tx)
                .await?;
            Ok(true)
        }
    }
}
