//! Reading and writing the `alumni` table.

use std::sync::LazyLock;

use crate::db::sql::types::Array;
use crate::db::sql::{Backend, Connection, OptionalExtension, Row, ToSql, params_from_iter};
use anyhow::Result;
use rusqlite::functions::FunctionFlags;

use crate::domain::fold;
use crate::domain::normalize::katakana;
use crate::domain::{
    Alumnus, Consent, EmploymentType, Field, FieldValues, LeaveType, RehireSource,
};
use crate::error::Failure;

/// `id, employee_id, …, notes, rehire_source, consent, …`: the columns
/// [`from_row`] reads, in its order.
pub static SELECT: LazyLock<String> = LazyLock::new(|| {
    let fields: Vec<&str> = Field::ALL.iter().map(|f| f.column()).collect();
    format!(
        "SELECT id, {}, rehire_source, consent, consent_date, consent_purpose, \
         manual_fields, erased_at, created_at, updated_at FROM alumni",
        fields.join(", ")
    )
});

/// `INSERT INTO alumni (…fields, rehire_source, manual_fields, created_at, updated_at)`.
pub static INSERT: LazyLock<String> = LazyLock::new(|| {
    let fields: Vec<&str> = Field::ALL.iter().map(|f| f.column()).collect();
    let marks = vec!["?"; Field::COUNT + 4].join(", ");
    format!(
        "INSERT INTO alumni ({}, rehire_source, manual_fields, created_at, updated_at) VALUES ({marks})",
        fields.join(", ")
    )
});

/// `id`, then the columns of [`INSERT`]: what an import writes of each
/// new alumnus, with the id it was given.
pub static INSERT_COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut columns = vec!["id"];
    columns.extend(Field::ALL.iter().map(|f| f.column()));
    columns.extend(["rehire_source", "manual_fields", "created_at", "updated_at"]);
    columns
});

/// `UPDATE alumni SET …fields, rehire_source, manual_fields, updated_at WHERE id`.
pub static UPDATE: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = Field::ALL
        .iter()
        .map(|f| format!("{} = ?", f.column()))
        .collect();
    format!(
        "UPDATE alumni SET {}, rehire_source = ?, manual_fields = ?, updated_at = ? WHERE id = ?",
        sets.join(", ")
    )
});

/// Reads a row selected with [`SELECT`].
pub fn from_row(row: &Row<'_>) -> crate::db::sql::Result<Alumnus> {
    let mut values: FieldValues = Default::default();
    for (i, value) in values.iter_mut().enumerate() {
        *value = row.get(i + 1)?;
    }
    let n = Field::COUNT + 1;
    Ok(Alumnus {
        id: row.get(0)?,
        values,
        rehire_source: row.get(n)?,
        consent: row.get(n + 1)?,
        consent_date: row.get(n + 2)?,
        consent_purpose: row.get(n + 3)?,
        manual_fields: row.get(n + 4)?,
        erased_at: row.get(n + 5)?,
        created_at: row.get(n + 6)?,
        updated_at: row.get(n + 7)?,
    })
}

/// The parameters of [`INSERT`]: the fields, then the bookkeeping.
// `now` is a `&String` because that coerces to `&dyn ToSql`; `&str` cannot.
#[allow(clippy::ptr_arg)]
pub fn insert_params<'a>(
    values: &'a FieldValues,
    rehire_source: &'a Option<RehireSource>,
    manual_fields: &'a i64,
    now: &'a String,
) -> impl Iterator<Item = &'a dyn ToSql> {
    field_params(values).chain([
        rehire_source as &dyn ToSql,
        manual_fields as &dyn ToSql,
        now as &dyn ToSql,
        now as &dyn ToSql,
    ])
}

/// The parameters of [`UPDATE`].
#[allow(clippy::ptr_arg)]
pub fn update_params<'a>(
    values: &'a FieldValues,
    rehire_source: &'a Option<RehireSource>,
    manual_fields: &'a i64,
    now: &'a String,
    id: &'a i64,
) -> impl Iterator<Item = &'a dyn ToSql> {
    field_params(values).chain([
        rehire_source as &dyn ToSql,
        manual_fields as &dyn ToSql,
        now as &dyn ToSql,
        id as &dyn ToSql,
    ])
}

