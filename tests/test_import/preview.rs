//! `alumni import FILE --dry-run`: before the line of each row, the preview
//! of the columns, each header with the field it goes to and its first
//! values, and the columns left out; held as snapshots in tests/snapshots/.
//! Nothing is written.

use crate::common::{Env, fixture};
use crate::test_interface::redacted;

/// The stdout of a dry run of fixtures/FILE on a fresh database, after
/// checking that it wrote nothing and that the preview of the columns comes
/// first.
fn preview(env: &Env, name: &str) -> String {
    let path = fixture(name).display().to_string();
    let before = env.snapshot();
    let output = env
        .alumni(&["import", &path, "--dry-run"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(env.snapshot(), before, "the dry run of {name} wrote");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("columns:\n"), "{stdout}");
    let left_out = stdout.find("  left out: ").expect("a left out line");
    let first_row = stdout.find(": insert ").expect("a row line");
    assert!(
        left_out < first_row,
        "the columns come after a row: {stdout}"
    );
    stdout
}

#[test]
fn the_dry_run_of_a_smarthr_export_previews_its_columns() {
    let env = Env::new();
    let text = preview(&env, "systems/smarthr.csv");
    redacted(&env, "alumni import fixtures/systems/smarthr.csv --dry-run").bind(|| {
        insta::assert_snapshot!("preview__import_smarthr", text);
    });
}

#[test]
fn the_dry_run_of_a_two_row_header_previews_its_columns() {
    let env = Env::new();
    let text = preview(&env, "systems/two_row_header.xlsx");
    redacted(
        &env,
        "alumni import fixtures/systems/two_row_header.xlsx --dry-run",
    )
    .bind(|| {
        insta::assert_snapshot!("preview__import_two_row_header", text);
    });
}
