//! "Similar work elsewhere": for a project or a document, the most similar other projects and
//! documents, from their text (title, description, linked documents) and their knowledge themes,
//! preferring work from other offices, since that is what an adviser would not find by asking a
//! colleague.

use crate::vectors::{SparseVec, Terms, TfIdf};
use serde::Serialize;
use std::collections::HashMap;

/// What can be similar: a register entry or a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum ItemKey {
    Project(String),
    Document(u64),
}

/// One item to compare: its key, its office, its text and its theme codes.
#[derive(Debug, Clone)]
pub struct Item {
    pub key: ItemKey,
    pub title: String,
    pub region: Option<String>,
    pub text: String,
    pub themes: Vec<String>,
}

/// A similar item and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similar {
    pub key: ItemKey,
    pub title: String,
    pub region: Option<String>,
    /// The combined score used for ranking, 0 to about 1.2.
    pub score: f32,
    /// Cosine similarity of the texts.
    pub text_score: f32,
    /// Shared themes over all themes of the two (Jaccard).
    pub theme_score: f32,
    pub shared_themes: Vec<String>,
    pub other_office: bool,
}

/// How much text similarity and theme overlap count, and the bonus for another office.
const TEXT_WEIGHT: f32 = 0.7;
const THEME_WEIGHT: f32 = 0.3;
const OTHER_OFFICE_BONUS: f32 = 1.2;
/// Below this an item is not shown as similar at all.
const MIN_SCORE: f32 = 0.08;
/// Work from another office comes before all work from the same office when it is reasonably
/// similar: at least this share of the best match's similarity (before the bonus)…
const OTHER_OFFICE_SHARE_OF_BEST: f32 = 0.4;
/// …and at least this similarity.
const OTHER_OFFICE_MIN: f32 = 0.15;
/// Long documents are compared on their first part; enough for what they are about.
pub const MAX_CHARS: usize = 60_000;

/// The fitted comparison over a set of items. Build once per change of the register.
///
/// Besides each item's vector it keeps, per term, the items that have it (an inverted index),
/// so that finding an item's similar work adds up only the items that share a word with it,
/// in the order of the terms, which gives the same sums as comparing with every item in turn.
pub struct SimilarityModel {
    /// The items without their text (only the vectors are needed once they are made).
    items: Vec<Item>,
    vectors: Vec<SparseVec>,
    positions: HashMap<ItemKey, usize>,
    /// Each item's office and themes as numbers (sorted, without repeats), so that comparing
    /// them with every other item's compares numbers, not text.
    regions: Vec<Option<u32>>,
    themes: Vec<Vec<u32>>,
    /// `postings[starts[t]..starts[t + 1]]`: the items with term `t` and its weight in them.
    starts: Vec<u32>,
    postings: Vec<(u32, f32)>,
}

/// Builds a [`SimilarityModel`] one item at a time, keeping only each item's term counts (as
/// numbers) and not its text, so that a register with long documents is not held in memory
/// twice while the model is made.
#[derive(Default)]
pub struct SimilarityBuilder {
    terms: Terms,
    /// Each term seen so far and its number (in the order seen).
    vocabulary: HashMap<String, u32>,
    items: Vec<Item>,
    /// Each item's (term number, count), sorted by term number.
    counts: Vec<Vec<(u32, u32)>>,
}

impl SimilarityBuilder {
    /// Adds an item; its text is compared on its first [`MAX_CHARS`] characters and then let go.
    pub fn add(&mut self, mut item: Item) {
        let counted = self
            .terms
            .counts(&format!("{} {}", item.title, item.text), MAX_CHARS);
        let mut counts: Vec<(u32, u32)> = counted
            .into_iter()
            .map(|(term, count)| {
                let next = self.vocabulary.len() as u32;
                (*self.vocabulary.entry(term).or_insert(next), count)
            })
            .collect();
        counts.sort_unstable();
        item.text = String::new();
        self.items.push(item);
        self.counts.push(counts);
    }