/// The field values, with an absent eligibility stored as `unknown`.
fn field_params(values: &FieldValues) -> impl Iterator<Item = &dyn ToSql> {
    values.iter().zip(Field::ALL).map(|(value, field)| {
        if field == Field::RehireEligible && value.is_none() {
            &"unknown" as &dyn ToSql
        } else {
            value as &dyn ToSql
        }
    })
}

/// Inserts a new alumnus and returns its id.
pub fn insert(
    conn: &Connection,
    values: &FieldValues,
    rehire_source: Option<RehireSource>,
    manual_fields: i64,
) -> Result<i64> {
    let now = super::now();
    conn.prepare_cached(&INSERT)?
        .execute(params_from_iter(insert_params(
            values,
            &rehire_source,
            &manual_fields,
            &now,
        )))?;
    Ok(conn.last_insert_rowid())
}

/// Writes back an alumnus's fields and bookkeeping.
pub fn update(conn: &Connection, alumnus: &Alumnus) -> Result<()> {
    let now = super::now();
    conn.prepare_cached(&UPDATE)?
        .execute(params_from_iter(update_params(
            &alumnus.values,
            &alumnus.rehire_source,
            &alumnus.manual_fields,
            &now,
            &alumnus.id,
        )))?;
    Ok(())
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Alumnus>> {
    let sql = format!("{} WHERE id = ?", *SELECT);
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

pub fn by_field(conn: &Connection, field: Field, value: &str) -> Result<Option<Alumnus>> {
    let sql = format!("{} WHERE {} = ?", *SELECT, field.column());
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([value], from_row)
        .optional()?)
}

/// Finds the alumnus a person named on the command line: `#12` or `id:12`
/// is the internal id; text with `@` an email; otherwise an employee ID,
/// and failing that, a number without leading zeros (as `list` shows in
/// its `#` column) is taken as the internal id.
pub fn find(conn: &Connection, reference: &str) -> Result<Alumnus> {
    let reference = reference.trim();
    let internal = reference
        .strip_prefix('#')
        .or_else(|| reference.strip_prefix("id:"))
        .and_then(|n| n.parse::<i64>().ok());
    let found = if let Some(id) = internal {
        by_id(conn, id)?
    } else if reference.contains('@') || reference.contains('＠') {
        match crate::domain::normalize::email(reference) {
            Ok(Some(email)) => match by_field(conn, Field::Email, &email)? {
                Some(a) => Some(a),
                None => match super::merges::owner_of_email(conn, &email)? {
                    Some(id) => by_id(conn, id)?,
                    None => None,
                },
            },
            _ => None,
        }
    } else {
        let key = crate::domain::normalize::key(reference).unwrap_or_default();
        match by_field(conn, Field::EmployeeId, &key)? {
            Some(a) => Some(a),
            // An employee ID merged into another record names that one.
            None => match super::merges::owner_of_alias(conn, &key)? {
                Some(id) => by_id(conn, id)?,
                None => match key.parse::<i64>() {
                    Ok(id) if !key.starts_with('0') => by_id(conn, id)?,
                    _ => None,
                },
            },
        }
    };
    found.ok_or_else(|| {
        Failure::NotFound(crate::i18n::tr!(
            "no-alumnus",
            reference = format!("{reference:?}")
        ))
        .into()
    })
}

/// The alumnus named, as [`find`] finds them, unless their personal data
/// was erased on request: nothing more is recorded about an erased person.
pub fn living(conn: &Connection, reference: &str) -> Result<Alumnus> {
    let alumnus = find(conn, reference)?;
    if let Some(when) = alumnus.erased_on() {
        return Err(Failure::BadData(format!(
            "#{} was erased on request on {when}; nothing more is recorded about them",
            alumnus.id
        ))
        .into());
    }
    Ok(alumnus)
}

/// Which alumni a listing shows. As JSON (a campaign's segment), the
/// filters with their stored values.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Filter {
    pub department: Option<String>,
    pub left_in: Option<i32>,
    pub rehire: Option<String>,
    pub tag: Option<String>,
    pub consent: Option<Consent>,
    pub employment_type: Option<EmploymentType>,
    pub leave_type: Option<LeaveType>,
    /// A company, folded as `domain::career::fold_company` folds, found
    /// within the folded current company or, unless `current_only`, any
    /// company of the career history.
    pub company: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub current_only: bool,
    /// Free text matched against names, readings, email, IDs, departments,
    /// companies and notes.
    pub text: Option<String>,
    pub limit: Option<u64>,
}

