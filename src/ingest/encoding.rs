//! Telling the text encoding of a CSV file: a BOM, then strict UTF-8, then
//! strict CP932 (Shift_JIS) and EUC-JP; text valid in none of them is
//! refused, never guessed at.

use std::io::{self, Read};

use encoding_rs::{EUC_JP, Encoding, SHIFT_JIS, UTF_8};

/// How much text after the first non-ASCII byte is looked at.
const SNIFF_AFTER_NON_ASCII: usize = 64 * 1024;
/// How far into an all-ASCII file to look for a first non-ASCII byte.
const SNIFF_LIMIT: usize = 4 * 1024 * 1024;

/// Looks up an encoding by the names people use: `utf-8`, `cp932`, `sjis`,
/// `shift_jis`, `euc-jp`, and every WHATWG label.
pub fn by_name(name: &str) -> Option<&'static Encoding> {
    let lower = name.trim().to_ascii_lowercase();
    match lower.as_str() {
        "cp932" | "ms932" | "windows-932" | "shift-jis" | "sjis" | "s-jis" => Some(SHIFT_JIS),
        "utf8" | "utf-8-sig" | "utf8-bom" => Some(UTF_8),
        "eucjp" => Some(EUC_JP),
        _ => Encoding::for_label(lower.as_bytes()),
    }
}

/// The display name of an encoding, as the summary line shows it.
pub fn display(encoding: &'static Encoding) -> &'static str {
    if encoding == SHIFT_JIS {
        "Shift_JIS (CP932)"
    } else {
        encoding.name()
    }
}

/// Reads the start of `reader` into a buffer, enough to tell its encoding.
/// The caller chains the buffer back in front of the rest of the stream.
pub fn read_prefix(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(SNIFF_AFTER_NON_ASCII);
    let mut first_non_ascii: Option<usize> = None;
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let wanted = match first_non_ascii {
            Some(at) => at + SNIFF_AFTER_NON_ASCII,
            None => SNIFF_LIMIT,
        };
        if buf.len() >= wanted {
            break;
        }
        let n = reader.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        if first_non_ascii.is_none()
            && let Some(at) = chunk[..n].iter().position(|b| !b.is_ascii())
        {
            first_non_ascii = Some(buf.len() + at);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(buf)
}

/// Tells the encoding of a file from its first bytes: a BOM, else the
/// first of UTF-8, Shift_JIS (CP932) and EUC-JP in which the whole prefix
/// is valid text. `complete` says the prefix is the whole file (so an
/// incomplete character at its end is an error). Bytes valid in none of
/// them are refused rather than decoded with replacement characters: the
/// error names the line where each reading fails.
pub fn detect(prefix: &[u8], complete: bool) -> Result<&'static Encoding, String> {
    if let Some((encoding, _)) = Encoding::for_bom(prefix) {
        return Ok(encoding);
    }
    let mut first_errors = Vec::new();
    for encoding in [UTF_8, SHIFT_JIS, EUC_JP] {
        match first_malformed(encoding, prefix, complete) {
            None => return Ok(encoding),
            Some(at) => first_errors.push(line_of(prefix, at)),
        }
    }
    Err(format!(
        "not valid UTF-8 or Shift_JIS text: line {} is not UTF-8 and line {} is not \
         Shift_JIS; name the encoding with --encoding (utf-8, cp932, euc-jp …)",
        first_errors[0], first_errors[1]
    ))
}

/// The line (1-based) that byte `at` of `bytes` is on. A file with carriage
/// returns and no line feeds (old Mac text) counts the returns.
pub fn line_of(bytes: &[u8], at: usize) -> u64 {
    let head = &bytes[..at.min(bytes.len())];
    let ending = if !bytes.contains(&b'\n') && bytes.contains(&b'\r') {
        b'\r'
    } else {
        b'\n'
    };
    head.iter().filter(|&&b| b == ending).count() as u64 + 1
}

/// Where the first malformed sequence of `bytes` in `encoding` is, if any.
/// Unless `last`, a character cut off at the end is not malformed.
fn first_malformed(encoding: &'static Encoding, bytes: &[u8], last: bool) -> Option<usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let mut consumed = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[consumed..], &mut out, last);
        consumed += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return None,
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                return Some(consumed.saturating_sub(bad as usize + after as usize));
            }
            encoding_rs::DecoderResult::OutputFull => out.reserve(bytes.len() * 3 + 16),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sjis(text: &str) -> Vec<u8> {
        SHIFT_JIS.encode(text).0.into_owned()
    }

    #[test]
    fn a_bom_decides() {
        assert_eq!(detect(b"\xEF\xBB\xBFid,name\n", true), Ok(UTF_8));
        assert_eq!(detect(b"\xFF\xFEi\0d\0", true), Ok(encoding_rs::UTF_16LE));
    }

    #[test]
    fn utf8_without_bom_is_utf8() {
        assert_eq!(detect("社員番号,氏名\n".as_bytes(), true), Ok(UTF_8));
    }

    #[test]
    fn a_utf8_character_cut_by_the_prefix_is_still_utf8() {
        let bytes = "社員番号".as_bytes();
        assert_eq!(detect(&bytes[..bytes.len() - 1], false), Ok(UTF_8));
    }

    #[test]
    fn shift_jis_is_recognized() {
        let d = detect(
            &sjis("社員番号,氏名,フリガナ\r\n00123,山田　太郎,ﾔﾏﾀﾞ\r\n"),
            true,
        );
        assert_eq!(d, Ok(SHIFT_JIS));
    }

    #[test]
    fn cp932_extensions_are_shift_jis() {
        // ① and 髙 are CP932 extensions to Shift_JIS.
        assert_eq!(detect(&sjis("①髙橋"), true), Ok(SHIFT_JIS));
    }

    #[test]
    fn damaged_text_is_refused_naming_its_lines() {
        let mut bytes = sjis("社員番号,氏名\r\n");
        bytes.extend_from_slice(b"1,a\r\n2,");
        bytes.extend_from_slice(&[0x82, 0x20, 0xFF, 0xFF]);
        let why = detect(&bytes, true).unwrap_err();
        assert!(
            why.starts_with("not valid UTF-8 or Shift_JIS text: line 1 is not UTF-8"),
            "{why}"
        );
        assert!(why.contains("line 3 is not Shift_JIS"), "{why}");
        assert!(why.contains("--encoding"), "{why}");
    }

    #[test]
    fn old_mac_text_counts_carriage_returns_as_lines() {
        assert_eq!(line_of(b"a\rb\rc", 4), 3);
        assert_eq!(line_of(b"a\r\nb\r\nc", 6), 3);
    }

    #[test]
    fn names_people_use_are_understood() {
        assert_eq!(by_name("cp932"), Some(SHIFT_JIS));
        assert_eq!(by_name("Shift_JIS"), Some(SHIFT_JIS));
        assert_eq!(by_name("SJIS"), Some(SHIFT_JIS));
        assert_eq!(by_name("utf8"), Some(UTF_8));
        assert_eq!(by_name("euc-jp"), Some(EUC_JP));
        assert_eq!(by_name("klingon"), None);
    }

    #[test]
    fn the_prefix_reaches_past_a_long_ascii_start() {
        let mut data = vec![b'a'; 100_000];
        data.extend(sjis("山田"));
        data.extend(vec![b'b'; 200_000]);
        let prefix = read_prefix(&mut data.as_slice()).unwrap();
        assert!(prefix.len() >= 100_000 + SNIFF_AFTER_NON_ASCII);
        assert!(prefix.len() < data.len());
        assert_eq!(detect(&prefix, false), Ok(SHIFT_JIS));
    }
}
