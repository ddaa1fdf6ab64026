//! 採用スケジュール read back: with `--as-of 2026-10-15` on the example data
//! its columns are the weeks of fiscal Q3 and the other nine months, each
//! with its first and last day; its rows are the period's events on their
//! day, a phase per stage over exactly the months with targets, and input
//! rows whose bars a conditional format draws; the week of 2026-10-15 is the
//! one marked; and it prints on one A4 landscape page at 100%.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use calamine::{Data, Range, StyleRange, Xlsx, open_workbook};
use jiff::ToSpan;
use jiff::civil::{Date, date};

use super::recalculation::{skip, soffice};
use super::{example, sheet, text, write_workbook};
use crate::common::Env;

const NAME: &str = "採用スケジュール";
/// The column of the first time column: after the name, start and end.
const FIRST_TIME: usize = 3;

fn workbook(env: &Env, as_of: &str) -> std::path::PathBuf {
    let name = format!("schedule-{as_of}.xlsx");
    write_workbook(env, &name, &["--lang", "ja", "--as-of", as_of])
}

/// A date cell as a day.
fn day(range: &Range<Data>, row: usize, col: usize) -> Option<Date> {
    let serial = match range.get_value((row as u32, col as u32))? {
        Data::DateTime(d) => d.as_f64(),
        Data::Float(f) => *f,
        _ => return None,
    };
    date(1899, 12, 30).checked_add((serial as i64).days()).ok()
}

/// The schedule's header rows: each time column's first and last day.
struct Columns {
    first_day_row: usize,
    days: Vec<(Date, Date)>,
}

fn columns(range: &Range<Data>) -> Columns {
    let first_day_row = super::row_of(range, 0, &["項目", "開始", "終了"]);
    let days = (FIRST_TIME..range.width())
        .map_while(|c| {
            Some((
                day(range, first_day_row, c)?,
                day(range, first_day_row + 1, c)?,
            ))
        })
        .collect();
    Columns {
        first_day_row,
        days,
    }
}

fn styles(path: &Path) -> StyleRange {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_style(NAME).unwrap()
}

/// A cell's fill as text, to compare cells by.
fn fill(styles: &StyleRange, row: usize, col: usize) -> String {
    let fill = styles
        .get((row as u32, col as u32))
        .and_then(|s| s.fill.clone());
    format!("{fill:?}")
}

/// The time columns a row's bar fills: those whose fill differs from the
/// same column in `plain`, a row without a bar (the current week's column
/// has a fill of its own, so a bar is told from the column, not from white).
fn bars(styles: &StyleRange, row: usize, plain: usize, width: usize) -> Vec<usize> {
    (0..width)
        .filter(|&i| {
            let c = FIRST_TIME + i;
            fill(styles, row, c) != fill(styles, plain, c)
        })
        .collect()
}

/// A column's letters: 0 is A, 26 is AA.
fn letters(col: usize) -> String {
    let mut n = col + 1;
    let mut name = String::new();
    while n > 0 {
        name.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    name
}

/// An entry of the xlsx zip as text.
fn entry(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The attributes of every `<tag>` element of an XML text.
fn elements(xml: &str, tag: &str) -> Vec<HashMap<String, String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.local_name().as_ref() == tag =>
            {
                found.push(
                    e.attributes()
                        .flatten()
                        .map(|a| (a.key.as_ref().to_string(), a.value.to_string()))
                        .collect(),
                );
            }
            quick_xml::events::Event::Eof => return found,
            _ => {}
        }
    }
}

/// The text inside the first `<tag>…</tag>`.
fn inner<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no <{tag}>")) + open.len();
    let end = xml[start..].find(&format!("</{tag}>")).unwrap() + start;
    &xml[start..end]
}

/// The schedule's worksheet XML, found through the workbook's relations.
fn sheet_xml(path: &Path) -> String {
    let workbook = entry(path, "xl/workbook.xml");
    let sheets = elements(&workbook, "sheet");
    let id = &sheets.iter().find(|s| s["name"] == NAME).unwrap()["r:id"];
    let rels = entry(path, "xl/_rels/workbook.xml.rels");
    let target = &elements(&rels, "Relationship")
        .into_iter()
        .find(|r| &r["Id"] == id)
        .unwrap()["Target"];
    entry(path, &format!("xl/{}", target.trim_start_matches("/xl/")))
}

