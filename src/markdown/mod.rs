//! Markdown to HTML with pulldown-cmark: heading ids, checked and rewritten links, glossary
//! links, and raw HTML escaped (or sanitised when the report allows it).

pub mod glossary;
pub mod links;

use std::collections::BTreeSet;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::disclosure::Tally;
use glossary::Linker;
use links::{Resolved, Resolver};

/// The markdown extensions Ladder turns on (FORMAT.md section 3).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// A heading of a page: its level (after any shift), id and text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The outline of a page body: its headings with unique ids (explicit `{#id}` or made from
/// the text) and its footnote names. The page title is the h1, so a body that uses `#`
/// headings has every heading moved one level down (`demoted`).
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub footnotes: BTreeSet<String>,
    pub demoted: bool,
    /// The number of `chart` blocks, for numbering figures across the report.
    pub charts: usize,
}

impl Outline {
    /// Every id a link may point at on this page.
    pub fn anchors(&self) -> BTreeSet<String> {
        self.headings
            .iter()
            .map(|h| h.id.clone())
            .chain(self.footnotes.iter().cloned())
            .collect()
    }
}

/// Reads the outline of a page body.
pub fn outline(body: &str) -> Outline {
    let mut headings = Vec::new();
    let mut footnotes = BTreeSet::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    let mut charts = 0;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.trim() == "chart" => {
                charts += 1;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((level as u8, id.map(|i| i.to_string()), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, title)) = current.take() {
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    headings.push(Heading {
                        level,
                        id: id.unwrap_or_else(|| crate::source::slug(&title)),
                        title,
                    });
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, title)) = &mut current {
                    title.push_str(&text);
                }
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                footnotes.insert(footnote_id(&name));
            }
            _ => {}
        }
    }
    // Make ids unique on the page, as GitHub does: `pay`, `pay-1`, `pay-2`.
    let mut seen = BTreeSet::new();
    for heading in &mut headings {
        if is_reserved(&heading.id) {
            heading.id = format!("h-{}", heading.id);
        }
        let mut id = heading.id.clone();
        let mut n = 1;
        while !seen.insert(id.clone()) {
            id = format!("{}-{n}", heading.id);
            n += 1;
        }
        heading.id = id;
    }
    let demoted = headings.iter().any(|h| h.level == 1);
    if demoted {
        for heading in &mut headings {
            heading.level = (heading.level + 1).min(6);
        }
    }
    Outline {
        headings,
        footnotes,
        demoted,
        charts,
    }
}

/// Ids the theme and Ladder give their own elements (the theme README lists them); a
/// heading that would take one gets `h-` in front instead.
const RESERVED_IDS: &[&str] = &[
    "main",
    "toc-title",
    "a-to-z",
    "home-contents-title",
    "section-pages-title",
    "tag-browser-title",
];
const RESERVED_PREFIXES: &[&str] = &[
    "cs-", "tag-", "letter-", "gloss-", "fn-", "figure-", "ladder-",
];

fn is_reserved(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// What the renderer needs to know about the page being rendered.
pub struct PageContext<'a> {
    /// The page's source file, relative to the source folder.
    pub source: &'a Path,
    /// The line of the file on which the body starts.
    pub body_line: usize,
    /// The page's output file.
    pub out: &'a str,
    /// The page's outline, from [`outline`].
    pub outline: &'a Outline,
    /// Glossary linking, off on the glossary page itself.
    pub glossary: Option<(&'a Linker, &'a str)>,
    pub allow_html: bool,
    /// Ladder's blocks and stats; none where they do not apply (glossary definitions).
    pub blocks: Option<&'a dyn Blocks>,
}

/// Ladder's own fenced blocks (`chart`, `figures`, `timeline`) and `{{ name }}` figures
/// in the prose are rendered by the derived-content layer through this trait, so the
/// markdown module needs to know nothing about data.
pub trait Blocks {
    /// Is this fenced-block info string (`chart`) one of Ladder's blocks?
    fn handles(&self, info: &str) -> bool;
    /// Renders a block. `line` is the line of the opening fence in `source`; `heading` is
    /// the level a heading inside the block should have (one below the section it is in).
    fn block(
        &self,
        info: &str,
        text: &str,
        source: &Path,
        line: usize,
        heading: u8,
        diagnostics: &mut Diagnostics,
    ) -> String;
    /// The named stat as written in the prose, with the plain-words note to show next to
    /// it when it is withheld; or a diagnostic's message and hint.
    fn stat(&self, name: &str) -> Result<StatText, (String, String)>;
    /// The plain-words note for the withheld values of a block, if any.
    fn note(&self, withheld: &Tally) -> Option<String>;
}

