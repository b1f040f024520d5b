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
    format!("window.LADDER_SEARCH = {};\n", json.replace("</", "<\\/"))
}

/// The plain text of rendered HTML: tags dropped, entities decoded, spaces collapsed.
/// Scripts and styles are left out.
pub fn plain_text(html: &str) -> String {
    // Glossary tooltips repeat definitions that belong to the glossary, not the page.
    let mut without_tips = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<span class=\"gloss-tip\"") {
        without_tips.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</span>")
            .map_or("", |end| &rest[start + end + 7..]);
    }
    without_tips.push_str(rest);
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = without_tips.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let after = &rest[open..];
        let skip_to = ["<script", "<style"]
            .iter()
            .find(|t| after.starts_with(**t))
            .and_then(|t| {
                after
                    .find(&format!("</{}>", &t[1..]))
                    .map(|i| i + t.len() + 2)
            });
        let end = match skip_to {
            Some(end) => end,
            None => after.find('>').map_or(after.len(), |i| i + 1),
        };
        rest = &after[end.min(after.len())..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
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
