//! The YAML of Ladder's blocks (`chart`, `figures`, `timeline`) and of the named stats in
//! report.yaml, parsed and checked for spelling. What they mean for the data is worked
//! out later (see `query` and `stats`); here a typo becomes an error at its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::chart::plot::Kind;
use crate::diagnostic::{Diagnostic, Diagnostics, suggestion_hint};
pub use crate::source::config::Scalar;
use crate::yaml;

/// Row filters: column to the values kept (FORMAT.md: "a value may be a list").
pub type Filter = BTreeMap<String, Vec<String>>;

/// What a chart shows (FORMAT.md section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Numbers of people.
    Count,
    /// Percent of each category's classified total.
    Share,
    /// The value column as it is.
    Value,
}

/// A `chart` block.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: Kind,
    pub title: String,
    pub data: String,
    pub filter: Filter,
    pub x: String,
    pub group: Option<String>,
    /// The numeric column to plot; the table's count column when absent.
    pub value: Option<String>,
    pub show: Show,
    /// True when `show:` was written (otherwise it was chosen from the chart type).
    pub show_given: bool,
    /// Reference lines: group value (or label) to the value in the shown unit.
    pub benchmark: Vec<(String, f64)>,
    pub source: Option<String>,
    pub alt: Option<String>,
    /// The line of the block's opening fence, for errors found later.
    pub line: usize,
}

/// The keys of a chart block.
pub const CHART_KEYS: &[&str] = &[
    "type",
    "title",
    "data",
    "where",
    "x",
    "group",
    "value",
    "show",
    "benchmark",
    "source",
    "alt",
];

#[derive(Debug, Deserialize)]
struct RawChart {
    #[serde(rename = "type")]
    kind: Option<String>,
    title: Option<String>,
    data: Option<String>,
    #[serde(rename = "where", default)]
    filter: BTreeMap<String, OneOrMany>,
    x: Option<String>,
    group: Option<String>,
    value: Option<String>,
    show: Option<String>,
    #[serde(default)]
    benchmark: BTreeMap<String, f64>,
    source: Option<String>,
    alt: Option<String>,
}

/// A filter value: one scalar or a list of them, kept as text.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(Scalar),
    Many(Vec<Scalar>),
}

impl OneOrMany {
    pub fn texts(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.text()],
            OneOrMany::Many(list) => list.iter().map(Scalar::text).collect(),
        }
    }
}

fn filter_of(raw: &BTreeMap<String, OneOrMany>) -> Filter {
    raw.iter().map(|(k, v)| (k.clone(), v.texts())).collect()
}

/// Reports keys of a YAML block that are not in `known`; true when there were none.
fn check_keys(
    text: &str,
    known: &[&str],
    what: &str,
    file: &Path,
    first_line: usize,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Ok(keys) = yaml::parse::<BTreeMap<String, IgnoredAny>>(text, file, first_line) else {
        return true; // the typed parse reports the syntax error
    };
    let mut ok = true;
    for key in keys.keys().filter(|k| !known.contains(&k.as_str())) {
        ok = false;
        let line = yaml::key_line(text, key).map_or(first_line, |l| l + first_line - 1);
        diagnostics.push(
            Diagnostic::error(file, format!("the {what} has an unknown key `{key}`"))
                .at(line, 1)
                .with_hint(suggestion_hint(key, known.iter().copied(), "keys")),
        );
    }
    ok
}

