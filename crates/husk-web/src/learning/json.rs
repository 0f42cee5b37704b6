//! Reading the learning API's JSON bodies (tools, networks, themes of the month, arenas) so
//! that every problem with a field is a 422 with the field's error, in the shape the rest of
//! the API answers validation errors with (`error`, `field`, `errors`): a missing field is
//! read as empty and the domain's check says what it needs; a field of the wrong JSON type
//! (a list where a text belongs, a text where `true`/`false` does) is an error at that field,
//! given together with what the domain's check says of the rest. Only a body that is not a
//! JSON object (or list, where rows are sent) at all is a 400.
//!
//! Errors are named as the pages' forms name the fields (`navn`, `kontor`, `program-2-tid`),
//! as the domain's checks do; a type error's message names the JSON key.

use crate::error::{ApiError, ApiErrorBody};
use axum::http::StatusCode;
use husk_domain::FieldErrors;
use serde_json::{Map, Value};

/// 422 with every problem: the first in `error`/`field`, all in `errors`.
pub(crate) fn invalid(errors: &FieldErrors) -> ApiError {
    let first = errors.iter().next();
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        body: ApiErrorBody {
            error: first.map(|e| e.message.clone()).unwrap_or_default(),
            field: first.map(|e| e.field.clone()),
            errors: errors.iter().cloned().collect(),
        },
    }
}

fn unreadable(e: &serde_json::Error, expected: &str) -> ApiError {
    ApiError::bad_request(
        "body",
        format!(
            "Innholdet er ikke JSON Husk kan lese (linje {}, kolonne {}). Send {expected} med «Content-Type: application/json».",
            e.line(),
            e.column()
        ),
    )
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "et tall",
        Value::String(_) => "en tekst",
        Value::Array(_) => "en liste",
        Value::Object(_) => "et objekt",
    }
}

/// One JSON object's fields, read one at a time; what has the wrong type is collected.
pub(crate) struct Fields {
    object: Map<String, Value>,
    errors: FieldErrors,
}

impl Fields {
    /// The body as a JSON object, or 400 saying that `expected` (for example «et JSON-objekt
    /// med feltene name, kind og office») is what to send.
    pub(crate) fn object(bytes: &[u8], expected: &str) -> Result<Fields, ApiError> {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(object)) => Ok(Fields::of(object)),
            Ok(other) => Err(ApiError::bad_request(
                "body",
                format!(
                    "Innholdet er {}, ikke et JSON-objekt. Send {expected}.",
                    kind_of(&other)
                ),
            )),
            Err(e) => Err(unreadable(&e, expected)),
        }
    }

    /// The body as a JSON list of objects (rows), or 400; a row that is not an object is an
    /// error at `row_field(n)` (n from 1).
    pub(crate) fn rows(
        bytes: &[u8],
        expected: &str,
        row_field: impl Fn(usize) -> String,
    ) -> Result<(Vec<Fields>, FieldErrors), ApiError> {
        let list = match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Array(list)) => list,
            Ok(other) => {
                return Err(ApiError::bad_request(
                    "body",
                    format!(
                        "Innholdet er {}, ikke en JSON-liste. Send {expected}.",
                        kind_of(&other)
                    ),
                ))
            }
            Err(e) => return Err(unreadable(&e, expected)),
        };
        let mut errors = FieldErrors::new();
        let mut rows = Vec::new();
        for (i, v) in list.into_iter().enumerate() {
            match v {
                Value::Object(o) => rows.push(Fields::of(o)),
                other => {
                    errors.push(
                        row_field(i + 1),
                        format!("Rad {} er {}, ikke et JSON-objekt.", i + 1, kind_of(&other)),
                    );
                    rows.push(Fields::of(Map::new()));
                }
            }
        }
        Ok((rows, errors))
    }

    fn of(object: Map<String, Value>) -> Fields {
        Fields {
            object,
            errors: FieldErrors::new(),
        }
    }

    /// A text field (`key` in JSON, `field` in errors): missing or `null` is empty, a number
    /// is read as its digits.
    pub(crate) fn text(&mut self, key: &str, field: &str) -> String {
        match self.object.remove(key) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                self.errors.push(
                    field,
                    format!("Feltet «{key}» må være en tekst, ikke {}.", kind_of(&other)),
                );
                String::new()
            }
        }
    }

    /// A list of texts (codes); missing or `null` is an empty list.
    pub(crate) fn texts(&mut self, key: &str, field: &str) -> Vec<String> {
        let expected =
            format!("Feltet «{key}» må være en liste med tekster, for eksempel [\"a\", \"b\"]");
        match self.object.remove(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s),
                        Value::Number(n) => out.push(n.to_string()),
                        other => {
                            self.errors
                                .push(field, format!("{expected}; den har {}.", kind_of(&other)));
                            return Vec::new();
                        }
                    }
                }
                out
            }
            Some(other) => {
                self.errors
                    .push(field, format!("{expected}, ikke {}.", kind_of(&other)));
                Vec::new()
            }
        }
    }

    /// A yes or no; missing or `null` is no.
    pub(crate) fn flag(&mut self, key: &str, field: &str) -> bool {
        match self.object.remove(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => b,
            Some(other) => {
                self.errors.push(
                    field,
                    format!(
                        "Feltet «{key}» må være true eller false, ikke {}.",
                        kind_of(&other)
                    ),
                );
                false
            }
        }
    }

    /// The type errors of these fields (and `more`, such as rows that were no objects).
    pub(crate) fn errors(fields: &[Fields], more: FieldErrors) -> FieldErrors {
        let mut all = more;
        for f in fields {
            for e in f.errors.iter() {
                all.push(e.field.clone(), e.message.clone());
            }
        }
        all
    }

    /// `Ok` when every field had its type; else 422 with the type errors and what `check`
    /// (the domain's check of the input as read) says of the other fields.
    pub(crate) fn done(self, check: impl FnOnce() -> Option<FieldErrors>) -> Result<(), ApiError> {
        finish(self.errors, check)
    }
}

/// `Ok` when `type_errors` is empty; else 422 with them and what `check` says of the fields
/// they do not name.
pub(crate) fn finish(
    type_errors: FieldErrors,
    check: impl FnOnce() -> Option<FieldErrors>,
) -> Result<(), ApiError> {
    if type_errors.is_empty() {
        return Ok(());
    }
    let mut all = type_errors;
    if let Some(more) = check() {
        for e in more.iter() {
            if all.get(&e.field).is_none() {
                all.push(e.field.clone(), e.message.clone());
            }
        }
    }
    Err(invalid(&all))
}
