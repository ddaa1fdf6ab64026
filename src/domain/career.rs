//! Career history: where a change of an alumnus's current company or title
//! came from, and the folding of company names for comparison, so that
//! `ミライ`, `株式会社ミライ`, `(株)ミライ` and `ﾐﾗｲ` are one company, and so
//! are `Acme`, `ACME Inc.` and `Acme Co., Ltd.`.

use super::fold;
use super::normalize;
use super::vocabulary::stored_values;

stored_values! {
    /// Where an entry of the career history came from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum CareerSource {
        Import = "import",
        Edit = "edit",
        Merge = "merge",
        /// The values an alumnus had when their history began to be kept.
        Initial = "initial",
    }
}

/// The legal-form words of Japanese company names, taken out wherever they
/// stand (before or after the name). NFKC has already made ㈱ `(株)` and
/// `（株）` `(株)`.
const JAPANESE_FORMS: [&str; 8] = [
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "(株)",
    "(有)",
    "(同)",
];

/// The legal-form words that end English company names, lower case, after
/// white space is taken out and before the trailing dot is: "Co., Ltd."
/// is `co.,ltd`. Longest first, so that `co.,ltd` goes before `ltd`.
const ENGLISH_FORMS: [&str; 11] = [
    "co.,ltd",
    "co.ltd",
    "coltd",
    "corporation",
    "company",
    "limited",
    "corp",
    "inc",
    "ltd",
    "llc",
    "k.k",
];

/// A company name folded for comparison: NFKC (width), lower case, variant
/// kanji and kana as [`fold::text`] folds them, without white space and
/// without the legal form (株式会社, (株), ㈱, 有限会社, Inc., Co., Ltd. …).
/// A name that is nothing but a legal form folds to itself rather than
/// to nothing.
pub fn fold_company(raw: &str) -> String {
    let Some(normal) = normalize::text(raw) else {
        return String::new();
    };
    let mut name: String = normal.to_lowercase();
    for form in JAPANESE_FORMS {
        name = name.replace(form, " ");
    }
    // English forms end the name and follow a space or a comma: "Acme Inc.",
    // "Acme, Inc.", "Acme Co.,Ltd." (the space is not always typed).
    let mut compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    loop {
        let trimmed = compact.trim_end_matches(['.', ',']);
        let Some(form) = ENGLISH_FORMS
            .iter()
            .find(|form| trimmed.len() > form.len() && trimmed.ends_with(*form))
        else {
            break;
        };
        let rest = &trimmed[..trimmed.len() - form.len()];
        // "Tinc" is not "T Inc.": only a word of its own is a form, which
        // the original name shows by a space, comma or dot before it.
        if !ends_a_word(&name, rest) {
            break;
        }
        compact = rest.trim_end_matches([',', '.']).to_string();
    }
    let folded = fold::text(&compact);
    if folded.is_empty() {
        fold::text(&normal)
    } else {
        folded
    }
}

/// Whether, in `name` (with its spaces), the text that `rest` is of the
/// compacted name ends before a space, comma or dot, or at a Japanese
/// character (`ミライInc.`).
fn ends_a_word(name: &str, rest: &str) -> bool {
    let mut seen = 0;
    let mut chars = name.chars().peekable();
    let wanted = rest.chars().count();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        seen += 1;
        if seen == wanted {
            let last_is_mark = matches!(c, ',' | '.') || !c.is_ascii();
            let space_follows = chars.peek().is_some_and(|n| n.is_whitespace());
            return last_is_mark || space_follows;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_legal_forms_are_ignored_before_and_after_the_name() {
        for name in [
            "株式会社ミライ",
            "ミライ株式会社",
            "(株)ミライ",
            "（株）ミライ",
            "㈱ミライ",
            "有限会社ミライ",
            "株式会社 ミライ",
            "ミライ",
        ] {
            assert_eq!(fold_company(name), "ミライ", "{name}");
        }
    }

    #[test]
    fn width_and_case_are_folded() {
        assert_eq!(fold_company("ﾐﾗｲ"), "ミライ");
        assert_eq!(fold_company("ＡＣＭＥ"), "acme");
        assert_eq!(fold_company("Acme"), "acme");
        assert_eq!(fold_company("みらい"), "ミライ");
    }

    #[test]
    fn english_legal_forms_are_ignored_at_the_end() {
        for name in [
            "Acme Inc.",
            "ACME, Inc.",
            "Acme Co., Ltd.",
            "Acme Co.,Ltd.",
            "Acme Corporation",
            "Acme Ltd",
            "Acme LLC",
            "ａｃｍｅ　ｉｎｃ．",
        ] {
            assert_eq!(fold_company(name), "acme", "{name}");
        }
    }

    #[test]
    fn a_form_inside_a_word_is_part_of_the_name() {
        assert_eq!(fold_company("Tinc"), "tinc");
        assert_eq!(fold_company("Zinc Inc."), "zinc");
        assert_eq!(fold_company("Incubate"), "incubate");
    }

    #[test]
    fn a_name_that_is_only_a_form_is_kept() {
        assert_eq!(fold_company("株式会社"), "株式会社");
        assert_eq!(fold_company("Inc."), "inc.");
        assert_eq!(fold_company("  "), "");
    }

    #[test]
    fn a_japanese_name_with_an_english_form_loses_the_form() {
        assert_eq!(fold_company("ミライInc."), "ミライ");
        assert_eq!(fold_company("ミライ 株式会社"), "ミライ");
    }
}
