//! Site search without a server: a small index of every page (title, summary, headings,
//! text) written as a script that only the search page loads, so it works from a file
//! share (browsers refuse to fetch local JSON files) and costs other pages nothing. The
//! text comes from the rendered pages, after disclosure control, so it holds no withheld
//! value.

use std::fmt::Write as _;

use crate::html::escape;

/// Where the search page and its index are written.
pub const SEARCH_OUT: &str = "search/index.html";
pub const INDEX_OUT: &str = "search/index.js";

/// One page in the index.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub title: String,
    /// Relative to the search page.
    pub url: String,
    pub summary: String,
    pub headings: Vec<String>,
    pub text: String,
}

/// How the index script starts and ends: `window.LADDER_SEARCH = [...]`, the entries
/// ([`index_entry`]) separated by commas. Only the search page loads it.
pub const INDEX_START: &str = "window.LADDER_SEARCH = [";
pub const INDEX_END: &str = "];\n";

/// One page of the index script, as JSON (entries are separated by commas).
pub fn index_entry(entry: &Entry) -> String {
    let json = serde_json::to_string(entry).unwrap_or_else(|_| "{}".to_string());
    // `</script>` cannot appear inside JSON strings this way, but be safe for inline use.
    let mut script = String::with_capacity(json.len() + 8);
    let mut rest = json.as_str();
    while let Some(at) = rest.find("</") {
        script.push_str(&rest[..at]);
        script.push_str("<\\/");
        rest = &rest[at + 2..];
    }
    script.push_str(rest);
    script
}

/// The plain text of rendered HTML: tags dropped, entities decoded, spaces collapsed.
/// Scripts and styles are left out.
pub fn plain_text(html: &str) -> String {
    /// Entities Ladder's HTML uses for text.
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    // One pass: tags become spaces, glossary tooltips (they repeat definitions that
    // belong to the glossary), scripts and styles are skipped, entities decoded, and
    // runs of white space become one space.
    let mut out = String::with_capacity(html.len() / 2);
    // Is the text so far empty or ending in a space?
    let mut space = true;
    let mut push = |out: &mut String, text: &str| {
        // Words are copied whole; white space (as `char::is_whitespace` has it) is
        // looked for a byte at a time, decoding only the bytes of other scripts.
        let bytes = text.as_bytes();
        let mut word = 0;
        let mut at = 0;
        while at < bytes.len() {
            let (white, len) = match bytes[at] {
                b if b.is_ascii() => (b.is_ascii_whitespace() || b == 0x0B, 1),
                _ => text[at..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
            };
            if white {
                if word < at {
                    out.push_str(&text[word..at]);
                    space = false;
                }
                if !space {
                    out.push(' ');
                    space = true;
                }
                word = at + len;
            }
            at += len;
        }
        if word < bytes.len() {
            out.push_str(&text[word..]);
            space = false;
        }
    };
    let mut rest = html;
    while let Some(&first) = rest.as_bytes().first() {
        match first {
            b'<' => {
                let end = if rest.starts_with("<span class=\"gloss-tip\"") {
                    rest.find("</span>").map(|at| at + "</span>".len())
                } else if rest.starts_with("<script") {
                    rest.find("</script>").map(|at| at + "</script>".len())
                } else if rest.starts_with("<style") {
                    rest.find("</style>").map(|at| at + "</style>".len())
                } else {
                    memchr::memchr(b'>', rest.as_bytes()).map(|at| at + 1)
                };
                rest = end.map_or("", |end| &rest[end..]);
                push(&mut out, " ");
            }
            b'&' => match ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
                Some((name, decoded)) => {
                    push(&mut out, decoded.encode_utf8(&mut [0; 4]));
                    rest = &rest[name.len()..];
                }
                None => {
                    push(&mut out, "&");
                    rest = &rest[1..];
                }
            },
            _ => {
                // The run of text up to the next tag or entity, at once.
                let run = memchr::memchr2(b'<', b'&', rest.as_bytes()).unwrap_or(rest.len());
                push(&mut out, &rest[..run]);
                rest = &rest[run..];
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The body of the search page: the search form (used by `assets/search.js`) and, for
/// readers without JavaScript, a list of every page.
pub fn page_body(entries: &[Entry], assets: &str) -> String {
    let mut html = String::from(
        "<form class=\"search-form\" role=\"search\" action=\"index.html\" method=\"get\">\n\
         <label for=\"search-input\">Search the report</label>\n\
         <input id=\"search-input\" name=\"q\" type=\"search\" autocomplete=\"off\">\n\
         <button type=\"submit\">Search</button>\n\
         </form>\n\
         <div id=\"search-results\" class=\"search-results\" aria-live=\"polite\"></div>\n\
         <noscript><p>Search needs JavaScript. Every page of the report is listed below.</p></noscript>\n\
         <h2 id=\"all-pages\">All pages</h2>\n<ul class=\"search-all\">\n",
    );
    for entry in entries {
        let _ = write!(
            html,
            "<li><a href=\"{}\">{}</a>",
            escape(&entry.url),
            escape(&entry.title)
        );
        if !entry.summary.is_empty() {
            let _ = write!(
                html,
                " <span class=\"search-all__summary\">{}</span>",
                escape(&entry.summary)
            );
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n");
    let _ = writeln!(
        html,
        "<script src=\"index.js\"></script>\n<script src=\"{assets}search.js\"></script>"
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_scripts_and_entities() {
        let text = plain_text(
            "<p>Pay &amp; grades</p><script>var x = '<b>';</script><svg><title>Chart</title></svg><span class=\"gloss\"><a>SEB</a><span class=\"gloss-tip\" role=\"tooltip\">Definition.</span></span> end",
        );
        assert_eq!(text, "Pay & grades Chart SEB end");
    }

    #[test]
    fn plain_text_collapses_every_kind_of_white_space() {
        assert_eq!(
            plain_text("  <p>a\u{a0}\u{a0}b\u{b}c\u{2003}é\t\n d</p>  "),
            "a b c é d"
        );
        assert_eq!(plain_text("x<br>y &amp; z"), "x y & z");
    }

    #[test]
    fn the_index_is_a_script() {
        let entry = index_entry(&Entry {
            title: "A</script>".into(),
            url: "../a/index.html".into(),
            summary: String::new(),
            headings: vec![],
            text: "x".into(),
        });
        let script = format!("{INDEX_START}{entry}{INDEX_END}");
        assert!(script.starts_with("window.LADDER_SEARCH = [{"));
        assert!(!script.contains("</script>"));
    }
}
