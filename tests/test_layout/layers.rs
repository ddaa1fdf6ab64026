//! The layers of `src/`: which top-level module may use which. Commands
//! sit on top of importing, reporting and exporting, which sit on storage,
//! which sits on the domain; the command line is seen by the commands only,
//! and SQL is written, and SQLite named, in `db` only. Each rule is read from the source, so a
//! change that breaks one fails here, naming the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What each top-level module of `src/` may use. A module not listed here
/// fails the test until it is given a place.
const ALLOWED: &[(&str, &[&str])] = &[
    ("i18n", &[]),
    ("domain", &["i18n"]),
    ("error", &["i18n"]),
    ("db", &["domain", "error", "fsutil", "i18n"]),
    ("ingest", &["domain", "error", "i18n"]),
    ("output", &[]),
    ("fsutil", &["error"]),
    ("export", &["domain", "error", "fsutil", "i18n", "output"]),
    (
        "import",
        &[
            "db", "domain", "error", "fsutil", "i18n", "ingest", "output",
        ],
    ),
    ("report", &["db", "domain", "error", "i18n", "output"]),
    ("term", &["domain", "error", "i18n", "import", "output"]),
    ("cli", &["domain", "error", "export", "i18n", "import"]),
    (
        "cmd",
        &[
            "cli", "db", "domain", "error", "export", "i18n", "import", "ingest", "output",
            "report", "term",
        ],
    ),
];

/// The calls that run SQL; only `db` may make them.
const SQL_CALLS: [&str; 5] = [
    ".prepare(",
    ".prepare_cached(",
    ".execute(",
    ".execute_batch(",
    ".query_row(",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with the top-level module it belongs to.
fn sources(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src()).unwrap();
                let first = relative.components().next().unwrap().as_os_str();
                let module = Path::new(first).file_stem().unwrap().to_string_lossy();
                files.push((module.into_owned(), path));
            }
        }
    }
    files.sort();
    files
}

/// The source without comments (a `crate::x` in a doc comment is no use
/// of `x`); string literals are kept, which is on the safe side.
fn code(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file names through `crate::`: `crate::db::x`
/// and each first name of `crate::{db::x, domain::y}`.
fn used_modules(source: &str) -> BTreeSet<String> {
    let code = code(source);
    let mut used = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The names at depth one of the braces, each up to `::`, `,` or `}`.
            let mut depth = 1;
            let mut item = String::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => {
                        at_start = true;
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 && at_start {
                    if c.is_alphanumeric() || c == '_' {
                        item.push(c);
                        continue;
                    } else if !item.is_empty() {
                        used.insert(std::mem::take(&mut item));
                        at_start = false;
                    }
                }
            }
            if !item.is_empty() {
                used.insert(item);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            used.insert(name);
        }
    }
    used
}

#[test]
fn each_module_uses_only_the_layers_below_it() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (module, path) in sources(&src()) {
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(may_use) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "src/{module} has no place in the layers of this test"
            ));
            continue;
        };
        let source = std::fs::read_to_string(&path).unwrap();
        for used in used_modules(&source) {
            if used != module && !may_use.contains(&used.as_str()) {
                let file = path.strip_prefix(src()).unwrap().display();
                wrong.push(format!("src/{file} uses crate::{used}"));
            }
        }
    }
    assert!(wrong.is_empty(), "layers crossed:\n{}", wrong.join("\n"));
}

#[test]
fn the_allowed_layers_have_no_cycle() {
    // Depth-first, from every module: a module met again on the current
    // path closes a cycle.
    fn visit<'a>(
        module: &'a str,
        allowed: &BTreeMap<&'a str, &'a [&'a str]>,
        path: &mut Vec<&'a str>,
    ) {
        assert!(!path.contains(&module), "cycle: {path:?} -> {module}");
        path.push(module);
        for next in allowed.get(module).copied().unwrap_or_default() {
            visit(next, allowed, path);
        }
        path.pop();
    }
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    for module in allowed.keys() {
        visit(module, &allowed, &mut Vec::new());
    }
}

/// The lines of code outside `src/db` that `matches`, as `src/FILE:LINE: code`.
fn lines_outside_db(matches: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (module, path) in sources(&src()) {
        if module == "db" {
            continue;
        }
        let source = code(&std::fs::read_to_string(&path).unwrap());
        for (n, line) in source.lines().enumerate() {
            if matches(line) {
                let file = path.strip_prefix(src()).unwrap().display();
                found.push(format!("src/{file}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn only_db_runs_sql() {
    let found = lines_outside_db(|line| SQL_CALLS.iter().any(|call| line.contains(call)));
    assert!(
        found.is_empty(),
        "SQL outside src/db:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_db_knows_the_database_engine() {
    // The commands, reports and imports reach SQLite only through db's
    // types (`Db`, `Tx`), so another backend can sit behind them.
    let found = lines_outside_db(|line| line.contains("rusqlite"));
    assert!(
        found.is_empty(),
        "rusqlite outside src/db:\n{}",
        found.join("\n")
    );
}

#[test]
fn uses_are_read_from_paths_and_groups() {
    let source = "use crate::db::{self, alumni};\nuse crate::{domain::Field, error::Failure};\n\
                  // crate::cli in a comment\nlet x = crate::report::kpi(y);\n";
    let used: Vec<String> = used_modules(source).into_iter().collect();
    assert_eq!(used, ["db", "domain", "error", "report"]);
}
