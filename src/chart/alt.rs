//! Generated alt text for a chart: one sentence of about 125 characters naming the chart
//! type, the measure and the main pattern, built only from published values (withheld
//! values are gaps and carry no number). Also the one place that formats a plotted value,
//! so the chart labels, its axis and its description agree.
//!
//! Which pattern is described:
//! - bar, stacked bar, grouped bar: the highest and lowest category of the *last* series
//!   (the series a report cares most about is not known; by convention the group of
//!   interest, such as lower socio-economic background, comes last);
//! - line: the change from the first to the last published point, for the last series
//!   and then the first (at most two);
//! - diverging: the categories with the highest and lowest combined positive share (the
//!   second half of the answer categories, without the neutral middle one).

use super::plot::{Kind, Mark, Plot, Unit};
use crate::format;

/// The aimed-for length, in characters.
const AIM: usize = 160;
/// The hard ceiling, in characters.
const MAX: usize = 200;

/// The alt text for `plot`: about 125 characters, never more than 200.
pub fn alt_text(plot: &Plot) -> String {
    let head = heading(plot);
    let any_published = plot
        .series
        .iter()
        .any(|s| s.marks.iter().any(|m| published(m).is_some()));
    if plot.categories.is_empty() || plot.series.is_empty() {
        return fit(vec![vec![format!("{head}: no data to show.")]]);
    }
    if !any_published {
        return fit(vec![vec![format!("{head}: every value is withheld.")]]);
    }
    let withheld = plot
        .series
        .iter()
        .any(|s| s.marks.iter().any(|m| published(m).is_none()));
    let patterns = match plot.kind {
        Kind::Line => line_patterns(plot),
        Kind::Diverging => diverging_patterns(plot),
        Kind::Bar | Kind::StackedBar | Kind::GroupedBar => extreme_patterns(plot),
    };
    let mut levels = Vec::new();
    for pattern in &patterns {
        let mut level = Vec::new();
        if withheld {
            level.push(format!("{head}: {pattern}; some values withheld."));
        }
        level.push(format!("{head}: {pattern}."));
        levels.push(level);
    }
    levels.push(vec![format!("{head}.")]);
    fit(levels)
}

/// A published value: a finite `Mark::Value`.
pub(crate) fn published(mark: &Mark) -> Option<f64> {
    mark.value().filter(|v| v.is_finite())
}

/// `value` as shown in this plot's unit: `44%` (report precision), `3,512`, `1,234.5`.
pub fn value_text(plot: &Plot, value: f64) -> String {
    format_value(plot.unit, value, plot.percent_decimals)
}

/// `value` in `unit`; `percent_decimals` applies to percentages only.
pub(crate) fn format_value(unit: Unit, value: f64, percent_decimals: usize) -> String {
    match unit {
        Unit::Percent => format::percent(value, percent_decimals),
        Unit::Count if value >= 0.0 && value.fract() == 0.0 && value < 1e15 => {
            format::count(value as u64)
        }
        Unit::Count | Unit::Value => format::number(value, decimals_of(value)),
    }
}

/// The fewest decimals (at most 2) that show `value` as it is.
pub(crate) fn decimals_of(value: f64) -> usize {
    (0..2)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            ((value * scale).round() / scale - value).abs() <= 1e-9 * value.abs().max(1.0)
        })
        .unwrap_or(2)
}

/// "Stacked bar chart of share of staff by grade".
fn heading(plot: &Plot) -> String {
    let mut head = capitalise(plot.kind.words());
    // The measure sits mid-sentence: "Bar chart of number of people by grade".
    let measure = lower_first(&one_line(&plot.value_label));
    if !measure.is_empty() {
        head.push_str(" of ");
        head.push_str(&measure);
    }
    let by = one_line(&plot.category_label);
    if !by.is_empty() {
        head.push_str(" by ");
        head.push_str(&by);
    }
    head
}

/// Patterns for bar kinds, most detailed first: highest and lowest of the last series
/// with anything published.
fn extreme_patterns(plot: &Plot) -> Vec<String> {
    let Some(index) = plot
        .series
        .iter()
        .rposition(|s| s.marks.iter().any(|m| published(m).is_some()))
    else {
        return Vec::new();
    };
    let series = &plot.series[index];
    let subject = if plot.series.len() > 1 {
        format!("{} ", one_line(&series.name))
    } else {
        String::new()
    };
    let values: Vec<Option<f64>> = (0..plot.categories.len())
        .map(|i| series.marks.get(i).and_then(published))
        .collect();
    extremes_sentences(plot, &subject, &values, "at", "at")
}

