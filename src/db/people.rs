//! Finding records that are likely one person, and joining two records of
//! one person with everything that hangs off them.

use anyhow::Result;
use rusqlite::{Connection, params};

use crate::domain::{Alumnus, Field};
use crate::domain::{Consent, RehireSource};

/// Two records that may be one person, and why they look alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LikelyPair {
    pub first: i64,
    pub second: i64,
    pub reason: String,
}

/// Likely duplicates: the same phone number (digits only), or the same name
/// and reading whose employment dates overlap or are unknown. (Two records
/// cannot share an email: it is unique.)
pub fn likely_duplicates(conn: &Connection) -> Result<Vec<LikelyPair>> {
    let mut pairs = Vec::new();
    // Grouping first keeps this one pass over the table, not a self-join.
    let mut by_phone = conn.prepare(
        "SELECT group_concat(id) FROM (
             SELECT id, replace(replace(replace(replace(phone, '-', ''), ' ', ''), '(', ''), ')', '') AS digits
             FROM alumni WHERE erased_at IS NULL AND phone IS NOT NULL ORDER BY id)
         GROUP BY digits HAVING count(*) > 1",
    )?;
    for ids in by_phone.query_map([], |r| r.get::<_, String>(0))? {
        for (first, second) in each_pair(&ids?) {
            pairs.push(LikelyPair {
                first,
                second,
                reason: "same phone".into(),
            });
        }
    }
    let mut by_name = conn.prepare(
        "SELECT group_concat(id) FROM (
             SELECT id, name, name_kana FROM alumni
             WHERE erased_at IS NULL AND name IS NOT NULL AND name_kana IS NOT NULL ORDER BY id)
         GROUP BY name, name_kana HAVING count(*) > 1",
    )?;
    let mut dates = conn.prepare("SELECT hire_date, leave_date FROM alumni WHERE id = ?")?;
    for ids in by_name.query_map([], |r| r.get::<_, String>(0))? {
        for (first, second) in each_pair(&ids?) {
            let mut span = |id: i64| -> rusqlite::Result<(Option<String>, Option<String>)> {
                dates.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            };
            let (a, b) = (span(first)?, span(second)?);
            if overlap(&a, &b) && !pairs.iter().any(|p| p.first == first && p.second == second) {
                pairs.push(LikelyPair {
                    first,
                    second,
                    reason: "same name and reading, overlapping dates".into(),
                });
            }
        }
    }
    pairs.sort_by_key(|p| (p.first, p.second));
    Ok(pairs)
}

fn each_pair(ids: &str) -> Vec<(i64, i64)> {
    let ids: Vec<i64> = ids.split(',').filter_map(|i| i.parse().ok()).collect();
    let mut pairs = Vec::new();
    for (i, first) in ids.iter().enumerate() {
        for second in &ids[i + 1..] {
            pairs.push((*first, *second));
        }
    }
    pairs
}

/// Whether two employment spans (hire, leave) may be the same one: they
/// overlap, or a date is missing so nothing rules it out.
fn overlap(a: &(Option<String>, Option<String>), b: &(Option<String>, Option<String>)) -> bool {
    match (a, b) {
        ((Some(a_start), Some(a_end)), (Some(b_start), Some(b_end))) => {
            a_start <= b_end && b_start <= a_end
        }
        _ => true,
    }
}

/// What a merge moved from the other record to the kept one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Moved {
    pub fields: Vec<Field>,
    pub contacts: usize,
    pub applications: usize,
    pub referrals: usize,
    pub attendance: usize,
    pub partners: usize,
}

/// Joins `other` into `keep`: empty fields of `keep` are filled from
/// `other`, notes appended and tags joined; every contact, application,
/// referral, attendance and partner row of `other` moves to `keep`; then
/// `other` is deleted. Consent takes the stricter of the two: anyone who
/// opted out stays opted out. Call inside a transaction.
pub fn merge(conn: &Connection, keep: &Alumnus, other: &Alumnus) -> Result<(Alumnus, Moved)> {
    let (merged, moved) = merged(keep, other);
    let mut moved = moved;
    write_merge(conn, keep, other, &merged, &mut moved)?;
    Ok((merged, moved))
}

