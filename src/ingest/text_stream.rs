//! The text of a CSV file on its way to the CSV parser, checked for the
//! damage the parser would take in silently.
//!
//! The bytes are decoded strictly: a sequence that is no character in the
//! file's encoding stops the read, where a replacing decoder would put
//! U+FFFD into the roster. Old Mac files, whose lines end in a carriage
//! return alone, have those returns turned into line feeds, so the parser
//! and the line numbers see lines. And the decoded text is followed the
//! way the parser follows it (quoted and unquoted cells), so that a quote
//! never closed, a control character inside a cell, or a cell or record
//! too long to be a roster's is refused naming its line, before the
//! parser has buffered it.

use std::fmt;
use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding};

use super::encoding;

/// The longest cell accepted, in bytes of UTF-8: a note of several pages
/// fits; a runaway quote or a binary file does not.
pub(super) const MAX_CELL: usize = 1 << 20;
/// The longest record (row) accepted, in bytes of UTF-8.
pub(super) const MAX_RECORD: usize = 16 << 20;

/// Bytes read from the file at a time.
const CHUNK: usize = 64 * 1024;

/// Why the text cannot be imported, and the line where that shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Damage {
    pub line: u64,
    pub what: String,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.what)
    }
}

impl std::error::Error for Damage {}

/// Where the text stands, in the terms of the CSV parser (csv-core with
/// double quotes and no escape character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the start of a cell.
    Start,
    /// In a cell that did not start with a quote.
    Unquoted,
    /// Inside quotes.
    Quoted,
    /// Just after a quote inside quotes: either a doubled quote or the end.
    QuoteInQuoted,
}

/// Follows decoded text byte by byte.
#[derive(Debug)]
pub(super) struct Scan {
    delimiter: u8,
    state: State,
    line: u64,
    column: usize,
    /// The line of the quote that opened the cell being read.
    quote_line: u64,
    cell: usize,
    record: usize,
    /// The last byte was 0xC2, the lead byte of U+0080..U+00BF.
    after_c2: bool,
}

impl Scan {
    pub(super) fn new(delimiter: u8) -> Scan {
        Scan {
            delimiter,
            state: State::Start,
            line: 1,
            column: 1,
            quote_line: 1,
            cell: 0,
            record: 0,
            after_c2: false,
        }
    }

    fn damage(&self, line: u64, what: String) -> Damage {
        Damage { line, what }
    }

    fn control(&self, code: u32) -> Damage {
        self.damage(
            self.line,
            format!(
                "column {}: a control character (U+{code:04X}) inside a cell; \
                 the file is damaged or is not text",
                self.column
            ),
        )
    }

