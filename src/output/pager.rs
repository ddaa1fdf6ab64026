//! Standard output, through the pager when a person reads it: `$PAGER`
//! (`less -FRX` when unset, which prints a short output as it is and
//! leaves it on the screen), only when standard output is a terminal and
//! `--no-pager` was not given. `PAGER=` (empty) or `PAGER=cat` means none.
//!
//! A person who quits the pager before the end closes its input: the next
//! write fails with a broken pipe, which `alumni::main` takes as a quiet
//! success.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

/// What `$PAGER` unset means: quit at once when the output fits the
/// screen (-F), pass colours through (-R), and leave the screen as it is
/// on leaving (-X), as git does.
const DEFAULT_PAGER: &str = "less -FRX";

/// Whether output may go through the pager (`--no-pager` turns it off).
static PAGING: AtomicBool = AtomicBool::new(true);

/// Says whether output may go through the pager; `alumni::cmd::run` sets
/// it once from `--no-pager`.
pub fn allow(paging: bool) {
    PAGING.store(paging, Ordering::Relaxed);
}

/// The pager command to run, if output should go through one.
fn command() -> Option<String> {
    if !PAGING.load(Ordering::Relaxed) || !io::stdout().is_terminal() {
        return None;
    }
    let pager = match std::env::var("PAGER") {
        Ok(pager) => pager,
        Err(_) => DEFAULT_PAGER.to_string(),
    };
    let pager = pager.trim();
    (!pager.is_empty() && pager != "cat").then(|| pager.to_string())
}

/// Standard output, buffered, or the input of a running pager.
pub struct Stdout {
    out: Option<BufWriter<Sink>>,
    pager: Option<Child>,
}

enum Sink {
    Plain(io::Stdout),
    Pager(ChildStdin),
}

impl Stdout {
    /// Standard output, through the pager if one is wanted and starts;
    /// a pager that cannot be started is done without.
    pub fn open() -> Stdout {
        if let Some(pager) = command() {
            // Through the shell, as git and man do: `PAGER='less -S'`.
            let started = Command::new("sh")
                .arg("-c")
                .arg(&pager)
                .stdin(Stdio::piped())
                .spawn();
            if let Ok(mut child) = started
                && let Some(input) = child.stdin.take()
            {
                return Stdout {
                    out: Some(BufWriter::new(Sink::Pager(input))),
                    pager: Some(child),
                };
            }
        }
        Stdout {
            out: Some(BufWriter::new(Sink::Plain(io::stdout()))),
            pager: None,
        }
    }

    /// Writes what is left, closes the pager's input and waits for the
    /// person to quit it.
    pub fn close(mut self) -> io::Result<()> {
        self.end()
    }

    fn end(&mut self) -> io::Result<()> {
        let flushed = match self.out.take() {
            Some(mut out) => out.flush(),
            None => Ok(()),
        };
        if let Some(mut pager) = self.pager.take() {
            pager.wait()?;
        }
        flushed
    }
}

impl Drop for Stdout {
    /// On an error the pager is still waited for, so the terminal is the
    /// pager's until it ends, and the error is printed after it.
    fn drop(&mut self) {
        let _ = self.end();
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.out {
            Some(out) => out.write(buf),
            None => Err(io::ErrorKind::BrokenPipe.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Plain(out) => out.write(buf),
            Sink::Pager(input) => input.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(out) => out.flush(),
            Sink::Pager(input) => input.flush(),
        }
    }
}
