//! Names that would drive a terminal (fixtures/hostile/control_names.csv:
//! an SGR colour sequence, a BEL, a right-to-left override, a C1 CSI)
//! are shown escaped by `list`, `search`, `show` and the messages that
//! quote them, and kept exactly by JSON.
//!
//! The text reader refuses the fixture for its control characters, so the
//! names are stored the ways that accept them: the row that holds only a
//! bidirectional control is imported, the others are typed with `alumni
//! add`.

use serde_json::Value;

use crate::common::pty::{press, spawn};
use crate::common::{Env, fixture, refused, refused_unchanged, stderr, stdout};
use crate::test_interface::settings;

/// One person of the fixture.
struct Person {
    employee_id: String,
    name: String,
    email: String,
    notes: String,
}

fn people() -> Vec<Person> {
    let mut reader = csv::Reader::from_path(fixture("hostile/control_names.csv")).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Person {
                employee_id: r[0].to_string(),
                name: r[1].to_string(),
                email: r[2].to_string(),
                notes: r[3].to_string(),
            }
        })
        .collect()
}

/// The characters a terminal would obey rather than show, found in `text`
/// (a line feed only starts a line, so it is allowed).
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(
                    c,
                    '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                        | '\u{061c}'
                )
        })
        .collect()
}

fn assert_no_raw_controls(what: &str, text: &str) {
    let raw = raw_controls(text);
    assert!(raw.is_empty(), "{what} printed {raw:?} raw:\n{text}");
}

/// The names of the fixture as a terminal shows them, in its order.
const SHOWN: [&str; 4] = [
    "\\u{1b}[31m赤井 太郎\\u{1b}[0m",
    "鈴木 鈴\\u{7}",
    "田中 \\u{202e}exe.gpj",
    "\\u{9b}2J佐藤 花子",
];

/// A database holding the four people of the fixture, in its order.
fn seeded() -> Env {
    let env = Env::empty();
    for person in people() {
        if raw_controls(&person.name).iter().all(|c| !c.is_control()) {
            // Only a bidirectional control: an import takes it as it is.
            let file = env.path("bidi.csv");
            let mut writer = csv::Writer::from_path(&file).unwrap();
            writer
                .write_record(["社員番号", "氏名", "メールアドレス", "備考"])
                .unwrap();
            writer
                .write_record([
                    &person.employee_id,
                    &person.name,
                    &person.email,
                    &person.notes,
                ])
                .unwrap();
            writer.flush().unwrap();
            let said = stderr(&env, &["import", file.to_str().unwrap()]);
            assert!(said.contains("1 inserted"), "{said}");
        } else {
            let said = stderr(
                &env,
                &[
                    "add",
                    "--name",
                    &person.name,
                    "--employee-id",
                    &person.employee_id,
                    "--email",
                    &person.email,
                    "--notes",
                    &person.notes,
                ],
            );
            assert_no_raw_controls("add", &said);
        }
    }
    env
}

#[test]
fn a_roster_holding_control_characters_is_refused_and_the_message_is_plain() {
    let env = seeded();
    let path = fixture("hostile/control_names.csv");
    let said = refused_unchanged(&env, &["import", path.to_str().unwrap()], 65);
    assert_no_raw_controls("import", &said);
    assert!(
        said.contains("control_names.csv: line 2: column 2: a control character (U+001B)"),
        "{said}"
    );
}

#[test]
fn list_search_and_show_print_the_names_escaped() {
    let env = seeded();
    let list = stdout(&env, &["list"]);
    assert_no_raw_controls("list", &list);
    for shown in SHOWN {
        assert!(list.contains(shown), "list lacks {shown:?}:\n{list}");
    }

    let search = stdout(&env, &["search", "example.jp"]);
    assert_no_raw_controls("search", &search);
    for shown in SHOWN {
        assert!(search.contains(shown), "search lacks {shown:?}:\n{search}");
    }
    let search = stdout(&env, &["search", "赤井"]);
    assert!(search.contains(SHOWN[0]), "{search}");
    assert!(!search.contains("鈴木"), "{search}");

    for (person, shown) in people().iter().zip(SHOWN) {
        let show = stdout(&env, &["show", &person.employee_id]);
        assert_no_raw_controls("show", &show);
        assert!(show.contains(shown), "show lacks {shown:?}:\n{show}");
    }
}

#[test]
fn the_table_of_escaped_names_stays_aligned() {
    let env = seeded();
    let list = stdout(&env, &["list"]);
    // Each line of a table is as wide as the others: the escapes were
    // measured as what they show, not as the characters they stand for.
    let widths: Vec<usize> = list
        .lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "{widths:?}\n{list}"
    );
    settings("alumni list (names holding control characters)").bind(|| {
        insta::assert_snapshot!("table__list_control_names", list);
    });
}

#[test]
fn json_keeps_the_names_exactly() {
    let env = seeded();
    let rows: Vec<Value> =
        serde_json::from_str(&stdout(&env, &["list", "--format", "json"])).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    let expected: Vec<String> = people().into_iter().map(|p| p.name).collect();
    assert_eq!(names, expected);
    for person in people() {
        let args = ["show", &person.employee_id, "--format", "json"];
        let one: Value = serde_json::from_str(&stdout(&env, &args)).unwrap();
        assert_eq!(one["name"], person.name.as_str());
        assert_eq!(one["notes"], person.notes.as_str());
    }
}

#[test]
fn messages_that_quote_a_name_show_it_escaped() {
    let env = seeded();
    let people = people();

    let said = stderr(&env, &["add", "--name", &people[1].name]);
    assert_no_raw_controls("add", &said);
    assert!(
        said.contains(&format!("added #5 {} as #5", SHOWN[1])),
        "{said}"
    );

    // A refusal that names who already has the address.
    let said = refused_unchanged(
        &env,
        &["add", "--name", "山田 太郎", "--email", &people[0].email],
        65,
    );
    assert_no_raw_controls("a refusal", &said);
    assert!(said.contains(SHOWN[0]), "{said}");

    // The question a merge asks, quoted by the refusal without --yes.
    let said = refused(&env, &["merge", "00903", "00904", "--force"], 2);
    assert_no_raw_controls("merge", &said);
    assert!(
        said.contains(&format!(
            "merge 00904 {} (#4) into 00903 {} (#3)",
            SHOWN[3], SHOWN[2]
        )),
        "{said}"
    );
}

#[test]
fn a_prompt_at_the_terminal_shows_the_names_escaped() {
    let env = seeded();
    let before = env.snapshot();
    let mut session = spawn(&env, &["merge", "00901", "00904", "--force"]);
    // rexpect reads the screen byte by byte: only the ASCII of the
    // escapes is looked for, and the raw sequences must be absent.
    let question = session.exp_string("and remove #4?").unwrap();
    assert!(question.contains("\\u{9b}2J"), "{question:?}");
    assert!(question.contains("\\u{1b}[31m"), "{question:?}");
    assert!(!question.contains("\u{1b}[31m"), "{question:?}");
    assert!(!question.contains("\u{9b}"), "{question:?}");
    press(&mut session, "n");
    session.exp_string("nothing merged").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(env.snapshot(), before);
}
