//! Finding records that are likely one person, and joining two records of
//! one person with everything that hangs off them.

use std::collections::HashMap;

use crate::db::sql::{Connection, params};
use anyhow::Result;

use crate::domain::fold;
use crate::domain::{Alumnus, Field};
use crate::domain::{Consent, RehireSource};

/// One record as `dupes` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Brief {
    pub id: i64,
    pub employee_id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// The key a block of records shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shared {
    Phone,
    Email,
    Name,
}

/// What [`likely_duplicates`] finds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Likely<'a> {
    /// Two records that may be one person, and why they look alike.
    Pair {
        first: &'a Brief,
        second: &'a Brief,
        reason: &'static str,
    },
    /// More records than a person could be share one key (a switchboard's
    /// phone, a very common name): they are not paired, but named once,
    /// with the value as the first of them holds it (`value`), for a
    /// search that lists them.
    Group {
        shared: Shared,
        value: &'a str,
        ids: Vec<i64>,
    },
}

/// The most records of one block that are paired one by one; a larger
/// block is one [`Likely::Group`]. Fifty records make 1,225 pairs, more
/// than anyone reviews, and one person has not fifty records.
pub const LARGEST_BLOCK: usize = 50;

/// Likely duplicates, found by blocking, never by comparing every pair:
/// records are grouped by a key (the phone's digits; the email without
/// dots or a `+tag`; the folded name and reading), and only records that
/// share a key are paired. A shared phone or email key is enough; a shared
/// name and reading also needs employment dates that overlap or are
/// unknown. (Two records cannot share an email itself: it is unique.)
///
/// Each finding goes to `each` as it is found, so nothing grows with the
/// number of pairs: the groups first (blocks of more than `largest`
/// records), then the pairs in order of their first id and then their
/// second. A pair is given once, with the first of its reasons (phone,
/// email, name) whose block is paired; a pair inside a group is still
/// given for another key they share in a smaller block. Memory holds each
/// record's keys and the fields shown, and one record's candidates.
pub fn likely_duplicates(
    conn: &Connection,
    largest: usize,
    mut each: impl FnMut(Likely<'_>) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, employee_id, name, name_kana, phone, email, hire_date, leave_date FROM alumni
         WHERE erased_at IS NULL ORDER BY id",
    )?;
    let mut records: Vec<Record> = Vec::new();
    let mut phones = Blocks::default();
    let mut emails = Blocks::default();
    let mut names = Blocks::default();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let at = u32::try_from(records.len())?;
        let name: Option<String> = row.get(2)?;
        let kana: Option<String> = row.get(3)?;
        let phone: Option<String> = row.get(4)?;
        let email: Option<String> = row.get(5)?;
        let phone_block = phone.as_deref().map(|p| phones.add(phone_key(p), p, at));
        let email_block = email
            .as_deref()
            .and_then(|e| Some(emails.add(email_key(e)?, e, at)));
        let name_block = match (&name, &kana) {
            (Some(name), Some(kana)) => {
                let key = format!("{}\u{0}{}", fold::text(name), fold::text(kana));
                Some(names.add(key, name, at))
            }
            _ => None,
        };
        records.push(Record {
            brief: Brief {
                id: row.get(0)?,
                employee_id: row.get(1)?,
                name,
                email,
            },
            kana,
            span: (row.get(6)?, row.get(7)?),
            blocks: [phone_block, email_block, name_block],
        });
    }
    drop(rows);
    let all = [
        (Shared::Phone, &phones),
        (Shared::Email, &emails),
        (Shared::Name, &names),
    ];
    for (shared, blocks) in all {
        for block in blocks.list.iter().filter(|b| b.members.len() > largest) {
            let ids = block.members.iter().map(|&m| records[m as usize].brief.id);
            each(Likely::Group {
                shared,
                value: &block.value,
                ids: ids.collect(),
            })?;
        }
    }
    let paired = |kind: usize, block: Option<u32>| -> Option<&[u32]> {
        let members = &all[kind].1.list[block? as usize].members;
        (members.len() <= largest).then_some(members.as_slice())
    };
    let mut candidates: Vec<(u32, &'static str)> = Vec::new();
    for (at, record) in records.iter().enumerate() {
        let at = at as u32;
        candidates.clear();
        for kind in 0..3 {
            let Some(members) = paired(kind, record.blocks[kind]) else {
                continue;
            };
            // Members are in id order: only those after this record.
            let later = members.partition_point(|&m| m <= at);
            for &other in &members[later..] {
                let theirs = &records[other as usize];
                // Listed already under an earlier key they share.
                let earlier = (0..kind).any(|k| {
                    record.blocks[k].is_some()
                        && record.blocks[k] == theirs.blocks[k]
                        && paired(k, record.blocks[k]).is_some()
                });
                if earlier {
                    continue;
                }
                let reason = match kind {
                    0 => SAME_PHONE,
                    1 => SAME_EMAIL,
                    _ if !overlap(&record.span, &theirs.span) => continue,
                    _ if record.brief.name == theirs.brief.name && record.kana == theirs.kana => {
                        SAME_NAME
                    }
                    _ => SAME_FOLDED_NAME,
                };
                candidates.push((other, reason));
            }
        }
        candidates.sort_unstable_by_key(|&(other, _)| other);
        for &(other, reason) in &candidates {
            each(Likely::Pair {
                first: &record.brief,
                second: &records[other as usize].brief,
                reason,
            })?;
        }
    }
    Ok(())
}

/// Why a pair is listed, as `dupes` shows it.
const SAME_PHONE: &str = "same phone";
const SAME_EMAIL: &str = "same email but for dots or a +tag";
const SAME_NAME: &str = "same name and reading, overlapping dates";
const SAME_FOLDED_NAME: &str =
    "same name and reading once variant kanji and kana are folded, overlapping dates";

