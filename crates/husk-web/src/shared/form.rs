//! Form pieces every area uses: `<select>` options, checkbox groups, the theme checkboxes,
//! error summaries, reading a URL-encoded body and the confirmation of destructive actions.

use husk_domain::taxonomy::ThemeKind;
use husk_domain::{FieldErrors, Taxonomy};

/// One `<option>`.
#[derive(Debug, Clone)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Options for a `<select>`: an optional first option with the empty value, the known values,
/// and the current value even if it is unknown (so that a bad value is shown again, not lost).
pub fn options<'a>(
    empty: Option<&str>,
    items: impl IntoIterator<Item = (&'a str, &'a str)>,
    current: &str,
) -> Vec<Opt> {
    let current = current.trim();
    let mut out: Vec<Opt> = Vec::new();
    if let Some(label) = empty {
        out.push(Opt {
            value: String::new(),
            label: label.to_string(),
            selected: current.is_empty(),
        });
    }
    for (value, label) in items {
        out.push(Opt {
            value: value.to_string(),
            label: label.to_string(),
            selected: value == current,
        });
    }
    if !current.is_empty() && !out.iter().any(|o| o.selected) {
        out.push(Opt {
            value: current.to_string(),
            label: format!("«{current}» (ukjent verdi)"),
            selected: true,
        });
    }
    out
}

/// One checkbox.
#[derive(Debug, Clone)]
pub struct Check {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub(crate) fn checks<'a>(
    id_prefix: &str,
    items: impl IntoIterator<Item = (&'a str, &'a str)>,
    ticked: &[String],
) -> Vec<Check> {
    items
        .into_iter()
        .map(|(value, label)| Check {
            id: format!("{id_prefix}{value}"),
            value: value.to_string(),
            label: label.to_string(),
            checked: ticked.iter().any(|t| t.trim() == value),
        })
        .collect()
}

/// A group of checkboxes under one legend.
#[derive(Debug, Clone)]
pub struct CheckGroup {
    pub legend: String,
    pub items: Vec<Check>,
}

/// The theme checkboxes of a form: the outcome dimensions first, then one group per theme
/// group, in taxonomy order.
pub fn theme_check_groups(tax: &Taxonomy, id_prefix: &str, ticked: &[String]) -> Vec<CheckGroup> {
    let mut outcome_group = CheckGroup {
        legend: "Overordnede kunnskapstemaer".into(),
        items: Vec::new(),
    };
    let mut theme_groups: Vec<CheckGroup> = Vec::new();
    for t in &tax.themes {
        let item = checks(id_prefix, [(t.code.as_str(), t.name_nb.as_str())], ticked).remove(0);
        match t.kind {
            ThemeKind::Outcome => outcome_group.items.push(item),
            ThemeKind::Theme => match theme_groups.iter_mut().find(|g| g.legend == t.group_nb) {
                Some(g) => g.items.push(item),
                None => theme_groups.push(CheckGroup {
                    legend: t.group_nb.clone(),
                    items: vec![item],
                }),
            },
        }
    }
    std::iter::once(outcome_group).chain(theme_groups).collect()
}

/// One line of an error summary: the field's label and message, and the id to link to.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    pub target: String,
    pub label: &'static str,
    pub message: String,
}

/// Turns field errors into error-summary lines. `id_prefix` + field name is the id of the
/// field's input on the page.
pub fn summary(
    errors: &FieldErrors,
    id_prefix: &str,
    label: fn(&str) -> &'static str,
) -> Vec<SummaryItem> {
    errors
        .iter()
        .map(|e| SummaryItem {
            target: format!("{id_prefix}{}", e.field),
            label: label(&e.field),
            message: e.message.clone(),
        })
        .collect()
}

/// Reads a URL-encoded form body into pairs, keeping repeated keys (checkbox groups).
pub(crate) fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

/// Whether a form confirms a destructive action (`bekreft=ja`, sent by a [`ConfirmPage`]).
///
/// [`ConfirmPage`]: crate::shared::layout::ConfirmPage
pub(crate) fn confirmed(pairs: &[(String, String)]) -> bool {
    crate::query::field(pairs, "bekreft") == "ja"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_select_values_are_kept() {
        let opts = options(Some("Alle"), [("vest", "Region vest")], "nord");
        assert_eq!(opts.len(), 3);
        assert!(opts[2].selected && opts[2].value == "nord");
        let opts = options(Some("Alle"), [("vest", "Region vest")], "");
        assert!(opts[0].selected && !opts[1].selected);
    }
}
