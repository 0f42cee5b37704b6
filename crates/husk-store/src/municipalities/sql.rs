//! The municipalities' queries: which kommunenummer Husk knows and where, and a municipality's
//! entries and participations. The steps in `mod.rs` decide what to read; this file only says
//! how.

use sqlx::{Any, Executor};

/// (kommunenummer, name, where: 0 a programme participant, 1 an organisation, 2 indicator
/// values) of every place Husk names a kommunenummer, most telling first.
pub(crate) async fn known<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kommunenummer, municipality, CAST(0 AS BIGINT) FROM programme_participants
           WHERE kommunenummer IS NOT NULL AND kommunenummer <> ''
         UNION
         SELECT kommunenummer, name, CAST(1 AS BIGINT) FROM organisations
           WHERE kommunenummer IS NOT NULL AND kommunenummer <> ''
         UNION
         SELECT DISTINCT kommunenummer, '', CAST(2 AS BIGINT) FROM indicator_values
         ORDER BY 1, 3, 2",
    )
    .fetch_all(ex)
    .await
}

/// The ids of the register entries whose recipient has the kommunenummer, oldest first.
pub(crate) async fn entries_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    kommunenummer: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT p.id FROM projects p JOIN organisations o ON o.id = p.organisation_id
         WHERE o.kommunenummer = $1 ORDER BY p.start_year, p.id",
    )
    .bind(kommunenummer)
    .fetch_all(ex)
    .await
}

/// (kommunenummer, entries) of every municipality that is a recipient in the register.
pub(crate) async fn entry_counts<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.kommunenummer, CAST(COUNT(*) AS BIGINT) FROM projects p
         JOIN organisations o ON o.id = p.organisation_id
         WHERE o.kommunenummer IS NOT NULL AND o.kommunenummer <> ''
         GROUP BY o.kommunenummer",
    )
    .fetch_all(ex)
    .await
}

/// (kommunenummer, programme, participant, the region and organisation of its entry (or the
/// programme's region)) of every programme participant with a kommunenummer.
pub(crate) type ParticipationRow = (String, String, i64, String, Option<i64>);

pub(crate) async fn participations<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<ParticipationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.kommunenummer, t.programme_id, t.id, COALESCE(e.region, g.region),
            e.organisation_id
         FROM programme_participants t
         JOIN projects g ON g.id = t.programme_id
         LEFT JOIN projects e ON e.id = t.entry_id
         WHERE t.kommunenummer IS NOT NULL AND t.kommunenummer <> ''
         ORDER BY t.kommunenummer, t.programme_id, t.sort",
    )
    .fetch_all(ex)
    .await
}
