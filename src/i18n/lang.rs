//! The two languages, and which one a run speaks.

/// The language of labels, messages and sheet names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En = 0,
    Ja = 1,
}

impl Lang {
    /// Every language, in the order of the catalogs.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Ja];

    /// The text the language is stored as, and its language tag.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language stored as `text`, if it is one.
    pub fn from_stored(text: &str) -> Option<Lang> {
        match text {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The language a setting or a locale names: Japanese for anything
    /// starting with `ja` (`ja`, `ja_JP.UTF-8`), else English (`C`,
    /// `POSIX`, `en_US.UTF-8`, and every language without a catalog).
    pub fn from_locale(name: &str) -> Lang {
        if name.starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The text in this language.
    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

// JSON carries the stored text, as it does for the domain's other values.
impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The locale variables, strongest first, as POSIX ranks them for
/// messages.
const LOCALE_VARIABLES: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// The language of a run: `--lang` if given, else the `default-language`
/// setting of the database (when one is open), else the first of
/// `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not empty (POSIX
/// skips an empty one), else English. `env` looks a variable up.
pub fn resolve(
    flag: Option<Lang>,
    setting: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Lang {
    if let Some(lang) = flag {
        return lang;
    }
    if let Some(setting) = setting.filter(|s| !s.trim().is_empty()) {
        return Lang::from_locale(setting.trim());
    }
    LOCALE_VARIABLES
        .iter()
        .filter_map(|name| env(name))
        .find(|value| !value.is_empty())
        .map_or(Lang::En, |value| Lang::from_locale(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_flag_beats_the_setting_and_the_locale() {
        let ja = [("LC_ALL", "ja_JP.UTF-8"), ("LANG", "ja_JP.UTF-8")];
        assert_eq!(resolve(Some(Lang::En), Some("ja"), env(&ja)), Lang::En);
        assert_eq!(resolve(Some(Lang::Ja), Some("en"), env(&[])), Lang::Ja);
    }

    #[test]
    fn the_setting_beats_the_locale() {
        assert_eq!(resolve(None, Some("ja"), env(&[("LC_ALL", "C")])), Lang::Ja);
        let ja = [("LANG", "ja_JP.UTF-8")];
        assert_eq!(resolve(None, Some("en"), env(&ja)), Lang::En);
    }

    #[test]
    fn lc_all_beats_lc_messages_which_beats_lang() {
        let c_over_ja = [("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")];
        assert_eq!(resolve(None, None, env(&c_over_ja)), Lang::En);
        let messages = [("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")];
        assert_eq!(resolve(None, None, env(&messages)), Lang::Ja);
        let all = [("LC_ALL", "ja_JP.UTF-8"), ("LC_MESSAGES", "POSIX")];
        assert_eq!(resolve(None, None, env(&all)), Lang::Ja);
        assert_eq!(
            resolve(None, None, env(&[("LANG", "ja_JP.UTF-8")])),
            Lang::Ja
        );
    }

    #[test]
    fn an_empty_variable_or_setting_is_skipped() {
        let vars = [("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "ja_JP.UTF-8")];
        assert_eq!(resolve(None, Some(""), env(&vars)), Lang::Ja);
    }

    #[test]
    fn without_any_hint_or_with_another_language_it_is_english() {
        assert_eq!(resolve(None, None, env(&[])), Lang::En);
        assert_eq!(
            resolve(None, None, env(&[("LANG", "fr_FR.UTF-8")])),
            Lang::En
        );
        assert_eq!(resolve(None, None, env(&[("LANG", "POSIX")])), Lang::En);
    }
}
