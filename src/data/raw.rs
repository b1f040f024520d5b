//! A table as read from a file, before it is checked and typed: the one shape every reader
//! (CSV, YAML records, sheets) produces, so the checks below are written once.

use std::path::PathBuf;

use super::cell::{self, Cell, Shorthand, parse_number};
use super::identify::{identifying_column, looks_like_email};
use super::texts::Texts;
use super::{Column, Meta, Table, located};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// At most this many diagnostics of one kind per column; the rest are counted in one more.
const MAX_REPORTED: usize = 5;

/// One column heading as read.
#[derive(Debug, Clone)]
pub(crate) struct RawHeader {
    pub name: String,
    /// Line of the header (CSV), of the first record holding the key (YAML), or the sheet
    /// row of the header.
    pub line: usize,
    /// Position in the source: field index (CSV), key order (YAML), sheet column (0 = A).
    pub source_column: usize,
}

/// A table as read, not yet checked.
#[derive(Debug, Clone)]
pub(crate) struct RawTable {
    pub name: String,
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub header_line: usize,
    pub headers: Vec<RawHeader>,
    /// The line (or sheet row) of each row.
    pub lines: Vec<usize>,
    /// The cells of each row (trimmed), exactly one per header.
    pub cells: Texts,
}

impl RawTable {
    /// A table with these headers and no rows yet.
    pub fn new(
        name: String,
        file: PathBuf,
        sheet: Option<String>,
        header_line: usize,
        headers: Vec<RawHeader>,
    ) -> RawTable {
        let cells = Texts::new(headers.len());
        RawTable {
            name,
            file,
            sheet,
            header_line,
            headers,
            lines: Vec::new(),
            cells,
        }
    }

    /// Adds a row found at `line`: one cell per header (missing cells are empty, extra
    /// ones dropped).
    pub fn push_row<'a>(&mut self, line: usize, cells: impl IntoIterator<Item = &'a str>) {
        self.lines.push(line);
        self.cells.push_row(cells);
    }

    /// The cells of a row, for tests.
    #[cfg(test)]
    pub fn row(&self, row: usize) -> Vec<&str> {
        self.cells.row(row).collect()
    }

    /// An error at a row (by line) and column (by index into `headers`) of this table.
    fn error(&self, line: usize, column: Option<usize>, message: String) -> Diagnostic {
        let source_column = column
            .and_then(|c| self.headers.get(c))
            .map(|h| h.source_column);
        located(
            &self.file,
            self.sheet.as_deref(),
            Some(line),
            source_column,
            message,
        )
    }

    /// Checks the table and types its cells. Returns `None` when the table cannot be used
    /// (no usable header, no rows) or must not be (it identifies people).
    pub fn into_table(mut self, meta: &Meta, diagnostics: &mut Diagnostics) -> Option<Table> {
        self.drop_empty_rows();
        self.drop_unnamed_empty_columns();
        if !self.headers_ok(diagnostics) || self.identifies_people(diagnostics) {
            return None;
        }
        if self.lines.is_empty() {
            diagnostics.push(
                self.error(self.header_line, None, "the table has a header row but no rows of data".to_string())
                    .with_hint("add one row per group below the header (for example `SCS,lower,12`), or remove the file"),
            );
            return None;
        }
        let table = self.build(meta);
        if has_email_cells(&table, diagnostics) {
            return None;
        }
        check_counts(&table, diagnostics);
        Some(table)
    }

    /// Drops rows whose cells are all empty.
    fn drop_empty_rows(&mut self) {
        let keep: Vec<bool> = (0..self.lines.len())
            .map(|r| self.cells.row(r).any(|c| !c.is_empty()))
            .collect();
        if keep.iter().all(|k| *k) {
            return;
        }
        self.cells = self.cells.retain_rows(&keep);
        self.lines = kept(std::mem::take(&mut self.lines), &keep);
    }

    /// Drops columns with no name and no values: the empty columns spreadsheets often add
    /// at the right of a table (`a,b,` with `1,2,`).
    fn drop_unnamed_empty_columns(&mut self) {
        let keep: Vec<bool> = (0..self.headers.len())
            .map(|c| {
                !self.headers[c].name.is_empty()
                    || (0..self.lines.len()).any(|r| !self.cell_at(r, c).is_empty())
            })
            .collect();
        if keep.iter().all(|k| *k) {
            return;
        }
        self.headers = kept(std::mem::take(&mut self.headers), &keep);
        self.cells = self.cells.retain_columns(&keep);
    }

    /// The text of a cell; empty outside the table.
    fn cell_at(&self, row: usize, column: usize) -> &str {
        self.cells.get(row, column).unwrap_or_default()
    }

    /// Reports unnamed and duplicate column names; `false` when there was any.
    fn headers_ok(&self, diagnostics: &mut Diagnostics) -> bool {
        let mut ok = true;
        for (c, header) in self.headers.iter().enumerate() {
            if header.name.is_empty() {
                ok = false;
                diagnostics.push(
                    self.error(header.line, Some(c), format!("column {} has no name in the header row, but holds values", c + 1))
                        .with_hint("write a name for the column (such as `grade` or `count`) in the header row, or delete the column; the first row must name the columns, so move any title or notes above the table into NAME.meta.yaml"),
                );
                continue;
            }
            let first = self.headers[..c]
                .iter()
                .position(|h| h.name.to_lowercase() == header.name.to_lowercase());
            if let Some(first) = first {
                ok = false;
                let message = format!(
                    "the column name `{}` appears twice in the header (columns {} and {})",
                    header.name,
                    first + 1,
                    c + 1
                );
                diagnostics.push(
                    self.error(header.line, Some(c), message)
                        .with_hint("give each column its own name (names are compared ignoring upper and lower case), or remove the repeated column"),
                );
            }
        }
        ok
    }

    /// Refuses columns that identify people; `true` when there was any.
    fn identifies_people(&self, diagnostics: &mut Diagnostics) -> bool {
        let mut refused = false;
        for (c, header) in self.headers.iter().enumerate() {
            let Some(what) = identifying_column(&header.name) else {
                continue;
            };
            refused = true;
            let message = format!(
                "the column `{}` looks like it holds {what}; Ladder publishes aggregate tables only (counts of people per group), so data that identifies people must never be in the report folder",
                header.name
            );
            let mut hint = "delete this file, remove the column from the original and add up the rows to one count per group before adding the table again".to_string();
            if what == "people's names" {
                hint.push_str("; if the column names groups rather than people, rename it (for example `group` or `network`)");
            }
            diagnostics.push(self.error(header.line, Some(c), message).with_hint(hint));
        }
        refused
    }

    /// Types the columns and cells. Each column is typed in one pass over its cells; the
    /// text stays where it was read, in [`Table::text`].
    pub fn build(self, meta: &Meta) -> Table {
        let height = self.lines.len();
        let mut rows: Vec<Vec<Cell>> = (0..height)
            .map(|_| Vec::with_capacity(self.headers.len()))
            .collect();
        let mut columns = Vec::with_capacity(self.headers.len());
        for (c, header) in self.headers.iter().enumerate() {
            let (kind, cells) = cell::column((0..height).map(|r| self.cell_at(r, c)));
            for (row, cell) in rows.iter_mut().zip(cells) {
                row.push(cell);
            }
            columns.push(Column {
                kind,
                label: label_for(meta, &header.name),
                name: header.name.clone(),
                header_line: header.line,
                source_column: header.source_column,
            });
        }
        Table {
            name: self.name,
            file: self.file,
            sheet: self.sheet,
            meta: meta.clone(),
            columns,
            rows,
            text: self.cells,
            row_lines: self.lines,
            header_line: self.header_line,
        }
    }
}

