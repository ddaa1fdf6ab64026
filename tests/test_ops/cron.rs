//! `examples/cron/`: the report wrapper run as cron runs it (sh, no
//! terminal, stdin from /dev/null, a bare environment), and the crontab
//! and systemd files that start it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::{Env, roster, stderr_of, stdout_of};

fn cron_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cron")
}

/// A database to report on, and the directory the reports go to.
struct Job {
    env: Env,
    reports: PathBuf,
    vars: Vec<(&'static str, String)>,
}

impl Job {
    fn new() -> Job {
        let env = roster();
        let reports = env.path("reports");
        Job {
            env,
            reports,
            vars: Vec::new(),
        }
    }

    fn var(mut self, name: &'static str, value: &str) -> Job {
        self.vars.push((name, value.to_string()));
        self
    }

    /// `sh alumni-report.sh ARGS…` as cron would start it.
    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new("sh");
        cmd.arg(cron_dir().join("alumni-report.sh"))
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", self.env.dir.path())
            .env("ALUMNI", assert_cmd::cargo::cargo_bin("alumni"))
            .env("ALUMNI_DB", self.env.db_arg())
            .env("ALUMNI_USER", "cron")
            .env("REPORT_DIR", &self.reports)
            .current_dir(self.env.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in &self.vars {
            cmd.env(name, value);
        }
        cmd.output().expect("sh runs")
    }

    /// The file names in the report directory, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.reports)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The reports of `prefix`, sorted.
    fn reports(&self, prefix: &str, ext: &str) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|n| n.starts_with(&format!("{prefix}-")) && n.ends_with(&format!(".{ext}")))
            .collect()
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.reports.join("alumni-report.log")).unwrap_or_default()
    }
}

/// `name` is PREFIX-YYYY-MM-DD.EXT.
fn is_dated(name: &str, prefix: &str, ext: &str) -> bool {
    let Some(date) = name
        .strip_prefix(&format!("{prefix}-"))
        .and_then(|rest| rest.strip_suffix(&format!(".{ext}")))
    else {
        return false;
    };
    date.len() == 10 && jiff::civil::Date::strptime("%Y-%m-%d", date).is_ok()
}

/// A log line begins with a timestamp.
fn is_timestamped(line: &str) -> bool {
    line.split_whitespace()
        .next()
        .is_some_and(|stamp| jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%z", stamp).is_ok())
}

fn assert_succeeded(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout {:?}, stderr {:?}",
        stdout_of(output),
        stderr_of(output)
    );
}

#[test]
fn the_wrapper_is_posix_sh() {
    let status = Command::new("sh")
        .arg("-n")
        .arg(cron_dir().join("alumni-report.sh"))
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(cron_dir().join("alumni-report.sh")).unwrap();
    assert!(text.starts_with("#!/bin/sh\n"));
    assert!(text.contains("\nset -eu\n"));
}

#[test]
fn the_wrapper_writes_a_dated_report_and_logs_the_run() {
    let job = Job::new();
    let output = job.run(&["kpi", "--format", "json"]);
    assert_succeeded(&output);
    assert!(
        output.stdout.is_empty() && output.stderr.is_empty(),
        "cron would mail this"
    );

    let reports = job.reports("kpi", "json");
    assert_eq!(reports.len(), 1, "{:?}", job.files());
    assert!(is_dated(&reports[0], "kpi", "json"), "{}", reports[0]);
    let text = std::fs::read_to_string(job.reports.join(&reports[0])).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).expect("the report is JSON");
    assert!(json.is_object(), "{json}");

    let log = job.log();
    let lines: Vec<&str> = log.lines().collect();
    assert!(lines.iter().all(|l| is_timestamped(l)), "{log}");
    assert!(
        lines[0].contains("start: ") && lines[0].contains("kpi --format json"),
        "{log}"
    );
    let end = lines.last().unwrap();
    assert!(
        end.contains("end: exit 0") && end.contains(&reports[0]),
        "{log}"
    );
    assert!(
        !job.files().iter().any(|n| n.starts_with(".alumni-report.")),
        "a temporary directory was left: {:?}",
        job.files()
    );
}

