//! The portfolio: programmes, projects and measures, their grants, and how to select among them.

use crate::codes::{CodeList, Coded};
use crate::ids::{Kommunenummer, Organisasjonsnummer};
use crate::limits;
use crate::taxonomy::Taxonomy;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

code_enum!(
    /// Whether a register entry is a programme, a project or a measure.
    Kind { Program = "program", "Program"; Prosjekt = "prosjekt", "Prosjekt"; Tiltak = "tiltak", "Tiltak"; }
    expected "program, prosjekt eller tiltak"
);
code_enum!(
    Status { Planlagt = "planlagt", "Planlagt"; Aktiv = "aktiv", "Pågår"; Avsluttet = "avsluttet", "Avsluttet"; Avbrutt = "avbrutt", "Avbrutt"; }
    expected "planlagt, aktiv, avsluttet eller avbrutt"
);
code_enum!(
    /// The state budget item a grant is paid from.
    BudgetItem { Post78 = "post78", "Post 78 (kompetansetilskudd)"; Post21 = "post21", "Post 21 (FoU)"; Annen = "annen", "Annen post"; }
    expected "post78, post21 eller annen"
);
code_enum!(
    /// Whether an amount is decided (tilsagn), paid (utbetalt) or only expected (forventet).
    GrantStatus { Tilsagn = "tilsagn", "Tilsagn"; Utbetalt = "utbetalt", "Utbetalt"; Forventet = "forventet", "Forventet"; }
    expected "tilsagn, utbetalt eller forventet"
);

impl Kind {
    /// «programmer», «prosjekter», «tiltak».
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Program => "programmer",
            Kind::Prosjekt => "prosjekter",
            Kind::Tiltak => "tiltak",
        }
    }
    /// «programmene», «prosjektene», «tiltakene».
    pub fn plural_definite(self) -> &'static str {
        match self {
            Kind::Program => "programmene",
            Kind::Prosjekt => "prosjektene",
            Kind::Tiltak => "tiltakene",
        }
    }
}

/// What a count of register entries counts: (singular, plural, definite plural). «oppføring»,
/// «oppføringer», «oppføringene» when every kind is counted (programmes, projects and
/// measures); the kind's own words when only one kind is.
pub fn entries_noun(kind: Option<Kind>) -> (&'static str, &'static str, &'static str) {
    match kind {
        Some(k) => (k.code(), k.plural(), k.plural_definite()),
        None => ("oppføring", "oppføringer", "oppføringene"),
    }
}

impl GrantStatus {
    /// Decided and paid amounts count as granted; expected amounts do not.
    pub fn is_granted(self) -> bool {
        matches!(self, GrantStatus::Tilsagn | GrantStatus::Utbetalt)
    }
}

/// A span of whole years, both ends included; an open end means "still running".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRange {
    pub start: i32,
    pub end: Option<i32>,
}

impl YearRange {
    /// Whether this period shares at least one year with the range `from..=to` (either end open).
    pub fn overlaps(&self, from: Option<i32>, to: Option<i32>) -> bool {
        let starts_before_range_ends = to.is_none_or(|to| self.start <= to);
        let ends_after_range_starts = match (self.end, from) {
            (_, None) | (None, _) => true,
            (Some(end), Some(from)) => end >= from,
        };
        starts_before_range_ends && ends_after_range_starts
    }

    /// Every year of the period; one still running counts up to `this_year`.
    pub fn years(&self, this_year: i32) -> std::ops::RangeInclusive<i32> {
        self.start..=self.end.unwrap_or(this_year).max(self.start)
    }

    /// The years that can be reported on by `this_year`: the period, up to this year for one
    /// still running or ending later (a period that has not started gives its first year).
    pub fn years_so_far(&self, this_year: i32) -> std::ops::RangeInclusive<i32> {
        let last = self.end.unwrap_or(this_year).min(this_year).max(self.start);
        self.start..=last
    }

    /// The year a programme's annual summary opens on: the latest year of the period (so far)
    /// that has data, else the period's last year so far.
    pub fn summary_year(&self, this_year: i32, years_with_data: &[i32]) -> i32 {
        let years = self.years_so_far(this_year);
        years_with_data
            .iter()
            .copied()
            .filter(|y| years.contains(y))
            .max()
            .unwrap_or(*years.end())
    }
}

pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2100;

/// A year as typed by a user; error text names what is expected.
pub fn parse_year(raw: &str) -> Result<i32, String> {
    let s = raw.trim();
    match s.parse::<i32>() {
        Ok(y) if (MIN_YEAR..=MAX_YEAR).contains(&y) => Ok(y),
        Ok(y) => Err(format!(
            "{y} er ikke et mulig årstall. Skriv et år mellom {MIN_YEAR} og {MAX_YEAR}."
        )),
        Err(_) => Err(format!(
            "«{s}» er ikke et årstall. Skriv fire siffer, for eksempel 2015."
        )),
    }
}

