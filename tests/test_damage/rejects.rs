//! `--rejects FILE` never costs data: the database, its journals, the files
//! being imported and symbolic links are refused before anything is read,
//! and the file appears whole, 0600, with formula-like cells neutralized.

use std::fs;

use super::{bytes_of, imported};
use crate::common::{Env, fixture, stderr_of};

/// A roster with one good row and one whose date is no date, and whose
/// name would be run as a formula by a spreadsheet.
fn roster_with_a_bad_row(env: &Env) -> String {
    let path = env.path("incoming.csv");
    fs::write(
        &path,
        "社員番号,氏名,退職日\n30001,新人　一郎,2024/3/31\n30002,=HYPERLINK(\"http://x\"),2024-13-45\n",
    )
    .unwrap();
    path.display().to_string()
}

/// Runs an import with `--skip-invalid --rejects target`, insists on exit
/// status 2 and on the database and the target being unchanged.
fn refused_target(env: &Env, input: &str, target: &str) -> String {
    let before = bytes_of(env);
    let target_before = fs::read(env.path(target)).ok();
    let output = env
        .alumni(&["import", input, "--skip-invalid", "--rejects", target])
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(
        output.status.code(),
        Some(2),
        "--rejects {target}: {stderr}"
    );
    assert!(
        bytes_of(env) == before,
        "--rejects {target} changed the database"
    );
    assert_eq!(fs::read(env.path(target)).ok(), target_before, "{target}");
    stderr
}

#[test]
fn the_database_and_its_journals_are_refused_as_rejects_files_on_sqlite() {
    let env = imported();
    let input = roster_with_a_bad_row(&env);
    let stderr = refused_target(&env, &input, "alumni.db");
    assert!(
        stderr.contains("--rejects alumni.db: is the database itself"),
        "{stderr}"
    );
    for journal in ["alumni.db-wal", "alumni.db-shm", "alumni.db-journal"] {
        let stderr = refused_target(&env, &input, journal);
        assert!(
            stderr.contains("is a journal file of the database"),
            "{stderr}"
        );
    }
    assert_eq!(env.count("alumni"), 10);
}

#[test]
fn an_input_file_is_refused_as_the_rejects_file() {
    let env = imported();
    let input = roster_with_a_bad_row(&env);
    let stderr = refused_target(&env, &input, "incoming.csv");
    assert!(
        stderr.contains("is one of the files being imported"),
        "{stderr}"
    );
}

#[test]
fn a_hard_link_to_the_database_is_refused_on_sqlite() {
    let env = imported();
    let input = roster_with_a_bad_row(&env);
    fs::hard_link(&env.db, env.path("linked.csv")).unwrap();
    let stderr = refused_target(&env, &input, "linked.csv");
    assert!(stderr.contains("is the database itself"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_refused_not_followed() {
    let env = imported();
    let input = roster_with_a_bad_row(&env);
    let victim = env.path("precious.txt");
    fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, env.path("rejects.csv")).unwrap();
    let stderr = refused_target(&env, &input, "rejects.csv");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
}

#[test]
fn the_rejects_file_is_private_and_neutralizes_formulas() {
    let env = Env::new();
    let input = roster_with_a_bad_row(&env);
    let output = env
        .alumni(&[
            "import",
            &input,
            "--skip-invalid",
            "--rejects",
            "rejects.csv",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(env.count("alumni"), 1);
    let text = fs::read_to_string(env.path("rejects.csv")).unwrap();
    let text = text.strip_prefix('\u{FEFF}').expect("a BOM");
    let rows = crate::common::parse_csv(text);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["氏名"], "'=HYPERLINK(\"http://x\")");
    assert_eq!(rows[0]["社員番号"], "30002");
    assert!(
        rows[0]["reason"].starts_with("row 3: 退職日"),
        "{:?}",
        rows[0]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(env.path("rejects.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Nothing but the database and the two files is left in the directory.
    let mut names: Vec<String> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("alumni.db"))
        .collect();
    names.sort();
    assert_eq!(names, ["incoming.csv", "rejects.csv"]);
}

#[test]
fn a_failed_import_leaves_an_earlier_rejects_file_as_it_was() {
    let env = imported();
    let input = roster_with_a_bad_row(&env);
    fs::write(env.path("rejects.csv"), "earlier rejects").unwrap();
    let damaged = fixture("damaged/unclosed_quote.csv");
    let before = bytes_of(&env);
    let output = env
        .alumni(&[
            "import",
            &input,
            damaged.to_str().unwrap(),
            "--skip-invalid",
            "--rejects",
            "rejects.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65), "{}", stderr_of(&output));
    assert!(bytes_of(&env) == before);
    assert_eq!(
        fs::read_to_string(env.path("rejects.csv")).unwrap(),
        "earlier rejects"
    );
    let leftovers: Vec<_> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
