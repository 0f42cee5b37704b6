//! The code lists of the register's coded fields, and reading a value the way a person writes
//! it: the stable code (`ost`, `aktiv`) or the label the interface shows («Region øst»,
//! «Pågår»), in any case and with any spacing. A value that is neither gets a message naming
//! the closest valid label.
//!
//! Codes stay the identifiers stored everywhere; labels are only accepted on the way in.

use crate::portfolio::{BudgetItem, GrantStatus, Kind, Status};
use crate::taxonomy::Taxonomy;

/// Which coded field a list belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coded {
    Kind,
    Status,
    Region,
    RecipientType,
    Theme,
    TargetGroup,
    LearningTool,
    BudgetItem,
    GrantStatus,
}

impl Coded {
    pub const ALL: [Coded; 9] = [
        Coded::Kind,
        Coded::Status,
        Coded::Region,
        Coded::RecipientType,
        Coded::Theme,
        Coded::TargetGroup,
        Coded::LearningTool,
        Coded::BudgetItem,
        Coded::GrantStatus,
    ];

    /// The noun with its indefinite article, for messages: «et kontor».
    pub fn noun(self) -> &'static str {
        match self {
            Coded::Kind => "en type",
            Coded::Status => "en status",
            Coded::Region => "et kontor",
            Coded::RecipientType => "en mottakertype",
            Coded::Theme => "et kunnskapstema",
            Coded::TargetGroup => "en målgruppe",
            Coded::LearningTool => "et læringsverktøy",
            Coded::BudgetItem => "en budsjettpost",
            Coded::GrantStatus => "en tilskuddsstatus",
        }
    }

    /// The list's heading on the code page: «Ansvarlig kontor».
    pub fn title(self) -> &'static str {
        match self {
            Coded::Kind => "Type",
            Coded::Status => "Status for oppføringer",
            Coded::Region => "Ansvarlig kontor",
            Coded::RecipientType => "Mottakertype",
            Coded::Theme => "Kunnskapstemaer",
            Coded::TargetGroup => "Målgrupper",
            Coded::LearningTool => "Læringsverktøy",
            Coded::BudgetItem => "Budsjettpost",
            Coded::GrantStatus => "Status for tilskudd",
        }
    }

    /// A short stable name for anchors and sheet ranges: `region`, `theme`.
    pub fn slug(self) -> &'static str {
        match self {
            Coded::Kind => "kind",
            Coded::Status => "status",
            Coded::Region => "region",
            Coded::RecipientType => "recipient_type",
            Coded::Theme => "themes",
            Coded::TargetGroup => "target_groups",
            Coded::LearningTool => "learning_tools",
            Coded::BudgetItem => "budget_item",
            Coded::GrantStatus => "grant_status",
        }
    }
}

/// One value of a code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code<'a> {
    pub code: &'a str,
    /// The label the interface shows.
    pub label: &'a str,
}

/// The values one coded field takes, in display order.
#[derive(Debug, Clone)]
pub struct CodeList<'a> {
    pub coded: Coded,
    pub codes: Vec<Code<'a>>,
    /// Other accepted spellings (alias, code): a region without «Region», a label without
    /// its explanation in brackets.
    aliases: Vec<(&'a str, &'a str)>,
}

/// Whether two values are the same when case and whitespace are ignored.
fn same(a: &str, b: &str) -> bool {
    a == b
        || a.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .eq(b
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase))
}

/// «a, b og c».
fn list_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} og {last}", init.join(", ")),
    }
}

fn enum_codes<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Code<'static>> {
    all.iter()
        .map(|v| Code {
            code: code(*v),
            label: label(*v),
        })
        .collect()
}

