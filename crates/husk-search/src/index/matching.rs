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
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::fastfield::AliveBitSet;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{
    BitSetDocSet, Bm25Weight, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use super::{TIER_SCORE, WORK_BUDGET};

/// The work one search may do, in units of about one posting read or one passage tested
/// against one word, shared by everything that walks postings during the search (matching
/// tier by tier, and reading the passages of typo and prefix matches into sets). Once it is
/// used up those loops stop where they are: the search returns the best it has found, marked
/// incomplete. Counting work instead of watching a clock makes the same query on the same
/// index give the same answer however busy the machine is, and lets tests check the bound.
///
/// A part of the work can get a smaller budget of its own ([`WorkMeter::part`]): what it
/// charges counts against both.
#[derive(Debug, Clone)]
pub(super) struct WorkMeter(Arc<Meter>);

#[derive(Debug)]
struct Meter {
    used: AtomicU64,
    budget: u64,
    /// The whole search's meter, for a part.
    whole: Option<WorkMeter>,
}

impl WorkMeter {
    /// A meter allowing `budget` units.
    pub fn new(budget: u64) -> WorkMeter {
        WorkMeter(Arc::new(Meter {
            used: AtomicU64::new(0),
            budget,
            whole: None,
        }))
    }

    /// A meter for part of the work, allowing at most `budget` units of this meter's.
    pub fn part(&self, budget: u64) -> WorkMeter {
        WorkMeter(Arc::new(Meter {
            used: AtomicU64::new(0),
            budget,
            whole: Some(self.clone()),
        }))
    }

    /// Records `units` of work; false once the budget is used up (and from then on).
    #[inline]
    pub fn charge(&self, units: u64) -> bool {
        let used = self.0.used.fetch_add(units, Ordering::Relaxed) + units;
        let whole = self.0.whole.as_ref().is_none_or(|w| w.charge(units));
        used <= self.0.budget && whole
    }

    /// Whether the budget is used up.
    pub fn exhausted(&self) -> bool {
        self.0.used.load(Ordering::Relaxed) > self.0.budget
    }

    /// Units recorded so far (may pass the budget by the last charge).
    pub fn used(&self) -> u64 {
        self.0.used.load(Ordering::Relaxed)
    }

    /// Units left.
    pub fn left(&self) -> u64 {
        self.0.budget.saturating_sub(self.used())
    }

    /// A local tally for a hot loop, passed on to the meter every few thousand units.
    fn tally(&self) -> Tally<'_> {
        Tally {
            meter: self,
            pending: 0,
        }
    }
}

impl Default for WorkMeter {
    /// A meter allowing one search's work, [`WORK_BUDGET`].
    fn default() -> Self {
        WorkMeter::new(WORK_BUDGET)
    }
}

/// Work counted locally and charged to the [`WorkMeter`] in batches.
struct Tally<'m> {
    meter: &'m WorkMeter,
    pending: u64,
}

impl Tally<'_> {
    const BATCH: u64 = 4096;

    /// Adds `units`; false once the meter's budget is used up.
    #[inline]
    fn add(&mut self, units: u64) -> bool {
        self.pending += units;
        if self.pending < Self::BATCH {
            return true;
        }
        let pending = std::mem::take(&mut self.pending);
        self.meter.charge(pending)
    }
}

impl Drop for Tally<'_> {
    fn drop(&mut self) {
        if self.pending > 0 {
            self.meter.charge(self.pending);
        }
    }
}

/// A query word's alternatives (the stem in the body, title and heading, compound parts, words
/// one typo away, …): matches where any of them matches, and scores like tantivy's
/// `DisjunctionMaxQuery` (the best alternative plus `tie_breaker` × the others). Unlike it, it
/// does not buffer its matches in blocks of 4,096 documents, so seeking in it (as an
/// intersection does) only skips through the alternatives' postings; and its terms are scored
/// without dynamic dispatch.
#[derive(Debug)]
pub(super) struct AnyOfQuery {
    alternatives: Vec<Alternative>,
    tie_breaker: Score,
}

