//! `alumni backup FILE`: a consistent copy of the database, taken while
//! other commands may be reading or writing it, and only of a sound one.
//!
//! The database is opened without being written (`db::open_read_only`), so
//! that a read-only file, or a copy in a read-only directory, can be backed
//! up too. It must first pass SQLite's full checks (`integrity_check` and
//! `foreign_key_check`): a copy would hide the damage, for `VACUUM INTO`
//! rebuilds every index from its table and copies a dangling key as it is,
//! so a damaged database is refused with what is wrong, and no file is
//! written. The copy is made with SQLite's `VACUUM INTO`, which reads the
//! database in one read transaction: in WAL mode that neither waits for
//! writers nor blocks them, and the copy is the database as of one moment.
//! It is written to a private temporary file beside FILE (0600, as is its
//! journal), checked in full again (what is on the disk is what will be
//! restored), flushed to disk, and only then renamed to FILE, so FILE is
//! never half a copy, and with `--force` an old FILE is replaced in one step.
//!
//! Each backup written is recorded in the database (`db::backup`), since
//! it keeps the personal data of anyone erased later; a database that
//! cannot be written is still backed up, with a warning that it was not
//! recorded.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use super::Context;
use crate::cli::ops::BackupArgs;
use crate::db::{Db, backup};
use crate::error::Failure;
use crate::export::AtomicFile;

/// How long the record of a backup waits for another command's write.
const RECORD_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// How many of the problems found a refusal lists; `alumni check` lists all.
const SHOWN_PROBLEMS: usize = 10;

pub fn run(context: &Context, args: &BackupArgs) -> Result<()> {
    let source = context.file_only("backup", &crate::i18n::tr!("file-only-backup"))?;
    let target = &args.file;
    if is_the_database(source, target) {
        return Err(Failure::Usage(format!(
            "{} is the database itself; back it up to another file",
            target.display()
        ))
        .into());
    }
    if target.is_dir() {
        return Err(Failure::Usage(format!(
            "{} is a directory; name the file to write",
            target.display()
        ))
        .into());
    }
    if target.exists() && !args.force {
        return Err(refuse_existing(target));
    }
    let db = Db::open_read_only(source)?;
    let problems = crate::db::check::problems(&db)?;
    if !problems.is_empty() {
        return Err(damaged(source, "the database", &problems));
    }
    // No directory is made: a mistyped path is refused (by AtomicFile),
    // not taken for a new folder.
    let partial = AtomicFile::create_private(target)?;
    backup::vacuum_into(&db, partial.temp_path())
        .with_context(|| format!("cannot copy {} to {}", source.display(), target.display()))?;
    drop(db);
    let problems = backup::verify(partial.temp_path())
        .with_context(|| format!("cannot check the copy of {}", source.display()))?;
    if !problems.is_empty() {
        return Err(damaged(source, "its copy", &problems));
    }
    let size = partial.temp_path().metadata()?.len();
    // Checked again: another backup may have written it meanwhile.
    if !args.force && target.exists() {
        return Err(refuse_existing(target));
    }
    partial.commit()?;

    context.term.say(&format!(
        "{}: backed up to {} ({})",
        source.display(),
        target.display(),
        human_size(size)
    ));
    if let Err(why) = record(source, target) {
        context.term.warn(&format!(
            "the backup was not recorded in {}: {why:#}; `alumni forget` will not name it",
            source.display()
        ));
    }
    Ok(())
}

/// The refusal of a database (or of its copy) that fails the checks: the
/// count, then the first problems, one a line.
fn damaged(source: &Path, what: &str, problems: &[String]) -> anyhow::Error {
    let n = problems.len();
    let mut message = format!(
        "{}: {what} fails SQLite's checks ({n} problem{}); no backup was made",
        source.display(),
        if n == 1 { "" } else { "s" }
    );
    for problem in problems.iter().take(SHOWN_PROBLEMS) {
        message.push_str("\n  ");
        message.push_str(problem);
    }
    if n > SHOWN_PROBLEMS {
        message.push_str(&format!(
            "\n  … and {} more (`alumni check` lists them all)",
            n - SHOWN_PROBLEMS
        ));
    }
    anyhow!(message)
}

/// Records the backup at `target` in the database at `source`, with its
/// absolute path, so that `alumni forget` can name it later. The table is
/// a log of its own, as the imports table is: no audit row. A writer at
/// work (an import) is waited for only briefly: the backup does not wait
/// for writers, and is not worth holding up for the record of it.
fn record(source: &Path, target: &Path) -> Result<()> {
    if !crate::db::writable(source) {
        return Err(anyhow!("the database is read-only here"));
    }
    let mut db = Db::open_existing(source)?;
    if !backup::can_record(&db)? {
        return Err(anyhow!(
            "its schema is older than this program's; run `alumni init` to upgrade it"
        ));
    }
    let path = target
        .canonicalize()
        .or_else(|_| std::path::absolute(target))?;
    let path = path.to_string_lossy().into_owned();
    db.set_busy_timeout(RECORD_WAIT)?;
    let tx = db.begin().context("another command is writing to it")?;
    backup::record(&tx, &path, &crate::db::now())?;
    tx.commit()
}

fn refuse_existing(target: &Path) -> anyhow::Error {
    Failure::Usage(format!(
        "{} exists; give --force to replace it",
        target.display()
    ))
    .into()
}

/// Whether writing `target` would write over the database `source` or one
/// of the files SQLite keeps beside it.
fn is_the_database(source: &Path, target: &Path) -> bool {
    let source = resolve(source);
    let target = resolve(target);
    let companions = ["", "-wal", "-shm", "-journal"].map(|suffix| {
        let mut name = source.clone().into_os_string();
        name.push(suffix);
        PathBuf::from(name)
    });
    companions
        .iter()
        .any(|c| *c == target || same_inode(c, &target))
}

/// `path` made absolute with symbolic links resolved: the part that exists
/// by the file system, the rest (which `create_dir_all` would make) by
/// reading its `..` and `.`.
fn resolve(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component> = path.components().collect();
    for split in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..split].iter().collect();
        if let Ok(mut out) = head.canonicalize() {
            for part in &parts[split..] {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other),
                }
            }
            return out;
        }
    }
    path
}

/// Two names of one file (a hard link).
#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (a.metadata(), b.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

fn human_size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        format!("{bytes} bytes")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else if b < KIB * KIB * KIB {
        format!("{:.1} MiB", b / KIB / KIB)
    } else {
        format!("{:.1} GiB", b / KIB / KIB / KIB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_and_its_companion_files_are_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("alumni.db");
        std::fs::write(&db, b"").unwrap();
        assert!(is_the_database(&db, &db));
        assert!(is_the_database(&db, &dir.path().join("alumni.db-wal")));
        assert!(is_the_database(
            &db,
            &dir.path().join("sub").join("..").join("alumni.db")
        ));
        assert!(!is_the_database(&db, &dir.path().join("copy.db")));
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_link_to_the_database_is_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("alumni.db");
        std::fs::write(&db, b"").unwrap();
        let link = dir.path().join("link.db");
        std::fs::hard_link(&db, &link).unwrap();
        assert!(is_the_database(&db, &link));
    }

    #[test]
    fn sizes_read_like_ls_h() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(2048), "2.0 KiB");
        assert_eq!(human_size(3 * 1024 * 1024 + 1024 * 512), "3.5 MiB");
    }
}
