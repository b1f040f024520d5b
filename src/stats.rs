//! Named figures for the prose (FORMAT.md section 5): each stat of report.yaml is worked
//! out once per build from the data, passed through disclosure control, and formatted the
//! same way wherever `{{ name }}` or a `figures` block uses it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::data::{Table, parse_number};
use crate::datapages::Guard;
use crate::diagnostic::{Diagnostic, Diagnostics, suggestion_hint};
use crate::disclosure::{self, Input, Published, Rules};
use crate::format;
use crate::query::{Key, Lookup, Problem, Sum};
use crate::spec::{Measure, StatSpec};

/// What kind of number a stat is, which decides how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Count,
    Share,
    Value,
}

/// A stat after disclosure control.
#[derive(Debug, Clone, PartialEq)]
pub struct StatValue {
    kind: Kind,
    /// The value itself, or for a `change:` stat the difference.
    value: Published,
    change: bool,
}

/// The report's stats, worked out.
#[derive(Debug, Default)]
pub struct Stats {
    values: BTreeMap<String, StatValue>,
    /// Names of stats that exist but could not be worked out (their error is reported).
    broken: Vec<String>,
    symbol: String,
    percent_decimals: usize,
}

impl Stats {
    /// Works out every stat of report.yaml. Problems are reported at the stat's line.
    pub fn compute(
        specs: &BTreeMap<String, StatSpec>,
        lookup: &Lookup,
        guard: &Guard,
        rules: &Rules,
        symbol: &str,
        percent_decimals: usize,
        diagnostics: &mut Diagnostics,
    ) -> Stats {
        let mut stats = Stats {
            symbol: symbol.to_string(),
            percent_decimals,
            ..Stats::default()
        };
        for (name, spec) in specs {
            match evaluate(spec, lookup, guard, rules) {
                Ok(value) => {
                    stats.values.insert(name.clone(), value);
                }
                Err(problem) => {
                    stats.broken.push(name.clone());
                    diagnostics.push(
                        Diagnostic::error(
                            Path::new("report.yaml"),
                            format!("the stat `{name}`: {}", problem.message),
                        )
                        .at_line(spec.line)
                        .with_hint(problem.hint),
                    );
                }
            }
        }
        stats
    }

    /// Every withheld or shorthand symbol a stat prints, for checks.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// The stat as written in the prose, with its note when it is withheld.
    pub fn text(&self, name: &str) -> Result<crate::markdown::StatText, (String, String)> {
        let text = self.display(name)?;
        let withheld = self
            .values
            .get(name.trim())
            .map(|v| disclosure::Tally::of([&v.value]))
            .unwrap_or_default();
        Ok(crate::markdown::StatText { text, withheld })
    }

    /// The stat written for the page (`18%`, `3,512`, `+2.1 percentage points`, or the
    /// disclosure symbol), or the problem with its name.
    pub fn display(&self, name: &str) -> Result<String, (String, String)> {
        let name = name.trim();
        if let Some(value) = self.values.get(name) {
            return Ok(self.write(value));
        }
        if self.broken.iter().any(|b| b == name) {
            // Already reported at report.yaml; show the symbol so the page still reads.
            return Ok(self.symbol.clone());
        }
        let known = self.values.keys().chain(&self.broken).map(String::as_str);
        Err((
            format!("there is no stat called `{name}`"),
            if self.values.is_empty() && self.broken.is_empty() {
                "define it under `stats:` in report.yaml, for example `responses: {data: survey, sum: count}`; write `\\{{` for a literal `{{`".to_string()
            } else {
                format!(
                    "{} (stats are defined under `stats:` in report.yaml; write `\\{{{{` for a literal `{{{{`)",
                    suggestion_hint(name, known.clone(), "stats")
                )
            },
        ))
    }

    fn write(&self, stat: &StatValue) -> String {
        let decimals = self.percent_decimals;
        match (stat.value, stat.kind, stat.change) {
            (Published::Withheld(_), _, _) => self.symbol.clone(),
            (Published::Shorthand(s), _, _) => s.symbol().to_string(),
            (Published::Share(v), _, false) => format::percent(v, decimals),
            (value, Kind::Share, true) => {
                format::change_points(value.number().unwrap_or(0.0), decimals + 1)
            }
            (value, _, true) => {
                let v = value.number().unwrap_or(0.0);
                format::change_value(v, if v.fract() == 0.0 { 0 } else { 1 })
            }
            (Published::Count(n), _, false) => format::count(n),
            (Published::Value(v), _, false) => {
                format::number(v, if v.fract() == 0.0 { 0 } else { 1 })
            }
        }
    }
}

