//! What a column is taken for: sensitive columns left out unless chosen by
//! hand, My Number never; a business name over the legal name, row by row;
//! two columns mapped to one name; and a 再雇用可否 of "unknown" that
//! erases nothing.

use std::fs;

use serde_json::Value;

use super::support::{field_by_id, file};
use crate::common::{Env, stderr};

/// The My Numbers of fixtures/import/sensitive.csv.
const MY_NUMBERS: [&str; 2] = ["918273645501", "918273645502"];

/// No My Number is anywhere in the database's files, in any table, index,
/// free page or journal.
fn assert_no_my_number_stored(env: &Env) {
    let stored = super::support::stored_text(env);
    for number in MY_NUMBERS {
        assert!(!stored.contains(number), "{number} is stored");
    }
    if env.url.is_some() {
        // PostgreSQL: no file of the database to read.
        return;
    }
    let mut files = vec![env.db.clone()];
    for suffix in ["-wal", "-journal"] {
        let path = env.db.with_file_name(format!("alumni.db{suffix}"));
        if path.exists() {
            files.push(path);
        }
    }
    for path in files {
        let bytes = fs::read(&path).unwrap();
        for number in MY_NUMBERS {
            assert!(
                !bytes.windows(number.len()).any(|w| w == number.as_bytes()),
                "{number} is in {}",
                path.display()
            );
        }
    }
}

#[test]
fn a_sensitive_column_is_left_out_with_one_line_naming_it() {
    let env = Env::new();
    let text = stderr(&env, &["import", &file("sensitive.csv")]);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("sensitive, not imported:"))
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].contains("生年月日"), "{text}");
    let notes = field_by_id(&env, "notes");
    assert!(notes.values().all(Value::is_null), "{notes:?}");
    let export = serde_json::to_string(&super::support::exported(&env)).unwrap();
    assert!(!export.contains("1990/05/17") && !export.contains("1990-05-17"));
    assert_no_my_number_stored(&env);
}

#[test]
fn a_sensitive_column_mapped_by_hand_is_imported() {
    let env = Env::new();
    let text = stderr(
        &env,
        &["import", &file("sensitive.csv"), "--map", "生年月日=notes"],
    );
    assert!(!text.contains("sensitive, not imported"), "{text}");
    assert_eq!(field_by_id(&env, "notes")["00301"], "1990/05/17");
    assert_eq!(field_by_id(&env, "notes")["00302"], "1994/11/02");
}

#[test]
fn my_number_is_never_imported_even_when_mapped_by_hand() {
    let env = Env::new();
    let text = stderr(
        &env,
        &[
            "import",
            &file("sensitive.csv"),
            "--map",
            "マイナンバー=notes",
            "--map",
            "生年月日=notes",
        ],
    );
    let warning = text
        .lines()
        .find(|l| l.starts_with("warning:") && l.contains("\"マイナンバー\""))
        .unwrap_or_else(|| panic!("no warning names the My Number column: {text}"));
    assert!(warning.contains("never imported"), "{warning}");
    // The birth date, chosen by hand, landed in the same field: the mapping
    // was read, and My Number alone was refused.
    assert_eq!(field_by_id(&env, "notes")["00301"], "1990/05/17");
    assert_no_my_number_stored(&env);
}

#[test]
fn the_business_name_wins_and_the_legal_name_fills_an_empty_one() {
    let env = Env::new();
    env.import(&["import/business_names.csv"]);
    let names = field_by_id(&env, "name");
    // 00301's legal surname is 森; 00302 has no business name.
    assert_eq!(names["00301"], "青木 一郎");
    assert_eq!(names["00302"], "石井 二葉");
}

#[test]
fn two_columns_mapped_to_the_name_are_joined_in_their_order() {
    let env = Env::new();
    stderr(
        &env,
        &[
            "import",
            &file("split_names.csv"),
            "--map",
            "Family=name",
            "--map",
            "Given=name",
        ],
    );
    let people = super::support::exported(&env);
    let names: Vec<&str> = people.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Aoki Ichiro", "Ishii Futaba"]);
}

#[test]
fn an_unknown_rehire_eligibility_erases_nothing() {
    let env = Env::new();
    env.import(&["import/rehire_yes.csv"]);
    assert_eq!(field_by_id(&env, "rehire_eligible")["00301"], "yes");
    let text = env.import(&["import/rehire_unknown.csv"]);
    assert_eq!(field_by_id(&env, "rehire_eligible")["00301"], "yes");
    assert!(text.contains("0 updated, 1 unchanged"), "{text}");
}
