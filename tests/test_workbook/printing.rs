//! How the workbook prints: every sheet on A4 with page numbers in the
//! footer, its header rows on every page, fitted to the page's width only
//! where its text stays at 8 pt or larger, and the data sheet printing its
//! key columns. Read from the page setup in the xlsx, and from the PDF
//! LibreOffice prints, where it is installed.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use quick_xml::XmlVersion;
use quick_xml::events::Event;
use unicode_width::UnicodeWidthStr;

use super::recalculation::{converted, skip, soffice};
use super::{SHEETS_JA, example, sheet, text, write_workbook};

/// A file of the xlsx zip.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

type Attributes = HashMap<String, String>;

/// Every element `name`: its attributes and the text directly inside it.
fn elements(xml: &str, name: &str) -> Vec<(Attributes, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    let mut inside = false;
    loop {
        let event = reader.read_event().unwrap();
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().into_inner() == name => {
                let attributes = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let key = a.key.into_inner().to_string();
                        (
                            key,
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                found.push((attributes, String::new()));
                inside = matches!(event, Event::Start(_));
            }
            Event::Text(t) if inside => {
                let text = t.xml_content(XmlVersion::Implicit1_0);
                found.last_mut().unwrap().1.push_str(&text);
            }
            Event::End(e) if e.name().into_inner() == name => inside = false,
            _ => {}
        }
    }
    found
}

/// The text of `xml` between `start` and the next `end`.
fn between<'a>(xml: &'a str, start: &str, end: &str) -> &'a str {
    let from = xml
        .find(start)
        .map(|i| i + start.len())
        .unwrap_or(xml.len());
    let to = xml[from..].find(end).map_or(xml.len(), |i| from + i);
    &xml[from..to]
}

/// The defined names of the workbook: (name, sheet index) to its value.
fn defined_names(path: &Path) -> HashMap<(String, usize), String> {
    elements(&part(path, "xl/workbook.xml"), "definedName")
        .into_iter()
        .map(|(a, value)| {
            let sheet = a["localSheetId"].parse().unwrap();
            ((a["name"].clone(), sheet), value)
        })
        .collect()
}

#[test]
fn every_sheet_prints_on_a4_with_page_numbers_and_its_header_on_every_page() {
    let env = example();
    let path = write_workbook(&env, "kpi.xlsx", &["--lang", "ja", "--as-of", "2026-11-20"]);
    let names = defined_names(&path);
    for (i, name) in SHEETS_JA.iter().enumerate() {
        let xml = part(&path, &format!("xl/worksheets/sheet{}.xml", i + 1));
        let (setup, _) = &elements(&xml, "pageSetup")[0];
        assert_eq!(setup["paperSize"], "9", "{name} prints on A4");
        let orientation = &setup["orientation"];
        assert!(
            orientation == "portrait" || orientation == "landscape",
            "{name}: {orientation}"
        );
        let fitted = elements(&xml, "pageSetUpPr")
            .first()
            .is_some_and(|(a, _)| a.get("fitToPage").is_some_and(|v| v == "1"));
        let scale: u32 = setup.get("scale").map_or(100, |s| s.parse().unwrap());
        if fitted {
            // One page wide, as many long as it takes.
            assert_eq!(setup.get("fitToWidth").map_or("1", String::as_str), "1");
            assert_eq!(setup["fitToHeight"], "0", "{name}");
        } else {
            assert!(scale >= 75, "{name} prints at {scale}%: below 8 pt");
        }
        let footer = between(&xml, "<oddFooter>", "</oddFooter>").replace("&amp;", "&");
        assert!(
            footer.contains("&P") && footer.contains("&N"),
            "{name}: {footer}"
        );
        let titles = names
            .get(&("_xlnm.Print_Titles".to_string(), i))
            .unwrap_or_else(|| panic!("{name} repeats no rows"));
        assert!(titles.starts_with(&format!("{name}!$")), "{name}: {titles}");
    }
    // The data sheet prints from the application to its outcome, one page
    // wide; on screen it keeps every column, its filter and frozen panes.
    let data = 7;
    let area = &names[&("_xlnm.Print_Area".to_string(), data)];
    let rows = sheet(&path, "データ").height();
    assert_eq!(area, &format!("データ!$A$1:$J${rows}"));
    assert_eq!(text(&sheet(&path, "データ"), 0, 9), "結果");
    assert_eq!(
        names[&("_xlnm.Print_Titles".to_string(), data)],
        "データ!$1:$1"
    );
    assert!(names.contains_key(&("_xlnm._FilterDatabase".to_string(), data)));
    let xml = part(&path, "xl/worksheets/sheet8.xml");
    assert!(elements(&xml, "pageSetUpPr")[0].0["fitToPage"] == "1");
    assert!(
        !elements(&xml, "pane").is_empty(),
        "the data sheet's panes are frozen"
    );
}

