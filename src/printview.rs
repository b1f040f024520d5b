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
    pub html: &'a str,
    /// Where the page's HTML was written for (its links are rebased from there to the
    /// print view); `None`: written for the print view already.
    pub from: Option<&'a str>,
}

/// The contents list that opens the print view: the pages' titles, in order.
pub fn contents<'t>(titles: impl Iterator<Item = &'t str>) -> String {
    let mut html = String::from(
        "<nav class=\"print-contents\" aria-labelledby=\"print-contents-title\">\n<h2 id=\"print-contents-title\">Contents</h2>\n<ol>\n",
    );
    for (i, title) in titles.enumerate() {
        let _ = writeln!(
            html,
            "<li><a href=\"#p{}-title\">{}</a></li>",
            i + 1,
            escape(title)
        );
    }
    html.push_str("</ol>\n</nav>\n");
    html
}

/// The section of the print view for the page at `position` (from 0) of the reading
/// order: its ids get the prefix `p{position + 1}-` and its headings move one level down.
pub fn part(position: usize, page: &PrintPage) -> String {
    let prefix = format!("p{}-", position + 1);
    let mut part = format!(
        "<section class=\"print-page\" aria-labelledby=\"{prefix}title\">\n<h2 class=\"print-page__title\" id=\"{prefix}title\">{}</h2>\n",
        escape(page.title)
    );
    if let Some(summary) = page.summary {
        let _ = writeln!(part, "<p class=\"lead\">{}</p>", escape(summary));
    }
    part.push_str(&demote_headings(&match page.from {
        Some(from) if from != PRINT_OUT => {
            rewrite_attributes(page.html, Some((from, PRINT_OUT)), Some(&prefix))
        }
        _ => scope_ids(page.html, &prefix),
    }));
    part.push_str("</section>\n");
    part
}

/// Rebases the relative links (`href`, `src`) of HTML written for the page at `from` so
/// they work from the page at `to` (both output paths, `/` separators). Links within the
/// page (`#x`), web addresses and data are left as they are.
pub fn rebase_links(html: &str, from: &str, to: &str) -> String {
    if from == to {
        return html.to_string();
    }
    rewrite_attributes(html, Some((from, to)), None)
}

/// Gives every id in `html` a prefix, and every reference to one (`href="#x"`,
/// `aria-describedby`, `aria-labelledby`) the same prefix, so pages put together keep
/// unique ids. Works on the markup Ladder writes (double-quoted attributes).
pub fn scope_ids(html: &str, prefix: &str) -> String {
    rewrite_attributes(html, None, Some(prefix))
}

/// [`rebase_links`] from `rebase.0` to `rebase.1` and [`scope_ids`] with `prefix`, in
/// one pass (each `="` is looked at once). Relative links are rebased; links within the
/// page (`href="#x"`), ids and id references get the prefix.
fn rewrite_attributes(html: &str, rebase: Option<(&str, &str)>, prefix: Option<&str>) -> String {
    const IDS: [&str; 3] = [" id", " aria-describedby", " aria-labelledby"];
    enum Change {
        Rebase,
        Scope,
    }
    let from_dir: Vec<&str> = match rebase.and_then(|(from, _)| from.rsplit_once('/')) {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    loop {
        let next = memchr::memmem::find_iter(rest.as_bytes(), b"=\"").find_map(|i| {
            let before = &rest[..i];
            let value = i + 2;
            let href = before.ends_with(" href");
            if href && rest[value..].starts_with('#') {
                // A link within the page: only its id changes.
                prefix.map(|_| (value + 1, Change::Scope))
            } else if href || before.ends_with(" src") {
                rebase.map(|_| (value, Change::Rebase))
            } else if IDS.iter().any(|a| before.ends_with(a)) {
                prefix.map(|_| (value, Change::Scope))
            } else {
                None
            }
        });
        let Some((start, change)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('"') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let value = &rest[start..start + len];
        match (change, rebase, prefix) {
            (Change::Rebase, Some((_, to)), _) => rebase_value(&mut out, value, &from_dir, to),
            (Change::Scope, _, Some(prefix)) => {
                let mut first = true;
                for v in value.split(' ').filter(|v| !v.is_empty()) {
                    if !first {
                        out.push(' ');
                    }
                    first = false;
                    out.push_str(prefix);
                    out.push_str(v);
                }
            }
            _ => out.push_str(value),
        }
        rest = &rest[start + len..];
    }
}

/// Writes a link `value` written in the folder `from_dir` as seen from the page `to`.
fn rebase_value(out: &mut String, value: &str, from_dir: &[&str], to: &str) {
    if value.is_empty()
        || value.starts_with('#')
        || value.contains("://")
        || ["mailto:", "tel:", "data:", "javascript:"]
            .iter()
            .any(|scheme| value.starts_with(scheme))
    {
        out.push_str(value);
        return;
    }
    let (path, fragment) = match value.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (value, None),
    };
    let mut target = from_dir.to_vec();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                target.pop();
            }
            _ => target.push(segment),
        }
    }
    out.push_str(&crate::site::relative_url(to, &target.join("/")));
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
}

