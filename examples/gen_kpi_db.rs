//! Fills a fresh `alumni` database with five fiscal years (2022-04-01 to
//! 2027-03-31) of synthetic alumni-program history, for the KPI report's
//! benchmark (`scripts/bench_kpi.sh`).
//!
//! The database must have been created by the program itself (`alumni --db
//! PATH init`), so that the schema is exactly the one `alumni` writes; this
//! generator only inserts rows, and refuses a database that already holds
//! alumni. By default it writes:
//!
//! - 1,000,000 alumni who left between 1996 and 2027, in 8 departments;
//!   5% opted out of contact, 0.5% erased on request (personal data gone);
//! - about 4,000,000 contacts (e-mail, newsletters, meetings, ...), more of
//!   them in later years and most with a quarter of the alumni, none after
//!   an opt-out or an erasure, and one `event` contact per attendance;
//! - 200 events with 100,000 invitations, sign-ups and attendances;
//! - 310,000 rehire and referral applications with about 1,000,000 stage
//!   entries: rehires start at `contacted`, referrals at `applied`; fewer
//!   reach each later stage, some skip a stage, a few move back, and many
//!   are closed (declined, rejected, withdrawn); the hire (`rejoined`)
//!   closes an application as rejoined. The summary columns (`stage`,
//!   `stage_entered_on`, `furthest_stage`, `outcome`, `closed_on`) hold what
//!   `alumni pipeline move` and `close` would have stored;
//! - monthly targets for every stage of fiscal years 2025 and 2026 (the
//!   previous year's actuals plus 15% and 25%), and spend per month and
//!   channel.
//!
//! Row ids follow the order things happened in (contacts and stage entries
//! by date), as in a database filled by use. The same seed gives the same
//! rows.
//!
//! ```text
//! alumni --db big.db init
//! cargo run --release --example gen_kpi_db -- --db big.db
//! ```

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use rusqlite::{Connection, params};

const USAGE: &str = "\
usage: gen_kpi_db --db PATH [--alumni N] [--applications N] [--contacts N]
                  [--events N] [--attendance N] [--seed S]

  --db PATH          a database created by `alumni --db PATH init`, still empty
  --alumni N         alumni (default 1,000,000)
  --applications N   rehire and referral applications (default 310,000,
                     about 3.3 stage entries each)
  --contacts N       contacts, the attendance contacts included (default 4,000,000)
  --events N         events (default 200)
  --attendance N     invitations, sign-ups and attendances (default 100,000)
  --seed S           seed for the generator (default 1)
  -h, --help         show this help";

// ---------------------------------------------------------------------------
// Random numbers and days
// ---------------------------------------------------------------------------

/// SplitMix64, as in `gen_roster`.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo + 1) as u64) as i32
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// An item chosen with probability proportional to its weight.
    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut ticket = self.below(total);
        for (item, w) in items {
            if ticket < u64::from(*w) {
                return *item;
            }
            ticket -= u64::from(*w);
        }
        unreachable!("ticket is below the total weight")
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
const fn day(year: i32, month: i32, d: i32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day number (Howard Hinnant's `civil_from_days`).
fn civil(days: i32) -> (i32, i32, i32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i32::from(m <= 2), m, d)
}

/// The window of activity: five fiscal years.
const START: i32 = day(2022, 4, 1);
const END: i32 = day(2027, 3, 31);
/// Fiscal year 2024, whose actuals the targets are set from.
const FY2024: (i32, i32) = (day(2024, 4, 1), day(2025, 3, 31));

/// ISO text of every day from 1970 to 2029, made once.
struct Days(Vec<String>);

impl Days {
    fn new() -> Self {
        Days(
            (0..day(2030, 1, 1))
                .map(|n| {
                    let (y, m, d) = civil(n);
                    format!("{y:04}-{m:02}-{d:02}")
                })
                .collect(),
        )
    }

    fn iso(&self, n: i32) -> &str {
        &self.0[n as usize]
    }

    /// An RFC 3339 timestamp on day `n`, in office hours (UTC).
    fn at(&self, n: i32, rng: &mut Rng) -> String {
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.iso(n),
            rng.range(0, 9),
            rng.range(0, 59),
            rng.range(0, 59)
        )
    }
}

/// `YYYY-MM` of a day.
fn month_of(n: i32) -> String {
    let (y, m, _) = civil(n);
    format!("{y:04}-{m:02}")
}

