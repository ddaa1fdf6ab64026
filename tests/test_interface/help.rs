//! The help of every command and subcommand, found by following the
//! "Commands:" list of each help from `alumni --help` down, at a fixed
//! width of 100 columns.

use std::collections::BTreeSet;
use std::path::Path;

use super::settings;
use crate::common::{Env, stderr_of, stdout_of};

/// `alumni PATH… --help`, 100 columns wide whatever the terminal.
fn help(env: &Env, path: &[String]) -> String {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    let output = env.alumni(&args).env("COLUMNS", "100").output().unwrap();
    assert!(
        output.status.success(),
        "alumni {args:?} failed: {}",
        stderr_of(&output)
    );
    assert_eq!(stderr_of(&output), "", "alumni {args:?} wrote to stderr");
    stdout_of(&output)
}

/// The names in the "Commands:" section of a help text, without clap's own
/// `help` subcommand (it takes command names, not `--help`; its text is the
/// one of the command it names).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

/// `help` for `alumni`, `help__pipeline__move` for `alumni pipeline move`.
fn snapshot_name(path: &[String]) -> String {
    std::iter::once("help".to_string())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join("__")
}

#[test]
fn the_help_of_every_command_is_as_reviewed() {
    let env = Env::new();
    let mut todo: Vec<Vec<String>> = vec![vec![]];
    let mut seen = BTreeSet::new();
    while let Some(path) = todo.pop() {
        let text = help(&env, &path);
        for name in subcommands(&text).into_iter().rev() {
            let mut sub = path.clone();
            sub.push(name);
            todo.push(sub);
        }
        let name = snapshot_name(&path);
        let command = std::iter::once("alumni")
            .chain(path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        settings(&format!("{command} --help")).bind(|| {
            insta::assert_snapshot!(name.clone(), text);
        });
        seen.insert(format!("{name}.snap"));
    }
    assert!(
        seen.len() > 40,
        "only {} commands were found: {seen:?}",
        seen.len()
    );

    // A command that was removed or renamed leaves its snapshot behind.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| (f == "help.snap" || f.starts_with("help__")) && f.ends_with(".snap"))
        .filter(|f| !seen.contains(f))
        .collect();
    assert!(
        stale.is_empty(),
        "snapshots of help of no command in tests/snapshots/: {stale:?}"
    );
}

#[test]
fn subcommands_are_read_from_the_commands_section_only() {
    let text = "About\n\nUsage: alumni x <COMMAND>\n\nCommands:\n  add   Add one\n        \
                wrapped description\n  list  List them\n  help  Print this message\n\n\
                Options:\n  -q, --quiet  Quiet\n";
    assert_eq!(subcommands(text), ["add", "list"]);
    assert!(subcommands("Usage: alumni x\n\nOptions:\n  -h, --help  Help\n").is_empty());
}