/// The record a merge of `other` into `keep` makes, and the fields it took
/// from `other`; nothing is written. Where both hold a value the kept one
/// stays, but notes are joined, tags united, and an eligibility set by
/// hand wins over one imported (the other's email, phone and employee ID
/// are kept beside, by [`merge`]).
pub fn merged(keep: &Alumnus, other: &Alumnus) -> (Alumnus, Moved) {
    let mut merged = keep.clone();
    let mut moved = Moved::default();
    for field in Field::ALL {
        let slot = field.index();
        let theirs = other.values[slot].clone();
        match (field, &merged.values[slot], theirs) {
            (_, _, None) => {}
            (Field::Notes, Some(mine), Some(theirs)) if !mine.contains(&theirs) => {
                merged.values[slot] = Some(format!("{mine}\n{theirs}"));
                moved.fields.push(field);
            }
            (Field::Tags, Some(mine), Some(theirs)) => {
                let mut tags: Vec<&str> = mine.split(',').collect();
                tags.extend(
                    theirs
                        .split(',')
                        .filter(|t| !mine.split(',').any(|m| m == *t)),
                );
                let joined = tags.join(",");
                if &joined != mine {
                    merged.values[slot] = Some(joined);
                    moved.fields.push(field);
                }
            }
            (Field::RehireEligible, Some(mine), Some(theirs)) => {
                let other_by_hand = other.rehire_source == Some(RehireSource::Manual);
                let keep_by_hand = keep.rehire_source == Some(RehireSource::Manual);
                if (mine == "unknown" && theirs != "unknown" && !keep_by_hand)
                    || (other_by_hand && !keep_by_hand)
                {
                    merged.values[slot] = Some(theirs);
                    merged.rehire_source = other.rehire_source;
                    moved.fields.push(field);
                }
            }
            (_, None, Some(theirs)) => {
                merged.values[slot] = Some(theirs);
                merged.manual_fields |= other.manual_fields & field.bit();
                moved.fields.push(field);
            }
            _ => {}
        }
    }
    if other.consent == Consent::OptedOut
        || (keep.consent == Consent::Unknown && other.consent != Consent::Unknown)
    {
        merged.consent = other.consent;
        merged.consent_date = other.consent_date.clone();
        merged.consent_purpose = other.consent_purpose.clone();
    }
    (merged, moved)
}

