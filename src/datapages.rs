//! The data pages (FORMAT.md section 12): every table of `data/` as an accessible HTML
//! table and a CSV download, after disclosure control, with its title, source and notes,
//! and a page listing them all with the symbols explained.
//!
//! A column mapped to reporting groups (`groups:` in report.yaml) is published by group,
//! not by raw answer: the rows of each group are added up, and answers that map to no
//! group become "Not classified". The report's charts and stats cut the data the same
//! way, so the data page and the figures describe the same cells.
//!
//! The protected tables are also the [`Guard`] every other figure is checked against: a
//! chart bar, a share's base or a stat that adds up rows may not give away a count the
//! data page withholds.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use rayon::prelude::*;

use crate::data::{Cell, ColumnKind, Shorthand, Table};
use crate::disclosure::{self, Input, Published, Rules, Tally};
use crate::format;
use crate::html::escape;
use crate::query::{ColumnIndex, Key, Lookup};
use crate::source::slug;

/// Where the list of tables is written.
pub const DATA_OUT: &str = "data/index.html";
/// How answers that map to no reporting group are shown.
pub const NOT_CLASSIFIED: &str = "Not classified";

/// A table ready to publish.
pub struct PublishedTable<'a> {
    pub table: &'a Table,
    /// The page of the table, relative to the output folder.
    pub out: String,
    /// The CSV download, relative to the output folder.
    pub csv_out: String,
    /// Column labels, for the HTML table.
    pub headers: Vec<String>,
    /// True for the columns that hold numbers.
    pub numeric: Vec<bool>,
    /// `cells[row][column]`: a dimension's key or a value after disclosure control; see
    /// [`PublishedTable::text`] for how each is shown.
    cells: Vec<Vec<Shown>>,
    /// How each key of each dimension is shown (a reporting group by its label).
    keys: Vec<Vec<String>>,
    /// What a withheld value is shown as.
    symbol: String,
    pub tally: Tally,
    /// False when the table has no count column, so small numbers could not be checked.
    pub checked: bool,
    /// For each row of the file, the published row it is added into.
    row_of: Vec<usize>,
    /// For each published row: how many rows of the file it adds up, its count, and
    /// whether that count is withheld. Never shown; used by the [`Guard`].
    members: Vec<usize>,
    counts: Vec<u64>,
    withheld: Vec<bool>,
    /// Withheld counts that totals alone would give away: no figure may add them up.
    exposed: Vec<bool>,
}

/// One cell of a published table.
#[derive(Debug, Clone, Copy)]
enum Shown {
    /// Key number `key` of the table's dimension number `dim`.
    Key { dim: usize, key: usize },
    /// A value after disclosure control; a number that is not a count is printed with
    /// `decimals` places, as it was written.
    Value {
        published: Published,
        decimals: usize,
    },
}

impl PublishedTable<'_> {
    /// How many rows the table publishes.
    pub fn rows(&self) -> usize {
        self.cells.len()
    }

    /// A cell as shown on the table's page: numbers formatted (`1,234`), withheld values
    /// as the symbol; empty outside the table.
    pub fn text(&self, row: usize, column: usize) -> Cow<'_, str> {
        self.cell(row, column)
            .map_or(Cow::Borrowed(""), |cell| self.shown(cell, false))
    }

    /// A cell as written to the CSV download: plain numbers (`1234`).
    pub fn plain(&self, row: usize, column: usize) -> Cow<'_, str> {
        self.cell(row, column)
            .map_or(Cow::Borrowed(""), |cell| self.shown(cell, true))
    }

    fn cell(&self, row: usize, column: usize) -> Option<&Shown> {
        self.cells.get(row)?.get(column)
    }

    fn shown(&self, cell: &Shown, plain: bool) -> Cow<'_, str> {
        let (published, decimals) = match *cell {
            Shown::Key { dim, key } => {
                let text = self.keys.get(dim).and_then(|keys| keys.get(key));
                return Cow::Borrowed(text.map_or("", String::as_str));
            }
            Shown::Value {
                published,
                decimals,
            } => (published, decimals),
        };
        if let Some(symbol) = published.symbol(&self.symbol) {
            return Cow::Borrowed(symbol);
        }
        Cow::Owned(match (published, plain) {
            (Published::Count(n), false) => format::count(n),
            (Published::Count(n), true) => n.to_string(),
            (other, false) => format::number(other.number().unwrap_or(0.0), decimals),
            (other, true) => format!("{:.decimals$}", other.number().unwrap_or(0.0)),
        })
    }
}

