//! PostgreSQL full-text search: a `tsvector` column generated with the `norwegian`
//! configuration, a GIN index, `websearch_to_tsquery` and `ts_rank_cd`.

use std::io::Write;

use anyhow::{bail, Context, Result};
use postgres::{Client, NoTls, Statement};

use super::{Engine, TOP_K};
use crate::corpus::Corpus;

const SCHEMA: &str = "husk_bench";

/// Where the benchmark looks for the server when `--pg` is not given: the Unix socket first,
/// then TCP on localhost, as the `postgres` user with trust authentication.
pub const DEFAULT_CONNECTIONS: &[&str] = &[
    "host=/var/run/postgresql user=postgres dbname=postgres",
    "host=localhost user=postgres dbname=postgres",
];

/// Connects with the given connection string, or the defaults in turn.
pub fn connect(url: Option<&str>) -> Result<(Client, String)> {
    let candidates: Vec<&str> = match url {
        Some(u) => vec![u],
        None => DEFAULT_CONNECTIONS.to_vec(),
    };
    let mut errors = Vec::new();
    for c in candidates {
        match Client::connect(c, NoTls) {
            Ok(client) => return Ok((client, c.to_string())),
            Err(e) => errors.push(format!("{c}: {e}")),
        }
    }
    bail!(
        "PostgreSQL is not reachable ({}). Start it with `pg_ctlcluster --skip-systemctl-redirect \
         $(ls /etc/postgresql) main start`, give a connection string with --pg, or leave \
         PostgreSQL out with --skip-pg",
        errors.join("; ")
    )
}

/// The loaded table and the prepared query.
pub struct Postgres {
    client: Client,
    query: Statement,
    version: String,
    connection: String,
    gin_bytes: u64,
}

/// Escapes a value for COPY's text format.
fn copy_field(out: &mut Vec<u8>, value: Option<&str>) {
    let Some(value) = value else {
        out.extend_from_slice(b"\\N");
        return;
    };
    for b in value.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b => out.push(b),
        }
    }
}

impl Postgres {
    /// Creates a fresh schema and table, loads the corpus with COPY, builds the GIN index and
    /// analyses the table.
    pub fn build(mut client: Client, connection: String, corpus: &Corpus) -> Result<Postgres> {
        let version: String = client
            .query_one("SHOW server_version", &[])?
            .get::<_, String>(0);
        client.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {SCHEMA} CASCADE;
             CREATE SCHEMA {SCHEMA};
             CREATE TABLE {SCHEMA}.passages (
                 id integer PRIMARY KEY,
                 title text NOT NULL,
                 heading text,
                 body text NOT NULL,
                 tsv tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('norwegian', title), 'A') ||
                     setweight(to_tsvector('norwegian', coalesce(heading, '')), 'B') ||
                     setweight(to_tsvector('norwegian', body), 'D')
                 ) STORED
             );"
        ))?;
        let mut writer = client
            .copy_in(&format!(
                "COPY {SCHEMA}.passages (id, title, heading, body) FROM STDIN"
            ))
            .context("COPY into PostgreSQL failed")?;
        let mut row = Vec::with_capacity(4096);
        for (id, doc, passage) in corpus.passages() {
            row.clear();
            write!(row, "{id}\t")?;
            copy_field(&mut row, Some(&doc.meta.title));
            row.push(b'\t');
            copy_field(&mut row, passage.heading.as_deref());
            row.push(b'\t');
            copy_field(&mut row, Some(&passage.text));
            row.push(b'\n');
            writer.write_all(&row)?;
        }
        writer.finish().context("COPY into PostgreSQL failed")?;
        client.batch_execute(&format!(
            "CREATE INDEX passages_tsv_idx ON {SCHEMA}.passages USING gin (tsv);
             ANALYZE {SCHEMA}.passages;"
        ))?;
        let gin_bytes: i64 = client
            .query_one(
                &format!("SELECT pg_relation_size('{SCHEMA}.passages_tsv_idx')"),
                &[],
            )?
            .get(0);
        // Title (A) 2×, heading (B) 1.5×, body (D) 1×, as Husk weighs its fields; the array is
        // {D, C, B, A}.
        let query = client.prepare(&format!(
            "SELECT id FROM {SCHEMA}.passages, websearch_to_tsquery('norwegian', $1) q
             WHERE tsv @@ q
             ORDER BY ts_rank_cd('{{0.5, 0.5, 0.75, 1.0}}', tsv, q) DESC, id
             LIMIT {TOP_K}"
        ))?;
        Ok(Postgres {
            client,
            query,
            version,
            connection,
            gin_bytes: gin_bytes as u64,
        })
    }

    /// The GIN index alone, in bytes.
    pub fn gin_bytes(&self) -> u64 {
        self.gin_bytes
    }

    /// Drops the benchmark's schema.
    pub fn drop_schema(&mut self) -> Result<()> {
        self.client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))?;
        Ok(())
    }
}

impl Engine for Postgres {
    fn name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn search(&mut self, query: &str) -> Result<Vec<usize>> {
        let rows = self.client.query(&self.query, &[&query])?;
        Ok(rows.iter().map(|r| r.get::<_, i32>(0) as usize).collect())
    }

    fn size_bytes(&mut self) -> Result<u64> {
        let size: i64 = self
            .client
            .query_one(
                &format!("SELECT pg_total_relation_size('{SCHEMA}.passages')"),
                &[],
            )?
            .get(0);
        Ok(size as u64)
    }

    fn describe(&self) -> String {
        format!(
            "PostgreSQL {}: table with a STORED generated tsvector (norwegian; title A, heading \
             B, body D), GIN index, loaded with COPY, then ANALYZE; websearch_to_tsquery \
             ('norwegian') ranked by ts_rank_cd with weights title 1.0, heading 0.75, body 0.5, \
             LIMIT 10, one prepared statement over {}; size = pg_total_relation_size (heap, \
             TOAST, primary key and GIN; GIN alone {:.1} MB)",
            self.version,
            self.connection,
            self.gin_bytes as f64 / 1e6
        )
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.drop_schema();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_fields_are_escaped() {
        let mut out = Vec::new();
        copy_field(&mut out, Some("a\tb\\c\nd"));
        assert_eq!(out, b"a\\tb\\\\c\\nd");
        out.clear();
        copy_field(&mut out, None);
        assert_eq!(out, b"\\N");
    }
}
