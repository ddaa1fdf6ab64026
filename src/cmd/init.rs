//! `alumni init`: create the database.

use anyhow::Result;

use super::Context;

pub fn run(context: &Context) -> Result<()> {
    let existed = context.db_exists()?;
    context.create()?;
    let verb = if existed { "is ready" } else { "created" };
    context.term.say(&format!(
        "{}: database {verb} (schema {})",
        context.location,
        crate::db::schema_version()
    ));
    Ok(())
}