/// Applies disclosure control to every table. Tables whose names would share an address
/// get a number after the name.
pub fn publish<'a>(lookup: &Lookup<'a>, rules: &Rules, symbol: &str) -> Vec<PublishedTable<'a>> {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let named: Vec<(&Table, String)> = lookup
        .tables
        .values()
        .map(|table| {
            let base = slug(&table.name.replace('/', "-"));
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            let name = if *n == 1 { base } else { format!("{base}-{n}") };
            (table, name)
        })
        .collect();
    // Each table on its own core: disclosure control of one table never looks at another.
    named
        .into_par_iter()
        .map(|(table, name)| publish_table(table, &name, lookup, rules, symbol))
        .collect()
}

/// A dimension's keys: each distinct key's text (the text as written, or the reporting
/// group; "" for an answer in no group), and each row's key as a number.
struct DimKeys {
    names: Vec<String>,
    of_row: Vec<u32>,
}

impl DimKeys {
    fn new(index: &ColumnIndex) -> DimKeys {
        let mut names: Vec<String> = Vec::new();
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let of_code: Vec<u32> = index
            .keys
            .iter()
            .map(|key| {
                let text = match key {
                    Key::Value(group) => group.as_str(),
                    Key::Unclassified => "",
                };
                *ids.entry(text).or_insert_with(|| {
                    names.push(text.to_string());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        let of_row = index.codes.iter().map(|&c| of_code[c as usize]).collect();
        DimKeys { names, of_row }
    }

    /// Each key's place when the keys are sorted by their text.
    fn ranks(&self) -> Vec<u32> {
        let mut by_text: Vec<usize> = (0..self.names.len()).collect();
        by_text.sort_by(|a, b| self.names[*a].cmp(&self.names[*b]));
        let mut ranks = vec![0; self.names.len()];
        for (rank, id) in by_text.into_iter().enumerate() {
            ranks[id] = rank as u32;
        }
        ranks
    }
}

/// Numbers the distinct combinations of keys along the dimensions, in the order they first
/// appear in the rows: for each row, the number of its combination. One dimension at a
/// time, each row's combination so far and its key along the next dimension are numbered
/// again, so no row needs a key of its own.
fn combinations(dims: &[DimKeys], rows: usize) -> Vec<usize> {
    let mut so_far = vec![0usize; rows];
    let mut count = 1;
    for dim in dims {
        let mut numbering = Numbering::new(count, dim.names.len(), rows);
        for (r, combination) in so_far.iter_mut().enumerate() {
            let key = dim.of_row.get(r).map_or(0, |&k| k as usize);
            *combination = numbering.number(*combination, key);
        }
        count = numbering.len();
    }
    so_far
}

/// Numbers pairs `(a, b)` in the order they are first seen. Pairs with `a < first` and
/// `b < second` are looked up in a table when there are few such pairs; any other pair in a
/// hash map.
struct Numbering {
    second: usize,
    dense: Vec<Option<usize>>,
    sparse: HashMap<(usize, usize), usize>,
    len: usize,
}

impl Numbering {
    fn new(first: usize, second: usize, rows: usize) -> Numbering {
        let pairs = first
            .checked_mul(second)
            .filter(|pairs| *pairs <= rows.saturating_mul(4).saturating_add(1024))
            .unwrap_or(0);
        Numbering {
            second,
            dense: vec![None; pairs],
            sparse: HashMap::new(),
            len: 0,
        }
    }

    /// The number of the pair: the one it was given when first seen, or the next.
    fn number(&mut self, a: usize, b: usize) -> usize {
        let next = self.len;
        let index = a
            .checked_mul(self.second)
            .and_then(|i| i.checked_add(b))
            .filter(|_| b < self.second);
        let number = match index.and_then(|i| self.dense.get_mut(i)) {
            Some(slot) => *slot.get_or_insert(next),
            None => *self.sparse.entry((a, b)).or_insert(next),
        };
        if number == next {
            self.len += 1;
        }
        number
    }

    /// How many pairs have been numbered.
    fn len(&self) -> usize {
        self.len
    }
}

fn publish_table<'a>(
    table: &'a Table,
    name: &str,
    lookup: &Lookup,
    rules: &Rules,
    symbol: &str,
) -> PublishedTable<'a> {
    let count = table.count_column();
    let dimension = dimensions(table);
    let dims: Vec<usize> = (0..table.columns.len()).filter(|c| dimension[*c]).collect();

    // Published rows: the file's rows, with grouped answers added up into their groups.
    // A row's key is its value along each dimension (its reporting group, "" for an
    // unclassified answer), worked out once per distinct value through the column
    // indexes and compared as numbers.
    let dim_keys: Vec<DimKeys> = dims
        .iter()
        .map(|&c| DimKeys::new(&lookup.column_index(table, c)))
        .collect();
    let row_of = combinations(&dim_keys, table.rows.len());
    let mut sources: Vec<Vec<usize>> = Vec::new();
    for (r, &at) in row_of.iter().enumerate() {
        if at == sources.len() {
            sources.push(Vec::new());
        }
        if let Some(rows) = sources.get_mut(at) {
            rows.push(r);
        }
    }
    // Each published row's key along each dimension (the number of its text), from its
    // first row.
    let keys: Vec<Vec<usize>> = sources
        .iter()
        .map(|rows| {
            let first = rows.first().copied().unwrap_or(0);
            dim_keys
                .iter()
                .map(|d| d.of_row.get(first).map_or(0, |&k| k as usize))
                .collect()
        })
        .collect();

    // Counts: added up, then protected in every line. A count too large to hold (the data
    // check has said so) is not available, never a wrong number.
    let inputs: Vec<Input> = sources
        .iter()
        .map(|rows| match count {
            Some(c) => rows
                .iter()
                .fold(Input::Count(0), |acc, &r| match (acc, table.cell(r, c)) {
                    (Input::Count(a), Cell::Number(n)) => {
                        match whole_count(*n).and_then(|n| a.checked_add(n)) {
                            Some(total) => Input::Count(total),
                            None => Input::Shorthand(Shorthand::NotAvailable),
                        }
                    }
                    (Input::Count(_), Cell::Shorthand(s)) => Input::Shorthand(*s),
                    (acc, _) => acc,
                }),
            None => Input::Shorthand(Shorthand::NotAvailable),
        })
        .collect();
    let (counts_published, exposed): (Vec<Published>, Vec<bool>) = match count {
        Some(_) => disclosure::protect_cells_exposed(&inputs, &lines(&keys, &dim_keys), rules),
        None => (Vec::new(), Vec::new()),
    };
    let counts: Vec<u64> = inputs
        .iter()
        .map(|i| if let Input::Count(n) = i { *n } else { 0 })
        .collect();
    let withheld: Vec<bool> = counts_published
        .iter()
        .map(|p| {
            matches!(
                p,
                Published::Withheld(_) | Published::Shorthand(Shorthand::Low)
            )
        })
        .collect();

    // How each key of each dimension is shown: a reporting group by its label.
    let shown_keys: Vec<Vec<String>> = dims
        .iter()
        .zip(&dim_keys)
        .map(|(&c, d)| {
            let name = &table.columns[c].name;
            let grouped = lookup.config.groups.contains_key(name);
            d.names
                .iter()
                .map(|key| {
                    if !grouped {
                        key.clone()
                    } else if key.is_empty() {
                        NOT_CLASSIFIED.to_string()
                    } else {
                        lookup.label(name, key)
                    }
                })
                .collect()
        })
        .collect();

    let mut tally = Tally::default();
    let mut cells = Vec::with_capacity(keys.len());
    for (at, key) in keys.iter().enumerate() {
        let mut shown = Vec::with_capacity(table.columns.len());
        let mut dim_i = 0;
        for (c, &is_dim) in dimension.iter().enumerate() {
            if is_dim {
                shown.push(Shown::Key {
                    dim: dim_i,
                    key: key[dim_i],
                });
                dim_i += 1;
                continue;
            }
            let published = if Some(c) == count {
                counts_published
                    .get(at)
                    .copied()
                    .unwrap_or(Published::Shorthand(Shorthand::NotAvailable))
            } else if let [only] = sources[at].as_slice() {
                measure_cell(table, *only, c, count, rules)
            } else {
                // A mean or median of several answers cannot be added up.
                Published::Shorthand(Shorthand::NotAvailable)
            };
            tally.add(&published);
            let decimals = match published {
                Published::Count(_) => 0,
                _ => sources[at]
                    .first()
                    .map_or(0, |&r| decimals_of(table.cell_text(r, c))),
            };
            shown.push(Shown::Value {
                published,
                decimals,
            });
        }
        cells.push(shown);
    }
    PublishedTable {
        table,
        out: format!("data/{name}/index.html"),
        csv_out: format!("data/{name}.csv"),
        headers: (0..table.columns.len())
            .map(|c| table.label(c).to_string())
            .collect(),
        numeric: dimension.iter().map(|d| !d).collect(),
        cells,
        keys: shown_keys,
        symbol: symbol.to_string(),
        tally,
        checked: count.is_some(),
        row_of,
        members: sources.iter().map(Vec::len).collect(),
        counts,
        withheld,
        exposed,
    }
}

/// A count cell as a whole number of people: negative counts (an error of the data
/// check) as 0; `None` when it is too large for a `u64`.
fn whole_count(n: f64) -> Option<u64> {
    let n = n.max(0.0).round();
    // 2^64 is the first value a `u64` cannot hold (and `u64::MAX as f64` rounds up to it).
    (n < u64::MAX as f64).then_some(n as u64)
}

/// A measure (not the count) of a row: withheld when the row stands for too few people.
fn measure_cell(
    table: &Table,
    row: usize,
    column: usize,
    count: Option<usize>,
    rules: &Rules,
) -> Published {
    let value = match table.cell(row, column) {
        Cell::Number(v) => *v,
        Cell::Shorthand(s) => return Published::Shorthand(*s),
        _ => return Published::Shorthand(Shorthand::NotAvailable),
    };
    match count.map(|c| table.cell(row, c)) {
        None => Published::Value(value),
        Some(Cell::Number(base)) => disclosure::measure(value, base.max(0.0).round() as u64, rules),
        Some(Cell::Shorthand(s)) => Published::Shorthand(*s),
        Some(_) => Published::Shorthand(Shorthand::NotAvailable),
    }
}

/// The decimal places a number was written with (`12.50` → 2), to print it the same way.
fn decimals_of(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, f)| {
        f.chars().take_while(char::is_ascii_digit).count()
    })
}