    /// Follows `text`, valid UTF-8 (whole characters), and stops at the first damage.
    pub(super) fn feed(&mut self, text: &[u8]) -> Result<(), Damage> {
        for &b in text {
            if self.after_c2 {
                self.after_c2 = false;
                if (0x80..=0x9F).contains(&b) {
                    return Err(self.control(u32::from(b)));
                }
            }
            if b == 0xC2 {
                self.after_c2 = true;
            } else if (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F {
                return Err(self.control(u32::from(b)));
            }
            self.cell += 1;
            self.record += 1;
            let ends = b == self.delimiter || b == b'\n';
            match self.state {
                State::Start if b == b'"' => {
                    self.state = State::Quoted;
                    self.quote_line = self.line;
                }
                State::Start | State::Unquoted | State::QuoteInQuoted if ends => {
                    self.cell = 0;
                    self.state = State::Start;
                    if b == b'\n' {
                        self.column = 1;
                        self.record = 0;
                    } else {
                        self.column += 1;
                    }
                }
                State::Start => self.state = State::Unquoted,
                State::Unquoted => {}
                State::Quoted if b == b'"' => self.state = State::QuoteInQuoted,
                State::Quoted => {}
                State::QuoteInQuoted if b == b'"' => self.state = State::Quoted,
                State::QuoteInQuoted => self.state = State::Unquoted,
            }
            if b == b'\n' {
                self.line += 1;
            }
            if self.cell > MAX_CELL {
                return Err(self.damage(
                    self.record_line(),
                    format!(
                        "column {}: a cell longer than {} MiB; the file is damaged or is not a roster",
                        self.column,
                        MAX_CELL >> 20
                    ),
                ));
            }
            if self.record > MAX_RECORD {
                return Err(self.damage(
                    self.line,
                    format!(
                        "a row longer than {} MiB; the file is damaged or is not a roster",
                        MAX_RECORD >> 20
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The line a too-long cell is named by: where its quote opened, if quoted.
    fn record_line(&self) -> u64 {
        match self.state {
            State::Quoted | State::QuoteInQuoted => self.quote_line,
            _ => self.line,
        }
    }

    /// The end of the text: a quote still open swallowed every row after it.
    pub(super) fn finish(&self) -> Result<(), Damage> {
        if self.state == State::Quoted {
            return Err(self.damage(
                self.quote_line,
                format!(
                    "column {}: a quoted cell starts here and is never closed (a closing \" is \
                     missing), so every line after it would be read into this one cell",
                    self.column
                ),
            ));
        }
        Ok(())
    }
}

/// Decodes `inner` strictly to UTF-8, turns old Mac line ends into line
/// feeds, and checks the text with a [`Scan`]. Damage is an
/// `io::ErrorKind::InvalidData` error whose inner error is the [`Damage`].
pub(super) struct TextStream<R> {
    inner: R,
    encoding: &'static Encoding,
    decoder: Decoder,
    cr_only: bool,
    scan: Scan,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: Read> TextStream<R> {
    pub(super) fn new(
        inner: R,
        encoding: &'static Encoding,
        delimiter: u8,
        cr_only: bool,
    ) -> TextStream<R> {
        TextStream {
            inner,
            encoding,
            decoder: encoding.new_decoder_with_bom_removal(),
            cr_only,
            scan: Scan::new(delimiter),
            raw: vec![0; CHUNK],
            out: Vec::new(),
            at: 0,
            done: false,
        }
    }

    /// Reads, decodes and checks the next chunk into `out`.
    fn fill(&mut self) -> io::Result<()> {
        let n = loop {
            match self.inner.read(&mut self.raw) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        let last = n == 0;
        let wanted = self
            .decoder
            .max_utf8_buffer_length_without_replacement(n)
            .unwrap_or(n * 3 + 16);
        self.out.clear();
        self.out.resize(wanted.max(16), 0);
        self.at = 0;
        let mut read = 0;
        let mut written = 0;
        let malformed = loop {
            let (result, r, w) = self.decoder.decode_to_utf8_without_replacement(
                &self.raw[read..n],
                &mut self.out[written..],
                last,
            );
            read += r;
            written += w;
            match result {
                DecoderResult::InputEmpty => break false,
                DecoderResult::Malformed(..) => break true,
                DecoderResult::OutputFull => {
                    let more = self.out.len() + 64;
                    self.out.resize(more, 0);
                }
            }
        };
        self.out.truncate(written);
        if self.cr_only {
            for b in &mut self.out {
                if *b == b'\r' {
                    *b = b'\n';
                }
            }
        }
        self.scan.feed(&self.out).map_err(damaged)?;
        if malformed {
            return Err(damaged(Damage {
                line: self.scan.line,
                what: format!(
                    "column {} is not valid {} text (the file may be in another encoding: \
                     name it with --encoding, such as cp932 or utf-8)",
                    self.scan.column,
                    encoding::display(self.encoding)
                ),
            }));
        }
        if last {
            self.done = true;
            self.scan.finish().map_err(damaged)?;
        }
        Ok(())
    }
}

fn damaged(damage: Damage) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, damage)
}

/// The [`Damage`] behind an I/O error from a [`TextStream`], if that is what it is.
pub(super) fn damage_of(error: &io::Error) -> Option<&Damage> {
    error.get_ref()?.downcast_ref::<Damage>()
}

impl<R: Read> Read for TextStream<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if self.done {
                return Ok(0);
            }
            if let Err(e) = self.fill() {
                // One error is enough: the read stops there.
                self.done = true;
                self.out.clear();
                self.at = 0;
                return Err(e);
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{SHIFT_JIS, UTF_8};

    fn read(bytes: &[u8], encoding: &'static Encoding, cr_only: bool) -> Result<String, Damage> {
        let mut stream = TextStream::new(bytes, encoding, b',', cr_only);
        let mut out = String::new();
        match stream.read_to_string(&mut out) {
            Ok(_) => Ok(out),
            Err(e) => Err(damage_of(&e).cloned().expect("damage")),
        }
    }

    #[test]
    fn good_text_passes_unchanged() {
        let text = "a,\"b\"\"c\",\"multi\nline\"\r\n1,2,3\n";
        assert_eq!(read(text.as_bytes(), UTF_8, false).unwrap(), text);
    }

    #[test]
    fn a_typed_replacement_character_is_text() {
        let text = "名前,メモ\n山田,\u{FFFD}\n";
        assert_eq!(read(text.as_bytes(), UTF_8, false).unwrap(), text);
    }

    #[test]
    fn a_quote_never_closed_names_the_line_it_opens_on() {
        let err = read(b"a,b\n1,\"open\n2,x\n3,y\n", UTF_8, false).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.what.starts_with("column 2: a quoted cell"), "{err}");
    }

    #[test]
    fn quotes_inside_an_unquoted_cell_are_not_an_opening() {
        assert!(read(b"size\n5\"\n6\"\n", UTF_8, false).is_ok());
    }

    #[test]
    fn control_characters_are_refused_with_line_and_column() {
        for (text, code) in [
            ("a,b\n1,x\0y\n", "U+0000"),
            ("a,b\n1,x\u{7f}\n", "U+007F"),
            ("a,b\n1,x\u{85}\n", "U+0085"),
            ("a,b\n1,x\u{1b}[0m\n", "U+001B"),
        ] {
            let err = read(text.as_bytes(), UTF_8, false).unwrap_err();
            assert_eq!(err.line, 2, "{text:?}");
            assert!(
                err.what.contains(code) && err.what.starts_with("column 2"),
                "{err}"
            );
        }
        // Tabs and line breaks belong in notes; U+00A0 shares C1's lead byte.
        assert!(read("a\n\"x\ty\r\nz\u{a0}\"\n".as_bytes(), UTF_8, false).is_ok());
    }

    #[test]
    fn malformed_bytes_are_refused_not_replaced() {
        let mut bytes = SHIFT_JIS.encode("名前\r\n山田\r\n").0.into_owned();
        bytes.extend_from_slice(&[0x82, 0x20, b'\n']);
        let err = read(&bytes, SHIFT_JIS, false).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.what.contains("Shift_JIS"), "{err}");
        let err = read(b"a\nb\xff\n", UTF_8, false).unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn old_mac_line_ends_become_line_feeds() {
        assert_eq!(read(b"a,b\r1,2\r", UTF_8, true).unwrap(), "a,b\n1,2\n");
    }

    #[test]
    fn an_overlong_cell_is_refused_early() {
        let mut bytes = b"a,b\n1,\"".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', MAX_CELL + 10));
        let err = read(&bytes, UTF_8, false).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.what.contains("longer than 1 MiB"), "{err}");
    }
}
