//! Everything that happened with one alumnus, for `alumni show`: contacts,
//! applications with their stage history, referrals made, events, partners,
//! the campaigns that went to them and their survey answers, and [`merged`], all of it (with consent changes and edits) as one dated
//! list, oldest first.

use crate::db::sql::Connection;
use anyhow::Result;
use serde_json::{Value, json};

/// The history of one alumnus, as JSON objects with the data model's names.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub contacts: Vec<Value>,
    pub applications: Vec<Value>,
    pub events: Vec<Value>,
    pub partners: Vec<Value>,
    pub campaigns: Vec<Value>,
    pub surveys: Vec<Value>,
}

/// The commands whose audit rows are edits of a person's record, shown in
/// the timeline; the rest are already there as what they recorded.
const EDITS: &str = "'edit', 'merge', 'merge undo', 'consent', 'contact edit', 'contact delete', \
     'contact done', 'contact snooze', 'pipeline reopen', 'pipeline undo', 'partner set'";

/// One dated list of everything about `alumnus_id`, oldest first: each
/// entry an object with `date` and `kind` (contact, stage, close, event,
/// partner, consent, edit) and the values of its kind. Edits are audit
/// rows: the command, who, and the ids and field names it changed.
pub fn merged(conn: &Connection, alumnus_id: i64) -> Result<Vec<Value>> {
    let mut all = Vec::new();
    let mut add = |kind: &str, found: Vec<Value>| {
        for mut entry in found {
            entry["kind"] = json!(kind);
            all.push(entry);
        }
    };
    add(
        "contact",
        rows(
            conn,
            "SELECT date, id, channel, direction, summary, owner, follow_up, planned,
                    follow_up_done_on
             FROM contacts WHERE alumnus_id = ?",
            alumnus_id,
            &[
                "date",
                "contact",
                "channel",
                "direction",
                "summary",
                "owner",
                "follow_up",
                "planned",
                "follow_up_done_on",
            ],
        )?,
    );
    add(
        "stage",
        rows(
            conn,
            "SELECT e.entered_on, e.application_id, e.stage, s.label_ja, e.planned, e.note,
                    e.recorded_by
             FROM stage_events e JOIN applications a ON a.id = e.application_id
             LEFT JOIN stages s ON s.key = e.stage
             WHERE a.alumnus_id = ?1 OR a.referrer_id = ?1",
            alumnus_id,
            &[
                "date",
                "application",
                "stage",
                "label",
                "planned",
                "note",
                "recorded_by",
            ],
        )?,
    );
    add(
        "close",
        rows(
            conn,
            "SELECT closed_on, id, outcome, outcome_reason, close_planned FROM applications
             WHERE (alumnus_id = ?1 OR referrer_id = ?1) AND outcome IS NOT NULL
               AND outcome <> 'rejoined'",
            alumnus_id,
            &["date", "application", "outcome", "reason", "planned"],
        )?,
    );
    add(
        "event",
        rows(
            conn,
            "SELECT e.date, e.id, e.name, a.status FROM attendance a
             JOIN events e ON e.id = a.event_id WHERE a.alumnus_id = ?",
            alumnus_id,
            &["date", "event", "name", "status"],
        )?,
    );
    add(
        "partner",
        rows(
            conn,
            // A partner recorded with no history row yet shows as added.
            "SELECT date, partner_id, fields, company, kind, status FROM partner_changes
             WHERE alumnus_id = ?1
             UNION ALL
             SELECT substr(created_at, 1, 10), id, 'added', company, kind, status FROM partners p
             WHERE alumnus_id = ?1
               AND NOT EXISTS (SELECT 1 FROM partner_changes c WHERE c.partner_id = p.id)",
            alumnus_id,
            &[
                "date",
                "partner",
                "fields",
                "company",
                "partner_kind",
                "status",
            ],
        )?,
    );
    add(
        "consent",
        rows(
            conn,
            "SELECT coalesce(date, substr(recorded_at, 1, 10)), consent, purpose, source
             FROM consent_changes WHERE alumnus_id = ?",
            alumnus_id,
            &["date", "consent", "purpose", "source"],
        )?,
    );
    add(
        "edit",
        rows(
            conn,
            &format!(
                "SELECT substr(at, 1, 10), command, actor, detail, at FROM audit
                 WHERE alumnus_id = ? AND command IN ({EDITS})"
            ),
            alumnus_id,
            &["date", "command", "by", "detail", "at"],
        )?,
    );
    // Stable: entries of one day keep the order of the kinds above.
    all.sort_by(|a, b| a["date"].as_str().cmp(&b["date"].as_str()));
    Ok(all)
}

