//! A file that appears whole or not at all.
//!
//! The content is written to a temporary file beside the target (same
//! directory, so same file system): `.NAME.PID-N.tmp`, hidden, and with an
//! extension no `*.csv` or `*.xlsx` glob matches. Once complete it is
//! flushed, synced and renamed over the target, which replaces it in one
//! step: a reader sees the old file or the new one, never half of one. On
//! any error, or if the writer is dropped without [`AtomicFile::commit`],
//! the temporary file is removed and the target is left as it was. An
//! interrupt (SIGINT, SIGTERM, SIGHUP) removes it too; after a SIGKILL,
//! which nothing can catch, the next export to the same target removes it.
//!
//! Exports use it, and so does the rejects file of an import
//! ([`AtomicFile::create_private`], for it holds the rows as they were).
//! `alumni backup` uses it too: SQLite's `VACUUM INTO` writes the (empty)
//! temporary file by its [`AtomicFile::temp_path`], and the commit installs
//! it; meanwhile SQLite keeps a journal beside it, `.NAME.PID-N.tmp-journal`,
//! which is removed (or swept) with it.
//!
//! What these files hold is personal data: a new file is created 0600 (less
//! the umask, so a stricter one is honoured), never readable by others. A
//! file the user may not write (read-only, or someone else's) is never
//! replaced, though the directory would allow the rename.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::cleanup;
use crate::error::Failure;

pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    /// `None` once committed.
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `target`; nothing changes there until [`AtomicFile::commit`].
    pub fn create(target: &Path) -> Result<AtomicFile> {
        AtomicFile::open(target, false)
    }

    /// Like [`AtomicFile::create`], for a file that only its owner may ever
    /// read: 0600 (less the umask) whatever the permissions of the file it
    /// replaces.
    pub fn create_private(target: &Path) -> Result<AtomicFile> {
        AtomicFile::open(target, true)
    }

    fn open(target: &Path, private: bool) -> Result<AtomicFile> {
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| Failure::Usage(format!("{:?} names no file", target.display())))?;
        if target.is_dir() {
            return Err(Failure::Usage(format!(
                "{} is a directory; name a file in it",
                target.display()
            ))
            .into());
        }
        if target.exists() && !may_write(target) {
            anyhow::bail!(
                "cannot write {}: the file is read-only or not yours to write, so it is not replaced; \
                 it was left as it was",
                target.display()
            );
        }
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            anyhow::bail!(
                "cannot write {}: no directory {}",
                target.display(),
                dir.display()
            );
        }
        sweep_stale(&dir, name);
        let (temp, file) = create_temp(&dir, name).with_context(|| {
            format!(
                "cannot write {}: cannot create a file in {}",
                target.display(),
                dir.display()
            )
        })?;
        cleanup::guard(&temp);
        // A replaced file keeps its permissions (a report its owner shared
        // with a group stays shared); a new one is private.
        if !private && let Ok(metadata) = fs::metadata(target) {
            let _ = file.set_permissions(metadata.permissions());
        }
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            file: Some(BufWriter::new(file)),
        })
    }

    /// Where the content is being written until the commit, for a writer
    /// that needs a path rather than a stream (SQLite's `VACUUM INTO`).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Flushes and syncs the content, then renames it over the target.
    pub fn commit(mut self) -> Result<()> {
        let writer = self.file.take().expect("an AtomicFile is committed once");
        let done = (|| -> io::Result<()> {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            drop(file);
            fs::rename(&self.temp, &self.target)?;
            sync_dir(&self.target);
            Ok(())
        })();
        if done.is_err() {
            let _ = fs::remove_file(&self.temp);
        }
        cleanup::release();
        done.with_context(|| format!("cannot write {}", self.target.display()))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

impl AtomicFile {
    fn writer(&mut self) -> &mut BufWriter<File> {
        self.file.as_mut().expect("no writing after commit")
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(writer) = self.file.take() {
            // Unwritten buffered bytes are of no use: the file is going.
            let (file, _) = writer.into_parts();
            drop(file);
            let _ = fs::remove_file(&self.temp);
            let _ = fs::remove_file(journal_of(&self.temp));
            cleanup::release();
        }
    }
}

/// The journal SQLite keeps beside a file it writes as a database.
fn journal_of(temp: &Path) -> PathBuf {
    let mut name = temp.as_os_str().to_os_string();
    name.push("-journal");
    PathBuf::from(name)
}

/// Whether this user may write `path`, as the kernel decides (owner, group,
/// others, and root's exemption).
#[cfg(unix)]
pub fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a NUL-terminated path; access only reads it.
    unsafe { libc::access(c_path.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
pub fn may_write(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// `.NAME.` and `.tmp` around `PID-N`: the temporary files of one target.
fn temp_name(name: &str, pid: u32, n: u32) -> String {
    format!(".{name}.{pid}-{n}.tmp")
}

/// Creates a temporary file of our own: `create_new` never takes over a
/// file that exists, so two exports to one target cannot share one, and
/// never follows a symbolic link planted under the temporary name. It is
/// made 0600 and the umask applies.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
        options.mode(0o600);
    }
    let mut n = 0;
    loop {
        let path = dir.join(temp_name(name, pid, n));
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The process id in a temporary file's name, if it is one of `name`'s: the
/// file itself, or the journal SQLite keeps beside a backup's
/// (`.NAME.PID-N.tmp-journal`).
fn temp_owner(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?;
    let middle = rest
        .strip_suffix(".tmp")
        .or_else(|| rest.strip_suffix(".tmp-journal"))?;
    let (pid, n) = middle.split_once('-')?;
    n.parse::<u32>().ok()?;
    pid.parse().ok()
}

/// Removes the temporary files of earlier exports to the same target whose
/// process is gone (killed with SIGKILL, or the machine went down). A file
/// whose process still runs is another export under way, and is left be.
fn sweep_stale(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|f| temp_owner(f, name)) else {
            continue;
        };
        if pid != std::process::id() && cleanup::process_is_gone(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Makes the rename durable (the directory entry) where the platform can.
fn sync_dir(target: &Path) {
    #[cfg(unix)]
    if let Some(dir) = target.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = target;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_committed_file_replaces_the_target_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(
            names(dir.path()).len(),
            2,
            "the temporary file is beside it"
        );
        file.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_dropped_file_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(&[b'x'; 100_000]).unwrap();
        drop(file);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_missing_directory_or_a_directory_target_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(AtomicFile::create(&dir.path().join("no/such.csv")).is_err());
        assert!(AtomicFile::create(dir.path()).is_err());
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn temporary_names_are_recognized_by_target() {
        assert_eq!(temp_owner(&temp_name("a.csv", 42, 3), "a.csv"), Some(42));
        assert_eq!(temp_owner(&temp_name("a.csv", 42, 3), "b.csv"), None);
        assert_eq!(temp_owner(".a.csv.x-1.tmp", "a.csv"), None);
        assert_eq!(temp_owner(".a.db.42-0.tmp-journal", "a.db"), Some(42));
        assert_eq!(temp_owner(".a.db.42-0.tmp-wal", "a.db"), None);
        assert_eq!(temp_owner("a.csv", "a.csv"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_is_for_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("rejects.csv");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
        let mut file = AtomicFile::create_private(&target).unwrap();
        file.write_all(b"new").unwrap();
        file.commit().unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn the_temporary_file_of_a_dead_process_is_swept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        // A process id above the kernel's maximum is never running.
        let stale = dir.path().join(temp_name("out.csv", 99_999_999, 0));
        let journal = dir
            .path()
            .join(format!("{}-journal", temp_name("out.csv", 99_999_999, 0)));
        let other = dir.path().join(temp_name("other.csv", 99_999_999, 0));
        fs::write(&journal, "half").unwrap();
        fs::write(&stale, "half").unwrap();
        fs::write(&other, "half").unwrap();
        AtomicFile::create(&target).unwrap().commit().unwrap();
        assert!(!stale.exists());
        assert!(!journal.exists());
        assert!(
            other.exists(),
            "another target's temporary file is not ours"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_private_and_a_replaced_one_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.csv");
        AtomicFile::create(&new).unwrap().commit().unwrap();
        assert_eq!(mode(&new) & 0o077, 0, "{:o}", mode(&new));
        let shared = dir.path().join("shared.csv");
        fs::write(&shared, "old").unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o640)).unwrap();
        AtomicFile::create(&shared).unwrap().commit().unwrap();
        assert_eq!(mode(&shared), 0o640);
    }
}