/// A stat as it appears in the prose.
#[derive(Debug, Clone, PartialEq)]
pub struct StatText {
    pub text: String,
    /// What it withholds (nothing for a published value): counted into the note shown
    /// after the paragraph.
    pub withheld: Tally,
}

/// Consecutive prose text, joined so that `{{ name }}` is never split.
struct Prose {
    text: String,
    /// Where the first piece starts in the body.
    start: usize,
    /// The places in `text` of the braces written with a backslash before them (`\{{`):
    /// such a brace never opens a figure.
    escaped: Vec<usize>,
}

impl Prose {
    /// Adds a piece of text that markdown read from `range` of `body`.
    fn push(&mut self, piece: &str, range: std::ops::Range<usize>, body: &str) {
        // Markdown drops the backslash of `\{` and starts a new piece of text at the
        // brace, so an escaped brace is the first character of a piece, right after a
        // backslash in the body. (After `\\`, an escaped backslash, the piece starts at
        // the second backslash, not at the brace.)
        if piece.starts_with('{')
            && body.get(range.start..).is_some_and(|b| b.starts_with('{'))
            && body.as_bytes().get(range.start.wrapping_sub(1)) == Some(&b'\\')
        {
            self.escaped.push(self.text.len());
        }
        self.text.push_str(piece);
    }
}

