//! Reporting templates: sections of typed fields, as data. Admins edit a template as TOML text;
//! [`TemplateDef::from_toml`] checks it and names the line and column of every problem.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The kinds of field a template may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FieldKind {
    /// Free text (several lines).
    #[serde(rename = "tekst")]
    Text,
    /// A number, decimal comma or point ("12,5").
    #[serde(rename = "tall")]
    Number,
    /// An amount in whole kroner.
    #[serde(rename = "belop")]
    Nok,
    /// A date, `dd.mm.åååå` or `åååå-mm-dd`.
    #[serde(rename = "dato")]
    Date,
    /// One of the options.
    #[serde(rename = "valg")]
    Choice,
    /// Any number of the options.
    #[serde(rename = "flervalg")]
    MultiChoice,
    /// A whole number from 1 to 5.
    #[serde(rename = "skala")]
    Scale,
    /// A table of indicators: name, unit, baseline, target, actual, comment.
    #[serde(rename = "indikatorer")]
    Indicators,
    /// A table of goals with the recipient's own assessment (1–5) and its reasons.
    #[serde(rename = "maloppnaelse")]
    Goals,
    /// Files attached to the report.
    #[serde(rename = "vedlegg")]
    Attachments,
}

impl FieldKind {
    pub const ALL: &'static [FieldKind] = &[
        FieldKind::Text,
        FieldKind::Number,
        FieldKind::Nok,
        FieldKind::Date,
        FieldKind::Choice,
        FieldKind::MultiChoice,
        FieldKind::Scale,
        FieldKind::Indicators,
        FieldKind::Goals,
        FieldKind::Attachments,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FieldKind::Text => "tekst",
            FieldKind::Number => "tall",
            FieldKind::Nok => "belop",
            FieldKind::Date => "dato",
            FieldKind::Choice => "valg",
            FieldKind::MultiChoice => "flervalg",
            FieldKind::Scale => "skala",
            FieldKind::Indicators => "indikatorer",
            FieldKind::Goals => "maloppnaelse",
            FieldKind::Attachments => "vedlegg",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Text => "Tekst",
            FieldKind::Number => "Tall",
            FieldKind::Nok => "Beløp i kroner",
            FieldKind::Date => "Dato",
            FieldKind::Choice => "Ett valg",
            FieldKind::MultiChoice => "Flere valg",
            FieldKind::Scale => "Skala 1–5",
            FieldKind::Indicators => "Indikatortabell",
            FieldKind::Goals => "Måloppnåelse per mål",
            FieldKind::Attachments => "Vedlegg",
        }
    }

    /// The columns of a table kind, as (key, Norwegian label).
    pub fn columns(self) -> &'static [(&'static str, &'static str)] {
        match self {
            FieldKind::Indicators => &[
                ("name", "Indikator"),
                ("unit", "Enhet"),
                ("baseline", "Utgangsverdi"),
                ("target", "Mål"),
                ("actual", "Resultat"),
                ("comment", "Kommentar"),
            ],
            FieldKind::Goals => &[
                ("goal", "Mål"),
                ("assessment", "Vurdering (1–5)"),
                ("comment", "Begrunnelse"),
            ],
            _ => &[],
        }
    }

    pub fn is_table(self) -> bool {
        matches!(self, FieldKind::Indicators | FieldKind::Goals)
    }

    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::Choice | FieldKind::MultiChoice)
    }
}

/// What a field means to Husk beyond its answer. A field with a role is read by Husk itself:
/// the knowledge matrix from reports, the public summary and its consent, the request for a
/// dialogue meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FieldRole {
    /// A multiple choice of knowledge theme codes: the themes the work concerned.
    #[serde(rename = "kunnskapstemaer")]
    Themes,
    /// A multiple choice of target group codes: the target groups the work concerned.
    #[serde(rename = "malgrupper")]
    TargetGroups,
    /// Free text: a short summary the recipient writes for the public.
    #[serde(rename = "offentlig-sammendrag")]
    PublicSummary,
    /// A choice with the option `ja`: whether the public summary may be published.
    #[serde(rename = "samtykke-publisering")]
    PublishConsent,
    /// A choice with the option `ja`: the recipient asks for a dialogue meeting.
    #[serde(rename = "dialogmote")]
    DialogueRequest,
}

