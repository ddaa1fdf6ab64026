//! Text normalization for stored values: NFKC (full-width digits, letters and
//! spaces become ASCII; half-width katakana becomes full-width), folded white
//! space, lower-cased emails.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// NFKC-normalizes `text`, trims it and folds every run of white space
/// (including the ideographic space U+3000) into one ASCII space.
/// Returns `None` for text that is empty after that.
pub fn text(raw: &str) -> Option<String> {
    let nfkc = nfkc(raw);
    let mut out = String::with_capacity(nfkc.len());
    for word in nfkc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

/// Like [`text`], but keeps line breaks: each line is folded on its own and
/// blank lines at either end are dropped. For notes.
pub fn multiline(raw: &str) -> Option<String> {
    let nfkc = nfkc(raw);
    let lines: Vec<String> = nfkc
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    Some(lines[first..=last].join("\n"))
}

/// An identifier: NFKC with all white space removed ("００１２３" → "00123").
pub fn key(raw: &str) -> Option<String> {
    let out: String = nfkc(raw).chars().filter(|c| !c.is_whitespace()).collect();
    (!out.is_empty()).then_some(out)
}

/// Why an email address was refused.
#[derive(Debug, PartialEq, Eq)]
pub struct BadEmail;

/// Normalizes an email (NFKC, lower case, no `mailto:`) and checks its shape:
/// one `@`, a local part, and a dotted domain without spaces.
pub fn email(raw: &str) -> Result<Option<String>, BadEmail> {
    let Some(mut value) = text(raw) else {
        return Ok(None);
    };
    if value.contains(' ') || value.chars().any(is_invisible) {
        return Err(BadEmail);
    }
    value = value.to_lowercase();
    if let Some(rest) = value.strip_prefix("mailto:") {
        value = rest.to_string();
    }
    let (local, domain) = value.split_once('@').ok_or(BadEmail)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let local_ok = !local.is_empty()
        && !local.contains(['(', ')', '<', '>', ',', ';', ':', '\\', '"', '[', ']'])
        && !local.starts_with('.')
        && !local.ends_with('.');
    if domain_ok && local_ok {
        Ok(Some(value))
    } else {
        Err(BadEmail)
    }
}

/// Zero-width and bidirectional-control characters: invisible, so an
/// address holding one looks like another person's and never matches it,
/// or shows its text reordered.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
    )
}

/// Splits a tag cell on the separators people type (`,` `、` `;` `/`) and
/// returns the normalized tags joined by commas, without repeats.
pub fn tags(raw: &str) -> Option<String> {
    let nfkc = nfkc(raw);
    let mut seen: Vec<String> = Vec::new();
    for tag in nfkc.split([',', '、', ';', '/', '|']) {
        if let Some(tag) = text(tag)
            && !seen.contains(&tag)
        {
            seen.push(tag);
        }
    }
    (!seen.is_empty()).then(|| seen.join(","))
}

/// Hiragana to katakana, so that a search typed in either finds a reading
/// stored in the other.
pub fn katakana(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ぁ'..='ゖ' | 'ゝ' | 'ゞ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// NFKC without the tables for the text rosters are made of: ASCII, kana,
/// kanji, full-width ASCII and the ideographic space are mapped directly;
/// anything else goes through the full algorithm.
fn nfkc(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut changed = false;
    for c in raw.chars() {
        match c {
            '\u{3000}' => {
                out.push(' ');
                changed = true;
            }
            '\u{FF01}'..='\u{FF5E}' => {
                out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
                changed = true;
            }
            c if is_nfkc_stable(c) => out.push(c),
            _ => {
                return if is_nfkc_quick(raw.chars()) == IsNormalized::Yes {
                    Cow::Borrowed(raw)
                } else {
                    Cow::Owned(raw.nfkc().collect())
                };
            }
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(raw)
    }
}

/// Characters that NFKC leaves as they are, checked one by one in the tests.
fn is_nfkc_stable(c: char) -> bool {
    matches!(c,
        '\0'..='\x7F'
        | '\u{3001}'..='\u{3003}'   // 、。〃
        | '\u{3005}'..='\u{3007}'   // 々〆〇
        | '\u{3008}'..='\u{3011}'   // 〈〉《》「」『』【】
        | '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{309D}'..='\u{309E}'   // ゝゞ
        | '\u{30A1}'..='\u{30FE}'   // katakana, ・, ー, ヽヾ
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_space_and_letters_become_ascii() {
        assert_eq!(text("山田　太郎").as_deref(), Some("山田 太郎"));
        assert_eq!(text("  ＩＴ推進室 ").as_deref(), Some("IT推進室"));
        assert_eq!(text("\u{3000}\u{3000}"), None);
    }

    #[test]
    fn half_width_katakana_becomes_full_width() {
        assert_eq!(text("ﾔﾏﾀﾞ ﾀﾛｳ").as_deref(), Some("ヤマダ タロウ"));
    }

    #[test]
    fn keys_keep_leading_zeros_and_lose_spaces() {
        assert_eq!(key("００１２７").as_deref(), Some("00127"));
        assert_eq!(key(" 00123 ").as_deref(), Some("00123"));
    }

    #[test]
    fn emails_are_lower_cased_and_width_normalized() {
        assert_eq!(
            email("Taro.Yamada@Example.co.jp"),
            Ok(Some("taro.yamada@example.co.jp".into()))
        );
        assert_eq!(
            email("ｓａｔｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
            Ok(Some("sato@example.jp".into()))
        );
        assert_eq!(email("mailto:a@b.jp"), Ok(Some("a@b.jp".into())));
        assert_eq!(email(""), Ok(None));
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "taro.example.com",
            "@example.com",
            "a@b",
            "a@@b.jp",
            "a b@c.jp",
            "a@b..jp",
        ] {
            assert_eq!(email(bad), Err(BadEmail), "{bad}");
        }
    }

    #[test]
    fn emails_with_invisible_characters_are_refused() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{202A}', '\u{202E}',
            '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let bad = format!("taro{c}@example.jp");
            assert_eq!(email(&bad), Err(BadEmail), "{:?}", c);
            let bad = format!("taro@exa{c}mple.jp");
            assert_eq!(email(&bad), Err(BadEmail), "{:?}", c);
        }
        assert_eq!(email("taro@example.jp"), Ok(Some("taro@example.jp".into())));
    }

    #[test]
    fn notes_keep_their_lines() {
        assert_eq!(
            multiline("  一行目　です\r\n\r\n二行目 \n").as_deref(),
            Some("一行目 です\n\n二行目")
        );
    }

    #[test]
    fn tags_split_on_japanese_and_ascii_separators() {
        assert_eq!(
            tags("営業、 OB会,営業 ; vip").as_deref(),
            Some("営業,OB会,vip")
        );
        assert_eq!(tags(" , "), None);
    }

    #[test]
    fn the_fast_path_agrees_with_nfkc_for_every_character_it_handles() {
        let ranges = [
            (0x0u32, 0x7F),
            (0x3000, 0x30FF),
            (0x4E00, 0x9FFF),
            (0xFF01, 0xFF5E),
        ];
        for (start, end) in ranges {
            for c in (start..=end).filter_map(char::from_u32) {
                let text = format!("山{c}a");
                let full: String = text.nfkc().collect();
                assert_eq!(nfkc(&text), full, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn hiragana_reads_as_katakana() {
        assert_eq!(katakana("やまだ タロウ"), "ヤマダ タロウ");
    }
}