/// A day in `lo..=hi`, leaning toward the later end: the program grows, so
/// the last year has about 1.7 times the activity of the first.
fn growing_day(rng: &mut Rng, lo: i32, hi: i32) -> i32 {
    loop {
        let n = rng.range(lo, hi);
        let age = f64::from(n - START).max(0.0) / f64::from(END - START);
        if rng.chance(0.6 + 0.4 * age) {
            return n;
        }
    }
}

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

/// (kanji, kana, romaji)
const SURNAMES: &[(&str, &str, &str)] = &[
    ("佐藤", "サトウ", "sato"),
    ("鈴木", "スズキ", "suzuki"),
    ("高橋", "タカハシ", "takahashi"),
    ("田中", "タナカ", "tanaka"),
    ("伊藤", "イトウ", "ito"),
    ("渡辺", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"),
    ("中村", "ナカムラ", "nakamura"),
    ("小林", "コバヤシ", "kobayashi"),
    ("加藤", "カトウ", "kato"),
    ("吉田", "ヨシダ", "yoshida"),
    ("山田", "ヤマダ", "yamada"),
    ("佐々木", "ササキ", "sasaki"),
    ("山口", "ヤマグチ", "yamaguchi"),
    ("松本", "マツモト", "matsumoto"),
    ("井上", "イノウエ", "inoue"),
    ("木村", "キムラ", "kimura"),
    ("林", "ハヤシ", "hayashi"),
    ("斎藤", "サイトウ", "saito"),
    ("清水", "シミズ", "shimizu"),
];

const GIVEN_NAMES: &[(&str, &str, &str)] = &[
    ("翔太", "ショウタ", "shota"),
    ("大輔", "ダイスケ", "daisuke"),
    ("健太", "ケンタ", "kenta"),
    ("拓也", "タクヤ", "takuya"),
    ("直樹", "ナオキ", "naoki"),
    ("誠", "マコト", "makoto"),
    ("蓮", "レン", "ren"),
    ("陽翔", "ハルト", "haruto"),
    ("浩二", "コウジ", "koji"),
    ("隆", "タカシ", "takashi"),
    ("花子", "ハナコ", "hanako"),
    ("美咲", "ミサキ", "misaki"),
    ("陽子", "ヨウコ", "yoko"),
    ("結衣", "ユイ", "yui"),
    ("恵", "メグミ", "megumi"),
    ("由美", "ユミ", "yumi"),
    ("さくら", "サクラ", "sakura"),
    ("真由美", "マユミ", "mayumi"),
    ("愛", "アイ", "ai"),
    ("千尋", "チヒロ", "chihiro"),
];

/// Departments with their weights and job titles.
const DEPARTMENTS: &[(&str, u32, &[&str])] = &[
    (
        "営業部",
        24,
        &["営業", "営業マネージャー", "インサイドセールス"],
    ),
    (
        "開発部",
        22,
        &["エンジニア", "シニアエンジニア", "テックリード"],
    ),
    (
        "マーケティング部",
        10,
        &["マーケター", "広報", "デザイナー"],
    ),
    (
        "カスタマーサクセス部",
        12,
        &["カスタマーサクセス", "サポート"],
    ),
    ("人事部", 7, &["人事", "採用担当", "労務"]),
    ("経理部", 6, &["経理", "財務"]),
    ("総務部", 8, &["総務", "情報システム"]),
    ("法務部", 3, &["法務", "知財"]),
];

const LEAVE_REASONS: &[(&str, u32)] = &[
    ("一身上の都合", 40),
    ("転職", 25),
    ("家庭の事情", 10),
    ("留学", 4),
    ("起業", 4),
    ("契約満了", 8),
    ("定年退職", 8),
    ("懲戒", 1),
];

const COMPANIES: &[&str] = &[
    "株式会社ひかり商事",
    "みらいシステムズ株式会社",
    "株式会社ネクストソリューションズ",
    "東都物産株式会社",
    "株式会社青葉テクノロジーズ",
    "フリーランス",
];

const OWNERS: &[&str] = &["tanaka", "suzuki", "sato", "ito", "kato", "yamada"];

/// Contact channels with weights and what is written in the summary.
const CHANNELS: &[(&str, u32)] = &[
    ("email", 42),
    ("newsletter", 24),
    ("phone", 10),
    ("meeting", 10),
    ("sns", 6),
    ("event", 6),
    ("other", 2),
];

const SUMMARIES: &[&str] = &[
    "近況確認",
    "再入社の意向を確認",
    "アルムナイ通信を送付",
    "求人情報のご案内",
    "交流会のご案内",
    "面談の日程調整",
    "リファラルのお願い",
    "返信あり",
];

const EVENT_KINDS: &[(&str, &str, u32)] = &[
    ("reunion", "アルムナイ同窓会", 15),
    ("mixer", "交流会", 25),
    ("seminar", "キャリアセミナー", 20),
    ("workshop", "ワークショップ", 10),
    ("webinar", "オンライン説明会", 25),
    ("other", "社内見学会", 5),
];

/// Sources of rehire applications; referrals are always `referral`.
const REHIRE_SOURCES: &[(&str, u32)] = &[
    ("rehire", 35),
    ("event", 25),
    ("newsletter", 25),
    ("other", 15),
];

/// Spend channels with the range of a month's spend in yen.
const SPEND: &[(&str, i64, i64)] = &[
    ("event", 200_000, 1_200_000),
    ("newsletter", 30_000, 120_000),
    ("referral", 100_000, 900_000),
    ("rehire", 50_000, 400_000),
    ("other", 0, 100_000),
];

// ---------------------------------------------------------------------------
// The pipeline
// ---------------------------------------------------------------------------

/// Stage keys by position - 1.
const STAGES: [&str; 8] = [
    "contacted",
    "interested",
    "applied",
    "screening",
    "interview",
    "offer",
    "accepted",
    "rejoined",
];
const APPLIED: usize = 2;
const HIRED: usize = 7;

/// Chance of moving on from each stage (the rest is closed or left open).
const ADVANCE: [f64; 7] = [0.75, 0.70, 0.80, 0.65, 0.45, 0.80, 0.97];
/// Chance that a move on skips the next stage.
const SKIP: [f64; 7] = [0.10, 0.0, 0.08, 0.0, 0.0, 0.05, 0.0];
/// Days spent in each stage before the next move (at least, at most).
const DWELL: [(i32, i32); 7] = [
    (3, 45),
    (3, 30),
    (2, 14),
    (3, 21),
    (5, 30),
    (2, 14),
    (14, 60),
];

/// One application as generated.
struct App {
    referral: bool,
    /// The candidate (a rehire) or the referrer (a referral), an index into alumni.
    person: u32,
    candidate: Option<(usize, usize)>,
    department: &'static str,
    position: &'static str,
    source: &'static str,
    opened: i32,
    cost: i64,
    /// (stage index, day, note)
    entries: Vec<(usize, i32, Option<&'static str>)>,
    /// (outcome, reason, by, day) for applications closed other than by the hire.
    closed: Option<(&'static str, &'static str, Option<&'static str>, i32)>,
}

impl App {
    /// The first day the application reached `stage` or a later one.
    fn reached_on(&self, stage: usize) -> Option<i32> {
        self.entries
            .iter()
            .find(|(s, _, _)| *s >= stage)
            .map(|(_, d, _)| *d)
    }
}

fn note_for(rng: &mut Rng, stage: usize, back: bool) -> Option<&'static str> {
    if back {
        return Some(match stage {
            3 => "書類を再提出",
            4 => "面接をやり直し",
            _ => "条件を再調整",
        });
    }
    match stage {
        4 => Some(if rng.chance(0.6) {
            "一次面接"
        } else {
            "最終面接"
        }),
        5 => Some("内定通知"),
        7 => Some("入社"),
        _ if rng.chance(0.1) => Some("本人より連絡あり"),
        _ => None,
    }
}

/// Walks an application from its first stage until it is hired, closed,
/// left open, or runs past the end of the window.
fn walk(rng: &mut Rng, app: &mut App) {
    let mut stage = if app.referral { APPLIED } else { 0 };
    let mut today = app.opened;
    app.entries.push((stage, today, None));
    let mut moved_back = false;
    while stage < HIRED {
        let (lo, hi) = DWELL[stage];
        let mut next_day = today + rng.range(lo, hi);
        let roll = rng.unit();
        if roll < ADVANCE[stage] {
            let mut next = stage + 1;
            if next < HIRED && rng.chance(SKIP[stage]) {
                next += 1;
            }
            if next == HIRED {
                // People join on the first of a month.
                let (y, m, _) = civil(next_day);
                next_day = if m == 12 {
                    day(y + 1, 1, 1)
                } else {
                    day(y, m + 1, 1)
                };
            }
            if next_day > END {
                return;
            }
            app.entries
                .push((next, next_day, note_for(rng, next, false)));
            stage = next;
            today = next_day;
        } else if (3..=5).contains(&stage) && !moved_back && rng.chance(0.1) {
            // Back a stage (a second screening, another interview), then on.
            if next_day > END {
                return;
            }
            moved_back = true;
            stage -= 1;
            app.entries
                .push((stage, next_day, note_for(rng, stage, true)));
            today = next_day;
        } else if rng.chance(0.85) {
            let (outcome, reasons, by): (&str, &[&str], Option<&str>) =
                match (stage, rng.below(100)) {
                    (0..=1, 0..40) | (2..=4, 0..20) | (5.., 0..15) => (
                        "withdrawn",
                        &["本人都合", "連絡が途絶えた", "時期を改めて検討"],
                        if rng.chance(0.5) {
                            Some("candidate")
                        } else {
                            None
                        },
                    ),
                    (2..=4, 20..75) => (
                        "rejected",
                        &["スキル要件に不一致", "ポジション充足", "評価基準に未達"],
                        Some("company"),
                    ),
                    _ => (
                        "declined",
                        &["他社に入社", "条件面の不一致", "現職に残留", "家庭の事情"],
                        Some("candidate"),
                    ),
                };
            let closed_on = today + rng.range(1, 30);
            if closed_on <= END {
                app.closed = Some((outcome, rng.pick(reasons), by, closed_on));
            }
            return;
        } else {
            // Left open: nothing more happened (yet).
            return;
        }
    }
}

// ---------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------

struct Options {
    db: PathBuf,
    alumni: u32,
    applications: u32,
    contacts: u32,
    events: u32,
    attendance: u32,
    seed: u64,
}

/// What the rest of the generation needs to know of an alumnus.
#[derive(Clone, Copy)]
struct Person {
    left: i32,
    department: usize,
    /// Contact is allowed until this day (an opt-out or an erasure ends it).
    reachable_until: i32,
    rehire_no: bool,
}

fn parse_args() -> Result<Option<Options>, String> {
    let mut options = Options {
        db: PathBuf::new(),
        alumni: 1_000_000,
        applications: 310_000,
        contacts: 4_000_000,
        events: 200,
        attendance: 100_000,
        seed: 1,
    };
    let mut db = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let raw = args.next().ok_or_else(|| format!("{name} needs a value"))?;
            raw.replace(['_', ','], "")
                .parse()
                .map_err(|_| format!("{name} expects a number, got {raw:?}"))
        };
        let small = |n: u64| u32::try_from(n).map_err(|_| format!("{n} is too large"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--db" => db = Some(PathBuf::from(args.next().ok_or("--db needs a value")?)),
            "--alumni" => options.alumni = small(number("--alumni")?)?,
            "--applications" => options.applications = small(number("--applications")?)?,
            "--contacts" => options.contacts = small(number("--contacts")?)?,
            "--events" => options.events = small(number("--events")?)?,
            "--attendance" => options.attendance = small(number("--attendance")?)?,
            "--seed" => options.seed = number("--seed")?,
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    options.db = db.ok_or("--db is required")?;
    if options.alumni < 100 {
        return Err("--alumni must be at least 100".into());
    }
    if options.attendance > options.contacts {
        return Err("--attendance must not exceed --contacts".into());
    }
    Ok(Some(options))
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("gen_kpi_db: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match generate(&options) {
        Ok(()) => {
            eprintln!(
                "gen_kpi_db: filled {} in {:.1?}",
                options.db.display(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("gen_kpi_db: {}: {error}", options.db.display());
            ExitCode::FAILURE
        }
    }
}

fn generate(options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    if !options.db.is_file() {
        return Err("no database here; create it with `alumni --db PATH init`".into());
    }
    let mut conn = Connection::open(&options.db)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let stages: i64 = conn.query_row("SELECT count(*) FROM stages", [], |r| r.get(0))?;
    let filled: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM alumni) + (SELECT count(*) FROM applications)",
        [],
        |r| r.get(0),
    )?;
    if version < 1 || stages != STAGES.len() as i64 {
        return Err("not a database made by `alumni init` with the default stages".into());
    }
    if filled > 0 {
        return Err("the database holds data already; start from `alumni init`".into());
    }
    // One transaction without a journal: a failed run leaves a file to delete.
    let mode: String = conn.query_row("PRAGMA journal_mode = OFF", [], |r| r.get(0))?;
    if mode != "off" {
        return Err(format!("cannot turn the journal off (journal mode {mode})").into());
    }
    conn.execute_batch(
        "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY;",
    )?;
    let days = Days::new();
    let mut rng = Rng(options.seed);
    let tx = conn.transaction()?;

    let t = Instant::now();
    let people = alumni(&tx, &days, &mut rng, options.alumni)?;
    eprintln!("gen_kpi_db: {} alumni ({:.1?})", people.len(), t.elapsed());

    let t = Instant::now();
    let attended = events(&tx, &days, &mut rng, &people, options)?;
    eprintln!(
        "gen_kpi_db: {} events, {} attendance rows ({:.1?})",
        options.events,
        options.attendance,
        t.elapsed()
    );

    let t = Instant::now();
    let n = contacts(&tx, &days, &mut rng, &people, attended, options.contacts)?;
    eprintln!("gen_kpi_db: {n} contacts ({:.1?})", t.elapsed());

    let t = Instant::now();
    let apps = applications(&tx, &days, &mut rng, &people, options.applications)?;
    let entries: usize = apps.iter().map(|a| a.entries.len()).sum();
    eprintln!(
        "gen_kpi_db: {} applications, {entries} stage entries ({:.1?})",
        apps.len(),
        t.elapsed()
    );

    targets_and_spend(&tx, &mut rng, &apps)?;
    tx.commit()?;

    let t = Instant::now();
    // Back in WAL mode, as the program keeps its databases.
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
    eprintln!("gen_kpi_db: back in WAL mode ({:.1?})", t.elapsed());
    Ok(())
}

fn alumni(
    tx: &Connection,
    days: &Days,
    rng: &mut Rng,
    count: u32,
) -> rusqlite::Result<Vec<Person>> {
    let mut insert = tx.prepare(
        "INSERT INTO alumni (id, employee_id, name, name_kana, email, phone, department, job_title,
             hire_date, leave_date, leave_reason, rehire_eligible, rehire_source, current_company,
             consent, consent_date, consent_purpose, tags, erased_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21)",
    )?;
    let departments: Vec<(usize, u32)> = DEPARTMENTS
        .iter()
        .enumerate()
        .map(|(i, d)| (i, d.1))
        .collect();
    let first_leave = day(1996, 4, 1);
    let mut people = Vec::with_capacity(count as usize);
    for id in 1..=count {
        let (sur, sur_kana, sur_romaji) = rng.pick(SURNAMES);
        let (given, given_kana, given_romaji) = rng.pick(GIVEN_NAMES);
        let department = rng.weighted(&departments);
        let (dept_name, _, titles) = DEPARTMENTS[department];
        // Two fifths left inside the window, the rest over the 26 years before.
        let left = if rng.chance(0.4) {
            rng.range(START, END)
        } else {
            let u = rng.unit();
            START - 1 - (u * u * f64::from(START - first_leave)) as i32
        };
        let hired = left - rng.range(90, 20 * 365);
        let reason = rng.weighted(LEAVE_REASONS);
        let eligible = if reason == "懲戒" {
            "no"
        } else {
            rng.weighted(&[("yes", 60), ("review", 20), ("no", 8), ("unknown", 12)])
        };
        // When the record was imported: the first import, or the leaving day.
        let created = left.max(START);
        let erased = rng.chance(0.005).then(|| rng.range(created, END));
        let (consent, consent_day) = match rng.below(100) {
            0..5 => ("opted_out", Some(rng.range(created, END))),
            5..40 => ("opted_in", Some(rng.range(created, END))),
            _ => ("unknown", None),
        };
        // Contact ends the day before an opt-out or an erasure, whichever is first.
        let opted_out = (consent == "opted_out").then_some(consent_day).flatten();
        let reachable_until = [opted_out, erased]
            .into_iter()
            .flatten()
            .map(|d| d - 1)
            .fold(END, i32::min);
        let updated = created
            .max(consent_day.unwrap_or(0))
            .max(erased.unwrap_or(0));
        let personal = erased.is_none();
        let email = (personal && !rng.chance(0.05))
            .then(|| format!("{given_romaji}.{sur_romaji}.{id}@example.jp"));
        let phone = (personal && rng.chance(0.7)).then(|| {
            format!(
                "{}-{:04}-{:04}",
                rng.pick(&["090", "080", "070"]),
                rng.below(10_000),
                rng.below(10_000)
            )
        });
        let company = (personal && rng.chance(0.55)).then(|| rng.pick(COMPANIES));
        insert.execute(params![
            id,
            personal.then(|| format!("{id:07}")),
            personal.then(|| format!("{sur} {given}")),
            personal.then(|| format!("{sur_kana} {given_kana}")),
            email,
            phone,
            dept_name,
            rng.pick(titles),
            days.iso(hired),
            days.iso(left),
            reason,
            eligible,
            (eligible != "unknown").then_some("imported"),
            company,
            consent,
            consent_day.map(|d| days.iso(d)),
            (consent == "opted_in").then_some("再雇用・イベントのご案内"),
            (personal && rng.chance(0.1)).then_some("OB会"),
            erased.map(|d| days.at(d, rng)),
            days.at(created, rng),
            days.at(updated, rng),
        ])?;
        people.push(Person {
            left,
            department,
            reachable_until,
            rehire_no: eligible == "no",
        });
    }
    Ok(people)
}

/// A random alumnus: three times in four one of the engaged quarter
/// (the low ids of a shuffled order would do as well; a stride is cheaper).
fn someone(rng: &mut Rng, n: usize) -> usize {
    if rng.chance(0.75) {
        // Every fourth alumnus, starting from the second: the engaged quarter.
        (rng.below(n.div_ceil(4) as u64) as usize * 4 + 1).min(n - 1)
    } else {
        rng.below(n as u64) as usize
    }
}

/// Inserts the events and their attendance; returns the `event` contacts
/// that attendance makes: (day, alumnus index, event name).
fn events(
    tx: &Connection,
    days: &Days,
    rng: &mut Rng,
    people: &[Person],
    options: &Options,
) -> rusqlite::Result<Vec<(i32, u32, u32)>> {
    let mut event_days: Vec<i32> = (0..options.events)
        .map(|_| growing_day(rng, START, END))
        .collect();
    event_days.sort_unstable();
    let kinds: Vec<(usize, u32)> = EVENT_KINDS
        .iter()
        .enumerate()
        .map(|(i, k)| (i, k.2))
        .collect();
    let chosen: Vec<usize> = event_days.iter().map(|_| rng.weighted(&kinds)).collect();
    // Sizes: reunions draw twice the crowd of the rest.
    let weights: Vec<f64> = chosen
        .iter()
        .map(|&k| (0.3 + 1.4 * rng.unit()) * if k == 0 { 2.0 } else { 1.0 })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<u32> = weights
        .iter()
        .map(|w| (w / total * f64::from(options.attendance)) as u32)
        .collect();
    let short = options.attendance - sizes.iter().sum::<u32>();
    if let Some(first) = sizes.first_mut() {
        *first += short;
    }

    let mut insert_event = tx.prepare(
        "INSERT INTO events (id, name, date, kind, location, cost, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut insert_attendance = tx.prepare(
        "INSERT INTO attendance (event_id, alumnus_id, status, updated_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut contacts = Vec::new();
    for (i, (&when, &kind)) in event_days.iter().zip(&chosen).enumerate() {
        let id = i as u32 + 1;
        let (key, label, _) = EVENT_KINDS[kind];
        let (y, m, _) = civil(when);
        let location = match key {
            "webinar" => "オンライン",
            _ => rng.pick(&["東京本社", "大阪支社", "名古屋支社", "オンライン"]),
        };
        let cost = match key {
            "reunion" => rng.range(300, 1500),
            "mixer" => rng.range(100, 500),
            "webinar" => rng.range(0, 50),
            _ => rng.range(50, 300),
        } as i64
            * 1000;
        insert_event.execute(params![
            id,
            format!("{y}年{m}月 {label}（第{id}回）"),
            days.iso(when),
            key,
            location,
            cost,
            days.at(when - rng.range(14, 60), rng),
        ])?;
        let mut seen = HashSet::new();
        let size = (sizes[i] as usize).min(people.len() / 2);
        while seen.len() < size {
            let p = someone(rng, people.len());
            let person = &people[p];
            if person.left >= when || person.reachable_until < when || !seen.insert(p) {
                continue;
            }
            let status = rng.weighted(&[("invited", 45), ("registered", 15), ("attended", 40)]);
            insert_attendance.execute(params![
                id,
                p as i64 + 1,
                status,
                days.at(when.min(END), rng)
            ])?;
            if status == "attended" {
                contacts.push((when, p as u32, id));
            }
        }
    }
    Ok(contacts)
}

/// Inserts `total` contacts (the attendance contacts among them), in date
/// order; returns how many.
fn contacts(
    tx: &Connection,
    days: &Days,
    rng: &mut Rng,
    people: &[Person],
    attended: Vec<(i32, u32, u32)>,
    total: u32,
) -> rusqlite::Result<usize> {
    let names: Vec<String> = {
        let mut stmt = tx.prepare("SELECT name FROM events ORDER BY id")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    // (day, alumnus index, event id or 0)
    let mut all = attended;
    all.reserve(total as usize - all.len());
    while all.len() < total as usize {
        let p = someone(rng, people.len());
        let person = &people[p];
        let lo = person.left.max(START);
        if lo > person.reachable_until {
            continue;
        }
        all.push((growing_day(rng, lo, person.reachable_until), p as u32, 0));
    }
    all.sort_unstable();

    let mut insert = tx.prepare(
        "INSERT INTO contacts (alumnus_id, date, channel, direction, summary, owner, follow_up,
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for &(when, p, event) in &all {
        let alumnus = i64::from(p) + 1;
        if event > 0 {
            insert.execute(params![
                alumnus,
                days.iso(when),
                "event",
                "inbound",
                names[event as usize - 1],
                rng.pick(OWNERS),
                None::<String>,
                days.at(when, rng),
            ])?;
            continue;
        }
        let channel = rng.weighted(CHANNELS);
        let inbound = channel != "newsletter" && rng.chance(0.15);
        let follow_up = (channel != "newsletter" && rng.chance(0.08))
            .then(|| days.iso((when + rng.range(7, 60)).min(day(2029, 12, 31))));
        let summary = match channel {
            "newsletter" => "アルムナイ通信を送付",
            _ => rng.pick(SUMMARIES),
        };
        insert.execute(params![
            alumnus,
            days.iso(when),
            channel,
            if inbound { "inbound" } else { "outbound" },
            summary,
            rng.pick(OWNERS),
            follow_up,
            days.at(when, rng),
        ])?;
    }
    Ok(all.len())
}

fn applications(
    tx: &Connection,
    days: &Days,
    rng: &mut Rng,
    people: &[Person],
    count: u32,
) -> rusqlite::Result<Vec<App>> {
    let departments: Vec<(usize, u32)> = DEPARTMENTS
        .iter()
        .enumerate()
        .map(|(i, d)| (i, d.1))
        .collect();
    let mut apps = Vec::with_capacity(count as usize);
    while apps.len() < count as usize {
        let referral = rng.chance(0.25);
        let p = someone(rng, people.len());
        let person = &people[p];
        // A rehire is opened a month or more after leaving, for someone
        // who may be asked; a referrer may be anyone still reachable.
        let lo = if referral {
            person.left.max(START)
        } else {
            (person.left + 30).max(START)
        };
        if lo > person.reachable_until || (!referral && person.rehire_no) {
            continue;
        }
        let opened = growing_day(rng, lo, person.reachable_until);
        let department = if !referral && rng.chance(0.7) {
            person.department
        } else {
            rng.weighted(&departments)
        };
        let (dept_name, _, titles) = DEPARTMENTS[department];
        let mut app = App {
            referral,
            person: p as u32,
            candidate: referral.then(|| {
                (
                    rng.below(SURNAMES.len() as u64) as usize,
                    rng.below(GIVEN_NAMES.len() as u64) as usize,
                )
            }),
            department: dept_name,
            position: rng.pick(titles),
            source: if referral {
                "referral"
            } else {
                rng.weighted(REHIRE_SOURCES)
            },
            opened,
            cost: if rng.chance(0.03) {
                i64::from(rng.range(5, 30)) * 10_000
            } else {
                0
            },
            entries: Vec::new(),
            closed: None,
        };
        walk(rng, &mut app);
        apps.push(app);
    }
    // Ids in the order the applications were opened.
    apps.sort_by_key(|a| a.opened);

    let mut insert = tx.prepare(
        "INSERT INTO applications (id, kind, alumnus_id, referrer_id, candidate_name,
             candidate_email, position, department, source, opened_on, stage, stage_entered_on,
             furthest_stage, outcome, outcome_reason, outcome_by, closed_on, cost, created_at,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20)",
    )?;
    for (i, app) in apps.iter().enumerate() {
        let &(last, last_day, _) = app.entries.last().expect("every application has an entry");
        let furthest = app.entries.iter().map(|e| e.0).max().unwrap_or(last);
        let (outcome, reason, by, closed_on) = match app.closed {
            Some((o, r, b, d)) => (Some(o), Some(r), b, Some(d)),
            None if last == HIRED => (Some("rejoined"), None, None, Some(last_day)),
            None => (None, None, None, None),
        };
        let person = i64::from(app.person) + 1;
        let (name, email) = match app.candidate {
            Some((s, g)) => {
                let (sur, _, sur_romaji) = SURNAMES[s];
                let (given, _, given_romaji) = GIVEN_NAMES[g];
                let email = rng
                    .chance(0.6)
                    .then(|| format!("{given_romaji}.{sur_romaji}.r{}@example.com", i + 1));
                (Some(format!("{sur} {given}")), email)
            }
            None => (None, None),
        };
        insert.execute(params![
            i as i64 + 1,
            if app.referral { "referral" } else { "rehire" },
            (!app.referral).then_some(person),
            app.referral.then_some(person),
            name,
            email,
            app.position,
            app.department,
            app.source,
            days.iso(app.opened),
            STAGES[last],
            days.iso(last_day),
            STAGES[furthest],
            outcome,
            reason,
            by,
            closed_on.map(|d| days.iso(d)),
            app.cost,
            days.at(app.opened, rng),
            days.at(closed_on.unwrap_or(last_day), rng),
        ])?;
    }

    // Stage entries in the order they were made.
    let mut entries: Vec<(i32, usize, usize)> = apps
        .iter()
        .enumerate()
        .flat_map(|(i, app)| (0..app.entries.len()).map(move |k| (app.entries[k].1, i, k)))
        .collect();
    entries.sort_unstable();
    let mut insert = tx.prepare(
        "INSERT INTO stage_events (application_id, stage, entered_on, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (when, i, k) in entries {
        let (stage, _, note) = apps[i].entries[k];
        insert.execute(params![
            i as i64 + 1,
            STAGES[stage],
            days.iso(when),
            note,
            days.at(when, rng)
        ])?;
    }
    Ok(apps)
}

/// Targets for fiscal years 2025 and 2026 from fiscal 2024's actuals per
/// month and stage (plus 15% and 25%); spend per month and channel.
fn targets_and_spend(tx: &Connection, rng: &mut Rng, apps: &[App]) -> rusqlite::Result<()> {
    // actual[month of FY2024][stage], activity counting.
    let mut actual = [[0u32; 8]; 12];
    for app in apps {
        for (stage, _) in STAGES.iter().enumerate() {
            if let Some(d) = app.reached_on(stage)
                && (FY2024.0..=FY2024.1).contains(&d)
            {
                let (_, m, _) = civil(d);
                actual[((m + 8) % 12) as usize][stage] += 1;
            }
        }
    }
    let mut insert = tx.prepare(
        "INSERT INTO targets (month, stage, department, kind, count) VALUES (?1, ?2, '', '', ?3)",
    )?;
    for (fy, growth) in [(2025, 1.15), (2026, 1.25)] {
        for (i, row) in actual.iter().enumerate() {
            let (y, m) = if i < 9 { (fy, i + 4) } else { (fy + 1, i - 8) };
            for (stage, count) in row.iter().enumerate() {
                let target = (f64::from(*count) * growth).ceil() as i64;
                insert.execute(params![format!("{y:04}-{m:02}"), STAGES[stage], target])?;
            }
        }
    }
    let mut insert =
        tx.prepare("INSERT INTO spend (month, channel, budget, amount) VALUES (?1, ?2, ?3, ?4)")?;
    let mut first = START;
    while first <= END {
        for &(channel, lo, hi) in SPEND {
            let amount = (lo + rng.below((hi - lo + 1) as u64) as i64) / 1000 * 1000;
            let budget = (hi * 9 / 10) / 10_000 * 10_000;
            insert.execute(params![month_of(first), channel, budget, amount])?;
        }
        let (y, m, _) = civil(first);
        first = if m == 12 {
            day(y + 1, 1, 1)
        } else {
            day(y, m + 1, 1)
        };
    }
    Ok(())
}