impl FieldRole {
    pub const ALL: &'static [FieldRole] = &[
        FieldRole::Themes,
        FieldRole::TargetGroups,
        FieldRole::PublicSummary,
        FieldRole::PublishConsent,
        FieldRole::DialogueRequest,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FieldRole::Themes => "kunnskapstemaer",
            FieldRole::TargetGroups => "malgrupper",
            FieldRole::PublicSummary => "offentlig-sammendrag",
            FieldRole::PublishConsent => "samtykke-publisering",
            FieldRole::DialogueRequest => "dialogmote",
        }
    }

    /// The field kind a field with this role must have.
    pub fn kind(self) -> FieldKind {
        match self {
            FieldRole::Themes | FieldRole::TargetGroups => FieldKind::MultiChoice,
            FieldRole::PublicSummary => FieldKind::Text,
            FieldRole::PublishConsent | FieldRole::DialogueRequest => FieldKind::Choice,
        }
    }

    /// Whether several fields may have this role (themes may be asked in more than one field).
    fn repeatable(self) -> bool {
        matches!(self, FieldRole::Themes | FieldRole::TargetGroups)
    }
}

/// The answer value of a yes to a consent or a request (a choice field with a role).
pub const YES: &str = "ja";

/// One option of a choice field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

/// One field of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Stable key within the template: lowercase letters, digits, `_`.
    pub key: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    /// For `valg` and `flervalg`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// For `skala`: what 1 and 5 mean.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub low: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub high: String,
    /// For `tall`: the unit shown after the number.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Marks the field as part of the learning part: its answers are searchable as passages and
    /// compiled in annual summaries.
    #[serde(default)]
    pub learning: bool,
    /// What Husk itself reads from the field, if anything (see [`FieldRole`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<FieldRole>,
}

/// A section: a heading with its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub key: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    #[serde(rename = "field", default)]
    pub fields: Vec<FieldDef>,
}

/// A reporting template: what every report on it asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateDef {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(rename = "section", default)]
    pub sections: Vec<Section>,
}

/// A problem in a template's text, with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateError {
    /// 1-based; 0 when the problem has no single place.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "Linje {}, kolonne {}: {}",
                self.line, self.column, self.message
            )
        } else {
            f.write_str(&self.message)
        }
    }
}

/// The default template Husk ships, in Norwegian (see `default_template.toml`): the newest
/// version, which new reports use.
pub const DEFAULT_TEMPLATE_TOML: &str = include_str!("default_template.toml");

/// Version 1 of the default template, frozen as it was first shipped: a fresh database stores
/// it as version 1 (so every database has the same version 1), then the newest as version 2.
pub const DEFAULT_TEMPLATE_V1_TOML: &str = include_str!("default_template_v1.toml");

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where `key = "value"` for a given key and value first appears, for messages about it.
fn place_of(text: &str, key: &str, value: &str) -> (usize, usize) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key) {
            let rest = rest.trim_start();
            if let Some(v) = rest.strip_prefix('=') {
                let v = v.trim().trim_matches('"');
                if v == value {
                    return line_col(text, offset + (line.len() - t.len()));
                }
            }
        }
        offset += line.len();
    }
    (0, 0)
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && key.starts_with(|c: char| c.is_ascii_lowercase())
}

impl TemplateDef {
    /// The template Husk ships (its newest version).
    pub fn default_template() -> TemplateDef {
        TemplateDef::from_toml(DEFAULT_TEMPLATE_TOML).expect("the built-in template is valid")
    }

    /// Version 1 of the template Husk ships, as first shipped.
    pub fn default_template_v1() -> TemplateDef {
        TemplateDef::from_toml(DEFAULT_TEMPLATE_V1_TOML).expect("version 1 is valid")
    }

    /// The first field with `role`.
    pub fn field_with_role(&self, role: FieldRole) -> Option<&FieldDef> {
        self.fields().map(|(_, f)| f).find(|f| f.role == Some(role))
    }

