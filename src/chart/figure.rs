//! A `chart` block, start to finish: its spec is checked against the data, the numbers are
//! summed and passed through disclosure control, and the result becomes a numbered figure:
//! a heading, the inline SVG, a caption with the source and the disclosure note, an
//! expandable table of exactly the plotted numbers, and a CSV download of the same.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::chart::plot::{Benchmark, Kind, Mark, PALETTE, Plot, Series, TWO_SERIES, Unit};
use crate::chart::{alt, draw};
use crate::data::{Table, parse_number};
use crate::datapages::Guard;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::disclosure::{self, Input, Published, Rules, Tally, Totals};
use crate::format;
use crate::html::escape;
use crate::query::{Crosstab, Key, Lookup, Problem, Sum};
use crate::spec::{self, ChartSpec, Show};

/// Where a chart block is: its page, its line, its figure number and heading level.
#[derive(Debug, Clone, Copy)]
pub struct Place<'p> {
    /// The markdown file, relative to the source folder.
    pub source: &'p Path,
    /// The line of the block's opening fence.
    pub line: usize,
    /// The figure's number in the report.
    pub number: usize,
    /// The page's output file.
    pub page_out: &'p str,
    /// The level of the figure's title heading.
    pub heading: u8,
}

/// A rendered figure and its CSV download.
#[derive(Debug, Clone)]
pub struct Figure {
    pub html: String,
    /// Where the CSV is written, relative to the output folder.
    pub csv_path: String,
    pub csv: Vec<u8>,
}

/// Everything a chart needs from the report: its tables and settings.
pub struct Charts<'a> {
    pub lookup: Lookup<'a>,
    /// What the data pages withhold: no bar may give it away.
    pub guard: &'a Guard<'a>,
    pub rules: Rules,
    pub symbol: String,
    pub percent_decimals: usize,
    /// One colour per (column, value) across the whole report.
    colours: BTreeMap<(String, String), &'static str>,
    /// Figures already drawn, by place (the print view shows every figure again).
    drawn: Mutex<HashMap<Drawn, Option<Made>>>,
}

/// Where a figure was drawn: its block, number and heading level.
type Drawn = (PathBuf, usize, usize, u8);
/// A drawn figure's HTML and CSV.
type Made = (String, Vec<u8>);

impl<'a> Charts<'a> {
    pub fn new(
        lookup: Lookup<'a>,
        guard: &'a Guard<'a>,
        rules: Rules,
        symbol: &str,
        percent_decimals: usize,
    ) -> Self {
        let colours = colours(&lookup);
        Charts {
            lookup,
            guard,
            rules,
            symbol: symbol.to_string(),
            percent_decimals,
            colours,
            drawn: Mutex::new(HashMap::new()),
        }
    }