#[test]
fn the_wrapper_keeps_only_the_newest_reports() {
    let job = Job::new().var("REPORT_KEEP", "3");
    std::fs::create_dir_all(&job.reports).unwrap();
    for day in ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04"] {
        std::fs::write(job.reports.join(format!("kpi-{day}.json")), "{}").unwrap();
    }
    // Not reports of this job: left alone.
    for other in ["kpi-summary.json", "notes.txt", "roster-2019-01-01.json"] {
        std::fs::write(job.reports.join(other), "").unwrap();
    }
    assert_succeeded(&job.run(&["kpi", "--format", "json"]));

    let reports = job.reports("kpi", "json");
    let dated: Vec<&String> = reports
        .iter()
        .filter(|n| is_dated(n, "kpi", "json"))
        .collect();
    assert_eq!(dated.len(), 3, "{reports:?}");
    assert_eq!(dated[0], "kpi-2020-01-03.json");
    assert_eq!(dated[1], "kpi-2020-01-04.json");
    for other in ["kpi-summary.json", "notes.txt", "roster-2019-01-01.json"] {
        assert!(job.reports.join(other).exists(), "{other} was removed");
    }
    let log = job.log();
    assert!(
        log.contains("removed old report") && log.contains("kpi-2020-01-01.json"),
        "{log}"
    );
    assert!(log.contains("kpi-2020-01-02.json"), "{log}");
}

#[test]
fn a_failing_command_fails_the_wrapper_and_is_logged() {
    let job = Job::new().var("REPORT_KEEP", "1");
    std::fs::create_dir_all(&job.reports).unwrap();
    std::fs::write(job.reports.join("kpi-2020-01-01.json"), "{}").unwrap();

    let output = job.run(&["kpi", "--from", "not-a-month", "--format", "json"]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr_of(&output));
    let said = stderr_of(&output);
    assert!(
        said.contains("exit 65") && said.contains("alumni-report.log"),
        "{said}"
    );

    let log = job.log();
    assert!(log.contains("start: "), "{log}");
    assert!(log.contains("FAILED: exit 65"), "{log}");
    assert!(
        log.contains("not-a-month"),
        "alumni's own message is not in the log: {log}"
    );
    assert!(!log.contains("end: exit 0"), "{log}");
    // Nothing half-written, and a failed run deletes no old report.
    assert_eq!(job.reports("kpi", "json"), ["kpi-2020-01-01.json"]);
    assert!(!job.files().iter().any(|n| n.starts_with(".alumni-report.")));
}

