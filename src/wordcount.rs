//! Word counting the way online entry forms count words, and markdown as plain text.
//!
//! Entry forms (the Employer Index portal, awards sites, Microsoft Forms) count the text
//! pasted into a box by splitting it at spaces and line breaks. Ladder counts the same way,
//! on the text a reader sees, not on the markdown source. The rule:
//!
//! 1. The markdown is rendered to plain text first ([`plain_text`]): heading marks (`#`),
//!    emphasis (`*`, `_`), bullet markers (`-`, `*`), block-quote marks (`>`), table
//!    pipes and code fences are dropped; a link keeps only its text (`[our data](data.md)`
//!    is two words) and a bare or `<…>` web address stays as it is; an image is left out
//!    (a form cannot hold it); HTML tags, comments and footnote markers are left out;
//!    `&amp;` and other entities become the character they stand for.
//! 2. The text is split at whitespace (spaces, tabs, line breaks, non-breaking spaces).
//! 3. A piece counts as one word when it holds at least one letter or digit, or an emoji
//!    or other pictograph. So:
//!    - a hyphenated word is one word (`socio-economic`, `well-being`), and so is a word
//!      joined by a slash or an unspaced dash (`and/or`, `2024–25`, `pay—and`);
//!    - a number is one word, whatever its punctuation (`3,500`, `12.5%`, `£6,287`,
//!      `+2.1`, `1 in 3` is three words);
//!    - a web or email address is one word;
//!    - a dash, hyphen, bullet, ampersand or other punctuation standing alone is not a
//!      word (`-`, `–`, `—`, `•`, `&`, `/`, `…`);
//!    - an emoji standing alone is one word (`🎉`), as most forms count it; an emoji made
//!      of several code points joined together (`👩‍💻`) is still one;
//!    - the numbers of a numbered list (`1.`) are words: the plain-text export keeps them,
//!      so a form counts them when the answer is pasted; bullets are not.
//!
//! Forms differ at the edges (some count a lone dash); where they do, this rule errs
//! towards the way most forms count, and the page's count always equals the count of
//! the exported text.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The number of words in `markdown`, counted on its rendered text (see the module rule).
pub fn count_markdown(markdown: &str) -> usize {
    count(&render(markdown, false))
}

/// The number of words in plain `text`: whitespace-separated pieces that hold a letter,
/// digit or pictograph (see the module rule).
pub fn count(text: &str) -> usize {
    text.split(char::is_whitespace)
        .filter(|piece| is_word(piece))
        .count()
}

/// Is this whitespace-free piece of text a word? True when it holds a letter, a digit or
/// a pictograph (emoji); false for punctuation, dashes and symbols standing alone.
pub fn is_word(piece: &str) -> bool {
    piece.chars().any(is_word_char)
}

/// A character that makes the piece it is in a word.
fn is_word_char(c: char) -> bool {
    if c.is_alphanumeric() {
        return true;
    }
    if c.is_ascii() || c.is_whitespace() {
        return false;
    }
    // Punctuation, dashes, quotes, arrows, operators, bullets, currency, joiners and
    // modifiers: not words on their own. Everything else outside ASCII (emoji, dingbats,
    // pictographs) is.
    !matches!(c,
        '\u{00A0}'..='\u{00BF}'   // Latin-1 punctuation and signs (£, §, «, ©, ·)
        | '\u{00D7}' | '\u{00F7}' // × ÷
        | '\u{0300}'..='\u{036F}' // combining marks
        | '\u{2000}'..='\u{206F}' // general punctuation: dashes, quotes, bullets, …, joiners
        | '\u{20A0}'..='\u{20FF}' // currency signs, combining marks for symbols (keycaps)
        | '\u{2190}'..='\u{22FF}' // arrows, mathematical operators
        | '\u{2500}'..='\u{25FF}' // box drawing, blocks, geometric shapes (▪ ● ▶)
        | '\u{2E00}'..='\u{2E7F}' // supplemental punctuation
        | '\u{3000}'..='\u{303F}' // CJK punctuation
        | '\u{E000}'..='\u{F8FF}' // private use
        | '\u{FE00}'..='\u{FE6F}' // variation selectors, vertical and small forms
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}' // full-width punctuation
        | '\u{FFF0}'..='\u{FFFF}' // specials, replacement character
        | '\u{1F3FB}'..='\u{1F3FF}' // skin-tone modifiers
        | '\u{E0000}'..='\u{E007F}' // tags
    )
}

