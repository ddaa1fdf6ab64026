//! The alumnus record: its fields, their kinds, and the rehire-eligibility value.

use std::fmt;
use std::str::FromStr;

use super::{Consent, RehireSource};
#[cfg(doc)]
use super::{EmploymentType, LeaveType};

/// A roster field that an import or a hand edit can set.
///
/// The order is the column order of the `alumni` table and of every listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    EmployeeId,
    Name,
    NameKana,
    Email,
    Phone,
    Department,
    JobTitle,
    HireDate,
    LeaveDate,
    LeaveReason,
    RehireEligible,
    CurrentCompany,
    CurrentTitle,
    Location,
    LinkedinUrl,
    Tags,
    Notes,
    // Appended after Notes: a field's bit in `manual_fields` is its
    // position, and stored databases keep the bits of the fields before.
    EmploymentType,
    LeaveType,
}

/// How a field's text is checked and normalized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text, NFKC-normalized with runs of white space folded.
    Text,
    /// An identifier kept as text (leading zeros survive).
    Key,
    /// A reading (フリガナ): text, stored in katakana whichever kana it was typed in.
    Kana,
    Email,
    Date,
    Rehire,
    Tags,
    /// Multi-line text; line breaks are kept.
    Notes,
    /// One of [`EmploymentType`]'s values; other text is kept as `other`.
    EmploymentType,
    /// One of [`LeaveType`]'s values; other text is kept as `other`.
    LeaveType,
}

impl Field {
    pub const ALL: [Field; 19] = [
        Field::EmployeeId,
        Field::Name,
        Field::NameKana,
        Field::Email,
        Field::Phone,
        Field::Department,
        Field::JobTitle,
        Field::HireDate,
        Field::LeaveDate,
        Field::LeaveReason,
        Field::RehireEligible,
        Field::CurrentCompany,
        Field::CurrentTitle,
        Field::Location,
        Field::LinkedinUrl,
        Field::Tags,
        Field::Notes,
        Field::EmploymentType,
        Field::LeaveType,
    ];
    pub const COUNT: usize = Self::ALL.len();

    /// The column name in the database and the key in JSON output.
    pub fn column(self) -> &'static str {
        match self {
            Field::EmployeeId => "employee_id",
            Field::Name => "name",
            Field::NameKana => "name_kana",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Department => "department",
            Field::JobTitle => "job_title",
            Field::HireDate => "hire_date",
            Field::LeaveDate => "leave_date",
            Field::LeaveReason => "leave_reason",
            Field::RehireEligible => "rehire_eligible",
            Field::CurrentCompany => "current_company",
            Field::CurrentTitle => "current_title",
            Field::Location => "location",
            Field::LinkedinUrl => "linkedin_url",
            Field::Tags => "tags",
            Field::Notes => "notes",
            Field::EmploymentType => "employment_type",
            Field::LeaveType => "leave_type",
        }
    }

    /// The label shown to people, in Japanese; the column name serves in English.
    pub fn label_ja(self) -> &'static str {
        match self {
            Field::EmployeeId => "社員番号",
            Field::Name => "氏名",
            Field::NameKana => "フリガナ",
            Field::Email => "メールアドレス",
            Field::Phone => "電話番号",
            Field::Department => "部署",
            Field::JobTitle => "職種",
            Field::HireDate => "入社日",
            Field::LeaveDate => "退職日",
            Field::LeaveReason => "退職理由",
            Field::RehireEligible => "再雇用可否",
            Field::CurrentCompany => "現在の勤務先",
            Field::CurrentTitle => "現在の役職",
            Field::Location => "所在地",
            Field::LinkedinUrl => "LinkedIn",
            Field::Tags => "タグ",
            Field::Notes => "備考",
            Field::EmploymentType => "雇用形態",
            Field::LeaveType => "退職区分",
        }
    }

    pub fn kind(self) -> FieldKind {
        match self {
            Field::EmployeeId => FieldKind::Key,
            Field::NameKana => FieldKind::Kana,
            Field::Email => FieldKind::Email,
            Field::HireDate | Field::LeaveDate => FieldKind::Date,
            Field::RehireEligible => FieldKind::Rehire,
            Field::Tags => FieldKind::Tags,
            Field::Notes => FieldKind::Notes,
            Field::EmploymentType => FieldKind::EmploymentType,
            Field::LeaveType => FieldKind::LeaveType,
            _ => FieldKind::Text,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The bit of this field in `alumni.manual_fields`.
    pub fn bit(self) -> i64 {
        1 << self.index()
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.column())
    }
}

impl FromStr for Field {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Field::ALL
            .into_iter()
            .find(|f| f.column() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.column()).collect();
                format!("unknown field {s:?}; fields are {}", names.join(", "))
            })
    }
}

/// Whether a former employee may be hired again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rehire {
    Yes,
    Review,
    No,
    Unknown,
}

