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

/// The index as a script: `window.LADDER_SEARCH = [...]`.
pub fn index_script(entries: &[Entry]) -> String {
    let json = serde_json::to_string(entries).unwrap_or_else(|_| "[]".to_string());
    // `</script>` cannot appear inside JSON strings this way, but be safe for inline use.
    let mut script = String::with_capacity(json.len() + 32);
    script.push_str("window.LADDER_SEARCH = ");
    let mut rest = json.as_str();
    while let Some(at) = rest.find("</") {
        script.push_str(&rest[..at]);
        script.push_str("<\\/");
        rest = &rest[at + 2..];
    }
    script.push_str(rest);
    script.push_str(";\n");
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
    let mut space = true;
    let mut push = |out: &mut String, c: char| {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    };
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let skip_past = if rest.starts_with("<span class=\"gloss-tip\"") {
                    "</span>"
                } else if rest.starts_with("<script") {
                    "</script>"
                } else if rest.starts_with("<style") {
                    "</style>"
                } else {
                    ">"
                };
                rest = rest
                    .find(skip_past)
                    .map_or("", |at| &rest[at + skip_past.len()..]);
                push(&mut out, ' ');
            }
            '&' => match ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
                Some((name, decoded)) => {
                    push(&mut out, *decoded);
                    rest = &rest[name.len()..];
                }
                None => {
                    push(&mut out, '&');
                    rest = &rest[1..];
                }
            },
            _ => {
                // Copy the run of text up to the next tag or entity at once.
                let run = rest.find(['<', '&']).unwrap_or(rest.len());
                for c in rest[..run].chars() {
                    push(&mut out, c);
                }
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
    fn the_index_is_a_script() {
        let script = index_script(&[Entry {
            title: "A</script>".into(),
            url: "../a/index.html".into(),
            summary: String::new(),
            headings: vec![],
            text: "x".into(),
        }]);
        assert!(script.starts_with("window.LADDER_SEARCH = [{"));
        assert!(!script.contains("</script>"));
    }
}
