//! Keeping the search index in step with the database, incrementally.
//!
//! The database is the truth. Every change to a document (its row, passages, links,
//! classification, or a linked project's region) adds a row to `index_changes` through triggers,
//! in the same transaction as the change. [`Store::catch_up_index`] indexes the documents named
//! there since the sequence number the index recorded with its last commit, and records the new
//! one; a data directory whose index has no such record (a new or deleted index, or one from an
//! older Husk) is compared document by document instead, and only documents whose passages
//! differ are indexed.
//!
//! Several servers on one PostgreSQL database each keep an index of their own and follow the
//! same log from their own position, so the log is not emptied when one of them has applied
//! it: the newest [`KEPT_CHANGES`] changes stay, and older ones are dropped with the point up
//! to which they were dropped recorded (`meta.index_changes_pruned_upto`). An index whose
//! position is before that point, like one with no position, is compared document by
//! document.
//!
//! On PostgreSQL a change's `seq` is handed out when the change is made but seen by others
//! only when its transaction commits, so a later `seq` can be seen before an earlier one
//! (two writers at once). The position an index records is therefore the end of the run of
//! changes it has seen without a gap ([`Store::changes_to_apply`]); a change seen beyond a gap
//! is applied at once and remembered in this process, and the gap is looked at again on every
//! catch-up until its change appears or every transaction that could have held it has ended
//! (it was rolled back). SQLite has one writer at a time, so its changes appear in order.
//!
//! Only one process can write to the index. The server takes it and catches up in the
//! background every few seconds ([`Store::spawn_index_catch_up`]), so it listens at once after a
//! restart, searching what the index holds, and it picks up documents that `husk ingest` stored
//! while the server ran. A catch-up in a process that cannot get the index (the CLI while the
//! server runs) does nothing and says so ([`CatchUp::Locked`]).

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use husk_search::{Passage, SearchError};

use super::sql;
use crate::knowledge::{index_meta, IngestError};
use crate::{Store, StoreError};

/// Passages indexed between two commits of a long catch-up (so searches see progress and a
/// crash loses little).
const COMMIT_EVERY_PASSAGES: usize = 20_000;

/// How many of the newest changes the log keeps after they are applied, for the other servers
/// that follow it (a server further behind compares every document instead).
pub const KEPT_CHANGES: i64 = 10_000;

const PRUNED_KEY: &str = "index_changes_pruned_upto";

/// What a catch-up did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchUp {
    /// The index now holds every change up to this point; `documents` were (re)indexed or
    /// removed.
    Done { documents: usize },
    /// Another process writes to the index (the server, while the CLI runs); it will catch up.
    Locked,
}

/// Whether the index is behind the database, for the search page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStatus {
    /// A catch-up is running or has work waiting.
    pub catching_up: bool,
    /// Documents whose latest version is not searchable yet.
    pub pending_documents: u64,
}

/// Progress of this process's catch-ups, shared by every clone of the store.
#[derive(Debug, Default)]
pub(crate) struct IndexProgress {
    running: AtomicBool,
    remaining: AtomicU64,
    indexed: AtomicU64,
    /// One catch-up at a time in this process.
    lock: tokio::sync::Mutex<()>,
    /// What this process knows beyond its index's recorded position (PostgreSQL).
    beyond: std::sync::Mutex<Beyond>,
}

/// The changes seen beyond the end of the gapless run (the recorded position): the gaps, each
/// with the first transaction id that had not started when it was first seen (once every
/// transaction before that has ended, a gap still empty was rolled back), and the changes
/// already applied.
#[derive(Debug, Default)]
struct Beyond {
    /// The position these were seen from.
    position: i64,
    gaps: std::collections::BTreeMap<i64, i64>,
    applied: BTreeSet<i64>,
}

/// What a catch-up applies: documents, and the position to record after.
struct ToApply {
    documents: Vec<i64>,
    position: i64,
    /// The changes applied beyond `position` (kept in memory for the next catch-up).
    applied_beyond: BTreeSet<i64>,
    gaps: std::collections::BTreeMap<i64, i64>,
}

const PAYLOAD_PREFIX: &str = "husk-index-changes:";

fn applied_seq(payload: Option<String>) -> Option<i64> {
    payload?.strip_prefix(PAYLOAD_PREFIX)?.trim().parse().ok()
}

