//! The language of what alumni says: which one a run speaks ([`resolve`]:
//! `--lang`, then the `default-language` setting, then the locale
//! variables), and every message in both, from the Fluent catalogs
//! `locales/en.ftl` and `locales/ja.ftl`, built into the binary.
//!
//! Code names a message by its key (`tr!("no-database", path = …)`); the
//! words live in the catalogs only, so a translation never touches code.
//! The language is one per process ([`set`]), as a locale is: it is known
//! before any message is made, and every layer can speak without being
//! handed it.

mod lang;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use lang::{Lang, resolve};

/// The catalogs, in the order of [`Lang::ALL`].
const CATALOGS: [(Lang, &str); 2] = [
    (Lang::En, include_str!("../../locales/en.ftl")),
    (Lang::Ja, include_str!("../../locales/ja.ftl")),
];

/// The language of this run; English until [`set`] says otherwise.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Makes `lang` the language of every message from now on.
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The language of this run.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Ja,
        _ => Lang::En,
    }
}

/// A value put into a message: a text, or a number (which also chooses
/// between "1 file" and "2 files").
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}

macro_rules! numbers {
    ($($t:ty),+) => {$(
        impl From<$t> for Arg {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(n: $t) -> Arg {
                Arg::Number(n as f64)
            }
        }
    )+};
}

numbers!(u8, u16, u32, u64, usize, i32, i64, f64);

/// The message `key` in the language of this run, with `args` put in.
/// [`tr!`] is the short way to call it.
pub fn text(key: &str, args: &[(&str, Arg)]) -> String {
    message(current(), key, args)
}

/// The message `key` in `lang`, with `args` put in. A key the catalog
/// lacks comes back as itself, so that a slip shows rather than hides the
/// message; the test of the catalogs keeps that from happening.
pub fn message(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    formatted(lang, key, args).map_or_else(|| key.to_string(), |(text, _)| text)
}

/// The message and the problems Fluent met formatting it, or `None` for
/// a key the catalog lacks.
fn formatted(lang: Lang, key: &str, args: &[(&str, Arg)]) -> Option<(String, usize)> {
    let bundle = &bundles()[lang as usize];
    let pattern = bundle.get_message(key)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(text) => fluent_args.set(*name, FluentValue::from(text.as_str())),
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    Some((text.into_owned(), errors.len()))
}

/// The heading of a table column in the language of this run: the
/// message `column-NAME`, or the name itself for a heading the catalogs do
/// not know (a KPI label, already in its language).
pub fn heading(name: &str) -> String {
    let key = format!("column-{name}");
    formatted(current(), &key, &[]).map_or_else(|| name.to_string(), |(text, _)| text)
}

fn bundles() -> &'static [FluentBundle<FluentResource>; 2] {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| CATALOGS.map(|(lang, source)| bundle(lang, source)))
}

fn bundle(lang: Lang, source: &str) -> FluentBundle<FluentResource> {
    // The catalogs are part of the program: a syntax error in one is a
    // bug the test of the catalogs catches, not a condition to handle.
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("locales/{lang}.ftl: {errors:?}"));
    let id = lang.as_str().parse().expect("en and ja are language tags");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Without this Fluent wraps every value in Unicode isolation marks,
    // which a terminal shows as stray characters and a test cannot match.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("locales/{lang}.ftl: {errors:?}"));
    bundle
}

/// A message of the catalogs in the language of this run:
/// `tr!("key")`, or `tr!("key", name = value, …)` with the variables the
/// message takes. Used as `crate::i18n::tr`.
macro_rules! tr {
    ($key:literal) => {
        $crate::i18n::text($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text(
            $key,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

pub(crate) use tr;

#[cfg(test)]
mod tests;
