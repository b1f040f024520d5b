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
        let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
        let (message, hint) = explain(&raw, source_line);
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

/// Turns the parser's message into plain English and a suggested fix, using the line of
/// YAML the error is on to name the key.
fn explain(raw: &str, source_line: &str) -> (String, String) {
    let lower_raw = raw.to_lowercase();
    // The parser's limits (against alias bombs and runaway nesting) name its internals.
    if lower_raw.contains("budget") || lower_raw.contains("recursion limit") {
        let aliases = lower_raw.contains("alias") || lower_raw.contains("nodes");
        return (
            if aliases {
                "the YAML expands to too many values: its aliases (`*name`) are repeated or nested too much".to_string()
            } else {
                "the YAML is too large or too deeply nested for Ladder to read".to_string()
            },
            "write the values out instead of using aliases (`&name` and `*name`), and keep lists and blocks nested only a few levels deep".to_string(),
        );
    }
    // Drop the "at line X column Y" suffix: the place is shown separately.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].trim_end().to_string(),
        None => raw.to_string(),
    };
    let lower = message.to_lowercase();
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (
            format!("the key `{key}` is given twice"),
            "keep one of them: a key can only appear once in the same block".to_string(),
        );
    }
    if let Some(expected) = expected_kind(&lower) {
        let (key, value) = key_and_value(source_line);
        let message = match (key, value) {
            (Some(key), Some(value)) => format!("`{key}` should be {expected}, not `{value}`"),
            (Some(key), None) => format!("`{key}` should be {expected}"),
            _ => format!("this value should be {expected}"),
        };
        let hint = match expected {
            "a whole number" => "write digits only, for example `weight: 20` or `year: 2025`",
            "a number" => "write a number such as `39` or `12.5`",
            "true or false" => "write `true` or `false`",
            "a list" => "write a list as `[a, b]` or as lines starting with `- `",
            "a block of `key: value` lines" => {
                "write `key: value` pairs, indented under the key, or `{key: value}` on one line"
            }
            _ => "put text in quotes if it contains `: ` or starts with a symbol",
        };
        return (message, hint.to_string());
    }
    let hint = if lower.contains("budget") || lower.contains("alias") || lower.contains("anchor") {
        "the YAML uses too many aliases (`*name`) or is too deeply nested; write the values out"
    } else if lower.contains("missing field") {
        "add the missing key"
    } else {
        "check the indentation (spaces only, aligned under the parent) and that a `:` follows each key; put text containing `: ` or `#` in quotes"
    };
    (format!("YAML problem: {message}"), hint.to_string())
}

/// What kind of value the parser wanted, in words, from its message.
fn expected_kind(lower: &str) -> Option<&'static str> {
    if !(lower.starts_with("invalid") || lower.contains("expected")) {
        return None;
    }
    let after = lower.rsplit("expected").next().unwrap_or(lower);
    let wanted = if lower.starts_with("invalid ") && !lower.contains("expected") {
        lower
    } else {
        after
    };
    const WHOLE: &[&str] = &[
        "i64", "u64", "i32", "u32", "usize", "u16", "u8", "i16", "i8", "integer",
    ];
    if WHOLE.iter().any(|w| wanted.contains(w)) {
        Some("a whole number")
    } else if wanted.contains("f64") || wanted.contains("f32") || wanted.contains("float") {
        Some("a number")
    } else if wanted.contains("bool") {
        Some("true or false")
    } else if wanted.contains("sequence") || wanted.contains("list") || wanted.contains("array") {
        Some("a list")
    } else if wanted.contains("map") || wanted.contains("struct") {
        Some("a block of `key: value` lines")
    } else if wanted.contains("string") || wanted.contains("char") {
        Some("text")
    } else {
        None
    }
}

/// The key and value written on a YAML line (`  weight: first` -> `weight`, `first`).
fn key_and_value(line: &str) -> (Option<String>, Option<String>) {
    let trimmed = line.trim().trim_start_matches("- ").trim();
    match trimmed.split_once(':') {
        Some((key, value)) if (1..=3).contains(&key.split_whitespace().count()) => {
            let value = value.trim();
            let key = key.trim().trim_matches(['"', '\'']).to_string();
            (
                Some(key).filter(|k| !k.is_empty()),
                Some(value.to_string()).filter(|v| !v.is_empty()),
            )
        }
        _ => (None, None),
    }
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
    fn wrong_types_name_the_key_in_plain_english() {
        #[derive(Debug, serde::Deserialize)]
        struct Front {
            #[allow(dead_code)]
            weight: i64,
        }
        let err = parse::<Front>("weight: first\n", Path::new("p.md"), 2).unwrap_err();
        assert_eq!(
            err.message,
            "`weight` should be a whole number, not `first`"
        );
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn duplicate_keys_are_explained() {
        let err = parse::<BTreeMap<String, u32>>("year: 1\nyear: 2\n", Path::new("r.yaml"), 1)
            .unwrap_err();
        assert_eq!(err.message, "the key `year` is given twice");
        assert_eq!(err.line, Some(2));
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