    pub fn finish(self) -> SimilarityModel {
        let SimilarityBuilder {
            vocabulary,
            items,
            mut counts,
            ..
        } = self;
        // Terms are numbered in alphabetical order in the model, as `TfIdf` numbers them.
        let mut alphabetical: Vec<(String, u32)> = vocabulary.into_iter().collect();
        alphabetical.sort_unstable();
        let mut renumber = vec![0u32; alphabetical.len()];
        for (new, (_, old)) in alphabetical.iter().enumerate() {
            renumber[*old as usize] = new as u32;
        }
        drop(alphabetical);
        let mut df = vec![0u32; renumber.len()];
        for c in &mut counts {
            for (term, _) in c.iter_mut() {
                *term = renumber[*term as usize];
                df[*term as usize] += 1;
            }
            c.sort_unstable();
        }
        let n = counts.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&df| ((1.0 + n) / (1.0 + df as f32)).ln() + 1.0)
            .collect();
        let vectors: Vec<SparseVec> = counts
            .iter()
            .map(|c| TfIdf::weigh(c.iter().map(|&(t, count)| (t, count, idf[t as usize]))))
            .collect();
        drop(counts);
        SimilarityModel::from_vectors(items, vectors, idf.len())
    }
}

impl SimilarityModel {
    pub fn build(items: Vec<Item>) -> SimilarityModel {
        let mut builder = SimilarityBuilder::default();
        for item in items {
            builder.add(item);
        }
        builder.finish()
    }