/// A record as blocking holds it: what is shown, what decides a pair, and
/// its block of each key (phone, email, name), by position.
struct Record {
    brief: Brief,
    kana: Option<String>,
    span: Span,
    blocks: [Option<u32>; 3],
}

/// The blocks of one key: records (by position, ascending) that share it.
#[derive(Default)]
struct Blocks {
    index: HashMap<String, u32>,
    list: Vec<Block>,
}

struct Block {
    /// The value as the first record holds it.
    value: String,
    members: Vec<u32>,
}

impl Blocks {
    /// Puts the record at `at` into the block of `key`; returns the block.
    fn add(&mut self, key: String, value: &str, at: u32) -> u32 {
        let next = self.list.len() as u32;
        let block = *self.index.entry(key).or_insert(next);
        if block == next {
            self.list.push(Block {
                value: value.to_string(),
                members: Vec::new(),
            });
        }
        self.list[block as usize].members.push(at);
        block
    }
}

/// Hire and leave dates.
type Span = (Option<String>, Option<String>);

/// A phone number without the separators people type.
fn phone_key(phone: &str) -> String {
    phone.replace(['-', ' ', '(', ')'], "")
}

/// The mailbox an address reaches, where that differs from the address:
/// without a `+tag`, and for Gmail without dots. `None` for text that is
/// not an address.
fn email_key(email: &str) -> Option<String> {
    let (local, domain) = email.split_once('@')?;
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let mut mailbox = local.split('+').next().unwrap_or(local).to_string();
    if domain == "gmail.com" {
        mailbox.retain(|c| c != '.');
    }
    Some(format!("{mailbox}@{domain}"))
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

/// The other record's campaigns, survey answers and career entries become
/// the kept one's. A campaign both records got stays one row, the kept
/// one, with the days the other's delivery report filled where its own
/// are empty.
fn write_merge_engagement(conn: &Connection, keep_id: i64, other_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE campaign_recipients AS kept SET
             delivered_on = coalesce(kept.delivered_on, o.delivered_on),
             opened_on = coalesce(kept.opened_on, o.opened_on),
             clicked_on = coalesce(kept.clicked_on, o.clicked_on),
             bounced_on = coalesce(kept.bounced_on, o.bounced_on),
             unsubscribed_on = coalesce(kept.unsubscribed_on, o.unsubscribed_on)
         FROM campaign_recipients AS o
         WHERE kept.alumnus_id = ?1 AND o.alumnus_id = ?2 AND o.campaign_id = kept.campaign_id",
        params![keep_id, other_id],
    )?;
    conn.execute(
        "UPDATE campaign_recipients SET alumnus_id = ?1 WHERE alumnus_id = ?2
           AND campaign_id NOT IN (SELECT campaign_id FROM campaign_recipients WHERE alumnus_id = ?1)",
        params![keep_id, other_id],
    )?;
    conn.execute(
        "DELETE FROM campaign_recipients WHERE alumnus_id = ?",
        [other_id],
    )?;
    for table in ["survey_responses", "career"] {
        conn.execute(
            &format!("UPDATE {table} SET alumnus_id = ?1 WHERE alumnus_id = ?2"),
            params![keep_id, other_id],
        )?;
    }
    Ok(())
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
    write_merge_engagement(conn, keep_id, other_id)?;
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
        "UPDATE alumnus_contacts SET alumnus_id = ?1
         WHERE alumnus_id = ?2 AND NOT EXISTS (
             SELECT 1 FROM alumnus_contacts k
             WHERE k.alumnus_id = ?1 AND k.kind = alumnus_contacts.kind
               AND k.value = alumnus_contacts.value)",
        params![keep_id, other_id],
    )?;
    conn.execute(
        "UPDATE aliases SET alumnus_id = ?1 WHERE alumnus_id = ?2",
        params![keep_id, other_id],
    )?;
    // A bounce mark belongs to the address: read before the record goes.
    let other_bounced: Option<String> = conn.query_row(
        "SELECT email_bounced_on FROM alumni WHERE id = ?",
        [other_id],
        |r| r.get(0),
    )?;
    // The other record goes before the kept one takes its keys: both are unique.
    conn.execute("DELETE FROM alumni WHERE id = ?", [other_id])?;
    super::alumni::update(conn, merged)?;
    // What the other held where the kept record holds its own is kept
    // beside it: a further email and phone, and the employee ID as an alias.
    if let Some(email) = other.get(Field::Email) {
        if merged.get(Field::Email) != Some(email) {
            super::merges::add_other(conn, keep_id, "email", email)?;
            conn.execute(
                "UPDATE alumnus_contacts SET bounced_on = ?1
                 WHERE alumnus_id = ?2 AND kind = 'email' AND value = ?3",
                params![other_bounced, keep_id, email],
            )?;
        } else if keep.get(Field::Email) != Some(email) {
            conn.execute(
                "UPDATE alumni SET email_bounced_on = ?1 WHERE id = ?2",
                params![other_bounced, keep_id],
            )?;
        }
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
    fn an_email_key_drops_a_tag_and_gmail_dots() {
        assert_eq!(
            email_key("ta.ro+news@gmail.com").as_deref(),
            Some("taro@gmail.com")
        );
        assert_eq!(
            email_key("taro@googlemail.com").as_deref(),
            Some("taro@gmail.com")
        );
        assert_eq!(
            email_key("ta.ro+x@example.jp").as_deref(),
            Some("ta.ro@example.jp")
        );
    }
}
