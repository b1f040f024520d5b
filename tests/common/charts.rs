//! Helpers for reading what Ladder writes for data: figures (heading, inline SVG, the
//! expandable table, the caption), CSV downloads and data pages.

use super::{attr, between, text_of};

/// The `<figure class="chart …" id="figure-N">…</figure>` of figure `number` in a page.
pub fn figure(html: &str, number: usize) -> String {
    let marker = format!("id=\"figure-{number}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("figure {number} is not in the page"));
    let start = html[..at]
        .rfind("<figure")
        .expect("the figure id is on a <figure>");
    between(&html[start..], "<figure", "</figure>").to_string()
}

/// The numbers of the figures in a page, in order, as their headings say
/// (`<span class="chart-number">Figure 3:</span>`).
pub fn figure_numbers(html: &str) -> Vec<usize> {
    html.split("<span class=\"chart-number\">Figure ")
        .skip(1)
        .map(|rest| {
            let end = rest.find(':').expect("Figure N:");
            rest[..end].parse().expect("a figure number")
        })
        .collect()
}

/// The one inline `<svg …>…</svg>` of a figure.
pub fn svg(figure: &str) -> String {
    assert_eq!(
        figure.matches("<svg").count(),
        1,
        "a figure holds exactly one <svg>\n{figure}"
    );
    between(figure, "<svg", "</svg>").to_string()
}

/// Every start tag `<name …>` of an SVG or HTML fragment.
pub fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    html.match_indices(&open)
        .filter_map(|(i, _)| html[i..].find('>').map(|end| &html[i..=i + end]))
        .collect()
}

/// The text of every `<text>` element of an SVG.
pub fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| {
            let start = t.find('>')? + 1;
            let end = t.find("</text>")?;
            Some(t[start..end].to_string())
        })
        .collect()
}

/// The marks of an SVG: `<rect>`, `<circle>` and `<polygon>` elements filled with one of
/// `colours` (the series colours, `#RRGGBB`). Includes the legend swatches, one per series
/// when there are several.
pub fn filled_with(svg: &str, colours: &[&str]) -> usize {
    ["rect", "circle", "polygon"]
        .iter()
        .flat_map(|name| tags(svg, name))
        .filter(|tag| {
            attr(tag, "fill")
                .is_some_and(|fill| colours.iter().any(|c| c.eq_ignore_ascii_case(&fill)))
        })
        .count()
}

/// A table read from HTML: the header cells and the rows, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The `<caption>` text.
    pub caption: String,
    /// How many `<th scope="col">` and `<th scope="row">` cells it has.
    pub col_headers: usize,
    pub row_headers: usize,
}

/// The first `<table>` of an HTML fragment.
pub fn html_table(html: &str) -> HtmlTable {
    let table = between(html, "<table", "</table>");
    let caption = if table.contains("<caption>") {
        text_of(between(table, "<caption>", "</caption>"))
    } else {
        String::new()
    };
    let cells = |row: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = row;
        while let Some(start) = rest.find(['<']) {
            let after = &rest[start..];
            let is_cell = after.starts_with("<th") || after.starts_with("<td");
            if !is_cell {
                rest = &after[1..];
                continue;
            }
            let close = if after.starts_with("<th") {
                "</th>"
            } else {
                "</td>"
            };
            let end = after.find(close).expect("a closed cell");
            let open_end = after.find('>').expect("a cell start tag");
            out.push(text_of(&after[open_end + 1..end]));
            rest = &after[end + close.len()..];
        }
        out
    };
    let head = between(table, "<thead", "</thead>");
    let header = cells(head);
    let body = between(table, "<tbody", "</tbody>");
    let rows = body
        .split("<tr")
        .skip(1)
        .map(|r| cells(&r[..r.find("</tr>").expect("a closed row")]))
        .collect();
    HtmlTable {
        header,
        rows,
        caption,
        col_headers: table.matches("<th scope=\"col\"").count(),
        row_headers: table.matches("<th scope=\"row\"").count(),
    }
}

/// Parses CSV (RFC 4180: quotes, doubled quotes, CRLF or LF) into records.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// A number as printed in a page or a CSV download: `1,234`, `18%`, `£24,500`, `30.0`.
/// `None` for a symbol (`[c]`) or text.
pub fn number(text: &str) -> Option<f64> {
    let plain: String = text
        .trim()
        .trim_start_matches('£')
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    if plain.is_empty()
        || !plain
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    plain.parse().ok()
}

/// True when `token` (such as `7%` or `54,321`) occurs in `text` as a whole number: not
/// as the end of a longer number (`17%`, `2.7%`) nor the start of one (`7.5`, `70`).
pub fn mentions_number(text: &str, token: &str) -> bool {
    text.match_indices(token).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + token.len()..].chars().next();
        let part_of_number = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let joined = |c: Option<char>| matches!(c, Some('.' | ','));
        let after_joined = joined(after)
            && text[i + token.len() + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit());
        !part_of_number(before) && !joined(before) && !part_of_number(after) && !after_joined
    })
}

/// The file a relative link in the page `page` (a path in the output folder, such as
/// `who-gets-on/index.html`) points at, as a path in the output folder. Anchors and
/// query strings are dropped.
pub fn resolve(page: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in href.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The levels of the headings (`<h1>` … `<h6>`) of an HTML fragment, in order.
pub fn heading_levels(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(i, _)| {
            let rest = &html[i + 2..];
            let mut chars = rest.chars();
            let level = chars.next()?.to_digit(10)?;
            let next = chars.next()?;
            ((1..=6).contains(&level) && (next == ' ' || next == '>')).then_some(level as u8)
        })
        .collect()
}
