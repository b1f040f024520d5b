//! The aggregate tables of a report source (FORMAT.md section 6): every file of `data/`,
//! read, checked and typed.
//!
//! # Files and table names
//!
//! - `data/NAME.csv` is the table `NAME`: UTF-8 (a byte-order mark is fine), comma
//!   separated, one header row, CRLF or LF, quoted fields may hold commas and line breaks.
//! - `data/NAME.yaml` / `.yml` is the table `NAME`: a list of records
//!   (`- {grade: SCS, seb: lower, count: 12}`). Columns come in the order they first
//!   appear; a key missing from a record is an empty cell.
//! - Each sheet of `data/NAME.xlsx` (also `.xlsm`, `.xlsb`, `.xls`, `.ods`) is the table
//!   `NAME/SHEET`; the first non-empty row is the header. Empty sheets, chart sheets and
//!   sheets whose names start with `_` are skipped. Hidden sheets are read like any other.
//! - `data/NAME.meta.yaml` (optional) describes the table `NAME` (every sheet of
//!   `NAME.xlsx`): see [`Meta`].
//! - Names starting with `_` or `.`, and Excel's lock files (`~$NAME.xlsx`), are ignored.
//!   Any other file, and any sub-folder, gets a warning saying what Ladder reads.
//! - Two files giving the same table name (compared ignoring case) is an error.
//!
//! # Cells and columns
//!
//! Cells are trimmed of surrounding spaces. A column is a [`ColumnKind::Measure`] when it
//! has a value and every value that is not empty or GSS shorthand (`[c]`, `[x]`, `[z]`,
//! `[low]`, `[u]`, any case) is a number as [`parse_number`] reads it: `12`, `-3`, `12.5`,
//! `1,234`. A percent or currency sign makes the value text, so `12%` makes its column a
//! dimension: write shares as plain numbers (`12`) and say "%" in the column label.
//! Every other column is a [`ColumnKind::Dimension`], and all its values are text, even
//! `7` in a grade column that also holds `SCS`.
//!
//! The original text of every cell is kept in [`Table::text`] next to the typed value, so
//! years print as written (`2025`, never `2,025`): use [`Table::cell_text`] to show a cell
//! as the author wrote it and [`Cell::Number`] to compute.
//!
//! Column names are matched ignoring upper and lower case ([`Table::column`]), so two
//! columns whose names differ only in case are duplicates. Rows whose cells are all empty
//! are skipped, and so are columns with no name and no values (the empty columns a
//! spreadsheet adds at the right).
//!
//! # Checks
//!
//! Errors name the file and line (CSV, YAML) or the sheet and cell (`sheet `Grades`,
//! cell C5`; workbooks have no lines to show) and suggest a fix. A table is left out of the
//! result when its header is unusable (an unnamed column with values, a repeated name), it
//! has no rows, or it identifies people; one with bad values (a count of `-3`, a ragged CSV
//! row, which is skipped) is still returned, so the pages that use it are checked too —
//! the build fails on the errors anyway.
//!
//! Data identifying people is refused: see [`identify`] for the column names, and any text
//! cell holding an email address. The count column (`count`, or the one `NAME.meta.yaml`
//! names) must hold whole numbers of zero or more (up to 10,000,000,000: more people than
//! there are in the world), GSS shorthand or nothing.

mod cell;
mod csv;
pub mod identify;
mod meta;
mod raw;
mod records;
mod sheet;
mod texts;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use cell::{Cell, Shorthand, parse_number};
pub use meta::Meta;
pub use texts::Texts;

use crate::diagnostic::{Diagnostic, Diagnostics};
use raw::{RawHeader, RawTable};
use rayon::prelude::*;

/// The folder of the source that holds the tables.
pub const DATA: &str = "data";
/// Larger data files are refused: aggregate tables are small, and a huge file is almost
/// certainly a record-level extract.
pub const MAX_DATA_BYTES: u64 = 50 * 1024 * 1024;