/// An amount in whole kroner as typed: digits, optionally grouped with spaces ("1 500 000").
pub fn parse_nok(raw: &str) -> Result<i64, String> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if s.is_empty() {
        return Err("Beløpet mangler. Skriv et helt antall kroner, for eksempel 750000.".into());
    }
    if s.contains([',', '.']) {
        return Err(format!(
            "«{}» er ikke et helt kronebeløp. Skriv hele kroner uten øre, for eksempel 750000.",
            raw.trim()
        ));
    }
    match s.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        Ok(_) => Err(format!(
            "«{}» er et negativt beløp. Skriv 0 kroner eller mer.",
            raw.trim()
        )),
        Err(_) => Err(format!(
            "«{}» er ikke et beløp. Skriv et helt antall kroner, for eksempel 750000.",
            raw.trim()
        )),
    }
}

/// Ids that would clash with web addresses (`/prosjekter/ny`).
const RESERVED_IDS: [&str; 1] = ["ny"];

/// Whether `id` is a well-formed register id such as `vest-02`.
pub fn validate_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-');
    if RESERVED_IDS.contains(&id) {
        Err(format!(
            "«{id}» kan ikke brukes som id, for den er reservert i nettadressene. Velg en annen id, for eksempel vest-02."
        ))
    } else if ok {
        Ok(())
    } else if id.is_empty() {
        Err("Id-en mangler. Skriv en kort kode med små bokstaver, sifre og bindestrek, for eksempel vest-02.".into())
    } else {
        Err(format!("«{id}» kan ikke brukes som id. Bruk små bokstaver a–z, sifre og bindestrek (høyst 64 tegn), for eksempel vest-02."))
    }
}

/// The id Husk gives a new entry of `region` when none is typed: `region-NN`, one past the
/// highest number among the office's `existing` ids (`vest-01`, `vest-02`, … `vest-100`).
pub fn next_id(region: &str, existing: &[String]) -> String {
    let prefix = format!("{region}-");
    let max = existing
        .iter()
        .filter_map(|id| id.strip_prefix(&prefix).and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    format!("{region}-{:02}", max + 1)
}

/// The error when a typed id is already another entry's.
pub fn id_taken(id: &str) -> FieldErrors {
    let mut e = FieldErrors::new();
    e.push(
        "id",
        format!(
            "Id-en «{id}» er allerede i bruk. Skriv en ny id, eller la feltet stå tomt, så velger Husk en."
        ),
    );
    e
}

/// What the register knows of an entry's parent: its kind, and the kind of the parent's own
/// parent (`None` when the parent sits under nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParentFacts {
    pub kind: Kind,
    pub parent_kind: Option<Kind>,
}

/// Why an entry of `kind` may not sit under `parent` (`facts` is `None` when no such entry
/// exists), as a sentence for the field «Overordnet program»; `None` when it may. Anything
/// may sit under a programme; a project or a measure may sit under a project only if that
/// project is itself under a programme (a participation's sub-projects and measures, issue
/// 10); a programme never sits under a project; nothing sits under a measure.
pub fn parent_problem(kind: Kind, parent: &str, facts: Option<ParentFacts>) -> Option<String> {
    let Some(facts) = facts else {
        return Some(format!("Programmet «{parent}» finnes ikke i registeret. Skriv id-en til et program som finnes."));
    };
    match (facts.kind, kind) {
        (Kind::Program, _) => None,
        (Kind::Tiltak, _) => Some(format!(
            "«{parent}» er et tiltak, og ingen oppføring kan ha et tiltak som overordnet. Skriv id-en til et program, eller til et prosjekt som hører inn under et program."
        )),
        (Kind::Prosjekt, Kind::Program) => Some(format!(
            "«{parent}» er et prosjekt, ikke et program, og et program kan ikke ha et prosjekt som overordnet. Skriv id-en til et program."
        )),
        (Kind::Prosjekt, _) if facts.parent_kind == Some(Kind::Program) => None,
        (Kind::Prosjekt, _) => Some(format!(
            "«{parent}» er et prosjekt, ikke et program, og det hører ikke inn under et program selv. Skriv id-en til et program, eller til et prosjekt som hører inn under et program."
        )),
    }
}

/// Why an entry of `kind` whose parent is of `parent_kind` may not keep the `children` it
/// has (the rule of [`parent_problem`] seen from above): (field, sentence), or `None`.
pub fn children_problem(
    kind: Kind,
    parent_kind: Option<Kind>,
    children: usize,
) -> Option<(&'static str, String)> {
    if children == 0 {
        return None;
    }
    let n = crate::norwegian::count(children as i64, "oppføring", "oppføringer");
    match kind {
        Kind::Program => None,
        Kind::Tiltak => Some(("kind", format!(
            "Oppføringen har {n} under seg, og ingen oppføring kan ha et tiltak som overordnet. Velg typen program eller prosjekt, eller flytt oppføringene under den først."
        ))),
        Kind::Prosjekt if parent_kind == Some(Kind::Program) => None,
        Kind::Prosjekt => Some(("parent", format!(
            "Prosjektet har {n} under seg, og da må det høre inn under et program. Velg et program som overordnet program."
        ))),
    }
}

