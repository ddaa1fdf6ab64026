//! The settings kept with the data (`settings` table): which keys there
//! are, what each accepts, its default, and reading and writing them.
//! Commands read a setting through the typed functions at the bottom, so
//! that a default lives in one place.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::fiscal;
use crate::domain::normalize;
use crate::error::Failure;

/// A setting `alumni config` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The first month of a fiscal year, 1-12.
    FiscalYearStart,
    /// `en` or `ja`: the language of labels in listings and reports.
    DefaultLanguage,
    /// Who contacts logged without `--owner` are for.
    DefaultOwner,
}

impl Setting {
    pub const ALL: [Setting; 3] = [
        Setting::FiscalYearStart,
        Setting::DefaultLanguage,
        Setting::DefaultOwner,
    ];

    /// The key, as typed and as stored.
    pub fn key(self) -> &'static str {
        match self {
            Setting::FiscalYearStart => "fiscal-year-start",
            Setting::DefaultLanguage => "default-language",
            Setting::DefaultOwner => "default-owner",
        }
    }

    /// The setting a key names (`fiscal_year_start` works too); an unknown
    /// key is a usage error that lists the keys.
    pub fn find(raw: &str) -> Result<Setting> {
        let wanted = raw.trim().to_lowercase().replace('_', "-");
        Setting::ALL
            .into_iter()
            .find(|s| s.key() == wanted)
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "no setting {raw:?}; the settings are {}",
                    Setting::ALL.map(Setting::key).join(", ")
                ))
                .into()
            })
    }

    /// The value used while the setting is not set, if there is a fixed one.
    pub fn default_value(self) -> Option<&'static str> {
        match self {
            Setting::FiscalYearStart => Some("4"),
            Setting::DefaultLanguage => Some("en"),
            Setting::DefaultOwner => None,
        }
    }

    /// What the setting is for, and what happens without it.
    pub fn description(self) -> &'static str {
        match self {
            Setting::FiscalYearStart => "the first month of a fiscal year (1-12)",
            Setting::DefaultLanguage => "the language of labels and reports (en or ja)",
            Setting::DefaultOwner => {
                "the owner of contacts logged without --owner [default: the user running the command]"
            }
        }
    }

    /// Checks and normalizes a value typed for the setting; the error says
    /// what is accepted.
    pub fn check(self, raw: &str) -> std::result::Result<String, String> {
        let text = normalize::text(raw).unwrap_or_default();
        let refuse = |what: &str| format!("{} {raw:?}: {what}", self.key());
        match self {
            Setting::FiscalYearStart => {
                let month = text
                    .parse::<u8>()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .or_else(|| fiscal::month_without_year(&text));
                month.map(|m| m.to_string()).ok_or_else(|| {
                    refuse("give the first month of the fiscal year, 1-12 (4 is April)")
                })
            }
            Setting::DefaultLanguage => match text.to_lowercase().as_str() {
                "en" | "english" | "英語" => Ok("en".into()),
                "ja" | "jp" | "japanese" | "日本語" => Ok("ja".into()),
                _ => Err(refuse("give en or ja")),
            },
            Setting::DefaultOwner if text.is_empty() => Err(refuse("give a name")),
            Setting::DefaultOwner => Ok(text),
        }
    }
}

/// The value stored for a setting, if it is set.
pub fn get(conn: &Connection, setting: Setting) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?")?
        .query_row([setting.key()], |r| r.get(0))
        .optional()?)
}

/// Stores a checked value; returns the one it replaced.
pub fn set(conn: &Connection, setting: Setting, value: &str) -> Result<Option<String>> {
    let before = get(conn, setting)?;
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![setting.key(), value])?;
    Ok(before)
}

/// The first month of a fiscal year: the `fiscal-year-start` setting, else April.
pub fn fiscal_year_start(conn: &Connection) -> Result<u8> {
    let setting = Setting::FiscalYearStart;
    match get(conn, setting)? {
        None => Ok(fiscal::DEFAULT_START),
        // Stored values were checked when set; one edited into the file by
        // hand is reported rather than guessed at.
        Some(value) => value
            .parse::<u8>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| {
                Failure::BadData(format!(
                    "the setting {} is {value:?}, which is not a month; \
                     fix it with `alumni config set {} 4`",
                    setting.key(),
                    setting.key()
                ))
                .into()
            }),
    }
}

/// Whether labels are shown in Japanese: the `default-language` setting is `ja`.
pub fn japanese(conn: &Connection) -> Result<bool> {
    Ok(get(conn, Setting::DefaultLanguage)?.as_deref() == Some("ja"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fiscal_year_start_is_a_month_number_or_name() {
        let s = Setting::FiscalYearStart;
        assert_eq!(s.check("1"), Ok("1".into()));
        assert_eq!(s.check("１０"), Ok("10".into()));
        assert_eq!(s.check("4月"), Ok("4".into()));
        assert_eq!(s.check("April"), Ok("4".into()));
        for bad in ["0", "13", "", "spring", "-1"] {
            assert!(s.check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_language_is_en_or_ja() {
        let s = Setting::DefaultLanguage;
        assert_eq!(s.check("JA"), Ok("ja".into()));
        assert_eq!(s.check("日本語"), Ok("ja".into()));
        assert_eq!(s.check("en"), Ok("en".into()));
        assert!(s.check("fr").unwrap_err().contains("en or ja"));
    }

    #[test]
    fn an_owner_is_normalized_text() {
        let s = Setting::DefaultOwner;
        assert_eq!(s.check(" 人事部　佐藤 "), Ok("人事部 佐藤".into()));
        assert!(s.check("  ").is_err());
    }

    #[test]
    fn keys_are_found_with_either_separator() {
        assert_eq!(
            Setting::find("fiscal_year_start").unwrap(),
            Setting::FiscalYearStart
        );
        let err = Setting::find("colour").unwrap_err();
        assert!(format!("{err}").contains("default-language"), "{err}");
    }

    #[test]
    fn an_unset_fiscal_year_starts_in_april_and_a_set_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("s.db")).unwrap();
        assert_eq!(fiscal_year_start(&conn).unwrap(), 4);
        set(&conn, Setting::FiscalYearStart, "1").unwrap();
        assert_eq!(fiscal_year_start(&conn).unwrap(), 1);
        conn.execute(
            "UPDATE settings SET value = 'x' WHERE key = 'fiscal-year-start'",
            [],
        )
        .unwrap();
        assert!(fiscal_year_start(&conn).is_err());
    }
}
