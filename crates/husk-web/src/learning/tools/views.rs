//! The toolbox's view models: the catalogue, a tool's guide with its usage and versions, the
//! comparison of two versions, the form, the chooser and the usage statistics.

use crate::format;
use crate::paging::{PageNav, Paging};
use crate::shared::form::{checks, options, summary, Check, Opt, SummaryItem};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::learning::tools::{
    never_used_by, offices_using, usage_matrix, DiffLine, Effort, Need, PartnerKind, ToolDirection,
    ToolInput, Usage, UseDirection, GUIDE_LABEL, TABLE_5_1_SOURCE,
};
use husk_domain::norwegian::{count, list};
use husk_domain::{FieldErrors, Taxonomy};
use husk_store::learning::tools::{Recommendation, StoredTool, ToolVersion};

/// The offices of the usage statistics, in the taxonomy's order: Husbanken's regional offices
/// and the strategy office (Tabell 5-1's «nasjonal»).
pub fn offices(tax: &Taxonomy) -> Vec<&str> {
    tax.regions.iter().map(|r| r.code.as_str()).collect()
}

/// An office's name as the toolbox shows it: Tabell 5-1's national column is the strategy
/// office, not the national pot.
pub fn office_name(code: &str, tax: &Taxonomy) -> String {
    husk_domain::learning::tools::office_name(code, tax)
}

fn category_name(code: &str, tax: &Taxonomy) -> String {
    tax.learning_tool(code)
        .map_or(code.to_string(), |c| c.name_nb.clone())
}

fn office_names(codes: &[String], tax: &Taxonomy) -> String {
    let names: Vec<String> = codes.iter().map(|c| office_name(c, tax)).collect();
    list(&names, "og")
}

/// One tool in the catalogue.
pub struct ToolRow {
    pub href: String,
    pub name: String,
    pub direction: String,
    pub offices: String,
    pub guide: bool,
    pub public: bool,
}

/// One category of the catalogue with its tools.
pub struct CategoryGroup {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub rows: Vec<ToolRow>,
}

#[derive(Template)]
#[template(path = "learning/tools/list.html")]
pub struct ToolsPage {
    pub layout: Layout,
    /// This page's tools by category (`?side=N`, 50 a page).
    pub groups: Vec<CategoryGroup>,
    pub nav: Option<PageNav>,
    pub total: String,
    pub categories: Vec<Opt>,
    pub q: String,
    pub filtered: bool,
    pub may_edit: bool,
    pub source: &'static str,
}

impl ToolsPage {
    pub fn new(
        layout: Layout,
        tools: &[StoredTool],
        usages: &[Usage],
        tax: &Taxonomy,
        category: &str,
        q: &str,
        may_edit: bool,
        query: Option<&str>,
    ) -> ToolsPage {
        let all = offices(tax);
        let needle = q.trim().to_lowercase();
        let matching: Vec<&StoredTool> = tools
            .iter()
            .filter(|t| category.is_empty() || t.tool.category == category)
            .filter(|t| needle.is_empty() || t.tool.name.to_lowercase().contains(&needle))
            .collect();
        // The tools come in category order, so a page's slice groups as the whole list does.
        let paging = Paging::for_list(query, matching.len());
        let shown = &matching[paging.range(matching.len())];
        let groups = tax
            .learning_tools
            .iter()
            .map(|c| CategoryGroup {
                id: format!("kategori-{}", c.code),
                name: c.name_nb.clone(),
                summary: c.summary_nb.clone(),
                rows: shown
                    .iter()
                    .filter(|t| t.tool.category == c.code)
                    .map(|t| {
                        let used = offices_using(usages, t.id, &all);
                        ToolRow {
                            href: format!("/verktoykasse/{}", t.id),
                            name: t.tool.name.clone(),
                            direction: t.tool.direction.label().to_string(),
                            offices: if used.is_empty() {
                                "Ingen registrert".into()
                            } else {
                                office_names(&used, tax)
                            },
                            guide: t.tool.has_guide(),
                            public: t.tool.public,
                        }
                    })
                    .collect(),
            })
            .filter(|g| !g.rows.is_empty())
            .collect();
        ToolsPage {
            layout,
            groups,
            total: count(matching.len() as i64, "verktøy", "verktøy"),
            nav: PageNav::new("/verktoykasse", query, paging, matching.len()),
            categories: options(
                Some("Alle kategorier"),
                tax.learning_tools
                    .iter()
                    .map(|c| (c.code.as_str(), c.name_nb.as_str())),
                category,
            ),
            q: q.to_string(),
            filtered: !category.is_empty() || !needle.is_empty(),
            may_edit,
            source: TABLE_5_1_SOURCE,
        }
    }
}

