//! Links and images in markdown: a link to a source file (`who-gets-on.md#pay`) becomes a
//! relative link to the built page, and is checked; a file in `static/` becomes a relative
//! link to its copy. Anything that cannot be resolved is reported with a fix.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::did_you_mean;
use crate::markdown::Outline;
use crate::site::{self, GLOSSARY_OUT, Site};
use crate::source::{Source, normalise};

/// What a link points at, once resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Left as written (another host, mail, a fragment on the same page).
    Unchanged,
    /// Rewritten to this relative URL.
    Url(String),
}

/// A link that could not be resolved: the problem and its fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    pub message: String,
    pub hint: String,
}

fn problem(message: impl Into<String>, hint: impl Into<String>) -> LinkProblem {
    LinkProblem {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Everything needed to resolve the links of any page of a site.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    /// Source path of each published page to (output file, anchors on the page).
    pages: HashMap<PathBuf, (String, BTreeSet<String>)>,
    drafts: HashSet<PathBuf>,
    /// Pages whose own errors are already reported: links to them are not errors too.
    failed: HashSet<PathBuf>,
    static_files: HashSet<PathBuf>,
    /// Glossary anchors, when the report has a glossary.
    glossary: Option<BTreeSet<String>>,
}

impl Resolver {
    /// Everything needed to resolve links, each page's ids read from its outline
    /// (`outlines` in the order of the site's entries), on all cores.
    pub fn new(source: &Source, site: &Site, outlines: &[Outline]) -> Self {
        use rayon::prelude::*;
        let pages = site
            .entries
            .par_iter()
            .zip(outlines)
            .map(|(entry, outline)| {
                let page = &source.pages[entry.page];
                (page.source.clone(), (entry.out.clone(), outline.anchors()))
            })
            .collect();
        Resolver {
            pages,
            drafts: site.drafts.iter().cloned().collect(),
            failed: source.failed_pages.iter().cloned().collect(),
            static_files: source.static_files.iter().cloned().collect(),
            glossary: site
                .has_glossary
                .then(|| source.glossary.iter().map(|t| t.id.clone()).collect()),
        }
    }

    /// Resolves `dest`, written in the page `from` (a source path) whose output file is
    /// `from_out`. `image` is true for an image source, which must be a local file.
    pub fn resolve(
        &self,
        from: &Path,
        from_out: &str,
        dest: &str,
        image: bool,
    ) -> Result<Resolved, LinkProblem> {
        let dest = dest.trim();
        if dest.is_empty() {
            return Err(problem(
                "this link has no address",
                "write the page or web address in the brackets: `[text](who-gets-in.md)`",
            ));
        }
        if let Some(scheme) = scheme(dest) {
            let lower = scheme.to_ascii_lowercase();
            if matches!(lower.as_str(), "javascript" | "vbscript") {
                return Err(problem(
                    format!("`{scheme}:` links run code and are not allowed"),
                    "link to a page or a web address instead",
                ));
            }
            if image && lower != "data" {
                return Err(problem(
                    format!("the image {dest} is loaded from another website"),
                    "download the image into the `static/` folder and link to it there, for example `![Description](static/chart.png)`: the report must not load anything from other hosts",
                ));
            }
            return Ok(Resolved::Unchanged);
        }
        if dest.starts_with("//") {
            return Err(problem(
                format!("the address {dest} has no `https:` in front"),
                "write the full address, starting with `https://`",
            ));
        }
        let (path_part, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (dest, None),
        };
        let path_part = path_part.split('?').next().unwrap_or_default();
        if path_part.is_empty() {
            // A fragment on the same page.
            let fragment = fragment.unwrap_or_default();
            let no_ids = BTreeSet::new();
            let ids = self.pages.get(from).map_or(&no_ids, |(_, ids)| ids);
            return if ids.contains(fragment) {
                Ok(Resolved::Unchanged)
            } else {
                Err(missing_anchor(fragment, "this page", ids))
            };
        }
        let decoded = percent_decode(path_part);
        let target = if let Some(from_root) = decoded.strip_prefix('/') {
            normalise(Path::new(from_root))
        } else {
            normalise(&from.parent().unwrap_or(Path::new("")).join(&decoded))
        };
        if target.starts_with("..") {
            return Err(problem(
                format!("{dest} points outside the report's source folder"),
                "link only to pages and files inside the source folder",
            ));
        }
        let with_fragment = |url: String| match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url,
        };
        if target.extension().is_some_and(|e| e == "md") {
            if image {
                return Err(problem(
                    "an image cannot be a page",
                    "point the image at a picture file in `static/`",
                ));
            }
            if let Some((out, ids)) = self.pages.get(&target) {
                if let Some(fragment) = fragment
                    && !ids.contains(fragment)
                {
                    return Err(missing_anchor(fragment, &target.display().to_string(), ids));
                }
                return Ok(Resolved::Url(with_fragment(site::relative_url(
                    from_out, out,
                ))));
            }
            if self.failed.contains(&target) {
                // The page exists but has its own error; this link will work once it is fixed.
                return Ok(Resolved::Unchanged);
            }
            if self.drafts.contains(&target) {
                return Err(problem(
                    format!(
                        "{} is a draft, so it is not in this build",
                        target.display()
                    ),
                    "remove `draft: true` from that page, or remove this link until the page is ready (`--drafts` includes drafts)",
                ));
            }
            let mut known: Vec<String> =
                self.pages.keys().map(|p| relative_from(from, p)).collect();
            known.sort();
            let written = decoded.trim_start_matches("./");
            let hint = match did_you_mean(written, known.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`? Links are written as the path of the .md file, relative to this page"),
                None => "check the file name; links are written as the path of the .md file, relative to this page".to_string(),
            };
            return Err(problem(
                format!(
                    "the link points to {}, which is not a page of the report",
                    target.display()
                ),
                hint,
            ));
        }
        if target == Path::new("glossary.yaml") {
            let Some(ids) = &self.glossary else {
                return Err(problem(
                    "the link points to the glossary, but the report has no glossary",
                    "add glossary.yaml or remove the link",
                ));
            };
            if let Some(fragment) = fragment
                && !ids.contains(fragment)
            {
                return Err(missing_anchor(fragment, "the glossary", ids));
            }
            return Ok(Resolved::Url(with_fragment(site::relative_url(
                from_out,
                GLOSSARY_OUT,
            ))));
        }
        // A file to copy: written as `static/x` from the source, or as its place in the output.
        let in_static = target.strip_prefix("static").ok().map(Path::to_path_buf);
        for candidate in in_static.iter().chain(std::iter::once(&target)) {
            if self.static_files.contains(candidate) {
                let out = site::slash_path(candidate);
                return Ok(Resolved::Url(with_fragment(site::relative_url(
                    from_out, &out,
                ))));
            }
        }
        Err(problem(
            format!("the link points to {}, which is not in the report", decoded),
            "put the file in the `static/` folder and link to it as `static/…` (relative to this page), or link to a page's .md file",
        ))
    }
}

fn missing_anchor(fragment: &str, page: &str, ids: &BTreeSet<String>) -> LinkProblem {
    let hint = match did_you_mean(fragment, ids.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `#{best}`?"),
        None if ids.is_empty() => "that page has no headings to link to".to_string(),
        None => {
            let list: Vec<String> = ids.iter().take(12).map(|i| format!("`#{i}`")).collect();
            format!("the anchors there are {}", list.join(", "))
        }
    };
    problem(
        format!("the link points to `#{fragment}`, which is not a heading on {page}"),
        hint,
    )
}

/// The URL scheme (`https`, `mailto`), if the address has one.
fn scheme(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    // A Windows drive letter (`C:`) is a path, not a scheme.
    (first.is_ascii_alphabetic()
        && scheme.len() > 1
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// `%20` and friends back to text.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(hex) = std::str::from_utf8(&bytes[i + 1..i + 3])
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How `to` would be written from the page `from`, for suggestions.
fn relative_from(from: &Path, to: &Path) -> String {
    let from_dir = from.parent().unwrap_or(Path::new(""));
    let from_parts: Vec<_> = from_dir.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_parts.len() - common);
    out.push_str(&site::slash_path(
        &to_parts[common..].iter().collect::<PathBuf>(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(scheme("https://x"), Some("https"));
        assert_eq!(scheme("mailto:a@b"), Some("mailto"));
        assert_eq!(scheme("C:/x"), None);
        assert_eq!(scheme("page.md"), None);
        assert_eq!(scheme("JavaScript:alert(1)"), Some("JavaScript"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn suggestions_are_relative_to_the_page() {
        assert_eq!(
            relative_from(Path::new("case-studies/a.md"), Path::new("who.md")),
            "../who.md"
        );
        assert_eq!(
            relative_from(Path::new("a.md"), Path::new("case-studies/b.md")),
            "case-studies/b.md"
        );
    }
}