/// Moves every heading one level down (`<h2>` becomes `<h3>`; `<h6>` stays), in one pass.
pub fn demote_headings(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for at in memchr::memchr_iter(b'<', bytes) {
        // `<hN` or `</hN`, then a space or `>`.
        let name = if bytes.get(at + 1) == Some(&b'/') {
            at + 2
        } else {
            at + 1
        };
        if bytes.get(name) == Some(&b'h')
            && let Some(d @ b'1'..=b'5') = bytes.get(name + 1).copied()
            && matches!(bytes.get(name + 2), Some(b' ' | b'>'))
        {
            out.push_str(&html[copied..name + 1]);
            out.push(char::from(d + 1));
            copied = name + 2;
        }
    }
    out.push_str(&html[copied..]);
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
    fn links_are_rebased_to_the_print_view() {
        let html = r##"<a href="../b/index.html#pay">b</a><a href="#x">x</a><img src="../img/a.png" alt=""><a href="https://x.org/a">w</a><a href="figure-1.csv" download>csv</a><a href="../index.html">home</a>"##;
        let rebased = rebase_links(html, "a/index.html", "print/index.html");
        assert!(
            rebased.contains(r##"href="../b/index.html#pay""##),
            "{rebased}"
        );
        assert!(rebased.contains(r##"href="#x""##));
        assert!(rebased.contains(r#"src="../img/a.png""#));
        assert!(rebased.contains(r#"href="https://x.org/a""#));
        assert!(rebased.contains(r#"href="../a/figure-1.csv""#));
        assert!(rebased.contains(r#"href="../index.html""#));
        let deep = rebase_links(
            r#"<a href="../../c/index.html">c</a><a href="../index.html">s</a>"#,
            "s/p/index.html",
            "print/index.html",
        );
        assert!(deep.contains(r#"href="../c/index.html""#), "{deep}");
        assert!(deep.contains(r#"href="../s/index.html""#), "{deep}");
        let top = rebase_links(
            r#"<a href="a/index.html">a</a>"#,
            "index.html",
            "print/index.html",
        );
        assert!(top.contains(r#"href="../a/index.html""#), "{top}");
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
        // The print view's body as a build writes it: the contents, then each part.
        let body = |pages: Vec<PrintPage>| {
            let mut html = contents(pages.iter().map(|p| p.title));
            for (position, page) in pages.iter().enumerate() {
                html.push_str(&part(position, page));
            }
            html
        };
        let html = body(vec![
            PrintPage {
                title: "Home",
                summary: Some("Lead"),
                html: "<h2 id=\"x\">X</h2>",
                from: None,
            },
            PrintPage {
                title: "Pay",
                summary: None,
                html: "<h2 id=\"x\">X</h2>",
                from: None,
            },
        ]);
        assert!(html.contains("href=\"#p2-title\">Pay</a>"));
        assert!(html.contains("<h3 id=\"p1-x\">X</h3>"));
        assert!(html.contains("<h3 id=\"p2-x\">X</h3>"));
    }

    #[test]
    fn one_pass_rebases_and_scopes_as_two_passes_do() {
        let html = "<p id=\"a\"><a href=\"#a\">x</a> <a href=\"../b/index.html#c\">y</a> \
            <img src=\"../../static/i.png\" alt=\"\"> <a href=\"https://x.org/\">z</a>\
            <svg aria-labelledby=\"t1 d1\"><title id=\"t1\">T</title></svg></p>";
        let from = "s1/p1/index.html";
        let two = scope_ids(&rebase_links(html, from, PRINT_OUT), "p3-");
        let one = rewrite_attributes(html, Some((from, PRINT_OUT)), Some("p3-"));
        assert_eq!(one, two);
        assert!(one.contains("href=\"#p3-a\""));
        assert!(one.contains("href=\"../s1/b/index.html#c\""));
        assert!(one.contains("src=\"../static/i.png\""));
        assert!(one.contains("aria-labelledby=\"p3-t1 p3-d1\""));
    }
}
