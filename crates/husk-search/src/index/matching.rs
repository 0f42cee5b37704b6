//! Matching and scoring passages against the units of a query (words, phrases, prefixes), tier
//! by tier.
//!
//! A passage's score is [`TIER_SCORE`] per matched unit plus the units' BM25 scores, so a
//! passage that matches more units always ranks above one that matches fewer. That makes it
//! possible to find the best passages without visiting every passage that matches some unit:
//! the passages matching *all* units (an intersection, cheap to find by skipping through the
//! postings) are the best ones, and only when they are too few do we need to look at passages
//! matching fewer of them. [`SegmentMatcher::for_each_with_at_least`] visits the passages that
//! match at least `k` of the units: it drives the search with the `n − k + 1` rarest units (a
//! passage matching `k` units must match one of them) and only seeks in the others.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use tantivy::fastfield::AliveBitSet;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{
    BitSetDocSet, Bm25Weight, BoostQuery, ConstScorer, EmptyScorer, EnableScoring, Explanation,
    Query, Scorer, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{BitSet, DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use super::TIER_SCORE;

/// A query word's alternatives (the stem in the body, title and heading, compound parts, words
/// one typo away, …): matches where any of them matches, and scores like tantivy's
/// `DisjunctionMaxQuery` (the best alternative plus `tie_breaker` × the others). Unlike it, it
/// does not buffer its matches in blocks of 4,096 documents, so seeking in it (as an
/// intersection does) only skips through the alternatives' postings.
#[derive(Debug)]
pub(super) struct AnyOfQuery {
    alternatives: Vec<Box<dyn Query>>,
    tie_breaker: Score,
}

impl AnyOfQuery {
    pub fn new(alternatives: Vec<Box<dyn Query>>, tie_breaker: Score) -> AnyOfQuery {
        AnyOfQuery {
            alternatives,
            tie_breaker,
        }
    }
}

impl Clone for AnyOfQuery {
    fn clone(&self) -> Self {
        AnyOfQuery {
            alternatives: self.alternatives.iter().map(|q| q.box_clone()).collect(),
            tie_breaker: self.tie_breaker,
        }
    }
}

impl Query for AnyOfQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .alternatives
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AnyOfWeight {
            weights,
            tie_breaker: self.tie_breaker,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.alternatives {
            q.query_terms(visitor);
        }
    }
}

struct AnyOfWeight {
    weights: Vec<Box<dyn Weight>>,
    tie_breaker: Score,
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut children = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                children.push(scorer);
            }
        }
        if children.len() == 1 {
            // max + (sum − max) × t is the one score itself.
            return Ok(children.pop().expect("one child"));
        }
        let mut scorer = AnyOfScorer {
            children,
            doc: 0,
            tie_breaker: self.tie_breaker,
        };
        scorer.doc = scorer.min_doc();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut max: Score = 0.0;
        let mut sum: Score = 0.0;
        let mut details = Vec::new();
        for weight in &self.weights {
            let mut scorer = weight.scorer(reader, 1.0)?;
            if scorer.doc() <= doc && scorer.seek(doc) == doc {
                let explanation = weight.explain(reader, doc)?;
                let score = scorer.score();
                max = max.max(score);
                sum += score;
                details.push(explanation);
            }
        }
        if details.is_empty() {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut explanation = Explanation::new(
            "best alternative + tie breaker × the others",
            max + (sum - max) * self.tie_breaker,
        );
        for detail in details {
            explanation.add_detail(detail);
        }
        Ok(explanation)
    }
}

struct AnyOfScorer {
    children: Vec<Box<dyn Scorer>>,
    doc: DocId,
    tie_breaker: Score,
}