/// One aggregate table: a CSV file, a YAML list of records or one sheet of a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `NAME`, or `NAME/SHEET` for a sheet of a workbook.
    pub name: String,
    /// The file, relative to the source root (`data/workforce.csv`).
    pub file: PathBuf,
    /// The sheet of a workbook the table came from.
    pub sheet: Option<String>,
    pub meta: Meta,
    pub columns: Vec<Column>,
    /// One cell per column in each row.
    pub rows: Vec<Vec<Cell>>,
    /// The same cells as written in the file (trimmed), for display: `2025`, `1,234`, `[c]`.
    pub text: Texts,
    /// The line in the file (CSV: where the row starts; YAML: the record) or the sheet row
    /// number (1-based, as Excel shows it) of each row, for messages.
    pub row_lines: Vec<usize>,
    /// The line (or sheet row) of the header; for YAML, the first record.
    pub header_line: usize,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The name as written in the header (trimmed).
    pub name: String,
    pub kind: ColumnKind,
    /// The label from `NAME.meta.yaml` (`columns:`), if any.
    pub label: Option<String>,
    /// The line (or sheet row) where the column is named; for YAML, the first record that
    /// has the key.
    pub header_line: usize,
    /// The column's position in the source: the field (CSV, 0 = first), the key order
    /// (YAML) or the sheet column (0 = A).
    pub source_column: usize,
}

/// Whether a column holds categories or numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnKind {
    /// Text: the groups a row belongs to (grade, seb, year as a category).
    Dimension,
    /// Numbers (and shorthand): counts, shares, pay.
    Measure,
}

impl Table {
    /// The index of the column called `name`, ignoring upper and lower case and
    /// surrounding spaces.
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| {
                self.columns
                    .iter()
                    .position(|c| c.name.to_lowercase() == name.to_lowercase())
            })
    }

    /// The column holding the number of people behind each row (`meta.count`), if the
    /// table has it.
    pub fn count_column(&self) -> Option<usize> {
        self.column(&self.meta.count)
    }

    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// The column's label from `NAME.meta.yaml`, or its name.
    pub fn label(&self, column: usize) -> &str {
        self.columns
            .get(column)
            .map_or("", |c| c.label.as_deref().unwrap_or(c.name.as_str()))
    }

    /// The cell at `row`, `column`; [`Cell::Empty`] outside the table.
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .unwrap_or(&Cell::Empty)
    }

    /// The cell as written in the file (trimmed); empty outside the table.
    pub fn cell_text(&self, row: usize, column: usize) -> &str {
        self.text.get(row, column).unwrap_or_default()
    }

    /// The number in a cell, if it holds one.
    pub fn number(&self, row: usize, column: usize) -> Option<f64> {
        self.cell(row, column).number()
    }

    /// The first row whose text keeps `column` from being a measure, for "column `share`
    /// is not numeric: row 5 holds `12%`" messages. `None` for a measure column.
    pub fn first_non_number(&self, column: usize) -> Option<usize> {
        // A measure holds nothing else, by definition.
        if self.columns.get(column)?.kind == ColumnKind::Measure {
            return None;
        }
        (0..self.rows.len()).find(|&r| {
            let text = self.cell_text(r, column);
            !text.is_empty() && Shorthand::parse(text).is_none() && parse_number(text).is_none()
        })
    }

    /// Every GSS shorthand the table's cells hold, for the note explaining the symbols.
    pub fn shorthands_used(&self) -> BTreeSet<Shorthand> {
        self.rows
            .iter()
            .flatten()
            .filter_map(Cell::shorthand)
            .collect()
    }

    /// An error about this table, placed at a row (index into [`Table::rows`]) and column
    /// when given, or at the column's header, or at the header row. In a sheet the place
    /// goes into the message (`sheet `Grades`, cell C5: …`); set `severity` for a warning.
    pub fn error(
        &self,
        row: Option<usize>,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let header = column.and_then(|c| self.columns.get(c));
        let line = match row {
            Some(row) => self.row_lines.get(row).copied(),
            None => header.map(|h| h.header_line),
        }
        .unwrap_or(self.header_line);
        let source_column = header.map(|h| h.source_column);
        located(
            &self.file,
            self.sheet.as_deref(),
            Some(line),
            source_column,
            message.into(),
        )
    }

    /// A table built from text, typed by the same rules as a file but not checked: for
    /// tests and examples. It claims to come from `data/NAME.csv`, with the header on line
    /// 1 and one line per row.
    pub fn from_rows<R, C>(name: &str, headers: &[&str], rows: R) -> Table
    where
        R: IntoIterator<Item = C>,
        C: IntoIterator<Item: AsRef<str>>,
    {
        let headers: Vec<RawHeader> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| RawHeader {
                name: h.trim().to_string(),
                line: 1,
                source_column: i,
            })
            .collect();
        let mut raw = RawTable::new(
            name.to_string(),
            Path::new(DATA).join(format!("{name}.csv")),
            None,
            1,
            headers,
        );
        for (i, row) in rows.into_iter().enumerate() {
            let cells: Vec<C::Item> = row.into_iter().collect();
            raw.push_row(i + 2, cells.iter().map(AsRef::as_ref));
        }
        raw.build(&Meta::default())
    }
}

