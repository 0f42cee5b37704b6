//! The toolbox (*verktøykasse*): learning tools in the five categories of seed 004 (FoU,
//! prosessuelle, organisatoriske, strukturelle, digitale), each with a guide written in Husk,
//! the offices that use each tool (seed 004, Tabell 5-1), and the ranking of tools for a
//! situation ([`rank`]).
//!
//! A tool's guide is Husk's own text, not the reports'; the pages say so. Which office uses
//! which tool, internally or externally, is the report's fact and names it as the source
//! ([`TABLE_5_1_SOURCE`]). Who may read and change the toolbox is decided here too
//! ([`Viewer::may_read_toolbox`], [`Viewer::may_read_tool`], [`Viewer::may_edit_tools`]).

use crate::limits;
use crate::norwegian::{count, list};
use crate::validation::FieldErrors;
use crate::Viewer;
use serde::{Deserialize, Serialize};

/// Table 5-1 of seed 004: which office reported using which tool, internally or externally.
const TABLE_5_1_CSV: &str = include_str!("../../../../data/reference/learning_tools_by_office.csv");

/// Where the usage facts come from, as the pages name it.
pub const TABLE_5_1_SOURCE: &str = "Rambøll og mcs:consult for Husbanken (2016): «Fra boligsosialt kompetansetilskudd til Husbankens kommuneprogram», kap. 5.3.1, Tabell 5-1 (seed 004)";

/// What the pages say of every guide.
pub const GUIDE_LABEL: &str = "Veiledning skrevet i Husk, ikke fra rapportene";

/// A tool others use "often": at least this many other offices use it.
pub const OFTEN_USED_BY: usize = 2;

/// The longest guide section (about four pages).
pub const GUIDE_TEXT: usize = 8_000;

/// At most this many examples in a guide.
pub const MAX_EXAMPLES: usize = 30;

code_enum!(
    /// Whether an office uses a tool within Husbanken or with the municipalities and others
    /// (Tabell 5-1's two columns).
    UseDirection {
        Internal = "internt", "Internt";
        External = "eksternt", "Eksternt";
    }
    expected "internt eller eksternt"
);

code_enum!(
    /// How a tool is meant to be used, as its guide says.
    ToolDirection {
        Internal = "internt", "Internt, i Husbanken";
        External = "eksternt", "Eksternt, med kommuner og andre";
        Both = "begge", "Både internt og eksternt";
    }
    expected "internt, eksternt eller begge"
);

code_enum!(
    /// What a situation needs a tool for.
    Need {
        ShareExperience = "dele-erfaring", "Dele erfaring";
        UseResearch = "ta-forskning-i-bruk", "Ta forskning i bruk";
        ChangeRoutine = "endre-rutine", "Endre en rutine";
        ReachUsers = "na-brukerne", "Nå brukerne";
        StartNetwork = "starte-nettverk", "Starte et nettverk";
    }
    expected "dele-erfaring, ta-forskning-i-bruk, endre-rutine, na-brukerne eller starte-nettverk"
);

code_enum!(
    /// Whom a tool is used with.
    PartnerKind {
        Municipalities = "kommuner", "Kommuner";
        Offices = "kontor", "Andre Husbanken-kontor";
        StateAgencies = "statlige", "Statlige etater";
        Voluntary = "frivillige", "Frivillige organisasjoner";
        Research = "forskning", "Forsknings- og utdanningsmiljøer";
        Users = "brukere", "Brukere og brukerorganisasjoner";
    }
    expected "kommuner, kontor, statlige, frivillige, forskning eller brukere"
);

code_enum!(
    /// How much time and how many resources a tool takes (or a situation has).
    Effort {
        Low = "lite", "Lite: noen timer";
        Medium = "middels", "Middels: noen dager";
        High = "mye", "Mye: uker eller mer";
    }
    expected "lite, middels eller mye"
);

impl Need {
    /// The need as the end of «passer til å …».
    pub fn phrase(self) -> &'static str {
        match self {
            Need::ShareExperience => "dele erfaring",
            Need::UseResearch => "ta forskning i bruk",
            Need::ChangeRoutine => "endre en rutine",
            Need::ReachUsers => "nå brukerne",
            Need::StartNetwork => "starte et nettverk",
        }
    }
}

impl Effort {
    fn phrase(self) -> &'static str {
        match self {
            Effort::Low => "lite tid",
            Effort::Medium => "noen dagers arbeid",
            Effort::High => "uker med arbeid eller mer",
        }
    }
}

