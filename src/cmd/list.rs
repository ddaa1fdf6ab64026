//! `alumni list` and `alumni search TEXT`: the roster, filtered.

use anyhow::Result;

use super::Context;
use crate::cli::{ListArgs, RosterFilterArgs};
use crate::db::alumni::{self, Filter};
use crate::domain::Rehire;
use crate::domain::normalize;
use crate::error::Failure;
use crate::output::AlumniWriter;

pub fn run(context: &Context, text: Option<String>, args: &ListArgs) -> Result<()> {
    let roster = roster_filter(&args.filter)?;
    let filter = Filter {
        text: not_empty(text.as_deref(), "the search text")?,
        limit: args.limit,
        ..roster
    };
    let conn = context.open_db()?;
    let stdout = std::io::stdout().lock();
    let mut writer = AlumniWriter::new(args.output.format, std::io::BufWriter::new(stdout))?;
    alumni::for_each(&conn, &filter, |alumnus| writer.write(&alumnus))?;
    writer.finish()
}

/// The filter the roster flags ask for, shared by `list` and `export`.
pub(super) fn roster_filter(args: &RosterFilterArgs) -> Result<Filter> {
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
    Ok(Filter {
        department: not_empty(args.department.as_deref(), "--department")?,
        left_in: args.left_in,
        rehire,
        tag: not_empty(args.tag.as_deref(), "--tag")?,
        consent: args.consent,
        text: None,
        limit: None,
    })
}

/// A filter value, normalized like stored text. An empty one is refused: a
/// script's empty `--department "$DEPT"` must not list everyone.
pub(super) fn not_empty(value: Option<&str>, what: &str) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(raw) => normalize::text(raw)
            .map(Some)
            .ok_or_else(|| Failure::Usage(format!("{what} is empty")).into()),
    }
}
