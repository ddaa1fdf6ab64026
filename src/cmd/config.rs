//! `alumni config get|set|list`: the settings kept in the database
//! (fiscal-year start, default language, default owner). Only known keys
//! are accepted, each value is checked, and every change gets an audit row.

use anyhow::Result;
use serde_json::json;

use super::{Context, listing};
use crate::cli::ListingArgs;
use crate::cli::targets::ConfigCommand;
use crate::db::settings::{self, Setting};
use crate::db::{Audit, Change};
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};

/// The settings as a listing; the column names are also its JSON keys.
static SETTINGS: Listing = Listing::fixed(
    "Settings",
    "settings",
    &[
        Column::shown("key"),
        Column::shown("value"),
        Column::shown("set"),
        Column::shown("default"),
        Column::shown("description"),
    ],
);

pub fn run(context: &Context, command: ConfigCommand) -> Result<()> {
    match command {
        ConfigCommand::Get { key } => get(context, &key),
        ConfigCommand::Set { key, value } => set(context, &key, &value),
        ConfigCommand::List { output } => list(context, &output),
    }
}

/// Prints the value, or the default; an unset setting without a default
/// prints nothing (and says so on stderr).
fn get(context: &Context, key: &str) -> Result<()> {
    let setting = Setting::find(key)?;
    let conn = context.reader()?;
    match settings::get(&conn, setting)?.or(setting.default_value().map(String::from)) {
        Some(value) => println!("{value}"),
        None => context.term.say(&format!(
            "{} is not set: {}",
            setting.key(),
            setting.description()
        )),
    }
    Ok(())
}

fn set(context: &Context, key: &str, raw: &str) -> Result<()> {
    let setting = Setting::find(key)?;
    let value = setting.check(raw).map_err(Failure::BadData)?;
    let changed = context.write("config set", |tx| {
        let before = settings::set(tx, setting, &value)?;
        if before.as_deref() == Some(value.as_str()) {
            return Ok(Change::discarded(false));
        }
        // The owner is a person's name: the audit log names the setting only.
        let detail = match setting {
            Setting::DefaultOwner => format!("{} changed", setting.key()),
            _ => format!(
                "{}: {} -> {value}",
                setting.key(),
                before.as_deref().unwrap_or("(not set)")
            ),
        };
        Ok(Change::audited(true, Audit::new(None, detail)))
    })?;
    if !changed {
        context
            .term
            .say(&format!("{} is already {value}", setting.key()));
        return Ok(());
    }
    context
        .term
        .say(&format!("{} set to {value}", setting.key()));
    Ok(())
}

fn list(context: &Context, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let mut rows = Vec::new();
    for setting in Setting::ALL {
        let stored = settings::get(&conn, setting)?;
        rows.push(Listed::new(json!({
            "key": setting.key(),
            "value": stored.clone().or(setting.default_value().map(String::from)),
            "set": stored.is_some(),
            "default": setting.default_value(),
            "description": setting.description(),
        })));
    }
    listing::print(&SETTINGS, args, rows)?;
    Ok(())
}
