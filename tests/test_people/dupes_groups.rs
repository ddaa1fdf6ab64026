//! `alumni dupes` on a roster where sixty people list one switchboard:
//! that block is one `group` row naming the search that lists them, not
//! its 1,770 pairs, while the pairs found by other keys are still listed.

use super::*;

fn switchboard() -> Env {
    let env = Env::new();
    env.import(&["shared_phone.csv"]);
    env
}

fn dupes_json(env: &Env) -> Vec<Value> {
    serde_json::from_str(&run(env, &["dupes", "--format", "json"])).unwrap()
}

#[test]
fn a_phone_shared_by_more_than_fifty_records_is_one_group_not_its_pairs() {
    let env = switchboard();
    let rows = dupes_json(&env);
    let groups: Vec<&Value> = rows.iter().filter(|r| r["kind"] == "group").collect();
    assert_eq!(groups.len(), 1, "{rows:?}");
    let group = groups[0];
    assert_eq!(group["records"], 60);
    assert_eq!(group["ids"].as_array().unwrap().len(), 60);
    assert_eq!(group["id"], id_of(&env, "P001"));
    let reason = group["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("60 records share the phone 03-5555-0100,"),
        "{reason}"
    );
    assert!(reason.contains("03-5555-0100"), "{reason}");
    // The switchboard gives no pair; the one person recorded twice among
    // them is still found by name, and the shared mobile by phone.
    let pairs: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r["kind"] == "pair")
        .map(|r| {
            (
                r["employee_id"].as_str().unwrap(),
                r["other_employee_id"].as_str().unwrap(),
                r["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("P059", "P060", "same name and reading, overlapping dates"),
            ("P061", "P062", "same phone"),
        ]
    );
}

#[test]
fn a_group_row_in_csv_holds_the_ids_of_all_its_records() {
    let env = switchboard();
    let out = run(
        &env,
        &["dupes", "--format", "csv", "--columns", "kind,records,ids"],
    );
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[0], "group");
    assert_eq!(&first[1], "60");
    let ids: Vec<i64> = first[2].split(',').map(|id| id.parse().unwrap()).collect();
    let expected: Vec<i64> = (1..=60).map(|n| id_of(&env, &format!("P{n:03}"))).collect();
    assert_eq!(ids, expected);
}

#[test]
fn dupes_says_on_stderr_that_a_group_was_not_paired() {
    let env = switchboard();
    let out = env.alumni(&["dupes", "--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let csv = stdout_of(&out);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let kinds: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[9].to_string())
        .collect();
    assert_eq!(kinds, ["group", "pair", "pair"], "{csv}");
    assert!(
        stderr_of(&out).contains("1 groups of more than 50 records"),
        "{}",
        stderr_of(&out)
    );
}