/// Column widths (0-based column to width) and row heights of a sheet.
fn sizes(xml: &str) -> (HashMap<u32, f64>, HashMap<u32, f64>) {
    let mut widths = HashMap::new();
    for (a, _) in elements(xml, "col") {
        let (min, max): (u32, u32) = (a["min"].parse().unwrap(), a["max"].parse().unwrap());
        for col in min..=max {
            widths.insert(col - 1, a["width"].parse().unwrap());
        }
    }
    let heights = elements(xml, "row")
        .into_iter()
        .filter_map(|(a, _)| {
            let row: u32 = a["r"].parse().unwrap();
            Some((row - 1, a.get("ht")?.parse().unwrap()))
        })
        .collect();
    (widths, heights)
}

/// The formats of the cells of a sheet that wrap their text, by address.
fn wrapping_cells(path: &Path, xml: &str) -> Vec<String> {
    let styles = part(path, "xl/styles.xml");
    let xfs_start = styles.find("<cellXfs").unwrap();
    let xfs = &styles[xfs_start..styles.find("</cellXfs>").unwrap()];
    // Each <xf> of cellXfs, in order, and whether it wraps.
    let wraps: Vec<bool> = xfs
        .split("<xf ")
        .skip(1)
        .map(|xf| {
            let xf = &xf[..xf
                .find("</xf>")
                .unwrap_or(xf.len())
                .min(xf.find("<xf").unwrap_or(xf.len()))];
            xf.contains("wrapText=\"1\"")
        })
        .collect();
    elements(xml, "c")
        .into_iter()
        .filter(|(a, _)| {
            a.get("s")
                .and_then(|s| wraps.get(s.parse::<usize>().unwrap()))
                .copied()
                .unwrap_or(false)
        })
        .map(|(a, _)| a["r"].clone())
        .collect()
}

/// On 定義, a text wider than its column wraps, in a row tall enough for
/// its lines (a Japanese character two columns wide).
#[test]
fn long_definitions_wrap_in_rows_tall_enough_for_them() {
    let env = example();
    for lang in ["ja", "en"] {
        let path = write_workbook(
            &env,
            &format!("kpi-{lang}.xlsx"),
            &["--lang", lang, "--as-of", "2026-11-20"],
        );
        let name = if lang == "ja" {
            "定義"
        } else {
            "Definitions"
        };
        let xml = part(&path, "xl/worksheets/sheet9.xml");
        let (widths, heights) = sizes(&xml);
        let wrapping = wrapping_cells(&path, &xml);
        let range = sheet(&path, name);
        let mut wrapped = 0;
        for row in 4..range.height() {
            for col in 0..range.width() {
                let shown = text(&range, row, col);
                let width = widths[&(col as u32)];
                let needed = UnicodeWidthStr::width(shown.as_str()) as f64;
                if needed <= width {
                    continue;
                }
                let address = format!("{}{}", (b'A' + col as u8) as char, row + 1);
                assert!(
                    wrapping.contains(&address),
                    "{name}!{address} is cut off: {shown}"
                );
                let lines = (needed / (width - 1.0)).ceil();
                let height = heights.get(&(row as u32)).copied().unwrap_or(15.0);
                assert!(
                    height >= lines * 15.0,
                    "{name}!{address}: {lines} lines in a row {height} pt high"
                );
                wrapped += 1;
            }
        }
        assert!(
            wrapped >= 3,
            "{name}: only {wrapped} texts are longer than their column"
        );
    }
}

