//! The learning networks' queries: each takes an executor and plain values, and gives rows or
//! plain values back.

use sqlx::{Any, Executor};

/// A network's row: id, name, kind, office, office name, programme id, programme title,
/// coordinator, mandate, about, meeting rhythm, start, end, source, husk note.
pub(crate) type NetworkRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
);

const NETWORK_COLUMNS: &str = "n.id, n.name, n.kind, n.office, r.name_nb, n.programme_id, p.title,
    n.coordinator, n.mandate, n.about, n.meeting_rhythm, n.start_date, n.end_date, n.source,
    n.husk_note
    FROM learning_networks n JOIN regions r ON r.code = n.office
    LEFT JOIN projects p ON p.id = n.programme_id";

/// Every network, by name.
pub(crate) async fn networks<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<NetworkRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {NETWORK_COLUMNS} ORDER BY n.name, n.id"))
        .fetch_all(ex)
        .await
}

/// One network.
pub(crate) async fn network<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<NetworkRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {NETWORK_COLUMNS} WHERE n.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// (network, theme) of every network, or of one (`Some(id)`).
pub(crate) async fn themes<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: Option<i64>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.network_id, t.theme FROM learning_network_themes t
         JOIN knowledge_themes k ON k.code = t.theme
         WHERE $1 IS NULL OR t.network_id = $1 ORDER BY t.network_id, k.sort",
    )
    .bind(network)
    .fetch_all(ex)
    .await
}

/// A member's row: id, network, kind, name, kommunenummer, orgnr, organisation id,
/// organisation name, learning agent, source, husk note.
pub(crate) type MemberRow = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
    String,
    String,
);

/// The members of every network, or of one.
pub(crate) async fn members<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: Option<i64>,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.network_id, m.kind, m.name, m.kommunenummer, m.orgnr, m.organisation_id,
                o.name, m.learning_agent, m.source, m.husk_note
         FROM learning_network_members m LEFT JOIN organisations o ON o.id = m.organisation_id
         WHERE $1 IS NULL OR m.network_id = $1 ORDER BY m.network_id, m.id",
    )
    .bind(network)
    .fetch_all(ex)
    .await
}

/// A meeting's row: id, network, date, place, topic, notes, source.
pub(crate) type MeetingRow = (i64, i64, String, String, String, String, String);

pub(crate) async fn meetings<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: Option<i64>,
) -> Result<Vec<MeetingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, network_id, meeting_date, place, topic, notes, source
         FROM learning_network_meetings WHERE $1 IS NULL OR network_id = $1
         ORDER BY network_id, meeting_date, id",
    )
    .bind(network)
    .fetch_all(ex)
    .await
}

/// An assignment's row: id, network, member, text, due meeting, due date, report text,
/// report date.
pub(crate) type AssignmentRow = (
    i64,
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
    String,
    Option<String>,
);

pub(crate) async fn assignments<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: Option<i64>,
) -> Result<Vec<AssignmentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, network_id, member_id, text, due_meeting_id, due_date, report_text, report_date
         FROM learning_network_assignments WHERE $1 IS NULL OR network_id = $1
         ORDER BY network_id, id",
    )
    .bind(network)
    .fetch_all(ex)
    .await
}

/// Whether a programme exists (a register entry with its programme facts).
pub(crate) async fn programme_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM programmes WHERE project_id = $1")
        .bind(id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// The programmes a network may belong to: (id, title).
pub(crate) async fn programmes<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.title FROM programmes g JOIN projects p ON p.id = g.project_id
         ORDER BY p.title",
    )
    .fetch_all(ex)
    .await
}

/// The id of the network with this name, if any.
pub(crate) async fn network_named<'e>(
    ex: impl Executor<'e, Database = Any>,
    name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM learning_networks WHERE name = $1")
        .bind(name)
        .fetch_optional(ex)
        .await
}

