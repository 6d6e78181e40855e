//! Fonts: the bundled CJK fonts (compiled into the binary from `fonts/`),
//! folders given with `--font-path`, then system fonts as a fallback.
//!
//! One [`FontSet`] is built per run and shared by every document, so fonts
//! are parsed once.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontSource, FontStore};

/// The fonts of `fonts/`, in the binary so that `charter` works from any folder.
const BUNDLED: &[(&str, &[u8])] = &[
    (
        "fandol/FandolSong-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolSong-Regular.otf"),
    ),
    (
        "fandol/FandolSong-Bold.otf",
        include_bytes!("../../fonts/fandol/FandolSong-Bold.otf"),
    ),
    (
        "fandol/FandolFang-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolFang-Regular.otf"),
    ),
    (
        "fandol/FandolHei-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolHei-Regular.otf"),
    ),
    (
        "fandol/FandolKai-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolKai-Regular.otf"),
    ),
    (
        "noto/NotoSansSymbols-Regular.ttf",
        include_bytes!("../../fonts/noto/NotoSansSymbols-Regular.ttf"),
    ),
    (
        "noto/NotoSansSymbols2-Regular.ttf",
        include_bytes!("../../fonts/noto/NotoSansSymbols2-Regular.ttf"),
    ),
];

/// A bundled font's bytes by its name under `fonts/` (the fillable forms
/// embed FandolSong without going through Typst).
pub fn bundled(name: &str) -> Option<&'static [u8]> {
    BUNDLED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, data)| *data)
}

/// Where a font of the set comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Bundled(&'static str),
    File(PathBuf),
    System(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Bundled(name) => write!(f, "bundled fonts/{name}"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::System(path) => write!(f, "system {}", path.display()),
        }
    }
}

/// Which fonts to look for besides the bundled ones.
#[derive(Clone, Debug, Default)]
pub struct FontOptions {
    /// `--font-path` folders, searched recursively; they come first.
    pub paths: Vec<PathBuf>,
    /// Leave out system fonts (reproducible builds on any machine).
    pub no_system: bool,
}

pub struct FontSet {
    store: FontStore,
    origins: Vec<Origin>,
    /// Each font's coverage as sorted ranges, built on first use: Typst's
    /// own `Coverage::contains` walks every run, which the glyph check of
    /// each document paid once per distinct character.
    coverage: Vec<OnceLock<Vec<Range<u32>>>>,
}

struct PathSource {
    path: PathBuf,
    index: u32,
}

impl FontSource for PathSource {
    fn load(&self) -> Option<Font> {
        let data = std::fs::read(&self.path).ok()?;
        Font::new(Bytes::new(data), self.index)
    }
}

impl FontSet {
    pub fn new(options: &FontOptions) -> Self {
        let mut store = FontStore::new();
        let mut origins = Vec::new();
        for dir in &options.paths {
            for (path, info) in typst_kit::fonts::scan(dir) {
                origins.push(Origin::File(path.path.clone()));
                store.push((
                    PathSource {
                        path: path.path,
                        index: path.index,
                    },
                    info,
                ));
            }
        }
        for (name, data) in BUNDLED {
            for font in Font::iter(Bytes::new(*data)) {
                let info = font.info().clone();
                origins.push(Origin::Bundled(name));
                store.push((font, info));
            }
        }
        if !options.no_system {
            for (path, info) in typst_kit::fonts::system() {
                origins.push(Origin::System(path.path.clone()));
                store.push((
                    PathSource {
                        path: path.path,
                        index: path.index,
                    },
                    info,
                ));
            }
        }
        let coverage = origins.iter().map(|_| OnceLock::new()).collect();
        Self {
            store,
            origins,
            coverage,
        }
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Every font with its family and where it comes from.
    pub fn list(&self) -> Vec<(String, FontInfo, Origin)> {
        let book = self.store.book();
        (0..self.origins.len())
            .filter_map(|i| {
                let info = book.info(i)?.clone();
                Some((info.family.clone(), info, self.origins[i].clone()))
            })
            .collect()
    }

    /// The first of `families` present in the set, with its origin.
    pub fn resolve(&self, families: &[String]) -> Option<(String, Origin)> {
        let book = self.store.book();
        families.iter().find_map(|family| {
            let index = book.select_family(&family.to_lowercase()).next()?;
            Some((
                book.info(index)?.family.clone(),
                self.origins.get(index)?.clone(),
            ))
        })
    }

    /// The advance of `c` in ems in the first of `families` that has it.
    pub fn advance(&self, families: &[String], c: char) -> Option<f64> {
        let book = self.store.book();
        families.iter().find_map(|family| {
            book.select_family(&family.to_lowercase()).find_map(|i| {
                let font = self.store.font(i)?;
                let variant = font.info().variant;
                let instance = font.instantiate(
                    variant,
                    typst::layout::Abs::pt(16.0),
                    &typst::text::FontVariations::default(),
                );
                let glyph = instance.ttf().glyph_index(c)?;
                Some(instance.x_advance(glyph.0)?.get())
            })
        })
    }

    /// Whether any font of `families` has a glyph for `c`.
    pub fn covers(&self, families: &[String], c: char) -> bool {
        let book = self.store.book();
        families.iter().any(|family| {
            book.select_family(&family.to_lowercase())
                .any(|i| self.font_covers(i, c as u32))
        })
    }

    fn font_covers(&self, index: usize, code: u32) -> bool {
        let Some(cell) = self.coverage.get(index) else {
            return false;
        };
        let ranges = cell.get_or_init(|| {
            let mut ranges: Vec<Range<u32>> = Vec::new();
            if let Some(info) = self.store.book().info(index) {
                for c in info.coverage.iter() {
                    match ranges.last_mut() {
                        Some(last) if last.end == c => last.end = c + 1,
                        _ => ranges.push(c..c + 1),
                    }
                }
            }
            ranges
        });
        // The first range that ends after `code`; it covers `code` if it starts at or before it.
        let at = ranges.partition_point(|r| r.end <= code);
        ranges.get(at).is_some_and(|r| r.start <= code)
    }
}

/// The folder the bundled fonts came from, for messages and licences.
pub fn bundled_dir() -> &'static Path {
    Path::new("fonts")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_fill_the_four_roles() {
        let set = FontSet::new(&FontOptions {
            no_system: true,
            ..FontOptions::default()
        });
        for family in [
            "FandolSong",
            "FandolFang R",
            "FandolHei",
            "FandolKai",
            "Noto Sans Symbols2",
        ] {
            let found = set.resolve(&[family.to_string()]);
            assert!(
                matches!(found, Some((_, Origin::Bundled(_)))),
                "{family}: {found:?}"
            );
        }
        let symbols = [
            "Noto Sans Symbols2".to_string(),
            "Noto Sans Symbols".to_string(),
        ];
        assert!(set.covers(&symbols, '☐'));
        assert!(set.covers(&symbols, '⑳'));
        assert!(set.covers(&["FandolFang R".to_string()], '服'));
        assert!(!set.covers(&["FandolFang R".to_string()], '☐'));
    }

    #[test]
    fn coverage_ranges_agree_with_typst() {
        let set = FontSet::new(&FontOptions {
            no_system: true,
            ..FontOptions::default()
        });
        let book = set.book();
        for index in 0..set.origins.len() {
            let Some(info) = book.info(index) else {
                continue;
            };
            for code in (0..0x3_0000).step_by(3).chain(0x2460..0x24ff) {
                assert_eq!(
                    set.font_covers(index, code),
                    info.coverage.contains(code),
                    "{} U+{code:04X}",
                    info.family
                );
            }
        }
    }
}
