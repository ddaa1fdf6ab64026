//! Giving the terminal back when Ctrl-C ends a prompt.
//!
//! dialoguer's select list hides the cursor and the prompts read keys in
//! raw mode; console answers a Ctrl-C there by raising SIGINT, whose default
//! action ends the process before the cursor is shown again. While a prompt
//! is open, SIGINT instead shows the cursor, puts back the terminal modes
//! the prompt started from (echo on, raw mode off) and exits with 130, as a
//! shell reports an interrupted command. Nothing has been written by then:
//! a prompt comes before its command's write, or inside a transaction that
//! SQLite rolls back. A handler that was there before (an export's removal
//! of its temporary file, `crate::fsutil::cleanup`) still runs after ours,
//! and a SIGINT the process was started with ignored stays ignored.

#[cfg(unix)]
mod imp {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Shows the cursor and starts a fresh line for the shell's prompt.
    const SHOW_CURSOR: &[u8] = b"\x1b[?25h\r\n";
    /// The exit status of a command ended by SIGINT.
    const INTERRUPTED: libc::c_int = 130;

    /// The terminal's modes before the first prompt, in cooked mode.
    static MODES: OnceLock<libc::termios> = OnceLock::new();
    /// The handler SIGINT had before the open prompt, called after ours.
    static PREVIOUS: AtomicUsize = AtomicUsize::new(libc::SIG_DFL);

    extern "C" fn on_interrupt(signal: libc::c_int) {
        // SAFETY: write, tcsetattr and _exit are async-signal-safe; the
        // modes were stored before the handler was installed, and the
        // previous handler is one the process installed itself.
        unsafe {
            libc::write(2, SHOW_CURSOR.as_ptr().cast(), SHOW_CURSOR.len());
            if let Some(modes) = MODES.get() {
                libc::tcsetattr(0, libc::TCSANOW, modes);
            }
            let previous = PREVIOUS.load(Ordering::SeqCst);
            if previous != libc::SIG_DFL && previous != libc::SIG_IGN {
                let handler: extern "C" fn(libc::c_int) = std::mem::transmute(previous);
                handler(signal);
            }
            libc::_exit(INTERRUPTED);
        }
    }

    /// The handler of one open prompt; the one before comes back on drop.
    pub struct Guard {
        previous: Option<libc::sigaction>,
    }

    /// Installs the handler for the prompt about to open.
    pub fn guard() -> Guard {
        // SAFETY: tcgetattr and sigaction write into values we own, and the
        // handler installed only calls async-signal-safe functions.
        unsafe {
            let mut modes: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut modes) == 0 {
                let _ = MODES.set(modes);
            }
            let mut previous: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(libc::SIGINT, std::ptr::null(), &mut previous) != 0
                || previous.sa_sigaction == libc::SIG_IGN
            {
                return Guard { previous: None };
            }
            PREVIOUS.store(previous.sa_sigaction, Ordering::SeqCst);
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            if libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut()) != 0 {
                return Guard { previous: None };
            }
            Guard {
                previous: Some(previous),
            }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(previous) = &self.previous {
                // SAFETY: putting back the action SIGINT had before.
                unsafe { libc::sigaction(libc::SIGINT, previous, std::ptr::null_mut()) };
            }
        }
    }
}

#[cfg(not(unix))]
mod imp {
    /// Without POSIX signals, Ctrl-C keeps its default action.
    pub struct Guard;

    pub fn guard() -> Guard {
        Guard
    }
}

pub use imp::guard;
