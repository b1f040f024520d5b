//! What `ladder serve` keeps from one build to the next, so that an edit re-renders only
//! the pages it affects and rewrites only the files that changed.
//!
//! Every rendered page is kept under a *key*: a hash of everything its HTML is made from.
//! A page's body depends on its own markdown and place, on what links may point at (every
//! page's address and anchors, the glossary, the static files), on the report's settings,
//! on the tables its text names and on the stats. The whole page adds the site's shape:
//! every page's title and front matter (navigation, breadcrumbs, section lists) and the
//! theme. When a key is unchanged, the HTML from the last build is used as it is; the
//! problems found when it was rendered are reported again.
//!
//! So editing the text of one page re-renders that page (and the print view and search
//! index, which hold every page); editing one data table re-renders the pages that name
//! it; editing a title or report.yaml re-renders everything.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::diagnostic::Diagnostics;

/// A rendered body: its HTML, the files it makes (figure downloads) and its problems.
#[derive(Debug, Clone)]
pub struct CachedBody {
    pub html: String,
    pub files: Vec<(String, Vec<u8>)>,
    pub diagnostics: Diagnostics,
}

/// What is kept between builds.
#[derive(Debug, Default)]
pub struct Cache {
    /// Page bodies by key (the site's own and the print view's).
    pub(crate) bodies: HashMap<u64, CachedBody>,
    /// Whole pages (after the template) by key.
    pub(crate) pages: HashMap<u64, String>,
    /// Page outlines (headings, anchors) by the hash of the page's text.
    pub(crate) outlines: HashMap<u64, crate::markdown::Outline>,
    /// Each page's entry in the search index (JSON), by body key, title and summary.
    pub(crate) search: HashMap<u64, String>,
    /// Each page's part of the print view, by body key and place in the reading order.
    pub(crate) print_parts: HashMap<u64, String>,
    /// Every file of the site last written, by path: the next build writes only the
    /// files that differ.
    pub(crate) written: BTreeMap<String, Vec<u8>>,
    /// The theme's templates as last parsed, by the hash of their text.
    pub(crate) renderer: Option<(u64, crate::render::Renderer)>,
    /// The pages as read from the source, by path and text.
    pub(crate) sources: crate::source::PageCache,
    /// Bodies rendered (not taken from the cache) by the last build.
    pub rendered: usize,
    /// Files written (new or changed) and removed by the last build.
    pub files_written: usize,
    pub files_removed: usize,
}

impl Cache {
    pub fn new() -> Self {
        Cache::default()
    }
}

/// A hash of the values given, in order.
pub fn key(parts: &[&dyn HashPart]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        part.feed(&mut hasher);
    }
    hasher.finish()
}

/// A value that goes into a key.
pub trait HashPart {
    fn feed(&self, hasher: &mut DefaultHasher);
}

impl<T: Hash + ?Sized> HashPart for T {
    fn feed(&self, hasher: &mut DefaultHasher) {
        self.hash(hasher);
    }
}

/// A hash of a value's debug form, for the types that have no `Hash` (front matter,
/// glossary terms, stats).
pub fn debug_hash(value: &impl std::fmt::Debug) -> u64 {
    let mut hasher = DefaultHasher::new();
    std::fmt::Write::write_fmt(&mut HashWriter(&mut hasher), format_args!("{value:?}"))
        .unwrap_or(());
    hasher.finish()
}

/// Feeds formatted text straight into a hasher, without building the string.
struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_any_part_and_not_otherwise() {
        let a = key(&[&"body", &3usize, &7u64]);
        assert_eq!(a, key(&[&"body", &3usize, &7u64]));
        assert_ne!(a, key(&[&"body!", &3usize, &7u64]));
        assert_ne!(a, key(&[&"body", &4usize, &7u64]));
        assert_ne!(a, key(&[&"body", &3usize, &8u64]));
    }

    #[test]
    fn debug_hashes_follow_the_value() {
        assert_eq!(debug_hash(&("A", 1)), debug_hash(&("A", 1)));
        assert_ne!(debug_hash(&("A", 1)), debug_hash(&("B", 1)));
    }
}
