//! Which column of a file feeds which roster field: matched by header name,
//! told by `--map`, or chosen by the user at a prompt.

use crate::domain::Field;
use crate::ingest::header::{field_for, fold, likely_fields};

/// What `--map 'HEADER=field'` says about one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub header: String,
    /// `None` for `HEADER=ignore`.
    pub field: Option<Field>,
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

/// The field of each column (by position), and the header names.
#[derive(Clone, Debug)]
pub struct ColumnMap {
    pub headers: Vec<String>,
    pub fields: Vec<Option<Field>>,
    /// Column names that matched nothing and were left out.
    pub ignored: Vec<String>,
    /// Columns that named a field another column already feeds.
    pub repeated: Vec<(String, Field)>,
}

impl ColumnMap {
    /// Maps `headers` to fields. `ask` is offered each column nothing matched
    /// (with the fields still free, likeliest first) and may pick one.
    pub fn new(
        headers: &[String],
        mappings: &[Mapping],
        ask: &mut dyn FnMut(&str, &[Field]) -> Option<Field>,
    ) -> ColumnMap {
        let mut fields: Vec<Option<Field>> = Vec::with_capacity(headers.len());
        let mut ignored = Vec::new();
        let mut repeated = Vec::new();
        let mut unknown = Vec::new();
        for (column, header) in headers.iter().enumerate() {
            let told = mappings.iter().find(|m| fold(&m.header) == fold(header));
            let field = match told {
                Some(mapping) => mapping.field,
                None => {
                    let found = field_for(header);
                    if found.is_none() && !header.trim().is_empty() {
                        unknown.push(column);
                    }
                    found
                }
            };
            match field {
                Some(f) if fields.contains(&Some(f)) => {
                    repeated.push((header.clone(), f));
                    fields.push(None);
                }
                other => fields.push(other),
            }
        }
        for column in unknown {
            let free: Vec<Field> = Field::ALL
                .into_iter()
                .filter(|f| !fields.contains(&Some(*f)))
                .collect();
            let free = likely_fields(&headers[column], &free);
            let chosen = ask(&headers[column], &free).filter(|f| free.contains(f));
            match chosen {
                Some(field) => fields[column] = Some(field),
                None => ignored.push(headers[column].clone()),
            }
        }
        ColumnMap {
            headers: headers.to_vec(),
            fields,
            ignored,
            repeated,
        }
    }

    pub fn has(&self, field: Field) -> bool {
        self.fields.contains(&Some(field))
    }

    /// The name the file gives a field's column, for messages; the Japanese
    /// label when the file has no such column.
    pub fn header_of(&self, field: Field) -> &str {
        self.fields
            .iter()
            .position(|f| *f == Some(field))
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
        let map = ColumnMap::new(
            &headers(&["社員番号", "氏名", "趣味"]),
            &[],
            &mut |_, _| None,
        );
        assert_eq!(
            map.fields,
            [Some(Field::EmployeeId), Some(Field::Name), None]
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
            &headers(&["Employee Number", "氏名", "備考"]),
            &mappings,
            &mut |_, _| None,
        );
        assert_eq!(
            map.fields,
            [Some(Field::EmployeeId), Some(Field::Name), None]
        );
        assert!(map.ignored.is_empty());
    }

    #[test]
    fn a_second_column_for_the_same_field_is_not_read() {
        let map = ColumnMap::new(&headers(&["職種", "役職"]), &[], &mut |_, _| None);
        assert_eq!(map.fields, [Some(Field::JobTitle), None]);
        assert_eq!(map.repeated, [("役職".to_string(), Field::JobTitle)]);
    }

    #[test]
    fn the_prompt_is_offered_only_free_fields() {
        let mut offered = Vec::new();
        let map = ColumnMap::new(&headers(&["氏名", "趣味"]), &[], &mut |header, free| {
            offered.push((header.to_string(), free.to_vec()));
            Some(Field::Notes)
        });
        assert_eq!(map.fields, [Some(Field::Name), Some(Field::Notes)]);
        assert_eq!(offered.len(), 1);
        assert!(!offered[0].1.contains(&Field::Name));
    }

    #[test]
    fn bad_map_options_are_refused() {
        assert!("nofield".parse::<Mapping>().is_err());
        assert!("=name".parse::<Mapping>().is_err());
        assert!("X=hobby".parse::<Mapping>().is_err());
    }
}