/// The needs a category's tools usually serve, where a tool's guide does not say (seed 004's
/// description of the five categories, ch. 5.2; Husk's reading of it, so a ranking built on it
/// says «utledet»).
pub fn category_needs(category: &str) -> &'static [Need] {
    match category {
        "fou" => &[Need::UseResearch],
        "prosessuell" => &[Need::ShareExperience, Need::UseResearch],
        "organisatorisk" => &[Need::StartNetwork, Need::ShareExperience],
        "strukturell" => &[Need::ChangeRoutine],
        "digital" => &[Need::ReachUsers, Need::ShareExperience],
        _ => &[],
    }
}

/// A reference from a guide to something in Husk that shows the tool in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum Example {
    /// A register entry, by its id (`ost-10`).
    Prosjekt(String),
    /// A document in the knowledge base, by its number.
    Dokument(i64),
    /// A learning arena, by its number.
    Arena(i64),
}

impl Example {
    /// The line a guide's form shows for it.
    pub fn line(&self) -> String {
        match self {
            Example::Prosjekt(id) => format!("prosjekt {id}"),
            Example::Dokument(id) => format!("dokument {id}"),
            Example::Arena(id) => format!("arena {id}"),
        }
    }

    /// Where its page is.
    pub fn href(&self) -> String {
        match self {
            Example::Prosjekt(id) => format!("/prosjekter/{id}"),
            Example::Dokument(id) => format!("/dokumenter/{id}"),
            Example::Arena(id) => format!("/laeringsarenaer/{id}"),
        }
    }

    fn parse(line: &str) -> Option<Example> {
        let (kind, id) = line.trim().split_once(char::is_whitespace)?;
        let id = id.trim();
        if id.is_empty() || id.contains(char::is_whitespace) {
            return None;
        }
        match kind.to_lowercase().as_str() {
            "prosjekt" => Some(Example::Prosjekt(id.to_string())),
            "dokument" => id.parse().ok().map(Example::Dokument),
            "arena" => id.parse().ok().map(Example::Arena),
            _ => None,
        }
    }
}

/// A tool with its guide, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    /// A code of the taxonomy's `LearningToolCategory`.
    pub category: String,
    pub direction: ToolDirection,
    /// `None`: the guide does not say.
    pub effort: Option<Effort>,
    /// The needs it serves (empty: the guide does not say; the category's are used).
    pub needs: Vec<Need>,
    /// The partners it suits (empty: the guide does not say).
    pub partners: Vec<PartnerKind>,
    /// What it is for.
    pub purpose: String,
    pub good_when: String,
    pub not_when: String,
    /// Step by step, one step a line.
    pub steps: String,
    pub time_resources: String,
    pub pitfalls: String,
    pub examples: Vec<Example>,
    /// Readable without login at its page.
    pub public: bool,
}

impl Tool {
    /// Whether a guide has been written (not just the tool's name and category).
    pub fn has_guide(&self) -> bool {
        !self.purpose.trim().is_empty()
    }

