//! Telling the text encoding of a CSV file: a BOM, then strict UTF-8, then
//! strict CP932 (Shift_JIS) and EUC-JP, then the one with the fewest errors.

use std::io::{self, Read};

use encoding_rs::{EUC_JP, Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};

/// How much text after the first non-ASCII byte is looked at.
const SNIFF_AFTER_NON_ASCII: usize = 64 * 1024;
/// How far into an all-ASCII file to look for a first non-ASCII byte.
const SNIFF_LIMIT: usize = 4 * 1024 * 1024;

/// The encoding chosen for a file, and whether it was a guess.
#[derive(Clone, Copy, Debug)]
pub struct Detected {
    pub encoding: &'static Encoding,
    pub guessed: bool,
}

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

/// Tells the encoding of a file from its first bytes. `complete` says the
/// prefix is the whole file (so an incomplete character at its end is an error).
pub fn detect(prefix: &[u8], complete: bool) -> Detected {
    let sure = |encoding| Detected {
        encoding,
        guessed: false,
    };
    if let Some((encoding, _)) = Encoding::for_bom(prefix) {
        return sure(encoding);
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => return sure(UTF_8),
        Err(e) if e.error_len().is_none() && !complete => return sure(UTF_8),
        Err(_) => {}
    }
    let candidates = [SHIFT_JIS, EUC_JP, UTF_8, UTF_16LE, UTF_16BE];
    let errors: Vec<usize> = candidates
        .iter()
        .map(|enc| malformed_count(enc, prefix, complete))
        .collect();
    if errors[0] == 0 {
        return sure(SHIFT_JIS);
    }
    if errors[1] == 0 {
        return sure(EUC_JP);
    }
    let best = (0..3).min_by_key(|&i| errors[i]).unwrap_or(0);
    Detected {
        encoding: candidates[best],
        guessed: true,
    }
}

/// How many malformed sequences `bytes` has in `encoding`.
fn malformed_count(encoding: &'static Encoding, bytes: &[u8], last: bool) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let mut input = bytes;
    let mut errors = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut out, last);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => return errors,
            encoding_rs::DecoderResult::Malformed(_, _) => errors += 1,
            encoding_rs::DecoderResult::OutputFull => out.reserve(input.len() * 3 + 16),
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
        let d = detect(b"\xEF\xBB\xBFid,name\n", true);
        assert_eq!(d.encoding, UTF_8);
        let d = detect(b"\xFF\xFEi\0d\0", true);
        assert_eq!(d.encoding, UTF_16LE);
    }

    #[test]
    fn utf8_without_bom_is_utf8() {
        let d = detect("社員番号,氏名\n".as_bytes(), true);
        assert_eq!(d.encoding, UTF_8);
        assert!(!d.guessed);
    }

    #[test]
    fn a_utf8_character_cut_by_the_prefix_is_still_utf8() {
        let bytes = "社員番号".as_bytes();
        let d = detect(&bytes[..bytes.len() - 1], false);
        assert_eq!(d.encoding, UTF_8);
    }

    #[test]
    fn shift_jis_is_recognized() {
        let d = detect(
            &sjis("社員番号,氏名,フリガナ\r\n00123,山田　太郎,ﾔﾏﾀﾞ\r\n"),
            true,
        );
        assert_eq!(d.encoding, SHIFT_JIS);
        assert!(!d.guessed);
    }

    #[test]
    fn cp932_extensions_are_shift_jis() {
        // ① and 髙 are CP932 extensions to Shift_JIS.
        let d = detect(&sjis("①髙橋"), true);
        assert_eq!(d.encoding, SHIFT_JIS);
    }

    #[test]
    fn damaged_text_is_a_guess() {
        let mut bytes = sjis("社員番号,氏名\r\n");
        bytes.extend_from_slice(&[0x82, 0x20, 0xFF, 0xFF]);
        let d = detect(&bytes, true);
        assert!(d.guessed);
        assert_eq!(d.encoding, SHIFT_JIS);
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
        assert_eq!(detect(&prefix, false).encoding, SHIFT_JIS);
    }
}