    /// Reads and checks a template written as TOML. Every problem is returned, each with its
    /// line and column where the text has one.
    pub fn from_toml(text: &str) -> Result<TemplateDef, Vec<TemplateError>> {
        let chars = text.chars().count();
        if chars > crate::limits::TEMPLATE_TEXT {
            return Err(vec![TemplateError {
                line: 0,
                column: 0,
                message: crate::limits::too_long_message(
                    "Malen",
                    chars,
                    crate::limits::TEMPLATE_TEXT,
                ),
            }]);
        }
        let def: TemplateDef = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
            let message = e.message().trim().to_string();
            vec![TemplateError {
                line,
                column,
                message: translate_toml_message(&message),
            }]
        })?;
        let errors = def.check(text);
        if errors.is_empty() {
            Ok(def)
        } else {
            Err(errors)
        }
    }

    /// The template as TOML, for editing.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    fn check(&self, text: &str) -> Vec<TemplateError> {
        let mut errors = Vec::new();
        let mut err = |place: (usize, usize), message: String| {
            errors.push(TemplateError {
                line: place.0,
                column: place.1,
                message,
            })
        };
        if self.name.trim().is_empty() {
            err(
                place_of(text, "name", ""),
                "Malen mangler navn. Skriv name = \"…\" øverst.".into(),
            );
        }
        if self.sections.is_empty() {
            err(
                (0, 0),
                "Malen har ingen seksjoner. Legg til minst én [[section]].".into(),
            );
        }
        let mut section_keys = BTreeSet::new();
        let mut field_keys = BTreeSet::new();
        let mut roles_seen = BTreeSet::new();
        let tax = crate::Taxonomy::builtin();
        for s in &self.sections {
            let at = place_of(text, "key", &s.key);
            if !valid_key(&s.key) {
                err(at, format!("Seksjonsnøkkelen «{}» kan ikke brukes. Bruk små bokstaver a–z, sifre og _, og begynn med en bokstav.", s.key));
            } else if !section_keys.insert(s.key.clone()) {
                err(
                    at,
                    format!(
                        "Seksjonsnøkkelen «{}» er brukt før. Gi hver seksjon sin egen nøkkel.",
                        s.key
                    ),
                );
            }
            if s.title.trim().is_empty() {
                err(
                    at,
                    format!("Seksjonen «{}» mangler tittel. Skriv title = \"…\".", s.key),
                );
            }
            if s.fields.is_empty() {
                err(
                    at,
                    format!(
                        "Seksjonen «{}» har ingen felt. Legg til minst ett [[section.field]].",
                        s.key
                    ),
                );
            }
            for f in &s.fields {
                let at = place_of(text, "key", &f.key);
                if !valid_key(&f.key) {
                    err(at, format!("Feltnøkkelen «{}» kan ikke brukes. Bruk små bokstaver a–z, sifre og _, og begynn med en bokstav.", f.key));
                } else if !field_keys.insert(f.key.clone()) {
                    err(
                        at,
                        format!(
                            "Feltnøkkelen «{}» er brukt før. Gi hvert felt sin egen nøkkel i hele malen.",
                            f.key
                        ),
                    );
                }
                if f.label.trim().is_empty() {
                    err(
                        at,
                        format!("Feltet «{}» mangler ledetekst. Skriv label = \"…\".", f.key),
                    );
                }
                if f.kind.has_options() && f.options.is_empty() {
                    err(at, format!("Feltet «{}» er et valgfelt uten alternativer. Skriv options = [{{ value = \"…\", label = \"…\" }}, …].", f.key));
                }
                if !f.kind.has_options() && !f.options.is_empty() {
                    err(at, format!("Feltet «{}» av typen {} kan ikke ha alternativer. Fjern options, eller bruk kind = \"valg\" eller \"flervalg\".", f.key, f.kind.code()));
                }
                let mut values = BTreeSet::new();
                for o in &f.options {
                    if o.value.trim().is_empty() || !values.insert(o.value.clone()) {
                        err(at, format!("Feltet «{}» har et tomt eller gjentatt alternativ «{}». Gi hvert alternativ sin egen verdi.", f.key, o.value));
                    }
                }
                if let Some(role) = f.role {
                    for message in role_problems(f, role, &tax) {
                        err(at, message);
                    }
                    if !roles_seen.insert(role) && !role.repeatable() {
                        err(
                            at,
                            format!(
                                "Bare ett felt kan ha role = \"{}\". Fjern role fra feltet «{}».",
                                role.code(),
                                f.key
                            ),
                        );
                    }
                }
            }
        }
        errors
    }

    /// Every field, in order, with its section.
    pub fn fields(&self) -> impl Iterator<Item = (&Section, &FieldDef)> {
        self.sections
            .iter()
            .flat_map(|s| s.fields.iter().map(move |f| (s, f)))
    }

    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields().map(|(_, f)| f).find(|f| f.key == key)
    }

    /// The first indicator table, whose rows become indicator data on approval.
    pub fn indicator_field(&self) -> Option<&FieldDef> {
        self.fields()
            .map(|(_, f)| f)
            .find(|f| f.kind == FieldKind::Indicators)
    }
}

