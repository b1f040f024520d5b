//! The extra advice of `ladder check`: problems that do not stop a build but that a
//! careful editor would fix. Each is a warning with the file, the line (and column where
//! there is one) and the fix. `ladder build` does not run these rules.
//!
//! The rules, exactly (only published pages count: drafts are left out unless `--drafts`):
//!
//! 1. **Unused glossary terms.** A term none of whose spellings (the term, its aliases,
//!    its abbreviation) appears in any published page, matched the way the glossary links
//!    terms ([`Linker`]: whole words, any case except abbreviations, "Social Mobility
//!    Foundation" is a name and not a use of "Social mobility"). A page's words are its
//!    title, summary, case-study front matter (organisation, roles, key figures, lessons),
//!    the text of its body (prose, headings, link text, tables, image descriptions) and the
//!    titles and labels of its `chart`, `figures` and `timeline` blocks; code is not.
//!    Warned at the term's line in glossary.yaml.
//! 2. **Unused stats.** A stat under `stats:` in report.yaml that no published page uses,
//!    either as `{{ name }}` in its text (not in code, not `\{{`) or as `- stat: name` in
//!    a `figures` block. (Submission answers cannot use stats.) Warned at the stat's line
//!    and column in report.yaml.
//! 3. **Images without alt text.** A markdown image with nothing in its square brackets
//!    (`![](x.png)`, or only spaces); with `allow_html: true`, an `<img>` tag with no
//!    `alt` attribute (`alt=""` is a deliberate choice for a decoration and is left
//!    alone). Warned at the image.
//! 4. **Headings that skip a level.** The page title is the top heading (h1), so the
//!    first heading of the body must be one level below it (`##`, or `#` on a page whose
//!    `#` headings Ladder moves down a level), and each heading at most one level below
//!    the heading before it. Going back up any number of levels is fine. Warned at the
//!    heading.
//! 5. **Link text that says nothing out of context.** A link whose text, in any case and
//!    with the punctuation around it removed, is one of [`VAGUE_LINK_TEXT`] ("click here",
//!    "read more"…) or only symbols (`→`), or a link with no text and no image at all.
//!    Warned at the link. Links written in raw HTML (`<a>`) are not looked at.
//! 6. **Pages left out of the navigation.** The main navigation lists the top-level pages
//!    and sections and, under each section, its pages; a page in a folder inside a
//!    section's folder (`a/b/c.md`) is only listed on its own section's page. Such a page
//!    that no other published page (nor a glossary definition) links to is warned at the
//!    `title:` line of its front matter. Pages Ladder makes up for folders without an
//!    `_index.md` are not warned (they have no file); the pages inside them are.
//!
//! Fenced and indented code is never looked at; Ladder's own blocks (`chart`,
//! `figures`, `timeline`) only for the stats and labels they hold.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::blocks;
use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::markdown::{self, Outline, glossary::Linker};
use crate::site::{self, Site};
use crate::source::{Page, PageKind, Source, normalise};
use crate::spec::{self, FigureValue};

/// Link texts that say nothing about where the link goes, compared in lower case with
/// the spaces and punctuation around them removed.
pub const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "learn more",
    "find out more",
    "more information",
    "more info",
    "this page",
    "this link",
    "link",
    "this",
];

/// Stands in for `\{{` while a page is read, as the renderer does (same byte length, so
/// offsets do not move).
const ESCAPED_BRACES: &str = "\u{E000}";

/// Adds `check`'s warnings about the published pages of `site` to `diagnostics`.
/// `outlines[i]` is the outline of `site.entries[i]`.
pub fn check(source: &Source, site: &Site, outlines: &[Outline], diagnostics: &mut Diagnostics) {
    let allow_html = source.config.allow_html;
    let read = |page: &Page| scan(&page.body, page.body_line, &page.source, allow_html);
    let scans: Vec<Scan> = site
        .entries
        .iter()
        .map(|e| read(&source.pages[e.page]))
        .collect();
    for (index, entry) in site.entries.iter().enumerate() {
        let page = &source.pages[entry.page];
        let found = &scans[index];
        let demoted = outlines.get(index).map_or_else(
            || found.headings.iter().any(|h| h.level == 1),
            |o| o.demoted,
        );
        heading_warnings(&page.source, &found.headings, demoted, diagnostics);
        image_warnings(&page.source, found, diagnostics);
        link_text_warnings(source, site, page, found, diagnostics);
    }
    // Drafts left out of this build: only to say "it is only used in a draft".
    let drafts: Vec<(&Page, Scan)> = source
        .pages
        .iter()
        .filter(|p| !site.by_source.contains_key(&p.source))
        .map(|p| (p, read(p)))
        .collect();
    unused_terms(source, site, &scans, &drafts, diagnostics);
    unused_stats(source, &scans, &drafts, diagnostics);
    orphan_pages(source, site, &scans, diagnostics);
}