/// A network's columns for an insert or an update.
pub(crate) struct NetworkColumns<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub office: &'a str,
    pub programme_id: Option<&'a str>,
    pub coordinator: &'a str,
    pub mandate: &'a str,
    pub about: &'a str,
    pub meeting_rhythm: &'a str,
    pub start: Option<String>,
    pub end: Option<String>,
    pub source: &'a str,
    pub husk_note: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_network<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &NetworkColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO learning_networks (name, kind, office, programme_id, coordinator, mandate,
            about, meeting_rhythm, start_date, end_date, source, husk_note, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(c.name)
    .bind(c.kind)
    .bind(c.office)
    .bind(c.programme_id)
    .bind(c.coordinator)
    .bind(c.mandate)
    .bind(c.about)
    .bind(c.meeting_rhythm)
    .bind(c.start.as_deref())
    .bind(c.end.as_deref())
    .bind(c.source)
    .bind(c.husk_note)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

/// Updates what users edit of a network (its source and Husk's note stay).
pub(crate) async fn update_network<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    c: &NetworkColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE learning_networks SET name = $2, kind = $3, office = $4, programme_id = $5,
            coordinator = $6, mandate = $7, about = $8, meeting_rhythm = $9, start_date = $10,
            end_date = $11, updated_by = $12, updated_at = $13
         WHERE id = $1",
    )
    .bind(id)
    .bind(c.name)
    .bind(c.kind)
    .bind(c.office)
    .bind(c.programme_id)
    .bind(c.coordinator)
    .bind(c.mandate)
    .bind(c.about)
    .bind(c.meeting_rhythm)
    .bind(c.start.as_deref())
    .bind(c.end.as_deref())
    .bind(c.updated_by)
    .bind(c.now)
    .execute(ex)
    .await?
    .rows_affected())
}

pub(crate) async fn clear_themes<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM learning_network_themes WHERE network_id = $1")
        .bind(network)
        .execute(ex)
        .await?;
    Ok(())
}

pub(crate) async fn insert_theme<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    theme: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO learning_network_themes (network_id, theme) VALUES ($1, $2)")
        .bind(network)
        .bind(theme)
        .execute(ex)
        .await?;
    Ok(())
}

/// The register's organisation a member is: by organisation number; else a municipality by
/// its kommunenummer (a municipality's own organisation first: «Asker kommune» for Asker);
/// else by its exact name.
pub(crate) async fn organisation_for_member<'e>(
    ex: impl Executor<'e, Database = Any>,
    kind: &str,
    name: &str,
    kommunenummer: Option<&str>,
    orgnr: Option<&str>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM organisations
         WHERE ($3 IS NOT NULL AND orgnr = $3)
            OR ($1 = 'kommune' AND $2 IS NOT NULL AND kommunenummer = $2
                AND (recipient_type IS NULL OR recipient_type IN ('programkommune', 'annen-kommune')))
            OR name = $4
         ORDER BY CASE WHEN $3 IS NOT NULL AND orgnr = $3 THEN 0
                       WHEN name = $4 || ' kommune' THEN 1
                       WHEN name = $4 THEN 2 ELSE 3 END, id
         LIMIT 1",
    )
    .bind(kind)
    .bind(kommunenummer)
    .bind(orgnr)
    .bind(name)
    .fetch_optional(ex)
    .await
}

