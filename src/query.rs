//! Asking the data tables a question: which table, which rows (`where:`), which column,
//! and the sums of people per category and reporting group. Raw answers are mapped to
//! reporting groups (`groups:` in report.yaml), labelled (`labels:`) and ordered
//! (`order:`) here, so every chart, table and stat uses them the same way. Unclassified
//! answers stay in the totals and out of the groups.
//!
//! Nothing here is published: the sums go through `disclosure` before anything is shown.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::data::{Cell, Shorthand, Table, parse_number};
use crate::diagnostic::suggestion_hint;
use crate::disclosure::{self, Input, Published, Rules};
use crate::source::Config;
use crate::spec::Filter;

/// Does a value equal `wanted`: as written, as its reporting group, or as a number?
fn matches(text: &str, key: &Key, wanted: &str) -> bool {
    let wanted = wanted.trim();
    if text.eq_ignore_ascii_case(wanted) {
        return true;
    }
    if let (Some(a), Some(b)) = (parse_number(text), parse_number(wanted)) {
        return a == b;
    }
    matches!(key, Key::Value(group) if group.eq_ignore_ascii_case(wanted))
}

/// Is a column a category (text, or whole numbers such as years)?
fn is_category(table: &Table, column: usize) -> bool {
    match table.columns.get(column) {
        Some(c) if c.kind == crate::data::ColumnKind::Dimension => true,
        Some(_) => {
            Some(column) != table.count_column()
                && (0..table.rows.len()).all(|r| match table.cell(r, column) {
                    Cell::Number(v) => v.fract() == 0.0,
                    _ => true,
                })
        }
        None => false,
    }
}

/// A question the data cannot answer: what is wrong and how to fix it. The caller places
/// it at the markdown line of the block or stat that asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub hint: String,
}

impl Problem {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Where a row belongs along a dimension column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// A value (or reporting group) to count under.
    Value(String),
    /// An answer that maps to no reporting group ("Prefer not to say"): in the totals,
    /// not in the shares.
    Unclassified,
}

/// A sum of people (or of a measure), or the shorthand that stops it being known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sum {
    Known(f64),
    /// A contributing cell held shorthand (`[c]`, `[x]`…): the sum is not known.
    Unknown(Shorthand),
}

impl Sum {
    /// This sum with one more cell added.
    pub fn with_cell(self, cell: &Cell) -> Sum {
        match (self, cell) {
            (Sum::Unknown(s), _) => Sum::Unknown(s),
            (Sum::Known(a), Cell::Number(b)) => Sum::Known(a + b),
            (Sum::Known(_), Cell::Shorthand(s)) => Sum::Unknown(*s),
            (known, _) => known,
        }
    }

    /// Two sums added together; unknown when either is.
    pub fn plus(self, other: Sum) -> Sum {
        match (self, other) {
            (Sum::Known(x), Sum::Known(y)) => Sum::Known(x + y),
            (Sum::Unknown(s), _) | (_, Sum::Unknown(s)) => Sum::Unknown(s),
        }
    }

    /// The sum as a count of people for disclosure control; not available when it is
    /// too large for a `u64` (the data check has reported the count), never a wrong number.
    pub fn input(self) -> Input {
        match self {
            Sum::Known(v) if v.round() >= u64::MAX as f64 => {
                Input::Shorthand(Shorthand::NotAvailable)
            }
            Sum::Known(v) => Input::Count(v.max(0.0).round() as u64),
            Sum::Unknown(shorthand) => Input::Shorthand(shorthand),
        }
    }

    /// The sum as a measure (not a count): published only when the people behind it
    /// (`base`, the count column's sum) are enough; as it is when there is no count column.
    pub fn measure(self, base: Option<Sum>, rules: &Rules) -> Published {
        match (self, base) {
            (Sum::Unknown(s), _) => Published::Shorthand(s),
            (Sum::Known(v), None) => Published::Value(v),
            (Sum::Known(_), Some(Sum::Unknown(s))) => Published::Shorthand(s),
            (Sum::Known(v), Some(Sum::Known(b))) => {
                disclosure::measure(v, b.max(0.0).round() as u64, rules)
            }
        }
    }