/// What is wrong with an entry's references to other entries: its place under its parent
/// ([`parent_problem`], `parent` is `None` when no such entry exists), the entries under it
/// ([`children_problem`]), and every related entry must exist (`missing_related` are those
/// that do not).
pub fn reference_errors(
    p: &Project,
    parent: Option<ParentFacts>,
    children: usize,
    missing_related: &[String],
) -> FieldErrors {
    let mut e = FieldErrors::new();
    if let Some(id) = &p.parent {
        if let Some(m) = parent_problem(p.kind, id, parent) {
            e.push("parent", m);
        }
    }
    let parent_kind = p.parent.as_ref().and(parent).map(|f| f.kind);
    if let Some((field, m)) = children_problem(p.kind, parent_kind, children) {
        e.push(field, m);
    }
    if !missing_related.is_empty() {
        let missing: Vec<String> = missing_related.iter().map(|r| format!("«{r}»")).collect();
        e.push(
            "related",
            format!(
                "{} {} finnes ikke i registeret. Skriv id-ene til oppføringer som finnes.",
                if missing.len() == 1 {
                    "Oppføringen"
                } else {
                    "Oppføringene"
                },
                crate::norwegian::list(&missing, "og"),
            ),
        );
    }
    e
}

/// A programme, project or measure as typed in a form or read from a file: every field raw.
/// [`ProjectInput::validate`] turns it into a [`Project`] or lists every problem.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectInput {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub region: String,
    pub recipient: String,
    pub recipient_type: String,
    pub orgnr: String,
    pub kommunenummer: String,
    pub start_year: String,
    pub end_year: String,
    pub status: String,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
    pub learning_tools: Vec<String>,
    pub parent: String,
    pub related: Vec<String>,
}

/// The organisation that received the money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub name: String,
    pub recipient_type: Option<String>,
    pub orgnr: Option<Organisasjonsnummer>,
    pub kommunenummer: Option<Kommunenummer>,
}

/// A validated register entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Empty for a new entry whose id the store chooses.
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub region: String,
    pub recipient: Option<Recipient>,
    pub years: YearRange,
    pub status: Status,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
    pub learning_tools: Vec<String>,
    pub parent: Option<String>,
    pub related: Vec<String>,
}

