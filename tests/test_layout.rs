//! The test suite itself: with `autotests = false`, a test file that no
//! `mod` line reaches from tests/runner.rs is never compiled, and its tests
//! silently never run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod layers;

/// The modules a file declares with `mod name;` (not inline `mod name {`).
fn declared_modules(source: &str) -> Vec<String> {
    source
        .lines()
        .map(str::trim_start)
        .filter_map(|line| {
            let line = line
                .strip_prefix("pub(crate) ")
                .or_else(|| line.strip_prefix("pub(super) "))
                .or_else(|| line.strip_prefix("pub "))
                .unwrap_or(line);
            let name = line.strip_prefix("mod ")?.trim_end().strip_suffix(';')?;
            let name = name.trim();
            (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
                .then(|| name.to_string())
        })
        .collect()
}

/// Where the file of module `name`, declared in `parent`, lies: beside a
/// `runner.rs` or `mod.rs`, else in the folder named after `parent`.
fn module_file(parent: &Path, name: &str) -> Option<PathBuf> {
    let dir = match parent.file_name().and_then(|n| n.to_str()) {
        Some("runner.rs" | "mod.rs") => parent.parent().unwrap().to_path_buf(),
        _ => parent.with_extension(""),
    };
    [
        dir.join(format!("{name}.rs")),
        dir.join(name).join("mod.rs"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.insert(path);
        }
    }
}

/// The files reached by `mod` lines from `root`, `root` among them.
fn reached_from(root: &Path) -> BTreeSet<PathBuf> {
    let mut reached = BTreeSet::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(file) = todo.pop() {
        if !reached.insert(file.clone()) {
            continue;
        }
        let source = std::fs::read_to_string(&file).unwrap();
        for name in declared_modules(&source) {
            let child = module_file(&file, &name).unwrap_or_else(|| {
                panic!(
                    "{} declares `mod {name};` but no file holds it",
                    file.display()
                )
            });
            todo.push(child);
        }
    }
    reached
}

#[test]
fn every_test_file_is_part_of_the_runner() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let reached = reached_from(&tests.join("runner.rs"));
    let mut all = BTreeSet::new();
    rust_files(&tests, &mut all);
    let orphans: Vec<String> = all
        .difference(&reached)
        .map(|p| p.strip_prefix(&tests).unwrap().display().to_string())
        .collect();
    assert!(
        orphans.is_empty(),
        "these files under tests/ are reached by no `mod` line from tests/runner.rs, \
         so their tests never run: {orphans:?}"
    );
    assert!(
        reached.len() > 20,
        "only {} files were reached",
        reached.len()
    );
}

#[test]
fn mod_lines_are_read_as_rust_reads_them() {
    let source = "//! A test file.\n\nmod a;\npub mod b;\npub(crate) mod c;\n    mod d;\n\
                  // mod commented;\nmod inline {\n}\nuse super::*;\n";
    assert_eq!(declared_modules(source), ["a", "b", "c", "d"]);
}
