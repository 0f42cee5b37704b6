//! Open data on both backends (migration 33): the publication rules an administrator keeps
//! ([`Store::save_publication`]) and what they make public ([`Store::open_data`]): the decided
//! grants the rules cover, with their entries, programmes and published reports only where a
//! rule says so. The rules themselves are `husk_domain::open`; this module reads the register
//! and hands every grant to them, so nothing reaches the public pages, downloads or exports
//! that the domain did not admit.

mod demo;

use crate::{Store, StoreError};
use husk_domain::open::iati::OpenProgramme;
use husk_domain::open::{
    grant_identifier, is_private_person, GrantFacts, OpenEntry, OpenGrant, OpenIndicator,
    OpenRecipient, OpenReport, Publication, PublicationRule, Scope,
};
use husk_domain::portfolio::{BudgetItem, GrantStatus};
use husk_domain::{Organisasjonsnummer, Taxonomy};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Everything public, as the rules admit it.
#[derive(Debug, Clone, Default)]
pub struct OpenData {
    pub publication: Publication,
    /// Newest year first.
    pub grants: Vec<OpenGrant>,
    /// The programmes published with their entry.
    pub programmes: Vec<OpenProgramme>,
    /// The demo data is loaded: its classification is an example (the 360Giving package says so).
    pub demo: bool,
    /// Published reports per entry published with its entry or results; indicator values only
    /// where a rule publishes results.
    pub reports: BTreeMap<String, Vec<OpenReport>>,
}

impl OpenData {
    /// The indicator values per entry, for the IATI results.
    pub fn indicators(&self) -> BTreeMap<String, Vec<OpenIndicator>> {
        self.reports
            .iter()
            .map(|(entry, rs)| {
                (
                    entry.clone(),
                    rs.iter().flat_map(|r| r.indicators.clone()).collect(),
                )
            })
            .filter(|(_, is): &(String, Vec<OpenIndicator>)| !is.is_empty())
            .collect()
    }

    /// The municipalities' names by kommunenummer, as the published grants give them.
    pub fn municipality_names(&self) -> BTreeMap<&str, &str> {
        self.grants
            .iter()
            .filter_map(|g| Some((g.kommunenummer.as_deref()?, g.municipality.as_deref()?)))
            .collect()
    }

    /// Whether an entry is published with its entry (description, themes, its own page).
    pub fn publishes_entry(&self, entry: &str) -> bool {
        self.grants
            .iter()
            .any(|g| g.entry_id == entry && g.entry.is_some())
    }

    /// The 360Giving 1.4.3 data package of the published grants, as JSON (the API's
    /// `/api/v1/open/360giving.json` and `husk export 360giving`). `today` is `YYYY-MM-DD`.
    /// `None` when nothing is published: the standard requires at least one grant.
    pub fn threesixty_json(&self, tax: &Taxonomy, today: &str) -> Option<Vec<u8>> {
        if self.grants.is_empty() {
            return None;
        }
        let p = husk_domain::open::threesixty::package(
            &self.grants,
            &self.publication,
            tax,
            today,
            self.demo,
        );
        let mut out = serde_json::to_vec_pretty(&p).expect("a package serialises");
        out.push(b'\n');
        Some(out)
    }

    /// The IATI 2.03 activities of the published programmes and projects, as XML. `now` is
    /// RFC 3339. `None` when no entry is published with its entry: the standard requires at
    /// least one activity.
    pub fn iati_xml(&self, tax: &Taxonomy, now: &str) -> Option<Vec<u8>> {
        if !self.grants.iter().any(|g| g.entry.is_some()) {
            return None;
        }
        Some(husk_domain::open::iati::activities_xml(
            &self.grants,
            &self.programmes,
            &self.indicators(),
            &self.publication,
            tax,
            now,
        ))
    }
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    scope: String,
    from_year: i64,
    entries: i64,
    results: i64,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: i64,
    project_id: String,
    year: i64,
    amount_nok: i64,
    budget_item: String,
    status: String,
    title: String,
    region: String,
    recipient_type: Option<String>,
    org_id: Option<i64>,
    org_name: Option<String>,
    orgnr: Option<String>,
    kommunenummer: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: String,
    title: String,
    kind: String,
    description: String,
    start_year: i64,
    end_year: Option<i64>,
    status: String,
    parent_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    id: i64,
    project_id: String,
    kind: String,
    year: i64,
    period_start: String,
    period_end: String,
    updated_at: String,
}

