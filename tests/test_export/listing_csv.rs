//! The listings on standard output write CSV as the exports do: for Excel,
//! with a BOM and formula-like cells neutralized, unless `--no-bom` or
//! `--raw`; and a listing and its export are the same bytes.

use super::BOM;
use crate::common::{Env, stderr, stdout};

/// The formula every listing below holds somewhere.
const FORMULA: &str = "=1+1";

/// Two alumni named `=1+1` with one phone number (a likely duplicate), a
/// contact with one of them (its summary `-2+3`), an application, an event
/// named `=1+1`, and the first stage labelled `=1+1` in English, for the
/// KPI report.
fn env_with_formulas() -> Env {
    let env = Env::new();
    let roster = env.path("roster.csv");
    std::fs::write(
        &roster,
        "employee_id,name,email,phone,department,leave_date\n\
         90001,=1+1,one@example.jp,090-0000-0001,営業部,2024-03-31\n\
         90002,=1+1,two@example.jp,09000000001,営業部,2024-03-31\n",
    )
    .unwrap();
    stderr(&env, &["import", roster.to_str().unwrap()]);
    for args in [
        &[
            "contact",
            "add",
            "90001",
            "--channel",
            "email",
            "--date",
            "2026-05-01",
            "--summary=-2+3",
        ][..],
        &["pipeline", "add", "90001", "--date", "2026-05-02"],
        &[
            "event",
            "add",
            "=1+1",
            "--date",
            "2026-05-03",
            "--kind",
            "other",
        ],
        &["stages", "rename", "contacted", "--en==1+1"],
    ] {
        stderr(&env, args);
    }
    env
}

/// The listings that write CSV; each holds a cell `=1+1`.
const LISTINGS: [&[&str]; 6] = [
    &["list"],
    &["contact", "list"],
    &["pipeline", "list"],
    &["event", "list"],
    &["dupes"],
    &[
        "kpi", "--from", "2026-04", "--to", "2026-05", "--by", "month", "--lang", "en",
    ],
];

fn csv_of(env: &Env, command: &[&str], flags: &[&str]) -> String {
    let mut args = command.to_vec();
    args.extend(["--format", "csv"]);
    args.extend(flags);
    stdout(env, &args)
}

/// Every cell of a CSV text (after its BOM, if any).
fn cells(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.strip_prefix(BOM).unwrap_or(text).as_bytes());
    reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .collect()
}

#[test]
fn every_listing_writes_csv_for_excel_with_a_bom_and_formulas_neutralized() {
    let env = env_with_formulas();
    for command in LISTINGS {
        let text = csv_of(&env, command, &[]);
        assert!(text.starts_with(BOM), "{command:?}: no BOM in {text:?}");
        let cells = cells(&text);
        assert!(
            cells.contains(&format!("'{FORMULA}")),
            "{command:?}: no '{FORMULA} in {text}"
        );
        assert!(
            !cells.iter().any(|c| c == FORMULA),
            "{command:?}: {FORMULA} as it is in {text}"
        );
    }
    let contacts = cells(&csv_of(&env, &["contact", "list"], &[]));
    assert!(contacts.contains(&"'-2+3".to_string()), "{contacts:?}");
}

#[test]
fn raw_keeps_formula_like_cells_and_no_bom_leaves_out_the_bom() {
    let env = env_with_formulas();
    for command in LISTINGS {
        let excel = csv_of(&env, command, &[]);

        let raw = csv_of(&env, command, &["--raw"]);
        assert!(raw.starts_with(BOM), "{command:?}: --raw dropped the BOM");
        let cells = cells(&raw);
        assert!(cells.iter().any(|c| c == FORMULA), "{command:?}: {raw}");
        assert!(
            !cells.contains(&format!("'{FORMULA}")),
            "{command:?}: {raw}"
        );

        let plain = csv_of(&env, command, &["--no-bom"]);
        assert!(
            !plain.starts_with(BOM),
            "{command:?}: --no-bom kept the BOM"
        );
        assert_eq!(format!("{BOM}{plain}"), excel, "{command:?}");

        let both = csv_of(&env, command, &["--no-bom", "--raw"]);
        assert_eq!(format!("{BOM}{both}"), raw, "{command:?}");
    }
}

#[test]
fn a_listing_as_csv_is_its_export_byte_for_byte() {
    let env = env_with_formulas();
    for (listing, export) in [
        (&["list"][..], &["export", "roster"][..]),
        (&["contact", "list"], &["export", "contacts"]),
        (&["pipeline", "list"], &["export", "pipeline"]),
        (&["event", "list"], &["export", "events"]),
    ] {
        for flags in [&[][..], &["--no-bom"], &["--raw"], &["--no-bom", "--raw"]] {
            let listed = csv_of(&env, listing, flags);
            let exported = csv_of(&env, export, flags);
            assert_eq!(
                listed, exported,
                "{listing:?} and {export:?} with {flags:?}"
            );
        }
    }
    let json = |args: &[&str]| {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        stdout(&env, &args)
    };
    assert_eq!(json(&["list"]), json(&["export", "roster"]));
    assert_eq!(json(&["contact", "list"]), json(&["export", "contacts"]));
}

#[test]
fn show_as_csv_is_the_roster_row_for_excel() {
    let env = env_with_formulas();
    let shown = csv_of(&env, &["show", "90001"], &[]);
    let listed = csv_of(&env, &["list", "--limit", "1"], &[]);
    assert_eq!(shown, listed);
    assert!(cells(&shown).contains(&format!("'{FORMULA}")), "{shown}");
}