/// What is wrong with a field's role: the wrong kind, or options the role cannot use.
fn role_problems(f: &FieldDef, role: FieldRole, tax: &crate::Taxonomy) -> Vec<String> {
    let mut out = Vec::new();
    if f.kind != role.kind() {
        out.push(format!(
            "Feltet «{}» har role = \"{}\" og må ha kind = \"{}\", ikke \"{}\".",
            f.key,
            role.code(),
            role.kind().code(),
            f.kind.code()
        ));
        return out;
    }
    let codes: Vec<&str> = match role {
        FieldRole::Themes => tax.themes.iter().map(|t| t.code.as_str()).collect(),
        FieldRole::TargetGroups => tax.target_groups.iter().map(|t| t.code.as_str()).collect(),
        _ => Vec::new(),
    };
    match role {
        FieldRole::Themes | FieldRole::TargetGroups => {
            let what = if role == FieldRole::Themes {
                "kunnskapstema"
            } else {
                "målgruppe"
            };
            for o in f
                .options
                .iter()
                .filter(|o| !codes.contains(&o.value.as_str()))
            {
                out.push(format!(
                    "Alternativet «{}» i feltet «{}» er ikke koden til et {what}. Bruk kodene i kodelisten: {}.",
                    o.value,
                    f.key,
                    codes.join(", ")
                ));
            }
        }
        FieldRole::PublishConsent | FieldRole::DialogueRequest => {
            if !f.options.iter().any(|o| o.value == YES) {
                out.push(format!(
                    "Feltet «{}» har role = \"{}\" og må ha et alternativ med value = \"{YES}\".",
                    f.key,
                    role.code()
                ));
            }
        }
        FieldRole::PublicSummary => {}
    }
    out
}

/// What a TOML value is, in Norwegian: "integer `12`" → "et tall (12)".
fn toml_value_words(v: &str) -> String {
    let v = v.trim();
    let (kind, rest) = v.split_once(' ').unwrap_or((v, ""));
    let shown = rest.trim_matches(['`', '"']);
    let noun = match kind {
        "string" => "tekst",
        "integer" | "float" => "et tall",
        "boolean" => "true eller false",
        "sequence" | "array" => "en liste",
        "map" | "table" => "en tabell",
        _ => "en annen verdi",
    };
    if shown.is_empty() {
        noun.to_string()
    } else {
        format!("{noun} ({shown})")
    }
}

/// What the template expected, in Norwegian: "a string" → "tekst i anførselstegn".
fn toml_expected_words(e: &str) -> &'static str {
    match e.trim() {
        "a string" => "tekst i anførselstegn",
        "a boolean" => "true eller false",
        "a sequence" => "en liste i klammer, [ … ]",
        "i64" | "u32" | "u64" | "an integer" => "et helt tall",
        _ => "en annen slags verdi",
    }
}

