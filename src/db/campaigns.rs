//! Reading and writing campaigns: the `campaigns` table, its
//! `campaign_recipients`, the contacts a campaign logs (`contacts.campaign_id`)
//! and what a delivery report marks on an alumnus (a bouncing address, an
//! unsubscribe).

use std::collections::HashSet;

use crate::db::sql::{Connection, OptionalExtension, Row, params};
use anyhow::Result;

use super::contacts;
use crate::domain::{Channel, Consent};
use crate::error::Failure;

/// A campaign about to be added.
#[derive(Debug)]
pub struct NewCampaign<'a> {
    pub name: &'a str,
    pub channel: Channel,
    pub date: &'a str,
    pub purpose: Option<&'a str>,
    /// The filters that chose the recipients, as a JSON object.
    pub segment: &'a str,
    /// Dated after today: its contacts are planned.
    pub planned: bool,
    /// Who logs its contacts.
    pub owner: &'a str,
}

/// One recipient about to be added: the alumnus, and the address the
/// campaign goes to (`None` for an SNS post).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecipient {
    pub alumnus_id: i64,
    pub email: Option<String>,
}

/// A campaign as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Campaign {
    pub id: i64,
    pub name: String,
    pub channel: Channel,
    pub date: String,
    pub purpose: Option<String>,
    pub segment: String,
    pub created_at: String,
}

const SELECT_CAMPAIGN: &str =
    "SELECT id, name, channel, date, purpose, segment, created_at FROM campaigns";

fn campaign_from_row(r: &Row<'_>) -> crate::db::sql::Result<Campaign> {
    Ok(Campaign {
        id: r.get(0)?,
        name: r.get(1)?,
        channel: r.get(2)?,
        date: r.get(3)?,
        purpose: r.get(4)?,
        segment: r.get(5)?,
        created_at: r.get(6)?,
    })
}

/// The alumni whose primary email a delivery report said bounced.
pub fn bouncing(conn: &Connection) -> Result<HashSet<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM alumni WHERE email_bounced_on IS NOT NULL")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(ids)
}

/// `count` random tokens of 16 bytes, as hex: drawn from the system's
/// random source in one call, so that they say nothing of anyone.
fn tokens(count: usize) -> Result<Vec<String>> {
    let mut bytes = vec![0u8; count * 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("no random numbers from the system: {e}"))?;
    Ok(bytes
        .chunks(16)
        .map(|chunk| chunk.iter().map(|b| format!("{b:02x}")).collect())
        .collect())
}

/// Adds a campaign, its recipients and one outbound contact for each
/// (on the campaign's date, in its channel, its name as the summary);
/// returns the campaign's id. The statements are prepared once, and each
/// recipient costs two inserts.
pub fn insert(
    conn: &Connection,
    campaign: &NewCampaign<'_>,
    recipients: &[NewRecipient],
) -> Result<i64> {
    let now = super::now();
    conn.prepare_cached(
        "INSERT INTO campaigns (name, channel, date, purpose, segment, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        campaign.name,
        campaign.channel,
        campaign.date,
        campaign.purpose,
        campaign.segment,
        now
    ])?;
    let id = conn.last_insert_rowid();
    let mut contact = conn.prepare_cached(
        "INSERT INTO contacts (alumnus_id, date, channel, direction, summary, owner,
                               created_at, planned, campaign_id)
         VALUES (?1, ?2, ?3, 'outbound', ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut recipient = conn.prepare_cached(
        "INSERT INTO campaign_recipients (campaign_id, alumnus_id, token, email, contact_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (each, token) in recipients.iter().zip(tokens(recipients.len())?) {
        contact.execute(params![
            each.alumnus_id,
            campaign.date,
            campaign.channel,
            campaign.name,
            campaign.owner,
            now,
            campaign.planned,
            id
        ])?;
        let contact_id = conn.last_insert_rowid();
        recipient.execute(params![id, each.alumnus_id, token, each.email, contact_id])?;
    }
    Ok(id)
}

/// The campaign with this id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Campaign>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_CAMPAIGN} WHERE id = ?"))?
        .query_row([id], campaign_from_row)
        .optional()?)
}