/// One alternative of a unit.
#[derive(Debug)]
enum Alternative {
    /// A term, scored with BM25 times a boost.
    Term(LookedUpTerm, Score),
    /// Anything else: phrases, compound parts, typo and prefix matches.
    Query(Box<dyn Query>),
}

impl Clone for AnyOfQuery {
    fn clone(&self) -> Self {
        AnyOfQuery {
            alternatives: self
                .alternatives
                .iter()
                .map(|a| match a {
                    Alternative::Term(term, boost) => Alternative::Term(term.clone(), *boost),
                    Alternative::Query(q) => Alternative::Query(q.box_clone()),
                })
                .collect(),
            tie_breaker: self.tie_breaker,
        }
    }
}

impl AnyOfQuery {
    /// No alternatives yet.
    pub fn new(tie_breaker: Score) -> AnyOfQuery {
        AnyOfQuery {
            alternatives: Vec::new(),
            tie_breaker,
        }
    }

    /// Adds a term, scored like tantivy's `TermQuery` times `boost` (left out if no segment
    /// holds it).
    pub fn push_term(&mut self, term: LookedUpTerm, boost: Score) {
        if term.doc_freq > 0 {
            self.alternatives.push(Alternative::Term(term, boost));
        }
    }

    /// Adds any other query.
    pub fn push(&mut self, query: Box<dyn Query>) {
        self.alternatives.push(Alternative::Query(query));
    }

    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<AnyOfWeight> {
        let children = self
            .alternatives
            .iter()
            .map(|a| {
                Ok(match a {
                    Alternative::Term(term, boost) => {
                        ChildWeight::Term(term.weight(enable_scoring)?, *boost)
                    }
                    Alternative::Query(q) => ChildWeight::Other(q.weight(enable_scoring)?),
                })
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(AnyOfWeight {
            children,
            tie_breaker: self.tie_breaker,
        })
    }
}

struct AnyOfWeight {
    children: Vec<ChildWeight>,
    tie_breaker: Score,
}

impl AnyOfWeight {
    /// What testing one passage against the unit counts as work: 1, and 1 more for each
    /// alternative that is not a plain term (a phrase checks positions, a compound's parts
    /// intersect, a set of expansions is one more scorer to move).
    fn cost_per_passage(&self) -> u64 {
        1 + self
            .children
            .iter()
            .filter(|c| matches!(c, ChildWeight::Other(_)))
            .count() as u64
    }
}

enum ChildWeight {
    Term(LookedUpTermWeight, Score),
    Other(Box<dyn Weight>),
}

impl AnyOfWeight {
    /// The passages of a segment the unit matches, as a bit set (one bit per passage, deleted
    /// ones included), if all its alternatives are terms.
    fn bitset(
        &self,
        reader: &SegmentReader,
        meter: &WorkMeter,
    ) -> tantivy::Result<Option<Vec<u64>>> {
        let mut bits = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
        let id = reader.segment_id();
        for child in &self.children {
            let ChildWeight::Term(weight, _) = child else {
                return Ok(None);
            };
            let Some((_, info)) = weight.term.infos.iter().find(|(s, _)| *s == id) else {
                continue;
            };
            let mut block = reader
                .inverted_index(weight.term.term.field())?
                .read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            loop {
                let docs = block.docs();
                if docs.is_empty() || !meter.charge(docs.len() as u64) {
                    break;
                }
                for &doc in docs {
                    bits[(doc / 64) as usize] |= 1 << (doc % 64);
                }
                block.advance();
            }
        }
        Ok(Some(bits))
    }

    fn scorer(&self, reader: &SegmentReader) -> tantivy::Result<AnyOfScorer> {
        let mut children = Vec::with_capacity(self.children.len());
        for child in &self.children {
            let child = match child {
                ChildWeight::Term(weight, boost) => match weight.term_scorer(reader, *boost)? {
                    Some(scorer) => Child::Term(Box::new(scorer)),
                    None => continue,
                },
                ChildWeight::Other(weight) => Child::Other(weight.scorer(reader, 1.0)?),
            };
            if child.doc() != TERMINATED {
                children.push(child);
            }
        }
        let mut scorer = AnyOfScorer {
            children,
            doc: 0,
            tie_breaker: self.tie_breaker,
        };
        scorer.doc = scorer.min_doc();
        Ok(scorer)
    }
}

enum Child {
    /// Boxed: a term's postings hold a decoded block (about 2 KB).
    Term(Box<LookedUpTermScorer>),
    Other(Box<dyn Scorer>),
}

impl Child {
    #[inline]
    fn doc(&self) -> DocId {
        match self {
            Child::Term(t) => t.doc(),
            Child::Other(o) => o.doc(),
        }
    }

    #[inline]
    fn advance(&mut self) -> DocId {
        match self {
            Child::Term(t) => t.advance(),
            Child::Other(o) => o.advance(),
        }
    }

    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        match self {
            Child::Term(t) => t.seek(target),
            Child::Other(o) => o.seek(target),
        }
    }

    #[inline]
    fn score(&mut self) -> Score {
        match self {
            Child::Term(t) => t.score(),
            Child::Other(o) => o.score(),
        }
    }

    fn cost(&self) -> u64 {
        match self {
            Child::Term(t) => t.cost(),
            Child::Other(o) => o.cost(),
        }
    }
}

/// The scorer of an [`AnyOfQuery`] in one segment.
struct AnyOfScorer {
    children: Vec<Child>,
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

