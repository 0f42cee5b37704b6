//! Splitting long lists into pages: the project list (`?side=N`, 50 a page, with links that
//! keep the filters) and the API's lists (`?page=N&per_page=M`, with the total and the next
//! page's address).

use crate::error::ApiError;
use crate::query::param;

/// Entries on one page of the project list.
pub const LIST_PAGE_SIZE: usize = 50;
/// Items in one API answer when `per_page` is not given.
pub const API_DEFAULT_PER_PAGE: usize = 100;
/// The most items one API answer holds.
pub const API_MAX_PER_PAGE: usize = 500;

/// One page of a list: which page (from 1) and how many a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: usize,
    pub per_page: usize,
}

impl Paging {
    /// The page the project list asks for with `?side=N`. A missing, unreadable or too large
    /// number gives the nearest page that exists, never an error: a link from an older,
    /// longer list still shows something.
    pub fn for_list(query: Option<&str>, total: usize) -> Paging {
        let last = pages(total, LIST_PAGE_SIZE);
        let page = param(query, "side")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, last);
        Paging {
            page,
            per_page: LIST_PAGE_SIZE,
        }
    }

    /// `page` and `per_page` of an API call; a bad value is a 400 naming the parameter.
    pub fn for_api(query: Option<&str>) -> Result<Paging, ApiError> {
        let number = |name: &str, default: usize, max: usize| -> Result<usize, ApiError> {
            match param(query, name) {
                None => Ok(default),
                Some(raw) => match raw.parse::<usize>() {
                    Ok(n) if n >= 1 && n <= max => Ok(n),
                    _ => Err(ApiError::bad_request(
                        name,
                        if max == usize::MAX {
                            format!("«{raw}» er ikke et sidenummer. Skriv et helt tall fra 1 og oppover.")
                        } else {
                            format!("«{raw}» kan ikke brukes som antall per side. Skriv et helt tall fra 1 til {max}.")
                        },
                    )),
                },
            }
        };
        Ok(Paging {
            page: number("page", 1, usize::MAX)?,
            per_page: number("per_page", API_DEFAULT_PER_PAGE, API_MAX_PER_PAGE)?,
        })
    }

    /// The index range of this page in a list of `total`.
    pub fn range(&self, total: usize) -> std::ops::Range<usize> {
        let start = (self.page - 1).saturating_mul(self.per_page).min(total);
        start..(start + self.per_page).min(total)
    }

    /// The pages a list of `total` fills (at least one).
    pub fn pages(&self, total: usize) -> usize {
        pages(total, self.per_page)
    }

    /// The page of one of several lists on a page, asked for with `?{name}=N`, `per_page` a
    /// page; like [`Paging::for_list`], a bad number gives the nearest page that exists.
    pub fn for_param(query: Option<&str>, name: &str, total: usize, per_page: usize) -> Paging {
        let page = param(query, name)
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, pages(total, per_page));
        Paging { page, per_page }
    }
}

fn pages(total: usize, per_page: usize) -> usize {
    total.div_ceil(per_page).max(1)
}

/// `query` without `names`, re-encoded, for building links to other pages of the same list.
pub fn query_without(query: Option<&str>, names: &[&str]) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or(""))
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, v)| !names.contains(&k.as_str()) && !v.trim().is_empty())
        .collect()
}

/// `path?kept&name=value`.
pub fn href_with(path: &str, kept: &[(String, String)], name: &str, value: usize) -> String {
    let mut pairs = kept.to_vec();
    pairs.push((name.to_string(), value.to_string()));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("{path}?{query}")
}

/// The API answer's paging fields: the total, this page and the next page's address.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ApiPage {
    /// Items in the whole list.
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
    /// The address of the next page, or `null` on the last.
    pub next: Option<String>,
    /// The address of the previous page, or `null` on the first.
    pub previous: Option<String>,
}

impl ApiPage {
    pub fn new(path: &str, query: Option<&str>, paging: Paging, total: usize) -> ApiPage {
        let kept = query_without(query, &["page"]);
        let pages = paging.pages(total);
        ApiPage {
            total,
            page: paging.page,
            per_page: paging.per_page,
            pages,
            next: (paging.page < pages).then(|| href_with(path, &kept, "page", paging.page + 1)),
            previous: (paging.page > 1)
                .then(|| href_with(path, &kept, "page", (paging.page - 1).min(pages))),
        }
    }
}

