//! Reading the participant page's forms: the planning deliverables, a measure and the
//! checklist, from a URL-encoded body's pairs.

use crate::query::field;
use husk_domain::programmes::phases::DeliverablesInput;
use husk_domain::programmes::plans::{plan_checklist, LineClassification, MeasureInput};
use husk_store::programmes::MarkInput;

fn ticked(pairs: &[(String, String)], name: &str) -> bool {
    !field(pairs, name).is_empty()
}

/// The deliverables form.
pub(crate) fn deliverables(pairs: &[(String, String)]) -> DeliverablesInput {
    let f = |k: &str| field(pairs, k).to_string();
    DeliverablesInput {
        pre_analysis: f("foranalyse"),
        fact_sheet: f("faktaark"),
        owner: f("programeier"),
        steering_group: f("styringsgruppe"),
        programme_group: f("programgruppe"),
        programme_leader: f("programleder"),
        has_activity_plan: ticked(pairs, "aktivitetsplan"),
        adopted: f("vedtatt"),
        adopted_by: f("vedtatt_av"),
        master_plan: ticked(pairs, "kommuneplan"),
        economic_plan: ticked(pairs, "okonomiplan"),
        budget: ticked(pairs, "budsjett"),
    }
}

/// The measure form: every goal ticked.
pub(crate) fn measure(pairs: &[(String, String)]) -> MeasureInput {
    let f = |k: &str| field(pairs, k).to_string();
    MeasureInput {
        id: String::new(),
        kind: f("type"),
        title: f("title"),
        goals: pairs
            .iter()
            .filter(|(k, _)| k == "mal")
            .map(|(_, v)| v.clone())
            .collect(),
        owner: f("ansvarlig"),
        start: f("start"),
        end: f("slutt"),
        status: f("status"),
        postponed_reason: f("utsatt_begrunnelse"),
        in_ordinary_operation: ticked(pairs, "i_drift"),
    }
}

/// The measure form's optional classification of the line's register entry.
pub(crate) fn classification(pairs: &[(String, String)]) -> LineClassification {
    let all = |name: &str| {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    LineClassification {
        themes: all("tema"),
        target_groups: all("malgruppe"),
    }
}

/// The checklist form: every item of the list, ticked or not, with its comment.
pub(crate) fn checklist(pairs: &[(String, String)]) -> Vec<MarkInput> {
    plan_checklist()
        .into_iter()
        .map(|item| MarkInput {
            ticked: ticked(pairs, &format!("punkt.{}", item.code)),
            comment: field(pairs, &format!("kommentar.{}", item.code)).to_string(),
            item: item.code,
        })
        .collect()
}
