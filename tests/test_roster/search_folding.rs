//! `alumni search` as a Japanese HR person types: romaji against the
//! reading, either kana, half-width katakana, and old or variant kanji, on
//! fixtures/names_variants.csv (made by fixtures/search_fixtures.py).

use super::*;

fn variants() -> Env {
    let env = Env::new();
    env.import(&["names_variants.csv"]);
    env
}

#[test]
fn romaji_finds_the_reading_in_hepburn_kunrei_and_either_name_order() {
    let env = variants();
    for query in [
        "takahashi",
        "Takahashi Ichiro",
        "Ichiro Takahashi",
        "takahasi",
        "TAKAHASHI ICHIROU",
    ] {
        assert_eq!(employee_ids(&env, &["search", query]), ["S006"], "{query}");
    }
    assert_eq!(
        employee_ids(&env, &["search", "watanabe"]),
        ["S001", "S002", "S003"]
    );
    assert_eq!(employee_ids(&env, &["search", "Homma"]), ["S014"]);
    // A romaji query starts at the start of a word of the reading, never
    // in the middle of two: nakaYAMA DAiki is no Yamada.
    assert!(employee_ids(&env, &["search", "yamada"]).is_empty());
    assert_eq!(employee_ids(&env, &["search", "daiki"]), ["S015"]);
}

#[test]
fn long_vowels_may_be_written_or_left_out() {
    let env = variants();
    for query in ["ohno", "ono", "ōno", "oono", "Ohno Satoshi"] {
        assert_eq!(employee_ids(&env, &["search", query]), ["S011"], "{query}");
    }
}

#[test]
fn hiragana_katakana_and_half_width_katakana_find_each_other() {
    let env = variants();
    assert_eq!(employee_ids(&env, &["search", "たかはし"]), ["S006"]);
    assert_eq!(employee_ids(&env, &["search", "タカハシ"]), ["S006"]);
    assert_eq!(
        employee_ids(&env, &["search", "ﾜﾀﾅﾍﾞ ｲﾁﾛｳ"]),
        ["S001", "S002"]
    );
    // S002's reading is stored in hiragana.
    assert_eq!(
        employee_ids(&env, &["search", "ワタナベイチロウ"]),
        ["S001", "S002"]
    );
}

#[test]
fn old_and_variant_kanji_find_each_other() {
    let env = variants();
    for query in ["渡辺", "渡邊", "渡邉"] {
        assert_eq!(
            employee_ids(&env, &["search", query]),
            ["S001", "S002", "S003"],
            "{query}"
        );
    }
    for query in ["斎藤", "齋藤", "齊藤"] {
        assert_eq!(
            employee_ids(&env, &["search", query]),
            ["S004", "S005"],
            "{query}"
        );
    }
    for (query, found) in [
        ("高橋", "S006"),
        ("山崎", "S007"),
        ("吉田", "S008"),
        ("沢田", "S009"),
        ("浜田", "S010"),
    ] {
        assert_eq!(employee_ids(&env, &["search", query]), [found], "{query}");
    }
}

#[test]
fn chinese_simplified_forms_do_not_join_different_japanese_names() {
    let env = variants();
    assert_eq!(employee_ids(&env, &["search", "葉"]), ["S012"]);
    assert_eq!(employee_ids(&env, &["search", "叶"]), ["S013"]);
}
