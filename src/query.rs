//! Asking the data tables a question: which table, which rows (`where:`), which column,
//! and the sums of people per category and reporting group. Raw answers are mapped to
//! reporting groups (`groups:` in report.yaml), labelled (`labels:`) and ordered
//! (`order:`) here, so every chart, table and stat uses them the same way. Unclassified
//! answers stay in the totals and out of the groups.
//!
//! Nothing here is published: the sums go through `disclosure` before anything is shown.

use std::collections::BTreeMap;

use crate::data::{Cell, Shorthand, Table, parse_number};
use crate::diagnostic::suggestion_hint;
use crate::source::Config;
use crate::spec::Filter;

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
    fn add(self, cell: &Cell) -> Sum {
        match (self, cell) {
            (Sum::Unknown(s), _) => Sum::Unknown(s),
            (Sum::Known(a), Cell::Number(b)) => Sum::Known(a + b),
            (Sum::Known(_), Cell::Shorthand(s)) => Sum::Unknown(*s),
            (known, _) => known,
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

/// The report's tables with its settings for groups, labels and order.
pub struct Lookup<'a> {
    pub tables: &'a BTreeMap<String, Table>,
    pub config: &'a Config,
}

impl<'a> Lookup<'a> {
    pub fn new(tables: &'a BTreeMap<String, Table>, config: &'a Config) -> Self {
        Lookup { tables, config }
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
            for value in values {
                let found = (0..table.rows.len()).any(|r| self.matches(table, r, index, value));
                if !found {
                    let mut seen: Vec<String> = Vec::new();
                    for r in 0..table.rows.len() {
                        let text = table.cell_text(r, index).to_string();
                        if !seen.contains(&text) {
                            seen.push(text);
                        }
                    }
                    return Err(Problem::new(
                        format!(
                            "no row of `{}` has `{column}` equal to `{value}`",
                            table.name
                        ),
                        suggestion_hint(value, seen.iter().map(String::as_str), "values"),
                    ));
                }
            }
            columns.push((index, values));
        }
        Ok((0..table.rows.len())
            .filter(|&r| {
                columns
                    .iter()
                    .all(|(index, values)| values.iter().any(|v| self.matches(table, r, *index, v)))
            })
            .collect())
    }

    /// Does the cell equal `wanted`: as written, as its reporting group, or as a number?
    fn matches(&self, table: &Table, row: usize, column: usize, wanted: &str) -> bool {
        let text = table.cell_text(row, column).trim();
        if text.eq_ignore_ascii_case(wanted.trim()) {
            return true;
        }
        if let (Some(a), Some(b)) = (parse_number(text), parse_number(wanted)) {
            return a == b;
        }
        matches!(self.key(table, row, column), Key::Value(group) if group.eq_ignore_ascii_case(wanted.trim()))
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
        let mut xs: Vec<String> = Vec::new();
        let mut groups: Vec<String> = Vec::new();
        for &r in rows {
            if let Key::Value(k) = self.key(table, r, x)
                && !xs.contains(&k)
            {
                xs.push(k);
            }
            if let Some(g) = group
                && let Key::Value(k) = self.key(table, r, g)
                && !groups.contains(&k)
            {
                groups.push(k);
            }
        }
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
        for &r in rows {
            let Key::Value(xk) = self.key(table, r, x) else {
                continue;
            };
            let Some(xi) = tab.xs.iter().position(|k| *k == xk) else {
                continue;
            };
            let gi = match group.map(|g| self.key(table, r, g)) {
                None => Some(0),
                Some(Key::Value(gk)) => tab.groups.iter().position(|k| *k == gk),
                Some(Key::Unclassified) => None,
            };
            match gi {
                Some(gi) => {
                    tab.cells[xi][gi] = tab.cells[xi][gi].add(table.cell(r, value));
                    if let Some(c) = count {
                        tab.bases[xi][gi] = tab.bases[xi][gi].add(table.cell(r, c));
                    }
                    tab.rows[xi][gi] += 1;
                    tab.members[xi][gi].push(r);
                }
                None => {
                    tab.unclassified[xi] = tab.unclassified[xi].add(table.cell(r, value));
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