    /// The steps, one per non-empty line.
    pub fn step_list(&self) -> Vec<&str> {
        self.steps
            .lines()
            .map(|l| l.trim().trim_start_matches(['-', '*']).trim())
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// The guide as lines of text, in the order the page shows it: what two versions are
    /// compared by.
    pub fn guide_lines(&self) -> String {
        let codes = |v: Vec<&str>| {
            if v.is_empty() {
                "ikke oppgitt".to_string()
            } else {
                v.join(", ")
            }
        };
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        line(format!("Navn: {}", self.name));
        line(format!("Kategori: {}", self.category));
        line(format!("Bruk: {}", self.direction.label()));
        line(format!(
            "Tid og ressurser: {}",
            self.effort.map_or("ikke oppgitt", Effort::label)
        ));
        line(format!(
            "Behov: {}",
            codes(self.needs.iter().map(|n| n.label()).collect())
        ));
        line(format!(
            "Passer for: {}",
            codes(self.partners.iter().map(|p| p.label()).collect())
        ));
        line(format!(
            "Offentlig: {}",
            if self.public { "ja" } else { "nei" }
        ));
        for (heading, text) in [
            ("Hva det er til", &self.purpose),
            ("Når det er et godt valg", &self.good_when),
            ("Når det ikke er det", &self.not_when),
            ("Steg for steg", &self.steps),
            ("Tid og ressurser", &self.time_resources),
            ("Fallgruver", &self.pitfalls),
        ] {
            line(format!("## {heading}"));
            for l in text.lines() {
                line(l.trim_end().to_string());
            }
        }
        line("## Eksempler".to_string());
        for e in &self.examples {
            line(e.line());
        }
        out
    }

    /// The tool as its form shows it, for editing.
    pub fn input(&self) -> ToolInput {
        ToolInput {
            name: self.name.clone(),
            category: self.category.clone(),
            direction: self.direction.code().into(),
            effort: self
                .effort
                .map(|e| e.code().to_string())
                .unwrap_or_default(),
            needs: self.needs.iter().map(|n| n.code().to_string()).collect(),
            partners: self.partners.iter().map(|p| p.code().to_string()).collect(),
            purpose: self.purpose.clone(),
            good_when: self.good_when.clone(),
            not_when: self.not_when.clone(),
            steps: self.steps.clone(),
            time_resources: self.time_resources.clone(),
            pitfalls: self.pitfalls.clone(),
            examples: self
                .examples
                .iter()
                .map(Example::line)
                .collect::<Vec<_>>()
                .join("\n"),
            public: self.public,
        }
    }
}

/// A tool as typed in its form (field names are the form's: `navn`, `kategori`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ToolInput {
    pub name: String,
    pub category: String,
    pub direction: String,
    pub effort: String,
    pub needs: Vec<String>,
    pub partners: Vec<String>,
    pub purpose: String,
    pub good_when: String,
    pub not_when: String,
    pub steps: String,
    pub time_resources: String,
    pub pitfalls: String,
    /// One example a line: `prosjekt ost-10`, `dokument 12` or `arena 3`.
    pub examples: String,
    pub public: bool,
}

/// Codes ticked in a checkbox group, each known, or the field's error.
fn coded_list<T: Copy + PartialEq>(
    e: &mut FieldErrors,
    field: &str,
    raw: &[String],
    from_code: impl Fn(&str) -> Option<T>,
    expected: &str,
) -> Vec<T> {
    let mut out = Vec::new();
    for r in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        match from_code(r) {
            Some(v) if !out.contains(&v) => out.push(v),
            Some(_) => {}
            None => {
                e.push(
                    field,
                    format!("«{r}» er ikke et gyldig valg. Velg blant {expected}."),
                );
                return out;
            }
        }
    }
    out
}

impl ToolInput {
    /// Checks the form and lists every problem at its field (`navn`, `kategori`, `bruk`,
    /// `tid`, `behov`, `partnere`, the guide's sections and `eksempler`). `categories` are the
    /// taxonomy's learning tool categories.
    pub fn validate(&self, categories: &[&str]) -> Result<Tool, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = self.name.trim();
        if name.is_empty() {
            e.push(
                "navn",
                "Skriv hva verktøyet heter, for eksempel «Kunnskapingsmøter».",
            );
        } else {
            limits::check(&mut e, "navn", "Navn", name, limits::NAME);
        }
        let category = self.category.trim();
        if category.is_empty() {
            e.push(
                "kategori",
                "Velg hvilken av de fem kategoriene verktøyet hører til.",
            );
        } else if !categories.contains(&category) {
            e.push(
                "kategori",
                format!(
                    "«{category}» er ikke en kategori Husk kjenner. Velg {}.",
                    list(categories, "eller")
                ),
            );
        }
        let direction = match self.direction.trim() {
            "" => {
                e.push(
                    "bruk",
                    "Velg om verktøyet brukes internt, eksternt eller begge deler.",
                );
                None
            }
            raw => {
                let d = ToolDirection::from_code(raw);
                if d.is_none() {
                    e.push(
                        "bruk",
                        format!(
                            "«{raw}» er ikke et gyldig valg. Velg {}.",
                            ToolDirection::expected()
                        ),
                    );
                }
                d
            }
        };
        let effort = match self.effort.trim() {
            "" => None,
            raw => {
                let v = Effort::from_code(raw);
                if v.is_none() {
                    e.push(
                        "tid",
                        format!(
                            "«{raw}» er ikke et gyldig valg. Velg {}, eller la feltet stå tomt.",
                            Effort::expected()
                        ),
                    );
                }
                v
            }
        };
        let needs = coded_list(
            &mut e,
            "behov",
            &self.needs,
            Need::from_code,
            Need::expected(),
        );
        let partners = coded_list(
            &mut e,
            "partnere",
            &self.partners,
            PartnerKind::from_code,
            PartnerKind::expected(),
        );
        for (field, label, text) in [
            ("formal", "Hva det er til", &self.purpose),
            ("godt-valg", "Når det er et godt valg", &self.good_when),
            ("ikke-valg", "Når det ikke er det", &self.not_when),
            ("steg", "Steg for steg", &self.steps),
            ("ressurser", "Tid og ressurser", &self.time_resources),
            ("fallgruver", "Fallgruver", &self.pitfalls),
        ] {
            limits::check(&mut e, field, label, text, GUIDE_TEXT);
        }
        let mut examples = Vec::new();
        for (i, line) in self.examples.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match Example::parse(line) {
                Some(x) if examples.len() < MAX_EXAMPLES => examples.push(x),
                Some(_) => {
                    e.push(
                        "eksempler",
                        format!("En veiledning kan ha høyst {MAX_EXAMPLES} eksempler."),
                    );
                    break;
                }
                None => {
                    e.push(
                        "eksempler",
                        format!(
                            "Linje {}: «{}» er ikke et eksempel Husk forstår. Skriv ett eksempel på hver linje: «prosjekt ID», «dokument NUMMER» eller «arena NUMMER», for eksempel «prosjekt ost-10».",
                            i + 1,
                            line.trim()
                        ),
                    );
                    break;
                }
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Tool {
            name: name.to_string(),
            category: category.to_string(),
            direction: direction.expect("checked"),
            effort,
            needs,
            partners,
            purpose: self.purpose.trim().to_string(),
            good_when: self.good_when.trim().to_string(),
            not_when: self.not_when.trim().to_string(),
            steps: self.steps.trim().to_string(),
            time_resources: self.time_resources.trim().to_string(),
            pitfalls: self.pitfalls.trim().to_string(),
            examples,
            public: self.public,
        })
    }
}