    fn from_vectors(items: Vec<Item>, vectors: Vec<SparseVec>, vocabulary: usize) -> Self {
        let mut starts = vec![0u32; vocabulary + 1];
        for v in &vectors {
            for &(t, _) in &v.0 {
                starts[t as usize + 1] += 1;
            }
        }
        for t in 0..vocabulary {
            starts[t + 1] += starts[t];
        }
        let mut postings = vec![(0u32, 0f32); starts[vocabulary] as usize];
        let mut next: Vec<u32> = starts[..vocabulary].to_vec();
        for (index, v) in vectors.iter().enumerate() {
            for &(t, w) in &v.0 {
                let at = &mut next[t as usize];
                postings[*at as usize] = (index as u32, w);
                *at += 1;
            }
        }
        let positions = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.key.clone(), i))
            .collect();
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let mut number = |code: &str| {
            let next = numbers.len() as u32;
            *numbers.entry(code.to_string()).or_insert(next)
        };
        let regions = items
            .iter()
            .map(|i| i.region.as_deref().map(&mut number))
            .collect();
        let themes = items
            .iter()
            .map(|i| {
                let mut t: Vec<u32> = i.themes.iter().map(|c| number(c)).collect();
                t.sort_unstable();
                t.dedup();
                t
            })
            .collect();
        SimilarityModel {
            items,
            vectors,
            positions,
            regions,
            themes,
            starts,
            postings,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The cosine similarity of item `me`'s text with every item's, by item (0 for items that
    /// share no word with it).
    fn text_scores(&self, me: usize) -> Vec<f32> {
        let mut scores = vec![0f32; self.items.len()];
        for &(t, mine) in &self.vectors[me].0 {
            let (from, to) = (self.starts[t as usize], self.starts[t as usize + 1]);
            for &(index, theirs) in &self.postings[from as usize..to as usize] {
                scores[index as usize] += mine * theirs;
            }
        }
        scores
    }

    /// The `limit` items most similar to `key`, best first; empty if `key` is unknown.
    ///
    /// Work from other offices that is reasonably similar (see [`OTHER_OFFICE_SHARE_OF_BEST`]
    /// and [`OTHER_OFFICE_MIN`]) comes first, however close the same office's own work is: the
    /// page promises other offices first, and a region's projects often share a programme's
    /// description almost word for word. Then everything else, by score.
    pub fn similar(&self, key: &ItemKey, limit: usize) -> Vec<Similar> {
        let Some(&me) = self.positions.get(key) else {
            return Vec::new();
        };
        let mine = &self.items[me];
        // Score every other item without allocating; only the `limit` shown become `Similar`s
        // (a register of 200,000 entries made as many of them per page view).
        struct Candidate {
            index: usize,
            text_score: f32,
            theme_score: f32,
            base: f32,
            score: f32,
            other_office: bool,
        }
        let mut candidates: Vec<Candidate> = Vec::new();
        let scores = self.text_scores(me);
        for (index, &text_score) in scores.iter().enumerate() {
            if index == me || text_score <= 0.0 {
                continue;
            }
            let (my_themes, their_themes) = (&self.themes[me], &self.themes[index]);
            let shared = shared_count(my_themes, their_themes);
            let union = my_themes.len() + their_themes.len() - shared;
            let theme_score = if union == 0 {
                0.0
            } else {
                shared as f32 / union as f32
            };
            let other_office = match (self.regions[me], self.regions[index]) {
                (Some(a), Some(b)) => a != b,
                _ => false,
            };
            let base = TEXT_WEIGHT * text_score + THEME_WEIGHT * theme_score;
            let score = if other_office {
                base * OTHER_OFFICE_BONUS
            } else {
                base
            };
            if score >= MIN_SCORE {
                candidates.push(Candidate {
                    index,
                    text_score,
                    theme_score,
                    base,
                    score,
                    other_office,
                });
            }
        }
        let best = candidates.iter().map(|c| c.base).fold(0.0f32, f32::max);
        let threshold = (best * OTHER_OFFICE_SHARE_OF_BEST).max(OTHER_OFFICE_MIN);
        let first = |c: &Candidate| c.other_office && c.base >= threshold;
        let order = |a: &Candidate, b: &Candidate| {
            first(b)
                .cmp(&first(a))
                .then(b.score.total_cmp(&a.score))
                .then_with(|| self.items[a.index].key.cmp(&self.items[b.index].key))
        };
        if limit == 0 {
            return Vec::new();
        }
        if candidates.len() > limit {
            candidates.select_nth_unstable_by(limit - 1, order);
            candidates.truncate(limit);
        }
        candidates.sort_by(order);
        candidates
            .into_iter()
            .map(|c| {
                let other = &self.items[c.index];
                Similar {
                    key: other.key.clone(),
                    title: other.title.clone(),
                    region: other.region.clone(),
                    score: c.score,
                    text_score: c.text_score,
                    theme_score: c.theme_score,
                    shared_themes: mine
                        .themes
                        .iter()
                        .filter(|t| other.themes.contains(t))
                        .cloned()
                        .collect(),
                    other_office: c.other_office,
                }
            })
            .collect()
    }
}

/// How many numbers two sorted lists without repeats have in common.
fn shared_count(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, region: &str, text: &str, themes: &[&str]) -> Item {
        Item {
            key: ItemKey::Project(id.into()),
            title: text.into(),
            region: Some(region.into()),
            text: String::new(),
            themes: themes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn model() -> SimilarityModel {
        SimilarityModel::build(vec![
            item(
                "vest-01",
                "vest",
                "Fra leie til eie: startlån til barnefamilier som leier kommunal bolig",
                &["tildeling-bosetting", "virkemiddelbruk"],
            ),
            item(
                "sor-02",
                "sor",
                "Leie til eie i Drammen: kommunale boliger kjøpes med startlån",
                &["tildeling-bosetting", "virkemiddelbruk"],
            ),
            item(
                "vest-05",
                "vest",
                "Leie til eie for familier i Bergen",
                &["tildeling-bosetting"],
            ),
            item(
                "vest-02",
                "vest",
                "Housing First: bolig og oppfølging for bostedsløse med rusproblemer",
                &["brukerrelaterte-metoder"],
            ),
            item(
                "midt-06",
                "midt",
                "Videreutdanning i boligsosialt arbeid ved NTNU",
                &["kompetanseheving"],
            ),
        ])
    }

    #[test]
    fn the_same_method_in_another_region_comes_first() {
        let s = model().similar(&ItemKey::Project("vest-01".into()), 3);
        assert_eq!(s[0].key, ItemKey::Project("sor-02".into()), "{s:?}");
        assert!(s[0].other_office);
        assert_eq!(
            s[0].shared_themes,
            vec!["tildeling-bosetting", "virkemiddelbruk"]
        );
        assert!(
            s.iter()
                .all(|x| x.key != ItemKey::Project("midt-06".into())),
            "unrelated work is not similar: {s:?}"
        );
    }

    /// A region's programme municipalities share a description almost word for word; a
    /// reasonably similar project from another office still comes before them, a weak one
    /// does not.
    #[test]
    fn reasonably_similar_work_from_another_office_comes_before_the_same_offices() {
        let programme = "Boligsosialt utviklingsprogram: kommunens deltakelse i regionens \
                         utviklingsprogram med planlegging, organisering og virkemiddelbruk";
        let themes = &[
            "planlegging-strategi",
            "organisering-samhandling",
            "virkemiddelbruk",
        ];
        let mut items: Vec<Item> = ["ost-asker", "ost-baerum", "ost-hamar", "ost-moss"]
            .iter()
            .map(|id| item(id, "ost", &format!("{programme} ({id})"), themes))
            .collect();
        items.push(item(
            "vest-09",
            "vest",
            "Boligsosialt velferdsprogram: kommunens planlegging og organisering av tjenestene",
            &["planlegging-strategi", "organisering-samhandling"],
        ));
        items.push(item(
            "nord-03",
            "nord",
            "Kurs i økonomisk rådgivning for kommunens ansatte",
            &["kompetanseheving"],
        ));
        let model = SimilarityModel::build(items);
        let s = model.similar(&ItemKey::Project("ost-asker".into()), 5);
        assert_eq!(s[0].key, ItemKey::Project("vest-09".into()), "{s:?}");
        assert!(
            s[0].score < s[1].score,
            "the same office's work is closer: {s:?}"
        );
        assert!(s[1..4].iter().all(|x| !x.other_office), "{s:?}");
        if let Some(nord) = s
            .iter()
            .position(|x| x.key == ItemKey::Project("nord-03".into()))
        {
            assert!(
                nord > 3,
                "a weak match elsewhere does not jump ahead: {s:?}"
            );
        }
    }

    #[test]
    fn unknown_items_have_no_similar_work() {
        assert!(model().similar(&ItemKey::Document(9), 5).is_empty());
    }

    #[test]
    fn the_inverted_index_gives_every_pair_its_cosine() {
        let m = model();
        for me in 0..m.len() {
            let scores = m.text_scores(me);
            for (other, score) in scores.iter().enumerate() {
                let expected = m.vectors[me].dot(&m.vectors[other]);
                assert_eq!(*score, expected, "items {me} and {other}");
            }
        }
        // The model is worth testing: its items share words, some more than others.
        let first = m.text_scores(0);
        let others: Vec<f32> = first[1..].to_vec();
        assert!(others.iter().all(|s| *s > 0.0));
        assert!(others.iter().any(|s| (s - others[0]).abs() > 0.01));
    }

    #[test]
    fn the_builder_weighs_terms_as_the_vocabulary_does() {
        // The builder numbers and weighs terms itself; the result must be the vectors that
        // fitting a `TfIdf` on all the texts at once gives.
        let texts = [
            "Housing First gir bostedsløse egen bolig og oppfølging i boligen",
            "Oppfølging i bolig for unge bostedsløse, med egen kontaktperson",
            "Startlån og leie til eie for barnefamilier i kommunale boliger",
            "",
        ];
        let items: Vec<Item> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Item {
                key: ItemKey::Project(format!("p{i}")),
                title: String::new(),
                region: None,
                text: t.to_string(),
                themes: Vec::new(),
            })
            .collect();
        let terms = Terms::default();
        let counts: Vec<_> = texts
            .iter()
            .map(|t| terms.counts(&format!(" {t}"), MAX_CHARS))
            .collect();
        let tfidf = TfIdf::fit(counts.iter());
        let m = SimilarityModel::build(items);
        for (i, c) in counts.iter().enumerate() {
            assert_eq!(m.vectors[i], tfidf.vector(c), "text {i}");
        }
        assert!(m.vectors[0].0.len() > 3);
    }
}