    /// The colours given to each group, which tie every chart of the report together: a
    /// chart's drawing depends on them as well as on its own table.
    pub fn colour_map(&self) -> &BTreeMap<(String, String), &'static str> {
        &self.colours
    }

    /// Renders the chart block on `line` of `source` as figure `number` of the report, on
    /// the page written to `page_out`. `heading` is the level of the figure's title.
    pub fn figure(&self, text: &str, at: &Place, diagnostics: &mut Diagnostics) -> Option<Figure> {
        // A figure is the same wherever it is shown but for where its CSV is written.
        let key = (at.source.to_path_buf(), at.line, at.number, at.heading);
        let done = self
            .drawn
            .lock()
            .ok()
            .and_then(|drawn| drawn.get(&key).cloned());
        let made = match done {
            Some(made) => made,
            None => {
                let made = self
                    .draw(text, at, diagnostics)
                    .map(|figure| (figure.html, figure.csv));
                if let Ok(mut drawn) = self.drawn.lock() {
                    drawn.insert(key, made.clone());
                }
                made
            }
        };
        let (html, csv) = made?;
        Some(Figure {
            html,
            csv_path: csv_path(at.page_out, at.number),
            csv,
        })
    }

    fn draw(&self, text: &str, at: &Place, diagnostics: &mut Diagnostics) -> Option<Figure> {
        let Place {
            source,
            line,
            number,
            page_out,
            heading,
        } = *at;
        let mut spec = spec::chart(text, source, line, diagnostics)?;
        // Without `show:`, a column that is not the number of people is shown as it is.
        if !spec.show_given
            && let Ok(table) = self.lookup.table(&spec.data)
            && let Ok(value) = self.lookup.value_column(table, spec.value.as_deref())
            && Some(value) != table.count_column()
        {
            spec.show = Show::Value;
        }
        let data = match self.data(&spec) {
            Ok(data) => data,
            Err(problem) => {
                diagnostics.push(
                    Diagnostic::error(
                        source,
                        format!("the chart \"{}\": {}", spec.title, problem.message),
                    )
                    .at_line(line)
                    .with_hint(problem.hint),
                );
                return None;
            }
        };
        Some(self.render(&spec, data, number, page_out, heading))
    }

    /// Sums and protects the chart's numbers.
    fn data(&self, spec: &ChartSpec) -> Result<ChartData<'a>, Problem> {
        let lookup = &self.lookup;
        let table = lookup.table(&spec.data)?;
        let rows = lookup.rows(table, &spec.filter)?;
        let x = lookup.column(table, &spec.x, "x")?;
        let group = spec
            .group
            .as_deref()
            .map(|g| lookup.column(table, g, "group"))
            .transpose()?;
        let value = lookup.value_column(table, spec.value.as_deref())?;
        let is_count = Some(value) == table.count_column();
        if spec.show == Show::Count && !is_count {
            return Err(Problem {
                message: format!("`{}` is not the number of people, so it cannot be shown as a count", table.columns[value].name),
                hint: "add `show: value` to plot the column as it is (a measure of few people is withheld)".to_string(),
            });
        }
        if spec.show == Show::Share && !is_count {
            return Err(Problem {
                message: format!(
                    "`show: share` needs counts of people, but `{}` is not the count column",
                    table.columns[value].name
                ),
                hint: "remove `value:` to use the count column, or use `show: value`".to_string(),
            });
        }
        let mut tab = lookup.crosstab(table, &rows, x, group, value);
        if tab.xs.is_empty() {
            return Err(Problem {
                message: "no rows are left to plot".to_string(),
                hint: "check the values under `where:`".to_string(),
            });
        }
        if spec.kind == Kind::Line {
            sort_numerically(&mut tab);
        }
        let published = match spec.show {
            Show::Count => {
                let grid = disclosure::protect_grid(
                    &self.guarded(table, &tab),
                    &self.rules,
                    count_totals(&tab),
                );
                grid_values(&tab, |x, g| grid.get(x, g), grid.tally())
            }
            Show::Share => {
                let grid =
                    disclosure::protect_grid(&self.guarded(table, &tab), &self.rules, Totals::ROWS);
                // The base (everyone classified) is a sum of rows like any bar; and with the
                // category's total published elsewhere it gives away the unclassified
                // answers, so those must be publishable too. Where the base may not be
                // known, no share of it is shown either: a share and a count published
                // elsewhere (the data page) would give the base back.
                let base_allowed: Vec<bool> = (0..tab.xs.len())
                    .map(|x| {
                        let rows: Vec<usize> = tab.members[x].iter().flatten().copied().collect();
                        let unclassified = &tab.unclassified_members[x];
                        self.guard.allows(&table.name, &rows)
                            && (unclassified.is_empty()
                                || self.guard.allows(&table.name, unclassified))
                    })
                    .collect();
                let hidden = Published::Withheld(disclosure::Reason::Secondary);
                let mut values = grid_values(
                    &tab,
                    |x, g| match base_allowed[x] {
                        true => grid
                            .row_share(x, g)
                            .unwrap_or(Published::Shorthand(crate::data::Shorthand::NotAvailable)),
                        false => hidden,
                    },
                    Tally::default(),
                );
                values.bases = (0..tab.xs.len())
                    .map(|x| {
                        if base_allowed[x] {
                            grid.row_total(x)
                        } else {
                            Some(hidden)
                        }
                    })
                    .collect();
                values.tally = Tally::of(
                    values
                        .cells
                        .iter()
                        .flatten()
                        .chain(values.bases.iter().flatten()),
                );
                values
            }
            Show::Value => {
                for (xi, row) in tab.rows.iter().enumerate() {
                    if let Some(gi) = row.iter().position(|n| *n > 1) {
                        let what = if group.is_some() {
                            format!("{} and {}", tab.xs[xi], tab.groups[gi])
                        } else {
                            tab.xs[xi].clone()
                        };
                        return Err(Problem {
                            message: format!("`show: value` needs one row per bar, but {} has {} rows", what, row[gi]),
                            hint: "add filters under `where:` so each bar comes from one row, or use `show: count` to add them up".to_string(),
                        });
                    }
                }
                let mut tally = Tally::default();
                let values: Vec<Vec<Published>> = tab
                    .cells
                    .iter()
                    .zip(&tab.bases)
                    .zip(&tab.rows)
                    .map(|((cells, bases), rows)| {
                        cells
                            .iter()
                            .zip(bases)
                            .zip(rows)
                            .map(|((cell, base), n)| {
                                let p = if *n == 0 {
                                    Published::Shorthand(crate::data::Shorthand::NotAvailable)
                                } else {
                                    cell.measure(table.count_column().map(|_| *base), &self.rules)
                                };
                                tally.add(&p);
                                p
                            })
                            .collect()
                    })
                    .collect();
                Values {
                    cells: values,
                    bases: Vec::new(),
                    tally,
                }
            }
        };
        Ok(ChartData {
            table,
            x_name: table.columns[x].name.clone(),
            group_name: group.map(|g| table.columns[g].name.clone()),
            value_name: table.label(value).to_string(),
            tab,
            values: published,
        })
    }

    /// The figure's HTML, table and CSV.
    fn render(
        &self,
        spec: &ChartSpec,
        data: ChartData,
        number: usize,
        page_out: &str,
        heading: u8,
    ) -> Figure {
        let lookup = &self.lookup;
        let id = format!("figure-{number}");
        let categories: Vec<String> = data
            .tab
            .xs
            .iter()
            .map(|x| lookup.label(&data.x_name, x))
            .collect();
        let group_label = data.group_name.as_deref().map(|g| {
            data.table
                .label(data.table.column(g).unwrap_or(0))
                .replace('_', " ")
        });
        let series_names: Vec<String> = data
            .tab
            .groups
            .iter()
            .map(|g| match &data.group_name {
                Some(column) => lookup.label(column, g),
                None => unit_words(spec.show, &data.value_name),
            })
            .collect();
        let unit = match spec.show {
            Show::Count => Unit::Count,
            Show::Share => Unit::Percent,
            Show::Value => Unit::Value,
        };
        let n_groups = data.tab.groups.len();
        let series: Vec<Series> = (0..n_groups)
            .map(|g| Series {
                name: series_names[g].clone(),
                colour: match &data.group_name {
                    Some(column) => self.colour(column, &data.tab.groups[g], g),
                    None => PALETTE[0].to_string(),
                },
                marks: (0..data.tab.xs.len())
                    .map(|x| self.mark(&data.values.cells[x][g]))
                    .collect(),
            })
            .collect();
        let benchmarks = spec
            .benchmark
            .iter()
            .map(|(key, value)| {
                let group = data
                    .tab
                    .groups
                    .iter()
                    .position(|g| g.eq_ignore_ascii_case(key));
                let name = match (&data.group_name, group) {
                    (Some(column), Some(_)) => {
                        format!("Benchmark, {}", lookup.label(column, key).to_lowercase())
                    }
                    _ => key.clone(),
                };
                // On a 100% stacked bar the last group's segment ends at 100%: its benchmark
                // is measured back from there, so the line marks where that segment would
                // start.
                let last = data.tab.groups.len().checked_sub(1);
                let position = if spec.kind == Kind::StackedBar
                    && unit == Unit::Percent
                    && group.is_some()
                    && group == last
                {
                    100.0 - *value
                } else {
                    *value
                };
                Benchmark {
                    label: format!("{name}: {}", self.format_value(unit, *value)),
                    value: position,
                }
            })
            .collect();
        let plot = Plot {
            kind: spec.kind,
            title: spec.title.clone(),
            category_label: data
                .table
                .label(data.table.column(&data.x_name).unwrap_or(0))
                .to_string(),
            value_label: unit_words(spec.show, &data.value_name),
            categories: categories.clone(),
            series,
            unit,
            percent_decimals: self.percent_decimals,
            benchmarks,
        };
        let alt = spec.alt.clone().unwrap_or_else(|| alt::alt_text(&plot));
        // The data table below is the chart's accessible alternative: the image points at it.
        let svg = draw::svg_with_alt(&plot, &id, &alt).replacen(
            " role=\"img\"",
            &format!(" role=\"img\" aria-describedby=\"{id}-data\""),
            1,
        );

        // The table of exactly the plotted numbers (and the bases of shares).
        let x_label = plot.category_label.clone();
        let mut header: Vec<String> = vec![x_label.clone()];
        header.extend(series_names.iter().cloned());
        let with_base = !data.values.bases.is_empty();
        if with_base {
            header.push("People with a classified answer".to_string());
        }
        let mut rows_text: Vec<Vec<String>> = Vec::new();
        let mut rows_csv: Vec<Vec<String>> = Vec::new();
        for (xi, category) in categories.iter().enumerate() {
            let mut text = vec![category.clone()];
            let mut csv = vec![category.clone()];
            for g in 0..n_groups {
                let p = &data.values.cells[xi][g];
                text.push(self.display(p, unit));
                csv.push(self.csv_value(p, unit));
            }
            if with_base {
                let base = data.values.bases[xi]
                    .unwrap_or(Published::Shorthand(crate::data::Shorthand::NotAvailable));
                text.push(self.display(&base, Unit::Count));
                csv.push(self.csv_value(&base, Unit::Count));
            }
            rows_text.push(text);
            rows_csv.push(csv);
        }

        let level = heading.clamp(2, 6);
        let title = escape(&spec.title);
        let mut html = String::new();
        let _ = write!(
            html,
            "<figure class=\"chart chart--{kind}\" id=\"{id}\" aria-labelledby=\"{id}-heading\">\n<h{level} class=\"chart-title\" id=\"{id}-heading\"><span class=\"chart-number\">Figure {number}:</span> {title}</h{level}>\n<p class=\"chart-subtitle\">{subtitle}</p>\n",
            kind = kind_class(spec.kind),
            subtitle = escape(&subtitle(spec, &plot, lookup, group_label.as_deref())),
        );
        html.push_str(&svg);
        html.push('\n');
        let _ = write!(
            html,
            "<details class=\"chart-data\">\n<summary id=\"{id}-data\">Show the data for figure {number} as a table</summary>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Data for figure {number}\">\n<table>\n<caption>Figure {number}: {title}</caption>\n<thead><tr>"
        );
        for (i, h) in header.iter().enumerate() {
            let class = if i == 0 { "" } else { " class=\"num\"" };
            let _ = write!(html, "<th scope=\"col\"{class}>{}</th>", escape(h));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for row in &rows_text {
            html.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    let _ = write!(html, "<th scope=\"row\">{}</th>", escape(cell));
                } else {
                    let _ = write!(html, "<td class=\"num\">{}</td>", escape(cell));
                }
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n</div>\n</details>\n");

        let csv_name = format!("{id}.csv");
        let csv_path = csv_path(page_out, number);
        html.push_str("<figcaption class=\"chart-caption\">\n");
        if let Some(source) = spec.source.as_deref().or(data.table.meta.source.as_deref()) {
            let _ = writeln!(
                html,
                "<p class=\"chart-source\">Source: {}</p>",
                escape(source)
            );
        }
        if let Some(note) = disclosure::note(&data.values.tally, &self.rules, &self.symbol) {
            let _ = writeln!(html, "<p class=\"note\">{}</p>", escape(&note));
        }
        if let Some(note) = disclosure::rounding_note(&self.rules) {
            let _ = writeln!(html, "<p class=\"note\">{}</p>", escape(&note));
        }
        let _ = writeln!(
            html,
            "<p class=\"chart-download\"><a href=\"{csv_name}\" download>Download the data for figure {number} (CSV)</a></p>"
        );
        html.push_str("</figcaption>\n</figure>\n");

        let mut csv = String::new();
        format::csv_record(&mut csv, &header);
        for row in &rows_csv {
            format::csv_record(&mut csv, row);
        }
        Figure {
            html,
            csv_path,
            csv: csv.into_bytes(),
        }
    }

    fn colour(&self, column: &str, key: &str, fallback: usize) -> String {
        self.colours
            .get(&(column.to_string(), key.to_string()))
            .copied()
            .unwrap_or(PALETTE[fallback % PALETTE.len()])
            .to_string()
    }

    fn mark(&self, value: &Published) -> Mark {
        match value.number() {
            Some(n) => Mark::Value(n),
            None => Mark::Gap(value.symbol(&self.symbol).unwrap_or("[x]").to_string()),
        }
    }

    fn format_value(&self, unit: Unit, value: f64) -> String {
        match unit {
            Unit::Percent => format::percent(value, self.percent_decimals),
            Unit::Count => format::number(value, 0),
            Unit::Value => format::number(value, if value.fract() == 0.0 { 0 } else { 1 }),
        }
    }

    /// A published value as shown in the page's table.
    fn display(&self, value: &Published, unit: Unit) -> String {
        if let Some(symbol) = value.symbol(&self.symbol) {
            return symbol.to_string();
        }
        match (value, unit) {
            (Published::Count(n), _) => format::count(*n),
            (other, unit) => self.format_value(unit, other.number().unwrap_or(0.0)),
        }
    }

    /// A published value as written in the CSV download: plain numbers, no separators.
    fn csv_value(&self, value: &Published, unit: Unit) -> String {
        if let Some(symbol) = value.symbol(&self.symbol) {
            return symbol.to_string();
        }
        match (value, unit) {
            (Published::Count(n), _) => n.to_string(),
            (other, Unit::Percent) => format!("{:.1}", other.number().unwrap_or(0.0)),
            (other, _) => {
                let v = other.number().unwrap_or(0.0);
                if v.fract() == 0.0 {
                    format!("{v:.0}")
                } else {
                    format!("{v}")
                }
            }
        }
    }
}

