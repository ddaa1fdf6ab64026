//! The manual pages: `alumni.1` and one page per subcommand
//! (`alumni-contact-add.1` …), rendered from the command line's own
//! definitions (the rest of this module) with clap_mangen. They are committed in
//! `man/`; `cargo run --example gen_man` writes them, and a test fails when
//! they differ from what this module renders.
//!
//! To clap_mangen's sections this adds EXAMPLES (from each command's
//! "Examples:" help), and to `alumni.1` ENVIRONMENT, FILES and EXIT STATUS.

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use super::Cli;

/// One manual page: its file name in `man/` and its roff source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub file_name: String,
    pub text: String,
}

/// Every page, `alumni.1` first, then the subcommands depth first.
pub fn pages() -> Vec<Page> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, true, &mut pages);
    pages
}

fn collect(cmd: &clap::Command, top: bool, pages: &mut Vec<Page>) {
    pages.push(render(cmd, top));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, false, pages);
    }
}

fn render(cmd: &clap::Command, top: bool) -> Page {
    let man = Man::new(cmd.clone())
        .manual("alumni manual")
        .source(concat!("alumni ", env!("CARGO_PKG_VERSION")));
    let mut text = preamble();
    let mut section = |render: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut buf = Vec::new();
        render(&mut buf).expect("writing to memory works");
        let piece = String::from_utf8(buf).expect("the help text is UTF-8");
        text.push_str(piece.strip_prefix(&preamble()).unwrap_or(&piece));
    };
    section(&|w| man.render_title(w));
    section(&|w| man.render_name_section(w));
    section(&|w| man.render_synopsis_section(w));
    section(&|w| man.render_description_section(w));
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        section(&|w| man.render_options_section(w));
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        section(&|w| man.render_subcommands_section(w));
    }
    if let Some(examples) = examples(cmd) {
        section(&|w| examples.to_writer(w));
    }
    if top {
        section(&|w| environment().to_writer(w));
        section(&|w| files().to_writer(w));
        section(&|w| exit_status().to_writer(w));
        if cmd.get_version().is_some() {
            section(&|w| man.render_version_section(w));
        }
    } else {
        section(&|w| see_also().to_writer(w));
    }
    Page {
        file_name: man.get_filename(),
        text,
    }
}

/// What roff's writer puts before every piece; kept once, at the top.
fn preamble() -> String {
    Roff::new().render()
}

/// The command's "Examples:" help (`after_help`), as lines kept as typed.
fn examples(cmd: &clap::Command) -> Option<Roff> {
    let help = cmd
        .get_after_long_help()
        .or(cmd.get_after_help())?
        .to_string();
    let mut lines = help.lines().peekable();
    lines.next_if(|l| matches!(l.trim_end(), "Example:" | "Examples:"));
    let mut roff = Roff::new();
    roff.control("SH", ["EXAMPLES"]);
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    Some(roff)
}

fn environment() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in [
        ("ALUMNI_DB", "The database file, when --db is not given."),
        (
            "ALUMNI_USER",
            "Who is named in the audit log as making a change [default: $USER].",
        ),
        (
            "NO_COLOR",
            "When set and not empty, prompts on a terminal are not coloured.",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(meaning)]);
    }
    roff
}

fn files() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["FILES"]);
    roff.control("TP", []);
    roff.text([bold("~/.local/share/alumni/alumni.db")]);
    roff.text([roman(
        "The database when neither --db nor ALUMNI_DB names one (on Linux; \
         elsewhere, alumni.db in the platform's user data directory). One SQLite \
         file in WAL mode; copy it while in use with alumni backup, never with cp.",
    )]);
    roff
}

fn exit_status() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (status, meaning) in [
        ("0", "Success."),
        (
            "1",
            "Anything else: no such alumnus, application or event; a database \
             written by a newer alumni; a file that is not a database; problems \
             found by alumni check; an I/O error.",
        ),
        (
            "2",
            "Usage: a missing or wrong option, or one that needs another \
             (--yes without a terminal, --force to replace a backup).",
        ),
        (
            "65",
            "Bad input data (EX_DATAERR): an unreadable file, an invalid row, \
             a refused value.",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(status)]);
        roff.text([roman(meaning)]);
    }
    roff
}

fn see_also() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["SEE ALSO"]);
    roff.text([bold("alumni"), roman("(1)")]);
    roff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_a_page_for_alumni_and_for_every_subcommand() {
        let pages = pages();
        let names: Vec<&str> = pages.iter().map(|p| p.file_name.as_str()).collect();
        assert_eq!(names[0], "alumni.1");
        for name in ["alumni-import.1", "alumni-contact-add.1", "alumni-backup.1"] {
            assert!(names.contains(&name), "{name} is not in {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    }

    #[test]
    fn the_preamble_is_written_once() {
        for page in pages() {
            assert_eq!(
                page.text.matches(&preamble()).count(),
                1,
                "{}",
                page.file_name
            );
            assert!(page.text.contains(".SH EXAMPLES"), "{}", page.file_name);
        }
    }
}
