//! The shape of the built site: which pages are published, where each one is written,
//! and the navigation order (weight, then title). Everything here is derived from the
//! loaded [`Source`]; nothing is rendered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{Page, PageKind, Source};

/// Where the glossary page is written.
pub const GLOSSARY_OUT: &str = "glossary/index.html";
/// Where theme static files go.
pub const ASSETS_DIR: &str = "assets";

/// One published page and its place in the site.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into [`Source::pages`].
    pub page: usize,
    /// The output file, relative to the output folder, with `/` separators.
    pub out: String,
    /// The section page this page belongs to (an index into [`Site::entries`]).
    pub parent: Option<usize>,
    /// For a section, its published pages in navigation order.
    pub children: Vec<usize>,
}

/// The published pages of a report, in navigation order.
#[derive(Debug, Clone)]
pub struct Site {
    pub entries: Vec<Entry>,
    /// The home page entry.
    pub home: Option<usize>,
    /// Top-level entries (pages and sections directly under the home page), in order.
    pub top: Vec<usize>,
    /// Every entry in reading order: home, then depth-first through the navigation.
    pub reading_order: Vec<usize>,
    /// Source path of a published page to its entry.
    pub by_source: BTreeMap<PathBuf, usize>,
    /// Source paths of drafts left out of this build.
    pub drafts: Vec<PathBuf>,
    /// True when the report has a glossary page.
    pub has_glossary: bool,
}

impl Site {
    /// Lays out the site: drafts are left out unless `drafts` is set.
    pub fn plan(source: &Source, drafts: bool, diagnostics: &mut Diagnostics) -> Site {
        let mut entries = Vec::new();
        let mut by_source = BTreeMap::new();
        let mut draft_list = Vec::new();
        // A draft section leaves out its whole folder.
        let draft_folders: Vec<&Path> = source
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Section && p.front.draft && !drafts)
            .map(|p| p.dir())
            .collect();
        for (index, page) in source.pages.iter().enumerate() {
            let in_draft_folder = draft_folders.iter().any(|d| page.source.starts_with(d));
            if (page.front.draft || in_draft_folder) && !drafts {
                draft_list.push(page.source.clone());
                continue;
            }
            by_source.insert(page.source.clone(), entries.len());
            entries.push(Entry {
                page: index,
                out: out_path(page),
                parent: None,
                children: Vec::new(),
            });
        }
        // Parents: the section page of the nearest folder above.
        let section_of_dir: BTreeMap<PathBuf, usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| source.pages[e.page].kind == PageKind::Section)
            .map(|(i, e)| (source.pages[e.page].dir().to_path_buf(), i))
            .collect();
        let home = entries
            .iter()
            .position(|e| source.pages[e.page].kind == PageKind::Home);
        for entry in entries.iter_mut() {
            let page = &source.pages[entry.page];
            if page.kind == PageKind::Home {
                continue;
            }
            let mut dir = page.dir();
            if page.kind == PageKind::Section {
                dir = dir.parent().unwrap_or(Path::new(""));
            }
            entry.parent = if dir.as_os_str().is_empty() {
                None
            } else {
                section_of_dir.get(dir).copied()
            };
        }
        let sort = |list: &mut Vec<usize>, entries: &[Entry]| {
            list.sort_by_cached_key(|i| order_key(&source.pages[entries[*i].page]));
        };
        let mut top: Vec<usize> = (0..entries.len())
            .filter(|i| Some(*i) != home && entries[*i].parent.is_none())
            .collect();
        sort(&mut top, &entries);
        // Each section's pages, in one pass over the entries.
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
        for (i, entry) in entries.iter().enumerate() {
            if let Some(parent) = entry.parent {
                children[parent].push(i);
            }
        }
        for (parent, mut list) in children.into_iter().enumerate() {
            sort(&mut list, &entries);
            entries[parent].children = list;
        }
        let mut reading_order = Vec::with_capacity(entries.len());
        reading_order.extend(home);
        fn visit(i: usize, entries: &[Entry], order: &mut Vec<usize>) {
            order.push(i);
            for child in &entries[i].children {
                visit(*child, entries, order);
            }
        }
        for i in &top {
            visit(*i, &entries, &mut reading_order);
        }
        let has_glossary = !source.glossary.is_empty();
        let site = Site {
            entries,
            home,
            top,
            reading_order,
            by_source,
            drafts: draft_list,
            has_glossary,
        };
        site.check_collisions(source, diagnostics);
        site
    }

    /// The page of an entry.
    pub fn page<'a>(&self, source: &'a Source, entry: usize) -> &'a Page {
        &source.pages[self.entries[entry].page]
    }

    /// Each entry's place in the reading order.
    pub fn positions(&self) -> Vec<Option<usize>> {
        let mut positions = vec![None; self.entries.len()];
        for (position, &entry) in self.reading_order.iter().enumerate() {
            positions[entry] = Some(position);
        }
        positions
    }

    /// Two things written to the same output file is an error.
    fn check_collisions(&self, source: &Source, diagnostics: &mut Diagnostics) {
        let mut owners: BTreeMap<String, String> = BTreeMap::new();
        if self.has_glossary {
            owners.insert(GLOSSARY_OUT.to_string(), "glossary.yaml".to_string());
        }
        owners.insert("404.html".to_string(), "the not-found page".to_string());
        owners.insert("print/index.html".to_string(), "the print view".to_string());
        if source.root.join("checklist.yaml").is_file() {
            owners.insert(
                "checklist/index.html".to_string(),
                "the checklist page".to_string(),
            );
        }
        if source.root.join("submissions").is_dir() {
            owners.insert(
                "submissions/index.html".to_string(),
                "the list of submissions".to_string(),
            );
        }
        owners.insert(
            "search/index.html".to_string(),
            "the search page".to_string(),
        );
        if !source.tables.is_empty() {
            owners.insert(
                "data/index.html".to_string(),
                "the list of data tables".to_string(),
            );
        }
        for entry in &self.entries {
            let page = &source.pages[entry.page];
            let name = page.source.display().to_string();
            if let Some(other) = owners.get(&entry.out) {
                diagnostics.push(
                    Diagnostic::error(
                        &page.source,
                        format!(
                            "this page would be written to {}, which {other} already uses",
                            entry.out
                        ),
                    )
                    .with_hint("rename one of them: two pages cannot have the same address"),
                );
            } else {
                owners.insert(entry.out.clone(), name);
            }
        }
        for file in &source.static_files {
            let out = slash_path(file);
            let first = out.split('/').next().unwrap_or_default();
            let clash = owners.get(&out).cloned().or_else(|| {
                (first == ASSETS_DIR).then(|| "the theme's files (assets/)".to_string())
            });
            if let Some(other) = clash {
                diagnostics.push(
                    Diagnostic::error(
                        Path::new("static").join(file),
                        format!("this file would be copied to {out}, which {other} already uses"),
                    )
                    .with_hint("rename the file or move it into a sub-folder of static/"),
                );
            }
        }
    }
}