/// The summed and protected numbers of a chart.
struct ChartData<'a> {
    table: &'a Table,
    x_name: String,
    group_name: Option<String>,
    value_name: String,
    tab: Crosstab,
    values: Values,
}

/// Published values per category and group, the bases of shares, and what was withheld.
struct Values {
    cells: Vec<Vec<Published>>,
    bases: Vec<Option<Published>>,
    tally: Tally,
}

fn grid_values(
    tab: &Crosstab,
    get: impl Fn(usize, usize) -> Published,
    grid_tally: Tally,
) -> Values {
    let cells = (0..tab.xs.len())
        .map(|x| (0..tab.groups.len()).map(|g| get(x, g)).collect())
        .collect();
    Values {
        cells,
        bases: Vec::new(),
        tally: grid_tally,
    }
}

impl Charts<'_> {
    /// The crosstab's sums as disclosure inputs; a sum the data pages' guard refuses is
    /// forced to be withheld.
    fn guarded(&self, table: &Table, tab: &Crosstab) -> Vec<Vec<Input>> {
        let mut cells = inputs(&tab.cells);
        for (x, row) in cells.iter_mut().enumerate() {
            for (g, cell) in row.iter_mut().enumerate() {
                // Small counts are withheld by the primary rule anyway (and say so).
                if let Input::Count(n) = *cell
                    && n >= self.rules.threshold
                    && !self.guard.allows(&table.name, &tab.members[x][g])
                {
                    *cell = Input::Forced(n);
                }
            }
        }
        cells
    }
}