impl AnyOfScorer {
    fn min_doc(&self) -> DocId {
        self.children
            .iter()
            .map(|c| c.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for AnyOfScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        if current == TERMINATED {
            return TERMINATED;
        }
        let mut min = TERMINATED;
        for child in &mut self.children {
            let mut doc = child.doc();
            if doc == current {
                doc = child.advance();
            }
            min = min.min(doc);
        }
        self.doc = min;
        min
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut min = TERMINATED;
        for child in &mut self.children {
            let mut doc = child.doc();
            if doc < target {
                doc = child.seek(target);
            }
            min = min.min(doc);
        }
        self.doc = min;
        min
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.children
            .iter()
            .map(|c| c.size_hint())
            .fold(0u32, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.children.iter().map(|c| c.cost()).sum()
    }
}

impl Scorer for AnyOfScorer {
    fn score(&mut self) -> Score {
        // The same arithmetic as tantivy's DisjunctionMaxCombiner, alternatives in order.
        let mut max: Score = 0.0;
        let mut sum: Score = 0.0;
        for child in &mut self.children {
            if child.doc() == self.doc {
                let score = child.score();
                max = Score::max(score, max);
                sum += score;
            }
        }
        max + (sum - max) * self.tie_breaker
    }
}

/// A term looked up once per search in the dictionary of every segment. Its document frequency
/// decides which looser alternatives a word gets, and its weight and scorers use the same
/// lookups; tantivy's `TermQuery` would look the term up again for its weight and for each
/// scorer (a search makes one per segment per pass).
#[derive(Clone, Debug)]
pub(super) struct LookedUpTerm {
    term: Term,
    /// The segments that hold the term, with where its postings are.
    infos: Arc<Vec<(SegmentId, TermInfo)>>,
    doc_freq: u64,
}

impl LookedUpTerm {
    /// Looks `term` up in every segment of `searcher`.
    pub fn new(searcher: &Searcher, term: Term) -> tantivy::Result<LookedUpTerm> {
        let mut infos = Vec::new();
        let mut doc_freq = 0u64;
        for segment in searcher.segment_readers() {
            if let Some(info) = segment.inverted_index(term.field())?.get_term_info(&term)? {
                doc_freq += u64::from(info.doc_freq);
                infos.push((segment.segment_id(), info));
            }
        }
        Ok(LookedUpTerm {
            term,
            infos: Arc::new(infos),
            doc_freq,
        })
    }

    /// Passages holding the term (deleted ones included, as in BM25's statistics).
    pub fn doc_freq(&self) -> u64 {
        self.doc_freq
    }

    /// The term as a query, scored exactly as tantivy's `TermQuery` (BM25 with the searcher's
    /// statistics) times `boost`; `None` if no segment holds it.
    pub fn query(&self, boost: Score) -> Option<Box<dyn Query>> {
        if self.infos.is_empty() {
            return None;
        }
        let query: Box<dyn Query> = Box::new(LookedUpTermQuery(self.clone()));
        Some(if boost == 1.0 {
            query
        } else {
            Box::new(BoostQuery::new(query, boost))
        })
    }
}

#[derive(Clone, Debug)]
struct LookedUpTermQuery(LookedUpTerm);

impl Query for LookedUpTermQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                // As `Bm25Weight::for_terms` does for one term.
                let total_num_tokens = statistics_provider.total_num_tokens(self.0.term.field())?;
                let total_num_docs = statistics_provider.total_num_docs()?;
                let average_fieldnorm = total_num_tokens as Score / total_num_docs as Score;
                Some(Bm25Weight::for_one_term_without_explain(
                    self.0.doc_freq,
                    total_num_docs,
                    average_fieldnorm,
                ))
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(LookedUpTermWeight {
            term: self.0.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.0.term, false);
    }
}

struct LookedUpTermWeight {
    term: LookedUpTerm,
    /// `None` when scoring is disabled.
    bm25: Option<Bm25Weight>,
}

impl LookedUpTermWeight {
    fn term_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<LookedUpTermScorer>> {
        let id = reader.segment_id();
        let Some((_, info)) = self.term.infos.iter().find(|(s, _)| *s == id) else {
            return Ok(None);
        };
        let field = self.term.term.field();
        let option = if self.bm25.is_some() {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let postings = reader
            .inverted_index(field)?
            .read_postings_from_terminfo(info, option)?;
        let scoring = match &self.bm25 {
            Some(bm25) => Some((reader.get_fieldnorms_reader(field)?, bm25.boost_by(boost))),
            None => None,
        };
        Ok(Some(LookedUpTermScorer { postings, scoring }))
    }
}

impl Weight for LookedUpTermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.term_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let does_not_match =
            || tantivy::TantivyError::InvalidArgument(format!("document {doc} does not match"));
        let mut scorer = self.term_scorer(reader, 1.0)?.ok_or_else(does_not_match)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(does_not_match());
        }
        let mut explanation = match &scorer.scoring {
            Some((fieldnorms, bm25)) => {
                bm25.explain(fieldnorms.fieldnorm_id(doc), scorer.postings.term_freq())
            }
            None => Explanation::new("no score", 1.0),
        };
        explanation.add_context(format!("Term={:?}", self.term.term));
        Ok(explanation)
    }
}

/// Scores a term's postings like tantivy's `TermScorer`.
struct LookedUpTermScorer {
    postings: SegmentPostings,
    scoring: Option<(FieldNormReader, Bm25Weight)>,
}

