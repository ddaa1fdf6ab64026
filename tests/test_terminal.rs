//! What a person at a terminal sees: prompts in a real pseudo-terminal,
//! answered with the keys a person would press.

use crate::common::pty::{press, spawn};
use crate::common::{Env, fixture};

/// `alumni --db … ARGS` in a pseudo-terminal. (rexpect reads the screen
/// byte by byte, so only ASCII text is looked for on it.)
const DOWN: &str = "j";
const ENTER: &str = "\r";
/// What the Backspace key sends.
const BACKSPACE: &str = "\x7f";
const CTRL_C: &str = "\x03";

/// Presses a key as a person would: after the prompt has switched the
/// terminal to reading single keys (a key typed earlier waits for a line end).
#[test]
fn an_unknown_column_is_mapped_at_a_prompt_offering_the_likely_field_first() {
    let env = Env::new();
    let file = fixture("unknown_header.csv");
    let mut session = spawn(&env, &["import", file.to_str().unwrap()]);
    // The first question is about 人事コード; the likeliest field, employee_id,
    // comes right after "leave this column out".
    session.exp_string("which field is the column").unwrap();
    session
        .exp_string("> (leave this column out)\r\n  employee_id (")
        .unwrap();
    press(&mut session, DOWN);
    press(&mut session, ENTER);
    // The second is about 趣味: leave it out.
    session.exp_string("which field is the column").unwrap();
    press(&mut session, ENTER);
    // The answers are given back as the options a script would pass, and
    // a column left out on purpose is not warned about.
    let said = session.exp_string("3 inserted").unwrap();
    assert!(said.contains("=employee_id' --map '"), "{said}");
    assert!(said.contains("=ignore'"), "{said}");
    assert!(!said.contains("matches no roster field"), "{said}");
    session.exp_eof().unwrap();

    let ids: String = env.query("SELECT string_agg(employee_id, ',' ORDER BY id) FROM alumni");
    assert_eq!(ids, "00123,00124,00125");

    // A file with the same header row is read as answered, without asking.
    let next = env.path("next.csv");
    std::fs::write(&next, "人事コード,氏名,趣味\n00126,田中 一郎,将棋\n").unwrap();
    let mut session = spawn(&env, &["import", next.to_str().unwrap()]);
    let said = session.exp_string("1 inserted").unwrap();
    assert!(!said.contains("which field"), "{said}");
    session.exp_eof().unwrap();
    let ids: String = env.query("SELECT string_agg(employee_id, ',' ORDER BY id) FROM alumni");
    assert_eq!(ids, "00123,00124,00125,00126");
}

#[test]
fn add_asks_for_a_missing_name_at_the_terminal() {
    let env = Env::empty();
    let mut session = spawn(&env, &["add", "--email", "hanako@example.jp"]);
    session.exp_string("Name (").unwrap();
    session.send_line("山田　花子").unwrap();
    session.exp_string("added #1").unwrap();
    session.exp_eof().unwrap();
    let name: String = env.query("SELECT name FROM alumni WHERE email = 'hanako@example.jp'");
    assert_eq!(name, "山田 花子");
}

#[test]
fn merge_asks_for_confirmation_at_the_terminal() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    env.alumni(&["add", "--name", "山田 太郎", "--employee-id", "09123"])
        .assert()
        .success();
    let mut session = spawn(&env, &["merge", "00123", "09123"]);
    session.exp_string("and remove #11?").unwrap();
    press(&mut session, "y");
    session.exp_string("merged #11 into #1").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(env.count("alumni"), 10);
}

#[test]
fn merge_declined_at_the_terminal_changes_nothing() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    env.alumni(&["add", "--name", "山田 太郎", "--employee-id", "09123"])
        .assert()
        .success();
    let before = env.snapshot();
    let mut session = spawn(&env, &["merge", "00123", "09123"]);
    session.exp_string("and remove #11?").unwrap();
    press(&mut session, "n");
    session.exp_string("nothing merged").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(env.snapshot(), before);
}

/// What the person sees of one prompt line: the bytes the program wrote,
/// decoded and played on a row of terminal cells. Printing, `\r`, moving
/// left or right (`ESC[nD`, `ESC[nC`), erasing to the end of the line or
/// all of it (`ESC[K`, `ESC[2K`, `ESC[J`) and showing or hiding the cursor
/// are understood; any other sequence fails the test rather than being
/// guessed at. A wide character takes two cells, and one cut in half by an
/// erase still shows, as terminals leave it.
fn screen_line(bytes: &[u8]) -> String {
    #[derive(Clone, PartialEq)]
    enum Cell {
        Blank,
        Char(char),
        /// The right half of a wide character.
        Rest,
    }
    let text = String::from_utf8(bytes.to_vec()).expect("the screen is UTF-8");
    let mut cells: Vec<Cell> = Vec::new();
    let mut cursor: usize = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => cursor = 0,
            '\n' => {
                cells.clear();
                cursor = 0;
            }
            '\x1b' => {
                assert_eq!(chars.next(), Some('['), "an escape sequence in {text:?}");
                let mut parameter = String::new();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if c.is_ascii_digit() || c == '?' {
                        parameter.push(c);
                    } else {
                        last = c;
                        break;
                    }
                }
                let n: usize = parameter.parse().unwrap_or(1);
                match (last, parameter.as_str()) {
                    ('D', _) => cursor = cursor.saturating_sub(n),
                    ('C', _) => cursor += n,
                    ('K' | 'J', "" | "0") => cells.truncate(cursor),
                    ('K', "2") => cells.clear(),
                    ('h' | 'l', "?25") => {}
                    _ => panic!("unexpected sequence ESC[{parameter}{last} in {text:?}"),
                }
            }
            c => {
                let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if cells.len() < cursor + width {
                    cells.resize(cursor + width, Cell::Blank);
                }
                cells[cursor] = Cell::Char(c);
                if width == 2 {
                    cells[cursor + 1] = Cell::Rest;
                }
                cursor += width;
            }
        }
    }
    cells
        .iter()
        .filter_map(|cell| match cell {
            Cell::Blank => Some(' '),
            Cell::Char(c) => Some(*c),
            Cell::Rest => None,
        })
        .collect()
}

