//! An export imports back: `alumni export roster` in CSV, xlsx and JSON
//! lands in a fresh database with every roster field equal, its internal
//! columns skipped without a word; and a JSON roster that is not an array
//! of objects of one shape is refused, naming the row.

use serde_json::{Map, Value};

use super::support::{exported, file, filled, refused_bytes_unchanged};
use crate::common::{Env, stdout};

/// Columns of the export that are the database's own, not roster fields:
/// an import skips them, so they differ between the two databases.
const INTERNAL: [&str; 7] = [
    "id",
    "created_at",
    "updated_at",
    "rehire_source",
    "consent",
    "consent_date",
    "consent_purpose",
];

fn roster_fields(people: Vec<Map<String, Value>>) -> Vec<Map<String, Value>> {
    people
        .into_iter()
        .map(|mut person| {
            for column in INTERNAL {
                person.remove(column);
            }
            person
        })
        .collect()
}

/// The ten people of roster_utf8_bom.csv and the four of SmartHR's export,
/// with tags, notes of several lines (with a comma and quotes, which CSV
/// must quote) and a leave type set by hand.
fn source() -> Env {
    let env = Env::new();
    env.import(&["roster_utf8_bom.csv", "systems/smarthr.csv"]);
    stdout(
        &env,
        &[
            "edit",
            "00101",
            "--tags",
            "boomerang,営業",
            "--notes",
            "2024年に面談\n再応募を歓迎, \"要連絡\"",
            "--leave-type",
            "voluntary",
        ],
    );
    stdout(&env, &["edit", "00123", "--tags", "alumni-event"]);
    env
}

/// The source holds what a round trip could lose, so that the comparison
/// below cannot pass on a roster too plain to tell.
fn assert_source_is_rich(people: &[Map<String, Value>]) {
    let p = people
        .iter()
        .find(|p| p["employee_id"] == "00101")
        .expect("00101 is in the source");
    assert_eq!(p["tags"], serde_json::json!(["boomerang", "営業"]));
    assert!(p["notes"].as_str().unwrap().contains('\n'), "{p:?}");
    assert_eq!(p["employment_type"], "full_time");
    assert_eq!(p["leave_type"], "voluntary");
    assert!(people.len() == 14, "{} people in the source", people.len());
}

fn assert_round_trip(format: &str) {
    let source = source();
    let want = exported(&source);
    assert_source_is_rich(&want);
    let out = source.path(&format!("roster.{format}"));
    let out = out.display().to_string();
    stdout(
        &source,
        &["export", "roster", "--format", format, "--out", &out],
    );

    let fresh = Env::new();
    let output = fresh.alumni(&["import", &out]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "import of the {format} export: {stderr}"
    );
    assert!(
        !stderr.to_lowercase().contains("warning"),
        "the {format} export's internal columns drew a warning: {stderr}"
    );
    assert_eq!(
        roster_fields(exported(&fresh)),
        roster_fields(want),
        "the {format} export does not import back to the same roster"
    );
}

#[test]
fn a_csv_export_imports_back_with_every_field_equal() {
    assert_round_trip("csv");
}

#[test]
fn an_xlsx_export_imports_back_with_every_field_equal() {
    assert_round_trip("xlsx");
}

#[test]
fn a_json_export_imports_back_with_every_field_equal() {
    assert_round_trip("json");
}

#[test]
fn a_json_object_with_a_key_the_first_lacks_is_refused_naming_the_row() {
    let env = filled();
    let stderr = refused_bytes_unchanged(&env, &["import", &file("extra_key.json")]);
    assert!(stderr.contains("extra_key.json"), "{stderr}");
    assert!(stderr.contains("row 3"), "{stderr}");
    assert!(stderr.contains("\"email\""), "{stderr}");
}

#[test]
fn a_truncated_json_roster_is_refused() {
    let env = filled();
    let stderr = refused_bytes_unchanged(&env, &["import", &file("truncated.json")]);
    assert!(stderr.contains("truncated.json"), "{stderr}");
    assert!(stderr.contains("not a roster in JSON"), "{stderr}");
}

#[test]
fn a_json_key_given_twice_is_refused_naming_the_row() {
    let env = filled();
    let stderr = refused_bytes_unchanged(&env, &["import", &file("duplicate_key.json")]);
    assert!(
        stderr.contains("row 2: the key \"name\" is given twice"),
        "{stderr}"
    );
}

#[test]
fn an_id_column_beside_employee_id_is_not_the_employee_id() {
    let env = Env::new();
    env.import(&["import/export_ids.csv"]);
    assert_eq!(super::support::employee_ids(&env), ["00301", "00302"]);
}

#[test]
fn a_hand_made_id_column_alone_is_the_employee_id() {
    let env = Env::new();
    env.import(&["import/hand_ids.csv"]);
    assert_eq!(super::support::employee_ids(&env), ["A-17", "A-18"]);
    let stderr = env.import(&["import/hand_ids.csv"]);
    assert!(
        stderr.contains("0 inserted, 0 updated, 2 unchanged"),
        "{stderr}"
    );
}
