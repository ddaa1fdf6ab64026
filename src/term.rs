//! The terminal: messages on stderr, prompts and progress bars only when a
//! person is there to see them, and nothing but errors with `--quiet`.
//!
//! Messages and prompts quote stored and imported text (names, cells, file
//! names), so everything written here goes through `output::visible`: an
//! escape sequence in a name is shown, never obeyed.

mod interrupt;
mod line;

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::domain::Field;
use crate::error::Failure;
use crate::i18n::tr;
use crate::import::{Answer, Hooks};
use crate::output::visible;

/// What the process is attached to.
#[derive(Clone, Copy, Debug)]
pub struct Terminal {
    pub quiet: bool,
    /// Someone can answer prompts: stdin and stderr are both terminals.
    pub interactive: bool,
    /// Progress can be drawn: stderr is a terminal and not `--quiet`.
    pub progress: bool,
    pub color: bool,
}

impl Terminal {
    pub fn detect(quiet: bool) -> Terminal {
        let stderr = std::io::stderr().is_terminal();
        Terminal {
            quiet,
            interactive: std::io::stdin().is_terminal() && stderr,
            progress: stderr && !quiet,
            color: stderr && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// A message for the person (stderr), unless `--quiet`.
    pub fn say(&self, message: &str) {
        if !self.quiet {
            eprintln!("{}", visible(message));
        }
    }

    pub fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!(
                "{}",
                tr!("warning", message = visible(message).into_owned())
            );
        }
    }

    fn theme(&self) -> Box<dyn Theme> {
        if self.color {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        }
    }

    /// A value the command needs: asked for on a terminal, else a usage
    /// error that names the flag to give.
    pub fn require(
        &self,
        value: Option<String>,
        flag: &str,
        prompt: &str,
    ) -> anyhow::Result<String> {
        if let Some(value) = value {
            return Ok(value);
        }
        if !self.interactive {
            return Err(Failure::Usage(tr!("missing-flag-no-terminal", flag = flag)).into());
        }
        let _restore = interrupt::guard();
        Ok(line::read(self.theme().as_ref(), &visible(prompt))?)
    }

    /// One of `items`, by index: asked for with a select list on a terminal,
    /// else a usage error that names the flag to give.
    pub fn choose(&self, flag: &str, prompt: &str, items: &[String]) -> anyhow::Result<usize> {
        self.choose_from(flag, prompt, items, 0)
    }

    /// [`Terminal::choose`], with the list starting on `start` (the answer
    /// Enter gives).
    pub fn choose_from(
        &self,
        flag: &str,
        prompt: &str,
        items: &[String],
        start: usize,
    ) -> anyhow::Result<usize> {
        if !self.interactive {
            return Err(Failure::Usage(tr!("missing-flag-no-terminal", flag = flag)).into());
        }
        let items: Vec<_> = items.iter().map(|item| visible(item)).collect();
        let _restore = interrupt::guard();
        let choice = dialoguer::Select::with_theme(self.theme().as_ref())
            .with_prompt(visible(prompt))
            .items(&items)
            .default(start.min(items.len().saturating_sub(1)))
            .interact_opt()?;
        choice.ok_or_else(|| Failure::Usage(tr!("nothing-chosen", flag = flag)).into())
    }

    /// Asks "are you sure?" on a terminal; without one, `yes` (from
    /// `--yes`) must have been given.
    pub fn confirm(&self, prompt: &str, yes: bool) -> anyhow::Result<bool> {
        if yes {
            return Ok(true);
        }
        if !self.interactive {
            return Err(Failure::Usage(tr!("confirm-needs-yes", question = prompt)).into());
        }
        let _restore = interrupt::guard();
        Ok(dialoguer::Confirm::with_theme(self.theme().as_ref())
            .with_prompt(visible(prompt))
            .default(false)
            .interact()?)
    }

