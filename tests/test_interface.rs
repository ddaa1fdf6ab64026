//! What a person sees, held as snapshots in tests/snapshots/: the help of
//! every command, the main tables of the bundled example, and the main error
//! messages. A changed output fails until its snapshot has been reviewed and
//! accepted (`cargo insta review`, or `INSTA_UPDATE=always cargo test`).

mod errors;
mod examples;
mod help;
mod lang;
mod tables;

use std::path::Path;
use std::process::Output;

use crate::common::{Env, on_postgres, stderr_of, stdout_of};

/// Snapshots in tests/snapshots/, named by what they show (`help__kpi`,
/// `error__show_unknown`) rather than by the module that checks them, each
/// with the command it ran as its description.
pub fn settings(description: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(description);
    settings
}

/// [`settings`], with this test's work directory written `[TMP]` and the
/// project's directory (where the fixtures are) `[ROOT]`, since both differ
/// from run to run and machine to machine.
pub fn redacted(env: &Env, description: &str) -> insta::Settings {
    let mut settings = settings(description);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (path, name) in [(env.dir.path(), "[TMP]"), (root, "[ROOT]")] {
        settings.add_filter(&literal(&path.display().to_string()), name);
        if let Ok(real) = path.canonicalize() {
            settings.add_filter(&literal(&real.display().to_string()), name);
        }
    }
    if on_postgres() {
        // Where the database is: on PostgreSQL its URL, shown as the file.
        let url = env.db_arg().to_string_lossy().into_owned();
        settings.add_filter(&literal(&url), "[TMP]/alumni.db");
    }
    settings
}

/// A regular expression that matches `text` and nothing else.
fn literal(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs `alumni ARGS…`, which must fail without writing data, and returns
/// what a person sees of it: the command, its exit status and its stderr.
pub fn failure(env: &Env, args: &[&str]) -> String {
    let output: Output = env.alumni(args).output().unwrap();
    assert!(
        !output.status.success(),
        "alumni {args:?} succeeded: {}",
        stdout_of(&output)
    );
    assert_eq!(stdout_of(&output), "", "alumni {args:?} wrote data");
    format!(
        "$ alumni {}\nexit status: {}\n--- stderr\n{}",
        args.join(" "),
        output
            .status
            .code()
            .map_or("none (killed by a signal)".to_string(), |c| c.to_string()),
        stderr_of(&output)
    )
}
