//! Hostile input: every file of fixtures/hostile/ (see its README), and the
//! ones too large to commit or that cannot be committed (a FIFO, a cell of
//! 1 GiB, a 100,000-column header, an entry that inflates to gigabytes),
//! imported by the real binary under a memory cap. Each must be refused
//! with exit status 65, the file named, the database as it was; never a
//! panic, an abort, or the memory of the machine.

mod mutation;

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Env, fixture};

/// The address space the importer gets. mimalloc reserves virtual memory
/// in large arenas, so the cap is on the address space (RLIMIT_AS) with
/// room for those; the good rosters import well inside it (checked below).
const MEMORY_CAP: u64 = 500 << 20;
/// A safety net that kills a run that hangs; not a timing assertion.
const WALL_CLOCK: Duration = Duration::from_secs(300);

struct Run {
    status: ExitStatus,
    stderr: String,
}

/// `alumni --db <env's database> import FILE` under [`MEMORY_CAP`].
fn import_capped(env: &Env, file: &Path) -> Run {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("alumni"));
    command
        .env_remove("ALUMNI_DB")
        .env_remove("RUST_BACKTRACE")
        .env("ALUMNI_USER", "tester")
        .env("NO_COLOR", "1")
        .current_dir(env.dir.path())
        .arg("--db")
        .arg(env.db_arg())
        .arg("import")
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe, and nothing else runs
    // between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY_CAP as libc::rlim_t,
                rlim_max: MEMORY_CAP as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().expect("the alumni binary starts");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut text).ok();
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > WALL_CLOCK {
            child.kill().ok();
            panic!("{}: still running after {WALL_CLOCK:?}", file.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        status,
        stderr: reader.join().unwrap(),
    }
}

/// A database that already holds the canonical roster, so that "unchanged"
/// means something.
fn populated() -> Env {
    let env = Env::new();
    env.import(&["roster_utf8_bom.csv"]);
    env
}

/// Imports `file`, insists that it is refused as bad data with the file
/// named and nothing changed.
fn assert_refused(env: &Env, file: &Path) -> String {
    // The file's bytes, where the database is an SQLite file.
    let before = std::fs::read(&env.db).ok();
    let snapshot = env.snapshot();
    let run = import_capped(env, file);
    let name = file.display().to_string();
    assert_eq!(
        run.status.code(),
        Some(65),
        "{name}: {:?}, stderr {}",
        run.status,
        run.stderr
    );
    assert!(
        run.stderr.contains(&name),
        "{name}: the message does not name the file: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    assert_eq!(env.snapshot(), snapshot, "{name} changed the database");
    assert_eq!(
        std::fs::read(&env.db).ok(),
        before,
        "{name} changed the database file"
    );
    run.stderr
}

/// Neither a panic nor an abort nor a signal, whatever the status.
fn assert_no_crash(file: &Path, run: &Run) {
    let name = file.display();
    assert!(
        run.status.code().is_some(),
        "{name}: killed by a signal ({:?}), stderr {}",
        run.status,
        run.stderr
    );
    assert_ne!(run.status.code(), Some(101), "{name}: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    assert!(
        !run.stderr.contains("memory allocation"),
        "{name}: {}",
        run.stderr
    );
}

fn catalog() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "py" && e != "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_good_rosters_import_within_the_memory_cap() {
    // Without this the cap could be refusing everything for its own sake.
    for name in ["roster.xlsx", "roster.xls", "roster.ods", "roster_sjis.csv"] {
        let env = Env::new();
        let run = import_capped(&env, &fixture(name));
        assert!(
            run.status.success(),
            "{name}: {:?} {}",
            run.status,
            run.stderr
        );
        assert_eq!(env.count("alumni"), 10, "{name}");
    }
}

#[test]
fn every_file_of_the_hostile_catalog_is_refused_and_changes_nothing() {
    let files = catalog();
    assert!(files.len() >= 18, "the catalog is missing: {files:?}");
    let env = populated();
    for file in files {
        assert_refused(&env, &file);
    }
}

#[test]
fn a_declared_shared_strings_count_of_u64_max_is_refused_before_it_is_reserved() {
    let env = populated();
    let stderr = assert_refused(&env, &fixture("hostile/shared_strings_count_u64_max.xlsx"));
    assert!(
        stderr.contains("declares 18446744073709551615 strings but holds 84"),
        "{stderr}"
    );
}

#[test]
fn a_panic_inside_the_xls_reader_is_a_damaged_file() {
    let env = populated();
    for name in ["xls_cut_mid_sector.xls", "xls_fat_partial_sector.xls"] {
        let stderr = assert_refused(&env, &fixture(&format!("hostile/{name}")));
        assert!(stderr.contains("the file is damaged"), "{stderr}");
    }
}