/// A section of a guide.
pub struct Section {
    pub id: &'static str,
    pub heading: &'static str,
    pub paragraphs: Vec<String>,
}

/// One office's use of the tool.
pub struct UseRow {
    pub office: String,
    pub how: String,
}

/// A version in the list.
pub struct VersionRow {
    pub version: i64,
    pub who: String,
    pub when: String,
    /// The comparison with the version before (none for the first).
    pub compare: Option<String>,
}

/// An example with its link.
pub struct ExampleLink {
    pub href: String,
    pub label: String,
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[derive(Template)]
#[template(path = "learning/tools/tool.html")]
pub struct ToolPage {
    pub layout: Layout,
    pub id: i64,
    pub name: String,
    pub category: String,
    pub direction: String,
    pub effort: String,
    pub needs: String,
    pub partners: String,
    pub public: bool,
    pub has_guide: bool,
    pub guide_label: &'static str,
    pub sections: Vec<Section>,
    pub after: Vec<Section>,
    pub steps: Vec<String>,
    pub examples: Vec<ExampleLink>,
    /// None for the public (usage and versions are for those logged in).
    pub uses: Option<Vec<UseRow>>,
    pub ask: String,
    pub source: &'static str,
    pub versions: Vec<VersionRow>,
    pub may_edit: bool,
    pub logged_in: bool,
    pub message: Option<String>,
}

impl ToolPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        t: &StoredTool,
        usages: Option<&[Usage]>,
        versions: &[ToolVersion],
        tax: &Taxonomy,
        may_edit: bool,
        logged_in: bool,
        message: Option<String>,
    ) -> ToolPage {
        let tool = &t.tool;
        let labels = |v: Vec<&str>| {
            if v.is_empty() {
                "Ikke beskrevet".to_string()
            } else {
                list(&v, "og")
            }
        };
        let sections = |parts: [(&'static str, &'static str, &String); 3]| -> Vec<Section> {
            parts
                .into_iter()
                .filter(|(_, _, text)| !text.trim().is_empty())
                .map(|(id, heading, text)| Section {
                    id,
                    heading,
                    paragraphs: paragraphs(text),
                })
                .collect()
        };
        let after = sections([
            ("ressurser", "Tid og ressurser", &tool.time_resources),
            ("fallgruver", "Fallgruver", &tool.pitfalls),
            ("", "", &String::new()),
        ]);
        let sections = sections([
            ("formal", "Hva det er til", &tool.purpose),
            ("godt-valg", "Når det er et godt valg", &tool.good_when),
            ("ikke-valg", "Når det ikke er det", &tool.not_when),
        ]);
        let all = offices(tax);
        let (uses, ask) = match usages {
            Some(usages) => {
                let used = offices_using(usages, t.id, &all);
                let cells = usage_matrix(usages, &[t.id], &all);
                let rows = all
                    .iter()
                    .zip(&cells[0])
                    .filter(|(_, c)| c.used())
                    .map(|(o, c)| UseRow {
                        office: office_name(o, tax),
                        how: c.text(),
                    })
                    .collect();
                let ask = if used.is_empty() {
                    "Ingen kontor har oppgitt at de bruker verktøyet ennå.".to_string()
                } else {
                    format!("Spør {}: de bruker verktøyet.", office_names(&used, tax))
                };
                (Some(rows), ask)
            }
            None => (None, String::new()),
        };
        ToolPage {
            layout,
            id: t.id,
            name: tool.name.clone(),
            category: category_name(&tool.category, tax),
            direction: tool.direction.label().to_string(),
            effort: tool
                .effort
                .map_or("Ikke beskrevet".into(), |e| e.label().to_string()),
            needs: labels(tool.needs.iter().map(|n| n.label()).collect()),
            partners: labels(tool.partners.iter().map(|p| p.label()).collect()),
            public: tool.public,
            has_guide: tool.has_guide(),
            guide_label: GUIDE_LABEL,
            sections,
            after,
            steps: tool.step_list().into_iter().map(str::to_string).collect(),
            examples: tool
                .examples
                .iter()
                .map(|x| ExampleLink {
                    href: x.href(),
                    label: x.line(),
                })
                .collect(),
            uses,
            ask,
            source: TABLE_5_1_SOURCE,
            versions: versions
                .iter()
                .rev()
                .map(|v| VersionRow {
                    version: v.version,
                    who: v.changed_by.clone(),
                    when: format::timestamp(&v.changed_at),
                    compare: (v.version > 1).then(|| {
                        format!(
                            "/verktoykasse/{}/sammenlign?fra={}&til={}",
                            t.id,
                            v.version - 1,
                            v.version
                        )
                    }),
                })
                .collect(),
            may_edit,
            logged_in,
            message,
        }
    }
}

