//! Finding the header row and matching its column names to roster fields,
//! in English and Japanese, case- and width-insensitively.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use crate::domain::Field;

/// How many rows at the top of a sheet may be titles above the header row.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Column names as people write them, per field. Compared after [`fold`],
/// so case, width, spaces and punctuation do not matter.
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::EmployeeId,
        &[
            "社員番号",
            "社員no",
            "社員コード",
            "社員id",
            "従業員番号",
            "従業員コード",
            "従業員id",
            "職員番号",
            "スタッフコード",
            "スタッフ番号",
            "スタッフid",
            "employee id",
            "employee no",
            "employee number",
            "employee code",
            "emp id",
            "emp no",
            "staff id",
            "staff no",
            "id",
        ],
    ),
    (
        Field::Name,
        &[
            "氏名",
            "名前",
            "姓名",
            "お名前",
            "社員名",
            "従業員名",
            "氏名漢字",
            "name",
            "full name",
            "employee name",
        ],
    ),
    (
        Field::NameKana,
        &[
            "フリガナ",
            "ふりがな",
            "カナ",
            "カナ氏名",
            "氏名カナ",
            "氏名フリガナ",
            "氏名ふりがな",
            "よみがな",
            "ヨミガナ",
            "読み",
            "kana",
            "name kana",
            "furigana",
            "reading",
        ],
    ),
    (
        Field::Email,
        &[
            "メールアドレス",
            "メール",
            "eメール",
            "個人メール",
            "個人メールアドレス",
            "連絡先メールアドレス",
            "email",
            "e-mail",
            "email address",
            "e-mail address",
            "mail",
            "mail address",
            "personal email",
            "private email",
        ],
    ),
    (
        Field::Phone,
        &[
            "電話番号",
            "電話",
            "携帯",
            "携帯番号",
            "携帯電話",
            "携帯電話番号",
            "電話番号携帯",
            "連絡先",
            "連絡先電話番号",
            "phone",
            "phone number",
            "tel",
            "telephone",
            "mobile",
        ],
    ),
    (
        Field::Department,
        &[
            "部署",
            "部署名",
            "部署1",
            "所属",
            "所属部署",
            "所属グループ",
            "メイングループ",
            "所属部門",
            "部門",
            "部門名",
            "最終所属",
            "退職時所属",
            "退職時部署",
            "department",
            "dept",
            "division",
            "team",
        ],
    ),
    (
        Field::JobTitle,
        &[
            "職種",
            "職種名",
            "役職",
            "職位",
            "職務",
            "退職時役職",
            "job title",
            "title",
            "job",
            "position",
            "role",
        ],
    ),
    (
        Field::HireDate,
        &[
            "入社日",
            "入社年月日",
            "入社",
            "入社日付",
            "hire date",
            "hired on",
            "date hired",
            "date of hire",
            "start date",
            "joined",
            "joined on",
        ],
    ),
    (
        Field::LeaveDate,
        &[
            "退職日",
            "退職年月日",
            "退職解雇死亡年月日",
            "実退職年月日",
            "退社日",
            "退職",
            "離職日",
            "leave date",
            "left on",
            "left",
            "date left",
            "leaving date",
            "departure date",
            "termination date",
            "separation date",
            "end date",
        ],
    ),
    (
        Field::LeaveReason,
        &[
            "退職理由",
            "退職事由",
            "退職理由詳細",
            "退職事由詳細",
            "離職理由",
            "退社理由",
            "leave reason",
            "leaving reason",
            "reason for leaving",
            "departure reason",
            "termination reason",
            "reason",
        ],
    ),
    (
        Field::RehireEligible,
        &[
            "再雇用可否",
            "再雇用",
            "再雇用可",
            "再入社可否",
            "再入社",
            "出戻り可否",
            "rehire",
            "rehire eligible",
            "rehire eligibility",
            "eligible for rehire",
            "rehireable",
            "rehirable",
        ],
    ),
    (
        Field::CurrentCompany,
        &[
            "現在の勤務先",
            "現勤務先",
            "現所属",
            "勤務先",
            "転職先",
            "現在の会社",
            "current company",
            "current employer",
            "new employer",
            "employer",
            "company",
        ],
    ),
    (
        Field::CurrentTitle,
        &[
            "現在の役職",
            "現在の職種",
            "現職",
            "現役職",
            "current title",
            "current position",
            "current role",
        ],
    ),
    (
        Field::Location,
        &[
            "所在地",
            "居住地",
            "勤務地",
            "地域",
            "都道府県",
            "location",
            "city",
            "region",
        ],
    ),
    (
        Field::LinkedinUrl,
        &[
            "linkedin",
            "linkedin url",
            "linkedin profile",
            "リンクトイン",
        ],
    ),
    (Field::Tags, &["タグ", "ラベル", "tags", "tag", "labels"]),
    (
        Field::Notes,
        &[
            "備考",
            "メモ",
            "特記事項",
            "コメント",
            "notes",
            "note",
            "memo",
            "comments",
            "comment",
            "remarks",
        ],
    ),
    (
        Field::EmploymentType,
        &[
            "雇用形態",
            "雇用区分",
            "社員区分",
            "従業員区分",
            "契約形態",
            "employment type",
            "employment status",
            "worker type",
        ],
    ),
    (
        Field::LeaveType,
        &[
            "退職区分",
            "退職種別",
            "離職区分",
            "退職事由区分",
            "退職種類",
            "leave type",
            "termination type",
            "separation type",
        ],
    ),
];

