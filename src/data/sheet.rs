//! Workbooks: `data/NAME.xlsx` (also `.xlsm`, `.xlsb`, `.xls`, `.ods`). Every worksheet
//! is the table `NAME/SHEET`, its first non-empty row the header.
//!
//! - Empty sheets, chart and macro sheets, and sheets whose names start with `_` or `.`
//!   are skipped without a word; hidden sheets are read like any other.
//! - Numbers are written as Rust writes them (`2025`, `12.5`); a cell formatted as a
//!   percentage holds a fraction (`0.185` for 18.5%) and is read as that fraction. Dates
//!   become `2025-10-01` (with `hh:mm` when there is a time); TRUE/FALSE stay text.
//! - A cell holding an Excel error (`#DIV/0!`, `#N/A`) is an error, and is read as empty.
//!
//! Workbooks have no lines to show, so messages name the sheet and cell (`C5`).

use std::path::Path;

use calamine::{Data, Range, Reader, SheetType, open_workbook_auto};

use super::located;
use super::raw::{RawHeader, RawTable};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// At most this many Excel error cells are reported per sheet.
const MAX_REPORTED: usize = 5;

/// The sheets of a workbook that are read: name and contents (or why it could not be read).
type Sheets = Vec<(String, Result<Range<Data>, String>)>;

/// Reads every worksheet of the workbook `rel` (relative to `root`) as `name/SHEET`.
pub(crate) fn read(
    root: &Path,
    rel: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<RawTable> {
    if !super::size_ok(root, rel, diagnostics) {
        return Vec::new();
    }
    let path = root.join(rel);
    // A damaged file must give an error, not stop Ladder: calamine reads untrusted
    // bytes, so a panic inside it is caught too.
    let opened = std::panic::catch_unwind(|| open(&path))
        .unwrap_or_else(|_| Err("the reader stopped on damaged contents".to_string()));
    let sheets = match opened {
        Ok(sheets) => sheets,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(rel, format!("could not read the workbook: {error}"))
                    .with_hint("open it in Excel or LibreOffice and save it again as .xlsx; Ladder cannot read password-protected workbooks"),
            );
            return Vec::new();
        }
    };
    let mut tables = Vec::new();
    for (sheet, range) in sheets {
        match range {
            Ok(range) => tables.extend(table(rel, name, &sheet, &range, diagnostics)),
            Err(error) => diagnostics.push(
                located(
                    rel,
                    Some(&sheet),
                    None,
                    None,
                    format!("could not read the sheet: {error}"),
                )
                .with_hint("open the workbook in Excel or LibreOffice and save it again as .xlsx"),
            ),
        }
    }
    tables
}

/// Opens the workbook and reads its worksheets.
fn open(path: &Path) -> Result<Sheets, String> {
    let mut workbook = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let names: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && !ignored(&s.name))
        .map(|s| s.name.clone())
        .collect();
    Ok(names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).map_err(|e| e.to_string());
            (name, range)
        })
        .collect())
}

/// Is this a sheet Ladder skips, as it skips `_private` files?
fn ignored(sheet: &str) -> bool {
    sheet.starts_with('_') || sheet.starts_with('.')
}

/// The raw table of one sheet; `None` for an empty sheet.
fn table(
    rel: &Path,
    name: &str,
    sheet: &str,
    range: &Range<Data>,
    diagnostics: &mut Diagnostics,
) -> Option<RawTable> {
    let (top, left) = range.start()?;
    let (top, left) = (top as usize, left as usize);
    let mut errors = Vec::new();
    let mut rows = range.rows().enumerate().map(|(i, cells)| {
        let line = top + i + 1;
        let texts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(j, data)| text(data, line, left + j, &mut errors))
            .collect();
        (line, texts)
    });
    let (header_line, header) =
        rows.find(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))?;
    let headers = header
        .iter()
        .enumerate()
        .map(|(j, h)| RawHeader {
            name: h.trim().to_string(),
            line: header_line,
            source_column: left + j,
        })
        .collect();
    let mut table = RawTable::new(
        format!("{name}/{sheet}"),
        rel.to_path_buf(),
        Some(sheet.to_string()),
        header_line,
        headers,
    );
    for (line, cells) in rows {
        table.push_row(line, cells.iter().map(String::as_str));
    }
    report_error_cells(rel, sheet, errors, diagnostics);
    Some(table)
}

/// An Excel error found in a cell: the sheet row, the sheet column and the error.
type ErrorCell = (usize, usize, String);

/// A cell as text. Excel errors are collected in `errors` and read as empty.
fn text(data: &Data, row: usize, column: usize, errors: &mut Vec<ErrorCell>) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, hour, minute, _, _) = dt.to_ymd_hms_milli();
            if (hour, minute) == (0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
            }
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(error) => {
            errors.push((row, column, error.to_string()));
            String::new()
        }
    }
}

/// Reports cells holding Excel errors, at most [`MAX_REPORTED`] of them.
fn report_error_cells(
    rel: &Path,
    sheet: &str,
    errors: Vec<ErrorCell>,
    diagnostics: &mut Diagnostics,
) {
    let hint = "fix the formula in the workbook, or write GSS shorthand in the cell, such as [x] (not available)";
    let more = errors.len().saturating_sub(MAX_REPORTED);
    for (row, column, error) in errors.into_iter().take(MAX_REPORTED) {
        let message = format!("the cell holds the Excel error `{error}`, not a value");
        diagnostics
            .push(located(rel, Some(sheet), Some(row), Some(column), message).with_hint(hint));
    }
    if more > 0 {
        let message = format!("{more} more cells hold Excel errors");
        diagnostics.push(located(rel, Some(sheet), None, None, message).with_hint(hint));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_text() {
        let mut errors = Vec::new();
        assert_eq!(text(&Data::Float(2025.0), 1, 0, &mut errors), "2025");
        assert_eq!(text(&Data::Float(12.5), 1, 0, &mut errors), "12.5");
        assert_eq!(text(&Data::Int(-3), 1, 0, &mut errors), "-3");
        assert_eq!(text(&Data::Bool(true), 1, 0, &mut errors), "TRUE");
        assert_eq!(
            text(&Data::String(" SCS ".into()), 1, 0, &mut errors),
            " SCS "
        );
        assert!(errors.is_empty());
        let error = Data::Error(calamine::CellErrorType::Div0);
        assert_eq!(text(&error, 4, 2, &mut errors), "");
        assert_eq!(errors, [(4, 2, "#DIV/0!".to_string())]);
    }
}