/// The items whose flag in `keep` is true.
fn kept<T>(items: Vec<T>, keep: &[bool]) -> Vec<T> {
    items
        .into_iter()
        .zip(keep)
        .filter_map(|(item, keep)| keep.then_some(item))
        .collect()
}

/// The label `NAME.meta.yaml` gives a column, matched as [`Table::column`] matches names.
fn label_for(meta: &Meta, name: &str) -> Option<String> {
    meta.columns
        .get(name)
        .or_else(|| {
            meta.columns
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })
        .cloned()
}

/// Pushes at most [`MAX_REPORTED`] of `found`, then one diagnostic counting the rest.
fn push_capped(table: &Table, found: Vec<Diagnostic>, what: &str, diagnostics: &mut Diagnostics) {
    let more = found.len().saturating_sub(MAX_REPORTED);
    for d in found.into_iter().take(MAX_REPORTED) {
        diagnostics.push(d);
    }
    if more > 0 {
        let message = format!("{more} more rows have {what}");
        diagnostics.push(
            located(&table.file, table.sheet.as_deref(), None, None, message)
                .with_hint("fix them in the same way as the rows reported above"),
        );
    }
}

/// Refuses text cells that hold email addresses; `true` when there was any.
fn has_email_cells(table: &Table, diagnostics: &mut Diagnostics) -> bool {
    let mut any = false;
    for (c, column) in table.columns.iter().enumerate() {
        let found: Vec<Diagnostic> = (0..table.rows.len())
            .filter(|&r| {
                matches!(table.cell(r, c), Cell::Text) && looks_like_email(table.cell_text(r, c))
            })
            .map(|r| {
                table.error(Some(r), Some(c), format!(
                    "the value in column `{}` looks like an email address; Ladder publishes aggregate tables only, so data that identifies people must never be in the report folder",
                    column.name
                ))
                .with_hint("delete this file, remove the email addresses from the original and add up the rows to one count per group before adding the table again")
            })
            .collect();
        any |= !found.is_empty();
        let what = format!("an email address in column `{}`", column.name);
        push_capped(table, found, &what, diagnostics);
    }
    any
}

