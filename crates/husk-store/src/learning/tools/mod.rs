//! The toolbox on both backends: tools with their guides, every change a version (who, when,
//! the whole guide), which office uses which tool (seed 004's Tabell 5-1, and the tools used
//! at an office's learning arenas), the ranking for a situation and the tools' evaluation
//! scores. The rules are [`husk_domain::learning::tools`]'; reads go through [`Reader`]
//! ([`husk_domain::Viewer::may_read_toolbox`], [`husk_domain::Viewer::may_read_tool`]), and the
//! caller checks [`husk_domain::Viewer::may_edit_tools`] before a write.

mod sql;

use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::learning::tools::{
    rank, seed_tools, Candidate, Example, Ranked, Situation, Tool, ToolInput, Usage, UsageSource,
    UseDirection, TABLE_5_1_SOURCE,
};
use husk_domain::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The guides Husk wrote for the demo's tools (`data/demo/learning_tool_guides.toml`).
const DEMO_GUIDES: &str = include_str!("../../../../../data/demo/learning_tool_guides.toml");

/// A tool as a viewer reads it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredTool {
    pub id: i64,
    #[serde(flatten)]
    pub tool: Tool,
    /// The newest version's number.
    pub version: i64,
    pub updated_at: String,
}

/// One version of a tool's guide.
#[derive(Debug, Clone, Serialize)]
pub struct ToolVersion {
    pub version: i64,
    /// The username (or what acted: `demo`) that made it.
    pub changed_by: String,
    pub changed_at: String,
    #[serde(skip)]
    pub tool: Tool,
}

/// A tool recommended for a situation.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    #[serde(flatten)]
    pub ranked: Ranked,
    pub name: String,
    pub category: String,
    /// The average score of the evaluations of arenas where it was used; `None` where none is
    /// known.
    pub evaluation: Option<f64>,
}

#[derive(Deserialize)]
struct GuideFile {
    guide: Vec<ToolInput>,
}

fn parse_tool(id: i64, json: &str) -> Result<Tool, StoreError> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::NotFound(format!("verktøy {id} kan ikke leses ({e})")))
}

fn stored(row: sql::ToolRow) -> Result<StoredTool, StoreError> {
    let (id, guide, version, updated_at) = row;
    Ok(StoredTool {
        id,
        tool: parse_tool(id, &guide)?,
        version,
        updated_at,
    })
}

impl Store {
    /// The category codes a tool may have, in the taxonomy's order.
    fn tool_categories(&self) -> Vec<&str> {
        self.taxonomy()
            .learning_tools
            .iter()
            .map(|c| c.code.as_str())
            .collect()
    }

    /// Every tool, in category order and then by name; unfiltered.
    pub(crate) async fn tools_unfiltered(&self) -> Result<Vec<StoredTool>, StoreError> {
        let order = self.tool_categories();
        let mut out = sql::tools(&self.pool)
            .await?
            .into_iter()
            .map(stored)
            .collect::<Result<Vec<_>, _>>()?;
        let pos = |c: &str| order.iter().position(|x| *x == c).unwrap_or(order.len());
        out.sort_by(|a, b| {
            pos(&a.tool.category)
                .cmp(&pos(&b.tool.category))
                .then_with(|| a.tool.name.to_lowercase().cmp(&b.tool.name.to_lowercase()))
        });
        Ok(out)
    }

