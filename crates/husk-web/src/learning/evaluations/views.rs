//! The evaluations' view models: the form answered without login, an arena's form as staff
//! set it up, the slide with the QR code, results per arena and over arenas.

use crate::format;
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::learning::evaluations::{
    norwegian_local, Question, QuestionKind, QuestionResult, WindowState, MIN_ANSWERS,
};
use husk_domain::norwegian::count;
use husk_domain::FieldErrors;
use husk_store::learning::evaluations::{EvaluatedArena, PublicForm};
use std::collections::BTreeMap;

/// A problem listed in a form's error summary.
pub struct Problem {
    pub target: String,
    pub message: String,
}

/// One choice on a scale.
pub struct ScaleChoice {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// One question of the form being answered.
pub struct QuestionField {
    pub key: String,
    pub id: String,
    pub number: usize,
    pub text: String,
    pub required: bool,
    pub scale: bool,
    pub choices: Vec<ScaleChoice>,
    /// A text answer as typed.
    pub value: String,
    pub error: Option<String>,
}

/// What a scale's ends mean.
pub const SCALE_LOW: &str = "i svært liten grad";
pub const SCALE_HIGH: &str = "i svært stor grad";

fn scale_label(n: u8) -> String {
    match n {
        1 => format!("1 – {SCALE_LOW}"),
        5 => format!("5 – {SCALE_HIGH}"),
        n => n.to_string(),
    }
}

fn question_fields(
    questions: &[Question],
    values: &BTreeMap<String, String>,
    errors: &FieldErrors,
) -> Vec<QuestionField> {
    questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let id = format!("sporsmal-{}", q.key);
            let value = values.get(&q.key).cloned().unwrap_or_default();
            let scale = q.kind == QuestionKind::Scale;
            QuestionField {
                key: q.key.clone(),
                number: i + 1,
                text: q.text.clone(),
                required: q.required,
                scale,
                choices: if scale {
                    (1..=5u8)
                        .map(|n| ScaleChoice {
                            id: format!("{id}-{n}"),
                            value: n.to_string(),
                            label: scale_label(n),
                            checked: value.trim() == n.to_string(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                value,
                error: errors.get(&q.key).map(str::to_string),
                id,
            }
        })
        .collect()
}

/// The form being answered, with what was typed and the problems.
pub struct AnswerForm {
    pub action: String,
    pub submission: String,
    pub questions: Vec<QuestionField>,
    pub summary: Vec<Problem>,
    pub notice: Option<String>,
}

impl AnswerForm {
    pub fn new(
        form: &PublicForm,
        action: String,
        values: &BTreeMap<String, String>,
        errors: &FieldErrors,
        submission: String,
        notice: Option<String>,
    ) -> AnswerForm {
        let questions = question_fields(&form.questions, values, errors);
        let summary = questions
            .iter()
            .filter_map(|q| {
                Some(Problem {
                    target: if q.scale {
                        format!("{}-1", q.id)
                    } else {
                        q.id.clone()
                    },
                    message: format!("Spørsmål {}: {}", q.number, q.error.clone()?),
                })
            })
            .collect();
        AnswerForm {
            action,
            submission,
            questions,
            summary,
            notice,
        }
    }
}

#[derive(Template)]
#[template(path = "learning/evaluations/answer.html")]
pub struct AnswerPage {
    pub layout: Layout,
    pub arena: String,
    pub about: String,
    /// Why the form cannot be answered now (before opening, after closing, answered).
    pub closed: Option<String>,
    pub open_until: String,
    pub form: Option<AnswerForm>,
}

/// «Programsamling 15.03.2027».
fn about(a: &EvaluatedArena) -> String {
    format!("{} {}", a.kind.label(), format::date(a.starts_on))
}

/// What the page says in each state of the window.
pub fn window_message(state: WindowState, opens: &str, closes: &str) -> Option<String> {
    match state {
        WindowState::NotYetOpen => Some(format!(
            "Skjemaet er ikke åpnet ennå. Det åpner {opens} og tar imot svar til {closes}."
        )),
        WindowState::Open => None,
        WindowState::Closed => Some(format!(
            "Skjemaet er stengt. Det tok imot svar fra {opens} til {closes}."
        )),
    }
}

impl AnswerPage {
    pub fn new(layout: Layout, form: &PublicForm, answer: AnswerForm) -> AnswerPage {
        let opens = norwegian_local(form.window.opens);
        let closes = norwegian_local(form.window.closes);
        let closed = window_message(form.state, &opens, &closes).or_else(|| {
            form.answered.then(|| {
                if form.personal {
                    "Denne lenken er allerede brukt til å svare. Hver lenke kan brukes én gang. Takk for svaret!".to_string()
                } else {
                    "Du har allerede svart på dette skjemaet fra denne enheten. Takk for svaret!"
                        .to_string()
                }
            })
        });
        AnswerPage {
            layout,
            arena: form.arena.title.clone(),
            about: about(&form.arena),
            form: closed.is_none().then_some(answer),
            closed,
            open_until: closes,
        }
    }
}

#[derive(Template)]
#[template(path = "learning/evaluations/thanks.html")]
pub struct ThanksPage {
    pub layout: Layout,
    pub arena: String,
}

/// A link to show.
pub struct LinkRow {
    pub number: usize,
    pub url: String,
    pub used: bool,
}

/// An extra question's row on the setup page, with its edit form.
pub struct ExtraRow {
    pub id: i64,
    /// The edit form's name in errors (`sporsmal-{id}`) and its text field's id.
    pub which: String,
    pub text_id: String,
    /// The edit form's text: as typed when it was refused, else as stored.
    pub value: String,
    pub action: String,
    /// Where who manages the form removes it (asked first), while nobody has answered.
    pub remove_href: Option<String>,
    pub text: String,
    pub scale: bool,
    pub required: bool,
}

/// A form's values and problems on the setup page.
#[derive(Default)]
pub struct Typed {
    pub opens: String,
    pub closes: String,
    pub errors: FieldErrors,
    /// Which form the errors are of: `tider`, `sporsmal`, `sporsmal-{id}`, `lenker`, `opprett`.
    pub which: String,
    pub kind: String,
    pub text: String,
    pub required: bool,
    pub links: String,
}

impl Typed {
    pub fn err(&self, which: &str, field: &str) -> Option<String> {
        (self.which == which)
            .then(|| self.errors.get(field).map(str::to_string))
            .flatten()
    }
}

#[derive(Template)]
#[template(path = "learning/evaluations/setup.html")]
pub struct SetupPage {
    pub layout: Layout,
    pub arena_id: i64,
    pub arena: String,
    pub about: String,
    pub office: String,
    pub may_manage: bool,
    pub has_form: bool,
    pub state: String,
    pub opens: String,
    pub closes: String,
    pub answered: String,
    pub hidden_note: Option<String>,
    pub link: Option<String>,
    pub core: Vec<(String, String)>,
    pub extra: Vec<ExtraRow>,
    pub links: Vec<LinkRow>,
    pub links_used: String,
    /// The form has answers: its extra questions can no longer be removed.
    pub extra_locked: bool,
    pub typed: Typed,
    pub message: Option<String>,
}

#[derive(Template)]
#[template(path = "learning/evaluations/slide.html")]
pub struct SlidePage {
    pub layout: Layout,
    pub arena_id: i64,
    pub arena: String,
    pub link: String,
    pub closes: String,
}

/// One bar of a distribution.
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub share: String,
    pub width: String,
}

/// One question's results as shown.
pub struct QuestionView {
    pub id: String,
    /// The question's key (`best`, `x12`).
    pub key: String,
    pub number: usize,
    pub text: String,
    pub core: bool,
    pub answered: String,
    pub average: Option<String>,
    pub bars: Vec<Bar>,
    /// This page's free-text answers (`?svar-{key}=N`, [`TEXTS_PAGE_SIZE`] a page; set by the
    /// handler).
    pub texts: Vec<String>,
    pub texts_nav: Option<crate::paging::PageNav>,
    pub scale: bool,
}

fn decimal(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

pub fn average_text(x: Option<f64>) -> String {
    x.map(decimal).unwrap_or_else(|| "–".into())
}

impl QuestionView {
    pub fn new(i: usize, q: &QuestionResult, search: &str) -> QuestionView {
        let dist = q.distribution.unwrap_or_default();
        let total: usize = dist.iter().sum();
        let max = dist.iter().copied().max().unwrap_or(0).max(1);
        let needle = search.trim().to_lowercase();
        QuestionView {
            id: format!("resultat-{}", q.key),
            key: q.key.clone(),
            number: i + 1,
            text: q.text.clone(),
            core: q.core,
            answered: count(q.answered as i64, "svar", "svar"),
            average: q.average.map(decimal),
            bars: dist
                .iter()
                .enumerate()
                .map(|(i, c)| Bar {
                    label: scale_label(i as u8 + 1),
                    count: *c,
                    share: (*c * 100 + total / 2)
                        .checked_div(total)
                        .map_or_else(|| "–".into(), |p| format!("{p} %")),
                    width: format!("{:.1}%", *c as f64 * 100.0 / max as f64),
                })
                .collect(),
            texts: q
                .texts
                .iter()
                .filter(|t| needle.is_empty() || t.to_lowercase().contains(&needle))
                .cloned()
                .collect(),
            texts_nav: None,
            scale: q.kind == QuestionKind::Scale,
        }
    }
}

#[derive(Template)]
#[template(path = "learning/evaluations/results.html")]
pub struct ResultsPage {
    pub layout: Layout,
    pub arena_id: i64,
    pub arena: String,
    pub about: String,
    pub answered: String,
    pub hidden: Option<String>,
    pub overall: Option<String>,
    pub questions: Vec<QuestionView>,
    pub search: String,
    pub text_hits: usize,
}

/// An arena's row in the summary.
pub struct SummaryRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub date: String,
    pub answered: usize,
    pub averages: Vec<String>,
    pub overall: String,
    pub width: String,
    pub hidden: bool,
}

/// A year's row in the summary.
pub struct YearRow {
    pub year: i32,
    pub arenas: usize,
    pub answered: usize,
    pub averages: Vec<String>,
    pub overall: String,
    pub width: String,
}

/// The width of a bar for an average on the scale from 1 to 5 (the bar starts at 0).
pub fn average_width(x: Option<f64>) -> String {
    format!("{:.1}%", x.unwrap_or(0.0) * 20.0)
}

#[derive(Template)]
#[template(path = "learning/evaluations/summary.html")]
pub struct SummaryPage {
    pub layout: Layout,
    pub kinds: Vec<crate::shared::form::Opt>,
    pub kind_label: String,
    pub questions: Vec<(usize, String)>,
    /// This page's arenas (`?arenaer=N`, 50 a page) and how many there are.
    pub rows: Vec<SummaryRow>,
    pub rows_nav: Option<crate::paging::PageNav>,
    pub arena_total: usize,
    pub years: Vec<YearRow>,
    pub search: String,
    /// This page's free-text answers (`?svar=N`, [`TEXTS_PAGE_SIZE`] a page) and how many.
    pub texts: Vec<(String, String, String)>,
    pub texts_nav: Option<crate::paging::PageNav>,
    pub text_total: usize,
    pub min_answers: usize,
    /// The kind filter has no error message (the macro takes one).
    pub no_error: Option<String>,
}

/// Free-text answers on one page of a list of them.
pub const TEXTS_PAGE_SIZE: usize = 25;

impl SummaryPage {
    pub const MIN: usize = MIN_ANSWERS;
}