/// Folds a column name for comparison: NFKC, lower case, and without white
/// space or punctuation ("E-mail Address" and "ｅｍａｉｌ　ａｄｄｒｅｓｓ" fold
/// alike; so do "Dept." and "dept").
pub fn fold(name: &str) -> String {
    name.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !is_punctuation(*c))
        .collect()
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || "・。、「」『』【】〔〕（）［］：；！？＿－―‐".contains(c)
}

/// Every synonym, folded, with its field: built once, so that a header of
/// a hundred thousand columns is matched in one look-up per column.
static FOLDED: LazyLock<HashMap<String, Field>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (field, names) in SYNONYMS.iter().rev() {
        map.insert(fold(field.column()), *field);
        for name in names.iter() {
            map.insert(fold(name), *field);
        }
    }
    map
});

/// The field a column name stands for, if any.
pub fn field_for(name: &str) -> Option<Field> {
    FOLDED.get(&fold(name)).copied()
}

/// Which half of a name split over two columns a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// 姓, 氏, セイ: written first, as in "山田 太郎".
    Family,
    /// 名, メイ.
    Given,
}

/// Which of several names of a person a column holds. When a file has
/// more than one, the first in this order is the one kept: the name used
/// at work wins over the one in the family register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// ビジネスネーム: the name a person chose to work under.
    Business,
    /// 職場氏名: the name used at the workplace.
    Workplace,
    /// 氏名, 姓, 名: a name with no qualifier.
    Plain,
    /// 戸籍上の氏名: the name in the family register.
    Legal,
}

/// What a column of a roster holds, as far as its name tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// A roster field, whole or (for `name` and `name_kana`) one half of
    /// it, from the name of the given rank.
    Field {
        field: Field,
        part: Option<Part>,
        rank: Rank,
    },
    /// A bare `id`: the employee ID in a hand-made file, the internal id in
    /// an export of this program (which also has an `employee_id` column).
    Id,
    /// マイナンバー (個人番号): never imported, whatever the user says.
    MyNumber,
    /// Personal data the roster does not keep: birth date, gender,
    /// address, bank account and the like. Left out unless mapped.
    Sensitive,
    /// A column this program writes in its own exports (`created_at` …):
    /// left out without a word, so that an export imports back.
    Internal,
}

impl Meaning {
    /// The roster field a column feeds, whole or in part.
    pub fn field(self) -> Option<Field> {
        match self {
            Meaning::Field { field, .. } => Some(field),
            Meaning::Id => Some(Field::EmployeeId),
            _ => None,
        }
    }
}

/// The columns of this program's own roster exports that are not roster fields.
const INTERNAL: &[&str] = &[
    "created_at",
    "updated_at",
    "rehire_source",
    "consent",
    "consent_date",
    "consent_purpose",
    "manual_fields",
    "erased_at",
];

static INTERNAL_FOLDED: LazyLock<Vec<String>> =
    LazyLock::new(|| INTERNAL.iter().map(|name| fold(name)).collect());

/// Stems of column names that hold My Number (個人番号).
const MY_NUMBER: &[&str] = &["マイナンバー", "個人番号", "mynumber", "individualnumber"];