    pub fn known(self) -> Option<f64> {
        match self {
            Sum::Known(v) => Some(v),
            Sum::Unknown(_) => None,
        }
    }
}

/// The table's counts (or values) summed per category (`x`) and group.
#[derive(Debug, Clone, PartialEq)]
pub struct Crosstab {
    /// Category keys, in display order.
    pub xs: Vec<String>,
    /// Group keys in display order; a single empty-named group when there is no `group:`.
    pub groups: Vec<String>,
    /// `cells[x][group]`.
    pub cells: Vec<Vec<Sum>>,
    /// Per category, the sum over unclassified answers.
    pub unclassified: Vec<Sum>,
    /// The people behind each cell (the count column), for values that are not counts.
    pub bases: Vec<Vec<Sum>>,
    /// How many rows went into each cell.
    pub rows: Vec<Vec<usize>>,
    /// The rows of the table that went into each cell.
    pub members: Vec<Vec<Vec<usize>>>,
    /// Per category, the rows of unclassified answers.
    pub unclassified_members: Vec<Vec<usize>>,
}

/// The distinct values of a column, numbered, with the key of each: worked out once, so
/// that a thousand charts over a large table do not map every cell a thousand times.
#[derive(Debug, Clone, Default)]
pub struct ColumnIndex {
    /// Per row, the number of its value.
    pub codes: Vec<u32>,
    /// Per value, the text as written (trimmed).
    pub texts: Vec<String>,
    /// Per value, its key (reporting group, or the text).
    pub keys: Vec<Key>,
}

/// The report's tables with its settings for groups, labels and order.
pub struct Lookup<'a> {
    pub tables: &'a BTreeMap<String, Table>,
    pub config: &'a Config,
    /// Indexes of the category columns of every table: by table name, then column.
    index: BTreeMap<String, Vec<Option<ColumnIndex>>>,
}

impl<'a> Lookup<'a> {
    pub fn new(tables: &'a BTreeMap<String, Table>, config: &'a Config) -> Self {
        let mut lookup = Lookup {
            tables,
            config,
            index: BTreeMap::new(),
        };
        // Every category column of every table, on all cores.
        let columns: Vec<(&Table, usize)> = tables
            .values()
            .flat_map(|t| (0..t.columns.len()).map(move |c| (t, c)))
            .collect();
        let built: Vec<Option<ColumnIndex>> = columns
            .par_iter()
            .map(|&(table, c)| is_category(table, c).then(|| lookup.build_index(table, c)))
            .collect();
        for ((table, _), index) in columns.into_iter().zip(built) {
            lookup
                .index
                .entry(table.name.clone())
                .or_default()
                .push(index);
        }
        lookup
    }

    fn build_index(&self, table: &Table, column: usize) -> ColumnIndex {
        let name = table.columns.get(column).map_or("", |c| c.name.as_str());
        let mut index = ColumnIndex::default();
        let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        // The previous row's value: rows sorted by a column repeat it, with no need to
        // look it up again.
        let mut previous: Option<(&str, u32)> = None;
        for r in 0..table.rows.len() {
            // Already trimmed.
            let text = table.cell_text(r, column);
            let code = match previous {
                Some((same, code)) if same == text => code,
                _ => *seen.entry(text).or_insert_with(|| {
                    index.texts.push(text.to_string());
                    index.keys.push(self.key_of(name, text));
                    (index.texts.len() - 1) as u32
                }),
            };
            previous = Some((text, code));
            index.codes.push(code);
        }
        index
    }