    /// Checks a tool as typed, and that its examples exist and its name is free (`id`: the
    /// tool being changed).
    async fn check_tool(&self, id: Option<i64>, input: &ToolInput) -> Result<Tool, SaveError> {
        let tool = input
            .validate(&self.tool_categories())
            .map_err(SaveError::Invalid)?;
        let mut e = FieldErrors::new();
        if let Some(other) = sql::tool_named(&self.pool, &tool.name).await? {
            if Some(other) != id {
                e.push(
                    "navn",
                    format!(
                        "Det finnes allerede et verktøy som heter «{}». Gi verktøyet et annet navn, eller endre det som finnes.",
                        tool.name
                    ),
                );
            }
        }
        for x in &tool.examples {
            let exists = match x {
                Example::Prosjekt(p) => sql::project_exists(&self.pool, p).await?,
                Example::Dokument(d) => sql::document_exists(&self.pool, *d).await?,
                Example::Arena(a) => sql::arena_exists(&self.pool, *a).await?,
            };
            if !exists {
                e.push(
                    "eksempler",
                    format!(
                        "Fant ikke «{}» i Husk. Sjekk id-en, eller fjern linjen.",
                        x.line()
                    ),
                );
                break;
            }
        }
        e.into_result(tool).map_err(SaveError::Invalid)
    }

