//! Reading single values from query strings and URL-encoded forms.

/// The last non-empty value of `name` in a query string, trimmed.
pub fn param(query: Option<&str>, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or(""))
        .unwrap_or_default()
        .into_iter()
        .rev()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string())
}

/// [`param`], or the empty string.
pub fn param_or_empty(query: Option<&str>, name: &str) -> String {
    param(query, name).unwrap_or_default()
}

/// The first value of `name` in a posted form, exactly as sent, or the empty string.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_non_empty_value_wins() {
        assert_eq!(param(Some("a=1&a=+2+&a="), "a").as_deref(), Some("2"));
        assert_eq!(param(Some("b=1"), "a"), None);
        assert_eq!(param_or_empty(None, "a"), "");
        let pairs = vec![("x".to_string(), " y ".to_string())];
        assert_eq!(field(&pairs, "x"), " y ");
        assert_eq!(field(&pairs, "z"), "");
    }
}
