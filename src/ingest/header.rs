//! Finding the header row and matching its column names to roster fields,
//! in English and Japanese, case- and width-insensitively.

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
            "個人番号",
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
            "所属",
            "所属部署",
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

/// The field a column name stands for, if any.
pub fn field_for(name: &str) -> Option<Field> {
    let folded = fold(name);
    if folded.is_empty() {
        return None;
    }
    SYNONYMS.iter().find_map(|(field, names)| {
        let matches = fold(field.column()) == folded || names.iter().any(|n| fold(n) == folded);
        matches.then_some(*field)
    })
}

/// The fields a person most likely meant by an unknown column name, best
/// first: fields whose names share the most characters with it.
pub fn likely_fields(name: &str, candidates: &[Field]) -> Vec<Field> {
    let folded: Vec<char> = fold(name).chars().collect();
    let score = |field: &Field| -> usize {
        SYNONYMS
            .iter()
            .filter(|(f, _)| f == field)
            .flat_map(|(_, names)| names.iter())
            .map(|n| fold(n).chars().filter(|c| folded.contains(c)).count())
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
        } else if let Some(field) = field_for(cell)
            && !seen.contains(&field)
        {
            seen.push(field);
        }
    }
    seen.len() + mapped_by_user
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