#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let env = populated();
    let fifo = env.path("roster.csv");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let stderr = assert_refused(&env, &fifo);
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn a_directory_is_refused() {
    let env = populated();
    let dir = env.path("roster.xlsx");
    std::fs::create_dir(&dir).unwrap();
    assert_refused(&env, &dir);
}

#[test]
fn a_shared_strings_entry_that_inflates_past_a_gigabyte_is_refused() {
    let env = populated();
    let bomb = env.path("bomb.xlsx");
    write_bomb(&bomb, (1 << 30) + (64 << 20));
    assert!(std::fs::metadata(&bomb).unwrap().len() < 16 << 20);
    let stderr = assert_refused(&env, &bomb);
    assert!(stderr.contains("xl/sharedStrings.xml"), "{stderr}");
}

#[test]
fn a_csv_cell_of_a_gigabyte_neither_panics_nor_exhausts_memory() {
    let env = populated();
    let path = env.path("huge_cell.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all("社員番号,氏名\n00999,\"".as_bytes())
        .unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..1024 {
        file.write_all(&block).unwrap();
    }
    file.write_all(b"\"\n").unwrap();
    drop(file);
    let stderr = assert_refused(&env, &path);
    assert!(stderr.contains("longer than 1 MiB"), "{stderr}");
}

#[test]
fn a_header_of_100_000_columns_ends_without_a_panic() {
    let env = populated();
    let path = env.path("wide.csv");
    let mut text = String::from("社員番号,氏名");
    for i in 0..100_000 {
        text.push_str(&format!(",c{i}"));
    }
    text.push_str("\n00999,山田　一郎\n");
    std::fs::write(&path, text).unwrap();
    let run = import_capped(&env, &path);
    assert_no_crash(&path, &run);
}

/// An .xlsx whose xl/sharedStrings.xml is one string of `size` bytes of
/// "A", deflated by hand so that making it takes no time: a literal, then
/// copies of 258 bytes at distance one. The other entries are those of
/// roster.xlsx, stored.
fn write_bomb(path: &Path, size: u64) {
    let mut source =
        zip::ZipArchive::new(std::fs::File::open(fixture("roster.xlsx")).unwrap()).unwrap();
    let mut entries = Vec::new();
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        if name != "xl/sharedStrings.xml" {
            entries.push((name, 0u16, crc32(&data), data.len() as u32, data));
        }
    }
    let head = b"<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" uniqueCount=\"1\"><si><t>";
    let tail = b"</t></si></sst>";
    let mut bits = Bits::default();
    bits.put(1, 1); // the last block
    bits.put(1, 2); // fixed Huffman codes
    for &b in head.iter().chain(b"A") {
        bits.literal(b);
    }
    let copies = (size - 1) / 258;
    for _ in 0..copies {
        bits.code(0xC5, 8); // length 258
        bits.code(0, 5); // distance 1
    }
    for _ in 0..(size - 1) % 258 {
        bits.literal(b'A');
    }
    for &b in tail {
        bits.literal(b);
    }
    bits.code(0, 7); // end of block
    let total = head.len() as u64 + size + tail.len() as u64;
    // The checksum is not computed: the entry is refused before its end.
    entries.push((
        "xl/sharedStrings.xml".into(),
        8,
        0,
        u32::try_from(total).unwrap(),
        bits.bytes,
    ));
    std::fs::write(path, zip_container(&entries)).unwrap();
}

#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    used: u32,
}

impl Bits {
    /// Puts `n` bits of `value`, least significant first (deflate's header fields).
    fn put(&mut self, value: u32, n: u32) {
        for i in 0..n {
            if self.used == 0 {
                self.bytes.push(0);
            }
            *self.bytes.last_mut().unwrap() |= (((value >> i) & 1) as u8) << self.used;
            self.used = (self.used + 1) % 8;
        }
    }

    /// Puts a Huffman code, most significant bit first.
    fn code(&mut self, code: u32, n: u32) {
        for i in (0..n).rev() {
            self.put((code >> i) & 1, 1);
        }
    }

    /// A literal byte in the fixed code.
    fn literal(&mut self, b: u8) {
        if b < 144 {
            self.code(0x30 + u32::from(b), 8);
        } else {
            self.code(0x190 + u32::from(b) - 144, 9);
        }
    }
}

/// A zip file of (name, method, crc, uncompressed size, data) entries.
fn zip_container(entries: &[(String, u16, u32, u32, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, method, crc, size, data) in entries {
        let offset = out.len() as u32;
        let fields = |out: &mut Vec<u8>| {
            out.extend_from_slice(&20u16.to_le_bytes()); // version needed
            out.extend_from_slice(&0u16.to_le_bytes()); // flags
            out.extend_from_slice(&method.to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes()); // time and date
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // extra length
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        fields(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        fields(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
