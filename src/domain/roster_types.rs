//! The two roster fields kept as fixed sets of values: the kind of
//! employment someone left (雇用形態) and the kind of leaving (退職区分). HR
//! files write them in many ways; each parser reads what they write, and a
//! text none of them knows is kept as `other` rather than refused, because
//! every company has a category or two of its own.

use super::vocabulary::stored_values;

stored_values! {
    /// How a former employee was employed (雇用形態).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum EmploymentType {
        FullTime = "full_time",
        Contract = "contract",
        PartTime = "part_time",
        Temp = "temp",
        Other = "other",
    }
}

stored_values! {
    /// How a former employee left (退職区分).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum LeaveType {
        Voluntary = "voluntary",
        Involuntary = "involuntary",
        Retirement = "retirement",
        ContractEnd = "contract_end",
        Other = "other",
    }
}

/// A text folded for matching: trimmed, lower case, and `-` or a space
/// read as `_`, so that "Full-Time", "full time" and "full_time" agree.
/// The text is expected NFKC-normalized already.
fn fold(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect()
}

impl EmploymentType {
    /// The Japanese label, as rosters head the value.
    pub fn label_ja(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "正社員",
            EmploymentType::Contract => "契約社員",
            EmploymentType::PartTime => "パート・アルバイト",
            EmploymentType::Temp => "派遣",
            EmploymentType::Other => "その他",
        }
    }

    /// Reads the values HR files write (正社員, 契約社員, パート, 派遣,
    /// full-time …); `None` for a text it does not know.
    pub fn parse(text: &str) -> Option<EmploymentType> {
        let value = match fold(text).as_str() {
            "正社員" | "正規社員" | "正職員" | "正規" | "full_time" | "fulltime" | "permanent" => {
                EmploymentType::FullTime
            }
            "契約社員" | "契約" | "契約職員" | "嘱託" | "嘱託社員" | "有期" | "有期雇用"
            | "contract" | "contractor" => EmploymentType::Contract,
            "パート"
            | "アルバイト"
            | "パート・アルバイト"
            | "パート/アルバイト"
            | "パートタイム"
            | "パートタイマー"
            | "part_time"
            | "parttime"
            | "part_timer" => EmploymentType::PartTime,
            "派遣" | "派遣社員" | "temp" | "temporary" => EmploymentType::Temp,
            "業務委託" | "その他" | "other" => EmploymentType::Other,
            _ => return None,
        };
        Some(value)
    }

    /// The value stored for `text`: what [`parse`](Self::parse) reads, or
    /// `other` for a text it does not know.
    pub fn read(text: &str) -> EmploymentType {
        Self::parse(text).unwrap_or(EmploymentType::Other)
    }

    /// The value a person names on the command line: its stored text
    /// (`full_time`, `full-time`) or its Japanese label (正社員).
    pub fn named(text: &str) -> Option<EmploymentType> {
        let folded = fold(text);
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == folded || t.label_ja() == folded)
    }
}

