//! Loading a report source folder (FORMAT.md section 1): settings, pages, glossary and
//! static files. Nothing here renders anything; it reads, parses and reports.

pub mod config;
pub mod glossary;
pub mod page;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
pub use config::{Config, Date};
pub use glossary::Term;
pub use page::{Page, PageKind};

/// The folder whose pages use the case-study layout.
pub const CASE_STUDIES: &str = "case-studies";
/// Top-level folders that hold something other than narrative pages.
const NOT_PAGES: &[&str] = &["static", "data", "submissions"];

/// A whole report source, read and parsed.
#[derive(Debug, Clone)]
pub struct Source {
    pub root: PathBuf,
    pub config: Config,
    /// All pages, drafts included (see [`Page::front`]), sorted by source path.
    pub pages: Vec<Page>,
    pub glossary: Vec<Term>,
    /// Files under `static/`, relative to `static/`, sorted.
    pub static_files: Vec<PathBuf>,
    /// The aggregate tables of `data/`, by name.
    pub tables: BTreeMap<String, crate::data::Table>,
    /// The text of report.yaml, for placing problems found later (stats) on their line.
    pub report_text: String,
    /// Pages that exist but could not be read (their errors are already reported), so
    /// links to them are not reported again.
    pub failed_pages: Vec<PathBuf>,
}

/// Reads the source folder at `root`. Problems go to `diagnostics`; `None` means the source
/// could not be read far enough to continue.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Option<Source> {
    load_cached(root, diagnostics, None)
}

/// The pages an earlier build read, by path and the hash of their text, with what
/// reading them found, so that `serve` parses only the pages whose text changed.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: HashMap<PathBuf, (u64, Option<Page>, Diagnostics)>,
}

/// [`load`], taking unchanged pages from `cache` and leaving this build's pages in it.
pub fn load_cached(
    root: &Path,
    diagnostics: &mut Diagnostics,
    cache: Option<&mut PageCache>,
) -> Option<Source> {
    if !root.is_dir() {
        diagnostics.push(
            Diagnostic::error(root, "the source folder does not exist").with_hint(
                "give the folder that holds report.yaml, for example `ladder build content`",
            ),
        );
        return None;
    }
    let config = config::load(root, diagnostics);
    let excluded = submission_answer_files(root);
    let (mut pages, static_files, failed_pages) = walk(root, &excluded, cache, diagnostics);
    add_missing_sections(&mut pages);
    if !pages.iter().any(|p| p.kind == PageKind::Home)
        && !failed_pages.iter().any(|p| p == Path::new("index.md"))
    {
        diagnostics.push(
            Diagnostic::error("index.md", "the source folder has no index.md, the home page")
                .with_hint("create index.md with front matter (`title:`) and the executive summary of the report"),
        );
    }
    let glossary = glossary::load(root, diagnostics);
    let tables = crate::data::load(root, diagnostics);
    let report_text = std::fs::read(root.join("report.yaml"))
        .ok()
        .and_then(|bytes| decode_text(Path::new("report.yaml"), bytes).ok())
        .unwrap_or_default();
    // With a broken report.yaml the pages are still checked, so every error is reported
    // at once; the build cannot succeed anyway.
    let config = config.unwrap_or_else(|| {
        debug_assert!(diagnostics.has_errors());
        Config::placeholder()
    });
    Some(Source {
        root: root.to_path_buf(),
        config,
        pages,
        glossary,
        static_files,
        tables,
        report_text,
        failed_pages,
    })
}

/// Decodes a file as UTF-8 text: a byte-order mark is dropped and CRLF becomes LF.
/// The largest page, answer or settings file Ladder reads (tables have their own limit).
pub const MAX_TEXT_BYTES: usize = page::MAX_PAGE_BYTES;

/// Refuses a text file (page, answer, YAML settings) of more than [`MAX_TEXT_BYTES`]:
/// such a file is a mistake (a pasted export, a wrong file), and reading it would take
/// long and tell the author little. `what` names the kind of file ("page", "file").
pub fn check_size(rel: &Path, len: usize, what: &str) -> Result<(), Diagnostic> {
    if len <= MAX_TEXT_BYTES {
        return Ok(());
    }
    let hint = if what == "page" {
        "split it into several pages; if it is not a page, rename it so it does not end in .md or start its name with `_`"
    } else {
        "check it is the right file; a report's text files are small (a long page is about 50 KB)"
    };
    Err(Diagnostic::error(
        rel,
        format!(
            "the {what} is {} MB, more than the {} MB Ladder reads",
            len.div_ceil(1024 * 1024),
            MAX_TEXT_BYTES / (1024 * 1024)
        ),
    )
    .with_hint(hint))
}