    #[inline]
    fn doc(&self) -> DocId {
        self.doc
    }

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

    /// The first match at or after `target` (which may be before the current one).
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

    fn cost(&self) -> u64 {
        self.children.iter().map(|c| c.cost()).sum()
    }

    /// The score at the current match: the same arithmetic as tantivy's
    /// `DisjunctionMaxCombiner`, alternatives in order.
    #[inline]
    fn score(&mut self) -> Score {
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

    /// Its weight: BM25 with the searcher's statistics, computed exactly as tantivy's
    /// `TermQuery` does (`Bm25Weight::for_terms` for one term).
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<LookedUpTermWeight> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let total_num_tokens = statistics_provider.total_num_tokens(self.term.field())?;
                let total_num_docs = statistics_provider.total_num_docs()?;
                let average_fieldnorm = total_num_tokens as Score / total_num_docs as Score;
                Some(Bm25Weight::for_one_term_without_explain(
                    self.doc_freq,
                    total_num_docs,
                    average_fieldnorm,
                ))
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(LookedUpTermWeight {
            term: self.clone(),
            bm25,
        })
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

/// Scores a term's postings like tantivy's `TermScorer`.
struct LookedUpTermScorer {
    postings: SegmentPostings,
    scoring: Option<(FieldNormReader, Bm25Weight)>,
}

impl LookedUpTermScorer {
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

    fn cost(&self) -> u64 {
        u64::from(self.postings.size_hint())
    }

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

/// Passages holding any of a few terms of one field, each scored the same (its boost): the
/// words a prefix or a misspelt word was expanded to (see `SearchIndex::plan`, which caps how
/// many). A segment's passages are read into a bit set once per search, when its first scorer
/// is made, and reused by every later pass; reading them counts against the search's
/// [`WorkMeter`]. (The weight lives for one search, so nothing is kept between searches.)
#[derive(Debug, Clone)]
pub(super) struct TermsQuery {
    terms: Arc<Vec<Term>>,
    meter: WorkMeter,
}

impl TermsQuery {
    /// Passages holding any of `words` in `field`.
    pub fn new(field: Field, words: &[String], meter: WorkMeter) -> TermsQuery {
        TermsQuery {
            terms: Arc::new(
                words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect(),
            ),
            meter,
        }
    }
}

impl Query for TermsQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(TermsWeight {
            terms: self.terms.clone(),
            sets: Mutex::new(HashMap::new()),
            meter: self.meter.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in self.terms.iter() {
            visitor(term, false);
        }
    }
}

struct TermsWeight {
    terms: Arc<Vec<Term>>,
    sets: Mutex<HashMap<SegmentId, BitSet>>,
    meter: WorkMeter,
}

impl TermsWeight {
    /// The segment's passages holding any of the terms; stops (leaving the set partial, and the
    /// search incomplete) when the work budget is used up.
    fn read(&self, reader: &SegmentReader) -> tantivy::Result<BitSet> {
        let mut set = BitSet::with_max_value(reader.max_doc());
        for term in self.terms.iter() {
            let inverted = reader.inverted_index(term.field())?;
            let Some(info) = inverted.get_term_info(term)? else {
                continue;
            };
            let mut block =
                inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
            loop {
                let docs = block.docs();
                if docs.is_empty() {
                    break;
                }
                if !self.meter.charge(docs.len() as u64) {
                    return Ok(set);
                }
                for &doc in docs {
                    set.insert(doc);
                }
                block.advance();
            }
        }
        Ok(set)
    }
}

impl Weight for TermsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut sets = self.sets.lock().unwrap_or_else(|p| p.into_inner());
        let set = match sets.get(&reader.segment_id()) {
            Some(set) => set.clone(),
            None => {
                let set = self.read(reader)?;
                sets.insert(reader.segment_id(), set.clone());
                set
            }
        };
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(set), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("TermsQuery", scorer.score()))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "passage {doc} does not hold any of the terms"
            )))
        }
    }
}

