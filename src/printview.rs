//! The whole report on one page, in navigation order, for printing to PDF (FORMAT.md
//! section 12): each page becomes a section under its title, with its headings one level
//! down and its ids made unique within the page.

use std::fmt::Write as _;

use crate::html::escape;

/// Where the print view is written.
pub const PRINT_OUT: &str = "print/index.html";

/// One page of the report, rendered for the print view (links relative to [`PRINT_OUT`]).
pub struct PrintPage<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub html: String,
}

/// The body of the print view: a contents list, then every page as a section.
pub fn body(pages: &[PrintPage]) -> String {
    let mut html = String::from(
        "<nav class=\"print-contents\" aria-labelledby=\"print-contents-title\">\n<h2 id=\"print-contents-title\">Contents</h2>\n<ol>\n",
    );
    for (i, page) in pages.iter().enumerate() {
        let _ = writeln!(
            html,
            "<li><a href=\"#p{}-title\">{}</a></li>",
            i + 1,
            escape(page.title)
        );
    }
    html.push_str("</ol>\n</nav>\n");
    for (i, page) in pages.iter().enumerate() {
        let prefix = format!("p{}-", i + 1);
        let _ = writeln!(
            html,
            "<section class=\"print-page\" aria-labelledby=\"{prefix}title\">\n<h2 class=\"print-page__title\" id=\"{prefix}title\">{}</h2>",
            escape(page.title)
        );
        if let Some(summary) = page.summary {
            let _ = writeln!(html, "<p class=\"lead\">{}</p>", escape(summary));
        }
        html.push_str(&demote_headings(&scope_ids(&page.html, &prefix)));
        html.push_str("</section>\n");
    }
    html
}

/// Gives every id in `html` a prefix, and every reference to one (`href="#x"`,
/// `aria-describedby`, `aria-labelledby`) the same prefix, so pages put together keep
/// unique ids. Works on the markup Ladder writes (double-quoted attributes).
pub fn scope_ids(html: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    const ATTRS: [&str; 4] = [
        " id=\"",
        " href=\"#",
        " aria-describedby=\"",
        " aria-labelledby=\"",
    ];
    loop {
        let next = ATTRS
            .iter()
            .filter_map(|a| rest.find(a).map(|i| (i, *a)))
            .min_by_key(|(i, _)| *i);
        let Some((at, attr)) = next else {
            out.push_str(rest);
            return out;
        };
        let value_start = at + attr.len();
        out.push_str(&rest[..value_start]);
        let Some(end) = rest[value_start..].find('"') else {
            out.push_str(&rest[value_start..]);
            return out;
        };
        let value = &rest[value_start..value_start + end];
        let scoped: Vec<String> = value
            .split(' ')
            .filter(|v| !v.is_empty())
            .map(|v| format!("{prefix}{v}"))
            .collect();
        out.push_str(&scoped.join(" "));
        rest = &rest[value_start + end..];
    }
}

/// Moves every heading one level down (`<h2>` becomes `<h3>`; `<h6>` stays).
pub fn demote_headings(html: &str) -> String {
    let mut out = html.to_string();
    for level in (1..=5).rev() {
        out = out
            .replace(&format!("<h{level}"), &format!("<h{}", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_references_get_the_prefix() {
        let html = r##"<h2 id="pay">Pay</h2><a href="#pay">x</a><a href="../a/index.html#pay">y</a><svg aria-labelledby="f1-title f1-desc">"##;
        let scoped = scope_ids(html, "p2-");
        assert!(scoped.contains(r#"id="p2-pay""#));
        assert!(scoped.contains(r##"href="#p2-pay""##));
        assert!(
            scoped.contains(r##"href="../a/index.html#pay""##),
            "links to other files are left alone"
        );
        assert!(scoped.contains(r#"aria-labelledby="p2-f1-title p2-f1-desc""#));
    }

    #[test]
    fn headings_move_down_once() {
        assert_eq!(
            demote_headings("<h2 id=\"a\">A</h2><h3>B</h3><h6>C</h6>"),
            "<h3 id=\"a\">A</h3><h4>B</h4><h6>C</h6>"
        );
    }

    #[test]
    fn pages_become_sections_with_a_contents_list() {
        let html = body(&[
            PrintPage {
                title: "Home",
                summary: Some("Lead"),
                html: "<h2 id=\"x\">X</h2>".into(),
            },
            PrintPage {
                title: "Pay",
                summary: None,
                html: "<h2 id=\"x\">X</h2>".into(),
            },
        ]);
        assert!(html.contains("href=\"#p2-title\">Pay</a>"));
        assert!(html.contains("<h3 id=\"p1-x\">X</h3>"));
        assert!(html.contains("<h3 id=\"p2-x\">X</h3>"));
    }
}
