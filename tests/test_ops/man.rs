//! The man pages in `man/`: one per command, rendered from the command
//! line's definitions, and up to date with them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

fn man_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("man")
}

/// The committed pages, by file name.
fn committed() -> BTreeMap<String, String> {
    std::fs::read_dir(man_dir())
        .unwrap_or_else(|e| panic!("{}: {e}", man_dir().display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "1"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

#[test]
fn the_man_pages_are_up_to_date() {
    let rendered: BTreeMap<String, String> = alumni::man::pages()
        .into_iter()
        .map(|page| (page.file_name, page.text))
        .collect();
    let committed = committed();
    let mut stale = Vec::new();
    for (name, text) in &rendered {
        match committed.get(name) {
            None => stale.push(format!("{name} is missing")),
            Some(old) if old != text => stale.push(format!("{name} differs")),
            Some(_) => {}
        }
    }
    for name in committed.keys().filter(|n| !rendered.contains_key(*n)) {
        stale.push(format!("{name} is of no command"));
    }
    assert!(
        stale.is_empty(),
        "man/ is out of date with the command line ({}).\n\
         Regenerate it with `cargo run --example gen_man` and commit man/.",
        stale.join(", ")
    );
}

#[test]
fn every_subcommand_has_a_page() {
    let cli = alumni::cli::Cli::command();
    let names = committed();
    for sub in cli.get_subcommands() {
        let page = format!("alumni-{}.1", sub.get_name());
        assert!(names.contains_key(&page), "no man/{page}");
        for nested in sub.get_subcommands() {
            let page = format!("alumni-{}-{}.1", sub.get_name(), nested.get_name());
            assert!(names.contains_key(&page), "no man/{page}");
        }
    }
    assert!(names.contains_key("alumni.1"));
}

#[test]
fn alumni_1_gives_the_exit_statuses() {
    let page = &committed()["alumni.1"];
    let section = page
        .split(".SH \"EXIT STATUS\"")
        .nth(1)
        .expect("an EXIT STATUS section");
    let section = section.split("\n.SH ").next().unwrap();
    let statuses: Vec<&str> = section
        .lines()
        .skip_while(|l| l.is_empty())
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0] == ".TP")
        .map(|w| w[1].trim_start_matches("\\fB").trim_end_matches("\\fR"))
        .collect();
    assert_eq!(statuses, ["0", "1", "2", "65"], "{section}");
}

#[test]
fn every_page_ends_with_its_examples_and_a_way_back() {
    for (name, page) in committed() {
        assert!(page.contains(".SH EXAMPLES"), "{name} has no examples");
        let last = if name == "alumni.1" {
            "VERSION"
        } else {
            "\"SEE ALSO\""
        };
        assert!(page.contains(&format!(".SH {last}")), "{name}");
    }
}