#[test]
fn columns_are_the_weeks_of_the_current_quarter_and_the_other_months() {
    let env = example();
    let path = workbook(&env, "2026-10-15");
    let range = sheet(&path, NAME);
    let columns = columns(&range);
    let starts: Vec<Date> = columns.days.iter().map(|d| d.0).collect();
    let mut expected: Vec<Date> = (4..=9).map(|m| date(2026, m, 1)).collect();
    expected.push(date(2026, 10, 1));
    let mut monday = date(2026, 10, 5);
    while monday <= date(2026, 12, 31) {
        expected.push(monday);
        monday = monday.checked_add(1.week()).unwrap();
    }
    expected.extend((1..=3).map(|m| date(2027, m, 1)));
    assert_eq!(starts, expected);
    // Every column ends the day before the next begins, months at their
    // ends and weeks on Sunday or at the end of the quarter.
    for pair in columns.days.windows(2) {
        assert_eq!(pair[0].1.tomorrow().unwrap(), pair[1].0, "{pair:?}");
    }
    assert_eq!(columns.days.last().unwrap().1, date(2027, 3, 31));
    for &(first, last) in &columns.days {
        let is_week = first >= date(2026, 10, 1) && first <= date(2026, 12, 31);
        if is_week {
            assert!(
                last.weekday() == jiff::civil::Weekday::Sunday || last == date(2026, 12, 31),
                "{first} – {last}"
            );
        } else {
            assert_eq!((first.day(), last), (1, first.last_of_month()));
        }
    }
    assert_eq!(text(&range, columns.first_day_row, 0), "項目");
}