impl<'a> CodeList<'a> {
    /// The list of a field whose values are fixed in the domain (type, status, budget item,
    /// grant status); `None` for the lists that come from the taxonomy.
    pub fn fixed(coded: Coded) -> Option<CodeList<'static>> {
        let codes = match coded {
            Coded::Kind => enum_codes(Kind::ALL, Kind::code, Kind::label),
            Coded::Status => enum_codes(Status::ALL, Status::code, Status::label),
            Coded::BudgetItem => enum_codes(BudgetItem::ALL, BudgetItem::code, BudgetItem::label),
            Coded::GrantStatus => {
                enum_codes(GrantStatus::ALL, GrantStatus::code, GrantStatus::label)
            }
            _ => return None,
        };
        Some(CodeList::with_aliases(coded, codes))
    }

    /// The list of `coded`, from the taxonomy or the fixed lists.
    pub fn of(coded: Coded, tax: &'a Taxonomy) -> CodeList<'a> {
        if let Some(list) = CodeList::fixed(coded) {
            return list;
        }
        let codes: Vec<Code<'a>> = match coded {
            Coded::Region => tax
                .regions
                .iter()
                .map(|r| Code {
                    code: &r.code,
                    label: &r.name_nb,
                })
                .collect(),
            Coded::RecipientType => tax
                .recipient_types
                .iter()
                .map(|r| Code {
                    code: &r.code,
                    label: &r.name_nb,
                })
                .collect(),
            Coded::Theme => tax
                .themes
                .iter()
                .map(|r| Code {
                    code: &r.code,
                    label: &r.name_nb,
                })
                .collect(),
            Coded::TargetGroup => tax
                .target_groups
                .iter()
                .map(|r| Code {
                    code: &r.code,
                    label: &r.name_nb,
                })
                .collect(),
            _ => tax
                .learning_tools
                .iter()
                .map(|r| Code {
                    code: &r.code,
                    label: &r.name_nb,
                })
                .collect(),
        };
        CodeList::with_aliases(coded, codes)
    }

    fn with_aliases(coded: Coded, codes: Vec<Code<'a>>) -> CodeList<'a> {
        let mut aliases = Vec::new();
        for c in &codes {
            // «Region øst» → «øst»; «Post 78 (kompetansetilskudd)» → «Post 78».
            if let Some(rest) = c.label.strip_prefix("Region ") {
                aliases.push((rest, c.code));
            }
            if let Some((short, _)) = c.label.split_once(" (") {
                aliases.push((short, c.code));
            }
        }
        CodeList {
            coded,
            codes,
            aliases,
        }
    }

    /// The code `raw` stands for: a code or a label, in any case, with any spacing.
    pub fn resolve(&self, raw: &str) -> Option<&'a str> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        if let Some(c) = self.codes.iter().find(|c| c.code == raw) {
            return Some(c.code);
        }
        self.codes
            .iter()
            .find(|c| same(c.code, raw) || same(c.label, raw))
            .map(|c| c.code)
            .or_else(|| {
                self.aliases
                    .iter()
                    .find(|(alias, _)| same(alias, raw))
                    .map(|(_, code)| *code)
            })
    }

    /// The label of a code (the code itself when it is not in the list).
    pub fn label_of<'s>(&self, code: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.codes
            .iter()
            .find(|c| c.code == code)
            .map_or(code, |c| c.label)
    }

    /// The value closest to a misspelt one, if one is close enough to be what was meant.
    pub fn closest(&self, raw: &str) -> Option<Code<'a>> {
        let wanted = raw.trim().to_lowercase();
        if wanted.is_empty() {
            return None;
        }
        let score = |s: &str| strsim::normalized_damerau_levenshtein(&wanted, &s.to_lowercase());
        let mut best: Option<(f64, Code<'a>)> = None;
        let mut consider = |s: &str, c: Code<'a>| {
            let v = score(s);
            if v >= 0.7 && best.is_none_or(|(b, _)| v > b) {
                best = Some((v, c));
            }
        };
        for c in &self.codes {
            consider(c.code, *c);
            consider(c.label, *c);
        }
        for (alias, code) in &self.aliases {
            if let Some(c) = self.codes.iter().find(|c| c.code == *code) {
                consider(alias, *c);
            }
        }
        best.map(|(_, c)| c)
    }

    /// «a, b og c» of the labels, for short lists in messages.
    pub fn labels_text(&self) -> String {
        let labels: Vec<String> = self
            .codes
            .iter()
            .map(|c| format!("«{}»", c.label))
            .collect();
        list_and(&labels)
    }

    /// What to tell someone who wrote `raw` where a value of this list belongs: what is wrong,
    /// the closest label if one is close, and the valid labels when the list is short.
    pub fn unknown_message(&self, raw: &str) -> String {
        let mut m = format!("«{}» er ikke {}.", raw.trim(), self.coded.noun());
        if let Some(c) = self.closest(raw) {
            m.push_str(&format!(" Mente du «{}»?", c.label));
        }
        if self.codes.len() <= 7 {
            m.push_str(&format!(" Velg en av {}.", self.labels_text()));
        }
        m
    }

    /// Reads a list of values (each a code or a label). A value that is not known as a whole
    /// but holds commas is read as several values separated by commas, so that both
    /// «kompetanseheving, brukermedvirkning» and «Nettverk, arenaer og møteplasser» (one label
    /// with a comma) are understood. Returns the codes, without duplicates, and the values that
    /// are not known.
    pub fn resolve_list(&self, items: &[String]) -> (Vec<String>, Vec<String>) {
        let mut codes: Vec<String> = Vec::new();
        let mut unknown = Vec::new();
        let mut push = |code: &str| {
            if !codes.iter().any(|c| c == code) {
                codes.push(code.to_string());
            }
        };
        for item in items {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            if let Some(code) = self.resolve(item) {
                push(code);
                continue;
            }
            if !item.contains(',') {
                unknown.push(item.to_string());
                continue;
            }
            // The longest run of comma-separated pieces that is a known value, from the left.
            let pieces: Vec<&str> = item.split(',').collect();
            let mut i = 0;
            while i < pieces.len() {
                let found = (i + 1..=pieces.len())
                    .rev()
                    .find_map(|j| self.resolve(&pieces[i..j].join(",")).map(|c| (j, c)));
                match found {
                    Some((j, code)) => {
                        push(code);
                        i = j;
                    }
                    None => {
                        let piece = pieces[i].trim();
                        if !piece.is_empty() {
                            unknown.push(piece.to_string());
                        }
                        i += 1;
                    }
                }
            }
        }
        (codes, unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_are_read_in_any_case_and_spacing() {
        let tax = Taxonomy::builtin();
        let regions = CodeList::of(Coded::Region, &tax);
        assert_eq!(regions.resolve("ost"), Some("ost"));
        assert_eq!(regions.resolve("Region øst"), Some("ost"));
        assert_eq!(regions.resolve("  region ØST "), Some("ost"));
        assert_eq!(regions.resolve("øst"), Some("ost"), "without «Region»");
        assert_eq!(regions.resolve("OST"), Some("ost"));
        assert_eq!(regions.resolve("nord"), None);
        let status = CodeList::of(Coded::Status, &tax);
        assert_eq!(status.resolve("Pågår"), Some("aktiv"));
        assert_eq!(status.resolve("pågår"), Some("aktiv"));
        let kinds = CodeList::of(Coded::Kind, &tax);
        assert_eq!(kinds.resolve("Prosjekt"), Some("prosjekt"));
        let items = CodeList::of(Coded::BudgetItem, &tax);
        assert_eq!(items.resolve("Post 78"), Some("post78"));
        assert_eq!(
            items.resolve("post 78 (kompetansetilskudd)"),
            Some("post78")
        );
    }

    #[test]
    fn unknown_values_name_the_closest_label() {
        let tax = Taxonomy::builtin();
        let kinds = CodeList::of(Coded::Kind, &tax);
        assert_eq!(
            kinds.unknown_message("Prosjket"),
            "«Prosjket» er ikke en type. Mente du «Prosjekt»? Velg en av «Program», «Prosjekt» og «Tiltak»."
        );
        let themes = CodeList::of(Coded::Theme, &tax);
        let m = themes.unknown_message("kompetanseheving2");
        assert!(m.contains("Mente du «Kompetanseheving»?"), "{m}");
        assert!(
            !m.contains("Velg en av"),
            "a long list is not spelt out: {m}"
        );
        let regions = CodeList::of(Coded::Region, &tax);
        assert_eq!(regions.closest("Region nordland"), None, "nothing close");
    }

    #[test]
    fn lists_take_labels_with_commas_and_comma_separated_codes() {
        let tax = Taxonomy::builtin();
        let themes = CodeList::of(Coded::Theme, &tax);
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (codes, unknown) = themes.resolve_list(&items(&[
            "Nettverk, arenaer og møteplasser",
            " kompetanseheving ",
            "Brukermedvirkning, tildeling-bosetting",
            "KOMPETANSEHEVING",
        ]));
        assert_eq!(
            codes,
            vec![
                "nettverk-arenaer",
                "kompetanseheving",
                "brukermedvirkning",
                "tildeling-bosetting"
            ]
        );
        assert!(unknown.is_empty(), "{unknown:?}");
        let (codes, unknown) = themes.resolve_list(&items(&["kompetanseheving, bomiljø"]));
        assert_eq!(codes, vec!["kompetanseheving"]);
        assert_eq!(unknown, vec!["bomiljø"]);
    }
}