/// Works out one stat.
fn evaluate(
    spec: &StatSpec,
    lookup: &Lookup,
    guard: &Guard,
    rules: &Rules,
) -> Result<StatValue, Problem> {
    let table = lookup.table(&spec.data)?;
    let rows = lookup.rows(table, &spec.filter)?;
    let Some(along) = &spec.change else {
        let (kind, value) = measure(spec, table, &rows, lookup, guard, rules)?;
        return Ok(StatValue {
            kind,
            value,
            change: false,
        });
    };
    // change: the latest value minus the previous one along a column (such as year).
    let column = lookup.column(table, along, "change")?;
    let mut keys: Vec<String> = Vec::new();
    for &r in &rows {
        let text = table.cell_text(r, column).to_string();
        if !keys.contains(&text) {
            keys.push(text);
        }
    }
    if keys.iter().all(|k| parse_number(k).is_some()) {
        keys.sort_by(|a, b| {
            parse_number(a)
                .unwrap_or(0.0)
                .total_cmp(&parse_number(b).unwrap_or(0.0))
        });
    } else {
        let name = table.columns.get(column).map_or("", |c| c.name.as_str());
        lookup.sort_keys(name, &mut keys);
    }
    let [.., previous, latest] = keys.as_slice() else {
        return Err(Problem {
            message: format!(
                "`change: {along}` needs at least two values of `{along}`, but the rows have {}",
                keys.len()
            ),
            hint: format!(
                "remove `{along}` from `where:` so both years are included, or remove `change:`"
            ),
        });
    };
    let at = |key: &String| -> Vec<usize> {
        rows.iter()
            .copied()
            .filter(|&r| table.cell_text(r, column) == key)
            .collect()
    };
    let (kind, now) = measure(spec, table, &at(latest), lookup, guard, rules)?;
    let (_, before) = measure(spec, table, &at(previous), lookup, guard, rules)?;
    let value = match (now, before) {
        (Published::Withheld(r), _) | (_, Published::Withheld(r)) => Published::Withheld(r),
        (Published::Shorthand(s), _) | (_, Published::Shorthand(s)) => Published::Shorthand(s),
        (a, b) => Published::Value(a.number().unwrap_or(0.0) - b.number().unwrap_or(0.0)),
    };
    Ok(StatValue {
        kind,
        value,
        change: true,
    })
}