/// One row of Tabell 5-1.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TableRow {
    pub office: String,
    pub direction: UseDirection,
    #[serde(rename = "tool_nb")]
    pub tool: String,
    pub category: String,
}

/// Tabell 5-1 as the reference file gives it (compiled in; checked by this crate's tests).
pub fn table_5_1() -> Vec<TableRow> {
    csv::Reader::from_reader(TABLE_5_1_CSV.as_bytes())
        .deserialize()
        .collect::<Result<Vec<TableRow>, _>>()
        .unwrap_or_else(|e| panic!("learning_tools_by_office.csv is malformed: {e}"))
}

/// A tool of Tabell 5-1 with every office that reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedTool {
    pub name: String,
    pub category: String,
    pub used_by: Vec<(String, UseDirection)>,
}

impl SeedTool {
    /// How the offices use it: both ways, or the one way they all do.
    pub fn direction(&self) -> ToolDirection {
        let internal = self.used_by.iter().any(|u| u.1 == UseDirection::Internal);
        let external = self.used_by.iter().any(|u| u.1 == UseDirection::External);
        match (internal, external) {
            (true, true) => ToolDirection::Both,
            (true, false) => ToolDirection::Internal,
            _ => ToolDirection::External,
        }
    }
}

/// The tools of Tabell 5-1, one per name (the same name at several offices is one tool), in
/// the table's order.
pub fn seed_tools() -> Vec<SeedTool> {
    let mut out: Vec<SeedTool> = Vec::new();
    for r in table_5_1() {
        let key = r.tool.trim().to_lowercase();
        match out.iter_mut().find(|t| t.name.to_lowercase() == key) {
            Some(t) => t.used_by.push((r.office, r.direction)),
            None => out.push(SeedTool {
                name: r.tool.trim().to_string(),
                category: r.category,
                used_by: vec![(r.office, r.direction)],
            }),
        }
    }
    out
}

/// A situation as typed in the chooser's form or the API's parameters (`need`, `partner`,
/// `direction`, `effort`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SituationInput {
    pub need: String,
    pub partner: String,
    pub direction: String,
    pub effort: String,
}

/// What a situation needs a tool for, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    pub need: Need,
    pub partner: Option<PartnerKind>,
    pub direction: Option<UseDirection>,
    /// The time and resources available.
    pub effort: Option<Effort>,
}

fn optional_code<T>(
    e: &mut FieldErrors,
    field: &str,
    what: &str,
    raw: &str,
    from_code: impl Fn(&str) -> Option<T>,
    expected: &str,
) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let v = from_code(raw);
    if v.is_none() {
        e.push(
            field,
            format!(
                "«{raw}» er ikke {what} Husk kjenner. Skriv {expected}, eller la det stå tomt."
            ),
        );
    }
    v
}