/// Stems of column names that hold personal data an alumni roster has no
/// use for, compared after [`fold`] as parts of the name. A name that is
/// a roster field's synonym ("メールアドレス") is matched first.
const SENSITIVE: &[&str] = &[
    "生年月日",
    "誕生日",
    "birth",
    "性別",
    "男女",
    "gender",
    "住所",
    "郵便番号",
    "address",
    "postalcode",
    "zipcode",
    "口座",
    "銀行",
    "bank",
    "年金",
    "pension",
    "保険",
    "insurance",
    "国籍",
    "nationality",
    "本籍",
    "配偶者",
    "扶養",
    "家族",
    "緊急連絡",
    "血液型",
    "在留",
    "パスポート",
    "passport",
    "免許",
    "障害",
    "病歴",
    "健康",
    "宗教",
    "信条",
    "給与",
    "年収",
    "salary",
];

/// Whole-word sensitive names, too short to look for inside other names.
const SENSITIVE_EXACT: &[&str] = &["dob", "sex", "年齢", "age", "zip"];

/// Qualifiers in front of a name column, and the rank of the name they mark.
const RANKS: &[(&str, Rank)] = &[
    ("ビジネスネーム", Rank::Business),
    ("businessname", Rank::Business),
    ("職場氏名", Rank::Workplace),
    ("職場", Rank::Workplace),
    ("戸籍上の氏名", Rank::Legal),
    ("戸籍上氏名", Rank::Legal),
    ("戸籍氏名", Rank::Legal),
    ("戸籍上の", Rank::Legal),
    ("戸籍", Rank::Legal),
    ("legalname", Rank::Legal),
    ("本名", Rank::Legal),
    ("スタッフ", Rank::Plain),
    ("氏名", Rank::Plain),
];

/// Words that make a name column a reading (フリガナ).
const KANA: &[&str] = &[
    "ヨミガナ",
    "よみがな",
    "フリガナ",
    "ふりがな",
    "カナ",
    "かな",
    "ヨミ",
    "よみ",
    "読み",
    "furigana",
    "kana",
    "reading",
];

/// What a column named `name` holds, if its name tells.
pub fn meaning(name: &str) -> Option<Meaning> {
    let folded = fold(name);
    if folded.is_empty() {
        return None;
    }
    if MY_NUMBER.iter().any(|stem| folded.contains(stem)) {
        return Some(Meaning::MyNumber);
    }
    let plain = |field| Meaning::Field {
        field,
        part: None,
        rank: Rank::Plain,
    };
    // Exact names first: the program's own column names, then synonyms.
    if folded == "id" {
        return Some(Meaning::Id);
    }
    if INTERNAL_FOLDED.contains(&folded) {
        return Some(Meaning::Internal);
    }
    if let Some(field) = FOLDED.get(&folded) {
        return Some(plain(*field));
    }
    if let Some(found) = name_part(&folded) {
        return Some(found);
    }
    if SENSITIVE_EXACT.contains(&folded.as_str())
        || SENSITIVE.iter().any(|stem| folded.contains(stem))
    {
        return Some(Meaning::Sensitive);
    }
    None
}

/// Reads a column name that holds a name or reading, whole or half:
/// 姓, 名カナ, セイ, 姓（ヨミガナ）, 職場氏名(氏), ビジネスネーム 名,
/// 戸籍上の氏名カナ, Last Name …, already folded.
fn name_part(folded: &str) -> Option<Meaning> {
    let (rank, rest) = RANKS
        .iter()
        .find_map(|(prefix, rank)| folded.strip_prefix(prefix).map(|rest| (*rank, rest)))
        .unwrap_or((Rank::Plain, folded));
    let (mut kana, rest) = match KANA.iter().find_map(|marker| {
        rest.find(marker)
            .map(|at| format!("{}{}", &rest[..at], &rest[at + marker.len()..]))
    }) {
        Some(rest) => (true, rest),
        None => (false, rest.to_string()),
    };
    // "氏名 / 漢字 / 姓": the written name, as against its reading.
    let rest = rest.replacen("漢字", "", 1);
    let part = match rest.as_str() {
        "" if rank != Rank::Plain || kana => None,
        "姓" | "氏" | "苗字" | "名字" | "lastname" | "familyname" | "surname" => {
            Some(Part::Family)
        }
        "名" | "firstname" | "givenname" => Some(Part::Given),
        "セイ" | "せい" => {
            kana = true;
            Some(Part::Family)
        }
        "メイ" | "めい" => {
            kana = true;
            Some(Part::Given)
        }
        _ => return None,
    };
    Some(Meaning::Field {
        field: if kana { Field::NameKana } else { Field::Name },
        part,
        rank,
    })
}