    /// The index of a column: the one built up front, or one made now for a column that
    /// was not expected to be a category.
    pub fn column_index(&self, table: &Table, column: usize) -> std::borrow::Cow<'_, ColumnIndex> {
        match self.built(table, column) {
            Some(index) => std::borrow::Cow::Borrowed(index),
            None => std::borrow::Cow::Owned(self.build_index(table, column)),
        }
    }

    fn built(&self, table: &Table, column: usize) -> Option<&ColumnIndex> {
        self.index.get(table.name.as_str())?.get(column)?.as_ref()
    }

    /// The table called `name`.
    pub fn table(&self, name: &str) -> Result<&'a Table, Problem> {
        self.tables.get(name.trim()).ok_or_else(|| {
            let hint = if self.tables.is_empty() {
                "the report has no tables yet: add a CSV file to the data/ folder, such as data/workforce.csv".to_string()
            } else {
                suggestion_hint(name, self.tables.keys().map(String::as_str), "tables")
            };
            Problem::new(format!("there is no table called `{name}` in data/"), hint)
        })
    }

    /// The index of `column` in `table`; `role` says what it is used for ("x", "group").
    pub fn column(&self, table: &Table, column: &str, role: &str) -> Result<usize, Problem> {
        table.column(column).ok_or_else(|| {
            Problem::new(
                format!(
                    "the table `{}` has no column `{column}` (used as `{role}`)",
                    table.name
                ),
                suggestion_hint(column, table.column_names(), "columns"),
            )
        })
    }

    /// A numeric column of `table`.
    pub fn measure(&self, table: &Table, column: &str, role: &str) -> Result<usize, Problem> {
        let index = self.column(table, column, role)?;
        if let Some(row) = table.first_non_number(index) {
            return Err(Problem::new(
                format!(
                    "the column `{column}` of `{}` is not numeric: row {} holds `{}`",
                    table.name,
                    table.row_lines.get(row).copied().unwrap_or(row + 2),
                    table.cell_text(row, index)
                ),
                "plot a column that holds numbers, or fix that cell in the data file",
            ));
        }
        Ok(index)
    }

    /// The column holding people counts, or the column named `value`.
    pub fn value_column(&self, table: &Table, value: Option<&str>) -> Result<usize, Problem> {
        match value {
            Some(value) => self.measure(table, value, "value"),
            None => table.count_column().ok_or_else(|| {
                Problem::new(
                    format!("the table `{}` has no `{}` column to count people with", table.name, table.meta.count),
                    "add `value:` naming the numeric column to plot, or name the count column with `count:` in the table's .meta.yaml",
                )
            }),
        }
    }

    /// The key of a row along a dimension column: its reporting group where `groups:`
    /// maps the column, else its value as written.
    pub fn key(&self, table: &Table, row: usize, column: usize) -> Key {
        if let Some(index) = self.built(table, column)
            && let Some(code) = index.codes.get(row)
        {
            return index.keys[*code as usize].clone();
        }
        let text = table.cell_text(row, column).trim();
        let name = table.columns.get(column).map_or("", |c| c.name.as_str());
        self.key_of(name, text)
    }

    /// The key of a value of the column `column`.
    pub fn key_of(&self, column: &str, text: &str) -> Key {
        let Some(groups) = self.config.groups.get(column) else {
            return Key::Value(text.to_string());
        };
        for (group, members) in groups {
            if group.eq_ignore_ascii_case(text)
                || members.iter().any(|m| m.text().eq_ignore_ascii_case(text))
            {
                return Key::Value(group.clone());
            }
        }
        Key::Unclassified
    }

    /// The display name of a value (or group) of a column.
    pub fn label(&self, column: &str, key: &str) -> String {
        self.config
            .labels
            .get(column)
            .and_then(|labels| labels.get(key))
            .map_or_else(|| key.to_string(), |l| l.text())
    }

    /// Puts the keys of a column in display order: `order:` first, then the order of the
    /// groups in `groups:`, then first appearance.
    pub fn sort_keys(&self, column: &str, keys: &mut [String]) {
        let preferred: Vec<String> = match (
            self.config.order.get(column),
            self.config.groups.get(column),
        ) {
            (Some(order), _) => order.iter().map(|v| v.text()).collect(),
            (None, Some(groups)) => groups.keys().cloned().collect(),
            (None, None) => Vec::new(),
        };
        let rank = |key: &String| {
            preferred
                .iter()
                .position(|p| p.eq_ignore_ascii_case(key))
                .unwrap_or(usize::MAX)
        };
        // A stable sort keeps first appearance among keys not in the preferred order.
        keys.sort_by_key(rank);
    }

    /// The rows of `table` that pass `filter`. Each filter column must exist, and each
    /// value must match at least one row, so a typo is not silently an empty chart.
    pub fn rows(&self, table: &Table, filter: &Filter) -> Result<Vec<usize>, Problem> {
        let mut columns = Vec::new();
        for (column, values) in filter {
            let index = self.column(table, column, "where")?;
            let values_index = self.column_index(table, index);
            // Which of the column's values each filter value keeps.
            let mut allowed = vec![false; values_index.texts.len()];
            for value in values {
                let mut found = false;
                for (code, text) in values_index.texts.iter().enumerate() {
                    if matches(text, &values_index.keys[code], value) {
                        allowed[code] = true;
                        found = true;
                    }
                }
                if !found {
                    return Err(Problem::new(
                        format!(
                            "no row of `{}` has `{column}` equal to `{value}`",
                            table.name
                        ),
                        suggestion_hint(
                            value,
                            values_index.texts.iter().map(String::as_str),
                            "values",
                        ),
                    ));
                }
            }
            columns.push((values_index, allowed));
        }
        Ok((0..table.rows.len())
            .filter(|&r| {
                columns.iter().all(|(index, allowed)| {
                    index.codes.get(r).is_some_and(|c| allowed[*c as usize])
                })
            })
            .collect())
    }

    /// Sums `value` over `rows` per category of `x` and per group of `group`.
    pub fn crosstab(
        &self,
        table: &Table,
        rows: &[usize],
        x: usize,
        group: Option<usize>,
        value: usize,
    ) -> Crosstab {
        let x_name = table.columns.get(x).map_or("", |c| c.name.as_str());
        let x_index = self.column_index(table, x);
        let g_index = group.map(|g| self.column_index(table, g));
        // The distinct keys in first-appearance order, found through the value codes.
        let distinct = |index: &ColumnIndex| {
            let mut seen = vec![false; index.texts.len()];
            let mut keys: Vec<String> = Vec::new();
            for &r in rows {
                let code = index.codes[r] as usize;
                if !seen[code] {
                    seen[code] = true;
                    if let Key::Value(k) = &index.keys[code]
                        && !keys.contains(k)
                    {
                        keys.push(k.clone());
                    }
                }
            }
            keys
        };
        let mut xs = distinct(&x_index);
        let mut groups = g_index.as_deref().map(distinct).unwrap_or_default();
        self.sort_keys(x_name, &mut xs);
        if let Some(g) = group {
            let g_name = table.columns.get(g).map_or("", |c| c.name.as_str());
            self.sort_keys(g_name, &mut groups);
        } else {
            groups.push(String::new());
        }
        let count = table.count_column();
        let zero = |n: usize| vec![Sum::Known(0.0); n];
        let mut tab = Crosstab {
            cells: vec![zero(groups.len()); xs.len()],
            bases: vec![zero(groups.len()); xs.len()],
            rows: vec![vec![0; groups.len()]; xs.len()],
            members: vec![vec![Vec::new(); groups.len()]; xs.len()],
            unclassified_members: vec![Vec::new(); xs.len()],
            unclassified: zero(xs.len()),
            xs,
            groups,
        };
        // Per value code, its category and group position (None: not plotted).
        let position = |index: &ColumnIndex, keys: &[String]| -> Vec<Option<usize>> {
            index
                .keys
                .iter()
                .map(|k| match k {
                    Key::Value(k) => keys.iter().position(|x| x == k),
                    Key::Unclassified => None,
                })
                .collect()
        };
        let x_pos = position(&x_index, &tab.xs);
        let g_pos = g_index.as_deref().map(|g| position(g, &tab.groups));
        for &r in rows {
            let Some(xi) = x_pos[x_index.codes[r] as usize] else {
                continue;
            };
            let gi = match (&g_pos, &g_index) {
                (Some(pos), Some(index)) => pos[index.codes[r] as usize],
                _ => Some(0),
            };
            match gi {
                Some(gi) => {
                    tab.cells[xi][gi] = tab.cells[xi][gi].with_cell(table.cell(r, value));
                    if let Some(c) = count {
                        tab.bases[xi][gi] = tab.bases[xi][gi].with_cell(table.cell(r, c));
                    }
                    tab.rows[xi][gi] += 1;
                    tab.members[xi][gi].push(r);
                }
                None => {
                    tab.unclassified[xi] = tab.unclassified[xi].with_cell(table.cell(r, value));
                    tab.unclassified_members[xi].push(r);
                }
            }
        }
        tab
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let text = "title: T\norganisation: O\nyear: 2025\ngroups:\n  seb:\n    professional: [Modern professional]\n    intermediate: [Clerical]\n    lower: [Routine]\nlabels:\n  seb: {lower: Lower socio-economic}\norder:\n  grade: [EO, SCS]\n";
        crate::yaml::parse(text, std::path::Path::new("report.yaml"), 1).unwrap()
    }

    fn table() -> Table {
        Table::from_rows(
            "workforce",
            &["year", "grade", "seb", "count"],
            [
                ["2025", "SCS", "Modern professional", "40"],
                ["2025", "SCS", "Routine", "12"],
                ["2025", "SCS", "Prefer not to say", "5"],
                ["2025", "EO", "Routine", "30"],
                ["2025", "EO", "lower", "3"],
                ["2025", "EO", "Clerical", "[c]"],
                ["2024", "SCS", "Routine", "9"],
            ],
        )
    }

    #[test]
    fn groups_labels_and_order() {
        let config = config();
        let tables = BTreeMap::new();
        let lookup = Lookup::new(&tables, &config);
        assert_eq!(lookup.key_of("seb", "routine"), Key::Value("lower".into()));
        assert_eq!(lookup.key_of("seb", "Lower"), Key::Value("lower".into()));
        assert_eq!(lookup.key_of("seb", "Prefer not to say"), Key::Unclassified);
        assert_eq!(lookup.key_of("grade", "SCS"), Key::Value("SCS".into()));
        assert_eq!(lookup.label("seb", "lower"), "Lower socio-economic");
        let mut keys = vec![
            "lower".to_string(),
            "professional".to_string(),
            "intermediate".to_string(),
        ];
        lookup.sort_keys("seb", &mut keys);
        assert_eq!(keys, ["professional", "intermediate", "lower"]);
    }

    #[test]
    fn crosstab_sums_per_category_and_group() {
        let config = config();
        let t = table();
        let tables = BTreeMap::from([("workforce".to_string(), t.clone())]);
        let lookup = Lookup::new(&tables, &config);
        let filter = Filter::from([("year".to_string(), vec!["2025".to_string()])]);
        let rows = lookup.rows(&t, &filter).unwrap();
        assert_eq!(rows.len(), 6);
        let tab = lookup.crosstab(&t, &rows, 1, Some(2), 3);
        assert_eq!(tab.xs, ["EO", "SCS"]);
        assert_eq!(tab.groups, ["professional", "intermediate", "lower"]);
        assert_eq!(tab.cells[1][0], Sum::Known(40.0));
        assert_eq!(tab.cells[1][2], Sum::Known(12.0));
        assert_eq!(tab.unclassified[1], Sum::Known(5.0));
        // "Routine" and "lower" both count as lower.
        assert_eq!(tab.cells[0][2], Sum::Known(33.0));
        assert_eq!(tab.cells[0][1], Sum::Unknown(Shorthand::Confidential));
    }

    #[test]
    fn problems_name_what_exists() {
        let config = config();
        let t = table();
        let tables = BTreeMap::from([("workforce".to_string(), t.clone())]);
        let lookup = Lookup::new(&tables, &config);
        let p = lookup.table("workfroce").unwrap_err();
        assert!(p.hint.contains("workforce"), "{p:?}");
        let p = lookup.column(&t, "grde", "x").unwrap_err();
        assert!(p.hint.contains("grade"), "{p:?}");
        let filter = Filter::from([("year".to_string(), vec!["2026".to_string()])]);
        let p = lookup.rows(&t, &filter).unwrap_err();
        assert!(p.message.contains("2026"), "{p:?}");
        let p = lookup.measure(&t, "grade", "value").unwrap_err();
        assert!(p.message.contains("not numeric"), "{p:?}");
    }
}
