//! The preview of a dry run: which column feeds which field, with two
//! sample values of each, and the columns left out, before any counts.
//! Headers are shown through `output::visible` and samples quoted as Rust
//! quotes a string, so a control character in a workbook's cell is shown
//! escaped, never sent to the terminal.

use super::columns::ColumnMap;
use crate::ingest::RawRow;
use crate::output::visible;

/// How many sample values are shown per column.
const SAMPLES: usize = 2;
/// How long a sample may be before it is cut.
const SAMPLE_CHARS: usize = 24;

/// The lines of the preview of `columns`, with samples from `rows`.
pub fn lines(columns: &ColumnMap, rows: &[&RawRow]) -> Vec<String> {
    let mut lines = vec!["columns:".to_string()];
    let mut left_out = Vec::new();
    for (column, header) in columns.headers.iter().enumerate() {
        if header.trim().is_empty() {
            continue;
        }
        let Some(field) = columns.field_of(column) else {
            left_out.push(visible(header));
            continue;
        };
        let samples: Vec<String> = rows
            .iter()
            .map(|row| row.cell(column).to_text())
            .filter(|text| !text.trim().is_empty())
            .take(SAMPLES)
            // Debug quoting escapes control and bidirectional characters.
            .map(|text| format!("{:?}", shorten(text.trim())))
            .collect();
        let samples = if samples.is_empty() {
            "(empty)".to_string()
        } else {
            samples.join(", ")
        };
        lines.push(format!("  {} → {field}: {samples}", visible(header)));
    }
    if !left_out.is_empty() {
        lines.push(format!("  left out: {}", left_out.join(", ")));
    }
    lines
}

fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > SAMPLE_CHARS || line.len() < text.len() {
        let cut: String = line.chars().take(SAMPLE_CHARS).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Cell;

    #[test]
    fn each_field_shows_two_samples_and_the_rest_is_left_out() {
        let headers: Vec<String> = ["社員番号", "姓", "名", "趣味"].map(String::from).into();
        let columns = ColumnMap::new(&headers, &[], None);
        let row = |n: u64, id: &str, family: &str, given: &str| RawRow {
            number: n,
            cells: [id, family, given, "釣り"]
                .iter()
                .map(|t| Cell::Text(t.to_string()))
                .collect(),
        };
        let rows = [
            row(2, "001", "山田", "太郎"),
            row(3, "002", "佐藤", "花子"),
            row(4, "003", "鈴木", "一郎"),
        ];
        let refs: Vec<&RawRow> = rows.iter().collect();
        assert_eq!(
            lines(&columns, &refs),
            [
                "columns:",
                "  社員番号 → employee_id: \"001\", \"002\"",
                "  姓 → name: \"山田\", \"佐藤\"",
                "  名 → name: \"太郎\", \"花子\"",
                "  left out: 趣味",
            ]
        );
    }

    #[test]
    fn control_characters_in_headers_and_samples_are_shown_escaped() {
        let headers: Vec<String> = ["氏名", "社員番号", "メモ\u{1b}[8m\u{202e}"]
            .map(String::from)
            .into();
        let columns = ColumnMap::new(&headers, &[], None);
        let row = RawRow {
            number: 2,
            cells: ["\u{1b}]0;pwned\u{7}山田", "\u{9b}2J001", "x"]
                .iter()
                .map(|t| Cell::Text(t.to_string()))
                .collect(),
        };
        let shown = lines(&columns, &[&row]).join("\n");
        assert!(
            !shown.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']),
            "{shown:?}"
        );
        assert!(shown.contains("\\u{1b}]0;pwned\\u{7}山田"), "{shown}");
        assert!(shown.contains("\\u{9b}2J001"), "{shown}");
        assert!(
            shown.contains("left out: メモ\\u{1b}[8m\\u{202e}"),
            "{shown}"
        );
    }
}