impl SituationInput {
    /// Checks the situation; every problem at its parameter, in Norwegian.
    pub fn validate(&self) -> Result<Situation, FieldErrors> {
        let mut e = FieldErrors::new();
        let need = match self.need.trim() {
            "" => {
                e.push(
                    "need",
                    format!(
                        "Velg hva dere trenger et verktøy til: {}.",
                        Need::expected()
                    ),
                );
                None
            }
            raw => {
                let n = Need::from_code(raw);
                if n.is_none() {
                    e.push(
                        "need",
                        format!(
                            "«{raw}» er ikke et behov Husk kjenner. Skriv {}.",
                            Need::expected()
                        ),
                    );
                }
                n
            }
        };
        let partner = optional_code(
            &mut e,
            "partner",
            "en samarbeidspartner",
            &self.partner,
            PartnerKind::from_code,
            PartnerKind::expected(),
        );
        let direction = optional_code(
            &mut e,
            "direction",
            "en bruk",
            &self.direction,
            UseDirection::from_code,
            UseDirection::expected(),
        );
        let effort = optional_code(
            &mut e,
            "effort",
            "en mengde tid",
            &self.effort,
            Effort::from_code,
            Effort::expected(),
        );
        match need {
            Some(need) if e.is_empty() => Ok(Situation {
                need,
                partner,
                direction,
                effort,
            }),
            _ => Err(e),
        }
    }
}

/// A tool the ranking may choose: its id, the tool, and how many offices use it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub id: i64,
    pub tool: &'a Tool,
    pub offices: usize,
}

/// A tool as ranked for a situation, with one sentence why it fits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranked {
    pub id: i64,
    pub score: i32,
    pub why: String,
    /// The fit rests on the category, not on the tool's own guide (the sentence says so).
    pub derived: bool,
}

/// Ranks the tools for a situation, best first. A tool fits when its guide names the need,
/// or (without needs of its own) its category usually serves it; a tool used the other way
/// than the situation asks (internally, externally) is left out. Among those that fit, a
/// matching partner, time within what is available and more offices using it rank higher.
pub fn rank(candidates: &[Candidate<'_>], s: &Situation) -> Vec<Ranked> {
    let mut out: Vec<(Ranked, usize, &str)> = Vec::new();
    for c in candidates {
        let t = c.tool;
        let derived = t.needs.is_empty();
        let fits = if derived {
            category_needs(&t.category).contains(&s.need)
        } else {
            t.needs.contains(&s.need)
        };
        if !fits {
            continue;
        }
        let direction_ok = match (s.direction, t.direction) {
            (None, _) | (_, ToolDirection::Both) => true,
            (Some(UseDirection::Internal), d) => d == ToolDirection::Internal,
            (Some(UseDirection::External), d) => d == ToolDirection::External,
        };
        if !direction_ok {
            continue;
        }
        let mut score = if derived { 6 } else { 10 };
        let mut parts: Vec<String> = Vec::new();
        parts.push(if derived {
            format!(
                "er et verktøy i en kategori som ofte brukes til å {} (utledet av kategorien, verktøyet har ingen veiledning ennå)",
                s.need.phrase()
            )
        } else {
            format!("passer til å {}", s.need.phrase())
        });
        if let Some(p) = s.partner {
            if t.partners.contains(&p) {
                score += 4;
                parts.push(format!("egner seg med {}", p.label().to_lowercase()));
            } else if !t.partners.is_empty() {
                score -= 3;
                parts.push(format!(
                    "er mest laget for {}",
                    list(
                        &t.partners
                            .iter()
                            .map(|p| p.label().to_lowercase())
                            .collect::<Vec<_>>(),
                        "og"
                    )
                ));
            }
        }
        if s.direction.is_some() {
            score += 2;
        }
        match (t.effort, s.effort) {
            (Some(need), Some(have)) if need <= have => {
                score += 2;
                parts.push(format!("krever {}", need.phrase()));
            }
            (Some(need), Some(_)) => {
                score -= 4;
                parts.push(format!("krever {}, mer enn dere har", need.phrase()));
            }
            (Some(need), None) => parts.push(format!("krever {}", need.phrase())),
            (None, _) => {}
        }
        if c.offices > 0 {
            parts.push(format!(
                "{} bruker det",
                count(c.offices as i64, "kontor", "kontor")
            ));
        }
        let why = format!("{} {}.", t.name, list(&parts, "og"));
        out.push((
            Ranked {
                id: c.id,
                score,
                why,
                derived,
            },
            c.offices,
            t.name.as_str(),
        ));
    }
    out.sort_by(|a, b| {
        b.0.score
            .cmp(&a.0.score)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(b.2))
    });
    out.into_iter().map(|(r, _, _)| r).collect()
}

