//! `alumni stages [list|rename|move|add]`: the pipeline's stages, which each
//! database may name and order its own way. The last stage is the hire
//! (入社): it stays last, because entering it closes an application.

use anyhow::Result;
use serde_json::json;

use super::{Context, listing};
use crate::cli::ListingArgs;
use crate::cli::pipeline::StagesCommand;
use crate::db::pipeline::{self, stages};
use crate::db::{Audit, Change};
use crate::domain::Stage;
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};

pub fn run(context: &Context, command: Option<StagesCommand>) -> Result<()> {
    match command.unwrap_or(StagesCommand::List {
        output: ListingArgs::default(),
    }) {
        StagesCommand::List { output } => list(context, &output),
        StagesCommand::Rename {
            stage,
            new_key,
            en,
            ja,
        } => rename(context, &stage, new_key, en, ja),
        StagesCommand::Move { stage, position } => move_to(context, &stage, position),
        StagesCommand::Add {
            stage,
            after,
            en,
            ja,
        } => add(context, &stage, &after, &en, &ja),
    }
}

/// The stages as a listing; the column names are also its JSON keys.
static STAGES: Listing = Listing::fixed(
    "Stages",
    "stages",
    &[
        Column::shown("position"),
        Column::shown("key"),
        Column::shown("label_ja"),
        Column::shown("label_en"),
    ],
);

fn list(context: &Context, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let rows = stages::all(&conn)?.into_iter().map(|s| {
        Listed::new(json!({
            "position": s.position,
            "key": s.key,
            "label_ja": s.label_ja,
            "label_en": s.label_en,
        }))
    });
    listing::print(&STAGES, args, rows)?;
    Ok(())
}

fn rename(
    context: &Context,
    reference: &str,
    new_key: Option<String>,
    en: Option<String>,
    ja: Option<String>,
) -> Result<()> {
    if new_key.is_none() && en.is_none() && ja.is_none() {
        return Err(Failure::Usage(
            "nothing to change: give --key, --en or --ja, e.g. --ja '書類・適性検査'".into(),
        )
        .into());
    }
    let renamed = context.write("stages rename", |tx| {
        let all = stages::all(tx)?;
        let stage = stages::find(&all, reference)?.clone();
        let own = Some(stage.key.as_str());
        let key = match new_key {
            Some(key) if key != stage.key => stages::check_key(&all, &key)?,
            _ => stage.key.clone(),
        };
        let label_en = match en {
            Some(raw) => stages::check_label(&all, own, "--en", &raw, false)?,
            None => stage.label_en.clone(),
        };
        let label_ja = match ja {
            Some(raw) => stages::check_label(&all, own, "--ja", &raw, true)?,
            None => stage.label_ja.clone(),
        };
        let mut changed = Vec::new();
        if key != stage.key {
            changed.push(format!("key {key}"));
        }
        if label_en != stage.label_en {
            changed.push(format!("label_en {label_en}"));
        }
        if label_ja != stage.label_ja {
            changed.push(format!("label_ja {label_ja}"));
        }
        if changed.is_empty() {
            context.term.say(&format!("{}: nothing changed", stage.key));
            return Ok(Change::discarded(None));
        }
        stages::rename(tx, &stage.key, &key, &label_en, &label_ja)?;
        let detail = format!("stage {}: {}", stage.key, changed.join(", "));
        // How far a new key reached, counted after the cascade.
        let followed = stages::uses(tx, &key)?;
        let audit = Audit::new(None, detail.clone());
        Ok(Change::audited(
            Some((stage, key, label_en, label_ja, detail, followed)),
            audit,
        ))
    })?;
    let Some((stage, key, label_en, label_ja, detail, followed)) = renamed else {
        return Ok(());
    };
    let mut message = format!("{detail} ({label_ja} / {label_en})");
    if key != stage.key {
        message.push_str(&format!(
            "; {} and {} now say {key}",
            plural(followed.0, "application"),
            plural(followed.1, "history entry")
        ));
    }
    context.term.say(&message);
    Ok(())
}

fn move_to(context: &Context, reference: &str, position: u32) -> Result<()> {
    let moved = context.write("stages move", |tx| {
        let all = stages::all(tx)?;
        let stage = stages::find(&all, reference)?;
        let hire = all.last().expect("find succeeded, so there are stages");
        if stage.key == hire.key {
            return Err(Failure::BadData(format!(
                "{} is the hire, the stage that closes an application as rejoined; it stays last",
                stage.key
            ))
            .into());
        }
        let room = all.len() - 1;
        let wanted = position as usize;
        if wanted < 1 || wanted > room {
            return Err(Failure::BadData(format!(
                "position {position} is out of range: choose 1 to {room} \
                 ({} at {} is the hire and stays last)",
                hire.key,
                all.len()
            ))
            .into());
        }
        if wanted as i64 == stage.position {
            context.term.say(&format!(
                "{} is at {position} already; nothing changed",
                stage.key
            ));
            return Ok(Change::discarded(None));
        }
        let mut order: Vec<&str> = stages::keys(&all)
            .into_iter()
            .filter(|k| *k != stage.key)
            .collect();
        order.insert(wanted - 1, &stage.key);
        stages::reorder(tx, &order)?;
        // "Furthest" is by position, so it is worked out again from each history.
        pipeline::recompute_furthest(tx)?;
        let audit = Audit::new(
            None,
            format!("stage {} from {} to {position}", stage.key, stage.position),
        );
        Ok(Change::audited(
            Some((stage.key.clone(), order.join(" -> "))),
            audit,
        ))
    })?;
    let Some((key, order)) = moved else {
        return Ok(());
    };
    context
        .term
        .say(&format!("{key} moved to {position}: {order}"));
    Ok(())
}

fn add(context: &Context, key: &str, after: &str, en: &str, ja: &str) -> Result<()> {
    let (new, order) = context.write("stages add", |tx| {
        let all = stages::all(tx)?;
        let key = stages::check_key(&all, key)?;
        let after = stages::find(&all, after)?;
        if stages::is_last(after, &all) {
            return Err(Failure::BadData(format!(
                "nothing can come after {}: it is the hire, the stage that closes an application",
                after.key
            ))
            .into());
        }
        let new = Stage {
            label_en: stages::check_label(&all, None, "--en", en, false)?,
            label_ja: stages::check_label(&all, None, "--ja", ja, true)?,
            position: after.position + 1,
            key,
        };
        stages::insert_after(tx, after, &new)?;
        let audit = Audit::new(None, format!("stage {} after {}", new.key, after.key));
        let order = stages::all(tx)?;
        Ok(Change::audited((new, order), audit))
    })?;
    context.term.say(&format!(
        "added {} ({} / {}) at {}: {}",
        new.key,
        new.label_ja,
        new.label_en,
        new.position,
        stages::keys(&order).join(" -> ")
    ));
    Ok(())
}

/// "1 application", "2 applications"; "history entry" becomes "entries".
fn plural(n: i64, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        (_, None) => format!("{n} {noun}s"),
    }
}
