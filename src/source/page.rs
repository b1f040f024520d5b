//! Narrative pages: markdown files with YAML front matter (FORMAT.md section 3).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, suggestion_hint};
use crate::yaml;

/// What layout a page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    Home,
    Page,
    Section,
    CaseStudy,
}

/// The front matter keys a page may have.
pub const PAGE_KEYS: &[&str] = &["title", "weight", "summary", "draft"];
/// The extra keys of a case study.
pub const CASE_STUDY_KEYS: &[&str] = &[
    "organisation",
    "people",
    "consent",
    "figures",
    "lessons",
    "tags",
];

/// The front matter of a page.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub consent: Option<bool>,
    #[serde(default)]
    pub figures: Vec<KeyFigure>,
    #[serde(default)]
    pub lessons: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Is the front matter plainly a block of `key: value` lines with known keys only?
/// Every line that starts at the margin must be `key:` followed by a space or the end
/// of the line, with a known key; anything else (quoted or complex keys, flow style,
/// anchors, document markers) answers no, and the keys are then read by the YAML parser.
fn only_known_keys(yaml_text: &str, allowed: &[&str]) -> bool {
    yaml_text.lines().all(|line| {
        let Some(first) = line.chars().next() else {
            return true;
        };
        if first == ' ' || first == '#' || line.trim().is_empty() {
            return true;
        }
        let Some((key, rest)) = line.split_once(':') else {
            return false;
        };
        let plain = key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        plain && (rest.is_empty() || rest.starts_with(' ')) && allowed.contains(&key)
    })
}

/// A person named in a case study.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
}

/// A key figure callout of a case study.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    pub value: String,
    pub label: String,
}

/// A page as read from the source folder.
#[derive(Debug, Clone)]
pub struct Page {
    /// The markdown file, relative to the source folder (`case-studies/x.md`). A section
    /// folder without an `_index.md` gets a generated page whose source is that path.
    pub source: PathBuf,
    pub kind: PageKind,
    pub front: FrontMatter,
    /// The page title (front matter `title`, checked to be present).
    pub title: String,
    pub body: String,
    /// The line of the file on which `body` starts (1-based).
    pub body_line: usize,
    /// True for a section page Ladder made up because the folder has no `_index.md`.
    pub generated: bool,
}

impl Page {
    /// The folder of the page's source file, relative to the source root.
    pub fn dir(&self) -> &Path {
        self.source.parent().unwrap_or(Path::new(""))
    }
}

/// Largest markdown file Ladder reads: reports are prose, and a file larger than this is
/// almost certainly a mistake (an export pasted in, a binary renamed).
pub const MAX_PAGE_BYTES: usize = 5 * 1024 * 1024;

/// Splits a page into front matter (with its first line number) and body (with its first
/// line number). Text must already be decoded, with LF line ends.
pub fn split_front_matter(text: &str) -> Result<(&str, usize, &str, usize), &'static str> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err("missing");
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let yaml_lines = yaml.matches('\n').count();
            return Ok((yaml, 2, body, yaml_lines + 3));
        }
        offset += line.len();
    }
    Err("unclosed")
}