// ---------------------------------------------------------------------------------------
// Reading a page body

/// A place in a file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    line: usize,
    column: usize,
}

/// A heading of a page body, at its level as written (`###` is 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HeadingAt {
    level: u8,
    place: Place,
}

/// A link of a page body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LinkAt {
    /// The text of the link, images' descriptions included.
    text: String,
    /// True when the link holds an image.
    has_image: bool,
    dest: String,
    place: Place,
}

/// What the rules need from one page.
#[derive(Debug, Default)]
struct Scan {
    headings: Vec<HeadingAt>,
    /// Markdown images with no description.
    images_without_alt: Vec<Place>,
    /// `<img>` tags with no `alt` (only read when the report allows HTML).
    html_images_without_alt: Vec<Place>,
    links: Vec<LinkAt>,
    /// The words a reader sees, blocks separated by new lines (for the glossary).
    text: String,
    /// The stats the page uses.
    stats: BTreeSet<String>,
}

/// Reads a page body whose first line is line `body_line` of `file`.
fn scan(body: &str, body_line: usize, file: &Path, allow_html: bool) -> Scan {
    let escaped;
    let body = if body.contains("\\{{") {
        escaped = body.replace("\\{{", ESCAPED_BRACES);
        escaped.as_str()
    } else {
        body
    };
    let place = |offset: usize| {
        let (line, column) = line_col(body, offset);
        Place {
            line: line + body_line - 1,
            column,
        }
    };
    let mut found = Scan::default();
    // Consecutive text, as the renderer joins it to find `{{ name }}`.
    let mut joined = String::new();
    // Inside a code block: `Some(Some(..))` for one of Ladder's blocks (its name, text and
    // the line of its opening fence).
    let mut code: Option<Option<(String, String, usize)>> = None;
    let mut links: Vec<LinkAt> = Vec::new();
    let mut images: Vec<(String, Place)> = Vec::new();
    let mut in_html_block = false;
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        if let Some(block) = &mut code {
            match event {
                Event::Text(text) => {
                    if let Some((_, block_text, _)) = block {
                        block_text.push_str(&text);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((name, text, line)) = block.take() {
                        ladder_block(&name, &text, file, line, &mut found);
                    }
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        if !matches!(event, Event::Text(_)) {
            stats_in(&joined, &mut found.stats);
            joined.clear();
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let ladder = match &kind {
                    CodeBlockKind::Fenced(info) if blocks::NAMES.contains(&info.trim()) => Some((
                        info.trim().to_string(),
                        String::new(),
                        place(range.start).line,
                    )),
                    _ => None,
                };
                code = Some(ladder);
                found.text.push('\n');
            }
            Event::Text(text) => {
                joined.push_str(&text);
                found.text.push_str(&text);
                if let Some(link) = links.last_mut() {
                    link.text.push_str(&text);
                }
                if let Some((alt, _)) = images.last_mut() {
                    alt.push_str(&text);
                }
            }
            Event::Code(text) => {
                if let Some(link) = links.last_mut() {
                    link.text.push_str(&text);
                }
                if let Some((alt, _)) = images.last_mut() {
                    alt.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                found.text.push(' ');
                if let Some(link) = links.last_mut() {
                    link.text.push(' ');
                }
                if let Some((alt, _)) = images.last_mut() {
                    alt.push(' ');
                }
            }
            Event::Start(Tag::Heading { level, .. }) => found.headings.push(HeadingAt {
                level: level as u8,
                place: place(range.start),
            }),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(LinkAt {
                text: String::new(),
                has_image: false,
                dest: dest_url.to_string(),
                place: place(range.start),
            }),
            Event::End(TagEnd::Link) => found.links.extend(links.pop()),
            Event::Start(Tag::Image { .. }) => {
                if let Some(link) = links.last_mut() {
                    link.has_image = true;
                }
                images.push((String::new(), place(range.start)));
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, at)) = images.pop() {
                    if alt.trim().is_empty() {
                        found.images_without_alt.push(at);
                    }
                    // An image inside another image's description is part of it.
                    if let Some((outer, _)) = images.last_mut() {
                        outer.push_str(&alt);
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                if allow_html {
                    for offset in img_tags_without_alt(&body[range.clone()]) {
                        found
                            .html_images_without_alt
                            .push(place(range.start + offset));
                    }
                }
            }
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::Html(_) | Event::InlineHtml(_) if allow_html && !in_html_block => {
                for offset in img_tags_without_alt(&body[range.clone()]) {
                    found
                        .html_images_without_alt
                        .push(place(range.start + offset));
                }
            }
            Event::End(end) if ends_a_block(end) => found.text.push('\n'),
            _ => {}
        }
    }
    stats_in(&joined, &mut found.stats);
    found
}

/// True for the end of a block (a paragraph, a cell…), after which words do not run on.
fn ends_a_block(end: TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// The stats and the words of one of Ladder's blocks.
fn ladder_block(name: &str, text: &str, file: &Path, line: usize, found: &mut Scan) {
    // The block's own problems are reported when the page is rendered.
    let mut ignored = Diagnostics::new();
    let mut words: Vec<String> = Vec::new();
    match name {
        "figures" => {
            for item in spec::figures(text, file, line, &mut ignored) {
                match item.value {
                    FigureValue::Stat(stat) => {
                        found.stats.insert(stat);
                    }
                    FigureValue::Literal(value) => words.push(value),
                }
                words.push(item.label);
            }
        }
        "chart" => {
            if let Some(chart) = spec::chart(text, file, line, &mut ignored) {
                words.push(chart.title);
                words.extend(chart.alt);
                words.extend(chart.source);
            }
        }
        "timeline" => {
            words.extend(
                spec::timeline(text, file, line, &mut ignored)
                    .into_iter()
                    .map(|item| item.label),
            );
        }
        _ => {}
    }
    for word in words {
        found.text.push_str(&word);
        found.text.push('\n');
    }
}

/// Adds the names of the `{{ name }}` figures in `text` to `stats`.
fn stats_in(text: &str, stats: &mut BTreeSet<String>) {
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        let name = after[..close].trim();
        if !name.is_empty() {
            stats.insert(name.to_string());
        }
        rest = &after[close + 2..];
    }
}

/// The byte offsets of the `<img>` tags in `html` that have no `alt` attribute.
fn img_tags_without_alt(html: &str) -> Vec<usize> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<img") {
        let start = from + at;
        from = start + 4;
        let rest = &html[start + 4..];
        if !rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>') {
            continue;
        }
        if !tag_attributes(rest).iter().any(|name| name == "alt") {
            found.push(start);
        }
    }
    found
}