/// A member's columns for an insert or an update.
pub(crate) struct MemberColumns<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub kommunenummer: Option<&'a str>,
    pub orgnr: Option<&'a str>,
    pub organisation_id: Option<i64>,
    pub learning_agent: bool,
    pub source: &'a str,
    pub husk_note: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_member<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    c: &MemberColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO learning_network_members (network_id, kind, name, kommunenummer, orgnr,
            organisation_id, learning_agent, source, husk_note, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(network)
    .bind(c.kind)
    .bind(c.name)
    .bind(c.kommunenummer)
    .bind(c.orgnr)
    .bind(c.organisation_id)
    .bind(i64::from(c.learning_agent))
    .bind(c.source)
    .bind(c.husk_note)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

pub(crate) async fn update_member<'e>(
    ex: impl Executor<'e, Database = Any>,
    member: i64,
    c: &MemberColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE learning_network_members SET kind = $2, name = $3, kommunenummer = $4,
            orgnr = $5, organisation_id = $6, learning_agent = $7, updated_by = $8,
            updated_at = $9
         WHERE id = $1",
    )
    .bind(member)
    .bind(c.kind)
    .bind(c.name)
    .bind(c.kommunenummer)
    .bind(c.orgnr)
    .bind(c.organisation_id)
    .bind(i64::from(c.learning_agent))
    .bind(c.updated_by)
    .bind(c.now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Whether another member of the network has this name.
pub(crate) async fn member_name_taken<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    name: &str,
    except: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM learning_network_members
         WHERE network_id = $1 AND name = $2 AND ($3 IS NULL OR id <> $3)",
    )
    .bind(network)
    .bind(name)
    .bind(except)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// A meeting's columns.
pub(crate) struct MeetingColumns<'a> {
    pub date: &'a str,
    pub place: &'a str,
    pub topic: &'a str,
    pub notes: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_meeting<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    c: &MeetingColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO learning_network_meetings (network_id, meeting_date, place, topic, notes,
            updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(network)
    .bind(c.date)
    .bind(c.place)
    .bind(c.topic)
    .bind(c.notes)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

pub(crate) async fn update_meeting<'e>(
    ex: impl Executor<'e, Database = Any>,
    meeting: i64,
    c: &MeetingColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE learning_network_meetings SET meeting_date = $2, place = $3, topic = $4,
            notes = $5, updated_by = $6, updated_at = $7
         WHERE id = $1",
    )
    .bind(meeting)
    .bind(c.date)
    .bind(c.place)
    .bind(c.topic)
    .bind(c.notes)
    .bind(c.updated_by)
    .bind(c.now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// An assignment's columns.
pub(crate) struct AssignmentColumns<'a> {
    pub member: i64,
    pub text: &'a str,
    pub due_meeting: Option<i64>,
    pub due_date: Option<String>,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_assignment<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    c: &AssignmentColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO learning_network_assignments (network_id, member_id, text, due_meeting_id,
            due_date, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(network)
    .bind(c.member)
    .bind(c.text)
    .bind(c.due_meeting)
    .bind(c.due_date.as_deref())
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

pub(crate) async fn update_assignment<'e>(
    ex: impl Executor<'e, Database = Any>,
    assignment: i64,
    c: &AssignmentColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE learning_network_assignments SET member_id = $2, text = $3,
            due_meeting_id = $4, due_date = $5, updated_by = $6, updated_at = $7
         WHERE id = $1",
    )
    .bind(assignment)
    .bind(c.member)
    .bind(c.text)
    .bind(c.due_meeting)
    .bind(c.due_date.as_deref())
    .bind(c.updated_by)
    .bind(c.now)
    .execute(ex)
    .await?
    .rows_affected())
}

pub(crate) async fn report_back<'e>(
    ex: impl Executor<'e, Database = Any>,
    assignment: i64,
    text: &str,
    date: &str,
    by: Option<i64>,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE learning_network_assignments SET report_text = $2, report_date = $3,
            reported_by = $4, updated_by = $4, updated_at = $5
         WHERE id = $1",
    )
    .bind(assignment)
    .bind(text)
    .bind(date)
    .bind(by)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// A theme-of-the-month row: id, office, month, adviser, theme code, theme text, held on,
/// shared, source.
pub(crate) type ThemeRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
);