/// The campaign a person named on the command line: `3` or `#3`.
pub fn find(conn: &Connection, reference: &str) -> Result<Campaign> {
    let trimmed = reference.trim();
    let number = trimmed.strip_prefix('#').unwrap_or(trimmed);
    let found = match number.parse::<i64>() {
        Ok(id) => get(conn, id)?,
        Err(_) => None,
    };
    found.ok_or_else(|| {
        Failure::NotFound(crate::i18n::tr!(
            "campaign-not-found",
            campaign = format!("{reference:?}")
        ))
        .into()
    })
}

/// How many recipients a campaign has, and how many of them each delivery
/// report mark reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub recipients: i64,
    pub delivered: i64,
    pub opened: i64,
    pub clicked: i64,
    pub bounced: i64,
    pub unsubscribed: i64,
}

/// The counts of a campaign's recipients `r`, in the order of [`Counts`].
/// Where the report gave deliveries, a recipient who opened, clicked or
/// unsubscribed got the mail too, whether or not it also said delivered
/// (a report without any, as of an SNS post, leaves delivered at 0 and the
/// reach at every recipient); one who clicked opened it (a mail tool sees
/// no open when images are blocked). `campaign show` and the KPI report
/// count by this one rule.
pub(crate) const COUNTS: &str = "count(r.id), \
     CASE WHEN count(r.delivered_on) > 0 THEN \
         count(coalesce(r.delivered_on, r.opened_on, r.clicked_on, r.unsubscribed_on)) \
     ELSE 0 END, \
     count(coalesce(r.opened_on, r.clicked_on)), count(r.clicked_on), count(r.bounced_on), \
     count(r.unsubscribed_on)";

fn counts_from_row(r: &Row<'_>, at: usize) -> crate::db::sql::Result<Counts> {
    Ok(Counts {
        recipients: r.get(at)?,
        delivered: r.get(at + 1)?,
        opened: r.get(at + 2)?,
        clicked: r.get(at + 3)?,
        bounced: r.get(at + 4)?,
        unsubscribed: r.get(at + 5)?,
    })
}

/// Every campaign with its counts, newest first.
pub fn summaries(conn: &Connection) -> Result<Vec<(Campaign, Counts)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.name, c.channel, c.date, c.purpose, c.segment, c.created_at, {COUNTS}
         FROM campaigns c LEFT JOIN campaign_recipients r ON r.campaign_id = c.id
         GROUP BY c.id ORDER BY c.date DESC, c.id DESC"
    ))?;
    let rows = stmt
        .query_map([], |r| Ok((campaign_from_row(r)?, counts_from_row(r, 7)?)))?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(rows)
}

/// One campaign's counts.
pub fn counts(conn: &Connection, campaign_id: i64) -> Result<Counts> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COUNTS} FROM campaign_recipients r WHERE r.campaign_id = ?"
        ))?
        .query_row([campaign_id], |r| counts_from_row(r, 0))?)
}

/// One recipient of a campaign, with who they are now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub id: i64,
    pub alumnus_id: i64,
    pub employee_id: Option<String>,
    pub name: Option<String>,
    pub token: String,
    pub email: Option<String>,
    pub delivered_on: Option<String>,
    pub opened_on: Option<String>,
    pub clicked_on: Option<String>,
    pub bounced_on: Option<String>,
    pub unsubscribed_on: Option<String>,
    /// The alumnus's consent now, which may have changed since.
    pub consent: Consent,
    pub erased: bool,
}

/// A campaign's recipients, in the order they were added.
pub fn recipients(conn: &Connection, campaign_id: i64) -> Result<Vec<Recipient>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.alumnus_id, a.employee_id, a.name, r.token, r.email,
                r.delivered_on, r.opened_on, r.clicked_on, r.bounced_on, r.unsubscribed_on,
                a.consent, a.erased_at IS NOT NULL
         FROM campaign_recipients r JOIN alumni a ON a.id = r.alumnus_id
         WHERE r.campaign_id = ? ORDER BY r.id",
    )?;
    let rows = stmt
        .query_map([campaign_id], |r| {
            Ok(Recipient {
                id: r.get(0)?,
                alumnus_id: r.get(1)?,
                employee_id: r.get(2)?,
                name: r.get(3)?,
                token: r.get(4)?,
                email: r.get(5)?,
                delivered_on: r.get(6)?,
                opened_on: r.get(7)?,
                clicked_on: r.get(8)?,
                bounced_on: r.get(9)?,
                unsubscribed_on: r.get(10)?,
                consent: r.get(11)?,
                erased: r.get(12)?,
            })
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(rows)
}

/// What a delivery report can say of a recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reported {
    Delivered,
    Opened,
    Clicked,
    Bounced,
    Unsubscribed,
}