/// The totals a count chart gives away: each category's (a bar's groups add up to it) and
/// each group's (its bars add up). With one group, a category's total is the bar itself,
/// not a separate figure.
fn count_totals(tab: &Crosstab) -> Totals {
    Totals {
        rows: tab.groups.len() > 1,
        columns: true,
    }
}

fn inputs(cells: &[Vec<Sum>]) -> Vec<Vec<Input>> {
    cells
        .iter()
        .map(|row| row.iter().map(|s| s.input()).collect())
        .collect()
}

/// Years (and other numbers) along a line chart's x axis go in numeric order.
fn sort_numerically(tab: &mut Crosstab) {
    if !tab.xs.iter().all(|x| parse_number(x).is_some()) {
        return;
    }
    let mut order: Vec<usize> = (0..tab.xs.len()).collect();
    order.sort_by(|a, b| {
        parse_number(&tab.xs[*a])
            .unwrap_or(0.0)
            .total_cmp(&parse_number(&tab.xs[*b]).unwrap_or(0.0))
    });
    fn pick<T: Clone>(order: &[usize], v: &[T]) -> Vec<T> {
        order.iter().map(|i| v[*i].clone()).collect()
    }
    tab.xs = pick(&order, &tab.xs);
    tab.cells = pick(&order, &tab.cells);
    tab.bases = pick(&order, &tab.bases);
    tab.rows = pick(&order, &tab.rows);
    tab.members = pick(&order, &tab.members);
    tab.unclassified_members = pick(&order, &tab.unclassified_members);
    tab.unclassified = pick(&order, &tab.unclassified);
}