#[derive(Template)]
#[template(path = "learning/tools/compare.html")]
pub struct ComparePage {
    pub layout: Layout,
    pub id: i64,
    pub name: String,
    pub from: i64,
    pub to: i64,
    pub from_when: String,
    pub to_when: String,
    pub lines: Vec<DiffLine>,
    pub changed: String,
}

impl ComparePage {
    pub fn new(
        layout: Layout,
        t: &StoredTool,
        from: &ToolVersion,
        to: &ToolVersion,
        lines: Vec<DiffLine>,
    ) -> ComparePage {
        let n = lines.iter().filter(|l| l.change != "same").count() as i64;
        ComparePage {
            layout,
            id: t.id,
            name: t.tool.name.clone(),
            from: from.version,
            to: to.version,
            from_when: format!(
                "{}, {}",
                format::timestamp(&from.changed_at),
                from.changed_by
            ),
            to_when: format!("{}, {}", format::timestamp(&to.changed_at), to.changed_by),
            changed: count(n, "linje endret", "linjer endret"),
            lines,
        }
    }
}

fn form_label(field: &str) -> &'static str {
    match field {
        "navn" => "Navn",
        "kategori" => "Kategori",
        "bruk" => "Brukes",
        "tid" => "Tid og ressurser (omfang)",
        "behov" => "Behov verktøyet dekker",
        "partnere" => "Passer for",
        "formal" => "Hva det er til",
        "godt-valg" => "Når det er et godt valg",
        "ikke-valg" => "Når det ikke er det",
        "steg" => "Steg for steg",
        "ressurser" => "Tid og ressurser",
        "fallgruver" => "Fallgruver",
        "eksempler" => "Eksempler",
        _ => "Skjemaet",
    }
}

/// A text area of the guide.
pub struct Area {
    pub id: String,
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub rows: u8,
}

#[derive(Template)]
#[template(path = "learning/tools/form.html")]
pub struct ToolFormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub cancel: String,
    pub values: ToolInput,
    pub categories: Vec<Opt>,
    pub directions: Vec<Opt>,
    pub efforts: Vec<Opt>,
    pub needs: Vec<Check>,
    pub partners: Vec<Check>,
    pub areas: Vec<Area>,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
    pub guide_label: &'static str,
}

