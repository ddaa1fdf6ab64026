//! The workbook recalculated by a real spreadsheet program: LibreOffice
//! opens it headless with "recalculate on load" forced, saves it again, and
//! every value it computed must equal the one alumni wrote. Where
//! LibreOffice is not installed the tests say so and pass without running;
//! `.ci/run` installs it, so CI runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::{example, write_workbook};

/// The program, if installed.
pub(super) fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// A LibreOffice profile that recalculates every formula of an .xlsx on
/// load (its default is to trust the cached values, which would prove
/// nothing).
fn profile(dir: &Path) -> String {
    let user = dir.join("lo-profile/user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    )
}

/// `file` opened, recalculated and saved as .xlsx by LibreOffice.
fn recalculated(program: &str, file: &Path, dir: &Path) -> PathBuf {
    converted(program, file, &dir.join("recalculated"), "xlsx", dir)
}

/// `file` opened by LibreOffice (with the profile in `profile_dir`) and
/// saved into `out` as `extension` (xlsx, pdf).
pub(super) fn converted(
    program: &str,
    file: &Path,
    out: &Path,
    extension: &str,
    profile_dir: &Path,
) -> PathBuf {
    let status = Command::new(program)
        .arg(profile(profile_dir))
        .args(["--headless", "--convert-to", extension, "--outdir"])
        .arg(out)
        .arg(file)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let path = out.join(file.with_extension(extension).file_name().unwrap());
    assert!(path.exists(), "LibreOffice wrote nothing: {status:?}");
    path
}

/// Says the check is skipped; fails instead where it must run (`.ci/run`
/// sets ALUMNI_REQUIRE_LIBREOFFICE after installing LibreOffice).
pub(super) fn skip(what: &str) {
    assert!(
        std::env::var_os("ALUMNI_REQUIRE_LIBREOFFICE").is_none(),
        "LibreOffice (soffice) is required here but not installed"
    );
    eprintln!("LibreOffice (soffice) is not installed: {what} skipped");
}

/// The profile really recalculates: a formula written with a wrong cached
/// result comes back with the right one. Without this, the comparison below
/// could pass on cached values alone.
#[test]
fn libreoffice_recalculates_what_it_opens() {
    let Some(program) = soffice() else {
        return skip("the recalculation check");
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wrong.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_number(0, 0, 2.0).unwrap();
    sheet
        .write_formula(
            0,
            1,
            rust_xlsxwriter::Formula::new("=A1*21").set_result("5"),
        )
        .unwrap();
    book.save(&file).unwrap();
    let again = recalculated(program, &file, dir.path());
    let mut read: Xlsx<_> = open_workbook(&again).unwrap();
    let range = read.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get_value((0, 1)), Some(&Data::Float(42.0)));
}

#[test]
fn libreoffice_recalculates_every_sheet_to_the_values_written() {
    let Some(program) = soffice() else {
        return skip("the workbook recalculation");
    };
    let env = example();
    // The English one made in October: its later months are blank, and
    // LibreOffice must blank them too, from the plan's as-of cell.
    for (lang, counting, as_of) in [
        ("ja", "activity", "2026-12-01"),
        ("en", "cohort", "2026-10-15"),
    ] {
        let name = format!("kpi-{lang}-{counting}.xlsx");
        let path = write_workbook(
            &env,
            &name,
            &["--lang", lang, "--count", counting, "--as-of", as_of],
        );
        let again = recalculated(program, &path, env.dir.path());
        let mut ours: Xlsx<_> = open_workbook(&path).unwrap();
        let mut theirs: Xlsx<_> = open_workbook(&again).unwrap();
        let mut compared = 0;
        for sheet in ours.sheet_names() {
            let formulas = ours.worksheet_formula(&sheet).unwrap();
            let mine = ours.worksheet_range(&sheet).unwrap();
            let recalculated = theirs.worksheet_range(&sheet).unwrap();
            for (row, col, formula) in formulas.used_cells() {
                if formula.is_empty() {
                    continue;
                }
                let (r0, c0) = formulas.start().unwrap();
                let at = (r0 + row as u32, c0 + col as u32);
                let a = mine.get_value(at).cloned().unwrap_or(Data::Empty);
                let b = recalculated.get_value(at).cloned().unwrap_or(Data::Empty);
                assert!(
                    same(&a, &b),
                    "{name} {sheet}!{at:?} = {formula}: alumni wrote {a:?}, LibreOffice computed {b:?}"
                );
                compared += 1;
            }
        }
        assert!(compared > 100, "{name}: only {compared} formulas compared");
    }
}

/// Equal values: numbers to 1e-9, and IFERROR's "" equal to an empty cell.
pub(super) fn same(a: &Data, b: &Data) -> bool {
    let number = |d: &Data| match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::DateTime(d) => Some(d.as_f64()),
        _ => None,
    };
    let blank = |d: &Data| matches!(d, Data::Empty) || matches!(d, Data::String(s) if s.is_empty());
    match (number(a), number(b)) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => (blank(a) && blank(b)) || a == b,
        _ => false,
    }
}

/// The channel labels are Japanese under `--lang ja`, and the チャネル別
/// formulas, which match the data sheet's channel text, count the same
/// rows in either language: every number of a channel's row is the one
/// the English workbook has for it, as written and as LibreOffice
/// recalculates it.
#[test]
fn japanese_channel_labels_count_what_the_english_ones_count() {
    let env = example();
    let en = write_workbook(&env, "kpi-en.xlsx", &["--lang", "en"]);
    let ja = write_workbook(&env, "kpi-ja.xlsx", &["--lang", "ja"]);
    let english = super::sheet(&en, "By channel");
    let mut books = vec![super::sheet(&ja, "チャネル別")];
    if let Some(program) = soffice() {
        books.push(super::sheet(
            &recalculated(program, &ja, env.dir.path()),
            "チャネル別",
        ));
    } else {
        skip("the recalculation of the Japanese channel sheet");
    }
    let mut translated = 0;
    for japanese in &books {
        assert_eq!(english.height(), japanese.height());
        for row in 4..english.height() {
            let name = super::text(&english, row, 0);
            let label = super::text(japanese, row, 0);
            if name.is_empty() || name == "Total" {
                continue;
            }
            let ja_row = super::row_of(japanese, 0, &[super::channel_ja(&name)]);
            if label != name {
                translated += 1;
            }
            for col in 1..english.width() {
                let a = super::number(&english, row, col);
                let b = super::number(japanese, ja_row, col);
                assert_eq!(a, b, "{name} column {col}: en {a:?}, ja {b:?}");
            }
        }
    }
    assert!(translated > 0, "no channel label was translated");
    // The data sheet's channel column holds the same labels.
    let data = super::sheet(&ja, "データ");
    let channels: Vec<String> = (1..data.height())
        .map(|r| super::text(&data, r, 6))
        .collect();
    assert!(channels.iter().any(|c| c == "イベント"), "{channels:?}");
    for english in [
        "rehire",
        "referral",
        "event",
        "email",
        "phone",
        "newsletter",
        "direct",
    ] {
        assert!(
            !channels.iter().any(|c| c == english),
            "{english} in {channels:?}"
        );
    }
}
