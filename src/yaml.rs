//! The one place Ladder reads YAML. Everything else calls [`parse`], so the YAML crate
//! (serde-saphyr: safe Rust, line and column in errors, limits against alias bombs) can be
//! swapped here alone.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

pub use serde_saphyr::Spanned;

/// Parses `text` (the YAML of `file`, which starts on line `first_line` of that file) into
/// `T`. A problem becomes a diagnostic with the file, line and column.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if let Some((line, column)) = find_tab_indent(text) {
        return Err(Diagnostic::error(
            file,
            "this YAML line is indented with a tab; YAML only allows spaces for indentation",
        )
        .at(line + first_line - 1, column)
        .with_hint("replace the tab at the start of the line with spaces"));
    }
    serde_saphyr::from_str::<T>(text).map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        let raw = error
            .render_with_options(serde_saphyr::render_options! {
                snippets: serde_saphyr::SnippetMode::Off,
            })
            .trim()
            .to_string();
        let (message, hint) = explain(&raw);
        Diagnostic::error(file, message)
            .at(line.max(1) + first_line - 1, column.max(1))
            .with_hint(hint)
    })
}

/// The first line (1-based) and column that is indented with a tab, if any.
fn find_tab_indent(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let rest = &line[indent.len()..];
        // A tab before content (not inside a block scalar we cannot see) is an error in YAML.
        (indent.contains('\t') && !rest.is_empty() && !rest.starts_with('#'))
            .then(|| (i + 1, indent.find('\t').map_or(1, |p| p + 1)))
    })
}

/// Turns the parser's message into plain English and a suggested fix.
fn explain(raw: &str) -> (String, String) {
    // Drop the "at line X column Y" suffix: the place is shown separately.
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].trim_end().to_string(),
        None => raw.to_string(),
    };
    let lower = message.to_lowercase();
    let hint = if lower.contains("duplicate") {
        "a key appears twice in the same block: remove or rename one of them"
    } else if lower.contains("budget") || lower.contains("alias") || lower.contains("anchor") {
        "the YAML uses too many aliases (`*name`) or is too deeply nested; write the values out"
    } else if lower.contains("invalid type") || lower.contains("expected") {
        "check the value's type: text, a number, true/false, a list (`- item` or `[a, b]`) or a block of `key: value` lines"
    } else if lower.contains("missing field") {
        "add the missing key"
    } else {
        "check the indentation (spaces only, aligned under the parent) and that a `:` follows each key; put text containing `: ` or `#` in quotes"
    };
    (format!("YAML problem: {message}"), hint.to_string())
}

/// Finds the line (1-based) on which `key:` is written at the start of a line with the
/// given indent, for pointing at keys that parsed but are not allowed.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let trimmed = line.trim_start();
            let unquoted = trimmed.trim_start_matches(['"', '\'']);
            unquoted.starts_with(key)
                && unquoted[key.len()..]
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn errors_carry_the_line_in_the_file() {
        let err =
            parse::<BTreeMap<String, u32>>("a: 1\nb: [\n", Path::new("x.yaml"), 3).unwrap_err();
        assert_eq!(err.file, Path::new("x.yaml"));
        assert!(err.line.unwrap() >= 4, "{err:?}");
    }

    #[test]
    fn tabs_are_reported_with_a_fix() {
        let err = parse::<BTreeMap<String, BTreeMap<String, u32>>>(
            "a:\n\tb: 1\n",
            Path::new("x.yaml"),
            1,
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)));
        assert!(err.message.contains("tab"));
    }

    #[test]
    fn alias_bombs_stop() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            bomb.push_str(&format!(
                "{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let result = parse::<serde_json::Value>(&bomb, Path::new("bomb.yaml"), 1);
        assert!(result.is_err());
    }

    #[test]
    fn key_line_finds_top_level_keys() {
        let text = "title: x\n# c\ntitel: y\n";
        assert_eq!(key_line(text, "titel"), Some(3));
        assert_eq!(key_line(text, "nope"), None);
    }
}