/// Checks the count column: every value a whole number of people, zero or more, or GSS
/// shorthand, or empty.
fn check_counts(table: &Table, diagnostics: &mut Diagnostics) {
    let Some(c) = table.count_column() else {
        return;
    };
    let name = &table.columns[c].name;
    let found: Vec<Diagnostic> = (0..table.rows.len())
        .filter_map(|r| {
            let text = table.cell_text(r, c);
            let (problem, hint) = match table.cell(r, c) {
                // The number read from this very text: no need to read it again.
                Cell::Number(n) => number_problem(*n),
                _ => count_problem(text),
            }?;
            Some(
                table
                    .error(
                        Some(r),
                        Some(c),
                        format!("the count `{text}` in column `{name}` {problem}"),
                    )
                    .with_hint(hint),
            )
        })
        .collect();
    let what = format!("a count in column `{name}` that is not a whole number of people");
    push_capped(table, found, &what, diagnostics);
}

/// The largest count of people Ladder accepts: more than everyone in the world, so only a
/// mistake is larger, and no sum of such counts comes near overflowing.
const MAX_COUNT: f64 = 10_000_000_000.0;

/// What is wrong with a count as written, and how to fix it; `None` when it is fine.
fn count_problem(text: &str) -> Option<(&'static str, &'static str)> {
    if text.is_empty() || Shorthand::parse(text).is_some() {
        return None;
    }
    let Some(number) = parse_number(text) else {
        return Some((
            "is not a number",
            "the count column holds the number of people behind each row: write a whole number such as 12, or GSS shorthand such as [c] (confidential) or [x] (not available)",
        ));
    };
    number_problem(number)
}

/// What is wrong with a count read as `number`, and how to fix it; `None` when it is fine.
fn number_problem(number: f64) -> Option<(&'static str, &'static str)> {
    if number < 0.0 {
        Some((
            "is negative",
            "a count is a number of people, so it cannot be below zero: check the figure in the original",
        ))
    } else if number.fract() != 0.0 {
        Some((
            "is not a whole number",
            "a count is a number of people: write a whole number, and put rates, shares or averages in a column of their own",
        ))
    } else if number > MAX_COUNT {
        Some((
            "is too large: a count of people cannot be more than 10,000,000,000 (more than everyone in the world)",
            "check the figure in the original: it may have extra digits, or be a reference number or an amount of money pasted into the count column",
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_numbers_have_the_same_problems_as_their_text() {
        for text in ["12", "1,234", "-3", "2.5", "10,000,000,000", "10000000001"] {
            let number = parse_number(text).unwrap();
            assert_eq!(number_problem(number), count_problem(text), "{text}");
        }
    }

    #[test]
    fn rows_and_columns_with_nothing_in_them_are_dropped() {
        let headers = ["a", "", "b"]
            .iter()
            .enumerate()
            .map(|(i, h)| RawHeader {
                name: h.to_string(),
                line: 1,
                source_column: i,
            })
            .collect();
        let mut raw = RawTable::new("t".into(), "data/t.csv".into(), None, 1, headers);
        raw.push_row(2, ["x", "", "1"]);
        raw.push_row(3, [" ", "", ""]);
        raw.push_row(4, ["y", " ", "2"]);
        let mut diagnostics = Diagnostics::new();
        let table = raw.into_table(&Meta::default(), &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(table.column_names(), ["a", "b"]);
        assert_eq!(table.row_lines, [2, 4]);
        assert_eq!(table.cell_text(1, 0), "y");
        assert_eq!(table.cell_text(1, 1), "2");
        assert_eq!(table.rows[1], [Cell::Text, Cell::Number(2.0)]);
    }

    #[test]
    fn count_problems() {
        assert!(count_problem("12").is_none());
        assert!(count_problem("1,234").is_none());
        assert!(count_problem("12.0").is_none());
        assert!(count_problem("[c]").is_none());
        assert!(count_problem("").is_none());
        assert_eq!(count_problem("abc").unwrap().0, "is not a number");
        assert_eq!(count_problem("-3").unwrap().0, "is negative");
        assert_eq!(count_problem("2.5").unwrap().0, "is not a whole number");
        assert!(count_problem("10,000,000,000").is_none());
        assert!(
            count_problem("99999999999999999999")
                .unwrap()
                .0
                .starts_with("is too large")
        );
        assert!(
            count_problem("10000000001")
                .unwrap()
                .0
                .starts_with("is too large")
        );
    }
}