impl DocSet for LookedUpTermScorer {
    #[inline]
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    #[inline]
    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for LookedUpTermScorer {
    #[inline]
    fn score(&mut self) -> Score {
        match &self.scoring {
            Some((fieldnorms, bm25)) => {
                let fieldnorm_id = fieldnorms.fieldnorm_id(self.postings.doc());
                bm25.score(fieldnorm_id, self.postings.term_freq())
            }
            None => 1.0,
        }
    }
}

/// A query whose matches in a segment are worked out once per search and then reused: typo and
/// prefix alternatives, whose scorers walk the term dictionary with an automaton and collect
/// every matching passage in a bit set, which a search would otherwise do once per pass. (The
/// weight lives for one search, so nothing is kept between searches.)
#[derive(Debug)]
pub(super) struct OncePerSegmentQuery(pub Box<dyn Query>);

impl Clone for OncePerSegmentQuery {
    fn clone(&self) -> Self {
        OncePerSegmentQuery(self.0.box_clone())
    }
}

impl Query for OncePerSegmentQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(OncePerSegmentWeight {
            inner: self.0.weight(enable_scoring)?,
            sets: Mutex::new(HashMap::new()),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

/// A segment's matches: the passages and their (one) score, or `None` when the scores differ
/// (then the inner scorer is used every time).
type SegmentSet = Option<(BitSet, Score)>;

struct OncePerSegmentWeight {
    inner: Box<dyn Weight>,
    sets: Mutex<HashMap<(SegmentId, u32), SegmentSet>>,
}

impl Weight for OncePerSegmentWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let key = (reader.segment_id(), boost.to_bits());
        let mut sets = self.sets.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(set) = sets.get(&key) {
            return match set {
                Some((set, score)) => Ok(Box::new(ConstScorer::new(
                    BitSetDocSet::from(set.clone()),
                    *score,
                ))),
                None => self.inner.scorer(reader, boost),
            };
        }
        let mut scorer = self.inner.scorer(reader, boost)?;
        let mut set = BitSet::with_max_value(reader.max_doc());
        let mut score: Option<Score> = None;
        let mut constant = true;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            set.insert(doc);
            let s = scorer.score();
            match score {
                None => score = Some(s),
                Some(first) if first.to_bits() != s.to_bits() => constant = false,
                Some(_) => {}
            }
            doc = scorer.advance();
        }
        let entry = constant.then(|| (set, score.unwrap_or(boost)));
        let result: Box<dyn Scorer> = match &entry {
            Some((set, score)) => {
                Box::new(ConstScorer::new(BitSetDocSet::from(set.clone()), *score))
            }
            None => self.inner.scorer(reader, boost)?,
        };
        sets.insert(key, entry);
        Ok(result)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }
}

/// The units and exclusions of a query, ready to be matched segment by segment.
pub(super) struct Matching {
    units: Vec<Box<dyn Weight>>,
    negatives: Vec<Box<dyn Weight>>,
}

impl Matching {
    /// Weights for the units (scored with the searcher's statistics) and the excluded units.
    pub fn new(
        units: &[Box<dyn Query>],
        negatives: &[Box<dyn Query>],
        searcher: &tantivy::Searcher,
    ) -> tantivy::Result<Matching> {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let filtering = EnableScoring::disabled_from_searcher(searcher);
        Ok(Matching {
            units: units
                .iter()
                .map(|q| q.weight(scoring))
                .collect::<tantivy::Result<_>>()?,
            negatives: negatives
                .iter()
                .map(|q| q.weight(filtering))
                .collect::<tantivy::Result<_>>()?,
        })
    }

    /// Number of units (0: the query lists every passage not excluded).
    pub fn num_units(&self) -> usize {
        self.units.len()
    }

    /// Fresh scorers for one segment.
    pub fn segment<'r>(&self, reader: &'r SegmentReader) -> tantivy::Result<SegmentMatcher<'r>> {
        Ok(SegmentMatcher {
            units: self
                .units
                .iter()
                .map(|w| w.scorer(reader, 1.0))
                .collect::<tantivy::Result<_>>()?,
            negatives: self
                .negatives
                .iter()
                .map(|w| w.scorer(reader, 1.0))
                .collect::<tantivy::Result<_>>()?,
            alive: reader.alive_bitset(),
            max_doc: reader.max_doc(),
        })
    }
}

