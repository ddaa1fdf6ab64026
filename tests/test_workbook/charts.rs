//! The charts of the workbook, read from the xlsx zip's XML (calamine does
//! not read charts): each has a title, axis titles and a legend; a count
//! axis steps by whole numbers from 0, a rate axis is in percent; and each
//! chart's anchor covers no cell of its sheet that holds a value or a
//! formula, so that no chart hides a table on screen or on paper.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use quick_xml::events::Event;

use super::{example, write_workbook};

/// An element of an XML part: its name, attributes, text, and the names
/// of the elements it is inside.
#[derive(Debug)]
struct Element {
    inside: Vec<String>,
    name: String,
    attributes: HashMap<String, String>,
    text: String,
}

fn parse(xml: &str) -> Vec<Element> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            event @ (Event::Start(_) | Event::Empty(_)) => {
                let (e, empty) = match &event {
                    Event::Start(e) => (e, false),
                    Event::Empty(e) => (e, true),
                    _ => unreachable!(),
                };
                let name = e.name().as_ref().to_string();
                let attributes = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (a.key.as_ref().to_string(), a.value.to_string())
                    })
                    .collect();
                let inside = open.iter().map(|&i| elements[i].name.clone()).collect();
                elements.push(Element {
                    inside,
                    name,
                    attributes,
                    text: String::new(),
                });
                if !empty {
                    open.push(elements.len() - 1);
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    elements[i].text.push_str(&t.xml10_content());
                }
            }
            _ => {}
        }
    }
    elements
}

fn part(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The targets of a part's relationships, by id, as paths in the zip.
fn relationships(
    zip: &mut zip::ZipArchive<std::fs::File>,
    dir: &str,
    rels: &str,
) -> HashMap<String, String> {
    let Ok(mut file) = zip.by_name(rels) else {
        return HashMap::new();
    };
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    parse(&text)
        .into_iter()
        .filter(|e| e.name == "Relationship")
        .map(|e| {
            let target = &e.attributes["Target"];
            let mut path: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
            for piece in target.split('/') {
                match piece {
                    ".." => {
                        path.pop();
                    }
                    piece => path.push(piece),
                }
            }
            (e.attributes["Id"].clone(), path.join("/"))
        })
        .collect()
}

/// A chart as placed: its sheet, its anchor's first and last cells
/// (row, column, 0-based), and its XML.
struct Placed {
    sheet: String,
    from: (u32, u32),
    to: (u32, u32),
    xml: Vec<Element>,
}

fn charts(path: &Path) -> Vec<Placed> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let workbook = parse(&part(&mut zip, "xl/workbook.xml"));
    let sheets = relationships(&mut zip, "xl", "xl/_rels/workbook.xml.rels");
    let mut placed = Vec::new();
    for sheet in workbook.iter().filter(|e| e.name == "sheet") {
        let file = &sheets[&sheet.attributes["r:id"]];
        let (dir, name) = file.rsplit_once('/').unwrap();
        let drawings = relationships(&mut zip, dir, &format!("{dir}/_rels/{name}.rels"));
        for drawing in drawings.values().filter(|t| t.contains("drawings/")) {
            let (ddir, dname) = drawing.rsplit_once('/').unwrap();
            let targets = relationships(&mut zip, ddir, &format!("{ddir}/_rels/{dname}.rels"));
            let xml = parse(&part(&mut zip, drawing));
            let number = |i: usize, under: &str, what: &str| -> u32 {
                xml[i..]
                    .iter()
                    .find(|e| e.name == what && e.inside.last().is_some_and(|p| p == under))
                    .unwrap()
                    .text
                    .trim()
                    .parse()
                    .unwrap()
            };
            for (i, anchor) in xml.iter().enumerate() {
                if anchor.name != "xdr:twoCellAnchor" {
                    continue;
                }
                let from = (
                    number(i, "xdr:from", "xdr:row"),
                    number(i, "xdr:from", "xdr:col"),
                );
                let to = (
                    number(i, "xdr:to", "xdr:row"),
                    number(i, "xdr:to", "xdr:col"),
                );
                let chart = xml[i..].iter().find(|e| e.name == "c:chart").unwrap();
                let target = &targets[&chart.attributes["r:id"]];
                placed.push(Placed {
                    sheet: sheet.attributes["name"].clone(),
                    from,
                    to,
                    xml: parse(&part(&mut zip, target)),
                });
            }
        }
    }
    placed
}

