//! CSV and TSV as a stream: the bytes are decoded to UTF-8 on the fly
//! (strictly, and checked for damage: `text_stream`) and parsed one record
//! at a time, so memory does not grow with the file.

use std::fs::File;
use std::io::{self, BufReader, Chain, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Result;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use sha2::{Digest, Sha256};

use super::encoding;
use super::text_stream::{self, TextStream};
use super::{Cell, Format, RawRow, ReadOptions, RowSource, SourceInfo};
use crate::error::Failure;

type Decoded = TextStream<Chain<Cursor<Vec<u8>>, CountingReader>>;

pub(super) fn with_rows<T>(
    path: &Path,
    options: &ReadOptions,
    info: SourceInfo,
    work: impl FnOnce(&mut dyn RowSource, SourceInfo) -> Result<T>,
) -> Result<T> {
    let file =
        File::open(path).map_err(|e| Failure::bad_file(path, format!("cannot open: {e}")))?;
    with_reader(path, Box::new(file), options, info, work)
}

/// Reads CSV from any stream (standard input): `info.size` is 0 when the
/// size is not known beforehand, and progress is then counted in rows.
pub(super) fn with_reader<T>(
    path: &Path,
    input: Box<dyn Read + Send>,
    options: &ReadOptions,
    mut info: SourceInfo,
    work: impl FnOnce(&mut dyn RowSource, SourceInfo) -> Result<T>,
) -> Result<T> {
    let counter = Arc::new(AtomicU64::new(0));
    let hasher = Arc::new(Mutex::new(Some(Sha256::new())));
    let mut counting = CountingReader {
        inner: BufReader::with_capacity(256 * 1024, input),
        count: Arc::clone(&counter),
        hasher: Arc::clone(&hasher),
    };
    let prefix = encoding::read_prefix(&mut counting)
        .map_err(|e| Failure::bad_file(path, format!("cannot read: {e}")))?;
    if prefix.is_empty() {
        return Err(Failure::bad_file(path, "the file is empty".into()).into());
    }
    let encoding = match options.encoding {
        Some(encoding) => encoding,
        None => encoding::detect(&prefix, prefix.len() as u64 == info.size)
            .map_err(|why| Failure::bad_file(path, why))?,
    };
    // Old Mac text ends its lines with a carriage return alone.
    let cr_only = !prefix.contains(&b'\n') && prefix.contains(&b'\r');
    let delimiter = match info.format {
        Format::Tsv => b'\t',
        _ => sniff_delimiter(&prefix, if cr_only { b'\r' } else { b'\n' }),
    };
    if delimiter == b'\t' {
        info.format = Format::Tsv;
    }
    info.encoding = Some(encoding::display(encoding).to_string());

    let text = TextStream::new(
        Cursor::new(prefix).chain(counting),
        encoding,
        delimiter,
        cr_only,
    );
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        // Records end at LF; a CR before it is taken off below. (With csv's
        // CRLF terminator the line numbers of CRLF files lag one behind.)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(256 * 1024)
        .from_reader(text);
    let mut source = CsvSource {
        path: path.to_path_buf(),
        reader,
        record: csv::StringRecord::new(),
        counter,
        sized: info.size > 0,
        hasher,
        encoding,
    };
    work(&mut source, info)
}

struct CsvSource {
    path: PathBuf,
    reader: csv::Reader<Decoded>,
    record: csv::StringRecord,
    counter: Arc<AtomicU64>,
    /// Whether the size was known beforehand, so that bytes tell progress.
    sized: bool,
    hasher: Arc<Mutex<Option<Sha256>>>,
    encoding: &'static Encoding,
}

impl CsvSource {
    fn not_text(&self, line: u64, column: usize) -> Failure {
        let name = encoding::display(self.encoding);
        let hint = if self.encoding == UTF_8 {
            "the file may be in another encoding: try --encoding cp932"
        } else {
            "the file may be in another encoding: try --encoding utf-8"
        };
        Failure::bad_file(
            &self.path,
            format!("line {line}: column {column} is not valid {name} text ({hint})"),
        )
    }
}

impl CsvSource {
    /// The line the record just read starts on. csv gives the position
    /// where the read began, which is before any empty lines it skipped;
    /// those are the lines read beyond the record's own.
    fn line(&self) -> u64 {
        let start = self.record.position().map_or(1, |p| p.line());
        let end = self.reader.position().line();
        let embedded: u64 = self
            .record
            .iter()
            .filter(|f| f.contains('\n'))
            .map(|f| f.matches('\n').count() as u64)
            .sum();
        let skipped = (end - start).saturating_sub(1 + embedded);
        start + skipped
    }
}

impl RowSource for CsvSource {
    fn next_row(&mut self) -> Result<Option<RawRow>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => {
                if let csv::ErrorKind::Utf8 { pos, err } = e.kind() {
                    let line = pos.as_ref().map_or(0, |p| p.line());
                    return Err(self.not_text(line, err.field() + 1).into());
                }
                if let csv::ErrorKind::Io(io) = e.kind()
                    && let Some(damage) = text_stream::damage_of(io)
                {
                    return Err(Failure::bad_file(&self.path, damage.to_string()).into());
                }
                return Err(Failure::bad_file(&self.path, format!("cannot read: {e}")).into());
            }
        }
        let line = self.line();
        // The decoding is strict, so a U+FFFD is one the file holds. Only
        // the Unicode encodings can hold one: in any other it means a
        // decoder replaced something, and that never goes into the database.
        if ![UTF_8, UTF_16LE, UTF_16BE].contains(&self.encoding)
            && let Some(column) = self.record.iter().position(|f| f.contains('\u{FFFD}'))
        {
            return Err(self.not_text(line, column + 1).into());
        }
        let last = self.record.len().saturating_sub(1);
        let cells = self
            .record
            .iter()
            .enumerate()
            .map(|(i, field)| {
                let field = if i == last {
                    field.strip_suffix('\r').unwrap_or(field)
                } else {
                    field
                };
                if field.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(field.to_string())
                }
            })
            .collect();
        Ok(Some(RawRow {
            number: line,
            cells,
        }))
    }

    fn bytes_read(&self) -> Option<u64> {
        self.sized.then(|| self.counter.load(Ordering::Relaxed))
    }

    fn content_hash(&mut self) -> Option<String> {
        // Every byte has gone through the hasher once the reader is done.
        if !self.reader.is_done() {
            return None;
        }
        let hasher = self.hasher.lock().ok()?.take()?;
        Some(super::hex(hasher))
    }
}

/// Counts the bytes read from the file, for the progress bar, and hashes
/// them for the import log, so the file is read only once.
struct CountingReader {
    inner: BufReader<Box<dyn Read + Send>>,
    count: Arc<AtomicU64>,
    hasher: Arc<Mutex<Option<Sha256>>>,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        if let Ok(mut guard) = self.hasher.lock()
            && let Some(hasher) = guard.as_mut()
        {
            hasher.update(&buf[..n]);
        }
        Ok(n)
    }
}

/// A `.csv` file whose first lines hold more tabs than commas is tab-separated
/// (Excel's "Unicode text" export is, whatever its name).
fn sniff_delimiter(prefix: &[u8], line_end: u8) -> u8 {
    let head: Vec<u8> = prefix
        .split(|&b| b == line_end)
        .take(20)
        .flatten()
        .copied()
        .collect();
    let count = |wanted: u8| head.iter().filter(|&&b| b == wanted).count();
    if count(b'\t') > count(b',') {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_text_is_recognized() {
        assert_eq!(sniff_delimiter(b"id\tname\n1\tA, B\n", b'\n'), b'\t');
        assert_eq!(sniff_delimiter(b"id,name\n1,\"A\tB\"\n", b'\n'), b',');
    }
}
