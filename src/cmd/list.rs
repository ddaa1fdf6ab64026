//! `alumni list` and `alumni search TEXT`: the roster, filtered.

use anyhow::Result;

use super::Context;
use crate::cli::ListArgs;
use crate::db::alumni::{self, Filter};
use crate::domain::Rehire;
use crate::error::Failure;
use crate::ingest::normalize;
use crate::output::AlumniWriter;

pub fn run(context: &Context, text: Option<String>, args: &ListArgs) -> Result<()> {
    let rehire = match &args.rehire {
        Some(value) => Some(
            Rehire::parse(&normalize::text(value).unwrap_or_default())
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "--rehire {value:?}: use yes, review, no or unknown"
                    ))
                })?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    // Stored text is normalized; so is what is looked for.
    let filter = Filter {
        department: args.department.as_deref().and_then(normalize::text),
        left_in: args.left_in,
        rehire,
        tag: args.tag.as_deref().and_then(normalize::text),
        consent: args.consent.clone(),
        text: match text {
            Some(t) => Some(
                normalize::text(&t)
                    .ok_or_else(|| Failure::Usage("search for what? the text is empty".into()))?,
            ),
            None => None,
        },
        limit: args.limit,
    };
    let conn = context.open_db()?;
    let stdout = std::io::stdout().lock();
    let mut writer = AlumniWriter::new(args.format, std::io::BufWriter::new(stdout))?;
    alumni::for_each(&conn, &filter, |alumnus| writer.write(&alumnus))?;
    writer.finish()
}
