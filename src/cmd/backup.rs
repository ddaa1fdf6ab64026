//! `alumni backup FILE`: a consistent copy of the database, taken while
//! other commands may be reading or writing it.
//!
//! The copy is made with SQLite's `VACUUM INTO`, which reads the database
//! in one read transaction: in WAL mode that neither waits for writers nor
//! blocks them, and the copy is the database as of one moment. It is
//! written to a temporary file beside FILE, checked (`PRAGMA quick_check`),
//! flushed to disk, and only then renamed to FILE, so FILE is never half a
//! copy, and with `--force` an old FILE is replaced in one step.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::ops::BackupArgs;
use crate::db::{Db, backup};
use crate::error::Failure;
use crate::export::AtomicFile;

pub fn run(context: &Context, args: &BackupArgs) -> Result<()> {
    let source = &context.db_path;
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
    let db = Db::open_existing(source)?;
    let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the directory {}", dir.display()))?;

    let partial = AtomicFile::create(target)?;
    backup::vacuum_into(&db, partial.temp_path())
        .with_context(|| format!("cannot copy {} to {}", source.display(), target.display()))?;
    drop(db);
    backup::verify(partial.temp_path())
        .with_context(|| format!("the copy of {} is not sound", source.display()))?;
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
    Ok(())
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
