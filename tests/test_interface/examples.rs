//! Every example a person is shown runs on the demo data: the `Example:` and
//! `Examples:` lines of every command's help, found by walking the command
//! tree, and the `alumni …` lines of README.md's code blocks. Each runs in
//! bash (examples use `>`, `||` and `$(…)`), as `alumni` on the PATH, in a
//! work directory holding the demo's files and a fresh copy of the demo
//! database (examples/demo.sh) as `$ALUMNI_DB`, with no terminal.
//!
//! An example that needs something the demo lacks (a roster file of your
//! own, a server's folders) says so in its comment (`# needs …`, or `(needs
//! …)` after what it does);
//! those must fail here, and all the others must succeed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use clap::CommandFactory;

/// How an example says that it cannot run on the demo data: in its
/// comment, after ` # `.
const NEEDS: &str = "needs ";

/// The demo's database and files in a directory of their own, made by
/// examples/demo.sh with the binary under test.
fn demo() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new("bash")
        .arg(root.join("examples/demo.sh"))
        .arg(dir.path().join("demo/alumni.db"))
        .env("ALUMNI_BIN", assert_cmd::cargo::cargo_bin("alumni"))
        .env("ALUMNI_USER", "tester")
        .env_remove("ALUMNI_DB")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "examples/demo.sh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

/// The example lines of one help text: the indented `alumni …` lines that
/// follow an `Example:` or `Examples:` line.
fn examples_in(help: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line == "Example:" || line == "Examples:" {
            inside = true;
        } else if inside && line.starts_with("  ") {
            let example = line.trim();
            if example.starts_with("alumni ") {
                found.push(example.to_string());
            }
        } else {
            inside = false;
        }
    }
    found
}

/// Every command and subcommand's examples, with the command they belong to.
fn help_examples() -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut todo = vec![(String::from("alumni"), alumni::cli::Cli::command())];
    while let Some((name, command)) = todo.pop() {
        if let Some(help) = command.get_after_help() {
            for example in examples_in(&help.to_string()) {
                found.push((name.clone(), example));
            }
        }
        for sub in command.get_subcommands() {
            todo.push((format!("{name} {}", sub.get_name()), sub.clone()));
        }
    }
    found
}

/// The `alumni …` lines of README.md's code blocks (indented by four).
fn readme_examples() -> Vec<(String, String)> {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(readme).unwrap();
    text.lines()
        .filter(|line| line.starts_with("    alumni "))
        .map(|line| ("README.md".to_string(), line.trim().to_string()))
        .collect()
}

/// Runs each example on a fresh copy of the demo and returns the problems:
/// an example that fails without saying it needs something, or one that
/// says so and runs all the same.
fn problems(examples: &[(String, String)]) -> Vec<String> {
    let demo = demo();
    let bin = assert_cmd::cargo::cargo_bin("alumni");
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut problems = Vec::new();
    for (command, example) in examples {
        let work = tempfile::tempdir().unwrap();
        copy_dir(&demo.path().join("demo"), work.path());
        for data in ["data", "events", "targets"] {
            copy_dir(
                &Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("examples")
                    .join(data),
                &work.path().join(data),
            );
        }
        let output = Command::new("bash")
            .arg("-o")
            .arg("pipefail")
            .arg("-c")
            .arg(example)
            .current_dir(work.path())
            .env("PATH", &path)
            .env("ALUMNI_DB", work.path().join("alumni.db"))
            .env("ALUMNI_USER", "tester")
            .env("HOME", work.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let needs = example
            .split_once(" # ")
            .is_some_and(|(_, comment)| comment.contains(NEEDS));
        match (output.status.success(), needs) {
            (true, false) | (false, true) => {}
            (false, false) => problems.push(format!(
                "{command}: `{example}` failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            )),
            (true, true) => problems.push(format!(
                "{command}: `{example}` says it needs something the demo lacks, but runs"
            )),
        }
    }
    problems
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn every_help_example_runs_on_the_demo_data_or_says_what_it_needs() {
    let examples = help_examples();
    assert!(
        examples.len() > 100,
        "only {} examples found",
        examples.len()
    );
    let problems = problems(&examples);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_readme_command_runs_on_the_demo_data_or_says_what_it_needs() {
    let examples = readme_examples();
    assert!(
        examples.len() > 10,
        "only {} commands found",
        examples.len()
    );
    let problems = problems(&examples);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_example_finder_reads_the_lines_under_examples_only() {
    let help = "Some text\n  alumni not-this\n\nExamples:\n  alumni list\n  \
                alumni kpi   # the current year\nMore text\n  alumni nor-this\n";
    assert_eq!(
        examples_in(help),
        ["alumni list", "alumni kpi   # the current year"]
    );
}
