//! Which column of a file feeds which roster field: matched by header name,
//! told by `--map` (or remembered from an earlier import), or chosen by the
//! user at a prompt. A name may be split over two columns (姓 | 名), and a
//! file may hold several names of a person (a business name and the name
//! in the family register): each row takes the first one it has.

use std::collections::BTreeMap;

use crate::domain::Field;
use crate::ingest::header::{Meaning, Part, Rank, fold, likely_fields, meaning};

/// What `--map 'HEADER=field'` says about one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub header: String,
    /// `None` for `HEADER=ignore`.
    pub field: Option<Field>,
}

impl Mapping {
    /// The `--map` option that says the same, quoted for a shell.
    pub fn to_flag(&self) -> String {
        let field = self.field.map_or("ignore", Field::column);
        let text = format!("{}={field}", self.header).replace('\'', r"'\''");
        format!("--map '{text}'")
    }
}

impl std::str::FromStr for Mapping {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (header, field) = s
            .rsplit_once('=')
            .ok_or_else(|| format!("--map {s:?} is not HEADER=field"))?;
        if header.trim().is_empty() {
            return Err(format!("--map {s:?} names no header"));
        }
        let field = match field.trim() {
            "ignore" | "-" | "" => None,
            name => Some(name.parse::<Field>()?),
        };
        Ok(Mapping {
            header: header.trim().to_string(),
            field,
        })
    }
}

/// What the person at the prompt answered about a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Nobody was asked (no terminal), or the prompt was closed.
    Unanswered,
    /// "Leave this column out."
    LeaveOut,
    Field(Field),
}

/// The prompt for a column nothing matched: its header and the fields
/// still free, likeliest first.
pub type Ask<'a> = dyn FnMut(&str, &[Field]) -> Answer + 'a;

/// Where a row finds one of its names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// One column holds the whole name.
    Whole(usize),
    /// The name is split: 姓 in one column, 名 in another (either may be missing).
    Split {
        family: Option<usize>,
        given: Option<usize>,
    },
}

/// The columns of `name` or `name_kana`, best first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameColumns {
    pub field: Field,
    pub sources: Vec<Source>,
}

/// The field of each column (by position), and what was left out and why.
#[derive(Clone, Debug, Default)]
pub struct ColumnMap {
    pub headers: Vec<String>,
    /// The field each column feeds whole; `None` for columns read otherwise
    /// (names, below) or not at all.
    pub fields: Vec<Option<Field>>,
    /// Where `name` and `name_kana` come from, when the file has them.
    pub names: Vec<NameColumns>,
    /// Column names that matched nothing and were left out.
    pub ignored: Vec<String>,
    /// Columns that named a field another column already feeds.
    pub repeated: Vec<(String, Field)>,
    /// Sensitive personal data (birth date, address …), left out.
    pub sensitive: Vec<String>,
    /// My Number columns, never imported.
    pub my_number: Vec<String>,
    /// What was answered at the prompt, as `--map` would say it.
    pub answered: Vec<Mapping>,
}

/// A column's place in the map before names are put in order.
enum Claim {
    Whole(Field),
    Name {
        field: Field,
        part: Option<Part>,
        rank: Rank,
    },
    /// A bare `id`: the employee ID unless another column is.
    Id,
    Out,
}

/// What a column holds by its name; for a header of several rows
/// ("在籍期間 / 入社日"), by the whole name, else by its lowest name that
/// tells (the rows above it may be group titles).
fn meaning_of(header: &str) -> Option<Meaning> {
    meaning(header).or_else(|| {
        header
            .contains(" / ")
            .then(|| header.rsplit(" / ").find_map(meaning))
            .flatten()
    })
}