/// The elements inside the axis that starts at `start`.
fn axis(xml: &[Element], start: usize) -> &[Element] {
    let depth = xml[start].inside.len();
    let end = xml[start + 1..]
        .iter()
        .position(|e| e.inside.len() <= depth)
        .map_or(xml.len(), |p| start + 1 + p);
    &xml[start + 1..end]
}

#[test]
fn charts_have_titles_legends_whole_steps_and_cover_no_table() {
    let env = example();
    for (lang, title) in [("ja", "入社"), ("en", "Hires")] {
        let path = write_workbook(&env, &format!("charts-{lang}.xlsx"), &["--lang", lang]);
        let placed = charts(&path);
        assert!(placed.len() >= 3, "{lang}: {} charts", placed.len());
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let mut titles = Vec::new();
        for chart in &placed {
            let what = format!("{lang} chart on {}", chart.sheet);
            let xml = &chart.xml;
            let text: String = xml
                .iter()
                .filter(|e| e.name == "a:t" && e.inside.contains(&"c:title".to_string()))
                .map(|e| e.text.clone())
                .collect::<Vec<_>>()
                .join("|");
            titles.push(text);
            assert!(
                xml.iter()
                    .any(|e| e.name == "c:title" && e.inside.last().is_some_and(|p| p == "c:chart")),
                "{what}: a title"
            );
            assert!(xml.iter().any(|e| e.name == "c:legend"), "{what}: a legend");
            let axes: Vec<usize> = (0..xml.len())
                .filter(|&i| matches!(xml[i].name.as_str(), "c:valAx" | "c:catAx" | "c:dateAx"))
                .collect();
            assert!(axes.len() >= 2, "{what}: two axes");
            for &i in &axes {
                let inner = axis(xml, i);
                assert!(
                    inner.iter().any(|e| e.name == "c:title"),
                    "{what}: {} has a title",
                    xml[i].name
                );
                if xml[i].name != "c:valAx" {
                    continue;
                }
                let format = inner
                    .iter()
                    .find(|e| e.name == "c:numFmt")
                    .map(|e| e.attributes["formatCode"].clone())
                    .unwrap_or_default();
                if format.contains('%') {
                    continue;
                }
                let unit = inner
                    .iter()
                    .find(|e| e.name == "c:majorUnit")
                    .unwrap_or_else(|| panic!("{what}: a count axis has a major unit"));
                let unit: f64 = unit.attributes["val"].parse().unwrap();
                assert!(unit >= 1.0 && unit.fract() == 0.0, "{what}: step {unit}");
                let min = inner.iter().find(|e| e.name == "c:min").unwrap();
                assert_eq!(min.attributes["val"], "0", "{what}: from 0");
            }
            // The cells the anchor spans hold nothing.
            let values = book.worksheet_range(&chart.sheet).unwrap();
            let formulas = book.worksheet_formula(&chart.sheet).unwrap();
            let (r0, c0) = values.start().unwrap_or((0, 0));
            let used = values
                .used_cells()
                .filter(|(_, _, v)| !matches!(v, Data::Empty))
                .filter(|(_, _, v)| !matches!(v, Data::String(s) if s.is_empty()))
                .map(|(r, c, _)| (r as u32 + r0, c as u32 + c0));
            let (f0, g0) = formulas.start().unwrap_or((0, 0));
            let with_formula = formulas
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .map(|(r, c, _)| (r as u32 + f0, c as u32 + g0));
            for (r, c) in used.chain(with_formula) {
                let inside = (chart.from.0..=chart.to.0).contains(&r)
                    && (chart.from.1..=chart.to.1).contains(&c);
                assert!(
                    !inside,
                    "{what} at {:?}–{:?} covers ({r}, {c})",
                    chart.from, chart.to
                );
            }
        }
        assert!(
            titles.iter().any(|t| t.contains(title)),
            "{lang}: titles in the workbook's language: {titles:?}"
        );
    }
}
