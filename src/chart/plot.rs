//! What a chart draws, after the data has been aggregated and passed through disclosure
//! control: categories, series and one mark per (series, category). Withheld values
//! arrive as gaps carrying only their symbol, never a number.

/// The chart types of FORMAT.md section 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bar,
    StackedBar,
    GroupedBar,
    Line,
    Diverging,
}

impl Kind {
    pub const NAMES: &'static [&'static str] =
        &["bar", "stacked-bar", "grouped-bar", "line", "diverging"];

    pub fn parse(name: &str) -> Option<Kind> {
        match name.trim() {
            "bar" => Some(Kind::Bar),
            "stacked-bar" => Some(Kind::StackedBar),
            "grouped-bar" => Some(Kind::GroupedBar),
            "line" => Some(Kind::Line),
            "diverging" => Some(Kind::Diverging),
            _ => None,
        }
    }

    /// In words, for alt text: "bar chart".
    pub fn words(self) -> &'static str {
        match self {
            Kind::Bar => "bar chart",
            Kind::StackedBar => "stacked bar chart",
            Kind::GroupedBar => "grouped bar chart",
            Kind::Line => "line chart",
            Kind::Diverging => "diverging bar chart",
        }
    }
}

/// What the numbers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Numbers of people.
    Count,
    /// Percentages, 0 to 100.
    Percent,
    /// Values as they are in the table (pay, a score).
    Value,
}

/// One plotted value, or the reason there is none.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Value(f64),
    /// Nothing is drawn; the symbol (`[c]`, `[x]`, …) is shown in its place.
    Gap(String),
}

impl Mark {
    pub fn value(&self) -> Option<f64> {
        match self {
            Mark::Value(v) => Some(*v),
            Mark::Gap(_) => None,
        }
    }
}

/// A series (one group, such as "Lower socio-economic"), with its colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// `#RRGGBB`, from the report-wide palette (one colour per group everywhere).
    pub colour: String,
    /// One mark per category, in category order.
    pub marks: Vec<Mark>,
}

/// A labelled reference line, in the chart's unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    pub label: String,
    pub value: f64,
}

/// Everything needed to draw a chart and describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    pub kind: Kind,
    /// The title (shown as a heading in the page, and the SVG `<title>`).
    pub title: String,
    /// What the categories are, in words ("grade", "year").
    pub category_label: String,
    /// What the values are, in words ("share of staff", "number of staff").
    pub value_label: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub unit: Unit,
    /// Decimal places for percentages (report-wide).
    pub percent_decimals: usize,
    pub benchmarks: Vec<Benchmark>,
}

/// The Analysis Function categorical palette, in order (DOMAIN.md).
pub const PALETTE: &[&str] = &[
    "#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1",
];
/// The palette for exactly two series.
pub const TWO_SERIES: &[&str] = &["#12436D", "#F46A25"];
