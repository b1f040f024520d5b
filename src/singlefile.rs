//! `ladder build --single-file FILE`: the whole report as one self-contained HTML file for
//! email or a document library. It is the print view with the stylesheets inlined, links
//! between pages turned into links within the file, local images inlined as data, and no
//! reference to any other file. Disclosure control has already been applied to everything
//! in it.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::html::escape;
use crate::output::SiteFiles;
use crate::printview::PRINT_OUT;
use crate::source::normalise;

/// Where each page of the print view starts: the page's output file and its section id
/// prefix (`p3-`).
pub struct Anchor<'a> {
    pub out: &'a str,
    pub prefix: String,
}

/// Makes the single file from the print view's body.
pub fn document(
    title: &str,
    language: &str,
    css: &str,
    body: &str,
    anchors: &[Anchor],
    files: &SiteFiles,
) -> String {
    let body = rewrite_references(body, anchors, files);
    let mut html = String::with_capacity(body.len() + css.len() + 512);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{css}\n</style>\n</head>\n<body class=\"kind-print kind-single-file\">\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n<main id=\"main\" class=\"main wrap\">\n<h1 class=\"page-title\">{title}</h1>\n{body}</main>\n</body>\n</html>\n",
        lang = escape(language),
        title = escape(title),
        css = strip_comments(css).replace("</style", "<\\/style"),
    );
    html
}

/// CSS without its comments (they only explain the theme, and may quote markup).
fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// Rewrites every `href` and `src` of the body: links to a page of the report go to its
/// section in the file, local images become data, and links to other files (downloads,
/// data pages) are taken out, leaving their text.
fn rewrite_references(body: &str, anchors: &[Anchor], files: &SiteFiles) -> String {
    let anchors: HashMap<&str, &str> = anchors.iter().map(|a| (a.out, a.prefix.as_str())).collect();
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    loop {
        // One pass over the body: each `="` is looked at once.
        let next = rest.match_indices("=\"").find_map(|(i, _)| {
            let before = &rest[..i];
            if before.ends_with(" href") {
                Some((i - " href".len(), " href=\""))
            } else if before.ends_with(" src") {
                Some((i - " src".len(), " src=\""))
            } else {
                None
            }
        });
        let Some((at, attr)) = next else {
            out.push_str(rest);
            return out;
        };
        let start = at + attr.len();
        let Some(len) = rest[start..].find('"') else {
            out.push_str(rest);
            return out;
        };
        let value = &rest[start..start + len];
        match resolve(value, attr == " src=\"", &anchors, files) {
            Some(new) => {
                out.push_str(&rest[..start]);
                out.push_str(&new);
                out.push('"');
            }
            None => {
                // No such target inside the file: drop the attribute (and `download`,
                // which needs one), keep the text.
                out.push_str(&rest[..at]);
                let after = &rest[start + len + 1..];
                rest = after.strip_prefix(" download").unwrap_or(after);
                continue;
            }
        }
        rest = &rest[start + len + 1..];
    }
}

/// The reference to use inside the single file, or `None` to drop it.
fn resolve(
    value: &str,
    is_src: bool,
    anchors: &HashMap<&str, &str>,
    files: &SiteFiles,
) -> Option<String> {
    if value.starts_with('#') || value.starts_with("data:") {
        return Some(value.to_string());
    }
    if value.contains("://") || value.starts_with("mailto:") || value.starts_with("tel:") {
        // A link to a web address is not a file of the report (images never are: the
        // build refuses images from other hosts).
        return (!is_src).then(|| value.to_string());
    }
    let (path, fragment) = match value.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (value, None),
    };
    let base = PRINT_OUT.rsplit_once('/').map_or("", |(d, _)| d);
    let target = normalise(&std::path::Path::new(base).join(path));
    let target = crate::site::slash_path(&target);
    if is_src {
        let bytes = files.files.get(&target)?;
        return Some(format!("data:{};base64,{}", mime(&target), base64(bytes)));
    }
    let prefix = anchors.get(target.as_str())?;
    Some(match fragment {
        Some(f) if !f.is_empty() => format!("#{prefix}{f}"),
        _ => format!("#{prefix}title"),
    })
}

fn mime(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("svg") => "image/svg+xml",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    }
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(TABLE[(n >> 18) as usize & 63] as char);
        out.push(TABLE[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            TABLE[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            TABLE[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn references_stay_inside_the_file() {
        let anchors = [
            Anchor {
                out: "index.html",
                prefix: "p1-".into(),
            },
            Anchor {
                out: "who-gets-on/index.html",
                prefix: "p2-".into(),
            },
        ];
        let mut files = SiteFiles::default();
        files.add("logo.png", vec![1u8, 2, 3]);
        let body = r##"<a href="../who-gets-on/index.html#pay">pay</a> <a href="../index.html">home</a> <a href="figure-3.csv" download>CSV</a> <a href="https://example.org/">web</a> <img src="../logo.png" alt="Logo"> <a href="#p2-x">x</a>"##;
        let out = rewrite_references(body, &anchors, &files);
        assert!(out.contains(r##"<a href="#p2-pay">pay</a>"##), "{out}");
        assert!(out.contains(r##"<a href="#p1-title">home</a>"##), "{out}");
        assert!(out.contains("<a>CSV</a>"), "{out}");
        assert!(out.contains(r#"href="https://example.org/""#));
        assert!(out.contains(r#"src="data:image/png;base64,AQID""#), "{out}");
        assert!(out.contains(r##"href="#p2-x""##));
    }
}