/// Parses one page file.
pub fn parse(
    source: &Path,
    kind: PageKind,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Page> {
    let (yaml_text, yaml_line, body, body_line) = match split_front_matter(text) {
        Ok(parts) => parts,
        Err("unclosed") => {
            diagnostics.push(
                Diagnostic::error(source, "the front matter that starts here is never closed")
                    .at(1, 1)
                    .with_hint("add a line with just `---` after the last front matter line (title, weight, summary)"),
            );
            return None;
        }
        Err(_) => {
            diagnostics.push(
                Diagnostic::error(source, "the page has no front matter, so it has no title")
                    .at(1, 1)
                    .with_hint(
                        "start the file with three lines: `---`, `title: Your page title`, `---`",
                    ),
            );
            return None;
        }
    };
    if yaml_text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(
                source,
                "the page's front matter is empty, so it has no title",
            )
            .at(1, 1)
            .with_hint("add a line `title: Your page title` between the two `---` lines"),
        );
        return None;
    }
    let allowed: Vec<&str> = if kind == PageKind::CaseStudy {
        PAGE_KEYS.iter().chain(CASE_STUDY_KEYS).copied().collect()
    } else {
        PAGE_KEYS.to_vec()
    };
    // The keys are read on their own only when a plain look at the lines cannot show
    // that every one is known (most pages: parsing YAML twice doubled the time to load a
    // large report).
    let read_keys =
        || yaml::parse::<BTreeMap<String, serde::de::IgnoredAny>>(yaml_text, source, yaml_line);
    let plain = only_known_keys(yaml_text, &allowed);
    let keys = if plain {
        BTreeMap::new()
    } else {
        match read_keys() {
            Ok(keys) => keys,
            Err(d) => {
                diagnostics.push(d);
                return None;
            }
        }
    };
    for key in keys.keys().filter(|k| !allowed.contains(&k.as_str())) {
        let line = yaml::key_line(yaml_text, key).map_or(1, |l| l + yaml_line - 1);
        let hint = if CASE_STUDY_KEYS.contains(&key.as_str()) {
            format!(
                "`{key}` is only used on case studies, the pages in the `case-studies/` folder; remove it here"
            )
        } else {
            suggestion_hint(key, allowed.iter().copied(), "front matter keys")
        };
        diagnostics.push(
            Diagnostic::warning(
                source,
                format!("unknown front matter key `{key}` is ignored"),
            )
            .at(line, 1)
            .with_hint(hint),
        );
    }
    let front: FrontMatter = match yaml::parse(yaml_text, source, yaml_line) {
        Ok(front) => front,
        Err(d) => {
            // A YAML mistake is reported as the parser finds it reading the keys, before
            // any value of the wrong kind (as when the keys were read first).
            diagnostics.push(match read_keys() {
                Err(syntax) if plain => syntax,
                _ => d,
            });
            return None;
        }
    };
    let title = match front.title.as_deref().map(str::trim) {
        Some(title) if !title.is_empty() => title.to_string(),
        _ => {
            let line = yaml::key_line(yaml_text, "title").map_or(1, |l| l + yaml_line - 1);
            diagnostics.push(
                Diagnostic::error(source, "the page has no title")
                    .at_line(line)
                    .with_hint("add `title: Your page title` to the front matter"),
            );
            return None;
        }
    };
    if kind == PageKind::CaseStudy {
        check_consent(source, &front, yaml_text, yaml_line, diagnostics);
    }
    Some(Page {
        source: source.to_path_buf(),
        kind,
        title,
        front,
        body: body.to_string(),
        body_line,
        generated: false,
    })
}

/// A case study that names people needs `consent: true` (FORMAT.md section 3).
fn check_consent(
    source: &Path,
    front: &FrontMatter,
    yaml_text: &str,
    yaml_line: usize,
    diagnostics: &mut Diagnostics,
) {
    let named = front
        .people
        .iter()
        .filter_map(|p| p.name.as_deref())
        .find(|n| !n.trim().is_empty());
    if let Some(name) = named
        && front.consent != Some(true)
    {
        let line = yaml::key_line(yaml_text, "consent")
            .or_else(|| yaml::key_line(yaml_text, "people"))
            .map_or(1, |l| l + yaml_line - 1);
        diagnostics.push(
            Diagnostic::error(
                source,
                format!("this case study names {name} but does not record their consent"),
            )
            .at_line(line)
            .with_hint("add `consent: true` once everyone named has agreed to be named, or give roles only (`- {role: Network chair}`)"),
        );
    }
}

/// A readable title for a folder that has no `_index.md`: `case-studies` -> `Case studies`.
pub fn title_from_folder(folder: &str) -> String {
    let words = folder.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_are_seen_without_the_parser_only_when_plain() {
        let allowed = ["title", "weight", "summary"];
        assert!(only_known_keys(
            "title: \"Pay\"\nweight: 2\n\n# note\nsummary: >\n  Long\n  text\n",
            &allowed
        ));
        assert!(!only_known_keys("title: Pay\ncolour: red\n", &allowed));
        assert!(!only_known_keys("\"title\": Pay\n", &allowed));
        assert!(!only_known_keys("{title: Pay}\n", &allowed));
        assert!(!only_known_keys("title:Pay\n", &allowed));
        assert!(!only_known_keys("---\ntitle: Pay\n", &allowed));
        assert!(!only_known_keys("&a title: Pay\n", &allowed));
    }

    #[test]
    fn front_matter_splits_with_line_numbers() {
        let text = "---\ntitle: A\nweight: 2\n---\nBody\n";
        let (yaml, yaml_line, body, body_line) = split_front_matter(text).unwrap();
        assert_eq!(yaml, "title: A\nweight: 2\n");
        assert_eq!(yaml_line, 2);
        assert_eq!(body, "Body\n");
        assert_eq!(body_line, 5);
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        assert_eq!(split_front_matter("---\ntitle: A\n"), Err("unclosed"));
        assert_eq!(split_front_matter("# Hello\n"), Err("missing"));
    }

    #[test]
    fn folder_titles() {
        assert_eq!(title_from_folder("case-studies"), "Case studies");
    }
}