impl Rehire {
    pub fn as_str(self) -> &'static str {
        match self {
            Rehire::Yes => "yes",
            Rehire::Review => "review",
            Rehire::No => "no",
            Rehire::Unknown => "unknown",
        }
    }

    /// Reads the values HR teams write: 可/不可/要相談, ○/×/△, yes/no and the like.
    /// The text is expected NFKC-normalized already.
    pub fn parse(text: &str) -> Option<Rehire> {
        let t = text.trim().to_lowercase();
        let value = match t.as_str() {
            "可" | "○" | "〇" | "◯" | "はい" | "yes" | "y" | "true" | "ok" | "eligible"
            | "可能" | "再雇用可" | "1" => Rehire::Yes,
            "不可" | "×" | "✕" | "いいえ" | "no" | "n" | "false" | "ng" | "ineligible"
            | "不可能" | "再雇用不可" | "0" => Rehire::No,
            "要相談" | "要検討" | "相談" | "検討" | "保留" | "条件付き" | "条件付" | "△"
            | "review" | "maybe" | "conditional" | "要確認" => Rehire::Review,
            "不明" | "未定" | "unknown" | "-" | "—" | "ー" => Rehire::Unknown,
            _ => return None,
        };
        Some(value)
    }
}

impl FromStr for Rehire {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rehire::parse(s).ok_or_else(|| {
            format!("{s:?} is not a rehire eligibility (yes/review/no/unknown, 可/要相談/不可)")
        })
    }
}

/// What identifies a person across imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Key {
    #[value(name = "employee_id", alias = "employee-id")]
    EmployeeId,
    Email,
}

/// The values of an alumnus's roster fields, indexed by [`Field::index`].
/// `None` is an empty value.
pub type FieldValues = [Option<String>; Field::COUNT];

/// One stored alumnus: its id, field values and bookkeeping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alumnus {
    pub id: i64,
    pub values: FieldValues,
    pub rehire_source: Option<RehireSource>,
    pub consent: Consent,
    pub consent_date: Option<String>,
    pub consent_purpose: Option<String>,
    pub manual_fields: i64,
    /// The day the person's personal data was erased on request, if it was.
    pub erased_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Alumnus {
    pub fn get(&self, field: Field) -> Option<&str> {
        self.values[field.index()].as_deref()
    }

    /// The day the person's personal data was erased on request, if it was.
    pub fn erased_on(&self) -> Option<&str> {
        self.erased_at
            .as_deref()
            .map(|at| at.get(..10).unwrap_or(at))
    }

    /// A short human name: "00123 山田 太郎" or the email when there is no name.
    pub fn display_name(&self) -> String {
        if self.erased_at.is_some() {
            return format!("#{} (erased)", self.id);
        }
        let name = self
            .get(Field::Name)
            .or(self.get(Field::Email))
            .unwrap_or("(no name)");
        match self.get(Field::EmployeeId) {
            Some(id) => format!("{id} {name}"),
            None => format!("#{} {name}", self.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_columns_round_trip_through_from_str() {
        for field in Field::ALL {
            assert_eq!(field.column().parse::<Field>(), Ok(field));
        }
        assert_eq!("leave-date".parse::<Field>(), Ok(Field::LeaveDate));
        assert!("hobby".parse::<Field>().is_err());
    }

    #[test]
    fn the_bits_of_stored_fields_never_move() {
        // `manual_fields` in stored databases depends on these.
        assert_eq!(Field::EmployeeId.bit(), 1);
        assert_eq!(Field::Notes.bit(), 1 << 16);
        assert_eq!(Field::EmploymentType.bit(), 1 << 17);
        assert_eq!(Field::LeaveType.bit(), 1 << 18);
    }

    #[test]
    fn field_bits_are_distinct() {
        let all = Field::ALL.iter().fold(0, |acc, f| {
            assert_eq!(acc & f.bit(), 0);
            acc | f.bit()
        });
        assert_eq!(all.count_ones() as usize, Field::COUNT);
    }

    #[test]
    fn rehire_reads_japanese_and_english_values() {
        assert_eq!(Rehire::parse("可"), Some(Rehire::Yes));
        assert_eq!(Rehire::parse("○"), Some(Rehire::Yes));
        assert_eq!(Rehire::parse("Yes"), Some(Rehire::Yes));
        assert_eq!(Rehire::parse("不可"), Some(Rehire::No));
        assert_eq!(Rehire::parse("no"), Some(Rehire::No));
        assert_eq!(Rehire::parse("×"), Some(Rehire::No));
        assert_eq!(Rehire::parse("要相談"), Some(Rehire::Review));
        assert_eq!(Rehire::parse("review"), Some(Rehire::Review));
        assert_eq!(Rehire::parse("不明"), Some(Rehire::Unknown));
        assert_eq!(Rehire::parse("たぶん"), None);
    }
}