/// The measure of a stat over `rows`.
fn measure(
    spec: &StatSpec,
    table: &Table,
    rows: &[usize],
    lookup: &Lookup,
    guard: &Guard,
    rules: &Rules,
) -> Result<(Kind, Published), Problem> {
    let count = table.count_column();
    // A count that adds up rows may not give away what the data page withholds.
    let guarded = |input: Input, rows: &[usize]| match input {
        // Small counts are withheld by the primary rule anyway (and say so).
        Input::Count(n) if n >= rules.threshold && !guard.allows(&table.name, rows) => {
            Input::Forced(n)
        }
        other => other,
    };
    let sum = |column: usize, rows: &mut dyn Iterator<Item = usize>| {
        rows.fold(Sum::Known(0.0), |acc, r| {
            acc.with_cell(table.cell(r, column))
        })
    };
    let as_input = Sum::input;
    match &spec.measure {
        Measure::Sum(column) => {
            let index = lookup.measure(table, column, "sum")?;
            let total = sum(index, &mut rows.iter().copied());
            if Some(index) == count {
                return Ok((
                    Kind::Count,
                    protect_input(guarded(as_input(total), rows), rules),
                ));
            }
            let base = count.map(|c| sum(c, &mut rows.iter().copied()));
            Ok((Kind::Value, total.measure(base, rules)))
        }
        Measure::Value(column) => {
            let index = lookup.measure(table, column, "value")?;
            let [row] = rows else {
                return Err(Problem {
                    message: format!(
                        "`value: {column}` needs exactly one row, but `where:` leaves {}",
                        rows.len()
                    ),
                    hint: "add filters under `where:` until they pick out one row, or use `sum:`"
                        .to_string(),
                });
            };
            let one = sum(index, &mut std::iter::once(*row));
            if Some(index) == count {
                return Ok((
                    Kind::Count,
                    protect_input(guarded(as_input(one), &[*row]), rules),
                ));
            }
            let base = count.map(|c| sum(c, &mut std::iter::once(*row)));
            Ok((Kind::Value, one.measure(base, rules)))
        }
        Measure::Declared(column) => {
            let index = lookup.column(table, column, "declared")?;
            if !lookup.config.groups.contains_key(column.as_str()) {
                return Err(Problem {
                    message: format!("a declaration rate needs the reporting groups of `{column}`"),
                    hint: format!(
                        "map the answers of `{column}` to groups under `groups:` in report.yaml"
                    ),
                });
            }
            let Some(count) = count else {
                return Err(Problem {
                    message: format!(
                        "a declaration rate needs the number of people behind each row, but `{}` has no `{}` column",
                        table.name, table.meta.count
                    ),
                    hint:
                        "add a `count` column, or name it with `count:` in the table's .meta.yaml"
                            .to_string(),
                });
            };
            let (classified, unclassified): (Vec<usize>, Vec<usize>) = rows
                .iter()
                .partition(|&&r| lookup.key(table, r, index) != Key::Unclassified);
            // The rate and a published total would give the unclassified count back.
            if !guard.allows(&table.name, &classified) || !guard.allows(&table.name, &unclassified)
            {
                return Ok((
                    Kind::Share,
                    Published::Withheld(disclosure::Reason::Secondary),
                ));
            }
            let parts = [
                as_input(sum(count, &mut classified.iter().copied())),
                as_input(sum(count, &mut unclassified.iter().copied())),
            ];
            let line = disclosure::protect_line(&parts, rules, true);
            Ok((
                Kind::Share,
                line.share(0)
                    .unwrap_or(Published::Shorthand(crate::data::Shorthand::NotAvailable)),
            ))
        }
        Measure::Share { column, value } => {
            let index = lookup.column(table, column, "share")?;
            let Some(count) = count else {
                return Err(Problem {
                    message: format!(
                        "a share needs the number of people behind each row, but `{}` has no `{}` column",
                        table.name, table.meta.count
                    ),
                    hint:
                        "add a `count` column, or name it with `count:` in the table's .meta.yaml"
                            .to_string(),
                });
            };
            // The classified groups of the column, each summed: the line the share is part of.
            let mut groups: Vec<String> = Vec::new();
            let mut sums: Vec<Sum> = Vec::new();
            let mut members: Vec<Vec<usize>> = Vec::new();
            for &r in rows {
                if let Key::Value(group) = lookup.key(table, r, index) {
                    let cell = sum(count, &mut std::iter::once(r));
                    match groups.iter().position(|g| *g == group) {
                        Some(i) => {
                            sums[i] = sums[i].plus(cell);
                            members[i].push(r);
                        }
                        None => {
                            groups.push(group);
                            sums.push(cell);
                            members.push(vec![r]);
                        }
                    }
                }
            }
            let grouped = lookup.config.groups.get(column.as_str());
            if let Some(defined) = grouped
                && !defined.keys().any(|g| g.eq_ignore_ascii_case(value))
            {
                let names: Vec<&str> = defined.keys().map(String::as_str).collect();
                let message = match lookup.key_of(column, value) {
                    Key::Value(group) => format!(
                        "`{value}` is an answer within the group `{group}`; shares are of reporting groups"
                    ),
                    Key::Unclassified => format!(
                        "`{value}` is not a reporting group: answers outside the groups are left out of shares"
                    ),
                };
                return Err(Problem {
                    message,
                    hint: suggestion_hint(value, names, "groups"),
                });
            }
            let Some(position) = groups.iter().position(|g| g.eq_ignore_ascii_case(value)) else {
                return Err(Problem {
                    message: format!("no row has `{column}` equal to `{value}`"),
                    hint: suggestion_hint(value, groups.iter().map(String::as_str), "values"),
                });
            };
            // A share with a count published elsewhere (the data page) gives its base back:
            // where the base may not be known, neither may the share.
            let classified: Vec<usize> = members.iter().flatten().copied().collect();
            let unclassified: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&r| lookup.key(table, r, index) == Key::Unclassified)
                .collect();
            if !guard.allows(&table.name, &classified)
                || (!unclassified.is_empty() && !guard.allows(&table.name, &unclassified))
            {
                return Ok((
                    Kind::Share,
                    Published::Withheld(disclosure::Reason::Secondary),
                ));
            }
            let inputs: Vec<Input> = sums.into_iter().map(as_input).collect();
            let line = disclosure::protect_line(&inputs, rules, true);
            Ok((
                Kind::Share,
                line.share(position)
                    .unwrap_or(Published::Shorthand(crate::data::Shorthand::NotAvailable)),
            ))
        }
    }
}

