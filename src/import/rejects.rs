//! The rejects file of `--skip-invalid --rejects FILE`: the refused rows as
//! they were, under their own header, with a `reason` column, so that a
//! person can fix them in Excel and import the file again.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::ingest::RawRow;

pub struct Rejects {
    path: PathBuf,
    out: csv::Writer<BufWriter<File>>,
    /// The header last written; a file with other columns writes its own.
    header: Option<Vec<String>>,
}

impl Rejects {
    pub fn create(path: &Path) -> Result<Rejects> {
        let file = File::create(path)
            .with_context(|| format!("cannot create the rejects file {}", path.display()))?;
        let mut buffered = BufWriter::new(file);
        // A BOM, so that Excel on Japanese Windows opens the UTF-8 correctly.
        buffered.write_all(b"\xEF\xBB\xBF")?;
        Ok(Rejects {
            path: path.to_path_buf(),
            out: csv::WriterBuilder::new()
                .flexible(true)
                .from_writer(buffered),
            header: None,
        })
    }

    pub fn write(&mut self, header: &[String], row: &RawRow, reason: &str) -> Result<()> {
        if self.header.as_deref() != Some(header) {
            let mut names = header.to_vec();
            names.push("reason".into());
            self.out.write_record(&names)?;
            self.header = Some(header.to_vec());
        }
        let mut cells: Vec<String> = (0..header.len()).map(|i| row.cell(i).to_text()).collect();
        cells.push(reason.to_string());
        self.out
            .write_record(&cells)
            .with_context(|| format!("cannot write to {}", self.path.display()))
    }

    pub fn finish(mut self) -> Result<()> {
        self.out
            .flush()
            .with_context(|| format!("cannot write to {}", self.path.display()))
    }
}
