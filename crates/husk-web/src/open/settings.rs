//! `/admin/publisering`: the administrator decides what Husk publishes as open data, per grant
//! scheme and per municipal programme (from which year, with the entries, with results), and
//! enters Husbanken's organisation number for the exports. The rules are checked in
//! `husk_domain::open`; a form with a mistake is shown again with what was typed.

use crate::auth::Auth;
use crate::error::PageError;
use crate::query::field;
use crate::shared::form::form_pairs;
use crate::shared::layout::{Layout, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use askama::Template;
use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::norwegian::count;
use husk_domain::open::{parse_funder_orgnr, Publication, RuleInput, Scope};
use husk_domain::portfolio::BudgetItem;
use husk_domain::FieldErrors;
use husk_store::Store;

/// One scheme or programme in the form.
pub struct RuleRow {
    pub scope: String,
    /// The scope code made safe for an id attribute.
    pub key: String,
    pub label: String,
    pub published: bool,
    pub from_year: String,
    pub entries: bool,
    pub results: bool,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "open/settings.html")]
pub struct SettingsPage {
    pub layout: Layout,
    pub csrf: String,
    /// (heading, rows): the grant schemes, then the programmes.
    pub sections: Vec<(&'static str, Vec<RuleRow>)>,
    pub orgnr: String,
    pub orgnr_error: Option<String>,
    /// (field id, message) for the error summary.
    pub errors: Vec<(String, String)>,
    pub published_now: String,
    pub message: Option<String>,
}

async fn scopes(store: &Store) -> Result<Vec<(Scope, String)>, PageError> {
    let mut out: Vec<(Scope, String)> = BudgetItem::ALL
        .iter()
        .map(|b| (Scope::Scheme(*b), b.label().to_string()))
        .collect();
    for (id, title) in store.publishable_programmes().await? {
        out.push((Scope::Programme(id), title));
    }
    Ok(out)
}

fn key_of(scope: &str) -> String {
    scope
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn rows_from(
    all: &[(Scope, String)],
    inputs: &[RuleInput],
    errors: &FieldErrors,
) -> (Vec<RuleRow>, Vec<RuleRow>) {
    let mut schemes = Vec::new();
    let mut programmes = Vec::new();
    for ((scope, label), input) in all.iter().zip(inputs) {
        let code = scope.code();
        let row = RuleRow {
            key: key_of(&code),
            label: label.clone(),
            published: input.published,
            from_year: input.from_year.clone(),
            entries: input.entries,
            results: input.results,
            error: errors.get(&format!("fra_ar:{code}")).map(str::to_string),
            scope: code,
        };
        match scope {
            Scope::Scheme(_) => schemes.push(row),
            Scope::Programme(_) => programmes.push(row),
        }
    }
    (schemes, programmes)
}

fn inputs_of(all: &[(Scope, String)], p: &Publication) -> Vec<RuleInput> {
    all.iter()
        .map(|(scope, _)| match p.rule(scope) {
            Some(r) => RuleInput {
                scope: scope.code(),
                published: true,
                from_year: r.from_year.to_string(),
                entries: r.entries,
                results: r.results,
            },
            None => RuleInput {
                scope: scope.code(),
                ..RuleInput::default()
            },
        })
        .collect()
}

/// The form as shown: every scheme and programme with what was typed for it, the organisation
/// number, and any mistakes.
struct Typed<'a> {
    all: &'a [(Scope, String)],
    inputs: &'a [RuleInput],
    orgnr: String,
    errors: FieldErrors,
}

async fn page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    typed: Typed<'_>,
    message: Option<String>,
) -> Result<Response, PageError> {
    let Typed {
        all,
        inputs,
        orgnr,
        errors,
    } = typed;
    let (schemes, programmes) = rows_from(all, inputs, &errors);
    let summary: Vec<(String, String)> = errors
        .iter()
        .map(|e| {
            let id = match e.field.strip_prefix("fra_ar:") {
                Some(scope) => format!("fra-ar-{}", key_of(scope)),
                None => "orgnr".to_string(),
            };
            (id, e.message.clone())
        })
        .collect();
    let published = store.open_data().await?.grants.len();
    let page = SettingsPage {
        layout: layout(store, auth, "Publisering av åpne data", Nav::Admin).await?,
        csrf: auth.csrf.clone(),
        sections: vec![("Tilskuddsordninger", schemes), ("Programmer", programmes)],
        orgnr,
        orgnr_error: errors.get("orgnr").map(str::to_string),
        errors: summary,
        published_now: count(published as i64, "tilskudd", "tilskudd"),
        message,
    };
    render(status, &page)
}

/// `GET /admin/publisering`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_set_publication())?;
    let all = scopes(&store).await?;
    let p = store.publication().await?;
    let message = (crate::query::param(query.as_deref(), "melding").as_deref() == Some("lagret"))
        .then(|| {
            "Publiseringen er lagret. De offentlige sidene og eksportene viser nå det du valgte."
                .to_string()
        });
    page(
        &store,
        &auth,
        StatusCode::OK,
        Typed {
            all: &all,
            inputs: &inputs_of(&all, &p),
            orgnr: p.funder_orgnr.map(|o| o.to_string()).unwrap_or_default(),
            errors: FieldErrors::new(),
        },
        message,
    )
    .await
}

/// `POST /admin/publisering`.
pub async fn save(Acting(store): Acting, auth: Auth, body: Bytes) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_set_publication())?;
    let pairs = form_pairs(&body);
    let all = scopes(&store).await?;
    let ticked = |name: &str| !field(&pairs, name).is_empty();
    let inputs: Vec<RuleInput> = all
        .iter()
        .map(|(scope, _)| {
            let code = scope.code();
            RuleInput {
                published: ticked(&format!("publiser:{code}")),
                from_year: field(&pairs, &format!("fra_ar:{code}")).to_string(),
                entries: ticked(&format!("tiltak:{code}")),
                results: ticked(&format!("resultater:{code}")),
                scope: code,
            }
        })
        .collect();
    let mut errors = FieldErrors::new();
    let mut rules = Vec::new();
    for input in &inputs {
        match input.validate() {
            Ok(Some(r)) => rules.push(r),
            Ok(None) => {}
            Err(e) => {
                for fe in e.iter() {
                    errors.push(fe.field.clone(), fe.message.clone());
                }
            }
        }
    }
    let orgnr = field(&pairs, "orgnr").to_string();
    let funder_orgnr = match parse_funder_orgnr(&orgnr) {
        Ok(o) => o,
        Err(e) => {
            for fe in e.iter() {
                errors.push(fe.field.clone(), fe.message.clone());
            }
            None
        }
    };
    if !errors.is_empty() {
        return page(
            &store,
            &auth,
            StatusCode::UNPROCESSABLE_ENTITY,
            Typed {
                all: &all,
                inputs: &inputs,
                orgnr,
                errors,
            },
            None,
        )
        .await;
    }
    store
        .save_publication(&Publication {
            rules,
            funder_orgnr,
        })
        .await?;
    Ok(Redirect::to("/admin/publisering?melding=lagret").into_response())
}