/// One link of the list's page navigation: a page number with its address, or a gap for the
/// pages left out between two numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    pub number: usize,
    pub href: String,
    /// The page shown.
    pub current: bool,
    /// Pages left out (no number, no address).
    pub gap: bool,
}

/// The navigation under the project list: previous, a few numbers around the current page
/// (with the first and the last), next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageNav {
    pub previous: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
    /// «Viser 51–100 av 1 234».
    pub showing: String,
}

impl PageNav {
    /// `None` when the list fits on one page.
    pub fn new(path: &str, query: Option<&str>, paging: Paging, total: usize) -> Option<PageNav> {
        Self::for_param(path, query, paging, total, "side", "")
    }

    /// The navigation of one of several lists on a page, paged with `?{name}=N`: the other
    /// lists' pages are kept in the links, which end with `#{anchor}` (the list's heading)
    /// when `anchor` is not empty.
    pub fn for_param(
        path: &str,
        query: Option<&str>,
        paging: Paging,
        total: usize,
        name: &str,
        anchor: &str,
    ) -> Option<PageNav> {
        let pages = paging.pages(total);
        if pages <= 1 {
            return None;
        }
        let kept = query_without(query, &[name]);
        let fragment = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        let href = |n: usize| format!("{}{fragment}", href_with(path, &kept, name, n));
        let current = paging.page;
        let mut links = Vec::new();
        let mut last_shown = 0;
        for n in 1..=pages {
            let near = n + 2 >= current && n <= current + 2;
            if n == 1 || n == pages || near {
                if last_shown + 1 < n {
                    links.push(PageLink {
                        number: 0,
                        href: String::new(),
                        current: false,
                        gap: true,
                    });
                }
                links.push(PageLink {
                    number: n,
                    href: href(n),
                    current: n == current,
                    gap: false,
                });
                last_shown = n;
            }
        }
        let range = paging.range(total);
        Some(PageNav {
            previous: (current > 1).then(|| href(current - 1)),
            next: (current < pages).then(|| href(current + 1)),
            links,
            showing: format!(
                "Viser {}–{} av {}",
                crate::format::int(range.start as i64 + 1),
                crate::format::int(range.end as i64),
                crate::format::int(total as i64)
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_clamps_the_page_and_links_keep_the_filters() {
        let q = Some("region=ost&side=3&q=leie");
        let p = Paging::for_list(q, 120);
        assert_eq!(p.page, 3);
        assert_eq!(p.range(120), 100..120);
        assert_eq!(
            Paging::for_list(Some("side=99"), 120).page,
            3,
            "past the end"
        );
        assert_eq!(Paging::for_list(Some("side=x"), 120).page, 1);
        assert_eq!(Paging::for_list(None, 0).page, 1);
        let nav = PageNav::new("/prosjekter", q, p, 120).unwrap();
        assert_eq!(
            nav.previous.as_deref(),
            Some("/prosjekter?region=ost&q=leie&side=2")
        );
        assert_eq!(nav.next, None);
        assert_eq!(nav.showing, "Viser 101–120 av 120");
        assert!(PageNav::new("/prosjekter", None, Paging::for_list(None, 50), 50).is_none());
    }

    #[test]
    fn long_lists_show_the_ends_and_the_neighbours() {
        let p = Paging {
            page: 10,
            per_page: 50,
        };
        let nav = PageNav::new("/prosjekter", None, p, 4000).unwrap();
        let numbers: Vec<String> = nav
            .links
            .iter()
            .map(|l| {
                if l.gap {
                    "…".to_string()
                } else {
                    l.number.to_string()
                }
            })
            .collect();
        assert_eq!(numbers, ["1", "…", "8", "9", "10", "11", "12", "…", "80"]);
    }

    #[test]
    fn api_pages_give_the_total_and_the_next_address() {
        let p = Paging::for_api(Some("per_page=2&page=1&region=ost")).unwrap();
        let page = ApiPage::new(
            "/api/v1/projects",
            Some("per_page=2&page=1&region=ost"),
            p,
            5,
        );
        assert_eq!(page.pages, 3);
        assert_eq!(
            page.next.as_deref(),
            Some("/api/v1/projects?per_page=2&region=ost&page=2")
        );
        assert_eq!(page.previous, None);
        assert!(Paging::for_api(Some("per_page=501")).is_err());
        assert!(Paging::for_api(Some("page=0")).is_err());
    }
}
