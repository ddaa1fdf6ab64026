//! What is cleared or deleted outside an erasure is not left readable
//! either: every connection runs with `secure_delete`.

use super::{database_files, found_in};
use crate::common::{Env, stdout};

#[test]
fn a_cleared_note_is_gone_from_the_sqlite_files_and_a_merged_away_email_is_kept() {
    let env = Env::new();
    env.import(&["privacy/people.csv"]);
    stdout(
        &env,
        &[
            "add",
            "--name",
            "別人 ZZMERGE",
            "--email",
            "zzmerge.old@example.jp",
        ],
    );
    let files = database_files(&env);
    let held: usize = files
        .iter()
        .map(|p| found_in(p, &["QZVSECRETNOTE", "zzmerge.old"]).len())
        .sum();
    assert!(held > 0, "the values are in the file before");
    stdout(&env, &["edit", "QZV0917", "--clear", "notes"]);
    stdout(
        &env,
        &[
            "merge",
            "QZV0917",
            "zzmerge.old@example.jp",
            "--yes",
            "--force",
        ],
    );
    for path in database_files(&env) {
        let found = found_in(&path, &["QZVSECRETNOTE"]);
        assert!(found.is_empty(), "{} holds {found:?}", path.display());
    }
    // The merged-away email is no value cleared: the person keeps it as a
    // further email.
    let shown = stdout(&env, &["show", "QZV0917", "--format", "json"]);
    assert!(shown.contains("zzmerge.old@example.jp"), "{shown}");
}