/// Where a usage fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UsageSource {
    /// Seed 004's Tabell 5-1.
    Table,
    /// A learning arena of the office that used the tool.
    Arena,
}

/// One office's use of one tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub tool_id: i64,
    pub office: String,
    pub direction: Option<UseDirection>,
    pub source: UsageSource,
}

/// An office's name as the toolbox shows it: Tabell 5-1's national column is the strategy
/// office, not the national pot.
pub fn office_name(code: &str, tax: &crate::Taxonomy) -> String {
    if code == "nasjonal" {
        return "Strategikontoret".into();
    }
    tax.region(code)
        .map_or(code.to_string(), |r| r.name_nb.clone())
}

/// The offices that use a tool (whom to ask), in `offices` order.
pub fn offices_using(usages: &[Usage], tool_id: i64, offices: &[&str]) -> Vec<String> {
    offices
        .iter()
        .filter(|o| {
            usages
                .iter()
                .any(|u| u.tool_id == tool_id && u.office == **o)
        })
        .map(|o| o.to_string())
        .collect()
}

/// A tool an office never uses that others use often, with those offices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub tool_id: i64,
    pub used_by: Vec<String>,
}

/// The tools `office` never uses that at least [`OFTEN_USED_BY`] other offices use, the most
/// used first (then by id).
pub fn never_used_by(usages: &[Usage], office: &str, offices: &[&str]) -> Vec<Gap> {
    let mut ids: Vec<i64> = usages.iter().map(|u| u.tool_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut gaps: Vec<Gap> = ids
        .into_iter()
        .filter(|id| {
            !usages
                .iter()
                .any(|u| u.tool_id == *id && u.office == office)
        })
        .map(|id| Gap {
            tool_id: id,
            used_by: offices_using(usages, id, offices),
        })
        .filter(|g| g.used_by.len() >= OFTEN_USED_BY)
        .collect();
    gaps.sort_by(|a, b| {
        b.used_by
            .len()
            .cmp(&a.used_by.len())
            .then(a.tool_id.cmp(&b.tool_id))
    });
    gaps
}

/// One cell of the usage matrix: how an office uses a tool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub internal: bool,
    pub external: bool,
    /// Used in one of the office's learning arenas.
    pub arena: bool,
}

impl Cell {
    pub fn used(&self) -> bool {
        self.internal || self.external || self.arena
    }

    /// The cell's text: «Eksternt», «Internt og eksternt», «I læringsarena», or «–».
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if self.internal {
            parts.push("internt");
        }
        if self.external {
            parts.push("eksternt");
        }
        if self.arena {
            parts.push("i læringsarena");
        }
        let s = list(&parts, "og");
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => "–".into(),
        }
    }
}

/// The usage matrix: for each tool id in `tool_ids`, a cell per office in `offices`.
pub fn usage_matrix(usages: &[Usage], tool_ids: &[i64], offices: &[&str]) -> Vec<Vec<Cell>> {
    tool_ids
        .iter()
        .map(|id| {
            offices
                .iter()
                .map(|o| {
                    let mut cell = Cell::default();
                    for u in usages.iter().filter(|u| u.tool_id == *id && u.office == *o) {
                        match (u.source, u.direction) {
                            (UsageSource::Arena, _) => cell.arena = true,
                            (_, Some(UseDirection::Internal)) => cell.internal = true,
                            (_, _) => cell.external = true,
                        }
                    }
                    cell
                })
                .collect()
        })
        .collect()
}

/// One line of a comparison of two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `same`, `added` or `removed`.
    pub change: &'static str,
    pub text: String,
}

/// The lines of two versions' guide texts ([`Tool::guide_lines`]), as a line diff.
pub fn compare(old: &str, new: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            change: match c.tag() {
                similar::ChangeTag::Equal => "same",
                similar::ChangeTag::Insert => "added",
                similar::ChangeTag::Delete => "removed",
            },
            text: c.value().trim_end_matches('\n').to_string(),
        })
        .collect()
}

/// Who may read and change the toolbox.
impl Viewer {
    /// The toolbox (the catalogue, the chooser, the usage statistics): everyone logged in.
    pub fn may_read_toolbox(&self) -> bool {
        self.is_logged_in()
    }

    /// One tool's guide: everyone logged in, and the public when the guide is published.
    pub fn may_read_tool(&self, public: bool) -> bool {
        public || self.may_read_toolbox()
    }