pub fn of(conn: &Connection, alumnus_id: i64) -> Result<Timeline> {
    let contacts = rows(
        conn,
        "SELECT date, channel, direction, summary, owner, follow_up, consent_override
         FROM contacts WHERE alumnus_id = ? ORDER BY date, id",
        alumnus_id,
        &[
            "date",
            "channel",
            "direction",
            "summary",
            "owner",
            "follow_up",
            "consent_override",
        ],
    )?;
    let mut applications = rows(
        conn,
        "SELECT a.id, a.kind, CASE WHEN a.alumnus_id = ?1 THEN 'candidate' ELSE 'referrer' END,
                a.candidate_name, a.position, a.department, a.source, a.opened_on,
                a.stage, s.label_ja, a.outcome, a.outcome_reason, a.closed_on
         FROM applications a LEFT JOIN stages s ON s.key = a.stage
         WHERE a.alumnus_id = ?1 OR a.referrer_id = ?1 ORDER BY a.opened_on, a.id",
        alumnus_id,
        &[
            "id",
            "kind",
            "role",
            "candidate_name",
            "position",
            "department",
            "source",
            "opened_on",
            "stage",
            "stage_label",
            "outcome",
            "outcome_reason",
            "closed_on",
        ],
    )?;
    for application in &mut applications {
        let id = application["id"].as_i64().unwrap_or_default();
        let history = rows(
            conn,
            "SELECT e.stage, s.label_ja, e.entered_on, e.note
             FROM stage_events e LEFT JOIN stages s ON s.key = e.stage
             WHERE e.application_id = ? ORDER BY e.entered_on, e.id",
            id,
            &["stage", "label", "entered_on", "note"],
        )?;
        application["stages"] = Value::Array(history);
    }
    let events = rows(
        conn,
        "SELECT e.id, e.name, e.date, e.kind, a.status FROM attendance a
         JOIN events e ON e.id = a.event_id WHERE a.alumnus_id = ? ORDER BY e.date, e.id",
        alumnus_id,
        &["id", "name", "date", "kind", "status"],
    )?;
    let partners = rows(
        conn,
        "SELECT id, company, kind, status, notes FROM partners WHERE alumnus_id = ? ORDER BY id",
        alumnus_id,
        &["id", "company", "kind", "status", "notes"],
    )?;
    // The address each campaign went to and what the mail tool reported:
    // what is held about them, to disclose on request.
    let campaigns = rows(
        conn,
        "SELECT c.id, c.name, c.channel, c.date, r.email, r.delivered_on, r.opened_on,
                r.clicked_on, r.bounced_on, r.unsubscribed_on
         FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
         WHERE r.alumnus_id = ? ORDER BY c.date, c.id",
        alumnus_id,
        &[
            "id",
            "name",
            "channel",
            "date",
            "email",
            "delivered_on",
            "opened_on",
            "clicked_on",
            "bounced_on",
            "unsubscribed_on",
        ],
    )?;
    let mut surveys = rows(
        conn,
        "SELECT s.id, s.name, r.answered_on, r.score, r.comment, r.answers
         FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
         WHERE r.alumnus_id = ? ORDER BY r.answered_on, r.id",
        alumnus_id,
        &["id", "name", "answered_on", "score", "comment", "answers"],
    )?;
    // The other answers are stored as a JSON object: shown as one.
    for survey in &mut surveys {
        if let Some(text) = survey["answers"].as_str() {
            survey["answers"] = serde_json::from_str(text).unwrap_or_else(|_| json!(text));
        }
    }
    Ok(Timeline {
        contacts,
        applications,
        events,
        partners,
        campaigns,
        surveys,
    })
}

/// Runs `sql` with one parameter and returns each row as an object whose
/// keys are `names`, in order.
fn rows(conn: &Connection, sql: &str, id: i64, names: &[&str]) -> Result<Vec<Value>> {
    let mut stmt = conn.prepare(sql)?;
    let found = stmt.query_map([id], |row| {
        let mut object = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                crate::db::sql::types::ValueRef::Null => Value::Null,
                crate::db::sql::types::ValueRef::Integer(n) => json!(n),
                crate::db::sql::types::ValueRef::Real(f) => json!(f),
                crate::db::sql::types::ValueRef::Text(t) => json!(String::from_utf8_lossy(t)),
                crate::db::sql::types::ValueRef::Blob(_) => Value::Null,
            };
            object.insert(name.to_string(), value);
        }
        Ok(Value::Object(object))
    })?;
    Ok(found.collect::<crate::db::sql::Result<_>>()?)
}
