//! Mutations of the good rosters read through the library: bytes flipped,
//! inserted and deleted, and for the zip formats the XML inside the
//! deflated entries mutated and zipped again. A seeded loop over a bounded
//! number of cases, so every run tries the same files; whatever a mutation
//! does, reading all rows either works or ends in a bad-file refusal,
//! and nothing panics.

use std::io::{Read, Write};
use std::path::Path;

use alumni::error::{Exit, exit_for};
use alumni::ingest::{ReadOptions, with_rows};

use crate::common::fixture;

/// Cases for each fixture; four fixtures make 256.
const CASES: u64 = 64;

/// Reads every row of `path`; `Err` is the refusal, which must be a bad file.
fn read_all(path: &Path) -> anyhow::Result<u64> {
    with_rows(path, &ReadOptions::default(), |source, _| {
        let mut rows = 0;
        while source.next_row()?.is_some() {
            rows += 1;
        }
        Ok(rows)
    })
}

fn mutate_bytes(rng: &mut fastrand::Rng, data: &mut Vec<u8>) {
    for _ in 0..rng.usize(1..=8) {
        if data.is_empty() {
            data.push(rng.u8(..));
            continue;
        }
        let at = rng.usize(..data.len());
        match rng.u8(0..4) {
            0 => data[at] ^= 1 << rng.u8(0..8),
            1 => data[at] = rng.u8(..),
            2 => data.insert(at, rng.u8(..)),
            _ => {
                let end = (at + rng.usize(1..=64)).min(data.len());
                data.drain(at..end);
            }
        }
    }
    // Interesting values where a reader reads numbers.
    if rng.bool() && data.len() > 4 {
        let at = rng.usize(..data.len() - 4);
        let value: [u8; 4] = match rng.u8(0..3) {
            0 => [0xFF; 4],
            1 => [0; 4],
            _ => [0xFF, 0xFF, 0xFF, 0x7F],
        };
        data[at..at + 4].copy_from_slice(&value);
    }
}

/// The zip rewritten with one XML entry mutated as text: digits changed
/// into large numbers, tags cut, bytes flipped.
fn mutate_inside_zip(rng: &mut fastrand::Rng, original: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
    let xml: Vec<usize> = (0..zip.len())
        .filter(|&i| zip.name_for_index(i).unwrap().unwrap().ends_with(".xml"))
        .collect();
    let target = xml[rng.usize(..xml.len())];
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if i == target {
            for _ in 0..rng.usize(1..=4) {
                mutate_xml(rng, &mut data);
            }
        }
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn mutate_xml(rng: &mut fastrand::Rng, data: &mut Vec<u8>) {
    if data.is_empty() {
        return;
    }
    let at = rng.usize(..data.len());
    match rng.u8(0..4) {
        // A number made enormous, or a cell reference pushed far out.
        0 => {
            if let Some(digit) = data[at..].iter().position(u8::is_ascii_digit) {
                let big: &[u8] = match rng.u8(0..3) {
                    0 => b"18446744073709551615",
                    1 => b"4294967296",
                    _ => b"99999999",
                };
                data.splice(at + digit..at + digit + 1, big.iter().copied());
            }
        }
        1 => {
            if let Some(quote) = data[at..].iter().position(|&b| b == b'"') {
                data.splice(at + quote + 1..at + quote + 1, b"ZZZZZZZZ".iter().copied());
            }
        }
        2 => data.truncate(at),
        _ => mutate_bytes(rng, data),
    }
}

#[test]
fn mutated_rosters_are_read_or_refused_as_bad_files_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut refused = 0;
    for (name, zipped) in [
        ("roster.xlsx", true),
        ("roster.ods", true),
        ("roster.xls", false),
        ("roster_utf8_bom.csv", false),
    ] {
        let original = std::fs::read(fixture(name)).unwrap();
        let extension = Path::new(name).extension().unwrap().to_str().unwrap();
        for case in 0..CASES {
            let mut rng = fastrand::Rng::with_seed(case);
            let data = if zipped && rng.bool() {
                mutate_inside_zip(&mut rng, &original)
            } else {
                let mut data = original.clone();
                mutate_bytes(&mut rng, &mut data);
                data
            };
            let path = dir.path().join(format!("case{case}.{extension}"));
            std::fs::write(&path, &data).unwrap();
            let outcome = std::panic::catch_unwind(|| read_all(&path));
            match outcome {
                Err(_) => panic!("{name}, case {case}: the reader panicked"),
                Ok(Ok(_)) => {}
                Ok(Err(error)) => {
                    refused += 1;
                    assert_eq!(
                        exit_for(&error),
                        Exit::BadData,
                        "{name}, case {case}: {error:#}"
                    );
                    assert!(
                        format!("{error:#}").contains(&path.display().to_string()),
                        "{name}, case {case}: {error:#}"
                    );
                }
            }
        }
    }
    // The mutations must reach the readers' refusals, not only harmless bytes.
    assert!(refused > 32, "only {refused} mutated files were refused");
}