    /// Adding tools and changing guides: advisers (of any office: the toolbox is shared) and
    /// administrators.
    pub fn may_edit_tools(&self) -> bool {
        self.may_create_projects()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Role, UserRef};

    fn tool(name: &str, category: &str, needs: &[Need], partners: &[PartnerKind]) -> Tool {
        Tool {
            name: name.into(),
            category: category.into(),
            direction: ToolDirection::External,
            effort: None,
            needs: needs.to_vec(),
            partners: partners.to_vec(),
            purpose: String::new(),
            good_when: String::new(),
            not_when: String::new(),
            steps: String::new(),
            time_resources: String::new(),
            pitfalls: String::new(),
            examples: vec![],
            public: false,
        }
    }

    #[test]
    fn table_5_1_gives_every_tool_once_with_its_offices() {
        let rows = table_5_1();
        assert_eq!(rows.len(), 71);
        assert_eq!(seed_tools().len(), 63);
        let tools = seed_tools();
        let web = tools.iter().find(|t| t.name == "Husbanken.no").unwrap();
        let offices: Vec<&str> = web.used_by.iter().map(|u| u.0.as_str()).collect();
        assert_eq!(offices, ["sor", "vest", "midt", "nasjonal"]);
        assert_eq!(web.category, "digital");
        let forum = tools.iter().find(|t| t.name == "Diskusjonsforum").unwrap();
        assert_eq!(forum.direction(), ToolDirection::Internal);
        // Every row is in exactly one tool.
        assert_eq!(
            tools.iter().map(|t| t.used_by.len()).sum::<usize>(),
            rows.len()
        );
    }

