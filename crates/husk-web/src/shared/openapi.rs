//! The OpenAPI 3.1 description of the JSON API (`/api/v1/openapi.json`), made from the route
//! tables: every API route carries a [`Doc`] (what it does, its query parameters, its request
//! body and its answer), so the description lists exactly the routes the router serves, with
//! their path parameters read from the paths. Answers are written in a small shape language
//! ([`schema`]) and turned into JSON Schema (2020-12, as OpenAPI 3.1 uses); the tests check
//! every route is described and that the answers of a demo run match their schemas.
//!
//! The shape language: `{key:type, other?:type}` is an object with those keys (a `?` after a
//! key: it may be left out), `[type]` an array of that type, `string`, `integer`, `number`,
//! `boolean`, `object` (any object), `any` (any value), and a `?` after a type allows `null`.
//! Objects may hold more keys than the shape names.

use serde_json::{json, Map, Value};

/// What a route answers when it succeeds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Answer {
    /// JSON of this shape, with this status.
    Json(u16, &'static str),
    /// A paged list: the paging fields and the list of items of this shape under this key.
    Paged(&'static str, &'static str),
    /// A file in one of these content types (downloads, XML).
    File(&'static [&'static str]),
    /// Nothing, with this status (204).
    Empty(u16),
}

/// The description of one API route.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Doc {
    pub summary: &'static str,
    /// (name, what it does) of each query parameter.
    pub query: &'static [(&'static str, &'static str)],
    /// The JSON body's shape, for writes.
    pub body: Option<&'static str>,
    pub answer: Answer,
    /// Everyone may call it without logging in.
    pub public: bool,
}