/// `markdown` as plain text, ready to paste into an online form: paragraphs separated by a
/// blank line, list items on their own lines starting with `• ` (or `1. ` in a numbered
/// list), table cells separated by a tab, and no markdown syntax (see the module rule for
/// what is dropped). Lines are not wrapped.
pub fn plain_text(markdown: &str) -> String {
    render(markdown, true)
}

/// Renders `markdown` to plain text; `markers` writes list markers (for reading), without
/// them the text is what is counted.
fn render(markdown: &str, markers: bool) -> String {
    let mut w = Writer {
        out: String::new(),
        pending: 0,
        lists: Vec::new(),
        image: 0,
        first_cell: false,
        markers,
    };
    for event in Parser::new_ext(markdown, crate::markdown::options()) {
        w.event(event);
    }
    finish(&w.out)
}

struct Writer {
    out: String,
    /// Line breaks owed before the next text (2 = a blank line).
    pending: usize,
    /// Open lists: the next number of an ordered list, `None` for a bulleted one.
    lists: Vec<Option<u64>>,
    /// Depth of images being skipped.
    image: usize,
    /// True at the start of a table row.
    first_cell: bool,
    markers: bool,
}

impl Writer {
    fn brk(&mut self, lines: usize) {
        self.pending = self.pending.max(lines);
    }

    /// The break between blocks: a blank line, or a line break inside a list.
    fn block(&mut self) {
        self.brk(if self.lists.is_empty() { 2 } else { 1 });
    }

    fn write(&mut self, text: &str) {
        if text.is_empty() || self.image > 0 {
            return;
        }
        if self.pending > 0 {
            if !self.out.is_empty() {
                for _ in 0..self.pending {
                    self.out.push('\n');
                }
            }
            self.pending = 0;
        }
        self.out.push_str(text);
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => match tag {
                // The first paragraph of a list item goes on the marker's line.
                Tag::Paragraph if self.out.ends_with(' ') && self.pending == 0 => {}
                Tag::Paragraph => self.block(),
                Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::HtmlBlock => self.block(),
                Tag::List(start) => {
                    self.brk(if self.lists.is_empty() { 2 } else { 1 });
                    self.lists.push(start);
                }
                Tag::Item => {
                    self.brk(1);
                    let depth = self.lists.len().saturating_sub(1);
                    let marker = match self.lists.last_mut() {
                        Some(Some(n)) => {
                            let marker = format!("{n}. ");
                            *n += 1;
                            marker
                        }
                        _ => "\u{2022} ".to_string(),
                    };
                    let numbered = marker != "\u{2022} ";
                    if self.markers {
                        let text = format!("{}{marker}", "  ".repeat(depth));
                        self.write(&text);
                    } else if numbered {
                        // The numbers of a numbered list are pasted with the answer (the
                        // text export keeps them), and a form counts them: so do we.
                        self.write(&marker);
                    } else {
                        // Keeps the item on a line of its own without adding a word.
                        self.write(" ");
                    }
                }
                Tag::TableHead | Tag::TableRow => {
                    self.brk(1);
                    self.first_cell = true;
                }
                Tag::TableCell => {
                    if !self.first_cell {
                        self.write("\t");
                    }
                    self.first_cell = false;
                }
                Tag::DefinitionListTitle | Tag::DefinitionListDefinition => self.brk(1),
                Tag::DefinitionList => self.block(),
                Tag::Image { .. } => self.image += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock
                | TagEnd::DefinitionList => self.block(),
                TagEnd::List(_) => {
                    self.lists.pop();
                    self.block();
                }
                TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow => self.brk(1),
                TagEnd::Image => self.image = self.image.saturating_sub(1),
                _ => {}
            },
            Event::Text(text) | Event::Code(text) => self.write(&text),
            Event::Html(html) | Event::InlineHtml(html) => {
                let text = strip_tags(&html);
                self.write(&text);
            }
            Event::SoftBreak => self.write(" "),
            Event::HardBreak => self.write("\n"),
            Event::Rule => self.block(),
            _ => {}
        }
    }
}