    #[test]
    fn the_ranking_puts_the_tool_that_fits_the_situation_first_and_says_why() {
        let mut network = tool(
            "Læringsnettverk",
            "organisatorisk",
            &[Need::StartNetwork, Need::ShareExperience],
            &[PartnerKind::Municipalities],
        );
        network.effort = Some(Effort::High);
        let mut breakfast = tool(
            "Frokostmøter",
            "prosessuell",
            &[Need::ShareExperience, Need::UseResearch],
            &[PartnerKind::Municipalities, PartnerKind::Voluntary],
        );
        breakfast.effort = Some(Effort::Low);
        let mut forum = tool("Diskusjonsforum", "digital", &[], &[]);
        forum.direction = ToolDirection::Internal;
        let survey = tool("Brukerundersøkelser", "fou", &[], &[]);
        let c = [
            Candidate {
                id: 1,
                tool: &network,
                offices: 2,
            },
            Candidate {
                id: 2,
                tool: &breakfast,
                offices: 1,
            },
            Candidate {
                id: 3,
                tool: &forum,
                offices: 1,
            },
            Candidate {
                id: 4,
                tool: &survey,
                offices: 3,
            },
        ];
        // Sharing experience with municipalities, externally, with little time.
        let s = SituationInput {
            need: "dele-erfaring".into(),
            partner: "kommuner".into(),
            direction: "eksternt".into(),
            effort: "lite".into(),
        }
        .validate()
        .unwrap();
        let r = rank(&c, &s);
        let ids: Vec<i64> = r.iter().map(|x| x.id).collect();
        // The forum is internal only; the survey's category (FoU) is not for sharing.
        assert_eq!(ids, [2, 1]);
        assert_eq!(
            r[0].why,
            "Frokostmøter passer til å dele erfaring, egner seg med kommuner, krever lite tid og 1 kontor bruker det."
        );
        assert!(r[1].why.contains("mer enn dere har"), "{}", r[1].why);
        // Starting a network: the network first, however much time it takes.
        let s = Situation {
            need: Need::StartNetwork,
            partner: None,
            direction: None,
            effort: None,
        };
        assert_eq!(rank(&c, &s)[0].id, 1);
        // Research into practice: the survey fits by its category, and the sentence says so.
        let s = Situation {
            need: Need::UseResearch,
            ..s
        };
        let r = rank(&c, &s);
        assert_eq!(r.iter().map(|x| x.id).collect::<Vec<_>>(), [2, 4]);
        assert!(r[1].derived && r[1].why.contains("utledet av kategorien"));
        // Reaching users internally: only the internal forum.
        let s = Situation {
            need: Need::ReachUsers,
            direction: Some(UseDirection::Internal),
            ..s
        };
        assert_eq!(rank(&c, &s).iter().map(|x| x.id).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn a_bad_situation_names_the_parameter_and_what_is_expected() {
        let e = SituationInput {
            need: "kaffe".into(),
            partner: "naboer".into(),
            direction: "".into(),
            effort: "".into(),
        }
        .validate()
        .unwrap_err();
        assert!(e
            .get("need")
            .unwrap()
            .contains("dele-erfaring, ta-forskning-i-bruk"));
        assert!(e.get("partner").unwrap().contains("«naboer»"));
        let e = SituationInput::default().validate().unwrap_err();
        assert!(e.get("need").unwrap().starts_with("Velg hva dere trenger"));
    }

    #[test]
    fn usage_statistics_find_gaps_and_whom_to_ask() {
        let u = |tool_id, office: &str, d| Usage {
            tool_id,
            office: office.into(),
            direction: Some(d),
            source: UsageSource::Table,
        };
        let usages = vec![
            u(1, "sor", UseDirection::External),
            u(1, "vest", UseDirection::External),
            u(1, "midt", UseDirection::External),
            u(2, "midt", UseDirection::Internal),
            u(3, "vest", UseDirection::External),
            u(3, "midt", UseDirection::External),
            Usage {
                tool_id: 2,
                office: "ost".into(),
                direction: None,
                source: UsageSource::Arena,
            },
        ];
        let offices = ["ost", "sor", "vest", "midt"];
        assert_eq!(offices_using(&usages, 1, &offices), ["sor", "vest", "midt"]);
        let gaps = never_used_by(&usages, "ost", &offices);
        assert_eq!(gaps.iter().map(|g| g.tool_id).collect::<Vec<_>>(), [1, 3]);
        assert!(never_used_by(&usages, "midt", &offices).is_empty());
        let m = usage_matrix(&usages, &[2], &offices);
        assert_eq!(m[0][0].text(), "I læringsarena");
        assert_eq!(m[0][3].text(), "Internt");
        assert_eq!(m[0][1].text(), "–");
    }

    #[test]
    fn a_guide_is_checked_field_by_field_and_versions_compare_by_line() {
        let input = ToolInput {
            name: "Kunnskapingsmøter".into(),
            category: "prosessuell".into(),
            direction: "begge".into(),
            effort: "middels".into(),
            needs: vec!["ta-forskning-i-bruk".into()],
            partners: vec!["kommuner".into()],
            purpose: "Drøfte en FoU-rapport.".into(),
            steps: "Velg rapport\nInviter".into(),
            examples: "prosjekt midt-04\narena 3".into(),
            ..ToolInput::default()
        };
        let cats = ["fou", "prosessuell"];
        let t = input.validate(&cats).unwrap();
        assert_eq!(
            t.examples,
            [Example::Prosjekt("midt-04".into()), Example::Arena(3)]
        );
        assert_eq!(t.input().validate(&cats).unwrap(), t);
        let bad = ToolInput {
            name: " ".into(),
            category: "kaffe".into(),
            direction: "".into(),
            needs: vec!["sove".into()],
            examples: "se rapporten".into(),
            ..input.clone()
        };
        let e = bad.validate(&cats).unwrap_err();
        for f in ["navn", "kategori", "bruk", "behov", "eksempler"] {
            assert!(e.get(f).is_some(), "{f}");
        }
        assert!(e.get("eksempler").unwrap().starts_with("Linje 1"));
        let mut changed = t.clone();
        changed.steps = "Velg rapport\nInviter forfatteren\nInviter".into();
        let diff = compare(&t.guide_lines(), &changed.guide_lines());
        let added: Vec<&str> = diff
            .iter()
            .filter(|d| d.change == "added")
            .map(|d| d.text.as_str())
            .collect();
        assert_eq!(added, ["Inviter forfatteren"]);
        assert!(diff.iter().all(|d| d.change != "removed"));
    }

    #[test]
    fn the_toolbox_is_for_everyone_logged_in_and_edited_by_advisers() {
        let user = |role| {
            Viewer::User(UserRef {
                id: 1,
                username: "u".into(),
                name: "U".into(),
                role,
            })
        };
        let recipient = user(Role::Mottaker { organisation_id: 7 });
        assert!(recipient.may_read_toolbox() && !recipient.may_edit_tools());
        assert!(user(Role::Radgiver {
            region: "vest".into()
        })
        .may_edit_tools());
        assert!(!user(Role::Leser).may_edit_tools());
        assert!(!Viewer::Public.may_read_toolbox());
        assert!(Viewer::Public.may_read_tool(true) && !Viewer::Public.may_read_tool(false));
    }
}
