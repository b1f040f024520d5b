//! `data/NAME.csv`: UTF-8 (a byte-order mark is fine), comma separated, one header row,
//! CRLF or LF line ends, fields in double quotes may hold commas, quotes (`""`) and line
//! breaks.

use std::path::Path;

use ::csv::{Reader, ReaderBuilder, StringRecord};

use super::raw::{RawHeader, RawTable};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// Reads the CSV file `rel` (relative to `root`) as the table `name`. Ragged rows are
/// reported and skipped; `None` when the file cannot be read or has no header.
pub(crate) fn read(
    root: &Path,
    rel: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<RawTable> {
    let text = super::read_text(root, rel, diagnostics)?;
    parse(&text, rel, name, diagnostics)
}

/// Parses CSV text (already decoded: no byte-order mark, LF line ends).
fn parse(text: &str, rel: &Path, name: &str, diagnostics: &mut Diagnostics) -> Option<RawTable> {
    let reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Records {
        reader,
        record: StringRecord::new(),
        text,
        counted: (0, 1),
    };
    let Some(header_line) = records.next(rel, diagnostics) else {
        diagnostics.push(
            Diagnostic::error(rel, "the file is empty")
                .with_hint("a table needs a header row naming the columns (such as `grade,seb,count`) and one row per group below it"),
        );
        return None;
    };
    let headers: Vec<RawHeader> = records
        .record
        .iter()
        .enumerate()
        .map(|(i, h)| RawHeader {
            name: h.trim().to_string(),
            line: header_line,
            source_column: i,
        })
        .collect();
    if let Some(d) = wrong_separator(&headers, rel, header_line) {
        diagnostics.push(d);
        return None;
    }
    let width = headers.len();
    let mut table = RawTable::new(
        name.to_string(),
        rel.to_path_buf(),
        None,
        header_line,
        headers,
    );
    while let Some(line) = records.next(rel, diagnostics) {
        let record = &records.record;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match check_width(record, width, rel) {
            Ok(()) => table.push_row(line, record),
            Err(d) => diagnostics.push(d.at_line(line)),
        }
    }
    Some(table)
}

/// Reads records, one at a time into the same [`StringRecord`], with the line each starts
/// on. The csv crate's own line numbers do not count blank lines, so lines are counted here
/// from the record's byte offset.
struct Records<'a> {
    reader: Reader<&'a [u8]>,
    /// The record last read.
    record: StringRecord,
    text: &'a str,
    /// A byte offset already counted, and the line it is on.
    counted: (usize, usize),
}

impl<'a> Records<'a> {
    /// Reads the next record into `self.record` and returns its line; `None` at the end of
    /// the file (or, with an error, when the reader fails, which it should not on decoded
    /// text).
    fn next(&mut self, rel: &Path, diagnostics: &mut Diagnostics) -> Option<usize> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let offset = self.record.position().map_or(0, |p| p.byte() as usize);
                Some(self.line_at(offset))
            }
            Err(error) => {
                let mut d = Diagnostic::error(rel, format!("could not read the CSV file: {error}"))
                    .with_hint("save the file again as \"CSV UTF-8 (comma delimited)\"");
                if let Some(position) = error.position() {
                    d = d.at_line(self.line_at(position.byte() as usize));
                }
                diagnostics.push(d);
                None
            }
        }
    }

    /// The line of the first character at or after `offset` that is not a line break
    /// (a record's offset may point at blank lines before it).
    fn line_at(&mut self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut start = offset.min(bytes.len());
        while bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let (from, line) = self.counted;
        if start < from {
            return line;
        }
        let line = line + bytes[from..start].iter().filter(|b| **b == b'\n').count();
        self.counted = (start, line);
        line
    }
}