/// What the numbers are, in words.
fn unit_words(show: Show, value_name: &str) -> String {
    match show {
        Show::Count => "Number of people".to_string(),
        Show::Share => "Percentage of people with a classified answer".to_string(),
        Show::Value => value_name.to_string(),
    }
}

/// The statistical subtitle: measure, breakdown and filters.
fn subtitle(spec: &ChartSpec, plot: &Plot, lookup: &Lookup, group_label: Option<&str>) -> String {
    let mut text = format!(
        "{}, by {}",
        plot.value_label,
        plot.category_label.to_lowercase()
    );
    if let Some(group) = group_label {
        let _ = write!(text, " and {}", group.to_lowercase());
    }
    let filters: Vec<String> = spec
        .filter
        .iter()
        .map(|(column, values)| {
            let shown: Vec<String> = values.iter().map(|v| lookup.label(column, v)).collect();
            format!("{} {}", column.replace('_', " "), shown.join(" or "))
        })
        .collect();
    if !filters.is_empty() {
        let _ = write!(text, "; {}", filters.join("; "));
    }
    text
}

fn kind_class(kind: Kind) -> &'static str {
    match kind {
        Kind::Bar => "bar",
        Kind::StackedBar => "stacked-bar",
        Kind::GroupedBar => "grouped-bar",
        Kind::Line => "line",
        Kind::Diverging => "diverging",
    }
}