impl LeaveType {
    /// The Japanese label, as rosters head the value.
    pub fn label_ja(self) -> &'static str {
        match self {
            LeaveType::Voluntary => "自己都合",
            LeaveType::Involuntary => "会社都合",
            LeaveType::Retirement => "定年",
            LeaveType::ContractEnd => "契約満了",
            LeaveType::Other => "その他",
        }
    }

    /// Reads the values HR files write (自己都合, 会社都合, 定年, 契約満了,
    /// voluntary …); `None` for a text it does not know.
    pub fn parse(text: &str) -> Option<LeaveType> {
        let value = match fold(text).as_str() {
            "自己都合" | "自己都合退職" | "依願退職" | "依願" | "voluntary" | "resignation"
            | "resigned" => LeaveType::Voluntary,
            "会社都合" | "会社都合退職" | "解雇" | "整理解雇" | "involuntary" | "dismissal"
            | "dismissed" | "layoff" | "laid_off" => LeaveType::Involuntary,
            "定年" | "定年退職" | "retirement" | "retired" => LeaveType::Retirement,
            "契約満了" | "期間満了" | "契約期間満了" | "雇止め" | "雇い止め" | "contract_end" => {
                LeaveType::ContractEnd
            }
            "死亡" | "死亡退職" | "転籍" | "その他" | "other" => LeaveType::Other,
            _ => return None,
        };
        Some(value)
    }

    /// The value stored for `text`: what [`parse`](Self::parse) reads, or
    /// `other` for a text it does not know.
    pub fn read(text: &str) -> LeaveType {
        Self::parse(text).unwrap_or(LeaveType::Other)
    }

    /// The value a person names on the command line or as a rule's key:
    /// its stored text (`involuntary`) or its Japanese label (会社都合).
    /// Only these two, so that a rule for a departure reason such as 解雇
    /// stays a rule for that reason alone.
    pub fn named(text: &str) -> Option<LeaveType> {
        let folded = fold(text);
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == folded || t.label_ja() == folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::normalize;

    /// What an import stores for a cell: NFKC first, as the import does.
    fn employment(raw: &str) -> EmploymentType {
        EmploymentType::read(&normalize::text(raw).unwrap())
    }

    fn leave(raw: &str) -> LeaveType {
        LeaveType::read(&normalize::text(raw).unwrap())
    }

    #[test]
    fn employment_types_read_what_hr_files_write() {
        for (raw, want) in [
            ("正社員", EmploymentType::FullTime),
            ("正規社員", EmploymentType::FullTime),
            ("正職員", EmploymentType::FullTime),
            ("Full-Time", EmploymentType::FullTime),
            ("full_time", EmploymentType::FullTime),
            ("ＦＵＬＬＴＩＭＥ", EmploymentType::FullTime),
            ("permanent", EmploymentType::FullTime),
            ("契約社員", EmploymentType::Contract),
            ("契約", EmploymentType::Contract),
            ("嘱託", EmploymentType::Contract),
            ("嘱託社員", EmploymentType::Contract),
            ("有期", EmploymentType::Contract),
            ("パート", EmploymentType::PartTime),
            ("アルバイト", EmploymentType::PartTime),
            ("パート・アルバイト", EmploymentType::PartTime),
            ("ﾊﾟｰﾄ･ｱﾙﾊﾞｲﾄ", EmploymentType::PartTime),
            ("パートタイム", EmploymentType::PartTime),
            ("part-time", EmploymentType::PartTime),
            ("派遣", EmploymentType::Temp),
            ("派遣社員", EmploymentType::Temp),
            ("Temp", EmploymentType::Temp),
            ("temporary", EmploymentType::Temp),
            ("業務委託", EmploymentType::Other),
            ("その他", EmploymentType::Other),
            ("other", EmploymentType::Other),
        ] {
            assert_eq!(employment(raw), want, "{raw}");
            assert_eq!(
                EmploymentType::parse(&normalize::text(raw).unwrap()),
                Some(want),
                "{raw}"
            );
        }
    }

    #[test]
    fn leave_types_read_what_hr_files_write() {
        for (raw, want) in [
            ("自己都合", LeaveType::Voluntary),
            ("自己都合退職", LeaveType::Voluntary),
            ("依願退職", LeaveType::Voluntary),
            ("Voluntary", LeaveType::Voluntary),
            ("resignation", LeaveType::Voluntary),
            ("会社都合", LeaveType::Involuntary),
            ("会社都合退職", LeaveType::Involuntary),
            ("解雇", LeaveType::Involuntary),
            ("整理解雇", LeaveType::Involuntary),
            ("involuntary", LeaveType::Involuntary),
            ("dismissal", LeaveType::Involuntary),
            ("Layoff", LeaveType::Involuntary),
            ("定年", LeaveType::Retirement),
            ("定年退職", LeaveType::Retirement),
            ("retirement", LeaveType::Retirement),
            ("契約満了", LeaveType::ContractEnd),
            ("期間満了", LeaveType::ContractEnd),
            ("雇止め", LeaveType::ContractEnd),
            ("contract_end", LeaveType::ContractEnd),
            ("contract-end", LeaveType::ContractEnd),
            ("死亡", LeaveType::Other),
            ("転籍", LeaveType::Other),
            ("その他", LeaveType::Other),
            ("other", LeaveType::Other),
        ] {
            assert_eq!(leave(raw), want, "{raw}");
            assert_eq!(
                LeaveType::parse(&normalize::text(raw).unwrap()),
                Some(want),
                "{raw}"
            );
        }
    }

    #[test]
    fn a_text_no_parser_knows_is_stored_as_other() {
        assert_eq!(EmploymentType::parse("役員"), None);
        assert_eq!(employment("役員"), EmploymentType::Other);
        assert_eq!(LeaveType::parse("懲戒"), None);
        assert_eq!(leave("懲戒"), LeaveType::Other);
    }

    #[test]
    fn a_value_is_named_by_its_stored_text_or_its_label_only() {
        for t in EmploymentType::ALL {
            assert_eq!(EmploymentType::named(t.as_str()), Some(*t));
            assert_eq!(EmploymentType::named(t.label_ja()), Some(*t));
        }
        for t in LeaveType::ALL {
            assert_eq!(LeaveType::named(t.as_str()), Some(*t));
            assert_eq!(LeaveType::named(t.label_ja()), Some(*t));
        }
        assert_eq!(
            EmploymentType::named("Full-Time"),
            Some(EmploymentType::FullTime)
        );
        assert_eq!(
            LeaveType::named(" Involuntary "),
            Some(LeaveType::Involuntary)
        );
        // Synonyms read from files are not names of a value.
        assert_eq!(LeaveType::named("解雇"), None);
        assert_eq!(EmploymentType::named("嘱託"), None);
    }

    #[test]
    fn every_label_and_stored_text_parses_to_its_value() {
        for t in EmploymentType::ALL {
            assert_eq!(EmploymentType::parse(t.as_str()), Some(*t));
            assert_eq!(EmploymentType::parse(t.label_ja()), Some(*t));
        }
        for t in LeaveType::ALL {
            assert_eq!(LeaveType::parse(t.as_str()), Some(*t));
            assert_eq!(LeaveType::parse(t.label_ja()), Some(*t));
        }
    }
}