    fn columns<'a>(&self, tool: &'a Tool, guide: &'a str, now: &'a str) -> sql::ToolColumns<'a> {
        sql::ToolColumns {
            name: &tool.name,
            category: &tool.category,
            public: tool.public,
            guide,
            updated_by: self.actor().and_then(|a| a.user_id),
            now,
        }
    }

    fn actor_name(&self) -> String {
        self.actor()
            .map_or_else(|| "system".to_string(), |a| a.name.clone())
    }

    /// Adds a tool: its first version. The caller has checked
    /// [`husk_domain::Viewer::may_edit_tools`].
    pub async fn create_tool(&self, input: &ToolInput) -> Result<i64, SaveError> {
        let tool = self.check_tool(None, input).await?;
        let guide = serde_json::to_string(&tool).expect("a tool serialises");
        let now = crate::now_text();
        let c = self.columns(&tool, &guide, &now);
        let mut tx = self.begin_write().await?;
        let id = sql::insert_tool(&mut *tx, &c).await?;
        sql::insert_version(&mut *tx, id, 1, &c, &self.actor_name()).await?;
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Changes a tool: a new version, unless nothing changed (then `Ok(false)`). The caller
    /// has checked [`husk_domain::Viewer::may_edit_tools`].
    pub async fn update_tool(&self, id: i64, input: &ToolInput) -> Result<bool, SaveError> {
        let Some(row) = sql::tool(&self.pool, id).await? else {
            return Err(StoreError::NotFound(format!("verktøy {id}")).into());
        };
        let tool = self.check_tool(Some(id), input).await?;
        if parse_tool(id, &row.1)? == tool {
            return Ok(false);
        }
        let guide = serde_json::to_string(&tool).expect("a tool serialises");
        let now = crate::now_text();
        let c = self.columns(&tool, &guide, &now);
        let mut tx = self.begin_write().await?;
        let Some(version) = sql::update_tool(&mut *tx, id, &c).await? else {
            return Err(StoreError::NotFound(format!("verktøy {id}")).into());
        };
        sql::insert_version(&mut *tx, id, version, &c, &self.actor_name()).await?;
        Self::commit_write(tx).await?;
        Ok(true)
    }

    /// Records that a tool was used at a learning arena (for the usage statistics and the
    /// evaluation scores). For the arenas' part; the caller has checked who may.
    pub async fn link_tool_to_arena(&self, tool: i64, arena: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sql::link_arena(&mut *tx, tool, arena).await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Takes a tool off the tools used at an arena (the tool and the arena stay). The caller
    /// has checked [`husk_domain::Viewer::may_remove_from_arena`].
    pub async fn unlink_tool_from_arena(&self, tool: i64, arena: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if sql::unlink_arena(&mut *tx, tool, arena).await? == 0 {
            return Err(StoreError::NotFound(format!(
                "verktøy {tool} på arena {arena}"
            )));
        }
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// (id, name) of the tools used at a learning arena, by name. For the arenas' part; the
    /// caller has checked that the viewer reads the arena.
    pub async fn tools_at_arena(&self, arena: i64) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(sql::tools_at_arena(&self.pool, arena).await?)
    }

    /// (id, name) of every tool in the toolbox, by name (the choices of the arena page's form).
    pub async fn tool_names(&self) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(sql::tool_names(&self.pool).await?)
    }

    /// The average evaluation score of each tool, over the evaluations of the arenas where it
    /// was used (`learning_tool_arenas`): the mean of those arenas' overall scores (the core
    /// scale questions' average), counting only arenas whose results are shown (five answers
    /// or more), so a score never reveals a smaller group's answers.
    pub async fn tool_evaluation_averages(&self) -> Result<HashMap<i64, f64>, StoreError> {
        use husk_domain::learning::evaluations::{
            core_questions, round2, Answers, Results, Visibility,
        };
        // One statement: every answer of every arena a tool was used at, by tool and arena.
        // An arena's answers come once per tool used there; they are kept from the first.
        let rows = sql::tool_arena_answers(&self.pool).await?;
        let mut links: Vec<(i64, i64)> = Vec::new();
        let mut first_tool: HashMap<i64, i64> = HashMap::new();
        let mut answers: HashMap<i64, Vec<Answers>> = HashMap::new();
        for (tool, arena, json) in rows {
            if *first_tool.entry(arena).or_insert(tool) == tool {
                answers
                    .entry(arena)
                    .or_default()
                    .push(super::evaluations::parse_answers(&json));
            }
            if links.last() != Some(&(tool, arena)) {
                links.push((tool, arena));
            }
        }
        // The overall score is the core questions' (extra questions do not count in it).
        let core = core_questions();
        let overall: HashMap<i64, Option<f64>> = answers
            .iter()
            .map(|(arena, a)| {
                let o = (Visibility::of(a.len()) == Visibility::Shown)
                    .then(|| Results::compute(&core, a).overall())
                    .flatten();
                (*arena, o)
            })
            .collect();
        let mut scores: HashMap<i64, Vec<f64>> = HashMap::new();
        for (tool, arena) in links {
            if let Some(Some(o)) = overall.get(&arena) {
                scores.entry(tool).or_default().push(*o);
            }
        }
        Ok(scores
            .into_iter()
            .map(|(tool, s)| (tool, round2(s.iter().sum::<f64>() / s.len() as f64)))
            .collect())
    }

    /// Every usage fact: Tabell 5-1's rows and the offices whose arenas used a tool.
    async fn usages(&self) -> Result<Vec<Usage>, StoreError> {
        let mut out: Vec<Usage> = sql::usage(&self.pool)
            .await?
            .into_iter()
            .map(|(tool_id, office, direction)| Usage {
                tool_id,
                office,
                direction: UseDirection::from_code(&direction),
                source: UsageSource::Table,
            })
            .collect();
        out.extend(
            sql::arena_usage(&self.pool)
                .await?
                .into_iter()
                .map(|(tool_id, office)| Usage {
                    tool_id,
                    office,
                    direction: None,
                    source: UsageSource::Arena,
                }),
        );
        Ok(out)
    }

    /// Loads every tool of Tabell 5-1 with the offices that use it, and the guides Husk wrote
    /// for some of them (idempotent: nothing is loaded once the toolbox has tools).
    pub(crate) async fn load_demo_tools(&self) -> Result<(), StoreError> {
        if sql::count_tools(&self.pool).await? > 0 {
            return Ok(());
        }
        let guides: GuideFile = toml::from_str(DEMO_GUIDES)
            .unwrap_or_else(|e| panic!("data/demo/learning_tool_guides.toml is malformed: {e}"));
        let categories = self.tool_categories();
        let demo = self.acting_as(crate::Actor::system("demo"));
        let mut tx = demo.begin_write().await?;
        let now = crate::now_text();
        for seed in seed_tools() {
            let input = guides
                .guide
                .iter()
                .find(|g| g.name.eq_ignore_ascii_case(&seed.name))
                .cloned()
                .unwrap_or_else(|| ToolInput {
                    name: seed.name.clone(),
                    category: seed.category.clone(),
                    direction: seed.direction().code().into(),
                    ..ToolInput::default()
                });
            let tool = input
                .validate(&categories)
                .unwrap_or_else(|e| panic!("the demo guide of «{}» is not valid: {e}", seed.name));
            let guide = serde_json::to_string(&tool).expect("a tool serialises");
            let c = demo.columns(&tool, &guide, &now);
            let id = sql::insert_tool(&mut *tx, &c).await?;
            sql::insert_version(&mut *tx, id, 1, &c, "demo").await?;
            for (office, direction) in &seed.used_by {
                sql::insert_usage(&mut *tx, id, office, direction.code(), TABLE_5_1_SOURCE).await?;
            }
        }
        Self::commit_write(tx).await?;
        Ok(())
    }
}