/// `pdftotext`, if installed; required where LibreOffice is.
fn pdftotext() -> bool {
    let found = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    assert!(
        found || std::env::var_os("ALUMNI_REQUIRE_LIBREOFFICE").is_none(),
        "pdftotext (poppler-utils) is required here but not installed"
    );
    found
}

/// The words of a PDF, page by page: the text and the height of its box.
fn words(pdf: &Path) -> Vec<Vec<(String, f64)>> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let html = String::from_utf8(out.stdout).unwrap();
    html.split("<page ")
        .skip(1)
        .map(|page| {
            let page = &page[..page.find("</page>").unwrap_or(page.len())];
            elements(&format!("<page {page}</page>"), "word")
                .into_iter()
                .map(|(a, word)| {
                    let y = |k: &str| a[k].parse::<f64>().unwrap();
                    (word, y("yMax") - y("yMin"))
                })
                .collect()
        })
        .collect()
}

/// `file` printed to PDF by LibreOffice.
fn printed(program: &str, file: &Path, dir: &Path) -> std::path::PathBuf {
    converted(program, file, &dir.join("printed"), "pdf", dir)
}

fn japanese(word: &str) -> bool {
    !word.is_ascii()
}

/// The box height of a word printed at 8 pt, in Latin and in Japanese
/// letters, as this machine's fonts draw them: a sheet of 8 pt text at
/// full size printed the same way.
fn eight_points(program: &str, dir: &Path) -> (f64, f64) {
    let file = dir.join("eight.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let small = rust_xlsxwriter::Format::new().set_font_size(8);
    let sheet = book.add_worksheet();
    sheet
        .write_string_with_format(0, 0, "Target", &small)
        .unwrap();
    sheet
        .write_string_with_format(1, 0, "2026/04", &small)
        .unwrap();
    sheet
        .write_string_with_format(2, 0, "採用計画", &small)
        .unwrap();
    sheet.set_paper_size(9);
    book.save(&file).unwrap();
    let pages = words(&printed(program, &file, dir));
    let height = |japanese_word: bool| {
        pages[0]
            .iter()
            .filter(|(w, _)| japanese(w) == japanese_word)
            .map(|(_, h)| *h)
            .fold(f64::MAX, f64::min)
    };
    (height(false), height(true))
}

#[test]
fn every_printed_word_is_8_pt_or_larger_and_every_page_is_numbered() {
    let Some(program) = soffice() else {
        return skip("the printing check");
    };
    if !pdftotext() {
        eprintln!("pdftotext is not installed: the printing check skipped");
        return;
    }
    let env = example();
    let (latin, japanese_height) = eight_points(program, env.dir.path());
    assert!(
        latin > 4.0 && japanese_height > 4.0,
        "{latin} {japanese_height}"
    );
    for lang in ["ja", "en"] {
        let path = write_workbook(
            &env,
            &format!("kpi-{lang}.xlsx"),
            &["--lang", lang, "--as-of", "2026-11-20"],
        );
        let pages = words(&printed(program, &path, env.dir.path()));
        let n = pages.len();
        assert!(n >= 9, "{lang}: {n} pages for nine sheets");
        for (i, page) in pages.iter().enumerate() {
            // The tolerance: rounding of the box to the font's outline.
            let small: Vec<&(String, f64)> = page
                .iter()
                .filter(|(w, h)| {
                    let floor = if japanese(w) { japanese_height } else { latin };
                    *h < floor * 0.95
                })
                .collect();
            assert!(
                small.is_empty(),
                "{lang} page {}: below 8 pt: {small:?}",
                i + 1
            );
            let line: Vec<&str> = page.iter().map(|(w, _)| w.as_str()).collect();
            let number = [(i + 1).to_string(), "/".to_string(), n.to_string()];
            assert!(
                line.windows(3).any(|w| w == number),
                "{lang} page {} has no \"{} / {n}\"",
                i + 1,
                i + 1
            );
        }
    }
}