impl ToolFormPage {
    pub fn new(
        layout: Layout,
        heading: String,
        action: String,
        cancel: String,
        values: ToolInput,
        errors: FieldErrors,
        tax: &Taxonomy,
    ) -> ToolFormPage {
        let err = |f: &str| errors.get(f).map(str::to_string);
        let area = |name: &'static str, hint: &'static str, value: &str, rows: u8| Area {
            id: format!("verktoy-{name}"),
            name,
            label: form_label(name),
            hint,
            value: value.to_string(),
            error: err(name),
            rows,
        };
        let areas = vec![
            area("formal", "", &values.purpose, 4),
            area("godt-valg", "", &values.good_when, 3),
            area("ikke-valg", "", &values.not_when, 3),
            area("steg", "Ett steg på hver linje.", &values.steps, 6),
            area("ressurser", "", &values.time_resources, 3),
            area("fallgruver", "", &values.pitfalls, 3),
            area(
                "eksempler",
                "Ett eksempel på hver linje: «prosjekt ID», «dokument NUMMER» eller «arena NUMMER», for eksempel «prosjekt ost-10».",
                &values.examples,
                3,
            ),
        ];
        ToolFormPage {
            layout,
            heading,
            action,
            cancel,
            categories: options(
                Some("Velg kategori"),
                tax.learning_tools
                    .iter()
                    .map(|c| (c.code.as_str(), c.name_nb.as_str())),
                &values.category,
            ),
            directions: options(
                Some("Velg"),
                ToolDirection::ALL.iter().map(|d| (d.code(), d.label())),
                &values.direction,
            ),
            efforts: options(
                Some("Ikke beskrevet"),
                Effort::ALL.iter().map(|e| (e.code(), e.label())),
                &values.effort,
            ),
            needs: checks(
                "verktoy-behov-",
                Need::ALL.iter().map(|n| (n.code(), n.label())),
                &values.needs,
            ),
            partners: checks(
                "verktoy-partnere-",
                PartnerKind::ALL.iter().map(|p| (p.code(), p.label())),
                &values.partners,
            ),
            areas,
            summary: summary(&errors, "verktoy-", form_label),
            errors,
            values,
            guide_label: GUIDE_LABEL,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// A recommended tool on the chooser's page.
pub struct Choice {
    pub href: String,
    pub name: String,
    pub category: String,
    pub why: String,
    pub evaluation: String,
}

#[derive(Template)]
#[template(path = "learning/tools/choose.html")]
pub struct ChooserPage {
    pub layout: Layout,
    pub needs: Vec<Opt>,
    pub partners: Vec<Opt>,
    pub directions: Vec<Opt>,
    pub efforts: Vec<Opt>,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
    /// None before the form is sent.
    pub choices: Option<Vec<Choice>>,
    pub api: String,
}

fn chooser_label(field: &str) -> &'static str {
    match field {
        "need" => "Behov",
        "partner" => "Samarbeidspartner",
        "direction" => "Internt eller eksternt",
        "effort" => "Tid og ressurser dere har",
        _ => "Skjemaet",
    }
}

impl ChooserPage {
    pub fn new(
        layout: Layout,
        values: &husk_domain::learning::tools::SituationInput,
        errors: FieldErrors,
        found: Option<&[Recommendation]>,
        query: &str,
        tax: &Taxonomy,
    ) -> ChooserPage {
        ChooserPage {
            layout,
            needs: options(
                Some("Velg behov"),
                Need::ALL.iter().map(|n| (n.code(), n.label())),
                &values.need,
            ),
            partners: options(
                Some("Alle"),
                PartnerKind::ALL.iter().map(|p| (p.code(), p.label())),
                &values.partner,
            ),
            directions: options(
                Some("Begge deler"),
                UseDirection::ALL.iter().map(|d| (d.code(), d.label())),
                &values.direction,
            ),
            efforts: options(
                Some("Ikke avklart"),
                Effort::ALL.iter().map(|e| (e.code(), e.label())),
                &values.effort,
            ),
            summary: summary(&errors, "velg-", chooser_label),
            errors,
            choices: found.map(|list| {
                list.iter()
                    .map(|r| Choice {
                        href: format!("/verktoykasse/{}", r.ranked.id),
                        name: r.name.clone(),
                        category: category_name(&r.category, tax),
                        why: r.ranked.why.clone(),
                        evaluation: match r.evaluation {
                            Some(v) => format!("{:.1} av 5 i evalueringer", v).replace('.', ","),
                            None => "Ingen evalueringer ennå".into(),
                        },
                    })
                    .collect()
            }),
            api: format!("/api/v1/tools/recommend?{query}"),
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// One row of the usage matrix: a tool and a cell per office.
pub struct MatrixRow {
    pub href: String,
    pub name: String,
    pub cells: Vec<(String, String, bool)>,
}

/// A tool an office never uses that others use often.
pub struct GapRow {
    pub href: String,
    pub name: String,
    pub ask: String,
}

#[derive(Template)]
#[template(path = "learning/tools/usage.html")]
pub struct UsagePage {
    pub layout: Layout,
    pub offices: Vec<String>,
    /// This page's rows of the matrix (`?side=N`, 50 a page).
    pub rows: Vec<MatrixRow>,
    pub nav: Option<PageNav>,
    /// This page's tools the office never uses (`?ubrukte=N`, 20 a page).
    pub gaps_nav: Option<PageNav>,
    pub office_opts: Vec<Opt>,
    pub office: String,
    pub gaps: Vec<GapRow>,
    pub source: &'static str,
}

/// Tools an office never uses, on one page of the usage statistics.
const GAPS_PAGE_SIZE: usize = 20;

impl UsagePage {
    pub fn new(
        layout: Layout,
        tools: &[StoredTool],
        usages: &[Usage],
        office: &str,
        tax: &Taxonomy,
        query: Option<&str>,
    ) -> UsagePage {
        let all = offices(tax);
        // The matrix's rows a page (`?side=N`), the office chosen kept in the links.
        let total = tools.len();
        let paging = Paging::for_param(query, "side", total, crate::paging::LIST_PAGE_SIZE);
        let nav = PageNav::for_param(
            "/verktoykasse/bruk",
            query,
            paging,
            total,
            "side",
            "matrise",
        );
        let tools_all = tools;
        let tools = &tools_all[paging.range(total)];
        let ids: Vec<i64> = tools.iter().map(|t| t.id).collect();
        let matrix = usage_matrix(usages, &ids, &all);
        let names: Vec<String> = all.iter().map(|o| office_name(o, tax)).collect();
        let rows = tools
            .iter()
            .zip(matrix)
            .map(|(t, cells)| MatrixRow {
                href: format!("/verktoykasse/{}", t.id),
                name: t.tool.name.clone(),
                cells: names
                    .iter()
                    .zip(cells)
                    .map(|(n, c)| (n.clone(), c.text(), c.used()))
                    .collect(),
            })
            .collect();
        let mut gaps: Vec<GapRow> = never_used_by(usages, office, &all)
            .into_iter()
            .filter_map(|g| {
                let t = tools_all.iter().find(|t| t.id == g.tool_id)?;
                Some(GapRow {
                    href: format!("/verktoykasse/{}", t.id),
                    name: t.tool.name.clone(),
                    ask: format!("{} bruker det. Spør dem.", office_names(&g.used_by, tax)),
                })
            })
            .collect();
        let gap_total = gaps.len();
        let gap_paging = Paging::for_param(query, "ubrukte", gap_total, GAPS_PAGE_SIZE);
        let gaps_nav = PageNav::for_param(
            "/verktoykasse/bruk",
            query,
            gap_paging,
            gap_total,
            "ubrukte",
            "ubrukte",
        );
        gaps = gaps.drain(gap_paging.range(gap_total)).collect();
        UsagePage {
            layout,
            rows,
            nav,
            gaps_nav,
            office_opts: options(
                None,
                all.iter().zip(&names).map(|(c, n)| (*c, n.as_str())),
                office,
            ),
            office: office_name(office, tax),
            offices: names,
            gaps,
            source: TABLE_5_1_SOURCE,
        }
    }
}