/// The TOML reader's messages (English) as Norwegian sentences; the line and column are
/// given beside them.
fn translate_toml_message(m: &str) -> String {
    if let Some(rest) = m.strip_prefix("missing field ") {
        let name = rest.trim_matches('`');
        return format!("Nøkkelen {name} mangler. Skriv {name} = … her.");
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        return format!("Nøkkelen {name} er ukjent. Bruk nøklene som står i standardmalen.");
    }
    if m.starts_with("unknown variant") && m.contains("`kunnskapstemaer`") {
        let roles: Vec<&str> = FieldRole::ALL.iter().map(|r| r.code()).collect();
        let got = m.split('`').nth(1).unwrap_or("");
        return format!(
            "«{got}» er ikke en rolle. Bruk en av disse: {}.",
            roles.join(", ")
        );
    }
    if m.starts_with("unknown variant") {
        let kinds: Vec<&str> = FieldKind::ALL.iter().map(|k| k.code()).collect();
        let got = m.split('`').nth(1).unwrap_or("");
        return format!(
            "«{got}» er ikke en felttype. Bruk en av disse: {}.",
            kinds.join(", ")
        );
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "Her skal det stå {}, men det står {}.",
            toml_expected_words(expected),
            toml_value_words(got)
        );
    }
    let m = m.to_ascii_lowercase();
    let sentence = if m.starts_with("unclosed array table") || m.starts_with("unclosed table") {
        "Tabellen mangler en avsluttende klamme: skriv [[…]] eller […]."
    } else if m.starts_with("unclosed array") {
        "Listen mangler en avsluttende klamme ]."
    } else if m.starts_with("unclosed inline table") {
        "Tabellen mangler en avsluttende krøllparentes }."
    } else if m.contains("string") && (m.contains("expected `\"`") || m.contains("expected `'`")) {
        "Teksten mangler et avsluttende anførselstegn."
    } else if m.starts_with("key with no value") {
        "Nøkkelen mangler verdi. Skriv nøkkel = verdi."
    } else if m.starts_with("duplicate key") || m.starts_with("duplicate table") {
        "Nøkkelen eller tabellen står to ganger. Hver kan stå bare én gang på sitt sted."
    } else if m.starts_with("extra `=`") {
        "Her står et likhetstegn for mye."
    } else if m.starts_with("unexpected key or value") || m.contains("expected newline") {
        "Det står noe etter verdien. Hver nøkkel = verdi skal stå på sin egen linje."
    } else if m.contains("invalid") && m.contains("string") {
        "Teksten i anførselstegn kan ikke leses. Sjekk anførselstegn og omvendte skråstreker (\\)."
    } else if m.contains("invalid key") {
        "Nøkkelen kan ikke leses. Bruk små bokstaver, sifre og _."
    } else {
        "Teksten kan ikke leses som TOML her. Sjekk klammer, anførselstegn og likhetstegn."
    };
    sentence.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_covers_what_the_review_asked_for() {
        let t = TemplateDef::default_template();
        let kinds: BTreeSet<FieldKind> = t.fields().map(|(_, f)| f.kind).collect();
        for k in FieldKind::ALL {
            assert!(kinds.contains(k), "the default template uses {}", k.code());
        }
        let learning: Vec<&str> = t
            .fields()
            .filter(|(_, f)| f.learning)
            .map(|(_, f)| f.key.as_str())
            .collect();
        assert!(learning.len() >= 3, "{learning:?}");
        assert!(t.indicator_field().is_some());
        // It round-trips through the text admins edit.
        assert_eq!(TemplateDef::from_toml(&t.to_toml()).unwrap(), t);
    }

    /// The questions version 2 adds to the default template (seed 004, Rambøll 2016).
    const ADDED_IN_V2: &[&str] = &[
        "formal",
        "suksesskriterier",
        "overordnede_tema",
        "kunnskapstema",
        "malgrupper",
        "kompetanse",
        "nettverk",
        "virkemidler_utlost",
        "virkemidler_resultat",
        "praksis_ny_eller_utviklet",
        "metode_opphav",
        "metode_opphav_hvor",
        "kunnskapskilder",
        "kunnskapskilder_hvordan",
        "partnere",
        "andre_finansieringskilder",
        "virkemiddelkombinasjon",
        "antall_fagdager",
        "antall_arenaer",
        "antall_deltakere",
        "videreforing",
        "videreforing_hvordan",
        "husbankens_rolle",
        "dialogmote",
        "offentlig_sammendrag",
        "samtykke_publisering",
    ];

    #[test]
    fn version_2_asks_what_the_review_recommends_and_keeps_every_question_of_version_1() {
        let v1 = TemplateDef::default_template_v1();
        let v2 = TemplateDef::default_template();
        for (_, f) in v1.fields() {
            let same = v2.field(&f.key);
            assert!(same.is_some(), "{} is still asked", f.key);
            assert_eq!(same.unwrap().kind, f.kind, "{}", f.key);
        }
        for key in ADDED_IN_V2 {
            assert!(v1.field(key).is_none(), "{key} is new");
            assert!(v2.field(key).is_some(), "{key} is asked");
        }
        // The themes and target groups offered are every code of the taxonomy.
        let tax = crate::Taxonomy::builtin();
        let offered = |role: FieldRole| -> BTreeSet<String> {
            v2.fields()
                .filter(|(_, f)| f.role == Some(role))
                .flat_map(|(_, f)| f.options.iter().map(|o| o.value.clone()))
                .collect()
        };
        let themes: BTreeSet<String> = tax.themes.iter().map(|t| t.code.clone()).collect();
        let groups: BTreeSet<String> = tax.target_groups.iter().map(|t| t.code.clone()).collect();
        assert_eq!(offered(FieldRole::Themes), themes);
        assert_eq!(offered(FieldRole::TargetGroups), groups);
        for role in [
            FieldRole::PublicSummary,
            FieldRole::PublishConsent,
            FieldRole::DialogueRequest,
        ] {
            assert!(v2.field_with_role(role).is_some(), "{}", role.code());
        }
        // The review's words: «Formidling og erfaringsdeling», not «Spredning»; and the toolbox
        // is the review's proposal, not something Husbanken has.
        let titles: Vec<&str> = v2.sections.iter().map(|s| s.title.as_str()).collect();
        assert!(
            titles.contains(&"Formidling og erfaringsdeling"),
            "{titles:?}"
        );
        assert!(!titles.contains(&"Spredning"));
        let help = &v2.field("laeringsverktoy").unwrap().help;
        assert!(help.contains("foreslo"), "{help}");
        assert!(!help.contains("Husbankens verktøykasse har"), "{help}");
    }

    #[test]
    fn version_1_is_kept_as_it_was_shipped() {
        // The stored JSON of version 1 in every database made before version 2; a change here
        // would make a fresh database's version 1 differ from theirs.
        let v1 = TemplateDef::default_template_v1();
        assert_eq!(v1.sections.len(), 7);
        assert_eq!(v1.fields().count(), 21);
        assert_eq!(v1.sections[4].title, "Spredning");
        assert_eq!(
            v1.field("laeringsverktoy").unwrap().help,
            "Husbankens verktøykasse har fem slags verktøy."
        );
        assert!(v1.fields().all(|(_, f)| f.role.is_none()));
        assert!(
            !v1.to_toml().contains("role"),
            "version 1 is written without new keys"
        );
    }

    #[test]
    fn roles_are_checked_against_their_kind_and_the_code_lists() {
        let text = r#"name = "Mal"
[[section]]
key = "a"
title = "A"
[[section.field]]
key = "tema"
label = "Tema"
kind = "flervalg"
role = "kunnskapstemaer"
options = [{ value = "tildeling-bosetting", label = "T" }, { value = "boligbygging", label = "B" }]
[[section.field]]
key = "samtykke"
label = "Samtykke"
kind = "valg"
role = "samtykke-publisering"
options = [{ value = "yes", label = "Ja" }]
[[section.field]]
key = "sammendrag"
label = "Sammendrag"
kind = "tall"
role = "offentlig-sammendrag"
[[section.field]]
key = "sammendrag2"
label = "Sammendrag 2"
kind = "tekst"
role = "offentlig-sammendrag"
"#;
        let errs = TemplateDef::from_toml(text).unwrap_err();
        let all: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(all.len(), 4, "{all:?}");
        assert!(
            all[0].starts_with("Linje 6")
                && all[0]
                    .contains("«boligbygging» i feltet «tema» er ikke koden til et kunnskapstema"),
            "{all:?}"
        );
        assert!(all[1].contains("alternativ med value = \"ja\""), "{all:?}");
        assert!(
            all[2].contains("må ha kind = \"tekst\", ikke \"tall\""),
            "{all:?}"
        );
        assert!(
            all[3].contains("Bare ett felt kan ha role = \"offentlig-sammendrag\""),
            "{all:?}"
        );
        let unknown =
            TemplateDef::from_toml(&text.replace("\"kunnskapstemaer\"", "\"tema\"")).unwrap_err();
        assert!(
            unknown[0]
                .message
                .starts_with("«tema» er ikke en rolle. Bruk en av disse: kunnskapstemaer,"),
            "{:?}",
            unknown
        );
    }

    #[test]
    fn toml_errors_are_norwegian_sentences() {
        let cases = [
            (
                "[[section]\nkey = \"a\"",
                "Tabellen mangler en avsluttende klamme",
            ),
            ("name = \"x", "Teksten mangler et avsluttende anførselstegn"),
            ("name \"x\"", "Nøkkelen mangler verdi"),
            ("name = \"a\"\nname = \"b\"", "står to ganger"),
            ("name = [1, 2", "Listen mangler en avsluttende klamme"),
            (
                "name = 12",
                "Her skal det stå tekst i anførselstegn, men det står et tall (12)",
            ),
            ("x = = 1", "Her står et likhetstegn for mye"),
            ("name = 'a' junk", "Det står noe etter verdien"),
        ];
        for (text, expected) in cases {
            let errors = TemplateDef::from_toml(text).unwrap_err();
            let m = &errors[0].message;
            assert!(m.contains(expected), "{text:?}: {m}");
            assert!(m.ends_with('.'), "{m}");
            for english in ["expected", "unclosed", "invalid", "duplicate", "key with"] {
                assert!(!m.contains(english), "{text:?}: {m}");
            }
        }
    }

    #[test]
    fn any_broken_toml_gets_a_norwegian_sentence_with_its_line_and_column() {
        let broken = [
            "name = 1979-05-27T07:32:00Z",
            "name = \"Mal\"\n[[section]]\nkey = 12",
            "name = \"Mal\"\n[[section]]\nkey = \"a\"\ntitle = \"A\"\n[[section.field]]\nkey = \"b\"\nlabel = \"B\"\nkind = \"valg\"\noptions = [{ value = 1 }]\n",
            "name = \"\\q\"",
            "name = \"Mal\"\n[section]\nkey = \"a\"",
            "name = tru",
            "name = 0x1G",
            "name = { a = 1",
            "= \"x\"",
            "name = \"a\"\n\n[[section]]\nkey = \"a\"\n[section.x",
            "name = \"a\"\r\u{0}",
            "name = '''a",
        ];
        for text in broken {
            let errors = TemplateDef::from_toml(text).unwrap_err();
            for e in &errors {
                let shown = e.to_string();
                assert!(e.message.ends_with('.'), "{text:?}: {shown}");
                assert!(
                    e.message
                        .starts_with(|c: char| c.is_uppercase() || c == '«'),
                    "{text:?}: {shown}"
                );
                let lower = e.message.to_lowercase();
                for english in [
                    "expected",
                    "unclosed",
                    "invalid",
                    "duplicate",
                    "unknown",
                    "missing",
                    "found",
                    "string",
                    "integer",
                    "array",
                    "key with",
                ] {
                    assert!(!lower.contains(english), "{text:?}: {shown}");
                }
                if e.line > 0 {
                    assert!(
                        shown.starts_with(&format!("Linje {}, kolonne ", e.line)),
                        "{shown}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_template_over_the_length_limit_is_refused_with_the_limit() {
        let mut text = DEFAULT_TEMPLATE_TOML.to_string();
        text.push_str(&format!("# {}\n", "x".repeat(crate::limits::TEMPLATE_TEXT)));
        let errs = TemplateDef::from_toml(&text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].message.starts_with("«Malen» har ")
                && errs[0].message.contains("høyst 100 000 tegn"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let text = "name = \"Mal\"\n\n[[section]]\nkey = \"a\"\ntitle = \"A\"\n\n[[section.field]]\nkey = \"x\"\nlabel = \"X\"\nkind = \"tekstfelt\"\n";
        let errs = TemplateDef::from_toml(text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 10, "{:?}", errs[0]);
        assert!(
            errs[0].message.contains("«tekstfelt» er ikke en felttype"),
            "{}",
            errs[0].message
        );
        assert!(
            errs[0].message.contains("tekst, tall"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn every_rule_breach_is_listed_at_once() {
        let text = "name = \"Mal\"\n[[section]]\nkey = \"a\"\ntitle = \"A\"\n[[section.field]]\nkey = \"x\"\nlabel = \"X\"\nkind = \"valg\"\n[[section.field]]\nkey = \"x\"\nlabel = \"\"\nkind = \"tekst\"\n[[section]]\nkey = \"B\"\ntitle = \"B\"\n";
        let errs = TemplateDef::from_toml(text).unwrap_err();
        let all: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            all.iter().any(|e| e.contains("valgfelt uten alternativer")),
            "{all:?}"
        );
        assert!(
            all.iter().any(|e| e.contains("«x» er brukt før")),
            "{all:?}"
        );
        assert!(
            all.iter().any(|e| e.contains("mangler ledetekst")),
            "{all:?}"
        );
        assert!(
            all.iter()
                .any(|e| e.starts_with("Linje 14") && e.contains("«B» kan ikke brukes")),
            "{all:?}"
        );
        assert!(
            all.iter()
                .any(|e| e.contains("Seksjonen «B» har ingen felt")),
            "{all:?}"
        );
    }
}