/// Parses a `chart` block whose opening fence is on `line` of `file`.
pub fn chart(
    text: &str,
    file: &Path,
    line: usize,
    diagnostics: &mut Diagnostics,
) -> Option<ChartSpec> {
    let first = line + 1;
    let keys_ok = check_keys(text, CHART_KEYS, "chart", file, first, diagnostics);
    let raw: RawChart = match yaml::parse(text, file, first) {
        Ok(raw) => raw,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let at = |key: &str| yaml::key_line(text, key).map_or(line, |l| l + first - 1);
    let mut ok = keys_ok;
    let mut require = |value: &Option<String>, key: &str, example: &str| -> String {
        match value.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => v.to_string(),
            _ => {
                ok = false;
                diagnostics.push(
                    Diagnostic::error(file, format!("the chart has no `{key}`"))
                        .at_line(line)
                        .with_hint(format!(
                            "add a line such as `{example}` inside the chart block"
                        )),
                );
                String::new()
            }
        }
    };
    let kind_name = require(&raw.kind, "type", "type: bar");
    let title = require(
        &raw.title,
        "title",
        "title: Lower-background staff are fewer at senior grades",
    );
    let data = require(&raw.data, "data", "data: workforce");
    let x = require(&raw.x, "x", "x: grade");
    let kind = if kind_name.is_empty() {
        None
    } else {
        let kind = Kind::parse(&kind_name);
        if kind.is_none() {
            ok = false;
            diagnostics.push(
                Diagnostic::error(file, format!("`{kind_name}` is not a chart type"))
                    .at_line(at("type"))
                    .with_hint(suggestion_hint(
                        &kind_name,
                        Kind::NAMES.iter().copied(),
                        "chart types",
                    )),
            );
        }
        kind
    };
    let show = match raw.show.as_deref().map(str::trim) {
        None => {
            if kind == Some(Kind::StackedBar) || kind == Some(Kind::Diverging) {
                Show::Share
            } else {
                Show::Count
            }
        }
        Some("count") => Show::Count,
        Some("share") => Show::Share,
        Some("value") => Show::Value,
        Some(other) => {
            ok = false;
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("`show: {other}` is not something a chart can show"),
                )
                .at_line(at("show"))
                .with_hint(suggestion_hint(
                    other,
                    ["count", "share", "value"],
                    "choices",
                )),
            );
            Show::Count
        }
    };
    let kind = kind?;
    if !ok {
        return None;
    }
    Some(ChartSpec {
        kind,
        title,
        data,
        filter: filter_of(&raw.filter),
        x,
        group: raw
            .group
            .map(|g| g.trim().to_string())
            .filter(|g| !g.is_empty()),
        value: raw
            .value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
        show,
        show_given: raw.show.is_some(),
        benchmark: raw.benchmark.into_iter().collect(),
        source: raw.source.filter(|s| !s.trim().is_empty()),
        alt: raw.alt.filter(|s| !s.trim().is_empty()),
        line,
    })
}

/// One item of a `figures` block.
#[derive(Debug, Clone, PartialEq)]
pub enum FigureValue {
    /// Written as it should appear (`"3,500+"`).
    Literal(String),
    /// A named stat from report.yaml.
    Stat(String),
}

/// A key figure: a value and what it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureSpec {
    pub value: FigureValue,
    pub label: String,
    pub line: usize,
}

#[derive(Debug, Deserialize)]
struct RawFigure {
    value: Option<Scalar>,
    stat: Option<String>,
    label: Option<String>,
}