impl Reader<'_> {
    /// Every tool: for everyone logged in.
    pub async fn tools(&self) -> Result<Vec<StoredTool>, StoreError> {
        if !self.viewer.may_read_toolbox() {
            return Err(StoreError::Hidden);
        }
        self.store.tools_unfiltered().await
    }

    /// One tool: `Ok(None)` when there is none, `Err(Hidden)` when the viewer may not read it
    /// (the public reads published guides only).
    pub async fn tool(&self, id: i64) -> Result<Option<StoredTool>, StoreError> {
        let Some(row) = sql::tool(&self.store.pool, id).await? else {
            return Ok(None);
        };
        let t = stored(row)?;
        if self.viewer.may_read_tool(t.tool.public) {
            Ok(Some(t))
        } else {
            Err(StoreError::Hidden)
        }
    }

    /// A tool's versions, oldest first (who changed it is for those logged in).
    pub async fn tool_versions(&self, id: i64) -> Result<Option<Vec<ToolVersion>>, StoreError> {
        if self.tool(id).await?.is_none() {
            return Ok(None);
        }
        if !self.viewer.may_read_toolbox() {
            return Err(StoreError::Hidden);
        }
        sql::versions(&self.store.pool, id)
            .await?
            .into_iter()
            .map(|(version, guide, changed_by, changed_at)| {
                Ok(ToolVersion {
                    version,
                    changed_by,
                    changed_at,
                    tool: parse_tool(id, &guide)?,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// Which office uses which tool: Tabell 5-1 and the offices' learning arenas.
    pub async fn tool_usages(&self) -> Result<Vec<Usage>, StoreError> {
        if !self.viewer.may_read_toolbox() {
            return Err(StoreError::Hidden);
        }
        self.store.usages().await
    }

    /// The tools for a situation, best first, each with why it fits and its evaluation score
    /// where one is known.
    pub async fn recommend(&self, s: &Situation) -> Result<Vec<Recommendation>, StoreError> {
        let tools = self.tools().await?;
        let usages = self.store.usages().await?;
        let scores = self.store.tool_evaluation_averages().await?;
        let mut offices: HashMap<i64, Vec<&str>> = HashMap::new();
        for u in &usages {
            let list = offices.entry(u.tool_id).or_default();
            if !list.contains(&u.office.as_str()) {
                list.push(&u.office);
            }
        }
        let candidates: Vec<Candidate<'_>> = tools
            .iter()
            .map(|t| Candidate {
                id: t.id,
                tool: &t.tool,
                offices: offices.get(&t.id).map_or(0, Vec::len),
            })
            .collect();
        Ok(rank(&candidates, s)
            .into_iter()
            .filter_map(|r| {
                let t = tools.iter().find(|t| t.id == r.id)?;
                Some(Recommendation {
                    evaluation: scores.get(&r.id).copied(),
                    name: t.tool.name.clone(),
                    category: t.tool.category.clone(),
                    ranked: r,
                })
            })
            .collect())
    }
}