/// Calls `each` for every alumnus the filter lets through, in id order,
/// without holding the whole list in memory.
pub fn for_each(
    conn: &Connection,
    filter: &Filter,
    mut each: impl FnMut(Alumnus) -> Result<()>,
) -> Result<()> {
    let mut clauses: Vec<String> = vec!["erased_at IS NULL".into()];
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    // Binds a value and returns its placeholder, `?N`.
    let mut bind = |value: Box<dyn ToSql>| {
        params.push(value);
        format!("?{}", params.len())
    };
    let text = |value: &str| -> Box<dyn ToSql> { Box::new(value.to_string()) };
    if let Some(department) = &filter.department {
        clauses.push(format!("department = {}", bind(text(department))));
    }
    if let Some(year) = filter.left_in {
        let from = bind(text(&format!("{year:04}-01-01")));
        let to = bind(text(&format!("{:04}-01-01", year + 1)));
        clauses.push(format!("leave_date >= {from} AND leave_date < {to}"));
    }
    if let Some(rehire) = &filter.rehire {
        clauses.push(format!("rehire_eligible = {}", bind(text(rehire))));
    }
    if let Some(consent) = &filter.consent {
        clauses.push(format!("consent = {}", bind(text(&consent.to_string()))));
    }
    if let Some(employment_type) = filter.employment_type {
        clauses.push(format!(
            "employment_type = {}",
            bind(text(&employment_type.to_string()))
        ));
    }
    if let Some(leave_type) = filter.leave_type {
        clauses.push(format!(
            "leave_type = {}",
            bind(text(&leave_type.to_string()))
        ));
    }
    if let Some(tag) = &filter.tag {
        let tag = bind(text(tag));
        let list = "',' || tags || ','";
        let wanted = format!("',' || {tag} || ','");
        clauses.push(match conn.backend() {
            Backend::Sqlite => format!("instr({list}, {wanted}) > 0"),
            Backend::Postgres => format!("strpos({list}, {wanted}) > 0"),
        });
    }
    if let Some(company) = &filter.company {
        let folded = crate::domain::career::fold_company(company);
        clauses.push(match conn.backend() {
            Backend::Sqlite => {
                super::career::company_clause(&bind(text(&folded)), filter.current_only)
            }
            // No SQL function folds there: the ids are found in Rust.
            Backend::Postgres => {
                let ids = super::career::ids_at_company(conn, &folded, filter.current_only)?;
                id_in(conn, &bind(Box::new(ids)))
            }
        });
    }
    if let Some(query) = &filter.text {
        // SQLite's LIKE ignores the case of ASCII letters, and only theirs:
        // the pattern is in lower case, and PostgreSQL compares it with the
        // text with its ASCII letters lowered (`lower` in the C locale).
        let like = |column: &str, pattern: &str| match conn.backend() {
            Backend::Sqlite => format!("{column} LIKE {pattern} ESCAPE '\\'"),
            Backend::Postgres => {
                format!("lower({column} COLLATE \"C\") LIKE {pattern} ESCAPE '\\'")
            }
        };
        let pattern = |value: &str| text(&format!("%{}%", escape_like(value)).to_ascii_lowercase());
        let plain = bind(pattern(query));
        let kana = bind(pattern(&katakana(query)));
        let mut any: Vec<String> = SEARCHED.iter().map(|column| like(column, &plain)).collect();
        any.push(like("name_kana", &kana));
        // "山田太郎" finds "山田 太郎": names are stored with a space.
        any.push(like("replace(name, ' ', '')", &plain));
        any.push(like("replace(name_kana, ' ', '')", &kana));
        // A person's further emails and phones, and merged-away employee IDs.
        any.push(format!(
            "EXISTS (SELECT 1 FROM alumnus_contacts o WHERE o.alumnus_id = alumni.id \
             AND {}) \
             OR EXISTS (SELECT 1 FROM aliases s WHERE s.alumnus_id = alumni.id \
             AND {})",
            like("o.value", &plain),
            like("s.employee_id", &plain)
        ));
        // Variant kanji, kana and romaji: on SQLite folded per row by SQL
        // functions (see `register_folding`), after the plain tests have
        // had their go; on PostgreSQL the ids are found in Rust first.
        let folding = Folding::new(query);
        match conn.backend() {
            Backend::Sqlite => {
                let folded = bind(text(&format!("%{}%", escape_like(&folding.folded))));
                any.push(format!("alumni_fold(name) LIKE {folded} ESCAPE '\\'"));
                any.push(format!("alumni_fold(name_kana) LIKE {folded} ESCAPE '\\'"));
                for spelling in &folding.spellings {
                    let romaji = bind(text(spelling));
                    any.push(format!("alumni_romaji_matches(name_kana, {romaji})"));
                }
            }
            Backend::Postgres => {
                let ids = folding.matching_ids(conn)?;
                any.push(id_in(conn, &bind(Box::new(ids))));
            }
        }
        clauses.push(format!("({})", any.join(" OR ")));
    }
    let mut sql = format!("{} WHERE {} ORDER BY id", *SELECT, clauses.join(" AND "));
    if let Some(limit) = filter.limit {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter().map(|p| p.as_ref())))?;
    while let Some(row) = rows.next()? {
        each(from_row(&row)?)?;
    }
    Ok(())
}