impl Doc {
    /// A read answering JSON of `shape`.
    pub(crate) const fn json(summary: &'static str, shape: &'static str) -> Doc {
        Doc {
            summary,
            query: &[],
            body: None,
            answer: Answer::Json(200, shape),
            public: false,
        }
    }
    /// A paged list of items of `item` under `key`; takes `page` and `per_page`.
    pub(crate) const fn paged(summary: &'static str, key: &'static str, item: &'static str) -> Doc {
        Doc {
            summary,
            query: PAGING,
            body: None,
            answer: Answer::Paged(key, item),
            public: false,
        }
    }
    /// A write taking a JSON body of `body` and answering JSON of `shape` with `status`.
    pub(crate) const fn write(
        summary: &'static str,
        body: &'static str,
        status: u16,
        shape: &'static str,
    ) -> Doc {
        Doc {
            summary,
            query: &[],
            body: Some(body),
            answer: Answer::Json(status, shape),
            public: false,
        }
    }
    /// A write with no JSON body (an upload) answering JSON of `shape`.
    pub(crate) const fn action(summary: &'static str, status: u16, shape: &'static str) -> Doc {
        Doc {
            summary,
            query: &[],
            body: None,
            answer: Answer::Json(status, shape),
            public: false,
        }
    }
    /// A write taking a JSON body of `body` and answering 204 No Content.
    pub(crate) const fn write_done(summary: &'static str, body: &'static str) -> Doc {
        Doc {
            summary,
            query: &[],
            body: Some(body),
            answer: Answer::Empty(204),
            public: false,
        }
    }
    /// A removal, or an action with no body (confirming, withdrawing), answering 204 No Content.
    pub(crate) const fn done(summary: &'static str) -> Doc {
        Doc {
            summary,
            query: &[],
            body: None,
            answer: Answer::Empty(204),
            public: false,
        }
    }
    /// A download in one of `types`.
    pub(crate) const fn file(summary: &'static str, types: &'static [&'static str]) -> Doc {
        Doc {
            summary,
            query: &[],
            body: None,
            answer: Answer::File(types),
            public: false,
        }
    }
    pub(crate) const fn query(mut self, query: &'static [(&'static str, &'static str)]) -> Doc {
        self.query = query;
        self
    }
    pub(crate) const fn public(mut self) -> Doc {
        self.public = true;
        self
    }
}

/// The paging query parameters every paged list takes.
pub(crate) const PAGING: &[(&str, &str)] = &[
    ("page", "Siden (fra 1)."),
    ("per_page", "Hvor mange per side (standard 100, høyst 500)."),
];

/// The fields every paged list answers with, before its own list.
pub(crate) const PAGE_FIELDS: &str =
    "count?:integer, total:integer, page:integer, per_page:integer, pages:integer, next:string?, previous:string?";

/// The shape of a paged list of `item` under `key`.
pub(crate) fn paged_shape(key: &str, item: &str) -> String {
    format!("{{{PAGE_FIELDS}, {key}:[{item}]}}")
}

/// A problem in a shape (a typo in a route's description), with where it is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ShapeError(pub String);

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn skip(&mut self) {
        while self.text[self.at..].starts_with(char::is_whitespace) {
            self.at += self.text[self.at..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        }
    }
    fn eat(&mut self, c: char) -> bool {
        self.skip();
        if self.text[self.at..].starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn fail<T>(&self, what: &str) -> Result<T, ShapeError> {
        Err(ShapeError(format!(
            "{what} at character {} of «{}»",
            self.at, self.text
        )))
    }
    fn word(&mut self) -> String {
        self.skip();
        let rest = &self.text[self.at..];
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        self.at += len;
        rest[..len].to_string()
    }
    fn value(&mut self) -> Result<Value, ShapeError> {
        let schema = if self.eat('{') {
            let mut properties = Map::new();
            let mut required = Vec::new();
            if !self.eat('}') {
                loop {
                    let key = self.word();
                    if key.is_empty() {
                        return self.fail("a key");
                    }
                    let optional = self.eat('?');
                    if !self.eat(':') {
                        return self.fail("«:» after a key");
                    }
                    let v = self.value()?;
                    if !optional {
                        required.push(Value::from(key.clone()));
                    }
                    properties.insert(key, v);
                    if self.eat('}') {
                        break;
                    }
                    if !self.eat(',') {
                        return self.fail("«,» or «}»");
                    }
                }
            }
            json!({"type": "object", "properties": properties, "required": required})
        } else if self.eat('[') {
            let items = self.value()?;
            if !self.eat(']') {
                return self.fail("«]»");
            }
            json!({"type": "array", "items": items})
        } else {
            match self.word().as_str() {
                t @ ("string" | "integer" | "number" | "boolean" | "object" | "array") => {
                    json!({ "type": t })
                }
                "any" => json!({}),
                "" => return self.fail("a type"),
                other => return self.fail(&format!("«{other}» is not a type")),
            }
        };
        if self.eat('?') {
            return Ok(match schema.get("type").and_then(Value::as_str) {
                Some(t) => {
                    let mut s = schema.clone();
                    s["type"] = json!([t, "null"]);
                    s
                }
                None => schema,
            });
        }
        Ok(schema)
    }
}

/// The JSON Schema of a shape.
pub(crate) fn schema(shape: &str) -> Result<Value, ShapeError> {
    let mut p = Parser { text: shape, at: 0 };
    let v = p.value()?;
    p.skip();
    if p.at != shape.len() {
        return p.fail("the end");
    }
    Ok(v)
}

/// The error every API route answers with when it refuses (`error`, and for bad input the
/// `field` and every problem in `errors`).
fn error_schema() -> Value {
    schema("{error:string, field?:string, errors?:[{field:string, message:string}]}")
        .expect("the error shape")
}

/// One documented API route: method, path (with the API prefix) and its description.
pub(crate) struct Described {
    pub method: &'static str,
    pub path: String,
    pub doc: Option<Doc>,
}

fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_lowercase();
    for part in path
        .trim_start_matches(super::routes::API_PREFIX)
        .split('/')
    {
        let part = part.trim_matches(|c| c == '{' || c == '}');
        if part.is_empty() {
            continue;
        }
        id.push('_');
        id.extend(
            part.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' }),
        );
    }
    id
}

/// The area a route belongs to in the description: its path's first part.
pub(crate) fn tag(path: &str) -> String {
    path.trim_start_matches(super::routes::API_PREFIX)
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("")
        .to_string()
}

/// The parameters of a path: the names between `{` and `}`.
pub(crate) fn path_parameters(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|p| p.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
        .map(str::to_string)
        .collect()
}

/// The OpenAPI 3.1 document of the described routes. A route without a description is listed
/// with no summary (the tests refuse that).
pub(crate) fn document(routes: &[Described]) -> Result<Value, ShapeError> {
    let mut paths = Map::new();
    for r in routes {
        let mut op = Map::new();
        op.insert("operationId".into(), operation_id(r.method, &r.path).into());
        op.insert("tags".into(), json!([tag(&r.path)]));
        let mut parameters: Vec<Value> = path_parameters(&r.path)
            .into_iter()
            .map(|name| {
                json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})
            })
            .collect();
        let mut responses = Map::new();
        if let Some(d) = &r.doc {
            op.insert("summary".into(), d.summary.into());
            for (name, about) in d.query {
                parameters.push(json!({
                    "name": name, "in": "query", "required": false,
                    "description": about, "schema": {"type": "string"}
                }));
            }
            if let Some(body) = d.body {
                op.insert(
                    "requestBody".into(),
                    json!({"required": true, "content": {"application/json": {"schema": schema(body)?}}}),
                );
            }
            let (status, answer) = match d.answer {
                Answer::Json(status, shape) => (
                    status,
                    json!({"description": "Svaret.", "content": {"application/json": {"schema": schema(shape)?}}}),
                ),
                Answer::Paged(key, item) => (
                    200,
                    json!({"description": "Én side av listen.", "content": {"application/json": {"schema": schema(&paged_shape(key, item))?}}}),
                ),
                Answer::File(types) => {
                    let content: Map<String, Value> = types
                        .iter()
                        .map(|t| (t.to_string(), json!({"schema": {"type": "string"}})))
                        .collect();
                    (200, json!({"description": "Filen.", "content": content}))
                }
                Answer::Empty(status) => (status, json!({"description": "Utført."})),
            };
            responses.insert(status.to_string(), answer);
            op.insert(
                "security".into(),
                if d.public {
                    json!([{}, {"token": []}, {"session": []}])
                } else {
                    json!([{"token": []}, {"session": []}])
                },
            );
        }
        responses.insert(
            "default".into(),
            json!({"description": "Avvist: ikke logget inn (401), ikke tillatt (403), finnes ikke (404), eller feil i det som ble sendt (422), med en norsk melding.",
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}),
        );
        op.insert("responses".into(), Value::Object(responses));
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::from(parameters));
        }
        let item = paths
            .entry(r.path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        item[r.method.to_lowercase()] = Value::Object(op);
    }
    Ok(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Husk API",
            "version": "1",
            "description": "Husks JSON-API: registeret, kunnskapsbasen, rapporteringen, programmene, læring, innovasjon og åpne data. Lesing uten innlogging gir bare det som er offentlig; ellers brukes et API-token (Authorization: Bearer husk_…) eller innloggingen i nettleseren. Skriving med innlogging krever CSRF-token; med API-token gjør den ikke det."
        },
        "paths": paths,
        "components": {
            "schemas": {"Error": error_schema()},
            "securitySchemes": {
                "token": {"type": "http", "scheme": "bearer", "description": "Et API-token fra Min side."},
                "session": {"type": "apiKey", "in": "cookie", "name": "husk_session"}
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_become_json_schema() {
        assert_eq!(
            schema("{id:integer, name?:string?, tags:[string]}").unwrap(),
            json!({"type": "object", "properties": {
                "id": {"type": "integer"},
                "name": {"type": ["string", "null"]},
                "tags": {"type": "array", "items": {"type": "string"}}
            }, "required": ["id", "tags"]})
        );
        assert!(schema("{id integer}").is_err());
        assert!(schema("{id:text}")
            .unwrap_err()
            .0
            .contains("«text» is not a type"));
        assert!(schema("[string").is_err());
    }

    #[test]
    fn paths_give_their_parameters_and_ids() {
        assert_eq!(
            path_parameters("/api/v1/programmes/{id}/participants/{participant}"),
            vec!["id", "participant"]
        );
        assert_eq!(
            operation_id("GET", "/api/v1/good-examples/{id}"),
            "get_good_examples_id"
        );
        assert_eq!(tag("/api/v1/good-examples/{id}"), "good-examples");
    }
}