impl Store {
    /// Brings the index up to date with the database (see the module documentation). Searches
    /// keep working meanwhile, on what the index holds.
    pub async fn catch_up_index(&self) -> Result<CatchUp, IngestError> {
        let progress = self.index_progress.clone();
        let _one = progress.lock.lock().await;
        let index = self.index.clone();
        match blocking(move || index.try_writer()).await {
            Err(IngestError::Search(SearchError::Locked)) => return Ok(CatchUp::Locked),
            other => other?,
        }
        let last_seq = sql::last_change(&self.pool).await?;
        let applied = applied_seq(self.index.commit_payload());
        let pruned: i64 = crate::sql::meta(&self.pool, PRUNED_KEY)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut beyond_after = None;
        let (work, last_seq): (Vec<i64>, i64) = match applied {
            Some(seq) if seq >= pruned && seq <= last_seq => {
                let plan = self.changes_to_apply(seq).await?;
                let position = plan.position;
                beyond_after = Some(plan);
                let plan = beyond_after.as_ref().expect("just set");
                (plan.documents.clone(), position)
            }
            _ => (self.documents_out_of_step().await?, last_seq),
        };
        let payload = format!("{PAYLOAD_PREFIX}{last_seq}");
        // What was seen beyond the position is kept for the next catch-up once this one is
        // committed (a failed one leaves the previous knowledge, which is still true).
        let remember = |progress: &IndexProgress| {
            let mut b = progress.beyond.lock().expect("index progress");
            match &beyond_after {
                Some(plan) => {
                    *b = Beyond {
                        position: plan.position,
                        gaps: plan.gaps.clone(),
                        applied: plan.applied_beyond.clone(),
                    }
                }
                None => *b = Beyond::default(),
            }
        };
        if work.is_empty() {
            if applied != Some(last_seq) {
                let index = self.index.clone();
                blocking(move || index.commit_with_payload(&payload)).await?;
            }
            remember(&progress);
            self.forget_applied_changes(last_seq).await?;
            return Ok(CatchUp::Done { documents: 0 });
        }

        progress.running.store(true, Ordering::SeqCst);
        progress
            .remaining
            .store(work.len() as u64, Ordering::SeqCst);
        let result = self.index_documents(&work, applied, &payload).await;
        progress.running.store(false, Ordering::SeqCst);
        progress.remaining.store(0, Ordering::SeqCst);
        result?;
        remember(&progress);
        self.forget_applied_changes(last_seq).await?;
        if !work.is_empty() {
            self.invalidate_models();
        }
        Ok(CatchUp::Done {
            documents: work.len(),
        })
    }

    /// The documents changed after `position` that this process has not applied yet, and the
    /// end of the gapless run of changes to record (see the module documentation).
    async fn changes_to_apply(&self, position: i64) -> Result<ToApply, StoreError> {
        if self.backend == crate::Backend::Sqlite {
            let last = sql::last_change(&self.pool).await?;
            return Ok(ToApply {
                documents: sql::changed_documents(&self.pool, position, last).await?,
                position: last,
                applied_beyond: BTreeSet::new(),
                gaps: Default::default(),
            });
        }
        let (known_gaps, known_applied) = {
            let b = self.index_progress.beyond.lock().expect("index progress");
            if b.position == position {
                (b.gaps.clone(), b.applied.clone())
            } else {
                Default::default()
            }
        };
        let (rows, xmin, xmax) = sql::changes_after_with_snapshot(&self.pool, position).await?;
        let seen: BTreeSet<i64> = rows.iter().map(|(seq, _)| *seq).collect();
        let last = seen.last().copied().unwrap_or(position);
        let mut gaps = std::collections::BTreeMap::new();
        for g in (position + 1)..last {
            if seen.contains(&g) {
                continue;
            }
            // First seen now: no transaction that started after this snapshot can hold it.
            let since = known_gaps.get(&g).copied().unwrap_or(xmax);
            // Every transaction that could hold it has ended, and it is not there: rolled back.
            if xmin < since {
                gaps.insert(g, since);
            }
        }
        let new_position = gaps.keys().next().map_or(last, |g| g - 1);
        let documents: BTreeSet<i64> = rows
            .iter()
            .filter(|(seq, _)| !known_applied.contains(seq))
            .map(|(_, doc)| *doc)
            .collect();
        Ok(ToApply {
            documents: documents.into_iter().collect(),
            position: new_position,
            applied_beyond: seen.into_iter().filter(|s| *s > new_position).collect(),
            gaps,
        })
    }

