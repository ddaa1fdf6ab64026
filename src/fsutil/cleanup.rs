//! Removing an export's temporary file when the process is interrupted.
//!
//! `timeout` in a cron job sends SIGTERM, a closing terminal SIGHUP and
//! Ctrl-C SIGINT. Each would otherwise leave `.NAME.PID-N.tmp` behind. The
//! handler does only what is safe in a signal handler: unlink the path
//! (prepared beforehand), restore the default action and raise the signal
//! again, so that the process still ends as killed by it. A signal the
//! process was started with ignored (`nohup`) stays ignored. The journal
//! SQLite keeps beside a backup's temporary file (`NAME-journal`) goes too.

#[cfg(unix)]
mod imp {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::sync::Once;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// The temporary file to remove, as a C string; null when there is none.
    static TEMP: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
    /// Its journal, `TEMP-journal`, set and cleared with it.
    static JOURNAL: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
    static INSTALL: Once = Once::new();
    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    extern "C" fn on_signal(signal: libc::c_int) {
        let path = TEMP.load(Ordering::SeqCst);
        let journal = JOURNAL.load(Ordering::SeqCst);
        // SAFETY: unlink, signal and raise are async-signal-safe, and
        // `path` and `journal` are null or C strings that are never freed.
        unsafe {
            if !path.is_null() {
                libc::unlink(path);
            }
            if !journal.is_null() {
                libc::unlink(journal);
            }
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }

    /// Removes `path` if the process is interrupted before [`release`].
    pub fn guard(path: &Path) {
        let Ok(c_path) = CString::new(path.as_os_str().as_bytes()) else {
            return;
        };
        let mut journal = path.as_os_str().as_bytes().to_vec();
        journal.extend_from_slice(b"-journal");
        let Ok(c_journal) = CString::new(journal) else {
            return;
        };
        INSTALL.call_once(|| {
            for signal in SIGNALS {
                let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                // SAFETY: installing a handler that only calls
                // async-signal-safe functions.
                unsafe {
                    if libc::signal(signal, handler) == libc::SIG_IGN {
                        libc::signal(signal, libc::SIG_IGN);
                    }
                }
            }
        });
        // Leaked on purpose: a handler running on another thread may be
        // reading the previous path, so no path is ever freed. One export
        // per process makes these two small strings.
        JOURNAL.store(c_journal.into_raw(), Ordering::SeqCst);
        TEMP.store(c_path.into_raw(), Ordering::SeqCst);
    }

    /// The temporary file is gone or renamed: nothing to remove any more.
    pub fn release() {
        TEMP.store(std::ptr::null_mut(), Ordering::SeqCst);
        JOURNAL.store(std::ptr::null_mut(), Ordering::SeqCst);
    }

    /// Whether no process `pid` exists (as far as this user can tell).
    pub fn process_is_gone(pid: u32) -> bool {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only checks that the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        !alive && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
}

#[cfg(not(unix))]
mod imp {
    use std::path::Path;

    pub fn guard(_path: &Path) {}

    pub fn release() {}

    /// Without a cheap way to tell, another process's file is left alone.
    pub fn process_is_gone(_pid: u32) -> bool {
        false
    }
}

pub use imp::{guard, process_is_gone, release};
