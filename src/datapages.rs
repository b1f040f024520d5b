//! The data pages (FORMAT.md section 12): every table of `data/` as an accessible HTML
//! table and a CSV download, after disclosure control, with its title, source and notes,
//! and a page listing them all with the symbols explained.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::data::{Cell, ColumnKind, Table};
use crate::disclosure::{self, Input, Published, Rules, Tally};
use crate::format;
use crate::markdown::glossary::escape;
use crate::query::{Key, Lookup};
use crate::source::slug;

/// Where the list of tables is written.
pub const DATA_OUT: &str = "data/index.html";

/// A table ready to publish: its cells as shown, and what was withheld.
pub struct PublishedTable<'a> {
    pub table: &'a Table,
    /// The page of the table, relative to the output folder.
    pub out: String,
    /// The CSV download, relative to the output folder.
    pub csv_out: String,
    /// `cells[row][column]` as text: numbers formatted, withheld values as the symbol.
    pub cells: Vec<Vec<String>>,
    /// The same for the CSV: plain numbers.
    pub csv_cells: Vec<Vec<String>>,
    pub tally: Tally,
    /// False when the table has no count column, so small numbers could not be checked.
    pub checked: bool,
}

/// Applies disclosure control to every table.
pub fn publish<'a>(lookup: &Lookup<'a>, rules: &Rules, symbol: &str) -> Vec<PublishedTable<'a>> {
    lookup
        .tables
        .values()
        .map(|table| publish_table(table, lookup, rules, symbol))
        .collect()
}

fn publish_table<'a>(
    table: &'a Table,
    lookup: &Lookup,
    rules: &Rules,
    symbol: &str,
) -> PublishedTable<'a> {
    let name = slug(&table.name.replace('/', "-"));
    let count = table.count_column();
    let counts: Vec<Published> = match count {
        Some(c) => {
            let inputs: Vec<Input> = (0..table.rows.len())
                .map(|r| match table.cell(r, c) {
                    Cell::Number(n) => Input::Count(n.max(0.0).round() as u64),
                    Cell::Shorthand(s) => Input::Shorthand(*s),
                    _ => Input::Shorthand(crate::data::Shorthand::NotAvailable),
                })
                .collect();
            disclosure::protect_cells(&inputs, &lines(table, c, lookup), rules)
        }
        None => Vec::new(),
    };
    let mut tally = Tally::default();
    let mut cells = Vec::with_capacity(table.rows.len());
    let mut csv_cells = Vec::with_capacity(table.rows.len());
    for r in 0..table.rows.len() {
        let mut shown = Vec::with_capacity(table.columns.len());
        let mut csv = Vec::with_capacity(table.columns.len());
        for c in 0..table.columns.len() {
            if is_dimension(table, c) {
                shown.push(table.cell_text(r, c).to_string());
                csv.push(table.cell_text(r, c).to_string());
                continue;
            }
            let published = if Some(c) == count {
                counts
                    .get(r)
                    .copied()
                    .unwrap_or(Published::Shorthand(crate::data::Shorthand::NotAvailable))
            } else {
                measure_cell(table, r, c, count, rules)
            };
            tally.add(&published);
            match published.symbol(symbol) {
                Some(s) => {
                    shown.push(s.to_string());
                    csv.push(s.to_string());
                }
                None => {
                    let (text, plain) = match published {
                        Published::Count(n) => (format::count(n), n.to_string()),
                        other => {
                            let v = other.number().unwrap_or(0.0);
                            let decimals = decimals_of(table.cell_text(r, c));
                            (format::number(v, decimals), format!("{v:.decimals$}"))
                        }
                    };
                    shown.push(text);
                    csv.push(plain);
                }
            }
        }
        cells.push(shown);
        csv_cells.push(csv);
    }
    PublishedTable {
        table,
        out: format!("data/{name}/index.html"),
        csv_out: format!("data/{name}.csv"),
        cells,
        csv_cells,
        tally,
        checked: count.is_some(),
    }
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
        _ => return Published::Shorthand(crate::data::Shorthand::NotAvailable),
    };
    match count.map(|c| table.cell(row, c)) {
        None => Published::Value(value),
        Some(Cell::Number(base)) => disclosure::measure(value, base.max(0.0).round() as u64, rules),
        Some(Cell::Shorthand(s)) => Published::Shorthand(*s),
        Some(_) => Published::Shorthand(crate::data::Shorthand::NotAvailable),
    }
}