/// The attribute names (in lower case) of a start tag, from just after its name up to its
/// `>` (quoted values may hold `>`).
fn tag_attributes(rest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        match chars.peek() {
            None | Some('>') => break,
            _ => {}
        }
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && !matches!(c, '=' | '>' | '/')) {
            name.push(c.to_ascii_lowercase());
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next_if_eq(&'=').is_some() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            match chars.peek().copied() {
                Some(quote @ ('"' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == quote {
                            break;
                        }
                    }
                }
                _ => while chars.next_if(|c| !c.is_whitespace() && *c != '>').is_some() {},
            }
        }
        if name.is_empty() {
            // Not an attribute (a stray character): step over it.
            if chars.next().is_none() {
                break;
            }
        } else {
            names.push(name);
        }
    }
    names
}

// ---------------------------------------------------------------------------------------
// Rule 4: headings that skip a level

/// A heading that skips a level: its index in the list and the level it should have at
/// most (both as written, so `#` on a page whose `#` headings move down a level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skip {
    pub index: usize,
    pub expected: u8,
    /// The heading before it (as written), or `None` for the page's first heading.
    pub previous: Option<usize>,
}

/// The headings of `levels` (as written, `##` is 2) that are more than one level below
/// the heading before them; the page title, one level above the body's top level, comes
/// before the first. `demoted` says that the page uses `#` headings, which Ladder moves
/// down a level (so `#` is the body's top level).
pub fn heading_skips(levels: &[u8], demoted: bool) -> Vec<Skip> {
    let shift = u8::from(demoted);
    let mut skips = Vec::new();
    // Levels as shown: the title is h1.
    let mut previous_shown = 1u8;
    let mut previous = None;
    for (index, written) in levels.iter().enumerate() {
        let shown = (written + shift).min(6);
        if shown > previous_shown + 1 {
            skips.push(Skip {
                index,
                expected: previous_shown + 1 - shift,
                previous,
            });
        }
        previous_shown = shown;
        previous = Some(index);
    }
    skips
}