/// Renders a page body to HTML. Problems (broken links, raw HTML, unknown stats) go to
/// `diagnostics`.
pub fn render(
    body: &str,
    ctx: &PageContext,
    resolver: &Resolver,
    diagnostics: &mut Diagnostics,
) -> String {
    let place = |offset: usize| {
        let (line, column) = line_col(body, offset);
        (line + ctx.body_line - 1, column)
    };
    let demote = ctx.outline.demoted;

    let mut events: Vec<Event> = Vec::new();
    let mut heading_index = 0;
    let mut warned_html = false;
    // Consecutive text, joined so that `{{ name }}` is never split.
    let mut text: Option<Prose> = None;
    // A Ladder block being read: its info string, text and opening line.
    let mut block: Option<(String, String, usize)> = None;
    let mut in_code = false;
    // Withheld stats, waiting for the end of their block to be noted.
    let mut notes = Tally::default();
    // The level of the heading the text is under (the page title is 1).
    let mut section_level = 1u8;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Some((_, block_text, _)) = &mut block {
            match event {
                Event::Text(t) => block_text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    in_code = false;
                    if let (Some((info, block_text, line)), Some(blocks)) =
                        (block.take(), ctx.blocks)
                    {
                        let html = blocks.block(
                            &info,
                            &block_text,
                            ctx.source,
                            line,
                            section_level + 1,
                            diagnostics,
                        );
                        events.push(Event::Html(CowStr::from(html)));
                    }
                }
                _ => {}
            }
            continue;
        }
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if in_code => {
                events.push(event);
                continue;
            }
            _ => {}
        }
        if let Event::Text(t) = &event {
            text.get_or_insert_with(|| Prose {
                text: String::new(),
                start: range.start,
                escaped: Vec::new(),
            })
            .push(t, range, body);
            continue;
        }
        if let Some(prose) = text.take() {
            events.push(Event::Text(CowStr::from(fill_stats(
                &prose,
                body,
                ctx,
                diagnostics,
                &place,
                &mut notes,
            ))));
        }
        // The note on a withheld stat goes right after the block it is in.
        match &event {
            Event::End(TagEnd::Item) => flush_notes(&mut notes, &mut events, ctx.blocks),
            Event::End(
                TagEnd::Paragraph | TagEnd::Table | TagEnd::Heading(_) | TagEnd::BlockQuote(_),
            ) => {
                let end = match &event {
                    Event::End(TagEnd::Heading(level)) => {
                        Event::End(TagEnd::Heading(shift_level(*level, demote)))
                    }
                    other => other.clone(),
                };
                events.push(end);
                flush_notes(&mut notes, &mut events, ctx.blocks);
                continue;
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                section_level = shift_level(level, demote) as u8;
                let id = ctx
                    .outline
                    .headings
                    .get(heading_index)
                    .map(|h| h.id.clone());
                heading_index += 1;
                events.push(Event::Start(Tag::Heading {
                    level: shift_level(level, demote),
                    id: id.map(CowStr::from),
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::End(TagEnd::Heading(shift_level(level, demote))));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(&dest_url, false, ctx, resolver, diagnostics, || {
                    place(range.start)
                });
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(&dest_url, true, ctx, resolver, diagnostics, || {
                    place(range.start)
                });
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if ctx.blocks.is_some_and(|b| b.handles(info.trim())) =>
            {
                block = Some((info.trim().to_string(), String::new(), place(range.start).0));
            }
            Event::Html(html) | Event::InlineHtml(html) if !ctx.allow_html => {
                if !warned_html {
                    warned_html = true;
                    let (line, column) = place(range.start);
                    diagnostics.push(
                        Diagnostic::warning(ctx.source, "raw HTML is shown as text, because the report does not allow HTML")
                            .at(line, column)
                            .with_hint("write it in markdown instead, or set `allow_html: true` in report.yaml (scripts and event handlers are still removed)"),
                    );
                }
                events.push(Event::Text(html));
            }
            // Footnote ids get a prefix so they never clash with heading ids.
            Event::FootnoteReference(name) => {
                events.push(Event::FootnoteReference(CowStr::from(footnote_id(&name))))
            }
            Event::Start(Tag::FootnoteDefinition(name)) => events.push(Event::Start(
                Tag::FootnoteDefinition(CowStr::from(footnote_id(&name))),
            )),
            Event::Start(Tag::HtmlBlock) if !ctx.allow_html => {
                events.push(Event::Start(Tag::Paragraph))
            }
            Event::End(TagEnd::HtmlBlock) if !ctx.allow_html => {
                events.push(Event::End(TagEnd::Paragraph))
            }
            other => events.push(other),
        }
    }
    if let Some(prose) = text.take() {
        events.push(Event::Text(CowStr::from(fill_stats(
            &prose,
            body,
            ctx,
            diagnostics,
            &place,
            &mut notes,
        ))));
    }
    flush_notes(&mut notes, &mut events, ctx.blocks);

    let events = match ctx.glossary {
        Some((linker, url)) => link_glossary_terms(events, linker, url),
        None => events,
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if ctx.allow_html {
        html = sanitise(&html);
    }
    html
}

/// Writes the note on the withheld stats of a block, once, after it.
fn flush_notes(notes: &mut Tally, events: &mut Vec<Event>, blocks: Option<&dyn Blocks>) {
    if notes.is_empty() {
        return;
    }
    if let Some(note) = blocks.and_then(|b| b.note(notes)) {
        events.push(Event::Html(CowStr::from(format!(
            "<p class=\"note\">{}</p>\n",
            crate::html::escape(&note)
        ))));
    }
    *notes = Tally::default();
}

/// Replaces `{{ name }}` in prose text with the named stat (FORMAT.md section 5); an
/// unknown name is an error at its line. `\{{` is a literal `{{` (markdown has already
/// dropped the backslash). Text inside code blocks never comes here.
fn fill_stats(
    prose: &Prose,
    body: &str,
    ctx: &PageContext,
    diagnostics: &mut Diagnostics,
    place: &dyn Fn(usize) -> (usize, usize),
    notes: &mut Tally,
) -> String {
    let (text, start) = (prose.text.as_str(), prose.start);
    if !text.contains("{{") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        // `\{{`: the braces as they are, and what follows them is prose.
        let at = text.len() - rest.len() + open;
        if prose.escaped.contains(&at) || prose.escaped.contains(&(at + 1)) {
            out.push_str("{{");
            rest = after;
            continue;
        }
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = after[..close].trim();
        // Where the token is in the body, for the error's place.
        let offset = body[start..]
            .find(&rest[open..open + 2 + close + 2])
            .map_or(start, |i| start + i);
        let value = match ctx.blocks {
            Some(blocks) => blocks.stat(name),
            None => Err((
                format!("`{{{{ {name} }}}}` cannot be used here"),
                "figures from the data can only be used in pages".to_string(),
            )),
        };
        match value {
            Ok(value) => {
                out.push_str(&value.text);
                notes.merge(&value.withheld);
            }
            Err((message, hint)) => {
                let (line, column) = place(offset);
                diagnostics.push(
                    Diagnostic::error(ctx.source, message)
                        .at(line, column)
                        .with_hint(hint),
                );
                out.push_str(&rest[open..open + 2 + close + 2]);
            }
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// The id of a footnote: `[^pay]` becomes `fn-pay`.
fn footnote_id(name: &str) -> String {
    format!("fn-{}", crate::source::slug(name))
}

fn shift_level(level: HeadingLevel, demote: bool) -> HeadingLevel {
    if !demote {
        return level;
    }
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Resolves one link or image address, reporting a problem at `(line, column)`.
fn rewrite<'a>(
    dest: &CowStr<'a>,
    image: bool,
    ctx: &PageContext,
    resolver: &Resolver,
    diagnostics: &mut Diagnostics,
    place: impl FnOnce() -> (usize, usize),
) -> CowStr<'a> {
    match resolver.resolve(ctx.source, ctx.out, dest, image) {
        Ok(Resolved::Unchanged) => dest.clone(),
        Ok(Resolved::Url(url)) => CowStr::from(url),
        Err(problem) => {
            // Found only for a problem: counting lines for every link would cost time
            // in proportion to the page's length, for every link.
            let (line, column) = place();
            diagnostics.push(
                Diagnostic::error(ctx.source, problem.message)
                    .at(line, column)
                    .with_hint(problem.hint),
            );
            CowStr::from("#")
        }
    }
}

/// Links the first use of each glossary term, outside headings, links, images and code.
fn link_glossary_terms<'a>(events: Vec<Event<'a>>, linker: &Linker, url: &str) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut linked = BTreeSet::new();
    let mut blocked = 0usize;
    let mut pending = String::new();
    let mut tips = 0usize;
    let flush = |pending: &mut String,
                 out: &mut Vec<Event<'a>>,
                 linked: &mut BTreeSet<usize>,
                 tips: &mut usize| {
        let mut rest = std::mem::take(pending);
        while let Some((start, end, term)) = linker.find(&rest, linked) {
            linked.insert(term);
            *tips += 1;
            if start > 0 {
                out.push(Event::Text(CowStr::from(rest[..start].to_string())));
            }
            let tip_id = format!("gloss-{tips}");
            out.push(Event::InlineHtml(CowStr::from(linker.link_html(
                term,
                &rest[start..end],
                url,
                &tip_id,
            ))));
            rest = rest[end..].to_string();
        }
        if !rest.is_empty() {
            out.push(Event::Text(CowStr::from(rest)));
        }
    };
    for event in events {
        match &event {
            Event::Text(text) if blocked == 0 => {
                pending.push_str(text);
                continue;
            }
            _ => {}
        }
        flush(&mut pending, &mut out, &mut linked, &mut tips);
        match &event {
            Event::Start(
                Tag::Heading { .. }
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::CodeBlock(_)
                | Tag::TableHead,
            ) => blocked += 1,
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::CodeBlock
                | TagEnd::TableHead,
            ) => blocked = blocked.saturating_sub(1),
            // Raw HTML (allowed by the report) can open links and code too.
            Event::Html(html) | Event::InlineHtml(html) => {
                blocked = blocked.saturating_add_signed(raw_html_depth(html));
            }
            _ => {}
        }
        out.push(event);
    }
    flush(&mut pending, &mut out, &mut linked, &mut tips);
    out
}

