//! `NAME.meta.yaml`: the optional description of a table (FORMAT.md section 6).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{DataFile, FileKind, Table};
use crate::diagnostic::{Diagnostic, Diagnostics, suggestion_hint};
use crate::yaml;

/// The keys a `NAME.meta.yaml` may hold.
pub const META_KEYS: &[&str] = &["title", "source", "notes", "count", "columns"];

/// The column holding the number of people behind each row, unless `count:` names another.
pub const DEFAULT_COUNT: &str = "count";

/// What `NAME.meta.yaml` says about a table; the defaults when there is no such file.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// A title for the table's data page.
    pub title: Option<String>,
    /// Where the figures come from ("Staff survey 2025").
    pub source: Option<String>,
    /// Notes (markdown) shown with the table.
    pub notes: Option<String>,
    /// The name of the count column; `count` by default.
    pub count: String,
    /// Display labels of columns, by column name.
    pub columns: BTreeMap<String, String>,
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            title: None,
            source: None,
            notes: None,
            count: DEFAULT_COUNT.to_string(),
            columns: BTreeMap::new(),
        }
    }
}

/// The file as written. Unknown keys are reported before this is read, so they are
/// ignored here and the rest of the description still applies.
#[derive(Debug, Default, Deserialize)]
struct RawMeta {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    count: Option<String>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
}

/// A `NAME.meta.yaml` as read, with what is needed to check it against its tables.
#[derive(Debug, Clone)]
pub(crate) struct Sidecar {
    pub meta: Meta,
    pub file: PathBuf,
    /// The table name as written in the file name.
    name: String,
    text: String,
    /// Whether `count:` was written (the default column need not exist).
    count_given: bool,
}