/// The units and exclusions of a query, ready to be matched segment by segment.
pub(super) struct Matching {
    units: Vec<AnyOfWeight>,
    negatives: Vec<AnyOfWeight>,
    /// When an intersection reads a unit into a bit set (see [`BitsPolicy`]).
    pub bits: BitsPolicy,
    /// The work of testing one passage against every unit and exclusion.
    cost_per_passage: u64,
}

/// When an intersection reads a unit into a bit set instead of seeking in it: when its
/// postings are at most `cost_ratio` times as many as the leading unit's, the leading unit has
/// at least `min_lead`, and the unit is in less than 1 / `max_share` of the passages (in a
/// common unit the next match is close by, and seeking it is cheap).
#[derive(Debug, Clone, Copy)]
pub(super) struct BitsPolicy {
    pub cost_ratio: u64,
    pub min_lead: u64,
    pub max_share: u64,
}

impl Default for BitsPolicy {
    fn default() -> Self {
        BitsPolicy {
            cost_ratio: 12,
            min_lead: 256,
            max_share: 8,
        }
    }
}

impl Matching {
    /// Weights for the units (scored with the searcher's statistics) and the excluded units.
    pub fn new(
        units: &[AnyOfQuery],
        negatives: &[AnyOfQuery],
        searcher: &Searcher,
    ) -> tantivy::Result<Matching> {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let filtering = EnableScoring::disabled_from_searcher(searcher);
        let units: Vec<AnyOfWeight> = units
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        let negatives: Vec<AnyOfWeight> = negatives
            .iter()
            .map(|q| q.weight(filtering))
            .collect::<tantivy::Result<_>>()?;
        let cost_per_passage = units
            .iter()
            .chain(&negatives)
            .map(AnyOfWeight::cost_per_passage)
            .sum();
        Ok(Matching {
            units,
            negatives,
            bits: BitsPolicy::default(),
            cost_per_passage,
        })
    }

    /// Number of units (0: the query lists every passage not excluded).
    pub fn num_units(&self) -> usize {
        self.units.len()
    }