/// Why a text file of the source could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Missing or unreadable: what that means is up to the caller (a missing glossary is
    /// fine; a missing report.yaml is not).
    Io(std::io::Error),
    /// Too big ([`check_size`]) or not UTF-8 ([`decode_text`]): reported as it is.
    Invalid(Diagnostic),
}

/// Reads the text file `rel` of the source at `root`: its size is checked before it is
/// read, then it is decoded. `what` names the kind of file for the size message.
pub fn read_text(root: &Path, rel: &Path, what: &str) -> Result<String, ReadError> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(root.join(rel)).map_err(ReadError::Io)?;
    let len = file.metadata().map_err(ReadError::Io)?.len();
    check_size(rel, usize::try_from(len).unwrap_or(usize::MAX), what)
        .map_err(ReadError::Invalid)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(ReadError::Io)?;
    decode_text(rel, bytes).map_err(ReadError::Invalid)
}

pub fn decode_text(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&error.as_bytes()[..offset]).into_owned();
            let (line, column) = line_col(&good, offset);
            return Err(Diagnostic::error(file, "the file is not UTF-8 text")
                .at(line, column)
                .with_hint("save the file as \"UTF-8\" in your editor (in Excel: \"CSV UTF-8\"); the first bad character is here"));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// A URL- and anchor-safe id: lower case, words joined by hyphens, other punctuation
/// dropped (as GitHub does for headings).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' {
            hyphen = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Markdown files named as answers in `submissions/*.yaml`: they are not pages.
fn submission_answer_files(root: &Path) -> BTreeSet<PathBuf> {
    let mut answers = BTreeSet::new();
    let Ok(entries) = std::fs::read_dir(root.join("submissions")) else {
        return answers;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && let Ok(text) = std::fs::read_to_string(&path)
            && let Ok(value) = crate::yaml::parse::<serde_json::Value>(&text, &path, 1)
        {
            collect_answers(&value, &mut answers);
        }
    }
    answers
}

fn collect_answers(value: &serde_json::Value, answers: &mut BTreeSet<PathBuf>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                if key == "answer"
                    && let Some(path) = item.as_str()
                    && path.trim_end().ends_with(".md")
                    && !path.contains('\n')
                {
                    answers.insert(normalise(Path::new(path.trim())));
                } else {
                    collect_answers(item, answers);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_answers(i, answers)),
        _ => {}
    }
}

/// Is this a name Ladder ignores (FORMAT.md section 1)?
fn ignored(name: &str) -> bool {
    name.starts_with('.') || (name.starts_with('_') && name != "_index.md")
}