/// Reads every sidecar among `files`, keyed by the table name in lower case (as table
/// names are compared).
pub(crate) fn load_all(
    root: &Path,
    files: &[DataFile],
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Sidecar> {
    let mut sidecars: BTreeMap<String, Sidecar> = BTreeMap::new();
    for file in files.iter().filter(|f| f.kind == FileKind::Meta) {
        let key = file.name.to_lowercase();
        if let Some(first) = sidecars.get(&key) {
            diagnostics.push(
                Diagnostic::error(
                    &file.rel,
                    format!(
                        "the table `{}` is described twice: in {} and in {}",
                        file.name,
                        first.file.display(),
                        file.rel.display()
                    ),
                )
                .with_hint("merge the two files into one, or remove one of them"),
            );
            continue;
        }
        if let Some(sidecar) = load(root, file, diagnostics) {
            sidecars.insert(key, sidecar);
        }
    }
    sidecars
}

/// Reads one sidecar. `None` when it cannot be read at all.
fn load(root: &Path, file: &DataFile, diagnostics: &mut Diagnostics) -> Option<Sidecar> {
    let text = super::read_text(root, &file.rel, diagnostics)?;
    let raw = if text.trim().is_empty() {
        RawMeta::default()
    } else {
        report_unknown_keys(&text, &file.rel, diagnostics)?;
        match yaml::parse::<RawMeta>(&text, &file.rel, 1) {
            Ok(raw) => raw,
            Err(d) => {
                diagnostics.push(d);
                return None;
            }
        }
    };
    let count_given = raw.count.is_some();
    let count = raw
        .count
        .map_or(DEFAULT_COUNT.to_string(), |c| c.trim().to_string());
    if count.is_empty() {
        diagnostics.push(
            Diagnostic::error(&file.rel, "`count:` is empty")
                .at_line(yaml::key_line(&text, "count").unwrap_or(1))
                .with_hint("write the name of the column that holds the number of people behind each row, or remove the line to use the column `count`"),
        );
    }
    let meta = Meta {
        title: raw.title.filter(|t| !t.trim().is_empty()),
        source: raw.source.filter(|t| !t.trim().is_empty()),
        notes: raw.notes.filter(|t| !t.trim().is_empty()),
        count,
        columns: raw.columns,
    };
    Some(Sidecar {
        meta,
        file: file.rel.clone(),
        name: file.name.clone(),
        text,
        count_given,
    })
}

/// Reports every key that is not in [`META_KEYS`], with the nearest known key. `None`
/// when the file is not a block of `key: value` lines at all.
fn report_unknown_keys(text: &str, file: &Path, diagnostics: &mut Diagnostics) -> Option<()> {
    let value = match yaml::parse::<serde_json::Value>(text, file, 1) {
        Ok(value) => value,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let keys = match value {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null => return Some(()),
        _ => {
            diagnostics.push(
                Diagnostic::error(file, "a table description is a block of `key: value` lines")
                    .at_line(1)
                    .with_hint(format!(
                        "write lines such as `title: Staff by grade`; the keys are {}",
                        known_keys()
                    )),
            );
            return None;
        }
    };
    for key in keys.keys().filter(|k| !META_KEYS.contains(&k.as_str())) {
        let d = Diagnostic::error(
            file,
            format!("the table description has an unknown key `{key}`"),
        )
        .at_line(yaml::key_line(text, key).unwrap_or(1))
        .with_hint(suggestion_hint(key, META_KEYS.iter().copied(), "keys"));
        diagnostics.push(d);
    }
    Some(())
}

fn known_keys() -> String {
    let keys: Vec<String> = META_KEYS.iter().map(|k| format!("`{k}`")).collect();
    keys.join(", ")
}

impl Sidecar {
    /// Checks that the columns the description names exist in the tables it describes
    /// (in at least one sheet, for a workbook). Tables that failed to load are not
    /// checked against.
    pub fn check_against(&self, tables: &[Table], diagnostics: &mut Diagnostics) {
        if tables.is_empty() {
            return;
        }
        let has = |column: &str| tables.iter().any(|t| t.column(column).is_some());
        let mut names: Vec<&str> = tables.iter().flat_map(|t| t.column_names()).collect();
        names.sort_unstable();
        names.dedup();
        for column in self.meta.columns.keys().filter(|c| !has(c)) {
            diagnostics.push(
                Diagnostic::error(&self.file, format!("`columns:` gives a label to `{column}`, but the table `{}` has no such column", self.name))
                    .at_line(yaml::key_line(&self.text, column).unwrap_or(1))
                    .with_hint(suggestion_hint(column, names.iter().copied(), "columns")),
            );
        }
        let count = &self.meta.count;
        if self.count_given && !count.is_empty() && !has(count) {
            diagnostics.push(
                Diagnostic::error(
                    &self.file,
                    format!(
                        "`count: {count}` names a column the table `{}` does not have",
                        self.name
                    ),
                )
                .at_line(yaml::key_line(&self.text, "count").unwrap_or(1))
                .with_hint(suggestion_hint(
                    count,
                    names.iter().copied(),
                    "columns",
                )),
            );
        }
    }
}

/// Reports descriptions with no table file of their name.
pub(crate) fn check_orphans(
    sidecars: &BTreeMap<String, Sidecar>,
    files: &[DataFile],
    diagnostics: &mut Diagnostics,
) {
    let tables: Vec<&str> = files
        .iter()
        .filter(|f| f.kind != FileKind::Meta)
        .map(|f| f.name.as_str())
        .collect();
    for (key, sidecar) in sidecars {
        if tables.iter().any(|t| t.to_lowercase() == *key) {
            continue;
        }
        let hint = format!(
            "a description is named after its table: `data/NAME.meta.yaml` describes `data/NAME.csv` (or .yaml, .xlsx); {}",
            suggestion_hint(&sidecar.name, tables.iter().copied(), "tables")
        );
        diagnostics.push(
            Diagnostic::error(
                &sidecar.file,
                format!(
                    "there is no table `{}` for this file to describe",
                    sidecar.name
                ),
            )
            .with_hint(hint),
        );
    }
}
