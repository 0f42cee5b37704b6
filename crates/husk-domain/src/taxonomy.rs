//! The taxonomy of the field, shipped with the binary: Husbanken's regional offices, the kinds of
//! grant recipient, the knowledge themes (outcome dimensions and themes with their groups), target
//! groups and learning tool categories. Codes are stable identifiers used everywhere.
//!
//! The data is the reference data from the 2016 review (seed 004) and the other reports, kept in
//! `data/reference/` and compiled in.

use serde::{Deserialize, Serialize};

const REGIONS_CSV: &str = include_str!("../../../data/reference/regions.csv");
const RECIPIENT_TYPES_CSV: &str = include_str!("../../../data/reference/recipient_types.csv");
const THEMES_CSV: &str = include_str!("../../../data/reference/knowledge_themes.csv");
const TARGET_GROUPS_CSV: &str = include_str!("../../../data/reference/target_groups.csv");
const LEARNING_TOOLS_CSV: &str =
    include_str!("../../../data/reference/learning_tool_categories.csv");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub code: String,
    pub name_nb: String,
    pub office: String,
}

impl Region {
    /// Whether this is one of Husbanken's offices. «Nasjonal pott» is a budget pot, not an
    /// office: it has no office city, and an entry funded from it has no responsible office
    /// stated.
    pub fn is_office(&self) -> bool {
        !self.office.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientType {
    pub code: String,
    pub name_nb: String,
    pub name_en: String,
    pub summary_nb: String,
}

/// Whether a matrix row is one of the five outcome dimensions or one of the seven themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeKind {
    Outcome,
    Theme,
}

impl ThemeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeKind::Outcome => "outcome",
            ThemeKind::Theme => "theme",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub code: String,
    pub kind: ThemeKind,
    /// The theme group ("Bolig og bomiljø"); empty for outcome dimensions.
    pub group_code: String,
    pub group_nb: String,
    pub name_nb: String,
    pub name_en: String,
    pub summary_nb: String,
}

impl Theme {
    /// The heading the matrix groups this row under.
    pub fn group_label(&self) -> &str {
        match self.kind {
            ThemeKind::Outcome => "Overordnede kunnskapstemaer",
            ThemeKind::Theme => &self.group_nb,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetGroup {
    pub code: String,
    pub name_nb: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningToolCategory {
    pub code: String,
    pub name_nb: String,
    pub name_en: String,
    pub summary_nb: String,
}

/// Every code list of the field, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taxonomy {
    pub regions: Vec<Region>,
    pub recipient_types: Vec<RecipientType>,
    pub themes: Vec<Theme>,
    pub target_groups: Vec<TargetGroup>,
    pub learning_tools: Vec<LearningToolCategory>,
}

#[derive(Deserialize)]
struct ThemeRow {
    code: String,
    kind: String,
    group_code: String,
    group_nb: String,
    name_nb: String,
    name_en: String,
    summary_nb: String,
}

fn read<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .unwrap_or_else(|e| panic!("built-in taxonomy file {name} is malformed: {e}"))
}

impl Taxonomy {
    /// The taxonomy compiled into the binary. Its files are checked by this crate's tests, so this
    /// cannot fail in a built binary.
    pub fn builtin() -> Taxonomy {
        let themes = read::<ThemeRow>("knowledge_themes.csv", THEMES_CSV)
            .into_iter()
            .map(|r| Theme {
                kind: if r.kind == "outcome" {
                    ThemeKind::Outcome
                } else {
                    ThemeKind::Theme
                },
                code: r.code,
                group_code: r.group_code,
                group_nb: r.group_nb,
                name_nb: r.name_nb,
                name_en: r.name_en,
                summary_nb: r.summary_nb,
            })
            .collect();
        Taxonomy {
            regions: read("regions.csv", REGIONS_CSV),
            recipient_types: read("recipient_types.csv", RECIPIENT_TYPES_CSV),
            themes,
            target_groups: read("target_groups.csv", TARGET_GROUPS_CSV),
            learning_tools: read("learning_tool_categories.csv", LEARNING_TOOLS_CSV),
        }
    }

    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }
    pub fn recipient_type(&self, code: &str) -> Option<&RecipientType> {
        self.recipient_types.iter().find(|r| r.code == code)
    }
    pub fn theme(&self, code: &str) -> Option<&Theme> {
        self.themes.iter().find(|r| r.code == code)
    }
    pub fn target_group(&self, code: &str) -> Option<&TargetGroup> {
        self.target_groups.iter().find(|r| r.code == code)
    }
    pub fn learning_tool(&self, code: &str) -> Option<&LearningToolCategory> {
        self.learning_tools.iter().find(|r| r.code == code)
    }

    /// A readable list of valid codes for error messages ("ost, vest, sor, midt eller nord").
    pub fn codes_of(list: &[impl HasCode]) -> String {
        let codes: Vec<&str> = list.iter().map(|x| x.code()).collect();
        crate::norwegian::list(&codes, "eller")
    }
}

/// Anything in the taxonomy that has a stable code.
pub trait HasCode {
    fn code(&self) -> &str;
}
macro_rules! has_code {
    ($($t:ty),*) => { $(impl HasCode for $t { fn code(&self) -> &str { &self.code } })* };
}
has_code!(
    Region,
    RecipientType,
    Theme,
    TargetGroup,
    LearningToolCategory
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_taxonomy_has_the_reviews_dimensions() {
        let t = Taxonomy::builtin();
        assert_eq!(t.regions.len(), 7);
        assert_eq!(t.recipient_types.len(), 10);
        assert_eq!(t.themes.len(), 12);
        assert_eq!(
            t.themes
                .iter()
                .filter(|t| t.kind == ThemeKind::Outcome)
                .count(),
            5
        );
        assert_eq!(
            t.themes
                .iter()
                .filter(|t| t.kind == ThemeKind::Theme)
                .count(),
            7
        );
        assert_eq!(t.target_groups.len(), 11);
        assert_eq!(t.learning_tools.len(), 5);
        assert_eq!(t.region("midt").unwrap().name_nb, "Region Midt-Norge");
        assert!(t.region("midt").unwrap().is_office());
        let pot = t.region("nasjonal").unwrap();
        assert_eq!(pot.name_nb, "Nasjonal pott");
        assert!(
            !pot.is_office(),
            "the national pot is a budget pot, not an office"
        );
        assert_eq!(
            t.theme("bomiljo-omradeloft").unwrap().group_nb,
            "Bolig og bomiljø"
        );
        assert_eq!(
            t.theme("brukermedvirkning").unwrap().group_label(),
            "Overordnede kunnskapstemaer"
        );
    }
}