/// Text with HTML tags and comments removed.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let close = if after.starts_with("<!--") {
            after.find("-->").map(|i| i + 3)
        } else {
            after.find('>').map(|i| i + 1)
        };
        match close {
            Some(close) => {
                // A tag that breaks the line separates the words on either side.
                if breaks_line(&after[..close]) {
                    out.push(' ');
                }
                rest = &after[close..];
            }
            None => {
                // Not a tag: a lone `<` is text.
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Is this tag (`<br>`, `</p>`, `<td class="x">`) one that starts a new line or cell?
fn breaks_line(tag: &str) -> bool {
    const BREAKING: &[&str] = &[
        "br",
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "td",
        "th",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "blockquote",
        "section",
        "dt",
        "dd",
    ];
    let name: String = tag
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    BREAKING.contains(&name.as_str())
}

/// Trims the end of every line, collapses runs of blank lines and trims the whole.
fn finish(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_has_no_words() {
        assert_eq!(count(""), 0);
        assert_eq!(count("   \n\t "), 0);
        assert_eq!(count_markdown(""), 0);
        assert_eq!(count_markdown("\n\n"), 0);
        assert_eq!(plain_text(""), "");
    }

    #[test]
    fn plain_words_split_at_any_whitespace() {
        assert_eq!(count("We ask every new starter."), 5);
        assert_eq!(count("one\ttwo\nthree  four"), 4);
        // A non-breaking space separates words too.
        assert_eq!(count("12\u{a0}months"), 2);
    }

    #[test]
    fn hyphenated_and_joined_words_are_one() {
        assert_eq!(count("socio-economic background"), 2);
        assert_eq!(count("a well-being check-in"), 3);
        assert_eq!(count("and/or"), 1);
        assert_eq!(count("2024–25"), 1);
        assert_eq!(count("pay—and"), 1);
        assert_eq!(count("don't"), 1);
    }

    #[test]
    fn dashes_and_punctuation_alone_are_not_words() {
        assert_eq!(count("data - and more"), 3);
        assert_eq!(count("data – and more"), 3);
        assert_eq!(count("data — and more"), 3);
        assert_eq!(count("this & that … / • · | *"), 2);
        assert_eq!(count("“ ” ‘ ’ « » ( ) [ ]"), 0);
        assert_eq!(count("→ ← × ÷ £ €"), 0);
    }

    #[test]
    fn numbers_are_one_word() {
        assert_eq!(count("3,500"), 1);
        assert_eq!(count("12.5%"), 1);
        assert_eq!(count("£6,287 a year"), 3);
        assert_eq!(count("+2.1 percentage points"), 3);
        assert_eq!(count("1 in 3"), 3);
        assert_eq!(count("24/7"), 1);
        assert_eq!(count("½"), 1);
    }

    #[test]
    fn addresses_are_one_word() {
        assert_eq!(count("see https://example.org/a-b/c?d=1&e=2 today"), 3);
        assert_eq!(count("write to network@example.gov.uk"), 3);
        assert_eq!(count_markdown("see <https://example.org/x>"), 2);
        assert_eq!(count_markdown("see https://example.org/x today"), 3);
    }

    #[test]
    fn emoji_alone_count_as_words() {
        assert_eq!(count("🎉"), 1);
        assert_eq!(count("great 🎉"), 2);
        assert_eq!(count("great🎉"), 1);
        // A sequence joined by zero-width joiners, with a skin tone, is one.
        assert_eq!(count("👩🏽‍💻 coders"), 2);
        assert_eq!(count("✅ done"), 2);
        // Joiners, variation selectors and skin tones alone are not words.
        assert_eq!(count("\u{200d} \u{fe0f} \u{1f3fd}"), 0);
    }

    #[test]
    fn markdown_syntax_is_not_counted() {
        assert_eq!(count_markdown("# Our approach"), 2);
        assert_eq!(count_markdown("We **really** _do_ *this*."), 4);
        assert_eq!(count_markdown("- one\n- two\n- three\n"), 3);
        // The numbers of a numbered list are pasted with the answer, so they count.
        assert_eq!(count_markdown("1. one\n2. two\n10. three\n"), 6);
        assert_eq!(count_markdown("* a\n  * nested b\n"), 3);
        assert_eq!(count_markdown("> quoted words here"), 3);
        assert_eq!(count_markdown("---\n\nafter rule"), 2);
        assert_eq!(count_markdown("Use `ladder build` now"), 4);
        assert_eq!(count_markdown("```\ncode block words\n```\n"), 3);
    }

    #[test]
    fn links_keep_only_their_text_and_images_are_dropped() {
        assert_eq!(
            count_markdown("Read [who gets in](who-gets-in.md#applications)."),
            4
        );
        assert_eq!(
            count_markdown("[a](https://example.org/a-very/long/address)"),
            1
        );
        assert_eq!(count_markdown("![A chart of grades](static/c.png) Text"), 1);
        assert_eq!(
            count_markdown("[ref]: https://example.org\n\nSee [ref]."),
            2
        );
    }

    #[test]
    fn tables_are_counted_by_cell() {
        let md = "| Grade | Share |\n|---|---|\n| SCS | 18% |\n| G7 | 3,500 |\n";
        assert_eq!(count_markdown(md), 6);
        assert_eq!(plain_text(md), "Grade\tShare\nSCS\t18%\nG7\t3,500");
    }

    #[test]
    fn html_entities_escapes_and_footnotes() {
        assert_eq!(count_markdown("fish &amp; chips"), 2);
        assert_eq!(count_markdown("a \\* b \\_ c"), 3);
        assert_eq!(count_markdown("<b>bold</b> words<br>here"), 3);
        assert_eq!(count_markdown("<!-- a note to self -->\n\nReal text"), 2);
        assert_eq!(count_markdown("Claim.[^1]\n\n[^1]: Source here.\n"), 3);
        assert_eq!(count_markdown("x < y"), 2);
    }

    #[test]
    fn soft_and_hard_breaks_separate_words() {
        assert_eq!(count_markdown("one\ntwo"), 2);
        assert_eq!(count_markdown("one  \ntwo"), 2);
        assert_eq!(count_markdown("one\\\ntwo"), 2);
        assert_eq!(count_markdown("para one\n\npara two"), 4);
        assert_eq!(count_markdown("**bold**text"), 1);
    }

    #[test]
    fn plain_text_has_no_markdown_syntax() {
        let md = "# Heading\n\nSome **bold** and _italic_ text with [a link](page.md) and `code`.\n\n- first\n- second\n\n1. one\n2. two\n\n> quoted\n\n![img](x.png)\n\n| a | b |\n|---|---|\n| c | d |\n";
        let text = plain_text(md);
        assert_eq!(
            text,
            "Heading\n\nSome bold and italic text with a link and code.\n\n\u{2022} first\n\u{2022} second\n\n1. one\n2. two\n\nquoted\n\na\tb\nc\td"
        );
        for syntax in ["#", "**", "_", "](", "`", "|", "> ", "- "] {
            assert!(!text.contains(syntax), "{syntax:?} in {text:?}");
        }
        // Counting the pasted text gives the same count as the page.
        assert_eq!(count(&text), count_markdown(md));
    }

    #[test]
    fn nested_lists_and_paragraphs_in_items() {
        let md = "- first\n\n  more about the first\n- second\n  - inner\n";
        assert_eq!(
            plain_text(md),
            "\u{2022} first\nmore about the first\n\u{2022} second\n  \u{2022} inner"
        );
        assert_eq!(count_markdown(md), 7);
        assert_eq!(plain_text("3. three\n4. four\n"), "3. three\n4. four");
    }

    #[test]
    fn plain_text_trims_and_collapses_blank_lines() {
        assert_eq!(plain_text("  a  \n\n\n\n b "), "a\n\nb");
        assert_eq!(plain_text("line one  \nline two"), "line one\nline two");
    }
}
