//! Where the database is: a path (the embedded SQLite file) or a
//! `postgres://` URL, as `--db` and `$ALUMNI_DB` give it.
//!
//! A URL's password comes from the URL, else `$PGPASSWORD`, else the
//! password file (`$PGPASSFILE` or `~/.pgpass`), as libpq finds it. It is
//! never shown: [`PgOptions::shown`] is the URL without it.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::pg::{PgOptions, Tls};
use super::{Error, Result};

/// The database a command works on.
#[derive(Clone)]
pub enum Location {
    File(PathBuf),
    Postgres(Box<PgOptions>),
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(options) => f.write_str(&options.shown),
        }
    }
}

/// Whether `text` names a PostgreSQL database rather than a file.
pub fn is_url(text: &OsStr) -> bool {
    text.to_str()
        .is_some_and(|t| t.starts_with("postgres://") || t.starts_with("postgresql://"))
}

impl Location {
    /// `--db`'s value: a URL, or a path.
    pub fn parse(text: &OsStr) -> Result<Location> {
        match text.to_str() {
            Some(url) if is_url(text) => Ok(Location::Postgres(Box::new(parse_url(url)?))),
            _ => Ok(Location::File(PathBuf::from(text))),
        }
    }

    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }
}

/// The parts of a URL's query alumni reads itself; the rest go to the
/// driver.
fn parse_url(url: &str) -> Result<PgOptions> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut schema = None;
    let mut sslmode = std::env::var("PGSSLMODE").ok();
    let mut root_cert = std::env::var_os("PGSSLROOTCERT").map(PathBuf::from);
    let mut passed = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "schema" | "currentSchema" => schema = Some(decode(value)?),
            "sslmode" => sslmode = Some(decode(value)?),
            "sslrootcert" => root_cert = Some(PathBuf::from(decode(value)?)),
            _ => passed.push(pair),
        }
    }
    let mut driver = base.to_string();
    if !passed.is_empty() {
        driver.push('?');
        driver.push_str(&passed.join("&"));
    }
    let bad = |why: String| {
        Error::Other(format!(
            "{} is not a PostgreSQL URL alumni can use: {why}",
            shown(base)
        ))
    };
    let mut config = postgres::Config::from_str(&driver).map_err(|e| bad(e.to_string()))?;
    if let Some(schema) = &schema
        && (schema.is_empty() || schema.len() > 63)
    {
        return Err(bad(format!(
            "the schema name {schema:?} is not one PostgreSQL takes"
        )));
    }
    let tls = match sslmode.as_deref().unwrap_or("prefer") {
        "disable" | "allow" => Tls::Disable,
        "prefer" => Tls::Prefer,
        "require" => Tls::Require,
        "verify-ca" => Tls::Verify {
            root_cert,
            host: false,
        },
        "verify-full" => Tls::Verify {
            root_cert,
            host: true,
        },
        other => {
            return Err(bad(format!(
                "sslmode {other:?} is not one of disable, prefer, require, verify-ca, verify-full"
            )));
        }
    };
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .ok()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("LOGNAME").ok())
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_hosts().is_empty() {
        let host = std::env::var("PGHOST").unwrap_or_else(|_| "localhost".into());
        config.host(&host);
    }
    if config.get_dbname().is_none()
        && let Some(user) = config.get_user().map(str::to_string)
    {
        config.dbname(&std::env::var("PGDATABASE").unwrap_or(user));
    }
    if config.get_password().is_none() {
        let password = std::env::var("PGPASSWORD").ok().or_else(|| pgpass(&config));
        if let Some(password) = password {
            config.password(password);
        }
    }
    Ok(PgOptions {
        config,
        schema,
        tls,
        shown: shown(base) + &url_query(url),
    })
}

/// The query of a URL, as shown: every part but a password.
fn url_query(url: &str) -> String {
    match url.split_once('?') {
        Some((_, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.starts_with("password="))
                .collect();
            if kept.is_empty() {
                String::new()
            } else {
                format!("?{}", kept.join("&"))
            }
        }
        None => String::new(),
    }
}

/// A URL without its password.
fn shown(base: &str) -> String {
    let Some((scheme, rest)) = base.split_once("://") else {
        return base.to_string();
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{user}@{host}")
        }
        None => authority.to_string(),
    };
    format!("{scheme}://{authority}{path}")
}

fn decode(text: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => return Err(Error::Other(format!("{text:?} has a bad %-escape"))),
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| Error::Other(format!("{text:?} is not UTF-8")))
}

/// The password the password file gives for this host, port, database
/// and user: the first line that matches, `*` matching anything. As libpq,
/// a file that others may read is ignored.
fn pgpass(config: &postgres::Config) -> Option<String> {
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".pgpass")))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = match config.get_hosts().first()? {
        postgres::config::Host::Tcp(host) => host.clone(),
        #[cfg(unix)]
        postgres::config::Host::Unix(_) => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let wanted = [
        host.as_str(),
        port.as_str(),
        config.get_dbname().unwrap_or(""),
        config.get_user().unwrap_or(""),
    ];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .find_map(|line| {
            let fields = pgpass_fields(line);
            if fields.len() != 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, want)| field == "*" || field == want);
            matches.then(|| fields[4].clone())
        })
}

/// A password file line's five fields; `\:` and `\\` are escapes.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().unwrap().push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_shown_without_its_password() {
        assert_eq!(
            shown("postgres://hr:s3cret@db.example:5432/alumni"),
            "postgres://hr@db.example:5432/alumni"
        );
        assert_eq!(shown("postgresql://db/alumni"), "postgresql://db/alumni");
        assert_eq!(url_query("postgres://h/d?schema=x&password=p"), "?schema=x");
    }

    #[test]
    fn a_path_is_a_file_and_a_url_is_postgres() {
        assert!(matches!(
            Location::parse(OsStr::new("team.db")).unwrap(),
            Location::File(_)
        ));
        let url = Location::parse(OsStr::new(
            "postgres://hr:pw@127.0.0.1:5433/alumni?schema=tokyo&sslmode=disable",
        ))
        .unwrap();
        let Location::Postgres(options) = &url else {
            panic!("not postgres")
        };
        assert_eq!(options.schema.as_deref(), Some("tokyo"));
        assert_eq!(options.tls, Tls::Disable);
        assert_eq!(options.config.get_password(), Some(&b"pw"[..]));
        assert_eq!(
            url.to_string(),
            "postgres://hr@127.0.0.1:5433/alumni?schema=tokyo&sslmode=disable"
        );
    }

    #[test]
    fn an_unknown_sslmode_is_refused_without_the_password() {
        let Err(err) = Location::parse(OsStr::new("postgres://hr:pw@h/d?sslmode=maybe")) else {
            panic!("accepted");
        };
        let text = err.to_string();
        assert!(text.contains("sslmode \"maybe\""), "{text}");
        assert!(!text.contains("pw"), "{text}");
    }

    #[test]
    fn password_file_fields_unescape() {
        assert_eq!(
            pgpass_fields(r"db\:1:5432:*:hr:pa\:ss"),
            ["db:1", "5432", "*", "hr", "pa:ss"]
        );
    }
}
