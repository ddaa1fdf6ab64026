//! `alumni forget ALUMNUS`: erase one person's personal data on request,
//! after showing what will go and asking (`--yes` in a script). Also what
//! an erasure does after its transaction, which `alumni retention --erase`
//! shares: the file rewritten so that nothing erased stays readable, and
//! the backups that still hold the person named.

use anyhow::Result;

use super::{Context, hand};
use crate::cli::people::ForgetArgs;
use crate::db::privacy::{self, Erased, Scrubbed};
use crate::db::{Audit, Change, Db, Tx, alumni, backup};
use crate::domain::{Alumnus, Field};
use crate::error::Failure;

pub fn run(context: &Context, args: &ForgetArgs) -> Result<()> {
    let mut db = context.db()?;
    let Some(reference) = args.alumnus.as_deref() else {
        // --scrub alone: a rewrite of the SQLite file.
        context.file_only("forget --scrub", &crate::i18n::tr!("file-only-scrub"))?;
        return after_erasure(context, &db, 0);
    };
    let today = hand::today();
    let (alumnus, preview) = db.read(|tx| {
        let alumnus = find(tx, reference)?;
        let preview = privacy::preview(tx, alumnus.id, &today)?;
        Ok((alumnus, preview))
    })?;
    let reason = match &args.reason {
        Some(raw) => Some(redacted(&hand::text("--reason", raw)?, &alumnus)),
        None => None,
    };
    for line in describe(&alumnus, &preview) {
        context.term.say(&line);
    }
    // Asked before the write transaction begins: a person deciding must
    // not hold the database's write lock.
    let question = crate::i18n::tr!(
        "prompt-forget",
        name = alumnus.display_name().to_string(),
        id = alumnus.id.to_string()
    );
    if !context.term.confirm(&question, args.yes)? {
        context.term.say(&crate::i18n::tr!("nothing-erased"));
        return Ok(());
    }
    let id = alumnus.id;
    db.write("forget", |tx| {
        // Read again inside the transaction: what is erased is what was
        // shown, unless another command changed it meanwhile.
        let now = find(tx, &format!("#{id}"))?;
        hand::unchanged_since_shown(&alumnus, &now)?;
        let alumnus = now;
        let fields = privacy::erased_fields(&alumnus).len();
        let erased = privacy::erase(tx, alumnus.id, &today)?;
        let mut detail = format!("erased #{id} on request: {}", counts(&erased, fields));
        if let Some(reason) = &reason {
            detail.push_str(&format!("; reason: {reason}"));
        }
        Ok(Change::audited((), Audit::new(Some(id), detail)))
    })?;
    context
        .term
        .say(&format!("erased the personal data of #{id} on {today}"));
    after_erasure(context, &db, 1)
}

/// The alumnus named, unless they were erased already; a key that was an
/// erased person's is told apart from one nobody ever had.
fn find(conn: &Tx<'_>, reference: &str) -> Result<Alumnus> {
    let found = match alumni::find(conn, reference) {
        Ok(found) => found,
        Err(not_found) => {
            let key = crate::domain::normalize::email(reference)
                .ok()
                .flatten()
                .filter(|_| reference.contains('@') || reference.contains('＠'))
                .or_else(|| crate::domain::normalize::key(reference));
            if let Some(key) = key
                && let Some(on) = privacy::erased_key(conn, &key)?
            {
                return Err(Failure::NotFound(format!(
                    "{reference} was erased on request on {on}; nothing of theirs is left to erase"
                ))
                .into());
            }
            return Err(not_found);
        }
    };
    if let Some(on) = found.erased_on() {
        return Err(Failure::NotFound(format!(
            "#{} was erased on request on {on} already",
            found.id
        ))
        .into());
    }
    Ok(found)
}