/// "Lower highest at AA/AO (44%) and lowest at SCS (15%)", then shorter forms.
fn extremes_sentences(
    plot: &Plot,
    subject: &str,
    values: &[Option<f64>],
    high_word: &str,
    low_word: &str,
) -> Vec<String> {
    let Some((high, low, count)) = extremes(values) else {
        return Vec::new();
    };
    let cat = |i: usize| category(plot, i);
    let (hv, lv) = (value_text(plot, high.1), value_text(plot, low.1));
    if count == 1 {
        return vec![format!("{subject}{hv} {high_word} {}", cat(high.0))];
    }
    if hv == lv {
        let what = match one_line(&plot.category_label) {
            w if w.is_empty() => "category".to_string(),
            w => w,
        };
        return vec![format!("{subject}{hv} for every {what} shown")];
    }
    vec![
        format!(
            "{subject}highest {high_word} {} ({hv}) and lowest {low_word} {} ({lv})",
            cat(high.0),
            cat(low.0)
        ),
        format!("{subject}highest {high_word} {} ({hv})", cat(high.0)),
        format!(
            "{subject}highest {high_word} {} ({hv})",
            shorten(&cat(high.0), 40)
        ),
    ]
}

/// A category index and its value.
type Point = (usize, f64);

/// The highest and the lowest published value (first one on ties), and how many values
/// are published.
fn extremes(values: &[Option<f64>]) -> Option<(Point, Point, usize)> {
    let mut high: Option<Point> = None;
    let mut low: Option<Point> = None;
    let mut count = 0;
    for (i, v) in values.iter().enumerate() {
        let Some(v) = *v else { continue };
        count += 1;
        if high.is_none_or(|(_, h)| v > h) {
            high = Some((i, v));
        }
        if low.is_none_or(|(_, l)| v < l) {
            low = Some((i, v));
        }
    }
    Some((high?, low?, count))
}

/// Line charts: the change from the first to the last published point of the last
/// series, then of the first series.
fn line_patterns(plot: &Plot) -> Vec<String> {
    let mut chosen = Vec::new();
    if let Some(last) = plot.series.len().checked_sub(1) {
        chosen.push(last);
        if last > 0 {
            chosen.push(0);
        }
    }
    let trends: Vec<String> = chosen.iter().filter_map(|&i| trend(plot, i)).collect();
    let mut out = Vec::new();
    if trends.len() > 1 {
        out.push(trends.join("; "));
    }
    if let Some(first) = trends.first() {
        out.push(first.clone());
    }
    out
}

/// "Lower rose from 13% in 2023 to 15% in 2025".
fn trend(plot: &Plot, index: usize) -> Option<String> {
    let series = plot.series.get(index)?;
    let points: Vec<(usize, f64)> = (0..plot.categories.len())
        .filter_map(|i| series.marks.get(i).and_then(published).map(|v| (i, v)))
        .collect();
    let (&(i0, v0), &(i1, v1)) = (points.first()?, points.last()?);
    let name = one_line(&series.name);
    let subject = if name.is_empty() && plot.series.len() == 1 {
        String::new()
    } else {
        format!("{name} ")
    };
    let (t0, t1) = (value_text(plot, v0), value_text(plot, v1));
    let (c0, c1) = (category(plot, i0), category(plot, i1));
    Some(if i0 == i1 {
        format!("{subject}{t1} in {c1}")
    } else if t0 == t1 {
        format!("{subject}unchanged at {t1} from {c0} to {c1}")
    } else if v1 > v0 {
        format!("{subject}rose from {t0} in {c0} to {t1} in {c1}")
    } else {
        format!("{subject}fell from {t0} in {c0} to {t1} in {c1}")
    })
}

/// Diverging charts: categories with the highest and lowest combined positive share,
/// counting only categories where every positive answer is published.
fn diverging_patterns(plot: &Plot) -> Vec<String> {
    let n = plot.series.len();
    let positive = (n.div_ceil(2))..n;
    if positive.is_empty() {
        return extreme_patterns(plot);
    }
    let sums: Vec<Option<f64>> = (0..plot.categories.len())
        .map(|i| {
            positive
                .clone()
                .map(|s| plot.series[s].marks.get(i).and_then(published))
                .sum::<Option<f64>>()
        })
        .collect();
    let sentences = extremes_sentences(plot, "positive answers ", &sums, "for", "for");
    if sentences.is_empty() {
        return vec!["positive answers withheld".to_string()];
    }
    sentences
}

/// Chooses among candidate sentences grouped in levels, most informative level first:
/// the first level with a variant within the ceiling wins, and within it the first variant
/// within the aim (else the first within the ceiling). When nothing fits, the last
/// candidate is cut at a word boundary.
fn fit(levels: Vec<Vec<String>>) -> String {
    let len = |s: &&String| s.chars().count();
    for level in &levels {
        if let Some(c) = level.iter().find(|c| len(c) <= AIM) {
            return c.clone();
        }
        if let Some(c) = level.iter().find(|c| len(c) <= MAX) {
            return c.clone();
        }
    }
    let last = levels.iter().flatten().last().cloned().unwrap_or_default();
    shorten(&last, MAX)
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => cut[..space].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':']))
}