/// Splits a list cell ("a;b; c") into trimmed, non-empty codes.
pub fn split_codes(cell: &str) -> Vec<String> {
    cell.split([';', ','])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

const MUNICIPAL_TYPES: [&str; 2] = ["programkommune", "annen-kommune"];

impl ProjectInput {
    /// Checks every field against the taxonomy and the field rules, collecting all problems.
    /// `id_required` is false for a new entry made in the web form, whose id the store assigns.
    /// `current_year` decides the default status when none is given.
    pub fn validate(
        &self,
        tax: &Taxonomy,
        id_required: bool,
        current_year: i32,
    ) -> Result<Project, FieldErrors> {
        let mut e = FieldErrors::new();
        let id = self.id.trim().to_string();
        if id_required || !id.is_empty() {
            if let Err(m) = validate_id(&id) {
                e.push("id", m);
            }
        }
        let kinds = CodeList::of(Coded::Kind, tax);
        let kind = if self.kind.trim().is_empty() {
            e.push("kind", format!("Typen mangler. Velg {}.", Kind::expected()));
            None
        } else {
            let kind = kinds.resolve(&self.kind).and_then(Kind::from_code);
            if kind.is_none() {
                e.push("kind", kinds.unknown_message(&self.kind));
            }
            kind
        };
        let title = self.title.trim().to_string();
        if title.is_empty() {
            e.push(
                "title",
                "Tittelen mangler. Skriv en tittel på inntil 300 tegn.",
            );
        } else {
            limits::check(&mut e, "title", "Tittel", &title, limits::PROJECT_TITLE);
        }
        let description = self.description.trim().to_string();
        limits::check(
            &mut e,
            "description",
            "Beskrivelse",
            &description,
            limits::DESCRIPTION,
        );
        let regions = CodeList::of(Coded::Region, tax);
        let region = if self.region.trim().is_empty() {
            e.push(
                "region",
                format!(
                    "Ansvarlig kontor mangler. Velg {}.",
                    Taxonomy::codes_of(&tax.regions)
                ),
            );
            String::new()
        } else {
            match regions.resolve(&self.region) {
                Some(code) => code.to_string(),
                None => {
                    e.push("region", regions.unknown_message(&self.region));
                    String::new()
                }
            }
        };

        let name = self.recipient.trim().to_string();
        limits::check(&mut e, "recipient", "Mottaker", &name, limits::NAME);
        let recipient_types = CodeList::of(Coded::RecipientType, tax);
        let rtype = if self.recipient_type.trim().is_empty() {
            String::new()
        } else {
            match recipient_types.resolve(&self.recipient_type) {
                Some(code) => code.to_string(),
                None => {
                    e.push(
                        "recipient_type",
                        recipient_types.unknown_message(&self.recipient_type),
                    );
                    String::new()
                }
            }
        };
        let orgnr = match self.orgnr.trim() {
            "" => None,
            s => match Organisasjonsnummer::parse(s) {
                Ok(o) => Some(o),
                Err(m) => {
                    e.push("orgnr", m);
                    None
                }
            },
        };
        let kommunenummer = match self.kommunenummer.trim() {
            "" => None,
            s => match Kommunenummer::parse(s) {
                Ok(k) if !rtype.is_empty() && !MUNICIPAL_TYPES.contains(&rtype.as_str()) => {
                    e.push("kommunenummer", format!("Kommunenummeret {k} er oppgitt, men mottakertypen «{rtype}» er ikke en kommune. La kommunenummeret stå tomt, eller velg mottakertypen programkommune eller annen-kommune."));
                    None
                }
                Ok(k) => Some(k),
                Err(m) => {
                    e.push("kommunenummer", m);
                    None
                }
            },
        };
        if name.is_empty() && (orgnr.is_some() || kommunenummer.is_some()) {
            e.push("recipient", "Mottakerens navn mangler, men organisasjonsnummer eller kommunenummer er oppgitt. Skriv navnet på mottakeren.");
        }
        let recipient = if name.is_empty() && rtype.is_empty() {
            None
        } else {
            Some(Recipient {
                name,
                recipient_type: (!rtype.is_empty()).then_some(rtype),
                orgnr,
                kommunenummer,
            })
        };

        let start = if self.start_year.trim().is_empty() {
            e.push(
                "start_year",
                "Startåret mangler. Skriv et årstall, for eksempel 2015.",
            );
            None
        } else {
            parse_year(&self.start_year)
                .map_err(|m| e.push("start_year", m))
                .ok()
        };
        let end = if self.end_year.trim().is_empty() {
            None
        } else {
            parse_year(&self.end_year)
                .map_err(|m| e.push("end_year", m))
                .ok()
        };
        if let (Some(s), Some(en)) = (start, end) {
            if en < s {
                e.push("end_year", format!("Sluttåret {en} er før startåret {s}. Skriv et sluttår som er det samme som startåret eller senere."));
            }
        }

        let statuses = CodeList::of(Coded::Status, tax);
        let status = match self.status.trim() {
            "" => None,
            s => {
                let status = statuses.resolve(s).and_then(Status::from_code);
                if status.is_none() {
                    e.push("status", statuses.unknown_message(s));
                }
                status
            }
        };

        let mut check_codes = |field: &str, coded: Coded, list: &[String]| -> Vec<String> {
            let codes = CodeList::of(coded, tax);
            let (found, unknown) = codes.resolve_list(list);
            if !unknown.is_empty() {
                let messages: Vec<String> =
                    unknown.iter().map(|u| codes.unknown_message(u)).collect();
                e.push(field, messages.join(" "));
            }
            found
        };
        let themes = check_codes("themes", Coded::Theme, &self.themes);
        let target_groups = check_codes("target_groups", Coded::TargetGroup, &self.target_groups);
        let learning_tools =
            check_codes("learning_tools", Coded::LearningTool, &self.learning_tools);

        let parent = self.parent.trim().to_string();
        if !parent.is_empty() {
            if parent == id {
                e.push("parent", "En oppføring kan ikke høre inn under seg selv. Skriv id-en til et annet program.");
            } else if let Err(m) = validate_id(&parent) {
                e.push("parent", m);
            }
        }
        let related = dedup(
            self.related
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        );
        if related.len() > limits::RELATED {
            e.push(
                "related",
                format!(
                    "«Relatert arbeid» har {} oppføringer, men kan ha høyst {}.",
                    related.len(),
                    limits::RELATED
                ),
            );
        }
        for r in related.iter().take(limits::RELATED) {
            if r == &id {
                e.push(
                    "related",
                    "En oppføring kan ikke lenkes til seg selv. Skriv id-ene til andre prosjekter.",
                );
            } else if let Err(m) = validate_id(r) {
                e.push("related", m);
            }
        }

        if !e.is_empty() {
            return Err(e);
        }
        let (start, kind) = (start.unwrap(), kind.unwrap());
        let years = YearRange { start, end };
        let status = status.unwrap_or(match end {
            Some(end) if end < current_year => Status::Avsluttet,
            _ if start > current_year => Status::Planlagt,
            _ => Status::Aktiv,
        });
        Ok(Project {
            id,
            kind,
            title,
            description,
            region,
            recipient,
            years,
            status,
            themes,
            target_groups,
            learning_tools,
            parent: (!parent.is_empty()).then_some(parent),
            related,
        })
    }
}

impl Project {
    /// The raw form of this project, for filling in an edit form or writing an export row.
    pub fn to_input(&self) -> ProjectInput {
        let r = self.recipient.as_ref();
        ProjectInput {
            id: self.id.clone(),
            kind: self.kind.code().into(),
            title: self.title.clone(),
            description: self.description.clone(),
            region: self.region.clone(),
            recipient: r.map(|r| r.name.clone()).unwrap_or_default(),
            recipient_type: r.and_then(|r| r.recipient_type.clone()).unwrap_or_default(),
            orgnr: r
                .and_then(|r| r.orgnr.as_ref().map(|o| o.to_string()))
                .unwrap_or_default(),
            kommunenummer: r
                .and_then(|r| r.kommunenummer.as_ref().map(|k| k.to_string()))
                .unwrap_or_default(),
            start_year: self.years.start.to_string(),
            end_year: self.years.end.map(|y| y.to_string()).unwrap_or_default(),
            status: self.status.code().into(),
            themes: self.themes.clone(),
            target_groups: self.target_groups.clone(),
            learning_tools: self.learning_tools.clone(),
            parent: self.parent.clone().unwrap_or_default(),
            related: self.related.clone(),
        }
    }
}

/// A grant as typed in a form or read from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GrantInput {
    pub project: String,
    pub year: String,
    pub amount_nok: String,
    pub budget_item: String,
    pub status: String,
    pub note: String,
}