fn heading_warnings(
    file: &Path,
    headings: &[HeadingAt],
    demoted: bool,
    diagnostics: &mut Diagnostics,
) {
    let levels: Vec<u8> = headings.iter().map(|h| h.level).collect();
    let marks = |level: u8| "#".repeat(usize::from(level.max(1)));
    for skip in heading_skips(&levels, demoted) {
        let heading = headings[skip.index];
        let written = marks(heading.level);
        let expected = marks(skip.expected);
        let (message, hint) = match skip.previous {
            None => (
                format!(
                    "this heading skips a level: it is the page's first heading, so it should be `{expected}`, not `{written}` (the page title is the level above)"
                ),
                format!(
                    "make it `{expected}`, or add a `{expected}` heading above it; people using screen readers move around a page by its heading levels, and a missing level sounds like missing content"
                ),
            ),
            Some(previous) => (
                format!(
                    "this heading skips a level: `{written}` comes after the `{}` heading on line {}",
                    marks(headings[previous].level),
                    headings[previous].place.line
                ),
                format!(
                    "make it `{expected}`, or add a `{expected}` heading between them; people using screen readers move around a page by its heading levels, and a missing level sounds like missing content"
                ),
            ),
        };
        diagnostics.push(
            Diagnostic::warning(file, message)
                .at(heading.place.line, heading.place.column)
                .with_hint(hint),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Rule 3: images without alt text

fn image_warnings(file: &Path, found: &Scan, diagnostics: &mut Diagnostics) {
    for at in &found.images_without_alt {
        diagnostics.push(
            Diagnostic::warning(file, "this image has no alt text: nothing between its square brackets")
                .at(at.line, at.column)
                .with_hint("describe what the image shows between the square brackets, for example `![Bar chart: the share of senior staff from a lower background rose from 12% to 15%](static/chart.png)`; people who cannot see the image hear or read these words instead"),
        );
    }
    for at in &found.html_images_without_alt {
        diagnostics.push(
            Diagnostic::warning(file, "this image has no alt text: the `<img>` tag has no `alt`")
                .at(at.line, at.column)
                .with_hint("add `alt=\"…\"` describing what the image shows; people who cannot see the image hear or read these words instead (`alt=\"\"` tells them to skip an image that is only decoration)"),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Rule 5: link text that says nothing out of context

/// What is wrong with a link's text, if anything: `Some("")` for a link with no text, the
/// text itself when it is only symbols (`→`), or the vague text (normalised: lower case,
/// no punctuation around it).
pub fn vague_link_text(text: &str) -> Option<String> {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let normal = words
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if normal.is_empty() {
        return Some(words);
    }
    VAGUE_LINK_TEXT.contains(&normal.as_str()).then_some(normal)
}

fn link_text_warnings(
    source: &Source,
    site: &Site,
    page: &Page,
    found: &Scan,
    diagnostics: &mut Diagnostics,
) {
    for link in &found.links {
        let Some(vague) = vague_link_text(&link.text) else {
            continue;
        };
        if vague.is_empty() && link.has_image {
            // Its name is the image's description: rule 3 covers an image without one.
            continue;
        }
        let example = match link_target(&page.source, &link.dest)
            .and_then(|target| site.by_source.get(&target))
        {
            Some(&entry) => format!(
                "`[{}]({})`",
                site.page(source, entry).title,
                link.dest.trim()
            ),
            None => "`[the methods page](about.md)`".to_string(),
        };
        let message = if vague.is_empty() {
            "this link has no text, so it does not say where it goes".to_string()
        } else {
            format!("the link text \"{vague}\" does not say where the link goes")
        };
        diagnostics.push(
            Diagnostic::warning(&page.source, message)
                .at(link.place.line, link.place.column)
                .with_hint(format!(
                    "describe where the link goes in the words of the link, for example {example}; people using screen readers often hear a page's links without the words around them"
                )),
        );
    }
}

/// The page a link written in `from` points at (its source path), when it points at a
/// markdown file of the report.
fn link_target(from: &Path, dest: &str) -> Option<PathBuf> {
    let dest = dest.trim();
    if dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    let path = dest.split('#').next().unwrap_or_default();
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return None;
    }
    let decoded = percent_decode(path);
    let target = match decoded.strip_prefix('/') {
        Some(from_root) => normalise(Path::new(from_root)),
        None => normalise(&from.parent().unwrap_or(Path::new("")).join(&decoded)),
    };
    (!target.starts_with("..") && target.extension().is_some_and(|e| e == "md")).then_some(target)
}

/// Does the address start with a scheme (`https:`, `mailto:`)? A drive letter is not one.
fn has_scheme(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `%20` and friends back to text.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Ok(hex) = std::str::from_utf8(hex)
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

// ---------------------------------------------------------------------------------------
// Rule 1: glossary terms no page uses

/// The words of a page a reader sees outside its body: title, summary, case-study details.
fn front_words(page: &Page) -> String {
    let front = &page.front;
    let mut words = vec![page.title.clone()];
    words.extend(front.summary.clone());
    words.extend(front.organisation.clone());
    words.extend(front.people.iter().filter_map(|p| p.role.clone()));
    for figure in &front.figures {
        words.push(figure.value.clone());
        words.push(figure.label.clone());
    }
    words.extend(front.lessons.iter().cloned());
    words.join("\n")
}

/// The terms (indexes into `source.glossary`) used in `texts`, added to `used`.
fn terms_used<'a>(
    linker: &Linker,
    texts: impl IntoIterator<Item = &'a str>,
    used: &mut BTreeSet<usize>,
) {
    for text in texts {
        while let Some((_, _, term)) = linker.find(text, used) {
            used.insert(term);
        }
    }
}

fn unused_terms(
    source: &Source,
    site: &Site,
    scans: &[Scan],
    drafts: &[(&Page, Scan)],
    diagnostics: &mut Diagnostics,
) {
    if source.glossary.is_empty() {
        return;
    }
    let linker = Linker::new(&source.glossary);
    let mut used = BTreeSet::new();
    for (entry, found) in site.entries.iter().zip(scans) {
        let front = front_words(&source.pages[entry.page]);
        terms_used(&linker, [front.as_str(), found.text.as_str()], &mut used);
    }
    let file = Path::new("glossary.yaml");
    for (index, term) in source.glossary.iter().enumerate() {
        if used.contains(&index) {
            continue;
        }
        let in_drafts: Vec<String> = drafts
            .iter()
            .filter(|(page, found)| {
                let front = front_words(page);
                let mut one = BTreeSet::new();
                terms_used(
                    &Linker::new(std::slice::from_ref(term)),
                    [front.as_str(), found.text.as_str()],
                    &mut one,
                );
                !one.is_empty()
            })
            .map(|(page, _)| site::slash_path(&page.source))
            .collect();
        let mut spellings = vec![format!("\"{}\"", term.term)];
        spellings.extend(term.aliases.iter().map(|a| format!("\"{a}\"")));
        spellings.extend(term.abbr.iter().map(|a| format!("\"{a}\"")));
        let spellings = match spellings.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        let message = format!("the glossary term `{}` is not used on any page", term.term);
        let hint = if in_drafts.is_empty() {
            format!(
                "no published page has the words {spellings}; use the term in a page, add the words the pages do use to its `aliases`, or remove the entry if the report does not need it"
            )
        } else {
            format!(
                "it is only used in draft pages ({}), which are not published; keep the entry for when they are, or remove it",
                in_drafts.join(", ")
            )
        };
        diagnostics.push(
            Diagnostic::warning(file, message)
                .at_line(term.line)
                .with_hint(hint),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Rule 2: stats no page uses

fn unused_stats(
    source: &Source,
    scans: &[Scan],
    drafts: &[(&Page, Scan)],
    diagnostics: &mut Diagnostics,
) {
    let used: BTreeSet<&str> = scans
        .iter()
        .flat_map(|s| s.stats.iter().map(String::as_str))
        .collect();
    let file = Path::new("report.yaml");
    for name in source.config.stats.keys() {
        if used.contains(name.as_str()) {
            continue;
        }
        let in_drafts: Vec<String> = drafts
            .iter()
            .filter(|(_, found)| found.stats.contains(name))
            .map(|(page, _)| site::slash_path(&page.source))
            .collect();
        let hint = if in_drafts.is_empty() {
            format!(
                "write `{{{{ {name} }}}}` in a page where the figure belongs, or `- stat: {name}` in a `figures` block; if the report does not need it, remove it from `stats:`"
            )
        } else {
            format!(
                "it is only used in draft pages ({}), which are not published; keep it for when they are, or remove it from `stats:`",
                in_drafts.join(", ")
            )
        };
        let at = stat_place(&source.report_text, name);
        diagnostics.push(
            Diagnostic::warning(file, format!("the stat `{name}` is not used on any page"))
                .at(at.line, at.column)
                .with_hint(hint),
        );
    }
}

/// Where the stat `name` is defined in report.yaml: its key, one level inside `stats:`.
fn stat_place(report: &str, name: &str) -> Place {
    let mut in_stats = false;
    let mut stats_line = None;
    let mut indent = None;
    for (index, line) in report.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - trimmed.len();
        if depth == 0 {
            in_stats = key_of(trimmed) == Some("stats");
            if in_stats {
                stats_line = Some(index + 1);
            }
            continue;
        }
        if in_stats && depth == *indent.get_or_insert(depth) && key_of(trimmed) == Some(name) {
            return Place {
                line: index + 1,
                column: depth + 1,
            };
        }
    }
    Place {
        line: stats_line.unwrap_or(1),
        column: 1,
    }
}

/// The key of a YAML line `key: value` (quotes removed).
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    Some(key.trim().trim_matches(['"', '\'']))
}

// ---------------------------------------------------------------------------------------
// Rule 6: pages left out of the navigation

fn orphan_pages(source: &Source, site: &Site, scans: &[Scan], diagnostics: &mut Diagnostics) {
    // The main navigation: the home page, the top-level entries and their pages.
    let mut in_nav: BTreeSet<usize> = site.home.into_iter().collect();
    for &top in &site.top {
        in_nav.insert(top);
        in_nav.extend(site.entries[top].children.iter().copied());
    }
    // Pages another page links to.
    let mut linked: BTreeSet<usize> = BTreeSet::new();
    for (index, (entry, found)) in site.entries.iter().zip(scans).enumerate() {
        let from = &source.pages[entry.page].source;
        for link in &found.links {
            if let Some(&target) = link_target(from, &link.dest)
                .as_ref()
                .and_then(|t| site.by_source.get(t))
                && target != index
            {
                linked.insert(target);
            }
        }
    }
    // The glossary page links from its definitions, written relative to the source folder.
    if site.has_glossary {
        for term in &source.glossary {
            for event in Parser::new_ext(&term.definition, markdown::options()) {
                if let Event::Start(Tag::Link { dest_url, .. }) = event
                    && let Some(&target) = link_target(Path::new("glossary.yaml"), &dest_url)
                        .as_ref()
                        .and_then(|t| site.by_source.get(t))
                {
                    linked.insert(target);
                }
            }
        }
    }
    for (index, entry) in site.entries.iter().enumerate() {
        let page = &source.pages[entry.page];
        if in_nav.contains(&index)
            || linked.contains(&index)
            || page.generated
            || page.kind == PageKind::Home
        {
            continue;
        }
        let listed_on = entry
            .parent
            .map(|p| {
                let parent = site.page(source, p);
                format!(
                    "on the page \"{}\" ({})",
                    parent.title,
                    site::slash_path(parent.dir())
                )
            })
            .unwrap_or_else(|| "in the reading order".to_string());
        diagnostics.push(
            Diagnostic::warning(
                &page.source,
                "this page is not in the main navigation and no other page links to it",
            )
            .at_line(title_line(source, page))
            .with_hint(format!(
                "readers can only find it through the list of pages {listed_on}; link to it from a page in the navigation, for example `[{}]({})` in index.md, or move the file up into a folder the navigation lists",
                page.title,
                site::slash_path(&page.source)
            )),
        );
    }
}

/// The line of `title:` in a page's front matter (line 1 when it cannot be read again).
fn title_line(source: &Source, page: &Page) -> usize {
    crate::source::read_text(&source.root, &page.source, "page")
        .ok()
        .and_then(|text| {
            let (yaml, first, _, _) = crate::source::page::split_front_matter(&text).ok()?;
            Some(crate::yaml::key_line(yaml, "title")? + first - 1)
        })
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stats a page body uses.
    fn stats_of(body: &str) -> BTreeSet<String> {
        scan(body, 1, Path::new("p.md"), false).stats
    }

    fn levels(skips: &[Skip]) -> Vec<(usize, u8)> {
        skips.iter().map(|s| (s.index, s.expected)).collect()
    }

    #[test]
    fn headings_may_go_one_level_down_and_any_number_up() {
        assert!(heading_skips(&[2, 3, 4, 2, 3, 2], false).is_empty());
        assert!(heading_skips(&[2, 3, 4, 5, 6, 2], false).is_empty());
        assert!(heading_skips(&[], false).is_empty());
    }

    #[test]
    fn a_heading_two_levels_down_skips_one() {
        let skips = heading_skips(&[2, 4, 4, 5, 2], false);
        // Only the heading that skips: the ones after it follow it correctly.
        assert_eq!(levels(&skips), [(1, 3)]);
        assert_eq!(skips[0].previous, Some(0));
    }

    #[test]
    fn the_first_heading_is_one_below_the_page_title() {
        let skips = heading_skips(&[3, 4], false);
        assert_eq!(levels(&skips), [(0, 2)]);
        assert_eq!(skips[0].previous, None);
        assert_eq!(levels(&heading_skips(&[4], false)), [(0, 2)]);
    }

    #[test]
    fn pages_with_hash_headings_start_at_hash() {
        // `#` headings move down a level, so `#` then `##` is fine…
        assert!(heading_skips(&[1, 2, 3, 1], true).is_empty());
        // …and `#` then `###` skips `##`.
        assert_eq!(levels(&heading_skips(&[1, 3], true)), [(1, 2)]);
        // A page that starts with `##` but uses `#` later starts a level too deep.
        assert_eq!(levels(&heading_skips(&[2, 1], true)), [(0, 1)]);
    }

    #[test]
    fn vague_link_texts_are_found_in_any_case_and_punctuation() {
        for text in [
            "click here",
            "Click Here",
            "here",
            "HERE.",
            "read more",
            "Read more…",
            "(more)",
            "this page",
            "link",
            "this link",
            "Find out more →",
            "  click\n  here ",
        ] {
            assert!(vague_link_text(text).is_some(), "{text:?} should be vague");
        }
        assert_eq!(vague_link_text("Read More!").as_deref(), Some("read more"));
    }

    #[test]
    fn descriptive_link_texts_are_fine() {
        for text in [
            "the methods page",
            "who gets in",
            "read more about pay",
            "here is the pay gap",
            "linked data",
            "more about pay",
        ] {
            assert_eq!(vague_link_text(text), None, "{text:?} is descriptive");
        }
    }

    #[test]
    fn links_without_text_are_found_too() {
        assert_eq!(vague_link_text("").as_deref(), Some(""));
        assert_eq!(vague_link_text("   ").as_deref(), Some(""));
        // Only symbols say nothing either.
        assert_eq!(vague_link_text(" → ").as_deref(), Some("→"));
        assert_eq!(vague_link_text(">>").as_deref(), Some(">>"));
    }

    #[test]
    fn links_are_read_with_their_place() {
        let found = scan(
            "Intro.\n\nSee [click here](a.md) and [the pay page](b.md#x).\n",
            5,
            Path::new("p.md"),
            false,
        );
        let links: Vec<(&str, &str, usize, usize)> = found
            .links
            .iter()
            .map(|l| {
                (
                    l.text.as_str(),
                    l.dest.as_str(),
                    l.place.line,
                    l.place.column,
                )
            })
            .collect();
        assert_eq!(
            links,
            [
                ("click here", "a.md", 7, 5),
                ("the pay page", "b.md#x", 7, 28)
            ]
        );
    }

    #[test]
    fn headings_code_and_ladder_blocks() {
        let body = "## A\n\n```\n#### not a heading {{ in_code }}\n![](x.png)\n```\n\n```figures\n- stat: from_block\n  label: a label\n```\n\n#### B {{ in_heading }}\n";
        let found = scan(body, 3, Path::new("p.md"), false);
        let headings: Vec<(u8, usize)> = found
            .headings
            .iter()
            .map(|h| (h.level, h.place.line))
            .collect();
        assert_eq!(headings, [(2, 3), (4, 15)]);
        assert!(found.images_without_alt.is_empty());
        assert_eq!(
            found.stats,
            BTreeSet::from(["from_block".to_string(), "in_heading".to_string()])
        );
        assert!(found.text.contains("a label"));
        assert!(!found.text.contains("not a heading"));
    }

    #[test]
    fn stats_in_prose_but_not_code_or_escaped() {
        assert_eq!(
            stats_of("A {{ one }} and `{{ two }}` and \\{{ three }} and {{four}}.\n"),
            BTreeSet::from(["one".to_string(), "four".to_string()])
        );
    }

    #[test]
    fn images_without_alt_text() {
        let found = scan(
            "![](a.png) ![A chart](b.png)\n\n[![](c.png)](x.md) ![ ](d.png)\n",
            1,
            Path::new("p.md"),
            false,
        );
        let places: Vec<(usize, usize)> = found
            .images_without_alt
            .iter()
            .map(|p| (p.line, p.column))
            .collect();
        assert_eq!(places, [(1, 1), (3, 2), (3, 20)]);
    }

    #[test]
    fn html_images_need_an_alt_attribute() {
        assert_eq!(img_tags_without_alt("<img src=\"a.png\">"), [0]);
        assert!(img_tags_without_alt("<img src=\"a.png\" alt=\"A\">").is_empty());
        assert!(img_tags_without_alt("<IMG SRC=a.png ALT=\"\"/>").is_empty());
        assert_eq!(
            img_tags_without_alt("<p><img title=\"alt=x\" src='a>b'> <image></p>"),
            [3]
        );
        let found = scan(
            "Text <img src=\"a.png\"> here.\n\n<div>\n<img src=\"b.png\">\n</div>\n",
            2,
            Path::new("p.md"),
            true,
        );
        let places: Vec<(usize, usize)> = found
            .html_images_without_alt
            .iter()
            .map(|p| (p.line, p.column))
            .collect();
        assert_eq!(places, [(2, 6), (5, 1)]);
        // Without allow_html the tags are shown as text and not looked at.
        assert!(
            scan("<img src=\"a.png\">\n", 1, Path::new("p.md"), false)
                .html_images_without_alt
                .is_empty()
        );
    }

    #[test]
    fn link_targets_are_source_paths() {
        let from = Path::new("a/b.md");
        assert_eq!(link_target(from, "c.md#x"), Some(PathBuf::from("a/c.md")));
        assert_eq!(
            link_target(from, "../d%20e.md"),
            Some(PathBuf::from("d e.md"))
        );
        assert_eq!(link_target(from, "/f.md"), Some(PathBuf::from("f.md")));
        assert_eq!(link_target(from, "https://x.example/a.md"), None);
        assert_eq!(link_target(from, "#top"), None);
        assert_eq!(link_target(from, "static/x.pdf"), None);
        assert_eq!(link_target(from, "../../out.md"), None);
    }

    fn term(name: &str, abbr: Option<&str>) -> crate::source::Term {
        crate::source::Term {
            term: name.to_string(),
            id: crate::source::slug(name),
            abbr: abbr.map(str::to_string),
            aliases: Vec::new(),
            definition: "A definition.".to_string(),
            see_also: Vec::new(),
            line: 1,
        }
    }

    #[test]
    fn terms_are_found_as_the_glossary_links_them() {
        let terms = [
            term("Socio-economic background", Some("SEB")),
            term("Background", None),
            term("Free school meals", Some("FSM")),
            term("Social mobility", None),
        ];
        let linker = Linker::new(&terms);
        let mut used = BTreeSet::new();
        terms_used(
            &linker,
            [
                "Lower socio-economic background.",
                "fsm and the Social Mobility Foundation",
            ],
            &mut used,
        );
        // The longer term and the shorter one inside it are both used; a lower-case
        // abbreviation and a name are not uses.
        assert_eq!(used, BTreeSet::from([0, 1]));
    }

    #[test]
    fn characters_whose_case_changes_length_do_not_upset_the_search() {
        // Their lower case is longer or shorter in bytes than they are.
        let linker = Linker::new(&[term("ⱥ", None)]);
        let mut used = BTreeSet::new();
        terms_used(
            &linker,
            ["\u{2126}Ⱥ, then Ⱥ", "İstanbul \u{212A}elvin"],
            &mut used,
        );
        assert_eq!(used, BTreeSet::from([0]));
    }

    #[test]
    fn stats_are_placed_inside_the_stats_block() {
        let text = "title: T\nyear: 2025\nstats:\n  # a comment\n  year: {data: w, sum: count}\n  other:\n    data: w\n    sum: count\nlabels:\n  other: x\n";
        assert_eq!(stat_place(text, "year"), Place { line: 5, column: 3 });
        assert_eq!(stat_place(text, "other"), Place { line: 6, column: 3 });
        // Not a stat's key: `data` is one level deeper. Falls back to `stats:`.
        assert_eq!(stat_place(text, "data"), Place { line: 3, column: 1 });
    }
}