/// One colour per value of a column across the report: a value keeps its colour in every
/// chart. Values are numbered in the column's display order over all tables.
/// Where the CSV of figure `number` on the page written to `page_out` goes: beside the
/// page.
fn csv_path(page_out: &str, number: usize) -> String {
    match page_out.rsplit_once('/') {
        Some((dir, _)) if !dir.is_empty() => format!("{dir}/figure-{number}.csv"),
        _ => format!("figure-{number}.csv"),
    }
}

fn colours(lookup: &Lookup) -> BTreeMap<(String, String), &'static str> {
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for table in lookup.tables.values() {
        for (c, column) in table.columns.iter().enumerate() {
            if column.kind != crate::data::ColumnKind::Dimension {
                continue;
            }
            let list = keys.entry(column.name.clone()).or_default();
            // The column's values are numbered in the order they first appear, so their
            // keys come in the order of the rows.
            let index = lookup.column_index(table, c);
            for key in &index.keys {
                if let Key::Value(k) = key
                    && !list.contains(k)
                {
                    list.push(k.clone());
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (column, mut list) in keys {
        lookup.sort_keys(&column, &mut list);
        let palette = if list.len() == 2 { TWO_SERIES } else { PALETTE };
        for (i, key) in list.into_iter().enumerate() {
            out.insert((column.clone(), key), palette[i % palette.len()]);
        }
    }
    out
}