/// Scorers of one segment. They only move forward: visit passages in increasing order.
pub(super) struct SegmentMatcher<'r> {
    units: Vec<Box<dyn Scorer>>,
    negatives: Vec<Box<dyn Scorer>>,
    alive: Option<&'r AliveBitSet>,
    max_doc: DocId,
}

fn seek(scorer: &mut dyn Scorer, target: DocId) -> DocId {
    let doc = scorer.doc();
    if doc >= target {
        doc
    } else {
        scorer.seek(target)
    }
}

impl SegmentMatcher<'_> {
    /// Whether a passage is deleted or excluded by a `-word`.
    fn excluded(&mut self, doc: DocId) -> bool {
        if self.alive.is_some_and(|alive| !alive.is_alive(doc)) {
            return true;
        }
        self.negatives
            .iter_mut()
            .any(|n| seek(n.as_mut(), doc) == doc)
    }

    /// The score of the passage every unit scorer at `doc` matches: [`TIER_SCORE`] + BM25 per
    /// unit, summed in the order of the units.
    fn score_at(&mut self, doc: DocId) -> Score {
        let mut score: Score = 0.0;
        for unit in &mut self.units {
            if unit.doc() == doc {
                score += TIER_SCORE + unit.score();
            }
        }
        score
    }

    /// Calls `f(doc, score)` for every passage that matches at least `k` units (1 ≤ `k` ≤ the
    /// number of units) and is neither deleted nor excluded, in increasing order. With no units,
    /// every such passage matches with score 1.
    pub fn for_each_with_at_least(&mut self, k: usize, mut f: impl FnMut(DocId, Score)) {
        let n = self.units.len();
        if n == 0 {
            for doc in 0..self.max_doc {
                if !self.excluded(doc) {
                    f(doc, 1.0);
                }
            }
            return;
        }
        let k = k.clamp(1, n);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| self.units[i].cost());
        if k == n {
            // An intersection: the rarest unit leads, the others seek.
            let lead = order[0];
            let mut doc = self.units[lead].doc();
            'candidates: while doc != TERMINATED {
                for &i in &order[1..] {
                    let found = seek(self.units[i].as_mut(), doc);
                    if found > doc {
                        doc = seek(self.units[lead].as_mut(), found);
                        continue 'candidates;
                    }
                }
                if !self.excluded(doc) {
                    let score = self.score_at(doc);
                    f(doc, score);
                }
                doc = self.units[lead].advance();
            }
            return;
        }
        // A passage matching k units matches one of any n − k + 1 of them: the rarest lead.
        let (lead, rest) = order.split_at(n - k + 1);
        loop {
            let doc = lead
                .iter()
                .map(|&i| self.units[i].doc())
                .min()
                .unwrap_or(TERMINATED);
            if doc == TERMINATED {
                break;
            }
            let mut matched = lead.iter().filter(|&&i| self.units[i].doc() == doc).count();
            for (j, &i) in rest.iter().enumerate() {
                if matched + (rest.len() - j) < k {
                    break;
                }
                if seek(self.units[i].as_mut(), doc) == doc {
                    matched += 1;
                }
            }
            if matched >= k && !self.excluded(doc) {
                let score = self.score_at(doc);
                f(doc, score);
            }
            for &i in lead {
                if self.units[i].doc() == doc {
                    self.units[i].advance();
                }
            }
        }
    }

    /// Every passage in `range` that matches at least one unit (any passage, with no units) and
    /// is neither deleted nor excluded, with its score, in increasing order, for which `keep`
    /// holds. Ranges must be asked for in increasing order.
    pub fn passages_in(
        &mut self,
        range: Range<DocId>,
        keep: impl Fn(DocId) -> bool,
        out: &mut Vec<(DocId, Score)>,
    ) {
        let len = range.end.saturating_sub(range.start) as usize;
        if self.units.is_empty() {
            for doc in range {
                if keep(doc) && !self.excluded(doc) {
                    out.push((doc, 1.0));
                }
            }
            return;
        }
        let mut scores: Vec<Option<Score>> = vec![None; len];
        for unit in &mut self.units {
            let mut doc = seek(unit.as_mut(), range.start);
            while doc < range.end {
                let slot = &mut scores[(doc - range.start) as usize];
                // The same sum, in the same order, as `score_at`.
                *slot = Some(slot.unwrap_or(0.0) + (TIER_SCORE + unit.score()));
                doc = unit.advance();
            }
        }
        for (offset, score) in scores.into_iter().enumerate() {
            let Some(score) = score else {
                continue;
            };
            let doc = range.start + offset as DocId;
            if keep(doc) && !self.excluded(doc) {
                out.push((doc, score));
            }
        }
    }
}