/// A validated grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub project: String,
    pub year: i32,
    pub amount_nok: i64,
    pub budget_item: BudgetItem,
    pub status: GrantStatus,
    pub note: String,
}

impl GrantInput {
    pub fn validate(&self) -> Result<Grant, FieldErrors> {
        let mut e = FieldErrors::new();
        let project = self.project.trim().to_string();
        if let Err(m) = validate_id(&project) {
            e.push("project", m);
        }
        let year = if self.year.trim().is_empty() {
            e.push("year", "Året mangler. Skriv et årstall, for eksempel 2015.");
            None
        } else {
            parse_year(&self.year).map_err(|m| e.push("year", m)).ok()
        };
        let amount = parse_nok(&self.amount_nok)
            .map_err(|m| e.push("amount_nok", m))
            .ok();
        let item = match self.budget_item.trim() {
            "" => Some(BudgetItem::Post78),
            s => {
                let items = CodeList::fixed(Coded::BudgetItem).expect("a fixed list");
                let item = items.resolve(s).and_then(BudgetItem::from_code);
                if item.is_none() {
                    e.push("budget_item", items.unknown_message(s));
                }
                item
            }
        };
        let status = match self.status.trim() {
            "" => {
                e.push(
                    "status",
                    format!("Statusen mangler. Velg {}.", GrantStatus::expected()),
                );
                None
            }
            s => {
                let statuses = CodeList::fixed(Coded::GrantStatus).expect("a fixed list");
                let status = statuses.resolve(s).and_then(GrantStatus::from_code);
                if status.is_none() {
                    e.push("status", statuses.unknown_message(s));
                }
                status
            }
        };
        let note = self.note.trim().to_string();
        limits::check(&mut e, "note", "Merknad", &note, limits::NOTE);
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Grant {
            project,
            year: year.unwrap(),
            amount_nok: amount.unwrap(),
            budget_item: item.unwrap(),
            status: status.unwrap(),
            note,
        })
    }
}

impl Grant {
    pub fn to_input(&self) -> GrantInput {
        GrantInput {
            project: self.project.clone(),
            year: self.year.to_string(),
            amount_nok: self.amount_nok.to_string(),
            budget_item: self.budget_item.code().into(),
            status: self.status.code().into(),
            note: self.note.clone(),
        }
    }
}

/// What the list, the matrix and the key figures need to know of one register entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFacts {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub region: String,
    pub recipient: Option<String>,
    /// The recipient's id in the register: what access rules compare («a recipient's own
    /// entries»), never the name. Not part of the exported shape.
    #[serde(default, skip_serializing)]
    pub organisation_id: Option<i64>,
    pub recipient_type: Option<String>,
    pub years: YearRange,
    pub status: Status,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
    /// (year, amount, status) for each grant.
    pub grants: Vec<(i32, i64, GrantStatus)>,
}

impl ProjectFacts {
    /// Granted NOK (decided or paid) in grant years within `from..=to`.
    pub fn granted_nok(&self, from: Option<i32>, to: Option<i32>) -> i64 {
        self.grants
            .iter()
            .filter(|(y, _, s)| {
                s.is_granted() && from.is_none_or(|f| *y >= f) && to.is_none_or(|t| *y <= t)
            })
            .map(|(_, a, _)| a)
            .sum()
    }
    pub fn is_programme_municipality(&self) -> bool {
        self.recipient_type.as_deref() == Some("programkommune")
    }
}

/// The recipient type code used in filters for entries with no known recipient type.
pub const UNKNOWN_RECIPIENT_TYPE: &str = "ukjent";

/// Which entries a list, a matrix or an API call is about. Every field narrows the selection;
/// an empty selection takes everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    pub region: Option<String>,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub kind: Option<Kind>,
    pub target_group: Option<String>,
    pub programme_only: bool,
    pub theme: Option<String>,
    /// A recipient type code, or [`UNKNOWN_RECIPIENT_TYPE`].
    pub recipient_type: Option<String>,
    pub status: Option<Status>,
    /// Free text matched, case-insensitively, against id, title, description and recipient.
    pub q: Option<String>,
}