    /// Indexes (or removes) `work`, committing now and then with the old payload (so a crash
    /// redoes this catch-up) and at the end with `payload`.
    async fn index_documents(
        &self,
        work: &[i64],
        applied: Option<i64>,
        payload: &str,
    ) -> Result<(), IngestError> {
        let progress = &self.index_progress;
        let mut since_commit = 0usize;
        for (i, &id) in work.iter().enumerate() {
            let index = self.index.clone();
            match self.document(id).await? {
                Some(d) => {
                    let regions = self.document_regions(&d).await?;
                    let passages: Vec<Passage> = self
                        .passages(id)
                        .await?
                        .into_iter()
                        .map(|p| Passage {
                            ordinal: p.ordinal,
                            heading: p.heading,
                            text: p.text,
                            char_start: p.char_start,
                        })
                        .collect();
                    since_commit += passages.len();
                    let meta = index_meta(id, &d.meta, regions);
                    blocking(move || index.add_document(&meta, &passages)).await?;
                }
                None => blocking(move || index.delete_document(id as u64)).await?,
            }
            progress.indexed.fetch_add(1, Ordering::SeqCst);
            progress.remaining.fetch_sub(1, Ordering::SeqCst);
            if since_commit >= COMMIT_EVERY_PASSAGES && i + 1 < work.len() {
                since_commit = 0;
                let index = self.index.clone();
                match applied {
                    Some(seq) => {
                        let old = format!("{PAYLOAD_PREFIX}{seq}");
                        blocking(move || index.commit_with_payload(&old)).await?
                    }
                    None => blocking(move || index.commit()).await?,
                }
            }
        }
        let index = self.index.clone();
        let payload = payload.to_string();
        blocking(move || index.commit_with_payload(&payload)).await?;
        Ok(())
    }

    /// Documents whose passages in the index differ from the database's (or that the index
    /// holds but the database does not), for an index without a recorded sequence number.
    async fn documents_out_of_step(&self) -> Result<Vec<i64>, IngestError> {
        let in_db = sql::passages_per_document(&self.pool).await?;
        let index = self.index.clone();
        let in_index: HashMap<u64, u64> = blocking(move || index.passages_per_document()).await?;
        let mut work: BTreeSet<i64> = BTreeSet::new();
        for (id, n) in &in_db {
            if in_index.get(&(*id as u64)).copied().unwrap_or(0) != *n as u64 {
                work.insert(*id);
            }
        }
        let known: std::collections::HashSet<i64> = in_db.iter().map(|(id, _)| *id).collect();
        for id in in_index.keys() {
            if !known.contains(&(*id as i64)) {
                work.insert(*id as i64);
            }
        }
        Ok(work.into_iter().collect())
    }

    /// Drops the changes older than the newest [`KEPT_CHANGES`] before `seq` (which this index
    /// has applied), recording up to where, so that other servers following the log find theirs.
    async fn forget_applied_changes(&self, seq: i64) -> Result<(), StoreError> {
        let upto = seq - KEPT_CHANGES;
        if upto <= 0 {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        let pruned: i64 = crate::sql::meta(&mut *tx, PRUNED_KEY)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if upto > pruned {
            sql::forget_changes(&mut *tx, upto).await?;
            crate::sql::set_meta(&mut *tx, PRUNED_KEY, &upto.to_string()).await?;
        }
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Whether the index is behind the database.
    pub async fn index_status(&self) -> Result<IndexStatus, StoreError> {
        let progress = &self.index_progress;
        let running = progress.running.load(Ordering::SeqCst);
        let remaining = progress.remaining.load(Ordering::SeqCst);
        let waiting: i64 = match applied_seq(self.index.commit_payload()) {
            Some(seq) => sql::changed_document_count(&self.pool, seq).await?,
            None => match self.documents_out_of_step().await {
                Ok(work) => work.len() as i64,
                Err(IngestError::Store(e)) => return Err(e),
                Err(e) => return Err(StoreError::NotFound(format!("søkeindeksen ({e})"))),
            },
        };
        let pending = remaining.max(waiting.max(0) as u64);
        Ok(IndexStatus {
            catching_up: running || pending > 0,
            pending_documents: pending,
        })
    }

    /// How many documents this process's catch-ups have (re)indexed or removed so far.
    pub fn documents_indexed(&self) -> u64 {
        self.index_progress.indexed.load(Ordering::SeqCst)
    }

    /// Takes the index for this process if no other process holds it (the server does so
    /// before it listens, so that `husk ingest` meanwhile leaves indexing to it). Returns
    /// whether it did.
    pub async fn claim_index_writer(&self) -> Result<bool, IngestError> {
        let index = self.index.clone();
        match blocking(move || index.try_writer()).await {
            Ok(()) => Ok(true),
            Err(IngestError::Search(SearchError::Locked)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Catches up now and then every `every`, in the background, for as long as the runtime
    /// runs (the server). Errors are logged and tried again.
    pub fn spawn_index_catch_up(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let store = self.clone();
        tokio::spawn(async move {
            loop {
                match store.catch_up_index().await {
                    Ok(CatchUp::Done { documents }) if documents > 0 => {
                        tracing::info!(
                            "søkeindeksen har tatt igjen {}",
                            husk_domain::norwegian::count(
                                documents as i64,
                                "dokument",
                                "dokumenter"
                            )
                        )
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!("søkeindeksen kunne ikke oppdateres: {e}"),
                }
                tokio::time::sleep(every).await;
            }
        })
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
) -> Result<T, IngestError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| IngestError::File(std::io::Error::other(e)))?
        .map_err(IngestError::Search)
}

/// Shared handle type for the store.
pub(crate) type Progress = Arc<IndexProgress>;