/// Parses a `figures` block.
pub fn figures(
    text: &str,
    file: &Path,
    line: usize,
    diagnostics: &mut Diagnostics,
) -> Vec<FigureSpec> {
    let first = line + 1;
    let raw: Vec<yaml::Spanned<BTreeMap<String, IgnoredAny>>> = match yaml::parse(text, file, first)
    {
        Ok(raw) => raw,
        Err(d) => {
            diagnostics.push(d.with_hint("a figures block is a list: each item starts with `- value:` or `- stat:` and has a `label:`"));
            return Vec::new();
        }
    };
    let typed: Vec<RawFigure> = match yaml::parse(text, file, first) {
        Ok(typed) => typed,
        Err(d) => {
            diagnostics.push(d);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (spanned, item) in raw.iter().zip(typed) {
        let item_line = spanned.referenced.line() as usize + first - 1;
        for key in spanned
            .value
            .keys()
            .filter(|k| !["value", "stat", "label"].contains(&k.as_str()))
        {
            diagnostics.push(
                Diagnostic::error(file, format!("a key figure has an unknown key `{key}`"))
                    .at_line(item_line)
                    .with_hint(suggestion_hint(key, ["value", "stat", "label"], "keys")),
            );
        }
        let label = item.label.map(|l| l.trim().to_string()).unwrap_or_default();
        if label.is_empty() {
            diagnostics.push(
                Diagnostic::error(file, "a key figure has no `label`")
                    .at_line(item_line)
                    .with_hint("add `label:` saying what the number counts, for example `label: staff answered the survey`"),
            );
        }
        let value = match (item.value, item.stat) {
            (Some(_), Some(_)) => {
                diagnostics.push(
                    Diagnostic::error(file, "a key figure has both `value` and `stat`")
                        .at_line(item_line)
                        .with_hint("keep `stat:` to compute it from the data, or `value:` to write it yourself"),
                );
                continue;
            }
            (Some(v), None) => FigureValue::Literal(v.text()),
            (None, Some(s)) => FigureValue::Stat(s.trim().to_string()),
            (None, None) => {
                diagnostics.push(
                    Diagnostic::error(file, "a key figure has no `value` or `stat`")
                        .at_line(item_line)
                        .with_hint("add `value: \"3,500+\"` or `stat: responses` (a stat named in report.yaml)"),
                );
                continue;
            }
        };
        out.push(FigureSpec {
            value,
            label,
            line: item_line,
        });
    }
    out
}

/// One date of a `timeline` block.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineItem {
    pub date: crate::source::Date,
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimelineItem {
    date: Scalar,
    label: String,
}

/// Parses a `timeline` block.
pub fn timeline(
    text: &str,
    file: &Path,
    line: usize,
    diagnostics: &mut Diagnostics,
) -> Vec<TimelineItem> {
    let first = line + 1;
    let raw: Vec<yaml::Spanned<RawTimelineItem>> = match yaml::parse(text, file, first) {
        Ok(raw) => raw,
        Err(mut d) => {
            if let Some(field) = crate::source::config::unknown_field(&d.message) {
                d.message = format!("a timeline item has an unknown key `{field}`");
                d.hint = Some(suggestion_hint(&field, ["date", "label"], "keys"));
            }
            diagnostics.push(d);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for item in raw {
        let item_line = item.referenced.line() as usize + first - 1;
        let text = item.value.date.text();
        match crate::source::Date::parse(&text) {
            Some(date) => out.push(TimelineItem {
                date,
                label: item.value.label.trim().to_string(),
            }),
            None => diagnostics.push(
                Diagnostic::error(file, format!("`{text}` is not a date"))
                    .at_line(item_line)
                    .with_hint("write dates as year-month-day, for example `date: 2025-10-04`"),
            ),
        }
    }
    out
}

/// What a stat measures (FORMAT.md section 5).
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// The sum of a column over the filtered rows.
    Sum(String),
    /// The percent of the classified total with this value in this column.
    Share { column: String, value: String },
    /// A single row's value of a column.
    Value(String),
    /// The declaration rate: the percent of people whose answer in this column belongs
    /// to a reporting group (an addition to FORMAT.md section 5).
    Declared(String),
}

/// A named stat of report.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct StatSpec {
    pub name: String,
    pub data: String,
    pub filter: Filter,
    pub measure: Measure,
    /// The latest minus the previous value along this column (for example `year`).
    pub change: Option<String>,
    /// The line of the stat in report.yaml.
    pub line: usize,
}

pub const STAT_KEYS: &[&str] = &[
    "data", "where", "sum", "share", "value", "declared", "change",
];

#[derive(Debug, Deserialize)]
struct RawStat {
    data: Option<String>,
    #[serde(rename = "where", default)]
    filter: BTreeMap<String, OneOrMany>,
    sum: Option<String>,
    share: Option<BTreeMap<String, Scalar>>,
    value: Option<String>,
    declared: Option<String>,
    change: Option<String>,
}

/// Parses the `stats:` of report.yaml (given as parsed JSON values, with the file's text
/// for line numbers).
pub fn stats(
    raw: &BTreeMap<String, serde_json::Value>,
    report_text: &str,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, StatSpec> {
    let file = Path::new("report.yaml");
    let mut out = BTreeMap::new();
    for (name, value) in raw {
        let line = yaml::key_line(report_text, name).unwrap_or(1);
        let serde_json::Value::Object(map) = value else {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("the stat `{name}` is not a block of settings"),
                )
                .at_line(line)
                .with_hint("write it as `{name}: {data: survey, sum: count}`"),
            );
            continue;
        };
        for key in map.keys().filter(|k| !STAT_KEYS.contains(&k.as_str())) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("the stat `{name}` has an unknown key `{key}`"),
                )
                .at_line(line)
                .with_hint(suggestion_hint(
                    key,
                    STAT_KEYS.iter().copied(),
                    "stat keys",
                )),
            );
        }
        let parsed: RawStat = match serde_json::from_value(value.clone()) {
            Ok(parsed) => parsed,
            Err(error) => {
                diagnostics.push(
                    Diagnostic::error(file, format!("the stat `{name}` could not be read: {error}"))
                        .at_line(line)
                        .with_hint("see the stats example: `{data: workforce, where: {grade: SCS}, share: {seb: lower}}`"),
                );
                continue;
            }
        };
        let Some(data) = parsed
            .data
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
        else {
            diagnostics.push(
                Diagnostic::error(file, format!("the stat `{name}` does not say which table it uses"))
                    .at_line(line)
                    .with_hint("add `data:` with a table name, such as `data: workforce` for data/workforce.csv"),
            );
            continue;
        };
        let measures: Vec<Measure> = [
            parsed.sum.map(Measure::Sum),
            parsed.value.map(Measure::Value),
            parsed.declared.map(Measure::Declared),
            parsed.share.and_then(|share| {
                let (column, value) = share.into_iter().next()?;
                Some(Measure::Share {
                    column,
                    value: value.text(),
                })
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        if measures.len() != 1 {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("the stat `{name}` needs exactly one of `sum`, `share`, `value` or `declared`"),
                )
                .at_line(line)
                .with_hint(
                    "for example `sum: count`, `share: {seb: lower}` or `value: median_pay`",
                ),
            );
            continue;
        }
        out.insert(
            name.clone(),
            StatSpec {
                name: name.clone(),
                data,
                filter: filter_of(&parsed.filter),
                measure: measures
                    .into_iter()
                    .next()
                    .unwrap_or(Measure::Sum(String::new())),
                change: parsed
                    .change
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
                line,
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_parse_with_defaults() {
        let mut d = Diagnostics::new();
        let spec = chart(
            "type: stacked-bar\ntitle: T\ndata: workforce\nwhere: {year: 2025, grade: [EO, SCS]}\nx: grade\ngroup: seb\nbenchmark: {lower: 39}\n",
            Path::new("p.md"),
            10,
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(spec.kind, Kind::StackedBar);
        assert_eq!(spec.show, Show::Share);
        assert_eq!(spec.filter["year"], ["2025"]);
        assert_eq!(spec.filter["grade"], ["EO", "SCS"]);
        assert_eq!(spec.benchmark, [("lower".to_string(), 39.0)]);
    }

    #[test]
    fn chart_typos_are_errors_at_their_line() {
        let mut d = Diagnostics::new();
        let spec = chart(
            "type: pie\ntitle: T\ndata: w\nx: g\ngruop: seb\n",
            Path::new("p.md"),
            10,
            &mut d,
        );
        assert!(spec.is_none());
        let all = d.sorted();
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(all[0].line, Some(11));
        assert!(all[0].message.contains("pie"));
        assert_eq!(all[1].line, Some(15));
        assert!(all[1].hint.as_deref().unwrap_or_default().contains("group"));
    }

    #[test]
    fn figures_and_timelines() {
        let mut d = Diagnostics::new();
        let f = figures(
            "- value: \"3,500+\"\n  label: staff\n- stat: responses\n  label: responses\n- label: none\n",
            Path::new("p.md"),
            1,
            &mut d,
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].value, FigureValue::Stat("responses".into()));
        assert_eq!(d.sorted()[0].line, Some(6));
        let mut d = Diagnostics::new();
        let t = timeline(
            "- {date: 2019-04-01, label: Open}\n- {date: 2019-13-01, label: Bad}\n",
            Path::new("p.md"),
            1,
            &mut d,
        );
        assert_eq!(t.len(), 1);
        assert_eq!(d.sorted()[0].line, Some(3));
    }

    #[test]
    fn stats_parse() {
        let text = "stats:\n  responses: {data: survey, sum: count}\n  lower: {data: workforce, where: {year: 2025}, share: {seb: lower}, change: year}\n  bad: {data: x}\n";
        #[derive(Deserialize)]
        struct R {
            stats: BTreeMap<String, serde_json::Value>,
        }
        let r: R = yaml::parse(text, Path::new("report.yaml"), 1).unwrap();
        let mut d = Diagnostics::new();
        let s = stats(&r.stats, text, &mut d);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s["lower"].measure,
            Measure::Share {
                column: "seb".into(),
                value: "lower".into()
            }
        );
        assert_eq!(s["lower"].change.as_deref(), Some("year"));
        assert_eq!(d.sorted()[0].line, Some(4));
    }
}