/// Walks the source folder for pages and static files.
fn walk(
    root: &Path,
    excluded: &BTreeSet<PathBuf>,
    cache: Option<&mut PageCache>,
    diagnostics: &mut Diagnostics,
) -> (Vec<Page>, Vec<PathBuf>, Vec<PathBuf>) {
    let mut pages = Vec::new();
    let mut page_files = Vec::new();
    let mut static_files = Vec::new();
    let mut failed = Vec::new();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(|p| relative(root, p)).unwrap_or_default();
                diagnostics.push(
                    Diagnostic::error(path, format!("could not read this file or folder: {error}"))
                        .with_hint(
                            "check that the file exists and that you have permission to read it",
                        ),
                );
                continue;
            }
        };
        let rel = relative(root, entry.path());
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let in_static = top.as_deref() == Some("static");
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            match target {
                Ok(target) if target.starts_with(&canonical_root) => {
                    if target.is_dir() {
                        diagnostics.push(
                            Diagnostic::warning(&rel, "a link to a folder is not followed")
                                .with_hint("move or copy the folder itself into the source"),
                        );
                        continue;
                    }
                }
                _ => {
                    diagnostics.push(
                        Diagnostic::error(&rel, "this is a link (symlink) to a file outside the source folder")
                            .with_hint("copy the file into the source folder instead of linking to it; Ladder only publishes what is inside the source"),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        if in_static {
            if let Ok(inner) = rel.strip_prefix("static") {
                static_files.push(inner.to_path_buf());
            }
            continue;
        }
        if top.as_deref().is_some_and(|t| NOT_PAGES.contains(&t)) && rel.components().count() > 1 {
            continue;
        }
        if rel.extension().is_none_or(|e| e != "md") || excluded.contains(&rel) {
            continue;
        }
        page_files.push(rel);
    }
    // Pages are read and parsed on all cores; problems are taken in file order.
    let old = cache.as_deref();
    let read: Vec<(PathBuf, Option<u64>, Option<Page>, Diagnostics)> = page_files
        .into_par_iter()
        .map(|rel| {
            let mut found = Diagnostics::new();
            let text = match read_text(root, &rel, "page") {
                Ok(text) => text,
                Err(ReadError::Io(error)) => {
                    found.push(Diagnostic::error(
                        &rel,
                        format!("could not read the page: {error}"),
                    ));
                    return (rel, None, None, found);
                }
                Err(ReadError::Invalid(d)) => {
                    found.push(d);
                    return (rel, None, None, found);
                }
            };
            let key = old.map(|_| text_hash(&text));
            if let Some((_, page, found)) = old
                .and_then(|c| c.pages.get(&rel))
                .filter(|(k, _, _)| Some(*k) == key)
            {
                return (rel, key, page.clone(), found.clone());
            }
            let page = page::parse(&rel, page_kind(&rel), &text, &mut found);
            (rel, key, page, found)
        })
        .collect();
    let mut kept = HashMap::new();
    for (rel, key, page, found) in read {
        if let Some(key) = key {
            kept.insert(rel.clone(), (key, page.clone(), found.clone()));
        }
        diagnostics.extend(found);
        match page {
            Some(page) => pages.push(page),
            None => failed.push(rel),
        }
    }
    if let Some(cache) = cache {
        cache.pages = kept;
    }
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    (pages, static_files, failed)
}

fn text_hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn page_kind(rel: &Path) -> PageKind {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let depth = rel.components().count();
    if depth == 1 && name == "index.md" {
        PageKind::Home
    } else if name == "_index.md" {
        PageKind::Section
    } else if rel.starts_with(CASE_STUDIES) {
        PageKind::CaseStudy
    } else {
        PageKind::Page
    }
}

/// Every folder holding pages is a section: one without an `_index.md` gets a generated
/// section page titled after the folder, so breadcrumbs and listings always work.
fn add_missing_sections(pages: &mut Vec<Page>) {
    let have: BTreeSet<PathBuf> = pages
        .iter()
        .filter(|p| p.kind == PageKind::Section)
        .map(|p| p.dir().to_path_buf())
        .collect();
    let mut needed: BTreeMap<PathBuf, ()> = BTreeMap::new();
    for page in pages.iter() {
        let mut dir = page.dir();
        if page.kind == PageKind::Section {
            dir = dir.parent().unwrap_or(Path::new(""));
        }
        for ancestor in dir.ancestors() {
            if ancestor.as_os_str().is_empty() {
                break;
            }
            if !have.contains(ancestor) {
                needed.insert(ancestor.to_path_buf(), ());
            }
        }
    }
    for dir in needed.into_keys() {
        let folder = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        pages.push(Page {
            source: dir.join("_index.md"),
            kind: PageKind::Section,
            front: page::FrontMatter::default(),
            title: page::title_from_folder(&folder),
            body: String::new(),
            body_line: 1,
            generated: true,
        });
    }
    pages.sort_by(|a, b| a.source.cmp(&b.source));
}

/// `path` relative to `root`, or as given when it is not inside it.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Resolves `.` and `..` in a relative path without touching the disk. Returns the path
/// as written when it climbs above its start (the caller treats it as missing).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.last(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_github() {
        assert_eq!(slug("Who gets on?"), "who-gets-on");
        assert_eq!(slug("  Pay & grades 2025 "), "pay-grades-2025");
        assert_eq!(
            slug("Socio-economic background"),
            "socio-economic-background"
        );
        assert_eq!(slug("!!!"), "section");
    }

    #[test]
    fn normalise_resolves_dots() {
        assert_eq!(
            normalise(Path::new("a/./b/../c.md")),
            PathBuf::from("a/c.md")
        );
        assert_eq!(normalise(Path::new("../x.md")), PathBuf::from("../x.md"));
    }

    #[test]
    fn decode_drops_bom_and_crlf() {
        let text = decode_text(Path::new("x"), b"\xef\xbb\xbfa\r\nb".to_vec()).unwrap();
        assert_eq!(text, "a\nb");
        let err = decode_text(Path::new("x"), b"ok\n\xff".to_vec()).unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn page_kinds() {
        assert_eq!(page_kind(Path::new("index.md")), PageKind::Home);
        assert_eq!(page_kind(Path::new("a/index.md")), PageKind::Page);
        assert_eq!(
            page_kind(Path::new("case-studies/_index.md")),
            PageKind::Section
        );
        assert_eq!(
            page_kind(Path::new("case-studies/x.md")),
            PageKind::CaseStudy
        );
    }
}
