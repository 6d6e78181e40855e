//! Every user-facing message from one catalog, in English and Chinese:
//! Fluent files under `i18n/<lang>/`, compiled in. The language is Chinese
//! when `--lang zh` is given or the locale is (`LANG=zh_CN.UTF-8`), English
//! otherwise; the studio answers each request in its browser's language.
//!
//! Code names a message by its id and arguments — `t!("unknown-key", key =
//! name)` — and never writes user-facing text itself.

use std::cell::Cell;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language of the messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    #[value(alias = "en-US", alias = "en-GB")]
    En,
    #[value(alias = "zh-CN", alias = "zh-Hans", alias = "cn")]
    Zh,
}

/// The catalog, file by file (one per area of the program), per language.
macro_rules! catalog {
    ($lang:literal: $($file:literal),* $(,)?) => {
        &[$((
            $file,
            include_str!(concat!("../../i18n/", $lang, "/", $file, ".ftl")),
        )),*]
    };
}

pub const EN: &[(&str, &str)] = catalog!("en": "common", "load", "resolve", "output", "studio", "amend", "survey", "drafting", "ofd", "import");
pub const ZH: &[(&str, &str)] = catalog!("zh-CN": "common", "load", "resolve", "output", "studio", "amend", "survey", "drafting", "ofd", "import");

static LANG: OnceLock<Lang> = OnceLock::new();
/// Whether the language was asked for (`--lang`), so that the studio keeps it
/// rather than following each browser's.
static FIXED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static BUNDLES: OnceLock<(FluentBundle<FluentResource>, FluentBundle<FluentResource>)> =
    OnceLock::new();

thread_local! {
    /// A language for this thread only: a studio request's.
    static OVERRIDE: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// The language of the run: set once from `--lang`, else from the locale.
pub fn set(lang: Lang) {
    let _ = LANG.set(lang);
    FIXED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// True when `--lang` chose the language.
pub fn fixed() -> bool {
    FIXED.load(std::sync::atomic::Ordering::Relaxed)
}

/// The language to answer a browser in: `--lang` when given, else the first
/// language of its Accept-Language we have, else the run's.
pub fn for_request(accept_language: Option<&str>) -> Lang {
    if fixed() {
        return lang();
    }
    accept_language
        .and_then(from_accept_language)
        .unwrap_or_else(lang)
}

/// The language messages are in here and now.
pub fn lang() -> Lang {
    OVERRIDE
        .with(Cell::get)
        .unwrap_or_else(|| *LANG.get_or_init(from_env))
}

/// Runs `work` with messages in `lang` on this thread.
pub fn with<T>(lang: Lang, work: impl FnOnce() -> T) -> T {
    let before = OVERRIDE.with(|o| o.replace(Some(lang)));
    let result = work();
    OVERRIDE.with(|o| o.set(before));
    result
}

/// A future whose every step runs with messages in one language: a studio
/// request's, wherever the server's threads poll it.
pub struct Scoped<F> {
    lang: Lang,
    inner: std::pin::Pin<Box<F>>,
}

impl<F: std::future::Future> Scoped<F> {
    pub fn new(lang: Lang, inner: F) -> Self {
        Self {
            lang,
            inner: Box::pin(inner),
        }
    }
}

impl<F: std::future::Future> std::future::Future for Scoped<F> {
    type Output = F::Output;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        let lang = self.lang;
        with(lang, || self.inner.as_mut().poll(cx))
    }
}

/// Chinese when the locale says so (LC_ALL, then LC_MESSAGES, then LANG).
pub fn from_env() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    parse(&locale).unwrap_or(Lang::En)
}

/// `zh`, `zh_CN.UTF-8`, `zh-Hans` … → Chinese; `en…`, `C` → English.
pub fn parse(tag: &str) -> Option<Lang> {
    let tag = tag.trim().to_ascii_lowercase();
    if tag.starts_with("zh") {
        Some(Lang::Zh)
    } else if tag.starts_with("en") || tag == "c" || tag == "posix" || tag.starts_with("c.") {
        Some(Lang::En)
    } else {
        None
    }
}

/// The first language of an HTTP Accept-Language header we have.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    header
        .split(',')
        .filter_map(|part| parse(part.split(';').next().unwrap_or("")))
        .next()
}

fn bundle(lang: &str, files: &[(&str, &str)]) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No invisible isolation marks around arguments: the text goes to
    // terminals and files, not only to browsers.
    bundle.set_use_isolating(false);
    for (_, text) in files {
        // A catalog that does not parse is caught by the catalog test; what
        // parses is used.
        let resource = match FluentResource::try_new(text.to_string()) {
            Ok(resource) => resource,
            Err((resource, _)) => resource,
        };
        let _ = bundle.add_resource(resource);
    }
    bundle
}

fn bundles() -> &'static (FluentBundle<FluentResource>, FluentBundle<FluentResource>) {
    BUNDLES.get_or_init(|| (bundle("en", EN), bundle("zh-CN", ZH)))
}

/// An argument of a message.
pub struct Arg(String);

impl<T: std::fmt::Display + ?Sized> From<&T> for Arg {
    fn from(text: &T) -> Self {
        Arg(text.to_string())
    }
}
impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg(text)
    }
}
macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg(n.to_string())
            }
        }
    )*};
}
numbers!(usize, u64, u32, u16, u8, i64, i32, char);

/// The message `id` in the language of the moment, its arguments filled in;
/// English when the Chinese catalog lacks it, the id itself when neither has
/// it (the catalog test keeps that from happening).
pub fn tr(id: &str, args: &[(&str, Arg)]) -> String {
    let (en, zh) = bundles();
    let chosen = match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let mut fluent_args = FluentArgs::new();
    for (name, Arg(value)) in args {
        fluent_args.set(*name, FluentValue::from(value.as_str()));
    }
    for bundle in [chosen, en] {
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned();
        }
    }
    id.to_string()
}

/// A message of the catalog: `t!("id")` or `t!("id", name = value, …)`.
#[macro_export]
macro_rules! t {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::tr($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),*])
    };
}

#[cfg(test)]
mod tests;
