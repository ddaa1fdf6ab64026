//! Remembered import mappings: for each layout of header row an import has
//! seen (`import_layouts`, found by a signature the import computes from
//! the header names), the field each column was read into, or that it was
//! left out (`import_mappings`). HR imports the same system's export every
//! month; a mapping given once is then found again for the next file.

use crate::db::sql::{Connection, OptionalExtension, params};
use anyhow::{Context as _, Result};

use crate::domain::Field;

/// One remembered layout and its mappings, in the order of its header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remembered {
    pub id: i64,
    /// The header row, as it was when the mapping was last remembered.
    pub headers: Vec<String>,
    /// Header → field; `None` is a column left out.
    pub mappings: Vec<(String, Option<Field>)>,
    pub created_at: String,
    pub used_at: String,
}

/// The layout remembered for a header row with this signature, if any.
pub fn find(conn: &Connection, signature: &str) -> Result<Option<Remembered>> {
    let layout = conn
        .prepare_cached(
            "SELECT id, headers, created_at, used_at FROM import_layouts WHERE signature = ?",
        )?
        .query_row([signature], layout_from_row)
        .optional()?;
    layout.map(|layout| with_mappings(conn, layout)).transpose()
}

/// Remembers `mappings` for the header row with this signature and returns
/// the layout's id. A layout seen before keeps its other mappings; for a
/// header mapped again, the new mapping replaces the old one. The header
/// row shown is the one given now.
pub fn remember(
    conn: &Connection,
    signature: &str,
    headers: &[String],
    mappings: &[(String, Option<Field>)],
) -> Result<i64> {
    let now = super::now();
    // A TAB inside a header name would split it in two when shown.
    let shown: Vec<String> = headers.iter().map(|h| h.replace('\t', " ")).collect();
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO import_layouts (signature, headers, created_at, used_at)
             VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT (signature) DO UPDATE SET headers = excluded.headers,
                                                   used_at = excluded.used_at
             RETURNING id",
        )?
        .query_row(params![signature, shown.join("\t"), now], |r| r.get(0))?;
    let mut upsert = conn.prepare_cached(
        "INSERT INTO import_mappings (layout_id, header, field) VALUES (?1, ?2, ?3)
         ON CONFLICT (layout_id, header) DO UPDATE SET field = excluded.field",
    )?;
    for (header, field) in mappings {
        upsert.execute(params![id, header, field.map(Field::column)])?;
    }
    Ok(id)
}

/// Marks a layout as used now.
pub fn touch(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE import_layouts SET used_at = ?1 WHERE id = ?2")?
        .execute(params![super::now(), id])?;
    Ok(())
}

/// Every remembered layout, oldest first.
pub fn all(conn: &Connection) -> Result<Vec<Remembered>> {
    let layouts = conn
        .prepare("SELECT id, headers, created_at, used_at FROM import_layouts ORDER BY id")?
        .query_map([], layout_from_row)?
        .collect::<crate::db::sql::Result<Vec<_>>>()?;
    layouts
        .into_iter()
        .map(|layout| with_mappings(conn, layout))
        .collect()
}

/// Forgets a layout and its mappings; `false` when there was no such layout.
pub fn forget(conn: &Connection, id: i64) -> Result<bool> {
    // Deleted explicitly as well as by the cascade, so that a connection
    // opened without foreign keys leaves no orphans either.
    conn.prepare_cached("DELETE FROM import_mappings WHERE layout_id = ?")?
        .execute([id])?;
    let removed = conn
        .prepare_cached("DELETE FROM import_layouts WHERE id = ?")?
        .execute([id])?;
    Ok(removed > 0)
}