/// Navigation order: weight (pages without one last), then title, then file name.
fn order_key(page: &Page) -> (i64, String, PathBuf) {
    (
        page.front.weight.unwrap_or(i64::MAX),
        page.title.to_lowercase(),
        page.source.clone(),
    )
}

/// The output file of a page: `index.md` -> `index.html`, `x.md` -> `x/index.html`,
/// `folder/_index.md` -> `folder/index.html`.
pub fn out_path(page: &Page) -> String {
    match page.kind {
        PageKind::Home => "index.html".to_string(),
        PageKind::Section => {
            let dir = slash_path(page.dir());
            format!("{dir}/index.html")
        }
        PageKind::Page | PageKind::CaseStudy => {
            let without = page.source.with_extension("");
            format!("{}/index.html", slash_path(&without))
        }
    }
}

/// A relative path with `/` separators, whatever the platform.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The prefix that leads from an output file back to the site root: `""` for
/// `index.html`, `"../"` for `a/index.html`.
pub fn root_prefix(out: &str) -> String {
    "../".repeat(out.matches('/').count())
}

/// The relative URL from the output file `from` to the output file `to`.
pub fn relative_url(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut url = "../".repeat(from_dir.len() - common);
    url.push_str(&to_parts[common..].join("/"));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(relative_url("index.html", "a/index.html"), "a/index.html");
        assert_eq!(relative_url("a/index.html", "index.html"), "../index.html");
        assert_eq!(
            relative_url("a/index.html", "b/index.html"),
            "../b/index.html"
        );
        assert_eq!(
            relative_url("a/b/index.html", "a/index.html"),
            "../index.html"
        );
        assert_eq!(
            relative_url("a/index.html", "a/b/index.html"),
            "b/index.html"
        );
        assert_eq!(relative_url("a/index.html", "a/index.html"), "index.html");
        assert_eq!(root_prefix("a/b/index.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }
}