    /// Offers a choice of fields for a column nothing matched.
    pub fn choose_field(&self, file: &Path, header: &str, free: &[Field]) -> Answer {
        if !self.interactive {
            return Answer::Unanswered;
        }
        let mut items = vec![tr!("prompt-leave-column-out")];
        items.extend(
            free.iter()
                .map(|f| format!("{} ({})", f.column(), f.label_ja())),
        );
        let _restore = interrupt::guard();
        let choice = dialoguer::Select::with_theme(self.theme().as_ref())
            .with_prompt(
                visible(&tr!(
                    "prompt-which-field",
                    file = file.display().to_string(),
                    header = format!("{header:?}")
                ))
                .into_owned(),
            )
            .items(&items)
            .default(0)
            .interact_opt()
            .ok()
            .flatten();
        match choice {
            None => Answer::Unanswered,
            Some(0) => Answer::LeaveOut,
            Some(i) => Answer::Field(free[i - 1]),
        }
    }

    /// A progress bar over `total` bytes (a spinner when the size says
    /// nothing). It starts hidden: [`Terminal::reveal`] shows it once the
    /// work has taken long enough to be worth watching.
    pub fn progress_bar(&self, total: Option<u64>) -> ProgressBar {
        let style = match total {
            Some(_) => ProgressStyle::with_template("{msg} [{bar:30}] {percent}% eta {eta}")
                .expect("the template is valid")
                .progress_chars("=> "),
            None => ProgressStyle::with_template("{msg} {spinner} {pos} rows")
                .expect("the template is valid"),
        };
        ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden()).with_style(style)
    }

    /// Shows a bar made by [`Terminal::progress_bar`] after a second, where
    /// someone can see it: quick work does not flash a bar.
    pub fn reveal(&self, bar: &ProgressBar, started: Instant) {
        if self.progress && bar.is_hidden() && started.elapsed() >= Duration::from_secs(1) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(200));
        }
    }
}

/// The import's hooks on a terminal (or on none).
pub struct ImportTerminal {
    pub term: Terminal,
    bar: Option<ProgressBar>,
    /// When the current file was started.
    started: Instant,
    file: String,
    problems: u64,
}

/// How many refused rows are listed one by one before the rest are counted.
const PROBLEMS_SHOWN: u64 = 100;

impl ImportTerminal {
    pub fn new(term: Terminal) -> ImportTerminal {
        ImportTerminal {
            term,
            bar: None,
            started: Instant::now(),
            file: String::new(),
            problems: 0,
        }
    }

    /// Clears the bar and says how many problems were not listed.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if self.problems > PROBLEMS_SHOWN {
            eprintln!(
                "{}",
                tr!(
                    "import-more-problems",
                    count = self.problems - PROBLEMS_SHOWN
                )
            );
        }
    }

    fn print(&self, message: &str) {
        let message = visible(message);
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }
}

impl Hooks for ImportTerminal {
    fn can_ask(&self) -> bool {
        self.term.interactive
    }

    fn ask_field(&mut self, file: &Path, header: &str, free: &[Field]) -> Answer {
        match &self.bar {
            Some(bar) => bar.suspend(|| self.term.choose_field(file, header, free)),
            None => self.term.choose_field(file, header, free),
        }
    }

    fn start_file(&mut self, file: &Path, size: Option<u64>) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.started = Instant::now();
        self.file = visible(&file.display().to_string()).into_owned();
        let bar = self.term.progress_bar(size);
        bar.set_message(self.file.clone());
        self.bar = Some(bar);
    }

    fn progress(&mut self, rows: u64, bytes: Option<u64>) {
        if let Some(bar) = &self.bar {
            self.term.reveal(bar, self.started);
            match bytes {
                Some(bytes) => {
                    bar.set_position(bytes);
                    bar.set_message(tr!("import-progress-rows", file = &self.file, rows = rows));
                }
                None => bar.set_position(rows),
            }
        }
    }

    fn warn(&mut self, message: &str) {
        if !self.term.quiet {
            self.print(&tr!("warning", message = message));
        }
    }

    fn problem(&mut self, message: &str) {
        self.problems += 1;
        if self.problems <= PROBLEMS_SHOWN {
            self.print(message);
        }
    }

    fn change(&mut self, message: &str) {
        let message = visible(message);
        match &self.bar {
            Some(bar) => bar.suspend(|| println!("{message}")),
            None => println!("{message}"),
        }
    }

    fn note(&mut self, message: &str) {
        if !self.term.quiet {
            self.print(message);
        }
    }
}
