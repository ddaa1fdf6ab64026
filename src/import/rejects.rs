//! The rejects file of `--skip-invalid --rejects FILE`: the refused rows as
//! they were, under their own header, with a `reason` column, so that a
//! person can fix them in Excel and import the file again.
//!
//! The file can never cost data: a path that is the database (or one of its
//! journals) or one of the files being imported is refused before anything
//! is read, a symbolic link is refused rather than followed, and the file
//! is written beside its target and renamed over it once the import is
//! done (0600: it holds people's rows), so a failed import leaves an older
//! rejects file as it was. Cells that a spreadsheet would run as formulas
//! are neutralized, as in every CSV written for people.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::ImportOptions;
use crate::error::Failure;
use crate::fsutil::AtomicFile;
use crate::ingest::{RawRow, STDIN};
use crate::output::neutralize;

pub struct Rejects {
    path: PathBuf,
    out: csv::Writer<AtomicFile>,
    /// The header last written; a file with other columns writes its own.
    header: Option<Vec<String>>,
}

impl Rejects {
    /// Starts the rejects file of an import at `path`, once it is known to
    /// be safe to write there ([`check_target`]).
    pub fn create(path: &Path, options: &ImportOptions) -> Result<Rejects> {
        check_target(path, options.database.as_deref(), &options.files)?;
        let mut file = AtomicFile::create_private(path)
            .with_context(|| format!("cannot create the rejects file {}", path.display()))?;
        // A BOM, so that Excel on Japanese Windows opens the UTF-8 correctly.
        file.write_all(b"\xEF\xBB\xBF")?;
        Ok(Rejects {
            path: path.to_path_buf(),
            out: csv::WriterBuilder::new().flexible(true).from_writer(file),
            header: None,
        })
    }

    pub fn write(&mut self, header: &[String], row: &RawRow, reason: &str) -> Result<()> {
        if self.header.as_deref() != Some(header) {
            let mut names: Vec<String> = header.iter().map(|h| neutralize(h).into()).collect();
            names.push("reason".into());
            self.out.write_record(&names)?;
            self.header = Some(header.to_vec());
        }
        let mut cells: Vec<String> = (0..header.len())
            .map(|i| neutralize(&row.cell(i).to_text()).into_owned())
            .collect();
        cells.push(neutralize(reason).into_owned());
        self.out
            .write_record(&cells)
            .with_context(|| format!("cannot write to {}", self.path.display()))
    }

    /// Puts the complete file in place of the target.
    pub fn finish(self) -> Result<()> {
        let file = self.out.into_inner().map_err(|e| {
            anyhow::anyhow!("cannot write to {}: {}", self.path.display(), e.error())
        })?;
        file.commit()
    }
}

/// Refuses (as a usage error) a rejects path that is a symbolic link, the
/// database or one of its journals, or one of the `inputs`.
pub fn check_target(path: &Path, database: Option<&Path>, inputs: &[PathBuf]) -> Result<()> {
    let refuse = |why: &str| -> Result<()> {
        Err(Failure::Usage(format!("--rejects {}: {why}", path.display())).into())
    };
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse("is a symbolic link, which is not followed; name the file itself");
    }
    if let Some(database) = database {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = database.as_os_str().to_owned();
            name.push(suffix);
            if same_file(path, Path::new(&name)) {
                return refuse(if suffix.is_empty() {
                    "is the database itself"
                } else {
                    "is a journal file of the database"
                });
            }
        }
    }
    if inputs
        .iter()
        .any(|input| input.as_os_str() != STDIN && same_file(path, input))
    {
        return refuse("is one of the files being imported");
    }
    Ok(())
}

/// Whether two paths name one file: the same place once the directories
/// are resolved (which holds for a file not yet created, such as a
/// journal), or, for files that exist, the same device and inode (a hard
/// link has its own name).
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Some(a), Some(b)) = (place(a), place(b))
        && a == b
    {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (fs::metadata(a), fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    false
}

/// The resolved path of `path`, or of its directory joined with its name
/// when the file does not exist.
fn place(path: &Path) -> Option<PathBuf> {
    if let Ok(resolved) = path.canonicalize() {
        return Some(resolved);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_its_journals_and_the_inputs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("alumni.db");
        let input = dir.path().join("roster.csv");
        fs::write(&db, "db").unwrap();
        fs::write(&input, "csv").unwrap();
        let inputs = vec![input.clone(), PathBuf::from(STDIN)];
        for bad in [
            db.clone(),
            dir.path().join("alumni.db-wal"),
            dir.path().join("alumni.db-shm"),
            dir.path().join("alumni.db-journal"),
            dir.path().join("./roster.csv"),
        ] {
            let err = check_target(&bad, Some(&db), &inputs).unwrap_err();
            assert_eq!(
                crate::error::exit_for(&err),
                crate::error::Exit::Usage,
                "{bad:?}"
            );
        }
        assert!(check_target(&dir.path().join("rejects.csv"), Some(&db), &inputs).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_and_symbolic_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("alumni.db");
        fs::write(&db, "db").unwrap();
        let hard = dir.path().join("hard.csv");
        fs::hard_link(&db, &hard).unwrap();
        assert!(check_target(&hard, Some(&db), &[]).is_err());
        let soft = dir.path().join("soft.csv");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.csv"), &soft).unwrap();
        let err = check_target(&soft, Some(&db), &[]).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
    }
}