fn write_merge(
    conn: &Connection,
    keep: &Alumnus,
    other: &Alumnus,
    merged: &Alumnus,
    moved: &mut Moved,
) -> Result<()> {
    let (keep_id, other_id) = (keep.id, other.id);
    moved.contacts = conn.execute(
        "UPDATE contacts SET alumnus_id = ?1 WHERE alumnus_id = ?2",
        params![keep_id, other_id],
    )?;
    moved.applications = conn.execute(
        "UPDATE applications SET alumnus_id = ?1 WHERE alumnus_id = ?2",
        params![keep_id, other_id],
    )?;
    moved.referrals = conn.execute(
        "UPDATE applications SET referrer_id = ?1 WHERE referrer_id = ?2",
        params![keep_id, other_id],
    )?;
    moved.partners = conn.execute(
        "UPDATE partners SET alumnus_id = ?1 WHERE alumnus_id = ?2",
        params![keep_id, other_id],
    )?;
    // Attendance is one row per event and person: where both records were
    // at one event, the kept row takes the further status.
    conn.execute(
        "UPDATE attendance AS kept SET status = (SELECT o.status FROM attendance o
                 WHERE o.alumnus_id = ?2 AND o.event_id = kept.event_id),
             updated_at = (SELECT o.updated_at FROM attendance o
                 WHERE o.alumnus_id = ?2 AND o.event_id = kept.event_id)
         WHERE kept.alumnus_id = ?1 AND EXISTS (SELECT 1 FROM attendance o
             WHERE o.alumnus_id = ?2 AND o.event_id = kept.event_id
               AND (CASE o.status WHEN 'attended' THEN 3 WHEN 'registered' THEN 2 ELSE 1 END)
                 > (CASE kept.status WHEN 'attended' THEN 3 WHEN 'registered' THEN 2 ELSE 1 END))",
        params![keep_id, other_id],
    )?;
    moved.attendance = conn.execute(
        "UPDATE attendance SET alumnus_id = ?1 WHERE alumnus_id = ?2
           AND event_id NOT IN (SELECT event_id FROM attendance WHERE alumnus_id = ?1)",
        params![keep_id, other_id],
    )?;
    conn.execute("DELETE FROM attendance WHERE alumnus_id = ?", [other_id])?;
    conn.execute(
        "UPDATE audit SET alumnus_id = ?1 WHERE alumnus_id = ?2",
        params![keep_id, other_id],
    )?;
    // The other record's consent history is the person's too, and would
    // go with the record (ON DELETE CASCADE).
    conn.execute(
        "UPDATE consent_changes SET alumnus_id = ?1 WHERE alumnus_id = ?2",
        params![keep_id, other_id],
    )?;
    // The other's further emails, phones and employee IDs are the
    // person's too; a phone both hold stays once (and goes with the other).
    conn.execute(
        "UPDATE OR IGNORE alumnus_contacts SET alumnus_id = ?1 WHERE alumnus_id = ?2",
        params![keep_id, other_id],
    )?;
    conn.execute(
        "UPDATE aliases SET alumnus_id = ?1 WHERE alumnus_id = ?2",
        params![keep_id, other_id],
    )?;
    // The other record goes before the kept one takes its keys: both are unique.
    conn.execute("DELETE FROM alumni WHERE id = ?", [other_id])?;
    super::alumni::update(conn, merged)?;
    // What the other held where the kept record holds its own is kept
    // beside it: a further email and phone, and the employee ID as an alias.
    if let Some(email) = other.get(Field::Email)
        && merged.get(Field::Email) != Some(email)
    {
        super::merges::add_other(conn, keep_id, "email", email)?;
    }
    if let Some(phone) = other.get(Field::Phone)
        && merged.get(Field::Phone).map(digits) != Some(digits(phone))
    {
        super::merges::add_other(conn, keep_id, "phone", phone)?;
    }
    if let Some(employee_id) = other.get(Field::EmployeeId)
        && merged.get(Field::EmployeeId) != Some(employee_id)
    {
        conn.execute(
            "INSERT INTO aliases (employee_id, alumnus_id) VALUES (?, ?)",
            params![employee_id, keep_id],
        )?;
    }
    conn.execute(
        "UPDATE alumni SET consent = ?, consent_date = ?, consent_purpose = ? WHERE id = ?",
        params![
            merged.consent,
            merged.consent_date,
            merged.consent_purpose,
            keep_id
        ],
    )?;
    Ok(())
}

/// A phone number's digits: "090-1234-5678" and "09012345678" are one.
fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(a: Option<&str>, b: Option<&str>) -> (Option<String>, Option<String>) {
        (a.map(String::from), b.map(String::from))
    }

    #[test]
    fn spans_overlap_when_they_share_a_day_or_a_date_is_missing() {
        let a = span(Some("2010-04-01"), Some("2015-03-31"));
        assert!(overlap(&a, &span(Some("2015-03-31"), Some("2020-01-01"))));
        assert!(!overlap(&a, &span(Some("2016-04-01"), Some("2020-01-01"))));
        assert!(overlap(&a, &span(None, Some("2020-01-01"))));
    }

    #[test]
    fn every_pair_of_a_group_is_listed_once() {
        assert_eq!(each_pair("3,5,9"), [(3, 5), (3, 9), (5, 9)]);
        assert!(each_pair("4").is_empty());
    }
}