/// A diagnostic at a place in a table's file. For a text file the line is set; a workbook
/// has no lines to show, so the sheet and cell (`C5`) or row go into the message.
pub(crate) fn located(
    file: &Path,
    sheet: Option<&str>,
    line: Option<usize>,
    source_column: Option<usize>,
    message: String,
) -> Diagnostic {
    let Some(sheet) = sheet else {
        let d = Diagnostic::error(file, message);
        return match line {
            Some(line) => d.at_line(line),
            None => d,
        };
    };
    let place = match (line, source_column) {
        (Some(row), Some(column)) => {
            format!("sheet `{sheet}`, cell {}{row}", column_letters(column))
        }
        (Some(row), None) => format!("sheet `{sheet}`, row {row}"),
        (None, _) => format!("sheet `{sheet}`"),
    };
    Diagnostic::error(file, format!("{place}: {message}"))
}

/// The spreadsheet letters of a column: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|b| char::from(*b)).collect()
}

/// What a file in `data/` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Csv,
    Records,
    Workbook,
    Meta,
}

/// A file of `data/` that Ladder reads.
#[derive(Debug, Clone)]
struct DataFile {
    /// Relative to the source root: `data/workforce.csv`.
    rel: PathBuf,
    /// The table name it gives (for a sidecar: the table it describes).
    name: String,
    kind: FileKind,
}

/// Reads every table in `root/data/`. A source without a `data/` folder has no tables.
/// Problems go to `diagnostics`; see the module documentation for which tables are
/// returned when there are errors.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> BTreeMap<String, Table> {
    let mut tables = BTreeMap::new();
    if !root.join(DATA).is_dir() {
        return tables;
    }
    let files = list_files(root, diagnostics);
    let sidecars = meta::load_all(root, &files, diagnostics);
    let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
    // Files are read and typed on all cores; then, in file order, each table is claimed
    // by the first file that gives its name.
    let data_files: Vec<&DataFile> = files.iter().filter(|f| f.kind != FileKind::Meta).collect();
    let loaded: Vec<_> = data_files
        .par_iter()
        .map(|file| {
            let sidecar = sidecars.get(&file.name.to_lowercase());
            let meta = sidecar.map(|s| s.meta.clone()).unwrap_or_default();
            let mut found = Diagnostics::new();
            let raws = read_file(root, file, &mut found);
            let typed: Vec<(String, Vec<Table>, Diagnostics)> = raws
                .into_iter()
                .map(|raw| {
                    let name = raw.name.clone();
                    let mut problems = Diagnostics::new();
                    let tables = raw.into_table(&meta, &mut problems).into_iter().collect();
                    (name, tables, problems)
                })
                .collect();
            (found, typed)
        })
        .collect();
    for (file, (found, typed)) in data_files.into_iter().zip(loaded) {
        let sidecar = sidecars.get(&file.name.to_lowercase());
        diagnostics.extend(found);
        let mut built = Vec::new();
        for (name, tables, problems) in typed {
            if claimed(&mut owners, &name, &file.rel, diagnostics) {
                continue;
            }
            diagnostics.extend(problems);
            built.extend(tables);
        }
        if let Some(sidecar) = sidecar {
            sidecar.check_against(&built, diagnostics);
        }
        tables.extend(built.into_iter().map(|t| (t.name.clone(), t)));
    }
    meta::check_orphans(&sidecars, &files, diagnostics);
    tables
}

/// Records that `file` gives the table `name`; `true` (with an error) when another file
/// already gave it.
fn claimed(
    owners: &mut BTreeMap<String, PathBuf>,
    name: &str,
    file: &Path,
    diagnostics: &mut Diagnostics,
) -> bool {
    let key = name.to_lowercase();
    if let Some(first) = owners.get(&key) {
        diagnostics.push(
            Diagnostic::error(file, format!(
                "two files give the table `{name}`: {} and {}",
                first.display(),
                file.display()
            ))
            .with_hint("a table is named after its file (ignoring upper and lower case): rename or remove one of them, or start a name with `_` to have Ladder ignore that file"),
        );
        return true;
    }
    owners.insert(key, file.to_path_buf());
    false
}

/// Reads one table file into raw tables (several for a workbook).
fn read_file(root: &Path, file: &DataFile, diagnostics: &mut Diagnostics) -> Vec<RawTable> {
    match file.kind {
        FileKind::Csv => csv::read(root, &file.rel, &file.name, diagnostics)
            .into_iter()
            .collect(),
        FileKind::Records => records::read(root, &file.rel, &file.name, diagnostics)
            .into_iter()
            .collect(),
        FileKind::Workbook => sheet::read(root, &file.rel, &file.name, diagnostics),
        FileKind::Meta => Vec::new(),
    }
}