impl ColumnMap {
    /// Maps `headers` to fields. `ask`, where someone can answer, is offered
    /// each column nothing matched (with the fields still free, likeliest
    /// first).
    pub fn new(headers: &[String], mappings: &[Mapping], ask: Option<&mut Ask<'_>>) -> ColumnMap {
        let mut map = ColumnMap {
            headers: headers.to_vec(),
            fields: vec![None; headers.len()],
            ..ColumnMap::default()
        };
        let mut claims = Vec::with_capacity(headers.len());
        let mut unknown = Vec::new();
        // Two columns mapped to one name field by hand are its two halves.
        let mut told_names: Vec<(Field, usize)> = Vec::new();
        for (column, header) in headers.iter().enumerate() {
            let folded = fold(header);
            let found = meaning_of(header);
            if found == Some(Meaning::MyNumber) {
                map.my_number.push(header.clone());
                claims.push(Claim::Out);
                continue;
            }
            let told = mappings.iter().find(|m| fold(&m.header) == folded);
            let claim = match (told, found) {
                (Some(mapping), _) => match mapping.field {
                    Some(field @ (Field::Name | Field::NameKana)) => {
                        let halves = told_names.iter().filter(|(f, _)| *f == field).count();
                        told_names.push((field, column));
                        Claim::Name {
                            field,
                            part: match halves {
                                0 => None,
                                _ => Some(Part::Given),
                            },
                            rank: Rank::Business,
                        }
                    }
                    Some(field) => Claim::Whole(field),
                    None => Claim::Out,
                },
                (None, Some(Meaning::Field { field, part, rank }))
                    if matches!(field, Field::Name | Field::NameKana) =>
                {
                    Claim::Name { field, part, rank }
                }
                (None, Some(Meaning::Field { field, .. })) => Claim::Whole(field),
                (None, Some(Meaning::Id)) => Claim::Id,
                (None, Some(Meaning::Sensitive)) => {
                    map.sensitive.push(header.clone());
                    Claim::Out
                }
                (None, Some(Meaning::Internal | Meaning::MyNumber)) => Claim::Out,
                (None, None) => {
                    if !header.trim().is_empty() {
                        unknown.push(column);
                    }
                    Claim::Out
                }
            };
            claims.push(claim);
        }
        // A column mapped to a name field by hand, with another after it,
        // is the family half of the two.
        for (field, column) in &told_names {
            if told_names.iter().filter(|(f, _)| f == field).count() > 1
                && let Claim::Name {
                    part: part @ None, ..
                } = &mut claims[*column]
            {
                *part = Some(Part::Family);
            }
        }
        map.place_whole(&claims);
        map.place_names(&claims);
        match ask {
            Some(ask) => map.ask_unknown(&unknown, ask),
            None => {
                let ignored = unknown.iter().map(|c| headers[*c].clone());
                map.ignored.extend(ignored);
            }
        }
        map
    }

    fn place_whole(&mut self, claims: &[Claim]) {
        let others_have_id = claims
            .iter()
            .any(|c| matches!(c, Claim::Whole(Field::EmployeeId)));
        for (column, claim) in claims.iter().enumerate() {
            let field = match claim {
                Claim::Whole(field) => *field,
                // An export of this program: `id` is its own, not the employee's.
                Claim::Id if others_have_id => continue,
                Claim::Id => Field::EmployeeId,
                _ => continue,
            };
            if self.fields.contains(&Some(field)) {
                self.repeated.push((self.headers[column].clone(), field));
            } else {
                self.fields[column] = Some(field);
            }
        }
    }

    /// Orders the name columns: by rank, a whole name before a split one.
    fn place_names(&mut self, claims: &[Claim]) {
        for field in [Field::Name, Field::NameKana] {
            let mut wholes: BTreeMap<Rank, usize> = BTreeMap::new();
            let mut splits: BTreeMap<Rank, (Option<usize>, Option<usize>)> = BTreeMap::new();
            for (column, claim) in claims.iter().enumerate() {
                let Claim::Name {
                    field: f,
                    part,
                    rank,
                } = claim
                else {
                    continue;
                };
                if *f != field {
                    continue;
                }
                let slot = match part {
                    None => wholes.entry(*rank).or_insert(column),
                    Some(Part::Family) => splits.entry(*rank).or_default().0.get_or_insert(column),
                    Some(Part::Given) => splits.entry(*rank).or_default().1.get_or_insert(column),
                };
                if *slot != column {
                    self.repeated.push((self.headers[column].clone(), field));
                }
            }
            let mut ranks: Vec<Rank> = wholes.keys().chain(splits.keys()).copied().collect();
            ranks.sort();
            ranks.dedup();
            let sources: Vec<Source> = ranks
                .into_iter()
                .flat_map(|rank| {
                    let whole = wholes.get(&rank).map(|c| Source::Whole(*c));
                    let split = splits.get(&rank).map(|(family, given)| Source::Split {
                        family: *family,
                        given: *given,
                    });
                    whole.into_iter().chain(split)
                })
                .collect();
            if !sources.is_empty() {
                self.names.push(NameColumns { field, sources });
            }
        }
    }