#[derive(sqlx::FromRow)]
struct IndicatorRow {
    report_id: i64,
    name: String,
    unit: String,
    baseline: Option<f64>,
    target: Option<f64>,
    actual: Option<f64>,
}

fn report_kind_label(kind: &str) -> &'static str {
    match kind {
        "halvarsrapport" => "Halvårsrapport",
        "arsrapport" => "Årsrapport",
        _ => "Sluttrapport",
    }
}

impl Store {
    /// The publication rules and the funder's organisation number.
    pub async fn publication(&self) -> Result<Publication, StoreError> {
        let rows: Vec<RuleRow> = sqlx::query_as(
            "SELECT scope, from_year, entries, results FROM open_publication_rules ORDER BY scope",
        )
        .fetch_all(&self.pool)
        .await?;
        let orgnr: Option<(Option<String>,)> =
            sqlx::query_as("SELECT funder_orgnr FROM open_publisher WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?;
        Ok(Publication {
            rules: rows
                .into_iter()
                .filter_map(|r| {
                    Some(PublicationRule {
                        scope: Scope::from_code(&r.scope)?,
                        from_year: r.from_year as i32,
                        entries: r.entries != 0,
                        results: r.results != 0,
                    })
                })
                .collect(),
            funder_orgnr: orgnr
                .and_then(|o| o.0)
                .and_then(|o| Organisasjonsnummer::parse(&o).ok()),
        })
    }

    /// Replaces every rule and the funder's organisation number. The caller has checked
    /// `may_set_publication`; the audit log has who changed what.
    pub async fn save_publication(&self, p: &Publication) -> Result<(), StoreError> {
        let now = crate::now_text();
        let user = self.actor().and_then(|a| a.user_id);
        let mut tx = self.begin_write().await?;
        let existing: Vec<(String,)> = sqlx::query_as("SELECT scope FROM open_publication_rules")
            .fetch_all(&mut *tx)
            .await?;
        let kept: HashSet<String> = p.rules.iter().map(|r| r.scope.code()).collect();
        for (scope,) in existing {
            if !kept.contains(&scope) {
                sqlx::query("DELETE FROM open_publication_rules WHERE scope = $1")
                    .bind(&scope)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for r in &p.rules {
            sqlx::query(
                "INSERT INTO open_publication_rules (scope, from_year, entries, results, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (scope) DO UPDATE SET from_year = excluded.from_year,
                   entries = excluded.entries, results = excluded.results,
                   updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            )
            .bind(r.scope.code())
            .bind(i64::from(r.from_year))
            .bind(i64::from(r.entries))
            .bind(i64::from(r.results))
            .bind(user)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE open_publisher SET funder_orgnr = $1, updated_by = $2, updated_at = $3 WHERE id = 1",
        )
        .bind(p.funder_orgnr.as_ref().map(|o| o.as_str().to_string()))
        .bind(user)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// The municipal programmes a rule may name (register entry id, title).
    pub async fn publishable_programmes(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT p.id, p.title FROM programmes m JOIN projects p ON p.id = m.project_id ORDER BY p.title",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// What the public may read: every decided grant a rule covers, newest year first.
    pub async fn open_data(&self) -> Result<OpenData, StoreError> {
        let publication = self.publication().await?;
        let demo = self.has_demo_data().await?;
        if publication.rules.is_empty() {
            return Ok(OpenData {
                publication,
                demo,
                ..OpenData::default()
            });
        }
        let tax = self.taxonomy();
        let rows: Vec<GrantRow> = sqlx::query_as(
            "SELECT g.id, g.project_id, g.year, g.amount_nok, g.budget_item, g.status,
                    p.title, p.region,
                    COALESCE(p.recipient_type, o.recipient_type) AS recipient_type,
                    o.id AS org_id, o.name AS org_name, o.orgnr, o.kommunenummer
             FROM grants g JOIN projects p ON p.id = g.project_id
             LEFT JOIN organisations o ON o.id = p.organisation_id
             ORDER BY g.year DESC, g.project_id, g.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let entries: Vec<EntryRow> = sqlx::query_as(
            "SELECT id, title, kind, description, start_year, end_year, status, parent_id FROM projects",
        )
        .fetch_all(&self.pool)
        .await?;
        let entries: HashMap<String, EntryRow> =
            entries.into_iter().map(|e| (e.id.clone(), e)).collect();
        let programme_ids: HashSet<String> =
            sqlx::query_as::<_, (String,)>("SELECT project_id FROM programmes")
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(|r| r.0)
                .collect();
        // A participant's entries belong to its programme even where the register has no parent.
        let mut participation: HashMap<String, String> = HashMap::new();
        let linked: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT pp.programme_id, pp.entry_id, l.project_id
             FROM programme_participants pp
             LEFT JOIN programme_participant_links l ON l.participant_id = pp.id",
        )
        .fetch_all(&self.pool)
        .await?;
        for (programme, entry, link) in linked {
            for e in [entry, link].into_iter().flatten() {
                participation.entry(e).or_insert_with(|| programme.clone());
            }
        }
        let programme_of = |id: &str| -> Option<String> {
            let mut current = Some(id.to_string());
            let mut steps = 0;
            while let Some(c) = current {
                if programme_ids.contains(&c) {
                    return Some(c);
                }
                if let Some(p) = participation.get(&c) {
                    return Some(p.clone());
                }
                steps += 1;
                if steps > 20 {
                    return None;
                }
                current = entries.get(&c).and_then(|e| e.parent_id.clone());
            }
            None
        };
        let codes = |table: &str, column: &str| {
            format!("SELECT project_id, {column} FROM {table} ORDER BY project_id, position")
        };
        let mut themes: HashMap<String, Vec<String>> = HashMap::new();
        for (p, c) in sqlx::query_as::<_, (String, String)>(&codes("project_themes", "theme_code"))
            .fetch_all(&self.pool)
            .await?
        {
            themes.entry(p).or_default().push(c);
        }
        let mut groups: HashMap<String, Vec<String>> = HashMap::new();
        for (p, c) in sqlx::query_as::<_, (String, String)>(&codes(
            "project_target_groups",
            "target_group_code",
        ))
        .fetch_all(&self.pool)
        .await?
        {
            groups.entry(p).or_default().push(c);
        }
        let municipality_names = self.municipality_names().await?;
        let open_entry = |e: &EntryRow| OpenEntry {
            kind: e.kind.clone(),
            description: e.description.clone(),
            start_year: e.start_year as i32,
            end_year: e.end_year.map(|y| y as i32),
            status: e.status.clone(),
            parent: e.parent_id.clone(),
            themes: themes.get(&e.id).cloned().unwrap_or_default(),
            target_groups: groups.get(&e.id).cloned().unwrap_or_default(),
        };
        let mut grants = Vec::new();
        // Entries whose published reports are listed, and of those, whose indicator values are.
        let mut with_reports: HashSet<String> = HashSet::new();
        let mut with_results: HashSet<String> = HashSet::new();
        for r in rows {
            let (Some(scheme), Some(status)) = (
                BudgetItem::from_code(&r.budget_item),
                GrantStatus::from_code(&r.status),
            ) else {
                continue;
            };
            let programme = programme_of(&r.project_id);
            let Some(coverage) = publication.covers(&GrantFacts {
                scheme,
                status,
                year: r.year as i32,
                programme: programme.as_deref(),
            }) else {
                continue;
            };
            let person = is_private_person(r.recipient_type.as_deref());
            let recipient = match (person, r.org_id, r.org_name) {
                (false, Some(id), Some(name)) => OpenRecipient::Organisation {
                    name,
                    orgnr: r.orgnr.clone().filter(|o| !o.trim().is_empty()),
                    id,
                },
                (true, _, _) => OpenRecipient::Person,
                _ => OpenRecipient::NotStated,
            };
            let kommunenummer = match &recipient {
                OpenRecipient::Organisation { .. } => r.kommunenummer.clone(),
                OpenRecipient::Person | OpenRecipient::NotStated => None,
            };
            let entry = entries.get(&r.project_id);
            if (coverage.entries && !person) || coverage.results {
                with_reports.insert(r.project_id.clone());
            }
            if coverage.results {
                with_results.insert(r.project_id.clone());
            }
            grants.push(OpenGrant {
                id: r.id,
                identifier: grant_identifier(r.id),
                year: r.year as i32,
                amount_nok: r.amount_nok,
                scheme,
                status,
                office: tax
                    .region(&r.region)
                    .map(|x| x.office.clone())
                    .unwrap_or_else(|| r.region.clone()),
                region: r.region,
                entry_title: r.title,
                recipient,
                recipient_type: r.recipient_type,
                municipality: kommunenummer
                    .as_ref()
                    .and_then(|k| municipality_names.get(k).cloned()),
                kommunenummer,
                programme: programme
                    .and_then(|p| entries.get(&p).map(|e| (p.clone(), e.title.clone()))),
                entry: match (coverage.entries, entry, person) {
                    // A private person's entry is named by its title only.
                    (true, Some(e), false) => Some(open_entry(e)),
                    _ => None,
                },
                entry_id: r.project_id,
            });
        }
        let programmes: Vec<OpenProgramme> = publication
            .rules
            .iter()
            .filter(|r| r.entries)
            .filter_map(|r| match &r.scope {
                Scope::Programme(id) => entries.get(id).map(|e| OpenProgramme {
                    id: id.clone(),
                    title: e.title.clone(),
                    entry: open_entry(e),
                }),
                Scope::Scheme(_) => None,
            })
            .filter(|p| {
                grants
                    .iter()
                    .any(|g| g.programme.as_ref().map(|x| &x.0) == Some(&p.id))
            })
            .collect();
        let reports = self.open_reports(&with_reports, &with_results).await?;
        Ok(OpenData {
            publication,
            grants,
            programmes,
            demo,
            reports,
        })
    }

    /// Municipality names by kommunenummer: a recipient organisation named «… kommune», else
    /// the programme participant's municipality.
    async fn municipality_names(&self) -> Result<HashMap<String, String>, StoreError> {
        let mut names: HashMap<String, String> = HashMap::new();
        let orgs: Vec<(String, String)> = sqlx::query_as(
            "SELECT kommunenummer, name FROM organisations WHERE kommunenummer IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        for (k, name) in orgs {
            if name.ends_with(" kommune") {
                names.entry(k).or_insert(name);
            }
        }
        let participants: Vec<(String, String)> = sqlx::query_as(
            "SELECT kommunenummer, municipality FROM programme_participants WHERE kommunenummer IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        for (k, m) in participants {
            names.entry(k).or_insert_with(|| format!("{m} kommune"));
        }
        Ok(names)
    }

    /// The published reports (state `publisert`: the recipient has released them) of the
    /// published entries, with the indicator values of the approved version where the entry's
    /// results are published.
    async fn open_reports(
        &self,
        entries: &HashSet<String>,
        with_results: &HashSet<String>,
    ) -> Result<BTreeMap<String, Vec<OpenReport>>, StoreError> {
        let mut out: BTreeMap<String, Vec<OpenReport>> = BTreeMap::new();
        if entries.is_empty() {
            return Ok(out);
        }
        let reports: Vec<ReportRow> = sqlx::query_as(
            "SELECT id, project_id, kind, year, period_start, period_end, updated_at
             FROM reports WHERE state = 'publisert' ORDER BY year DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let indicators: Vec<IndicatorRow> = sqlx::query_as(
            "SELECT i.report_id, i.name, i.unit, i.baseline, i.target, i.actual
             FROM report_indicators i JOIN reports r ON r.id = i.report_id
             WHERE r.state = 'publisert'
               AND i.version_id = (SELECT MAX(x.version_id) FROM report_indicators x WHERE x.report_id = i.report_id)
             ORDER BY i.report_id, i.position",
        )
        .fetch_all(&self.pool)
        .await?;
        for r in reports
            .into_iter()
            .filter(|r| entries.contains(&r.project_id))
        {
            let values = indicators
                .iter()
                .filter(|i| i.report_id == r.id && with_results.contains(&r.project_id))
                .map(|i| OpenIndicator {
                    name: i.name.clone(),
                    unit: i.unit.clone(),
                    baseline: i.baseline,
                    target: i.target,
                    actual: i.actual,
                    period_start: r.period_start.clone(),
                    period_end: r.period_end.clone(),
                })
                .collect();
            out.entry(r.project_id.clone())
                .or_default()
                .push(OpenReport {
                    id: r.id,
                    title: format!("{} {}", report_kind_label(&r.kind), r.year),
                    year: r.year as i32,
                    published_at: r.updated_at,
                    indicators: values,
                    entry_id: r.project_id,
                });
        }
        Ok(out)
    }
}

impl Store {
    /// When each published report was last changed (its publication), by report id.
    pub async fn published_report_times(&self) -> Result<HashMap<i64, String>, StoreError> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, updated_at FROM reports WHERE state = 'publisert'")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().collect())
    }
}

impl Store {
    /// Where the sources disagree about a published entry, or a value is inferred: the notes the
    /// entry's internal page shows, for its public page. Empty unless the entry is published
    /// with its entry.
    pub async fn open_source_notes(
        &self,
        data: &OpenData,
        entry: &str,
    ) -> Result<Vec<husk_domain::quality::SourceNote>, StoreError> {
        if !data.publishes_entry(entry) {
            return Ok(Vec::new());
        }
        self.source_notes_of(entry).await
    }
}