/// The files of `data/` that Ladder reads, sorted by name; warnings for the others.
fn list_files(root: &Path, diagnostics: &mut Diagnostics) -> Vec<DataFile> {
    let entries = match std::fs::read_dir(root.join(DATA)) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(DATA, format!("could not read the data folder: {error}"))
                    .with_hint("check that you have permission to read the folder"),
            );
            return Vec::new();
        }
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !ignored(name))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| classify(root, &name, diagnostics))
        .collect()
}

/// Is this a file Ladder ignores: hidden, `_private`, or an Excel lock file?
fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_') || name.starts_with("~$")
}

/// What the entry `data/NAME` is, or `None` (with a warning) when it is not read.
fn classify(root: &Path, name: &str, diagnostics: &mut Diagnostics) -> Option<DataFile> {
    let rel = Path::new(DATA).join(name);
    if !inside_source(root, &rel, diagnostics) {
        return None;
    }
    if root.join(&rel).is_dir() {
        diagnostics.push(
            Diagnostic::warning(&rel, "tables in sub-folders of data/ are not read")
                .with_hint("move the files into data/ itself, or start the folder's name with `_` to silence this warning"),
        );
        return None;
    }
    for suffix in [".meta.yaml", ".meta.yml"] {
        if let Some(table) = strip_suffix_ignoring_case(name, suffix) {
            return Some(DataFile {
                rel,
                name: table.to_string(),
                kind: FileKind::Meta,
            });
        }
    }
    let (stem, extension) = match name.rfind('.') {
        Some(dot) if dot > 0 => (&name[..dot], name[dot + 1..].to_ascii_lowercase()),
        _ => (name, String::new()),
    };
    let kind = match extension.as_str() {
        "csv" => FileKind::Csv,
        "yaml" | "yml" => FileKind::Records,
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => FileKind::Workbook,
        _ => {
            diagnostics.push(
                Diagnostic::warning(&rel, "Ladder does not read this kind of file as a table")
                    .with_hint("tables are read from CSV (.csv), YAML (.yaml, .yml), Excel (.xlsx, .xls) and OpenDocument (.ods) files, with optional NAME.meta.yaml descriptions; convert the file, move it out of data/, or start its name with `_` to silence this warning"),
            );
            return None;
        }
    };
    Some(DataFile {
        rel,
        name: stem.to_string(),
        kind,
    })
}

/// `name` without `suffix` (ASCII, compared ignoring case), if it ends with it.
fn strip_suffix_ignoring_case<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = name.len().checked_sub(suffix.len())?;
    let end = name.get(cut..)?;
    end.eq_ignore_ascii_case(suffix).then(|| &name[..cut])
}

/// `false` (with an error) when `rel` is a link to something outside the source folder.
fn inside_source(root: &Path, rel: &Path, diagnostics: &mut Diagnostics) -> bool {
    let path = root.join(rel);
    let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return true;
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if path
        .canonicalize()
        .is_ok_and(|target| target.starts_with(&canonical_root))
    {
        return true;
    }
    diagnostics.push(
        Diagnostic::error(rel, "this is a link (symlink) to a file outside the source folder")
            .with_hint("copy the file into the source folder instead of linking to it; Ladder only publishes what is inside the source"),
    );
    false
}

/// Reads a text file of `data/` as UTF-8 (a byte-order mark dropped, CRLF made LF).
fn read_text(root: &Path, rel: &Path, diagnostics: &mut Diagnostics) -> Option<String> {
    if !size_ok(root, rel, diagnostics) {
        return None;
    }
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(rel, format!("could not read the file: {error}")).with_hint(
                    "check that the file exists and that you have permission to read it",
                ),
            );
            return None;
        }
    };
    match crate::source::decode_text(rel, bytes) {
        Ok(text) => Some(text),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

/// `false` (with an error) when the file is larger than [`MAX_DATA_BYTES`].
fn size_ok(root: &Path, rel: &Path, diagnostics: &mut Diagnostics) -> bool {
    let size = std::fs::metadata(root.join(rel)).map_or(0, |m| m.len());
    if size <= MAX_DATA_BYTES {
        return true;
    }
    diagnostics.push(
        Diagnostic::error(rel, format!(
            "the file is {} MB, more than the {} MB Ladder reads as a table",
            size / (1024 * 1024),
            MAX_DATA_BYTES / (1024 * 1024)
        ))
        .with_hint("a report needs aggregate tables (one count per group), which are small: add up the rows before adding the file"),
    );
    false
}

#[cfg(test)]
mod tests;