/// The decimal places a number was written with (`12.50` → 2), to print it the same way.
fn decimals_of(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, f)| {
        f.chars().take_while(char::is_ascii_digit).count()
    })
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
/// Each line's total could be published (by a chart or a stat), so each is protected. A
/// column mapped to reporting groups adds a line per group too: charts publish the group's
/// total, which must not give away one of the answers in it.
fn lines(table: &Table, count: usize, lookup: &Lookup) -> Vec<Vec<usize>> {
    let dims: Vec<usize> = (0..table.columns.len())
        .filter(|c| *c != count && is_dimension(table, *c))
        .collect();
    let mut out = Vec::new();
    for &d in &dims {
        let mut groups: BTreeMap<Vec<&str>, Vec<usize>> = BTreeMap::new();
        for r in 0..table.rows.len() {
            let key: Vec<&str> = dims
                .iter()
                .filter(|&&o| o != d)
                .map(|&o| table.cell_text(r, o))
                .collect();
            groups.entry(key).or_default().push(r);
        }
        out.extend(groups.into_values().filter(|rows| rows.len() > 1));
        let name = table.columns.get(d).map_or("", |c| c.name.as_str());
        if lookup.config.groups.contains_key(name) {
            let mut grouped: BTreeMap<(Vec<&str>, Key), Vec<usize>> = BTreeMap::new();
            for r in 0..table.rows.len() {
                let others: Vec<&str> = dims
                    .iter()
                    .filter(|&&o| o != d)
                    .map(|&o| table.cell_text(r, o))
                    .collect();
                grouped
                    .entry((others, lookup.key(table, r, d)))
                    .or_default()
                    .push(r);
            }
            out.extend(grouped.into_values().filter(|rows| rows.len() > 1));
        }
    }
    if dims.is_empty() && table.rows.len() > 1 {
        out.push((0..table.rows.len()).collect());
    }
    out
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
    if let Some(notes) = &table.meta.notes {
        let _ = writeln!(html, "<p class=\"data-notes\">{}</p>", escape(notes));
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
        "<div class=\"table-wrap\">\n<table class=\"data-table\">\n<caption>{}</caption>\n<thead><tr>",
        escape(&title(table))
    );
    for c in 0..table.columns.len() {
        let class = if is_dimension(table, c) {
            ""
        } else {
            " class=\"num\""
        };
        let _ = write!(
            html,
            "<th scope=\"col\"{class}>{}</th>",
            escape(table.label(c))
        );
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &published.cells {
        html.push_str("<tr>");
        for (c, cell) in row.iter().enumerate() {
            let measure = !is_dimension(table, c);
            if c == 0 && !measure {
                let _ = write!(html, "<th scope=\"row\">{}</th>", escape(cell));
            } else if measure {
                let _ = write!(html, "<td class=\"num\">{}</td>", escape(cell));
            } else {
                let _ = write!(html, "<td>{}</td>", escape(cell));
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
    push_record(&mut out, &header);
    for row in &published.csv_cells {
        push_record(&mut out, row);
    }
    out.into_bytes()
}

fn push_record(out: &mut String, fields: &[String]) {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_and_their_partners_are_withheld_in_every_line() {
        let table = Table::from_rows(
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
        );
        let tables = BTreeMap::from([("workforce".to_string(), table)]);
        let config = crate::source::Config::placeholder();
        let published = publish(&Lookup::new(&tables, &config), &Rules::default(), "[c]");
        let p = &published[0];
        let text = |r: usize, c: usize| p.cells[r][c].as_str();
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
}