#[test]
fn events_are_marked_on_their_day_and_phases_on_their_target_months() {
    let env = example();
    let path = workbook(&env, "2026-10-15");
    let range = sheet(&path, NAME);
    let styles = styles(&path);
    let columns = columns(&range);
    let width = columns.days.len();
    let holding = |from: Date, to: Date| -> Vec<usize> {
        (0..width)
            .filter(|&i| columns.days[i].0 <= to && columns.days[i].1 >= from)
            .collect()
    };

    let conn = env.conn();
    let events: Vec<(String, String)> = conn
        .prepare("SELECT name, date FROM events WHERE date BETWEEN '2026-04-01' AND '2027-03-31' ORDER BY date")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(events.len(), 2, "the example holds two events in FY2026");
    let section = super::row_of(&range, 0, &["イベント"]);
    for (i, (name, held)) in events.iter().enumerate() {
        let row = section + 1 + i;
        let held: Date = held.parse().unwrap();
        assert_eq!(text(&range, row, 0), *name);
        assert_eq!(day(&range, row, 1), Some(held), "{name} starts on its day");
        assert_eq!(day(&range, row, 2), Some(held), "{name} ends on its day");
        let marked = bars(&styles, row, section, width);
        assert_eq!(marked, holding(held, held), "{name}: one mark, on {held}");
        assert_eq!(marked.len(), 1);
    }

    // The stages with a target above zero in some month, and those months.
    let targeted: Vec<(String, String)> = conn
        .prepare(
            "SELECT s.label_ja, t.month FROM targets t JOIN stages s ON s.key = t.stage
             WHERE t.month BETWEEN '2026-04' AND '2027-03'
             GROUP BY s.key, t.month HAVING sum(t.count) > 0 ORDER BY s.position, t.month",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut stages: Vec<(String, Vec<Date>)> = Vec::new();
    for (label, month) in targeted {
        let first: Date = format!("{month}-01").parse().unwrap();
        match stages.last_mut() {
            Some((last, months)) if *last == label => months.push(first),
            _ => stages.push((label, vec![first])),
        }
    }
    let phases = super::row_of(&range, 0, &["採用フェーズ(目標のある月)"]);
    let own = super::row_of(&range, 0, &["自由入力(名称・開始・終了を入力)"]);
    assert_eq!(
        own - phases - 1,
        stages.len(),
        "one row per stage with targets"
    );
    let mut partial = 0;
    for (i, (label, months)) in stages.iter().enumerate() {
        let row = phases + 1 + i;
        assert_eq!(text(&range, row, 0), *label);
        let expected: Vec<usize> = (0..width)
            .filter(|&c| {
                months
                    .iter()
                    .any(|m| holding(*m, m.last_of_month()).contains(&c))
            })
            .collect();
        assert_eq!(bars(&styles, row, phases, width), expected, "{label}");
        if months.len() < 12 {
            partial += 1;
        }
    }
    assert!(
        partial > 0,
        "the example has a stage targeted in some months only"
    );
}

#[test]
fn the_week_of_as_of_is_marked_and_no_other() {
    let env = example();
    let path = workbook(&env, "2026-10-15");
    let range = sheet(&path, NAME);
    let styles = styles(&path);
    let seen = columns(&range);
    let header = seen.first_day_row;
    let marks: Vec<usize> = (0..range.width())
        .filter(|&c| text(&range, header - 1, c) == "今週")
        .collect();
    let now = seen
        .days
        .iter()
        .position(|d| d.0 <= date(2026, 10, 15) && date(2026, 10, 15) <= d.1)
        .unwrap();
    assert_eq!(seen.days[now], (date(2026, 10, 12), date(2026, 10, 18)));
    assert_eq!(marks, vec![FIRST_TIME + now]);
    // Its header and body cells differ from those of the other weeks, which
    // are all alike.
    let weeks: Vec<usize> = (0..seen.days.len())
        .filter(|&i| seen.days[i].0 >= date(2026, 10, 1) && seen.days[i].1 <= date(2026, 12, 31))
        .collect();
    let own = super::row_of(&range, 0, &["自由入力(名称・開始・終了を入力)"]);
    for row in [header, header + 1, own + 1] {
        let look = |i: usize| format!("{:?}", styles.get((row as u32, (FIRST_TIME + i) as u32)));
        let others: Vec<String> = weeks
            .iter()
            .filter(|&&i| i != now)
            .map(|&i| look(i))
            .collect();
        assert!(others.iter().all(|o| *o == others[0]), "row {row}");
        assert_ne!(
            look(now),
            others[0],
            "row {row}: the current week stands out"
        );
    }

    // Once the year is over every column is a month, and nothing is marked.
    let later = workbook(&env, "2027-06-01");
    let range = sheet(&later, NAME);
    assert_eq!(columns(&range).days.len(), 12);
    assert!(
        !range
            .used_cells()
            .any(|(_, _, v)| matches!(v, Data::String(s) if s == "今週"))
    );
}

#[test]
fn own_rows_are_inputs_whose_bars_read_their_start_and_end() {
    let env = example();
    let path = workbook(&env, "2026-10-15");
    let range = sheet(&path, NAME);
    let styles = styles(&path);
    let columns = columns(&range);
    let own = super::row_of(&range, 0, &["自由入力(名称・開始・終了を入力)"]);
    let first = own + 1;
    let last = first + 4;
    for row in first..=last {
        for col in 0..FIRST_TIME {
            let fill = styles
                .get((row as u32, col as u32))
                .and_then(|s| s.fill.as_ref())
                .and_then(|f| f.foreground_color.or(f.background_color));
            let (r, g, b) = fill.map_or((0, 0, 0), |c| (c.red, c.green, c.blue));
            assert_eq!((r, g, b), (0xFF, 0xF2, 0xCC), "({row}, {col}) is an input");
            assert_eq!(text(&range, row, col), "", "({row}, {col}) is left empty");
        }
    }
    let xml = sheet_xml(&path);
    let formats = elements(&xml, "conditionalFormatting");
    let last_col = letters(FIRST_TIME + columns.days.len() - 1);
    let sqref = format!("D{}:{last_col}{}", first + 1, last + 1);
    assert!(
        formats.iter().any(|f| f["sqref"] == sqref),
        "a rule over the own rows' time cells {sqref}: {formats:?}"
    );
    let at = xml.find(&format!("sqref=\"{sqref}\"")).unwrap();
    let rule = inner(&xml[at..], "formula");
    let (row, header) = (first + 1, columns.first_day_row + 1);
    for reference in [
        format!("$B{row}"),
        format!("$C{row}"),
        format!("D${header}"),
        format!("D${}", header + 1),
    ] {
        assert!(rule.contains(&reference), "{rule} reads {reference}");
    }
}

#[test]
fn the_schedule_prints_on_one_a4_landscape_page_at_eight_points_or_more() {
    let env = example();
    let path = workbook(&env, "2026-10-15");
    let xml = sheet_xml(&path);
    let setup = &elements(&xml, "pageSetup")[0];
    assert_eq!(setup["paperSize"], "9", "A4");
    assert_eq!(setup["orientation"], "landscape");
    let scale: u32 = setup.get("scale").map_or(100, |s| s.parse().unwrap());
    assert_eq!(scale, 100, "printed at the size it is set");
    assert!(
        elements(&xml, "pageSetUpPr")
            .iter()
            .all(|p| p.get("fitToPage").is_none_or(|f| f == "0")),
        "not shrunk to fit"
    );
    let workbook_xml = entry(&path, "xl/workbook.xml");
    let titles = [format!("{NAME}!$3:$5"), format!("'{NAME}'!$3:$5")];
    assert!(
        titles.iter().any(|t| workbook_xml.contains(t.as_str())),
        "the marker and both header rows repeat: {workbook_xml}"
    );
    let styles = styles(&path);
    for (r, c, style) in styles.cells() {
        if let Some(size) = style.font.as_ref().and_then(|f| f.size) {
            assert!(size >= 8.0, "({r}, {c}) is {size} pt");
        }
    }

    let Some(program) = soffice() else {
        return skip("printing the schedule");
    };
    let pdf = schedule_alone_as_pdf(program, &path, &env.path("print"));
    let pages = std::fs::read(&pdf).unwrap();
    let pages = pages
        .windows(b"/Type/Page".len() + 1)
        .filter(|w| w.starts_with(b"/Type/Page") && w[w.len() - 1] != b's')
        .count();
    assert_eq!(pages, 1, "the schedule prints on one page");
}

/// `workbook.xml` without the print areas of the sheets but `index`.
fn other_print_areas_removed(xml: &str, index: usize) -> String {
    let mut kept = String::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<definedName name=\"_xlnm.Print_Area\"") {
        kept.push_str(&rest[..at]);
        let end = at + rest[at..].find("</definedName>").unwrap() + "</definedName>".len();
        let defined = &rest[at..end];
        if defined.contains(&format!("localSheetId=\"{index}\"")) {
            kept.push_str(defined);
        }
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept
}

/// The workbook with every other sheet hidden (LibreOffice prints only the
/// visible ones), printed to PDF.
fn schedule_alone_as_pdf(program: &str, path: &Path, dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let alone = dir.join("schedule.xlsx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&alone).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            let mut xml = String::from_utf8(data).unwrap();
            for other in super::SHEETS_JA.iter().filter(|n| **n != NAME) {
                let tag = format!("<sheet name=\"{other}\"");
                xml = xml.replace(&tag, &format!("{tag} state=\"hidden\""));
            }
            let index = super::SHEETS_JA.iter().position(|n| *n == NAME).unwrap();
            // LibreOffice prints a hidden sheet's print area all the same:
            // only the schedule's is kept.
            xml = other_print_areas_removed(&xml, index);
            xml = xml.replace(
                "<workbookView ",
                &format!("<workbookView activeTab=\"{index}\" "),
            );
            data = xml.into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
    let status = Command::new(program)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&alone)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let pdf = dir.join("schedule.pdf");
    assert!(pdf.exists(), "LibreOffice wrote no PDF: {status:?}");
    pdf
}
