//! `data/NAME.yaml`: a table written as a list of records, one per row:
//!
//! ```yaml
//! - {grade: SCS, seb: lower, count: 12}
//! - grade: SCS
//!   seb: professional
//!   count: 45
//! ```
//!
//! Columns come in the order they first appear; a key missing from a record is an empty
//! cell. Values are single texts, numbers, true/false or nothing (`~`); a list or block
//! as a value is an error.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::raw::{RawHeader, RawTable};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::yaml::{self, Spanned};

/// How a YAML table looks, for hints.
const EXAMPLE: &str = "a YAML table is a list with one record per row, each starting with `- `, such as `- {grade: SCS, seb: lower, count: 12}`";

/// One record, its keys in the order written, each value with its place.
struct Record(Vec<(String, Spanned<Value>)>);

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record of `column: value` pairs")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Spanned<Value>>()?;
            pairs.push((key.trim().to_string(), value));
        }
        Ok(Record(pairs))
    }
}

/// Reads the YAML file `rel` (relative to `root`) as the table `name`. `None` when it
/// cannot be read or parsed, or holds no records.
pub(crate) fn read(
    root: &Path,
    rel: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<RawTable> {
    let text = super::read_text(root, rel, diagnostics)?;
    parse(&text, rel, name, diagnostics)
}

/// Parses the records of a YAML table.
fn parse(text: &str, rel: &Path, name: &str, diagnostics: &mut Diagnostics) -> Option<RawTable> {
    let records = match records(text, rel) {
        Ok(records) => records,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let headers = headers(&records);
    let rows: Vec<(usize, Vec<String>)> = records
        .iter()
        .filter_map(|record| row(record, &headers, rel, diagnostics))
        .collect();
    let mut table = RawTable::new(
        name.to_string(),
        rel.to_path_buf(),
        None,
        records.first().map_or(1, |r| line(&r.referenced)),
        headers,
    );
    for (line, cells) in &rows {
        table.push_row(*line, cells.iter().map(String::as_str));
    }
    Some(table)
}

/// The records of the file, or the error that stops reading it.
fn records(text: &str, rel: &Path) -> Result<Vec<Spanned<Record>>, Diagnostic> {
    let no_records = || {
        Diagnostic::error(rel, "the file has no records")
            .at_line(1)
            .with_hint(EXAMPLE)
    };
    let nothing = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if nothing {
        return Err(no_records());
    }
    // The shape first, so a block of keys gets a message about tables, not types.
    match yaml::parse::<Value>(text, rel, 1)? {
        Value::Array(items) if items.is_empty() => return Err(no_records()),
        Value::Array(_) => {}
        Value::Null => return Err(no_records()),
        _ => {
            return Err(
                Diagnostic::error(rel, "this YAML file is not a list of records")
                    .at_line(first_content_line(text))
                    .with_hint(EXAMPLE),
            );
        }
    }
    yaml::parse(text, rel, 1)
}

/// The first line that is not blank or a comment.
fn first_content_line(text: &str) -> usize {
    text.lines()
        .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(1, |i| i + 1)
}

/// A 1-based line from a parser location (0 when unknown).
fn line(location: &serde_saphyr::Location) -> usize {
    (location.line() as usize).max(1)
}

/// The columns, in the order their keys first appear.
fn headers(records: &[Spanned<Record>]) -> Vec<RawHeader> {
    let mut headers: Vec<RawHeader> = Vec::new();
    for record in records {
        for (key, value) in &record.value.0 {
            if !headers.iter().any(|h| h.name == *key) {
                headers.push(RawHeader {
                    name: key.clone(),
                    line: line(&value.referenced),
                    source_column: headers.len(),
                });
            }
        }
    }
    headers
}

/// The line of one record and its cells, in column order. `None` (with errors) when a
/// value is a list or a block.
fn row(
    record: &Spanned<Record>,
    headers: &[RawHeader],
    rel: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(usize, Vec<String>)> {
    let mut cells = vec![String::new(); headers.len()];
    let mut ok = true;
    for (key, value) in &record.value.0 {
        let Some(column) = headers.iter().position(|h| h.name == *key) else {
            continue;
        };
        match text(&value.value) {
            Some(text) => cells[column] = text,
            None => {
                ok = false;
                diagnostics.push(
                    Diagnostic::error(rel, format!("the value of `{key}` is a list or a block of keys, not a single value"))
                        .at_line(line(&value.referenced))
                        .with_hint("each value in a record is one text or number; write one record per row, such as `- {grade: SCS, seb: lower, count: 12}`"),
                );
            }
        }
    }
    ok.then(|| (line(&record.referenced), cells))
}

/// A single value as text; `None` for a list or a map.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (Option<RawTable>, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let table = parse(text, Path::new("data/t.yaml"), "t", &mut diagnostics);
        (table, diagnostics)
    }

    #[test]
    fn records_become_rows_in_first_appearance_order() {
        let text = "# staff by grade\n- {grade: SCS, seb: lower, count: 12}\n- grade: EO\n  count: 1,234\n  note: new\n- {seb: professional, grade: G7, count: \"[c]\", year: 2025}\n";
        let (table, diagnostics) = parse_ok(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let table = table.unwrap();
        let names: Vec<&str> = table.headers.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["grade", "seb", "count", "note", "year"]);
        assert_eq!(table.row(0), ["SCS", "lower", "12", "", ""]);
        assert_eq!(table.row(1), ["EO", "", "1,234", "new", ""]);
        assert_eq!(table.row(2), ["G7", "professional", "[c]", "", "2025"]);
        assert_eq!(table.lines, [2, 3, 6]);
        assert_eq!(table.headers[3].line, 5);
    }

    #[test]
    fn nested_values_are_errors_on_their_line() {
        let (table, diagnostics) =
            parse_ok("- {grade: SCS, count: 3}\n- grade: EO\n  count: [1, 2]\n");
        let errors = diagnostics.sorted();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(3));
        assert!(errors[0].message.contains("`count`"));
        assert_eq!(table.unwrap().lines.len(), 1);
    }

    #[test]
    fn not_a_list() {
        let (table, diagnostics) = parse_ok("grade: SCS\ncount: 3\n");
        assert!(table.is_none());
        let error = &diagnostics.sorted()[0];
        assert!(error.message.contains("not a list of records"), "{error:?}");
        let (table, diagnostics) = parse_ok("# nothing yet\n");
        assert!(table.is_none());
        assert!(diagnostics.sorted()[0].message.contains("no records"));
        let (table, diagnostics) = parse_ok("- SCS\n- EO\n");
        assert!(table.is_none());
        assert!(diagnostics.has_errors());
    }
}