impl Selection {
    pub fn matches(&self, p: &ProjectFacts) -> bool {
        self.region.as_ref().is_none_or(|r| &p.region == r)
            && p.years.overlaps(self.from, self.to)
            && self.kind.is_none_or(|k| p.kind == k)
            && self
                .target_group
                .as_ref()
                .is_none_or(|t| p.target_groups.contains(t))
            && (!self.programme_only || p.is_programme_municipality())
            && self.theme.as_ref().is_none_or(|t| p.themes.contains(t))
            && self
                .recipient_type
                .as_ref()
                .is_none_or(|rt| match &p.recipient_type {
                    Some(x) => x == rt,
                    None => rt == UNKNOWN_RECIPIENT_TYPE,
                })
            && self.status.is_none_or(|s| p.status == s)
            && self.q.as_ref().is_none_or(|q| text_matches(p, q))
    }
}

fn text_matches(p: &ProjectFacts, q: &str) -> bool {
    let hay = format!(
        "{} {} {} {}",
        p.id,
        p.title,
        p.description,
        p.recipient.as_deref().unwrap_or("")
    )
    .to_lowercase();
    q.to_lowercase().split_whitespace().all(|w| hay.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_opens_on_the_latest_year_of_the_period_with_data() {
        // A 2009–2017 programme seen in 2026: its own years, never 2025.
        let p = YearRange {
            start: 2009,
            end: Some(2017),
        };
        assert_eq!(p.years_so_far(2026), 2009..=2017);
        assert_eq!(p.years(2026), 2009..=2017);
        assert_eq!(p.summary_year(2026, &[]), 2017);
        assert_eq!(p.summary_year(2026, &[2011, 2014, 2025]), 2014);
        // Still running: up to this year.
        let running = YearRange {
            start: 2025,
            end: None,
        };
        assert_eq!(running.years_so_far(2026), 2025..=2026);
        assert_eq!(running.summary_year(2026, &[2025]), 2025);
        // Not started yet: its first year.
        let later = YearRange {
            start: 2028,
            end: Some(2030),
        };
        assert_eq!(later.years_so_far(2026), 2028..=2028);
        assert_eq!(later.years(2026), 2028..=2030);
    }

    #[test]
    fn new_ids_follow_the_offices_highest_number() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(next_id("vest", &[]), "vest-01");
        assert_eq!(
            next_id("vest", &ids(&["vest-02", "vest-10", "vest-x"])),
            "vest-11"
        );
        assert_eq!(next_id("vest", &ids(&["vest-99"])), "vest-100");
    }

    #[test]
    fn references_name_what_is_wrong() {
        let mut p = input().validate(&Taxonomy::builtin(), false, 2026).unwrap();
        assert!(reference_errors(&p, None, 0, &[]).is_empty());
        p.parent = Some("vest-09".into());
        let facts = |kind, parent_kind| Some(ParentFacts { kind, parent_kind });
        assert!(reference_errors(&p, facts(Kind::Program, None), 0, &[]).is_empty());
        let e = reference_errors(
            &p,
            facts(Kind::Prosjekt, None),
            0,
            &["x".into(), "y".into()],
        );
        assert!(e.get("parent").unwrap().contains(
            "«vest-09» er et prosjekt, ikke et program, og det hører ikke inn under et program"
        ));
        assert!(e
            .get("related")
            .unwrap()
            .starts_with("Oppføringene «x» og «y»"));
        let e = reference_errors(&p, None, 0, &[]);
        assert!(e.get("parent").unwrap().contains("finnes ikke"));
        assert!(id_taken("vest-01")
            .get("id")
            .unwrap()
            .contains("allerede i bruk"));
    }

    #[test]
    fn what_may_sit_under_what() {
        let facts = |kind, parent_kind| Some(ParentFacts { kind, parent_kind });
        let under_programme = facts(Kind::Prosjekt, Some(Kind::Program));
        // Anything under a programme.
        for k in Kind::ALL {
            assert_eq!(parent_problem(*k, "p", facts(Kind::Program, None)), None);
        }
        // A project or measure under a project that is under a programme.
        assert_eq!(parent_problem(Kind::Prosjekt, "p", under_programme), None);
        assert_eq!(parent_problem(Kind::Tiltak, "p", under_programme), None);
        // Not under a project that is not, and never a programme under a project.
        assert!(
            parent_problem(Kind::Tiltak, "p", facts(Kind::Prosjekt, None))
                .unwrap()
                .starts_with("«p» er et prosjekt, ikke et program, og det hører ikke")
        );
        assert!(parent_problem(Kind::Program, "p", under_programme)
            .unwrap()
            .contains("et program kan ikke ha et prosjekt som overordnet"));
        // Nothing under a measure.
        for k in Kind::ALL {
            assert!(
                parent_problem(*k, "t", facts(Kind::Tiltak, Some(Kind::Program)))
                    .unwrap()
                    .contains("ingen oppføring kan ha et tiltak som overordnet")
            );
        }
        // Seen from above: a measure with children, a project with children off a programme.
        assert_eq!(children_problem(Kind::Tiltak, None, 0), None);
        let (field, m) = children_problem(Kind::Tiltak, Some(Kind::Program), 2).unwrap();
        assert_eq!(field, "kind");
        assert!(m.contains("har 2 oppføringer under seg"), "{m}");
        assert_eq!(
            children_problem(Kind::Prosjekt, Some(Kind::Program), 3),
            None
        );
        assert_eq!(
            children_problem(Kind::Prosjekt, None, 1).unwrap().0,
            "parent"
        );
        assert_eq!(children_problem(Kind::Program, None, 5), None);
    }

    fn input() -> ProjectInput {
        ProjectInput {
            id: "vest-01".into(),
            kind: "prosjekt".into(),
            title: "Fra leie til eie".into(),
            region: "vest".into(),
            recipient: "Bergen kommune".into(),
            recipient_type: "programkommune".into(),
            start_year: "2011".into(),
            end_year: "2013".into(),
            themes: vec![
                "tildeling-bosetting".into(),
                "virkemiddelbruk".into(),
                "virkemiddelbruk".into(),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn year_ranges_overlap_when_they_share_a_year() {
        let r = YearRange {
            start: 2011,
            end: Some(2013),
        };
        assert!(r.overlaps(None, None));
        assert!(r.overlaps(Some(2013), Some(2020)), "shares 2013");
        assert!(r.overlaps(Some(2000), Some(2011)), "shares 2011");
        assert!(r.overlaps(Some(2012), Some(2012)), "inside");
        assert!(r.overlaps(Some(2000), Some(2030)), "contains");
        assert!(!r.overlaps(Some(2014), None), "starts after");
        assert!(!r.overlaps(None, Some(2010)), "ends before");
        let open = YearRange {
            start: 2015,
            end: None,
        };
        assert!(
            open.overlaps(Some(2030), Some(2031)),
            "a running project overlaps the future"
        );
        assert!(!open.overlaps(Some(2000), Some(2014)));
    }

    #[test]
    fn valid_input_becomes_a_project_with_derived_status_and_unique_themes() {
        let p = input().validate(&Taxonomy::builtin(), true, 2026).unwrap();
        assert_eq!(p.kind, Kind::Prosjekt);
        assert_eq!(p.status, Status::Avsluttet);
        assert_eq!(p.themes, vec!["tildeling-bosetting", "virkemiddelbruk"]);
        let mut running = input();
        running.end_year = String::new();
        assert_eq!(
            running
                .validate(&Taxonomy::builtin(), true, 2026)
                .unwrap()
                .status,
            Status::Aktiv
        );
    }

    #[test]
    fn validation_lists_every_bad_field_in_norwegian() {
        let mut i = input();
        i.kind = "prosjket".into();
        i.region = "nord".into();
        i.start_year = "20x1".into();
        i.themes.push("bomiljø".into());
        i.orgnr = "123".into();
        let errs = i.validate(&Taxonomy::builtin(), true, 2026).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["kind", "region", "orgnr", "start_year", "themes"]
        );
        assert_eq!(
            errs.get("kind").unwrap(),
            "«prosjket» er ikke en type. Mente du «Prosjekt»? Velg en av «Program», «Prosjekt» og «Tiltak»."
        );
        assert!(errs.get("region").unwrap().contains("«nord»"));
        assert!(errs.get("themes").unwrap().contains("«bomiljø»"));
    }

    #[test]
    fn the_labels_the_pages_show_are_read_as_codes() {
        let mut i = input();
        i.kind = " Prosjekt ".into();
        i.region = "Region vest".into();
        i.status = "Pågår".into();
        i.recipient_type = "Kommuner med formalisert samarbeid med Husbanken".into();
        i.themes = vec!["Kompetanseheving".into(), "tildeling og bosetting".into()];
        i.target_groups = vec!["Utsatte unge, Bostedsløse".into()];
        i.learning_tools = vec!["fou".into()];
        let p = i.validate(&Taxonomy::builtin(), true, 2026).unwrap();
        assert_eq!(p.kind, Kind::Prosjekt);
        assert_eq!(p.region, "vest");
        assert_eq!(p.status, Status::Aktiv);
        assert_eq!(
            p.recipient.unwrap().recipient_type.as_deref(),
            Some("programkommune")
        );
        assert_eq!(p.themes, vec!["kompetanseheving", "tildeling-bosetting"]);
        assert_eq!(p.target_groups, vec!["unge", "bostedslos"]);
        let g = GrantInput {
            project: "vest-01".into(),
            year: "2011".into(),
            amount_nok: "1".into(),
            budget_item: "Post 21".into(),
            status: "utbetalt".into(),
            note: String::new(),
        }
        .validate()
        .unwrap();
        assert_eq!(
            (g.budget_item, g.status),
            (BudgetItem::Post21, GrantStatus::Utbetalt)
        );
    }

    #[test]
    fn texts_over_their_limit_are_refused_naming_the_field_and_the_limit() {
        let mut i = input();
        i.title = "t".repeat(301);
        i.description = "d".repeat(10_001);
        i.recipient = "r".repeat(201);
        let errs = i.validate(&Taxonomy::builtin(), true, 2026).unwrap_err();
        assert_eq!(
            errs.get("title"),
            Some("«Tittel» har 301 tegn, men kan ha høyst 300 tegn. Forkort teksten.")
        );
        assert_eq!(
            errs.get("description"),
            Some("«Beskrivelse» har 10 001 tegn, men kan ha høyst 10 000 tegn. Forkort teksten.")
        );
        assert!(errs.get("recipient").unwrap().contains("høyst 200 tegn"));
        let mut g = GrantInput {
            project: "vest-01".into(),
            year: "2011".into(),
            amount_nok: "1".into(),
            status: "tilsagn".into(),
            ..Default::default()
        };
        g.note = "n".repeat(1_001);
        assert!(g
            .validate()
            .unwrap_err()
            .get("note")
            .unwrap()
            .contains("«Merknad» har 1 001 tegn"));
    }

    #[test]
    fn end_before_start_and_kommunenummer_for_non_municipality_are_rejected() {
        let mut i = input();
        i.end_year = "2009".into();
        i.recipient_type = "uh-sektor".into();
        i.kommunenummer = "4601".into();
        let errs = i.validate(&Taxonomy::builtin(), true, 2026).unwrap_err();
        assert!(errs.get("end_year").unwrap().contains("før startår"));
        assert!(errs
            .get("kommunenummer")
            .unwrap()
            .contains("ikke en kommune"));
    }

    #[test]
    fn unknown_recipient_is_allowed() {
        let mut i = input();
        i.recipient.clear();
        i.recipient_type.clear();
        assert_eq!(
            i.validate(&Taxonomy::builtin(), true, 2026)
                .unwrap()
                .recipient,
            None
        );
    }

    #[test]
    fn amounts_are_whole_kroner() {
        assert_eq!(parse_nok("1 500 000").unwrap(), 1_500_000);
        assert_eq!(parse_nok("750000").unwrap(), 750_000);
        assert!(parse_nok("750000,50").unwrap_err().contains("hele kroner"));
        assert!(parse_nok("-5").unwrap_err().contains("negativt"));
        assert!(parse_nok("mye").unwrap_err().contains("ikke et beløp"));
    }

    #[test]
    fn grant_validation() {
        let g = GrantInput {
            project: "vest-01".into(),
            year: "2011".into(),
            amount_nok: "400000".into(),
            budget_item: "post78".into(),
            status: "tilsagn".into(),
            note: String::new(),
        };
        let v = g.validate().unwrap();
        assert_eq!(
            (v.year, v.amount_nok, v.status),
            (2011, 400_000, GrantStatus::Tilsagn)
        );
        let bad = GrantInput {
            status: "tildelt".into(),
            budget_item: "post 99".into(),
            ..g
        };
        let errs = bad.validate().unwrap_err();
        assert!(errs
            .get("status")
            .unwrap()
            .contains("«Tilsagn», «Utbetalt» og «Forventet»"));
        assert!(errs.get("budget_item").is_some());
    }

    fn facts(id: &str, rt: Option<&str>, start: i32, end: i32) -> ProjectFacts {
        ProjectFacts {
            id: id.into(),
            kind: Kind::Prosjekt,
            title: format!("Prosjekt {id}"),
            description: String::new(),
            region: "vest".into(),
            recipient: None,
            organisation_id: None,
            recipient_type: rt.map(Into::into),
            years: YearRange {
                start,
                end: Some(end),
            },
            status: Status::Avsluttet,
            themes: vec!["kompetanseheving".into()],
            target_groups: vec![],
            grants: vec![
                (2011, 100, GrantStatus::Tilsagn),
                (2012, 50, GrantStatus::Forventet),
                (2013, 10, GrantStatus::Utbetalt),
            ],
        }
    }

    #[test]
    fn selection_narrows_by_every_filter() {
        let a = facts("a", Some("programkommune"), 2011, 2013);
        let b = facts("b", None, 2015, 2016);
        let all = Selection::default();
        assert!(all.matches(&a) && all.matches(&b));
        let prog = Selection {
            programme_only: true,
            ..Default::default()
        };
        assert!(prog.matches(&a) && !prog.matches(&b));
        let unknown = Selection {
            recipient_type: Some(UNKNOWN_RECIPIENT_TYPE.into()),
            ..Default::default()
        };
        assert!(!unknown.matches(&a) && unknown.matches(&b));
        let years = Selection {
            from: Some(2014),
            to: Some(2015),
            ..Default::default()
        };
        assert!(!years.matches(&a) && years.matches(&b));
        let text = Selection {
            q: Some("PROSJEKT a".into()),
            ..Default::default()
        };
        assert!(text.matches(&a) && !text.matches(&b));
    }

    #[test]
    fn granted_nok_counts_decided_and_paid_only_within_years() {
        let a = facts("a", None, 2011, 2013);
        assert_eq!(a.granted_nok(None, None), 110);
        assert_eq!(a.granted_nok(Some(2012), None), 10);
    }
}