/// What an erasure of `alumnus` empties, for the person asked to confirm.
fn describe(alumnus: &Alumnus, erased: &Erased) -> Vec<String> {
    let fields: Vec<String> = privacy::erased_fields(alumnus)
        .iter()
        .map(|f| format!("{} ({})", f.column(), f.label_ja()))
        .collect();
    let mut lines = vec![format!(
        "{} (#{}): to be erased: {}",
        alumnus.display_name(),
        alumnus.id,
        if fields.is_empty() {
            "no field holds a value".to_string()
        } else {
            fields.join(", ")
        }
    )];
    let texts = texts(erased);
    if !texts.is_empty() {
        lines.push(format!("  and the text of {}", texts.join(", ")));
    }
    let kept: Vec<&str> = privacy::KEPT
        .iter()
        .filter(|f| alumnus.get(**f).is_some())
        .map(|f| f.column())
        .collect();
    lines.push(format!(
        "  kept, without the person: #{}{}, and the dates, stages and outcomes of their \
         applications, contacts and attendance",
        alumnus.id,
        if kept.is_empty() {
            String::new()
        } else {
            format!(", {}", kept.join(", ").replace("_date", " month"))
        }
    ));
    lines
}

/// "7 fields, 3 contacts, 2 stage notes, …": what an erasure emptied;
/// counts only, for the audit log.
fn counts(erased: &Erased, fields: usize) -> String {
    let mut all = Vec::new();
    if fields > 0 {
        all.push(format!(
            "{fields} field{}",
            if fields == 1 { "" } else { "s" }
        ));
    }
    all.extend(texts(erased));
    if all.is_empty() {
        "nothing".into()
    } else {
        all.join(", ")
    }
}

/// "3 contacts", "2 stage notes" …: the rows of other tables whose text
/// an erasure emptied.
fn texts(erased: &Erased) -> Vec<String> {
    [
        (erased.contacts, "contact", "contacts"),
        (erased.stage_notes, "stage note", "stage notes"),
        (erased.applications, "application", "applications"),
        (
            erased.referrals,
            "referral candidate",
            "referral candidates",
        ),
        (erased.partner_notes, "partner record", "partner records"),
        (
            erased.consent_purposes,
            "consent purpose",
            "consent purposes",
        ),
        (
            erased.attendance,
            "attendance override",
            "attendance overrides",
        ),
        (
            erased.campaign_addresses,
            "campaign address",
            "campaign addresses",
        ),
        (erased.survey_answers, "survey answer", "survey answers"),
        (erased.career, "career entry", "career entries"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
    .collect()
}

/// The reason with every value of the person's own taken out, so that the
/// audit log never holds what was erased.
fn redacted(reason: &str, alumnus: &Alumnus) -> String {
    let mut text = reason.to_string();
    let mut values: Vec<String> = Field::ALL
        .into_iter()
        .filter(|f| !privacy::KEPT.contains(f))
        .filter_map(|f| alumnus.get(f))
        .flat_map(|v| [v.to_string(), v.replace(' ', "")])
        .filter(|v| v.chars().count() >= 2)
        .collect();
    // Longest first, so that a name goes whole before its parts.
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for value in values {
        text = text.replace(&value, "…");
    }
    text
}

/// After erasures were committed: rewrites the file so that nothing erased
/// stays readable in it or its WAL (SQLite only: PostgreSQL keeps its own
/// storage), and names the backups that still hold the people erased.
/// `erased` is how many were.
pub(super) fn after_erasure(context: &Context, db: &Db, erased: usize) -> Result<()> {
    match privacy::scrub(db)? {
        Scrubbed::Done => {}
        Scrubbed::Busy => {
            return Err(anyhow::anyhow!(
                "another program has {} open, so the file could not be rewritten: what was \
                 erased may still be readable in it. Close the other program and run \
                 `alumni forget --scrub`",
                context.db_path.display()
            ));
        }
    }
    if erased == 0 {
        context.term.say(&format!(
            "rewrote {}: nothing erased is left readable in it",
            context.db_path.display()
        ));
        return Ok(());
    }
    let backups = backup::made(db)?;
    if backups.is_empty() {
        context.term.warn(
            "copies of the database made before now (backups, exports) still hold what was \
             erased: delete or re-make them",
        );
        return Ok(());
    }
    context.term.warn(&format!(
        "{} backup{} made by `alumni backup` still hold{} what was erased; delete them or \
         make them again:",
        backups.len(),
        if backups.len() == 1 { "" } else { "s" },
        if backups.len() == 1 { "s" } else { "" }
    ));
    for (path, made_at) in backups {
        let gone = if std::path::Path::new(&path).exists() {
            ""
        } else {
            " (no longer there)"
        };
        context
            .term
            .warn(&format!("  {path} (made {made_at}){gone}"));
    }
    Ok(())
}