impl Reported {
    pub const ALL: [Reported; 5] = [
        Reported::Delivered,
        Reported::Opened,
        Reported::Clicked,
        Reported::Bounced,
        Reported::Unsubscribed,
    ];

    /// The word for it, as `campaign show` gives a status.
    pub fn as_str(self) -> &'static str {
        match self {
            Reported::Delivered => "delivered",
            Reported::Opened => "opened",
            Reported::Clicked => "clicked",
            Reported::Bounced => "bounced",
            Reported::Unsubscribed => "unsubscribed",
        }
    }

    /// The day column of `campaign_recipients` it fills.
    fn column(self) -> &'static str {
        match self {
            Reported::Delivered => "delivered_on",
            Reported::Opened => "opened_on",
            Reported::Clicked => "clicked_on",
            Reported::Bounced => "bounced_on",
            Reported::Unsubscribed => "unsubscribed_on",
        }
    }
}

/// Records that a report said `what` happened to a recipient on `day`,
/// unless a report said so before (the first day reported stays), and
/// returns whether anything changed. The first open and the first click
/// each log one inbound contact of the campaign; an unsubscribe sets the
/// alumnus's consent to opted-out on its day for the campaign's purpose
/// (kept in the consent history as from an import); a bounce marks the
/// address the campaign went to as bouncing, the primary one or a
/// further one.
pub fn record(
    conn: &Connection,
    campaign: &Campaign,
    recipient: &Recipient,
    what: Reported,
    day: &str,
    owner: &str,
) -> Result<bool> {
    let column = what.column();
    let filled = conn
        .prepare_cached(&format!(
            "UPDATE campaign_recipients SET {column} = ?1 WHERE id = ?2 AND {column} IS NULL"
        ))?
        .execute(params![day, recipient.id])?;
    if filled == 0 {
        return Ok(false);
    }
    match what {
        Reported::Delivered => {}
        Reported::Opened | Reported::Clicked => {
            conn.prepare_cached(
                "INSERT INTO contacts (alumnus_id, date, channel, direction, summary, owner,
                                       created_at, campaign_id)
                 VALUES (?1, ?2, ?3, 'inbound', ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                recipient.alumnus_id,
                day,
                campaign.channel,
                format!("{}: {}", campaign.name, what.as_str()),
                owner,
                super::now(),
                campaign.id
            ])?;
        }
        Reported::Unsubscribed => {
            let consent: Consent = conn
                .prepare_cached("SELECT consent FROM alumni WHERE id = ?")?
                .query_row([recipient.alumnus_id], |r| r.get(0))?;
            if consent != Consent::OptedOut {
                contacts::set_consent_from(
                    conn,
                    recipient.alumnus_id,
                    Consent::OptedOut,
                    day,
                    campaign.purpose.as_deref(),
                    contacts::ConsentSource::Import,
                )?;
            }
        }
        Reported::Bounced => {
            if let Some(email) = &recipient.email {
                let primary = conn
                    .prepare_cached(
                        "UPDATE alumni SET email_bounced_on = coalesce(email_bounced_on, ?1)
                         WHERE id = ?2 AND email = ?3",
                    )?
                    .execute(params![day, recipient.alumnus_id, email])?;
                if primary == 0 {
                    conn.prepare_cached(
                        "UPDATE alumnus_contacts SET bounced_on = coalesce(bounced_on, ?1)
                         WHERE alumnus_id = ?2 AND kind = 'email' AND value = ?3",
                    )?
                    .execute(params![day, recipient.alumnus_id, email])?;
                }
            }
        }
    }
    Ok(true)
}