/// How many places where terms are not linked (`<a>`, `<code>`, headings…) raw HTML
/// opens, minus those it closes.
fn raw_html_depth(html: &str) -> isize {
    const SKIP: &[&str] = &[
        "a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style",
        "abbr", "dfn",
    ];
    let mut depth = 0isize;
    for part in html.split('<').skip(1) {
        let (closing, rest) = match part.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, part),
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let self_closing = part
            .split('>')
            .next()
            .is_some_and(|t| t.trim_end().ends_with('/'));
        if SKIP.contains(&name.as_str()) && !self_closing {
            depth += if closing { -1 } else { 1 };
        }
    }
    depth
}

/// Sanitises HTML rendered from markdown with raw HTML allowed: scripts, styles that could
/// load files, event handlers and `javascript:` URLs go; the markup Ladder itself writes
/// stays.
fn sanitise(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes([
            "class",
            "id",
            "role",
            "title",
            "lang",
            "dir",
            "aria-describedby",
            "aria-label",
            "aria-hidden",
            "style",
        ])
        .add_tags([
            "section",
            "figure",
            "figcaption",
            "abbr",
            "details",
            "summary",
            "mark",
        ])
        .link_rel(None)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            (_, "style") => {
                let v = value.trim().trim_end_matches(';').trim();
                matches!(
                    v,
                    "text-align: left" | "text-align: center" | "text-align: right"
                )
                .then(|| value.into())
            }
            ("img", "src") => {
                let lower = value.trim().to_ascii_lowercase();
                (!(lower.starts_with("http:")
                    || lower.starts_with("https:")
                    || lower.starts_with("//")))
                .then(|| value.into())
            }
            _ => Some(value.into()),
        });
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_are_unique_and_explicit_ids_win() {
        let h = outline("## Pay\n\n## Pay\n\n## Grades {#g}\n").headings;
        let ids: Vec<&str> = h.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["pay", "pay-1", "g"]);
        assert_eq!(h[0].level, 2);
    }

    #[test]
    fn headings_never_take_the_themes_ids() {
        let h = outline("## Main\n\n## Tag cloud\n\n## Other {#fn-x}\n").headings;
        let ids: Vec<&str> = h.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["h-main", "h-tag-cloud", "h-fn-x"]);
    }

    #[test]
    fn raw_html_links_and_code_count_as_places_to_skip() {
        assert_eq!(raw_html_depth("<a href=\"x\">"), 1);
        assert_eq!(raw_html_depth("</a>"), -1);
        assert_eq!(raw_html_depth("<code>x</code><b>"), 0);
        assert_eq!(raw_html_depth("<abbr title=\"t\"><br/>"), 1);
    }

    #[test]
    fn demoted_headings_close_at_their_new_level() {
        let (html, _) = render_with_fake("# Top\n\nText\n");
        assert!(html.contains("<h2 id=\"top\">Top</h2>"), "{html}");
    }

    #[test]
    fn h1_headings_move_down_a_level() {
        let o = outline("# Top\n\n## Next\n");
        assert!(o.demoted);
        let h = o.headings;
        assert_eq!(h.iter().map(|h| h.level).collect::<Vec<_>>(), [2, 3]);
    }

    struct Fake;

    impl Blocks for Fake {
        fn handles(&self, info: &str) -> bool {
            info == "chart"
        }
        fn block(
            &self,
            _: &str,
            text: &str,
            _: &Path,
            line: usize,
            _: u8,
            _: &mut Diagnostics,
        ) -> String {
            format!(
                "<div class=\"fake\" data-line=\"{line}\">{}</div>",
                text.trim()
            )
        }
        fn stat(&self, name: &str) -> Result<StatText, (String, String)> {
            match name {
                "share" => Ok(StatText {
                    text: "18%".to_string(),
                    withheld: Tally::default(),
                }),
                "hidden" => Ok(StatText {
                    text: "[c]".to_string(),
                    withheld: Tally::of([&crate::disclosure::Published::Withheld(
                        crate::disclosure::Reason::BelowThreshold,
                    )]),
                }),
                other => Err((format!("unknown stat {other}"), "fix it".to_string())),
            }
        }
        fn note(&self, withheld: &Tally) -> Option<String> {
            Some(format!("{} withheld.", withheld.total()))
        }
    }

    fn render_with_fake(body: &str) -> (String, Diagnostics) {
        let outline = outline(body);
        let ctx = PageContext {
            source: Path::new("p.md"),
            body_line: 4,
            out: "p/index.html",
            outline: &outline,
            glossary: None,
            allow_html: false,
            blocks: Some(&Fake),
        };
        let mut d = Diagnostics::new();
        let html = render(body, &ctx, &Resolver::default(), &mut d);
        (html, d)
    }

    #[test]
    fn stats_fill_prose_but_not_code() {
        let (html, d) = render_with_fake(
            "A {{ share }} rise, `{{ share }}` and \\{{ share }}.\n\n```\n{{ share }}\n```\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(html.contains("A 18% rise"), "{html}");
        assert!(html.contains("<code>{{ share }}</code>"), "{html}");
        assert!(html.contains("and {{ share }}."), "{html}");
        assert!(
            html.contains("<pre><code>{{ share }}\n</code></pre>"),
            "{html}"
        );
    }

    #[test]
    fn escaped_braces_are_literal_and_nothing_stands_in_for_them() {
        let render = |body: &str| {
            let (html, d) = render_with_fake(body);
            assert!(d.is_empty(), "{body:?}: {d:?}");
            html
        };
        // In prose, wherever markdown puts the text.
        for (body, shown) in [
            ("\\{{ share }}", "<p>{{ share }}</p>"),
            ("*a \\{{ share }}* b", "<em>a {{ share }}</em> b"),
            ("[\\{{ share }}](https://example.org/)", ">{{ share }}</a>"),
            ("| a |\n|---|\n| \\{{ share }} |\n", "<td>{{ share }}</td>"),
            ("\\{{{ share }}", "<p>{{{ share }}</p>"),
            ("{\\{ share }}", "<p>{{ share }}</p>"),
            ("\\{\\{ share }}", "<p>{{ share }}</p>"),
            (
                "\\{{ share }} and {{ share }}",
                "<p>{{ share }} and 18%</p>",
            ),
        ] {
            let html = render(body);
            assert!(html.contains(shown), "{body:?}: {html}");
        }
        // An escaped backslash leaves the braces to be a figure, as markdown reads it.
        assert!(render("\\\\{{ share }}").contains("<p>\\18%</p>"));
        // Where markdown keeps the backslash, it stays.
        let html = render("`\\{{ share }}`\n\n```\n\\{{ share }}\n```\n");
        assert!(html.contains("<code>\\{{ share }}</code>"), "{html}");
        assert!(
            html.contains("<pre><code>\\{{ share }}\n</code></pre>"),
            "{html}"
        );
        let (html, _) = render_with_fake("<div>\n\\{{ share }}\n</div>\n");
        assert!(html.contains("\\{{ share }}"), "{html}");
        let html = render("```chart\n\\{{ share }}\n```\n");
        assert!(html.contains(">\\{{ share }}</div>"), "{html}");
        // In a code block's info string, markdown drops the backslash.
        let html = render("``` \\{{\ncode\n```\n");
        assert!(html.contains("language-{{"), "{html}");
        // The private-use character U+E000 is text like any other.
        let html = render("a \u{E000} b {{ share }}\n");
        assert!(html.contains("<p>a \u{E000} b 18%</p>"), "{html}");
        for html in [
            render_with_fake("<div>\n\\{{ share }}\n</div>\n").0,
            render("``` \\{{\ncode\n```\n"),
            render_with_fake("[a](x\\{{ \"t\\{{\")").0,
        ] {
            assert!(!html.contains('\u{E000}'), "{html}");
        }
    }

    #[test]
    fn withheld_stats_get_a_note_after_their_block() {
        let (html, d) = render_with_fake(
            "A {{ hidden }} and {{ hidden }} figure.\n\n- item {{ hidden }}\n- next\n",
        );
        assert!(d.is_empty(), "{d:?}");
        // Two withheld stats in one paragraph: one note that counts both.
        assert!(
            html.contains("figure.</p>\n<p class=\"note\">2 withheld.</p>"),
            "{html}"
        );
        assert_eq!(html.matches("class=\"note\"").count(), 2, "{html}");
        assert!(
            html.contains("item [c]<p class=\"note\">1 withheld.</p>\n</li>"),
            "{html}"
        );
    }

    #[test]
    fn unknown_stats_are_errors_at_their_line() {
        let (_, d) = render_with_fake("Intro.\n\nSee {{ nope }} here.\n");
        let all = d.sorted();
        assert_eq!(all.len(), 1);
        assert_eq!((all[0].line, all[0].column), (Some(6), Some(5)));
    }

    #[test]
    fn ladder_blocks_are_rendered_with_their_line() {
        let (html, _) =
            render_with_fake("Text\n\n```chart\ntype: bar\n```\n\n```yaml\nkept: yes\n```\n");
        assert!(
            html.contains("<div class=\"fake\" data-line=\"6\">type: bar</div>"),
            "{html}"
        );
        assert!(html.contains("kept: yes"));
    }

    #[test]
    fn sanitiser_removes_scripts_and_handlers() {
        let clean = sanitise(
            "<p onclick=\"x()\">Hi<script>alert(1)</script><a href=\"javascript:alert(1)\">x</a><img src=\"https://evil.example/a.png\" alt=\"a\"></p>",
        );
        assert!(!clean.contains("script"));
        assert!(!clean.contains("onclick"));
        assert!(!clean.contains("javascript"));
        assert!(!clean.contains("evil.example"));
        assert!(clean.contains("Hi"));
    }
}