#[test]
fn a_command_that_writes_no_report_fails_the_wrapper_on_sqlite() {
    let job = Job::new();
    // `check` says "ok" on stderr and writes nothing on stdout.
    let output = job.run(&["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    assert!(job.log().contains("wrote no report"), "{}", job.log());
    assert!(job.reports("kpi", "json").is_empty());
}

#[test]
fn out_in_an_argument_is_the_file_to_write_on_sqlite() {
    let job = Job::new()
        .var("REPORT_NAME", "alumni")
        .var("REPORT_EXT", "db");
    assert_succeeded(&job.run(&["backup", "{out}"]));
    let copies = job.reports("alumni", "db");
    assert_eq!(copies.len(), 1, "{:?}", job.files());
    assert!(is_dated(&copies[0], "alumni", "db"));
    let copy = job.reports.join(&copies[0]);
    assert_eq!(super::integrity(&copy), "ok");
    let n: i64 = rusqlite::Connection::open(&copy)
        .unwrap()
        .query_row("SELECT count(*) FROM alumni", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 10);
    // A second run the same day replaces that day's copy.
    assert_succeeded(&job.run(&["backup", "{out}"]));
    assert_eq!(job.reports("alumni", "db"), copies);
}

#[test]
fn without_arguments_the_wrapper_runs_export_kpi() {
    let job = Job::new();
    // `alumni export` may not exist in this build: only what was run counts.
    let _ = job.run(&[]);
    let log = job.log();
    let start = log.lines().next().unwrap_or_default();
    assert!(
        start.contains("start: ") && start.contains(" export kpi --format json --out "),
        "{log}"
    );
}

#[test]
fn a_bad_report_keep_is_refused() {
    let job = Job::new().var("REPORT_KEEP", "all");
    let output = job.run(&["kpi"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("REPORT_KEEP"));
}

// ---------------------------------------------------------------- crontab

#[test]
fn the_crontab_lines_run_the_wrapper() {
    let text = std::fs::read_to_string(cron_dir().join("crontab")).unwrap();
    let jobs: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| !l.split_whitespace().next().unwrap().contains('='))
        .collect();
    assert!(!jobs.is_empty());
    for job in jobs {
        let fields: Vec<&str> = job.split_whitespace().collect();
        assert!(fields.len() > 5, "{job}");
        for field in &fields[..5] {
            assert!(
                field
                    .chars()
                    .all(|c| c.is_ascii_digit() || ",-*/".contains(c)),
                "not a time field: {field} in {job}"
            );
        }
        assert!(job.contains("alumni-report.sh"), "{job}");
        assert!(!job.contains('%'), "cron turns % into a newline: {job}");
    }
}

// ---------------------------------------------------------------- systemd

/// A systemd unit file as sections of (key, value): comments and blank
/// lines skipped, every other line a `[Section]` or a `Key=Value`.
fn parse_unit(path: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut sections: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let at = format!("{}:{}", path.display(), n + 1);
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            assert!(!sections.contains_key(name), "{at}: [{name}] twice");
            sections.insert(name.to_string(), Vec::new());
            current = Some(name.to_string());
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("{at}: not Key=Value: {line}"));
        assert!(
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric()),
            "{at}: not a key: {key}"
        );
        let section = current
            .as_ref()
            .unwrap_or_else(|| panic!("{at}: a setting before any section"));
        sections
            .get_mut(section)
            .unwrap()
            .push((key.to_string(), value.trim().to_string()));
    }
    sections
}

fn value<'a>(
    unit: &'a BTreeMap<String, Vec<(String, String)>>,
    section: &str,
    key: &str,
) -> Option<&'a str> {
    unit.get(section)?
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_service_runs_the_wrapper_once() {
    let service = parse_unit(&cron_dir().join("alumni-report.service"));
    assert_eq!(
        service.keys().collect::<Vec<_>>(),
        ["Service", "Unit"],
        "a timer's service has no [Install]: enabled, it would run at every boot"
    );
    assert_eq!(value(&service, "Service", "Type"), Some("oneshot"));
    let exec = value(&service, "Service", "ExecStart").expect("ExecStart");
    let program = exec.split_whitespace().next().unwrap();
    assert!(
        program.starts_with('/'),
        "systemd needs an absolute path: {exec}"
    );
    assert!(program.ends_with("/alumni-report.sh"), "{exec}");
    assert!(cron_dir().join("alumni-report.sh").exists());
    let environment: Vec<&str> = service["Service"]
        .iter()
        .filter(|(k, _)| k == "Environment")
        .map(|(_, v)| v.as_str())
        .collect();
    for name in ["ALUMNI_DB=", "REPORT_DIR="] {
        assert!(
            environment.iter().any(|e| e.starts_with(name)),
            "{environment:?}"
        );
    }
}

#[test]
fn the_timer_starts_the_service_weekly() {
    let timer = parse_unit(&cron_dir().join("alumni-report.timer"));
    assert_eq!(
        timer.keys().collect::<Vec<_>>(),
        ["Install", "Timer", "Unit"]
    );
    assert_eq!(
        value(&timer, "Timer", "Unit"),
        Some("alumni-report.service")
    );
    assert!(value(&timer, "Timer", "OnCalendar").is_some());
    assert_eq!(value(&timer, "Timer", "Persistent"), Some("true"));
    assert_eq!(value(&timer, "Install", "WantedBy"), Some("timers.target"));
}