/// Which columns are categories, worked out once per table.
fn dimensions(table: &Table) -> Vec<bool> {
    (0..table.columns.len())
        .map(|c| is_dimension(table, c))
        .collect()
}

/// Is this column a category rather than a measure? Text columns are; so is a numeric
/// column of years (whole numbers from 1900 to 2100), which describes the row rather than
/// measuring it.
pub fn is_dimension(table: &Table, column: usize) -> bool {
    let Some(col) = table.columns.get(column) else {
        return false;
    };
    if col.kind == ColumnKind::Dimension {
        return true;
    }
    if Some(column) == table.count_column() {
        return false;
    }
    let all_years = (0..table.rows.len()).all(|r| match table.cell(r, column) {
        Cell::Number(v) => v.fract() == 0.0 && (1900.0..=2100.0).contains(v),
        Cell::Empty => true,
        _ => false,
    });
    // Whole numbers from 1900 to 2100 are years, or at least never small counts.
    all_years && !table.rows.is_empty()
}

/// The lines of a table in long form: for each dimension, the rows that differ only in it.
/// Each line's total could be published (by a chart or a stat), so each is protected.
/// `keys[row][d]` numbers the row's key along dimension `d`; the lines of a dimension come
/// in the order of the other keys' texts, and the rows of a line in table order.
fn lines(keys: &[Vec<usize>], dims: &[DimKeys]) -> Vec<Vec<usize>> {
    // Comparing ranks compares the texts.
    let ranks: Vec<Vec<u32>> = dims.iter().map(DimKeys::ranks).collect();
    let ranked: Vec<Vec<u32>> = keys
        .iter()
        .map(|key| {
            key.iter()
                .zip(&ranks)
                .map(|(&k, ranks)| ranks.get(k).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    // How many ranks each dimension has.
    let sizes: Vec<usize> = (0..dims.len())
        .map(|i| {
            ranked
                .iter()
                .map(|key| key[i] as usize + 1)
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = Vec::new();
    for d in 0..dims.len() {
        let others = |r: usize| {
            ranked[r]
                .iter()
                .enumerate()
                .filter(move |(i, _)| *i != d)
                .map(|(_, k)| *k)
        };
        // Sorted by the other keys, the last first (a radix sort); each pass keeps the
        // order of rows with equal keys, so the rows of a line stay in table order.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        for i in (0..dims.len()).rev().filter(|i| *i != d) {
            order = counting_sort(&order, sizes[i], |r| ranked[r][i] as usize);
        }
        out.extend(
            order
                .chunk_by(|&a, &b| others(a).eq(others(b)))
                .filter(|line| line.len() > 1)
                .map(<[usize]>::to_vec),
        );
    }
    if dims.is_empty() && keys.len() > 1 {
        out.push((0..keys.len()).collect());
    }
    out
}

/// `items` sorted by `key`, which is below `size` for every item; items with equal keys
/// keep their order.
fn counting_sort(items: &[usize], size: usize, key: impl Fn(usize) -> usize) -> Vec<usize> {
    // Where the items of each key start in the result.
    let mut starts = vec![0usize; size + 1];
    for &item in items {
        if let Some(count) = starts.get_mut(key(item) + 1) {
            *count += 1;
        }
    }
    for k in 0..size {
        starts[k + 1] += starts[k];
    }
    let mut sorted = vec![0; items.len()];
    for &item in items {
        if let Some(start) = starts.get_mut(key(item)) {
            sorted[*start] = item;
            *start += 1;
        }
    }
    sorted
}

/// Checks figures made by adding up rows of a table against what the data page withholds.
pub struct Guard<'a> {
    tables: BTreeMap<&'a str, &'a PublishedTable<'a>>,
    threshold: u64,
}

impl<'a> Guard<'a> {
    pub fn new(published: &'a [PublishedTable<'a>], rules: &Rules) -> Self {
        Guard {
            tables: published
                .iter()
                .map(|p| (p.table.name.as_str(), p))
                .collect(),
            threshold: rules.threshold,
        }
    }

    /// May a figure that adds up these rows of `table` be published? Not when it covers
    /// part of a published row (one answer of a group: the rest could be worked out), nor
    /// when it holds exactly one count the data page withholds, or several adding up to
    /// fewer than the threshold (subtracting the published rows would give them away), nor
    /// when it adds up a withheld count that totals alone would give away.
    pub fn allows(&self, table: &str, rows: &[usize]) -> bool {
        let Some(published) = self.tables.get(table) else {
            return true;
        };
        if !published.checked {
            return true;
        }
        // The published rows the figure's rows fall in, and how many of each (sorted and
        // counted in runs: a chart asks this for every bar).
        let mut ats: Vec<usize> = rows
            .iter()
            .filter_map(|&r| published.row_of.get(r).copied())
            .collect();
        ats.sort_unstable();
        let covered = ats.chunk_by(|a, b| a == b).map(|run| (run[0], run.len()));
        let mut hidden = 0usize;
        let mut hidden_sum = 0u64;
        for (at, n) in covered {
            if n < published.members[at] {
                return false;
            }
            if published.exposed.get(at).copied().unwrap_or(false) {
                return false;
            }
            if published.withheld[at] {
                hidden += 1;
                // Saturates: only compared with the threshold.
                hidden_sum = hidden_sum.saturating_add(published.counts[at]);
            }
        }
        hidden == 0 || (hidden >= 2 && hidden_sum >= self.threshold)
    }
}

/// The HTML body of a table's page.
pub fn table_html(published: &PublishedTable, rules: &Rules, symbol: &str) -> String {
    let table = published.table;
    let mut html = String::new();
    if let Some(source) = &table.meta.source {
        let _ = writeln!(
            html,
            "<p class=\"data-source\"><strong>Source:</strong> {}</p>",
            escape(source)
        );
    }
    if published.cells.len() < table.rows.len() {
        let _ = writeln!(
            html,
            "<p class=\"note\">Answers are added up into their reporting groups; answers that belong to no group are shown as \u{201c}{NOT_CLASSIFIED}\u{201d}.</p>"
        );
    }
    if let Some(note) = disclosure::note(&published.tally, rules, symbol) {
        let _ = writeln!(html, "<p class=\"note\">{}</p>", escape(&note));
    }
    if let Some(note) = disclosure::rounding_note(rules) {
        let _ = writeln!(html, "<p class=\"note\">{}</p>", escape(&note));
    }
    if !published.checked {
        let _ = writeln!(
            html,
            "<p class=\"note\">This table has no column counting people, so it is published as provided.</p>"
        );
    }
    let csv_name = published.csv_out.rsplit('/').next().unwrap_or_default();
    let _ = writeln!(
        html,
        "<p class=\"data-download\"><a href=\"../{csv_name}\" download>Download this table (CSV)</a></p>"
    );
    let _ = write!(
        html,
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{0}\">\n<table class=\"data-table\">\n<caption>{0}</caption>\n<thead><tr>",
        escape(&title(table))
    );
    for (c, header) in published.headers.iter().enumerate() {
        let class = if published.numeric[c] {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(html, "<th scope=\"col\"{class}>{}</th>", escape(header));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    // Each key is escaped once, not once per row.
    let keys: Vec<Vec<String>> = published
        .keys
        .iter()
        .map(|keys| keys.iter().map(|k| escape(k)).collect())
        .collect();
    for row in &published.cells {
        html.push_str("<tr>");
        for (c, cell) in row.iter().enumerate() {
            let escaped = match *cell {
                Shown::Key { dim, key } => Cow::Borrowed(
                    keys.get(dim)
                        .and_then(|k| k.get(key))
                        .map_or("", String::as_str),
                ),
                Shown::Value { .. } => Cow::Owned(escape(&published.shown(cell, false))),
            };
            let numeric = published.numeric.get(c).copied().unwrap_or(false);
            if c == 0 && !numeric {
                let _ = write!(html, "<th scope=\"row\">{escaped}</th>");
            } else if numeric {
                let _ = write!(html, "<td class=\"num\">{escaped}</td>");
            } else {
                let _ = write!(html, "<td>{escaped}</td>");
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    html
}

/// The HTML body of the page listing every table, with the symbols explained.
pub fn index_html(published: &[PublishedTable], symbol: &str) -> String {
    let mut html = String::from(
        "<p>Every table behind the figures in this report, after disclosure control: counts of fewer people than the threshold, and anything that would let one be worked out, are withheld. Each table can be downloaded as a CSV file.</p>\n",
    );
    html.push_str("<h2 id=\"tables\">Tables</h2>\n<ul class=\"data-list\">\n");
    for p in published {
        let page = p.out.strip_prefix("data/").unwrap_or(&p.out);
        let csv = p.csv_out.strip_prefix("data/").unwrap_or(&p.csv_out);
        let _ = write!(
            html,
            "<li><a href=\"{}\">{}</a>",
            escape(page),
            escape(&title(p.table))
        );
        if let Some(source) = &p.table.meta.source {
            let _ = write!(
                html,
                " <span class=\"data-list__source\">Source: {}</span>",
                escape(source)
            );
        }
        let _ = writeln!(
            html,
            " <a class=\"data-list__csv\" href=\"{}\" download>CSV<span class=\"visually-hidden\"> of {}</span></a></li>",
            escape(csv),
            escape(&title(p.table))
        );
    }
    html.push_str(
        "</ul>\n<h2 id=\"symbols\">Symbols used in the tables</h2>\n<dl class=\"symbols\">\n",
    );
    for (sym, meaning) in disclosure::symbols_explained(symbol) {
        let _ = writeln!(
            html,
            "<dt><code>{}</code></dt><dd>{}</dd>",
            escape(&sym),
            escape(meaning)
        );
    }
    html.push_str("</dl>\n");
    html
}

/// The table's title: from its meta file, or its name.
pub fn title(table: &Table) -> String {
    table
        .meta
        .title
        .clone()
        .unwrap_or_else(|| table.name.replace(['_', '-'], " "))
}

/// The CSV download of a table.
pub fn csv(published: &PublishedTable) -> Vec<u8> {
    let mut out = String::new();
    let header: Vec<String> = published
        .table
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect();
    format::csv_record(&mut out, &header);
    for row in &published.cells {
        let fields: Vec<Cow<str>> = row.iter().map(|cell| published.shown(cell, true)).collect();
        format::csv_record(&mut out, &fields);
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workforce() -> Table {
        Table::from_rows(
            "workforce",
            &["year", "grade", "seb", "count", "mean_pay"],
            [
                ["2025", "SCS", "professional", "40", "70000"],
                ["2025", "SCS", "lower", "7", "65000"],
                ["2025", "SCS", "intermediate", "12", "66000"],
                ["2025", "EO", "professional", "50", "30000"],
                ["2025", "EO", "lower", "45", "29000"],
                ["2025", "EO", "intermediate", "30", "29500"],
            ],
        )
    }

    /// Every cell as shown on the page.
    fn shown_rows(p: &PublishedTable) -> Vec<Vec<String>> {
        (0..p.rows())
            .map(|r| {
                (0..p.headers.len())
                    .map(|c| p.text(r, c).into_owned())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn small_counts_and_their_partners_are_withheld_in_every_line() {
        let tables = BTreeMap::from([("workforce".to_string(), workforce())]);
        let config = crate::source::Config::placeholder();
        let published = publish(&Lookup::new(&tables, &config), &Rules::default(), "[c]");
        let p = &published[0];
        let text = |r: usize, c: usize| p.text(r, c).into_owned();
        assert_eq!(text(1, 3), "[c]");
        assert_eq!(text(1, 4), "[c]", "the pay of 7 people is withheld");
        // The row line (SCS) needs a second withheld count: the smallest, 12.
        assert_eq!(text(2, 3), "[c]");
        // The lower line across grades (SCS 7, EO 45) needs one too.
        assert_eq!(text(4, 3), "[c]");
        assert_eq!(text(0, 3), "40");
        let csv = String::from_utf8(csv(p)).unwrap();
        assert!(!csv.contains(",7,") && !csv.contains("65000"), "{csv}");
        let html = table_html(p, &Rules::default(), "[c]");
        assert!(html.contains("<th scope=\"col\""));
        assert!(html.contains("withheld"));
        assert!(!html.contains(">7<"));
    }

    #[test]
    fn pages_show_formatted_numbers_and_the_csv_plain_ones() {
        let table = Table::from_rows(
            "t",
            &["grade", "count", "mean_pay"],
            [["SCS", "1,234", "12.50"], ["EO", "2,000", "7"]],
        );
        let tables = BTreeMap::from([("t".to_string(), table)]);
        let config = crate::source::Config::placeholder();
        let published = publish(&Lookup::new(&tables, &config), &Rules::default(), "[c]");
        let p = &published[0];
        assert_eq!(
            shown_rows(p),
            [["SCS", "1,234", "12.50"], ["EO", "2,000", "7"]]
        );
        assert_eq!(
            (p.plain(0, 1), p.plain(0, 2)),
            ("1234".into(), "12.50".into())
        );
        assert_eq!(p.text(5, 0), "");
        let csv = String::from_utf8(csv(p)).unwrap();
        assert_eq!(
            csv,
            "grade,count,mean_pay\r\nSCS,1234,12.50\r\nEO,2000,7\r\n"
        );
    }

    #[test]
    fn grouped_answers_are_published_by_group() {
        let table = Table::from_rows(
            "w",
            &["grade", "seb", "count"],
            [
                ["SCS", "Modern professional", "70"],
                ["SCS", "Senior manager", "4"],
                ["SCS", "Routine", "21"],
                ["SCS", "Prefer not to say", "20"],
            ],
        );
        let tables = BTreeMap::from([("w".to_string(), table)]);
        let text = "title: T\norganisation: O\nyear: 2025\ngroups:\n  seb:\n    professional: [Modern professional, Senior manager]\n    lower: [Routine]\nlabels:\n  seb: {professional: Professional}\n";
        let config: crate::source::Config =
            crate::yaml::parse(text, std::path::Path::new("r.yaml"), 1).unwrap();
        let published = publish(&Lookup::new(&tables, &config), &Rules::default(), "[c]");
        let rows = shown_rows(&published[0]);
        assert_eq!(
            rows,
            [
                ["SCS", "Professional", "74"],
                ["SCS", "lower", "21"],
                ["SCS", NOT_CLASSIFIED, "20"]
            ]
        );
        // A figure of one answer of a group would give the other away.
        let guard = Guard::new(&published, &Rules::default());
        assert!(!guard.allows("w", &[0]));
        assert!(guard.allows("w", &[0, 1]));
        assert!(guard.allows("w", &[0, 1, 2, 3]));
    }

    #[test]
    fn counts_too_large_to_hold_are_not_available_never_wrong() {
        let table = Table::from_rows(
            "t",
            &["x", "count"],
            [
                ["A", "1"],
                ["A", "99999999999999999999"],
                ["B", "18446744073709551615"],
                ["C", "40"],
                ["C", "2"],
            ],
        );
        let tables = BTreeMap::from([("t".to_string(), table)]);
        let config = crate::source::Config::placeholder();
        let published = publish(&Lookup::new(&tables, &config), &Rules::default(), "[c]");
        let rows = shown_rows(&published[0]);
        // A count past what a `u64` holds, alone (B: 2^64 as a float) or added up (A), is
        // not available; the rows that fit add up as usual (C).
        assert_eq!(rows, [["A", "[x]"], ["B", "[x]"], ["C", "42"]]);

        // Withheld counts whose sum would overflow: the sum saturates (it is only compared
        // with the threshold).
        let table = Table::from_rows("w", &["x", "count"], [["A", "5"], ["B", "6"]]);
        let tables = BTreeMap::from([("w".to_string(), table)]);
        let mut published = publish(&Lookup::new(&tables, &config), &Rules::default(), "[c]");
        assert_eq!(published[0].withheld, [true, true]);
        published[0].counts = vec![u64::MAX - 1, u64::MAX - 1];
        let guard = Guard::new(&published, &Rules::default());
        assert!(guard.allows("w", &[0, 1]));
        assert!(!guard.allows("w", &[0]));
    }

    /// The lines as first written: rows grouped by the texts of their other keys.
    fn lines_by_text(keys: &[Vec<String>], dims: usize) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for d in 0..dims {
            let mut groups: BTreeMap<Vec<&str>, Vec<usize>> = BTreeMap::new();
            for (r, key) in keys.iter().enumerate() {
                let others: Vec<&str> = key
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != d)
                    .map(|(_, k)| k.as_str())
                    .collect();
                groups.entry(others).or_default().push(r);
            }
            out.extend(groups.into_values().filter(|rows| rows.len() > 1));
        }
        if dims == 0 && keys.len() > 1 {
            out.push((0..keys.len()).collect());
        }
        out
    }

    #[test]
    fn combinations_and_lines_match_grouping_by_text() {
        // Keys numbered out of text order, some combinations repeated, some missing.
        let names = [
            vec!["b", "a", "", "c"],
            vec!["zz", "Z", "a b"],
            vec!["2024", "2023", "10"],
        ];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        let rows = 150;
        let dims: Vec<DimKeys> = names
            .iter()
            .map(|names| DimKeys {
                names: names.iter().map(|n| n.to_string()).collect(),
                of_row: (0..rows).map(|_| next(names.len()) as u32).collect(),
            })
            .collect();
        let text_key = |r: usize| -> Vec<String> {
            dims.iter()
                .map(|d| d.names[d.of_row[r] as usize].clone())
                .collect()
        };
        // Published rows by text, in first-appearance order, as first written.
        let mut by_text: Vec<Vec<String>> = Vec::new();
        let mut expected_row_of = Vec::new();
        for r in 0..rows {
            let key = text_key(r);
            let at = by_text.iter().position(|k| *k == key).unwrap_or_else(|| {
                by_text.push(key);
                by_text.len() - 1
            });
            expected_row_of.push(at);
        }
        let row_of = combinations(&dims, rows);
        assert_eq!(row_of, expected_row_of);
        let published = by_text.len();
        assert!(published < rows, "some combinations repeat");
        let keys: Vec<Vec<usize>> = (0..published)
            .map(|at| {
                let first = row_of.iter().position(|&a| a == at).unwrap();
                dims.iter().map(|d| d.of_row[first] as usize).collect()
            })
            .collect();
        assert_eq!(lines(&keys, &dims), lines_by_text(&by_text, dims.len()));
        // No dimensions: one line of every row.
        assert_eq!(combinations(&[], 3), [0, 0, 0]);
        assert_eq!(lines(&[vec![], vec![]], &[]), [[0, 1]]);
    }

    #[test]
    fn counting_sort_keeps_the_order_of_equal_keys() {
        let keys = [2, 0, 1, 0, 2, 1, 0];
        let items: Vec<usize> = (0..keys.len()).collect();
        assert_eq!(counting_sort(&items, 3, |i| keys[i]), [1, 3, 6, 2, 5, 0, 4]);
        assert_eq!(counting_sort(&[], 0, |i| i), Vec::<usize>::new());
    }

    #[test]
    fn pairs_are_numbered_alike_in_a_table_and_a_hash_map() {
        let pairs = [
            (0, 1),
            (2, 0),
            (0, 1),
            (1, 1),
            (2, 0),
            (0, 0),
            (5, 9),
            (1, 1),
        ];
        let expected = [0, 1, 0, 2, 1, 3, 4, 2];
        // 3 x 2 pairs fit a table (and (5, 9), outside it, goes to the hash map)...
        let mut dense = Numbering::new(3, 2, 10);
        assert_eq!(dense.dense.len(), 6);
        let numbers: Vec<usize> = pairs.iter().map(|&(a, b)| dense.number(a, b)).collect();
        assert_eq!(numbers, expected);
        assert_eq!(dense.len(), 5);
        // ...too many possible pairs do not.
        let mut sparse = Numbering::new(usize::MAX, 2, 10);
        assert!(sparse.dense.is_empty());
        let numbers: Vec<usize> = pairs.iter().map(|&(a, b)| sparse.number(a, b)).collect();
        assert_eq!(numbers, expected);
        assert_eq!(sparse.len(), 5);
    }

    #[test]
    fn the_guard_stops_sums_that_expose_one_withheld_count() {
        let tables = BTreeMap::from([("workforce".to_string(), workforce())]);
        let config = crate::source::Config::placeholder();
        let published = publish(&Lookup::new(&tables, &config), &Rules::default(), "[c]");
        let guard = Guard::new(&published, &Rules::default());
        // SCS professional + lower: 47, with only the 7 hidden: 47 - 40 = 7.
        assert!(!guard.allows("workforce", &[0, 1]));
        // The whole SCS row hides 7 and 12 together (19): allowed.
        assert!(guard.allows("workforce", &[0, 1, 2]));
        assert!(guard.allows("workforce", &[0]));
    }
}