    /// Fresh scorers for one segment.
    pub fn segment<'r>(&'r self, reader: &'r SegmentReader) -> tantivy::Result<SegmentMatcher<'r>> {
        Ok(SegmentMatcher {
            weights: self,
            reader,
            units: self
                .units
                .iter()
                .map(|w| w.scorer(reader))
                .collect::<tantivy::Result<_>>()?,
            negatives: self
                .negatives
                .iter()
                .map(|w| w.scorer(reader))
                .collect::<tantivy::Result<_>>()?,
            alive: reader.alive_bitset(),
            max_doc: reader.max_doc(),
        })
    }
}

/// Scorers of one segment. They only move forward: visit passages in increasing order.
pub(super) struct SegmentMatcher<'r> {
    weights: &'r Matching,
    reader: &'r SegmentReader,
    units: Vec<AnyOfScorer>,
    negatives: Vec<AnyOfScorer>,
    alive: Option<&'r AliveBitSet>,
    max_doc: DocId,
}

impl SegmentMatcher<'_> {
    /// Whether a passage is deleted or excluded by a `-word`.
    fn excluded(&mut self, doc: DocId) -> bool {
        if self.alive.is_some_and(|alive| !alive.is_alive(doc)) {
            return true;
        }
        self.negatives.iter_mut().any(|n| n.seek(doc) == doc)
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
    /// every such passage matches with score 1. Counts its work on `meter` and stops early when
    /// that is used up.
    pub fn for_each_with_at_least(
        &mut self,
        k: usize,
        meter: &WorkMeter,
        mut f: impl FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let n = self.units.len();
        let weights = self.weights;
        let mut tally = meter.tally();
        if n == 0 {
            for doc in 0..self.max_doc {
                if !tally.add(weights.cost_per_passage.max(1)) {
                    break;
                }
                if !self.excluded(doc) {
                    f(doc, 1.0);
                }
            }
            return Ok(());
        }
        let k = k.clamp(1, n);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| self.units[i].cost());
        if k == n {
            // An intersection: the rarest unit leads. A unit not much more common is read into a
            // bit set once and tested (seeking costs more per candidate than reading a posting);
            // the others seek.
            let lead = order[0];
            let lead_cost = self.units[lead].cost();
            let mut tested: Vec<(usize, Vec<u64>)> = Vec::new();
            let mut seeking: Vec<usize> = Vec::new();
            for &i in &order[1..] {
                let cost = self.units[i].cost();
                let policy = self.weights.bits;
                let bits = if lead_cost >= policy.min_lead
                    && cost <= policy.cost_ratio.saturating_mul(lead_cost)
                    && cost.saturating_mul(policy.max_share) < u64::from(self.max_doc)
                {
                    self.weights.units[i].bitset(self.reader, meter)?
                } else {
                    None
                };
                match bits {
                    Some(bits) => tested.push((i, bits)),
                    None => seeking.push(i),
                }
            }
            let per_candidate = weights.cost_per_passage;
            let mut doc = self.units[lead].doc();
            'candidates: while doc != TERMINATED {
                if !tally.add(per_candidate) {
                    break;
                }
                for (_, bits) in &tested {
                    if bits[(doc / 64) as usize] & (1 << (doc % 64)) == 0 {
                        doc = self.units[lead].advance();
                        continue 'candidates;
                    }
                }
                for &i in &seeking {
                    let found = self.units[i].seek(doc);
                    if found > doc {
                        doc = self.units[lead].seek(found);
                        continue 'candidates;
                    }
                }
                // The tested units' scorers only move to the passages that match.
                for (i, _) in &tested {
                    self.units[*i].seek(doc);
                }
                if !self.excluded(doc) {
                    let score = self.score_at(doc);
                    f(doc, score);
                }
                doc = self.units[lead].advance();
            }
            return Ok(());
        }
        // A passage matching k units matches one of any n − k + 1 of them: the rarest lead.
        let (lead, rest) = order.split_at(n - k + 1);
        let per_candidate = weights.cost_per_passage;
        loop {
            if !tally.add(per_candidate) {
                break;
            }
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
                if self.units[i].seek(doc) == doc {
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
        Ok(())
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
            let mut doc = unit.seek(range.start);
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