/// What rexpect has read, one char per byte, back as the bytes written.
fn bytes_of(read: &str) -> Vec<u8> {
    read.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("rexpect keeps bytes"))
        .collect()
}

/// Everything the program has written that rexpect has read so far.
fn drain(session: &mut rexpect::session::PtySession) -> String {
    std::thread::sleep(std::time::Duration::from_millis(500));
    let mut read = String::new();
    while let Some(c) = session.try_read() {
        read.push(c);
    }
    read
}

#[test]
fn japanese_typed_at_a_prompt_is_saved_as_shown_after_backspaces() {
    let env = Env::empty();
    let mut session = spawn(&env, &["add", "--email", "kana@example.jp"]);
    let mut screen = session.exp_string("Name (").unwrap();
    screen.push_str("Name (");
    for key in ["あ", "い", "う", "え", "お", BACKSPACE, BACKSPACE] {
        press(&mut session, key);
    }
    screen.push_str(&drain(&mut session));
    // Each Backspace erased both columns of お and え.
    assert_eq!(screen_line(&bytes_of(&screen)), "Name (氏名): あいう");
    press(&mut session, ENTER);
    session.exp_string("added #1").unwrap();
    session.exp_eof().unwrap();

    let out = env.alumni(&["list", "--format", "json"]).assert().success();
    let listed: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(listed[0]["name"], "あいう", "{listed}");
}

#[test]
fn the_line_player_sees_a_one_column_erase_leave_half_a_wide_character() {
    // What the prompt used to write: two Backspaces over お and え, one
    // column each, which leaves え on the screen.
    let bytes = "Name: あいうえお\x1b[1D\x1b[0K\x1b[1D\x1b[0K".as_bytes();
    assert_eq!(screen_line(bytes), "Name: あいうえ");
}

#[test]
fn ctrl_c_at_a_select_list_shows_the_cursor_again_and_exits_130() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    env.alumni(&["pipeline", "add", "00123", "--date", "2026-10-01"])
        .assert()
        .success();
    let before = env.snapshot();
    let mut session = spawn(&env, &["pipeline", "move", "1", "--date", "2026-10-02"]);
    let mut screen = session.exp_string("Move application 1").unwrap();
    screen.push_str(&session.exp_string("> interested").unwrap());
    assert!(screen.contains("\x1b[?25l"), "the list hides the cursor");
    interrupt(session, &env, &before);
}

#[test]
fn ctrl_c_at_a_text_prompt_exits_130_and_adds_nobody() {
    let env = Env::empty();
    let before = env.snapshot();
    let mut session = spawn(&env, &["add", "--email", "kana@example.jp"]);
    session.exp_string("Name (").unwrap();
    press(&mut session, "あ");
    interrupt(session, &env, &before);
}

/// Presses Ctrl-C at the open prompt: the cursor is shown again, the
/// command exits 130, and the database is as it was (`before`).
fn interrupt(mut session: rexpect::session::PtySession, env: &Env, before: &str) {
    press(&mut session, CTRL_C);
    let after = session.exp_eof().unwrap();
    assert!(
        after.contains("\x1b[?25h"),
        "cursor not shown again: {after:?}"
    );
    let status = session.process().wait().unwrap();
    assert!(
        matches!(status, rexpect::process::WaitStatus::Exited(_, 130)),
        "{status:?}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn the_stage_picker_starts_on_the_stage_after_the_current_one() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    env.alumni(&["pipeline", "add", "00123", "--date", "2026-10-01"])
        .assert()
        .success();
    env.alumni(&["pipeline", "move", "1", "applied", "--date", "2026-10-02"])
        .assert()
        .success();
    let mut session = spawn(&env, &["pipeline", "move", "1", "--date", "2026-10-03"]);
    session.exp_string("from applied to").unwrap();
    session.exp_string("> screening").unwrap();
    press(&mut session, ENTER);
    session.exp_string("-> screening").unwrap();
    session.exp_eof().unwrap();
    let stage: String = env.query("SELECT stage FROM applications WHERE id = 1");
    assert_eq!(stage, "screening");
}