fn layout_from_row(row: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Remembered> {
    let headers: String = row.get(1)?;
    Ok(Remembered {
        id: row.get(0)?,
        headers: headers.split('\t').map(str::to_string).collect(),
        mappings: Vec::new(),
        created_at: row.get(2)?,
        used_at: row.get(3)?,
    })
}

/// Reads a layout's mappings, in the order of its header row; a mapping of
/// a header no longer in the row comes after, by name.
fn with_mappings(conn: &Connection, mut layout: Remembered) -> Result<Remembered> {
    let rows = conn
        .prepare_cached("SELECT header, field FROM import_mappings WHERE layout_id = ?")?
        .query_map([layout.id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?
        .collect::<crate::db::sql::Result<Vec<_>>>()?;
    let mut mappings = rows
        .into_iter()
        .map(|(header, field)| {
            let field = field
                .map(|f| f.parse::<Field>())
                .transpose()
                .map_err(anyhow::Error::msg)
                .with_context(|| {
                    format!(
                        "the remembered mapping #{} of column {header:?} names no field",
                        layout.id
                    )
                })?;
            Ok((header, field))
        })
        .collect::<Result<Vec<_>>>()?;
    let position = |header: &str| {
        layout
            .headers
            .iter()
            .position(|h| h == header)
            .unwrap_or(usize::MAX)
    };
    mappings.sort_by(|(a, _), (b, _)| position(a).cmp(&position(b)).then_with(|| a.cmp(b)));
    layout.mappings = mappings;
    Ok(layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::open(&dir.path().join("m.db")).unwrap();
        (dir, conn)
    }

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn mapping(header: &str, field: Option<Field>) -> (String, Option<Field>) {
        (header.to_string(), field)
    }

    #[test]
    fn nothing_is_found_for_a_layout_never_remembered() {
        let (_dir, conn) = db();
        assert_eq!(find(&conn, "abc").unwrap(), None);
        assert!(all(&conn).unwrap().is_empty());
    }

    #[test]
    fn a_remembered_mapping_is_found_by_its_signature_in_header_order() {
        let (_dir, conn) = db();
        let headers = strings(&["人事コード", "氏名", "社内メモ"]);
        let id = remember(
            &conn,
            "sig-1",
            &headers,
            &[
                mapping("社内メモ", None),
                mapping("人事コード", Some(Field::EmployeeId)),
            ],
        )
        .unwrap();
        let found = find(&conn, "sig-1").unwrap().unwrap();
        assert_eq!(found.id, id);
        assert_eq!(found.headers, headers);
        assert_eq!(
            found.mappings,
            [
                mapping("人事コード", Some(Field::EmployeeId)),
                mapping("社内メモ", None),
            ]
        );
        assert_eq!(found.created_at, found.used_at);
        assert_eq!(find(&conn, "sig-2").unwrap(), None);
        // The field is stored as its column name.
        let stored: String = conn
            .query_row(
                "SELECT field FROM import_mappings WHERE header = '人事コード'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, "employee_id");
    }

    #[test]
    fn remembering_again_keeps_the_layout_and_new_mappings_win() {
        let (_dir, conn) = db();
        let headers = strings(&["人事コード", "区分", "社内メモ"]);
        let first = remember(
            &conn,
            "sig",
            &headers,
            &[
                mapping("人事コード", Some(Field::EmployeeId)),
                mapping("区分", Some(Field::EmploymentType)),
            ],
        )
        .unwrap();
        let again = remember(
            &conn,
            "sig",
            &headers,
            &[
                mapping("区分", Some(Field::LeaveType)),
                mapping("社内メモ", None),
            ],
        )
        .unwrap();
        assert_eq!(first, again);
        let found = find(&conn, "sig").unwrap().unwrap();
        assert_eq!(
            found.mappings,
            [
                mapping("人事コード", Some(Field::EmployeeId)),
                mapping("区分", Some(Field::LeaveType)),
                mapping("社内メモ", None),
            ]
        );
        assert_eq!(all(&conn).unwrap().len(), 1);
    }

    #[test]
    fn touch_moves_the_time_of_last_use_only() {
        let (_dir, conn) = db();
        let id = remember(&conn, "sig", &strings(&["a"]), &[mapping("a", None)]).unwrap();
        conn.execute(
            "UPDATE import_layouts SET created_at = '2020-01-01T00:00:00Z',
                                       used_at = '2020-01-01T00:00:00Z'",
            [],
        )
        .unwrap();
        touch(&conn, id).unwrap();
        let found = find(&conn, "sig").unwrap().unwrap();
        assert_eq!(found.created_at, "2020-01-01T00:00:00Z");
        assert!(found.used_at > found.created_at, "{}", found.used_at);
    }

    #[test]
    fn forget_removes_a_layout_and_its_mappings_and_says_when_there_was_none() {
        let (_dir, conn) = db();
        let kept = remember(
            &conn,
            "kept",
            &strings(&["x"]),
            &[mapping("x", Some(Field::Name))],
        )
        .unwrap();
        let gone = remember(
            &conn,
            "gone",
            &strings(&["y", "z"]),
            &[mapping("y", Some(Field::Email)), mapping("z", None)],
        )
        .unwrap();
        assert!(forget(&conn, gone).unwrap());
        assert!(!forget(&conn, gone).unwrap());
        assert!(!forget(&conn, 999).unwrap());
        assert_eq!(find(&conn, "gone").unwrap(), None);
        let left: Vec<i64> = all(&conn).unwrap().iter().map(|r| r.id).collect();
        assert_eq!(left, [kept]);
        let orphans: i64 = conn
            .query_row(
                "SELECT count(*) FROM import_mappings WHERE layout_id = ?",
                [gone],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0);
    }

    #[test]
    fn a_stored_field_this_program_does_not_know_is_an_error_naming_the_column() {
        let (_dir, conn) = db();
        let id = remember(&conn, "sig", &strings(&["趣味"]), &[]).unwrap();
        conn.execute(
            "INSERT INTO import_mappings (layout_id, header, field) VALUES (?, '趣味', 'hobby')",
            [id],
        )
        .unwrap();
        let err = find(&conn, "sig").unwrap_err();
        assert!(format!("{err:#}").contains("趣味"), "{err:#}");
    }
}