/// The SQL condition that a row's `id` is in the list of ids bound at
/// `placeholder` (an [`Array`]).
fn id_in(conn: &Connection, placeholder: &str) -> String {
    match conn.backend() {
        Backend::Sqlite => format!("id IN (SELECT value FROM rarray({placeholder}))"),
        Backend::Postgres => format!("id = ANY(CAST({placeholder} AS BIGINT[]))"),
    }
}

/// What the free-text search looks for in folded names and readings: the
/// text folded as [`fold::text`] folds it, and for romaji the spellings
/// [`fold::romaji_matches`] compares readings with.
struct Folding {
    folded: String,
    spellings: Vec<String>,
}

impl Folding {
    fn new(query: &str) -> Folding {
        let mut spellings = Vec::new();
        if fold::is_romaji(query) {
            let words: Vec<&str> = query.split_whitespace().collect();
            spellings.push(fold::romaji_words(query));
            // "Ichiro Takahashi": given name first, as on a passport.
            if words.len() == 2 {
                spellings.push(fold::romaji_words(&format!("{} {}", words[1], words[0])));
            }
            spellings.retain(|s| !s.is_empty());
        }
        Folding {
            folded: fold::text(query),
            spellings,
        }
    }

    /// Whether a name or reading, folded, holds the folded text, or a
    /// reading matches the romaji: what `alumni_fold(…) LIKE` and
    /// `alumni_romaji_matches` find on SQLite.
    fn matches(&self, name: Option<&str>, reading: Option<&str>) -> bool {
        let holds =
            |value: Option<&str>| value.is_some_and(|v| fold::text(v).contains(&self.folded));
        holds(name)
            || holds(reading)
            || reading.is_some_and(|reading| {
                self.spellings
                    .iter()
                    .any(|spelling| fold::romaji_matches(reading, spelling))
            })
    }

    /// The alumni, not erased, whose name or reading matches.
    fn matching_ids(&self, conn: &Connection) -> Result<Array> {
        let mut stmt = conn.prepare(
            "SELECT id, name, name_kana FROM alumni WHERE erased_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut ids = Vec::new();
        while let Some(row) = rows.next()? {
            let name: Option<String> = row.get(1)?;
            let reading: Option<String> = row.get(2)?;
            if self.matches(name.as_deref(), reading.as_deref()) {
                ids.push(row.get(0)?);
            }
        }
        Ok(Array::new(ids))
    }
}

/// Registers `alumni_fold(text)`, the folding of [`fold::text`], and
/// `alumni_romaji_matches(reading, query)`, [`fold::romaji_matches`], on
/// this connection, for the search to fold each row as it streams by.
pub(crate) fn register_folding(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("alumni_fold", 1, flags, |ctx| {
        Ok(ctx
            .get::<Option<String>>(0)?
            .map(|value| fold::text(&value)))
    })?;
    conn.create_scalar_function("alumni_romaji_matches", 2, flags, |ctx| {
        let reading = ctx.get::<Option<String>>(0)?;
        let query = ctx.get::<String>(1)?;
        Ok(reading.is_some_and(|reading| fold::romaji_matches(&reading, &query)))
    })?;
    Ok(())
}

/// The columns a free-text search looks in.
const SEARCHED: [&str; 9] = [
    "name",
    "name_kana",
    "email",
    "employee_id",
    "department",
    "job_title",
    "current_company",
    "notes",
    "tags",
];

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