/// An office's rotation, by month (or every office's with `None`).
pub(crate) async fn themes_of_month<'e>(
    ex: impl Executor<'e, Database = Any>,
    office: Option<&str>,
) -> Result<Vec<ThemeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, office, month, adviser, theme_code, theme_text, held_on, shared, source
         FROM learning_themes_of_month WHERE $1 IS NULL OR office = $1 ORDER BY office, month",
    )
    .bind(office)
    .fetch_all(ex)
    .await
}

/// Whether another entry of the office has this month.
pub(crate) async fn month_taken<'e>(
    ex: impl Executor<'e, Database = Any>,
    office: &str,
    month: &str,
    except: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM learning_themes_of_month
         WHERE office = $1 AND month = $2 AND ($3 IS NULL OR id <> $3)",
    )
    .bind(office)
    .bind(month)
    .bind(except)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// A theme-of-the-month entry's columns.
pub(crate) struct ThemeColumns<'a> {
    pub month: &'a str,
    pub adviser: &'a str,
    pub theme_code: Option<&'a str>,
    pub theme_text: &'a str,
    pub held_on: Option<String>,
    pub shared: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_theme_of_month<'e>(
    ex: impl Executor<'e, Database = Any>,
    office: &str,
    c: &ThemeColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO learning_themes_of_month (office, month, adviser, theme_code, theme_text,
            held_on, shared, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(office)
    .bind(c.month)
    .bind(c.adviser)
    .bind(c.theme_code)
    .bind(c.theme_text)
    .bind(c.held_on.as_deref())
    .bind(c.shared)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

pub(crate) async fn update_theme_of_month<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    office: &str,
    c: &ThemeColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE learning_themes_of_month SET month = $3, adviser = $4, theme_code = $5,
            theme_text = $6, held_on = $7, shared = $8, updated_by = $9, updated_at = $10
         WHERE id = $1 AND office = $2",
    )
    .bind(id)
    .bind(office)
    .bind(c.month)
    .bind(c.adviser)
    .bind(c.theme_code)
    .bind(c.theme_text)
    .bind(c.held_on.as_deref())
    .bind(c.shared)
    .bind(c.updated_by)
    .bind(c.now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// The name of a member of `network`, if it is one.
pub(crate) async fn member_name<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    member: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT name FROM learning_network_members WHERE id = $1 AND network_id = $2",
    )
    .bind(member)
    .bind(network)
    .fetch_optional(ex)
    .await
}

/// How many assignments a member took on.
pub(crate) async fn assignments_of_member<'e>(
    ex: impl Executor<'e, Database = Any>,
    member: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM learning_network_assignments WHERE member_id = $1",
    )
    .bind(member)
    .fetch_one(ex)
    .await
}

pub(crate) async fn delete_member<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    member: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM learning_network_members WHERE id = $1 AND network_id = $2")
            .bind(member)
            .bind(network)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// Whether `meeting` is a meeting of `network`.
pub(crate) async fn meeting_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    meeting: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM learning_network_meetings
         WHERE id = $1 AND network_id = $2",
    )
    .bind(meeting)
    .bind(network)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// How many assignments are due at a meeting.
pub(crate) async fn assignments_due_at<'e>(
    ex: impl Executor<'e, Database = Any>,
    meeting: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM learning_network_assignments WHERE due_meeting_id = $1",
    )
    .bind(meeting)
    .fetch_one(ex)
    .await
}

pub(crate) async fn delete_meeting<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    meeting: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM learning_network_meetings WHERE id = $1 AND network_id = $2")
            .bind(meeting)
            .bind(network)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

pub(crate) async fn delete_assignment<'e>(
    ex: impl Executor<'e, Database = Any>,
    network: i64,
    assignment: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM learning_network_assignments WHERE id = $1 AND network_id = $2")
            .bind(assignment)
            .bind(network)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

pub(crate) async fn delete_theme_of_month<'e>(
    ex: impl Executor<'e, Database = Any>,
    office: &str,
    id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM learning_themes_of_month WHERE id = $1 AND office = $2")
            .bind(id)
            .bind(office)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}