/// Checks a row against the header's `width` columns. Extra cells at the end are fine when
/// they are empty (spreadsheets add them, and they are dropped); missing cells, or extra
/// values, are an error.
fn check_width(record: &StringRecord, width: usize, rel: &Path) -> Result<(), Diagnostic> {
    let found = record.len();
    let extra_values = record.iter().skip(width).any(|f| !f.trim().is_empty());
    if found >= width && !extra_values {
        return Ok(());
    }
    // A quote opened and never closed swallows the rest of the file into one value.
    if record.iter().any(|f| f.contains('\n')) && found < width {
        return Err(Diagnostic::error(
            rel,
            "a double quote `\"` opens a value here and is never closed, so the rest of the file is read as one value",
        )
        .with_hint("close the quote after the value (`\"Clerical, intermediate\"`), or remove it"));
    }
    let values = if found == 1 { "value" } else { "values" };
    let message = format!("this row has {found} {values}, but the header names {width} columns");
    let hint = if found < width {
        "give every row one value per column: an empty value is nothing between two commas (`SCS,,12`), and a value containing a comma goes in double quotes (`\"Clerical, intermediate\"`)"
    } else {
        "remove the extra values or name the column in the header; a value containing a comma goes in double quotes (`\"Clerical, intermediate\"`)"
    };
    Err(Diagnostic::error(rel, message).with_hint(hint))
}

/// An error when the header is one name containing semicolons or tabs: a file saved with
/// another separator.
fn wrong_separator(headers: &[RawHeader], rel: &Path, line: usize) -> Option<Diagnostic> {
    let [only] = headers else {
        return None;
    };
    let separator = [(';', "semicolons"), ('\t', "tabs")]
        .into_iter()
        .find(|(c, _)| only.name.contains(*c))?;
    Some(
        Diagnostic::error(
            rel,
            format!(
                "the values in this file are separated by {}, not commas",
                separator.1
            ),
        )
        .at_line(line)
        .with_hint("save the file again as \"CSV UTF-8 (comma delimited)\""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (Option<RawTable>, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let table = parse(text, Path::new("data/t.csv"), "t", &mut diagnostics);
        (table, diagnostics)
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let (table, diagnostics) = parse_ok(
            "grade,note,count\n\"SCS, senior\",\"said \"\"hi\"\"\nthen left\",12\nEO,x,3\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let table = table.unwrap();
        assert_eq!(
            table.row(0),
            ["SCS, senior", "said \"hi\"\nthen left", "12"]
        );
        assert_eq!(table.lines[0], 2);
        // The multi-line field moves the next row down.
        assert_eq!(table.lines[1], 4);
    }

    #[test]
    fn an_unclosed_quote_is_named() {
        let (_, diagnostics) = parse_ok("grade,count\nEO,120\n\"HEO,80\nSCS,30\n");
        let errors = diagnostics.sorted();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("never closed"), "{errors:?}");
        assert_eq!(errors[0].line, Some(3));
    }

    #[test]
    fn ragged_rows_are_reported_on_their_line_and_skipped() {
        let (table, diagnostics) = parse_ok("a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n1,2,3,,\n");
        let errors = diagnostics.sorted();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line, Some(3));
        assert!(
            errors[0].message.contains("2 values"),
            "{}",
            errors[0].message
        );
        assert!(errors[0].message.contains("3 columns"));
        assert_eq!(errors[1].line, Some(5));
        assert!(errors[1].message.contains("4 values"));
        // The good row and the one with empty trailing cells are kept.
        let table = table.unwrap();
        assert_eq!(table.lines, [2, 6]);
        assert_eq!(table.row(1), ["1", "2", "3"]);
    }

    #[test]
    fn lines_count_blank_lines_and_multi_line_fields() {
        let (table, diagnostics) = parse_ok("\n\na,b\n1,2\n\n\n\"x\ny\",2\n\nlast,1\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let table = table.unwrap();
        assert_eq!(table.header_line, 3);
        assert_eq!(table.lines, [4, 7, 10]);
    }

    #[test]
    fn empty_files_and_semicolons() {
        let (table, diagnostics) = parse_ok("");
        assert!(table.is_none());
        assert!(diagnostics.sorted()[0].message.contains("empty"));
        let (table, diagnostics) = parse_ok("grade;seb;count\nSCS;lower;3\n");
        assert!(table.is_none());
        let error = &diagnostics.sorted()[0];
        assert!(error.message.contains("semicolons"));
        assert_eq!(error.line, Some(1));
    }
}
