//! Helpers shared by the integration tests: copy a fixture into a temporary folder, run
//! the real `ladder` binary on it, and read what it wrote.
//!
//! Every test gets its own [`Project`] (its own temporary folder), so tests are
//! independent and can run in parallel. The binary runs with the temporary folder as its
//! working directory and is given relative paths (`ladder build src -o public`), as an
//! author would type them, so diagnostics name files relative to the source folder.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub mod charts;

/// The folder holding the fixture sources.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// A report source copied into a temporary folder: `<tmp>/src`, built into `<tmp>/public`.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// Copies `tests/fixtures/<name>` into a new temporary folder as `src/`.
    pub fn fixture(name: &str) -> Project {
        let project = Project {
            dir: tempfile::tempdir().expect("create a temporary folder"),
        };
        copy_dir(&fixtures().join(name), &project.src());
        project
    }

    /// Copies any folder into a new temporary folder as `src/`.
    pub fn copy_of(folder: &Path) -> Project {
        let project = Project {
            dir: tempfile::tempdir().expect("create a temporary folder"),
        };
        copy_dir(folder, &project.src());
        project
    }

    /// The richest fixture: every page type, glossary, static files, a draft.
    pub fn full() -> Project {
        Project::fixture("full")
    }

    /// report.yaml and index.md only.
    pub fn minimal() -> Project {
        Project::fixture("minimal")
    }

    /// Data tables of every kind, charts of every type, key figures, a timeline and stats
    /// in the prose (`tests/fixtures/charts`).
    pub fn charts() -> Project {
        Project::fixture("charts")
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The source folder.
    pub fn src(&self) -> PathBuf {
        self.dir.path().join("src")
    }

    /// The default output folder.
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Writes a source file (creating its folders).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.src().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Reads a source file.
    pub fn source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.src().join(rel))
            .unwrap_or_else(|e| panic!("read source {rel}: {e}"))
    }

    /// Replaces the first occurrence of `from` in a source file, which must contain it.
    /// Returns the 1-based line on which the replacement starts.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> usize {
        let text = self.source(rel);
        let line = line_of(&text, from);
        self.write(rel, text.replacen(from, to, 1));
        line
    }

    /// Appends a paragraph (after a blank line) to a source file and returns the 1-based
    /// line on which `text` starts.
    pub fn append(&self, rel: &str, text: &str) -> usize {
        let mut body = self.source(rel);
        if !body.ends_with('\n') {
            body.push('\n');
        }
        body.push('\n');
        let line = body.matches('\n').count() + 1;
        body.push_str(text);
        body.push('\n');
        self.write(rel, body);
        line
    }

    /// Deletes a source file.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.src().join(rel)).unwrap();
    }

    /// Runs `ladder build src -o public` plus `extra` arguments.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "src", "-o", "public"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Runs `ladder` with these arguments, in the project's temporary folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// Builds and panics with the diagnostics unless the build succeeded.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let run = self.build(extra);
        run.assert_ok();
        run
    }

    /// A built file, as text.
    pub fn page(&self, rel: &str) -> String {
        read_text(&self.out().join(rel))
    }

    /// The `<main>` part of a built page: the page's own content, without header, nav and
    /// footer.
    pub fn main(&self, rel: &str) -> String {
        main_of(&self.page(rel))
    }

    /// True when the built site has this file.
    pub fn has(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }

    /// Every file of the output folder.
    pub fn output_files(&self) -> BTreeMap<String, Vec<u8>> {
        files_under(&self.out())
    }

    /// Every file of the source folder.
    pub fn source_files(&self) -> BTreeMap<String, Vec<u8>> {
        files_under(&self.src())
    }
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Exit status 1: the source has errors.
    pub fn assert_source_error(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit status 1 (source errors)\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// stderr contains `text`.
    pub fn assert_stderr(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr should contain {text:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    /// stderr names `file:line` (followed by `:column` or the end of the place, so that
    /// `a.md:1` does not match `a.md:12`).
    pub fn assert_place(&self, file: &str, line: usize) -> &Self {
        let place = format!("{file}:{line}");
        assert!(
            mentions_place(&self.stderr, &place),
            "stderr should name {place}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    /// stderr names `file:line:column`.
    pub fn assert_place_col(&self, file: &str, line: usize, column: usize) -> &Self {
        let place = format!("{file}:{line}:{column}");
        assert!(
            mentions_place(&self.stderr, &place),
            "stderr should name {place}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    /// Nothing on stderr: no errors and no warnings.
    pub fn assert_quiet(&self) -> &Self {
        assert!(
            self.stderr.trim().is_empty(),
            "expected no diagnostics\n--- stderr\n{}",
            self.stderr
        );
        self
    }
}

/// True when `text` names `place` (`file:line` or `file:line:column`) as a whole: not as
/// the start of a longer number, nor as the end of a longer file name.
pub fn mentions_place(text: &str, place: &str) -> bool {
    text.match_indices(place).any(|(i, _)| {
        let before_ok = i == 0 || {
            let c = text[..i].chars().next_back().unwrap();
            c.is_whitespace() || matches!(c, '(' | '`' | '\'' | '"' | '>')
        };
        let after = text[i + place.len()..].chars().next();
        before_ok && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// Runs the binary in `dir` with `args`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run the ladder binary");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()))
    {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by path relative to it with `/` separators.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The 1-based line of the first occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in the text"));
    text[..at].matches('\n').count() + 1
}

/// The 1-based column (in characters) of the first occurrence of `needle` in `text`.
pub fn column_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in the text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].chars().count() + 1
}

/// The text from the first `start` up to the following `end` (both included).
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} is not in the page"));
    let to = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} does not follow {start:?}"));
    &html[from..from + to + end.len()]
}

/// The `<main>…</main>` part of a page.
pub fn main_of(html: &str) -> String {
    between(html, "<main", "</main>").to_string()
}

/// A link found in HTML: its `href`, its text (tags removed, spaces collapsed) and its
/// whole start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub href: String,
    pub text: String,
    pub tag: String,
}

/// Every `<a …>…</a>` of an HTML fragment, in order.
pub fn anchors(html: &str) -> Vec<Anchor> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<a") {
        let after = &rest[start + 2..];
        if !after.starts_with([' ', '>', '\n', '\t']) {
            rest = after;
            continue;
        }
        let tag_end = after.find('>').expect("unclosed <a> tag");
        let tag = &rest[start..start + 2 + tag_end + 1];
        let body = &after[tag_end + 1..];
        let close = body.find("</a>").expect("an <a> without </a>");
        found.push(Anchor {
            href: attr(tag, "href").unwrap_or_default(),
            text: text_of(&body[..close]),
            tag: tag.to_string(),
        });
        rest = &body[close..];
    }
    found
}

/// The links of the `<nav>` whose `aria-label` is `label` (for example "Main" or
/// "Breadcrumb"), as (text, href).
pub fn nav_links(html: &str, label: &str) -> Vec<(String, String)> {
    let marker = format!("aria-label=\"{label}\"");
    let Some(at) = html.find(&marker) else {
        return Vec::new();
    };
    let nav_start = html[..at].rfind("<nav").expect("the label is on a <nav>");
    let nav = between(&html[nav_start..], "<nav", "</nav>");
    anchors(nav).into_iter().map(|a| (a.text, a.href)).collect()
}

/// The link with `rel="prev"` or `rel="next"`, as (text, href).
pub fn pager_link(html: &str, rel: &str) -> Option<(String, String)> {
    let marker = format!("rel=\"{rel}\"");
    anchors(html)
        .into_iter()
        .find(|a| a.tag.contains(&marker))
        .map(|a| (a.text, a.href))
}

/// The value of attribute `name` in a start tag.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    for quote in ['"', '\''] {
        let marker = format!(" {name}={quote}");
        if let Some(at) = tag.find(&marker) {
            let value = &tag[at + marker.len()..];
            let end = value.find(quote)?;
            return Some(value[..end].to_string());
        }
    }
    None
}

/// Every value of `href=` and `src=` attributes in a page.
pub fn urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for name in ["href", "src"] {
        for quote in ['"', '\''] {
            let marker = format!("{name}={quote}");
            for (at, _) in html.match_indices(&marker) {
                let before = html[..at].chars().next_back();
                if !before.is_some_and(char::is_whitespace) {
                    continue;
                }
                let value = &html[at + marker.len()..];
                if let Some(end) = value.find(quote) {
                    found.push(value[..end].to_string());
                }
            }
        }
    }
    found
}

/// The text of an HTML fragment: tags removed, whitespace collapsed.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The ids of the elements with this start-tag prefix (for example `<dt`), in order.
pub fn ids_of(html: &str, tag_start: &str) -> Vec<String> {
    html.match_indices(tag_start)
        .filter_map(|(at, _)| {
            let end = html[at..].find('>')? + at;
            attr(&html[at..=end], "id")
        })
        .collect()
}

/// How many times `needle` occurs in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}