fn category(plot: &Plot, index: usize) -> String {
    plot.categories
        .get(index)
        .map(|c| one_line(c))
        .unwrap_or_default()
}

/// Whitespace (including line breaks) and control characters collapsed to single spaces.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text with its first letter in lower case, unless the first word is an acronym
/// (`SCS`) or a name kept in capitals.
fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or_default();
    if first_word.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::chart::plot::{Benchmark, Series};

    fn series(name: &str, colour: &str, marks: Vec<Mark>) -> Series {
        Series {
            name: name.to_string(),
            colour: colour.to_string(),
            marks,
        }
    }

    fn v(x: f64) -> Mark {
        Mark::Value(x)
    }

    fn gap() -> Mark {
        Mark::Gap("[c]".to_string())
    }

    /// One sample plot of each kind, shared with the drawing tests.
    pub(crate) fn samples() -> Vec<Plot> {
        let grades: Vec<String> = ["AA/AO", "EO", "HEO/SEO", "Grade 6/7", "SCS"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let workforce = Benchmark {
            label: "UK workforce".to_string(),
            value: 39.0,
        };
        vec![
            Plot {
                kind: Kind::Bar,
                title: "Lower socio-economic background staff by grade".to_string(),
                category_label: "grade".to_string(),
                value_label: "share of staff from lower backgrounds".to_string(),
                categories: grades.clone(),
                series: vec![series(
                    "Lower socio-economic",
                    "#12436D",
                    vec![v(44.0), v(37.2), v(29.0), gap(), v(15.0)],
                )],
                unit: Unit::Percent,
                percent_decimals: 0,
                benchmarks: vec![workforce.clone()],
            },
            Plot {
                kind: Kind::StackedBar,
                title: "Lower socio-economic background staff become rarer at every grade"
                    .to_string(),
                category_label: "grade".to_string(),
                value_label: "share of staff".to_string(),
                categories: grades.clone(),
                series: vec![
                    series(
                        "Professional",
                        "#12436D",
                        vec![v(33.0), v(40.0), v(48.0), v(55.0), v(72.0)],
                    ),
                    series(
                        "Intermediate",
                        "#28A197",
                        vec![v(23.0), v(22.0), v(21.0), gap(), gap()],
                    ),
                    series(
                        "Lower socio-economic",
                        "#F46A25",
                        vec![v(44.0), v(38.0), v(31.0), v(25.0), v(15.0)],
                    ),
                ],
                unit: Unit::Percent,
                percent_decimals: 0,
                benchmarks: vec![workforce.clone()],
            },
            Plot {
                kind: Kind::GroupedBar,
                title: "Promotion rates are lower for staff from lower backgrounds".to_string(),
                category_label: "grade".to_string(),
                value_label: "promotion rate".to_string(),
                categories: grades[..4].to_vec(),
                series: vec![
                    series("Higher", "#12436D", vec![v(12.5), v(9.0), v(7.25), v(5.0)]),
                    series("Lower", "#F46A25", vec![v(10.0), gap(), v(6.0), v(3.5)]),
                ],
                unit: Unit::Percent,
                percent_decimals: 1,
                benchmarks: vec![Benchmark {
                    label: "All staff 8.1%".to_string(),
                    value: 8.1,
                }],
            },
            Plot {
                kind: Kind::Line,
                title: "The share of lower background staff is rising slowly".to_string(),
                category_label: "year".to_string(),
                value_label: "share of staff".to_string(),
                categories: ["2021", "2022", "2023", "2024", "2025"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                series: vec![
                    series(
                        "Professional",
                        "#12436D",
                        vec![v(61.0), v(60.0), v(58.0), v(57.0), v(56.0)],
                    ),
                    series(
                        "Intermediate",
                        "#28A197",
                        vec![v(26.0), v(27.0), gap(), v(28.0), v(29.0)],
                    ),
                    series(
                        "Lower",
                        "#801650",
                        vec![gap(), v(13.0), v(14.0), v(14.0), v(15.0)],
                    ),
                ],
                unit: Unit::Percent,
                percent_decimals: 0,
                benchmarks: vec![workforce],
            },
            Plot {
                kind: Kind::Diverging,
                title: "Staff from lower backgrounds feel less able to progress".to_string(),
                category_label: "statement".to_string(),
                value_label: "share of respondents".to_string(),
                categories: [
                    "I feel valued for the work I do",
                    "I can progress in my career here",
                    "I would recommend this organisation as a great place to work",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
                series: vec![
                    series(
                        "Strongly disagree",
                        "#801650",
                        vec![v(6.0), v(12.0), v(5.0)],
                    ),
                    series("Disagree", "#D18BB0", vec![v(12.0), v(21.0), v(10.0)]),
                    series("Neither", "#BFC1C3", vec![v(20.0), v(27.0), gap()]),
                    series("Agree", "#6BACE6", vec![v(42.0), v(30.0), v(45.0)]),
                    series("Strongly agree", "#12436D", vec![v(20.0), v(10.0), v(25.0)]),
                ],
                unit: Unit::Percent,
                percent_decimals: 0,
                benchmarks: Vec::new(),
            },
        ]
    }

    fn sample(kind: Kind) -> Plot {
        samples()
            .into_iter()
            .find(|p| p.kind == kind)
            .unwrap_or_else(|| panic!("no sample for {kind:?}"))
    }

    fn assert_length(text: &str) {
        let n = text.chars().count();
        assert!(n <= MAX, "{n} characters: {text}");
        assert!(n >= 40, "{n} characters: {text}");
    }

    #[test]
    fn every_kind_is_described_within_bounds() {
        for plot in samples() {
            let text = alt_text(&plot);
            assert_length(&text);
            assert!(text.starts_with(&capitalise(plot.kind.words())), "{text}");
            assert!(text.ends_with('.'), "{text}");
        }
    }

    #[test]
    fn bar_names_highest_and_lowest() {
        let text = alt_text(&sample(Kind::Bar));
        assert_eq!(
            text,
            "Bar chart of share of staff from lower backgrounds by grade: highest at AA/AO \
             (44%) and lowest at SCS (15%); some values withheld."
        );
    }

    #[test]
    fn stacked_describes_the_last_series() {
        let text = alt_text(&sample(Kind::StackedBar));
        assert_eq!(
            text,
            "Stacked bar chart of share of staff by grade: Lower socio-economic highest at \
             AA/AO (44%) and lowest at SCS (15%); some values withheld."
        );
    }

    #[test]
    fn grouped_uses_report_precision() {
        let text = alt_text(&sample(Kind::GroupedBar));
        assert!(
            text.contains("Lower highest at AA/AO (10.0%) and lowest at Grade 6/7 (3.5%)"),
            "{text}"
        );
    }

    #[test]
    fn line_describes_change_for_two_series() {
        let text = alt_text(&sample(Kind::Line));
        assert_eq!(
            text,
            "Line chart of share of staff by year: Lower rose from 13% in 2022 to 15% in 2025; \
             Professional fell from 61% in 2021 to 56% in 2025; some values withheld."
        );
        let mut single = sample(Kind::Line);
        single.series.truncate(1);
        single.series[0].marks = vec![v(13.0), gap(), v(13.2), v(14.0), v(13.0)];
        assert_eq!(
            alt_text(&single),
            "Line chart of share of staff by year: Professional unchanged at 13% from 2021 to \
             2025; some values withheld."
        );
    }

    #[test]
    fn diverging_names_most_and_least_positive() {
        let mut plot = sample(Kind::Diverging);
        let text = alt_text(&plot);
        // Too long with both long statements: the highest is kept.
        assert_eq!(
            text,
            "Diverging bar chart of share of respondents by statement: positive answers highest \
             for I would recommend this organisation as a great place to work (70%)."
        );
        plot.categories = vec!["Valued".into(), "Can progress".into(), "Recommend".into()];
        let text = alt_text(&plot);
        assert!(
            text.contains(
                "positive answers highest for Recommend (70%) and lowest for Can progress (40%)"
            ),
            "{text}"
        );
        assert_length(&text);
    }

    #[test]
    fn everything_withheld_says_so() {
        let mut plot = sample(Kind::StackedBar);
        for s in &mut plot.series {
            for m in &mut s.marks {
                *m = gap();
            }
        }
        assert_eq!(
            alt_text(&plot),
            "Stacked bar chart of share of staff by grade: every value is withheld."
        );
    }

    #[test]
    fn long_labels_are_shortened_to_the_ceiling() {
        let mut plot = sample(Kind::Bar);
        plot.categories[0] = "A very long grade name ".repeat(12);
        plot.value_label = "share of staff from lower socio-economic backgrounds".to_string();
        let text = alt_text(&plot);
        assert_length(&text);
    }

    #[test]
    fn counts_and_values_are_formatted() {
        assert_eq!(format_value(Unit::Count, 3512.0, 0), "3,512");
        assert_eq!(format_value(Unit::Value, 1234.5, 0), "1,234.5");
        assert_eq!(format_value(Unit::Value, 28_000.0, 0), "28,000");
        assert_eq!(format_value(Unit::Percent, 12.345, 1), "12.3%");
        assert_eq!(decimals_of(0.25), 2);
    }
}