fn protect_input(input: Input, rules: &Rules) -> Published {
    match input {
        Input::Count(n) => disclosure::protect_total(n, rules),
        Input::Forced(_) => Published::Withheld(disclosure::Reason::Secondary),
        Input::Shorthand(s) => Published::Shorthand(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Config;
    use crate::spec::Filter;

    fn config() -> Config {
        let text = "title: T\norganisation: O\nyear: 2025\ngroups:\n  seb:\n    professional: [Modern professional]\n    lower: [Routine]\n";
        crate::yaml::parse(text, Path::new("report.yaml"), 1).unwrap()
    }

    fn tables() -> BTreeMap<String, Table> {
        let t = Table::from_rows(
            "workforce",
            &["year", "grade", "seb", "count", "pay"],
            [
                ["2024", "SCS", "Modern professional", "80", "70000"],
                ["2024", "SCS", "Routine", "20", "65000"],
                ["2024", "SCS", "Prefer not to say", "12", "60000"],
                ["2025", "SCS", "Modern professional", "75", "71000"],
                ["2025", "SCS", "Routine", "25", "66000"],
                ["2025", "EO", "Routine", "4", "30000"],
                ["2025", "EO", "Modern professional", "30", "31000"],
            ],
        );
        BTreeMap::from([("workforce".to_string(), t)])
    }

    fn spec(
        name: &str,
        filter: &[(&str, &str)],
        measure: Measure,
        change: Option<&str>,
    ) -> StatSpec {
        StatSpec {
            name: name.to_string(),
            data: "workforce".to_string(),
            filter: filter
                .iter()
                .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
                .collect::<Filter>(),
            measure,
            change: change.map(str::to_string),
            line: 7,
        }
    }

    fn run(specs: Vec<StatSpec>) -> (Stats, Diagnostics) {
        let config = config();
        let tables = tables();
        let lookup = Lookup::new(&tables, &config);
        let mut d = Diagnostics::new();
        let map = specs.into_iter().map(|s| (s.name.clone(), s)).collect();
        let published = crate::datapages::publish(&lookup, &Rules::default(), "[c]");
        let guard = Guard::new(&published, &Rules::default());
        let stats = Stats::compute(&map, &lookup, &guard, &Rules::default(), "[c]", 0, &mut d);
        (stats, d)
    }

    #[test]
    fn sums_shares_values_and_changes() {
        let (stats, d) = run(vec![
            spec(
                "staff",
                &[("year", "2025")],
                Measure::Sum("count".into()),
                None,
            ),
            spec(
                "lower_scs",
                &[("year", "2025"), ("grade", "SCS")],
                Measure::Share {
                    column: "seb".into(),
                    value: "lower".into(),
                },
                None,
            ),
            spec(
                "lower_change",
                &[("grade", "SCS")],
                Measure::Share {
                    column: "seb".into(),
                    value: "lower".into(),
                },
                Some("year"),
            ),
            spec(
                "pay",
                &[("year", "2025"), ("grade", "SCS"), ("seb", "Routine")],
                Measure::Value("pay".into()),
                None,
            ),
        ]);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(stats.display("staff").unwrap(), "134");
        // 25 of the 100 classified (the 12 unclassified are left out of the share).
        assert_eq!(stats.display("lower_scs").unwrap(), "25%");
        assert_eq!(
            stats.display("lower_change").unwrap(),
            "+5.0 percentage points"
        );
        assert_eq!(stats.display("pay").unwrap(), "66,000");
    }

    #[test]
    fn declaration_rates_count_classified_answers_of_everyone() {
        let (stats, d) = run(vec![spec(
            "declared",
            &[("year", "2024"), ("grade", "SCS")],
            Measure::Declared("seb".into()),
            None,
        )]);
        assert!(d.is_empty(), "{d:?}");
        // 100 of 112 answered in a way that belongs to a group.
        assert_eq!(stats.display("declared").unwrap(), "89%");
    }

    #[test]
    fn small_numbers_are_withheld() {
        let (stats, d) = run(vec![
            spec(
                "eo_lower",
                &[("year", "2025"), ("grade", "EO"), ("seb", "Routine")],
                Measure::Sum("count".into()),
                None,
            ),
            spec(
                "eo_share",
                &[("year", "2025"), ("grade", "EO")],
                Measure::Share {
                    column: "seb".into(),
                    value: "lower".into(),
                },
                None,
            ),
            spec(
                "eo_pay",
                &[("year", "2025"), ("grade", "EO"), ("seb", "Routine")],
                Measure::Value("pay".into()),
                None,
            ),
        ]);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(stats.display("eo_lower").unwrap(), "[c]");
        assert_eq!(stats.display("eo_share").unwrap(), "[c]");
        assert_eq!(stats.display("eo_pay").unwrap(), "[c]");
    }

    #[test]
    fn problems_are_reported_at_the_stat_line() {
        let (stats, d) = run(vec![
            spec(
                "bad",
                &[("year", "2030")],
                Measure::Sum("count".into()),
                None,
            ),
            spec(
                "two_rows",
                &[("year", "2025")],
                Measure::Value("pay".into()),
                None,
            ),
        ]);
        let all = d.sorted();
        assert_eq!(all.len(), 2);
        assert!(
            all.iter()
                .all(|d| d.line == Some(7) && d.file == Path::new("report.yaml"))
        );
        assert!(stats.display("nope").unwrap_err().0.contains("nope"));
        assert!(stats.display("bda").unwrap_err().1.contains("bad"));
    }
}