/// Every synonym of each field, folded, for [`likely_fields`].
static FOLDED_BY_FIELD: LazyLock<HashMap<Field, Vec<String>>> = LazyLock::new(|| {
    SYNONYMS
        .iter()
        .map(|(field, names)| (*field, names.iter().map(|n| fold(n)).collect()))
        .collect()
});

/// The fields a person most likely meant by an unknown column name, best
/// first: fields whose names share the most characters with it.
pub fn likely_fields(name: &str, candidates: &[Field]) -> Vec<Field> {
    let folded: Vec<char> = fold(name).chars().collect();
    let score = |field: &Field| -> usize {
        FOLDED_BY_FIELD
            .get(field)
            .into_iter()
            .flatten()
            .map(|n| n.chars().filter(|c| folded.contains(c)).count())
            .max()
            .unwrap_or(0)
    };
    let mut ranked = candidates.to_vec();
    ranked.sort_by_key(|f| std::cmp::Reverse(score(f)));
    ranked
}

/// How many distinct fields the cells of a row name: the header row is the
/// first row naming at least two.
pub fn score_row<'a>(cells: impl Iterator<Item = &'a str>, extra: &dyn Fn(&str) -> bool) -> usize {
    let mut seen: Vec<Field> = Vec::new();
    let mut mapped_by_user = 0;
    for cell in cells {
        if extra(cell) {
            mapped_by_user += 1;
        } else if let Some(field) = meaning(cell).and_then(Meaning::field)
            && !seen.contains(&field)
        {
            seen.push(field);
        }
    }
    seen.len() + mapped_by_user
}

/// Whether a cell reads as a column name: a field, a half of a name, or a
/// column the roster knows to leave out. Sub-header rows are made of these.
pub fn is_header_word(cell: &str) -> bool {
    meaning(cell).is_some() || fold(cell) == "漢字"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_headers_match() {
        let cases = [
            ("社員番号", Field::EmployeeId),
            ("氏名", Field::Name),
            ("名前", Field::Name),
            ("フリガナ", Field::NameKana),
            ("ﾌﾘｶﾞﾅ", Field::NameKana),
            ("メールアドレス", Field::Email),
            ("部署", Field::Department),
            ("所属", Field::Department),
            ("職種", Field::JobTitle),
            ("入社日", Field::HireDate),
            ("退職日", Field::LeaveDate),
            ("退職理由", Field::LeaveReason),
            ("再雇用可否", Field::RehireEligible),
            ("現在の勤務先", Field::CurrentCompany),
            ("備考", Field::Notes),
            ("氏名（カナ）", Field::NameKana),
        ];
        for (header, field) in cases {
            assert_eq!(field_for(header), Some(field), "{header}");
        }
    }

    #[test]
    fn english_headers_match_whatever_their_case_and_punctuation() {
        let cases = [
            ("Employee ID", Field::EmployeeId),
            ("EMPLOYEE_ID", Field::EmployeeId),
            ("E-mail Address", Field::Email),
            ("Email", Field::Email),
            ("Dept.", Field::Department),
            ("Left On", Field::LeaveDate),
            ("Hire Date", Field::HireDate),
            ("Reason for Leaving", Field::LeaveReason),
            ("Name (Kana)", Field::NameKana),
            ("current_company", Field::CurrentCompany),
        ];
        for (header, field) in cases {
            assert_eq!(field_for(header), Some(field), "{header}");
        }
    }

    #[test]
    fn full_width_headers_match() {
        assert_eq!(
            field_for("Ｅ－ｍａｉｌ　Ａｄｄｒｅｓｓ"),
            Some(Field::Email)
        );
        assert_eq!(field_for("ＩＤ"), Some(Field::EmployeeId));
    }

    #[test]
    fn unknown_headers_do_not_match() {
        assert_eq!(field_for("趣味"), None);
        assert_eq!(field_for("Favourite colour"), None);
        assert_eq!(field_for(""), None);
        assert_eq!(field_for("  "), None);
    }

    #[test]
    fn a_title_row_scores_lower_than_the_header_row() {
        let none = |_: &str| false;
        assert_eq!(score_row(["退職者名簿（2024年度）"].into_iter(), &none), 0);
        assert_eq!(
            score_row(["社員番号", "氏名", "趣味", "氏名"].into_iter(), &none),
            2
        );
    }

    #[test]
    fn likely_fields_rank_by_shared_characters() {
        let ranked = likely_fields("退職年", &[Field::Email, Field::LeaveDate, Field::Name]);
        assert_eq!(ranked[0], Field::LeaveDate);
    }
}