    fn ask_unknown(&mut self, unknown: &[usize], ask: &mut dyn FnMut(&str, &[Field]) -> Answer) {
        for &column in unknown {
            let header = &self.headers[column];
            let free: Vec<Field> = Field::ALL.into_iter().filter(|f| !self.has(*f)).collect();
            let free = likely_fields(header, &free);
            match ask(header, &free) {
                Answer::Field(field) if free.contains(&field) => {
                    self.fields[column] = Some(field);
                    self.answered.push(Mapping {
                        header: header.clone(),
                        field: Some(field),
                    });
                }
                Answer::LeaveOut => self.answered.push(Mapping {
                    header: header.clone(),
                    field: None,
                }),
                _ => self.ignored.push(header.clone()),
            }
        }
    }

    pub fn has(&self, field: Field) -> bool {
        self.fields.contains(&Some(field)) || self.names.iter().any(|n| n.field == field)
    }

    /// Whether any column feeds a field.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && !self.fields.iter().any(Option::is_some)
    }

    /// The field each column feeds, whole or in part, for a preview.
    pub fn field_of(&self, column: usize) -> Option<Field> {
        self.fields[column].or_else(|| {
            self.names
                .iter()
                .find(|n| {
                    n.sources.iter().any(|s| match *s {
                        Source::Whole(c) => c == column,
                        Source::Split { family, given } => {
                            family == Some(column) || given == Some(column)
                        }
                    })
                })
                .map(|n| n.field)
        })
    }

    /// The name the file gives a field's column, for messages; the Japanese
    /// label when the file has no such column.
    pub fn header_of(&self, field: Field) -> &str {
        let name_column = self
            .names
            .iter()
            .find(|n| n.field == field)
            .and_then(|n| n.sources.first())
            .and_then(|s| match *s {
                Source::Whole(c) => Some(c),
                Source::Split { family, given } => family.or(given),
            });
        self.fields
            .iter()
            .position(|f| *f == Some(field))
            .or(name_column)
            .map_or(field.label_ja(), |i| self.headers[i].as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn known_headers_map_and_unknown_ones_are_ignored() {
        let map = ColumnMap::new(&headers(&["社員番号", "氏名", "趣味"]), &[], None);
        assert_eq!(map.fields, [Some(Field::EmployeeId), None, None]);
        assert_eq!(
            map.names,
            [NameColumns {
                field: Field::Name,
                sources: vec![Source::Whole(1)]
            }]
        );
        assert_eq!(map.ignored, ["趣味"]);
    }

    #[test]
    fn map_option_wins_over_the_synonyms() {
        let mappings = [
            "Employee Number=employee_id".parse().unwrap(),
            "備考=ignore".parse().unwrap(),
        ];
        let map = ColumnMap::new(
            &headers(&["Employee Number", "メール", "備考"]),
            &mappings,
            None,
        );
        assert_eq!(
            map.fields,
            [Some(Field::EmployeeId), Some(Field::Email), None]
        );
        assert!(map.ignored.is_empty());
    }

    #[test]
    fn a_second_column_for_the_same_field_is_not_read() {
        let map = ColumnMap::new(&headers(&["職種", "役職"]), &[], None);
        assert_eq!(map.fields, [Some(Field::JobTitle), None]);
        assert_eq!(map.repeated, [("役職".to_string(), Field::JobTitle)]);
    }

    #[test]
    fn the_prompt_is_offered_only_free_fields() {
        let mut offered = Vec::new();
        let mut ask = |header: &str, free: &[Field]| {
            offered.push((header.to_string(), free.to_vec()));
            Answer::Field(Field::Notes)
        };
        let map = ColumnMap::new(&headers(&["氏名", "趣味"]), &[], Some(&mut ask));
        assert_eq!(map.fields, [None, Some(Field::Notes)]);
        assert_eq!(offered.len(), 1);
        assert!(!offered[0].1.contains(&Field::Name));
        assert_eq!(map.answered[0].to_flag(), "--map '趣味=notes'");
    }

    #[test]
    fn leaving_a_column_out_at_the_prompt_is_not_a_warning() {
        let mut ask = |_: &str, _: &[Field]| Answer::LeaveOut;
        let map = ColumnMap::new(&headers(&["氏名", "趣味"]), &[], Some(&mut ask));
        assert!(map.ignored.is_empty());
        assert_eq!(map.answered[0].to_flag(), "--map '趣味=ignore'");
    }

    #[test]
    fn split_names_are_read_from_both_columns() {
        let map = ColumnMap::new(
            &headers(&["社員番号", "姓", "名", "姓（ヨミガナ）", "名（ヨミガナ）"]),
            &[],
            None,
        );
        assert_eq!(
            map.names,
            [
                NameColumns {
                    field: Field::Name,
                    sources: vec![Source::Split {
                        family: Some(1),
                        given: Some(2)
                    }]
                },
                NameColumns {
                    field: Field::NameKana,
                    sources: vec![Source::Split {
                        family: Some(3),
                        given: Some(4)
                    }]
                }
            ]
        );
        assert!(map.has(Field::Name) && map.has(Field::NameKana));
        assert_eq!(map.header_of(Field::Name), "姓");
    }

    #[test]
    fn the_business_name_comes_before_the_legal_one() {
        let map = ColumnMap::new(
            &headers(&[
                "戸籍上の氏名（姓）",
                "戸籍上の氏名（名）",
                "ビジネスネーム 姓",
                "ビジネスネーム 名",
            ]),
            &[],
            None,
        );
        assert_eq!(
            map.names[0].sources,
            [
                Source::Split {
                    family: Some(2),
                    given: Some(3)
                },
                Source::Split {
                    family: Some(0),
                    given: Some(1)
                }
            ]
        );
    }

    #[test]
    fn two_columns_mapped_to_name_by_hand_are_its_halves() {
        let mappings = [
            "Family=name".parse().unwrap(),
            "Given=name".parse().unwrap(),
        ];
        let map = ColumnMap::new(&headers(&["Family", "Given"]), &mappings, None);
        assert_eq!(
            map.names[0].sources,
            [Source::Split {
                family: Some(0),
                given: Some(1)
            }]
        );
    }

    #[test]
    fn an_exported_id_column_is_not_the_employee_id() {
        let map = ColumnMap::new(
            &headers(&["id", "employee_id", "name", "created_at"]),
            &[],
            None,
        );
        assert_eq!(map.fields, [None, Some(Field::EmployeeId), None, None]);
        assert!(map.ignored.is_empty() && map.repeated.is_empty());
        let hand_made = ColumnMap::new(&headers(&["ID", "氏名"]), &[], None);
        assert_eq!(hand_made.fields[0], Some(Field::EmployeeId));
    }

    #[test]
    fn my_number_is_never_read_even_when_mapped() {
        let mappings = ["マイナンバー=notes".parse().unwrap()];
        let map = ColumnMap::new(
            &headers(&["氏名", "マイナンバー", "生年月日", "住所"]),
            &mappings,
            None,
        );
        assert_eq!(map.fields, [None, None, None, None]);
        assert_eq!(map.my_number, ["マイナンバー"]);
        assert_eq!(map.sensitive, ["生年月日", "住所"]);
    }

    #[test]
    fn bad_map_options_are_refused() {
        assert!("nofield".parse::<Mapping>().is_err());
        assert!("=name".parse::<Mapping>().is_err());
        assert!("X=hobby".parse::<Mapping>().is_err());
    }
}
